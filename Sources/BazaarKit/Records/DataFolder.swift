import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where Bazaar keeps learners' records: progress and transcripts.
///
/// Chosen, first match wins:
/// 1. `--data-dir FOLDER` (an empty value is an error, not "use the default");
/// 2. `BAZAAR_HOME`, when set and not empty;
/// 3. `$XDG_DATA_HOME/bazaar`, when `XDG_DATA_HOME` is set to an absolute path;
/// 4. `~/.local/share/bazaar`.
///
/// `~` and `~/…` at the start of `--data-dir` and `BAZAAR_HOME` are expanded; relative paths are
/// made absolute against the current folder, so messages name the real place.
///
/// Layout:
/// ```
/// DATA/progress/NAME.json              one learner's progress (docs/progress-format.md)
/// DATA/progress/NAME.lock              advisory lock held while the learner is in a session
/// DATA/progress/NAME.json.corrupt-…    an unreadable progress file, moved aside
/// DATA/progress/NAME.json.unsaved-…    a save cut short after it was written in full, kept
/// DATA/cache/lint/KEY                  a course lint found clean (``CourseCheck``)
/// DATA/transcripts/NAME/COURSE-TIME-SESSION.jsonl   session transcripts (docs/transcript-format.md)
/// ```
///
/// Folders are created on first write with mode 0755 and files with 0644 (both reduced by the
/// umask). On a shared PC, other accounts may read records but not change them; trainees who share
/// one account share the folder. Nothing is ever written anywhere else: if the folder cannot be
/// created or written, the error names it and says to pass `--data-dir` or set `BAZAAR_HOME`.
public struct DataFolder: Sendable, Hashable, CustomStringConvertible {
  /// Which rule chose the folder.
  public enum Origin: String, Sendable, Hashable {
    case option = "--data-dir"
    case bazaarHome = "BAZAAR_HOME"
    case xdgDataHome = "XDG_DATA_HOME"
    case home = "HOME"
  }

  /// Absolute path of the folder, without a trailing `/`.
  public let path: String
  /// Which rule chose it.
  public let origin: Origin

  /// A data folder at `path` (made absolute against the current folder).
  public init(path: String, origin: Origin = .option) {
    self.path = Self.absolute(path, currentDirectory: FileManager.default.currentDirectoryPath)
    self.origin = origin
  }

  init(absolute path: String, origin: Origin) {
    self.path = path
    self.origin = origin
  }

  public var description: String { path }

  /// Resolves the folder from the `--data-dir` value (nil when not given) and the environment.
  /// Touches nothing on disk.
  public static func resolve(
    option: String?,
    environment: [String: String] = ProcessInfo.processInfo.environment,
    currentDirectory: String = FileManager.default.currentDirectoryPath
  ) throws(DataFolderError) -> DataFolder {
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
    func expand(_ p: String) throws(DataFolderError) -> String {
      if p == "~" || p.hasPrefix("~/") {
        guard let home else { throw .noHome }
        return home + p.dropFirst()
      }
      return p
    }
    if let option {
      if option.isEmpty { throw .emptyOption }
      return DataFolder(absolute: absolute(try expand(option), currentDirectory: currentDirectory), origin: .option)
    }
    if let b = environment["BAZAAR_HOME"], !b.isEmpty {
      return DataFolder(absolute: absolute(try expand(b), currentDirectory: currentDirectory), origin: .bazaarHome)
    }
    if let x = environment["XDG_DATA_HOME"], x.hasPrefix("/") {
      return DataFolder(absolute: absolute(x + "/bazaar", currentDirectory: currentDirectory), origin: .xdgDataHome)
    }
    guard let home else { throw .noHome }
    return DataFolder(absolute: absolute(home + "/.local/share/bazaar", currentDirectory: currentDirectory), origin: .home)
  }

  /// `DATA/progress`.
  public var progressFolder: String { path == "/" ? "/progress" : path + "/progress" }
  /// `DATA/transcripts`.
  public var transcriptsFolder: String { path == "/" ? "/transcripts" : path + "/transcripts" }
  /// `DATA/transcripts/NAME`, one learner's transcripts.
  public func transcriptsFolder(for learner: LearnerName) -> String { transcriptsFolder + "/" + learner.fileStem }

  /// Creates `folder` (this data folder or a folder inside it) and any missing parents with mode
  /// 0755, and checks that it can be written.
  public func createFolder(_ folder: String) throws(DataFolderError) {
    try Self.makeFolder(folder)
  }

  /// Creates the data folder itself if needed and checks it can be written.
  public func create() throws(DataFolderError) { try Self.makeFolder(path) }

  // MARK: - Helpers

  /// `mkdir -p` with mode 0755, then a write check.
  static func makeFolder(_ folder: String) throws(DataFolderError) {
    var st = stat()
    if stat(folder, &st) == 0 {
      guard (st.st_mode & S_IFMT) == S_IFDIR else { throw .notAFolder(folder) }
    } else {
      var prefix = folder.hasPrefix("/") ? "" : "."
      for part in folder.split(separator: "/", omittingEmptySubsequences: true) {
        prefix += "/"
        prefix += part
        if mkdir(prefix, 0o755) == 0 { continue }
        let err = errno
        if err == EEXIST {
          var s = stat()
          if stat(prefix, &s) == 0, (s.st_mode & S_IFMT) == S_IFDIR { continue }
          throw prefix == folder ? .notAFolder(folder) : .cannotCreate(folder, reason: "\(prefix) is a file, not a folder")
        }
        let reason = String(cString: strerror(err))
        throw .cannotCreate(folder, reason: prefix == folder ? reason : "\(prefix): \(reason)")
      }
    }
    if access(folder, W_OK | X_OK) != 0 {
      throw .notWritable(folder, reason: String(cString: strerror(errno)))
    }
  }

  /// `path` made absolute against `currentDirectory`, without a trailing `/` or `.` components.
  static func absolute(_ path: String, currentDirectory: String) -> String {
    let joined = path.hasPrefix("/") ? path : currentDirectory + "/" + path
    var parts: [Substring] = []
    for part in joined.split(separator: "/", omittingEmptySubsequences: true) where part != "." {
      parts.append(part)
    }
    return "/" + parts.joined(separator: "/")
  }
}

/// Why the data folder cannot be used; every message says how to choose another one.
public enum DataFolderError: Error, Sendable, Equatable, CustomStringConvertible {
  /// `--data-dir ""`.
  case emptyOption
  /// Neither `--data-dir`, `BAZAAR_HOME`, `XDG_DATA_HOME` nor `HOME` says where to go.
  case noHome
  /// A folder could not be created.
  case cannotCreate(String, reason: String)
  /// The folder exists but cannot be written.
  case notWritable(String, reason: String)
  /// A file is where the folder should be.
  case notAFolder(String)

  static let advice = "pass --data-dir FOLDER or set BAZAAR_HOME to a folder you can write to"

  public var description: String {
    switch self {
    case .emptyOption:
      return "--data-dir was given an empty value; \(Self.advice)"
    case .noHome:
      return "cannot tell where to keep progress: HOME is not set; \(Self.advice)"
    case .cannotCreate(let p, let reason):
      return "cannot create the data folder \(p) (\(reason)); \(Self.advice)"
    case .notWritable(let p, let reason):
      return "cannot write to the data folder \(p) (\(reason)); \(Self.advice)"
    case .notAFolder(let p):
      return "\(p) is a file, not a folder, so it cannot hold Bazaar's data; \(Self.advice)"
    }
  }
}
