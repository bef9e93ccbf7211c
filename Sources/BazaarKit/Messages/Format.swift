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
}
