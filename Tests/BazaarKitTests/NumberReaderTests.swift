import Testing
@testable import BazaarKit

/// The successfully read number, or nil.
private func number(_ raw: String) -> ReadNumber? {
  if case .success(let n) = NumberReader.read(raw) { return n }
  return nil
}

/// The read error, or nil on success.
private func failure(_ raw: String) -> NumberReadError? {
  if case .failure(let e) = NumberReader.read(raw) { return e }
  return nil
}

/// Whether reading `raw` fails with `.notANumber`.
private func isNotANumber(_ raw: String) -> Bool {
  if case .notANumber = failure(raw) { return true }
  return false
}

@Suite struct NumberReaderTests {
  // MARK: plain values

  @Test(arguments: [
    ("39.9", 39.9), ("３９.９", 39.9), ("３９．９", 39.9), ("39.90", 39.9), (".5", 0.5), ("5.", 5),
    ("-5", -5), ("−5", -5), ("－5", -5), ("+5", 5), ("0", 0), ("007", 7), ("  39.9  ", 39.9),
    ("39.9。", 39.9), ("39.9.", 39.9), ("39.9!", 39.9), ("39。9", 39.9), ("٣٩٫٩", 39.9),
    ("\u{200B}39.9\u{FEFF}", 39.9), ("3\u{200B}9", 39), ("39.9\n", 39.9),
  ])
  func plainValues(input: String, expected: Double) {
    let n = number(input)
    #expect(n?.value == expected, "\(input)")
    #expect(n?.isPercent == false)
    #expect(n?.unit == nil)
  }

  @Test func textIsTheNumericPart() {
    #expect(number("39.90")?.text == "39.90")
    #expect(number("-5")?.text == "-5")
    #expect(number("+5")?.text == "5")
    #expect(number("1,299元")?.text == "1299")
    #expect(number("１．２万")?.text == "1.2万")
    #expect(number("39块9")?.text == "39块9")
    #expect(number("三十")?.text == "三十")
    #expect(number("-0")?.value == 0)
    #expect(number("-0")?.text == "0")
  }

  // MARK: thousands separators

  @Test(arguments: [
    ("1,299", 1299.0), ("1，299", 1299), ("1 299", 1299), ("1\u{00A0}299", 1299),
    ("1\u{2009}299", 1299), ("1\u{202F}299", 1299), ("12,345,678.5", 12_345_678.5),
    ("1 299 000", 1_299_000), ("1 299.50", 1299.5), ("999,999", 999_999), ("0,299", 299),
  ])
  func thousandsSeparators(input: String, expected: Double) {
    #expect(number(input)?.value == expected, "\(input)")
  }

  @Test func thousandsCommaWithUnitStaysOneNumber() {
    let n = number("1,299元")
    #expect(n?.value == 1299)
    #expect(n?.unit == "元")
    #expect(number("¥1,299")?.value == 1299)
  }

  @Test(arguments: ["1,29", "1,2345", "12,5", "1，29", "1234,567", "39,49"])
  func ambiguousCommas(input: String) {
    guard case .ambiguousComma = failure(input) else {
      Issue.record("\(input) should be an ambiguous comma, got \(String(describing: failure(input)))")
      return
    }
  }

  // MARK: several numbers

  @Test(arguments: [
    ("39.9 49.9", ["39.9", "49.9"]),
    ("39.9/49.9", ["39.9", "49.9"]),
    ("39.9, 49.9", ["39.9", "49.9"]),
    ("39.9，49.9", ["39.9", "49.9"]),
    ("39.9,49.9", ["39.9", "49.9"]),
    ("39.9、49.9", ["39.9", "49.9"]),
    ("30-40", ["30", "40"]),
    ("30~40", ["30", "40"]),
    ("30到40", ["30", "40"]),
    ("12 34", ["12", "34"]),
    ("0.1+0.2", ["0.1", "0.2"]),
    ("-5, -3", ["-5", "-3"]),
    ("1,2,3", ["1", "2", "3"]),
    ("2024-01-05", ["2024", "01", "05"]),
    ("1万2", ["1", "2"]),
    ("两三天", ["两", "三"]),
    ("三四十块", ["三", "四十"]),
  ])
  func severalNumbers(input: String, pieces: [String]) {
    #expect(failure(input) == .several(pieces), "\(input)")
  }

  @Test func rangeSignsInPieces() {
    #expect(failure("30元-40元") == .several(["30", "40"]))
    #expect(failure("-5 - -3") == .several(["-5", "-3"]))
    #expect(failure("¥39.9 ¥49.9") == .several(["39.9", "49.9"]))
    #expect(failure("39块9 49块9") == .several(["39块9", "49块9"]))
  }

  @Test func severalPiecesAreCapped() {
    let many = (1...5000).map(String.init).joined(separator: "/")
    guard case .several(let pieces) = failure(many) else {
      Issue.record("expected several")
      return
    }
    #expect(pieces.count == 10)
    #expect(pieces.first == "1")
  }

  // MARK: currency and units

  @Test(arguments: [
    "¥39.9", "￥ 39.9", "39.9元", "39.9 元", "RMB 39.9", "rmb39.9", "CNY 39.9", "$39.9", "39.9 yuan",
    "39.9块", "39.9块钱", "人民币39.9元", "¥39.9元", "39.9 RMB", "¥ -0", "约¥39.9",
  ])
  func currencyIsYuan(input: String) {
    let n = number(input)
    #expect(n?.unit == "元", "\(input)")
    if input != "¥ -0" { #expect(n?.value == 39.9, "\(input)") }
  }

  @Test(arguments: [
    ("5kg", 5.0, "kg"), ("5 KG", 5, "kg"), ("500g", 500, "g"), ("3斤", 3, "斤"), ("10 箱", 10, "箱"),
    ("2件", 2, "件"), ("7天", 7, "天"), ("24小时", 24, "小时"), ("2h", 2, "h"), ("3千克", 3, "千克"),
    ("5㎏", 5, "kg"), ("30°", 30, "°"),
  ])
  func units(input: String, value: Double, unit: String) {
    let n = number(input)
    #expect(n?.value == value, "\(input)")
    #expect(n?.unit == unit, "\(input)")
  }

  @Test func currencyPrefixWithPerUnitSuffix() {
    // What a price is per is read apart from its currency: unit 元, per-unit 斤.
    #expect(number("¥39.9/斤").map { $0.unit == "元" && $0.perUnit == "斤" } == true)
    #expect(number("¥39.9/kg").map { $0.unit == "元" && $0.perUnit == "kg" } == true)
    #expect(number("¥39.9/斤")?.unitText == "元/斤")
  }

  @Test(arguments: [
    ("28元/盒", 28.0, "元", "盒"), ("28元一盒", 28, "元", "盒"), ("28块一斤", 28, "元", "斤"), ("28块钱每盒", 28, "元", "盒"),
    ("28 yuan per box", 28, "元", "box"), ("28 yuan a box", 28, "元", "box"), ("28元 per box", 28, "元", "box"),
    ("39.9元/斤", 39.9, "元", "斤"), ("¥28/盒", 28, "元", "盒"), ("二十八元一盒", 28, "元", "盒"),
    ("二十八块一斤", 28, "元", "斤"), ("三块五一斤", 3.5, "元", "斤"), ("44块9一盒", 44.9, "元", "盒"),
    ("twenty-eight yuan per box", 28, "元", "box"), ("一百一盒", 100, "", "盒"), ("5 kg/box", 5, "kg", "box"),
  ])
  func perUnits(input: String, value: Double, unit: String, perUnit: String) {
    let n = number(input)
    #expect(n?.value == value, "\(input)")
    #expect(n?.unit == (unit.isEmpty ? nil : unit), "\(input)")
    #expect(n?.perUnit == perUnit, "\(input)")
  }

  @Test func perUnitWithoutCurrency() {
    #expect(number("39.9/斤").map { $0.value == 39.9 && $0.unit == nil && $0.perUnit == "斤" } == true)
    #expect(number("28 each").map { $0.value == 28 && $0.unit == nil && $0.perUnit == "each" } == true)
    #expect(number("28 yuan each").map { $0.unit == "元" && $0.perUnit == "each" } == true)
    #expect(number("39.9/斤")?.unitText == "/斤")
    // `a box` is a per-unit only after a currency; `per cent` is a percentage.
    #expect(number("28 a box")?.perUnit == nil)
    #expect(number("30 per cent").map { $0.isPercent && $0.perUnit == nil } == true)
    // A list with a slash is still two numbers.
    #expect(failure("39.9/49.9") == .several(["39.9", "49.9"]))
    #expect(failure("二十八/三十") == .several(["二十八", "三十"]))
  }

  @Test(arguments: [
    ("¥", "元"), ("￥", "元"), ("$", "元"), ("RMB", "元"), ("cny", "元"), ("yuan", "元"), ("块", "元"),
    ("块钱", "元"), ("元", "元"), ("人民币", "元"), ("KG", "kg"), ("斤", "斤"), ("箱", "箱"), ("小时", "小时"),
    ("h", "h"), ("块/斤", "元/斤"), ("%", "%"), ("", ""),
  ])
  func canonicalUnits(input: String, expected: String) {
    #expect(NumberReader.canonicalUnit(input) == expected)
  }

  // MARK: percent

  @Test(arguments: [
    ("30%", 30.0), ("30 %", 30), ("30％", 30), ("12.5%", 12.5), ("百分之三十", 30), ("百分之30", 30),
    ("三十%", 30), ("30 percent", 30), ("约30%", 30), ("-5%", -5),
  ])
  func percentages(input: String, value: Double) {
    let n = number(input)
    #expect(n?.value == value, "\(input)")
    #expect(n?.isPercent == true, "\(input)")
    #expect(n?.unit == nil, "\(input)")
  }

  // MARK: Chinese multipliers and numerals

  @Test(arguments: [
    ("1.2万", 12_000.0), ("3千", 3000), ("2亿", 200_000_000), ("1.5万元", 15_000), ("1.2 万", 12_000),
    ("2百万", 2_000_000), ("1.1万", 11_000), ("0.35亿", 35_000_000),
  ])
  func multipliersAfterDigits(input: String, value: Double) {
    #expect(number(input)?.value == value, "\(input)")
  }

  @Test func multiplierKeepsUnit() {
    #expect(number("1.5万元")?.unit == "元")
    #expect(number("1.2万")?.unit == nil)
  }

  @Test(arguments: [
    ("三十", 30.0), ("一", 1), ("十", 10), ("十五", 15), ("二十一", 21), ("一百零五", 105), ("一百一", 110),
    ("三千五", 3500), ("一万二", 12_000), ("两万三千", 23_000), ("十万", 100_000), ("一千万", 10_000_000),
    ("两亿三", 230_000_000), ("一万零五", 10_005), ("三点五", 3.5), ("零点五", 0.5),
    ("三十九点九", 39.9), ("一点二万", 12_000), ("二〇二四", 2024), ("叁拾", 30), ("壹佰", 100),
  ])
  func chineseNumerals(input: String, value: Double) {
    #expect(number(input)?.value == value, "\(input)")
  }

  @Test(arguments: [
    ("39块9", 39.9), ("39块95", 39.95), ("39元9角", 39.9), ("3块5毛", 3.5), ("3块5毛钱", 3.5),
    ("三块五", 3.5), ("三块五毛", 3.5), ("十块", 10), ("三十元", 30), ("39块9。", 39.9), ("39块9.", 39.9),
  ])
  func yuanAndJiao(input: String, value: Double) {
    let n = number(input)
    #expect(n?.value == value, "\(input)")
    #expect(n?.unit == "元", "\(input)")
  }

  @Test func chineseUnitsAreNotMultipliers() {
    #expect(number("三千克")?.value == 3)
    #expect(number("三千克")?.unit == "千克")
    #expect(number("二两")?.value == 2)
    #expect(number("二两")?.unit == "两")
    #expect(number("一共三十件")?.value == 30)
    #expect(number("一共三十件")?.unit == "件")
  }

  // MARK: lead and trailing words

  @Test(arguments: [
    "约39.9", "大约 39.9", "大概39.9", "answer: 39.9", "Answer:39.9", "答：39.9", "答案是39.9",
    "=39.9", "= 39.9", "≈39.9", "~39.9", "about 39.9", "approx. 39.9", "39.9左右", "(39.9)",
    "\"39.9\"", "39.9 😊", "价格：¥39.9",
  ])
  func ignorableWords(input: String) {
    #expect(number(input)?.value == 39.9, "\(input)")
  }

  // Hedged answers as trainees type them: the particle or hedge is no unit, and the number stands.
  @Test(arguments: [
    ("大概28吧", nil), ("28吧", nil), ("28元吧", "元"), ("28块吧？", "元"), ("我觉得是28", nil),
    ("应该28元", "元"), ("28呢", nil), ("是28吗？", nil), ("28 I think", nil), ("maybe 28", nil),
    ("28 yuan or so", "元"), ("我猜28块钱吧", "元"), ("28啊", nil),
  ] as [(String, String?)])
  func hedgesAndParticles(input: String, unit: String?) {
    #expect(number(input)?.value == 28, "\(input)")
    #expect(number(input)?.unit == unit, "\(input)")
  }

  // MARK: rejections

  @Test(arguments: [
    "abc", "nan", "NaN", "inf", "-inf", "infinity", "∞", "1e5", "1E5", "1.5e3", "2e-3", "0x1F",
    "0xff", "1.2.3", "192.168.1.1", "-", "+", ".", "%", "¥", "--5", "+-5", "不是39.9", "第3",
    "👍", "🙂🙃", "ئۇيغۇرچە", "万", "百分之", "点五",
  ])
  func notANumber(input: String) {
    #expect(isNotANumber(input), "\(input) → \(String(describing: NumberReader.read(input)))")
  }

  @Test func notANumberEchoesInput() {
    #expect(failure("abc") == .notANumber("abc"))
    #expect(failure("a\u{1B}[31mb") == .notANumber("a[31mb"))
    guard case .notANumber(let echo) = failure(String(repeating: "x", count: 100_000)) else {
      Issue.record("expected notANumber")
      return
    }
    #expect(echo.count == 41)
  }

  @Test(arguments: ["", " ", "   \t\n", "\u{3000}\u{00A0}", "\u{200B}\u{FEFF}", "\u{0}\u{7}\u{1B}"])
  func empty(input: String) {
    #expect(failure(input) == .empty)
  }

  // MARK: hostile input

  @Test func hugeInputsDoNotCrash() {
    let thousandDigits = String(repeating: "9", count: 1000)
    #expect(isNotANumber(thousandDigits))
    let threeHundred = "1" + String(repeating: "0", count: 300)
    #expect(number(threeHundred)?.value == 1e300)
    let megabyte = String(repeating: "7", count: 1_000_000)
    #expect(isNotANumber(megabyte))
    let longFraction = "0." + String(repeating: "3", count: 100_000)
    #expect(number(longFraction)?.value == 1.0 / 3.0)
    let longPrefix = String(repeating: "约", count: 100_000) + "39.9"
    #expect(isNotANumber(longPrefix))
    let manyYi = "1" + String(repeating: "亿", count: 100_000)
    #expect(number(manyYi) == nil)
    let manySpaces = "39.9" + String(repeating: " ", count: 100_000)
    #expect(number(manySpaces)?.value == 39.9)
    let chinese = String(repeating: "九", count: 100_000)
    #expect(number(chinese) == nil)
  }

  @Test func hostileRepetitionsStayBounded() {
    #expect(failure(String(repeating: "1a", count: 500_000)) == .several(Array(repeating: "1", count: 10)))
    #expect(failure(String(repeating: "一a", count: 100_000)) == .several(Array(repeating: "一", count: 10)))
    #expect(failure(String(repeating: "1,", count: 100_000) + "1") == .several(Array(repeating: "1", count: 10)))
    #expect(failure(String(repeating: "1 ", count: 100_000) + "1") == .several(Array(repeating: "1", count: 10)))
    #expect(isNotANumber(String(repeating: ".", count: 100_000)))
    #expect(isNotANumber(String(repeating: "-", count: 100_000) + "5"))
    #expect(isNotANumber("5" + String(repeating: "%", count: 100_000)))
    #expect(number(String(repeating: " ", count: 100_000) + "39.9")?.value == 39.9)
    guard case .ambiguousComma(let echo) = failure("1," + String(repeating: "2", count: 100_000)) else {
      Issue.record("expected ambiguousComma")
      return
    }
    #expect(echo.count == 41)
  }

  @Test func wordsStartingWithNumeralsAreNotNumbers() {
    #expect(isNotANumber("七日无理由退货"))
    #expect(number("七天")?.value == 7)
    #expect(number("七天")?.unit == "天")
    #expect(number("三个月")?.unit == "个月")
  }

  @Test func rtlAndMixedScripts() {
    #expect(number("\u{200F}39.9\u{200E}")?.value == 39.9)
    #expect(number("\u{202B}39.9\u{202C}")?.value == 39.9)
    #expect(number("39.9 يۈەن")?.unit == "يۈەن")
    #expect(isNotANumber("باھاسى 39.9"))
  }

  @Test func emojiAroundNumbers() {
    #expect(number("39.9👍🏽")?.value == 39.9)
    #expect(number("39.9👍🏽")?.unit == nil)
    #expect(isNotANumber("👍39.9"))
  }

  // MARK: format

  @Test(arguments: [
    (39.9, "39.9"), (1299, "1299"), (0.3, "0.3"), (-5, "-5"), (0, "0"), (-0.0, "0"),
    (0.1 + 0.2, "0.3"), (1e20, "100000000000000000000"), (1e-6, "0.000001"), (1e-7, "0"),
    (5e-7, "0.000001"), (12_345_678.5, "12345678.5"), (0.999_999_9, "1"), (-0.000_000_1, "0"),
    (2.675, "2.675"), (9.999_999_5, "10"), (123_456_789_012_345_680, "123456789012345680"),
  ])
  func formatting(value: Double, expected: String) {
    #expect(NumberReader.format(value) == expected)
  }

  @Test func formatMaxDecimals() {
    #expect(NumberReader.format(2.675, maxDecimals: 2) == "2.68")
    #expect(NumberReader.format(39.95, maxDecimals: 1) == "40")
    #expect(NumberReader.format(1.5, maxDecimals: 0) == "2")
    #expect(NumberReader.format(1.5, maxDecimals: -3) == "2")
    #expect(NumberReader.format(0.1, maxDecimals: 100) == "0.1")
    #expect(NumberReader.format(.nan) == "nan")
    #expect(NumberReader.format(.infinity) == "inf")
    #expect(NumberReader.format(-.infinity) == "-inf")
  }

  @Test(arguments: [
    0, 1, -1, 39.9, 0.3, 0.5, 1299, 12_345_678.5, 0.000_001, 123_456.789, -0.25, 99.99, 1e15, 1e20,
    1e300, 4_294_967_296, 0.123_456, -987_654.321, 3.14159, 100_000,
  ] as [Double])
  func formatRoundTrips(value: Double) {
    let text = NumberReader.format(value)
    #expect(!text.contains("e"))
    #expect(number(text)?.value == value, "\(value) → \(text)")
  }
}

@Suite("number words")
struct NumberWordsTests {
  @Test("English number words, with a unit or percent after them")
  func englishWords() {
    #expect(number("seven")?.value == 7)
    #expect(number("Four")?.value == 4)
    #expect(number("twenty-five")?.value == 25)
    #expect(number("one hundred and five")?.value == 105)
    #expect(number("two thousand")?.value == 2000)
    #expect(number("seven days")?.unit == "days")
    #expect(number("four images")?.value == 4)
    #expect(number("thirty percent").map { $0.value == 30 && $0.isPercent } == true)
    #expect(number("forty yuan")?.unit == "元")
    #expect(isNotANumber("half"))
    #expect(isNotANumber("Article 9 of the law") || number("Article 9 of the law") == nil)
    #expect(number("seven is the answer I think") == nil)
    #expect(number("and") == nil)
  }

  @Test("半: 一半 is a half, 一个半 and 三斤半 add a half")
  func chineseHalf() {
    #expect(number("一半")?.value == 0.5)
    #expect(number("一半")?.unit == nil)
    #expect(number("一个半")?.value == 1.5)
    #expect(number("三斤半").map { $0.value == 3.5 && $0.unit == "斤" } == true)
    #expect(number("三块五")?.value == 3.5)
  }
}

@Suite("number words: decimals")
struct NumberWordsDecimalTests {
  @Test("forty-one point five is 41.5; leftover number words are no number")
  func pointDigits() {
    #expect(number("forty-one point five")?.value == 41.5)
    #expect(number("three point one four yuan").map { $0.value == 3.14 && $0.unit == "元" } == true)
    #expect(number("forty point") == nil)
    // Hostile: never overflows.
    #expect(number("ninety" + String(repeating: " hundred", count: 40)) == nil)
    #expect(number(String(repeating: "ninety thousand ", count: 30)) == nil)
    #expect(number("one two") == nil)
  }

  @Test("a wrong unit is named in the learner's language: yuan, not 元")
  func wrongUnitInEnglish() throws {
    let q = try question("kind: number\nprompt: p\nanswer: 28\nunit: 元\nexplanation: x")
    #expect(grade(q, "28 kg").render("en").joined().contains("yuan"))
    #expect(grade(q, "28 kg").render("zh").joined().contains("单位是元"))
  }
}

@Suite("number words: hostile")
struct NumberWordsHostileTests {
  @Test("thousands of random word sequences: never a crash, always a finite value or no number")
  func randomSequences() throws {
    let vocab = ["one", "two", "nine", "ten", "nineteen", "twenty", "ninety", "hundred", "thousand", "and", "point", "percent",
                 "per", "cent", "yuan", "-", "seven", "zero", "一", "半", "个", "斤", "9", ".", "kg", "x"]
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(state >> 33)
    }
    let q = try question("kind: number\nprompt: p\nanswer: 7\nunit: {zh: 天, en: days}\nexplanation: x")
    for _ in 0..<5_000 {
      let n = next() % 40 + 1
      let text = (0..<n).map { _ in vocab[next() % vocab.count] }.joined(separator: next() % 3 == 0 ? "-" : " ")
      if case .success(let r) = NumberReader.read(text) { #expect(r.value.isFinite, "\(text)") }
      let g = grade(q, text)
      #expect(g.score >= 0 && g.score <= 1)
    }
  }
}
