/// The right answer, as a learner would type and read it (shown when a question is over).
extension Presentation {
  /// The correct answer in `language`, with option letters as this learner sees them.
  public func correctAnswer(_ language: String, fallback: [String] = []) -> String? {
    func t(_ l: Localized) -> String { l.text(language, fallback: fallback) }
    let zh = Messages.isChinese(language)
    switch question.kind {
    case .choice(let key):
      let right = order.enumerated().filter { key.options[$0.element].correct }
      return right.map { "\(Presentation.letter($0.offset)) \(t(key.options[$0.element].text))" }
        .joined(separator: zh ? "；" : "; ")
    case .trueFalse(let truth):
      return zh ? (truth ? "对" : "错") : (truth ? "true" : "false")
    case .short(let key):
      for a in key.answers where a.credit >= 1 {
        if case .text(let s) = a.match { return s }
      }
      return key.answers.first { $0.credit >= 1 }?.examples.first
    case .number(let key):
      guard let full = key.answers.first(where: { $0.credit >= 1 }) else { return nil }
      let suffix = key.percent ? "%" : (key.unit ?? "")
      switch full.target {
      case .value(let v, _): return NumberReader.format(v) + suffix
      case .range(let r): return "\(NumberReader.format(r.lowerBound))–\(NumberReader.format(r.upperBound))\(suffix)"
      }
    case .calc(let key):
      guard let v = calcValue, v.isFinite else { return nil }
      var scale = 1.0
      for _ in 0..<key.decimals { scale *= 10 }
      let shown = (v * scale).rounded(.toNearestOrAwayFromZero) / scale
      return NumberReader.format(shown) + (key.percent ? "%" : (key.unit ?? ""))
    case .order(let key):
      let letters = (0..<key.items.count).compactMap { i in order.firstIndex(of: i).map(Presentation.letter) }
      return letters.joined()
    case .match(let key):
      return (0..<key.pairs.count).compactMap { i in order.firstIndex(of: i).map { "\(i + 1)\(Presentation.letter($0))" } }
        .joined(separator: " ")
    case .listing(let key): return key.modelAnswer?.text
    case .pitch(let key): return key.modelAnswer?.text
    }
  }
}
