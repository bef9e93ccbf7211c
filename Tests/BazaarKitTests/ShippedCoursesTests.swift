import Foundation
import Testing
@testable import BazaarKit

/// The courses folder of this package.
private let coursesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("courses").path

@Suite("shipped courses")
struct ShippedCoursesTests {
  static var files: [String] {
    ((try? LocalFileSystem().files(under: coursesFolder)) ?? []).filter(Linter.isYAML)
  }

  @Test func thereAreCoursesAndLexicons() {
    #expect(Self.files.contains { $0.hasSuffix("/sampler.yaml") })
    #expect(Self.files.contains { $0.contains("/lexicon/") })
  }

  @Test("lints clean with --strict, self-check included", arguments: files)
  func lintsClean(_ path: String) {
    let linted = Linter().lintFile(path)
    let problems = linted.diagnostics.map { "\($0.location?.description ?? path): \($0.code) \($0.message)" }
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }

  @Test func theSamplerUsesEveryQuestionKind() throws {
    let loaded = CourseLoader.load(path: coursesFolder + "/sampler.yaml")
    let course = try #require(loaded.course)
    let kinds = Set(course.questions.map(\.kind.name))
    #expect(kinds == ["choice", "truefalse", "short", "number", "calc", "order", "match", "listing", "pitch"])
    #expect(course.questions.contains { if case .choice(let k) = $0.kind { k.isMultiple } else { false } })
    #expect(course.digest.count == 64)
  }

  @Test func theSelfCheckCatchesAWrongKey() throws {
    // The sampler's margin question with the key moved to the markup option: lint must object.
    let path = coursesFolder + "/sampler.yaml"
    var text = try String(contentsOfFile: path, encoding: .utf8)
    text = text.replacingOccurrences(of: "          - text: \"20%\"\n            correct: true\n          - text: \"25%\"\n", with: "          - text: \"20%\"\n          - text: \"25%\"\n            correct: true\n")
    var files = [path: text]
    for lexicon in Self.files where lexicon.contains("/lexicon/") {
      files[lexicon] = try String(contentsOfFile: lexicon, encoding: .utf8)
    }
    let fs = MemoryFileSystem(files)
    let linted = Linter(fileSystem: fs).lintFile(path)
    let codes = linted.diagnostics.map(\.code)
    #expect(codes == ["E031"], "\(linted.diagnostics.map(\.message))")
    #expect(linted.diagnostics.first?.message.contains("wrong example “B” gets full marks") == true)
  }
}
