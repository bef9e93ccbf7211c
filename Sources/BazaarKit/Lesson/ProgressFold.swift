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
    if session.reviewTurn != nil { return review(record, session: session, to: &c, at: date) }
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
      if final { c.reviewed(question: q, Self.rating(of: record, session: session), at: date) }
    case .hint(let q, _):
      c.record(question: q, state: session.states[q] ?? QuestionState(), answer: nil, score: nil, at: date)
    case .skip(let q):
      c.record(question: q, state: session.states[q] ?? QuestionState(), answer: nil, score: nil, at: date)
      c.reviewed(question: q, .again, at: date)
    case .lessonEnd(let lesson, let score, let ms, let awaiting):
      c.completeLesson(lesson, score: score ?? 1, at: date, timeMs: Int(ms), awaitingLive: awaiting)
      c.lessonTimeMs[lesson] = nil
      if c.position?.lesson == lesson { c.position = nil }
    case .reviewStart:
      return
    }
    addTime(to: &c, sessionMs: sessionMs)
  }

  /// A review sitting's record: the question's end is one review of its card, counted in the
  /// learner's reviews (and recalled when right by the last try). The lesson's answers, place and
  /// time are not touched: a review is practice, not a second try at the lesson.
  private func review(_ record: LessonRecord, session: LessonSession, to c: inout CourseProgress, at date: Date) {
    let question: String
    let rating: FSRS.Rating
    switch record {
    case .answered(let q, _, _, let invalid, _, _, let final, _, _) where final && !invalid:
      (question, rating) = (q, Self.rating(of: record, session: session))
    case .skip(let q):
      (question, rating) = (q, .again)
    default:
      return
    }
    c.reviewed(question: question, rating, at: date)
    c.reviewsDone += 1
    if rating != .again { c.reviewsRecalled += 1 }
  }

  /// The FSRS rating of a question's final answer (``ReviewRating``): its kind is looked up in the
  /// session's lesson (the session has already moved past it; once per finished question, not in
  /// the whole course).
  static func rating(of record: LessonRecord, session: LessonSession) -> FSRS.Rating {
    guard case .answered(let q, _, let score, _, let attempt, let elapsedMs, _, _, let hints) = record else { return .again }
    let kind = session.lesson?.steps.lazy.compactMap { s -> Question? in
      if case .question(let question) = s.content, question.id == q { question } else { nil }
    }.first?.kind.name ?? ""
    return ReviewRating.rating(kind: kind, right: score >= 1, attempts: attempt, hintsUsed: hints, secondsToAnswer: Double(elapsedMs) / 1000)
  }

  /// The sitting ended (or a lesson in it was left) `sessionMs` after it began: the time of the
  /// lesson in progress and of the sitting are counted.
  public mutating func leave(_ session: LessonSession, to c: inout CourseProgress, sessionMs: Int64) {
    // A review's time is the review sitting's (its session summary), not the lessons'.
    guard session.reviewTurn == nil else { return }
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
