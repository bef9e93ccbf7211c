import Foundation
import Testing

@testable import BazaarKit

// The one reading of a line (Sources/BazaarKit/Understanding/Reading.swift and Claims.swift): how
// a claim stands in its clause, where clauses end, bare clauses, refusals. The claims are found
// with `LexiconSet.claims(in:lexicons:)` on a small medical lexicon built here, read with the
// shipped grammar (courses/lexicon/grammar-zh.yaml and grammar-en.yaml). Every expected value is
// worked out by hand from the grammar files and the rules on `TextReading`.

private let medicalYAML = """
  lexicon: medical-test
  category: medical
  rule: no medical claims on food
  terms:
    - 降血糖
    - 降血压
    - 补血
    - 治疗
    - 治病
    - "lower(s|) blood sugar"
  """

private let refusalYAML = """
  lexicon: refusal-test
  category: cue
  families:
    see_doctor:
      patterns: ['(看|问|咨询)医生', 遵医嘱, 听医生的]
    not_medicine:
      patterns: [不是药]
  """

/// The medical lexicon and the shipped grammar, built once.
private let readingLexicons: LexiconSet = {
  let medical = LexiconLoader.parse(bytes: Array(medicalYAML.utf8), path: "lexicon/medical-test.yaml").0
  return LexiconSet([medical].compactMap { $0 } + shippedGrammar())
}()

/// The same, with the see-a-doctor and not-a-medicine families.
private let refusalLexicons: LexiconSet = {
  let refusal = LexiconLoader.parse(bytes: Array(refusalYAML.utf8), path: "lexicon/refusal-test.yaml").0
  var set = readingLexicons
  if let refusal { set.byName[refusal.name] = refusal }
  return set
}()

/// The medical lexicon with the Chinese grammar only (reach 8).
private let chineseOnlyLexicons: LexiconSet = {
  var set = readingLexicons
  set.byName["grammar-en"] = nil
  return set
}()

/// `line` read with the shipped grammar, and the medical claims in it.
private func read(_ line: String, lexicons: LexiconSet = readingLexicons) -> (TextReading, [ReadClaim]) {
  let reading = TextReading(line: line, grammar: lexicons.grammar)
  return (reading, lexicons.claims(in: reading, lexicons: ["medical-test"]))
}

/// How long one hostile line may take. Debug builds (what `swift test` runs) read 30–70× slower
/// than release: measured in release, 10,000 × 不 reads in 0.1 s and 455 × "not lower blood
/// sugar" in 0.5 s; 20 s in debug still catches a reading that grows with the square of the line.
#if DEBUG
  private let hostileBudget: Duration = .seconds(20)
#else
  private let hostileBudget: Duration = .seconds(2)
#endif

/// A long hostile line, named for the test report (the line itself is too long to print).
struct HostileLine: Sendable, CustomTestStringConvertible {
  var name: String
  var line: String
  var testDescription: String { name }

  static let long: [HostileLine] = [
    HostileLine(name: "不能降血糖，但是 × 1,250", line: String(repeating: "不能降血糖，但是", count: 1_250)),
    HostileLine(name: "不 × 10,000", line: String(repeating: "不", count: 10_000)),
    HostileLine(name: "降血糖 × 3,334", line: String(repeating: "降血糖", count: 3_334)),
    HostileLine(name: "a × 10,000", line: String(repeating: "a", count: 10_000)),
    HostileLine(name: "， × 10,000", line: String(repeating: "，", count: 10_000)),
    HostileLine(name: "not lower blood sugar × 455", line: String(repeating: "not lower blood sugar ", count: 455)),
  ]
}

/// One line, the claim words in it, and how the claim stands.
struct ReadingCase: Sendable, CustomTestStringConvertible {
  var line: String
  var words: String
  var polarity: TextReading.Polarity
  var testDescription: String { line }
}

@Suite("Reading: fixtures")
struct ReadingFixtureTests {
  @Test("the lexicons load: the medical test lexicon and both shipped grammars")
  func lexiconsLoad() throws {
    #expect(readingLexicons.byName["medical-test"]?.terms.count == 6)
    #expect(shippedGrammar().map(\.name).sorted() == ["grammar-en", "grammar-zh"])
    #expect(!readingLexicons.grammar.isEmpty)
    #expect(refusalLexicons.byName["refusal-test"]?.families.keys.sorted() == ["not_medicine", "see_doctor"])
  }
}

@Suite("Reading: polarity of a claim")
struct ReadingPolarityTests {
  static let cases: [ReadingCase] = [
    // A plain claim stands.
    ReadingCase(line: "能降血糖", words: "降血糖", polarity: .asserted),
    // 不能 right before the claim (reach 0).
    ReadingCase(line: "不能降血糖", words: "降血糖", polarity: .negated(by: "不能")),
    // 我们不说 is a strong negation: it reaches the end of its clause (the 不 inside it is not
    // counted a second time).
    ReadingCase(line: "我们不说它能补血", words: "补血", polarity: .negated(by: "我们不说")),
    // 不能 reaches 治疗 four characters on (代替药物).
    ReadingCase(line: "不能代替药物治疗", words: "治疗", polarity: .negated(by: "不能")),
    // 别信 (strong) reaches the claim through 那些说能.
    ReadingCase(line: "别信那些说能降血压的", words: "降血压", polarity: .negated(by: "别信")),
    // A denial after the claim, in its clause.
    ReadingCase(line: "说能降血糖是骗人的", words: "降血糖", polarity: .negated(by: "是骗人的")),
    // A rhetorical question turns a denied claim around.
    ReadingCase(line: "谁说它不能降血糖？", words: "降血糖", polarity: .asserted),
    // …and a claim it does not deny into a denial.
    ReadingCase(line: "难道它能治病吗？", words: "治病", polarity: .negated(by: "难道")),
    // Two negations cancel.
    ReadingCase(line: "枸杞也不是不能降血糖", words: "降血糖", polarity: .asserted),
    // A comma ends the clause 不用 stands in.
    ReadingCase(line: "不用吃药，吃它就能降血糖", words: "降血糖", polarity: .asserted),
    // Without the comma, the breaker 就 stops 不用.
    ReadingCase(line: "不用吃药吃它就能降血糖", words: "降血糖", polarity: .asserted),
    // A strong negation is not stopped by a breaker.
    ReadingCase(line: "不是说吃了就能降血糖", words: "降血糖", polarity: .negated(by: "不是说")),
    // Somebody else's question is quoted, not said.
    ReadingCase(line: "有人问能不能降血糖", words: "降血糖", polarity: .quoted(by: "有人问")),
    // A question answered "no" right after is asked only to be denied.
    ReadingCase(line: "能降血糖吗？不能。", words: "降血糖", polarity: .quoted(by: "不能")),
    // 不仅 holds 不 but denies nothing.
    ReadingCase(line: "不仅能补血", words: "补血", polarity: .asserted),
    // English.
    ReadingCase(line: "It lowers blood sugar", words: "lowers blood sugar", polarity: .asserted),
    ReadingCase(line: "it can't lower blood sugar", words: "lower blood sugar", polarity: .negated(by: "can't")),
    // A typographic apostrophe is folded to ' before reading (so can't matches); the words that
    // deny are quoted as written.
    ReadingCase(line: "it can’t lower blood sugar", words: "lower blood sugar", polarity: .negated(by: "can’t")),
    // Capitals fold before reading; the words are quoted as written.
    ReadingCase(line: "It CAN'T Lower Blood Sugar", words: "Lower Blood Sugar", polarity: .negated(by: "CAN'T")),
    ReadingCase(line: "it doesn't lower blood sugar", words: "lower blood sugar", polarity: .negated(by: "doesn't")),
    ReadingCase(line: "who says it can't lower blood sugar?", words: "lower blood sugar", polarity: .asserted),
    ReadingCase(line: "not only does it lower blood sugar", words: "lower blood sugar", polarity: .asserted),
    ReadingCase(line: "someone asked if it lowers blood sugar", words: "lowers blood sugar", polarity: .quoted(by: "someone asked")),
    ReadingCase(line: "we never say it lowers blood sugar", words: "lowers blood sugar", polarity: .negated(by: "we never say")),
    ReadingCase(line: "that it lowers blood sugar is a myth", words: "lowers blood sugar", polarity: .negated(by: "is a myth")),
  ]

  @Test("one claim, read in its clause", arguments: cases)
  func polarity(_ c: ReadingCase) throws {
    let (reading, claims) = read(c.line)
    try #require(claims.count == 1, "claims: \(claims.map(\.words))")
    let claim = claims[0]
    #expect(claim.words == c.words)
    #expect(claim.polarity == c.polarity)
    #expect(claim.isMade == (c.polarity == .asserted))
    // The reading answers the same for the claim's range.
    #expect(reading.polarity(of: claim.hit.offset..<(claim.hit.offset + claim.hit.length)) == c.polarity)
  }

  @Test("不能治病，但是能降血糖: the first claim denied, the second made in its own clause")
  func contrastStartsAClause() throws {
    let (reading, claims) = read("不能治病，但是能降血糖")
    #expect(reading.clauses.map(\.text) == ["不能治病", "但是能降血糖"])
    try #require(claims.count == 2)
    #expect(claims[0].words == "治病")
    #expect(claims[0].polarity == .negated(by: "不能"))
    #expect(claims[0].clause == "不能治病")
    #expect(claims[1].words == "降血糖")
    #expect(claims[1].polarity == .asserted)
    #expect(claims[1].clause == "但是能降血糖")
    #expect(claims[1].hit.offset == 8)
  }

  @Test("不过 starts a new clause like 但是, so the 不能 before it does not reach past it")
  func buguoStartsAClause() throws {
    // 不过 is listed twice in grammar-zh.yaml: as a contrast word (a new clause starts there) and
    // as a not-negation (its 不 denies nothing). TextReading documents 不过 as a clause start.
    let (reading, claims) = read("不能治病不过能降血糖")
    #expect(reading.clauses.map(\.text) == ["不能治病", "不过能降血糖"])
    try #require(claims.count == 2)
    #expect(claims[0].polarity == .negated(by: "不能"))
    #expect(claims[1].words == "降血糖")
    #expect(claims[1].polarity == .asserted)
  }

  @Test("a Chinese negation reaches 8 characters, as grammar-zh.yaml says, with the English grammar loaded too")
  func chineseReach() throws {
    // 没0有1 添加剂的红枣吃了对身体好能 补15血16: 补血 is 13 characters after 没有, beyond the
    // Chinese reach of 8 ("How many characters after a negation it still reaches"). The line
    // says jujubes without additives nourish the blood: the claim is made. Every course loads
    // both grammars, and English's reach is 32.
    let (_, claims) = read("没有添加剂的红枣吃了对身体好能补血")
    try #require(claims.count == 1)
    #expect(claims[0].words == "补血")
    #expect(claims[0].polarity == .asserted)
  }

  @Test("within the reach, and with no breaker between, a negation does reach")
  func withinReach() throws {
    // 不0要1 指望吃几颗红枣来 补10血11: 不要 ends at 2, 补血 starts at 10: 8 characters on, the
    // Chinese reach exactly; no breaker between. "Don't expect a few jujubes to nourish blood."
    let (_, claims) = read("不要指望吃几颗红枣来补血")
    try #require(claims.count == 1)
    #expect(claims[0].polarity == .negated(by: "不要"))
    // The same with only the Chinese grammar loaded (reach 8).
    let (_, zhOnly) = read("不要指望吃几颗红枣来补血", lexicons: chineseOnlyLexicons)
    #expect(zhOnly.first?.polarity == .negated(by: "不要"))
  }

  @Test("with only the Chinese grammar, a negation 13 characters back does not reach")
  func chineseReachAlone() throws {
    let (_, claims) = read("没有添加剂的红枣吃了对身体好能补血", lexicons: chineseOnlyLexicons)
    try #require(claims.count == 1)
    #expect(claims[0].polarity == .asserted)
  }

  @Test("并不能 denies once, though 并不 and 不能 share their 不")
  func overlappingNegations() throws {
    // 并0不1能2降3血4糖5: the negation words 并不 (0..<2) and 不能 (1..<3) overlap; they are one
    // denial ("cannot really lower blood sugar"), not two that cancel.
    for line in ["并不能降血糖", "并不会补血"] {
      let (_, claims) = read(line)
      try #require(claims.count == 1)
      guard case .negated = claims[0].polarity else {
        Issue.record("\(line): \(claims[0].polarity), expected a denial")
        continue
      }
    }
  }

  @Test("invisible and control characters do not hide a negation")
  func controlCharacters() throws {
    let (_, claims) = read("不\u{200B}能\u{0}降血\u{7}糖")
    try #require(claims.count == 1)
    #expect(claims[0].words == "降血糖")
    #expect(claims[0].polarity == .negated(by: "不能"))
  }

  @Test("with no grammar at all, every claim reads as made")
  func noGrammar() throws {
    let reading = TextReading(line: "不能降血糖", grammar: .none)
    #expect(reading.polarity(of: 2..<5) == .asserted)
    #expect(Grammar.none.isEmpty)
  }

  @Test("why a claim still stands after a negation: the rhetorical opener, or both negations")
  func stillClaimed() throws {
    let (rhetorical, r) = read("谁说它不能降血糖？")
    let claim = try #require(r.first)
    #expect(rhetorical.stillClaimedBy(claim.hit.offset..<(claim.hit.offset + claim.hit.length)) == "谁说")
    let (double, d) = read("枸杞也不是不能降血糖")
    // 不是 (3..<5) and 不能 (5..<7), before 降血糖 (7..<10).
    #expect(double.stillClaimedBy(7..<10) == "不是…不能")
    #expect(d.first?.hit.offset == 7)
    // A plain claim, or a denied one, needs no explanation.
    #expect(read("能降血糖").0.stillClaimedBy(1..<4) == nil)
    #expect(read("不能降血糖").0.stillClaimedBy(2..<5) == nil)
    // The notes a trainee is shown say so.
    #expect(LexiconSet.notes(for: r, reading: rhetorical) == [.stillClaimed(clause: "谁说它不能降血糖", words: "降血糖", by: "谁说")])
    #expect(LexiconSet.notes(for: d, reading: double) == [.stillClaimed(clause: "枸杞也不是不能降血糖", words: "降血糖", by: "不是…不能")])
  }

  @Test("a range outside every clause is asserted, not a crash")
  func outsideRange() {
    let (reading, _) = read("不能降血糖")
    #expect(reading.polarity(of: 100..<103) == .asserted)
    #expect(reading.clauseIndex(at: 5) == nil)
    #expect(reading.clauseIndex(at: 0) == 0)
  }
}

@Suite("Reading: clauses")
struct ReadingClauseTests {
  private func clauses(_ line: String) -> [String] { read(line).0.clauses.map(\.text) }

  @Test("a clause ends at , . ! ? ; : and their Chinese forms")
  func punctuation() {
    let reading = read("一，二。三！四？五；六：七").0
    #expect(reading.text == "一,二.三!四?五;六:七")
    #expect(reading.clauses.map(\.text) == ["一", "二", "三", "四", "五", "六", "七"])
    #expect(reading.clauses.map(\.isQuestion) == [false, false, false, true, false, false, false])
    #expect(reading.clauses.map(\.range) == [0..<1, 2..<3, 4..<5, 6..<7, 8..<9, 10..<11, 12..<13])
    #expect(clauses("西藏、青海") == ["西藏", "青海"])
    #expect(clauses("a,b.c!d?e;f:g") == ["a", "b", "c", "d", "e", "f", "g"])
  }

  @Test("spaces are trimmed and empty clauses dropped")
  func trimming() {
    #expect(clauses("hello , world") == ["hello", "world"])
    #expect(clauses("好，，，吃") == ["好", "吃"])
    #expect(clauses("。。。") == [])
  }

  @Test("但是 and but start a new clause; 但 inside 不但 and but inside butter do not")
  func contrastWords() throws {
    #expect(clauses("价格不贵但是很好吃") == ["价格不贵", "但是很好吃"])
    #expect(clauses("不但好吃而且便宜") == ["不但好吃而且便宜"])
    #expect(clauses("peanut butter is good") == ["peanut butter is good"])
    // "but" at the very start is not an empty clause before it.
    #expect(clauses("But it is good").map { $0.lowercased() } == ["but it is good"])
    let (reading, claims) = read("it isn't cheap but it lowers blood sugar")
    #expect(reading.clauses.map(\.text) == ["it isn't cheap", "but it lowers blood sugar"])
    try #require(claims.count == 1)
    #expect(claims[0].polarity == .asserted)
  }

  @Test("a decimal point and a clock's colon do not end a clause")
  func decimalsAndTimes() {
    #expect(clauses("现在39.9元，8:30开播。明天见") == ["现在39.9元", "8:30开播", "明天见"])
    #expect(clauses("price 39.9, at 8:30") == ["price 39.9", "at 8:30"])
    // A point after a digit but before a letter does end one.
    #expect(clauses("第3.好") == ["第3", "好"])
  }

  @Test("a clause knows the reported question and the rhetorical opener it holds")
  func clauseMarks() throws {
    let reported = read("有人问能不能降血糖").0
    try #require(reported.clauses.count == 1)
    #expect(reported.clauses[0].reportedBy == "有人问")
    #expect(reported.clauses[0].isQuestion)  // 能不能 is a question marker
    let rhetorical = read("谁说它不能降血糖？").0
    #expect(rhetorical.clauses.map(\.rhetoricalBy) == ["谁说"])
    let denied = read("能降血糖吗？不能。").0
    #expect(denied.clauses.map(\.deniedBy) == ["不能", nil])
    // Trailing fillers after the answer are passed over: 不能哦 is a whole "no" too, 不能啊 as well.
    let deniedFiller = read("能降血糖吗？不能啊").0
    #expect(deniedFiller.clauses.first?.deniedBy == "不能啊")
    // A question answered with something else is a question, not a denial.
    let answered = read("能降血糖吗？能。").0
    #expect(answered.clauses.first?.deniedBy == nil)
  }
}

@Suite("Reading: bare clauses")
struct ReadingBareTests {
  @Test("fillers between cue words: bare when fillers count as nothing, not bare otherwise")
  func fillersBetween() {
    // 全0国1包2邮3 啊4 家5人6们7 全8国9包10邮11
    let reading = read("全国包邮啊家人们全国包邮").0
    let covered = [0..<4, 8..<12]
    #expect(reading.isBare(0, covered: covered))
    #expect(reading.isBare(0, covered: covered, fillersBetween: true))
    #expect(!reading.isBare(0, covered: covered, fillersBetween: false))
  }

  @Test("a filler at the end is passed over either way")
  func trailingFiller() {
    let reading = read("全国包邮啊").0
    #expect(reading.isBare(0, covered: [0..<4], fillersBetween: false))
    let english = read("order now").0
    #expect(english.isBare(0, covered: [0..<5], fillersBetween: false))
  }

  @Test("digits and other words are content")
  func content() {
    #expect(!read("包邮3").0.isBare(0, covered: [0..<2]))
    #expect(!read("包邮好吃").0.isBare(0, covered: [0..<2]))
    #expect(read("包邮吐鲁番七天无理由").0.isBare(0, covered: [0..<2, 2..<5, 5..<10], fillersBetween: false))
    // Punctuation and spaces are not letters.
    #expect(read("包邮 !").0.isBare(0, covered: [0..<2], fillersBetween: false))
  }

  @Test("a clause that is not there is bare (nothing said)")
  func missingClause() {
    #expect(read("包邮").0.isBare(5, covered: []))
  }
}

@Suite("Reading: refusals")
struct ReadingRefusalTests {
  private func refusals(_ line: String, lexicons: LexiconSet = refusalLexicons, names: [String] = ["medical-test", "refusal-test"])
    -> [String]
  {
    let reading = TextReading(line: line, grammar: lexicons.grammar)
    let claims = lexicons.claims(in: reading, lexicons: names)
    return lexicons.refusals(in: reading, claims: claims, lexicons: names).map {
      "\($0.range.lowerBound)..<\($0.range.upperBound) \($0.clause)\($0.denied ? " (denied)" : "")"
    }
  }

  @Test("a see-a-doctor phrase said as such is a refusal")
  func seeDoctor() {
    // 血0糖1高2的3请4 看5医6生7
    #expect(refusals("血糖高的请看医生") == ["5..<8 血糖高的请看医生"])
    #expect(refusals("要遵医嘱") == ["1..<4 要遵医嘱"])
  }

  @Test("a negated see-a-doctor phrase is not")
  func negatedSeeDoctor() {
    #expect(refusals("不用看医生") == [])
    #expect(refusals("别听医生的") == [])
  }

  @Test("a not-a-medicine phrase holds its own negation and counts")
  func notMedicine() {
    #expect(refusals("它不是药") == ["1..<4 它不是药"])
  }

  @Test("a denied health claim is a refusal; a made one is not")
  func deniedClaim() {
    #expect(refusals("不能降血糖") == ["2..<5 不能降血糖 (denied)"])
    #expect(refusals("能降血糖") == [])
    #expect(refusals("能降血糖，不能治病") == ["7..<9 不能治病 (denied)"])
  }

  @Test("without see_doctor or not_medicine families, the built-in phrases are used")
  func builtIn() {
    #expect(refusals("听医生的", lexicons: readingLexicons, names: ["medical-test"]) == ["0..<4 听医生的"])
    #expect(refusals("别听医生的", lexicons: readingLexicons, names: ["medical-test"]) == [])
  }
}

@Suite("Reading: hostile input")
struct ReadingHostileTests {
  @Test("a 10,000-character line is read quickly", arguments: HostileLine.long)
  func longLine(_ hostile: HostileLine) {
    let clock = ContinuousClock()
    let t = clock.measure {
      let (reading, _) = read(hostile.line)
      _ = reading.isBare(0, covered: [])
    }
    #expect(t < hostileBudget, "\(hostile.name) took \(t)")
  }

  @Test("the 10,000-character line is read right, clause by clause")
  func longLineRight() throws {
    let (reading, claims) = read(String(repeating: "不能降血糖，但是", count: 1_250))
    // 不能降血糖 | 但是不能降血糖 (1,249 times, each from 但是 to the next comma) | 但是 at the end.
    #expect(reading.clauses.count == 1_251)
    try #require(claims.count == 1_250)
    #expect(claims.allSatisfy { $0.polarity == .negated(by: "不能") })
  }

  @Test("control characters, mixed scripts and an empty line are read without a crash")
  func mixed() throws {
    let (empty, none) = read("")
    #expect(empty.clauses.isEmpty)
    #expect(none.isEmpty)
    #expect(empty.polarity(of: 0..<0) == .asserted)
    #expect(empty.isBare(0, covered: []))

    let (controls, _) = read("\u{0}\u{1}\u{1B}[31m\u{7F}\u{85}\u{202E}\u{FEFF}")
    #expect(controls.text == "[31m")

    let line = "大家好 ياخشىمۇسىز hello 👋🏽 不能降血糖 🍎"
    let (reading, claims) = read(line)
    try #require(claims.count == 1)
    #expect(claims[0].polarity == .negated(by: "不能"))
    #expect(reading.clauses.count == 1)
  }
}

@Suite("Reading: hostile input to the host-line analyzer")
struct ReadingAnalyzerHostileTests {
  static let lines: [HostileLine] = [
    HostileLine(name: "empty", line: ""),
    HostileLine(name: "家人们不能降血糖包邮39.9元扣1， × 500", line: String(repeating: "家人们不能降血糖包邮39.9元扣1，", count: 500)),
    HostileLine(name: "不 × 10,000", line: String(repeating: "不", count: 10_000)),
    HostileLine(name: "9 × 10,000", line: String(repeating: "9", count: 10_000)),
    HostileLine(name: "三 × 10,000", line: String(repeating: "三", count: 10_000)),
    HostileLine(name: "包邮西藏 × 2,500", line: String(repeating: "包邮西藏", count: 2_500)),
    HostileLine(name: "control characters", line: "\u{0}\u{1}\u{1B}[31m最好\u{7F}\u{85}\u{202E}"),
    HostileLine(name: "mixed scripts", line: "大家好 ياخشىمۇسىز hello 👋🏽 最好的枣 🍎 39.9元"),
  ]

  @Test("HostLineAnalyzer reads each line quickly, without a crash", arguments: lines)
  func analyzer(_ hostile: HostileLine) {
    let line = hostile.line
    let analyzer = HostLineAnalyzer(scenario: liveFixtureScenario(), lexicons: liveFixtureLexicons(), courseLexicons: [])
    let clock = ContinuousClock()
    var analysis = LineAnalysis()
    let t = clock.measure { analysis = analyzer.analyze(line, room: RoomFacts(stock: [200], presented: 0)) }
    #expect(t < hostileBudget, "\(hostile.name) took \(t)")
    if line.isEmpty {
      #expect(analysis.violations.isEmpty && analysis.topics.isEmpty && analysis.notes.isEmpty)
    }
  }

  @Test("a banned word among control characters and mixed scripts is still found")
  func bannedWordFound() {
    let analyzer = HostLineAnalyzer(scenario: liveFixtureScenario(), lexicons: liveFixtureLexicons(), courseLexicons: [])
    for line in ["\u{0}\u{1}\u{1B}[31m最好\u{7F}\u{85}\u{202E}", "大家好 ياخشىمۇسىز hello 👋🏽 最好的枣 🍎"] {
      let a = analyzer.analyze(line, room: RoomFacts(stock: [200], presented: 0))
      #expect(a.violations.map(\.kind) == [.lexicon(term: "最好", category: "absolute", lexicon: "absolute-terms")], "\(line)")
    }
  }

  @Test("LiveSession.say takes every hostile line in turn")
  func session() {
    var s = liveSession()
    let clock = ContinuousClock()
    let t = clock.measure {
      for (i, hostile) in Self.lines.enumerated() { _ = s.say(hostile.line, at: 1_000 * (i + 1)) }
    }
    #expect(t < hostileBudget * 2, "took \(t)")
    #expect(s.lines.count == Self.lines.count)
  }
}
