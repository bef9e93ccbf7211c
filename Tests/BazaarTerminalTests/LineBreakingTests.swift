import Foundation
import Testing

@testable import BazaarKit
@testable import BazaarTerminal

/// Chinese line-breaking rules (禁则), hanging indents and what wrapping must never do.
@Suite("line breaking")
struct LineBreakingTests {
  func lines(_ text: String) -> [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

  // MARK: Openers and closers, with hand-written lines

  @Test func anOpeningQuoteGoesToTheNextLineWithWhatFollowsIt() {
    // “ would fit on the first line (9 columns) but 定 would not.
    #expect(lines(TextLayout.wrap("一二三四“定金”", width: 10)) == ["一二三四", "“定金”"])
    // As seen at 80 columns: …比如“⏎定金 10 抵 30”.
    let text = "[2/15] 定金膨胀是大促预售的玩法：先付定金，付尾款时定金按更高的金额抵扣，比如“定金 10 抵 30”。"
    #expect(
      lines(TextLayout.wrap(text, width: 79)) == [
        "[2/15] 定金膨胀是大促预售的玩法：先付定金，付尾款时定金按更高的金额抵扣，比如",
        "“定金 10 抵 30”。",
      ])
  }

  @Test func anOpeningBracketNeverEndsALine() {
    // 费率 5.6%（⏎练习费率）
    #expect(lines(TextLayout.wrap("费率是 5.6%（练习费率）", width: 14)) == ["费率是 5.6%", "（练习费率）"])
    // …的要求？（⏎多选）
    #expect(lines(TextLayout.wrap("一二三四的要求？（多选）", width: 18)) == ["一二三四的要求？", "（多选）"])
    #expect(lines(TextLayout.wrap("一二三四 (note)", width: 10)) == ["一二三四", "(note)"])
    #expect(lines(TextLayout.wrap("一二三四五六【限时】", width: 13)) == ["一二三四五六", "【限时】"])
  }

  @Test func closingQuotesAndPunctuationStayWithWhatPrecedesThem() {
    #expect(lines(TextLayout.wrap("一二三四五”后", width: 10)) == ["一二三四", "五”后"])
    #expect(lines(TextLayout.wrap("一二三四五）后", width: 10)) == ["一二三四", "五）后"])
    #expect(lines(TextLayout.wrap("一二三四五。后", width: 10)) == ["一二三四", "五。后"])
    #expect(lines(TextLayout.wrap("一二三四五、后", width: 10)) == ["一二三四", "五、后"])
    // A closing quote followed by a comma: both stay with the character before them.
    #expect(lines(TextLayout.wrap("一二三“四五”，后", width: 12)) == ["一二三“四", "五”，后"])
    // …… and —— are never split.
    #expect(lines(TextLayout.wrap("一二三四五……后", width: 11)) == ["一二三四", "五……后"])
    #expect(lines(TextLayout.wrap("一二三四五——后", width: 11)) == ["一二三四五", "——后"])
  }

  @Test func straightQuotesNextToChineseAreNeverSeparatedFromTheirNeighbours() {
    let wrapped = lines(TextLayout.wrap("一二三四\"定金\"后", width: 10))
    #expect(wrapped == ["一二三", "四\"定金\"后"])
  }

  @Test func englishKeepsBracketsWithTheirWords() {
    #expect(
      lines(TextLayout.wrap("That is the gross margin (divided by the price).", width: 26)) == [
        "That is the gross margin", "(divided by the price).",
      ])
  }

  // MARK: Hanging indents

  @Test func optionContinuationLinesHangUnderTheText() {
    let text = "B  Saying only \"20 off with the coupon\" in the live room when the coupon needs a 199-yuan order"
    let wrapped = TextLayout.wrap(text, width: 44, indent: "     ", indentFirst: true, hanging: TextLayout.hangingIndent(for: "B  "))
    #expect(
      lines(wrapped) == [
        "     B  Saying only \"20 off with the coupon\"",
        "        in the live room when the coupon",
        "        needs a 199-yuan order",
      ])
  }

  @Test func chineseOptionContinuationLinesHangUnderTheText() {
    let text = "B  券要满 199 才能用，直播里只说“领券立减 20”"
    let wrapped = TextLayout.wrap(text, width: 43, indent: "     ", indentFirst: true, hanging: TextLayout.hangingIndent(for: "B  "))
    #expect(lines(wrapped) == ["     B  券要满 199 才能用，直播里只说“领券", "        立减 20”"])
  }

  @Test func bulletContinuationLinesHangUnderTheText() {
    let text = "• 活动前 7 天，这盒枣夹核桃的成交价依次是 49.9、46.9、44.9、47.9 元。活动页没写基准价，打折应该从哪个价算起？"
    let wrapped = TextLayout.wrap(text, width: 79, indent: "  ", indentFirst: true, hanging: TextLayout.hangingIndent(for: "• "))
    #expect(
      lines(wrapped) == [
        "  • 活动前 7 天，这盒枣夹核桃的成交价依次是 49.9、46.9、44.9、47.9 元。活动页没",
        "    写基准价，打折应该从哪个价算起？",
      ])
  }

  @Test func theHangingIndentIsMeasuredInColumnsWithoutColourCodes() {
    let style = Style(enabled: true)
    #expect(TextLayout.hangingIndent(for: style.accent("A") + "  ") == "   ")
    #expect(TextLayout.hangingIndent(for: "提示：") == "      ")
    let label = style.accent("C") + "  "
    let wrapped = TextLayout.wrap(label + "从没卖过 99 元，却把 99 元写成划线原价", width: 30, indent: "     ", indentFirst: true, hanging: TextLayout.hangingIndent(for: label))
    let result = lines(wrapped)
    #expect(result.count == 2)
    #expect(result[1].hasPrefix("        ") && !result[1].hasPrefix("         "))
    #expect(result.allSatisfy { DisplayWidth.of($0) <= 30 })
  }

  @Test func laterParagraphsOfAnItemHangToo() {
    let wrapped = TextLayout.wrap("✓ 正确。\n第二段", width: 40, hanging: "  ")
    #expect(lines(wrapped) == ["✓ 正确。", "  第二段"])
  }

  @Test func aHangingIndentLeavesHalfTheLineForText() {
    let wrapped = TextLayout.wrap("一二三四五六七八九十", width: 12, hanging: String(repeating: " ", count: 10))
    #expect(lines(wrapped).allSatisfy { DisplayWidth.of($0) <= 12 })
    #expect(lines(wrapped).dropFirst().allSatisfy { $0.hasPrefix("      ") && !$0.hasPrefix("       ") })
  }

  // MARK: Invariants over real course sentences and every width

  static let samples = [
    "定金膨胀是大促预售的玩法：先付定金，付尾款时定金按更高的金额抵扣，比如“定金 10 抵 30”。",
    "标价 44.9 元，单位成本 28 元，费率 5.6%（练习费率）。每盒利润是多少元？（保留两位小数）",
    "下面哪些应该算进一盒货的单位成本？（多选）",
    "《规范促销行为暂行规定》（2020 年 12 月 1 日起施行）要求：打折要写明从哪个价格打折（基准价）。",
    "促销的条件和时限要在显著位置写出来，比如“券后价”“限时 3 分钟”“限量 50 盒”。",
    "直播间有人问：“39.9 是真的吗？原价多少？”（标价 44.9 元；5 元无门槛券只发 3 分钟，券后 39.9 元。）",
    "售价扣掉费用（售价 × 费率）和要留下的毛利（售价 × 毛利率），剩下的正好是成本：售价 × (1 − 费率 − 毛利率) = 成本。",
    "为店铺的满减活动写一句商品页活动文案：不超过 60 字节，写出“满99减10”和截止时间，不用绝对化用语。",
    "Saying only \"20 off with the coupon\" in the live room when the coupon needs a 199-yuan order",
    "That is the markup before fees (16.9 ÷ 28). Use the profit after fees, 14.39.",
    "Walnut-stuffed jujubes (枣夹核桃) cost 28 yuan [per box]; the fee is 5.6% (practice rate).",
  ]

  @Test(arguments: samples)
  func wrappingKeepsTheRules(_ text: String) {
    // From 12 columns: at 10, with a 5-column indent, a group such as 率）。 is wider than what is
    // left of the line and is cut by columns.
    for width in 12...90 {
      for hanging in ["", "   "] {
        let wrapped = lines(TextLayout.wrap(text, width: width, indent: "  ", indentFirst: true, hanging: hanging))
        for (i, line) in wrapped.enumerated() {
          let lead = i == 0 ? "  " : "  " + hanging
          #expect(line.hasPrefix(lead), "width \(width): \(line)")
          let body = line.dropFirst(lead.count)
          #expect(DisplayWidth.of(line) <= width, "width \(width): \(line)")
          #expect(body.first != " " && body.last != " ", "width \(width): \(line)")
          if i > 0 { #expect(!TextLayout.noLineStart.contains(body.first!), "width \(width): \(line)") }
          if i < wrapped.count - 1 { #expect(!TextLayout.noLineEnd.contains(body.last!), "width \(width): \(line)") }
        }
        // Nothing lost, added or reordered: the lines without their indents, joined, give the text
        // back (a space where the line broke at a space).
        let bodies = wrapped.enumerated().map { String($0.element.dropFirst($0.offset == 0 ? 2 : 2 + hanging.count)) }
        var joined = bodies[0]
        for next in bodies.dropFirst() {
          joined += text.hasPrefix(joined + " " + next) ? " " + next : next
        }
        #expect(joined == text, "width \(width)")
      }
    }
  }

  @Test func aTokenLongerThanTheLineIsCutAndNothingIsLost() {
    let url = "https://example.com/" + String(repeating: "x", count: 40)
    let wrapped = lines(TextLayout.wrap("看 " + url + " 这里", width: 20))
    #expect(wrapped.allSatisfy { DisplayWidth.of($0) <= 20 })
    #expect(wrapped.joined().replacingOccurrences(of: " ", with: "") == ("看" + url + "这里"))
  }

  @Test func colourCodesAreKeptWhenALineBreaksAtTheirSpace() {
    let style = Style(enabled: true)
    let text = style.bold("一二三四五") + " " + style.dim("六七八九十")
    let wrapped = TextLayout.wrap(text, width: 12)
    #expect(wrapped.replacingOccurrences(of: "\n", with: " ") == text)
    #expect(lines(wrapped).allSatisfy { DisplayWidth.of($0) <= 12 })
  }
}

/// A console that keeps what is written.
final class RecordingConsole: Console {
  var text = ""
  func write(_ text: String) { self.text += text }
}

@Suite("lesson view")
struct TerminalLessonViewTests {
  func view(uiLanguage: String?, width: Int? = 45, folders: [String] = []) -> (TerminalLessonView, RecordingConsole) {
    let console = RecordingConsole()
    return (TerminalLessonView(console: console, color: false, uiLanguage: uiLanguage, messageFolders: folders, width: { width }), console)
  }

  func wrong(left: Int) -> LessonOutput {
    .graded(GradedView(score: 0, notes: GradeNotes([.wrong], language: "en"), tryAgain: true, attemptsLeft: left))
  }

  @Test func messagesFollowTheSessionLanguage() {
    let (view, console) = view(uiLanguage: "zh")
    // Before :lang, --ui-lang zh speaks Bazaar's words (grade notes too) while the course is read in English.
    var language = SessionLanguage(course: "en", interface: "zh")
    view.render(wrong(left: 2), language: language)
    #expect(console.text.contains("✗ 不正确。"))
    #expect(console.text.contains("再试一次（还剩 2 次）"))
    console.text = ""
    language.choose("en")
    view.render(.languageChanged(to: "en"), language: language)
    view.render(wrong(left: 1), language: language)
    #expect(console.text.contains("Course language: en."))
    #expect(console.text.contains("✗ Not right."))
    #expect(console.text.contains("Try again (1 left)."))
    #expect(!console.text.contains("再试"))
    #expect(view.prompt(awaitingAnswer: true, language: language) == MessageCatalog.load(language: "en", folders: []).text("runner.prompt.answer"))
    // Messages outside the session's outputs (notices, goodbye) follow the session's language too.
    #expect(view.catalog("zh").language == "en")
    // And back.
    console.text = ""
    language.choose("zh")
    view.render(.languageChanged(to: "zh"), language: language)
    view.render(wrong(left: 1), language: language)
    #expect(console.text.contains("✗ 不正确。"))
    #expect(console.text.contains("再试一次（还剩 1 次）"))
  }

  @Test("a translator's messages/LANG.yaml reaches grade notes, as it reaches every other message")
  func translatorsTextReachesGradeNotes() throws {
    let dir = NSTemporaryDirectory() + "bazaar-messages-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try """
      grade.wrong: "XX-wrong"
      grade.notAnOption: "XX-{typed}-not-in-{valid}"
      runner.tryAgain: "XX-again-{n}"
      """.write(toFile: dir + "/xx.yaml", atomically: true, encoding: .utf8)
    let (view, console) = view(uiLanguage: "xx", folders: [dir])
    let language = SessionLanguage(course: "zh", interface: "xx")
    view.render(.graded(GradedView(score: 0, notes: GradeNotes([.wrong], language: "zh"), tryAgain: true, attemptsLeft: 1)), language: language)
    view.render(.unreadable(notes: GradeNotes([.notAnOption(typed: "E", valid: "A–D")], language: "zh")), language: language)
    #expect(console.text.contains("✗ XX-wrong"), "\(console.text)")
    #expect(console.text.contains("XX-again-1"), "\(console.text)")
    #expect(console.text.contains("XX-E-not-in-A–D"), "\(console.text)")
    // Keys the translation leaves out fall back to English.
    #expect(console.text.contains("Not counted: "), "\(console.text)")
  }

  @Test func optionsHangUnderTheirText() {
    let (view, console) = view(uiLanguage: "en")
    let q = QuestionView(
      id: "q", kind: "choice", prompt: "Which of these are price fraud?",
      items: [
        ("A", "Writing \"39.9 after the coupon, 3 minutes only\""),
        ("B", "Saying only \"20 off with the coupon\" in the live room when the coupon needs a 199-yuan order"),
      ],
      rightItems: [], multiple: true, step: 4, steps: 11, attemptsLeft: nil, hintsAvailable: 0)
    view.render(.question(q), language: SessionLanguage(course: "en"))
    let shown = console.text.split(separator: "\n").map(String.init)
    let b = try! #require(shown.firstIndex { $0.hasPrefix("     B  Saying") })
    #expect(shown[b + 1] == "        in the live room when the coupon")
    #expect(shown[b + 2] == "        needs a 199-yuan order")
  }

  @Test func reviewBulletsHangUnderTheirText() {
    let (view, console) = view(uiLanguage: "zh", width: 80)
    let summary = LessonSummary(
      lessonID: "l", title: "诚实地讲价格", score: 0.11, passed: false, passScore: 0.6, questions: 9, correct: 1, skipped: 8,
      hintsUsed: 0, milliseconds: 7000,
      review: ["活动前 7 天，这盒枣夹核桃的成交价依次是 49.9、46.9、44.9、47.9 元。活动页没写基准价，打折应该从哪个价算起？"], next: nil)
    view.render(.lessonEnd(summary), language: SessionLanguage(course: "zh"))
    let shown = console.text.split(separator: "\n").map(String.init)
    let i = try! #require(shown.firstIndex { $0.hasPrefix("  • 活动前") })
    #expect(shown[i + 1] == "    写基准价，打折应该从哪个价算起？")
  }
}

extension TerminalLessonViewTests {
  @Test func gradeNotesHangUnderTheirText() {
    let (view, console) = view(uiLanguage: "zh", width: 45)
    let notes = GradeNotes([.wrong, .optionFeedback(letter: "A", text: Localized("不是不发货，而是不包邮：照样发货，但要另付运费，这一句要够长才会折行。"))], language: "zh")
    view.render(.graded(GradedView(score: 0, notes: notes, tryAgain: true, attemptsLeft: 1)), language: SessionLanguage(course: "zh"))
    let shown = console.text.split(separator: "\n").map(String.init)
    #expect(shown[0] == "✗ 不正确。")
    #expect(shown[1] == "  A: 不是不发货，而是不包邮：照样发货，但要")
    #expect(shown[2] == "  另付运费，这一句要够长才会折行。")
    #expect(shown[3] == "再试一次（还剩 1 次）。")
  }
}

@Suite("line breaking: list items in text")
struct ListItemHangingTests {
  @Test("a paragraph that starts with a list marker hangs its continuation lines under its text")
  func bulletsHang() {
    let text = "Rules:\n· Taobao: at most 60 bytes, so an all-Chinese title has at most 30 characters.\n1. First line of a numbered item that wraps."
    let lines = TextLayout.wrap(text, width: 30).split(separator: "\n").map(String.init)
    #expect(lines.first == "Rules:")
    let bullet = lines.firstIndex { $0.hasPrefix("· Taobao") } ?? 0
    #expect(lines[bullet + 1].hasPrefix("  ") && !lines[bullet + 1].hasPrefix("   "), "\(lines)")
    let numbered = lines.firstIndex { $0.hasPrefix("1. First") } ?? 0
    #expect(lines[safe: numbered + 1]?.hasPrefix("   ") == true, "\(lines)")
    #expect(TextLayout.bulletMarker("· 淘宝最多60字节") == "· ")
    #expect(TextLayout.bulletMarker("2、不要堆砌") == "2、")
    #expect(TextLayout.bulletMarker("（3）标题") == "（3）")
    #expect(TextLayout.bulletMarker("2024年的规则") == nil)
    #expect(TextLayout.bulletMarker("普通段落") == nil)
  }
}

@Suite("lesson view: one language, held by the session")
struct SessionLanguageViewTests {
  @Test("--ui-lang en on a Chinese course: Bazaar's words and grade notes in English, course text in Chinese; one :lang zh switches all")
  func oneLangSwitchesEverything() throws {
    let yaml = """
      id: langs
      version: "1"
      title: {zh: 语言, en: Languages}
      languages: [zh, en]
      policy: {attempts: 3}
      lessons:
        - id: l1
          title: {zh: 第一课, en: Lesson one}
          steps:
            - id: num
              kind: number
              prompt: {zh: 售价多少元？, en: What is the price?}
              answer: 39.9
              unit: 元
      """
    let loaded = CourseLoader.parse(source: SourceText(path: "langs.yaml", text: yaml))
    let course = try #require(loaded.course, "\(loaded.diagnostics.map(\.message))")
    let console = RecordingConsole()
    let view = TerminalLessonView(console: console, color: false, uiLanguage: "en", width: { nil })
    var session = LessonSession(course: course, lessonIndex: 0, language: "zh", seed: "s")
    session.messageLanguage = "en"
    let reader = ScriptedLineReader(lines: ["40", ":lang zh", "41"])
    let runner = LessonRunner(session: session, reader: reader, view: view, recorder: nil, clock: TestClock())
    _ = runner.run()
    let text = console.text
    let switched = try #require(text.range(of: "课程语言")).lowerBound
    let before = String(text[..<switched])
    let after = String(text[switched...])
    #expect(before.contains("售价多少元？") && before.contains("Your answer is too high.") && before.contains("Try again (2 left)."), "\(before)")
    #expect(after.contains("售价多少元？") && after.contains("你的答案偏大。") && after.contains("再试一次（还剩 1 次）"), "\(after)")
    #expect(!after.contains("Try again") && !after.contains("too high"), "\(after)")
    #expect(reader.prompts.first == "> " && runner.session.languages == SessionLanguage(course: "zh"))
    // What Bazaar says after the session (goodbye, notices) follows the choice too.
    #expect(view.catalog("en").language == "zh")
  }
}
