/// What an LRS answered to one `POST …/statements`.
public struct LRSResponse: Sendable, Equatable {
  public var status: Int
  /// The start of the body (an LRS's reason for a refusal).
  public var body: [UInt8]
  public init(status: Int, body: [UInt8] = []) {
    self.status = status
    self.body = body
  }
}

/// Why no answer came.
public enum LRSTransportError: Error, Sendable, Equatable {
  /// No connection (no network, the server down, a name that does not resolve): one of the
  /// words below, or the client's own text.
  case unreachable(String)
  /// Connected, but no answer in time.
  case timeout

  /// Nothing listens at the address.
  public static let refused = "refused"
  /// This machine has no network.
  public static let noNetwork = "no-network"
  /// The server's name was not found.
  public static let nameNotFound = "name-not-found"
  /// The secure connection could not be made (a certificate).
  public static let tls = "tls"

  /// A reason in the user's words: one of the words above (or `timeout`) from `sync.why.*`,
  /// anything else as the client said it.
  public static func words(_ reason: String, _ m: MessageCatalog) -> String {
    [refused, noNetwork, nameNotFound, tls, "timeout"].contains(reason) ? m.text("sync.why." + reason) : reason
  }
}

/// The network edge of `bazaar sync` and `bazaar grade --lrs`: sends one batch of statements (a
/// JSON array) and waits for the answer; fetches one page of statements. The real one runs the
/// helper `bazaar-lrs` (``HelperLRSTransport``); tests use fakes.
public protocol LRSTransport: Sendable {
  func post(_ body: [UInt8]) -> Result<LRSResponse, LRSTransportError>
  /// `GET url` (a page of `…/statements`), the whole body.
  func get(_ url: String) -> Result<LRSResponse, LRSTransportError>
}

extension LRSTransport {
  public func get(_ url: String) -> Result<LRSResponse, LRSTransportError> { .failure(.unreachable("this transport only sends")) }
}
