import ArgumentParser
import BazaarKit
import Foundation

@main
struct BazaarCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bazaar",
    abstract: "巴扎 Bazaar — practise selling your region's products online: livestreams, listings, pricing.",
    discussion: """
      With no subcommand: choose your name, a course and a lesson, and learn (on a terminal, with \
      line editing; :help in a lesson lists the commands). Progress is saved after every answer.

      Examples:
        bazaar                             menus: learner, course, lesson
        bazaar start sampler --learner Ali  resume where Ali stopped
        bazaar review --learner Ali         practise again what is due
        bazaar live sampler --learner Ali   host a simulated live room, scored
        bazaar progress                    lessons done, scores, to review
        bazaar lint courses/               check courses and lexicons
        bazaar new course rose-tea         start a new course file
      """,
    version: Bazaar.version,
    subcommands: [Start.self, Review.self, Live.self, Progress.self, Lint.self, Grade.self, New.self, Import.self, Export.self, Sync.self]
  )

  @OptionGroup var options: CommonOptions

  /// Runs the command; usage errors exit with 2 (ArgumentParser's default is 64), as documented.
  static func main() {
    // A parent may have blocked signals (some launchers do); Ctrl-C and SIGTERM must work.
    var none = sigset_t()
    sigemptyset(&none)
    sigprocmask(SIG_SETMASK, &none, nil)
    do {
      var command = try fastStart() ?? parseAsRoot()
      try command.run()
    } catch {
      if exitCode(for: error) == .validationFailure {
        FileHandle.standardError.write(Data((Sanitize.block(fullMessage(for: error)) + "\n").utf8))
        Foundation.exit(2)
      }
      exit(withError: error)
    }
  }

  /// `bazaar start …` parsed by `Start` alone, without building the whole command tree (which
  /// reflects over every subcommand: a sixth of a lesson's start-up). Only when that parse succeeds
  /// and no help, version or completion is asked for; otherwise nil, and the root parses as usual,
  /// so every message and exit status stays the same.
  static func fastStart() -> (any ParsableCommand)? {
    let args = Array(CommandLine.arguments.dropFirst())
    guard args.first == "start", args.count > 1 else { return nil }
    let rest = Array(args.dropFirst())
    let special: Set<String> = ["-h", "--help", "-help", "help", "--version", "--experimental-dump-help"]
    guard !rest.contains(where: { special.contains($0) || $0.hasPrefix("--generate-completion") }) else { return nil }
    return try? Start.parse(rest)
  }

  /// No subcommand: the learner's menus (learner → course → lesson), then the lesson; back to the
  /// menu on `:menu`.
  func run() throws {
    let kit = TerminalKit(options: options)
    let folder = try options.dataFolder()
    let catalog = CourseCatalog(folders: options.folders)
    let m = kit.messages(options.interfaceLanguage ?? "zh")
    kit.console.write(kit.view.styleBold("巴扎 Bazaar \(Bazaar.version)") + "\n")
    let clock = try appClock()
    let menu = MainMenu(
      reader: kit.reader, console: kit.console, messages: m, store: ProgressStore(folder: folder), catalog: catalog,
      bold: kit.view.styleBold, clock: clock)
    guard let learner = menu.chooseLearner() else { return }
    while true {
      guard let course = menu.chooseCourse(for: learner, language: m.language) else { return }
      guard let choice = menu.chooseLesson(for: learner, in: course, language: m.language) else { continue }
      let reason: LeaveReason
      switch choice {
      case .lesson(let lesson):
        reason = try train(course: course, learner: learner, lessonID: lesson, transcript: nil, options: options, kit: kit)
      case .review:
        reason = try review(
          courses: [(course, CourseLoader.load(path: course.path))], learner: learner, limit: nil, clock: clock, options: options, kit: kit)
      }
      if reason != .menu && reason != .finished { return }
    }
  }
}
