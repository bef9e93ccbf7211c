import Foundation

/// `bazaar progress`: learners' courses, lessons done, scores and what to review, in the
/// learner's language, with lesson and question titles rather than ids.
public enum ProgressReport {
  /// The documented JSON view (docs/progress-format.md, "`bazaar progress --json`"): one object
  /// per learner, numbered as the learner menu numbers them; scores to 4 decimals.
  /// With `now`, each course with review cards says how many there are and how many are due.
  public static func json(_ all: [LearnerProgress], courses: [String: Course] = [:], now: Date? = nil) -> String {
    var learners: [Any] = []
    for (i, p) in all.enumerated() {
      var courseViews: [String: Any] = [:]
      for (id, saved) in p.courses {
        let course = courses[id]
        var cp = saved
        if let course { cp.migrateLegacyQuestions(in: course) }
        let policies = course?.policiesByQuestion() ?? [:]
        var questions: [String: Any] = [:]
        for (qid, q) in cp.questions {
          let policy = policies[qid] ?? course?.policy ?? Policy()
          let st = q.state
          var v: [String: Any] = [
            "outcome": st.outcome.rawValue, "attempts": st.attempts, "hints_used": st.hintsUsed, "score": round4(st.score(policy)),
          ]
          if let a = q.lastAnswer { v["last_answer"] = a }
          questions[qid] = v
        }
        var lessons: [String: Any] = [:]
        for (lid, l) in cp.lessonsCompleted {
          var v: [String: Any] = ["score": round4(l.score), "completed": ISOTime.string(l.completed), "done": l.awaitingLive.isEmpty]
          if !l.awaitingLive.isEmpty { v["awaiting_live"] = l.awaitingLive }
          if let t = l.timeMs { v["time_ms"] = t }
          lessons[lid] = v
        }
        var view: [String: Any] = [
          "lessons_completed": lessons, "questions": questions, "time_spent_ms": cp.timeSpentMs,
          "lessons_done": lessons.values.filter { (($0 as? [String: Any])?["done"] as? Bool) == true }.count,
        ]
        if let course {
          view["title"] = course.title.text(course.languages.first ?? "en", fallback: course.languages)
          view["lessons_total"] = course.lessons.count
          view["questions_total"] = course.questions.count
          view["score"] = round4(cp.score(in: course))
        }
        if let pos = cp.position { view["position"] = ["lesson": pos.lesson, "step": pos.step] }
        if let now, let course, !cp.review.isEmpty || cp.reviewsDone > 0 {
          let theirs = (try? LearnerName(p.learner)).map { course.drawn(seed: Training.seed(learner: $0, course: course)) } ?? course
          let counts = ReviewQueue.counts(cp, course: theirs, now: now)
          view["review"] = [
            "cards": ReviewQueue.cards(cp, course: theirs).count, "due_now": counts.now, "due_within_7_days": counts.within,
            "reviews_done": cp.reviewsDone, "reviews_recalled": cp.reviewsRecalled,
          ]
        }
        courseViews[id] = view
      }
      let sessions = p.sessions.map { s -> [String: Any] in
        var v: [String: Any] = [
          "id": s.id, "kind": s.kind, "course": s.course, "score": round4(s.score), "started": ISOTime.string(s.started),
          "ended": ISOTime.string(s.ended),
        ]
        if let sc = s.scenario { v["scenario"] = sc }
        if let r = s.reason { v["reason"] = r }
        return v
      }
      learners.append(["number": i + 1, "learner": p.learner, "courses": courseViews, "sessions": sessions, "updated": ISOTime.string(p.updated)])
    }
    guard let data = try? JSONSerialization.data(withJSONObject: learners, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    else { return "[]" }
    return String(decoding: data, as: UTF8.self)
  }

  /// `x` rounded to 4 decimals (NaN and infinities become 0).
  static func round4(_ x: Double) -> Double { x.isFinite ? (x * 10_000).rounded() / 10_000 : 0 }

  /// A readable summary; course titles come from `courses` when the course file is found.
  /// `numbers` are the learners' numbers in the learner menu. With `now`, each course says how many
  /// of its review cards are due (docs/review.md).
  public static func text(
    _ all: [LearnerProgress], courses: [String: Course], messages m: MessageCatalog, language: String, numbers: [Int]? = nil,
    now: Date? = nil
  ) -> String {
    var out = ""
    func line(_ key: String, _ args: [String: String]) { out += Sanitize.line(m.text(key, args)) + "\n" }
    for (index, p) in all.enumerated() {
      out += "\n"
      line("progress.learner", ["number": String(numbers?[safe: index] ?? index + 1), "name": p.learner])
      for (id, saved) in p.courses.sorted(by: { $0.key < $1.key }) {
        // The course as this learner has it (their questions of each `draw:` lesson).
        let course = courses[id].map { c in (try? LearnerName(p.learner)).map { c.drawn(seed: Training.seed(learner: $0, course: c)) } ?? c }
        // A schema 1 file, read without its lock, is shown as it will be brought over.
        var cp = saved
        if let course { cp.migrateLegacyQuestions(in: course) }
        let fallback = course?.languages ?? []
        let title = course.map { $0.title.text(language, fallback: $0.languages) } ?? id
        let total = course?.lessons.count ?? cp.lessonsCompleted.count
        let questions = course?.questions.count ?? cp.questions.count
        let answered = cp.questions.values.filter { $0.attempts > 0 || $0.skipped }.count
        let done = course.map { c in c.lessons.filter { cp.isDone($0.id) }.count } ?? cp.lessonsCompleted.values.filter(\.awaitingLive.isEmpty).count
        line(
          "progress.course",
          ["course": title, "done": String(done), "total": String(total), "answered": String(answered), "questions": String(questions),
           "score": course.map { Format.percent(cp.score(in: $0)) } ?? "—",
           "time": Format.duration(milliseconds: Int64(Clamp.milliseconds(cp.timeSpentMs)), m)])
        for lesson in course?.lessons ?? [] {
          let completion = cp.lessonsCompleted[lesson.id]
          let lessonTitle = lesson.title.text(language, fallback: fallback)
          let score = completion.map { "  " + Format.percent($0.score) } ?? ""
          if let scenario = completion?.awaitingLive.first {
            line("progress.lesson.awaitingLive", ["title": lessonTitle, "score": score, "course": id, "scenario": scenario])
          } else {
            line("progress.lesson", ["mark": completion == nil ? "·" : "✓", "title": lessonTitle, "score": score])
          }
        }
        // Everything under full marks, in the course's order, with what happened.
        var review: [String] = []
        for q in course?.questions ?? [] {
          guard let saved = cp.questions[q.id] else { continue }
          let st = saved.state
          let score = Format.percent(st.score(course?.policy(ofQuestion: q.id) ?? Policy()))
          let how: String
          switch st.outcome {
          case .fullMarks, .unanswered: continue
          case .rightWithHelp:
            how = st.hintsUsed > 0 ? m.text("progress.how.hinted", ["score": score]) : m.text("progress.how.retried", ["n": String(st.attempts), "score": score])
          case .notRight: how = m.text("progress.how.notRight", ["score": score])
          case .skipped: how = m.text("progress.how.skipped")
          case .open: how = m.text("progress.how.open", ["n": String(st.attempts)])
          }
          // As the learner saw it: a calc question's values are drawn from their seed.
          let seed = course.flatMap { c in (try? LearnerName(p.learner)).map { Training.seed(learner: $0, course: c) } } ?? ""
          let full = Presentation(q, seed: seed).prompt(language, fallback: fallback)
          let prompt = full.split(separator: "\n").first.map(String.init) ?? q.id
          review.append(Sanitize.line(m.text("progress.reviewItem", ["question": Self.short(prompt), "how": how])))
        }
        if !review.isEmpty {
          line("progress.review", [:])
          out += review.joined(separator: "\n") + "\n"
        }
        // Review cards of the course's questions (a retired question's card is kept, not counted).
        if let now, let course {
          let due = ReviewQueue.counts(cp, course: course, now: now)
          if due.within > 0 { line("progress.reviewDue", ["now": String(due.now), "week": String(due.within)]) }
        }
        if cp.reviewsDone > 0 {
          let pct = Format.percent(Double(cp.reviewsRecalled) / Double(cp.reviewsDone))
          line("progress.reviewTally", ["done": String(cp.reviewsDone), "recalled": String(cp.reviewsRecalled), "pct": pct])
        }
        if let pos = cp.position {
          let lesson = course?.lessons.first { $0.id == pos.lesson }
          let steps = lesson?.steps.count ?? 0
          line(
            "progress.leftOff",
            ["lesson": lesson.map { $0.title.text(language, fallback: fallback) } ?? pos.lesson,
             "step": lesson == nil ? Self.stepNumber(pos.step) : String(min(Clamp.index(pos.step), max(0, steps - 1)) + 1),
             "steps": lesson == nil ? "?" : String(max(steps, 1))])
        }
      }
      // Live sessions, by course and scenario: how many, the best and the last score.
      let live = p.sessions.filter { $0.kind == "live" }
      let groups = Dictionary(grouping: live) { "\($0.course)/\($0.scenario ?? "?")" }
      for key in groups.keys.sorted() {
        guard let runs = groups[key], let last = runs.max(by: { $0.started < $1.started }) else { continue }
        let best = runs.map { Clamp.unit($0.score) }.max() ?? 0
        let title = courses[last.course].flatMap { c in c.scenarios.first { $0.id == last.scenario } }
          .map { $0.title.text(language, fallback: courses[last.course]?.languages ?? []) } ?? (last.scenario ?? "?")
        line(
          "progress.live",
          ["scenario": title, "count": String(runs.count), "best": Format.decimal(best * 100, places: 1),
           "last": Format.decimal(Clamp.unit(last.score) * 100, places: 1), "date": String(ISOTime.string(last.started).prefix(10))])
      }
    }
    return out
  }

  /// A prompt cut to about 60 columns (a Chinese character takes two).
  static func short(_ text: String) -> String {
    var width = 0
    var out = ""
    for ch in text {
      let w = ch.unicodeScalars.contains { TextNormalizer.isCJK($0) || (0xFF00...0xFFEF).contains($0.value) } ? 2 : 1
      if width + w > 58 { return out + "…" }
      width += w
      out.append(ch)
    }
    return out
  }

  /// A 0-based step index read from a progress file (input: any integer) as the 1-based number
  /// shown, clamped to 1…1,000,000.
  public static func stepNumber(_ step: Int) -> String { String(min(max(step, 0), TranscriptEvent.maxCount - 1) + 1) }

  /// A session score read from a progress file, clamped to 0…1 (0 when not finite).
  static func score(_ s: Double) -> Double { s.isFinite ? min(1, max(0, s)) : 0 }
}
