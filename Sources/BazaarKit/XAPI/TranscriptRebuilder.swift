import Foundation

/// Transcripts rebuilt from the statements an LRS holds: the reverse of ``StatementMaker``, for
/// `bazaar grade --lrs`. Every transcript event is one statement (docs/xapi.md), whose `event`
/// extension is the event's own line but the text in `result.response`, and whose `session`
/// extension is the transcript's header but the learner (the actor). So the transcript comes back
/// line for line, and is then read by ``TranscriptReader`` and graded by replay like any file.
///
/// Statements of other tools, and a lesson's second statement (`passed`/`failed`), are counted
/// and left out. Extension IRIs are found by their last segment (`…/extensions/event`), so
/// statements from centres with different `activity_base` settings are read alike.
public struct TranscriptRebuilder: Sendable {
  /// Statements that are not Bazaar's (no `session` extension), and Bazaar's that carry no event
  /// of their own (a lesson's `passed`/`failed`).
  public private(set) var notBazaar = 0
  public private(set) var secondary = 0
  /// Bazaar statements read.
  public private(set) var read = 0

  struct Partial: Sendable {
    var header: [String: XAPIJSON]
    var learner: String
    /// Each event's line by its position.
    var lines: [Int: String] = [:]
  }

  var sessions: [String: Partial] = [:]

  public init() {}

  /// Takes one statement as the LRS returned it.
  public mutating func add(_ statement: XAPIJSON) {
    guard case .object(let extensions)? = statement["context"]?["extensions"] else {
      notBazaar += 1
      return
    }
    var session: [String: XAPIJSON]?
    var event: [String: XAPIJSON]?
    var position: Int?
    for (key, value) in extensions {
      guard let slash = key.lastIndex(of: "/"), key[..<slash].hasSuffix("/extensions") else { continue }
      switch key[key.index(after: slash)...] {
      case "session": if case .object(let o) = value { session = o }
      case "event": if case .object(let o) = value { event = o }
      case "position": position = value.int
      default: continue
      }
    }
    guard let session, let id = session["session"]?.string else {
      notBazaar += 1
      return
    }
    guard var event, let position, position > 0 else {
      secondary += 1
      return
    }
    read += 1
    if let response = statement["result"]?["response"]?.string {
      switch event["type"]?.string {
      case "answer": event["raw"] = .string(response)
      case "host": event["text"] = .string(response)
      default: break
      }
    }
    if sessions[id] == nil {
      let actor = statement["actor"]
      let learner = actor?["name"]?.string ?? actor?["account"]?["name"]?.string ?? ""
      sessions[id] = Partial(header: session, learner: learner)
    }
    // The first copy of a position is kept (an LRS stores each statement id once).
    if sessions[id]?.lines[position] == nil { sessions[id]?.lines[position] = XAPIJSON.object(event).line }
  }

  /// A rebuilt transcript: its name in reports (`lrs:SESSION`), its header, and its lines (read
  /// with ``contents()`` when needed: a prefecture's sessions are not all held parsed at once).
  public struct Rebuilt: Sendable {
    public var name: String
    public var header: TranscriptHeader
    public var bytes: [UInt8]

    /// The transcript, read as a file is.
    public func contents() throws(TranscriptError) -> TranscriptContents { try TranscriptReader.parse(bytes, path: name) }
  }

  /// What was rebuilt.
  public struct Transcripts: Sendable {
    /// By session id.
    public var transcripts: [Rebuilt] = []
    /// Those whose header cannot be read, with the reason (as a file's would be).
    public var unreadable: [(name: String, error: TranscriptError)] = []
    /// Sessions that began outside the range asked for.
    public var outside = 0
  }

  /// The transcripts of the sessions that began in `range` (all when nil).
  public func transcripts(startedIn range: Range<Date>? = nil) -> Transcripts {
    var result = Transcripts()
    let decoder = ISOTime.decoder()
    for id in sessions.keys.sorted() {
      guard let partial = sessions[id] else { continue }
      let name = "lrs:" + id
      var header = partial.header
      header["type"] = .string("header")
      header["learner"] = .string(partial.learner)
      var text = XAPIJSON.object(header).line + "\n"
      for position in partial.lines.keys.sorted() { text += (partial.lines[position] ?? "") + "\n" }
      let bytes = Array(text.utf8)
      let headerLine = bytes.prefix { $0 != 0x0A }
      guard let header = try? decoder.decode(TranscriptHeader.self, from: Data(headerLine)) else {
        // Read whole, for the reason a file's would have.
        do { _ = try TranscriptReader.parse(bytes, path: name) } catch { result.unreadable.append((name, error)) }
        continue
      }
      if let range, !range.contains(header.started) {
        result.outside += 1
        continue
      }
      result.transcripts.append(Rebuilt(name: name, header: header, bytes: bytes))
    }
    return result
  }
}
