import Foundation

/// How one sitting's lesson records change a learner's progress in a course. It is the one place
/// that does this: the runner's ``SessionRecorder`` folds the records as they happen, and
/// ``LessonReplay`` folds the records of a transcript replayed through ``LessonSession``, so saved
/// progress and re-graded progress cannot disagree.
///
/// Scores are never computed here: each question's state is copied from the session, which is
/// the only code that turns answers into scores.
public struct ProgressFold: Sendable {
  /// The sitting's time already added to the course's time spent.
  private var countedMs: Int64 = 0

  public init() {}

  /// Folds `record`, which `session` emitted `sessionMs` after the sitting began (at `date`).
  public mutating func apply(_ record: LessonRecord, session: LessonSession, to c: inout CourseProgress, at date: Date, sessionMs: Int64) {
    switch record {
    case .lessonStart(let lesson, _, let retake):
      if retake, let l = session.course.lessons.first(where: { $0.id == lesson }) {
        // A completed lesson begun again: its questions start afresh (the old answers stay in
        // the transcripts, and the old completion stands until this try completes).
        for s in l.steps { if case .question(let q) = s.content { c.questions[q.id] = nil } }
        c.lessonTimeMs[lesson] = nil
      }
    case .stepShown, .language:
      return
    case .position(let lesson, let step):
      c.position = CoursePosition(lesson: lesson, step: step, question: session.currentQuestion?.id)
      c.lessonTimeMs[lesson] = Int(session.lessonMs(at: sessionMs))
    case .answered(let q, let raw, let score, let invalid, let attempt, let elapsedMs, let final, _, let hints):
      guard !invalid else { return }
      c.record(question: q, state: session.states[q] ?? QuestionState(), answer: raw, score: score, at: date)
      // The question is over: one review of its card (right at once, after a hint or retry, or not).
      if final {
        // The session has already moved on to the next step: the question is in its lesson (looked
        // up there, not in the whole course, once per finished question).
        let kind = session.lesson?.steps.lazy.compactMap { s -> Question? in
          if case .question(let question) = s.content, question.id == q { question } else { nil }
        }.first?.kind.name ?? ""
        let rating = ReviewRating.rating(
          kind: kind, right: score >= 1, attempts: attempt, hintsUsed: hints, secondsToAnswer: Double(elapsedMs) / 1000)
        c.reviewed(question: q, rating, at: date)
      }
    case .hint(let q, _):
      c.record(question: q, state: session.states[q] ?? QuestionState(), answer: nil, score: nil, at: date)
    case .skip(let q):
      c.record(question: q, state: session.states[q] ?? QuestionState(), answer: nil, score: nil, at: date)
      c.reviewed(question: q, .again, at: date)
    case .lessonEnd(let lesson, let score, let ms, let awaiting):
      c.completeLesson(lesson, score: score ?? 1, at: date, timeMs: Int(ms), awaitingLive: awaiting)
      c.lessonTimeMs[lesson] = nil
      if c.position?.lesson == lesson { c.position = nil }
    }
    addTime(to: &c, sessionMs: sessionMs)
  }

  /// The sitting ended (or a lesson in it was left) `sessionMs` after it began: the time of the
  /// lesson in progress and of the sitting are counted.
  public mutating func leave(_ session: LessonSession, to c: inout CourseProgress, sessionMs: Int64) {
    if !session.lessonEnded, let lesson = session.lesson?.id {
      c.lessonTimeMs[lesson] = Int(session.lessonMs(at: sessionMs))
    }
    addTime(to: &c, sessionMs: sessionMs)
  }

  /// Adds the sitting's time since the last record to the course's time spent.
  public mutating func addTime(to c: inout CourseProgress, sessionMs: Int64) {
    let (d, overflow) = sessionMs.subtractingReportingOverflow(countedMs)
    let delta = overflow ? 0 : max(0, d)
    guard delta > 0 else { return }
    countedMs = sessionMs
    c.timeSpentMs = Clamp.milliseconds(c.timeSpentMs.addingReportingOverflow(Int(delta)).partialValue)
  }
}
