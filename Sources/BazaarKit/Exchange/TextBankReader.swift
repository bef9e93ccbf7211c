/// Reads question banks kept as text: the layout Chinese quiz platforms import (and teachers keep in
/// Word), and Aiken (Moodle's one-answer multiple choice). Documented, with every case, in
/// `templates/question-bank.txt` and docs/import-export.md.
///
/// ```
/// 一、单选题                         ← a section: its name becomes the lesson, and the type
/// 1. 成本 8 元、售价 10 元，毛利率是（ ）   ← a numbered question (`1.` `1、` `1．` `(1)` `第1题`)
/// A、20%  B、25%                      ← options, one or several per line (`A.` `A、` `A)` `A：`)
/// C、80%
/// 答案：A                             ← also `正确答案：` `参考答案：` `【答案】` `ANSWER:`
/// 解析：(10 − 8) ÷ 10 = 20%。          ← also `答案解析：` `【解析】`; runs to the next question
/// 分值：2                             ← also `分数：`; `难度：` `知识点：` are read and ignored
/// 题型：多选                           ← the type of this question when there are no sections
/// ```
///
/// The answer may be written in the stem's brackets instead (`……是（B）`, `（√）`). A 判断 answer is
/// `正确/错误`, `对/错`, `√/×`, `T/F`; a 填空 answer with alternatives is `邮费/运费`.
public enum TextBankReader {
  /// Which layout: the numbered Chinese one, or Aiken (unnumbered questions, each ended by `ANSWER:`).
  public enum Layout: Sendable { case chinese, aiken }

  public static func read(_ text: String, path: String, layout: Layout) -> QuestionBank {
    var bank = QuestionBank()
    var section: String?
    var sectionType: String?
    var current: LooseQuestion?
    enum Part { case stem, options, answer, explanation }
    var part = Part.stem

    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    var lastLine = 0
    func close(through end: Int? = nil) {
      guard var q = current else { return }
      let lastLine = end ?? lastLine
      current = nil
      let from = max(0, q.location.line - 1)
      q.source = lines[from..<max(from, min(lastLine, lines.count))].joined(separator: "\n")
      switch q.read() {
      case .success(let question): bank.questions.append(question)
      case .failure(let left): bank.leftOut.append(left)
      }
    }
    var seenQuestion = false
    func start(_ stem: String, line: Int) {
      close()
      seenQuestion = true
      current = LooseQuestion(
        typeName: layout == .aiken ? "single" : sectionType, stem: stem, category: section,
        location: SourceLocation(path: path, line: line, column: 1), source: "")
      part = .stem
    }

    var lineNo = 0
    for raw in lines {
      lineNo += 1
      var line = raw.trimmingTrailingSpaces
      if lineNo == 1, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
      let trimmed = Substring(line.trimmingSpaces)
      defer { if !trimmed.isEmpty { lastLine = lineNo } }
      if trimmed.hasPrefix("//") { continue }  // a comment line (templates/question-bank.txt uses them)
      if trimmed.isEmpty {
        // In Aiken a blank line ends a question (one without its ANSWER line is reported).
        if layout == .aiken, part != .stem { close() }
        continue
      }
      if layout == .chinese, let heading = sectionHeading(trimmed) {
        close()
        section = heading.name
        sectionType = heading.type
        continue
      }
      if let (label, value) = labelled(trimmed) {
        switch label {
        case .answer:
          if current == nil { break }
          current?.answer = value
          part = .answer
          if layout == .aiken { close(through: lineNo) }
          continue
        case .explanation:
          if current == nil { break }
          current?.explanation = value.isEmpty ? nil : value
          part = .explanation
          continue
        case .points:
          current?.points = Double(value.stripping("分 "))
          continue
        case .type:
          current?.typeName = value
          continue
        case .ignored:
          continue
        }
      }
      if layout == .chinese, let stem = numberedStem(trimmed) {
        start(stem, line: lineNo)
        continue
      }
      if current != nil, part != .explanation, let options = optionLine(trimmed) {
        current?.options.append(contentsOf: options)
        part = .options
        continue
      }
      switch (current == nil, part) {
      case (true, _):
        if layout == .aiken {
          start(String(trimmed), line: lineNo)
        } else if !seenQuestion && section == nil {
          continue  // the document's title and instructions, before the first section or question
        } else {
          bank.leftOut.append(
            QuestionBank.LeftOut(
              location: SourceLocation(path: path, line: lineNo, column: 1), reason: "import.loose.strayLine", text: String(trimmed),
              category: section))
        }
      case (false, .stem):
        current?.stem += "\n" + trimmed
      case (false, .options):
        if let last = current?.options.popLast() { current?.options.append((last.letter, last.text + "\n" + trimmed)) }
      case (false, .explanation):
        let before = current?.explanation.map { $0 + "\n" } ?? ""
        current?.explanation = before + trimmed
      case (false, .answer):
        if layout == .aiken {
          start(String(trimmed), line: lineNo)
        } else {
          let before = current?.answer ?? ""
          current?.answer = before + "\n" + trimmed
        }
      }
    }
    close()
    return bank
  }

  // MARK: - Lines

  /// `一、单选题`, `二．判断题（每题 2 分）`, `第三部分 填空题`, `【多选题】`: the section's name and type.
  static func sectionHeading(_ line: Substring) -> (name: String, type: String)? {
    var rest = line
    let numerals = "一二三四五六七八九十"
    if rest.hasPrefix("第") { rest = rest.dropFirst() }
    let num = rest.prefix { numerals.contains($0) }
    rest = rest.dropFirst(num.count)
    if !num.isEmpty {
      rest = rest.drop { "、.．部分大题 ".contains($0) }
    } else if rest.hasPrefix("【") || rest.hasPrefix("[") {
      rest = rest.dropFirst()
    } else {
      return nil
    }
    let name = rest.prefix { !"（(【】]".contains($0) }.trimmingSpaces
    guard name.count <= 12, name.hasSuffix("题") || name.hasSuffix("题型"), LooseQuestion.kind(named: name) != nil else { return nil }
    return (name, name)
  }

  enum Label { case answer, explanation, points, type, ignored }

  static let labels: [(String, Label)] = [
    ("正确答案", .answer), ("参考答案", .answer), ("标准答案", .answer), ("答案解析", .explanation), ("答案", .answer),
    ("answer", .answer), ("解析", .explanation), ("分值", .points), ("分数", .points), ("题型", .type), ("难度", .ignored),
    ("知识点", .ignored), ("考点", .ignored),
  ]

  /// `答案：A`, `【答案】A`, `ANSWER: B`, `解析：…`.
  static func labelled(_ line: Substring) -> (Label, String)? {
    var rest = line
    let bracketed = rest.hasPrefix("【") || rest.hasPrefix("[")
    if bracketed { rest = rest.dropFirst() }
    // Every label starts with one of these (a question's text almost never does): most lines stop here.
    guard let first = rest.first, "正参标答解分题难知考aA".contains(first) else { return nil }
    let lower = rest.prefix(8).lowercased()
    for (word, label) in labels {
      guard lower.hasPrefix(word) else { continue }
      var after = rest.dropFirst(word.count)
      if bracketed {
        guard after.first == "】" || after.first == "]" else { continue }
        after = after.dropFirst()
      } else {
        guard let c = after.first, c == ":" || c == "：" || c == " " else { continue }
      }
      after = after.drop { $0 == ":" || $0 == "：" || $0 == " " || $0 == "\u{3000}" }
      return (label, after.trimmingSpaces)
    }
    return nil
  }

  /// `1. 题干`, `1、题干`, `1．题干`, `(1)题干`, `（1）题干`, `第1题 题干`, `1 题干` is not one.
  static func numberedStem(_ line: Substring) -> String? {
    var rest = line
    var bracket = false
    var di = false
    if rest.first == "(" || rest.first == "（" {
      bracket = true
      rest = rest.dropFirst()
    } else if rest.first == "第" {
      di = true
      rest = rest.dropFirst()
    }
    let digits = rest.prefix { $0.isASCII && $0.isNumber }
    guard !digits.isEmpty, digits.count <= 4 else { return nil }
    rest = rest.dropFirst(digits.count)
    if bracket {
      guard rest.first == ")" || rest.first == "）" else { return nil }
      rest = rest.dropFirst()
    } else if di {
      guard rest.first == "题" else { return nil }
      rest = rest.dropFirst()
      if let c = rest.first, "、.．:：".contains(c) { rest = rest.dropFirst() }
    } else {
      guard let c = rest.first, "、.．)）".contains(c) else { return nil }
      rest = rest.dropFirst()
      // `1.5 元` is a number in a stem's continuation, not question 1.
      if c == ".", rest.first?.isNumber == true { return nil }
    }
    let stem = rest.trimmingSpaces
    return stem.isEmpty ? nil : stem
  }

  /// `A、20%  B、25%`, `A. yes`, `B)no`, `C：…`: the options on the line, or nil if it is not an
  /// option line.
  static func optionLine(_ line: Substring) -> [(letter: Character, text: String)]? {
    var starts: [(letter: Character, at: String.Index, textStart: String.Index)] = []
    var i = line.startIndex
    var previousWasSpace = true
    while i < line.endIndex {
      let c = line[i]
      let letter: Character? = ("A"..."H").contains(c) ? c : LooseQuestion.fullWidthLetter(c).flatMap { ("A"..."H").contains($0) ? $0 : nil }
      if previousWasSpace, let letter {
        let next = line.index(after: i)
        if next < line.endIndex, "、.．:：)）".contains(line[next]) {
          let expected = starts.last.map { Character(Unicode.Scalar(($0.letter.asciiValue ?? 64) + 1)) } ?? "A"
          if letter == expected || (starts.isEmpty && i == line.startIndex) {
            starts.append((letter, i, line.index(after: next)))
          }
        }
      }
      previousWasSpace = c == " " || c == "\t" || c == "\u{3000}"
      i = line.index(after: i)
    }
    guard let first = starts.first, first.at == line.startIndex else { return nil }
    var result: [(letter: Character, text: String)] = []
    for (n, s) in starts.enumerated() {
      let end = n + 1 < starts.count ? starts[n + 1].at : line.endIndex
      result.append((s.letter, line[s.textStart..<end].trimmingSpaces))
    }
    return result
  }
}
