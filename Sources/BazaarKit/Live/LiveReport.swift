/// Words for a live session: lines during the session, the status line, and the report at the
/// end (score, dashboard, chart, per-line feedback). Plain text; the same result always renders
/// the same bytes, so a replay prints exactly what the live session printed.
public struct LiveReport: Sendable {
  public let scenario: LiveScenario
  public let m: MessageCatalog
  public let language: String
  public let fallback: [String]

  public init(scenario: LiveScenario, messages: MessageCatalog, language: String, fallback: [String] = []) {
    self.scenario = scenario
    m = messages
    self.language = language
    self.fallback = fallback
  }

  func t(_ l: Localized) -> String { l.text(language, fallback: fallback) }
  var sep: String { m.isChinese ? "" : " " }

  // MARK: During the session

  /// The lines to show for `events` (some events, like ordinary departures, show nothing).
  public func lines(_ events: [LiveEvent], at ms: Int) -> [LiveLine] {
    events.compactMap { line($0, at: ms) }
  }

  func line(_ e: LiveEvent, at ms: Int) -> LiveLine? {
    switch e {
    case .joined(let names):
      let shown = names.prefix(3).joined(separator: m.isChinese ? "、" : ", ")
      let more = names.count > 3 ? m.text("live.andMore", ["n": String(names.count - 3)]) : ""
      return LiveLine(tone: .join, text: m.text("live.joined", ["names": shown + more]), dueMs: ms)
    case .comment(let viewer, let text):
      return LiveLine(tone: .comment, text: m.text("live.comment", ["viewer": viewer, "text": text]), dueMs: ms)
    case .question(_, let viewer, let text):
      return LiveLine(tone: .question, text: m.text("live.question", ["viewer": viewer, "text": text]), dueMs: ms)
    case .left(let viewer, let topic):
      guard let topic else { return nil }
      return LiveLine(tone: .leave, text: m.text("live.leftUnanswered", ["viewer": viewer, "topic": topicName(topic)]), dueMs: ms)
    case .order(let viewer, let product, let amount, let units):
      return LiveLine(
        tone: .order,
        text: m.text("live.order", ["viewer": viewer, "product": product, "units": String(units), "amount": Format.money(amount)]),
        dueMs: ms)
    case .complaint(let viewer, let text):
      return LiveLine(tone: .warning, text: m.text("live.complaint", ["viewer": viewer, "text": text]), dueMs: ms)
    case .platformWarning(let count, let violations):
      let what = violations.map { violationShort($0) }.joined(separator: m.isChinese ? "；" : "; ")
      return LiveLine(tone: .warning, text: m.text("live.platformWarning", ["n": String(count), "what": what]), dueMs: ms)
    case .throttled:
      return LiveLine(tone: .warning, text: m.text("live.throttled"), dueMs: ms)
    case .promotionStarted(_, let label):
      return LiveLine(tone: .system, text: m.text("live.promoStarted", ["label": t(label)]), dueMs: ms)
    case .promotionEnded(_, let label):
      return LiveLine(tone: .system, text: m.text("live.promoEnded", ["label": t(label)]), dueMs: ms)
    case .promotionUnknown(let id, let known):
      return LiveLine(
        tone: .system,
        text: m.text("live.promoUnknown", ["id": id, "known": known.isEmpty ? "—" : known.joined(separator: ", ")]), dueMs: ms)
    case .promotionAlreadyRunning(let id):
      return LiveLine(tone: .system, text: m.text("live.promoRunning", ["id": id]), dueMs: ms)
    case .soldOut(let product):
      return LiveLine(tone: .system, text: m.text("live.soldOut", ["product": product]), dueMs: ms)
    case .oneMinuteLeft:
      return LiveLine(tone: .system, text: m.text("live.oneMinuteLeft"), dueMs: ms)
    }
  }

  /// The status line: `03:12/10:00 · 在线 23 · 订单 4 · 待答 1 · 警告 0`.
  public func status(_ s: LiveStatus) -> String {
    m.text(
      "live.status",
      [
        "elapsed": Format.clock(milliseconds: s.elapsedMs), "total": Format.clock(milliseconds: s.durationMs),
        "online": String(s.online), "orders": String(s.orders), "waiting": String(s.waiting), "warnings": String(s.warnings),
      ])
  }

  /// What the host is told before the session starts.
  public func intro(realTime: Bool, speed: Double) -> String {
    var out = "\n" + m.text("live.introTitle", ["title": t(scenario.title), "minutes": Format.decimal(Double(scenario.durationSeconds) / 60, places: 1)]) + "\n"
    if let brief = scenario.brief { out += t(brief) + "\n" }
    if !scenario.promotions.isEmpty {
      out += m.text("live.introPromos") + "\n"
      for p in scenario.promotions { out += "  :promo \(p.id) — \(t(p.label))\n" }
    }
    out += (realTime ? m.text("live.introRealTime", ["speed": Format.decimal(speed, places: 2)]) : m.text("live.introTurnBased")) + "\n"
    return out
  }

  /// `:help` during the session.
  public func help() -> String { m.text("live.help") }

  // MARK: After the session

  /// The whole report; with `comparison`, what changed since the learner's last run of the room.
  public func render(_ r: LiveResult, comparedWith comparison: LiveComparison? = nil) -> String {
    var out: [String] = []
    out.append("")
    out.append(m.text("live.report.title", ["title": t(scenario.title)]))
    out.append(
      m.text("live.report.duration", ["ran": Format.clock(milliseconds: r.durationMs), "planned": Format.clock(milliseconds: r.plannedMs)]))
    if r.durationMs < r.plannedMs {
      out.append(m.text("live.report.endedEarly"))
    }
    out.append("")
    out.append(m.text("live.report.score", ["score": Format.decimal(r.score, places: 1)]))
    let labelWidth = r.dimensions.map { DisplayWidth.of(dimensionName($0.dimension)) }.max() ?? 0
    for d in r.dimensions {
      let name = pad(dimensionName(d.dimension), labelWidth)
      out.append(
        "  \(name)  \(padLeft(Format.decimal(d.points, places: 1), 5)) / \(Format.decimal(d.maxPoints, places: 1))  \(bar(d.fraction))")
      for n in d.notes where n.points != 0 || isOpen(n) { out.append("      " + noteSummary(n, r)) }
    }
    out.append("")
    out += dashboard(r.dashboard)
    let byProduct = productSales(r.dashboard.products)
    if !byProduct.isEmpty {
      out.append("")
      out += byProduct
    }
    if let comparison {
      out.append("")
      out += compare(r, comparison)
    }
    out.append("")
    out += chart(r.dashboard.timeline, planned: r.plannedMs, peak: r.dashboard.peakOnline)
    out.append("")
    out.append(m.text("live.report.feedback"))
    // What to improve: mistakes, missed and late topics, questions ignored or answered slowly.
    let feedback = r.notes.filter { n in
      switch n.kind {
      case .topicCovered(_, let inTime): return !inTime
      case .promotion: return false
      case .answered(_, _, let credit): return credit < 1
      default: return true
      }
    }
    if feedback.isEmpty { out.append("  " + m.text("live.report.noFeedback")) }
    for n in feedback { out.append("  " + noteDetail(n, r)) }
    // How lines were read, so a verdict can be checked: refusals, quoted questions, shipping
    // terms by region, bare lists of cue words, repeats.
    let readings = r.lines.enumerated().filter { !$0.element.notes.isEmpty }
    if !readings.isEmpty {
      out.append("")
      out.append(m.text("live.report.readings"))
      for (i, line) in readings {
        for note in line.notes {
          out.append("  " + Format.clock(milliseconds: line.ms) + " " + quote(r, i) + " — " + note.render { m.text($0, $1) })
        }
      }
    }
    out.append("")
    return out.joined(separator: "\n")
  }

  /// `text` cut to at most `columns` terminal columns, with "…" when cut.
  static func clip(_ text: String, columns: Int) -> String {
    guard DisplayWidth.of(text) > columns else { return text }
    var out = ""
    var width = 0
    for c in text {
      let w = DisplayWidth.of(String(c))
      if width + w > columns - 1 { break }
      out.append(c)
      width += w
    }
    return out + "…"
  }

  /// `1 day`, `3 days` (`1 天`, `3 天`).
  func days(_ n: Int) -> String { m.text(n == 1 ? "live.days.one" : "live.days.other", ["n": String(n)]) }

  func isOpen(_ n: LiveNote) -> Bool { if case .open = n.kind { true } else { false } }

  func dashboard(_ d: LiveDashboard) -> [String] {
    var rows: [(String, String, String)] = []
    func row(_ key: String, _ value: String, formula: String? = nil) {
      rows.append((m.text("live.metric.\(key)"), value, formula.map { m.text("live.formula.\($0)") } ?? ""))
    }
    row("peak", String(d.peakOnline))
    row("average", Format.decimal(d.averageOnline, places: 1), formula: "average")
    row("uv", String(d.uniqueViewers), formula: "uv")
    row("pv", String(d.entries), formula: "pv")
    row("stay", Format.duration(milliseconds: Int64(d.averageStaySeconds * 1000), m), formula: "stay")
    row("interaction", Format.decimal(d.interactionRate * 100, places: 1) + "%", formula: "interaction")
    row("comments", String(d.comments))
    row("orders", String(d.orders) + (d.units != d.orders ? m.text("live.metric.unitsSuffix", ["units": String(d.units)]) : ""))
    row("gmv", "¥" + Format.money(d.gmv), formula: "gmv")
    row("conversion", Format.decimal(d.conversion * 100, places: 1) + "%", formula: "conversion")
    row("uvValue", "¥" + Format.money(d.uvValue), formula: "uvValue")
    row("gpm", "¥" + Format.money(d.gpm), formula: "gpm")
    row("aov", "¥" + Format.money(d.averageOrderValue), formula: "aov")
    row("warnings", String(d.warnings))
    row("complaints", String(d.complaints))
    row("leftUnanswered", String(d.leftUnanswered))
    let w1 = rows.map { DisplayWidth.of($0.0) }.max() ?? 0
    let w2 = rows.map { DisplayWidth.of($0.1) }.max() ?? 0
    return [m.text("live.report.dashboard")] + rows.map { k, v, f in
      let line = "  " + pad(k, w1) + "  " + pad(v, w2) + (f.isEmpty ? "" : "   " + f)
      return line.trimmingTrailingSpaces()
    }
  }

  /// This run against the last one: each figure before → after with its change, and the score
  /// dimension that moved most.
  func compare(_ r: LiveResult, _ c: LiveComparison) -> [String] {
    let date = String(ISOTime.string(c.started).prefix(10))
    if case .unreadable(let path) = c.previous {
      return [m.text("live.compare.unreadable", ["date": date, "path": path])]
    }
    var out = [m.text("live.compare.title", ["date": date])]
    if c.rescored { out.append("  " + m.text("live.compare.rescored")) }
    let rows = c.rows(current: r)
    func label(_ row: LiveComparison.Row) -> String {
      switch row.figure {
      case .score: m.text("live.compare.score")
      case .dimension(let d): "· " + dimensionName(d)
      case .metric(let key): m.text("live.metric.\(key)")
      }
    }
    func value(_ x: Double, _ style: LiveComparison.Row.Style) -> String {
      let x = rounded(x, style)
      return switch style {
      case .points: Format.decimal(x, places: 1)
      case .count: Format.decimal(x, places: 0)
      case .money: "¥" + Format.money(x)
      case .percent: Format.decimal(x * 100, places: 1) + "%"
      case .seconds: Format.duration(milliseconds: Int64((x * 1000).rounded()), m)
      }
    }
    // Each figure rounded as it is written, so the change shown is the difference of the two
    // numbers shown (0.54 → 3.96 is written 0.5 → 4, +3.5).
    func rounded(_ x: Double, _ style: LiveComparison.Row.Style) -> Double {
      let scale: Double
      switch style {
      case .points: scale = 10
      case .count, .seconds: scale = 1
      case .money: scale = 100
      case .percent: scale = 1000  // a share: 0.1 percentage point
      }
      return (x * scale).rounded() / scale
    }
    func change(_ row: LiveComparison.Row) -> String {
      let d = rounded(row.after, row.style) - rounded(row.before, row.style)
      if abs(d) < 1e-9 { return m.text("live.compare.same") }
      let size: String
      switch row.style {
      case .points: size = Format.decimal(abs(d), places: 1)
      case .count: size = Format.decimal(abs(d), places: 0)
      case .money: size = "¥" + Format.money(abs(d))
      case .percent: size = m.text("live.compare.percentPoints", ["n": Format.decimal(abs(d) * 100, places: 1)])
      case .seconds: size = Format.duration(milliseconds: Int64((abs(d) * 1000).rounded()), m)
      }
      let word = m.text(row.isBetter(d) ? "live.compare.better" : "live.compare.worse")
      return (d > 0 ? "+" : "−") + size + " " + word
    }
    let cells = rows.map { (label($0), value($0.before, $0.style) + " → " + value($0.after, $0.style), change($0)) }
    let w1 = cells.map { DisplayWidth.of($0.0) }.max() ?? 0
    let w2 = cells.map { DisplayWidth.of($0.1) }.max() ?? 0
    out += cells.map { ("  " + pad($0.0, w1) + "  " + pad($0.1, w2) + "  " + $0.2).trimmingTrailingSpaces() }
    let moves = c.biggestMoves(current: r)
    func dim(_ row: LiveComparison.Row?) -> String {
      guard let row, case .dimension(let d) = row.figure else { return "" }
      return dimensionName(d)
    }
    if let gained = moves.gained {
      let points = rounded(gained.after, .points) - rounded(gained.before, .points)
      out.append("  " + m.text("live.compare.gained", ["dimension": dim(gained), "points": Format.decimal(points, places: 1)]))
    }
    if let lost = moves.lost {
      let points = rounded(lost.before, .points) - rounded(lost.after, .points)
      out.append("  " + m.text("live.compare.lost", ["dimension": dim(lost), "points": Format.decimal(points, places: 1)]))
    }
    if moves.gained == nil && moves.lost == nil { out.append("  " + m.text("live.compare.noMove")) }
    return out
  }

  /// Each product's orders, units, GMV, buyers and conversion, as a table; nothing for a
  /// single-product scenario (its figures are the dashboard's).
  func productSales(_ sales: [LiveProductSales]) -> [String] {
    guard sales.count > 1 else { return [] }
    let header = ["name", "orders", "units", "gmv", "buyers", "conversion"].map { m.text("live.product.\($0)") }
    let rows = sales.map { s -> [String] in
      let name = scenario.products.first { $0.id == s.product }.map { t($0.name) } ?? s.product
      return [
        Self.clip(name, columns: 28), String(s.orders), String(s.units), "¥" + Format.money(s.gmv), String(s.buyers),
        Format.decimal(s.conversion * 100, places: 1) + "%",
      ]
    }
    let widths = header.indices.map { c in ([header] + rows).map { DisplayWidth.of($0[c]) }.max() ?? 0 }
    func line(_ cells: [String]) -> String {
      let text = cells.enumerated().map { c, cell in c == 0 ? pad(cell, widths[c]) : padLeft(cell, widths[c]) }
      return ("  " + text.joined(separator: "  ")).trimmingTrailingSpaces()
    }
    return [m.text("live.report.byProduct"), line(header)] + rows.map(line) + ["  " + m.text("live.formula.productConversion")]
  }

  /// A text chart of online viewers: 6 rows, one column per sample (at most 60). The top of the
  /// scale is the show's peak (the dashboard's figure), which may fall between two samples.
  func chart(_ samples: [LiveSample], planned: Int, peak shownPeak: Int = 0) -> [String] {
    guard let last = samples.last else { return [] }
    let columns = min(60, max(1, samples.count))
    var values: [Int] = []
    for c in 0..<columns {
      // The sample nearest to this column's time.
      let at = Int((Double(c) / Double(max(1, columns - 1))) * Double(last.ms))
      let nearest = samples.min { abs($0.ms - at) < abs($1.ms - at) }
      values.append(nearest?.online ?? 0)
    }
    let peak = max(1, shownPeak, values.max() ?? 1)
    let rows = 6
    let labelWidth = String(peak).count
    var out = [m.text("live.report.chart")]
    for r in stride(from: rows, through: 1, by: -1) {
      let threshold = Double(r) - 0.5
      var line = ""
      for v in values { line += Double(v) / Double(peak) * Double(rows) >= threshold ? "█" : " " }
      let label = r == rows ? String(peak) : ""
      out.append("  " + padLeft(label, labelWidth) + " │" + line.trimmingTrailingSpaces())
    }
    out.append("  " + padLeft("0", labelWidth) + " └" + String(repeating: "─", count: values.count))
    let end = Format.clock(milliseconds: last.ms)
    let gap = max(1, values.count - DisplayWidth.of(end) - 5 + 1)
    out.append("  " + String(repeating: " ", count: labelWidth) + "  00:00" + String(repeating: " ", count: gap) + end)
    return out
  }

  // MARK: Notes

  func quote(_ r: LiveResult, _ line: Int?) -> String {
    guard let line, let q = r.lines[safe: line] else { return "" }
    let text = Self.clip(q.text, columns: 34)
    return m.text("live.quote", ["text": text])
  }

  func signed(_ p: Double) -> String {
    let s = Format.decimal(abs(p), places: 1)
    return p >= 0 ? "+" + s : "−" + s
  }

  /// One line under a score dimension: time, quote, what, points.
  func noteSummary(_ n: LiveNote, _ r: LiveResult) -> String {
    let mark = n.points > 0 ? "✓" : n.points < 0 ? "✗" : "·"
    var parts = [mark]
    if n.line != nil || !isMissed(n) { parts.append(Format.clock(milliseconds: n.ms)) }
    let q = quote(r, n.line)
    if !q.isEmpty { parts.append(q) }
    parts.append(noteWhat(n, r, detailed: false))
    if n.points != 0 { parts.append(signed(n.points)) }
    return parts.joined(separator: " ")
  }

  func isMissed(_ n: LiveNote) -> Bool {
    switch n.kind {
    case .topicMissed, .promotionUnused, .promotionTooShort, .littleSaid: true
    default: false
    }
  }

  /// One line of the per-line feedback: with the reason and what to do instead.
  func noteDetail(_ n: LiveNote, _ r: LiveResult) -> String {
    var parts: [String] = []
    if !isMissed(n) { parts.append(Format.clock(milliseconds: n.ms)) }
    let q = quote(r, n.line)
    if !q.isEmpty { parts.append(q + " —") }
    parts.append(noteWhat(n, r, detailed: true))
    return parts.joined(separator: " ")
  }

  func noteWhat(_ n: LiveNote, _ r: LiveResult, detailed: Bool) -> String {
    switch n.kind {
    case .topicCovered(let i, let inTime):
      let label = scenario.topics[safe: i].map { t($0.label) } ?? "?"
      return inTime ? label : m.text("live.note.late", ["topic": label])
    case .topicMissed(let i):
      let topic = scenario.topics[safe: i]
      let label = topic.map { t($0.label) } ?? "?"
      guard detailed, let topic else { return m.text("live.note.missed", ["topic": label]) }
      let cues = topic.cues[MessageCatalog.baseLanguage(language)] ?? topic.cues[""] ?? topic.allCues
      return m.text("live.note.missedDetail", ["topic": label, "cues": cues.prefix(3).joined(separator: m.isChinese ? "、" : ", ")])
    case .answered(let qi, let response, let credit):
      guard let q = r.questions[safe: qi] else { return "" }
      let slow = detailed && credit < 1
      // A slow answer's wait is rounded up: 20.4 s is past the 20 s of full credit, so not "20".
      let seconds = slow ? (response + 999) / 1000 : response / 1000
      let args = ["viewer": q.viewer, "topic": topicName(q.topic), "seconds": String(seconds)]
      return slow ? m.text("live.note.answeredSlowly", args) : m.text("live.note.answered", args)
    case .answeredWrong(let qi):
      guard let q = r.questions[safe: qi] else { return "" }
      return m.text("live.note.answeredWrong", ["viewer": q.viewer, "topic": topicName(q.topic)])
    case .ignored(let qi, let left):
      guard let q = r.questions[safe: qi] else { return "" }
      return m.text(
        "live.note.ignored",
        ["viewer": q.viewer, "topic": topicName(q.topic), "asked": Format.clock(milliseconds: q.askedMs), "left": Format.clock(milliseconds: left)])
    case .open(let qi):
      guard let q = r.questions[safe: qi] else { return "" }
      return m.text("live.note.open", ["viewer": q.viewer, "topic": topicName(q.topic)])
    case .violation(let v):
      return detailed ? violationDetail(v) : violationShort(v)
    case .promotion(let id):
      let label = scenario.promotions.first { $0.id == id }.map { t($0.label) } ?? id
      return m.text("live.note.promotion", ["label": label])
    case .promotionUnused(let id):
      let label = scenario.promotions.first { $0.id == id }.map { t($0.label) } ?? id
      return m.text("live.note.promotionUnused", ["label": label, "id": id])
    case .promotionTooShort(let id, let ran, let needed):
      let label = scenario.promotions.first { $0.id == id }.map { t($0.label) } ?? id
      return m.text("live.note.promotionTooShort", ["label": label, "ran": String(ran / 1000), "needed": String(needed / 1000)])
    case .littleSaid(let lines, let said):
      return m.text("live.note.littleSaid", ["lines": String(lines), "said": String(said)])
    }
  }

  func violationShort(_ v: LiveViolation) -> String {
    switch v.kind {
    case .lexicon(let term, let category, _):
      return m.text(category == "medical" ? "live.v.medical" : "live.v.lexicon", ["term": term])
    case .wrongPrice(let said, let listed):
      return m.text("live.v.wrongPrice", ["said": Format.money(said), "listed": Format.money(listed)])
    case .fakeOriginalPrice(let said, _):
      return m.text("live.v.fakeOriginal", ["said": Format.money(said)])
    case .shipsEverywhere: return m.text("live.v.shipsEverywhere")
    case .freeShippingNotOffered: return m.text("live.v.freeShipping")
    case .deliveryTooFast(let said, _): return m.text("live.v.deliveryTooFast", ["days": days(said)])
    case .dispatchTooFast: return m.text("live.v.dispatchTooFast")
    case .sevenDayNotOffered: return m.text("live.v.sevenDay")
    case .returnsDenied: return m.text("live.v.returnsDenied")
    case .fakeUrgency(let said, _): return m.text("live.v.fakeUrgency", ["said": String(said)])
    }
  }

  func violationDetail(_ v: LiveViolation) -> String {
    switch v.kind {
    case .lexicon(let term, let category, _):
      var s = m.text(category == "medical" ? "live.vd.medical" : "live.vd.lexicon", ["term": term])
      if let reason = v.reason { s += sep + t(reason) + (m.isChinese ? "。" : ".") }
      if let advice = v.advice { s += sep + m.text("live.vd.advice", ["advice": t(advice)]) }
      return s
    case .wrongPrice(let said, let listed):
      return m.text("live.vd.wrongPrice", ["said": Format.money(said), "listed": Format.money(listed)])
    case .fakeOriginalPrice(let said, let real):
      if let real {
        // The basis of the product with that original price (the line's product).
        let product = scenario.products.first { $0.originalPrice.map { abs($0 - real) < 0.005 } ?? false } ?? scenario.products.first
        let basis = product?.originalPriceBasis.map(t) ?? ""
        return m.text("live.vd.fakeOriginalReal", ["said": Format.money(said), "real": Format.money(real), "basis": basis])
      }
      return m.text("live.vd.fakeOriginalNone", ["said": Format.money(said)])
    case .shipsEverywhere(let excluded):
      return m.text("live.vd.shipsEverywhere", ["regions": excluded.joined(separator: m.isChinese ? "、" : ", ")])
    case .freeShippingNotOffered: return m.text("live.vd.freeShipping")
    case .deliveryTooFast(let said, let real):
      return m.text("live.vd.deliveryTooFast", ["days": days(said), "min": String(real.lowerBound), "max": String(real.upperBound)])
    case .dispatchTooFast(let hours): return m.text("live.vd.dispatchTooFast", ["hours": String(hours)])
    case .sevenDayNotOffered: return m.text("live.vd.sevenDay")
    case .returnsDenied: return m.text("live.vd.returnsDenied")
    case .fakeUrgency(let said, let real): return m.text("live.vd.fakeUrgency", ["said": String(said), "real": String(real)])
    }
  }

  func topicName(_ t: QuestionTopic) -> String { m.text("live.topic.\(t.rawValue)") }
  func dimensionName(_ d: LiveDimension) -> String { m.text("live.dim.\(d.rawValue)") }

  func bar(_ fraction: Double) -> String {
    let f = fraction.isFinite ? min(1, max(0, fraction)) : 0
    let filled = Int((f * 10).rounded())
    return String(repeating: "█", count: filled) + String(repeating: "░", count: 10 - filled)
  }

  func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: max(0, width - DisplayWidth.of(s))) }
  func padLeft(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - DisplayWidth.of(s))) + s }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var s = self
    while s.last == " " { s.removeLast() }
    return s
  }
}
