import ArgumentParser
import BazaarKit
import Foundation

extension BazaarCommand {
  struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "review",
      abstract: "Practise again what is due: the questions a learner missed or found hard come back when they are about to be forgotten.",
      discussion: """
        Asks the learner's due questions, most overdue first, from every course (or one, with \
        --course), as in a lesson: the same commands, progress and transcripts. A calculation \
        comes back with new numbers, a choice with its options in a new order. Ends with what \
        comes back when and how much the learner likely remembers (docs/review.md).

        To try what a learner sees later, set BAZAAR_NOW (e.g. BAZAAR_NOW=+1d): for trying only, \
        as what is saved carries that time.

        Examples:
          bazaar review --learner 迪丽努尔
          bazaar review --learner Ali --course sampler --limit 10
        """)

    @Option(help: "The learner's name (asked for on a terminal when missing).")
    var learner: String?

    @Option(help: "Only this course (an id from the course folders, or a course file).")
    var course: String?

    @Option(help: "Ask at most this many questions.")
    var limit: Int?

    @OptionGroup var options: CommonOptions

    func validate() throws {
      if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more") }
    }

    func run() throws {
      let kit = TerminalKit(options: options)
      let folder = try options.dataFolder()
      let clock = try appClock()
      var courses: [(course: Course, loaded: LoadedCourse)] = []
      if let course {
        courses = [try openCourse(course, options: options, kit: kit)]
      } else {
        courses = CourseCatalog(folders: options.folders).entries.compactMap { e in e.loaded.course.map { ($0, e.loaded) } }
      }
      let m = kit.messages(options.interfaceLanguage ?? courses.first?.course.languages.first ?? "zh")
      let name: LearnerName
      if let learner {
        do { name = try LearnerName(learner) } catch { throw failure(error.description) }
      } else if kit.interactive {
        let menu = MainMenu(
          reader: kit.reader, console: kit.console, messages: m, store: ProgressStore(folder: folder), catalog: CourseCatalog(folders: []),
          bold: kit.view.styleBold, clock: clock)
        guard let chosen = menu.chooseLearner() else { return }
        name = chosen
      } else {
        throw failure("say who is reviewing: --learner NAME")
      }
      try review(courses: courses, learner: name, limit: limit, clock: clock, options: options, kit: kit)
    }
  }
}

/// Runs one learner's review sitting over `courses` (those they have cards in), holding their lock.
@discardableResult
func review(
  courses all: [(course: Course, loaded: LoadedCourse)], learner: LearnerName, limit: Int?, clock: any Clock, options: CommonOptions,
  kit: TerminalKit
) throws -> LeaveReason {
  let folder = try options.dataFolder()
  let store = ProgressStore(folder: folder)
  let first = all.first?.course
  let languages = kit.view.sessionLanguage ?? first.map { SessionLanguage.starting(course: $0, interface: options.interfaceLanguage) }
    ?? SessionLanguage(course: options.interfaceLanguage ?? "zh")
  let m = kit.messages(languages.messages)
  // Only the courses the learner has cards in; one lint finds errors in is not taught (said, skipped).
  let saved = ((try? store.peek(learner: learner)) ?? nil)?.courses ?? [:]
  var entries: [ReviewSitting.Entry] = []
  for (course, loaded) in all where !(saved[course.id]?.review.isEmpty ?? true) {
    if case .error(let diagnostic, let count) = CourseCheck(dataFolder: folder, messages: m).check(loaded, path: course.path) {
      let shown = DiagnosticRenderer(color: false, messages: m).render(diagnostic)
      kit.aside(m.text("notice.courseHasErrors", ["path": course.path, "count": String(count), "first": shown]))
      continue
    }
    entries.append(.init(course: course, lexicons: LexiconLibrary.lazySet(loaded, coursePath: course.path)))
  }
  let lock: ProgressLock
  do { lock = try store.acquire(learner: learner) } catch { throw failure(lockMessage(error, m)) }
  defer { lock.release() }
  for kept in store.sweepTemporaryFiles(learner: learner).kept {
    kit.console.write(Sanitize.line(m.text("notice.unsavedKept", ["path": kept])) + "\n")
  }
  final class Paths: @unchecked Sendable { var list: [String] = [] }
  let paths = Paths()
  let sitting = ReviewSitting(
    entries: entries, learner: learner, store: store, dataFolder: folder, language: languages.course, reader: kit.reader,
    view: kit.view, clock: clock, limit: limit
  ) { notice in
    if case .transcript(let path) = notice {
      paths.list.append(path)
      return
    }
    kit.tell(notice, m)
  }
  sitting.languages = languages
  let reason: LeaveReason
  do { reason = try sitting.run() } catch { throw failure(error.description) }
  let written = paths.list.filter { FileManager.default.fileExists(atPath: $0) }
  for path in written { kit.tell(.transcript(path: path), m) }
  switch reason {
  case .interrupt: kit.console.write(m.text("runner.interrupted") + "\n")
  case .quit, .endOfInput, .finished: if kit.interactive { kit.console.write(m.text("runner.bye") + "\n") }
  case .menu: break
  }
  syncAfterSession(folder: folder, learner: learner, options: options, kit: kit, m: m, start: !written.isEmpty)
  if !sitting.savedEverything {
    FileHandle.standardError.write(Data((m.text("notice.unsaved") + "\n").utf8))
    throw ExitCode(2)
  }
  return reason
}
