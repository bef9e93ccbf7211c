import Foundation
import Testing

@testable import BazaarKit

// Bad input must never crash or hang the loader, and must get one clear diagnostic.
//
// Every load here runs on its own thread with a deadline: if the loader hangs, the test records
// a failure and moves on (the stuck thread is abandoned) instead of hanging the whole suite.

/// Holds a value produced on another thread.
private final class Slot<T>: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: T?
  func put(_ value: T) {
    lock.lock()
    stored = value
    lock.unlock()
  }
  var value: T? {
    lock.lock()
    defer { lock.unlock() }
    return stored
  }
}

/// Runs `body` on a fresh thread (8 MB stack, like a main thread) and waits at most `seconds`.
/// Returns nil, after recording an issue, when it does not finish in time.
func withDeadline<T>(
  _ seconds: Double, _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation,
  _ body: @escaping @Sendable () -> T
) -> T? {
  let slot = Slot<T>()
  let done = DispatchSemaphore(value: 0)
  let thread = Thread {
    slot.put(body())
    done.signal()
  }
  thread.stackSize = 8 << 20
  thread.start()
  guard done.wait(timeout: .now() + seconds) == .success else {
    Issue.record("\(what) did not finish within \(seconds) s (hang)", sourceLocation: sourceLocation)
    return nil
  }
  return slot.value
}

/// Loads `bytes` as a course, within `seconds`.
private func load(
  _ bytes: [UInt8], path: String = "hostile.yaml", within seconds: Double = 5,
  sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> LoadedCourse? {
  withDeadline(seconds, "loading \(path)", sourceLocation: sourceLocation) {
    CourseLoader.parse(bytes: bytes, path: path)
  }
}

/// Lints `bytes` as the file `path` of an in-memory file system, within `seconds`.
private func lint(
  _ bytes: [UInt8], path: String = "courses/hostile.yaml", within seconds: Double = 5,
  sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> LintedFile? {
  var fs = MemoryFileSystem([:])
  fs.files[path] = bytes
  let fileSystem = fs
  return withDeadline(seconds, "linting \(path)", sourceLocation: sourceLocation) {
    Linter(fileSystem: fileSystem).lintFile(path)
  }
}

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

private func summary(_ ds: [Diagnostic]) -> String {
  ds.map { d in "\(d.location.map { "\($0.line):\($0.column)" } ?? "-") \(d.code) \(d.message)" }
    .joined(separator: "\n")
}

/// Asserts that `ds` is exactly one error `code` at `line:column` whose message contains `text`.
private func expectSingle(
  _ ds: [Diagnostic], _ code: String, at line: Int, _ column: Int, containing text: String,
  sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
  #expect(ds.count == 1, "expected one diagnostic, got:\n\(summary(ds))", sourceLocation: sourceLocation)
  guard let d = ds.first else { return }
  #expect(d.code == code, "\(summary(ds))", sourceLocation: sourceLocation)
  #expect(d.severity == .error, sourceLocation: sourceLocation)
  #expect(d.location?.line == line && d.location?.column == column, "\(summary(ds))", sourceLocation: sourceLocation)
  #expect(d.message.contains(text), "\(summary(ds))", sourceLocation: sourceLocation)
}

/// A small valid course (lines numbered in comments), for encoding tests.
private let validCourseLines = [
  "id: valid-course",  // 1
  "version: \"1\"",  // 2
  "title: {zh: 定价基础, en: Pricing basics}",  // 3
  "languages: [zh, en]",  // 4
  "lessons:",  // 5
  "  - id: l1",  // 6
  "    title: {zh: 第一课, en: Lesson one}",  // 7
  "    steps:",  // 8
  "      - text: {zh: 欢迎。, en: Welcome.}",  // 9
  "      - kind: truefalse",  // 10
  "        id: margin-vs-markup",  // 11
  "        prompt: {zh: 毛利率和加价率总是相等。, en: Margin and markup are always equal.}",  // 12
  "        answer: false",  // 13
  "        explanation: {zh: 分母不同。, en: They divide by different things.}",  // 14
]

/// The classic "billion laughs": `levels` levels (9 gives 10^9 leaves), each a list of 10 aliases to the level below.
private func billionLaughs(indent: String, levels: Int = 9, prefix: String = "- ") -> [String] {
  var lines = [indent + prefix + "&a [" + Array(repeating: "lol", count: 10).joined(separator: ", ") + "]"]
  let names = Array("abcdefghijkl")
  for level in 1..<levels {
    let refs = Array(repeating: "*\(names[level - 1])", count: 10).joined(separator: ", ")
    lines.append(indent + prefix + "&\(names[level]) [\(refs)]")
  }
  return lines
}

@Suite("Hostile input")
struct HostileInputTests {
  // MARK: Empty and not-a-course

  @Test("an empty or comment-only file says it is empty", arguments: ["", "\n\n\n", "# only a comment\n# and another\n", "   \n  \n"])
  func emptyFile(_ text: String) throws {
    guard let loaded = load(bytes(text)) else { return }
    #expect(loaded.course == nil)
    expectSingle(loaded.diagnostics, "E005", at: 1, 1, containing: "file is empty")
  }

  @Test("binary garbage (a PNG header) is refused as not UTF-8, at 1:1")
  func binaryGarbage() throws {
    let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52]
    guard let loaded = load(png) else { return }
    #expect(loaded.course == nil)
    expectSingle(loaded.diagnostics, "E003", at: 1, 1, containing: "not valid UTF-8 (byte 0x89)")
    guard let linted = lint(png) else { return }
    #expect(linted.diagnostics.map(\.code) == ["E003"])
  }

  @Test("64 KB of pseudo-random bytes never crash the loader or lint")
  func randomBytes() throws {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    var garbage: [UInt8] = []
    garbage.reserveCapacity(65536)
    for _ in 0..<65536 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      garbage.append(UInt8(truncatingIfNeeded: state >> 56))
    }
    guard let loaded = load(garbage) else { return }
    #expect(loaded.course == nil)
    #expect(loaded.diagnostics.count == 1 && loaded.diagnostics.first?.code == "E003", "\(summary(loaded.diagnostics))")
    guard let linted = lint(garbage) else { return }
    #expect(linted.diagnostics.contains { $0.isError })
  }

  @Test("plain text that is not a mapping says the course must be a mapping")
  func plainText() throws {
    guard let loaded = load(bytes("<html>\n<body>这不是课程文件</body>\n</html>\n")) else { return }
    #expect(loaded.course == nil)
    expectSingle(loaded.diagnostics, "E012", at: 1, 1, containing: "the course must be a mapping of `key: value` lines")
  }

  @Test("a top-level list instead of a mapping")
  func topLevelList() throws {
    let text = "- id: l1\n  title: 第一课\n- id: l2\n  title: 第二课\n"
    guard let loaded = load(bytes(text)) else { return }
    #expect(loaded.course == nil)
    expectSingle(loaded.diagnostics, "E012", at: 1, 1, containing: "the course must be a mapping of `key: value` lines, not a list")
  }

  // MARK: Tabs

  @Test("a tab in indentation is named as such, at the tab")
  func tabs() throws {
    guard let atLineStart = load(bytes("id: tabs\n\tversion: \"1\"\ntitle: t\n")) else { return }
    // The tab is named, and the file is read on (as if a space were there): its other problems, the
    // missing `languages:` and `lessons:`, come in the same run.
    let tab = atLineStart.diagnostics.filter { $0.code == "E008" }
    expectSingle(tab, "E008", at: 2, 1, containing: "a tab is used for indentation")
    #expect(atLineStart.diagnostics.filter { $0.code != "E008" }.map(\.code) == ["E010", "E010"])

    var lines = validCourseLines
    lines[7] = "  \t  steps:"  // line 8: two spaces, a tab, two spaces
    guard let afterSpaces = load(bytes(lines.joined(separator: "\n") + "\n")) else { return }
    expectSingle(afterSpaces.diagnostics, "E008", at: 8, 3, containing: "Replace the tab with spaces")
  }

  // MARK: Encodings

  @Test("invalid UTF-8 is reported at the bad byte's line and character column")
  func invalidUTF8() throws {
    guard let first = load([0x69, 0x64, 0x3A, 0x20, 0xFF]) else { return }  // "id: " + 0xFF
    #expect(first.course == nil)
    expectSingle(first.diagnostics, "E003", at: 1, 5, containing: "not valid UTF-8 (byte 0xFF)")

    // Line 2 has Chinese before the bad byte: columns count characters, not bytes.
    guard let second = load(bytes("id: x\ntitle: 苹果") + [0xC3, 0x28] + bytes("\n")) else { return }
    expectSingle(second.diagnostics, "E003", at: 2, 10, containing: "byte 0xC3")

    // A sequence cut off by the end of the file.
    guard let truncated = load(bytes("id: x\nversion: \"1\"\ntitle: ") + [0xE4, 0xBD]) else { return }
    expectSingle(truncated.diagnostics, "E003", at: 3, 8, containing: "byte 0xE4")

    // Encoded surrogates (CESU-8) and overlong forms are not UTF-8 either.
    guard let surrogate = load(bytes("id: ") + [0xED, 0xA0, 0x80]) else { return }
    expectSingle(surrogate.diagnostics, "E003", at: 1, 5, containing: "byte 0xED")
    guard let overlong = load(bytes("id: ") + [0xC0, 0xAF]) else { return }
    expectSingle(overlong.diagnostics, "E003", at: 1, 5, containing: "byte 0xC0")
  }

  @Test("a GBK-encoded file says to convert it from GBK, at the first Chinese character")
  func gbk() throws {
    // 价格 in GBK is BC DB B8 F1; 0xBC cannot start a UTF-8 sequence.
    let text = bytes("id: gbk\nversion: \"1\"\ntitle: ") + [0xBC, 0xDB, 0xB8, 0xF1] + bytes("\nlanguages: [zh]\n")
    guard let loaded = load(text) else { return }
    #expect(loaded.course == nil)
    expectSingle(loaded.diagnostics, "E003", at: 3, 8, containing: "GBK")
    #expect(loaded.diagnostics.first?.message.contains("iconv -f GBK -t UTF-8") == true)
    guard let linted = lint(text) else { return }
    #expect(linted.diagnostics.map(\.code) == ["E003"])
  }

  @Test("UTF-16 with a byte-order mark says to save as UTF-8", arguments: [true, false])
  func utf16(littleEndian: Bool) throws {
    let text = validCourseLines.joined(separator: "\n") + "\n"
    var data: [UInt8] = littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
    for unit in text.utf16 {
      let lo = UInt8(unit & 0xFF)
      let hi = UInt8(unit >> 8)
      data += littleEndian ? [lo, hi] : [hi, lo]
    }
    guard let loaded = load(data) else { return }
    #expect(loaded.course == nil)
    expectSingle(loaded.diagnostics, "E003", at: 1, 1, containing: "UTF-16; save it as UTF-8")
  }

  @Test("a UTF-8 BOM and CRLF line endings load cleanly, with line numbers unchanged")
  func bomAndCRLF() throws {
    let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    let clean = bom + bytes(validCourseLines.joined(separator: "\r\n") + "\r\n")
    guard let loaded = load(clean) else { return }
    #expect(!loaded.diagnostics.contains { $0.isError }, "\(summary(loaded.diagnostics))")
    let course = try #require(loaded.course)
    #expect(course.id == "valid-course")
    #expect(course.questions.count == 1)
    #expect(course.lessons.first?.steps.count == 2)
    #expect(course.digest == Digest.sha256Hex(clean))
    // Lint (with the self-check) is clean too.
    guard let linted = lint(clean) else { return }
    #expect(!linted.diagnostics.contains { $0.isError }, "\(summary(linted.diagnostics))")

    // A deliberate error on line 11, after ten CRLFs: still line 11, column 9, and no `\r` in the shown line.
    var lines = validCourseLines
    lines[10] = "        idd: margin-vs-markup"
    guard let broken = load(bom + bytes(lines.joined(separator: "\r\n") + "\r\n")) else { return }
    let d = try #require(broken.diagnostics.first { $0.code == "E011" }, "\(summary(broken.diagnostics))")
    #expect(d.location?.line == 11 && d.location?.column == 9)
    #expect(d.message.contains("unknown key `idd`"))
    #expect(d.sourceLine == "        idd: margin-vs-markup")

    // An error on line 1 is not shifted by the BOM.
    lines = validCourseLines
    lines[0] = "id: valid course"
    guard let first = load(bom + bytes(lines.joined(separator: "\r\n") + "\r\n")) else { return }
    let e = try #require(first.diagnostics.first { $0.code == "E013" }, "\(summary(first.diagnostics))")
    #expect(e.location?.line == 1 && e.location?.column == 5)
    #expect(e.sourceLine == "id: valid course")
  }

  @Test("old Mac CR-only line endings load cleanly and keep line numbers")
  func crOnly() throws {
    var lines = validCourseLines
    guard let loaded = load(bytes(lines.joined(separator: "\r") + "\r")) else { return }
    #expect(!loaded.diagnostics.contains { $0.isError }, "\(summary(loaded.diagnostics))")
    lines[12] = "        answer: 对"
    guard let broken = load(bytes(lines.joined(separator: "\r") + "\r")) else { return }
    let d = try #require(broken.diagnostics.first { $0.isError }, "\(summary(broken.diagnostics))")
    #expect(d.code == "E012" && d.location?.line == 13 && d.location?.column == 17, "\(summary(broken.diagnostics))")
  }

  @Test("NUL bytes: refused as not a text file, at the NUL's line and column")
  func nulBytes() throws {
    guard let atStart = load([0x00] + bytes("id: x\n")) else { return }
    expectSingle(atStart.diagnostics, "E003", at: 1, 1, containing: "NUL byte")
    // `version: "1` is 11 characters; the NUL is the 12th.
    guard let inside = load(bytes("id: x\nversion: \"1") + [0x00] + bytes("\"\ntitle: t\n")) else { return }
    #expect(inside.course == nil)
    expectSingle(inside.diagnostics, "E003", at: 2, 12, containing: "NUL byte")
  }

  // MARK: Resource exhaustion

  @Test("10,000 nested `[` is refused as too deep, quickly")
  func deepFlowNesting() throws {
    let text = "id: deep\nlessons: " + String(repeating: "[", count: 10_000) + "\n"
    guard let loaded = load(bytes(text), within: 5) else { return }
    #expect(loaded.course == nil)
    let d = try #require(loaded.diagnostics.first, "no diagnostic")
    #expect(loaded.diagnostics.count == 1, "\(summary(loaded.diagnostics))")
    #expect(d.code == "E006", "\(summary(loaded.diagnostics))")
    #expect(d.location?.line == 2)
    #expect(d.message.contains("1000 levels"))
  }

  @Test("2,000 nested block lists and 10,000 nested `{` are refused as too deep")
  func deepBlockAndMappingNesting() throws {
    let block = "id: deep\nlessons:\n  " + String(repeating: "- ", count: 2000) + "x\n"
    guard let first = load(bytes(block), within: 5) else { return }
    #expect(first.diagnostics.map(\.code) == ["E006"], "\(summary(first.diagnostics))")
    let braces = "id: deep\ntitle: " + String(repeating: "{a: ", count: 10_000) + "\n"
    guard let second = load(bytes(braces), within: 5) else { return }
    #expect(second.diagnostics.map(\.code) == ["E006"], "\(summary(second.diagnostics))")
  }

  @Test("a billion-laughs alias bomb under `lessons:` is answered in under 2 s with a clear error")
  func billionLaughsUnderLessons() throws {
    let lines = ["id: bomb", "version: \"1\"", "title: 炸弹", "languages: [zh, en]", "lessons:"]
      + billionLaughs(indent: "  ")
    let start = ContinuousClock.now
    guard let loaded = load(bytes(lines.joined(separator: "\n") + "\n"), within: 2) else { return }
    #expect(ContinuousClock.now - start < .seconds(2))
    #expect(loaded.course == nil)
    let codes = Set(loaded.diagnostics.filter(\.isError).map(\.code))
    // The lessons are lists, so the loader may stop at "a lesson must be a mapping" (E012)
    // without expanding the aliases, or expand them until the budget runs out (E007).
    #expect(!codes.isEmpty)
    #expect(codes.isSubset(of: ["E007", "E012"]), "\(summary(loaded.diagnostics))")
    #expect(loaded.diagnostics.count <= 20, "a flood of \(loaded.diagnostics.count) diagnostics")
    guard let linted = lint(bytes(lines.joined(separator: "\n") + "\n"), within: 2) else { return }
    #expect(linted.diagnostics.contains { $0.isError })
  }

  @Test("aliases that expand through valid lessons and steps stop at the visit budget with one E007, quickly")
  func aliasExpansionThroughValidStructure() throws {
    // 300 written lessons, each aliasing one list of 2,000 aliased narrative steps: 600,000 steps,
    // over 2 million visits, from a file of about 20 KB.
    var lines = ["id: expand", "version: \"1\"", "title: 展开", "languages: [zh, en]", "lessons:"]
    let steps = "[&n {text: 欢迎}" + String(repeating: ", *n", count: 1999) + "]"
    lines.append("  - {id: l0, title: 第一课, steps: &s \(steps)}")
    for i in 1..<300 { lines.append("  - {id: l\(i), title: 课, steps: *s}") }
    let start = ContinuousClock.now
    guard let loaded = load(bytes(lines.joined(separator: "\n") + "\n"), within: 5) else { return }
    let elapsed = ContinuousClock.now - start
    #expect(elapsed < .seconds(2), "took \(elapsed)")
    #expect(loaded.course == nil)
    #expect(loaded.diagnostics.filter(\.isError).map(\.code) == ["E007"], "\(summary(loaded.diagnostics))")
    #expect(loaded.diagnostics.first { $0.code == "E007" }?.message.contains("aliases") == true)
  }

  /// Ways to write a mapping key that is, or contains, an alias to an 8-level bomb (10^8 leaves), with
  /// the positions a diagnostic may point at: the alias `*h`, or the start of the key that holds it.
  /// (8 levels, not 9: when the loader does hang, the abandoned thread stops after seconds, not minutes.)
  static let aliasKeyForms: [(name: String, lines: [String], at: [String])] = [
    ("explicit key `? *h`", ["? *h", ": value"], ["10:3"]),
    ("implicit key `*h :`", ["*h : value"], ["10:1"]),
    ("explicit key, alias on the next line", ["?", "  *h", ": value"], ["11:3"]),
    ("flow sequence as key `[*h]:`", ["[*h]: value"], ["10:1", "10:2"]),
    ("flow mapping as key `{a: *h}:`", ["{a: *h}: value"], ["10:1", "10:5"]),
    ("explicit key holding a list `? [*h, *h]`", ["? [*h, *h]", ": value"], ["10:3", "10:4"]),
  ]

  @Test("an alias bomb used as (part of) a mapping key is answered in under 2 s", arguments: 0..<6)
  func aliasBombAsKey(_ form: Int) throws {
    // YAML allows any node as a key; a key that is, or contains, an alias to the bomb must not be
    // expanded (for instance by hashing it to look for duplicate keys).
    let (name, keyLines, positions) = Self.aliasKeyForms[form]
    let lines = ["bomb:"] + billionLaughs(indent: "  ", levels: 8) + keyLines + ["id: bomb-key"]
    guard let loaded = load(bytes(lines.joined(separator: "\n") + "\n"), within: 2) else {
      Issue.record("hangs on: \(name)")
      return
    }
    #expect(loaded.course == nil)
    // The first error past line 1 points at the alias, or at the key that holds it.
    let first = loaded.diagnostics.first { $0.isError && $0.location?.line ?? 0 > 1 }
    let at = first?.location.map { "\($0.line):\($0.column)" } ?? "none"
    #expect(positions.contains(at), "\(name): first error at \(at):\n\(summary(loaded.diagnostics))")
  }

  @Test("a 5 MB scalar is refused with E002 (or loaded), clearly and within a few seconds")
  func fiveMegabyteScalar() throws {
    let head = "id: big\nversion: \"1\"\ntitle: 大文件\nlanguages: [zh]\ndescription: "
    let text = bytes(head) + Array(repeating: UInt8(ascii: "a"), count: 5 * 1024 * 1024) + bytes("\nlessons: []\n")
    guard let loaded = load(text, within: 5) else { return }
    #expect(loaded.course == nil)
    expectSingle(loaded.diagnostics, "E002", at: 1, 1, containing: "Split the course into several files")

    guard let linted = lint(text, within: 5) else { return }
    #expect(linted.diagnostics.map(\.code) == ["E002"], "\(summary(linted.diagnostics))")
    #expect(linted.diagnostics.first?.message.contains("5") == true)
  }

  @Test("a file just over the 4 MB limit says it is bigger than the limit", arguments: [true, false])
  func justOverTheLimit(throughLint: Bool) throws {
    var data = bytes("id: big\ndescription: ")
    data += Array(repeating: UInt8(ascii: "a"), count: 4_500_000 - data.count)
    let found: [Diagnostic]?
    if throughLint {
      found = lint(data, within: 5)?.diagnostics
    } else {
      found = load(data, within: 5)?.diagnostics
    }
    guard let ds = found else { return }
    #expect(ds.map(\.code) == ["E002"], "\(summary(ds))")
    let message = try #require(ds.first?.message)
    // "file is X MB; Bazaar reads … up to Y MB": X must be more than Y (4,500,000 bytes is 4.29 MB).
    let pattern = try Regex(#"file is ([0-9.]+) MB.*up to ([0-9.]+) MB"#)
    let match = try #require(message.firstMatch(of: pattern), "\(message)")
    let size = match.output[1].substring.flatMap { Double($0) }
    let limit = match.output[2].substring.flatMap { Double($0) }
    #expect(size != nil && limit != nil && size! > limit!, "\(message)")
  }

  @Test("a 3 MB description (under the limit) loads fine within a few seconds")
  func threeMegabyteScalar() throws {
    var lines = validCourseLines
    lines.insert("description: " + String(repeating: "长", count: 1024 * 1024), at: 4)  // 3 MB of UTF-8
    guard let loaded = load(bytes(lines.joined(separator: "\n") + "\n"), within: 10) else { return }
    #expect(!loaded.diagnostics.contains { $0.isError }, "\(summary(Array(loaded.diagnostics.prefix(5))))")
    #expect(loaded.course?.description != nil)
  }

  @Test("a 100,000-line block of useless keys under one unknown key gives one error, quickly")
  func hundredThousandNestedKeys() throws {
    var lines = validCourseLines
    lines.append("notes:")
    for i in 0..<100_000 { lines.append("  note\(i): 无用的内容 \(i)") }
    guard let loaded = load(bytes(lines.joined(separator: "\n") + "\n"), within: 20) else { return }
    expectSingle(loaded.diagnostics.filter(\.isError), "E011", at: 15, 1, containing: "unknown key `notes` in the course")
  }

  @Test("100,000 useless top-level keys never hang; each is reported, or the rest are summarised")
  func hundredThousandTopLevelKeys() throws {
    var lines = validCourseLines
    for i in 0..<100_000 { lines.append("useless\(i): 无用") }
    guard let loaded = load(bytes(lines.joined(separator: "\n") + "\n"), within: 60) else { return }
    let errors = loaded.diagnostics.filter(\.isError)
    #expect(loaded.course == nil)
    let unknown = errors.filter { $0.code == "E011" }
    #expect(unknown.first?.location?.line == 15 && unknown.first?.location?.column == 1)
    #expect(unknown.first?.message.contains("unknown key `useless0` in the course") == true)
    // Either every key is reported, or the findings are capped and a summary says how many more there are.
    let others = errors.filter { $0.code != "E011" }
    if unknown.count < 100_000 {
      #expect(others.count == 1, "\(summary(others))")
      #expect(others.first?.message.contains(String(100_000 - unknown.count)) == true, "\(summary(others))")
    } else {
      #expect(others.isEmpty, "\(summary(others))")
    }
  }

  // MARK: Paths

  @Test("lint of a folder finds its YAML files; a missing path is an I/O failure")
  func directoryAndMissingPathInMemory() throws {
    let course = validCourseLines.joined(separator: "\n") + "\n"
    let fs = MemoryFileSystem([
      "courses/a.yaml": course,
      "courses/more/b.yml": course.replacingOccurrences(of: "valid-course", with: "second-course"),
      "courses/readme.txt": "not a course",
    ])
    guard let report = withDeadline(5, "lint", { Linter(fileSystem: fs).lint(["courses", "courses/missing.yaml"]) })
    else { return }
    #expect(report.files.map(\.path) == ["courses/a.yaml", "courses/more/b.yml"])
    #expect(report.ioFailures == ["courses/missing.yaml: no such file or folder"])
    #expect(!report.diagnostics.contains { $0.isError }, "\(summary(report.diagnostics))")
  }

  @Test("on disk: a folder given as a file is E001; a missing path and a folder without YAML are I/O failures")
  func directoryAndMissingPathOnDisk() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-hostile-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir + "/empty", withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try Data("not yaml".utf8).write(to: URL(fileURLWithPath: dir + "/empty/notes.txt"))

    guard let asFile = withDeadline(5, "lintFile(dir)", { Linter().lintFile(dir) }) else { return }
    #expect(asFile.diagnostics.count == 1)
    #expect(asFile.diagnostics.first?.code == "E001")
    #expect(asFile.diagnostics.first?.message.contains("is a folder") == true)

    guard let report = withDeadline(5, "lint", { Linter().lint([dir + "/missing.yaml", dir + "/empty"]) }) else { return }
    #expect(report.files.isEmpty)
    #expect(report.ioFailures.count == 2)
    #expect(report.ioFailures.first == dir + "/missing.yaml: no such file or folder")
    #expect(report.ioFailures.last == dir + "/empty: no .yaml files in this folder")

    guard let missing = withDeadline(5, "lintFile(missing)", { Linter().lintFile(dir + "/missing.yaml") }) else { return }
    #expect(missing.diagnostics.map(\.code) == ["E001"])
  }

  // MARK: Other YAML oddities

  @Test("a value starting with `*` (an undefined alias) is named at the `*`, with the quoted fix")
  func undefinedAlias() throws {
    guard let loaded = load(bytes("id: x\nversion: \"1\"\ntitle: t\nlanguages: [zh]\nlessons: *nope\n")) else { return }
    let star = try #require(loaded.diagnostics.first { $0.code == "E045" })
    #expect(star.location?.line == 5 && star.location?.column == 10)
    #expect(star.message.contains("`lessons: \"*nope\"`"))
    // Read as the quoted text, it is then no list of lessons: said too, and nothing else.
    #expect(loaded.diagnostics.map(\.code).sorted() == ["E012", "E045"])
  }

  @Test("two YAML documents in one file give a clear error, not a crash")
  func twoDocuments() throws {
    let text = (["---"] + validCourseLines + ["---"] + validCourseLines).joined(separator: "\n") + "\n"
    guard let loaded = load(bytes(text)) else { return }
    #expect(loaded.course == nil)
    #expect(loaded.diagnostics.map(\.code) == ["E004"], "\(summary(loaded.diagnostics))")
    #expect(loaded.diagnostics.first?.location?.line == 16)
  }
}
