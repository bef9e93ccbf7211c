import Foundation
import HeapModule

/// Something that happened in the live room, in order. Front ends turn these into lines; the
/// result is computed from the session's records, not from these.
public enum LiveEvent: Sendable, Equatable {
  /// Viewers came in (`names` may be long; front ends show a few).
  case joined(names: [String])
  /// A viewer commented.
  case comment(viewer: String, text: String)
  /// A viewer asked a question (index into ``LiveSession/questions``).
  case question(index: Int, viewer: String, text: String)
  /// A viewer left; `unanswered` is the topic they gave up waiting on.
  case left(viewer: String, unanswered: QuestionTopic?)
  /// An order.
  case order(viewer: String, product: String, amount: Double, units: Int)
  /// A viewer complained about something the host said.
  case complaint(viewer: String, text: String)
  /// The platform warned the room (count so far) about a line.
  case platformWarning(count: Int, violations: [LiveViolation])
  /// After the second warning, the platform sends fewer new viewers.
  case throttled
  /// A promotion started or ended.
  case promotionStarted(id: String, label: Localized)
  case promotionEnded(id: String, label: Localized)
  /// `:promo` with an id the scenario does not have, or one already running.
  case promotionUnknown(id: String, known: [String])
  case promotionAlreadyRunning(id: String)
  /// A product (or a flash sale's stock) sold out.
  case soldOut(product: String)
  /// One minute left.
  case oneMinuteLeft
}

/// A viewer in the simulation.
public struct LiveViewer: Sendable {
  public var name: String
  public var persona: ViewerPersona
  public var scripted: Bool
  public var online = false
  public var trust = 0.0
  public var entries = 0
  public var joinedAt = 0
  public var leaveAt = 0
  public var watchMs = 0
  public var interacted = false
  public var bought = false
  /// Lives where the product is not delivered (a scripted viewer asking "能发西藏吗？" about a
  /// product with `no_delivery: [西藏]`): never orders.
  public var cannotBuy = false
  public var annoyed = false
  public var lastRoll = Int.min / 2
  public var question: Int?
  /// The product (index) of the viewer's latest question: what they buy, if they buy.
  public var askedAbout: Int?
  /// The product (index) they ordered, once they have.
  public var boughtProduct: Int?
}

/// A viewer's question and what became of it.
public struct LiveQuestion: Sendable, Equatable {
  public enum Outcome: Sendable, Equatable {
    /// Still waiting.
    case pending
    /// Answered with the right fact by host line `line`, `responseMs` after it was asked.
    case answered(line: Int, responseMs: Int)
    /// Answered with a wrong fact by host line `line`.
    case wrong(line: Int, responseMs: Int)
    /// The viewer left unanswered at `ms`.
    case ignored(leftMs: Int)
    /// Still waiting when the session ended.
    case open
  }
  public var viewer: String
  public var topic: QuestionTopic
  public var product: Int
  public var askedMs: Int
  public var text: String
  public var scripted: Bool
  public var outcome: Outcome = .pending
  /// The region the viewer asks from, when the question or their name says (`拉萨小卓玛` → 西藏):
  /// a shipping answer is right or wrong for that region.
  public var region: String? = nil
}

/// A line the host said, with what it did.
public struct HostLineRecord: Sendable {
  public var ms: Int
  public var text: String
  public var analysis: LineAnalysis
  /// Topics this line covered for the first time.
  public var newTopics: [Int]
  /// Questions it answered (indices), right or wrong.
  public var answered: [Int]
}

/// A promotion run during the session.
public struct PromotionRun: Sendable, Equatable {
  public var index: Int
  public var startMs: Int
  public var endMs: Int
  public var sold = 0
}

/// The live-room simulation: a deterministic state machine. The same scenario, seed and
/// timestamped host lines always give the same events, records and result. It never reads a
/// clock: callers say what time it is (simulated milliseconds from the start).
public struct LiveSession: Sendable {
  public let scenario: LiveScenario
  public let language: String
  public let fallback: [String]
  let analyzer: HostLineAnalyzer
  private var rng: SeededRandom

  /// Simulated time now, in milliseconds.
  public private(set) var now = 0
  /// When the session ends by itself.
  public var endMs: Int { scenario.durationSeconds * 1000 }
  /// True once ``finish(at:)`` was called.
  public private(set) var isFinished = false
  /// When it actually ended.
  public private(set) var endedMs: Int?

  public private(set) var viewers: [LiveViewer] = []
  public private(set) var questions: [LiveQuestion] = []
  public private(set) var lines: [HostLineRecord] = []
  public private(set) var promotions: [PromotionRun] = []
  /// Topic index → the line that first covered it.
  public private(set) var covered: [Int: Int] = [:]
  /// The lines said so far (normalised), so that a line said again earns nothing new.
  private var saidBefore = Set<String>()
  /// Platform warnings so far.
  public private(set) var warnings = 0
  /// Complaints so far.
  public private(set) var complaints = 0
  public private(set) var orders = 0
  public private(set) var unitsSold = 0
  public private(set) var gmv = 0.0
  /// Orders, units and GMV by product index (each adds up to the totals above).
  public private(set) var productOrders: [Int]
  public private(set) var productUnits: [Int]
  public private(set) var productGMV: [Double]
  /// The product being presented (index): the first until the host names another. A line that
  /// names one product presents it; one that names several keeps the product presented if it is
  /// among them, else presents the first of them in the scenario's order. Random viewers ask
  /// about it, and buy it unless they asked about another.
  public private(set) var presented = 0
  public private(set) var entries = 0
  public private(set) var comments = 0
  public private(set) var peakOnline = 0
  /// (ms, online) at regular intervals and at the end.
  public private(set) var timeline: [(ms: Int, online: Int)] = []
  public private(set) var stock: [Int]
  public private(set) var flashLeft: [Int: Int] = [:]

  private var online: [Int] = []
  private var onlineSlot: [Int: Int] = [:]
  private var onlineArea = 0.0
  private var lastOnlineChange = 0
  private var heap = Heap<Due>()
  private var seq = 0
  private var arrivalGen = 0
  private var chatterGen = 0
  private var throttled = false
  private var engagedUntil = -1
  private var shownUntil = -1
  private var urgentUntil = -1
  private var nicknames: [String]
  private var nextNickname = 0
  let sampleMs: Int

  struct Due: Comparable, Sendable {
    var at: Int
    var seq: Int
    var what: What
    static func < (a: Due, b: Due) -> Bool { (a.at, a.seq) < (b.at, b.seq) }
    static func == (a: Due, b: Due) -> Bool { a.at == b.at && a.seq == b.seq }
  }

  enum What: Sendable {
    case arrival(gen: Int)
    case scripted(Int)
    case ask(viewer: Int)
    case patience(question: Int)
    case leave(viewer: Int)
    case chatter(gen: Int)
    case say(viewer: Int, text: String)
    case buy(viewer: Int)
    case promotionEnd(run: Int)
    case sample
    case comeBack(viewer: Int)
    case oneMinute
  }

  /// A session of `scenario` in `language`; lexicons for the compliance checks.
  public init(
    scenario: LiveScenario, language: String, fallback: [String] = [], lexicons: LexiconSet = LexiconSet(),
    courseLexicons: [String] = []
  ) {
    self.scenario = scenario
    self.language = language
    self.fallback = fallback
    analyzer = HostLineAnalyzer(scenario: scenario, lexicons: lexicons, courseLexicons: courseLexicons)
    rng = SeededRandom(seed: scenario.seed)
    stock = scenario.products.map(\.stock)
    productOrders = scenario.products.map { _ in 0 }
    productUnits = scenario.products.map { _ in 0 }
    productGMV = scenario.products.map { _ in 0 }
    let scriptedNames = Set(scenario.events.map(\.viewer))
    var names = LiveWords.nicknames.filter { !scriptedNames.contains($0) }
    rng.shuffle(&names)
    nicknames = names
    let duration = max(1, scenario.durationSeconds) * 1000
    sampleMs = max(10_000, (duration / 60 + 9_999) / 10_000 * 10_000)
    start()
  }

  private mutating func start() {
    for _ in 0..<min(scenario.audience.initialViewers, 100_000) {
      let v = newViewer(persona: drawPersona(), name: nil, scripted: false)
      enter(v, at: 0, announce: false)
    }
    for (i, e) in scenario.events.enumerated() { push(e.atSeconds * 1000, .scripted(i)) }
    scheduleArrival()
    scheduleChatter()
    push(sampleMs, .sample)
    if endMs >= 180_000 { push(endMs - 60_000, .oneMinute) }
    timeline.append((0, online.count))
  }

  // MARK: Driving

  /// When something next happens before the end, if anything does.
  public var nextDueMs: Int? {
    guard !isFinished, let next = heap.min?.at, next < endMs else { return nil }
    return max(next, now)
  }

  /// Runs the room up to `ms` (not past the end).
  public mutating func advance(to ms: Int) -> [LiveEvent] {
    guard !isFinished else { return [] }
    let target = min(max(ms, now), endMs)
    var out: [LiveEvent] = []
    while let next = heap.min, next.at <= target {
      _ = heap.removeMin()
      now = max(now, next.at)
      handle(next.what, &out)
    }
    now = target
    return out
  }

  /// The host said `text` at `ms`.
  public mutating func say(_ text: String, at ms: Int) -> [LiveEvent] {
    var out = advance(to: ms)
    guard !isFinished, now < endMs else { return out }
    let room = roomFacts()
    var analysis = analyzer.analyze(text, room: room)
    // Saying the same line again adds nothing: no topic, no action (it still answers a new
    // viewer's question, and its mistakes still count).
    let key = analysis.normalized
    if !key.isEmpty, !saidBefore.insert(key).inserted {
      analysis.topics = []
      analysis.topicClauses = [:]
      analysis.actions = []
      analysis.notes.append(.repeated)
    }
    let index = lines.count
    var newTopics: [Int] = []
    for t in analysis.topics where covered[t] == nil {
      covered[t] = index
      newTopics.append(t)
    }
    var answered: [Int] = []
    for (qi, q) in questions.enumerated() where q.outcome == .pending {
      guard let verdict = Self.verdict(analysis, for: q, products: scenario.products) else { continue }
      answered.append(qi)
      let response = now - q.askedMs
      guard let vi = viewerIndex(named: q.viewer) else { continue }
      switch verdict {
      case .correct:
        questions[qi].outcome = .answered(line: index, responseMs: response)
        viewers[vi].trust += 1
        viewers[vi].question = nil
        extend(vi, by: rng.int(in: 60...150) * 1000)
        if rng.unit() < 0.5 { push(now + rng.int(in: 2...6) * 1000, .say(viewer: vi, text: pickLine(LiveWords.thanks))) }
        roll(vi, factor: 1.5)
      case .wrong:
        questions[qi].outcome = .wrong(line: index, responseMs: response)
        viewers[vi].trust -= 1
        viewers[vi].question = nil
      }
    }
    if answered.contains(where: { if case .answered = questions[$0].outcome { true } else { false } }) {
      for v in online { viewers[v].trust += 0.2 }
    }
    lines.append(HostLineRecord(ms: now, text: text, analysis: analysis, newTopics: newTopics, answered: answered))
    presented = Self.presentedProduct(after: presented, named: analysis.products)

    // Complaints: a wrong price or a false claim.
    let complaintsHere = analysis.violations.filter { !$0.drawsPlatformWarning }
    if let first = complaintsHere.first {
      let asker = answered.compactMap { qi -> Int? in
        if case .wrong = questions[qi].outcome { return viewerIndex(named: questions[qi].viewer) } else { return nil }
      }.first
      if let who = asker ?? randomOnline() {
        complaints += 1
        viewers[who].annoyed = true
        viewers[who].trust -= 1
        viewers[who].interacted = true
        comments += 1
        out.append(.complaint(viewer: viewers[who].name, text: complaintText(first)))
        extend(vi: who, to: now + rng.int(in: 5...20) * 1000)
      }
    }
    // Platform warning: banned terms, medical claims, fake original prices.
    let flagged = analysis.violations.filter(\.drawsPlatformWarning)
    if !flagged.isEmpty {
      warnings += 1
      out.append(.platformWarning(count: warnings, violations: flagged))
      for v in online where viewers[v].persona == .sceptic { viewers[v].trust -= 0.5 }
      if warnings >= 2 && !throttled {
        throttled = true
        out.append(.throttled)
        scheduleArrival()
      }
    }
    // Actions.
    if analysis.actions.contains(.show) {
      shownUntil = now + 120_000
      for v in online {
        viewers[v].trust += viewers[v].persona == .sceptic ? 0.5 : 0.2
        extend(v, by: 20_000)
      }
    }
    if analysis.actions.contains(.urgency),
      !analysis.violations.contains(where: { if case .fakeUrgency = $0.kind { true } else { false } }),
      !flashLeft.isEmpty || analysis.answers[.stock] != nil
    {
      urgentUntil = now + 60_000
    }
    if analysis.actions.contains(.engage) {
      let wasBoosted = engagedUntil > now
      engagedUntil = now + 60_000
      if !wasBoosted { scheduleArrival() }
      let replies = analysis.asksForComment ? LiveWords.commentReplies : LiveWords.followReplies
      for v in online {
        let p = viewers[v].persona == .lurker ? 0.1 : 0.35
        if rng.unit() < p {
          push(now + rng.int(in: 1...6) * 1000, .say(viewer: v, text: pickLine(replies)))
          extend(v, by: 30_000)
        }
      }
    }
    if analysis.actions.contains(.callToAction) {
      for v in online { roll(v, factor: 1) }
    }
    return out
  }

  /// The product presented after a line that names `named` (indices) while `current` was: a
  /// line naming one product presents it; one naming several keeps the current product if it
  /// is among them ("比起核桃，这个枣…" while on the jujubes), else presents the first of them in
  /// the scenario's order; one naming none changes nothing.
  static func presentedProduct(after current: Int, named: Set<Int>) -> Int {
    if named.isEmpty || named.contains(current) { return current }
    return named.min() ?? current
  }

  /// The host started promotion `id` at `ms`.
  public mutating func startPromotion(_ id: String, at ms: Int) -> [LiveEvent] {
    var out = advance(to: ms)
    guard !isFinished, now < endMs else { return out }
    guard let index = scenario.promotions.firstIndex(where: { $0.id == id }) else {
      out.append(.promotionUnknown(id: id, known: scenario.promotions.map(\.id)))
      return out
    }
    if promotions.contains(where: { $0.index == index && $0.endMs > now }) {
      out.append(.promotionAlreadyRunning(id: id))
      return out
    }
    let promo = scenario.promotions[index]
    let run = PromotionRun(index: index, startMs: now, endMs: now + promo.durationSeconds * 1000)
    promotions.append(run)
    if case .flashSale(_, let stock) = promo.kind { flashLeft[productIndex(promo.product)] = stock }
    push(run.endMs, .promotionEnd(run: promotions.count - 1))
    out.append(.promotionStarted(id: id, label: promo.label))
    scheduleArrival()
    for v in online {
      if viewers[v].persona == .bargainHunter { extend(v, by: rng.int(in: 30...90) * 1000) }
      roll(v, factor: 1)
    }
    return out
  }

  /// Ends the session at `ms` (at most the scheduled end).
  public mutating func finish(at ms: Int) -> [LiveEvent] {
    guard !isFinished else { return [] }
    let out = advance(to: ms)
    isFinished = true
    endedMs = now
    for v in online {
      viewers[v].watchMs += now - viewers[v].joinedAt
    }
    onlineArea += Double(online.count) * Double(now - lastOnlineChange)
    lastOnlineChange = now
    for i in questions.indices where questions[i].outcome == .pending { questions[i].outcome = .open }
    if timeline.last?.ms != now { timeline.append((now, online.count)) }
    return out
  }

  /// Viewers in the room now.
  public var onlineCount: Int { online.count }
  /// Questions waiting for an answer.
  public var waiting: Int { questions.filter { $0.outcome == .pending }.count }
  /// Online viewers averaged over time (up to now).
  public var averageOnline: Double {
    let elapsed = Double(now)
    guard elapsed > 0 else { return Double(online.count) }
    return (onlineArea + Double(online.count) * Double(now - lastOnlineChange)) / elapsed
  }

  // MARK: Events

  private mutating func handle(_ what: What, _ out: inout [LiveEvent]) {
    switch what {
    case .arrival(let gen):
      guard gen == arrivalGen else { return }
      let v = newViewer(persona: drawPersona(), name: nil, scripted: false)
      enter(v, at: now, announce: true, &out)
      scheduleArrival()
    case .scripted(let i):
      guard let e = scenario.events[safe: i] else { return }
      let persona = e.persona ?? Self.persona(for: e.asks)
      let v: Int
      if let existing = viewerIndex(named: e.viewer) {
        v = existing
        if !viewers[v].online { enter(v, at: now, announce: true, &out) }
      } else {
        v = newViewer(persona: persona, name: e.viewer, scripted: true)
        enter(v, at: now, announce: true, &out)
      }
      let text = e.text.text(language, fallback: fallback)
      comments += 1
      viewers[v].interacted = true
      if let product = scenario.products[safe: productIndex(e.product)],
        product.shipping.noDelivery.contains(where: { region in (e.text.allTexts + [e.viewer]).contains { $0.contains(region) } })
      {
        viewers[v].cannotBuy = true
      }
      if let topic = e.asks {
        ask(v, topic: topic, product: productIndex(e.product), text: text, scripted: true, &out)
      } else {
        out.append(.comment(viewer: viewers[v].name, text: text))
      }
    case .ask(let v):
      // A random viewer asks about the product being presented.
      let p = presented
      guard viewers[v].online, viewers[v].question == nil, let topic = drawTopic(for: viewers[v].persona, product: p) else { return }
      let template = pickLine(LiveWords.questions[topic] ?? [:])
      let origin = scenario.products[safe: p]?.origin.text(language, fallback: fallback) ?? ""
      ask(v, topic: topic, product: p, text: template.replacingOccurrences(of: "{origin}", with: origin), scripted: false, &out)
    case .patience(let qi):
      guard questions[safe: qi]?.outcome == .pending else { return }
      questions[qi].outcome = .ignored(leftMs: now)
      if let v = viewerIndex(named: questions[qi].viewer), viewers[v].online {
        viewers[v].annoyed = true
        viewers[v].question = nil
        leave(v, unanswered: questions[qi].topic, &out)
      }
    case .leave(let v):
      guard viewers[v].online, viewers[v].leaveAt <= now, viewers[v].question == nil else { return }
      if !viewers[v].bought, !viewers[v].annoyed, rng.unit() < 0.3 * buyChance(v) { order(v, &out) }
      leave(v, unanswered: nil, &out)
      if !viewers[v].annoyed, rng.unit() < 0.15 { push(now + rng.int(in: 60...300) * 1000, .comeBack(viewer: v)) }
    case .chatter(let gen):
      guard gen == chatterGen else { return }
      if let v = randomOnline(avoidLurkers: true) {
        let own = scenario.chatter.map { $0.text(language, fallback: fallback) }
        let pool = LiveWords.pick(LiveWords.chatter, language) + own + own
        if let text = pool[safe: rng.int(in: 0...max(0, pool.count - 1))] {
          viewers[v].interacted = true
          comments += 1
          out.append(.comment(viewer: viewers[v].name, text: text))
        }
      }
      scheduleChatter()
    case .say(let v, let text):
      guard viewers[v].online else { return }
      viewers[v].interacted = true
      comments += 1
      out.append(.comment(viewer: viewers[v].name, text: text))
    case .buy(let v):
      guard viewers[v].online, !viewers[v].bought, !viewers[v].cannotBuy else { return }
      order(v, &out)
    case .promotionEnd(let r):
      guard let run = promotions[safe: r], let promo = scenario.promotions[safe: run.index] else { return }
      if case .flashSale = promo.kind { flashLeft[productIndex(promo.product)] = nil }
      out.append(.promotionEnded(id: promo.id, label: promo.label))
      scheduleArrival()
    case .sample:
      timeline.append((now, online.count))
      push(now + sampleMs, .sample)
    case .comeBack(let v):
      guard !viewers[v].online else { return }
      enter(v, at: now, announce: true, &out)
    case .oneMinute:
      out.append(.oneMinuteLeft)
    }
  }

  /// How `analysis` answers question `q`: for shipping, for the region the viewer asks from
  /// (包邮 is right for 广东 and wrong for 西藏 when Tibet is excluded).
  static func verdict(_ analysis: LineAnalysis, for q: LiveQuestion, products: [LiveProduct]) -> AnswerVerdict? {
    let general = analysis.verdict(q.topic, product: q.product)
    guard q.topic == .shipping, general != .wrong, general != nil, let product = products[safe: q.product] else { return general }
    return analysis.shipping.verdict(for: q.region, terms: product.shipping) ?? general
  }

  private mutating func ask(
    _ v: Int, topic: QuestionTopic, product: Int, text: String, scripted: Bool, _ out: inout [LiveEvent]
  ) {
    let qi = questions.count
    var question = LiveQuestion(viewer: viewers[v].name, topic: topic, product: product, askedMs: now, text: text, scripted: scripted)
    if topic == .shipping { question.region = Regions.named(in: [text, viewers[v].name]) }
    questions.append(question)
    viewers[v].question = qi
    viewers[v].askedAbout = product
    viewers[v].interacted = true
    comments += 1
    let patience = scenario.audience.patienceSeconds * 1000
    push(now + patience, .patience(question: qi))
    out.append(.question(index: qi, viewer: viewers[v].name, text: text))
  }

  /// What viewer `v` would buy now: the product of their latest question, else the one presented.
  private func wanted(_ v: Int) -> Int { viewers[v].askedAbout ?? presented }

  private mutating func order(_ v: Int, _ out: inout [LiveEvent]) {
    let p = wanted(v)
    guard let product = scenario.products[safe: p], stock[p] > 0 else { return }
    var amount = product.price
    var units = 1
    if let left = flashLeft[p], left > 0, let run = activeRun(kind: .flash, product: p),
      case .flashSale(let price, _) = scenario.promotions[run.index].kind
    {
      amount = price
      flashLeft[p] = left - 1
      promotions[run.slot].sold += 1
      if left - 1 == 0 { out.append(.soldOut(product: scenario.promotions[run.index].label.text(language, fallback: fallback))) }
    } else if let run = activeRun(kind: .coupon, product: p), case .coupon(let off, let threshold) = scenario.promotions[run.index].kind {
      // 满99减10 on 44.9: a buyer takes enough units to reach the threshold, up to 5; past that
      // they buy one at the full price (the coupon is not worth it).
      var discount = off
      if let threshold, threshold > product.price, product.price > 0 {
        let needed = (threshold / product.price).rounded(.up)
        if needed.isFinite, needed <= 5 { units = Int(needed) } else { discount = 0 }
      }
      units = max(1, min(units, stock[p]))
      amount = product.price * Double(units) - ((threshold ?? 0) <= product.price * Double(units) ? discount : 0)
      if discount > 0 { promotions[run.slot].sold += 1 }
    }
    stock[p] -= units
    viewers[v].bought = true
    viewers[v].boughtProduct = p
    orders += 1
    unitsSold += units
    gmv += amount
    productOrders[p] += 1
    productUnits[p] += units
    productGMV[p] += amount
    out.append(.order(viewer: viewers[v].name, product: product.name.text(language, fallback: fallback), amount: amount, units: units))
    if stock[p] <= 0 { out.append(.soldOut(product: product.name.text(language, fallback: fallback))) }
    extend(v, by: rng.int(in: 10...40) * 1000)
  }

  enum PromoKind { case flash, coupon }

  private func activeRun(kind: PromoKind, product: Int) -> (index: Int, slot: Int)? {
    for (slot, run) in promotions.enumerated() where run.startMs <= now && now < run.endMs {
      let promo = scenario.promotions[run.index]
      guard productIndex(promo.product) == product else { continue }
      switch (kind, promo.kind) {
      case (.flash, .flashSale), (.coupon, .coupon): return (run.index, slot)
      default: continue
      }
    }
    return nil
  }

  func roomFacts() -> RoomFacts {
    var facts = RoomFacts()
    facts.stock = stock
    facts.presented = presented
    for run in promotions where run.startMs <= now && now < run.endMs {
      let promo = scenario.promotions[run.index]
      let p = productIndex(promo.product)
      switch promo.kind {
      case .coupon(let amount, let threshold): facts.activeCoupons[p, default: []].append((amount, threshold))
      case .flashSale(let price, _): facts.activeFlash[p] = (price, flashLeft[p] ?? 0)
      }
    }
    return facts
  }

  // MARK: Viewers

  private mutating func newViewer(persona: ViewerPersona, name: String?, scripted: Bool) -> Int {
    let nick: String
    if let name {
      nick = name
    } else if nextNickname < nicknames.count {
      nick = nicknames[nextNickname]
      nextNickname += 1
    } else {
      nick = "用户" + String(1000 + (viewers.count * 7919 + Int(scenario.seed % 9973)) % 9000)
    }
    viewers.append(LiveViewer(name: nick, persona: persona, scripted: scripted))
    return viewers.count - 1
  }

  private mutating func enter(_ v: Int, at ms: Int, announce: Bool) {
    var ignored: [LiveEvent] = []
    enter(v, at: ms, announce: announce, &ignored)
  }

  private mutating func enter(_ v: Int, at ms: Int, announce: Bool, _ out: inout [LiveEvent]) {
    noteOnlineChange()
    viewers[v].online = true
    viewers[v].entries += 1
    viewers[v].joinedAt = ms
    viewers[v].annoyed = false
    entries += 1
    onlineSlot[v] = online.count
    online.append(v)
    peakOnline = max(peakOnline, online.count)
    let stay: ClosedRange<Int>
    switch viewers[v].persona {
    case .lurker: stay = 15...60
    case .bargainHunter, .sceptic: stay = 40...150
    case .giftBuyer: stay = 60...180
    }
    viewers[v].leaveAt = ms + rng.int(in: stay) * 1000
    push(viewers[v].leaveAt, .leave(viewer: v))
    if !viewers[v].scripted, viewers[v].entries == 1 {
      let chance: Double = viewers[v].persona == .lurker ? 0.05 : 0.4
      if rng.unit() < chance { push(ms + rng.int(in: 5...25) * 1000, .ask(viewer: v)) }
    }
    if announce { out.append(.joined(names: [viewers[v].name])) }
  }

  private mutating func leave(_ v: Int, unanswered: QuestionTopic?, _ out: inout [LiveEvent]) {
    guard viewers[v].online, let slot = onlineSlot[v] else { return }
    noteOnlineChange()
    viewers[v].online = false
    viewers[v].watchMs += now - viewers[v].joinedAt
    let last = online.removeLast()
    if last != v {
      online[slot] = last
      onlineSlot[last] = slot
    }
    onlineSlot[v] = nil
    out.append(.left(viewer: viewers[v].name, unanswered: unanswered))
  }

  private mutating func noteOnlineChange() {
    onlineArea += Double(online.count) * Double(now - lastOnlineChange)
    lastOnlineChange = now
  }

  private mutating func extend(_ v: Int, by ms: Int) { extend(vi: v, to: now + ms, onlyLonger: true) }

  private mutating func extend(vi v: Int, to at: Int, onlyLonger: Bool = false) {
    guard viewers[v].online else { return }
    if onlyLonger && at <= viewers[v].leaveAt { return }
    viewers[v].leaveAt = at
    push(at, .leave(viewer: v))
  }

  private func buyChance(_ v: Int) -> Double {
    let viewer = viewers[v]
    var p: Double
    switch viewer.persona {
    case .bargainHunter: p = 0.08
    case .sceptic: p = 0.05
    case .giftBuyer: p = 0.10
    case .lurker: p = 0.02
    }
    p *= max(0, 1 + 0.5 * viewer.trust)
    // Promotions on the product they would buy.
    let product = wanted(v)
    if activeRun(kind: .flash, product: product) != nil, (flashLeft[product] ?? 0) > 0 {
      p *= viewer.persona == .bargainHunter ? 3 : 1.8
    } else if activeRun(kind: .coupon, product: product) != nil {
      p *= viewer.persona == .bargainHunter ? 2.5 : 1.4
    }
    if shownUntil > now { p *= viewer.persona == .sceptic ? 2 : 1.3 }
    if urgentUntil > now { p *= 1.4 }
    if viewer.annoyed { p *= 0.2 }
    return min(0.9, p)
  }

  /// Whether viewer `v` decides to buy now (they order a few seconds later if they stay).
  private mutating func roll(_ v: Int, factor: Double) {
    guard viewers[v].online, !viewers[v].bought, !viewers[v].cannotBuy, now - viewers[v].lastRoll >= 30_000 else { return }
    viewers[v].lastRoll = now
    if rng.unit() < min(0.95, buyChance(v) * factor) {
      push(now + rng.int(in: 3...15) * 1000, .buy(viewer: v))
      extend(v, by: 20_000)
    }
  }

  private mutating func drawPersona() -> ViewerPersona {
    let shares = ViewerPersona.allCases.map { max(0, scenario.audience.personas[$0] ?? 0) }
    let total = shares.reduce(0, +)
    guard total > 0 else { return .lurker }
    var x = rng.unit() * total
    for (i, s) in shares.enumerated() {
      if x < s { return ViewerPersona.allCases[i] }
      x -= s
    }
    return ViewerPersona.allCases.last ?? .lurker
  }

  private mutating func drawTopic(for persona: ViewerPersona, product index: Int) -> QuestionTopic? {
    let product = scenario.products[safe: index]
    var options: [(QuestionTopic, Double)]
    switch persona {
    case .bargainHunter: options = [(.price, 0.75), (.stock, 0.25)]
    case .sceptic: options = [(.origin, 0.7), (.returns, 0.3)]
    case .giftBuyer: options = [(.shipping, 0.5), (.shelfLife, 0.25), (.weight, 0.25)]
    case .lurker: options = [(.price, 1)]
    }
    options = options.filter { t, _ in
      switch t {
      case .shelfLife: product?.shelfLife != nil
      case .weight: product?.weight != nil
      default: true
      }
    }
    let total = options.reduce(0) { $0 + $1.1 }
    guard total > 0 else { return nil }
    var x = rng.unit() * total
    for (t, w) in options {
      if x < w { return t }
      x -= w
    }
    return options.last?.0
  }

  static func persona(for topic: QuestionTopic?) -> ViewerPersona {
    switch topic {
    case .price, .stock: .bargainHunter
    case .origin, .returns: .sceptic
    case .shipping, .shelfLife, .weight: .giftBuyer
    case nil: .lurker
    }
  }

  private mutating func randomOnline(avoidLurkers: Bool = false) -> Int? {
    guard !online.isEmpty else { return nil }
    let pick = online[rng.int(in: 0...(online.count - 1))]
    if avoidLurkers, viewers[pick].persona == .lurker, rng.unit() < 0.8 { return nil }
    return pick
  }

  private func viewerIndex(named name: String) -> Int? {
    // Scripted names are unique; random nicknames too until the pool runs out.
    for v in online where viewers[v].name == name { return v }
    return viewers.lastIndex { $0.name == name }
  }

  private func productIndex(_ id: String?) -> Int {
    guard let id else { return 0 }
    return scenario.products.firstIndex { $0.id == id } ?? 0
  }

  private mutating func pickLine(_ table: [String: [String]]) -> String {
    let pool = LiveWords.pick(table, language)
    return pool[safe: rng.int(in: 0...max(0, pool.count - 1))] ?? ""
  }

  private func complaintText(_ v: LiveViolation) -> String {
    let zh = MessageCatalog.baseLanguage(language) != "en"
    switch v.kind {
    case .wrongPrice(let said, let listed):
      return zh ? "页面上是\(Format.money(listed))，怎么说\(Format.money(said))？" : "You said \(Format.money(said)) but the page says \(Format.money(listed))?"
    case .shipsEverywhere(let excluded):
      let places = excluded.joined(separator: zh ? "、" : ", ")
      return zh ? "不是说全国包邮吗？\(places)怎么不包邮？" : "Free shipping everywhere? Not to \(places)!"
    case .freeShippingNotOffered: return zh ? "下单了要运费啊，不是说包邮吗？" : "It charges postage, you said free shipping?"
    case .deliveryTooFast: return zh ? "真的这么快能到？上次等了一周" : "Really that fast? Last time it took a week"
    case .dispatchTooFast: return zh ? "详情页写的是48小时发货啊" : "The page says dispatch within 48 hours"
    case .sevenDayNotOffered: return zh ? "详情页写着不支持七天无理由啊" : "The page says no 7-day returns"
    case .returnsDenied: return zh ? "网购不是七天无理由吗？怎么不让退？" : "Online purchases have 7-day returns, don't they?"
    case .fakeUrgency: return zh ? "库存明明还很多" : "The page shows plenty in stock"
    case .lexicon, .fakeOriginalPrice: return ""
    }
  }

  // MARK: Scheduling

  private mutating func push(_ at: Int, _ what: What) {
    seq += 1
    heap.insert(Due(at: at, seq: seq, what: what))
  }

  /// Arrival rate per minute now.
  var arrivalRate: Double {
    var rate = max(0, scenario.audience.arrivalsPerMinute)
    if engagedUntil > now { rate *= 1.3 }
    if promotions.contains(where: { $0.startMs <= now && now < $0.endMs }) { rate *= 1.5 }
    if throttled { rate *= 0.25 }
    return rate
  }

  /// (Re)draws the next arrival at the current rate; arrivals are a Poisson process, so
  /// redrawing when the rate changes is exact.
  private mutating func scheduleArrival() {
    arrivalGen += 1
    let rate = arrivalRate
    guard rate > 0 else { return }
    // Capped at a day: a rate of 1e-300 from a course file must not overflow Int.
    let gap = min(86_400_000, -log(max(1e-12, 1 - rng.unit())) / rate * 60_000)
    push(now + max(1, Int(gap.rounded())), .arrival(gen: arrivalGen))
  }

  private mutating func scheduleChatter() {
    chatterGen += 1
    let rate = min(30, 1 + Double(online.count) * 0.2)
    let gap = min(86_400_000, -log(max(1e-12, 1 - rng.unit())) / rate * 60_000)
    push(now + max(500, Int(gap.rounded())), .chatter(gen: chatterGen))
  }
}
