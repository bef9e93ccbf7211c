import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Loads and saves learners' progress. `ProgressStore` keeps it on disk; `MemoryProgressStore`
/// keeps it in memory for tests of the engine.
public protocol ProgressStoring: Sendable {
  /// The learner's progress: saved progress, or new empty progress when there is none (or when the
  /// file was unreadable and has been moved aside — see ``LoadedProgress/movedAside``).
  func load(learner: LearnerName) throws(ProgressStoreError) -> LoadedProgress
  /// The learner's saved progress, read without changing anything on disk: nil when there is
  /// none; throws ``ProgressStoreError/corrupt(_:problem:)`` or ``ProgressStoreError/newerSchema(_:found:supported:)``.
  /// For menus and reports, which run without the learner's lock. Never moves a file aside: only
  /// `load`, called under the lock at the start of a session, does that and reports it.
  func peek(learner: LearnerName) throws(ProgressStoreError) -> LearnerProgress?
  /// Saves `progress` for the learner named in it, replacing what was saved before.
  func save(_ progress: LearnerProgress) throws(ProgressStoreError)
  /// Every learner with saved progress, sorted.
  func listLearners() throws(ProgressStoreError) -> [LearnerName]
  /// When the learner's progress was last saved, if it was (the menu's "continue as").
  func lastSaved(learner: LearnerName) -> Date?
}

extension ProgressStoring {
  public func lastSaved(learner: LearnerName) -> Date? { ((try? peek(learner: learner)) ?? nil)?.updated }
}

/// What ``ProgressStoring/load(learner:)`` found.
public struct LoadedProgress: Sendable, Equatable {
  /// The progress to continue with.
  public var progress: LearnerProgress
  /// True when nothing usable was saved (no file, or a file moved aside).
  public var isNew: Bool
  /// Where an unreadable progress file was moved (`NAME.json.corrupt-YYYYMMDDTHHMMSSZ`); the
  /// caller must tell the learner. Nil when nothing was moved.
  public var movedAside: String?
  /// Why the moved file could not be read (`not valid JSON…`), when ``movedAside`` is set.
  public var problem: String?
  /// Leftover temporary files of saves cut short, found before loading (see
  /// ``ProgressStore/sweepTemporaryFiles(learner:)``); the caller must tell the learner about
  /// ``TemporarySweep/kept``.
  public var sweep: TemporarySweep

  public init(
    progress: LearnerProgress, isNew: Bool, movedAside: String? = nil, problem: String? = nil,
    sweep: TemporarySweep = TemporarySweep()
  ) {
    self.progress = progress
    self.isNew = isNew
    self.movedAside = movedAside
    self.problem = problem
    self.sweep = sweep
  }
}

/// What ``ProgressStore/sweepTemporaryFiles(learner:)`` found: the temporary files
/// (`.NAME.json.tmp-…`) of saves that were cut short (the process killed, the power cut).
public struct TemporarySweep: Sendable, Equatable {
  /// Temporary files deleted: older than `NAME.json`, or not valid progress.
  public var removed: [String]
  /// Temporary files newer than `NAME.json` holding valid progress (a save that was written but
  /// not yet put in place): kept, renamed to `NAME.json.unsaved-YYYYMMDDTHHMMSSZ`, and listed
  /// here so the caller can tell the learner. Progress continues from `NAME.json`.
  public var kept: [String]

  public init(removed: [String] = [], kept: [String] = []) {
    self.removed = removed
    self.kept = kept
  }
}

/// Progress as JSON files, one per learner, under `DATA/progress/`.
///
/// - `load` never replaces a file silently: a file that is not valid progress is *moved aside* to
///   `NAME.json.corrupt-YYYYMMDDTHHMMSSZ` (bytes untouched) and the result says so; a file with a
///   newer `schema` is refused and left untouched.
/// - `save` is atomic: a uniquely named temporary file in the same folder is written, fsynced,
///   renamed over `NAME.json`, and the folder fsynced. After a crash or power cut the file is
///   either the old or the new version, never a mix.
/// - Callers hold the learner's lock (``acquire(learner:)``) for the whole session, from before
///   `load` until after the last `save`, so two windows never overwrite each other's progress.
public struct ProgressStore: ProgressStoring {
  /// The data folder.
  public let folder: DataFolder
  let now: @Sendable () -> Date

  /// The session entries last read or written, for the next save (see ``SessionsMemo``).
  let memo = SessionsMemo()

  /// A store in `folder`; `now` is the clock used for new progress and moved-aside file names.
  public init(folder: DataFolder, now: @escaping @Sendable () -> Date = { Date() }) {
    self.folder = folder
    self.now = now
  }

  /// `DATA/progress/NAME.json`.
  public func path(for learner: LearnerName) -> String { folder.progressFolder + "/" + learner.fileStem + ".json" }
  /// `DATA/progress/NAME.lock`.
  public func lockPath(for learner: LearnerName) -> String { folder.progressFolder + "/" + learner.fileStem + ".lock" }

  // MARK: Load

  /// Loads the learner's progress; call it holding the learner's lock. Leftover temporary files of
  /// saves cut short are cleaned up first (``sweepTemporaryFiles(learner:)``; the result is in
  /// ``LoadedProgress/sweep``).
  public func load(learner: LearnerName) throws(ProgressStoreError) -> LoadedProgress {
    let sweep = sweepTemporaryFiles(learner: learner)
    let path = path(for: learner)
    let fs = LocalFileSystem()
    let fresh = LoadedProgress(progress: LearnerProgress(learner: learner, now: now()), isNew: true, sweep: sweep)
    switch fs.kind(of: path) {
    case .missing: return fresh
    case .directory: throw .unreadable(path, reason: "it is a folder, not a file")
    case .file: break
    }
    let identity = FileIdentity(of: path)
    let bytes: [UInt8]
    do { bytes = try fs.read(path) } catch {
      if case .notFound = error { return fresh }
      throw .unreadable(path, reason: Self.reason(error))
    }
    let (decoded, sessions) = Self.decodeKeepingSessions(bytes)
    switch decoded {
    case .progress(var p):
      if (try? LearnerName(p.learner))?.key != learner.key { p.learner = learner.display }
      // The next save copies these session entries from the file's bytes instead of writing them again.
      memo.remember(
        learner: learner, file: identity, sessions: p.sessions,
        text: sessions.map { ProgressJSON.WrittenSessions(count: p.sessions.count, pieces: [bytes[$0]]) })
      return LoadedProgress(progress: p, isNew: false, sweep: sweep)
    case .newerSchema(let found):
      throw .newerSchema(path, found: found, supported: LearnerProgress.currentSchema)
    case .corrupt(let why):
      let aside = try moveAside(path)
      var loaded = fresh
      loaded.movedAside = aside
      loaded.problem = why
      return loaded
    }
  }

  /// `.NAME.json.tmp-`: how the temporary files of the learner's saves begin.
  func temporaryPrefix(for learner: LearnerName) -> String { "." + learner.fileStem + ".json.tmp-" }

  /// Cleans up the temporary files (`.NAME.json.tmp-…`) that saves cut short by a kill or a power
  /// cut left behind. Call it holding the learner's lock (``load(learner:)`` does), so no save of
  /// this learner is under way.
  ///
  /// A temporary file older than `NAME.json` (or as old), or that is not valid progress of this
  /// learner, is deleted. One *newer* than `NAME.json` (or with no `NAME.json`) that is valid
  /// progress is a save that was written in full but not yet put in place: it is never deleted
  /// silently but renamed to `NAME.json.unsaved-YYYYMMDDTHHMMSSZ` (`-2`, `-3`… if taken) and
  /// listed in ``TemporarySweep/kept`` for the caller to report. Progress goes on from `NAME.json`,
  /// the last save that was completed (and so the last one the learner was shown).
  /// Problems (a folder that cannot be listed, a file that cannot be removed) are not errors: the
  /// files stay for the next start.
  @discardableResult
  public func sweepTemporaryFiles(learner: LearnerName) -> TemporarySweep {
    var sweep = TemporarySweep()
    let dir = folder.progressFolder
    let prefix = temporaryPrefix(for: learner)
    let leftovers = Self.names(in: dir, prefix: prefix)
    guard !leftovers.isEmpty else { return sweep }
    let target = path(for: learner)
    let saved = Self.modified(target)
    for name in leftovers {
      let temp = dir + "/" + name
      var st = stat()
      guard lstat(temp, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
      if let mtime = Self.modified(temp), saved.map({ mtime > $0 }) ?? true, isProgress(temp, of: learner),
        let kept = try? moveAside(temp, to: target + ".unsaved-")
      {
        sweep.kept.append(kept)
        continue
      }
      if unlink(temp) == 0 { sweep.removed.append(temp) }
    }
    return sweep
  }

  /// Whether the file at `path` holds valid progress of `learner`.
  private func isProgress(_ path: String, of learner: LearnerName) -> Bool {
    guard let bytes = try? LocalFileSystem().read(path), case .progress(let p) = Self.decode(bytes) else { return false }
    return (try? LearnerName(p.learner))?.key == learner.key
  }

  /// Names in `dir` that start with `prefix` (not `.` or `..`); empty when it cannot be listed.
  static func names(in dir: String, prefix: String) -> [String] {
    guard let d = opendir(dir) else { return [] }
    defer { closedir(d) }
    var found: [String] = []
    let wanted = Array(prefix.utf8)
    while let entry = readdir(d) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> [UInt8] in
        Array(raw.prefix { $0 != 0 })
      }
      if name.count > wanted.count, name.starts(with: wanted) { found.append(String(decoding: name, as: UTF8.self)) }
    }
    return found.sorted()
  }

  /// When the file at `path` was last modified, to the nanosecond; nil when there is none.
  static func modified(_ path: String) -> FileTime? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    #if canImport(Darwin)
    return FileTime(seconds: Int(st.st_mtimespec.tv_sec), nanoseconds: Int(st.st_mtimespec.tv_nsec))
    #else
    return FileTime(seconds: Int(st.st_mtim.tv_sec), nanoseconds: Int(st.st_mtim.tv_nsec))
    #endif
  }

  /// A file's modification time.
  struct FileTime: Comparable {
    var seconds: Int
    var nanoseconds: Int
    static func < (a: FileTime, b: FileTime) -> Bool { (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds) }
  }

  public func peek(learner: LearnerName) throws(ProgressStoreError) -> LearnerProgress? {
    let path = path(for: learner)
    let fs = LocalFileSystem()
    switch fs.kind(of: path) {
    case .missing: return nil
    case .directory: throw .unreadable(path, reason: "it is a folder, not a file")
    case .file: break
    }
    let bytes: [UInt8]
    do { bytes = try fs.read(path) } catch {
      if case .notFound = error { return nil }
      throw .unreadable(path, reason: Self.reason(error))
    }
    switch Self.decode(bytes) {
    case .progress(var p):
      if (try? LearnerName(p.learner))?.key != learner.key { p.learner = learner.display }
      return p
    case .newerSchema(let found): throw .newerSchema(path, found: found, supported: LearnerProgress.currentSchema)
    case .corrupt(let why): throw .corrupt(path, problem: why)
    }
  }

  enum Decoded {
    case progress(LearnerProgress)
    case newerSchema(Int)
    case corrupt(String)
  }

  /// Decodes a progress file's bytes.
  static func decode(_ bytes: [UInt8]) -> Decoded { decodeKeepingSessions(bytes).decoded }

  /// ``decode(_:)``, and where the session entries are in `bytes` when the file was read by hand
  /// (see ``ProgressFastDecoder/decodeKeepingSessions(_:)``).
  static func decodeKeepingSessions(_ bytes: [UInt8]) -> (decoded: Decoded, sessions: Range<Int>?) {
    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0 }) {
      return (.corrupt(bytes.isEmpty ? "the file is empty" : "the file holds no data"), nil)
    }
    // Files as Bazaar writes them: by hand, in linear time (nil for anything else, read below).
    if let (p, range) = ProgressFastDecoder.decodeKeepingSessions(bytes) { return (.progress(p), range) }
    return (decodeWithJSONDecoder(bytes), nil)
  }

  /// The reference reading, with `JSONDecoder` (which also words what is wrong).
  static func decodeWithJSONDecoder(_ bytes: [UInt8]) -> Decoded {
    struct Probe: Decodable { var schema: Int? }
    let data = Data(bytes)
    let decoder = ISOTime.decoder()
    let probe: Probe
    do { probe = try decoder.decode(Probe.self, from: data) } catch { return .corrupt(describe(error)) }
    guard let schema = probe.schema else { return .corrupt("it has no \"schema\" number, so it is not a Bazaar progress file") }
    if schema > LearnerProgress.currentSchema { return .newerSchema(schema) }
    if schema < 1 { return .corrupt("\"schema\": \(schema) is not a progress schema") }
    do { return .progress(try decoder.decode(LearnerProgress.self, from: data)) } catch { return .corrupt(describe(error)) }
  }

  /// A short reason for a decoding failure.
  static func describe(_ error: any Error) -> String {
    guard let e = error as? DecodingError else { return "not valid JSON (it may have been cut short)" }
    func at(_ path: [any CodingKey]) -> String {
      let p = path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
      return p.isEmpty ? "" : " at \(p)"
    }
    switch e {
    case .dataCorrupted(let c):
      return c.codingPath.isEmpty ? "not valid JSON (it may have been cut short)" : "bad value\(at(c.codingPath)): \(c.debugDescription)"
    case .keyNotFound(let k, let c): return "missing \"\(k.stringValue)\"\(at(c.codingPath))"
    case .typeMismatch(let t, let c): return "wrong type\(at(c.codingPath)) (expected \(t))"
    case .valueNotFound(let t, let c): return "missing value\(at(c.codingPath)) (expected \(t))"
    @unknown default: return "not valid progress"
    }
  }

  /// Renames `path` to `path.corrupt-YYYYMMDDTHHMMSSZ` (or `…Z-2`, `-3`… if taken), never over
  /// an existing file; returns the new path.
  func moveAside(_ path: String) throws(ProgressStoreError) -> String {
    try moveAside(path, to: path + ".corrupt-")
  }

  /// Renames `path` to `stem` + `YYYYMMDDTHHMMSSZ` (or `…Z-2`, `-3`… if taken), never over an
  /// existing file; returns the new path.
  func moveAside(_ path: String, to stem: String) throws(ProgressStoreError) -> String {
    let base = stem + ISOTime.compact(now())
    for n in 1...999 {
      let aside = n == 1 ? base : base + "-\(n)"
      if link(path, aside) == 0 {
        unlink(path)
        Self.syncFolder(of: path)
        return aside
      }
      let err = errno
      if err == EEXIST { continue }
      // No hard links here (some USB file systems): rename, after checking the name is free.
      var st = stat()
      if lstat(aside, &st) == 0 { continue }
      if rename(path, aside) == 0 {
        Self.syncFolder(of: path)
        return aside
      }
      throw .cannotMoveAside(path, reason: String(cString: strerror(errno)))
    }
    throw .cannotMoveAside(path, reason: "too many moved-aside copies already")
  }

  // MARK: Save

  public func save(_ progress: LearnerProgress) throws(ProgressStoreError) {
    let learner: LearnerName
    do { learner = try LearnerName(progress.learner) } catch { throw .invalidName(progress.learner, error) }
    do { try folder.createFolder(folder.progressFolder) } catch { throw .folder(error) }
    let target = path(for: learner)
    let onDisk = FileIdentity(of: target)
    let written: (pieces: [ArraySlice<UInt8>], count: Int, sessions: ProgressJSON.WrittenSessions?)
    do {
      written = try ProgressJSON.pieces(
        progress, capacity: (onDisk?.size ?? 0) + 4096, reusing: memo.reusable(learner: learner, for: progress.sessions))
    } catch {
      throw .cannotWrite(target, reason: "cannot encode progress: \(error)")
    }
    // When the file is the one this store last read or wrote (same inode, size and time), its schema
    // is known; otherwise look (a caller may have ignored a newerSchema error from load).
    if let onDisk, !memo.isCurrent(learner: learner, file: onDisk), let found = Self.schemaOnDisk(target),
      found > LearnerProgress.currentSchema
    {
      throw .newerSchema(target, found: found, supported: LearnerProgress.currentSchema)
    }
    do {
      try Self.writeAtomically(written.pieces + [[0x0A]], to: target, tempName: "." + learner.fileStem + ".json.tmp-")
    } catch {
      memo.forget()
      throw error
    }
    memo.remember(learner: learner, file: FileIdentity(of: target), sessions: progress.sessions, text: written.sessions)
  }

  /// The top-level `schema` number of the file at `path`, found by a quick scan (the file is
  /// mapped, not read, and the scan stops at the key); nil when there is no file or no number.
  /// Guards against a caller that ignored a `newerSchema` error from `load` and would otherwise
  /// write over a newer build's progress.
  static func schemaOnDisk(_ path: String) -> Int? {
    guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else { return nil }
    return data.withUnsafeBytes { raw in ProgressFastDecoder.schema(raw.bindMemory(to: UInt8.self)) }
  }

  /// Writes `bytes` to `target` atomically: temp file in the same folder, fsync, rename, fsync folder.
  static func writeAtomically(_ bytes: [UInt8], to target: String, tempName: String) throws(ProgressStoreError) {
    try writeAtomically([bytes[...]], to: target, tempName: tempName)
  }

  /// ``writeAtomically(_:to:tempName:)`` of the concatenation of `pieces`.
  static func writeAtomically(_ pieces: [ArraySlice<UInt8>], to target: String, tempName: String) throws(ProgressStoreError) {
    let fd: Int32
    let temp: String
    switch AtomicFile.create(beside: target, prefix: tempName) {
    case .success(let made): (fd, temp) = made
    case .failure(let f): throw .cannotWrite(target, reason: f.reason)
    }
    var failure: String? = nil
    for piece in pieces where failure == nil {
      failure = piece.withUnsafeBytes { writeFully(fd, $0) }
    }
    if let reason = AtomicFile.finish(fd: fd, temp: temp, target: target, failure: failure) {
      throw .cannotWrite(target, reason: reason)
    }
  }

  static func parent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  /// fsyncs the folder holding `path`, so a rename in it survives a power cut.
  static func syncFolder(of path: String) {
    let fd = open(parent(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { return }
    _ = fsync(fd)
    close(fd)
  }

  static func reason(_ e: FileSystemError) -> String {
    switch e {
    case .notFound: "not found"
    case .isDirectory: "it is a folder"
    case .unreadable(_, let r): r
    }
  }

  /// The progress file's modification time: no need to read it.
  public func lastSaved(learner: LearnerName) -> Date? {
    var st = stat()
    guard stat(path(for: learner), &st) == 0 else { return nil }
    return Date(timeIntervalSince1970: Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9)
  }

  // MARK: List

  public func listLearners() throws(ProgressStoreError) -> [LearnerName] {
    let dir = folder.progressFolder
    var st = stat()
    guard stat(dir, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { return [] }
    let names: [String]
    do { names = try FileManager.default.contentsOfDirectory(atPath: dir) } catch {
      throw .unreadable(dir, reason: "cannot list the folder")
    }
    let fs = LocalFileSystem()
    var found = Set<LearnerName>()
    for file in names where file.hasSuffix(".json") && !file.hasPrefix(".") {
      // Only the top-level "learner" is read (a scan, not a decode of the whole file).
      guard let bytes = try? fs.read(dir + "/" + file),
        let learner = ProgressFastDecoder.learnerName(bytes),
        let name = try? LearnerName(learner),
        name.fileStem + ".json" == file
      else { continue }
      found.insert(name)
    }
    return found.sorted()
  }

  // MARK: Lock

  /// Takes the learner's advisory lock (`DATA/progress/NAME.lock`, `flock(LOCK_EX|LOCK_NB)`),
  /// writing who holds it into the file. Throws ``ProgressStoreError/alreadyInUse(learner:holder:)``
  /// naming the holder if another window (process, or another lock in this process) has it.
  ///
  /// The kernel releases the lock when the holder's process ends, however it ends, so a lock file
  /// left by a crash never blocks: the file's existence means nothing, only the lock on it.
  public func acquire(learner: LearnerName) throws(ProgressStoreError) -> ProgressLock {
    do { try folder.createFolder(folder.progressFolder) } catch { throw .folder(error) }
    let path = lockPath(for: learner)
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw .lockFailed(path, reason: String(cString: strerror(errno))) }
    while flock(fd, LOCK_EX | LOCK_NB) != 0 {
      let err = errno
      if err == EINTR { continue }
      close(fd)
      if err == EWOULDBLOCK || err == EAGAIN {
        throw .alreadyInUse(learner: learner.display, holder: Self.readHolder(path))
      }
      throw .lockFailed(path, reason: String(cString: strerror(err)))
    }
    let holder = LockHolder(pid: Int(getpid()), host: Self.hostName(), since: ISOTime.truncated(now()), learner: learner.display)
    // Written by hand (keys sorted, as JSONEncoder wrote them): JSONEncoder's first use costs start-up time.
    let fields: [(String, JSONLine.Value)] = [
      ("host", .string(holder.host)), ("learner", .string(holder.learner)), ("pid", .int(holder.pid)),
      ("since", .string(ISOTime.string(holder.since))),
    ]
    if let line = try? JSONLine.object(fields) {
      let data = Array((line + "\n").utf8)
      _ = ftruncate(fd, 0)
      data.withUnsafeBytes { raw in
        if let base = raw.baseAddress { _ = pwrite(fd, base, raw.count, 0) }
      }
    }
    return ProgressLock(fd: fd, path: path, learner: learner, holder: holder)
  }

  /// Who holds the lock, as written in the file; nil if unreadable or written by a process that
  /// is gone on this host (the new holder has not written yet).
  static func readHolder(_ path: String) -> LockHolder? {
    guard let bytes = try? LocalFileSystem().read(path), !bytes.isEmpty,
      let holder = try? ISOTime.decoder().decode(LockHolder.self, from: Data(bytes))
    else { return nil }
    if holder.host == hostName(), holder.pid > 0, holder.pid <= Int(Int32.max), kill(pid_t(holder.pid), 0) != 0, errno == ESRCH {
      return nil
    }
    return holder
  }

  static func hostName() -> String {
    var buf = [CChar](repeating: 0, count: 256)
    guard gethostname(&buf, buf.count - 1) == 0 else { return "this computer" }
    let bytes = buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    let name = String(decoding: bytes, as: UTF8.self)
    return name.isEmpty ? "this computer" : name
  }
}

/// Which file a path named when it was looked at: device, inode, size and modification time.
struct FileIdentity: Equatable, Sendable {
  var device: UInt64
  var inode: UInt64
  var size: Int
  var seconds: Int
  var nanoseconds: Int

  /// The identity of the file at `path`; nil when there is none.
  init?(of path: String) {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    device = UInt64(truncatingIfNeeded: st.st_dev)
    inode = UInt64(truncatingIfNeeded: st.st_ino)
    size = Int(st.st_size)
    #if canImport(Darwin)
    seconds = Int(st.st_mtimespec.tv_sec)
    nanoseconds = Int(st.st_mtimespec.tv_nsec)
    #else
    seconds = Int(st.st_mtim.tv_sec)
    nanoseconds = Int(st.st_mtim.tv_nsec)
    #endif
  }
}

/// What a store knows about a learner's file from its own last read or write of it: which file it
/// was (so a save need not look for a newer schema in a file it wrote itself) and the text of its
/// session entries, so the next save copies them instead of writing them again — sessions are only
/// ever added, and a learner with tens of thousands of them would otherwise spend most of every
/// save (one after each answer) rewriting the same text. The entries are used only when the
/// sessions to save begin with exactly these.
final class SessionsMemo: @unchecked Sendable {
  private let lock = NSLock()
  private var learner: LearnerName?
  private var file: FileIdentity?
  private var sessions: [SessionSummary] = []
  private var text: ProgressJSON.WrittenSessions?

  /// Remembers the file as read or written, and that `text` (if any) holds the entries of `sessions`.
  func remember(learner: LearnerName, file: FileIdentity?, sessions: [SessionSummary], text: ProgressJSON.WrittenSessions?) {
    lock.withLock {
      self.learner = learner
      self.file = file
      self.sessions = text == nil ? [] : sessions
      self.text = text
    }
  }

  func forget() {
    lock.withLock {
      learner = nil
      file = nil
      sessions = []
      text = nil
    }
  }

  /// Whether `file` is the learner's file as this store last read or wrote it.
  func isCurrent(learner: LearnerName, file: FileIdentity) -> Bool {
    lock.withLock { self.learner == learner && self.file == file }
  }

  /// The remembered entries, when `all` (the learner's sessions to save) begins with them.
  func reusable(learner: LearnerName, for all: [SessionSummary]) -> ProgressJSON.WrittenSessions? {
    lock.withLock {
      guard let mine = self.learner, mine == learner, let text, text.count == sessions.count, !sessions.isEmpty,
        all.count >= sessions.count
      else { return nil }
      let same = all.count == sessions.count ? all == sessions : all[0..<sessions.count] == sessions[0..<sessions.count]
      return same ? text : nil
    }
  }
}

/// Who holds a learner's lock: written into `NAME.lock` when taken.
public struct LockHolder: Codable, Sendable, Equatable {
  /// Process id.
  public var pid: Int
  /// Host name of the computer.
  public var host: String
  /// When the lock was taken.
  public var since: Date
  /// The learner's name.
  public var learner: String

  public init(pid: Int, host: String, since: Date, learner: String) {
    self.pid = pid
    self.host = host
    self.since = since
    self.learner = learner
  }
}

/// A learner's lock, held until ``release()`` or until it is deinitialised (or the process ends).
public final class ProgressLock: @unchecked Sendable {
  /// The learner.
  public let learner: LearnerName
  /// The lock file.
  public let path: String
  /// What was written into the lock file.
  public let holder: LockHolder
  private let mutex = NSLock()
  private var fd: Int32

  init(fd: Int32, path: String, learner: LearnerName, holder: LockHolder) {
    self.fd = fd
    self.path = path
    self.learner = learner
    self.holder = holder
  }

  /// Whether the lock is still held.
  public var isHeld: Bool { mutex.withLock { fd >= 0 } }

  /// Releases the lock (idempotent). The lock file stays; only the lock on it matters.
  public func release() {
    mutex.withLock {
      guard fd >= 0 else { return }
      _ = flock(fd, LOCK_UN)
      close(fd)
      fd = -1
    }
  }

  deinit { release() }
}

/// Why progress could not be loaded, saved or locked; messages name the file and what to do.
public enum ProgressStoreError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The learner name in the progress is not a valid name.
  case invalidName(String, LearnerNameError)
  /// The data folder cannot be used.
  case folder(DataFolderError)
  /// The file exists but cannot be read (permissions, I/O error).
  case unreadable(String, reason: String)
  /// The file is not valid progress (from `peek`, which leaves it where it is).
  case corrupt(String, problem: String)
  /// The file was written by a newer Bazaar; it is left untouched.
  case newerSchema(String, found: Int, supported: Int)
  /// The file is not valid progress and could not be moved aside; nothing was changed.
  case cannotMoveAside(String, reason: String)
  /// Saving failed; the previous file is intact.
  case cannotWrite(String, reason: String)
  /// Another window holds the learner's lock.
  case alreadyInUse(learner: String, holder: LockHolder?)
  /// The lock file cannot be opened or locked.
  case lockFailed(String, reason: String)

  public var description: String {
    switch self {
    case .invalidName(let n, let e):
      return "cannot save progress for \"\(n)\": \(e)"
    case .folder(let e):
      return e.description
    case .unreadable(let p, let r):
      return "\(p): cannot read progress (\(r)); check its permissions"
    case .corrupt(let p, let problem):
      return "\(p) is not readable progress (\(problem)); it will be moved aside and a fresh start made when this learner next starts a lesson"
    case .newerSchema(let p, let found, let supported):
      return "\(p) was written by a newer Bazaar (progress schema \(found); this one reads up to \(supported)); it was left untouched. Update Bazaar to continue with this learner"
    case .cannotMoveAside(let p, let r):
      return "\(p) is not readable progress and could not be moved aside (\(r)); nothing was changed. Move the file away by hand, then start again"
    case .cannotWrite(let p, let r):
      return "cannot save progress to \(p) (\(r)); the previously saved progress is unchanged"
    case .alreadyInUse(let learner, let holder):
      guard let h = holder else { return "\(learner) is already learning in another window" }
      return "\(learner) is already learning in another window (pid \(h.pid) on \(h.host) since \(ISOTime.localShort(h.since, now: Date())))"
    case .lockFailed(let p, let r):
      return "cannot lock \(p) (\(r)); check the data folder's permissions"
    }
  }
}

/// Progress in memory, for tests of the engine.
public final class MemoryProgressStore: ProgressStoring, @unchecked Sendable {
  private let mutex = NSLock()
  private var records: [LearnerName: LearnerProgress] = [:]
  private var saves = 0
  private let now: @Sendable () -> Date

  /// A store holding `progress` (keyed by each one's learner), with `now` for new progress.
  public init(_ progress: [LearnerProgress] = [], now: @escaping @Sendable () -> Date = { Date(timeIntervalSince1970: 0) }) {
    self.now = now
    for p in progress {
      if let name = try? LearnerName(p.learner) { records[name] = p }
    }
  }

  /// How many times `save` was called.
  public var saveCount: Int { mutex.withLock { saves } }

  /// What is saved for `learner`, if anything.
  public func saved(_ learner: LearnerName) -> LearnerProgress? { mutex.withLock { records[learner] } }

  public func load(learner: LearnerName) throws(ProgressStoreError) -> LoadedProgress {
    if let p = mutex.withLock({ records[learner] }) { return LoadedProgress(progress: p, isNew: false) }
    return LoadedProgress(progress: LearnerProgress(learner: learner, now: now()), isNew: true)
  }

  public func peek(learner: LearnerName) throws(ProgressStoreError) -> LearnerProgress? {
    mutex.withLock { records[learner] }
  }

  public func save(_ progress: LearnerProgress) throws(ProgressStoreError) {
    let name: LearnerName
    do { name = try LearnerName(progress.learner) } catch { throw .invalidName(progress.learner, error) }
    mutex.withLock {
      records[name] = progress
      saves += 1
    }
  }

  public func listLearners() throws(ProgressStoreError) -> [LearnerName] {
    mutex.withLock { records.keys.sorted() }
  }
}
