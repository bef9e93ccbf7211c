import Synchronization

/// A line read as clauses: the one reading that host lines, broadcast lines and open lesson
/// answers share. Every finding, credit and fact check belongs to a clause, and feedback quotes
/// it.
///
/// A clause ends at `, . ! ? ; :` (after normalisation, so `，。、！？；：` too; not a decimal point or
/// a clock's colon) and a new one starts at a contrast word (`但是`, `不过`, `but`, `however`).
/// Within a clause, a claim is *negated* when a negation reaches it (``GrammarWords``), an odd
/// number of times; a rhetorical opener (`谁说…？`) turns that around once; a claim in a reported
/// question (`有人问…`) or in a question answered "no" right after (`能降血糖吗？不能。`) is
/// *quoted*, not made.
public final class TextReading: Sendable {
  /// The normalised text (``TextNormalizer/normalize(_:)``).
  public let text: String
  /// Its scalar values: every offset here counts these.
  let scalars: [UInt32]
  public let clauses: [Clause]
  let grammar: Grammar
  /// Negation words found, with their reach (nil: to the clause's end), per clause.
  private let negations: [[(range: Range<Int>, strong: Bool, reach: Int)]]
  /// Spans of filler words (for bare clauses).
  let fillerSpans: [Range<Int>]
  /// The line as written, and its quotable form (case and punctuation kept, scalar for scalar
  /// with ``scalars``), made on the first quote: most lines are never quoted.
  private let displaySource: String?
  private let display = Mutex<[UInt32]??>(nil)
  /// Where denials stand (说能降血糖是骗人的), and which clauses are nothing but one.
  private let denialSpans: [Range<Int>]
  private let pureDenial: [Bool]

  /// How a claim stands in its clause.
  public enum Polarity: Sendable, Equatable {
    /// Said as true.
    case asserted
    /// Denied: the words that deny it (`不能`).
    case negated(by: String)
    /// Quoted from someone else or asked only to be denied: the words that show it (`有人问`).
    case quoted(by: String)
  }

  /// One clause.
  public struct Clause: Sendable, Equatable {
    /// Its scalar offsets in ``TextReading/text``.
    public var range: Range<Int>
    /// Its text, trimmed.
    public var text: String
    /// It ends with `?` or holds a question particle.
    public var isQuestion: Bool
    /// The reported-question words it holds, if any.
    public var reportedBy: String?
    /// The rhetorical opener it holds, if any.
    public var rhetoricalBy: String?
    /// It is a question answered "no" by the next clause: the answer.
    public var deniedBy: String?
  }

  /// Reads `normalized` (already through ``TextNormalizer/normalize(_:)``); `display`, the line as
  /// written and prepared like it but for case, is what quotes show.
  public init(normalized: String, display: String? = nil, grammar: Grammar) {
    text = normalized
    let s = normalized.unicodeScalars.map(\.value)
    scalars = s
    displaySource = display
    self.grammar = grammar
    let notSpans = grammar.notNegations.find(inNormalized: s).map { $0.offset..<($0.offset + $0.length) }
    func insideNot(_ r: Range<Int>) -> Bool { notSpans.contains { $0.lowerBound <= r.lowerBound && r.upperBound <= $0.upperBound } }

    // Clause boundaries: punctuation, and the start of each contrast word.
    var cuts: [(at: Int, skip: Int, terminator: UInt32?)] = []
    for i in s.indices where Self.isClauseEnd(s, i) { cuts.append((i, 1, s[i])) }
    func insideLongerNot(_ r: Range<Int>) -> Bool {
      notSpans.contains { $0.lowerBound <= r.lowerBound && r.upperBound <= $0.upperBound && $0.count > r.count }
    }
    // A contrast word that is itself listed as no negation (不过) still starts a clause; one inside
    // a longer such phrase (但 in 不但) does not.
    for f in grammar.contrast.find(inNormalized: s) where !insideLongerNot(f.offset..<(f.offset + f.length)) {
      // "but" at the very start of a clause already starts one.
      cuts.append((f.offset, 0, nil))
    }
    cuts.sort { $0.at < $1.at }
    var raw: [(Range<Int>, UInt32?)] = []
    var start = 0
    for c in cuts where c.at >= start {
      if c.at > start { raw.append((start..<c.at, c.terminator)) } else if c.terminator != nil, let last = raw.indices.last {
        raw[last].1 = raw[last].1 ?? c.terminator
      }
      start = c.at + c.skip
    }
    if start < s.count { raw.append((start..<s.count, nil)) }

    // Trim spaces; drop empty clauses.
    var clauses: [Clause] = []
    for (r, terminator) in raw {
      var lo = r.lowerBound
      var hi = r.upperBound
      while lo < hi, s[lo] == 0x20 { lo += 1 }
      while hi > lo, s[hi - 1] == 0x20 { hi -= 1 }
      guard lo < hi else { continue }
      let t = String(String.UnicodeScalarView(s[lo..<hi].compactMap(Unicode.Scalar.init)))
      let hay = Array(s[lo..<hi])
      let marker = grammar.questionMarkers.find(inNormalized: hay).first
      let reported = grammar.reported.find(inNormalized: hay).first
      let rhetorical = grammar.rhetorical.find(inNormalized: hay).first
      func words(_ f: TermMatcher.Found?) -> String? {
        f.map { String(String.UnicodeScalarView(hay[$0.offset..<($0.offset + $0.length)].compactMap(Unicode.Scalar.init))) }
      }
      clauses.append(
        Clause(
          range: lo..<hi, text: t, isQuestion: terminator == 0x3F || marker != nil, reportedBy: words(reported),
          rhetoricalBy: words(rhetorical), deniedBy: nil))
    }
    // A question answered "no" right after.
    for i in clauses.indices.dropLast() where clauses[i].isQuestion {
      let next = Array(s[clauses[i + 1].range])
      let fillers = grammar.fillers.find(inNormalized: next)
      var end = next.count
      while let f = fillers.last(where: { $0.offset + $0.length == end }), f.offset > 0 { end = f.offset }
      if grammar.noAnswers.contains(Array(next[0..<end])) { clauses[i].deniedBy = clauses[i + 1].text }
    }
    let denials = grammar.denials.find(inNormalized: s).map { $0.offset..<($0.offset + $0.length) }
    // A question answered by a denial (能降血糖吗？这个我真不能保证) was asked to be denied.
    for i in clauses.indices.dropLast() where clauses[i].isQuestion && clauses[i].deniedBy == nil {
      let next = clauses[i + 1].range
      if denials.contains(where: { next.contains($0.lowerBound) }) { clauses[i].deniedBy = clauses[i + 1].text }
    }
    self.clauses = clauses

    // Negations per clause: the longest at each place, none inside a not-negation or another.
    let reaches = grammar.words.negationReaches
    let weak = grammar.negations.find(inNormalized: s).map {
      ($0.offset..<($0.offset + $0.length), false, reaches.indices.contains($0.term) ? reaches[$0.term] : grammar.words.reach)
    }
    let strong = grammar.strongNegations.find(inNormalized: s).map { ($0.offset..<($0.offset + $0.length), true, Int.max) }
    let all = (weak + strong).filter { !insideNot($0.0) }
    // One negation per place: the longest where they nest, the first where they overlap (并不能 is
    // 并不 and 不能 sharing a 不: one denial).
    var kept: [(Range<Int>, Bool, Int)] = []
    var reached = 0
    for n in all.sorted(by: { ($0.0.lowerBound, -$0.0.count) < ($1.0.lowerBound, -$1.0.count) }) where n.0.lowerBound >= reached {
      kept.append(n)
      reached = n.0.upperBound
    }
    negations = clauses.map { c in
      kept.filter { c.range.contains($0.0.lowerBound) }.sorted { $0.0.lowerBound < $1.0.lowerBound }
        .map { (range: $0.0, strong: $0.1, reach: $0.2) }
    }
    fillerSpans = grammar.fillers.find(inNormalized: s).map { $0.offset..<($0.offset + $0.length) }
    denialSpans = denials
    // A clause that is nothing but a denial, after a contrast word if any ("but we can't promise that").
    let contrastEnds = grammar.contrast.find(inNormalized: s).map { $0.offset + $0.length }
    pureDenial = clauses.map { c in
      denials.contains { d in
        d.upperBound == c.range.upperBound
          && (d.lowerBound == c.range.lowerBound
            || contrastEnds.contains { e in e >= c.range.lowerBound && e <= d.lowerBound && s[e..<d.lowerBound].allSatisfy { $0 == 0x20 } })
      }
    }
  }

  /// Reads `line` as typed.
  public convenience init(line: String, grammar: Grammar) {
    self.init(normalized: TextNormalizer.normalize(line), display: line, grammar: grammar)
  }

  /// Whether `s[i]` ends a clause: `, ! ? ; ` always; `.` and `:` unless between two digits
  /// (39.9, 8:30).
  static func isClauseEnd(_ s: [UInt32], _ i: Int) -> Bool {
    switch s[i] {
    case 0x2C, 0x21, 0x3F, 0x3B: return true
    case 0x2E, 0x3A:
      let digitBefore = i > 0 && (0x30...0x39).contains(s[i - 1])
      let digitAfter = i + 1 < s.count && (0x30...0x39).contains(s[i + 1])
      return !(digitBefore && digitAfter)
    default: return false
    }
  }

  /// The index of the clause holding scalar offset `offset`.
  public func clauseIndex(at offset: Int) -> Int? {
    clauses.firstIndex { $0.range.contains(offset) }
  }

  /// The words of the clause holding `offset`, as written; the whole line when none does.
  public func clauseWords(at offset: Int) -> String {
    clauseIndex(at: offset).map { words(clauses[$0].range) } ?? text
  }

  /// How the words at `range` were read when the line does not say them as its own claim: a
  /// denial (读作拒绝) or a quote of someone else's words; nil when they are said as such.
  public func notSaid(_ range: Range<Int>) -> ReadingNote? {
    switch polarity(of: range) {
    case .asserted: nil
    case .negated: .refusal(clause: clauseWords(at: range.lowerBound), words: words(range))
    case .quoted: .quoted(clause: clauseWords(at: range.lowerBound), words: words(range))
    }
  }

  /// The text of scalars `range`.
  /// The words at `range` as written (case and punctuation kept where they line up with the
  /// normalised text), for quoting.
  public func words(_ range: Range<Int>) -> String {
    let r = range.clamped(to: 0..<scalars.count)
    let shown: [UInt32]? = display.withLock { cached in
      if let cached { return cached }
      let made = displaySource.map { TextNormalizer.normalize($0, keepingCase: true).unicodeScalars.map(\.value) }
      let aligned = made?.count == scalars.count ? made : nil
      cached = .some(aligned)
      return aligned
    }
    return String(String.UnicodeScalarView((shown ?? scalars)[r].compactMap(Unicode.Scalar.init)))
  }

  /// The normalised words at `range` (for comparing, not for showing).
  func normalizedWords(_ range: Range<Int>) -> String {
    let r = range.clamped(to: 0..<scalars.count)
    return String(String.UnicodeScalarView(scalars[r].compactMap(Unicode.Scalar.init)))
  }

  /// How the words at `range` stand in their clause.
  public func polarity(of range: Range<Int>) -> Polarity {
    guard let ci = clauseIndex(at: range.lowerBound) else { return .asserted }
    let clause = clauses[ci]
    if let by = clause.reportedBy { return .quoted(by: by) }
    guard range.upperBound <= clause.range.upperBound else { return .asserted }
    if let no = clause.deniedBy { return .quoted(by: no) }
    var count = 0
    var first: String?
    for n in negations[ci] {
      // A negation inside the claim itself (绝无副作用) is the claim's own word.
      if n.range.overlaps(range) { continue }
      guard n.range.upperBound <= range.lowerBound else {
        continue
      }
      if !n.strong {
        guard range.lowerBound - n.range.upperBound <= n.reach else { continue }
        let gap = Array(scalars[n.range.upperBound..<range.lowerBound])
        if !gap.isEmpty, grammar.breakers.contains(inNormalized: gap) { continue }
      }
      count += 1
      if first == nil { first = words(n.range) }
    }
    if let d = denialSpans.first(where: { $0.lowerBound >= range.upperBound && $0.upperBound <= clause.range.upperBound }) {
      count += 1
      if first == nil { first = words(d) }
    } else if ci + 1 < clauses.count, pureDenial[ci + 1] {
      // "能降血糖，这话我们不能说": a next clause that is a denial and nothing else takes it back.
      count += 1
      if first == nil { first = words(clauses[ci + 1].range) }
    }
    if let r = clause.rhetoricalBy {
      // 谁说它不能降血糖？ — the claim stands; 难道它能治病吗？ — it is denied.
      if count % 2 == 1 { return .asserted }
      return .negated(by: r)
    }
    if count % 2 == 1, let first { return .negated(by: first) }
    return .asserted
  }

  /// Whether words at `range` are taken back after them: a denial later in their clause, or a
  /// next clause that is nothing but one (有人说能治高血压，那是没有根据的).
  public func deniedAfter(_ range: Range<Int>) -> Bool {
    guard let ci = clauseIndex(at: range.lowerBound) else { return false }
    let clause = clauses[ci].range
    if denialSpans.contains(where: { $0.lowerBound >= range.upperBound && $0.upperBound <= clause.upperBound }) { return true }
    return ci + 1 < clauses.count && pureDenial[ci + 1]
  }

  /// Why the words at `range` still make a claim although a negation stands before them: the
  /// rhetorical opener (`谁说`) or the double negation (`不是…不能`); nil otherwise.
  public func stillClaimedBy(_ range: Range<Int>) -> String? {
    guard polarity(of: range) == .asserted, let ci = clauseIndex(at: range.lowerBound) else { return nil }
    let before = negations[ci].filter { $0.range.upperBound <= range.lowerBound && !$0.range.overlaps(range) }
    if let r = clauses[ci].rhetoricalBy, !before.isEmpty { return r }
    if before.count >= 2 { return before.map { words($0.range) }.joined(separator: "…") }
    return nil
  }

  /// Whether every letter of clause `index` lies in one of `covered` or in a filler word: the
  /// clause says nothing beyond those words. Digits are content (a number is a fact).
  /// With `fillersBetween` false, a filler word between cue words counts as something said (only
  /// one at the clause's end is passed over): a clause of *nothing but* cue words
  /// (`包邮 吐鲁番 七天无理由`, `order now`) is bare, `全国包邮啊家人们全国包邮` is not.
  public func isBare(_ index: Int, covered: [Range<Int>], fillersBetween: Bool = true) -> Bool {
    guard let clause = clauses[safe: index] else { return true }
    var end = clause.range.upperBound
    var spans = covered
    if fillersBetween {
      spans += fillerSpans
    } else {
      // Trailing fillers (`now`, `啊`, `!`) are passed over.
      while let f = fillerSpans.first(where: { $0.upperBound == end && $0.lowerBound > clause.range.lowerBound }) {
        end = f.lowerBound
        while end > clause.range.lowerBound, scalars[end - 1] == 0x20 { end -= 1 }
      }
    }
    var i = clause.range.lowerBound
    while i < end {
      let v = scalars[i]
      if let span = spans.first(where: { $0.contains(i) }) {
        i = max(i + 1, span.upperBound)
        continue
      }
      if (0x30...0x39).contains(v) { return false }
      if Self.isLetter(v) { return false }
      i += 1
    }
    return true
  }

  /// The words of `spans` when the text is nothing but them: a list of at least `minimum`
  /// different cue words, no filler word between them (`包邮 吐鲁番 七天无理由`, `hello coupon
  /// type 1`), as written and each once; nil when the text says something. The one rule behind
  /// "only a list of cue words earns nothing", for host lines and lesson answers alike.
  public func cueList(_ spans: [Range<Int>], minimum: Int = 3) -> [String]? {
    var merged: [Range<Int>] = []
    for s in spans.sorted(by: { $0.lowerBound < $1.lowerBound }) {
      if let last = merged.last, s.lowerBound < last.upperBound {
        merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, s.upperBound)
      } else {
        merged.append(s)
      }
    }
    guard Set(merged.map(normalizedWords)).count >= minimum, !clauses.isEmpty,
      clauses.indices.allSatisfy({ isBare($0, covered: merged, fillersBetween: false) })
    else { return nil }
    var listed: [String] = []
    for r in merged where !listed.contains(words(r)) { listed.append(words(r)) }
    return listed
  }

  static func isLetter(_ v: UInt32) -> Bool {
    guard let u = Unicode.Scalar(v) else { return false }
    return u.properties.isAlphabetic
  }
}
