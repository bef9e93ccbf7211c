import Foundation

/// The file system, as Bazaar needs it. Production uses `LocalFileSystem`; tests may fake it.
public protocol FileSystem: Sendable {
  /// What is at `path`: nothing, a file (with its size in bytes), or a directory.
  func kind(of path: String) -> FileKind
  /// The whole file.
  func read(_ path: String) throws(FileSystemError) -> [UInt8]
  /// Files under `directory`, recursively, sorted, skipping hidden entries.
  func files(under directory: String) throws(FileSystemError) -> [String]
  /// What `path` is, found without opening it (`lstat`, then `stat` through a link): so that a
  /// named pipe or a device is never opened, and a broken or looping link is told apart.
  func node(at path: String) -> FileNode
  /// The names in `directory` (not recursive, hidden names included), in no set order.
  func entries(in directory: String) throws(FileSystemError) -> [String]
  /// The permission bits of the file at `path` (`0o600`…), nil when unknown or missing.
  func permissions(of path: String) -> UInt16?
}

/// What a path names, with links followed; see ``FileSystem/node(at:)``.
public enum FileNode: Sendable, Equatable {
  case missing
  /// A regular file, with its size and identity (nil when the file system has none).
  case file(size: Int, id: FileID?)
  case directory(id: FileID?)
  /// A named pipe: opening it to read waits for a writer, for ever.
  case fifo
  case socket
  /// A character or block device (`/dev/zero`, a disk).
  case device
  /// A symbolic link to nothing; `target` is what it points to.
  case danglingLink(target: String)
  /// Links that lead round in a circle (the system gives up: `ELOOP`).
  case linkLoop
}

/// A file's identity (device and inode): the same folder reached by two paths has one.
public struct FileID: Sendable, Hashable {
  public var device: UInt64
  public var inode: UInt64
  public init(device: UInt64, inode: UInt64) {
    self.device = device
    self.inode = inode
  }
}

extension FileSystem {
  /// Unknown, unless the file system says.
  public func permissions(of path: String) -> UInt16? { nil }

  /// From ``kind(of:)``, for file systems that know no links or special files.
  public func node(at path: String) -> FileNode {
    switch kind(of: path) {
    case .missing: .missing
    case .file(let size): .file(size: size, id: nil)
    case .directory: .directory(id: nil)
    }
  }

  /// From ``files(under:)``: the first path component under `directory` of each file.
  public func entries(in directory: String) throws(FileSystemError) -> [String] {
    let prefix = directory.hasSuffix("/") ? directory : directory + "/"
    var names = Set<String>()
    for f in try files(under: directory) where f.hasPrefix(prefix) {
      if let first = f.dropFirst(prefix.count).split(separator: "/").first { names.insert(String(first)) }
    }
    return names.sorted()
  }
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
    // Without waiting: a named pipe put there since `kind(of:)` looked must not block the read;
    // what was opened is checked to be a regular file before a byte is read.
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard fd >= 0 else { throw .unreadable(path, reason: String(cString: strerror(errno))) }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw .unreadable(path, reason: String(cString: strerror(errno))) }
    guard (st.st_mode & S_IFMT) == S_IFREG else { throw .unreadable(path, reason: "not a regular file (a pipe, socket or device)") }
    // The file's size as a first guess (it may change while read: reading goes on to the end).
    if st.st_size > 0 { bytes.reserveCapacity(Int(min(Int64(st.st_size), 1 << 30)) + 1) }
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

  public func permissions(of path: String) -> UInt16? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    return UInt16(truncatingIfNeeded: st.st_mode & 0o7777)
  }

  public func node(at path: String) -> FileNode {
    var st = stat()
    if stat(path, &st) == 0 {
      let id = FileID(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
      switch st.st_mode & S_IFMT {
      case S_IFREG: return .file(size: Int(st.st_size), id: id)
      case S_IFDIR: return .directory(id: id)
      case S_IFIFO: return .fifo
      case S_IFSOCK: return .socket
      default: return .device
      }
    }
    if errno == ELOOP { return .linkLoop }
    // stat failed: a link whose target is missing still has an lstat of its own.
    guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK else { return .missing }
    let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? ""
    return .danglingLink(target: target)
  }

  public func entries(in directory: String) throws(FileSystemError) -> [String] {
    guard let dir = opendir(directory) else { throw .unreadable(directory, reason: String(cString: strerror(errno))) }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: &entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) { String(cString: $0) }
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
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
