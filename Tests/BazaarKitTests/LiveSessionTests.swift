import Foundation
import Testing

@testable import BazaarKit

/// A small room built in code: one product, a quiet audience (no random arrivals unless asked),
/// two scripted questions, topics for every stage, two promotions.
func liveFixtureScenario(arrivals: Double = 0, initial: Int = 0, sevenDay: Bool = true, minutes: Int = 10) -> LiveScenario {
  LiveScenario(
    id: "test-room", title: Localized(["zh": "测试直播间", "en": "Test room"]), durationSeconds: minutes * 60, seed: 42,
    products: [
      LiveProduct(
        id: "jujube", name: Localized(["zh": "枣夹核桃", "en": "jujube with walnut"]), price: 39.9, originalPrice: 49.9,
        originalPriceBasis: Localized(["zh": "活动前7天最低成交价", "en": "lowest price of the 7 days before"]), stock: 200,
        origin: Localized(["zh": "新疆阿克苏", "en": "Aksu, Xinjiang"]), originCues: ["阿克苏", "Aksu"], weight: "500g",
        shelfLife: Localized(["zh": "12个月", "en": "12 months"]),
        shipping: ShippingTerms(free: true, dispatchHours: 48, deliveryDays: 3...5, excluded: ["西藏", "青海"]),
        returns: ReturnTerms(sevenDay: sevenDay), cues: ["枣夹核桃", "jujube"])
    ],
    audience: LiveAudience(arrivalsPerMinute: arrivals, patienceSeconds: 40, initialViewers: initial),
    events: [
      ScriptedViewerEvent(atSeconds: 30, viewer: "阿依古丽", text: Localized(["zh": "多少钱？", "en": "How much?"]), asks: .price),
      ScriptedViewerEvent(
        atSeconds: 120, viewer: "老王", text: Localized(["zh": "包邮吗？新疆发货几天到？", "en": "Free shipping?"]), asks: .shipping),
    ],
    promotions: [
      LivePromotion(id: "coupon5", label: Localized(["zh": "5元券", "en": "5-yuan coupon"]), kind: .coupon(amount: 5, threshold: nil)),
      LivePromotion(id: "flash", label: Localized(["zh": "秒杀", "en": "flash sale"]), kind: .flashSale(price: 29.9, stock: 20), durationSeconds: 120),
    ],
    topics: [
      LiveTopic(id: "greet", stage: .opening, label: Localized("greeting"), cues: ["zh": ["大家好"], "en": ["hello"]]),
      LiveTopic(id: "origin", stage: .product, label: Localized("origin"), cues: ["zh": ["阿克苏"], "en": ["Aksu"]]),
      LiveTopic(id: "engage", stage: .interaction, label: Localized("engage"), cues: ["zh": ["扣1"], "en": ["type 1"]]),
      LiveTopic(id: "thanks", stage: .closing, label: Localized("thanks"), cues: ["zh": ["谢谢大家"], "en": ["thank you all"]]),
    ],
    lexicons: ["absolute-terms"])
}

/// The absolute-terms lexicon, with an exempt phrase, as the shipped one has.
func liveFixtureLexicons() -> LexiconSet {
  let loc = SourceLocation(path: "", line: 0, column: 0)
  let lexicon = Lexicon(
    name: "absolute-terms", title: Localized("Absolute terms"), category: "absolute",
    rule: Localized(["zh": "《广告法》第九条第三项", "en": "Advertising Law art. 9(3)"]),
    terms: [
      Lexicon.Term(text: "最佳", reason: nil, advice: Localized(["zh": "说清楚好在哪里", "en": "say what makes it good"]), exemptions: [], location: loc),
      Lexicon.Term(text: "最好", reason: nil, advice: Localized(["zh": "说清楚好在哪里", "en": "say what makes it good"]), exemptions: [], location: loc),
    ],
    exemptions: ["最佳食用时间"], path: "")
  return LexiconSet([lexicon] + shippedGrammar())
}

func liveSession(_ scenario: LiveScenario = liveFixtureScenario(), language: String = "zh") -> LiveSession {
  LiveSession(scenario: scenario, language: language, lexicons: liveFixtureLexicons())
}

@Suite("Live session")
struct LiveSessionTests {
  @Test("a question answered with the right fact in time is credited; an ignored one makes the viewer leave")
  func answeredVersusIgnored() {
    var answered = liveSession()
    let asked = answered.advance(to: 31_000)
    #expect(asked.contains { if case .question(_, "阿依古丽", "多少钱？") = $0 { true } else { false } })
    _ = answered.say("阿依古丽问多少钱：一盒39.9元，包邮", at: 40_000)
    #expect(answered.questions.first?.outcome == .answered(line: 0, responseMs: 10_000))
    _ = answered.finish(at: 100_000)
    let a = answered.result()
    #expect(a.dimensions.first { $0.dimension == .questions }?.fraction == 1)

    var ignored = liveSession()
    let events = ignored.advance(to: 75_000)
    #expect(events.contains(.left(viewer: "阿依古丽", unanswered: .price)))
    #expect(ignored.questions.first?.outcome == .ignored(leftMs: 70_000))
    _ = ignored.finish(at: 100_000)
    let r = ignored.result()
    #expect(r.dimensions.first { $0.dimension == .questions }?.fraction == 0)
    #expect(r.dashboard.leftUnanswered == 1)
    let text = LiveReport(scenario: ignored.scenario, messages: .english, language: "en").render(r)
    #expect(text.contains("阿依古丽 asked about the price at 00:30 and left at 01:10 unanswered"))
  }

  @Test("a promotion started 10 s before the end is told as started too late, not as never run")
  func latePromotion() throws {
    var late = liveSession()
    _ = late.startPromotion("coupon5", at: 590_000)
    _ = late.finish(at: 600_000)
    let notes = late.result().notes.map(\.kind)
    #expect(notes.contains(.promotionTooShort(id: "coupon5", ranMs: 10_000, neededMs: 30_000)), "\(notes)")
    #expect(!notes.contains(.promotionUnused(id: "coupon5")))
    let text = LiveReport(scenario: late.scenario, messages: .english, language: "en").render(late.result())
    #expect(text.contains("started too late: it ran 10 s before the end, and a promotion counts once it has run 30 s"), "\(text)")
    #expect(!text.contains("never run (:promo coupon5)"))

    var never = liveSession()
    _ = never.finish(at: 600_000)
    #expect(never.result().notes.map(\.kind).contains(.promotionUnused(id: "coupon5")))
  }

  @Test("an answer after 20 s earns less, down to 60% at the patience limit")
  func responseTime() {
    #expect(LiveSession.responseCredit(ms: 10_000, patienceMs: 40_000) == 1)
    #expect(abs(LiveSession.responseCredit(ms: 30_000, patienceMs: 40_000) - 0.8) < 1e-9)
    #expect(abs(LiveSession.responseCredit(ms: 40_000, patienceMs: 40_000) - 0.6) < 1e-9)
  }

  @Test("a wrong price answers the question wrongly, draws a complaint and costs compliance")
  func wrongPrice() {
    var s = liveSession()
    _ = s.advance(to: 31_000)
    let events = s.say("一盒只要29.9元", at: 35_000)
    #expect(s.questions.first?.outcome == .wrong(line: 0, responseMs: 5_000))
    #expect(events.contains { if case .complaint(viewer: "阿依古丽", _) = $0 { true } else { false } })
    #expect(s.lines.first?.analysis.violations.first?.kind == .wrongPrice(said: 29.9, listed: 39.9))
    _ = s.finish(at: 60_000)
    let text = LiveReport(scenario: s.scenario, messages: .english, language: "en").render(s.result())
    #expect(text.contains("00:35 “一盒只要29.9元” — The price you said (29.9) differs from the listed price (39.9)"))
  }

  @Test("a price during a running promotion is right; the same price without it is wrong")
  func promotionPrices() {
    var s = liveSession()
    _ = s.startPromotion("coupon5", at: 10_000)
    _ = s.say("领券以后34.9元一盒", at: 20_000)
    #expect(s.lines[0].analysis.violations.isEmpty)
    var t = liveSession()
    _ = t.say("现在34.9元一盒", at: 20_000)
    #expect(t.lines[0].analysis.violations.first?.kind == .wrongPrice(said: 34.9, listed: 39.9))
    // Coupons, postage and thresholds are not prices.
    var u = liveSession()
    _ = u.say("今天有5块钱无门槛券，满99减10，偏远地区补10元运费", at: 20_000)
    #expect(u.lines[0].analysis.violations.isEmpty)
  }

  @Test("a banned term inside an exempt phrase is not a violation; alone it is, with a platform warning")
  func exemptPhrase() {
    var s = liveSession()
    let exempt = s.say("枣的最佳食用时间是开袋后一周内", at: 5_000)
    #expect(s.lines[0].analysis.violations.isEmpty)
    #expect(!exempt.contains { if case .platformWarning = $0 { true } else { false } })
    let alone = s.say("这是最好的枣", at: 10_000)
    #expect(s.lines[1].analysis.violations.map(\.kind) == [.lexicon(term: "最好", category: "absolute", lexicon: "absolute-terms")])
    #expect(alone.contains { if case .platformWarning(count: 1, _) = $0 { true } else { false } })
    #expect(s.warnings == 1)
    var early = s
    _ = s.finish(at: 600_000)
    let r = s.result()
    #expect(r.dimensions.first { $0.dimension == .compliance }?.fraction == 0.75)
    // Ended after a tenth of the show: compliance counts for that tenth.
    _ = early.finish(at: 60_000)
    #expect(abs((early.result().dimensions.first { $0.dimension == .compliance }?.fraction ?? 0) - 0.075) < 1e-9)
    let text = LiveReport(scenario: s.scenario, messages: .english, language: "en").render(r)
    #expect(text.contains("00:10 “这是最好的枣” — “最好” is an absolute term."))
  }

  @Test("a second platform warning throttles new arrivals")
  func throttling() {
    var s = liveSession(liveFixtureScenario(arrivals: 30))
    _ = s.say("最好的枣", at: 10_000)
    let rateBefore = s.arrivalRate
    let second = s.say("最佳的核桃", at: 20_000)
    #expect(second.contains(.throttled))
    #expect(abs(s.arrivalRate - rateBefore * 0.25) < 1e-9)
  }

  @Test("false claims: everywhere-free shipping, a fake original price, fake urgency, 7-day return when exempt")
  func falseClaims() {
    var s = liveSession(liveFixtureScenario(sevenDay: false))
    _ = s.say("全国包邮", at: 1_000)
    _ = s.say("除了西藏、青海，其他地区都包邮", at: 2_000)
    _ = s.say("原价99，今天39.9", at: 3_000)
    _ = s.say("划线价49.9是活动前7天的最低价", at: 4_000)
    _ = s.say("只剩最后10单了", at: 5_000)
    _ = s.say("支持七天无理由", at: 6_000)
    _ = s.say("不支持七天无理由退货，坏果包赔", at: 7_000)
    // "Everywhere else" with one excluded region left unnamed is the same mistake, for that region.
    _ = s.say("西藏每单补12元运费，其他地区包邮", at: 8_000)
    _ = s.say("西藏能发，但是不包邮，每单补12元运费。其他地区都包邮。", at: 9_000)
    _ = s.say("西藏、青海每单补12元运费，其他地区包邮", at: 10_000)
    _ = s.say("Tibet pays 12 yuan per order; everywhere else ships free", at: 11_000)
    let kinds = s.lines.map { $0.analysis.violations.map(\.kind) }
    #expect(kinds[0] == [.shipsEverywhere(excluded: ["西藏", "青海"])])
    #expect(kinds[7] == [.shipsEverywhere(excluded: ["青海"])])
    #expect(kinds[8] == [.shipsEverywhere(excluded: ["青海"])])
    #expect(kinds[9] == [])
    #expect(kinds[10] == [.shipsEverywhere(excluded: ["青海"])])
    #expect(kinds[1] == [])
    #expect(kinds[2] == [.fakeOriginalPrice(said: 99, real: 49.9)])
    #expect(kinds[3] == [])
    #expect(kinds[4] == [.fakeUrgency(said: 10, real: 200)])
    #expect(kinds[5] == [.sevenDayNotOffered])
    #expect(kinds[6] == [])
  }

  @Test("ordinary lines are not mistakes: ranges, counts, negations, questions echoed, the everyday price")
  func noFalsePositives() {
    var s = liveSession()
    let lines = [
      "快递平时3到5天就到", "See you tomorrow at 8pm, same time!", "我们店只有3个人打包发货", "谁说不能退的？支持七天无理由退货",
      "一盒39.9，有5种吃法", "不是当天发，48小时内发货", "平时39.9，今天领券34.9", "库存还有170多盒", "Delivery is usually 3 to 5 days",
    ]
    for (i, line) in lines.enumerated() { _ = s.say(line, at: (i + 1) * 1_000) }
    for (line, record) in zip(lines, s.lines) { #expect(record.analysis.violations.isEmpty, "\(line): \(record.analysis.violations)") }
    // … while the real mistakes next to them are still caught.
    _ = s.say("今天下单当天发，不用等", at: 20_000)
    _ = s.say("今天下单，明天就到", at: 21_000)
    #expect(s.lines[9].analysis.violations.map(\.kind) == [.dispatchTooFast(realHours: 48)])
    #expect(s.lines[10].analysis.violations.map(\.kind) == [.deliveryTooFast(saidDays: 1, realDays: 3...5)])
    // Time gone by is no promise: the parcel reached Lanzhou two days ago, it has been on the road 2 days.
    for (i, line) in ["快递两天前到了兰州，我帮您盯着", "Your parcel reached Lanzhou 2 days ago; tracking shows it moving", "已经在路上2天了，我帮您催一下"].enumerated() {
      _ = s.say(line, at: 30_000 + i * 1_000)
      #expect(s.lines[11 + i].analysis.violations.isEmpty, "\(line): \(s.lines[11 + i].analysis.violations)")
    }
    let report = LiveReport(scenario: s.scenario, messages: .english, language: "en")
    #expect(report.violationDetail(s.lines[10].analysis.violations[0]).hasPrefix("You promised delivery in 1 day; it takes 3–5 days."))
  }

  @Test("a dodge is not an answer: the question stays open")
  func dodgeIsNotAnAnswer() {
    var s = liveSession()
    _ = s.advance(to: 121_000)
    _ = s.say("快递的事等会儿再说，先看枣", at: 125_000)
    #expect(s.questions.last?.topic == .shipping)
    #expect(s.questions.last?.outcome == .pending)
    _ = s.say("除西藏、青海外包邮，48小时内发货", at: 130_000)
    #expect(s.questions.last?.outcome == .answered(line: 1, responseMs: 10_000))
  }

  @Test("a coupon threshold far above the price does not crash or sell the whole stock to one buyer")
  func hugeThreshold() {
    var scenario = liveFixtureScenario(arrivals: 30, initial: 20)
    scenario.promotions[0].kind = .coupon(amount: 5, threshold: 1e30)
    var s = liveSession(scenario)
    _ = s.startPromotion("coupon5", at: 1_000)
    _ = s.say("快去小黄车下单", at: 2_000)
    _ = s.finish(at: 120_000)
    #expect(s.unitsSold == s.orders)
    #expect(s.orders > 0)
  }

  @Test("the same scenario, seed and timed lines give the same events and report, byte for byte")
  func determinism() {
    func run() -> (events: [LiveEvent], report: String) {
      var s = liveSession(liveFixtureScenario(arrivals: 12, initial: 5))
      var events: [LiveEvent] = []
      events += s.say("大家好，我是阿娜尔，新进来的扣1", at: 3_000)
      events += s.startPromotion("flash", at: 50_000)
      events += s.say("秒杀29.9元，快去小黄车下单", at: 52_000)
      events += s.advance(to: 200_000)
      events += s.say("阿克苏的枣，包邮，3到5天到", at: 210_000)
      events += s.finish(at: 400_000)
      return (events, LiveReport(scenario: s.scenario, messages: .chinese, language: "zh").render(s.result()))
    }
    let a = run()
    let b = run()
    #expect(a.events == b.events)
    #expect(a.report == b.report)
    #expect(a.events.count > 20)
    // A different line at the same time changes the room.
    var c = liveSession(liveFixtureScenario(arrivals: 12, initial: 5))
    _ = c.say("大家好", at: 3_000)
    _ = c.finish(at: 400_000)
    #expect(LiveReport(scenario: c.scenario, messages: .chinese, language: "zh").render(c.result()) != a.report)
  }

  @Test("advancing in small steps or one jump gives the same room")
  func advanceGranularity() {
    var a = liveSession(liveFixtureScenario(arrivals: 20, initial: 3))
    var b = a
    var stepEvents: [LiveEvent] = []
    for t in stride(from: 0, through: 300_000, by: 137) { stepEvents += a.advance(to: t) }
    let jumpEvents = b.advance(to: 300_000)
    #expect(stepEvents == jumpEvents)
    #expect(a.onlineCount == b.onlineCount)
  }

  @Test("replaying the transcript of a session prints the identical report")
  func replayEqualsLive() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-live-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let scenario = liveFixtureScenario(arrivals: 10, initial: 4)
    let course = Course(
      id: "c", version: "1", title: Localized("c"), description: nil, languages: ["zh", "en"], sources: [], policy: Policy(),
      lexicons: [], lessons: [Lesson(id: "l", title: Localized("l"), steps: [Step(content: .live(scenario), location: scenario.location)], location: scenario.location)],
      path: "", digest: "d")
    let header = TranscriptHeader(
      session: "s", learner: "t", course: .init(course), started: Date(timeIntervalSince1970: 1_795_000_000), seed: "x", kind: "live",
      scenario: scenario.id)
    let path = dir + "/t.jsonl"
    let writer = try TranscriptWriter(path: path, header: header, syncEachLine: false)
    let report = LiveReport(scenario: scenario, messages: .chinese, language: "zh")
    let controller = LiveController(
      session: LiveSession(scenario: scenario, language: "zh", lexicons: liveFixtureLexicons()), report: report, transcript: writer,
      clock: TestClock(), mode: "real_time", speed: 1)
    var shown: [LiveLine] = []
    for (ms, line) in [(2_000, "大家好"), (31_500, "39.9元一盒"), (40_000, ":promo coupon5"), (41_000, ":help"), (60_000, "这是最好的枣"), (90_000, ":promo nope")] {
      shown += controller.advance(to: ms - 500)
      shown += controller.host(line, at: ms)
    }
    let live = controller.finish(at: 250_000, reason: .interrupt)
    #expect(shown.contains { $0.tone == .warning })
    let contents = try TranscriptReader.read(path)
    #expect(contents.events.contains { $0.event == .promo(id: "coupon5", atMs: 40_000) })
    #expect(contents.events.contains { $0.event == .host(text: "这是最好的枣", atMs: 60_000) })
    #expect(!contents.events.contains { if case .host(let t, _) = $0.event { t.hasPrefix(":") } else { false } })
    let (result, language) = LiveReplay.run(contents, scenario: scenario, course: course, lexicons: liveFixtureLexicons())
    #expect(language == "zh")
    #expect(report.render(result) == live)
    #expect(result == controller.result)
  }

  @Test("hostile input does not crash: a vanishing arrival rate, times out of order or far past the end, a huge line")
  func hostileInput() {
    var scenario = liveFixtureScenario(arrivals: 1e-300, initial: 2)
    scenario.audience.patienceSeconds = 5
    var s = liveSession(scenario)
    _ = s.say("大家好", at: -5_000)
    _ = s.say(String(repeating: "最好的枣44.9元", count: 20_000), at: 1_000)
    _ = s.say("回到过去", at: 500)
    #expect(s.lines.map(\.ms) == [0, 1_000, 1_000])
    _ = s.startPromotion("flash", at: Int.max / 4)
    _ = s.say("太晚了", at: Int.max / 2)
    _ = s.finish(at: Int.max)
    let r = s.result()
    #expect(r.durationMs == 600_000)
    #expect(r.score >= 0 && r.score <= 100)
    #expect(!LiveReport(scenario: scenario, messages: .english, language: "en").render(r).isEmpty)
  }

  @Test("speaking time: 240 ms per Chinese character, 400 ms per English word, at least 1.5 s")
  func speakingTime() {
    #expect(SpeakingTime.of("大家好") == 1_500)
    #expect(SpeakingTime.of("一盒三十九块九，包邮") == 9 * 240)
    #expect(SpeakingTime.of("one two three four five") == 2_000)
  }

  @Test("numbers read from speech: decimals, 44块9, thousands")
  func numbers() {
    #expect(HostLineAnalyzer.numbers(in: "44块9").map(\.value) == [44.9])
    #expect(HostLineAnalyzer.numbers(in: "1,000盒 39.9元").map(\.value) == [1000, 39.9])
  }
}

extension MessageCatalog {
  static var chinese: MessageCatalog { MessageCatalog(language: "zh", table: Messages.zh) }
}
