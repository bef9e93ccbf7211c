import Foundation
import Testing

@testable import BazaarKit

// What a line says about shipping, region by region (Sources/BazaarKit/Understanding/Shipping.swift),
// and whether that is right for a viewer in a region under a product's terms. Every expected value
// is worked out by hand from the rules documented on `ShippingStatement` and `Regions`.

private let shippingGrammar = LexiconSet(shippedGrammar()).grammar

private func statement(_ line: String) -> ShippingStatement {
  ShippingStatement(reading: TextReading(line: line, grammar: shippingGrammar))
}

private func terms(free: Bool = true, excluded: [String], noDelivery: [String] = []) -> ShippingTerms {
  var t = ShippingTerms(free: free, excluded: excluded)
  t.noDelivery = noDelivery
  return t
}

@Suite("ShippingStatement")
struct ShippingStatementTests {
  @Test("the grammar it reads with is the shipped one")
  func grammarLoaded() {
    #expect(!shippingGrammar.isEmpty)
  }

  @Test("广东上海都包邮，西藏、青海、海南不发货: free to two, no delivery to three")
  func regionByRegion() {
    let s = statement("广东上海都包邮，西藏、青海、海南不发货")
    #expect(s.free == ["广东", "上海"])
    #expect(s.noDelivery == ["西藏", "青海", "海南"])
    #expect(s.notFree == [])
    #expect(s.genericFree == nil)
    #expect(!s.universal)
    #expect(!s.remoteExcluded)
    #expect(s.isQualified)
    #expect(s.claimsFree)
    // Quoted as written, from the first region named to the end of the last clause naming one.
    #expect(s.qualifiedClause == "广东上海都包邮，西藏、青海、海南不发货")

    let real = terms(excluded: ["西藏", "青海", "海南"], noDelivery: ["西藏"])
    #expect(s.verdict(for: "广东", terms: real) == .correct)
    #expect(s.verdict(for: "上海", terms: real) == .correct)
    #expect(s.verdict(for: "西藏", terms: real) == .correct)
    // 青海 is delivered to (with postage): "不发货" is wrong for it.
    #expect(s.verdict(for: "青海", terms: real) == .wrong)
    // Nothing was said about 北京.
    #expect(s.verdict(for: "北京", terms: real) == nil)
    #expect(s.verdict(for: nil, terms: real) == .correct)
    // When 青海 is not served either, saying so is right.
    #expect(s.verdict(for: "青海", terms: terms(excluded: ["西藏", "青海", "海南"], noDelivery: ["西藏", "青海", "海南"])) == .correct)
    // No free shipping at all: 广东 包邮 is wrong.
    #expect(s.verdict(for: "广东", terms: terms(free: false, excluded: [])) == .wrong)
  }

  @Test("西藏、青海、海南不发货，其他地区都包邮: no delivery to three, free elsewhere (docs/grading.md)")
  func noDeliveryThenFreeElsewhere() {
    let s = statement("西藏、青海、海南不发货，其他地区都包邮")
    #expect(s.noDelivery == ["西藏", "青海", "海南"])
    #expect(s.free == [])
    #expect(s.genericFree == "包邮")
    let real = terms(excluded: ["西藏", "青海", "海南"], noDelivery: ["西藏", "青海", "海南"])
    #expect(s.verdict(for: "西藏", terms: real) == .correct)
    #expect(s.verdict(for: "广东", terms: real) == .correct)
    // 海南 is in fact served free: telling a viewer there it is not served is wrong.
    #expect(s.verdict(for: "海南", terms: terms(excluded: ["西藏", "青海"], noDelivery: ["西藏", "青海"])) == .wrong)
  }

  @Test("包邮 alone: right for a viewer in 广东, wrong for one in an excluded 西藏")
  func genericFree() {
    let s = statement("包邮")
    #expect(s.genericFree == "包邮")
    #expect(!s.universal)
    #expect(!s.isQualified)
    #expect(s.claimsFree)
    let real = terms(excluded: ["西藏", "青海"])
    #expect(s.verdict(for: "西藏", terms: real) == .wrong)
    #expect(s.verdict(for: "广东", terms: real) == .correct)
    #expect(s.verdict(for: "广东", terms: terms(free: false, excluded: [])) == .wrong)
  }

  @Test("除了西藏青海，其他地方都包邮: the two excepted, the rest free")
  func exceptBefore() {
    let s = statement("除了西藏青海，其他地方都包邮")
    #expect(s.notFree == ["西藏", "青海"])
    #expect(s.free == [])
    #expect(s.noDelivery == [])
    #expect(s.genericFree == "包邮")
    #expect(s.isQualified)
    let real = terms(excluded: ["西藏", "青海"])
    #expect(s.verdict(for: "西藏", terms: real) == .correct)
    #expect(s.verdict(for: "青海", terms: real) == .correct)
    #expect(s.verdict(for: "广东", terms: real) == .correct)
    // 海南 is excluded too, but not named: "其他地方都包邮" is wrong for it.
    #expect(s.verdict(for: "海南", terms: terms(excluded: ["西藏", "青海", "海南"])) == .wrong)
  }

  @Test("偏远地区不包邮: remote regions excluded, whichever they are")
  func remote() {
    let s = statement("偏远地区不包邮")
    #expect(s.remoteExcluded)
    #expect(!s.claimsFree)
    #expect(s.free.isEmpty && s.notFree.isEmpty && s.noDelivery.isEmpty)
    #expect(s.isQualified)
    #expect(s.qualifiedClause == "偏远地区不包邮")
    let real = terms(excluded: ["西藏", "青海"])
    #expect(s.verdict(for: "西藏", terms: real) == .correct)
    #expect(s.verdict(for: "广东", terms: real) == nil)
    #expect(s.verdict(for: nil, terms: real) == .correct)
  }

  @Test("free shipping except Tibet and Qinghai")
  func exceptAfterEnglish() {
    let s = statement("free shipping except Tibet and Qinghai")
    #expect(s.genericFree == "free shipping")
    #expect(s.notFree == ["西藏", "青海"])
    #expect(s.free == [])
    #expect(s.qualifiedClause == "free shipping except Tibet and Qinghai")
    let real = terms(excluded: ["西藏", "青海"])
    #expect(s.verdict(for: "西藏", terms: real) == .correct)
    #expect(s.verdict(for: "广东", terms: real) == .correct)
    #expect(s.verdict(for: "海南", terms: terms(excluded: ["西藏", "青海", "海南"])) == .wrong)
  }

  @Test("包邮，除了西藏青海: exceptions after the claim")
  func exceptAfterChinese() {
    let s = statement("包邮，除了西藏青海")
    #expect(s.genericFree == "包邮")
    #expect(s.notFree == ["西藏", "青海"])
    #expect(s.verdict(for: "青海", terms: terms(excluded: ["西藏", "青海"])) == .correct)
  }

  @Test("Tibet, Qinghai and Hainan pay 10 yuan: three regions that pay postage")
  func payExtra() {
    let s = statement("Tibet, Qinghai and Hainan pay 10 yuan")
    #expect(s.notFree == ["西藏", "青海", "海南"])
    #expect(s.free == [] && s.noDelivery == [])
    #expect(s.genericFree == nil)
    #expect(!s.genericNotFree)
    #expect(!s.claimsFree)
    #expect(s.isQualified)
    #expect(s.verdict(for: "海南", terms: terms(excluded: ["西藏", "青海", "海南"])) == .correct)
    // 海南 ships free in fact: saying it pays is wrong.
    #expect(s.verdict(for: "海南", terms: terms(excluded: ["西藏"])) == .wrong)
    #expect(s.verdict(for: "广东", terms: terms(excluded: ["西藏"])) == nil)
  }

  @Test("free shipping to Hainan names Hainan, and is no claim about everywhere")
  func freeTo() {
    for line in ["free shipping to Hainan", "包邮到海南"] {
      let s = statement(line)
      #expect(s.free == ["海南"], "\(line)")
      #expect(s.genericFree == nil, "\(line)")
      #expect(s.verdict(for: "海南", terms: terms(excluded: ["西藏", "青海", "海南"])) == .wrong, "\(line)")
      #expect(s.verdict(for: "海南", terms: terms(excluded: ["西藏"])) == .correct, "\(line)")
      #expect(s.verdict(for: "广东", terms: terms(excluded: ["西藏"])) == nil, "\(line)")
    }
  }

  @Test("不是全国包邮 denies free shipping everywhere: true when some regions pay")
  func deniedUniversal() {
    let s = statement("不是全国包邮")
    #expect(!s.claimsFree)
    #expect(s.genericFree == nil)
    #expect(s.free.isEmpty)
    let real = terms(excluded: ["西藏", "青海"])
    // A viewer in an excluded region is rightly told it is not free for everyone.
    #expect(s.verdict(for: "西藏", terms: real) == .correct)
    // Said to a viewer whose region is unknown, the statement is true: 西藏 and 青海 pay.
    #expect(s.verdict(for: nil, terms: real) == .correct)
    // When every region ships free, denying it is wrong.
    #expect(s.verdict(for: nil, terms: terms(excluded: [])) == .wrong)
  }

  @Test("不是全国包邮，西藏青海要补运费: the honest full answer is right for every viewer")
  func deniedUniversalWithExceptions() {
    let s = statement("不是全国包邮，西藏青海要补运费")
    #expect(!s.claimsFree)
    #expect(s.notFree == ["西藏", "青海"])
    let real = terms(excluded: ["西藏", "青海"])
    #expect(s.verdict(for: "西藏", terms: real) == .correct)
    #expect(s.verdict(for: "青海", terms: real) == .correct)
    // Exactly the product's terms: nobody is told anything false.
    #expect(s.verdict(for: nil, terms: real) == .correct)
    #expect(s.verdict(for: "广东", terms: real) != .wrong)
  }

  @Test("全国包邮 claims everywhere: wrong, for a viewer of unknown region, when some regions are excluded")
  func universalClaim() {
    let s = statement("全国包邮")
    #expect(s.universal)
    #expect(s.genericFree == "包邮")
    let real = terms(excluded: ["西藏", "青海"])
    #expect(s.verdict(for: "广东", terms: real) == .correct)
    #expect(s.verdict(for: "西藏", terms: real) == .wrong)
    #expect(s.verdict(for: nil, terms: real) == .wrong)
    #expect(s.verdict(for: nil, terms: terms(excluded: [])) == .correct)
  }

  @Test("a quoted or denied no-delivery says nothing of delivery")
  func quotedAndDenied() {
    // Somebody else's question, quoted (有人问): the host says nothing about Tibet.
    let asked = statement("有人问西藏不发货吗")
    #expect(asked.noDelivery.isEmpty)
    #expect(!asked.isQualified)
    // 不是不发货: "it is not that we do not deliver" — a denied no-delivery is no no-delivery.
    let denied = statement("西藏不是不发货")
    #expect(denied.noDelivery.isEmpty)
    #expect(denied.notFree.isEmpty)
  }

  @Test("a region with two names in one place is named once")
  func regionOnce() {
    // 内蒙古 and its short form 内蒙 both start at 0: one region, one mention.
    #expect(statement("内蒙古不发货").noDelivery == ["内蒙古"])
  }
}

@Suite("ShippingStatement: Regions")
struct ShippingRegionsTests {
  @Test("canonical names: aliases, cities, English, full-width, unknown")
  func canonical() {
    #expect(Regions.canonical("西藏") == "西藏")
    #expect(Regions.canonical("拉萨") == "西藏")
    #expect(Regions.canonical("Tibet") == "西藏")
    #expect(Regions.canonical("ＴＩＢＥＴ") == "西藏")
    #expect(Regions.canonical("Hong Kong") == "香港")
    #expect(Regions.canonical("乌鲁木齐") == "新疆")
    #expect(Regions.canonical("内蒙") == "内蒙古")
    #expect(Regions.canonical("深圳") == "广东")
    #expect(Regions.canonical("火星") == nil)
    #expect(Regions.canonical("") == nil)
  }

  @Test("the region a viewer names, in the question or the name")
  func named() {
    #expect(Regions.named(in: ["拉萨小卓玛"]) == "西藏")
    #expect(Regions.named(in: ["包邮吗？", "拉萨小卓玛"]) == "西藏")
    #expect(Regions.named(in: ["发新疆吗？", "拉萨小卓玛"]) == "新疆")
    #expect(Regions.named(in: ["shipping to Hainan?"]) == "海南")
    #expect(Regions.named(in: ["包邮吗", "老王"]) == nil)
    #expect(Regions.named(in: []) == nil)
  }

  @Test("新疆发货 and 从新疆 say where parcels leave from, not where the viewer is")
  func origin() {
    #expect(Regions.named(in: ["新疆发货几天到？"]) == nil)
    #expect(Regions.named(in: ["包邮吗？新疆发货几天到？", "老王"]) == nil)
    #expect(Regions.named(in: ["从新疆发过来要几天"]) == nil)
    // 新疆发货 exempts only that 新疆: a destination named after it still counts.
    #expect(Regions.named(in: ["新疆发货到西藏几天？"]) == "西藏")
  }
}
