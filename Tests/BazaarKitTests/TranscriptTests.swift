import Foundation
import Testing
@testable import BazaarKit

let recordsStart = Date(timeIntervalSince1970: 1_740_912_127.25)  // 2025-03-02T10:42:07.25Z

func recordsSampleHeader(session: String = "3f2b6c1e-0000-4000-8000-000000000001") -> TranscriptHeader {
  TranscriptHeader(session: session, learner: "迪丽努尔",
                   course: .init(id: "pricing-basics", version: "1.2.0", digest: String(repeating: "0f", count: 32)),
                   app: "0.1.0", started: recordsStart, seed: "迪丽努尔/pricing-basics")
}

let recordsSampleEvents: [TranscriptEvent] = [
  .step(lesson: "l1", step: 0, question: nil),
  .step(lesson: "l1", step: 3, question: "q-margin"),
  .hint(question: "q-margin", n: 1),
  .answer(question: "q-margin", raw: "abc", score: 0, invalid: true, attempt: 1, elapsedMs: 4_000),
  .answer(question: "q-margin", raw: "30%  \"quoted\" \\ /\t新疆\u{1B}[31m\u{2028}", score: 0.5, invalid: false, attempt: 1, elapsedMs: 12_345),
  .answer(question: "q-margin", raw: "", score: 1, invalid: false, attempt: 2, elapsedMs: 1),
  .skip(question: "q-title"),
  .lang(from: "zh", to: "ug"),
  .lessonEnd(lesson: "l1", score: 0.3333333333333333),
  .lessonEnd(lesson: "l0", score: nil),
  .end(reason: .interrupt),
  .end(reason: .error, detail: "disk full"),
]

@Test func transcriptRoundTrip() throws {
  let tmp = try RecordsTempFolder()
  let folder = tmp.folder
  let learner = try LearnerName("迪丽努尔")
  let header = recordsSampleHeader()
  let writer = try TranscriptWriter(folder: folder, learner: learner, header: header, syncEachLine: false)
  #expect(writer.path == folder.path + "/transcripts/迪丽努尔/pricing-basics-20250302T104207Z-3f2b6c1e-0000-4000-8000-000000000001.jsonl")
  var written: [TranscriptEntry] = []
  for (i, e) in recordsSampleEvents.enumerated() {
    written.append(try writer.append(e, at: recordsStart.addingTimeInterval(Double(i) * 1.5)))
  }
  writer.close()
  #expect(throws: TranscriptError.self) { try writer.append(.skip(question: "x"), at: recordsStart) }

  let read = try TranscriptReader.read(writer.path)
  #expect(read.header == header)
  #expect(read.header.started == Date(timeIntervalSince1970: 1_740_912_127))
  #expect(read.events == written)
  #expect(read.events.map(\.event) == recordsSampleEvents)
  // ms counts from `started` as written (whole seconds), so started + ms is the event's time
  #expect(read.events.map(\.ms) == [250, 1750, 3250, 4750, 6250, 7750, 9250, 10750, 12250, 13750, 15250, 16750])
  #expect(read.problems.isEmpty && !read.tornLastLine)

  let text = try String(contentsOfFile: writer.path, encoding: .utf8)
  let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
  #expect(lines.count == recordsSampleEvents.count + 2 && lines.last == "")
  #expect(lines[0] == #"{"type":"header","format":"bazaar-transcript/1","session":"3f2b6c1e-0000-4000-8000-000000000001","learner":"迪丽努尔","course":{"id":"pricing-basics","version":"1.2.0","digest":"0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f"},"app":"0.1.0","started":"2025-03-02T10:42:07Z","seed":"迪丽努尔/pricing-basics","kind":"lesson"}"#)
  #expect(lines[5] == #"{"type":"answer","t":"2025-03-02T10:42:13Z","ms":6250,"question":"q-margin","raw":"30%  \"quoted\" \\ /\t新疆\u001b[31m\u2028","score":0.5,"invalid":false,"attempt":1,"elapsed_ms":12345}"#)
  #expect(lines[6].contains(#""score":1,"#))
  #expect(lines[10].hasSuffix(#""lesson":"l0"}"#))
  #expect(lines[9] == #"{"type":"lesson_end","t":"2025-03-02T10:42:19Z","ms":12250,"lesson":"l1","score":0.3333333333333333}"#)

  // every line is also plain JSON for other tools
  for line in lines where !line.isEmpty {
    #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "\(line)")
  }
}

@Test func codableMatchesTheLineFormat() throws {
  let entry = TranscriptEntry(.hint(question: "q", n: 2), t: recordsStart, ms: 7)
  let encoder = ISOTime.encoder(pretty: false)
  let data = try encoder.encode(entry)
  #expect(String(decoding: data, as: UTF8.self) == #"{"ms":7,"n":2,"question":"q","t":"2025-03-02T10:42:07Z","type":"hint"}"#)
  #expect(try ISOTime.decoder().decode(TranscriptEntry.self, from: data) == entry)
  let header = recordsSampleHeader()
  #expect(try ISOTime.decoder().decode(TranscriptHeader.self, from: encoder.encode(header)) == header)
}

@Test func tornLastLineIsIgnored() throws {
  let tmp = try RecordsTempFolder()
  let path = tmp.path + "/deep/er/t.jsonl"
  let writer = try TranscriptWriter(path: path, header: recordsSampleHeader())
  try writer.append(.step(lesson: "l1", step: 0, question: "q1"), at: recordsStart)
  try writer.append(.answer(question: "q1", raw: "对", score: 1, invalid: false, attempt: 1, elapsedMs: 900), at: recordsStart)
  writer.close()
  let full = try Data(contentsOf: URL(fileURLWithPath: path))
  // cut the last line at every point: never a problem, always the first event kept
  let lastStart = try #require(full.dropLast().lastIndex(of: 0x0A)) + 1
  for cut in lastStart..<(full.count - 1) {
    let read = try TranscriptReader.parse(Array(full.prefix(cut)), path: "t.jsonl")
    #expect(read.problems.isEmpty, "cut at \(cut): \(read.problems)")
    #expect(read.events.count == (cut == lastStart ? 1 : (cut == full.count - 1 ? 2 : 1)))
    #expect(read.tornLastLine == (cut > lastStart && cut < full.count - 1))
  }
  // complete but for its newline: kept
  let noNewline = try TranscriptReader.parse(Array(full.dropLast()), path: "t.jsonl")
  #expect(noNewline.events.count == 2 && !noNewline.tornLastLine)
  // zeros left by a power cut after the last line
  let zeros = try TranscriptReader.parse(Array(full) + [UInt8](repeating: 0, count: 4096), path: "t.jsonl")
  #expect(zeros.events.count == 2 && zeros.problems.isEmpty)
  // garbage on a terminated last line is also treated as torn
  let garbage = try TranscriptReader.parse(Array(full) + Array("{\"type\":\"ans\u{FFFD}\n".utf8), path: "t.jsonl")
  #expect(garbage.events.count == 2 && garbage.problems.isEmpty && garbage.tornLastLine)
}

@Test func badMiddleLinesAreReportedWithTheirNumbers() throws {
  var lines = [
    #"{"type":"header","format":"bazaar-transcript/1","session":"s","learner":"x","course":{"id":"c","version":"1","digest":"d"},"app":"0.1.0","started":"2025-03-02T10:42:07Z","seed":"x"}"#,
    #"{"type":"step","t":"2025-03-02T10:42:07Z","ms":0,"lesson":"l1","step":0}"#,
    #"{"type":"answer","t":"2025-03-02T10:42:08Z","ms":10"#,  // line 3: cut
    "",
    #"{"type":"hint","t":"2025-03-02T10:42:09Z","ms":20,"question":"q1"}"#,  // line 5: no n
    #"{"type":"live_comment","t":"2025-03-02T10:42:09Z","ms":30,"text":"hi"}"#,  // unknown type: kept
    #"{"type":"header","format":"bazaar-transcript/1"}"#,  // line 7: second header
    #"{"type":"skip","t":"2025-03-02T10:42:10Z","ms":40,"question":"q1"}"#,
  ]
  lines[4] += "\r"
  let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
  let read = try TranscriptReader.parse(bytes, path: "t.jsonl")
  #expect(read.problems.map(\.line) == [3, 5, 7])
  #expect(read.problems[0].description == "t.jsonl:3: not valid JSON")
  #expect(read.problems[1].message.contains("n"))
  #expect(read.events.map(\.event) == [.step(lesson: "l1", step: 0, question: nil), .unknown(type: "live_comment"), .skip(question: "q1")])
  #expect(!read.tornLastLine)
}

@Test func headerProblemsStopReading() {
  #expect(throws: TranscriptError.empty("t")) { try TranscriptReader.parse([], path: "t") }
  #expect(throws: TranscriptError.self) { try TranscriptReader.parse(Array("{\"type\":\"step\"}\n".utf8), path: "t") }
  #expect(throws: TranscriptError.badHeader("t", message: "the header line is incomplete (cut off)")) {
    try TranscriptReader.parse(Array("{\"type\":\"header\",\"form".utf8), path: "t")
  }
  let v2 = #"{"type":"header","format":"bazaar-transcript/2","session":"s","learner":"x","course":{"id":"c","version":"1","digest":"d"},"app":"9","started":"2025-03-02T10:42:07Z","seed":"x"}"# + "\n"
  #expect(throws: TranscriptError.unsupportedFormat("t", format: "bazaar-transcript/2")) { try TranscriptReader.parse(Array(v2.utf8), path: "t") }
}

@Test func writerNeverAddsToAnExistingTranscript() throws {
  let tmp = try RecordsTempFolder()
  let path = tmp.path + "/t.jsonl"
  let first = try TranscriptWriter(path: path, header: recordsSampleHeader(), syncEachLine: false)
  try first.append(.skip(question: "q"), at: recordsStart)
  first.close()
  let before = try Data(contentsOf: URL(fileURLWithPath: path))
  #expect(throws: TranscriptError.exists(path)) { try TranscriptWriter(path: path, header: recordsSampleHeader(), syncEachLine: false) }
  #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
  // an empty file (e.g. from mktemp) is fine
  let empty = tmp.path + "/empty.jsonl"
  #expect(FileManager.default.createFile(atPath: empty, contents: nil))
  let w = try TranscriptWriter(path: empty, header: recordsSampleHeader(), syncEachLine: false)
  try w.append(.skip(question: "q"), at: recordsStart)
  w.close()
  #expect(try TranscriptReader.read(empty).events.map(\.event) == [.skip(question: "q")])
}

@Test func nonFiniteScoresAreRefusedBeforeWriting() throws {
  let tmp = try RecordsTempFolder()
  let w = try TranscriptWriter(path: tmp.path + "/t.jsonl", header: recordsSampleHeader(), syncEachLine: false)
  #expect(throws: TranscriptError.self) { try w.append(.lessonEnd(lesson: "l", score: .nan), at: recordsStart) }
  try w.append(.skip(question: "q"), at: recordsStart)
  try w.append(.end(reason: .finished), at: recordsStart)
  w.close()
  let read = try TranscriptReader.read(w.path)
  #expect(read.events.map(\.event) == [.skip(question: "q"), .end(reason: .finished)])
}

@Test func transcriptFileNamesAreSafe() throws {
  let tmp = try RecordsTempFolder()
  let header = TranscriptHeader(session: "../../etc/passwd", learner: "..", course: .init(id: "a/b", version: "1", digest: "d"),
                                started: recordsStart, seed: "s")
  let path = TranscriptWriter.defaultPath(folder: tmp.folder, learner: try LearnerName(".."), header: header)
  #expect(path == tmp.folder.path + "/transcripts/%2E%2E/a%2Fb-20250302T104207Z-%2E%2E%2F%2E%2E%2Fetc%2Fpasswd.jsonl")
}
