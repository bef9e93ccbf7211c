import Foundation
import Testing

/// `bazaar live` through pipes: turn-based sessions, transcripts, progress and replay.
@Suite("bazaar live (pipes)")
struct LiveEndToEndTests {
  static let course = packageRoot + "/courses/sampler.yaml"
  static let goodHost = packageRoot + "/Tests/BazaarKitTests/Fixtures/live/good-host-zh.txt"
  static let badHost = packageRoot + "/Tests/BazaarKitTests/Fixtures/live/bad-host-zh.txt"

  /// The report: from its title line to the end.
  static func report(_ text: String) -> String? {
    guard let start = text.range(of: "══") else { return nil }
    let lineStart = text[..<start.lowerBound].lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
    return String(text[lineStart...])
  }

  @Test("a scripted session is scored, saved, and its replay prints the identical report")
  func scriptedAndReplayed() throws {
    let data = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: data) }
    let script = try String(contentsOfFile: Self.goodHost, encoding: .utf8)
    let transcript = data + "/live.jsonl"
    let run = try bazaar(
      ["live", Self.course, "--learner", "阿娜尔", "--data-dir", data, "--transcript", transcript], input: script)
    #expect(run.status == 0, "\(run.stderr)")
    let live = try #require(Self.report(run.stdout), "no report in: \(run.stdout.suffix(2000))")
    #expect(live.contains("得分"))
    #expect(live.contains("直播间数据"))
    #expect(live.contains("GMV × 1000 ÷ PV"))
    #expect(run.stdout.contains("主播：老乡们好"))

    let replay = try bazaar(["live", "--replay", transcript, "--courses", packageRoot + "/courses", "--data-dir", data])
    #expect(replay.status == 0, "\(replay.stderr)")
    #expect(Self.report(replay.stdout) == live)

    // The session is in the learner's progress.
    let files = try FileManager.default.contentsOfDirectory(atPath: data + "/progress").filter { $0.hasSuffix(".json") }
    let progress = try String(contentsOfFile: data + "/progress/" + (files.first ?? ""), encoding: .utf8)
    #expect(progress.contains("\"kind\" : \"live\"") || progress.contains("\"kind\":\"live\""))
    #expect(progress.contains("jujube") || progress.contains("scenario"))
  }

  @Test("the mistakes of a bad host are named in the feedback")
  func badHost() throws {
    let data = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: data) }
    let script = try String(contentsOfFile: Self.badHost, encoding: .utf8)
    let run = try bazaar(["live", Self.course, "--learner", "t", "--data-dir", data], input: script)
    #expect(run.status == 0, "\(run.stderr)")
    let report = try #require(Self.report(run.stdout))
    #expect(report.contains("绝对化用语"))
    #expect(report.contains("医疗用语"))
    #expect(report.contains("与标价（44.9）不一致"))
    #expect(report.contains("包邮不包括"))
    #expect(report.contains("编造原价") || report.contains("划线价"))
    #expect(report.contains("! 平台警告") == false)  // warnings are live lines, not in the report
    #expect(run.stdout.contains("! 平台警告（第 2 次）"))
  }

  @Test("the same script twice gives the same report")
  func deterministic() throws {
    let data = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: data) }
    let script = try String(contentsOfFile: Self.badHost, encoding: .utf8)
    let a = try bazaar(["live", Self.course, "--learner", "a", "--data-dir", data], input: script)
    let b = try bazaar(["live", Self.course, "--learner", "b", "--data-dir", data], input: script)
    #expect(a.status == 0 && b.status == 0)
    #expect(Self.report(a.stdout) != nil)
    #expect(Self.report(a.stdout) == Self.report(b.stdout))
  }

  @Test("usage errors exit 2 and say what to do")
  func usageErrors() throws {
    let data = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: data) }
    let unknown = try bazaar(["live", Self.course, "--scenario", "nope", "--learner", "t", "--data-dir", data])
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("nope"))
    let speed = try bazaar(["live", Self.course, "--speed", "0", "--learner", "t", "--data-dir", data])
    #expect(speed.status == 2)
    #expect(speed.stderr.contains("--speed"))
    let notLive = data + "/x.jsonl"
    try Data("{\"type\":\"header\",\"format\":\"bazaar-transcript/1\",\"session\":\"s\",\"learner\":\"t\",\"course\":{\"id\":\"sampler\",\"version\":\"1\",\"digest\":\"d\"},\"started\":\"2026-01-01T00:00:00Z\",\"kind\":\"lesson\"}\n".utf8).write(to: URL(fileURLWithPath: notLive))
    let replay = try bazaar(["live", "--replay", notLive])
    #expect(replay.status == 2)
    #expect(replay.stderr.contains("not a live-session transcript"))
  }
}
