import Foundation
import Testing

@testable import BazaarKit

/// A lesson's own `policy:` over the course's: read key by key, and used wherever a lesson is
/// judged (here: the gradebook's pass/fail).
@Suite struct LessonPolicyTests {
  static let yaml = """
    id: p
    version: "1"
    title: P
    languages: [en]
    policy: {attempts: 3, hint_penalty: 0.1, pass_score: 0.6}
    lessons:
      - id: practice
        title: Practice
        steps:
          - {id: a, kind: truefalse, prompt: A?, answer: true, explanation: x}
      - id: final-test
        title: Final test
        policy: {pass_score: 0.9, attempts: 1, skip: false}
        steps:
          - {id: b, kind: truefalse, prompt: B?, answer: true, explanation: x}
    """

  static func course() throws -> Course {
    let loaded = CourseLoader.parse(source: SourceText(path: "p.yaml", text: yaml))
    #expect(loaded.diagnostics.filter(\.isError).isEmpty, "\(loaded.diagnostics.map(\.message))")
    return try #require(loaded.course)
  }

  @Test func lessonKeysReplaceTheCoursesOneByOne() throws {
    let c = try Self.course()
    #expect(c.policy.passScore == 0.6 && c.policy.attempts == 3)
    let practice = c.lessons[0].policy
    #expect(practice.passScore == 0.6 && practice.attempts == 3 && practice.allowSkip)
    let final = c.lessons[1].policy
    #expect(final.passScore == 0.9 && final.attempts == 1 && !final.allowSkip)
    #expect(final.hintPenalty == 0.1, "a key the lesson does not write stays the course's")
    #expect(c.policy(ofQuestion: "b").passScore == 0.9)
    #expect(c.policy(ofLesson: "practice").passScore == 0.6)
  }

  @Test func theGradebookJudgesEachLessonByItsOwnPassMark() throws {
    let c = try Self.course()
    var p = CourseProgress(courseVersion: c.version, courseDigest: c.digest)
    let day = Date(timeIntervalSince1970: 1_800_000_000)
    p.lessonsCompleted["practice"] = LessonCompletion(score: 0.8, completed: day)
    p.lessonsCompleted["final-test"] = LessonCompletion(score: 0.8, completed: day)
    let cells = Aggregator.lessonCells(c, p)
    #expect(cells.map(\.status) == [.passed, .failed])
  }
}
