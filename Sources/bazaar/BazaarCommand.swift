import ArgumentParser
import BazaarKit
import Foundation

@main
struct BazaarCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bazaar",
    abstract: "巴扎 Bazaar — practise selling your region's products online: livestreams, listings, pricing.",
    discussion: """
      Trainees work through courses of lessons and quizzes; instructors write the courses as YAML \
      files and check them with `bazaar lint`; `bazaar new course ID` starts a new one.

      Examples:
        bazaar lint courses/               check every course and lexicon
        bazaar new course rose-tea         write rose-tea.yaml, a course that passes lint
      """,
    version: Bazaar.version,
    subcommands: [Lint.self, New.self]
  )

  @Option(name: .customLong("courses"), help: "A folder of course files (default: courses/ of Bazaar and of the current folder).")
  var courseFolders: [String] = []

  /// Runs the command; usage errors exit with 2 (ArgumentParser's default is 64), as documented.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      if exitCode(for: error) == .validationFailure {
        FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
        Foundation.exit(2)
      }
      exit(withError: error)
    }
  }

  func run() throws {
    let catalog = CourseCatalog(folders: CourseCatalog.defaultFolders(extra: courseFolders))
    print("巴扎 Bazaar \(Bazaar.version)\n")
    if catalog.entries.isEmpty {
      print("No courses found. Start one with: bazaar new course my-course")
    } else {
      print("Courses:")
      for entry in catalog.entries {
        if let c = entry.loaded.course {
          let title = Sanitize.line(c.title.text("zh", fallback: c.languages))
          print("  \(c.id)  \(title)  (\(c.lessons.count) lessons, \(c.questions.count) questions)")
        } else {
          print("  \(entry.path)  has errors: run `bazaar lint \(entry.path)`")
        }
      }
    }
    print("\nRun `bazaar --help` for the commands.")
  }
}
