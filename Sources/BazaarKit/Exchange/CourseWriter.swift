import Foundation
import Yams

/// Writes a ``QuestionBank`` as a Bazaar course file: one lesson per category, one step per
/// question, each with a `# from FILE:LINE` comment; what cannot be carried over is kept in the file
/// as a commented `TODO` block with its source text and why, never dropped. Values are written by
/// Yams, so quoting is always right (`#`, `:`, `*`, `&`, numbers kept as text).
public enum CourseWriter {
  /// What writing gave: the YAML text and, per question, what was changed or left out.
  public struct Output: Sendable {
    public var yaml: String
    /// Questions written.
    public var written: Int
    /// Questions kept only as TODO comments, with where and why.
    public var todo: [QuestionBank.LeftOut]
    /// Questions written with something changed or dropped, with what.
    public var changed: [(location: SourceLocation, id: String, losses: [String])]
    /// The line of the course file where each TODO block starts, by its source `path:line`.
    public var todoLines: [String: Int] = [:]
  }

  /// The course for `bank`, with id `courseId` and title `title`; `sources` are the files read
  /// (named in the header comment).
  public static func write(
    _ bank: QuestionBank, courseId: String, title: String, sources: [String], schema: String? = "../schema/course.schema.json",
    messages: MessageCatalog
  ) -> Output {
    var todo = bank.leftOut
    var changed: [(location: SourceLocation, id: String, losses: [String])] = []
    // Ids: the source's own, else the text's hash; repeats numbered.
    let ids = BankIds.unique(bank.questions.map { $0.id ?? BankIds.fromText(kind: kindName($0.body), prompt: $0.prompt) })

    // Lessons in the order their first question or TODO appears.
    var lessonOrder: [String] = []
    // Each step with where it came from: the file's place among the sources, and its line there
    // (so two files' questions in one lesson keep each file's order, one file after the other).
    var steps: [String: [(file: Int, line: Int, text: String)]] = [:]
    func file(_ l: SourceLocation) -> Int { sources.firstIndex(of: l.path) ?? sources.count }
    func lessonKey(_ category: String?) -> String {
      let key = category ?? ""
      if steps[key] == nil {
        steps[key] = []
        lessonOrder.append(key)
      }
      return key
    }
    let hasChinese = bank.questions.contains { q in q.prompt.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }
    var written = 0
    for (q, id) in zip(bank.questions, ids) {
      let key = lessonKey(q.category)
      switch step(q, id: id) {
      case .success(let s):
        let node = s.node
        var text = "# " + messages.text("import.fromLine", ["where": "\(q.location.path):\(q.location.line)"])
        if let title = q.title, title != id { text += " · " + oneLine(title) }
        text += "\n" + item(node)
        if s.commented {
          todo.append(
            QuestionBank.LeftOut(location: q.location, reason: "import.todo.essay", text: q.prompt, category: q.category))
          text = "# TODO \(q.location.path):\(q.location.line): " + messages.text("import.todo.essay") + "\n" + text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasPrefix("# ") ? String($0) : "# " + $0 }
            .joined(separator: "\n")
        } else {
          written += 1
        }
        steps[key, default: []].append((file(q.location), q.location.line, text))
        let losses = q.losses + s.losses
        if !losses.isEmpty { changed.append((q.location, id, losses)) }
      case .failure(let left):
        todo.append(left)
        steps[key, default: []].append((file(q.location), q.location.line, todoBlock(left, messages: messages)))
      }
    }
    for left in bank.leftOut {
      let key = lessonKey(left.category)
      steps[key, default: []].append((file(left.location), left.location.line, todoBlock(left, messages: messages)))
    }

    var out = schema.map { "# yaml-language-server: $schema=\($0)\n" } ?? ""
    out += "# " + messages.text("import.header", ["files": sources.joined(separator: ", ")]) + "\n"
    out += "# " + messages.text("import.headerCheck") + "\n"
    let header: Node = .mapping(
      Node.Mapping([
        (str("id"), str(courseId)), (str("version"), str("0.1.0")), (str("title"), str(title)),
        (str("languages"), .sequence(Node.Sequence([str(hasChinese ? "zh" : "en")], Tag(.seq), .flow))),
      ]))
    out += dump(header)
    out += "\nlessons:\n"
    let names = lessonOrder.map { $0.isEmpty ? messages.text("import.defaultLesson") : $0 }
    let lessonIds = BankIds.unique(names.enumerated().map { n, name in BankIds.fromTitle(name) ?? "lesson-\(n + 1)" })
    for (n, key) in lessonOrder.enumerated() {
      let name = names[n]
      let lessonId = lessonIds[n]
      let lesson: Node = .mapping(Node.Mapping([(str("id"), str(lessonId)), (str("title"), str(name))]))
      out += indent(item(lesson), by: 2) + "\n    steps:\n"
      let sorted = (steps[key] ?? []).sorted { ($0.file, $0.line) < ($1.file, $1.line) }
      let real = sorted.filter { !$0.text.hasPrefix("# TODO") }
      for s in sorted { out += indent(s.text, by: 6) + "\n" }
      if real.isEmpty {
        // A lesson must have a step: say so where the author will look.
        out += indent("- text: " + dump(str(messages.text("import.emptyLesson"))).trimmingCharacters(in: .newlines), by: 6) + "\n"
      }
    }
    var todoLines: [String: Int] = [:]
    for (n, line) in out.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let t = line.drop { $0 == " " }
      guard t.hasPrefix("# TODO ") else { continue }
      let rest = t.dropFirst("# TODO ".count)
      if let end = rest.range(of: ": "), todoLines[String(rest[..<end.lowerBound])] == nil {
        todoLines[String(rest[..<end.lowerBound])] = n + 1
      }
    }
    var output = Output(
      yaml: out, written: written, todo: todo.sorted { ($0.location.path, $0.location.line) < ($1.location.path, $1.location.line) },
      changed: changed)
    output.todoLines = todoLines
    return output
  }

  // MARK: - One question

  struct Step {
    var node: Node
    var losses: [String] = []
    /// Written as a comment, to be finished by the author (an essay becomes a pitch without concepts).
    var commented = false
  }

  static func kindName(_ body: BankQuestion.Body) -> String {
    switch body {
    case .choice: "choice"
    case .trueFalse: "truefalse"
    case .short: "short"
    case .number: "number"
    case .match: "match"
    case .order: "order"
    case .essay: "pitch"
    case .description: "text"
    }
  }

  static func step(_ q: BankQuestion, id: String) -> Result<Step, QuestionBank.LeftOut> {
    func leftOut(_ reason: String, _ args: [String: String] = [:]) -> Result<Step, QuestionBank.LeftOut> {
      .failure(QuestionBank.LeftOut(location: q.location, reason: reason, args: args, text: q.prompt, category: q.category))
    }
    var pairs: [(Node, Node)] = []
    var losses: [String] = []
    if case .description = q.body {
      return .success(Step(node: .mapping(Node.Mapping([(str("text"), str(q.prompt))]))))
    }
    guard !q.prompt.isEmpty else { return leftOut("import.loose.noStem") }
    pairs.append((str("id"), str(id)))
    pairs.append((str("kind"), str(kindName(q.body))))
    pairs.append((str("prompt"), str(q.prompt)))
    var commented = false
    switch q.body {
    case .description: break
    case .choice(let options):
      let right = options.filter { $0.credit > 0 }
      guard !right.isEmpty else { return leftOut("import.choice.noRight") }
      guard right.count < options.count else { return leftOut("import.choice.allRight") }
      guard options.count >= 2 else { return leftOut("import.loose.tooFewOptions", ["count": String(options.count)]) }
      var list: [Node] = []
      for o in options {
        var m: [(Node, Node)] = [(str("text"), str(o.text))]
        if o.credit > 0 { m.append((str("correct"), bool(true))) }
        if let f = o.feedback { m.append((str("feedback"), str(f))) }
        list.append(.mapping(Node.Mapping(m)))
      }
      pairs.append((str("options"), .sequence(Node.Sequence(list))))
      if right.count == 1 {
        if right[0].credit < 1 || options.contains(where: { $0.credit < 0 }) { losses.append("import.loss.weights") }
        if options.contains(where: { $0.credit > 0 && $0.credit < 1 && $0 != right[0] }) { losses.append("import.loss.partial") }
      } else {
        let weighted = options.contains { $0.credit != 0 && $0.credit != 1 }
        if Set(right.map { round4($0.credit) }).count > 1 { losses.append("import.loss.unequalWeights") }
        if weighted {
          // Moodle's weights: each wrong tick costs its |weight|; Bazaar's penalty is in right ticks.
          let worst = options.map { -$0.credit }.max() ?? 0
          let penalty = min(1, max(0, round4(worst * Double(right.count))))
          pairs.append((str("penalty"), number(penalty)))
        }
      }
    case .trueFalse(let answer, _, _):
      pairs.append((str("answer"), bool(answer)))
    case .short(let answers):
      var kept: [Node] = []
      var simple: String?
      for a in answers {
        if a.text.trimmingSpaces == "*" {
          losses.append("import.loss.catchAll")
          continue
        }
        var m: [(Node, Node)] = []
        if a.text.contains("*") {
          let parts = a.text.components(separatedBy: "*").map(NSRegularExpression.escapedPattern(for:))
          m.append((str("regex"), str("^" + parts.joined(separator: ".*") + "$")))
          m.append((str("examples"), .sequence(Node.Sequence([str(a.text.replacingOccurrences(of: "*", with: ""))]))))
        } else {
          m.append((str("text"), str(a.text)))
        }
        if a.credit != 1 { m.append((str("credit"), number(round4(max(0, a.credit))))) }
        if let f = a.feedback { m.append((str("feedback"), str(f))) }
        if answers.count == 1, a.credit == 1, a.feedback == nil, !a.text.contains("*") { simple = a.text }
        kept.append(.mapping(Node.Mapping(m)))
      }
      guard !kept.isEmpty else { return leftOut("import.gift.noAnswers") }
      if let simple {
        pairs.append((str("answer"), str(simple)))
      } else {
        pairs.append((str("answers"), .sequence(Node.Sequence(kept))))
      }
    case .number(let answers):
      if answers.count == 1, let a = answers.first, a.credit == 1, a.feedback == nil, case .value(let v, let tol) = a.target {
        pairs.append((str("answer"), number(v)))
        if tol > 0 { pairs.append((str("tolerance"), number(tol))) }
      } else {
        var list: [Node] = []
        for a in answers {
          var m: [(Node, Node)] = []
          switch a.target {
          case .value(let v, let tol):
            m.append((str("value"), number(v)))
            if tol > 0 { m.append((str("tolerance"), number(tol))) }
          case .range(let lo, let hi):
            m.append((str("min"), number(lo)))
            m.append((str("max"), number(hi)))
          }
          if a.credit != 1 { m.append((str("credit"), number(round4(max(0, min(1, a.credit)))))) }
          if let f = a.feedback { m.append((str("feedback"), str(f))) }
          list.append(.mapping(Node.Mapping(m)))
        }
        pairs.append((str("answers"), .sequence(Node.Sequence(list))))
      }
      if let unit = q.unit { pairs.append((str("unit"), str(unit))) }
      if q.percent { pairs.append((str("percent"), bool(true))) }
    case .match(let matches):
      let list = matches.map { Node.mapping(Node.Mapping([(str("left"), str($0.left)), (str("right"), str($0.right))])) }
      pairs.append((str("pairs"), .sequence(Node.Sequence(list))))
    case .order(let items):
      pairs.append((str("items"), .sequence(Node.Sequence(items.map(str)))))
    case .essay:
      commented = true
      // One concept to copy: what a good answer must cover, and the words that show it.
      let concept: Node = .mapping(
        Node.Mapping([(str("id"), str("point-1")), (str("label"), str("…")), (str("cues"), .sequence(Node.Sequence([str("…")], Tag(.seq), .flow)))]))
      pairs.append((str("concepts"), .sequence(Node.Sequence([concept]))))
    }
    if let e = q.explanation, !e.isEmpty { pairs.append((str("explanation"), str(e))) }
    if let p = q.points, p.isFinite, p > 0, p != 1, p <= 1000 { pairs.append((str("points"), number(p))) }
    return .success(Step(node: .mapping(Node.Mapping(pairs)), losses: losses, commented: commented))
  }

  // MARK: - Text

  static func todoBlock(_ left: QuestionBank.LeftOut, messages: MessageCatalog) -> String {
    var lines = ["# TODO \(left.location.path):\(left.location.line): " + messages.text(left.reason, left.args)]
    for line in left.text.split(separator: "\n", omittingEmptySubsequences: false).prefix(40) {
      lines.append("#   " + line)
    }
    return lines.joined(separator: "\n")
  }

  static func oneLine(_ s: String) -> String { s.split(whereSeparator: \.isNewline).joined(separator: " ") }

  static func str(_ s: String) -> Node {
    // Several lines as a literal block (`|-`); the emitter quotes instead when a block cannot hold the text.
    if s.contains("\n") { return Node(s, Tag(.str), .literal) }
    // Text that another YAML reader could take for a number, a date, true/false or null is quoted
    // (Yams decides, through its resolver's patterns: slow, so only for text that can be one of them).
    guard let first = s.unicodeScalars.first, first.isASCII, !first.properties.isAlphabetic || words.contains(s.lowercased()) else {
      return Node(s, Tag(.str), .any)
    }
    return .scalar(s.represented())
  }

  /// Words YAML 1.1 readers take for true, false or null.
  static let words: Set<String> = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf"]
  static func bool(_ b: Bool) -> Node { Node(b ? "true" : "false", Tag(.bool)) }
  static func number(_ v: Double) -> Node {
    if v == v.rounded(), abs(v) < 1e15 { return Node(String(Int(v)), Tag(.int)) }
    return Node(String(v), Tag(.float))
  }
  static func round4(_ v: Double) -> Double { (v * 10000).rounded() / 10000 }

  static func dump(_ node: Node) -> String {
    (try? Yams.serialize(node: node, indent: 2, width: -1, allowUnicode: true, newLineScalarStyle: .literal)) ?? ""
  }

  /// `node` as a YAML list item (`- key: …`, the rest indented under it).
  static func item(_ node: Node) -> String {
    let text = dump(node).trimmingCharacters(in: .newlines)
    return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { n, line in
      n == 0 ? "- " + line : (line.isEmpty ? "" : "  " + line)
    }.joined(separator: "\n")
  }

  static func indent(_ text: String, by n: Int) -> String {
    let pad = String(repeating: " ", count: n)
    return text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n")
  }
}
