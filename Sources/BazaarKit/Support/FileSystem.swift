import Foundation

/// The file system, as Bazaar needs it. Production uses `LocalFileSystem`; tests may fake it.
public protocol FileSystem: Sendable {
  /// What is at `path`: nothing, a file (with its size in bytes), or a directory.
  func kind(of path: String) -> FileKind
  /// The whole file.
  func read(_ path: String) throws(FileSystemError) -> [UInt8]
  /// Files under `directory`, recursively, sorted, skipping hidden entries.
  func files(under directory: String) throws(FileSystemError) -> [String]
}

/// What a path names.
public enum FileKind: Sendable, Equatable {
  case missing
  case file(size: Int)
  case directory
}

/// Why a file could not be read; the message names the path and what to check.
public enum FileSystemError: Error, Sendable, Equatable, CustomStringConvertible {
  case notFound(String)
  case isDirectory(String)
  case unreadable(String, reason: String)

  /// The message in English.
  public var description: String { message(.english) }

  /// The message in `messages`' language (the system's `reason` stays as the system gave it).
  public func message(_ messages: MessageCatalog) -> String {
    switch self {
    case .notFound(let p): messages.text("file.notFound", ["path": p])
    case .isDirectory(let p): messages.text("file.isDirectory", ["path": p])
    case .unreadable(let p, let reason): messages.text("file.unreadable", ["path": p, "reason": reason])
    }
  }
}

/// The real file system, through POSIX calls.
public struct LocalFileSystem: FileSystem {
  /// Creates the real file system.
  public init() {}

  public func kind(of path: String) -> FileKind {
    var st = stat()
    guard stat(path, &st) == 0 else { return .missing }
    if (st.st_mode & S_IFMT) == S_IFDIR { return .directory }
    return .file(size: Int(st.st_size))
  }

  public func read(_ path: String) throws(FileSystemError) -> [UInt8] {
    switch kind(of: path) {
    case .missing: throw .notFound(path)
    case .directory: throw .isDirectory(path)
    case .file: break
    }
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw .unreadable(path, reason: String(cString: strerror(errno))) }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var st = stat()
    // The file's size as a first guess (it may change while read: reading goes on to the end).
    if fstat(fd, &st) == 0, st.st_size > 0 { bytes.reserveCapacity(Int(min(Int64(st.st_size), 1 << 30)) + 1) }
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = chunk.withUnsafeMutableBytes { buffer in Foundation.read(fd, buffer.baseAddress, buffer.count) }
      if n < 0 {
        if errno == EINTR { continue }
        throw .unreadable(path, reason: String(cString: strerror(errno)))
      }
      if n == 0 { break }
      bytes.append(contentsOf: chunk[0..<n])
    }
    return bytes
  }

  public func files(under directory: String) throws(FileSystemError) -> [String] {
    guard kind(of: directory) == .directory else { throw .notFound(directory) }
    var result: [String] = []
    var stack = [directory]
    var visited = 0
    while let dir = stack.popLast() {
      visited += 1
      if visited > 100_000 { break }
      guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
        if dir == directory { throw .unreadable(dir, reason: "cannot list folder") }
        continue
      }
      for name in names where !name.hasPrefix(".") {
        let full = dir.hasSuffix("/") ? dir + name : dir + "/" + name
        var st = stat()
        guard lstat(full, &st) == 0 else { continue }
        switch st.st_mode & S_IFMT {
        case S_IFDIR: stack.append(full)
        case S_IFREG: result.append(full)
        case S_IFLNK:
          if case .file = kind(of: full) { result.append(full) }
        default: break
        }
      }
    }
    return result.sorted()
  }
}

/// An in-memory file system for tests.
public struct MemoryFileSystem: FileSystem {
  /// Path → contents.
  public var files: [String: [UInt8]]

  /// Creates one from path → UTF-8 text.
  public init(_ texts: [String: String]) { files = texts.mapValues { Array($0.utf8) } }

  public func kind(of path: String) -> FileKind {
    if let f = files[path] { return .file(size: f.count) }
    let prefix = path.hasSuffix("/") ? path : path + "/"
    return files.keys.contains { $0.hasPrefix(prefix) } ? .directory : .missing
  }

  public func read(_ path: String) throws(FileSystemError) -> [UInt8] {
    if let f = files[path] { return f }
    if kind(of: path) == .directory { throw .isDirectory(path) }
    throw .notFound(path)
  }

  public func files(under directory: String) throws(FileSystemError) -> [String] {
    let prefix = directory.hasSuffix("/") ? directory : directory + "/"
    let found = files.keys.filter { $0.hasPrefix(prefix) }.sorted()
    if found.isEmpty { throw .notFound(directory) }
    return found
  }
}
