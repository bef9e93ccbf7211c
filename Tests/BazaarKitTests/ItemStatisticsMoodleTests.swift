import Testing
@testable import BazaarKit

// Moodle's kurtosis, intended and effective weights and random guess score. Every expected value
// here was worked out by hand or with the few lines of Python 3 below (no numpy), written from the
// formulas, not from Bazaar's code:
//
// - kurtosis: mod/quiz/report/statistics/classes/calculator.php, with S learners and
//   m_r = Σ(T − T̄)^r / S: k2 = S m2 / (S − 1),
//   k4 = S² ((S + 1) m4 − 3 (S − 1) m2²) / ((S − 1)(S − 2)(S − 3)), kurtosis = k4 / k2² (S > 3).
//   That is the sample excess kurtosis G2, so the Python computes it the other way round, as
//   spreadsheets' KURT does: n(n+1)/((n−1)(n−2)(n−3)) Σ((x − x̄)/s)⁴ − 3(n−1)²/((n−2)(n−3));
//   scipy.stats.kurtosis(P, bias=False) gives the same digits.
// - effective weight: question/classes/statistics/questions/calculator.php:
//   covariancewithoverallmark = Σ(x − x̄)(T − T̄) / (s − 1), T the attempt's total mark (the item
//   included); negcovar when it is < 0; Σ √C over the items with C ≥ 0; effective weight =
//   100 √C / Σ, null when negcovar (or when the sum is 0).
//
//   from math import sqrt
//   def mean(a): return sum(a) / len(a)
//   def cov(a, b):
//       ma, mb = mean(a), mean(b)
//       return sum((x - ma) * (y - mb) for x, y in zip(a, b)) / (len(a) - 1)
//   def kurt(P):
//       n = len(P); m = mean(P); s = sqrt(sum((p - m) ** 2 for p in P) / (n - 1))
//       return (n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * sum(((p - m) / s) ** 4 for p in P)
//               - 3 * (n - 1) ** 2 / ((n - 2) * (n - 3)))
//   def weights(X):  # X: learners x items, None = no response (counts 0)
//       K = len(X[0]); Z = [[v or 0 for v in r] for r in X]; T = [sum(r) for r in Z]
//       C = [cov([r[i] for r in Z], T) for i in range(K)]
//       S = sum(sqrt(c) for c in C if c >= 0)
//       return C, [None if c < 0 else sqrt(c) / S for c in C]
//   W = [[int(c) for c in r] for r in ["1111110110", "1011011101", "1111011001", "0010001000",
//        "0000010010", "1110111111", "1101110111", "1111111101", "0101111101", "1101101110"]]
//   print(kurt([100 * sum(r) / 10 for r in W]))   # 0.6867828994986995
//   print(weights(W))
//   # C 0.977778 0.977778 0.266667 0.755556 0.933333 0.466667 0.2 0.977778 0.111111 0.822222
//   # eff 0.128609 0.128609 0.067164 0.113053 0.125652 0.088849 0.058166 0.128609 0.043354 0.117936
//   part = [[1, .5, 1, .75], [.5, .5, 0, .25], [1, 1, 1, 1], [0, .25, .5, 0], [.75, .5, 1, .5], [.25, 0, .5, .25]]
//   print(kurt([100 * sum(r) / 4 for r in part]))  # -2.140129197878969
//   print(weights([[1, .5, 1, 0], [1, 0, 1, 0], [.5, 1, 1, 0], [0, 0, 0, 1], [1, .5, 0, 0], [0, .5, 0, 1]]))
//   # C 1/6, 2/15, 3/10, -7/30; eff 0.30901699437494745 0.27639320225002106 0.4145898033750316 None
//
// - random guess scores: the mean score over every answer the form allows, under the grading
//   rules of docs/course-format.md §9 (one right option: 1 or 0; several: 1/right per right tick,
//   minus penalty × that per wrong tick, never below 0; order: the share of pairs in the right
//   order; match: the share of right pairs, each right item used once):
//
//   from itertools import combinations, permutations
//   def multi(n, right, penalty):
//       scores = [max(0, (len(set(s) & right) - penalty * len(set(s) - right)) / len(right))
//                 for k in range(1, n + 1) for s in combinations(range(n), k)]
//       return sum(scores) / len(scores)
//   multi(3, {0, 1}, 0.5)   # 13/28 = 0.4642857142857143
//   multi(4, {0, 2}, 1)     # 3/15 = 0.2
//   multi(5, {0, 1, 3}, 0)  # 16/31 = 0.5161290322580645

/// Rounds to 6 decimals, as the Python above prints.
private func r6(_ x: Double?) -> Double? {
  x.map { ($0 * 1_000_000).rounded() / 1_000_000 }
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

@Suite("ItemStatistics: intended and effective weights")
struct ItemStatisticsWeightTests {
  @Test func wuenschEffectiveWeights() {
    let rows = stats(wuensch, items: 10).items
    #expect(rows.allSatisfy { $0.intendedWeight == 0.1 })
    #expect(
      rows.map { r6($0.effectiveWeight) }
        == [0.128609, 0.128609, 0.067164, 0.113053, 0.125652, 0.088849, 0.058166, 0.128609, 0.043354, 0.117936])
    // Items 7 and 9 discriminate negatively against the rest, yet covary positively with the
    // total (C = 0.2 and 0.111111): Moodle gives them a weight.
    #expect(rows.allSatisfy { !$0.negativeCovariance })
    #expect(abs(rows.reduce(0) { $0 + ($1.effectiveWeight ?? 0) } - 1) < 1e-12)
  }

  @Test("a negative covariance: no effective weight, flagged; the others share 1 among themselves")
  func negativeCovariance() {
    let matrix: [[Double?]] = [[1, 0.5, 1, 0], [1, 0, 1, 0], [0.5, 1, 1, 0], [0, 0, 0, 1], [1, 0.5, 0, 0], [0, 0.5, 0, 1]]
    let rows = stats(matrix, items: 4).items
    #expect(rows.map(\.negativeCovariance) == [false, false, false, true])
    #expect(rows[3].effectiveWeight == nil)
    #expect(rows.map { r6($0.effectiveWeight) } == [0.309017, 0.276393, 0.414590, nil])
    // √(1/6) : √(2/15) : √(3/10), normalised.
    let roots = [1.0 / 6, 2.0 / 15, 3.0 / 10].map { $0.squareRoot() }
    let sum = roots.reduce(0, +)
    for (row, root) in zip(rows, roots) { #expect(abs((row.effectiveWeight ?? .nan) - root / sum) < 1e-12) }
    #expect(rows.allSatisfy { $0.intendedWeight == 0.25 })
  }

  @Test("missing responses count 0 for the weights; an item nobody reached is not in the test")
  func missingAndUnreached() {
    // By hand. q2 is unreached; q3 is missing for L01 and counts 0: q1 = 1, 1, 0, 1 and
    // q3 = 0, 1, 0, 1, totals T = 1, 2, 0, 2 (T̄ = 1.25, deviations −.25, .75, −1.25, .75).
    // C(q1, T) = (.25·−.25 + .25·.75 + −.75·−1.25 + .25·.75) / 3 = 1.25 / 3 = 5/12;
    // C(q3, T) = (−.5·−.25 + .5·.75 + −.5·−1.25 + .5·.75) / 3 = 1.5 / 3 = 1/2;
    // weights √(5/12) / (√(5/12) + √(1/2)) = 0.477226 and 0.522774.
    let rows = stats([[1, nil, nil], [1, nil, 1], [0, nil, 0], [1, nil, 1]], items: 3).items
    #expect(rows.map(\.intendedWeight) == [0.5, nil, 0.5])
    #expect(rows.map { r6($0.effectiveWeight) } == [0.477226, nil, 0.522774])
    #expect(rows[1].n == 0 && !rows[1].negativeCovariance)
  }

  @Test("one learner: intended weights, no effective weight; all scores equal: no effective weight")
  func undefined() {
    let one = stats([[1, 0, 1]], items: 3).items
    let third: Double? = 1.0 / 3
    #expect(one.map(\.intendedWeight) == [third, third, third])
    #expect(one.allSatisfy { $0.effectiveWeight == nil && !$0.negativeCovariance })
    // Every covariance is 0, so Moodle's Σ √C is 0 and every weight is null, none negative.
    let flat = stats(Array(repeating: [1, 0.5], count: 6), items: 2).items
    #expect(flat.allSatisfy { $0.effectiveWeight == nil && !$0.negativeCovariance && $0.intendedWeight == 0.5 })
    // One constant item among varying ones: weight exactly 0, not nil.
    let mixed = stats([[1, 1, 0], [1, 0, 0], [1, 1, 1], [1, 0, 1]], items: 3).items
    #expect(mixed[0].effectiveWeight == 0)
    #expect(mixed[1].effectiveWeight == 0.5 && mixed[2].effectiveWeight == 0.5)
    #expect(stats([], items: 2).items.allSatisfy { $0.intendedWeight == nil && $0.effectiveWeight == nil })
  }
}

@Suite("ItemStatistics: random guess score")
struct RandomGuessScoreTests {
  @Test("one right option of four: 1/4")
  func singleChoice() throws {
    let q = try question(
      """
      kind: choice
      prompt: Margin of cost 30, price 40?
      options:
        - {text: "25%", correct: true}
        - "33%"
        - "75%"
        - "10元"
      explanation: x
      """)
    #expect(ItemStatistics.randomGuessScore(q) == 0.25)
  }

  @Test("two right of three, penalty 0.5 (partial credit): A .5, B .5, C 0, AB 1, AC .25, BC .25, ABC .75 → 13/28")
  func partialCredit() throws {
    let q = try question(
      """
      kind: choice
      prompt: Which may be refused a 7-day return?
      options: [Fresh grapes, Custom gift box, Bagged raisins]
      answer: [A, B]
      penalty: 0.5
      explanation: x
      """)
    #expect(abs((ItemStatistics.randomGuessScore(q) ?? .nan) - 13.0 / 28) < 1e-12)
  }

  @Test("several right options, default penalty 1 and penalty 0: every non-empty set of options")
  func multipleAnswers() throws {
    let ac = try question(
      """
      kind: choice
      prompt: p
      options: [a, b, c, d]
      answer: [A, C]
      explanation: x
      """)
    // 15 sets; scoring ones: A .5, C .5, AC 1, ABC .5, ACD .5 (the rest 0) → 3/15.
    #expect(abs((ItemStatistics.randomGuessScore(ac) ?? .nan) - 0.2) < 1e-12)
    let free = try question(
      """
      kind: choice
      prompt: p
      options: [a, b, c, d, e]
      answer: [A, B, D]
      penalty: 0
      explanation: x
      """)
    // Penalty 0: a set scores (right ticks)/3; each right option is in 16 of the 31 sets → 16/31.
    #expect(abs((ItemStatistics.randomGuessScore(free) ?? .nan) - 16.0 / 31) < 1e-12)
  }

  @Test func trueFalse() throws {
    let q = try question("kind: truefalse\nprompt: Margin equals markup?\nanswer: false\nexplanation: x")
    #expect(ItemStatistics.randomGuessScore(q) == 0.5)
  }

  @Test("order of 3, graded by pairs: ABC 3/3, ACB 2/3, BAC 2/3, BCA 1/3, CAB 1/3, CBA 0 → 1/2")
  func order() throws {
    let q = try question("kind: order\nprompt: Order\nitems: [Opening, Interaction, Closing]\nexplanation: x")
    #expect(abs((ItemStatistics.randomGuessScore(q) ?? .nan) - 0.5) < 1e-12)
    // 7 items (5,040 sequences): each pair is right in half of them.
    let seven = try question("kind: order\nprompt: Order\nitems: [a, b, c, d, e, f, g]\nexplanation: x")
    #expect(abs((ItemStatistics.randomGuessScore(seven) ?? .nan) - 0.5) < 1e-9)
  }

  @Test("match of 3: the identity 3/3, three swaps 1/3 each, two cycles 0 → 6/18 = 1/3")
  func match() throws {
    let q = try question(
      """
      kind: match
      prompt: Match
      pairs:
        - {left: UV value, right: GMV ÷ UV}
        - {left: GPM, right: GMV × 1000 ÷ PV}
        - {left: AOV, right: GMV ÷ buyers}
      explanation: x
      """)
    #expect(abs((ItemStatistics.randomGuessScore(q) ?? .nan) - 1.0 / 3) < 1e-12)
  }

  @Test("too many answers to grade: nil, not an estimate")
  func caps() throws {
    let letters = (0..<13).map { "o\($0)" }.joined(separator: ", ")
    let many = try question("kind: choice\nprompt: p\noptions: [\(letters)]\nanswer: [A, B]\nexplanation: x")
    #expect(ItemStatistics.randomGuessScore(many) == nil)
    // One right option of 13: each option once, so no cap.
    let single = try question("kind: choice\nprompt: p\noptions: [\(letters)]\nanswer: M\nexplanation: x")
    #expect(abs((ItemStatistics.randomGuessScore(single) ?? .nan) - 1.0 / 13) < 1e-12)
    let eight = try question("kind: order\nprompt: Order\nitems: [a, b, c, d, e, f, g, h]\nexplanation: x")
    #expect(ItemStatistics.randomGuessScore(eight) == nil)
  }

  @Test("typed answers (short, number, calc, listing, pitch): nil")
  func freeText() throws {
    let kinds = [
      "kind: short\nprompt: p\nanswer: SC\nexplanation: x",
      "kind: number\nprompt: Price?\nanswer: 39.9\nunit: 元\nexplanation: x",
      """
      kind: calc
      prompt: "Cost {cost}: price at 20% margin?"
      vars:
        cost: {min: 20, max: 40, step: 0.5}
      formula: cost / 0.8
      decimals: 2
      explanation: x
      """,
      "kind: listing\nprompt: Title?\nmax_bytes: 60\nkeywords: [新疆, 枣夹核桃]\nexplanation: x",
      "kind: pitch\nprompt: Answer the viewer\nconcepts:\n  - {id: price, cues: [\"59.9\"]}\nexplanation: x",
    ]
    for yaml in kinds {
      let q = try question(yaml)
      #expect(ItemStatistics.randomGuessScore(q) == nil, "\(q.kind.name)")
    }
  }

  @Test("the item's score is copied to its row (clamped; not finite: none)")
  func copiedToTheRow() {
    let list = [
      ItemStatistics.Item(id: "q1", kind: "choice", randomGuessScore: 0.25),
      ItemStatistics.Item(id: "q2", kind: "short"),
      ItemStatistics.Item(id: "q3", kind: "choice", randomGuessScore: .nan),
      ItemStatistics.Item(id: "q4", kind: "choice", randomGuessScore: 3),
    ]
    let rows = ItemStatistics.compute(course: "c", items: list, responses: responses([[1, 0, 1, 1]])).items
    #expect(rows.map(\.randomGuessScore) == [0.25, nil, nil, 1])
  }
}
