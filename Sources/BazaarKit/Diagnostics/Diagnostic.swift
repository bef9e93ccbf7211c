/// A position in a source file, 1-based, in characters (not bytes).
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The file's path as the user gave it.
  public var path: String
  /// Line, from 1.
  public var line: Int
  /// Column, from 1, counted in characters.
  public var column: Int

  /// Creates a location.
  public init(path: String, line: Int, column: Int) {
    self.path = path
    self.line = line
    self.column = column
  }

  /// `path:line:col`.
  public var description: String { "\(path):\(line):\(column)" }
}

/// How serious a finding is.
public enum Severity: String, Sendable, Codable, Comparable {
  case error, warning, note

  private var rank: Int {
    switch self {
    case .error: 2
    case .warning: 1
    case .note: 0
    }
  }

  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One finding about a file: where, how serious, a stable code, and what to do about it.
public struct Diagnostic: Error, Sendable, Hashable, Codable {
  /// Stable code (`E012`, `W003`): documented in docs/course-format.md, safe to grep for.
  public var code: String
  /// Error, warning or note.
  public var severity: Severity
  /// Where it is; nil only for whole-file problems found before any position is known.
  public var location: SourceLocation?
  /// What is wrong and how to fix it, in one or two sentences.
  public var message: String
  /// The source line the location points into, for the caret display.
  public var sourceLine: String?
  /// The line as it should read, when the fix is certain (`prompt：…` → `prompt: …`): editors and
  /// scripts can apply it; JSON findings carry it as `fix`.
  public var fix: String? = nil

  /// Creates a diagnostic.
  public init(
    code: String, severity: Severity, location: SourceLocation?, message: String,
    sourceLine: String? = nil
  ) {
    self.code = code
    self.severity = severity
    self.location = location
    self.message = message
    self.sourceLine = sourceLine
  }

  /// True for errors.
  public var isError: Bool { severity == .error }
}

extension Array where Element == Diagnostic {
  /// True when any finding is an error.
  public var hasErrors: Bool { contains { $0.severity == .error } }
  /// Findings ordered by file, line, column, then code.
  public func sortedByLocation() -> [Diagnostic] {
    sorted { a, b in
      let la = a.location ?? SourceLocation(path: "", line: 0, column: 0)
      let lb = b.location ?? SourceLocation(path: "", line: 0, column: 0)
      if la.path != lb.path { return la.path < lb.path }
      if la.line != lb.line { return la.line < lb.line }
      if la.column != lb.column { return la.column < lb.column }
      return a.code < b.code
    }
  }
}
