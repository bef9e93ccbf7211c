import Foundation
import Testing

/// What the live rooms make of whole shows, through the built binary: a thorough, honest host
/// does well in every shipped room with no warning; a host who only recites cue words does badly;
/// a host who refuses a health claim gets the credit and no warning.
@Suite("live verdicts (pipes)")
struct LiveVerdictsEndToEndTests {
  static let fixtures = packageRoot + "/Tests/BazaarKitTests/Fixtures/live/"

  /// Every shipped room, with a thorough honest host script for it.
  static let rooms: [(course: String, scenario: String?, script: String, language: String)] = [
    ("sampler", nil, "good-host-zh.txt", "zh"),
    ("livestream", "live-kuqa-jujube", "good-host-zh.txt", "zh"),
    ("livestream", "live-turpan-grapes", "grapes-host-zh.txt", "zh"),
    ("livestream", "live-ningxia-goji", "goji-host-zh.txt", "zh"),
    ("livestream", "live-ningxia-goji", "goji-host-en.txt", "en"),
    ("sampler", nil, "good-host-en.txt", "en"),
    ("livestream", "live-hotan-rose", "rose-host-zh.txt", "zh"),
    ("livestream", "live-hotan-rose", "rose-host-en.txt", "en"),
  ]

  struct Show {
    var score: Double
    var warnings: Int
    var report: String
  }

  /// Runs `script` as the host of the course's room; the score and the platform warnings.
  static func host(_ course: String, scenario: String?, script: String, language: String) throws -> Show {
    let data = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: data) }
    var args = ["live", packageRoot + "/courses/" + course + ".yaml", "--learner", "t", "--data-dir", data, "--ui-lang", language]
    if let scenario { args += ["--scenario", scenario] }
    let run = try bazaar(args, input: try String(contentsOfFile: fixtures + script, encoding: .utf8))
    #expect(run.status == 0, "\(run.stderr)")
    let report = try #require(LiveEndToEndTests.report(run.stdout), "no report in: \(run.stdout.suffix(1500))")
    let scoreWord = language == "zh" ? "得分 " : "Score "
    let warningWord = language == "zh" ? "平台警告" : "Platform warnings"
    let scoreLine = try #require(report.split(separator: "\n").first { $0.hasPrefix(scoreWord) })
    let score = try #require(Double(scoreLine.dropFirst(scoreWord.count).split(separator: " ").first ?? ""))
    let warningLine = try #require(report.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(warningWord) })
    let warnings = try #require(Int(warningLine.split(separator: " ").last ?? ""))
    return Show(score: score, warnings: warnings, report: report)
  }

  @Test("a thorough, honest host scores 80 or more with no warning in every shipped room", arguments: rooms.indices)
  func thoroughHost(_ i: Int) throws {
    let room = Self.rooms[i]
    let show = try Self.host(room.course, scenario: room.scenario, script: room.script, language: room.language)
    #expect(show.score >= 80, "\(room.scenario ?? room.course) \(room.script): \(show.score)\n\(show.report)")
    #expect(show.warnings == 0, "\(room.scenario ?? room.course) \(room.script)")
  }

  @Test("a host who only recites cue words scores 40 or less in every shipped room", arguments: [
    ("sampler", nil), ("livestream", "live-kuqa-jujube"), ("livestream", "live-turpan-grapes"), ("livestream", "live-ningxia-goji"),
    ("livestream", "live-hotan-rose"),
  ] as [(String, String?)])
  func cueWordStuffer(_ course: String, _ scenario: String?) throws {
    let show = try Self.host(course, scenario: scenario, script: "cue-stuffer-zh.txt", language: "zh")
    #expect(show.score <= 40, "\(scenario ?? course): \(show.score)\n\(show.report)")
    // The feedback says why.
    #expect(show.report.contains("只罗列了关键词"))
  }

  @Test("refusing the blood-sugar claim earns the goji room's refusal topic, with no warning, and says how it was read")
  func refusal() throws {
    let show = try Self.host("livestream", scenario: "live-ningxia-goji", script: "goji-host-zh.txt", language: "zh")
    #expect(show.warnings == 0)
    #expect(show.report.contains("✓ 01:47 「王叔，枸杞就是普通食品，不能降血…」 遇到功效问题，不顺着说，建议遵医嘱"), "\(show.report)")
    #expect(show.report.contains("读作拒绝：“不能降血糖”"))
    #expect(!show.report.contains("医疗用语"))
  }
}
