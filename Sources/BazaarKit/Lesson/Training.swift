import Foundation

/// Something the learner should be told before or during a session.
public enum TrainingNotice: Sendable, Equatable {
  /// The progress file could not be read; it was kept aside at `path`.
  case progressMovedAside(path: String, problem: String?)
  /// The course changed since the learner's last visit.
  case courseChanged(kept: Int, dropped: [String])
  /// Progress or the transcript could not be written (said once per distinct problem).
  case saveProblem(String)
  /// Saving works again after a problem: everything up to now is saved.
  case saveRecovered
  /// Where this session's transcript is written.
  case transcript(path: String)
  /// Every lesson is done and none was chosen: nothing was begun.
  case courseComplete
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
  /// The session's languages (course text, Bazaar's own words): carried from lesson to lesson,
  /// so a `:lang` in one lesson holds in the next.
  public var languages: SessionLanguage
  /// After `run`: whether everything graded was saved (progress and transcript). When not, the
  /// command exits 2.
  public private(set) var savedEverything = true

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
    self.languages = SessionLanguage(course: language)
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
    // The course as this learner has it: a `draw:` lesson with their questions (the same on every
    // PC, in every resume and in every replay of their transcripts). Their saved place is a step of
    // this course, so it is reconciled against it too.
    let seed = Self.seed(learner: learner, course: course)
    let course = self.course.drawn(seed: seed)
    let report = progress.reconcile(with: course)
    if report.digestChanged && !report.isNew {
      let kept = progress.courses[course.id]?.questions.count ?? 0
      notify(.courseChanged(kept: kept, dropped: report.droppedQuestions))
    }
    var courseProgress = progress.courses[course.id] ?? CourseProgress(courseVersion: course.version, courseDigest: course.digest)
    var lessonIndex: Int
    var step: Int
    if let lessonID, let i = course.lessons.firstIndex(where: { $0.id == lessonID }) {
      lessonIndex = i
      step = courseProgress.position?.lesson == lessonID ? (courseProgress.position?.step ?? 0) : 0
    } else if let point = courseProgress.startingPoint(in: course) {
      (lessonIndex, step) = point
    } else {
      notify(.courseComplete)
      return .finished
    }
    let started = clock.now()
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
      switch $0 {
      case .failed(let message): notify(.saveProblem(message))
      case .recovered: notify(.saveRecovered)
      }
    }
    // Live scenarios of this course the learner has run (a lesson's live step is done once run).
    let liveRun = Set(progress.sessions.filter { $0.kind == "live" && $0.course == course.id }.compactMap(\.scenario))
    var reason = LeaveReason.finished
    while course.lessons.indices.contains(lessonIndex) {
      let lesson = course.lessons[lessonIndex]
      // A lesson completed before and begun again from its start is a fresh try.
      let retake = courseProgress.lessonsCompleted[lesson.id] != nil && step == 0
      var states: [String: QuestionState] = [:]
      if !retake {
        for s in lesson.steps {
          if case .question(let q) = s.content, courseProgress.questions[q.id] != nil { states[q.id] = courseProgress.state(of: q.id) }
        }
      }
      var session = LessonSession(
        course: course, lessonIndex: lessonIndex, step: step, language: languages.course, seed: seed, lexicons: lexicons,
        states: states, retake: retake, priorMs: retake ? 0 : Int64(courseProgress.lessonTimeMs[lesson.id] ?? 0), liveRun: liveRun)
      session.messageLanguage = languages.interface
      let runner = LessonRunner(session: session, reader: reader, view: view, recorder: recorder, clock: clock, started: started)
      reason = runner.run()
      languages = runner.session.languages
      courseProgress = recorder.progress.courses[course.id] ?? courseProgress
      guard reason == .finished, lessonIndex + 1 < course.lessons.count else { break }
      lessonIndex += 1
      step = 0
    }
    let now = clock.now()
    let ms = Clamp.elapsedMs(from: started, to: now)
    let summary = SessionSummary(
      id: header.session, kind: "lesson", course: course.id, score: courseProgress.score(in: course), started: started, ended: now,
      reason: reason.rawValue, transcript: writer?.path)
    recorder.close(reason, at: now, sessionMs: ms, summary: summary)
    savedEverything = recorder.savedEverything
    return reason
  }
}
