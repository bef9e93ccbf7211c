import ArgumentParser
import BazaarKit
import Foundation

extension BazaarCommand {
  struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "start",  // named, not derived from the type name at run time (that costs start-up time)
      abstract: "Start or resume a course: straight into the lesson where the learner stopped.",
      discussion: """
        On a terminal: line editing, Tab completion, :help for commands. From a pipe or file: one answer \
        per line (scripted lessons); end of input saves and exits 0.

        Examples:
          bazaar start sampler --learner 迪丽努尔
          bazaar start courses/sampler.yaml --lesson listing --learner Dilnur < answers.txt
        """)

    @Argument(help: "A course id (from the course folders) or the path to a course file.")
    var course: String

    @Option(help: "Start this lesson (by id) instead of where the learner stopped.")
    var lesson: String?

    @Option(help: "The learner's name (asked for on a terminal when missing).")
    var learner: String?

    @Option(help: "Write the transcript here instead of the data folder.")
    var transcript: String?

    @OptionGroup var options: CommonOptions

    func run() throws {
      let kit = TerminalKit(options: options)
      let (found, loaded) = try openCourse(course, options: options, kit: kit)
      if let lesson, !found.lessons.contains(where: { $0.id == lesson }) {
        throw failure("no lesson “\(lesson)” in \(found.id); lessons: \(found.lessons.map(\.id).joined(separator: ", "))")
      }
      let messages = kit.messages(options.interfaceLanguage ?? found.languages.first ?? "en")
      let menu = MainMenu(
        reader: kit.reader, console: kit.console, messages: messages,
        store: ProgressStore(folder: try options.dataFolder()), catalog: CourseCatalog(folders: []), bold: kit.view.styleBold)
      let name: LearnerName
      if let learner {
        do { name = try LearnerName(learner) } catch { throw failure(error.description) }
      } else if kit.interactive {
        guard let chosen = menu.chooseLearner() else { return }
        name = chosen
      } else {
        throw failure("say who is learning: --learner NAME")
      }
      var next = lesson
      // `:menu` goes back to this course's lessons (there is no course list here: the course was named).
      while true {
        let reason = try train(course: found, loaded: loaded, learner: name, lessonID: next, transcript: transcript, options: options, kit: kit)
        guard reason == .menu, kit.interactive, let chosen = menu.chooseLesson(for: name, in: found, language: messages.language) else { return }
        next = chosen
      }
    }
  }
}

extension BazaarCommand.Start {
  /// `start` arguments read by hand, for the plain forms scripts and launchers use: the course,
  /// and `--lesson`, `--learner`, `--transcript`, `--data-dir`, `--ui-lang` (once each) and
  /// `--courses` (any number of times), as `--name value` or `--name=value`. Nil for anything
  /// else — a short or unknown option, a repeated one, a value that starts with `-`, `--`, help —
  /// so swift-argument-parser parses it, with its messages. Building its command tree reflects over
  /// every command and option and costs a sixth of a lesson's start-up; the result is the same.
  static func quickParse(_ args: [String]) -> Self? {
    var course: String?
    var values: [String: String] = [:]
    var folders: [String] = []
    let single: Set<String> = ["--lesson", "--learner", "--transcript", "--data-dir", "--ui-lang"]
    var i = 0
    while i < args.count {
      let arg = args[i]
      i += 1
      guard arg.hasPrefix("-") else {
        guard course == nil, !arg.isEmpty else { return nil }
        course = arg
        continue
      }
      guard arg.hasPrefix("--"), arg.count > 2 else { return nil }
      var name = arg
      var value: String?
      if let eq = arg.firstIndex(of: "=") {
        name = String(arg[..<eq])
        value = String(arg[arg.index(after: eq)...])
      }
      guard single.contains(name) || name == "--courses" else { return nil }
      if value == nil {
        guard i < args.count, !args[i].hasPrefix("-") else { return nil }
        value = args[i]
        i += 1
      }
      guard let value else { return nil }
      if name == "--courses" {
        folders.append(value)
      } else {
        guard values[name] == nil else { return nil }
        values[name] = value
      }
    }
    guard let course else { return nil }
    var options = CommonOptions()
    options.courseFolders = folders
    options.dataDir = values["--data-dir"]
    options.uiLanguage = values["--ui-lang"]
    var start = Self()
    start.course = course
    start.lesson = values["--lesson"]
    start.learner = values["--learner"]
    start.transcript = values["--transcript"]
    start.options = options
    return start
  }
}
