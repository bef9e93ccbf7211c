import ArgumentParser
import BazaarKit
import BazaarTerminal
import Foundation

extension BazaarCommand {
  struct Progress: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "progress",
      abstract: "Show each learner's courses, lessons done, scores and what to review.")

    @Option(help: "Only this learner.")
    var learner: String?

    @Flag(help: "Print progress as JSON: one object per learner, in an array (the view documented in docs/progress-format.md).")
    var json = false

    @OptionGroup var options: CommonOptions

    func run() throws {
      let folder = try options.dataFolder()
      let store = ProgressStore(folder: folder)
      var names: [LearnerName]
      var everyone: [LearnerName] = []
      if let learner {
        // One learner: their file only; the list (names only) just for their number in the menu.
        everyone = (try? store.listLearners()) ?? []
        let wanted: LearnerName
        do { wanted = try LearnerName(learner) } catch { throw failure(error.description) }
        guard case .file = LocalFileSystem().kind(of: store.path(for: wanted)) else {
          throw failure("no saved progress for “\(learner)” in \(folder.path)")
        }
        names = [wanted]
      } else {
        do { names = try store.listLearners() } catch { throw failure(error.description) }
        everyone = names
      }
      // Each learner's number is their number in the learner menu.
      let numbers = Dictionary(everyone.enumerated().map { ($1, $0 + 1) }, uniquingKeysWith: { a, _ in a })
      // Read only: a file that cannot be read is reported, not moved aside (the learner's next
      // session does that, under the lock, and tells them).
      var all: [LearnerProgress] = []
      var shownNumbers: [Int] = []
      var problems: [String] = []
      for name in names {
        do {
          if let p = try store.peek(learner: name) {
            all.append(p)
            shownNumbers.append(numbers[name] ?? all.count)
          }
        } catch {
          problems.append(error.description)
        }
      }
      defer { for p in problems { FileHandle.standardError.write(Data(("bazaar: " + p + "\n").utf8)) } }
      let catalog = CourseCatalog(folders: options.folders)
      let courses = Dictionary(catalog.entries.compactMap(\.loaded.course).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
      if json {
        print(ProgressReport.json(all, courses: courses, now: try appClock().now()))
      } else {
        let language = options.interfaceLanguage ?? "zh"
        let m = MessageCatalog.load(language: language, folders: options.messageFolders)
        if all.isEmpty { print(m.text("progress.none", ["folder": folder.path])) }
        let report = ProgressReport.text(all, courses: courses, messages: m, language: language, numbers: shownNumbers, now: try appClock().now())
        // On a terminal, long lines wrap at the window's width, under the text they continue.
        let width = TerminalInfo.isTTY(STDOUT_FILENO) ? TerminalInfo.columns(STDOUT_FILENO) : nil
        let lines = report.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
          // A list item hangs under its text by itself; other lines continue two columns in.
          let body = line.drop { $0 == " " }
          let item = ["• ", "· ", "✓ ", "◐ "].contains { body.hasPrefix($0) }
          return TextLayout.wrap(String(line), width: width, hanging: item ? TextLayout.hangingIndent(for: "• ") : "  ")
        }
        print(lines.joined(separator: "\n"), terminator: "")
      }
    }
  }
}
