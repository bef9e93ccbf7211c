import Foundation
import Testing
@testable import BazaarKit

private let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().path + "/transcripts/samples"

/// A fake LRS: keeps statements by id (each once, as an LRS does) and answers as it is told.
final class FakeLRS: LRSTransport, @unchecked Sendable {
  private let lock = NSLock()
  private(set) var stored: [String: String] = [:]
  private(set) var requests: [[String]] = []
  /// Answers for the coming requests, in order (then 200); a nil entry: unreachable.
  var script: [Int?] = []
  /// Statement ids this LRS refuses with 400.
  var refuse: Set<String> = []
  /// After this many answered requests, unreachable.
  var downAfter: Int?

  func post(_ body: [UInt8]) -> Result<LRSResponse, LRSTransportError> {
    lock.withLock {
      let array = (try? JSONSerialization.jsonObject(with: Data(body))) as? [[String: Any]] ?? []
      let ids = array.compactMap { $0["id"] as? String }
      requests.append(ids)
      if let n = downAfter, requests.count > n { return .failure(.unreachable("no network")) }
      if !script.isEmpty {
        let next = script.removeFirst()
        guard let status = next else { return .failure(.unreachable("no network")) }
        if status != 200 { return .success(LRSResponse(status: status, body: Array(#"{"detail": "told so"}"#.utf8))) }
      }
      if ids.contains(where: refuse.contains) {
        return .success(LRSResponse(status: 400, body: Array(#"{"detail": "Invalid statement"}"#.utf8)))
      }
      for (id, s) in zip(ids, array) where stored[id] == nil {
        stored[id] = String(decoding: (try? JSONSerialization.data(withJSONObject: s)) ?? Data(), as: UTF8.self)
      }
      return .success(LRSResponse(status: 200))
    }
  }
}

final class Waits: @unchecked Sendable {
  private let lock = NSLock()
  private var list: [Double] = []
  func add(_ d: Double) { lock.withLock { list.append(d) } }
  var all: [Double] { lock.withLock { list } }
}

@Suite struct SyncEngineTests {
  let endpoint = "https://lrs.example/xAPI/"

  func data() throws -> DataFolder {
    let dir = NSTemporaryDirectory() + "bazaar-sync-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return DataFolder(path: dir)
  }

  /// Every statement of the samples, as `--print` makes them (no courses: the same ids).
  func allIDs() -> [String] {
    var ids: [String] = []
    _ = XAPIExport(courses: [:], maker: StatementMaker(profile: XAPIProfile())).run([samples]) { _, _, s in
      ids += s.compactMap { if case .string(let id)? = $0["id"] { id } else { nil } }
    }
    return ids
  }

  func engine(_ lrs: FakeLRS, batch: Int = 10, waits: Waits = Waits()) -> SyncEngine {
    SyncEngine(
      export: XAPIExport(courses: [:], maker: StatementMaker(profile: XAPIProfile())), transport: lrs, batchSize: batch,
      pause: { waits.add($0) })
  }

  func run(_ e: SyncEngine, _ data: DataFolder, status: Bool = false) throws -> SyncEngine.Report {
    switch e.run([samples], store: SyncStore(data: data, endpoint: endpoint), endpoint: endpoint, statusOnly: status) {
    case .success(let r): return r
    case .failure(let f): throw f
    }
  }

  @Test func everythingGoesInBatchesAndASecondRunSendsNothing() throws {
    let ids = allIDs()
    try #require(ids.count > 100)
    let lrs = FakeLRS()
    let d = try data()
    let first = try run(engine(lrs, batch: 10), d)
    #expect(first.sent == ids.count)
    #expect(first.pending == 0 && first.stop == nil)
    #expect(lrs.stored.count == ids.count)
    #expect(lrs.requests.allSatisfy { $0.count <= 10 })
    // Batches carry the statements in order, each once.
    #expect(lrs.requests.flatMap { $0 } == ids)
    let second = try run(engine(lrs, batch: 10), d)
    #expect(second.sent == 0 && second.alreadySent == ids.count)
    #expect(lrs.requests.flatMap { $0 }.count == ids.count)
  }

  @Test func offlineHalfwayLosesNothingAndTheNextRunSendsOnlyTheRest() throws {
    let ids = allIDs()
    let lrs = FakeLRS()
    lrs.downAfter = 5
    let d = try data()
    let cut = try run(engine(lrs, batch: 10), d)
    #expect(cut.stop == .offline("no network"))
    #expect(cut.sent == 50)
    #expect(cut.pending == ids.count - 50)
    #expect(cut.pendingByLearner.values.reduce(0, +) == cut.pending)
    lrs.downAfter = nil
    let rest = try run(engine(lrs, batch: 10), d)
    #expect(rest.sent == ids.count - 50 && rest.stop == nil)
    #expect(lrs.stored.count == ids.count)
    // Nothing acknowledged was offered again: 5 batches, one failed try, then the rest.
    let offered = lrs.requests.flatMap { $0 }
    #expect(offered.count == ids.count + 10)
  }

  @Test func serverErrorsAreTriedAgainAfterLongerWaits() throws {
    let lrs = FakeLRS()
    lrs.script = [503, 500]
    let waits = Waits()
    let r = try run(engine(lrs, batch: 1000, waits: waits), try data())
    #expect(r.stop == nil)
    #expect(waits.all == [1, 2])
    #expect(lrs.stored.count == allIDs().count)
    // Always failing: given up after 3 retries (1, 2, 4 s), everything still waiting.
    let down = FakeLRS()
    down.script = [500, 500, 500, 500]
    let waits2 = Waits()
    let r2 = try run(engine(down, batch: 1000, waits: waits2), try data())
    #expect(waits2.all == [1, 2, 4])
    #expect(r2.pending == allIDs().count)
    if case .offline(let why)? = r2.stop { #expect(why.contains("500") && why.contains("told so")) } else { Issue.record("not offline: \(String(describing: r2.stop))") }
  }

  @Test func aRefusedStatementIsNamedKeptAsideAndTheOthersGoOn() throws {
    let ids = allIDs()
    let bad = ids[7]
    let lrs = FakeLRS()
    lrs.refuse = [bad]
    let d = try data()
    let r = try run(engine(lrs, batch: 10), d)
    #expect(r.rejected.map(\.id) == [bad])
    #expect(r.rejected.first?.reason.contains("Invalid statement") == true)
    #expect(r.rejected.first?.path.hasSuffix(".jsonl") == true)
    #expect(lrs.stored.count == ids.count - 1)
    // Not offered again; --status lists it.
    let again = try run(engine(lrs, batch: 10), d)
    #expect(again.sent == 0 && again.rejectedBefore == 1)
    let status = try run(engine(lrs, batch: 10), d, status: true)
    #expect(status.rejected.map(\.id) == [bad])
  }

  @Test func alreadyStoredCountsAsSent() throws {
    let lrs = FakeLRS()
    lrs.script = [409]
    let r = try run(engine(lrs, batch: 1000), try data())
    #expect(r.stop == nil && r.rejected.isEmpty)
    #expect(r.sent == allIDs().count)
  }

  @Test func aWrongPasswordStopsEverything() throws {
    let lrs = FakeLRS()
    lrs.script = [401]
    let d = try data()
    let r = try run(engine(lrs, batch: 10), d)
    #expect(r.stop == .refused(status: 401, reason: "told so"))
    #expect(r.sent == 0 && r.pending == allIDs().count)
    #expect(lrs.requests.count == 1)
  }

  @Test func statusSendsNothing() throws {
    let lrs = FakeLRS()
    let r = try run(engine(lrs), try data(), status: true)
    #expect(lrs.requests.isEmpty)
    #expect(r.pending == allIDs().count)
  }

  @Test func anUnreadableStateIsSetAsideAndEverythingIsOfferedAgain() throws {
    let d = try data()
    let store = SyncStore(data: d, endpoint: endpoint)
    try FileManager.default.createDirectory(atPath: store.folder, withIntermediateDirectories: true)
    try Data("{not json".utf8).write(to: URL(fileURLWithPath: store.path))
    let r = try run(engine(FakeLRS()), d)
    let aside = try #require(r.setAside)
    #expect(FileManager.default.contents(atPath: aside) == Data("{not json".utf8))
    #expect(r.sent == allIDs().count)
  }

  /// A state written when the statements were fewer (before steps and hints had their own)
  /// counts another sequence: everything is offered again, and the LRS keeps each id once.
  @Test func aStateOfAnEarlierSequenceIsCountedAfresh() throws {
    let d = try data()
    let first = try run(engine(FakeLRS()), d)
    let store = SyncStore(data: d, endpoint: endpoint)
    var json = try #require(FileManager.default.contents(atPath: store.path).flatMap { try JSONSerialization.jsonObject(with: $0) as? [String: Any] })
    #expect(json["statements"] as? Int == 2)
    json["statements"] = nil
    try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: store.path))
    let lrs = FakeLRS()
    let again = try run(engine(lrs), d)
    #expect(again.sent == first.sent && again.setAside == nil)
    #expect(lrs.stored.count == allIDs().count)
  }

  @Test func oneSyncAtATimePerLRS() throws {
    let d = try data()
    let first = SyncStore(data: d, endpoint: endpoint)
    guard case .success = first.open(endpoint: endpoint) else {
      Issue.record("first open failed")
      return
    }
    defer { first.close() }
    let second = SyncStore(data: d, endpoint: endpoint)
    guard case .failure(.busy) = second.open(endpoint: endpoint) else {
      Issue.record("a second sync was let in")
      return
    }
    // Another LRS is another file and another lock.
    let other = SyncStore(data: d, endpoint: "https://other.example/xAPI/")
    guard case .success = other.open(endpoint: "https://other.example/xAPI/") else {
      Issue.record("another LRS was refused")
      return
    }
    other.close()
  }
}
