import Foundation
import Testing

@testable import BazaarKit

// Loading and linting `kind: live` steps (Sources/BazaarKit/Course/LiveScenarioLoader.swift).
// Fixtures/live-loader/jujube-live.yaml is a complete, lint-clean scenario; Fixtures/broken/37-… and
// 38-… hold the structural mistakes with their expected positions (run by DiagnosticsGoldenTests).
// The tests below check the model values, and each rule's code and line:col on small courses.

private let liveFixtures: String =
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/live-loader").path

/// `text` with every line indented by `n` spaces.
private func indent(_ text: String, _ n: Int) -> String {
  let pad = String(repeating: " ", count: n)
  return text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : pad + $0 }
    .joined(separator: "\n")
}

/// A course around `steps` (written at column 0: `- kind: live` …); `top` adds top-level keys.
private func liveCourse(_ steps: String, top: String = "") -> String {
  [
    "id: live-test", "version: \"1\"", "title: {zh: 直播, en: Live}", "languages: [zh, en]", top, "lessons:",
    "  - id: l1", "    title: {zh: 第一课, en: One}", "    steps:", indent(steps, 6), "",
  ].joined(separator: "\n")
}

private let oneProduct = """
  - id: walnut
    name: {zh: 核桃, en: Walnuts}
    price: 30
    stock: 10
    origin: {zh: 阿克苏, en: Aksu}
  """

private let fourTopics = """
  - {id: hello, stage: opening, label: {zh: 问候, en: Hello}, cues: [大家好]}
  - {id: origin, stage: product, label: {zh: 产地, en: Origin}, cues: [阿克苏]}
  - {id: ask, stage: interaction, label: {zh: 互动, en: Ask}, cues: [扣1]}
  - {id: bye, stage: closing, label: {zh: 再见, en: Bye}, cues: [再见]}
  """

/// A small valid live step at column 0; `extra` (keys at column 0) is added at the scenario's level.
private func liveStep(
  id: String = "s1", minutes: String = "10", extra: String = "", products: String = oneProduct, topics: String = fourTopics
) -> String {
  var lines = [
    "- kind: live", "  id: \(id)", "  title: {zh: 场景, en: Scenario}", "  minutes: \(minutes)", "  products:",
    indent(products, 4),
  ]
  if !extra.isEmpty { lines.append(indent(extra, 2)) }
  lines += ["  topics:", indent(topics, 4)]
  return lines.joined(separator: "\n")
}

/// Line and column (in characters, from 1) of the `occurrence`-th appearance of `needle` in `text`.
private func position(of needle: String, in text: String, occurrence: Int = 1) -> (line: Int, column: Int)? {
  var seen = 0
  for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
    let chars = Array(line)
    let n = Array(needle)
    guard n.count <= chars.count else { continue }
    for i in 0...(chars.count - n.count) where Array(chars[i..<(i + n.count)]) == n {
      seen += 1
      if seen == occurrence { return (index + 1, i + 1) }
    }
  }
  return nil
}

private func parse(_ yaml: String, messages: MessageCatalog = .english) -> LoadedCourse {
  CourseLoader.parse(source: SourceText(path: "live.yaml", text: yaml), messages: messages)
}

/// The diagnostics with `code`, as "line:col".
private func places(_ code: String, _ diagnostics: [Diagnostic]) -> [String] {
  diagnostics.filter { $0.code == code }.compactMap { d in d.location.map { "\($0.line):\($0.column)" } }
}

/// "line:col" of `needle` in `text` (plus `offset` columns).
private func at(_ needle: String, in text: String, occurrence: Int = 1, offset: Int = 0) -> String {
  guard let p = position(of: needle, in: text, occurrence: occurrence) else { return "not found: \(needle)" }
  return "\(p.line):\(p.column + offset)"
}

@Suite("Live scenario loader")
struct LiveScenarioLoaderTests {
  // MARK: The model

  @Test("a complete scenario loads into the expected values")
  func loadsFullScenario() throws {
    let loaded = CourseLoader.load(path: liveFixtures + "/jujube-live.yaml")
    let errors = loaded.diagnostics.filter(\.isError).map { "\($0.location?.description ?? ""): \($0.code) \($0.message)" }
    try #require(errors.isEmpty, "\(errors)")
    let course = try #require(loaded.course)
    #expect(course.questions.isEmpty)
    #expect(course.lessons[0].steps.count == 2)
    let s = try #require(course.scenarios.first)
    #expect(course.scenarios.count == 1)

    #expect(s.id == "jujube-live")
    #expect(s.title.exact("en") == "Jujube-with-walnut live room")
    #expect(s.brief?.exact("zh") == "卖枣夹核桃十分钟。")
    #expect(s.durationSeconds == 630)  // minutes: 10.5
    #expect(s.seed == StableHash.fnv1a64("jujube-live"))  // no `seed:`: FNV-1a of the id
    #expect(s.cites == ["R6", "R18"])
    #expect(s.lexicons == ["absolute-terms"])
    #expect(s.location.line == 16 && s.location.column == 9)

    // Products.
    #expect(s.products.map(\.id) == ["jujube-walnut", "dates"])
    let p = s.products[0]
    #expect(p.name.exact("zh") == "枣夹核桃 500g")
    #expect(p.price == 44.9)
    #expect(p.originalPrice == 49.9)
    #expect(p.originalPriceBasis?.exact("zh") == "活动前7天最低成交价")
    #expect(p.stock == 200)
    #expect(p.origin.exact("en") == "Aksu, Xinjiang")
    #expect(p.originCues == ["阿克苏", "Aksu"])
    #expect(p.weight == "500")  // a number is read as text
    #expect(p.shelfLife?.exact("en") == "12 months")
    #expect(p.cues == ["枣夹核桃", "jujube"])
    #expect(p.shipping.free)
    #expect(p.shipping.from?.exact("zh") == "阿克苏")
    #expect(p.shipping.dispatchHours == 48)
    #expect(p.shipping.deliveryDays == 3...5)
    #expect(p.shipping.excluded == ["西藏", "青海"])
    #expect(p.shipping.note?.exact("en") == "Remote regions pay postage")
    #expect(p.returns.sevenDay == false)
    #expect(p.returns.note?.exact("zh") == "破损包赔")
    let dates = s.products[1]
    #expect(dates.stock == 0)
    #expect(dates.origin.isPlain && dates.origin.exact("zh") == "若羌")
    #expect(dates.shipping.deliveryDays == 4...4)  // one number
    #expect(dates.shipping.free == false)  // defaults
    #expect(dates.returns.sevenDay)
    #expect(dates.originalPrice == nil && dates.weight == nil && dates.shelfLife == nil && dates.cues.isEmpty)

    // Audience: listed shares as written, the others 0.
    #expect(s.audience.arrivalsPerMinute == 4.5)
    #expect(s.audience.patienceSeconds == 60)
    #expect(s.audience.initialViewers == 10)
    #expect(s.audience.personas == [.bargainHunter: 0.5, .sceptic: 0.5, .giftBuyer: 0, .lurker: 0])

    // Events: `mm:ss`, `h:mm:ss` and plain seconds.
    #expect(s.events.map(\.atSeconds) == [30, 615, 90])
    let e = s.events[0]
    #expect(e.viewer == "阿依古丽")
    #expect(e.persona == .bargainHunter)
    #expect(e.asks == .price)
    #expect(e.product == "jujube-walnut")
    #expect(e.text.exact("en") == "How much is it?")
    #expect(e.location.line == 58)
    #expect(s.events[1].persona == nil && s.events[1].asks == nil && s.events[1].product == nil)
    #expect(s.events[2].asks == .shelfLife)

    #expect(s.chatter.count == 2)
    #expect(s.chatter[1].isPlain && s.chatter[1].exact("en") == "666")

    // Promotions.
    #expect(s.promotions.map(\.id) == ["coupon5", "flash"])
    #expect(s.promotions[0].kind == .coupon(amount: 5, threshold: 30))
    #expect(s.promotions[0].durationSeconds == 180)  // default 3 minutes
    #expect(s.promotions[0].product == nil)
    #expect(s.promotions[0].label.exact("zh") == "5元无门槛券")
    #expect(s.promotions[1].kind == .flashSale(price: 29.9, stock: 50))
    #expect(s.promotions[1].durationSeconds == 150)
    #expect(s.promotions[1].product == "jujube-walnut")

    // Topics: a language map, a plain list (key ""), one word as a list.
    #expect(s.topics.map(\.id) == ["greeting", "origin", "call-to-comment", "wrap-up"])
    #expect(s.topics.map(\.stage) == [.opening, .product, .interaction, .closing])
    #expect(s.topics[0].cues == ["zh": ["大家好", "欢迎", "我是"], "en": ["hello", "welcome", "I'm"]])
    #expect(s.topics[0].weight == 1)
    #expect(s.topics[0].label.exact("en") == "Greeting and introducing yourself")
    #expect(s.topics[1].cues == ["": ["阿克苏", "Aksu"]])
    #expect(s.topics[1].weight == 2)
    #expect(s.topics[2].cues == ["zh": ["扣1"]])
    #expect(s.topics[0].allCues == ["hello", "welcome", "I'm", "大家好", "欢迎", "我是"])

    // Rubric: the listed weights, the others keep their defaults.
    var expected = LiveRubric()
    expected.opening = 20
    expected.compliance = 0
    #expect(s.rubric == expected)
  }

  @Test("the complete fixture lints without a single finding, its lexicon found beside it")
  func fixtureIsClean() {
    let linted = Linter().lintFile(liveFixtures + "/jujube-live.yaml")
    #expect(linted.diagnostics.isEmpty, "\(linted.diagnostics.map { "\($0.code) \($0.message)" })")
  }

  @Test("defaults: seed from the id, audience and rubric as documented; an explicit seed is kept")
  func defaults() throws {
    let course = try #require(parse(liveCourse(liveStep(id: "plain"))).course)
    let s = try #require(course.scenarios.first)
    #expect(s.seed == StableHash.fnv1a64("plain"))
    #expect(s.durationSeconds == 600)
    #expect(s.audience.arrivalsPerMinute == 6 && s.audience.patienceSeconds == 45 && s.audience.initialViewers == 3)
    #expect(s.audience.personas == LiveAudience().personas)
    #expect(s.rubric == LiveRubric())
    #expect(s.events.isEmpty && s.chatter.isEmpty && s.promotions.isEmpty && s.lexicons.isEmpty && s.cites.isEmpty)

    let seeded = try #require(parse(liveCourse(liveStep(extra: "seed: 9007199254740992"))).course)
    #expect(seeded.scenarios.first?.seed == 9_007_199_254_740_992)  // 2^53, the largest allowed
    let text = liveCourse(liveStep(extra: "seed: 10000000000000000"))
    let tooBig = parse(text)
    #expect(places("E013", tooBig.diagnostics) == [at("10000000000000000", in: text)])
    #expect(tooBig.course == nil)
  }

  @Test("times: m:ss, h:mm:ss and seconds are read; anything else is not")
  func clock() {
    #expect(CourseBuilder.clockSeconds("00:30") == 30)
    #expect(CourseBuilder.clockSeconds("10:00") == 600)
    #expect(CourseBuilder.clockSeconds(" 75:05 ") == 4505)
    #expect(CourseBuilder.clockSeconds("1:05:00") == 3900)
    for bad in ["1:75", "1:5", ":30", "1:", "1:2:3", "1:60:00", "a:30", "1.5:00", "", "30", "1:00:00:00"] {
      #expect(CourseBuilder.clockSeconds(bad) == nil, "\(bad)")
    }
    #expect(CourseBuilder.clock(30) == "00:30")
    #expect(CourseBuilder.clock(630) == "10:30")
    #expect(CourseBuilder.clock(3900) == "1:05:00")

    let text = liveCourse(
      liveStep(
        extra: """
          events:
            - {at: "1:75", viewer: 甲, text: 在吗}
            - {at: [1], viewer: 乙, text: 在吗}
            - {at: 1.5, viewer: 丙, text: 在吗}
          """))
    let d = parse(text).diagnostics
    #expect(places("E013", d) == [at("\"1:75\"", in: text), at("1.5", in: text)])
    #expect(places("E012", d) == [at("[1]", in: text)])
  }

  // MARK: Routing and ids

  @Test("`kind: live` is a step kind: listed in messages, suggested for typos, question keys refused")
  func routing() {
    let typo = parse(liveCourse("- kind: lve\n  id: x")).diagnostics
    #expect(typo.contains { $0.code == "E013" && $0.message == "unknown question kind `lve`; did you mean `live`?" })

    let none = parse(liveCourse("- kind: auction\n  id: x")).diagnostics
    #expect(none.contains { $0.code == "E013" && $0.message.hasSuffix("listing, pitch, live.") })

    let text = liveCourse(liveStep(extra: "prompt: {zh: 问, en: Ask}"))
    let withPrompt = parse(text).diagnostics
    #expect(places("E011", withPrompt) == [at("prompt", in: text)])
    #expect(withPrompt.filter(\.isError).count == 1)
  }

  @Test("scenario ids share the question ids' namespace (E014), in either order")
  func idsShared() throws {
    let question = """
      - id: s1
        kind: truefalse
        prompt: {zh: 对吗？, en: Right?}
        answer: true
        explanation: {zh: 对。, en: Yes.}
      """
    let scenarioFirst = liveCourse(liveStep(id: "s1") + "\n" + question)
    let d1 = parse(scenarioFirst).diagnostics
    let first = try #require(position(of: "id: s1", in: scenarioFirst))
    #expect(places("E014", d1) == [at("id: s1", in: scenarioFirst, occurrence: 2, offset: 4)])
    #expect(d1.first { $0.code == "E014" }?.message.hasPrefix("question id `s1` is already used at line \(first.line);") == true)

    let questionFirst = liveCourse(question + "\n" + liveStep(id: "s1"))
    let d2 = parse(questionFirst).diagnostics
    let q = try #require(position(of: "id: s1", in: questionFirst))
    #expect(places("E014", d2) == [at("id: s1", in: questionFirst, occurrence: 2, offset: 4)])
    #expect(
      d2.first { $0.code == "E014" }?.message
        == "id `s1` is already used at line \(q.line); question and scenario ids must be unique in the course.")
  }

  // MARK: Each rule, with its position

  @Test("required keys, unknown keys with a suggestion, empty lists")
  func structure() {
    let text = liveCourse(
      """
      - kind: live
        id: bare
        titel: {zh: 场景, en: Scenario}
        products: []
        topics: []
      """)
    let d = parse(text).diagnostics
    #expect(places("E011", d) == [at("titel", in: text)])
    #expect(d.contains { $0.code == "E011" && $0.message == "unknown key `titel` in a `live` scenario; did you mean `title`?" })
    #expect(places("E010", d) == [at("kind: live", in: text), at("kind: live", in: text)])
    #expect(
      d.filter { $0.code == "E010" }.map(\.message).sorted() == [
        "a `live` scenario is missing `minutes:`.", "a `live` scenario is missing `title:`.",
      ])
    #expect(places("E016", d) == [at("[]", in: text), at("[]", in: text, occurrence: 2)])
  }

  @Test("ranges: minutes, delivery days, audience numbers, personas")
  func ranges() {
    let text = liveCourse(
      liveStep(
        minutes: "300",
        extra: """
          audience: {arrivals_per_minute: -1, patience_seconds: 700, initial_viewers: 2.5, personas: {lurker: -2}}
          """,
        products: """
          - id: walnut
            name: 核桃
            price: 30
            stock: 10
            origin: 阿克苏
            shipping: {dispatch_hours: 0, delivery_days: [2, 61]}
          """))
    let d = parse(text).diagnostics
    #expect(
      places("E013", d) == [
        at("300", in: text), at("0, delivery", in: text), at("61", in: text), at("-1", in: text), at("700", in: text),
        at("2.5", in: text), at("-2", in: text),
      ])
    #expect(d.first { $0.code == "E013" }?.message == "`minutes` must be between 1 and 240, not 300.")
  }

  @Test("E034: an event or a promotion names a product the scenario does not have")
  func unknownProduct() {
    let text = liveCourse(
      liveStep(
        extra: """
          events:
            - {at: "00:10", viewer: 小王, product: walnuts, text: {zh: 多少钱？, en: How much?}}
          promotions:
            - {id: c, label: {zh: 券, en: Coupon}, kind: coupon, amount: 5, product: figs}
          """))
    let d = parse(text).diagnostics
    #expect(places("E034", d) == [at("walnuts", in: text), at("figs", in: text)])
    #expect(d.first { $0.code == "E034" }?.message == "`walnuts` is not a product of this scenario; did you mean `walnut`?")
    #expect(d.last { $0.code == "E034" }?.message == "`figs` is not a product of this scenario; the products are `walnut`.")
  }

  @Test("E035 and W011: a crossed-out price needs its basis; a basis needs the price; E025 when not higher")
  func originalPrice() {
    let products = """
      - id: walnut
        name: {zh: 核桃, en: Walnuts}
        price: 30
        original_price: 39
        stock: 10
        origin: {zh: 阿克苏, en: Aksu}
      - id: dates
        name: {zh: 红枣, en: Dates}
        price: 20
        original_price_basis: {zh: 活动前7天最低价, en: lowest price of the 7 days before}
        stock: 10
        origin: {zh: 若羌, en: Ruoqiang}
      - id: figs
        name: {zh: 无花果, en: Figs}
        price: 20
        original_price: 20
        original_price_basis: {zh: 活动前7天最低价, en: lowest price of the 7 days before}
        stock: 10
        origin: {zh: 阿图什, en: Artux}
      """
    let text = liveCourse(liveStep(products: products))
    let d = parse(text).diagnostics
    #expect(places("E035", d) == [at("original_price:", in: text)])
    #expect(d.first { $0.code == "E035" }?.message.contains("《规范促销行为暂行规定》") == true)
    #expect(places("W011", d) == [at("original_price_basis", in: text)])
    #expect(places("E025", d) == [at("original_price: 20", in: text, offset: 16)])
    #expect(d.filter(\.isError).count == 2)
  }

  @Test("E025: an event at or after the end names the end; coupon, threshold and flash prices")
  func afterEndAndPrices() {
    let text = liveCourse(
      liveStep(
        minutes: "2",
        extra: """
          events:
            - {at: "01:59", viewer: 甲, text: {zh: 在吗, en: Hi}}
            - {at: "02:00", viewer: 乙, text: {zh: 在吗, en: Hi}}
            - {at: 600, viewer: 丙, text: {zh: 在吗, en: Hi}}
          promotions:
            - {id: c, label: {zh: 券, en: Coupon}, kind: coupon, amount: 31}
            - {id: t, label: {zh: 满减, en: Spend}, kind: coupon, amount: 5, threshold: 4}
            - {id: f, label: {zh: 秒杀, en: Flash}, kind: flash_sale, price: 30, stock: 5}
          """))
    let d = parse(text).diagnostics
    #expect(
      places("E025", d) == [
        at("\"02:00\"", in: text), at("600", in: text), at("31", in: text), at("threshold: 4", in: text, offset: 11),
        at("price: 30, stock", in: text, offset: 7),
      ])
    #expect(
      d.first { $0.code == "E025" }?.message
        == "this event is at 02:00, but the session ends at 02:00 (`minutes: 2`); move the event earlier or make `minutes` larger.")
    #expect(d.filter(\.isError).count == 5)
  }

  @Test("promotions: the kind, its own keys, and the keys of the other kind (E019)")
  func promotionKinds() {
    let text = liveCourse(
      liveStep(
        extra: """
          promotions:
            - {id: a, label: 券, kind: voucher}
            - {id: b, label: 券, kind: coupon, stock: 5}
            - {id: c, label: 秒杀, kind: flash_sale, amount: 5, price: 20}
            - {id: a, label: 券, kind: coupon, amount: 2, minutes: 300}
          """))
    let d = parse(text).diagnostics
    #expect(places("E013", d) == [at("voucher", in: text), at("300", in: text)])
    #expect(d.first { $0.code == "E013" }?.message == "the promotion kind `voucher` is not known; use one of `coupon`, `flash_sale`.")
    #expect(places("E019", d) == [at("stock: 5", in: text), at("amount: 5", in: text)])
    #expect(places("E010", d) == [at("{id: b", in: text), at("{id: c", in: text)])
    #expect(d.filter { $0.code == "E010" }.map(\.message) == [
      "a `coupon` promotion is missing `amount:`.", "a `flash_sale` promotion is missing `stock:`.",
    ])
    #expect(places("E014", d) == [at("{id: a", in: text, occurrence: 2, offset: 5)])
  }

  @Test("E036: a scripted question about shelf life or weight the product cannot answer")
  func unanswerable() {
    let text = liveCourse(
      liveStep(
        extra: """
          events:
            - {at: 10, viewer: 甲, asks: shelf_life, text: {zh: 保质期多久？, en: Shelf life?}}
            - {at: 20, viewer: 乙, asks: weight, product: walnut, text: {zh: 多重？, en: How heavy?}}
            - {at: 30, viewer: 丙, asks: origin, text: {zh: 哪里产的？, en: From where?}}
          """))
    let d = parse(text).diagnostics
    #expect(places("E036", d) == [at("shelf_life", in: text), at("weight", in: text)])
    #expect(
      d.first { $0.code == "E036" }?.message
        == "the viewer asks about shelf life, but product `walnut` has no `shelf_life:`, so the host cannot answer correctly; add `shelf_life:` or change `asks:`.")
    #expect(d.filter(\.isError).count == 2)
  }

  @Test("W010: a stage the rubric scores but no topic covers; `questions` and stages set to 0 are fine")
  func stageWithoutTopic() {
    let only = "- {id: hello, stage: opening, label: {zh: 问候, en: Hello}, cues: [大家好]}"
    let text = liveCourse(liveStep(extra: "rubric: {closing: 0}", topics: only))
    let d = parse(text).diagnostics
    #expect(!d.hasErrors)
    let topics = at("topics:", in: text)
    #expect(places("W010", d) == [topics, topics])
    #expect(
      d.filter { $0.code == "W010" }.map(\.message) == [
        "no topic has `stage: product`, but the rubric gives `product` 25 points, so they do not depend on what the host says; add a topic with `stage: product`, or set `product: 0` under `rubric:`.",
        "no topic has `stage: interaction`, but the rubric gives `interaction` 15 points, so they do not depend on what the host says; add a topic with `stage: interaction`, or set `interaction: 0` under `rubric:`.",
      ])
    // Promotions count for `interaction`, so then it needs no topic.
    let withPromo = liveCourse(
      liveStep(extra: "rubric: {closing: 0}\npromotions: [{id: c, label: 券, kind: coupon, amount: 5}]", topics: only))
    #expect(parse(withPromo).diagnostics.filter { $0.code == "W010" }.count == 1)
    // With every stage covered there is nothing to say; the rubric's total must not be 0 (E018).
    #expect(!parse(liveCourse(liveStep())).diagnostics.contains { $0.code == "W010" })
    let zero = liveCourse(
      liveStep(extra: "rubric: {opening: 0, product: 0, questions: 0, interaction: 0, compliance: 0, closing: 0}"))
    #expect(places("E018", parse(zero).diagnostics) == [at("{opening: 0", in: zero)])
  }

  @Test("topics: stage, duplicate ids, empty cues; personas with a typo; E015 for cues in an undeclared language")
  func topicsAndPersonas() {
    let topics = """
      - {id: hello, stage: opening, label: {zh: 问候, en: Hello}, cues: {zh: [大家好], ug: [ياخشىمۇسىز]}}
      - {id: origin, stage: product, label: {zh: 产地, en: Origin}, cues: [阿克苏]}
      - {id: ask, stage: interacton, label: {zh: 互动, en: Ask}, cues: [扣1]}
      - {id: bye, stage: closing, label: {zh: 再见, en: Bye}, cues: {english: [bye]}}
      - {id: bye, stage: closing, label: {zh: 再见, en: Bye}, cues: []}
      """
    let text = liveCourse(liveStep(extra: "audience: {personas: {lurkers: 1}}", topics: topics))
    let d = parse(text).diagnostics
    #expect(places("E015", d) == [at("ug:", in: text)])
    #expect(
      places("E013", d) == [
        at("lurkers", in: text), at("interacton", in: text), at("english", in: text), at("[]", in: text),
      ])
    #expect(d.contains { $0.message == "the stage `interacton` is not known; did you mean `interaction`?" })
    #expect(d.contains { $0.message == "the persona `lurkers` is not known; did you mean `lurker`?" })
    #expect(places("E014", d) == [at("{id: bye", in: text, occurrence: 2, offset: 5)])
  }

  @Test("E037: a cue word that the scenario's or the course's lexicon flags, at the cue")
  func cueFlaggedByLexicon() throws {
    let lexicon = """
      lexicon: absolute-terms
      category: absolute
      rule: {zh: 广告法, en: Advertising Law}
      exempt: [最佳食用时间]
      terms: [最好, 国家级, 最佳]
      """
    let topics = """
      - {id: hello, stage: opening, label: {zh: 问候, en: Hello}, cues: [大家好, 全网最好]}
      - {id: origin, stage: product, label: {zh: 产地, en: Origin}, cues: {zh: [阿克苏, 国家级产区]}}
      - {id: ask, stage: interaction, label: {zh: 互动, en: Ask}, cues: [最佳食用时间]}
      - {id: bye, stage: closing, label: {zh: 再见, en: Bye}, cues: [再见]}
      """
    // Through the scenario's own `lexicons:`.
    let own = liveCourse(liveStep(extra: "lexicons: [absolute-terms]", topics: topics))
    let fs = MemoryFileSystem(["c/live.yaml": own, "c/lexicon/absolute-terms.yaml": lexicon])
    let d = Linter(fileSystem: fs).lintFile("c/live.yaml").diagnostics
    #expect(places("E037", d) == [at("全网最好", in: own), at("国家级产区", in: own)])
    let first = try #require(d.first { $0.code == "E037" })
    #expect(
      first.message
        == "cue `全网最好` contains `最好`, which lexicon `absolute-terms` flags: a host who follows this cue gets a platform warning. Choose another cue.")
    #expect(first.sourceLine?.contains("全网最好") == true)
    #expect(d.filter(\.isError).count == 2)  // 最佳食用时间 is exempt

    // Through the course's `lexicons:`, and for product cues too.
    let products = oneProduct + "\n  cues: [核桃, 最好吃的核桃]"
    let viaCourse = liveCourse(liveStep(products: products, topics: topics), top: "lexicons: [absolute-terms]")
    let fs2 = MemoryFileSystem(["c/live.yaml": viaCourse, "c/lexicon/absolute-terms.yaml": lexicon])
    let d2 = Linter(fileSystem: fs2).lintFile("c/live.yaml").diagnostics
    #expect(
      places("E037", d2) == [at("最好吃的核桃", in: viaCourse), at("全网最好", in: viaCourse), at("国家级产区", in: viaCourse)])

    // In Chinese.
    let zh = Linter(fileSystem: fs, messages: MessageCatalog.builtInCatalog(for: "zh")).lintFile("c/live.yaml").diagnostics
    #expect(
      zh.first { $0.code == "E037" }?.message == "提示词 `全网最好` 里有词库 `absolute-terms` 标记的 `最好`：主播照着说会被平台警告。请换一个提示词。")

    // A lexicon that cannot be found: E023, and nothing to compare the cues with.
    let d3 = Linter(fileSystem: MemoryFileSystem(["c/live.yaml": own])).lintFile("c/live.yaml").diagnostics
    #expect(places("E023", d3) == [at("absolute-terms", in: own)])
    #expect(!d3.contains { $0.code == "E037" })

    // Without lexicons, nothing is flagged.
    let none = Linter(fileSystem: MemoryFileSystem(["c/live.yaml": liveCourse(liveStep(topics: topics))]))
      .lintFile("c/live.yaml").diagnostics
    #expect(none.isEmpty, "\(none.map(\.message))")
  }

  @Test("the findings are written in Chinese too")
  func chinese() {
    let zh = MessageCatalog.builtInCatalog(for: "zh")
    let text = liveCourse(
      liveStep(
        extra: """
          events:
            - {at: 10, viewer: 甲, asks: weight, product: walnutt, text: {zh: 多重？, en: How heavy?}}
          promotions:
            - {id: c, label: {zh: 券, en: Coupon}, kind: coupn, amount: 5}
          """))
    let d = parse(text, messages: zh).diagnostics
    #expect(d.first { $0.code == "E034" }?.message == "`walnutt` 不是这个场景里的商品，是不是想写 `walnut`？")
    #expect(d.first { $0.code == "E013" }?.message == "促销类型 `coupn` 不存在，是不是想写 `coupon`？")
  }

  @Test("every message key the live loader asks for exists in both tables")
  func messageKeysExist() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Sources/BazaarKit/Course/LiveScenarioLoader.swift")
    let text = try String(contentsOf: root, encoding: .utf8)
    let pattern = try Regex(#""(lint\.[A-Za-z0-9_.]+)""#)
    let used = Set(text.matches(of: pattern).compactMap { $0.output[1].substring.map(String.init) })
    #expect(used.count > 40)
    for key in used.sorted() {
      #expect(Messages.en[key] != nil, "no English template for \(key)")
      #expect(Messages.zh[key] != nil, "no Chinese template for \(key)")
    }
  }
}
