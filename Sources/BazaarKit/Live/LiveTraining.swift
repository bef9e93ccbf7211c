import Foundation

/// Takes a learner's advisory lock for the length of a session. ``ProgressStore`` does it with
/// `flock` on `DATA/progress/NAME.lock`.
public protocol LearnerLocking: Sendable {
  /// The learner's lock; throws ``ProgressStoreError/alreadyInUse(learner:holder:)`` when another
  /// window has it.
  func acquire(learner: LearnerName) throws(ProgressStoreError) -> ProgressLock
}

extension ProgressStore: LearnerLocking {}

/// How a live room's clock runs.
public enum LiveMode: Sendable, Equatable {
  /// With the wall clock, `speed` times faster (a terminal).
  case realTime(speed: Double)
  /// Each host line moves the clock by its speaking time (pipes, `--turn-based`).
  case turnBased

  /// The name the transcript records (`real_time`, `turn_based`).
  public var name: String {
    switch self {
    case .realTime: "real_time"
    case .turnBased: "turn_based"
    }
  }

  /// How much faster than real time the clock runs (1 when turn-based).
  public var speed: Double {
    switch self {
    case .realTime(let speed): speed
    case .turnBased: 1
    }
  }
}

/// Why a live session could not start.
public enum LiveTrainingError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The learner's lock could not be taken (another window has it, or the folder is unusable).
  case lock(ProgressStoreError)
  /// The transcript could not be opened; without it the session could not be replayed or graded.
  case transcript(TranscriptError)

  public var description: String {
    switch self {
    case .lock(let e): e.description
    case .transcript(let e): e.description
    }
  }
}

/// How a live session ended.
public struct LiveEnding: Sendable {
  /// Why: time up (`finished`), `:end` (`quit`), end of input, Ctrl-C.
  public var reason: TranscriptEndReason
  /// The score and dashboard.
  public var result: LiveResult
  /// The report to show: score, dashboard, feedback, in the session's language.
  public var report: String
  /// Where the transcript was written, if one was.
  public var transcriptPath: String?
}

/// One learner hosting one live scenario: the lock, the seed, the transcript (header and writer)
/// and the session's entry in the learner's progress, around a ``LiveController`` that a front end
/// drives. The live counterpart of ``Training``; the real-time terminal loop stays with the
/// terminal, handed in as a closure.
public final class LiveTraining {
  public let course: Course
  public let scenario: LiveScenario
  let lexicons: LexiconSet
  let learner: LearnerName
  let store: any ProgressStoring
  let locks: (any LearnerLocking)?
  let transcriptPath: String?
  let dataFolder: DataFolder?
  /// The languages the room speaks: course text (viewers, products) in `language.course`, Bazaar's
  /// words in `messages`. A live room has no `:lang`.
  public let language: SessionLanguage
  /// Renders the room's lines, status and report; also the brief before the room opens.
  public let report: LiveReport
  let clock: any Clock
  /// Reads the learner's last run of the room back, to compare with.
  let fileSystem: any FileSystem
  let notify: (TrainingNotice) -> Void

  /// Prepares a session; nothing is read, written or locked until ``run(mode:ready:drive:)``.
  /// - Parameters:
  ///   - locks: takes the learner's lock (the ``ProgressStore``); nil runs without one (tests).
  ///   - transcriptPath: write the transcript here; else into `dataFolder`'s transcripts; neither:
  ///     no transcript.
  ///   - messages: Bazaar's words, in `language.messages` (with translators' files).
  ///   - fileSystem: reads the transcript of the learner's last run of the room, which the report
  ///     compares this run with.
  ///   - notify: save problems, and where the transcript was written once it is complete.
  public init(
    course: Course, scenario: LiveScenario, lexicons: LexiconSet, learner: LearnerName, store: any ProgressStoring,
    locks: (any LearnerLocking)?, transcriptPath: String?, dataFolder: DataFolder?, language: SessionLanguage,
    messages: MessageCatalog, clock: any Clock, fileSystem: any FileSystem = LocalFileSystem(),
    notify: @escaping (TrainingNotice) -> Void
  ) {
    self.course = course
    self.scenario = scenario
    self.lexicons = lexicons
    self.learner = learner
    self.store = store
    self.locks = locks
    self.transcriptPath = transcriptPath
    self.dataFolder = dataFolder
    self.language = language
    self.report = LiveReport(scenario: scenario, messages: messages, language: language.course, fallback: course.fallbackLanguages)
    self.clock = clock
    self.fileSystem = fileSystem
    self.notify = notify
  }

  /// The seed the room draws viewers, arrivals and chatter from: the scenario's, the same for every
  /// host, so sessions compare and a transcript replays.
  public static func seed(_ scenario: LiveScenario) -> String { "scenario:\(scenario.id)|seed:\(scenario.seed)" }

  /// Runs one session. Takes the learner's lock and holds it to the end; asks `ready` (the front
  /// end shows the brief and waits for the host) and returns nil if the host left; opens the
  /// transcript; hands the controller to `drive`, the front end's loop, which returns why it
  /// stopped and at which simulated millisecond; then scores the session, closes the transcript,
  /// records the session in the learner's progress (lock still held) and tells `notify` about any
  /// save problem and where the transcript is.
  public func run(
    mode: LiveMode, ready: () -> Bool = { true },
    drive: (LiveController) -> (reason: TranscriptEndReason, endMs: Int)
  ) throws(LiveTrainingError) -> LiveEnding? {
    let lock: ProgressLock?
    do { lock = try locks?.acquire(learner: learner) } catch { throw .lock(error) }
    defer { lock?.release() }
    guard ready() else { return nil }
    // The last run of this room, re-scored now, before this run joins the learner's sessions.
    let comparison = (try? store.load(learner: learner)).flatMap {
      LiveComparison.lastRun(in: $0.progress, course: course, scenario: scenario, lexicons: lexicons, fileSystem: fileSystem)
    }
    let started = clock.now()
    let header = TranscriptHeader(
      session: TranscriptHeader.newSessionID(), learner: learner.display, course: .init(course), started: started,
      seed: Self.seed(scenario), kind: "live", scenario: scenario.id)
    let writer: TranscriptWriter?
    do {
      if let transcriptPath {
        writer = try TranscriptWriter(path: transcriptPath, header: header, syncEachLine: false)
      } else if let dataFolder {
        writer = try TranscriptWriter(folder: dataFolder, learner: learner, header: header, syncEachLine: false)
      } else {
        writer = nil
      }
    } catch { throw .transcript(error) }
    let session = LiveSession(
      scenario: scenario, language: language.course, fallback: course.fallbackLanguages, lexicons: lexicons,
      courseLexicons: course.lexicons)
    var saveProblem: String?
    let controller = LiveController(
      session: session, report: report, transcript: writer, clock: clock, mode: mode.name, speed: mode.speed
    ) { [self] result, reason in
      let run = SessionSummary(
        id: header.session, kind: "live", course: course.id, scenario: scenario.id, score: result.score / 100,
        started: started, ended: clock.now(), reason: reason.rawValue, transcript: writer?.path)
      saveProblem = save(run)
    }
    controller.comparison = comparison
    let (loopReason, endMs) = drive(controller)
    let reason = controller.endedByHost ? TranscriptEndReason.quit : loopReason
    let text = controller.finish(at: endMs, reason: reason)
    for problem in controller.problems + [saveProblem].compactMap({ $0 }) { notify(.saveProblem(problem)) }
    if let path = writer?.path { notify(.transcript(path: path)) }
    let result = controller.result ?? controller.session.result()
    return LiveEnding(reason: reason, result: result, report: text, transcriptPath: writer?.path)
  }

  /// Adds `run` to the learner's saved progress through the store (the caller holds the lock);
  /// returns the problem when it could not be saved.
  private func save(_ run: SessionSummary) -> String? {
    do {
      var progress = try store.load(learner: learner).progress
      Self.recordLiveRun(into: &progress, course: course, scenario: scenario, run: run)
      progress.touch(clock.now())
      try store.save(progress)
      return nil
    } catch { return error.description }
  }

  /// What a finished live session changes in a learner's progress: its entry in `sessions`, and
  /// the lessons whose live step this scenario was are done now.
  static func recordLiveRun(into progress: inout LearnerProgress, course: Course, scenario: LiveScenario, run: SessionSummary) {
    progress.sessions.append(run)
    progress.courses[course.id]?.liveSessionRan(scenario: scenario.id)
  }
}
