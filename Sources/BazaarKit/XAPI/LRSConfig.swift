import Foundation

/// Where a centre's learning records go and how they are named: `lrs.json` in the data folder.
///
/// ```json
/// {"endpoint": "https://lrs.example/xapi/", "home_page": "https://centre.example",
///  "activity_base": "https://centre.example/xapi", "user": "centre-7", "password": "…"}
/// ```
/// Every key is optional. `"sync_after_session": true` sends each learner's new records in the
/// background after every session (``BackgroundSync``). The environment variables `BAZAAR_LRS_ENDPOINT`, `BAZAAR_LRS_USER` and
/// `BAZAAR_LRS_PASSWORD` override the file (for scripts and tests); nothing is taken from the
/// command line, where other users would see it.
public struct LRSConfig: Sendable, Equatable {
  public var endpoint: String?
  public var homePage: String?
  public var activityBase: String?
  public var user: String?
  public var password: String?
  /// After each session, send the learner's new records in the background (off unless set).
  public var syncAfterSession = false

  public init(endpoint: String? = nil, homePage: String? = nil, activityBase: String? = nil, user: String? = nil, password: String? = nil) {
    self.endpoint = endpoint
    self.homePage = homePage
    self.activityBase = activityBase
    self.user = user
    self.password = password
  }

  /// The profile these settings name (the placeholders for what is not set).
  public var profile: XAPIProfile {
    XAPIProfile(homePage: homePage ?? XAPIProfile.defaultHomePage, activityBase: activityBase ?? XAPIProfile.defaultActivityBase)
  }

  /// The file's name in the data folder.
  public static let fileName = "lrs.json"

  private struct File: Decodable {
    var endpoint: String?
    var home_page: String?
    var activity_base: String?
    var user: String?
    var password: String?
    var sync_after_session: Bool?
  }

  /// The settings in `data`'s `lrs.json` (none when there is no such file), with the environment
  /// over them. A file that cannot be read, a setting that is not an absolute IRI, or a password
  /// that other users can read is an error whose text says what to do, in `messages`' language.
  public static func load(
    data: DataFolder, environment: [String: String], fileSystem: any FileSystem = LocalFileSystem(), messages: MessageCatalog
  ) -> Result<LRSConfig, ConfigError> {
    let path = data.path + "/" + fileName
    var config = LRSConfig()
    if case .file = fileSystem.node(at: path) {
      let bytes: [UInt8]
      do { bytes = try fileSystem.read(path) } catch {
        return .failure(ConfigError(messages.text("sync.config.unreadable", ["path": path, "reason": error.description])))
      }
      let file: File
      do { file = try JSONDecoder().decode(File.self, from: Data(bytes)) } catch {
        return .failure(ConfigError(messages.text("sync.config.unreadable", ["path": path, "reason": Self.reason(error)])))
      }
      config = LRSConfig(endpoint: file.endpoint, homePage: file.home_page, activityBase: file.activity_base, user: file.user, password: file.password)
      config.syncAfterSession = file.sync_after_session ?? false
      if config.password != nil, let mode = fileSystem.permissions(of: path), mode & 0o077 != 0 {
        return .failure(ConfigError(messages.text("sync.config.open", ["path": path])))
      }
    }
    if let v = environment["BAZAAR_LRS_ENDPOINT"], !v.isEmpty { config.endpoint = v }
    if let v = environment["BAZAAR_LRS_USER"], !v.isEmpty { config.user = v }
    if let v = environment["BAZAAR_LRS_PASSWORD"], !v.isEmpty { config.password = v }
    for (key, value) in [("home_page", config.homePage), ("activity_base", config.activityBase), ("endpoint", config.endpoint)] {
      if let value, !isAbsoluteIRI(value) {
        return .failure(ConfigError(messages.text("sync.config.notIRI", ["path": path, "key": key, "value": value])))
      }
    }
    return .success(config)
  }

  /// `scheme:rest` with a scheme of a letter then letters, digits, `+`, `-` or `.`, and no
  /// spaces or control characters (RFC 3987's absolute IRI, as far as an LRS checks it).
  public static func isAbsoluteIRI(_ s: String) -> Bool {
    guard let colon = s.firstIndex(of: ":"), colon != s.startIndex, s.index(after: colon) != s.endIndex else { return false }
    let scheme = s[..<colon]
    guard let first = scheme.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic else { return false }
    let schemeOK = scheme.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0)) }
    let restOK = s.unicodeScalars.allSatisfy { !$0.properties.isWhitespace && $0.value >= 0x20 && $0.value != 0x7F && !"<>\"{}|\\^`".unicodeScalars.contains($0) }
    return schemeOK && restOK
  }

  /// `http://` to anything but this machine (localhost, 127.0.0.0/8, ::1): refused by `bazaar
  /// sync` and `bazaar grade --lrs` unless `--insecure` is given.
  public static func isPlainHTTPToAnotherMachine(_ endpoint: String) -> Bool {
    guard let url = URL(string: endpoint), url.scheme?.lowercased() == "http" else { return false }
    let host = (url.host ?? "").lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
    return !(host == "localhost" || host == "::1" || host.hasPrefix("127."))
  }

  static func reason(_ error: any Error) -> String {
    switch error {
    case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
      let key = c.codingPath.last?.stringValue
      return (key.map { "\"\($0)\": " } ?? "") + (key == "sync_after_session" ? "not true or false" : "not a string")
    case DecodingError.dataCorrupted: return "not valid JSON"
    default: return "not valid JSON"
    }
  }

  public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    init(_ d: String) { description = d }
  }
}
