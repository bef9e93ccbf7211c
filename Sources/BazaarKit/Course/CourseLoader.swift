import Yams

/// What loading a course file gave: the course (when it could be built) and every finding.
public struct LoadedCourse: Sendable {
  /// The course, or nil when the file has errors (a course with errors is never run).
  public var course: Course?
  /// As much of the course as could be built, even with errors (for lint's self-check).
  public var partial: Course?
  /// Every finding, in file order.
  public var diagnostics: [Diagnostic]
  /// Lexicon names the course refers to, with where (for resolution and E023).
  public var lexiconRefs: [(name: String, location: SourceLocation)]
  /// The cue words of live scenarios, with where they are written (lint checks them against the lexicons, E037).
  public var liveCues: [LiveCueRef] = []
  /// Pitch concepts that take their cues from a cue topic, with the question's own lexicons and
  /// where the topic is written (lint checks that a cue lexicon lists the topic, E040).
  public var conceptTopics: [ConceptTopicRef] = []
  /// Phrase families that concepts, short answers and scenario topics refer to (lint checks that a
  /// lexicon defines each, E042).
  public var familyRefs: [FamilyRef] = []
  /// The question banks the course includes, in order: their paths and digests.
  public var includedPaths: [String] = []
  public var includedDigests: [String] = []
}

/// A reference to a phrase family, for lint.
public struct FamilyRef: Sendable {
  public var family: String
  public var lexicons: [String]
  public var location: SourceLocation
}

/// A pitch concept's `topic:`, for lint.
public struct ConceptTopicRef: Sendable {
  public var topic: String
  public var lexicons: [String]
  public var location: SourceLocation
}

/// Turns course YAML into a typed `Course`, collecting every finding with its position.
public enum CourseLoader {
  /// The newest course format this build reads.
  public static let formatVersion = 1

  static let questionKinds = CourseFormat.questionKinds.map(\.kind)
  /// Every `kind:` a step may have: the question kinds and `live` (a live-selling scenario).
  static let stepKinds = questionKinds + ["live"]
  /// The keys every question has, and each kind's own: from the format's tables (CourseFormat).
  static let commonQuestionKeys = CourseFormat.commonQuestionKeys.map(\.name)
  static let kindKeys: [String: [String]] = Dictionary(
    uniqueKeysWithValues: CourseFormat.questionKinds.map { ($0.kind, CourseFormat.kindKeys($0.kind)) })

  /// Keys allowed in a question of each kind.
  static let knownKeys: [String: [String]] = kindKeys.mapValues { commonQuestionKeys + $0 }

  /// For each kind: keys that belong to other kinds only, and which kinds ("tolerance" → ["number", "calc"]).
  static let elsewhere: [String: [String: [String]]] = {
    var result: [String: [String: [String]]] = [:]
    for kind in questionKinds {
      let specific = kindKeys[kind] ?? []
      var owners: [String: [String]] = [:]
      for other in questionKinds where other != kind {
        for k in kindKeys[other] ?? [] where !specific.contains(k) { owners[k, default: []].append(other) }
      }
      result[kind] = owners
    }
    return result
  }()

  /// Loads the course at `path`, reading through `fileSystem`; diagnostics are written in `messages`' language.
  public static func load(
    path: String, fileSystem: any FileSystem = LocalFileSystem(), messages: MessageCatalog = .english
  ) -> LoadedCourse {
    let bytes: [UInt8]
    do {
      if case .file(let size) = fileSystem.kind(of: path), size > SourceText.maxBytes {
        return failed(
          Diagnostic(
            code: "E002", severity: .error, location: SourceLocation(path: path, line: 1, column: 1),
            message: messages.text(
              "lint.E002.tooBig",
              ["size": SourceText.megabytes(size), "limit": SourceText.megabytes(SourceText.maxBytes)])))
      }
      bytes = try fileSystem.read(path)
    } catch {
      return failed(Diagnostic(code: "E001", severity: .error, location: nil, message: error.message(messages)))
    }
    return parse(bytes: bytes, path: path, messages: messages, fileSystem: fileSystem)
  }

  /// Loads a course from bytes already read; question banks it includes are read through `fileSystem`.
  public static func parse(
    bytes: [UInt8], path: String, messages: MessageCatalog = .english, fileSystem: any FileSystem = LocalFileSystem()
  ) -> LoadedCourse {
    switch SourceText.decode(bytes, path: path, messages: messages) {
    case .failure(let d): return failed(d)
    case .success(let source):
      var result = parse(source: source, messages: messages, fileSystem: fileSystem)
      if result.partial != nil {
        // The course is what its file and the banks it includes say: a change to a bank is a
        // change to the course (progress and transcripts notice it).
        let digest =
          result.includedDigests.isEmpty
          ? Digest.sha256Hex(bytes) : Digest.sha256Hex(bytes + Array(result.includedDigests.joined(separator: "\n").utf8))
        result.course?.digest = digest
        result.partial?.digest = digest
      }
      return result
    }
  }

  /// Loads a course from decoded text; question banks it includes are read through `fileSystem`.
  public static func parse(
    source: SourceText, messages: MessageCatalog = .english, fileSystem: any FileSystem = LocalFileSystem()
  ) -> LoadedCourse {
    let reader = YAMLReader(source: source, messages: messages)
    guard let root = reader.compose() else {
      return LoadedCourse(course: nil, partial: nil, diagnostics: reader.diagnostics, lexiconRefs: [])
    }
    return build(root: root, reader: reader, fileSystem: fileSystem)
  }

  /// Builds the course from an already composed tree (benchmarks use this to time the walk alone).
  public static func build(root: Node, source: SourceText, messages: MessageCatalog = .english) -> LoadedCourse {
    build(root: root, reader: YAMLReader(source: source, messages: messages), fileSystem: LocalFileSystem())
  }

  static func build(root: Node, reader: YAMLReader, fileSystem: any FileSystem) -> LoadedCourse {
    let builder = CourseBuilder(reader: reader, fileSystem: fileSystem)
    let course = builder.course(root)
    reader.finish()
    let clean = !reader.diagnostics.hasErrors
    var loaded = LoadedCourse(
      course: clean ? course : nil, partial: course, diagnostics: reader.diagnostics.sortedByLocation(),
      lexiconRefs: builder.lexiconRefs, liveCues: builder.liveCues, conceptTopics: builder.conceptTopics,
      familyRefs: builder.familyRefs)
    loaded.includedPaths = builder.included.map(\.path)
    loaded.includedDigests = builder.included.map(\.digest)
    return loaded
  }

  /// Reads a question bank on its own (`bazaar lint banks/x.yaml`), as a course of one lesson in
  /// the bank's languages, so that lint checks and self-checks it as it does a course. Its
  /// `cites:` are checked by the courses that include it (they hold the sources).
  public static func parseBank(bytes: [UInt8], path: String, messages: MessageCatalog = .english) -> LoadedCourse {
    switch SourceText.decode(bytes, path: path, messages: messages) {
    case .failure(let d): return failed(d)
    case .success(let source):
      let reader = YAMLReader(source: source, messages: messages)
      guard let root = reader.compose() else { return failed(reader.diagnostics) }
      let builder = CourseBuilder(reader: reader, fileSystem: LocalFileSystem())
      let bank = builder.bankSteps(root, standalone: true)
      reader.finish()
      let course = bank.map { b in
        Course(
          id: b.id, version: "", title: b.title, description: nil, languages: reader.languages, sources: [],
          policy: Policy(), lexicons: [],
          lessons: [Lesson(id: b.id, title: b.title, steps: b.steps, location: reader.location(root))], path: path,
          digest: Digest.sha256Hex(bytes))
      }
      let clean = !reader.diagnostics.hasErrors
      return LoadedCourse(
        course: clean ? course : nil, partial: course, diagnostics: reader.diagnostics.sortedByLocation(),
        lexiconRefs: builder.lexiconRefs, liveCues: builder.liveCues, conceptTopics: builder.conceptTopics,
        familyRefs: builder.familyRefs)
    }
  }

  private static func failed(_ d: Diagnostic) -> LoadedCourse { failed([d]) }

  private static func failed(_ d: [Diagnostic]) -> LoadedCourse {
    LoadedCourse(course: nil, partial: nil, diagnostics: d, lexiconRefs: [])
  }
}

/// Builds the typed model from a node tree; one per file.
final class CourseBuilder {
  /// The reader of the file being read: the course's, or an included bank's while its questions are.
  private(set) var r: YAMLReader
  /// Where included banks are read from.
  let fileSystem: any FileSystem
  /// The banks included so far: path and digest of each, in order.
  private(set) var included: [(path: String, digest: String)] = []
  var lexiconRefs: [(name: String, location: SourceLocation)] = []
  /// Cue words of live scenarios, for lint's lexicon check.
  var liveCues: [LiveCueRef] = []
  /// Pitch concepts' cue topics, for lint's lexicon check.
  var conceptTopics: [ConceptTopicRef] = []
  var familyRefs: [FamilyRef] = []
  /// Question and scenario ids (one namespace), with where each is first declared.
  var questionIds: [String: SourceLocation] = [:]
  private var lessonIds: [String: SourceLocation] = [:]
  private var sourceIds: Set<String> = []
  private var citations: [(key: String, location: SourceLocation)] = []
  private var policyShuffle = true
  /// The course's policy, which a lesson's `policy:` overrides key by key.
  private var coursePolicy = Policy()

  init(reader: YAMLReader, fileSystem: any FileSystem) {
    r = reader
    self.fileSystem = fileSystem
  }

  func course(_ root: Node) -> Course? {
    guard
      let f = r.fields(
        root, what: r.t("lint.what.course"), known: CourseFormat.root.known, required: CourseFormat.root.required)
    else {
      return nil
    }
    if let fmt = f["format"], let v = r.integer(fmt, what: "`format`", in: 1...1_000_000), v > CourseLoader.formatVersion {
      r.error(
        "E033", fmt, r.t("lint.E033.formatTooNew", ["format": String(v), "supported": String(CourseLoader.formatVersion)]))
      return nil
    }
    let id = r.identifier(f["id"], what: r.t("lint.what.courseId"))
    let version = f["version"].flatMap { r.string($0, what: "`version`") }
    let languages = f["languages"].map(languageList) ?? []
    r.languages = languages
    let title = r.localized(f["title"], what: r.t("lint.what.courseTitle"))
    let description = f["description"].flatMap { r.localized($0, what: r.t("lint.what.courseDescription")) }
    let sources = f["sources"].map(sources) ?? []
    let policy = f["policy"].map { self.policy($0, base: Policy()) } ?? Policy()
    policyShuffle = policy.shuffle
    coursePolicy = policy
    let lexicons = f["lexicons"].map { lexiconNames($0, what: "`lexicons`") } ?? []
    var lessons: [Lesson] = []
    if let node = f["lessons"], let items = r.list(node, what: "`lessons`") {
      if items.isEmpty { r.error("E016", node, r.t("lint.E016.noLessons")) }
      for item in items { if let l = lesson(item) { lessons.append(l) } }
    }
    reportCitations(sources: sources)
    guard let id, let version, let title else { return nil }
    return Course(
      id: id, version: version, title: title, description: description, languages: languages, sources: sources,
      policy: policy, lexicons: lexicons, lessons: lessons, path: r.source.path, digest: "")
  }

  /// E027 for each `cites:` of a source the course does not list (`sources` nil: a bank on its
  /// own, whose citations only the courses that include it can check).
  func reportCitations(sources: [Source]?) {
    guard let sources else { return }
    for (key, location) in citations where !sourceIds.contains(key) {
      let message: String
      if sourceIds.isEmpty {
        message = r.t("lint.E027.noSources", ["key": key])
      } else if let guess = YAMLReader.closest(key, in: sources.map(\.id)) {
        message = r.t("lint.E027.unknownSourceDidYouMean", ["key": key, "guess": guess])
      } else {
        message = r.t("lint.E027.unknownSource", ["key": key])
      }
      r.report("E027", .error, location, message)
    }
  }

  /// A course's or a bank's `languages:`: valid codes, each once (E013, E026), at least one.
  func languageList(_ node: Node) -> [String] {
    var languages: [String] = []
    guard let items = r.list(node, what: "`languages`", single: true) else { return [] }
    for item in items {
      guard let lang = r.string(item, what: r.t("lint.what.languageCode")) else { continue }
      if !YAMLReader.isLanguageCode(lang) {
        r.error("E013", item, r.t("lint.E013.notLanguageCode", ["code": YAMLReader.clip(lang)]))
      } else if languages.contains(lang) {
        r.error("E026", item, r.t("lint.E026.languageListedTwice", ["code": lang]))
      } else {
        languages.append(lang)
      }
    }
    if items.isEmpty { r.error("E013", node, r.t("lint.E013.noLanguages")) }
    return languages
  }

  // MARK: Course parts

  func sources(_ node: Node) -> [Source] {
    guard let items = r.list(node, what: "`sources`") else { return [] }
    var result: [Source] = []
    for item in items {
      guard
        let f = r.fields(item, what: r.t("lint.what.source"), known: CourseFormat.source.known, required: CourseFormat.source.required)
      else { continue }
      guard let id = r.identifier(f["id"], what: r.t("lint.what.sourceId")),
        let title = r.string(f["title"], what: r.t("lint.what.sourceTitle"))
      else { continue }
      if sourceIds.contains(id), let n = f["id"] {
        r.error("E014", n, r.t("lint.E014.sourceIdTwice", ["id": id]))
        continue
      }
      sourceIds.insert(id)
      result.append(
        Source(
          id: id, title: title, url: f["url"].flatMap { r.string($0, what: r.t("lint.what.sourceUrl")) },
          note: f["note"].flatMap { r.string($0, what: r.t("lint.what.sourceNote")) }))
    }
    return result
  }

  /// A `policy:` mapping over `base`: the keys it writes replace base's (a lesson's policy over the course's).
  func policy(_ node: Node, base: Policy) -> Policy {
    var p = base
    guard
      let f = r.fields(
        node, what: "`policy`", known: CourseFormat.policy.known)
    else { return p }
    if let n = f["skip"], let v = r.bool(n, what: "`policy.skip`") { p.allowSkip = v }
    if let n = f["attempts"], let v = r.integer(n, what: r.t("lint.what.policyAttempts"), in: 0...100) { p.attempts = v }
    if let n = f["hint_penalty"], let v = r.number(n, what: "`policy.hint_penalty`", in: 0...1) { p.hintPenalty = v }
    if let n = f["retry_penalty"], let v = r.number(n, what: "`policy.retry_penalty`", in: 0...1) { p.retryPenalty = v }
    if let n = f["shuffle"], let v = r.bool(n, what: "`policy.shuffle`") { p.shuffle = v }
    if let n = f["pass_score"], let v = r.number(n, what: "`policy.pass_score`", in: 0...1) { p.passScore = v }
    return p
  }

  func lexiconNames(_ node: Node, what: @autoclosure () -> String) -> [String] {
    guard let items = r.list(node, what: what(), single: true) else { return [] }
    var names: [String] = []
    for item in items {
      guard let name = r.identifier(item, what: r.t("lint.what.lexiconReference")) else { continue }
      names.append(name)
      lexiconRefs.append((name, r.location(item)))
    }
    return names
  }

  func cites(_ node: Node?) -> [String] {
    guard let node, let items = r.list(node, what: "`cites`", single: true) else { return [] }
    var keys: [String] = []
    for item in items {
      if let key = r.string(item, what: r.t("lint.what.sourceKey")) {
        keys.append(key)
        citations.append((key, r.location(item)))
      }
    }
    return keys
  }

  func lesson(_ node: Node) -> Lesson? {
    guard
      let f = r.fields(
        node, what: r.t("lint.what.lesson"), known: CourseFormat.lesson.known,
        required: CourseFormat.lesson.required)
    else { return nil }
    // The lesson's own rules (`policy: {pass_score: 0.8}`), over the course's; its questions shuffle by them.
    let lessonPolicy = f["policy"].map { policy($0, base: coursePolicy) } ?? coursePolicy
    policyShuffle = lessonPolicy.shuffle
    defer { policyShuffle = coursePolicy.shuffle }
    let id = r.identifier(f["id"], what: r.t("lint.what.lessonId"))
    if let id, let n = f["id"] {
      if let first = lessonIds[id] {
        r.error("E014", n, r.t("lint.E014.lessonIdTwice", ["id": id, "line": String(first.line)]))
      } else {
        lessonIds[id] = r.location(n)
      }
    }
    let title = r.localized(f["title"], what: r.t("lint.what.lessonTitle"))
    _ = cites(f["cites"])
    var steps: [Step] = []
    if let sn = f["steps"], let items = r.list(sn, what: "`steps`") {
      if items.isEmpty {
        r.error("E016", sn, r.t("lint.E016.noSteps", ["id": id ?? "?"]))
      }
      for item in items {
        if CourseBuilder.includePath(item) != nil {
          steps += include(item)
        } else if let s = step(item) {
          steps.append(s)
        }
      }
    }
    guard let id, let title else { return nil }
    // `draw: N`: N of the lesson's questions per learner (a pool); at least 1, at most as many as there are.
    var draw: Int?
    if let dn = f["draw"], let n = r.integer(dn, what: "`draw`", in: 1...10_000) {
      let questions = steps.filter { if case .question = $0.content { true } else { false } }.count
      if n > questions {
        r.error("E025", dn, r.t("lint.E025.drawMoreThanPool", ["draw": String(n), "questions": String(questions)]))
      } else {
        draw = n
      }
    }
    return Lesson(id: id, title: title, steps: steps, location: r.location(node), policy: lessonPolicy, draw: draw)
  }

  // MARK: Question banks

  /// The `include:` value of a step that includes a bank (`- include: banks/pricing.yaml`).
  static func includePath(_ node: Node) -> Node? {
    guard case .mapping(let m) = node else { return nil }
    return m.first { $0.key.scalar?.string == "include" }?.value
  }

  /// The steps of the bank a step includes, read from its own file with its own reader, so that
  /// every finding names its line in the bank; none (and the reason) when it cannot be read.
  func include(_ node: Node) -> [Step] {
    guard
      let f = r.fields(node, what: r.t("lint.what.includeStep"), known: SharedBank.includeStep.known,
        required: SharedBank.includeStep.required),
      let pn = f["include"], let written = r.string(pn, what: "`include`")
    else { return [] }
    let path = NSStringPath(NSStringPath(r.source.path).directory).resolving(written)
    if let first = included.first(where: { CourseCatalog.canonical($0.path) == CourseCatalog.canonical(path) }) {
      r.error("E047", pn, r.t("lint.E047.includedTwice", ["path": YAMLReader.clip(written), "first": first.path]))
      return []
    }
    let bytes: [UInt8]
    switch fileSystem.kind(of: path) {
    case .file(let size) where size > SourceText.maxBytes:
      r.error("E002", pn, r.t("lint.E002.tooBig", ["size": SourceText.megabytes(size), "limit": SourceText.megabytes(SourceText.maxBytes)]))
      return []
    case .file:
      do { bytes = try fileSystem.read(path) } catch {
        r.error("E047", pn, r.t("lint.E047.unreadable", ["path": YAMLReader.clip(written), "reason": error.message(r.messages)]))
        return []
      }
    default:
      // The nearest bank file in the folder it names, for a typo (`margin.yaml` for `margins.yaml`).
      let folder = NSStringPath(path).directory
      let names = ((try? fileSystem.entries(in: folder)) ?? []).filter(Linter.isYAML)
      if let guess = YAMLReader.closest(NSStringPath(path).lastComponent, in: names) {
        let suggestion = NSStringPath(NSStringPath(written).directory).resolving(guess)
        r.error(
          "E047", pn,
          r.t("lint.E047.missingDidYouMean", ["path": YAMLReader.clip(written), "resolved": path, "guess": suggestion]))
      } else {
        r.error("E047", pn, r.t("lint.E047.missing", ["path": YAMLReader.clip(written), "resolved": path]))
      }
      return []
    }
    guard SharedBank.looksLikeBank(bytes) else {
      r.error("E047", pn, r.t("lint.E047.notABank", ["path": YAMLReader.clip(written)]))
      return []
    }
    included.append((path, Digest.sha256Hex(bytes)))
    let source: SourceText
    switch SourceText.decode(bytes, path: path, messages: r.messages) {
    case .failure(let d):
      r.report(d.code, d.severity, d.location ?? r.location(pn), d.message)
      return []
    case .success(let s): source = s
    }
    let course = r
    let reader = YAMLReader(source: source, messages: course.messages)
    let bank = reader.compose().flatMap { root in
      r = reader
      defer { r = course }
      return bankSteps(root, standalone: false, courseLanguages: course.languages, includeNode: pn, courseReader: course)
    }
    reader.finish()
    for d in reader.diagnostics { course.absorb(d) }
    return bank?.steps ?? []
  }

  /// A bank's questions. `standalone`: linted on its own, in its own languages; else read for a
  /// course in `courseLanguages`, whose missing ones are said once at `includeNode`.
  func bankSteps(
    _ root: Node, standalone: Bool, courseLanguages: [String] = [], includeNode: Node? = nil,
    courseReader: YAMLReader? = nil
  ) -> (id: String, title: Localized, steps: [Step])? {
    guard
      let f = r.fields(root, what: r.t("lint.what.bank"), known: SharedBank.root.known, required: SharedBank.root.required)
    else { return nil }
    let id = r.identifier(f["bank"], what: r.t("lint.what.bankId"))
    let languages = f["languages"].map(languageList) ?? []
    r.languages = languages
    if !standalone, let includeNode, let courseReader, let shown = languages.first {
      let missing = courseLanguages.filter { !languages.contains($0) }
      if !missing.isEmpty {
        courseReader.warning(
          "W001", includeNode,
          courseReader.t(
            "lint.W001.missingLanguages",
            ["what": "`include`", "codes": courseReader.codes(missing), "shown": shown]))
      }
    }
    let title = f["title"].flatMap { r.localized($0, what: r.t("lint.what.bankTitle")) }
    var steps: [Step] = []
    if let qn = f["questions"], let items = r.list(qn, what: "`questions`") {
      if items.isEmpty { r.error("E016", qn, r.t("lint.E016.noQuestionsInBank")) }
      for item in items {
        if let pn = Self.includePath(item) {
          r.error("E047", pn, r.t("lint.E047.includeInBank"))
        } else if let s = step(item) {
          steps.append(s)
        }
      }
    }
    guard let id else { return nil }
    return (id, title ?? Localized(id), steps)
  }

  func step(_ node: Node) -> Step? {
    guard r.visit(node) else { return nil }
    guard case .mapping(let m) = node else {
      r.error("E012", node, r.t("lint.E012.stepNotMapping"))
      return nil
    }
    var isQuestion = false
    var isNarrative = false
    var kindNode: Node?
    for (k, v) in m {
      guard case .scalar(let s) = k else { continue }
      if s.string == "kind" { kindNode = v }
      if s.string == "kind" || s.string == "prompt" { isQuestion = true }
      if s.string == "text" { isNarrative = true }
    }
    if let kindNode, kindNode.scalar?.string == "live" {
      return liveScenario(node).map { Step(content: .live($0), location: r.location(node)) }
    }
    if isQuestion {
      return question(node, kindNode: kindNode).map { Step(content: .question($0), location: r.location(node)) }
    }
    if isNarrative {
      guard let f = r.fields(node, what: r.t("lint.what.narrativeStep"), known: CourseFormat.narrative.known) else { return nil }
      _ = cites(f["cites"])
      let text = r.localized(f["text"], what: r.t("lint.what.narrativeText"))
      // A note to the author left in a step (an imported lesson's placeholder): learners would read it.
      if let text, let tn = f["text"], text.allTexts.contains(where: { $0.trimmingSpaces.uppercased().hasPrefix("TODO") }) {
        r.warning("W018", tn, r.t("lint.W018.todoText"))
      }
      return text.map { Step(content: .narrative($0), location: r.location(node)) }
    }
    r.error("E010", node, r.t("lint.E010.stepNeedsTextOrKind", ["kinds": r.joined(CourseLoader.stepKinds)]))
    return nil
  }

  // MARK: Questions

  func question(_ node: Node, kindNode: Node?) -> Question? {
    guard let kindNode, let kind = r.string(kindNode, what: "`kind`") else {
      r.error("E010", node, r.t("lint.E010.noKind", ["kinds": r.joined(CourseLoader.stepKinds)]))
      return nil
    }
    guard let specific = CourseLoader.kindKeys[kind] else {
      if let guess = YAMLReader.closest(kind, in: CourseLoader.stepKinds) {
        r.error("E013", kindNode, r.t("lint.E013.unknownKindDidYouMean", ["kind": YAMLReader.clip(kind), "guess": guess]))
      } else {
        r.error(
          "E013", kindNode,
          r.t("lint.E013.unknownKind", ["kind": YAMLReader.clip(kind), "kinds": r.joined(CourseLoader.stepKinds)]))
      }
      return nil
    }
    guard
      let f = r.fields(
        node, what: r.t(kind == "order" ? "lint.what.questionAn" : "lint.what.question", ["kind": kind]),
        known: CourseLoader.knownKeys[kind] ?? specific,
        required: ["id", "prompt"], elsewhere: CourseLoader.elsewhere[kind] ?? [:])
    else { return nil }
    let id = r.identifier(f["id"], what: r.t("lint.what.questionId"))
    if let id, let n = f["id"] {
      if let first = questionIds[id] {
        r.error("E014", n, r.t("lint.E014.questionIdTwice", ["id": id, "line": String(first.line)]))
      } else {
        questionIds[id] = r.location(n)
      }
    }
    let prompt = r.localized(f["prompt"], what: r.t("lint.what.prompt"))
    var hints: [Localized] = []
    if let hn = f["hints"], let items = (hn.mapping != nil ? [hn] : r.list(hn, what: "`hints`", single: true)) {
      hints = items.compactMap { r.localized($0, what: r.t("lint.what.hint")) }
    }
    let explanation = f["explanation"].flatMap { r.localized($0, what: r.t("lint.what.explanation")) }
    var wrong: [Question.Example] = []
    if let wn = f["wrong_examples"], let items = r.list(wn, what: "`wrong_examples`", single: true) {
      for item in items {
        if let s = r.string(item, what: r.t("lint.what.wrongExample")) {
          wrong.append(Question.Example(text: s, location: r.location(item)))
        }
      }
    }
    let points = f["points"].flatMap { r.number($0, what: "`points`", in: 0...1000) } ?? 1
    let cited = cites(f["cites"])
    let before = r.errorCount
    let body: Question.Kind?
    switch kind {
    case "choice": body = choice(f).map(Question.Kind.choice)
    case "truefalse": body = f["answer"].flatMap { r.bool($0, what: r.t("lint.what.trueFalseAnswer")) }.map { .trueFalse($0) }
      if !f.has("answer") { r.error("E010", node, r.t("lint.E010.trueFalseNeedsAnswer")) }
    case "short": body = short(f).map(Question.Kind.short)
    case "number": body = number(f).map(Question.Kind.number)
    case "calc": body = calc(f).map(Question.Kind.calc)
    case "order": body = order(f).map(Question.Kind.order)
    case "match": body = match(f).map(Question.Kind.match)
    case "listing": body = listing(f).map(Question.Kind.listing)
    case "pitch": body = pitch(f).map(Question.Kind.pitch)
    default: body = nil
    }
    if explanation == nil, body != nil {
      r.warning("W002", node, r.t("lint.W002.noExplanation", ["id": id ?? "?"]))
    }
    placeholders(
      prompt: prompt, promptNode: f["prompt"],
      others: [(hints, f["hints"] ?? node), (explanation.map { [$0] } ?? [], f["explanation"] ?? node)], kindName: kind,
      varsNode: f["vars"])
    guard let id, let prompt, let body, r.errorCount == before else { return nil }
    return Question(
      id: id, prompt: prompt, hints: hints, explanation: explanation, wrongExamples: wrong, points: points,
      cites: cited, kind: body, location: r.location(node))
  }

  /// `{name}` and `{name%}` in learner-visible text: a calc question's prompt, hints and
  /// explanation fill in its variables, so an unknown name there (`{cots}`) is an error naming the
  /// known ones; anywhere else the braces are shown as typed, which is worth a warning.
  func placeholders(
    prompt: Localized?, promptNode: Node?, others: [(texts: [Localized], node: Node)], kindName: String, varsNode: Node?
  ) {
    // The variables as declared (a variable with a mistake of its own still counts as declared).
    let isCalc = kindName == "calc"
    let known = isCalc ? (varsNode?.mapping?.keys.compactMap { $0.scalar?.string } ?? []) : []
    func unknown(_ name: String, _ node: Node) {
      let args = ["name": name, "known": r.codes(known.map { "{\($0)}" })]
      if let guess = YAMLReader.closest(name, in: known) {
        r.error("E046", node, r.t("lint.E046.unknownPlaceholder", args.merging(["guess": "{\(guess)}"]) { a, _ in a }))
      } else {
        r.error("E046", node, r.t("lint.E046.unknownPlaceholderNoGuess", args))
      }
    }
    for text in prompt?.allTexts ?? [] {
      for name in Self.placeholderNames(in: text) where !known.contains(name) {
        guard let promptNode else { continue }
        if isCalc {
          unknown(name, promptNode)
        } else {
          r.warning("W017", promptNode, r.t("lint.W017.placeholderNotFilled", ["name": name]))
        }
      }
    }
    for (texts, node) in others {
      for text in texts.flatMap(\.allTexts) {
        for name in Self.placeholderNames(in: text) where !known.contains(name) {
          if isCalc {
            unknown(name, node)
          } else {
            r.warning("W017", node, r.t("lint.W017.placeholderNotFilled", ["name": name]))
          }
        }
      }
    }
  }

  /// The names of `{name}` / `{name%}` placeholders in `text`.
  static func placeholderNames(in text: String) -> [String] {
    guard text.contains("{") else { return [] }
    var names: [String] = []
    var i = text.startIndex
    while let open = text[i...].firstIndex(of: "{") {
      let after = text.index(after: open)
      guard let close = text[after...].firstIndex(of: "}") else { break }
      var name = String(text[after..<close])
      if name.hasSuffix("%") { name.removeLast() }
      if isVariableName(name), !names.contains(name) { names.append(name) }
      i = after
    }
    return names
  }

  func choice(_ f: YAMLReader.Fields) -> ChoiceKey? {
    guard let on = f["options"] else {
      r.error("E010", f.node, r.t("lint.E010.choiceNeedsOptions"))
      return nil
    }
    guard let items = r.list(on, what: "`options`") else { return nil }
    var options: [ChoiceKey.Option] = []
    var usesMaps = false
    for item in items {
      if case .mapping(let m) = item, m.contains(where: { ["text", "correct", "feedback"].contains($0.key.scalar?.string ?? "") }) {
        usesMaps = true
        guard
          let o = r.fields(item, what: r.t("lint.what.option"), known: CourseFormat.choiceOption.known,
            required: CourseFormat.choiceOption.required),
          let text = r.localized(o["text"], what: r.t("lint.what.optionText"))
        else { continue }
        let correct = o["correct"].flatMap { r.bool($0, what: "`correct`") } ?? false
        let feedback = o["feedback"].flatMap { r.localized($0, what: r.t("lint.what.optionFeedback")) }
        options.append(ChoiceKey.Option(text: text, correct: correct, feedback: feedback))
      } else if let text = r.localized(item, what: r.t("lint.what.option")) {
        options.append(ChoiceKey.Option(text: text, correct: false, feedback: nil))
      }
    }
    if options.count < 2 {
      r.error("E018", on, r.t("lint.E018.tooFewOptions", ["count": String(options.count)]))
      return nil
    }
    if options.count > 26 {
      r.error("E018", on, r.t("lint.E018.tooManyOptions", ["count": String(options.count)]))
      return nil
    }
    if let an = f["answer"] {
      if usesMaps && options.contains(where: \.correct) {
        r.error("E018", an, r.t("lint.E018.correctTwoWays"))
        return nil
      }
      guard let letters = r.strings(an, what: r.t("lint.what.choiceAnswer")) else { return nil }
      for letter in letters {
        let l = letter.trimmingSpaces.uppercased()
        guard l.count == 1, let scalar = l.unicodeScalars.first, ("A"..."Z").contains(scalar),
          Int(scalar.value) - 65 < options.count
        else {
          let last = String(Character(UnicodeScalar(UInt8(64 + options.count))))
          r.error("E018", an, r.t("lint.E018.answerNotAnOption", ["letter": YAMLReader.clip(letter), "last": last]))
          return nil
        }
        options[Int(scalar.value) - 65].correct = true
      }
    }
    if !options.contains(where: \.correct) {
      r.error("E017", on, r.t("lint.E017.noCorrectOption"))
      return nil
    }
    if options.allSatisfy(\.correct) {
      r.error("E017", on, r.t("lint.E017.allCorrect"))
      return nil
    }
    if Self.hasDuplicates(options.map(\.text)) {
      r.error("E014", on, r.t("lint.E014.sameOptions"))
    }
    let shuffle = f["shuffle"].flatMap { r.bool($0, what: "`shuffle`") } ?? policyShuffle
    let penalty = f["penalty"].flatMap { r.number($0, what: "`penalty`", in: 0...1) } ?? 1
    return ChoiceKey(options: options, shuffle: shuffle, penalty: penalty)
  }

  func short(_ f: YAMLReader.Fields) -> ShortKey? {
    let errorsBefore = r.errorCount
    let cs = f["case_sensitive"].flatMap { r.bool($0, what: "`case_sensitive`") } ?? false
    var answers: [ShortKey.Answer] = []
    if let an = f["answer"] {
      if f.has("answers") { r.error("E018", an, r.t("lint.E018.answerAndAnswers")) }
      if let s = r.string(an, what: "`answer`") {
        answers.append(ShortKey.Answer(match: .text(s), credit: 1, feedback: nil, examples: [], location: r.location(an)))
      }
    } else if let an = f["answers"], let items = r.list(an, what: "`answers`") {
      for item in items {
        if case .mapping = item {
          guard
            let a = r.fields(
              item, what: r.t("lint.what.acceptedAnswer"), known: CourseFormat.shortAnswer.known)
          else { continue }
          let credit = a["credit"].flatMap { r.number($0, what: "`credit`", in: 0...1) } ?? 1
          let feedback = a["feedback"].flatMap { r.localized($0, what: r.t("lint.what.answerFeedback")) }
          if let fn = a["family"] {
            if let t = a.keyNode("text") ?? a.keyNode("regex") { r.error("E018", t, r.t("lint.E018.textAndRegex")) }
            if let family = r.identifier(fn, what: "`family`") {
              familyRefs.append(FamilyRef(family: family, lexicons: [], location: r.location(fn)))
              answers.append(ShortKey.Answer(match: .family(family), credit: credit, feedback: feedback, examples: [], location: r.location(fn)))
            }
          } else if let t = a["text"], a.has("regex") {
            r.error("E018", t, r.t("lint.E018.textAndRegex"))
          } else if let t = a["text"], let texts = r.strings(t, what: "`text`") {
            if let ex = a.keyNode("examples") {
              r.error("E019", ex, r.t("lint.E019.examplesOnlyForRegex"))
            }
            for s in texts {
              answers.append(ShortKey.Answer(match: .text(s), credit: credit, feedback: feedback, examples: [], location: r.location(t)))
            }
          } else if let rn = a["regex"], let pattern = r.string(rn, what: "`regex`") {
            let compiled: CompiledRegex
            switch CompiledRegex.compile(pattern, caseSensitive: cs) {
            case .failure(let problem):
              r.error("E024", rn, r.t("lint.E024.badRegex", ["pattern": YAMLReader.clip(pattern), "problem": problem.message]))
              continue
            case .success(let c): compiled = c
            }
            let examples = a["examples"].flatMap { r.strings($0, what: "`examples`") } ?? []
            if examples.isEmpty {
              r.warning("W005", rn, r.t("lint.W005.regexWithoutExamples"))
            }
            answers.append(
              ShortKey.Answer(match: .regex(compiled), credit: credit, feedback: feedback, examples: examples, location: r.location(rn)))
          } else if !a.has("text") && !a.has("regex") && !a.has("family") {
            r.error("E010", item, r.t("lint.E010.answerNeedsTextOrRegex"))
          }
        } else if let s = r.string(item, what: r.t("lint.what.acceptedAnswer")) {
          answers.append(ShortKey.Answer(match: .text(s), credit: 1, feedback: nil, examples: [], location: r.location(item)))
        }
      }
    } else {
      r.error("E010", f.node, r.t("lint.E010.shortNeedsAnswer"))
      return nil
    }
    if !answers.contains(where: { $0.credit >= 1 }) {
      if r.errorCount > errorsBefore { return nil }
      r.error("E018", f.node, r.t("lint.E018.noFullCreditAnswer"))
      return nil
    }
    return ShortKey(answers: answers, caseSensitive: cs)
  }

  func tolerance(_ node: Node?) -> Tolerance? {
    guard let node, r.visit(node) else { return nil }
    if case .scalar(let s) = node {
      let t = s.string.trimmingSpaces
      let relative = t.hasSuffix("%")
      if !relative, s.style == .singleQuoted || s.style == .doubleQuoted, YAMLReader.parseNumber(t) != nil {
        r.error("E012", node, r.t("lint.E012.quotedNumber", ["what": "`tolerance`", "value": YAMLReader.clip(t)]))
        return nil
      }
      if let v = YAMLReader.parseNumber(relative ? String(t.dropLast()) : t) {
        if v < 0 {
          r.error("E013", node, r.t("lint.E013.negativeTolerance"))
          return nil
        }
        return relative ? .relative(percent: v) : .absolute(v)
      }
    }
    r.error("E012", node, r.t("lint.E012.badTolerance", ["actual": r.describe(node)]))
    return nil
  }

  func numberValue(_ node: Node, what: @autoclosure () -> String, percent: Bool) -> Double? {
    if case .scalar(let s) = node, s.string.hasSuffix("%"), percent {
      // `"30%"` must be quoted in YAML; its number is not a quoted number.
      return r.number(.scalar(.init(String(s.string.dropLast()), s.tag, .plain, s.mark)), what: what())
    }
    return r.number(node, what: what())
  }

  func number(_ f: YAMLReader.Fields) -> NumberKey? {
    let percent = f["percent"].flatMap { r.bool($0, what: "`percent`") } ?? false
    let acceptFraction = f["accept_fraction"].flatMap { r.bool($0, what: "`accept_fraction`") } ?? false
    if acceptFraction && !percent, let n = f.keyNode("accept_fraction") {
      r.error("E019", n, r.t("lint.E019.acceptFractionNeedsPercent"))
    }
    let shared = f["tolerance"].flatMap(tolerance)
    let errorsBefore = r.errorCount
    var answers: [NumberKey.Answer] = []
    if let an = f["answer"] {
      if f.has("answers") { r.error("E018", an, r.t("lint.E018.answerAndAnswers")) }
      if let v = numberValue(an, what: "`answer`", percent: percent) {
        answers.append(NumberKey.Answer(target: .value(v, shared), credit: 1, feedback: nil, location: r.location(an)))
      }
    } else if let an = f["answers"], let items = r.list(an, what: "`answers`") {
      for item in items {
        if case .mapping = item {
          guard
            let a = r.fields(
              item, what: r.t("lint.what.acceptedNumber"), known: CourseFormat.numberAnswer.known)
          else { continue }
          let credit = a["credit"].flatMap { r.number($0, what: "`credit`", in: 0...1) } ?? 1
          let feedback = a["feedback"].flatMap { r.localized($0, what: r.t("lint.what.answerFeedback")) }
          if let vn = a["value"] {
            if a.has("min") || a.has("max") {
              r.error("E018", vn, r.t("lint.E018.valueAndRange"))
              continue
            }
            guard let v = numberValue(vn, what: "`value`", percent: percent) else { continue }
            let tol = a["tolerance"].flatMap(tolerance) ?? shared
            answers.append(NumberKey.Answer(target: .value(v, tol), credit: credit, feedback: feedback, location: r.location(item)))
          } else if let lo = a["min"], let hi = a["max"] {
            guard let l = numberValue(lo, what: "`min`", percent: percent), let h = numberValue(hi, what: "`max`", percent: percent) else { continue }
            if l > h {
              r.error("E025", lo, r.t("lint.E025.minAboveMax", ["min": r.fmt(l), "max": r.fmt(h)]))
              continue
            }
            if let t = a.keyNode("tolerance") { r.error("E019", t, r.t("lint.E019.rangeWithTolerance")) }
            answers.append(NumberKey.Answer(target: .range(l...h), credit: credit, feedback: feedback, location: r.location(item)))
          } else {
            r.error("E010", item, r.t("lint.E010.numberNeedsValue"))
          }
        } else if let v = numberValue(item, what: r.t("lint.what.acceptedNumber"), percent: percent) {
          answers.append(NumberKey.Answer(target: .value(v, shared), credit: 1, feedback: nil, location: r.location(item)))
        }
      }
    } else {
      r.error("E010", f.node, r.t("lint.E010.numberNeedsAnswer"))
      return nil
    }
    if !answers.contains(where: { $0.credit >= 1 }) {
      if r.errorCount > errorsBefore { return nil }
      r.error("E018", f.node, r.t("lint.E018.noFullCreditNumber"))
      return nil
    }
    let (unit, unitNames) = self.unit(f["unit"])
    if let u = unit, u == "%", let n = f["unit"] {
      r.error("E013", n, r.t("lint.E013.percentNotUnit"))
    }
    var key = NumberKey(answers: answers, unit: unit, percent: percent, acceptFraction: acceptFraction)
    key.unitNames = unitNames
    return key
  }

  func calc(_ f: YAMLReader.Fields) -> CalcKey? {
    var variables: [CalcVariable] = []
    var broken = Set<String>()
    if let vn = f["vars"], r.visit(vn) {
      if case .mapping(let m) = vn {
        for (k, v) in m {
          guard let name = r.string(k, what: r.t("lint.what.variableName")) else { continue }
          guard Self.isVariableName(name) else {
            r.error("E013", k, r.t("lint.E013.badVariableName", ["name": YAMLReader.clip(name)]))
            continue
          }
          if variables.contains(where: { $0.name == name }) {
            r.error("E026", k, r.t("lint.E026.variableTwice", ["name": name]))
            continue
          }
          if let draw = variable(v, name: name) {
            variables.append(CalcVariable(name: name, draw: draw, location: r.location(k)))
          } else {
            broken.insert(name)
          }
        }
      } else {
        r.error("E012", vn, r.t("lint.E012.varsNotMapping"))
      }
    }
    guard let fn = f["formula"], let source = r.string(fn, what: "`formula`") else {
      if !f.has("formula") { r.error("E010", f.node, r.t("lint.E010.calcNeedsFormula")) }
      return nil
    }
    let formula: Formula
    switch Formula.parse(source) {
    case .failure(let e):
      r.report("E020", .error, formulaLocation(fn, offset: e.offset), r.t("lint.E020.formula", ["problem": e.message]))
      return nil
    case .success(let parsed): formula = parsed
    }
    let declared = Set(variables.map(\.name))
    for name in formula.variables where !declared.contains(name) && !broken.contains(name) {
      let message =
        YAMLReader.closest(name, in: variables.map(\.name)).map {
          r.t("lint.E021.undeclaredDidYouMean", ["name": name, "guess": $0])
        } ?? r.t("lint.E021.undeclared", ["name": name])
      r.report("E021", .error, formulaLocation(fn, offset: Self.offset(of: name, in: source)), message)
    }
    for v in variables where !formula.variables.contains(v.name) {
      r.report("W003", .warning, v.location, r.t("lint.W003.unusedVariable", ["name": v.name]))
    }
    if broken.isEmpty, formula.variables.allSatisfy(declared.contains) {
      let ranges = Dictionary(uniqueKeysWithValues: variables.map { ($0.name, $0.bounds) })
      var valueSets: [String: [Double]] = [:]
      for v in variables { if case .values(let list) = v.draw { valueSets[v.name] = list } }
      for risk in formula.zeroDivisionRisks(over: ranges, valueSets: valueSets) {
        let at = formulaLocation(fn, offset: risk.offset)
        if risk.certain {
          let example = (risk.example ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key) = \(r.fmt($0.value))" }
            .joined(separator: r.t("lint.listSeparator"))
          r.report(
            "E022", .error, at,
            example.isEmpty
              ? r.t("lint.E022.divisionByZero", ["denominator": risk.denominator])
              : r.t("lint.E022.divisionByZeroAt", ["denominator": risk.denominator, "example": example]))
        } else {
          r.report("W004", .warning, at, r.t("lint.W004.mightDivideByZero", ["denominator": risk.denominator]))
        }
      }
    }
    let decimals = f["decimals"].flatMap { r.integer($0, what: "`decimals`", in: 0...6) } ?? 2
    let percent = f["percent"].flatMap { r.bool($0, what: "`percent`") } ?? false
    let acceptFraction = f["accept_fraction"].flatMap { r.bool($0, what: "`accept_fraction`") } ?? false
    if acceptFraction && !percent, let n = f.keyNode("accept_fraction") {
      r.error("E019", n, r.t("lint.E019.acceptFractionNeedsPercent"))
    }
    if let n = f["unit"], n.scalar?.string == "%" {
      r.error("E013", n, r.t("lint.E013.percentNotUnit"))
    }
    let tol = f["tolerance"].flatMap(tolerance) ?? .absolute(0.5 * pow10(-decimals))
    let (unit, unitNames) = self.unit(f["unit"])
    var key = CalcKey(
      variables: variables, formula: formula, formulaLocation: r.location(fn), tolerance: tol, decimals: decimals,
      unit: unit, percent: percent, acceptFraction: acceptFraction)
    key.unitNames = unitNames
    if let wn = f["wrong_formulas"], let items = r.list(wn, what: "`wrong_formulas`", single: true) {
      for entry in items {
        // A formula, or `{formula: "...", feedback: {zh: …, en: …}}`: what the learner is told.
        var item = entry
        var feedback: Localized?
        if case .mapping = entry {
          guard let w = r.fields(entry, what: "`wrong_formulas`", known: CourseFormat.wrongFormula.known, required: CourseFormat.wrongFormula.required),
            let formulaNode = w["formula"]
          else { continue }
          item = formulaNode
          feedback = w["feedback"].flatMap { r.localized($0, what: r.t("lint.what.answerFeedback")) }
        }
        guard let text = r.string(item, what: "`wrong_formulas`") else { continue }
        switch Formula.parse(text) {
        case .failure(let e):
          r.report("E020", .error, formulaLocation(item, offset: e.offset), r.t("lint.E020.formula", ["problem": e.message]))
        case .success(let wrong):
          for name in wrong.variables where !declared.contains(name) && !broken.contains(name) {
            r.report("E021", .error, formulaLocation(item, offset: Self.offset(of: name, in: text)), r.t("lint.E021.undeclared", ["name": name]))
          }
          key.wrongFormulas.append((wrong, text, r.location(item), feedback))
        }
      }
    }
    return key
  }

  private func pow10(_ n: Int) -> Double {
    var v = 1.0
    if n >= 0 { for _ in 0..<n { v *= 10 } } else { for _ in 0..<(-n) { v /= 10 } }
    return v
  }

  /// Whether two texts read the same to a learner (same language, same text once case, width and spacing are folded).
  static func hasDuplicates(_ texts: [Localized]) -> Bool {
    var seen = Set<String>()
    for t in texts {
      // Compared as shown (case, width and spacing folded), not by the answer key, which drops
      // symbols: `成本×(1+率)` and `成本÷(1-率)` are different options, and so are `~` and `=`.
      for e in t.entries where !seen.insert(e.language + "\u{1F}" + shownForm(e.text)).inserted { return true }
    }
    return false
  }

  /// How an option reads: normalised, and without the spaces beside a sign (`30 ％` reads as `30%`),
  /// while the spaces between words stay (`free shipping` is not `freeshipping`).
  static func shownForm(_ text: String) -> String {
    let scalars = Array(TextNormalizer.normalize(text).unicodeScalars)
    func isWord(_ i: Int) -> Bool {
      guard scalars.indices.contains(i) else { return false }
      return scalars[i].properties.isAlphabetic || scalars[i].properties.numericType != nil
    }
    var out = String.UnicodeScalarView()
    for (i, c) in scalars.enumerated() where !(c == " " && !(isWord(i - 1) && isWord(i + 1))) { out.append(c) }
    return String(out)
  }

  static func isVariableName(_ s: String) -> Bool {
    guard let first = s.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic || first == "_" else { return false }
    return s.count <= 40 && s.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
  }

  static func offset(of name: String, in source: String) -> Int {
    let chars = Array(source)
    let n = Array(name)
    guard n.count <= chars.count else { return 0 }
    for i in 0...(chars.count - n.count) where Array(chars[i..<(i + n.count)]) == n {
      let before = i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber || chars[i - 1] == "_")
      let afterIndex = i + n.count
      let after = afterIndex >= chars.count || !(chars[afterIndex].isLetter || chars[afterIndex].isNumber || chars[afterIndex] == "_")
      if before && after { return i }
    }
    return 0
  }

  func formulaLocation(_ node: Node, offset: Int) -> SourceLocation {
    var loc = r.location(node)
    if case .scalar(let s) = node {
      switch s.style {
      case .plain: loc.column += offset
      case .singleQuoted, .doubleQuoted: loc.column += offset + 1
      default: break
      }
    }
    return loc
  }

  func variable(_ node: Node, name: String) -> CalcVariable.Draw? {
    guard r.visit(node) else { return nil }
    if case .sequence = node {
      guard let items = r.list(node, what: r.t("lint.what.valuesOf", ["name": name])) else { return nil }
      let values = items.compactMap { r.number($0, what: r.t("lint.what.valueOf", ["name": name])) }
      if values.isEmpty { r.error("E013", node, r.t("lint.E013.noValues", ["name": name])) ; return nil }
      return .values(values)
    }
    guard let f = r.fields(node, what: r.t("lint.what.variable", ["name": name]), known: CourseFormat.calcVariableObject.known)
    else { return nil }
    if let vn = f["values"] {
      if f.has("min") || f.has("max") { r.error("E018", vn, r.t("lint.E018.valuesAndRange", ["name": name])) }
      let values = (r.list(vn, what: "`values`") ?? []).compactMap {
        r.number($0, what: r.t("lint.what.valueOf", ["name": name]))
      }
      if values.isEmpty { r.error("E013", vn, r.t("lint.E013.noValues", ["name": name])); return nil }
      return .values(values)
    }
    guard let lo = f["min"], let hi = f["max"] else {
      r.error("E010", node, r.t("lint.E010.variableNeedsRange", ["name": name]))
      return nil
    }
    guard let l = r.number(lo, what: "`min`"), let h = r.number(hi, what: "`max`") else { return nil }
    if l > h {
      r.error("E025", lo, r.t("lint.E025.variableMinAboveMax", ["name": name, "min": r.fmt(l), "max": r.fmt(h)]))
      return nil
    }
    let step = f["step"].flatMap { r.number($0, what: "`step`") } ?? 1
    if step <= 0 { r.error("E025", f["step"] ?? node, r.t("lint.E025.stepNotPositive", ["name": name])); return nil }
    if (h - l) / step > 10_000_000 {
      r.error("E025", f["step"] ?? node, r.t("lint.E025.tooManySteps", ["name": name]))
      return nil
    }
    return .range(min: l, max: h, step: step)
  }

  func order(_ f: YAMLReader.Fields) -> OrderKey? {
    guard let n = f["items"] else {
      r.error("E010", f.node, r.t("lint.E010.orderNeedsItems"))
      return nil
    }
    guard let items = r.list(n, what: "`items`") else { return nil }
    let texts = items.compactMap { r.localized($0, what: r.t("lint.what.item")) }
    guard texts.count == items.count else { return nil }
    if texts.count < 2 || texts.count > 26 {
      r.error("E018", n, r.t("lint.E018.orderItemCount", ["count": String(texts.count)]))
      return nil
    }
    if Self.hasDuplicates(texts) {
      r.error("E014", n, r.t("lint.E014.sameItems"))
      return nil
    }
    return OrderKey(items: texts)
  }

  func match(_ f: YAMLReader.Fields) -> MatchKey? {
    guard let n = f["pairs"] else {
      r.error("E010", f.node, r.t("lint.E010.matchNeedsPairs"))
      return nil
    }
    guard let items = r.list(n, what: "`pairs`") else { return nil }
    var pairs: [(left: Localized, right: Localized)] = []
    for item in items {
      guard let p = r.fields(item, what: r.t("lint.what.pair"), known: CourseFormat.matchPair.known, required: CourseFormat.matchPair.required),
        let l = r.localized(p["left"], what: r.t("lint.what.leftSide")),
        let rt = r.localized(p["right"], what: r.t("lint.what.rightSide"))
      else { continue }
      pairs.append((l, rt))
    }
    guard pairs.count == items.count else { return nil }
    if pairs.count < 2 || pairs.count > 26 {
      r.error("E018", n, r.t("lint.E018.matchPairCount", ["count": String(pairs.count)]))
      return nil
    }
    if Self.hasDuplicates(pairs.map(\.right)) || Self.hasDuplicates(pairs.map(\.left))
    {
      r.error("E014", n, r.t("lint.E014.samePairs"))
      return nil
    }
    return MatchKey(pairs: pairs)
  }

  func keywords(_ node: Node?) -> [Keyword] {
    guard let node, let items = r.list(node, what: "`keywords`") else { return [] }
    var result: [Keyword] = []
    for item in items {
      if case .sequence = item {
        let alts = patternStrings(item, what: r.t("lint.what.keywordAlternatives")) ?? []
        if !alts.isEmpty { result.append(Keyword(alternatives: alts)) }
      } else if let s = r.string(item, what: r.t("lint.what.keyword")), LexiconLoader.validPattern(s, item, r) {
        result.append(Keyword(alternatives: [s]))
      }
    }
    return result
  }

  /// A list of words read as ``Pattern``s (cues, keywords): each one that cannot be used is E041
  /// at its column and left out.
  func patternStrings(_ node: Node, what: String) -> [String]? {
    LexiconLoader.patterns(node, what: what, r)
  }

  /// `banned:`: words, each plain or `{term: …, reason: …, advice: …}` (as in a lexicon).
  func bannedWords(_ node: Node?) -> [(String, Localized?, Localized?)] {
    guard let node, let items = r.list(node, what: "`banned`", single: true) else { return [] }
    var out: [(String, Localized?, Localized?)] = []
    for item in items {
      if case .mapping = item {
        guard let f = r.fields(item, what: "`banned`", known: CourseFormat.bannedWordObject.known, required: CourseFormat.bannedWordObject.required),
          let term = r.string(f["term"], what: "`term`"), LexiconLoader.validPattern(term, f["term"], r)
        else { continue }
        out.append(
          (term, f["reason"].flatMap { r.localized($0, what: r.t("lint.what.reason")) },
           f["advice"].flatMap { r.localized($0, what: r.t("lint.what.advice")) }))
      } else if let term = r.string(item, what: "`banned`"), LexiconLoader.validPattern(term, item, r) {
        out.append((term, nil, nil))
      }
    }
    return out
  }

  /// `model_answer:`: one text, or one per language (`zh: …`, `en: …`).
  func modelAnswers(_ node: Node?) -> [ModelAnswer] {
    guard let node else { return [] }
    if case .mapping(let m) = node {
      var out: [ModelAnswer] = []
      for (k, v) in m {
        guard let code = r.string(k, what: r.t("lint.what.languageCode")) else { continue }
        if !r.languages.isEmpty && !r.languages.contains(code) {
          r.error("E015", k, r.t("lint.E015.modelAnswerInUndeclaredLanguage", ["code": code]))
          continue
        }
        if let ex = example(v, what: "`model_answer`") { out.append(ModelAnswer(language: code, example: ex)) }
      }
      return out
    }
    return example(node, what: "`model_answer`").map { [ModelAnswer(language: "", example: $0)] } ?? []
  }

  /// `unit:`: one text, or one per language; the canonical unit is the first.
  func unit(_ node: Node?) -> (String?, Localized?) {
    guard let node else { return (nil, nil) }
    if case .mapping = node {
      guard let names = r.localized(node, what: "`unit`"), let first = names.entries.first?.text else { return (nil, nil) }
      return (first, names)
    }
    return (r.string(node, what: "`unit`"), nil)
  }

  func example(_ node: Node?, what: @autoclosure () -> String) -> Question.Example? {
    guard let node, let s = r.string(node, what: what()) else { return nil }
    return Question.Example(text: s, location: r.location(node))
  }

  func listing(_ f: YAMLReader.Fields) -> ListingKey? {
    let maxChars = f["max_chars"].flatMap { r.integer($0, what: "`max_chars`", in: 1...10_000) }
    let maxBytes = f["max_bytes"].flatMap { r.integer($0, what: "`max_bytes`", in: 1...20_000) }
    let minChars = f["min_chars"].flatMap { r.integer($0, what: "`min_chars`", in: 0...10_000) }
    if let lo = minChars, let hi = maxChars, lo > hi, let n = f["min_chars"] {
      r.error("E025", n, r.t("lint.E025.minCharsAboveMaxChars", ["min": String(lo), "max": String(hi)]))
    }
    if maxChars == nil && maxBytes == nil && !f.has("max_chars") && !f.has("max_bytes") {
      r.warning("W006", f.node, r.t("lint.W006.noLengthLimit"))
    }
    var key = ListingKey(
      maxChars: maxChars, maxBytes: maxBytes, minChars: minChars, keywords: keywords(f["keywords"]),
      lexicons: f["lexicons"].map { lexiconNames($0, what: "`lexicons`") } ?? [],
      banned: bannedWords(f["banned"]).map(\.0),
      penalty: f["penalty"].flatMap { r.number($0, what: "`penalty`", in: 0...1) } ?? 0.5,
      modelAnswers: modelAnswers(f["model_answer"]))
    key.bannedNotes = Dictionary(bannedWords(f["banned"]).map { ($0.0, ($0.1, $0.2)) }, uniquingKeysWith: { a, _ in a })
    if key.modelAnswer == nil {
      r.warning("W007", f.node, r.t("lint.W007.listingWithoutModelAnswer"))
    }
    return key
  }

  /// `families: [greeting, interaction_command]` (one name is a one-item list), with where each is written.
  func familyNames(_ node: Node) -> [(String, SourceLocation)] {
    guard let items = r.list(node, what: "`families`", single: true) else { return [] }
    return items.compactMap { item in r.identifier(item, what: r.t("lint.what.familyId")).map { ($0, r.location(item)) } }
  }

  func pitch(_ f: YAMLReader.Fields) -> PitchKey? {
    var concepts: [PitchKey.Concept] = []
    var pendingTopics: [(String, SourceLocation)] = []
    var pendingFamilies: [(String, SourceLocation)] = []
    if let cn = f["concepts"], let items = r.list(cn, what: "`concepts`") {
      for item in items {
        guard
          let c = r.fields(
            item, what: r.t("lint.what.concept"), known: CourseFormat.concept.known, required: CourseFormat.concept.required),
          let id = r.identifier(c["id"], what: r.t("lint.what.conceptId"))
        else { continue }
        if concepts.contains(where: { $0.id == id }), let n = c["id"] {
          r.error("E014", n, r.t("lint.E014.conceptIdTwice", ["id": id]))
          continue
        }
        let label = c["label"].flatMap { r.localized($0, what: r.t("lint.what.conceptLabel")) } ?? Localized(id)
        let weight = c["weight"].flatMap { r.number($0, what: "`weight`", in: 0...100) } ?? 1
        var cues: [String] = []
        if let qn = c["cues"], r.visit(qn) {
          if case .mapping(let m) = qn {
            for (k, v) in m {
              guard let code = r.string(k, what: r.t("lint.what.languageCode")) else { continue }
              if !r.languages.isEmpty && !r.languages.contains(code) {
                r.error("E015", k, r.t("lint.E015.cuesInUndeclaredLanguage", ["code": code]))
                continue
              }
              cues += patternStrings(v, what: r.t("lint.what.languageCues", ["code": code])) ?? []
            }
          } else {
            cues = patternStrings(qn, what: "`cues`") ?? []
          }
          if cues.isEmpty { r.error("E013", qn, r.t("lint.E013.noCues", ["id": id])) }
        }
        var topic: String?
        let families = c["families"].map { familyNames($0) } ?? []
        for (family, location) in families { pendingFamilies.append((family, location)) }
        if let tn = c["topic"] {
          topic = LexiconLoader.cueTopic(tn, r)
          if let topic { pendingTopics.append((topic, r.location(tn))) }
        } else if c["cues"] == nil && families.isEmpty {
          r.error("E010", item, r.t("lint.E010.conceptNeedsCues", ["id": id]))
        }
        concepts.append(PitchKey.Concept(id: id, label: label, weight: weight, cues: cues, topic: topic, families: families.map(\.0)))
      }
      if concepts.isEmpty { r.error("E018", cn, r.t("lint.E018.noConcepts")) }
    } else if !f.has("concepts") {
      r.error("E010", f.node, r.t("lint.E010.pitchNeedsConcepts"))
    }
    if concepts.allSatisfy({ $0.weight == 0 }) && !concepts.isEmpty, let n = f["concepts"] {
      r.error("E018", n, r.t("lint.E018.allWeightsZero"))
    }
    let minChars = f["min_chars"].flatMap { r.integer($0, what: "`min_chars`", in: 0...100_000) }
    let maxChars = f["max_chars"].flatMap { r.integer($0, what: "`max_chars`", in: 1...100_000) }
    if let lo = minChars, let hi = maxChars, lo > hi, let n = f["min_chars"] {
      r.error("E025", n, r.t("lint.E025.minCharsAboveMaxChars", ["min": String(lo), "max": String(hi)]))
    }
    var key = PitchKey(
      concepts: concepts, minChars: minChars, maxChars: maxChars,
      lexicons: f["lexicons"].map { lexiconNames($0, what: "`lexicons`") } ?? [],
      banned: bannedWords(f["banned"]).map(\.0),
      penalty: f["penalty"].flatMap { r.number($0, what: "`penalty`", in: 0...1) } ?? 0.25,
      modelAnswers: modelAnswers(f["model_answer"]))
    key.bannedNotes = Dictionary(bannedWords(f["banned"]).map { ($0.0, ($0.1, $0.2)) }, uniquingKeysWith: { a, _ in a })
    for (topic, location) in pendingTopics {
      conceptTopics.append(ConceptTopicRef(topic: topic, lexicons: key.lexicons, location: location))
    }
    for (family, location) in pendingFamilies {
      familyRefs.append(FamilyRef(family: family, lexicons: key.lexicons, location: location))
    }
    if let fn = f["facts"] {
      var ids: [String] = []
      key.facts = liveProduct(fn, ids: &ids, scenario: nil, lexicons: key.lexicons, asFacts: true)
      if case .mapping(let m) = fn {
        for pair in m {
          guard let k = pair.key.string else { continue }
          key.factKeys.insert(k)
          if k == "shipping", case .mapping(let sm) = pair.value {
            for sub in sm { if let sk = sub.key.string { key.factKeys.insert("shipping." + sk) } }
          }
        }
      }
    }
    if let pn = f["promotions"] {
      let facts = key.facts
      key.promotions = livePromotions(pn) { _ in (facts?.id, facts, facts != nil) }
    }
    if key.modelAnswer == nil {
      r.warning("W007", f.node, r.t("lint.W007.pitchWithoutModelAnswer"))
    }
    if key.facts != nil { key.factsKey = String(reflecting: key.facts) + String(reflecting: key.promotions) }
    return key
  }
}
