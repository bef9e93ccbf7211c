import Foundation

/// xAPI statements (1.0.3) from a transcript: the transcript stays the record, and these are
/// derived from it, the same on every PC and in every run (ids are version-5 UUIDs of the session
/// and the event's position). See docs/xapi.md for the profile.
///
/// Lessons: `initialized` when a lesson begins in a sitting; `answered` for every graded answer
/// (not for input that was not read as an answer); `skipped`; `completed` when a lesson ends, with
/// `passed` or `failed` against the course's pass mark; `terminated` when the sitting ends.
/// Live shows: `initialized`, `commented` for each host line, `interacted` for each promotion,
/// `completed` with the score, the six dimensions and the dashboard, `terminated`.
public struct StatementMaker: Sendable {
  public var profile: XAPIProfile

  public init(profile: XAPIProfile) { self.profile = profile }

  /// The statements of `transcript`, in event order. `course` (the one the transcript names, if
  /// found) gives questions their definitions and lessons their pass mark; `live` (a live
  /// transcript replayed against it) gives a show's dimensions and dashboard.
  public func statements(_ transcript: TranscriptContents, course: Course? = nil, live: LiveResult? = nil) -> [XAPIJSON] {
    var run = Run(maker: self, header: transcript.header, course: course)
    let isLive = transcript.header.kind == "live"
    for (i, entry) in transcript.events.enumerated() {
      let position = i + 1
      run.entry = entry
      switch entry.event {
      case .lessonStart(let lesson, _, _):
        run.lesson = lesson
        run.add(.initialized, run.lessonObject(lesson), at: entry.ms, position: position)
      case .step(let lesson, _, let question):
        if let question {
          run.add(.experienced, run.questionObject(question), at: entry.ms, position: position, parent: lesson)
        } else {
          run.add(.experienced, run.lessonObject(lesson), at: entry.ms, position: position)
        }
      case .review(let question, let lesson, _):
        // A review card shown (`bazaar review`): as a question step; its answers follow as in a lesson.
        run.add(.experienced, run.questionObject(question), at: entry.ms, position: position, parent: lesson.isEmpty ? run.lessonOf(question) : lesson)
      case .answer(let q, let raw, let score, let invalid, let attempt, let elapsed):
        if invalid {
          // Typed, but not read as an answer (no attempt was used): not `answered`.
          run.add(.interacted, run.questionObject(q), result: .object(["response": .string(raw)]), at: entry.ms, position: position, parent: run.lessonOf(q))
          continue
        }
        run.add(
          .answered, run.questionObject(q), result: run.answerResult(q, raw, score, attempt, elapsed), at: entry.ms, position: position,
          parent: run.lessonOf(q))
      case .hint(let q, _):
        run.hints[q, default: 0] += 1
        run.add(.interacted, run.questionObject(q), at: entry.ms, position: position, parent: run.lessonOf(q))
      case .skip(let q):
        run.add(.skipped, run.questionObject(q), at: entry.ms, position: position, parent: run.lessonOf(q))
      case .lang(_, let to):
        run.language = to
        run.add(.interacted, run.lesson.map { run.lessonObject($0) } ?? run.courseObject, at: entry.ms, position: position)
      case .lessonEnd(let lesson, let score):
        run.add(
          .completed, run.lessonObject(lesson), result: run.lessonResult(score, lesson: lesson, completion: true), at: entry.ms,
          position: position)
        if let policy = course?.policy(ofLesson: lesson), let score {
          run.add(
            policy.passes(score) ? .passed : .failed, run.lessonObject(lesson),
            result: run.lessonResult(score, lesson: lesson, completion: true),
            at: entry.ms, position: position, part: 2)
        }
        if run.lesson == lesson { run.lesson = nil }
      case .liveStart(_, _, let language):
        run.language = language
        run.add(.initialized, run.liveObject(), at: entry.ms, position: position)
      case .host(let text, let at):
        run.add(.commented, run.liveObject(), result: .object(["response": .string(text), "extensions": .object([profile.extensionIRI(XAPIProfile.Extension.atMs.rawValue): .int(at)])]), at: entry.ms, position: position)
      case .promo(let id, let at):
        run.add(
          .interacted, run.liveObject(),
          result: .object(["extensions": .object([
            profile.extensionIRI(XAPIProfile.Extension.promotion.rawValue): .string(id),
            profile.extensionIRI(XAPIProfile.Extension.atMs.rawValue): .int(at),
          ])]), at: entry.ms, position: position)
      case .liveEnd(_, let score):
        run.add(.completed, run.liveObject(), result: run.liveResult(score, live), at: entry.ms, position: position)
      case .end:
        let object = isLive ? run.liveObject() : (run.lesson.map { run.lessonObject($0) } ?? run.courseObject)
        run.add(.terminated, object, at: entry.ms, position: position)
      case .unknown:
        continue
      }
    }
    return run.out
  }

  /// An xAPI duration (ISO 8601) of `ms` milliseconds: `PT12.34S`, at most 2 decimals on the seconds.
  public static func duration(ms: Int) -> String {
    let ms = max(0, ms)
    let hundredths = (ms + 5) / 10
    let (h, m, s, cs) = (hundredths / 360_000, hundredths / 6_000 % 60, hundredths / 100 % 60, hundredths % 100)
    var out = "PT"
    if h > 0 { out += "\(h)H" }
    if m > 0 { out += "\(m)M" }
    if s > 0 || cs > 0 || (h == 0 && m == 0) {
      out += cs == 0 ? "\(s)S" : (cs % 10 == 0 ? String(format: "%d.%dS", s, cs / 10) : String(format: "%d.%02dS", s, cs))
    }
    return out
  }

  /// The time of an event `ms` after `started`, to the millisecond: `2026-12-06T08:35:49.123Z`.
  static func timestamp(_ started: Date, ms: Int) -> String {
    let seconds = ISOTime.string(started.addingTimeInterval(Double(max(0, ms) / 1000)))
    guard seconds.hasSuffix("Z") else { return seconds }
    return String(seconds.dropLast()) + String(format: ".%03dZ", max(0, ms) % 1000)
  }

  /// An RFC 5646 tag for a course's language code (`zh` is written `zh-CN`, as in the verbs'
  /// display; a plain string with no language is `und`, undetermined).
  static func tag(_ code: String) -> String {
    switch code {
    case "": "und"
    case "zh": "zh-CN"
    case "en": "en-US"
    case "ug": "ug-CN"
    default: code
    }
  }
}

/// One transcript's statements as they are made.
private struct Run {
  let maker: StatementMaker
  let header: TranscriptHeader
  let course: Course?
  var profile: XAPIProfile { maker.profile }
  var out: [XAPIJSON] = []
  var lesson: String?
  var language: String?
  var hints: [String: Int] = [:]
  /// The event statements are being made from (its `event` extension).
  var entry: TranscriptEntry?
  let actor: XAPIJSON
  /// The `session` extension: the transcript's header but the learner (who is the actor).
  let sessionExtension: XAPIJSON
  let registration: String
  let questions: [String: (question: Question, lesson: String)]
  /// The course as an activity (every statement's grouping), made once.
  let courseObject: XAPIJSON
  /// Lessons and questions as activities, each made once per transcript.
  var objects: [String: XAPIJSON] = [:]

  init(maker: StatementMaker, header: TranscriptHeader, course: Course?) {
    self.maker = maker
    self.header = header
    self.course = course
    let key = (try? LearnerName(header.learner))?.key ?? header.learner
    actor = .object([
      "objectType": .string("Agent"), "name": .string(header.learner),
      "account": .object(["homePage": .string(maker.profile.homePage), "name": .string(key)]),
    ])
    sessionExtension = XAPIJSON(header.jsonFields.filter { $0.0 != "type" && $0.0 != "learner" })
    let session = header.session.lowercased()
    registration =
      UUIDv5.isUUID(session) ? session : (UUIDv5.make(namespace: XAPIProfile.registrationNamespace, name: header.session) ?? XAPIProfile.registrationNamespace)
    var qs: [String: (Question, String)] = [:]
    for l in course?.lessons ?? [] {
      for step in l.steps { if case .question(let q) = step.content, qs[q.id] == nil { qs[q.id] = (q, l.id) } }
    }
    questions = qs
    courseObject = Self.activity(maker.profile.course(header.course.id), .course, name: course?.title)
  }

  /// The lesson a question is in (else the one running): its statement's parent.
  func lessonOf(_ question: String) -> String? { questions[question]?.lesson ?? lesson }

  /// `object`'s statement; `parent`, a lesson, is the object's parent activity.
  mutating func add(
    _ verb: XAPIProfile.Verb, _ object: XAPIJSON, result: XAPIJSON? = nil, at ms: Int, position: Int, part: Int = 1, parent: String? = nil
  ) {
    let name = header.session + "#" + String(position) + (part > 1 ? "/" + String(part) : "")
    var statement: [String: XAPIJSON] = [
      "id": .string(UUIDv5.make(namespace: XAPIProfile.statementNamespace, name: name) ?? XAPIProfile.statementNamespace),
      "actor": actor,
      "verb": .object(["id": .string(verb.iri), "display": .object(verb.display.mapValues { .string($0) })]),
      "object": object,
      "timestamp": .string(StatementMaker.timestamp(header.started, ms: ms)),
      "context": context(for: object, parent: parent.map { lessonObject($0) }, position: position, event: part == 1 ? entry : nil),
    ]
    if let result { statement["result"] = result }
    out.append(.object(statement))
  }

  func context(for object: XAPIJSON, parent: XAPIJSON?, position: Int, event: TranscriptEntry?) -> XAPIJSON {
    var activities: [String: XAPIJSON] = [:]
    if object["id"] != courseObject["id"] { activities["grouping"] = .array([courseObject]) }
    if let parent { activities["parent"] = .array([parent]) }
    var extensions: [String: XAPIJSON] = [
      profile.extensionIRI(XAPIProfile.Extension.courseDigest.rawValue): .string(header.course.digest),
      profile.extensionIRI(XAPIProfile.Extension.courseVersion.rawValue): .string(header.course.version),
      profile.extensionIRI(XAPIProfile.Extension.appVersion.rawValue): .string(header.app),
      profile.extensionIRI(XAPIProfile.Extension.position.rawValue): .int(position),
      profile.extensionIRI(XAPIProfile.Extension.session.rawValue): sessionExtension,
    ]
    // The transcript line itself, but the text already in `result.response` (an answer's `raw`,
    // a host line's `text`): so the transcript can be rebuilt from the LRS exactly
    // (``TranscriptRebuilder``).
    if let event {
      extensions[profile.extensionIRI(XAPIProfile.Extension.event.rawValue)] = XAPIJSON(
        event.jsonFields.filter { $0.0 != "raw" && $0.0 != "text" })
    }
    var context: [String: XAPIJSON] = [
      "registration": .string(registration),
      "platform": .string("Bazaar"),
      "extensions": .object(extensions),
    ]
    if !activities.isEmpty { context["contextActivities"] = .object(activities) }
    if let language, !language.isEmpty { context["language"] = .string(StatementMaker.tag(language)) }
    return .object(context)
  }

  // MARK: Objects

  static func activity(_ id: String, _ type: XAPIProfile.ActivityType, name: Localized? = nil, extra: [String: XAPIJSON] = [:]) -> XAPIJSON {
    var definition: [String: XAPIJSON] = ["type": .string(type.iri)]
    if let name, let map = Self.languageMap(name, limit: 120) { definition["name"] = map }
    for (k, v) in extra { definition[k] = v }
    return .object(["objectType": .string("Activity"), "id": .string(id), "definition": .object(definition)])
  }

  mutating func lessonObject(_ id: String) -> XAPIJSON {
    if let made = objects["l\u{1}" + id] { return made }
    let made = Self.activity(profile.lesson(header.course.id, id), .lesson, name: course?.lessons.first { $0.id == id }?.title)
    objects["l\u{1}" + id] = made
    return made
  }

  func liveObject() -> XAPIJSON {
    let id = header.scenario ?? "live"
    return Self.activity(profile.live(header.course.id, id), .simulation, name: course?.scenarios.first { $0.id == id }?.title)
  }

  mutating func questionObject(_ id: String) -> XAPIJSON {
    if let made = objects["q\u{1}" + id] { return made }
    let made = makeQuestionObject(id)
    objects["q\u{1}" + id] = made
    return made
  }

  func makeQuestionObject(_ id: String) -> XAPIJSON {
    let iri = profile.question(header.course.id, id)
    guard let q = questions[id]?.question else {
      return Self.activity(iri, .interaction, extra: ["interactionType": .string("other")])
    }
    var extra: [String: XAPIJSON] = [:]
    if let description = Self.languageMap(q.prompt, limit: nil) { extra["description"] = description }
    func components(_ items: [(String, Localized)]) -> XAPIJSON {
      .array(items.map { id, text in
        var c: [String: XAPIJSON] = ["id": .string(id)]
        if let d = Self.languageMap(text, limit: 200) { c["description"] = d }
        return .object(c)
      })
    }
    func letter(_ i: Int) -> String { Presentation.letter(i).lowercased() }
    var type = "other"
    var patterns: [String] = []
    switch q.kind {
    case .choice(let k):
      type = "choice"
      extra["choices"] = components(k.options.enumerated().map { (letter($0.offset), $0.element.text) })
      let right = k.options.enumerated().filter(\.element.correct).map { letter($0.offset) }
      if !right.isEmpty { patterns = [right.joined(separator: "[,]")] }
    case .trueFalse(let b):
      type = "true-false"
      patterns = [b ? "true" : "false"]
    case .short(let k):
      type = "fill-in"
      patterns = k.answers.compactMap { a in
        guard a.credit >= 1, case .text(let s) = a.match, !s.contains("[,]") else { return nil }
        return (k.caseSensitive ? "{case_matters=true}" : "") + s
      }
    case .number(let k):
      type = "numeric"
      patterns = k.answers.compactMap { a in
        guard a.credit >= 1 else { return nil }
        switch a.target {
        case .value(let v, let tolerance):
          guard let tolerance else { return Self.number(v) }
          let w = tolerance.width(around: v)
          return w > 0 ? Self.number(v - w) + "[:]" + Self.number(v + w) : Self.number(v)
        case .range(let r): return Self.number(r.lowerBound) + "[:]" + Self.number(r.upperBound)
        }
      }
    case .calc:
      type = "numeric"  // the right value is drawn per learner: no pattern
    case .order(let k):
      type = "sequencing"
      extra["choices"] = components(k.items.enumerated().map { (letter($0.offset), $0.element) })
      patterns = [k.items.indices.map(letter).joined(separator: "[,]")]
    case .match(let k):
      type = "matching"
      extra["source"] = components(k.pairs.enumerated().map { (String($0.offset + 1), $0.element.left) })
      extra["target"] = components(k.pairs.enumerated().map { (letter($0.offset), $0.element.right) })
      patterns = [k.pairs.indices.map { String($0 + 1) + "[.]" + letter($0) }.joined(separator: "[,]")]
    case .listing, .pitch:
      type = "long-fill-in"
    }
    extra["interactionType"] = .string(type)
    if !patterns.isEmpty { extra["correctResponsesPattern"] = .array(patterns.map { .string($0) }) }
    return Self.activity(iri, .interaction, name: q.prompt, extra: extra)
  }

  static func number(_ v: Double) -> String { NumberReader.format(v, maxDecimals: 9) }

  /// `x` to `places` decimals, so a statement says 0.832, not 0.8320000000000001 (a score, a
  /// rate) or 56.3 yuan, not 56.29999999999999.
  static func round(_ x: Double, _ places: Int = 4) -> XAPIJSON {
    guard x.isFinite else { return .double(0) }
    let f = Foundation.pow(10, Double(max(0, min(places, 9))))
    return .double((x * f).rounded() / f)
  }

  /// A language map: each of the text's languages by its RFC 5646 tag (the first line only, cut to
  /// `limit` characters, when a name is wanted).
  static func languageMap(_ text: Localized, limit: Int?) -> XAPIJSON? {
    var map: [String: XAPIJSON] = [:]
    for e in text.entries {
      var s = Sanitize.line(limit == nil ? e.text : String(e.text.split(separator: "\n", omittingEmptySubsequences: true).first ?? ""))
      if let limit, s.count > limit { s = String(s.prefix(limit - 1)) + "…" }
      let tag = StatementMaker.tag(e.language)
      if map[tag] == nil, !s.isEmpty { map[tag] = .string(s) }
    }
    return map.isEmpty ? nil : .object(map)
  }

  // MARK: Results

  func answerResult(_ q: String, _ raw: String, _ score: Double, _ attempt: Int, _ elapsedMs: Int) -> XAPIJSON {
    let s = Clamp.unit(score)
    let points = questions[q]?.question.points ?? 1
    let max = points > 0 && points.isFinite ? points : 1
    var extensions: [String: XAPIJSON] = [
      profile.extensionIRI(XAPIProfile.Extension.attempt.rawValue): .int(attempt),
      profile.extensionIRI(XAPIProfile.Extension.hints.rawValue): .int(hints[q] ?? 0),
    ]
    // A calc question's values are drawn per learner, from the sitting's seed (as the runner drew them).
    if let question = questions[q]?.question, case .calc = question.kind,
      let values = CalcVariants.key(Presentation(question, seed: header.seed))
    {
      extensions[profile.extensionIRI(XAPIProfile.Extension.values.rawValue)] = .string(values)
    }
    return .object([
      "response": .string(raw),
      "score": .object(["scaled": Self.round(s), "raw": Self.round(s * max), "min": .double(0), "max": .double(max)]),
      "success": .bool(s >= 1 - 1e-9),
      "duration": .string(StatementMaker.duration(ms: elapsedMs)),
      "extensions": .object(extensions),
    ])
  }

  func lessonResult(_ score: Double?, lesson: String, completion: Bool) -> XAPIJSON {
    var r: [String: XAPIJSON] = ["completion": .bool(completion)]
    if let score {
      let s = Clamp.unit(score)
      r["score"] = .object(["scaled": Self.round(s), "raw": Self.round(s * 100, 2), "min": .double(0), "max": .double(100)])
      if let policy = course?.policy(ofLesson: lesson) { r["success"] = .bool(policy.passes(s)) }
    }
    return .object(r)
  }

  func liveResult(_ score: Double, _ live: LiveResult?) -> XAPIJSON {
    let raw = min(100, max(0, score.isFinite ? score : 0))
    var r: [String: XAPIJSON] = [
      "completion": .bool(true),
      "score": .object(["scaled": Self.round(raw / 100), "raw": Self.round(raw, 2), "min": .double(0), "max": .double(100)]),
    ]
    if let live {
      var ext: [String: XAPIJSON] = [:]
      ext[profile.extensionIRI(XAPIProfile.Extension.dimensions.rawValue)] = .object(
        Dictionary(live.dimensions.map { ($0.dimension.rawValue, Self.round(Clamp.unit($0.fraction))) }, uniquingKeysWith: { a, _ in a }))
      let d = live.dashboard
      ext[profile.extensionIRI(XAPIProfile.Extension.dashboard.rawValue)] = .object([
        "gmv": Self.round(d.gmv, 2), "orders": .int(d.orders), "units": .int(d.units), "uv": .int(d.uniqueViewers),
        "peak_online": .int(d.peakOnline), "average_online": Self.round(d.averageOnline, 2), "entries": .int(d.entries),
        "average_stay_seconds": Self.round(d.averageStaySeconds, 2), "interaction_rate": Self.round(d.interactionRate),
        "comments": .int(d.comments), "conversion": Self.round(d.conversion), "uv_value": Self.round(d.uvValue, 2), "gpm": Self.round(d.gpm, 2),
        "average_order_value": Self.round(d.averageOrderValue, 2), "warnings": .int(d.warnings), "complaints": .int(d.complaints),
        "left_unanswered": .int(d.leftUnanswered),
      ])
      r["extensions"] = .object(ext)
    }
    return .object(r)
  }
}
