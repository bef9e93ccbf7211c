/// A question bank (`bank: ID` at the top): questions kept in a file of their own, which courses
/// take into a lesson with a step `- include: banks/NAME.yaml`. Declared once, like `CourseFormat`.
public enum SharedBank {
  typealias B = SchemaBits

  public static let root = FormatObject(
    "bank",
    keys: [
      FormatKey(
        "bank", B.ref("identifier", "The bank's id, e.g. pricing-questions. Say which bank a question came from."),
        required: true),
      FormatKey("title", B.ref("localized", "What the questions are about. Optional.")),
      FormatKey(
        "languages",
        B.desc(
          ["anyOf": [B.ref("languageCode"), ["type": "array", "minItems": 1, "items": B.ref("languageCode")]]],
          "The languages the bank is written in, e.g. [zh, en]. A course that includes it must list each one it uses."),
        required: true),
      FormatKey(
        "questions",
        B.desc(
          ["type": "array", "minItems": 1, "items": B.ref("step")],
          "The questions (and text steps), written as in a lesson's steps:. Their ids must be unique in every course that includes the bank."),
        required: true),
    ],
    [
      "$schema": "http://json-schema.org/draft-07/schema#",
      "title": "Bazaar question bank",
      "description":
        "A Bazaar question bank: questions shared by several courses. A lesson takes them with a step `- include: FILE`. Reference: docs/course-format.md. Check it with: bazaar lint FILE",
    ])

  /// The step that takes a bank's questions into a lesson: `- include: ../banks/pricing.yaml`.
  public static let includeStep = FormatObject(
    "includeStep",
    keys: [
      FormatKey(
        "include",
        B.desc(
          ["type": "string", "pattern": "\\S"],
          "A question bank file (bank: at its top), as a path from this course file's folder, e.g. banks/pricing.yaml. Its questions take this step's place.",
          md:
            "A question bank file (`bank:` at its top), as a path from this course file's folder: `- include: banks/pricing.yaml`. Its questions take this step's place, in the bank's order; with the lesson's `draw:` they are part of the pool. Lint checks the bank and reports problems at their line in the bank file."
        ),
        required: true)
    ],
    ["title": "Include a question bank", "description": "Takes the questions of a bank file into the lesson here."])

  /// The bank file's JSON Schema: the bank's keys, with the course's definitions for its questions.
  public static var schema: JSONValue {
    root.schema.merging(["definitions": .object(CourseFormat.definitions)])
  }

  /// Whether `bytes` look like a bank (its top level has `bank:`).
  public static func looksLikeBank(_ bytes: [UInt8]) -> Bool { YAMLFileKind.of(bytes) == .bank }
}

/// What a YAML file of Bazaar's is, told from its top-level keys without parsing it: a line
/// starting `lexicon:` (first) or `bank:` in the first 4 KB. Lint, the course catalogue and
/// `include:` all decide by this one rule.
public enum YAMLFileKind: Sendable, Equatable {
  case course, lexicon, bank

  public static func of(_ bytes: [UInt8]) -> YAMLFileKind {
    let lines = String(decoding: bytes.prefix(4096), as: UTF8.self).split(separator: "\n")
    if lines.contains(where: { $0.hasPrefix("lexicon:") }) { return .lexicon }
    if lines.contains(where: { $0.hasPrefix("bank:") }) { return .bank }
    return .course
  }
}
