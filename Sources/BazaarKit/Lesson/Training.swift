import Foundation

/// Something the learner should be told before or during a session.
public enum TrainingNotice: Sendable, Equatable {
  /// The progress file could not be read; it was kept aside at `path`.
  case progressMovedAside(path: String, problem: String?)
  /// The course changed since the learner's last visit.
  case courseChanged(kept: Int, dropped: [String])
  /// Progress or the transcript could not be written.
  case saveProblem(String)
  /// Where this session's transcript is written.
  case transcript(path: String)
}

/// One learner working through one course: loads and reconciles progress, opens the transcript,
/// and runs lessons one after another until the learner leaves or the course ends.
public final class Training {
  public let course: Course
  let lexicons: LexiconSet
  let learner: LearnerName
  let store: any ProgressStoring
  let transcriptPath: String?
  let reader: any LineReader
  let view: any LessonView
  let clock: any Clock
  let notify: (TrainingNotice) -> Void
  /// The course language the session starts in.
  public var language: String
  /// Bazaar's own language for grade notes when it differs from the course's (see
  /// ``LessonSession/messageLanguage``).
  public var messageLanguage: String?

  /// Prepares a session; nothing is read or written until `run`.
  public init(
    course: Course, lexicons: LexiconSet, learner: LearnerName, store: any ProgressStoring, transcriptPath: String?,
    language: String, reader: any LineReader, view: any LessonView, clock: any Clock,
    notify: @escaping (TrainingNotice) -> Void
  ) {
    self.course = course
    self.lexicons = lexicons
    self.learner = learner
    self.store = store
    self.transcriptPath = transcriptPath
    self.language = language
    self.reader = reader
    self.view = view
    self.clock = clock
    self.notify = notify
  }

  /// The seed for everything this learner sees in this course (shuffles, calc values).
  public static func seed(learner: LearnerName, course: Course) -> String { "learner:\(learner.key)|course:\(course.id)" }

  /// Runs from `lessonID` (or where the learner left off) until they leave or the course ends.
  public func run(lessonID: String? = nil, dataFolder: DataFolder? = nil) throws(ProgressStoreError) -> LeaveReason {
    let loaded = try store.load(learner: learner)
    if let aside = loaded.movedAside { notify(.progressMovedAside(path: aside, problem: loaded.problem)) }
    var progress = loaded.progress
    let report = progress.reconcile(with: course)
    if report.digestChanged && !report.isNew {
      let kept = progress.courses[course.id]?.questions.count ?? 0
      notify(.courseChanged(kept: kept, dropped: report.droppedQuestions))
    }
    let started = clock.now()
    let seed = Self.seed(learner: learner, course: course)
    var writer: TranscriptWriter?
    let header = TranscriptHeader(
      session: TranscriptHeader.newSessionID(), learner: learner.display,
      course: .init(id: course.id, version: course.version, digest: course.digest), started: started, seed: seed)
    do {
      if let path = transcriptPath {
        writer = try TranscriptWriter(path: path, header: header, syncEachLine: false)
      } else if let dataFolder {
        writer = try TranscriptWriter(folder: dataFolder, learner: learner, header: header, syncEachLine: false)
      }
      if let w = writer { notify(.transcript(path: w.path)) }
    } catch {
      notify(.saveProblem(error.description))
    }
    let recorder = SessionRecorder(store: store, progress: progress, course: course, transcript: writer) { [notify] in
      notify(.saveProblem($0))
    }
    var courseProgress = progress.courses[course.id] ?? CourseProgress(courseVersion: course.version, courseDigest: course.digest)
    var (lessonIndex, step) = courseProgress.startingPoint(in: course)
    if let lessonID, let i = course.lessons.firstIndex(where: { $0.id == lessonID }) {
      lessonIndex = i
      step = courseProgress.position?.lesson == lessonID ? (courseProgress.position?.step ?? 0) : 0
    }
    var reason = LeaveReason.finished
    var sessionLanguage = language
    while true {
      let lesson = course.lessons[lessonIndex]
      // A lesson done before and started again from its beginning is a fresh try.
      let redo = courseProgress.lessonsCompleted[lesson.id] != nil && step == 0
      var states: [String: QuestionState] = [:]
      if redo { recorder.restart(lesson, at: clock.now()) }
      if !redo {
        for s in lesson.steps {
          if case .question(let q) = s.content { states[q.id] = courseProgress.state(of: q.id, policy: course.policy) }
        }
      }
      var session = LessonSession(
        course: course, lessonIndex: lessonIndex, step: step, language: sessionLanguage, seed: seed, lexicons: lexicons,
        states: states)
      session.messageLanguage = messageLanguage
      let runner = LessonRunner(session: session, reader: reader, view: view, recorder: recorder, clock: clock, started: started)
      reason = runner.run()
      sessionLanguage = runner.session.language
      messageLanguage = runner.session.messageLanguage
      courseProgress = recorder.progress.courses[course.id] ?? courseProgress
      guard reason == .finished, lessonIndex + 1 < course.lessons.count else { break }
      lessonIndex += 1
      step = 0
    }
    let now = clock.now()
    recorder.close(reason, at: now, sessionMs: Int64((now.timeIntervalSince(started) * 1000).rounded()))
    return reason
  }
}
