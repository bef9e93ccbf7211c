import Testing
@testable import BazaarKit

/// Short answers typed the way people answer: with a lead word (`是运费`), a hedge (`我觉得是运费`)
/// or a sentence-final particle (`运费吧`). Labels written by hand: a hedge does not change the
/// answer; a negation or another word does.
@Suite("short answers with hedges")
struct ShortAnswerHedgeTests {
  let freight: Question
  let english: Question
  let caseSensitive: Question
  let pattern: Question

  init() throws {
    freight = try question("kind: short\nprompt: 快递的钱叫什么？\nanswers: [运费, 邮费]\nexplanation: x")
    english = try question("kind: short\nprompt: What do you pay the courier?\nanswer: freight\nexplanation: x")
    caseSensitive = try question("kind: short\nprompt: Which courier?\nanswer: DHL\ncase_sensitive: true\nexplanation: x")
    pattern = try question(
      "kind: short\nprompt: 葡萄属于什么商品？\nanswers:\n  - regex: '^鲜活易腐(的)?(商品)?$'\n    examples: [鲜活易腐商品]\nexplanation: x")
  }

  @Test(
    "a hedge or a particle around the right answer is the right answer",
    arguments: [
      "是运费", "运费吧", "运费吧？", "答案是运费", "答案：运费", "答：邮费", "应该是运费吧", "我觉得是运费", "我猜是邮费",
      "可能是运费", "大概是运费吧", "运费呢", "是运费啊", "运费 吧", "就是运费", "是运费呀", "运费啦", "我认为应该是运费",
      "大概运费吧", "运费。",
    ])
  func chinese(_ typed: String) {
    #expect(grade(freight, typed).score == 1, "\(typed)")
  }

  @Test(
    "a negation or another word is not the answer",
    arguments: ["不是运费", "应该不是运费", "是运费险", "运费险吧", "运", "是", "吧", "答案是", "运费不是", "没有运费"])
  func chineseWrong(_ typed: String) {
    #expect(grade(freight, typed).score == 0, "\(typed)")
  }

  @Test(
    "English hedges around the right answer",
    arguments: ["it's freight", "It is freight.", "I think it's freight", "maybe freight", "freight, I think",
                "The answer is: freight", "probably freight?", "the freight", "The freight.", "a freight"])
  func english(_ typed: String) {
    #expect(grade(english, typed).score == 1, "\(typed)")
  }

  @Test(
    "English: only whole words are hedges",
    arguments: ["not freight", "isfreight", "freightliner", "answerfreight", "thefreight", "afreight", "no freight"])
  func englishWrong(_ typed: String) {
    #expect(grade(english, typed).score == 0, "\(typed)")
  }

  @Test func caseStillMattersWhenAsked() {
    #expect(grade(caseSensitive, "I think it's DHL").score == 1)
    #expect(grade(caseSensitive, "I think it's dhl").score == 0)
    #expect(grade(caseSensitive, "dhl").score == 0)
  }

  @Test func anchoredRegexAfterHedges() {
    #expect(grade(pattern, "是鲜活易腐商品吧").score == 1)
    #expect(grade(pattern, "鲜活易腐的商品").score == 1)
    #expect(grade(pattern, "不是鲜活易腐商品").score == 0)
  }

  @Test(
    "true/false read through the same hedges",
    arguments: [("错吧", false), ("应该是错的", false), ("对吧", true), ("我觉得是对的", true), ("I think it's false", false),
                ("maybe true", true)])
  func trueFalse(_ typed: String, _ said: Bool) throws {
    let q = try question("kind: truefalse\nprompt: p\nanswer: false\nexplanation: x")
    #expect(grade(q, typed).score == (said ? 0 : 1), "\(typed)")
  }

  @Test("a hedge alone, or a negation, is not read as true or false", arguments: ["是吧", "我觉得", "maybe"])
  func trueFalseUnread(_ typed: String) throws {
    let q = try question("kind: truefalse\nprompt: p\nanswer: false\nexplanation: x")
    #expect(grade(q, typed).notes.contains { if case .notTrueFalse = $0 { true } else { false } }, "\(typed)")
  }

  @Test("the number reader shares the hedges", arguments: ["我觉得是28", "28吧", "应该是28元吧", "答案：28"])
  func numbers(_ typed: String) throws {
    let q = try question("kind: number\nprompt: p\nanswer: 28\nunit: 元\nexplanation: x")
    #expect(grade(q, typed).score == 1, "\(typed)")
  }
}
