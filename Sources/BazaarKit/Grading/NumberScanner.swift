/// A number found in running text — a host line, a broadcast cue — with where it is and what
/// surrounds it. Found by ``NumberReader/scan(_:)``.
public struct SpokenNumber: Sendable, Equatable {
  /// The value; for a range (`3到4天`) its lower end. Never negative: a `-` before a number is
  /// read as a dash, not a sign.
  public var value: Double
  /// A range's upper end: 4 for `3到4天`, `3-4 days`, `3–4天`, `三到四天`, `three to four days`,
  /// `三四天`; 40 for `三四十`; nil for a single number.
  public var upper: Double?
  /// Whether it was said with decimals: `39.9`, `44块9`, `四十四块九`, `三块五毛`, `三点五`,
  /// `forty-four point nine` — not `1.2万`, which is 12000.
  public var hasDecimal: Bool
  /// A percentage: `30%`, `百分之三十`, `30 percent`.
  public var isPercent: Bool
  /// An ordinal or a label rather than an amount: `第一`, `第3`, `No. 3`, `#3`, `3rd`, `3号`.
  /// Callers that want amounts skip these.
  public var isOrdinal: Bool
  /// What the number is per, canonicalised: `盒` for `28元/盒`, `28元一盒`, `每盒28元`; `斤` for
  /// `28块一斤`; `box` for `28 yuan per box` and `28 yuan a box`; `each` for `28 each`.
  public var perUnit: String?
  /// Where the number starts, in Unicode scalars of the scanned text.
  public var offset: Int
  /// How many scalars the number takes: its digits, numerals or words, with a range's second
  /// number, the jiao of `44块9`/`三块五毛` and a multiplier after digits (`1.2万`); not the unit,
  /// `%` or per-unit after it.
  public var length: Int
  /// Up to 16 scalars of the text just before the number.
  public var before: String
  /// Up to 16 scalars of the text just after the number — after a range's upper end, so that its
  /// unit shows (`天` for `3到4天`). For a sum said with its jiao (`44块9`, `三块五毛`) it starts with
  /// `元`, the currency the number took in.
  public var after: String
  /// The sentence up to the number (at most 80 scalars back).
  public var sentence: String

  /// Creates a spoken number.
  public init(
    value: Double, upper: Double? = nil, hasDecimal: Bool = false, isPercent: Bool = false, isOrdinal: Bool = false,
    perUnit: String? = nil, offset: Int = 0, length: Int = 0, before: String = "", after: String = "", sentence: String = ""
  ) {
    self.value = value
    self.upper = upper
    self.hasDecimal = hasDecimal
    self.isPercent = isPercent
    self.isOrdinal = isOrdinal
    self.perUnit = perUnit
    self.offset = offset
    self.length = length
    self.before = before
    self.after = after
    self.sentence = sentence
  }
}

extension NumberReader {
  /// Every number in running text that ``TextNormalizer/normalize(_:)`` has already folded (a
  /// host line, a cue of a broadcast transcript), in order, with its position in Unicode scalars.
  ///
  /// Read with the same token readers as ``read(_:)``:
  /// - digits: `39.9`, `1,000` (a comma only before exactly three digits), `44块9` / `39块九` (44.9,
  ///   39.9), a multiplier after them (`1.2万` is 12000, `3千克` is 3 kg);
  /// - Chinese numerals: `九十九`, `三十九块九` (39.9), `三块五毛` (3.5), `三点五`, `一万二`;
  /// - English number words: `forty-four point nine`, `two`, `one hundred and five`.
  ///
  /// Then, around each number: a range (`3到4天`, `3-4 days`, `三到四天`, `three to four days`,
  /// `两三天`: ``SpokenNumber/upper``), a percentage (`30%`, `百分之三十`, `30 percent`), a
  /// per-unit (`28元/盒`, `28元一盒`, `28块一斤`, `每盒28元`, `28 yuan per box`, `28 yuan a box`,
  /// `28 each`), an ordinal (`第一`, `No. 3`, `3rd`, `3号`).
  ///
  /// Not numbers:
  /// - numerals inside a word of ``stopWords`` (`一下`, `一起`, `万一`, `千万`, `十分`, `一点儿`,
  ///   `三高`, `百分百`, `一五一十`, `三三两两`…), next to `几` (`几十块`), or in a fraction (`三分之一`);
  /// - a lone Chinese numeral (`一`, `三`, `十`, `两`) unless a measure word or unit follows it
  ///   (``measureWords``: `三单`, `两斤`, `七天`, `一箱`), it ends a range (`三到四天`), or it is an
  ///   ordinal (`第一`) or a percentage (`百分之五`);
  /// - `one` unless a unit follows (`one box`, `one day`) and no determiner precedes (`this one`,
  ///   `no one`, `one of`: see ``englishPronounBefore``);
  /// - digits glued to letters before them (`iphone15`, `mp3`) or in a dotted chain (`1.2.3`).
  ///
  /// Linear in the length of the text: every token is read at most twice (once more when it might
  /// end a range), word lists are matched by their first scalar, and no value can overflow (a
  /// 1000-digit run is no number).
  public static func scan(_ normalized: String) -> [SpokenNumber] {
    NumberScanner(normalized).scan()
  }

  // MARK: - Words of running text (the one place for them)

  /// Words in which Chinese numerals (or digits) are not numbers. A number is skipped when every
  /// one of its numerals lies inside one of them: `一下` blocks the `一` of `看一下`, while in `一千万`
  /// the `一` lies outside `千万`. ``stopWordExceptions`` win over them.
  static let stopWords: [String] = [
    // 一 as "a", "once", "together", "all"…
    "一下", "一起", "一定", "一直", "一样", "一般", "一切", "一些", "一点", "一会", "一边", "一旦", "一向", "一律",
    "一致", "一再", "一共", "一同", "一并", "一齐", "一概", "一贯", "一番", "一阵", "一时", "一路", "一心", "一手",
    "一流", "一线", "一级", "一体", "一口气", "一口价", "一次性", "一件代发", "一条龙", "一对一", "一块儿", "一模一样",
    "一年四季", "一天到晚", "一日三餐", "一分钱一分货", "统一", "唯一", "同一", "单一", "万一", "独一无二", "一一",
    "一五一十", "九九归一",
    // 千万 "by all means", 十分 "very", 百分百 "totally"
    "千万", "十分", "百分百",
    // Names and slang
    "三高", "三无", "三包", "三八", "五一", "六一", "五四", "双十一", "双十二", "双11", "双12", "十一假", "十一长假",
    "十一黄金周", "十三香", "七零后", "八零后", "九零后", "零零后", "八五后", "九五后", "零五后",
    // Reduplications and idioms
    "三三两两", "七七八八", "乱七八糟", "十之八九", "五五开", "三天两头", "三番五次", "七上八下", "四面八方",
  ]

  /// Words inside which ``stopWords`` do not count: `十分钟` is ten minutes.
  static let stopWordExceptions: [String] = ["十分钟"]

  /// Measure words and units after which a lone Chinese numeral is a number (`三单`, `两斤`), and
  /// that can follow `一`, `每` or `/` in a per-unit (`一盒`, `每斤`, `/箱`). Longest match wins.
  static let measureWords: [String] = [
    "块钱", "元钱", "个月", "小时", "钟头", "分钟", "公斤", "千克", "毫升", "厘米", "毫米", "星期", "礼拜", "周年",
    "元", "块", "毛", "角", "斤", "克", "吨", "升", "米", "箱", "盒", "袋", "包", "瓶", "罐", "桶", "筐", "篮", "提",
    "份", "件", "个", "只", "条", "根", "颗", "粒", "枚", "串", "把", "张", "套", "双", "对", "台", "支", "片", "单",
    "笔", "位", "名", "人", "种", "款", "次", "遍", "倍", "天", "日", "周", "月", "年", "秒", "折", "度", "岁", "层",
  ]

  /// English units after which `one` is a number (`one box`, `one day`).
  static let englishMeasures: Set<String> = [
    "yuan", "kuai", "rmb", "dollar", "dollars", "box", "boxes", "bag", "bags", "pack", "packs", "packet", "packets",
    "jar", "jars", "bottle", "bottles", "can", "cans", "case", "cases", "carton", "cartons", "piece", "pieces", "item",
    "items", "order", "orders", "unit", "units", "kg", "kilo", "kilos", "kilogram", "kilograms", "g", "gram", "grams",
    "jin", "catty", "catties", "pound", "pounds", "lb", "lbs", "day", "days", "hour", "hours", "week", "weeks", "month",
    "months", "year", "years", "minute", "minutes", "percent", "left", "each", "serving", "servings", "portion",
    "portions", "person", "set", "sets", "pair", "pairs",
  ]

  /// Words before `one` that make it a pronoun: `this one`, `the one`, `no one`.
  static let englishPronounBefore: Set<String> = [
    "this", "that", "the", "which", "each", "every", "any", "no", "another", "a", "an", "other", "same", "little", "big",
    "small", "new", "good", "best", "right", "wrong", "first", "last", "next", "one", "someone's", "your", "my", "his",
    "her", "our", "their",
  ]

  /// Words after `one` that make it a pronoun: `one of`, `one another`, `one by one`.
  static let englishPronounAfter: Set<String> = ["of", "another", "by", "who", "that", "which", "is", "was"]

  /// Currency words after a number, before a per-unit (`28元一盒`, `28 yuan per box`).
  static let currencyWords = scalarWords(["块钱", "元钱", "人民币", "块", "元", "圆", "yuan", "rmb", "cny", "kuai"])

  /// Per-units that name the same thing, for comparing a typed per-unit with a question's
  /// (`28 yuan per box` for `元/盒`). `each` matches every per-unit.
  static let perUnitSynonyms: [Set<String>] = [
    ["盒", "box", "boxes"], ["箱", "case", "cases", "carton", "cartons"], ["袋", "bag", "bags"],
    ["包", "pack", "packs", "packet", "packets"], ["瓶", "bottle", "bottles"], ["罐", "jar", "jars", "can", "cans", "tin", "tins"],
    ["斤", "jin", "catty", "catties"], ["公斤", "千克", "kg", "kilo", "kilos", "kilogram", "kilograms"],
    ["克", "g", "gram", "grams"], ["件", "个", "只", "item", "items", "piece", "pieces", "pc", "pcs"],
    ["份", "portion", "portions", "serving", "servings"], ["单", "order", "orders"], ["天", "日", "day", "days"],
    ["小时", "hour", "hours", "h"], ["月", "个月", "month", "months"], ["两", "liang"],
  ]

  /// Whether the per-units `a` and `b` name the same thing: equal, one the plural of the other,
  /// synonyms (`盒` and `box`), or either is `each`.
  public static func samePerUnit(_ a: String, _ b: String) -> Bool {
    let x = canonicalUnit(a).lowercased()
    let y = canonicalUnit(b).lowercased()
    if x == y || x + "s" == y || y + "s" == x || x + "es" == y || y + "es" == x || x == "each" || y == "each" { return true }
    return perUnitSynonyms.contains { $0.contains(x) && $0.contains(y) }
  }

  // MARK: - Shared pieces of read and scan

  /// `words` indexed by their first scalar, longest first.
  static func wordIndex(_ words: [String]) -> [Unicode.Scalar: [[Unicode.Scalar]]] {
    var index: [Unicode.Scalar: [[Unicode.Scalar]]] = [:]
    for word in scalarWords(words) {
      guard let first = word.first else { continue }
      index[first, default: []].append(word)
    }
    return index
  }

  private static let measureIndex = wordIndex(measureWords)

  /// Where the longest word of `index` that starts at `i` in `s` ends, or nil.
  static func wordEnd(_ s: [Unicode.Scalar], at i: Int, in index: [Unicode.Scalar: [[Unicode.Scalar]]]) -> Int? {
    guard i >= 0, i < s.count, let candidates = index[s[i]] else { return nil }
    for word in candidates where i + word.count <= s.count {
      var k = 0
      while k < word.count, s[i + k] == word[k] { k += 1 }
      if k == word.count { return i + k }
    }
    return nil
  }

  /// Where the measure word (``measureWords``) starting at `i` ends, or nil.
  static func measureWordEnd(_ s: [Unicode.Scalar], at i: Int) -> Int? {
    wordEnd(s, at: i, in: measureIndex)
  }

  /// Whether `c` is an ASCII letter.
  static func isLetter(_ c: Unicode.Scalar) -> Bool {
    (c.value >= 0x61 && c.value <= 0x7A) || (c.value >= 0x41 && c.value <= 0x5A)
  }

  /// Where the ASCII word starting at `i` ends (`i` itself when none starts there).
  static func asciiWordEnd(_ s: [Unicode.Scalar], at i: Int) -> Int {
    var k = i
    while k < s.count, isLetter(s[k]) { k += 1 }
    return k
  }

  /// `i` moved past spaces.
  static func skipSpaces(_ s: [Unicode.Scalar], _ i: Int) -> Int {
    var k = max(i, 0)
    while k < s.count, s[k] == " " { k += 1 }
    return k
  }

  /// Where the currency word (``currencyWords``) starting at `i` ends, or nil; an ASCII word must end there.
  static func currencyWordEnd(_ s: [Unicode.Scalar], at i: Int) -> Int? {
    for word in currencyWords where i >= 0 && i + word.count <= s.count {
      guard s[i..<(i + word.count)].elementsEqual(word) else { continue }
      let end = i + word.count
      if let last = word.last, isLetter(last), end < s.count, isLetter(s[end]) { continue }
      return end
    }
    return nil
  }

  /// The per-unit after a number, from `i` (spaces skipped): an optional currency word, then `/X`,
  /// `一X`, `每X` (X a measure word; after `/` also an ASCII word), `per X`, `each`, or — after a
  /// currency word — `a X` / `an X`. Shared by ``read(_:)`` and ``scan(_:)``.
  static func perUnitTail(_ s: [Unicode.Scalar], at i: Int) -> (currency: Bool, unit: String, end: Int)? {
    var j = skipSpaces(s, i)
    var currency = false
    if let end = currencyWordEnd(s, at: j) {
      currency = true
      j = skipSpaces(s, end)
    }
    guard j < s.count else { return nil }
    func measure(at k: Int) -> (String, Int)? {
      guard let end = measureWordEnd(s, at: k) else { return nil }
      // `三块一块` is no per-unit; money is not what a price is per.
      if k < s.count, s[k] == "元" || s[k] == "块" || s[k] == "毛" || s[k] == "角" { return nil }
      return (scalarString(s[k..<end]), end)
    }
    func word(at k: Int) -> (String, Int)? {
      let end = asciiWordEnd(s, at: k)
      guard end > k, k == 0 || !isLetter(s[k - 1]) else { return nil }
      return (scalarString(s[k..<end]), end)
    }
    let c = s[j]
    if c == "/" {
      let k = skipSpaces(s, j + 1)
      guard let (unit, end) = measure(at: k) ?? word(at: k) else { return nil }
      return (currency, unit, end)
    }
    if c == "一" || c == "每" {
      guard let (unit, end) = measure(at: j + 1) else { return nil }
      return (currency, unit, end)
    }
    guard let (w, wEnd) = word(at: j) else { return nil }
    switch w {
    case "each":
      return (currency, "each", wEnd)
    case "per", "a", "an":
      if w != "per" && !currency { return nil }
      let k = skipSpaces(s, wEnd)
      guard let (unit, end) = word(at: k) ?? measure(at: k), unit != "cent",
        englishOnes[unit] == nil, englishTens[unit] == nil
      else { return nil }
      return (currency, unit, end)
    default:
      return nil
    }
  }
}

/// The state of one ``NumberReader/scan(_:)``: the text as scalars, where stop words lie, the
/// ASCII words, and the numbers found.
struct NumberScanner {
  /// A number read at a position, before its surroundings are judged.
  struct Token {
    enum Kind { case digits, chinese, english }
    var kind: Kind
    var start: Int
    var end: Int
    var value: Double
    var upper: Double?
    var hasDecimal = false
    /// Took `块`/`元` in with its jiao (`44块9`).
    var currency = false
    var ordinal = false
    /// A lone numeral (`三`, `one`): a number only before a unit or at the start of a range.
    var needsUnit = false
  }

  /// An ASCII word; `segmentEnd` is the index of the last word joined to it by single spaces or hyphens.
  struct Word {
    var start: Int
    var end: Int
    var segmentEnd: Int
  }

  let s: [Unicode.Scalar]
  let n: Int
  /// Whether each scalar lies inside a stop word.
  let blocked: [Bool]
  let words: [Word]
  let wordTexts: [String]
  /// The index in `words` of the word starting at each offset.
  let wordAt: [Int: Int]

  private static let stopIndex = NumberReader.wordIndex(NumberReader.stopWords)
  private static let exceptionIndex = NumberReader.wordIndex(NumberReader.stopWordExceptions)

  init(_ normalized: String) {
    // Digits of other scripts and full-width forms folded one scalar for one, so offsets stay.
    let s = normalized.unicodeScalars.map(NumberReader.foldScalar)
    self.s = s
    n = s.count
    var blocked = [Bool](repeating: false, count: s.count)
    for i in s.indices {
      if let end = NumberReader.wordEnd(s, at: i, in: Self.stopIndex) {
        for k in i..<end { blocked[k] = true }
      }
    }
    for i in s.indices {
      if let end = NumberReader.wordEnd(s, at: i, in: Self.exceptionIndex) {
        for k in i..<end { blocked[k] = false }
      }
    }
    self.blocked = blocked
    var words: [Word] = []
    var texts: [String] = []
    var i = 0
    while i < s.count {
      guard NumberReader.isLetter(s[i]) else {
        i += 1
        continue
      }
      let end = NumberReader.asciiWordEnd(s, at: i)
      words.append(Word(start: i, end: end, segmentEnd: words.count))
      texts.append(NumberReader.scalarString(s[i..<end]).lowercased())
      i = end
    }
    // A word joins the next when one space or hyphen lies between them.
    var k = words.count - 2
    while k >= 0 {
      let gap = words[k + 1].start - words[k].end
      if gap == 1, s[words[k].end] == " " || s[words[k].end] == "-" { words[k].segmentEnd = words[k + 1].segmentEnd }
      k -= 1
    }
    self.words = words
    wordTexts = texts
    var wordAt: [Int: Int] = [:]
    for (index, word) in words.enumerated() { wordAt[word.start] = index }
    self.wordAt = wordAt
  }

  func at(_ i: Int) -> Unicode.Scalar? { i >= 0 && i < n ? s[i] : nil }
  func isDigit(_ i: Int) -> Bool { at(i).map(NumberReader.isDigit) ?? false }
  func isLetter(_ i: Int) -> Bool { at(i).map(NumberReader.isLetter) ?? false }

  func scan() -> [SpokenNumber] {
    var out: [SpokenNumber] = []
    var i = 0
    while i < n {
      let (token, next) = readToken(at: i)
      if let token, let (number, resume) = judge(token) {
        out.append(number)
        i = max(resume, i + 1)
      } else {
        i = max(token?.end ?? next, i + 1)
      }
    }
    return out
  }

  // MARK: Tokens

  /// The number token starting at `i`, or nil and where to look next.
  func readToken(at i: Int) -> (Token?, Int) {
    guard let c = at(i) else { return (nil, i + 1) }
    if NumberReader.isDigit(c) { return digitToken(at: i) }
    if NumberReader.isChineseNumeralScalar(c) { return chineseToken(at: i) }
    if NumberReader.isLetter(c), !isLetter(i - 1), !isDigit(i - 1) { return englishToken(at: i) }
    return (nil, i + 1)
  }

  func digitToken(at i: Int) -> (Token?, Int) {
    guard let run = NumberReader.digitToken(s, at: i, context: .text) else { return (nil, i + 1) }
    // `iphone15`, `mp3`: part of a name; `1.2.3`, `192.168.1.1`: a version or an address.
    if isLetter(i - 1) || (at(i - 1) == "." && isDigit(i - 2)) || (at(run.end) == "." && isDigit(run.end + 1)) {
      return (nil, run.end)
    }
    // `双11`: a stop word.
    if (i..<run.end).allSatisfy({ blocked[$0] }) { return (nil, run.end) }
    let plain = run.text.unicodeScalars.filter { $0 != "," }
    let parts = plain.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    let int = parts.first.map(NumberReader.scalarString) ?? ""
    var frac = parts.count > 1 ? NumberReader.scalarString(parts[1]) : nil
    var exponent = 0
    var end = run.end
    if let jiao = run.yuanJiao {
      frac = jiao.digits
    } else {
      // `1.2万`, `3千`, `2亿`; not `3千克`.
      while let c = at(end), let power = NumberReader.multiplierPower(c) {
        if c == "千" || c == "仟", let next = at(end + 1), NumberReader.metricAfterQian.contains(next) { break }
        exponent += power
        end += 1
      }
    }
    guard let value = NumberReader.decimalValue(int: int, frac: frac, exponent: exponent) else { return (nil, end) }
    var token = Token(kind: .digits, start: i, end: end, value: value)
    token.hasDecimal = !(frac ?? "").isEmpty && exponent == 0
    token.currency = run.yuanJiao != nil
    token.ordinal = ordinalBefore(i) || ordinalAfter(end)
    return (token, end)
  }

  func chineseToken(at i: Int) -> (Token?, Int) {
    let (found, next) = NumberReader.chineseToken(s, at: i)
    guard let run = found else { return (nil, next) }
    let numeral = run.numeral
    let numeralEnd = run.start + numeral.count
    // Inside a word: 一下, 万一, 千万, 十分…
    if (run.start..<numeralEnd).allSatisfy({ blocked[$0] }) { return (nil, run.end) }
    // 几十块, 十几个: a number nobody said.
    if at(run.start - 1) == "几" || at(numeralEnd) == "几" { return (nil, run.end) }
    // 三分之一: a fraction; neither numeral is read.
    if run.jiao == nil, at(numeralEnd) == "分", at(numeralEnd + 1) == "之" {
      let (denominator, afterIt) = NumberReader.chineseToken(s, at: numeralEnd + 2)
      return (nil, denominator == nil ? numeralEnd + 2 : afterIt)
    }
    var token = Token(kind: .chinese, start: run.start, end: run.end, value: 0)
    token.ordinal = at(run.start - 1) == "第"
    if run.jiao == nil {
      // 两三天, 三四十块: two or three, thirty or forty.
      if let range = NumberReader.approximateRange(numeral) {
        token.value = range.low
        token.upper = range.high
        return (token, token.end)
      }
      // 一两天, 三两个: one or two, two or three (otherwise 两 after a digit is the weight liang).
      if numeral.count == 1, let d = NumberReader.chineseDigit(numeral[0]), d == 1 || d == 3,
        let liang = at(numeralEnd), liang == "两" || liang == "兩", NumberReader.measureWordEnd(s, at: numeralEnd + 1) != nil
      {
        token.value = d == 1 ? 1 : 2
        token.upper = d == 1 ? 2 : 3
        token.end = numeralEnd + 1
        return (token, token.end)
      }
    }
    guard var v = NumberReader.chineseValue(numeral) else { return (nil, run.end) }
    if let point = numeral.firstIndex(where: { $0 == "点" || $0 == "點" }) {
      token.hasDecimal = !numeral[point...].contains { NumberReader.multiplierPower($0) != nil }
    }
    if let jiao = run.jiao {
      guard let withJiao = NumberReader.decimalValue(int: NumberReader.format(v, maxDecimals: 0), frac: jiao, exponent: 0)
      else { return (nil, run.end) }
      v = withJiao
      token.hasDecimal = true
      token.currency = true
    }
    token.value = v
    token.ordinal = token.ordinal || ordinalAfter(token.end)
    token.needsUnit = numeral.count == 1 && run.jiao == nil && !token.ordinal && !percentBefore(run.start)
    return (token, token.end)
  }

  func englishToken(at i: Int) -> (Token?, Int) {
    guard let k = wordAt[i] else { return (nil, i + 1) }
    let word = words[k]
    let text = wordTexts[k]
    guard NumberReader.englishOnes[text] != nil || NumberReader.englishTens[text] != nil,
      let number = NumberReader.englishNumber(wordTexts[k...word.segmentEnd], strict: false), number.used > 0
    else { return (nil, word.end) }
    let last = words[k + number.used - 1]
    var token = Token(kind: .english, start: word.start, end: last.end, value: number.value)
    token.hasDecimal = number.hasDecimal
    if number.used == 1 && text == "one" {
      // `this one`, `no one`, `one of them`: a pronoun.
      if k > 0, words[k - 1].segmentEnd >= k, NumberReader.englishPronounBefore.contains(wordTexts[k - 1]) {
        return (nil, word.end)
      }
      if k < word.segmentEnd, NumberReader.englishPronounAfter.contains(wordTexts[k + 1]) { return (nil, word.end) }
      token.needsUnit = true
    }
    token.ordinal = ordinalBefore(token.start)
    return (token, token.end)
  }

  // MARK: Surroundings

  /// `第3`, `#3`, `No. 3`, `no.3`.
  func ordinalBefore(_ i: Int) -> Bool {
    if at(i - 1) == "第" || at(i - 1) == "#" { return true }
    var k = i - 1
    if at(k) == " " { k -= 1 }
    if at(k) == ".", let o = at(k - 1), o == "o" || o == "O", let n = at(k - 2), n == "n" || n == "N", !isLetter(k - 3) {
      return true
    }
    return false
  }

  /// `3rd`, `21st`, `4th`, `3号`.
  func ordinalAfter(_ end: Int) -> Bool {
    if at(end) == "号" { return true }
    guard let a = at(end), let b = at(end + 1), !isLetter(end + 2) else { return false }
    let suffix = String(String.UnicodeScalarView([a, b])).lowercased()
    return ["st", "nd", "rd", "th"].contains(suffix)
  }

  /// `百分之` right before `i`.
  func percentBefore(_ i: Int) -> Bool {
    at(i - 3) == "百" && at(i - 2) == "分" && at(i - 1) == "之"
  }

  /// A unit right at `j`: a measure word (`天`), the liang after a digit (`二两`), `%`, `号`, or an
  /// English unit (`days`).
  func hasUnit(at j: Int) -> Bool {
    if NumberReader.measureWordEnd(s, at: j) != nil { return true }
    if let c = at(j), c == "两" || c == "兩" || c == "%" || c == "号" { return true }
    let k = NumberReader.skipSpaces(s, j)
    if at(k) == "%" { return true }
    if let w = wordAt[k], NumberReader.englishMeasures.contains(wordTexts[w]) { return true }
    return false
  }

  /// A connector at `j` (`到`, `至`, `-`, `~`, ` to `), and where what follows it starts.
  func connector(at j: Int) -> Int? {
    let k = NumberReader.skipSpaces(s, j)
    guard let c = at(k) else { return nil }
    if c == "到" || c == "至" || c == "-" || c == "~" { return NumberReader.skipSpaces(s, k + 1) }
    if let w = wordAt[k], wordTexts[w] == "to" { return NumberReader.skipSpaces(s, words[w].end) }
    return nil
  }

  /// The upper end of a range that starts with `token`: its value, where it ends, and whether the
  /// token it ends with took a currency in.
  func rangeUpper(after token: Token) -> (value: Double, end: Int, currency: Bool)? {
    guard let j = connector(at: token.end) else { return nil }
    // `2024-01-05`, `138-1234-5678`: a chain of numbers, not a range.
    if at(token.start - 1) == "-", isDigit(token.start - 2) { return nil }
    let (found, _) = readToken(at: j)
    guard let second = found, second.upper == nil, !second.ordinal, second.value > token.value else { return nil }
    if second.needsUnit && !hasUnit(at: second.end) { return nil }
    if let k = connector(at: second.end), let c = at(k), NumberReader.isDigit(c) || NumberReader.isChineseNumeralScalar(c) {
      return nil
    }
    return (second.value, second.end, second.currency)
  }

  /// The token as a spoken number, with where to go on; nil when its surroundings say it is none.
  func judge(_ token: Token) -> (SpokenNumber, Int)? {
    var end = token.end
    var upper = token.upper
    var currency = token.currency
    if upper == nil, !token.ordinal, let range = rangeUpper(after: token) {
      upper = range.value
      end = range.end
      currency = currency || range.currency
    } else if token.needsUnit && !hasUnit(at: end) {
      return nil
    }
    var isPercent = percentBefore(token.start)
    let k = NumberReader.skipSpaces(s, end)
    if at(k) == "%" {
      isPercent = true
    } else if let w = wordAt[k] {
      let word = wordTexts[w]
      if word == "percent" || word == "pct" || (word == "per" && w + 1 < words.count && wordTexts[w + 1] == "cent") {
        isPercent = true
      }
    }
    var resume = end
    var perUnit: String?
    if !isPercent, let tail = NumberReader.perUnitTail(s, at: end) {
      perUnit = NumberReader.canonicalUnit(tail.unit)
      resume = tail.end
    } else if let unit = perUnitBefore(token.start) {
      perUnit = unit
    }
    let number = SpokenNumber(
      value: token.value, upper: upper, hasDecimal: token.hasDecimal, isPercent: isPercent, isOrdinal: token.ordinal,
      perUnit: perUnit, offset: token.start, length: end - token.start,
      before: text(max(0, token.start - 16)..<token.start),
      after: (currency ? NumberReader.yuan : "") + text(end..<min(n, end + 16)),
      sentence: text(sentenceStart(token.start)..<token.start))
    return (number, resume)
  }

  /// `每盒28元`: the measure word after a `每` right before `i`.
  func perUnitBefore(_ i: Int) -> String? {
    for length in 1...2 where i - length - 1 >= 0 {
      guard at(i - length - 1) == "每", NumberReader.measureWordEnd(s, at: i - length) == i else { continue }
      return text((i - length)..<i)
    }
    return nil
  }

  /// Where the sentence holding offset `i` starts: after `.` `!` `?` `;` (a `.` before a letter
  /// or digit is no end: `39.9`, `no.3`), at most 80 scalars back.
  func sentenceStart(_ i: Int) -> Int {
    var k = i
    while k > 0 && i - k < 80 {
      let c = s[k - 1]
      if c == "!" || c == "?" || c == ";" || c == "。" || c == "！" || c == "？" || c == "；" { break }
      if c == ".", !isDigit(k), !isLetter(k) { break }
      k -= 1
    }
    return k
  }

  func text(_ range: Range<Int>) -> String {
    NumberReader.scalarString(s[range.clamped(to: 0..<n)])
  }
}
