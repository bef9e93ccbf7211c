import Foundation

/// Reads statements back from a learning record store for `bazaar grade --lrs`:
/// `GET ENDPOINT/statements?ascending=true&limit=N[&since=…]`, then every page its `more` names,
/// each statement handed to a ``TranscriptRebuilder``. A 5xx or a timeout is tried again after 1,
/// 2 and 4 seconds (as `bazaar sync` does); anything else stops the reading with the reason.
public struct LRSReader: Sendable {
  public var transport: any LRSTransport
  public var endpoint: String
  public var pageSize: Int
  /// How long to wait before trying again (injected: tests do not wait).
  public var pause: @Sendable (Double) -> Void

  public init(
    transport: any LRSTransport, endpoint: String, pageSize: Int = 500,
    pause: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }
  ) {
    self.transport = transport
    self.endpoint = endpoint.hasSuffix("/") ? endpoint : endpoint + "/"
    self.pageSize = pageSize
    self.pause = pause
  }

  public enum Failure: Error, Sendable, Equatable {
    /// No connection, or no answer after the retries (`timeout`, or the reason).
    case offline(String)
    /// 401/403: the user or password is wrong.
    case refused(Int)
    /// Another status, with the start of the LRS's reason.
    case status(Int, String)
    /// The answer is not a page of statements.
    case unreadable(String)
    /// `more` leads away from the LRS (another host or scheme): not followed, so the password
    /// never goes elsewhere.
    case elsewhere(String)
  }

  /// `failure` in words, in `messages`' language (`configPath`: where the user and password are set).
  public static func message(_ failure: Failure, endpoint: String, configPath: String, messages m: MessageCatalog) -> String {
    switch failure {
    case .offline(let reason):
      return m.text("grade.lrs.offline", ["endpoint": endpoint, "reason": LRSTransportError.words(reason, m)])
    case .refused(let status):
      return m.text("grade.lrs.refused", ["endpoint": endpoint, "status": String(status), "path": configPath])
    case .status(let status, let reason):
      return m.text("grade.lrs.status", ["endpoint": endpoint, "status": String(status), "reason": reason])
    case .unreadable(let start): return m.text("grade.lrs.unreadable", ["endpoint": endpoint, "start": start])
    case .elsewhere(let more): return m.text("grade.lrs.elsewhere", ["endpoint": endpoint, "more": more])
    }
  }

  /// A `--since`/`--until` value: an exact time (`2026-09-01T08:00:00Z`), or a day in `timeZone`
  /// (its start, or with `endOfDay` the next day's start, so the day is included); nil when it is
  /// neither.
  public static func bound(_ value: String, endOfDay: Bool, timeZone: TimeZone) -> Date? {
    if let exact = ISOTime.date(value) { return exact }
    guard let day = ISOTime.day(value, timeZone: timeZone) else { return nil }
    guard endOfDay else { return day }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    return calendar.date(byAdding: .day, value: 1, to: day)
  }

  /// What was read.
  public struct Summary: Sendable, Equatable {
    public var pages = 0
    public var statements = 0
  }

  /// The first page's URL: statements stored since `since`, oldest first.
  public func firstURL(since: Date?) -> String {
    var url = endpoint + "statements?ascending=true&limit=" + String(max(1, pageSize))
    // `2026-09-01T00:00:00Z`: digits, `-`, `:` and letters, all as they are in a query.
    if let since { url += "&since=" + ISOTime.string(since) }
    return url
  }

  /// `more` (absolute, or relative to the LRS as xAPI allows) as a URL on the same LRS; nil when
  /// it leads elsewhere.
  public func follow(_ more: String) -> String? {
    guard let base = URL(string: endpoint), let next = URL(string: more, relativeTo: base)?.absoluteURL else { return nil }
    func port(_ u: URL) -> Int? { u.port ?? (u.scheme?.lowercased() == "https" ? 443 : u.scheme?.lowercased() == "http" ? 80 : nil) }
    guard next.scheme?.lowercased() == base.scheme?.lowercased(), next.host?.lowercased() == base.host?.lowercased(), port(next) == port(base)
    else { return nil }
    return next.absoluteString
  }

  struct Page: Decodable {
    /// Only what the rebuilding reads of each (the rest is skipped).
    var statements: [TranscriptRebuilder.Essentials]
    var more: String?
  }

  /// Reads every page into `rebuilder`; `progress` is told the statements read so far after each page.
  public func read(
    since: Date?, into rebuilder: inout TranscriptRebuilder, progress: (Int) -> Void = { _ in }
  ) -> Result<Summary, Failure> {
    var summary = Summary()
    var next: String? = firstURL(since: since)
    let decoder = JSONDecoder()
    if let key = TranscriptRebuilder.Essentials.seenSessions { decoder.userInfo[key] = TranscriptRebuilder.Essentials.SeenSessions() }
    while let url = next {
      let response: LRSResponse
      switch fetch(url) {
      case .failure(let f): return .failure(f)
      case .success(let r): response = r
      }
      let page: Page
      do { page = try decoder.decode(Page.self, from: Data(response.body)) } catch {
        return .failure(.unreadable(String(decoding: response.body.prefix(200), as: UTF8.self)))
      }
      summary.pages += 1
      summary.statements += page.statements.count
      for s in page.statements { rebuilder.add(s) }
      progress(summary.statements)
      next = nil
      if let more = page.more, !more.isEmpty {
        guard let url = follow(more) else { return .failure(.elsewhere(more)) }
        // A page that brings nothing yet points on would go round for ever.
        if page.statements.isEmpty { break }
        next = url
      }
    }
    return .success(summary)
  }

  /// One page, tried again on a 5xx or a timeout.
  func fetch(_ url: String) -> Result<LRSResponse, Failure> {
    var waits = [1.0, 2.0, 4.0][...]
    while true {
      switch transport.get(url) {
      case .success(let r) where (200..<300).contains(r.status): return .success(r)
      case .success(let r) where r.status == 401 || r.status == 403: return .failure(.refused(r.status))
      case .success(let r) where r.status >= 500:
        guard let wait = waits.popFirst() else { return .failure(.status(r.status, SyncEngine.reason(r.body))) }
        pause(wait)
      case .success(let r): return .failure(.status(r.status, SyncEngine.reason(r.body)))
      case .failure(.timeout):
        guard let wait = waits.popFirst() else { return .failure(.offline("timeout")) }
        pause(wait)
      case .failure(.unreachable(let why)): return .failure(.offline(why))
      }
    }
  }
}
