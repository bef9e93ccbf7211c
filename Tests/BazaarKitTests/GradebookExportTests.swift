import Foundation
import Testing
@testable import BazaarKit

/// A gradebook made by hand: numbers whose digits are known, and undefined values.
private func handMadeBook() -> Gradebook {
  var g = Gradebook()
  // 0.625 of the points: 62.5%; 90,000 ms = 1.5 minutes.
  g.rows = [
    GradebookRow(
      learner: "Aygul", course: "pricing", score: 0.625, questionsAnswered: 2, questionsTotal: 3, lessonsCompleted: 1,
      lessonsTotal: 2, timeMs: 90_000, attempts: 3, hints: 1, skips: 0, liveScores: [72.25, 80], transcripts: 2),
    // An ESC sequence in a learner's name, and no score at all.
    GradebookRow(learner: "Bad\u{1B}[31mName", course: "pricing", score: nil, questionsTotal: 3, lessonsTotal: 2),
  ]
  // Aygul: 0.625 of the points of 2 questions of 3 (one point each) is 1.25 of 3 marks: credit 5/12;
  // one lesson passed, the other begun.
  g.rows[0].credit = 5.0 / 12
  g.rows[0].lessons = [LessonCell(lesson: "a", status: .passed, score: 0.75), LessonCell(lesson: "b", status: .inProgress, score: 0.5)]
  g.rows[0].standing = .unfinished
  // Aygul reviewed 4 questions in `bazaar review` and remembered 3.
  g.rows[0].reviews = 4
  g.rows[0].reviewsRecalled = 3
  g.rows[0].retention = 0.75
  g.items = [
    ItemStatisticsRow(
      course: "pricing", question: "margin", kind: "number", n: 3, facility: 2.0 / 3, standardDeviation: 0.125,
      discrimination: nil, efficiency: nil, meanAttempts: 1.5, hintRate: 1.0 / 3, skipRate: 0,
      answers: [AnswerFrequency(answer: "20%", count: 2, score: 1)], flags: [.tooHard],
      randomGuessScore: 1.0 / 3, intendedWeight: 0.5, effectiveWeight: nil, negativeCovariance: true)
  ]
  g.tests = [
    TestStatistics(
      course: "pricing", learners: 3, items: 2, mean: 62.5, median: 50, standardDeviation: 12.75, skewness: nil,
      kurtosis: -1.25, alpha: 0.75, errorRatio: 50, standardError: 6.375)
  ]
  g.learnerItems = [
    LearnerItemScores(
      course: "pricing", items: ["margin", "markup", "tf"],
      rows: [.init(learner: "Aygul", scores: [1, 0.25, nil]), .init(learner: "Bad\u{1B}[31mName", scores: [nil, nil, nil])]),
    LearnerItemScores(course: "listing", items: ["tf", "title"], rows: [.init(learner: "Dilnur", scores: [0, 0.5])]),
  ]
  return g
}

private func lines(_ csv: String) -> [String] {
  csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
}

@Suite("Gradebook CSV")
struct GradebookExportTests {
  @Test("gradebook CSV: full precision, undefined empty, no raw ESC")
  func gradebookRows() {
    let csv = GradebookText.csv(handMadeBook(), table: .gradebook)
    let l = lines(csv)
    #expect(
      l.first
        == "learner,course,score,questions_answered,questions_total,lessons_completed,lessons_total,time_minutes,attempts,hints,skips,live_scores,transcripts,reviews,retention,credit,lessons_passed,standing"
    )
    #expect(l.dropFirst().first == "Aygul,pricing,62.5,2,3,1,2,1.5,3,1,0,72.25 80,2,4,75,41.66666666666667,1,unfinished")
    #expect(l.dropFirst(2).first == "Bad\u{FFFD}[31mName,pricing,,0,3,0,2,0,0,0,0,,0,0,,,,")
    #expect(!csv.contains("\u{1B}"))
    #expect(!csv.contains("—"))
  }

  @Test("items CSV: every digit, rates as fractions, undefined empty (not —)")
  func items() {
    let l = lines(GradebookText.csv(handMadeBook(), table: .items))
    #expect(
      l.first
        == "course,question,kind,n,facility,sd,discrimination,efficiency,random_guess_score,intended_weight,effective_weight,negative_covariance,mean_attempts,hint_rate,skip_rate,flags,top_answers"
    )
    // 2/3 and 1/3 as the nearest doubles print: 16 sixes, 16 threes.
    #expect(
      l.dropFirst().first
        == "pricing,margin,number,3,0.6666666666666666,0.125,,,0.3333333333333333,0.5,,true,1.5,0.3333333333333333,0,too_hard,20% ×2")
  }

  @Test("tests CSV: one row per course, every statistic, undefined empty")
  func tests() {
    let l = lines(GradebookText.csv(handMadeBook(), table: .tests))
    #expect(l == [
      "course,learners,items,mean,median,sd,skewness,kurtosis,alpha,error_ratio,standard_error,population,not_finished",
      "pricing,3,2,62.5,50,12.75,,-1.25,0.75,50,6.375,finished,0",
    ])
  }

  @Test("learner × item CSV: a column per question id of every course, scores 0–1, empty where not reached")
  func learnerItems() {
    let csv = GradebookText.csv(handMadeBook(), table: .learnerItems)
    #expect(lines(csv) == [
      "learner,course,margin,markup,tf,title",
      "Aygul,pricing,1,0.25,,",
      "Bad\u{FFFD}[31mName,pricing,,,,",
      "Dilnur,listing,,,0,0.5",
    ])
  }

  @Test("learner × item scores from responses: first response, clamped, learners without any kept")
  func learnerItemScores() {
    let responses = [
      ItemResponse(learner: "b", item: "q2", firstScore: 0.5),
      ItemResponse(learner: "b", item: "q2", firstScore: 1),  // a second response: not used
      ItemResponse(learner: "a", item: "q1", firstScore: 7),  // clamped to 1
      ItemResponse(learner: "a", item: "gone", firstScore: 1),  // not a question of the course
    ]
    let m = LearnerItemScores(course: "c", items: ["q1", "q2", "q1"], learners: ["a", "b", "c"], responses: responses)
    #expect(m.items == ["q1", "q2"])
    #expect(m.rows == [.init(learner: "a", scores: [1, nil]), .init(learner: "b", scores: [nil, 0.5]), .init(learner: "c", scores: [nil, nil])])
  }

  @Test("numbers for CSV: every digit, integers without .0, empty for nil and non-finite")
  func full() {
    #expect(GradebookText.full(nil) == "")
    #expect(GradebookText.full(.nan) == "")
    #expect(GradebookText.full(.infinity) == "")
    #expect(GradebookText.full(-0.0) == "0")
    #expect(GradebookText.full(70) == "70")
    #expect(GradebookText.full(-0.125) == "-0.125")
    #expect(GradebookText.full(0.1 + 0.2) == "0.30000000000000004")
  }

  @Test("a cell a spreadsheet would run is defused after cleaning")
  func defused() {
    var g = Gradebook()
    g.rows = [GradebookRow(learner: "=HYPERLINK(\"x\")", course: "c")]
    #expect(lines(GradebookText.csv(g)).dropFirst().first?.hasPrefix("\"'=HYPERLINK(\"\"x\"\")\",c,") == true)
  }
}

@Suite("Gradebook HTML item table")
struct GradebookHTMLItemTableTests {
  @Test("what tells a bad question comes first: id, flags, prompt, N, facility, discrimination; answers wrap")
  func columnOrder() throws {
    var g = Gradebook()
    g.items = [
      ItemStatisticsRow(
        course: "c", question: "q1", kind: "choice", prompt: "Which?", n: 6, facility: 0.5, discrimination: -0.25,
        answers: [AnswerFrequency(answer: String(repeating: "long option text ", count: 6), count: 4, score: 0)],
        flags: [.negativeDiscrimination])
    ]
    let html = GradebookHTML.render(g, messages: .english, title: "T", generated: "now")
    let start = try #require(html.range(of: "<table class=\"items\">"))
    let table = String(html[start.lowerBound...].prefix(4000))
    let headings = ["Question", "Flags", "Prompt", "n", "Facility", "Discrimination", "Top answers", "SD"]
    let positions = try headings.map { h in try #require(table.range(of: ">\(h)</th>")?.lowerBound, "\(h)") }
    #expect(positions == positions.sorted())
    // The kind is under the id, not a column of its own; the flag is in the second cell.
    #expect(table.contains("<code class=\"qid\">q1</code><br/><span class=\"kind\">choice</span></td><td><span class=\"flag flag-negative_discrimination\">"))
    #expect(!html.contains(".answers li{white-space:nowrap}"))
  }
}
