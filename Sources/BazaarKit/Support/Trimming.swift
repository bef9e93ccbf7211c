extension String {
  /// The text without leading and trailing spaces and tabs — what Foundation's
  /// `trimmingCharacters(in: .whitespaces)` removes (U+0009 and the space separators, Zs) — in
  /// plain Swift: on Linux Foundation's version goes through `NSString`, which at start-up costs
  /// more than the whole course it is used on.
  var trimmingSpaces: String {
    func isSpace(_ s: Unicode.Scalar) -> Bool { s == "\t" || s.properties.generalCategory == .spaceSeparator }
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) })
    else { return "" }
    return String(self[first...last])
  }
}
