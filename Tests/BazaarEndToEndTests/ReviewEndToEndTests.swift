import Foundation
import Testing

/// `bazaar review` through the built binary over several days, the days set by `BAZAAR_NOW`: a
/// learner misses two questions on Monday, sees them on Tuesday, remembers one, and on Wednesday
/// only the other comes back; `progress` and `grade` count the reviews.
@Suite("review end to end")
struct ReviewEndToEndTests {
  static let course = """
    id: pricing
    version: "1"
    title: {zh: 定价练习, en: Pricing practice}
    languages: [zh, en]
    policy: {attempts: 2}
    lessons:
      - id: margins
        title: {zh: 毛利率, en: Margins}
        steps:
          - id: margin
            kind: choice
            prompt: {zh: 成本 8 元、售价 10 元，毛利率是多少？, en: "Cost 8, price 10: the gross margin?"}
            options:
              - {text: "80%"}
              - {text: "25%"}
              - {text: "20%", correct: true}
            explanation: {zh: (10 − 8) ÷ 10 = 20%。, en: (10 − 8) ÷ 10 = 20%.}
          - id: price
            kind: calc
            prompt:
              zh: 成本 {cost} 元，要 {margin%} 的毛利率，售价是多少元？
              en: Cost {cost} yuan; for a {margin%} margin, what price?
            vars:
              cost: {min: 20, max: 40, step: 1}
              margin: {values: [0.2, 0.25, 0.3, 0.4]}
            formula: cost / (1 - margin)
            decimals: 2
            tolerance: 0.01
            unit: 元
            explanation: {zh: 售价 = 成本 ÷ (1 − 毛利率)。, en: price = cost ÷ (1 − margin).}
          - id: tf
            kind: truefalse
            prompt: {zh: 毛利率的分母是售价。, en: The margin divides by the price.}
            answer: true
            explanation: {zh: 对。, en: Yes.}

    """

  static let monday = "2026-12-07T09:00:00+08:00"
  static let tuesday = "2026-12-08T09:00:00+08:00"
  static let wednesday = "2026-12-09T09:10:00+08:00"

  func setUp() throws -> (courses: String, data: String) {
    let root = try temporaryFolder()
    let courses = root + "/courses"
    try FileManager.default.createDirectory(atPath: courses, withIntermediateDirectories: true)
    try Self.course.write(toFile: courses + "/pricing.yaml", atomically: true, encoding: .utf8)
    return (courses, root + "/data")
  }

  func run(_ args: [String], _ env: (courses: String, data: String), day: String, input: String = "", lang: String = "zh") throws -> Run {
    try bazaar(
      args + ["--courses", env.courses, "--data-dir", env.data, "--ui-lang", lang], input: input, environment: ["BAZAAR_NOW": day],
      timeLimit: 60)
  }

  @Test func missedOnMondayBackOnTuesdayTheOneRememberedLaterThanTheOther() throws {
    let env = try setUp()
    // Monday: the margin wrong twice (by the option's text, whatever its letter), the price wrong
    // twice, the true/false right.
    let lesson = try run(["start", "pricing", "--learner", "古丽"], env, day: Self.monday, input: "80%\n25%\n1\n2\n对\n")
    #expect(lesson.status == 0, "\(lesson.stderr)")
    #expect(lesson.stderr.contains("BAZAAR_NOW"))
    // Monday evening nothing is due; the next review is said.
    let evening = try run(["review", "--learner", "古丽"], env, day: "2026-12-07T20:00:00+08:00")
    #expect(evening.status == 0)
    #expect(evening.stdout.contains("现在没有要复习的题。"))
    #expect(evening.stdout.contains("下次复习：明天 2 题。"), "\(evening.stdout)")

    // Tuesday: the two missed come back; the margin is remembered, the price missed again.
    let tuesday = try run(["review", "--learner", "古丽"], env, day: Self.tuesday, input: "20%\n1\n2\n")
    #expect(tuesday.status == 0, "\(tuesday.stderr)")
    let out = tuesday.stdout
    #expect(out.contains("复习 1/2 · 定价练习 · 毛利率"))
    #expect(out.contains("复习 2/2"))
    #expect(out.contains("（昨天做过这题）"))
    #expect(out.contains("成本 8 元、售价 10 元，毛利率是多少？"))
    #expect(out.contains("记住了。"))
    #expect(out.contains("这次没记住。明天再练一次。"))
    #expect(out.contains("复习了 2 题：记得 1 题，还要再练 1 题。"))
    #expect(!out.contains("本题得分"), "a review changes the card, not the score")
    // The true/false (right at once) is not asked.
    #expect(!out.contains("毛利率的分母是售价"))

    // `progress --json` counts the reviews; the lesson's score is Monday's.
    let progress = try run(["progress", "--learner", "古丽", "--json"], env, day: Self.tuesday)
    let learners = try #require(try JSONSerialization.jsonObject(with: Data(progress.stdout.utf8)) as? [[String: Any]])
    let pricing = try #require((learners.first?["courses"] as? [String: Any])?["pricing"] as? [String: Any])
    let review = try #require(pricing["review"] as? [String: Any])
    #expect(review["reviews_done"] as? Int == 2)
    #expect(review["reviews_recalled"] as? Int == 1)
    #expect(review["cards"] as? Int == 3)
    #expect(review["due_now"] as? Int == 0)
    #expect((pricing["score"] as? Double).map { abs($0 - 1.0 / 3) < 1e-3 } == true)

    // Wednesday: only the price comes back (the margin, remembered, is due later).
    let wednesday = try run(["review", "--learner", "古丽"], env, day: Self.wednesday, input: "")
    #expect(wednesday.stdout.contains("复习 1/1"), "\(wednesday.stdout)")
    #expect(wednesday.stdout.contains("售价是多少元"))
    #expect(!wednesday.stdout.contains("毛利率是多少"))
    // Left at once (end of input): nothing was answered, nothing written, still due.
    #expect(wednesday.stdout.contains("还有 1 题现在到期"))

    // The grader replays the review transcripts: 2 reviews, half remembered.
    let grade = try run(["grade", env.data + "/transcripts", "--format", "csv"], env, day: Self.wednesday)
    let rows = grade.stdout.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    let header = try #require(rows.first)
    let row = try #require(rows.dropFirst().first)
    let reviews = try #require(header.firstIndex(of: "reviews"))
    let retention = try #require(header.firstIndex(of: "retention"))
    #expect(row[reviews] == "2")
    #expect(row[retention] == "50")
    let kinds = try transcriptLines(env.data).filter { $0["type"] as? String == "header" }.compactMap { $0["kind"] as? String }
    #expect(kinds.sorted() == ["lesson", "review"])
  }

  @Test func englishAndBadInput() throws {
    let env = try setUp()
    _ = try run(["start", "pricing", "--learner", "Ali"], env, day: Self.monday, input: "80%\n25%\n1\n2\ntrue\n", lang: "en")
    let review = try run(["review", "--learner", "Ali", "--course", "pricing", "--limit", "1"], env, day: Self.tuesday, input: "20%\n", lang: "en")
    #expect(review.status == 0)
    #expect(review.stdout.contains("Review 1 of 1 · Pricing practice · Margins"), "\(review.stdout)")
    #expect(review.stdout.contains("(you answered this yesterday)"))
    #expect(review.stdout.contains("Remembered. It comes back in "))
    #expect(review.stdout.contains("Reviewed 1: remembered every one."))
    #expect(review.stdout.contains("Still due now: 1."))
    #expect(review.stdout.contains("Bazaar estimates you remember"))

    let bad = try run(["review", "--learner", "Ali"], env, day: "tomorrow", lang: "en")
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("BAZAAR_NOW=tomorrow is not a time"))
    #expect(bad.stderr.contains("+1d"))
    let zero = try run(["review", "--learner", "Ali", "--limit", "0"], env, day: Self.tuesday, lang: "en")
    #expect(zero.status == 2)
    // A learner with no cards is told what review is for.
    let new = try run(["review", "--learner", "Newcomer"], env, day: Self.tuesday, lang: "en")
    #expect(new.status == 0)
    #expect(new.stdout.contains("Nothing to review yet"))
  }
}
