import BazaarKit
import CReadline
import Foundation
import Synchronization

/// Signals seen, set by the handlers and taken by the reading loop.
private let interruptFlag = Atomic<Bool>(false)
private let resizeFlag = Atomic<Bool>(false)

/// Catches Ctrl-C (and window resizes) so a session can save and leave cleanly instead of dying.
public enum SignalTrap {
  /// Installs the handlers (once; terminal sessions only).
  public static func install() {
    _ = installed
  }
  private static let installed: Bool = {
    // Create the flags now, not inside a handler.
    _ = interruptFlag.load(ordering: .relaxed)
    _ = resizeFlag.load(ordering: .relaxed)
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in interruptFlag.store(true, ordering: .relaxed) }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0  // no SA_RESTART: poll() must wake up
    sigaction(SIGINT, &action, nil)
    // A closed window (SIGHUP) or a polite kill (SIGTERM) also saves and restores the terminal.
    sigaction(SIGTERM, &action, nil)
    sigaction(SIGHUP, &action, nil)
    var winch = sigaction()
    winch.__sigaction_handler.sa_handler = { _ in resizeFlag.store(true, ordering: .relaxed) }
    sigemptyset(&winch.sa_mask)
    winch.sa_flags = 0
    sigaction(SIGWINCH, &winch, nil)
    // A parent may have started us with these blocked (the mask is inherited across exec; a
    // Swift test runner does it): then Ctrl-C and resizes would never arrive.
    var mask = sigset_t()
    sigemptyset(&mask)
    for s in [SIGINT, SIGTERM, SIGHUP, SIGWINCH] { sigaddset(&mask, s) }
    pthread_sigmask(SIG_UNBLOCK, &mask, nil)
    return true
  }()
  /// Whether Ctrl-C was pressed since the last call (and forgets it).
  public static func takeInterrupt() -> Bool { interruptFlag.exchange(false, ordering: .relaxed) }
  static func takeResize() -> Bool { resizeFlag.exchange(false, ordering: .relaxed) }
}

/// Reads plain lines from standard input: for pipes and files (no prompt, no escape codes).
public final class PlainLineReader: LineReader {
  public init() {}
  public func read(prompt: String) -> LineEvent {
    guard let line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
    return .line(line.hasSuffix("\r") ? String(line.dropLast()) : line)
  }
  public func setCompletions(_ words: [String]) {}
}

/// The words Tab completes, and the line a finished read produced (readline calls back into C
/// function pointers, which cannot capture context; everything here runs on one thread).
private enum ReadlineState {
  nonisolated(unsafe) static var completions: [String] = []
  nonisolated(unsafe) static var matches: [String] = []
  nonisolated(unsafe) static var result: LineEvent?
}

private func lineHandler(_ line: UnsafeMutablePointer<CChar>?) {
  guard let line else {
    ReadlineState.result = .endOfInput
    rl_callback_handler_remove()
    return
  }
  let text = String(cString: line)
  if !text.trimmingCharacters(in: .whitespaces).isEmpty, text != ReadlineState.lastHistory {
    add_history(line)
    ReadlineState.lastHistory = text
  }
  free(line)
  ReadlineState.result = .line(text)
  rl_callback_handler_remove()
}

extension ReadlineState {
  nonisolated(unsafe) static var lastHistory: String?
}

private func completionGenerator(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
  if state == 0 {
    let typed = text.map { String(cString: $0) } ?? ""
    let line = String(cString: crl_line_buffer())
    var words = ReadlineState.completions
    if line.hasPrefix(":lang ") || line.hasPrefix("：lang ") {
      words = words.filter { $0.hasPrefix(":lang ") }.map { String($0.dropFirst(6)) }
    } else {
      words = words.filter { !$0.contains(" ") }
    }
    let lower = typed.lowercased()
    ReadlineState.matches = words.filter { $0.lowercased().hasPrefix(lower) }
  }
  let i = Int(state)
  guard i < ReadlineState.matches.count else { return nil }
  return strdup(ReadlineState.matches[i])
}

private func completer(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
  crl_set_attempted_completion_over(1)
  return rl_completion_matches(text, completionGenerator)
}

/// GNU readline in callback mode: line editing, history within the session, Tab completion,
/// multibyte (Chinese) editing; Ctrl-C and Ctrl-D return control instead of killing the process.
public final class ReadlineLineReader: LineReader {
  /// Sets readline up (call once, after `setlocale`).
  public init() {
    crl_set_name_bazaar()
    crl_set_catch_signals(0)
    crl_set_change_environment(0)
    crl_disable_bracketed_paste()
    crl_eight_bit_input()
    crl_set_word_breaks_space()
    crl_set_completion(completer)
    SignalTrap.install()
    using_history()
    crl_prepare_terminal_once()
    ReadlineLineReader.active = true
    atexit { if ReadlineLineReader.active { crl_restore_terminal() } }
  }

  nonisolated(unsafe) static var active = false

  /// Gives the terminal back its normal settings (also done at exit).
  public func restoreTerminal() {
    if ReadlineLineReader.active {
      crl_restore_terminal()
      ReadlineLineReader.active = false
    }
  }

  public func setCompletions(_ words: [String]) { ReadlineState.completions = words }

  public func read(prompt: String) -> LineEvent {
    if SignalTrap.takeInterrupt() { return .interrupt }
    ReadlineState.result = nil
    rl_callback_handler_install(prompt, lineHandler)
    while ReadlineState.result == nil {
      var pfd = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
      let rc = poll(&pfd, 1, 500)
      if SignalTrap.takeInterrupt() {
        crl_cancel_line()
        writeNewline()
        return .interrupt
      }
      if SignalTrap.takeResize() { rl_resize_terminal() }
      if rc > 0 {
        if pfd.revents & Int16(POLLIN | POLLHUP) != 0 { rl_callback_read_char() }
        if pfd.revents & Int16(POLLERR | POLLNVAL) != 0 {
          rl_callback_handler_remove()
          return .endOfInput
        }
      } else if rc < 0 && errno != EINTR {
        rl_callback_handler_remove()
        return .endOfInput
      }
    }
    let result = ReadlineState.result ?? .endOfInput
    if result == .endOfInput { writeNewline() }
    return result
  }

  private func writeNewline() { _ = Foundation.write(STDOUT_FILENO, "\n", 1) }

  /// Prints `text` above the prompt without disturbing the half-typed line (live sessions).
  public func printAbove(_ text: String) { crl_print_above(text) }
}
