/// A learner's first answer as the item analysis counts it: read the way the grader reads it, and
/// mapped back from what this learner saw to the author's options, so that answers that mean the
/// same thing are counted together.
///
/// - choice: `b`, `B.`, `2` and the option's text all pick the same option; the option is named
///   by its text (in the report's language), whatever letter this learner saw it under.
///   Several options (a multiple-answer question) are listed in the author's order, joined by ` + `.
/// - order: the sequence in the author's lettering (the author lists the items in the right order,
///   so `ABCD` is right and `BACD` swaps the first two), whatever order this learner saw.
/// - match: each left item's number with the author's letter of the right item paired to it
///   (`1A 2B 3C` is right).
/// - true/false: every word the grader reads as true (`t`, `对`, `1`) is one answer, shown as `true`
///   (`对` in Chinese), likewise false.
/// - number and calc: the number read (`¥39.9`, `39.90元` and `39.9 yuan` are one answer).
/// - short: ``TextNormalizer/key(_:)`` (case, width, spacing and punctuation folded), as the grader
///   compares text answers.
/// - listing, pitch, and anything the grader would not read as above: ``TextNormalizer/normalize(_:)``.
///
/// `key` groups answers; `shown` is how to show one (the most frequent `shown` of a group is the
/// one the report uses).
public struct FirstAnswer: Sendable, Equatable {
  public var key: String
  public var shown: String

  public init(key: String, shown: String) {
    self.key = key
    self.shown = shown
  }

  /// `raw` as typed by the learner who saw `presentation`; option texts in `language`.
  public static func read(_ raw: String, presentation p: Presentation, language: String, fallback: [String] = []) -> FirstAnswer {
    let normalized = TextNormalizer.normalize(raw)
    let plain = FirstAnswer(key: "text:" + normalized, shown: normalized)
    let shownOrder = p.order
    switch p.question.kind {
    case .choice(let key):
      let n = key.options.count
      let shown = shownOrder.count == n ? shownOrder : Array(0..<n)
      guard let positions = Grader.choicePositions(raw, key: key, shown: shown).picked else { return plain }
      let authorIndices = Set(positions.compactMap { shown.indices.contains($0) ? shown[$0] : nil }).sorted()
      guard !authorIndices.isEmpty else { return plain }
      let texts = authorIndices.map { key.options[$0].text.text(language, fallback: fallback) }
      return FirstAnswer(
        key: "choice:" + authorIndices.map(String.init).joined(separator: ","),
        shown: texts.map { Sanitize.line($0).trimmingSpaces }.joined(separator: " + "))
    case .order(let key):
      let count = key.items.count
      guard shownOrder.count == count, let seq = Grader.sequence(raw, count: count) else { return plain }
      let ranks = seq.compactMap { shownOrder.indices.contains($0) ? shownOrder[$0] : nil }
      guard ranks.count == count else { return plain }
      let letters = ranks.map(Presentation.letter).joined()
      return FirstAnswer(key: "order:" + letters, shown: letters)
    case .match(let key):
      let count = key.pairs.count
      guard shownOrder.count == count, let assignment = Grader.matchAssignment(raw, count: count) else { return plain }
      // Left item i (1-based for the learner) got displayed position assignment[i]: the
      // author's right item shownOrder[assignment[i]].
      let pairs = assignment.enumerated().compactMap { left, pos -> String? in
        shownOrder.indices.contains(pos) ? "\(left + 1)" + Presentation.letter(shownOrder[pos]) : nil
      }
      guard pairs.count == count else { return plain }
      let text = pairs.joined(separator: " ")
      return FirstAnswer(key: "match:" + text, shown: text)
    case .trueFalse:
      let k = TextNormalizer.key(raw)
      let word = k.isEmpty ? normalized : k
      // Shown as the runner shows the right answer of a true/false question.
      let zh = Messages.isChinese(language)
      if Grader.trueWords.contains(word) { return FirstAnswer(key: "tf:true", shown: zh ? "对" : "true") }
      if Grader.falseWords.contains(word) { return FirstAnswer(key: "tf:false", shown: zh ? "错" : "false") }
      return plain
    case .number, .calc:
      guard case .success(let read) = NumberReader.read(raw), read.value.isFinite else { return plain }
      let k = NumberReader.format(read.value, maxDecimals: 9) + (read.isPercent ? "%" : "") + (read.unitText.map { " " + $0 } ?? "")
      return FirstAnswer(key: "number:" + k, shown: normalized)
    case .short:
      let k = TextNormalizer.key(raw)
      return k.isEmpty ? plain : FirstAnswer(key: "short:" + k, shown: normalized)
    case .listing, .pitch:
      return plain
    }
  }
}
