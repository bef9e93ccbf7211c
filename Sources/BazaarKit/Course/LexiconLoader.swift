import Yams

/// Loads lexicon files (`lexicon/NAME.yaml`) and finds them for the courses that name them.
public enum LexiconLoader {
  /// Loads one lexicon file; nil plus diagnostics (in `messages`' language) when it is broken.
  public static func parse(
    bytes: [UInt8], path: String, messages: MessageCatalog = .english
  ) -> (Lexicon?, [Diagnostic]) {
    switch SourceText.decode(bytes, path: path, messages: messages) {
    case .failure(let d): return (nil, [d])
    case .success(let source):
      let r = YAMLReader(source: source, messages: messages)
      guard let root = r.compose() else { return (nil, r.diagnostics) }
      let lexicon = build(root, r)
      r.finish()
      return (r.diagnostics.hasErrors ? nil : lexicon, r.diagnostics.sortedByLocation())
    }
  }

  static func build(_ root: Node, _ r: YAMLReader) -> Lexicon? {
    guard
      let f = r.fields(
        root, what: r.t("lint.what.lexicon"),
        known: LexiconFormat.root.known, required: LexiconFormat.root.required)
    else { return nil }
    if let ln = f["languages"] {
      let codes = r.strings(ln, what: "`languages`") ?? []
      for code in codes where !YAMLReader.isLanguageCode(code) {
        r.error("E013", ln, r.t("lint.E013.notLanguageCode", ["code": YAMLReader.clip(code)]))
      }
      r.languages = codes.filter(YAMLReader.isLanguageCode)
    }
    let name = r.identifier(f["lexicon"], what: r.t("lint.what.lexiconName"))
    if let name, let n = f["lexicon"] {
      let file = NSStringPath(r.source.path).lastComponentWithoutExtension
      if file != name {
        r.warning("W008", n, r.t("lint.W008.fileName", ["name": name, "file": file]))
      }
    }
    let title = f["title"].flatMap { r.localized($0, what: r.t("lint.what.lexiconTitle")) } ?? Localized(name ?? "")
    let category = r.identifier(f["category"], what: r.t("lint.what.category"))
    let rule = f["rule"].flatMap { r.localized($0, what: r.t("lint.what.rule")) }
    let exempt = f["exempt"].flatMap { patterns($0, what: "`exempt`", r) } ?? []
    let isCue = category == Lexicon.cueCategory
    let isGrammar = category == Lexicon.grammarCategory
    let sources = f["sources"].flatMap { r.strings($0, what: "`sources`") } ?? []
    let families = f["families"].map { familyEntries($0, r) } ?? [:]
    var grammar: GrammarWords?
    if isGrammar {
      var g = GrammarWords()
      for key in GrammarWords.listKeys {
        if let n = f[key] { g.set(key, patterns(n, what: "`\(key)`", r) ?? []) }
      }
      if let n = f["reach"], let reach = r.integer(n, what: "`reach`", in: 1...200) { g.reach = reach }
      g.negationReaches = g.negations.map { _ in g.reach }
      grammar = g
    } else {
      for key in GrammarWords.listKeys + ["reach"] {
        if let n = f[key] { r.warning("W013", n, r.t("lint.W013.grammarKey", ["key": key])) }
      }
      if f["terms"] == nil, families.isEmpty {
        r.error("E010", root, r.t("lint.E010.missingKey", ["what": r.t("lint.what.lexicon"), "key": "terms"]))
      }
    }
    let topics = f["topics"].map { topicTexts($0, isCue: isCue, r) } ?? [:]
    var terms: [Lexicon.Term] = []
    var seen: [String: Int] = [:]
    if let tn = f["terms"], let items = r.list(tn, what: "`terms`") {
      if items.isEmpty && !isGrammar { r.error("E016", tn, r.t("lint.E016.noTerms")) }
      for item in items {
        var term: Lexicon.Term?
        if case .mapping = item {
          guard
            let t = r.fields(
              item, what: r.t("lint.what.term"), known: LexiconFormat.termObject.known, required: LexiconFormat.termObject.required),
            let text = r.string(t["term"], what: r.t("lint.what.termText")), validPattern(text, t["term"], r)
          else { continue }
          var topic: String?
          if let tn = t["topic"] {
            if !isCue {
              r.warning("W012", tn, r.t("lint.W012.topicNotCue"))
            } else {
              topic = cueTopic(tn, r)
              if topic == nil { continue }
            }
          } else if isCue {
            r.error("E038", item, r.t("lint.E038.noTopic", ["term": YAMLReader.clip(text), "topics": r.codes(CueTopic.allCases.map(\.rawValue))]))
            continue
          }
          term = Lexicon.Term(
            text: text, topic: topic, reason: t["reason"].flatMap { r.localized($0, what: r.t("lint.what.reason")) },
            advice: t["advice"].flatMap { r.localized($0, what: r.t("lint.what.advice")) },
            exemptions: t["exempt"].flatMap { patterns($0, what: "`exempt`", r) } ?? [], location: r.location(item))
        } else if let text = r.string(item, what: r.t("lint.what.term")), validPattern(text, item, r) {
          if isCue {
            r.error("E038", item, r.t("lint.E038.noTopic", ["term": YAMLReader.clip(text), "topics": r.codes(CueTopic.allCases.map(\.rawValue))]))
            continue
          }
          term = Lexicon.Term(text: text, reason: nil, advice: nil, exemptions: [], location: r.location(item))
        }
        guard let term else { continue }
        let key = TextNormalizer.normalize(term.text)
        if key.isEmpty {
          r.error("E013", item, r.t("lint.E013.emptyTerm"))
          continue
        }
        if let first = seen[key] {
          r.warning("W009", item, r.t("lint.W009.termTwice", ["term": term.text, "line": String(first)]))
          continue
        }
        seen[key] = r.location(item).line
        terms.append(term)
      }
    }
    guard let name, let category else { return nil }
    return Lexicon(
      name: name, title: title, category: category, rule: rule, terms: terms, exemptions: exempt, path: r.source.path,
      topics: topics, families: families, sources: sources, grammar: grammar)
  }

  /// A list of patterns (E041 for each that cannot be used, with its column).
  static func patterns(_ node: Node, what: String, _ r: YAMLReader) -> [String]? {
    guard let items = r.list(node, what: what, single: true) else { return nil }
    return items.compactMap { item in
      guard let text = r.string(item, what: r.t("lint.what.eachEntryOf", ["what": what])), validPattern(text, item, r) else { return nil }
      return text
    }
  }

  /// Whether `text` (written at `node`) is a usable ``Pattern``; E041 at the exact column otherwise.
  static func validPattern(_ text: String, _ node: Node?, _ r: YAMLReader) -> Bool {
    // Nothing but spaces or signs: an empty term (E013), not a pattern with a mistake in it.
    if TextNormalizer.normalize(text).isEmpty {
      if let node { r.error("E013", node, r.t("lint.E013.emptyTerm")) }
      return false
    }
    guard case .failure(let problem) = Pattern.expand(text) else { return true }
    var loc = node.map { r.location($0) } ?? SourceLocation(path: r.source.path, line: 1, column: 1)
    var offset = problem.column - 1
    if case .scalar(let sc)? = node, sc.style == .singleQuoted || sc.style == .doubleQuoted {
      loc.column += 1
      // Count the characters of the file up to the mistake: in double quotes an escape (\\) is two
      // characters written for one read, in single quotes '' is.
      if let line = r.sourceLine(loc.line) {
        let written = Array(line.dropFirst(max(0, loc.column - 1)))
        var read = 0
        var i = 0
        while read < problem.column - 1, i < written.count {
          if sc.style == .doubleQuoted, written[i] == "\\" { i += 2 } else if sc.style == .singleQuoted, written[i] == "'" { i += 2 } else { i += 1 }
          read += 1
        }
        offset = i
      }
    }
    loc.column += offset
    r.report(
      "E041", .error, loc,
      r.t("lint.E041.badPattern", ["pattern": YAMLReader.clip(text), "problem": r.t(problem.messageKey, ["limit": String(Pattern.maxExpansions)])]))
    return false
  }

  /// `families:`: for each id, a label and the patterns of its phrases.
  static func familyEntries(_ node: Node, _ r: YAMLReader) -> [String: PhraseFamily] {
    guard case .mapping(let m) = node else {
      r.error("E012", node, r.t("lint.E012.notMapping", ["what": "`families`", "actual": r.describe(node)]))
      return [:]
    }
    var out: [String: PhraseFamily] = [:]
    for (key, value) in m {
      guard let id = r.identifier(key, what: r.t("lint.what.familyId")),
        let f = r.fields(value, what: r.t("lint.what.family", ["family": id]), known: LexiconFormat.family.known, required: LexiconFormat.family.required)
      else { continue }
      let phrases = f["patterns"].flatMap { patterns($0, what: "`patterns`", r) } ?? []
      if phrases.isEmpty, let pn = f["patterns"] { r.error("E016", pn, r.t("lint.E016.noTerms")) }
      out[id] = PhraseFamily(
        id: id, label: f["label"].flatMap { r.localized($0, what: r.t("lint.what.topicLabel")) }, patterns: phrases,
        location: r.location(key))
    }
    return out
  }

  /// A cue topic id (E039 with "did you mean" or the list otherwise).
  static func cueTopic(_ node: Node, _ r: YAMLReader) -> String? {
    guard let value = r.string(node, what: r.t("lint.what.cueTopic")) else { return nil }
    let all = CueTopic.allCases.map(\.rawValue)
    if all.contains(value) { return value }
    if let guess = YAMLReader.closest(value, in: all) {
      r.error("E039", node, r.t("lint.E039.unknownTopicDidYouMean", ["topic": YAMLReader.clip(value), "guess": guess]))
    } else {
      r.error("E039", node, r.t("lint.E039.unknownTopic", ["topic": YAMLReader.clip(value), "topics": r.codes(all)]))
    }
    return nil
  }

  /// `topics:` of a cue lexicon: for each topic id, its `label` and `rule`.
  static func topicTexts(_ node: Node, isCue: Bool, _ r: YAMLReader) -> [String: Lexicon.TopicText] {
    if !isCue { r.warning("W012", node, r.t("lint.W012.topicNotCue")) }
    guard case .mapping(let m) = node else {
      r.error("E012", node, r.t("lint.E012.notMapping", ["what": "`topics`", "actual": r.describe(node)]))
      return [:]
    }
    var out: [String: Lexicon.TopicText] = [:]
    for (key, value) in m {
      guard let id = cueTopic(key, r),
        let f = r.fields(value, what: r.t("lint.what.cueTopicEntry", ["topic": id]), known: LexiconFormat.topicText.known, required: LexiconFormat.topicText.required)
      else { continue }
      out[id] = Lexicon.TopicText(
        label: f["label"].flatMap { r.localized($0, what: r.t("lint.what.topicLabel")) },
        rule: f["rule"].flatMap { r.localized($0, what: r.t("lint.what.rule")) },
        expected: f["expected"].flatMap { r.bool($0, what: "`expected`") })
    }
    return out
  }

  /// Whether YAML text looks like a lexicon (its top level has `lexicon:`), without parsing it fully.
  public static func looksLikeLexicon(_ bytes: [UInt8]) -> Bool { YAMLFileKind.of(bytes) == .lexicon }
}

/// Tiny path helpers (Foundation's are slow and platform-dependent).
struct NSStringPath {
  let path: String
  init(_ path: String) { self.path = path }
  var lastComponent: String { path.split(separator: "/").last.map(String.init) ?? path }
  var lastComponentWithoutExtension: String {
    let last = lastComponent
    guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return last }
    return String(last[..<dot])
  }
  var directory: String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  /// `relative` read from this folder, with `.` and `folder/..` taken out by their letters (no
  /// file system): `courses` + `../banks/p.yaml` is `banks/p.yaml`. An absolute `relative` is itself.
  func resolving(_ relative: String) -> String {
    let absolute = relative.hasPrefix("/") || (path.hasPrefix("/") && !relative.hasPrefix("/"))
    let joined = relative.hasPrefix("/") ? relative : path + "/" + relative
    var parts: [Substring] = []
    for part in joined.split(separator: "/") where part != "." {
      if part == "..", let last = parts.last, last != ".." {
        parts.removeLast()
      } else if part == "..", absolute {
        continue
      } else {
        parts.append(part)
      }
    }
    let body = parts.joined(separator: "/")
    return absolute ? "/" + body : (body.isEmpty ? "." : body)
  }
}

/// Finds and caches the lexicons courses refer to by name.
public final class LexiconLibrary {
  private let fileSystem: any FileSystem
  private var cache: [String: (Lexicon?, [Diagnostic])] = [:]
  /// Extra folders to search (from `--lexicons`).
  public let searchPaths: [String]
  /// The language lexicon diagnostics are written in.
  public let messages: MessageCatalog

  /// Creates a library reading through `fileSystem`, reporting problems in `messages`' language.
  public init(
    fileSystem: any FileSystem = LocalFileSystem(), searchPaths: [String] = [], messages: MessageCatalog = .english
  ) {
    self.fileSystem = fileSystem
    self.searchPaths = searchPaths
    self.messages = messages
  }

  /// The file a lexicon named `name` would be read from, for a course at `coursePath`:
  /// `lexicon/NAME.yaml` beside the course, or in any folder above it, or in a search path.
  public func locate(_ name: String, near coursePath: String) -> String? {
    var dir = NSStringPath(coursePath).directory
    var candidates: [String] = []
    for _ in 0..<6 {
      for folder in ["/lexicon/", "/lexicons/"] {
        candidates.append(dir + folder + name + ".yaml")
        candidates.append(dir + folder + name + ".yml")
      }
      let up = NSStringPath(dir).directory
      if up == dir || dir == "." || dir == "/" { break }
      dir = up
    }
    if dir != "." { candidates.append("./lexicon/" + name + ".yaml") }
    for p in searchPaths { candidates += [p + "/" + name + ".yaml", p + "/" + name + ".yml"] }
    return candidates.first { if case .file = fileSystem.kind(of: $0) { true } else { false } }
  }

  /// The lexicon at `path` (loaded once), and its diagnostics.
  public func load(path: String) -> (Lexicon?, [Diagnostic]) {
    if let hit = cache[path] { return hit }
    let result: (Lexicon?, [Diagnostic])
    do {
      result = LexiconLoader.parse(bytes: try fileSystem.read(path), path: path, messages: messages)
    } catch {
      result = (nil, [Diagnostic(code: "E001", severity: .error, location: nil, message: error.message(messages))])
    }
    cache[path] = result
    return result
  }

  /// The lexicon files a course uses, in the order ``resolve(_:coursePath:)`` loads them: each
  /// lexicon it names (path nil when not found) and then the grammar of each of its languages
  /// (and of Chinese and English) that is there. Locates files only; reads nothing.
  public func files(for loaded: LoadedCourse, coursePath: String) -> [LexiconFile] {
    var out: [LexiconFile] = []
    var done = Set<String>()
    for ref in loaded.lexiconRefs {
      guard let path = locate(ref.name, near: coursePath) else {
        out.append(LexiconFile(name: ref.name, path: nil, location: ref.location))
        continue
      }
      guard done.insert(path).inserted else { continue }
      out.append(LexiconFile(name: ref.name, path: path, location: ref.location))
    }
    // The grammar of each language the course is in (and of Chinese and English, which viewers
    // and hosts mix), when a `grammar-LANG` lexicon is there: how negations and clauses read.
    let languages = (loaded.partial?.languages ?? []) + ["zh", "en"]
    var seenLanguages = Set<String>()
    for language in languages where seenLanguages.insert(MessageCatalog.baseLanguage(language)).inserted {
      let name = "grammar-" + MessageCatalog.baseLanguage(language)
      guard let path = locate(name, near: coursePath), done.insert(path).inserted else { continue }
      out.append(LexiconFile(name: name, path: path, location: nil))
    }
    return out
  }

  /// A lexicon file a course uses (see ``files(for:coursePath:)``).
  public struct LexiconFile: Sendable {
    /// The lexicon's name.
    public var name: String
    /// Where it is; nil when not found.
    public var path: String?
    /// Where the course names it; nil for a grammar lexicon, which courses do not name.
    public var location: SourceLocation?
  }

  /// The lexicons `loaded` uses, read only when first needed (see ``LexiconSet/init(loading:)``);
  /// for lessons, which run courses lint has passed, so problems are not reported here.
  public static func lazySet(_ loaded: LoadedCourse, coursePath: String, searchPaths: [String] = []) -> LexiconSet {
    LexiconSet(loading: { Array(LexiconLibrary(searchPaths: searchPaths).resolve(loaded, coursePath: coursePath).0.byName.values) })
  }

  /// Resolves every lexicon `loaded` refers to; missing ones become E023 diagnostics.
  public func resolve(_ loaded: LoadedCourse, coursePath: String) -> (LexiconSet, [Diagnostic]) {
    var lexicons: [Lexicon] = []
    var diagnostics: [Diagnostic] = []
    /// Loads the lexicon `name` at `path`, or says it has errors (E023 at `location`).
    func add(_ name: String, _ path: String, _ location: SourceLocation?) {
      let (lexicon, found) = load(path: path)
      if let lexicon {
        lexicons.append(lexicon)
      } else {
        diagnostics.append(
          Diagnostic(
            code: "E023", severity: .error, location: location,
            message: messages.text("lint.E023.hasErrors", ["name": name, "path": path, "count": String(found.filter(\.isError).count)])))
      }
    }
    for file in files(for: loaded, coursePath: coursePath) {
      guard let path = file.path else {
        diagnostics.append(
          Diagnostic(
            code: "E023", severity: .error, location: file.location,
            message: messages.text("lint.E023.notFound", ["name": file.name])))
        continue
      }
      add(file.name, path, file.location)
    }
    return (LexiconSet(lexicons), diagnostics)
  }
}
