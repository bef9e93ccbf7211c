import Foundation
import Testing

/// `bazaar grade` on the shipped sample transcripts and on a folder of bad files.
@Suite("bazaar grade")
struct GradeEndToEndTests {
  static let samples = packageRoot + "/transcripts/samples"
  static let courses = packageRoot + "/courses"

  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test("the samples grade cleanly: a row per learner, item and test statistics, live scores replayed")
  func samples() throws {
    let run = try bazaar(["grade", Self.samples, "--courses", Self.courses, "--format", "json"])
    #expect(run.status == 0, "\(run.stderr)")
    let book = try json(run.stdout)
    let rows = try #require(book["rows"] as? [[String: Any]])
    #expect(Set(rows.compactMap { $0["learner"] as? String }) == ["阿依古丽", "Dilnur", "买买提", "热依拉", "小王", "古丽娜尔"])
    let items = try #require(book["items"] as? [[String: Any]])
    #expect(items.count == 12)
    let transcripts = try #require(book["transcripts"] as? [[String: Any]])
    let live = transcripts.filter { $0["kind"] as? String == "live" }
    #expect(live.count == 2)
    // The replayed score equals the score written by the session (same course, same engine).
    for t in live { #expect(t["live_score"] as? Double == t["live_score_then"] as? Double) }
    #expect((book["skipped"] as? [Any])?.isEmpty == true)
  }

  @Test("statistics use finished attempts: a learner who abandoned the course is left out and counted, unless --all-learners")
  func finishedAttemptsOnly() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    // The six sample learners reached every question (answered or skipped it).
    for name in try FileManager.default.contentsOfDirectory(atPath: Self.samples) where name.hasPrefix("lesson-") {
      try FileManager.default.copyItem(atPath: Self.samples + "/" + name, toPath: folder + "/" + name)
    }
    // A seventh answers the first question and leaves (end of input): 1 of 12 reached.
    let data = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: data) }
    let left = try bazaar(
      ["start", Self.courses + "/sampler.yaml", "--learner", "退出者", "--data-dir", data, "--transcript", folder + "/abandoned.jsonl"],
      input: "\n25%\n")
    #expect(left.status == 0, "\(left.stderr)")
    func tests(_ extra: [String]) throws -> [String: Any] {
      let run = try bazaar(["grade", folder, "--courses", Self.courses, "--format", "json"] + extra)
      let book = try json(run.stdout)
      return try #require((book["tests"] as? [[String: Any]])?.first { $0["course"] as? String == "sampler" })
    }
    // The abandoner's row: not through the course, so needing help; one question of twelve
    // answered, so the course credit is at most 1/12 whatever their score on it.
    let run = try bazaar(["grade", folder, "--courses", Self.courses, "--format", "json"])
    let book = try json(run.stdout)
    let row = try #require((book["rows"] as? [[String: Any]])?.first { $0["learner"] as? String == "退出者" })
    #expect(row["standing"] as? String == "unfinished", "\(row)")
    #expect(row["questions_answered"] as? Int == 1)
    #expect((row["credit"] as? Double).map { $0 <= 1.0 / 12 } == true, "\(row)")
    let cells = try #require(row["lessons"] as? [[String: Any]])
    #expect(cells.map { $0["status"] as? String } == ["in_progress", "not_started", "not_started"], "\(cells)")
    // Their page: the question to look at again, with what they typed (25% is the markup, not
    // the margin of cost 8, price 10; a second try is left).
    let page = try #require((book["learners"] as? [[String: Any]])?.first { $0["learner"] as? String == "退出者" })
    let review = try #require(page["review"] as? [[String: Any]])
    #expect(review.count == 1)
    #expect(review.first?["question"] as? String == "margin-of-10")
    #expect(review.first?["answers"] as? [String] == ["25%"])
    #expect(review.first?["outcome"] as? String == "open")
    let finished = try tests([])
    #expect(finished["learners"] as? Int == 6, "\(finished)")
    #expect(finished["not_finished"] as? Int == 1)
    #expect(finished["population"] as? String == "finished")
    let all = try tests(["--all-learners"])
    #expect(all["learners"] as? Int == 7, "\(all)")
    #expect(all["population"] as? String == "all")
    // The report says whose attempts it used.
    let table = try bazaar(["grade", folder, "--courses", Self.courses, "--ui-lang", "en"])
    #expect(table.stdout.contains("Statistics use finished attempts only") && table.stdout.contains("Not finished, left out: 1."), "\(table.stdout)")
  }

  @Test("--attempts first|last|best: which try at a question the item statistics count, said in the report")
  func countedAttempt() throws {
    let data = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: data) }
    // 25% (the markup: wrong), then 20% (right) on the margin question; then end of input.
    let run = try bazaar(
      ["start", Self.courses + "/sampler.yaml", "--learner", "Rahila", "--data-dir", data, "--ui-lang", "en"], input: "\n25%\n20%\n")
    #expect(run.status == 0, "\(run.stderr)")
    func facility(_ attempts: String) throws -> (Double?, String?) {
      let graded = try bazaar(
        ["grade", data + "/transcripts", "--courses", Self.courses, "--format", "json", "--all-learners", "--attempts", attempts])
      let book = try json(graded.stdout)
      let item = (book["items"] as? [[String: Any]])?.first { $0["question"] as? String == "margin-of-10" }
      return (item?["facility"] as? Double, book["attempts_counted"] as? String)
    }
    #expect(try facility("first") == (0, "first"))
    #expect(try facility("last") == (1, "last"))
    #expect(try facility("best") == (1, "best"))
    let bad = try bazaar(["grade", data + "/transcripts", "--courses", Self.courses, "--attempts", "worst"])
    #expect(bad.status == 2, "\(bad.status) \(bad.stderr)")
  }

  @Test("a lesson over three sittings (end of input, :quit), graded from its transcripts: the runner's scores")
  func sittingsGradeAsTheRunnerScored() throws {
    let data = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: data) }
    let course = Self.courses + "/sampler.yaml"
    // Wrong then right (the retry penalty), end of input; a hint and :quit; the rest.
    for input in ["\n25%\n20%\n", "20\n25\n:quit\n", "错\n:skip\n"] {
      let run = try bazaar(["start", course, "--learner", "Rahila", "--data-dir", data, "--ui-lang", "en"], input: input)
      #expect(run.status == 0, "\(run.stderr)")
    }
    let progress = try bazaar(["progress", "--data-dir", data, "--json"])
    let all = try #require(try JSONSerialization.jsonObject(with: Data(progress.stdout.utf8)) as? [[String: Any]])
    let sampler = try #require((all.first?["courses"] as? [String: [String: Any]])?["sampler"])
    let questions = try #require(sampler["questions"] as? [String: [String: Any]])
    // By hand: margin 0.7 (second try), markup 0.7 (second try), tf 1, calc skipped 0.
    #expect(questions["margin-of-10"]?["score"] as? Double == 0.7)
    #expect(questions["markup-of-10"]?["score"] as? Double == 0.7)
    #expect(questions["price-at-margin"]?["outcome"] as? String == "skipped")
    let graded = try bazaar(["grade", data + "/transcripts", "--courses", Self.courses, "--format", "json"])
    let book = try json(graded.stdout)
    let row = try #require((book["rows"] as? [[String: Any]])?.first)
    // (0.7 + 0.7 + 1 + 0) / 4 questions of equal points.
    #expect(abs((row["score"] as? Double ?? 0) - 0.6) < 1e-9, "\(row)")
    #expect(row["lessons_completed"] as? Int == 1)
    #expect(row["transcripts"] as? Int == 3)
  }

  @Test("bad files are each reported with the reason and skipped; the rest are graded; exit 1")
  func badFiles() throws {
    let dir = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let fm = FileManager.default
    let good = try fm.contentsOfDirectory(atPath: Self.samples).filter { $0.hasPrefix("lesson-") }.sorted()
    for name in good.prefix(3) { try fm.copyItem(atPath: Self.samples + "/" + name, toPath: dir + "/" + name) }
    // A copy of a transcript under another name: the same session twice.
    try fm.copyItem(atPath: Self.samples + "/" + good[0], toPath: dir + "/copy-of-first.jsonl")
    // Torn: the last line cut in half (still graded, flagged).
    var torn = try String(contentsOfFile: Self.samples + "/" + good[3], encoding: .utf8)
    torn.removeLast(40)
    try torn.write(toFile: dir + "/torn.jsonl", atomically: true, encoding: .utf8)
    try "not a transcript at all\n".write(toFile: dir + "/foreign.jsonl", atomically: true, encoding: .utf8)
    try "".write(toFile: dir + "/empty.jsonl", atomically: true, encoding: .utf8)
    try Data([0xFF, 0xFE, 0x00, 0x01, 0x80]).write(to: URL(fileURLWithPath: dir + "/binary.jsonl"))
    // Huge (sparse, so the test stays fast): refused by size.
    #expect(fm.createFile(atPath: dir + "/huge.jsonl", contents: nil))
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dir + "/huge.jsonl"))
    try handle.truncate(atOffset: 40 * 1024 * 1024)
    try handle.close()
    try "ignored: not a transcript extension".write(toFile: dir + "/notes.doc", atomically: true, encoding: .utf8)

    let run = try bazaar(["grade", dir, "--courses", Self.courses, "--format", "json"])
    #expect(run.status == 1, "\(run.stderr)")
    let book = try json(run.stdout)
    let skipped = try #require(book["skipped"] as? [[String: Any]])
    let reasons = Dictionary(uniqueKeysWithValues: skipped.compactMap { s -> (String, String)? in
      guard let p = s["path"] as? String, let r = s["reason"] as? String else { return nil }
      return ((p as NSString).lastPathComponent, r)
    })
    #expect(Set(reasons.keys) == ["foreign.jsonl", "empty.jsonl", "binary.jsonl", "huge.jsonl"], "\(reasons)")
    #expect(reasons["huge.jsonl"]?.contains("MB") == true)
    #expect(reasons["empty.jsonl"]?.contains("empty") == true)
    #expect(run.stderr.contains("foreign.jsonl"))
    let transcripts = try #require(book["transcripts"] as? [[String: Any]])
    #expect(transcripts.count == 5)
    let flags = try #require(book["flags"] as? [[String: Any]])
    #expect(flags.contains { $0["kind"] as? String == "duplicate_session" })
    #expect(flags.contains { $0["kind"] as? String == "torn" })
    // The copy is graded once: three learners from the three good files, plus the torn one's.
    let rows = try #require(book["rows"] as? [[String: Any]])
    #expect(rows.count == 4)
    #expect(rows.allSatisfy { ($0["transcripts"] as? Int) == 1 })
  }

  @Test("a fixed answer key fixes everyone's grade, and the report says which scores changed")
  func regradeAfterAFix() throws {
    let dir = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var course = try String(contentsOfFile: Self.courses + "/sampler.yaml", encoding: .utf8)
    // The author "fixes" the markup question: now 20 is the answer (only to see re-grading work).
    let before = course
    course = course.replacingOccurrences(
      of: "        answer: 25\n        percent: true\n        accept_fraction: true\n        wrong_examples: [\"20%\"]",
      with: "        answer: 20\n        percent: true\n        accept_fraction: true\n        wrong_examples: [\"25%\"]")
    try #require(course != before, "the sampler's markup question changed shape; update this test")
    try FileManager.default.createDirectory(atPath: dir + "/courses/lexicon", withIntermediateDirectories: true)
    try course.write(toFile: dir + "/courses/sampler.yaml", atomically: true, encoding: .utf8)
    for l in try FileManager.default.contentsOfDirectory(atPath: Self.courses + "/lexicon") {
      try FileManager.default.copyItem(atPath: Self.courses + "/lexicon/" + l, toPath: dir + "/courses/lexicon/" + l)
    }
    let run = try bazaar(["grade", Self.samples + "/lesson-1.jsonl", "--courses", dir + "/courses", "--format", "json"])
    #expect(run.status == 0, "\(run.stderr)")
    let book = try json(run.stdout)
    let t = try #require((book["transcripts"] as? [[String: Any]])?.first)
    #expect(t["course_changed"] as? Bool == true)
    let changes = try #require(t["changed_scores"] as? [[String: Any]])
    #expect(changes.contains { $0["question"] as? String == "markup-of-10" && $0["then"] as? Double == 1 && $0["now"] as? Double == 0 })
  }

  @Test("every output format renders; CSV is quoted and defused")
  func formats() throws {
    for format in ["table", "csv", "md", "json"] {
      let run = try bazaar(["grade", Self.samples, "--courses", Self.courses, "--format", format])
      #expect(run.status == 0, "\(format): \(run.stderr)")
      #expect(run.stdout.contains("阿依古丽"), "\(format)")
    }
    let csv = try bazaar(["grade", Self.samples, "--courses", Self.courses, "--format", "csv"])
    #expect(csv.stdout.hasPrefix("learner,course,score,"))
    let md = try bazaar(["grade", Self.samples, "--courses", Self.courses, "--format", "md", "--ui-lang", "zh"])
    #expect(md.stdout.contains("# 成绩册"))
  }

  @Test("HTML: one self-contained page, in Chinese with --ui-lang zh, written to --out")
  func html() throws {
    let dir = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let run = try bazaar(["grade", Self.samples, "--courses", Self.courses, "--format", "html", "--out", dir + "/r.html", "--ui-lang", "zh"])
    #expect(run.status == 0, "\(run.stderr)")
    let page = try String(contentsOfFile: dir + "/r.html", encoding: .utf8)
    #expect(page.contains("<svg"))
    #expect(page.contains("成绩册"))
    #expect(!page.contains("http://") && !page.contains("https://") && !page.contains("<script"))
    #expect(run.stderr.contains("已评 8 份学习记录"), "the summary in the interface language")
  }

  @Test("a broadcast's transcript: compliance findings with times, and a score on a named scenario")
  func broadcast() throws {
    let srt = Self.samples + "/livestream-jujube.srt"
    let plain = try bazaar(["grade", srt, "--courses", Self.courses, "--format", "json"])
    #expect(plain.status == 0, "\(plain.stderr)")
    let book = try json(plain.stdout)
    let b = try #require((book["broadcasts"] as? [[String: Any]])?.first)
    let terms = (b["findings"] as? [[String: Any]])?.compactMap { $0["term"] as? String } ?? []
    #expect(terms.contains("最好") && terms.contains("补血"))
    #expect(!terms.contains("最佳"), "最佳食用时间 is exempt")
    #expect(b["score"] == nil)
    let scored = try bazaar(["grade", srt, "--courses", Self.courses, "--format", "json", "--scenario", "sampler:live-jujube-walnut"])
    let s = try #require((try json(scored.stdout)["broadcasts"] as? [[String: Any]])?.first)
    #expect((s["score"] as? Double).map { $0 > 0 && $0 < 100 } == true)
    let bad = try bazaar(["grade", srt, "--courses", Self.courses, "--scenario", "sampler:nope"])
    #expect(bad.status == 2)
  }

  @Test("hostile files found in review: an overflowing time, a link to /dev/zero, garbage events, a folder named twice")
  func reviewFindings() throws {
    let dir = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let fm = FileManager.default
    let sample = try String(contentsOfFile: Self.samples + "/lesson-1.jsonl", encoding: .utf8)
    let lines = sample.split(separator: "\n").map(String.init)
    // Two transcripts of one learner (different sessions) ending at the largest ms.
    for (i, session) in ["aaaaaaaa-0000-4000-8000-000000000001", "aaaaaaaa-0000-4000-8000-000000000002"].enumerated() {
      var header = lines[0]
      if let r = header.range(of: #""session":"[^"]*""#, options: .regularExpression) { header.replaceSubrange(r, with: "\"session\":\"\(session)\"") }
      let end = #"{"type":"end","t":"2026-11-23T03:24:11Z","ms":9223372036854775807,"reason":"quit"}"#
      try ([header] + lines.dropFirst().dropLast() + [end]).joined(separator: "\n").appending("\n")
        .write(toFile: dir + "/big-\(i).jsonl", atomically: true, encoding: .utf8)
    }
    try fm.createSymbolicLink(atPath: dir + "/zero.jsonl", withDestinationPath: "/dev/zero")
    try ([lines[0]] + Array(repeating: "x", count: 500)).joined(separator: "\n").appending("\n")
      .write(toFile: dir + "/garbage.jsonl", atomically: true, encoding: .utf8)
    let run = try bazaar(["grade", dir, dir + "/", "--courses", Self.courses, "--format", "json"])
    #expect(run.status == 1, "\(run.stderr)")
    let book = try json(run.stdout)
    let skipped = (book["skipped"] as? [[String: Any]])?.compactMap { ($0["path"] as? String).map { ($0 as NSString).lastPathComponent } } ?? []
    #expect(Set(skipped) == ["zero.jsonl", "garbage.jsonl"], "\(skipped)")
    #expect((book["transcripts"] as? [Any])?.count == 2, "each file once although the folder was named twice")
    #expect((book["flags"] as? [[String: Any]])?.contains { $0["kind"] as? String == "duplicate_session" } == false)
    let row = try #require((book["rows"] as? [[String: Any]])?.first)
    #expect((row["time_ms"] as? Int).map { $0 > 0 && $0 <= 2 * 86_400_000 } == true)
  }

  @Test("of two copies of a session, the complete one is graded, whichever comes first by path")
  func mostCompleteCopy() throws {
    let dir = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let full = try String(contentsOfFile: Self.samples + "/lesson-1.jsonl", encoding: .utf8)
    try FileManager.default.createDirectory(atPath: dir + "/a-pc1", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: dir + "/b-pc2", withIntermediateDirectories: true)
    try String(full.prefix(1500)).write(toFile: dir + "/a-pc1/lesson-1.jsonl", atomically: true, encoding: .utf8)
    try full.write(toFile: dir + "/b-pc2/lesson-1.jsonl", atomically: true, encoding: .utf8)
    let run = try bazaar(["grade", dir, "--courses", Self.courses, "--format", "json"])
    let book = try json(run.stdout)
    let row = try #require((book["rows"] as? [[String: Any]])?.first)
    #expect(row["questions_answered"] as? Int == 12, "\(row)")
    #expect((book["flags"] as? [[String: Any]])?.contains { $0["kind"] as? String == "duplicate_session" } == true)
  }

  @Test("--out to a pipe writes into it and leaves it a pipe (an atomic rename once replaced /dev/null)")
  func outToAPipe() throws {
    let dir = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let fifo = dir + "/pipe"
    #expect(mkfifo(fifo, 0o600) == 0)
    let reader = Process()
    reader.executableURL = URL(fileURLWithPath: "/bin/sh")
    reader.arguments = ["-c", "cat \"$0\" > \"$1\"", fifo, dir + "/got.json"]
    try reader.run()
    let run = try bazaar(["grade", Self.samples, "--courses", Self.courses, "--format", "json", "--out", fifo])
    reader.waitUntilExit()
    #expect(run.status == 0, "\(run.stderr)")
    var st = stat()
    #expect(stat(fifo, &st) == 0 && (st.st_mode & S_IFMT) == S_IFIFO, "still a pipe")
    let got = try String(contentsOfFile: dir + "/got.json", encoding: .utf8)
    #expect(got.contains("\"rows\""))
  }
}
