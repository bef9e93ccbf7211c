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
    let messages = MessageCatalog.builtInCatalog(for: language)
    return notes.map { $0.render(with: messages, language: language, fallback: fallback) }
  }

  /// Every note rendered with `messages` (e.g. one that includes a translator's `messages/ug.yaml`).
  public func render(with messages: MessageCatalog, language: String? = nil, fallback: [String] = []) -> [String] {
    notes.map { $0.render(with: messages, language: language, fallback: fallback) }
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
  /// A calc answer that is what one of the author's typical wrong formulas gives.
  case commonMistake
  case orderPairs(right: Int, total: Int)
  case orderIncomplete(expected: Int)
  case matchPairs(right: Int, total: Int)
  case matchIncomplete(expected: Int)
  case tooLong(count: Int, limit: Int, bytes: Bool)
  case tooShort(count: Int, limit: Int)
  case keywordMissing([String])
  case keywordsFound(found: Int, total: Int)
  /// A banned term used as a claim, with the clause that makes it.
  case banned(term: String, reason: Localized?, advice: Localized?, clause: String? = nil)
  /// A concept covered, with the words that cover it.
  case conceptCovered(Localized, evidence: String? = nil)
  /// A concept missed, with a few ways to say it.
  case conceptMissing(Localized, examples: [String] = [])
  /// How part of the answer was read (a refusal, a quoted question, a bare list of cue words).
  case readAs(ReadingNote)
  /// A claim that contradicts the product's true terms (a wrong price, free shipping everywhere
  /// when some regions pay, 7-day return on fresh fruit), as a live room would judge it.
  case wrongFact(LiveViolation, product: LiveProduct)
  case notTrueFalse(String)

  /// This note in `language` (Bazaar's built-in messages exist in `en` and `zh`; others fall back
  /// to `en`). Called once per answer: the catalogue is a cached static, nothing is rebuilt.
  public func render(_ language: String, fallback: [String] = []) -> String {
    render(with: MessageCatalog.builtInCatalog(for: language), language: language, fallback: fallback)
  }

  /// Whether `text` has a Chinese (CJK) character.
  static func hasCJK(_ text: String) -> Bool {
    text.unicodeScalars.contains { (0x3400...0x9FFF).contains($0.value) || (0xF900...0xFAFF).contains($0.value) }
  }

  /// This note with Bazaar's words from `messages`; course text (feedback, reasons, concept labels)
  /// is shown in `language` (default: the catalogue's language), then `fallback`.
  public func render(with messages: MessageCatalog, language: String? = nil, fallback: [String] = []) -> String {
    let language = language ?? messages.language
    func t(_ l: Localized?) -> String { l?.text(language, fallback: fallback) ?? "" }
    func m(_ key: String, _ args: [String: String] = [:]) -> String { messages.text(key, args) }
    func list(_ xs: [String]) -> String { xs.joined(separator: m("grade.listSeparator")) }
    switch self {
    case .correct: return m("grade.correct")
    case .partial(let s): return m("grade.partial", ["percent": String(Int((s * 100).rounded()))])
    case .wrong: return m("grade.wrong")
    case .empty: return m("grade.empty")
    case .feedback(let l): return t(l)
    case .optionFeedback(let letter, let l): return "\(letter): \(t(l))"
    case .notAnOption(let typed, let valid): return m("grade.notAnOption", ["typed": typed, "valid": valid])
    case .chooseOne(let n): return m("grade.chooseOne", ["count": String(n)])
    case .missedOptions(let ls): return m("grade.missedOptions", ["letters": list(ls)])
    case .wrongTicks(let ls): return m("grade.wrongTicks", ["letters": list(ls)])
    case .unreadableNumber(let s): return m("grade.unreadableNumber", ["typed": s])
    case .severalNumbers(let xs): return m("grade.severalNumbers", ["numbers": list(xs)])
    case .ambiguousComma(let s): return m("grade.ambiguousComma", ["typed": s])
    case .wrongUnit(let typed, let expected):
      let shown = Presentation.unitLabel(expected, names: nil, messages.language) ?? expected
      return m("grade.wrongUnit", ["typed": typed, "expected": shown])
    case .fractionNotAccepted(let typed, let asPercent):
      return m("grade.fractionNotAccepted", ["typed": typed, "percent": asPercent])
    case .tooHigh: return m("grade.tooHigh")
    case .commonMistake: return m("grade.commonMistake")
    case .tooLow: return m("grade.tooLow")
    case .orderPairs(let r, let n): return m("grade.orderPairs", ["right": String(r), "total": String(n)])
    case .orderIncomplete(let n): return m("grade.orderIncomplete", ["count": String(n)])
    case .matchPairs(let r, let n): return m("grade.matchPairs", ["right": String(r), "total": String(n)])
    case .matchIncomplete(let n): return m("grade.matchIncomplete", ["count": String(n)])
    case .tooLong(let c, let limit, let bytes):
      return m(bytes ? "grade.tooLongBytes" : "grade.tooLong", ["count": String(c), "limit": String(limit)])
    case .tooShort(let c, let limit): return m("grade.tooShort", ["count": String(c), "limit": String(limit)])
    case .keywordMissing(let alts): return m("grade.keywordMissing", ["keyword": alts.joined(separator: " / ")])
    case .keywordsFound(let f, let n): return m("grade.keywordsFound", ["found": String(f), "total": String(n)])
    case .banned(let term, let reason, let advice, let clause):
      let said: String
      switch (reason, advice) {
      case (nil, nil): said = m("grade.banned", ["term": term])
      case (let reason?, nil): said = m("grade.banned.reason", ["term": term, "reason": t(reason)])
      case (nil, let advice?): said = m("grade.banned.advice", ["term": term, "advice": t(advice)])
      case (let reason?, let advice?):
        said = m("grade.banned.reasonAdvice", ["term": term, "reason": t(reason), "advice": t(advice)])
      }
      guard let clause, TextNormalizer.normalize(clause) != TextNormalizer.normalize(term) else { return said }
      return m("grade.inClause", ["clause": clause]) + said
    case .conceptCovered(let l, let evidence):
      guard let evidence else { return m("grade.conceptCovered", ["concept": t(l)]) }
      return m("grade.conceptCovered.evidence", ["concept": t(l), "words": evidence])
    case .conceptMissing(let l, let examples):
      guard !examples.isEmpty else { return m("grade.conceptMissing", ["concept": t(l)]) }
      // Ways to say it in the learner's language first: Chinese phrases for a Chinese answer,
      // English ones for an English answer (all of them when none is in that language).
      let chinese = language == "zh"
      let own = examples.filter { Self.hasCJK($0) == chinese }
      let shown = (own.isEmpty ? examples : own).prefix(4)
      return m("grade.conceptMissing.examples", ["concept": t(l), "examples": shown.joined(separator: " / ")])
    case .readAs(let note): return note.render(m)
    case .wrongFact(let v, let product):
      let scenario = LiveScenario(id: "facts", title: Localized(""), durationSeconds: 60, seed: 0, products: [product], topics: [])
      let said = LiveReport(scenario: scenario, messages: messages, language: language, fallback: fallback).violationDetail(v)
      guard let clause = v.clause, TextNormalizer.normalize(clause) != TextNormalizer.normalize(v.words ?? "") else { return said }
      return m("grade.inClause", ["clause": clause]) + said
    case .notTrueFalse(let s): return m("grade.notTrueFalse", ["typed": s])
    }
  }
}

extension MessageCatalog {
  /// Chinese, built in.
  static let chinese = MessageCatalog(language: "zh", table: Messages.zh)

  /// The built-in catalogue for `language` (`zh`, `zh-CN`, `zh_TW.UTF-8` → Chinese; anything else →
  /// English). A shared static: cheap enough to call per answer. Reads no files; use
  /// `MessageCatalog.load(language:folders:)` once at start-up for translators' `messages/LANG.yaml`.
  public static func builtInCatalog(for language: String) -> MessageCatalog {
    Messages.isChinese(language) ? chinese : english
  }
}

/// Bazaar's own message tables and language helpers.
public enum Messages {
  /// Whether `language` is a Chinese code (`zh`, `zh-CN`, `zh_TW`…).
  public static func isChinese(_ language: String) -> Bool {
    language == "zh" || language.hasPrefix("zh-") || language.hasPrefix("zh_")
  }
}

extension ReadingNote {
  /// This note in the catalogue's words (`m` looks a key up).
  func render(_ m: (String, [String: String]) -> String) -> String {
    switch self {
    case .refusal(let clause, let words): m("read.refusal", ["clause": clause, "words": words])
    case .refusalPhrase(let clause, let words):
      TextNormalizer.key(clause) == TextNormalizer.key(words)
        ? m("read.refusalPhraseAlone", ["clause": clause]) : m("read.refusalPhrase", ["clause": clause, "words": words])
    case .quoted(let clause, let words): m("read.quoted", ["clause": clause, "words": words])
    case .cueList(let words): m("read.cueList", ["words": words.joined(separator: " ")])
    case .qualifiedShipping(let clause): m("read.qualifiedShipping", ["clause": clause])
    case .repeated: m("read.repeated", [:])
    case .stillClaimed(let clause, let words, let by): m("read.stillClaimed", ["clause": clause, "words": words, "by": by])
    }
  }
}
