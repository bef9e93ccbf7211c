import Foundation

/// A `:command` a learner types in a lesson or a host types in a live room. One parser and one
/// alias table serve both kinds of session, so a spelling always means the same thing; each kind
/// says which commands it accepts (``SessionKind/commands``).
///
/// Where the two kinds used to disagree, the table decides:
/// - `:q`, `:quit`, `:exit`, `:退出`, `:end`, `:结束`, `:下播` all mean ``quit`` — leave: a lesson
///   saves and quits, a live show ends now and is scored.
/// - `:h` is ``hint`` (as it always was in lessons); help is `:help`, `:?` or `:帮助`. In a live room
///   `:h` therefore says that hints belong to lessons, and points to `:help`.
/// - `:p` is ``promo``; `:b` ``back``; `:m` ``menu``. No other single letters.
public enum SessionCommand: String, CaseIterable, Sendable, Equatable {
  /// Show the next hint (lessons).
  case hint
  /// Skip the question (lessons).
  case skip
  /// Show the previous step again (lessons).
  case back
  /// Switch the course language: `:lang zh` (lessons).
  case lang
  /// Save and go back to the menu (lessons).
  case menu
  /// Leave: save and quit a lesson; end a live show now (it is scored).
  case quit
  /// List the commands.
  case help
  /// Start a promotion: `:promo ID`; alone, list them (live rooms).
  case promo

  /// Every spelling of every command, the English name first. Words are matched after folding
  /// case and full-width forms (`：ＨＩＮＴ` is `:hint`), so only the half-width lower-case form is
  /// listed. A spelling appears once in the whole table (a test checks).
  public static let table: [(command: SessionCommand, spellings: [String])] = [
    (.hint, ["hint", "h", "提示"]),
    (.skip, ["skip", "跳过"]),
    (.back, ["back", "b", "返回", "上一步"]),
    (.lang, ["lang", "language", "语言"]),
    (.menu, ["menu", "m", "菜单"]),
    (.quit, ["quit", "q", "exit", "退出", "end", "结束", "下播"]),
    (.help, ["help", "?", "帮助"]),
    (.promo, ["promo", "p", "promotion", "促销", "优惠"]),
  ]

  /// Spelling → command, built from ``table`` (the first entry wins if a spelling were repeated).
  static let aliases: [String: SessionCommand] = Dictionary(
    table.flatMap { entry in entry.spellings.map { ($0, entry.command) } }, uniquingKeysWith: { first, _ in first })

  /// The name `:help` shows and Tab completes in `kind`: `end` for leaving a live show, else the
  /// English name.
  public func name(in kind: SessionKind) -> String {
    kind == .live && self == .quit ? "end" : rawValue
  }

  /// Whether `line` (already trimmed) is a command line: it starts with `:` or a full-width `：`.
  public static func isCommandLine(_ line: String) -> Bool {
    guard let first = line.unicodeScalars.first else { return false }
    return first == ":" || first == "："
  }

  /// Parses a command line: `:hint` → hint; `：lang zh` → lang with argument `zh`; `:ｐｒｏｍｏ　coupon`
  /// (full-width letters, ideographic space) → promo with argument `coupon`; `:frobnicate` → a line
  /// with no command. Nil when `line` is not a command line at all (an answer, a host line).
  public static func parse(_ line: String) -> SessionCommandLine? {
    let trimmed = line.trimmingSpaces
    guard isCommandLine(trimmed) else { return nil }
    let body = String(String.UnicodeScalarView(trimmed.unicodeScalars.dropFirst().map(TextNormalizer.foldWidth)))
    let parts = body.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" || $0 == "\t" }).map(String.init)
    let word = parts.first?.lowercased() ?? ""
    return SessionCommandLine(word: word, command: aliases[word], argument: parts.count > 1 ? parts[1] : nil)
  }

  /// What a command line means in a session of `kind`; nil when `line` is no command line.
  public static func read(_ line: String, in kind: SessionKind) -> SessionCommandReading? {
    guard let parsed = parse(line) else { return nil }
    guard let command = parsed.command else { return .unknown(word: parsed.word) }
    guard kind.commands.contains(command) else { return .notHere(command, word: parsed.word) }
    return .run(command, argument: parsed.argument)
  }
}

/// A command line as typed, parsed but not yet judged for a session kind.
public struct SessionCommandLine: Sendable, Equatable {
  /// The command word as typed, without the colon, folded to lower-case half-width.
  public var word: String
  /// What the word means; nil when it is no command.
  public var command: SessionCommand?
  /// The first word after the command (`zh` in `:lang zh`), if any.
  public var argument: String?
}

/// What a command line means in one kind of session.
public enum SessionCommandReading: Sendable, Equatable {
  /// A command this session accepts.
  case run(SessionCommand, argument: String?)
  /// A command of the other kind of session (`:hint` in a live room, `:promo` in a lesson).
  case notHere(SessionCommand, word: String)
  /// Not a command at all.
  case unknown(word: String)
}

/// The two kinds of session and the commands each accepts.
public enum SessionKind: Sendable, Equatable, CaseIterable {
  case lesson, live

  /// The commands this kind accepts, in the order `:help` lists them and Tab offers them.
  public var commands: [SessionCommand] {
    switch self {
    case .lesson: [.hint, .skip, .back, .lang, .menu, .quit, .help]
    case .live: [.promo, .quit, .help]
    }
  }

  /// The commands as Tab completes them: `:hint`, `:skip`… in lessons; `:promo`, `:end`, `:help`
  /// in a live room.
  public var completions: [String] { commands.map { ":" + $0.name(in: self) } }
}
