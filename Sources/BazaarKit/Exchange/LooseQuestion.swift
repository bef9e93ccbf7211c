import Foundation

/// A question as a text bank or a spreadsheet row gives it: loose strings (a type name, a stem,
/// lettered options, an answer, an explanation), before they are read. The Chinese text-bank layout,
/// Aiken and the spreadsheet template all end here, so the rules that read an answer (`ABD`,
/// `A、B`, `正确`, `√`, `邮费/运费`, `28元`) are written once.
struct LooseQuestion {
  var typeName: String?
  var stem: String
  var options: [(letter: Character, text: String)] = []
  var answer: String?
  var explanation: String?
  var points: Double?
  var category: String?
  var id: String?
  var location: SourceLocation
  /// The source text, kept with a question that cannot be carried over.
  var source: String

  enum Kind { case single, multiple, trueFalse, blank, essay }

  /// What a type name (`单选题`, `多选`, `判断题`, `填空`, `简答`, `single`, `truefalse`…) says.
  static func kind(named name: String) -> Kind? {
    let n = name.lowercased()
    if n.contains("多选") || n.contains("不定项") || n.contains("multiple") || n.contains("multi") { return .multiple }
    if n.contains("单选") || n.contains("选择") || n.contains("single") || n == "choice" || n.contains("multichoice") { return .single }
    if n.contains("判断") || n.contains("是非") || n.contains("true") || n.contains("对错") { return .trueFalse }
    if n.contains("填空") || n.contains("blank") || n.contains("short") || n.contains("计算") || n.contains("number") {
      return .blank
    }
    if n.contains("简答") || n.contains("问答") || n.contains("论述") || n.contains("案例") || n.contains("essay")
      || n.contains("主观")
    {
      return .essay
    }
    return nil
  }

  static let trueWords: Set<String> = ["正确", "对", "√", "✓", "✔", "是", "t", "true", "yes", "y", "r", "right", "correct", "1"]
  static let falseWords: Set<String> = ["错误", "错", "×", "✗", "✘", "x", "否", "f", "false", "no", "n", "wrong", "incorrect", "0"]

  /// A true/false answer word, if `text` is one.
  static func truth(_ text: String) -> Bool? {
    let t = text.trimmingSpaces.lowercased().stripping("。.!！ ")
    if trueWords.contains(t) { return true }
    if falseWords.contains(t) { return false }
    return nil
  }

  /// Option letters in `text` (`A`, `ABD`, `A、B、D`, `A,B`, `a b`), or nil if it is not only letters.
  static func letters(_ text: String) -> [Character]? {
    var out: [Character] = []
    for c in text.trimmingSpaces.uppercased() {
      if ("A"..."Z").contains(c) {
        out.append(c)
      } else if let folded = fullWidthLetter(c) {
        out.append(folded)
      } else if !" ,，、;；/|".contains(c) {
        return nil
      }
    }
    return out.isEmpty ? nil : out
  }

  static func fullWidthLetter(_ c: Character) -> Character? {
    guard let s = c.unicodeScalars.first, c.unicodeScalars.count == 1 else { return nil }
    if (0xFF21...0xFF3A).contains(s.value) { return Character(Unicode.Scalar(s.value - 0xFF21 + 0x41) ?? "A") }
    if (0xFF41...0xFF5A).contains(s.value) { return Character(Unicode.Scalar(s.value - 0xFF41 + 0x41) ?? "A") }
    return nil
  }

  /// Blanks in a stem: `（ ）`, `( )`, `（）`, `___`.
  static func blankCount(_ stem: String) -> Int {
    var count = 0
    var i = stem.startIndex
    while i < stem.endIndex {
      let c = stem[i]
      if c == "（" || c == "(" {
        var j = stem.index(after: i)
        while j < stem.endIndex, stem[j] == " " || stem[j] == "\u{3000}" || stem[j] == "\u{A0}" { j = stem.index(after: j) }
        if j < stem.endIndex, stem[j] == "）" || stem[j] == ")" {
          count += 1
          i = stem.index(after: j)
          continue
        }
      }
      if c == "_", stem[i...].hasPrefix("__") {
        count += 1
        while i < stem.endIndex, stem[i] == "_" { i = stem.index(after: i) }
        continue
      }
      i = stem.index(after: i)
    }
    return count
  }

  /// The word that follows a stem's blank (`____率。` → `率`), up to 2 letters and no punctuation,
  /// space or bracket; nil when the blank ends the stem or is followed by punctuation.
  static func wordAfterBlank(_ stem: String) -> String? {
    var rest: Substring?
    if let r = stem.range(of: "__") {
      rest = stem[r.upperBound...].drop { $0 == "_" }
    } else if let open = stem.firstIndex(where: { $0 == "（" || $0 == "(" }) {
      let inside = stem[stem.index(after: open)...].drop { $0 == " " || $0 == "\u{3000}" || $0 == "\u{A0}" }
      if let c = inside.first, c == "）" || c == ")" { rest = inside.dropFirst() }
    }
    guard let word = rest?.prefix(while: { $0.isLetter }).prefix(2), !word.isEmpty else { return nil }
    return String(word)
  }

  /// An answer written in the stem's brackets (`……是（B）`, `（√）`), taken out and replaced by an
  /// empty pair; nil when there is none.
  static func answerInStem(_ stem: String) -> (stem: String, answer: String)? {
    guard let close = stem.lastIndex(where: { $0 == "）" || $0 == ")" }),
      let open = stem[..<close].lastIndex(where: { $0 == "（" || $0 == "(" })
    else { return nil }
    let inside = stem[stem.index(after: open)..<close].trimmingSpaces
    guard !inside.isEmpty, letters(inside) != nil || truth(inside) != nil, inside.count <= 8 else { return nil }
    let replaced = String(stem[..<open]) + "（  ）" + String(stem[stem.index(after: close)...])
    return (replaced, inside)
  }

  /// The question, or why it cannot be carried over.
  func read() -> Result<BankQuestion, QuestionBank.LeftOut> {
    func leftOut(_ reason: String, _ args: [String: String] = [:]) -> Result<BankQuestion, QuestionBank.LeftOut> {
      .failure(QuestionBank.LeftOut(location: location, reason: reason, args: args, text: source, category: category))
    }
    var stem = self.stem.trimmingSpaces
    var answer = self.answer?.trimmingSpaces
    if answer?.isEmpty ?? true, kindHint != .essay, let found = Self.answerInStem(stem) {
      stem = found.stem
      answer = found.answer
    }
    guard !stem.isEmpty else { return leftOut("import.loose.noStem") }
    var kind = kindHint
    if kind == nil {
      if !options.isEmpty {
        kind = (answer.flatMap(Self.letters)?.count ?? 0) > 1 ? .multiple : .single
      } else if let a = answer, Self.truth(a) != nil {
        kind = .trueFalse
      } else if answer?.isEmpty ?? true {
        kind = .essay
      } else {
        kind = .blank
      }
    }
    let body: BankQuestion.Body
    switch kind ?? .essay {
    case .single, .multiple:
      guard options.count >= 2 else { return leftOut("import.loose.tooFewOptions", ["count": String(options.count)]) }
      guard let a = answer, !a.isEmpty else { return leftOut("import.loose.noAnswer") }
      let known = Set(options.map(\.letter))
      if let picked = Self.letters(a), picked.allSatisfy(known.contains) {
        let chosen = Set(picked)
        body = .choice(options.map { BankQuestion.Option(text: $0.text, credit: chosen.contains($0.letter) ? 1 : 0) })
      } else if let truth = Self.truth(a), options.count == 2 {
        // A 判断 written as two options (`A、正确 B、错误`) and answered with a word.
        body = .trueFalse(truth, feedbackIfTrue: nil, feedbackIfFalse: nil)
      } else if let picked = Self.letters(a), let missing = picked.first(where: { !known.contains($0) }) {
        return leftOut("import.loose.answerNotAnOption", ["letter": String(missing), "answer": YAMLReader.clip(a)])
      } else {
        return leftOut("import.loose.answerNotLetters", ["answer": YAMLReader.clip(a)])
      }
    case .trueFalse:
      if !options.isEmpty, let a = answer, let picked = Self.letters(a), picked.count == 1,
        let option = options.first(where: { $0.letter == picked[0] }), let truth = Self.truth(option.text)
      {
        body = .trueFalse(truth, feedbackIfTrue: nil, feedbackIfFalse: nil)
      } else if let a = answer, let truth = Self.truth(a) {
        body = .trueFalse(truth, feedbackIfTrue: nil, feedbackIfFalse: nil)
      } else {
        return leftOut("import.loose.notTrueFalse", ["answer": YAMLReader.clip(answer ?? "")])
      }
    case .blank:
      guard let a = answer, !a.isEmpty else { return leftOut("import.loose.noAnswer") }
      // Answers to several blanks are written `A；B` (or `A|B`): Bazaar asks for one answer per question.
      let blanks = max(Self.blankCount(stem), Self.split(a, on: "；;|").count)
      if blanks > 1 { return leftOut("import.loose.severalBlanks", ["blanks": String(blanks)]) }
      // One blank; its accepted answers are written `邮费/运费` or `邮费或运费`.
      let alternatives = Self.split(a.replacingOccurrences(of: "或", with: "/"), on: "/／")
      if alternatives.count == 1, case .success(let n) = NumberReader.read(a) {
        var q = BankQuestion(
          id: id, category: category, prompt: stem, body: .number([BankQuestion.NumberAnswer(target: .value(n.value, tolerance: 0))]),
          explanation: explanation, points: points, location: location)
        q.unit = n.isPercent ? nil : n.unit
        q.percent = n.isPercent
        return .success(q)
      }
      // The word right after the blank is part of what people type: `____率` is answered `毛利` or
      // `毛利率`, `____商品` `鲜活易腐` or `鲜活易腐商品`. Both are accepted.
      let after = Self.wordAfterBlank(stem)
      var accepted = alternatives
      if let after { accepted += alternatives.filter { !$0.hasSuffix(after) }.map { $0 + after } }
      body = .short(accepted.map { BankQuestion.Answer(text: $0) })
    case .essay:
      body = .essay
    }
    var q = BankQuestion(id: id, category: category, prompt: stem, body: body, explanation: explanation, points: points, location: location)
    if case .essay = body, let a = answer, !a.isEmpty {
      q.explanation = [explanation, a].compactMap { $0 }.joined(separator: "\n")
    }
    return .success(q)
  }

  var kindHint: Kind? { typeName.flatMap(Self.kind(named:)) }

  static func split(_ text: String, on separators: String) -> [String] {
    text.split(whereSeparator: { separators.contains($0) }).map { $0.trimmingSpaces }.filter { !$0.isEmpty }
  }
}
