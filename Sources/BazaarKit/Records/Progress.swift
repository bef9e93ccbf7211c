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
  /// The schema this build writes and the newest it reads.
  public static let currentSchema = 1

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
    schema = try c.decode(Int.self, forKey: .schema)
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
  /// Time spent in this course's lessons, in milliseconds.
  public var timeSpentMs: Int
  /// Per question, by question id.
  public var questions: [String: QuestionProgress]
  /// Answers to questions the course no longer has (kept, not counted; restored if the id comes back).
  public var retiredQuestions: [String: QuestionProgress]
  /// Completions of lessons the course no longer has (kept, not counted; restored if the id comes back).
  public var retiredLessons: [String: LessonCompletion]

  /// Fresh progress in a course of this version and digest.
  public init(courseVersion: String, courseDigest: String) {
    self.courseVersion = courseVersion
    self.courseDigest = courseDigest
    self.position = nil
    self.lessonsCompleted = [:]
    self.timeSpentMs = 0
    self.questions = [:]
    self.retiredQuestions = [:]
    self.retiredLessons = [:]
  }

  enum CodingKeys: String, CodingKey {
    case courseVersion = "course_version", courseDigest = "course_digest", position
    case lessonsCompleted = "lessons_completed", timeSpentMs = "time_spent_ms", questions
    case retiredQuestions = "retired_questions", retiredLessons = "retired_lessons"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    courseVersion = try c.decodeIfPresent(String.self, forKey: .courseVersion) ?? ""
    courseDigest = try c.decodeIfPresent(String.self, forKey: .courseDigest) ?? ""
    position = try c.decodeIfPresent(CoursePosition.self, forKey: .position)
    lessonsCompleted = try c.decodeIfPresent([String: LessonCompletion].self, forKey: .lessonsCompleted) ?? [:]
    timeSpentMs = try c.decodeIfPresent(Int.self, forKey: .timeSpentMs) ?? 0
    questions = try c.decodeIfPresent([String: QuestionProgress].self, forKey: .questions) ?? [:]
    retiredQuestions = try c.decodeIfPresent([String: QuestionProgress].self, forKey: .retiredQuestions) ?? [:]
    retiredLessons = try c.decodeIfPresent([String: LessonCompletion].self, forKey: .retiredLessons) ?? [:]
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(courseVersion, forKey: .courseVersion)
    try c.encode(courseDigest, forKey: .courseDigest)
    try c.encodeIfPresent(position, forKey: .position)
    try c.encode(lessonsCompleted, forKey: .lessonsCompleted)
    try c.encode(timeSpentMs, forKey: .timeSpentMs)
    try c.encode(questions, forKey: .questions)
    if !retiredQuestions.isEmpty { try c.encode(retiredQuestions, forKey: .retiredQuestions) }
    if !retiredLessons.isEmpty { try c.encode(retiredLessons, forKey: .retiredLessons) }
  }

  /// Records an answer to `question`: one more attempt, last and best score, times, the text.
  public mutating func recordAnswer(question: String, text: String, score: Double, at time: Date) {
    questions[question, default: QuestionProgress()].recordAnswer(text: text, score: score, at: time)
  }

  /// Records that a hint was shown for `question`.
  public mutating func recordHint(question: String) {
    questions[question, default: QuestionProgress()].hintsUsed += 1
  }

  /// Records that `question` was skipped.
  public mutating func recordSkip(question: String) {
    questions[question, default: QuestionProgress()].skipped = true
  }

  /// Records that `lesson` was completed with `score` at `time` (a later completion replaces it).
  public mutating func completeLesson(_ lesson: String, score: Double, at time: Date) {
    lessonsCompleted[lesson] = LessonCompletion(score: score, completed: ISOTime.truncated(time))
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
}

/// A completed lesson.
public struct LessonCompletion: Codable, Sendable, Equatable {
  /// The lesson's score, 0…1.
  public var score: Double
  /// When it was completed.
  public var completed: Date

  public init(score: Double, completed: Date) {
    self.score = score
    self.completed = ISOTime.truncated(completed)
  }
}

/// Progress on one question.
public struct QuestionProgress: Codable, Sendable, Equatable {
  /// Graded answers given (invalid answers, which do not use an attempt, are not counted).
  public var attempts: Int
  /// Best score so far, 0…1; nil before the first answer.
  public var bestScore: Double?
  /// Score of the last answer, 0…1.
  public var lastScore: Double?
  /// Hints shown.
  public var hintsUsed: Int
  /// Whether the learner skipped it (and has not answered it since).
  public var skipped: Bool
  /// When it was first answered.
  public var firstAnswered: Date?
  /// When it was last answered.
  public var lastAnswered: Date?
  /// The last answer's text, as typed.
  public var lastAnswer: String?

  public init() {
    attempts = 0
    hintsUsed = 0
    skipped = false
  }

  enum CodingKeys: String, CodingKey {
    case attempts, bestScore = "best_score", lastScore = "last_score", hintsUsed = "hints_used", skipped
    case firstAnswered = "first_answered", lastAnswered = "last_answered", lastAnswer = "last_answer"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    attempts = try c.decodeIfPresent(Int.self, forKey: .attempts) ?? 0
    bestScore = try c.decodeIfPresent(Double.self, forKey: .bestScore)
    lastScore = try c.decodeIfPresent(Double.self, forKey: .lastScore)
    hintsUsed = try c.decodeIfPresent(Int.self, forKey: .hintsUsed) ?? 0
    skipped = try c.decodeIfPresent(Bool.self, forKey: .skipped) ?? false
    firstAnswered = try c.decodeIfPresent(Date.self, forKey: .firstAnswered)
    lastAnswered = try c.decodeIfPresent(Date.self, forKey: .lastAnswered)
    lastAnswer = try c.decodeIfPresent(String.self, forKey: .lastAnswer)
  }

  /// One more graded answer.
  public mutating func recordAnswer(text: String, score: Double, at time: Date) {
    let t = ISOTime.truncated(time)
    attempts += 1
    lastScore = score
    bestScore = max(bestScore ?? score, score)
    if firstAnswered == nil { firstAnswered = t }
    lastAnswered = t
    lastAnswer = text
    skipped = false
  }
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
  static func localShort(_ date: Date, now: Date) -> String {
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
