import Foundation
import Plot

/// `bazaar grade --format html`: the gradebook as ONE self-contained HTML5 page — inline CSS, inline
/// SVG charts, no scripts, no fonts, images or links outside the page — that an old PC's browser
/// shows and prints.
///
/// All markup goes through Plot, which escapes text (`<`, `>`, `&`). Plot does not escape attribute
/// values, so the few attributes that carry outside text (a `title` with a full prompt) are escaped
/// here with `attributeEscaped`; every other attribute is built from numbers and fixed words.
public enum GradebookHTML {
  /// The page for `g`, with headings and explanations in `messages`' language. `title` heads the
  /// page; `generated` (a date, as the caller wants it shown) goes under it.
  public static func render(_ g: Gradebook, messages: MessageCatalog, title: String, generated: String) -> String {
    let page = Page(g: g, messages: messages)
    let html = HTML(
      .attribute(named: "lang", value: attributeEscaped(messages.language)),
      .head(
        .meta(.attribute(named: "charset", value: "utf-8")),
        .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
        // Not Plot's `.title(…)`: that also writes the title into social-media `<meta content>`
        // attributes, unescaped.
        .element(named: "title", text: title),
        .style(css)
      ),
      .body(page.body(title: title, generated: generated))
    )
    // Names and answers from files are cleaned where they are written; this catches anything
    // missed (an ESC in a course id), as the CLI does for every format.
    return Sanitize.document(html.render())
  }

  /// `s` safe inside a double-quoted attribute value.
  static func attributeEscaped(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for c in s.unicodeScalars {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.unicodeScalars.append(c)
      }
    }
    return out
  }

  /// At most `limit` characters of `s` on one line, with `…` when cut.
  static func truncated(_ s: String, _ limit: Int) -> String {
    let oneLine = s.split(whereSeparator: { $0.isNewline || $0 == "\t" }).joined(separator: " ")
      .trimmingSpaces
    guard oneLine.count > limit else { return oneLine }
    return String(oneLine.prefix(max(1, limit - 1))).trimmingSpaces + "…"
  }

  /// Indices: two decimals (`0.45`, `-0.12`); nil or not finite → `—`.
  static func index(_ x: Double?) -> String {
    guard let x, x.isFinite else { return dash }
    let s = String(format: "%.2f", x)
    return s == "-0.00" ? "0.00" : s
  }

  /// A 0…1 share as a whole percentage (`0.654` → `65%`); nil → `—`.
  static func percent(_ x: Double?) -> String {
    guard let x, x.isFinite else { return dash }
    return Format.percent(x)
  }

  /// A value already in percent (`65.4` → `65%`); nil → `—`.
  static func percentPoints(_ x: Double?) -> String {
    guard let x, x.isFinite, abs(x) < 1e12 else { return dash }
    return "\(Int(x.rounded()))%"
  }

  /// A score out of 100 (`85.4` → `85`); nil → `—`.
  static func outOf100(_ x: Double?) -> String {
    guard let x, x.isFinite, abs(x) < 1e12 else { return dash }
    return String(Int(x.rounded()))
  }

  static let dash = "—"

  /// Integrity flags listed open one by one; more are folded in a `<details>`.
  static let flagsListedOpen = 20
  /// Learners whose sections are open; in a bigger class every section is folded.
  static let learnersOpen = GradebookView.bigClass
  /// Rows of a learner × lesson matrix between repeats of its heading row.
  static let matrixHeadEvery = 25
  /// Integrity flags listed in a learner's section (all of them are under "Things to check").
  static let flagsPerLearner = 8

  /// Facility thresholds, as `ItemFlag` defines them.
  static let tooHardBelow = 0.2
  static let tooEasyAbove = 0.9
}

// MARK: - The page

// Internal (not private) so that GradebookHTML+Learners.swift can extend the page.
typealias BodyNode = Node<HTML.BodyContext>
typealias RowNode = Node<HTML.TableRowContext>
typealias TableNode = Node<HTML.TableContext>

struct Page {
  let g: Gradebook
  let messages: MessageCatalog
  /// Courses in the order they first appear, and their titles (from the gradebook rows).
  let courses: [String]
  let courseTitles: [String: String]

  init(g: Gradebook, messages: MessageCatalog) {
    self.g = g
    self.messages = messages
    var seen = Set<String>()
    var order: [String] = []
    for c in g.rows.map(\.course) + g.tests.map(\.course) + g.items.map(\.course) where seen.insert(c).inserted {
      order.append(c)
    }
    courses = order
    var titles: [String: String] = [:]
    for r in g.rows {
      if let t = r.courseTitle, !t.isEmpty, titles[r.course] == nil { titles[r.course] = t }
    }
    courseTitles = titles
  }

  // MARK: Words

  func t(_ key: String, _ args: [String: String] = [:]) -> String { messages.text(key, args) }

  var listSeparator: String { messages.text("grade.listSeparator") }

  func courseName(_ id: String) -> String { courseTitles[id] ?? id }

  /// Text with `code` spans shown as code.
  func prose(_ s: String) -> BodyNode {
    var nodes: [BodyNode] = []
    var rest = s[...]
    while let open = rest.firstIndex(of: "`"),
      let close = rest[rest.index(after: open)...].firstIndex(of: "`")
    {
      if open > rest.startIndex { nodes.append(.text(String(rest[..<open]))) }
      nodes.append(.code(.text(String(rest[rest.index(after: open)..<close]))))
      rest = rest[rest.index(after: close)...]
    }
    if !rest.isEmpty { nodes.append(.text(String(rest))) }
    return .group(nodes)
  }

  func none() -> BodyNode { .p(.class("none"), .text(t("report.none"))) }

  /// Text cut to `limit` characters; the whole text in a tooltip when cut.
  func clipped(_ s: String, _ limit: Int, cls: String? = nil) -> BodyNode {
    let short = GradebookHTML.truncated(s, limit)
    let whole = s.trimmingWhitespace
    return .span(
      .class(cls ?? ""),
      .if(short != whole, .attribute(named: "title", value: GradebookHTML.attributeEscaped(whole))),
      .text(short)
    )
  }

  // MARK: Tables

  struct Column {
    var heading: String
    var numeric = false
  }

  func table(_ cls: String, _ columns: [Column], _ rows: [[BodyNode]], rowClasses: [String] = []) -> BodyNode {
    let head: TableNode = .thead(
      .tr(.group(columns.map { c -> RowNode in c.numeric ? .th(.class("n"), .text(c.heading)) : .th(.text(c.heading)) })))
    var bodyRows: [TableNode] = []
    for (i, cells) in rows.enumerated() {
      var tds: [RowNode] = []
      for (j, cell) in cells.enumerated() {
        let numeric = j < columns.count && columns[j].numeric
        tds.append(numeric ? .td(.class("n"), cell) : .td(cell))
      }
      let rc = i < rowClasses.count ? rowClasses[i] : ""
      bodyRows.append(.tr(.class(rc), .group(tds)))
    }
    return .div(.class("scroll"), .table(.class(cls), head, .tbody(.group(bodyRows))))
  }

  // MARK: Body

  func body(title: String, generated: String) -> BodyNode {
    let sections: [(id: String, key: String, content: BodyNode)] = [
      ("summary", "report.section.summary", summary()),
      ("help", "gradebook.view.title.help", whoNeedsHelp()),
      ("gradebook", "report.section.gradebook", gradebook()),
      ("distribution", "report.section.histogram", .group(histograms(), testStatistics())),
      ("questions", "report.section.items", items()),
      ("learners", "gradebook.view.title.learners", learnerPages()),
      ("checks", "report.section.checks", checks()),
    ]
    let toc: BodyNode = .nav(
      .h2(.class("toc-title"), .text(t("report.contents"))),
      .ol(.group(sections.map { s -> Node<HTML.ListContext> in .li(.a(.href("#" + s.id), .text(t(s.key)))) }))
    )
    let numbered: [BodyNode] = sections.enumerated().map { i, s in
      .section(.id(s.id), .h2(.text("\(i + 1). " + t(s.key))), s.content)
    }
    return .group(
      .header(
        .h1(.text(title)), .p(.class("meta"), .text(t("report.generated", ["date": generated]))),
        .unwrap(GradebookView.sourceLine(g, messages)) { .p(.class("meta"), .text($0)) }),
      toc,
      .main(.group(numbered)),
      .footer(.p(.text(t("report.footer"))))
    )
  }

  // MARK: 1. Summary

  func summary() -> BodyNode {
    let learners = Set(g.rows.map(\.learner)).count
    let counts: [(Int, String)] = [
      (learners, "report.count.learners"),
      (courses.count, "report.count.courses"),
      (g.transcripts.count, "report.count.transcripts"),
      (g.skipped.count, "report.count.skipped"),
      (g.flags.count, "report.count.flags"),
      (g.broadcasts.count, "report.count.broadcasts"),
    ]
    var cardNodes: [Node<HTML.ListContext>] = counts.map { n, key -> Node<HTML.ListContext> in
      .li(.class(n > 0 && (key == "report.count.skipped" || key == "report.count.flags") ? "warn" : ""),
        .span(.class("big"), .text(String(n))), .span(.text(t(key))))
    }
    // What the instructor looks for first: who needs help, which questions are suspect.
    if !g.rows.isEmpty {
      let needing = Set(g.rows.filter { $0.standing?.needsHelp == true }.map(\.learner)).count
      cardNodes.insert(linkCard(needing, "gradebook.view.count.needHelp", href: "#help"), at: 1)
    }
    if !g.items.isEmpty {
      cardNodes.insert(linkCard(g.items.filter { !$0.flags.isEmpty }.count, "gradebook.view.count.flaggedQuestions", href: "#questions"), at: min(2, cardNodes.count))
    }
    return .ul(.class("cards"), .group(cardNodes))
  }

  /// Test statistics per course, which attempts they count, and what each one means. Not in the
  /// summary: there, they pushed who needs help below the first screen.
  func testStatistics() -> BodyNode {
    let statKeys = ["mean", "median", "sd", "skewness", "alpha", "errorRatio", "standardError"]
    var columns = [Column(heading: t("report.col.course")), Column(heading: t("report.col.learners"), numeric: true),
      Column(heading: t("report.col.questions"), numeric: true)]
    columns += statKeys.map { Column(heading: t("report.stat." + $0), numeric: true) }
    columns.append(Column(heading: t("gradebook.col.notFinished"), numeric: true))
    let rows: [[BodyNode]] = g.tests.map { s in
      [
        courseCell(s.course), .text(String(s.learners)), .text(String(s.items)),
        .text(GradebookHTML.percentPoints(s.mean)), .text(GradebookHTML.percentPoints(s.median)),
        .text(GradebookHTML.percentPoints(s.standardDeviation)), .text(GradebookHTML.index(s.skewness)),
        .text(GradebookHTML.index(s.alpha)), .text(GradebookHTML.percentPoints(s.errorRatio)),
        .text(GradebookHTML.percentPoints(s.standardError)), .text(String(s.notFinished)),
      ]
    }
    let explain: BodyNode = .dl(
      .class("explain"),
      .group(statKeys.map { k -> Node<HTML.DescriptionListContext> in
        .group(.dt(.text(t("report.stat." + k))), .dd(prose(t("report.explain." + k))))
      }))
    return .group(
      .h3(.text(t("report.tests.title"))),
      g.tests.isEmpty
        ? none()
        : .group(
          table("stats", columns, rows), .p(.class("note"), .text(GradebookView.attemptsNote(g, messages))),
          .p(.class("note"), .text(GradebookText.populationNote(g, messages) ?? "")), explain)
    )
  }

  /// The course's title over its id; `compact`: the title alone, the id in a tooltip.
  func courseCell(_ id: String, compact: Bool = false) -> BodyNode {
    guard let title = courseTitles[id], title != id else { return .text(id) }
    if compact { return .span(.attribute(named: "title", value: GradebookHTML.attributeEscaped(id)), .text(title)) }
    return .group(.text(title), .br(), .span(.class("id"), .text(id)))
  }

  // MARK: 2. Gradebook

  func gradebook() -> BodyNode {
    guard !g.rows.isEmpty else { return none() }
    let columns = [
      Column(heading: t("report.col.learner")), Column(heading: t("report.col.course")),
      Column(heading: t("report.col.score"), numeric: true), Column(heading: t("report.col.questions"), numeric: true),
      Column(heading: t("report.col.lessons"), numeric: true), Column(heading: t("report.col.time"), numeric: true),
      Column(heading: t("report.col.attempts"), numeric: true), Column(heading: t("report.col.hints"), numeric: true),
      Column(heading: t("report.col.skips"), numeric: true), Column(heading: t("report.col.live"), numeric: true),
      Column(heading: t("report.col.reviews"), numeric: true),
    ]
    let rows: [[BodyNode]] = g.rows.map { r in
      [
        .span(.class("learner"), .text(r.learner)),
        courseCell(r.course, compact: true),
        scoreCell(r.score),
        .text("\(r.questionsAnswered)/\(r.questionsTotal)"),
        .text("\(r.lessonsCompleted)/\(r.lessonsTotal)"),
        .span(.class("nowrap"), .text(Format.duration(milliseconds: Int64(max(0, r.timeMs)), messages))),
        .text(String(r.attempts)), .text(String(r.hints)), .text(String(r.skips)),
        .text(r.liveScores.isEmpty ? GradebookHTML.dash : r.liveScores.map { GradebookHTML.outOf100($0) }.joined(separator: listSeparator)),
        reviewsCell(r),
      ]
    }
    return table("grades", columns, rows)
  }

  /// Reviews done and the share recalled: "12 · 83%"; a dash with none.
  func reviewsCell(_ r: GradebookRow) -> BodyNode {
    guard r.reviews > 0, let retention = r.retention else { return .text(GradebookHTML.dash) }
    return .span(
      .attribute(named: "title", value: GradebookHTML.attributeEscaped(t("report.reviewsTip", ["recalled": String(r.reviewsRecalled), "reviews": String(r.reviews)]))),
      .text("\(r.reviews) · " + GradebookHTML.percent(retention)))
  }

  func scoreCell(_ score: Double?) -> BodyNode {
    guard let s = score, s.isFinite else { return .text(GradebookHTML.dash) }
    let width = Int((min(1, max(0, s)) * 100).rounded())
    return .span(
      .class("score"),
      .text(GradebookHTML.percent(s)),
      .span(.class("meter"), .span(.style("width:\(width)%")))
    )
  }

  // MARK: 3. Histograms

  func histograms() -> BodyNode {
    let scored = courses.filter { c in g.rows.contains { $0.course == c && $0.score?.isFinite == true } }
    guard !scored.isEmpty else { return none() }
    return .div(.class("charts"), .group(scored.map { histogram(course: $0) }))
  }

  func histogram(course: String) -> BodyNode {
    var bins = [Int](repeating: 0, count: 10)
    var n = 0
    for r in g.rows where r.course == course {
      guard let s = r.score, s.isFinite else { continue }
      // The bin of the percentage shown in the table (69.6% shows as 70% and counts in 70–80).
      let p = Int((min(1, max(0, s)) * 100).rounded())
      bins[min(9, p / 10)] += 1
      n += 1
    }
    let width = 520.0, height = 250.0
    let left = 46.0, right = 12.0, top = 18.0, bottom = 50.0
    let plotW = width - left - right, plotH = height - top - bottom
    let maxCount = max(1, bins.max() ?? 1)
    let step = max(1, Int((Double(maxCount) / 5).rounded(.up)))
    let yMax = Double(step * Int((Double(maxCount) / Double(step)).rounded(.up)))
    let bw = plotW / 10
    var parts: [BodyNode] = [svgTitle(t("report.histogram.caption", ["course": courseName(course), "count": String(n)]))]
    // Grid lines and y tick labels.
    var tick = 0
    while Double(tick) <= yMax {
      let y = top + plotH - Double(tick) / yMax * plotH
      parts.append(svgLine(left, y, left + plotW, y, cls: tick == 0 ? "axis" : "grid"))
      parts.append(svgText(String(tick), x: left - 6, y: y + 4, anchor: "end", cls: "tick"))
      tick += step
    }
    // Bars with their counts.
    for (i, count) in bins.enumerated() {
      let x = left + Double(i) * bw
      if count > 0 {
        let h = Double(count) / yMax * plotH
        parts.append(svgRect(x + 3, top + plotH - h, bw - 6, h, cls: "bar"))
        parts.append(svgText(String(count), x: x + bw / 2, y: top + plotH - h - 5, anchor: "middle", cls: "count"))
      }
    }
    // x tick labels at the bin edges: 0, 10, …, 100.
    for i in 0...10 {
      let x = left + Double(i) * bw
      parts.append(svgLine(x, top + plotH, x, top + plotH + 4, cls: "axis"))
      parts.append(svgText(String(i * 10), x: x, y: top + plotH + 17, anchor: "middle", cls: "tick"))
    }
    parts.append(svgLine(left, top, left, top + plotH, cls: "axis"))
    parts.append(svgText(t("report.histogram.x"), x: left + plotW / 2, y: height - 8, anchor: "middle", cls: "label"))
    parts.append(
      svgText(t("report.histogram.y"), x: 0, y: 0, anchor: "middle", cls: "label",
        transform: "translate(13,\(num(top + plotH / 2))) rotate(-90)"))
    return figure(
      caption: t("report.histogram.caption", ["course": courseName(course), "count": String(n)]),
      svg(width: width, height: height, parts: parts))
  }

  // MARK: 4. Questions

  func items() -> BodyNode {
    guard !g.items.isEmpty else { return none() }
    var nodes: [BodyNode] = [.p(.class("note"), prose(t("report.items.help"))), .p(.class("note"), prose(t("gradebook.answers.note")))]
    for course in courses {
      let rows = g.items.filter { $0.course == course }
      guard !rows.isEmpty else { continue }
      if courses.count > 1 { nodes.append(.h3(.text(courseName(course)))) }
      nodes.append(difficultyChart(course: course, rows))
      nodes.append(itemTable(rows))
      nodes.append(variantTable(course: course))
    }
    return .group(nodes)
  }

  enum Band: String {
    case hard, ok, easy, none
  }

  func band(_ facility: Double?) -> Band {
    guard let f = facility, f.isFinite else { return .none }
    if f < GradebookHTML.tooHardBelow { return .hard }
    if f > GradebookHTML.tooEasyAbove { return .easy }
    return .ok
  }

  func difficultyChart(course: String, _ rows: [ItemStatisticsRow]) -> BodyNode {
    let labelW = 170.0, barW = 380.0, valueW = 56.0, discW = 70.0
    let width = labelW + barW + valueW + discW
    let rowH = 24.0, top = 26.0, bottom = 8.0
    let height = top + Double(rows.count) * rowH + bottom
    let x0 = labelW
    func x(_ f: Double) -> Double { x0 + min(1, max(0, f)) * barW }
    var parts: [BodyNode] = [svgTitle(t("report.items.chart", ["course": courseName(course)]))]
    // Scale along the top, threshold guides down the chart.
    for (v, label) in [(0.0, "0"), (GradebookHTML.tooHardBelow, "0.2"), (0.5, "0.5"), (GradebookHTML.tooEasyAbove, "0.9"), (1.0, "1")] {
      parts.append(svgText(label, x: x(v), y: 14, anchor: "middle", cls: "tick"))
      let guide = v == GradebookHTML.tooHardBelow || v == GradebookHTML.tooEasyAbove
      parts.append(svgLine(x(v), top - 6, x(v), height - bottom, cls: guide ? "guide" : (v == 0 ? "axis" : "grid")))
    }
    parts.append(svgText(t("report.items.discriminationShort"), x: x0 + barW + valueW + discW - 4, y: 14, anchor: "end", cls: "tick"))
    for (i, r) in rows.enumerated() {
      let y = top + Double(i) * rowH
      let mid = y + rowH / 2 + 4
      if i % 2 == 1 { parts.append(svgRect(0, y, width, rowH, cls: "stripe")) }
      parts.append(svgText(GradebookHTML.truncated(r.question, 22), x: labelW - 8, y: mid, anchor: "end", cls: "qid"))
      let b = band(r.facility)
      if let f = r.facility, f.isFinite {
        let w = max(1.5, x(f) - x0)
        parts.append(svgRect(x0, y + 5, w, rowH - 10, cls: "fac " + b.rawValue))
        parts.append(svgText(GradebookHTML.index(f), x: x(f) + 5, y: mid, anchor: "start", cls: "value"))
      } else {
        parts.append(svgText(GradebookHTML.dash, x: x0 + 5, y: mid, anchor: "start", cls: "value"))
      }
      let d = r.discrimination
      let dcls = d.map { $0.isFinite && $0 < 0 ? "disc neg" : ($0.isFinite && $0 < 0.2 ? "disc weak" : "disc") } ?? "disc"
      parts.append(svgText(GradebookHTML.index(d), x: width - 4, y: mid, anchor: "end", cls: dcls))
    }
    let legend: BodyNode = .p(
      .class("legend"),
      .span(.class("sw hard")), .text(t("report.items.tooHard")),
      .span(.class("sw ok")), .text(t("report.items.ok")),
      .span(.class("sw easy")), .text(t("report.items.tooEasy")),
      .span(.class("sep")), .text(t("report.items.discriminationLegend"))
    )
    return .div(.class("chart-block"), figure(caption: t("report.items.chart", ["course": courseName(course)]),
      svg(width: width, height: height, parts: parts)), legend)
  }

  /// What tells a bad question comes first — its id, its flags, its prompt, facility and
  /// discrimination — so that it shows without scrolling at 800 px; the rest follows. The kind
  /// is under the id, and long prompts and answers wrap within their column.
  func itemTable(_ rows: [ItemStatisticsRow]) -> BodyNode {
    let columns = [
      Column(heading: t("report.col.question")), Column(heading: t("report.col.flags")), Column(heading: t("report.col.prompt")),
      Column(heading: t("report.col.n"), numeric: true), Column(heading: t("report.col.facility"), numeric: true),
      Column(heading: t("report.col.discrimination"), numeric: true), Column(heading: t("report.col.answers")),
      Column(heading: t("report.col.sd"), numeric: true), Column(heading: t("report.col.efficiency"), numeric: true),
      Column(heading: t("report.col.meanAttempts"), numeric: true),
      Column(heading: t("report.col.hintRate"), numeric: true), Column(heading: t("report.col.skipRate"), numeric: true),
    ]
    let cells: [[BodyNode]] = rows.map { r in
      let b = band(r.facility)
      let d = r.discrimination
      let dClass = d.map { $0.isFinite && $0 < 0 ? "neg" : ($0.isFinite && $0 < 0.2 ? "weak" : "") } ?? ""
      return [
        .group(.code(.class("qid"), .text(r.question)), .br(), .span(.class("kind"), .text(r.kind))),
        r.flags.isEmpty
          ? .empty
          : .group(r.flags.map { f -> BodyNode in .span(.class("flag flag-" + f.rawValue), .text(t("report.flag." + f.rawValue))) }),
        r.prompt.map { clipped($0, 60, cls: "prompt") } ?? .text(GradebookHTML.dash),
        .text(String(r.n)),
        .span(.class("fac-" + b.rawValue), .text(GradebookHTML.index(r.facility))),
        .span(.class(dClass), .text(GradebookHTML.index(d))),
        answers(r.answers),
        .text(GradebookHTML.index(r.standardDeviation)),
        .text(GradebookHTML.index(r.efficiency)),
        .text(GradebookHTML.index(r.meanAttempts)),
        .text(GradebookHTML.percent(r.hintRate)),
        .text(GradebookHTML.percent(r.skipRate)),
      ]
    }
    return table("items", columns, cells, rowClasses: rows.map { $0.flags.isEmpty ? "" : "flagged" })
  }

  func answers(_ list: [AnswerFrequency]) -> BodyNode {
    guard !list.isEmpty else { return .text(GradebookHTML.dash) }
    let top = list.enumerated().sorted { a, b in
      a.element.count != b.element.count ? a.element.count > b.element.count : a.offset < b.offset
    }.map(\.element)
    let shown = top.prefix(3)
    var items: [Node<HTML.ListContext>] = shown.map { a in
      let cls = a.score >= 0.999 ? "right" : (a.score > 0 ? "part" : "wrong")
      let text = a.answer.trimmingWhitespace
      return .li(
        text.isEmpty ? .span(.class("ans empty"), .text(t("report.answer.empty"))) : clipped(text, 70, cls: "ans " + cls),
        .text(" "), .span(.class("times"), .text(t("report.answer.count", ["count": String(a.count)])))
      )
    }
    if top.count > shown.count {
      items.append(.li(.class("more"), .text(t("report.answer.more", ["count": String(top.count - shown.count)]))))
    }
    return .ul(.class("answers"), .group(items))
  }

  // MARK: 5. Checks

  func checks() -> BodyNode {
    .group(
      .h3(.text(t("report.checks.integrity"))), integrity(),
      .h3(.text(t("report.checks.transcripts"))), transcripts(),
      .h3(.text(t("report.checks.broadcasts"))), broadcasts(),
      .h3(.text(t("report.checks.skipped"))), skipped()
    )
  }

  func paths(_ list: [String]) -> BodyNode {
    .group(list.enumerated().map { i, p -> BodyNode in .group(i > 0 ? .br() : .empty, path(p)) })
  }

  /// A file path as code that wraps only after a `/` (`lesson-1.jsonl` stays whole).
  func path(_ p: String) -> BodyNode {
    var nodes: [BodyNode] = []
    var part = ""
    for c in p {
      part.append(c)
      if c == "/" || c == "\\" {
        if !nodes.isEmpty { nodes.append(.selfClosedElement(named: "wbr")) }
        nodes.append(.span(.text(part)))
        part = ""
      }
    }
    if !part.isEmpty {
      if !nodes.isEmpty { nodes.append(.selfClosedElement(named: "wbr")) }
      nodes.append(.span(.text(part)))
    }
    return .code(.class("path"), .group(nodes))
  }

  func integrity() -> BodyNode {
    guard !g.flags.isEmpty else { return none() }
    let columns = [
      Column(heading: t("report.col.flagKind")), Column(heading: t("report.col.involved")),
      Column(heading: t("report.col.files")), Column(heading: t("report.col.detail")),
    ]
    let rows: [[BodyNode]] = g.flags.map { f in
      [
        .span(.class("flag flag-integrity"), .text(t("report.integrity." + f.kind.rawValue))),
        .text(f.learners.joined(separator: listSeparator)),
        paths(f.paths),
        .text(f.detail),
      ]
    }
    let list = table("flags", columns, rows)
    let note: BodyNode = .p(.class("note"), .text(t("report.checks.integrityNote")))
    // Who is flagged, and how often, first; then every flag. A big class has hundreds of flags:
    // their list is folded away.
    guard g.flags.count > GradebookHTML.flagsListedOpen else { return .group(note, flagsPerLearner(), list) }
    return .group(
      note, flagsPerLearner(),
      .element(
        named: "details",
        nodes: [.element(named: "summary", nodes: [.text(t("gradebook.view.flags.all", ["n": String(g.flags.count)]))]), list]))
  }

  func transcriptNotes(_ s: TranscriptSummary) -> [BodyNode] {
    var notes: [BodyNode] = []
    if s.courseMissing { notes.append(.text(t("report.transcript.courseMissing"))) }
    if s.courseChanged { notes.append(.text(t("report.transcript.courseChanged"))) }
    if !s.missingQuestions.isEmpty {
      notes.append(.text(t("report.transcript.missingQuestions", ["questions": s.missingQuestions.joined(separator: listSeparator)])))
    }
    for c in s.changedScores {
      notes.append(
        .text(
          t("report.transcript.scoreChanged", [
            "question": c.question, "answer": GradebookHTML.truncated(c.raw, 40),
            "then": GradebookHTML.percent(c.then), "now": GradebookHTML.percent(c.now),
          ])))
    }
    if s.torn { notes.append(.text(t("report.transcript.torn"))) }
    for p in s.problems { notes.append(.text(t("report.transcript.problem", ["problem": GradebookHTML.truncated(p, 120)]))) }
    if let now = s.liveScore, let then = s.liveScoreThen, now.isFinite, then.isFinite,
      GradebookHTML.outOf100(now) != GradebookHTML.outOf100(then)
    {
      notes.append(
        .text(t("report.transcript.liveScore", ["then": GradebookHTML.outOf100(then), "now": GradebookHTML.outOf100(now)])))
    }
    return notes
  }

  func transcripts() -> BodyNode {
    let listed = g.transcripts.map { ($0, transcriptNotes($0)) }.filter { !$0.1.isEmpty }
    guard !listed.isEmpty else { return none() }
    let columns = [
      Column(heading: t("report.col.file")), Column(heading: t("report.col.learner")), Column(heading: t("report.col.course")),
      Column(heading: t("report.col.session")), Column(heading: t("report.col.changes")),
    ]
    let rows: [[BodyNode]] = listed.map { s, notes in
      [
        path(s.path),
        .text(s.learner),
        courseCell(s.course),
        .group(.code(.text(s.kind)), .br(), .span(.class("id"), .text(s.session))),
        .ul(.class("notes"), .group(notes.map { n -> Node<HTML.ListContext> in .li(n) })),
      ]
    }
    return table("transcripts", columns, rows)
  }

  func broadcasts() -> BodyNode {
    guard !g.broadcasts.isEmpty else { return none() }
    var nodes: [BodyNode] = []
    for b in g.broadcasts {
      var facts: [BodyNode] = [
        .text(t("report.broadcast.summary", ["cues": String(b.cues), "duration": Format.clock(milliseconds: b.durationMs)]))
      ]
      if let scenario = b.scenario {
        facts.append(.text(" · "))
        facts.append(.strong(.text(t("report.broadcast.score", ["scenario": scenario, "score": GradebookHTML.outOf100(b.score)]))))
      } else if let score = b.score {
        facts.append(.text(" · "))
        facts.append(.strong(.text(GradebookHTML.outOf100(score) + "/100")))
      }
      nodes.append(.h4(path(b.path)))
      nodes.append(.p(.group(facts)))
      if !b.topics.isEmpty {
        var items: [BodyNode] = [.text(t("report.broadcast.topics") + " ")]
        for (i, topic) in b.topics.enumerated() {
          if i > 0 { items.append(.text(" · ")) }
          if topic.cues == 0 {
            items.append(.span(.class(topic.expected ? "miss" : "quiet"), .text(topic.label + (topic.expected ? " ✗" : " –"))))
          } else {
            items.append(
              .span(
                .class("hit"),
                .text(topic.label + " ✓ ×" + String(topic.cues) + (topic.firstMs.map { " (" + Format.clock(milliseconds: $0) + ")" } ?? ""))))
          }
        }
        nodes.append(.p(.class("topics"), .group(items)))
        let missing = b.topics.filter(\.isMissing)
        if !missing.isEmpty {
          nodes.append(
            .ul(
              .class("missing"),
              .forEach(missing) { topic in
                .li(.strong(.text(t("report.broadcast.topicMissing", ["topic": topic.label]))), .text(topic.rule.map { " — " + $0 } ?? ""))
              }))
        }
      }
      if b.findings.isEmpty {
        nodes.append(.p(.class("none"), .text(t("report.broadcast.noFindings"))))
        continue
      }
      let columns = [
        Column(heading: t("report.col.at"), numeric: true), Column(heading: t("report.col.line"), numeric: true),
        Column(heading: t("report.col.category")), Column(heading: t("report.col.term")), Column(heading: t("report.col.rule")),
        Column(heading: t("report.col.advice")), Column(heading: t("report.col.said")),
      ]
      let rows: [[BodyNode]] = b.findings.map { f in
        [
          .text(Format.clock(milliseconds: f.ms)), .text(String(f.line)), .code(.text(f.category)),
          .strong(.class("term"), .text(f.term)), .text(f.rule), .text(f.advice ?? GradebookHTML.dash),
          clipped(f.text, 80, cls: "said"),
        ]
      }
      nodes.append(table("findings", columns, rows))
    }
    return .group(nodes)
  }

  func skipped() -> BodyNode {
    guard !g.skipped.isEmpty else { return none() }
    let columns = [
      Column(heading: t("report.col.file")), Column(heading: t("report.col.line"), numeric: true),
      Column(heading: t("report.col.reason")),
    ]
    let rows: [[BodyNode]] = g.skipped.map { s in
      [path(s.path), .text(s.line.map(String.init) ?? GradebookHTML.dash), prose(s.reason)]
    }
    return table("skipped", columns, rows)
  }

  // MARK: SVG (attributes from numbers and fixed class names only; text through Plot)

  func num(_ x: Double) -> String { x.isFinite ? Format.decimal(x, places: 1) : "0" }

  func svg(width: Double, height: Double, parts: [BodyNode]) -> BodyNode {
    .element(
      named: "svg",
      nodes: [
        .attribute(named: "viewBox", value: "0 0 \(num(width)) \(num(height))"),
        .attribute(named: "width", value: num(width)),
        .attribute(named: "height", value: num(height)),
        .attribute(named: "role", value: "img"),
        .group(parts),
      ])
  }

  func svgTitle(_ text: String) -> BodyNode { .element(named: "title", nodes: [.text(text)]) }

  func svgRect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, cls: String) -> BodyNode {
    .selfClosedElement(
      named: "rect",
      attributes: [
        .attribute(named: "x", value: num(x)), .attribute(named: "y", value: num(y)),
        .attribute(named: "width", value: num(max(0, w))), .attribute(named: "height", value: num(max(0, h))),
        .attribute(named: "class", value: cls),
      ])
  }

  func svgLine(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, cls: String) -> BodyNode {
    .selfClosedElement(
      named: "line",
      attributes: [
        .attribute(named: "x1", value: num(x1)), .attribute(named: "y1", value: num(y1)),
        .attribute(named: "x2", value: num(x2)), .attribute(named: "y2", value: num(y2)),
        .attribute(named: "class", value: cls),
      ])
  }

  func svgText(_ text: String, x: Double, y: Double, anchor: String, cls: String, transform: String? = nil) -> BodyNode {
    .element(
      named: "text",
      nodes: [
        .attribute(named: "x", value: num(x)), .attribute(named: "y", value: num(y)),
        .attribute(named: "text-anchor", value: anchor), .attribute(named: "class", value: cls),
        .attribute(named: "transform", value: transform),
        .text(text),
      ])
  }

  func figure(caption: String, _ content: BodyNode) -> BodyNode {
    .element(named: "figure", nodes: [content, .element(named: "figcaption", nodes: [.text(caption)])])
  }
}

// MARK: - Style

/// Plain CSS that old browsers understand (no variables, no grid), a CJK font stack, and print rules.
private let css = """
  html{-webkit-text-size-adjust:100%}
  body{margin:0 auto;padding:20px 28px 40px;max-width:1500px;color:#1b1b1b;background:#fff;font-size:15px;line-height:1.5;\
  font-family:"Segoe UI","Noto Sans","DejaVu Sans",Arial,"Noto Sans CJK SC","Microsoft YaHei","PingFang SC","Hiragino Sans GB","WenQuanYi Micro Hei",SimHei,sans-serif}
  html:lang(zh) body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC","Hiragino Sans GB","WenQuanYi Micro Hei",SimHei,"Segoe UI","DejaVu Sans",Arial,sans-serif}
  h1{font-size:26px;margin:0 0 2px;color:#13324f}
  h2{font-size:21px;margin:34px 0 12px;padding-bottom:4px;border-bottom:2px solid #2f5f8a;color:#13324f}
  h3{font-size:17px;margin:24px 0 8px;color:#13324f}
  h4{font-size:15px;margin:18px 0 4px}
  p{margin:6px 0}
  .meta{color:#555;margin-bottom:12px}
  nav{border:1px solid #d5dde5;background:#f5f8fb;padding:6px 14px;margin:8px 0 4px;display:inline-block}
  nav h2.toc-title{font-size:14px;border:0;margin:0;padding:0;color:#555;display:inline;font-weight:normal}
  nav ol{display:inline;margin:0;padding:0}
  nav li{display:inline;margin:0 0 0 14px}
  nav a{color:#1f5a96}
  .cards{list-style:none;margin:0 0 4px;padding:0;overflow:hidden}
  .cards li{float:left;min-width:96px;margin:0 8px 8px 0;padding:6px 12px;border:1px solid #c9d4df;border-radius:6px;background:#f4f7fa}
  .cards li.warn{border-color:#e0a34a;background:#fff6e6}
  .cards .big{display:block;font-size:26px;font-weight:bold;line-height:1.2;color:#13324f}
  .note{color:#444;font-size:14px;max-width:60em}
  .none{color:#666}
  .topics .hit{color:#1d6b34}
  .topics .quiet{color:#666}
  .topics .miss,.missing strong{color:#a33}
  .scroll{overflow-x:auto;max-width:100%;margin:4px 0 10px}
  table{border-collapse:collapse;font-size:14px}
  th,td{border:1px solid #ccd5de;padding:4px 8px;text-align:left;vertical-align:top}
  thead th{background:#e6edf4;font-weight:bold;vertical-align:bottom;word-break:keep-all}
  tbody tr:nth-child(even) td{background:#f7f9fb}
  th.n{text-align:right}
  td.n{text-align:right;white-space:nowrap}
  td.n{font-variant-numeric:tabular-nums}
  tr.flagged td{background:#fff5e8}
  tbody tr.flagged:nth-child(even) td{background:#fcefdc}
  .id{color:#666;font-size:12px}
  code{font-family:Consolas,"Liberation Mono",Menlo,monospace;font-size:13px;background:#eef1f4;padding:0 3px;border-radius:3px}
  code.path span{white-space:nowrap}
  code.qid{white-space:nowrap}
  .nowrap{white-space:nowrap}
  .learner{font-weight:bold;display:inline-block;min-width:7em}
  table.grades td:first-child+td,table.stats td:first-child{min-width:7em}
  .score{white-space:nowrap}
  .meter{display:inline-block;width:56px;height:8px;background:#e1e7ee;margin-left:6px;vertical-align:middle;text-align:left}
  .meter span{display:block;height:8px;background:#3a6ea5}
  .prompt{display:inline-block;min-width:10em;max-width:18em;word-wrap:break-word;overflow-wrap:break-word}
  .said{display:inline-block;max-width:24em;word-wrap:break-word}
  table.items td,table.items th{font-size:13px;padding:4px 6px}
  .answers,.notes{margin:0;padding:0;list-style:none}
  .answers{min-width:12em;max-width:20em}
  .answers li{margin:0 0 2px}
  .notes li{margin:0 0 2px;min-width:16em}
  .ans{padding:0 3px;border-radius:3px;word-wrap:break-word;overflow-wrap:break-word}
  .kind{color:#555;font-size:12px}
  .times{white-space:nowrap}
  .ans.right{background:#e3f1e3}
  .ans.part{background:#fbf2d0}
  .ans.wrong{background:#f7e1dd}
  .ans.empty{color:#666}
  .times{color:#555}
  .more{color:#666;font-size:12px}
  .flag{display:inline-block;padding:0 6px;margin:1px 3px 1px 0;border-radius:3px;font-size:12px;font-weight:bold;white-space:nowrap;border:1px solid #bbb;background:#eee;color:#333}
  .flag-too_hard{background:#fde1db;color:#8f1d0c;border-color:#e49a8b}
  .flag-too_easy{background:#fff0bf;color:#614700;border-color:#d9bb55}
  .flag-negative_discrimination{background:#a3230f;color:#fff;border-color:#a3230f}
  .flag-weak_discrimination{background:#f0e6f7;color:#4b2466;border-color:#c7a8dc}
  table.items .flag{white-space:normal;word-break:keep-all;margin:1px 0 2px}
  .flag-integrity{background:#fff0bf;color:#614700;border-color:#d9bb55}
  .fac-hard{color:#a3230f;font-weight:bold}
  .fac-easy{color:#7a5a00;font-weight:bold}
  .neg{color:#a3230f;font-weight:bold}
  .weak{color:#6a3a8a}
  .term{color:#a3230f;word-break:keep-all}
  dl.explain{margin:8px 0;font-size:14px;max-width:64em;overflow:hidden}
  dl.explain dt{float:left;clear:left;width:11em;font-weight:bold}
  dl.explain dd{margin:0 0 3px 11.5em}
  .charts{overflow:hidden}
  figure{display:inline-block;vertical-align:top;margin:0 24px 12px 0;max-width:100%}
  figcaption{font-size:14px;color:#333;text-align:center}
  svg{max-width:100%;height:auto;overflow:visible}
  svg text{font-family:inherit;fill:#222}
  svg .tick{font-size:11px;fill:#555}
  svg .label{font-size:12px;fill:#333}
  svg .count{font-size:12px;font-weight:bold}
  svg .qid{font-size:13px;font-family:Consolas,"Liberation Mono",Menlo,monospace}
  svg .value{font-size:12px;fill:#333}
  svg .disc{font-size:13px}
  svg .disc.neg{fill:#a3230f;font-weight:bold}
  svg .disc.weak{fill:#6a3a8a}
  svg .axis{stroke:#555;stroke-width:1}
  svg .grid{stroke:#dde3e9;stroke-width:1}
  svg .guide{stroke:#888;stroke-width:1;stroke-dasharray:4 3}
  svg .bar{fill:#3a6ea5}
  svg .stripe{fill:#f3f6f9}
  svg .fac.hard,.sw.hard{fill:#c2410c;background:#c2410c}
  svg .fac.ok,.sw.ok{fill:#3a6ea5;background:#3a6ea5}
  svg .fac.easy,.sw.easy{fill:#d4a017;background:#d4a017}
  .legend{font-size:13px;color:#333;margin:0 0 8px}
  .legend .sw{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:-1px}
  .legend .sw:first-child{margin-left:0}
  .legend .sep{margin-left:16px}
  footer{margin-top:36px;padding-top:8px;border-top:1px solid #ccd5de;color:#666;font-size:13px}
  .cards li a{color:inherit;text-decoration:none;display:block}
  .passline{margin:2px 0 4px;font-weight:bold}
  table.matrix th,table.matrix td{padding:3px 6px}
  table.matrix th.lesson{text-align:center;min-width:3.4em;cursor:help}
  table.matrix td.who a.learner{min-width:0;max-width:12em;word-break:keep-all;overflow-wrap:break-word;word-wrap:break-word}
  table.matrix .meter{width:32px}
  table.matrix td.who,table.matrix th:first-child{position:sticky;left:0;z-index:1;background:#fff}
  table.matrix thead th:first-child,table.matrix tr.rehead th{background:#e6edf4}
  table.matrix tbody tr:nth-child(even) td.who{background:#f7f9fb}
  td.standing-cell{min-width:12em}
  table.lcourses td.course-cell{min-width:9em;max-width:16em}
  td.cell,span.cell{text-align:center;white-space:nowrap;font-variant-numeric:tabular-nums}
  span.cell{display:inline-block;min-width:3.6em;padding:0 4px;border-radius:3px}
  .cell.pass,tbody tr:nth-child(even) td.cell.pass{background:#d9efdb;color:#1a5a2b}
  .cell.fail,tbody tr:nth-child(even) td.cell.fail{background:#f8d3cb;color:#8f1d0c;font-weight:bold}
  .cell.going,tbody tr:nth-child(even) td.cell.going{background:#fff0bf;color:#614700}
  .cell.idle,tbody tr:nth-child(even) td.cell.idle{background:#eef0f2;color:#777}
  .legend.symbols .key{margin:0 6px 2px 0;font-size:12px}
  .standing.failing{color:#a3230f;font-weight:bold}
  .standing.unfinished{color:#7a5a00}
  .standing.passed{color:#1d6b34}
  a.learner{color:#1f5a96;font-weight:bold}
  ol.lessons{margin:0 0 14px;padding:0 0 0 0;list-style:none;font-size:13px;color:#333;columns:2 26em;column-gap:2em}
  ol.lessons li{margin:0 0 1px;break-inside:avoid}
  section.lpage{border-top:1px solid #e1e7ee}
  section.lpage summary{cursor:pointer;padding:5px 2px}
  section.lpage summary h3{display:inline;font-size:16px;margin:0 8px 0 0}
  section.lpage:target summary{background:#fff3c4}
  .badge{display:inline-block;padding:0 6px;margin-right:6px;border-radius:3px;font-size:12px;font-weight:bold;white-space:nowrap}
  .badge.help{background:#f8d3cb;color:#8f1d0c}
  .badge.ok{background:#d9efdb;color:#1a5a2b}
  .brief{color:#555;font-size:13px}
  .lbody{padding:0 0 12px 18px;scroll-margin-top:5em}
  .lbody h4{margin:10px 0 4px}
  ul.open-lessons{margin:0;padding:0;list-style:none;min-width:18em}
  ul.open-lessons li{margin:0 0 2px}
  .rprompt{display:inline-block;min-width:14em;max-width:30em}
  .tries{display:inline-block;min-width:8em;max-width:26em;overflow-wrap:break-word;word-wrap:break-word}
  .ans.typed{background:#eef1f4}
  table.review tr.group td,tbody tr.group:nth-child(even) td{background:#e9eef3;font-weight:bold;font-size:13px;color:#13324f}
  .outcome{white-space:nowrap}
  .outcome.o-not_right{color:#a3230f;font-weight:bold}
  .outcome.o-skipped{color:#666;font-weight:bold}
  .outcome.o-open,.outcome.o-right_with_help{color:#7a5a00}
  code.values{white-space:nowrap}
  table.variants tr.first td{border-top:2px solid #9fb3c8}
  details>summary{cursor:pointer}
  @media (max-width:720px){
  body{padding:12px}
  dl.explain dt{float:none;width:auto}
  dl.explain dd{margin:0 0 6px 1em}
  nav li{display:block;margin:0}
  }
  @page{margin:12mm}
  @media print{
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  body{padding:0;max-width:none;font-size:10pt}
  nav{display:none}
  h2{page-break-after:avoid;margin-top:18px}
  h3,h4{page-break-after:avoid}
  .scroll{overflow:visible}
  table{font-size:8.5pt}
  table.items td{font-size:8pt}
  thead{display:table-header-group}
  tr,figure,.cards li,.chart-block{page-break-inside:avoid}
  .answers{max-width:none}
  table.matrix td.who,table.matrix th:first-child{position:static}
  .prompt{min-width:8em}
  .charts svg{width:330px;height:auto}
  a{color:inherit;text-decoration:none}
  }
  """
