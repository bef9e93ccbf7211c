/// How people wrap an answer without changing it: the words before it that only say "this is my
/// answer" or "I'm not sure" (`答案是`, `我觉得`, `应该是`, `maybe`, `it's`), and the sentence-final
/// particles and hedges after it (`吧`, `呢`, `I think`). One table for every answer kind: the number
/// reader adds its own number words (`约`, `左右`, `price`), the short-answer grader uses these.
///
/// Never here: anything that changes the answer, such as a negation (`不是运费` is not `运费`).
enum Hedges {
  /// Before an answer (normalised: lower case, half width).
  static let lead = [
    "答案应该是", "答案是", "答案为", "应该是", "可能是", "大概是", "大约是", "我觉得是", "我觉得", "我认为是", "我认为",
    "我猜是", "我猜", "就是", "应该", "大概", "大约", "答案", "答", "是",
    "the answer is", "i think it's", "i think it is", "i think", "i guess", "maybe", "probably", "perhaps", "answer",
    "it's", "it is", "its", "is",
  ]

  /// Articles before a worded answer (`the postage`), taken off whole words only, so not by the
  /// number reader, whose lead words match letter by letter.
  static let articles = ["the", "an", "a"]

  /// After an answer: hedges, and the particles of spoken Chinese (`运费吧`, `28元吧`), which are
  /// neither a unit nor part of the answer.
  static let trailing = ["i think", "i guess", "maybe", "吧", "呢", "啊", "呀", "哦", "嘛", "啦", "吗", "哈"]

  private static let leadLongestFirst = (lead + articles).sorted { $0.count > $1.count }
  private static let trailingLongestFirst = trailing.sorted { $0.count > $1.count }

  /// `normalized` (see `TextNormalizer.normalize`) without the hedges around it, and without the
  /// spaces and punctuation they leave: `答案是：运费吧` → `运费`, `I think it's freight` → `freight`.
  /// An English word is taken off only whole (`is` not from `isolation`). Nil when nothing was
  /// taken off, or nothing would be left.
  static func stripped(_ normalized: String) -> String? {
    var rest = Substring(normalized)
    var changed = false
    func trim() {
      while let c = rest.first, c.isWhitespace || c.isPunctuation || c.isSymbol { rest = rest.dropFirst() }
      while let c = rest.last, c.isWhitespace || c.isPunctuation || c.isSymbol { rest = rest.dropLast() }
    }
    trim()
    while let word = leadLongestFirst.first(where: { rest.hasPrefix($0) && wholeWord(rest, prefix: $0.count) }),
      rest.count > word.count
    {
      rest = rest.dropFirst(word.count)
      changed = true
      trim()
    }
    while let word = trailingLongestFirst.first(where: { rest.hasSuffix($0) && wholeWord(rest, suffix: $0.count) }),
      rest.count > word.count
    {
      rest = rest.dropLast(word.count)
      changed = true
      trim()
    }
    return changed && !rest.isEmpty ? String(rest) : nil
  }

  /// Whether the `prefix` characters at the start of `s` end where a word ends (always so for
  /// Chinese; for English, the next character is not a letter).
  private static func wholeWord(_ s: Substring, prefix: Int) -> Bool {
    guard let last = s.prefix(prefix).last, last.isASCII, last.isLetter || last == "'" else { return true }
    guard let next = s.dropFirst(prefix).first else { return true }
    return !(next.isASCII && next.isLetter)
  }

  private static func wholeWord(_ s: Substring, suffix: Int) -> Bool {
    guard let first = s.suffix(suffix).first, first.isASCII, first.isLetter else { return true }
    guard let before = s.dropLast(suffix).last else { return true }
    return !(before.isASCII && before.isLetter)
  }
}
