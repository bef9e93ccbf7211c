import BazaarKit
import Foundation
import SWXMLHash

/// Moodle XML (https://docs.moodle.org/en/Moodle_XML_format), read and written.
///
/// Read: `category` (becomes the lesson), `multichoice` (single and multiple, with fractions and
/// feedback), `truefalse`, `shortanswer` (with `*` wildcards), `numerical` (tolerance; units are
/// noted), `matching`, `ordering` (the plugin), `essay` (a commented pitch to finish) and
/// `description`. Cloze (`multianswer`), calculated, drag-and-drop and other types are listed as not
/// carried over, with the line of their `<question>`.
public enum MoodleXML {
  /// Reads the Moodle XML `bytes` of the file at `path`.
  public static func read(_ bytes: [UInt8], path: String) -> Result<QuestionBank, BankImporter.Failure> {
    guard let text = String(validating: bytes, as: UTF8.self) else {
      return .failure(BankImporter.Failure(path: path, message: "\(path): Moodle XML must be UTF-8"))
    }
    let xml = XMLHash.config { $0.detectParsingErrors = true }.parse(text)
    if case .parsingError(let e) = xml {
      return .failure(
        BankImporter.Failure(
          path: path,
          message: "\(path):\(max(1, e.line)):\(max(1, e.column)): not well-formed XML (a tag not closed, or the file cut short): export it from Moodle again"))
    }
    let questionLines = lines(ofTag: "<question", in: text)
    var bank = QuestionBank()
    var category: String?
    for (n, q) in xml["quiz"]["question"].all.enumerated() {
      let location = SourceLocation(path: path, line: n < questionLines.count ? questionLines[n] : 1, column: 1)
      let type = q.element?.attribute(by: "type")?.text ?? ""
      var losses: [String] = []
      func text(_ node: XMLIndexer) -> String {
        let raw = node["text"].element?.text ?? node.element?.text ?? ""
        let format = node.element?.attribute(by: "format")?.text ?? "html"
        if format == "html" || format == "moodle_auto_format" || PlainText.looksLikeHTML(raw) {
          let plain = PlainText.fromHTML(raw)
          if plain.hadImage, !losses.contains("import.loss.image") { losses.append("import.loss.image") }
          return plain.text
        }
        return raw.trimmingCharacters(in: .whitespacesAndNewlines)
      }
      if type == "category" {
        category = GIFTReader.categoryName(text(q["category"]))
        continue
      }
      let name = text(q["name"])
      let prompt = text(q["questiontext"])
      let general = text(q["generalfeedback"])
      let idnumber = q["idnumber"].element?.text.trimmingCharacters(in: .whitespaces) ?? ""
      func fraction(_ a: XMLIndexer) -> Double {
        guard let f = Double(a.element?.attribute(by: "fraction")?.text ?? "0"), f.isFinite else { return 0 }
        return max(-1, min(1, f / 100))
      }
      func feedback(_ a: XMLIndexer) -> String? {
        let f = text(a["feedback"])
        return f.isEmpty ? nil : f
      }
      let body: BankQuestion.Body
      switch type {
      case "multichoice":
        body = .choice(q["answer"].all.map { BankQuestion.Option(text: text($0), credit: fraction($0), feedback: feedback($0)) })
      case "truefalse":
        let right = q["answer"].all.first { fraction($0) > 0 }
        let word = right.map { text($0).lowercased() } ?? ""
        guard word == "true" || word == "false" else {
          bank.leftOut.append(QuestionBank.LeftOut(location: location, reason: "import.gift.noAnswers", text: prompt, category: category))
          continue
        }
        body = .trueFalse(word == "true", feedbackIfTrue: nil, feedbackIfFalse: nil)
        let extra = q["answer"].all.compactMap(feedback)
        if !extra.isEmpty { losses.append("import.loss.trueFalseFeedback") }
        var b = BankQuestion(category: category, prompt: prompt, body: body, location: location)
        b.explanation = ([general] + extra).filter { !$0.isEmpty }.joined(separator: "\n")
        finish(&b, name: name, idnumber: idnumber, losses: losses, q: q, into: &bank)
        continue
      case "shortanswer":
        body = .short(q["answer"].all.map { BankQuestion.Answer(text: text($0), credit: fraction($0), feedback: feedback($0)) })
      case "numerical":
        var answers: [BankQuestion.NumberAnswer] = []
        for a in q["answer"].all {
          let raw = text(a)
          if raw == "*" {
            losses.append("import.loss.numberWrongFeedback")
            continue
          }
          guard let v = Double(raw), v.isFinite else { continue }
          let tol = Double(a["tolerance"].element?.text ?? "0").flatMap { $0.isFinite ? $0 : nil } ?? 0
          answers.append(BankQuestion.NumberAnswer(target: .value(v, tolerance: abs(tol)), credit: fraction(a), feedback: feedback(a)))
        }
        guard !answers.isEmpty else {
          bank.leftOut.append(QuestionBank.LeftOut(location: location, reason: "import.gift.badNumber", text: prompt, category: category))
          continue
        }
        body = .number(answers)
        var b = BankQuestion(category: category, prompt: prompt, body: body, location: location)
        b.explanation = general.isEmpty ? nil : general
        if let unit = q["units"]["unit"].all.first.flatMap({ $0["unit_name"].element?.text }), !unit.isEmpty { b.unit = unit }
        finish(&b, name: name, idnumber: idnumber, losses: losses, q: q, into: &bank)
        continue
      case "matching":
        var pairs: [BankQuestion.Pair] = []
        for s in q["subquestion"].all {
          let left = text(s)
          let right = text(s["answer"])
          if left.isEmpty {
            losses.append("import.loss.extraRight")
          } else {
            pairs.append(BankQuestion.Pair(left, right))
          }
        }
        body = .match(pairs)
      case "ordering":
        body = .order(q["answer"].all.map { text($0) })
      case "essay":
        body = .essay
      case "description":
        body = .description
      default:
        bank.leftOut.append(
          QuestionBank.LeftOut(location: location, reason: "import.xml.type", args: ["type": type], text: prompt, category: category))
        continue
      }
      var b = BankQuestion(category: category, prompt: prompt, body: body, location: location)
      b.explanation = general.isEmpty ? nil : general
      finish(&b, name: name, idnumber: idnumber, losses: losses, q: q, into: &bank)
    }
    return .success(bank)
  }

  static func finish(_ b: inout BankQuestion, name: String, idnumber: String, losses: [String], q: XMLIndexer, into bank: inout QuestionBank) {
    b.title = name.isEmpty ? nil : name
    b.id = BankIds.fromTitle(idnumber) ?? BankIds.fromTitle(name)
    b.losses += losses
    if let grade = q["defaultgrade"].element.flatMap({ Double($0.text.trimmingCharacters(in: .whitespaces)) }), grade > 0, grade <= 1000 {
      b.points = grade
    }
    bank.questions.append(b)
  }

  /// The line of each occurrence of `tag` followed by a space or `>`, in order.
  static func lines(ofTag tag: String, in text: String) -> [Int] {
    var result: [Int] = []
    var line = 1
    let bytes = Array(text.utf8)
    let t = Array(tag.utf8)
    var i = 0
    while i < bytes.count {
      if bytes[i] == 10 { line += 1 }
      if bytes[i] == t[0], i + t.count < bytes.count, Array(bytes[i..<(i + t.count)]) == t {
        let next = bytes[i + t.count]
        if next == 32 || next == 62 || next == 9 || next == 10 { result.append(line) }
      }
      i += 1
    }
    return result
  }

  // MARK: - Writing

  /// The course's questions as Moodle XML: a category per lesson; each question's id as its name
  /// and `idnumber`; a pitch becomes an essay with its concepts in the grader information.
  public static func write(_ course: Course, language: String) -> BankExporter.Output {
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n"
    var written = 0
    var skipped: [BankExporter.Note] = []
    var changed: [BankExporter.Note] = []
    let fallback = course.fallbackLanguages
    for lesson in course.lessons {
      let title = lesson.title.text(language, fallback: fallback)
      out += "  <question type=\"category\">\n    <category><text>\(escape("$course$/" + title))</text></category>\n  </question>\n"
      for step in lesson.steps {
        switch step.content {
        case .narrative(let text):
          out += "  <question type=\"description\">\n    <name><text>\(escape(String(text.text(language, fallback: fallback).prefix(40))))</text></name>\n"
          out += "    <questiontext format=\"plain_text\"><text>\(escape(text.text(language, fallback: fallback)))</text></questiontext>\n  </question>\n"
        case .live(let s):
          skipped.append(BankExporter.Note(location: step.location, id: s.id, reason: "export.why.kind", args: ["kind": "live"]))
        case .question(let q):
          if case .pitch(let key) = q.kind {
            out += essay(q, key, language: language, fallback: fallback)
            written += 1
            changed.append(BankExporter.Note(location: q.location, id: q.id, reason: "export.loss.rubric", args: [:]))
            continue
          }
          switch BankExporter.bankQuestion(q, lesson: title, language: language, fallback: fallback) {
          case .failure(let n): skipped.append(n)
          case .success(let b):
            out += question(b)
            written += 1
            if let unit = b.unit { changed.append(BankExporter.Note(location: q.location, id: q.id, reason: "export.loss.unit", args: ["unit": unit])) }
            if b.percent { changed.append(BankExporter.Note(location: q.location, id: q.id, reason: "export.loss.percent", args: [:])) }
          }
        }
      }
    }
    out += "</quiz>\n"
    return BankExporter.Output(text: out, written: written, skipped: skipped, changed: changed)
  }

  static func question(_ b: BankQuestion) -> String {
    let type: String
    var parts: [String] = []
    func t(_ s: String) -> String { "<text>\(escape(s))</text>" }
    func fb(_ f: String?) -> String { f.map { "<feedback format=\"plain_text\">\(t($0))</feedback>" } ?? "" }
    func pct(_ credit: Double) -> String { BankExporter.weight(credit) }
    switch b.body {
    case .choice(let options):
      type = "multichoice"
      let right = options.filter { $0.credit > 0 }.count
      parts.append("<single>\(right == 1 ? "true" : "false")</single>")
      parts.append("<shuffleanswers>true</shuffleanswers>")
      for o in options { parts.append("<answer fraction=\"\(pct(o.credit))\" format=\"plain_text\">\(t(o.text))\(fb(o.feedback))</answer>") }
    case .trueFalse(let answer, _, _):
      type = "truefalse"
      parts.append("<answer fraction=\"\(answer ? 100 : 0)\" format=\"moodle_auto_format\">\(t("true"))</answer>")
      parts.append("<answer fraction=\"\(answer ? 0 : 100)\" format=\"moodle_auto_format\">\(t("false"))</answer>")
    case .short(let answers):
      type = "shortanswer"
      parts.append("<usecase>0</usecase>")
      for a in answers { parts.append("<answer fraction=\"\(pct(a.credit))\" format=\"plain_text\">\(t(a.text))\(fb(a.feedback))</answer>") }
    case .number(let answers):
      type = "numerical"
      for a in answers {
        switch a.target {
        case .value(let v, let tol):
          parts.append("<answer fraction=\"\(pct(a.credit))\">\(t(BankExporter.number(v)))<tolerance>\(BankExporter.number(tol))</tolerance>\(fb(a.feedback))</answer>")
        case .range(let lo, let hi):
          // Moodle XML has no range: its middle, give or take half its width (rounded, so that
          // 3.141..3.142 is 3.1415 ± 0.0005, not 3.1414999999999997).
          let mid = ((lo + hi) / 2 * 1e9).rounded() / 1e9
          let half = ((hi - lo) / 2 * 1e9).rounded() / 1e9
          parts.append("<answer fraction=\"\(pct(a.credit))\">\(t(BankExporter.number(mid)))<tolerance>\(BankExporter.number(half))</tolerance>\(fb(a.feedback))</answer>")
        }
      }
    case .match(let pairs):
      type = "matching"
      parts.append("<shuffleanswers>true</shuffleanswers>")
      for p in pairs { parts.append("<subquestion format=\"plain_text\">\(t(p.left))<answer>\(t(p.right))</answer></subquestion>") }
    case .order(let items):
      type = "ordering"
      for (n, item) in items.enumerated() { parts.append("<answer fraction=\"\(n + 1)\" format=\"plain_text\">\(t(item))</answer>") }
    case .essay:
      type = "essay"
    case .description:
      type = "description"
    }
    var out = "  <question type=\"\(type)\">\n"
    out += "    <name>\(t(b.id ?? ""))</name>\n"
    out += "    <questiontext format=\"plain_text\">\(t(b.prompt))</questiontext>\n"
    if let e = b.explanation { out += "    <generalfeedback format=\"plain_text\">\(t(e))</generalfeedback>\n" }
    out += "    <defaultgrade>\(BankExporter.number(b.points ?? 1))</defaultgrade>\n"
    for p in parts { out += "    " + p + "\n" }
    out += "    <idnumber>\(escape(b.id ?? ""))</idnumber>\n  </question>\n"
    return out
  }

  static func essay(_ q: Question, _ key: PitchKey, language: String, fallback: [String]) -> String {
    var info = "Rubric (Bazaar pitch):\n"
    for c in key.concepts {
      info += "- \(c.label.text(language, fallback: fallback)) (weight \(BankExporter.number(c.weight))): \(c.cues.joined(separator: ", "))\n"
    }
    var out = "  <question type=\"essay\">\n    <name><text>\(escape(q.id))</text></name>\n"
    out += "    <questiontext format=\"plain_text\"><text>\(escape(q.prompt.text(language, fallback: fallback)))</text></questiontext>\n"
    if let e = q.explanation { out += "    <generalfeedback format=\"plain_text\"><text>\(escape(e.text(language, fallback: fallback)))</text></generalfeedback>\n" }
    out += "    <responseformat>plain</responseformat>\n"
    out += "    <graderinfo format=\"plain_text\"><text>\(escape(info))</text></graderinfo>\n"
    out += "    <idnumber>\(escape(q.id))</idnumber>\n  </question>\n"
    return out
  }

  static func escape(_ s: String) -> String {
    var out = ""
    for c in s {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(c)
      }
    }
    return out
  }
}
