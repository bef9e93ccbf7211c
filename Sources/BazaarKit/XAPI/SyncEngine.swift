import Foundation

/// `bazaar sync`: every statement an LRS has not acknowledged yet, sent in batches, in transcript
/// order, with what was acknowledged saved after each batch (``SyncStore``).
///
/// - 2xx: acknowledged. 409 (an id the LRS already has): acknowledged too, statement by statement.
/// - Any other 4xx for a batch: its statements are sent one by one, so that the one the LRS
///   refuses is named with the LRS's reason (and not sent again); the others go on.
/// - 401 or 403: the user or password is wrong; nothing more is sent.
/// - 5xx or no answer in time: tried again after 1, 2, 4… seconds (`retries` times); no
///   connection at all (the transport has tried for its connect timeout): not tried again. Then
///   the sync stops and says how many statements wait. Nothing is lost or deleted.
public struct SyncEngine: Sendable {
  public var export: XAPIExport
  public var transport: any LRSTransport
  public var batchSize: Int
  public var retries: Int
  /// Waits between tries (injected: tests record the waits instead of sleeping).
  public var pause: @Sendable (Double) -> Void

  public init(
    export: XAPIExport, transport: any LRSTransport, batchSize: Int = 50, retries: Int = 3,
    pause: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }
  ) {
    self.export = export
    self.transport = transport
    self.batchSize = max(1, min(batchSize, 10_000))
    self.retries = max(0, min(retries, 10))
    self.pause = pause
  }

  public struct Rejection: Sendable, Equatable {
    public var path: String
    public var id: String
    public var reason: String
  }

  public enum Stop: Sendable, Equatable {
    /// No connection or no answer (or 5xx) after every retry.
    case offline(String)
    /// 401 or 403.
    case refused(status: Int, reason: String)
    /// The state file could not be saved.
    case cannotSave(String)
  }

  public struct Report: Sendable, Equatable {
    public var transcripts = 0
    public var statements = 0
    /// Acknowledged before this run.
    public var alreadySent = 0
    /// Acknowledged in this run.
    public var sent = 0
    /// Still to send (after a stop, or in `status` mode).
    public var pending = 0
    public var pendingByLearner: [String: Int] = [:]
    public var rejected: [Rejection] = []
    /// Refused in earlier runs (kept in the state, not sent again).
    public var rejectedBefore = 0
    public var stop: Stop?
    public var skipped: [SkippedFile] = []
    public var setAside: String?
    public var batches = 0
  }

  private struct Item {
    var session: String
    var index: Int
    var id: String
    var line: String
    var path: String
    var learner: String
  }

  /// Sends (or, with `statusOnly`, only counts) what `store`'s LRS lacks from the transcripts under `paths`.
  public func run(_ paths: [String], store: SyncStore, endpoint: String, statusOnly: Bool = false) -> Result<Report, SyncStore.Failure> {
    let opened: (state: SyncState, setAside: String?)
    // `--status` only reads: it waits for no running sync (whose saves are atomic).
    switch store.open(endpoint: endpoint, lock: !statusOnly) {
    case .failure(let f): return .failure(f)
    case .success(let o): opened = o
    }
    defer { store.close() }
    var state = opened.state
    var report = Report()
    report.setAside = opened.setAside
    var batch: [Item] = []

    func stillPending(_ items: some Sequence<Item>) {
      for i in items {
        report.pending += 1
        report.pendingByLearner[i.learner, default: 0] += 1
      }
    }

    func acknowledge(_ items: [Item]) {
      for i in items {
        var e = state.transcripts[i.session] ?? SyncState.Entry(sent: 0)
        e.sent = max(e.sent, i.index + 1)
        e.path = i.path
        state.transcripts[i.session] = e
      }
    }

    /// One POST, tried again after a 5xx or a timeout; nil when it never answered (the reason is
    /// in `report.stop`).
    func post(_ items: [Item]) -> LRSResponse? {
      let body = Array(("[" + items.map(\.line).joined(separator: ",") + "]").utf8)
      var wait = 1.0
      for attempt in 0...retries {
        switch transport.post(body) {
        case .success(let r) where r.status < 500:
          return r
        case .success(let r):
          if attempt == retries { report.stop = .offline("HTTP \(r.status) " + Self.reason(r.body)) }
        case .failure(.unreachable(let why)):
          // No connection: the transport has kept trying for its connect timeout already.
          report.stop = .offline(why)
          return nil
        case .failure(.timeout):
          if attempt == retries { report.stop = .offline("timeout") }
        }
        if attempt < retries {
          pause(wait)
          wait *= 2
        }
      }
      return nil
    }

    /// Sends `items`; false when the sync must stop.
    func send(_ items: [Item]) -> Bool {
      guard let r = post(items) else { return false }
      report.batches += 1
      switch r.status {
      case 200..<300:
        report.sent += items.count
        acknowledge(items)
      case 401, 403:
        report.stop = .refused(status: r.status, reason: Self.reason(r.body))
        return false
      default:
        if items.count > 1 {
          // Which one? One by one (a 409 among new statements must not hold the others back).
          for i in items where !send([i]) { return false }
          return true
        }
        if r.status == 409 {
          report.sent += 1  // the LRS has it (and keeps its own copy)
        } else {
          let reason = "HTTP \(r.status) " + Self.reason(r.body)
          report.rejected.append(Rejection(path: items[0].path, id: items[0].id, reason: reason))
          var e = state.transcripts[items[0].session] ?? SyncState.Entry(sent: 0)
          e.rejected = (e.rejected ?? [:]).merging([items[0].id: reason]) { _, new in new }
          state.transcripts[items[0].session] = e
        }
        acknowledge(items)
      }
      if let failure = store.save(state) {
        report.stop = .cannotSave(store.path + ": " + failure)
        return false
      }
      return true
    }

    func flush() {
      guard !batch.isEmpty else { return }
      let items = batch
      batch = []
      if statusOnly || report.stop != nil {
        stillPending(items)
        return
      }
      if !send(items) {
        // What this batch did not get acknowledged waits for the next run.
        let done = Set(items.filter { (state.transcripts[$0.session]?.sent ?? 0) > $0.index }.map(\.id))
        stillPending(items.filter { !done.contains($0.id) })
      }
    }

    let summary = export.run(paths) { path, header, statements in
      report.transcripts += 1
      report.statements += statements.count
      let entry = state.transcripts[header.session]
      let sent = min(entry?.sent ?? 0, statements.count)
      report.alreadySent += sent
      report.rejectedBefore += entry?.rejected?.count ?? 0
      if statusOnly {
        for (id, reason) in (entry?.rejected ?? [:]).sorted(by: { $0.key < $1.key }) {
          report.rejected.append(Rejection(path: path, id: id, reason: reason))
        }
      }
      for (index, s) in statements.enumerated() where index >= sent {
        guard case .string(let id)? = s["id"] else { continue }
        batch.append(Item(session: header.session, index: index, id: id, line: s.line, path: path, learner: header.learner))
        if batch.count >= batchSize { flush() }
      }
    }
    flush()
    report.skipped = summary.skipped
    return .success(report)
  }

  /// The start of an LRS's answer, on one line (its `detail` when it is JSON).
  static func reason(_ body: [UInt8]) -> String {
    let text = String(decoding: body.prefix(2000), as: UTF8.self)
    if let data = text.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let detail = object["detail"] ?? object["message"] ?? object["error"]
    {
      return Sanitize.line(String(describing: detail)).prefix(300).description
    }
    return Sanitize.line(text).prefix(300).description
  }
}
