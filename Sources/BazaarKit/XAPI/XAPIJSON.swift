/// A JSON value, for xAPI statements: they mix fixed keys with language maps and extensions
/// whose keys are IRIs. Objects are written with their keys sorted, so one statement is always
/// the same bytes.
public indirect enum XAPIJSON: Sendable, Equatable {
  case string(String)
  case int(Int)
  case double(Double)
  case bool(Bool)
  case array([XAPIJSON])
  case object([String: XAPIJSON])

  /// The value as one line of JSON, keys sorted, strings escaped as transcript lines escape
  /// them (``JSONLine/appendString(_:to:)``); a number that is not finite is written 0.
  public var line: String {
    var out = ""
    write(to: &out)
    return out
  }

  private func write(to out: inout String) {
    switch self {
    case .string(let s): JSONLine.appendString(s, to: &out)
    case .int(let i): out += String(i)
    case .bool(let b): out += b ? "true" : "false"
    case .double(let d):
      // As transcripts write numbers: a whole number without ".0".
      try? JSONLine.append(.double(d.isFinite ? d : 0), key: "", to: &out)
    case .array(let items):
      out += "["
      for (i, v) in items.enumerated() {
        if i > 0 { out += "," }
        v.write(to: &out)
      }
      out += "]"
    case .object(let fields):
      out += "{"
      for (i, k) in fields.keys.sorted().enumerated() {
        if i > 0 { out += "," }
        JSONLine.appendString(k, to: &out)
        out += ":"
        fields[k]?.write(to: &out)
      }
      out += "}"
    }
  }

  /// A member of an object (nil for other values or a missing key).
  public subscript(key: String) -> XAPIJSON? {
    if case .object(let o) = self { return o[key] }
    return nil
  }
}

extension XAPIJSON {
  /// A transcript line's fields as a JSON value.
  init(_ fields: [(String, JSONLine.Value)]) {
    self = .object(Dictionary(fields.map { ($0.0, XAPIJSON($0.1)) }, uniquingKeysWith: { a, _ in a }))
  }

  init(_ value: JSONLine.Value) {
    switch value {
    case .string(let s): self = .string(s)
    case .int(let i): self = .int(i)
    case .double(let d): self = .double(d)
    case .bool(let b): self = .bool(b)
    case .object(let fields): self = XAPIJSON(fields)
    }
  }

  /// The string, if this is one.
  public var string: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  /// The integer, if this is a whole number.
  public var int: Int? {
    switch self {
    case .int(let i): return i
    case .double(let d) where d == d.rounded() && abs(d) < 1e15: return Int(d)
    default: return nil
    }
  }
}

/// Statements as an LRS sends them back (JSON null is read as an empty object's absence: the
/// key is dropped).
extension XAPIJSON: Decodable {
  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    // The commonest first (each miss costs a thrown error). A number is read once, as a
    // Double: a whole one is an `int` (written the same either way, and exact below 2^53).
    if let s = try? c.decode(String.self) {
      self = .string(s)
    } else if let d = try? c.decode(Double.self) {
      self = d == d.rounded() && abs(d) < 9_007_199_254_740_992 ? .int(Int(d)) : .double(d)
    } else if let b = try? c.decode(Bool.self) {
      self = .bool(b)
    } else if let o = try? c.decode([String: XAPIJSON?].self) {
      self = .object(o.compactMapValues { $0 })
    } else if let a = try? c.decode([XAPIJSON?].self) {
      self = .array(a.compactMap { $0 })
    } else if c.decodeNil() {
      throw DecodingError.valueNotFound(XAPIJSON.self, .init(codingPath: c.codingPath, debugDescription: "null"))
    } else {
      throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a JSON value")
    }
  }
}
