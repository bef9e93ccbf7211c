import Foundation

/// Saves progress after every graded answer (and every step, hint and skip) and appends each event
/// to the session's transcript, before the learner sees the result. How records change progress
/// is ``ProgressFold``'s (shared with re-grading); this class only logs, folds and saves.
///
/// A lesson sitting has one course and one transcript. A review sitting (``ReviewSitting``) may ask
/// cards of several courses: each course's events go to a transcript of its own, opened when its
/// first card is asked, so every transcript still belongs to one learner and one course.
public final class SessionRecorder: LessonRecorder {
  /// The learner's progress as saved so far.
  public private(set) var progress: LearnerProgress
  let store: any ProgressStoring
  /// Open transcripts by course id, in the order they were opened.
  private var writers: [String: TranscriptWriter] = [:]
  private var opened: [String] = []
  /// Opens a course's transcript when its first event comes (review sittings); nil: only `writers`.
  private let open: ((Course) -> TranscriptWriter?)?
  /// The lesson sitting's course (nil for a review sitting, whose time is not the lessons').
  let courseID: String?
  /// Called with a message when something could not be saved, and again only when the problem
  /// changes or is over (a full disk must not go unnoticed, nor fill the screen).
  let warn: (SaveProblem) -> Void
  private var fold = ProgressFold()
  private var dirty = false
  private var lastProblem: String?
  /// A graded answer is not in the saved progress yet because a save failed (cleared when a
  /// later save succeeds: progress is saved whole).
  private var gradedUnsaved = false
  private var gradedPending = false
  /// A graded answer could not be appended to the transcript (it cannot be appended later).
  public private(set) var transcriptLost = false

  /// Whether everything graded is saved: progress and transcript.
  public var savedEverything: Bool { !gradedUnsaved && !transcriptLost }

  /// What the learner is told about saving.
  public enum SaveProblem: Sendable, Equatable {
    case failed(String)
    case recovered
  }

  /// Records into `store` and `transcript` for `course`.
  public init(
    store: any ProgressStoring, progress: LearnerProgress, course: Course, transcript: TranscriptWriter?,
    warn: @escaping (SaveProblem) -> Void
  ) {
    self.store = store
    self.progress = progress
    if let transcript {
      writers[course.id] = transcript
      opened = [course.id]
    }
    self.open = nil
    self.courseID = course.id
    self.warn = warn
    if self.progress.courses[course.id] == nil {
      self.progress.courses[course.id] = CourseProgress(courseVersion: course.version, courseDigest: course.digest)
    }
    self.progress.courses[course.id]?.courseVersion = course.version
    self.progress.courses[course.id]?.courseDigest = course.digest
  }

  /// Records a review sitting into `store`; `transcript` opens a course's transcript when its first
  /// card is asked (nil when it cannot be written; `warn` has been told by then).
  public init(
    store: any ProgressStoring, progress: LearnerProgress, transcript: @escaping (Course) -> TranscriptWriter?,
    warn: @escaping (SaveProblem) -> Void
  ) {
    self.store = store
    self.progress = progress
    self.open = transcript
    self.courseID = nil
    self.warn = warn
  }

  /// The transcripts written, in the order they were opened.
  public var transcripts: [TranscriptWriter] { opened.compactMap { writers[$0] } }

  private func writer(for course: Course) -> TranscriptWriter? {
    if let w = writers[course.id] { return w }
    guard let open, !opened.contains(course.id) else { return nil }
    opened.append(course.id)
    let w = open(course)
    writers[course.id] = w
    return w
  }

  @discardableResult
  private func log(_ event: TranscriptEvent, _ date: Date, _ ms: Int64, course: Course) -> Bool {
    guard let transcript = writer(for: course) else { return true }
    do {
      _ = try transcript.append(event, at: date, ms: Int(clamping: ms))
      return true
    } catch {
      problem("\(error)")
      return false
    }
  }

  public func flush(at date: Date) {
    for w in writers.values { w.sync() }
    guard dirty else { return }
    dirty = false
    progress.touch(date)
    do {
      try store.save(progress)
      if gradedPending { gradedPending = false }
      gradedUnsaved = false
      if lastProblem != nil {
        lastProblem = nil
        warn(.recovered)
      }
    } catch {
      if gradedPending { gradedUnsaved = true }
      problem(error.description)
    }
  }

  /// Tells the learner when something could not be saved: once per distinct problem.
  private func problem(_ message: String) {
    guard message != lastProblem else { return }
    lastProblem = message
    warn(.failed(message))
  }

  /// Changes the course's progress in place (a copy would copy every question's record).
  private func update(_ course: Course, _ change: (inout CourseProgress) -> Void) {
    change(&progress.courses[course.id, default: CourseProgress(courseVersion: course.version, courseDigest: course.digest)])
  }

  public func record(_ record: LessonRecord, session: LessonSession, at date: Date, sessionMs: Int64) {
    let course = session.course
    @discardableResult func log(_ event: TranscriptEvent, _ date: Date, _ ms: Int64) -> Bool { self.log(event, date, ms, course: course) }
    switch record {
    case .lessonStart(let lesson, let step, let retake):
      log(.lessonStart(lesson: lesson, step: step, retake: retake), date, sessionMs)
    case .stepShown(let lesson, let step, let question):
      log(.step(lesson: lesson, step: step, question: question), date, sessionMs)
    case .answered(let q, let raw, let score, let invalid, let attempt, let elapsed, _, _, _):
      // The transcript first: it is the event log the batch grader replays.
      let logged = log(.answer(question: q, raw: raw, score: score, invalid: invalid, attempt: attempt, elapsedMs: Int(clamping: elapsed)), date, sessionMs)
      if !logged, !invalid { transcriptLost = true }
      if !invalid { gradedPending = true }
    case .hint(let q, let n):
      log(.hint(question: q, n: n), date, sessionMs)
    case .skip(let q):
      log(.skip(question: q), date, sessionMs)
    case .language(let from, let to):
      log(.lang(from: from, to: to), date, sessionMs)
    case .lessonEnd(let lesson, let score, _, _):
      log(.lessonEnd(lesson: lesson, score: score), date, sessionMs)
    case .reviewStart(let question, let lesson, let number):
      log(.review(question: question, lesson: lesson, n: number), date, sessionMs)
    case .position: break
    }
    update(course) { fold.apply(record, session: session, to: &$0, at: date, sessionMs: sessionMs) }
    if case .language = record {} else if case .stepShown = record {} else { dirty = true }
  }

  public func end(_ reason: LeaveReason, session: LessonSession, at date: Date, sessionMs: Int64) {
    update(session.course) { fold.leave(session, to: &$0, sessionMs: sessionMs) }
    dirty = true
    flush(at: date)
  }

  /// Closes the transcript with the reason the whole sitting ended, and adds the sitting to the
  /// learner's sessions (`score`: the course score after it).
  public func close(_ reason: LeaveReason, at date: Date, sessionMs: Int64, summary: SessionSummary?) {
    close(reason, at: date, sessionMs: sessionMs, summaries: summary.map { [$0] } ?? [])
  }

  /// Closes every transcript of the sitting with the reason it ended, and adds the sitting's
  /// summaries (one per transcript of a review sitting) to the learner's sessions.
  public func close(_ reason: LeaveReason, at date: Date, sessionMs: Int64, summaries: [SessionSummary]) {
    for id in opened {
      guard let w = writers[id] else { continue }
      do { _ = try w.append(.end(reason: TranscriptEndReason(rawValue: reason.rawValue)), at: date, ms: Int(clamping: sessionMs)) } catch {
        problem("\(error)")
      }
    }
    if let courseID {
      fold.addTime(to: &progress.courses[courseID, default: CourseProgress(courseVersion: "", courseDigest: "")], sessionMs: sessionMs)
    }
    progress.sessions += summaries
    dirty = true
    flush(at: date)
    for w in writers.values { w.close() }
  }
}

extension CourseProgress {
  /// The course score so far: points earned over the points of all the course's questions
  /// (unanswered ones count 0), each question scored as the lesson engine scores it.
  public func score(in course: Course) -> Double {
    var total = 0.0
    var earned = 0.0
    let policies = course.policiesByQuestion()
    for q in course.questions {
      total += q.points
      if let p = questions[q.id] { earned += q.points * p.state.score(policies[q.id] ?? course.policy) }
    }
    return total > 0 ? earned / total : 0
  }

  /// Where to start: the lesson and step to resume, or the first lesson not yet completed.
  /// Nil when every lesson is completed and there is nowhere to continue: beginning a lesson
  /// again is the learner's choice (`--lesson`, or the menu), never done for them.
  public func startingPoint(in course: Course) -> (lesson: Int, step: Int)? {
    if let p = position, let i = course.lessons.firstIndex(where: { $0.id == p.lesson }) {
      let steps = course.lessons[i].steps.count
      if p.step < steps { return (i, max(0, p.step)) }
    }
    if let i = course.lessons.firstIndex(where: { lessonsCompleted[$0.id] == nil }) { return (i, 0) }
    return nil
  }
}
