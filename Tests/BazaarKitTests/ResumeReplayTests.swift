import Foundation
import Testing

@testable import BazaarKit

/// One engine for lessons: a lesson split into sittings (Ctrl-C, end of input, `:quit`, then
/// resume) ends with the same scores, summaries and progress as one sitting, and re-grading the
/// sittings' transcripts by replay gives the progress the runner saved.
@Suite("lessons: resume and replay")
struct ResumeReplayTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// A reader whose clock moves one second for every line typed (not for Ctrl-C or Ctrl-D), so
  /// time is the same however the lines are split into sittings.
  final class Reader: LineReader {
    var lines: [LineEvent]
    let clock: TestClock
    init(_ lines: [LineEvent], clock: TestClock) {
      self.lines = lines
      self.clock = clock
    }
    func read(prompt: String) -> LineEvent {
      guard !lines.isEmpty else { return .endOfInput }
      let e = lines.removeFirst()
      // `:quit` ends a sitting as Ctrl-C does: it takes no time of the lesson's.
      if case .line(let l) = e, l != ":quit" { clock.advance(seconds: 1) }
      return e
    }
    func setCompletions(_ words: [String]) {}
  }

  /// Keeps the lesson summaries shown.
  final class View: LessonView {
    var summaries: [LessonSummary] = []
    var grades: [GradedView] = []
    func render(_ output: LessonOutput, language: SessionLanguage) {
      if case .lessonEnd(let s) = output { summaries.append(s) }
      if case .graded(let g) = output { grades.append(g) }
    }
    func prompt(awaitingAnswer: Bool, language: SessionLanguage) -> String { "> " }
  }

  struct Outcome {
    var progress: CourseProgress
    var summaries: [LessonSummary]
    var transcripts: [String]
    var sessions: [SessionSummary]
  }

  static let learner = (try? LearnerName("迪丽努尔")) ?? { preconditionFailure() }()

  /// Runs `sittings` (each a list of inputs, ended by its last event) one after another.
  static func run(_ course: Course, lexicons: LexiconSet, _ sittings: [[LineEvent]], folder: String) -> Outcome {
    let store = MemoryProgressStore()
    let clock = TestClock()
    let view = View()
    var paths: [String] = []
    for (i, inputs) in sittings.enumerated() {
      let path = folder + "/sitting-\(i).jsonl"
      paths.append(path)
      let training = Training(
        course: course, lexicons: lexicons, learner: learner, store: store, transcriptPath: path, language: "zh",
        reader: Reader(inputs, clock: clock), view: view, clock: clock, notify: { _ in })
      _ = try? training.run()
    }
    let saved = store.saved(learner)
    return Outcome(
      progress: saved?.courses[course.id] ?? CourseProgress(courseVersion: "", courseDigest: ""), summaries: view.summaries,
      transcripts: paths, sessions: saved?.sessions ?? [])
  }

  /// What a learner types for the whole course: for question n, by n mod 4, the right answer; a
  /// hint, then the right answer; a wrong answer, then the right one; a skip. Found by driving
  /// the engine in one sitting (the property is that every split of these lines gives the same).
  static func script(_ course: Course, lexicons: LexiconSet, seed: String) -> [LineEvent] {
    var inputs: [LineEvent] = []
    var n = 0
    for index in course.lessons.indices {
      var session = LessonSession(course: course, lessonIndex: index, language: "zh", seed: seed, lexicons: lexicons)
      var out = session.start(now: 0)
      var guardSteps = 0
      while !out.contains(where: { if case .leave = $0 { true } else { false } }), guardSteps < 500 {
        guardSteps += 1
        var line = ""
        if session.awaitingAnswer, let q = session.currentQuestion {
          let p = Presentation(q, seed: seed)
          let right = ScriptedCoursesTests.rightAnswer(q, p, language: "zh", fallback: course.languages) ?? "?"
          let st = session.states[q.id] ?? QuestionState()
          switch n % 4 {
          case 1 where st.hintsUsed == 0 && !q.hints.isEmpty: line = ":hint"
          case 2 where st.attempts == 0: line = wrongAnswer(q, p)
          case 3: line = ":skip"
          default: line = right
          }
          if line == right || line == ":skip" { n += 1 }
        }
        inputs.append(.line(line))
        out = session.handle(.line(line), now: Int64(guardSteps) * 1000)
      }
      if !session.lessonEnded { break }
    }
    return inputs
  }

  static func wrongAnswer(_ q: Question, _ p: Presentation) -> String {
    switch q.kind {
    case .choice(let key):
      let wrong = p.order.enumerated().first { !key.options[$0.element].correct }
      return wrong.map { Presentation.letter($0.offset) } ?? "A"
    case .trueFalse(let answer): return answer ? "错" : "对"
    case .number, .calc: return "1"
    case .order: return "A B C D E F".split(separator: " ").prefix(max(1, p.order.count)).reversed().joined(separator: " ")
    default: return "不知道"
    }
  }

  static func sampler() throws -> (Course, LexiconSet) {
    let path = root.appendingPathComponent("courses/sampler.yaml").path
    let loaded = CourseLoader.load(path: path)
    let course = try #require(loaded.course)
    return (course, LexiconLibrary().resolve(loaded, coursePath: path).0)
  }

  static func folder() throws -> String {
    let path = NSTemporaryDirectory() + "bazaar-resume-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// What replay must rebuild exactly: each question's state and each lesson's completion score.
  /// (A sitting in which the learner only read, and left, writes no transcript, so its position
  /// and time are the runner's alone.)
  static func scores(_ c: CourseProgress) -> [String: String] {
    var out: [String: String] = [:]
    for (id, q) in c.questions { out["q:" + id] = "\(q.state)" }
    for (id, l) in c.lessonsCompleted { out["l:" + id] = "\(l.score) \(l.awaitingLive)" }
    return out
  }

  /// Replays the transcripts in order and returns the progress replay rebuilt.
  static func replayed(_ course: Course, lexicons: LexiconSet, _ paths: [String]) throws -> CourseProgress {
    var replay = LessonReplay(course: course, lexicons: lexicons)
    for path in paths where FileManager.default.fileExists(atPath: path) {
      _ = replay.replay(try TranscriptReader.read(path))
    }
    return replay.progress
  }

  @Test("every split of the sampler into two sittings ends as one sitting does, and replay agrees")
  func everySplitPoint() throws {
    let (course, lexicons) = try Self.sampler()
    let seed = Training.seed(learner: Self.learner, course: course)
    let inputs = Self.script(course, lexicons: lexicons, seed: seed)
    #expect(inputs.count > 15)
    let whole = Self.run(course, lexicons: lexicons, [inputs], folder: try Self.folder())
    // The script really exercises the rules: some hints, retries and skips.
    #expect(whole.summaries.count == course.lessons.count)
    #expect(whole.summaries.contains { $0.rightWithHelp > 0 } && whole.summaries.contains { $0.skipped > 0 })
    #expect(try Self.replayed(course, lexicons: lexicons, whole.transcripts) == whole.progress)
    let enders: [LineEvent] = [.interrupt, .endOfInput, .line(":quit")]
    for k in 0...inputs.count {
      let ender = enders[k % enders.count]
      let split = Self.run(course, lexicons: lexicons, [Array(inputs[..<k]) + [ender], Array(inputs[k...])], folder: try Self.folder())
      #expect(split.progress == whole.progress, "split at \(k) by \(ender)")
      #expect(split.summaries == whole.summaries, "split at \(k) by \(ender)")
      #expect(Self.scores(try Self.replayed(course, lexicons: lexicons, split.transcripts)) == Self.scores(split.progress), "replay, split at \(k)")
    }
  }

  @Test("three sittings at random points: the same again")
  func threeSittings() throws {
    let (course, lexicons) = try Self.sampler()
    let seed = Training.seed(learner: Self.learner, course: course)
    let inputs = Self.script(course, lexicons: lexicons, seed: seed)
    let whole = Self.run(course, lexicons: lexicons, [inputs], folder: try Self.folder())
    var rng = SplitMix(seed: 12)
    for _ in 0..<12 {
      let a = Int(rng.next() % UInt64(inputs.count + 1))
      let b = a + Int(rng.next() % UInt64(inputs.count - a + 1))
      let sittings = [Array(inputs[..<a]) + [.interrupt], Array(inputs[a..<b]) + [.endOfInput], Array(inputs[b...])]
      let split = Self.run(course, lexicons: lexicons, sittings, folder: try Self.folder())
      #expect(split.progress == whole.progress, "split at \(a), \(b)")
      #expect(split.summaries == whole.summaries, "split at \(a), \(b)")
      #expect(Self.scores(try Self.replayed(course, lexicons: lexicons, split.transcripts)) == Self.scores(split.progress), "replay at \(a), \(b)")
      // A sitting begun with every lesson done begins nothing and is not listed.
      let begun = 1 + (a < inputs.count ? 1 : 0) + (b < inputs.count ? 1 : 0)
      #expect(split.sessions.filter { $0.kind == "lesson" }.count == begun, "split at \(a), \(b)")
    }
  }

  struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  /// The case two trials found: wrong, then right (70% with a 0.3 retry penalty), Ctrl-C, resume.
  @Test("a retried answer keeps its retry penalty after Ctrl-C and resume (worked by hand)")
  func retryPenaltySurvivesResume() throws {
    let yaml = """
      id: resume
      version: "1"
      title: {zh: 续学, en: Resume}
      languages: [zh, en]
      policy: {attempts: 2, retry_penalty: 0.3}
      lessons:
        - id: l1
          title: {zh: 一, en: One}
          steps:
            - id: markup
              kind: number
              prompt: {zh: 加价率是多少？, en: What is the markup?}
              answer: 25
              percent: true
            - id: price
              kind: number
              prompt: {zh: 售价多少元？, en: What is the price?}
              answer: 5
              unit: 元
      """
    let loaded = CourseLoader.parse(source: SourceText(path: "resume.yaml", text: yaml))
    let course = try #require(loaded.course, "\(loaded.diagnostics.map(\.message))")
    let out = Self.run(course, lexicons: LexiconSet(), [[.line("10%"), .line("25%"), .interrupt], [.line("5")]], folder: try Self.folder())
    // By hand: markup 1 × (1 − 0.3) = 0.7 on the second try; price 1 at once; (0.7 + 1) / 2.
    let markup = try #require(out.progress.questions["markup"])
    #expect(markup.attempts == 2 && abs((markup.bestScore ?? 0) - 0.7) < 1e-9 && markup.finished)
    let s = try #require(out.summaries.first)
    #expect(abs((s.score ?? 0) - 0.85) < 1e-9)
    #expect(s.correct == 1 && s.rightWithHelp == 1)
    #expect(s.review == ["加价率是多少？"])
    // Time counts both sittings: three lines typed, a second each.
    #expect(s.milliseconds == 3_000)
  }
}

/// The gradebook is the runner's: a class of learners who quit and resume at random points is
/// graded from their transcripts to the scores their progress shows.
@Suite("batch grading is replay")
struct BatchReplayTests {
  @Test("a class who quit and resume at random points: the gradebook's scores are the runner's")
  func classWithBreaks() throws {
    let (course, lexicons) = try ResumeReplayTests.sampler()
    let folder = try ResumeReplayTests.folder()
    var rng = ResumeReplayTests.SplitMix(seed: 2026)
    var expected: [String: (score: Double?, lessons: Int, answered: Int)] = [:]
    for n in 1...8 {
      let learner = try LearnerName("学员\(n)")
      let seed = Training.seed(learner: learner, course: course)
      let inputs = ResumeReplayTests.script(course, lexicons: lexicons, seed: seed)
      let a = Int(rng.next() % UInt64(inputs.count))
      let b = a + Int(rng.next() % UInt64(inputs.count - a))
      // Learner 8 stops for good after the first sitting.
      let sittings = n == 8 ? [Array(inputs[..<a]) + [.interrupt]]
        : [Array(inputs[..<a]) + [.interrupt], Array(inputs[a..<b]) + [.line(":quit")], Array(inputs[b...])]
      let store = MemoryProgressStore()
      let clock = TestClock(start: Date(timeIntervalSince1970: 1_795_000_000 + Double(n) * 10_000))
      for (i, lines) in sittings.enumerated() {
        clock.advance(seconds: 600)  // a break between sittings
        let training = Training(
          course: course, lexicons: lexicons, learner: learner, store: store, transcriptPath: folder + "/\(n)-\(i).jsonl",
          language: "zh", reader: ResumeReplayTests.Reader(lines, clock: clock), view: ResumeReplayTests.View(), clock: clock,
          notify: { _ in })
        _ = try training.run()
      }
      let cp = try #require(store.saved(learner)?.courses[course.id])
      // The runner's figures, read from its saved progress: points-weighted over the questions
      // answered or skipped, each scored as its lesson summary scored it.
      var points = 0.0
      var earned = 0.0
      var answered = 0
      for q in course.questions {
        guard let p = cp.questions[q.id], p.attempts > 0 || p.skipped else { continue }
        answered += 1
        points += q.points
        earned += q.points * p.state.score(course.policy)
      }
      let lessons = course.lessons.filter { cp.isDone($0.id) }.count
      expected[learner.display] = (points > 0 ? earned / points : nil, lessons, answered)
    }
    let grader = BatchGrader(courses: [course.id: .init(course: course, lexicons: lexicons)])
    let book = grader.run([folder], threads: 2)
    #expect(book.rows.count == 8)
    for row in book.rows {
      let want = try #require(expected[row.learner])
      #expect(row.questionsAnswered == want.answered, "\(row.learner)")
      #expect(row.lessonsCompleted == want.lessons, "\(row.learner)")
      #expect(abs((row.score ?? -1) - (want.score ?? -1)) < 1e-9, "\(row.learner): \(String(describing: row.score)) vs \(String(describing: want.score))")
    }
    #expect(book.transcripts.allSatisfy { $0.changedScores.isEmpty && $0.missingQuestions.isEmpty })
  }

  static let twoQuestions = """
    id: first
    version: "1"
    title: {zh: 首答, en: First}
    languages: [zh, en]
    policy: {attempts: 2, retry_penalty: 0.3, skip: true}
    lessons:
      - id: l1
        title: {zh: 一, en: One}
        steps:
          - id: markup
            kind: number
            prompt: {zh: 加价率是多少？, en: What is the markup?}
            answer: 25
            percent: true
          - id: price
            kind: number
            prompt: {zh: 售价多少元？, en: What is the price?}
            answer: 5
            unit: 元
    """

  @Test("first attempts in time order across sittings: a skip first is the first attempt, scored 0; a retake does not replace it")
  func firstAttempts() throws {
    let loaded = CourseLoader.parse(source: SourceText(path: "first.yaml", text: Self.twoQuestions))
    let course = try #require(loaded.course)
    let folder = try ResumeReplayTests.folder()
    let store = MemoryProgressStore()
    let clock = TestClock()
    let learner = try LearnerName("Ayxem")
    // Sitting 1: skip markup, answer price wrong, Ctrl-C. Sitting 2: price right (its second
    // try). Sitting 3 (a retake, chosen with --lesson): both right at once.
    let sittings: [(String?, [LineEvent])] = [
      (nil, [.line(":skip"), .line("4"), .interrupt]), (nil, [.line("5")]), ("l1", [.line("25%"), .line("5")]),
    ]
    // Written in an order unlike time order, so the grader must sort them.
    for (i, (lesson, lines)) in sittings.enumerated() {
      clock.advance(seconds: 3600)
      let training = Training(
        course: course, lexicons: LexiconSet(), learner: learner, store: store, transcriptPath: folder + "/\(["c", "a", "b"][i]).jsonl",
        language: "en", reader: ResumeReplayTests.Reader(lines, clock: clock), view: ResumeReplayTests.View(), clock: clock,
        notify: { _ in })
      _ = try training.run(lessonID: lesson)
    }
    let book = BatchGrader(courses: [course.id: .init(course: course, lexicons: LexiconSet())]).run([folder], threads: 1)
    let markup = try #require(book.items.first { $0.question == "markup" })
    let price = try #require(book.items.first { $0.question == "price" })
    // By hand: markup's first attempt is the skip (0), not the retake's right answer; price's
    // is the wrong "4" (0).
    #expect(markup.facility == 0 && price.facility == 0)
    #expect(markup.skipRate == 1)
    // Tries over every sitting: price 3 (4, 5, and 5 in the retake).
    #expect(price.meanAttempts == 3)
    // The row is the retake's, as the learner's progress is: both right at once.
    #expect(book.rows.first?.score == 1)
    #expect(store.saved(learner)?.courses["first"]?.questions["price"]?.bestScore == 1)
  }
}

@Suite("progress records: schema 1, save problems, live steps")
struct ProgressRecordTests {
  @Test("a schema 1 question is brought over under the course's policy: the lower bound of its try")
  func schemaOneIsBroughtOver() throws {
    let loaded = CourseLoader.parse(source: SourceText(path: "first.yaml", text: BatchReplayTests.twoQuestions))
    let course = try #require(loaded.course)
    let json = """
      {"schema": 1, "learner": "Old", "created": "2025-03-02T10:42:07Z", "updated": "2025-03-02T10:42:07Z",
       "courses": {"first": {"course_version": "1", "course_digest": "old", "lessons_completed": {}, "time_spent_ms": 5,
         "questions": {
           "markup": {"attempts": 2, "best_score": 1, "last_score": 1, "hints_used": 0, "skipped": false},
           "price": {"attempts": 1, "best_score": 0.5, "last_score": 0.5, "hints_used": 0, "skipped": false}}}},
       "sessions": []}
      """
    guard case .progress(var p) = ProgressStore.decode(Array(json.utf8)) else { Issue.record("not read"); return }
    #expect(p.courses["first"]?.questions["markup"]?.legacy == true)
    p.reconcile(with: course)
    let markup = try #require(p.courses["first"]?.questions["markup"])
    // By hand: right on the second of two tries, retry penalty 0.3: 0.7; over; right.
    #expect(!markup.legacy && abs((markup.bestScore ?? 0) - 0.7) < 1e-9 && markup.finished && markup.right)
    let price = try #require(p.courses["first"]?.questions["price"])
    // Half right on the first try, one try left: 0.5, still open.
    #expect(price.bestScore == 0.5 && !price.finished && !price.right)
    let text = try ProgressJSON.encode(p)
    #expect(text.contains("\"schema\" : 2") && text.contains("\"finished\" : true"))
  }

  /// A store whose saves fail while `failing` is set.
  final class FlakyStore: ProgressStoring, @unchecked Sendable {
    let inner = MemoryProgressStore()
    var failing = false
    func load(learner: LearnerName) throws(ProgressStoreError) -> LoadedProgress { try inner.load(learner: learner) }
    func peek(learner: LearnerName) throws(ProgressStoreError) -> LearnerProgress? { try inner.peek(learner: learner) }
    func save(_ progress: LearnerProgress) throws(ProgressStoreError) {
      if failing { throw .cannotWrite("/full/disk.json", reason: "No space left on device") }
      try inner.save(progress)
    }
    func listLearners() throws(ProgressStoreError) -> [LearnerName] { try inner.listLearners() }
  }

  @Test("a full disk is said once, its end once, and a session whose graded answers were not saved says so")
  func saveProblemsAreSaidOnce() throws {
    let (course, lexicons) = try ResumeReplayTests.sampler()
    let store = FlakyStore()
    store.failing = true
    let clock = TestClock()
    var notices: [TrainingNotice] = []
    let learner = try LearnerName("Disk")
    let inputs = ResumeReplayTests.script(course, lexicons: lexicons, seed: Training.seed(learner: learner, course: course))
    let training = Training(
      course: course, lexicons: lexicons, learner: learner, store: store, transcriptPath: nil, language: "zh",
      reader: ResumeReplayTests.Reader(Array(inputs.prefix(8)), clock: clock), view: ResumeReplayTests.View(), clock: clock,
      notify: { notices.append($0) })
    _ = try training.run()
    let problems = notices.filter { if case .saveProblem = $0 { true } else { false } }
    #expect(problems.count == 1, "\(notices)")
    #expect(!training.savedEverything)
    // The disk is freed mid-session: one "saved again", and everything is saved.
    var later: [TrainingNotice] = []
    let reader = ResumeReplayTests.Reader(Array(inputs.dropFirst(8).prefix(4)), clock: clock)
    // Still full at the start of the next sitting; freed after its first line is read.
    let freeing = FreeingReader(reader) { store.failing = false }
    let third = Training(
      course: course, lexicons: lexicons, learner: learner, store: store, transcriptPath: nil, language: "zh", reader: freeing,
      view: ResumeReplayTests.View(), clock: clock, notify: { later.append($0) })
    _ = try third.run()
    #expect(later.filter { if case .saveProblem = $0 { true } else { false } }.count == 1, "\(later)")
    #expect(later.filter { $0 == .saveRecovered }.count == 1, "\(later)")
    #expect(third.savedEverything)
  }

  final class FreeingReader: LineReader {
    let inner: any LineReader
    var action: (() -> Void)?
    init(_ inner: any LineReader, _ action: @escaping () -> Void) {
      self.inner = inner
      self.action = action
    }
    func read(prompt: String) -> LineEvent {
      let e = inner.read(prompt: prompt)
      action?()
      action = nil
      return e
    }
    func setCompletions(_ words: [String]) {}
  }

  @Test("a lesson with a live step is done only once its live session has run")
  func liveStepCompletes() throws {
    var cp = CourseProgress(courseVersion: "1", courseDigest: "d")
    cp.completeLesson("live-room", score: 0.8, at: Date(timeIntervalSince1970: 0), awaitingLive: ["live-jujube-walnut"])
    #expect(cp.lessonsCompleted["live-room"] != nil && !cp.isDone("live-room"))
    cp.liveSessionRan(scenario: "another")
    #expect(!cp.isDone("live-room"))
    cp.liveSessionRan(scenario: "live-jujube-walnut")
    #expect(cp.isDone("live-room"))
  }

  @Test("a course with every lesson done is not begun again behind the learner's back")
  func finishedCourseIsNotRestarted() throws {
    let loaded = CourseLoader.parse(source: SourceText(path: "first.yaml", text: BatchReplayTests.twoQuestions))
    let course = try #require(loaded.course)
    let store = MemoryProgressStore()
    let clock = TestClock()
    let learner = try LearnerName("Done")
    func sitting(_ lines: [LineEvent], _ lesson: String? = nil) throws -> [TrainingNotice] {
      var notices: [TrainingNotice] = []
      _ = try Training(
        course: course, lexicons: LexiconSet(), learner: learner, store: store, transcriptPath: nil, language: "en",
        reader: ResumeReplayTests.Reader(lines, clock: clock), view: ResumeReplayTests.View(), clock: clock,
        notify: { notices.append($0) }
      ).run(lessonID: lesson)
      return notices
    }
    _ = try sitting([.line("25%"), .line("5")])
    let before = store.saved(learner)?.courses["first"]
    #expect(try sitting([]).contains(.courseComplete))
    #expect(store.saved(learner)?.courses["first"] == before)
    // Chosen by name, the lesson is begun again, from scratch.
    _ = try sitting([.line("10%")], "l1")
    #expect(store.saved(learner)?.courses["first"]?.questions["price"] == nil)
  }
}
