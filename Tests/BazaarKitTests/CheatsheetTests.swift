import Foundation
import Testing

@testable import BazaarKit

/// docs/cheatsheet.md's examples are a course that passes lint, self-check included: an instructor
/// who copies them starts from something that works.
@Suite struct CheatsheetTests {
  @Test func theExamplesLintClean() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let text = try String(contentsOf: root.appendingPathComponent("docs/cheatsheet.md"), encoding: .utf8)
    let blocks = text.components(separatedBy: "```yaml\n").dropFirst().map { $0.components(separatedBy: "```").first ?? "" }
    #expect(blocks.count == 2)
    let dir = NSTemporaryDirectory() + "bazaar-cheatsheet-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let file = dir + "/rose-tea.yaml"
    try (blocks.joined(separator: "\n")).write(toFile: file, atomically: true, encoding: .utf8)
    let linted = Linter().lintFile(file)
    let problems = linted.diagnostics.map { "\($0.location?.description ?? ""): \($0.code) \($0.message)" }
    #expect(problems.isEmpty, "\(problems)")
    #expect(linted.questions == 9)
  }
}
