extension Sanitize {
  /// A whole report (table, Markdown, CSV, HTML) with every control character that could act on a
  /// terminal shown as `�`, as ``line(_:)`` does, but keeping tabs and line ends (`\n`, `\r\n`), so
  /// that the format's structure stays as written. Names and texts from files (a file named with
  /// an ESC sequence, a learner's name in a header) then cannot reach a terminal raw, whichever
  /// writer put them in.
  public static func document(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isHostile) else { return text }
    var out = String.UnicodeScalarView()
    for s in text.unicodeScalars { out.append(isHostile(s) ? "\u{FFFD}" : s) }
    return String(out)
  }

  static func isHostile(_ s: Unicode.Scalar) -> Bool {
    if s == "\n" || s == "\r" || s == "\t" { return false }
    return s.value < 0x20 || (0x7F..<0xA0).contains(s.value) || s.value == 0x2028 || s.value == 0x2029
      || (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value)
  }
}
