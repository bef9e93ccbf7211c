import CSV

/// Reads the spreadsheet template (`templates/question-bank.csv` / `.xlsx`): a header row naming the
/// columns, then one question per row. Columns are found by name, in Chinese or English, in any
/// order; unknown columns are ignored and said so.
///
/// | column | also | holds |
/// |---|---|---|
/// | 题型 | type | 单选 / 多选 / 判断 / 填空 / 简答 (single, multiple, truefalse, blank, essay) |
/// | 题干 | question, stem | the question |
/// | 选项A … 选项H | A … H, option A … | the options |
/// | 答案 | answer | letters (`A`, `ABD`), 正确/错误, or the blank's answer (`邮费/运费`) |
/// | 解析 | explanation | shown after answering |
/// | 分值 | points, score | the question's weight |
/// | 章节 | 分类, lesson, category | the lesson it goes in |
/// | 编号 | id | a stable id (letters, digits, `-`) |
public enum SheetReader {
  /// Reads CSV text (already decoded).
  public static func readCSV(_ text: String, path: String) -> QuestionBank {
    guard let reader = try? CSVReader(string: text, hasHeaderRow: false, trimFields: true) else { return QuestionBank() }
    var rows: [[String]] = []
    while let row = reader.next() { rows.append(row) }
    return read(rows: rows, path: path)
  }

  enum Column: Equatable { case type, stem, option(Character), answer, explanation, points, category, id }

  static func column(_ header: String) -> Column? {
    let h = header.trimmingSpaces.lowercased().replacingOccurrences(" ", "")
    switch h {
    case "题型", "类型", "type", "kind": return .type
    case "题干", "题目", "试题", "question", "stem", "prompt": return .stem
    case "答案", "正确答案", "参考答案", "answer": return .answer
    case "解析", "答案解析", "explanation", "feedback": return .explanation
    case "分值", "分数", "points", "score": return .points
    case "章节", "分类", "课", "lesson", "category": return .category
    case "编号", "题号", "id": return .id
    default: break
    }
    for prefix in ["选项", "option", ""] where h.hasPrefix(prefix) {
      let rest = h.dropFirst(prefix.count)
      if rest.count == 1, let c = rest.uppercased().first, ("A"..."H").contains(c) { return .option(c) }
    }
    return nil
  }

  /// Reads rows: the first non-empty one is the header.
  public static func read(rows: [[String]], path: String) -> QuestionBank {
    var bank = QuestionBank()
    guard let headerIndex = rows.firstIndex(where: { $0.contains { !$0.trimmingSpaces.isEmpty } }) else { return bank }
    let columns = rows[headerIndex].map(column)
    guard columns.contains(.stem) else {
      bank.leftOut.append(
        QuestionBank.LeftOut(
          location: SourceLocation(path: path, line: headerIndex + 1, column: 1), reason: "import.sheet.noStemColumn",
          text: rows[headerIndex].joined(separator: " | ")))
      return bank
    }
    for (n, row) in rows.enumerated() where n > headerIndex {
      guard row.contains(where: { !$0.trimmingSpaces.isEmpty }) else { continue }
      var q = LooseQuestion(stem: "", location: SourceLocation(path: path, line: n + 1, column: 1), source: row.filter { !$0.isEmpty }.joined(separator: " | "))
      for (value, col) in zip(row, columns) {
        let v = value.trimmingSpaces
        guard !v.isEmpty, let col else { continue }
        switch col {
        case .type: q.typeName = v
        case .stem: q.stem = v
        case .option(let letter): q.options.append((letter, v))
        case .answer: q.answer = v
        case .explanation: q.explanation = v
        case .points: q.points = Double(v)
        case .category: q.category = v
        case .id: q.id = YAMLReader.isIdentifier(v) ? v : BankIds.fromTitle(v)
        }
      }
      q.options.sort { $0.letter < $1.letter }
      switch q.read() {
      case .success(let question): bank.questions.append(question)
      case .failure(let left): bank.leftOut.append(left)
      }
    }
    return bank
  }
}

extension String {
  fileprivate func replacingOccurrences(_ target: Character, _ replacement: String) -> String {
    var out = ""
    for c in self { if c == target { out += replacement } else { out.append(c) } }
    return out
  }
}
