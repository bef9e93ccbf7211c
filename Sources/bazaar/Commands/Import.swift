import ArgumentParser
import BazaarKit
import BazaarTerminal
import Foundation

extension BazaarCommand {
  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "import",  // named, not derived from the type name at run time (that costs start-up time)
      abstract: "Turn question banks (GIFT, Aiken, Moodle XML, Chinese text banks, spreadsheets) into a Bazaar course.",
      discussion: """
        The format comes from the file name (.gift .aiken .xml .csv .xlsx), else from the text: GIFT, \
        Aiken, or the layout Chinese quiz platforms import (1. 题干 / A、选项 / 答案：A / 解析：…). \
        templates/ holds a text bank and a spreadsheet to start from; docs/import-export.md says what \
        each format keeps and loses.

        Every question that cannot be carried over stays in the course as a commented TODO with its \
        source line and why. The new file is checked with `bazaar lint` at once. Importing the same \
        bank again gives the same question ids, so learners' progress still fits.

        Exit status: 0 imported and clean, 1 imported with TODOs or lint errors, 2 usage or I/O error.

        Examples:
          bazaar import 题库.txt --out courses/rose-tea.yaml
          bazaar import moodle-export.xml quiz.gift --id pricing-bank
        """)

    @Argument(help: "Question-bank files to read (their questions are joined, in order).")
    var files: [String]

    @Option(name: .shortAndLong, help: "Where to write the course (default: courses/ID.yaml if ./courses exists, else ./ID.yaml).")
    var out: String?

    @Option(help: "The course id (default: from --out, else from the first file's name).")
    var id: String?

    @Option(help: "The course title (default: the id).")
    var title: String?

    @Option(help: "The files' format, when their names do not say: gift, aiken, moodle-xml, text, csv, xlsx.")
    var format: BankFormat?

    @Flag(help: "Replace the course file if it exists (the old one is kept as FILE.bak).")
    var force = false

    @OptionGroup var options: CommonOptions

    func validate() throws {
      if files.isEmpty { throw ValidationError("Name at least one question-bank file, e.g. bazaar import 题库.txt") }
      if let id, !CourseTemplate.isValidID(id) {
        throw ValidationError("'\(id)' cannot be a course id: use ASCII letters, digits, '-', '_' or '.', e.g. rose-tea.")
      }
    }

    func run() throws {
      let m = MessageCatalog.load(language: options.interfaceLanguage ?? "en", folders: options.messageFolders)
      let fs = LocalFileSystem()
      var bank = QuestionBank()
      for file in files {
        switch BankImporter.read(path: file, format: format, fileSystem: fs, messages: m, external: ExternalBanks.readers(m)) {
        case .failure(let f): throw failure(Sanitize.line(f.message))
        case .success(let b):
          // Nothing read, or only lines that are no question (not a bank in this format): no course.
          if b.questions.isEmpty && (b.leftOut.isEmpty || b.leftOut.count > 50) {
            throw failure(m.text("import.report.nothing", ["path": Sanitize.line(file)]))
          }
          bank.questions += b.questions
          bank.leftOut += b.leftOut
        }
      }
      let fm = FileManager.default
      var isDir: ObjCBool = false
      let intoCourses = out == nil && fm.fileExists(atPath: "courses", isDirectory: &isDir) && isDir.boolValue
      let courseId = id ?? out.map(BankImporter.courseId(forPath:)) ?? BankImporter.courseId(forPath: files[0])
      let path = out ?? (intoCourses ? "courses/\(courseId).yaml" : "\(courseId).yaml")
      if fm.fileExists(atPath: path) {
        guard force else { throw failure(m.text("import.report.exists", ["path": path])) }
        try? fm.removeItem(atPath: path + ".bak")
        do { try fm.copyItem(atPath: path, toPath: path + ".bak") } catch { throw failure("\(path).bak: \(error.localizedDescription)") }
      }
      let output = CourseWriter.write(
        bank, courseId: courseId, title: title ?? courseId, sources: files, schema: PackageLocator.schemaPath(forFile: path), messages: m)
      do {
        let sink = try ReportSink(path: path)
        sink.write(output.yaml)
        try sink.commit()
      } catch {
        throw failure("\(path): \(error)")
      }
      var say = ""
      let lessons = output.yaml.components(separatedBy: "\n    steps:\n").count - 1
      say += m.text("import.report.wrote", ["path": path, "written": String(output.written), "lessons": String(lessons), "files": files.joined(separator: ", ")]) + "\n"
      if !output.changed.isEmpty {
        say += m.text("import.report.changed", ["n": String(output.changed.count)]) + "\n"
        for c in output.changed {
          let what = c.losses.map { m.text($0) }.joined(separator: "; ")
          say += m.text("import.report.changedLine", ["where": "\(c.location.path):\(c.location.line)", "id": c.id, "what": what]) + "\n"
        }
      }
      if !output.todo.isEmpty {
        say += m.text("import.report.todo", ["n": String(output.todo.count)]) + "\n"
        for t in output.todo {
          let source = "\(t.location.path):\(t.location.line)"
          let at = output.todoLines[source].map { "\(path):\($0)" } ?? path
          say += m.text("import.report.todoLine", ["where": source, "at": at, "why": m.text(t.reason, t.args)]) + "\n"
        }
        say += m.text("import.report.todoAgain") + "\n"
      }
      let report = Linter(lexiconPaths: [], messages: m).lint([path])
      let renderer = DiagnosticRenderer(color: TerminalInfo.useColor(STDOUT_FILENO), messages: m)
      if report.diagnostics.isEmpty {
        say += m.text("import.report.clean", ["id": courseId]) + "\n"
      } else {
        say += m.text("import.report.lint") + "\n"
        say += renderer.renderGrouped(report.diagnostics, path: path)
      }
      print(Sanitize.document(say), terminator: "")
      if report.errorCount(strict: false) > 0 || !output.todo.isEmpty { throw ExitCode(1) }
    }
  }
}

extension BankFormat: ExpressibleByArgument {}
