import Foundation
import Testing
@testable import BazaarKit

/// The lexicon folder of this package.
private let lexiconFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("courses/lexicon").path

private func parse(_ yaml: String, path: String = "lexicon/cues.yaml") -> (Lexicon?, [Diagnostic]) {
  LexiconLoader.parse(bytes: Array(yaml.utf8), path: path)
}

private func shipped(_ name: String) throws -> Lexicon {
  let path = lexiconFolder + "/" + name + ".yaml"
  let (lexicon, diagnostics) = LexiconLoader.parse(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))), path: path)
  #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
  return try #require(lexicon)
}

@Suite("cue lexicons")
struct CueLexiconTests {
  @Test("a cue lexicon files every word under a topic; a missing or unknown topic is an error at its line")
  func topicsAreChecked() {
    let (good, gd) = parse(
      """
      lexicon: cues
      category: cue
      topics:
        returns: {label: {zh: 售后, en: after-sales}, rule: {zh: 说清能不能退, en: say whether returns apply}}
      terms:
        - {term: 上车, topic: call_to_action, reason: {zh: 上小黄车, en: to the cart}}
        - {term: 售后, topic: returns}
      """)
    #expect(gd.isEmpty, "\(gd.map(\.message))")
    #expect(good?.isCue == true)
    #expect(good?.terms.map(\.topic) == ["call_to_action", "returns"])
    #expect(good?.topics["returns"]?.label?.text("zh") == "售后")
    #expect(good?.topics["returns"]?.rule?.text("en") == "say whether returns apply")

    let (bad, bd) = parse(
      """
      lexicon: cues
      category: cue
      terms:
        - 上车
        - {term: 售后, topic: return}
        - {term: 包邮, topic: postage}
        - {term: 链接, topic: call_to_action}
      """)
    #expect(bad == nil)
    let found = bd.map { "\($0.code)@\($0.location?.line ?? 0)" }
    #expect(found == ["E038@4", "E039@5", "E039@6"])
    #expect(bd[0].message.contains("topic: price"))
    #expect(bd[1].message.contains("did you mean `returns`"))
    #expect(bd[2].message.contains("`call_to_action`"))
  }

  @Test("topic: in a lexicon of banned words is ignored with a warning")
  func topicOutsideCueLexicon() {
    let (l, d) = parse(
      """
      lexicon: words
      category: absolute
      terms:
        - {term: 最好, topic: price}
      """, path: "lexicon/words.yaml")
    #expect(l?.terms.first?.topic == nil)
    #expect(d.map(\.code) == ["W012"])
  }

  @Test("cue words are never findings: not in answers, not on host lines")
  func cueWordsAreNotFindings() throws {
    let cues = try shipped("live-cues")
    let absolute = try shipped("absolute-terms")
    let set = LexiconSet([cues, absolute])
    let hits = set.hits(in: "想要的点小黄车下单，最好的枣", lexicons: ["live-cues", "absolute-terms"])
    #expect(hits.map(\.term) == ["最好"])
    #expect(set.cueLexicons(["absolute-terms", "live-cues", "nope"]).map(\.name) == ["live-cues"])
  }

  @Test("a topic the cue lexicon lists uses its words and exemptions; the others keep the built-in words")
  func lexiconReplacesBuiltInWordsPerTopic() {
    let loc = SourceLocation(path: "", line: 0, column: 0)
    let cues = Lexicon(
      name: "cues", title: Localized("cues"), category: "cue", rule: nil,
      terms: [
        Lexicon.Term(text: "上车", topic: "call_to_action", reason: nil, advice: nil, exemptions: [], location: loc),
        Lexicon.Term(text: "拍", topic: "call_to_action", reason: nil, advice: nil, exemptions: ["拍照"], location: loc),
      ],
      exemptions: [], path: "")
    let scenario = liveFixtureScenario()
    let with = HostLineAnalyzer(scenario: scenario, lexicons: LexiconSet([cues]), courseLexicons: ["cues"])
    let without = HostLineAnalyzer(scenario: scenario, lexicons: LexiconSet([cues]), courseLexicons: [])
    func actions(_ a: HostLineAnalyzer, _ line: String) -> Set<HostAction> { a.analyze(line, room: RoomFacts(stock: [200])).actions }
    #expect(actions(with, "喜欢的老乡赶紧上车").contains(.callToAction))
    #expect(!actions(without, "喜欢的老乡赶紧上车").contains(.callToAction) || actions(without, "喜欢的老乡赶紧上车") == actions(without, "赶紧"))
    #expect(!actions(with, "点击下单").contains(.callToAction), "the lexicon's words replace the built-in ones for its topics")
    #expect(actions(without, "点击下单").contains(.callToAction))
    #expect(!actions(with, "我拍照给大家").contains(.callToAction), "拍照 is exempt")
    #expect(actions(with, "去拍一单").contains(.callToAction))
    // Topics the lexicon does not list keep the built-in words.
    #expect(actions(with, "扣1让我看到你").contains(.engage))
    #expect(with.cueTopics(in: "上车！扣1") == [.callToAction, .engage])
  }

  @Test("the shipped cue lexicon: every word and topic in Chinese and English, no word a banned-word lexicon flags")
  func shippedLexiconIsComplete() throws {
    let cues = try shipped("live-cues")
    #expect(cues.isCue)
    let topics = Set(cues.terms.compactMap(\.topic))
    // The topics the issue names, at least.
    for topic in ["price", "shipping", "origin", "returns", "call_to_action"] { #expect(topics.contains(topic), "\(topic)") }
    for topic in topics {
      let text = try #require(cues.topics[topic], "topic \(topic) has no label and rule")
      for lang in ["zh", "en"] {
        #expect(text.label?.exact(lang)?.isEmpty == false, "\(topic) label \(lang)")
        #expect(text.rule?.exact(lang)?.isEmpty == false, "\(topic) rule \(lang)")
      }
    }
    for term in cues.terms {
      #expect(term.reason?.exact("zh")?.isEmpty == false && term.reason?.exact("en")?.isEmpty == false, "\(term.text)")
    }
    let banned = LexiconSet(try ["absolute-terms", "medical-claims", "price-claims"].map(shipped))
    let flagged = cues.terms.filter { !banned.hits(in: $0.text, lexicons: ["absolute-terms", "medical-claims", "price-claims"]).isEmpty }
    #expect(flagged.isEmpty, "\(flagged.map(\.text))")
  }

  @Test("the shipped cue lexicon knows what is not a cue: 营养价值 is no price, 拍照 no order, 退出 no return, 阿克苏 no weight")
  func shippedExemptions() throws {
    let cues = try shipped("live-cues")
    let analyzer = HostLineAnalyzer(scenario: liveFixtureScenario(), lexicons: LexiconSet([cues]), courseLexicons: ["live-cues"])
    #expect(analyzer.cueTopics(in: "枣的营养价值大家都知道") == [])
    #expect(analyzer.cueTopics(in: "我拍照给大家") == [])
    #expect(analyzer.cueTopics(in: "别退出直播间") == [])
    #expect(analyzer.cueTopics(in: "阿克苏和托克逊") == [.origin], "a place of origin, not a weight")
    #expect(analyzer.cueTopics(in: "一盒39块9，包邮，产地阿克苏，支持七天无理由退货，点小黄车下单") == [
      .price, .shipping, .origin, .returns, .callToAction,
    ])
  }
}

@Suite("broadcast topics")
struct BroadcastTopicsTests {
  @Test("a broadcast's topics: lines and first time for each, and the rule for a topic never mentioned")
  func topicsOfABroadcast() throws {
    let srt = """
      1
      00:00:01,000 --> 00:00:03,000
      老乡们好，扣1让我看到你

      2
      00:00:05,000 --> 00:00:08,000
      今天这个枣夹核桃，到手39块9

      3
      00:01:10,000 --> 00:01:12,000
      包邮，48小时内发货，想要的点小黄车

      4
      00:02:00,000 --> 00:02:02,000
      价格再说一遍，39块9
      """
    let t = try BroadcastTranscript.parse(bytes: Array(srt.utf8), path: "show.srt").get()
    let cues = try shipped("live-cues")
    let topics = t.topics(lexicons: LexiconSet([cues]), names: ["live-cues"], messages: .english, language: "zh")
    let byId = Dictionary(uniqueKeysWithValues: topics.map { ($0.topic, $0) })
    #expect(topics.first?.topic == "price")
    #expect(byId["price"]?.cues == 2)
    #expect(byId["price"]?.firstMs == 5_000)
    #expect(byId["price"]?.firstLine == 5, "the line of the cue's number")
    #expect(byId["shipping"]?.cues == 1)
    #expect(byId["shipping"]?.firstMs == 70_000)
    #expect(byId["engage"]?.cues == 1)
    #expect(byId["returns"]?.cues == 0)
    #expect(byId["returns"]?.label == "售后")
    #expect(byId["returns"]?.rule?.contains("七日无理由") == true)
    #expect(byId["returns"]?.isMissing == true)
    #expect(byId["stock"]?.cues == 0 && byId["stock"]?.isMissing == false, "stock need not be mentioned")

    // Without a cue lexicon: every topic, with the built-in words and the catalogue's labels.
    let builtIn = t.topics(lexicons: LexiconSet(), names: [], messages: .english, language: "en")
    #expect(builtIn.map(\.topic) == CueTopic.allCases.map(\.rawValue))
    #expect(builtIn.first { $0.topic == "returns" }?.label == "returns")
    #expect(builtIn.first { $0.topic == "price" }?.cues == 2)
  }
}

@Suite("pitch concepts from cue topics")
struct PitchTopicTests {
  static let cues = """
    lexicon: live-cues
    category: cue
    terms:
      - {term: 退, topic: returns, exempt: [退出]}
      - {term: 售后, topic: returns}
    """

  static func course(lexicons: String, concept: String, model: String) -> String {
    """
    id: pitch-test
    version: "1"
    title: {zh: 话术, en: Pitch}
    languages: [zh, en]
    \(lexicons)
    lessons:
      - id: l1
        title: {zh: 第一课, en: One}
        steps:
          - id: grapes
            kind: pitch
            prompt: {zh: 说说售后, en: Say what after-sales you offer}
            explanation: {zh: 说清楚坏果怎么办, en: say what happens to spoiled fruit}
            concepts:
              - {id: price, cues: [59.9]}
              - \(concept)
            model_answer: \(model)
            wrong_examples: [葡萄59.9元，别退出直播间]
    """
  }

  @Test("a concept with topic: is covered by the cue lexicon's words for it, exemptions included")
  func topicConcept() throws {
    let yaml = Self.course(
      lexicons: "lexicons: [live-cues]", concept: "{id: after-sales, topic: returns}", model: "葡萄59.9元，坏果包退")
    let fs = MemoryFileSystem(["c/pitch.yaml": yaml, "c/lexicon/live-cues.yaml": Self.cues])
    let linted = Linter(fileSystem: fs).lintFile("c/pitch.yaml")
    #expect(linted.diagnostics.isEmpty, "\(linted.diagnostics.map { "\($0.code) \($0.message)" })")

    let loaded = CourseLoader.load(path: "c/pitch.yaml", fileSystem: fs)
    let course = try #require(loaded.course)
    let (set, problems) = LexiconLibrary(fileSystem: fs).resolve(loaded, coursePath: "c/pitch.yaml")
    #expect(problems.isEmpty)
    let q = try #require(course.questions.first)
    let p = Presentation(q, seed: "1")
    #expect(Grader.grade("59.9元，有售后", for: p, lexicons: set, courseLexicons: course.lexicons).score == 1)
    #expect(Grader.grade("59.9元，别退出", for: p, lexicons: set, courseLexicons: course.lexicons).score == 0.5)
  }

  @Test("E040 when no cue lexicon lists the topic; E010 when a concept has neither cues nor topic; E039 for an unknown topic")
  func topicErrors() {
    let noCueLexicon = Self.course(lexicons: "", concept: "{id: after-sales, topic: returns}", model: "葡萄59.9元，坏果包退")
    let fs = MemoryFileSystem(["c/pitch.yaml": noCueLexicon, "c/lexicon/live-cues.yaml": Self.cues])
    let d = Linter(fileSystem: fs).lintFile("c/pitch.yaml").diagnostics
    #expect(d.map(\.code).contains("E040"))
    #expect(d.first { $0.code == "E040" }?.location?.line == 16, "the line of the concept")

    let neither = Self.course(lexicons: "lexicons: [live-cues]", concept: "{id: after-sales}", model: "葡萄59.9元")
    let d2 = Linter(fileSystem: MemoryFileSystem(["c/pitch.yaml": neither, "c/lexicon/live-cues.yaml": Self.cues]))
      .lintFile("c/pitch.yaml").diagnostics
    #expect(d2.map(\.code).contains("E010"))

    let unknown = Self.course(lexicons: "lexicons: [live-cues]", concept: "{id: after-sales, topic: return}", model: "葡萄59.9元")
    let d3 = Linter(fileSystem: MemoryFileSystem(["c/pitch.yaml": unknown, "c/lexicon/live-cues.yaml": Self.cues]))
      .lintFile("c/pitch.yaml").diagnostics
    #expect(d3.first { $0.code == "E039" }?.message.contains("did you mean `returns`") == true)
  }
}

@Suite("overlapping lexicon hits")
struct OverlappingHitsTests {
  @Test("one phrase, one finding: the longest of overlapping terms wins, across lexicons and within one")
  func longestWins() throws {
    let absolute = try shipped("absolute-terms")
    let price = try shipped("price-claims")
    let set = LexiconSet([absolute, price])
    let names = ["absolute-terms", "price-claims"]
    #expect(set.hits(in: "这价格全网最低", lexicons: names).map(\.term) == ["全网最低"])
    #expect(set.hits(in: "全国最低价", lexicons: names).map(\.term) == ["全国最"])
    #expect(set.hits(in: "最好最甜", lexicons: names).map(\.term).sorted() == ["最好", "最甜"])
    #expect(set.hits(in: "收到最好放冰箱", lexicons: names).isEmpty, "最好 meaning 'had better'")
  }
}

@Suite("host lines: prices in context")
struct PricesInContextTests {
  func wrongPrices(_ line: String, threshold: Double? = nil, active: Bool = false) -> [Double] {
    var scenario = liveFixtureScenario()
    scenario.promotions[0].kind = .coupon(amount: 3, threshold: threshold)
    let analyzer = HostLineAnalyzer(scenario: scenario, lexicons: LexiconSet(), courseLexicons: [])
    var room = RoomFacts(stock: [200])
    if active { room.activeCoupons[0] = [(3, threshold)] }
    return analyzer.analyze(line, room: room).violations.compactMap {
      if case .wrongPrice(let said, _) = $0.kind { said } else { nil }
    }
  }

  @Test("a threshold coupon: the fewest items that reach it, less the amount, is a right total; one item less the amount is not")
  func thresholdCouponTotals() {
    #expect(wrongPrices("满60减3元券，买两袋79.8，用券76.8", threshold: 60).isEmpty)
    #expect(wrongPrices("用券只要36.9", threshold: 60) == [36.9], "one bag does not reach 60")
    #expect(wrongPrices("用券只要36.9", threshold: nil).isEmpty, "without a threshold it does")
    #expect(wrongPrices("现在76.8", threshold: 60, active: true).isEmpty)
    #expect(HostLineAnalyzer.couponTotals(price: 39.9, amount: 3, threshold: 1e30).isEmpty)
  }

  @Test("a sum for the excluded regions is postage, not a wrong price; the same sum elsewhere is")
  func surchargeIsNotAPrice() {
    #expect(wrongPrices("free shipping except Tibet and Qinghai, which pay 10 yuan.").isEmpty)
    #expect(wrongPrices("除西藏、青海外包邮，这两地补10元").isEmpty)
    #expect(wrongPrices("今天只要10元") == [10])
    #expect(wrongPrices("we do ship to Xinjiang, but not free, it's 8 yuan more per order").isEmpty)
  }

  @Test("a count of jars, tins or bottles after 'only' is stock, not a price (the rose room's English host)")
  func jarsAreNotAPrice() {
    #expect(wrongPrices("The flash sale starts now: only 30 jars, for two minutes.").isEmpty)
    #expect(wrongPrices("Only 30 jars of jam at the flash price").isEmpty)
    #expect(wrongPrices("限量30瓶，两分钟").isEmpty)
    #expect(wrongPrices("只有20罐了").isEmpty)
    #expect(wrongPrices("only 30 today") == [30], "a bare number after 'only' is still a price")
  }

  @Test("an English crossed-out price with its basis is no wrong price")
  func englishCrossedOutPrice() {
    #expect(wrongPrices("The crossed-out 49.9 is what it sold for every day in the 7 days before this promotion.").isEmpty)
    #expect(wrongPrices("39.9 yuan a bag, the list price 49.9").isEmpty)
  }
}

@Suite("live viewers who cannot be served")
struct ExcludedRegionViewerTests {
  @Test("a scripted viewer asking to ship to an excluded region never orders, however well the host sells")
  func excludedRegionViewerNeverBuys() {
    var scenario = liveFixtureScenario(arrivals: 0, initial: 0)
    scenario.products[0].shipping.noDelivery = ["西藏"]
    scenario.events = [
      ScriptedViewerEvent(atSeconds: 5, viewer: "拉萨小卓玛", text: Localized(["zh": "能发西藏吗？", "en": "Can you ship to Tibet?"]), asks: .shipping),
      ScriptedViewerEvent(atSeconds: 5, viewer: "上海阿芳", text: Localized(["zh": "几天到上海？", "en": "Days to Shanghai?"]), asks: .shipping),
    ]
    var s = liveSession(scenario)
    var events: [LiveEvent] = []
    events += s.advance(to: 6_000)
    events += s.say("除西藏、青海外包邮，48小时内发货，3到5天到", at: 8_000)
    for i in 0..<20 {
      events += s.say("给大家看看枣夹核桃，一盒39.9，点小黄车下单，只剩最后几单了", at: 20_000 + i * 15_000)
    }
    events += s.finish(at: 340_000)
    let buyers = events.compactMap { if case .order(let v, _, _, _) = $0 { v } else { nil } }
    #expect(!buyers.contains("拉萨小卓玛"))
    #expect(s.viewers.first { $0.name == "拉萨小卓玛" }?.cannotBuy == true)
    #expect(s.viewers.first { $0.name == "上海阿芳" }?.cannotBuy == false)
  }
}
