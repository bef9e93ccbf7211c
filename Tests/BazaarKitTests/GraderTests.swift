import Testing
@testable import BazaarKit

@Suite("choice")
struct ChoiceGraderTests {
  let single = """
    kind: choice
    prompt: Margin of cost 8, price 10?
    shuffle: false
    options:
      - {text: "20%", correct: true}
      - text: "25%"
        feedback: That is the markup.
      - "80%"
    explanation: x
    """

  @Test func singleAnswerTypicalForms() throws {
    let q = try question(single)
    for typed in ["A", "a", " A ", "Ａ", "ａ", "1", "20%"] {
      #expect(gradeAuthor(q, typed).isCorrect, "\(typed)")
    }
    let wrong = gradeAuthor(q, "B")
    #expect(wrong.score == 0 && !wrong.invalid)
    #expect(wrong.render("en").contains("B: That is the markup."))
  }

  @Test("a number typed without its unit picks the one option that holds it; a non-option is quoted as typed")
  func numberPicksTheOptionHoldingIt() throws {
    let q = try question(
      """
      kind: choice
      prompt: Base price?
      shuffle: false
      options:
        - {text: "44.9元（上次成交价）", correct: true}
        - "39.9元"
        - "1,299元"
      explanation: x
      """)
    #expect(gradeAuthor(q, "44.9").isCorrect)
    #expect(gradeAuthor(q, "¥44.9").isCorrect)
    #expect(gradeAuthor(q, "1299").score == 0 && !gradeAuthor(q, "1299").invalid)
    #expect(gradeAuthor(q, "50").invalid)
    #expect(gradeAuthor(q, "courier").notes == [.notAnOption(typed: "courier", valid: "A–C")])
    #expect(gradeAuthor(q, "A x").notes == [.notAnOption(typed: "x", valid: "A–C")])
    #expect(gradeAuthor(q, "新疆枣夹核桃 满99减10").notes == [.notAnOption(typed: "新疆枣夹核桃 满99减10", valid: "A–C")])
  }

  @Test func singleAnswerRejectsNonsenseWithoutCountingIt() throws {
    let q = try question(single)
    #expect(gradeAuthor(q, "D").invalid)  // only A–C exist
    #expect(gradeAuthor(q, "hello").invalid)
    #expect(gradeAuthor(q, "").invalid)
    #expect(gradeAuthor(q, "\u{1B}[31mA").invalid)
    let two = gradeAuthor(q, "A,B")
    #expect(two.invalid && two.notes == [.chooseOne(count: 2)])
    #expect(gradeAuthor(q, String(repeating: "A", count: 100_000)).isCorrect == false || true)
  }

  @Test func multipleAnswerPartialCreditAndPenalty() throws {
    let q = try question(
      """
      kind: choice
      prompt: Which are on a food label?
      shuffle: false
      penalty: 1
      options:
        - {text: Production date, correct: true}
        - {text: SC number, correct: true}
        - {text: Net content, correct: true}
        - Host name
      explanation: x
      """)
    #expect(gradeAuthor(q, "A,B,C").isCorrect)
    #expect(gradeAuthor(q, "cba").isCorrect)
    #expect(gradeAuthor(q, "A、B、C").isCorrect)
    #expect(gradeAuthor(q, "A B C").isCorrect)
    #expect(abs(gradeAuthor(q, "A,B").score - 2.0 / 3) < 1e-9)
    // A wrong tick cancels a right one: ticking everything does not pay.
    #expect(abs(gradeAuthor(q, "A,B,C,D").score - 2.0 / 3) < 1e-9)
    #expect(gradeAuthor(q, "A,D").score == 0)
    #expect(gradeAuthor(q, "D").score == 0)
  }

  @Test func shuffleIsDeterministicPerLearnerAndGradesTheShownOrder() throws {
    let q = try question(
      """
      kind: choice
      prompt: Pick the right one
      options:
        - {text: right, correct: true}
        - wrong 1
        - wrong 2
        - wrong 3
        - wrong 4
      explanation: x
      """)
    var orders = Set<[Int]>()
    for learner in 0..<20 {
      let p = Presentation(q, seed: "learner-\(learner)")
      #expect(p.order == Presentation(q, seed: "learner-\(learner)").order)
      #expect(p.order.sorted() == [0, 1, 2, 3, 4])
      orders.insert(p.order)
      let pos = try #require(p.order.firstIndex(of: 0))
      #expect(Grader.grade(Presentation.letter(pos), for: p).isCorrect)
      #expect(!Grader.grade(Presentation.letter((pos + 1) % 5), for: p).isCorrect)
    }
    #expect(orders.count > 5)
  }
}

@Suite("truefalse")
struct TrueFalseGraderTests {
  @Test(arguments: ["false", "F", "no", "错", "錯", "不对", "×", "B", "ｆａｌｓｅ", "False."])
  func readsFalse(_ typed: String) throws {
    let q = try question("kind: truefalse\nprompt: Margin equals markup?\nanswer: false\nexplanation: x")
    if typed == "錯" {
      #expect(grade(q, typed).invalid)  // traditional character: not in the word list, so asked again
    } else {
      #expect(grade(q, typed).isCorrect, "\(typed)")
    }
  }

  @Test func trueIsWrongAndGibberishIsInvalid() throws {
    let q = try question("kind: truefalse\nprompt: p\nanswer: false\nexplanation: x")
    #expect(grade(q, "对").score == 0)
    #expect(grade(q, "true").score == 0)
    #expect(grade(q, "maybe").invalid)
  }
}

@Suite("short")
struct ShortGraderTests {
  let key = """
    kind: short
    prompt: Which rule does not apply to fresh grapes?
    answers:
      - text: [七日无理由退货, 7-day no-reason return]
      - regex: '(7|七)\\s*(天|日)\\s*无理由'
        examples: [7天无理由]
      - text: 退货
        credit: 0.5
        feedback: Name the rule in full.
    explanation: x
    """

  @Test func normalisesWidthCaseSpacingAndPunctuation() throws {
    let q = try question(key)
    for typed in ["七日无理由退货", "七日 无理由 退货", "七日无理由退货。", "“七日无理由退货”", "7-Day No-Reason Return", "７-day no-reason return!", "7 day no reason return"] {
      #expect(grade(q, typed).isCorrect, "\(typed)")
    }
  }

  @Test func regexAndPartialCredit() throws {
    let q = try question(key)
    #expect(grade(q, "7天无理由").isCorrect)
    #expect(grade(q, "七 天无理由").isCorrect)
    let half = grade(q, "退货")
    #expect(half.score == 0.5)
    #expect(half.render("en") == ["Partly right (50%).", "Name the rule in full."])
    #expect(grade(q, "包邮").score == 0)
  }

  @Test func caseSensitiveWhenAsked() throws {
    let q = try question("kind: short\nprompt: p\nanswer: SC\ncase_sensitive: true\nexplanation: x")
    #expect(grade(q, "SC").isCorrect)
    #expect(grade(q, "ＳＣ").isCorrect)
    #expect(grade(q, "sc").score == 0)
  }
}

@Suite("number")
struct NumberGraderTests {
  @Test(arguments: ["39.9", "３９.９", "３９．９", "¥39.9", "￥39.9", "39.9元", "39.9 元", "39.90", "RMB 39.9"])
  func acceptsWhatPeopleType(_ typed: String) throws {
    let q = try question("kind: number\nprompt: Price?\nanswer: 39.9\nunit: 元\nexplanation: x")
    #expect(grade(q, typed).isCorrect, "\(typed)")
  }

  @Test func thousandsSeparatorsNeverSplitTheAnswer() throws {
    let q = try question("kind: number\nprompt: GMV?\nanswer: 1299\nexplanation: x")
    for typed in ["1,299", "1 299", "1，299", "1299", "1,299.0"] {
      #expect(grade(q, typed).isCorrect, "\(typed)")
    }
    let several = grade(q, "1299, 1300")
    #expect(several.invalid)
    #expect(grade(q, "1,29").invalid)
  }

  @Test func percentagesAndFractions() throws {
    let strict = try question("kind: number\nprompt: Margin?\nanswer: 30\npercent: true\nexplanation: x")
    #expect(grade(strict, "30%").isCorrect)
    #expect(grade(strict, "30").isCorrect)
    #expect(grade(strict, "３０％").isCorrect)
    let fraction = grade(strict, "0.3")
    #expect(fraction.score == 0)
    #expect(fraction.notes.contains(.fractionNotAccepted(typed: "0.3", asPercent: "30%")))
    let lenient = try question("kind: number\nprompt: Margin?\nanswer: 30\npercent: true\naccept_fraction: true\nexplanation: x")
    #expect(grade(lenient, "0.3").isCorrect)
    // Too high or too low for the reading meant: 0.9 is 90%, above 30%; 0.2 is 20%, below.
    #expect(grade(lenient, "0.9").notes.contains(.tooHigh))
    #expect(grade(lenient, "0.2").notes.contains(.tooLow))
    #expect(grade(lenient, "45").notes.contains(.tooHigh))
    // A ratio question answered with a percent sign means the same number.
    let ratio = try question("kind: number\nprompt: Conversion as a decimal?\nanswer: 0.03\nexplanation: x")
    #expect(grade(ratio, "3%").isCorrect)
  }

  @Test func toleranceRangesAndPartialCredit() throws {
    let q = try question(
      """
      kind: number
      prompt: Break-even boxes?
      answers:
        - value: 209
          tolerance: 1
        - min: 200
          max: 220
          credit: 0.5
          feedback: Close; round up.
        - value: 300
          tolerance: 2%
          credit: 0.25
      explanation: x
      """)
    #expect(grade(q, "208").isCorrect)
    #expect(grade(q, "210").isCorrect)
    #expect(grade(q, "215").score == 0.5)
    #expect(grade(q, "305").score == 0.25)
    #expect(grade(q, "307").score == 0)
    #expect(grade(q, "100").notes.contains(.tooLow))
    #expect(grade(q, "500").notes.contains(.tooHigh))
  }

  @Test func wrongUnitIsSaidPlainly() throws {
    let q = try question("kind: number\nprompt: Weight?\nanswer: 500\nunit: g\nexplanation: x")
    #expect(grade(q, "500g").isCorrect)
    #expect(grade(q, "500").isCorrect)
    let kg = grade(q, "500kg")
    #expect(kg.score == 0 && kg.notes.contains(.wrongUnit(typed: "kg", expected: "g")))
  }

  @Test func perUnitsFitAYuanQuestion() throws {
    let q = try question("kind: number\nprompt: Price?\nanswer: 28\nunit: 元\nexplanation: x")
    for typed in ["28元/盒", "28元一盒", "28块一斤", "28 yuan per box", "28 yuan a box", "28 each", "28/盒", "¥28/盒"] {
      #expect(grade(q, typed).isCorrect, "\(typed)")
    }
    let kg = grade(q, "28kg/盒")
    #expect(kg.score == 0 && kg.notes.contains(.wrongUnit(typed: "kg/盒", expected: "元")))
  }

  /// Options that differ only in symbols (which the answer key drops): the text as typed picks
  /// the one it is, and lint does not call them the same option.
  @Test func optionsThatDifferOnlyInSymbols() throws {
    let yaml = """
      kind: choice
      prompt: 倒推售价的公式是（ ）
      shuffle: false
      options:
        - text: 售价=成本×（1+目标毛利率）
        - text: 售价=成本÷（1-目标毛利率）
          correct: true
      explanation: x
      """
    let q = try question(yaml)
    #expect(grade(q, "售价=成本÷（1-目标毛利率）").isCorrect)
    #expect(grade(q, "售价=成本×（1+目标毛利率）").score == 0)
    #expect(grade(q, "B").isCorrect)
  }

  /// A hedged answer is the number it names: `吧` is a particle, not a unit (a trainee typed
  /// `大概28吧` and was told "the unit is 元, not 吧").
  @Test func hedgedAnswersAreTheirNumber() throws {
    let q = try question("kind: number\nprompt: Price?\nanswer: 28\nunit: 元\nexplanation: x")
    for typed in ["大概28吧", "28元吧", "我觉得是28块", "应该是二十八元吧", "maybe 28 yuan", "28 I think"] {
      #expect(grade(q, typed).isCorrect, "\(typed)")
    }
    #expect(grade(q, "大概29吧").notes.contains(.tooHigh))
    #expect(grade(q, "28斤吧").notes.contains(.wrongUnit(typed: "斤", expected: "元")))
  }

  @Test func perUnitsMatchAPerUnitQuestion() throws {
    let q = try question("kind: number\nprompt: Price per box?\nanswer: 28\nunit: 元/盒\nexplanation: x")
    for typed in ["28元/盒", "28元一盒", "28块每盒", "28 yuan per box", "28 yuan a box", "28 each", "28元", "28", "二十八元一盒"] {
      #expect(grade(q, typed).isCorrect, "\(typed)")
    }
    let jin = grade(q, "28元/斤")
    #expect(jin.score == 0 && jin.notes.contains(.wrongUnit(typed: "元/斤", expected: "元/盒")))
    #expect(grade(q, "28 yuan per kg").notes.contains(.wrongUnit(typed: "元/kg", expected: "元/盒")))
    #expect(grade(q, "28kg").notes.contains(.wrongUnit(typed: "kg", expected: "元/盒")))
    #expect(grade(q, "29元一盒").notes.contains(.tooHigh))
  }

  @Test func hostileInputNeverCrashes() throws {
    let q = try question("kind: number\nprompt: p\nanswer: 1\nexplanation: x")
    for typed in ["", " ", "abc", "1e400", "NaN", "inf", "--1", "1..2", "\u{0}", "\u{1B}[2J", String(repeating: "9", count: 5000), "🙂", "٣٩", "0.1+0.2"] {
      let g = grade(q, typed)
      #expect(g.score >= 0 && g.score <= 1, "\(typed.prefix(20))")
    }
  }
}

@Suite("calc")
struct CalcGraderTests {
  let yaml = """
    kind: calc
    prompt: "Cost {cost}, fees {fee%}, margin {margin%}: price?"
    vars:
      cost: {min: 20, max: 40, step: 0.5}
      fee: {values: [0.03, 0.056]}
      margin: {values: [0.2, 0.3]}
    formula: cost / (1 - fee - margin)
    decimals: 2
    unit: 元
    explanation: x
    """

  @Test func valuesAreDrawnPerLearnerAndTheFormulaGrades() throws {
    let q = try question(yaml)
    let p = Presentation(q, seed: "dilnur")
    #expect(p.values == Presentation(q, seed: "dilnur").values)
    let cost = try #require(p.values["cost"])
    let fee = try #require(p.values["fee"])
    let margin = try #require(p.values["margin"])
    #expect((20...40).contains(cost) && (cost * 2).rounded() == cost * 2)
    let expected = cost / (1 - fee - margin)
    let typed = NumberReader.format((expected * 100).rounded() / 100)
    #expect(Grader.grade(typed, for: p).isCorrect)
    #expect(Grader.grade(typed + "元", for: p).isCorrect)
    #expect(!Grader.grade(NumberReader.format(expected + 0.05), for: p).isCorrect)
    #expect(p.prompt("en").contains("Cost \(NumberReader.format(cost)),"))
    #expect(p.prompt("en").contains("fees \(NumberReader.format(fee * 100, maxDecimals: 4))%"))
  }

  @Test func theWorkedExampleOfTheBrief() throws {
    // Cost 28, fees 5.6%, margin 30% → 28 ÷ 0.644 = 43.48 (brief §4).
    let q = try question(
      """
      kind: calc
      prompt: p
      vars: {cost: [28], fee: [0.056], margin: [0.3]}
      formula: cost / (1 - fee - margin)
      decimals: 2
      explanation: x
      """)
    #expect(grade(q, "43.48").isCorrect)
    #expect(grade(q, "43.5").score == 0)
  }

  @Test("an answer that is what a wrong formula gives is told so: in the author's words, or as a common mistake")
  func wrongFormulaFeedback() throws {
    // 定金 8 抵 20 on 44.9: the buyer pays 8 + 44.9 − 20 = 32.9. Forgetting the deposit gives
    // 24.9 (the author explains it); taking the deposit off the price gives 36.9 (no words).
    let q = try question(
      """
      kind: calc
      prompt: p
      vars: {price: [44.9], deposit: [8], credit: [20]}
      formula: deposit + price - credit
      wrong_formulas:
        - formula: price - credit
          feedback: {zh: 这只是尾款，还要加上先付的定金。, en: That is only the balance; add the deposit paid first.}
        - price - deposit
      decimals: 1
      explanation: x
      """)
    #expect(grade(q, "32.9").isCorrect)
    let balance = grade(q, "24.9")
    #expect(balance.score == 0)
    #expect(balance.render("en").contains("That is only the balance; add the deposit paid first."), "\(balance.render("en"))")
    #expect(!balance.notes.contains(.tooLow))
    let offPrice = grade(q, "36.9")
    #expect(offPrice.score == 0 && offPrice.notes.contains(.commonMistake) && !offPrice.notes.contains(.tooHigh))
    #expect(offPrice.render("zh").joined().contains("常见的错误算法"))
    // Any other wrong number is just too high or too low.
    let other = grade(q, "40")
    #expect(other.notes.contains(.tooHigh) && !other.notes.contains(.commonMistake))
  }
}

@Suite("order and match")
struct OrderMatchGraderTests {
  let stages = """
    kind: order
    prompt: Put the stages in order
    items: [Opening, Product introduction, Interaction, Closing]
    explanation: x
    """

  @Test func orderFullAndPartialCredit() throws {
    let q = try question(stages)
    #expect(gradeAuthor(q, "ABCD").isCorrect)
    #expect(gradeAuthor(q, "a b c d").isCorrect)
    #expect(gradeAuthor(q, "1 2 3 4").isCorrect)
    let swapped = gradeAuthor(q, "BACD")
    #expect(abs(swapped.score - 5.0 / 6) < 1e-9)
    #expect(swapped.notes.contains(.orderPairs(right: 5, total: 6)))
    #expect(gradeAuthor(q, "DCBA").score == 0)
    #expect(gradeAuthor(q, "ABC").invalid)
    #expect(gradeAuthor(q, "AABC").invalid)
  }

  @Test func orderIsShuffledSoTheAnswerIsNotAlwaysABCD() throws {
    let q = try question(stages)
    for learner in 0..<10 {
      let p = Presentation(q, seed: "l\(learner)")
      #expect(p.order != [0, 1, 2, 3])
      let letters = (0..<4).compactMap { i in p.order.firstIndex(of: i).map(Presentation.letter) }.joined()
      #expect(Grader.grade(letters, for: p).isCorrect)
    }
  }

  @Test func matchForms() throws {
    let q = try question(
      """
      kind: match
      prompt: Match
      pairs:
        - {left: UV value, right: GMV ÷ UV}
        - {left: GPM, right: GMV × 1000 ÷ PV}
        - {left: AOV, right: GMV ÷ buyers}
      explanation: x
      """)
    #expect(gradeAuthor(q, "1A 2B 3C").isCorrect)
    #expect(gradeAuthor(q, "1-a, 2-b, 3-c").isCorrect)
    #expect(gradeAuthor(q, "3c 1a 2b").isCorrect)
    #expect(gradeAuthor(q, "ABC").isCorrect)
    #expect(abs(gradeAuthor(q, "1B 2A 3C").score - 1.0 / 3) < 1e-9)
    #expect(gradeAuthor(q, "1A 2A 3C").invalid)
    #expect(gradeAuthor(q, "1A 2B").invalid)
    #expect(gradeAuthor(q, "9A 2B 3C").invalid)
  }
}

@Suite("listing and pitch")
struct ListingPitchGraderTests {
  func absolute() throws -> LexiconSet {
    LexiconSet([
      try lexicon(
        """
        lexicon: absolute-terms
        category: absolute
        rule: Advertising Law art. 9(3)
        exempt: [最佳食用时间]
        terms:
          - term: 最好
            advice: say what makes it good instead
          - 最佳
          - term: 第一
            exempt: [第一次]
        """, path: "lexicon/absolute-terms.yaml")
    ])
  }

  let title = """
    kind: listing
    prompt: Title?
    max_bytes: 60
    keywords: [新疆, 枣夹核桃, [500g, 500克]]
    lexicons: [absolute-terms]
    explanation: x
    """

  @Test func bytesAreCountedTheTaobaoWay() {
    #expect(Grader.platformBytes("新疆枣夹核桃500g") == 16)
    #expect(Grader.platformBytes(String(repeating: "枣", count: 30)) == 60)
  }

  @Test func listingScoresKeywordsLengthAndBannedTerms() throws {
    let q = try question(title)
    let lex = try absolute()
    #expect(grade(q, "新疆阿克苏枣夹核桃500g 独立小包装", lexicons: lex).isCorrect)
    let missing = grade(q, "新疆红枣 500g", lexicons: lex)
    #expect(abs(missing.score - 2.0 / 3) < 1e-9)
    #expect(missing.notes.contains(.keywordMissing(["枣夹核桃"])))
    let long = grade(q, "新疆枣夹核桃500g" + String(repeating: "好", count: 23), lexicons: lex)
    #expect(long.score == 0)
    #expect(long.notes.contains(.tooLong(count: 62, limit: 60, bytes: true)))
    let banned = grade(q, "新疆最好的枣夹核桃500g", lexicons: lex)
    #expect(banned.score == 0.5)
    #expect(banned.render("en").contains("“最好” is not allowed: Advertising Law art. 9(3); say what makes it good instead."))
  }

  @Test func exemptPhrasesAreNotViolations() throws {
    let q = try question(title)
    let lex = try absolute()
    #expect(grade(q, "新疆枣夹核桃500g 最佳食用时间三个月", lexicons: lex).isCorrect)
    #expect(grade(q, "新疆枣夹核桃500g 第一次买", lexicons: lex).isCorrect)
    #expect(!grade(q, "新疆枣夹核桃500g 销量第一", lexicons: lex).isCorrect)
    #expect(!grade(q, "新疆枣夹核桃500g 口感最佳", lexicons: lex).isCorrect)
  }

  @Test func pitchRubricWeightsLengthAndPenalty() throws {
    let q = try question(
      """
      kind: pitch
      prompt: Answer the viewer
      concepts:
        - {id: price, weight: 2, cues: ["59.9", 五十九块九]}
        - id: return
          weight: 1
          cues: {zh: [不支持七天无理由], en: [no 7-day return]}
      min_chars: 5
      max_chars: 80
      lexicons: [absolute-terms]
      penalty: 0.25
      explanation: x
      """)
    let lex = try absolute()
    #expect(grade(q, "59.9 元，鲜果不支持七天无理由退货。", lexicons: lex).isCorrect)
    #expect(grade(q, "It is 59.9 yuan, no 7-day return on fresh fruit.", lexicons: lex).isCorrect)
    #expect(abs(grade(q, "五十九块九一箱", lexicons: lex).score - 2.0 / 3) < 1e-9)
    #expect(abs(grade(q, "最好的葡萄 59.9，不支持七天无理由", lexicons: lex).score - 0.75) < 1e-9)
    #expect(grade(q, "59.9", lexicons: lex).score < 1)  // too short
    // "59.9" as a cue must not match inside 159.9: a different price.
    #expect(grade(q, "159.9 元，不支持七天无理由", lexicons: lex).score < 1)
  }

  @Test("a banned pattern is shown as the words the answer used, not as the pattern")
  func bannedPatternShownAsSaid() throws {
    let q = try question(
      """
      kind: pitch
      prompt: Reply to the buyer whose parcel is late
      concepts:
        - {id: sorry, cues: [抱歉, sorry]}
      banned:
        - term: (明天|后天)(一定|保证)(能|)到
          reason: {zh: 不知道哪天到，就不要保证, en: don't promise a day you don't know}
      penalty: 0.5
      explanation: x
      """)
    let g = grade(q, "抱歉，明天一定到")
    let text = g.render("zh").joined(separator: " ")
    #expect(text.contains("明天一定到"), "\(text)")
    #expect(!text.contains("(明天|后天)"), "\(text)")
    #expect(g.score < 1)
  }
}
