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
  /// In a cue lexicon: each topic's label and the rule that makes it matter (`price`: state
  /// the actual price and every condition), by topic id.
  public var topics: [String: TopicText]

  /// A cue lexicon (`category: cue`) lists words that show what the host is talking about
  /// (price, shipping, origin, after-sales, calls to action), not words to avoid: its terms are
  /// never findings, and the live analyzer and the broadcast report read topics from it.
  public var isCue: Bool { category == Self.cueCategory }
  public static let cueCategory = "cue"
  /// A grammar lexicon (`category: grammar`, `grammar-LANG.yaml`) holds the words that shape how
  /// a line is read (negations, contrast words, fillers…), not terms; see ``GrammarWords``.
  public static let grammarCategory = "grammar"
  /// Named phrase families (`greeting`, `postage`…) that questions and scenario topics refer to.
  public var families: [String: PhraseFamily]
  /// Where the reasons come from (URLs or the brief's references).
  public var sources: [String]
  /// In a grammar lexicon: its words.
  public var grammar: GrammarWords?

  /// A cue topic's label and rule.
  public struct TopicText: Sendable {
    public var label: Localized?
    public var rule: Localized?
    /// Whether every broadcast should mention it (a report lists it when one never does).
    public var expected: Bool?
    public init(label: Localized?, rule: Localized?, expected: Bool? = nil) {
      self.label = label
      self.rule = rule
      self.expected = expected
    }
  }

  /// One term.
  public struct Term: Sendable {
    public var text: String
    /// In a cue lexicon: the topic the word shows (`price`, `shipping`, …, see ``CueTopic``).
    public var topic: String?
    /// Why it is flagged; falls back to the lexicon's rule.
    public var reason: Localized?
    /// What to say instead.
    public var advice: Localized?
    /// Phrases inside which this term is allowed.
    public var exemptions: [String]
    public var location: SourceLocation

    public init(
      text: String, topic: String? = nil, reason: Localized?, advice: Localized?, exemptions: [String], location: SourceLocation
    ) {
      self.text = text
      self.topic = topic
      self.reason = reason
      self.advice = advice
      self.exemptions = exemptions
      self.location = location
    }
  }

  /// Creates a lexicon.
  public init(
    name: String, title: Localized, category: String, rule: Localized?, terms: [Term],
    exemptions: [String], path: String, topics: [String: TopicText] = [:], families: [String: PhraseFamily] = [:],
    sources: [String] = [], grammar: GrammarWords? = nil
  ) {
    self.families = families
    self.sources = sources
    self.grammar = grammar
    self.name = name
    self.title = title
    self.category = category
    self.rule = rule
    self.terms = terms
    self.exemptions = exemptions
    self.path = path
    self.topics = topics
    self.matcher = TermMatcher(
      terms: terms.map { ($0.text, $0.exemptions) }, exemptions: exemptions)
    var cue: [String: TermMatcher] = [:]
    for topic in Set(terms.compactMap(\.topic)) {
      let mine = terms.filter { $0.topic == topic }
      cue[topic] = TermMatcher(terms: mine.map { ($0.text, $0.exemptions) }, exemptions: exemptions)
    }
    self.cueMatchers = cue
  }

  let matcher: TermMatcher
  /// In a cue lexicon: one matcher per topic (built once; graders and host lines ask often).
  let cueMatchers: [String: TermMatcher]

  /// Every occurrence of a term in `text` that is not inside an exempt phrase.
  public func hits(in text: String) -> [LexiconHit] { hits(inNormalized: TermMatcher.scalars(text)) }

  /// ``hits(in:)`` on text already normalised, as scalar values.
  func hits(inNormalized hay: [UInt32]) -> [LexiconHit] {
    matcher.find(inNormalized: hay).compactMap { found in
      guard terms.indices.contains(found.term) else { return nil }
      let term = terms[found.term]
      return LexiconHit(
        lexicon: name, category: category, term: term.text, offset: found.offset, length: found.length,
        reason: term.reason ?? rule, advice: term.advice)
    }
  }
}

/// A named family of phrases written once as patterns (`greeting`: 大家好, 晚上好, good evening…):
/// a pitch concept, a short answer or a scenario topic can accept any of them.
public struct PhraseFamily: Sendable {
  public var id: String
  public var label: Localized?
  /// The phrases, as ``Pattern``s.
  public var patterns: [String]
  public var location: SourceLocation?
  let matcher: TermMatcher

  public init(id: String, label: Localized?, patterns: [String], location: SourceLocation? = nil) {
    self.id = id
    self.label = label
    self.patterns = patterns
    self.location = location
    matcher = TermMatcher(terms: patterns.map { ($0, []) }, exemptions: [])
  }

  /// The family a refusal of a health claim covers: not a list of phrases but how a line is read
  /// (a denied health claim, or a see-a-doctor or not-a-medicine phrase).
  public static let refusal = "refusal"

  /// Where in normalised `hay` its phrases occur.
  func spans(in hay: [UInt32]) -> [Range<Int>] {
    matcher.find(inNormalized: hay).map { $0.offset..<($0.offset + $0.length) }
  }

  /// A few phrasings to show a learner who missed it (patterns without their syntax).
  public func examples(_ count: Int = 4) -> [String] {
    var out: [String] = []
    for p in patterns where out.count < count {
      if Pattern.isPlain(p) { out.append(p); continue }
      // The first phrase a pattern stands for, as written (`#` shown as 1).
      if case .success(let phrases) = Pattern.expand(p), let first = phrases.first {
        out.append(String(String.UnicodeScalarView(first.map { $0 == Pattern.numberWildcard ? "1" : Unicode.Scalar($0) ?? " " })))
      }
    }
    return out
  }
}

/// A banned or cue term found in learner text.
public struct LexiconHit: Sendable, Hashable {
  public var lexicon: String
  public var category: String
  public var term: String
  /// Offset in Unicode scalars of the normalised text.
  public var offset: Int
  /// Length in Unicode scalars of the normalised text.
  public var length: Int = 0
  public var reason: Localized?
  public var advice: Localized?
}

/// Finds terms in normalised text, skipping occurrences that lie inside exempt phrases. Terms and
/// exemptions are ``Pattern``s (`第一(波|单|批)`, `扣(个|)#`), expanded once into plain phrases.
/// Works on Unicode scalar values: lexicons are checked on every graded answer and every live
/// host line, and comparing `Character`s is many times slower. (Normalised text is NFKC, so a
/// term and the text it is found in break into scalars the same way.)
struct TermMatcher: Sendable {
  /// Every phrase of every term, with the term it belongs to.
  private let needles: [(term: Int, scalars: [UInt32])]
  private let termExemptions: [[[UInt32]]]
  private let exemptions: [[UInt32]]

  init(terms: [(String, [String])], exemptions: [String]) {
    var needles: [(term: Int, scalars: [UInt32])] = []
    for (i, t) in terms.enumerated() {
      for phrase in Self.phrases(t.0) { needles.append((i, phrase)) }
    }
    self.needles = needles
    self.termExemptions = terms.map { $0.1.flatMap(Self.phrases) }
    self.exemptions = exemptions.flatMap(Self.phrases)
  }

  /// The phrases a pattern stands for; a pattern lint rejects stands for nothing here.
  static func phrases(_ pattern: String) -> [[UInt32]] {
    switch Pattern.expand(pattern) {
    case .success(let p): return p
    case .failure: return []
    }
  }

  /// `text` normalised, as scalar values (what the matcher searches).
  static func scalars(_ text: String) -> [UInt32] { TextNormalizer.normalize(text).unicodeScalars.map(\.value) }

  struct Found: Sendable {
    var term: Int
    /// Offset in Unicode scalars of the normalised text.
    var offset: Int
    /// Length of the match in Unicode scalars.
    var length: Int = 0
  }

  /// Occurrences of each term in `text`, by term index, in text order.
  func find(in text: String) -> [Found] { find(inNormalized: Self.scalars(text)) }

  /// Occurrences of each term in `hay` (from ``scalars(_:)``), in text order. Where two phrases
  /// of one term match at one place, the longer is kept.
  func find(inNormalized hay: [UInt32]) -> [Found] {
    var found: [Found] = []
    scan(hay) { f in
      if let same = found.firstIndex(where: { $0.term == f.term && $0.offset == f.offset }) {
        if f.length > found[same].length { found[same] = f }
      } else {
        found.append(f)
      }
      return false
    }
    return found.sorted { $0.offset < $1.offset || ($0.offset == $1.offset && $0.term < $1.term) }
  }

  /// Whether any term occurs in `hay` (from ``scalars(_:)``) outside an exempt phrase.
  func contains(inNormalized hay: [UInt32]) -> Bool {
    var any = false
    scan(hay) { _ in any = true; return true }
    return any
  }

  /// Calls `report` for each occurrence outside an exempt phrase, until it returns true.
  private func scan(_ hay: [UInt32], _ report: (Found) -> Bool) {
    var globalSpans: [Range<Int>]?
    var ownSpans: [Int: [Range<Int>]] = [:]
    for needle in needles where !needle.scalars.isEmpty {
      let index = needle.term
      let stop = Self.occurrences(of: needle.scalars, in: hay) { start, end in
        // Exempt phrases are looked for only once a term is found (most lines have none).
        if globalSpans == nil { globalSpans = Self.spans(of: exemptions, in: hay) }
        if ownSpans[index] == nil {
          ownSpans[index] = termExemptions.indices.contains(index) ? Self.spans(of: termExemptions[index], in: hay) : []
        }
        let covered = ((globalSpans ?? []) + (ownSpans[index] ?? [])).contains { $0.lowerBound <= start && end <= $0.upperBound }
        return !covered && report(Found(term: index, offset: start, length: end - start))
      }
      if stop { return }
    }
  }

  static func spans(of phrases: [[UInt32]], in hay: [UInt32]) -> [Range<Int>] {
    var result: [Range<Int>] = []
    for phrase in phrases where !phrase.isEmpty {
      _ = occurrences(of: phrase, in: hay) { start, end in
        result.append(start..<end)
        return false
      }
    }
    return result
  }

  static func isASCIIWord(_ v: UInt32) -> Bool {
    (0x30...0x39).contains(v) || (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v)
  }

  /// Whether `v` can be part of a number a `#` stands for: an ASCII digit or a Chinese numeral.
  static func isNumberScalar(_ v: UInt32) -> Bool {
    if (0x30...0x39).contains(v) { return true }
    switch v {
    case 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341, 0x767E, 0x5343, 0x4E07, 0x4E24, 0x96F6,
      0x3007:
      return true  // 一二三四五六七八九十百千万两零〇
    default: return false
    }
  }

  /// The end of the number starting at `i` in `h` (digits or Chinese numerals, with a decimal
  /// point between digits), or nil when none starts there.
  private static func numberEnd(_ h: UnsafeBufferPointer<UInt32>, from i: Int) -> Int? {
    guard i < h.count, isNumberScalar(h[i]) else { return nil }
    var j = i
    while j < h.count {
      if isNumberScalar(h[j]) {
        j += 1
      } else if h[j] == 0x2E, j > i, j + 1 < h.count, (0x30...0x39).contains(h[j - 1]), (0x30...0x39).contains(h[j + 1]) {
        j += 1
      } else {
        break
      }
    }
    return j
  }

  /// Calls `found` with the start and end of each occurrence of `needle` until it returns true;
  /// ASCII words match on word boundaries only ("best" is not in "bestow"), and
  /// ``Pattern/numberWildcard`` matches a whole number. Returns whether it stopped.
  static func occurrences(of needle: [UInt32], in hay: [UInt32], _ found: (Int, Int) -> Bool) -> Bool {
    guard let first = needle.first, !hay.isEmpty else { return false }
    let wild = Pattern.numberWildcard
    let hasWild = needle.contains(wild)
    guard hasWild || needle.count <= hay.count else { return false }
    let startsWord = first != wild && isASCIIWord(first)
    let endsWord = needle.last.map { $0 != wild && isASCIIWord($0) } ?? false
    return hay.withUnsafeBufferPointer { h in
      needle.withUnsafeBufferPointer { n in
        /// The end of a match of `n` at `i`, or nil.
        func match(at i: Int) -> Int? {
          var p = i
          for k in 0..<n.count {
            if n[k] == wild {
              guard let end = numberEnd(h, from: p) else { return nil }
              // A number never starts or ends in the middle of another one.
              if k == 0, p > 0, isNumberScalar(h[p - 1]) { return nil }
              p = end
            } else {
              guard p < h.count, h[p] == n[k] else { return nil }
              p += 1
            }
          }
          return p
        }
        var i = 0
        let last = hasWild ? h.count - 1 : h.count - n.count
        while i <= last {
          if first == wild || h[i] == first, let after = match(at: i) {
            let bounded = !(startsWord && i > 0 && isASCIIWord(h[i - 1])) && !(endsWord && after < h.count && isASCIIWord(h[after]))
            if bounded, found(i, after) { return true }
          }
          i += 1
        }
        return false
      }
    }
  }
}

/// The lexicons available to a course, by name.
public struct LexiconSet: Sendable {
  public var byName: [String: Lexicon] {
    didSet { grammar = Self.grammar(of: byName) }
  }
  /// The grammar words of every grammar lexicon in the set, merged (a line may mix languages).
  public private(set) var grammar: Grammar

  public init(_ lexicons: [Lexicon] = []) {
    var map: [String: Lexicon] = [:]
    for l in lexicons { map[l.name] = l }
    byName = map
    grammar = Self.grammar(of: map)
  }

  static func grammar(of map: [String: Lexicon]) -> Grammar {
    var words = GrammarWords()
    var any = false
    for name in map.keys.sorted() {
      guard let g = map[name]?.grammar else { continue }
      if any { words.merge(g) } else { words = g }
      any = true
    }
    return any ? Grammar(words) : .none
  }

  /// The family `id` from the first of the lexicons `names` that defines it, else from any.
  public func family(_ id: String, in names: [String] = []) -> PhraseFamily? {
    for n in names { if let f = byName[n]?.families[id] { return f } }
    for n in byName.keys.sorted() { if let f = byName[n]?.families[id] { return f } }
    return nil
  }
  /// All hits of the named lexicons in `text`; unknown names are ignored (lint reports them),
  /// and so are cue lexicons (their words are not findings).
  /// A hit that overlaps a longer one is left out: `全网最低价` is one price claim (全网最低), not
  /// that plus the superlative 最低; `全国最低` is one superlative, not two.
  public func hits(in text: String, lexicons names: [String]) -> [LexiconHit] {
    hits(inNormalized: TermMatcher.scalars(text), lexicons: names)
  }

  /// ``hits(in:lexicons:)`` on text already normalised, as scalar values.
  func hits(inNormalized hay: [UInt32], lexicons names: [String]) -> [LexiconHit] {
    var seen = Set<String>()
    let all = names.flatMap { name -> [LexiconHit] in
      guard seen.insert(name).inserted, let lexicon = byName[name], !lexicon.isCue, lexicon.grammar == nil else { return [] }
      return lexicon.hits(inNormalized: hay)
    }
    guard all.count > 1 else { return all }
    return all.filter { h in
      !all.contains { o in
        let overlaps = o.offset < h.offset + h.length && h.offset < o.offset + o.length
        return overlaps && (o.length > h.length || (o.length == h.length && o.offset < h.offset))
      }
    }
  }

  /// The cue lexicons among `names`, in that order.
  public func cueLexicons(_ names: [String]) -> [Lexicon] {
    var seen = Set<String>()
    return names.compactMap { name in
      guard seen.insert(name).inserted, let l = byName[name], l.isCue else { return nil }
      return l
    }
  }
}

/// What a cue word shows the host is doing: answering one of the viewers' question topics, or
/// one of the host's actions. Cue lexicons (`category: cue`) file each word under one of these.
public enum CueTopic: String, Sendable, CaseIterable, Hashable {
  case price, shipping, origin, returns
  case shelfLife = "shelf_life"
  case weight, stock, show
  case callToAction = "call_to_action"
  case engage, urgency

  /// The viewers' question topic it answers, if any.
  public var question: QuestionTopic? { QuestionTopic(rawValue: rawValue) }
  /// The host action it shows, if any.
  public var action: HostAction? { HostAction(rawValue: rawValue) }
  /// Whether a broadcast should mention it, unless a cue lexicon says otherwise: what viewers
  /// ask first, what the contest scores, and how to buy.
  public var expectedByDefault: Bool {
    switch self {
    case .price, .shipping, .origin, .returns, .show, .callToAction, .engage: true
    case .shelfLife, .weight, .stock, .urgency: false
    }
  }
}

extension Lexicon {
  /// The matcher for one topic's words in this lexicon (nil when it has none): its terms with
  /// their own exemptions, and the lexicon's exemptions.
  func cueMatcher(for topic: CueTopic) -> TermMatcher? { cueMatchers[topic.rawValue] }
}
