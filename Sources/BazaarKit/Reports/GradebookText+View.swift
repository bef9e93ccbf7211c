import Foundation

// The instructor's view in the terminal table and in Markdown: who needs help (the learner ×
// lesson matrix of each course, in symbols and percentages, with its legend), learners one by
// one, integrity flags per learner, calc questions per variant, and which attempt is counted.
//
// Every text from a file goes through `Sanitize.line` (the terminal) or `md` (Markdown), which
// clean control characters such as ESC and, in Markdown, escape `|`, `\` and `<`.
extension GradebookText {
  /// Tries of a question listed in the terminal per learner who needs help.
  static let reviewShownInTable = 5

  /// Text from a file as a Markdown table cell or line: controls cleaned, `\`, `|` and `<` escaped.
  static func md(_ s: String) -> String {
    Sanitize.line(s).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
      .replacingOccurrences(of: "<", with: "&lt;")
  }

  /// Columns aligned by display width under `header`, each line indented by two spaces; every
  /// cell cleaned by `Sanitize.line`.
  static func viewGrid(_ header: [String], _ rows: [[String]]) -> String {
    let head = header.map { Sanitize.line($0) }
    let body = rows.map { $0.map { Sanitize.line($0) } }
    var widths = head.map { DisplayWidth.of($0) }
    for r in body {
      for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(c)) }
    }
    func line(_ cells: [String]) -> String {
      "  "
        + cells.enumerated().map { i, c in
          c + String(repeating: " ", count: max(0, (i < widths.count ? widths[i] : 0) - DisplayWidth.of(c)))
        }.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
    }
    return line(head) + "  " + widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n" + body.map(line).joined()
  }

  /// A Markdown table (every cell through ``md(_:)``).
  static func mdGrid(_ header: [String], _ rows: [[String]]) -> String {
    var out = "| " + header.map(md).joined(separator: " | ") + " |\n"
    out += "|" + header.map { _ in "---|" }.joined() + "\n"
    for r in rows { out += "| " + r.map(md).joined(separator: " | ") + " |\n" }
    return out
  }

  // MARK: Who needs help

  static func matrixHeader(_ m: GradebookView.CourseMatrix, _ messages: MessageCatalog) -> [String] {
    [
      messages.text("gradebook.view.col.learner"), messages.text("gradebook.view.col.standing"),
      messages.text("gradebook.view.col.lessonsPassed"), messages.text("gradebook.view.col.answered"),
      messages.text("gradebook.view.col.credit"),
    ] + m.lessons.indices.map(GradebookView.lessonCode)
  }

  static func matrixRows(_ m: GradebookView.CourseMatrix, _ messages: MessageCatalog) -> [[String]] {
    m.rows.map { r in
      [
        r.learner, GradebookView.standingText(r, messages), GradebookView.lessonsPassed(r), GradebookView.questionsAnswered(r),
        GradebookView.percent(r.credit),
      ] + m.cells(r).map(GradebookView.cellText)
    }
  }

  /// The terminal's "who needs help": for each course its pass mark, the matrix and its legend.
  static func helpTable(_ g: Gradebook, _ m: MessageCatalog) -> String {
    var out = m.text("gradebook.view.title.help") + "\n"
    let matrices = GradebookView.matrices(g)
    guard !matrices.isEmpty else { return out + "  " + m.text("gradebook.none") + "\n" }
    out += "  " + m.text("gradebook.view.help.order") + "\n"
    out += "  " + GradebookView.symbolLine(m) + "\n"
    out += "  " + m.text("gradebook.view.credit.explain") + "\n"
    for matrix in matrices {
      out += "\n" + Sanitize.line(matrix.title + (matrix.title == matrix.course ? "" : " (" + matrix.course + ")")) + "\n"
      out += "  " + GradebookView.courseNote(matrix, m) + "\n"
      out += viewGrid(matrixHeader(matrix, m), matrixRows(matrix, m))
      for line in GradebookView.legendLines(matrix, m) { out += "  " + Sanitize.line(line) + "\n" }
    }
    return out
  }

  /// Markdown's "who needs help".
  static func helpMarkdown(_ g: Gradebook, _ m: MessageCatalog) -> String {
    var out = "## " + m.text("gradebook.view.title.help") + "\n\n"
    let matrices = GradebookView.matrices(g)
    guard !matrices.isEmpty else { return out + m.text("gradebook.none") + "\n" }
    out += m.text("gradebook.view.help.order") + "\n\n"
    out += GradebookView.symbolLine(m) + "\n\n"
    out += m.text("gradebook.view.credit.explain") + "\n"
    for matrix in matrices {
      out += "\n### " + md(matrix.title) + (matrix.title == matrix.course ? "" : " (" + md(matrix.course) + ")") + "\n\n"
      out += "**" + GradebookView.courseNote(matrix, m) + "**\n\n"
      out += mdGrid(matrixHeader(matrix, m), matrixRows(matrix, m))
      let legend = GradebookView.legendLines(matrix, m)
      if !legend.isEmpty { out += "\n" + legend.map { "- " + md($0) }.joined(separator: "\n") + "\n" }
    }
    return out
  }

  // MARK: Learners

  /// A learner's rows, in the order of the courses' matrices.
  static func rows(of learner: String, _ g: Gradebook, _ matrices: [GradebookView.CourseMatrix]) -> [GradebookRow] {
    let rank = Dictionary(matrices.enumerated().map { ($1.course, $0) }, uniquingKeysWith: { a, _ in a })
    return g.rows.filter { $0.learner == learner }.sorted {
      (rank[$0.course] ?? .max, $0.course) < (rank[$1.course] ?? .max, $1.course)
    }
  }

  /// The lessons of `r` not passed yet: `✗ L5 53%`, `· L6`.
  static func openLessons(_ r: GradebookRow, _ matrices: [GradebookView.CourseMatrix]) -> [String] {
    let lessons = matrices.first { $0.course == r.course }?.lessons ?? []
    return r.lessons.enumerated().compactMap { i, cell in
      guard cell.status != .passed else { return nil }
      let index = lessons.firstIndex { $0.id == cell.lesson } ?? i
      let text = GradebookView.cellText(cell)
      let symbol = GradebookView.symbol(cell.status)
      // `✗ L5 53%`: the symbol, the lesson, then the score when there is one.
      return symbol + " " + GradebookView.lessonCode(index) + String(text.dropFirst(symbol.count))
    }
  }

  /// Flags of `learner` counted by kind: `too fast ×8, identical answers ×7`.
  static func flagSummary(_ flags: [IntegrityFlag], _ m: MessageCatalog) -> String {
    var counts: [IntegrityFlag.Kind: Int] = [:]
    for f in flags { counts[f.kind, default: 0] += 1 }
    return counts.keys.sorted { GradebookView.kindRank($0) < GradebookView.kindRank($1) }
      .map { m.text("gradebook.flag." + $0.rawValue) + " ×" + String(counts[$0] ?? 0) }.joined(separator: m.text("grade.listSeparator"))
  }

  /// One review item on one line: `course/question 0% not right: prompt — typed: A → B`.
  static func reviewLine(_ i: ReviewItem, _ m: MessageCatalog) -> String {
    let typed = i.answers.map { clip(Sanitize.line($0), 40) }.joined(separator: " → ")
    let said = clip(Sanitize.line(i.prompt), 60) + (typed.isEmpty ? "" : " — " + m.text("gradebook.view.learner.typed", ["answers": typed]))
    return i.course + "/" + i.question + "  " + GradebookView.percent(i.score) + "  " + labelled(GradebookView.outcomeWord(i.outcome, m), said, m)
  }

  /// `label: text` in the catalogue's punctuation.
  static func labelled(_ label: String, _ text: String, _ m: MessageCatalog) -> String {
    m.text("gradebook.view.label", ["label": label, "text": text])
  }

  /// The terminal's blocks, one per learner who needs help: standing per course, what to go
  /// over (the first few), live shows, integrity flags.
  static func learnerBlocks(_ g: Gradebook, _ m: MessageCatalog) -> String {
    var out = m.text("gradebook.view.title.learnersHelp") + "\n"
    let names = GradebookView.learnerOrder(g).filter { GradebookView.needsHelp($0, g) }
    guard !names.isEmpty else { return out + "  " + m.text("gradebook.none") + "\n" }
    let matrices = GradebookView.matrices(g)
    var pages: [String: LearnerReport] = [:]
    for p in g.learners where pages[p.learner] == nil { pages[p.learner] = p }
    for name in names {
      out += "\n" + Sanitize.line(name) + "\n"
      for r in rows(of: name, g, matrices) {
        let title = matrices.first { $0.course == r.course }?.title ?? r.course
        let open = openLessons(r, matrices)
        let text =
          GradebookView.standingText(r, m) + " · " + m.text("gradebook.view.learner.credit", ["credit": GradebookView.percent(r.credit)])
          + (open.isEmpty ? "" : " — " + open.joined(separator: m.text("grade.listSeparator")))
        out += Sanitize.line("  " + labelled(title, text, m)) + "\n"
      }
      let page = pages[name] ?? LearnerReport(learner: name)
      if !page.review.isEmpty {
        let shown = GradebookView.reviewByNeed(page.review).prefix(reviewShownInTable)
        out += Sanitize.line("  " + m.text("gradebook.view.learner.reviewSummary", ["counts": GradebookView.reviewCounts(page.review, m)]))
        out += shown.count < page.review.count ? m.text("gradebook.view.learner.reviewShown", ["n": String(shown.count)]) + "\n" : "\n"
        for i in shown { out += Sanitize.line("    " + reviewLine(i, m)) + "\n" }
      }
      if !page.live.isEmpty {
        let shows = page.live.map { s in
          GradebookView.date(s.started) + " · " + (s.title ?? s.scenario) + " · " + (s.score.map { Format.decimal($0, places: 0) + "/100" } ?? "—")
        }
        out += Sanitize.line("  " + labelled(m.text("gradebook.view.learner.live"), shows.joined(separator: "; "), m)) + "\n"
      }
      let flags = GradebookView.flags(of: name, g)
      if !flags.isEmpty {
        out += Sanitize.line("  " + labelled(m.text("gradebook.view.learner.flags"), flagSummary(flags, m), m)) + "\n"
      }
    }
    return out
  }

  /// Markdown: a heading per learner (everyone the report names), with their standing per
  /// course, what to go over, live shows and integrity flags.
  static func learnerMarkdown(_ g: Gradebook, _ m: MessageCatalog) -> String {
    var out = "## " + m.text("gradebook.view.title.learners") + "\n\n"
    let names = GradebookView.learnerOrder(g)
    guard !names.isEmpty else { return out + m.text("gradebook.none") + "\n" }
    out += m.text("gradebook.view.learners.intro") + "\n"
    let matrices = GradebookView.matrices(g)
    var pages: [String: LearnerReport] = [:]
    for p in g.learners where pages[p.learner] == nil { pages[p.learner] = p }
    for name in names {
      let rows = rows(of: name, g, matrices)
      let badge =
        GradebookView.needsHelp(name, g)
        ? " — " + m.text("gradebook.view.learner.needsHelp")
        : (!rows.isEmpty && rows.allSatisfy { $0.standing == .passed } ? " — " + m.text("gradebook.view.learner.allPassed") : "")
      out += "\n### " + md(name) + badge + "\n"
      if !rows.isEmpty {
        out += "\n"
        out += mdGrid(
          [
            m.text("gradebook.view.col.course"), m.text("gradebook.view.col.standing"), m.text("gradebook.view.col.lessonsPassed"),
            m.text("gradebook.view.col.answered"), m.text("gradebook.view.col.credit"), m.text("gradebook.view.col.lessonsOpen"),
          ],
          rows.map { r in
            [
              matrices.first { $0.course == r.course }?.title ?? r.course, GradebookView.standingText(r, m), GradebookView.lessonsPassed(r),
              GradebookView.questionsAnswered(r), GradebookView.percent(r.credit),
              openLessons(r, matrices).joined(separator: m.text("grade.listSeparator")),
            ]
          })
      }
      let page = pages[name] ?? LearnerReport(learner: name)
      out += "\n**" + m.text("gradebook.view.learner.review", ["n": String(page.review.count)]) + "**"
      if page.review.isEmpty {
        out += "\n\n" + m.text("gradebook.view.learner.reviewNone") + "\n"
      } else {
        out += " " + md(GradebookView.reviewCounts(page.review, m)) + "\n\n"
        let shown = GradebookView.reviewByNeed(page.review).prefix(GradebookView.reviewShown(learners: names.count))
        out += mdGrid(
          [
            m.text("gradebook.view.col.question"), m.text("gradebook.view.col.prompt"), m.text("gradebook.view.col.typed"),
            m.text("gradebook.view.col.score"), m.text("gradebook.view.col.outcome"),
          ],
          shown.map { i in
            [
              i.course + "/" + i.question, clip(i.prompt, 120), i.answers.map { clip($0, 80) }.joined(separator: " → "),
              GradebookView.percent(i.score), GradebookView.outcomeWord(i.outcome, m),
            ]
          })
        if shown.count < page.review.count {
          out += "\n" + m.text("gradebook.view.learner.reviewMore", ["n": String(page.review.count - shown.count)]) + "\n"
        }
      }
      out += "\n**" + m.text("gradebook.view.learner.live") + "**\n\n"
      if page.live.isEmpty { out += m.text("gradebook.view.learner.liveNone") + "\n" }
      for s in page.live {
        out += "- " + md(GradebookView.date(s.started)) + " · " + md(s.title ?? s.scenario) + " · "
          + (s.score.map { Format.decimal($0, places: 0) + "/100" } ?? "—") + " · " + md(s.path) + "\n"
      }
      out += "\n**" + m.text("gradebook.view.learner.flags") + "**\n\n"
      let flags = GradebookView.flags(of: name, g)
      if flags.isEmpty { out += m.text("gradebook.none") + "\n" }
      for f in flags {
        let others = f.learners.filter { $0 != name }
        out += "- " + md(m.text("gradebook.flag." + f.kind.rawValue)) + ": " + md(f.detail)
          + (others.isEmpty ? "" : " (" + md(m.text("gradebook.view.learner.with", ["names": others.joined(separator: ", ")])) + ")")
          + (f.paths.isEmpty ? "" : " — " + md(f.paths.prefix(3).joined(separator: ", "))) + "\n"
      }
    }
    return out
  }

  // MARK: Flags per learner

  static func flagCountRows(_ g: Gradebook, _ m: MessageCatalog) -> (header: [String], rows: [[String]]) {
    let (kinds, learners) = GradebookView.flagsByLearner(g)
    let header = [m.text("gradebook.view.col.learner"), m.text("gradebook.view.col.flags")] + kinds.map { m.text("gradebook.flag." + $0.rawValue) }
    let rows = learners.map { c in [c.learner, String(c.total)] + kinds.map { k in c.counts[k].map(String.init) ?? "—" } }
    return (header, rows)
  }

  /// Learner → number of flags of each kind, the most flagged first (terminal).
  static func flagsPerLearnerTable(_ g: Gradebook, _ m: MessageCatalog) -> String {
    let (header, rows) = flagCountRows(g, m)
    let out = m.text("gradebook.view.flags.byLearner") + "\n"
    return rows.isEmpty ? out + "  " + m.text("gradebook.none") + "\n" : out + viewGrid(header, rows)
  }

  /// Learner → number of flags of each kind (Markdown).
  static func flagsPerLearnerMarkdown(_ g: Gradebook, _ m: MessageCatalog) -> String {
    let (header, rows) = flagCountRows(g, m)
    let out = "## " + m.text("gradebook.view.flags.byLearner") + "\n\n"
    return rows.isEmpty ? out + m.text("gradebook.none") + "\n" : out + mdGrid(header, rows)
  }

  // MARK: Calc variants

  static func variantRows(_ g: Gradebook, _ m: MessageCatalog) -> (header: [String], rows: [[String]]) {
    let header = [
      m.text("gradebook.view.col.course"), m.text("gradebook.view.col.question"), m.text("gradebook.view.col.values"),
      m.text("gradebook.view.col.n"), m.text("gradebook.view.col.facility"), m.text("gradebook.view.col.sd"),
    ]
    var rows: [[String]] = []
    for s in g.variants {
      for v in s.variants {
        rows.append([s.course, s.question, v.values, String(v.n), num(v.facility), num(v.standardDeviation)])
      }
      if let other = GradebookView.otherVariants(s, m) { rows.append([s.course, s.question, other, "", "", ""]) }
    }
    return (header, rows)
  }

  /// Per drawn-values variant of each calc question (terminal); empty without variants.
  static func variantsTable(_ g: Gradebook, _ m: MessageCatalog) -> String {
    guard !g.variants.isEmpty else { return "" }
    let (header, rows) = variantRows(g, m)
    return "\n" + m.text("gradebook.view.variants.title") + "\n  " + m.text("gradebook.view.variants.note") + "\n" + viewGrid(header, rows)
  }

  /// Per drawn-values variant of each calc question (Markdown); empty without variants.
  static func variantsMarkdown(_ g: Gradebook, _ m: MessageCatalog) -> String {
    guard !g.variants.isEmpty else { return "" }
    let (header, rows) = variantRows(g, m)
    return "\n### " + m.text("gradebook.view.variants.title") + "\n\n" + m.text("gradebook.view.variants.note") + "\n\n" + mdGrid(header, rows)
  }
}
