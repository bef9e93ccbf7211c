import Foundation

/// `bazaar progress`: learners' courses, lessons done, scores and what to review.
public enum ProgressReport {
  /// The saved progress of every learner as one JSON array (same fields as the files).
  public static func json(_ all: [LearnerProgress]) -> String {
    guard let data = try? ISOTime.encoder(pretty: true).encode(all) else { return "[]" }
    return String(decoding: data, as: UTF8.self)
  }

  /// A readable summary; course titles come from `courses` when the course file is found.
  public static func text(
    _ all: [LearnerProgress], courses: [String: Course], messages m: MessageCatalog, language: String
  ) -> String {
    var out = ""
    for p in all {
      out += "\n" + Sanitize.line(m.text("progress.learner", ["name": p.learner])) + "\n"
      for (id, cp) in p.courses.sorted(by: { $0.key < $1.key }) {
        let course = courses[id]
        let title = course.map { $0.title.text(language, fallback: $0.languages) } ?? id
        let total = course?.lessons.count ?? cp.lessonsCompleted.count
        let questions = course?.questions.count ?? cp.questions.count
        let answered = cp.questions.values.filter { $0.attempts > 0 || $0.skipped }.count
        let time = Format.duration(milliseconds: Int64(cp.timeSpentMs), m)
        out += Sanitize.line(
          m.text(
            "progress.course",
            ["course": title, "done": String(cp.lessonsCompleted.count), "total": String(total), "answered": String(answered),
             "questions": String(questions), "time": time])) + "\n"
        for lesson in course?.lessons ?? [] {
          let done = cp.lessonsCompleted[lesson.id]
          out += Sanitize.line(
            m.text(
              "progress.lesson",
              ["mark": done == nil ? "·" : "✓", "title": lesson.title.text(language, fallback: course?.languages ?? []),
               "score": done.map { "  " + Format.percent($0.score) } ?? ""])) + "\n"
        }
        let review = cp.questions.filter { ($0.value.bestScore ?? 0) < 1 && ($0.value.attempts > 0 || $0.value.skipped) }.keys.sorted()
        if !review.isEmpty { out += Sanitize.line(m.text("progress.review", ["questions": review.joined(separator: ", ")])) + "\n" }
        if let pos = cp.position {
          out += Sanitize.line(m.text("progress.leftOff", ["lesson": pos.lesson, "step": stepNumber(pos.step)])) + "\n"
        }
      }
      // Live sessions, by course and scenario: how many, the best and the last score.
      let live = p.sessions.filter { $0.kind == "live" }
      let groups = Dictionary(grouping: live) { "\($0.course)/\($0.scenario ?? "?")" }
      for key in groups.keys.sorted() {
        guard let runs = groups[key], let last = runs.max(by: { $0.started < $1.started }) else { continue }
        let best = runs.map { score($0.score) }.max() ?? 0
        let title = courses[last.course].flatMap { c in c.scenarios.first { $0.id == last.scenario } }
          .map { $0.title.text(language, fallback: courses[last.course]?.languages ?? []) } ?? (last.scenario ?? "?")
        out += Sanitize.line(
          m.text(
            "progress.live",
            ["scenario": title, "count": String(runs.count), "best": Format.decimal(best * 100, places: 1),
             "last": Format.decimal(score(last.score) * 100, places: 1), "date": String(ISOTime.string(last.started).prefix(10))])) + "\n"
      }
    }
    return out
  }

  /// A 0-based step index read from a progress file (input: any integer) as the 1-based number
  /// shown, clamped to 1…1,000,000.
  public static func stepNumber(_ step: Int) -> String { String(min(max(step, 0), TranscriptEvent.maxCount - 1) + 1) }

  /// A session score read from a progress file, clamped to 0…1 (0 when not finite).
  static func score(_ s: Double) -> Double { s.isFinite ? min(1, max(0, s)) : 0 }
}
