import Foundation
import Testing

@testable import BazaarKit

/// `{name}` placeholders in a template.
private func placeholderNames(_ template: String) -> Set<String> {
  let pattern = /\{([A-Za-z][A-Za-z0-9_]*)\}/
  return Set(template.matches(of: pattern).map { String($0.output.1) })
}

private let english = MessageCatalog.english
private let chinese = MessageCatalog.load(language: "zh")

private let hostileName = "<script>alert(1)</script>"

/// Two courses, a hostile learner name, a Chinese one, flagged items, a skipped file with a quote
/// in its path, and something in every "things to check" list.
private func sampleGradebook() -> Gradebook {
  var g = Gradebook()
  let learners = [
    hostileName, "王小明", "Amina Tursun", "李娜", "Zhang \"Joe\" Wei", "陈静", "Ahmet", "刘洋", "Gulnar", "赵磊", "Maria", "孙悦",
  ]
  let scores: [Double?] = [0.35, 0.92, 0.68, 0.75, 0.55, 1.0, 0.12, 0.81, 0.696, 0.44, nil, 0.88]
  for (i, name) in learners.enumerated() {
    g.rows.append(
      GradebookRow(
        learner: name, course: "livestream-basics", courseTitle: "直播带货入门", score: scores[i], questionsAnswered: 10 - i % 3,
        questionsTotal: 12, lessonsCompleted: 3 - i % 2, lessonsTotal: 4, timeMs: 600_000 + i * 97_000, attempts: 14 + i,
        hints: i % 4, skips: i % 3, liveScores: i % 3 == 0 ? [72 + Double(i), 85] : [], transcripts: 1 + i % 2))
  }
  for (i, name) in learners.prefix(5).enumerated() {
    g.rows.append(
      GradebookRow(
        learner: name, course: "pricing", courseTitle: "Pricing & margins", score: [0.9, 0.6, 0.4, 0.75, 0.2][i],
        questionsAnswered: 6, questionsTotal: 6, lessonsCompleted: 2, lessonsTotal: 2, timeMs: 300_000, attempts: 7, hints: 1))
  }
  g.tests = [
    TestStatistics(
      course: "livestream-basics", learners: 11, items: 4, mean: 64.2, median: 68.0, standardDeviation: 24.7, skewness: -0.41,
      alpha: 0.72, errorRatio: 52.9, standardError: 13.1),
    TestStatistics(course: "pricing", learners: 5, items: 2, mean: 57, median: 60, standardDeviation: 27.4, skewness: nil, alpha: nil),
  ]
  g.items = [
    ItemStatisticsRow(
      course: "livestream-basics", question: "q1-banned-words", kind: "choice", prompt: "下列哪个词在直播中不能使用？", n: 11, facility: 0.95,
      standardDeviation: 0.22, discrimination: 0.12, efficiency: 0.2, meanAttempts: 1.05, hintRate: 0.0, skipRate: 0.0,
      answers: [AnswerFrequency(answer: "B", count: 10, score: 1), AnswerFrequency(answer: "A", count: 1, score: 0)],
      flags: [.tooEasy, .weakDiscrimination]),
    ItemStatisticsRow(
      course: "livestream-basics", question: "q2-margin", kind: "numeric",
      prompt:
        "一件商品进价 38 元，平台扣点 5%，运费 6 元，要保证 20% 的毛利率，售价至少应定为多少元？请写出计算过程并四舍五入到小数点后两位，这是一道很长的题干，用来测试换行和截断。",
      n: 11, facility: 0.45, standardDeviation: 0.5, discrimination: 0.58, efficiency: 0.66, meanAttempts: 2.3, hintRate: 0.45,
      skipRate: 0.09,
      answers: [
        AnswerFrequency(answer: "55.26", count: 5, score: 1), AnswerFrequency(answer: "52.5", count: 3, score: 0),
        AnswerFrequency(answer: "<img src=x onerror=alert(2)>", count: 2, score: 0), AnswerFrequency(answer: "", count: 1, score: 0),
      ]),
    ItemStatisticsRow(
      course: "livestream-basics", question: "q3-title", kind: "text", prompt: "Write a product title under 60 bytes.", n: 10,
      facility: 0.15, standardDeviation: 0.3, discrimination: -0.21, efficiency: -0.1, meanAttempts: 2.9, hintRate: 0.8,
      skipRate: 0.3, answers: [AnswerFrequency(answer: "新疆红枣 特级 500g 包邮 最好吃的红枣", count: 4, score: 0.5)],
      flags: [.tooHard, .negativeDiscrimination]),
    ItemStatisticsRow(course: "livestream-basics", question: "q4-unused", kind: "order", prompt: nil, n: 0),
    ItemStatisticsRow(
      course: "pricing", question: "p1", kind: "numeric", prompt: "Cost 20, price 25: margin?", n: 5, facility: 0.6,
      standardDeviation: 0.55, discrimination: 0.31, efficiency: 0.4, meanAttempts: 1.6, hintRate: 0.2, skipRate: 0,
      answers: [AnswerFrequency(answer: "20%", count: 3, score: 1), AnswerFrequency(answer: "25%", count: 2, score: 0)]),
    ItemStatisticsRow(
      course: "pricing", question: "p2", kind: "choice", prompt: "Which is cheaper per kg?", n: 5, facility: 0.8,
      standardDeviation: 0.45, discrimination: 0.25, efficiency: 0.3, meanAttempts: 1.2, hintRate: 0, skipRate: 0),
  ]
  g.transcripts = [
    TranscriptSummary(path: "transcripts/wang.jsonl", learner: "王小明", course: "livestream-basics", kind: "lesson", session: "s-1"),
    TranscriptSummary(
      path: "transcripts/amina.jsonl", learner: "Amina Tursun", course: "livestream-basics", kind: "lesson", session: "s-2",
      courseChanged: true, missingQuestions: ["q9-old"],
      changedScores: [ScoreChange(question: "q2-margin", raw: "55.3", then: 0, now: 1)], torn: true,
      problems: ["line 7: not JSON"]),
    TranscriptSummary(
      path: "transcripts/li.jsonl", learner: "李娜", course: "pricing", kind: "live", session: "s-3", liveScore: 80, liveScoreThen: 72),
  ]
  g.flags = [
    IntegrityFlag(
      kind: .identicalAnswers, learners: ["李娜", hostileName], paths: ["transcripts/li.jsonl", "transcripts/x.jsonl"],
      detail: "q3-title: “新疆红枣 特级 500g 包邮 最好吃的红枣”"),
    IntegrityFlag(kind: .tooFast, learners: ["Ahmet"], paths: ["transcripts/ahmet.jsonl"], detail: "q2-margin answered in 2 s"),
  ]
  g.skipped = [
    SkippedFile(path: "transcripts/bad\"quote'<b>.jsonl", line: 3, reason: "not a transcript: unknown event `zzz`"),
    SkippedFile(path: "transcripts/empty.jsonl", reason: "empty file"),
  ]
  g.broadcasts = [
    BroadcastReport(
      path: "broadcasts/2024-05-01.srt", cues: 312, durationMs: 3_725_000,
      findings: [
        BroadcastFinding(
          ms: 125_000, line: 41, text: "家人们，这是全网最低价，绝对是最好的红枣！", category: "absolute", term: "最低价", rule: "广告法第九条：不得使用“最”“第一”等绝对化用语",
          advice: "说“今天直播间的优惠价”"),
        BroadcastFinding(ms: 1_502_000, line: 610, text: "吃了能治高血压", category: "medical", term: "治高血压", rule: "普通食品不得宣称疗效"),
      ], scenario: "livestream-basics:s1", score: 64),
    BroadcastReport(path: "broadcasts/clean.vtt", cues: 20, durationMs: 95_000, findings: []),
  ]
  return g
}

@Suite("GradebookHTML")
struct GradebookHTMLTests {
  @Test("report messages: same keys and placeholders in en and zh, all start with report.")
  func messages() {
    #expect(Set(Messages.reportEn.keys) == Set(Messages.reportZh.keys))
    for (key, en) in Messages.reportEn {
      #expect(key.hasPrefix("report."), "\(key)")
      #expect(!en.isEmpty)
      if let zh = Messages.reportZh[key] {
        #expect(placeholderNames(en) == placeholderNames(zh), "\(key)")
      }
      // No clash with keys already in the catalogue.
      #expect(Messages.en[key] == nil || Messages.en[key] == en, "\(key)")
    }
    // Chinese prose uses full-width punctuation outside `code`.
    for (key, zh) in Messages.reportZh {
      var prose = zh
      while let open = prose.firstIndex(of: "`"), let close = prose[prose.index(after: open)...].firstIndex(of: "`") {
        prose.removeSubrange(open...close)
      }
      for p in placeholderNames(prose) { prose = prose.replacingOccurrences(of: "{\(p)}", with: "") }
      for ascii in [",", ";", "?", "(", ")", ": "] { #expect(!prose.contains(ascii), "zh \(key) has \(ascii)") }
    }
  }

  @Test("one self-contained page, with user text escaped")
  func englishPage() throws {
    let html = GradebookHTML.render(sampleGradebook(), messages: english, title: "Spring class <2024>", generated: "2024-05-02 10:00")
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.contains("<html lang=\"en\">"))
    #expect(html.contains("<meta charset=\"utf-8\"/>"))
    #expect(html.contains("<title>Spring class &lt;2024&gt;</title>"))
    // The hostile learner is shown, escaped, and never as markup.
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(!html.contains("<script"))
    #expect(!html.contains("<img"))
    #expect(html.contains("&lt;img src=x onerror=alert(2)&gt;"))
    #expect(html.contains("王小明"))
    // The skipped path's quote and angle brackets stay text.
    #expect(html.contains("<span>transcripts/</span><wbr/><span>bad\"quote'&lt;b&gt;.jsonl</span>"))
    #expect(!html.contains("<b>"))
    // Self-contained: no network, no scripts, no external resources.
    #expect(!html.contains("http://"))
    #expect(!html.contains("https://"))
    #expect(!html.contains("src=\""))
    #expect(!html.contains("<link"))
    #expect(!html.contains("@import"))
    #expect(!html.contains("url("))
    // Charts, sections, print rules.
    #expect(html.components(separatedBy: "<svg").count - 1 == 4)  // 2 histograms + 2 difficulty charts
    #expect(html.contains("@media print"))
    #expect(html.contains("Noto Sans CJK SC"))
    for heading in ["Summary", "Gradebook", "Score distribution", "Questions", "Things to check"] {
      #expect(html.contains(heading), "\(heading)")
    }
    // Numbers: scores without decimals, indices with two, nil as a dash.
    #expect(html.contains(">92%<"))
    #expect(html.contains(">-0.21<"))
    #expect(html.contains(">0.72<"))
    #expect(html.contains(">—<"))
    // Flags highlighted, rows marked.
    #expect(html.contains("class=\"flag flag-negative_discrimination\""))
    #expect(html.contains("<tr class=\"flagged\">"))
    // Broadcast findings: time as mm:ss, the score.
    #expect(html.contains(">02:05<"))
    #expect(html.contains("Scenario livestream-basics:s1: 64 of 100"))
    // Well-formed enough.
    try expectBalanced(html)
  }

  @Test("the long prompt is cut, with the whole of it in an escaped tooltip")
  func tooltip() {
    var g = Gradebook()
    g.items = [
      ItemStatisticsRow(
        course: "c", question: "q", kind: "text", prompt: String(repeating: "长", count: 70) + "\"><script>x</script>", n: 1, facility: 0.5)
    ]
    let html = GradebookHTML.render(g, messages: english, title: "t", generated: "now")
    #expect(html.contains("title=\"" + String(repeating: "长", count: 70) + "&quot;&gt;&lt;script&gt;x&lt;/script&gt;\""))
    #expect(html.contains(String(repeating: "长", count: 59) + "…"))
    #expect(!html.contains("<script"))
  }

  @Test("Chinese headings with the zh catalogue")
  func chinesePage() throws {
    let html = GradebookHTML.render(sampleGradebook(), messages: chinese, title: "春季班成绩", generated: "2024年5月2日")
    #expect(html.contains("<html lang=\"zh\">"))
    for heading in ["概览", "成绩表", "得分分布", "题目分析", "需要核查的情况", "诚信提示", "跳过的文件", "测验统计"] {
      #expect(html.contains(heading), "\(heading)")
    }
    #expect(html.contains("生成于 2024年5月2日"))
    #expect(html.contains("区分度为负"))
    #expect(html.contains("情景 livestream-basics:s1：64 分"))
    #expect(!html.contains("report."))
    #expect(!html.contains("<script"))
    try expectBalanced(html)
  }

  @Test("an empty gradebook keeps every section, each saying none")
  func empty() throws {
    let html = GradebookHTML.render(Gradebook(), messages: english, title: "Empty", generated: "now")
    for heading in ["Summary", "Gradebook", "Score distribution", "Questions", "Integrity flags", "Files skipped", "Broadcasts"] {
      #expect(html.contains(heading), "\(heading)")
    }
    #expect(html.components(separatedBy: "<p class=\"none\">None.</p>").count - 1 >= 8)
    #expect(!html.contains("<svg"))
    try expectBalanced(html)
  }

  @Test("a translator's catalogue without the report words falls back to English")
  func fallback() {
    let ug = MessageCatalog(language: "ug", table: ["report.section.summary": "خۇلاسە"])
    let html = GradebookHTML.render(sampleGradebook(), messages: ug, title: "t", generated: "now")
    #expect(html.contains("<html lang=\"ug\">"))
    #expect(html.contains("خۇلاسە"))
    #expect(html.contains("Score distribution"))
    #expect(!html.contains(">report."))
  }

  @Test("hostile numbers render as dashes, not NaN")
  func hostileNumbers() {
    var g = Gradebook()
    g.rows = [GradebookRow(learner: "x", course: "c", score: .nan, liveScores: [.infinity])]
    g.items = [ItemStatisticsRow(course: "c", question: "q", kind: "choice", facility: .nan, discrimination: -.infinity)]
    g.tests = [TestStatistics(course: "c", learners: 1, items: 1, mean: .infinity, alpha: .nan)]
    let html = GradebookHTML.render(g, messages: english, title: "t", generated: "now")
    #expect(!html.contains("nan"))
    #expect(!html.contains("inf"))
  }

  @Test("formatting helpers")
  func helpers() {
    #expect(GradebookHTML.index(nil) == "—")
    #expect(GradebookHTML.index(0.456) == "0.46")
    #expect(GradebookHTML.index(-0.001) == "0.00")
    #expect(GradebookHTML.percent(0.654) == "65%")
    #expect(GradebookHTML.percentPoints(64.6) == "65%")
    #expect(GradebookHTML.truncated("abc\ndef", 10) == "abc def")
    #expect(GradebookHTML.truncated("abcdefghijk", 5) == "abcd…")
    #expect(GradebookHTML.attributeEscaped("a\"b'<c>&") == "a&quot;b&#39;&lt;c&gt;&amp;")
  }

  /// Writes the sample pages for a look in a browser, when BAZAAR_SAMPLE_HTML names a folder.
  @Test("sample pages", .enabled(if: ProcessInfo.processInfo.environment["BAZAAR_SAMPLE_HTML"] != nil))
  func writeSamples() throws {
    let dir = ProcessInfo.processInfo.environment["BAZAAR_SAMPLE_HTML"] ?? "/tmp"
    let g = sampleGradebook()
    try GradebookHTML.render(g, messages: english, title: "Spring class — gradebook", generated: "2024-05-02 10:00")
      .write(toFile: dir + "/gradebook-sample.html", atomically: true, encoding: .utf8)
    try GradebookHTML.render(g, messages: chinese, title: "春季班成绩册", generated: "2024-05-02 10:00")
      .write(toFile: dir + "/gradebook-sample-zh.html", atomically: true, encoding: .utf8)
    try GradebookHTML.render(Gradebook(), messages: chinese, title: "空", generated: "2024-05-02 10:00")
      .write(toFile: dir + "/gradebook-empty-zh.html", atomically: true, encoding: .utf8)
  }
}

/// Every element opened is closed, in order (void and self-closed elements aside).
private func expectBalanced(_ html: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
  let void: Set<String> = ["meta", "br", "hr", "img", "input", "link", "!doctype"]
  var stack: [String] = []
  let tag = /<(\/?)([A-Za-z!][A-Za-z0-9]*)[^>]*?(\/?)>/
  // Skip the style sheet: CSS is not markup.
  let body = html.replacing(/<style>[\s\S]*?<\/style>/, with: "<style></style>")
  for m in body.matches(of: tag) {
    let name = m.output.2.lowercased()
    if void.contains(name) || !m.output.3.isEmpty { continue }
    if m.output.1.isEmpty {
      stack.append(name)
    } else {
      let top = stack.popLast()
      #expect(top == name, "</\(name)> closes <\(top ?? "nothing")>", sourceLocation: sourceLocation)
      if top != name { return }
    }
  }
  #expect(stack.isEmpty, "unclosed: \(stack)", sourceLocation: sourceLocation)
  #expect(
    body.components(separatedBy: "<table").count == body.components(separatedBy: "</table>").count,
    sourceLocation: sourceLocation)
}
