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
      // The first right answer written in the learner's script (快递费 for Chinese, courier fee
      // for English), else the first right answer.
      var texts: [String] = []
      for a in key.answers where a.credit >= 1 {
        if case .text(let s) = a.match { texts.append(s) } else { texts += a.examples }
      }
      let chinese = texts.first { $0.unicodeScalars.contains(where: TextNormalizer.isCJK) }
      let other = texts.first { !$0.unicodeScalars.contains(where: TextNormalizer.isCJK) }
      return (zh ? chinese ?? other : other ?? chinese) ?? texts.first
    case .number(let key):
      guard let full = key.answers.first(where: { $0.credit >= 1 }) else { return nil }
      let suffix = key.percent ? "%" : Presentation.unitLabel(key.unit, names: key.unitNames, language, fallback: fallback).map { zh ? $0 : " " + $0 } ?? ""
      switch full.target {
      case .value(let v, _): return NumberReader.format(v) + suffix
      case .range(let r): return "\(NumberReader.format(r.lowerBound))–\(NumberReader.format(r.upperBound))\(suffix)"
      }
    case .calc(let key):
      guard let v = calcValue, v.isFinite else { return nil }
      var scale = 1.0
      for _ in 0..<key.decimals { scale *= 10 }
      let shown = (v * scale).rounded(.toNearestOrAwayFromZero) / scale
      let unit = Presentation.unitLabel(key.unit, names: key.unitNames, language, fallback: fallback).map { zh ? $0 : " " + $0 }
      return NumberReader.format(shown) + (key.percent ? "%" : unit ?? "")
    case .order(let key):
      let letters = (0..<key.items.count).compactMap { i in order.firstIndex(of: i).map(Presentation.letter) }
      return letters.joined()
    case .match(let key):
      return (0..<key.pairs.count).compactMap { i in order.firstIndex(of: i).map { "\(i + 1)\(Presentation.letter($0))" } }
        .joined(separator: " ")
    case .listing(let key): return key.modelAnswers.pick(language, fallback: fallback)?.text
    case .pitch(let key): return key.modelAnswers.pick(language, fallback: fallback)?.text
    }
  }

  /// A unit as a learner reading `language` sees it: the author's name for it in that language,
  /// else `yuan` for 元 outside Chinese, else the unit as written.
  public static func unitLabel(_ unit: String?, names: Localized?, _ language: String, fallback: [String] = []) -> String? {
    if let names { return names.text(language, fallback: fallback) }
    guard let unit else { return nil }
    if Messages.isChinese(language) { return unit }
    let canonical = NumberReader.canonicalUnit(unit)
    if canonical == "元" { return "yuan" }
    if canonical.hasPrefix("元/") { return "yuan/" + canonical.dropFirst(2) }
    return unit
  }

}
