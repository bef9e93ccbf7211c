import ArgumentParser
import BazaarKit

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
}
