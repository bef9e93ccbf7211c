import Foundation
import Testing

@testable import BazaarKit

// Golden tests for the course loader's diagnostics.
//
// Every file in Fixtures/broken is a small course with one or two mistakes an instructor really
// makes. Its header comments say, by hand, what `bazaar lint` must report:
//
//     # expect: LINE:COL CODE substring of the message
//     # strict-warnings        (optional: every warning must be expected too)
//
// Each expectation must be met by its own diagnostic with exactly that line, column and code
// whose message contains the substring. Errors nobody expected fail the test; warnings nobody
// expected are allowed unless the fixture says `# strict-warnings`.

/// Where the fixtures live (found via this file's path, so no bundle lookup is needed).
private let brokenFixturesFolder: String =
  URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .appendingPathComponent("Fixtures/broken").path

/// The fixture file names, sorted.
let fixtureFiles: [String] = {
  let names = (try? FileManager.default.contentsOfDirectory(atPath: brokenFixturesFolder)) ?? []
  return names.filter { $0.hasSuffix(".yaml") }.sorted()
}()

/// One `# expect:` line.
struct GoldenExpectation: CustomStringConvertible {
  var line: Int
  var column: Int
  var code: String
  var substring: String
  /// Where the expectation itself is written (for failure messages).
  var declaredAt: Int

  var description: String { "\(line):\(column) \(code) \(substring)" }
}

/// What a fixture's header declares.
struct GoldenFixtureSpec {
  var expectations: [GoldenExpectation] = []
  var strictWarnings = false
  var malformed: [String] = []
}

/// Reads the `# expect:` and `# strict-warnings` lines of a fixture.
func parseGoldenFixtureSpec(_ text: String) -> GoldenFixtureSpec {
  var spec = GoldenFixtureSpec()
  for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
    let line = raw.trimmingCharacters(in: .whitespaces)
    guard line.hasPrefix("#") else { continue }
    let body = line.dropFirst().trimmingCharacters(in: .whitespaces)
    if body == "strict-warnings" {
      spec.strictWarnings = true
      continue
    }
    guard body.hasPrefix("expect:") else { continue }
    let rest = body.dropFirst("expect:".count).trimmingCharacters(in: .whitespaces)
    // LINE:COL CODE substring
    let parts = rest.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
    guard parts.count == 3 else {
      spec.malformed.append("line \(index + 1): \(raw)")
      continue
    }
    let position = parts[0].split(separator: ":")
    guard position.count == 2, let l = Int(position[0]), let c = Int(position[1]),
      parts[1].count == 4, parts[1].first == "E" || parts[1].first == "W"
    else {
      spec.malformed.append("line \(index + 1): \(raw)")
      continue
    }
    spec.expectations.append(
      GoldenExpectation(line: l, column: c, code: String(parts[1]), substring: String(parts[2]), declaredAt: index + 1))
  }
  return spec
}

/// A diagnostic in one line, for failure messages.
func describeGoldenDiagnostic(_ d: Diagnostic) -> String {
  let at = d.location.map { "\($0.line):\($0.column)" } ?? "-:-"
  return "\(at) \(d.severity.rawValue) \(d.code) \(d.message)"
}

@Suite("Diagnostics golden files")
struct DiagnosticsGoldenTests {
  @Test("the corpus is there and every fixture declares what it expects")
  func corpusIsWellFormed() throws {
    #expect(fixtureFiles.count >= 25, "expected about 25 broken fixtures in \(brokenFixturesFolder)")
    for name in fixtureFiles {
      let text = try String(contentsOfFile: brokenFixturesFolder + "/" + name, encoding: .utf8)
      let spec = parseGoldenFixtureSpec(text)
      #expect(spec.malformed.isEmpty, "\(name): malformed expect lines: \(spec.malformed)")
      #expect(!spec.expectations.isEmpty, "\(name): no `# expect:` lines")
    }
  }

  @Test("lint reports exactly the expected diagnostics", arguments: fixtureFiles)
  func golden(_ name: String) throws {
    let path = brokenFixturesFolder + "/" + name
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let spec = parseGoldenFixtureSpec(text)
    try #require(spec.malformed.isEmpty, "malformed expect lines: \(spec.malformed)")
    try #require(!spec.expectations.isEmpty, "fixture declares no expectations")

    let linted = Linter().lintFile(path)
    let diagnostics = linted.diagnostics
    let listing = diagnostics.map(describeGoldenDiagnostic).joined(separator: "\n  ")

    // Every diagnostic points into this file.
    for d in diagnostics {
      #expect(d.location?.path == path, "diagnostic without this file's location: \(describeGoldenDiagnostic(d))")
    }

    // Each expectation consumes its own matching diagnostic.
    var used = Set<Int>()
    for e in spec.expectations {
      let match = diagnostics.indices.first { i in
        let d = diagnostics[i]
        return !used.contains(i) && d.code == e.code && d.location?.line == e.line
          && d.location?.column == e.column && d.message.contains(e.substring)
      }
      if let match {
        used.insert(match)
      } else {
        let near = diagnostics.filter { $0.code == e.code }.map(describeGoldenDiagnostic)
        Issue.record(
          """
          \(name): expected (header line \(e.declaredAt)) \(e) — not reported.
            same code reported: \(near.isEmpty ? "none" : near.joined(separator: "; "))
            all diagnostics:
            \(listing)
          """)
      }
    }

    // Nothing else may be an error (nor a warning, with strict-warnings).
    for (i, d) in diagnostics.enumerated() where !used.contains(i) {
      if d.isError || (spec.strictWarnings && d.severity == .warning) {
        Issue.record("\(name): unexpected \(d.severity.rawValue): \(describeGoldenDiagnostic(d))\n  all diagnostics:\n  \(listing)")
      }
    }

    // Every diagnostic with a position carries the text of the line it points into.
    for d in diagnostics where d.location != nil {
      if let loc = d.location, let sourceLine = d.sourceLine {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if loc.line >= 1 && loc.line <= lines.count {
          #expect(sourceLine == String(lines[loc.line - 1]), "\(name): source line of \(describeGoldenDiagnostic(d))")
        }
      }
    }
  }
}

@Suite("Diagnostic rendering")
struct DiagnosticRenderingTests {
  @Test("a loader diagnostic renders as path:line:col, the source line and a caret under CJK text")
  func rendersLoaderDiagnosticWithCJKBeforeCaret() throws {
    let text = """
      id: render
      version: "1"
      title: {zh: 第一课, fr: Leçon un}
      languages: [zh, en]
      lessons:
        - id: l1
          title: 第一课
          steps:
            - text: 欢迎。

      """
    let loaded = CourseLoader.parse(bytes: Array(text.utf8), path: "courses/render.yaml")
    let d = try #require(loaded.diagnostics.first { $0.code == "E015" })
    // `fr` starts at column 18; before it are 12 ASCII characters, 第一课 (3 × 2 columns) and ", ".
    let expected =
      "courses/render.yaml:3:18: error: [E015] the course title has text in `fr`, which the course does not declare in `languages:` (zh, en); add it there or remove this text.\n"
      + " 3 | title: {zh: 第一课, fr: Leçon un}\n"
      + "   | " + String(repeating: " ", count: 20) + "^\n"
    #expect(DiagnosticRenderer(color: false).render(d) == expected)
  }

  @Test("the gutter widens with the line number, tabs show as one space, CJK counts two columns")
  func rendersConstructedDiagnostic() {
    let d = Diagnostic(
      code: "E012", severity: .warning,
      location: SourceLocation(path: "c.yaml", line: 120, column: 8),
      message: "an example", sourceLine: "\t标题：苹果 x: y")
    // Column 8 is the `x`; before it: a tab (shown as one space), 标题：苹果 (5 × 2 columns), a space = 12 columns.
    let expected =
      "c.yaml:120:8: warning: [E012] an example\n"
      + " 120 |  标题：苹果 x: y\n"
      + "     | " + String(repeating: " ", count: 12) + "^\n"
    #expect(DiagnosticRenderer(color: false).render(d) == expected)
  }

  @Test("a diagnostic without a location renders as one line")
  func rendersWithoutLocation() {
    let d = Diagnostic(code: "E001", severity: .error, location: nil, message: "x.yaml: no such file or folder; check the path")
    #expect(DiagnosticRenderer(color: false).render(d) == "error: [E001] x.yaml: no such file or folder; check the path\n")
  }
}
