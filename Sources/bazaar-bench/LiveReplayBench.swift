// bazaar-bench live-replay COURSE [--minutes 60] [--viewers 2000] [--runs 7]
// Replays a long live session as fast as possible: the course's first scenario stretched to
// `--minutes`, its audience set so about `--viewers` people come, a host line every 10 s (from
// the good host script) and both promotions. The transcript is written once, then read, replayed
// and rendered `--runs` times; prints the median and worst, and the session's figures.
import BazaarKit
import Foundation

func liveReplayMain(_ args: [String]) -> Never {
  func option(_ name: String, _ fallback: Double) -> Double {
    guard let i = args.firstIndex(of: name), i + 1 < args.count, let v = Double(args[i + 1]) else { return fallback }
    return v
  }
  guard let coursePath = args.first(where: { !$0.hasPrefix("--") && Double($0) == nil }),
    let course = CourseLoader.load(path: coursePath).course, var scenario = course.scenarios.first
  else {
    FileHandle.standardError.write(Data("usage: bazaar-bench live-replay COURSE.yaml [--minutes 60] [--viewers 2000] [--runs 7]\n".utf8))
    exit(2)
  }
  let minutes = option("--minutes", 60)
  let viewers = option("--viewers", 2000)
  let runs = max(1, Int(option("--runs", 7)))
  scenario.durationSeconds = Int(minutes * 60)
  // New arrivals at this rate (plus returns, minus throttling) give about `viewers` unique viewers.
  scenario.audience.arrivalsPerMinute = viewers / minutes * 0.8
  scenario.audience.initialViewers = Int(viewers / 100)
  let lexicons = LexiconLibrary().resolve(CourseLoader.load(path: coursePath), coursePath: coursePath).0
  let root = URL(fileURLWithPath: coursePath).deletingLastPathComponent().deletingLastPathComponent().path
  let script = (try? String(contentsOfFile: root + "/Tests/BazaarKitTests/Fixtures/live/good-host-zh.txt", encoding: .utf8))?
    .split(separator: "\n").map(String.init).filter { !$0.isEmpty && !$0.hasPrefix(":") } ?? ["大家好"]

  // One session, written to a transcript like `bazaar live` does.
  let dir = NSTemporaryDirectory() + "bazaar-bench-replay-\(getpid())"
  try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(atPath: dir) }
  let path = dir + "/session.jsonl"
  let header = TranscriptHeader(
    session: "bench", learner: "bench", course: .init(course), started: Date(), seed: "bench", kind: "live", scenario: scenario.id)
  guard let writer = try? TranscriptWriter(path: path, header: header, syncEachLine: false) else { exit(2) }
  let report = LiveReport(scenario: scenario, messages: .english, language: "zh")
  let controller = LiveController(
    session: LiveSession(scenario: scenario, language: "zh", lexicons: lexicons, courseLexicons: course.lexicons),
    report: report, transcript: writer, clock: SystemClock(), mode: "turn_based", speed: 1)
  var t = 0
  var i = 0
  let promos = scenario.promotions.map(\.id)
  while t < scenario.durationSeconds * 1000 {
    _ = controller.advance(to: t)
    if let promo = promos[safe: (t / 600_000) % max(1, promos.count)], t % 600_000 == 0, t > 0 {
      _ = controller.host(":promo " + promo, at: t)
    }
    _ = controller.host(script[i % script.count], at: t)
    i += 1
    t += 10_000
  }
  _ = controller.finish(at: scenario.durationSeconds * 1000, reason: .finished)

  var samples: [Double] = []
  var result: LiveResult?
  var bytes = 0
  for _ in 0..<runs {
    let start = DispatchTime.now().uptimeNanoseconds
    guard let contents = try? TranscriptReader.read(path) else { exit(2) }
    let (r, _) = LiveReplay.run(contents, scenario: scenario, course: course, lexicons: lexicons)
    bytes = report.render(r).utf8.count
    samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    result = r
  }
  guard let r = result else { exit(2) }
  let d = r.dashboard
  print(
    String(
      format:
        "replay: %.0f-minute session, %d unique viewers (%d entries), %d host lines, %d orders, %d comments; "
        + "read + replay + report: median %.1f ms, worst %.1f ms over %d runs (report %d bytes)",
      minutes, d.uniqueViewers, d.entries, r.lines.count, d.orders, d.comments, median(samples), samples.max() ?? 0, runs, bytes))
  print(String(format: "replay-ms %.2f %.2f %d", median(samples), samples.max() ?? 0, d.uniqueViewers))
  exit(0)
}

extension Array {
  subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
