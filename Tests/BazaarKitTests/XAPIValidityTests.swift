import Foundation
import Testing
@testable import BazaarKit

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().path

/// Every statement made from the shipped transcripts (transcripts/class and transcripts/samples,
/// with the shipped courses) keeps the rules of xAPI 1.0.3 that an LRS checks. The rules are
/// written from the specification (part two: data), not from what Bazaar writes.
@Suite struct XAPIValidityTests {
  static let interactionTypes: Set<String> = [
    "true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing", "likert", "numeric", "other",
  ]

  /// RFC 5646 language tags as xAPI uses them: a language (2–3 letters, or `und`), an optional
  /// script (4 letters) and an optional region (2 letters or 3 digits).
  static func isLanguageTag(_ s: String) -> Bool {
    s.range(of: #"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?$"#, options: .regularExpression) != nil
  }

  /// An absolute IRI (RFC 3987): a scheme, a colon, then no spaces or characters IRIs exclude.
  static func isIRI(_ s: String) -> Bool {
    s.range(of: #"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>"{}|\^`]+$"#, options: .regularExpression) != nil
  }

  /// ISO 8601 durations with at most 2 decimals on the seconds (xAPI 4.6: an LRS may truncate more).
  static func isDuration(_ s: String) -> Bool {
    s.range(of: #"^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$"#, options: .regularExpression) != nil
  }

  static func isTimestamp(_ s: String) -> Bool {
    s.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$"#, options: .regularExpression) != nil
  }

  func statements() throws -> [XAPIJSON] {
    var courses: [String: BatchGrader.CourseEntry] = [:]
    for entry in CourseCatalog(folders: [packageRoot + "/courses"]).entries {
      guard let course = entry.loaded.course, courses[course.id] == nil else { continue }
      courses[course.id] = BatchGrader.CourseEntry(course: course, lexicons: LexiconLibrary().resolve(entry.loaded, coursePath: course.path).0)
    }
    try #require(courses.count >= 4)
    var all: [XAPIJSON] = []
    let summary = XAPIExport(courses: courses, maker: StatementMaker(profile: XAPIProfile()))
      .run([packageRoot + "/transcripts/class", packageRoot + "/transcripts/samples"]) { _, _, s in all += s }
    try #require(summary.transcripts >= 20)
    #expect(summary.skipped.isEmpty, "\(summary.skipped)")
    return all
  }

  func problems(_ st: XAPIJSON) -> [String] {
    var out: [String] = []
    func check(_ ok: Bool, _ what: @autoclosure () -> String) { if !ok { out.append(what()) } }
    func string(_ v: XAPIJSON?) -> String? { if case .string(let s)? = v { s } else { nil } }
    func number(_ v: XAPIJSON?) -> Double? {
      switch v {
      case .double(let d)?: d
      case .int(let i)?: Double(i)
      default: nil
      }
    }
    func languageMap(_ v: XAPIJSON?, _ what: String) {
      guard let v else { return }
      guard case .object(let map) = v, !map.isEmpty else { return check(false, "\(what) is not a language map") }
      for (k, text) in map {
        check(Self.isLanguageTag(k), "\(what): \(k) is not a language tag")
        check(string(text) != nil, "\(what): \(k) is not a string")
      }
    }
    func activity(_ a: XAPIJSON?, _ what: String) {
      guard let a else { return check(false, "\(what) missing") }
      check(string(a["objectType"]) == "Activity", "\(what).objectType")
      check(string(a["id"]).map(Self.isIRI) ?? false, "\(what).id is not an IRI")
      guard let d = a["definition"] else { return }
      check(string(d["type"]).map(Self.isIRI) ?? true, "\(what).definition.type is not an IRI")
      languageMap(d["name"], "\(what).definition.name")
      languageMap(d["description"], "\(what).definition.description")
      if let t = d["interactionType"] {
        check(string(t).map(Self.interactionTypes.contains) ?? false, "\(what): interactionType \(t)")
        check(string(d["type"]) == "http://adlnet.gov/expapi/activities/cmi.interaction", "\(what): an interaction's type")
      }
      if let p = d["correctResponsesPattern"] {
        guard case .array(let ps) = p else { return check(false, "\(what): correctResponsesPattern is not an array") }
        check(ps.allSatisfy { string($0) != nil }, "\(what): a pattern is not a string")
      }
      for key in ["choices", "scale", "source", "target", "steps"] {
        guard let list = d[key] else { continue }
        guard case .array(let items) = list else {
          check(false, "\(what).\(key) is not an array")
          continue
        }
        check(Set(items.compactMap { string($0["id"]) }).count == items.count, "\(what).\(key): ids missing or not unique")
        for i in items { languageMap(i["description"], "\(what).\(key).description") }
      }
    }
    func extensions(_ v: XAPIJSON?, _ what: String) {
      guard let v else { return }
      guard case .object(let map) = v else { return check(false, "\(what) is not an object") }
      for k in map.keys { check(Self.isIRI(k), "\(what): key \(k) is not an IRI") }
    }

    check(string(st["id"]).map(UUIDv5.isUUID) ?? false, "id is not a UUID")
    // Actor: an Agent identified by exactly one inverse functional identifier, here an account.
    let actor = st["actor"]
    check(string(actor?["objectType"]) == "Agent", "actor.objectType")
    let ifis = ["mbox", "mbox_sha1sum", "openid", "account"].filter { actor?[$0] != nil }
    check(ifis == ["account"], "actor has \(ifis), not exactly one account")
    check(string(actor?["account"]?["homePage"]).map(Self.isIRI) ?? false, "account.homePage is not an IRI")
    check(!(string(actor?["account"]?["name"]) ?? "").isEmpty, "account.name is empty")
    // Verb.
    check(string(st["verb"]?["id"]).map(Self.isIRI) ?? false, "verb.id is not an IRI")
    languageMap(st["verb"]?["display"], "verb.display")
    activity(st["object"], "object")
    check(string(st["timestamp"]).map(Self.isTimestamp) ?? false, "timestamp")
    if let r = st["result"] {
      if let score = r["score"] {
        let scaled = number(score["scaled"]), raw = number(score["raw"]), lo = number(score["min"]), hi = number(score["max"])
        if let scaled { check((-1...1).contains(scaled), "score.scaled \(scaled) outside -1…1") }
        if let lo, let hi { check(lo < hi, "score.min ≥ score.max") }
        if let raw, let lo { check(raw >= lo, "score.raw below min") }
        if let raw, let hi { check(raw <= hi, "score.raw above max") }
      }
      if let s = r["success"] { check(s == .bool(true) || s == .bool(false), "success is not a boolean") }
      if let c = r["completion"] { check(c == .bool(true) || c == .bool(false), "completion is not a boolean") }
      if let d = r["duration"] { check(string(d).map(Self.isDuration) ?? false, "duration \(d)") }
      if let response = r["response"] { check(string(response) != nil, "response is not a string") }
      extensions(r["extensions"], "result.extensions")
    }
    if let c = st["context"] {
      check(string(c["registration"]).map(UUIDv5.isUUID) ?? false, "context.registration is not a UUID")
      if let l = c["language"] { check(string(l).map(Self.isLanguageTag) ?? false, "context.language") }
      if let ca = c["contextActivities"] {
        guard case .object(let kinds) = ca else { return out + ["contextActivities is not an object"] }
        for (kind, list) in kinds {
          check(["parent", "grouping", "category", "other"].contains(kind), "contextActivities.\(kind)")
          guard case .array(let items) = list else {
            check(false, "contextActivities.\(kind) is not an array")
            continue
          }
          for i in items { activity(i, "contextActivities.\(kind)") }
        }
      }
      extensions(c["extensions"], "context.extensions")
    }
    return out
  }

  @Test func everyStatementFromTheShippedTranscriptsIsValidXAPI() throws {
    let all = try statements()
    var found: [String] = []
    for (i, st) in all.enumerated() {
      for p in problems(st) where found.count < 20 { found.append("statement \(i): \(p)") }
    }
    #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    // Ids never repeat across the class.
    let ids = all.compactMap { if case .string(let s)? = $0["id"] { s } else { nil } }
    #expect(Set(ids).count == all.count)
  }

  @Test func theShippedClassHasEveryKindOfStatement() throws {
    let verbs = Set(try statements().compactMap { if case .string(let s)? = $0["verb"]?["id"] { s } else { nil } })
    for v in XAPIProfile.Verb.allCases where v != .skipped && v != .interacted && v != .failed {
      #expect(verbs.contains(v.iri), "no \(v) statement")
    }
  }

  /// The checks above can fail: a statement with each rule broken is caught.
  @Test func theChecksCatchBrokenStatements() {
    let good: XAPIJSON = .object([
      "id": .string("0a59dd7a-68c0-502b-ae13-1098e3b17e68"),
      "actor": .object(["objectType": .string("Agent"), "account": .object(["homePage": .string("https://a.example"), "name": .string("x")])]),
      "verb": .object(["id": .string("http://adlnet.gov/expapi/verbs/answered"), "display": .object(["en-US": .string("answered")])]),
      "object": .object(["objectType": .string("Activity"), "id": .string("https://a.example/q")]),
      "timestamp": .string("2026-12-06T08:00:30.710Z"),
      "result": .object(["duration": .string("PT30.61S"), "score": .object(["scaled": .double(0.5)])]),
    ])
    #expect(problems(good).isEmpty, "\(problems(good))")
    func broken(_ change: (inout [String: XAPIJSON]) -> Void) -> XAPIJSON {
      guard case .object(var o) = good else { return good }
      change(&o)
      return .object(o)
    }
    #expect(!problems(broken { $0["id"] = .string("not-a-uuid") }).isEmpty)
    #expect(!problems(broken { $0["result"] = .object(["duration": .string("PT30.613S")]) }).isEmpty)
    #expect(!problems(broken { $0["result"] = .object(["score": .object(["scaled": .double(1.5)])]) }).isEmpty)
    #expect(!problems(broken { $0["verb"] = .object(["id": .string("answered")]) }).isEmpty)
    #expect(!problems(broken { $0["verb"] = .object(["id": .string("http://x.example/v"), "display": .object(["english": .string("x")])]) }).isEmpty)
    #expect(
      !problems(
        broken {
          $0["actor"] = .object(["objectType": .string("Agent"), "mbox": .string("mailto:a@b.example"),
                                 "account": .object(["homePage": .string("https://a.example"), "name": .string("x")])])
        }
      ).isEmpty)
    #expect(
      !problems(
        broken {
          $0["object"] = .object(["objectType": .string("Activity"), "id": .string("https://a.example/q"),
                                  "definition": .object(["interactionType": .string("essay")])])
        }
      ).isEmpty)
  }
}
