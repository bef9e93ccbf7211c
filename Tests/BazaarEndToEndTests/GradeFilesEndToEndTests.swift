import Foundation
import Testing

/// `bazaar grade` on awkward files, through the built binary: pipes, links, loops, UTF-16, a
/// readme.txt, names with escape sequences, an empty folder, a broadcast's language.
@Suite("bazaar grade: files")
struct GradeFilesEndToEndTests {
  static let samples = packageRoot + "/transcripts/samples"
  static let courses = packageRoot + "/courses"

  /// Runs `bazaar`, killing it after `limit` seconds; gives the run and how long it took.
  func bazaarTimed(_ arguments: [String], limit: TimeInterval = 20, environment: [String: String] = [:]) throws -> (Run, TimeInterval) {
    let start = Date()
    let run = try bazaar(arguments, environment: environment, timeLimit: limit)
    return (run, Date().timeIntervalSince(start))
  }

  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  /// Skipped files' last path components → reasons.
  func skipped(_ book: [String: Any]) -> [String: String] {
    var out: [String: String] = [:]
    for s in book["skipped"] as? [[String: Any]] ?? [] {
      if let p = s["path"] as? String, let r = s["reason"] as? String { out[(p as NSString).lastPathComponent] = r }
    }
    return out
  }

  @Test("a pipe and a link to a pipe in a folder: the run finishes in under 5 s with both reported")
  func pipes() throws {
    let dir = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try FileManager.default.copyItem(atPath: Self.samples + "/lesson-1.jsonl", toPath: dir + "/lesson-1.jsonl")
    #expect(mkfifo(dir + "/pipe.jsonl", 0o600) == 0)
    try FileManager.default.createSymbolicLink(atPath: dir + "/to-pipe.jsonl", withDestinationPath: dir + "/pipe.jsonl")
    let (run, elapsed) = try bazaarTimed(["grade", dir, "--courses", Self.courses, "--format", "json"])
    #expect(elapsed < 5, "took \(elapsed) s")
    #expect(run.status == 1, "\(run.stderr)")
    let book = try json(run.stdout)
    let reasons = skipped(book)
    #expect(Set(reasons.keys) == ["pipe.jsonl", "to-pipe.jsonl"], "\(reasons)")
    #expect(reasons.values.allSatisfy { $0.contains("named pipe") })
    #expect((book["transcripts"] as? [Any])?.count == 1)
    #expect(run.stderr.contains("pipe.jsonl") && run.stderr.contains("to-pipe.jsonl"))
    // A pipe named on the command line, in the table format: the same.
    let (direct, took) = try bazaarTimed(["grade", dir + "/pipe.jsonl", Self.samples + "/lesson-2.jsonl", "--courses", Self.courses])
    #expect(took < 5 && direct.status == 1, "\(direct.stderr)")
    #expect(direct.stdout.contains("named pipe"))
  }

  @Test("a linked folder is graded; a link looping back is reported; a dangling link is reported")
  func links() throws {
    let root = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let fm = FileManager.default
    try fm.createDirectory(atPath: root + "/class", withIntermediateDirectories: true)
    try fm.createSymbolicLink(atPath: root + "/class/samples", withDestinationPath: Self.samples)
    try fm.createSymbolicLink(atPath: root + "/class/again", withDestinationPath: root + "/class")
    try fm.createSymbolicLink(atPath: root + "/class/old.jsonl", withDestinationPath: root + "/gone.jsonl")
    let (run, elapsed) = try bazaarTimed(["grade", root + "/class", "--courses", Self.courses, "--format", "json"])
    #expect(elapsed < 10)
    #expect(run.status == 1, "\(run.stderr)")
    let book = try json(run.stdout)
    #expect((book["rows"] as? [Any])?.count == 6, "the samples' six learners, through the link")
    #expect((book["broadcasts"] as? [Any])?.count == 1)
    let reasons = skipped(book)
    #expect(Set(reasons.keys) == ["again", "old.jsonl"], "\(reasons)")
    #expect(reasons["again"]?.contains("loop") == true)
    #expect(reasons["old.jsonl"]?.contains("link to nothing") == true)
  }

  @Test("a UTF-16 transcript is refused: save it as UTF-8 (另存为 UTF-8)")
  func utf16() throws {
    let dir = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let text = try String(contentsOfFile: Self.samples + "/lesson-1.jsonl", encoding: .utf8)
    try Data([0xFF, 0xFE] + Array(text.data(using: .utf16LittleEndian) ?? Data())).write(to: URL(fileURLWithPath: dir + "/notepad.jsonl"))
    try FileManager.default.copyItem(atPath: Self.samples + "/lesson-2.jsonl", toPath: dir + "/lesson-2.jsonl")
    let run = try bazaar(["grade", dir, "--courses", Self.courses, "--format", "json"])
    #expect(run.status == 1)
    let reasons = skipped(try json(run.stdout))
    #expect(reasons["notepad.jsonl"]?.contains("save it as UTF-8") == true, "\(reasons)")
    let zh = try bazaar(["grade", dir, "--courses", Self.courses, "--format", "md", "--ui-lang", "zh"])
    #expect(zh.stderr.contains("另存为 UTF-8"), "\(zh.stderr)")
  }

  @Test("a readme.txt next to the transcripts is listed as left out, and the run still exits 0")
  func readme() throws {
    let dir = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try FileManager.default.copyItem(atPath: Self.samples + "/lesson-1.jsonl", toPath: dir + "/lesson-1.jsonl")
    try "Transcripts from PC 3, copied at 10:30.\n".write(toFile: dir + "/readme.txt", atomically: true, encoding: .utf8)
    let run = try bazaar(["grade", dir, "--courses", Self.courses, "--format", "json"])
    #expect(run.status == 0, "\(run.stderr)")
    let reasons = skipped(try json(run.stdout))
    #expect(reasons["readme.txt"]?.contains("without timestamps") == true, "\(reasons)")
    #expect(run.stderr.contains("readme.txt"))
  }

  @Test("a file and a learner named with escape sequences never reach the output raw, in any format, on stdout or stderr")
  func escapes() throws {
    let dir = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let esc = "\u{1B}"
    let text = try String(contentsOfFile: Self.samples + "/lesson-1.jsonl", encoding: .utf8)
    try text.write(toFile: dir + "/ev\(esc)[31mil.jsonl", atomically: true, encoding: .utf8)
    // Another learner, named with an escape sequence in the header (JSON writes it as \u001b).
    let evil = text.replacingOccurrences(of: "\"learner\":\"阿依古丽\"", with: "\"learner\":\"Ali\\u001b]0;owned\\u0007\"")
      .replacingOccurrences(of: "e175d011-7921-4383-aade-556e79d24fcf", with: "e175d011-7921-4383-aade-000000000000")
    #expect(evil != text)
    try evil.write(toFile: dir + "/learner.jsonl", atomically: true, encoding: .utf8)
    try "junk\n".write(toFile: dir + "/bad\(esc)[2J.jsonl", atomically: true, encoding: .utf8)
    for format in ["table", "md", "csv", "html"] {
      let run = try bazaar(["grade", dir, "--courses", Self.courses, "--format", format])
      #expect(run.status == 1, "\(format): \(run.stderr)")
      #expect(!run.stdout.contains(esc) && !run.stdout.contains("\u{7}"), "\(format) stdout")
      #expect(!run.stderr.contains(esc), "\(format) stderr")
      #expect(run.stdout.contains("Ali"), "\(format): the learner is there, cleaned")
    }
    let out = try bazaar(["grade", dir, "--courses", Self.courses, "--format", "html", "--out", dir + "/\(esc)[1mreport.html"])
    #expect(out.stderr.contains("bad") && !out.stderr.contains(esc), "\(out.stderr)")
    // Values from the command line, echoed in errors.
    let badScenario = try bazaar(["grade", dir, "--courses", Self.courses, "--scenario", "x\(esc)[31m:y"])
    #expect(badScenario.status == 2 && badScenario.stderr.contains("no live scenario") && !badScenario.stderr.contains(esc))
    let badFormat = try bazaar(["grade", dir, "--format", "x\(esc)[31m"])
    #expect(badFormat.status == 2 && !badFormat.stderr.contains(esc), "\(badFormat.stderr)")
    let missing = try bazaar(["grade", dir + "/no\(esc)[5msuch", "--courses", Self.courses, "--format", "json"])
    #expect(!missing.stderr.contains(esc), "\(missing.stderr)")
  }

  @Test("an empty folder says so, in the interface language, and exits 2 without a report")
  func empty() throws {
    let dir = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let en = try bazaar(["grade", dir, "--courses", Self.courses])
    #expect(en.status == 2)
    #expect(en.stderr.contains("nothing to grade"), "\(en.stderr)")
    #expect(en.stdout.isEmpty)
    let zh = try bazaar(["grade", dir, "--courses", Self.courses, "--format", "json", "--ui-lang", "zh"])
    #expect(zh.status == 2)
    #expect(zh.stderr.contains("没有可评分的文件"), "\(zh.stderr)")
    // Only a readme: nothing to grade either, and the readme is named.
    try "hello\n".write(toFile: dir + "/readme.txt", atomically: true, encoding: .utf8)
    let readme = try bazaar(["grade", dir, "--courses", Self.courses])
    #expect(readme.status == 2 && readme.stderr.contains("readme.txt") && readme.stderr.contains("nothing to grade"))
  }

  @Test("under LANG=C a Chinese broadcast is reported in Chinese; --ui-lang en reports it in English")
  func broadcastLanguage() throws {
    let srt = Self.samples + "/livestream-jujube.srt"
    let c = try bazaar(["grade", srt, "--courses", Self.courses, "--format", "json"], environment: ["LANG": "C"])
    #expect(c.status == 0, "\(c.stderr)")
    let rules = ((try json(c.stdout)["broadcasts"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]])?.compactMap { $0["rule"] as? String } ?? []
    func letters(_ s: String) -> Int { s.unicodeScalars.filter { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }.count }
    #expect(rules.count == 4 && rules.allSatisfy { letters($0) < 5 }, "\(rules)")
    let en = try bazaar(["grade", srt, "--courses", Self.courses, "--format", "json", "--ui-lang", "en"], environment: ["LANG": "C"])
    let enRules = ((try json(en.stdout)["broadcasts"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]])?.compactMap { $0["rule"] as? String } ?? []
    #expect(enRules.count == 4 && enRules.allSatisfy { letters($0) > 20 }, "\(enRules)")
  }
}
