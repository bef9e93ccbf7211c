import Crypto
import Foundation

/// What one learning record store has acknowledged, per transcript: kept in the data folder as
/// `sync/KEY.json` (KEY from the LRS's endpoint), replaced atomically after every batch, so a
/// kill at any moment loses nothing and at most one batch is sent again (the LRS stores each id
/// once). A second `bazaar sync` to the same LRS waits for nothing: it is refused while the
/// first holds `sync/KEY.lock`.
public struct SyncState: Sendable, Equatable, Codable {
  public var endpoint: String
  /// Which sequence of statements `sent` counts in (``SyncState/currentStatements``). A state of
  /// another sequence is counted afresh: every statement is sent again, and the LRS keeps each
  /// id once.
  public var statements: Int?
  /// 2: one statement per transcript event (steps, hints, unread answers and language changes
  /// included), with the `session` and `event` extensions.
  public static let currentStatements = 2
  /// By session id.
  public var transcripts: [String: Entry] = [:]

  public struct Entry: Sendable, Equatable, Codable {
    /// How many of the transcript's statements (a fixed sequence: see ``StatementMaker``) the
    /// LRS has acknowledged, from the first.
    public var sent: Int
    /// Statements the LRS refused (id → its reason); they are not sent again until the state is
    /// removed, and `bazaar sync --status` lists them.
    public var rejected: [String: String]?
    /// Where the transcript was last read (for messages).
    public var path: String?
  }

  public init(endpoint: String) {
    self.endpoint = endpoint
    statements = Self.currentStatements
  }

  /// A state of another sequence: nothing counted as sent (every statement is offered again).
  mutating func countAfresh() {
    guard statements != Self.currentStatements else { return }
    for key in transcripts.keys { transcripts[key]?.sent = 0 }
    statements = Self.currentStatements
  }
}

public final class SyncStore: @unchecked Sendable {
  public let folder: String
  public let path: String
  private let lockPath: String
  private var lockFD: Int32 = -1

  /// The store for `endpoint` in `data`.
  public init(data: DataFolder, endpoint: String) {
    folder = data.path + "/sync"
    let key = Digest.sha256Hex(Array(endpoint.utf8)).prefix(16)
    path = folder + "/" + key + ".json"
    lockPath = folder + "/" + key + ".lock"
  }

  public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
    case busy(String)
    case io(String, String)
    public var description: String {
      switch self {
      case .busy(let p): "another `bazaar sync` to this LRS is running (it holds \(p)); let it finish"
      case .io(let p, let r): "\(p): \(r)"
      }
    }

    /// In `messages`' language.
    public func message(_ m: MessageCatalog) -> String {
      switch self {
      case .busy(let p): m.text("sync.busy", ["path": p])
      case .io: description
      }
    }
  }

  /// Takes the lock (refused at once when another sync holds it), then reads the state. A state
  /// file that cannot be read is moved aside (its name is returned) and the sync starts afresh:
  /// statements are sent again and the LRS keeps each once. Without `lock` (`--status`), only
  /// reads: nothing is taken, made or moved.
  public func open(endpoint: String, lock: Bool = true) -> Result<(state: SyncState, setAside: String?), Failure> {
    if lock {
      do { try DataFolder.makeFolder(folder) } catch { return .failure(.io(folder, error.description)) }
      let fd = Foundation.open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
      guard fd >= 0 else { return .failure(.io(lockPath, String(cString: strerror(errno)))) }
      while flock(fd, LOCK_EX | LOCK_NB) != 0 {
        if errno == EINTR { continue }
        Foundation.close(fd)
        return .failure(.busy(lockPath))
      }
      lockFD = fd
    }
    guard let data = FileManager.default.contents(atPath: path) else { return .success((SyncState(endpoint: endpoint), nil)) }
    if var state = try? JSONDecoder().decode(SyncState.self, from: data), state.endpoint == endpoint {
      state.countAfresh()
      return .success((state, nil))
    }
    // Only a sync holding the lock moves the file aside; `--status` reads it as empty.
    guard lock else { return .success((SyncState(endpoint: endpoint), nil)) }
    let aside = path + ".unreadable-" + ISOTime.compact(Date())
    rename(path, aside)
    return .success((SyncState(endpoint: endpoint), aside))
  }

  /// Replaces the state file atomically; the reason when it could not be written.
  public func save(_ state: SyncState) -> String? {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let bytes = try? encoder.encode(state) else { return "could not encode the state" }
    switch AtomicFile.create(beside: path, prefix: ".sync-") {
    case .failure(let f): return f.reason
    case .success(let (fd, temp)):
      let failure = bytes.withUnsafeBytes { writeFully(fd, $0) }
      return AtomicFile.finish(fd: fd, temp: temp, target: path, failure: failure)
    }
  }

  public func close() {
    guard lockFD >= 0 else { return }
    _ = flock(lockFD, LOCK_UN)
    Foundation.close(lockFD)
    lockFD = -1
  }

  deinit { close() }
}
