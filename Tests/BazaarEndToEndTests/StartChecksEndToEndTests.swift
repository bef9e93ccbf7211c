import Foundation
import Testing

/// Issue 12: `bazaar start` refuses a course lint finds errors in; a session that records nothing
/// leaves no transcript; killed saves leave nothing behind at the next start.
@Suite struct StartChecksEndToEndTests {
  /// A course whose regex answer does not accept its own example: lint's E030 at 15:20.
  static let e030Course = """
    id: broken-key
    version: "1"
    title: Broken key
    languages: [en]
    lessons:
      - id: l1
        title: One
        steps:
          - text: Read this first.
          - kind: short
            id: q1
            prompt: Which return rule does not apply to fresh fruit?
            answers:
              - text: 7-day no-reason return
              - regex: '^seven days?$'
                examples: [seven days, 7 days]
            explanation: Fresh fruit spoils.

    """

  @Test func startRefusesACourseWithLintErrorsNamingTheFirstAsLintDoes() throws {
    let dir = try temporaryFolder()
    let course = dir + "/broken-key.yaml"
    try Data(Self.e030Course.utf8).write(to: URL(fileURLWithPath: course))
    let run = try bazaar(["start", course, "--learner", "Ali", "--data-dir", dir + "/data", "--ui-lang", "en"], in: dir, input: "\n")
    #expect(run.status == 2)
    #expect(run.stderr.contains("\(course):15:20: error: [E030] "), "\(run.stderr)")
    #expect(run.stderr.contains(" 15 |           - regex: '^seven days?$'\n"), "\(run.stderr)")
    #expect(run.stderr.contains("bazaar lint \(course)"))
    #expect(!run.stdout.contains("[1/"))  // no lesson was shown
    // Nothing was written for the learner.
    #expect(!FileManager.default.fileExists(atPath: dir + "/data/progress/ali.json"))
    #expect(!FileManager.default.fileExists(atPath: dir + "/data/transcripts"))
    // `bazaar lint` names the same first error.
    let lint = try bazaar(["lint", course], in: dir)
    #expect(lint.status == 1)
    #expect(lint.stdout.hasPrefix("\(course):15:20: error: [E030] "))

    // Fixed, it starts (and a second start uses the remembered clean result).
    let fixed = Self.e030Course.replacingOccurrences(of: "examples: [seven days, 7 days]", with: "examples: [seven days, seven day]")
    try Data(fixed.utf8).write(to: URL(fileURLWithPath: course))
    for _ in 0..<2 {
      let ok = try bazaar(["start", course, "--learner", "Ali", "--data-dir", dir + "/data", "--ui-lang", "en"], in: dir, input: "")
      #expect(ok.status == 0, "\(ok.stderr)")
      #expect(ok.stdout.contains("[1/2] Read this first."))
    }
    let cache = try FileManager.default.contentsOfDirectory(atPath: dir + "/data/cache/lint")
    #expect(cache.count == 1)
  }

  @Test func startRefusesACourseWhoseLexiconIsMissing() throws {
    let dir = try temporaryFolder()
    let course = dir + "/no-lexicon.yaml"
    let text = Self.e030Course.replacingOccurrences(of: "examples: [seven days, 7 days]", with: "examples: [seven days]")
      .replacingOccurrences(of: "languages: [en]\n", with: "languages: [en]\nlexicons: [nowhere-to-be-found]\n")
    try Data(text.utf8).write(to: URL(fileURLWithPath: course))
    let run = try bazaar(["start", course, "--learner", "Ali", "--data-dir", dir + "/data", "--ui-lang", "en"], in: dir)
    #expect(run.status == 2)
    #expect(run.stderr.contains("\(course):5:12: error: [E023] "), "\(run.stderr)")
    #expect(run.stderr.contains("[E023]"), "\(run.stderr)")
  }

  @Test func endOfInputAtOnceLeavesNoTranscript() throws {
    let dir = try temporaryFolder()
    let run = try bazaar(
      ["start", packageRoot + "/courses/sampler.yaml", "--learner", "Ali", "--data-dir", dir + "/data", "--ui-lang", "en"], in: dir,
      input: "")
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("[1/"))
    let transcripts = (FileManager.default.enumerator(atPath: dir + "/data/transcripts")?.allObjects as? [String] ?? [])
      .filter { $0.hasSuffix(".jsonl") }
    #expect(transcripts.isEmpty, "\(transcripts)")
    // The next session, which answers, has one.
    let next = try bazaar(
      ["start", packageRoot + "/courses/sampler.yaml", "--learner", "Ali", "--data-dir", dir + "/data", "--ui-lang", "en"], in: dir,
      input: "\nB\n")
    #expect(next.status == 0, "\(next.stderr)")
    let after = (FileManager.default.enumerator(atPath: dir + "/data/transcripts")?.allObjects as? [String] ?? [])
      .filter { $0.hasSuffix(".jsonl") }
    #expect(after.count == 1)
  }

  @Test func aRefusedLockLeavesNoTranscript() throws {
    let dir = try temporaryFolder()
    let data = dir + "/data"
    // Hold Ali's lock with a session waiting for input.
    let holder = Process()
    holder.executableURL = URL(fileURLWithPath: try bazaarBinary())
    holder.arguments = ["start", packageRoot + "/courses/sampler.yaml", "--learner", "Ali", "--data-dir", data, "--ui-lang", "en"]
    holder.environment = ["LANG": "C.UTF-8", "HOME": NSTemporaryDirectory()]
    let input = Pipe()
    let output = Pipe()
    holder.standardInput = input
    holder.standardOutput = output
    holder.standardError = FileHandle.nullDevice
    try holder.run()
    defer {
      try? input.fileHandleForWriting.close()
      holder.waitUntilExit()
    }
    // Wait until it shows its first step (the lock is held by then).
    var seen = Data()
    while !String(decoding: seen, as: UTF8.self).contains("[1/") {
      let chunk = output.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      seen.append(chunk)
    }
    let second = try bazaar(
      ["start", packageRoot + "/courses/sampler.yaml", "--learner", "Ali", "--data-dir", data, "--ui-lang", "en"], in: dir, input: "B\n")
    #expect(second.status == 2)
    #expect(second.stderr.contains("already learning"))
    try input.fileHandleForWriting.close()
    holder.waitUntilExit()
    let transcripts = (FileManager.default.enumerator(atPath: data + "/transcripts")?.allObjects as? [String] ?? [])
      .filter { $0.hasSuffix(".jsonl") }
    #expect(transcripts.isEmpty, "\(transcripts)")
  }

  @Test func aCompleteSaveCutShortIsKeptAndTheLearnerIsTold() throws {
    let dir = try temporaryFolder()
    let data = dir + "/data"
    let first = try bazaar(
      ["start", packageRoot + "/courses/sampler.yaml", "--learner", "Ali", "--data-dir", data, "--ui-lang", "en"], in: dir, input: "\nB\n")
    #expect(first.status == 0)
    let progress = data + "/progress"
    let saved = try Data(contentsOf: URL(fileURLWithPath: progress + "/ali.json"))
    // As a kill between the temporary file's fsync and its rename leaves it: newer, complete.
    try saved.write(to: URL(fileURLWithPath: progress + "/.ali.json.tmp-5eed"))
    try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: progress + "/.ali.json.tmp-5eed")
    // And one killed while writing.
    try Data("{\"schema\" : 1, \"lea".utf8).write(to: URL(fileURLWithPath: progress + "/.ali.json.tmp-c0ffee"))
    let next = try bazaar(
      ["start", packageRoot + "/courses/sampler.yaml", "--learner", "Ali", "--data-dir", data, "--ui-lang", "en"], in: dir, input: "")
    #expect(next.status == 0, "\(next.stderr)")
    #expect(next.stdout.contains("A save of your progress was cut short"), "\(next.stdout)")
    let names = try FileManager.default.contentsOfDirectory(atPath: progress).sorted()
    #expect(!names.contains { $0.contains(".tmp-") }, "\(names)")
    #expect(names.contains { $0.hasPrefix("ali.json.unsaved-") }, "\(names)")
  }
}
