// `bazaar-bench live-fake`: the real-time live front end (LiveTerminalLoop) driven by a fake room,
// for bench/live, the end-to-end tests and trying the terminal by hand before the real engine.
import BazaarKit
import BazaarTerminal
import Foundation

/// A room that says something every `everyMs` simulated milliseconds (Chinese and ASCII text, now
/// and then a line longer than a window) and echoes what the host says. `:end` ends it.
final class FakeLiveDriver: LiveDriver {
  let endMs: Int
  let everyMs: Int
  private(set) var isOver = false
  private var emitted = 0
  private var orders = 0
  private var warnings = 0
  private var waiting = 0
  private(set) var hostLines = 0

  init(everyMs: Int, durationMs: Int) {
    self.everyMs = max(1, everyMs)
    self.endMs = durationMs
  }

  var nextDueMs: Int? {
    let next = (emitted + 1) * everyMs
    return next <= endMs ? next : nil
  }

  static let texts: [(LiveLine.Tone, String)] = [
    (.comment, "小王：今天的枣看着真甜"),
    (.question, "阿依古丽：包邮吗？新疆能发吗？"),
    (.join, "3 位观众进入直播间"),
    (.comment, "Mike: how much for 2 kg?"),
    (.order, "下单：和田大枣 2 kg × 1"),
    (.comment, "李姐：上次买的核桃很好，这次再来两袋，顺便问一下有没有礼盒装，过年送人用的那种，包装要好看一点"),
    (.warning, "平台提示：请勿使用“最便宜”“第一”等极限用语"),
    (.leave, "小张 离开了直播间"),
    (.system, "限时优惠开始：满 99 减 10"),
    (.comment, "ok 👍 fine"),
  ]

  func advance(to ms: Int) -> [LiveLine] {
    var out: [LiveLine] = []
    while let due = nextDueMs, due <= ms {
      emitted += 1
      let (tone, text) = Self.texts[(emitted - 1) % Self.texts.count]
      switch tone {
      case .order: orders += 1
      case .warning: warnings += 1
      case .question: waiting += 1
      default: break
      }
      out.append(LiveLine(tone: tone, text: "#\(emitted) " + text, dueMs: due))
    }
    if ms >= endMs { isOver = true }
    return out
  }

  func host(_ line: String, at ms: Int) -> [LiveLine] {
    hostLines += 1
    if line.trimmingCharacters(in: .whitespaces) == ":end" {
      isOver = true
      return [LiveLine(tone: .system, text: "直播结束", dueMs: ms)]
    }
    if waiting > 0 { waiting -= 1 }
    return [LiveLine(tone: .system, text: "[echo] " + line, dueMs: ms)]
  }

  func status(at ms: Int) -> LiveStatus {
    LiveStatus(
      elapsedMs: min(ms, endMs), durationMs: endMs, online: 20 + emitted % 9 + emitted / 10, orders: orders,
      warnings: warnings, waiting: waiting)
  }

  func statusText(at ms: Int) -> String {
    let s = status(at: ms)
    func mmss(_ ms: Int) -> String { String(format: "%02d:%02d", ms / 60_000, ms / 1000 % 60) }
    return "\(mmss(s.elapsedMs))/\(mmss(s.durationMs)) 在线 \(s.online) 订单 \(s.orders) 警告 \(s.warnings) 待答 \(s.waiting)"
  }

  func finish(at ms: Int, reason: TranscriptEndReason) -> String {
    isOver = true
    return "live-fake ended: \(reason) at \(ms) ms; \(emitted) room lines, \(hostLines) host lines"
  }
}

/// `bazaar-bench live-fake [--every-ms N] [--seconds S] [--speed X] [--color|--no-color] [--label L]`
func liveFakeMain(_ args: [String]) -> Never {
  var everyMs = 200, seconds = 20.0, speed = 1.0, label = "主播"
  var color: Bool? = nil
  var i = 0
  func value() -> String {
    i += 1
    guard i < args.count else { usage() }
    return args[i]
  }
  func usage() -> Never {
    FileHandle.standardError.write(Data(
      "usage: bazaar-bench live-fake [--every-ms N] [--seconds S] [--speed X] [--color|--no-color] [--label L]\n".utf8))
    exit(2)
  }
  while i < args.count {
    switch args[i] {
    case "--every-ms": everyMs = Int(value()) ?? { usage() }()
    case "--seconds": seconds = Double(value()) ?? { usage() }()
    case "--speed": speed = Double(value()) ?? { usage() }()
    case "--label": label = value()
    case "--color": color = true
    case "--no-color": color = false
    default: usage()
    }
    i += 1
  }
  TerminalLocale.setUp()
  guard TerminalInfo.isTTY(STDIN_FILENO), TerminalInfo.isTTY(STDOUT_FILENO) else {
    FileHandle.standardError.write(Data("bazaar-bench live-fake: needs a terminal\n".utf8))
    exit(2)
  }
  let driver = FakeLiveDriver(everyMs: everyMs, durationMs: Int(seconds * 1000))
  let reader = ReadlineLineReader()
  reader.setCompletions([":end"])
  let loop = LiveTerminalLoop(
    driver: driver, reader: reader, speed: speed, color: color ?? TerminalInfo.useColor(STDOUT_FILENO),
    promptLabel: label)
  let start = LiveTerminalLoop.monotonicNanoseconds()
  let reason = loop.run()
  let ms = Int(Double(LiveTerminalLoop.monotonicNanoseconds() - start) / 1e6 * speed)
  reader.restoreTerminal()
  print(driver.finish(at: min(ms, driver.endMs), reason: reason))
  exit(0)
}
