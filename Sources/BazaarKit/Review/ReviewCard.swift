import Foundation

/// One learner's memory of one question, scheduled by FSRS: made the first time the question is
/// graded, and updated by each graded question after that. Kept in the learner's progress under
/// the course, by question id (`review`); a question that leaves the course keeps its card.
public struct ReviewCard: Sendable, Equatable, Codable {
  public var memory: FSRS.MemoryState
  /// When it was last reviewed, and when it is due again.
  public var lastReview: Date
  public var due: Date
  /// Reviews so far, and how many of them were not recalled (`again` after the first).
  public var reps: Int
  public var lapses: Int
  /// The scheduler that set the state (`FSRS.version`), so that a later one can tell.
  public var scheduler: String

  enum CodingKeys: String, CodingKey {
    case stability, difficulty, lastReview = "last_review", due, reps, lapses, scheduler
  }

  init(memory: FSRS.MemoryState, lastReview: Date, due: Date, reps: Int, lapses: Int, scheduler: String) {
    self.memory = memory
    self.lastReview = lastReview
    self.due = due
    self.reps = reps
    self.lapses = lapses
    self.scheduler = scheduler
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    // A damaged state is brought back into FSRS's ranges rather than refused.
    memory = FSRS.MemoryState(
      stability: FSRS.clampStability(try c.decode(Double.self, forKey: .stability)),
      difficulty: FSRS.clampDifficulty(try c.decode(Double.self, forKey: .difficulty)))
    lastReview = try c.decode(Date.self, forKey: .lastReview)
    due = try c.decode(Date.self, forKey: .due)
    reps = max(0, try c.decodeIfPresent(Int.self, forKey: .reps) ?? 0)
    lapses = max(0, try c.decodeIfPresent(Int.self, forKey: .lapses) ?? 0)
    scheduler = try c.decodeIfPresent(String.self, forKey: .scheduler) ?? ""
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(memory.difficulty, forKey: .difficulty)
    try c.encode(due, forKey: .due)
    try c.encode(lapses, forKey: .lapses)
    try c.encode(lastReview, forKey: .lastReview)
    try c.encode(reps, forKey: .reps)
    try c.encode(scheduler, forKey: .scheduler)
    try c.encode(memory.stability, forKey: .stability)
  }

  /// The card after its first graded attempt, at `time` (whole seconds, as progress keeps times).
  public static func first(rating: FSRS.Rating, at time: Date, fsrs: FSRS = FSRS()) -> ReviewCard {
    let memory = fsrs.initial(rating)
    let t = ISOTime.truncated(time)
    return ReviewCard(
      memory: memory, lastReview: t, due: dueDate(after: t, days: fsrs.interval(stability: memory.stability)), reps: 1,
      lapses: 0, scheduler: FSRS.version)
  }

  /// The card after a review at `time` graded `rating`. A time before the last review (a clock set
  /// back) counts as the same moment: elapsed time is never negative.
  public func reviewed(_ rating: FSRS.Rating, at time: Date, fsrs: FSRS = FSRS()) -> ReviewCard {
    let elapsedDays = max(0, time.timeIntervalSince(lastReview) / 86_400)
    var card = self
    card.memory = fsrs.next(memory, elapsedDays: elapsedDays, rating: rating)
    card.lastReview = max(ISOTime.truncated(time), lastReview)
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
