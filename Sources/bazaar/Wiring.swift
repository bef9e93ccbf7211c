import BazaarKit
import BazaarTerminal
import Foundation

/// The terminal pieces a learner session needs: readline and colour on a terminal, plain lines otherwise.
struct TerminalKit {
  let reader: any LineReader
  let console: StandardOutput
  let view: TerminalLessonView
  let interactive: Bool

  init(options: CommonOptions) {
    TerminalLocale.setUp()
    // Learners' courses were linted by their instructors: compile regex answers when first used.
    CompiledRegex.deferCompilation.store(true, ordering: .relaxed)
    interactive = TerminalInfo.isTTY(STDIN_FILENO) && TerminalInfo.isTTY(STDOUT_FILENO)
    reader = interactive ? ReadlineLineReader() : PlainLineReader()
    console = StandardOutput()
    let interactive = interactive
    view = TerminalLessonView(
      console: console, color: TerminalInfo.useColor(STDOUT_FILENO), uiLanguage: options.interfaceLanguage,
      messageFolders: options.messageFolders, width: { interactive ? TerminalInfo.columns(STDOUT_FILENO) : nil })
  }

  /// Bazaar's messages for a course in `language`.
  func messages(_ language: String) -> MessageCatalog { view.catalog(language) }

  /// Says a notice to the learner.
  func tell(_ notice: TrainingNotice, _ m: MessageCatalog) {
    let line: String
    switch notice {
    case .progressMovedAside(let path, let problem):
      line = m.text("notice.movedAside", ["path": path, "problem": problem ?? "?"])
    case .courseChanged(let kept, let dropped):
      line = m.text("notice.courseChanged", ["kept": String(kept), "dropped": String(dropped.count)])
    case .saveProblem(let reason): line = m.text("notice.saveProblem", ["reason": reason])
    case .transcript(let path):
      // Where the transcript goes is for graders and scripts, not the learner: standard error.
      if !interactive { FileHandle.standardError.write(Data((m.text("notice.transcript", ["path": path]) + "\n").utf8)) }
      return
    }
    console.write(Sanitize.line(line) + "\n")
  }
}

/// Runs one learner through one course, holding their lock; returns why it ended.
func train(
  course: Course, loaded: LoadedCourse? = nil, learner: LearnerName, lessonID: String?, transcript: String?, options: CommonOptions, kit: TerminalKit
) throws -> LeaveReason {
  let folder = try options.dataFolder()
  let store = ProgressStore(folder: folder)
  let m0 = kit.messages(course.languages.first ?? "en")
  let language = options.interfaceLanguage.flatMap { ui in course.languages.first { MessageCatalog.baseLanguage($0) == ui } }
    ?? course.languages.first ?? "en"
  let loaded = loaded ?? CourseLoader.load(path: course.path)
  // A course `bazaar lint` finds errors in is not taught: lint's own checks, remembered when clean.
  let m = kit.messages(language)
  if case .error(let first, let count) = CourseCheck(dataFolder: folder, messages: m).check(loaded, path: course.path) {
    let shown = DiagnosticRenderer(color: false, messages: m).render(first)
    throw failure(m.text("notice.courseHasErrors", ["path": course.path, "count": String(count), "first": shown]))
  }
  let lock: ProgressLock
  do {
    lock = try store.acquire(learner: learner)
  } catch {
    if case .alreadyInUse(let name, let holder) = error {
      let who = holder.map { m0.text("notice.lockHolder", ["pid": String($0.pid), "host": $0.host, "since": ISOTime.string($0.since)]) } ?? "?"
      throw failure(m0.text("notice.lockHeld", ["name": name, "holder": who]))
    }
    throw failure(error.description)
  }
  defer { lock.release() }
  // Saves cut short by a kill leave temporary files: remove them now that the lock is held, and
  // say so when one held a newer save (it is kept; `load` below finds nothing more to do).
  for kept in store.sweepTemporaryFiles(learner: learner).kept {
    kit.console.write(Sanitize.line(m.text("notice.unsavedKept", ["path": kept])) + "\n")
  }
  final class PathBox: @unchecked Sendable { var path: String? }
  let transcriptPath = PathBox()
  // Read when the first answer is graded, not before the first question is shown.
  let lexicons = LexiconLibrary.lazySet(loaded, coursePath: course.path)
  let training = Training(
    course: course, lexicons: lexicons, learner: learner, store: store, transcriptPath: transcript, language: language,
    reader: kit.reader, view: kit.view, clock: SystemClock()
  ) { notice in
    // The transcript is made only once the learner does something: name it at the end, if it was.
    if case .transcript(let path) = notice {
      transcriptPath.path = path
      return
    }
    kit.tell(notice, kit.messages(language))
  }
  // Grade notes speak the interface language even when the course is read in another.
  if let ui = options.interfaceLanguage, MessageCatalog.baseLanguage(ui) != MessageCatalog.baseLanguage(language) {
    training.messageLanguage = ui
  }
  let reason: LeaveReason
  do { reason = try training.run(lessonID: lessonID, dataFolder: folder) } catch { throw failure(error.description) }
  if let path = transcriptPath.path, FileManager.default.fileExists(atPath: path) { kit.tell(.transcript(path: path), m) }
  switch reason {
  case .interrupt: kit.console.write(m.text("runner.interrupted") + "\n")
  case .quit, .endOfInput, .finished: if kit.interactive { kit.console.write(m.text("runner.bye") + "\n") }
  case .menu: break
  }
  return reason
}

/// Loads the course `name` (id or path) or fails with a message listing what there is.
func openCourse(_ name: String, options: CommonOptions, kit: TerminalKit) throws -> (course: Course, loaded: LoadedCourse) {
  switch CourseResolver.resolve(name, folders: options.folders) {
  case .success(let found): return found
  case .failure(.notFound(let n, let known)):
    throw failure(kit.messages("en").text("notice.courseNotFound", ["name": n, "known": known.isEmpty ? "—" : known.joined(separator: ", ")]))
  case .failure(.invalid(let path, let errors)):
    throw failure(kit.messages("en").text("notice.courseInvalid", ["path": path, "errors": String(errors)]))
  }
}
