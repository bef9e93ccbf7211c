import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Transcripts: one JSON object per line (JSON Lines), append-only. The first line is a
// `TranscriptHeader`; every other line is a `TranscriptEntry` (an event with its time). The format
// is documented key by key in docs/transcript-format.md.

/// The first line of a transcript: who, which course (exactly), which build, when, which seed.
public struct TranscriptHeader: Sendable, Equatable {
  /// The format this build writes: `bazaar-transcript/1`.
  public static let currentFormat = "bazaar-transcript/1"

  /// `bazaar-transcript/1`.
  public var format: String
  /// Session id: a UUID, or an id derived from a seed for reproducible runs.
  public var session: String
  /// The learner's name as shown.
  public var learner: String
  /// The course exactly as used.
  public var course: CourseRef
  /// Bazaar's version.
  public var app: String
  /// When the session started (whole seconds, UTC); every event's `ms` counts from here.
  public var started: Date
  /// The seed of the learner's presentation (option order, drawn calc values).
  public var seed: String
  /// `lesson`, `live` or `review`.
  public var kind: String
  /// Live scenario id, for live sessions.
  public var scenario: String?

  /// A course as identified in a transcript.
  public struct CourseRef: Codable, Sendable, Equatable {
    public var id: String
    public var version: String
    /// SHA-256 (hex) of the course file.
    public var digest: String

    public init(id: String, version: String, digest: String) {
      self.id = id
      self.version = version
      self.digest = digest
    }

    /// The reference to `course`.
    public init(_ course: Course) { self.init(id: course.id, version: course.version, digest: course.digest) }
  }

  /// A header; `started` is truncated to whole seconds.
  public init(session: String, learner: String, course: CourseRef, app: String = Bazaar.version, started: Date,
              seed: String, kind: String = "lesson", scenario: String? = nil) {
    self.format = Self.currentFormat
    self.session = session
    self.learner = learner
    self.course = course
    self.app = app
    self.started = ISOTime.truncated(started)
    self.seed = seed
    self.kind = kind
    self.scenario = scenario
  }

  /// A new random session id (lower-case UUID).
  public static func newSessionID() -> String { UUID().uuidString.lowercased() }

  var jsonFields: [(String, JSONLine.Value)] {
    var f: [(String, JSONLine.Value)] = [
      ("type", .string("header")), ("format", .string(format)), ("session", .string(session)),
      ("learner", .string(learner)),
      ("course", .object([("id", .string(course.id)), ("version", .string(course.version)), ("digest", .string(course.digest))])),
      ("app", .string(app)), ("started", .string(ISOTime.string(started))), ("seed", .string(seed)),
      ("kind", .string(kind)),
    ]
    if let scenario { f.append(("scenario", .string(scenario))) }
    return f
  }
}

extension TranscriptHeader: Codable {
  enum CodingKeys: String, CodingKey { case type, format, session, learner, course, app, started, seed, kind, scenario }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let type = try c.decode(String.self, forKey: .type)
    guard type == "header" else {
      throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "the first line must be the header (type \"header\"), not \"\(type)\"")
    }
    format = try c.decode(String.self, forKey: .format)
    session = try c.decode(String.self, forKey: .session)
    learner = try c.decode(String.self, forKey: .learner)
    course = try c.decode(CourseRef.self, forKey: .course)
    app = try c.decodeIfPresent(String.self, forKey: .app) ?? ""
    started = try c.decode(Date.self, forKey: .started)
    seed = try c.decodeIfPresent(String.self, forKey: .seed) ?? ""
    kind = try c.decodeIfPresent(String.self, forKey: .kind) ?? "lesson"
    scenario = try c.decodeIfPresent(String.self, forKey: .scenario)
  }

  public func encode(to encoder: any Encoder) throws { try JSONLine.encode(jsonFields, to: encoder) }
}

/// How a session ended.
public struct TranscriptEndReason: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
  public var rawValue: String
  public init(rawValue: String) { self.rawValue = rawValue }
  public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(rawValue)
  }
  public var description: String { rawValue }

  /// The learner reached the end.
  public static let finished = TranscriptEndReason(rawValue: "finished")
  /// The learner typed `:quit`.
  public static let quit = TranscriptEndReason(rawValue: "quit")
  /// Input ended (Ctrl-D, end of a piped script).
  public static let eof = TranscriptEndReason(rawValue: "eof")
  /// Ctrl-C or a termination signal.
  public static let interrupt = TranscriptEndReason(rawValue: "interrupt")
  /// Bazaar stopped because of an error.
  public static let error = TranscriptEndReason(rawValue: "error")
}

/// One event of a session. Keys on the wire are snake_case; see docs/transcript-format.md.
public enum TranscriptEvent: Sendable, Equatable {
  /// A lesson began in this sitting at step `step`; `retake` when it had been completed before
  /// and is begun again from its start (its questions start afresh).
  case lessonStart(lesson: String, step: Int, retake: Bool)
  /// A step was shown: lesson id, 0-based step index, and the question id when it is a question.
  case step(lesson: String, step: Int, question: String?)
  /// An answer as typed (`raw`), its score 0…1, whether it was invalid (asked again, no attempt
  /// used), the attempt number (1-based; invalid answers repeat the number of the attempt they
  /// did not use), and the time from showing the question to the answer.
  case answer(question: String, raw: String, score: Double, invalid: Bool, attempt: Int, elapsedMs: Int)
  /// Hint number `n` (1-based) was shown.
  case hint(question: String, n: Int)
  /// The question was skipped.
  case skip(question: String)
  /// The learner switched the language.
  case lang(from: String, to: String)
  /// A lesson ended with this score, 0…1 (nil for a lesson without questions).
  case lessonEnd(lesson: String, score: Double?)
  /// Review number `n` of `question` (of lesson `lesson`) began, in a review session: its answers
  /// follow. `n` makes the question's seed (fresh calc values, a fresh option order).
  case review(question: String, lesson: String, n: Int)
  /// The session ended; `detail` says more for `error`.
  case end(reason: TranscriptEndReason, detail: String? = nil)
  /// A live session began: `real_time` or `turn_based`, the clock speed, and the language viewers
  /// write in (the simulation depends on it).
  case liveStart(mode: String, speed: Double, language: String)
  /// The host said `text` at simulated time `atMs`.
  case host(text: String, atMs: Int)
  /// The host started promotion `id` at simulated time `atMs`.
  case promo(id: String, atMs: Int)
  /// The live session ended at simulated time `atMs` with this score out of 100.
  case liveEnd(atMs: Int, score: Double)
  /// An event type this build does not know (written by a newer build); read, not written.
  case unknown(type: String)

  /// The `type` key.
  public var type: String {
    switch self {
    case .lessonStart: "lesson_start"
    case .step: "step"
    case .answer: "answer"
    case .hint: "hint"
    case .skip: "skip"
    case .lang: "lang"
    case .lessonEnd: "lesson_end"
    case .review: "review"
    case .end: "end"
    case .liveStart: "live_start"
    case .host: "host"
    case .promo: "promo"
    case .liveEnd: "live_end"
    case .unknown(let t): t
    }
  }

  /// The event's keys after `type`, in the order they are written.
  var jsonFields: [(String, JSONLine.Value)] {
    switch self {
    case .lessonStart(let lesson, let step, let retake):
      var f: [(String, JSONLine.Value)] = [("lesson", .string(lesson)), ("step", .int(step))]
      if retake { f.append(("retake", .bool(true))) }
      return f
    case .step(let lesson, let step, let question):
      var f: [(String, JSONLine.Value)] = [("lesson", .string(lesson)), ("step", .int(step))]
      if let question { f.append(("question", .string(question))) }
      return f
    case .answer(let q, let raw, let score, let invalid, let attempt, let elapsed):
      return [("question", .string(q)), ("raw", .string(raw)), ("score", .double(score)), ("invalid", .bool(invalid)),
              ("attempt", .int(attempt)), ("elapsed_ms", .int(elapsed))]
    case .hint(let q, let n): return [("question", .string(q)), ("n", .int(n))]
    case .skip(let q): return [("question", .string(q))]
    case .lang(let from, let to): return [("from", .string(from)), ("to", .string(to))]
    case .lessonEnd(let lesson, let score):
      var f: [(String, JSONLine.Value)] = [("lesson", .string(lesson))]
      if let score { f.append(("score", .double(score))) }
      return f
    case .review(let q, let lesson, let n): return [("question", .string(q)), ("lesson", .string(lesson)), ("n", .int(n))]
    case .end(let reason, let detail):
      var f: [(String, JSONLine.Value)] = [("reason", .string(reason.rawValue))]
      if let detail { f.append(("detail", .string(detail))) }
      return f
    case .liveStart(let mode, let speed, let language):
      return [("mode", .string(mode)), ("speed", .double(speed)), ("language", .string(language))]
    case .host(let text, let at): return [("at_ms", .int(at)), ("text", .string(text))]
    case .promo(let id, let at): return [("at_ms", .int(at)), ("id", .string(id))]
    case .liveEnd(let at, let score): return [("at_ms", .int(at)), ("score", .double(score))]
    case .unknown: return []
    }
  }
}

extension TranscriptEvent {
  /// The most attempts, hints or steps a transcript line may count; more is clamped to it.
  public static let maxCount = 1_000_000

  /// The event with its numbers in range, as read from a file (which is input): counts (`step`,
  /// `attempt`, `n`) 0…``maxCount``; times 0…``TranscriptEntry/maxMs``; scores 0…1 (a live
  /// show's 0…100), 0 when not finite; a live clock `speed` 0.25…20 (as `--speed` allows), 1 when
  /// not finite.
  public var clampedNumbers: TranscriptEvent {
    func count(_ n: Int) -> Int { min(Self.maxCount, max(0, n)) }
    func score(_ s: Double, _ top: Double = 1) -> Double { s.isFinite ? min(top, max(0, s)) : 0 }
    func ms(_ v: Int) -> Int { TranscriptEntry.clampMs(v) }
    switch self {
    case .lessonStart(let lesson, let step, let retake): return .lessonStart(lesson: lesson, step: count(step), retake: retake)
    case .step(let lesson, let step, let question): return .step(lesson: lesson, step: count(step), question: question)
    case .answer(let q, let raw, let s, let invalid, let attempt, let elapsed):
      return .answer(question: q, raw: raw, score: score(s), invalid: invalid, attempt: count(attempt), elapsedMs: ms(elapsed))
    case .hint(let q, let n): return .hint(question: q, n: count(n))
    case .review(let q, let lesson, let n): return .review(question: q, lesson: lesson, n: count(n))
    case .lessonEnd(let lesson, let s): return .lessonEnd(lesson: lesson, score: s.map { score($0) })
    case .liveStart(let mode, let speed, let language):
      return .liveStart(mode: mode, speed: speed.isFinite ? min(20, max(0.25, speed)) : 1, language: language)
    case .host(let text, let at): return .host(text: text, atMs: ms(at))
    case .promo(let id, let at): return .promo(id: id, atMs: ms(at))
    case .liveEnd(let at, let s): return .liveEnd(atMs: ms(at), score: score(s, 100))
    case .skip, .lang, .end, .unknown: return self
    }
  }
}

extension TranscriptEvent: Codable {
  enum CodingKeys: String, CodingKey {
    case type, lesson, step, question, raw, score, invalid, attempt, elapsedMs = "elapsed_ms", n, from, to, reason, detail
    case mode, speed, language, text, atMs = "at_ms", id, retake
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let type = try c.decode(String.self, forKey: .type)
    switch type {
    case "lesson_start":
      self = .lessonStart(lesson: try c.decode(String.self, forKey: .lesson), step: try c.decode(Int.self, forKey: .step),
                          retake: try c.decodeIfPresent(Bool.self, forKey: .retake) ?? false)
    case "step":
      self = .step(lesson: try c.decode(String.self, forKey: .lesson), step: try c.decode(Int.self, forKey: .step),
                   question: try c.decodeIfPresent(String.self, forKey: .question))
    case "answer":
      self = .answer(question: try c.decode(String.self, forKey: .question), raw: try c.decode(String.self, forKey: .raw),
                     score: try c.decode(Double.self, forKey: .score),
                     invalid: try c.decodeIfPresent(Bool.self, forKey: .invalid) ?? false,
                     attempt: try c.decode(Int.self, forKey: .attempt),
                     elapsedMs: try c.decodeIfPresent(Int.self, forKey: .elapsedMs) ?? 0)
    case "hint":
      self = .hint(question: try c.decode(String.self, forKey: .question), n: try c.decode(Int.self, forKey: .n))
    case "skip":
      self = .skip(question: try c.decode(String.self, forKey: .question))
    case "review":
      self = .review(question: try c.decode(String.self, forKey: .question), lesson: try c.decodeIfPresent(String.self, forKey: .lesson) ?? "",
                     n: try c.decode(Int.self, forKey: .n))
    case "lang":
      self = .lang(from: try c.decode(String.self, forKey: .from), to: try c.decode(String.self, forKey: .to))
    case "lesson_end":
      self = .lessonEnd(lesson: try c.decode(String.self, forKey: .lesson), score: try c.decodeIfPresent(Double.self, forKey: .score))
    case "end":
      self = .end(reason: try c.decode(TranscriptEndReason.self, forKey: .reason),
                  detail: try c.decodeIfPresent(String.self, forKey: .detail))
    case "live_start":
      self = .liveStart(mode: try c.decode(String.self, forKey: .mode), speed: try c.decodeIfPresent(Double.self, forKey: .speed) ?? 1,
                        language: try c.decode(String.self, forKey: .language))
    case "host":
      self = .host(text: try c.decode(String.self, forKey: .text), atMs: try c.decode(Int.self, forKey: .atMs))
    case "promo":
      self = .promo(id: try c.decode(String.self, forKey: .id), atMs: try c.decode(Int.self, forKey: .atMs))
    case "live_end":
      self = .liveEnd(atMs: try c.decode(Int.self, forKey: .atMs), score: try c.decode(Double.self, forKey: .score))
    case "header":
      throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "a second header")
    default:
      self = .unknown(type: type)
    }
  }

  public func encode(to encoder: any Encoder) throws {
    try JSONLine.encode([("type", .string(type))] + jsonFields, to: encoder)
  }
}

/// One line after the header: an event, when it happened, and milliseconds since the session start.
public struct TranscriptEntry: Sendable, Equatable, Codable {
  /// What happened.
  public var event: TranscriptEvent
  /// Wall-clock time (UTC, whole seconds).
  public var t: Date
  /// Milliseconds since the header's `started`.
  public var ms: Int

  public init(_ event: TranscriptEvent, t: Date, ms: Int) {
    self.event = event
    self.t = ISOTime.truncated(t)
    self.ms = ms
  }

  /// An entry read from a file: `ms` and the event's numbers clamped to their ranges (see
  /// ``TranscriptEvent/clampedNumbers``), `t` as read (not truncated).
  init(read event: TranscriptEvent, t: Date, ms: Int) {
    self.event = event.clampedNumbers
    self.t = t
    self.ms = Self.clampMs(ms)
  }

  /// The largest time in milliseconds a transcript line may carry (`ms`, `elapsed_ms`, `at_ms`):
  /// about 31 years. Larger values read from a file are clamped to it, negative ones to 0, so sums
  /// over millions of lines cannot overflow.
  public static let maxMs = 1_000_000_000_000

  /// `ms` clamped to 0…``maxMs``.
  static func clampMs(_ ms: Int) -> Int { min(maxMs, max(0, ms)) }

  /// A time in milliseconds computed from dates, clamped to 0…``maxMs`` (0 when not finite).
  static func clampMs(_ ms: Double) -> Int {
    guard ms.isFinite else { return 0 }
    return Int(min(Double(maxMs), max(0, ms)).rounded(.down))
  }

  enum CodingKeys: String, CodingKey { case t, ms }

  public init(from decoder: any Decoder) throws {
    event = try TranscriptEvent(from: decoder).clampedNumbers
    let c = try decoder.container(keyedBy: CodingKeys.self)
    t = try c.decode(Date.self, forKey: .t)
    ms = Self.clampMs(try c.decode(Int.self, forKey: .ms))
  }

  public func encode(to encoder: any Encoder) throws { try JSONLine.encode(jsonFields, to: encoder) }

  var jsonFields: [(String, JSONLine.Value)] {
    [("type", .string(event.type)), ("t", .string(ISOTime.string(t))), ("ms", .int(ms))] + event.jsonFields
  }
}

// MARK: - Writing

/// Appends a session's transcript, one line per event, each flushed to the kernel with a single
/// `write(2)` (and, by default, to the disk with `fdatasync`) before `append` returns.
///
/// The file is made only when the session records something: the header, the `step` and
/// `live_start` lines of what was shown, and an `end` line wait in memory until the first other
/// event (an answer, a hint, a skip, a language switch, a lesson's end, a host line…), then go out
/// together with it in one `write(2)`. A session in which the learner did nothing (Ctrl-D at once)
/// leaves no file, and a killed one never leaves a header-only file.
///
/// The file is created `O_EXCL | O_APPEND` with mode 0644 (minus the umask) and never truncated:
/// an existing non-empty file is refused (when the writer is made), so one file holds one session.
public final class TranscriptWriter: @unchecked Sendable {
  /// Where the transcript is written.
  public let path: String
  /// The header written as the first line.
  public let header: TranscriptHeader
  /// Whether each line is also synced to the disk (survives a power cut, not only a crash).
  public let syncEachLine: Bool
  private let mutex = NSLock()
  private var fd: Int32 = -1
  /// Lines not written yet (the header first) while nothing but what was shown has been recorded;
  /// nil once the file exists.
  private var pending: [String]?
  private var closed = false
  private var broken: String?

  /// How many lines may wait before the file is made anyway.
  static let maxPending = 64

  /// `DATA/transcripts/NAME/COURSE-YYYYMMDDTHHMMSSZ-SESSION.jsonl` for `header`, with the
  /// course id and session id made safe for file names (``FileNameEncoding``).
  public static func defaultPath(folder: DataFolder, learner: LearnerName, header: TranscriptHeader) -> String {
    let course = FileNameEncoding.encode(header.course.id, maxBytes: 80)
    let session = FileNameEncoding.encode(header.session, maxBytes: 60)
    return folder.transcriptsFolder(for: learner) + "/" + course + "-" + ISOTime.compact(header.started) + "-" + session + ".jsonl"
  }

  /// Starts a transcript at ``defaultPath(folder:learner:header:)``.
  public convenience init(folder: DataFolder, learner: LearnerName, header: TranscriptHeader, syncEachLine: Bool = true) throws(TranscriptError) {
    try self.init(path: Self.defaultPath(folder: folder, learner: learner, header: header), header: header, syncEachLine: syncEachLine)
  }

  /// Prepares a transcript at `path`: a file already there with content is refused, and so is a
  /// path whose nearest existing folder cannot be written in. The file (and any missing folder)
  /// is made at the first event that is more than what was shown (see the type's notes).
  public init(path: String, header: TranscriptHeader, syncEachLine: Bool = true) throws(TranscriptError) {
    self.path = path
    self.header = header
    self.syncEachLine = syncEachLine
    var st = stat()
    if stat(path, &st) == 0, st.st_size > 0 || (st.st_mode & S_IFMT) != S_IFREG { throw .exists(path) }
    // The folder is made with the file; its nearest existing folder must be one Bazaar can write in.
    var dir = ProgressStore.parent(of: path)
    while stat(dir, &st) != 0 {
      let up = ProgressStore.parent(of: dir)
      if up == dir { break }
      dir = up
    }
    guard (st.st_mode & S_IFMT) == S_IFDIR else { throw .cannotCreate(path, reason: "\(dir) is a file, not a folder") }
    guard access(dir, W_OK | X_OK) == 0 else { throw .cannotCreate(path, reason: "\(dir): " + String(cString: strerror(errno))) }
    do { pending = [try JSONLine.object(header.jsonFields)] } catch { throw .cannotWrite(path, reason: error.description) }
  }

  /// Whether the file has been made (something more than what was shown was recorded).
  public var isWritten: Bool { mutex.withLock { pending == nil } }

  /// Whether `event` only says what was shown or that the session ended: it waits for more.
  static func waits(_ event: TranscriptEvent) -> Bool {
    switch event {
    case .lessonStart, .step, .review, .liveStart, .end: true
    default: false
    }
  }

  /// Appends `event` that happened at `time`; `ms` defaults to `time` − `header.started`.
  /// Returns the entry as written.
  @discardableResult
  public func append(_ event: TranscriptEvent, at time: Date, ms: Int? = nil) throws(TranscriptError) -> TranscriptEntry {
    if case .unknown(let type) = event { throw .cannotWrite(path, reason: "unknown event type \"\(type)\"") }
    let elapsed = ms ?? TranscriptEntry.clampMs((time.timeIntervalSince1970 - header.started.timeIntervalSince1970) * 1000)
    let entry = TranscriptEntry(event, t: time, ms: elapsed)
    let line: String
    do { line = try JSONLine.object(entry.jsonFields) } catch { throw .cannotWrite(path, reason: error.description) }
    let failure: TranscriptError? = mutex.withLock {
      if let broken { return .cannotWrite(path, reason: "an earlier write failed (\(broken))") }
      guard !closed else { return .cannotWrite(path, reason: "the transcript is closed") }
      if var lines = pending {
        lines.append(line)
        if Self.waits(event) && lines.count < Self.maxPending {
          pending = lines
          return nil
        }
        return materialize(lines)
      }
      if let f = Self.writeLine(line, fd: fd, sync: syncEachLine) {
        broken = f
        return .cannotWrite(path, reason: f)
      }
      return nil
    }
    if let failure { throw failure }
    return entry
  }

  /// Creates the file and writes `lines` (the header first) with one `write(2)`. Under the mutex.
  private func materialize(_ lines: [String]) -> TranscriptError? {
    pending = nil
    do { try DataFolder.makeFolder(ProgressStore.parent(of: path)) } catch {
      broken = Self.reason(error)
      return .cannotCreate(path, reason: Self.reason(error))
    }
    let made = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o644)
    var descriptor = made
    if made < 0 && errno == EEXIST {
      // An empty file made by the caller (e.g. `mktemp`) is taken; anything else is not ours.
      descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
      var st = stat()
      if descriptor >= 0, fstat(descriptor, &st) == 0, st.st_size > 0 || (st.st_mode & S_IFMT) != S_IFREG {
        closeDescriptor(descriptor)
        broken = "it already exists"
        return .exists(path)
      }
    }
    guard descriptor >= 0 else {
      let why = String(cString: strerror(errno))
      broken = why
      return .cannotCreate(path, reason: why)
    }
    fd = descriptor
    if let f = Self.writeLine(lines.joined(separator: "\n"), fd: fd, sync: syncEachLine) {
      broken = f
      return .cannotWrite(path, reason: f)
    }
    ProgressStore.syncFolder(of: path)
    return nil
  }

  /// Forces what was appended to disk (`fdatasync`): for writers made with `syncEachLine: false`,
  /// which sync once per batch of lines instead of once per line.
  public func sync() {
    mutex.withLock {
      guard fd >= 0 else { return }
      _ = fdatasync(fd)
    }
  }

  /// Closes the file (idempotent). Lines still waiting (nothing but what was shown was recorded)
  /// are dropped: no file is made.
  public func close() {
    mutex.withLock {
      closed = true
      pending = nil
      guard fd >= 0 else { return }
      closeDescriptor(fd)
      fd = -1
    }
  }

  deinit { close() }

  /// Writes `line` + `\n` with one `write(2)` (more only if the kernel writes part of it); nil on success.
  static func writeLine(_ line: String, fd: Int32, sync: Bool) -> String? {
    var bytes = Array(line.utf8)
    bytes.append(0x0A)
    if let failure = bytes.withUnsafeBytes({ writeFully(fd, $0) }) { return failure }
    if sync, fdatasync(fd) != 0 { return String(cString: strerror(errno)) }
    return nil
  }

  static func reason(_ e: DataFolderError) -> String {
    switch e {
    case .cannotCreate(let p, let r), .notWritable(let p, let r): "\(p): \(r)"
    case .notAFolder(let p): "\(p) is a file, not a folder"
    case .emptyOption, .noHome: e.description
    }
  }
}

/// `close(2)`, callable where a type has its own `close()`.
private func closeDescriptor(_ fd: Int32) { _ = close(fd) }

// MARK: - Reading

/// A line that could not be read, with its 1-based line number.
public struct TranscriptProblem: Sendable, Equatable, CustomStringConvertible {
  public var path: String
  public var line: Int
  public var message: String
  public var description: String { "\(path):\(line): \(message)" }
}

/// What ``TranscriptReader`` read from a transcript.
public struct TranscriptContents: Sendable, Equatable {
  /// The header (first line).
  public var header: TranscriptHeader
  /// The events in file order, with their times.
  public var events: [TranscriptEntry]
  /// Lines that could not be read (other than a torn last line), with their numbers.
  public var problems: [TranscriptProblem]
  /// True when the last line was torn (cut off by a crash or power cut) and was ignored.
  public var tornLastLine: Bool
}

/// Reads transcripts back (for the batch grader and for tests).
public enum TranscriptReader {
  /// Reads the transcript at `path`.
  public static func read(_ path: String, fileSystem: any FileSystem = LocalFileSystem()) throws(TranscriptError) -> TranscriptContents {
    let bytes: [UInt8]
    do { bytes = try fileSystem.read(path) } catch { throw .unreadable(path, reason: error.description) }
    return try parse(bytes, path: path)
  }

  /// Reads a transcript from its bytes.
  ///
  /// - The first line must be a header of format `bazaar-transcript/1`; otherwise this throws.
  /// - The last line is *torn* when it has no final newline or is not valid JSON (trailing NUL
  ///   bytes left by a power cut count as torn too); a torn line is ignored and
  ///   ``TranscriptContents/tornLastLine`` is set. A final line without newline that is still a
  ///   complete event is kept.
  /// - Any other line that is not valid JSON or not a valid event is reported in `problems` with
  ///   its line number, and reading goes on. Blank lines are skipped; events of types this build
  ///   does not know are kept as ``TranscriptEvent/unknown(type:)``.
  public static func parse(_ bytes: [UInt8], path: String) throws(TranscriptError) -> TranscriptContents {
    var end = bytes.count
    var hadNulTail = false
    while end > 0, bytes[end - 1] == 0 {
      end -= 1
      hadNulTail = true
    }
    var lines: [ArraySlice<UInt8>] = []
    var start = 0
    for i in 0..<end where bytes[i] == 0x0A {
      lines.append(bytes[start..<i])
      start = i + 1
    }
    let unterminated = start < end
    if unterminated { lines.append(bytes[start..<end]) }
    let lastIsTorn = unterminated || hadNulTail
    if lines.isEmpty || (lines.count == 1 && isBlank(lines[0])) { throw .empty(path) }

    let decoder = ISOTime.decoder()
    let header: TranscriptHeader
    do { header = try decoder.decode(TranscriptHeader.self, from: Data(trimCR(lines[0]))) } catch {
      if lines.count == 1 && lastIsTorn { throw .badHeader(path, message: "the header line is incomplete (cut off)") }
      throw .badHeader(path, message: ProgressStore.describe(error))
    }
    let major = header.format.hasPrefix("bazaar-transcript/")
      ? header.format.dropFirst("bazaar-transcript/".count).prefix { $0.isNumber } : ""
    guard major == "1" else { throw .unsupportedFormat(path, format: header.format) }

    var events: [TranscriptEntry] = []
    var problems: [TranscriptProblem] = []
    var moreProblems = 0
    var torn = false
    let lastIndex = lines.count - 1
    for (index, raw) in lines.enumerated().dropFirst() {
      let line = trimCR(raw)
      if isBlank(line) { continue }
      if let fast = FastTranscriptLine.entry(line) {
        events.append(fast)
        continue
      }
      do {
        events.append(try decoder.decode(TranscriptEntry.self, from: Data(line)))
      } catch {
        let syntax = isSyntaxError(error)
        if index == lastIndex && (lastIsTorn || syntax) {
          torn = true
          continue
        }
        let message = syntax ? "not valid JSON" : ProgressStore.describe(error)
        // The first 100 are listed; a file of garbage must not fill the memory with them.
        if problems.count < 100 {
          problems.append(TranscriptProblem(path: path, line: index + 1, message: message))
        } else {
          moreProblems += 1
        }
      }
    }
    if moreProblems > 0 {
      problems.append(
        TranscriptProblem(path: path, line: lines.count, message: "and \(moreProblems) more lines that could not be read"))
    }
    return TranscriptContents(header: header, events: events, problems: problems, tornLastLine: torn)
  }

  static func isSyntaxError(_ error: any Error) -> Bool {
    guard let e = error as? DecodingError else { return true }
    if case .dataCorrupted(let c) = e, c.codingPath.isEmpty { return true }
    return false
  }

  static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
    line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
  }

  static func trimCR(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    line.last == 0x0D ? line.dropLast() : line
  }
}

/// Why a transcript could not be written or read.
public enum TranscriptError: Error, Sendable, Equatable, CustomStringConvertible {
  case cannotCreate(String, reason: String)
  /// The file already has content; transcripts are never appended to by a second session.
  case exists(String)
  case cannotWrite(String, reason: String)
  case unreadable(String, reason: String)
  case empty(String)
  case badHeader(String, message: String)
  case unsupportedFormat(String, format: String)

  public var description: String {
    switch self {
    case .cannotCreate(let p, let r): "cannot create transcript \(p) (\(r)); pass --data-dir FOLDER or set BAZAAR_HOME to a folder you can write to"
    case .exists(let p): "\(p) already exists; a transcript is never written over or added to — choose another file"
    case .cannotWrite(let p, let r): "cannot write to transcript \(p) (\(r)); the lines written so far are kept"
    case .unreadable(let p, let r): "cannot read transcript \(p): \(r)"
    case .empty(let p): "\(p):1: the transcript is empty"
    case .badHeader(let p, let m): "\(p):1: not a Bazaar transcript header: \(m)"
    case .unsupportedFormat(let p, let f): "\(p):1: transcript format \"\(f)\" is not supported by this Bazaar (it reads bazaar-transcript/1); update Bazaar"
    }
  }
}

// MARK: - JSON lines

/// A tiny JSON writer for transcript lines: keys in the given order (`type` first), compact,
/// UTF-8 kept as is, control characters and U+2028/U+2029 escaped.
enum JSONLine {
  indirect enum Value {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case object([(String, Value)])
  }

  struct NonFinite: Error, CustomStringConvertible {
    var key: String
    var description: String { "\"\(key)\" is not a finite number" }
  }

  static func object(_ fields: [(String, Value)]) throws(NonFinite) -> String {
    var out = ""
    try append(.object(fields), key: "", to: &out)
    return out
  }

  static func append(_ v: Value, key: String, to out: inout String) throws(NonFinite) {
    switch v {
    case .string(let s): appendString(s, to: &out)
    case .int(let i): out += String(i)
    case .bool(let b): out += b ? "true" : "false"
    case .double(let d):
      guard d.isFinite else { throw NonFinite(key: key) }
      if d == d.rounded(), abs(d) < 1e15 { out += String(Int(d)) } else { out += "\(d)" }
    case .object(let fields):
      out += "{"
      for (i, (k, value)) in fields.enumerated() {
        if i > 0 { out += "," }
        appendString(k, to: &out)
        out += ":"
        try append(value, key: k, to: &out)
      }
      out += "}"
    }
  }

  static func appendString(_ s: String, to out: inout String) {
    out += "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{2028}": out += "\\u2028"
      case "\u{2029}": out += "\\u2029"
      default:
        if u.value < 0x20 || u.value == 0x7F {
          let hex = String(u.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(u)
        }
      }
    }
    out += "\""
  }

  struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  /// Encodes `fields` through a Swift `Encoder` (so the types are `Codable` too).
  static func encode(_ fields: [(String, Value)], to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: AnyKey.self)
    for (k, v) in fields { try encodeValue(v, key: AnyKey(k), in: &c) }
  }

  static func encodeValue(_ v: Value, key: AnyKey, in c: inout KeyedEncodingContainer<AnyKey>) throws {
    switch v {
    case .string(let s): try c.encode(s, forKey: key)
    case .int(let i): try c.encode(i, forKey: key)
    case .double(let d): try c.encode(d, forKey: key)
    case .bool(let b): try c.encode(b, forKey: key)
    case .object(let fields):
      var nested = c.nestedContainer(keyedBy: AnyKey.self, forKey: key)
      for (k, v) in fields { try encodeValue(v, key: AnyKey(k), in: &nested) }
    }
  }
}
