import Foundation
import Testing
@testable import BazaarKit

/// The hand reader of progress files gives what `JSONDecoder` gives, or steps aside.
@Suite("progress reader by hand")
struct ProgressDecodingTests {
  /// What `JSONDecoder` reads from `text` (the reference).
  func reference(_ text: String) throws -> LearnerProgress {
    try ISOTime.decoder().decode(LearnerProgress.self, from: Data(text.utf8))
  }

  static let session = #"""
    { "course" : "sampler", "ended" : "2025-03-02T10:52:07Z", "id" : "3f2b", "kind" : "live",
      "reason" : "finished", "scenario" : "live-jujube-walnut", "score" : 0.9129999999999999,
      "started" : "2025-03-02T10:42:07Z", "transcript" : "/home/pc07/t/sampler-3f2b.jsonl" }
    """#

  static let files: [String] = [
    // As Bazaar writes it (keys sorted, two-space indent).
    #"""
    {
      "courses" : {
        "sampler" : {
          "course_digest" : "ab", "course_version" : "1.0.0", "lessons_completed" : { "pricing" : { "completed" : "2025-03-02T10:50:00Z", "score" : 0.75 } },
          "position" : { "lesson" : "pricing", "question" : "q1", "step" : 3 },
          "questions" : { "q1" : { "attempts" : 2, "best_score" : 1, "hints_used" : 0, "last_answer" : "20%", "skipped" : false } },
          "time_spent_ms" : 1234
        }
      },
      "created" : "2025-03-02T10:42:07Z",
      "learner" : "迪丽努尔",
      "schema" : 1,
      "sessions" : [
    """# + session + "," + session + #"""
      ],
      "updated" : "2025-03-02T10:54:41Z"
    }
    """#,
    // Any key order, no white space, escapes, a time with a fraction and an offset, nulls for
    // optional values, an unknown key in a session, a whole score.
    #"{"sessions":[{"id":"a\"b\\c\u00e9\ud83d\ude00","kind":"lesson","course":"c","score":1,"started":"2025-03-02T10:42:07.250+08:00","ended":"2025-03-02T10:42:09Z","scenario":null,"reason":null,"transcript":null,"future":{"x":[1,2.5e3,true,null]}}],"schema":1,"learner":"Ali / Veli","courses":{}}"#,
    // The least a file may hold.
    #"{"schema":1,"learner":"x"}"#,
    // Nulls for the optional top-level values.
    #"{"schema":1,"learner":"x","created":null,"updated":null,"courses":null,"sessions":null}"#,
    // A learner name that is not a valid name (the caller fixes it): the slow path reads it.
    #"{"schema":1,"learner":"   "}"#,
  ]

  @Test(arguments: files.indices)
  func itReadsWhatJSONDecoderReads(_ index: Int) throws {
    let text = Self.files[index]
    let expected = try reference(text)
    guard case .progress(let got) = ProgressStore.decode(Array(text.utf8)) else {
      Issue.record("not read")
      return
    }
    #expect(got == expected)
    // The first four take the fast path.
    if index < 4 { #expect(ProgressFastDecoder.decode(Array(text.utf8)) == expected) }
  }

  static let slowOnes: [String] = [
    #"{"schema":1,"learner":"x","extra":1}"#,  // an unknown top-level key
    #"{"schema":1,"learner":"x","learner":"y"}"#,  // a duplicate key
    #"{"schema":1.0,"learner":"x"}"#,  // a schema that is not written as an integer
    #"{"schema":1,"learner":"x","sessions":[{"id":"a","kind":"k","course":"c","score":1,"started":"2025-03-02T10:42:07Z","ended":"2025-03-02T10:42:07Z","id":"b"}]}"#,
    "\u{FEFF}{\"schema\":1,\"learner\":\"x\"}",  // a byte-order mark
  ]

  @Test(arguments: slowOnes)
  func unusualFilesTakeTheSlowPathAndGetItsAnswer(_ text: String) {
    #expect(ProgressFastDecoder.decode(Array(text.utf8)) == nil)
    let slow: String
    switch ProgressStore.decode(Array(text.utf8)) {
    case .progress(let p): slow = "progress \(p.learner)"
    case .newerSchema(let n): slow = "newer \(n)"
    case .corrupt(let why): slow = "corrupt: \(why)"
    }
    let expected: String
    do { expected = "progress \(try reference(text).learner)" } catch { expected = "corrupt: " + ProgressStore.describe(error) }
    #expect(slow == expected || slow.hasPrefix("corrupt") && expected.hasPrefix("corrupt"))
  }

  static let broken: [String] = [
    #"{"schema":1,"learner":"x","sessions":[{"id":"a","kind":"k","course":"c","score":1,"started":"yesterday","ended":"2025-03-02T10:42:07Z"}]}"#,
    #"{"schema":1,"learner":"x","sessions":[{"id":"a","kind":"k","course":"c","score":1,"started":"2025-03-02T10:42:07Z"}]}"#,
    #"{"schema":1,"learner":"x","sessions":[{"id":"a","kind":"k","course":"c","score":null,"started":"2025-03-02T10:42:07Z","ended":"2025-03-02T10:42:07Z"}]}"#,
    #"{"schema":1,"learner":"x","sessions":[]"#,
    #"{"schema":1,"learner":"x"} 7"#,
    #"{"schema":1,"learner":"x","courses":{"c":{"time_spent_ms":"long"}}}"#,
    #"{"schema":1,"learner":"x","sessions":[{"id":"a","kind":"k","course":"c","score":1e999,"started":"2025-03-02T10:42:07Z","ended":"2025-03-02T10:42:07Z"}]}"#,
  ]

  @Test(arguments: broken)
  func brokenFilesAreCorruptAsBefore(_ text: String) {
    #expect(ProgressFastDecoder.decode(Array(text.utf8)) == nil)
    guard case .corrupt = ProgressStore.decode(Array(text.utf8)) else {
      Issue.record("read as progress")
      return
    }
  }

  @Test func newerSchemaIsStillRefused() {
    guard case .newerSchema(3) = ProgressStore.decode(Array(#"{"schema":3,"learner":"x"}"#.utf8)) else {
      Issue.record("not refused")
      return
    }
  }

  @Test func theLearnerAndSchemaAreFoundWithoutReadingEverything() {
    let text = #"{"courses":{"learner":{"schema":9}},"created":"2025-03-02T10:42:07Z","learner":"迪丽努尔","schema":1,"sessions":[ … not even JSON"#
    #expect(ProgressFastDecoder.learnerName(Array(text.utf8)) == "迪丽努尔")
    let bytes = Array(text.utf8)
    #expect(bytes.withUnsafeBufferPointer { ProgressFastDecoder.schema($0) } == 1)
    #expect(ProgressFastDecoder.learnerName(Array(#"{"learner":7}"#.utf8)) == nil)
    #expect(ProgressFastDecoder.learnerName(Array("not json".utf8)) == nil)
  }

  /// A save after a load copies the session entries it read; what is saved reads back the same,
  /// and for a file Bazaar wrote, byte for byte what writing everything gives.
  @Test func aSaveCopyingTheSessionsItReadWritesTheSameFile() throws {
    let tmp = try RecordsTempFolder()
    let store = ProgressStore(folder: tmp.folder, now: { recordsNow })
    let name = try LearnerName("Dilnur")
    var p = recordsSampleProgress(name)
    try store.save(p)
    var loaded = try store.load(learner: name).progress
    #expect(loaded == p)
    // As the live command does: one more session, then save.
    let more = SessionSummary(
      id: "s-2", kind: "live", course: "sampler", scenario: "grapes", score: 0.5, started: recordsNow, ended: recordsNow,
      reason: "finished", transcript: "/t/s-2.jsonl")
    loaded.sessions.append(more)
    p.sessions.append(more)
    try store.save(loaded)
    let path = store.path(for: name)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == (try ProgressJSON.encode(p)) + "\n")
    // Again, without a change (the entries written last time are copied).
    try store.save(loaded)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == (try ProgressJSON.encode(p)) + "\n")
    // A different learner's store state is never used: a fresh store writes everything.
    try ProgressStore(folder: tmp.folder, now: { recordsNow }).save(loaded)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == (try ProgressJSON.encode(p)) + "\n")

    // A file laid out differently (compact): its entries are copied as they are and still read back.
    let compact = #"{"schema":1,"learner":"Dilnur","sessions":[{"id":"c1","kind":"live","course":"c","score":1,"started":"2025-03-02T10:42:07Z","ended":"2025-03-02T10:42:08Z"}]}"#
    try Data(compact.utf8).write(to: URL(fileURLWithPath: path))
    var c = try store.load(learner: name).progress
    c.sessions.append(more)
    try store.save(c)
    #expect(try store.load(learner: name).progress == c)
    // A session changed in the middle: nothing is copied, the change is saved.
    c.sessions[0].score = 0.25
    try store.save(c)
    #expect(try store.load(learner: name).progress.sessions[0].score == 0.25)
  }

  /// A save skips looking for a newer schema only in the file it wrote itself.
  @Test func aFileReplacedAfterASaveIsStillCheckedForANewerSchema() throws {
    let tmp = try RecordsTempFolder()
    let store = ProgressStore(folder: tmp.folder, now: { recordsNow })
    let name = try LearnerName("Dilnur")
    let p = recordsSampleProgress(name)
    try store.save(p)
    try store.save(p)  // the file it wrote: no look needed, and none is taken wrongly
    let newer = #"{"courses":{},"learner":"Dilnur","schema":3,"sessions":[]}"#
    try Data(newer.utf8).write(to: URL(fileURLWithPath: store.path(for: name)))
    #expect(throws: ProgressStoreError.self) { try store.save(p) }
    #expect(try String(contentsOfFile: store.path(for: name), encoding: .utf8) == newer)
  }

  /// Saving and loading take time in proportion to the file: eight times the sessions must not take
  /// much more than eight times as long (the square would be 64 times).
  @Test func savingAndLoadingAreLinearInTheNumberOfSessions() throws {
    let tmp = try RecordsTempFolder()
    let store = ProgressStore(folder: tmp.folder, now: { recordsNow })
    let name = try LearnerName("Dilnur")
    func seconds(_ n: Int) throws -> Double {
      var p = recordsSampleProgress(name)
      let one = p.sessions[0]
      p.sessions = (0..<n).map { i in
        var s = one
        s.id = "session-\(i)"
        s.transcript = "/home/pc07/.local/share/bazaar/transcripts/dilnur/sampler-\(i).jsonl"
        return s
      }
      var best = Double.infinity
      for _ in 0..<3 {
        let start = DispatchTime.now().uptimeNanoseconds
        try store.save(p)
        let back = try store.load(learner: name)
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        #expect(back.progress.sessions.count == n)
      }
      return best
    }
    let small = try seconds(2_000)
    let large = try seconds(16_000)
    #expect(large < small * 20, "2,000 sessions: \(small) s; 16,000: \(large) s")
  }
}
