import Foundation
import Testing

/// Reads a learner's progress file as JSON.
func progressJSON(_ data: String, _ learner: String) throws -> [String: Any] {
  let files = try FileManager.default.contentsOfDirectory(atPath: data + "/progress").filter { $0.hasSuffix(".json") }
  for f in files {
    let obj = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: data + "/progress/" + f))) as? [String: Any]
    if obj?["learner"] as? String == learner, let obj { return obj }
  }
  throw CocoaError(.fileNoSuchFile)
}

/// Every line of the learner's transcripts, parsed.
func transcriptLines(_ data: String) throws -> [[String: Any]] {
  let root = data + "/transcripts"
  var lines: [[String: Any]] = []
  for dir in try FileManager.default.contentsOfDirectory(atPath: root).sorted() {
    for f in try FileManager.default.contentsOfDirectory(atPath: root + "/" + dir).sorted() {
      let text = try String(contentsOfFile: root + "/" + dir + "/" + f, encoding: .utf8)
      for l in text.split(separator: "\n") {
        if let o = try JSONSerialization.jsonObject(with: Data(l.utf8)) as? [String: Any] { lines.append(o) }
      }
    }
  }
  return lines
}

/// A running `bazaar` whose stdin and stdout are pipes the test drives step by step.
final class PipeSession {
  let process = Process()
  let input = Pipe()
  let output = Pipe()
  private(set) var text = ""

  init(_ arguments: [String]) throws {
    process.executableURL = URL(fileURLWithPath: try bazaarBinary())
    process.arguments = arguments
    process.environment = ["LANG": "C.UTF-8", "PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
  }

  func send(_ line: String) { input.fileHandleForWriting.write(Data((line + "\n").utf8)) }

  @discardableResult
  func waitFor(_ marker: String, timeout: Double = 10) -> Bool {
    let fd = output.fileHandleForReading.fileDescriptor
    let deadline = Date().addingTimeInterval(timeout)
    var buffer = [UInt8](repeating: 0, count: 4096)
    while Date() < deadline && !text.contains(marker) {
      var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      if poll(&pfd, 1, 100) > 0 {
        let n = read(fd, &buffer, buffer.count)
        if n <= 0 { break }
        text += String(decoding: buffer[0..<n], as: UTF8.self)
      }
    }
    return text.contains(marker)
  }
}

@Suite("bazaar start, through pipes")
struct RunnerEndToEndTests {
  let course = packageRoot + "/courses/sampler.yaml"

  @Test func aWholeScriptedLessonIsGradedSavedAndLogged() throws {
    let data = try temporaryFolder()
    // The pricing lesson: narrative, choice (answered by its text, as options are shuffled),
    // number, truefalse, calc (unreadable on purpose, then skipped). End of input ends the session.
    let script = ["", "20%", "25%", "错", "abc", ":skip"].joined(separator: "\n") + "\n"
    let run = try bazaar(["start", course, "--learner", "迪丽努尔", "--lesson", "pricing", "--data-dir", data], input: script)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(!run.stdout.contains("\u{1B}"), "no escape codes when stdout is a pipe")
    #expect(run.stdout.contains("✓ 正确。"))
    #expect(run.stdout.contains("本次不计"))
    #expect(run.stdout.contains("已跳过"))
    #expect(run.stdout.contains("本课完成：定价：毛利率与加价率"))
    #expect(run.stdout.contains("得分：75%"))

    let p = try progressJSON(data, "迪丽努尔")
    #expect(p["schema"] as? Int == 2)
    let sampler = try #require((p["courses"] as? [String: Any])?["sampler"] as? [String: Any])
    #expect(sampler["course_version"] as? String == "1.0.0")
    #expect((sampler["course_digest"] as? String)?.count == 64)
    let questions = try #require(sampler["questions"] as? [String: [String: Any]])
    #expect(questions["margin-of-10"]?["attempts"] as? Int == 1)
    #expect(questions["margin-of-10"]?["best_score"] as? Double == 1)
    #expect(questions["margin-of-10"]?["last_answer"] as? String == "20%")
    #expect(questions["markup-of-10"]?["best_score"] as? Double == 1)
    #expect(questions["margin-equals-markup"]?["last_answer"] as? String == "错")
    #expect(questions["price-at-margin"]?["skipped"] as? Bool == true)
    #expect(questions["price-at-margin"]?["attempts"] as? Int == 0)
    let completed = try #require(sampler["lessons_completed"] as? [String: [String: Any]])
    #expect(completed["pricing"]?["score"] as? Double == 0.75)

    let lines = try transcriptLines(data)
    let header = try #require(lines.first)
    #expect(header["type"] as? String == "header")
    #expect(header["format"] as? String == "bazaar-transcript/1")
    #expect(header["learner"] as? String == "迪丽努尔")
    #expect((header["course"] as? [String: Any])?["id"] as? String == "sampler")
    #expect((header["seed"] as? String)?.isEmpty == false)
    let answers = lines.filter { $0["type"] as? String == "answer" }
    #expect(answers.map { $0["raw"] as? String } == ["20%", "25%", "错", "abc"])
    #expect(answers.map { $0["invalid"] as? Bool } == [false, false, false, true])
    #expect(answers.allSatisfy { ($0["elapsed_ms"] as? Int ?? -1) >= 0 })
    #expect(lines.contains { $0["type"] as? String == "skip" && $0["question"] as? String == "price-at-margin" })
    #expect(lines.contains { $0["type"] as? String == "lesson_end" && $0["lesson"] as? String == "pricing" })
    #expect(lines.last?["type"] as? String == "end")
    #expect(lines.last?["reason"] as? String == "eof")
  }

  @Test func endOfInputSavesAndTheNextRunResumesAtTheSameStep() throws {
    let data = try temporaryFolder()
    let first = try bazaar(["start", course, "--learner", "Dilnur", "--data-dir", data, "--ui-lang", "en"], input: "\n20%\n")
    #expect(first.status == 0)
    let second = try bazaar(["start", course, "--learner", "Dilnur", "--data-dir", data, "--ui-lang", "en"], input: "")
    #expect(second.stdout.contains("(continuing where you left off, step 3)"), "\(second.stdout)")
    #expect(second.stdout.contains("What is the markup, in percent?"))
  }

  @Test func aSecondSessionOfTheSameLearnerIsToldWhoHoldsTheLock() throws {
    let data = try temporaryFolder()
    let holder = try PipeSession(["start", course, "--learner", "Ali", "--data-dir", data, "--ui-lang", "en"])
    #expect(holder.waitFor("Press Enter to continue."))
    let second = try bazaar(["start", course, "--learner", "Ali", "--data-dir", data, "--ui-lang", "en"], input: "")
    #expect(second.status == 2)
    #expect(second.stderr.contains("Ali is already learning in another window (pid \(holder.process.processIdentifier)"), "\(second.stderr)")
    // Closing its input is Ctrl-D for the holder: it saves and leaves.
    try holder.input.fileHandleForWriting.close()
    holder.process.waitUntilExit()
    #expect(holder.process.terminationStatus == 0)
  }

  @Test func killedRightAfterAGradedAnswerTheAnswerIsSaved() throws {
    let data = try temporaryFolder()
    let s = try PipeSession(["start", course, "--learner", "Kill", "--data-dir", data, "--ui-lang", "en"])
    #expect(s.waitFor("Press Enter to continue."))
    s.send("")
    #expect(s.waitFor("What is the gross margin?"))
    s.send("20%")
    #expect(s.waitFor("✓"))
    kill(s.process.processIdentifier, SIGKILL)
    s.process.waitUntilExit()
    #expect(s.process.terminationReason == .uncaughtSignal)
    let p = try progressJSON(data, "Kill")
    let q = (((p["courses"] as? [String: Any])?["sampler"] as? [String: Any])?["questions"] as? [String: [String: Any]])?["margin-of-10"]
    #expect(q?["attempts"] as? Int == 1)
    #expect(q?["best_score"] as? Double == 1)
    // No temporary files left behind, and the lock is free again.
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: data + "/progress").filter { !$0.hasSuffix(".json") && !$0.hasSuffix(".lock") }
    #expect(leftovers.isEmpty, "\(leftovers)")
    let again = try bazaar(["start", course, "--learner", "Kill", "--data-dir", data, "--ui-lang", "en"], input: "")
    #expect(again.status == 0)
    #expect(again.stdout.contains("What is the markup, in percent?"))
    // The torn transcript of the killed session still reads: header plus whole lines.
    let lines = try transcriptLines(data)
    #expect(lines.contains { $0["type"] as? String == "answer" && $0["raw"] as? String == "20%" })
  }

  @Test func aCorruptProgressFileIsKeptAsideAndTheLearnerIsTold() throws {
    let data = try temporaryFolder()
    _ = try bazaar(["start", course, "--learner", "Corrupt", "--data-dir", data], input: "\n20%\n")
    let saved = try FileManager.default.contentsOfDirectory(atPath: data + "/progress").filter { $0.hasSuffix(".json") }
    #expect(saved.count == 1)
    let file = data + "/progress/" + (saved.first ?? "corrupt.json")
    try "{\"schema\": 1, \"learner\": \"Corr".write(toFile: file, atomically: true, encoding: .utf8)
    let run = try bazaar(["start", course, "--learner", "Corrupt", "--data-dir", data, "--ui-lang", "en"], input: "")
    #expect(run.status == 0)
    #expect(run.stdout.contains("could not be read"))
    let aside = try FileManager.default.contentsOfDirectory(atPath: data + "/progress").filter { $0.contains(".corrupt-") }
    #expect(aside.count == 1)
    #expect(try String(contentsOfFile: data + "/progress/" + (aside.first ?? ""), encoding: .utf8) == "{\"schema\": 1, \"learner\": \"Corr")
  }

  @Test func aChangedCourseKeepsTheAnswersToQuestionsThatStillExistAndSaysSo() throws {
    let data = try temporaryFolder()
    let folder = try temporaryFolder()
    // Every lexicon the sampler uses: a course lint finds errors in (E023) is not started.
    try FileManager.default.copyItem(atPath: packageRoot + "/courses/lexicon", toPath: folder + "/lexicon")
    let copy = folder + "/sampler.yaml"
    var text = try String(contentsOfFile: course, encoding: .utf8)
    try text.write(toFile: copy, atomically: true, encoding: .utf8)
    _ = try bazaar(["start", copy, "--learner", "Change", "--data-dir", data, "--ui-lang", "en"], input: "\n20%\n25%\n")
    // The instructor renames the markup question's id: its old answer can no longer be matched.
    text = text.replacingOccurrences(of: "id: markup-of-10", with: "id: markup-percent")
    try text.write(toFile: copy, atomically: true, encoding: .utf8)
    let again = try bazaar(["start", copy, "--learner", "Change", "--data-dir", data, "--ui-lang", "en"], input: "")
    #expect(again.status == 0)
    #expect(again.stdout.contains("This course was updated since your last visit. Answers kept: 1. Questions removed from the course: 1"), "\(again.stdout)")
    let p = try progressJSON(data, "Change")
    let sampler = (p["courses"] as? [String: Any])?["sampler"] as? [String: Any]
    #expect((sampler?["questions"] as? [String: Any])?["margin-of-10"] != nil)
    #expect((sampler?["retired_questions"] as? [String: Any])?["markup-of-10"] != nil)
  }

  @Test func progressShowsLessonsScoresAndReview() throws {
    let data = try temporaryFolder()
    _ = try bazaar(["start", course, "--learner", "Rahila", "--lesson", "pricing", "--data-dir", data], input: "\n20%\n25%\n错\n:skip\n")
    let text = try bazaar(["progress", "--data-dir", data, "--ui-lang", "en"])
    #expect(text.status == 0)
    #expect(text.stdout.contains("Rahila"))
    #expect(text.stdout.contains("1/3 lessons done"))
    #expect(text.stdout.contains("✓ 定价：毛利率与加价率  75%") || text.stdout.contains("✓ Pricing: margin and markup  75%"))
    // Titles, not ids; the calc question as this learner saw it; what happened to it.
    #expect(text.stdout.contains("To review (under full marks):"))
    #expect(text.stdout.contains("• Unit cost ") && !text.stdout.contains("{cost}") && text.stdout.contains("— skipped"), "\(text.stdout)")
    #expect(text.stdout.contains("Left off at: Listing: title and label, step 1 of 4"))
    #expect(!text.stdout.contains("price-at-margin"))
    let json = try bazaar(["progress", "--data-dir", data, "--json"])
    let all = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
    #expect(all.first?["learner"] as? String == "Rahila")
    #expect(all.first?["number"] as? Int == 1)
    let courses = try #require(all.first?["courses"] as? [String: [String: Any]])
    // By hand: 3 of 4 pricing questions right at once, one skipped: 3 of the course's 12 questions.
    #expect(courses["sampler"]?["score"] as? Double == 0.25)
    let questions = try #require(courses["sampler"]?["questions"] as? [String: [String: Any]])
    #expect(questions["price-at-margin"]?["outcome"] as? String == "skipped")
    #expect(questions["margin-of-10"]?["outcome"] as? String == "full_marks")
  }

  @Test func unknownCourseAndBadLearnerAreUsageErrors() throws {
    let data = try temporaryFolder()
    let missing = try bazaar(["start", "no-such-course", "--learner", "A", "--data-dir", data])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("sampler"))
    let noName = try bazaar(["start", course, "--data-dir", data])
    #expect(noName.status == 2)
    #expect(noName.stderr.contains("--learner"))
    let badName = try bazaar(["start", course, "--learner", "\u{1B}", "--data-dir", data])
    #expect(badName.status == 2)
  }
}
