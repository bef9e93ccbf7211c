import Foundation
import Testing
@testable import BazaarKit

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().path

/// Transcripts come back from their statements line for line (`bazaar grade --lrs`), whatever
/// order the LRS returns them in, and grade to the same book as the files.
@Suite struct XAPIRebuildTests {
  static func courses() throws -> [String: BatchGrader.CourseEntry] {
    var courses: [String: BatchGrader.CourseEntry] = [:]
    for entry in CourseCatalog(folders: [packageRoot + "/courses"]).entries {
      guard let course = entry.loaded.course, courses[course.id] == nil else { continue }
      courses[course.id] = BatchGrader.CourseEntry(course: course, lexicons: LexiconLibrary().resolve(entry.loaded, coursePath: course.path).0)
    }
    try #require(courses.count >= 4)
    return courses
  }

  static let folders = [packageRoot + "/transcripts/class", packageRoot + "/transcripts/samples"]

  /// Every shipped transcript's statements, each as the LRS would send it back (written, then
  /// decoded), shuffled: statements from many PCs arrive in any order.
  static func statementsAsReturned(profile: XAPIProfile = XAPIProfile()) throws -> (files: [String: TranscriptContents], statements: [XAPIJSON]) {
    var files: [String: TranscriptContents] = [:]
    var lines: [String] = []
    let summary = XAPIExport(courses: try courses(), maker: StatementMaker(profile: profile)).run(folders) { path, _, statements in
      files[path] = try? TranscriptReader.read(path)
      lines += statements.map(\.line)
    }
    try #require(summary.transcripts >= 20 && files.count == summary.transcripts)
    var random = SeededRandom(seed: "lrs order")
    random.shuffle(&lines)
    let decoder = JSONDecoder()
    return (files, try lines.map { try decoder.decode(XAPIJSON.self, from: Data($0.utf8)) })
  }

  @Test func everyTranscriptComesBackLineForLine() throws {
    let (files, statements) = try Self.statementsAsReturned()
    var rebuilder = TranscriptRebuilder()
    for s in statements { rebuilder.add(s) }
    let all = rebuilder.transcripts()
    let rebuilt = all.transcripts
    #expect(all.unreadable.isEmpty && all.outside == 0)
    #expect(rebuilt.count == files.count)
    let bySession = Dictionary(uniqueKeysWithValues: files.values.map { ($0.header.session, $0) })
    for r in rebuilt {
      let contents = try r.contents()
      let original = try #require(bySession[contents.header.session], "\(r.name)")
      #expect(r.name == "lrs:" + original.header.session)
      #expect(contents.header == original.header && r.header == original.header)
      // Events of a newer build are not sent (this build has no statement for them).
      let known = original.events.filter { if case .unknown = $0.event { false } else { true } }
      #expect(contents.events.count == known.count, "\(r.name)")
      for (a, b) in zip(contents.events, known) { #expect(a == b, "\(r.name)") }
      #expect(contents.problems.isEmpty && !contents.tornLastLine)
    }
    // A lesson's passed/failed repeats its `completed`: read, not made into a line.
    #expect(rebuilder.secondary > 0)
    #expect(rebuilder.notBazaar == 0)
    #expect(rebuilder.read + rebuilder.secondary == statements.count)
  }

  /// Read from an LRS's page, only what rebuilding needs is decoded; the transcripts are the same.
  @Test func decodedFromAPageTheSame() throws {
    let (files, shuffled) = try Self.statementsAsReturned()
    // A lesson's passed/failed (which carries no line) first: a session's header must come from
    // whichever statement is read first, even one that adds no line.
    func verb(_ s: XAPIJSON) -> String { s["verb"]?["id"]?.string ?? "" }
    let statements = shuffled.filter { verb($0).hasSuffix("/passed") || verb($0).hasSuffix("/failed") }
      + shuffled.filter { !(verb($0).hasSuffix("/passed") || verb($0).hasSuffix("/failed")) }
    try #require(statements.count == shuffled.count)
    let page = "{\"statements\":[" + statements.map(\.line).joined(separator: ",") + "],\"more\":\"\"}"
    // As LRSReader decodes: each session's header decoded once.
    let decoder = JSONDecoder()
    let key = try #require(TranscriptRebuilder.Essentials.seenSessions)
    decoder.userInfo[key] = TranscriptRebuilder.Essentials.SeenSessions()
    let decoded = try decoder.decode(LRSReader.Page.self, from: Data(page.utf8))
    #expect(decoded.statements.count == statements.count)
    var a = TranscriptRebuilder()
    var b = TranscriptRebuilder()
    for s in statements { a.add(s) }
    for e in decoded.statements { b.add(e) }
    let ra = a.transcripts().transcripts, rb = b.transcripts().transcripts
    #expect(ra.count == files.count && rb.count == files.count)
    for (x, y) in zip(ra, rb) {
      #expect(x.name == y.name && x.bytes == y.bytes, "\(x.name)")
    }
  }

  @Test func otherToolsStatementsAreLeftOut() throws {
    let other = try JSONDecoder().decode(XAPIJSON.self, from: Data("""
      {"id":"7f3c1e2a-0b5d-4c3e-9a1f-2b3c4d5e6f70","actor":{"mbox":"mailto:a@example.com"},
       "verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},"object":{"id":"https://moodle.example/course/1"},
       "context":{"extensions":{"https://moodle.example/ext/position":3}}, "result":null}
      """.utf8))
    var rebuilder = TranscriptRebuilder()
    rebuilder.add(other)
    rebuilder.add(.object(["id": .string("x")]))
    #expect(rebuilder.notBazaar == 2)
    #expect(rebuilder.transcripts().transcripts.isEmpty)
  }

  /// A session whose header the LRS holds damaged is left out with the reason a file's would get.
  @Test func aDamagedHeaderIsNamed() throws {
    let statement = try JSONDecoder().decode(XAPIJSON.self, from: Data("""
      {"id":"7f3c1e2a-0b5d-4c3e-9a1f-2b3c4d5e6f70","actor":{"name":"古丽"},
       "verb":{"id":"http://adlnet.gov/expapi/verbs/terminated"},"object":{"id":"https://c.example/xapi/course/x"},
       "context":{"extensions":{
         "https://c.example/xapi/extensions/session":{"session":"s-1","format":"bazaar-transcript/1"},
         "https://c.example/xapi/extensions/event":{"type":"end","t":"2026-12-06T08:00:00Z","ms":5,"reason":"quit"},
         "https://c.example/xapi/extensions/position":1}}}
      """.utf8))
    var rebuilder = TranscriptRebuilder()
    rebuilder.add(statement)
    let read = rebuilder.transcripts()
    #expect(read.transcripts.isEmpty)
    #expect(read.unreadable.map(\.name) == ["lrs:s-1"])
    guard case .badHeader? = read.unreadable.first?.error else {
      Issue.record("not a bad header: \(read.unreadable)")
      return
    }
  }

  /// Two centres with different `activity_base` settings: both read alike.
  @Test func anyActivityBase() throws {
    let (files, a) = try Self.statementsAsReturned(profile: XAPIProfile(homePage: "https://hotan.example/c/1", activityBase: "https://hotan.example/xapi"))
    var rebuilder = TranscriptRebuilder()
    for s in a { rebuilder.add(s) }
    #expect(rebuilder.transcripts().transcripts.count == files.count)
  }

  /// The session's start picks transcripts (`--since`, `--until`).
  @Test func sessionsByStart() throws {
    let (files, statements) = try Self.statementsAsReturned()
    var rebuilder = TranscriptRebuilder()
    for s in statements { rebuilder.add(s) }
    let starts = files.values.map(\.header.started).sorted()
    let middle = try #require(starts.dropFirst(starts.count / 2).first)
    let later = rebuilder.transcripts(startedIn: middle..<Date.distantFuture)
    #expect(later.transcripts.count == starts.filter { $0 >= middle }.count)
    #expect(later.transcripts.allSatisfy { $0.header.started >= middle })
    #expect(later.outside == starts.filter { $0 < middle }.count && later.outside > 0)
    // The end is not included.
    let earlier = rebuilder.transcripts(startedIn: Date.distantPast..<middle)
    #expect(earlier.transcripts.count == later.outside)
  }

  /// Graded from the LRS or from the files: the same book, but each transcript's name.
  @Test func sameGradebook() throws {
    let courses = try Self.courses()
    let (files, statements) = try Self.statementsAsReturned()
    let grader = BatchGrader(courses: courses)
    var fromFiles = grader.run(Self.folders)
    var rebuilder = TranscriptRebuilder()
    for s in statements { rebuilder.add(s) }
    let fromLRS = grader.run(rebuilt: rebuilder.transcripts().transcripts)
    // Files' paths → the LRS's names; broadcasts (.srt) are files only.
    let name = Dictionary(uniqueKeysWithValues: files.map { ($0.key, "lrs:" + $0.value.header.session) })
    fromFiles.broadcasts = []
    fromFiles.skipped = fromFiles.skipped.filter { !$0.path.hasSuffix(".srt") && !$0.path.hasSuffix(".txt") }
    for i in fromFiles.transcripts.indices { fromFiles.transcripts[i].path = name[fromFiles.transcripts[i].path] ?? "?" }
    fromFiles.transcripts.sort { $0.path < $1.path }
    for i in fromFiles.flags.indices { fromFiles.flags[i].paths = fromFiles.flags[i].paths.map { name[$0] ?? "?" } }
    for i in fromFiles.learners.indices {
      for j in fromFiles.learners[i].live.indices { fromFiles.learners[i].live[j].path = name[fromFiles.learners[i].live[j].path] ?? "?" }
    }
    #expect(fromLRS.transcripts.count == files.count)
    #expect(fromLRS.transcripts == fromFiles.transcripts)
    #expect(fromLRS.rows == fromFiles.rows)
    #expect(fromLRS.items == fromFiles.items)
    #expect(fromLRS.tests == fromFiles.tests)
    #expect(fromLRS.learners == fromFiles.learners)
    #expect(fromLRS.flags == fromFiles.flags)
    #expect(fromLRS == fromFiles)
  }
}
