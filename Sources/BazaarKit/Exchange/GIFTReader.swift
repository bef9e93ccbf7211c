/// Reads Moodle's GIFT format (https://docs.moodle.org/en/GIFT_format) the way Moodle's own importer
/// (`question/format/gift/format.php`) does: `//` comment lines, questions separated by blank lines,
/// `$CATEGORY:` lines, `::title::`, `[html]`/`[markdown]`/`[plain]`/`[moodle]` text formats, the
/// escapes `\~ \= \# \{ \} \: \\ \n`, and every question type: multiple choice (with `%weight%`s and
/// several right answers), true/false, short answer, missing word, matching, numerical (value,
/// `value:tolerance`, `min..max`, several weighted answers), essay (`{}`) and description (no braces).
public enum GIFTReader {
  /// Reads `text` (the file at `path`).
  public static func read(_ text: String, path: String) -> QuestionBank {
    var bank = QuestionBank()
    var category: String?
    for block in blocks(text) {
      let loc = SourceLocation(path: path, line: block.line, column: 1)
      var body = block.text
      if body.hasPrefix("$CATEGORY:") {
        let firstLine = body.prefix { $0 != "\n" }
        category = categoryName(String(firstLine.dropFirst("$CATEGORY:".count)))
        body = String(body.dropFirst(firstLine.count)).stripping(" \n\t")
        if body.isEmpty { continue }
      }
      switch question(body, location: loc, category: category) {
      case .success(let q): bank.questions.append(q)
      case .failure(let left): bank.leftOut.append(left)
      }
    }
    return bank
  }

  /// A category path's lesson name: `$course$/Top/Pricing` → `Top / Pricing`.
  public static func categoryName(_ raw: String) -> String? {
    let parts = raw.trimmingSpaces.split(separator: "/").map { $0.trimmingSpaces }.filter {
      !$0.isEmpty && !($0.hasPrefix("$") && $0.hasSuffix("$")) && $0 != "top" && $0 != "Top"
    }
    return parts.isEmpty ? nil : parts.joined(separator: " / ")
  }

  /// The file's questions: runs of lines between blank lines, comment lines dropped, with the line
  /// each starts on.
  static func blocks(_ text: String) -> [(line: Int, text: String)] {
    var result: [(line: Int, text: String)] = []
    var current: [Substring] = []
    var start = 0
    var lineNo = 0
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    for raw in lines {
      lineNo += 1
      var line = raw.trimmingTrailingSpaces
      if lineNo == 1, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
      let trimmed = line.drop { $0 == " " || $0 == "\t" }
      if trimmed.hasPrefix("//") { continue }
      if trimmed.isEmpty {
        if !current.isEmpty { result.append((start, current.joined(separator: "\n"))) }
        current = []
        continue
      }
      if current.isEmpty { start = lineNo }
      current.append(line)
    }
    if !current.isEmpty { result.append((start, current.joined(separator: "\n"))) }
    return result
  }

  // MARK: - Escapes

  /// GIFT's escaped characters, swapped for private-use scalars while the structure is read, so that
  /// `\=` is never taken for an answer mark.
  static let escapes: [(Character, Character)] = [
    ("\\", "\u{E000}"), ("~", "\u{E001}"), ("=", "\u{E002}"), ("#", "\u{E003}"), ("{", "\u{E004}"),
    ("}", "\u{E005}"), (":", "\u{E006}"),
  ]

  static func protect(_ text: String) -> String {
    var out = ""
    var i = text.startIndex
    while i < text.endIndex {
      let c = text[i]
      let next = text.index(after: i)
      if c == "\\", next < text.endIndex {
        let n = text[next]
        if let swap = escapes.first(where: { $0.0 == n }) {
          out.append(swap.1)
          i = text.index(after: next)
          continue
        }
        if n == "n" {
          out.append("\n")
          i = text.index(after: next)
          continue
        }
      }
      out.append(c)
      i = next
    }
    return out
  }

  /// Puts escaped characters back, then reads the text's format (`[html]` → plain text).
  static func restore(_ text: Substring, losses: inout [String]) -> String {
    var s = String(text).stripping(" \n\t")
    var html = false
    for format in ["[html]", "[moodle]", "[plain]", "[markdown]"] where s.hasPrefix(format) {
      html = format == "[html]"
      s = String(s.dropFirst(format.count))
    }
    var out = ""
    for c in s {
      if let swap = escapes.first(where: { $0.1 == c }) { out.append(swap.0) } else { out.append(c) }
    }
    if html || PlainText.looksLikeHTML(out) {
      let plain = PlainText.fromHTML(out)
      if plain.hadImage, !losses.contains("import.loss.image") { losses.append("import.loss.image") }
      out = plain.text
    }
    // A continuation line's indentation is layout, not text.
    return out.split(separator: "\n", omittingEmptySubsequences: false).map { $0.drop { $0 == " " || $0 == "\t" } }
      .joined(separator: "\n").stripping(" \n\t")
  }

  // MARK: - One question

  static func question(_ raw: String, location: SourceLocation, category: String?) -> Result<BankQuestion, QuestionBank.LeftOut> {
    var losses: [String] = []
    var text = Substring(protect(raw))
    var title: String?
    if text.hasPrefix("::"), let end = text.dropFirst(2).range(of: "::") {
      title = restore(text[text.index(text.startIndex, offsetBy: 2)..<end.lowerBound], losses: &losses)
      text = text[end.upperBound...]
    }
    func leftOut(_ reason: String, _ args: [String: String] = [:]) -> Result<BankQuestion, QuestionBank.LeftOut> {
      .failure(QuestionBank.LeftOut(location: location, reason: reason, args: args, text: raw, category: category))
    }
    guard let open = text.firstIndex(of: "{") else {
      // No answer block: a description.
      let prompt = restore(text, losses: &losses)
      var q = BankQuestion(title: title, category: category, prompt: prompt, body: .description, location: location)
      q.losses = losses
      return .success(q)
    }
    guard let close = text[open...].firstIndex(of: "}") else { return leftOut("import.gift.noClosingBrace") }
    let before = text[..<open]
    let after = text[text.index(after: close)...]
    var answerText = Substring(String(text[text.index(after: open)..<close]).stripping(" \n\t"))
    var prompt = restore(before, losses: &losses)
    let tail = restore(after, losses: &losses)
    if !tail.isEmpty {
      // Missing word: the answer goes where the braces were.
      prompt = (prompt.isEmpty ? "" : prompt + " ") + "___" + (tail.first.map { ".,;:!?。，；：！？".contains($0) } == true ? "" : " ") + tail
    }
    var general: String?
    if let hashes = answerText.range(of: "####") {
      general = restore(answerText[hashes.upperBound...], losses: &losses)
      answerText = answerText[..<hashes.lowerBound]
      answerText = Substring(String(answerText).stripping(" \n\t"))
    }
    let body: BankQuestion.Body
    if answerText.isEmpty {
      body = .essay
    } else if answerText.hasPrefix("#") {
      guard let numbers = numerical(answerText.dropFirst(), losses: &losses) else { return leftOut("import.gift.badNumber") }
      body = .number(numbers)
    } else if let tf = trueFalse(answerText, losses: &losses) {
      body = tf
    } else if answerText.contains("->") {
      var pairs: [BankQuestion.Pair] = []
      for item in items(answerText) where item.mark == "=" {
        guard let arrow = item.text.range(of: "->") else { return leftOut("import.gift.badMatch") }
        let left = restore(item.text[..<arrow.lowerBound], losses: &losses)
        let right = restore(item.text[arrow.upperBound...], losses: &losses)
        if left.isEmpty {
          losses.append("import.loss.extraRight")
          continue
        }
        pairs.append(BankQuestion.Pair(left, right))
      }
      guard pairs.count >= 2 else { return leftOut("import.gift.badMatch") }
      body = .match(pairs)
    } else {
      let parsed = items(answerText)
      guard !parsed.isEmpty else { return leftOut("import.gift.noAnswers") }
      var options: [BankQuestion.Option] = []
      for item in parsed {
        var t = item.text
        var credit: Double = item.mark == "=" ? 1 : 0
        if let w = weight(&t) { credit = w / 100 }
        let feedback = splitFeedback(&t, losses: &losses)
        options.append(BankQuestion.Option(text: restore(t, losses: &losses), credit: credit, feedback: feedback))
      }
      if parsed.contains(where: { $0.mark == "~" }) {
        body = .choice(options)
      } else {
        body = .short(options.map { BankQuestion.Answer(text: $0.text, credit: $0.credit, feedback: $0.feedback) })
      }
    }
    var q = BankQuestion(title: title, category: category, prompt: prompt, body: body, explanation: general, location: location)
    if case .trueFalse(let answer, let ifTrue, let ifFalse) = body {
      // Moodle's per-answer feedback of a true/false has no place of its own in Bazaar: it joins the explanation.
      let extra = [answer ? ifTrue : ifFalse, answer ? ifFalse : ifTrue].compactMap { $0 }.filter { !$0.isEmpty }
      if !extra.isEmpty {
        q.explanation = ([general].compactMap { $0 } + extra).joined(separator: "\n")
        losses.append("import.loss.trueFalseFeedback")
      }
      q.body = .trueFalse(answer, feedbackIfTrue: nil, feedbackIfFalse: nil)
    }
    q.id = title.flatMap(BankIds.fromTitle)
    q.losses = losses
    return .success(q)
  }

  /// `T`, `TRUE`, `F`, `FALSE` with up to two feedbacks (`#for a wrong answer#for a right one`).
  static func trueFalse(_ text: Substring, losses: inout [String]) -> BankQuestion.Body? {
    let parts = text.split(separator: "#", maxSplits: 2, omittingEmptySubsequences: false)
    guard let head = parts.first else { return nil }
    let answer: Bool
    switch head.trimmingSpaces.uppercased() {
    case "T", "TRUE": answer = true
    case "F", "FALSE": answer = false
    default: return nil
    }
    let wrong = parts.count > 1 ? restore(parts[1], losses: &losses) : nil
    let right = parts.count > 2 ? restore(parts[2], losses: &losses) : nil
    // Moodle: the first feedback is for the wrong answer, the second for the right one.
    return .trueFalse(answer, feedbackIfTrue: answer ? right : wrong, feedbackIfFalse: answer ? wrong : right)
  }

  /// The answer items of a block: each starts at an unescaped `=` or `~` (as in Moodle, a mark
  /// anywhere starts an item; a literal one is written `\\=`).
  static func items(_ text: Substring) -> [(mark: Character, text: Substring)] {
    var result: [(mark: Character, text: Substring)] = []
    var mark: Character?
    var start = text.startIndex
    var i = text.startIndex
    while i < text.endIndex {
      let c = text[i]
      if c == "=" || c == "~" {
        if let m = mark { result.append((m, text[start..<i])) }
        mark = c
        start = text.index(after: i)
      }
      i = text.index(after: i)
    }
    if let m = mark { result.append((m, text[start...])) }
    return result.map { ($0.mark, Substring(String($0.text).stripping(" \n\t"))) }
  }

  /// Reads and removes an answer's `#feedback` (nil when there is none or it is empty).
  static func splitFeedback(_ t: inout Substring, losses: inout [String]) -> String? {
    guard let hash = t.firstIndex(of: "#") else { return nil }
    let feedback = restore(t[t.index(after: hash)...], losses: &losses)
    t = t[..<hash]
    return feedback.isEmpty ? nil : feedback
  }

  /// Reads and removes a leading `%50%` weight.
  static func weight(_ text: inout Substring) -> Double? {
    guard text.first == "%", let end = text.dropFirst().firstIndex(of: "%"),
      let w = Double(text[text.index(after: text.startIndex)..<end].trimmingSpaces), w.isFinite, abs(w) <= 100
    else { return nil }
    text = text[text.index(after: end)...]
    return w
  }

  /// A numerical answer block after its `#`.
  static func numerical(_ text: Substring, losses: inout [String]) -> [BankQuestion.NumberAnswer]? {
    let trimmed = Substring(String(text).stripping(" \n\t"))
    var result: [BankQuestion.NumberAnswer] = []
    if trimmed.hasPrefix("=") {
      for item in items(trimmed) {
        var t = item.text
        if item.mark == "~" {
          losses.append("import.loss.numberWrongFeedback")
          continue
        }
        var credit = 1.0
        if let w = weight(&t) { credit = w / 100 }
        let feedback = splitFeedback(&t, losses: &losses)
        guard let target = numberTarget(t) else { return nil }
        result.append(BankQuestion.NumberAnswer(target: target, credit: credit, feedback: feedback))
      }
    } else {
      var t = trimmed
      if let tilde = t.firstIndex(of: "~") {
        losses.append("import.loss.numberWrongFeedback")
        t = t[..<tilde]
      }
      let feedback = splitFeedback(&t, losses: &losses)
      guard let target = numberTarget(t) else { return nil }
      result.append(BankQuestion.NumberAnswer(target: target, feedback: feedback))
    }
    return result.isEmpty ? nil : result
  }

  /// `1822`, `1822:2`, `3.141..3.142`.
  static func numberTarget(_ raw: Substring) -> BankQuestion.NumberAnswer.Target? {
    let t = String(raw).stripping(" \n\t")
    if let dots = t.range(of: "..") {
      guard let lo = Double(t[..<dots.lowerBound].trimmingSpaces), let hi = Double(t[dots.upperBound...].trimmingSpaces),
        lo.isFinite, hi.isFinite
      else { return nil }
      return .range(min(lo, hi), max(lo, hi))
    }
    let parts = t.split(separator: ":", maxSplits: 1)
    guard let first = parts.first, let v = Double(first.trimmingSpaces), v.isFinite else { return nil }
    let tol = parts.count > 1 ? Double(parts[1].trimmingSpaces) : 0
    guard let tol, tol.isFinite else { return nil }
    return .value(v, tolerance: abs(tol))
  }
}
