import Foundation

/// The FSRS-6 scheduler (Free Spaced Repetition Scheduler, the one Anki uses): how well a learner
/// remembers a question (its memory state: stability and difficulty), how that changes with each
/// review, and when to ask again so that the chance of remembering is the desired retention.
///
/// Written from the published algorithm and its reference implementation, the FSRS optimizer
/// (github.com/open-spaced-repetition/fsrs-optimizer, `FSRS.step` in fsrs_optimizer.py), whose
/// model tests are the worked examples of `FSRSTests`. No network and no optimiser: the default
/// weights below; a centre's own weights could be fitted later from the review log.
public struct FSRS: Sendable, Equatable {
  /// How a review went, as FSRS grades it.
  public enum Rating: Int, Sendable, CaseIterable, Codable {
    /// Not recalled (not right by the last try).
    case again = 1
    /// Recalled with effort (right only after a hint or a retry).
    case hard = 2
    /// Recalled (right at once).
    case good = 3
    /// Recalled easily (right at once, and fast for its kind).
    case easy = 4
  }

  /// What FSRS knows of one learner and one question.
  public struct MemoryState: Sendable, Equatable, Codable {
    /// Days until the chance of recall falls to 90%.
    public var stability: Double
    /// 1 (easy) … 10 (hard).
    public var difficulty: Double

    public init(stability: Double, difficulty: Double) {
      self.stability = stability
      self.difficulty = difficulty
    }
  }

  /// The version recorded with every card, so a later change of scheduler is seen.
  public static let version = "fsrs-6"

  /// FSRS-6's default weights w0…w20 (fsrs-optimizer `DEFAULT_PARAMETER`, the values Anki ships):
  /// initial stability per rating (w0–w3), initial difficulty (w4, w5), difficulty update (w6, w7),
  /// stability after recall (w8–w10, w15 hard penalty, w16 easy bonus), after a lapse (w11–w14),
  /// same-day reviews (w17–w19), and the forgetting curve's decay (w20).
  public static let defaultWeights: [Double] = [
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629,
    1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
  ]

  public static let minStability = 0.001
  public static let maxStability = 36_500.0

  public let weights: [Double]
  /// The chance of recall a review is scheduled for (0.9: asked again when 90% would still remember).
  public let desiredRetention: Double
  /// The longest interval, in days.
  public let maximumInterval: Int

  /// A scheduler; weights that are not 21 finite numbers, and a retention outside 0.7…0.99, fall
  /// back to the defaults (a damaged setting never breaks a review).
  public init(weights: [Double] = FSRS.defaultWeights, desiredRetention: Double = 0.9, maximumInterval: Int = 36_500) {
    self.weights = weights.count == 21 && weights.allSatisfy(\.isFinite) ? weights : FSRS.defaultWeights
    self.desiredRetention = (0.7...0.99).contains(desiredRetention) ? desiredRetention : 0.9
    self.maximumInterval = min(max(maximumInterval, 1), 36_500)
  }

  private func w(_ i: Int) -> Double { weights[i] }

  /// The forgetting curve's exponent (negative) and the factor that makes R(S, S) = 0.9.
  var decay: Double { -w(20) }
  var factor: Double { pow(0.9, 1 / decay) - 1 }

  /// The chance of recall `elapsedDays` after a review that left `stability`.
  public func retrievability(elapsedDays: Double, stability: Double) -> Double {
    guard stability > 0 else { return 0 }
    return pow(1 + factor * max(0, elapsedDays) / stability, decay)
  }

  /// The memory state after the first review.
  public func initial(_ rating: Rating) -> MemoryState {
    MemoryState(
      stability: Self.clampStability(w(rating.rawValue - 1)), difficulty: Self.clampDifficulty(initialDifficulty(rating)))
  }

  /// The memory state after a review `elapsedDays` after the last one (under a day: a same-day review).
  public func next(_ state: MemoryState, elapsedDays: Double, rating: Rating) -> MemoryState {
    let s = state.stability
    let d = state.difficulty
    let stability: Double
    if elapsedDays < 1 {
      stability = shortTermStability(s, rating)
    } else {
      let r = retrievability(elapsedDays: elapsedDays, stability: s)
      stability = rating == .again ? stabilityAfterLapse(s, d, r) : stabilityAfterRecall(s, d, r, rating)
    }
    return MemoryState(stability: Self.clampStability(stability), difficulty: Self.clampDifficulty(nextDifficulty(d, rating)))
  }

  /// Days until the next review: when the chance of recall falls to the desired retention, in
  /// whole days, at least 1 and at most `maximumInterval`.
  public func interval(stability: Double) -> Int {
    let days = stability / factor * (pow(desiredRetention, 1 / decay) - 1)
    guard days.isFinite else { return maximumInterval }
    return min(max(Int(days.rounded()), 1), maximumInterval)
  }

  // MARK: The formulas (fsrs-optimizer's names)

  func initialDifficulty(_ rating: Rating) -> Double {
    w(4) - exp(w(5) * Double(rating.rawValue - 1)) + 1
  }

  func nextDifficulty(_ d: Double, _ rating: Rating) -> Double {
    let delta = -w(6) * Double(rating.rawValue - 3)
    let damped = d + delta * (10 - d) / 9
    // Mean reversion towards the initial difficulty of an easy first review.
    return w(7) * initialDifficulty(.easy) + (1 - w(7)) * damped
  }

  func stabilityAfterRecall(_ s: Double, _ d: Double, _ r: Double, _ rating: Rating) -> Double {
    let hardPenalty = rating == .hard ? w(15) : 1
    let easyBonus = rating == .easy ? w(16) : 1
    return s * (1 + exp(w(8)) * (11 - d) * pow(s, -w(9)) * (exp((1 - r) * w(10)) - 1) * hardPenalty * easyBonus)
  }

  func stabilityAfterLapse(_ s: Double, _ d: Double, _ r: Double) -> Double {
    let fresh = w(11) * pow(d, -w(12)) * (pow(s + 1, w(13)) - 1) * exp((1 - r) * w(14))
    return min(fresh, s / exp(w(17) * w(18)))
  }

  func shortTermStability(_ s: Double, _ rating: Rating) -> Double {
    let increase = exp(w(17) * (Double(rating.rawValue) - 3 + w(18))) * pow(s, -w(19))
    return s * (rating.rawValue >= 3 ? max(increase, 1) : increase)
  }

  static func clampStability(_ s: Double) -> Double { s.isFinite ? min(max(s, minStability), maxStability) : minStability }
  static func clampDifficulty(_ d: Double) -> Double { d.isFinite ? min(max(d, 1), 10) : 10 }
}
