extension Messages {
  /// English templates, by key: the runner's, lint's and the grader's tables together.
  static let en: [String: String] = merge([runnerEn, lintEn, gradeEn, liveEn, gradebookEn, reportEn, broadcastEn, syncEn, exchangeEn, reviewEn])
  /// Chinese templates, by key (same keys as `en`).
  static let zh: [String: String] = merge([runnerZh, lintZh, gradeZh, liveZh, gradebookZh, reportZh, broadcastZh, syncZh, exchangeZh, reviewZh])

  private static func merge(_ tables: [[String: String]]) -> [String: String] {
    var all: [String: String] = [:]
    for t in tables { all.merge(t) { first, _ in first } }
    return all
  }
}
