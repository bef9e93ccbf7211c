import Foundation

/// How `bazaar` and its HTTP helper `bazaar-lrs` talk, over the helper's standard input and
/// output (never its arguments, which other users see in `ps`):
/// - request: one line of JSON, `{"endpoint": …, "user": …, "password": …, "timeout": 30}`, then
///   the body to POST (a JSON array of statements); or, with `"get": URL` in that line, nothing
///   more: the helper fetches `URL` (a page of statements);
/// - reply: one line, `status N`, `timeout` or `unreachable REASON`, then the LRS's body (the
///   start of it for a POST, all of it for a GET).
public enum LRSHelperWire {
  public struct Header: Codable, Sendable, Equatable {
    public var endpoint: String
    public var user: String?
    public var password: String?
    public var timeout: Int
    /// A URL to fetch instead of posting.
    public var get: String?
  }

  public static func request(_ header: Header, body: [UInt8]) -> [UInt8] {
    let line = (try? JSONEncoder().encode(header)).map { Array($0) } ?? Array("{}".utf8)
    return line + [0x0A] + body
  }

  /// The request in `bytes`; nil when its first line cannot be read.
  public static func request(_ bytes: [UInt8]) -> (header: Header, body: [UInt8])? {
    guard let nl = bytes.firstIndex(of: 0x0A), let header = try? JSONDecoder().decode(Header.self, from: Data(bytes[..<nl])) else { return nil }
    return (header, Array(bytes[(nl + 1)...]))
  }

  public static func reply(_ result: Result<LRSResponse, LRSTransportError>) -> [UInt8] {
    switch result {
    case .success(let r): Array("status \(r.status)\n".utf8) + r.body
    case .failure(.timeout): Array("timeout\n".utf8)
    case .failure(.unreachable(let why)): Array(("unreachable " + Sanitize.line(why) + "\n").utf8)
    }
  }

  public static func reply(_ bytes: [UInt8]) -> Result<LRSResponse, LRSTransportError> {
    let nl = bytes.firstIndex(of: 0x0A) ?? bytes.endIndex
    let line = String(decoding: bytes[..<nl], as: UTF8.self)
    let body = nl < bytes.endIndex ? Array(bytes[(nl + 1)...]) : []
    if line.hasPrefix("status "), let status = Int(line.dropFirst(7)) { return .success(LRSResponse(status: status, body: body)) }
    if line == "timeout" { return .failure(.timeout) }
    if line.hasPrefix("unreachable ") { return .failure(.unreachable(String(line.dropFirst(12)))) }
    return .failure(.unreachable("the HTTP helper gave no answer"))
  }
}

/// Sends each batch through the helper executable `bazaar-lrs` (beside `bazaar`), which holds
/// the HTTP client: lessons never load it.
public struct HelperLRSTransport: LRSTransport {
  public var helper: String
  public var header: LRSHelperWire.Header

  public init(helper: String, endpoint: String, user: String?, password: String?, timeout: Int = 30) {
    self.helper = helper
    header = LRSHelperWire.Header(endpoint: endpoint, user: user, password: password, timeout: timeout)
  }

  public func get(_ url: String) -> Result<LRSResponse, LRSTransportError> {
    var h = header
    h.get = url
    return exchange(LRSHelperWire.request(h, body: []))
  }

  /// `bazaar-lrs` beside the running executable, if it is there.
  public static func besideThisProgram() -> String? {
    let exe = PackageLocator.runningExecutablePath()
    guard let slash = exe.lastIndex(of: "/") else { return nil }
    let path = String(exe[..<slash]) + "/bazaar-lrs"
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
  }

  public func post(_ body: [UInt8]) -> Result<LRSResponse, LRSTransportError> {
    exchange(LRSHelperWire.request(header, body: body))
  }

  /// Runs the helper with `request` on its standard input; its reply.
  func exchange(_ request: [UInt8]) -> Result<LRSResponse, LRSTransportError> {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: helper)
    p.arguments = []
    let input = Pipe()
    let output = Pipe()
    p.standardInput = input
    p.standardOutput = output
    p.standardError = FileHandle.nullDevice
    // Its end is awaited through the termination handler: Foundation's waitUntilExit() can miss
    // an exit on Linux and wait for ever.
    let ended = DispatchSemaphore(value: 0)
    p.terminationHandler = { _ in ended.signal() }
    do { try p.run() } catch { return .failure(.unreachable("cannot run \(helper): \(error.localizedDescription)")) }
    // Write on another thread while reading here, so neither side waits for the other.
    // A helper that died early makes the write fail (EPIPE; `bazaar sync` ignores SIGPIPE):
    // its missing reply says so below.
    let writer = Thread {
      try? input.fileHandleForWriting.write(contentsOf: Data(request))
      try? input.fileHandleForWriting.close()
    }
    writer.start()
    let reply = output.fileHandleForReading.readDataToEndOfFile()
    // The reply is whole once its output is closed; the exit follows at once (a helper that
    // closed its output and lingers is stopped).
    if ended.wait(timeout: .now() + 10) == .timedOut { p.terminate() }
    return LRSHelperWire.reply(Array(reply))
  }
}
