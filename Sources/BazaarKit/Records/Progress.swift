import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One learner's progress in every course, as kept in `DATA/progress/NAME.json`.
///
/// Named `LearnerProgress` rather than `Progress` so it never clashes with `Foundation.Progress`.
/// The format is documented field by field in docs/progress-format.md. Decoding is lenient within a
/// schema (missing collections and counters default to empty/zero, unknown keys are ignored);
/// anything that changes meaning needs a new ``schema`` number, which older builds refuse to touch.
public struct LearnerProgress: Codable, Sendable, Equatable {
  /// The schema this build writes and the newest it reads. Schema 2 (2026-12) stores each
  /// question's state as the lesson engine holds it (`best_score` after the retry penalty,
  /// `finished`); schema 1 files are read and their questions brought over when their course is
  /// next opened (see ``QuestionProgress/legacy``).
  public static let currentSchema = 2

  /// Format version of the file (`1`).
  public var schema: Int
  /// The learner's name as shown (``LearnerName/display``).
  public var learner: String
  /// When this progress was first created.
  public var created: Date
  /// When it was last changed (set by the caller before saving).
  public var updated: Date
  /// Progress per course, keyed by course id.
  public var courses: [String: CourseProgress]
  /// Finished or interrupted sessions (lesson and live), oldest first.
  public var sessions: [SessionSummary]

  /// Empty progress for `learner`, created at `now`.
  public init(learner: LearnerName, now: Date) {
    self.schema = Self.currentSchema
    self.learner = learner.display
    self.created = ISOTime.truncated(now)
    self.updated = ISOTime.truncated(now)
    self.courses = [:]
    self.sessions = []
  }

  enum CodingKeys: String, CodingKey {
    case schema, learner, created, updated, courses, sessions
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    // Read as any schema up to the current one, held (and saved) as the current one: schema 1
    // questions are marked ``QuestionProgress/legacy`` until their course brings them over.
    _ = try c.decode(Int.self, forKey: .schema)
    schema = Self.currentSchema
    learner = try c.decode(String.self, forKey: .learner)
    created = try c.decodeIfPresent(Date.self, forKey: .created) ?? Date(timeIntervalSince1970: 0)
    updated = try c.decodeIfPresent(Date.self, forKey: .updated) ?? created
    courses = try c.decodeIfPresent([String: CourseProgress].self, forKey: .courses) ?? [:]
    sessions = try c.decodeIfPresent([SessionSummary].self, forKey: .sessions) ?? []
  }

  /// Sets ``updated`` to `now` (call before saving).
  public mutating func touch(_ now: Date) { updated = ISOTime.truncated(now) }
}

/// Progress in one course.
public struct CourseProgress: Codable, Sendable, Equatable {
  /// The course's `version` when this was last saved or reconciled.
  public var courseVersion: String
  /// SHA-256 (hex) of the course file when this was last saved or reconciled.
  public var courseDigest: String
  /// Where to resume; nil means at the start.
  public var position: CoursePosition?
  /// Completed lessons by lesson id.
  public var lessonsCompleted: [String: LessonCompletion]
  /// Time spent in this course's lessons, in milliseconds, over every sitting.
  public var timeSpentMs: Int
  /// Time spent so far in lessons begun and not yet completed (this try), by lesson id, over
  /// every sitting: a resumed lesson's summary counts the time before the break too.
  public var lessonTimeMs: [String: Int]
  /// Per question, by question id.
  public var questions: [String: QuestionProgress]
  /// Answers to questions the course no longer has (kept, not counted; restored if the id comes back).
  public var retiredQuestions: [String: QuestionProgress]
  /// Each graded question's review card (FSRS), by question id. A card outlives its question's
  /// retirement and a retake: it is the learner's memory, not the lesson's state.
  public var review: [String: ReviewCard] = [:]
  /// Cards of questions the course no longer has, kept aside with their answers (restored if the
  /// id comes back); never asked, never deleted.
  public var retiredReview: [String: ReviewCard] = [:]
  /// Reviews of `bazaar review` (not a lesson's first grading): how many were done, and how many
  /// of them were recalled (right by the last try). Their ratio is the learner's retention.
  public var reviewsDone: Int = 0
  public var reviewsRecalled: Int = 0
  /// Completions of lessons the course no longer has (kept, not counted; restored if the id comes back).
  public var retiredLessons: [String: LessonCompletion]

  /// Fresh progress in a course of this version and digest.
  public init(courseVersion: String, courseDigest: String) {
    self.courseVersion = courseVersion
    self.courseDigest = courseDigest
    self.position = nil
    self.lessonsCompleted = [:]
    self.timeSpentMs = 0
    self.lessonTimeMs = [:]
    self.questions = [:]
    self.retiredQuestions = [:]
    self.retiredLessons = [:]
  }

  enum CodingKeys: String, CodingKey {
    case courseVersion = "course_version", courseDigest = "course_digest", position
    case lessonsCompleted = "lessons_completed", timeSpentMs = "time_spent_ms", lessonTimeMs = "lesson_time_ms", questions
    case retiredQuestions = "retired_questions", retiredLessons = "retired_lessons", review
    case retiredReview = "retired_review", reviewsDone = "reviews_done", reviewsRecalled = "reviews_recalled"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    courseVersion = try c.decodeIfPresent(String.self, forKey: .courseVersion) ?? ""
    courseDigest = try c.decodeIfPresent(String.self, forKey: .courseDigest) ?? ""
    position = try c.decodeIfPresent(CoursePosition.self, forKey: .position)
    lessonsCompleted = try c.decodeIfPresent([String: LessonCompletion].self, forKey: .lessonsCompleted) ?? [:]
    timeSpentMs = Clamp.milliseconds(try c.decodeIfPresent(Int.self, forKey: .timeSpentMs) ?? 0)
    lessonTimeMs = (try c.decodeIfPresent([String: Int].self, forKey: .lessonTimeMs) ?? [:]).mapValues(Clamp.milliseconds)
    questions = try c.decodeIfPresent([String: QuestionProgress].self, forKey: .questions) ?? [:]
    retiredQuestions = try c.decodeIfPresent([String: QuestionProgress].self, forKey: .retiredQuestions) ?? [:]
    retiredLessons = try c.decodeIfPresent([String: LessonCompletion].self, forKey: .retiredLessons) ?? [:]
    review = try c.decodeIfPresent([String: ReviewCard].self, forKey: .review) ?? [:]
    retiredReview = try c.decodeIfPresent([String: ReviewCard].self, forKey: .retiredReview) ?? [:]
    reviewsDone = max(0, try c.decodeIfPresent(Int.self, forKey: .reviewsDone) ?? 0)
    reviewsRecalled = min(reviewsDone, max(0, try c.decodeIfPresent(Int.self, forKey: .reviewsRecalled) ?? 0))
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(courseVersion, forKey: .courseVersion)
    try c.encode(courseDigest, forKey: .courseDigest)
    try c.encodeIfPresent(position, forKey: .position)
    try c.encode(lessonsCompleted, forKey: .lessonsCompleted)
    try c.encode(timeSpentMs, forKey: .timeSpentMs)
    if !lessonTimeMs.isEmpty { try c.encode(lessonTimeMs, forKey: .lessonTimeMs) }
    try c.encode(questions, forKey: .questions)
    if !retiredQuestions.isEmpty { try c.encode(retiredQuestions, forKey: .retiredQuestions) }
    if !retiredLessons.isEmpty { try c.encode(retiredLessons, forKey: .retiredLessons) }
    if !review.isEmpty { try c.encode(review, forKey: .review) }
    if !retiredReview.isEmpty { try c.encode(retiredReview, forKey: .retiredReview) }
    if reviewsDone > 0 {
      try c.encode(reviewsDone, forKey: .reviewsDone)
      try c.encode(reviewsRecalled, forKey: .reviewsRecalled)
    }
  }

  /// A review of `question`'s card at `time`: its first, or the next.
  public mutating func reviewed(question: String, _ rating: FSRS.Rating, at time: Date) {
    review[question] = review[question]?.reviewed(rating, at: time) ?? ReviewCard.first(rating: rating, at: time)
  }

  /// Records `state`, the lesson engine's state of `question` after an answer (`answer` is the
  /// text as typed and `score` its grade, 0…1; nil for a hint or a skip). What is saved is
  /// exactly what the engine holds, so a resumed lesson counts as if it had never stopped.
  public mutating func record(question: String, state: QuestionState, answer: String?, score: Double?, at time: Date) {
    var q = questions[question] ?? QuestionProgress()
    q.state = state
    if let answer, let score {
      let t = ISOTime.truncated(time)
      if q.firstAnswered == nil { q.firstAnswered = t }
      q.lastAnswered = t
      q.lastAnswer = answer
      q.lastScore = Clamp.unit(score)
    }
    questions[question] = q
  }

  /// Records an answer to `question` the way a one-try, no-penalty engine would (tests and tools
  /// that build progress by hand).
  public mutating func recordAnswer(question: String, text: String, score: Double, at time: Date) {
    var st = questions[question]?.state ?? QuestionState()
    st.attempts += 1
    st.bestScore = max(st.bestScore, Clamp.unit(score))
    st.skipped = false
    st.finished = st.finished || st.bestScore >= 1 - 1e-9
    st.right = st.right || score >= 1 - 1e-9
    record(question: question, state: st, answer: text, score: score, at: time)
  }

  /// Records that a hint was shown for `question`.
  public mutating func recordHint(question: String) {
    questions[question, default: QuestionProgress()].hintsUsed += 1
  }

  /// Records that `question` was skipped.
  public mutating func recordSkip(question: String) {
    questions[question, default: QuestionProgress()].skipped = true
    questions[question, default: QuestionProgress()].finished = true
  }

  /// Records that `lesson` was completed with `score` at `time` (a later completion replaces it).
  /// `timeMs` is the time the try took over all its sittings; `awaitingLive` the live sessions
  /// of the lesson not yet run (the lesson is done once they have run).
  public mutating func completeLesson(_ lesson: String, score: Double, at time: Date, timeMs: Int? = nil, awaitingLive: [String] = []) {
    lessonsCompleted[lesson] = LessonCompletion(score: score, completed: ISOTime.truncated(time), timeMs: timeMs, awaitingLive: awaitingLive)
  }

  /// Whether `lesson` is done: completed, with its live sessions run.
  public func isDone(_ lesson: String) -> Bool { lessonsCompleted[lesson].map { $0.awaitingLive.isEmpty } ?? false }

  /// A live session of `scenario` ran: lessons that waited for it are done.
  public mutating func liveSessionRan(scenario: String) {
    for (id, var c) in lessonsCompleted where c.awaitingLive.contains(scenario) {
      c.awaitingLive.removeAll { $0 == scenario }
      lessonsCompleted[id] = c
    }
  }

  /// The engine's state of `question` (a fresh one when it has none).
  public func state(of question: String) -> QuestionState { questions[question]?.state ?? QuestionState() }

  /// Brings questions saved by schema 1 (best score before the retry penalty, no `finished`)
  /// over to the engine's state under `course`'s policy. The try the best score came from is not
  /// known, so the lower bound is taken: the last try when it scored best, else the one before it.
  mutating func migrateLegacyQuestions(in course: Course) {
    var byID: [String: Question] = [:]
    for q in course.questions where byID[q.id] == nil { byID[q.id] = q }
    let policies = course.policiesByQuestion()
    for (id, var q) in questions where q.legacy {
      let policy = policies[id] ?? course.policy
      let raw = Clamp.unit(q.bestScore ?? 0)
      let last = Clamp.unit(q.lastScore ?? raw)
      let n = q.attempts
      var best = 0.0
      if n > 0 {
        best = LessonSession.attemptScore(last, attempt: n, policy: policy)
        if raw > last + 1e-9 { best = max(best, LessonSession.attemptScore(raw, attempt: max(1, n - 1), policy: policy)) }
      }
      let allowed = byID[id].map { LessonSession.allowedAttempts($0, policy: policy) } ?? policy.attempts
      q.bestScore = n > 0 ? best : q.bestScore.map { _ in 0 }
      q.finished = q.skipped || raw >= 1 - 1e-9 || (allowed > 0 && n >= allowed)
      q.right = raw >= 1 - 1e-9
      q.legacy = false
      questions[id] = q
    }
  }
}

/// Where a learner stopped: a lesson and a 0-based step index in it.
public struct CoursePosition: Codable, Sendable, Equatable {
  /// Lesson id.
  public var lesson: String
  /// 0-based index into the lesson's steps.
  public var step: Int
  /// The id of the question at that step, if it is one (lets reconciliation follow a moved question).
  public var question: String?

  public init(lesson: String, step: Int, question: String? = nil) {
    self.lesson = lesson
    self.step = step
    self.question = question
  }

  enum CodingKeys: String, CodingKey { case lesson, step, question }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    lesson = try c.decode(String.self, forKey: .lesson)
    step = Clamp.index(try c.decodeIfPresent(Int.self, forKey: .step) ?? 0)
    question = try c.decodeIfPresent(String.self, forKey: .question)
  }
}

/// A completed lesson.
public struct LessonCompletion: Codable, Sendable, Equatable {
  /// The lesson's score, 0…1.
  public var score: Double
  /// When it was completed.
  public var completed: Date
  /// How long the try took, over all its sittings, in milliseconds (nil in files before schema 2).
  public var timeMs: Int?
  /// Live sessions (scenario ids) of the lesson not yet run; the lesson is done when none are left.
  public var awaitingLive: [String]

  public init(score: Double, completed: Date, timeMs: Int? = nil, awaitingLive: [String] = []) {
    self.score = Clamp.unit(score)
    self.completed = ISOTime.truncated(completed)
    self.timeMs = timeMs.map(Clamp.milliseconds)
    self.awaitingLive = awaitingLive
  }

  enum CodingKeys: String, CodingKey { case score, completed, timeMs = "time_ms", awaitingLive = "awaiting_live" }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    score = Clamp.unit(try c.decodeIfPresent(Double.self, forKey: .score) ?? 0)
    completed = try c.decodeIfPresent(Date.self, forKey: .completed) ?? Date(timeIntervalSince1970: 0)
    timeMs = try c.decodeIfPresent(Int.self, forKey: .timeMs).map(Clamp.milliseconds)
    awaitingLive = try c.decodeIfPresent([String].self, forKey: .awaitingLive) ?? []
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(score, forKey: .score)
    try c.encode(completed, forKey: .completed)
    try c.encodeIfPresent(timeMs, forKey: .timeMs)
    if !awaitingLive.isEmpty { try c.encode(awaitingLive, forKey: .awaitingLive) }
  }
}

/// Progress on one question: the lesson engine's ``QuestionState``, saved exactly, plus when and
/// what was last answered.
public struct QuestionProgress: Codable, Sendable, Equatable {
  /// Graded answers given (invalid answers, which do not use an attempt, are not counted).
  public var attempts: Int
  /// The best try's score after the retry penalty, 0…1 (before the hint penalty); nil before the
  /// first answer. In schema 1 files it was the score before the retry penalty (see ``legacy``).
  public var bestScore: Double?
  /// Score of the last answer as graded, 0…1, before any penalty.
  public var lastScore: Double?
  /// Hints shown.
  public var hintsUsed: Int
  /// Whether the learner skipped it (and has not answered it since).
  public var skipped: Bool
  /// Whether the question is over: right, out of tries, or skipped.
  public var finished: Bool
  /// Whether a try was fully right (perhaps after a hint or a retry).
  public var right: Bool
  /// When it was first answered.
  public var firstAnswered: Date?
  /// When it was last answered.
  public var lastAnswered: Date?
  /// The last answer's text, as typed.
  public var lastAnswer: String?
  /// Read from a schema 1 file and not yet brought over (it has no `finished`): the course's
  /// policy is needed to do that, so ``LearnerProgress/reconcile(with:)`` does it. Saved back
  /// as it was read until then.
  public var legacy = false

  public init() {
    attempts = 0
    hintsUsed = 0
    skipped = false
    finished = false
    right = false
  }

  /// The engine's state of this question.
  public var state: QuestionState {
    get {
      QuestionState(
        attempts: attempts, hintsUsed: hintsUsed, bestScore: bestScore ?? 0, finished: finished, skipped: skipped, right: right)
    }
    set {
      attempts = newValue.attempts
      hintsUsed = newValue.hintsUsed
      bestScore = newValue.attempts > 0 ? newValue.bestScore : nil
      finished = newValue.finished
      skipped = newValue.skipped
      right = newValue.right
      legacy = false
    }
  }

  enum CodingKeys: String, CodingKey {
    case attempts, bestScore = "best_score", lastScore = "last_score", hintsUsed = "hints_used", skipped, finished, right
    case firstAnswered = "first_answered", lastAnswered = "last_answered", lastAnswer = "last_answer"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    // A progress file is input too: every number is clamped before the engine counts with it.
    attempts = Clamp.count(try c.decodeIfPresent(Int.self, forKey: .attempts) ?? 0)
    bestScore = try c.decodeIfPresent(Double.self, forKey: .bestScore).map(Clamp.unit)
    lastScore = try c.decodeIfPresent(Double.self, forKey: .lastScore).map(Clamp.unit)
    hintsUsed = Clamp.count(try c.decodeIfPresent(Int.self, forKey: .hintsUsed) ?? 0)
    skipped = try c.decodeIfPresent(Bool.self, forKey: .skipped) ?? false
    let finished = try c.decodeIfPresent(Bool.self, forKey: .finished)
    self.finished = finished ?? skipped
    right = try c.decodeIfPresent(Bool.self, forKey: .right) ?? false
    legacy = finished == nil && attempts > 0
    firstAnswered = try c.decodeIfPresent(Date.self, forKey: .firstAnswered)
    lastAnswered = try c.decodeIfPresent(Date.self, forKey: .lastAnswered)
    lastAnswer = try c.decodeIfPresent(String.self, forKey: .lastAnswer)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(attempts, forKey: .attempts)
    try c.encodeIfPresent(bestScore, forKey: .bestScore)
    try c.encodeIfPresent(lastScore, forKey: .lastScore)
    try c.encode(hintsUsed, forKey: .hintsUsed)
    try c.encode(skipped, forKey: .skipped)
    if !legacy { try c.encode(finished, forKey: .finished) }
    if !legacy { try c.encode(right, forKey: .right) }
    try c.encodeIfPresent(firstAnswered, forKey: .firstAnswered)
    try c.encodeIfPresent(lastAnswered, forKey: .lastAnswered)
    try c.encodeIfPresent(lastAnswer, forKey: .lastAnswer)
  }
}

/// Limits for numbers read from files: whatever a damaged or hand-edited file says, nothing
/// counted with it can trap or run away.
enum Clamp {
  /// At most a million (attempts, hints).
  static func count(_ n: Int) -> Int { min(1_000_000, max(0, n)) }
  /// 0…1; NaN becomes 0.
  static func unit(_ x: Double) -> Double { x.isFinite ? min(1, max(0, x)) : 0 }
  /// 0…10 years.
  static func milliseconds(_ n: Int) -> Int { min(315_360_000_000, max(0, n)) }
  /// Milliseconds from `start` to `end` (a clock set back gives a negative figure; nothing traps).
  static func elapsedMs(from start: Date, to end: Date) -> Int64 {
    let ms = (end.timeIntervalSince(start) * 1000).rounded()
    return ms.isFinite ? Int64(max(-9.0e15, min(9.0e15, ms))) : 0
  }
  /// A step index: 0…a million.
  static func index(_ n: Int) -> Int { min(1_000_000, max(0, n)) }
}

/// A finished (or interrupted) session, lesson or live.
public struct SessionSummary: Codable, Sendable, Equatable {
  /// The session id, as in the transcript header.
  public var id: String
  /// `lesson` or `live` (kept as text so a newer kind never makes the file unreadable).
  public var kind: String
  /// Course id.
  public var course: String
  /// Live scenario id, for live sessions.
  public var scenario: String?
  /// The session's score, 0…1.
  public var score: Double
  /// When it started.
  public var started: Date
  /// When it ended.
  public var ended: Date
  /// How it ended (`finished`, `quit`, `eof`, `interrupt`, `error`), as in the transcript.
  public var reason: String?
  /// The transcript's path, if one was written.
  public var transcript: String?

  public init(id: String, kind: String, course: String, scenario: String? = nil, score: Double,
              started: Date, ended: Date, reason: String? = nil, transcript: String? = nil) {
    self.id = id
    self.kind = kind
    self.course = course
    self.scenario = scenario
    self.score = score
    self.started = ISOTime.truncated(started)
    self.ended = ISOTime.truncated(ended)
    self.reason = reason
    self.transcript = transcript
  }
}

// MARK: - Reconciling with a changed course

/// What ``LearnerProgress/reconcile(with:)`` found and changed.
public struct ReconcileReport: Sendable, Equatable {
  /// The course id.
  public var course: String
  /// True when the learner had no progress in this course (an entry was created).
  public var isNew: Bool
  /// The course file changed since progress was last saved (different digest).
  public var digestChanged: Bool
  /// The course's version string changed.
  public var versionChanged: Bool
  /// Version and digest recorded before reconciling (nil when new).
  public var previousVersion: String?
  public var previousDigest: String?
  /// Ids of answered questions the course no longer has (moved to `retired_questions`), sorted.
  public var droppedQuestions: [String]
  /// Ids of completed lessons the course no longer has (moved to `retired_lessons`), sorted.
  public var droppedLessons: [String]
  /// Ids brought back from the retired lists because the course has them again, sorted.
  public var restoredQuestions: [String]
  public var restoredLessons: [String]
  /// The saved position no longer exists and was reset to the start.
  public var positionReset: Bool
  /// The saved position was moved (its question moved, or its step index was past the lesson's end).
  public var positionMoved: Bool

  /// True when nothing about the learner's records had to change.
  public var isClean: Bool {
    !digestChanged && !versionChanged && droppedQuestions.isEmpty && droppedLessons.isEmpty
      && restoredQuestions.isEmpty && restoredLessons.isEmpty && !positionReset && !positionMoved
  }

  init(course: String) {
    self.course = course
    isNew = false
    digestChanged = false
    versionChanged = false
    droppedQuestions = []
    droppedLessons = []
    restoredQuestions = []
    restoredLessons = []
    positionReset = false
    positionMoved = false
  }
}

extension LearnerProgress {
  /// Brings the progress in `course` in line with the course as it is now.
  ///
  /// Answers to questions whose ids still exist are kept as they are; answers to questions that
  /// are gone are moved to `retired_questions` (never deleted) and listed; the same for completed
  /// lessons. The position follows its question if it moved, is clamped to the lesson's last step,
  /// or reset to the start if its lesson is gone. The recorded version and digest become the
  /// course's. A learner new to the course gets an empty entry.
  @discardableResult
  public mutating func reconcile(with course: Course) -> ReconcileReport {
    var report = ReconcileReport(course: course.id)
    guard var cp = courses[course.id] else {
      report.isNew = true
      courses[course.id] = CourseProgress(courseVersion: course.version, courseDigest: course.digest)
      return report
    }
    cp.migrateLegacyQuestions(in: course)
    report.previousVersion = cp.courseVersion
    report.previousDigest = cp.courseDigest
    report.digestChanged = cp.courseDigest != course.digest
    report.versionChanged = cp.courseVersion != course.version

    let questionIDs = Set(course.questions.map(\.id))
    let lessonIDs = Set(course.lessons.map(\.id))

    for (id, q) in cp.questions where !questionIDs.contains(id) {
      cp.retiredQuestions[id] = q
      cp.questions[id] = nil
      report.droppedQuestions.append(id)
    }
    for (id, q) in cp.retiredQuestions where questionIDs.contains(id) && cp.questions[id] == nil {
      cp.questions[id] = q
      cp.retiredQuestions[id] = nil
      report.restoredQuestions.append(id)
    }
    // A card goes aside with its question's answers, and comes back with them.
    for (id, card) in cp.review where !questionIDs.contains(id) {
      cp.retiredReview[id] = card
      cp.review[id] = nil
    }
    for (id, card) in cp.retiredReview where questionIDs.contains(id) && cp.review[id] == nil {
      cp.review[id] = card
      cp.retiredReview[id] = nil
    }
    for (id, l) in cp.lessonsCompleted where !lessonIDs.contains(id) {
      cp.retiredLessons[id] = l
      cp.lessonsCompleted[id] = nil
      report.droppedLessons.append(id)
    }
    for (id, l) in cp.retiredLessons where lessonIDs.contains(id) && cp.lessonsCompleted[id] == nil {
      cp.lessonsCompleted[id] = l
      cp.retiredLessons[id] = nil
      report.restoredLessons.append(id)
    }
    report.droppedQuestions.sort()
    report.droppedLessons.sort()
    report.restoredQuestions.sort()
    report.restoredLessons.sort()

    if let p = cp.position {
      let updated = Self.reconciled(p, in: course)
      if updated == nil { report.positionReset = true } else if updated != p { report.positionMoved = true }
      cp.position = updated
    }
    cp.courseVersion = course.version
    cp.courseDigest = course.digest
    courses[course.id] = cp
    return report
  }

  /// The position `p` in `course` as it is now, or nil if it no longer exists.
  static func reconciled(_ p: CoursePosition, in course: Course) -> CoursePosition? {
    if let qid = p.question {
      for lesson in course.lessons {
        for (i, step) in lesson.steps.enumerated() {
          if case .question(let q) = step.content, q.id == qid {
            return CoursePosition(lesson: lesson.id, step: i, question: qid)
          }
        }
      }
    }
    guard let lesson = course.lessons.first(where: { $0.id == p.lesson }) else { return nil }
    let step = min(max(0, p.step), max(0, lesson.steps.count - 1))
    var question: String? = nil
    if lesson.steps.indices.contains(step), case .question(let q) = lesson.steps[step].content { question = q.id }
    return CoursePosition(lesson: lesson.id, step: step, question: question)
  }
}

// MARK: - Times

/// ISO-8601 times as Bazaar writes them: UTC, second precision, `2025-03-02T10:42:07Z`.
///
/// Reading also accepts fractional seconds and `±HH:MM` offsets (hand-edited files).
public enum ISOTime {
  /// `2025-03-02T10:42:07Z` (seconds truncated toward the past).
  public static func string(_ date: Date) -> String {
    let f = fields(date)
    return "\(pad(f.year, 4))-\(pad(f.month, 2))-\(pad(f.day, 2))T\(pad(f.hour, 2)):\(pad(f.minute, 2)):\(pad(f.second, 2))Z"
  }

  /// `20250302T104207Z`, for file names.
  public static func compact(_ date: Date) -> String {
    let f = fields(date)
    return "\(pad(f.year, 4))\(pad(f.month, 2))\(pad(f.day, 2))T\(pad(f.hour, 2))\(pad(f.minute, 2))\(pad(f.second, 2))Z"
  }

  /// `date` truncated to a whole second (what survives a round trip through ``string(_:)``).
  public static func truncated(_ date: Date) -> Date {
    Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
  }

  /// The start of day `YYYY-MM-DD` in `timeZone`; nil if `text` is not such a day.
  public static func day(_ text: String, timeZone: TimeZone) -> Date? {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
      let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m), (1...31).contains(d)
    else { return nil }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    let components = DateComponents(year: y, month: m, day: d)
    guard components.isValidDate(in: calendar) else { return nil }
    return calendar.date(from: components)
  }

  /// Parses `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`; nil if it is not that.
  public static func date(_ text: String) -> Date? {
    let b = Array(text.utf8)
    var i = 0
    func number(_ n: Int) -> Int? {
      guard i + n <= b.count else { return nil }
      var v = 0
      for k in i..<(i + n) {
        guard b[k] >= 48, b[k] <= 57 else { return nil }
        v = v * 10 + Int(b[k] - 48)
      }
      i += n
      return v
    }
    func expect(_ c: Character) -> Bool {
      guard i < b.count, let a = c.asciiValue, b[i] == a || (a >= 65 && a <= 90 && b[i] == a + 32) else { return false }
      i += 1
      return true
    }
    guard let y = number(4), expect("-"), let mo = number(2), expect("-"), let d = number(2), expect("T"),
      let h = number(2), expect(":"), let mi = number(2), expect(":"), let s = number(2)
    else { return nil }
    guard (1...12).contains(mo), (1...31).contains(d), (0...23).contains(h), (0...59).contains(mi), (0...60).contains(s)
    else { return nil }
    var fraction = 0.0
    if i < b.count, b[i] == UInt8(ascii: ".") {
      i += 1
      var scale = 0.1
      let start = i
      while i < b.count, b[i] >= 48, b[i] <= 57 {
        fraction += Double(b[i] - 48) * scale
        scale /= 10
        i += 1
      }
      if i == start { return nil }
    }
    var offset = 0
    if expect("Z") {
    } else if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
      let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
      i += 1
      guard let oh = number(2), expect(":"), let om = number(2), oh <= 23, om <= 59 else { return nil }
      offset = sign * (oh * 3600 + om * 60)
    } else {
      return nil
    }
    guard i == b.count else { return nil }
    let days = daysFromCivil(y, mo, d)
    let secs = days * 86400 + h * 3600 + mi * 60 + s - offset
    return Date(timeIntervalSince1970: Double(secs) + fraction)
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
  static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
    let y = m <= 2 ? y0 - 1 : y0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  static func fields(_ date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
    let t = date.timeIntervalSince1970
    let total = t.isFinite ? Int(max(-62_135_596_800, min(253_402_300_799, t.rounded(.down)))) : 0
    var days = total / 86400
    var rem = total % 86400
    if rem < 0 {
      rem += 86400
      days -= 1
    }
    // civil from days (Howard Hinnant)
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    return (year, month, day, rem / 3600, rem % 3600 / 60, rem % 60)
  }

  static func pad(_ v: Int, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
  }

  /// Local wall-clock `HH:MM` of `date`, with the date in front when it is not today.
  public static func localShort(_ date: Date, now: Date) -> String {
    var t = time_t(Int(date.timeIntervalSince1970.rounded(.down)))
    var n = time_t(Int(now.timeIntervalSince1970.rounded(.down)))
    var a = tm()
    var b = tm()
    guard localtime_r(&t, &a) != nil, localtime_r(&n, &b) != nil else { return string(date) }
    let hm = "\(pad(Int(a.tm_hour), 2)):\(pad(Int(a.tm_min), 2))"
    if a.tm_year == b.tm_year && a.tm_yday == b.tm_yday { return hm }
    return "\(pad(Int(a.tm_year) + 1900, 4))-\(pad(Int(a.tm_mon) + 1, 2))-\(pad(Int(a.tm_mday), 2)) \(hm)"
  }

  /// A JSON encoder writing dates with ``string(_:)``; sorted keys, pretty when asked.
  static func encoder(pretty: Bool) -> JSONEncoder {
    let e = JSONEncoder()
    e.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
    e.dateEncodingStrategy = .custom { date, encoder in
      var c = encoder.singleValueContainer()
      try c.encode(ISOTime.string(date))
    }
    return e
  }

  /// A JSON decoder reading dates with ``date(_:)``.
  static func decoder() -> JSONDecoder {
    let d = JSONDecoder()
    d.dateDecodingStrategy = .custom { decoder in
      let c = try decoder.singleValueContainer()
      let s = try c.decode(String.self)
      guard let date = ISOTime.date(s) else {
        throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an ISO-8601 time: \(s)")
      }
      return date
    }
    return d
  }
}
