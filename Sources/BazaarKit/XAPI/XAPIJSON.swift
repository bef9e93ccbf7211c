import Foundation

/// A JSON value, for xAPI statements: they mix fixed keys with language maps and extensions
/// whose keys are IRIs. Objects are written with their keys sorted, so one statement is always
/// the same bytes.
public indirect enum XAPIJSON: Sendable, Equatable, Encodable {
  case string(String)
  case int(Int)
  case double(Double)
  case bool(Bool)
  case array([XAPIJSON])
  case object([String: XAPIJSON])

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    switch self {
    case .string(let s): try c.encode(s)
    case .int(let i): try c.encode(i)
    case .double(let d): try c.encode(d.isFinite ? d : 0)
    case .bool(let b): try c.encode(b)
    case .array(let a): try c.encode(a)
    case .object(let o): try c.encode(o)
    }
  }

  /// The value as one line of JSON (keys sorted, `/` not escaped).
  public var line: String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
  }

  /// A member of an object (nil for other values or a missing key).
  public subscript(key: String) -> XAPIJSON? {
    if case .object(let o) = self { return o[key] }
    return nil
  }
}
