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
