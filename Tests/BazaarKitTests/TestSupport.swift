import Foundation
import Testing
@testable import BazaarKit

/// Builds a one-question course from the YAML of the question's keys (indented for a step).
func question(_ body: String, languages: String = "[zh, en]", extra: String = "") throws -> Question {
  let indented = body.split(separator: "\n", omittingEmptySubsequences: false).map { "        " + $0 }.joined(separator: "\n")
  let yaml = """
    id: t
    version: "1"
    title: T
    languages: \(languages)
    \(extra)
    lessons:
      - id: l
        title: L
        steps:
          - id: q
    \(indented)

    """
  let loaded = CourseLoader.parse(source: SourceText(path: "t.yaml", text: yaml))
  let errors = loaded.diagnostics.filter(\.isError).map { "\($0.location?.description ?? ""): \($0.code) \($0.message)" }
  try #require(errors.isEmpty, "\(errors)")
  return try #require(loaded.course?.questions.first)
}

/// Grades `answer` for `q` as learner `seed` sees it.
func grade(_ q: Question, _ answer: String, seed: String = "learner-1", lexicons: LexiconSet = LexiconSet()) -> Grade {
  Grader.grade(answer, for: Presentation(q, seed: seed), lexicons: lexicons)
}

/// Grades `answer` with the author's option order (no shuffle).
func gradeAuthor(_ q: Question, _ answer: String, lexicons: LexiconSet = LexiconSet()) -> Grade {
  Grader.grade(answer, for: Presentation(authorOrder: q), lexicons: lexicons)
}

/// The shipped grammar lexicons (how negations, contrast words and fillers read), as every course
/// gets them from `courses/lexicon/grammar-*.yaml`.
func shippedGrammar() -> [Lexicon] {
  let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("courses/lexicon").path
  return ["grammar-zh", "grammar-en"].compactMap { name in
    let path = folder + "/" + name + ".yaml"
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return LexiconLoader.parse(bytes: [UInt8](data), path: path).0
  }
}

/// A lexicon built from YAML text.
func lexicon(_ yaml: String, path: String = "lexicon/test.yaml") throws -> Lexicon {
  let (lex, diagnostics) = LexiconLoader.parse(bytes: Array(yaml.utf8), path: path)
  try #require(!diagnostics.hasErrors, "\(diagnostics.map(\.message))")
  return try #require(lex)
}

/// Item-statistics responses from a learners × items matrix of first scores (nil: no
/// response); learners L01…, items q1….
func responses(_ matrix: [[Double?]]) -> [ItemResponse] {
  matrix.enumerated().flatMap { s, row in
    row.enumerated().compactMap { i, x in
      x.map { ItemResponse(learner: "L" + (s < 9 ? "0" : "") + "\(s + 1)", item: "q\(i + 1)", firstScore: $0) }
    }
  }
}

/// `count` choice items q1….
func items(_ count: Int) -> [ItemStatistics.Item] {
  (0..<count).map { ItemStatistics.Item(id: "q\($0 + 1)", kind: "choice") }
}
