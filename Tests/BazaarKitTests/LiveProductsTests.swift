import Foundation
import Testing

@testable import BazaarKit

// Scenarios with several products: the room follows the product the host presents (random
// viewers ask about it and buy it), each product sells at its own price, promotions and stock,
// and the dashboard and report split the sales by product.

/// A course with one live step: jujubes (first) and walnuts, a busy room, a scripted question
/// about the walnuts, a flash sale on the walnuts.
private let twoProductCourse = """
  id: two-products
  version: "1"
  title: {zh: 两个商品, en: Two products}
  languages: [zh, en]
  lessons:
    - id: l1
      title: {zh: 直播, en: Live}
      steps:
        - kind: live
          id: jujube-walnut
          title: {zh: 枣夹核桃和纸皮核桃, en: Jujubes and walnuts}
          minutes: 10
          seed: 7
          products:
            - id: jujube
              name: {zh: 枣夹核桃 500克, en: "Jujubes with walnut, 500 g"}
              price: 39.9
              original_price: 49.9
              original_price_basis: {zh: 活动前7天最低成交价, en: lowest price of the 7 days before}
              stock: 200
              origin: {zh: 新疆阿克苏, en: "Aksu, Xinjiang"}
              origin_cues: [阿克苏, Aksu]
              weight: 500g
              shelf_life: {zh: 12个月, en: 12 months}
              cues: [枣夹核桃, jujube]
              shipping: {free: true, delivery_days: [3, 5]}
            - id: walnut
              name: {zh: 纸皮核桃 1000克, en: "Paper-shell walnuts, 1000 g"}
              price: 29.9
              original_price: 35.9
              original_price_basis: {zh: 上月平均成交价, en: last month's average price}
              stock: 150
              origin: {zh: 新疆温宿, en: "Wensu, Xinjiang"}
              origin_cues: [温宿, Wensu]
              cues: [纸皮核桃, walnut]
              shipping: {free: true, delivery_days: [3, 5]}
          audience:
            arrivals_per_minute: 24
            patience_seconds: 40
            initial_viewers: 10
          events:
            - at: "01:40"
              viewer: 老李
              persona: bargain_hunter
              asks: price
              product: walnut
              text: {zh: 纸皮核桃多少钱？, en: How much are the walnuts?}
          promotions:
            - id: flash-walnut
              label: {zh: 纸皮核桃秒杀 19.9元, en: Walnut flash sale at 19.9}
              kind: flash_sale
              price: 19.9
              stock: 30
              minutes: 2
              product: walnut
          topics:
            - {id: hello, stage: opening, label: {zh: 问候, en: Hello}, cues: [大家好]}
            - {id: origin, stage: product, label: {zh: 产地, en: Origin}, cues: [阿克苏]}
            - {id: ask, stage: interaction, label: {zh: 互动, en: Ask}, cues: [扣1]}
            - {id: bye, stage: closing, label: {zh: 再见, en: Bye}, cues: [再见]}

  """

private func twoProducts() throws -> (course: Course, scenario: LiveScenario) {
  let loaded = CourseLoader.parse(source: SourceText(path: "two.yaml", text: twoProductCourse))
  let errors = loaded.diagnostics.filter(\.isError).map { "\($0.location?.description ?? ""): \($0.code) \($0.message)" }
  try #require(errors.isEmpty, "\(errors)")
  let course = try #require(loaded.course)
  return (course, try #require(course.scenarios.first))
}

/// When the host switches from the jujubes to the walnuts.
private let switchMs = 300_000

/// The host's script: the jujubes for five minutes, then the walnuts with a flash sale. Some
/// lines name the product, some do not (those are about the product presented).
private let hostScript: [(ms: Int, line: String)] = {
  var script: [(Int, String)] = [(2_000, "大家好，今天先给大家介绍枣夹核桃")]
  for (n, ms) in stride(from: 15_000, to: switchMs, by: 15_000).enumerated() {
    script.append((ms, n % 2 == 0 ? "枣夹核桃39.9元一盒，新疆阿克苏的，包邮，快去小黄车下单" : "39.9元一盒，包邮，3到5天到，喜欢的扣1，快去小黄车下单"))
  }
  script.append((switchMs, "下面给大家换纸皮核桃，29.9元一袋，快去小黄车下单"))
  script.append((switchMs + 20_000, ":promo flash-walnut"))
  for (n, ms) in stride(from: switchMs + 15_000, to: 590_000, by: 15_000).enumerated() {
    script.append((ms, n % 2 == 0 ? "纸皮核桃新疆温宿的，包邮，秒杀19.9元，快去小黄车下单" : "29.9元一袋，包邮，3到5天到，喜欢的扣1，快去小黄车下单"))
  }
  script.append((595_000, "谢谢大家，明天再见"))
  return script
}()

/// Runs the script through a controller writing a transcript at `path`; returns the controller,
/// the printed report and the lines shown during the session.
private func runLive(
  _ course: Course, _ scenario: LiveScenario, transcript path: String?
) throws -> (controller: LiveController, printed: String, shown: [LiveLine]) {
  let writer = try path.map { p in
    try TranscriptWriter(
      path: p,
      header: TranscriptHeader(
        session: "s", learner: "t", course: .init(course), started: Date(timeIntervalSince1970: 1_795_000_000), seed: "x",
        kind: "live", scenario: scenario.id),
      syncEachLine: false)
  }
  let report = LiveReport(scenario: scenario, messages: .chinese, language: "zh")
  let controller = LiveController(
    session: LiveSession(scenario: scenario, language: "zh", fallback: course.fallbackLanguages), report: report,
    transcript: writer, clock: TestClock(), mode: "turn_based", speed: 1)
  var shown: [LiveLine] = []
  for (ms, line) in hostScript {
    shown += controller.advance(to: ms - 300)
    shown += controller.host(line, at: ms)
  }
  shown += controller.advance(to: 600_000)
  let printed = controller.finish(at: 600_000, reason: .finished)
  return (controller, printed, shown)
}

@Suite("Live products")
struct LiveProductsTests {
  @Test("the presented product: one named product is presented; of several, the current one if named, else the first")
  func presentedRule() {
    #expect(LiveSession.presentedProduct(after: 0, named: []) == 0)
    #expect(LiveSession.presentedProduct(after: 1, named: []) == 1)
    #expect(LiveSession.presentedProduct(after: 0, named: [1]) == 1)
    #expect(LiveSession.presentedProduct(after: 1, named: [0, 1]) == 1)
    #expect(LiveSession.presentedProduct(after: 0, named: [2, 1]) == 1)
  }

  @Test("a line that names no product is about the presented one: its prices, claims and answers")
  func unnamedLineIsAboutThePresentedProduct() throws {
    let (_, scenario) = try twoProducts()
    let analyzer = HostLineAnalyzer(scenario: scenario, lexicons: LexiconSet(), courseLexicons: [])
    var room = RoomFacts()
    room.stock = [200, 150]
    room.presented = 1
    let walnut = analyzer.analyze("29.9元一袋，包邮", room: room)
    #expect(walnut.answers[.price] == [1: .correct])
    #expect(walnut.answers[.shipping] == [1: .correct])
    room.presented = 0
    let jujube = analyzer.analyze("39.9元一盒，包邮", room: room)
    #expect(jujube.answers[.price] == [0: .correct])
    // A line naming a product answers for it whatever is presented.
    #expect(analyzer.analyze("纸皮核桃29.9元", room: room).answers[.price] == [1: .correct])
  }

  @Test("a fake original price is explained with the basis of the product the line is about")
  func originalPriceBasis() throws {
    let (_, scenario) = try twoProducts()
    var s = LiveSession(scenario: scenario, language: "en")
    _ = s.say("纸皮核桃原价59，今天29.9元", at: 5_000)
    #expect(s.lines[0].analysis.violations.map(\.kind) == [.fakeOriginalPrice(said: 59, real: 35.9)])
    _ = s.finish(at: 60_000)
    let text = LiveReport(scenario: scenario, messages: .english, language: "en").render(s.result())
    #expect(text.contains("last month's average price"))
    #expect(!text.contains("lowest price of the 7 days before"))
  }

  @Test("host presents the jujubes, then the walnuts: questions and orders follow, each at its price and stock")
  func questionsAndOrdersFollow() throws {
    let (course, scenario) = try twoProducts()
    let (controller, _, shown) = try runLive(course, scenario, transcript: nil)
    let s = controller.session
    #expect(s.presented == 1)

    // Random questions are about the product presented when they were asked; the scripted one
    // keeps its own product (the walnuts, while the jujubes were presented).
    let random = s.questions.filter { !$0.scripted }
    let before = random.filter { $0.askedMs < switchMs }
    let after = random.filter { $0.askedMs >= switchMs }
    #expect(before.count >= 5 && after.count >= 5, "\(before.count) / \(after.count)")
    #expect(before.allSatisfy { $0.product == 0 })
    #expect(after.allSatisfy { $0.product == 1 })
    let scripted = try #require(s.questions.first { $0.scripted })
    #expect(scripted.product == 1)
    // The jujube lines that follow it name no walnut, so they do not answer it.
    if case .ignored = scripted.outcome {} else { Issue.record("\(scripted.outcome)") }
    // Questions about the presented product are answered by lines that name nothing.
    #expect(random.contains { q in
      if case .answered(let line, _) = q.outcome { s.lines[line].analysis.products.isEmpty } else { false }
    })

    // Orders: each buyer bought what they asked about, else what was presented.
    let buyers = s.viewers.filter(\.bought)
    #expect(buyers.allSatisfy { $0.boughtProduct != nil })
    #expect(buyers.filter { $0.askedAbout != nil }.allSatisfy { $0.boughtProduct == $0.askedAbout })
    #expect(s.productOrders[0] > 0 && s.productOrders[1] > 0, "\(s.productOrders)")
    // Up to the switch, orders are for the jujubes; after it, for the walnuts — except from
    // viewers who asked about the other product. (A line's events show at the time it is said.)
    func asked(_ order: LiveLine) -> Int? {
      s.viewers.first { order.text.hasPrefix("$ \($0.name) ") }?.askedAbout
    }
    let orders = shown.filter { $0.tone == .order }
    #expect(orders.count == s.orders)
    let jujubes = orders.filter { $0.text.contains("枣夹核桃 500克") }
    let walnuts = orders.filter { $0.text.contains("纸皮核桃 1000克") }
    #expect(jujubes.count + walnuts.count == orders.count)
    #expect(walnuts.filter { $0.dueMs <= switchMs }.allSatisfy { asked($0) == 1 })
    #expect(jujubes.filter { $0.dueMs > switchMs }.allSatisfy { asked($0) == 0 })
    #expect(walnuts.filter { $0.dueMs > switchMs }.count > 10)
    #expect(s.stock == [200 - s.productUnits[0], 150 - s.productUnits[1]])
    let r = try #require(controller.result)
    let d = r.dashboard
    #expect(d.products.map(\.product) == ["jujube", "walnut"])
    #expect(d.products.map(\.orders) == s.productOrders)
    // The products add up to the totals.
    #expect(d.products.reduce(0) { $0 + $1.orders } == d.orders)
    #expect(d.products.reduce(0) { $0 + $1.units } == d.units)
    #expect(abs(d.products.reduce(0) { $0 + $1.gmv } - d.gmv) < 1e-6)
    #expect(d.products.reduce(0) { $0 + $1.buyers } == buyers.count)
    #expect(abs(d.products.reduce(0) { $0 + $1.conversion } - d.conversion) < 1e-9)
    for p in d.products { #expect(abs(p.conversion - Double(p.buyers) / Double(d.uniqueViewers)) < 1e-12) }
    // Prices: the jujubes at 39.9 a box, the walnuts at 29.9, or 19.9 in their flash sale.
    #expect(abs(d.products[0].gmv - 39.9 * Double(d.products[0].units)) < 1e-6)
    let walnutGMV = d.products[1].gmv
    let flashSold = s.promotions.first?.sold ?? 0
    #expect(flashSold > 0)
    #expect(abs(walnutGMV - 19.9 * Double(flashSold) - 29.9 * Double(d.products[1].units - flashSold)) < 1e-6)
  }

  @Test("the report splits the sales by product (zh, en) only when there are several products")
  func reportTable() throws {
    let (course, scenario) = try twoProducts()
    let (controller, printed, _) = try runLive(course, scenario, transcript: nil)
    let r = try #require(controller.result)
    #expect(printed.contains("分商品数据"))
    #expect(printed.contains("单个商品的转化率：该商品成交人数 ÷ UV。"))
    let en = LiveReport(scenario: scenario, messages: .english, language: "en").render(r)
    let lines = en.split(separator: "\n").map(String.init)
    let header = try #require(lines.firstIndex(of: "Sales by product"))
    #expect(lines[header + 1].hasPrefix("  Product"))
    #expect(lines[header + 1].split(separator: " ").map(String.init) == ["Product", "Orders", "Units", "GMV", "Buyers", "Conversion"])
    let jujube = r.dashboard.products[0]
    #expect(lines[header + 2].hasPrefix("  Jujubes with walnut, 500 g"))
    #expect(lines[header + 2].hasSuffix(Format.decimal(jujube.conversion * 100, places: 1) + "%"))
    #expect(lines[header + 2].contains("¥" + Format.money(jujube.gmv)))
    #expect(lines[header + 3].hasPrefix("  Paper-shell walnuts, 1000 g"))

    // One product: the dashboard has its one entry, the report no table.
    var single = liveSession(liveFixtureScenario(arrivals: 30, initial: 20))
    _ = single.say("快去小黄车下单", at: 2_000)
    _ = single.finish(at: 120_000)
    let one = single.result()
    #expect(one.dashboard.products.count == 1)
    #expect(one.dashboard.products.first?.orders == one.dashboard.orders)
    #expect(one.dashboard.products.first?.gmv == one.dashboard.gmv)
    let text = LiveReport(scenario: single.scenario, messages: .english, language: "en").render(one)
    #expect(!text.contains("Sales by product"))
    #expect(!LiveReport(scenario: single.scenario, messages: .chinese, language: "zh").render(one).contains("分商品数据"))
  }

  @Test("a two-product session is deterministic, and its replay gives the same result and report")
  func replayEqualsLive() throws {
    let (course, scenario) = try twoProducts()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-products-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/t.jsonl"
    let (controller, printed, shown) = try runLive(course, scenario, transcript: path)
    let (again, printedAgain, shownAgain) = try runLive(course, scenario, transcript: nil)
    #expect(printed == printedAgain)
    #expect(shown == shownAgain)
    #expect(controller.result == again.result)
    let contents = try TranscriptReader.read(path)
    let (result, language) = LiveReplay.run(contents, scenario: scenario, course: course, lexicons: LexiconSet())
    #expect(language == "zh")
    #expect(result == controller.result)
    #expect(LiveReport(scenario: scenario, messages: .chinese, language: "zh").render(result) == printed)
  }
}
