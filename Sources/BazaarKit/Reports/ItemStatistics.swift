/// One learner's first encounter with one question, as a caller reads it from the transcripts.
///
/// Every response counts as a first attempt on the item: a question the learner skipped without
/// answering is a response with `skipped: true` and `firstScore: 0` (Moodle likewise scores an
/// unanswered question in a finished attempt as 0).
public struct ItemResponse: Sendable, Equatable {
  /// Who answered (any stable key: the learner's name from the transcript).
  public var learner: String
  /// The question's id, as in `ItemStatistics.Item.id`. Responses to unknown ids are ignored.
  public var item: String
  /// Score of the first attempt, 0…1 (values outside are clamped; NaN and infinities count as 0).
  public var firstScore: Double
  /// Graded attempts (invalid answers not counted); negative values count as 0.
  public var attempts: Int
  public var usedHint: Bool
  public var skipped: Bool
  /// The first answer as shown in the report (normalised by the caller), nil when there was none.
  public var firstAnswer: String?
  /// What counts as the same first answer (see ``FirstAnswer``): answers with equal keys are
  /// counted together, shown as their most frequent `firstAnswer`. nil: `firstAnswer` itself.
  public var answerKey: String?
  /// A calc question's drawn values as the learner saw them (``CalcVariants/key(_:)``), for the
  /// per-variant statistics; nil for other kinds.
  public var variant: String? = nil

  public init(
    learner: String, item: String, firstScore: Double, attempts: Int = 1, usedHint: Bool = false, skipped: Bool = false,
    firstAnswer: String? = nil, answerKey: String? = nil
  ) {
    self.learner = learner
    self.item = item
    self.firstScore = firstScore
    self.attempts = attempts
    self.usedHint = usedHint
    self.skipped = skipped
    self.firstAnswer = firstAnswer
    self.answerKey = answerKey
  }

  /// A response with its first answer read by ``FirstAnswer``.
  public init(
    learner: String, item: String, firstScore: Double, attempts: Int = 1, usedHint: Bool = false, skipped: Bool = false,
    read: FirstAnswer?
  ) {
    self.init(
      learner: learner, item: item, firstScore: firstScore, attempts: attempts, usedHint: usedHint, skipped: skipped,
      firstAnswer: read?.shown, answerKey: read?.key)
  }
}

/// Item and test statistics of one course from first attempts, with the definitions of Moodle's
/// quiz statistics report (docs.moodle.org/dev/Quiz_statistics_calculations, and Moodle's
/// `question/classes/statistics/questions/calculator.php` and
/// `mod/quiz/report/statistics/classes/calculator.php`, which implement them).
///
/// Pure and deterministic: the result depends only on the arguments (learners are ordered by
/// their key, so the order of `responses` does not matter, except that of two responses by the same
/// learner to the same item the first one is used). Nothing is ever NaN or infinite: a statistic that
/// is not defined for the data (too few learners, constant scores) is nil.
///
/// Every item scores 0…1 (its maximum is 1), so a learner's total in marks is the sum of the item
/// scores, and the facility index is the mean score.
///
/// Item statistics (over the `n` learners with a response to the item):
/// - facility: mean score / maximum score (= mean score);
/// - standard deviation: sample, √(Σ(x − x̄)² / (n − 1));
/// - discrimination index: Pearson correlation of the item score x with the rest of the test
///   X = total − x, C(x, X) / √(V(x) V(X)), stored as −1…1 (Moodle shows 100 × this);
/// - discriminative efficiency: C(x, X) / Cmax(x, X), where Cmax is the largest covariance the
///   observed values of x and of X could have, reached when both are sorted in the same order
///   (Moodle pairs the ascending sorted item scores with the ascending sorted rest scores);
///   stored as a fraction (Moodle shows 100 × this);
/// - random guess score: given with the item (``Item/randomGuessScore``, from
///   ``randomGuessScore(_:)``), copied to the row.
///
/// Weights (over the same complete matrix as alpha: the learners with at least one response, a
/// missing response as 0, T the learner's total in marks over the test's items):
/// - intended weight: the item's maximum / the test's maximum = 1 / items in the test;
/// - effective weight, Moodle's: √C(x, T) / Σ √C(x_j, T), the sum over the items whose covariance
///   with the total is not negative (at least 2 learners; nil when that sum is 0). An item with
///   C(x, T) < 0 has `negativeCovariance` and no effective weight; the others' weights are then
///   what they would be with it at weight 0, as Moodle's `negcovar` help says. Stored as
///   fractions (Moodle shows 100 × these).
///
/// Test statistics (over the learners with at least one response, and the items with at least one):
/// - a missing response of such a learner counts as 0 (Moodle's "treat omitted items as 0");
/// - a learner's total is 100 × Σ scores / items, a percentage of the items;
/// - mean, median (mean of the two middle totals when their number is even), sample SD;
/// - skewness, Moodle's: m_r = Σ(T − T̄)^r / S, k2 = S m2 / (S − 1), k3 = S² m3 / ((S − 1)(S − 2)),
///   skewness = k3 / k2^(3/2) (at least 3 learners);
/// - kurtosis, Moodle's: k4 = S² ((S + 1) m4 − 3 (S − 1) m2²) / ((S − 1)(S − 2)(S − 3)),
///   kurtosis = k4 / k2² (at least 4 learners);
/// - alpha (Moodle's coefficient of internal consistency / 100; KR-20 when scores are 0/1):
///   P / (P − 1) × (1 − Σ V(x_p) / V(T)), with sample variances over the same learners with missing
///   responses as 0 (Cronbach's formula needs one complete matrix);
/// - error ratio 100 √(1 − α); standard error SD √(1 − α), in percentage points.
public enum ItemStatistics {
  /// A question of the course, in the order of the report.
  public struct Item: Sendable, Equatable {
    public var id: String
    public var kind: String
    public var prompt: String?
    /// The question's random guess score, 0…1 (``ItemStatistics/randomGuessScore(_:)``), when
    /// it has one (clamped to 0…1; a value that is not finite counts as none).
    public var randomGuessScore: Double?
    public init(id: String, kind: String, prompt: String? = nil, randomGuessScore: Double? = nil) {
      self.id = id
      self.kind = kind
      self.prompt = prompt
      self.randomGuessScore = randomGuessScore
    }
  }

  /// One row per item (in the order given, duplicates of an id dropped) and the test statistics.
  public struct Result: Sendable, Equatable {
    public var items: [ItemStatisticsRow]
    public var test: TestStatistics
    public init(items: [ItemStatisticsRow], test: TestStatistics) {
      self.items = items
      self.test = test
    }
  }

  /// Above this facility an item is `tooEasy`; below `tooHardBelow`, `tooHard` (both from
  /// `minimumForFacilityFlags` learners).
  public static let tooEasyAbove = 0.9
  public static let tooHardBelow = 0.2
  public static let minimumForFacilityFlags = 5
  /// Below 0, `negativeDiscrimination` (from `minimumForNegativeFlag` learners); from 0 up to (not
  /// including) `weakBelow`, `weakDiscrimination` (from `minimumForWeakFlag` learners).
  public static let minimumForNegativeFlag = 5
  public static let weakBelow = 0.2
  public static let minimumForWeakFlag = 10
  /// How many distinct first answers an item keeps.
  public static let maximumAnswers = 10

  public static func compute(course: String, items: [Item], responses: [ItemResponse]) -> Result {
    // The items, first occurrence of each id.
    var columns: [Item] = []
    var column: [String: Int] = [:]
    for item in items where column[item.id] == nil {
      column[item.id] = columns.count
      columns.append(item)
    }
    // The matrix: a learner's first response to an item counts.
    var matrix = Matrix(width: columns.count)
    var rowOf: [String: Int] = [:]
    var responded = [[ItemResponse]](repeating: [], count: columns.count)
    for r in responses {
      guard let j = column[r.item] else { continue }
      let i: Int
      if let known = rowOf[r.learner] {
        i = known
      } else {
        i = matrix.learners.count
        rowOf[r.learner] = i
        matrix.addRow(r.learner)
      }
      guard matrix.set(row: i, item: j, r) else { continue }
      responded[j].append(r)
    }
    return compute(course: course, items: columns, matrix: matrix, answers: responded.map(answerFrequencies))
  }

  /// Learners × items as numbers: the score of each learner's counted response (NaN: none), its
  /// tries, and whether a hint was used or the question skipped. 13 bytes a cell.
  struct Matrix {
    let width: Int
    private(set) var learners: [String] = []
    /// Row-major; clamped to 0…1; NaN: no response.
    private(set) var scores: [Double] = []
    private(set) var tries: [Int32] = []
    /// Bit 0: used a hint; bit 1: skipped.
    private(set) var marks: [UInt8] = []

    /// `capacity`: learners to make room for.
    init(width: Int, capacity: Int = 0) {
      self.width = max(0, width)
      let cells = min(max(0, capacity), 10_000_000 / max(1, self.width)) * self.width
      learners.reserveCapacity(max(0, capacity))
      scores.reserveCapacity(cells)
      tries.reserveCapacity(cells)
      marks.reserveCapacity(cells)
    }

    mutating func addRow(_ learner: String) {
      learners.append(learner)
      scores += repeatElement(Double.nan, count: width)
      tries += repeatElement(0, count: width)
      marks += repeatElement(0, count: width)
    }

    /// Sets an empty cell from `r`; false when the cell was set already (or is out of range).
    mutating func set(row i: Int, item j: Int, _ r: ItemResponse) -> Bool {
      let k = i * width + j
      guard j >= 0, j < width, i >= 0, k < scores.count, scores[k].isNaN else { return false }
      scores[k] = clampScore(r.firstScore)
      tries[k] = Int32(clamping: max(0, r.attempts))
      marks[k] = (r.usedHint ? 1 : 0) | (r.skipped ? 2 : 0)
      return true
    }

    func score(_ i: Int, _ j: Int) -> Double? {
      let k = i * width + j
      return j >= 0 && j < width && i >= 0 && k < scores.count && !scores[k].isNaN ? scores[k] : nil
    }
    func cell(_ i: Int, _ j: Int) -> (tries: Int, hint: Bool, skipped: Bool) {
      let k = i * width + j
      guard j >= 0, j < width, i >= 0, k < tries.count else { return (0, false, false) }
      return (Int(tries[k]), marks[k] & 1 != 0, marks[k] & 2 != 0)
    }
  }

  /// The statistics of `matrix`'s rows in `rows` (all when nil), whose columns are `items`;
  /// `answers`: each item's first answers by frequency (``AnswerTally``), in item order.
  static func compute(course: String, items columns: [Item], matrix: Matrix, rows selected: [Int]? = nil, answers: [[AnswerFrequency]])
    -> Result
  {
    // Learners in key order (the result does not depend on the order they were added in).
    let order = (selected ?? Array(matrix.learners.indices)).filter { matrix.learners.indices.contains($0) }
      .sorted { matrix.learners[$0] < matrix.learners[$1] }
    let width = min(columns.count, matrix.width)

    // Items in the test: those with at least one response. Totals in marks, missing = 0.
    let testItems = (0..<width).filter { j in order.contains { matrix.score($0, j) != nil } }
    let totals: [Double] = order.map { i in testItems.reduce(0) { $0 + (matrix.score(i, $1) ?? 0) } }

    var rows = columns.indices.map { j -> ItemStatisticsRow in
      var row = ItemStatisticsRow(course: course, question: columns[j].id, kind: columns[j].kind, prompt: columns[j].prompt)
      row.randomGuessScore = columns[j].randomGuessScore.flatMap(finite).map(clampScore)
      var xs: [Double] = []
      var rests: [Double] = []
      var tries = 0
      var hints = 0
      var skips = 0
      for (s, i) in order.enumerated() where j < width {
        guard let x = matrix.score(i, j) else { continue }
        xs.append(x)
        rests.append(totals[s] - x)
        let c = matrix.cell(i, j)
        tries += c.tries
        if c.hint { hints += 1 }
        if c.skipped { skips += 1 }
      }
      let n = xs.count
      row.n = n
      guard n > 0 else { return row }
      row.facility = mean(xs)
      row.standardDeviation = sampleVariance(xs).map { $0.squareRoot() }
      if n >= 2 && !isConstant(xs) && !isConstant(rests), let vx = sampleVariance(xs), let vr = sampleVariance(rests) {
        let c = covariance(xs, rests)
        let r = c / (vx * vr).squareRoot()
        row.discrimination = finite(snap(min(1, max(-1, r))))
        let cmax = covariance(xs.sorted(), rests.sorted())
        if cmax > 0 { row.efficiency = finite(snap(c / cmax)) }
      }
      row.meanAttempts = Double(tries) / Double(n)
      row.hintRate = Double(hints) / Double(n)
      row.skipRate = Double(skips) / Double(n)
      row.answers = answers.indices.contains(j) ? answers[j] : []
      row.flags = flags(n: n, facility: row.facility, discrimination: row.discrimination)
      return row
    }
    let columnsOfScores = testItems.map { j in order.map { matrix.score($0, j) ?? 0 } }
    let shares = weights(items: columnsOfScores, totals: totals)
    for (w, j) in zip(shares, testItems) where rows.indices.contains(j) {
      rows[j].intendedWeight = w.intended
      rows[j].effectiveWeight = w.effective
      rows[j].negativeCovariance = w.negativeCovariance
    }

    var test = TestStatistics(course: course, learners: order.count, items: testItems.count)
    let k = Double(testItems.count)
    if !order.isEmpty && k > 0 {
      let percents = totals.map { 100 * $0 / k }
      test.mean = mean(percents)
      test.median = median(percents)
      test.standardDeviation = sampleVariance(percents).map { $0.squareRoot() }
      test.skewness = skewness(percents)
      test.kurtosis = kurtosis(percents)
      test.alpha = cronbachAlpha(items: columnsOfScores, totals: totals)
      if let alpha = test.alpha {
        let root = max(0, 1 - alpha).squareRoot()
        test.errorRatio = 100 * root
        test.standardError = test.standardDeviation.map { $0 * root }
      }
    }
    return Result(items: rows, test: test)
  }


  // MARK: - Pieces (internal for the tests)

  /// Cronbach's alpha from item columns (one value per learner each) and the learners' totals:
  /// P/(P−1) × (1 − Σ V(item) / V(total)), sample variances. nil with fewer than 2 items or
  /// learners, or constant totals.
  static func cronbachAlpha(items: [[Double]], totals: [Double]) -> Double? {
    let p = Double(items.count)
    guard items.count >= 2, totals.count >= 2, !isConstant(totals), let vt = sampleVariance(totals), vt > 0 else { return nil }
    let sumOfItemVariances = items.reduce(0) { $0 + (sampleVariance($1) ?? 0) }
    return finite(p / (p - 1) * (1 - sumOfItemVariances / vt))
  }

  /// The central moments m_r = Σ(x − x̄)^r / S for r = 2, 3, 4 (Moodle's `calculate()` names).
  static func centralMoments(_ v: [Double]) -> (m2: Double, m3: Double, m4: Double) {
    let s = Double(max(1, v.count))
    let m = mean(v)
    var p2 = 0.0
    var p3 = 0.0
    var p4 = 0.0
    for x in v {
      let d = x - m
      p2 += d * d
      p3 += d * d * d
      p4 += d * d * d * d
    }
    return (p2 / s, p3 / s, p4 / s)
  }

  /// Moodle's skewness k3 / k2^(3/2); nil with fewer than 3 values or constant ones.
  static func skewness(_ v: [Double]) -> Double? {
    let s = Double(v.count)
    guard v.count >= 3, !isConstant(v) else { return nil }
    let (m2, m3, _) = centralMoments(v)
    let k2 = s * m2 / (s - 1)
    let k3 = s * s * m3 / ((s - 1) * (s - 2))
    guard k2 > 0 else { return nil }
    return finite(k3 / (k2 * k2.squareRoot()))
  }

  /// Moodle's kurtosis k4 / k2² with k4 = S² ((S + 1) m4 − 3 (S − 1) m2²) / ((S − 1)(S − 2)(S − 3));
  /// nil with fewer than 4 values or constant ones.
  static func kurtosis(_ v: [Double]) -> Double? {
    let s = Double(v.count)
    guard v.count >= 4, !isConstant(v) else { return nil }
    let (m2, _, m4) = centralMoments(v)
    let k2 = s * m2 / (s - 1)
    let k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2) / ((s - 1) * (s - 2) * (s - 3))
    guard k2 > 0 else { return nil }
    return finite(k4 / (k2 * k2))
  }

  /// One item's weights: intended, effective (nil when undefined) and whether its covariance with
  /// the total is negative.
  struct Weights: Equatable {
    var intended: Double
    var effective: Double?
    var negativeCovariance: Bool
  }

  /// Intended and effective weights of the items (one column of scores per item, one value per
  /// learner, missing responses as 0) against the learners' totals, as Moodle's question
  /// statistics calculator computes them: C(x, T) over the learners (n − 1); an item with
  /// C(x, T) < 0 is `negativeCovariance` and left out of Σ √C; effective = √C(x, T) / Σ √C,
  /// nil for every item when there are fewer than 2 learners or the sum is 0.
  static func weights(items: [[Double]], totals: [Double]) -> [Weights] {
    guard !items.isEmpty else { return [] }
    let intended = 1 / Double(items.count)
    guard totals.count >= 2 else {
      return items.map { _ in Weights(intended: intended, effective: nil, negativeCovariance: false) }
    }
    // A constant item, or a covariance that is 0 but for rounding, is exactly 0.
    let covariances = items.map { x in isConstant(x) ? 0 : snap(covariance(x, totals)) }
    let sum = covariances.reduce(0) { $0 + ($1 >= 0 ? $1.squareRoot() : 0) }
    return covariances.map { c in
      let effective = c >= 0 && sum > 0 ? finite(c.squareRoot() / sum) : nil
      return Weights(intended: intended, effective: effective, negativeCovariance: c < 0)
    }
  }

  static func median(_ v: [Double]) -> Double? {
    guard !v.isEmpty else { return nil }
    let sorted = v.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  }

  static func mean(_ v: [Double]) -> Double {
    v.isEmpty ? 0 : v.reduce(0, +) / Double(v.count)
  }

  /// Σ(x − x̄)² / (n − 1); nil with fewer than 2 values, exactly 0 for equal ones (their mean
  /// may round away from them).
  static func sampleVariance(_ v: [Double]) -> Double? {
    guard v.count >= 2 else { return nil }
    if isConstant(v) { return 0 }
    let m = mean(v)
    return v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)
  }

  /// Σ(a − ā)(b − b̄) / (n − 1), for n ≥ 2 values each.
  static func covariance(_ a: [Double], _ b: [Double]) -> Double {
    let ma = mean(a)
    let mb = mean(b)
    var sum = 0.0
    for (x, y) in zip(a, b) { sum += (x - ma) * (y - mb) }
    return sum / Double(max(1, a.count - 1))
  }

  /// All values equal, allowing for rounding in sums (a rest of 0.1 + 0.2 against one of 0.3).
  static func isConstant(_ v: [Double]) -> Bool {
    guard let lo = v.min(), let hi = v.max() else { return true }
    return hi - lo <= 1e-9 * max(1, abs(lo), abs(hi))
  }

  static func clampScore(_ x: Double) -> Double {
    x.isFinite ? min(1, max(0, x)) : 0
  }

  /// A correlation that is 0 but for rounding (|x| < 1e-12) is 0, so that it does not flip a flag.
  static func snap(_ x: Double) -> Double {
    abs(x) < 1e-12 ? 0 : x
  }

  static func finite(_ x: Double) -> Double? {
    x.isFinite ? x : nil
  }

  /// First answers by count (most first, then by the text shown), at most `maximumAnswers`, each
  /// with the mean first score of the learners who gave it. Answers with the same key
  /// (``ItemResponse/answerKey``) are one answer, shown as its most frequent form (of equally
  /// frequent forms, the first in text order).
  static func answerFrequencies(_ responses: [ItemResponse]) -> [AnswerFrequency] {
    var tally = AnswerTally()
    for r in responses {
      guard let answer = r.firstAnswer else { continue }
      tally.add(shown: answer, key: r.answerKey, score: r.firstScore)
    }
    return tally.frequencies(limit: maximumAnswers)
  }

  static func flags(n: Int, facility: Double?, discrimination: Double?) -> [ItemFlag] {
    var flags: [ItemFlag] = []
    if let f = facility, n >= minimumForFacilityFlags {
      if f > tooEasyAbove { flags.append(.tooEasy) }
      if f < tooHardBelow { flags.append(.tooHard) }
    }
    if let d = discrimination {
      if d < 0 && n >= minimumForNegativeFlag { flags.append(.negativeDiscrimination) }
      if d >= 0 && d < weakBelow && n >= minimumForWeakFlag { flags.append(.weakDiscrimination) }
    }
    return flags
  }
}
