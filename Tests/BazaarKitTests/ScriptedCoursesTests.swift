import Foundation
import Testing

@testable import BazaarKit

/// Every lesson of every shipped course, played through the lesson engine in each of its
/// languages with the right answers typed as a learner would: every lesson must reach its end
/// with full marks. (Lint's self-check grades the keys; this plays the lessons.)
@Suite("shipped courses, played")
struct ScriptedCoursesTests {
  static var courses: [String] {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("courses").path
    return ((try? LocalFileSystem().files(under: folder)) ?? []).filter { Linter.isYAML($0) && !$0.contains("/lexicon/") }
  }

  /// What a learner who knows the answer types for `q`.
  static func rightAnswer(_ q: Question, _ p: Presentation, language: String, fallback: [String]) -> String? {
    switch q.kind {
    case .choice(let key):
      return p.order.enumerated().filter { key.options[$0.element].correct }.map { Presentation.letter($0.offset) }
        .joined(separator: " ")
    default:
      return p.correctAnswer(language, fallback: fallback)
    }
  }

  @Test("every lesson, in every language, with the right answers: full marks", arguments: courses)
  func playEveryLesson(_ path: String) throws {
    let loaded = CourseLoader.load(path: path)
    let course = try #require(loaded.course, "\(path) does not load")
    let lexicons = LexiconLibrary().resolve(loaded, coursePath: path).0
    for language in course.languages {
      for (index, lesson) in course.lessons.enumerated() {
        var session = LessonSession(
          course: course, lessonIndex: index, language: language, seed: "learner:scripted|course:\(course.id)", lexicons: lexicons)
        var out = session.start(now: 0)
        var summary: LessonSummary?
        var guardSteps = 0
        while summary == nil, guardSteps < 1_000 {
          guardSteps += 1
          if let s = out.lazy.compactMap({ if case .lessonEnd(let s) = $0 { s } else { nil } }).first {
            summary = s
            break
          }
          let input: String
          if session.awaitingAnswer, let q = session.currentQuestion {
            let answer = Self.rightAnswer(q, Presentation(q, seed: "learner:scripted|course:\(course.id)"), language: language,
              fallback: course.languages)
            input = try #require(answer, "\(course.id)/\(q.id): no right answer to type")
          } else {
            input = ""
          }
          out = session.handle(.line(input), now: Int64(guardSteps) * 1000)
        }
        let s = try #require(summary, "\(course.id)/\(lesson.id) [\(language)] did not end")
        if let score = s.score {
          #expect(score >= 1 - 1e-9, "\(course.id)/\(lesson.id) [\(language)]: \(score); to review: \(s.review)")
        }
      }
    }
  }
}
