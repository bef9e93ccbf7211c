import Foundation

/// One learner's memory of one question, scheduled by FSRS: made the first time the question is
/// graded, and updated by each graded attempt after that.
public struct ReviewCard: Sendable, Equatable, Codable {
  public var course: String
  public var question: String
  public var memory: FSRS.MemoryState
  /// When it was last reviewed, and when it is due again.
  public var lastReview: Date
  public var due: Date
  /// Reviews so far, and how many of them were not recalled (`again` after the first).
  public var reps: Int
  public var lapses: Int
  /// The scheduler that set the state (`FSRS.version`), so that a later one can tell.
  public var scheduler: String

  /// The card after its first graded attempt, at `time`.
  public static func first(course: String, question: String, rating: FSRS.Rating, at time: Date, fsrs: FSRS = FSRS())
    -> ReviewCard
  {
    let memory = fsrs.initial(rating)
    return ReviewCard(
      course: course, question: question, memory: memory, lastReview: time,
      due: dueDate(after: time, days: fsrs.interval(stability: memory.stability)), reps: 1, lapses: 0,
      scheduler: FSRS.version)
  }

  /// The card after a review at `time` graded `rating`. A time before the last review (a clock set
  /// back) counts as the same moment: elapsed time is never negative.
  public func reviewed(_ rating: FSRS.Rating, at time: Date, fsrs: FSRS = FSRS()) -> ReviewCard {
    let elapsedDays = max(0, time.timeIntervalSince(lastReview) / 86_400)
    var card = self
    card.memory = fsrs.next(memory, elapsedDays: elapsedDays, rating: rating)
    card.lastReview = max(time, lastReview)
    card.due = Self.dueDate(after: card.lastReview, days: fsrs.interval(stability: card.memory.stability))
    card.reps += 1
    if rating == .again { card.lapses += 1 }
    card.scheduler = FSRS.version
    return card
  }

  /// The chance the learner recalls it at `time`.
  public func retrievability(at time: Date, fsrs: FSRS = FSRS()) -> Double {
    fsrs.retrievability(elapsedDays: max(0, time.timeIntervalSince(lastReview) / 86_400), stability: memory.stability)
  }

  public func isDue(at time: Date) -> Bool { due <= time }

  static func dueDate(after time: Date, days: Int) -> Date { time.addingTimeInterval(Double(days) * 86_400) }
}

/// How a graded question becomes an FSRS rating.
public enum ReviewRating {
  /// "Fast" for each kind of question, in seconds from the step being shown to the right answer: a
  /// true/false in 10 s, a choice in 20 s, a word or a number in 30 s, an order or a match in 45 s,
  /// a calculation in 90 s. Written answers (listing, pitch) are never "easy": length is not speed.
  public static func fastSeconds(_ kind: String) -> Double? {
    switch kind {
    case "truefalse": 10
    case "choice": 20
    case "short", "number": 30
    case "order", "match": 45
    case "calc": 90
    default: nil
    }
  }

  /// The rating of one graded question: not right by the last try → again; right only after a hint
  /// or a retry → hard; right at once → good; right at once and fast for its kind → easy.
  public static func rating(kind: String, right: Bool, attempts: Int, hintsUsed: Int, secondsToAnswer: Double?)
    -> FSRS.Rating
  {
    guard right else { return .again }
    if attempts > 1 || hintsUsed > 0 { return .hard }
    if let fast = fastSeconds(kind), let seconds = secondsToAnswer, seconds >= 0, seconds <= fast { return .easy }
    return .good
  }
}
