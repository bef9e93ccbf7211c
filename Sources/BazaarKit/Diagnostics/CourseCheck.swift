import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a course may be taught: `bazaar start` and the menus refuse a course that `bazaar lint`
/// finds errors in (a wrong answer key, a missing lexicon…), naming the first error as lint prints
/// it. The checks are lint's own (``Linter/lintFile(_:)``), not a second set.
///
/// Linting a course takes longer than starting it (the self-check grades every answer key), so a
/// clean result is remembered: an empty file `DATA/cache/lint/KEY`, where KEY is a SHA-256 of this
/// build (version, and the executable's size and time), the course file's digest, and the path,
/// size, time and inode of every lexicon file the course uses. Any change to any of them makes a
/// new key, so the course is linted again. Courses with errors are never remembered.
public struct CourseCheck {
  /// Where clean results are remembered; nil to lint every time.
  public let cacheFolder: String?
  /// The language of the error's message.
  public let messages: MessageCatalog
  let fileSystem: any FileSystem

  /// A check remembering clean courses under `DATA/cache/lint` of `dataFolder` (if given).
  public init(dataFolder: DataFolder?, messages: MessageCatalog = .english, fileSystem: any FileSystem = LocalFileSystem()) {
    self.cacheFolder = dataFolder.map { $0.path == "/" ? "/cache/lint" : $0.path + "/cache/lint" }
    self.messages = messages
    self.fileSystem = fileSystem
  }

  /// What the check found.
  public enum Outcome: Sendable, Equatable {
    /// No errors (warnings do not block); `cached` when a clean result was remembered.
    case clean(cached: Bool)
    /// The first error, in file order, as ``Linter/lintFile(_:)`` reports it.
    case error(Diagnostic, count: Int)
  }

  /// Checks the course `loaded` from `path` (as ``CourseResolver`` loaded it).
  public func check(_ loaded: LoadedCourse, path: String) -> Outcome {
    let key = cacheKey(loaded, path: path)
    if let key, let folder = cacheFolder, case .file = fileSystem.kind(of: folder + "/" + key) { return .clean(cached: true) }
    let linted = Linter(fileSystem: fileSystem, messages: messages).lintFile(path)
    let errors = linted.diagnostics.filter(\.isError)
    if let first = errors.first { return .error(first, count: errors.count) }
    if let key, let folder = cacheFolder { remember(key, in: folder) }
    return .clean(cached: false)
  }

  /// The cache key for `loaded`, or nil when it cannot be made (no digest, a file not found).
  func cacheKey(_ loaded: LoadedCourse, path: String) -> String? {
    guard let digest = (loaded.course ?? loaded.partial)?.digest, !digest.isEmpty else { return nil }
    var text = "bazaar-lint-cache/1\n\(Bazaar.version)\n\(Self.executableIdentity)\ncourse \(digest)\n"
    for file in LexiconLibrary(fileSystem: fileSystem).files(for: loaded, coursePath: path) {
      guard let p = file.path, let id = Self.identity(of: p) else { return nil }
      text += "lexicon \(file.name) \(p) \(id)\n"
    }
    return Digest.sha256Hex(Array(text.utf8))
  }

  /// Size, modification time and inode of the file at `path`; nil when it cannot be read.
  static func identity(of path: String) -> String? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    #if canImport(Darwin)
    let t = st.st_mtimespec
    #else
    let t = st.st_mtim
    #endif
    return "\(st.st_size) \(t.tv_sec).\(t.tv_nsec) \(st.st_ino)"
  }

  /// This executable's size and time (so a rebuilt linter never trusts an older build's verdict).
  static let executableIdentity: String = {
    #if os(Linux)
    if let id = identity(of: "/proc/self/exe") { return id }
    #endif
    return CommandLine.arguments.first.flatMap { identity(of: $0) } ?? "unknown"
  }()

  /// Writes the empty marker `folder/key`; failures are ignored (the course is linted next time).
  func remember(_ key: String, in folder: String) {
    guard (try? DataFolder.makeFolder(folder)) != nil else { return }
    let fd = open(folder + "/" + key, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
    if fd >= 0 { close(fd) }
  }
}
