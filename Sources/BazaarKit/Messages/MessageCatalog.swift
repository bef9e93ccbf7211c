import Foundation
import Yams

/// Bazaar's own words (runner, lint, grader feedback) in the user's language.
///
/// Built-in tables hold English and Chinese (`Messages+Runner.swift`, `+Lint`, `+Grade`). A
/// translator adds a language without touching code by dropping `messages/LANG.yaml` (a flat map
/// `key: template`) into Bazaar's folder or the data folder; see docs/translating.md. A key missing
/// in a language falls back to English, then to the key itself.
public struct MessageCatalog: Sendable {
  /// The language this catalogue speaks (`en`, `zh`, `ug`…).
  public let language: String
  private let table: [String: String]

  /// English.
  public static let english = MessageCatalog(language: "en", table: Messages.en)

  /// A catalogue for `language` with the given templates (missing keys fall back to English).
  public init(language: String, table: [String: String]) {
    self.language = language
    self.table = table
  }

  /// The catalogue for `language`: built-in tables, overlaid by `messages/LANG.yaml` found in `folders`.
  public static func load(language: String, folders: [String] = []) -> MessageCatalog {
    let base = baseLanguage(language)
    var table = builtIn(base) ?? [:]
    for folder in folders {
      let path = folder + "/" + base + ".yaml"
      guard let data = FileManager.default.contents(atPath: path), data.count < 1_000_000,
        let text = String(data: data, encoding: .utf8),
        let node = try? Yams.compose(yaml: text), case .mapping(let m) = node
      else { continue }
      for (k, v) in m {
        if let key = k.scalar?.string, let value = v.scalar?.string { table[key] = value }
      }
    }
    return MessageCatalog(language: base, table: table)
  }

  /// Built-in templates for a base language code.
  static func builtIn(_ base: String) -> [String: String]? {
    switch base {
    case "en": Messages.en
    case "zh": Messages.zh
    default: nil
    }
  }

  /// `zh` for `zh_CN.UTF-8`, `zh-Hans`, `zh`; `en` for `C`, `POSIX` and empty.
  public static func baseLanguage(_ code: String) -> String {
    let lower = code.lowercased()
    let cut = lower.prefix { $0.isLetter }
    if cut.isEmpty || cut == "c" || cut == "posix" { return "en" }
    return String(cut)
  }

  /// The interface language from the environment: `LC_ALL`, then `LC_MESSAGES`, then `LANG`.
  public static func languageFromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> String {
    for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
      if let v = env[key], !v.isEmpty { return baseLanguage(v) }
    }
    return "en"
  }

  /// The template for `key` with `{name}` placeholders filled from `args`.
  public func text(_ key: String, _ args: [String: String] = [:]) -> String {
    let template = table[key] ?? Messages.en[key] ?? key
    guard !args.isEmpty, template.contains("{") else { return template }
    var out = ""
    var i = template.startIndex
    while i < template.endIndex {
      if template[i] == "{", let close = template[i...].firstIndex(of: "}") {
        let name = String(template[template.index(after: i)..<close])
        if let value = args[name] {
          out += value
          i = template.index(after: close)
          continue
        }
      }
      out.append(template[i])
      i = template.index(after: i)
    }
    return out
  }

  /// Every key the built-in English table defines (for completeness tests and translators).
  public static var keys: [String] { Messages.en.keys.sorted() }

  /// Whether this catalogue is Chinese (used where word order, not just words, differs).
  public var isChinese: Bool { language == "zh" }
}
