extension Messages {
  /// The grader's feedback in English.
  static let gradeEn: [String: String] = [:]
  /// The grader's feedback in Chinese.
  static let gradeZh: [String: String] = [:]
}
