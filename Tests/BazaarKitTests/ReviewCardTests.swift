import Foundation
import Testing
@testable import BazaarKit

/// Cards and ratings: a learner's graded questions become FSRS reviews. Time is passed in, as the
/// injected clock gives it; nothing waits.
@Suite("review cards")
struct ReviewCardTests {
  let monday = Date(timeIntervalSince1970: 1_796_000_000)
  func days(_ n: Double) -> TimeInterval { n * 86_400 }

  @Test("ratings: missed, after a hint or retry, at once, at once and fast")
  func ratings() {
    #expect(ReviewRating.rating(kind: "calc", right: false, attempts: 2, hintsUsed: 0, secondsToAnswer: 20) == .again)
    #expect(ReviewRating.rating(kind: "calc", right: true, attempts: 2, hintsUsed: 0, secondsToAnswer: 20) == .hard)
    #expect(ReviewRating.rating(kind: "calc", right: true, attempts: 1, hintsUsed: 1, secondsToAnswer: 20) == .hard)
    #expect(ReviewRating.rating(kind: "calc", right: true, attempts: 1, hintsUsed: 0, secondsToAnswer: 200) == .good)
    #expect(ReviewRating.rating(kind: "calc", right: true, attempts: 1, hintsUsed: 0, secondsToAnswer: 60) == .easy)
    #expect(ReviewRating.rating(kind: "truefalse", right: true, attempts: 1, hintsUsed: 0, secondsToAnswer: 60) == .good)
    #expect(ReviewRating.rating(kind: "pitch", right: true, attempts: 1, hintsUsed: 0, secondsToAnswer: 5) == .good)
    #expect(ReviewRating.rating(kind: "choice", right: true, attempts: 1, hintsUsed: 0, secondsToAnswer: nil) == .good)
  }

  @Test("a missed question comes back the next day; one then recalled comes back later than one missed again")
  func missedThenRecalled() throws {
    let f = FSRS()
    let a = ReviewCard.first(rating: .again, at: monday)
    let b = ReviewCard.first(rating: .again, at: monday)
    #expect(a.due == monday.addingTimeInterval(days(1)))
    let tuesday = monday.addingTimeInterval(days(1))
    #expect(a.isDue(at: tuesday) && b.isDue(at: tuesday))
    let recalled = a.reviewed(.good, at: tuesday, fsrs: f)
    let missed = b.reviewed(.again, at: tuesday, fsrs: f)
    #expect(recalled.due > missed.due)
    #expect(missed.lapses == 1 && recalled.lapses == 0)
    #expect(recalled.reps == 2)
    #expect(recalled.scheduler == "fsrs-6")
  }

  @Test("the due date is never in the past after a review, even with the clock set back")
  func neverPast() {
    var card = ReviewCard.first(rating: .good, at: monday)
    let times = [monday.addingTimeInterval(days(3)), monday.addingTimeInterval(-days(2)), monday.addingTimeInterval(days(40))]
    for (t, r) in zip(times, [FSRS.Rating.easy, .again, .hard]) {
      card = card.reviewed(r, at: t)
      #expect(card.due > t)
      #expect(card.due > card.lastReview)
    }
  }

  @Test("it survives a round trip through JSON")
  func codable() throws {
    let card = ReviewCard.first(rating: .hard, at: monday)
    let data = try JSONEncoder().encode(card)
    #expect(try JSONDecoder().decode(ReviewCard.self, from: data) == card)
  }
}
