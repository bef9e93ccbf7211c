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

  /// Each session's event lines by their position.
  var sessions: [String: [Int: String]] = [:]
  /// Each session's header (the `session` extension) and learner (the actor's name).
  var headers: [String: (header: [String: XAPIJSON], learner: String)] = [:]

  public init() {}

  /// Takes one statement (as made, or as an LRS returned it).
  public mutating func add(_ statement: XAPIJSON) {
    var e = Essentials()
    let actor = statement["actor"]
    e.learner = actor?["name"]?.string ?? actor?["account"]?["name"]?.string
    e.response = statement["result"]?["response"]?.string
    if case .object(let extensions)? = statement["context"]?["extensions"] {
      for (key, value) in extensions {
        switch Essentials.name(of: key) {
        case "session"?: if case .object(let o) = value { e.session = o }
        case "event"?: if case .object(let o) = value { e.event = o }
        case "position"?: e.position = value.int
        default: continue
        }
      }
    }
    add(e)
  }

  /// Takes what the rebuilding needs of one statement.
  public mutating func add(_ e: Essentials) {
    guard let session = e.session, let id = session["session"]?.string else {
      notBazaar += 1
      return
    }
    // The header from whichever statement carried it whole (a page's decoding reads it once).
    if session.count > 1, headers[id] == nil { headers[id] = (session, e.learner ?? "") }
    guard var event = e.event, let position = e.position, position > 0 else {
      secondary += 1
      return
    }
    read += 1
    if let response = e.response {
      switch event["type"]?.string {
      case "answer": event["raw"] = .string(response)
      case "host": event["text"] = .string(response)
      default: break
      }
    }
    // The first copy of a position is kept (an LRS stores each statement id once).
    if sessions[id, default: [:]][position] == nil { sessions[id, default: [:]][position] = XAPIJSON.object(event).line }
  }

  /// What the rebuilding reads of a statement: the actor's name, `result.response`, and the
  /// `session`, `event` and `position` extensions. Decoded straight from an LRS's page, the rest
  /// of the statement (definitions, display names…) is skipped, not built.
  public struct Essentials: Sendable, Decodable {
    public var learner: String?
    public var response: String?
    public var session: [String: XAPIJSON]?
    public var event: [String: XAPIJSON]?
    public var position: Int?

    init() {}

    /// Sessions whose header was decoded already, shared by the pages of one reading (through the
    /// decoder's `userInfo`).
    public final class SeenSessions: @unchecked Sendable {
      private var ids: Set<String> = []
      private let lock = NSLock()
      public init() {}
      /// True when `id` is new.
      func insert(_ id: String) -> Bool { lock.withLock { ids.insert(id).inserted } }
    }
    public static let seenSessions: CodingUserInfoKey? = CodingUserInfoKey(rawValue: "bazaar.seenSessions")

    /// `NAME` of an extension IRI `…/extensions/NAME` (under any centre's `activity_base`).
    static func name(of key: String) -> Substring? {
      guard let slash = key.lastIndex(of: "/"), key[..<slash].hasSuffix("/extensions") else { return nil }
      return key[key.index(after: slash)...]
    }

    typealias Key = JSONLine.AnyKey

    public init(from decoder: any Decoder) throws {
      let top = try decoder.container(keyedBy: Key.self)
      // Each part is optional: a statement of another tool may lack any of them.
      if let actor = try? top.nestedContainer(keyedBy: Key.self, forKey: Key("actor")) {
        learner = try? actor.decodeIfPresent(String.self, forKey: Key("name"))
        if learner == nil, let account = try? actor.nestedContainer(keyedBy: Key.self, forKey: Key("account")) {
          learner = try? account.decodeIfPresent(String.self, forKey: Key("name"))
        }
      }
      if let result = try? top.nestedContainer(keyedBy: Key.self, forKey: Key("result")) {
        response = try? result.decodeIfPresent(String.self, forKey: Key("response"))
      }
      guard let context = try? top.nestedContainer(keyedBy: Key.self, forKey: Key("context")),
        let extensions = try? context.nestedContainer(keyedBy: Key.self, forKey: Key("extensions"))
      else { return }
      let seen = Self.seenSessions.flatMap { decoder.userInfo[$0] as? SeenSessions }
      for key in extensions.allKeys {
        switch Self.name(of: key.stringValue) {
        case "session"?:
          // Every statement of a session repeats its header: decoded the first time only.
          if let seen, let id = try? extensions.nestedContainer(keyedBy: Key.self, forKey: key).decode(String.self, forKey: Key("session")),
            !seen.insert(id)
          {
            session = ["session": .string(id)]
          } else {
            session = try? extensions.decode([String: XAPIJSON].self, forKey: key)
          }
        case "event"?: event = try? extensions.decode([String: XAPIJSON].self, forKey: key)
        case "position"?: position = try? extensions.decode(Int.self, forKey: key)
        default: continue
        }
      }
    }
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
      guard let lines = sessions[id] else { continue }
      let name = "lrs:" + id
      var header = headers[id]?.header ?? ["session": .string(id)]
      header["type"] = .string("header")
      header["learner"] = .string(headers[id]?.learner ?? "")
      var text = XAPIJSON.object(header).line + "\n"
      for position in lines.keys.sorted() { text += (lines[position] ?? "") + "\n" }
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
