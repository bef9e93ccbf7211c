import Foundation

/// What the terminal on each standard stream can do.
public enum TerminalInfo {
  /// Whether `fd` is a terminal (and `TERM` is not `dumb`).
  public static func isTTY(_ fd: Int32) -> Bool {
    guard isatty(fd) == 1 else { return false }
    return ProcessInfo.processInfo.environment["TERM"] != "dumb"
  }

  /// Whether to colour output on `fd`: only on a terminal, never with `NO_COLOR` set or `TERM=dumb`.
  public static func useColor(_ fd: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
    if let nc = environment["NO_COLOR"], !nc.isEmpty { return false }
    if environment["TERM"] == "dumb" { return false }
    return isatty(fd) == 1
  }

  /// Columns of the terminal on `fd`, or nil when it is not a terminal.
  public static func columns(_ fd: Int32) -> Int? {
    var size = winsize()
    guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
    return Int(size.ws_col)
  }
}
