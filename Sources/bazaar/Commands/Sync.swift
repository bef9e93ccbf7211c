import ArgumentParser
import BazaarKit
import Foundation

extension BazaarCommand {
  struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "sync",
      abstract: "Send learning records to a learning record store (xAPI); --print writes them instead.",
      discussion: """
        Turns transcripts into xAPI 1.0.3 statements (the profile is in docs/xapi.md) and sends every \
        statement the LRS has not acknowledged yet, in batches. What was acknowledged is kept in the data \
        folder (sync/), so a sync cut off at any moment loses nothing, and each statement's id comes from \
        its session and event, so the LRS never stores one twice. With no network it says how many \
        statements wait; run it again later.

        Settings: lrs.json in the data folder (endpoint, user, password, home_page, activity_base, \
        sync_after_session: true to send in the background after every session; \
        readable only by you), or BAZAAR_LRS_ENDPOINT, BAZAAR_LRS_USER and BAZAAR_LRS_PASSWORD. Never \
        on the command line.

        Without paths, every transcript in the data folder.

        Exit status: 0 everything sent (or printed), 1 statements still waiting or refused by the LRS, or \
        files left out, 2 usage or settings error (no LRS set, wrong password, another sync running).

        Examples:
          bazaar sync
          bazaar sync --status
          bazaar sync /media/usb/transcripts
          bazaar sync --print > statements.jsonl
        """)

    @Flag(help: "Write the statements to standard output, one per line, without sending or recording anything.")
    var print = false

    @Flag(help: "Show what waits to be sent, per learner, and what the LRS refused; send nothing.")
    var status = false

    @Option(help: "Statements per request (1–10000).")
    var batchSize = 50

    @Flag(help: "Allow plain http:// to a machine other than this one.")
    var insecure = false

    @Flag(help: .hidden)
    var background = false

    @Argument(help: "Transcript files or folders (default: the data folder's transcripts).")
    var paths: [String] = []

    @OptionGroup var options: CommonOptions

    func validate() throws {
      if print && status { throw ValidationError("--print and --status ask for different things; give one.") }
      if background && (print || status) { throw ValidationError("--background sends; it goes with neither --print nor --status.") }
      if !(1...10_000).contains(batchSize) { throw ValidationError("--batch-size must be between 1 and 10000.") }
    }

    func run() throws {
      let m = MessageCatalog.load(language: options.interfaceLanguage ?? "en", folders: options.messageFolders)
      func say(_ text: String) { FileHandle.standardError.write(Data(("bazaar: " + Sanitize.line(text) + "\n").utf8)) }
      let data = try options.dataFolder()
      // After a session (--background, started by `bazaar` and not waited for), how it went is
      // left for the next session's end to say (``BackgroundSync``).
      func note(_ outcome: BackgroundSync.Outcome.Kind, pending: Int = 0, reason: String? = nil) {
        if background { BackgroundSync.record(.init(outcome: outcome, pending: pending, reason: reason, ended: Date()), data: data) }
      }
      func stop(_ text: String) -> ExitCode {
        note(.stopped, reason: text)
        return failure(Sanitize.line(text))
      }
      let configPath = data.path + "/" + LRSConfig.fileName
      let config: LRSConfig
      switch LRSConfig.load(data: data, environment: ProcessInfo.processInfo.environment, messages: m) {
      case .success(let c): config = c
      case .failure(let e): throw stop(e.description)
      }
      let courses = BatchGrader.CourseEntry.all(folders: options.folders, messages: m).courses
      let roots = paths.isEmpty ? [data.transcriptsFolder] : paths
      let export = XAPIExport(courses: courses, maker: StatementMaker(profile: config.profile), messages: m)
      func saySkipped(_ skipped: [SkippedFile]) {
        for s in skipped { say(m.text("sync.skipped", ["path": s.path + (s.line.map { ":\($0)" } ?? ""), "reason": s.reason])) }
      }

      if print {
        let out = FileHandle.standardOutput
        let summary = export.run(roots) { _, _, statements in
          // One write per transcript: JSON escapes control characters itself.
          out.write(Data(statements.map { $0.line + "\n" }.joined().utf8))
        }
        saySkipped(summary.skipped)
        if summary.transcripts == 0 {
          say(m.text("sync.nothing", ["paths": roots.joined(separator: " ")]))
          throw ExitCode(summary.skipped.isEmpty ? 2 : 1)
        }
        say(m.text("sync.summary", ["statements": String(summary.statements), "transcripts": String(summary.transcripts)]))
        if !summary.skipped.isEmpty { throw ExitCode(1) }
        return
      }

      let endpoint: String
      let transport: HelperLRSTransport
      switch lrsTransport(config, configPath: configPath, insecure: insecure, noEndpointKey: "sync.noEndpoint", m: m) {
      case .success(let t): (endpoint, transport) = t
      case .failure(let problem): throw stop(problem.text)
      }
      let engine = SyncEngine(export: export, transport: transport, batchSize: batchSize)
      let report: SyncEngine.Report
      switch engine.run(roots, store: SyncStore(data: data, endpoint: endpoint), endpoint: endpoint, statusOnly: status) {
      // Another sync is running: it will say how it went.
      case .failure(.busy(let path)): throw failure(Sanitize.line(SyncStore.Failure.busy(path).message(m)))
      case .failure(let f): throw stop(f.message(m))
      case .success(let r): report = r
      }
      switch report.stop {
      case .refused?: note(.refused, pending: report.pending)
      case .offline(let reason)?: note(.offline, pending: report.pending, reason: reason)
      case .cannotSave(let reason)?: note(.stopped, pending: report.pending, reason: reason)
      case nil: note(.sent)
      }
      if let aside = report.setAside { say(m.text("sync.setAside", ["path": SyncStore(data: data, endpoint: endpoint).path, "aside": aside])) }
      saySkipped(report.skipped)
      if report.transcripts == 0 && report.skipped.isEmpty {
        say(m.text("sync.nothing", ["paths": roots.joined(separator: " ")]))
        throw ExitCode(2)
      }

      if status {
        let out = [m.text("sync.status.head", [
          "endpoint": endpoint, "pending": String(report.pending), "sent": String(report.alreadySent), "transcripts": String(report.transcripts),
        ])]
          + report.pendingByLearner.sorted { $0.key < $1.key }.map { m.text("sync.status.learner", ["learner": $0.key, "n": String($0.value)]) }
          + report.rejected.map { m.text("sync.status.rejected", ["path": $0.path, "id": $0.id, "reason": $0.reason]) }
        FileHandle.standardOutput.write(Data(Sanitize.document(out.joined(separator: "\n") + "\n").utf8))
        if report.pending > 0 || !report.rejected.isEmpty || !report.skipped.isEmpty { throw ExitCode(1) }
        return
      }

      for r in report.rejected { say(m.text("sync.rejected", ["path": r.path, "id": r.id, "reason": r.reason])) }
      if report.rejectedBefore > 0 { say(m.text("sync.rejectedBefore", ["n": String(report.rejectedBefore)])) }
      switch report.stop {
      case .refused(let code, _)?:
        say(m.text("sync.refused", ["endpoint": endpoint, "status": String(code), "path": configPath, "pending": String(report.pending)]))
        throw ExitCode(2)
      case .offline(let reason)?:
        // The usual reasons in the learner's language; anything else as the client said it.
        let why = LRSTransportError.words(reason, m)
        say(m.text("sync.offline", ["endpoint": endpoint, "reason": why, "sent": String(report.sent), "pending": String(report.pending)]))
        throw ExitCode(1)
      case .cannotSave(let reason)?:
        say(m.text("sync.cannotSave", ["reason": reason, "pending": String(report.pending)]))
        throw ExitCode(1)
      case nil:
        say(m.text("sync.done", [
          "endpoint": endpoint, "sent": String(report.sent), "batches": String(report.batches), "already": String(report.alreadySent),
        ]))
      }
      if !report.rejected.isEmpty || !report.skipped.isEmpty { throw ExitCode(1) }
    }
  }
}
