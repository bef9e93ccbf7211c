import Foundation

/// The instructor's view of a gradebook, worked out once for every format (terminal table,
/// Markdown, HTML): who needs help first, each lesson cell as a symbol and a score, the standing
/// in words, each learner's integrity flags, and which attempt the statistics count.
///
/// Nothing here escapes or cleans text: each renderer does that for its own format.
enum GradebookView {
  // MARK: The learner × lesson matrix

  /// One course's learner × lesson matrix.
  struct CourseMatrix: Equatable {
    /// The course id.
    var course: String
    /// The course's title (its id when the course file was not found).
    var title: String
    /// The pass mark of each lesson, 0…1 (nil without the course file).
    var passScore: Double?
    /// The columns: every lesson of the course, in the course's order.
    var lessons: [CourseOutline.Lesson]
    /// The course's rows, the learners most in need of help first (``needOrder(_:_:)``).
    var rows: [GradebookRow]

    /// Learners whose standing says they need help.
    var needingHelp: Int { rows.filter { $0.standing?.needsHelp == true }.count }

    /// `row`'s cell for each column of ``lessons`` (nil where the row has none).
    func cells(_ row: GradebookRow) -> [LessonCell?] {
      var byId: [String: LessonCell] = [:]
      for c in row.lessons where byId[c.lesson] == nil { byId[c.lesson] = c }
      return lessons.map { byId[$0.id] }
    }
  }

  /// One matrix per course: the courses of ``Gradebook/courses`` in their order, then any course
  /// with rows but no outline (its course file was not found), by id.
  static func matrices(_ g: Gradebook) -> [CourseMatrix] {
    var out: [CourseMatrix] = []
    var seen = Set<String>()
    for c in g.courses where seen.insert(c.course).inserted {
      out.append(
        CourseMatrix(
          course: c.course, title: c.title.isEmpty ? c.course : c.title, passScore: c.passScore, lessons: c.lessons,
          rows: sortedByNeed(g.rows.filter { $0.course == c.course })))
    }
    for id in Set(g.rows.map(\.course)).subtracting(seen).sorted() {
      let rows = g.rows.filter { $0.course == id }
      // Without the outline the columns are the lessons the rows themselves carry.
      var lessons: [CourseOutline.Lesson] = []
      var ids = Set<String>()
      for r in rows {
        for c in r.lessons where ids.insert(c.lesson).inserted {
          lessons.append(CourseOutline.Lesson(id: c.lesson, title: c.lesson, questions: c.questions))
        }
      }
      let title = rows.lazy.compactMap(\.courseTitle).first { !$0.isEmpty } ?? id
      out.append(CourseMatrix(course: id, title: title, passScore: nil, lessons: lessons, rows: sortedByNeed(rows)))
    }
    return out
  }

  /// `rows`, the learners most in need of help first.
  static func sortedByNeed(_ rows: [GradebookRow]) -> [GradebookRow] {
    rows.enumerated().sorted { a, b in
      if needOrder(a.element, b.element) { return true }
      if needOrder(b.element, a.element) { return false }
      return a.offset < b.offset
    }.map(\.element)
  }

  /// Whether `a` needs help before `b`: lower course credit first (no credit last), then by
  /// standing (failing, unfinished, passed, unknown), then by name, then by course.
  static func needOrder(_ a: GradebookRow, _ b: GradebookRow) -> Bool {
    let ca = finite(a.credit), cb = finite(b.credit)
    switch (ca, cb) {
    case (let x?, let y?) where x != y: return x < y
    case (.some, .none): return true
    case (.none, .some): return false
    default: break
    }
    let sa = standingRank(a.standing), sb = standingRank(b.standing)
    if sa != sb { return sa < sb }
    if a.learner != b.learner { return a.learner < b.learner }
    return a.course < b.course
  }

  /// ✗ failing, … unfinished, ✓ passed: the marks the standing words begin with.
  static func standingSymbol(_ s: Standing) -> String {
    switch s {
    case .failing: "✗"
    case .unfinished: "…"
    case .passed: "✓"
    }
  }

  /// Failing 0, unfinished 1, passed 2, unknown (no course file) 3.
  static func standingRank(_ s: Standing?) -> Int {
    switch s {
    case .failing: 0
    case .unfinished: 1
    case .passed: 2
    case nil: 3
    }
  }

  static func finite(_ x: Double?) -> Double? {
    guard let x, x.isFinite else { return nil }
    return x
  }

  // MARK: Cells and words

  /// The mark that says a cell's status without colour: ✓ passed, ✗ below the pass mark,
  /// … in progress, ◐ waiting for its live session, · not started.
  static func symbol(_ s: LessonCell.Status) -> String {
    switch s {
    case .passed: "✓"
    case .failed: "✗"
    case .inProgress: "…"
    // As `bazaar progress` marks a lesson whose live session is still to run.
    case .awaitingLive: "◐"
    case .notStarted: "·"
    }
  }

  /// The colour a status is shown in (a CSS class in HTML): green, red, amber or grey.
  static func tone(_ s: LessonCell.Status) -> String {
    switch s {
    case .passed: "pass"
    case .failed: "fail"
    case .inProgress, .awaitingLive: "going"
    case .notStarted: "idle"
    }
  }

  /// The statuses in the order the legend lists them.
  static let legendStatuses: [LessonCell.Status] = [.passed, .failed, .inProgress, .awaitingLive, .notStarted]

  /// A lesson's short column heading: `L1`, `L2`…
  static func lessonCode(_ index: Int) -> String { "L\(index + 1)" }

  /// A score 0…1 as a whole percentage, rounded down so that a score just under the pass mark
  /// never shows as the pass mark (59.6% is `59%`, not `60%`); `—` when undefined.
  static func floorPercent(_ x: Double?) -> String {
    guard let x = finite(x) else { return "—" }
    let p = Int((min(1, max(0, x)) * 100 + 1e-9).rounded(.down))
    return "\(p)%"
  }

  /// A score 0…1 as a rounded whole percentage; `—` when undefined.
  static func percent(_ x: Double?) -> String {
    guard let x = finite(x) else { return "—" }
    return Format.percent(x)
  }

  /// A cell as text: its symbol and its score (`✓ 85%`, `✗ 40%`, `… 50%`, `·`); `—` when the
  /// learner has no cell for the lesson.
  static func cellText(_ cell: LessonCell?) -> String {
    guard let cell else { return "—" }
    guard cell.status != .notStarted, finite(cell.score) != nil else { return symbol(cell.status) }
    return symbol(cell.status) + " " + floorPercent(cell.score)
  }

  /// The status in words (`passed`, `below the pass mark`…).
  static func statusWord(_ s: LessonCell.Status, _ m: MessageCatalog) -> String {
    m.text("gradebook.view.status." + s.rawValue)
  }

  /// What a cell says in full (a tooltip): the lesson's code, its status, the score and the
  /// questions done. Not the lesson's title: the column heading's tooltip and the legend have it,
  /// and in a class of a thousand it would be written a thousand times per lesson.
  static func cellDescription(_ cell: LessonCell?, code: String, lesson: CourseOutline.Lesson, _ m: MessageCatalog) -> String {
    guard let cell else { return code + " " + lesson.title }
    return m.text(
      finite(cell.score) == nil ? "gradebook.view.cellNoScore" : "gradebook.view.cell",
      [
        "code": code, "status": statusWord(cell.status, m), "score": floorPercent(cell.score),
        "answered": String(cell.answered), "questions": String(cell.questions),
      ])
  }

  /// The standing in words, with its symbol: `✗ below the pass mark in 2 lessons`,
  /// `… 3 of 6 lessons not done`, `✓ passed`; `—` without the course file.
  static func standingText(_ r: GradebookRow, _ m: MessageCatalog) -> String {
    switch r.standing {
    case .failing?:
      let n = r.lessons.filter { $0.status == .failed }.count
      return n == 1 ? m.text("gradebook.view.standing.failing.one") : m.text("gradebook.view.standing.failing", ["n": String(n)])
    case .unfinished?:
      let total = max(r.lessonsTotal, r.lessons.count)
      let open = r.lessons.filter { $0.status != .passed }
      // Only live shows left: say so (the questions are done, and passed).
      if !open.isEmpty, open.allSatisfy({ $0.status == .awaitingLive }) {
        return m.text("gradebook.view.standing.liveOnly", ["n": String(open.count)])
      }
      return m.text("gradebook.view.standing.unfinished", ["n": String(max(0, total - r.lessonsPassed)), "total": String(total)])
    case .passed?:
      return m.text("gradebook.view.standing.passed")
    case nil:
      return "—"
    }
  }

  /// Lessons passed of the course's lessons: `2/6`.
  static func lessonsPassed(_ r: GradebookRow) -> String { "\(r.lessonsPassed)/\(max(r.lessonsTotal, r.lessons.count))" }

  /// Questions answered of the course's questions: `40/69`.
  static func questionsAnswered(_ r: GradebookRow) -> String { "\(r.questionsAnswered)/\(r.questionsTotal)" }

  /// `L1 = What one box costs (9 questions)` for each column.
  static func legendLines(_ matrix: CourseMatrix, _ m: MessageCatalog) -> [String] {
    matrix.lessons.enumerated().map { i, l in
      m.text("gradebook.view.legend.lesson", ["code": lessonCode(i), "title": l.title, "n": String(l.questions)])
    }
  }

  /// `✓ passed   ✗ below the pass mark   … in progress   … waiting for its live session   · not started`
  /// (spaces between, not `·`, which is itself the mark of "not started").
  static func symbolLegend(_ m: MessageCatalog) -> String {
    legendStatuses.map { symbol($0) + " " + statusWord($0, m) }.joined(separator: "   ")
  }

  /// `Pass mark: 60% of a lesson's marks. Need help: 3 of 10 learners.`
  static func courseNote(_ matrix: CourseMatrix, _ m: MessageCatalog) -> String {
    var parts: [String] = []
    if let pass = finite(matrix.passScore) {
      // Lessons with a pass mark of their own (`policy: {pass_score: 0.8}` on a final test) are named.
      let own = matrix.lessons.compactMap { l in
        finite(l.passScore).map { m.text("gradebook.view.passMarkLesson", ["pass": Format.percent($0), "lesson": l.title]) }
      }
      parts.append(
        own.isEmpty
          ? m.text("gradebook.view.passMark", ["pass": Format.percent(pass)])
          : m.text("gradebook.view.passMarkExcept", ["pass": Format.percent(pass), "others": own.joined(separator: m.isChinese ? "，" : ", ")]))
    }
    parts.append(m.text("gradebook.view.needHelp", ["n": String(matrix.needingHelp), "total": String(matrix.rows.count)]))
    return sentences(parts, m)
  }

  /// Sentences one after the other: with a space in English, without in Chinese (after `。`).
  static func sentences(_ parts: [String], _ m: MessageCatalog) -> String {
    parts.joined(separator: m.isChinese ? "" : " ")
  }

  /// `Symbols: ✓ passed · ✗ below the pass mark · …`.
  static func symbolLine(_ m: MessageCatalog) -> String {
    m.text("gradebook.view.label", ["label": m.text("gradebook.view.legend.symbols"), "text": symbolLegend(m)])
  }

  // MARK: Learners

  /// Everyone the report names: learners with rows, pages or flags. Those who need help in
  /// some course first, by their lowest course credit; then the others; then by name.
  static func learnerOrder(_ g: Gradebook) -> [String] {
    var names = Set(g.rows.map(\.learner))
    names.formUnion(g.learners.map(\.learner))
    for f in g.flags { names.formUnion(f.learners) }
    var needs: [String: Bool] = [:]
    var lowest: [String: Double] = [:]
    for r in g.rows {
      if r.standing?.needsHelp == true { needs[r.learner] = true }
      if let c = finite(r.credit) { lowest[r.learner] = min(lowest[r.learner] ?? c, c) }
    }
    return names.sorted { a, b in
      let na = needs[a] == true, nb = needs[b] == true
      if na != nb { return na }
      let ca = lowest[a] ?? .infinity, cb = lowest[b] ?? .infinity
      if ca != cb { return ca < cb }
      return a < b
    }
  }

  /// Whether `learner` needs help in some course.
  static func needsHelp(_ learner: String, _ g: Gradebook) -> Bool {
    g.rows.contains { $0.learner == learner && $0.standing?.needsHelp == true }
  }

  /// A fragment id for `learner`'s section: `learner-` and the name with every character other
  /// than an ASCII letter or digit written as `_hex_` (so two names never share an id, and the
  /// id is safe in an attribute and a URL).
  static func anchor(_ learner: String) -> String {
    var out = "learner-"
    for s in learner.unicodeScalars {
      if s.isASCII, s.properties.isAlphabetic || ("0"..."9").contains(s) {
        out.unicodeScalars.append(s)
      } else {
        out += "_" + String(s.value, radix: 16) + "_"
      }
    }
    return out
  }

  /// `learner`'s review: the questions not right first, then skipped, then unfinished, then
  /// right after help; each group in the course order it came in.
  static func reviewByNeed(_ items: [ReviewItem]) -> [ReviewItem] {
    func rank(_ outcome: String) -> Int {
      switch outcome {
      case "not_right": 0
      case "skipped": 1
      case "open": 2
      case "right_with_help": 3
      default: 4
      }
    }
    return items.enumerated().sorted { a, b in
      let ra = rank(a.element.outcome), rb = rank(b.element.outcome)
      return ra != rb ? ra < rb : a.offset < b.offset
    }.map(\.element)
  }

  /// An outcome in words (`not right`, `skipped`…); an unknown code as it is.
  static func outcomeWord(_ outcome: String, _ m: MessageCatalog) -> String {
    let key = "gradebook.view.outcome." + outcome
    let word = m.text(key)
    return word == key ? outcome : word
  }

  /// How many review items of each outcome: `12 not right, 2 skipped, 30 right after help`.
  static func reviewCounts(_ items: [ReviewItem], _ m: MessageCatalog) -> String {
    var counts: [String: Int] = [:]
    for i in items { counts[i.outcome, default: 0] += 1 }
    let order = ["not_right", "skipped", "open", "right_with_help"]
    let known = order.filter { counts[$0] != nil }
    let others = counts.keys.filter { !order.contains($0) }.sorted()
    return (known + others).map { m.text("gradebook.view.outcomeCount", ["n": String(counts[$0] ?? 0), "outcome": outcomeWord($0, m)]) }
      .joined(separator: m.text("grade.listSeparator"))
  }

  /// Review items shown per learner in HTML and Markdown (the rest are counted, and are in the
  /// JSON): 30, or 10 in a class of more than ``bigClass`` learners, so that the report of a
  /// thousand learners stays a size an old PC's browser opens.
  static func reviewShown(learners: Int) -> Int { learners > bigClass ? 10 : 30 }

  /// Above this many learners a class is big: learner sections are folded (HTML) and list fewer
  /// questions.
  static let bigClass = 40

  /// The flags that name `learner`, in the report's order.
  static func flags(of learner: String, _ g: Gradebook) -> [IntegrityFlag] {
    g.flags.filter { $0.learners.contains(learner) }
  }

  /// The kinds of flag in the order the grouped table shows them.
  static func kindRank(_ k: IntegrityFlag.Kind) -> Int {
    switch k {
    case .identicalAnswers: 0
    case .tooFast: 1
    case .duplicateSession: 2
    case .torn: 3
    }
  }

  /// Flags per learner: one entry per learner named by a flag, with their count of each kind,
  /// the most flagged first (then by name).
  struct FlagCount: Equatable {
    var learner: String
    var counts: [IntegrityFlag.Kind: Int]
    var total: Int { counts.values.reduce(0, +) }
  }

  /// The kinds present in `g.flags`, in ``kindRank(_:)`` order, and each learner's counts.
  static func flagsByLearner(_ g: Gradebook) -> (kinds: [IntegrityFlag.Kind], learners: [FlagCount]) {
    var byLearner: [String: [IntegrityFlag.Kind: Int]] = [:]
    var kinds: [IntegrityFlag.Kind] = []
    for f in g.flags {
      if !kinds.contains(f.kind) { kinds.append(f.kind) }
      for l in Set(f.learners) { byLearner[l, default: [:]][f.kind, default: 0] += 1 }
    }
    let learners = byLearner.map { FlagCount(learner: $0.key, counts: $0.value) }.sorted { a, b in
      a.total != b.total ? a.total > b.total : a.learner < b.learner
    }
    return (kinds.sorted { kindRank($0) < kindRank($1) }, learners)
  }

  /// `2026-12-06T08:35:51Z` → `2026-12-06 08:35 UTC`; anything else as it is.
  static func date(_ iso: String) -> String {
    let parts = iso.split(separator: "T", maxSplits: 1)
    guard parts.count == 2, let day = parts.first, let time = parts.last, time.count >= 5, iso.hasSuffix("Z") else { return iso }
    return day + " " + time.prefix(5) + " UTC"
  }

  // MARK: Statistics

  /// Which attempt of each question the item and test statistics count, in words, with the
  /// option that changes it.
  /// Where the sessions came from, when it was not files: one sentence, or nil.
  static func sourceLine(_ g: Gradebook, _ m: MessageCatalog) -> String? {
    guard let s = g.source else { return nil }
    let period: String
    switch (s.since, s.until) {
    case (let a?, let b?): period = m.text("gradebook.source.between", ["since": a, "until": b])
    case (let a?, nil): period = m.text("gradebook.source.since", ["since": a])
    case (nil, let b?): period = m.text("gradebook.source.until", ["until": b])
    case (nil, nil): period = m.text("gradebook.source.all")
    }
    return m.text("gradebook.source.lrs", ["endpoint": s.lrs, "period": period])
  }

  static func attemptsNote(_ g: Gradebook, _ m: MessageCatalog) -> String {
    guard let known = CountedAttempt(rawValue: g.attemptsCounted) else {
      return m.text("gradebook.view.attempts.other", ["attempt": g.attemptsCounted])
    }
    return m.text("gradebook.view.attempts." + known.rawValue)
  }

  /// `12 other variants (40 learners)`, or nil when every variant is shown.
  static func otherVariants(_ v: CalcVariantStatistics, _ m: MessageCatalog) -> String? {
    guard v.otherVariants > 0 else { return nil }
    return m.text("gradebook.view.variants.other", ["n": String(v.otherVariants), "learners": String(v.otherLearners)])
  }
}
