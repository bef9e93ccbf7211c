import Foundation

/// What a learner's input line reader gave.
public enum LineEvent: Sendable, Equatable {
  /// A line, without its newline.
  case line(String)
  /// End of input (Ctrl-D on an empty line, or the end of a piped file).
  case endOfInput
  /// Ctrl-C.
  case interrupt
}

/// Reads one line at a time from the learner. Readline on a terminal, plain lines from a pipe, a
/// script in tests.
public protocol LineReader: AnyObject {
  /// Shows `prompt` (where that makes sense) and waits for a line.
  func read(prompt: String) -> LineEvent
  /// Words Tab may complete to (choice letters, `:` commands); ignored where there is no Tab.
  func setCompletions(_ words: [String])
}

/// Where Bazaar's output goes.
public protocol Console: AnyObject {
  /// Writes `text` as is (the caller adds newlines).
  func write(_ text: String)
}

/// The time, injected so sessions are deterministic under test.
public protocol Clock: Sendable {
  /// Wall-clock now (for transcripts and progress times).
  func now() -> Date
}

/// The system clock.
public struct SystemClock: Clock {
  public init() {}
  public func now() -> Date { Date() }
}

/// A clock tests move by hand.
public final class TestClock: Clock, @unchecked Sendable {
  private let lock = NSLock()
  private var current: Date
  /// Starts at `start`.
  public init(start: Date = Date(timeIntervalSince1970: 1_795_000_000)) { current = start }
  public func now() -> Date { lock.withLock { current } }
  /// Moves the clock forward.
  public func advance(seconds: Double) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

/// A line reader that replays a script (tests, and `--script` style drivers).
public final class ScriptedLineReader: LineReader {
  private var lines: [LineEvent]
  /// The prompts it was asked to show, in order.
  public private(set) var prompts: [String] = []
  /// The completion words last set.
  public private(set) var completions: [String] = []
  /// Called before each line is returned (tests advance a clock here).
  public var beforeEach: (() -> Void)?

  /// Replays `lines`, then reports end of input.
  public init(_ lines: [LineEvent]) { self.lines = lines }
  /// Replays plain text lines.
  public convenience init(lines: [String]) { self.init(lines.map { .line($0) }) }

  public func read(prompt: String) -> LineEvent {
    prompts.append(prompt)
    beforeEach?()
    return lines.isEmpty ? .endOfInput : lines.removeFirst()
  }
  public func setCompletions(_ words: [String]) { completions = words }
}

/// A console that keeps everything written (tests).
public final class BufferConsole: Console {
  /// All text written so far.
  public private(set) var text = ""
  public init() {}
  public func write(_ text: String) { self.text += text }
}

/// The system clock moved by a fixed amount: `BAZAAR_NOW` (docs/review.md), for trying what a
/// learner sees a day or a week later without waiting. Time still passes at its usual pace.
public struct ShiftedClock: Clock {
  /// Seconds added to the system clock.
  public let offset: TimeInterval
  public init(offset: TimeInterval) { self.offset = offset }
  public func now() -> Date { Date().addingTimeInterval(offset) }

  /// The clock `value` asks for, at `now`: `+2d` (two days later), `+36h`, `-1d`; a date and time
  /// with its zone (`2026-12-08T09:00:00+08:00`, `…Z`); or a day (`2026-12-08`: that day at the
  /// present time of day). Nil when `value` is none of these.
  public static func parse(_ value: String, now: Date) -> ShiftedClock? {
    let v = value.trimmingCharacters(in: .whitespaces)
    if let sign = v.first, sign == "+" || sign == "-", let unit = v.last, "dhm".contains(unit) {
      guard let n = Double(v.dropFirst().dropLast()), n.isFinite, n >= 0, n <= 36_500 * 24 * 60 else { return nil }
      let seconds = n * (unit == "d" ? 86_400 : unit == "h" ? 3_600 : 60)
      return ShiftedClock(offset: sign == "+" ? seconds : -seconds)
    }
    if let date = ISO8601DateFormatter().date(from: v) { return ShiftedClock(offset: date.timeIntervalSince(now)) }
    let day = ISO8601DateFormatter()
    day.formatOptions = [.withFullDate]
    if let date = day.date(from: v) {
      let today = day.date(from: day.string(from: now)) ?? now
      return ShiftedClock(offset: date.timeIntervalSince(today))
    }
    return nil
  }
}
