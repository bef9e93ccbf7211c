/// A question as one learner sees it: options in their shuffled order, calc values drawn.
///
/// Everything is derived from the question and a seed string, so the same learner always sees
/// the same question and a transcript re-grades identically.
public struct Presentation: Sendable {
  /// The question.
  public let question: Question
  /// The seed this presentation was made from.
  public let seed: String
  /// Displayed position → index in the author's list (choice options, order items, match right column).
  public var order: [Int] { overrideOrder ?? shuffled }
  private let shuffled: [Int]
  private var overrideOrder: [Int]? = nil
  /// Drawn values of a calc question's variables.
  public let values: [String: Double]

  /// Presents `question` for the learner (or session) `seed`.
  public init(_ question: Question, seed: String) {
    self.question = question
    self.seed = seed
    var rng = SeededRandom(seed: seed, question.id)
    switch question.kind {
    case .choice(let key):
      shuffled = key.shuffle ? rng.permutation(key.options.count) : Array(key.options.indices)
      values = [:]
    case .order(let key):
      shuffled = Self.derange(key.items.count, &rng)
      values = [:]
    case .match(let key):
      shuffled = Self.derange(key.pairs.count, &rng)
      values = [:]
    case .calc(let key):
      shuffled = []
      var drawn: [String: Double] = [:]
      for v in key.variables { drawn[v.name] = Self.draw(v.draw, &rng) }
      values = drawn
    default:
      shuffled = []
      values = [:]
    }
  }

  /// The question in the author's order (no shuffle): how `wrong_examples` are written.
  public init(authorOrder question: Question, seed: String = "author") {
    self.init(question, seed: seed)
    switch question.kind {
    case .choice(let k): overrideOrder = Array(k.options.indices)
    case .order(let k): overrideOrder = Array(k.items.indices)
    case .match(let k): overrideOrder = Array(k.pairs.indices)
    default: break
    }
  }

  /// A shuffle that does not leave the items already in the right order.
  static func derange(_ n: Int, _ rng: inout SeededRandom) -> [Int] {
    guard n > 1 else { return Array(0..<max(n, 0)) }
    for _ in 0..<8 {
      let p = rng.permutation(n)
      if p != Array(0..<n) { return p }
    }
    return Array((0..<n).reversed())
  }

  /// One value drawn from a variable's declaration.
  static func draw(_ d: CalcVariable.Draw, _ rng: inout SeededRandom) -> Double {
    switch d {
    case .values(let vs):
      guard !vs.isEmpty else { return 0 }
      return vs[rng.int(in: 0...(vs.count - 1))]
    case .range(let lo, let hi, let step):
      let steps = step > 0 ? Int(((hi - lo) / step + 1e-9).rounded(.down)) : 0
      let k = steps > 0 ? rng.int(in: 0...steps) : 0
      return cleaned(lo + Double(k) * step)
    }
  }

  /// Removes binary noise such as 0.30000000000000004.
  static func cleaned(_ v: Double) -> Double { (v * 1e9).rounded() / 1e9 }

  /// The label of displayed position `i`: A, B, C…
  public static func letter(_ i: Int) -> String {
    guard i >= 0, i < 26, let s = UnicodeScalar(65 + i) else { return "?" }
    return String(Character(s))
  }

  /// The prompt text, with a calc question's `{var}` / `{var%}` placeholders filled in.
  public func prompt(_ language: String, fallback: [String] = []) -> String {
    filled(question.prompt.text(language, fallback: fallback))
  }

  /// `text` (a calc question's prompt, hint or explanation) with this learner's values in its
  /// `{var}` / `{var%}` placeholders: the explanation works the learner's own numbers.
  public func filled(_ text: String) -> String {
    guard !values.isEmpty, text.contains("{") else { return text }
    var out = ""
    var i = text.startIndex
    while i < text.endIndex {
      if text[i] == "{", let close = text[i...].firstIndex(of: "}") {
        var name = String(text[text.index(after: i)..<close])
        let percent = name.hasSuffix("%")
        if percent { name.removeLast() }
        if let v = values[name] {
          out += percent ? NumberReader.format(v * 100, maxDecimals: 4) + "%" : NumberReader.format(v, maxDecimals: 6)
          i = text.index(after: close)
          continue
        }
      }
      out.append(text[i])
      i = text.index(after: i)
    }
    return out
  }

  /// What `formula` gives with this learner's values (in percent when the question is a
  /// percentage), unrounded: the answer a typical mistake leads to.
  public func value(of formula: Formula) -> Double? {
    guard case .calc(let key) = question.kind, case .success(let v) = formula.evaluate(values) else { return nil }
    return key.percent ? v * 100 : v
  }

  /// The expected answer of a calc question (in percent when the question is a percentage), unrounded.
  public var calcValue: Double? {
    guard case .calc(let key) = question.kind, case .success(let v) = key.formula.evaluate(values) else { return nil }
    return key.percent ? v * 100 : v
  }
}
