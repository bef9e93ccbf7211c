import Foundation

/// Shows what a lesson session says. The terminal view lives in BazaarTerminal; tests use their own.
public protocol LessonView: AnyObject {
  /// Renders one output (records are not passed here) in the session's languages: course text is
  /// already in `language.course`; Bazaar's words and grade notes speak `language.messages`.
  func render(_ output: LessonOutput, language: SessionLanguage)
  /// The prompt to show while waiting: for an answer, or for Enter.
  func prompt(awaitingAnswer: Bool, language: SessionLanguage) -> String
}

/// Saves and logs what a session records (progress file, transcript). Called before the matching
/// output is shown, so nothing the learner saw graded can be lost.
public protocol LessonRecorder: AnyObject {
  /// Records one event that happened `sessionMs` after the session began.
  func record(_ record: LessonRecord, session: LessonSession, at date: Date, sessionMs: Int64)
  /// Makes everything recorded so far durable (one progress save, one transcript sync). The
  /// runner calls it after the records of one input and before showing their results.
  func flush(at date: Date)
  /// The session ended.
  func end(_ reason: LeaveReason, session: LessonSession, at date: Date, sessionMs: Int64)
}

/// Drives a `LessonSession` with a line reader, a view, a recorder and a clock.
public final class LessonRunner {
  public private(set) var session: LessonSession
  let reader: any LineReader
  let view: any LessonView
  let recorder: (any LessonRecorder)?
  let clock: any Clock
  let started: Date

  /// Creates a runner; `started` is when the session (and its transcript) began.
  public init(
    session: LessonSession, reader: any LineReader, view: any LessonView, recorder: (any LessonRecorder)?,
    clock: any Clock, started: Date? = nil
  ) {
    self.session = session
    self.reader = reader
    self.view = view
    self.recorder = recorder
    self.clock = clock
    self.started = started ?? clock.now()
  }

  private func elapsed(_ now: Date) -> Int64 { Clamp.elapsedMs(from: started, to: now) }

  /// Runs the lesson until it ends or the learner leaves; returns why it ended.
  @discardableResult
  public func run() -> LeaveReason {
    var now = clock.now()
    var reason = emit(session.start(now: elapsed(now)), at: now)
    while reason == nil {
      reader.setCompletions(session.completions)
      let event = reader.read(prompt: view.prompt(awaitingAnswer: session.awaitingAnswer, language: session.languages))
      now = clock.now()
      reason = emit(session.handle(event, now: elapsed(now)), at: now)
    }
    let end = reason ?? .finished
    recorder?.end(end, session: session, at: now, sessionMs: elapsed(now))
    return end
  }

  /// Records first (and makes them durable with one flush), then shows; returns the leave reason
  /// when the outputs end the session.
  private func emit(_ outputs: [LessonOutput], at now: Date) -> LeaveReason? {
    var leave: LeaveReason?
    var recorded = false
    for output in outputs {
      if case .record(let r) = output {
        recorder?.record(r, session: session, at: now, sessionMs: elapsed(now))
        recorded = true
      }
    }
    if recorded { recorder?.flush(at: now) }
    for output in outputs {
      switch output {
      case .record: break
      case .leave(let why): leave = why
      default: view.render(output, language: session.languages)
      }
    }
    return leave
  }
}
