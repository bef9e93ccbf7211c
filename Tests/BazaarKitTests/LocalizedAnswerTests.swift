import Testing
@testable import BazaarKit

@Suite("answers in the learner's language")
struct LocalizedAnswerTests {
  @Test("unit: one per language: either may be typed, each learner reads their own, singular or plural")
  func localizedUnit() throws {
    let q = try question("kind: number\nprompt: {zh: 至少几张主图？, en: At least how many main images?}\nanswer: 4\nunit: {zh: 张, en: images}\nexplanation: x")
    for typed in ["4", "4张", "4 images", "4 image", "4 Images"] { #expect(grade(q, typed).isCorrect, "\(typed)") }
    let wrong = grade(q, "4 kg")
    #expect(wrong.score == 0 && wrong.notes.contains(.wrongUnit(typed: "kg", expected: "张 / images")))
    let p = Presentation(q, seed: "s")
    #expect(p.correctAnswer("zh") == "4张")
    #expect(p.correctAnswer("en") == "4 images")
  }

  @Test("元 reads as yuan outside Chinese")
  func yuanInEnglish() throws {
    let q = try question("kind: number\nprompt: p\nanswer: 39.9\nunit: 元\nexplanation: x")
    let p = Presentation(q, seed: "s")
    #expect(p.correctAnswer("zh") == "39.9元")
    #expect(p.correctAnswer("en") == "39.9 yuan")
    #expect(Presentation.unitLabel("元/斤", names: nil, "en") == "yuan/斤")
    #expect(grade(q, "39.9 yuan").isCorrect)
  }

  @Test("a short answer's right answer is shown in the learner's script")
  func shortAnswerInTheLearnersScript() throws {
    let q = try question("kind: short\nprompt: p\nanswers: [快递费, courier fee, express]\nexplanation: x")
    let p = Presentation(q, seed: "s")
    #expect(p.correctAnswer("zh") == "快递费")
    #expect(p.correctAnswer("en") == "courier fee")
  }

  @Test("model_answer: one per language, each self-checked, each learner shown their own")
  func localizedModelAnswer() throws {
    let q = try question(
      """
      kind: pitch
      prompt: p
      concepts:
        - {id: price, cues: ["39.9"]}
        - {id: origin, cues: [阿克苏, Aksu]}
      model_answer:
        zh: 阿克苏的枣，39.9元
        en: Jujubes from Aksu, 39.9 yuan
      explanation: x
      """)
    let p = Presentation(q, seed: "s")
    #expect(p.correctAnswer("zh") == "阿克苏的枣，39.9元")
    #expect(p.correctAnswer("en") == "Jujubes from Aksu, 39.9 yuan")
    #expect(p.correctAnswer("ug", fallback: ["zh"]) == "阿克苏的枣，39.9元")
    guard case .pitch(let key) = q.kind else { Issue.record("not a pitch"); return }
    #expect(key.modelAnswers.count == 2)
  }
}

@Suite("question-level banned words")
struct QuestionBannedTests {
  @Test("a banned word written with its reason and advice tells the learner why")
  func bannedWithReason() throws {
    let q = try question(
      """
      kind: listing
      prompt: p
      max_chars: 30
      keywords: [玫瑰花]
      banned:
        - {term: 好物, reason: {zh: 笼统标题词, en: a catch-all title word}, advice: {zh: 写出具体品名, en: name the product}}
        - 百货
      explanation: x
      """)
    let g = grade(q, "和田玫瑰花 好物 百货")
    #expect(g.notes.contains(.banned(term: "好物", reason: Localized(["zh": "笼统标题词", "en": "a catch-all title word"]), advice: Localized(["zh": "写出具体品名", "en": "name the product"]))))
    #expect(g.render("en").contains("“好物” is not allowed: a catch-all title word; name the product."))
    #expect(g.notes.contains(.banned(term: "百货", reason: nil, advice: nil)))
  }
}

@Suite("calc wrong_formulas")
struct WrongFormulaTests {
  static func course(tolerance: String, wrong: String) -> String {
    """
    id: wf
    version: "1"
    title: {zh: 算, en: Calc}
    languages: [zh, en]
    lessons:
      - id: l1
        title: {zh: 一, en: One}
        steps:
          - id: margin
            kind: calc
            prompt: {zh: "成本 {cost}，售价 {price}，毛利率？", en: "Cost {cost}, price {price}: margin?"}
            vars:
              cost: {min: 20, max: 30, step: 1}
              price: {values: [39.9, 44.9]}
            formula: (price - cost) / price
            wrong_formulas: [\(wrong)]
            percent: true
            decimals: 1
            tolerance: \(tolerance)
            explanation: {zh: 除以售价, en: divide by the price}
    """
  }

  @Test("a wrong way to work it out must not pass for any drawn values (E031 at the formula); a typo in it is E021")
  func wrongFormulas() {
    let ok = Linter(fileSystem: MemoryFileSystem(["c/wf.yaml": Self.course(tolerance: "0.1", wrong: "\"(price - cost) / cost\"")])).lintFile("c/wf.yaml")
    #expect(ok.diagnostics.isEmpty, "\(ok.diagnostics.map(\.message))")
    let lax = Linter(fileSystem: MemoryFileSystem(["c/wf.yaml": Self.course(tolerance: "100", wrong: "\"(price - cost) / cost\"")])).lintFile("c/wf.yaml")
    let e031 = lax.diagnostics.first { $0.code == "E031" }
    #expect(e031?.location?.line == 16, "the wrong_formulas line")
    #expect(e031?.message.contains("(price - cost) / cost") == true)
    let typo = Linter(fileSystem: MemoryFileSystem(["c/wf.yaml": Self.course(tolerance: "0.1", wrong: "\"(price - cst) / cost\"")])).lintFile("c/wf.yaml")
    #expect(typo.diagnostics.map(\.code).contains("E021"))
  }
}
