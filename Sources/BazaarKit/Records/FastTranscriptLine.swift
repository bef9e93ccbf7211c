import Foundation

/// A fast reader for transcript event lines as Bazaar writes them: one flat JSON object of
/// strings, numbers and booleans. Batch grading reads hundreds of thousands of lines, and
/// `JSONDecoder` costs tens of microseconds each. Anything this reader does not recognise exactly
/// (nested values, a number where text is expected, an unusual time) returns nil, and the caller
/// falls back to `JSONDecoder`, which also words the error.
enum FastTranscriptLine {
  enum Value: Equatable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null

    var string: String? { if case .string(let s) = self { s } else { nil } }
    var int: Int? { if case .int(let i) = self { i } else { nil } }
    var double: Double? {
      switch self {
      case .int(let i): Double(i)
      case .double(let d): d
      default: nil
      }
    }
    var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
  }

  /// The entry on `line`, or nil when the fast path does not apply.
  static func entry(_ line: ArraySlice<UInt8>) -> TranscriptEntry? {
    guard let fields = object(line) else { return nil }
    func get(_ key: String) -> Value? {
      for (k, v) in fields where k == key { return v }
      return nil
    }
    guard let type = get("type")?.string, let t = get("t")?.string, let date = ISOTime.date(t), let ms = get("ms")?.int
    else { return nil }
    let event: TranscriptEvent
    switch type {
    case "step":
      guard let lesson = get("lesson")?.string, let step = get("step")?.int else { return nil }
      let q = get("question")
      if let q, q.string == nil, q != .null { return nil }
      event = .step(lesson: lesson, step: step, question: q?.string)
    case "lesson_start":
      guard let lesson = get("lesson")?.string, let step = get("step")?.int else { return nil }
      let retake = get("retake").map { $0.bool } ?? false
      guard let retake else { return nil }
      event = .lessonStart(lesson: lesson, step: step, retake: retake)
    case "answer":
      guard let question = get("question")?.string, let raw = get("raw")?.string, let score = get("score")?.double,
        let attempt = get("attempt")?.int
      else { return nil }
      let invalid = get("invalid").map { $0.bool } ?? false
      let elapsed = get("elapsed_ms").map { $0.int } ?? 0
      guard let invalid, let elapsed else { return nil }
      event = .answer(question: question, raw: raw, score: score, invalid: invalid, attempt: attempt, elapsedMs: elapsed)
    case "hint":
      guard let question = get("question")?.string, let n = get("n")?.int else { return nil }
      event = .hint(question: question, n: n)
    case "skip":
      guard let question = get("question")?.string else { return nil }
      event = .skip(question: question)
    case "lang":
      guard let from = get("from")?.string, let to = get("to")?.string else { return nil }
      event = .lang(from: from, to: to)
    case "lesson_end":
      guard let lesson = get("lesson")?.string else { return nil }
      let score = get("score")
      if let score, score.double == nil, score != .null { return nil }
      event = .lessonEnd(lesson: lesson, score: score?.double)
    case "end":
      guard let reason = get("reason")?.string else { return nil }
      let detail = get("detail")
      if let detail, detail.string == nil, detail != .null { return nil }
      event = .end(reason: TranscriptEndReason(rawValue: reason), detail: detail?.string)
    case "live_start":
      guard let mode = get("mode")?.string, let language = get("language")?.string else { return nil }
      let speed = get("speed").map { $0.double } ?? 1
      guard let speed else { return nil }
      event = .liveStart(mode: mode, speed: speed, language: language)
    case "host":
      guard let text = get("text")?.string, let at = get("at_ms")?.int else { return nil }
      event = .host(text: text, atMs: at)
    case "promo":
      guard let id = get("id")?.string, let at = get("at_ms")?.int else { return nil }
      event = .promo(id: id, atMs: at)
    case "live_end":
      guard let at = get("at_ms")?.int, let score = get("score")?.double else { return nil }
      event = .liveEnd(atMs: at, score: score)
    case "header":
      return nil
    default:
      event = .unknown(type: type)
    }
    return TranscriptEntry(read: event, t: date, ms: ms)  // as JSONDecoder reads it: `t` not truncated
  }

  /// A flat JSON object's keys and values, or nil.
  static func object(_ line: ArraySlice<UInt8>) -> [(String, Value)]? {
    var i = line.startIndex
    let end = line.endIndex
    func skipSpace() { while i < end, line[i] == 0x20 || line[i] == 0x09 || line[i] == 0x0D { i += 1 } }
    skipSpace()
    guard i < end, line[i] == UInt8(ascii: "{") else { return nil }
    i += 1
    var fields: [(String, Value)] = []
    skipSpace()
    if i < end, line[i] == UInt8(ascii: "}") {
      i += 1
      skipSpace()
      return i == end ? fields : nil
    }
    while true {
      skipSpace()
      guard let key = string(line, &i) else { return nil }
      skipSpace()
      guard i < end, line[i] == UInt8(ascii: ":") else { return nil }
      i += 1
      skipSpace()
      guard i < end else { return nil }
      let value: Value
      switch line[i] {
      case UInt8(ascii: "\""):
        guard let s = string(line, &i) else { return nil }
        value = .string(s)
      case UInt8(ascii: "t"):
        guard literal(line, &i, "true") else { return nil }
        value = .bool(true)
      case UInt8(ascii: "f"):
        guard literal(line, &i, "false") else { return nil }
        value = .bool(false)
      case UInt8(ascii: "n"):
        guard literal(line, &i, "null") else { return nil }
        value = .null
      default:
        guard let n = number(line, &i) else { return nil }
        value = n
      }
      fields.append((key, value))
      skipSpace()
      guard i < end else { return nil }
      if line[i] == UInt8(ascii: ",") {
        i += 1
        continue
      }
      guard line[i] == UInt8(ascii: "}") else { return nil }
      i += 1
      skipSpace()
      return i == end ? fields : nil
    }
  }

  private static func literal(_ line: ArraySlice<UInt8>, _ i: inout Int, _ word: StaticString) -> Bool {
    let n = word.utf8CodeUnitCount
    guard line.endIndex - i >= n else { return false }
    let ok = word.withUTF8Buffer { w in (0..<n).allSatisfy { line[i + $0] == w[$0] } }
    if ok { i += n }
    return ok
  }

  private static func number(_ line: ArraySlice<UInt8>, _ i: inout Int) -> Value? {
    let start = i
    var negative = false
    if i < line.endIndex, line[i] == UInt8(ascii: "-") {
      negative = true
      i += 1
    }
    // Whole numbers (the usual case: ms, attempts, 0 and 1 scores) without making a String.
    var value = 0
    var digits = 0
    while i < line.endIndex, line[i] >= 0x30, line[i] <= 0x39, digits < 18 {
      value = value * 10 + Int(line[i] - 0x30)
      digits += 1
      i += 1
    }
    let atEnd = i == line.endIndex
    if digits > 0, atEnd || !(line[i] == UInt8(ascii: ".") || line[i] == UInt8(ascii: "e") || line[i] == UInt8(ascii: "E")
      || (line[i] >= 0x30 && line[i] <= 0x39))
    {
      if digits > 1, line[start + (negative ? 1 : 0)] == 0x30 { return nil }  // JSON has no leading zeros
      return .int(negative ? -value : value)
    }
    while i < line.endIndex {
      let c = line[i]
      if (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
        || c == UInt8(ascii: "+") || c == UInt8(ascii: "-")
      {
        i += 1
      } else {
        break
      }
    }
    guard i > start, isJSONNumber(line[start..<i]), let d = Double(String(decoding: line[start..<i], as: UTF8.self)), d.isFinite
    else { return nil }
    return .double(d)
  }

  /// JSON's number grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` (`.5`, `+1`, `1.` are not).
  static func isJSONNumber(_ b: ArraySlice<UInt8>) -> Bool {
    var i = b.startIndex
    func digit(_ k: Int) -> Bool { k < b.endIndex && b[k] >= 0x30 && b[k] <= 0x39 }
    if i < b.endIndex, b[i] == UInt8(ascii: "-") { i += 1 }
    guard digit(i) else { return false }
    if b[i] == 0x30 { i += 1 } else { while digit(i) { i += 1 } }
    if i < b.endIndex, b[i] == UInt8(ascii: ".") {
      i += 1
      guard digit(i) else { return false }
      while digit(i) { i += 1 }
    }
    if i < b.endIndex, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
      i += 1
      if i < b.endIndex, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
      guard digit(i) else { return false }
      while digit(i) { i += 1 }
    }
    return i == b.endIndex
  }

  /// A JSON string at `i` (which must be at its opening quote); moves `i` past it.
  private static func string(_ line: ArraySlice<UInt8>, _ i: inout Int) -> String? {
    guard i < line.endIndex, line[i] == UInt8(ascii: "\"") else { return nil }
    i += 1
    let start = i
    // Fast path: no escapes.
    while i < line.endIndex, line[i] != UInt8(ascii: "\""), line[i] != UInt8(ascii: "\\"), line[i] >= 0x20 { i += 1 }
    guard i < line.endIndex else { return nil }
    if line[i] == UInt8(ascii: "\"") {
      let s = String(validating: line[start..<i], as: UTF8.self)
      i += 1
      return s
    }
    guard line[i] == UInt8(ascii: "\\") else { return nil }
    var bytes = Array(line[start..<i])
    while i < line.endIndex {
      let c = line[i]
      if c == UInt8(ascii: "\"") {
        i += 1
        return String(validating: bytes, as: UTF8.self)
      }
      if c < 0x20 { return nil }
      if c != UInt8(ascii: "\\") {
        bytes.append(c)
        i += 1
        continue
      }
      i += 1
      guard i < line.endIndex else { return nil }
      let e = line[i]
      i += 1
      switch e {
      case UInt8(ascii: "\""): bytes.append(0x22)
      case UInt8(ascii: "\\"): bytes.append(0x5C)
      case UInt8(ascii: "/"): bytes.append(0x2F)
      case UInt8(ascii: "b"): bytes.append(0x08)
      case UInt8(ascii: "f"): bytes.append(0x0C)
      case UInt8(ascii: "n"): bytes.append(0x0A)
      case UInt8(ascii: "r"): bytes.append(0x0D)
      case UInt8(ascii: "t"): bytes.append(0x09)
      case UInt8(ascii: "u"):
        guard var code = hex4(line, &i) else { return nil }
        if (0xD800...0xDBFF).contains(code) {
          guard i + 1 < line.endIndex, line[i] == UInt8(ascii: "\\"), line[i + 1] == UInt8(ascii: "u") else { return nil }
          i += 2
          guard let low = hex4(line, &i), (0xDC00...0xDFFF).contains(low) else { return nil }
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

  private static func hex4(_ line: ArraySlice<UInt8>, _ i: inout Int) -> UInt32? {
    guard line.endIndex - i >= 4 else { return nil }
    var v: UInt32 = 0
    for _ in 0..<4 {
      let c = line[i]
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
}
