extension Messages {
  /// lint's diagnostics in English.
  static let lintEn: [String: String] = [:]
  /// lint's diagnostics in Chinese.
  static let lintZh: [String: String] = [:]
}
