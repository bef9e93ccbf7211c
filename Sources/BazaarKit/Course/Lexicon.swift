import Foundation
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
extension TermMatcher {
  /// Matchers ``shared(_:)`` has built, by their terms (only course files' lists come here, so
  /// it stays small).
  private static let built = Memo<TermMatcher>()

  /// A matcher for the plain list `terms` (a question's cues or banned words), built once per
  /// process and shared: graders read thousands of answers to the same question.
  static func shared(_ terms: [String]) -> TermMatcher {
    built.value(for: terms.joined(separator: "\u{1}")) { TermMatcher(terms: terms.map { ($0, []) }, exemptions: []) }
  }
}

/// A class, not a struct: it is immutable, and a struct of several arrays was copied (every
/// array retained and released) each time a scan's closure captured it. In `bazaar grade`'s
/// profile, retain and release fell from 18% to 13% of the samples with this change.
final class TermMatcher: Sendable {
  /// Every phrase of every term, indexed by first scalar, with the term it belongs to.
  private let needles: PhraseIndex
  private let needleTerms: [Int]
  private let termExemptions: [PhraseIndex]
  private let exemptions: PhraseIndex

  init(terms: [(String, [String])], exemptions: [String]) {
    var phrases: [[UInt32]] = []
    var owners: [Int] = []
    for (i, t) in terms.enumerated() {
      for phrase in Self.phrases(t.0) {
        phrases.append(phrase)
        owners.append(i)
      }
    }
    needles = PhraseIndex(phrases)
    needleTerms = owners
    termExemptions = terms.map { PhraseIndex($0.1.flatMap(Self.phrases)) }
    self.exemptions = PhraseIndex(exemptions.flatMap(Self.phrases))
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

  /// Calls `report` for each occurrence outside an exempt phrase, until it returns true. One pass
  /// over the text: at each place only the phrases that start with its scalar are tried.
  private func scan(_ hay: [UInt32], _ report: (Found) -> Bool) {
    var globalSpans: [Range<Int>]?
    var ownSpans: [Int: [Range<Int>]] = [:]
    needles.forEachMatch(in: hay) { needle, start, end in
      guard needleTerms.indices.contains(needle) else { return false }
      let index = needleTerms[needle]
      // Exempt phrases are looked for only once a term is found (most lines have none).
      if globalSpans == nil { globalSpans = exemptions.spans(in: hay) }
      if ownSpans[index] == nil { ownSpans[index] = termExemptions.indices.contains(index) ? termExemptions[index].spans(in: hay) : [] }
      let covered = ((globalSpans ?? []) + (ownSpans[index] ?? [])).contains { $0.lowerBound <= start && end <= $0.upperBound }
      return !covered && report(Found(term: index, offset: start, length: end - start))
    }
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
}

/// Phrases (expanded patterns, `#` as ``Pattern/numberWildcard``) indexed by their first scalar,
/// so that a text is searched in one pass however many phrases there are.
struct PhraseIndex: Sendable {
  private let phrases: [[UInt32]]
  /// The first scalars, sorted, and the phrases that start with each (a binary search is much
  /// cheaper than hashing every scalar of every line).
  private let firsts: [UInt32]
  private let lists: [[Int]]
  /// A 1,024-bit filter of first scalars: most scalars of a line start no phrase.
  private let filter: [UInt64]
  /// Phrases that start with a number wildcard (tried at every place a number starts).
  private let numberFirst: [Int]

  init(_ phrases: [[UInt32]]) {
    self.phrases = phrases
    var byFirst: [UInt32: [Int]] = [:]
    var numberFirst: [Int] = []
    for (i, p) in phrases.enumerated() {
      guard let first = p.first else { continue }
      if first == Pattern.numberWildcard { numberFirst.append(i) } else { byFirst[first, default: []].append(i) }
    }
    firsts = byFirst.keys.sorted()
    lists = firsts.map { byFirst[$0] ?? [] }
    var filter = [UInt64](repeating: 0, count: 16)
    for f in firsts { filter[Int((f >> 6) & 15)] |= 1 << UInt64(f & 63) }
    self.filter = filter
    self.numberFirst = numberFirst
  }

  /// The phrases starting with `v`, if any.
  @inline(__always) private func starting(with v: UInt32) -> [Int]? {
    guard filter[Int((v >> 6) & 15)] & (1 << UInt64(v & 63)) != 0 else { return nil }
    var lo = 0
    var hi = firsts.count - 1
    while lo <= hi {
      let mid = (lo + hi) / 2
      let m = firsts[mid]
      if m == v { return lists[mid] }
      if m < v { lo = mid + 1 } else { hi = mid - 1 }
    }
    return nil
  }

  /// Where any phrase occurs.
  func spans(in hay: [UInt32]) -> [Range<Int>] {
    var out: [Range<Int>] = []
    forEachMatch(in: hay) { _, start, end in
      out.append(start..<end)
      return false
    }
    return out
  }

  /// Calls `found` with the phrase index, start and end of each occurrence until it returns true;
  /// ASCII words match on word boundaries only ("best" is not in "bestow"), and a number wildcard
  /// matches a whole number.
  func forEachMatch(in hay: [UInt32], _ found: (Int, Int, Int) -> Bool) {
    guard !phrases.isEmpty, !hay.isEmpty else { return }
    hay.withUnsafeBufferPointer { h in
      /// Tries `candidates` at `i`; true to stop.
      func attempt(_ candidates: [Int], _ i: Int) -> Bool {
        for c in candidates {
          let p = phrases[c]
          guard let end = Self.match(p, h, at: i), let first = p.first, let last = p.last else { continue }
          let startsWord = first != Pattern.numberWildcard && TermMatcher.isASCIIWord(first)
          let endsWord = last != Pattern.numberWildcard && TermMatcher.isASCIIWord(last)
          let bounded = !(startsWord && i > 0 && TermMatcher.isASCIIWord(h[i - 1])) && !(endsWord && end < h.count && TermMatcher.isASCIIWord(h[end]))
          if bounded, found(c, i, end) { return true }
        }
        return false
      }
      for i in 0..<h.count {
        if let list = starting(with: h[i]), attempt(list, i) { return }
        // A number starts here: not inside one (39.9 is one number, not 39 and 9).
        let inside = i > 0 && (TermMatcher.isNumberScalar(h[i - 1]) || (h[i - 1] == 0x2E && i > 1 && (0x30...0x39).contains(h[i - 2])))
        if !numberFirst.isEmpty, TermMatcher.isNumberScalar(h[i]), !inside, attempt(numberFirst, i) {
          return
        }
      }
    }
  }

  /// The end of a match of `n` at `i` in `h`, or nil.
  private static func match(_ n: [UInt32], _ h: UnsafeBufferPointer<UInt32>, at i: Int) -> Int? {
    var p = i
    for k in 0..<n.count {
      if n[k] == Pattern.numberWildcard {
        guard let end = numberEnd(h, from: p) else { return nil }
        p = end
      } else {
        guard p < h.count, h[p] == n[k] else { return nil }
        p += 1
      }
    }
    return p
  }

  /// The end of the number starting at `i` in `h` (digits or Chinese numerals, with a decimal
  /// point between digits), or nil when none starts there.
  private static func numberEnd(_ h: UnsafeBufferPointer<UInt32>, from i: Int) -> Int? {
    guard i < h.count, TermMatcher.isNumberScalar(h[i]) else { return nil }
    var j = i
    while j < h.count {
      if TermMatcher.isNumberScalar(h[j]) {
        j += 1
      } else if h[j] == 0x2E, j > i, j + 1 < h.count, (0x30...0x39).contains(h[j - 1]), (0x30...0x39).contains(h[j + 1]) {
        j += 1
      } else {
        break
      }
    }
    return j
  }
}

/// The lexicons available to a course, by name.
///
/// A set can be *lazy* (``init(loading:)``): its lexicons are read the first time anything asks
/// for them — a lesson needs them only to grade its first answer, so starting one does not wait
/// for them. Copies share what was loaded.
public struct LexiconSet: Sendable {
  public var byName: [String: Lexicon] {
    get { storage.loaded.byName }
    set { storage = Storage(Loaded(newValue)) }
  }
  /// The grammar words of every grammar lexicon in the set, merged (a line may mix languages).
  public var grammar: Grammar { storage.loaded.grammar }

  private var storage: Storage

  public init(_ lexicons: [Lexicon] = []) {
    var map: [String: Lexicon] = [:]
    for l in lexicons { map[l.name] = l }
    storage = Storage(Loaded(map))
  }

  /// A set whose lexicons `load` reads when they are first needed (once, whichever thread asks).
  public init(loading load: @escaping @Sendable () -> [Lexicon]) {
    storage = Storage {
      var map: [String: Lexicon] = [:]
      for l in load() { map[l.name] = l }
      return Loaded(map)
    }
  }

  /// Whether the lexicons have been read (always true for a set made from lexicons).
  public var isLoaded: Bool { storage.isLoaded }

  /// What `make` builds from this set for `key`, built once and kept with the set: the matchers
  /// and analyzers a grader would otherwise rebuild for every answer it reads. `key` must name
  /// everything `make` depends on besides the set itself.
  func memo<T: Sendable>(_ key: String, _ make: () -> T) -> T {
    // The key names the type too: two callers never share a key across types.
    storage.derived.value(for: String(describing: T.self) + "\u{1}" + key) { make() } as? T ?? make()
  }

  /// Only the grammar lexicons of this set, sharing its grammar (nothing is rebuilt).
  public var grammarOnly: LexiconSet {
    let all = storage.loaded
    return LexiconSet(storage: Storage(Loaded(byName: all.byName.filter { $0.value.grammar != nil }, grammar: all.grammar)))
  }

  private init(storage: Storage) { self.storage = storage }

  /// The lexicons by name and their merged grammar.
  struct Loaded: Sendable {
    var byName: [String: Lexicon]
    var grammar: Grammar
    init(_ map: [String: Lexicon]) {
      byName = map
      grammar = LexiconSet.grammar(of: map)
    }
    init(byName: [String: Lexicon], grammar: Grammar) {
      self.byName = byName
      self.grammar = grammar
    }
  }

  /// What was loaded, or how to load it: loaded at most once, under a lock.
  final class Storage: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Loaded?
    private var load: (@Sendable () -> Loaded)?

    /// Things derived from the set (see ``LexiconSet/memo(_:_:)``), kept apart from `lock`:
    /// making one may read the lexicons, which takes `lock`.
    let derived = Memo<any Sendable>()

    init(_ loaded: Loaded) { value = loaded }
    init(_ load: @escaping @Sendable () -> Loaded) { self.load = load }


    var isLoaded: Bool { lock.withLock { value != nil } }

    var loaded: Loaded {
      lock.withLock {
        if let value { return value }
        let made = load?() ?? Loaded([:])
        value = made
        load = nil
        return made
      }
    }
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
