extension Messages {
  /// The lesson runner's words in English.
  static let runnerEn: [String: String] = [
    "app.name": "Bazaar",
  ]
  /// The lesson runner's words in Chinese.
  static let runnerZh: [String: String] = [
    "app.name": "巴扎",
  ]
}
