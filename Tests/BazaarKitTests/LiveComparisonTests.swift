import Foundation
import Testing

@testable import BazaarKit

/// 复盘: the report of a second run of a room compares it with the learner's last run, re-scored
/// from that run's transcript.
@Suite("live comparison: this run against the last run of the room")
struct LiveComparisonTests {
  static let course = Course(
    id: "live-course", version: "1", title: Localized("Live"), description: nil, languages: ["zh", "en"], sources: [],
    policy: Policy(), lexicons: [], lessons: [], path: "live-course.yaml", digest: String(repeating: "cd", count: 32))

  func training(_ store: any ProgressStoring, _ folder: DataFolder, _ clock: TestClock, course: Course = course) throws -> LiveTraining {
    LiveTraining(
      course: course, scenario: liveFixtureScenario(), lexicons: liveFixtureLexicons(), learner: try LearnerName("Dilnur"),
      store: store, locks: nil, transcriptPath: nil, dataFolder: folder, language: SessionLanguage(course: "zh", interface: "en"),
      messages: .english, clock: clock, notify: { _ in })
  }

  func show(_ live: LiveTraining, _ lines: [String], _ clock: TestClock) throws -> LiveEnding {
    let reader = ScriptedLineReader(lines: lines)
    reader.beforeEach = { clock.advance(seconds: 5) }
    return try #require(try live.run(mode: .turnBased) { controller in
      LiveTurnRunner.run(controller, reader: reader, show: { _ in }, prompt: { _ in "" })
    })
  }

  static let poor = ["大家好"]
  static let better = ["大家好，欢迎来到直播间，我是迪丽努尔", ":p coupon5", "枣夹核桃来自新疆阿克苏，券后39块9，扣1的马上下单"]

  /// The comparison's row for `label`: its cells after the label, one space apart.
  func row(_ report: String, _ label: String) -> String? {
    guard let section = report.range(of: "Compared with your last run") else { return nil }
    return report[section.upperBound...].split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix(label + " ") }
      .map { $0.dropFirst(label.count).split(separator: " ").joined(separator: " ") }
  }

  @Test("the first run has nothing to compare; the second shows the first's figures, re-scored, beside its own")
  func secondRunIsCompared() throws {
    let temp = try RecordsTempFolder()
    let store = MemoryProgressStore()
    let clock = TestClock()
    let first = try show(try training(store, temp.folder, clock), Self.poor, clock)
    #expect(!first.report.contains("Compared with your last run"))
    let firstStarted = try #require(store.saved(LearnerName("Dilnur"))?.sessions.first?.started)
    clock.advance(seconds: 3600)
    let second = try show(try training(store, temp.folder, clock), Self.better, clock)
    #expect(second.result.score > first.result.score)
    #expect(second.report.contains("Compared with your last run of this room (\(ISOTime.string(firstStarted).prefix(10)))"))
    let score = try #require(row(second.report, "Score"), "\(second.report)")
    let before = Format.decimal(first.result.score, places: 1)
    let after = Format.decimal(second.result.score, places: 1)
    let change = Format.decimal(second.result.score - first.result.score, places: 1)
    #expect(score == "\(before) → \(after) +\(change) better")
    #expect(!second.report.contains("re-scored"))
    // The section sits after the dashboard, so the dashboard's lines come first.
    let dashboard = try #require(second.report.range(of: "Live-room dashboard"))
    let compared = try #require(second.report.range(of: "Compared with your last run"))
    #expect(dashboard.lowerBound < compared.lowerBound)
  }

  @Test("a last run whose transcript is gone is said plainly, with its path")
  func unreadableLastRun() throws {
    let temp = try RecordsTempFolder()
    let store = MemoryProgressStore()
    let clock = TestClock()
    let first = try show(try training(store, temp.folder, clock), Self.poor, clock)
    let path = try #require(first.transcriptPath)
    try FileManager.default.removeItem(atPath: path)
    let second = try show(try training(store, temp.folder, clock), Self.better, clock)
    #expect(second.report.contains("can't be compared: its transcript \(path) could not be read."))
    #expect(row(second.report, "Score") == nil)
  }

  @Test("a course changed since the last run: the last run is re-scored, and the report says so")
  func changedCourse() throws {
    let temp = try RecordsTempFolder()
    let store = MemoryProgressStore()
    let clock = TestClock()
    _ = try show(try training(store, temp.folder, clock), Self.poor, clock)
    var changed = Self.course
    changed.digest = String(repeating: "ef", count: 32)
    let second = try show(try training(store, temp.folder, clock, course: changed), Self.better, clock)
    #expect(second.report.contains("The course has changed since then: your last run was re-scored against today's room."))
  }

  @Test("runs of other rooms and other courses are not compared")
  func otherRooms() throws {
    var progress = LearnerProgress(learner: try LearnerName("Ali"), now: Date(timeIntervalSince1970: 0))
    for (course, scenario) in [("other-course", "test-room"), ("live-course", "other-room")] {
      progress.sessions.append(
        SessionSummary(
          id: course + scenario, kind: "live", course: course, scenario: scenario, score: 0.5, started: Date(timeIntervalSince1970: 0),
          ended: Date(timeIntervalSince1970: 60), reason: "finished", transcript: "/nowhere/\(course).jsonl"))
    }
    progress.sessions.append(
      SessionSummary(
        id: "lesson", kind: "lesson", course: "live-course", score: 0.5, started: Date(timeIntervalSince1970: 0),
        ended: Date(timeIntervalSince1970: 60), reason: "finished", transcript: "/nowhere/lesson.jsonl"))
    let found = LiveComparison.lastRun(
      in: progress, course: Self.course, scenario: liveFixtureScenario(), lexicons: liveFixtureLexicons(),
      fileSystem: MemoryFileSystem([:]))
    #expect(found == nil)
  }

  @Test("fewer warnings and unanswered viewers count as better; the dimension that gained most is named")
  func directions() throws {
    let temp = try RecordsTempFolder()
    let clock = TestClock()
    let now = try show(try training(MemoryProgressStore(), temp.folder, clock), Self.better, clock).result
    // A hand-made "last run": 10 points fewer on the product, two warnings, three viewers left
    // unanswered, ¥100 less sold.
    var last = now
    last.score = now.score - 10
    let product = try #require(last.dimensions.firstIndex { $0.dimension == .product })
    last.dimensions[product].points -= 10
    last.dashboard.warnings = 2
    last.dashboard.leftUnanswered = now.dashboard.leftUnanswered + 3
    last.dashboard.gmv = now.dashboard.gmv - 100
    let comparison = LiveComparison(started: Date(timeIntervalSince1970: 0), previous: .result(last), rescored: false)
    let report = LiveReport(scenario: liveFixtureScenario(), messages: .english, language: "zh").render(now, comparedWith: comparison)
    #expect(row(report, "Score") == "\(Format.decimal(now.score - 10, places: 1)) → \(Format.decimal(now.score, places: 1)) +10 better")
    #expect(row(report, "Platform warnings")?.hasSuffix("2 → 0 −2 better") == true, "\(report)")
    #expect(row(report, "Left unanswered")?.hasSuffix("−3 better") == true)
    #expect(row(report, "GMV")?.hasSuffix("+¥100 better") == true)
    #expect(row(report, "Orders")?.hasSuffix("no change") == true)
    #expect(report.contains("Gained most: Product introduction, +10 points."))
    #expect(!report.contains("Lost most"))
  }

  @Test("the change shown is the difference of the two numbers shown: 0.54 → 3.96 reads 0.5 → 4, +3.5")
  func changeOfShownNumbers() throws {
    let temp = try RecordsTempFolder()
    let clock = TestClock()
    var now = try show(try training(MemoryProgressStore(), temp.folder, clock), Self.better, clock).result
    var last = now
    let product = try #require(now.dimensions.firstIndex { $0.dimension == .product })
    last.dimensions[product].points = 0.54
    now.dimensions[product].points = 3.96
    let comparison = LiveComparison(started: Date(timeIntervalSince1970: 0), previous: .result(last), rescored: false)
    let report = LiveReport(scenario: liveFixtureScenario(), messages: .english, language: "zh").render(now, comparedWith: comparison)
    #expect(row(report, "· Product introduction") == "0.5 → 4 +3.5 better", "\(report)")
  }
}
