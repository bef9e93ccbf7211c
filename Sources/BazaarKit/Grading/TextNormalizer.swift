import Foundation

/// Folds what a learner typed into a canonical form so answers can be compared.
///
/// The pipeline, in order:
/// 1. Unicode NFKC compatibility mapping (full-width `ＡＢＣ１２３` → `ABC123`,
///    full-width punctuation → ASCII, ideographic space → space, `…` → `...`).
///    Foundation is only called when needed: text made of ASCII, Latin-1, common
///    Han, kana, Hangul, CJK punctuation and full-width ASCII takes a fast path
///    that gives the same result (see ``needsFoundationNFKC(_:)``).
/// 2. Locale-independent lowercasing, scalar by scalar.
/// 3. Chinese and typographic punctuation mapped to ASCII
///    (`，`→`,` `。`→`.` `、`→`,` `“”„`→`"` `‘’`→`'` `【】`→`[]` `《》`→`<>` …).
/// 4. Control and invisible characters dropped: C0/C1 controls, zero-width
///    characters (U+200B–U+200D, U+2060, U+FEFF), bidi marks and overrides
///    (U+200E/F, U+202A–U+202E, U+2066–U+2069) and the soft hyphen. Controls that
///    are whitespace (`\t \n \v \f \r`, U+0085) become spaces instead.
/// 5. Runs of whitespace collapsed to one space, leading/trailing space trimmed,
///    and any space next to a CJK character (see ``isCJK(_:)``) removed, so
///    `七日 无理由 退货` equals `七日无理由退货` while `free shipping` keeps its space.
///
/// Whether a space touches a CJK character is decided on the character *after*
/// NFKC, before step 3. Full-width ASCII punctuation (`，？！（）`) is folded to
/// ASCII by NFKC, so it does not count as CJK; `、。《》【】「」` do.
public enum TextNormalizer {
  /// Returns the canonical form of `s` used to compare free-text answers.
  public static func normalize(_ s: String) -> String { normalize(s, keepingCase: false) }

  /// ``normalize(_:)`` without lowercasing or punctuation folding: the text as people wrote it,
  /// for quoting back a clause (`Free shipping except Tibet`, `西藏、青海`), with the same scalars
  /// in the same places as the normalised text wherever the folding is one for one.
  public static func normalize(_ s: String, keepingCase: Bool) -> String {
    let source = keepingCase ? compatibilityMappedKeepingPunctuation(s)
      : needsFoundationNFKC(s) ? s.precomposedStringWithCompatibilityMapping : s
    var out = String.UnicodeScalarView()
    var pendingSpace = false
    var lastWasCJK = false
    for original in source.unicodeScalars {
      var scalar = foldWidth(original)
      // Quoting keeps full-width punctuation as written (，stays ，), one scalar for one.
      if keepingCase, scalar != original, scalar.isASCII, ",.;:!?()[]\"'-~".unicodeScalars.contains(scalar) { scalar = original }
      switch classify(scalar) {
      case .drop:
        continue
      case .space:
        pendingSpace = true
        continue
      case .keep:
        break
      }
      let cjk = isCJK(scalar)
      if pendingSpace {
        if !out.isEmpty && !lastWasCJK && !cjk {
          out.append(" ")
        }
        pendingSpace = false
      }
      appendMapped(scalar, to: &out, keepingCase: keepingCase)
      lastWasCJK = cjk
    }
    return String(out)
  }

  /// NFKC scalar by scalar, except that full-width punctuation NFKC would fold to one ASCII
  /// character (，？！：) stays as written: for quotes, which line up with the normalised text.
  static func compatibilityMappedKeepingPunctuation(_ s: String) -> String {
    guard needsFoundationNFKC(s) else { return s }
    var out = String.UnicodeScalarView()
    for scalar in s.unicodeScalars {
      let mapped = String(scalar).precomposedStringWithCompatibilityMapping.unicodeScalars
      if mapped.count == 1, let m = mapped.first, m.isASCII, ",.;:!?()[]\"'-~".unicodeScalars.contains(m) {
        out.append(scalar)
      } else {
        out.append(contentsOf: mapped)
      }
    }
    return String(out)
  }

  /// Returns a lenient comparison key: ``normalize(_:)`` without punctuation, symbols or spaces.
  ///
  /// All characters whose Unicode general category is punctuation (P*) or symbol
  /// (S*) are removed, except a `.` with an ASCII digit on both sides (a decimal
  /// point) and a `%` that follows a digit (spaces allowed in between). Then all
  /// whitespace is removed. So `key("七日无理由退货。") == key("七日 无理由退货!")`
  /// and `key("39.9%") == "39.9%"`, while `key("¥39.9") == "39.9"`. Emoji are
  /// symbols and vanish; so do minus signs (`key("-5") == "5"`) and thousands
  /// commas (`key("1,299") == "1299"`): compare numbers with ``NumberReader``.
  public static func key(_ s: String) -> String {
    let scalars = Array(normalize(s).unicodeScalars)
    var out = String.UnicodeScalarView()
    var previousNonSpaceIsDigit = false
    for (i, scalar) in scalars.enumerated() {
      if scalar == " " { continue }
      defer { previousNonSpaceIsDigit = isASCIIDigit(scalar) }
      if scalar == "." {
        let before = i > 0 ? scalars[i - 1] : nil
        let after = i + 1 < scalars.count ? scalars[i + 1] : nil
        if let before, let after, isASCIIDigit(before), isASCIIDigit(after) {
          out.append(scalar)
        }
        continue
      }
      if scalar == "%" {
        if previousNonSpaceIsDigit { out.append(scalar) }
        continue
      }
      if isPunctuationOrSymbol(scalar) || scalar.properties.isWhitespace { continue }
      out.append(scalar)
    }
    return String(out)
  }

  /// Returns whether `scalar` is a CJK character: Han, kana, Hangul, Bopomofo or CJK punctuation.
  ///
  /// Covers CJK Unified Ideographs (all extensions), compatibility ideographs,
  /// radicals, strokes, CJK Symbols and Punctuation (U+3000–U+303F), Hiragana,
  /// Katakana, Bopomofo, Hangul (Jamo, compatibility Jamo, syllables), enclosed
  /// CJK and CJK compatibility blocks, vertical/compatibility forms and the
  /// half-width CJK punctuation, katakana and Hangul (U+FF61–U+FFDC).
  /// Full-width ASCII variants (U+FF01–U+FF5E) are *not* CJK: they are Latin
  /// letters, digits and ASCII punctuation in wide form.
  public static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    if v < 0x1100 { return false }
    switch v {
    case 0x1100...0x11FF,  // Hangul Jamo
      0x2E80...0x2FDF,  // CJK Radicals Supplement, Kangxi Radicals
      0x2FF0...0x2FFF,  // Ideographic Description Characters
      0x3000...0x303F,  // CJK Symbols and Punctuation
      0x3040...0x30FF,  // Hiragana, Katakana
      0x3100...0x312F,  // Bopomofo
      0x3130...0x318F,  // Hangul Compatibility Jamo
      0x3190...0x31FF,  // Kanbun, Bopomofo Ext, CJK Strokes, Katakana Ext
      0x3200...0x33FF,  // Enclosed CJK, CJK Compatibility
      0x3400...0x4DBF,  // CJK Extension A
      0x4E00...0x9FFF,  // CJK Unified Ideographs
      0xA960...0xA97F,  // Hangul Jamo Extended-A
      0xAC00...0xD7AF,  // Hangul Syllables
      0xD7B0...0xD7FF,  // Hangul Jamo Extended-B
      0xF900...0xFAFF,  // CJK Compatibility Ideographs
      0xFE10...0xFE1F,  // Vertical Forms
      0xFE30...0xFE4F,  // CJK Compatibility Forms
      0xFF61...0xFFDC,  // Half-width CJK punctuation, katakana, Hangul
      0x1B000...0x1B16F,  // Kana Supplement / Extended-A, Small Kana
      0x20000...0x2FA1F,  // CJK Extensions B–F, Compatibility Supplement
      0x30000...0x323AF:  // CJK Extensions G, H
      return true
    default:
      return false
    }
  }

  // MARK: - Internals shared with NumberReader

  /// What the normaliser does with one scalar before mapping.
  enum ScalarClass {
    case keep, space, drop
  }

  /// Classifies control, invisible and whitespace scalars.
  static func classify(_ scalar: Unicode.Scalar) -> ScalarClass {
    let v = scalar.value
    if v < 0x80 {
      switch v {
      case 0x09...0x0D, 0x20: return .space
      case 0x00...0x1F, 0x7F: return .drop
      default: return .keep
      }
    }
    switch v {
    case 0x85: return .space
    case 0x80...0x9F: return .drop
    case 0xAD: return .drop  // soft hyphen
    case 0x200B...0x200F: return .drop  // zero-width space/joiners, LRM, RLM
    case 0x202A...0x202E: return .drop  // bidi embeddings and overrides
    case 0x2060...0x2064: return .drop  // word joiner, invisible operators
    case 0x2066...0x2069: return .drop  // bidi isolates
    case 0xFEFF: return .drop  // zero-width no-break space / BOM
    default:
      return scalar.properties.isWhitespace ? .space : .keep
    }
  }

  /// Appends the lowercased, punctuation-mapped form of `scalar` to `out`.
  private static func appendMapped(_ scalar: Unicode.Scalar, to out: inout String.UnicodeScalarView, keepingCase: Bool = false) {
    let v = scalar.value
    if v < 0x80 {
      if !keepingCase, v >= 0x41 && v <= 0x5A, let lower = Unicode.Scalar(v + 0x20) {
        out.append(lower)
      } else {
        out.append(scalar)
      }
      return
    }
    if let mapped = punctuationMapping(v) {
      // Kept as written where it maps to one character (，stays ，), so a quote reads naturally
      // and lines up with the normalised text.
      if keepingCase, mapped.unicodeScalars.count == 1 { out.append(scalar) } else { out.append(contentsOf: mapped.unicodeScalars) }
      return
    }
    if isCJK(scalar) {
      out.append(scalar)
      return
    }
    let properties = scalar.properties
    if !keepingCase, properties.changesWhenLowercased {
      out.append(contentsOf: properties.lowercaseMapping.unicodeScalars)
    } else {
      out.append(scalar)
    }
  }

  /// ASCII replacement for Chinese and typographic punctuation.
  ///
  /// Mostly characters NFKC leaves alone (`、。《》【】“”`); the full-width and
  /// half-width entries are reached only by callers that skip NFKC.
  static func punctuationMapping(_ v: UInt32) -> String? {
    switch v {
    case 0xFF0C, 0x3001, 0xFF64: return ","  // ， 、 ､
    case 0x3002, 0xFF61: return "."  // 。 ｡
    case 0xFF1B: return ";"
    case 0xFF1A: return ":"
    case 0xFF1F: return "?"
    case 0xFF01: return "!"
    case 0x201C, 0x201D, 0x201E, 0x201F, 0x301D, 0x301E, 0x301F: return "\""  // “ ” „ ‟ 〝 〞 〟
    case 0x300C, 0x300D, 0x300E, 0x300F, 0xFF62, 0xFF63: return "\""  // 「 」 『 』
    case 0x2018, 0x2019, 0x201A, 0x201B: return "'"  // ‘ ’ ‚ ‛
    case 0xFF08: return "("
    case 0xFF09: return ")"
    case 0x3010, 0x3014, 0x3016, 0x3018, 0x301A: return "["  // 【 〔 〖 〘 〚
    case 0x3011, 0x3015, 0x3017, 0x3019, 0x301B: return "]"  // 】 〕 〗 〙 〛
    case 0x300A, 0x3008: return "<"  // 《 〈
    case 0x300B, 0x3009: return ">"  // 》 〉
    case 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D: return "-"  // ‐ ‑ ‒ – — ― − ﹘ ﹣ －
    case 0xFF5E, 0x301C, 0x3030: return "~"  // ～ 〜 〰
    case 0x2026, 0x22EF: return "..."  // … ⋯
    case 0x00B7, 0x30FB, 0xFF65, 0x2027: return "."  // · ・ ･ ‧
    default: return nil
    }
  }

  /// Whether `s` needs Foundation's NFKC, i.e. is not made only of scalars the fast path folds identically.
  ///
  /// The fast path covers ASCII, Latin-1 letters, common Han, kana and Hangul,
  /// CJK and typographic punctuation, spaces, zero-width characters and the
  /// full-width ASCII forms. None of these decomposes under NFKC except the
  /// full-width forms, U+2026 and the spaces, which ``foldWidth(_:)``,
  /// ``punctuationMapping(_:)`` and ``classify(_:)`` map exactly as NFKC would;
  /// none of them composes with a neighbour from the set.
  static func needsFoundationNFKC(_ s: String) -> Bool {
    if s.utf8.allSatisfy({ $0 < 0x80 }) { return false }
    for scalar in s.unicodeScalars {
      switch scalar.value {
      case 0x00...0x7F, 0xA0...0xA7, 0xA9, 0xAB...0xAE, 0xB0, 0xB1, 0xB6, 0xBB, 0xBF, 0xC0...0xFF,
        0x2000...0x200F, 0x2010, 0x2012...0x2015, 0x2018...0x201F, 0x2026, 0x2028...0x202F,
        0x205F, 0x2060, 0xFEFF, 0xB7,
        0x3000...0x3002, 0x3008...0x3011, 0x3014...0x301F, 0x3041...0x3096, 0x30A1...0x30FA,
        0x30FB, 0x30FC, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7A3,
        0xFF01...0xFF5E, 0xFFE5:
        continue
      default:
        return true
      }
    }
    return false
  }

  /// Maps full-width ASCII forms and `￥` to their NFKC equivalents.
  static func foldWidth(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
    let v = scalar.value
    if v >= 0xFF01 && v <= 0xFF5E, let ascii = Unicode.Scalar(v - 0xFEE0) { return ascii }
    if v == 0xFFE5 { return "\u{A5}" }
    return scalar
  }

  /// Whether `scalar` is `0`–`9`.
  static func isASCIIDigit(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value >= 0x30 && scalar.value <= 0x39
  }

  /// Whether `scalar` has a punctuation (P*) or symbol (S*) general category.
  static func isPunctuationOrSymbol(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.value < 0x80 {
      let v = scalar.value
      // ASCII letters, digits, space and controls are the only non-P/S ASCII.
      return !(v <= 0x20 || v == 0x7F || (v >= 0x30 && v <= 0x39)
        || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A))
    }
    switch scalar.properties.generalCategory {
    case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
      .initialPunctuation, .finalPunctuation, .otherPunctuation,
      .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
      return true
    default:
      return false
    }
  }
}
