import Foundation
import Plot

// The instructor's view in the HTML report: who needs help (a learner × lesson matrix per
// course), a section per learner, integrity flags per learner, and calc questions per variant.
//
// Text from files (learner names, prompts, what learners typed, paths, flag details) is cleaned
// with `Sanitize.line` (controls such as ESC shown as `�`, line breaks as spaces) and then
// escaped by Plot; the only attributes that carry such text (`title` tooltips) go through
// `GradebookHTML.attributeEscaped`. Ids and classes are built from fixed words and from
// `GradebookView.anchor`, which keeps only ASCII letters and digits.
extension Page {
  /// Text from a file, on one line, without control characters.
  func clean(_ s: String) -> String { Sanitize.line(s) }

  /// A summary card that links to the section it counts.
  func linkCard(_ n: Int, _ key: String, href: String) -> Node<HTML.ListContext> {
    .li(.class(n > 0 ? "warn" : ""), .a(.href(href), .span(.class("big"), .text(String(n))), .span(.text(t(key)))))
  }

  /// A `<th>` with a tooltip (escaped) and a class.
  func th(_ text: String, cls: String = "", tooltip: String? = nil) -> RowNode {
    .th(
      .class(cls),
      .if(tooltip != nil, .attribute(named: "title", value: GradebookHTML.attributeEscaped(tooltip ?? ""))),
      .text(text))
  }

  /// A table whose cells carry their own classes: `head` and `rows` of `<th>`/`<td>` nodes;
  /// with `repeatHead`, the heading row again every that many rows (a long matrix is read far
  /// from its top).
  func rawTable(_ cls: String, head: [RowNode], rows: [[RowNode]], rowClasses: [String] = [], repeatHead: Int? = nil) -> BodyNode {
    var body: [TableNode] = []
    for (i, cells) in rows.enumerated() {
      if let n = repeatHead, n > 0, i > 0, i % n == 0 { body.append(.tr(.class("rehead"), .group(head))) }
      body.append(.tr(.class(i < rowClasses.count ? rowClasses[i] : ""), .group(cells)))
    }
    return .div(.class("scroll"), .table(.class(cls), .thead(.tr(.group(head))), .tbody(.group(body))))
  }

  // MARK: Who needs help

  func whoNeedsHelp() -> BodyNode {
    let matrices = GradebookView.matrices(g)
    guard !matrices.isEmpty else { return none() }
    let legend: BodyNode = .p(
      .class("legend symbols"),
      .text(t("gradebook.view.label", ["label": t("gradebook.view.legend.symbols"), "text": ""])),
      .group(GradebookView.legendStatuses.map { s -> BodyNode in
        .span(.class("key cell " + GradebookView.tone(s)), .text(GradebookView.symbol(s) + " " + GradebookView.statusWord(s, messages)))
      }))
    var nodes: [BodyNode] = [
      .p(.class("note"), .text(GradebookView.sentences([t("gradebook.view.help.order"), t("gradebook.view.help.click")], messages))),
      legend,
      .p(.class("note"), .text(t("gradebook.view.credit.explain"))),
    ]
    for m in matrices { nodes.append(matrix(m)) }
    return .group(nodes)
  }

  /// One course: its pass mark, how many need help, the matrix, and what L1, L2… are.
  func matrix(_ m: GradebookView.CourseMatrix) -> BodyNode {
    var head: [RowNode] = [
      th(t("gradebook.view.col.learner")), th(t("gradebook.view.col.standing")),
      th(t("gradebook.view.col.lessonsPassed"), cls: "n"), th(t("gradebook.view.col.answered"), cls: "n"),
      th(t("gradebook.view.col.credit"), cls: "n"),
    ]
    for (i, l) in m.lessons.enumerated() {
      head.append(th(GradebookView.lessonCode(i), cls: "lesson", tooltip: clean(l.title)))
    }
    let rows: [[RowNode]] = m.rows.map { r in
      var cells: [RowNode] = [
        .td(.class("who"), .a(.class("learner"), .href("#" + GradebookView.anchor(r.learner)), .text(clean(r.learner)))),
        .td(.class("standing-cell"), standing(r)),
        .td(.class("n"), .text(GradebookView.lessonsPassed(r))),
        .td(.class("n"), .text(GradebookView.questionsAnswered(r))),
        .td(.class("n"), scoreCell(r.credit)),
      ]
      for (i, (cell, lesson)) in zip(m.cells(r), m.lessons).enumerated() {
        let tip = GradebookView.cellDescription(cell, code: GradebookView.lessonCode(i), lesson: lesson, messages)
        cells.append(
          .td(
            .class("cell " + (cell.map { GradebookView.tone($0.status) } ?? "none")),
            .attribute(named: "title", value: GradebookHTML.attributeEscaped(clean(tip))),
            .text(GradebookView.cellText(cell))))
      }
      return cells
    }
    let lessonLegend: BodyNode =
      m.lessons.isEmpty
      ? .empty
      : .ol(
        .class("lessons"),
        .group(GradebookView.legendLines(m, messages).map { line -> Node<HTML.ListContext> in .li(.text(clean(line))) }))
    return .group(
      .h3(.text(clean(m.title)), m.title != m.course ? .span(.class("id"), .text(" " + clean(m.course))) : .empty),
      .p(.class("passline"), .text(GradebookView.courseNote(m, messages))),
      rawTable("matrix", head: head, rows: rows, repeatHead: GradebookHTML.matrixHeadEvery),
      lessonLegend)
  }

  /// The standing in words, coloured (the symbol says it without colour).
  func standing(_ r: GradebookRow) -> BodyNode {
    .span(.class("standing " + (r.standing?.rawValue ?? "unknown")), .text(GradebookView.standingText(r, messages)))
  }

  // MARK: Learners one by one

  func learnerPages() -> BodyNode {
    let names = GradebookView.learnerOrder(g)
    guard !names.isEmpty else { return none() }
    var pages: [String: LearnerReport] = [:]
    for p in g.learners where pages[p.learner] == nil { pages[p.learner] = p }
    let rowsOf = Dictionary(grouping: g.rows, by: \.learner)
    var flagsOf: [String: [IntegrityFlag]] = [:]
    for f in g.flags {
      for l in Set(f.learners) { flagsOf[l, default: []].append(f) }
    }
    let small = names.count <= GradebookHTML.learnersOpen
    var nodes: [BodyNode] = [.p(.class("note"), .text(t("gradebook.view.learners.intro")))]
    if !small { nodes.append(.p(.class("note"), .text(t("gradebook.view.learners.collapsed", ["n": String(names.count)])))) }
    let courseOrder = Dictionary(GradebookView.matrices(g).enumerated().map { ($1.course, $0) }, uniquingKeysWith: { a, _ in a })
    for name in names {
      let rows = (rowsOf[name] ?? []).sorted { (courseOrder[$0.course] ?? .max, $0.course) < (courseOrder[$1.course] ?? .max, $1.course) }
      let flags = flagsOf[name] ?? []
      let needs = rows.contains { $0.standing?.needsHelp == true }
      nodes.append(
        learnerPage(
          name, rows: rows, page: pages[name] ?? LearnerReport(learner: name), flags: flags, open: small && (needs || !flags.isEmpty),
          reviewLimit: GradebookView.reviewShown(learners: names.count)))
    }
    return .group(nodes)
  }

  func learnerPage(
    _ name: String, rows: [GradebookRow], page: LearnerReport, flags: [IntegrityFlag], open: Bool, reviewLimit: Int
  ) -> BodyNode {
    let needs = rows.contains { $0.standing?.needsHelp == true }
    let passedAll = !rows.isEmpty && rows.allSatisfy { $0.standing == .passed }
    var brief: [String] = []
    if !page.review.isEmpty { brief.append(t("gradebook.view.learner.reviewCount", ["n": String(page.review.count)])) }
    if !flags.isEmpty { brief.append(t("gradebook.view.learner.flagCount", ["n": String(flags.count)])) }
    let summary: BodyNode = .element(
      named: "summary",
      nodes: [
        .h3(.class("lname"), .text(clean(name))),
        needs
          ? .span(.class("badge help"), .text(t("gradebook.view.learner.needsHelp")))
          : (passedAll ? .span(.class("badge ok"), .text(t("gradebook.view.learner.allPassed"))) : .empty),
        brief.isEmpty ? .empty : .span(.class("brief"), .text(brief.joined(separator: " · "))),
      ])
    // The anchor is inside the folded part: following a link to it opens the section (browsers
    // reveal a closed <details> around a link's target), with no script.
    let body: BodyNode = .div(
      .id(GradebookView.anchor(name)), .class("lbody"),
      rows.isEmpty ? .empty : .group(.h4(.text(t("gradebook.view.learner.courses"))), learnerCourses(rows)),
      .h4(.text(t("gradebook.view.learner.review", ["n": String(page.review.count)]))), review(page.review, limit: reviewLimit),
      .h4(.text(t("gradebook.view.learner.live"))), liveShows(page.live),
      .h4(.text(t("gradebook.view.learner.flags"))), learnerFlags(flags, of: name))
    return .section(
      .class("lpage"),
      .element(named: "details", nodes: [open ? .attribute(named: "open") : .empty, summary, body]))
  }

  /// Each course: standing, completion, credit, and the lessons not passed yet.
  func learnerCourses(_ rows: [GradebookRow]) -> BodyNode {
    let outlines = Dictionary(g.courses.map { ($0.course, $0) }, uniquingKeysWith: { a, _ in a })
    let head: [RowNode] = [
      th(t("gradebook.view.col.course")), th(t("gradebook.view.col.standing")), th(t("gradebook.view.col.lessonsPassed"), cls: "n"),
      th(t("gradebook.view.col.answered"), cls: "n"), th(t("gradebook.view.col.credit"), cls: "n"),
      th(t("gradebook.view.col.lessonsOpen")),
    ]
    let body: [[RowNode]] = rows.map { r in
      let lessons = outlines[r.course]?.lessons ?? []
      var open: [Node<HTML.ListContext>] = []
      for (i, cell) in r.lessons.enumerated() where cell.status != .passed {
        let index = lessons.firstIndex { $0.id == cell.lesson } ?? i
        let title = lessons.first { $0.id == cell.lesson }?.title ?? cell.lesson
        open.append(
          .li(
            .span(.class("cell " + GradebookView.tone(cell.status)), .text(GradebookView.cellText(cell))),
            .text(" " + GradebookView.lessonCode(index) + " " + clean(title) + " — " + GradebookView.statusWord(cell.status, messages))))
      }
      return [
        .td(.class("course-cell"), courseCell(r.course, compact: true)), .td(.class("standing-cell"), standing(r)), .td(.class("n"), .text(GradebookView.lessonsPassed(r))),
        .td(.class("n"), .text(GradebookView.questionsAnswered(r))), .td(.class("n"), scoreCell(r.credit)),
        .td(open.isEmpty ? .text(GradebookHTML.dash) : .ul(.class("open-lessons"), .group(open))),
      ]
    }
    return rawTable("lcourses", head: head, rows: body)
  }

  /// What to go over: at most `GradebookView.reviewShown` questions, chosen not right first,
  /// then skipped, unfinished, right after help; shown by course (in the course order), each
  /// course's questions in that order of need.
  func review(_ items: [ReviewItem], limit: Int) -> BodyNode {
    guard !items.isEmpty else { return .p(.class("none"), .text(t("gradebook.view.learner.reviewNone"))) }
    let chosen = Array(GradebookView.reviewByNeed(items).prefix(limit))
    let courseRank = Dictionary(courses.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    let shown = chosen.enumerated().sorted { a, b in
      let ca = courseRank[a.element.course] ?? .max, cb = courseRank[b.element.course] ?? .max
      if ca != cb { return ca < cb }
      if a.element.course != b.element.course { return a.element.course < b.element.course }
      return a.offset < b.offset
    }.map(\.element)
    let head: [RowNode] = [
      th(t("gradebook.view.col.question")), th(t("gradebook.view.col.prompt")), th(t("gradebook.view.col.typed")),
      th(t("gradebook.view.col.score"), cls: "n"), th(t("gradebook.view.col.outcome")),
    ]
    var rows: [[RowNode]] = []
    var classes: [String] = []
    var course: String?
    for i in shown {
      if i.course != course {
        course = i.course
        rows.append([.td(.attribute(named: "colspan", value: "5"), .text(clean(courseName(i.course))))])
        classes.append("group")
      }
      // The tries in order, one after the other: `A → B`.
      var typed: [BodyNode] = []
      for (n, a) in i.answers.enumerated() {
        if n > 0 { typed.append(.text(" → ")) }
        let text = clean(a).trimmingSpaces
        typed.append(text.isEmpty ? .span(.class("ans empty"), .text(t("report.answer.empty"))) : clipped(text, 80, cls: "ans typed"))
      }
      rows.append([
        .td(.code(.class("qid"), .text(clean(i.question)))),
        .td(clipped(clean(i.prompt), 140, cls: "rprompt")),
        .td(typed.isEmpty ? .text(GradebookHTML.dash) : .span(.class("tries"), .group(typed))),
        .td(.class("n"), .text(GradebookHTML.percent(i.score))),
        .td(.span(.class("outcome " + outcomeClass(i.outcome)), .text(GradebookView.outcomeWord(clean(i.outcome), messages)))),
      ])
      classes.append("")
    }
    let more = items.count - shown.count
    return .group(
      .p(.class("note"), .text(GradebookView.reviewCounts(items, messages))),
      rawTable("review", head: head, rows: rows, rowClasses: classes),
      more > 0 ? .p(.class("more"), .text(t("gradebook.view.learner.reviewMore", ["n": String(more)]))) : .empty)
  }

  /// A class for an outcome's colour, from the known outcomes only.
  func outcomeClass(_ outcome: String) -> String {
    ["not_right", "skipped", "open", "right_with_help"].contains(outcome) ? "o-" + outcome : "o-other"
  }

  func liveShows(_ shows: [LiveShow]) -> BodyNode {
    guard !shows.isEmpty else { return .p(.class("none"), .text(t("gradebook.view.learner.liveNone"))) }
    let head: [RowNode] = [
      th(t("gradebook.view.col.show")), th(t("gradebook.view.col.date")), th(t("gradebook.view.col.score"), cls: "n"),
      th(t("gradebook.view.col.file")),
    ]
    let rows: [[RowNode]] = shows.map { s in
      [
        .td(.text(clean(s.title ?? s.scenario)), .br(), .span(.class("id"), .text(clean(s.course + ":" + s.scenario)))),
        .td(.class("nowrap"), .text(clean(GradebookView.date(s.started)))),
        .td(.class("n"), .text(s.score.map { GradebookHTML.outOf100($0) + "/100" } ?? GradebookHTML.dash)),
        .td(path(clean(s.path))),
      ]
    }
    return rawTable("live", head: head, rows: rows)
  }

  /// The flags that name `learner`, worded as the checks section words them.
  func learnerFlags(_ flags: [IntegrityFlag], of learner: String) -> BodyNode {
    guard !flags.isEmpty else { return none() }
    let shown = flags.prefix(GradebookHTML.flagsPerLearner)
    let head: [RowNode] = [
      th(t("report.col.flagKind")), th(t("report.col.detail")), th(t("report.col.involved")), th(t("report.col.files")),
    ]
    // A flag can name a hundred learners (an answer many gave): each section lists a few of
    // them, so that the page does not grow with the square of the class.
    let named = 6
    let rows: [[RowNode]] = shown.map { f in
      let others = f.learners.filter { $0 != learner }
      var whoNodes: [BodyNode] = others.prefix(named).enumerated().map { i, o -> BodyNode in
        .group(i > 0 ? .text(listSeparator) : .empty, .a(.href("#" + GradebookView.anchor(o)), .text(clean(o))))
      }
      if others.count > named { whoNodes.append(.span(.class("more"), .text(" " + t("report.answer.more", ["count": String(others.count - named)])))) }
      var pathNodes: [BodyNode] = f.paths.prefix(3).enumerated().map { i, p in .group(i > 0 ? .br() : .empty, shortPath(clean(p))) }
      if f.paths.count > 3 { pathNodes.append(.span(.class("more"), .text(" " + t("report.answer.more", ["count": String(f.paths.count - 3)])))) }
      return [
        .td(.span(.class("flag flag-integrity"), .text(t("report.integrity." + f.kind.rawValue)))),
        .td(.text(clean(f.detail))),
        .td(others.isEmpty ? .text(GradebookHTML.dash) : .group(whoNodes)),
        .td(.group(pathNodes)),
      ]
    }
    let more = flags.count - shown.count
    return .group(
      rawTable("lflags", head: head, rows: rows),
      more > 0 ? .p(.class("more"), .text(t("gradebook.view.learner.flagsMore", ["n": String(more)]))) : .empty)
  }

  /// The last two parts of a path (`pc-12/t-000998.jsonl`), the whole path in a tooltip.
  func shortPath(_ p: String) -> BodyNode {
    let parts = p.split(separator: "/", omittingEmptySubsequences: true)
    guard parts.count > 2 else { return path(p) }
    return .span(
      .attribute(named: "title", value: GradebookHTML.attributeEscaped(p)), .code(.class("path"), .text("…/" + parts.suffix(2).joined(separator: "/"))))
  }

  // MARK: Flags per learner

  /// Learner → number of flags of each kind, the most flagged first.
  func flagsPerLearner() -> BodyNode {
    let (kinds, learners) = GradebookView.flagsByLearner(g)
    guard !learners.isEmpty else { return .empty }
    var head: [RowNode] = [th(t("gradebook.view.col.learner")), th(t("gradebook.view.col.flags"), cls: "n")]
    head += kinds.map { th(t("report.integrity." + $0.rawValue), cls: "n") }
    let rows: [[RowNode]] = learners.map { c in
      var cells: [RowNode] = [
        .td(.a(.class("learner"), .href("#" + GradebookView.anchor(c.learner)), .text(clean(c.learner)))),
        .td(.class("n"), .strong(.text(String(c.total)))),
      ]
      cells += kinds.map { k in .td(.class("n"), .text(c.counts[k].map(String.init) ?? GradebookHTML.dash)) }
      return cells
    }
    return .group(.h4(.text(t("gradebook.view.flags.byLearner"))), rawTable("flagcount", head: head, rows: rows))
  }

  // MARK: Calc variants

  /// Per drawn-values variant of each calc question of `course`: n, facility, SD.
  func variantTable(course: String) -> BodyNode {
    let stats = g.variants.filter { $0.course == course }
    guard !stats.isEmpty else { return .empty }
    let head: [RowNode] = [
      th(t("gradebook.view.col.question")), th(t("gradebook.view.col.values")), th(t("gradebook.view.col.n"), cls: "n"),
      th(t("gradebook.view.col.facility"), cls: "n"), th(t("gradebook.view.col.sd"), cls: "n"),
    ]
    var rows: [[RowNode]] = []
    var classes: [String] = []
    for s in stats {
      for (i, v) in s.variants.enumerated() {
        rows.append([
          .td(i == 0 ? .code(.class("qid"), .text(clean(s.question))) : .empty),
          .td(.code(.class("values"), .text(clean(v.values)))),
          .td(.class("n"), .text(String(v.n))),
          .td(.class("n"), .span(.class("fac-" + band(v.facility).rawValue), .text(GradebookHTML.index(v.facility)))),
          .td(.class("n"), .text(GradebookHTML.index(v.standardDeviation))),
        ])
        classes.append(i == 0 ? "first" : "")
      }
      if let other = GradebookView.otherVariants(s, messages) {
        rows.append([
          .td(s.variants.isEmpty ? .code(.class("qid"), .text(clean(s.question))) : .empty),
          .td(.attribute(named: "colspan", value: "4"), .class("more"), .text(other)),
        ])
        classes.append(s.variants.isEmpty ? "first" : "")
      }
    }
    return .div(
      .class("variants"),
      .h4(.text(t("gradebook.view.variants.title"))),
      .p(.class("note"), .text(t("gradebook.view.variants.note"))),
      rawTable("variants", head: head, rows: rows, rowClasses: classes))
  }
}
