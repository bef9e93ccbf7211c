/// A shared word list: terms with a category and the rule they break, plus exempt phrases.
///
/// Lexicons live in `lexicon/NAME.yaml` next to (or above) the course files that name them.
public struct Lexicon: Sendable {
  /// The name courses refer to it by (`absolute-terms`).
  public var name: String
  /// Human title.
  public var title: Localized
  /// Category (`absolute`, `medical`, `price`, `cue`).
  public var category: String
  /// The default rule for its terms (e.g. Advertising Law art. 9(3)).
  public var rule: Localized?
  /// The terms.
  public var terms: [Term]
  /// Phrases inside which any term of this lexicon is allowed (`最佳食用时间`).
  public var exemptions: [String]
  /// Where the lexicon file is.
  public var path: String

  /// One term.
  public struct Term: Sendable {
    public var text: String
    /// Why it is flagged; falls back to the lexicon's rule.
    public var reason: Localized?
    /// What to say instead.
    public var advice: Localized?
    /// Phrases inside which this term is allowed.
    public var exemptions: [String]
    public var location: SourceLocation
  }

  /// Creates a lexicon.
  public init(
    name: String, title: Localized, category: String, rule: Localized?, terms: [Term],
    exemptions: [String], path: String
  ) {
    self.name = name
    self.title = title
    self.category = category
    self.rule = rule
    self.terms = terms
    self.exemptions = exemptions
    self.path = path
    self.matcher = TermMatcher(
      terms: terms.map { ($0.text, $0.exemptions) }, exemptions: exemptions)
  }

  let matcher: TermMatcher

  /// Every occurrence of a term in `text` that is not inside an exempt phrase.
  public func hits(in text: String) -> [LexiconHit] {
    matcher.find(in: text).compactMap { found in
      guard terms.indices.contains(found.term) else { return nil }
      let term = terms[found.term]
      return LexiconHit(
        lexicon: name, category: category, term: term.text, offset: found.offset,
        reason: term.reason ?? rule, advice: term.advice)
    }
  }
}

/// A banned or cue term found in learner text.
public struct LexiconHit: Sendable, Hashable {
  public var lexicon: String
  public var category: String
  public var term: String
  /// Offset in characters of the normalised text.
  public var offset: Int
  public var reason: Localized?
  public var advice: Localized?
}

/// Finds terms in normalised text, skipping occurrences that lie inside exempt phrases.
struct TermMatcher: Sendable {
  private let terms: [[Character]]
  private let termExemptions: [[[Character]]]
  private let exemptions: [[Character]]

  init(terms: [(String, [String])], exemptions: [String]) {
    self.terms = terms.map { Array(TextNormalizer.normalize($0.0)) }
    self.termExemptions = terms.map { $0.1.map { Array(TextNormalizer.normalize($0)) } }
    self.exemptions = exemptions.map { Array(TextNormalizer.normalize($0)) }
  }

  struct Found: Sendable {
    var term: Int
    var offset: Int
  }

  /// Occurrences of each term in `text`, by term index, in text order.
  func find(in text: String) -> [Found] {
    let hay = Array(TextNormalizer.normalize(text))
    var found: [Found] = []
    let globalSpans = spans(of: exemptions, in: hay)
    for (index, term) in terms.enumerated() where !term.isEmpty {
      let own = termExemptions.indices.contains(index) ? spans(of: termExemptions[index], in: hay) : []
      for start in occurrences(of: term, in: hay) {
        let end = start + term.count
        let covered = (globalSpans + own).contains { $0.lowerBound <= start && end <= $0.upperBound }
        if !covered { found.append(Found(term: index, offset: start)) }
      }
    }
    return found.sorted { $0.offset < $1.offset || ($0.offset == $1.offset && $0.term < $1.term) }
  }

  private func spans(of phrases: [[Character]], in hay: [Character]) -> [Range<Int>] {
    phrases.flatMap { phrase in
      phrase.isEmpty ? [] : occurrences(of: phrase, in: hay).map { $0..<($0 + phrase.count) }
    }
  }

  private func occurrences(of needle: [Character], in hay: [Character]) -> [Int] {
    guard !needle.isEmpty, needle.count <= hay.count else { return [] }
    var result: [Int] = []
    let first = needle[0]
    var i = 0
    let last = hay.count - needle.count
    while i <= last {
      if hay[i] == first {
        var j = 1
        while j < needle.count && hay[i + j] == needle[j] { j += 1 }
        if j == needle.count {
          // ASCII words match on word boundaries only ("best" is not in "bestow").
          if isWordBounded(needle, at: i, in: hay) { result.append(i) }
        }
      }
      i += 1
    }
    return result
  }

  private func isWordBounded(_ needle: [Character], at i: Int, in hay: [Character]) -> Bool {
    func asciiWord(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }
    let startsWord = needle.first.map(asciiWord) ?? false
    let endsWord = needle.last.map(asciiWord) ?? false
    if startsWord, i > 0, asciiWord(hay[i - 1]) { return false }
    let after = i + needle.count
    if endsWord, after < hay.count, asciiWord(hay[after]) { return false }
    return true
  }
}

/// The lexicons available to a course, by name.
public struct LexiconSet: Sendable {
  public var byName: [String: Lexicon]
  public init(_ lexicons: [Lexicon] = []) {
    var map: [String: Lexicon] = [:]
    for l in lexicons { map[l.name] = l }
    byName = map
  }
  /// All hits of the named lexicons in `text`; unknown names are ignored (lint reports them).
  public func hits(in text: String, lexicons names: [String]) -> [LexiconHit] {
    var seen = Set<String>()
    return names.flatMap { name -> [LexiconHit] in
      guard seen.insert(name).inserted, let lexicon = byName[name] else { return [] }
      return lexicon.hits(in: text)
    }
  }
}
