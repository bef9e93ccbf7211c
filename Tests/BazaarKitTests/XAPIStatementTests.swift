import Foundation
import Testing
@testable import BazaarKit

/// xAPI statements from transcripts: ids, shapes and values written out by hand from the xAPI
/// 1.0.3 specification and from the transcript below (the ids were computed with Python's
/// `uuid.uuid5`, an independent implementation).
@Suite struct XAPIStatementTests {
  static let session = "3f2b6c1e-8d4a-4c1b-9a57-0e6f3d2b1c90"

  static let courseYAML = """
    id: shop
    version: "2"
    title: {zh: 开店, en: Opening a shop}
    languages: [zh, en]
    policy:
      pass_score: 0.6
    lessons:
      - id: basics
        title: {zh: 基础, en: Basics}
        steps:
          - id: c
            kind: choice
            prompt: {zh: 毛利率是多少？, en: What is the gross margin?}
            options:
              - text: "20%"
                correct: true
              - text: "25%"
          - id: n
            kind: number
            prompt: {zh: 加价率是百分之几？, en: The markup in percent?}
            answer: 25
            tolerance: 0.5
          - id: tf
            kind: truefalse
            prompt: {zh: 毛利率等于加价率。, en: Margin equals markup.}
            answer: false
          - id: o
            kind: order
            prompt: {zh: 排序, en: Put in order}
            items: [开场, 介绍, 收尾]
          - id: k
            kind: calc
            prompt:
              zh: "成本 {cost} 元，售价 {price} 元，毛利是多少元？"
              en: "Cost {cost}, price {price}: the margin in yuan?"
            vars:
              cost: {values: [8]}
              price: {values: [10]}
            formula: price - cost
            decimals: 2
            tolerance: 0.01
          - id: m
            kind: match
            prompt: {zh: 配对, en: Match}
            pairs:
              - {left: UV价值, right: GMV ÷ 观看人数}
              - {left: GPM, right: GMV × 1000 ÷ 观看人次}

    """

  static let transcript = """
    {"type":"header","format":"bazaar-transcript/1","session":"\(session)","learner":"迪丽努尔","course":{"id":"shop","version":"2","digest":"abc123"},"app":"0.1.0","started":"2026-12-06T08:00:00Z","seed":"迪丽努尔","kind":"lesson"}
    {"type":"lesson_start","t":"2026-12-06T08:00:00Z","ms":100,"lesson":"basics","step":0}
    {"type":"step","t":"2026-12-06T08:00:00Z","ms":100,"lesson":"basics","step":0,"question":"c"}
    {"type":"answer","t":"2026-12-06T08:00:10Z","ms":10000,"question":"c","raw":"Z","score":0,"invalid":true,"attempt":1,"elapsed_ms":9900}
    {"type":"hint","t":"2026-12-06T08:00:15Z","ms":15000,"question":"c","n":1}
    {"type":"answer","t":"2026-12-06T08:00:20Z","ms":20100,"question":"c","raw":"B","score":0,"invalid":false,"attempt":1,"elapsed_ms":20000}
    {"type":"answer","t":"2026-12-06T08:00:30Z","ms":30710,"question":"c","raw":"a.","score":0.9,"invalid":false,"attempt":2,"elapsed_ms":30610}
    {"type":"skip","t":"2026-12-06T08:00:40Z","ms":40000,"question":"n"}
    {"type":"lesson_end","t":"2026-12-06T08:00:50Z","ms":50250,"lesson":"basics","score":0.75}
    {"type":"end","t":"2026-12-06T08:00:51Z","ms":51000,"reason":"quit"}

    """

  func course() throws -> Course {
    let loaded = CourseLoader.parse(source: SourceText(path: "shop.yaml", text: Self.courseYAML))
    let errors = loaded.diagnostics.filter(\.isError).map { "\($0.code) \($0.message)" }
    try #require(errors.isEmpty, "\(errors)")
    return try #require(loaded.course)
  }

  func statements(_ text: String = XAPIStatementTests.transcript, course: Course? = nil) throws -> [XAPIJSON] {
    let contents = try TranscriptReader.parse(Array(text.utf8), path: "t.jsonl")
    return StatementMaker(profile: XAPIProfile(homePage: "https://kuqa.example", activityBase: "https://kuqa.example/xapi/"))
      .statements(contents, course: course)
  }

  static func string(_ v: XAPIJSON?) -> String? {
    if case .string(let s)? = v { return s }
    return nil
  }

  static func number(_ v: XAPIJSON?) -> Double? {
    switch v {
    case .double(let d)?: return d
    case .int(let i)?: return Double(i)
    default: return nil
    }
  }

  @Test func uuid5MatchesKnownValues() {
    // Python's documentation: uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org').
    #expect(UUIDv5.make(namespace: "6ba7b810-9dad-11d1-80b4-00c04fd430c8", name: "python.org") == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
    #expect(UUIDv5.make(namespace: XAPIProfile.urlNamespace, name: "https://example.com/a") == "6639460f-3425-5329-8097-a58f06127860")
    // The profile's namespaces are what docs/xapi.md says they are made from.
    #expect(UUIDv5.make(namespace: XAPIProfile.urlNamespace, name: "https://bazaar.invalid/xapi/statement") == XAPIProfile.statementNamespace)
    #expect(UUIDv5.make(namespace: XAPIProfile.urlNamespace, name: "https://bazaar.invalid/xapi/registration") == XAPIProfile.registrationNamespace)
    #expect(UUIDv5.make(namespace: "not-a-uuid", name: "x") == nil)
  }

  @Test func durationsHaveAtMostTwoDecimals() {
    #expect(StatementMaker.duration(ms: 0) == "PT0S")
    #expect(StatementMaker.duration(ms: 30610) == "PT30.61S")
    #expect(StatementMaker.duration(ms: 1235) == "PT1.24S")
    #expect(StatementMaker.duration(ms: 1234) == "PT1.23S")
    #expect(StatementMaker.duration(ms: 61000) == "PT1M1S")
    #expect(StatementMaker.duration(ms: 3_600_000) == "PT1H")
    #expect(StatementMaker.duration(ms: 3_725_500) == "PT1H2M5.5S")
    #expect(StatementMaker.duration(ms: -5) == "PT0S")
  }

  @Test func aLessonSittingGivesTheseStatementsInOrder() throws {
    let all = try statements(course: try course())
    let verbs = all.map { Self.string($0["verb"]?["id"]) ?? "" }
    // One statement per event (the step shown is `experienced`; the unread answer and the hint
    // are `interacted`), two for a lesson's end with a verdict.
    #expect(
      verbs == [
        "http://adlnet.gov/expapi/verbs/initialized", "http://adlnet.gov/expapi/verbs/experienced",
        "http://adlnet.gov/expapi/verbs/interacted", "http://adlnet.gov/expapi/verbs/interacted",
        "http://adlnet.gov/expapi/verbs/answered", "http://adlnet.gov/expapi/verbs/answered",
        "http://id.tincanapi.com/verb/skipped", "http://adlnet.gov/expapi/verbs/completed", "http://adlnet.gov/expapi/verbs/passed",
        "http://adlnet.gov/expapi/verbs/terminated",
      ])
    // Ids: the session and the event's line (the header is 0); the pass verdict is part 2 of line 8.
    #expect(
      all.map { Self.string($0["id"]) ?? "" } == [
        "d73bc606-8274-543f-80eb-bac3955a31f4", "dcf91197-7cb7-52f0-bfce-402a3884999f", "38d4018d-9419-5bf2-971d-e01994f046d6",
        "b87b041d-656b-53e7-b7f7-d13111887a0d", "0a59dd7a-68c0-502b-ae13-1098e3b17e68", "644144b8-f6e3-56de-9e30-24d35baf6670",
        "0067aabd-a3b8-56d0-bd09-f0efea4e76c9", "9536576d-a88c-535b-b4ed-cce2562fc016", "561d07bf-346d-5d99-a3d2-41c8aa89a21e",
        "f5ccba4d-8bae-5202-b55a-bd68e3bcce7d",
      ])
    // The step shows question c; the unread "Z" is its response, with no score.
    #expect(Self.string(all[1]["object"]?["id"]) == "https://kuqa.example/xapi/course/shop/question/c")
    #expect(Self.string(all[2]["result"]?["response"]) == "Z")
    #expect(all[2]["result"]?["score"] == nil && all[2]["result"]?["success"] == nil)
    #expect(Self.string(all[3]["object"]?["id"]) == "https://kuqa.example/xapi/course/shop/question/c")
    // The terminated sitting: no lesson open after lesson_end, so the course.
    #expect(Self.string(all[9]["object"]?["id"]) == "https://kuqa.example/xapi/course/shop")
    #expect(Self.string(all[0]["object"]?["id"]) == "https://kuqa.example/xapi/course/shop/lesson/basics")
  }

  @Test func anAnswerCarriesWhatWasTypedItsScoreTimeTryAndHints() throws {
    let answered = try statements(course: try course())[5]
    let result = try #require(answered["result"])
    #expect(Self.string(result["response"]) == "a.")
    #expect(Self.number(result["score"]?["scaled"]) == 0.9)
    #expect(Self.number(result["score"]?["raw"]) == 0.9)
    #expect(Self.number(result["score"]?["min"]) == 0)
    #expect(Self.number(result["score"]?["max"]) == 1)
    #expect(result["success"] == .bool(false))  // 0.9 is not full marks
    #expect(Self.string(result["duration"]) == "PT30.61S")
    #expect(Self.number(result["extensions"]?["https://kuqa.example/xapi/extensions/attempt"]) == 2)
    #expect(Self.number(result["extensions"]?["https://kuqa.example/xapi/extensions/hints"]) == 1)
    #expect(Self.string(answered["timestamp"]) == "2026-12-06T08:00:30.710Z")
    // The first graded answer: hint shown before it, first try, wrong.
    let first = try statements(course: try course())[4]
    #expect(first["result"]?["success"] == .bool(false))
    #expect(Self.number(first["result"]?["extensions"]?["https://kuqa.example/xapi/extensions/hints"]) == 1)
  }

  @Test func theQuestionIsACmiInteractionWithItsRightAnswerInTheAuthorsLettering() throws {
    let object = try #require(try statements(course: try course())[4]["object"])
    #expect(Self.string(object["id"]) == "https://kuqa.example/xapi/course/shop/question/c")
    let d = try #require(object["definition"])
    #expect(Self.string(d["type"]) == "http://adlnet.gov/expapi/activities/cmi.interaction")
    #expect(Self.string(d["interactionType"]) == "choice")
    #expect(d["correctResponsesPattern"] == .array([.string("a")]))
    #expect(Self.string(d["description"]?["zh-CN"]) == "毛利率是多少？")
    #expect(Self.string(d["description"]?["en-US"]) == "What is the gross margin?")
    // A plain string serves every language: "und" (undetermined), as RFC 5646 says.
    #expect(
      d["choices"]
        == .array([
          .object(["id": .string("a"), "description": .object(["und": .string("20%")])]),
          .object(["id": .string("b"), "description": .object(["und": .string("25%")])]),
        ]))
  }

  @Test func eachKindHasItsInteractionTypeAndPattern() throws {
    let c = try course()
    let maker = StatementMaker(profile: XAPIProfile())
    func definition(_ q: String) throws -> XAPIJSON {
      let text = """
        {"type":"header","format":"bazaar-transcript/1","session":"s1","learner":"a","course":{"id":"shop","version":"2","digest":"d"},"app":"0.1.0","started":"2026-12-06T08:00:00Z","seed":"a","kind":"lesson"}
        {"type":"answer","t":"2026-12-06T08:00:10Z","ms":10000,"question":"\(q)","raw":"x","score":1,"invalid":false,"attempt":1,"elapsed_ms":100}

        """
      let s = maker.statements(try TranscriptReader.parse(Array(text.utf8), path: "t.jsonl"), course: c)
      return try #require(s.first?["object"]?["definition"])
    }
    #expect(try definition("n")["interactionType"] == .string("numeric"))
    #expect(try definition("n")["correctResponsesPattern"] == .array([.string("24.5[:]25.5")]))
    #expect(try definition("tf")["interactionType"] == .string("true-false"))
    #expect(try definition("tf")["correctResponsesPattern"] == .array([.string("false")]))
    #expect(try definition("o")["interactionType"] == .string("sequencing"))
    #expect(try definition("o")["correctResponsesPattern"] == .array([.string("a[,]b[,]c")]))
    #expect(try definition("k")["interactionType"] == .string("numeric"))
    #expect(try definition("k")["correctResponsesPattern"] == nil)  // drawn per learner
    #expect(try definition("m")["interactionType"] == .string("matching"))
    #expect(try definition("m")["correctResponsesPattern"] == .array([.string("1[.]a[,]2[.]b")]))
    // Not in the course this build has: still a statement, of an interaction of type "other".
    #expect(try definition("gone")["interactionType"] == .string("other"))
  }

  @Test func aCalcAnswerCarriesTheValuesThisLearnerWasGiven() throws {
    let text = """
      {"type":"header","format":"bazaar-transcript/1","session":"s2","learner":"a","course":{"id":"shop","version":"2","digest":"d"},"app":"0.1.0","started":"2026-12-06T08:00:00Z","seed":"a","kind":"lesson"}
      {"type":"answer","t":"2026-12-06T08:00:10Z","ms":10000,"question":"k","raw":"2元","score":1,"invalid":false,"attempt":1,"elapsed_ms":100}
      {"type":"answer","t":"2026-12-06T08:00:11Z","ms":11000,"question":"c","raw":"a","score":1,"invalid":false,"attempt":1,"elapsed_ms":100}

      """
    let s = try statements(text, course: try course())
    #expect(s[0]["result"]?["extensions"]?["https://kuqa.example/xapi/extensions/values"] == .string("cost=8, price=10"))
    #expect(s[1]["result"]?["extensions"]?["https://kuqa.example/xapi/extensions/values"] == nil)
  }

  @Test func theLearnerIsAnAccountAtTheCentreNeverAnEmail() throws {
    let actor = try #require(try statements()[0]["actor"])
    #expect(actor["objectType"] == .string("Agent"))
    #expect(actor["mbox"] == nil)
    #expect(actor["account"]?["homePage"] == .string("https://kuqa.example"))
    #expect(actor["account"]?["name"] == .string(try LearnerName("迪丽努尔").key))
  }

  @Test func contextNamesTheSessionTheCourseAndTheLesson() throws {
    let context = try #require(try statements(course: try course())[4]["context"])
    #expect(context["registration"] == .string(Self.session))
    #expect(context["platform"] == .string("Bazaar"))
    #expect(Self.string(context["contextActivities"]?["parent"].flatMap { if case .array(let a) = $0 { a.first } else { nil } }?["id"])
      == "https://kuqa.example/xapi/course/shop/lesson/basics")
    #expect(Self.string(context["contextActivities"]?["grouping"].flatMap { if case .array(let a) = $0 { a.first } else { nil } }?["id"])
      == "https://kuqa.example/xapi/course/shop")
    #expect(context["extensions"]?["https://kuqa.example/xapi/extensions/course-digest"] == .string("abc123"))
    #expect(context["extensions"]?["https://kuqa.example/xapi/extensions/app-version"] == .string("0.1.0"))
    // What rebuilding the transcript needs: its header but the learner, and the event's line but
    // what `result.response` holds (written out from the transcript above).
    #expect(
      context["extensions"]?["https://kuqa.example/xapi/extensions/session"] == .object([
        "format": .string("bazaar-transcript/1"), "session": .string(Self.session),
        "course": .object(["id": .string("shop"), "version": .string("2"), "digest": .string("abc123")]),
        "app": .string("0.1.0"), "started": .string("2026-12-06T08:00:00Z"), "seed": .string("迪丽努尔"), "kind": .string("lesson"),
      ]))
    #expect(
      context["extensions"]?["https://kuqa.example/xapi/extensions/event"] == .object([
        "type": .string("answer"), "t": .string("2026-12-06T08:00:20Z"), "ms": .int(20100), "question": .string("c"),
        "score": .double(0), "invalid": .bool(false), "attempt": .int(1), "elapsed_ms": .int(20000),
      ]))
  }

  @Test func aSessionIdThatIsNotAUUIDIsRegisteredByItsOwnUUID() throws {
    let text = Self.transcript.replacingOccurrences(of: Self.session, with: "seed:learner-1")
    let context = try #require(try statements(text)[0]["context"])
    #expect(context["registration"] == .string("807f15e1-f4b8-550a-9f8d-f445665fb33b"))
  }

  @Test func theSameTranscriptAlwaysGivesTheSameStatementsAndATornCopyASubset() throws {
    let whole = try statements(course: try course())
    #expect(whole == (try statements(course: try course())))
    // A copy cut by a power cut in its last line: the events before it keep their ids.
    var lines = Self.transcript.split(separator: "\n").map(String.init)
    lines[lines.count - 1] = String(lines[lines.count - 1].prefix(20))
    let torn = try statements(lines.joined(separator: "\n"), course: try course())
    #expect(torn.count == whole.count - 1)
    #expect(torn.map { $0["id"] } == whole.dropLast().map { $0["id"] })
  }

  @Test func withoutTheCoursesPassMarkThereIsNoVerdict() throws {
    let verbs = try statements().map { Self.string($0["verb"]?["id"]) ?? "" }
    #expect(!verbs.contains("http://adlnet.gov/expapi/verbs/passed"))
    #expect(!verbs.contains("http://adlnet.gov/expapi/verbs/failed"))
    #expect(verbs.contains("http://adlnet.gov/expapi/verbs/completed"))
  }

  @Test func underThePassMarkTheLessonIsFailed() throws {
    let text = Self.transcript.replacingOccurrences(of: "\"score\":0.75", with: "\"score\":0.5")
    let verbs = try statements(text, course: try course()).map { Self.string($0["verb"]?["id"]) ?? "" }
    #expect(verbs.contains("http://adlnet.gov/expapi/verbs/failed"))
    #expect(!verbs.contains("http://adlnet.gov/expapi/verbs/passed"))
  }

  @Test func idsAreOneIRISegmentEachWhateverTheyHold() {
    #expect(XAPIProfile.segment("定价/1") == "%E5%AE%9A%E4%BB%B7%2F1")
    #expect(XAPIProfile.segment("taobao-title_bytes.2~") == "taobao-title_bytes.2~")
    #expect(XAPIProfile.segment("") == "-")
  }
}
