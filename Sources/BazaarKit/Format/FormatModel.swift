import Foundation

/// A JSON value, for writing the course format's JSON Schemas (encoded with `JSONEncoder`, keys
/// sorted, so the files are the same on every machine). The literals let a schema be written as it
/// reads in JSON: `["type": "integer", "minimum": 0]`.
public indirect enum JSONValue: Sendable, Equatable, Encodable {
  case string(String)
  case int(Int)
  case number(Double)
  /// A number written with all its digits (a bound beyond `Double`'s precision, such as 10^80).
  case decimal(Decimal)
  case bool(Bool)
  case array([JSONValue])
  case object([String: JSONValue])

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    switch self {
    case .string(let s): try c.encode(s)
    case .int(let i): try c.encode(i)
    case .number(let d): try c.encode(d)
    case .decimal(let d): try c.encode(d)
    case .bool(let b): try c.encode(b)
    case .array(let a): try c.encode(a)
    case .object(let o): try c.encode(o)
    }
  }

  /// The value of `key` when this is an object.
  public subscript(key: String) -> JSONValue? {
    if case .object(let o) = self { return o[key] }
    return nil
  }

  /// This object with `extra`'s keys added (or replaced).
  public func merging(_ extra: [String: JSONValue]) -> JSONValue {
    guard case .object(var o) = self else { return self }
    for (k, v) in extra { o[k] = v }
    return .object(o)
  }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
  ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int) { self = .int(value) }
  public init(floatLiteral value: Double) { self = .number(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    var o: [String: JSONValue] = [:]
    for (k, v) in elements { o[k] = v }
    self = .object(o)
  }
}

/// One key of a mapping in a course or lexicon file: its schema (type, range, description) and
/// whether it must be there. The loaders take the keys they accept from these tables; the schema
/// and the reference's key tables are generated from them (`swift run bazaar-format`).
public struct FormatKey: Sendable {
  public let name: String
  public let required: Bool
  /// Builds the schema when asked: the loaders read only names, so a lesson never builds the
  /// descriptions (memory and start-up time); the generator asks for every one.
  private let makeSchema: @Sendable () -> JSONValue

  /// The key's JSON Schema, description included.
  public var schema: JSONValue { makeSchema() }

  public init(_ name: String, _ schema: @autoclosure @escaping @Sendable () -> JSONValue, required: Bool = false) {
    self.name = name
    self.makeSchema = schema
    self.required = required
  }
}

/// A mapping of the format (the course, a lesson, a policy, a product…): its keys in the order the
/// reference lists them, and the schema keywords that tie keys together (`oneOf`, `if`/`then`…).
public struct FormatObject: Sendable {
  /// The name under `definitions` in the schema (`policy`, `liveProduct`), or the file's root.
  public let name: String
  public let keys: [FormatKey]
  /// Schema keywords besides `type`, `properties`, `required` and `additionalProperties`:
  /// `title`, `description`, `oneOf`, `dependencies`… Built when asked, as a key's schema is.
  public var extra: [String: JSONValue] { makeExtra() }
  private let makeExtra: @Sendable () -> [String: JSONValue]
  /// Whether keys not listed are errors (E011). Every mapping of the format is closed.
  public let closed: Bool

  /// The keys a loader accepts, in the reference's order.
  public let known: [String]
  /// The keys that must be there (E010 when missing).
  public let required: [String]

  public init(
    _ name: String, keys: [FormatKey], closed: Bool = true,
    _ extra: @autoclosure @escaping @Sendable () -> [String: JSONValue] = [:]
  ) {
    self.name = name
    self.keys = keys
    self.closed = closed
    self.makeExtra = extra
    known = keys.map(\.name)
    required = keys.filter(\.required).map(\.name)
  }

  public func key(_ name: String) -> FormatKey? { keys.first { $0.name == name } }

  /// The JSON Schema of this mapping.
  public var schema: JSONValue {
    var o = extra
    o["type"] = "object"
    if closed { o["additionalProperties"] = false }
    var props: [String: JSONValue] = [:]
    for k in keys { props[k.name] = k.schema }
    o["properties"] = .object(props)
    if !required.isEmpty { o["required"] = .array(required.map { .string($0) }) }
    return .object(o)
  }
}

// MARK: - Building blocks, as the schema writes them

enum SchemaBits {
  static let definitions = "#/definitions/"

  /// `{"$ref": "#/definitions/NAME", "description": …}`.
  static func ref(_ name: String, _ description: String? = nil, md: String? = nil, _ extra: [String: JSONValue] = [:])
    -> JSONValue
  {
    var o: [String: JSONValue] = ["$ref": .string(definitions + name)]
    if let description { o["description"] = .string(description) }
    if let md { o["markdownDescription"] = .string(md) }
    for (k, v) in extra { o[k] = v }
    return .object(o)
  }

  /// `schema` with a description (and a markdown description for editors).
  static func desc(_ schema: JSONValue, _ description: String, md: String? = nil, _ extra: [String: JSONValue] = [:])
    -> JSONValue
  {
    var more = extra
    more["description"] = .string(description)
    if let md { more["markdownDescription"] = .string(md) }
    return schema.merging(more)
  }

  /// `{"description": …, "type": "number", "exclusiveMinimum": 0}`, with a maximum when given.
  static func positive(_ description: String, maximum: Int? = nil, _ extra: [String: JSONValue] = [:]) -> JSONValue {
    var o: [String: JSONValue] = ["description": .string(description), "type": "number", "exclusiveMinimum": 0]
    if let maximum { o["maximum"] = .int(maximum) }
    for (k, v) in extra { o[k] = v }
    return .object(o)
  }

  /// `{"description": …, "type": "integer", "minimum": …, "maximum": …}`.
  static func integer(_ description: String, _ minimum: Int, _ maximum: Int, _ extra: [String: JSONValue] = [:])
    -> JSONValue
  {
    var o: [String: JSONValue] = [
      "description": .string(description), "type": "integer", "minimum": .int(minimum), "maximum": .int(maximum),
    ]
    for (k, v) in extra { o[k] = v }
    return .object(o)
  }

  /// A list of strings (an `enum`, a `required` list).
  static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }
}
