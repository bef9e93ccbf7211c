import Foundation
import Testing
@testable import BazaarKit

/// Fixtures/broadcast, found from this file's path.
private let broadcastFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .appendingPathComponent("Fixtures/broadcast").path
/// The package's root folder.
private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().path

private func fixture(_ name: String) throws -> [UInt8] {
  let data = try #require(FileManager.default.contents(atPath: broadcastFixtures + "/" + name), "missing fixture \(name)")
  return [UInt8](data)
}

private func parsed(_ bytes: [UInt8], path: String = "t.srt", messages: MessageCatalog = .english) throws -> BroadcastTranscript {
  switch BroadcastTranscript.parse(bytes: bytes, path: path, messages: messages) {
  case .success(let t): return t
  case .failure(let skipped): throw skipped
  }
}

private func parsed(_ text: String, path: String = "t.srt") throws -> BroadcastTranscript { try parsed(Array(text.utf8), path: path) }

private func skipped(_ bytes: [UInt8], path: String = "t.srt", messages: MessageCatalog = .english) -> SkippedFile? {
  if case .failure(let s) = BroadcastTranscript.parse(bytes: bytes, path: path, messages: messages) { return s }
  return nil
}

private func skipped(_ text: String, path: String = "t.srt") -> SkippedFile? { skipped(Array(text.utf8), path: path) }

/// The fixture lexicons (absolute terms with 最佳食用时间 exempt) plus a medical one.
private func broadcastLexicons() -> LexiconSet {
  let loc = SourceLocation(path: "", line: 0, column: 0)
  let medical = Lexicon(
    name: "medical-claims", title: Localized(["zh": "食品的医疗用语", "en": "Medical claims on food"]), category: "medical",
    rule: Localized(["zh": "《广告法》第十七条", "en": "Advertising Law art. 17"]),
    terms: [
      Lexicon.Term(text: "补血", reason: nil, advice: Localized(["zh": "讲口感、产地和工艺", "en": "talk about taste, origin and process instead"]), exemptions: [], location: loc)
    ],
    exemptions: [], path: "")
  var set = liveFixtureLexicons()
  set.byName[medical.name] = medical
  return set
}

private let names = ["absolute-terms", "medical-claims"]

@Suite("Broadcast transcripts: reading")
struct BroadcastTranscriptReadingTests {
  @Test("SRT with a BOM and CRLF: tags stripped, lines joined, a missing number and a missing blank line tolerated, sorted by time")
  func srtCRLFBOM() throws {
    let t = try parsed(try fixture("crlf-bom.srt"), path: "crlf-bom.srt")
    #expect(t.format == .srt)
    #expect(t.problems.isEmpty)
    #expect(t.cues.map(\.ms) == [1_000, 3_000, 4_500, 9_000, 13_000])
    #expect(t.cues.map(\.line) == [1, 13, 6, 10, 16])
    #expect(t.cues.map(\.text) == ["老乡们好 我是阿娜尔", "时间倒回去的一条", "这是最好的枣", "没有序号的一条：原价99", "少了空行的一条"])
    #expect(t.cues[0].endMs == 4_000)
    #expect(t.durationMs == 14_000)
  }

  @Test("WebVTT: header, NOTE and STYLE blocks skipped, hours optional, cue settings and voice tags removed")
  func vtt() throws {
    let t = try parsed(try fixture("hoursless.vtt"), path: "hoursless.vtt")
    #expect(t.format == .vtt)
    #expect(t.problems.isEmpty)
    #expect(t.cues.map(\.ms) == [1_000, 4_500, 62_000, 3_600_000])
    #expect(t.cues.map(\.line) == [11, 15, 21, 24])
    #expect(t.cues.map(\.text) == ["老乡们好", "开袋以后最佳食用时间是一周内 保质期12个月", "我们的枣能补血 & 养颜", "一小时以后的一条"])
  }

  @Test("timestamped text: [hh:mm:ss], hh:mm:ss, [m:ss], [mm:ss.mmm]; untimed lines continue the cue; a title is skipped")
  func stampedText() throws {
    let t = try parsed(try fixture("stamped.txt"), path: "stamped.txt")
    #expect(t.format == .text)
    #expect(t.cues.map(\.ms) == [2_000, 10_000, 15_000, 20_500])
    #expect(t.cues.map(\.line) == [3, 5, 6, 7])
    #expect(t.cues[0].text == "老乡们好 我是阿娜尔 今天给大家带来枣夹核桃")
    #expect(t.cues[3].text == "平时卖59 今天44块9 接着上一句：这是最好的枣")
    #expect(t.durationMs == 18_500)
  }

  @Test("speaker-labelled text (发言人1 00:00:01, text below), as meeting-notes tools export it")
  func speakerLabels() throws {
    let t = try parsed(try fixture("speakers.txt"), path: "speakers.txt")
    #expect(t.format == .text)
    #expect(t.cues.map(\.ms) == [1_000, 12_000, 65_000])
    #expect(t.cues.map(\.line) == [3, 7, 10])
    #expect(t.cues[0].text == "老乡们好 我是阿娜尔 今天给大家带来枣夹核桃")
  }

  @Test("more time forms: 00:01:05 text, (01:05), 【01:05】, a separator after the time; 12:30开始 is no timestamp")
  func timeForms() throws {
    let t = try parsed("00:01:05 - 第一句\n(01:06) 第二句\n【01:07】第三句\n01:08：第四句\n12:30开始发货\n", path: "a.txt")
    #expect(t.cues.map(\.ms) == [65_000, 66_000, 67_000, 68_000])
    #expect(t.cues.map(\.text) == ["第一句", "第二句", "第三句", "第四句 12:30开始发货"])
    #expect(BroadcastTranscript.time("1:02:03,5") == 3_723_500)
    #expect(BroadcastTranscript.time("02:03.25") == 123_250)
    #expect(BroadcastTranscript.time("75:00") == 4_500_000)
    #expect(BroadcastTranscript.time("1:75:00") == nil)
    #expect(BroadcastTranscript.time("99:99:99") == nil)
    #expect(BroadcastTranscript.time("00:00:60") == nil)
    #expect(BroadcastTranscript.time("999999999999:00:00") == nil)
    #expect(BroadcastTranscript.time("1000:00:00") == nil)
    #expect(BroadcastTranscript.time("00:00:01.") == nil)
    #expect(BroadcastTranscript.time("12") == nil)
  }

  @Test("UTF-16 with a byte-order mark and old Mac line ends are read")
  func utf16AndCR() throws {
    let text = "1\n00:00:01,000 --> 00:00:02,000\n老乡们好\n"
    var le: [UInt8] = [0xFF, 0xFE]
    for u in text.utf16 { le += [UInt8(u & 0xFF), UInt8(u >> 8)] }
    #expect(try parsed(le).cues.map(\.text) == ["老乡们好"])
    var be: [UInt8] = [0xFE, 0xFF]
    for u in text.utf16 { be += [UInt8(u >> 8), UInt8(u & 0xFF)] }
    #expect(try parsed(be).cues.map(\.text) == ["老乡们好"])
    let cr = try parsed(text.replacingOccurrences(of: "\n", with: "\r"))
    #expect(cr.cues.map(\.line) == [1])
    #expect(cr.cues.map(\.text) == ["老乡们好"])
  }

  @Test("a blank line inside a cue's text continues it; a number with text but no timing is a problem")
  func strayBlocks() throws {
    let t = try parsed("1\n00:00:01,000 --> 00:00:02,000\n第一行\n\n第二行\n\n2\n没有时间的字幕\n\n3\n00:00:05,000 --> 00:00:06,000\n第三条\n")
    #expect(t.cues.map(\.text) == ["第一行 第二行", "第三条"])
    #expect(t.problems.map(\.line) == [7])
    #expect(t.problems.first?.reason.hasPrefix("line 7: cue 2 has no timing line") == true)
  }
}

@Suite("Broadcast transcripts: hostile input")
struct BroadcastTranscriptHostileTests {
  @Test("binary files: invalid UTF-8 and NUL bytes are reasons with the line")
  func binary() throws {
    let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D]
    let s = try #require(skipped(png, path: "x.srt"))
    #expect(s.line == 1)
    #expect(s.path == "x.srt")
    #expect(s.reason == "line 1: byte 0x89 is not UTF-8. Transcripts must be UTF-8 text: the file is probably in GBK/GB18030; open it in an editor and save it as UTF-8.")
    let nul = try #require(skipped([0x41, 0x0A, 0x42, 0x00, 0x43]))
    #expect(nul.line == 2)
    #expect(nul.reason.hasPrefix("line 2: a NUL byte; this is a binary file"))
    // Trailing zero bytes (a copy cut short) are not binary.
    #expect(try parsed(Array("[00:01] 好\n".utf8) + [0, 0, 0], path: "a.txt").cues.count == 1)
    // GBK text on line 3.
    let gbk = Array("[00:00:01] hi\n[00:00:02] ok\n".utf8) + [0xC0, 0xCF, 0xCF, 0xE7, 0x0A]
    let g = try #require(skipped(gbk, path: "a.txt"))
    #expect(g.line == 3)
    #expect(g.reason.hasPrefix("line 3: byte 0xC0 is not UTF-8"))
    // Truncated, overlong and surrogate sequences.
    for bad: [UInt8] in [[0xE5, 0xA5], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE5, 0x41, 0x41]] {
      #expect(skipped(bad)?.line == 1)
    }
    // Chinese reasons.
    let zh = try #require(skipped(png, messages: MessageCatalog.load(language: "zh")))
    #expect(zh.reason.hasPrefix("第 1 行：字节 0x89 不是 UTF-8"))
  }

  @Test("empty and blank files, files without a single timed line")
  func empty() throws {
    #expect(skipped([])?.reason.hasPrefix("The file is empty.") == true)
    #expect(skipped("\n \r\n\t\n")?.reason.hasPrefix("The file is empty.") == true)
    #expect(skipped([0xEF, 0xBB, 0xBF])?.reason.hasPrefix("The file is empty.") == true)
    let none = try #require(skipped("老乡们好\n我是阿娜尔\n", path: "a.txt"))
    #expect(none.line == nil)
    #expect(none.reason.hasPrefix("No timed line found. Expected SRT (`00:01:02,500 --> 00:01:05,000`)"))
    // A timing with no text is no cue.
    #expect(skipped("1\n00:00:01,000 --> 00:00:02,000\n\n")?.reason.hasPrefix("No timed line found") == true)
  }

  @Test("bad timings: 99:99:99 and --> without times skip the cue, with the line; with nothing else the file is skipped")
  func badTimings() throws {
    let t = try parsed("1\n99:99:99,000 --> 99:99:99,500\n坏的\n\n2\n00:00:01,000 --> 00:00:02,000\n好的\n\n3\n-->\n也坏\n")
    #expect(t.cues.map(\.text) == ["好的"])
    #expect(t.problems.map(\.line) == [2, 10])
    #expect(t.problems[0].reason == "line 2: “99:99:99,000” is not a valid time (minutes and seconds go up to 59); write it as `00:01:05,000` (SRT) or `00:01:05.000` (WebVTT). The cue was skipped.")
    #expect(t.problems[1].reason.hasPrefix("line 10: `-->` without times"))

    let only = try #require(skipped("-->\n"))
    #expect(only.line == 1)
    #expect(only.reason.hasPrefix("No cue could be read. The first problem is on line 1: `-->` without times"))
    let huge = try #require(skipped("00:00:01,000 --> 999999999999:00:00,000\n文字\n"))
    #expect(huge.line == 1)
    #expect(huge.reason.contains("“999999999999:00:00,000” is not a valid time"))
    // Timestamped text: the bad line and its continuation are skipped.
    let s = try parsed("[00:01] 第一句\n[99:99] 坏的\n接着坏的\n[00:05] 第三句\n", path: "a.txt")
    #expect(s.cues.map(\.text) == ["第一句", "第三句"])
    #expect(s.problems.map(\.line) == [2])
    #expect(s.problems[0].reason.hasPrefix("line 2: “99:99” is not a valid time"))
    // An end before the start keeps the start.
    let back = try parsed("00:00:05,000 --> 00:00:01,000\n倒着的\n")
    #expect(back.cues.first?.ms == 5_000)
    #expect(back.cues.first?.endMs == nil)
  }

  @Test("size: over 8 MB is refused; a huge single line is read and checked up to 2,000 characters")
  func huge() throws {
    let tooBig = [UInt8](repeating: 0x41, count: BroadcastTranscript.maxBytes + 1)
    let s = try #require(skipped(tooBig))
    #expect(s.reason == "The file is 8.1 MB; broadcast transcripts over 8 MB are not read. Split it into parts (for example one per hour of broadcast) and grade each part.")

    let filler = String(repeating: "枣", count: (BroadcastTranscript.maxBytes - 100) / 3)
    let line = "[00:00:01] " + filler + "最好"
    let t = try parsed(Array(line.utf8), path: "a.txt")
    #expect(t.cues.count == 1)
    #expect(t.cues[0].text.count == filler.count + 2)
    let findings = t.compliance(lexicons: broadcastLexicons(), names: names, messages: .english, language: "en")
    #expect(findings.isEmpty)  // the term is past the part that is read

    let noTime = [UInt8](repeating: 0x61, count: BroadcastTranscript.maxBytes)
    #expect(skipped(noTime, path: "a.txt")?.reason.hasPrefix("No timed line found") == true)
  }

  @Test("arbitrary bytes never trap")
  func fuzz() {
    var rng = SeededRandom(seed: 7)
    let alphabet = Array("0123456789:,.-> \n\r[]WEBVTTNOTE老乡<v>{\\}&amp;".utf8) + [0xE5, 0x80, 0x00, 0xFF]
    for _ in 0..<300 {
      let n = rng.int(in: 0...200)
      let bytes = (0..<n).map { _ in alphabet[rng.int(in: 0...(alphabet.count - 1))] }
      for path in ["f.srt", "f.vtt", "f.txt"] {
        if case .success(let t) = BroadcastTranscript.parse(bytes: bytes, path: path) {
          #expect(!t.cues.isEmpty)
          #expect(zip(t.cues, t.cues.dropFirst()).allSatisfy { $0.ms <= $1.ms })
          _ = t.compliance(lexicons: broadcastLexicons(), names: names, messages: .english, language: "en")
        }
      }
    }
  }
}

@Suite("Broadcast transcripts: compliance")
struct BroadcastComplianceTests {
  @Test("lexicon hits and claims with their times, lines, terms and rules; an exempt phrase is not flagged")
  func findings() throws {
    let t = try parsed(try fixture("stamped.txt"), path: "stamped.txt")
    let f = t.compliance(lexicons: broadcastLexicons(), names: names, messages: .english, language: "en")
    #expect(f.map(\.ms) == [10_000, 15_000, 15_000, 20_500, 20_500])
    #expect(f.map(\.line) == [5, 6, 6, 7, 7])
    #expect(f.map(\.category) == ["urgency", "shipping", "returns", "absolute", "price"])
    #expect(f.map(\.term) == ["只剩最后3单", "全国包邮", "不支持退货", "最好", "平时卖59"])
    #expect(f[3].text == "平时卖59 今天44块9 接着上一句：这是最好的枣")
    #expect(f[3].rule == "Advertising Law art. 9(3)")
    #expect(f[3].advice == "say what makes it good")
    #expect(f[4].rule.contains("the lowest price actually paid in the 7 days before the promotion"))
    #expect(f[1].rule.contains("free shipping everywhere"))
    #expect(f[2].rule.hasPrefix("Consumer Rights Protection Law art. 25"))
    #expect(f[0].rule.hasPrefix("Anti-Unfair Competition Law art. 8"))

    let vtt = try parsed(try fixture("hoursless.vtt"), path: "hoursless.vtt")
    let v = vtt.compliance(lexicons: broadcastLexicons(), names: names, messages: MessageCatalog.load(language: "zh"), language: "zh")
    // 最佳食用时间 (00:04.5) is exempt; 补血 is a medical claim.
    #expect(v == [
      BroadcastFinding(
        ms: 62_000, line: 21, text: "我们的枣能补血 & 养颜", category: "medical", term: "补血", rule: "《广告法》第十七条", advice: "讲口感、产地和工艺")
    ])
    // Only the named lexicons count.
    #expect(vtt.compliance(lexicons: broadcastLexicons(), names: ["absolute-terms"], messages: .english, language: "en").isEmpty)
  }

  @Test("claims the recogniser wrote in Chinese numerals; qualified claims and questions are not flagged")
  func chineseNumeralsAndQualified() throws {
    let t = try parsed(try fixture("speakers.txt"), path: "speakers.txt")
    let f = t.compliance(lexicons: broadcastLexicons(), names: names, messages: MessageCatalog.load(language: "zh"), language: "zh")
    #expect(f.map(\.term) == ["原价99", "只剩最后3单"])
    #expect(f.map(\.line) == [7, 7])
    #expect(f[0].rule.hasPrefix("《明码标价和禁止价格欺诈规定》"))

    let fine = try parsed(
      """
      [00:01] 除了西藏 青海 其他地方都包邮
      [00:02] 有人问能不能退 可以的 支持七天无理由退货
      [00:03] 划线价是活动前7天的最低成交价
      [00:04] 限量50盒 一盒500克 今天44块9
      [00:05] 平时大家买3袋就够吃一个月
      [00:06] 最佳食用时间是开袋后一周
      """, path: "a.txt")
    #expect(fine.compliance(lexicons: broadcastLexicons(), names: names, messages: .english, language: "en").isEmpty)

    // The numbers are read from the Chinese numerals themselves, in one pass.
    #expect(NumberReader.scan("原价九十九今天三十九块九只剩三单").map(\.value) == [99, 39.9, 3])
    #expect(NumberReader.scan("三十九点九元").map(\.value) == [39.9])
    #expect(NumberReader.scan("一下万一十分一点点").isEmpty)
  }

  @Test("the same term twice in a cue is one finding; 'was 99' in English")
  func duplicatesAndEnglish() throws {
    let t = try parsed("[00:01] 最好的枣 最好的核桃\n[00:02] it was 99, now 44.9\n", path: "a.txt")
    let f = t.compliance(lexicons: broadcastLexicons(), names: names, messages: .english, language: "en")
    #expect(f.map(\.term) == ["最好", "was 99"])
    #expect(f.map(\.ms) == [1_000, 2_000])
  }
}

@Suite("Broadcast transcripts: scoring and the sample")
struct BroadcastScoringTests {
  private func course() throws -> Course { try engineCourse() }

  @Test("cues are host lines at their times from the first cue; the show ends at the last cue")
  func score() throws {
    let t = try parsed(
      """
      [00:05:00] 大家好 我是阿娜尔
      [00:05:20] 家人们扣1
      [00:05:35] 阿依古丽问多少钱 一盒39.9元 包邮
      [00:06:10] 我们的枣来自新疆阿克苏
      [00:07:00] 这是最好的枣
      [00:08:00] 谢谢大家 下次见
      """, path: "a.txt")
    let r = t.score(scenario: liveFixtureScenario(), course: try course(), lexicons: liveFixtureLexicons())
    var s = LiveSession(scenario: liveFixtureScenario(), language: "zh", fallback: ["zh", "en"], lexicons: liveFixtureLexicons())
    for (ms, text) in [(0, "大家好 我是阿娜尔"), (20_000, "家人们扣1"), (35_000, "阿依古丽问多少钱 一盒39.9元 包邮"), (70_000, "我们的枣来自新疆阿克苏"), (120_000, "这是最好的枣"), (180_000, "谢谢大家 下次见")] {
      _ = s.say(text, at: ms)
    }
    _ = s.finish(at: 180_000)
    #expect(r == s.result())
    #expect(r.durationMs == 180_000)
    #expect(r.questions.first?.outcome == .answered(line: 2, responseMs: 5_000))
    // The violation names its rule, its advice, and the clause and words it rests on.
    #expect(r.notes.contains { $0.kind == .violation(LiveViolation(kind: .lexicon(term: "最好", category: "absolute", lexicon: "absolute-terms"), reason: Localized(["zh": "《广告法》第九条第三项", "en": "Advertising Law art. 9(3)"]), advice: Localized(["zh": "说清楚好在哪里", "en": "say what makes it good"]), clause: "这是最好的枣", words: "最好")) })
    #expect(r.score > 0)
  }

  @Test("a broadcast longer than the scenario ends at the scenario's end")
  func cappedAtTheEnd() throws {
    let t = try parsed("[00:00:10] 大家好\n[00:30:00] 谢谢大家\n", path: "a.txt")
    let r = t.score(scenario: liveFixtureScenario(minutes: 10), course: try course(), lexicons: liveFixtureLexicons())
    #expect(r.durationMs == 600_000)
    #expect(r.lines.map(\.text) == ["大家好"])
  }

  @Test("the shipped sample: 38 cues over 3¾ minutes, with 最好, 补血养颜 and 原价99 and an exempt 最佳食用时间")
  func sample() throws {
    let path = packageRoot + "/transcripts/samples/livestream-jujube.srt"
    let data = try #require(FileManager.default.contents(atPath: path))
    let t = try parsed([UInt8](data), path: path)
    #expect(try BroadcastTranscript.read(path: path).get() == t)
    if case .success = BroadcastTranscript.read(path: packageRoot + "/transcripts/samples/no-such-file.srt") { Issue.record("read a missing file") }
    #expect(t.format == .srt)
    #expect(t.problems.isEmpty)
    #expect(t.cues.count == 38)
    #expect(t.durationMs == 224_400)
    var lexicons: [Lexicon] = []
    for name in ["absolute-terms", "medical-claims"] {
      let file = packageRoot + "/courses/lexicon/\(name).yaml"
      let bytes = try #require(FileManager.default.contents(atPath: file))
      lexicons.append(try #require(LexiconLoader.parse(bytes: [UInt8](bytes), path: file).0))
    }
    let f = t.compliance(lexicons: LexiconSet(lexicons), names: names, messages: .english, language: "en")
    // 补血养颜: a disease claim and a health-function (beauty) claim, two findings.
    #expect(f.map(\.term) == ["最好", "原价99", "补血", "养颜"])
    #expect(f.map(\.category) == ["absolute", "price", "medical", "medical"])
    #expect(f.map(\.ms) == [51_600, 58_000, 87_600, 87_600])
    #expect(f.map(\.line) == [38, 42, 62, 62])
    #expect(t.cues.contains { $0.text.contains("最佳食用时间") })

    let report = t.report(findings: f, scenario: "sampler:live-jujube-walnut", score: 50)
    #expect(report.cues == 38 && report.durationMs == 224_400 && report.findings.count == 4)

    let loaded = CourseLoader.load(path: packageRoot + "/courses/sampler.yaml")
    let course = try #require(loaded.course)
    let scenario = try #require(course.scenarios.first { $0.id == "live-jujube-walnut" })
    let r = t.score(scenario: scenario, course: course, lexicons: LexiconSet(lexicons))
    #expect(r.durationMs == 224_400)
    #expect(r.lines.count == 38)
    let violations = r.notes.compactMap { if case .violation(let v) = $0.kind { v.kind } else { nil } }
    #expect(violations.contains(.lexicon(term: "最好", category: "absolute", lexicon: "absolute-terms")))
    #expect(violations.contains(.lexicon(term: "补血", category: "medical", lexicon: "medical-claims")))
    #expect(violations.contains(.fakeOriginalPrice(said: 99, real: nil)))
  }
}
