/// A note on the session, tied to a moment and usually to a host line. Rendered in the session's
/// language by ``LiveReport``.
public struct LiveNote: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    /// The line covered a topic (`inTime` false: outside its stage's window, half credit).
    case topicCovered(topic: Int, inTime: Bool)
    /// A topic never covered.
    case topicMissed(topic: Int)
    /// A question answered with the right fact, with the response time and the credit it earned.
    case answered(question: Int, responseMs: Int, credit: Double)
    /// A question answered with the wrong fact.
    case answeredWrong(question: Int)
    /// A question left unanswered until the viewer left.
    case ignored(question: Int, leftMs: Int)
    /// A question still waiting at the end.
    case open(question: Int)
    /// A rule broken.
    case violation(LiveViolation)
    /// A promotion run.
    case promotion(id: String)
    /// A promotion offered by the scenario and never run.
    case promotionUnused(id: String)
    /// A promotion started too late to count: it ran `ranMs` of the `neededMs` it needs.
    case promotionTooShort(id: String, ranMs: Int, neededMs: Int)
    /// Few lines said anything (the rest were bare lists of cue words or repeats): compliance
    /// counts only in proportion.
    case littleSaid(lines: Int, said: Int)
  }
  /// Simulated time of the note.
  public var ms: Int
  /// The host line it is about, if any.
  public var line: Int?
  public var kind: Kind
  /// Points it earned (> 0) or lost (< 0) in its dimension, out of 100 for the whole session.
  public var points: Double
}

/// One dimension of the score.
public struct LiveDimensionScore: Sendable, Equatable {
  public var dimension: LiveDimension
  /// 0…1.
  public var fraction: Double
  /// Points earned, and the most there were (out of 100 for the whole session).
  public var points: Double
  public var maxPoints: Double
  /// The notes that earned or lost the points.
  public var notes: [LiveNote]
}

/// The live room's figures, each computed by a stated formula (see docs and the report).
public struct LiveDashboard: Sendable, Equatable {
  /// Highest number online at once.
  public var peakOnline: Int
  /// Online viewers averaged over the session's time.
  public var averageOnline: Double
  /// Unique viewers (UV, 观看人数).
  public var uniqueViewers: Int
  /// Entries, counting re-entries (PV, 观看人次).
  public var entries: Int
  /// Total watch time ÷ unique viewers, in seconds.
  public var averageStaySeconds: Double
  /// Viewers who commented ÷ unique viewers.
  public var interactionRate: Double
  /// Comments, all viewers.
  public var comments: Int
  public var orders: Int
  public var units: Int
  /// Sales value of the orders (all paid in the simulation; no refunds).
  public var gmv: Double
  /// Buyers ÷ unique viewers (entry to purchase), as the course teaches it.
  public var conversion: Double
  /// GMV ÷ unique viewers.
  public var uvValue: Double
  /// GMV × 1000 ÷ entries (PV basis).
  public var gpm: Double
  /// GMV ÷ buyers.
  public var averageOrderValue: Double
  /// Each product's sales, in the scenario's order (one entry per product, so a single-product
  /// scenario's entry repeats the totals; the report shows them when there are several).
  public var products: [LiveProductSales]
  public var warnings: Int
  public var complaints: Int
  /// Viewers who left with a question unanswered.
  public var leftUnanswered: Int
  /// Online viewers over time.
  public var timeline: [LiveSample]
}

/// One product's sales in the live room.
public struct LiveProductSales: Sendable, Equatable {
  /// The product's id in the scenario.
  public var product: String
  public var orders: Int
  public var units: Int
  /// Sales value of this product's orders.
  public var gmv: Double
  /// Viewers who ordered this product.
  public var buyers: Int
  /// This product's buyers ÷ unique viewers (so the products' conversions add up to the total).
  public var conversion: Double
}

/// Online viewers at a moment.
public struct LiveSample: Sendable, Equatable {
  public var ms: Int
  public var online: Int
}

/// Everything a finished live session gives: the score, the dashboard, the notes.
public struct LiveResult: Sendable, Equatable {
  public var scenario: String
  /// How long it ran, in simulated milliseconds.
  public var durationMs: Int
  public var plannedMs: Int
  /// Score out of 100, one decimal.
  public var score: Double
  public var dimensions: [LiveDimensionScore]
  public var dashboard: LiveDashboard
  /// Every note, in time order (the per-line feedback).
  public var notes: [LiveNote]
  /// The host's lines (time and text), for quoting.
  public var lines: [LiveLineQuote]
  /// The questions, for quoting.
  public var questions: [LiveQuestion]
}

/// A host line as said.
public struct LiveLineQuote: Sendable, Equatable {
  public var ms: Int
  public var text: String
  /// How it was read (a refusal, a quoted question, a bare list of cue words…).
  public var notes: [ReadingNote] = []
  /// For each scenario topic it covered, the clause that covered it.
  public var topicClauses: [Int: String] = [:]
}

extension LiveSession {
  /// The opening window: the first 10% of the planned time, at least one minute.
  var openingWindowMs: Int { max(60_000, endMs / 10) }

  /// The result of the session so far (call after ``finish(at:)`` for the final one).
  public func result() -> LiveResult {
    let ended = endedMs ?? now
    let rubric = scenario.rubric
    let total = rubric.total > 0 ? rubric.total : 1
    var dims: [LiveDimensionScore] = []
    var allNotes: [LiveNote] = []

    func points(_ d: LiveDimension) -> Double { rubric.weight(d) / total * 100 }
    let ranShare = endMs > 0 ? Swift.min(1, Double(ended) / Double(endMs)) : 1

    // Topic stages: opening (early), product, interaction, closing (late).
    let closingStart = ended - max(60_000, endMs / 5)
    for stage in LiveStage.allCases {
      let dimension: LiveDimension
      switch stage {
      case .opening: dimension = .opening
      case .product: dimension = .product
      case .interaction: dimension = .interaction
      case .closing: dimension = .closing
      }
      let max = points(dimension)
      let topics = scenario.topics.enumerated().filter { $0.element.stage == stage }
      var weightTotal = topics.reduce(0) { $0 + $1.element.weight }
      var earned = 0.0
      var notes: [LiveNote] = []
      // Interaction also counts the promotions the scenario offers (each like a topic of weight 1).
      if stage == .interaction { weightTotal += Double(scenario.promotions.count) }
      let unit = weightTotal > 0 ? max / weightTotal : 0
      for (i, topic) in topics {
        // The line that earns the most: one inside the stage's window if any (the first such),
        // else the first that covered the topic.
        let covering = lines.indices.filter { lines[$0].analysis.topics.contains(i) }
        func within(_ l: Int) -> Bool {
          switch stage {
          case .opening: lines[l].ms <= openingWindowMs
          case .closing: lines[l].ms >= closingStart
          default: true
          }
        }
        if let lineIndex = covering.first(where: within) ?? covering.first, let line = lines[safe: lineIndex] {
          let inTime = within(lineIndex)
          let credit = (inTime ? 1 : 0.5) * topic.weight
          earned += credit
          notes.append(LiveNote(ms: line.ms, line: lineIndex, kind: .topicCovered(topic: i, inTime: inTime), points: credit * unit))
        } else {
          notes.append(LiveNote(ms: ended, line: nil, kind: .topicMissed(topic: i), points: -topic.weight * unit))
        }
      }
      if stage == .interaction {
        for promo in scenario.promotions {
          // A promotion counts once it has run for 30 seconds (or all of its time, if shorter).
          let needed = Swift.min(30_000, promo.durationSeconds * 1000)
          if let run = promotions.first(where: {
            scenario.promotions[safe: $0.index]?.id == promo.id && Swift.min($0.endMs, ended) - $0.startMs >= needed
          }) {
            earned += 1
            notes.append(LiveNote(ms: run.startMs, line: nil, kind: .promotion(id: promo.id), points: unit))
          } else if let late = promotions.last(where: { scenario.promotions[safe: $0.index]?.id == promo.id }) {
            // Started, but too near the end to reach its 30 seconds: said so, not "never run".
            let ran = Swift.max(0, Swift.min(late.endMs, ended) - late.startMs)
            notes.append(
              LiveNote(ms: late.startMs, line: nil, kind: .promotionTooShort(id: promo.id, ranMs: ran, neededMs: needed), points: -unit))
          } else {
            notes.append(LiveNote(ms: ended, line: nil, kind: .promotionUnused(id: promo.id), points: -unit))
          }
        }
      }
      // Product, interaction and closing are earned over the show: a show ended early keeps the
      // share that ran (the opening is over in its first minute).
      let share = stage == .opening ? 1 : ranShare
      let fraction = (weightTotal > 0 ? earned / weightTotal : 1) * share
      if share < 1 { notes = notes.map { var n = $0; if n.points > 0 { n.points *= share }; return n } }
      dims.append(LiveDimensionScore(dimension: dimension, fraction: fraction, points: fraction * max, maxPoints: max, notes: notes))
      allNotes += notes
    }

    // Questions: scripted ones count double; full credit within 20 s, falling to 60% at the
    // viewer's patience; wrong or ignored earns nothing; still open at the end is not counted.
    do {
      let max = points(.questions)
      let patience = Double(scenario.audience.patienceSeconds * 1000)
      var weightTotal = 0.0
      var earned = 0.0
      var notes: [(LiveNote, Double)] = []
      for (qi, q) in questions.enumerated() {
        let w = q.scripted ? 2.0 : 1.0
        switch q.outcome {
        case .answered(let line, let response):
          let credit = Self.responseCredit(ms: response, patienceMs: patience)
          weightTotal += w
          earned += w * credit
          notes.append((LiveNote(ms: lines[safe: line]?.ms ?? q.askedMs, line: line, kind: .answered(question: qi, responseMs: response, credit: credit), points: 0), w * credit))
        case .wrong(let line, _):
          weightTotal += w
          notes.append((LiveNote(ms: lines[safe: line]?.ms ?? q.askedMs, line: line, kind: .answeredWrong(question: qi), points: 0), -w))
        case .ignored(let left):
          weightTotal += w
          notes.append((LiveNote(ms: q.askedMs, line: nil, kind: .ignored(question: qi, leftMs: left), points: 0), -w))
        case .open, .pending:
          notes.append((LiveNote(ms: q.askedMs, line: nil, kind: .open(question: qi), points: 0), 0))
        }
      }
      let unit = weightTotal > 0 ? max / weightTotal : 0
      let final = notes.map { note, w -> LiveNote in
        var n = note
        n.points = w * unit
        return n
      }
      // With no question to judge, credit for the share of the show that ran (a show ended after
      // ten seconds has not earned these points).
      let fraction = weightTotal > 0 ? earned / weightTotal : ranShare
      dims.insert(
        LiveDimensionScore(dimension: .questions, fraction: fraction, points: fraction * max, maxPoints: max, notes: final),
        at: 2)
      allNotes += final
    }

    // Compliance: each rule broken costs a quarter of the dimension.
    do {
      let max = points(.compliance)
      var notes: [LiveNote] = []
      var count = 0
      for (i, line) in lines.enumerated() {
        for v in line.analysis.violations {
          count += 1
          // The fifth mistake and later cost nothing more: the dimension is at 0.
          notes.append(LiveNote(ms: line.ms, line: i, kind: .violation(v), points: count <= 4 ? -max / 4 * ranShare : 0))
        }
      }
      // Deductions, on the share of the show that ran: keeping quiet is not compliance, and
      // neither is reciting cue words. A show where at least half the lines said something keeps
      // it all; below that, in proportion.
      let said = lines.filter { !$0.analysis.isCueList && !$0.analysis.notes.contains(.repeated) }.count
      let saidShare = lines.isEmpty ? 1 : Swift.min(1, 2 * Double(said) / Double(lines.count))
      if saidShare < 1 {
        notes.append(LiveNote(ms: ended, line: nil, kind: .littleSaid(lines: lines.count, said: said), points: -max * (1 - saidShare) * ranShare))
      }
      let fraction = Swift.max(0, 1 - Double(count) / 4) * ranShare * saidShare
      dims.insert(
        LiveDimensionScore(dimension: .compliance, fraction: fraction, points: fraction * max, maxPoints: max, notes: notes),
        at: 4)
      allNotes += notes
    }

    for i in dims.indices { dims[i].notes.sort { ($0.ms, $0.line ?? -1) < ($1.ms, $1.line ?? -1) } }
    let score = (dims.reduce(0) { $0 + $1.points } * 10).rounded() / 10
    allNotes.sort { ($0.ms, $0.line ?? -1) < ($1.ms, $1.line ?? -1) }

    let uv = viewers.filter { $0.entries > 0 }.count
    let buyers = viewers.filter(\.bought).count
    let watch = viewers.reduce(0) { $0 + $1.watchMs }
    let interacted = viewers.filter { $0.entries > 0 && $0.interacted }.count
    let sales = scenario.products.enumerated().map { i, p in
      let productBuyers = viewers.filter { $0.boughtProduct == i }.count
      return LiveProductSales(
        product: p.id, orders: productOrders[safe: i] ?? 0, units: productUnits[safe: i] ?? 0, gmv: productGMV[safe: i] ?? 0,
        buyers: productBuyers, conversion: uv > 0 ? Double(productBuyers) / Double(uv) : 0)
    }
    let dashboard = LiveDashboard(
      peakOnline: peakOnline, averageOnline: averageOnline, uniqueViewers: uv, entries: entries,
      averageStaySeconds: uv > 0 ? Double(watch) / 1000 / Double(uv) : 0,
      interactionRate: uv > 0 ? Double(interacted) / Double(uv) : 0, comments: comments, orders: orders, units: unitsSold,
      gmv: gmv, conversion: uv > 0 ? Double(buyers) / Double(uv) : 0, uvValue: uv > 0 ? gmv / Double(uv) : 0,
      gpm: entries > 0 ? gmv * 1000 / Double(entries) : 0, averageOrderValue: buyers > 0 ? gmv / Double(buyers) : 0,
      products: sales, warnings: warnings, complaints: complaints,
      leftUnanswered: questions.filter { if case .ignored = $0.outcome { true } else { false } }.count,
      timeline: timeline.map { LiveSample(ms: $0.ms, online: $0.online) })
    return LiveResult(
      scenario: scenario.id, durationMs: ended, plannedMs: endMs, score: score, dimensions: dims, dashboard: dashboard,
      notes: allNotes, lines: lines.map { LiveLineQuote(ms: $0.ms, text: $0.text, notes: $0.analysis.notes, topicClauses: $0.analysis.topicClauses) }, questions: questions)
  }

  /// Credit for answering `ms` after the question: 1 up to 20 s, then down to 0.6 at the patience limit.
  static func responseCredit(ms: Int, patienceMs: Double) -> Double {
    let fast = 20_000.0
    let t = Double(ms)
    guard t > fast, patienceMs > fast else { return 1 }
    return max(0.6, 1 - 0.4 * (t - fast) / (patienceMs - fast))
  }
}
