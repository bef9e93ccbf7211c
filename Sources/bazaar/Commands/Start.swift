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
      let clock = try appClock()
      let menu = MainMenu(
        reader: kit.reader, console: kit.console, messages: messages,
        store: ProgressStore(folder: try options.dataFolder()), catalog: CourseCatalog(folders: []), bold: kit.view.styleBold,
        clock: clock)
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
      var reviewing = false
      while true {
        let reason =
          reviewing
          ? try review(courses: [(found, loaded)], learner: name, limit: nil, clock: clock, options: options, kit: kit)
          : try train(course: found, loaded: loaded, learner: name, lessonID: next, transcript: transcript, options: options, kit: kit)
        let again = reviewing ? reason == .menu || reason == .finished : reason == .menu
        guard again, kit.interactive, let chosen = menu.chooseLesson(for: name, in: found, language: messages.language) else { return }
        switch chosen {
        case .lesson(let id):
          next = id
          reviewing = false
        case .review:
          reviewing = true
        }
      }
    }
  }
}
