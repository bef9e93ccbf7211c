import Foundation

/// Finds the Bazaar package folder (the one holding `courses/` and `schema/`) from the running binary.
public enum PackageLocator {
  /// The package root: the nearest folder above the executable that holds `Package.swift` and `courses/`.
  public static func packageRoot(executable: String = CommandLine.arguments.first ?? "") -> String? {
    executable == runningExecutable ? runningRoot : find(executable)
  }

  /// The running binary's path and its package root, looked up once (start-up asks several times).
  private static let runningExecutable = CommandLine.arguments.first ?? ""
  private static let runningRoot = find(runningExecutable)

  private static func find(_ executable: String) -> String? {
    var path = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<8 {
      let fm = FileManager.default
      if fm.fileExists(atPath: path.appendingPathComponent("Package.swift").path),
        fm.fileExists(atPath: path.appendingPathComponent("courses").path)
      {
        return path.path
      }
      let up = path.deletingLastPathComponent()
      if up.path == path.path { break }
      path = up
    }
    return nil
  }
}
