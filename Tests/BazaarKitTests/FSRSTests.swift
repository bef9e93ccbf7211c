import Foundation
import Testing
@testable import BazaarKit

/// FSRS-6 against the worked examples of its reference implementation: the model tests of the FSRS
/// optimizer (github.com/open-spaced-repetition/fsrs-optimizer, tests/model_test.py at commit
/// 03959bb6bf89d824fbce5786cb29182608f85392, with the default weights of
/// src/fsrs_optimizer/fsrs_optimizer.py at the same commit). Their values are computed in float32;
/// ours in Double agree to 1e-4.
@Suite("FSRS-6")
struct FSRSTests {
  let f = FSRS()
  let tolerance = 1e-4

  func close(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
  }

  @Test("the default weights are FSRS-6's 21")
  func weights() {
    #expect(FSRS.defaultWeights.count == 21)
    #expect(FSRS.defaultWeights.first == 0.212 && FSRS.defaultWeights.last == 0.1542)
  }

  @Test("stability after recall, after a lapse, and on the same day (test_next_stability)")
  func nextStability() {
    let d = [1.0, 2, 3, 4]
    let r = [0.9, 0.8, 0.7, 0.6]
    let ratings: [FSRS.Rating] = [.again, .hard, .good, .easy]
    let recall = (0..<4).map { f.stabilityAfterRecall(5, d[$0], r[$0], ratings[$0]) }
    #expect(close(recall, [25.602541, 28.226582, 58.656002, 127.226685]), "\(recall)")
    let lapse = (0..<4).map { f.stabilityAfterLapse(5, d[$0], r[$0]) }
    #expect(close(lapse, [1.0525396, 1.1894329, 1.3680838, 1.584989]), "\(lapse)")
    let sameDay = ratings.map { f.shortTermStability(5, $0) }
    #expect(close(sameDay, [1.596818, 2.7470093, 5.0, 8.12961]), "\(sameDay)")
  }

  @Test("difficulty after a review (test_next_difficulty)")
  func nextDifficulty() {
    let d = FSRS.Rating.allCases.map { f.nextDifficulty(5, $0) }
    #expect(close(d, [8.341763, 6.6659956, 4.990228, 3.3144615]), "\(d)")
  }

  @Test("the forgetting curve (test_power_forgetting_curve)")
  func forgettingCurve() {
    let t = [0.0, 1, 2, 3, 4, 5]
    let s = [1.0, 2, 3, 4, 4, 2]
    let r = (0..<6).map { f.retrievability(elapsedDays: t[$0], stability: s[$0]) }
    #expect(close(r, [1.0, 0.9403443, 0.9253786, 0.9185229, 0.9, 0.8261359]), "\(r)")
  }

  @Test("two reviews in a row: the state after each (test_forward)")
  func twoReviews() {
    // First review with each rating, then the same rating 1, 1, 1, 1, 2, 2 days later.
    let ratings: [FSRS.Rating] = [.again, .hard, .good, .easy, .again, .hard]
    let days = [1.0, 1, 1, 1, 2, 2]
    let after = (0..<6).map { f.next(f.initial(ratings[$0]), elapsedDays: days[$0], rating: ratings[$0]) }
    #expect(close(after.map(\.stability), [0.10088589, 3.2494123, 7.3153, 18.014914, 0.112798266, 4.4694576]))
    #expect(close(after.map(\.difficulty), [8.806304, 6.7404594, 2.1112142, 1.0, 8.806304, 6.7404594]))
  }

  @Test("at 90% retention the interval is the stability, in whole days, at least 1")
  func intervals() {
    #expect(f.interval(stability: 7.3153) == 7)
    #expect(f.interval(stability: 0.2) == 1)
    #expect(f.interval(stability: 36_500) == 36_500)
    // A higher desired retention asks sooner.
    #expect(FSRS(desiredRetention: 0.95).interval(stability: 30) < f.interval(stability: 30))
  }

  /// Memory states spread over the range, from a fixed generator (no randomness between runs).
  static let states: [FSRS.MemoryState] = {
    var out: [FSRS.MemoryState] = []
    for s in [0.01, 0.2, 1, 2.5, 7, 30, 120, 400, 2_000] {
      for d in [1.0, 3, 5.5, 8, 10] { out.append(.init(stability: s, difficulty: d)) }
    }
    return out
  }()

  @Test("properties: intervals grow with stability; a lapse never lengthens the interval; the next review is never today or before")
  func properties() {
    let stabilities = (0..<400).map { Double($0) * 0.5 + 0.01 }
    let intervals = stabilities.map { f.interval(stability: $0) }
    #expect(zip(intervals, intervals.dropFirst()).allSatisfy { $0 <= $1 })
    for state in Self.states {
      for elapsed in [0.0, 0.5, 1, 3, 10, 45, 365] {
        let before = f.interval(stability: state.stability)
        let lapse = f.next(state, elapsedDays: elapsed, rating: .again)
        #expect(f.interval(stability: lapse.stability) <= before, "\(state) after \(elapsed) days")
        for rating in FSRS.Rating.allCases {
          let after = f.next(state, elapsedDays: elapsed, rating: rating)
          #expect(f.interval(stability: after.stability) >= 1)
          #expect((1...10).contains(after.difficulty))
          #expect(after.stability >= FSRS.minStability && after.stability <= FSRS.maxStability)
          // Recalled a day or more later: remembered at least as long as before.
          if rating != .again, elapsed >= 1 { #expect(after.stability >= state.stability, "\(state) \(rating)") }
        }
      }
    }
  }

  @Test("damaged settings fall back to the defaults")
  func damagedSettings() {
    #expect(FSRS(weights: [1, 2, 3]).weights == FSRS.defaultWeights)
    #expect(FSRS(weights: Array(repeating: .nan, count: 21)).weights == FSRS.defaultWeights)
    #expect(FSRS(desiredRetention: 1.5).desiredRetention == 0.9)
    #expect(FSRS(maximumInterval: -3).maximumInterval == 1)
  }
}
