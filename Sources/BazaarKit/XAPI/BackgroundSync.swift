import Foundation

/// The sync after each session (`"sync_after_session": true` in `lrs.json`): when a session ends,
/// `bazaar` starts `bazaar sync --background` on the learner's transcripts and does not wait for
/// it, so the learner never waits for the network. The background sync says nothing; it leaves
/// how it went in `sync/background.json`, and the next session's end says it in one line when
/// records still wait (no network, a refused password), then tries again.
public enum BackgroundSync {
  /// How the last background sync went.
  public struct Outcome: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
      /// Everything sent.
      case sent
      /// The LRS could not be reached; `pending` wait.
      case offline
      /// The LRS refused the user and password.
      case refused
      /// Anything else that stopped it (settings, the state file, another sync running).
      case stopped
    }
    public var outcome: Kind
    public var pending: Int
    /// The reason, for `offline` (a `sync.why` word or the client's text) and `stopped`.
    public var reason: String?
    /// When it ended (ISO 8601).
    public var ended: String

    public init(outcome: Kind, pending: Int, reason: String? = nil, ended: Date) {
      self.outcome = outcome
      self.pending = pending
      self.reason = reason
      self.ended = ISOTime.string(ended)
    }
  }

  public static func outcomePath(_ data: DataFolder) -> String { data.path + "/sync/background.json" }

  /// Writes `outcome` atomically (a failure is ignored: it is only a note for the next session).
  public static func record(_ outcome: Outcome, data: DataFolder) {
    let path = outcomePath(data)
    try? DataFolder.makeFolder(data.path + "/sync")
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    guard let bytes = try? encoder.encode(outcome), case .success(let (fd, temp)) = AtomicFile.create(beside: path, prefix: ".background-")
    else { return }
    let failure = bytes.withUnsafeBytes { writeFully(fd, $0) }
    _ = AtomicFile.finish(fd: fd, temp: temp, target: path, failure: failure)
  }

  /// The last background sync's outcome, if there is one to read.
  public static func last(data: DataFolder, fileSystem: any FileSystem = LocalFileSystem()) -> Outcome? {
    guard let bytes = try? fileSystem.read(outcomePath(data)) else { return nil }
    return try? JSONDecoder().decode(Outcome.self, from: Data(bytes))
  }

  /// The one line a session's end says about the last background sync: nothing when it sent
  /// everything (or there was none).
  public static func line(_ outcome: Outcome?, messages m: MessageCatalog) -> String? {
    guard let outcome else { return nil }
    switch outcome.outcome {
    case .sent: return nil
    case .offline:
      return m.text("sync.background.offline", ["pending": String(outcome.pending), "reason": LRSTransportError.words(outcome.reason ?? "", m)])
    case .refused: return m.text("sync.background.refused", ["pending": String(outcome.pending)])
    case .stopped: return m.text("sync.background.stopped", ["reason": outcome.reason ?? "?"])
    }
  }
}
