import Foundation

/// The result of linting one file.
public struct LintedFile: Sendable {
  /// The file's path.
  public var path: String
  /// `course`, `lexicon`, or `unknown` when it could not be read far enough to tell.
  public var kind: String
  /// Every finding, in file order.
  public var diagnostics: [Diagnostic]
  /// Counts, for summaries: lessons and questions of a course, terms of a lexicon.
  public var lessons = 0
  public var questions = 0
  public var terms = 0
  /// Of `questions`, those from each included bank (by path), so that a bank linted in the same
  /// run is counted once.
  var questionsFromBanks: [String: Int] = [:]
}

/// What `bazaar lint` found across all its paths.
public struct LintReport: Sendable {
  /// One entry per file linted.
  public var files: [LintedFile]
  /// Paths that could not be read at all (missing, unreadable): an I/O problem, exit 2.
  public var ioFailures: [String]

  /// Every diagnostic, file by file.
  public var diagnostics: [Diagnostic] { files.flatMap(\.diagnostics) }
  /// Number of errors (warnings count as errors with `strict`).
  public func errorCount(strict: Bool) -> Int {
    diagnostics.filter { $0.severity == .error || (strict && $0.severity == .warning) }.count
  }
  /// Number of warnings.
  public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
}

/// Checks course and lexicon files: loading, semantics and the answer-key self-check.
public struct Linter {
  let fileSystem: any FileSystem
  let library: LexiconLibrary
  /// The language findings are written in (codes such as `E011` never change).
  public let messages: MessageCatalog

  /// Creates a linter reading through `fileSystem`, writing its findings in `messages`' language.
  public init(fileSystem: any FileSystem = LocalFileSystem(), lexiconPaths: [String] = [], messages: MessageCatalog = .english) {
    self.fileSystem = fileSystem
    self.messages = messages
    self.library = LexiconLibrary(fileSystem: fileSystem, searchPaths: lexiconPaths, messages: messages)
  }

  /// Whether `path` names a YAML file.
  public static func isYAML(_ path: String) -> Bool { path.hasSuffix(".yaml") || path.hasSuffix(".yml") }

  /// Lints files and folders (recursively, `.yaml`/`.yml` only).
  public func lint(_ paths: [String]) -> LintReport {
    var report = LintReport(files: [], ioFailures: [])
    for path in paths {
      switch fileSystem.kind(of: path) {
      case .missing:
        report.ioFailures.append(messages.text("lint.io.missing", ["path": path]))
      case .file:
        report.files.append(lintFile(path))
      case .directory:
        do {
          let found = try fileSystem.files(under: path).filter(Self.isYAML)
          if found.isEmpty { report.ioFailures.append(messages.text("lint.io.noYAMLFiles", ["path": path])) }
          for file in found { report.files.append(lintFile(file)) }
        } catch {
          report.ioFailures.append(error.message(messages))
        }
      }
    }
    // A bank linted on its own and through the courses that include it: each of its findings, and
    // each of its questions in the count, once.
    let banks = Set(report.files.filter { $0.kind == "bank" }.map(\.path))
    for i in report.files.indices {
      for (bank, n) in report.files[i].questionsFromBanks where banks.contains(bank) { report.files[i].questions -= n }
    }
    var seen = Set<String>()
    for i in report.files.indices {
      report.files[i].diagnostics.removeAll { d in
        guard let loc = d.location else { return false }
        return !seen.insert("\(d.code)\u{1F}\(loc)\u{1F}\(d.message)").inserted
      }
    }
    return report
  }

  /// Lints one file, deciding from its content whether it is a course or a lexicon.
  public func lintFile(_ path: String) -> LintedFile {
    let bytes: [UInt8]
    do {
      if case .file(let size) = fileSystem.kind(of: path), size > SourceText.maxBytes {
        let loaded = CourseLoader.load(path: path, fileSystem: fileSystem, messages: messages)
        return LintedFile(path: path, kind: "unknown", diagnostics: loaded.diagnostics)
      }
      bytes = try fileSystem.read(path)
    } catch {
      return LintedFile(
        path: path, kind: "unknown",
        diagnostics: [Diagnostic(code: "E001", severity: .error, location: nil, message: error.message(messages))])
    }
    let kind = YAMLFileKind.of(bytes)
    if kind == .lexicon {
      let (lexicon, diagnostics) = LexiconLoader.parse(bytes: bytes, path: path, messages: messages)
      var file = LintedFile(path: path, kind: "lexicon", diagnostics: diagnostics)
      file.terms = lexicon?.terms.count ?? 0
      return file
    }
    let isBank = kind == .bank
    let loaded =
      isBank
      ? CourseLoader.parseBank(bytes: bytes, path: path, messages: messages)
      : CourseLoader.parse(bytes: bytes, path: path, messages: messages, fileSystem: fileSystem)
    var diagnostics = loaded.diagnostics
    let (lexicons, lexiconProblems) = library.resolve(loaded, coursePath: path)
    diagnostics += lexiconProblems
    diagnostics += Self.liveCueFindings(loaded, lexicons: lexicons, messages: messages)
    diagnostics += Self.conceptTopicFindings(loaded, lexicons: lexicons, messages: messages)
    diagnostics += Self.familyFindings(loaded, lexicons: lexicons, messages: messages)
    var file = LintedFile(path: path, kind: isBank ? "bank" : "course", diagnostics: [])
    if let course = loaded.partial {
      file.lessons = isBank ? 0 : course.lessons.count
      file.questions = course.questions.count
      for q in course.questions where q.location.path != path { file.questionsFromBanks[q.location.path, default: 0] += 1 }
      // Questions that use a lexicon that could not be loaded cannot be self-checked fairly; the rest are.
      let missing = Set(loaded.lexiconRefs.map(\.name)).subtracting(lexicons.byName.keys)
      diagnostics += SelfCheck.run(course, lexicons: lexicons, skippingLexicons: missing, messages: messages)
    }
    // Self-check and lexicon findings are made away from the YAML reader: give them their source line too.
    // (Findings in an included bank quote the bank's line.)
    var linesOf: [String: [Substring]] = [path: String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)]
    for i in diagnostics.indices where diagnostics[i].sourceLine == nil {
      guard let loc = diagnostics[i].location else { continue }
      if linesOf[loc.path] == nil, loaded.includedPaths.contains(loc.path), let other = try? fileSystem.read(loc.path) {
        linesOf[loc.path] = String(decoding: other, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
      }
      if let lines = linesOf[loc.path], loc.line >= 1, loc.line <= lines.count {
        var line = String(lines[loc.line - 1])
        if line.hasSuffix("\r") { line.removeLast() }
        if loc.line == 1, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
        diagnostics[i].sourceLine = line
      }
    }
    file.diagnostics = diagnostics.sortedByLocation()
    return file
  }
}

/// Renders diagnostics like a compiler: `path:line:col: error: [E012] message`, the line, a caret.
///
/// The labels `error`/`warning`/`note` and the codes stay English in every language, as compilers
/// do, so graders and scripts can grep for them; the summary line is translated.
public struct DiagnosticRenderer: Sendable {
  /// Whether to use ANSI colour.
  public var color: Bool
  /// The language of the summary line.
  public var messages: MessageCatalog

  /// Creates a renderer.
  public init(color: Bool, messages: MessageCatalog = .english) {
    self.color = color
    self.messages = messages
  }

  private func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

  /// One diagnostic, with its source line and a caret when known.
  public func render(_ d: Diagnostic) -> String {
    let label: String
    switch d.severity {
    case .error: label = paint("error", "1;31")
    case .warning: label = paint("warning", "1;33")
    case .note: label = paint("note", "1;36")
    }
    var out = "\(d.location.map { paint($0.description, "1") + ": " } ?? "")\(label): [\(d.code)] \(Sanitize.line(d.message))\n"
    if let loc = d.location, let line = d.sourceLine {
      let number = String(loc.line)
      let gutter = String(repeating: " ", count: number.count)
      let shown = Sanitize.line(line.replacingOccurrences(of: "\t", with: " "))
      let prefix = shown.prefix(max(0, loc.column - 1))
      let pad = String(repeating: " ", count: DisplayWidth.of(prefix))
      out += " \(number) | \(shown)\n \(gutter) | \(pad)\(paint("^", "1;32"))\n"
    }
    return out
  }

  /// Every finding, except that a warning code found more than `limit` times shows its first
  /// `limit` and one line for the rest (a freshly imported bank has forty questions without an
  /// explanation; the errors must not drown in them).
  public func renderGrouped(_ diagnostics: [Diagnostic], limit: Int = 2, path: String) -> String {
    var shown: [String: Int] = [:]
    var out = ""
    for d in diagnostics {
      if d.severity == .warning {
        shown[d.code, default: 0] += 1
        if shown[d.code, default: 0] > limit { continue }
      }
      out += render(d)
    }
    for (code, n) in shown.sorted(by: { $0.key < $1.key }) where n > limit {
      out += messages.text("lint.moreLikeThis", ["n": String(n - limit), "code": code, "path": path]) + "\n"
    }
    return out
  }

  /// The closing summary line.
  public func summary(_ report: LintReport, strict: Bool) -> String {
    let errors = report.diagnostics.filter(\.isError).count
    let warnings = report.warningCount
    let files = report.files.count
    let questions = report.files.reduce(0) { $0 + $1.questions }
    func count(_ n: Int, _ noun: String) -> String {
      messages.text("lint.summary.\(noun).\(n == 1 ? "one" : "other")", ["count": String(n)])
    }
    var args = ["files": count(files, "files"), "errors": count(errors, "errors"), "warnings": count(warnings, "warnings")]
    let strictNote = strict && warnings > 0
    if questions > 0 { args["questions"] = count(questions, "questions") }
    let key =
      switch (strictNote, questions > 0) {
      case (false, false): "lint.summary"
      case (true, false): "lint.summary.strict"
      case (false, true): "lint.summary.selfChecked"
      case (true, true): "lint.summary.strict.selfChecked"
      }
    return messages.text(key, args)
  }

  /// The report as JSON (stable keys, for editors and CI).
  public static func json(_ report: LintReport, strict: Bool) -> String {
    struct Out: Encodable {
      struct File: Encodable {
        let path: String
        let kind: String
        let lessons: Int
        let questions: Int
        let terms: Int
      }
      struct D: Encodable {
        let path: String?
        let line: Int?
        let column: Int?
        let severity: String
        let code: String
        let message: String
        /// The line as it should read, when the fix is certain.
        let fix: String?
      }
      let files: [File]
      let diagnostics: [D]
      let ioFailures: [String]
      let errors: Int
      let warnings: Int
      let ok: Bool
    }
    let out = Out(
      files: report.files.map { .init(path: $0.path, kind: $0.kind, lessons: $0.lessons, questions: $0.questions, terms: $0.terms) },
      diagnostics: report.diagnostics.map {
        .init(
          path: $0.location?.path, line: $0.location?.line, column: $0.location?.column, severity: $0.severity.rawValue,
          code: $0.code, message: $0.message, fix: $0.fix)
      },
      ioFailures: report.ioFailures, errors: report.diagnostics.filter(\.isError).count, warnings: report.warningCount,
      ok: report.errorCount(strict: strict) == 0 && report.ioFailures.isEmpty)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(out) else { return "{}" }
    return String(decoding: data, as: UTF8.self)
  }
}

/// Neutralises control and escape characters from files before they reach a terminal.
public enum Sanitize {
  /// `text` with C0/C1 controls (including ESC) shown as `�`, except tab; newlines become spaces.
  public static func line(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    for s in text.unicodeScalars {
      if s == "\n" || s == "\r" { out.append(" ") }
      else if s == "\t" { out.append(s) }
      else if s.value < 0x20 || (0x7F..<0xA0).contains(s.value) || s.value == 0x2028 || s.value == 0x2029
        || (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value)
      {
        out.append("\u{FFFD}")
      } else { out.append(s) }
    }
    return String(out)
  }

  /// `text` line by line through ``line(_:)``, keeping its newlines.
  public static func block(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { line(String($0)) }.joined(separator: "\n")
  }
}
