import BazaarExchange
import Foundation
import Testing

@testable import BazaarKit

/// Question-bank import and export, on real public banks (Moodle's own GIFT, Aiken and Moodle XML
/// test fixtures, Tests/BazaarKitTests/Fixtures/import/moodle/SOURCES.md) and on a hand-written
/// 50-question Chinese text bank whose expected reading was written by hand beside it
/// (Fixtures/import/zh/bank-50.expected.md), never taken from Bazaar's output.
@Suite struct ImportTests {
  static func fixtureURL(_ name: String) throws -> URL {
    try #require(Bundle.module.url(forResource: "Fixtures/import/" + name, withExtension: nil))
  }
  static func text(_ name: String) throws -> String {
    let bytes = [UInt8](try Data(contentsOf: fixtureURL(name)))
    return try #require(BankText.decode(bytes)).text
  }
  static func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: fixtureURL(name))) }

  /// The course a bank becomes, loaded back: it must have no errors.
  static func course(_ bank: QuestionBank, id: String = "imported") throws -> Course {
    let out = CourseWriter.write(bank, courseId: id, title: id, sources: ["x"], messages: .english)
    let loaded = CourseLoader.parse(source: SourceText(path: "imported.yaml", text: out.yaml))
    let errors = loaded.diagnostics.filter(\.isError).map { "\($0.location?.description ?? ""): \($0.code) \($0.message)" }
    #expect(errors.isEmpty, "\(errors)\n\(out.yaml)")
    return try #require(loaded.course)
  }

  static func question(_ bank: QuestionBank, line: Int) throws -> BankQuestion {
    try #require(bank.questions.first { $0.location.line == line }, "no question at line \(line)")
  }

  // MARK: - GIFT (Moodle's examples.txt and test fixtures)

  @Test func giftExamplesEveryType() throws {
    let bank = GIFTReader.read(try Self.text("moodle/gift-examples.txt"), path: "gift-examples.txt")
    #expect(bank.leftOut.isEmpty)
    // Multiple choice, one right answer.
    let tomb = try Self.question(bank, line: 8)
    #expect(tomb.prompt == "Who's buried in Grant's tomb?")
    guard case .choice(let o) = tomb.body else { Issue.record("not choice"); return }
    #expect(o.map(\.text) == ["Grant", "Jefferson", "no one"])
    #expect(o.map(\.credit) == [0, 0, 1])
    // Missing word: the blank where the braces were.
    let missing = try Self.question(bank, line: 10)
    #expect(missing.prompt == "Grant is ___ in Grant's tomb.")
    // True/false.
    guard case .trueFalse(false, _, _) = try Self.question(bank, line: 12).body else { Issue.record("not false"); return }
    // Short answer with two right answers.
    guard case .short(let s) = try Self.question(bank, line: 14).body else { Issue.record("not short"); return }
    #expect(s.map(\.text) == ["no one", "nobody"])
    // Numerical with tolerance, and a range.
    guard case .number(let n) = try Self.question(bank, line: 16).body else { Issue.record("not number"); return }
    #expect(n.map(\.target) == [.value(1822, tolerance: 1)])
    guard case .number(let r) = try Self.question(bank, line: 74).body else { Issue.record("not range"); return }
    #expect(r.map(\.target) == [.range(3.141, 3.142)])
    // Several weighted numerical answers.
    guard case .number(let w) = try Self.question(bank, line: 76).body else { Issue.record("not weighted"); return }
    #expect(w.map(\.credit) == [1, 0.5])
    // Matching.
    guard case .match(let pairs) = try Self.question(bank, line: 61).body else { Issue.record("not match"); return }
    #expect(pairs.map(\.left) == ["Canada", "Italy", "Japan", "India"])
    #expect(pairs.map(\.right) == ["Ottawa", "Rome", "Tokyo", "New Delhi"])
    // A title, and a question over two lines.
    let kanji = try Self.question(bank, line: 90)
    #expect(kanji.title == "Kanji Origins" && kanji.id == "kanji-origins")
    #expect(kanji.prompt == "Japanese characters originally\ncame from what country?")
    // Escaped control characters are text.
    guard case .choice(let eq) = try Self.question(bank, line: 143).body else { Issue.record("not choice"); return }
    #expect(eq.map(\.text) == ["= 2 + 2", "= 2 + 3", "= 2 + 4"])
    #expect(eq.map(\.credit) == [0, 1, 0])
    guard case .choice(let ctl) = try Self.question(bank, line: 148).body else { Issue.record("not choice"); return }
    #expect(ctl.map(\.text) == ["~", "=", "#", "{", "}", "\\"])
    #expect(ctl.last?.feedback?.hasPrefix("Correct! \\ (backslash) is not a control character. BUT,\nit is used") == true)
  }

  @Test func giftWeightsBecomeBazaarsRules() throws {
    let bank = GIFTReader.read(try Self.text("moodle/gift-examples.txt"), path: "g")
    let course = try Self.course(bank)
    // `~%-50%No one ~%50%Grant ~%50%Grant's wife ~%-50%Grant's father`: two right options; a wrong
    // tick costs 50% = one right tick's credit: penalty 1.
    let multi = try #require(course.questions.first { $0.location.line > 0 && $0.prompt.text("en").hasPrefix("What two people") && $0.id.hasSuffix("-2") })
    guard case .choice(let key) = multi.kind else { Issue.record("not choice"); return }
    #expect(key.options.map(\.correct) == [false, true, true, false])
    #expect(key.penalty == 1)
    // Without negative weights Moodle gives full marks for ticking all four: penalty 0 keeps that.
    let lenient = try #require(course.questions.first { $0.prompt.text("en").hasPrefix("What two people") && !$0.id.hasSuffix("-2") })
    guard case .choice(let lk) = lenient.kind else { Issue.record("not choice"); return }
    #expect(lk.penalty == 0)
  }

  @Test func giftFixturesWithCategoriesAndEssays() throws {
    let bank = GIFTReader.read(try Self.text("moodle/questions_in_category.gift.txt"), path: "c")
    #expect(bank.questions.count == 4)
    #expect(Set(bank.questions.map(\.category)) == ["Default for New Features"])
    let q = GIFTReader.read(try Self.text("moodle/questions.gift.txt"), path: "q")
    guard case .essay = try Self.question(q, line: 2).body else { Issue.record("not essay"); return }
    let match = try Self.question(q, line: 5)
    #expect(match.prompt == "Match the activity to the description.")
    #expect(match.losses.contains("import.loss.extraRight"))
    let out = CourseWriter.write(q, courseId: "q", title: "q", sources: ["q"], messages: .english)
    #expect(out.todo.map(\.location.line) == [2])
    #expect(out.yaml.contains("# - id: Q8"))
  }

  @Test func giftRoundTripGivesTheSameCourse() throws {
    let first = GIFTReader.read(try Self.text("moodle/gift-examples.txt"), path: "a.gift")
    let c1 = try Self.course(first, id: "rt")
    let gift1 = BankExporter.gift(c1, language: "en")
    let c2 = try Self.course(GIFTReader.read(gift1.text, path: "b.gift"), id: "rt")
    let gift2 = BankExporter.gift(c2, language: "en")
    #expect(gift1.text == gift2.text)
    #expect(c1.questions.map(\.id) == c2.questions.map(\.id))
    #expect(c1.questions.map(\.kind.name) == c2.questions.map(\.kind.name))
    #expect(c1.questions.map { $0.prompt.text("en") } == c2.questions.map { $0.prompt.text("en") })
    #expect(gift1.skipped.isEmpty)
  }

  // MARK: - Aiken

  @Test func aikenFixtures() throws {
    let good = TextBankReader.read(try Self.text("moodle/questions.aiken.txt"), path: "a", layout: .aiken)
    #expect(good.questions.count == 2 && good.leftOut.isEmpty)
    guard case .choice(let o) = good.questions[0].body else { Issue.record("not choice"); return }
    #expect(o.map(\.text) == ["Petr Skoda", "Martin Dougiamas", "Eloy Lafuente", "Tim Hunt"])
    #expect(o.map(\.credit) == [0, 1, 0, 0])
    // Moodle's own error fixture: two good questions; the other three are reported, by line.
    let errors = TextBankReader.read(try Self.text("moodle/aiken_errors.txt"), path: "e", layout: .aiken)
    #expect(errors.questions.map(\.prompt) == ["A good question", "A second good question"])
    #expect(errors.leftOut.map(\.location.line) == [1, 5, 14])
    #expect(errors.leftOut[0].text.contains("ANSWER: A"))
  }

  // MARK: - Moodle XML

  @Test func moodleXMLFixtures() throws {
    let nested = try MoodleXML.read(try Self.bytes("moodle/nested_categories_with_questions.xml"), path: "n").get()
    #expect(nested.questions.map(\.category) == ["Iota", "Iota / Kappa", "Iota / Kappa", "Iota / Kappa / Lambda", "Iota / Mu"])
    #expect(nested.questions.map(\.title) == ["Iota Question", "Kappa Essay Question", "Kappa Question", "Lambda Question", "Mu Question"])
    let old = try MoodleXML.read(try Self.bytes("moodle/sample_questions_with_old_image_tag.xml"), path: "o").get()
    #expect(old.leftOut.map(\.reason) == ["import.xml.type"])
    #expect(old.leftOut.first?.args["type"] == "cloze")
    let broken = MoodleXML.read(Array("<quiz><question type=\"truefalse\">".utf8), path: "b.xml")
    guard case .failure(let f) = broken else { Issue.record("broken XML read"); return }
    #expect(f.message.hasPrefix("b.xml:"))
  }

  @Test func moodleXMLRoundTrip() throws {
    let first = GIFTReader.read(try Self.text("moodle/gift-examples.txt"), path: "a.gift")
    let c1 = try Self.course(first, id: "rt")
    let xml = MoodleXML.write(c1, language: "en")
    let c2 = try Self.course(try MoodleXML.read(Array(xml.text.utf8), path: "x.xml").get(), id: "rt")
    #expect(c1.questions.map(\.id) == c2.questions.map(\.id))
    #expect(c1.questions.map(\.kind.name) == c2.questions.map(\.kind.name))
    // Every question reads back the same, but a range, which Moodle XML writes as middle ± half width.
    let g1 = BankExporter.gift(c1, language: "en").text.components(separatedBy: "\n\n")
    let g2 = BankExporter.gift(c2, language: "en").text.components(separatedBy: "\n\n")
    #expect(g1.count == g2.count)
    let differ = zip(g1, g2).filter { $0 != $1 }
    #expect(differ.map(\.1) == ["::q-7bd849fa-2::What is the value of pi (to 3 decimal places)? ___. {#\n  =3.1415:0.0005\n}"], "\(differ)")
  }

  // MARK: - The Chinese text bank, against its hand-written expectations

  struct Expected {
    var line: Int
    var kind: String
    var answer: String
  }

  /// The rows of bank-50.expected.md's tables: `| # | No. | Line | Kind | Answer | Notes |`.
  static func expected() throws -> [Expected] {
    try text("zh/bank-50.expected.md").split(separator: "\n").compactMap { line -> Expected? in
      let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
      guard cells.count >= 7, Int(cells[1]) != nil, let l = Int(cells[3]) else { return nil }
      return Expected(line: l, kind: cells[4], answer: cells[5])
    }
  }

  @Test func chineseBankOfFifty() throws {
    let bank = TextBankReader.read(try Self.text("zh/bank-50.txt"), path: "bank-50.txt", layout: .chinese)
    let expected = try Self.expected()
    #expect(expected.count == 50)
    for e in expected {
      let context = Comment(rawValue: "line \(e.line): \(e.kind) \(e.answer)")
      if e.kind == "refused" {
        #expect(bank.leftOut.contains { $0.location.line == e.line }, context)
        continue
      }
      guard let q = bank.questions.first(where: { $0.location.line == e.line }) else {
        Issue.record("no question at \(context)")
        continue
      }
      switch (e.kind, q.body) {
      case ("choice-single", .choice(let o)), ("choice-multiple", .choice(let o)):
        let letters = e.answer.filter { ("A"..."H").contains($0) }
        let right = o.enumerated().filter { $0.element.credit > 0 }.map { Character(Unicode.Scalar(UInt8(65 + $0.offset))) }
        #expect(String(right) == String(letters), context)
      case ("truefalse", .trueFalse(let b, _, _)):
        #expect(String(b) == e.answer, context)
      case ("number", .number(let n)):
        let value = Double(e.answer.prefix { $0.isNumber || $0 == "." })
        #expect(n.map(\.target) == [.value(value ?? -1, tolerance: 0)], context)
        #expect(q.percent == e.answer.contains("%"), context)
        if e.answer.contains("元") { #expect(q.unit == "元", context) }
      case ("short", .short(let a)):
        for accepted in e.answer.split(separator: "/").map({ $0.split(separator: "(").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }) {
          #expect(a.map(\.text).contains(accepted), context)
        }
      case ("essay-todo", .essay):
        break
      default:
        Issue.record("read as \(q.body) at \(context)")
      }
    }
    #expect(bank.questions.count == 48 && bank.leftOut.count == 2)
    // The bank becomes a course without errors; the essays are TODOs.
    let out = CourseWriter.write(bank, courseId: "bank", title: "bank", sources: ["bank-50.txt"], messages: .english)
    #expect(out.written == 46)
    #expect(out.todo.count == 4)
    _ = try Self.course(bank)
  }

  @Test func spreadsheetCSVInUTF8AndGBK() throws {
    let utf8 = SheetReader.readCSV(try Self.text("zh/sheet-10.csv"), path: "s")
    let gbkBytes = try Self.bytes("zh/sheet-10-gbk.csv")
    #expect(String(validating: gbkBytes, as: UTF8.self) == nil, "the GBK fixture must not be UTF-8")
    let decoded = try #require(BankText.decode(gbkBytes))
    #expect(decoded.encoding == "GB18030")
    let gbk = SheetReader.readCSV(decoded.text, path: "s")
    #expect(utf8.questions.count == 10 && utf8.leftOut.isEmpty)
    #expect(utf8.questions.map(\.prompt) == gbk.questions.map(\.prompt))
    #expect(utf8.questions.map(\.location.line) == Array(2...11))
    // Row 3's explanation has line breaks inside the quotes.
    #expect(utf8.questions[1].explanation?.split(separator: "\n").count == 4)
    guard case .choice(let o) = utf8.questions[5].body else { Issue.record("row 7 not choice"); return }
    #expect(o.map(\.credit) == [1, 1, 0, 1])
    _ = try Self.course(utf8)
  }

  @Test func templatesReadAlikeInEveryFormat() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let csv = try String(contentsOf: root.appendingPathComponent("templates/question-bank.csv"), encoding: .utf8)
    let fromCSV = SheetReader.readCSV(csv, path: "t")
    let xlsx = [UInt8](try Data(contentsOf: root.appendingPathComponent("templates/question-bank.xlsx")))
    let fromXLSX = try XLSX.read(xlsx, path: "t").get()
    #expect(fromCSV.questions.map(\.prompt) == fromXLSX.questions.map(\.prompt))
    #expect(fromCSV.questions.map(\.id) == fromXLSX.questions.map(\.id))
    #expect(fromCSV.questions.count == 6)
    let txt = try String(contentsOf: root.appendingPathComponent("templates/question-bank.txt"), encoding: .utf8)
    let fromText = TextBankReader.read(txt, path: "t", layout: .chinese)
    #expect(fromText.leftOut.isEmpty)
    #expect(fromText.questions.count == 8)
    _ = try Self.course(fromText)
    _ = try Self.course(fromCSV)
  }

  // MARK: - Rules of the loose layouts, one by one

  @Test(arguments: [
    ("ABD", "ABD"), ("A、B、D", "ABD"), ("A,B,D", "ABD"), ("a b d", "ABD"), ("ＡＢ", "AB"), ("A；C", "AC"),
  ])
  func optionLetters(typed: String, letters: String) {
    #expect(LooseQuestion.letters(typed).map { String($0) } == letters)
  }

  @Test func answersInTheStemAndTrueFalseWords() {
    #expect(LooseQuestion.answerInStem("淘宝标题最多写多少个汉字？（B）")?.answer == "B")
    #expect(LooseQuestion.answerInStem("净含量（√）")?.answer == "√")
    #expect(LooseQuestion.answerInStem("第（三）项是什么") == nil)
    #expect(LooseQuestion.truth("正确") == true && LooseQuestion.truth("×") == false && LooseQuestion.truth("对。") == true)
    #expect(LooseQuestion.truth("正确答案") == nil)
    #expect(LooseQuestion.blankCount("（售价-成本）÷售价叫____率，÷成本叫____率") == 2)
    #expect(LooseQuestion.blankCount("成本是（ ）元（结果取整数）") == 1)
  }

  /// Two files into one lesson: each file's questions in its own order, the first file's first.
  @Test func twoFilesKeepTheirOrder() throws {
    var bank = GIFTReader.read("First A?{T}\n\n\n\n\nFirst B?{T}", path: "a.gift")
    let second = GIFTReader.read("Second A?{T}\n\nSecond B?{T}", path: "b.gift")
    bank.questions += second.questions
    let out = CourseWriter.write(bank, courseId: "x", title: "x", sources: ["a.gift", "b.gift"], messages: .english)
    let loaded = try #require(CourseLoader.parse(source: SourceText(path: "x.yaml", text: out.yaml)).course)
    #expect(loaded.questions.map { $0.prompt.text("en") } == ["First A?", "First B?", "Second A?", "Second B?"])
  }

  /// A careful trainee types the whole term: `____率` answered `毛利率`, `____商品` `鲜活易腐商品`.
  @Test func theWordAfterABlankMayBeTyped() throws {
    #expect(LooseQuestion.wordAfterBlank("（售价-成本）÷售价叫作____率。") == "率")
    #expect(LooseQuestion.wordAfterBlank("但____商品（如鲜葡萄）和定制商品可以除外。") == "商品")
    #expect(LooseQuestion.wordAfterBlank("退回商品的____一般由买家承担") == "一般")
    #expect(LooseQuestion.wordAfterBlank("单位成本为____。") == nil)
    let bank = TextBankReader.read("1. （售价-成本）÷售价叫作____率。\n答案：毛利\n", path: "b", layout: .chinese)
    let q = try #require(try Self.course(bank).questions.first)
    for typed in ["毛利", "毛利率"] { #expect(grade(q, typed).isCorrect, "\(typed)") }
    #expect(grade(q, "加价率").score == 0)
  }

  @Test func optionLinesAndNumberedStems() {
    #expect(TextBankReader.optionLine("A、对 B、错 C、不一定")?.map(\.text) == ["对", "错", "不一定"])
    #expect(TextBankReader.optionLine("A．新疆红枣 500克 袋装")?.map(\.text) == ["新疆红枣 500克 袋装"])
    #expect(TextBankReader.optionLine("A是按加价率算的") == nil)
    #expect(TextBankReader.numberedStem("12、题干") == "题干")
    #expect(TextBankReader.numberedStem("（3）题干") == "题干")
    #expect(TextBankReader.numberedStem("1.5 元一斤") == nil)
    #expect(TextBankReader.sectionHeading("一、单选题（每题2分）")?.name == "单选题")
    #expect(TextBankReader.sectionHeading("一、选择你要的") == nil)
  }

  @Test func stableIds() {
    #expect(BankIds.fromTitle("Kanji Origins") == "kanji-origins")
    #expect(BankIds.fromTitle("margin-of-10") == "margin-of-10")
    #expect(BankIds.fromTitle("毛利率") == nil)
    #expect(BankIds.fromText(kind: "choice", prompt: "毛利率？") == BankIds.fromText(kind: "choice", prompt: "毛利率?"))
    #expect(BankIds.unique(["a", "a", "b", "a"]) == ["a", "a-2", "b", "a-3"])
  }

  // MARK: - Export

  @Test func exportListsWhatAFormatCannotHold() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let course = try #require(CourseLoader.load(path: root.appendingPathComponent("courses/sampler.yaml").path).course)
    let gift = BankExporter.gift(course, language: "zh")
    let kinds = Set(gift.skipped.map { $0.args["kind"] ?? $0.reason })
    #expect(kinds == ["calc", "listing", "order", "pitch", "live", "export.why.regex"])
    let aiken = BankExporter.aiken(course, language: "zh")
    #expect(aiken.written == course.questions.filter { if case .choice(let k) = $0.kind { k.options.filter(\.correct).count == 1 } else { false } }.count)
    #expect(aiken.text.contains("ANSWER: A"))
    // Aiken's own reader reads it back.
    let back = TextBankReader.read(aiken.text, path: "a", layout: .aiken)
    #expect(back.questions.count == aiken.written && back.leftOut.isEmpty)
  }
}
