import BazaarKit
import Foundation

/// Writes to standard output.
public final class StandardOutput: Console {
  public init() {}
  public func write(_ text: String) {
    var t = text
    t.withUTF8 { buffer in
      var offset = 0
      while offset < buffer.count {
        let n = Foundation.write(STDOUT_FILENO, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
        if n < 0 { if errno == EINTR { continue } else { return } }
        offset += n
      }
    }
  }
}

/// Renders lesson outputs as text: wrapped by display width, coloured on a terminal, with every
/// string from a file sanitised.
public final class TerminalLessonView: LessonView {
  let console: any Console
  let style: Style
  /// Bazaar's own language when fixed by `--ui-lang` or the locale; nil follows the course language.
  let fixedUILanguage: String?
  /// The languages of the session this view last showed, as the session holds them (the view never
  /// decides them). Messages outside a session's outputs — notices, the menu, goodbye — follow them,
  /// so after `:lang` every message is in the chosen language.
  public private(set) var sessionLanguage: SessionLanguage?
  let extraMessageFolders: [String]
  let width: () -> Int?
  private var catalogs: [String: MessageCatalog] = [:]

  /// A view on `console`; `width` gives the current terminal width (nil: do not wrap).
  public init(
    console: any Console, color: Bool, uiLanguage: String?, messageFolders: [String] = [], width: @escaping () -> Int?
  ) {
    self.console = console
    self.style = Style(enabled: color)
    self.fixedUILanguage = uiLanguage
    self.extraMessageFolders = messageFolders
    self.width = width
  }

  /// The catalogue for Bazaar's words outside a session's outputs, for a course in
  /// `courseLanguage`: the language of the session last shown, else the fixed interface language,
  /// else the course's.
  public func catalog(_ courseLanguage: String) -> MessageCatalog {
    catalog(named: sessionLanguage?.messages ?? fixedUILanguage ?? courseLanguage)
  }

  /// The catalogue a session in `language` speaks: Bazaar's words, grade notes included.
  public func catalog(for language: SessionLanguage) -> MessageCatalog { catalog(named: language.messages) }

  private func catalog(named lang: String) -> MessageCatalog {
    if let c = catalogs[lang] { return c }
    let c = MessageCatalog.load(language: lang, folders: extraMessageFolders)
    catalogs[lang] = c
    return c
  }

  /// Writes `text` wrapped to the terminal, every line starting with `indent`; continuation lines
  /// also get `hanging`.
  private func out(_ text: String, indent: String = "", hanging: String = "") {
    console.write(
      TextLayout.wrap(text, width: width().map { $0 - 1 }, indent: indent, indentFirst: !indent.isEmpty, hanging: hanging) + "\n")
  }

  /// Writes a list item: `label` then `text`, continuation lines hanging under the text (not under
  /// the label), every line starting with `indent`. (Leading spaces of `label` are kept on
  /// continuation lines by the wrapping itself.)
  private func out(label: String, _ text: String, indent: String = "") {
    out(label + text, indent: indent, hanging: TextLayout.hangingIndent(for: String(label.drop { $0 == " " })))
  }

  private func clean(_ s: String) -> String {
    // Keep newlines inside course text; neutralise every other control character.
    s.split(separator: "\n", omittingEmptySubsequences: false).map { Sanitize.line(String($0)) }.joined(separator: "\n")
  }

  /// Bold, when colour is on.
  public func styleBold(_ s: String) -> String { style.bold(s) }

  static func percent(_ score: Double) -> String { Format.percent(score) }

  public func prompt(awaitingAnswer: Bool, language: SessionLanguage) -> String {
    sessionLanguage = language
    return catalog(for: language).text(awaitingAnswer ? "runner.prompt.answer" : "runner.prompt.continue")
  }

  public func render(_ output: LessonOutput, language: SessionLanguage) {
    sessionLanguage = language
    let m = catalog(for: language)
    switch output {
    case .lessonStart(let title, let lesson, let lessons, let resumedAt):
      console.write("\n")
      out(style.bold(m.text("runner.lesson", ["n": String(lesson + 1), "total": String(lessons), "title": clean(title)])))
      if let step = resumedAt { out(style.dim(m.text("runner.resumed", ["step": String(step + 1)]))) }
    case .narrative(let text, let step, let steps):
      console.write("\n")
      out(style.dim(m.text("runner.step", ["step": String(step + 1), "steps": String(steps)])) + " " + clean(text))
      out(style.dim(m.text("runner.narrative.continue")))
    case .liveStep(let title, let brief, let scenario, let course, let step, let steps):
      console.write("\n")
      out(style.dim(m.text("runner.step", ["step": String(step + 1), "steps": String(steps)])) + " " + style.bold(clean(title)))
      if let brief { out(clean(brief)) }
      out(style.accent(m.text("runner.liveStep", ["command": "bazaar live \(course) --scenario \(scenario)"])))
      out(style.dim(m.text("runner.narrative.continue")))
    case .question(let q):
      renderQuestion(q, m)
    case .graded(let g):
      let mark = g.score >= 1 - 1e-9 ? style.good("✓") : g.score > 0 ? style.warn("◐") : style.bad("✗")
      for (i, note) in g.notes.render(with: m).enumerated() { out(label: i == 0 ? mark + " " : "  ", clean(note)) }
      if g.tryAgain {
        out(g.attemptsLeft.map { m.text("runner.tryAgain", ["n": String($0)]) } ?? m.text("runner.tryAgainUnlimited"))
      }
      if let a = g.correctAnswer { out(style.accent(m.text("runner.correctAnswer", ["answer": clean(a)]))) }
      if let e = g.explanation { out(m.text("runner.explanation", ["text": clean(e)])) }
      if let f = g.finalScore, !g.tryAgain { out(style.dim(m.text("runner.questionScore", ["score": Self.percent(f)]))) }
    case .unreadable(let notes):
      out(style.warn(m.text("runner.unreadable", ["reason": clean(notes.render(with: m).joined(separator: " "))])))
    case .hint(let text, let n, let total, let penalty):
      var line = m.text("runner.hint", ["n": String(n), "total": String(total), "text": clean(text)])
      if penalty > 0 { line += (m.isChinese ? "" : " ") + m.text("runner.hintPenalty", ["pct": String(Int((penalty * 100).rounded()))]) }
      out(style.accent(line))
    case .noMoreHints(let total):
      out(total == 0 ? m.text("runner.noHints") : m.text("runner.noMoreHints"))
    case .skipped: out(m.text("runner.skipped"))
    case .skipNotAllowed: out(style.warn(m.text("runner.skipNotAllowed")))
    case .review(let text):
      out(style.dim(m.text("runner.review")))
      out(clean(text), indent: "  ")
    case .nothingBefore: out(m.text("runner.nothingBefore"))
    case .help(_, let canSkip):
      out(m.text("runner.help.title"))
      for key in ["runner.help.hint", canSkip ? "runner.help.skip" : "runner.help.skipOff", "runner.help.back", "runner.help.lang", "runner.help.menu", "runner.help.quit", "runner.help.help"] {
        out(m.text(key), indent: "  ")
      }
    case .unknownCommand(let word):
      out(style.warn(m.text("runner.unknownCommand", ["word": clean(word)])))
    case .commandNotHere(let word):
      out(style.warn(m.text("runner.commandNotHere", ["word": clean(word)])))
    case .languageChanged(let lang): out(m.text("runner.languageChanged", ["lang": lang]))
    case .languageNotOffered(_, let offered):
      out(m.text("runner.languageNotOffered", ["offered": offered.joined(separator: ", "), "first": offered.first ?? "zh"]))
    case .lessonEnd(let s):
      renderSummary(s, m)
    case .reviewCard(let c):
      console.write("\n")
      out(style.bold(m.text("review.card", ["n": String(c.index + 1), "total": String(c.count), "course": clean(c.course), "lesson": clean(c.lesson)])))
      if let d = c.daysSince {
        out(style.dim(d == 0 ? m.text("review.seen.today") : d == 1 ? m.text("review.seen.yesterday") : m.text("review.seen.days", ["days": String(d)])))
      }
    case .reviewScheduled(let days, let recalled):
      out(style.dim(m.text(recalled ? "review.scheduled.recalled" : "review.scheduled.forgot", ["when": Self.when(days, m)])))
    case .reviewEnd(let s):
      renderReviewSummary(s, m)
    case .record, .leave:
      break
    }
  }

  private func renderQuestion(_ q: QuestionView, _ m: MessageCatalog) {
    console.write("\n")
    out(style.dim(m.text("runner.step", ["step": String(q.step + 1), "steps": String(q.steps)])) + " " + style.bold(clean(q.prompt)))
    for item in q.items { out(label: style.accent(item.label) + "  ", clean(item.text), indent: "     ") }
    if !q.rightItems.isEmpty {
      console.write("\n")
      for item in q.rightItems { out(label: style.accent(item.label) + "  ", clean(item.text), indent: "     ") }
    }
    var how: String
    switch q.kind {
    case "choice": how = m.text(q.multiple ? "runner.chooseAll" : "runner.chooseOne")
    case "truefalse": how = m.text("runner.truefalse")
    case "order": how = m.text("runner.order")
    case "match": how = m.text("runner.match")
    case "number", "calc":
      how = q.unit.map { m.text("runner.numberUnit", ["unit": clean($0)]) } ?? m.text("runner.number")
    case "listing":
      var limits: [String] = []
      if let c = q.maxChars { limits.append(m.text("runner.limit.chars", ["n": String(c)])) }
      if let b = q.maxBytes { limits.append(m.text("runner.limit.bytes", ["n": String(b)])) }
      how = limits.isEmpty ? m.text("runner.listing") : m.text("runner.listingLimits", ["limit": limits.joined(separator: "; ")])
    case "pitch": how = m.text("runner.pitch")
    default: how = m.text("runner.short")
    }
    var extras: [String] = []
    if let left = q.attemptsLeft, left > 1 { extras.append(m.text("runner.attemptsLeft", ["n": String(left)])) }
    if q.hintsAvailable > 0 { extras.append(m.text("runner.hintsAvailable", ["n": String(q.hintsAvailable)])) }
    out(style.dim(([how] + extras).joined(separator: m.isChinese ? "" : " ")))
  }

  /// "tomorrow", "in 3 days".
  static func when(_ days: Int, _ m: MessageCatalog) -> String {
    days <= 0 ? m.text("review.when.today") : days == 1 ? m.text("review.when.tomorrow") : m.text("review.when.days", ["n": String(days)])
  }

  private func renderReviewSummary(_ s: ReviewSummary, _ m: MessageCatalog) {
    console.write("\n")
    if s.reviewed > 0 {
      out(style.bold(m.text("review.end.title")))
      out(
        s.recalled == s.reviewed
          ? m.text("review.end.reviewedAll", ["n": String(s.reviewed)])
          : m.text("review.end.reviewed", ["n": String(s.reviewed), "recalled": String(s.recalled), "forgot": String(s.reviewed - s.recalled)]))
      let groups = s.comingBack.map { m.text("review.end.group", ["count": String($0.count), "when": Self.when($0.days, m)]) }
      if !groups.isEmpty { out(m.text("review.end.comingBack", ["list": groups.joined(separator: m.isChinese ? "，" : ", ")])) }
    } else if s.cards == 0 {
      out(m.text("review.noCards"))
    } else if s.stillDue == 0 {
      out(m.text("review.nothingDue"))
      if let next = s.next { out(m.text("review.next", ["count": String(next.count), "when": Self.when(next.days, m)])) }
    }
    if s.stillDue > 0 { out(style.warn(m.text("review.end.stillDue", ["n": String(s.stillDue)]))) }
    if let r = s.retention, s.cards > 0 {
      out(style.dim(m.text("review.end.retention", ["pct": Self.percent(r), "cards": String(s.cards)])))
    }
  }

  private func renderSummary(_ s: LessonSummary, _ m: MessageCatalog) {
    console.write("\n")
    out(style.bold(m.text("runner.summary.title", ["title": clean(s.title)])))
    if let score = s.score {
      out(
        m.text(
          "runner.summary.score",
          ["score": Self.percent(score), "correct": String(s.correct), "helped": String(s.rightWithHelp), "questions": String(s.questions),
           "skipped": String(s.skipped), "hints": String(s.hintsUsed)]))
      out(s.passed ? style.good(m.text("runner.summary.passed")) : style.warn(m.text("runner.summary.notPassed", ["pass": Self.percent(s.passScore)])))
    } else {
      out(m.text("runner.summary.noQuestions"))
    }
    let time = Format.duration(milliseconds: s.milliseconds, m)
    out(style.dim(m.text("runner.summary.time", ["time": time])))
    if !s.review.isEmpty {
      out(m.text("runner.summary.review"))
      for r in s.review.prefix(10) { out(label: "• ", clean(r.split(separator: "\n").first.map(String.init) ?? r), indent: "  ") }
    }
    for live in s.liveToRun {
      out(style.warn(m.text("runner.summary.liveToRun", ["title": clean(live.title), "course": clean(live.course), "scenario": clean(live.scenario)])))
    }
    if let next = s.next { out(m.text("runner.summary.next", ["title": clean(next)])) }
  }
}
