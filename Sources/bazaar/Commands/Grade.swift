import ArgumentParser
import BazaarKit
import BazaarTerminal
import Foundation

extension BazaarCommand {
  struct Grade: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "grade",  // named, not derived from the type name at run time (that costs start-up time)
      abstract: "Re-grade transcripts against the current courses: gradebook, item statistics, integrity flags.",
      discussion: """
        Reads transcripts (.jsonl files, or folders searched recursively) from every PC, re-grades every \
        answer against the current course file with the runner's own grader, replays live sessions, and \
        prints a gradebook (learner × course), test and item statistics (Moodle's definitions, first \
        attempts) and flags worth a look. Transcripts of real broadcasts (.srt, .vtt, timestamped .txt) \
        get a compliance report. Files that cannot be graded are listed with the reason and skipped.

        With --lrs, the sessions are read back from the learning record store that `bazaar sync` sends to \
        (lrs.json in the data folder, or BAZAAR_LRS_ENDPOINT, BAZAAR_LRS_USER and BAZAAR_LRS_PASSWORD), \
        rebuilt line for line, and graded exactly as their transcript files would be: a prefecture's \
        gradebook from every centre that syncs. --since and --until pick the sessions by the day they \
        began (this computer's time zone; --until's day included).

        Exit status: 0 everything graded, 1 some files skipped or lines unreadable, 2 usage or output error
        (nothing to grade, or a course whose lexicons are missing, or the LRS cannot be read). A .txt \
        without timestamps is listed as left out but does not make the status 1.

        Examples:
          bazaar grade transcripts/
          bazaar grade /media/usb/*/transcripts --format html --out week12.html
          bazaar grade transcripts/ --format csv --out grades.csv
          bazaar grade transcripts/ --format csv --table learner-items --out scores.csv
          bazaar grade --lrs --since 2026-09-01 --until 2026-12-31 --format html --out autumn.html
        """)

    @Argument(help: "Transcript files or folders (searched recursively for .jsonl, .srt, .vtt, .txt).")
    var paths: [String] = []

    @Flag(help: "Grade the sessions held by the learning record store (xAPI) instead of files.")
    var lrs = false

    @Option(help: "With --lrs: sessions that began on or after this day (2026-09-01) or time (2026-09-01T08:00:00Z).")
    var since: String?

    @Option(help: "With --lrs: sessions that began on or before this day (2026-12-31), or before this time.")
    var until: String?

    @Flag(help: "With --lrs: allow plain http:// to a machine other than this one.")
    var insecure = false

    @Option(help: "Output: table, csv, json, md or html.")
    var format: OutputFormat = .table

    @Option(help: "Write the report to this file instead of standard output.")
    var out: String?

    @Flag(help: "With --format csv: the item statistics instead of the gradebook rows (same as --table items).")
    var items = false

    @Option(help: "With --format csv: which table — gradebook (learner × course rows, the default), items (item statistics), tests (test statistics per course) or learner-items (first-attempt score per learner and question).")
    var table: GradebookText.CSVTable?

    @Option(help: "Score broadcasts' transcripts on this live scenario too (COURSE:SCENARIO).")
    var scenario: String?

    @Flag(help: "Whose attempts the item and test statistics use: --finished-only (the default, as Moodle: learners who reached every question) or --all-learners (everyone; unreached questions count as 0).")
    var population: Population = .finishedOnly

    enum Population: String, EnumerableFlag { case finishedOnly, allLearners }

    @Option(help: "Which try at each question the item and test statistics count: first (the default, as Moodle), last or best.")
    var attempts: CountedAttempt = .first

    @OptionGroup var options: CommonOptions

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, csv, json, md, html }

    func validate() throws {
      if items, format != .csv { throw ValidationError("--items goes with --format csv (the other formats include the items).") }
      if table != nil, format != .csv { throw ValidationError("--table goes with --format csv (the other formats include every table).") }
      if items, let table, table != .items { throw ValidationError("--items and --table \(table.rawValue) ask for different tables.") }
    }

    func run() throws {
      let language = options.interfaceLanguage ?? "en"
      let m = MessageCatalog.load(language: language, folders: options.messageFolders)
      // Without its lexicons a course would grade listings and pitches more kindly than the
      // runner did: stop and say which are missing.
      let (courses, errors) = BatchGrader.CourseEntry.all(folders: options.folders, messages: m)
      guard errors.isEmpty else {
        let renderer = DiagnosticRenderer(color: false, messages: m)
        throw failure(Sanitize.block(errors.map { renderer.render($0) }.joined().trimmingCharacters(in: .newlines)))
      }
      var broadcastScenario: (course: Course, scenario: LiveScenario, lexicons: LexiconSet)?
      if let scenario {
        let parts = scenario.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let entry = courses[parts[0]], let s = entry.course.scenarios.first(where: { $0.id == parts[1] }) else {
          throw failure(Sanitize.line(m.text("gradebook.cli.noScenario", ["scenario": scenario])))
        }
        broadcastScenario = (entry.course, s, entry.lexicons)
      }
      var grader = BatchGrader(courses: courses, language: language, messages: m, broadcastScenario: broadcastScenario)
      // Without --ui-lang, a broadcast graded without a scenario is reported in its own language.
      if options.uiLanguage == nil {
        grader.linesLanguageMessages = Dictionary(
          uniqueKeysWithValues: ["zh", "en"].map { ($0, MessageCatalog.load(language: $0, folders: options.messageFolders)) })
      }
      grader.population = population == .allLearners ? .all : .finished
      grader.attempts = attempts
      // Every name from a file or the command line is cleaned before it reaches the terminal.
      func say(_ text: String) { FileHandle.standardError.write(Data(("bazaar: " + Sanitize.line(text) + "\n").utf8)) }
      if !lrs {
        if paths.isEmpty { throw failure(Sanitize.line(m.text("grade.lrs.noPaths"))) }
        if since != nil || until != nil { throw failure(Sanitize.line(m.text("grade.lrs.datesWithoutLRS"))) }
      } else if !paths.isEmpty {
        throw failure(Sanitize.line(m.text("grade.lrs.withPaths")))
      }
      var source = paths.joined(separator: " ")
      let book: Gradebook
      if lrs {
        let (read, endpoint) = try readLRS(m, say: say)
        source = endpoint
        var b = grader.run(rebuilt: read.transcripts)
        b.skipped += read.unreadable.map { SkippedFile(path: $0.name, reason: grader.reason($0.error)) }
        b.source = GradebookSource(lrs: endpoint, since: since, until: until)
        book = b
        if read.transcripts.isEmpty && read.unreadable.isEmpty {
          say(m.text("grade.lrs.nothing", ["endpoint": endpoint]))
          throw ExitCode(2)
        }
      } else {
        book = grader.run(paths)
      }
      func saySkipped() {
        for s in book.skipped {
          say(m.text("gradebook.cli.skipped", ["path": s.path + (s.line.map { ":\($0)" } ?? ""), "reason": s.reason]))
        }
      }
      let findings = book.skipped.filter(grader.isFinding)
      let damaged = book.transcripts.filter { !$0.problems.isEmpty }
      let nothingGraded = book.transcripts.isEmpty && book.broadcasts.isEmpty
      // Nothing to grade (an empty folder, a wrong path, only a readme.txt): a usage problem,
      // said in the interface language; no report is written.
      if nothingGraded && findings.isEmpty {
        saySkipped()
        say(m.text("gradebook.cli.nothing", ["paths": source]))
        throw ExitCode(2)
      }
      // The report goes out piece by piece (JSON a list element at a time); a file is replaced
      // atomically once it is whole, and /dev/null, a pipe or a terminal is written as it is.
      do {
        let sink = try ReportSink(path: out)
        switch format {
        case .json:
          // JSON escapes control characters itself (as `\u001b`).
          GradebookText.json(book) { sink.write($0) }
          sink.write("\n")
        case .table: sink.write(Sanitize.document(GradebookText.table(book, messages: m)))
        case .csv: sink.write(Sanitize.document(GradebookText.csv(book, table: table ?? (items ? .items : .gradebook))))
        case .md: sink.write(Sanitize.document(GradebookText.markdown(book, messages: m)))
        case .html:
          sink.write(
            Sanitize.document(GradebookHTML.render(book, messages: m, title: m.text("gradebook.title"), generated: ISOTime.string(Date()))))
        }
        try sink.commit()
      } catch {
        let reason: String
        switch error { case .cannotWrite(_, let r): reason = r }
        throw failure(Sanitize.line(m.text("gradebook.cli.cannotWrite", ["out": out ?? "-", "reason": reason])))
      }
      if let out {
        say(m.text("gradebook.cli.summary", ["graded": String(book.transcripts.count), "skipped": String(book.skipped.count), "out": out]))
      }
      // What could not be read is always said on standard error too (unless the table on
      // standard output already lists it), and makes the exit status 1.
      if !(out == nil && format == .table) {
        saySkipped()
        for t in damaged {
          for p in t.problems.prefix(20) { say(t.path + ": " + p) }
        }
      }
      if nothingGraded { say(m.text("gradebook.cli.nothingGraded")) }
      if !findings.isEmpty || !damaged.isEmpty { throw ExitCode(1) }
    }
  }
}

extension BazaarCommand.Grade {
  /// Every Bazaar session the LRS holds that began in `--since`…`--until`, rebuilt; the endpoint.
  func readLRS(_ m: MessageCatalog, say: (String) -> Void) throws -> (TranscriptRebuilder.Transcripts, String) {
    func date(_ option: String, _ value: String?, endOfDay: Bool) throws -> Date? {
      guard let value else { return nil }
      guard let date = LRSReader.bound(value, endOfDay: endOfDay, timeZone: .current) else {
        throw failure(Sanitize.line(m.text("grade.lrs.badDate", ["option": option, "value": value])))
      }
      return date
    }
    let from = try date("since", since, endOfDay: false)
    let to = try date("until", until, endOfDay: true)
    let data = try options.dataFolder()
    let configPath = data.path + "/" + LRSConfig.fileName
    let config: LRSConfig
    switch LRSConfig.load(data: data, environment: ProcessInfo.processInfo.environment, messages: m) {
    case .success(let c): config = c
    case .failure(let e): throw failure(Sanitize.line(e.description))
    }
    let endpoint: String
    let transport: HelperLRSTransport
    switch lrsTransport(config, configPath: configPath, insecure: insecure, noEndpointKey: "grade.lrs.noEndpoint", m: m) {
    case .success(let t): (endpoint, transport) = t
    case .failure(let problem): throw failure(Sanitize.line(problem.text))
    }
    let reader = LRSReader(transport: transport, endpoint: endpoint)
    var rebuilder = TranscriptRebuilder()
    let summary: LRSReader.Summary
    switch reader.read(since: from, into: &rebuilder) {
    case .success(let s): summary = s
    case .failure(let f): throw failure(Sanitize.line(LRSReader.message(f, endpoint: endpoint, configPath: configPath, messages: m)))
    }
    let range = (from ?? .distantPast)..<max(from ?? .distantPast, to ?? .distantFuture)
    let read = rebuilder.transcripts(startedIn: from == nil && to == nil ? nil : range)
    say(m.text("grade.lrs.read", [
      "endpoint": endpoint, "statements": String(summary.statements), "pages": String(summary.pages), "sessions": String(read.transcripts.count),
    ]))
    if rebuilder.notBazaar > 0 { say(m.text("grade.lrs.others", ["n": String(rebuilder.notBazaar)])) }
    if read.outside > 0 { say(m.text("grade.lrs.outside", ["n": String(read.outside)])) }
    return (read, endpoint)
  }
}

extension GradebookText.CSVTable: ExpressibleByArgument {}
extension CountedAttempt: ExpressibleByArgument {}
