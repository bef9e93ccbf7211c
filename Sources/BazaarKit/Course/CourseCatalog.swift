import Foundation

/// The courses found in course folders (`courses/` of the package, of the current folder, or `--courses`).
public struct CourseCatalog {
  /// A course file and what loading it gave.
  public struct Entry {
    public var path: String
    public var loaded: LoadedCourse
  }

  /// Every course file found, in folder order then path order.
  public var entries: [Entry]

  /// Finds and loads every course file (lexicons and question banks are skipped) under `folders`.
  public init(folders: [String], fileSystem: any FileSystem = LocalFileSystem()) {
    var seen = Set<String>()
    var entries: [Entry] = []
    for folder in folders {
      guard let files = try? fileSystem.files(under: folder) else { continue }
      for path in files where Linter.isYAML(path) && seen.insert(Self.canonical(path)).inserted {
        guard let bytes = try? fileSystem.read(path), YAMLFileKind.of(bytes) == .course else { continue }
        entries.append(Entry(path: path, loaded: CourseLoader.parse(bytes: bytes, path: path, fileSystem: fileSystem)))
      }
    }
    self.entries = entries
  }

  /// `path` made absolute with symlinks resolved, so one file found twice is listed once.
  static func canonical(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }

  /// The folders searched by default: `courses/` in the package and in the current folder.
  public static func defaultFolders(extra: [String] = []) -> [String] {
    var folders = extra
    if extra.isEmpty {
      if let root = PackageLocator.packageRoot() { folders.append(root + "/courses") }
      folders.append("courses")
    }
    return folders
  }
}
