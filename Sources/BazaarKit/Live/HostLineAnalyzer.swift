import Foundation

/// Something the host did with a line, besides covering topics.
public enum HostAction: String, Sendable, CaseIterable, Hashable {
  /// Showed the product or its making (raises viewers' trust).
  case show
  /// Asked viewers to buy.
  case callToAction = "call_to_action"
  /// Asked viewers to comment, like, follow or share.
  case engage
  /// Said stock or time is limited (honest only when true).
  case urgency
}

/// A rule a host line broke, with what it needs to explain itself.
public struct LiveViolation: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    /// A lexicon term (absolute term, medical claim…).
    case lexicon(term: String, category: String, lexicon: String)
    /// A price that is none of the real ones.
    case wrongPrice(said: Double, listed: Double)
    /// An "original price" with no basis, or not the real one.
    case fakeOriginalPrice(said: Double, real: Double?)
    /// "Free shipping everywhere" although some regions are excluded.
    case shipsEverywhere(excluded: [String])
    /// "Free shipping" although it is not.
    case freeShippingNotOffered
    /// A delivery time shorter than the real one.
    case deliveryTooFast(saidDays: Int, realDays: ClosedRange<Int>)
    /// Same-day dispatch although dispatch takes longer.
    case dispatchTooFast(realHours: Int)
    /// 7-day no-reason return although the product is exempt.
    case sevenDayNotOffered
    /// "No returns" although 7-day no-reason return applies (a buyer's right online).
    case returnsDenied
    /// "Only N left" although there are many more.
    case fakeUrgency(said: Int, real: Int)
  }
  public var kind: Kind
  /// The reason and advice from the lexicon, for lexicon terms.
  public var reason: Localized?
  public var advice: Localized?
  /// The clause it rests on, and the words in it (normalised), so feedback can quote them.
  public var clause: String?
  public var words: String?

  public init(kind: Kind, reason: Localized? = nil, advice: Localized? = nil, clause: String? = nil, words: String? = nil) {
    self.kind = kind
    self.reason = reason
    self.advice = advice
    self.clause = clause
    self.words = words
  }

  /// Whether the platform would issue a warning for it (banned words, fake original prices);
  /// the rest make viewers complain and cost compliance points.
  public var drawsPlatformWarning: Bool {
    switch kind {
    case .lexicon, .fakeOriginalPrice: true
    default: false
    }
  }
}

/// How a host line answers a viewer question.
public enum AnswerVerdict: Sendable, Equatable {
  case correct
  case wrong
}

/// What one host line said, as far as the room is concerned.
public struct LineAnalysis: Sendable {
  /// Indices of the scenario's topics the line cues.
  public var topics: [Int] = []
  /// Question topics the line talks about, with whether it states the right fact, per product index.
  public var answers: [QuestionTopic: [Int: AnswerVerdict]] = [:]
  /// Prices stated (current prices only).
  public var prices: [Double] = []
  /// What the host did.
  public var actions: Set<HostAction> = []
  /// Rules broken.
  public var violations: [LiveViolation] = []
  /// Products the line names.
  public var products: Set<Int> = []
  /// A call to engage that asks for a comment (扣1) rather than a like or a follow.
  public var asksForComment = false
  /// How the line was read, for feedback: refusals, quoted questions, qualified facts, cue lists.
  public var notes: [ReadingNote] = []
  /// For each scenario topic the line covers, the clause that covers it.
  public var topicClauses: [Int: String] = [:]
  /// What the line says about shipping, region by region.
  public var shipping = ShippingStatement()
  /// The line only lists cue words: it earns nothing.
  public var isCueList = false
  /// The line, normalised (what a repeat is compared by).
  public var normalized = ""
  /// The line refuses a health claim (`不能降血糖`, `听医生的`).
  public var refusal = false
  /// The topics the line states with content (cue topics' ids, and `greeting`), for reports
  /// and the understanding corpus.
  public var stated: Set<String> = []

  /// The verdict for a question about `topic` and `product`.
  public func verdict(_ topic: QuestionTopic, product: Int) -> AnswerVerdict? { answers[topic]?[product] }
}

/// A host line normalised once, as the scalar values every cue set searches.
struct Hay {
  let scalars: [UInt32]
  /// `normalized` must already be through ``TextNormalizer/normalize(_:)``.
  init(normalized: String) { scalars = normalized.unicodeScalars.map(\.value) }
  init(scalars: [UInt32]) { self.scalars = scalars }
}

/// A set of cue words matched on normalised text: the lexicons' `TermMatcher`, asked only
/// whether any cue occurs (a host line is checked against a dozen sets).
struct CueSet: Sendable {
  private let matchers: [TermMatcher]
  /// `exempt`: phrases inside which no cue counts ("能不能退" is a question, not "不能退").
  init(_ words: [String], exempt: [String] = []) {
    matchers = [TermMatcher(terms: words.filter { !$0.isEmpty }.map { ($0, []) }, exemptions: exempt)]
  }

  /// The words of cue lexicons (each with its own exemptions).
  init(matchers: [TermMatcher]) { self.matchers = matchers }

  /// These cues and `matcher`'s.
  func adding(_ matcher: TermMatcher) -> CueSet { CueSet(matchers: matchers + [matcher]) }

  /// `topic`'s words from the cue lexicons that have any, or else `builtIn`.
  init(_ topic: CueTopic, from cueLexicons: [Lexicon], builtIn: [String], builtInExempt: [String] = []) {
    let found = cueLexicons.compactMap { $0.cueMatcher(for: topic) }
    self = found.isEmpty ? CueSet(builtIn, exempt: builtInExempt) : CueSet(matchers: found)
  }

  func matches(_ hay: Hay) -> Bool { matchers.contains { $0.contains(inNormalized: hay.scalars) } }

  /// Where its cues occur.
  func spans(_ hay: Hay) -> [Range<Int>] {
    matchers.flatMap { $0.find(inNormalized: hay.scalars).map { $0.offset..<($0.offset + $0.length) } }
  }

  /// Whether one of its cues occurs inside `range`.
  func matches(_ hay: Hay, in range: Range<Int>) -> Bool { spans(hay).contains { range.contains($0.lowerBound) } }
}

/// What the analyzer needs to know about the room at the moment of the line.
struct RoomFacts {
  /// Active coupon amounts by product index.
  var activeCoupons: [Int: [(amount: Double, threshold: Double?)]] = [:]
  /// Active flash-sale price and remaining stock by product index.
  var activeFlash: [Int: (price: Double, left: Int)] = [:]
  /// Remaining stock by product index.
  var stock: [Int] = []
  /// The product being presented (index): a line that names no product is about it.
  var presented: Int = 0
}

/// Matches what the host types to topics, questions, actions and rules: cue words, numbers and
/// lexicons. No network, no model: every decision can be explained by the words that made it.
struct HostLineAnalyzer: Sendable {
  /// How much of a line is read (characters).
  static let maxCharacters = 2_000
  let scenario: LiveScenario
  let lexicons: LexiconSet
  let lexiconNames: [String]
  private let topicCues: [CueSet]
  /// Topics that a refusal of a health claim covers (`families: [refusal]`).
  private let refusalTopics: Set<Int>
  /// The see-a-doctor and not-a-medicine phrases.
  private let refusalPhrases: [TermMatcher]
  private let questionCues: [QuestionTopic: CueSet]
  private let productCues: [CueSet]
  private let originCues: [CueSet]
  private let actionCues: [HostAction: CueSet]
  // The cue sets that depend on no scenario or lexicon: built once per process, not for every
  // analyzer (the batch grader makes one per live transcript it replays).
  private static let shipsEverywhere = CueSet(LiveWords.shipsEverywhere)
  private static let freeShipping = CueSet(LiveWords.freeShipping)
  private static let sevenDay = CueSet(LiveWords.sevenDay)
  private static let sameDay = CueSet(LiveWords.sameDay)
  private static let shippingFacts = CueSet(LiveWords.shippingFacts)
  private static let stockFacts = CueSet(LiveWords.stockFacts)
  private static let nextDay = CueSet(LiveWords.nextDay)
  private static let flashWords = CueSet(LiveWords.flashWords)
  private static let originWords = CueSet(LiveWords.originWords)
  private static let promotionFraming = CueSet(LiveWords.promotionFraming)
  private static let tomorrow = CueSet(LiveWords.tomorrowWords)
  private static let arrive = CueSet(LiveWords.arriveWords)
  private static let couponWords = CueSet(LiveWords.couponWords)
  private static let noReturns = CueSet(LiveWords.noReturns, exempt: LiveWords.noReturnsExempt)
  private static let dispatchCues = CueSet(LiveWords.dispatchWords)
  private static let claimCues = CueSet(
    LiveWords.freeShipping + LiveWords.sevenDay + LiveWords.shipsEverywhere + LiveWords.noReturns + LiveWords.sameDay
      + LiveWords.nextDay + LiveWords.shippingFacts + LiveWords.stockFacts)
  private let asksForComment: CueSet
  /// Each product's weight: the numbers in it and its normalised text (read once, not per line).
  private let weights: [(numbers: [Double], text: String)?]
  /// Greetings (the cue lexicons' `greeting` family, else built-in words).
  private let greeting: CueSet
  /// Claim words (包邮, 七天无理由…): cue words too, for telling a bare list from a sentence.


  init(scenario: LiveScenario, lexicons: LexiconSet, courseLexicons: [String]) {
    self.scenario = scenario
    self.lexicons = lexicons
    var names = scenario.lexicons
    for n in courseLexicons where !names.contains(n) { names.append(n) }
    lexiconNames = names
    // A topic's cues, plus the phrases of the families it names (`refusal` is read, not matched).
    topicCues = scenario.topics.map { topic in
      let families = topic.families.compactMap { lexicons.family($0, in: names)?.matcher }
      return CueSet(matchers: [TermMatcher(terms: topic.allCues.map { ($0, []) }, exemptions: [])] + families)
    }
    refusalTopics = Set(scenario.topics.indices.filter { scenario.topics[$0].families.contains(PhraseFamily.refusal) })
    refusalPhrases = lexicons.refusalPhrases(names)
    // A topic a cue lexicon of the course lists uses exactly the lexicon's words; the others
    // keep the built-in ones.
    let cueLexicons = lexicons.cueLexicons(names)
    var q: [QuestionTopic: CueSet] = [:]
    for topic in QuestionTopic.allCases {
      let builtIn = LiveWords.topicCues[topic] ?? []
      let exempt = LiveWords.topicCueExempt[topic] ?? []
      q[topic] = CueTopic(rawValue: topic.rawValue).map { CueSet($0, from: cueLexicons, builtIn: builtIn, builtInExempt: exempt) }
        ?? CueSet(builtIn, exempt: exempt)
    }
    questionCues = q
    productCues = scenario.products.map { CueSet($0.cues + $0.name.allTexts) }
    // A product's own origin words, with the cue lexicons' exemptions (吐鲁番的老乡 is a viewer).
    let cueExemptions = lexicons.cueLexicons(names).flatMap(\.exemptions)
    originCues = scenario.products.map { CueSet($0.originCues + $0.origin.allTexts, exempt: cueExemptions) }
    weights = scenario.products.map { p in
      p.weight.map { w in
        let text = TextNormalizer.normalize(w)
        return (Self.numbers(in: text).map(\.value), text)
      }
    }
    func family(_ id: String) -> TermMatcher? { lexicons.family(id, in: names)?.matcher }
    let command = family("interaction_command")
    var engage = CueSet(.engage, from: cueLexicons, builtIn: LiveWords.engage)
    if let command { engage = engage.adding(command) }
    actionCues = [
      .show: CueSet(.show, from: cueLexicons, builtIn: LiveWords.show),
      .callToAction: CueSet(.callToAction, from: cueLexicons, builtIn: LiveWords.callToAction),
      .engage: engage,
      .urgency: CueSet(.urgency, from: cueLexicons, builtIn: LiveWords.urgency),
    ]
    var comment = CueSet(LiveWords.asksForComment)
    if let command { comment = comment.adding(command) }
    asksForComment = comment
    greeting = family("greeting").map { CueSet(matchers: [$0]) } ?? CueSet(LiveWords.greetings)
  }

  /// The cue topics `line` touches, by their cue words (for the broadcast report's coverage: a
  /// word such as 包邮 shows the host talked about shipping, right or wrong).
  func cueTopics(in line: String) -> [CueTopic] {
    let text = Self.normalizedLine(line)
    guard !text.isEmpty else { return [] }
    let hay = Hay(normalized: text)
    return CueTopic.allCases.filter { topic in
      if let q = topic.question { return questionCues[q]?.matches(hay) == true }
      if let a = topic.action { return actionCues[a]?.matches(hay) == true }
      return false
    }
  }

  /// `line` normalised; nobody says 2,000 characters in one breath, so a longer line (a paste)
  /// is read up to there.
  static func normalizedLine(_ line: String) -> String { TextNormalizer.normalize(preparedLine(line)) }

  /// `line` cut to ``maxCharacters`` with spoken numbers kept apart: what is normalised.
  static func preparedLine(_ line: String) -> String {
    separatingSpokenNumbers(line.count > maxCharacters ? String(line.prefix(maxCharacters)) : line)
  }

  /// A space between two numbers said in Chinese (`四十四块九 四十四块九`, as a speech recogniser
  /// writes a repeated price) becomes a comma, so normalisation, which drops spaces between Chinese
  /// characters, does not run them into one number.
  static func separatingSpokenNumbers(_ s: String) -> String {
    let numeral: Set<Unicode.Scalar> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "百", "千", "万", "两", "零", "〇", "块", "毛", "角"]
    let scalars = Array(s.unicodeScalars)
    guard scalars.contains(where: { $0 == " " || $0 == "\u{3000}" }) else { return s }
    var out = String.UnicodeScalarView()
    var i = 0
    while i < scalars.count {
      if scalars[i].properties.isWhitespace, let prev = out.last, numeral.contains(prev) {
        var j = i
        while j < scalars.count, scalars[j].properties.isWhitespace { j += 1 }
        if j < scalars.count, numeral.contains(scalars[j]) {
          out.append("，")
          i = j
          continue
        }
      }
      out.append(scalars[i])
      i += 1
    }
    return String(out)
  }

  func analyze(_ line: String, room: RoomFacts) -> LineAnalysis {
    var a = LineAnalysis()
    let text = Self.normalizedLine(line)
    guard !text.isEmpty else { return a }
    let reading = TextReading(normalized: text, display: Self.preparedLine(line), grammar: lexicons.grammar)
    a.normalized = text
    let hay = Hay(scalars: reading.scalars)

    // What the line names, clause by clause: every cue word, to tell a sentence from a bare list.
    // Each cue set is searched once per line.
    var qSpans: [QuestionTopic: [Range<Int>]] = [:]
    for topic in QuestionTopic.allCases { qSpans[topic] = questionCues[topic]?.spans(hay) ?? [] }
    let pSpans = productCues.map { $0.spans(hay) }
    let oSpans = originCues.map { $0.spans(hay) }
    let tSpans = topicCues.map { $0.spans(hay) }
    var aSpans: [HostAction: [Range<Int>]] = [:]
    for (action, cues) in actionCues { aSpans[action] = cues.spans(hay) }
    var kinds: [(range: Range<Int>, kind: String, informational: Bool)] = []
    for topic in QuestionTopic.allCases {
      for r in qSpans[topic] ?? [] { kinds.append((r, topic.rawValue, true)) }
    }
    for (i, spans) in pSpans.enumerated() { for r in spans { kinds.append((r, "product\(i)", true)) } }
    for spans in oSpans { for r in spans { kinds.append((r, "origin", true)) } }
    for r in Self.claimCues.spans(hay) { kinds.append((r, "claim", true)) }
    for action in HostAction.allCases { for r in aSpans[action] ?? [] { kinds.append((r, action.rawValue, false)) } }
    let greetingSpans = greeting.spans(hay)
    for r in greetingSpans { kinds.append((r, "greeting", false)) }

    // Lexicons: banned terms and medical claims, each as its clause says it.
    let claims = lexicons.claims(in: reading, lexicons: lexiconNames)
    let covered = kinds.map(\.range) + claims.map { $0.hit.offset..<($0.hit.offset + $0.hit.length) }
    let bare = reading.clauses.indices.map { reading.isBare($0, covered: covered) }
    func clause(of r: Range<Int>) -> Int? { reading.clauseIndex(at: r.lowerBound) }
    func clauseText(_ r: Range<Int>) -> String? { clause(of: r).map { reading.words(reading.clauses[$0].range) } }
    /// Whether the cue at `r` stands in a clause that says something (or is itself an act:
    /// a greeting, a call to comment or to buy).
    func said(_ r: Range<Int>) -> Bool {
      guard let c = clause(of: r) else { return false }
      if !bare[c] { return true }
      return kinds.contains { !$0.informational && reading.clauses[c].range.contains($0.range.lowerBound) }
    }
    // A list of cue words: nothing but cue words (of the topics, the products, the scenario's
    // topics, the lexicons), three or more different ones, not even a filler word between.
    let cueList = kinds.contains(where: \.informational) ? reading.cueList(covered + tSpans.flatMap { $0 }) : nil
    a.isCueList = cueList != nil

    for c in claims {
      if c.isMade {
        a.violations.append(
          LiveViolation(
            kind: .lexicon(term: c.words, category: c.hit.category, lexicon: c.hit.lexicon), reason: c.hit.reason,
            advice: c.hit.advice, clause: c.clause, words: c.words))
      }
    }
    a.notes = LexiconSet.notes(for: claims, reading: reading)
    let refusals = LexiconSet.refusals(in: reading, claims: claims, phrases: refusalPhrases)
    // A line that refuses one health claim and makes another refuses nothing.
    a.refusal = !refusals.isEmpty && !claims.contains { $0.isMade && $0.hit.category == "medical" }
    // One note for the refusal: the denied claim if there is one, else the phrase.
    if a.refusal, let r = refusals.first(where: \.denied) ?? refusals.first {
      let note: ReadingNote = r.denied
        ? .refusal(clause: r.clause, words: reading.words(r.range)) : .refusalPhrase(clause: r.clause, words: reading.words(r.range))
      if !a.notes.contains(note) { a.notes.append(note) }
    }

    if let cueList {
      // Only cue words: nothing is stated, so nothing is earned (rules broken still count).
      a.notes.append(.cueList(words: cueList))
      checkClaims(&a, reading: reading, hay: hay, room: room, numbers: [], mentioned: [])
      return a
    }

    for (i, spans) in tSpans.enumerated() {
      // A topic counts from a clause that states something, not from a bare cue word.
      if let r = spans.first(where: said) {
        a.topics.append(i)
        a.topicClauses[i] = clauseText(r)
      } else if refusalTopics.contains(i), a.refusal, let clause = refusals.first?.clause {
        a.topics.append(i)
        a.topicClauses[i] = clause
      }
    }
    for (i, spans) in pSpans.enumerated() where !spans.isEmpty { a.products.insert(i) }
    for (action, spans) in aSpans where spans.contains(where: { reading.polarity(of: $0) == .asserted }) {
      a.actions.insert(action)
    }
    a.asksForComment = a.actions.contains(.engage) && asksForComment.matches(hay)
    if !greetingSpans.isEmpty { a.stated.insert("greeting") }

    // Numbers: prices, original prices, stock, days.
    let numbers = Self.numbers(in: text)
    let mentioned = a.products.sorted()
    let focus = mentioned.first ?? room.presented
    // "恢复44.9", "限时": the host frames a price as a promotion's, so every real promotion price counts.
    let framesPromotion = Self.promotionFraming.matches(hay)
    let talksFlash = Self.flashWords.matches(hay) || framesPromotion
    let talksCoupon = Self.couponWords.matches(hay) || framesPromotion
    var priceVerdict: AnswerVerdict?
    for n in numbers {
      // The real crossed-out price, said as what it is, is never a wrong price.
      if let real = scenario.products[safe: focus]?.originalPrice, abs(real - n.value) < 0.005, Self.isPrice(n) || Self.isOriginalPrice(n) {
        continue
      }
      if Self.isOriginalPrice(n), !Self.has(Self.rangeEnd(n.after), prefixIn: LiveWords.quantityUnits) {
        guard let product = scenario.products[safe: focus] else { continue }
        if let real = product.originalPrice, abs(real - n.value) < 0.005 { continue }
        // "平时44块9": the everyday price is a real basis for "now 39.9 with the coupon".
        if abs(product.price - n.value) < 0.005 {
          a.prices.append(n.value)
          continue
        }
        a.violations.append(
          LiveViolation(kind: .fakeOriginalPrice(said: n.value, real: product.originalPrice), clause: n.sentence, words: NumberReader.format(n.value)))
        continue
      }
      guard Self.isPrice(n) else { continue }
      let valid = validPrices(room: room, flash: talksFlash, coupon: talksCoupon)
      if valid.contains(where: { abs($0 - n.value) < 0.005 }) || Self.isMultiple(n.value, of: valid) {
        a.prices.append(n.value)
        if priceVerdict == nil { priceVerdict = .correct }
      } else if Self.inExclusionContext(n) {
        // A surcharge for remote regions, not a price: not judged.
        continue
      } else {
        let listed = scenario.products[safe: focus]?.price ?? 0
        a.violations.append(
          LiveViolation(kind: .wrongPrice(said: n.value, listed: listed), clause: n.sentence, words: NumberReader.format(n.value)))
        priceVerdict = .wrong
      }
    }

    let claimed = checkClaims(&a, reading: reading, hay: hay, room: room, numbers: numbers, mentioned: mentioned)

    // Which questions the line answers, and whether with the right fact.
    func set(_ topic: QuestionTopic, _ product: Int, _ verdict: AnswerVerdict) { a.answers[topic, default: [:]][product] = verdict }
    let factSpans = Self.shippingFacts.spans(hay)
    for (i, product) in scenario.products.enumerated() {
      // A line about another product does not answer this one's questions.
      if mentioned.isEmpty ? i != room.presented : !mentioned.contains(i) { continue }
      if let v = priceVerdict { set(.price, i, v) }
      if !factSpans.isEmpty || claimed.shippingWrong.contains(i) || a.shipping.isQualified || a.shipping.claimsFree {
        set(.shipping, i, claimed.shippingWrong.contains(i) ? .wrong : .correct)
      }
      if !(oSpans[safe: i] ?? []).isEmpty { set(.origin, i, .correct) }
      if !(qSpans[.returns] ?? []).isEmpty || claimed.returnsWrong.contains(i) {
        set(.returns, i, claimed.returnsWrong.contains(i) ? .wrong : .correct)
      }
      if !(qSpans[.shelfLife] ?? []).isEmpty, product.shelfLife != nil { set(.shelfLife, i, .correct) }
      if let w = weights[safe: i] ?? nil {
        if numbers.contains(where: { n in w.numbers.contains { abs($0 - n.value) < 0.005 } })
          || (!(qSpans[.weight] ?? []).isEmpty && text.contains(w.text))
        {
          set(.weight, i, .correct)
        }
      }
      if Self.stockFacts.matches(hay) {
        let fake = a.violations.contains { if case .fakeUrgency = $0.kind { true } else { false } }
        set(.stock, i, fake ? .wrong : .correct)
      }
    }

    // What the line states with content: a topic's cue in a clause that says something. A place
    // named as where a parcel goes or leaves from (从库车发出, 发新疆) is shipping, not origin; the
    // postage of a return is after-sales; a price is a number.
    let shippingClauses = Set((Self.dispatchCues.spans(hay) + Self.freeShipping.spans(hay) + factSpans).compactMap(clause(of:)))
    let returnClauses = Set((qSpans[.returns] ?? []).compactMap(clause(of:)))
    let originWordClauses = Set(Self.originWords.spans(hay).compactMap(clause(of:)))
    for topic in QuestionTopic.allCases where topic != .price {
      var spans = qSpans[topic] ?? []
      if topic == .origin {
        spans += mentioned.isEmpty ? oSpans[safe: room.presented] ?? [] : mentioned.flatMap { oSpans[safe: $0] ?? [] }
        spans = spans.filter { r in
          guard let c = clause(of: r) else { return false }
          return !shippingClauses.contains(c) || originWordClauses.contains(c)
        }
      }
      if topic == .shipping { spans = spans.filter { clause(of: $0).map { !returnClauses.contains($0) || a.shipping.claimsFree } ?? false } }
      if spans.contains(where: { clause(of: $0).map { !bare[$0] } ?? false }) { a.stated.insert(topic.rawValue) }
    }
    if !a.prices.isEmpty || priceVerdict != nil { a.stated.insert(QuestionTopic.price.rawValue) }
    if a.answers[.weight] != nil { a.stated.insert(QuestionTopic.weight.rawValue) }
    if a.shipping.isQualified || a.shipping.claimsFree { a.stated.insert(QuestionTopic.shipping.rawValue) }
    if a.violations.contains(where: {
      switch $0.kind {
      case .deliveryTooFast, .dispatchTooFast, .shipsEverywhere, .freeShippingNotOffered: true
      default: false
      }
    }) {
      a.stated.insert(QuestionTopic.shipping.rawValue)
    }
    for action in a.actions { a.stated.insert(action.rawValue) }
    return a
  }

  /// Claims about shipping, returns, dispatch and stock, judged against the products' terms.
  /// Returns the products whose shipping and returns answers are wrong.
  @discardableResult
  private func checkClaims(
    _ a: inout LineAnalysis, reading: TextReading, hay: Hay, room: RoomFacts, numbers: [SpokenNumber], mentioned: [Int]
  ) -> (shippingWrong: Set<Int>, returnsWrong: Set<Int>) {
    let text = reading.text
    /// Whether one of `cues` is said (not denied, not quoted) in the line; its clause and words.
    func made(_ cues: CueSet) -> (clause: String, words: String)? {
      for r in cues.spans(hay) where reading.polarity(of: r) == .asserted {
        return (reading.clauseIndex(at: r.lowerBound).map { reading.words(reading.clauses[$0].range) } ?? text, reading.words(r))
      }
      return nil
    }
    a.shipping = ShippingStatement(reading: reading)
    if let c = a.shipping.qualifiedClause { a.notes.append(.qualifiedShipping(clause: c)) }
    var shippingWrong = Set<Int>()
    var returnsWrong = Set<Int>()
    // "All free" words (都包邮) after named regions speak of those regions only.
    let everywhere = a.shipping.free.isEmpty
      ? made(Self.shipsEverywhere) ?? (a.shipping.universal ? (a.shipping.qualifiedClause ?? text, a.shipping.genericFree ?? "") : nil) : nil
    for (i, product) in scenario.products.enumerated() where mentioned.isEmpty ? i == room.presented : mentioned.contains(i) {
      let s = product.shipping
      let excluded = Set(s.excluded.compactMap(Regions.canonical))
      let st = a.shipping
      // "Free everywhere" while some excluded region is named neither as an exception nor as
      // not served ("除了港澳台全国包邮" when Tibet is excluded too).
      let named = Set(st.notFree + st.noDelivery)
      let unnamed = st.remoteExcluded ? [] : excluded.subtracting(named)
      if let everywhere, s.free, !unnamed.isEmpty || (excluded.isEmpty && !s.excluded.isEmpty && !st.isQualified) {
        // The regions the claim wrongly covers: those left unnamed (all excluded ones for 全国包邮).
        let left = s.excluded.filter { Regions.canonical($0).map(unnamed.contains) ?? false }
        a.violations.append(
          LiveViolation(kind: .shipsEverywhere(excluded: left.isEmpty ? s.excluded : left), clause: everywhere.clause, words: everywhere.words))
        shippingWrong.insert(i)
      } else if st.claimsFree, !s.free, let f = made(Self.freeShipping) {
        a.violations.append(LiveViolation(kind: .freeShippingNotOffered, clause: f.clause, words: f.words))
        shippingWrong.insert(i)
      } else if let wrong = st.free.first(where: { excluded.contains($0) }) {
        // Free shipping promised to a region that pays postage, or that is not served at all.
        let clause = st.qualifiedClause ?? text
        if Set(s.noDelivery.compactMap(Regions.canonical)).contains(wrong) {
          a.violations.append(LiveViolation(kind: .shipsEverywhere(excluded: s.excluded), clause: clause, words: wrong))
        } else {
          a.violations.append(LiveViolation(kind: .freeShippingNotOffered, clause: clause, words: wrong))
        }
        shippingWrong.insert(i)
      }
      if let days = s.deliveryDays, questionCues[.shipping]?.matches(hay) == true || Self.shippingFacts.matches(hay) {
        for n in numbers where !n.hasDecimal && Self.has(n.after, prefixIn: ["天", "days", "day"]) {
          let d = Int(n.value)
          // "两天前到了兰州", "reached Lanzhou two days ago", "已经在路上2天了": time gone by, no promise.
          let after = n.after.drop { $0 == " " }
          let past = ["天前", "天以前", "天之前", "day ago", "days ago", "days back"].contains { after.hasPrefix($0) }
            || Self.has(n.before, suffixIn: ["已经", "已", "already", "been"], window: 6)
          if d < days.lowerBound, !past, !Self.has(n.before, suffixIn: ["最慢", "最多", "不超过", "within", "at most"], window: 4) {
            a.violations.append(LiveViolation(kind: .deliveryTooFast(saidDays: d, realDays: days), clause: n.sentence, words: String(d)))
            shippingWrong.insert(i)
          }
        }
      }
      if let days = s.deliveryDays, days.lowerBound > 1, let c = made(Self.nextDay) ?? tomorrowArrival(reading, hay) {
        a.violations.append(LiveViolation(kind: .deliveryTooFast(saidDays: 1, realDays: days), clause: c.clause, words: c.words))
        shippingWrong.insert(i)
      }
      // "2小时内就发走" when dispatch takes 24 hours: hours stated in a clause about dispatch.
      if let hours = s.dispatchHours {
        for n in numbers where Self.has(n.after, prefixIn: ["小时", "个小时", "hours", "hour", "h"]) && n.value < Double(hours) {
          guard let ci = reading.clauseIndex(at: n.offset), Self.dispatchCues.matches(hay, in: reading.clauses[ci].range) else { continue }
          if reading.polarity(of: n.offset..<(n.offset + n.length)) != .asserted { continue }
          let unit = n.after.hasPrefix("个") ? String(n.after.prefix(3)) : String(n.after.prefix(2))
          a.violations.append(
            LiveViolation(
              kind: .dispatchTooFast(realHours: hours), clause: reading.words(reading.clauses[ci].range),
              words: reading.words(n.offset..<(n.offset + n.length)) + unit))
          shippingWrong.insert(i)
          break
        }
      }
      if product.returns.sevenDay, let c = made(Self.noReturns), made(Self.sevenDay) == nil {
        a.violations.append(LiveViolation(kind: .returnsDenied, clause: c.clause, words: c.words))
        returnsWrong.insert(i)
      }
      if let hours = s.dispatchHours, hours > 24, let c = made(Self.sameDay) {
        a.violations.append(LiveViolation(kind: .dispatchTooFast(realHours: hours), clause: c.clause, words: c.words))
        shippingWrong.insert(i)
      }
      if !product.returns.sevenDay, let c = made(Self.sevenDay) {
        a.violations.append(LiveViolation(kind: .sevenDayNotOffered, clause: c.clause, words: c.words))
        returnsWrong.insert(i)
      }
      if a.actions.contains(.urgency) {
        // Before a flash sale starts, "only 50" about it is checked against its own stock.
        let flashStock = scenario.promotions.compactMap { p -> Int? in
          guard p.product.map({ $0 == product.id }) ?? (i == 0), case .flashSale(_, let stock) = p.kind else { return nil }
          return stock
        }.first
        let talksFlash = Self.flashWords.matches(hay)
        let real = room.activeFlash[i]?.left ?? (talksFlash ? flashStock : nil) ?? room.stock[safe: i] ?? product.stock
        for n in numbers where !n.hasDecimal && Self.has(Self.rangeEnd(n.after), prefixIn: LiveWords.stockUnits)
          && !Self.has(Self.rangeEnd(n.after), prefixIn: ["个人", "个小时", "个月", "个星期", "个工作日", "个朋友"])
          && (Self.has(n.before, suffixIn: LiveWords.scarcityBefore, window: 1) || Self.rangeEnd(n.after).contains("left"))
        {
          let said = Int(n.value)
          if said * 2 < real {
            a.violations.append(LiveViolation(kind: .fakeUrgency(said: said, real: real), clause: n.sentence, words: String(said)))
            break
          }
        }
      }
    }

    // The same mistake twice in one line counts once.
    var unique: [LiveViolation] = []
    for v in a.violations where !unique.contains(where: { $0.kind == v.kind }) { unique.append(v) }
    a.violations = unique
    return (shippingWrong, returnsWrong)
  }

  /// "Arrives in Chengdu Self.tomorrow": Self.tomorrow and arriving in one clause, said as a promise.
  private func tomorrowArrival(_ reading: TextReading, _ hay: Hay) -> (clause: String, words: String)? {
    for r in Self.tomorrow.spans(hay) where reading.polarity(of: r) == .asserted {
      guard let ci = reading.clauseIndex(at: r.lowerBound), Self.arrive.matches(hay, in: reading.clauses[ci].range) else { continue }
      return (reading.words(reading.clauses[ci].range), reading.words(r))
    }
    return nil
  }

  /// The prices a buyer can really pay now (plus promotion prices the host names explicitly).
  func validPrices(room: RoomFacts, flash: Bool, coupon: Bool) -> [Double] {
    var result: [Double] = []
    for (i, p) in scenario.products.enumerated() {
      result.append(p.price)
      for c in room.activeCoupons[i] ?? [] { result += Self.couponTotals(price: p.price, amount: c.amount, threshold: c.threshold) }
      if let f = room.activeFlash[i] { result.append(f.price) }
      for promo in scenario.promotions where promo.product.map({ id in id == p.id }) ?? (i == 0) {
        switch promo.kind {
        case .coupon(let amount, let threshold) where coupon:
          result += Self.couponTotals(price: p.price, amount: amount, threshold: threshold)
        case .flashSale(let price, _) where flash: result.append(price)
        default: break
        }
      }
    }
    return result
  }

  /// "原价99", "划线价是49.9": the first number after an original-price word (not a later one:
  /// "原价99，今天39.9" states a current price of 39.9).
  static func isOriginalPrice(_ n: SpokenNumber) -> Bool {
    let tail = Array(n.before.unicodeScalars.suffix(16))
    for w in LiveWords.originalPrice {
      let ws = Array(w.unicodeScalars)
      guard let start = lastOccurrence(of: ws, in: tail) else { continue }
      if let first = ws.first, first.isASCII, start > 0, tail[start - 1].isASCII, tail[start - 1].properties.isAlphabetic {
        continue
      }
      let between = tail[(start + ws.count)...]
      if between.count <= 6, !between.contains(where: { (0x30...0x39).contains($0.value) }) { return true }
    }
    return false
  }

  /// What a buyer pays with a coupon: one item less the amount, or, when the coupon has a
  /// threshold above one item's price ("满60减3" on 39.9), the fewest items that reach it less
  /// the amount (2 × 39.9 − 3 = 76.8), and up to five items.
  static func couponTotals(price: Double, amount: Double, threshold: Double?) -> [Double] {
    guard price > 0 else { return [] }
    guard let threshold, threshold > price else { return [price - amount] }
    guard threshold.isFinite, threshold <= price * 5 else { return [] }
    let fewest = max(1, Int((threshold / price - 1e-9).rounded(.up)))
    return (fewest...5).map { Double($0) * price - amount }
  }

  static func isMultiple(_ value: Double, of prices: [Double]) -> Bool {
    prices.contains { p in p > 0 && (2...5).contains { k in abs(Double(k) * p - value) < 0.005 } }
  }

  static func isPrice(_ n: SpokenNumber) -> Bool {
    if n.isOrdinal || n.isPercent { return false }
    if has(n.before, suffixIn: LiveWords.notAPriceBefore, window: 2) { return false }
    // "到手36.9", "券后39.9": what the buyer pays, whatever came before ("满减券到手36.9").
    if has(n.before, suffixIn: LiveWords.paidBefore, window: 1) { return true }
    // "3到5天", "3 to 5 days": a range takes the unit of its end.
    let unitText = rangeEnd(n.after)
    // "减5元", "省10块": a saving, not a price.
    if has(n.before, suffixIn: LiveWords.discountBefore, window: 3) { return false }
    // "5块钱无门槛券", "10元运费", "5 yuan off": a coupon, a saving or postage, not a price.
    var rest = Substring(n.after.drop { $0 == " " })
    if let unit = LiveWords.currencyAfter.first(where: { rest.hasPrefix($0) }) {
      rest = rest.dropFirst(unit.count).drop { $0 == " " || $0 == "钱" || $0 == "的" }
    }
    if LiveWords.notAPriceAfter.contains(where: { rest.hasPrefix($0) }) { return false }
    if has(n.before, suffixIn: LiveWords.currencyBefore, window: 1) || has(n.after, prefixIn: LiveWords.currencyAfter) {
      return true
    }
    // "28 each", "28元一盒", "28 a box": a price per unit.
    if n.perUnit != nil { return true }
    if has(unitText, prefixIn: LiveWords.quantityUnits) { return false }
    // A bare number: a price when it has decimals ("今天39.9", "44.9一盒"), or right after a price
    // word ("只要40", "price is 40"); "有5种吃法" and "一盒44" are not read as prices.
    return n.hasDecimal || has(n.before, suffixIn: LiveWords.priceBefore, window: 1)
  }

  /// The text after a range's second number (`到5天` → `天`), or `after` itself when it is no range.
  static func rangeEnd(_ after: String) -> String {
    // "170多盒", "200余件", "50来个": an approximate quantity.
    var rest = Substring(after.drop { $0 == " " || $0 == "多" || $0 == "余" || $0 == "来" || $0 == "+" })
    guard let connector = ["到", "至", "-", "~", "～", "–", "—", "to "].first(where: { rest.hasPrefix($0) }) else {
      return String(rest.hasPrefix("-") ? rest.dropFirst() : rest)
    }
    rest = rest.dropFirst(connector.count).drop { $0 == " " }
    guard let first = rest.first, first.isASCII, first.isNumber else { return String(after.drop { $0 == " " || $0 == "-" }) }
    return String(rest.drop { ($0.isASCII && $0.isNumber) || $0 == "." })
  }

  static func has(_ s: String, suffixIn words: [String], window: Int) -> Bool {
    var tail = Array(s.unicodeScalars.suffix(window + 12))
    while tail.first == " " { tail.removeFirst() }
    while tail.last == " " { tail.removeLast() }
    return words.contains { w in
      guard let start = lastOccurrence(of: Array(w.unicodeScalars), in: tail) else { return false }
      return tail.count - (start + w.unicodeScalars.count) <= window
    }
  }

  /// Where `needle` last occurs in `hay` (scalar search: these run for every number of every line).
  static func lastOccurrence(of needle: [Unicode.Scalar], in hay: [Unicode.Scalar]) -> Int? {
    guard !needle.isEmpty, needle.count <= hay.count else { return nil }
    var start = hay.count - needle.count
    while start >= 0 {
      if hay[start..<(start + needle.count)].elementsEqual(needle) { return start }
      start -= 1
    }
    return nil
  }

  static func has(_ s: String, prefixIn words: [String]) -> Bool {
    let head = s.drop { $0 == " " }
    return words.contains { w in
      guard head.hasPrefix(w) else { return false }
      // An ASCII unit must end there ("g" is not the start of "good").
      let rest = head.dropFirst(w.count)
      if let last = w.last, last.isASCII, last.isLetter, let next = rest.first, next.isASCII, next.isLetter { return false }
      return true
    }
  }

  /// Numbers in normalised text: `44.9`, `44块9`, `四十四块九` (= 44.9), `1,000`, `原价九十九` (see ``NumberReader/scan(_:)``).
  static func numbers(in text: String) -> [SpokenNumber] { NumberReader.scan(text) }

  /// Whether the sentence before `n` names regions that are excluded or pay extra ("except
  /// Tibet…, which pay 10 yuan", "偏远地区补10元"): a sum there is postage, not the price.
  static func inExclusionContext(_ n: SpokenNumber) -> Bool {
    LiveWords.shippingExclusion.contains { w in n.sentence.contains(w) }
      || !Regions.mentions(in: n.sentence.unicodeScalars.map(\.value)).isEmpty
  }
}

extension Array {
  subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
