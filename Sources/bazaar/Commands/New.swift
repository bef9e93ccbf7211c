import ArgumentParser
import BazaarKit
import Foundation

extension BazaarCommand {
  struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "new",  // named, not derived from the type name at run time (that costs start-up time)
      abstract: "Start a new course or question bank file that already passes `bazaar lint`.",
      discussion: """
        Examples:
          bazaar new course rose-tea      writes courses/rose-tea.yaml if ./courses exists, else ./rose-tea.yaml
          bazaar new bank margins         writes courses/banks/margins.yaml if ./courses exists, else ./margins.yaml;
                                          a lesson takes its questions with a step `- include: banks/margins.yaml`
        """)

    enum What: String, ExpressibleByArgument, CaseIterable { case course, bank }

    @Argument(help: "What to create: course, or bank (questions several courses share).")
    var what: What

    @Argument(help: "The id: ASCII letters, digits, '-', '_' (e.g. rose-tea).")
    var id: String

    @Option(name: .shortAndLong, help: "Where to write the file (default: courses/ID.yaml, courses/banks/ID.yaml for a bank, or ./ID.yaml).")
    var output: String?

    @Flag(help: "Overwrite the file if it exists.")
    var force = false

    func validate() throws {
      guard CourseTemplate.isValidID(id) else {
        throw ValidationError("'\(id)' cannot be a course id: use ASCII letters, digits, '-', '_' or '.', e.g. rose-tea.")
      }
    }

    func run() throws {
      let fm = FileManager.default
      var isDir: ObjCBool = false
      let intoCourses = output == nil && fm.fileExists(atPath: "courses", isDirectory: &isDir) && isDir.boolValue
      let folder = what == .bank ? "courses/banks" : "courses"
      let path = output ?? (intoCourses ? "\(folder)/\(id).yaml" : "\(id).yaml")
      if fm.fileExists(atPath: path) && !force {
        FileHandle.standardError.write(Data("error: \(path) already exists; choose another id, or add --force to overwrite it.\n".utf8))
        throw ExitCode(2)
      }
      // Relative to the file, so that the course still finds its schema on another PC.
      let schemaFile = what == .bank ? "bank.schema.json" : "course.schema.json"
      var schema = PackageLocator.schemaPath(forFile: path, schema: schemaFile)
      if intoCourses && fm.fileExists(atPath: "schema/" + schemaFile) {
        schema = (what == .bank ? "../../schema/" : "../schema/") + schemaFile
      }
      let text = what == .bank ? CourseTemplate.bankText(id: id, schema: schema) : CourseTemplate.text(id: id, schema: schema)
      do {
        if what == .bank && intoCourses && output == nil {
          try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
      } catch {
        FileHandle.standardError.write(Data("error: cannot write \(path): \(error.localizedDescription)\n".utf8))
        throw ExitCode(2)
      }
      print("Wrote \(path). Edit it, then check it with: bazaar lint \(path)")
    }
  }
}
