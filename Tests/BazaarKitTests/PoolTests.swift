import Foundation
import Testing

@testable import BazaarKit

/// `draw: N`: a lesson that gives each learner N of its questions, chosen from their seed.
@Suite struct PoolTests {
  static func course(draw: Int = 2, questions: Int = 5) -> LoadedCourse {
    var steps = "      - text: Read this first.\n"
    for i in 1...questions {
      steps += "      - {id: q\(i), kind: truefalse, prompt: Question \(i)?, answer: true, explanation: x}\n"
    }
    let yaml = """
      id: pool
      version: "1"
      title: Pool
      languages: [en]
      lessons:
        - id: quiz
          title: Quiz
          draw: \(draw)
          steps:
      \(steps)
      """
    return CourseLoader.parse(source: SourceText(path: "pool.yaml", text: yaml))
  }

  @Test func eachLearnerGetsTheirOwnQuestionsInTheAuthorsOrder() throws {
    let c = try #require(Self.course().course)
    #expect(c.hasPools && c.lessons[0].draw == 2)
    let ali = c.drawn(seed: "learner:ali|course:pool")
    #expect(ali.lessons[0].steps.count == 3, "the text step and two questions")
    guard case .narrative = ali.lessons[0].steps[0].content else { Issue.record("text step dropped"); return }
    let ids = ali.questions.map(\.id)
    #expect(ids == ids.sorted(), "kept in the author's order")
    // The same learner gets the same questions every time.
    #expect(c.drawn(seed: "learner:ali|course:pool").questions.map(\.id) == ids)
    // Different learners get different sets, and every question is drawn for someone.
    var sets: Set<[String]> = []
    var seen: Set<String> = []
    for n in 0..<40 {
      let q = c.drawn(seed: "learner:\(n)|course:pool").questions.map(\.id)
      #expect(q.count == 2)
      sets.insert(q)
      seen.formUnion(q)
    }
    #expect(sets.count >= 5)
    #expect(seen == ["q1", "q2", "q3", "q4", "q5"])
  }

  @Test func drawingAllOrTooManyIsSaid() throws {
    let all = try #require(Self.course(draw: 5).course)
    #expect(all.drawn(seed: "x").questions.count == 5)
    let tooMany = Self.course(draw: 6)
    let d = try #require(tooMany.diagnostics.first { $0.code == "E025" })
    #expect(d.message.contains("`draw: 6` asks for more questions than the lesson has (5)"))
  }

  @Test func aReplayTakesTheLearnersOwnDraw() throws {
    let c = try #require(Self.course().course)
    var replay = LessonReplay(course: c, lexicons: LexiconSet())
    replay.draw(for: "learner:ali|course:pool")
    #expect(replay.course.questions.map(\.id) == c.drawn(seed: "learner:ali|course:pool").questions.map(\.id))
    #expect(replay.places.count == 2)
  }
}
