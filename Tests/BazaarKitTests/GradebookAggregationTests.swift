import Foundation
import Testing

@testable import BazaarKit

/// The pieces `bazaar grade` folds learners with: the lesson matrix's cells and standing, the
/// bounded answer tallies, the free-text comparison by hash, and the per-variant statistics.
/// Expected values are worked out by hand from the inputs.
@Suite("grade: folding learners")
struct GradebookAggregationTests {
  static func sampler() throws -> Course {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return try #require(CourseLoader.load(path: root.appendingPathComponent("courses/sampler.yaml").path).course)
  }

  static func answered(_ score: Double, attempts: Int = 1, finished: Bool = true) -> QuestionProgress {
    var q = QuestionProgress()
    q.attempts = attempts
    q.bestScore = score
    q.lastScore = score
    q.finished = finished
    q.right = score >= 1
    return q
  }

  @Test("lesson cells: passed and failed against the pass mark, begun, not started, waiting for a live show; standing from them")
  func lessonCells() throws {
    let course = try Self.sampler()
    #expect(course.policy.passScore == 0.6)
    #expect(course.lessons.map(\.id) == ["pricing", "listing", "live-room"])
    var p = CourseProgress(courseVersion: course.version, courseDigest: course.digest)
    let day = Date(timeIntervalSince1970: 1_800_000_000)
    // pricing completed at 0.5 (under 0.6): failed, whatever its questions say now.
    p.lessonsCompleted["pricing"] = LessonCompletion(score: 0.5, completed: day)
    // listing: one question answered (full marks), not completed: begun, 100% so far.
    p.questions["taobao-title-chars"] = Self.answered(1)
    var cells = Aggregator.lessonCells(course, p)
    #expect(cells.map(\.status) == [.failed, .inProgress, .notStarted])
    #expect(cells[0].score == 0.5)
    #expect(cells[1].score == 1 && cells[1].answered == 1)
    #expect(cells[2].score == nil && cells[2].answered == 0)
    #expect(Aggregator.standing(cells) == .failing)

    // Exactly the pass mark passes (the runner's rule, Policy.passes).
    p.lessonsCompleted["pricing"] = LessonCompletion(score: 0.6, completed: day)
    cells = Aggregator.lessonCells(course, p)
    #expect(cells[0].status == .passed)
    #expect(Aggregator.standing(cells) == .unfinished)
    #expect(Aggregator.standing(cells).needsHelp)

    // A completed lesson whose live show has not run yet is not passed yet.
    p.lessonsCompleted["listing"] = LessonCompletion(score: 0.9, completed: day)
    p.lessonsCompleted["live-room"] = LessonCompletion(score: 1, completed: day, awaitingLive: ["live-kuqa-jujube"])
    cells = Aggregator.lessonCells(course, p)
    #expect(cells.map(\.status) == [.passed, .passed, .awaitingLive])
    #expect(Aggregator.standing(cells) == .unfinished)
    // Under the pass mark with its live show still to run: failed (the show won't change the score).
    p.lessonsCompleted["live-room"] = LessonCompletion(score: 0.4, completed: day, awaitingLive: ["live-kuqa-jujube"])
    #expect(Aggregator.lessonCells(course, p)[2].status == .failed)
    p.lessonsCompleted["live-room"] = LessonCompletion(score: 1, completed: day)
    cells = Aggregator.lessonCells(course, p)
    #expect(Aggregator.standing(cells) == .passed)
    #expect(!Aggregator.standing(cells).needsHelp)
  }

  @Test("answer tally: same key counted together and shown in its commonest form; mean score; ties by text; capped")
  func answerTally() {
    var t = AnswerTally()
    t.add(shown: "20%", key: "choice:0", score: 1)
    t.add(shown: "20 %", key: "choice:0", score: 1)
    t.add(shown: "20%", key: "choice:0", score: 0.5)
    t.add(shown: "25%", key: "choice:1", score: 0)
    t.add(shown: "80%", key: "choice:2", score: 0)
    let f = t.frequencies(limit: 10)
    #expect(f.map(\.answer) == ["20%", "25%", "80%"])
    #expect(f.map(\.count) == [3, 1, 1])
    #expect(abs(f[0].score - 2.5 / 3) < 1e-12)
    #expect(t.frequencies(limit: 2).count == 2)

    // Past the cap, new answers are counted as others; known ones still count.
    var capped = AnswerTally()
    for i in 0..<AnswerTally.maximumDistinct { capped.add(shown: "a\(i)", key: nil, score: 0) }
    capped.add(shown: "new", key: nil, score: 1)
    capped.add(shown: "a0", key: nil, score: 1)
    #expect(capped.others == 1)
    #expect(capped.frequencies(limit: 1).first?.answer == "a0")
    #expect(capped.frequencies(limit: 1).first?.count == 2)
  }

  @Test("free text: the same long answer from two learners is one flag naming both; one learner twice, or two questions, is none")
  func freeText() {
    var index = FreeTextIndex()
    let pitch = "新疆若羌灰枣，今天直播间下单包邮，七天无理由退货"
    index.add(where: "livestream/pitch-1", answer: pitch, learner: "阿依古丽", transcript: 0)
    index.add(where: "livestream/pitch-1", answer: pitch, learner: "阿依古丽", transcript: 1)  // her retake
    index.add(where: "livestream/pitch-2", answer: pitch, learner: "买买提", transcript: 2)  // another question
    #expect(index.flags(paths: { "t\($0).jsonl" }).isEmpty)
    index.add(where: "livestream/pitch-1", answer: pitch, learner: "热依拉", transcript: 3)
    let flags = index.flags(paths: { "t\($0).jsonl" })
    #expect(flags.count == 1)
    #expect(flags.first?.kind == .identicalAnswers)
    #expect(flags.first?.learners == ["热依拉", "阿依古丽"].sorted())
    #expect(flags.first?.paths == ["t0.jsonl", "t3.jsonl"])
    #expect(flags.first?.detail.hasPrefix("livestream/pitch-1: “新疆若羌灰枣") == true)
  }

  @Test("calc variants: n, facility and SD per set of values, most seen first; a question seen in one variant only is left out")
  func variants() {
    func r(_ learner: String, _ item: String, _ score: Double, _ v: String) -> ItemResponse {
      var x = ItemResponse(learner: learner, item: item, firstScore: score)
      x.variant = v
      return x
    }
    let responses = [
      r("A", "q", 1, "price=44.9"), r("B", "q", 0, "price=44.9"), r("C", "q", 1, "price=44.9"),
      r("D", "q", 1, "price=59.9"), r("E", "q", 1, "price=59.9"),
      r("F", "solo", 1, "price=10"), r("G", "solo", 0, "price=10"),
    ]
    let stats = CalcVariants.statistics(course: "pricing", items: ["q", "solo"], responses: responses)
    #expect(stats.count == 1)
    let q = stats.first
    #expect(q?.question == "q")
    #expect(q?.variants.map(\.values) == ["price=44.9", "price=59.9"])
    #expect(q?.variants.map(\.n) == [3, 2])
    #expect(abs((q?.variants.first?.facility ?? 0) - 2.0 / 3) < 1e-12)
    // Scores 1, 0, 1: mean 2/3, squares (1/9 + 4/9 + 1/9) / 2 = 1/3.
    #expect(abs((q?.variants.first?.standardDeviation ?? 0) - (1.0 / 3).squareRoot()) < 1e-12)
    #expect(q?.variants.last?.standardDeviation == 0)
  }
}

@Suite("grade: standing in words")
struct StandingWordsTests {
  @Test("only live shows left says so, in English and Chinese; lessons not begun say how many are not done")
  func liveOnly() {
    var row = GradebookRow(learner: "Dilnur", course: "livestream", lessonsTotal: 3)
    row.lessons = [
      LessonCell(lesson: "a", status: .passed, score: 0.9), LessonCell(lesson: "b", status: .awaitingLive, score: 0.8),
      LessonCell(lesson: "c", status: .awaitingLive, score: 0.7),
    ]
    row.standing = .unfinished
    #expect(GradebookView.standingText(row, .english) == "… questions done; 2 live session(s) still to run")
    #expect(GradebookView.standingText(row, MessageCatalog.load(language: "zh")) == "… 题都做完了，还差 2 场直播演练")
    row.lessons[2].status = .notStarted
    #expect(GradebookView.standingText(row, .english) == "… 2 of 3 lessons not done")
  }
}
