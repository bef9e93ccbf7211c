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
    case "review":
      guard let question = get("question")?.string, let lesson = get("lesson")?.string, let n = get("n")?.int else { return nil }
      event = .review(question: question, lesson: lesson, n: n)
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

  /// A flat JSON object's keys and values, or nil. Read with the one strict JSON scanner
  /// (``JSONScanner``) that progress files are read with too.
  static func object(_ line: ArraySlice<UInt8>) -> [(String, Value)]? {
    line.withUnsafeBufferPointer { buffer -> [(String, Value)]? in
      var s = JSONScanner(buffer)
      guard s.take(UInt8(ascii: "{")) else { return nil }
      var fields: [(String, Value)] = []
      if s.take(UInt8(ascii: "}")) { return s.atEndOfDocument() ? fields : nil }
      while true {
        guard let key = s.string(), s.take(UInt8(ascii: ":")), let next = s.peek() else { return nil }
        let value: Value
        switch next {
        case UInt8(ascii: "\""):
          guard let text = s.string() else { return nil }
          value = .string(text)
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
          guard let b = s.bool() else { return nil }
          value = .bool(b)
        case UInt8(ascii: "n"):
          guard s.null() else { return nil }
          value = .null
        default:
          // Whole numbers (ms, attempts, 0 and 1 scores) as Int; anything else as a finite Double.
          let start = s.i
          if let n = s.int() {
            value = .int(n)
          } else {
            s.i = start
            guard let d = s.double() else { return nil }
            value = .double(d)
          }
        }
        fields.append((key, value))
        if s.take(UInt8(ascii: ",")) { continue }
        guard s.take(UInt8(ascii: "}")) else { return nil }
        return s.atEndOfDocument() ? fields : nil
      }
    }
  }
}
