import Foundation
import Testing

@testable import BazaarKit

private let english = MessageCatalog.english
private let chinese = MessageCatalog.load(language: "zh")

/// A learner whose name tries everything: markup, an ESC sequence, a Markdown cell break.
private let hostile = "<script>alert(1)</script>\u{1B}[31m|x"
/// What the hostile learner typed.
private let hostileAnswer = "<img src=x>\u{1B}[2J|y"

private func cell(_ lesson: String, _ status: LessonCell.Status, _ score: Double? = nil, _ answered: Int = 0, of questions: Int) -> LessonCell {
  LessonCell(lesson: lesson, status: status, score: score, answered: answered, questions: questions)
}

private func row(
  _ learner: String, credit: Double?, standing: Standing?, answered: Int, cells: [LessonCell]
) -> GradebookRow {
  var r = GradebookRow(
    learner: learner, course: "pricing", courseTitle: "Pricing", questionsAnswered: answered, questionsTotal: 9,
    lessonsCompleted: cells.filter { $0.status == .passed || $0.status == .failed }.count, lessonsTotal: 3)
  r.credit = credit
  r.standing = standing
  r.lessons = cells
  return r
}

/// One course of three lessons (4, 3 and 2 questions; pass mark 60%) and six learners:
///
/// | learner | credit | standing | why it sorts there |
/// |---|---|---|---|
/// | Chen | 0.30 | failing | lowest credit; failing before unfinished |
/// | Dilnur | 0.30 | failing | same credit and standing as Chen: by name |
/// | Bilal | 0.30 | unfinished | answered the first lesson, then left the course |
/// | (hostile) | 0.60 | unfinished | |
/// | Aygul | 0.90 | passed | |
/// | Erkin | nil | nil | no credit: last |
///
/// Given in another order, so that sorting is what puts them there.
private func classBook() -> Gradebook {
  var g = Gradebook()
  g.courses = [
    CourseOutline(
      course: "pricing", title: "Pricing", passScore: 0.6,
      lessons: [
        .init(id: "cost", title: "What one box costs", questions: 4), .init(id: "margin", title: "Gross margin", questions: 3),
        .init(id: "live", title: "Live: selling jujubes", questions: 2),
      ])
  ]
  g.rows = [
    row(
      "Aygul", credit: 0.9, standing: .passed, answered: 9,
      cells: [cell("cost", .passed, 0.95, 4, of: 4), cell("margin", .passed, 0.9, 3, of: 3), cell("live", .passed, 0.85, 2, of: 2)]),
    row("Erkin", credit: nil, standing: nil, answered: 0, cells: []),
    row(
      "Bilal", credit: 0.3, standing: .unfinished, answered: 4,
      cells: [cell("cost", .passed, 0.8, 4, of: 4), cell("margin", .notStarted, of: 3), cell("live", .notStarted, of: 2)]),
    row(
      "Dilnur", credit: 0.3, standing: .failing, answered: 9,
      cells: [cell("cost", .failed, 0.4, 4, of: 4), cell("margin", .passed, 0.7, 3, of: 3), cell("live", .passed, 0.6, 2, of: 2)]),
    row(
      hostile, credit: 0.6, standing: .unfinished, answered: 9,
      cells: [cell("cost", .inProgress, 0.5, 2, of: 4), cell("margin", .awaitingLive, 0.9, 3, of: 3), cell("live", .notStarted, of: 2)]),
    row(
      "Chen", credit: 0.3, standing: .failing, answered: 9,
      cells: [cell("cost", .failed, 0.4, 4, of: 4), cell("margin", .failed, 0.596, 3, of: 3), cell("live", .passed, 0.9, 2, of: 2)]),
  ]
  g.learners = [
    LearnerReport(
      learner: "Bilal",
      review: [
        ReviewItem(
          course: "pricing", question: "margin-1", prompt: "Cost 8, price 10: what is the margin?", answers: ["25%", "20 %"], score: 0.7,
          outcome: "right_with_help"),
        ReviewItem(course: "pricing", question: "cost-2", prompt: "What does one box cost?", answers: ["12"], score: 0, outcome: "not_right"),
      ],
      live: [
        LiveShow(
          course: "pricing", scenario: "live-jujube", title: "Selling jujubes", started: "2026-12-06T08:35:51Z", score: 85.6,
          path: "pc1/bilal-live.jsonl")
      ]),
    LearnerReport(
      learner: hostile,
      review: [ReviewItem(course: "pricing", question: "q-h", prompt: "Say it", answers: [hostileAnswer], score: 0, outcome: "not_right")]),
  ]
  g.flags = [
    IntegrityFlag(kind: .identicalAnswers, learners: ["Chen", "Dilnur"], paths: ["pc2/chen.jsonl", "pc3/dilnur.jsonl"], detail: "pricing/pitch: “same words”"),
    IntegrityFlag(kind: .tooFast, learners: ["Bilal"], paths: ["pc1/bilal.jsonl"], detail: "3 right answers sooner than the prompt can be read: q1, q2, q3"),
    IntegrityFlag(kind: .identicalAnswers, learners: ["Chen", "Dilnur"], paths: ["pc2/chen.jsonl"], detail: "pricing/title: “same title”"),
    IntegrityFlag(kind: .tooFast, learners: ["Chen"], paths: ["pc2/chen.jsonl"], detail: "4 right answers sooner than the prompt can be read"),
  ]
  g.tests = [TestStatistics(course: "pricing", learners: 6, items: 3)]
  g.items = [ItemStatisticsRow(course: "pricing", question: "margin-calc", kind: "calc", n: 7, facility: 0.47)]
  g.variants = [
    CalcVariantStatistics(
      course: "pricing", question: "margin-calc",
      variants: [
        .init(values: "cost=8, price=10", n: 4, facility: 0.75, standardDeviation: 0.5),
        .init(values: "cost=12, price=15", n: 3, facility: 0.1, standardDeviation: nil),
      ], otherVariants: 5, otherLearners: 9)
  ]
  return g
}

/// The matrix order the table above gives.
private let needOrder = ["Chen", "Dilnur", "Bilal", hostile, "Aygul", "Erkin"]

/// `html` from `<section id="from">` up to the next top-level section (`to`).
private func section(_ html: String, _ from: String, _ to: String) throws -> String {
  let start = try #require(html.range(of: "<section id=\"\(from)\">"))
  let end = try #require(html.range(of: "<section id=\"\(to)\">", range: start.upperBound..<html.endIndex))
  return String(html[start.lowerBound..<end.lowerBound])
}

/// One learner's `<section class="lpage">` … `</section>`: the one holding the anchor `id` (inside
/// its folded part, so that following a link opens it).
private func learnerSection(_ html: String, _ id: String) throws -> String {
  let anchor = try #require(html.range(of: "<div id=\"\(id)\" class=\"lbody\">"))
  let start = try #require(html.range(of: "<section class=\"lpage\">", options: .backwards, range: html.startIndex..<anchor.lowerBound))
  let end = try #require(html.range(of: "</section>", range: start.upperBound..<html.endIndex))
  return String(html[start.lowerBound..<end.upperBound])
}

/// The lines of `text` from the one equal to `from` (trimmed) up to the first blank line.
private func block(_ text: String, from: String) -> [String] {
  let lines = text.components(separatedBy: "\n")
  guard let i = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == from }) else { return [] }
  return Array(lines[i...].prefix { !$0.isEmpty })
}

/// Positions of each of `needles` in `text`, in the order given (nil where missing).
private func positions(_ needles: [String], in text: String) -> [String.Index?] {
  needles.map { text.range(of: $0)?.lowerBound }
}

@Suite("Gradebook instructor's view")
struct GradebookViewTests {
  @Test("the matrix puts the lowest credit first, ties by standing then name, no credit last")
  func order() throws {
    let matrix = try #require(GradebookView.matrices(classBook()).first)
    #expect(matrix.rows.map(\.learner) == needOrder)
    #expect(matrix.needingHelp == 4)
    // The same order in every format.
    let html = GradebookHTML.render(classBook(), messages: english, title: "t", generated: "now")
    let help = try section(html, "help", "gradebook")
    let links = needOrder.map { "href=\"#" + GradebookView.anchor($0) + "\"" }
    let inHTML = positions(links, in: help)
    #expect(!inHTML.contains(nil))
    #expect(inHTML.compactMap { $0 } == inHTML.compactMap { $0 }.sorted())
    let table = GradebookText.table(classBook(), messages: english)
    let rows = block(table, from: "Pricing (pricing)").filter {
      $0.hasPrefix("  ") && !$0.contains("Pass mark") && !$0.contains("Learner") && !$0.contains("──")
    }
    let names = rows.prefix(6).map { $0.split(separator: " ").first.map(String.init) ?? "" }
    #expect(names == ["Chen", "Dilnur", "Bilal", "<script>alert(1)</script>\u{FFFD}[31m|x", "Aygul", "Erkin"])
    let md = GradebookText.markdown(classBook(), messages: english)
    let inMD = positions(["| Chen |", "| Dilnur |", "| Bilal |", "| &lt;script>", "| Aygul |", "| Erkin |"], in: md)
    #expect(!inMD.contains(nil))
    #expect(inMD.compactMap { $0 } == inMD.compactMap { $0 }.sorted())
  }

  @Test("the learner who left after the first lesson is above those who passed, marked as needing help")
  func abandoned() throws {
    let matrix = try #require(GradebookView.matrices(classBook()).first)
    let bilal = try #require(matrix.rows.firstIndex { $0.learner == "Bilal" })
    let aygul = try #require(matrix.rows.firstIndex { $0.learner == "Aygul" })
    #expect(bilal < aygul)
    let html = GradebookHTML.render(classBook(), messages: english, title: "t", generated: "now")
    #expect(html.contains("<span class=\"standing unfinished\">… 2 of 3 lessons not done</span>"))
    let page = try learnerSection(html, "learner-Bilal")
    #expect(page.contains("<span class=\"badge help\">needs help</span>"))
    // In the terminal, Bilal has a block: he needs help.
    let lines = block(GradebookText.table(classBook(), messages: english), from: "Bilal")
    #expect(lines.contains("  Pricing: … 2 of 3 lessons not done · course credit 30% — · L2, · L3"))
  }

  @Test("each status: its symbol, its colour class, the score rounded down")
  func symbols() throws {
    #expect(GradebookView.cellText(LessonCell(lesson: "a", status: .passed, score: 0.95)) == "✓ 95%")
    // 59.6% is below a 60% pass mark, and never shows as 60%.
    #expect(GradebookView.cellText(LessonCell(lesson: "a", status: .failed, score: 0.596)) == "✗ 59%")
    #expect(GradebookView.cellText(LessonCell(lesson: "a", status: .inProgress, score: 0.5)) == "… 50%")
    #expect(GradebookView.cellText(LessonCell(lesson: "a", status: .awaitingLive, score: 0.9)) == "◐ 90%")
    #expect(GradebookView.cellText(LessonCell(lesson: "a", status: .notStarted)) == "·")
    #expect(GradebookView.cellText(LessonCell(lesson: "a", status: .inProgress)) == "…")
    #expect(GradebookView.cellText(nil) == "—")
    let html = GradebookHTML.render(classBook(), messages: english, title: "t", generated: "now")
    let help = try section(html, "help", "gradebook")
    #expect(help.contains("<td class=\"cell fail\" title=\"L1: below the pass mark, 40% (4/4 questions)\">✗ 40%</td>"))
    #expect(help.contains("<td class=\"cell fail\" title=\"L2: below the pass mark, 59% (3/3 questions)\">✗ 59%</td>"))
    #expect(help.contains("<td class=\"cell pass\" title=\"L3: passed, 90% (2/2 questions)\">✓ 90%</td>"))
    #expect(help.contains("<td class=\"cell going\" title=\"L1: in progress, 50% (2/4 questions)\">… 50%</td>"))
    #expect(help.contains("<td class=\"cell going\" title=\"L2: questions done, live session still to run, 90% (3/3 questions)\">◐ 90%</td>"))
    #expect(help.contains("<td class=\"cell idle\" title=\"L2: not started (0/3 questions)\">·</td>"))
    // Erkin's row has no lesson cells at all: a dash, the lesson's title in the tooltip.
    #expect(help.contains("<td class=\"cell none\" title=\"L1 What one box costs\">—</td>"))
    // Short headings, the whole title in a tooltip and in the legend; the pass mark stated.
    #expect(help.contains("<th class=\"lesson\" title=\"Live: selling jujubes\">L3</th>"))
    #expect(help.contains("<li>L3 = Live: selling jujubes (2 questions)</li>"))
    #expect(help.contains("Pass mark: 60% in each lesson. Need help: 4 of 6 learners."))
    // The standing in words, with its symbol.
    #expect(help.contains("<span class=\"standing failing\">✗ below the pass mark in 2 lessons</span>"))
    #expect(help.contains("<span class=\"standing failing\">✗ below the pass mark in 1 lesson</span>"))
    #expect(help.contains("<span class=\"standing passed\">✓ passed</span>"))
    // The terminal: the same symbols, and L1 = … under the matrix.
    let table = GradebookText.table(classBook(), messages: english)
    let chen = try #require(table.components(separatedBy: "\n").first { $0.hasPrefix("  Chen ") })
    #expect(chen.hasSuffix("✗ 40%  ✗ 59%  ✓ 90%"))
    #expect(chen.contains("✗ below the pass mark in 2 lessons"))
    #expect(table.contains("  L2 = Gross margin (3 questions)\n"))
    #expect(table.contains("Symbols: ✓ passed   ✗ below the pass mark   … in progress   ◐ questions done, live session still to run   · not started"))
  }

  @Test("a learner's section: standing per course, what they typed, live shows, their flags and no one else's")
  func learnerPage() throws {
    let html = GradebookHTML.render(classBook(), messages: english, title: "t", generated: "now")
    let bilal = try learnerSection(html, "learner-Bilal")
    #expect(bilal.contains("<span class=\"ans typed\">25%</span> → <span class=\"ans typed\">20 %</span>"))
    #expect(bilal.contains("Cost 8, price 10: what is the margin?"))
    #expect(bilal.contains("right after hints or retries"))
    // Not right comes before right after help.
    let (notRight, withHelp) = (bilal.range(of: "cost-2"), bilal.range(of: "margin-1"))
    #expect(notRight != nil && withHelp != nil && (notRight?.lowerBound ?? bilal.endIndex) < (withHelp?.lowerBound ?? bilal.startIndex))
    #expect(bilal.contains("Selling jujubes"))
    #expect(bilal.contains("2026-12-06 08:35 UTC"))
    #expect(bilal.contains("86/100"))
    #expect(bilal.contains("<span class=\"flag flag-integrity\">Too fast</span>"))
    #expect(bilal.contains("3 right answers sooner than the prompt can be read: q1, q2, q3"))
    #expect(!bilal.contains("Identical answers"))
    // Chen's identical answers name Dilnur, linked.
    let chen = try learnerSection(html, "learner-Chen")
    #expect(chen.components(separatedBy: "Identical answers").count - 1 == 2)
    #expect(chen.contains("<a href=\"#learner-Dilnur\">Dilnur</a>"))
    #expect(!chen.contains("q1, q2, q3"))
    // The matrix links each name to the section.
    #expect(html.contains("<a class=\"learner\" href=\"#learner-Bilal\">Bilal</a>"))
    // Markdown: a heading each, the typed answers, the flag as the checks word it.
    let md = GradebookText.markdown(classBook(), messages: english)
    let mdBilal = try #require(md.components(separatedBy: "\n### ").first { $0.hasPrefix("Bilal — needs help") })
    #expect(mdBilal.contains("| pricing/margin-1 | Cost 8, price 10: what is the margin? | 25% → 20 % | 70% | right after hints or retries |"))
    #expect(mdBilal.contains("- too fast: 3 right answers sooner than the prompt can be read: q1, q2, q3 — pc1/bilal.jsonl"))
    #expect(mdBilal.contains("- 2026-12-06 08:35 UTC · Selling jujubes · 86/100 · pc1/bilal-live.jsonl"))
    // The terminal: a block for Bilal (who needs help), none for Aygul (who passed).
    let table = GradebookText.table(classBook(), messages: english)
    let lines = block(table, from: "Bilal")
    #expect(lines.contains("    pricing/cost-2  0%  not right: What does one box cost? — typed: 12"))
    #expect(lines.contains("  Integrity flags: too fast ×1"))
    #expect(lines.contains("  Live shows: 2026-12-06 08:35 UTC · Selling jujubes · 86/100"))
    #expect(block(table, from: "Aygul").isEmpty)
  }

  @Test("hostile names and answers: escaped in HTML and Markdown, cleaned in the terminal")
  func hostileText() throws {
    let g = classBook()
    let html = GradebookHTML.render(g, messages: english, title: "t", generated: "now")
    #expect(!html.contains("<script"))
    #expect(!html.contains("<img"))
    #expect(!html.contains("\u{1B}"))
    #expect(html.contains(">&lt;script&gt;alert(1)&lt;/script&gt;\u{FFFD}[31m|x</a>"))
    #expect(html.contains("&lt;img src=x&gt;\u{FFFD}[2J|y"))
    // Its section id keeps only letters and digits.
    let id = GradebookView.anchor(hostile)
    #expect(id == "learner-_3c_script_3e_alert_28_1_29__3c__2f_script_3e__1b__5b_31m_7c_x")
    #expect(html.contains("<div id=\"\(id)\" class=\"lbody\">"))
    #expect(GradebookView.anchor("a b") != GradebookView.anchor("a_b"))
    let md = GradebookText.markdown(g, messages: english)
    #expect(!md.contains("\u{1B}"))
    #expect(!md.contains("<script"))
    #expect(md.contains("| &lt;script>alert(1)&lt;/script>\u{FFFD}[31m\\|x | … 3 of 3 lessons not done |"))
    #expect(md.contains("\n### &lt;script>alert(1)&lt;/script>\u{FFFD}[31m\\|x — needs help\n"))
    #expect(md.contains("| &lt;img src=x>\u{FFFD}[2J\\|y |"))
    let table = GradebookText.table(g, messages: english)
    #expect(!table.contains("\u{1B}"))
    #expect(table.contains("  <script>alert(1)</script>\u{FFFD}[31m|x  … 3 of 3 lessons not done"))
    #expect(table.contains("typed: <img src=x>\u{FFFD}[2J|y"))
  }

  @Test("the counted attempt is stated next to the population note, in every format")
  func attempts() {
    var g = classBook()
    g.attemptsCounted = CountedAttempt.best.rawValue
    let sentence = "Item and test statistics count each learner's best-scoring try at each question (choose with --attempts first|last|best)."
    #expect(GradebookHTML.render(g, messages: english, title: "t", generated: "now").contains(sentence))
    #expect(GradebookText.table(g, messages: english).contains("  " + sentence + "\n"))
    #expect(GradebookText.markdown(g, messages: english).contains("\n" + sentence + "\n"))
    #expect(GradebookText.table(g, messages: chinese).contains("得分最高的一次作答"))
    g.attemptsCounted = CountedAttempt.first.rawValue
    #expect(GradebookText.table(g, messages: english).contains("each learner's first try at each question"))
    #expect(GradebookHTML.render(g, messages: chinese, title: "t", generated: "now").contains("题目统计和测验统计按每位学员每道题的第一次作答计算"))
  }

  @Test("calc questions per variant: values, n, facility, SD, and the variants left out")
  func variants() throws {
    let html = GradebookHTML.render(classBook(), messages: english, title: "t", generated: "now")
    let questions = try section(html, "questions", "learners")
    #expect(questions.contains("Calculation questions by drawn values"))
    #expect(
      questions.contains(
        "<td><code class=\"qid\">margin-calc</code></td><td><code class=\"values\">cost=8, price=10</code></td><td class=\"n\">4</td><td class=\"n\"><span class=\"fac-ok\">0.75</span></td><td class=\"n\">0.50</td>"))
    #expect(
      questions.contains(
        "<td></td><td><code class=\"values\">cost=12, price=15</code></td><td class=\"n\">3</td><td class=\"n\"><span class=\"fac-hard\">0.10</span></td><td class=\"n\">—</td>"))
    #expect(questions.contains(">5 other variants (9 learners)</td>"))
    let table = GradebookText.table(classBook(), messages: english)
    let rows = table.components(separatedBy: "\n").filter { $0.contains("margin-calc") && $0.contains("=") }
    #expect(rows.map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") } == [
      "pricing margin-calc cost=8, price=10 4 0.75 0.5",
      "pricing margin-calc cost=12, price=15 3 0.1 —",
    ])
    #expect(table.contains("5 other variants (9 learners)"))
    let md = GradebookText.markdown(classBook(), messages: english)
    #expect(md.contains("| pricing | margin-calc | cost=8, price=10 | 4 | 0.75 | 0.5 |\n"))
    #expect(md.contains("| pricing | margin-calc | 5 other variants (9 learners) |  |  |  |\n"))
    #expect(GradebookText.markdown(classBook(), messages: chinese).contains("其他 5 组数值（9 人）"))
  }

  @Test("integrity flags grouped by learner: the most flagged first, a column per kind")
  func flagsByLearner() throws {
    let (kinds, learners) = GradebookView.flagsByLearner(classBook())
    #expect(kinds == [.identicalAnswers, .tooFast])
    #expect(learners.map(\.learner) == ["Chen", "Dilnur", "Bilal"])
    #expect(learners.map(\.total) == [3, 2, 1])
    let html = GradebookHTML.render(classBook(), messages: english, title: "t", generated: "now")
    let checks = String(html[try #require(html.range(of: "<section id=\"checks\">")).lowerBound...])
    #expect(checks.contains("<th class=\"n\">Identical answers</th><th class=\"n\">Too fast</th>"))
    #expect(
      checks.contains(
        "<tr><td><a class=\"learner\" href=\"#learner-Chen\">Chen</a></td><td class=\"n\"><strong>3</strong></td><td class=\"n\">2</td><td class=\"n\">1</td></tr>"))
    #expect(checks.contains("<td class=\"n\"><strong>1</strong></td><td class=\"n\">—</td><td class=\"n\">1</td>"))
    let lines = block(GradebookText.table(classBook(), messages: english), from: "Integrity flags per learner")
    #expect(lines.count == 6)
    #expect(lines.dropFirst(3).first?.split(separator: " ").map(String.init) == ["Chen", "3", "2", "1"])
    #expect(lines.last?.split(separator: " ").map(String.init) == ["Bilal", "1", "—", "1"])
  }

  @Test("a big class: every learner's section folded, the matrix heading repeated; a small one: those who need help open")
  func folding() {
    let small = GradebookHTML.render(classBook(), messages: english, title: "t", generated: "now")
    // Chen, Dilnur, Bilal and the hostile learner need help: open. Aygul passed; Erkin has no standing.
    #expect(small.components(separatedBy: "<details open>").count - 1 == 4)
    var big = classBook()
    for i in 0..<GradebookHTML.learnersOpen {
      big.rows.append(GradebookRow(learner: "learner \(i)", course: "pricing"))
    }
    let html = GradebookHTML.render(big, messages: english, title: "t", generated: "now")
    #expect(!html.contains("<details open>"))
    #expect(html.contains("46 learners: click a name to open their details."))
    // 46 rows: the heading row again after the 25th.
    #expect(html.components(separatedBy: "<tr class=\"rehead\"><th>Learner</th>").count - 1 == 1)
    #expect(small.components(separatedBy: "<tr class=\"rehead\">").count - 1 == 0)
  }

  @Test("Chinese words for the standing, the statuses and the notes")
  func chineseWords() throws {
    let matrix = try #require(GradebookView.matrices(classBook()).first)
    let words = matrix.rows.map { GradebookView.standingText($0, chinese) }
    #expect(words == ["✗ 2 课未及格", "✗ 1 课未及格", "… 3 课中有 2 课没做完", "… 3 课中有 3 课没做完", "✓ 全部及格", "—"])
    #expect(GradebookView.courseNote(matrix, chinese) == "及格线：每课 60%。6 名学员中有 4 名需要帮助。")
    let html = GradebookHTML.render(classBook(), messages: chinese, title: "t", generated: "now")
    for word in ["谁需要帮助", "逐个学员", "需要帮助", "未及格", "还没开始", "按学员统计的诚信提示", "计算题：按抽到的数值分组"] {
      #expect(html.contains(word), "\(word)")
    }
    #expect(!html.contains("gradebook.view."))
  }

  @Test("a lesson with a pass mark of its own is named beside the course's")
  func lessonPassMark() throws {
    var book = classBook()
    book.courses[0].lessons[1].passScore = 0.8
    let matrix = try #require(GradebookView.matrices(book).first)
    #expect(GradebookView.courseNote(matrix, english) == "Pass mark: 60% in each lesson, but 80% in Gross margin. Need help: 4 of 6 learners.")
    #expect(GradebookView.courseNote(matrix, chinese) == "及格线：每课 60%，但“Gross margin”为 80%。6 名学员中有 4 名需要帮助。")
    // From a course file: only a lesson whose policy differs carries its own mark.
    let course = try #require(
      CourseLoader.parse(
        source: SourceText(
          path: "c.yaml",
          text: """
            id: c
            version: "1"
            title: C
            languages: [en]
            policy: {pass_score: 0.6}
            lessons:
              - {id: a, title: A, steps: [{text: hello}]}
              - {id: b, title: B, policy: {pass_score: 0.8}, steps: [{text: hello}]}
              - {id: c, title: C, policy: {pass_score: 0.6, attempts: 1}, steps: [{text: hello}]}

            """)
      ).course)
    #expect(CourseOutline(course, language: "en").lessons.map(\.passScore) == [nil, 0.8, nil])
  }

  @Test("every gradebook.view key the code uses exists in English and Chinese, with the same placeholders")
  func messageKeys() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Sources/BazaarKit/Reports")
    var used = Set<String>()
    for file in ["GradebookView.swift", "GradebookHTML.swift", "GradebookHTML+Learners.swift", "GradebookText+View.swift", "GradebookText.swift"] {
      let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
      for match in text.matches(of: /"(gradebook\.view\.[A-Za-z0-9_.]+[A-Za-z0-9_])"/) { used.insert(String(match.output.1)) }
    }
    // Keys made from a value.
    for s in GradebookView.legendStatuses { used.insert("gradebook.view.status." + s.rawValue) }
    for o in ["not_right", "right_with_help", "skipped", "open"] { used.insert("gradebook.view.outcome." + o) }
    for a in CountedAttempt.allCases { used.insert("gradebook.view.attempts." + a.rawValue) }
    #expect(used.count > 60)
    for key in used.sorted() {
      #expect(Messages.gradebookEn[key] != nil, "no English \(key)")
      #expect(Messages.gradebookZh[key] != nil, "no Chinese \(key)")
    }
    let pattern = /\{([A-Za-z]+)\}/
    for (key, en) in Messages.gradebookEn where key.hasPrefix("gradebook.view.") {
      let zh = try #require(Messages.gradebookZh[key], "\(key)")
      #expect(Set(en.matches(of: pattern).map { String($0.output.1) }) == Set(zh.matches(of: pattern).map { String($0.output.1) }), "\(key)")
    }
  }
}
