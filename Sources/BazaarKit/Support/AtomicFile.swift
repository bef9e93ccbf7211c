import Foundation

/// The three steps of replacing a file atomically, shared by progress files
/// (``ProgressStore/writeAtomically(_:to:tempName:)``) and reports (``ReportSink``): a new
/// temporary file beside the target, everything written to it, then fsync, rename over the
/// target and fsync of the folder — or, on any failure, the temporary file removed and the
/// target left as it was. (Writing itself is ``writeFully(_:_:)``.)
enum AtomicFile {
  /// A new, empty temporary file in `target`'s folder, named `prefix` and a random suffix
  /// (`O_EXCL`: never one that exists). The reason when it cannot be made.
  static func create(beside target: String, prefix: String) -> Result<(fd: Int32, path: String), Failure> {
    let dir = ProgressStore.parent(of: target)
    for _ in 0..<8 {
      let path = dir + "/" + prefix + String(UInt64.random(in: 0...UInt64.max), radix: 16)
      let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
      if fd >= 0 { return .success((fd, path)) }
      if errno != EEXIST { break }
    }
    return .failure(Failure(String(cString: strerror(errno))))
  }

  /// Ends a temporary file: after an earlier `failure`, or one here (fsync, close, rename), it is
  /// removed and the reason given; else it is now `target`, and the folder is synced.
  static func finish(fd: Int32, temp: String, target: String, failure earlier: String?) -> String? {
    var failure = earlier
    if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
    if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
    if failure == nil, rename(temp, target) != 0 { failure = String(cString: strerror(errno)) }
    if let failure {
      unlink(temp)
      return failure
    }
    ProgressStore.syncFolder(of: target)
    return nil
  }

  struct Failure: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
  }
}

/// Writes all of `raw` to `fd`, through short writes and interruptions; nil on success, else the
/// reason. Progress files, reports and transcript lines all write through it.
func writeFully(_ fd: Int32, _ raw: UnsafeRawBufferPointer) -> String? {
  guard let base = raw.baseAddress else { return nil }
  var offset = 0
  while offset < raw.count {
    let n = write(fd, base + offset, raw.count - offset)
    if n < 0 {
      if errno == EINTR { continue }
      return String(cString: strerror(errno))
    }
    if n == 0 { return "nothing could be written" }
    offset += n
  }
  return nil
}
