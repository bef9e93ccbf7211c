/// A course: ordered lessons of narrative and questions, loaded from one YAML file.
public struct Course: Sendable {
  /// Stable id (`pricing-basics`), used by `bazaar start` and in progress and transcripts.
  public var id: String
  /// The author's version string (`1.2.0`).
  public var version: String
  /// The course title.
  public var title: Localized
  /// Optional one-paragraph description.
  public var description: Localized?
  /// Languages the course offers, primary first (`[zh, en]`).
  public var languages: [String]
  /// Where the course's facts come from.
  public var sources: [Source]
  /// Skip, attempt and hint rules.
  public var policy: Policy
  /// Lexicons (by name) applied to every listing and pitch question.
  public var lexicons: [String]
  /// The lessons, in order.
  public var lessons: [Lesson]
  /// Where the course file is.
  public var path: String
  /// SHA-256 of the file's bytes, hex (for progress and transcripts).
  public var digest: String

  /// Every question of the course, in order.
  public var questions: [Question] {
    lessons.flatMap { $0.steps.compactMap { if case .question(let q) = $0.content { q } else { nil } } }
  }

  /// The question with `id`, if any.
  public func question(id: String) -> Question? { questions.first { $0.id == id } }

  /// Every live scenario of the course, in order.
  public var scenarios: [LiveScenario] {
    lessons.flatMap { $0.steps.compactMap { if case .live(let s) = $0.content { s } else { nil } } }
  }

  /// The language to fall back to for text not written in the requested one.
  public var fallbackLanguages: [String] { languages }

  /// Whether a lesson draws its questions from a pool (`draw:`), so learners see different ones.
  public var hasPools: Bool { lessons.contains { $0.draw != nil } }

  /// The course as the learner with `seed` has it: each `draw:` lesson with its drawn questions.
  /// Every engine that follows one learner (the lesson runner, resume, replay, grading) works on it.
  public func drawn(seed: String) -> Course {
    guard hasPools else { return self }
    var copy = self
    copy.lessons = lessons.map { $0.drawn(seed: seed) }
    return copy
  }

  /// The rules of the lesson with `id`: its own `policy:` over the course's; the course's for an
  /// unknown lesson.
  public func policy(ofLesson id: String) -> Policy { lessons.first { $0.id == id }?.policy ?? policy }

  /// The rules of the lesson that holds question `id`.
  public func policy(ofQuestion id: String) -> Policy { policiesByQuestion()[id] ?? policy }

  /// The rules of each question's lesson, by question id (walk the course once, then look up).
  public func policiesByQuestion() -> [String: Policy] {
    var out: [String: Policy] = [:]
    for l in lessons {
      for s in l.steps { if case .question(let q) = s.content, out[q.id] == nil { out[q.id] = l.policy } }
    }
    return out
  }
}

/// A source the course's facts come from.
public struct Source: Sendable, Hashable {
  /// Short key used to cite it (`R31`).
  public var id: String
  /// Title or description.
  public var title: String
  /// Where to find it, if public.
  public var url: String?
  /// Caveats.
  public var note: String?
}

/// The course's rules for learners.
public struct Policy: Sendable, Hashable {
  /// Whether learners may `:skip` a question.
  public var allowSkip: Bool = true
  /// Attempts allowed per question; 0 means unlimited.
  public var attempts: Int = 2
  /// Fraction of the question's score lost per hint used (0 = hints are free).
  public var hintPenalty: Double = 0
  /// Fraction of the question's score lost for each wrong try before the one that counts (0 = a
  /// retry can still earn full marks).
  public var retryPenalty: Double = 0
  /// Whether choice options are shuffled per learner unless a question says otherwise.
  public var shuffle: Bool = true
  /// Score (0…1) a lesson needs to count as passed.
  public var passScore: Double = 0.6

  /// The defaults documented in docs/course-format.md.
  public init() {}

  /// Whether a lesson score passes: at or above the pass mark; a lesson without questions (no
  /// score) passes. The runner's summary and the gradebook's matrix both ask this.
  public func passes(_ lessonScore: Double?) -> Bool { (lessonScore ?? 1) >= passScore }
}

/// A lesson: a titled, ordered list of steps.
public struct Lesson: Sendable {
  /// Stable id, unique in the course.
  public var id: String
  /// Title.
  public var title: Localized
  /// Steps in order.
  public var steps: [Step]
  /// Where the lesson is declared.
  public var location: SourceLocation
  /// The rules learners of this lesson follow: the course's `policy:` with the lesson's own keys over it.
  public var policy: Policy
  /// `draw: N`: each learner gets N of the lesson's questions, drawn from their seed (text and live
  /// steps are always shown); nil: every question.
  public var draw: Int?

  public init(id: String, title: Localized, steps: [Step], location: SourceLocation, policy: Policy = Policy(), draw: Int? = nil) {
    self.id = id
    self.title = title
    self.steps = steps
    self.location = location
    self.policy = policy
    self.draw = draw
  }

  /// The lesson as the learner with `seed` has it: with `draw: N`, N of its questions chosen by the
  /// seed and kept in the author's order, every other step kept; the same lesson for the same seed
  /// on every PC and every replay (SeededRandom never changes with the Swift version).
  public func drawn(seed: String) -> Lesson {
    let questionSteps = steps.indices.filter { if case .question = steps[$0].content { true } else { false } }
    guard let n = draw, n >= 0, n < questionSteps.count else { return self }
    var random = SeededRandom(seed: seed, "pool", id)
    let chosen = Set(random.permutation(questionSteps.count).prefix(n).map { questionSteps[$0] })
    var copy = self
    copy.steps = steps.indices.filter { i in chosen.contains(i) || !questionSteps.contains(i) }.map { steps[$0] }
    return copy
  }
}

/// One step of a lesson.
public struct Step: Sendable {
  /// What the step holds.
  public var content: Content
  /// Where the step is declared.
  public var location: SourceLocation

  /// Narrative text, or a question.
  public enum Content: Sendable {
    case narrative(Localized)
    case question(Question)
    /// A simulated live-selling session (run with `bazaar live`).
    case live(LiveScenario)
  }
}

/// A graded question.
public struct Question: Sendable {
  /// Stable id, unique in the course; progress and transcripts refer to it.
  public var id: String
  /// What is asked. For `calc`, may contain `{var}` and `{var%}` placeholders.
  public var prompt: Localized
  /// Hints, shown one at a time on request.
  public var hints: [Localized]
  /// Shown after the question is answered.
  public var explanation: Localized?
  /// Answers the author asserts must not get full marks (checked by lint's self-check).
  public var wrongExamples: [Example]
  /// Relative weight in the lesson's score.
  public var points: Double
  /// Source keys this question's facts come from.
  public var cites: [String]
  /// The kind and its answer key.
  public var kind: Kind
  /// Where the question is declared.
  public var location: SourceLocation

  /// An example answer with where the author wrote it.
  public struct Example: Sendable, Hashable {
    public var text: String
    public var location: SourceLocation
    public init(text: String, location: SourceLocation) {
      self.text = text
      self.location = location
    }
  }

  /// The question kinds and their answer keys.
  public enum Kind: Sendable {
    case choice(ChoiceKey)
    case trueFalse(Bool)
    case short(ShortKey)
    case number(NumberKey)
    case calc(CalcKey)
    case order(OrderKey)
    case match(MatchKey)
    case listing(ListingKey)
    case pitch(PitchKey)

    /// The kind's name as written in course files.
    public var name: String {
      switch self {
      case .choice: "choice"
      case .trueFalse: "truefalse"
      case .short: "short"
      case .number: "number"
      case .calc: "calc"
      case .order: "order"
      case .match: "match"
      case .listing: "listing"
      case .pitch: "pitch"
      }
    }
  }
}

/// Answer key of a `choice` question.
public struct ChoiceKey: Sendable {
  /// The options in author order.
  public var options: [Option]
  /// Whether to shuffle per learner.
  public var shuffle: Bool
  /// For several correct options: each wrong tick removes `penalty` × one correct tick's credit.
  public var penalty: Double

  /// One option.
  public struct Option: Sendable {
    public var text: Localized
    public var correct: Bool
    public var feedback: Localized?
  }

  /// Whether several options are correct (learner ticks all that apply).
  public var isMultiple: Bool { options.filter(\.correct).count > 1 }
}

/// Answer key of a `short` question.
public struct ShortKey: Sendable {
  /// Accepted answers, each with its credit.
  public var answers: [Answer]
  /// Whether case matters (default no).
  public var caseSensitive: Bool

  /// An accepted answer: literal text or a regular expression.
  public struct Answer: Sendable {
    public enum Match: Sendable {
      case text(String)
      case regex(CompiledRegex)
      /// Any phrase of a lexicon's phrase family (`postage`: 邮费, 运费, 邮寄费, courier fee…).
      case family(String)
    }
    public var match: Match
    public var credit: Double
    public var feedback: Localized?
    /// Example answers that must match a regex answer (for the self-check).
    public var examples: [String]
    public var location: SourceLocation
  }
}

/// A tolerance: absolute, or relative in percent of the expected value.
public enum Tolerance: Sendable, Hashable {
  case absolute(Double)
  case relative(percent: Double)

  /// The allowed absolute deviation around `value`.
  public func width(around value: Double) -> Double {
    switch self {
    case .absolute(let a): abs(a)
    case .relative(let p): abs(value) * abs(p) / 100
    }
  }
}

/// Answer key of a `number` question.
public struct NumberKey: Sendable {
  /// Accepted values or ranges, each with its credit.
  public var answers: [Answer]
  /// The unit expected (`元`, `kg`), if any; typing it is optional.
  public var unit: String?
  /// The unit's name by language (`{zh: 张, en: images}`), when the author wrote one per
  /// language; any of them may be typed after the number. `unit` is the first.
  public var unitNames: Localized? = nil
  /// Whether the answer is a percentage (`30%`; plain `30` is read as 30%).
  public var percent: Bool
  /// For percentages: whether `0.3` is accepted as 30%.
  public var acceptFraction: Bool

  /// One accepted value (with tolerance) or range.
  public struct Answer: Sendable {
    public enum Target: Sendable {
      case value(Double, Tolerance?)
      case range(ClosedRange<Double>)
    }
    public var target: Target
    public var credit: Double
    public var feedback: Localized?
    public var location: SourceLocation
  }
}

/// A `calc` variable: drawn per learner from a range or a list.
public struct CalcVariable: Sendable {
  public enum Draw: Sendable {
    /// Uniform over `min…max` on a grid of `step`.
    case range(min: Double, max: Double, step: Double)
    /// One of these values.
    case values([Double])
  }
  public var name: String
  public var draw: Draw
  public var location: SourceLocation

  /// The smallest and largest value the variable can take.
  public var bounds: ClosedRange<Double> {
    switch draw {
    case .range(let lo, let hi, _): return lo...hi
    case .values(let v): return (v.min() ?? 0)...(v.max() ?? 0)
    }
  }
}

/// Answer key of a `calc` question.
public struct CalcKey: Sendable {
  public var variables: [CalcVariable]
  public var formula: Formula
  public var formulaLocation: SourceLocation
  /// Tolerance around the formula's value (default: half a unit of the last decimal shown).
  public var tolerance: Tolerance
  /// Decimals the expected answer is shown with.
  public var decimals: Int
  public var unit: String?
  /// The unit's name by language (`{zh: 张, en: images}`), when the author wrote one per
  /// language; any of them may be typed after the number. `unit` is the first.
  public var unitNames: Localized? = nil
  public var percent: Bool
  public var acceptFraction: Bool
  /// Typical wrong ways to work it out (`(price - cost) / cost` for a margin): for every set of
  /// values lint draws, their answer must not get full marks (E031). A learner whose answer is
  /// what one of them gives is told so, with its `feedback` when the author wrote one.
  public var wrongFormulas: [(formula: Formula, source: String, location: SourceLocation, feedback: Localized?)] = []
}

/// Answer key of an `order` question: items in the correct order.
public struct OrderKey: Sendable {
  public var items: [Localized]
}

/// Answer key of a `match` question: left items and the right item each pairs with.
public struct MatchKey: Sendable {
  public var pairs: [(left: Localized, right: Localized)]
}

/// A term a listing or pitch must contain, with alternatives that count as the same.
public struct Keyword: Sendable, Hashable {
  /// Alternatives: any one of them satisfies the keyword.
  public var alternatives: [String]
}

/// Answer key of a `listing` question: a product title under constraints.
public struct ListingKey: Sendable {
  public var maxChars: Int?
  public var maxBytes: Int?
  public var minChars: Int?
  public var keywords: [Keyword]
  public var lexicons: [String]
  public var banned: [String]
  /// Why a word of `banned` is banned and what to say instead, when the author wrote it.
  public var bannedNotes: [String: (reason: Localized?, advice: Localized?)] = [:]
  /// Score lost per banned term found.
  public var penalty: Double
  /// Titles that must score 1 (checked by lint's self-check), by language ("" for any).
  public var modelAnswers: [ModelAnswer] = []
  /// The first model answer.
  public var modelAnswer: Question.Example? { modelAnswers.first?.example }
}

/// A model answer of a `listing` or `pitch` question in one language ("" when written once for all).
public struct ModelAnswer: Sendable {
  public var language: String
  public var example: Question.Example
  public init(language: String, example: Question.Example) {
    self.language = language
    self.example = example
  }
}

extension Array where Element == ModelAnswer {
  /// The model answer to show a learner reading `language`: theirs, else one written for all,
  /// else the first of `fallback`'s, else the first.
  public func pick(_ language: String, fallback: [String] = []) -> Question.Example? {
    let base = MessageCatalog.baseLanguage(language)
    if let mine = first(where: { MessageCatalog.baseLanguage($0.language) == base && !$0.language.isEmpty }) { return mine.example }
    if let any = first(where: { $0.language.isEmpty }) { return any.example }
    for f in fallback {
      if let hit = first(where: { MessageCatalog.baseLanguage($0.language) == MessageCatalog.baseLanguage(f) }) { return hit.example }
    }
    return first?.example
  }
}

/// Answer key of a `pitch` question: free text scored by a rubric.
public struct PitchKey: Sendable {
  public var concepts: [Concept]
  public var minChars: Int?
  public var maxChars: Int?
  public var lexicons: [String]
  public var banned: [String]
  /// Why a word of `banned` is banned and what to say instead, when the author wrote it.
  public var bannedNotes: [String: (reason: Localized?, advice: Localized?)] = [:]
  public var penalty: Double
  /// Texts that must score 1 (checked by lint's self-check), by language ("" for any).
  public var modelAnswers: [ModelAnswer] = []
  /// The first model answer.
  public var modelAnswer: Question.Example? { modelAnswers.first?.example }
  /// The product the answer talks about, with its true terms (written like a live scenario's
  /// product): the answer's price, shipping, returns and stock claims are checked against them
  /// exactly as a host line's are.
  public var facts: LiveProduct? = nil
  /// Which of the product's terms the question states (`price`, `shipping`, `returns`, `stock`):
  /// only those are checked, so an answer is never held to a fact the learner was not given.
  public var factKeys: Set<String> = []
  /// Promotions running for the product (a coupon's price is a true price).
  public var promotions: [LivePromotion] = []
  /// What the facts check depends on (facts and promotions), written out once when the course is
  /// read: the key under which the question's facts analyzer is built once and kept.
  public var factsKey: String {
    get { storedFactsKey ?? String(reflecting: facts) + String(reflecting: promotions) }
    set { storedFactsKey = newValue }
  }
  var storedFactsKey: String? = nil

  /// A concept the pitch must cover.
  public struct Concept: Sendable {
    public var id: String
    public var label: Localized
    public var weight: Double
    /// Cue words by language ("" for any language); any cue marks the concept covered.
    public var cues: [String]
    /// A cue topic (`returns`, `shipping`…): the words the cue lexicons list for it count as cues too.
    public var topic: String? = nil
    /// Phrase families (`greeting`, `interaction_command`) of the lexicons: any of their phrases counts.
    public var families: [String] = []
  }
}
