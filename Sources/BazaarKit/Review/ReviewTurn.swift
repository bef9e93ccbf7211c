import Foundation

/// One card asked in a review sitting (`bazaar review`): which review of the card it is, and where
/// it stands in the sitting. A ``LessonSession`` made with a turn asks that one question, outside
/// its lesson: no lesson start or end, no place saved, and its grade changes the card, not the
/// lesson's score.
public struct ReviewTurn: Sendable, Equatable {
  /// The question reviewed.
  public var question: String
  /// Reviews of the card before this one (its `reps`): this is review number `number`. It makes the
  /// question's seed, so each review draws fresh calc values and a fresh option order, and the
  /// transcript's `review` event carries it so replay draws them again.
  public var number: Int
  /// 0-based place in the sitting, and the sitting's number of cards.
  public var index: Int
  public var count: Int
  /// Whole days since the card's last review (shown to the learner; nil: not said).
  public var daysSince: Int?

  public init(question: String, number: Int, index: Int = 0, count: Int = 1, daysSince: Int? = nil) {
    self.question = question
    self.number = max(0, number)
    self.index = max(0, index)
    self.count = max(1, count)
    self.daysSince = daysSince.map { max(0, $0) }
  }

  /// The seed of review `number` of `question` for the learner whose course seed is `base`
  /// (``Training/seed(learner:course:)``): calc values and shuffles come from it (with the
  /// question's id, as ``Presentation`` always adds). When a shuffled question would come out as
  /// the learner saw it last time (in the lesson, or at the review before): the right options under
  /// the same letters, or the items in the same order, the next seed of a fixed sequence is taken
  /// (up to 8), so a learner who remembers "it was B" must read again.
  public static func seed(base: String, question: Question, number: Int) -> String {
    guard question.isShuffled, number > 0 else { return "\(base)|review:\(number)" }
    // Review by review from the first (at most the last 32: a card is rarely reviewed more), each
    // unlike the lesson and the review before it as the learner saw them.
    let lesson = layout(question, seed: base)
    let from = max(1, number - 31)
    var last = from == 1 ? lesson : layout(question, seed: "\(base)|review:\(from - 1)")
    var chosen = ""
    for n in from...number {
      let first = "\(base)|review:\(n)"
      chosen = first
      for k in 0..<8 {
        let candidate = k == 0 ? first : "\(first)|\(k)"
        let l = layout(question, seed: candidate)
        if l != lesson && l != last {
          chosen = candidate
          break
        }
      }
      last = layout(question, seed: chosen)
    }
    return chosen
  }

  /// What a learner could remember of a shuffle: the letters of the right options (choice), or the
  /// order shown (order, match).
  static func layout(_ question: Question, seed: String) -> [Int] {
    let order = Presentation(question, seed: seed).order
    guard case .choice(let k) = question.kind else { return order }
    return order.indices.filter { k.options.indices.contains(order[$0]) && k.options[order[$0]].correct }
  }
}

extension Question {
  /// Whether the learner sees this question's items in a drawn order (choice with `shuffle`, order, match).
  var isShuffled: Bool {
    switch kind {
    case .choice(let k): k.shuffle && k.options.count > 1
    case .order(let k): k.items.count > 1
    case .match(let k): k.pairs.count > 1
    default: false
    }
  }
}
