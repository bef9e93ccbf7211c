import Foundation
import Testing

/// Runs `bazaar` on a pseudo-terminal, so readline is active, and lets a test type and read.
final class PseudoTerminalSession {
  let process = Process()
  private let primary: Int32
  private(set) var screen = ""

  /// Starts `bazaar arguments…` (or `executable arguments…`) on a new pseudo-terminal of `columns` × `rows`.
  init(
    _ arguments: [String], environment: [String: String] = [:], columns: UInt16 = 100, rows: UInt16 = 24,
    directory: String? = nil, executable: String? = nil
  ) throws {
    var primaryFD: Int32 = -1
    var secondaryFD: Int32 = -1
    var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
    guard openpty(&primaryFD, &secondaryFD, nil, nil, &size) == 0 else {
      throw CocoaError(.fileReadUnknown)
    }
    primary = primaryFD
    let tty = FileHandle(fileDescriptor: secondaryFD, closeOnDealloc: true)
    // Through `setsid --ctty`, the pseudo-terminal becomes the child's controlling terminal, as in
    // a real terminal window: the line discipline then behaves the same, and Ctrl-C raises SIGINT.
    process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
    process.arguments = ["--ctty", "--wait", try executable ?? bazaarBinary()] + arguments
    var env = ["TERM": "xterm", "LANG": "C.UTF-8", "INPUTRC": "/dev/null", "PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
    for (k, v) in environment { env[k] = v }
    process.environment = env
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    process.standardInput = tty
    process.standardOutput = tty
    process.standardError = tty
    try process.run()
    try tty.close()
  }

  deinit {
    if process.isRunning { process.terminate() }
    close(primary)
  }

  /// Types `text` (use "\r" for Enter, "\t" for Tab, "\u{04}" for Ctrl-D, "\u{03}" for Ctrl-C).
  func type(_ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBufferPointer { write(primary, $0.baseAddress, $0.count) }
  }

  /// Changes the window size (the child gets SIGWINCH, as when a terminal window is resized).
  func resize(columns: UInt16, rows: UInt16 = 24) {
    var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
    _ = ioctl(primary, UInt(TIOCSWINSZ), &size)
  }

  /// Reads until `marker` appears in what was printed since `from` (or the deadline passes); true when seen.
  @discardableResult
  func waitFor(_ marker: String, timeout: Double = 10) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    var buffer = [UInt8](repeating: 0, count: 4096)
    var pending: [UInt8] = []
    while Date() < deadline {
      if screen.contains(marker) { return true }
      var pfd = pollfd(fd: primary, events: Int16(POLLIN), revents: 0)
      let rc = poll(&pfd, 1, 100)
      if rc > 0 {
        let n = read(primary, &buffer, buffer.count)
        if n <= 0 { break }
        pending += buffer[0..<n]
        if let text = String(validating: pending, as: UTF8.self) {
          screen += text
          pending = []
        }
      }
    }
    return screen.contains(marker)
  }

  /// Everything printed after the last occurrence of `marker`.
  func after(_ marker: String) -> String {
    guard let r = screen.range(of: marker, options: .backwards) else { return "" }
    return String(screen[r.upperBound...])
  }

  /// Waits for the process to exit (up to `timeout` seconds) and returns its status, or nil.
  func exitStatus(timeout: Double = 10) -> Int32? {
    let deadline = Date().addingTimeInterval(timeout)
    var buffer = [UInt8](repeating: 0, count: 4096)
    while process.isRunning && Date() < deadline {
      var pfd = pollfd(fd: primary, events: Int16(POLLIN), revents: 0)
      if poll(&pfd, 1, 50) > 0 {
        let n = read(primary, &buffer, buffer.count)
        if n > 0 { screen += String(decoding: buffer[0..<n], as: UTF8.self) }
      }
    }
    return process.isRunning ? nil : process.terminationStatus
  }
}
