import Foundation

/// Where a report is written, piece by piece, so that a large report (the JSON of 30,000
/// transcripts) is never held whole in memory. A regular file (or a new one) is replaced
/// atomically: the pieces go to a temporary file in the same folder, which is synced and renamed
/// over the target by ``commit()``; until then the old report is untouched, and a failure leaves
/// it as it was. `/dev/null`, a pipe or a terminal is written to as it is. No path: standard output.
public final class ReportSink {
  public enum Failure: Error, Equatable {
    case cannotWrite(path: String, reason: String)
  }

  private let target: String?
  private var fd: Int32
  private var temp: String?
  private var buffer: [UInt8] = []
  private var failure: String?
  private var closed = false
  /// Bytes kept before they are written.
  static let chunk = 1 << 20

  /// Opens `path` for a new report (nil: standard output).
  public init(path: String?) throws(Failure) {
    target = path
    guard let path else {
      fd = STDOUT_FILENO
      return
    }
    var st = stat()
    if stat(path, &st) == 0, (st.st_mode & S_IFMT) != S_IFREG {
      fd = open(path, O_WRONLY | O_CLOEXEC)
      guard fd >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
      return
    }
    let dir = ProgressStore.parent(of: path)
    var made: Int32 = -1
    var name = ""
    for _ in 0..<8 {
      name = dir + "/.bazaar-report-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
      made = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
      if made >= 0 || errno != EEXIST { break }
    }
    guard made >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
    fd = made
    temp = name
  }

  deinit {
    // Never committed (an error on the way): the temporary file goes, the old report stays.
    if !closed {
      if fd != STDOUT_FILENO { close(fd) }
      if let temp { unlink(temp) }
    }
  }

  /// Adds `text` to the report.
  public func write(_ text: String) {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= Self.chunk { flush() }
  }

  private func flush() {
    defer { buffer.removeAll(keepingCapacity: true) }
    guard failure == nil, !buffer.isEmpty else { return }
    buffer.withUnsafeBytes { raw in
      guard let base = raw.baseAddress else { return }
      var offset = 0
      while offset < raw.count {
        let n = Foundation.write(fd, base + offset, raw.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          failure = String(cString: strerror(errno))
          return
        }
        if n == 0 {
          failure = "nothing could be written"
          return
        }
        offset += n
      }
    }
  }

  /// Writes what is left and puts the report in place.
  public func commit() throws(Failure) {
    flush()
    closed = true
    let path = target ?? "-"
    guard let temp, let target else {
      if fd != STDOUT_FILENO { close(fd) }
      if let failure { throw .cannotWrite(path: path, reason: failure) }
      return
    }
    if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
    if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
    if failure == nil, rename(temp, target) != 0 { failure = String(cString: strerror(errno)) }
    if let failure {
      unlink(temp)
      throw .cannotWrite(path: path, reason: failure)
    }
    ProgressStore.syncFolder(of: target)
  }
}
