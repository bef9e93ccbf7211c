import Foundation

/// Runs a ``LiveSession`` for a front end: turns `:commands` into actions, events into lines,
/// logs the inputs to the transcript, and at the end scores the session and records it.
///
/// The transcript holds only what the host did (`host`, `promo`) with simulated times, plus the
/// mode and language; re-running the session over those inputs gives the same result (see
/// ``LiveReplay``).
public final class LiveController: LiveDriver {
  public private(set) var session: LiveSession
  public let report: LiveReport
  private let writer: TranscriptWriter?
  private let clock: any Clock
  private let onFinish: (LiveResult, TranscriptEndReason) -> Void
  private var endRequested = false
  /// The result, once finished.
  public private(set) var result: LiveResult?
  /// Problems writing the transcript (the session goes on; the caller reports them).
  public private(set) var problems: [String] = []
  /// The learner's last run of this room, which the report compares this one with.
  public var comparison: LiveComparison?

  /// A controller for `session`; `mode` is `real_time` or `turn_based`.
  public init(
    session: LiveSession, report: LiveReport, transcript: TranscriptWriter?, clock: any Clock, mode: String, speed: Double,
    onFinish: @escaping (LiveResult, TranscriptEndReason) -> Void = { _, _ in }
  ) {
    self.session = session
    self.report = report
    writer = transcript
    self.clock = clock
    self.onFinish = onFinish
    log(.liveStart(mode: mode, speed: speed, language: session.language))
  }

  public var endMs: Int { session.endMs }
  public var nextDueMs: Int? { session.nextDueMs }
  public var isOver: Bool { endRequested || session.isFinished || session.now >= session.endMs }
  /// True when the host ended the show with `:end` (the transcript's reason is then `quit`).
  public var endedByHost: Bool { endRequested }
  /// Words Tab should complete: the live room's commands and `:promo ID` for each promotion.
  public var completions: [String] {
    SessionKind.live.completions + session.scenario.promotions.map { ":\(SessionCommand.promo.name(in: .live)) \($0.id)" }
  }

  public func advance(to ms: Int) -> [LiveLine] {
    let events = session.advance(to: ms)
    return report.lines(events, at: session.now)
  }

  public func host(_ line: String, at ms: Int) -> [LiveLine] {
    let text = line.trimmingWhitespace
    guard !text.isEmpty, !isOver else { return [] }
    var lines = advance(to: ms)
    let at = session.now
    if let reading = SessionCommand.read(text, in: .live) {
      func say(_ key: String, _ args: [String: String] = [:]) {
        lines.append(LiveLine(tone: .system, text: report.m.text(key, args), dueMs: at))
      }
      switch reading {
      case .run(.help, _):
        lines += report.help().split(separator: "\n").map { LiveLine(tone: .system, text: String($0), dueMs: at) }
      case .run(.quit, _):
        endRequested = true
      case .run(.promo, let id?):
        log(.promo(id: id, atMs: at))
        lines += report.lines(session.startPromotion(id, at: at), at: at)
      case .run(.promo, nil):
        let list = session.scenario.promotions.map { "\($0.id) (\(report.t($0.label)))" }.joined(separator: ", ")
        say("live.promoList", ["list": list.isEmpty ? "—" : list])
      case .notHere(_, let word):
        say("live.commandNotHere", ["command": ":" + word])
      case .run(let other, _):
        // `read` reports lesson commands as `notHere`; this only keeps the switch whole.
        say("live.commandNotHere", ["command": ":" + other.rawValue])
      case .unknown(let word):
        say("live.unknownCommand", ["command": ":" + word])
      }
      return lines
    }
    log(.host(text: text, atMs: at))
    lines += report.lines(session.say(text, at: at), at: at)
    return lines
  }

  public func status(at ms: Int) -> LiveStatus {
    LiveStatus(
      elapsedMs: min(max(ms, session.now), session.endMs), durationMs: session.endMs, online: session.onlineCount,
      orders: session.orders, warnings: session.warnings, waiting: session.waiting)
  }

  public func statusText(at ms: Int) -> String { report.status(status(at: ms)) }

  public func finish(at ms: Int, reason: TranscriptEndReason) -> String {
    if let result { return report.render(result, comparedWith: comparison) }
    _ = session.finish(at: ms)
    let r = session.result()
    result = r
    log(.liveEnd(atMs: r.durationMs, score: r.score))
    log(.end(reason: reason))
    writer?.sync()
    writer?.close()
    onFinish(r, reason)
    return report.render(r, comparedWith: comparison)
  }

  private func log(_ event: TranscriptEvent) {
    guard let writer else { return }
    do { _ = try writer.append(event, at: clock.now()) } catch { problems.append(error.description) }
  }
}

/// How long it takes to say a line, for turn-based sessions: 250 Chinese characters a minute
/// (240 ms each) and 150 English words a minute (400 ms each), at least 1.5 seconds.
public enum SpeakingTime {
  public static let msPerCJKCharacter = 240
  public static let msPerWord = 400
  public static let minimumMs = 1_500

  public static func of(_ line: String) -> Int {
    var ms = 0
    var inWord = false
    for scalar in line.unicodeScalars {
      if TextNormalizer.isCJK(scalar) {
        ms += msPerCJKCharacter
        inWord = false
      } else if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
        if !inWord { ms += msPerWord }
        inWord = true
      } else {
        inWord = false
      }
    }
    return max(minimumMs, ms)
  }
}

/// Runs a live session turn by turn from a line reader (pipes, scripts, `--turn-based`): each
/// host line moves the clock by the time it takes to say it; an empty line waits 5 seconds.
public enum LiveTurnRunner {
  /// Simulated time an empty line waits.
  public static let pauseMs = 5_000

  /// Runs `driver` to the end; `show` prints lines, `prompt` makes the prompt from the status.
  public static func run(
    _ driver: LiveController, reader: any LineReader, show: ([LiveLine]) -> Void, prompt: (String) -> String,
    echo: ((String, Int) -> Void)? = nil
  ) -> (reason: TranscriptEndReason, endMs: Int) {
    var t = 0
    show(driver.advance(to: 0))
    while !driver.isOver {
      switch reader.read(prompt: prompt(driver.statusText(at: t))) {
      case .endOfInput: return (.eof, t)
      case .interrupt: return (.interrupt, t)
      case .line(let raw):
        let text = raw.trimmingWhitespace
        if text.isEmpty {
          t += pauseMs
          show(driver.advance(to: t))
        } else if SessionCommand.isCommandLine(text) {
          show(driver.host(text, at: t))
        } else {
          echo?(text, t)
          show(driver.host(text, at: t))
          t += SpeakingTime.of(text)
          show(driver.advance(to: t))
        }
        t = min(t, driver.endMs)
      }
    }
    return (driver.session.now >= driver.endMs ? .finished : .quit, min(t, driver.endMs))
  }
}

/// Re-runs a live session from its transcript.
public enum LiveReplay {
  public enum Failure: Error, Sendable, Equatable {
    case notLive(kind: String)
    case noScenario(String)
    case unknownScenario(id: String, known: [String])
  }

  /// The scenario a transcript is about.
  public static func scenario(for header: TranscriptHeader, in course: Course) -> Result<LiveScenario, Failure> {
    guard header.kind == "live" else { return .failure(.notLive(kind: header.kind)) }
    guard let id = header.scenario else { return .failure(.noScenario(course.id)) }
    guard let s = course.scenarios.first(where: { $0.id == id }) else {
      return .failure(.unknownScenario(id: id, known: course.scenarios.map(\.id)))
    }
    return .success(s)
  }

  /// The result of re-running `contents` against `scenario`, and the language it ran in.
  public static func run(
    _ contents: TranscriptContents, scenario: LiveScenario, course: Course, lexicons: LexiconSet
  ) -> (result: LiveResult, language: String) {
    var language = course.languages.first ?? "zh"
    for e in contents.events { if case .liveStart(_, _, let l) = e.event { language = l; break } }
    var session = LiveSession(
      scenario: scenario, language: language, fallback: course.fallbackLanguages, lexicons: lexicons,
      courseLexicons: course.lexicons)
    var endAt: Int?
    for e in contents.events {
      switch e.event {
      case .host(let text, let at): _ = session.say(text, at: at)
      case .promo(let id, let at): _ = session.startPromotion(id, at: at)
      case .liveEnd(let at, _): endAt = at
      default: break
      }
      if endAt != nil { break }
    }
    _ = session.finish(at: endAt ?? session.now)
    return (session.result(), language)
  }
}
