import CSV
import Foundation

/// The gradebook as a terminal table, Markdown, CSV and JSON. CSV and JSON use stable English
/// column names (for spreadsheets and scripts, documented in docs/grading.md); the table and
/// Markdown speak the report's language.
public enum GradebookText {
  // MARK: Cells

  static func pct(_ v: Double?) -> String { v.map { Format.decimal($0 * 100, places: 0) + "%" } ?? "—" }
  static func num(_ v: Double?, _ places: Int = 2) -> String { v.map { Format.decimal($0, places: places) } ?? "—" }
  static func minutes(_ ms: Int) -> String { Format.decimal(Double(ms) / 60_000, places: 1) }
  static func live(_ scores: [Double]) -> String { scores.map { Format.decimal($0, places: 1) }.joined(separator: " ") }

  /// A number for CSV: every digit (the shortest text that reads back as the same Double, as
  /// JSON writes it), `.` as the decimal point, no grouping; empty when undefined or not finite.
  static func full(_ v: Double?) -> String {
    guard let v, v.isFinite else { return "" }
    if v == 0 { return "0" }
    if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    return "\(v)"
  }

  /// Gradebook columns: (CSV name, message key, value). With `csv`, numbers are written by
  /// ``full(_:)`` (undefined: empty) instead of rounded for reading.
  static func rowCells(_ r: GradebookRow, csv: Bool = false) -> [(String, String, String)] {
    [
      ("learner", "gradebook.col.learner", r.learner),
      ("course", "gradebook.col.course", r.course),
      ("score", "gradebook.col.score", csv ? full(r.score.map { $0 * 100 }) : r.score.map { Format.decimal($0 * 100, places: 1) } ?? ""),
      ("questions_answered", "gradebook.col.answered", String(r.questionsAnswered)),
      ("questions_total", "gradebook.col.questions", String(r.questionsTotal)),
      ("lessons_completed", "gradebook.col.lessonsDone", String(r.lessonsCompleted)),
      ("lessons_total", "gradebook.col.lessons", String(r.lessonsTotal)),
      ("time_minutes", "gradebook.col.minutes", csv ? full(Double(r.timeMs) / 60_000) : minutes(r.timeMs)),
      ("attempts", "gradebook.col.attempts", String(r.attempts)),
      ("hints", "gradebook.col.hints", String(r.hints)),
      ("skips", "gradebook.col.skips", String(r.skips)),
      ("live_scores", "gradebook.col.live", csv ? r.liveScores.map { full($0) }.joined(separator: " ") : live(r.liveScores)),
      ("transcripts", "gradebook.col.transcripts", String(r.transcripts)),
      ("reviews", "gradebook.col.reviews", String(r.reviews)),
      ("retention", "gradebook.col.retention", csv ? full(r.retention.map { $0 * 100 }) : r.retention.map { Format.decimal($0 * 100, places: 0) + "%" } ?? "—"),
      // The instructor's view, for a spreadsheet too (CSV: the code; tables: its symbol).
      ("credit", "gradebook.view.col.credit", csv ? full(r.credit.map { $0 * 100 }) : r.credit.map { Format.decimal($0 * 100, places: 1) } ?? ""),
      ("lessons_passed", "gradebook.view.col.lessonsPassed", r.standing == nil ? "" : String(r.lessonsPassed)),
      ("standing", "gradebook.view.col.standing", csv ? r.standing?.rawValue ?? "" : r.standing.map(GradebookView.standingSymbol) ?? ""),
    ]
  }


  /// Item columns. Moodle's random guess score and weights are CSV only (`csvOnly`): the terminal
  /// table is already wider than a 100-column terminal, and JSON has them anyway.
  static func itemCells(_ i: ItemStatisticsRow, csv: Bool = false) -> [(String, String, String)] {
    let n: (Double?) -> String = { csv ? full($0) : num($0) }
    let rate: (Double?) -> String = { csv ? full($0) : pct($0) }
    let answers = i.answers.prefix(3).map { "\(csv ? $0.answer : clip($0.answer, 20)) ×\($0.count)" }.joined(separator: "; ")
    let csvOnly: [(String, String, String)] = [
      ("random_guess_score", "gradebook.col.randomGuess", full(i.randomGuessScore)),
      ("intended_weight", "gradebook.col.intendedWeight", full(i.intendedWeight)),
      ("effective_weight", "gradebook.col.effectiveWeight", full(i.effectiveWeight)),
      ("negative_covariance", "gradebook.col.negativeCovariance", i.negativeCovariance ? "true" : "false"),
    ]
    return [
      ("course", "gradebook.col.course", i.course),
      ("question", "gradebook.col.question", i.question),
      ("kind", "gradebook.col.kind", i.kind),
      ("n", "gradebook.col.n", String(i.n)),
      ("facility", "gradebook.col.facility", n(i.facility)),
      ("sd", "gradebook.col.sd", n(i.standardDeviation)),
      ("discrimination", "gradebook.col.discrimination", n(i.discrimination)),
      ("efficiency", "gradebook.col.efficiency", n(i.efficiency)),
    ] + (csv ? csvOnly : []) + [
      ("mean_attempts", "gradebook.col.meanAttempts", n(i.meanAttempts)),
      ("hint_rate", "gradebook.col.hintRate", rate(i.hintRate)),
      ("skip_rate", "gradebook.col.skipRate", rate(i.skipRate)),
      ("flags", "gradebook.col.flags", i.flags.map(\.rawValue).joined(separator: " ")),
      ("top_answers", "gradebook.col.answers", answers),
    ]
  }

  static func clip(_ s: String, _ n: Int) -> String { s.count > n ? String(s.prefix(n)) + "…" : s }

  // MARK: Table

  /// A terminal table per section, aligned by display width.
  public static func table(_ g: Gradebook, messages m: MessageCatalog) -> String {
    var out = GradebookView.sourceLine(g, m).map { $0 + "\n\n" } ?? ""
    out += helpTable(g, m) + "\n"
    out += m.text("gradebook.title.rows") + "\n"
    out += grid(g.rows.map { rowCells($0) }, m, empty: m.text("gradebook.none"))
    out += "\n" + m.text("gradebook.title.tests") + "\n"
    out += grid(g.tests.map { testCells($0, m: m) }, m, empty: m.text("gradebook.none"))
    if let note = populationNote(g, m) { out += "  " + note + "\n" }
    if !g.tests.isEmpty || !g.items.isEmpty { out += "  " + GradebookView.attemptsNote(g, m) + "\n" }
    out += "\n" + m.text("gradebook.title.items") + "\n"
    out += grid(g.items.map { itemCells($0) }, m, empty: m.text("gradebook.none"))
    if !g.items.isEmpty { out += "  " + m.text("gradebook.answers.note").replacingOccurrences(of: "`", with: "") + "\n" }
    out += variantsTable(g, m)
    out += "\n" + learnerBlocks(g, m)
    out += "\n" + flagsPerLearnerTable(g, m)
    out += notes(g, m, bullet: "  ")
    return out
  }

  /// Whose attempts the statistics use, and how many learners that leaves out or takes in.
  static func populationNote(_ g: Gradebook, _ m: MessageCatalog) -> String? {
    guard let first = g.tests.first else { return nil }
    let notFinished = g.tests.reduce(0) { $0 + $1.notFinished }
    return first.population == StatisticsPopulation.all.rawValue
      ? m.text("gradebook.population.all", ["n": String(notFinished)])
      : m.text("gradebook.population.finished", ["n": String(notFinished)])
  }

  static func testCells(_ t: TestStatistics, csv: Bool = false, m: MessageCatalog? = nil) -> [(String, String, String)] {
    let n: (Double?, Int) -> String = { csv ? full($0) : num($0, $1) }
    return [
      ("course", "gradebook.col.course", t.course),
      ("learners", "gradebook.col.learners", String(t.learners)),
      ("items", "gradebook.col.items", String(t.items)),
      ("mean", "gradebook.col.mean", n(t.mean, 1)),
      ("median", "gradebook.col.median", n(t.median, 1)),
      ("sd", "gradebook.col.sd", n(t.standardDeviation, 1)),
      ("skewness", "gradebook.col.skewness", n(t.skewness, 2)),
      ("kurtosis", "gradebook.col.kurtosis", n(t.kurtosis, 2)),
      ("alpha", "gradebook.col.alpha", n(t.alpha, 2)),
      ("error_ratio", "gradebook.col.errorRatio", n(t.errorRatio, 1)),
      ("standard_error", "gradebook.col.standardError", n(t.standardError, 1)),
      // The code in CSV and JSON; a word in the tables people read.
      ("population", "gradebook.col.population", m.map { $0.text("gradebook.population.word." + t.population) } ?? t.population),
      ("not_finished", "gradebook.col.notFinished", String(t.notFinished)),
    ]
  }

  static func grid(_ rows: [[(String, String, String)]], _ m: MessageCatalog, empty: String) -> String {
    guard let first = rows.first else { return "  " + empty + "\n" }
    let header = first.map { m.text($0.1) }
    let body = rows.map { $0.map { Sanitize.line($0.2) } }
    var widths = header.map { DisplayWidth.of($0) }
    for r in body { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(c)) } }
    func line(_ cells: [String]) -> String {
      "  " + cells.enumerated().map { i, c in c + String(repeating: " ", count: max(0, widths[i] - DisplayWidth.of(c))) }
        .joined(separator: "  ").trimmingTrailingSpaces() + "\n"
    }
    return line(header) + "  " + widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
      + body.map(line).joined()
  }

  /// Flags, changes on re-grading, broadcasts and skipped files, as bullet lines.
  static func notes(_ g: Gradebook, _ m: MessageCatalog, bullet: String) -> String {
    var out = ""
    let changed = g.transcripts.filter {
      $0.courseChanged || $0.courseMissing || !$0.missingQuestions.isEmpty || !$0.changedScores.isEmpty || !$0.problems.isEmpty
    }
    out += "\n" + m.text("gradebook.title.transcripts", ["n": String(g.transcripts.count)]) + "\n"
    if changed.isEmpty { out += bullet + m.text("gradebook.none") + "\n" }
    for t in changed {
      var parts: [String] = []
      if t.courseMissing { parts.append(m.text("gradebook.t.courseMissing", ["course": t.course])) }
      if t.courseChanged { parts.append(m.text("gradebook.t.courseChanged")) }
      if !t.missingQuestions.isEmpty { parts.append(m.text("gradebook.t.missing", ["ids": t.missingQuestions.joined(separator: ", ")])) }
      if !t.changedScores.isEmpty {
        let list = t.changedScores.prefix(5).map { "\($0.question) \(pct($0.then))→\(pct($0.now))" }.joined(separator: ", ")
        parts.append(m.text("gradebook.t.changed", ["n": String(t.changedScores.count), "list": list]))
      }
      if !t.problems.isEmpty {
        parts.append(m.text("gradebook.t.problems", ["n": String(t.problems.count), "list": t.problems.prefix(3).joined(separator: "; ")]))
      }
      out += Sanitize.line(bullet + t.path + ": " + parts.joined(separator: "; ")) + "\n"
    }
    out += "\n" + m.text("gradebook.title.flags") + "\n"
    if g.flags.isEmpty { out += bullet + m.text("gradebook.none") + "\n" }
    for f in g.flags {
      out += Sanitize.line(
        bullet + m.text("gradebook.flag.\(f.kind.rawValue)") + ": " + f.learners.joined(separator: ", ") + " — " + f.detail
          + (f.paths.isEmpty ? "" : " (" + f.paths.prefix(3).joined(separator: ", ") + ")")) + "\n"
    }
    if !g.broadcasts.isEmpty {
      out += "\n" + m.text("gradebook.title.broadcasts") + "\n"
      for b in g.broadcasts {
        out += Sanitize.line(
          bullet + b.path + ": " + m.text("gradebook.b.summary", ["cues": String(b.cues), "findings": String(b.findings.count)])
            + (b.score.map { " · " + m.text("gradebook.b.score", ["scenario": b.scenario ?? "?", "score": Format.decimal($0, places: 1)]) } ?? "")) + "\n"
        if !b.topics.isEmpty {
          let items = b.topics.map { topic in
            topic.cues == 0
              ? topic.label + (topic.expected ? " ✗" : " –")
              : topic.label + " ✓ ×" + String(topic.cues) + (topic.firstMs.map { " (" + Format.clock(milliseconds: $0) + ")" } ?? "")
          }
          out += Sanitize.line(bullet + "  " + m.text("gradebook.b.topics", ["list": items.joined(separator: " · ")])) + "\n"
          for topic in b.topics where topic.isMissing {
            out += Sanitize.line(
              bullet + "  ✗ " + m.text("gradebook.b.topicMissing", ["topic": topic.label]) + (topic.rule.map { " — " + $0 } ?? ""))
              + "\n"
          }
        }
        for f in b.findings {
          out += Sanitize.line(
            bullet + "  " + Format.clock(milliseconds: f.ms) + " (" + b.path + ":" + String(f.line) + ") [" + f.category + "] «" + f.term
              + "» " + clip(f.text, 40) + " — " + f.rule
              + (f.advice.map { " → " + $0 } ?? "")) + "\n"
        }
      }
    }
    out += "\n" + m.text("gradebook.title.skipped", ["n": String(g.skipped.count)]) + "\n"
    if g.skipped.isEmpty { out += bullet + m.text("gradebook.none") + "\n" }
    for s in g.skipped {
      out += Sanitize.line(bullet + s.path + (s.line.map { ":\($0)" } ?? "") + ": " + s.reason) + "\n"
    }
    return out
  }

  // MARK: Markdown

  public static func markdown(_ g: Gradebook, messages m: MessageCatalog) -> String {
    func esc(_ s: String) -> String { md(s) }
    func mdTable(_ rows: [[(String, String, String)]]) -> String {
      guard let first = rows.first else { return m.text("gradebook.none") + "\n" }
      var out = "| " + first.map { esc(m.text($0.1)) }.joined(separator: " | ") + " |\n"
      out += "|" + first.map { _ in "---|" }.joined() + "\n"
      for r in rows { out += "| " + r.map { esc($0.2) }.joined(separator: " | ") + " |\n" }
      return out
    }
    var out = "# " + m.text("gradebook.title") + "\n\n"
    if let source = GradebookView.sourceLine(g, m) { out += esc(source) + "\n\n" }
    out += helpMarkdown(g, m) + "\n"
    out += "## " + m.text("gradebook.title.rows") + "\n\n" + mdTable(g.rows.map { rowCells($0) })
    out += "\n## " + m.text("gradebook.title.tests") + "\n\n" + mdTable(g.tests.map { testCells($0, m: m) })
    if let note = populationNote(g, m) { out += "\n" + note + "\n" }
    if !g.tests.isEmpty || !g.items.isEmpty { out += "\n" + GradebookView.attemptsNote(g, m) + "\n" }
    out += "\n## " + m.text("gradebook.title.items") + "\n\n" + mdTable(g.items.map { itemCells($0) })
    if !g.items.isEmpty { out += "\n" + m.text("gradebook.answers.note") + "\n" }
    out += variantsMarkdown(g, m)
    out += "\n" + learnerMarkdown(g, m)
    out += "\n" + flagsPerLearnerMarkdown(g, m)
    let notes = notes(g, m, bullet: "- ")
    for block in notes.components(separatedBy: "\n\n") where !block.isEmpty {
      let lines = block.split(separator: "\n", omittingEmptySubsequences: true)
      guard let title = lines.first else { continue }
      out += "\n## " + esc(String(title)) + "\n\n" + lines.dropFirst().map { esc(String($0)) }.joined(separator: "\n") + "\n"
    }
    return out
  }

  // MARK: CSV

  /// The tables `--format csv --table NAME` writes (documented in docs/grading.md).
  public enum CSVTable: String, Sendable, CaseIterable {
    /// One row per learner × course.
    case gradebook
    /// One row per question: item statistics.
    case items
    /// One row per course: test statistics.
    case tests
    /// One row per learner × course, one column per question: first-attempt scores.
    case learnerItems = "learner-items"
  }

  public static func csv(_ g: Gradebook, table: CSVTable) -> String {
    switch table {
    case .gradebook: csv(g)
    case .items: itemsCSV(g)
    case .tests: testsCSV(g)
    case .learnerItems: learnerItemsCSV(g)
    }
  }

  /// Learner × course rows as CSV (RFC 4180 quoting by CSV.swift; cells a spreadsheet would run
  /// as a formula are prefixed with `'`; control characters shown as `�`).
  public static func csv(_ g: Gradebook) -> String {
    csvTable(
      names: rowCells(GradebookRow(learner: "", course: ""), csv: true).map(\.0), rows: g.rows.map { rowCells($0, csv: true).map(\.2) })
  }

  /// Item statistics as CSV.
  public static func itemsCSV(_ g: Gradebook) -> String {
    csvTable(
      names: itemCells(ItemStatisticsRow(course: "", question: "", kind: ""), csv: true).map(\.0),
      rows: g.items.map { itemCells($0, csv: true).map(\.2) })
  }

  /// Test statistics (one row per course) as CSV.
  public static func testsCSV(_ g: Gradebook) -> String {
    csvTable(
      names: testCells(TestStatistics(course: "", learners: 0, items: 0), csv: true).map(\.0),
      rows: g.tests.map { testCells($0, csv: true).map(\.2) })
  }

  /// Learners × questions: `learner`, `course`, then one column per question id (of every course,
  /// in course order, each id once), holding the learner's first-attempt score 0–1 on that question
  /// of their row's course; empty when they never reached it (or the course has no such question).
  public static func learnerItemsCSV(_ g: Gradebook) -> String {
    var columns: [String] = []
    var column: [String: Int] = [:]
    for course in g.learnerItems {
      for id in course.items where column[id] == nil {
        column[id] = columns.count
        columns.append(id)
      }
    }
    var rows: [[String]] = []
    for course in g.learnerItems {
      for r in course.rows {
        var cells = [String](repeating: "", count: columns.count)
        for (id, score) in zip(course.items, r.scores) {
          if let j = column[id], cells.indices.contains(j) { cells[j] = full(score) }
        }
        rows.append([r.learner, course.course] + cells)
      }
    }
    return csvTable(names: ["learner", "course"] + columns, rows: rows)
  }

  static func csvTable(names: [String], rows: [[String]]) -> String {
    let stream = OutputStream(toMemory: ())
    stream.open()
    guard let writer = try? CSVWriter(stream: stream, newline: .crlf) else { return "" }
    try? writer.write(row: names.map(cell))
    for r in rows { try? writer.write(row: r.map(cell)) }
    writer.stream.close()
    guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else { return "" }
    return String(decoding: data, as: UTF8.self) + "\r\n"
  }

  /// A cell as written: controls (ESC…) shown as `�`, line breaks as spaces, formulas defused.
  static func cell(_ s: String) -> String { defuse(Sanitize.line(s)) }

  /// `=cmd()`, `+1`, `-1+2`, `@SUM`: spreadsheets run these; a learner's name or answer must not.
  static func defuse(_ s: String) -> String {
    guard let c = s.first, "=+-@\t\r".contains(c) else { return s }
    if Double(s) != nil { return s }
    return "'" + s
  }

  // MARK: JSON

  /// The whole gradebook as one JSON object (keys snake_case and sorted), one array element per
  /// line. Each element is encoded on its own, so memory stays small for 10,000 transcripts.
  public static func json(_ g: Gradebook) -> String {
    var out = ""
    json(g) { out += $0 }
    return out
  }

  /// The JSON, piece by piece (an element of a list at a time), to `write`: a report of any size
  /// is written without being held whole.
  public static func json(_ g: Gradebook, to write: (String) -> Void) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    write("{\n\"attempts_counted\": \"" + g.attemptsCounted + "\",\n")
    if let source = g.source, let data = try? encoder.encode(source) {
      write("\"source\": " + String(decoding: data, as: UTF8.self) + ",\n")
    }
    func array<T: Encodable>(_ key: String, _ values: [T], last: Bool = false) {
      write("\"\(key)\": [")
      for (i, v) in values.enumerated() {
        write((i == 0 ? "\n  " : ",\n  ") + ((try? encoder.encode(v)).map { String(decoding: $0, as: UTF8.self) } ?? "null"))
      }
      write((values.isEmpty ? "]" : "\n]") + (last ? "\n" : ",\n"))
    }
    array("broadcasts", g.broadcasts)
    array("courses", g.courses)
    array("flags", g.flags)
    array("items", g.items)
    array("learners", g.learners)
    array("rows", g.rows)
    array("skipped", g.skipped)
    array("tests", g.tests)
    array("transcripts", g.transcripts)
    array("variants", g.variants, last: true)
    write("}")
  }
}
