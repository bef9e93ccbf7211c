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
    exemptions: [String], path: String, topics: [String: TopicText] = [:]
  ) {
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
  public func hits(in text: String) -> [LexiconHit] {
    matcher.find(in: text).compactMap { found in
      guard terms.indices.contains(found.term) else { return nil }
      let term = terms[found.term]
      return LexiconHit(
        lexicon: name, category: category, term: term.text, offset: found.offset, length: found.length,
        reason: term.reason ?? rule, advice: term.advice)
    }
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

/// Finds terms in normalised text, skipping occurrences that lie inside exempt phrases. Works on
/// Unicode scalar values: lexicons are checked on every graded answer and every live host line,
/// and comparing `Character`s is many times slower. (Normalised text is NFKC, so a term and the
/// text it is found in break into scalars the same way.)
struct TermMatcher: Sendable {
  private let terms: [[UInt32]]
  private let termExemptions: [[[UInt32]]]
  private let exemptions: [[UInt32]]

  init(terms: [(String, [String])], exemptions: [String]) {
    self.terms = terms.map { Self.scalars($0.0) }
    self.termExemptions = terms.map { $0.1.map(Self.scalars) }
    self.exemptions = exemptions.map(Self.scalars)
  }

  /// `text` normalised, as scalar values (what the matcher searches).
  static func scalars(_ text: String) -> [UInt32] { TextNormalizer.normalize(text).unicodeScalars.map(\.value) }

  struct Found: Sendable {
    var term: Int
    /// Offset in Unicode scalars of the normalised text.
    var offset: Int
    /// Length of the term in Unicode scalars.
    var length: Int = 0
  }

  /// Occurrences of each term in `text`, by term index, in text order.
  func find(in text: String) -> [Found] { find(inNormalized: Self.scalars(text)) }

  /// Occurrences of each term in `hay` (from ``scalars(_:)``), in text order.
  func find(inNormalized hay: [UInt32]) -> [Found] {
    var found: [Found] = []
    scan(hay) { found.append($0); return false }
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
    for (index, term) in terms.enumerated() where !term.isEmpty {
      var own: [Range<Int>]?
      let stop = Self.occurrences(of: term, in: hay) { start in
        let end = start + term.count
        // Exempt phrases are looked for only once a term is found (most lines have none).
        if globalSpans == nil { globalSpans = spans(of: exemptions, in: hay) }
        if own == nil { own = termExemptions.indices.contains(index) ? spans(of: termExemptions[index], in: hay) : [] }
        let covered = ((globalSpans ?? []) + (own ?? [])).contains { $0.lowerBound <= start && end <= $0.upperBound }
        return !covered && report(Found(term: index, offset: start, length: term.count))
      }
      if stop { return }
    }
  }

  private func spans(of phrases: [[UInt32]], in hay: [UInt32]) -> [Range<Int>] {
    var result: [Range<Int>] = []
    for phrase in phrases where !phrase.isEmpty {
      _ = Self.occurrences(of: phrase, in: hay) { start in
        result.append(start..<(start + phrase.count))
        return false
      }
    }
    return result
  }

  static func isASCIIWord(_ v: UInt32) -> Bool {
    (0x30...0x39).contains(v) || (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v)
  }

  /// Calls `found` with the start of each occurrence of `needle` until it returns true; ASCII
  /// words match on word boundaries only ("best" is not in "bestow"). Returns whether it stopped.
  private static func occurrences(of needle: [UInt32], in hay: [UInt32], _ found: (Int) -> Bool) -> Bool {
    guard let first = needle.first, needle.count <= hay.count else { return false }
    let startsWord = isASCIIWord(first)
    let endsWord = needle.last.map(isASCIIWord) ?? false
    let last = hay.count - needle.count
    return hay.withUnsafeBufferPointer { h in
      needle.withUnsafeBufferPointer { n in
        var i = 0
        while i <= last {
          if h[i] == first {
            var j = 1
            while j < n.count && h[i + j] == n[j] { j += 1 }
            if j == n.count {
              let after = i + n.count
              let bounded = !(startsWord && i > 0 && isASCIIWord(h[i - 1])) && !(endsWord && after < h.count && isASCIIWord(h[after]))
              if bounded, found(i) { return true }
            }
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
  public var byName: [String: Lexicon]
  public init(_ lexicons: [Lexicon] = []) {
    var map: [String: Lexicon] = [:]
    for l in lexicons { map[l.name] = l }
    byName = map
  }
  /// All hits of the named lexicons in `text`; unknown names are ignored (lint reports them),
  /// and so are cue lexicons (their words are not findings).
  /// A hit that overlaps a longer one is left out: `全网最低价` is one price claim (全网最低), not
  /// that plus the superlative 最低; `全国最低` is one superlative, not two.
  public func hits(in text: String, lexicons names: [String]) -> [LexiconHit] {
    var seen = Set<String>()
    let all = names.flatMap { name -> [LexiconHit] in
      guard seen.insert(name).inserted, let lexicon = byName[name], !lexicon.isCue else { return [] }
      return lexicon.hits(in: text)
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
