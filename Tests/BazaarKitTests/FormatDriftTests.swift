import Foundation
import Testing
@testable import BazaarKit

/// The schema and the reference's generated parts are written from the format's tables
/// (BazaarKit/Format) by `swift run bazaar-format`. These fail when a committed file differs from
/// what the tables give, so the five descriptions of the format cannot drift apart again.
@Suite("format: one source")
struct FormatDriftTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  static func read(_ path: String) -> String? { try? String(contentsOfFile: root + "/" + path, encoding: .utf8) }

  @Test("each generated file is as committed (else run: swift run bazaar-format)")
  func committedFilesAreGenerated() throws {
    let files = FormatFiles.all(read: Self.read)
    #expect(
      files.map(\.path) == [
        "schema/course.schema.json", "schema/lexicon.schema.json", "schema/bank.schema.json", FormatFiles.reference,
      ])
    for file in files {
      let committed = try #require(Self.read(file.path), "\(file.path) is missing")
      #expect(committed == file.text, "\(file.path) differs from what the format's tables give: run `swift run bazaar-format`")
    }
  }

  @Test("the reference has every generated part")
  func referenceHasItsParts() throws {
    let doc = try #require(Self.read(FormatFiles.reference))
    for name in ["lint-errors", "lint-warnings"] + KeyTable.all.map({ "keys " + $0.name }) {
      #expect(doc.contains("<!-- generated: \(name) -->"), "\(name)")
    }
  }

  @Test("each key table of the reference covers its mapping's keys: every one, and no other")
  func keyTablesCoverTheFormat() throws {
    let doc = try #require(Self.read(FormatFiles.reference))
    #expect(Set(KeyTable.all.map(\.name)).count == KeyTable.all.count, "two tables share a name")
    for table in KeyTable.all {
      #expect(doc.contains("<!-- generated: keys \(table.name) -->"), "the reference has no place for table \(table.name)")
      let named = table.rows.flatMap(KeyTable.keys(of:))
      #expect(Set(table.covers).subtracting(named).sorted() == [], "\(table.name): keys without a row")
      #expect(Set(named).subtracting(table.covers).sorted() == [], "\(table.name): rows naming no key of it")
      #expect(named.count == Set(named).count, "\(table.name): a key has two rows")
      for row in table.rows { #expect(row.count == table.header.count, "\(table.name): \(row.first ?? "")") }
    }
  }

  /// Every `"E0xx"`/`"W0xx"` literal in BazaarKit's sources (but the table itself).
  static func codesInSources() throws -> Set<String> {
    let folder = root + "/Sources/BazaarKit"
    let files = try #require(FileManager.default.enumerator(atPath: folder)).compactMap { $0 as? String }
    var codes: Set<String> = []
    let pattern = try Regex(#""([EW]0\d\d)""#)
    for file in files where file.hasSuffix(".swift") && !file.hasSuffix("LintCodes.swift") {
      let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
      for m in text.matches(of: pattern) {
        if let code = m.output[1].substring { codes.insert(String(code)) }
      }
    }
    return codes
  }

  @Test("every code lint reports is listed with its meaning and fix, and only those")
  func codeListIsComplete() throws {
    let used = try Self.codesInSources()
    let listed = LintCode.all.map(\.code)
    #expect(Set(listed).count == listed.count, "a code is listed twice")
    #expect(used.subtracting(listed).sorted() == [], "reported but not in LintCode.all")
    #expect(Set(listed).subtracting(used).sorted() == [], "in LintCode.all but never reported")
    #expect(listed == listed.sorted { ($0.hasPrefix("W") ? 1 : 0, $0) < ($1.hasPrefix("W") ? 1 : 0, $1) }, "listed out of order")
    for c in LintCode.all {
      #expect(!c.meaning.isEmpty && !c.fix.isEmpty, "\(c.code)")
      #expect(!c.meaning.contains("\n") && !c.fix.contains("|"), "\(c.code) would break the table")
    }
  }
}
