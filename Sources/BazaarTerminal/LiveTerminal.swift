import BazaarKit
import CReadline
import Foundation

/// Runs a live-selling session in real time on a terminal: the room's lines appear above the
/// prompt as they fall due while the host types below, and the prompt itself carries the status
/// (`[03:12/10:00 在线 23 订单 4] 主播> `), refreshed about once a second.
///
/// One thread does everything (readline is not thread-safe): `poll()` on standard input with a
/// timeout up to the next due line or status refresh, `rl_callback_read_char()` when a key
/// arrives. Idle, the process sleeps in `poll()`: one wake-up a second for the status.
///
/// The terminal stays in readline's mode when `run()` returns (as for the rest of a session);
/// ``ReadlineLineReader/restoreTerminal()`` (or the exit handler it installs) gives it back.
public final class LiveTerminalLoop {
  /// Monotonic nanoseconds (any origin).
  public typealias Clock = () -> UInt64

  private let driver: any LiveDriver
  private let reader: ReadlineLineReader
  private let speed: Double
  private let style: Style
  private let color: Bool
  private let label: String
  private let clock: Clock

  private var startNs: UInt64 = 0
  /// The simulated time the room was last advanced to.
  private var advancedSim = -1
  private var endReason: TranscriptEndReason?
  private var shownPrompt = ""
  /// True when the prompt could not be refreshed (readline showed a search message): retried.
  private var promptStale = false
  private var lastHistory: String?
  private var timingLog: UnsafeMutablePointer<FILE>?
  private var columns = 80
  private var rows = 24
  /// When to redraw the screen after the window was resized (real ms since the start; resizes
  /// come in bursts while a window is dragged, so the redraw waits for a short quiet spell).
  private var redrawAt: Double?
  /// What was printed lately, to print again after a resize.
  private var recent: [Shown] = []
  private static let recentLimit = 400

  /// One thing on screen above the prompt.
  private enum Shown {
    /// A line from the room.
    case room(LiveLine)
    /// What the host typed, after the prompt as it then was (without colour).
    case host(String)
  }

  /// - Parameters:
  ///   - driver: the session; every call to it happens on the calling thread.
  ///   - reader: the terminal's readline (it has set readline and the terminal up).
  ///   - speed: how many simulated milliseconds pass per real millisecond (`--speed 2`: twice as fast).
  ///   - color: whether to use ANSI colours.
  ///   - promptLabel: the host's name in the prompt (`主播`, `host`).
  ///   - clock: monotonic nanoseconds; the default reads `CLOCK_MONOTONIC`.
  public init(
    driver: any LiveDriver, reader: ReadlineLineReader, speed: Double = 1, color: Bool, promptLabel: String,
    clock: @escaping Clock = LiveTerminalLoop.monotonicNanoseconds
  ) {
    self.driver = driver
    self.reader = reader
    self.speed = speed.isFinite && speed > 0 ? speed : 1
    self.color = color
    self.style = Style(enabled: color)
    self.label = LiveTerminalLoop.clean(promptLabel)
    self.clock = clock
  }

  /// `CLOCK_MONOTONIC` in nanoseconds.
  public static func monotonicNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
  }

  /// The loop that C's line handler calls back into (C function pointers cannot capture it).
  nonisolated(unsafe) fileprivate static var current: LiveTerminalLoop?

  // MARK: - Time

  /// Real milliseconds since `run()` started.
  private func wallMs() -> Double { Double(clock() &- startNs) / 1e6 }
  /// Simulated milliseconds since the start.
  private func simMs(_ wall: Double) -> Int { Int((wall * speed).rounded(.down)) }
  /// When simulated `ms` falls, in real milliseconds since the start.
  private func wall(ofSim ms: Int) -> Double { Double(ms) / speed }
  /// The simulated time the room must next be advanced to: its next line, or the end. Never at or
  /// before the time already advanced to (a driver that kept reporting a past line would make
  /// the loop spin).
  private func nextDueSim() -> Int {
    let end = driver.endMs
    let due = min(driver.nextDueMs ?? end, end)
    return max(due, advancedSim + 1)
  }
  /// Status refreshes: every real second, or every simulated second when slower than real time.
  private var refreshEveryMs: Double { max(1000, 1000 / speed) }

  // MARK: - Running

  /// Runs the session until it is over (`.finished`), the host presses Ctrl-D on an empty line
  /// (`.eof`) or Ctrl-C (`.interrupt`; also SIGTERM and SIGHUP). The caller then calls
  /// `driver.finish(at:reason:)`.
  public func run() -> TranscriptEndReason {
    SignalTrap.install()
    startNs = clock()
    endReason = nil
    advancedSim = -1
    openTimingLog()
    _ = SignalTrap.takeResize()  // an older resize: the size is read now anyway
    rl_reset_screen_size()
    updateColumns()
    LiveTerminalLoop.current = self
    shownPrompt = prompt(at: 0)
    rl_callback_handler_install(shownPrompt, liveLineHandler)
    var handlerInstalled = true
    // Ctrl-C must not throw away keys typed just before it (a line finished with Enter): the
    // terminal normally flushes its input on an interrupt; NOFLSH keeps it for the drain below.
    var saved = termios()
    let haveTermios = tcgetattr(STDIN_FILENO, &saved) == 0
    if haveTermios {
      var keep = saved
      keep.c_lflag |= tcflag_t(NOFLSH)
      _ = tcsetattr(STDIN_FILENO, TCSANOW, &keep)
    }
    defer {
      if haveTermios {
        var now = termios()
        if tcgetattr(STDIN_FILENO, &now) == 0 {
          now.c_lflag = (now.c_lflag & ~tcflag_t(NOFLSH)) | (saved.c_lflag & tcflag_t(NOFLSH))
          _ = tcsetattr(STDIN_FILENO, TCSANOW, &now)
        }
      }
      if handlerInstalled { rl_callback_handler_remove() }
      LiveTerminalLoop.current = nil
      closeTimingLog()
    }
    var nextRefresh = refreshEveryMs
    var pfd = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)

    while true {
      if SignalTrap.takeInterrupt() {
        // Keys already typed but not yet read (Enter pressed a moment before Ctrl-C) still
        // count: read them, so a finished line reaches the room before the show ends.
        var drained = 0
        var ready = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        while drained < 4096, endReason == nil, poll(&ready, 1, 0) > 0, ready.revents & Int16(POLLIN) != 0 {
          rl_callback_read_char()
          drained += 1
        }
        crl_live_abandon_line()
        handlerInstalled = false
        return .interrupt
      }
      if SignalTrap.takeResize() {
        // Only learn the new size now; the screen is redrawn once the resizing stops, and only
        // when the width changed (a new height moves no line on screen).
        let before = columns
        rl_reset_screen_size()
        updateColumns()
        if columns != before || redrawAt != nil { redrawAt = wallMs() + 60 }
      }
      if let reason = endReason {  // set by the line handler (Ctrl-D, or the host ended the session)
        handlerInstalled = false
        return reason
      }
      // Due lines first, also while keys keep arriving (never only when poll() times out).
      var now = wallMs()
      if wall(ofSim: nextDueSim()) <= now {
        advancedSim = simMs(now)
        deliver(driver.advance(to: advancedSim))
        now = wallMs()
      }
      // Time up ends the session even if the driver did not say so (a loop must never spin).
      if driver.isOver || advancedSim >= driver.endMs {
        crl_live_abandon_line()
        handlerInstalled = false
        return .finished
      }
      if let at = redrawAt, now >= at {
        redrawAt = nil
        redrawScreen()
      }
      if now >= nextRefresh {
        refreshPrompt(force: false)
        nextRefresh = (now / refreshEveryMs).rounded(.down) * refreshEveryMs + refreshEveryMs
      }
      let nextDue = wall(ofSim: nextDueSim())
      let wait = max(0, min(nextDue, nextRefresh, redrawAt ?? .infinity) - now)
      // Round up: waking a little early would spin until the deadline.
      let timeout = Int32(min(wait.rounded(.up), 60_000))
      pfd.revents = 0
      let rc = poll(&pfd, 1, timeout)
      if rc > 0 {
        if pfd.revents & Int16(POLLIN | POLLHUP) != 0 {
          rl_callback_read_char()
        } else if pfd.revents & Int16(POLLERR | POLLNVAL) != 0 {
          if endReason == nil {
            crl_live_abandon_line()
            handlerInstalled = false
            return .eof
          }
        }
      } else if rc < 0 && errno != EINTR {
        crl_live_abandon_line()
        handlerInstalled = false
        return .eof
      }
    }
  }

  /// A finished line from readline (nil: Ctrl-D on an empty line). Runs inside
  /// `rl_callback_read_char`: readline has moved below the accepted line and draws the prompt
  /// again after this returns, unless the handler is removed.
  fileprivate func accept(_ line: String?) {
    guard let line else {
      endReason = .eof
      rl_callback_handler_remove()
      crl_write("\n")
      return
    }
    remember(.host(LiveTerminalLoop.withoutMarkers(shownPrompt) + LiveTerminalLoop.clean(line)))
    if !line.trimmingCharacters(in: .whitespaces).isEmpty {
      if line != lastHistory {
        add_history(line)
        lastHistory = line
      }
      let replies = driver.host(line, at: simMs(wallMs()))
      if !replies.isEmpty {
        crl_write(render(replies))
        for r in replies { remember(.room(r)) }
      }
    }
    if driver.isOver {
      endReason = .finished
      rl_callback_handler_remove()
      return
    }
    // Readline shows the prompt after this returns: give it the current figures.
    let p = prompt(at: simMs(wallMs()))
    if p != shownPrompt {
      rl_set_prompt(p)
      shownPrompt = p
    }
  }

  // MARK: - Output

  private func deliver(_ lines: [LiveLine]) {
    guard !lines.isEmpty else { return }
    for line in lines { remember(.room(line)) }
    let text = render(lines)
    let p = prompt(at: simMs(wallMs()))
    let newPrompt = p != shownPrompt
    crl_live_print_above(text, newPrompt ? p : nil)
    if newPrompt {
      if crl_prompt_is_shown() != 0 {
        shownPrompt = p
        promptStale = false
      } else {
        promptStale = true
      }
    }
    if let log = timingLog {
      let printed = wallMs()
      var entry = ""
      for line in lines {
        entry += String(format: "%.3f %.3f\n", wall(ofSim: line.dueMs), printed)
      }
      fputs(entry, log)
    }
  }

  private func remember(_ item: Shown) {
    recent.append(item)
    if recent.count > 2 * LiveTerminalLoop.recentLimit { recent.removeFirst(recent.count - LiveTerminalLoop.recentLimit) }
  }

  /// Clears the screen and prints the latest lines again, laid out for the new width, with the
  /// prompt (for the new width too) and the half-typed line below.
  private func redrawScreen() {
    let p = prompt(at: simMs(wallMs()))
    let typed = String(cString: crl_line_buffer())
    let inputRows = (DisplayWidth.of(LiveTerminalLoop.withoutMarkers(p)) + DisplayWidth.of(typed)) / max(1, columns) + 1
    let room = max(0, rows - inputRows)
    var screen: [String] = []
    for item in recent.reversed() where screen.count < room {
      let block: [String]
      switch item {
      case .room(let line): block = render([line]).split(separator: "\n").map(String.init)
      case .host(let text):
        block = TextLayout.wrap(text, width: columns > 20 ? columns - 1 : nil, indent: "  ")
          .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      }
      screen.insert(contentsOf: block, at: 0)
    }
    if screen.count > room { screen.removeFirst(screen.count - room) }
    if crl_prompt_is_shown() != 0 {
      rl_set_prompt(p)
      shownPrompt = p
      promptStale = false
    }
    crl_live_redraw_screen(screen.map { $0 + "\n" }.joined())
  }

  private func refreshPrompt(force: Bool) {
    let p = prompt(at: simMs(wallMs()))
    guard force || promptStale || p != shownPrompt else { return }
    if crl_live_set_prompt(p) != 0 {
      shownPrompt = p
      promptStale = false
    } else {
      promptStale = true
    }
  }

  /// The lines as the terminal shows them: styled by tone, wrapped to the window (continuation
  /// lines indented), each ending in a newline.
  private func render(_ lines: [LiveLine]) -> String {
    var out = ""
    let width = columns > 20 ? columns - 1 : nil
    for line in lines {
      let text = TextLayout.wrap(LiveTerminalLoop.clean(line.text, keepNewlines: true), width: width, indent: "  ")
      // Style each screen line on its own: a colour must not run on into the prompt.
      for row in text.split(separator: "\n", omittingEmptySubsequences: false) {
        out += styled(String(row), line.tone) + "\n"
      }
    }
    return out
  }

  private func styled(_ s: String, _ tone: LiveLine.Tone) -> String {
    switch tone {
    case .comment: s
    case .question: style.bold(style.accent(s))
    case .join, .leave: style.dim(s)
    case .order: style.good(s)
    case .warning: style.bad(s)
    case .system: style.bold(s)
    }
  }

  /// The prompt at simulated `ms`: the driver's status line and the label, shortened when the
  /// window is narrow so there is room left to type.
  func prompt(at ms: Int) -> String {
    let status = LiveTerminalLoop.clean(driver.statusText(at: ms))
    let tail = label.isEmpty ? "> " : label + "> "
    let full = "[" + status + "] "
    if DisplayWidth.of(full) + DisplayWidth.of(tail) + 16 <= columns { return decorate(full, tail) }
    let s = driver.status(at: ms)
    let short = "[" + Format.clock(milliseconds: s.elapsedMs) + "/" + Format.clock(milliseconds: s.durationMs) + "] "
    if DisplayWidth.of(short) + DisplayWidth.of(tail) + 12 <= columns { return decorate(short, tail) }
    let tiny = "[" + Format.clock(milliseconds: s.elapsedMs) + "] "
    if DisplayWidth.of(tiny) + DisplayWidth.of(tail) + 8 <= columns { return decorate(tiny, tail) }
    return decorate("", tail)
  }

  /// Colour codes in a prompt must be bracketed by \001 … \002, so readline does not count them
  /// as columns.
  private func decorate(_ status: String, _ tail: String) -> String {
    guard color else { return status + tail }
    let dim = "\u{01}\u{1B}[2m\u{02}", bold = "\u{01}\u{1B}[1m\u{02}", reset = "\u{01}\u{1B}[0m\u{02}"
    let st = status.isEmpty ? "" : dim + status + reset
    return st + bold + tail.dropLast(2) + reset + "> "
  }

  /// `mm:ss` (minutes beyond 59 keep counting).
  /// `text` without control characters (which could move the cursor or change colours, and so
  /// break readline's idea of the screen), tabs as spaces, and without bidirectional overrides.
  static func clean(_ text: String, keepNewlines: Bool = false) -> String {
    var out = String.UnicodeScalarView()
    for s in text.unicodeScalars {
      switch s.value {
      case 0x0A: out.append(keepNewlines ? s : " ")
      case 0x09: out.append(" ")
      case 0x00..<0x20, 0x7F..<0xA0, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: continue
      default: out.append(s)
      }
    }
    return String(out)
  }

  private func updateColumns() {
    var r: Int32 = 0, c: Int32 = 0
    rl_get_screen_size(&r, &c)
    if c <= 0 { c = Int32(TerminalInfo.columns(STDOUT_FILENO) ?? 80) }
    columns = Int(c)
    rows = r > 0 ? Int(r) : 24
  }

  /// A prompt without readline's \001 … \002 brackets and what they enclose (colour codes).
  static func withoutMarkers(_ prompt: String) -> String {
    var out = String.UnicodeScalarView()
    var hidden = false
    for s in prompt.unicodeScalars {
      if s == "\u{01}" { hidden = true } else if s == "\u{02}" { hidden = false } else if !hidden { out.append(s) }
    }
    return String(out)
  }

  // MARK: - Timing log (bench/live)

  private func openTimingLog() {
    guard let path = ProcessInfo.processInfo.environment["BAZAAR_LIVE_TIMING"], !path.isEmpty else { return }
    timingLog = fopen(path, "a")
  }

  private func closeTimingLog() {
    if let log = timingLog { fclose(log) }
    timingLog = nil
  }
}

/// Readline's line handler for live sessions (C calls it; it finds the loop through `current`).
private func liveLineHandler(_ line: UnsafeMutablePointer<CChar>?) {
  let text = line.map { String(cString: $0) }
  free(line)
  LiveTerminalLoop.current?.accept(text)
}
