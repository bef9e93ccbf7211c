/// A number read from a learner's answer, with what was typed around it.
public struct ReadNumber: Sendable, Equatable {
  /// The value: 39.9 for `¥39.9`, 30 for `30%`, 12000 for `1.2万`.
  public var value: Double
  /// Whether the answer was typed as a percentage (`%`, `％`, `百分之`, `percent`).
  public var isPercent: Bool
  /// The trailing unit after ``NumberReader/canonicalUnit(_:)``, or nil if none.
  ///
  /// Currency markers (`¥ ￥ $ RMB CNY 元 块 yuan`, before or after the number)
  /// are reported as `元`. What a price is per is not part of it but in
  /// ``perUnit``: `¥39.9/斤`, `39.9元/斤` and `39.9块一斤` all have unit `元`.
  public var unit: String?
  /// What the number is per, after ``NumberReader/canonicalUnit(_:)``, or nil:
  /// `盒` for `28元/盒`, `28元一盒`, `28块每盒`; `box` for `28 yuan per box` and
  /// `28 yuan a box`; `each` for `28 each`; `斤` for `39.9/斤` (whose ``unit`` is nil).
  public var perUnit: String?
  /// The numeric part as typed, folded to ASCII digits, for feedback.
  ///
  /// A leading `-` is kept (`+` is not), grouping separators are removed and a
  /// Chinese multiplier stays attached: `-5`, `1299`, `39.90`, `1.2万`, `39块9`, `三十`.
  public var text: String

  /// Creates a read number.
  public init(value: Double, isPercent: Bool = false, unit: String? = nil, perUnit: String? = nil, text: String) {
    self.value = value
    self.isPercent = isPercent
    self.unit = unit
    self.perUnit = perUnit
    self.text = text
  }

  /// The unit as typed back in feedback: `元`, `元/盒`, `/斤`, or nil.
  public var unitText: String? {
    guard let perUnit else { return unit }
    return (unit ?? "") + "/" + perUnit
  }
}

/// Why an answer could not be read as exactly one number.
public enum NumberReadError: Error, Sendable, Equatable {
  /// Nothing but whitespace or invisible characters was typed.
  case empty
  /// No number could be read; carries the answer (controls removed, at most 40 characters).
  case notANumber(String)
  /// More than one number was typed (`39.9 49.9`, `39.9/49.9`, `30-40`); carries up to 10 pieces.
  case several([String])
  /// A comma that is neither a thousands separator nor a list separator (`1,29`, `1,2345`).
  case ambiguousComma(String)
}

/// Reads a single number typed by a person, in Chinese or English conventions.
///
/// Accepted, beyond plain `39.9`:
/// - full-width digits and points (`３９．９`), other scripts' decimal digits
///   (`٣٩٫٩`), Unicode minus (`−5`), explicit `+5`, `.5` and `5.`;
/// - thousands separators: `,` / `，` when the first group has 1–3 digits and every
///   later group exactly 3 (`12,345,678.5`); a single space (including NBSP, thin
///   and narrow spaces) under the same rule (`1 299`). Note that this makes
///   `100 200` the number 100200;
/// - currency before or after (`¥ ￥ $ RMB CNY 人民币` / `元 块 块钱 yuan`), units after
///   (`kg`, `斤`), percent (`30%`, `30 ％`, `百分之30`, `30 percent`);
/// - what a price is per, as ``ReadNumber/perUnit``: `28元/盒`, `28元一盒`, `28块每盒`,
///   `28 yuan per box`, `28 yuan a box`, `28 each`, `39.9/斤` (see ``perUnitTail(_:at:)``);
/// - Chinese multipliers after digits: `1.2万`, `3千`, `2亿`, `1.5百万`; `3千克` is
///   3 with unit `千克`, not 3000;
/// - Chinese numerals when no Arabic digit is present: `三十`, `一百零五`,
///   `两万三千`, `一万二` (colloquial 12000), `三点五`, `二〇二四`, financial
///   forms `叁拾`; and `39块9` / `39块95` / `39块九` / `三块五毛` as 39.9 / 39.95 / 39.9 / 3.5 元.
///   After a Chinese numeral the unit may be at most 4 characters, so a phrase
///   such as `七日无理由退货` is `.notANumber`, not 7 `日无理由退货`;
/// - leading words that do not change the value (`约 大约 大概 答案是 answer: about
///   ≈ = ~`) and trailing `左右`, `approx` and punctuation (`39.9。`).
///
/// Rejected on purpose:
/// - exponents (`1e5`) and hex (`0x1F`) → `.notANumber`: people do not type them;
/// - `0.1+0.2`, ranges and lists → `.several`, also the approximate `两三` and `三四十`;
///   nothing is ever evaluated;
/// - `1.2.3` → `.notANumber`; `1,29` → `.ambiguousComma`;
/// - unknown leading words (`不是39.9`, `第3`) → `.notANumber`, because a word in
///   front can change the meaning; trailing words become the unit instead;
/// - more than 200 characters before or after the number → `.notANumber`;
/// - values that overflow a `Double` (a 1000-digit integer) → `.notANumber`;
/// - `1万2` and `3千5` (digits with a colloquial tail) → `.several`;
/// - `USD 39.9` → `.notANumber` (only the currency markers above are known
///   before a number; `$` counts as `元`, as these courses price in yuan).
///
/// Error payloads are clipped to 40 characters and at most 10 pieces, so hostile
/// input cannot make feedback huge. Work is linear in the input length.
///
/// ``scan(_:)`` finds every number in running text (host lines, broadcasts) with the same
/// token readers — ``digitToken(_:at:context:)``, ``chineseToken(_:at:)``,
/// ``englishNumber(_:strict:)`` and ``perUnitTail(_:at:)`` — so an answer and a host line
/// are read alike.
public enum NumberReader {
  /// Reads `raw` as exactly one number, or says why it is not one.
  public static func read(_ raw: String) -> Result<ReadNumber, NumberReadError> {
    let chars = fold(raw)
    if chars.isEmpty { return .failure(.empty) }
    let scan = scanDigitRuns(chars)
    if scan.exotic {
      return .failure(.notANumber(echo(chars)))
    }
    if scan.runs.count > 1 {
      return .failure(.several(pieces(of: scan.runs, in: chars)))
    }
    if let run = scan.runs.first {
      return readDigitRun(run, in: chars)
    }
    let chinese = readChineseNumeral(chars)
    if case .failure = chinese, let english = readEnglishWords(raw) { return .success(english) }
    return chinese
  }

  // MARK: - English number words

  static let englishOnes: [String: Int] = [
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
  ]
  static let englishTens: [String: Int] = [
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
  ]

  /// Reads a whole number written in English words, with an optional unit or `percent` after it:
  /// `seven`, `twenty-five`, `one hundred and five`, `four images`, `thirty percent`,
  /// `twenty-eight yuan per box`; nil otherwise (a word that is not a number word before the
  /// number, or more than two words after it that are not a per-unit).
  static func readEnglishWords(_ raw: String) -> ReadNumber? {
    let words = TextNormalizer.normalize(raw).lowercased().split { $0 == " " || $0 == "-" }.map(String.init)
    guard let number = englishNumber(words[...], strict: true) else { return nil }
    let used = number.used
    var rest = Array(words[used...])
    // Number words left over (`one two`) make it no number rather than a unit.
    if rest.contains(where: { englishOnes[$0] != nil || englishTens[$0] != nil || $0 == "point" }) { return nil }
    var percent = false
    if rest.first == "percent" || rest.first == "per" && rest.dropFirst().first == "cent" {
      percent = true
      rest = Array(rest.dropFirst(rest.first == "per" ? 2 : 1))
    }
    let split = unitAndPerUnit(Array(rest.joined(separator: " ").unicodeScalars)[...])
    guard rest.count <= 2 || (split.perUnit != nil && rest.count <= 4) else { return nil }
    return ReadNumber(
      value: number.value, isPercent: percent, unit: split.unit, perUnit: split.perUnit,
      text: words[..<used].joined(separator: " "))
  }

  /// The number English words at the start of `words` say: `forty`, `forty four`, `one hundred
  /// and five`, `forty one point five` (words already split at spaces and hyphens), with how
  /// many words it took; nil when the first word is no number word. Shared by ``read(_:)`` and
  /// ``scan(_:)``.
  ///
  /// `strict` (a whole answer): a number word that cannot join the number (`one two`), a value
  /// past a billion, `point` without digits or a second `thousand` make it nil. Otherwise
  /// (running text) the number ends before such a word. The work is linear in the words taken.
  static func englishNumber(_ words: ArraySlice<String>, strict: Bool) -> (value: Double, hasDecimal: Bool, used: Int)? {
    var total = 0
    var current = 0
    var used = 0
    var any = false
    var last: Int?  // the previous word's value, when it was a number word
    for w in words {
      var newTotal = total
      var newCurrent = current
      var newLast: Int?
      if let v = englishOnes[w] ?? englishTens[w] {
        // `one two` or `twenty thirty` is not one number.
        if let last, last % 10 != 0 || v >= 10 || last < 10 {
          if strict { return nil }
          break
        }
        newCurrent += v
        newLast = v
      } else if w == "hundred", any {
        // `ninety hundred hundred hundred…` must not overflow.
        guard current <= 10_000_000 else {
          if strict { return nil }
          break
        }
        newCurrent *= 100
      } else if w == "thousand", any {
        // One `thousand` per number: `ninety thousand ninety thousand` is two numbers.
        guard total == 0, current <= 1_000_000 else {
          if strict { return nil }
          break
        }
        newTotal += current * 1000
        newCurrent = 0
      } else if w == "and", any {
        newLast = nil
      } else {
        break
      }
      if newTotal > 1_000_000_000 || newCurrent > 1_000_000_000 {
        if strict { return nil }
        break
      }
      total = newTotal
      current = newCurrent
      last = newLast
      if englishOnes[w] != nil || englishTens[w] != nil { any = true }
      used += 1
    }
    guard any else { return nil }
    let base = words.startIndex
    while used > 0 && words[base + used - 1] == "and" { used -= 1 }
    var value = Double(total + current)
    var hasDecimal = false
    // `forty-one point five`: digits after `point`.
    if base + used < words.endIndex, words[base + used] == "point" {
      var digits = ""
      var k = base + used + 1
      while k < words.endIndex, let d = englishOnes[words[k]], d < 10 {
        digits += String(d)
        k += 1
      }
      if !digits.isEmpty, let v = Double(String(total + current) + "." + digits) {
        value = v
        used = k - base
        hasDecimal = true
      } else if strict {
        return nil
      }
    }
    return (value, hasDecimal, used)
  }

  /// Returns the canonical spelling of a unit: `元` for every currency marker, else normalised text.
  ///
  /// `¥ ￥ $ RMB CNY yuan 块 块钱 元 元钱 人民币` all become `元`; `%` stays `%`
  /// (``ReadNumber/isPercent`` carries percentages); anything else is returned
  /// through ``TextNormalizer/normalize(_:)`` — lowercased, full-width folded —
  /// as typed (`KG` → `kg`, `斤`, `箱`, `小时`, `h`). Parts separated by `/`
  /// are canonicalised separately: `块/斤` → `元/斤`.
  public static func canonicalUnit(_ s: String) -> String {
    let normalized = TextNormalizer.normalize(s)
    if normalized.unicodeScalars.contains("/") {
      return normalized.split(separator: "/", omittingEmptySubsequences: false)
        .map { canonicalUnitPart(trimSpaces($0)) }
        .joined(separator: "/")
    }
    return canonicalUnitPart(Substring(normalized))
  }

  /// Formats `value` without exponent, rounded half-up to `maxDecimals`, trailing zeros trimmed.
  ///
  /// 39.9 → `39.9`, 1299 → `1299`, 0.3 → `0.3`, -5 → `-5`, 1e20 →
  /// `100000000000000000000`, 0.1 + 0.2 → `0.3`. Rounding is applied to the
  /// shortest decimal form that round-trips the `Double`, so `read(format(x))`
  /// gives back `x` whenever `x` has at most `maxDecimals` decimals.
  /// `maxDecimals` is clamped to 0...17. NaN and infinities give `nan`, `inf`, `-inf`.
  public static func format(_ value: Double, maxDecimals: Int = 6) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    let decimals = min(max(maxDecimals, 0), 17)
    let negative = value < 0
    var (intDigits, fracDigits) = expandedDigits(abs(value))
    if fracDigits.count > decimals {
      let roundUp = fracDigits[decimals] >= 5
      fracDigits.removeSubrange(decimals...)
      if roundUp {
        var carry = true
        var i = fracDigits.count - 1
        while carry && i >= 0 {
          if fracDigits[i] == 9 {
            fracDigits[i] = 0
          } else {
            fracDigits[i] += 1
            carry = false
          }
          i -= 1
        }
        i = intDigits.count - 1
        while carry && i >= 0 {
          if intDigits[i] == 9 {
            intDigits[i] = 0
          } else {
            intDigits[i] += 1
            carry = false
          }
          i -= 1
        }
        if carry { intDigits.insert(1, at: 0) }
      }
    }
    while let last = fracDigits.last, last == 0 { fracDigits.removeLast() }
    while intDigits.count > 1, let first = intDigits.first, first == 0 { intDigits.removeFirst() }
    if intDigits.isEmpty { intDigits = [0] }
    var out = ""
    let isZero = fracDigits.isEmpty && intDigits.allSatisfy { $0 == 0 }
    if negative && !isZero { out.append("-") }
    for d in intDigits { out.append(digitCharacter(d)) }
    if !fracDigits.isEmpty {
      out.append(".")
      for d in fracDigits { out.append(digitCharacter(d)) }
    }
    return out
  }

  // MARK: - Folding

  /// Folds raw input to scalars: controls dropped, spaces unified and collapsed, widths and digits folded.
  ///
  /// Case is kept (the echo in errors shows what was typed); prefix and suffix
  /// text is lowercased later by ``TextNormalizer/normalize(_:)``.
  static func fold(_ raw: String) -> [Unicode.Scalar] {
    var out: [Unicode.Scalar] = []
    out.reserveCapacity(raw.utf8.count)
    var lastWasSpace = true  // drops leading spaces
    for scalar in raw.unicodeScalars {
      switch TextNormalizer.classify(scalar) {
      case .drop:
        continue
      case .space:
        if !lastWasSpace { out.append(" ") }
        lastWasSpace = true
        continue
      case .keep:
        break
      }
      lastWasSpace = false
      out.append(foldScalar(scalar))
    }
    if let last = out.last, last == " " { out.removeLast() }
    return out
  }

  /// Folds one non-space scalar: full-width forms, minus and point variants, decimal digits.
  static func foldScalar(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
    let v = scalar.value
    if v < 0x80 { return scalar }
    if v >= 0xFF01 && v <= 0xFF5E, let ascii = Unicode.Scalar(v - 0xFEE0) {
      return ascii
    }
    switch v {
    case 0xFFE5: return "¥"
    case 0xFE69: return "$"
    case 0x2212, 0x2010...0x2015, 0xFE58, 0xFE63: return "-"
    case 0xFE62: return "+"
    case 0x3002, 0xFF61, 0x066B: return "."  // 。 ｡ Arabic decimal separator
    case 0x066C: return ","  // Arabic thousands separator
    default: break
    }
    if TextNormalizer.isCJK(scalar) { return scalar }
    let properties = scalar.properties
    if properties.numericType == .decimal, let n = properties.numericValue,
      n >= 0, n <= 9, let ascii = Unicode.Scalar(0x30 + UInt32(n))
    {
      return ascii
    }
    return scalar
  }

  // MARK: - Digit runs

  /// A maximal stretch of digits with embedded `.`, `,` or single spaces, at `start..<end` in the folded input.
  struct Run {
    var start: Int
    var end: Int
    /// The digits and separators of the stretch.
    var text: String
    /// For `39块9`: the jiao/fen digits after `块`/`元` and the marker as typed.
    var yuanJiao: (marker: Unicode.Scalar, digits: String)?
  }

  /// Result of scanning folded input for digit runs.
  struct Scan {
    var runs: [Run] = []
    /// An exponent (`1e5`) or hex (`0x1f`) was seen.
    var exotic = false
  }

  /// Finds the digit runs in `chars`.
  static func scanDigitRuns(_ chars: [Unicode.Scalar]) -> Scan {
    var scan = Scan()
    let n = chars.count
    var i = 0
    while i < n {
      guard isDigit(chars[i]) || (chars[i] == "." && i + 1 < n && isDigit(chars[i + 1])) else {
        i += 1
        continue
      }
      guard let run = digitToken(chars, at: i, context: .answer) else {
        scan.exotic = true
        return scan
      }
      scan.runs.append(run)
      if scan.runs.count > maxPieces { return scan }  // enough to report `.several`
      i = max(run.end, i + 1)
    }
    return scan
  }

  /// Where a digit token is read, which decides what its separators mean.
  enum DigitContext {
    /// A typed answer: every `,` or single space between digits stays in the run for
    /// ``digits(of:echo:)`` to judge (thousands separator, list, ambiguous), a final `5.` is 5,
    /// and `1e5` or `0x1f` right after the digits make the answer exotic.
    case answer
    /// Running text: a `,` only before a group of exactly three digits (`1,000`), at most one
    /// decimal point; a space, a final point or a letter ends the number.
    case text
  }

  /// The number token of digits that starts at `i` (a digit, or `.` before a digit): its digits
  /// and separators and, after them, the jiao of `39块9` / `39块九` (see ``jiaoTail(_:at:afterDigits:)``).
  /// Nil only in ``DigitContext/answer`` for an exponent (`1e5`) or hex number (`0x1f`).
  /// Reads the token once, so its cost is its length. Shared by ``read(_:)`` and ``scan(_:)``.
  static func digitToken(_ chars: [Unicode.Scalar], at i: Int, context: DigitContext) -> Run? {
    let n = chars.count
    func at(_ i: Int) -> Unicode.Scalar? { i >= 0 && i < n ? chars[i] : nil }
    func digit(_ i: Int) -> Bool { at(i).map(isDigit) ?? false }
    let inText = context == .text
    let start = i
    var j = i
    var sawPoint = false
    var sawSpaceOrComma = false
    var groupLength = 0  // digits since the start or the last comma (running text)
    var text = String.UnicodeScalarView()
    while let c = at(j) {
      if isDigit(c) {
        text.append(c)
        groupLength += 1
        j += 1
      } else if c == ".", digit(j + 1), !(inText && sawPoint) {
        sawPoint = true
        text.append(c)
        j += 1
      } else if c == ",", digit(j - 1), digit(j + 1),
        !inText
          || (!sawPoint && (sawSpaceOrComma ? groupLength == 3 : groupLength <= 3) && digit(j + 2) && digit(j + 3)
            && !digit(j + 4))
      {
        sawSpaceOrComma = true
        groupLength = 0
        text.append(c)
        j += 1
      } else if c == " ", !inText, digit(j - 1), digit(j + 1) {
        sawSpaceOrComma = true
        text.append(c)
        j += 1
      } else {
        break
      }
    }
    if !inText {
      // A trailing point on an integer: `5.` is 5.
      if !sawPoint, at(j) == ".", digit(j - 1), !digit(j + 1) {
        text.append(".")
        j += 1
      }
      // Exponent or hex right after the run.
      if let c = at(j) {
        if c == "e" || c == "E" {
          if digit(j + 1) || ((at(j + 1) == "+" || at(j + 1) == "-") && digit(j + 2)) { return nil }
        }
        if (c == "x" || c == "X"), String(text) == "0", let h = at(j + 1), isHexDigit(h) { return nil }
      }
    }
    var run = Run(start: start, end: j, text: String(text), yuanJiao: nil)
    // `39块9`, `39块95`, `39元9角`, `3块5毛钱`, `39块九`.
    if !sawPoint && !sawSpaceOrComma, let tail = jiaoTail(chars, at: j, afterDigits: true) {
      run.end = tail.end
      run.yuanJiao = (tail.marker, tail.digits)
    }
    return run
  }

  /// The jiao (and fen) after a `块` or `元` at `j` that give a sum its decimals, with where they end:
  /// after digits, one or two ASCII digits (`39块9`, `39块95`, `39元9角`, `3块5毛钱`); after digits or
  /// a Chinese numeral, one Chinese digit (`39块九`, `三块五`, `三块五毛`). A Chinese digit is no jiao
  /// before another numeral (unless it is the `一` of `一斤`), nor `一`/`两` before a measure word:
  /// `二十八块一斤` is 28 yuan a jin, `三块五一斤` 3.5 yuan a jin.
  static func jiaoTail(_ chars: [Unicode.Scalar], at j: Int, afterDigits: Bool)
    -> (marker: Unicode.Scalar, digits: String, end: Int)?
  {
    let n = chars.count
    func at(_ i: Int) -> Unicode.Scalar? { i >= 0 && i < n ? chars[i] : nil }
    guard let marker = at(j), marker == "块" || marker == "元", let first = at(j + 1) else { return nil }
    var k = j + 1
    var jiao = String.UnicodeScalarView()
    if isDigit(first) {
      guard afterDigits else { return nil }
      while let c = at(k), isDigit(c), jiao.count <= 2 {
        jiao.append(c)
        k += 1
      }
      // `39块9.5` is no sum; `39块9.` ends a sentence.
      guard jiao.count <= 2, !(at(k) == "." && (at(k + 1).map(isDigit) ?? false)) else { return nil }
      if jiao.count == 1, let c = at(k), c == "毛" || c == "角" { k += 1 }
    } else if let d = chineseDigit(first), d > 0 {
      k += 1
      if let next = at(k) {
        if isChineseNumeralScalar(next) && !(next == "一" && measureWordEnd(chars, at: k + 1) != nil) { return nil }
        // `一斤`, `两盒` after the sum say what it is for; `九只剩` is 9 jiao before 只剩.
        if d <= 2, next != "毛" && next != "角" && next != "钱", measureWordEnd(chars, at: k) != nil { return nil }
      }
      jiao.append(digitCharacter(UInt8(d)).unicodeScalars.first ?? "0")
      if let c = at(k), c == "毛" || c == "角" { k += 1 }
    } else {
      return nil
    }
    if at(k) == "钱" { k += 1 }
    return (marker, String(jiao), k)
  }

  /// The most pieces reported by `.several`.
  static let maxPieces = 10

  /// The pieces shown for `.several`: each run with an attached minus sign, invalid space groups split.
  ///
  /// A `-` right before a run counts as its sign unless the character before
  /// the `-` is a digit, letter or CJK character (`30-40`, `30元-40元` are ranges).
  static func pieces(of runs: [Run], in chars: [Unicode.Scalar]) -> [String] {
    var out: [String] = []
    for run in runs {
      var sign = ""
      if run.start >= 1, chars[run.start - 1] == "-" {
        var k = run.start - 2
        while k >= 0, chars[k] == " " { k -= 1 }
        let before = k >= 0 ? chars[k] : nil
        if before.map({ !isDigit($0) && !$0.properties.isAlphabetic }) ?? true { sign = "-" }
      }
      var text = run.text
      if let yuanJiao = run.yuanJiao {
        text += String(Character(yuanJiao.marker)) + yuanJiao.digits
      }
      let bytes = Array(text.utf8)
      if bytes.contains(space) && spaceGrouped(bytes) == nil {
        let parts = pieces(bytes, splitOn: space)
        for (index, part) in parts.enumerated() { out.append(index == 0 ? sign + part : part) }
      } else {
        out.append(clip(sign + text))
      }
      if out.count >= maxPieces { break }
    }
    return Array(out.prefix(maxPieces))
  }

  private static let space = UInt8(ascii: " ")
  private static let comma = UInt8(ascii: ",")
  private static let point = UInt8(ascii: ".")

  /// `bytes` split on `separator` as (clipped) strings, at most ``maxPieces``, for `.several`.
  static func pieces(_ bytes: [UInt8], splitOn separator: UInt8) -> [String] {
    bytes.split(separator: separator, maxSplits: maxPieces).prefix(maxPieces).map {
      clip(String(decoding: $0, as: UTF8.self))
    }
  }

  /// Removes spaces from a space-grouped run, or nil if the groups are not thousands groups.
  ///
  /// Valid: first group 1–3 digits; every later group exactly 3 digits, the last
  /// one optionally followed by a decimal part. Without spaces, `bytes` is returned.
  static func spaceGrouped(_ bytes: [UInt8]) -> [UInt8]? {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var groupIndex = 0
    var groupLength = 0
    var sawPoint = false
    for byte in bytes {
      if byte == space {
        let validGroup = groupIndex == 0 ? (1...3).contains(groupLength) : groupLength == 3
        guard !sawPoint, validGroup else { return nil }
        groupIndex += 1
        groupLength = 0
      } else if byte == point {
        guard !sawPoint, groupIndex == 0 || groupLength == 3 else { return nil }
        sawPoint = true
        out.append(byte)
      } else if byte >= 0x30 && byte <= 0x39 {
        if !sawPoint { groupLength += 1 }
        out.append(byte)
      } else {
        return nil
      }
    }
    if groupIndex > 0 && !sawPoint && groupLength != 3 { return nil }
    return out
  }

  /// Turns a run's text into ASCII `int` and `frac` digit strings, resolving separators.
  static func digits(of runText: String, echo: @autoclosure () -> String)
    -> Result<(int: String, frac: String?), NumberReadError>
  {
    var bytes = Array(runText.utf8)
    if bytes.contains(space) {
      guard let joined = spaceGrouped(bytes) else {
        return .failure(.several(pieces(bytes, splitOn: space)))
      }
      bytes = joined
    }
    let dot = bytes.firstIndex(of: point)
    if let dot, bytes[dot...].contains(comma) {
      // `39.9,49.9`: a comma after a decimal part separates numbers.
      return .failure(.several(pieces(bytes, splitOn: comma)))
    }
    if let dot, bytes[(dot + 1)...].contains(point) {
      return .failure(.notANumber(echo()))
    }
    let intPart = bytes[..<(dot ?? bytes.endIndex)]
    let fracPart = dot.map { bytes[($0 + 1)...] }
    var intDigits = intPart
    if intPart.contains(comma) {
      var groups = 1
      var groupLength = 0
      var valid = true
      for byte in intPart {
        if byte == comma {
          if groups == 1 ? !(1...3).contains(groupLength) : groupLength != 3 { valid = false }
          groups += 1
          groupLength = 0
        } else {
          groupLength += 1
        }
      }
      if groupLength != 3 { valid = false }
      if valid {
        intDigits = intPart.filter { $0 != comma }[...]
      } else if groups == 2 {
        return .failure(.ambiguousComma(clip(String(decoding: bytes, as: UTF8.self))))
      } else {
        return .failure(.several(pieces(bytes, splitOn: comma)))
      }
    }
    return .success(
      (String(decoding: intDigits, as: UTF8.self), fracPart.map { String(decoding: $0, as: UTF8.self) }))
  }

  /// Reads the single digit run `run` with the text around it.
  static func readDigitRun(_ run: Run, in chars: [Unicode.Scalar]) -> Result<ReadNumber, NumberReadError> {
    let prefixCount = run.start
    let suffixCount = chars.count - run.end
    guard prefixCount <= maxContext, suffixCount <= maxContext else {
      return .failure(.notANumber(echo(chars)))
    }
    let parsed: (int: String, frac: String?)
    switch digits(of: run.text, echo: echo(chars)) {
    case .failure(let error): return .failure(error)
    case .success(let value): parsed = value
    }
    guard let prefix = run.start == 0 ? Prefix() : readPrefix(scalarString(chars[0..<run.start])) else {
      return .failure(.notANumber(echo(chars)))
    }
    var frac = parsed.frac
    var text = parsed.int + (frac.map { "." + $0 } ?? "")
    var currency = prefix.currency
    if let yuanJiao = run.yuanJiao {
      frac = yuanJiao.digits
      text += String(Character(yuanJiao.marker)) + yuanJiao.digits
      currency = true
    }
    let suffix =
      run.end == chars.count
      ? Suffix() : readSuffix(scalarString(chars[run.end...]), allowMultiplier: run.yuanJiao == nil)
    text += suffix.multiplierText
    let value = decimalValue(int: parsed.int, frac: frac, exponent: suffix.exponent)
    guard let value else { return .failure(.notANumber(echo(chars))) }
    return .success(
      ReadNumber(
        value: prefix.negative && value != 0 ? -value : value,
        isPercent: prefix.percent || suffix.percent,
        unit: combinedUnit(currency: currency, suffixUnit: suffix.unit),
        perUnit: suffix.perUnit,
        text: (prefix.negative && value != 0 ? "-" : "") + text
      )
    )
  }

  /// Builds the `Double` for `int.frac × 10^exponent`, or nil if it is not finite.
  static func decimalValue(int: String, frac: String?, exponent: Int) -> Double? {
    var literal = int.isEmpty ? "0" : int
    if let frac, !frac.isEmpty {
      literal += "."
      literal += frac
    }
    if exponent != 0 {
      literal += "e"
      literal += String(exponent)
    }
    guard let value = Double(literal), value.isFinite else {
      return nil
    }
    return value == 0 ? 0 : value
  }

  // MARK: - Prefix and suffix

  /// The most characters accepted before or after the number.
  static let maxContext = 200

  /// The longest unit accepted after a Chinese numeral (`个月`, `元人民币`).
  static let maxChineseUnitLength = 4

  /// What the text before the number said.
  struct Prefix {
    var negative = false
    var currency = false
    var percent = false
  }

  /// Reads the text before the number: sign, currency, `百分之`, ignorable lead words; nil if anything else.
  static func readPrefix(_ raw: String) -> Prefix? {
    var result = Prefix()
    var rest = Array(TextNormalizer.normalize(raw).unicodeScalars)[...]
    var signSeen = false
    stripping: while true {
      rest = trimSpaces(rest)
      guard let last = rest.last else { break stripping }
      if !signSeen, last == "-" || last == "+" {
        result.negative = last == "-"
        signSeen = true
        rest = rest.dropLast()
        continue
      }
      if !result.currency, let marker = currencyPrefixes.first(where: { hasSuffix(rest, $0) }) {
        result.currency = true
        rest = rest.dropLast(marker.count)
        continue
      }
      if !result.percent, hasSuffix(rest, percentPrefix) {
        result.percent = true
        rest = rest.dropLast(percentPrefix.count)
        continue
      }
      break stripping
    }
    return stripLeadWords(rest).isEmpty ? result : nil
  }

  /// Removes ignorable lead words and separators from the start of `text`.
  static func stripLeadWords(_ text: Scalars) -> Scalars {
    var rest = text
    while true {
      rest = trimSpaces(rest)
      guard !rest.isEmpty, let word = leadWords.first(where: { rest.starts(with: $0) }) else {
        return rest
      }
      rest = rest.dropFirst(word.count)
    }
  }

  /// What the text after the number said.
  struct Suffix {
    var exponent = 0
    var multiplierText = ""
    var percent = false
    var unit: String?
    /// What the number is per (`盒` in `元/盒`, `一盒`, `per box`…).
    var perUnit: String?
  }

  /// Reads the text after the number: Chinese multipliers, percent, unit, trailing noise.
  static func readSuffix(_ raw: String, allowMultiplier: Bool) -> Suffix {
    var result = Suffix()
    var rest = trimSpaces(Array(TextNormalizer.normalize(raw).unicodeScalars)[...])
    if allowMultiplier {
      while let first = rest.first, let power = multiplierPower(first) {
        if first == "千" || first == "仟", let next = rest.dropFirst().first, metricAfterQian.contains(next) {
          break
        }
        result.exponent += power
        result.multiplierText.unicodeScalars.append(first)
        rest = rest.dropFirst()
      }
      rest = trimSpaces(rest)
    }
    if rest.first == "%" {
      result.percent = true
      rest = rest.dropFirst()
    } else if let word = percentWords.first(where: { rest.starts(with: $0) }) {
      let after = rest.dropFirst(word.count)
      if after.first.map({ !$0.properties.isAlphabetic }) ?? true {
        result.percent = true
        rest = after
      }
    }
    rest = stripTrailingNoise(rest)
    while let first = rest.first, first == "(" || first == "[" || first == "\"" || first == "'" {
      rest = trimSpaces(rest.dropFirst())
    }
    let split = unitAndPerUnit(rest)
    result.unit = split.unit
    result.perUnit = split.perUnit
    return result
  }

  /// Splits the unit typed after a number into what it counts and what it is per, canonicalised:
  /// `元/盒` → (`元`, `盒`), `元一盒` and `块钱每盒` → (`元`, `盒`), `yuan per box` and `yuan a box` →
  /// (`元`, `box`), `/斤` → (nil, `斤`), `each` → (nil, `each`), `kg` → (`kg`, nil).
  static func unitAndPerUnit(_ text: Scalars) -> (unit: String?, perUnit: String?) {
    let rest = trimSpaces(text)
    guard !rest.isEmpty else { return (nil, nil) }
    if let slash = rest.firstIndex(of: "/") {
      let base = trimSpaces(rest[..<slash])
      let per = trimSpaces(rest[(slash + 1)...])
      if !per.isEmpty, !per.contains("/") {
        return (base.isEmpty ? nil : canonicalUnit(scalarString(base)), canonicalUnit(scalarString(per)))
      }
    }
    let scalars = Array(rest)
    if let tail = perUnitTail(scalars, at: 0), tail.end == scalars.count {
      return (tail.currency ? yuan : nil, canonicalUnit(tail.unit))
    }
    return (canonicalUnit(scalarString(rest)), nil)
  }

  /// What the unit `name` counts and what it is per (see ``unitAndPerUnit(_:)``): `元/盒` →
  /// (`元`, `盒`), `yuan per box` → (`元`, `box`), `元` → (`元`, nil).
  public static func splitUnit(_ name: String) -> (unit: String?, perUnit: String?) {
    unitAndPerUnit(Array(TextNormalizer.normalize(name).unicodeScalars)[...])
  }

  /// Removes trailing punctuation, emoji and ignorable words like `左右`.
  static func stripTrailingNoise(_ text: Scalars) -> Scalars {
    var rest = text
    while true {
      rest = trimSpaces(rest)
      guard let last = rest.last else { return rest }
      if isTrailingNoise(last) {
        rest = rest.dropLast()
        continue
      }
      if let word = trailingWords.first(where: { hasSuffix(rest, $0) }) {
        rest = rest.dropLast(word.count)
        continue
      }
      return rest
    }
  }

  /// Whether `scalar` may be dropped from the end of an answer.
  static func isTrailingNoise(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.value < 0x80 {
      return ".,!?;:~-)]}\"'>".unicodeScalars.contains(scalar)
    }
    switch scalar.value {
    case 0xB0: return false  // ° is a unit
    case 0xFE00...0xFE0F, 0xE0100...0xE01EF: return true  // variation selectors
    default: break
    }
    switch scalar.properties.generalCategory {
    case .otherSymbol, .modifierSymbol: return true
    default: return false
    }
  }

  /// Merges a currency marker with the unit typed after the number.
  static func combinedUnit(currency: Bool, suffixUnit: String?) -> String? {
    guard currency else { return suffixUnit }
    return suffixUnit ?? yuan
  }

  // MARK: - Chinese numerals

  /// A run of Chinese numerals: where it starts and ends (after the jiao of `三块五毛`, if any),
  /// the numeral, and the jiao digit.
  struct ChineseRun {
    var start: Int
    var end: Int
    var numeral: [Unicode.Scalar]
    var jiao: String?
  }

  /// The Chinese numeral that starts at `i`, with the jiao of `三块五` after it, or nil when none
  /// starts there; `next` is where to look again. Shared by ``read(_:)`` and ``scan(_:)``.
  ///
  /// The run is the longest stretch of numeral characters, except that `点` needs a digit after
  /// it (`三点五`), `两` after a digit is the weight liang (`二两`) and `千` before `克 米 瓦…` is
  /// the metric prefix (`三千克` is 3 kg), and a final `一` before a measure word is the "a" of a
  /// per-unit when the rest reads (`一百一盒` is 100 a box). A run needs a digit or a leading `十`.
  static func chineseToken(_ s: [Unicode.Scalar], at i: Int) -> (run: ChineseRun?, next: Int) {
    let n = s.count
    func at(_ i: Int) -> Unicode.Scalar? { i >= 0 && i < n ? s[i] : nil }
    guard let first = at(i), isChineseNumeralScalar(first) else { return (nil, i + 1) }
    let start = i
    var j = i
    while let c = at(j), isChineseNumeralScalar(c) {
      if c == "点" || c == "點" {
        guard let next = at(j + 1), chineseDigit(next) != nil else { break }
      }
      if c == "两" || c == "兩", j > start, let previous = at(j - 1), chineseDigit(previous) != nil {
        break  // `二两`: the weight unit liang
      }
      if c == "千" || c == "仟", let next = at(j + 1), metricAfterQian.contains(next) {
        break  // `三千克` is 3 kg
      }
      j += 1
    }
    var numeral = Array(s[start..<j])
    let hasDigit = numeral.contains { chineseDigit($0) != nil }
    let startsWithTen = numeral.first.map { $0 == "十" || $0 == "拾" } ?? false
    guard j > start, hasDigit || startsWithTen else { return (nil, max(j, i + 1)) }
    // `一百一盒`, `三十九一盒`: the 一 before a measure word says "a" — 100 a box, 39 a box (not the
    // colloquial 110 of `一百一`, and not the unreadable `三十九一`).
    if numeral.count >= 2, numeral.last == "一", measureWordEnd(s, at: j) != nil {
      let shorter = Array(numeral.dropLast())
      let colloquial = shorter.last.flatMap(multiplierPower).map { $0 >= 2 } ?? false
      if colloquial || chineseValue(numeral) == nil, chineseValue(shorter) != nil {
        numeral = shorter
        j -= 1
      }
    }
    var run = ChineseRun(start: start, end: j, numeral: numeral, jiao: nil)
    // `三块五`, `三块五毛钱`.
    if !numeral.contains(where: { $0 == "点" || $0 == "點" }), let tail = jiaoTail(s, at: j, afterDigits: false) {
      run.end = tail.end
      run.jiao = tail.digits
    }
    return (run, run.end)
  }

  /// Reads answers with no Arabic digit: `三十`, `百分之三十`, `一万二`, `三块五`.
  static func readChineseNumeral(_ chars: [Unicode.Scalar]) -> Result<ReadNumber, NumberReadError> {
    let normalized = TextNormalizer.normalize(scalarString(chars))
    let s = Array(stripLeadWords(Array(normalized.unicodeScalars)[...]))
    let n = s.count
    func at(_ i: Int) -> Unicode.Scalar? { i >= 0 && i < n ? s[i] : nil }

    var runs: [ChineseRun] = []
    var i = 0
    while i < n {
      if at(i) == "百", at(i + 1) == "分", at(i + 2) == "之" {
        i += 3
        continue
      }
      let (found, next) = chineseToken(s, at: i)
      guard let run = found else {
        i = next
        continue
      }
      runs.append(run)
      if runs.count > maxPieces { break }  // enough to report `.several`
      i = run.end
      if let tail = perUnitTail(s, at: i) {
        i = tail.end  // `二十八元一盒`: the 一 of the per-unit is no second number
      } else if run.jiao == nil, let next = at(i), next == "两" || next == "兩" {
        i += 1  // the weight unit liang after a digit, as in `二两`
      }
    }
    guard let run = runs.first else { return .failure(.notANumber(echo(chars))) }
    if runs.count > 1 {
      return .failure(.several(runs.prefix(maxPieces).map { clip(scalarString(s[$0.start..<$0.end])) }))
    }
    // `两三天`, `三四十`: two or three, thirty or forty — a range, not one number.
    if run.jiao == nil, approximateRange(run.numeral) != nil, let first = run.numeral.first {
      return .failure(.several([String(Character(first)), scalarString(run.numeral.dropFirst())]))
    }
    guard run.start <= maxContext, n - run.end <= maxContext,
      let prefix = readPrefix(scalarString(s[0..<run.start])),
      var value = chineseValue(run.numeral)
    else {
      return .failure(.notANumber(echo(chars)))
    }
    var text = String(String.UnicodeScalarView(run.numeral))
    if let jiao = run.jiao,
      let whole = decimalValue(int: format(value, maxDecimals: 0), frac: jiao, exponent: 0)
    {
      value = whole
      text = String(String.UnicodeScalarView(s[run.start..<run.end]))
    }
    var suffix = readSuffix(scalarString(s[run.end...]), allowMultiplier: false)
    // `一半` is a half; `一个半`, `三斤半` add a half.
    if run.jiao == nil, let unit = suffix.unit, unit.hasSuffix("半") {
      var rest = String(unit.dropLast())
      if rest == "个" { rest = "" }
      value = rest.isEmpty && unit == "半" && value == 1 ? 0.5 : value + 0.5
      suffix.unit = rest.isEmpty ? nil : rest
      text += "半"
    }
    if let unit = suffix.unit, unit.count > maxChineseUnitLength {
      // `七日无理由退货` is a phrase that starts with a numeral, not 7 of something.
      return .failure(.notANumber(echo(chars)))
    }
    return .success(
      ReadNumber(
        value: prefix.negative && value != 0 ? -value : value,
        isPercent: prefix.percent || suffix.percent,
        unit: combinedUnit(currency: prefix.currency || run.jiao != nil, suffixUnit: suffix.unit),
        perUnit: suffix.perUnit,
        text: (prefix.negative && value != 0 ? "-" : "") + text
      )
    )
  }

  /// The two ends of an approximate Chinese number: `两三` (2, 3), `三五` (3, 5), `三四十` (30, 40),
  /// `两三百` (200, 300), `七八千`; nil for anything else. Two digits said together are
  /// "a or b" when they follow each other (`一二` to `八九`, `两三`) or are `三五`. (`一两天` is
  /// read by ``scan(_:)``: after a digit, `两` is otherwise the weight liang.)
  static func approximateRange(_ numeral: [Unicode.Scalar]) -> (low: Double, high: Double)? {
    guard numeral.count >= 2, let a = chineseDigit(numeral[0]), let b = chineseDigit(numeral[1]), a > 0,
      b == a + 1 || (a == 3 && b == 5)
    else { return nil }
    var exponent = 0
    var lastPower = Int.max
    for c in numeral.dropFirst(2) {
      // Only multipliers after the two digits, largest last (`十万`, `百万`, `千万`).
      guard let power = multiplierPower(c), power != lastPower, exponent + power <= 12 else { return nil }
      if lastPower != Int.max, power < lastPower { return nil }
      exponent += power
      lastPower = power
    }
    guard let low = decimalValue(int: String(a), frac: nil, exponent: exponent),
      let high = decimalValue(int: String(b), frac: nil, exponent: exponent)
    else { return nil }
    return (low, high)
  }

  /// The value of a Chinese numeral such as `三十五`, `一百零五`, `一万二`, `三点一四`, or nil.
  static func chineseValue(_ numeral: [Unicode.Scalar]) -> Double? {
    let pointIndex = numeral.firstIndex { $0 == "点" || $0 == "點" }
    guard let pointIndex else { return chineseInteger(numeral[...]) }
    guard let whole = chineseInteger(numeral[..<pointIndex]) else { return nil }
    var fracDigits = ""
    var exponent = 0
    for c in numeral[(pointIndex + 1)...] {
      if let d = chineseDigit(c), exponent == 0 {
        fracDigits.append(digitCharacter(UInt8(d)))
      } else if let power = multiplierPower(c) {
        exponent += power  // `一点二万`
      } else {
        return nil
      }
    }
    guard !fracDigits.isEmpty else { return nil }
    return decimalValue(int: format(whole, maxDecimals: 0), frac: fracDigits, exponent: exponent)
  }

  /// The value of an integer Chinese numeral (no `点`), or nil if malformed.
  static func chineseInteger(_ numeral: ArraySlice<Unicode.Scalar>) -> Double? {
    if numeral.isEmpty { return nil }
    if !numeral.contains(where: { multiplierPower($0) != nil }) {
      // Digit by digit: `二〇二四`, `三`.
      var text = ""
      for c in numeral {
        guard let d = chineseDigit(c) else { return nil }
        text.append(digitCharacter(UInt8(d)))
      }
      return decimalValue(int: text, frac: nil, exponent: 0)
    }
    var yi = 0.0
    var wan = 0.0
    var section = 0.0
    var digit: Double?
    var lastUnit = 1.0
    var smallestUnitSoFar = Double.infinity
    var zeroPending = false
    var sawWan = false
    var sawYi = false
    for c in numeral {
      if let d = chineseDigit(c) {
        if d == 0 {
          if digit != nil { return nil }
          zeroPending = true
          continue
        }
        if digit != nil { return nil }
        digit = Double(d)
        continue
      }
      guard let power = multiplierPower(c) else { return nil }
      let unit = power == 1 ? 10.0 : power == 2 ? 100.0 : power == 3 ? 1000.0 : 0
      if unit > 0 {
        guard let d = digit ?? (unit == 10 ? 1 : nil), unit < smallestUnitSoFar else { return nil }
        section += d * unit
        smallestUnitSoFar = unit
        lastUnit = unit
      } else if power == 4 {
        let total = section + (digit ?? 0)
        guard !sawWan, total > 0 else { return nil }
        wan = total * 1e4
        section = 0
        sawWan = true
        lastUnit = 1e4
        smallestUnitSoFar = 1e4
      } else {
        let total = wan + section + (digit ?? 0)
        guard !sawYi, total > 0 else { return nil }
        yi = total * 1e8
        wan = 0
        section = 0
        sawYi = true
        sawWan = false
        lastUnit = 1e8
        smallestUnitSoFar = 1e4
      }
      digit = nil
      zeroPending = false
    }
    if let d = digit {
      // Colloquial `一百一` = 110, `一万二` = 12000; `一百零一` = 101.
      section += (!zeroPending && lastUnit >= 100) ? d * lastUnit / 10 : d
    }
    let value = yi + wan + section
    return value.isFinite ? value : nil
  }

  /// The digit 0–9 a Chinese numeral character stands for, or nil.
  static func chineseDigit(_ c: Unicode.Scalar) -> Int? {
    switch c {
    case "零", "〇": return 0
    case "一", "壹": return 1
    case "二", "两", "贰", "貳", "兩": return 2
    case "三", "叁", "參": return 3
    case "四", "肆": return 4
    case "五", "伍": return 5
    case "六", "陆", "陸": return 6
    case "七", "柒": return 7
    case "八", "捌": return 8
    case "九", "玖": return 9
    default: return nil
    }
  }

  /// The power of ten of a Chinese multiplier (`十` 1, `百` 2, `千` 3, `万` 4, `亿` 8), or nil.
  static func multiplierPower(_ c: Unicode.Scalar) -> Int? {
    switch c {
    case "十", "拾": return 1
    case "百", "佰": return 2
    case "千", "仟": return 3
    case "万", "萬": return 4
    case "亿", "億": return 8
    default: return nil
    }
  }

  /// Whether `c` can be part of a Chinese numeral.
  static func isChineseNumeralScalar(_ c: Unicode.Scalar) -> Bool {
    chineseDigit(c) != nil || multiplierPower(c) != nil || c == "点" || c == "點"
  }

  /// Characters that make `千` a metric prefix: `千克` kg, `千米` km, `千瓦` kW, `千卡` kcal.
  static let metricAfterQian: Set<Unicode.Scalar> = ["克", "米", "瓦", "卡", "焦", "帕", "赫"]

  // MARK: - Word lists

  /// The canonical currency unit.
  static let yuan = "元"

  /// Currency markers accepted before the number.
  static let currencyPrefixes = scalarWords(["人民币", "rmb", "cny", "¥", "$"])

  /// `百分之`, "percent of", before a number.
  static let percentPrefix = Array("百分之".unicodeScalars)

  /// Words after a number that make it a percentage.
  static let percentWords = scalarWords(["percent", "per cent", "pct"])

  /// Spellings canonicalised to `元`.
  static let currencyUnits: Set<String> = [
    "¥", "$", "rmb", "cny", "yuan", "块", "块钱", "元", "元钱", "圆", "人民币", "元人民币",
    "rmb元", "yuan rmb",
  ]

  /// Words and marks before a number that do not change its value: the hedges every answer may
  /// have (`Hedges.lead`), and the words of prices and totals.
  static let leadWords = scalarWords(
    Hedges.lead + [
      "approximately", "约等于", "around", "roughly", "approx.", "approx", "about", "equals", "total", "price",
      "约为", "约合", "约是", "差不多", "一共", "总共", "合计", "总计", "共计", "价格", "售价", "定价", "单价",
      "等于", "ca.", "约", "为", "共",
      "≈", "≒", "=", ":", "~", ",", "(", "[", "\"", "'",
    ])

  /// Words after a number that do not change its value: the hedges and sentence-final particles
  /// every answer may have (`Hedges.trailing`: `28吧`, `28元吧` are no unit), and "about".
  static let trailingWords = scalarWords(Hedges.trailing + ["approximately", "approx", "or so", "左右", "上下", "整"])

  /// `words` as scalar arrays, longest first so that the longest match wins.
  static func scalarWords(_ words: [String]) -> [[Unicode.Scalar]] {
    words.map { Array($0.unicodeScalars) }.sorted { $0.count > $1.count }
  }

  // MARK: - Small helpers

  /// Maps a unit spelling (already normalised) to its canonical form.
  static func canonicalUnitPart(_ part: Substring) -> String {
    let text = String(part)
    return currencyUnits.contains(text) ? yuan : text
  }

  /// A slice of scalars.
  typealias Scalars = ArraySlice<Unicode.Scalar>

  /// Whether `s` ends with `word`.
  static func hasSuffix(_ s: Scalars, _ word: [Unicode.Scalar]) -> Bool {
    s.count >= word.count && s.suffix(word.count).elementsEqual(word)
  }

  /// `s` without leading and trailing spaces.
  static func trimSpaces(_ s: Scalars) -> Scalars {
    var rest = s
    while let first = rest.first, first == " " { rest = rest.dropFirst() }
    while let last = rest.last, last == " " { rest = rest.dropLast() }
    return rest
  }

  /// `s` without leading and trailing ASCII spaces.
  static func trimSpaces(_ s: Substring) -> Substring {
    var rest = s
    while let first = rest.first, first == " " { rest = rest.dropFirst() }
    while let last = rest.last, last == " " { rest = rest.dropLast() }
    return rest
  }

  /// A String made of `scalars`.
  static func scalarString<C: Collection>(_ scalars: C) -> String where C.Element == Unicode.Scalar {
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars)
    return String(view)
  }

  /// The answer as echoed in errors: folded (no controls), at most 40 characters.
  static func echo(_ chars: [Unicode.Scalar]) -> String {
    let head = scalarString(chars.prefix(400))
    if chars.count > 400 { return String(head.prefix(40)) + "…" }
    return clip(head)
  }

  /// `s` cut to 40 characters, with `…` when cut.
  static func clip(_ s: String) -> String {
    var index = s.startIndex
    for _ in 0..<40 {
      guard index < s.endIndex else { return s }
      index = s.index(after: index)
    }
    return index == s.endIndex ? s : String(s[..<index]) + "…"
  }

  /// Whether `c` is an ASCII digit.
  static func isDigit(_ c: Unicode.Scalar) -> Bool {
    c.value >= 0x30 && c.value <= 0x39
  }

  /// Whether `c` is an ASCII hex digit.
  static func isHexDigit(_ c: Unicode.Scalar) -> Bool {
    isDigit(c) || (c.value >= 0x41 && c.value <= 0x46) || (c.value >= 0x61 && c.value <= 0x66)
  }

  /// The character for a digit 0–9.
  static func digitCharacter(_ d: UInt8) -> Character {
    Character(Unicode.Scalar(0x30 + min(d, 9)))
  }

  /// The integer and fraction digits of a finite non-negative `value`'s shortest decimal form.
  static func expandedDigits(_ value: Double) -> (int: [UInt8], frac: [UInt8]) {
    // `description` gives the shortest round-tripping form, possibly with an exponent.
    let description = value.description
    var mantissa = Substring(description)
    var exponent = 0
    if let e = description.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      mantissa = description[..<e]
      exponent = Int(description[description.index(after: e)...]) ?? 0
    }
    var digits: [UInt8] = []
    var pointPosition: Int?
    for scalar in mantissa.unicodeScalars {
      if isDigit(scalar) {
        digits.append(UInt8(scalar.value - 0x30))
      } else if scalar == "." {
        pointPosition = digits.count
      }
    }
    let point = (pointPosition ?? digits.count) + exponent
    if point <= 0 {
      return ([0], Array(repeating: 0, count: -point) + digits)
    }
    if point >= digits.count {
      return (digits + Array(repeating: 0, count: point - digits.count), [])
    }
    return (Array(digits[..<point]), Array(digits[point...]))
  }
}
