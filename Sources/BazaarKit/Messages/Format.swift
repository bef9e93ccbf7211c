import Foundation

/// Numbers as learners read them, shared by the lesson view, the menus and `bazaar progress`.
public enum Format {
  /// `0.75` → `75%`, clamped to 0…100% (scores also come from files, which are input).
  public static func percent(_ score: Double) -> String {
    let s = score.isFinite ? min(1, max(0, score)) : 0
    return "\(Int((s * 100).rounded()))%"
  }

  /// `125_000` ms → `2 min 5 s` (or `2 分 5 秒`), in `messages`' language.
  public static func duration(milliseconds: Int64, _ messages: MessageCatalog) -> String {
    let seconds = max(0, milliseconds / 1000)
    return seconds >= 60
      ? messages.text("time.minutesSeconds", ["m": String(seconds / 60), "s": String(seconds % 60)])
      : messages.text("time.seconds", ["s": String(seconds)])
  }

  /// `44.9` → `44.9`, `29.0` → `29`, `6735.456` → `6735.46`: at most two decimals, no trailing zeros.
  public static func money(_ value: Double) -> String { decimal(value, places: 2) }

  /// `value` with at most `places` decimals and no trailing zeros (`0` for non-finite values).
  public static func decimal(_ value: Double, places: Int) -> String {
    guard value.isFinite else { return "0" }
    let scale = pow(10.0, Double(max(0, min(places, 6))))
    let rounded = (value * scale).rounded() / scale
    var s = String(format: "%.\(max(0, min(places, 6)))f", rounded)
    if s.contains(".") {
      while s.hasSuffix("0") { s.removeLast() }
      if s.hasSuffix(".") { s.removeLast() }
    }
    return s == "-0" ? "0" : s
  }

  /// `125_000` ms → `02:05`; `3_725_000` → `1:02:05`.
  public static func clock(milliseconds: Int) -> String {
    let total = max(0, milliseconds / 1000)
    let h = total / 3600, m = (total % 3600) / 60, s = total % 60
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return h > 0 ? "\(h):\(two(m)):\(two(s))" : "\(two(m)):\(two(s))"
  }
}
