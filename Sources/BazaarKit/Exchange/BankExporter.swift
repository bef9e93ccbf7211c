/// Writes a course's questions in another tool's format (`bazaar export`): GIFT and Aiken here,
/// Moodle XML beside the XML parser. Every step a format cannot hold is listed with why, never
/// dropped silently; what a question loses on the way (a unit, case sensitivity) is listed too.
public enum BankExporter {
  /// A step that was left out or changed, with where and why (a message key and its arguments).
  public struct Note: Sendable, Error, Codable {
    public var location: SourceLocation
    public var id: String
    public var reason: String
    public var args: [String: String]
    public init(location: SourceLocation, id: String, reason: String, args: [String: String]) {
      self.location = location
      self.id = id
      self.reason = reason
      self.args = args
    }
  }

  /// What exporting gave.
  public struct Output: Sendable, Codable {
    public var text: String
    public var written: Int
    public var skipped: [Note]
    public var changed: [Note]
    public init(text: String, written: Int, skipped: [Note], changed: [Note]) {
      self.text = text
      self.written = written
      self.skipped = skipped
      self.changed = changed
    }
  }

  /// A question in the terms every format shares (the inverse of ``CourseWriter``'s mapping).
  public static func bankQuestion(_ q: Question, lesson: String, language: String, fallback: [String]) -> Result<BankQuestion, Note> {
    func t(_ l: Localized) -> String { l.text(language, fallback: fallback) }
    func skip(_ reason: String, _ args: [String: String] = [:]) -> Result<BankQuestion, Note> {
      .failure(Note(location: q.location, id: q.id, reason: reason, args: args))
    }
    let body: BankQuestion.Body
    var unit: String?
    var percent = false
    switch q.kind {
    case .choice(let key):
      let right = key.options.filter(\.correct).count
      body = .choice(
        key.options.map { o in
          // One right option: credit 1. Several: each right tick is 1/n, each wrong one costs penalty/n.
          let credit = right == 1 ? (o.correct ? 1 : 0) : (o.correct ? 1 / Double(right) : -key.penalty / Double(right))
          return BankQuestion.Option(text: t(o.text), credit: credit, feedback: o.feedback.map(t))
        })
    case .trueFalse(let answer):
      body = .trueFalse(answer, feedbackIfTrue: nil, feedbackIfFalse: nil)
    case .short(let key):
      var answers: [BankQuestion.Answer] = []
      for a in key.answers {
        switch a.match {
        case .text(let s): answers.append(BankQuestion.Answer(text: s, credit: a.credit, feedback: a.feedback.map(t)))
        case .regex: return skip("export.why.regex")
        case .family: return skip("export.why.family")
        }
      }
      body = .short(answers)
    case .number(let key):
      body = .number(
        key.answers.map { a in
          switch a.target {
          case .value(let v, let tol):
            BankQuestion.NumberAnswer(target: .value(v, tolerance: tol?.width(around: v) ?? 0), credit: a.credit, feedback: a.feedback.map(t))
          case .range(let r):
            BankQuestion.NumberAnswer(target: .range(r.lowerBound, r.upperBound), credit: a.credit, feedback: a.feedback.map(t))
          }
        })
      unit = key.unit
      percent = key.percent
    case .match(let key):
      body = .match(key.pairs.map { BankQuestion.Pair(t($0.left), t($0.right)) })
    case .order(let key):
      body = .order(key.items.map(t))
    case .calc, .listing, .pitch:
      return skip("export.why.kind", ["kind": q.kind.name])
    }
    var b = BankQuestion(
      id: q.id, category: lesson, prompt: t(q.prompt), body: body, explanation: q.explanation.map(t),
      points: q.points == 1 ? nil : q.points, location: q.location)
    b.unit = unit
    b.percent = percent
    return .success(b)
  }

  // MARK: - GIFT

  /// The course as GIFT: one `$CATEGORY:` per lesson, `::id::` titles (so a re-import keeps the
  /// ids), text steps as descriptions.
  public static func gift(_ course: Course, language: String) -> Output {
    var out = "// \(course.id) \(course.version), exported by bazaar export\n"
    var written = 0
    var skipped: [Note] = []
    var changed: [Note] = []
    let fallback = course.fallbackLanguages
    for lesson in course.lessons {
      let title = lesson.title.text(language, fallback: fallback)
      out += "\n$CATEGORY: $course$/\(oneLine(title))\n"
      for step in lesson.steps {
        switch step.content {
        case .narrative(let text):
          out += "\n" + escape(text.text(language, fallback: fallback)) + "\n"
        case .live(let s):
          skipped.append(Note(location: step.location, id: s.id, reason: "export.why.kind", args: ["kind": "live"]))
        case .question(let q):
          switch bankQuestion(q, lesson: title, language: language, fallback: fallback) {
          case .failure(let n): skipped.append(n)
          case .success(let b):
            guard let text = giftQuestion(b) else {
              skipped.append(Note(location: q.location, id: q.id, reason: "export.why.kind", args: ["kind": q.kind.name]))
              continue
            }
            out += "\n" + text + "\n"
            written += 1
            if let unit = b.unit { changed.append(Note(location: q.location, id: q.id, reason: "export.loss.unit", args: ["unit": unit])) }
            if b.percent { changed.append(Note(location: q.location, id: q.id, reason: "export.loss.percent", args: [:])) }
            if case .short(let key) = q.kind, key.caseSensitive {
              changed.append(Note(location: q.location, id: q.id, reason: "export.loss.caseSensitive", args: [:]))
            }
          }
        }
      }
    }
    return Output(text: out, written: written, skipped: skipped, changed: changed)
  }

  static func giftQuestion(_ q: BankQuestion) -> String? {
    var s = "::\(escape(q.id ?? ""))::" + escape(q.prompt)
    let general = q.explanation.map { "\n####" + escape($0) } ?? ""
    func fb(_ f: String?) -> String { f.map { " #" + escape($0) } ?? "" }
    switch q.body {
    case .choice(let options):
      let lines = options.map { o -> String in
        let mark = o.credit == 1 ? "=" : o.credit == 0 ? "~" : "~%\(weight(o.credit))%"
        return "  " + mark + escape(o.text) + fb(o.feedback)
      }
      s += " {\n" + lines.joined(separator: "\n") + general + "\n}"
    case .trueFalse(let answer, _, _):
      s += " {" + (answer ? "TRUE" : "FALSE") + general + "}"
    case .short(let answers):
      let lines = answers.map { a in "  =" + (a.credit == 1 ? "" : "%\(weight(a.credit))%") + escape(a.text) + fb(a.feedback) }
      s += " {\n" + lines.joined(separator: "\n") + general + "\n}"
    case .number(let answers):
      let lines = answers.map { a -> String in
        let target: String
        switch a.target {
        case .value(let v, let tol): target = number(v) + (tol > 0 ? ":" + number(tol) : "")
        case .range(let lo, let hi): target = number(lo) + ".." + number(hi)
        }
        return "  =" + (a.credit == 1 ? "" : "%\(weight(a.credit))%") + target + fb(a.feedback)
      }
      s += " {#\n" + lines.joined(separator: "\n") + general + "\n}"
    case .match(let pairs):
      s += " {\n" + pairs.map { "  =" + escape($0.left) + " -> " + escape($0.right) }.joined(separator: "\n") + general + "\n}"
    case .order, .essay, .description:
      return nil
    }
    return s
  }

  /// A Moodle weight in percent, to 5 decimals as Moodle writes them (`33.33333`).
  public static func weight(_ credit: Double) -> String {
    let v = (credit * 100 * 100000).rounded() / 100000
    return number(v)
  }

  public static func number(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
    return String(v)
  }

  /// GIFT's special characters escaped, and line breaks as `\n`.
  static func escape(_ text: String) -> String {
    var out = ""
    for c in text {
      switch c {
      case "~", "=", "#", "{", "}", ":", "\\": out += "\\" + String(c)
      case "\n": out += "\\n"
      default: out.append(c)
      }
    }
    return out
  }

  static func oneLine(_ s: String) -> String { s.split(whereSeparator: \.isNewline).joined(separator: " ") }

  // MARK: - Aiken

  /// The course's one-answer multiple-choice questions as Aiken (all Aiken can hold).
  public static func aiken(_ course: Course, language: String) -> Output {
    var out = ""
    var written = 0
    var skipped: [Note] = []
    let fallback = course.fallbackLanguages
    for lesson in course.lessons {
      for step in lesson.steps {
        guard case .question(let q) = step.content else {
          if case .live(let s) = step.content {
            skipped.append(Note(location: step.location, id: s.id, reason: "export.why.kind", args: ["kind": "live"]))
          }
          continue
        }
        guard case .choice(let key) = q.kind, key.options.filter(\.correct).count == 1, key.options.count <= 26 else {
          skipped.append(Note(location: q.location, id: q.id, reason: "export.why.notSingle", args: [:]))
          continue
        }
        out += oneLine(q.prompt.text(language, fallback: fallback)) + "\n"
        var answer = "A"
        for (n, o) in key.options.enumerated() {
          let letter = String(UnicodeScalar(UInt8(65 + n)))
          if o.correct { answer = letter }
          out += "\(letter). " + oneLine(o.text.text(language, fallback: fallback)) + "\n"
        }
        out += "ANSWER: \(answer)\n\n"
        written += 1
      }
    }
    return Output(text: out, written: written, skipped: skipped, changed: [])
  }
}
