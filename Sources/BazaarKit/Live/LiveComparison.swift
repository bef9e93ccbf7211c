import Foundation

/// The learner's previous run of the same live room, re-scored from its transcript, so the report
/// of this run can say what changed: the 复盘 loop of "run, pick one change, run again". Nothing
/// extra is stored: the previous run is found in the learner's `sessions` and replayed (grading
/// is replay), so the figures compared are always computed the same way.
public struct LiveComparison: Sendable, Equatable {
  public enum Previous: Sendable, Equatable {
    /// The previous run, re-scored.
    case result(LiveResult)
    /// The previous run's transcript could not be read (moved, deleted, damaged).
    case unreadable(path: String)
  }

  /// When the previous run started.
  public var started: Date
  public var previous: Previous
  /// The course file changed since the previous run: it was re-scored against today's room, so
  /// its score may differ from the one it was shown.
  public var rescored: Bool

  public init(started: Date, previous: Previous, rescored: Bool) {
    self.started = started
    self.previous = previous
    self.rescored = rescored
  }

  /// The latest earlier run of `scenario` in `course` that wrote a transcript, re-scored; nil
  /// when this is the learner's first run of the room.
  public static func lastRun(
    in progress: LearnerProgress, course: Course, scenario: LiveScenario, lexicons: LexiconSet,
    fileSystem: any FileSystem
  ) -> LiveComparison? {
    guard
      let run = progress.sessions.last(where: {
        $0.kind == "live" && $0.course == course.id && $0.scenario == scenario.id && $0.transcript != nil
      }), let path = run.transcript
    else { return nil }
    guard let contents = try? TranscriptReader.read(path, fileSystem: fileSystem),
      contents.header.kind == "live", contents.header.scenario == scenario.id
    else { return LiveComparison(started: run.started, previous: .unreadable(path: path), rescored: false) }
    let (result, _) = LiveReplay.run(contents, scenario: scenario, course: course, lexicons: lexicons)
    return LiveComparison(started: run.started, previous: .result(result), rescored: contents.header.course.digest != course.digest)
  }

  /// Which way a figure should move.
  public enum Better: Sendable, Equatable { case higher, lower }

  /// One compared figure: its message key (`live.metric.KEY`, or a dimension), before and after.
  public struct Row: Sendable, Equatable {
    public enum Figure: Sendable, Equatable {
      case score
      case dimension(LiveDimension)
      case metric(String)
    }
    public var figure: Figure
    public var before: Double
    public var after: Double
    public var better: Better
    /// How the numbers are written.
    public var style: Style
    public enum Style: Sendable, Equatable { case points, count, money, percent, seconds }

    /// The change, signed (after − before).
    public var change: Double { after - before }
    /// True when the figure moved the way it should.
    public var improved: Bool { isBetter(change) }
    /// Whether a move of `change` is the way this figure should go.
    public func isBetter(_ change: Double) -> Bool { better == .higher ? change > 0 : change < 0 }
  }

  /// The figures compared, `current` against the previous run (empty when that could not be read).
  public func rows(current r: LiveResult) -> [Row] {
    guard case .result(let p) = previous else { return [] }
    var rows = [Row(figure: .score, before: p.score, after: r.score, better: .higher, style: .points)]
    for d in r.dimensions {
      let before = p.dimensions.first { $0.dimension == d.dimension }?.points ?? 0
      rows.append(Row(figure: .dimension(d.dimension), before: before, after: d.points, better: .higher, style: .points))
    }
    let a = p.dashboard
    let b = r.dashboard
    rows += [
      Row(figure: .metric("uv"), before: Double(a.uniqueViewers), after: Double(b.uniqueViewers), better: .higher, style: .count),
      Row(figure: .metric("stay"), before: a.averageStaySeconds, after: b.averageStaySeconds, better: .higher, style: .seconds),
      Row(figure: .metric("interaction"), before: a.interactionRate, after: b.interactionRate, better: .higher, style: .percent),
      Row(figure: .metric("orders"), before: Double(a.orders), after: Double(b.orders), better: .higher, style: .count),
      Row(figure: .metric("gmv"), before: a.gmv, after: b.gmv, better: .higher, style: .money),
      Row(figure: .metric("conversion"), before: a.conversion, after: b.conversion, better: .higher, style: .percent),
      Row(figure: .metric("uvValue"), before: a.uvValue, after: b.uvValue, better: .higher, style: .money),
      Row(
        figure: .metric("answered"), before: Double(Self.answeredRight(p)), after: Double(Self.answeredRight(r)), better: .higher,
        style: .count),
      Row(
        figure: .metric("leftUnanswered"), before: Double(a.leftUnanswered), after: Double(b.leftUnanswered), better: .lower,
        style: .count),
      Row(figure: .metric("warnings"), before: Double(a.warnings), after: Double(b.warnings), better: .lower, style: .count),
    ]
    return rows
  }

  /// The score dimensions that gained and lost the most points, if any moved by 0.5 or more: the
  /// change that mattered.
  public func biggestMoves(current r: LiveResult) -> (gained: Row?, lost: Row?) {
    let dims = rows(current: r).filter { if case .dimension = $0.figure { true } else { false } }
    let gained = dims.filter { $0.change >= 0.5 }.max { $0.change < $1.change }
    let lost = dims.filter { $0.change <= -0.5 }.min { $0.change < $1.change }
    return (gained, lost)
  }

  /// Viewer questions answered with the right fact.
  static func answeredRight(_ r: LiveResult) -> Int {
    r.questions.reduce(0) { n, q in if case .answered = q.outcome { n + 1 } else { n } }
  }
}
