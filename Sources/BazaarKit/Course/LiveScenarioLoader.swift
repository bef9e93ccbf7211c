import Yams

/// A cue word of a live scenario with where it is written: lint checks every cue against the
/// scenario's and the course's lexicons once they are loaded (E037).
public struct LiveCueRef: Sendable {
  /// The scenario the cue belongs to.
  public var scenario: String
  /// The scenario's own `lexicons:` (the course's are added when checking).
  public var lexicons: [String]
  /// The cue word as written.
  public var cue: String
  /// Where it is written.
  public var location: SourceLocation
}

extension CourseLoader {
  static let promotionKinds = ["coupon", "flash_sale"]
  /// The longest session, in minutes.
  static let liveMaxMinutes = 240.0
  /// The largest price, coupon or threshold a scenario may state, in yuan.
  static let liveMaxMoney = 10_000_000.0
}

/// The `kind: live` step: a simulated live-selling scenario (docs/course-format.md, "Live scenarios").
extension CourseBuilder {
  func liveScenario(_ node: Node) -> LiveScenario? {
    let before = r.errorCount
    guard
      let f = r.fields(
        node, what: r.t("lint.what.liveScenario"), known: CourseFormat.live.known,
        required: CourseFormat.live.required)
    else { return nil }
    let id = r.identifier(f["id"], what: r.t("lint.what.scenarioId"))
    if let id, let n = f["id"] {
      if let first = questionIds[id] {
        r.error("E014", n, r.t("lint.E014.scenarioIdTwice", ["id": id, "line": String(first.line)]))
      } else {
        questionIds[id] = r.location(n)
      }
    }
    let title = r.localized(f["title"], what: r.t("lint.what.scenarioTitle"))
    let brief = f["brief"].flatMap { r.localized($0, what: r.t("lint.what.scenarioBrief")) }
    var minutes: Double?
    if let n = f["minutes"] { minutes = r.number(n, what: "`minutes`", in: 1...CourseLoader.liveMaxMinutes) }
    let duration = minutes.map { Int(($0 * 60).rounded()) }
    let seed =
      f["seed"].flatMap { r.integer($0, what: "`seed`", in: 0...(1 << 53)) }.map { UInt64($0) }
      ?? StableHash.fnv1a64(id ?? "")
    let cited = cites(f["cites"])
    let lexicons = f["lexicons"].map { lexiconNames($0, what: "`lexicons`") } ?? []

    // Products first: events and promotions refer to them.
    var products: [LiveProduct] = []
    var productIds: [String] = []
    if let pn = f["products"], let items = r.list(pn, what: "`products`") {
      if items.isEmpty { r.error("E016", pn, r.t("lint.E016.noProducts")) }
      for item in items {
        if let p = liveProduct(item, ids: &productIds, scenario: id, lexicons: lexicons) { products.append(p) }
      }
    }
    /// The product `ref` names (checked: E034), or the first product when there is no `ref`.
    func product(_ ref: Node?) -> (id: String?, product: LiveProduct?, known: Bool) {
      guard let ref else { return (nil, products.first, true) }
      guard let name = r.string(ref, what: "`product`") else { return (nil, nil, false) }
      if productIds.contains(name) { return (name, products.first { $0.id == name }, true) }
      if let guess = YAMLReader.closest(name, in: productIds) {
        r.error("E034", ref, r.t("lint.E034.unknownProductDidYouMean", ["id": YAMLReader.clip(name), "guess": guess]))
      } else {
        r.error("E034", ref, r.t("lint.E034.unknownProduct", ["id": YAMLReader.clip(name), "products": r.codes(productIds)]))
      }
      return (name, nil, false)
    }

    let audience = f["audience"].map(liveAudience) ?? LiveAudience()

    var events: [ScriptedViewerEvent] = []
    if let en = f["events"], let items = r.list(en, what: "`events`") {
      for item in items {
        guard
          let e = r.fields(
            item, what: r.t("lint.what.scriptedEvent"), known: CourseFormat.liveEvent.known, required: CourseFormat.liveEvent.required)
        else { continue }
        let at = e["at"].flatMap(eventTime)
        if let at, let duration, let minutes, at >= duration, let n = e["at"] {
          r.error(
            "E025", n,
            r.t(
              "lint.E025.eventAfterEnd",
              ["at": Self.clock(at), "end": Self.clock(duration), "minutes": r.fmt(minutes)]))
        }
        let viewer = r.string(e["viewer"], what: r.t("lint.what.viewerName"))
        let persona = e["persona"].flatMap {
          choice($0, what: r.t("lint.what.persona"), among: ViewerPersona.allCases.map(\.rawValue)).flatMap(ViewerPersona.init)
        }
        let asks = e["asks"].flatMap {
          choice($0, what: r.t("lint.what.questionTopic"), among: QuestionTopic.allCases.map(\.rawValue)).flatMap(QuestionTopic.init)
        }
        let target = product(e["product"])
        let text = r.localized(e["text"], what: r.t("lint.what.eventText"))
        if let asks, let p = target.product, let an = e["asks"] {
          if asks == .shelfLife && p.shelfLife == nil {
            r.error("E036", an, r.t("lint.E036.noShelfLife", ["product": p.id]))
          } else if asks == .weight && p.weight == nil {
            r.error("E036", an, r.t("lint.E036.noWeight", ["product": p.id]))
          }
        }
        guard let at, let viewer, let text else { continue }
        events.append(
          ScriptedViewerEvent(
            atSeconds: at, viewer: viewer, persona: persona, text: text, asks: asks, product: target.id,
            location: r.location(item)))
      }
    }

    var chatter: [Localized] = []
    if let cn = f["chatter"], let items = r.list(cn, what: "`chatter`") {
      chatter = items.compactMap { r.localized($0, what: r.t("lint.what.chatterLine")) }
    }

    let promotions = f["promotions"].map { livePromotions($0, product: product) } ?? []

    var topics: [LiveTopic] = []
    var topicIds = Set<String>()
    var topicsComplete = true
    if let tn = f["topics"], let items = r.list(tn, what: "`topics`") {
      if items.isEmpty { r.error("E016", tn, r.t("lint.E016.noTopics")) }
      for item in items {
        if let t = liveTopic(item, ids: &topicIds, scenario: id, lexicons: lexicons) {
          topics.append(t)
        } else {
          topicsComplete = false
        }
      }
    } else {
      topicsComplete = false
    }

    var rubric = LiveRubric()
    if let rn = f["rubric"], let rf = r.fields(rn, what: "`rubric`", known: CourseFormat.liveRubric.known) {
      let errorsBefore = r.errorCount
      for dimension in LiveDimension.allCases {
        guard let n = rf[dimension.rawValue], let v = r.number(n, what: "`\(dimension.rawValue)`", in: 0...1000) else {
          continue
        }
        rubric.set(dimension, v)
      }
      if rubric.total == 0 && r.errorCount == errorsBefore {
        r.error("E018", rn, r.t("lint.E018.rubricAllZero"))
      }
    }

    // A stage the rubric scores but no topic covers gets the same points whatever the host says.
    // (`questions` is scored on viewers' questions, scripted or random, and `compliance` on what is
    // not said; `interaction` also counts the promotions run.)
    if topicsComplete, let at = f.keyNode("topics") {
      for stage in LiveStage.allCases where !topics.contains(where: { $0.stage == stage }) {
        if stage == .interaction && !promotions.isEmpty { continue }
        guard let dimension = LiveDimension(rawValue: stage.rawValue) else { continue }
        let points = rubric.weight(dimension)
        if points > 0 {
          r.warning("W010", at, r.t("lint.W010.stageWithoutTopic", ["stage": stage.rawValue, "points": r.fmt(points)]))
        }
      }
    }

    guard let id, let title, let duration, r.errorCount == before, !products.isEmpty, !topics.isEmpty else { return nil }
    return LiveScenario(
      id: id, title: title, brief: brief, durationSeconds: duration, seed: seed, products: products, audience: audience,
      events: events, chatter: chatter, promotions: promotions, topics: topics, rubric: rubric, lexicons: lexicons,
      cites: cited, location: r.location(node))
  }

  /// A list of promotions; `product` resolves a promotion's `product:` (nil: the first).
  func livePromotions(_ pn: Node, product: (Node?) -> (id: String?, product: LiveProduct?, known: Bool)) -> [LivePromotion] {
    var promotions: [LivePromotion] = []
    var promotionIds = Set<String>()
    guard let items = r.list(pn, what: "`promotions`") else { return [] }
    for item in items {
      guard
        let p = r.fields(
          item, what: r.t("lint.what.promotion"), known: CourseFormat.livePromotion.known, required: CourseFormat.livePromotion.required)
      else { continue }
      let pid = r.identifier(p["id"], what: r.t("lint.what.promotionId"))
      if let pid, let n = p["id"], !promotionIds.insert(pid).inserted {
        r.error("E014", n, r.t("lint.E014.promotionIdTwice", ["id": pid]))
      }
      let label = r.localized(p["label"], what: r.t("lint.what.promotionLabel"))
      let kind = p["kind"].flatMap { choice($0, what: r.t("lint.what.promotionKind"), among: CourseLoader.promotionKinds) }
      let target = product(p["product"])
      var seconds = 180
      if let n = p["minutes"], let m = positive(n, what: "`minutes`", max: CourseLoader.liveMaxMinutes) {
        seconds = max(1, Int((m * 60).rounded()))
      }
      guard let kind, let body = promotionKind(kind, p, product: target.product) else { continue }
      guard let pid, let label else { continue }
      promotions.append(LivePromotion(id: pid, label: label, kind: body, product: target.id, durationSeconds: seconds))
    }
    return promotions
  }

  // MARK: Products

  /// A product; `asFacts` for a question's `facts:`, where only the terms the question states
  /// are written (no id, stock or origin needed).
  func liveProduct(_ node: Node, ids: inout [String], scenario: String?, lexicons: [String], asFacts: Bool = false) -> LiveProduct? {
    let before = r.errorCount
    guard
      let f = r.fields(
        node, what: r.t("lint.what.liveProduct"), known: CourseFormat.liveProduct.known,
        required: asFacts ? ["name"] : ["id", "name", "price", "stock", "origin"])
    else { return nil }
    let id = asFacts ? "facts" : r.identifier(f["id"], what: r.t("lint.what.productId"))
    if let id, let n = f["id"] {
      if ids.contains(id) {
        r.error("E014", n, r.t("lint.E014.productIdTwice", ["id": id]))
      } else {
        ids.append(id)
      }
    }
    let name = r.localized(f["name"], what: r.t("lint.what.productName"))
    let price = f["price"].flatMap { positive($0, what: "`price`", max: CourseLoader.liveMaxMoney) } ?? (asFacts && !f.has("price") ? 0 : nil)
    let originalPrice = f["original_price"].flatMap { positive($0, what: "`original_price`", max: CourseLoader.liveMaxMoney) }
    if let price, let originalPrice, originalPrice <= price, let n = f["original_price"] {
      r.error(
        "E025", n, r.t("lint.E025.originalPriceNotAbove", ["original": r.fmt(originalPrice), "price": r.fmt(price)]))
    }
    let basis = f["original_price_basis"].flatMap { r.localized($0, what: r.t("lint.what.priceBasis")) }
    if f.has("original_price") && !f.has("original_price_basis"), let n = f.keyNode("original_price") {
      r.error("E035", n, r.t("lint.E035.originalPriceWithoutBasis"))
    }
    if f.has("original_price_basis") && !f.has("original_price"), let n = f.keyNode("original_price_basis") {
      r.warning("W011", n, r.t("lint.W011.basisWithoutOriginalPrice"))
    }
    let stock = f["stock"].flatMap { r.integer($0, what: "`stock`", in: 0...100_000_000) } ?? (asFacts ? 100_000_000 : nil)
    let origin = r.localized(f["origin"], what: r.t("lint.what.productOrigin")) ?? (asFacts ? Localized("") : nil)
    let originCues = f["origin_cues"].map { cueWords($0, what: "`origin_cues`", scenario: scenario, lexicons: lexicons) }
    let weight = f["weight"].flatMap { r.string($0, what: "`weight`") }
    let shelfLife = f["shelf_life"].flatMap { r.localized($0, what: r.t("lint.what.shelfLife")) }
    let cues = f["cues"].map { cueWords($0, what: "`cues`", scenario: scenario, lexicons: lexicons) }
    let shipping = f["shipping"].map(shippingTerms) ?? ShippingTerms()
    var returns = ReturnTerms()
    if let rn = f["returns"], let rf = r.fields(rn, what: "`returns`", known: CourseFormat.liveReturns.known) {
      if let n = rf["seven_day"], let v = r.bool(n, what: "`seven_day`") { returns.sevenDay = v }
      returns.note = rf["note"].flatMap { r.localized($0, what: r.t("lint.what.returnsNote")) }
    }
    guard let id, let name, let price, let stock, let origin, r.errorCount == before else { return nil }
    return LiveProduct(
      id: id, name: name, price: price, originalPrice: originalPrice, originalPriceBasis: basis, stock: stock,
      origin: origin, originCues: originCues ?? [], weight: weight, shelfLife: shelfLife, shipping: shipping,
      returns: returns, cues: cues ?? [])
  }

  func shippingTerms(_ node: Node) -> ShippingTerms {
    var s = ShippingTerms()
    guard
      let f = r.fields(
        node, what: "`shipping`", known: CourseFormat.liveShipping.known)
    else { return s }
    if let n = f["free"], let v = r.bool(n, what: "`free`") { s.free = v }
    s.from = f["from"].flatMap { r.localized($0, what: r.t("lint.what.shippingFrom")) }
    s.dispatchHours = f["dispatch_hours"].flatMap { r.integer($0, what: "`dispatch_hours`", in: 1...720) }
    s.deliveryDays = f["delivery_days"].flatMap(deliveryDays)
    s.excluded = f["excluded"].flatMap { r.strings($0, what: "`excluded`") } ?? []
    s.noDelivery = f["no_delivery"].flatMap { r.strings($0, what: "`no_delivery`") } ?? []
    s.note = f["note"].flatMap { r.localized($0, what: r.t("lint.what.shippingNote")) }
    return s
  }

  /// `3` or `[3, 5]`: days to deliver, 1…60.
  func deliveryDays(_ node: Node) -> ClosedRange<Int>? {
    guard r.visit(node) else { return nil }
    switch node {
    case .scalar:
      return r.integer(node, what: "`delivery_days`", in: 1...60).map { $0...$0 }
    case .sequence(let seq) where seq.count == 2:
      let lo = r.integer(seq[0], what: "`delivery_days`", in: 1...60)
      let hi = r.integer(seq[1], what: "`delivery_days`", in: 1...60)
      guard let lo, let hi else { return nil }
      if lo > hi {
        r.error("E025", node, r.t("lint.E025.deliveryDaysMinAboveMax", ["min": String(lo), "max": String(hi)]))
        return nil
      }
      return lo...hi
    default:
      r.error("E012", node, r.t("lint.E012.deliveryDays", ["actual": r.describe(node)]))
      return nil
    }
  }

  // MARK: Audience

  func liveAudience(_ node: Node) -> LiveAudience {
    var a = LiveAudience()
    guard
      let f = r.fields(
        node, what: "`audience`", known: CourseFormat.liveAudience.known)
    else { return a }
    if let n = f["arrivals_per_minute"], let v = r.number(n, what: "`arrivals_per_minute`", in: 0...1000) {
      a.arrivalsPerMinute = v
    }
    if let n = f["patience_seconds"], let v = r.integer(n, what: "`patience_seconds`", in: 5...600) { a.patienceSeconds = v }
    if let n = f["initial_viewers"], let v = r.integer(n, what: "`initial_viewers`", in: 0...10_000) { a.initialViewers = v }
    if let n = f["personas"], let shares = personaShares(n) { a.personas = shares }
    return a
  }

  /// `{bargain_hunter: 0.3, …}`: every persona gets a share (0 when not listed); nil on errors.
  func personaShares(_ node: Node) -> [ViewerPersona: Double]? {
    guard r.visit(node) else { return nil }
    guard case .mapping(let m) = node else {
      r.error("E012", node, r.t("lint.E012.notMapping", ["what": "`personas`", "actual": r.describe(node)]))
      return nil
    }
    let before = r.errorCount
    var shares: [ViewerPersona: Double] = [:]
    for persona in ViewerPersona.allCases { shares[persona] = 0 }
    for (k, v) in m {
      guard let raw = choice(k, what: r.t("lint.what.persona"), among: ViewerPersona.allCases.map(\.rawValue)),
        let persona = ViewerPersona(rawValue: raw)
      else { continue }
      if let share = r.number(v, what: "`\(raw)`", in: 0...1000) { shares[persona] = share }
    }
    guard r.errorCount == before else { return nil }
    if shares.values.reduce(0, +) == 0 {
      r.error("E018", node, r.t("lint.E018.noPersonaShare"))
      return nil
    }
    return shares
  }

  // MARK: Events

  /// `"01:30"`, `"1:05:00"` or a whole number of seconds.
  func eventTime(_ node: Node) -> Int? {
    guard r.visit(node) else { return nil }
    guard case .scalar(let s) = node else {
      r.error("E012", node, r.t("lint.E012.notTime", ["actual": r.describe(node)]))
      return nil
    }
    if let seconds = Self.clockSeconds(s.string) { return seconds }
    if let v = YAMLReader.parseNumber(s.string), v >= 0, v == v.rounded(), v < 1_000_000_000 { return Int(v) }
    r.error("E013", node, r.t("lint.E013.badTime", ["value": YAMLReader.clip(s.string)]))
    return nil
  }

  /// Seconds of `m:ss` (any number of minutes) or `h:mm:ss`; nil for anything else.
  static func clockSeconds(_ text: String) -> Int? {
    let parts = text.trimmingSpaces.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2 || parts.count == 3,
      parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } })
    else { return nil }
    let values = parts.compactMap { Int($0) }
    guard values.count == parts.count, parts.last?.count == 2, values[values.count - 1] < 60 else { return nil }
    if parts.count == 3 {
      guard parts[1].count == 2, values[1] < 60 else { return nil }
      return values[0] * 3600 + values[1] * 60 + values[2]
    }
    return values[0] * 60 + values[1]
  }

  /// `seconds` as `m:ss`, or `h:mm:ss` from an hour up.
  static func clock(_ seconds: Int) -> String {
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
    if seconds >= 3600 { return "\(seconds / 3600):\(two(seconds % 3600 / 60)):\(two(seconds % 60))" }
    return "\(two(seconds / 60)):\(two(seconds % 60))"
  }

  // MARK: Promotions

  /// The kind-specific part of a promotion; keys of the other kind are E019.
  func promotionKind(_ kind: String, _ f: YAMLReader.Fields, product: LiveProduct?) -> LivePromotion.Kind? {
    let own = kind == "coupon" ? ["amount", "threshold"] : ["price", "stock"]
    let other = kind == "coupon" ? ["price", "stock"] : ["amount", "threshold"]
    let otherKind = kind == "coupon" ? "flash_sale" : "coupon"
    let before = r.errorCount
    for key in other {
      if let n = f.keyNode(key) {
        r.error("E019", n, r.t("lint.E019.promotionKey", ["key": key, "kind": kind, "other": otherKind]))
      }
    }
    for key in own where key != "threshold" && !f.has(key) {
      r.error(
        "E010", f.node, r.t("lint.E010.missingKey", ["what": r.t("lint.what.promotionOfKind", ["kind": kind]), "key": key]))
    }
    if kind == "coupon" {
      let amount = f["amount"].flatMap { positive($0, what: "`amount`", max: CourseLoader.liveMaxMoney) }
      if let amount, let product, amount >= product.price, let n = f["amount"] {
        r.error(
          "E025", n,
          r.t("lint.E025.couponNotBelowPrice", ["amount": r.fmt(amount), "product": product.id, "price": r.fmt(product.price)]))
      }
      let threshold = f["threshold"].flatMap { positive($0, what: "`threshold`", max: CourseLoader.liveMaxMoney) }
      if let threshold, let amount, threshold <= amount, let n = f["threshold"] {
        r.error(
          "E025", n, r.t("lint.E025.thresholdNotAboveAmount", ["threshold": r.fmt(threshold), "amount": r.fmt(amount)]))
      }
      guard let amount, r.errorCount == before else { return nil }
      return .coupon(amount: amount, threshold: threshold)
    }
    let price = f["price"].flatMap { positive($0, what: "`price`", max: CourseLoader.liveMaxMoney) }
    if let price, let product, price >= product.price, let n = f["price"] {
      r.error(
        "E025", n,
        r.t("lint.E025.flashPriceNotBelow", ["flash": r.fmt(price), "product": product.id, "price": r.fmt(product.price)]))
    }
    let stock = f["stock"].flatMap { r.integer($0, what: "`stock`", in: 1...100_000_000) }
    guard let price, let stock, r.errorCount == before else { return nil }
    return .flashSale(price: price, stock: stock)
  }

  // MARK: Topics

  func liveTopic(_ node: Node, ids: inout Set<String>, scenario: String?, lexicons: [String]) -> LiveTopic? {
    let before = r.errorCount
    guard
      let f = r.fields(
        node, what: r.t("lint.what.liveTopic"), known: CourseFormat.liveTopic.known, required: CourseFormat.liveTopic.required)
    else { return nil }
    let families = f["families"].map { familyNames($0) } ?? []
    for (family, location) in families { familyRefs.append(FamilyRef(family: family, lexicons: lexicons, location: location)) }
    if f["cues"] == nil && families.isEmpty {
      r.error("E010", f.node, r.t("lint.E010.missingKey", ["what": r.t("lint.what.liveTopic"), "key": "cues"]))
    }
    let id = r.identifier(f["id"], what: r.t("lint.what.topicId"))
    if let id, let n = f["id"], !ids.insert(id).inserted {
      r.error("E014", n, r.t("lint.E014.topicIdTwice", ["id": id]))
    }
    let stage = f["stage"].flatMap {
      choice($0, what: r.t("lint.what.stage"), among: LiveStage.allCases.map(\.rawValue)).flatMap(LiveStage.init)
    }
    let label = r.localized(f["label"], what: r.t("lint.what.topicLabel"))
    var cues: [String: [String]] = [:]
    let errorsBeforeCues = r.errorCount
    if let qn = f["cues"], r.visit(qn) {
      if case .mapping(let m) = qn {
        for (k, v) in m {
          guard let code = r.string(k, what: r.t("lint.what.languageCode")) else { continue }
          guard YAMLReader.isLanguageCode(code) else {
            r.error("E013", k, r.t("lint.E013.notLanguageCode", ["code": YAMLReader.clip(code)]))
            continue
          }
          if !r.languages.isEmpty && !r.languages.contains(code) {
            r.error("E015", k, r.t("lint.E015.cuesInUndeclaredLanguage", ["code": code]))
            continue
          }
          let words = cueWords(
            v, what: r.t("lint.what.languageCues", ["code": code]), scenario: scenario, lexicons: lexicons)
          if !words.isEmpty { cues[code, default: []] += words }
        }
      } else {
        let words = cueWords(qn, what: "`cues`", scenario: scenario, lexicons: lexicons)
        if !words.isEmpty { cues[""] = words }
      }
      if cues.isEmpty && r.errorCount == errorsBeforeCues { r.error("E013", qn, r.t("lint.E013.noTopicCues", ["id": id ?? "?"])) }
    }
    let weight = f["weight"].flatMap { positive($0, what: "`weight`", max: 100) } ?? 1
    guard let id, let stage, let label, !cues.isEmpty || !families.isEmpty, r.errorCount == before else { return nil }
    var topic = LiveTopic(id: id, stage: stage, label: label, cues: cues, weight: weight, location: r.location(node))
    topic.families = families.map(\.0)
    return topic
  }

  /// A list of cue words (one word is a one-item list), each remembered with its place for lint's lexicon check.
  func cueWords(_ node: Node, what: @autoclosure () -> String, scenario: String?, lexicons: [String]) -> [String] {
    guard let items = r.list(node, what: what(), single: true) else { return [] }
    var words: [String] = []
    for item in items {
      guard let word = r.string(item, what: r.t("lint.what.eachEntryOf", ["what": what()])), LexiconLoader.validPattern(word, item, r) else {
        continue
      }
      words.append(word)
      if let scenario {
        liveCues.append(LiveCueRef(scenario: scenario, lexicons: lexicons, cue: word, location: r.location(item)))
      }
    }
    return words
  }

  // MARK: Small readers

  /// One of `among` (E013 with "did you mean" otherwise).
  func choice(_ node: Node, what: @autoclosure () -> String, among: [String]) -> String? {
    guard let value = r.string(node, what: what()) else { return nil }
    if among.contains(value) { return value }
    if let guess = YAMLReader.closest(value, in: among) {
      r.error(
        "E013", node,
        r.t("lint.E013.unknownValueDidYouMean", ["what": what(), "value": YAMLReader.clip(value), "guess": guess]))
    } else {
      r.error(
        "E013", node, r.t("lint.E013.unknownValue", ["what": what(), "value": YAMLReader.clip(value), "allowed": r.codes(among)]))
    }
    return nil
  }

  /// A number above 0 (and at most `max`, when given).
  func positive(_ node: Node, what: @autoclosure () -> String, max: Double? = nil) -> Double? {
    guard let v = r.number(node, what: what()) else { return nil }
    if let max, v <= 0 || v > max {
      r.error("E013", node, r.t("lint.E013.notPositiveUpTo", ["what": what(), "max": r.fmt(max), "value": r.fmt(v)]))
      return nil
    }
    if v <= 0 {
      r.error("E013", node, r.t("lint.E013.notPositive", ["what": what(), "value": r.fmt(v)]))
      return nil
    }
    return v
  }
}

extension LiveRubric {
  /// Sets the weight of `dimension`.
  mutating func set(_ dimension: LiveDimension, _ value: Double) {
    switch dimension {
    case .opening: opening = value
    case .product: product = value
    case .questions: questions = value
    case .interaction: interaction = value
    case .compliance: compliance = value
    case .closing: closing = value
    }
  }
}

extension Linter {
  /// E037: cue words of live scenarios that a lexicon of the scenario or the course flags. A host who
  /// follows such a cue says a banned word and earns a platform warning. Lexicons that could not be
  /// loaded are skipped (E023 reports them).
  static func liveCueFindings(_ loaded: LoadedCourse, lexicons: LexiconSet, messages: MessageCatalog) -> [Diagnostic] {
    let courseLexicons = loaded.partial?.lexicons ?? []
    var out: [Diagnostic] = []
    for ref in loaded.liveCues {
      guard let hit = lexicons.hits(in: ref.cue, lexicons: ref.lexicons + courseLexicons).first else { continue }
      out.append(
        Diagnostic(
          code: "E037", severity: .error, location: ref.location,
          message: messages.text(
            "lint.E037.cueFlagged", ["cue": YAMLReader.clip(ref.cue), "term": hit.term, "lexicon": hit.lexicon])))
    }
    return out
  }

  /// E042: phrase families that no lexicon of the course (or of the question) defines.
  static func familyFindings(_ loaded: LoadedCourse, lexicons: LexiconSet, messages: MessageCatalog) -> [Diagnostic] {
    let courseLexicons = loaded.partial?.lexicons ?? []
    var out: [Diagnostic] = []
    for ref in loaded.familyRefs {
      let names = ref.lexicons + courseLexicons
      guard names.allSatisfy({ lexicons.byName[$0] != nil }) else { continue }
      if ref.family == PhraseFamily.refusal || names.contains(where: { lexicons.byName[$0]?.families[ref.family] != nil }) { continue }
      let known = Set(names.flatMap { lexicons.byName[$0]?.families.keys.map { $0 } ?? [] }).sorted()
      let message =
        YAMLReader.closest(ref.family, in: known).map {
          messages.text("lint.E042.unknownFamilyDidYouMean", ["family": ref.family, "guess": $0])
        } ?? messages.text("lint.E042.unknownFamily", ["family": ref.family, "families": known.map { "`\($0)`" }.joined(separator: ", ")])
      out.append(Diagnostic(code: "E042", severity: .error, location: ref.location, message: message))
    }
    return out
  }

  /// E040: pitch concepts whose `topic:` no cue lexicon of the question or the course lists (the
  /// concept could then only be covered by its own `cues`). Skipped while a lexicon is missing
  /// (E023 reports it).
  static func conceptTopicFindings(_ loaded: LoadedCourse, lexicons: LexiconSet, messages: MessageCatalog) -> [Diagnostic] {
    let courseLexicons = loaded.partial?.lexicons ?? []
    var out: [Diagnostic] = []
    for ref in loaded.conceptTopics {
      let names = ref.lexicons + courseLexicons
      guard names.allSatisfy({ lexicons.byName[$0] != nil }) else { continue }
      let lists = lexicons.cueLexicons(names).contains { l in l.terms.contains { $0.topic == ref.topic } }
      if lists { continue }
      out.append(
        Diagnostic(
          code: "E040", severity: .error, location: ref.location,
          message: messages.text("lint.E040.topicWithoutCueLexicon", ["topic": ref.topic])))
    }
    return out
  }
}
