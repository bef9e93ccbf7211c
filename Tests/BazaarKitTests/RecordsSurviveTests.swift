import Foundation
import Testing
@testable import BazaarKit

#if canImport(Glibc)
import Glibc
#endif

// Issue 12, "records that survive anything": leftover temporary files of killed saves, no empty
// transcripts, and numbers read from progress and transcripts that cannot trap.

/// Sets the modification time of `path` to `date`.
private func setModified(_ path: String, _ date: Date) throws {
  try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
}

/// Writes `text` to `path`.
private func write(_ text: String, to path: String) throws {
  try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

@Suite struct LeftoverTemporaryFiles {
  var learner: LearnerName { get throws { try LearnerName("Dilnur") } }

  @Test func olderAndBrokenLeftoversGoAndANewerCompleteSaveIsKeptAndReported() throws {
    let name = try learner
    let tmp = try RecordsTempFolder()
    let store = ProgressStore(folder: tmp.folder, now: { recordsNow })
    var saved = recordsSampleProgress(name)
    try store.save(saved)
    let dir = tmp.folder.progressFolder
    let main = dir + "/dilnur.json"
    try setModified(main, recordsNow)
    // A save killed before the last complete one: older, whatever it holds.
    try write(try ProgressJSON.encode(saved), to: dir + "/.dilnur.json.tmp-1a")
    try setModified(dir + "/.dilnur.json.tmp-1a", recordsNow.addingTimeInterval(-60))
    // A save killed while writing: newer, cut short.
    try write("{\"schema\" : 1, \"learner\" : \"Dil", to: dir + "/.dilnur.json.tmp-2b")
    try setModified(dir + "/.dilnur.json.tmp-2b", recordsNow.addingTimeInterval(30))
    // A save killed between its fsync and its rename: newer and complete.
    saved.sessions.append(
      SessionSummary(id: "s-2", kind: "lesson", course: "pricing-basics", score: 1, started: recordsNow, ended: recordsNow))
    let newer = try ProgressJSON.encode(saved)
    try write(newer, to: dir + "/.dilnur.json.tmp-3c")
    try setModified(dir + "/.dilnur.json.tmp-3c", recordsNow.addingTimeInterval(60))
    // Not this learner's, and not a file: left alone.
    try write("x", to: dir + "/.dilnurx.json.tmp-4d")
    try FileManager.default.createDirectory(atPath: dir + "/.dilnur.json.tmp-5e", withIntermediateDirectories: false)

    let loaded = try store.load(learner: name)

    #expect(loaded.sweep.removed == [dir + "/.dilnur.json.tmp-1a", dir + "/.dilnur.json.tmp-2b"])
    #expect(loaded.sweep.kept == [dir + "/dilnur.json.unsaved-20250302T104207Z"])
    #expect(recordsListing(dir) == [
      ".dilnur.json.tmp-5e", ".dilnurx.json.tmp-4d", "dilnur.json", "dilnur.json.unsaved-20250302T104207Z",
    ])
    // The kept file's bytes are untouched, and progress goes on from the last complete save.
    #expect(try String(contentsOfFile: dir + "/dilnur.json.unsaved-20250302T104207Z", encoding: .utf8) == newer)
    #expect(loaded.progress.sessions.map(\.id) == ["s-1"])
    #expect(!loaded.isNew)
  }

  @Test func aCompleteSaveWithNoSavedFileIsKeptNotAdopted() throws {
    let name = try learner
    let tmp = try RecordsTempFolder()
    let store = ProgressStore(folder: tmp.folder, now: { recordsNow })
    let dir = tmp.folder.progressFolder
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try write(try ProgressJSON.encode(recordsSampleProgress(name)), to: dir + "/.dilnur.json.tmp-77")
    let loaded = try store.load(learner: name)
    #expect(loaded.isNew)
    #expect(loaded.sweep.kept == [dir + "/dilnur.json.unsaved-20250302T104207Z"])
    #expect(loaded.sweep.removed.isEmpty)
    // A second start finds nothing more to report.
    #expect(store.sweepTemporaryFiles(learner: name) == TemporarySweep())
  }

  @Test func aNewerCompleteSaveOfAnotherLearnerIsRemoved() throws {
    let name = try learner
    let tmp = try RecordsTempFolder()
    let store = ProgressStore(folder: tmp.folder, now: { recordsNow })
    try store.save(recordsSampleProgress(name))
    let dir = tmp.folder.progressFolder
    try setModified(dir + "/dilnur.json", recordsNow)
    try write(try ProgressJSON.encode(recordsSampleProgress(try LearnerName("Ali"))), to: dir + "/.dilnur.json.tmp-9")
    try setModified(dir + "/.dilnur.json.tmp-9", recordsNow.addingTimeInterval(5))
    let sweep = store.sweepTemporaryFiles(learner: name)
    #expect(sweep.kept.isEmpty)
    #expect(sweep.removed == [dir + "/.dilnur.json.tmp-9"])
  }

  @Test func aTakenUnsavedNameGetsANumber() throws {
    let name = try learner
    let tmp = try RecordsTempFolder()
    let store = ProgressStore(folder: tmp.folder, now: { recordsNow })
    let dir = tmp.folder.progressFolder
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try write("earlier", to: dir + "/dilnur.json.unsaved-20250302T104207Z")
    try write(try ProgressJSON.encode(recordsSampleProgress(name)), to: dir + "/.dilnur.json.tmp-1")
    #expect(store.sweepTemporaryFiles(learner: name).kept == [dir + "/dilnur.json.unsaved-20250302T104207Z-2"])
    #expect(try String(contentsOfFile: dir + "/dilnur.json.unsaved-20250302T104207Z", encoding: .utf8) == "earlier")
  }
}

@Suite struct NoEmptyTranscripts {
  func header() -> TranscriptHeader {
    TranscriptHeader(
      session: "s-1", learner: "Dilnur", course: .init(id: "sampler", version: "1", digest: "d"), started: recordsNow,
      seed: "seed")
  }

  @Test func aSessionThatOnlyShowedItsFirstStepLeavesNoFile() throws {
    let tmp = try RecordsTempFolder()
    let path = tmp.path + "/t/a.jsonl"
    let w = try TranscriptWriter(path: path, header: header(), syncEachLine: false)
    try w.append(.step(lesson: "l", step: 0, question: nil), at: recordsNow)
    try w.append(.end(reason: .eof), at: recordsNow)
    w.sync()
    #expect(!w.isWritten)
    #expect(!FileManager.default.fileExists(atPath: path))
    w.close()
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test func theFirstAnswerWritesTheHeaderAndWhatWasShownBeforeIt() throws {
    let tmp = try RecordsTempFolder()
    let path = tmp.path + "/t/a.jsonl"
    let w = try TranscriptWriter(path: path, header: header(), syncEachLine: false)
    try w.append(.step(lesson: "l", step: 0, question: nil), at: recordsNow, ms: 5)
    try w.append(.step(lesson: "l", step: 1, question: "q"), at: recordsNow, ms: 900)
    #expect(!FileManager.default.fileExists(atPath: path))
    try w.append(.answer(question: "q", raw: "B", score: 1, invalid: false, attempt: 1, elapsedMs: 300), at: recordsNow, ms: 1200)
    // On disk now, before close: a kill from here on keeps it.
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    #expect(lines.count == 4)
    #expect(lines[0].hasPrefix("{\"type\":\"header\""))
    #expect(lines[1] == "{\"type\":\"step\",\"t\":\"2025-03-02T10:42:07Z\",\"ms\":5,\"lesson\":\"l\",\"step\":0}")
    #expect(lines[2].hasPrefix("{\"type\":\"step\"") && lines[2].contains("\"question\":\"q\""))
    #expect(lines[3].hasPrefix("{\"type\":\"answer\""))
    try w.append(.end(reason: .quit), at: recordsNow, ms: 1300)
    w.close()
    let back = try TranscriptReader.read(path)
    #expect(back.events.map(\.event.type) == ["step", "step", "answer", "end"])
  }

  @Test func anExistingFileIsStillRefusedAtOnce() throws {
    let tmp = try RecordsTempFolder()
    let path = tmp.path + "/taken.jsonl"
    try write("{}\n", to: path)
    #expect(throws: TranscriptError.exists(path)) { try TranscriptWriter(path: path, header: header()) }
  }

  @Test func aFolderThatCannotBeWrittenIsRefusedAtOnce() throws {
    guard getuid() != 0 else { return }  // root writes anywhere
    let tmp = try RecordsTempFolder()
    let dir = tmp.path + "/ro"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false)
    chmod(dir, 0o555)
    defer { chmod(dir, 0o755) }
    #expect(throws: TranscriptError.self) { try TranscriptWriter(path: dir + "/a.jsonl", header: header()) }
  }

  @Test func aFileWhereAFolderShouldBeIsRefusedAtOnce() throws {
    let tmp = try RecordsTempFolder()
    try write("x", to: tmp.path + "/plain")
    #expect(throws: TranscriptError.self) { try TranscriptWriter(path: tmp.path + "/plain/sub/a.jsonl", header: header()) }
    // Missing folders are made with the file.
    let w = try TranscriptWriter(path: tmp.path + "/new/er/a.jsonl", header: header())
    #expect(!FileManager.default.fileExists(atPath: tmp.path + "/new"))
    try w.append(.hint(question: "q", n: 1), at: recordsNow)
    w.close()
    #expect(try TranscriptReader.read(tmp.path + "/new/er/a.jsonl").events.count == 1)
  }

  @Test func manyShownStepsAreWrittenOnceTheyPileUp() throws {
    let tmp = try RecordsTempFolder()
    let path = tmp.path + "/a.jsonl"
    let w = try TranscriptWriter(path: path, header: header(), syncEachLine: false)
    for i in 0..<TranscriptWriter.maxPending { try w.append(.step(lesson: "l", step: i, question: nil), at: recordsNow) }
    #expect(w.isWritten)
    w.close()
    #expect(try TranscriptReader.read(path).events.count == TranscriptWriter.maxPending)
  }
}

@Suite struct NumbersFromFiles {
  // MARK: transcripts

  func transcript(_ line: String) throws -> TranscriptContents {
    let header = #"{"type":"header","format":"bazaar-transcript/1","session":"s","learner":"L","course":{"id":"c","version":"1","digest":"d"},"app":"0","started":"2025-03-02T10:42:07Z","seed":"x","kind":"lesson"}"#
    return try TranscriptReader.parse(Array((header + "\n" + line + "\n").utf8), path: "/data/t.jsonl")
  }

  static let huge = ["9223372036854775807", "-9223372036854775808", "999999999999999999", "-999999999999999999"]

  @Test(arguments: huge)
  func msIsClamped(_ n: String) throws {
    let c = try transcript(#"{"type":"skip","t":"2025-03-02T10:42:07Z","ms":\#(n),"question":"q"}"#)
    #expect(c.problems.isEmpty)
    let ms = try #require(c.events.first).ms
    #expect(ms == (n.hasPrefix("-") ? 0 : 1_000_000_000_000))
  }

  @Test(arguments: huge)
  func attemptAndElapsedAreClamped(_ n: String) throws {
    let c = try transcript(
      #"{"type":"answer","t":"2025-03-02T10:42:07Z","ms":5,"question":"q","raw":"B","score":1,"invalid":false,"attempt":\#(n),"elapsed_ms":\#(n)}"#)
    #expect(c.problems.isEmpty)
    guard case .answer(_, _, _, _, let attempt, let elapsed) = try #require(c.events.first).event else {
      Issue.record("not an answer")
      return
    }
    #expect(attempt == (n.hasPrefix("-") ? 0 : 1_000_000))
    #expect(elapsed == (n.hasPrefix("-") ? 0 : 1_000_000_000_000))
  }

  @Test(arguments: huge)
  func hintNumberAndStepAreClamped(_ n: String) throws {
    let c = try transcript(#"{"type":"hint","t":"2025-03-02T10:42:07Z","ms":5,"question":"q","n":\#(n)}"#)
    guard case .hint(_, let k) = try #require(c.events.first).event else {
      Issue.record("not a hint")
      return
    }
    #expect(k == (n.hasPrefix("-") ? 0 : 1_000_000))
    let s = try transcript(#"{"type":"step","t":"2025-03-02T10:42:07Z","ms":5,"lesson":"l","step":\#(n)}"#)
    guard case .step(_, let step, _) = try #require(s.events.first).event else {
      Issue.record("not a step")
      return
    }
    #expect(step == (n.hasPrefix("-") ? 0 : 1_000_000))
  }

  @Test(arguments: ["ms", "attempt", "elapsed_ms"])
  func aNumberTooBigForAnIntegerIsRejectedWithTheFileAndLine(_ key: String) throws {
    var fields = ["\"ms\":5", "\"attempt\":1", "\"elapsed_ms\":7"]
    fields = fields.map { $0.hasPrefix("\"\(key)\"") ? "\"\(key)\":1e308" : $0 }
    let line = #"{"type":"answer","t":"2025-03-02T10:42:07Z","question":"q","raw":"B","score":1,"invalid":false,"# + fields.joined(separator: ",") + "}"
    let c = try transcript(line + "\n" + #"{"type":"end","t":"2025-03-02T10:42:07Z","ms":9,"reason":"eof"}"#)
    #expect(c.events.map(\.event.type) == ["end"])
    let problem = try #require(c.problems.first)
    #expect(problem.path == "/data/t.jsonl" && problem.line == 2)
    #expect(problem.description.hasPrefix("/data/t.jsonl:2: "))
  }

  @Test(arguments: [("1e308", 1.0), ("-1e308", 0.0), ("9223372036854775807", 1.0), ("0.5", 0.5)])
  func answerScoresAreClamped(_ text: String, _ expected: Double) throws {
    let c = try transcript(
      #"{"type":"answer","t":"2025-03-02T10:42:07Z","ms":5,"question":"q","raw":"B","score":\#(text),"invalid":false,"attempt":1,"elapsed_ms":3}"#)
    guard case .answer(_, _, let score, _, _, _) = try #require(c.events.first).event else {
      Issue.record("not an answer")
      return
    }
    #expect(score == expected)
  }

  @Test func nanIsNotJSONSoTheLineIsAProblem() throws {
    let c = try transcript(
      #"{"type":"answer","t":"2025-03-02T10:42:07Z","ms":5,"question":"q","raw":"B","score":NaN,"invalid":false,"attempt":1,"elapsed_ms":3}"#
        + "\n" + #"{"type":"end","t":"2025-03-02T10:42:07Z","ms":9,"reason":"eof"}"#)
    #expect(c.problems.map(\.line) == [2])
    #expect(c.events.count == 1)
  }

  @Test func liveNumbersAreClamped() throws {
    let c = try transcript(
      [
        #"{"type":"live_start","t":"2025-03-02T10:42:07Z","ms":1,"mode":"turn_based","speed":1e308,"language":"zh"}"#,
        #"{"type":"host","t":"2025-03-02T10:42:07Z","ms":2,"at_ms":9223372036854775807,"text":"hi"}"#,
        #"{"type":"promo","t":"2025-03-02T10:42:07Z","ms":3,"at_ms":-9223372036854775808,"id":"p"}"#,
        #"{"type":"live_end","t":"2025-03-02T10:42:07Z","ms":4,"at_ms":5,"score":1e308}"#,
      ].joined(separator: "\n"))
    #expect(c.problems.isEmpty)
    #expect(c.events.map(\.event) == [
      .liveStart(mode: "turn_based", speed: 20, language: "zh"), .host(text: "hi", atMs: 1_000_000_000_000),
      .promo(id: "p", atMs: 0), .liveEnd(atMs: 5, score: 100),
    ])
  }

  // MARK: progress

  func progressFile(step: String = "3", score: String = "0.5") -> String {
    """
    {
      "courses" : {
        "sampler" : {
          "course_digest" : "d", "course_version" : "1", "lessons_completed" : {},
          "position" : { "lesson" : "pricing", "step" : \(step) },
          "questions" : {}, "time_spent_ms" : 0
        }
      },
      "created" : "2025-03-02T10:42:07Z", "learner" : "Dilnur", "schema" : 1,
      "sessions" : [
        { "course" : "sampler", "ended" : "2025-03-02T10:52:07Z", "id" : "s1", "kind" : "live",
          "scenario" : "live-jujube-walnut", "score" : \(score), "started" : "2025-03-02T10:42:07Z" }
      ],
      "updated" : "2025-03-02T10:42:07Z"
    }
    """
  }

  func peek(_ text: String) throws -> LearnerProgress? {
    let tmp = try RecordsTempFolder()
    let store = ProgressStore(folder: tmp.folder, now: { recordsNow })
    try FileManager.default.createDirectory(atPath: tmp.folder.progressFolder, withIntermediateDirectories: true)
    try write(text, to: tmp.folder.progressFolder + "/dilnur.json")
    return try store.peek(learner: try LearnerName("Dilnur"))
  }

  @Test(arguments: [("9223372036854775807", "1000000"), ("-9223372036854775808", "1"), ("41", "42")])
  func theStepWhereTheLearnerLeftOffIsShownClamped(_ step: String, _ shown: String) throws {
    let p = try #require(try peek(progressFile(step: step)))
    let text = ProgressReport.text([p], courses: [:], messages: .english, language: "en")
    // Without the course file the lesson's id and the step stand alone; 1-based and clamped.
    #expect(text.contains("Left off at: pricing, step \(shown) of ?\n"), "\(text)")
  }

  @Test(arguments: ["1e308", "NaN"])
  func aStepThatIsNoIntegerMakesTheFileCorruptNamingIt(_ step: String) throws {
    #expect {
      try peek(progressFile(step: step))
    } throws: { error in
      guard case .corrupt(let path, _) = error as? ProgressStoreError else { return false }
      return path.hasSuffix("/progress/dilnur.json")
    }
  }

  @Test(arguments: [("1e308", "100"), ("-1e308", "0"), ("9223372036854775807", "100"), ("0.625", "62.5")])
  func liveSessionScoresAreShownClamped(_ score: String, _ shown: String) throws {
    let p = try #require(try peek(progressFile(score: score)))
    let text = ProgressReport.text([p], courses: [:], messages: .english, language: "en")
    #expect(text.contains("best \(shown)/100"), "\(text)")
  }

  @Test func aNaNScoreIsNotJSONSoTheFileIsCorruptNamingIt() throws {
    #expect {
      try peek(progressFile(score: "NaN"))
    } throws: { error in
      guard case .corrupt(let path, _) = error as? ProgressStoreError else { return false }
      return path.hasSuffix("/progress/dilnur.json")
    }
  }
}
