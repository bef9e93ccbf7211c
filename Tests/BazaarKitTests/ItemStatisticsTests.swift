import Testing
@testable import BazaarKit

/// Rounds to 4 decimals, as a published table would print it.
private func r4(_ x: Double?) -> Double? {
  x.map { ($0 * 10_000).rounded() / 10_000 }
}


/// Every number in the result, nil or finite (never NaN or infinity).
private func allFinite(_ result: ItemStatistics.Result) -> Bool {
  let t = result.test
  let numbers: [Double?] =
    [t.mean, t.median, t.standardDeviation, t.skewness, t.alpha, t.errorRatio, t.standardError]
    + result.items.flatMap {
      [$0.facility, $0.standardDeviation, $0.discrimination, $0.efficiency, $0.meanAttempts, $0.hintRate, $0.skipRate]
        + $0.answers.map(\.score)
    }
  return numbers.allSatisfy { $0?.isFinite ?? true }
}

@Suite("ItemStatistics")
struct ItemStatisticsTests {
  // The published worked example: Karl L. Wuensch, "The Kuder-Richardson 20", East Carolina
  // University, https://core.ecu.edu/wuenschk/StatHelp/KR20.txt — ten students (A–J) on a ten-item
  // quiz, 1 = correct. The page gives p, q and pq per item (Σpq = 2.18) and the variance of the
  // totals 5.84 (population), so KR-20 = (10/9)(1 − 2.18/5.84) = 0.6963.
  static let wuensch: [[Double?]] = [
    [1, 1, 1, 1, 1, 1, 0, 1, 1, 0],  // A  8
    [1, 0, 1, 1, 0, 1, 1, 1, 0, 1],  // B  7
    [1, 1, 1, 1, 0, 1, 1, 0, 0, 1],  // C  7
    [0, 0, 1, 0, 0, 0, 1, 0, 0, 0],  // D  2
    [0, 0, 0, 0, 0, 1, 0, 0, 1, 0],  // E  2
    [1, 1, 1, 0, 1, 1, 1, 1, 1, 1],  // F  9
    [1, 1, 0, 1, 1, 1, 0, 1, 1, 1],  // G  8
    [1, 1, 1, 1, 1, 1, 1, 1, 0, 1],  // H  9
    [0, 1, 0, 1, 1, 1, 1, 1, 0, 1],  // I  7
    [1, 1, 0, 1, 1, 0, 1, 1, 1, 0],  // J  7
  ]

  // The item and test values below were computed independently with this Python 3 (no numpy),
  // which follows Moodle's definitions (question/classes/statistics/questions/calculator.php:
  // discrimination = cov(x, rest)/√(V(x)V(rest)); efficiency = cov(x, rest)/cov(sorted x, sorted
  // rest); mod/quiz/report/statistics/classes/calculator.php: skewness k3/k2^1.5):
  //
  //   from math import sqrt
  //   def mean(a): return sum(a) / len(a)
  //   def cov(a, b):
  //       ma, mb = mean(a), mean(b)
  //       return sum((x - ma) * (y - mb) for x, y in zip(a, b)) / (len(a) - 1)
  //   def report(X):  # X: learners x items, None = no response
  //       K = len(X[0]); Z = [[v or 0 for v in r] for r in X]; T = [sum(r) for r in Z]
  //       alpha = K / (K - 1) * (1 - sum(cov([r[i] for r in Z], [r[i] for r in Z]) for i in range(K)) / cov(T, T))
  //       print("alpha", round(alpha, 6))
  //       for i in range(K):
  //           rows = [(r[i], t - r[i]) for r, t in zip(X, T) if r[i] is not None]
  //           x = [a for a, _ in rows]; rest = [b for _, b in rows]
  //           d = cov(x, rest) / sqrt(cov(x, x) * cov(rest, rest))
  //           print(i + 1, "n", len(x), "facility", round(mean(x), 6), "sd", round(sqrt(cov(x, x)), 6),
  //                 "disc", round(d, 6), "eff", round(cov(x, rest) / cov(sorted(x), sorted(rest)), 6))
  //       P = [100 * t / K for t in T]; n = len(P); m = mean(P)
  //       m2 = sum((p - m) ** 2 for p in P) / n; m3 = sum((p - m) ** 3 for p in P) / n
  //       k2 = n * m2 / (n - 1); k3 = n * n * m3 / ((n - 1) * (n - 2)); s = sorted(P)
  //       med = s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
  //       print("mean", round(m, 6), "median", med, "sd", round(sqrt(k2), 6), "skew", round(k3 / k2 ** 1.5, 6),
  //             "er", round(100 * sqrt(1 - alpha), 6), "se", round(sqrt(k2) * sqrt(1 - alpha), 6))
  //   M = ["1111110110", "1011011101", "1111011001", "0010001000", "0000010010",
  //        "1110111111", "1101110111", "1111111101", "0101111101", "1101101110"]
  //   report([[int(c) for c in r] for r in M])                                  # Wuensch
  //   report([[1, .5, 1, .75], [.5, .5, 0, .25], [1, 1, 1, 1], [0, .25, .5, 0],
  //           [.75, .5, 1, .5], [.25, 0, .5, .25]])                             # partial credit
  //   report([[1, 1, None], [1, 0, 1], [0, None, 0], [1, 1, 1], [0, 0, None]])  # missing responses
  //
  // Its output for the Wuensch matrix:
  //   alpha 0.696347
  //   1 n 10 facility 0.7 sd 0.483046 disc 0.705889 eff 0.87013
  //   2 n 10 facility 0.7 sd 0.483046 disc 0.705889 eff 0.87013
  //   3 n 10 facility 0.6 sd 0.516398 disc 0.0 eff 0.0
  //   4 n 10 facility 0.7 sd 0.483046 disc 0.473589 eff 0.61039
  //   5 n 10 facility 0.6 sd 0.516398 disc 0.583874 eff 0.75
  //   6 n 10 facility 0.8 sd 0.421637 disc 0.286147 eff 0.302326
  //   7 n 10 facility 0.7 sd 0.483046 disc -0.027445 eff -0.034483
  //   8 n 10 facility 0.7 sd 0.483046 disc 0.705889 eff 0.87013
  //   9 n 10 facility 0.5 sd 0.527046 disc -0.123613 eff -0.2
  //   10 n 10 facility 0.6 sd 0.516398 disc 0.475867 eff 0.625
  //   mean 66.0 median 70.0 sd 25.473298 skew -1.355166 er 55.104716 se 14.036988

  @Test func publishedKR20WorkedExample() {
    let result = ItemStatistics.compute(course: "c", items: items(10), responses: responses(Self.wuensch))
    let t = result.test
    #expect(t.learners == 10 && t.items == 10)
    #expect(r4(t.alpha) == 0.6963)
    #expect(t.mean == 66)
    #expect(t.median == 70)
    #expect(r4(t.standardDeviation) == 25.4733)
    #expect(r4(t.skewness) == -1.3552)
    #expect(r4(t.errorRatio) == 55.1047)
    #expect(r4(t.standardError) == 14.0370)

    let rows = result.items
    #expect(rows.map(\.question) == (1...10).map { "q\($0)" })
    #expect(rows.allSatisfy { $0.n == 10 && $0.course == "c" && $0.kind == "choice" })
    #expect(rows.map { r4($0.facility) } == [0.7, 0.7, 0.6, 0.7, 0.6, 0.8, 0.7, 0.7, 0.5, 0.6])
    #expect(
      rows.map { r4($0.standardDeviation) } == [0.4830, 0.4830, 0.5164, 0.4830, 0.5164, 0.4216, 0.4830, 0.4830, 0.5270, 0.5164])
    #expect(
      rows.map { r4($0.discrimination) } == [0.7059, 0.7059, 0.0, 0.4736, 0.5839, 0.2861, -0.0274, 0.7059, -0.1236, 0.4759])
    #expect(rows.map { r4($0.efficiency) } == [0.8701, 0.8701, 0.0, 0.6104, 0.75, 0.3023, -0.0345, 0.8701, -0.2, 0.625])
    // Item 3's covariance with the rest is exactly 0: a weak item, not a negative one.
    #expect(rows[2].flags == [.weakDiscrimination])
    #expect(rows[6].flags == [.negativeDiscrimination])
    #expect(rows[8].flags == [.negativeDiscrimination])
    #expect(rows.enumerated().filter { ![2, 6, 8].contains($0.offset) }.allSatisfy { $0.element.flags.isEmpty })
    #expect(allFinite(result))
  }

  @Test func kr20EqualsThePublishedFormulaWithPQ() throws {
    // The page's own route: Σpq = 2.18 and the population variance 5.84 of the totals.
    let alpha = try #require(
      ItemStatistics.compute(course: "c", items: items(10), responses: responses(Self.wuensch)).test.alpha)
    #expect(abs(alpha - 10.0 / 9.0 * (1 - 2.18 / 5.84)) < 1e-12)
  }

  @Test func partialCreditAlphaIsCronbachsFormula() {
    let matrix: [[Double?]] = [
      [1, 0.5, 1, 0.75], [0.5, 0.5, 0, 0.25], [1, 1, 1, 1], [0, 0.25, 0.5, 0], [0.75, 0.5, 1, 0.5], [0.25, 0, 0.5, 0.25],
    ]
    let result = ItemStatistics.compute(course: "c", items: items(4), responses: responses(matrix))
    // Python above: alpha 0.908257; disc 0.893994 0.719807 0.642262 0.952422;
    // eff 1.0 0.874126 0.733333 1.0; mean 54.166667 median 50.0 sd 33.695944 skew 0.297793
    // er 30.289127 se 10.206207.
    #expect(r4(result.test.alpha) == 0.9083)
    #expect(result.items.map { r4($0.discrimination) } == [0.8940, 0.7198, 0.6423, 0.9524])
    #expect(result.items.map { r4($0.efficiency) } == [1.0, 0.8741, 0.7333, 1.0])
    #expect(result.items.map { r4($0.facility) } == [0.5833, 0.4583, 0.6667, 0.4583])
    #expect(r4(result.test.mean) == 54.1667)
    #expect(result.test.median == 50)
    #expect(r4(result.test.standardDeviation) == 33.6959)
    #expect(r4(result.test.skewness) == 0.2978)
    #expect(r4(result.test.errorRatio) == 30.2891)
    #expect(r4(result.test.standardError) == 10.2062)
  }

  @Test func missingResponsesCountAsZeroForTheTestOnly() {
    let matrix: [[Double?]] = [[1, 1, nil], [1, 0, 1], [0, nil, 0], [1, 1, 1], [0, 0, nil]]
    let result = ItemStatistics.compute(course: "c", items: items(3), responses: responses(matrix))
    // Python above: alpha 0.75; n 5 4 3; facility 0.6 0.5 0.666667; disc 0.872872 0.301511
    // 0.866025; eff 1.0 0.333333 1.0; mean 46.666667 median 66.666667 sd 44.72136 skew -0.165635
    // er 50.0 se 22.36068.
    #expect(result.items.map(\.n) == [5, 4, 3])
    #expect(result.items.map { r4($0.facility) } == [0.6, 0.5, 0.6667])
    #expect(result.items.map { r4($0.discrimination) } == [0.8729, 0.3015, 0.8660])
    #expect(result.items.map { r4($0.efficiency) } == [1.0, 0.3333, 1.0])
    #expect(r4(result.test.alpha) == 0.75)
    #expect(r4(result.test.mean) == 46.6667)
    #expect(r4(result.test.median) == 66.6667)
    #expect(r4(result.test.standardDeviation) == 44.7214)
    #expect(r4(result.test.skewness) == -0.1656)
    #expect(r4(result.test.errorRatio) == 50)
    #expect(r4(result.test.standardError) == 22.3607)
  }

  @Test func noLearners() {
    let result = ItemStatistics.compute(course: "c", items: items(3), responses: [])
    #expect(result.test == TestStatistics(course: "c", learners: 0, items: 0))
    #expect(result.items.count == 3)
    #expect(result.items.allSatisfy { $0 == ItemStatisticsRow(course: "c", question: $0.question, kind: "choice") })
    #expect(ItemStatistics.compute(course: "c", items: [], responses: []).items.isEmpty)
  }

  @Test func oneLearner() {
    let result = ItemStatistics.compute(course: "c", items: items(3), responses: responses([[1, 0, 0.5]]))
    let t = result.test
    #expect(t.learners == 1 && t.items == 3)
    #expect(t.mean == 50 && t.median == 50)
    #expect(t.standardDeviation == nil && t.skewness == nil && t.alpha == nil)
    #expect(t.errorRatio == nil && t.standardError == nil)
    #expect(result.items.map(\.facility) == [1, 0, 0.5])
    #expect(result.items.allSatisfy { $0.n == 1 && $0.standardDeviation == nil && $0.discrimination == nil && $0.efficiency == nil })
    #expect(allFinite(result))
  }

  @Test func twoLearnersHaveNoSkewness() {
    let result = ItemStatistics.compute(course: "c", items: items(2), responses: responses([[1, 1], [0, 1]]))
    #expect(result.test.standardDeviation != nil)
    #expect(result.test.skewness == nil)
    #expect(result.test.median == 75)
    #expect(allFinite(result))
  }

  @Test func allEqualScoresGiveNilNotNaN() {
    for value in [0.0, 0.7, 1.0] {
      let matrix = Array(repeating: [Double?](repeating: value, count: 4), count: 12)
      let result = ItemStatistics.compute(course: "c", items: items(4), responses: responses(matrix))
      let t = result.test
      #expect(t.standardDeviation == 0)
      #expect(t.skewness == nil && t.alpha == nil && t.errorRatio == nil && t.standardError == nil)
      #expect(result.items.allSatisfy { $0.discrimination == nil && $0.efficiency == nil && $0.standardDeviation == 0 })
      #expect(allFinite(result))
    }
    // One item constant, the others not: that item has no discrimination; alpha is still defined.
    let matrix: [[Double?]] = [[1, 1, 0], [1, 0, 0], [1, 1, 1], [1, 0, 1], [1, 1, 1]]
    let result = ItemStatistics.compute(course: "c", items: items(3), responses: responses(matrix))
    #expect(result.items[0].discrimination == nil && result.items[0].efficiency == nil)
    #expect(result.items[1].discrimination != nil && result.test.alpha != nil)
    #expect(allFinite(result))
  }

  @Test func negativeAlphaGivesAnErrorRatioAbove100() {
    // Item variances 1/3 and 1/4, total variance 1/4: alpha = 2 (1 − (7/12) / (1/4)) = −8/3;
    // error ratio 100 √(11/3) = 191.4854; SD of 50, 50, 100, 50 = 25, SE 25 √(11/3) = 47.8714.
    let result = ItemStatistics.compute(course: "c", items: items(2), responses: responses([[1, 0], [0, 1], [1, 1], [0, 1]]))
    #expect(r4(result.test.alpha) == -2.6667)
    #expect(r4(result.test.errorRatio) == 191.4854)
    #expect(result.test.standardDeviation == 25)
    #expect(r4(result.test.standardError) == 47.8714)
    #expect(allFinite(result))
  }

  @Test func unattemptedItemsAndLearnersWithoutAttempts() {
    var rs = responses([[1, nil, 0], [0, nil, 1], [1, nil, 1]])
    rs.append(ItemResponse(learner: "ghost", item: "no-such-question", firstScore: 1))
    let result = ItemStatistics.compute(course: "c", items: items(3), responses: rs)
    #expect(result.test.learners == 3)
    #expect(result.test.items == 2)
    // Totals over the 2 attempted items: 50, 50, 100.
    #expect(r4(result.test.mean) == 66.6667)
    #expect(result.test.median == 50)
    let empty = result.items[1]
    #expect(empty.n == 0 && empty.facility == nil && empty.standardDeviation == nil && empty.meanAttempts == nil)
    #expect(empty.hintRate == nil && empty.skipRate == nil && empty.answers.isEmpty && empty.flags.isEmpty)
    #expect(allFinite(result))
  }

  @Test func hostileScoresAreClampedNotPropagated() {
    let rs = [
      ItemResponse(learner: "a", item: "q1", firstScore: .nan),
      ItemResponse(learner: "b", item: "q1", firstScore: .infinity),
      ItemResponse(learner: "c", item: "q1", firstScore: 7),
      ItemResponse(learner: "d", item: "q1", firstScore: -3, attempts: -2),
      ItemResponse(learner: "a", item: "q2", firstScore: 1),
    ]
    let result = ItemStatistics.compute(course: "c", items: items(2), responses: rs)
    #expect(result.items[0].facility == 0.25)  // 0, 0, 1, 0
    #expect(allFinite(result))
  }

  @Test func theFirstOfTwoResponsesByTheSameLearnerIsUsed() {
    let rs = [
      ItemResponse(learner: "a", item: "q1", firstScore: 1),
      ItemResponse(learner: "a", item: "q1", firstScore: 0),
    ]
    let result = ItemStatistics.compute(course: "c", items: items(1), responses: rs)
    #expect(result.items[0].n == 1 && result.items[0].facility == 1)
  }

  @Test func duplicateItemIdsKeepTheFirst() {
    let list = [ItemStatistics.Item(id: "q1", kind: "choice", prompt: "P"), ItemStatistics.Item(id: "q1", kind: "text")]
    let result = ItemStatistics.compute(course: "c", items: list, responses: responses([[1]]))
    #expect(result.items.count == 1 && result.items[0].kind == "choice" && result.items[0].prompt == "P")
  }

  @Test func theOrderOfResponsesDoesNotMatter() {
    let rs = responses(Self.wuensch)
    let forward = ItemStatistics.compute(course: "c", items: items(10), responses: rs)
    let backward = ItemStatistics.compute(course: "c", items: items(10), responses: rs.reversed())
    var rng = SplitMix(seed: 7)
    let shuffled = ItemStatistics.compute(course: "c", items: items(10), responses: rs.shuffled(using: &rng))
    #expect(forward == backward)
    #expect(forward == shuffled)
  }

  @Test func answerFrequenciesMostFrequentFirstThenByText() {
    var rs: [ItemResponse] = []
    func add(_ answer: String?, _ times: Int, score: Double) {
      for _ in 0..<times {
        rs.append(ItemResponse(learner: "L\(rs.count)", item: "q1", firstScore: score, firstAnswer: answer))
      }
    }
    add("b", 3, score: 0)
    add("a", 3, score: 0)
    add("20%", 5, score: 1)
    add(nil, 4, score: 0)  // skipped: no answer to count
    for letter in ["c", "d", "e", "f", "g", "h", "i", "j", "k"] { add(letter, 1, score: 0) }
    // The same answer scored differently (the course changed): its mean score.
    rs.append(ItemResponse(learner: "late", item: "q1", firstScore: 0.5, firstAnswer: "a"))
    let answers = ItemStatistics.compute(course: "c", items: items(1), responses: rs).items[0].answers
    #expect(answers.count == 10)
    #expect(answers.map(\.answer) == ["20%", "a", "b", "c", "d", "e", "f", "g", "h", "i"])
    #expect(answers.map(\.count) == [5, 4, 3, 1, 1, 1, 1, 1, 1, 1])
    #expect(answers[0].score == 1 && answers[1].score == 0.125 && answers[2].score == 0)
  }

  @Test func attemptsHintsAndSkips() {
    let rs = [
      ItemResponse(learner: "a", item: "q1", firstScore: 1, attempts: 1),
      ItemResponse(learner: "b", item: "q1", firstScore: 0, attempts: 3, usedHint: true),
      ItemResponse(learner: "c", item: "q1", firstScore: 0, attempts: 0, skipped: true),
      ItemResponse(learner: "d", item: "q1", firstScore: 0, attempts: 2, usedHint: true, skipped: true),
    ]
    let row = ItemStatistics.compute(course: "c", items: items(1), responses: rs).items[0]
    #expect(row.n == 4)
    #expect(row.meanAttempts == 1.5)
    #expect(row.hintRate == 0.5)
    #expect(row.skipRate == 0.5)
  }

  @Test func facilityFlagsNeedFiveLearners() {
    func row(_ scores: [Double]) -> ItemStatisticsRow {
      ItemStatistics.compute(course: "c", items: items(1), responses: responses(scores.map { [$0] })).items[0]
    }
    #expect(row([1, 1, 1, 1, 1]).flags == [.tooEasy])
    #expect(row([1, 1, 1, 1]).flags == [])
    #expect(row([1, 1, 1, 1, 1, 1, 1, 1, 1, 0]).flags == [])  // 0.9 is not above 0.9
    #expect(row([0, 0, 0, 0, 0]).flags == [.tooHard])
    #expect(row([0, 0, 0, 0]).flags == [])
    #expect(row([1, 0, 0, 0, 0]).flags == [])  // 0.2 is not below 0.2
  }

  @Test func discriminationFlags() {
    // Item 1 goes against items 2 and 3, which agree.
    let negative: [[Double?]] = [[0, 1, 1], [0, 1, 1], [1, 0, 0], [1, 0, 0], [0, 1, 1]]
    let rows5 = ItemStatistics.compute(course: "c", items: items(3), responses: responses(negative)).items
    #expect(rows5[0].discrimination.map { $0 < 0 } == true)
    #expect(rows5[0].flags == [.negativeDiscrimination])
    let rows4 = ItemStatistics.compute(course: "c", items: items(3), responses: responses(Array(negative.prefix(4)))).items
    #expect(rows4[0].discrimination.map { $0 < 0 } == true)
    #expect(rows4[0].flags == [])

    // Weak (0 ≤ d < 0.2) only from 10 learners: item 3 of the Wuensch example has d = 0 with 10;
    // with its first 9 learners it is not flagged weak, whatever its value.
    let rows9 = ItemStatistics.compute(course: "c", items: items(10), responses: responses(Array(Self.wuensch.prefix(9)))).items
    #expect(rows9.allSatisfy { !$0.flags.contains(.weakDiscrimination) })
    #expect(ItemStatistics.flags(n: 10, facility: 0.5, discrimination: 0.2) == [])
    #expect(ItemStatistics.flags(n: 10, facility: 0.5, discrimination: 0.1999) == [.weakDiscrimination])
    #expect(ItemStatistics.flags(n: 9, facility: 0.5, discrimination: 0.1) == [])
    #expect(ItemStatistics.flags(n: 10, facility: 0.95, discrimination: -0.1) == [.tooEasy, .negativeDiscrimination])
    #expect(ItemStatistics.flags(n: 100, facility: 0.5, discrimination: nil) == [])
  }
}

/// A small seeded generator for the shuffle test.
private struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
