/// A lexicon term found in a line, with how its clause says it: the one place that decides
/// whether a claim was made. The grader (listing, pitch), the live-room analyzer and the
/// broadcast report all ask here.
public struct ReadClaim: Sendable, Equatable {
  public var hit: LexiconHit
  /// Made, denied or quoted.
  public var polarity: TextReading.Polarity
  /// The clause it stands in, as said (normalised).
  public var clause: String
  /// The words matched (normalised), e.g. `降血糖` for the term `(辅助|)降血糖`.
  public var words: String

  /// Whether the claim is made (a finding).
  public var isMade: Bool { polarity == .asserted }
}

/// How a line was read, beyond its findings: what a trainee is shown so a verdict explains itself.
public enum ReadingNote: Sendable, Equatable {
  /// A claim denied: "read as a refusal: 不能降血糖".
  case refusal(clause: String, words: String)
  /// A refusal said without naming the claim: see a doctor, it is not a medicine.
  case refusalPhrase(clause: String, words: String)
  /// A claim quoted from a question: "read as a question you quote: 有人问能不能降血糖".
  case quoted(clause: String, words: String)
  /// Only cue words, nothing said about them.
  case cueList(words: [String])
  /// A shipping statement with regions: "read as: 西藏、青海、海南 不发货".
  case qualifiedShipping(clause: String)
  /// The same line said again: it earns nothing new.
  case repeated
  /// A claim made in spite of a negation: a rhetorical question (谁说它不能降血糖？) or a double
  /// negative (不是不能降血糖).
  case stillClaimed(clause: String, words: String, by: String)
}

extension LexiconSet {
  /// Every term of the lexicons `names` in `reading`, made or not, in text order (a hit inside a
  /// longer one is left out, as in ``hits(in:lexicons:)``).
  public func claims(in reading: TextReading, lexicons names: [String]) -> [ReadClaim] {
    let hits = hits(inNormalized: reading.scalars, lexicons: names)
    guard !hits.isEmpty else { return [] }
    // Clauses that refuse with a phrase (听医生的, ask your doctor): a question they answer
    // (能降血糖吗？听医生的) was asked to be refused, not a claim.
    var refusing = Set<Int>()
    for m in refusalPhrases(names) {
      for f in m.find(inNormalized: reading.scalars) {
        let r = f.offset..<(f.offset + f.length)
        if reading.polarity(of: r) == .asserted, let c = reading.clauseIndex(at: f.offset) { refusing.insert(c) }
      }
    }
    return hits.map { hit in
      let range = hit.offset..<(hit.offset + hit.length)
      let ci = reading.clauseIndex(at: hit.offset)
      let clause = ci.map { reading.words(reading.clauses[$0].range) } ?? reading.text
      var polarity = reading.polarity(of: range)
      // The answer may come a clause later ("Is it good for diabetics? Honestly, ask your doctor").
      if polarity == .asserted, let ci, reading.clauses[ci].isQuestion, let by = (ci...(ci + 2)).first(where: refusing.contains) {
        polarity = .quoted(by: reading.words(reading.clauses[by].range))
      }
      return ReadClaim(hit: hit, polarity: polarity, clause: clause, words: reading.words(range))
    }
  }

  /// Where `reading` refuses a health claim: a health claim it denies (`不能降血糖`), or a phrase of
  /// the `see_doctor` and `not_medicine` families said as such (`听医生的`, `不是药`). The one rule
  /// behind a live room's refusal topic and a pitch's `families: [refusal]`.
  public func refusals(
    in reading: TextReading, claims: [ReadClaim], lexicons names: [String]
  ) -> [(range: Range<Int>, clause: String, denied: Bool)] {
    Self.refusals(in: reading, claims: claims, phrases: refusalPhrases(names))
  }

  /// The matchers of the see-a-doctor and not-a-medicine families of `names` (Bazaar's own few
  /// words when no lexicon has them), resolved once by callers that read many lines.
  func refusalPhrases(_ names: [String]) -> [TermMatcher] {
    let families = ["see_doctor", "not_medicine"].compactMap { family($0, in: names)?.matcher }
    return families.isEmpty ? [TermMatcher(terms: LiveWords.refusals.map { ($0, []) }, exemptions: [])] : families
  }

  static func refusals(
    in reading: TextReading, claims: [ReadClaim], phrases matchers: [TermMatcher]
  ) -> [(range: Range<Int>, clause: String, denied: Bool)] {
    var out: [(range: Range<Int>, clause: String, denied: Bool)] = []
    for c in claims where c.hit.category == "medical" {
      let range = c.hit.offset..<(c.hit.offset + c.hit.length)
      switch c.polarity {
      case .negated: out.append((range, c.clause, true))
      // Someone else's claim, taken back: 有人说能治高血压，那是没有根据的.
      case .quoted where reading.deniedAfter(range): out.append((range, c.clause, true))
      default: break
      }
    }
    for m in matchers {
      for f in m.find(inNormalized: reading.scalars) {
        let r = f.offset..<(f.offset + f.length)
        guard reading.polarity(of: r) == .asserted else { continue }
        out.append((r, reading.clauseWords(at: f.offset), false))
      }
    }
    return out.sorted { $0.range.lowerBound < $1.range.lowerBound }
  }

  /// The reading notes for claims that were not made.
  static func notes(for claims: [ReadClaim], reading: TextReading? = nil) -> [ReadingNote] {
    var out: [ReadingNote] = []
    for c in claims {
      let note: ReadingNote
      switch c.polarity {
      case .asserted:
        guard let reading, let by = reading.stillClaimedBy(c.hit.offset..<(c.hit.offset + c.hit.length)) else { continue }
        note = .stillClaimed(clause: c.clause, words: c.words, by: by)
      case .negated: note = .refusal(clause: c.clause, words: c.words)
      case .quoted: note = .quoted(clause: c.clause, words: c.words)
      }
      if !out.contains(note) { out.append(note) }
    }
    return out
  }
}
