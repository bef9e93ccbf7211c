/// The words that shape how a line is read, per language, from a lexicon file of category
/// `grammar` (`lexicon/grammar-zh.yaml`, `lexicon/grammar-en.yaml`): negations and what they
/// reach, words that only look like negations, rhetorical questions, reported questions, bare
/// "no" answers, contrast words that start a new clause, and filler words that carry no content.
///
/// Every list holds ``Pattern``s. Nothing here is code: a translator adds a language by adding a
/// file, and an instructor who finds a misreading fixes it in the file.
public struct GrammarWords: Sendable {
  /// Negations that reach a claim a few characters later in the same clause, unless a breaker
  /// stands between (`不能降血糖`, `不说它能补血`; `doesn't lower blood sugar`).
  public var negations: [String] = []
  /// Negations that reach the end of their clause whatever stands between (`不是说`, `别信`,
  /// `we never say`).
  public var strongNegations: [String] = []
  /// Words after a claim, in its clause, that deny it (`说能降血糖是骗人的`, `is a myth`).
  public var denials: [String] = []
  /// Phrases that hold a negation word but negate nothing (`不仅`, `不错`, `not only`).
  public var notNegations: [String] = []
  /// How far a negation reaches, in characters (Unicode scalars) of normalised text.
  public var reach: Int = 8
  /// The reach of each of `negations` (each language's file has its own: Chinese 8, English 32).
  public var negationReaches: [Int] = []
  /// Words that start a new statement inside a clause, so a negation before them does not reach
  /// past them (`不用吃药，吃它就能降血糖`: 就).
  public var breakers: [String] = []
  /// Rhetorical openers that turn the clause around (`谁说`, `难道`, `who says`).
  public var rhetorical: [String] = []
  /// Phrases that report somebody else's question (`有人问`, `someone asked`): a claim in such a
  /// clause is quoted, not made.
  public var reported: [String] = []
  /// Clauses that are a whole "no" answer (`不能`, `不行`, `no`): a yes/no question right before
  /// one is asked only to be denied.
  public var noAnswers: [String] = []
  /// Question particles and A-not-A forms that make a clause a question (`吗`, `能不能`).
  public var questionMarkers: [String] = []
  /// Words that start a new clause (`但是`, `不过`, `but`, `however`).
  public var contrast: [String] = []
  /// Words that carry no content on their own (`的`, `了`, `家人们`, `the`, `guys`).
  public var fillers: [String] = []

  public init() {}

  /// Merges another language's words into these (the reach is the larger).
  mutating func merge(_ other: GrammarWords) {
    let mine = negationReaches.count == negations.count ? negationReaches : negations.map { _ in reach }
    let theirs = other.negationReaches.count == other.negations.count ? other.negationReaches : other.negations.map { _ in other.reach }
    negationReaches = mine + theirs
    negations += other.negations
    strongNegations += other.strongNegations
    notNegations += other.notNegations
    denials += other.denials
    reach = max(reach, other.reach)
    breakers += other.breakers
    rhetorical += other.rhetorical
    reported += other.reported
    noAnswers += other.noAnswers
    questionMarkers += other.questionMarkers
    contrast += other.contrast
    fillers += other.fillers
  }

  /// The list fields by their YAML key, for the loader.
  static let listKeys = [
    "negations", "strong_negations", "denials", "not_negations", "breakers", "rhetorical", "reported", "no_answers", "question_markers",
    "contrast", "fillers",
  ]

  mutating func set(_ key: String, _ values: [String]) {
    switch key {
    case "negations": negations = values
    case "strong_negations": strongNegations = values
    case "denials": denials = values
    case "not_negations": notNegations = values
    case "breakers": breakers = values
    case "rhetorical": rhetorical = values
    case "reported": reported = values
    case "no_answers": noAnswers = values
    case "question_markers": questionMarkers = values
    case "contrast": contrast = values
    case "fillers": fillers = values
    default: break
    }
  }
}

/// ``GrammarWords`` made ready to read lines with: one matcher per list, built once per lexicon
/// set (a host line is read with it on every keystroke's Enter).
public final class Grammar: Sendable {
  public let words: GrammarWords
  let negations: TermMatcher
  let strongNegations: TermMatcher
  let denials: TermMatcher
  let notNegations: TermMatcher
  let breakers: TermMatcher
  let rhetorical: TermMatcher
  let reported: TermMatcher
  let noAnswers: Set<[UInt32]>
  let questionMarkers: TermMatcher
  let contrast: TermMatcher
  let fillers: TermMatcher

  public init(_ w: GrammarWords) {
    func m(_ list: [String]) -> TermMatcher { TermMatcher(terms: list.map { ($0, []) }, exemptions: []) }
    words = w
    negations = m(w.negations)
    strongNegations = m(w.strongNegations)
    denials = m(w.denials)
    notNegations = m(w.notNegations)
    breakers = m(w.breakers)
    rhetorical = m(w.rhetorical)
    reported = m(w.reported)
    noAnswers = Set(w.noAnswers.flatMap(TermMatcher.phrases))
    questionMarkers = m(w.questionMarkers)
    contrast = m(w.contrast)
    fillers = m(w.fillers)
  }

  /// Whether there are any words to read with.
  public var isEmpty: Bool { words.negations.isEmpty && words.contrast.isEmpty }

  /// No words at all: every claim reads as made (what Bazaar did before it read clauses).
  public static let none = Grammar(GrammarWords())

}
