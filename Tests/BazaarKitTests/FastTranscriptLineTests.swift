import Foundation
import Testing

@testable import BazaarKit

/// The fast reader of transcript lines must read exactly what `JSONDecoder` reads, or step aside.
@Suite("Fast transcript lines")
struct FastTranscriptLineTests {
  static let lines: [String] = [
    #"{"type":"answer","t":"2026-11-23T03:24:11Z","ms":4600,"question":"q1","raw":"39.9元","score":1,"invalid":false,"attempt":1,"elapsed_ms":3100}"#,
    #"{"type":"answer","t":"2026-11-23T03:24:11Z","ms":4600,"question":"q1","raw":"a \"quoted\" \\ back\/slash \n tab\t \u00e9 \ud83d\ude00 中文","score":0.5,"invalid":true,"attempt":2,"elapsed_ms":0}"#,
    #"{"type":"step","t":"2026-11-23T03:24:11Z","ms":1,"lesson":"l","step":0}"#,
    #"{"type":"step","t":"2026-11-23T03:24:11Z","ms":1,"lesson":"l","step":3,"question":"q"}"#,
    #"{"type":"hint","t":"2026-11-23T03:24:11Z","ms":1,"question":"q","n":2}"#,
    #"{"type":"skip","t":"2026-11-23T03:24:11Z","ms":-5,"question":"q"}"#,
    #"{"type":"lang","t":"2026-11-23T03:24:11Z","ms":1,"from":"zh","to":"en"}"#,
    #"{"type":"lesson_end","t":"2026-11-23T03:24:11Z","ms":1,"lesson":"l","score":0.85}"#,
    #"{"type":"lesson_end","t":"2026-11-23T03:24:11Z","ms":1,"lesson":"l"}"#,
    #"{"type":"end","t":"2026-11-23T03:24:11Z","ms":1,"reason":"error","detail":"disk full"}"#,
    #"{"type":"live_start","t":"2026-11-23T03:24:11Z","ms":1,"mode":"real_time","speed":2,"language":"zh"}"#,
    #"{"type":"host","t":"2026-11-23T03:24:11Z","ms":1,"at_ms":4515,"text":"老乡们好"}"#,
    #"{"type":"promo","t":"2026-11-23T03:24:11Z","ms":1,"at_ms":5,"id":"coupon5"}"#,
    #"{"type":"live_end","t":"2026-11-23T03:24:11Z","ms":1,"at_ms":600000,"score":81.5}"#,
    #"{"type":"from_the_future","t":"2026-11-23T03:24:11Z","ms":1,"x":{"nested":true}}"#,
    #"{"type":"future2","t":"2026-11-23T03:24:11Z","ms":1,"x":[1,2]}"#,
    #" { "type" : "skip" , "t" : "2026-11-23T03:24:11Z" , "ms" : 7 , "question" : "q" } "#,
    #"{"type":"skip","t":"2026-11-23T03:24:11.250Z","ms":7,"question":"q"}"#,
    #"{"type":"skip","t":"2026-11-23T03:24:11+08:00","ms":7,"question":"q"}"#,
    #"{"type":"answer","t":"2026-11-23T03:24:11Z","ms":1.5,"question":"q","raw":"x","score":1,"attempt":1}"#,
    #"{"type":"answer","t":"2026-11-23T03:24:11Z","ms":1,"question":"q","raw":"x","score":"1","attempt":1}"#,
    #"{"type":"answer","t":"2026-11-23T03:24:11Z","ms":1,"question":"q","raw":"x","score":1e0,"attempt":1}"#,
    #"{"type":"answer","t":"2026-11-23T03:24:11Z","ms":01,"question":"q","raw":"x","score":1,"attempt":1}"#,
    #"{"type":"answer","t":"2026-11-23T03:24:11Z","ms":99999999999999999999,"question":"q","raw":"x","score":1,"attempt":1}"#,
    #"{"type":"hint","t":"2026-11-23T03:24:11Z","ms":1,"question":"q"}"#,
    #"{"type":"hint","t":"2026-11-23T03:24:11Z","ms":1,"question":"q","n":2,}"#,
    #"{"type":"hint","t":"2026-11-23T03:24:11Z","ms":1,"question":"bad \ud800 surrogate","n":2}"#,
    "{\"type\":\"hint\",\"t\":\"2026-11-23T03:24:11Z\",\"ms\":1,\"question\":\"raw\ttab\",\"n\":2}",
    #"{"type":"hint","t":"2026-11-23T03:24:11Z","ms":1,"question":null,"n":2}"#,
    #"not json"#,
    #"{"type":"header","format":"bazaar-transcript/1"}"#,
  ]

  @Test("every line reads the same as with JSONDecoder, or the fast path steps aside")
  func sameAsDecoder() {
    let decoder = ISOTime.decoder()
    var fast = 0
    for line in Self.lines {
      let bytes = Array(line.utf8)
      let slow = try? decoder.decode(TranscriptEntry.self, from: Data(bytes))
      if let quick = FastTranscriptLine.entry(bytes[...]) {
        fast += 1
        #expect(quick == slow, "\(line)")
      }
    }
    #expect(fast >= 16, "the fast path handles the lines Bazaar writes")
  }

  @Test("every line a real session wrote takes the fast path")
  func realTranscripts() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("transcripts/samples").path
    let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".jsonl") }
    #expect(!files.isEmpty)
    let decoder = ISOTime.decoder()
    for name in files {
      let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
      for line in text.split(separator: "\n").dropFirst() {
        let bytes = Array(line.utf8)
        let quick = FastTranscriptLine.entry(bytes[...])
        #expect(quick != nil, "\(name): \(line)")
        #expect(quick == (try? decoder.decode(TranscriptEntry.self, from: Data(bytes))), "\(name): \(line)")
      }
    }
  }
}
