import AsyncHTTPClient
import BazaarKit
import Foundation
import NIOCore
import NIOHTTP1

/// Statements to a learning record store over HTTP(S): `POST ENDPOINT/statements` with Basic
/// auth and the xAPI version header, one request at a time, waited for (the sync is a batch job).
final class HTTPLRSTransport: @unchecked Sendable {
  private let client: HTTPClient
  private let url: String
  private let authorization: String?
  private let timeout: TimeAmount

  /// `endpoint` is the LRS's xAPI base (`https://lrs.example/xAPI/`).
  init(endpoint: String, user: String?, password: String?, timeoutSeconds: Int64 = 30) {
    var config = HTTPClient.Configuration()
    config.timeout = .init(connect: .seconds(8), read: .seconds(timeoutSeconds))
    config.redirectConfiguration = .disallow
    client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    url = (endpoint.hasSuffix("/") ? endpoint : endpoint + "/") + "statements"
    if let user, let password {
      authorization = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    } else {
      authorization = nil
    }
    timeout = .seconds(timeoutSeconds)
  }

  deinit { try? client.syncShutdown() }

  func post(_ body: [UInt8]) -> Result<LRSResponse, LRSTransportError> {
    send(url, method: .POST, body: body, keep: 64 * 1024)
  }

  /// A page of statements: the whole body (at most 256 MiB).
  func get(_ url: String) -> Result<LRSResponse, LRSTransportError> {
    send(url, method: .GET, body: nil, keep: 256 * 1_048_576)
  }

  /// Sends one request; the status and the first `keep` bytes of the body.
  private func send(_ url: String, method: HTTPMethod, body: [UInt8]?, keep: Int) -> Result<LRSResponse, LRSTransportError> {
    do {
      var request = try HTTPClient.Request(url: url, method: method)
      if body != nil { request.headers.add(name: "Content-Type", value: "application/json") }
      request.headers.add(name: "X-Experience-API-Version", value: "1.0.3")
      if let authorization { request.headers.add(name: "Authorization", value: authorization) }
      if let body { request.body = .bytes(body) }
      let response = try client.execute(request: request, deadline: .now() + timeout).wait()
      var bytes: [UInt8] = []
      if var b = response.body, let read = b.readBytes(length: min(b.readableBytes, keep)) { bytes = read }
      return .success(LRSResponse(status: Int(response.status.code), body: bytes))
    } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
      return .failure(.timeout)
    } catch {
      return .failure(.unreachable(Self.plain(String(describing: error))))
    }
  }

  /// A connection error as one of the words `bazaar sync` puts in the learner's language
  /// (``LRSTransportError/refused`` …), or, for anything else, async-http-client's own text.
  static func plain(_ error: String) -> String {
    let e = error.lowercased()
    if e.contains("connection refused") { return LRSTransportError.refused }
    if e.contains("network is unreachable") || e.contains("no route") { return LRSTransportError.noNetwork }
    if e.contains("resolve") || e.contains("getaddrinfo") || e.contains("nxdomain") || e.contains("name or service") {
      return LRSTransportError.nameNotFound
    }
    if e.contains("certificate") || e.contains("handshake") { return LRSTransportError.tls }
    return String(error.prefix(160))
  }
}
