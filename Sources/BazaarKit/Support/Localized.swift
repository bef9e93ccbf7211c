/// A string a learner sees: either one text for every language, or one text per language.
///
/// Resolution order (documented in docs/course-format.md):
/// 1. the requested language (`zh`), then its base (`zh-Hans` → `zh`);
/// 2. the course's languages, in the order the course declares them;
/// 3. the first text the author wrote.
public struct Localized: Sendable, Hashable {
  /// Texts by language code, in the order the author wrote them. A plain string has one entry with code "".
  public let entries: [Entry]

  /// One language's text.
  public struct Entry: Sendable, Hashable {
    /// Language code (`zh`, `en`, `ug`); empty for a plain string that serves every language.
    public let language: String
    /// The text.
    public let text: String
    /// Creates an entry.
    public init(language: String, text: String) {
      self.language = language
      self.text = text
    }
  }

  /// One text for every language.
  public init(_ plain: String) { entries = [Entry(language: "", text: plain)] }

  /// One text per language, in author order.
  public init(entries: [Entry]) { self.entries = entries }

  /// Convenience for tests and generated text: `Localized(["zh": "对", "en": "right"])` (order: zh, en, then others sorted).
  public init(_ map: [String: String]) {
    let order = ["zh", "en"] + map.keys.filter { $0 != "zh" && $0 != "en" }.sorted()
    entries = order.compactMap { code in map[code].map { Entry(language: code, text: $0) } }
  }

  /// True when the author wrote a plain string rather than a language map.
  public var isPlain: Bool { entries.count == 1 && entries.first?.language == "" }

  /// The languages this text is written in (empty for a plain string).
  public var languages: [String] { entries.map(\.language).filter { !$0.isEmpty } }

  /// The text for `language`, falling back through `fallback` and then the first entry.
  public func text(_ language: String, fallback: [String] = []) -> String {
    if let plain = entries.first, entries.count == 1 { return plain.text }
    if let hit = lookup(language) { return hit }
    if let dash = language.firstIndex(where: { $0 == "-" || $0 == "_" }),
      let hit = lookup(String(language[..<dash]))
    {
      return hit
    }
    for code in fallback { if let hit = lookup(code) { return hit } }
    return entries.first?.text ?? ""
  }

  /// The text written for exactly `language`, if any (a plain string answers every language).
  public func exact(_ language: String) -> String? {
    if isPlain { return entries.first?.text }
    return lookup(language)
  }

  /// Every text, in every language (for matching answers typed in any language).
  public var allTexts: [String] { entries.map(\.text) }

  private func lookup(_ code: String) -> String? {
    for entry in entries where entry.language == code || entry.language.isEmpty { return entry.text }
    return nil
  }
}
