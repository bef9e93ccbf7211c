import Foundation

/// Reads progress files by hand, in time linear in their size and about ten times faster than
/// `JSONDecoder`, for the part that grows without bound: the `sessions` array (a learner who
/// hosts a live show every day for years has tens of thousands). The top level and the sessions
/// are read here; each course's progress (bounded by the course's size) is still read by
/// `CourseProgress`'s own `Decodable` conformance, so this reader never has to know its fields.
///
/// Only files as Bazaar writes them take this path: strict JSON, the six top-level keys, session
/// entries of known keys with plain values. Anything else — an unknown top-level key, a duplicate
/// key, a `null` where a value is required, a number that is not an integer where one is expected,
/// a time that ``ISOTime/date(_:)`` does not read — returns nil, and the caller reads the file with
/// `JSONDecoder` as before, which also words the error. So both paths give the same result.
enum ProgressFastDecoder {
  /// The progress in `bytes`, or nil when the fast path does not apply (see the type's notes).
  static func decode(_ bytes: [UInt8]) -> LearnerProgress? { decodeKeepingSessions(bytes)?.progress }

  /// ``decode(_:)``, and where in `bytes` the entries of `sessions` are (from the first entry's
  /// `{` to the last one's `}`; nil when there are none), so a save can copy them instead of
  /// writing them again (see ``ProgressJSON/bytes(_:capacity:reusing:)``).
  static func decodeKeepingSessions(_ bytes: [UInt8]) -> (progress: LearnerProgress, sessions: Range<Int>?)? {
    bytes.withUnsafeBufferPointer { buffer in
      var s = JSONScanner(buffer)
      guard let p = s.progress() else { return nil }
      return (p, s.sessionsRange)
    }
  }

  /// The top-level `"learner"` string of a progress file, found without reading the rest (the
  /// values before and after it are skipped, checked only as JSON); nil when there is none.
  static func learnerName(_ bytes: [UInt8]) -> String? {
    bytes.withUnsafeBufferPointer { buffer in
      var s = JSONScanner(buffer)
      return s.topLevelString("learner")
    }
  }

  /// The top-level `"schema"` integer of a progress file, found without decoding the rest; nil
  /// when there is none or the file is not JSON.
  static func schema(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var s = JSONScanner(bytes)
    return s.topLevelInt("schema")
  }
}

/// A strict JSON scanner over UTF-8 bytes. Every method returns nil (or false) at anything it does
/// not accept, leaving the caller to fall back.
struct JSONScanner {
  let b: UnsafeBufferPointer<UInt8>
  var i = 0
  /// Where the entries of the top-level `sessions` array were (see ``progress()``).
  var sessionsRange: Range<Int>?
  /// Nesting limit for skipped values (JSONDecoder's is 512).
  static let maxDepth = 500

  init(_ bytes: UnsafeBufferPointer<UInt8>) { b = bytes }

  var atEnd: Bool { i >= b.count }

  mutating func skipSpace() {
    while i < b.count {
      let c = b[i]
      if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { break }
    }
  }

  /// Consumes `c` (after white space) if it is next.
  mutating func take(_ c: UInt8) -> Bool {
    skipSpace()
    guard i < b.count, b[i] == c else { return false }
    i += 1
    return true
  }

  mutating func peek() -> UInt8? {
    skipSpace()
    return i < b.count ? b[i] : nil
  }

  // MARK: Values

  /// Moves over a string's plain bytes, from just after its opening quote: stops at the closing
  /// quote (`closed`, not passed) or at an escape, a control byte or the end. `ascii`: no byte
  /// needed a UTF-8 check.
  private mutating func plainRun() -> (closed: Bool, ascii: Bool) {
    var ascii = true
    while i < b.count {
      let c = b[i]
      if c == 0x22 { return (true, ascii) }
      if c == 0x5C || c < 0x20 { break }
      if c >= 0x80 { ascii = false }
      i += 1
    }
    return (false, ascii)
  }

  /// A JSON string.
  mutating func string() -> String? {
    skipSpace()
    guard i < b.count, b[i] == 0x22 else { return nil }
    i += 1
    let start = i
    let run = plainRun()
    if run.closed {
      let text = UnsafeBufferPointer(rebasing: b[start..<i])
      i += 1
      guard run.ascii || Self.isValidUTF8(text) else { return nil }
      return String(decoding: text, as: UTF8.self)
    }
    // Escapes: build the bytes.
    guard i < b.count, b[i] == 0x5C else { return nil }
    var bytes = Array(b[start..<i])
    while i < b.count {
      let c = b[i]
      if c == 0x22 {
        i += 1
        return bytes.withUnsafeBufferPointer { Self.isValidUTF8($0) ? String(decoding: $0, as: UTF8.self) : nil }
      }
      if c < 0x20 { return nil }
      if c != 0x5C {
        bytes.append(c)
        i += 1
        continue
      }
      i += 1
      guard i < b.count else { return nil }
      let e = b[i]
      i += 1
      switch e {
      case 0x22: bytes.append(0x22)
      case 0x5C: bytes.append(0x5C)
      case 0x2F: bytes.append(0x2F)
      case 0x62: bytes.append(0x08)
      case 0x66: bytes.append(0x0C)
      case 0x6E: bytes.append(0x0A)
      case 0x72: bytes.append(0x0D)
      case 0x74: bytes.append(0x09)
      case 0x75:
        guard var code = hex4() else { return nil }
        if (0xD800...0xDBFF).contains(code) {
          guard i + 1 < b.count, b[i] == 0x5C, b[i + 1] == 0x75 else { return nil }
          i += 2
          guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(code) {
          return nil
        }
        guard let scalar = Unicode.Scalar(code) else { return nil }
        bytes.append(contentsOf: Array(String(Character(scalar)).utf8))
      default:
        return nil
      }
    }
    return nil
  }

  /// Whether `bytes` are well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF),
  /// as JSON text must be. (`String(validating:)` is generic and several times slower here.)
  static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var k = 0
    let n = bytes.count
    while k < n {
      let c = bytes[k]
      if c < 0x80 {
        k += 1
        continue
      }
      func cont(_ j: Int) -> Bool { j < n && bytes[j] & 0xC0 == 0x80 }
      switch c {
      case 0xC2...0xDF:
        guard cont(k + 1) else { return false }
        k += 2
      case 0xE0...0xEF:
        guard cont(k + 1), cont(k + 2) else { return false }
        let c1 = bytes[k + 1]
        if c == 0xE0 && c1 < 0xA0 { return false }  // overlong
        if c == 0xED && c1 >= 0xA0 { return false }  // surrogates
        k += 3
      case 0xF0...0xF4:
        guard cont(k + 1), cont(k + 2), cont(k + 3) else { return false }
        let c1 = bytes[k + 1]
        if c == 0xF0 && c1 < 0x90 { return false }  // overlong
        if c == 0xF4 && c1 >= 0x90 { return false }  // past U+10FFFF
        k += 4
      default:
        return false
      }
    }
    return true
  }

  private mutating func hex4() -> UInt32? {
    guard b.count - i >= 4 else { return nil }
    var v: UInt32 = 0
    for _ in 0..<4 {
      let c = b[i]
      let d: UInt32
      switch c {
      case 0x30...0x39: d = UInt32(c - 0x30)
      case 0x41...0x46: d = UInt32(c - 0x41 + 10)
      case 0x61...0x66: d = UInt32(c - 0x61 + 10)
      default: return nil
      }
      v = v * 16 + d
      i += 1
    }
    return v
  }

  /// The extent of a JSON number token at `i` (strict grammar), moving past it.
  private mutating func numberToken() -> Range<Int>? {
    skipSpace()
    let start = i
    func digit(_ k: Int) -> Bool { k < b.count && b[k] >= 0x30 && b[k] <= 0x39 }
    if i < b.count, b[i] == 0x2D { i += 1 }
    guard digit(i) else { return nil }
    if b[i] == 0x30 { i += 1 } else { while digit(i) { i += 1 } }
    if i < b.count, b[i] == 0x2E {
      i += 1
      guard digit(i) else { return nil }
      while digit(i) { i += 1 }
    }
    if i < b.count, b[i] == 0x65 || b[i] == 0x45 {
      i += 1
      if i < b.count, b[i] == 0x2B || b[i] == 0x2D { i += 1 }
      guard digit(i) else { return nil }
      while digit(i) { i += 1 }
    }
    return start..<i
  }

  /// A JSON integer that fits an `Int` (no fraction or exponent: those take the slow path).
  mutating func int() -> Int? {
    guard let r = numberToken() else { return nil }
    var k = r.lowerBound
    let negative = b[k] == 0x2D
    if negative { k += 1 }
    var v = 0
    while k < r.upperBound {
      let c = b[k]
      guard c >= 0x30, c <= 0x39 else { return nil }
      let (m, o1) = v.multipliedReportingOverflow(by: 10)
      let (a, o2) = negative ? m.subtractingReportingOverflow(Int(c - 0x30)) : m.addingReportingOverflow(Int(c - 0x30))
      guard !o1, !o2 else { return nil }
      v = a
      k += 1
    }
    return v
  }

  /// A JSON number as a finite `Double`.
  mutating func double() -> Double? {
    guard let r = numberToken() else { return nil }
    let text = String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self)
    guard let d = Double(text), d.isFinite else { return nil }
    return d
  }

  /// A time as ``ISOTime/date(_:)`` reads it; the form Bazaar writes, `"2025-03-02T10:42:07Z"`,
  /// straight from the bytes (no String is made: a file has two per session).
  mutating func date() -> Date? {
    skipSpace()
    if b.count - i >= 22, b[i] == 0x22, b[i + 21] == 0x22, b[i + 5] == 0x2D, b[i + 8] == 0x2D, b[i + 11] == 0x54,
      b[i + 14] == 0x3A, b[i + 17] == 0x3A, b[i + 20] == 0x5A
    {
      func number(_ at: Int, _ n: Int) -> Int? {
        var v = 0
        for k in (i + at)..<(i + at + n) {
          let c = b[k]
          guard c >= 0x30, c <= 0x39 else { return nil }
          v = v * 10 + Int(c - 0x30)
        }
        return v
      }
      guard let y = number(1, 4), let mo = number(6, 2), let d = number(9, 2), let h = number(12, 2),
        let mi = number(15, 2), let sec = number(18, 2), (1...12).contains(mo), (1...31).contains(d), (0...23).contains(h),
        (0...59).contains(mi), (0...60).contains(sec)
      else { return nil }
      i += 22
      let days = ISOTime.daysFromCivil(y, mo, d)
      return Date(timeIntervalSince1970: Double(days * 86400 + h * 3600 + mi * 60 + sec))
    }
    return string().flatMap(ISOTime.date)
  }

  /// `null`, consumed.
  mutating func null() -> Bool { literal([0x6E, 0x75, 0x6C, 0x6C]) }

  /// `true` or `false`, consumed.
  mutating func bool() -> Bool? {
    if literal([0x74, 0x72, 0x75, 0x65]) { return true }
    if literal([0x66, 0x61, 0x6C, 0x73, 0x65]) { return false }
    return nil
  }

  private mutating func literal(_ word: [UInt8]) -> Bool {
    skipSpace()
    guard b.count - i >= word.count else { return false }
    for k in 0..<word.count where b[i + k] != word[k] { return false }
    i += word.count
    return true
  }

  /// Moves past a JSON string without making it (escapes and UTF-8 checked as ``string()`` does).
  mutating func skipString() -> Bool {
    skipSpace()
    guard i < b.count, b[i] == 0x22 else { return false }
    i += 1
    let start = i
    let run = plainRun()
    if run.closed {
      let ok = run.ascii || Self.isValidUTF8(UnsafeBufferPointer(rebasing: b[start..<i]))
      i += 1
      return ok
    }
    // An escape: the slow way, which checks it.
    i = start - 1
    return string() != nil
  }

  /// Moves past any JSON value, checking its grammar; false when it is not one.
  mutating func skipValue(depth: Int = 0) -> Bool {
    guard depth < Self.maxDepth, let c = peek() else { return false }
    switch c {
    case 0x22: return skipString()
    case 0x7B:
      i += 1
      if take(0x7D) { return true }
      repeat {
        guard skipString(), take(0x3A), skipValue(depth: depth + 1) else { return false }
      } while take(0x2C)
      return take(0x7D)
    case 0x5B:
      i += 1
      if take(0x5D) { return true }
      repeat {
        guard skipValue(depth: depth + 1) else { return false }
      } while take(0x2C)
      return take(0x5D)
    case 0x74: return literal([0x74, 0x72, 0x75, 0x65])
    case 0x66: return literal([0x66, 0x61, 0x6C, 0x73, 0x65])
    case 0x6E: return null()
    default: return numberToken() != nil
    }
  }

  /// After the last value: only white space may follow.
  mutating func atEndOfDocument() -> Bool {
    skipSpace()
    return atEnd
  }

  // MARK: Progress

  /// The whole file as progress (see ``ProgressFastDecoder``).
  mutating func progress() -> LearnerProgress? {
    guard take(0x7B) else { return nil }
    var schema: Int?
    var learner: String?
    var created: Date??
    var updated: Date??
    var courses: [String: CourseProgress]??
    var sessions: [SessionSummary]??
    if !take(0x7D) {
      repeat {
        guard let key = string(), take(0x3A) else { return nil }
        switch key {
        case "schema":
          guard schema == nil, let v = int() else { return nil }
          schema = v
        case "learner":
          guard learner == nil, let v = string() else { return nil }
          learner = v
        case "created":
          guard created == nil else { return nil }
          if null() { created = .some(nil) } else if let d = date() { created = d } else { return nil }
        case "updated":
          guard updated == nil else { return nil }
          if null() { updated = .some(nil) } else if let d = date() { updated = d } else { return nil }
        case "courses":
          guard courses == nil else { return nil }
          if null() { courses = .some(nil) } else if let c = courseMap() { courses = c } else { return nil }
        case "sessions":
          guard sessions == nil else { return nil }
          if null() { sessions = .some(nil) } else if let s = sessionList() { sessions = s } else { return nil }
        default:
          return nil  // unknown keys: the slow path (it ignores them, and a newer field may need a new schema)
        }
      } while take(0x2C)
      guard take(0x7D) else { return nil }
    }
    guard atEndOfDocument(), let schema, schema >= 1, schema <= LearnerProgress.currentSchema, let learner,
      let name = try? LearnerName(learner)
    else { return nil }
    var p = LearnerProgress(learner: name, now: Date(timeIntervalSince1970: 0))
    // Held, and saved, as the current schema (as the Decodable path does): schema 1 questions
    // are marked legacy until their course brings them over.
    p.schema = LearnerProgress.currentSchema
    p.learner = learner
    p.created = (created ?? nil) ?? Date(timeIntervalSince1970: 0)
    p.updated = (updated ?? nil) ?? p.created
    p.courses = (courses ?? nil) ?? [:]
    p.sessions = (sessions ?? nil) ?? []
    return p
  }

  /// `courses`: each course's object read by `CourseProgress`'s own decoder.
  private mutating func courseMap() -> [String: CourseProgress]? {
    guard take(0x7B) else { return nil }
    var out: [String: CourseProgress] = [:]
    if take(0x7D) { return out }
    let decoder = ISOTime.decoder()
    repeat {
      guard let id = string(), out[id] == nil, take(0x3A) else { return nil }
      skipSpace()
      let start = i
      guard skipValue() else { return nil }
      let slice = Data(UnsafeBufferPointer(rebasing: b[start..<i]))
      guard let course = try? decoder.decode(CourseProgress.self, from: slice) else { return nil }
      out[id] = course
    } while take(0x2C)
    return take(0x7D) ? out : nil
  }

  private mutating func sessionList() -> [SessionSummary]? {
    guard take(0x5B) else { return nil }
    var out: [SessionSummary] = []
    if take(0x5D) { return out }
    skipSpace()
    let first = i
    var end = i
    repeat {
      guard let s = session() else { return nil }
      out.append(s)
      end = i
    } while take(0x2C)
    guard take(0x5D) else { return nil }
    sessionsRange = first..<end
    return out
  }

  /// One `sessions[]` entry, as `SessionSummary`'s synthesised `Decodable` reads it: `id`, `kind`,
  /// `course`, `score`, `started`, `ended` required; `scenario`, `reason`, `transcript` optional
  /// (`null` is none); other keys ignored.
  private mutating func session() -> SessionSummary? {
    guard take(0x7B) else { return nil }
    var id: String?, kind: String?, course: String?, score: Double?, started: Date?, ended: Date?
    var scenario: String??, reason: String??, transcript: String??
    func optional(_ slot: inout String??, _ s: inout JSONScanner) -> Bool {
      guard slot == nil else { return false }
      if s.null() {
        slot = .some(nil)
        return true
      }
      guard let v = s.string() else { return false }
      slot = v
      return true
    }
    if !take(0x7D) {
      repeat {
        guard let key = sessionKey(), take(0x3A) else { return nil }
        switch key {
        case "id": guard Self.once(&id, string()) else { return nil }
        case "kind": guard Self.once(&kind, string()) else { return nil }
        case "course": guard Self.once(&course, string()) else { return nil }
        case "score": guard Self.once(&score, double()) else { return nil }
        case "started": guard Self.once(&started, date()) else { return nil }
        case "ended": guard Self.once(&ended, date()) else { return nil }
        case "scenario": guard optional(&scenario, &self) else { return nil }
        case "reason": guard optional(&reason, &self) else { return nil }
        case "transcript": guard optional(&transcript, &self) else { return nil }
        default:
          guard skipValue() else { return nil }
        }
      } while take(0x2C)
      guard take(0x7D) else { return nil }
    }
    guard let id, let kind, let course, let score, let started, let ended else { return nil }
    var s = SessionSummary(id: id, kind: kind, course: course, scenario: scenario ?? nil, score: score, started: started,
                           ended: ended, reason: reason ?? nil, transcript: transcript ?? nil)
    // As JSONDecoder reads them: not truncated to the second.
    s.started = started
    s.ended = ended
    return s
  }

  /// Sets `slot` to `value` when the key was not seen before and its value was read.
  static func once<T>(_ slot: inout T?, _ value: T?) -> Bool {
    guard slot == nil, let value else { return false }
    slot = value
    return true
  }

  /// The keys of a session entry, matched by their bytes (a file has nine per session; making a
  /// String of each was a fifth of reading). Any other key, or one written with escapes, is read
  /// as a string.
  static let sessionKeys: [(bytes: [UInt8], key: String)] = [
    "id", "kind", "course", "score", "started", "ended", "scenario", "reason", "transcript",
  ].map { (Array($0.utf8), $0) }

  private mutating func sessionKey() -> String? {
    skipSpace()
    guard i < b.count, b[i] == 0x22 else { return nil }
    var end = i + 1
    while end < b.count, b[end] != 0x22, b[end] != 0x5C, b[end] >= 0x20 { end += 1 }
    if end < b.count, b[end] == 0x22 {
      let length = end - i - 1
      for (bytes, key) in Self.sessionKeys where bytes.count == length {
        var same = true
        for k in 0..<length where b[i + 1 + k] != bytes[k] {
          same = false
          break
        }
        if same {
          i = end + 1
          return key
        }
      }
    }
    return string()
  }

  // MARK: Top-level look-ups

  /// Walks the top-level object, skipping values, to the first key `key`; true when there.
  private mutating func seekTopLevel(_ key: String) -> Bool {
    guard take(0x7B), !take(0x7D) else { return false }
    repeat {
      guard let k = string(), take(0x3A) else { return false }
      if k == key { return true }
      guard skipValue(depth: 1) else { return false }
    } while take(0x2C)
    return false
  }

  mutating func topLevelString(_ key: String) -> String? {
    guard seekTopLevel(key) else { return nil }
    return string()
  }

  mutating func topLevelInt(_ key: String) -> Int? {
    guard seekTopLevel(key) else { return nil }
    return int()
  }
}
