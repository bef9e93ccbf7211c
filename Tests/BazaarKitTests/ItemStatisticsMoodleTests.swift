import Testing
@testable import BazaarKit

// Moodle's kurtosis. Every expected value here was worked out by hand or
// with the few lines of Python 3 below (no numpy), written from the formulas, not from Bazaar's code:
//
// - kurtosis: mod/quiz/report/statistics/classes/calculator.php, with S learners and
//   m_r = Σ(T − T̄)^r / S: k2 = S m2 / (S − 1),
//   k4 = S² ((S + 1) m4 − 3 (S − 1) m2²) / ((S − 1)(S − 2)(S − 3)), kurtosis = k4 / k2² (S > 3).
//   That is the sample excess kurtosis G2, so the Python computes it the other way round, as
//   spreadsheets' KURT does: n(n+1)/((n−1)(n−2)(n−3)) Σ((x − x̄)/s)⁴ − 3(n−1)²/((n−2)(n−3));
//   scipy.stats.kurtosis(P, bias=False) gives the same digits.
//
//   from math import sqrt
//   def mean(a): return sum(a) / len(a)
//   def kurt(P):
//       n = len(P); m = mean(P); s = sqrt(sum((p - m) ** 2 for p in P) / (n - 1))
//       return (n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * sum(((p - m) / s) ** 4 for p in P)
//               - 3 * (n - 1) ** 2 / ((n - 2) * (n - 3)))
//   W = [[int(c) for c in r] for r in ["1111110110", "1011011101", "1111011001", "0010001000",
//        "0000010010", "1110111111", "1101110111", "1111111101", "0101111101", "1101101110"]]
//   print(kurt([100 * sum(r) / 10 for r in W]))   # 0.6867828994986995
//   part = [[1, .5, 1, .75], [.5, .5, 0, .25], [1, 1, 1, 1], [0, .25, .5, 0], [.75, .5, 1, .5], [.25, 0, .5, .25]]
//   print(kurt([100 * sum(r) / 4 for r in part]))  # -2.140129197878969

/// Rounds to 6 decimals, as the Python above prints.
private func r6(_ x: Double?) -> Double? {
  x.map { ($0 * 1_000_000).rounded() / 1_000_000 }
}

/// Responses from a learners × items matrix of first scores (nil: no response); learners L01…,
/// items q1….
private func responses(_ matrix: [[Double?]]) -> [ItemResponse] {
  matrix.enumerated().flatMap { s, row in
    row.enumerated().compactMap { i, x in
      x.map { ItemResponse(learner: "L" + (s < 9 ? "0" : "") + "\(s + 1)", item: "q\(i + 1)", firstScore: $0) }
    }
  }
}

private func items(_ count: Int) -> [ItemStatistics.Item] {
  (0..<count).map { ItemStatistics.Item(id: "q\($0 + 1)", kind: "choice") }
}

private func stats(_ matrix: [[Double?]], items count: Int) -> ItemStatistics.Result {
  ItemStatistics.compute(course: "c", items: items(count), responses: responses(matrix))
}

/// Wuensch's published KR-20 example (see ItemStatisticsTests): ten students, ten right/wrong items.
private let wuensch: [[Double?]] = [
  [1, 1, 1, 1, 1, 1, 0, 1, 1, 0], [1, 0, 1, 1, 0, 1, 1, 1, 0, 1], [1, 1, 1, 1, 0, 1, 1, 0, 0, 1],
  [0, 0, 1, 0, 0, 0, 1, 0, 0, 0], [0, 0, 0, 0, 0, 1, 0, 0, 1, 0], [1, 1, 1, 0, 1, 1, 1, 1, 1, 1],
  [1, 1, 0, 1, 1, 1, 0, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1, 1, 0, 1], [0, 1, 0, 1, 1, 1, 1, 1, 0, 1],
  [1, 1, 0, 1, 1, 0, 1, 1, 1, 0],
]

@Suite("ItemStatistics: kurtosis")
struct ItemStatisticsKurtosisTests {
  @Test func wuenschTotalsMatchTheSampleExcessKurtosis() {
    let t = stats(wuensch, items: 10).test
    #expect(r6(t.kurtosis) == 0.686783)
    // To the last digits: Moodle's k4 / k2² is G2, computed here the other way round.
    #expect(abs((t.kurtosis ?? .nan) - 0.6867828994986995) < 1e-12)
  }

  @Test func partialCreditTotals() {
    let matrix: [[Double?]] = [
      [1, 0.5, 1, 0.75], [0.5, 0.5, 0, 0.25], [1, 1, 1, 1], [0, 0.25, 0.5, 0], [0.75, 0.5, 1, 0.5], [0.25, 0, 0.5, 0.25],
    ]
    #expect(r6(stats(matrix, items: 4).test.kurtosis) == -2.140129)
  }

  @Test("two learners at 0% and two at 100%: −6, by hand")
  func twoPointSpread() {
    // T = 0, 0, 100, 100: T̄ = 50, every |T − T̄| = 50, so m2 = 2500, m4 = 6,250,000;
    // k2 = 4 · 2500 / 3 = 10000/3; k4 = 16 (5 · 6,250,000 − 3 · 3 · 2500²) / (3 · 2 · 1) = −200,000,000/3;
    // k4 / k2² = (−200,000,000/3) / (100,000,000/9) = −6.
    let t = stats([[0], [0], [1], [1]], items: 1).test
    #expect(abs((t.kurtosis ?? .nan) - -6) < 1e-12)
  }

  @Test("fewer than 4 learners, or every total the same: no kurtosis (Moodle needs S > 3 and k2 ≠ 0)")
  func undefined() {
    let three = stats([[0], [1], [1]], items: 1).test
    #expect(three.skewness != nil)
    #expect(three.kurtosis == nil)
    let constant = stats(Array(repeating: [0.5, 1], count: 8), items: 2).test
    #expect(constant.kurtosis == nil)
    #expect(stats([], items: 2).test.kurtosis == nil)
  }
}
