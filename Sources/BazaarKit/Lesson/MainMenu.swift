import Foundation

/// The menus `bazaar` shows with no arguments: choose or create a learner, then a course, then a
/// lesson, showing what is done and where the learner left off. Works on a terminal and from a pipe
/// (one choice per line).
public final class MainMenu {
  let reader: any LineReader
  let console: any Console
  let messages: MessageCatalog
  let store: any ProgressStoring
  let catalog: CourseCatalog
  let style: (String) -> String
  let clock: any Clock

  /// A menu reading from `reader` and writing to `console`.
  public init(
    reader: any LineReader, console: any Console, messages: MessageCatalog, store: any ProgressStoring,
    catalog: CourseCatalog, bold: @escaping (String) -> String = { $0 }, clock: any Clock = SystemClock()
  ) {
    self.clock = clock
    self.reader = reader
    self.console = console
    self.messages = messages
    self.store = store
    self.catalog = catalog
    self.style = bold
  }

  private func say(_ key: String, _ args: [String: String] = [:]) { console.write(messages.text(key, args) + "\n") }

  /// Reads one line; nil means leave (end of input, Ctrl-C, `:quit`, `q`).
  private func ask(_ prompt: String, completions: [String] = []) -> String? {
    reader.setCompletions(completions + [":quit"])
    switch reader.read(prompt: prompt) {
    case .line(let l):
      let t = l.trimmingSpaces
      if SessionCommand.parse(t)?.command == .quit || ["q", "退出"].contains(t.lowercased()) { return nil }
      return t
    case .endOfInput, .interrupt: return nil
    }
  }

  /// Picks a number from 1…count, or returns the text typed (for names).
  private func number(_ text: String, count: Int) -> Int? {
    let digits = text.precomposedStringWithCompatibilityMapping
    guard let n = Int(digits), n >= 1, n <= count else { return nil }
    return n - 1
  }

  /// Asks for the learner: an existing one by number, or a new name.
  public func chooseLearner() -> LearnerName? {
    // Sorted by name, so a learner's number is the same in this menu and in `bazaar progress`.
    let learners = (try? store.listLearners()) ?? []
    // Enter continues as whoever learned here last.
    let saved = learners.map { store.lastSaved(learner: $0) ?? .distantPast }
    let last = zip(learners, saved).max { $0.1 < $1.1 }?.0
    while true {
      console.write("\n" + style(messages.text("menu.learner.title")) + "\n")
      for (i, l) in learners.enumerated() { console.write("  \(i + 1)  \(Sanitize.line(l.display))\n") }
      say(learners.isEmpty ? "menu.learner.first" : "menu.learner.howTo")
      if let last { say("menu.learner.enter", ["name": Sanitize.line(last.display)]) }
      guard let answer = ask(messages.text("menu.prompt.learner"), completions: learners.map(\.display)) else { return nil }
      if answer.isEmpty {
        if let last { return last }
        continue
      }
      if let i = number(answer, count: learners.count) { return learners[i] }
      if let match = learners.first(where: { $0.display == answer }) { return match }
      do {
        let name = try LearnerName(answer)
        say("menu.learner.new", ["name": Sanitize.line(name.display)])
        return name
      } catch {
        say("menu.learner.bad", ["reason": error.description])
      }
    }
  }

  /// Asks for a course among those found.
  public func chooseCourse(for learner: LearnerName, language: String) -> Course? {
    let courses = catalog.entries.compactMap(\.loaded.course)
    guard !courses.isEmpty else {
      say("menu.course.none")
      return nil
    }
    let progress = (try? store.peek(learner: learner)) ?? nil
    // Enter continues the course this learner worked in last.
    let lastID = progress?.sessions.last(where: { $0.kind == "lesson" })?.course
    let last = courses.first { $0.id == lastID }
    while true {
      console.write("\n" + style(messages.text("menu.course.title", ["name": Sanitize.line(learner.display)])) + "\n")
      for (i, c) in courses.enumerated() {
        let done = progress?.courses[c.id].map { cp in c.lessons.filter { cp.isDone($0.id) }.count } ?? 0
        let title = Sanitize.line(c.title.text(language, fallback: c.languages))
        console.write("  \(i + 1)  \(title)  " + messages.text("menu.course.done", ["done": String(done), "total": String(c.lessons.count)]) + "\n")
      }
      if let last { say("menu.course.enter", ["course": Sanitize.line(last.title.text(language, fallback: last.languages))]) }
      guard let answer = ask(messages.text("menu.prompt.number")) else { return nil }
      if answer.isEmpty, let last { return last }
      if let i = number(answer, count: courses.count) { return courses[i] }
      if let c = courses.first(where: { $0.id == answer }) { return c }
      say("menu.notAChoice", ["max": String(courses.count)])
    }
  }

  /// What the learner chose in a course's lesson menu.
  public enum LessonChoice: Sendable, Equatable {
    /// A lesson by id; nil: where they left off.
    case lesson(String?)
    /// The course's review cards due now (offered first when there are any).
    case review
  }

  /// Asks for a lesson; Enter continues where the learner left off. When review cards of the
  /// course are due, "0  Review: N due" comes before the lessons.
  public func chooseLesson(for learner: LearnerName, in course: Course, language: String) -> LessonChoice? {
    let progress = ((try? store.peek(learner: learner)) ?? nil)?.courses[course.id]
    let due = ReviewQueue.counts(progress, course: course.drawn(seed: Training.seed(learner: learner, course: course)), now: clock.now()).now
    // A course with every lesson done has nowhere to continue: no lesson is marked.
    let (resume, step) = progress.map { $0.startingPoint(in: course) ?? (-1, 0) } ?? (0, 0)
    while true {
      console.write("\n" + style(Sanitize.line(course.title.text(language, fallback: course.languages))) + "\n")
      if due > 0 { console.write("  0  " + messages.text("menu.lesson.review", ["n": String(due)]) + "\n") }
      for (i, l) in course.lessons.enumerated() {
        var line = "  \(i + 1)  \(Sanitize.line(l.title.text(language, fallback: course.languages)))"
        if let done = progress?.lessonsCompleted[l.id] {
          line += "  ✓ " + Format.percent(done.score)
        }
        if i == resume { line += step > 0 ? "  ← " + messages.text("menu.lesson.leftOff", ["step": ProgressReport.stepNumber(step)]) : "  ← " + messages.text("menu.lesson.next") }
        console.write(line + "\n")
      }
      say("menu.lesson.howTo")
      if due > 0 { say("menu.lesson.reviewHowTo") }
      guard let answer = ask(messages.text("menu.prompt.lesson")) else { return nil }
      if answer.isEmpty { return .lesson(nil) }
      if due > 0, ["0", "r", "review", "复习"].contains(answer.precomposedStringWithCompatibilityMapping.lowercased()) { return .review }
      if let i = number(answer, count: course.lessons.count) { return .lesson(course.lessons[i].id) }
      if course.lessons.contains(where: { $0.id == answer }) { return .lesson(answer) }
      say("menu.notAChoice", ["max": String(course.lessons.count)])
    }
  }
}
