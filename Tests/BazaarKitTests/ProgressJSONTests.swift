import Foundation
import Testing
@testable import BazaarKit

@Suite("progress JSON writer")
struct ProgressJSONTests {
  func sample() throws -> LearnerProgress {
    var p = LearnerProgress(learner: try LearnerName("迪丽努尔 \"Dilnur\""), now: Date(timeIntervalSince1970: 1_795_000_000))
    var c = CourseProgress(courseVersion: "1.0.0", courseDigest: String(repeating: "ab", count: 32))
    c.position = CoursePosition(lesson: "pricing", step: 3, question: "q\n2")
    c.timeSpentMs = 123_456
    c.recordAnswer(question: "margin", text: "20%", score: 1, at: Date(timeIntervalSince1970: 1_795_000_100))
    c.recordAnswer(question: "markup", text: "约 25\\%\t", score: 0.5, at: Date(timeIntervalSince1970: 1_795_000_200))
    c.recordHint(question: "markup")
    c.recordSkip(question: "calc")
    c.completeLesson("pricing", score: 0.725, at: Date(timeIntervalSince1970: 1_795_000_300))
    c.retiredQuestions["old"] = QuestionProgress()
    c.retiredLessons["gone"] = LessonCompletion(score: 1, completed: Date(timeIntervalSince1970: 1_795_000_000))
    c.reviewed(question: "margin", .good, at: Date(timeIntervalSince1970: 1_795_000_100))
    c.reviewed(question: "calc", .again, at: Date(timeIntervalSince1970: 1_795_000_400))
    c.reviewed(question: "calc", .hard, at: Date(timeIntervalSince1970: 1_795_090_400))
    p.courses["sampler"] = c
    p.courses["empty"] = CourseProgress(courseVersion: "2", courseDigest: "")
    p.sessions = [
      SessionSummary(id: "s1", kind: "live", course: "sampler", scenario: "grapes", score: 0.8125,
                     started: Date(timeIntervalSince1970: 1_795_000_000), ended: Date(timeIntervalSince1970: 1_795_000_600),
                     reason: "finished", transcript: "/tmp/t.jsonl")
    ]
    return p
  }

  @Test func itWritesWhatJSONEncoderWrites() throws {
    let p = try sample()
    let mine = try ProgressJSON.encode(p)
    let reference = try ISOTime.encoder(pretty: true).encode(p)
    let a = try JSONSerialization.jsonObject(with: Data(mine.utf8)) as? NSDictionary
    let b = try JSONSerialization.jsonObject(with: reference) as? NSDictionary
    #expect(a != nil && a == b)
    // Sorted keys, two-space indentation.
    #expect(mine.hasPrefix("{\n  \"courses\" : {\n    \"empty\" : {"))
  }

  @Test func itReadsBackEqual() throws {
    let p = try sample()
    let back = try ISOTime.decoder().decode(LearnerProgress.self, from: Data(try ProgressJSON.encode(p).utf8))
    #expect(back == p)
  }

  @Test func aNonFiniteScoreIsRefused() throws {
    var p = try sample()
    p.courses["sampler"]?.questions["margin"]?.bestScore = .nan
    #expect(throws: JSONLine.NonFinite.self) { try ProgressJSON.encode(p) }
  }
}
