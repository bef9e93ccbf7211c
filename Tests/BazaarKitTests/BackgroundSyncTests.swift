import Foundation
import Testing
@testable import BazaarKit

/// The sync after each session: the setting, and the one line a session's end says.
@Suite struct BackgroundSyncTests {
  let data = DataFolder(path: "/d")

  func load(_ json: String) -> Result<LRSConfig, LRSConfig.ConfigError> {
    LRSConfig.load(data: data, environment: [:], fileSystem: MemoryFileSystem(["/d/lrs.json": json]), messages: .english)
  }

  @Test func offUnlessSet() throws {
    #expect(try load(#"{"endpoint": "https://lrs.example/xAPI/"}"#).get().syncAfterSession == false)
    #expect(try load(#"{"endpoint": "https://lrs.example/xAPI/", "sync_after_session": true}"#).get().syncAfterSession == true)
    guard case .failure(let e) = load(#"{"sync_after_session": "yes"}"#) else {
      Issue.record("a string was taken for true or false")
      return
    }
    #expect(e.description.contains(#""sync_after_session": not true or false"#), "\(e.description)")
  }

  @Test func oneLineOnlyWhenRecordsWait() {
    let now = Date(timeIntervalSince1970: 1_780_000_000)
    #expect(BackgroundSync.line(nil, messages: .english) == nil)
    #expect(BackgroundSync.line(.init(outcome: .sent, pending: 0, ended: now), messages: .english) == nil)
    #expect(
      BackgroundSync.line(.init(outcome: .offline, pending: 12, reason: "no-network", ended: now), messages: .english)
        == "Learning records: 12 wait to be sent (this computer has no network); they go after a later session, or with `bazaar sync`.")
    let zh = MessageCatalog.load(language: "zh", folders: [])
    #expect(
      BackgroundSync.line(.init(outcome: .refused, pending: 3, ended: now), messages: zh)
        == "学习数据上传：学习记录库拒绝了本中心的用户名和密码，还有 3 条等待上传：请告诉老师（lrs.json）。")
  }

  @Test func theOutcomeIsKeptForTheNextSession() throws {
    let dir = NSTemporaryDirectory() + "bazaar-bg-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let folder = DataFolder(path: dir)
    #expect(BackgroundSync.last(data: folder) == nil)
    let outcome = BackgroundSync.Outcome(outcome: .offline, pending: 4, reason: "refused", ended: Date(timeIntervalSince1970: 1_780_000_000))
    BackgroundSync.record(outcome, data: folder)
    #expect(BackgroundSync.last(data: folder) == outcome)
    // Only the outcome is left in the folder (the temporary file was renamed).
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/sync") == ["background.json"])
  }
}
