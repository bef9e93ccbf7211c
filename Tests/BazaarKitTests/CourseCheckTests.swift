import Foundation
import Testing
@testable import BazaarKit

/// `CourseCheck`: lint's errors refuse a course; a clean result is remembered until a file changes.
@Suite struct CourseCheckTests {
  static let course = """
    id: checked
    version: "1"
    title: Checked
    languages: [en]
    lexicons: [banned]
    lessons:
      - id: l1
        title: One
        steps:
          - kind: short
            id: q1
            prompt: Name the return rule.
            answers:
              - text: seven day return

    """

  static let lexicon = """
    lexicon: banned
    category: absolute
    terms: [best ever]

    """

  func setUp() throws -> (RecordsTempFolder, String) {
    let tmp = try RecordsTempFolder()
    try FileManager.default.createDirectory(atPath: tmp.path + "/lexicon", withIntermediateDirectories: true)
    try Data(Self.lexicon.utf8).write(to: URL(fileURLWithPath: tmp.path + "/lexicon/banned.yaml"))
    let path = tmp.path + "/checked.yaml"
    try Data(Self.course.utf8).write(to: URL(fileURLWithPath: path))
    return (tmp, path)
  }

  func cached(_ tmp: RecordsTempFolder) -> [String] { recordsListing(tmp.folder.path + "/cache/lint") }

  @Test func aCleanCourseIsRememberedUntilItOrALexiconChanges() throws {
    let (tmp, path) = try setUp()
    let check = CourseCheck(dataFolder: tmp.folder)
    let loaded = CourseLoader.load(path: path)
    try #require(loaded.course != nil, "\(loaded.diagnostics.map(\.message))")
    #expect(check.check(loaded, path: path) == .clean(cached: false))
    #expect(cached(tmp).count == 1)
    #expect(check.check(loaded, path: path) == .clean(cached: true))

    // The lexicon changes (it loses its terms, so it has an error and the course gets E023): linted again.
    try Data(Self.lexicon.replacingOccurrences(of: "terms: [best ever]\n", with: "").utf8)
      .write(to: URL(fileURLWithPath: tmp.path + "/lexicon/banned.yaml"))
    try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(3)], ofItemAtPath: tmp.path + "/lexicon/banned.yaml")
    guard case .error(let first, let count) = check.check(loaded, path: path) else {
      Issue.record("a course whose lexicon has errors passed")
      return
    }
    #expect(first.code == "E023" && count == 1)
    #expect(first.location?.path == path && first.location?.line == 5 && first.location?.column == 12)
    #expect(cached(tmp).count == 1)  // errors are never remembered
  }

  @Test func withoutADataFolderEveryCheckLints() throws {
    let (tmp, path) = try setUp()
    let check = CourseCheck(dataFolder: nil)
    let loaded = CourseLoader.load(path: path)
    #expect(check.check(loaded, path: path) == .clean(cached: false))
    #expect(check.check(loaded, path: path) == .clean(cached: false))
    #expect(cached(tmp).isEmpty)
  }

  @Test func aMissingLexiconIsTheFirstError() throws {
    let (tmp, path) = try setUp()
    try FileManager.default.removeItem(atPath: tmp.path + "/lexicon/banned.yaml")
    let loaded = CourseLoader.load(path: path)
    guard case .error(let first, _) = CourseCheck(dataFolder: tmp.folder).check(loaded, path: path) else {
      Issue.record("a course with a missing lexicon passed")
      return
    }
    #expect(first.code == "E023")
    #expect(first.location?.line == 5 && first.location?.column == 12)
    #expect(cached(tmp).isEmpty)
  }
}
