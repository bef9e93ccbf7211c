import Foundation
import Testing
@testable import BazaarKit

/// An LRS that answers GETs from a script: URL → (status, body).
final class PagedLRS: LRSTransport, @unchecked Sendable {
  private let lock = NSLock()
  var pages: [String: (Int, String)] = [:]
  /// Answers for the coming GETs, whatever the URL (then `pages`); nil: no answer in time.
  var script: [Int?] = []
  private(set) var asked: [String] = []
  func post(_ body: [UInt8]) -> Result<LRSResponse, LRSTransportError> { .success(LRSResponse(status: 200)) }
  func get(_ url: String) -> Result<LRSResponse, LRSTransportError> {
    lock.withLock {
      asked.append(url)
      if !script.isEmpty {
        guard let status = script.removeFirst() else { return .failure(.timeout) }
        return .success(LRSResponse(status: status, body: Array(#"{"detail": "busy"}"#.utf8)))
      }
      guard let (status, body) = pages[url] else { return .success(LRSResponse(status: 404)) }
      return .success(LRSResponse(status: status, body: Array(body.utf8)))
    }
  }
}

@Suite struct LRSReaderTests {
  let endpoint = "https://lrs.example/xAPI/"

  func statement(_ id: String) -> String {
    #"{"id":"\#(id)","actor":{"name":"x"},"verb":{"id":"http://adlnet.gov/expapi/verbs/answered"},"object":{"id":"https://a.example/q"}}"#
  }

  @Test func everyPageThroughMoreRelativeOrAbsolute() throws {
    let lrs = PagedLRS()
    lrs.pages[endpoint + "statements?ascending=true&limit=2&since=2026-09-01T00:00:00Z"] =
      (200, #"{"statements":[\#(statement("1")),\#(statement("2"))],"more":"/xAPI/statements?page=2"}"#)
    lrs.pages["https://lrs.example/xAPI/statements?page=2"] =
      (200, #"{"statements":[\#(statement("3")),\#(statement("4"))],"more":"https://lrs.example/xAPI/statements?page=3"}"#)
    lrs.pages["https://lrs.example/xAPI/statements?page=3"] = (200, #"{"statements":[\#(statement("5"))],"more":""}"#)
    var rebuilder = TranscriptRebuilder()
    let since = try #require(ISOTime.date("2026-09-01T00:00:00Z"))
    let r = LRSReader(transport: lrs, endpoint: "https://lrs.example/xAPI", pageSize: 2, pause: { _ in }).read(since: since, into: &rebuilder)
    #expect(r == .success(LRSReader.Summary(pages: 3, statements: 5)))
    // Not Bazaar's statements: counted and left out.
    #expect(rebuilder.notBazaar == 5)
  }

  @Test func moreToAnotherServerIsNotFollowed() {
    let lrs = PagedLRS()
    lrs.pages[endpoint + "statements?ascending=true&limit=500"] = (200, #"{"statements":[\#(statement("1"))],"more":"https://evil.example/xAPI/statements?p=2"}"#)
    var rebuilder = TranscriptRebuilder()
    let r = LRSReader(transport: lrs, endpoint: endpoint, pause: { _ in }).read(since: nil, into: &rebuilder)
    #expect(r == .failure(.elsewhere("https://evil.example/xAPI/statements?p=2")))
    #expect(lrs.asked.count == 1)
    // Another port or scheme is another server too.
    let reader = LRSReader(transport: lrs, endpoint: endpoint)
    #expect(reader.follow("http://lrs.example/xAPI/statements?p=2") == nil)
    #expect(reader.follow("https://lrs.example:8443/xAPI/statements?p=2") == nil)
    #expect(reader.follow("https://LRS.example:443/xAPI/statements?p=2") == "https://LRS.example:443/xAPI/statements?p=2")
  }

  @Test func busyAndSlowAreTriedAgainWrongPasswordIsNot() {
    let lrs = PagedLRS()
    lrs.pages[endpoint + "statements?ascending=true&limit=500"] = (200, #"{"statements":[],"more":""}"#)
    lrs.script = [503, nil, 502]
    let waits = Waits()
    var rebuilder = TranscriptRebuilder()
    let r = LRSReader(transport: lrs, endpoint: endpoint, pause: { waits.add($0) }).read(since: nil, into: &rebuilder)
    #expect(r == .success(LRSReader.Summary(pages: 1, statements: 0)))
    #expect(waits.all == [1, 2, 4])
    let denied = PagedLRS()
    denied.script = [401]
    #expect(LRSReader(transport: denied, endpoint: endpoint, pause: { _ in }).read(since: nil, into: &rebuilder) == .failure(.refused(401)))
    #expect(denied.asked.count == 1)
    let gone = PagedLRS()
    gone.script = [500, 500, 500, 500]
    #expect(LRSReader(transport: gone, endpoint: endpoint, pause: { _ in }).read(since: nil, into: &rebuilder) == .failure(.status(500, "busy")))
  }

  @Test func notAPageOfStatements() {
    let lrs = PagedLRS()
    lrs.pages[endpoint + "statements?ascending=true&limit=500"] = (200, "<html>login</html>")
    var rebuilder = TranscriptRebuilder()
    #expect(LRSReader(transport: lrs, endpoint: endpoint).read(since: nil, into: &rebuilder) == .failure(.unreadable("<html>login</html>")))
  }

  @Test func sinceAndUntilDays() throws {
    let tz = try #require(TimeZone(identifier: "Asia/Shanghai"))
    #expect(LRSReader.bound("2026-09-01", endOfDay: false, timeZone: tz) == ISOTime.date("2026-08-31T16:00:00Z"))
    #expect(LRSReader.bound("2026-12-31", endOfDay: true, timeZone: tz) == ISOTime.date("2026-12-31T16:00:00Z"))
    #expect(LRSReader.bound("2026-09-01T08:00:00Z", endOfDay: true, timeZone: tz) == ISOTime.date("2026-09-01T08:00:00Z"))
    for bad in ["2026-02-30", "2026-13-01", "26-09-01", "2026-9-1", "yesterday", ""] {
      #expect(LRSReader.bound(bad, endOfDay: false, timeZone: tz) == nil, "\(bad)")
    }
  }
}
