import ArgumentParser
import BazaarKit
import Foundation

extension BazaarCommand {
  struct Progress: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "progress",
      abstract: "Show each learner's courses, lessons done, scores and what to review.")

    @Option(help: "Only this learner.")
    var learner: String?

    @Flag(help: "Print the saved progress as JSON (one object per learner, in an array).")
    var json = false

    @OptionGroup var options: CommonOptions

    func run() throws {
      let folder = try options.dataFolder()
      let store = ProgressStore(folder: folder)
      let names: [LearnerName]
      if let learner {
        // One learner: their file only (listing every learner reads every file).
        let wanted: LearnerName
        do { wanted = try LearnerName(learner) } catch { throw failure(error.description) }
        guard case .file = LocalFileSystem().kind(of: store.path(for: wanted)) else {
          throw failure("no saved progress for “\(learner)” in \(folder.path)")
        }
        names = [wanted]
      } else {
        do { names = try store.listLearners() } catch { throw failure(error.description) }
      }
      // Read only: a file that cannot be read is reported, not moved aside (the learner's next
      // session does that, under the lock, and tells them).
      var all: [LearnerProgress] = []
      var problems: [String] = []
      for name in names {
        do {
          if let p = try store.peek(learner: name) { all.append(p) }
        } catch {
          problems.append(error.description)
        }
      }
      defer { for p in problems { FileHandle.standardError.write(Data(("bazaar: " + p + "\n").utf8)) } }
      let catalog = CourseCatalog(folders: options.folders)
      let courses = Dictionary(catalog.entries.compactMap(\.loaded.course).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
      if json {
        print(ProgressReport.json(all))
      } else {
        let language = options.interfaceLanguage ?? "en"
        let m = MessageCatalog.load(language: language, folders: options.messageFolders)
        if all.isEmpty { print(m.text("progress.none", ["folder": folder.path])) }
        print(ProgressReport.text(all, courses: courses, messages: m, language: language), terminator: "")
      }
    }
  }
}
