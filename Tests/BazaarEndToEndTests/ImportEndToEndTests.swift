import BazaarKit
import Foundation
import Testing

@Suite("bazaar import and export, through pipes")
struct ImportEndToEndTests {
  static let fixtures = packageRoot + "/Tests/BazaarKitTests/Fixtures/import"

  @Test func chineseBankBecomesACourseThatRuns() throws {
    let dir = try temporaryFolder()
    try FileManager.default.createDirectory(atPath: dir + "/courses", withIntermediateDirectories: true)
    let run = try bazaar(["import", Self.fixtures + "/zh/bank-50.txt", "--id", "bank50", "--ui-lang", "zh"], in: dir)
    // Two questions cannot be carried over and two essays wait for a rubric: findings, exit 1.
    #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
    #expect(run.stdout.contains("已写入 courses/bank50.yaml：46 道题，5 课"), "\(run.stdout)")
    #expect(run.stdout.contains("bank-50.txt:148（→ courses/bank50.yaml:"))
    #expect(run.stdout.contains("）：答案 `E` 里的 E 不是这道题的选项"))
    #expect(run.stdout.contains("bank-50.txt:302（→ courses/bank50.yaml:"))
    #expect(run.stdout.contains("一道题有 2 个空"))
    let yaml = try String(contentsOfFile: dir + "/courses/bank50.yaml", encoding: .utf8)
    #expect(yaml.hasPrefix("# yaml-language-server: $schema="))
    #expect(yaml.contains("# TODO " + Self.fixtures + "/zh/bank-50.txt:148:"))
    // The course lints without errors and a learner can take it.
    let lint = try bazaar(["lint", dir + "/courses/bank50.yaml"])
    #expect(lint.status == 0, "\(lint.stdout)")
    let lesson = try bazaar(
      ["start", dir + "/courses/bank50.yaml", "--data-dir", dir + "/data", "--learner", "Ali", "--lesson", "lesson-1", "--ui-lang", "zh"],
      input: "A\n", timeLimit: 30)
    #expect(lesson.stdout.contains("毛利率"), "\(lesson.stdout)\(lesson.stderr)")
  }

  @Test func anExistingCourseIsKeptUnlessForced() throws {
    let dir = try temporaryFolder()
    let out = dir + "/q.yaml"
    try "id: mine\n".write(toFile: out, atomically: true, encoding: .utf8)
    let refused = try bazaar(["import", Self.fixtures + "/moodle/questions.aiken.txt", "--out", out])
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("already exists. Add --force"))
    #expect(try String(contentsOfFile: out, encoding: .utf8) == "id: mine\n")
    let forced = try bazaar(["import", Self.fixtures + "/moodle/questions.aiken.txt", "--out", out, "--force"])
    #expect(forced.status == 0, "\(forced.stdout)\(forced.stderr)")
    #expect(try String(contentsOfFile: out + ".bak", encoding: .utf8) == "id: mine\n")
    // Importing again gives the same ids (learners' progress still fits).
    let first = try String(contentsOfFile: out, encoding: .utf8)
    _ = try bazaar(["import", Self.fixtures + "/moodle/questions.aiken.txt", "--out", out, "--force"])
    #expect(try String(contentsOfFile: out, encoding: .utf8) == first)
  }

  @Test func unreadableFilesSayWhy() throws {
    let dir = try temporaryFolder()
    let bin = dir + "/bank.txt"
    try Data([0xFF, 0xFE, 0x00, 0x81, 0x30]).write(to: URL(fileURLWithPath: bin))
    let run = try bazaar(["import", bin, "--out", dir + "/x.yaml"])
    #expect(run.status == 2)
    #expect(run.stderr.contains("neither UTF-8 nor GBK"), "\(run.stderr)")
    let missing = try bazaar(["import", dir + "/nope.gift", "--out", dir + "/y.yaml"])
    #expect(missing.status == 2)
    #expect(!FileManager.default.fileExists(atPath: dir + "/y.yaml"))
  }

  @Test func exportToGIFTAndBack() throws {
    let dir = try temporaryFolder()
    let gift = dir + "/sampler.gift"
    let export = try bazaar(["export", "--format", "gift", packageRoot + "/courses/sampler.yaml", "--out", gift])
    #expect(export.status == 1, "steps GIFT cannot hold are findings")
    #expect(export.stderr.contains("sampler.yaml:141 price-at-margin: gift has no `calc` question"), "\(export.stderr)")
    let back = try bazaar(["import", gift, "--out", dir + "/back.yaml"])
    #expect(back.status == 0, "\(back.stdout)")
    let yaml = try String(contentsOfFile: dir + "/back.yaml", encoding: .utf8)
    #expect(yaml.contains("- id: margin-of-10\n"))
  }

  /// An imported bank pooled into a lesson: each learner takes their own 3 of its questions, and
  /// grading their transcript counts those 3, not the bank.
  @Test func aPooledLessonIsTakenAndGradedByTheLearnersOwnDraw() throws {
    let dir = try temporaryFolder()
    let course = dir + "/pool.yaml"
    _ = try bazaar(["import", Self.fixtures + "/moodle/gift-examples.txt", "--out", course, "--format", "gift"])
    // The GIFT examples are one lesson of many questions; draw 3 of them.
    var yaml = try String(contentsOfFile: course, encoding: .utf8)
    yaml = yaml.replacingOccurrences(of: "    title: Imported questions\n    steps:\n", with: "    title: Imported questions\n    draw: 3\n    steps:\n")
    try yaml.write(toFile: course, atomically: true, encoding: .utf8)
    let lint = try bazaar(["lint", course])
    #expect(lint.status == 0, "\(lint.stdout)")
    let data = dir + "/data"
    let first = try bazaar(["start", course, "--learner", "Ali", "--data-dir", data, "--ui-lang", "en"], input: ":skip\n", timeLimit: 30)
    #expect(first.stdout.contains("[1/3]") && first.stdout.contains("[2/3]") && !first.stdout.contains("[3/3]"), "\(first.stdout)")
    // Resumed at the learner's own second question (a place in their draw, not in the whole bank).
    let run = try bazaar(["start", course, "--learner", "Ali", "--data-dir", data, "--ui-lang", "en"], input: ":skip\n:skip\n\n", timeLimit: 30)
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    let second = first.stdout.components(separatedBy: "\n").first { $0.hasPrefix("[2/3]") }
    let shown = run.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("[") }
    #expect(second != nil && shown.first == second, "the same question again: \(second ?? "-") / \(shown.first ?? "-")")
    #expect(run.stdout.contains("[3/3]") && !run.stdout.contains("[4/"), "\(run.stdout)")
    #expect(run.stdout.contains("3 skipped"))
    // Graded from the transcript: 3 answered (skipped) of the learner's 3, not of the bank's 43.
    let grade = try bazaar(["grade", data + "/transcripts", "--courses", dir, "--format", "csv"])
    #expect(grade.stdout.contains("\nAli,pool,0,3,3,1,1,"), "\(grade.stdout)")
  }

  /// Resuming a pooled lesson returns to the question the learner left at: their place is a step of
  /// their own draw (it was read as a step of the whole pool, and showed another question).
  @Test func resumeInAPooledLessonReturnsToTheSameQuestion() throws {
    let dir = try temporaryFolder()
    let file = dir + "/pool4.yaml"
    let yaml = """
      id: pool4
      version: "1"
      title: Pool
      languages: [en]
      lessons:
        - id: quiz
          title: Quiz
          draw: 3
          steps:
            - {id: q1, kind: truefalse, prompt: First?, answer: true, explanation: x}
            - {id: q2, kind: truefalse, prompt: Second?, answer: true, explanation: x}
            - {id: q3, kind: truefalse, prompt: Third?, answer: true, explanation: x}
            - {id: q4, kind: truefalse, prompt: Fourth?, answer: true, explanation: x}
      """
    try yaml.write(toFile: file, atomically: true, encoding: .utf8)
    let course = try #require(CourseLoader.load(path: file).course)
    // A learner whose second question is not the pool's second (so a place read in the whole pool
    // would show another question).
    let learner = try #require((0..<200).map { "L\($0)" }.first { name in
      guard let key = try? LearnerName(name) else { return false }
      return course.drawn(seed: Training.seed(learner: key, course: course)).questions.map(\.id)[1] != "q2"
    })
    let data = dir + "/data"
    let first = try bazaar(["start", file, "--learner", learner, "--data-dir", data, "--ui-lang", "en"], input: ":skip\n", timeLimit: 30)
    let left = try #require(first.stdout.components(separatedBy: "\n").first { $0.hasPrefix("[2/3]") }, "\(first.stdout)")
    let again = try bazaar(["start", file, "--learner", learner, "--data-dir", data, "--ui-lang", "en"], input: "", timeLimit: 30)
    #expect(again.stdout.components(separatedBy: "\n").first { $0.hasPrefix("[") } == left, "\(again.stdout)")
  }

  /// Moodle XML and the .xlsx template go through the helper bazaar-xml, and come out as the CSV does.
  @Test func xmlAndWorkbooksThroughTheHelper() throws {
    let dir = try temporaryFolder()
    let xml = try bazaar(["import", Self.fixtures + "/moodle/nested_categories_with_questions.xml", "--out", dir + "/n.yaml"])
    #expect(xml.status == 1, "the essay is a TODO: \(xml.stdout)\(xml.stderr)")
    #expect(xml.stdout.contains("Wrote \(dir)/n.yaml: 4 question(s) in 4 lesson(s)"))
    let xlsx = try bazaar(["import", packageRoot + "/templates/question-bank.xlsx", "--out", dir + "/x.yaml", "--id", "t"])
    let csv = try bazaar(["import", packageRoot + "/templates/question-bank.csv", "--out", dir + "/c.yaml", "--id", "t"])
    let body = { (s: String) in s.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.contains("# ") }.joined(separator: "\n") }
    #expect(body(try String(contentsOfFile: dir + "/x.yaml", encoding: .utf8)) == body(try String(contentsOfFile: dir + "/c.yaml", encoding: .utf8)))
    #expect(xlsx.status == csv.status)
    let export = try bazaar(["export", "--format", "moodle-xml", packageRoot + "/courses/sampler.yaml", "--out", dir + "/s.xml"])
    #expect(export.status == 1)
    let back = try bazaar(["import", dir + "/s.xml", "--out", dir + "/s.yaml"])
    #expect(back.stdout.contains("question(s)"), "\(back.stdout)\(back.stderr)")
    let broken = dir + "/broken.xml"
    try "<quiz><question type=".write(toFile: broken, atomically: true, encoding: .utf8)
    let bad = try bazaar(["import", broken, "--out", dir + "/b.yaml"])
    #expect(bad.status == 2 && bad.stderr.contains("broken.xml:1:"), "\(bad.stderr)")
  }
}
