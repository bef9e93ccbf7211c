import ArgumentParser
import BazaarKit
import Foundation

extension BazaarCommand {
  struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "sync",
      abstract: "Learning records for a learning record store (xAPI): --print writes them, one JSON statement per line.",
      discussion: """
        Turns transcripts into xAPI 1.0.3 statements (the profile is in docs/xapi.md): the learners' \
        answers, lessons completed, passed or failed, live shows with their dashboard. Each statement's \
        id comes from its session and event, so the same transcript always gives the same statements.

        With --print, nothing is sent or recorded: the statements go to standard output. Without \
        paths, every transcript in the data folder. Names come from lrs.json in the data folder \
        (home_page, activity_base).

        Exit status: 0 done, 1 some files left out, 2 usage error (nothing found, bad settings).

        Examples:
          bazaar sync --print > statements.jsonl
          bazaar sync --print /media/usb/transcripts | jq .verb.id
        """)

    @Flag(help: "Write the statements to standard output, one per line, without sending or recording anything.")
    var print = false

    @Argument(help: "Transcript files or folders (default: the data folder's transcripts).")
    var paths: [String] = []

    @OptionGroup var options: CommonOptions

    func run() throws {
      let m = MessageCatalog.load(language: options.interfaceLanguage ?? "en", folders: options.messageFolders)
      func say(_ text: String) { FileHandle.standardError.write(Data(("bazaar: " + Sanitize.line(text) + "\n").utf8)) }
      guard print else {
        say(m.text("sync.notYet"))
        throw ExitCode(2)
      }
      let data = try options.dataFolder()
      let config: LRSConfig
      switch LRSConfig.load(data: data, environment: ProcessInfo.processInfo.environment, messages: m) {
      case .success(let c): config = c
      case .failure(let e): throw failure(Sanitize.line(e.description))
      }
      var courses: [String: BatchGrader.CourseEntry] = [:]
      for entry in CourseCatalog(folders: options.folders).entries {
        guard let course = entry.loaded.course, courses[course.id] == nil else { continue }
        let (lexicons, _) = LexiconLibrary(messages: m).resolve(entry.loaded, coursePath: course.path)
        courses[course.id] = BatchGrader.CourseEntry(course: course, lexicons: lexicons)
      }
      let roots = paths.isEmpty ? [data.transcriptsFolder] : paths
      let export = XAPIExport(courses: courses, maker: StatementMaker(profile: config.profile), messages: m)
      let out = FileHandle.standardOutput
      let summary = export.run(roots) { _, statements in
        // One write per transcript: JSON escapes control characters itself.
        out.write(Data(statements.map { $0.line + "\n" }.joined().utf8))
      }
      for s in summary.skipped {
        say(m.text("sync.skipped", ["path": s.path + (s.line.map { ":\($0)" } ?? ""), "reason": s.reason]))
      }
      if summary.transcripts == 0 {
        say(m.text("sync.nothing", ["paths": roots.joined(separator: " ")]))
        throw ExitCode(summary.skipped.isEmpty ? 2 : 1)
      }
      say(m.text("sync.summary", ["statements": String(summary.statements), "transcripts": String(summary.transcripts)]))
      if !summary.skipped.isEmpty { throw ExitCode(1) }
    }
  }
}
