import Yams

/// Reads a Yams node tree into typed values, collecting every problem as a diagnostic.
///
/// It never throws and never stops at the first problem: a bad value yields nil and a
/// diagnostic, and the caller goes on. A visit budget caps alias expansion ("billion laughs").
final class YAMLReader {
  let source: SourceText
  /// The words diagnostics are written in. Looked up only when a problem is reported.
  let messages: MessageCatalog
  private(set) var diagnostics: [Diagnostic] = []
  /// Errors reported so far (cheaper than filtering `diagnostics`).
  private(set) var errorCount = 0
  /// Nodes that may still be visited; aliases make a small file name a huge tree.
  private var budget: Int
  private var budgetReported = false
  /// Languages the course declares; strings in other languages are errors.
  var languages: [String] = []

  /// The visit budget for one file.
  static let maxNodes = 500_000
  /// At most this many findings are reported per file; the rest are summarised.
  static let maxDiagnostics = 200
  private var suppressed = 0

  /// UTF-8 offsets where each line starts, built on the first diagnostic (only findings need lines).
  private lazy var lineStarts: [Int] = {
    var starts = [0]
    var i = 0
    for b in source.text.utf8 {
      i += 1
      if b == 0x0A { starts.append(i) }
    }
    return starts
  }()

  /// Line `n` of the source (1-based), in O(1) after the first call.
  func sourceLine(_ n: Int) -> String? {
    guard n >= 1, n <= lineStarts.count else { return nil }
    let utf8 = source.text.utf8
    let start = utf8.index(utf8.startIndex, offsetBy: lineStarts[n - 1])
    let end = n < lineStarts.count ? utf8.index(utf8.startIndex, offsetBy: lineStarts[n] - 1) : utf8.endIndex
    return String(source.text[start..<end])
  }

  /// Adds the "and N more" note when findings were capped.
  func finish() {
    guard suppressed > 0 else { return }
    diagnostics.append(
      Diagnostic(
        code: "E009", severity: .error, location: SourceLocation(path: source.path, line: 1, column: 1),
        message: t("lint.E009.moreProblems", ["count": String(suppressed)])))
    suppressed = 0
  }

  init(source: SourceText, budget: Int = YAMLReader.maxNodes, messages: MessageCatalog = .english) {
    self.source = source
    self.budget = budget
    self.messages = messages
  }

  // MARK: Words

  /// The message `key` in the reader's language, `{name}` placeholders filled from `args`.
  func t(_ key: String, _ args: [String: String] = [:]) -> String { messages.text(key, args) }

  /// `items` joined with the language's list separator (`, ` or `、`).
  func joined(_ items: [String]) -> String { items.joined(separator: t("lint.listSeparator")) }

  /// `items` as code (`` `a`, `b` ``), joined with the language's list separator.
  func codes(_ items: [String]) -> String { joined(items.map { "`\($0)`" }) }

  // MARK: Composing

  /// Parses the text with Yams; on a syntax error, records it and returns nil.
  func compose() -> Node? {
    if let bomb = Self.aliasExpansion(source.text), bomb.size > Self.maxNodes {
      report(
        "E007", .error, SourceLocation(path: source.path, line: bomb.line, column: bomb.column),
        t("lint.E007.aliasBomb", ["limit": String(Self.maxNodes)]))
      return nil
    }
    // Slips the parser reports badly or not at all (a full-width `：`, a missing colon, tabs, `*`, ` #`),
    // every one, each where it is; those that stop the parser are mended in a copy, so the file's
    // other problems are still found in this run.
    let slips = YAMLSlips.scan(source.text)
    for f in slips.findings {
      report(f.code, f.severity, SourceLocation(path: source.path, line: f.line, column: f.column), t(f.key, f.args), fix: f.fix)
    }
    var text = slips.mended ?? source.text
    // A repeated key stops Yams at once; blank the repeat out and parse again, so that the
    // file's other problems are still found (at most 20 rounds).
    for _ in 0..<20 {
      do {
        // The basic resolver: Bazaar reads every scalar as text and parses numbers and booleans
        // itself, so Yams' regex-based tag resolution would be wasted work (and memory).
        guard let root = try Yams.compose(yaml: text, .basic) else {
          report(
            "E005", .error, SourceLocation(path: source.path, line: 1, column: 1),
            t("lint.E005.emptyFile"))
          return nil
        }
        return root
      } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
        guard let (next, line, column) = Self.blankRepeatedKey(duplicates, after: context.mark, in: text) else {
          report("E026", .error, location(context.mark), t("lint.E026.repeatedKey", ["keys": codes(duplicates)]))
          return nil
        }
        report(
          "E026", .error, SourceLocation(path: source.path, line: line, column: column),
          t("lint.E026.repeatedKeyFirstAt", ["keys": codes(duplicates), "line": String(context.mark.line)]))
        text = next
      } catch let error as YamlError {
        reportYAMLError(error)
        return nil
      } catch {
        report(
          "E004", .error, SourceLocation(path: source.path, line: 1, column: 1),
          t("lint.E004.cannotParse", ["error": "\(error)"]))
        return nil
      }
    }
    return nil
  }

  /// `text` with the second occurrence of a repeated block-mapping key (and the lines indented under
  /// it) replaced by spaces, so line and column numbers stay the same; nil when it cannot be found.
  static func blankRepeatedKey(_ keys: [String], after mark: Mark, in text: String) -> (String, Int, Int)? {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let column = mark.column
    guard mark.line >= 1, mark.line <= lines.count else { return nil }
    let indent = String(repeating: " ", count: max(0, column - 1))
    for n in mark.line..<lines.count {  // lines[n] is line n + 1
      let line = lines[n]
      guard line.hasPrefix(indent) else { continue }
      let rest = line.dropFirst(indent.count)
      guard let key = keys.first(where: { rest.hasPrefix($0 + ":") || rest.hasPrefix("\"\($0)\":") || rest.hasPrefix("'\($0)':") })
      else {
        if !rest.hasPrefix(" ") && !rest.isEmpty && !rest.hasPrefix("#") && n > mark.line { /* sibling key */ }
        continue
      }
      _ = key
      lines[n] = String(repeating: " ", count: line.count)
      var m = n + 1
      while m < lines.count {
        let next = lines[m]
        let lead = next.prefix { $0 == " " }.count
        if next.trimmingSpaces.isEmpty || lead > column - 1 {
          lines[m] = String(repeating: " ", count: next.count)
          m += 1
        } else {
          break
        }
      }
      return (lines.joined(separator: "\n"), n + 1, column)
    }
    return nil
  }

  /// A rough upper bound on how many values the file's aliases expand to, and where the largest
  /// expansion is used. Anchors are read in text order; an anchor's content is taken to run to the
  /// next anchor, which over-counts but never under-counts. Yams hashes mapping keys while
  /// composing, so a "billion laughs" alias would hang it before Bazaar's own budget could act.
  static func aliasExpansion(_ text: String) -> (size: Int, line: Int, column: Int)? {
    guard text.utf8.contains(0x2A), text.utf8.contains(0x26) else { return nil }  // no `*` or no `&`: the common case
    var sizes: [String: Int] = [:]  // anchor name → expanded size
    var current: String?
    var currentSize = 1
    var worst: (size: Int, line: Int, column: Int)?
    // The lines holding a `*` or `&`, found by bytes: splitting the text into lines, or
    // Foundation's `contains("*")` on each, cost more than composing the whole file.
    var marked: [(line: Int, text: Substring)] = []
    let utf8 = text.utf8
    var line = 1
    var start = utf8.startIndex
    var index = utf8.startIndex
    var hasMark = false
    while index < utf8.endIndex {
      let byte = utf8[index]
      if byte == 0x0A {
        if hasMark { marked.append((line, text[start..<index])) }
        line += 1
        hasMark = false
        index = utf8.index(after: index)
        start = index
        continue
      }
      if byte == 0x2A || byte == 0x26 { hasMark = true }
      index = utf8.index(after: index)
    }
    if hasMark { marked.append((line, text[start..<index])) }
    for (line, raw) in marked {
      let chars = Array(raw)
      var i = 0
      var quote: Character?
      var previous: Character = " "
      while i < chars.count {
        let c = chars[i]
        if let q = quote {
          if c == q { quote = nil }
          previous = c
          i += 1
          continue
        }
        if c == "'" || c == "\"" {
          quote = c
        } else if c == "#" && previous == " " {
          break
        } else if (c == "&" || c == "*") && " \t[{,-:?".contains(previous) {
          var j = i + 1
          while j < chars.count, !" \t,[]{}".contains(chars[j]) { j += 1 }
          var name = String(chars[(i + 1)..<j])
          if c == "*", name.hasSuffix(":") { name.removeLast() }
          if !name.isEmpty {
            if c == "&" {
              if let current { sizes[current] = currentSize }
              current = name
              currentSize = 1
            } else if name == current {
              // A use of the anchor just defined (its content is over by now): as big as it is.
              if worst == nil || currentSize > (worst?.size ?? 0) { worst = (currentSize, line, i + 1) }
            } else if let size = sizes[name] {
              currentSize = min(Int.max / 4, currentSize &+ size)
              if worst == nil || size > (worst?.size ?? 0) { worst = (size, line, i + 1) }
            }
          }
          previous = " "
          i = j
          continue
        }
        previous = c
        i += 1
      }
    }
    if let current { sizes[current] = currentSize }
    if let biggest = sizes.values.max(), biggest > (worst?.size ?? 0), let w = worst { worst = (biggest, w.line, w.column) }
    return worst
  }

  private func reportYAMLError(_ error: YamlError) {
    var problem = ""
    var mark: Mark?
    var context: String?
    var contextMark: (text: String?, mark: Mark)?
    switch error {
    case .scanner(let c, let p, let m, _), .parser(let c, let p, let m, _), .composer(let c, let p, let m, _):
      problem = p
      mark = m
      context = c?.text
      if let c { contextMark = (c.text, c.mark) }
    case .reader(let p, _, _, _):
      problem = p
    case .duplicatedKeysInMapping(let duplicates, let c):
      report("E026", .error, location(c.mark), t("lint.E026.repeatedKey", ["keys": codes(duplicates)]))
      return
    default:
      problem = "\(error)"
    }
    var loc = mark.map(location) ?? SourceLocation(path: source.path, line: 1, column: 1)
    if let context = contextMark, let text = context.text, text.contains("quoted scalar") {
      report(
        "E004", .error, location(context.mark),
        t(
          "lint.E004.unclosedQuote",
          ["quote": quoteAt(context.mark) ?? t("lint.word.quote"), "context": text, "problem": problem]))
      return
    }
    if problem.contains("Maximum nesting level") {
      report("E006", .error, loc, t("lint.E006.tooDeep"))
      return
    }
    // Tabs: YAML forbids them in indentation; say so plainly when the error is on such a line.
    for n in [loc.line, loc.line - 1] {
      guard let line = sourceLine(n) else { continue }
      let indent = line.prefix { $0 == " " || $0 == "\t" }
      if let tab = indent.firstIndex(of: "\t"), problem.contains("cannot start any token") || problem.contains("tab") {
        loc = SourceLocation(path: source.path, line: n, column: line.distance(from: line.startIndex, to: tab) + 1)
        report("E008", .error, loc, t("lint.E008.tab"))
        return
      }
    }
    // libyaml's own words (`problem`, `context`) are English; Bazaar's frame and hint are translated.
    var detail = problem
    if let context, !context.isEmpty {
      detail = t("lint.E004.problemInContext", ["problem": problem, "context": context])
    }
    if let hint = hint(for: problem) {
      report("E004", .error, loc, t("lint.E004.syntaxWithHint", ["problem": detail, "hint": t(hint)]))
    } else {
      report("E004", .error, loc, t("lint.E004.syntax", ["problem": detail]))
    }
  }

  private func quoteAt(_ mark: Mark) -> String? {
    guard let line = sourceLine(mark.line) else { return nil }
    let chars = Array(line)
    let i = mark.column - 1
    guard chars.indices.contains(i) else { return nil }
    return chars[i] == "'" ? "`'`" : chars[i] == "\"" ? "`\"`" : nil
  }

  /// The message key of a hint for a libyaml problem, if Bazaar has one.
  private func hint(for problem: String) -> String? {
    if problem.contains("mapping values are not allowed") { return "lint.hint.quoteColon" }
    if problem.contains("could not find expected ':'") { return "lint.hint.missingColon" }
    if problem.contains("did not find expected key") || problem.contains("did not find expected '-'") {
      return "lint.hint.indent"
    }
    if problem.contains("found character that cannot start any token") { return "lint.hint.quotePlainValue" }
    return nil
  }

  // MARK: Reporting

  func location(_ mark: Mark) -> SourceLocation {
    SourceLocation(path: source.path, line: max(1, mark.line), column: max(1, mark.column))
  }

  func location(_ node: Node) -> SourceLocation {
    node.mark.map(location) ?? SourceLocation(path: source.path, line: 1, column: 1)
  }

  func report(_ code: String, _ severity: Severity, _ loc: SourceLocation, _ message: String, fix: String? = nil) {
    if diagnostics.count >= Self.maxDiagnostics {
      absorb(Diagnostic(code: code, severity: severity, location: loc, message: message))
      return
    }
    var d = Diagnostic(
      code: code, severity: severity, location: loc, message: message,
      sourceLine: loc.path == source.path ? sourceLine(loc.line) : nil)
    d.fix = fix
    absorb(d)
  }

  /// Counts a finding and keeps it, up to the cap: this reader's own, or one made by another reader
  /// (an included bank's), as it is.
  func absorb(_ d: Diagnostic) {
    if d.severity == .error { errorCount += 1 }
    if diagnostics.count >= Self.maxDiagnostics {
      suppressed += 1
      return
    }
    diagnostics.append(d)
  }

  func error(_ code: String, _ node: Node, _ message: String) { report(code, .error, location(node), message) }
  func warning(_ code: String, _ node: Node, _ message: String) { report(code, .warning, location(node), message) }

  /// Spends one unit of the visit budget; false (and one diagnostic) when it is exhausted.
  func visit(_ node: Node) -> Bool {
    budget -= 1
    if budget >= 0 { return true }
    if !budgetReported {
      budgetReported = true
      error("E007", node, t("lint.E007.tooManyValues", ["limit": String(Self.maxNodes)]))
    }
    return false
  }

  // MARK: Mappings

  /// A mapping's keys and values, with unknown keys reported and required keys checked.
  struct Fields {
    let node: Node
    /// Key names in file order (mappings here are small, so a linear search beats hashing),
    /// with their key and value nodes at the same index.
    var names: [String] = []
    var keys: [Node] = []
    var values: [Node] = []
    subscript(_ key: String) -> Node? { names.firstIndex(of: key).map { values[$0] } }
    func keyNode(_ key: String) -> Node? { names.firstIndex(of: key).map { keys[$0] } }
    func has(_ key: String) -> Bool { names.contains(key) }
  }

  /// Reads `node` as a mapping. `known` lists the keys allowed here; `elsewhere` names keys that
  /// belong to other kinds of the same thing (key → those kinds), so a misplaced key gets a precise message.
  func fields(
    _ node: Node, what: @autoclosure () -> String, known: [String], required: [String] = [],
    elsewhere: [String: [String]] = [:]
  ) -> Fields? {
    guard visit(node) else { return nil }
    guard case .mapping(let mapping) = node else {
      error("E012", node, t("lint.E012.notMapping", ["what": what(), "actual": describe(node)]))
      return nil
    }
    var result = Fields(node: node)
    for (keyNode, value) in mapping {
      guard visit(keyNode) else { return nil }
      guard case .scalar(let s) = keyNode else {
        error("E012", keyNode, t("lint.E012.keyNotWord", ["what": what(), "actual": describe(keyNode)]))
        continue
      }
      let key = s.string
      if result.has(key) {
        error("E026", keyNode, t("lint.E026.keyTwice", ["key": key, "what": what()]))
        continue
      }
      if !known.contains(key) {
        if let owners = elsewhere[key] {
          error("E019", keyNode, t("lint.E019.belongsElsewhere", ["key": key, "what": what(), "kinds": joined(owners)]))
        } else if let guess = Self.closest(key, in: known) {
          error("E011", keyNode, t("lint.E011.unknownKeyDidYouMean", ["key": key, "what": what(), "guess": guess]))
        } else {
          error("E011", keyNode, t("lint.E011.unknownKey", ["key": key, "what": what(), "allowed": codes(known)]))
        }
        continue
      }
      result.names.append(key)
      result.keys.append(keyNode)
      result.values.append(value)
    }
    for key in required where !result.has(key) {
      error("E010", node, t("lint.E010.missingKey", ["what": what(), "key": key]))
    }
    return result
  }

  /// The known word nearest to `word` (edit distance ≤ 2, or a shared prefix), for "did you mean".
  static func closest(_ word: String, in candidates: [String]) -> String? {
    let w = Array(word.lowercased())
    var best: (String, Int)?
    for c in candidates {
      let d = editDistance(w, Array(c.lowercased()))
      let limit = max(1, min(3, c.count / 3))
      if d <= limit, best == nil || d < best?.1 ?? Int.max { best = (c, d) }
    }
    if let best { return best.0 }
    if w.count >= 3 {
      let lw = String(w)
      return candidates.first { $0.lowercased().hasPrefix(lw) || lw.hasPrefix($0.lowercased()) && $0.count >= 3 }
    }
    return nil
  }

  static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    if a.count > 64 || b.count > 64 { return max(a.count, b.count) }
    // Optimal string alignment: a swap of two neighbours ("titel") counts as one edit.
    var before = [Int](repeating: 0, count: b.count + 1)
    var prev = Array(0...b.count)
    var cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      cur[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { cur[j] = Swift.min(cur[j], before[j - 2] + 1) }
      }
      before = prev
      prev = cur
    }
    return prev[b.count]
  }

  func describe(_ node: Node) -> String {
    switch node {
    case .scalar(let s):
      s.string.isEmpty ? t("lint.describe.empty") : t("lint.describe.value", ["value": Self.clip(s.string)])
    case .mapping: t("lint.describe.mapping")
    case .sequence: t("lint.describe.list")
    case .alias: t("lint.describe.alias")
    }
  }

  static func clip(_ s: String) -> String {
    let one = s.replacingOccurrences(of: "\n", with: " ")
    return one.count > 40 ? String(one.prefix(40)) + "…" : one
  }

  // MARK: Scalars

  /// A non-empty string.
  func string(_ node: Node?, what: @autoclosure () -> String, allowEmpty: Bool = false) -> String? {
    guard let node, visit(node) else { return nil }
    guard case .scalar(let s) = node else {
      error("E012", node, t("lint.E012.notText", ["what": what(), "actual": describe(node)]))
      return nil
    }
    if (s.string.isEmpty || Self.isNull(s)) && !allowEmpty {
      error("E013", node, t("lint.E013.empty", ["what": what()]))
      return nil
    }
    return s.string
  }

  /// Whether `s` is YAML's null (`~`, `null`, unquoted): no value, as the schema and editors read
  /// it, not the text "~" shown to learners.
  static func isNull(_ s: Node.Scalar) -> Bool {
    s.style == .plain && (s.string == "~" || s.string == "null" || s.string == "Null" || s.string == "NULL")
  }

  /// An id: letters, digits, `-`, `_`, `.`; no spaces or slashes.
  func identifier(_ node: Node?, what: @autoclosure () -> String) -> String? {
    guard let node, let s = string(node, what: what()) else { return nil }
    if !Self.isIdentifier(s) {
      error("E013", node, t("lint.E013.badIdentifier", ["what": what(), "value": Self.clip(s)]))
      return nil
    }
    return s
  }

  /// Whether `s` can be an id: at most 80 ASCII letters, digits, `-`, `_`, `.`, not starting with `.` or `-`.
  static func isIdentifier(_ s: String) -> Bool {
    !s.isEmpty && s.utf8.count <= 80 && s.utf8.allSatisfy(isIdentifierByte) && !s.hasPrefix(".") && !s.hasPrefix("-")
  }

  static func isIdentifierByte(_ b: UInt8) -> Bool {
    (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x5F || b == 0x2E
  }

  /// A finite number.
  func number(_ node: Node?, what: @autoclosure () -> String) -> Double? {
    guard let node, visit(node) else { return nil }
    guard case .scalar(let s) = node, let v = Self.parseNumber(s.string) else {
      error("E012", node, t("lint.E012.notNumber", ["what": what(), "actual": describe(node)]))
      return nil
    }
    // Quotes make text, in YAML and in every editor that reads the schema: `points: "2"` is the
    // text 2, not the number. Said plainly, with the fix, rather than read as a number here and
    // refused by the schema there.
    if s.style == .singleQuoted || s.style == .doubleQuoted {
      error("E012", node, t("lint.E012.quotedNumber", ["what": what(), "value": Self.clip(s.string.trimmingSpaces)]))
      return nil
    }
    return v
  }

  static func parseNumber(_ text: String) -> Double? {
    var t = ""
    for b in text.utf8 {
      switch b {
      case 0x20, 0x09, 0x5F: continue  // spaces and YAML's digit separator `_`
      case 0x30...0x39, 0x2B, 0x2D, 0x2E, 0x65, 0x45: t.unicodeScalars.append(Unicode.Scalar(b))
      default: return nil
      }
      if t.utf8.count > 40 { return nil }
    }
    guard !t.isEmpty, let v = Double(t), v.isFinite else { return nil }
    return v
  }

  /// A number within `range`.
  func number(_ node: Node?, what: @autoclosure () -> String, in range: ClosedRange<Double>) -> Double? {
    guard let node, let v = number(node, what: what()) else { return nil }
    if !range.contains(v) {
      error(
        "E013", node,
        t(
          "lint.E013.outOfRange",
          ["what": what(), "min": fmt(range.lowerBound), "max": fmt(range.upperBound), "value": fmt(v)]))
      return nil
    }
    return v
  }

  /// A whole number within `range`.
  func integer(_ node: Node?, what: @autoclosure () -> String, in range: ClosedRange<Int>) -> Int? {
    guard let node, let v = number(node, what: what()) else { return nil }
    // A whole number is read exactly where it can be: 9007199254740993 is not 2^53 (a Double
    // would round it into the range).
    let exact = node.scalar.flatMap { Int($0.string.filter { $0 != "_" && $0 != " " && $0 != "+" }) }
    guard v == v.rounded(), let whole = exact ?? Int(exactly: v), range.contains(whole) else {
      error(
        "E013", node,
        t(
          "lint.E013.notWholeNumber",
          [
            "what": what(), "min": String(range.lowerBound), "max": String(range.upperBound),
            "value": exact.map(String.init) ?? fmt(v),
          ]))
      return nil
    }
    return whole
  }

  /// `true`/`false` (also `yes`/`no`).
  func bool(_ node: Node?, what: @autoclosure () -> String) -> Bool? {
    guard let node, visit(node) else { return nil }
    if case .scalar(let s) = node {
      switch s.string.lowercased() {
      case "true", "yes", "on": return true
      case "false", "no", "off": return false
      default: break
      }
    }
    error("E012", node, t("lint.E012.notBool", ["what": what(), "actual": describe(node)]))
    return nil
  }

  /// A list (a single value is read as a one-item list when `single` is true).
  func list(_ node: Node?, what: @autoclosure () -> String, single: Bool = false) -> [Node]? {
    guard let node, visit(node) else { return nil }
    switch node {
    case .sequence(let seq): return Array(seq)
    case .scalar where single: return [node]
    default:
      error("E012", node, t("lint.E012.notList", ["what": what(), "actual": describe(node)]))
      return nil
    }
  }

  /// A list of strings (a single string is accepted as a one-item list).
  func strings(_ node: Node?, what: @autoclosure () -> String) -> [String]? {
    guard let items = list(node, what: what(), single: true) else { return nil }
    return items.compactMap { string($0, what: t("lint.what.eachEntryOf", ["what": what()])) }
  }

  // MARK: Localized text

  /// A learner-visible string: plain text, or a map of language code → text.
  func localized(_ node: Node?, what: @autoclosure () -> String) -> Localized? {
    guard let node, visit(node) else { return nil }
    switch node {
    case .scalar(let s):
      if s.string.allSatisfy(\.isWhitespace) || Self.isNull(s) {
        error("E013", node, t("lint.E013.emptyText", ["what": what()]))
        return nil
      }
      return Localized(s.string)
    case .mapping(let mapping):
      var entries: [Localized.Entry] = []
      for (k, v) in mapping {
        guard visit(k), case .scalar(let key) = k else { continue }
        let code = key.string
        guard Self.isLanguageCode(code) else {
          // `{zh: 先算成本。, en: First, the cost.}`: a comma in unquoted text inside braces split it,
          // and the rest became a key with no value.
          if case .scalar(let value) = v, value.string.isEmpty, value.style == .plain, mapping.count > 1 {
            error("E013", k, t("lint.E013.textAfterComma", ["code": Self.clip(code)]))
          } else {
            error("E013", k, t("lint.E013.notLanguageCode", ["code": Self.clip(code)]))
          }
          continue
        }
        if entries.contains(where: { $0.language == code }) {
          error("E026", k, t("lint.E026.languageTwice", ["code": code, "what": what()]))
          continue
        }
        if !languages.isEmpty && !languages.contains(code) {
          error(
            "E015", k, t("lint.E015.undeclaredLanguage", ["what": what(), "code": code, "languages": joined(languages)]))
          continue
        }
        guard let text = string(v, what: t("lint.what.languageTextOf", ["code": code, "what": what()])) else { continue }
        entries.append(Localized.Entry(language: code, text: text))
      }
      guard !entries.isEmpty else {
        error("E013", node, t("lint.E013.noText", ["what": what()]))
        return nil
      }
      let text = Localized(entries: entries)
      let missing = languages.filter { code in !entries.contains { $0.language == code } }
      if let first = missing.first {
        let shown = languages.first { code in entries.contains { $0.language == code } } ?? entries[0].language
        warning(
          "W001", node,
          missing.count == 1
            ? t("lint.W001.missingLanguage", ["what": what(), "code": first, "shown": shown])
            : t("lint.W001.missingLanguages", ["what": what(), "codes": codes(missing), "shown": shown]))
      }
      return text
    default:
      error("E012", node, t("lint.E012.notLocalized", ["what": what(), "actual": describe(node)]))
      return nil
    }
  }

  static func isLanguageCode(_ s: String) -> Bool {
    let parts = s.utf8.split(separator: 0x2D, omittingEmptySubsequences: false)
    guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else {
      return false
    }
    return parts.dropFirst().allSatisfy {
      (2...8).contains($0.count) && $0.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) }
    }
  }

  func fmt(_ v: Double) -> String { NumberReader.format(v) }
}
