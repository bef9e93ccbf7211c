extension NumberReader {
  // MARK: - Words after numbers

  /// Measure words and units after which a lone Chinese numeral is a number (`三单`, `两斤`), and
  /// that can follow `一`, `每` or `/` in a per-unit (`一盒`, `每斤`, `/箱`). Longest match wins.
  static let measureWords: [String] = [
    "块钱", "元钱", "个月", "小时", "钟头", "分钟", "公斤", "千克", "毫升", "厘米", "毫米", "星期", "礼拜", "周年",
    "元", "块", "毛", "角", "斤", "克", "吨", "升", "米", "箱", "盒", "袋", "包", "瓶", "罐", "桶", "筐", "篮", "提",
    "份", "件", "个", "只", "条", "根", "颗", "粒", "枚", "串", "把", "张", "套", "双", "对", "台", "支", "片", "单",
    "笔", "位", "名", "人", "种", "款", "次", "遍", "倍", "天", "日", "周", "月", "年", "秒", "折", "度", "岁", "层",
  ]

  /// Currency words after a number, before a per-unit (`28元一盒`, `28 yuan per box`).
  static let currencyWords = scalarWords(["块钱", "元钱", "人民币", "块", "元", "圆", "yuan", "rmb", "cny", "kuai"])

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
