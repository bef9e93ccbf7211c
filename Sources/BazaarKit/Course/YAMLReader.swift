import Yams

/// Reads a Yams node tree into typed values, collecting every problem as a diagnostic.
///
/// It never throws and never stops at the first problem: a bad value yields nil and a
/// diagnostic, and the caller goes on. A visit budget caps alias expansion ("billion laughs").
final class YAMLReader {
  let source: SourceText
  private(set) var diagnostics: [Diagnostic] = []
  /// Nodes that may still be visited; aliases make a small file name a huge tree.
  private var budget: Int
  private var budgetReported = false
  /// Languages the course declares; strings in other languages are errors.
  var languages: [String] = []

  /// The visit budget for one file.
  static let maxNodes = 500_000

  init(source: SourceText, budget: Int = YAMLReader.maxNodes) {
    self.source = source
    self.budget = budget
  }

  // MARK: Composing

  /// Parses the text with Yams; on a syntax error, records it and returns nil.
  func compose() -> Node? {
    do {
      guard let root = try Yams.compose(yaml: source.text) else {
        report(
          "E005", .error, SourceLocation(path: source.path, line: 1, column: 1),
          "file is empty; a course starts with `id:`, `version:`, `title:`, `languages:` and `lessons:` (try `bazaar new course ID`).")
        return nil
      }
      return root
    } catch let error as YamlError {
      reportYAMLError(error)
      return nil
    } catch {
      report("E004", .error, SourceLocation(path: source.path, line: 1, column: 1), "cannot parse YAML: \(error)")
      return nil
    }
  }

  private func reportYAMLError(_ error: YamlError) {
    var problem = ""
    var mark: Mark?
    var context: String?
    switch error {
    case .scanner(let c, let p, let m, _), .parser(let c, let p, let m, _), .composer(let c, let p, let m, _):
      problem = p
      mark = m
      context = c?.text
    case .reader(let p, _, _, _):
      problem = p
    case .duplicatedKeysInMapping(let duplicates, let c):
      report(
        "E026", .error, location(c.mark),
        "key \(duplicates.map { "`\($0)`" }.joined(separator: ", ")) appears twice in the same mapping; keep one.")
      return
    default:
      problem = "\(error)"
    }
    var loc = mark.map(location) ?? SourceLocation(path: source.path, line: 1, column: 1)
    var message = "YAML syntax error: \(problem)"
    if let context, !context.isEmpty { message += " (\(context))" }
    if problem.contains("Maximum nesting level") {
      report("E006", .error, loc, "nesting is deeper than YAML allows here (1000 levels); a course needs fewer than 10.")
      return
    }
    // Tabs: YAML forbids them in indentation; say so plainly.
    let upTo = min(loc.line, source.lines.count)
    if upTo >= 1 {
      for n in stride(from: upTo, through: 1, by: -1) {
        let line = source.lines[n - 1]
        let indent = line.prefix { $0 == " " || $0 == "\t" }
        if let tab = indent.firstIndex(of: "\t") {
          loc = SourceLocation(path: source.path, line: n, column: line.distance(from: line.startIndex, to: tab) + 1)
          report("E008", .error, loc, "a tab is used for indentation; YAML allows only spaces. Replace the tab with spaces.")
          return
        }
      }
    }
    message += hint(for: problem)
    report("E004", .error, loc, message)
  }

  private func hint(for problem: String) -> String {
    if problem.contains("mapping values are not allowed") {
      return ". If a value contains `: `, put it in quotes."
    }
    if problem.contains("could not find expected ':'") {
      return ". Check the line above for a missing `:` or an unclosed quote."
    }
    if problem.contains("did not find expected key") || problem.contains("did not find expected '-'") {
      return ". Check that this line is indented like its siblings."
    }
    if problem.contains("found character that cannot start any token") {
      return ". Characters such as `@`, `` ` `` and `%` cannot start a plain value: quote it."
    }
    return "."
  }

  // MARK: Reporting

  func location(_ mark: Mark) -> SourceLocation {
    SourceLocation(path: source.path, line: max(1, mark.line), column: max(1, mark.column))
  }

  func location(_ node: Node) -> SourceLocation {
    node.mark.map(location) ?? SourceLocation(path: source.path, line: 1, column: 1)
  }

  func report(_ code: String, _ severity: Severity, _ loc: SourceLocation, _ message: String) {
    diagnostics.append(
      Diagnostic(code: code, severity: severity, location: loc, message: message, sourceLine: source.line(loc.line)))
  }

  func error(_ code: String, _ node: Node, _ message: String) { report(code, .error, location(node), message) }
  func warning(_ code: String, _ node: Node, _ message: String) { report(code, .warning, location(node), message) }

  /// Spends one unit of the visit budget; false (and one diagnostic) when it is exhausted.
  func visit(_ node: Node) -> Bool {
    budget -= 1
    if budget >= 0 { return true }
    if !budgetReported {
      budgetReported = true
      error(
        "E007", node,
        "the file expands to more than \(Self.maxNodes) values (YAML aliases `*name` copy whole trees); remove the aliases or split the file.")
    }
    return false
  }

  // MARK: Mappings

  /// A mapping's keys and values, with unknown keys reported and required keys checked.
  struct Fields {
    let node: Node
    var values: [String: (key: Node, value: Node)] = [:]
    var order: [String] = []
    subscript(_ key: String) -> Node? { values[key]?.value }
    func keyNode(_ key: String) -> Node? { values[key]?.key }
    func has(_ key: String) -> Bool { values[key] != nil }
  }

  /// Reads `node` as a mapping. `known` lists the keys allowed here; `elsewhere` names keys that
  /// belong to other kinds of the same thing, so a misplaced key gets a precise message.
  func fields(
    _ node: Node, what: String, known: [String], required: [String] = [],
    elsewhere: [String: String] = [:]
  ) -> Fields? {
    guard visit(node) else { return nil }
    guard case .mapping(let mapping) = node else {
      error("E012", node, "\(what) must be a mapping of `key: value` lines, not \(describe(node)).")
      return nil
    }
    var result = Fields(node: node)
    for (keyNode, value) in mapping {
      guard visit(keyNode) else { return nil }
      guard case .scalar(let s) = keyNode else {
        error("E012", keyNode, "keys in \(what) must be plain words, not \(describe(keyNode)).")
        continue
      }
      let key = s.string
      if result.values[key] != nil {
        error("E026", keyNode, "`\(key)` appears twice in \(what); keep one.")
        continue
      }
      if !known.contains(key) {
        if let owner = elsewhere[key] {
          error("E019", keyNode, "`\(key)` does not apply to \(what); it belongs to \(owner).")
        } else if let guess = Self.closest(key, in: known) {
          error("E011", keyNode, "unknown key `\(key)` in \(what); did you mean `\(guess)`?")
        } else {
          error(
            "E011", keyNode,
            "unknown key `\(key)` in \(what); allowed keys: \(known.map { "`\($0)`" }.joined(separator: ", ")).")
        }
        continue
      }
      result.values[key] = (keyNode, value)
      result.order.append(key)
    }
    for key in required where result.values[key] == nil {
      error("E010", node, "\(what) is missing `\(key):`.")
    }
    return result
  }

  /// The known word nearest to `word` (edit distance ≤ 2, or a shared prefix), for "did you mean".
  static func closest(_ word: String, in candidates: [String]) -> String? {
    let w = Array(word.lowercased())
    var best: (String, Int)?
    for c in candidates {
      let d = editDistance(w, Array(c))
      let limit = max(1, min(3, c.count / 3))
      if d <= limit, best == nil || d < best?.1 ?? Int.max { best = (c, d) }
    }
    if let best { return best.0 }
    if w.count >= 3 {
      return candidates.first { $0.hasPrefix(String(w)) || String(w).hasPrefix($0) && $0.count >= 3 }
    }
    return nil
  }

  static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    if a.count > 64 || b.count > 64 { return max(a.count, b.count) }
    var prev = Array(0...b.count)
    var cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      cur[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
      }
      swap(&prev, &cur)
    }
    return prev[b.count]
  }

  func describe(_ node: Node) -> String {
    switch node {
    case .scalar(let s): s.string.isEmpty ? "an empty value" : "the value `\(Self.clip(s.string))`"
    case .mapping: "a mapping"
    case .sequence: "a list"
    case .alias: "an alias"
    }
  }

  static func clip(_ s: String) -> String {
    let one = s.replacingOccurrences(of: "\n", with: " ")
    return one.count > 40 ? String(one.prefix(40)) + "…" : one
  }

  // MARK: Scalars

  /// A non-empty string.
  func string(_ node: Node?, what: String, allowEmpty: Bool = false) -> String? {
    guard let node, visit(node) else { return nil }
    guard case .scalar(let s) = node else {
      error("E012", node, "\(what) must be text, not \(describe(node)).")
      return nil
    }
    if s.string.isEmpty && !allowEmpty && s.style == .plain {
      error("E013", node, "\(what) is empty; write a value after the colon.")
      return nil
    }
    return s.string
  }

  /// An id: letters, digits, `-`, `_`, `.`; no spaces or slashes.
  func identifier(_ node: Node?, what: String) -> String? {
    guard let node, let s = string(node, what: what) else { return nil }
    let ok = s.count <= 80 && s.unicodeScalars.allSatisfy {
      ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" || $0 == "_" || $0 == "."
    } && !s.hasPrefix(".") && !s.hasPrefix("-")
    if !ok {
      error(
        "E013", node,
        "\(what) `\(Self.clip(s))` must use only ASCII letters, digits, `-`, `_` and `.` (at most 80), e.g. `price-at-margin`.")
      return nil
    }
    return s
  }

  /// A finite number.
  func number(_ node: Node?, what: String) -> Double? {
    guard let node, visit(node) else { return nil }
    guard case .scalar(let s) = node, let v = Self.parseNumber(s.string) else {
      error("E012", node, "\(what) must be a number, not \(describe(node)).")
      return nil
    }
    return v
  }

  static func parseNumber(_ text: String) -> Double? {
    let t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
    guard !t.isEmpty, t.count < 40,
      t.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
      let v = Double(t), v.isFinite
    else { return nil }
    return v
  }

  /// A number within `range`.
  func number(_ node: Node?, what: String, in range: ClosedRange<Double>) -> Double? {
    guard let node, let v = number(node, what: what) else { return nil }
    if !range.contains(v) {
      error("E013", node, "\(what) must be between \(fmt(range.lowerBound)) and \(fmt(range.upperBound)), not \(fmt(v)).")
      return nil
    }
    return v
  }

  /// A whole number within `range`.
  func integer(_ node: Node?, what: String, in range: ClosedRange<Int>) -> Int? {
    guard let node, let v = number(node, what: what) else { return nil }
    guard v == v.rounded(), v >= Double(range.lowerBound), v <= Double(range.upperBound) else {
      error("E013", node, "\(what) must be a whole number from \(range.lowerBound) to \(range.upperBound), not \(fmt(v)).")
      return nil
    }
    return Int(v)
  }

  /// `true`/`false` (also `yes`/`no`).
  func bool(_ node: Node?, what: String) -> Bool? {
    guard let node, visit(node) else { return nil }
    if case .scalar(let s) = node {
      switch s.string.lowercased() {
      case "true", "yes", "on": return true
      case "false", "no", "off": return false
      default: break
      }
    }
    error("E012", node, "\(what) must be `true` or `false`, not \(describe(node)).")
    return nil
  }

  /// A list (a single value is read as a one-item list when `single` is true).
  func list(_ node: Node?, what: String, single: Bool = false) -> [Node]? {
    guard let node, visit(node) else { return nil }
    switch node {
    case .sequence(let seq): return Array(seq)
    case .scalar where single: return [node]
    default:
      error("E012", node, "\(what) must be a list (lines starting with `- `), not \(describe(node)).")
      return nil
    }
  }

  /// A list of strings (a single string is accepted as a one-item list).
  func strings(_ node: Node?, what: String) -> [String]? {
    guard let items = list(node, what: what, single: true) else { return nil }
    return items.compactMap { string($0, what: "each entry of \(what)") }
  }

  // MARK: Localized text

  /// A learner-visible string: plain text, or a map of language code → text.
  func localized(_ node: Node?, what: String) -> Localized? {
    guard let node, visit(node) else { return nil }
    switch node {
    case .scalar(let s):
      if s.string.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
        error("E013", node, "\(what) is empty; write the text, or a map like `{zh: …, en: …}`.")
        return nil
      }
      return Localized(s.string)
    case .mapping(let mapping):
      var entries: [Localized.Entry] = []
      for (k, v) in mapping {
        guard visit(k), case .scalar(let key) = k else { continue }
        let code = key.string
        guard Self.isLanguageCode(code) else {
          error("E013", k, "`\(Self.clip(code))` is not a language code; use codes like `zh`, `en`, `ug`.")
          continue
        }
        if entries.contains(where: { $0.language == code }) {
          error("E026", k, "language `\(code)` appears twice in \(what); keep one.")
          continue
        }
        if !languages.isEmpty && !languages.contains(code) {
          error(
            "E015", k,
            "\(what) has text in `\(code)`, which the course does not declare in `languages:` (\(languages.joined(separator: ", "))); add it there or remove this text.")
          continue
        }
        guard let text = string(v, what: "the `\(code)` text of \(what)") else { continue }
        entries.append(Localized.Entry(language: code, text: text))
      }
      guard !entries.isEmpty else {
        error("E013", node, "\(what) has no text; write it as `{zh: …, en: …}`.")
        return nil
      }
      let missing = languages.filter { code in !entries.contains { $0.language == code } }
      if !missing.isEmpty {
        warning(
          "W001", node,
          "\(what) has no \(missing.map { "`\($0)`" }.joined(separator: ", ")) text; learners using that language will see `\(entries[0].language)`.")
      }
      return Localized(entries: entries)
    default:
      error("E012", node, "\(what) must be text or a map like `{zh: …, en: …}`, not \(describe(node)).")
      return nil
    }
  }

  static func isLanguageCode(_ s: String) -> Bool {
    let parts = s.split(separator: "-", omittingEmptySubsequences: false)
    guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLowercase }) else {
      return false
    }
    return parts.dropFirst().allSatisfy { (2...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
  }

  func fmt(_ v: Double) -> String { NumberReader.format(v) }
}
