/// The statements of many transcripts: the files under some paths (found as `bazaar grade` finds
/// them), each read and turned into statements with its course, if this build has it.
public struct XAPIExport: Sendable {
  public var courses: [String: BatchGrader.CourseEntry]
  public var maker: StatementMaker
  public var fileSystem: any FileSystem
  public var messages: MessageCatalog

  public init(courses: [String: BatchGrader.CourseEntry], maker: StatementMaker, fileSystem: any FileSystem = LocalFileSystem(), messages: MessageCatalog = .english) {
    self.courses = courses
    self.maker = maker
    self.fileSystem = fileSystem
    self.messages = messages
  }

  /// What was done: transcripts turned into statements, statements made, files left out (why).
  public struct Summary: Sendable, Equatable {
    public var transcripts = 0
    public var statements = 0
    public var skipped: [SkippedFile] = []
  }

  /// Calls `each` with every transcript's path, header and statements, in path order.
  public func run(_ paths: [String], each: (String, TranscriptHeader, [XAPIJSON]) -> Void) -> Summary {
    let grader = BatchGrader(courses: courses, fileSystem: fileSystem, messages: messages)
    let (files, skipped) = grader.collect(paths)
    var summary = Summary()
    summary.skipped = skipped.filter { $0.path.lowercased().hasSuffix(".jsonl") }
    for path in files.sorted() where path.lowercased().hasSuffix(".jsonl") {
      let contents: TranscriptContents
      do { contents = try TranscriptReader.read(path, fileSystem: fileSystem) } catch {
        summary.skipped.append(SkippedFile(path: path, reason: grader.reason(error)))
        continue
      }
      let entry = courses[contents.header.course.id]
      var live: LiveResult?
      if let entry, case .success(let scenario) = LiveReplay.scenario(for: contents.header, in: entry.course) {
        live = LiveReplay.run(contents, scenario: scenario, course: entry.course, lexicons: entry.lexicons).result
      }
      let statements = maker.statements(contents, course: entry?.course, live: live)
      summary.transcripts += 1
      summary.statements += statements.count
      each(path, contents.header, statements)
    }
    return summary
  }
}
