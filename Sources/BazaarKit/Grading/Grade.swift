/// The result of grading one answer: a score in 0…1 and the reasons.
public struct Grade: Sendable, Equatable {
  /// 0…1.
  public var score: Double
  /// True when the answer could not be read as an answer to this question (a letter that is not
  /// an option, text where a number is expected); the runner asks again instead of counting it.
  public var invalid: Bool
  /// Why: one note per reason, rendered in the learner's language.
  public var notes: [GradeNote]

  /// Creates a grade, clamping the score into 0…1.
  public init(score: Double, invalid: Bool = false, notes: [GradeNote]) {
    self.score = score.isFinite ? min(1, max(0, score)) : 0
    self.invalid = invalid
    self.notes = notes
  }

  /// An unreadable answer.
  static func invalid(_ notes: GradeNote...) -> Grade { Grade(score: 0, invalid: true, notes: notes) }

  /// Full marks.
  public var isCorrect: Bool { score >= 1 - 1e-9 && !invalid }

  /// Every note rendered in `language`, one line each.
  public func render(_ language: String, fallback: [String] = []) -> [String] {
    notes.map { $0.render(language, fallback: fallback) }
  }
}

/// One reason behind a grade. Bazaar's own words come from `Messages`; course text stays as written.
public enum GradeNote: Sendable, Equatable {
  case correct
  case partial(score: Double)
  case wrong
  case empty
  /// Author feedback attached to an option or accepted answer.
  case feedback(Localized)
  case optionFeedback(letter: String, text: Localized)
  case notAnOption(typed: String, valid: String)
  case chooseOne(count: Int)
  case missedOptions([String])
  case wrongTicks([String])
  case unreadableNumber(String)
  case severalNumbers([String])
  case ambiguousComma(String)
  case wrongUnit(typed: String, expected: String)
  case fractionNotAccepted(typed: String, asPercent: String)
  case tooHigh
  case tooLow
  case orderPairs(right: Int, total: Int)
  case orderIncomplete(expected: Int)
  case matchPairs(right: Int, total: Int)
  case matchIncomplete(expected: Int)
  case tooLong(count: Int, limit: Int, bytes: Bool)
  case tooShort(count: Int, limit: Int)
  case keywordMissing([String])
  case keywordsFound(found: Int, total: Int)
  case banned(term: String, reason: Localized?, advice: Localized?)
  case conceptCovered(Localized)
  case conceptMissing(Localized)
  case notTrueFalse(String)

  /// This note in `language` (Bazaar's messages exist in `en` and `zh`; others fall back to `en`).
  public func render(_ language: String, fallback: [String] = []) -> String {
    let zh = Messages.isChinese(language)
    func t(_ l: Localized?) -> String { l?.text(language, fallback: fallback) ?? "" }
    func list(_ xs: [String]) -> String { xs.joined(separator: zh ? "、" : ", ") }
    switch self {
    case .correct: return zh ? "正确。" : "Correct."
    case .partial(let s):
      let pct = Int((s * 100).rounded())
      return zh ? "部分正确（\(pct)%）。" : "Partly right (\(pct)%)."
    case .wrong: return zh ? "不正确。" : "Not right."
    case .empty: return zh ? "请先输入答案。" : "Type an answer first."
    case .feedback(let l): return t(l)
    case .optionFeedback(let letter, let l): return "\(letter): \(t(l))"
    case .notAnOption(let typed, let valid):
      return zh ? "“\(typed)”不是选项；请输入 \(valid) 中的字母。" : "“\(typed)” is not an option; type one of \(valid)."
    case .chooseOne(let n):
      return zh ? "本题只有一个正确答案，你选了 \(n) 个。" : "This question has one answer; you chose \(n)."
    case .missedOptions(let ls): return zh ? "漏选：\(list(ls))。" : "Also correct: \(list(ls))."
    case .wrongTicks(let ls): return zh ? "错选：\(list(ls))。" : "Wrongly chosen: \(list(ls))."
    case .unreadableNumber(let s):
      return zh ? "“\(s)”不是一个数字；请输入数字，如 39.9。" : "“\(s)” is not a number; type a number such as 39.9."
    case .severalNumbers(let xs):
      return zh ? "你输入了多个数字（\(list(xs))）；只输入一个。" : "You typed several numbers (\(list(xs))); type just one."
    case .ambiguousComma(let s):
      return zh ? "“\(s)”中的逗号含义不清；小数请用点号，如 1.29。" : "The comma in “\(s)” is unclear; use a point for decimals, e.g. 1.29."
    case .wrongUnit(let typed, let expected):
      return zh ? "单位是\(expected)，不是\(typed)。" : "The unit here is \(expected), not \(typed)."
    case .fractionNotAccepted(let typed, let asPercent):
      return zh ? "请用百分数作答：\(typed) 应写成 \(asPercent)。" : "Answer as a percentage: write \(typed) as \(asPercent)."
    case .tooHigh: return zh ? "你的答案偏大。" : "Your answer is too high."
    case .tooLow: return zh ? "你的答案偏小。" : "Your answer is too low."
    case .orderPairs(let r, let n):
      return zh ? "\(n) 组先后关系中有 \(r) 组正确。" : "\(r) of \(n) pairs are in the right order."
    case .orderIncomplete(let n):
      return zh ? "请按顺序输入全部 \(n) 个字母，每个一次，如 BADC。" : "Type all \(n) letters in order, each once, e.g. BADC."
    case .matchPairs(let r, let n): return zh ? "\(n) 组配对中有 \(r) 组正确。" : "\(r) of \(n) pairs match."
    case .matchIncomplete(let n):
      return zh ? "请为全部 \(n) 项配对，如 1B 2A 3C，或按顺序输入字母 BAC。" : "Match all \(n) items, e.g. 1B 2A 3C, or the letters in order: BAC."
    case .tooLong(let c, let limit, let bytes):
      if bytes {
        return zh ? "共 \(c) 字节，超过 \(limit) 字节上限（汉字算 2 字节），平台不会接受。" : "\(c) bytes is over the \(limit)-byte limit (a Chinese character counts 2); the platform would reject it."
      }
      return zh ? "共 \(c) 字，超过 \(limit) 字上限。" : "\(c) characters is over the limit of \(limit)."
    case .tooShort(let c, let limit): return zh ? "只有 \(c) 字，至少需要 \(limit) 字。" : "Only \(c) characters; at least \(limit) are needed."
    case .keywordMissing(let alts):
      return zh ? "缺少关键词：\(alts.joined(separator: " / "))。" : "Missing keyword: \(alts.joined(separator: " / "))."
    case .keywordsFound(let f, let n): return zh ? "包含 \(f)/\(n) 个关键词。" : "\(f) of \(n) keywords present."
    case .banned(let term, let reason, let advice):
      var s = zh ? "“\(term)”不能用" : "“\(term)” is not allowed"
      if let reason { s += zh ? "：\(t(reason))" : ": \(t(reason))" }
      if let advice { s += zh ? "；\(t(advice))" : "; \(t(advice))" }
      return s + (zh ? "。" : ".")
    case .conceptCovered(let l): return zh ? "✓ \(t(l))" : "✓ \(t(l))"
    case .conceptMissing(let l): return zh ? "✗ 缺少：\(t(l))" : "✗ missing: \(t(l))"
    case .notTrueFalse(let s):
      return zh ? "“\(s)”既不是“对”也不是“错”；请输入 对/错 或 A/B。" : "“\(s)” is neither true nor false; type true/false (or A/B)."
    }
  }
}

/// Bazaar's own message tables and language helpers.
public enum Messages {
  /// Whether `language` is a Chinese code (`zh`, `zh-CN`, `zh_TW`…).
  public static func isChinese(_ language: String) -> Bool {
    language == "zh" || language.hasPrefix("zh-") || language.hasPrefix("zh_")
  }
}
