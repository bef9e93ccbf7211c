import Foundation
import Testing

/// `bazaar grade --format csv --table …` on the shipped samples.
@Suite("bazaar grade CSV tables")
struct GradeExportEndToEndTests {
  static let samples = packageRoot + "/transcripts/samples"
  static let courses = packageRoot + "/courses"

  @Test("each --table writes its header; --items is --table items; --table needs --format csv")
  func tables() throws {
    let expected = [
      "gradebook": "learner,course,score,questions_answered,",
      "items":
        "course,question,kind,n,facility,sd,discrimination,efficiency,random_guess_score,intended_weight,effective_weight,negative_covariance,mean_attempts,hint_rate,skip_rate,flags,top_answers\r\n",
      "tests":
        "course,learners,items,mean,median,sd,skewness,kurtosis,alpha,error_ratio,standard_error,population,not_finished\r\n",
      "learner-items": "learner,course,",
    ]
    for (table, header) in expected {
      let run = try bazaar(["grade", Self.samples, "--courses", Self.courses, "--format", "csv", "--table", table])
      #expect(run.status == 0, "\(table): \(run.stderr)")
      #expect(run.stdout.hasPrefix(header), "\(table): \(run.stdout.prefix(200))")
      #expect(!run.stdout.contains("—"), "\(table)")
    }
    let items = try bazaar(["grade", Self.samples, "--courses", Self.courses, "--format", "csv", "--items"])
    #expect(items.stdout.hasPrefix(try #require(expected["items"])))
    let wrong = try bazaar(["grade", Self.samples, "--courses", Self.courses, "--format", "md", "--table", "tests"])
    #expect(wrong.status == 2, "\(wrong.status)")
  }
}
