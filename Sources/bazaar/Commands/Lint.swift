import ArgumentParser
import BazaarKit
import BazaarTerminal
import Foundation

extension BazaarCommand {
  struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "lint",  // named, not derived from the type name at run time (that costs start-up time)
      abstract: "Check course and lexicon files: syntax, meaning, and that every answer key grades itself right.",
      discussion: """
        Every finding names file:line:column, a stable code (E… errors, W… warnings) and how to fix it. \
        The self-check grades each declared correct answer (it must score 1) and each `wrong_examples` \
        entry (it must not), and samples every calc formula.

        Exit status: 0 clean (warnings allowed unless --strict), 1 errors found, 2 usage or I/O error.
        """)

    @Argument(help: "Course or lexicon files, or folders to search for .yaml files.")
    var paths: [String]

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Option(name: .customLong("lexicons"), help: "Another folder to find lexicons in (NAME.yaml).")
    var lexiconFolders: [String] = []

    @Flag(name: .customLong("quiet"), help: "Print only errors and warnings, no summary.")
    var quiet = false

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    // `--ui-lang` comes through the shared options: the root command declares them too, and
    // swift-argument-parser hands an option to every group of the same shape (a separately
    // declared `--ui-lang` here was taken by the root and stayed nil).
    @OptionGroup var options: CommonOptions

    func run() throws {
      let language = options.uiLanguage.map(MessageCatalog.baseLanguage) ?? MessageCatalog.languageFromEnvironment()
      var folders: [String] = []
      if let root = PackageLocator.packageRoot() { folders.append(root + "/messages") }
      let messages = MessageCatalog.load(language: language, folders: folders)
      let report = Linter(lexiconPaths: lexiconFolders, messages: messages).lint(paths)
      let failed = report.errorCount(strict: strict) > 0
      switch format {
      case .json:
        print(DiagnosticRenderer.json(report, strict: strict))
      case .text:
        let renderer = DiagnosticRenderer(color: TerminalInfo.useColor(STDOUT_FILENO), messages: messages)
        var out = ""
        for d in report.diagnostics { out += renderer.render(d) }
        for failure in report.ioFailures { out += "error: \(failure)\n" }
        if !quiet { out += renderer.summary(report, strict: strict) + "\n" }
        print(out, terminator: "")
      }
      if !report.ioFailures.isEmpty { throw ExitCode(2) }
      if failed { throw ExitCode(1) }
    }
  }
}
