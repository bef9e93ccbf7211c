import Foundation
import Testing
@testable import BazaarKit

/// A python with the reference JSON Schema validator (jsonschema) and PyYAML: the one
/// `scripts/test-lrs` puts in its venv (BAZAAR_TEST_PYTHON), else the system's python3 if it has them.
private let schemaPython: String? = {
  var candidates: [String] = []
  if let p = ProcessInfo.processInfo.environment["BAZAAR_TEST_PYTHON"] { candidates.append(p) }
  let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
  candidates += path.split(separator: ":").map { $0 + "/python3" }
  return candidates.first { path in
    guard FileManager.default.isExecutableFile(atPath: path) else { return false }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = ["-c", "import jsonschema, yaml"]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    do { try p.run() } catch { return false }
    p.waitUntilExit()
    return p.terminationStatus == 0
  }
}()

/// The schema/lint agreement corpus (Fixtures/format-corpus): 100+ small course and lexicon files,
/// each labelled by hand with what lint and the schema should say. Lint and the schema must each
/// say what the label says, and must agree with each other: a file lint accepts, the schema
/// accepts; a file lint rejects, the schema rejects too, unless the label says the schema cannot
/// express that rule (`schema: accepts — …`, such as `min` above `max`).
@Suite(
  "format: schema and lint agree",
  .enabled(if: schemaPython != nil, "no python3 with jsonschema and PyYAML (scripts/test-lrs puts one in its venv)"))
struct FormatCorpusTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path
  static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/Fixtures/format-corpus"

  struct Labels {
    var lintOK: Bool
    /// The codes lint must report (each of them; it may report more).
    var lintCodes: [String]
    /// `ok`, `error`, `accepts` (the schema cannot express the rule lint applies), or `unreadable`
    /// (the validator's YAML reader, PyYAML, cannot read what YAML 1.2 and lint read).
    var schema: String
  }

  static func files() throws -> [String] {
    let all = try #require(FileManager.default.enumerator(atPath: corpus)).compactMap { $0 as? String }
    return all.filter { $0.hasSuffix(".yaml") }.sorted().map { corpus + "/" + $0 }
  }

  static func labels(_ path: String) throws -> Labels {
    // The header is ASCII; a file may be in another encoding on purpose (GBK, for E003).
    let data = try #require(FileManager.default.contents(atPath: path))
    let text = String(decoding: data.prefix(2048), as: UTF8.self)
    var lint: String?
    var schema: String?
    for line in text.split(separator: "\n").prefix(8) {
      if line.hasPrefix("# lint:") { lint = line.dropFirst(7).trimmingCharacters(in: .whitespaces) }
      if line.hasPrefix("# schema:") {
        schema = line.dropFirst(9).trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init)
      }
    }
    let l = try #require(lint, "\(path): no `# lint:` label")
    let s = try #require(schema, "\(path): no `# schema:` label")
    let words = l.split(separator: " ").map(String.init)
    return Labels(lintOK: words.first == "ok", lintCodes: Array(words.dropFirst()), schema: s)
  }

  /// The schema's verdict on each file, from the reference validator (validate.py beside the corpus).
  static func schemaVerdicts(_ files: [String]) throws -> [String: (valid: Bool?, errors: [String])] {
    let python = try #require(schemaPython)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: python)
    p.arguments = [corpus + "/validate.py", "--schema-dir", root + "/schema"] + files
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    try #require(p.terminationStatus == 0, "validate.py failed")
    var verdicts: [String: (valid: Bool?, errors: [String])] = [:]
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
      guard let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let file = obj["file"] as? String
      else { continue }
      // `valid: null`: PyYAML could not read the file (it is YAML 1.1 and stricter in places).
      verdicts[file] = ((obj["valid"] as? Bool), obj["errors"] as? [String] ?? [])
    }
    return verdicts
  }

  @Test("every file: lint and the schema say what its hand label says, and agree")
  func corpusAgrees() throws {
    let files = try Self.files()
    #expect(files.count >= 100, "the corpus has \(files.count) files")
    let verdicts = try Self.schemaVerdicts(files)
    let linter = Linter(lexiconPaths: [Self.corpus + "/lexicon"])
    for file in files {
      let name = file.replacingOccurrences(of: Self.corpus + "/", with: "")
      let label = try Self.labels(file)
      let errors = linter.lintFile(file).diagnostics.filter(\.isError)
      let lintOK = errors.isEmpty
      let codes = errors.map(\.code)
      #expect(lintOK == label.lintOK, "\(name): lint \(lintOK ? "accepts it" : "says \(codes)")")
      for code in label.lintCodes { #expect(codes.contains(code), "\(name): lint says \(codes), not \(code)") }
      guard let verdict = verdicts[file] else {
        Issue.record("\(name): validate.py said nothing about it")
        continue
      }
      guard let valid = verdict.valid else {
        // Only where the label says the validator's YAML reader cannot read it (and why).
        #expect(label.schema == "unreadable", "\(name): the validator could not read it: \(verdict.errors)")
        continue
      }
      let schema = (valid: valid, errors: verdict.errors)
      switch label.schema {
      case "ok": #expect(schema.valid, "\(name): the schema rejects it: \(schema.errors)")
      case "error": #expect(!schema.valid, "\(name): the schema accepts it")
      case "accepts": #expect(schema.valid && !label.lintOK, "\(name): `schema: accepts` is for rules only lint can check")
      default: Issue.record("\(name): unknown schema label \(label.schema)")
      }
      // The agreement itself, whatever the labels say.
      if lintOK { #expect(schema.valid, "\(name): lint accepts it, the schema does not: \(schema.errors)") }
      if !lintOK && label.schema != "accepts" { #expect(!schema.valid, "\(name): lint rejects it (\(codes)), the schema does not") }
    }
  }
}
