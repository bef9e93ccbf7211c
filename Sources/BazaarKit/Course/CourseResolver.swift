/// Finds the course a command names: a path to a course file, or a course id in the course folders.
public enum CourseResolver {
  /// Why a course could not be opened.
  public enum Failure: Error, Sendable, Equatable {
    /// No file or course id matches.
    case notFound(String, known: [String])
    /// The file has errors (run lint).
    case invalid(String, errors: Int)
  }

  /// The course `name` (a path, or an id found under `folders`), loaded and checked.
  public static func resolve(
    _ name: String, folders: [String], fileSystem: any FileSystem = LocalFileSystem()
  ) -> Result<(course: Course, loaded: LoadedCourse), Failure> {
    if Linter.isYAML(name) || name.contains("/"), case .file = fileSystem.kind(of: name) {
      let loaded = CourseLoader.load(path: name, fileSystem: fileSystem)
      guard let course = loaded.course else {
        return .failure(.invalid(name, errors: loaded.diagnostics.filter(\.isError).count))
      }
      return .success((course, loaded))
    }
    // Fast path: a file named after the id (`courses/sampler.yaml` for `sampler`).
    for folder in folders {
      for ext in [".yaml", ".yml"] {
        let path = folder + "/" + name + ext
        guard case .file = fileSystem.kind(of: path) else { continue }
        let loaded = CourseLoader.load(path: path, fileSystem: fileSystem)
        if let course = loaded.course, course.id == name { return .success((course, loaded)) }
      }
    }
    let catalog = CourseCatalog(folders: folders, fileSystem: fileSystem)
    for entry in catalog.entries {
      if let c = entry.loaded.course, c.id == name { return .success((c, entry.loaded)) }
      if entry.loaded.course == nil, entry.loaded.partial?.id == name {
        return .failure(.invalid(entry.path, errors: entry.loaded.diagnostics.filter(\.isError).count))
      }
    }
    return .failure(.notFound(name, known: catalog.entries.compactMap { $0.loaded.course?.id }))
  }
}
