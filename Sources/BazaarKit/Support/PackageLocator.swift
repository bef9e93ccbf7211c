import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the Bazaar package folder (the one holding `courses/` and `schema/`) from the running binary.
public enum PackageLocator {
  /// The package root: the nearest folder above the executable that holds `Package.swift` and `courses/`.
  public static func packageRoot(executable: String = CommandLine.arguments.first ?? "") -> String? {
    executable == runningExecutable ? runningRoot : find(executable)
  }

  /// The running binary's own path (`/proc/self/exe`, so a link or a relative `argv[0]` does not
  /// mislead), else `argv[0]`: for starting helpers beside it.
  public static func runningExecutablePath() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    return n > 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : runningExecutable
  }

  /// The running binary's path and its package root, looked up once (start-up asks several times).
  private static let runningExecutable = CommandLine.arguments.first ?? ""
  private static let runningRoot = find(runningExecutable)

  private static func find(_ executable: String) -> String? {
    // realpath(3) and stat(2): Foundation's URL symlink resolution and FileManager cost more at
    // start-up than the rest of finding the course. URL only when realpath cannot.
    var dir: String
    if let resolved = realpath(executable, nil) {
      dir = String(cString: resolved)
      free(resolved)
    } else {
      dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().path
    }
    func exists(_ path: String) -> Bool {
      var st = stat()
      return stat(path, &st) == 0
    }
    for _ in 0..<9 {
      guard let slash = dir.lastIndex(of: "/") else { return nil }
      dir = slash == dir.startIndex ? "/" : String(dir[..<slash])
      let base = dir == "/" ? "" : dir
      if exists(base + "/Package.swift"), exists(base + "/courses") { return dir }
      if dir == "/" { return nil }
    }
    return nil
  }

  /// The `$schema` path an editor needs in a course file written to `file`: relative to the file's
  /// folder (`../schema/course.schema.json`), so that it still works when the folder of courses moves
  /// to another PC with Bazaar beside it; nil when Bazaar's schema folder is not found.
  public static func schemaPath(
    forFile file: String, schema name: String = "course.schema.json", root: String? = packageRoot()
  ) -> String? {
    guard let root else { return nil }
    let schema = URL(fileURLWithPath: root).appendingPathComponent("schema/" + name).standardizedFileURL.path
    let folder = URL(fileURLWithPath: file).deletingLastPathComponent().standardizedFileURL.path
    return relativePath(from: folder, to: schema)
  }

  /// `to` relative to the folder `from` (both absolute): `/a/b` → `/a/c/d` is `../c/d`.
  public static func relativePath(from: String, to: String) -> String {
    let a = from.split(separator: "/")
    let b = to.split(separator: "/")
    var common = 0
    while common < a.count, common < b.count, a[common] == b[common] { common += 1 }
    let up = Array(repeating: "..", count: a.count - common)
    return (up + b[common...].map(String.init)).joined(separator: "/")
  }
}
