// bazaar-bench answers COURSE.yaml --learner NAME [--skill 0.7] [--lang zh] [--seed N]
// Prints the lines a learner of that skill would type to `bazaar start COURSE --learner NAME`
// from the first lesson to the last: Enter for narrative and live steps; for a question, the
// right answer (as this learner sees the question: same seed as the runner) with probability
// `skill`, else a plausible wrong one (an author's wrong example when there is one), again while
// attempts remain; now and then a hint first. Used by scripts/make-sample-transcripts.
import BazaarKit
import Foundation

func scriptedLearnerMain(_ args: [String]) -> Never {
  func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
  }
  guard let path = args.first(where: { $0.hasSuffix(".yaml") }), let name = option("--learner"),
    let learner = try? LearnerName(name)
  else {
    FileHandle.standardError.write(Data("usage: bazaar-bench answers COURSE.yaml --learner NAME [--skill 0.7] [--lang zh] [--seed N]\n".utf8))
    exit(2)
  }
  let loaded = CourseLoader.load(path: path)
  guard let course = loaded.course else {
    FileHandle.standardError.write(Data("\(path) does not load\n".utf8))
    exit(2)
  }
  let lexicons = LexiconLibrary().resolve(loaded, coursePath: path).0
  let skill = Double(option("--skill") ?? "") ?? 0.7
  let language = option("--lang") ?? course.languages.first ?? "zh"
  var rng = SeededRandom(seed: "scripted", name, option("--seed") ?? "1")
  let seed = Training.seed(learner: learner, course: course)
  var lines: [String] = []
  for lesson in course.lessons {
    for step in lesson.steps {
      guard case .question(let q) = step.content else {
        lines.append("")
        continue
      }
      let p = Presentation(q, seed: seed)
      func grade(_ s: String) -> Grade { Grader.grade(s, for: p, lexicons: lexicons, courseLexicons: course.lexicons) }
      var right: String?
      switch q.kind {
      case .choice(let key):
        right = p.order.enumerated().filter { key.options[$0.element].correct }.map { Presentation.letter($0.offset) }
          .joined(separator: " ")
      default:
        right = p.correctAnswer(language, fallback: course.languages)
      }
      let wrongs = (q.wrongExamples.map(\.text) + ["不知道", "1", "A"]).filter { w in
        let g = grade(w)
        return !g.invalid && g.score < 1
      }
      if rng.unit() < 0.15, !q.hints.isEmpty { lines.append(":hint") }
      let allowed = LessonSession.allowedAttempts(q, policy: course.policy)
      let attempts = allowed == 0 ? 3 : allowed
      var done = false
      for attempt in 0..<attempts where !done {
        if let right, rng.unit() < skill + Double(attempt) * 0.1, grade(right).score >= 1 {
          lines.append(right)
          done = true
        } else if let wrong = wrongs[safe: rng.int(in: 0...max(0, wrongs.count - 1))] {
          lines.append(wrong)
        } else {
          lines.append(course.policy.allowSkip ? ":skip" : (right ?? ""))
          done = true
        }
      }
    }
  }
  print(lines.joined(separator: "\n"))
  exit(0)
}
