import Testing
@testable import BazaarKit

/// "Top first answers" count what learners meant, in the author's terms: the same option typed as
/// a different letter (options are shuffled per learner), as `a`, `a.`, `1` or its text, is one answer.
@Suite("FirstAnswer")
struct FirstAnswerTests {
  let choice = """
    kind: choice
    prompt: Margin of cost 8, price 10?
    options:
      - {text: "20%", correct: true}
      - "25%"
      - "80%"
      - "8元"
    explanation: x
    """

  /// The letter under which learner `seed` saw the author's option `index`.
  func letter(_ q: Question, seed: String, option index: Int) throws -> String {
    let pos = try #require(Presentation(q, seed: seed).order.firstIndex(of: index))
    return Presentation.letter(pos)
  }

  /// Two learners whose shuffles put the author's "25%" under different letters.
  func twoShuffles(_ q: Question) throws -> (String, String) {
    let seeds = (0..<50).map { "learner-\($0)" }
    let first = try #require(seeds.first)
    let a = try letter(q, seed: first, option: 1)
    let other = try #require(try seeds.first { try letter(q, seed: $0, option: 1) != a })
    return (first, other)
  }

  @Test("two learners who saw shuffled options and typed different letters for the same option are counted together")
  func shuffledLettersCountTogether() throws {
    let q = try question(choice)
    let (s1, s2) = try twoShuffles(q)
    let l1 = try letter(q, seed: s1, option: 1)
    let l2 = try letter(q, seed: s2, option: 1)
    try #require(l1 != l2)
    let r1 = FirstAnswer.read(l1, presentation: Presentation(q, seed: s1), language: "en")
    let r2 = FirstAnswer.read(l2.lowercased() + ".", presentation: Presentation(q, seed: s2), language: "en")
    #expect(r1.key == r2.key)
    #expect(r1.shown == "25%" && r2.shown == "25%")
    // The same letter typed by both meant different options for them.
    let same1 = FirstAnswer.read(l1, presentation: Presentation(q, seed: s2), language: "en")
    #expect(same1.key != r1.key)

    // In the item analysis: ×2 for "25%" (both scored 0), and one learner right.
    let right = try letter(q, seed: s1, option: 0)
    let responses = [
      ItemResponse(learner: "Aygul", item: "q", firstScore: 0, read: r1),
      ItemResponse(learner: "Dilnur", item: "q", firstScore: 0, read: r2),
      ItemResponse(learner: "Rahila", item: "q", firstScore: 1, read: FirstAnswer.read(right, presentation: Presentation(q, seed: s1), language: "en")),
    ]
    let stats = ItemStatistics.compute(course: "c", items: [.init(id: "q", kind: "choice")], responses: responses)
    #expect(stats.items.first?.answers == [AnswerFrequency(answer: "25%", count: 2, score: 0), AnswerFrequency(answer: "20%", count: 1, score: 1)])
  }

  @Test("`a`, `a.`, `A`, `1`, `Ａ` and the option's text are one answer; so are `8`, `8元` and `¥8` for the option 8元")
  func variantsMerge() throws {
    let q = try question(choice)
    let p = Presentation(authorOrder: q)
    let keys = Set(["a", "a.", "A", "1", "Ａ", " a ", "20%"].map { FirstAnswer.read($0, presentation: p, language: "en").key })
    #expect(keys == ["choice:0"])
    #expect(FirstAnswer.read("a.", presentation: p, language: "en").shown == "20%")
    let yuan = Set(["D", "4", "8元", "8", "¥8"].map { FirstAnswer.read($0, presentation: p, language: "en").key })
    #expect(yuan == ["choice:3"])
    // Not an option: kept as typed (normalised), never mapped to one.
    #expect(FirstAnswer.read("Hello", presentation: p, language: "en") == FirstAnswer(key: "text:hello", shown: "hello"))
  }

  @Test("several options of a multiple-answer question: one answer whatever the order and separators")
  func multipleAnswers() throws {
    let q = try question(
      """
      kind: choice
      prompt: Which are required?
      shuffle: false
      options:
        - {text: Ingredients, correct: true}
        - {text: Producer, correct: true}
        - Review rate
      explanation: x
      """)
    let p = Presentation(authorOrder: q)
    let reads = ["A,B", "b a", "1 2", "AB", "a、b"].map { FirstAnswer.read($0, presentation: p, language: "en") }
    #expect(Set(reads.map(\.key)) == ["choice:0,1"])
    #expect(reads.first?.shown == "Ingredients + Producer")
  }

  @Test("order: the sequence in the author's lettering, whatever order the learner saw")
  func orderInAuthorLetters() throws {
    let q = try question(
      """
      kind: order
      prompt: Put the stages in order
      items: [Opening, Product introduction, Interaction, Closing]
      explanation: x
      """)
    let p = Presentation(q, seed: "learner-1")
    // The right order as this learner saw it: the letters of author items 0, 1, 2, 3.
    let typed = try (0..<4).map { try letter(q, seed: "learner-1", option: $0) }.joined()
    try #require(typed != "ABCD")
    #expect(FirstAnswer.read(typed, presentation: p, language: "en") == FirstAnswer(key: "order:ABCD", shown: "ABCD"))
    // Spaced and lower-case, with the first two swapped.
    let swapped = try [1, 0, 2, 3].map { try letter(q, seed: "learner-1", option: $0).lowercased() }.joined(separator: " ")
    #expect(FirstAnswer.read(swapped, presentation: p, language: "en").shown == "BACD")
  }

  @Test("match: left numbers with the author's letters of the right items")
  func matchInAuthorLetters() throws {
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
    let seed = "learner-1"
    let p = Presentation(q, seed: seed)
    let l = try (0..<3).map { try letter(q, seed: seed, option: $0) }
    // Right: left 1 with author's right item 0, …; typed two ways.
    for typed in ["1\(l[0]) 2\(l[1]) 3\(l[2])", "\(l[0])\(l[1])\(l[2])".lowercased(), "3\(l[2]), 1\(l[0]), 2\(l[1])"] {
      #expect(FirstAnswer.read(typed, presentation: p, language: "en").shown == "1A 2B 3C", "\(typed)")
      #expect(Grader.grade(typed, for: p, lexicons: LexiconSet()).isCorrect, "\(typed)")
    }
    #expect(FirstAnswer.read("1\(l[1]) 2\(l[0]) 3\(l[2])", presentation: p, language: "en").shown == "1B 2A 3C")
  }

  @Test("true/false: every word read as true is one answer, shown in the report's language")
  func trueFalse() throws {
    let q = try question("kind: truefalse\nprompt: P?\nanswer: false\nexplanation: x")
    let p = Presentation(q, seed: "s")
    #expect(Set(["t", "True", "对", "1", "a", "是"].map { FirstAnswer.read($0, presentation: p, language: "en").key }) == ["tf:true"])
    #expect(FirstAnswer.read("错", presentation: p, language: "en").shown == "false")
    #expect(FirstAnswer.read("f", presentation: p, language: "zh").shown == "错")
  }

  @Test("short and number answers: trivial variants merge, different answers do not")
  func shortAndNumber() throws {
    let short = try question(
      """
      kind: short
      prompt: What fee?
      answer: courier fee
      explanation: x
      """)
    let ps = Presentation(short, seed: "s")
    let k = Set(["Courier fee", "courier  fee.", "ＣＯＵＲＩＥＲ FEE!"].map { FirstAnswer.read($0, presentation: ps, language: "en").key })
    #expect(k.count == 1)
    #expect(FirstAnswer.read("courier", presentation: ps, language: "en").key != k.first)
    let number = try question(
      """
      kind: number
      prompt: Price?
      answer: 39.9
      unit: 元
      explanation: x
      """)
    let pn = Presentation(number, seed: "s")
    let n = Set(["39.9元", "¥39.9", "39.90 元", "39.9 yuan"].map { FirstAnswer.read($0, presentation: pn, language: "en").key })
    #expect(n == ["number:39.9 元"])
    #expect(FirstAnswer.read("39.9", presentation: pn, language: "en").key == "number:39.9")
  }

  @Test("merged answers are shown as their most frequent form; ties by text")
  func mostFrequentForm() {
    let responses = [
      ItemResponse(learner: "a", item: "q", firstScore: 1, firstAnswer: "courier fee", answerKey: "k"),
      ItemResponse(learner: "b", item: "q", firstScore: 1, firstAnswer: "courier fee.", answerKey: "k"),
      ItemResponse(learner: "c", item: "q", firstScore: 0.5, firstAnswer: "courier fee.", answerKey: "k"),
      ItemResponse(learner: "d", item: "q", firstScore: 0, firstAnswer: "postage", answerKey: "p"),
    ]
    #expect(
      ItemStatistics.answerFrequencies(responses) == [
        AnswerFrequency(answer: "courier fee.", count: 3, score: 2.5 / 3), AnswerFrequency(answer: "postage", count: 1, score: 0),
      ])
  }
}
