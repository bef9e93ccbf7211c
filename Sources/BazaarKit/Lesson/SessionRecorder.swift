import Foundation

/// Saves progress after every graded answer (and every step, hint and skip) and appends each event
/// to the session's transcript, before the learner sees the result.
public final class SessionRecorder: LessonRecorder {
  /// The learner's progress as saved so far.
  public private(set) var progress: LearnerProgress
  let store: any ProgressStoring
  let transcript: TranscriptWriter?
  let courseID: String
  /// Called with a message when something could not be saved (shown to the learner once).
  let warn: (String) -> Void
  private var warned = false
  private var lastEndMs: Int64 = 0

  /// Records into `store` and `transcript` for `course`.
  public init(
    store: any ProgressStoring, progress: LearnerProgress, course: Course, transcript: TranscriptWriter?,
    warn: @escaping (String) -> Void
  ) {
    self.store = store
    self.progress = progress
    self.transcript = transcript
    self.courseID = course.id
    self.warn = warn
    if self.progress.courses[course.id] == nil {
      self.progress.courses[course.id] = CourseProgress(courseVersion: course.version, courseDigest: course.digest)
    }
    self.progress.courses[course.id]?.courseVersion = course.version
    self.progress.courses[course.id]?.courseDigest = course.digest
  }

  private func log(_ event: TranscriptEvent, _ date: Date, _ ms: Int64) {
    guard let transcript else { return }
    do { _ = try transcript.append(event, at: date, ms: Int(ms)) } catch { problem("\(error)") }
  }

  private var dirty = false

  /// Marks progress as changed; `flush` writes it.
  private func save(_ date: Date) { dirty = true }

  public func flush(at date: Date) {
    transcript?.sync()
    guard dirty else { return }
    dirty = false
    progress.touch(date)
    do { try store.save(progress) } catch { problem(error.description) }
  }

  /// Tells the learner every time something could not be saved (a full disk must not go unnoticed).
  private func problem(_ message: String) {
    warned = true
    warn(message)
  }

  /// Changes the course's progress in place (a copy would copy every question's record).
  private func update(_ change: (inout CourseProgress) -> Void) {
    change(&progress.courses[courseID, default: CourseProgress(courseVersion: "", courseDigest: "")])
  }

  public func record(_ record: LessonRecord, session: LessonSession, at date: Date, sessionMs: Int64) {
    switch record {
    case .stepShown(let lesson, let step, let question):
      log(.step(lesson: lesson, step: step, question: question), date, sessionMs)
    case .position(let lesson, let step):
      let question = session.currentQuestion?.id
      update { $0.position = CoursePosition(lesson: lesson, step: step, question: question) }
      addTime(sessionMs)
      save(date)
    case .answered(let q, let raw, let score, let invalid, let attempt, let elapsed, _, _, _):
      // The transcript first: it is the event log the batch grader replays.
      log(.answer(question: q, raw: raw, score: score, invalid: invalid, attempt: attempt, elapsedMs: Int(elapsed)), date, sessionMs)
      guard !invalid else { return }
      update { $0.recordAnswer(question: q, text: raw, score: score, at: date) }
      addTime(sessionMs)
      save(date)
    case .hint(let q, let n):
      log(.hint(question: q, n: n), date, sessionMs)
      update { $0.recordHint(question: q) }
      save(date)
    case .skip(let q):
      log(.skip(question: q), date, sessionMs)
      update { $0.recordSkip(question: q) }
      save(date)
    case .language(let from, let to):
      log(.lang(from: from, to: to), date, sessionMs)
    case .lessonEnd(let lesson, let score, _):
      log(.lessonEnd(lesson: lesson, score: score), date, sessionMs)
      update {
        $0.completeLesson(lesson, score: score ?? 1, at: date)
        if $0.position?.lesson == lesson { $0.position = nil }
      }
      addTime(sessionMs)
      save(date)
    }
  }

  /// Adds the time since the last save to the course's time spent.
  private func addTime(_ sessionMs: Int64) {
    let delta = max(0, sessionMs - lastEndMs)
    lastEndMs = sessionMs
    update { $0.timeSpentMs += Int(delta) }
  }

  public func end(_ reason: LeaveReason, session: LessonSession, at date: Date, sessionMs: Int64) {
    addTime(sessionMs)
    save(date)
    flush(at: date)
  }

  /// A completed lesson started again from its beginning: its questions start afresh (their old
  /// records stay in the transcripts), so resuming the new try never mixes in the old one.
  public func restart(_ lesson: Lesson, at date: Date) {
    update { c in
      for s in lesson.steps { if case .question(let q) = s.content { c.questions[q.id] = nil } }
    }
    save(date)
    flush(at: date)
  }

  /// Closes the transcript with the reason the whole session ended.
  public func close(_ reason: LeaveReason, at date: Date, sessionMs: Int64) {
    log(.end(reason: TranscriptEndReason(rawValue: reason.rawValue)), date, sessionMs)
    flush(at: date)
    transcript?.close()
  }
}

extension CourseProgress {
  /// The engine's view of one question, rebuilt from saved progress under `policy`.
  public func state(of question: String, policy: Policy) -> QuestionState {
    guard let q = questions[question] else { return QuestionState() }
    // A progress file is input too: clamp what it says before the engine counts with it.
    let raw = q.bestScore ?? 0
    let best = raw.isFinite ? min(1, max(0, raw)) : 0
    let attempts = min(1_000_000, max(0, q.attempts))
    let hints = min(1_000_000, max(0, q.hintsUsed))
    let outOfAttempts = policy.attempts > 0 && attempts >= policy.attempts
    return QuestionState(
      attempts: attempts, hintsUsed: hints, bestScore: best,
      finished: q.skipped || best >= 1 - 1e-9 || outOfAttempts, skipped: q.skipped)
  }

  /// Where to start: the lesson and step to resume, or the first lesson not yet completed.
  public func startingPoint(in course: Course) -> (lesson: Int, step: Int) {
    if let p = position, let i = course.lessons.firstIndex(where: { $0.id == p.lesson }) {
      let steps = course.lessons[i].steps.count
      if p.step < steps { return (i, max(0, p.step)) }
    }
    if let i = course.lessons.firstIndex(where: { lessonsCompleted[$0.id] == nil }) { return (i, 0) }
    return (0, 0)
  }
}
