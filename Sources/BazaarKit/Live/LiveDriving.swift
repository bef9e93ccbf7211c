/// One line a live session shows while it runs (a comment, a join, an order, a platform warning),
/// already in the session's language. Front ends style it by ``tone``.
public struct LiveLine: Sendable, Equatable {
  /// What kind of line it is, for colour and icons.
  public enum Tone: String, Sendable, Equatable {
    /// A viewer's comment.
    case comment
    /// A viewer's question the host should answer.
    case question
    /// Viewers came in.
    case join
    /// A viewer left (the text says why when it matters).
    case leave
    /// An order.
    case order
    /// A platform warning or a complaint.
    case warning
    /// The room's own notices (promotion started, stock sold out, time nearly up).
    case system
  }
  /// The kind of line.
  public var tone: Tone
  /// The text, in the session's language, without styling.
  public var text: String
  /// When it was due, in simulated milliseconds from the session's start.
  public var dueMs: Int

  public init(tone: Tone, text: String, dueMs: Int) {
    self.tone = tone
    self.text = text
    self.dueMs = dueMs
  }
}

/// What the status line shows.
public struct LiveStatus: Sendable, Equatable {
  /// Simulated time since the start, in milliseconds.
  public var elapsedMs: Int
  /// The session's simulated length, in milliseconds.
  public var durationMs: Int
  /// Viewers in the room now.
  public var online: Int
  /// Orders so far.
  public var orders: Int
  /// Platform warnings so far.
  public var warnings: Int
  /// Questions waiting for an answer.
  public var waiting: Int

  public init(elapsedMs: Int, durationMs: Int, online: Int, orders: Int, warnings: Int, waiting: Int) {
    self.elapsedMs = elapsedMs
    self.durationMs = durationMs
    self.online = online
    self.orders = orders
    self.warnings = warnings
    self.waiting = waiting
  }
}

/// What a front end drives: the live session with its transcript and progress behind it. All times
/// are simulated milliseconds from the session's start; a real-time front end converts its clock
/// (and `--speed`) to them, a turn-based one advances them by speaking time.
///
/// Every call happens on one thread (the terminal's).
public protocol LiveDriver: AnyObject {
  /// When the session ends by itself, in simulated milliseconds.
  var endMs: Int { get }
  /// When something next happens in the room, if anything does before the end (the front end
  /// sleeps until then unless the host types).
  var nextDueMs: Int? { get }
  /// True once the session has ended (time up, `:end`).
  var isOver: Bool { get }
  /// Runs the room up to `ms` and returns what happened, in order.
  func advance(to ms: Int) -> [LiveLine]
  /// The host said `line` (or typed a `:command`) at `ms`; returns what happened in reply.
  func host(_ line: String, at ms: Int) -> [LiveLine]
  /// The status line's figures at `ms`.
  func status(at ms: Int) -> LiveStatus
  /// The status line, in the session's language.
  func statusText(at ms: Int) -> String
  /// Ends the session at `ms` (time up, `:end`, Ctrl-C, end of input), saves it, and returns the
  /// report to print: score, dashboard, feedback.
  func finish(at ms: Int, reason: TranscriptEndReason) -> String
}
