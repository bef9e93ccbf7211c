/// Bazaar's xAPI profile: which verbs, activity types and extensions its statements use, and
/// the IRIs of its activities. Documented, with an example of each statement, in docs/xapi.md.
public struct XAPIProfile: Sendable, Equatable {
  /// The centre's IRI: the `homePage` of every learner's account (their name there is the
  /// learner's stable key).
  public var homePage: String
  /// Where the activity ids live: `BASE/course/ID`, `BASE/course/ID/lesson/ID`,
  /// `BASE/course/ID/question/ID`, `BASE/course/ID/live/ID`. Stable across Bazaar's versions.
  public var activityBase: String

  /// Placeholders under the reserved `.invalid` domain, for a centre that has not set its own.
  public static let defaultHomePage = "https://bazaar.invalid/centre"
  public static let defaultActivityBase = "https://bazaar.invalid/xapi"

  public init(homePage: String = XAPIProfile.defaultHomePage, activityBase: String = XAPIProfile.defaultActivityBase) {
    self.homePage = homePage
    self.activityBase = activityBase.hasSuffix("/") ? String(activityBase.dropLast()) : activityBase
  }

  // MARK: Ids

  /// Statement ids are version-5 UUIDs of `SESSION#POSITION` in this namespace (itself the
  /// version-5 UUID of `https://bazaar.invalid/xapi/statement` in the URL namespace).
  public static let statementNamespace = "cc5dc3ec-61c0-5173-9833-6a8484b099c4"
  /// A session id that is not a UUID (a seeded, reproducible run) is registered as the
  /// version-5 UUID of the id in this namespace (of `https://bazaar.invalid/xapi/registration`).
  public static let registrationNamespace = "c8f741d6-523c-5170-935e-91fe7772101d"
  /// The URL namespace of RFC 9562.
  public static let urlNamespace = "6ba7b811-9dad-11d1-80b4-00c04fd430c8"

  func course(_ id: String) -> String { activityBase + "/course/" + Self.segment(id) }
  func lesson(_ course: String, _ id: String) -> String { self.course(course) + "/lesson/" + Self.segment(id) }
  func question(_ course: String, _ id: String) -> String { self.course(course) + "/question/" + Self.segment(id) }
  func live(_ course: String, _ id: String) -> String { self.course(course) + "/live/" + Self.segment(id) }
  func extensionIRI(_ name: String) -> String { activityBase + "/extensions/" + name }

  /// An id as one IRI path segment: letters, digits and `-._~` as they are, everything else
  /// percent-encoded as UTF-8 (so `定价/1` is one segment).
  static func segment(_ id: String) -> String {
    var out = ""
    for b in id.utf8 {
      switch b {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
        out.unicodeScalars.append(Unicode.Scalar(b))
      default:
        out += "%" + String(b >> 4, radix: 16, uppercase: true) + String(b & 0x0F, radix: 16, uppercase: true)
      }
    }
    return out.isEmpty ? "-" : out
  }

  // MARK: Verbs and activity types (ADL's vocabulary, and one from the registry)

  public enum Verb: String, CaseIterable, Sendable {
    case initialized, terminated, answered, completed, passed, failed, commented, interacted, experienced
    /// A question passed over without an answer (the xAPI registry's `skipped`).
    case skipped

    public var iri: String {
      self == .skipped ? "http://id.tincanapi.com/verb/skipped" : "http://adlnet.gov/expapi/verbs/" + rawValue
    }
    public var display: [String: String] {
      switch self {
      case .initialized: ["en-US": "initialized", "zh-CN": "开始"]
      case .terminated: ["en-US": "terminated", "zh-CN": "结束"]
      case .answered: ["en-US": "answered", "zh-CN": "作答"]
      case .completed: ["en-US": "completed", "zh-CN": "完成"]
      case .passed: ["en-US": "passed", "zh-CN": "通过"]
      case .failed: ["en-US": "failed", "zh-CN": "未通过"]
      case .commented: ["en-US": "commented", "zh-CN": "发言"]
      case .interacted: ["en-US": "interacted", "zh-CN": "操作"]
      case .experienced: ["en-US": "experienced", "zh-CN": "查看"]
      case .skipped: ["en-US": "skipped", "zh-CN": "跳过"]
      }
    }
  }

  public enum ActivityType: String, Sendable {
    case course, lesson, interaction = "cmi.interaction", simulation
    public var iri: String { "http://adlnet.gov/expapi/activities/" + rawValue }
  }

  /// The extensions Bazaar writes (under `activityBase/extensions/`).
  public enum Extension: String, CaseIterable, Sendable {
    /// context: the course file's SHA-256, and Bazaar's version.
    case courseDigest = "course-digest", courseVersion = "course-version", appVersion = "app-version"
    /// context: the transcript event's position (the header is 0).
    case position
    /// context: the transcript's header but the learner (`session`, `started`, `seed`, `course`…),
    /// and the event's own line but the text already in `result.response` (`type`, `t`, `ms`…):
    /// what rebuilding the transcript from the LRS needs (`bazaar grade --lrs`).
    case session, event
    /// result of `answered`: the attempt (1-based) and the hints shown so far for the question;
    /// for a calc question, the values this learner was given (`cost=8, fee=0.05`).
    case attempt, hints, values
    /// result of a live show's `completed`: its six dimensions (0…1) and its dashboard.
    case dimensions, dashboard
    /// result of `commented` and `interacted` in a live show: the simulated time, ms from its start.
    case atMs = "at-ms"
    /// result of `interacted`: the promotion the host started.
    case promotion
  }
}
