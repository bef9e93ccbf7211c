import Foundation

/// Statistics of a `calc` question per variant: learners see the same question with different
/// drawn values, and one set of values can be harder than another (a price that makes the
/// margin a round number, a fee that must be turned into a percentage). Moodle's report shows
/// its calculated questions per variant in the same way.
public struct CalcVariantStatistics: Sendable, Equatable, Encodable {
  public struct Variant: Sendable, Equatable, Encodable {
    /// The drawn values, `name=value` in the question's variable order (``CalcVariants/key(_:)``).
    public var values: String
    /// Learners who saw these values (in the population the statistics count).
    public var n: Int
    /// Mean score of the counted attempts, 0…1.
    public var facility: Double
    /// Sample standard deviation (nil under 2 learners).
    public var standardDeviation: Double?
    public init(values: String, n: Int, facility: Double, standardDeviation: Double?) {
      self.values = values
      self.n = n
      self.facility = facility
      self.standardDeviation = standardDeviation
    }
  }
  public var course: String
  public var question: String
  /// The most seen variants first (then by their values), at most ``CalcVariants/maximumShown``.
  public var variants: [Variant]
  /// Variants left out of ``variants`` (a question drawing from wide ranges has many), and the
  /// learners who saw them.
  public var otherVariants: Int
  public var otherLearners: Int
  public init(course: String, question: String, variants: [Variant], otherVariants: Int = 0, otherLearners: Int = 0) {
    self.course = course
    self.question = question
    self.variants = variants
    self.otherVariants = otherVariants
    self.otherLearners = otherLearners
  }
}

public enum CalcVariants {
  /// Variants shown per question.
  public static let maximumShown = 12

  /// The values a learner drew, as `price=44.9, fee=0.05` in the question's variable order.
  public static func key(_ p: Presentation) -> String? {
    guard case .calc(let key) = p.question.kind else { return nil }
    return key.variables.map { v in v.name + "=" + NumberReader.format(p.values[v.name] ?? 0, maxDecimals: 6) }.joined(separator: ", ")
  }

  /// Per variant of each calc question with at least two variants seen: n, facility and SD of
  /// the responses' scores (clamped to 0…1, as the item statistics clamp them).
  public static func statistics(course: String, items: [String], responses: [ItemResponse]) -> [CalcVariantStatistics] {
    var byItem: [String: [String: [Double]]] = [:]
    var seenLearner = Set<String>()
    for r in responses {
      guard let v = r.variant, seenLearner.insert(r.learner + "\u{1F}" + r.item).inserted else { continue }
      byItem[r.item, default: [:]][v, default: []].append(ItemStatistics.clampScore(r.firstScore))
    }
    return statistics(course: course, items: items, byItem: byItem)
  }

  /// The same from scores already grouped: question id → values → scores.
  static func statistics(course: String, items: [String], byItem: [String: [String: [Double]]]) -> [CalcVariantStatistics] {
    var out: [CalcVariantStatistics] = []
    var seen = Set<String>()
    for id in items where seen.insert(id).inserted {
      guard let groups = byItem[id], groups.count >= 2 else { continue }
      let all = groups.map { values, scores in
        CalcVariantStatistics.Variant(
          values: values, n: scores.count, facility: ItemStatistics.mean(scores),
          standardDeviation: ItemStatistics.sampleVariance(scores).map { $0.squareRoot() })
      }.sorted { $0.n != $1.n ? $0.n > $1.n : $0.values < $1.values }
      let shown = Array(all.prefix(maximumShown))
      let rest = all.dropFirst(maximumShown)
      out.append(
        CalcVariantStatistics(
          course: course, question: id, variants: shown, otherVariants: rest.count, otherLearners: rest.reduce(0) { $0 + $1.n }))
    }
    return out
  }
}
