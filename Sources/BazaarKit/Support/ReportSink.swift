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
    switch AtomicFile.create(beside: path, prefix: ".bazaar-report-") {
    case .success(let made): (fd, temp) = (made.fd, made.path)
    case .failure(let f): throw .cannotWrite(path: path, reason: f.reason)
    }
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
    failure = buffer.withUnsafeBytes { writeFully(fd, $0) }
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
    if let reason = AtomicFile.finish(fd: fd, temp: temp, target: target, failure: failure) {
      throw .cannotWrite(path: path, reason: reason)
    }
  }
}
