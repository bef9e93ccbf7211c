import ArgumentParser
import BazaarKit
import Foundation

extension BazaarCommand {
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "export",  // named, not derived from the type name at run time (that costs start-up time)
      abstract: "Write a course's questions as GIFT, Aiken or Moodle XML, for Moodle and other quiz tools.",
      discussion: """
        Each step the format cannot hold is listed with why (Aiken holds only one-answer multiple \
        choice; none holds calc, listing, pitch or live). GIFT keeps each question's id as its title, \
        so `bazaar import` of the exported file gives the same course.

        Exit status: 0 all exported, 1 some steps left out, 2 usage or I/O error.

        Example: bazaar export --format gift courses/sampler.yaml --out sampler.gift
        """)

    @Option(help: "gift, aiken or moodle-xml.")
    var format: ExportFormat

    @Argument(help: "The course file.")
    var course: String

    @Option(name: .shortAndLong, help: "Where to write (default: standard output).")
    var out: String?

    @Option(help: "The language to write, for a course in several (default: the course's first).")
    var lang: String?

    @OptionGroup var options: CommonOptions

    enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
      case gift, aiken
      case moodleXML = "moodle-xml"
    }

    func run() throws {
      let m = MessageCatalog.load(language: options.interfaceLanguage ?? "en", folders: options.messageFolders)
      let loaded = CourseLoader.load(path: course, messages: m)
      guard let c = loaded.course else { throw failure(m.text("export.notACourse", ["path": course])) }
      let language = lang ?? c.languages.first ?? "zh"
      let output: BankExporter.Output
      switch format {
      case .gift: output = BankExporter.gift(c, language: language)
      case .aiken: output = BankExporter.aiken(c, language: language)
      case .moodleXML:
        switch XMLHelper.export(course: course, language: language, messages: m) {
        case .success(let o): output = o
        case .failure(let f): throw failure(Sanitize.line(f.message))
        }
      }
      do {
        let sink = try ReportSink(path: out)
        sink.write(output.text)
        try sink.commit()
      } catch {
        throw failure("\(out ?? "-"): \(error)")
      }
      var say = ""
      if let out { say += m.text("export.wrote", ["path": out, "written": String(output.written), "format": format.rawValue]) + "\n" }
      func line(_ n: BankExporter.Note) -> String {
        m.text("export.skipped", ["where": "\(n.location.path):\(n.location.line)", "id": n.id, "why": m.text(n.reason, n.args.merging(["format": format.rawValue]) { a, _ in a })]) + "\n"
      }
      if !output.skipped.isEmpty {
        say += m.text("export.skippedHead", ["n": String(output.skipped.count), "format": format.rawValue]) + "\n"
        for n in output.skipped { say += line(n) }
      }
      if !output.changed.isEmpty {
        say += m.text("export.changedHead", ["n": String(output.changed.count)]) + "\n"
        for n in output.changed { say += line(n) }
      }
      FileHandle.standardError.write(Data(Sanitize.document(say).utf8))
      if !output.skipped.isEmpty { throw ExitCode(1) }
    }
  }
}
