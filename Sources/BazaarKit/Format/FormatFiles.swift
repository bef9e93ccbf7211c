import Foundation

/// The files generated from the format's tables: the JSON Schemas, and the generated parts of the
/// reference (docs/course-format.md), each between `<!-- generated: NAME -->` and
/// `<!-- end generated -->`. `bazaar-format` writes them; a test fails when a committed file differs.
public enum FormatFiles {
  public static let reference = "docs/course-format.md"

  /// Each generated file: its path under the package root and its text. `read` gives a file's
  /// committed text (the reference is generated only in part); a file it cannot give is left out.
  public static func all(read: (String) -> String?) -> [(path: String, text: String)] {
    var files: [(path: String, text: String)] = [
      ("schema/course.schema.json", json(CourseFormat.schema)),
      ("schema/lexicon.schema.json", json(LexiconFormat.schema)),
      ("schema/bank.schema.json", json(SharedBank.schema)),
    ]
    if let doc = read(reference) { files.append((reference, filling(doc))) }
    return files
  }

  static func json(_ value: JSONValue) -> String {
    let e = JSONEncoder()
    e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? e.encode(value), let s = String(data: data, encoding: .utf8) else { return "" }
    return s + "\n"
  }

  static let open = "<!-- generated: "
  static let close = "<!-- end generated -->"

  /// `doc` with each generated part written anew; a part whose name is unknown is kept as it is.
  static func filling(_ doc: String) -> String {
    var out = ""
    var rest = Substring(doc)
    while let start = rest.range(of: open) {
      guard let nameEnd = rest[start.upperBound...].range(of: " -->"),
        let end = rest[nameEnd.upperBound...].range(of: close)
      else { break }
      let name = String(rest[start.upperBound..<nameEnd.lowerBound])
      out += rest[..<nameEnd.upperBound]
      if let part = part(name) {
        out += "\n" + part + "\n"
      } else {
        out += rest[nameEnd.upperBound..<end.lowerBound]
      }
      out += close
      rest = rest[end.upperBound...]
    }
    return out + rest
  }

  /// The text of the generated part `name`.
  static func part(_ name: String) -> String? {
    switch name {
    case let keys where keys.hasPrefix("keys "): return KeyTable.all.first { "keys " + $0.name == keys }?.markdown
    case "lint-errors": return codeTable(LintCode.all.filter(\.isError))
    case "lint-warnings": return codeTable(LintCode.all.filter { !$0.isError })
    default: return nil
    }
  }

  static func codeTable(_ codes: [LintCode]) -> String {
    (["| Code | What it means | How to fix it |", "|---|---|---|"]
      + codes.map { "| \($0.code) | \($0.meaning) | \($0.fix) |" }).joined(separator: "\n")
  }
}
