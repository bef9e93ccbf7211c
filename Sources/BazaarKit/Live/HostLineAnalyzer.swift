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

  /// The verdict for a question about `topic` and `product`.
  public func verdict(_ topic: QuestionTopic, product: Int) -> AnswerVerdict? { answers[topic]?[product] }
}

/// A host line normalised once, as the scalar values every cue set searches.
struct Hay {
  let scalars: [UInt32]
  /// `normalized` must already be through ``TextNormalizer/normalize(_:)``.
  init(normalized: String) { scalars = normalized.unicodeScalars.map(\.value) }
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

  /// `topic`'s words from the cue lexicons that have any, or else `builtIn`.
  init(_ topic: CueTopic, from cueLexicons: [Lexicon], builtIn: [String], builtInExempt: [String] = []) {
    let found = cueLexicons.compactMap { $0.cueMatcher(for: topic) }
    self = found.isEmpty ? CueSet(builtIn, exempt: builtInExempt) : CueSet(matchers: found)
  }

  func matches(_ hay: Hay) -> Bool { matchers.contains { $0.contains(inNormalized: hay.scalars) } }
}

/// What the analyzer needs to know about the room at the moment of the line.
struct RoomFacts {
  /// Active coupon amounts by product index.
  var activeCoupons: [Int: [(amount: Double, threshold: Double?)]] = [:]
  /// Active flash-sale price and remaining stock by product index.
  var activeFlash: [Int: (price: Double, left: Int)] = [:]
  /// Remaining stock by product index.
  var stock: [Int] = []
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
  private let questionCues: [QuestionTopic: CueSet]
  private let productCues: [CueSet]
  private let originCues: [CueSet]
  private let actionCues: [HostAction: CueSet]
  private let shipsEverywhere = CueSet(LiveWords.shipsEverywhere)
  private let freeShipping = CueSet(LiveWords.freeShipping, exempt: LiveWords.negated(LiveWords.freeShipping))
  private let sevenDay = CueSet(LiveWords.sevenDay, exempt: LiveWords.negated(LiveWords.sevenDay))
  private let sameDay = CueSet(LiveWords.sameDay, exempt: LiveWords.negated(LiveWords.sameDay))
  private let shippingFacts = CueSet(LiveWords.shippingFacts)
  private let stockFacts = CueSet(LiveWords.stockFacts)
  private let asksForComment = CueSet(LiveWords.asksForComment)
  /// Each product's weight: the numbers in it and its normalised text (read once, not per line).
  private let weights: [(numbers: [Double], text: String)?]
  private let nextDay = CueSet(LiveWords.nextDay, exempt: LiveWords.nextDayExempt)
  private let noReturns = CueSet(LiveWords.noReturns, exempt: LiveWords.noReturnsExempt)
  private let flashWords = CueSet(LiveWords.flashWords)
  private let couponWords = CueSet(LiveWords.couponWords)

  init(scenario: LiveScenario, lexicons: LexiconSet, courseLexicons: [String]) {
    self.scenario = scenario
    self.lexicons = lexicons
    var names = scenario.lexicons
    for n in courseLexicons where !names.contains(n) { names.append(n) }
    lexiconNames = names
    topicCues = scenario.topics.map { CueSet($0.allCues) }
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
    originCues = scenario.products.map { CueSet($0.originCues + $0.origin.allTexts) }
    weights = scenario.products.map { p in
      p.weight.map { w in
        let text = TextNormalizer.normalize(w)
        return (Self.numbers(in: text).map(\.value), text)
      }
    }
    actionCues = [
      .show: CueSet(.show, from: cueLexicons, builtIn: LiveWords.show),
      .callToAction: CueSet(.callToAction, from: cueLexicons, builtIn: LiveWords.callToAction),
      .engage: CueSet(.engage, from: cueLexicons, builtIn: LiveWords.engage),
      .urgency: CueSet(.urgency, from: cueLexicons, builtIn: LiveWords.urgency),
    ]
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
  static func normalizedLine(_ line: String) -> String {
    TextNormalizer.normalize(line.count > maxCharacters ? String(line.prefix(maxCharacters)) : line)
  }

  func analyze(_ line: String, room: RoomFacts) -> LineAnalysis {
    var a = LineAnalysis()
    let text = Self.normalizedLine(line)
    guard !text.isEmpty else { return a }
    let hay = Hay(normalized: text)
    for (i, cues) in topicCues.enumerated() where cues.matches(hay) { a.topics.append(i) }
    for (i, cues) in productCues.enumerated() where cues.matches(hay) { a.products.insert(i) }
    for (action, cues) in actionCues where cues.matches(hay) { a.actions.insert(action) }
    a.asksForComment = a.actions.contains(.engage) && asksForComment.matches(hay)

    // Lexicons: banned terms and medical claims (exempt phrases are not hits).
    for hit in lexicons.hits(in: text, lexicons: lexiconNames) {
      a.violations.append(
        LiveViolation(
          kind: .lexicon(term: hit.term, category: hit.category, lexicon: hit.lexicon), reason: hit.reason, advice: hit.advice))
    }

    // Numbers: prices, original prices, stock, days.
    let numbers = Self.numbers(in: text)
    let mentioned = a.products.sorted()
    let focus = mentioned.first ?? 0
    let talksFlash = flashWords.matches(hay)
    let talksCoupon = couponWords.matches(hay)
    var priceVerdict: AnswerVerdict?
    for n in numbers {
      if Self.isOriginalPrice(n), !Self.has(Self.rangeEnd(n.after), prefixIn: LiveWords.quantityUnits) {
        guard let product = scenario.products[safe: focus] else { continue }
        if let real = product.originalPrice, abs(real - n.value) < 0.005 { continue }
        // "平时44块9": the everyday price is a real basis for "now 39.9 with the coupon".
        if abs(product.price - n.value) < 0.005 {
          a.prices.append(n.value)
          continue
        }
        a.violations.append(LiveViolation(kind: .fakeOriginalPrice(said: n.value, real: product.originalPrice)))
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
        a.violations.append(LiveViolation(kind: .wrongPrice(said: n.value, listed: listed)))
        priceVerdict = .wrong
      }
    }

    // Claims about shipping, returns, stock.
    var shippingWrong = Set<Int>()
    var returnsWrong = Set<Int>()
    for (i, product) in scenario.products.enumerated() where mentioned.isEmpty ? i == 0 : mentioned.contains(i) {
      let s = product.shipping
      if shipsEverywhere.matches(hay), !s.excluded.isEmpty, s.free,
        !s.excluded.contains(where: { text.contains(TextNormalizer.normalize($0)) })
      {
        a.violations.append(LiveViolation(kind: .shipsEverywhere(excluded: s.excluded)))
        shippingWrong.insert(i)
      } else if freeShipping.matches(hay), !s.free {
        a.violations.append(LiveViolation(kind: .freeShippingNotOffered))
        shippingWrong.insert(i)
      }
      if let days = s.deliveryDays, questionCues[.shipping]?.matches(hay) == true {
        for n in numbers where !n.hasDecimal && Self.has(n.after, prefixIn: ["天", "days", "day"]) {
          let d = Int(n.value)
          if d < days.lowerBound, !Self.has(n.before, suffixIn: ["最慢", "最多", "不超过", "within", "at most"], window: 4) {
            a.violations.append(LiveViolation(kind: .deliveryTooFast(saidDays: d, realDays: days)))
            shippingWrong.insert(i)
          }
        }
      }
      if let days = s.deliveryDays, days.lowerBound > 1, nextDay.matches(hay) {
        a.violations.append(LiveViolation(kind: .deliveryTooFast(saidDays: 1, realDays: days)))
        shippingWrong.insert(i)
      }
      if product.returns.sevenDay, noReturns.matches(hay), !sevenDay.matches(hay) {
        a.violations.append(LiveViolation(kind: .returnsDenied))
        returnsWrong.insert(i)
      }
      if let hours = s.dispatchHours, hours > 24, sameDay.matches(hay) {
        a.violations.append(LiveViolation(kind: .dispatchTooFast(realHours: hours)))
        shippingWrong.insert(i)
      }
      if !product.returns.sevenDay, sevenDay.matches(hay) {
        a.violations.append(LiveViolation(kind: .sevenDayNotOffered))
        returnsWrong.insert(i)
      }
      if a.actions.contains(.urgency) {
        // Before a flash sale starts, "only 50" about it is checked against its own stock.
        let flashStock = scenario.promotions.compactMap { p -> Int? in
          guard p.product.map({ $0 == product.id }) ?? (i == 0), case .flashSale(_, let stock) = p.kind else { return nil }
          return stock
        }.first
        let real = room.activeFlash[i]?.left ?? (talksFlash ? flashStock : nil) ?? room.stock[safe: i] ?? product.stock
        for n in numbers where !n.hasDecimal && Self.has(Self.rangeEnd(n.after), prefixIn: LiveWords.stockUnits)
          && !Self.has(Self.rangeEnd(n.after), prefixIn: ["个人", "个小时", "个月", "个星期", "个工作日", "个朋友"])
          && (Self.has(n.before, suffixIn: LiveWords.scarcityBefore, window: 1) || Self.rangeEnd(n.after).contains("left"))
        {
          let said = Int(n.value)
          if said * 2 < real {
            a.violations.append(LiveViolation(kind: .fakeUrgency(said: said, real: real)))
            break
          }
        }
      }
    }

    // The same mistake twice in one line counts once.
    var unique: [LiveViolation] = []
    for v in a.violations where !unique.contains(v) { unique.append(v) }
    a.violations = unique

    // Which questions the line answers, and whether with the right fact.
    func set(_ topic: QuestionTopic, _ product: Int, _ verdict: AnswerVerdict) { a.answers[topic, default: [:]][product] = verdict }
    for (i, product) in scenario.products.enumerated() {
      // A line about another product does not answer this one's questions.
      if !mentioned.isEmpty && !mentioned.contains(i) { continue }
      if let v = priceVerdict { set(.price, i, v) }
      if shippingFacts.matches(hay) || shippingWrong.contains(i) {
        set(.shipping, i, shippingWrong.contains(i) ? .wrong : .correct)
      }
      if originCues[safe: i]?.matches(hay) == true { set(.origin, i, .correct) }
      if questionCues[.returns]?.matches(hay) == true || returnsWrong.contains(i) {
        set(.returns, i, returnsWrong.contains(i) ? .wrong : .correct)
      }
      if questionCues[.shelfLife]?.matches(hay) == true, product.shelfLife != nil { set(.shelfLife, i, .correct) }
      if let w = weights[safe: i] ?? nil {
        if numbers.contains(where: { n in w.numbers.contains { abs($0 - n.value) < 0.005 } })
          || (questionCues[.weight]?.matches(hay) == true && text.contains(w.text))
        {
          set(.weight, i, .correct)
        }
      }
      if stockFacts.matches(hay) {
        let fake = a.violations.contains { if case .fakeUrgency = $0.kind { true } else { false } }
        set(.stock, i, fake ? .wrong : .correct)
      }
    }
    return a
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
    let tail = String(n.before.suffix(16))
    for w in LiveWords.originalPrice {
      guard let r = tail.range(of: w, options: .backwards) else { continue }
      if let first = w.first, first.isASCII, r.lowerBound > tail.startIndex,
        let prev = tail[..<r.lowerBound].last, prev.isASCII, prev.isLetter
      {
        continue
      }
      let between = tail[r.upperBound...]
      if between.count <= 6, !between.contains(where: { $0.isASCII && $0.isNumber }) { return true }
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
    if has(n.before, suffixIn: LiveWords.notAPriceBefore, window: 2) { return false }
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
    let tail = String(s.suffix(window + 12)).trimmingCharacters(in: .whitespaces)
    return words.contains { w in
      guard let r = tail.range(of: w, options: .backwards) else { return false }
      return tail.distance(from: r.upperBound, to: tail.endIndex) <= window
    }
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
  }
}

extension Array {
  subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
