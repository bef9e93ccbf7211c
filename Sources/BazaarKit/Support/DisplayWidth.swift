/// Terminal column widths: a Chinese character takes two columns, a combining mark none.
public enum DisplayWidth {
  /// Columns `scalar` occupies in a terminal.
  public static func of(_ scalar: Unicode.Scalar) -> Int {
    let v = scalar.value
    if v == 0 { return 0 }
    if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
    if v < 0x300 { return 1 }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return 0
    default: break
    }
    if (0x1160...0x11FF).contains(v) || v == 0x200B { return 0 }
    if isWide(v) { return 2 }
    return 1
  }

  /// Columns `text` occupies. ANSI colour sequences (`ESC [ … m`) take none.
  public static func of(_ text: some StringProtocol) -> Int {
    var width = 0
    var inEscape = false
    var sawBracket = false
    for s in text.unicodeScalars {
      if inEscape {
        if !sawBracket {
          sawBracket = true
          if s != "[" { inEscape = false }
          continue
        }
        if (0x40...0x7E).contains(s.value) { inEscape = false }
        continue
      }
      if s == "\u{1B}" {
        inEscape = true
        sawBracket = false
        continue
      }
      width += of(s)
    }
    return width
  }

  static func isWide(_ v: UInt32) -> Bool {
    (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
      || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
      || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
      || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
      || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
  }
}
