import Foundation
import Testing
@testable import BazaarKit

/// The numbers in `raw`, normalised first as every caller does.
private func scan(_ raw: String) -> [SpokenNumber] {
  NumberReader.scan(TextNormalizer.normalize(raw))
}

/// The values of the numbers in `raw`.
private func values(_ raw: String) -> [Double] {
  scan(raw).map(\.value)
}

/// The only number in `raw`, or nil when there is not exactly one.
private func one(_ raw: String) -> SpokenNumber? {
  let found = scan(raw)
  return found.count == 1 ? found.first : nil
}

@Suite("Number scanner: ranges, percentages, per-units")
struct NumberScannerShapeTests {
  @Test(arguments: [
    // input, value, upper, offset, length, after
    ("3到4天", 3.0, 4.0, 0, 3, "天"),
    ("3-4 days", 3, 4, 0, 3, " days"),
    ("3–4天", 3, 4, 0, 3, "天"),
    ("3 - 4 days", 3, 4, 0, 5, " days"),
    ("3至5天发货", 3, 5, 0, 3, "天发货"),
    ("三到四天", 3, 4, 0, 3, "天"),
    ("一到两天", 1, 2, 0, 3, "天"),
    ("three to four days", 3, 4, 0, 13, " days"),
    ("3 to 4 days", 3, 4, 0, 6, " days"),
    ("两三天", 2, 3, 0, 2, "天"),
    ("一两天", 1, 2, 0, 2, "天"),
    ("三四十块", 30, 40, 0, 3, "块"),
    ("发货后3到5天到", 3, 5, 3, 3, "天到"),
  ])
  func ranges(input: String, value: Double, upper: Double, offset: Int, length: Int, after: String) {
    let n = one(input)
    #expect(n?.value == value, "\(input)")
    #expect(n?.upper == upper, "\(input)")
    #expect(n?.offset == offset, "\(input)")
    #expect(n?.length == length, "\(input)")
    #expect(n?.after == after, "\(input)")
  }

  @Test func notRanges() {
    // A date or a phone number is a chain, not a range; a falling pair is two numbers.
    #expect(scan("2024-01-05").map(\.upper) == [nil, nil, nil])
    #expect(values("2024-01-05") == [2024, 1, 5])
    #expect(values("138-1234-5678") == [138, 1234, 5678])
    #expect(scan("30-20").map(\.upper) == [nil, nil])
    // Two lone numerals without a unit are no range and no numbers.
    #expect(scan("三到五").isEmpty)
    // 3元到4元 says the unit twice: two numbers.
    #expect(values("3元到4元") == [3, 4])
  }

  @Test(arguments: [
    ("30%", 30.0, 0), ("30 %", 30, 0), ("百分之三十", 30, 3), ("百分之30", 30, 3), ("30 percent", 30, 0),
    ("30 per cent", 30, 0), ("三十%", 30, 0), ("百分之五", 5, 3), ("打折12.5%", 12.5, 2),
  ])
  func percentages(input: String, value: Double, offset: Int) {
    let n = one(input)
    #expect(n?.value == value, "\(input)")
    #expect(n?.isPercent == true, "\(input)")
    #expect(n?.offset == offset, "\(input)")
    #expect(n?.perUnit == nil, "\(input)")
  }

  @Test func rangeOfPercentages() {
    let n = one("约30-40%")
    #expect(n?.value == 30)
    #expect(n?.upper == 40)
    #expect(n?.isPercent == true)
  }

  @Test(arguments: [
    ("28元/盒", 28.0, "盒", "元/盒"),
    ("28元一盒", 28, "盒", "元一盒"),
    ("28块一斤", 28, "斤", "块一斤"),
    ("28 yuan per box", 28, "box", " yuan per box"),
    ("28 yuan a box", 28, "box", " yuan a box"),
    ("28 each", 28, "each", " each"),
    ("28/盒", 28, "盒", "/盒"),
    ("28元每盒", 28, "盒", "元每盒"),
    ("二十八块一斤", 28, "斤", "块一斤"),
    ("44块9一盒", 44.9, "盒", "元一盒"),
    ("三块五一斤", 3.5, "斤", "元一斤"),
    ("两块一个", 2, "个", "块一个"),
    ("一百一盒", 100, "盒", "一盒"),
    ("三十九一盒", 39, "盒", "一盒"),
  ])
  func perUnits(input: String, value: Double, perUnit: String, after: String) {
    // The `一` of `一盒` is no second number.
    let n = one(input)
    #expect(n?.value == value, "\(input)")
    #expect(n?.perUnit == perUnit, "\(input)")
    #expect(n?.after == after, "\(input)")
    #expect(n?.upper == nil, "\(input)")
  }

  @Test func sumsAtTheEndOfASentence() {
    // A full stop after the jiao ends the sentence; it is no decimal point.
    #expect(values("领券以后到手39块9。") == [39.9])
    #expect(values("恢复44块9。今天39块9!") == [44.9, 39.9])
    #expect(values("39块9.5") == [39, 9.5])
  }

  @Test func perUnitBeforeTheNumber() {
    let n = one("每盒28元")
    #expect(n?.value == 28)
    #expect(n?.perUnit == "盒")
    #expect(n?.offset == 2)
    // 28 a box needs a currency: without one, `a box` is not a per-unit.
    #expect(one("28 a box")?.perUnit == nil)
  }

  @Test func perUnitInASentence() {
    let found = scan("The price is 28 yuan per box, two boxes for 50.")
    #expect(found.map(\.value) == [28, 2, 50])
    #expect(found.map(\.perUnit) == ["box", nil, nil])
    #expect(found.map(\.offset) == [13, 30, 44])
  }
}

@Suite("Number scanner: Chinese numerals in speech")
struct NumberScannerChineseTests {
  @Test(arguments: [
    // input, value, hasDecimal, offset, length, after
    ("四十四块九", 44.9, true, 0, 5, "元"),
    ("三十九块九", 39.9, true, 0, 5, "元"),
    ("三块五毛", 3.5, true, 0, 4, "元"),
    ("三块五毛钱", 3.5, true, 0, 5, "元"),
    ("39块九", 39.9, true, 0, 4, "元"),
    ("44块9", 44.9, true, 0, 4, "元"),
    ("两斤", 2, false, 0, 1, "斤"),
    ("原价九十九", 99, false, 2, 3, ""),
    ("最后三单", 3, false, 2, 1, "单"),
    ("七天无理由", 7, false, 0, 1, "天无理由"),
    ("三点五公斤", 3.5, true, 0, 3, "公斤"),
    ("一点五斤", 1.5, true, 0, 3, "斤"),
    ("一千万", 10_000_000, false, 0, 3, ""),
    ("一万一", 11_000, false, 0, 3, ""),
    ("一点二万", 12_000, false, 0, 4, ""),
    ("十分钟", 10, false, 0, 1, "分钟"),
    ("五十分", 50, false, 0, 2, "分"),
    ("十一点开播", 11, false, 0, 2, "点开播"),
    ("二两", 2, false, 0, 1, "两"),
    ("一两黄金", 1, false, 0, 1, "两黄金"),
    ("二〇二四年", 2024, false, 0, 4, "年"),
  ])
  func numerals(input: String, value: Double, hasDecimal: Bool, offset: Int, length: Int, after: String) {
    let n = one(input)
    #expect(n?.value == value, "\(input)")
    #expect(n?.hasDecimal == hasDecimal, "\(input)")
    #expect(n?.offset == offset, "\(input)")
    #expect(n?.length == length, "\(input)")
    #expect(n?.after == after, "\(input)")
    #expect(n?.isOrdinal == false, "\(input)")
  }

  @Test func severalInOneLine() {
    let found = scan("一箱五斤")
    #expect(found.map(\.value) == [1, 5])
    #expect(found.map(\.after) == ["箱五斤", "斤"])
    #expect(found.map(\.offset) == [0, 2])

    let line = scan("原价九十九今天三十九块九只剩三单")
    #expect(line.map(\.value) == [99, 39.9, 3])
    #expect(line.map(\.before) == ["原价", "原价九十九今天", "原价九十九今天三十九块九只剩"])
    #expect(line.map(\.after) == ["今天三十九块九只剩三单", "元只剩三单", "单"])
    #expect(line.map(\.hasDecimal) == [false, true, false])
  }

  /// Every word of the stop list, in a sentence: no number.
  @Test(arguments: [
    "看一下", "一起买", "一定好吃", "一直在卖", "一样的", "一般般", "统一发货", "万一坏了", "千万别错过", "十分好吃",
    "便宜一点儿", "一点点", "三高人群", "百分百好吃", "一五一十地说", "三三两两", "七七八八", "一一回复", "乱七八糟",
    "十之八九", "双十一", "双11", "五一假期", "九零后", "十三香", "一次性手套", "一口价", "第一时间发货", "三包服务",
    "一件代发", "一对一", "一块儿吃",
  ])
  func stopWords(input: String) {
    #expect(scan(input).isEmpty, "\(input) → \(values(input))")
  }

  @Test(arguments: [
    "几十块", "十几个", "二十几斤", "三分之一", "零食", "好的", "七上八下", "说一说", "看看一", "十全十美",
  ])
  func notNumbers(input: String) {
    #expect(scan(input).isEmpty, "\(input) → \(values(input))")
  }

  @Test func loneNumeralsNeedAUnit() {
    // 一 before 起 (together) is no number; before 箱 it is one box.
    #expect(values("一起来买一箱") == [1])
    #expect(values("三") == [])
    #expect(values("三单") == [3])
    #expect(values("十块") == [10])
    #expect(values("十") == [])
    #expect(values("两") == [])
    #expect(values("一个好东西") == [1])  // 个 is a measure word
  }

  @Test func ordinals() {
    let first = one("第一")
    #expect(first?.value == 1)
    #expect(first?.isOrdinal == true)
    #expect(one("第一次")?.isOrdinal == true)
    #expect(one("第3名")?.isOrdinal == true)
    #expect(one("第二天发货").map { $0.value == 2 && $0.isOrdinal } == true)
    #expect(one("3号链接").map { $0.value == 3 && $0.isOrdinal } == true)
    #expect(one("三号链接").map { $0.value == 3 && $0.isOrdinal } == true)
    // An ordinal is no range start.
    #expect(scan("第3-5名").first?.upper == nil)
  }
}

@Suite("Number scanner: English number words and digits")
struct NumberScannerEnglishTests {
  @Test func words() {
    let n = one("forty-four point nine yuan")
    #expect(n?.value == 44.9)
    #expect(n?.hasDecimal == true)
    #expect(n?.length == 21)
    #expect(n?.after == " yuan")
    #expect(one("two boxes").map { $0.value == 2 && $0.after == " boxes" } == true)
    #expect(one("twenty-one days")?.value == 21)
    #expect(one("one hundred and five grams")?.value == 105)
    #expect(one("only one left!")?.value == 1)
    #expect(one("one box")?.value == 1)
  }

  @Test(arguments: [
    "this one is good", "I like that one", "one of them", "no one knows", "which one?", "one by one", "someone said",
    "one-time deal", "everyone", "the one",
  ])
  func pronounOne(input: String) {
    #expect(scan(input).isEmpty, "\(input) → \(values(input))")
  }

  @Test func ordinals() {
    #expect(one("No. 3").map { $0.value == 3 && $0.isOrdinal } == true)
    #expect(one("no.3").map { $0.value == 3 && $0.isOrdinal } == true)
    #expect(one("#3").map { $0.value == 3 && $0.isOrdinal } == true)
    #expect(one("3rd place").map { $0.value == 3 && $0.isOrdinal } == true)
    #expect(one("the 21st box").map { $0.value == 21 && $0.isOrdinal } == true)
    #expect(one("3 boxes")?.isOrdinal == false)
  }

  @Test func digits() {
    #expect(values("1,000盒 39.9元") == [1000, 39.9])
    #expect(values("1,000,000") == [1_000_000])
    #expect(values("1,2,3") == [1, 2, 3])
    #expect(values("12,34") == [12, 34])
    #expect(one("1.2万").map { $0.value == 12_000 && !$0.hasDecimal && $0.length == 4 } == true)
    #expect(one("3千克").map { $0.value == 3 && $0.after == "千克" } == true)
    #expect(one("39.90").map { $0.value == 39.9 && $0.hasDecimal } == true)
    // Glued to a name, or a version or an address: not said as numbers.
    #expect(scan("iphone15").isEmpty)
    #expect(scan("mp3").isEmpty)
    #expect(scan("1.2.3").isEmpty)
    #expect(scan("192.168.1.1").isEmpty)
    // A minus is a dash: values are never negative.
    #expect(values("-5") == [5])
  }
}

@Suite("Number scanner: positions and context")
struct NumberScannerContextTests {
  @Test func offsetsAreUnicodeScalars() {
    // 👍🏽 is one character but two scalars.
    let text = TextNormalizer.normalize("👍🏽今天39.9")
    let n = NumberReader.scan(text).first
    #expect(n?.offset == 4)
    #expect(n?.length == 4)
    let scalars = Array(text.unicodeScalars)
    if let n {
      #expect(String(String.UnicodeScalarView(scalars[n.offset..<(n.offset + n.length)])) == "39.9")
    }
  }

  @Test func offsetsCoverTheNumberAsWritten() {
    let text = TextNormalizer.normalize("原价九十九，今天三十九块九，3到5天发货，forty-four point nine")
    let scalars = Array(text.unicodeScalars)
    let pieces = NumberReader.scan(text).map { String(String.UnicodeScalarView(scalars[$0.offset..<($0.offset + $0.length)])) }
    #expect(pieces == ["九十九", "三十九块九", "3到5", "forty-four point nine"])
  }

  @Test func contextIsSixteenScalars() {
    let n = one("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未39.9天地玄黄宇宙洪荒日月盈昃辰宿列张寒来")
    #expect(n?.before == "丙丁戊己庚辛壬癸子丑寅卯辰巳午未")
    #expect(n?.after == "天地玄黄宇宙洪荒日月盈昃辰宿列张")
  }

  @Test func sentenceStopsAtTheSentenceBefore() {
    // `。` becomes `.` when normalised; before a CJK character it still ends the sentence.
    let n = one("除了西藏。今天39.9")
    #expect(n?.sentence == "今天")
    #expect(n?.before == "除了西藏.今天")
    #expect(one("Hello! Now 44.9")?.sentence == " now ")
    #expect(one("price is 39.9")?.sentence == "price is ")
    // A decimal point or an abbreviation is no sentence end.
    #expect(scan("原价99.5今天39.9").last?.sentence == "原价99.5今天")
  }

  @Test func hostLineAnalyzerForwardsToTheScanner() {
    for line in ["原价九十九今天三十九块九只剩三单", "44块9", "1,000盒 39.9元", "3到5天", "this one"] {
      let text = TextNormalizer.normalize(line)
      #expect(HostLineAnalyzer.numbers(in: text) == NumberReader.scan(text))
    }
  }

  /// `read` and `scan` read one token with the same code: the same value for the same token.
  @Test(arguments: [
    ("39.9", 39.9), ("44块9", 44.9), ("39块九", 39.9), ("三十九块九", 39.9), ("三块五毛", 3.5), ("一万二", 12_000),
    ("三点五", 3.5), ("1.2万", 12_000), ("forty-four point nine", 44.9), ("二十八块一斤", 28), ("28元一盒", 28),
    ("1,299", 1299), ("二〇二四", 2024), ("一百零五", 105), ("一百一盒", 100),
  ])
  func oneReader(input: String, value: Double) {
    guard case .success(let read) = NumberReader.read(input) else {
      Issue.record("read \(input)")
      return
    }
    #expect(read.value == value, "\(input)")
    #expect(values(input) == [value], "\(input)")
  }
}

@Suite("Number scanner: hostile input")
struct NumberScannerHostileTests {
  @Test func longRunsAreNoNumbers() {
    #expect(scan(String(repeating: "9", count: 1000)).isEmpty)
    #expect(scan(String(repeating: "九", count: 1000)).isEmpty)
    #expect(scan("1" + String(repeating: "亿", count: 1000)).isEmpty)
    #expect(scan("1," + String(repeating: "000,", count: 400) + "000").isEmpty)
    // 300 digits is a finite double and reads.
    #expect(values("1" + String(repeating: "0", count: 300)) == [1e300])
  }

  @Test func controlCharactersAndRawText() {
    // The scanner is meant for normalised text, but raw text must not trap either.
    let raw = "\u{0}\u{7}39\u{1B}[31m.9\u{200B}块\u{FEFF}九\u{202E}三十\u{0}"
    let found = NumberReader.scan(raw)
    let count = raw.unicodeScalars.count
    for n in found { #expect(n.offset >= 0 && n.offset + n.length <= count) }
    #expect(scan(raw).count <= 3)
    #expect(NumberReader.scan("").isEmpty)
    #expect(NumberReader.scan(" ").isEmpty)
  }

  @Test func tenThousandCharacterLines() {
    let pieces = ["39.9", "一下", "三到", "one ", "1-", "块九", "百分之", "第", "/", "两三", "1,", "三块五毛", "x", "🙂", "九十九"]
    for piece in pieces {
      let line = String(repeating: piece, count: 10_000 / piece.count)
      let started = Date()
      let found = scan(line)
      #expect(Date().timeIntervalSince(started) < 5, "\(piece)")
      #expect(found.count <= line.unicodeScalars.count)
    }
  }

  /// Random sequences of the scanner's trigger characters: every number found lies inside the
  /// text, has a finite non-negative value and, for a range, an upper end above it.
  @Test func randomSequences() {
    let vocabulary = [
      "1", "9", "0", ".", ",", "-", "~", " ", "到", "至", "一", "两", "三", "十", "百", "千", "万", "亿", "点", "块", "元",
      "毛", "钱", "斤", "盒", "天", "第", "号", "每", "/", "%", "百分之", "分之", "几", "one", "two", "forty", "hundred",
      "point", "to", "per", "box", "yuan", "each", "a", "percent", "this", "of", "no.", "rd", "x", "。", "!",
    ]
    var state: UInt64 = 0x2545_F491_4F6C_DD1D
    func next() -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(state >> 33)
    }
    for _ in 0..<3_000 {
      let text = (0..<(next() % 30 + 1)).map { _ in vocabulary[next() % vocabulary.count] }.joined()
      let normalized = TextNormalizer.normalize(text)
      let count = normalized.unicodeScalars.count
      var lastEnd = 0
      for n in NumberReader.scan(normalized) {
        #expect(n.offset >= lastEnd && n.length > 0 && n.offset + n.length <= count, "\(normalized)")
        #expect(n.value.isFinite && n.value >= 0, "\(normalized)")
        if let upper = n.upper { #expect(upper.isFinite && upper > n.value, "\(normalized)") }
        lastEnd = n.offset + n.length
      }
    }
  }
}
