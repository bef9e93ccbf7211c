import Foundation
import Testing
@testable import BazaarKit

/// Every graded question is a review of the learner's card, made by the same fold that keeps
/// progress, so the runner and replay (resume, `bazaar grade`) make the same cards.
@Suite("review cards from lessons")
struct ReviewFoldTests {
  static let course = """
    id: c
    version: "1"
    title: C
    languages: [en]
    policy: {attempts: 2}
    lessons:
      - id: l
        title: L
        steps:
          - {id: tf, kind: truefalse, prompt: Margin divides by the price., answer: true, explanation: x}
          - {id: word, kind: short, prompt: The courier charge?, answer: postage, explanation: x}
          - {id: sum, kind: number, prompt: 2 + 2?, answer: 4, explanation: x}

    """

  /// Runs the lesson with `inputs` (each at `secondsEach` seconds after the last) from `start`, and
  /// folds its records into progress, as the runner does.
  func run(_ inputs: [String], secondsEach: Int64, start: Date) throws -> CourseProgress {
    let loaded = CourseLoader.parse(source: SourceText(path: "c.yaml", text: Self.course))
    let course = try #require(loaded.course, "\(loaded.diagnostics.map(\.message))")
    var session = LessonSession(course: course, lessonIndex: 0, step: 0, language: "en", seed: "learner-1", lexicons: LexiconSet())
    var progress = CourseProgress(courseVersion: course.version, courseDigest: course.digest)
    var fold = ProgressFold()
    var ms: Int64 = 0
    func apply(_ out: [LessonOutput], _ s: LessonSession) {
      for o in out { if case .record(let r) = o { fold.apply(r, session: s, to: &progress, at: start.addingTimeInterval(Double(ms) / 1000), sessionMs: ms) } }
    }
    apply(session.start(now: 0), session)
    for input in inputs {
      ms += secondsEach * 1000
      let out = session.handle(.line(input), now: ms)
      apply(out, session)
    }
    return progress
  }

  @Test func eachGradedQuestionIsAReview() throws {
    let monday = Date(timeIntervalSince1970: 1_796_000_000)
    // tf right at once and fast; word wrong twice (attempts over); sum wrong then right.
    let p = try run(["true", "freight", "parcel", "5", "4"], secondsEach: 5, start: monday)
    let tf = try #require(p.review["tf"])
    let word = try #require(p.review["word"])
    let sum = try #require(p.review["sum"])
    #expect(tf.memory == FSRS().initial(.easy))
    #expect(word.memory == FSRS().initial(.again))
    #expect(sum.memory == FSRS().initial(.hard))
    #expect(word.due == ISOTime.truncated(monday.addingTimeInterval(15)).addingTimeInterval(86_400))
    #expect(tf.due > sum.due && sum.due > word.due)
    #expect([tf, word, sum].allSatisfy { $0.reps == 1 && $0.scheduler == "fsrs-6" })
  }

  @Test("bazaar progress says how many cards are due, in English and Chinese")
  func progressSaysWhatIsDue() throws {
    let monday = Date(timeIntervalSince1970: 1_796_000_000)
    let c = try run(["true", "freight", "parcel", "5", "4"], secondsEach: 5, start: monday)
    var p = LearnerProgress(learner: try LearnerName("Aygul"), now: monday)
    p.courses["c"] = c
    let course = try #require(CourseLoader.parse(source: SourceText(path: "c.yaml", text: Self.course)).course)
    let tuesday = monday.addingTimeInterval(86_400 + 3_600)
    // word (again) and sum (hard) are due a day later; tf (easy) 8 days after Monday, 7 after Tuesday.
    let en = ProgressReport.text([p], courses: ["c": course], messages: .english, language: "en", now: tuesday)
    #expect(en.contains("Spaced review: 2 due now, 3 within 7 days."), "\(en)")
    let zh = ProgressReport.text([p], courses: ["c": course], messages: MessageCatalog.load(language: "zh"), language: "en", now: tuesday)
    #expect(zh.contains("间隔复习：现在到期 2 题，7 天内到期 3 题。"), "\(zh)")
    // A week later all three are due; without a clock nothing is said.
    let later = ProgressReport.text([p], courses: ["c": course], messages: .english, language: "en", now: monday.addingTimeInterval(9 * 86_400))
    #expect(later.contains("3 due now, 3 within 7 days"))
    #expect(!ProgressReport.text([p], courses: ["c": course], messages: .english, language: "en").contains("Spaced review"))
  }

  @Test func theLessonsLastQuestionKnowsItsKindToo() throws {
    // The last question ends the lesson; right at once in 5 s is still "fast" for a number.
    let p = try run(["true", "postage", "4"], secondsEach: 5, start: Date(timeIntervalSince1970: 1_796_000_000))
    #expect(p.review["sum"]?.memory == FSRS().initial(.easy))
  }

  @Test func slowButRightAtOnceIsGoodNotEasy() throws {
    let p = try run(["true"], secondsEach: 60, start: Date(timeIntervalSince1970: 1_796_000_000))
    #expect(p.review["tf"]?.memory == FSRS().initial(.good))
  }
}
