import ArgumentParser
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

  /// A line about the session rather than in it (where the transcript went, records waiting to
  /// be sent): on a terminal, to the learner, wrapped at the window's width; from a script, to
  /// standard error, out of the lesson's output.
  func aside(_ line: String) {
    let clean = Sanitize.line(line)
    if interactive {
      console.write(TextLayout.wrap(clean, width: TerminalInfo.columns(STDOUT_FILENO)) + "\n")
    } else {
      FileHandle.standardError.write(Data((clean + "\n").utf8))
    }
  }

  /// Says a notice to the learner.
  func tell(_ notice: TrainingNotice, _ m: MessageCatalog) {
    let line: String
    switch notice {
    case .progressMovedAside(let path, let problem):
      line = m.text("notice.movedAside", ["path": path, "problem": problem ?? "?"])
    case .courseChanged(let kept, let dropped):
      line = m.text("notice.courseChanged", ["kept": String(kept), "dropped": String(dropped.count)])
    case .saveProblem(let reason): line = m.text("notice.saveProblem", ["reason": reason])
    case .saveRecovered: line = m.text("notice.saveRecovered")
    case .courseComplete: line = m.text("notice.courseComplete")
    case .transcript(let path):
      // Where the transcript goes is for graders and scripts, not the learner: standard error.
      if !interactive { FileHandle.standardError.write(Data((m.text("notice.transcript", ["path": path]) + "\n").utf8)) }
      return
    }
    console.write(Sanitize.line(line) + "\n")
  }
}

/// The clock sessions, progress and the menus read: the system's, or moved by `BAZAAR_NOW` (for
/// trying what a learner sees days later; docs/review.md), which is said once on standard error.
/// A `BAZAAR_NOW` that cannot be read is a usage error.
func appClock() throws -> any Clock {
  guard let value = ProcessInfo.processInfo.environment["BAZAAR_NOW"], !value.isEmpty else { return SystemClock() }
  guard let clock = ShiftedClock.parse(value, now: Date()) else {
    throw failure("BAZAAR_NOW=\(Sanitize.line(value)) is not a time: write +1d (a day later), +36h, 2026-12-08 or 2026-12-08T09:00:00+08:00")
  }
  if !ClockNotice.said {
    ClockNotice.said = true
    FileHandle.standardError.write(Data(("bazaar: BAZAAR_NOW moves the clock to \(ISOTime.string(clock.now())) (for trying; what is saved carries this time)\n").utf8))
  }
  return clock
}

/// Whether the `BAZAAR_NOW` line was said (once per run).
enum ClockNotice {
  nonisolated(unsafe) static var said = false
}

/// Runs one learner through one course, holding their lock; returns why it ended.
func train(
  course: Course, loaded: LoadedCourse? = nil, learner: LearnerName, lessonID: String?, transcript: String?, options: CommonOptions, kit: TerminalKit
) throws -> LeaveReason {
  let folder = try options.dataFolder()
  let store = ProgressStore(folder: folder)
  let m0 = kit.messages(course.languages.first ?? "en")
  // The languages the last session ended in (after `:lang`, `:menu`), else those the options give.
  let languages = kit.view.sessionLanguage.flatMap { course.languages.contains($0.course) ? $0 : nil }
    ?? SessionLanguage.starting(course: course, interface: options.interfaceLanguage)
  let language = languages.course
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
    throw failure(lockMessage(error, m0))
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
    reader: kit.reader, view: kit.view, clock: try appClock()
  ) { notice in
    // The transcript is made only once the learner does something: name it at the end, if it was.
    if case .transcript(let path) = notice {
      transcriptPath.path = path
      return
    }
    kit.tell(notice, kit.messages(language))
  }
  // Grade notes speak the interface language even when the course is read in another.
  training.languages = languages
  let reason: LeaveReason
  do { reason = try training.run(lessonID: lessonID, dataFolder: folder) } catch { throw failure(error.description) }
  if let path = transcriptPath.path, FileManager.default.fileExists(atPath: path) { kit.tell(.transcript(path: path), m) }
  switch reason {
  case .interrupt: kit.console.write(m.text("runner.interrupted") + "\n")
  case .quit, .endOfInput, .finished: if kit.interactive { kit.console.write(m.text("runner.bye") + "\n") }
  case .menu: break
  }
  let recorded = transcriptPath.path.map { FileManager.default.fileExists(atPath: $0) } ?? false
  syncAfterSession(folder: folder, learner: learner, options: options, kit: kit, m: m, start: recorded)
  // Something graded is not saved: say so, and exit 2 so a script or a supervisor notices.
  if !training.savedEverything {
    FileHandle.standardError.write(Data((m.text("notice.unsaved") + "\n").utf8))
    throw ExitCode(2)
  }
  return reason
}

/// Why the learner's lock could not be taken, in the learner's language: another window holds it
/// (who, and since when in local time), or the folder is unusable.
func lockMessage(_ error: ProgressStoreError, _ m: MessageCatalog) -> String {
  guard case .alreadyInUse(let name, let holder) = error else { return error.description }
  let who = holder.map { m.text("notice.lockHolder", ["pid": String($0.pid), "host": $0.host, "since": ISOTime.localShort($0.since, now: Date())]) } ?? "?"
  return m.text("notice.lockHeld", ["name": name, "holder": who])
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

/// After a session, with `"sync_after_session": true` in lrs.json: says in one line if the last
/// background sync left records waiting, then (when the session recorded something: `start`)
/// starts `bazaar sync --background` on the learner's transcripts without waiting for it
/// (``BackgroundSync``). Off, or with no LRS set: nothing.
func syncAfterSession(folder: DataFolder, learner: LearnerName, options: CommonOptions, kit: TerminalKit, m: MessageCatalog, start: Bool) {
  let config: LRSConfig
  switch LRSConfig.load(data: folder, environment: ProcessInfo.processInfo.environment, messages: m) {
  case .success(let c): config = c
  case .failure(let e):
    // Settings that cannot be used are said when they ask for this sync (`bazaar sync` says
    // it otherwise).
    let text = (try? LocalFileSystem().read(folder.path + "/" + LRSConfig.fileName)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    if text.contains("sync_after_session") { kit.aside(e.description) }
    return
  }
  guard config.syncAfterSession, config.endpoint != nil else { return }
  if let line = BackgroundSync.line(BackgroundSync.last(data: folder), messages: m) { kit.aside(line) }
  guard start else { return }
  let exe = PackageLocator.runningExecutablePath()
  var arguments = ["sync", "--background", folder.transcriptsFolder(for: learner), "--data-dir", folder.path, "--ui-lang", m.language]
  for c in options.courseFolders { arguments += ["--courses", c] }
  // The shell starts it in a session of its own (Ctrl-C and closing the window do not reach it)
  // and ends at once; the sync outlives this program if need be.
  let p = Process()
  p.executableURL = URL(fileURLWithPath: "/bin/sh")
  p.arguments = [
    "-c", "if command -v setsid >/dev/null 2>&1; then setsid \"$0\" \"$@\" & else \"$0\" \"$@\" & fi", exe,
  ] + arguments
  p.standardInput = FileHandle.nullDevice
  p.standardOutput = FileHandle.nullDevice
  p.standardError = FileHandle.nullDevice
  let ended = DispatchSemaphore(value: 0)
  p.terminationHandler = { _ in ended.signal() }
  guard (try? p.run()) != nil else { return }
  _ = ended.wait(timeout: .now() + 2)
}

/// The LRS `config` names, ready to talk to through the helper `bazaar-lrs`; or what is wrong, in
/// `m`'s words: no endpoint (`noEndpointKey`, with `configPath`), plain http:// to another machine
/// without `insecure`, no helper beside this program. Used by `sync` and `grade --lrs`.
func lrsTransport(
  _ config: LRSConfig, configPath: String, insecure: Bool, noEndpointKey: String, m: MessageCatalog
) -> Result<(endpoint: String, transport: HelperLRSTransport), LRSSetupProblem> {
  guard let endpoint = config.endpoint else { return .failure(LRSSetupProblem(text: m.text(noEndpointKey, ["path": configPath]))) }
  if !insecure, LRSConfig.isPlainHTTPToAnotherMachine(endpoint) {
    return .failure(LRSSetupProblem(text: m.text("sync.insecure", ["endpoint": endpoint])))
  }
  guard let helper = HelperLRSTransport.besideThisProgram() else { return .failure(LRSSetupProblem(text: m.text("sync.noHelper"))) }
  // A helper that dies must not take this process with it (a write to its closed input).
  signal(SIGPIPE, SIG_IGN)
  return .success((endpoint, HelperLRSTransport(helper: helper, endpoint: endpoint, user: config.user, password: config.password)))
}

struct LRSSetupProblem: Error {
  var text: String
}
