import ArgumentParser
import BazaarKit
import BazaarTerminal
import Foundation

extension BazaarCommand {
  struct Live: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Host a simulated live-selling session: viewers come, ask and buy; you are scored at the end.",
      discussion: """
        On a terminal the room runs in real time: comments, joins, orders and warnings appear above \
        the line you are typing. From a pipe or with --turn-based, each line you say moves the clock \
        by the time it takes to say it (250 Chinese characters or 150 English words a minute) and an \
        empty line waits 5 seconds, so sessions can be scripted. During the session: :promo ID starts \
        a promotion, :end ends the show, :help lists commands; Ctrl-C ends early and still scores.

        Examples:
          bazaar live sampler --learner 迪丽努尔
          bazaar live sampler --scenario live-jujube-walnut --speed 2 --learner Dilnur
          bazaar live sampler --learner Dilnur < host-lines.txt
          bazaar live --replay ~/.local/share/bazaar/transcripts/…jsonl
        """)

    @Argument(help: "A course id (from the course folders) or the path to a course file (not needed with --replay).")
    var course: String?

    @Option(help: "The live scenario (by id); default: the course's first.")
    var scenario: String?

    @Option(help: "The learner's name (asked for on a terminal when missing).")
    var learner: String?

    @Option(help: "Run the clock this many times faster than real time (0.25–20).")
    var speed: Double = 1

    @Flag(help: "Each line you say moves the clock by its speaking time (always so when not on a terminal).")
    var turnBased = false

    @Option(help: "Re-run a live-session transcript and print its score and dashboard.")
    var replay: String?

    @Option(help: "Write the transcript here instead of the data folder.")
    var transcript: String?

    @OptionGroup var options: CommonOptions

    func validate() throws {
      guard speed.isFinite, (0.25...20).contains(speed) else { throw ValidationError("--speed must be between 0.25 and 20.") }
      if replay == nil, course == nil { throw ValidationError("Name a course (or give --replay TRANSCRIPT).") }
    }

    func run() throws {
      if let replay { return try runReplay(replay) }
      let kit = TerminalKit(options: options)
      let (found, loaded) = try openCourse(course ?? "", options: options, kit: kit)
      let scenarios = found.scenarios
      let m0 = kit.messages(found.languages.first ?? "en")
      guard let first = scenarios.first else { throw failure(m0.text("live.noScenario", ["course": found.id])) }
      var chosen = first
      if let scenario {
        guard let s = scenarios.first(where: { $0.id == scenario }) else {
          throw failure(m0.text("live.unknownScenario", ["id": scenario, "course": found.id, "known": scenarios.map(\.id).joined(separator: ", ")]))
        }
        chosen = s
      }
      let name = try learnerName(learner, course: found, kit: kit)
      try runLive(course: found, loaded: loaded, scenario: chosen, learner: name, kit: kit)
    }

    func runLive(course: Course, loaded: LoadedCourse, scenario: LiveScenario, learner: LearnerName, kit: TerminalKit) throws {
      let folder = try options.dataFolder()
      let store = ProgressStore(folder: folder)
      let language = SessionLanguage.starting(course: course, interface: options.interfaceLanguage)
      let m = kit.view.catalog(for: language)
      let realTime = kit.interactive && !turnBased
      var notices: [TrainingNotice] = []
      let training = LiveTraining(
        course: course, scenario: scenario, lexicons: try requireLexicons(loaded, course: course, kit: kit), learner: learner,
        store: store, locks: store, transcriptPath: transcript, dataFolder: folder, language: language, messages: m,
        clock: SystemClock()
      ) { notices.append($0) }
      // On a terminal, long lines wrap at the window's width by Chinese line-breaking rules.
      func fit(_ text: String) -> String {
        let clean = Sanitize.block(text)
        return kit.interactive ? TextLayout.wrap(clean, width: TerminalInfo.columns(STDOUT_FILENO)) : clean
      }
      let ending: LiveEnding?
      do {
        ending = try training.run(mode: realTime ? .realTime(speed: speed) : .turnBased) {
          kit.console.write(fit(training.report.intro(realTime: realTime, speed: speed)))
          // Time to read the brief: the room opens when the host is ready.
          guard realTime else { return true }
          if case .line = kit.reader.read(prompt: m.text("live.pressEnter")) { return true }
          return false
        } drive: { controller in
          kit.reader.setCompletions(controller.completions)
          return drive(controller, realTime: realTime, kit: kit, m: m)
        }
      } catch {
        if case .lock(let e) = error { throw failure(lockMessage(e, m)) }
        throw failure(error.description)
      }
      guard let ending else { return }
      if ending.reason == .finished { kit.console.write(m.text("live.timeUp") + "\n") }
      kit.console.write(fit(ending.report) + "\n")
      for notice in notices {
        switch notice {
        case .transcript(let path):
          let line = m.text("live.report.saved", ["path": path]) + "\n"
          if kit.interactive { kit.console.write(line) } else { FileHandle.standardError.write(Data(line.utf8)) }
        case .saveProblem(let problem):
          FileHandle.standardError.write(Data((m.text("notice.saveProblem", ["reason": problem]) + "\n").utf8))
        case .progressMovedAside, .courseChanged, .saveRecovered, .courseComplete: break
        }
      }
      let recorded = notices.contains { if case .transcript = $0 { true } else { false } }
      syncAfterSession(folder: folder, learner: learner, options: options, kit: kit, m: m, start: recorded)
    }

    /// Runs the room: in real time on a terminal (readline's callback interface), else turn by turn.
    func drive(_ controller: LiveController, realTime: Bool, kit: TerminalKit, m: MessageCatalog) -> (reason: TranscriptEndReason, endMs: Int) {
      if realTime, let reader = kit.reader as? ReadlineLineReader {
        let loop = LiveTerminalLoop(
          driver: controller, reader: reader, speed: speed, color: TerminalInfo.useColor(STDOUT_FILENO),
          promptLabel: m.text("live.prompt").trimmingCharacters(in: CharacterSet(charactersIn: "> ")))
        let reason = loop.run()
        reader.restoreTerminal()
        return (reason, controller.session.now)
      }
      return LiveTurnRunner.run(
        controller, reader: kit.reader,
        show: { lines in for l in lines { kit.console.write(Sanitize.line(l.text) + "\n") } },
        prompt: { status in kit.interactive ? "[\(status)] " + m.text("live.prompt") : "" },
        echo: kit.interactive ? nil : { text, ms in
          kit.console.write(Format.clock(milliseconds: ms) + " " + m.text("live.hostSays", ["text": Sanitize.line(text)]) + "\n")
        })
    }

    func runReplay(_ path: String) throws {
      let kit = TerminalKit(options: options)
      let contents: TranscriptContents
      do { contents = try TranscriptReader.read(path) } catch { throw failure(error.description) }
      let en = kit.messages("en")
      guard contents.header.kind == "live" else {
        throw failure(en.text("live.replayNotLive", ["path": path, "kind": contents.header.kind]))
      }
      let (found, loaded): (Course, LoadedCourse)
      switch CourseResolver.resolve(course ?? contents.header.course.id, folders: options.folders) {
      case .success(let c): (found, loaded) = c
      case .failure(.notFound(let name, let known)):
        throw failure(
          en.text(
            "live.replayCourseMissing",
            ["course": name, "folders": options.folders.joined(separator: ", "), "known": known.isEmpty ? "—" : known.joined(separator: ", ")]))
      case .failure(.invalid(let path, let errors)):
        throw failure(en.text("notice.courseInvalid", ["path": path, "errors": String(errors)]))
      }
      guard case .success(let scenario) = LiveReplay.scenario(for: contents.header, in: found) else {
        throw failure(
          en.text("live.replayScenarioMissing", ["scenario": contents.header.scenario ?? "?", "course": found.id]))
      }
      let lexicons = try requireLexicons(loaded, course: found, kit: kit)
      let (result, language) = LiveReplay.run(contents, scenario: scenario, course: found, lexicons: lexicons)
      let m = kit.messages(language)
      if found.digest != contents.header.course.digest {
        FileHandle.standardError.write(Data((m.text("live.report.replayMismatch") + "\n").utf8))
      }
      let report = LiveReport(scenario: scenario, messages: m, language: language, fallback: found.fallbackLanguages)
      kit.console.write(Sanitize.block(report.render(result)) + "\n")
    }

    /// The course's lexicons, or a usage error naming each one that is missing: without them the
    /// session would run with no banned-word checks (and a replay would silently score differently).
    func requireLexicons(_ loaded: LoadedCourse, course: Course, kit: TerminalKit) throws -> LexiconSet {
      let m = kit.messages(options.interfaceLanguage ?? course.languages.first ?? "en")
      let (lexicons, diagnostics) = LexiconLibrary(messages: m).resolve(loaded, coursePath: course.path)
      let errors = diagnostics.filter(\.isError)
      guard errors.isEmpty else {
        let renderer = DiagnosticRenderer(color: false, messages: m)
        throw failure(errors.map { renderer.render($0) }.joined().trimmingCharacters(in: .newlines))
      }
      return lexicons
    }

    func learnerName(_ given: String?, course: Course, kit: TerminalKit) throws -> LearnerName {
      if let given {
        do { return try LearnerName(given) } catch { throw failure(error.description) }
      }
      guard kit.interactive else { throw failure("say who is hosting: --learner NAME") }
      let menu = MainMenu(
        reader: kit.reader, console: kit.console, messages: kit.messages(course.languages.first ?? "en"),
        store: ProgressStore(folder: try options.dataFolder()), catalog: CourseCatalog(folders: []))
      guard let chosen = menu.chooseLearner() else { throw ExitCode.success }
      return chosen
    }
  }
}
