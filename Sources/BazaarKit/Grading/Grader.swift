/// Grades raw answers against a question's key. The runner, lint's self-check and the batch
/// grader all call this one function, so a fixed key fixes everyone's grade.
public enum Grader {
  /// Grades `answer` (exactly as typed) for `presentation`, using `lexicons` for banned terms.
  public static func grade(
    _ answer: String, for presentation: Presentation, lexicons: LexiconSet = LexiconSet(),
    courseLexicons: [String] = []
  ) -> Grade {
    let trimmed = answer.trimmingWhitespace
    if trimmed.isEmpty { return .invalid(.empty) }
    let raw = trimmed.count > 20_000 ? String(trimmed.prefix(20_000)) : trimmed
    switch presentation.question.kind {
    case .choice(let key): return choice(raw, key, presentation.order)
    case .trueFalse(let truth): return trueFalse(raw, truth)
    case .short(let key): return short(raw, key, lexicons: lexicons, names: courseLexicons)
    case .number(let key):
      return number(
        raw, answers: key.answers, unit: key.unit, unitNames: key.unitNames, percent: key.percent, acceptFraction: key.acceptFraction)
    case .calc(let key):
      guard let expected = presentation.calcValue else { return .invalid(.unreadableNumber(raw)) }
      let target = NumberKey.Answer(
        target: .value(expected, epsilonWidened(key.tolerance, around: expected)), credit: 1, feedback: nil,
        location: key.formulaLocation)
      // What the author's typical mistakes give with this learner's values: an answer that is one
      // of them is told so (with the author's words when there are some), not just "too high".
      var mistakes: [NumberKey.Answer] = []
      for w in key.wrongFormulas {
        guard let v = presentation.value(of: w.formula), abs(v - expected) > key.tolerance.width(around: expected) else { continue }
        mistakes.append(
          NumberKey.Answer(target: .value(v, epsilonWidened(key.tolerance, around: v)), credit: 0, feedback: w.feedback, location: w.location))
      }
      return number(
        raw, answers: [target] + mistakes, unit: key.unit, unitNames: key.unitNames, percent: key.percent,
        acceptFraction: key.acceptFraction)
    case .order(let key): return order(raw, count: key.items.count, shown: presentation.order)
    case .match(let key): return match(raw, count: key.pairs.count, shown: presentation.order)
    case .listing(let key): return listing(raw, key, lexicons: lexicons, extra: courseLexicons)
    case .pitch(let key): return pitch(raw, key, lexicons: lexicons, extra: courseLexicons)
    }
  }

  private static func epsilonWidened(_ t: Tolerance, around v: Double) -> Tolerance {
    .absolute(t.width(around: v) + 1e-9 * max(1, abs(v)))
  }

  private static func outcome(_ score: Double) -> GradeNote {
    score >= 1 - 1e-9 ? .correct : score > 1e-9 ? .partial(score: score) : .wrong
  }

  // MARK: choice

  /// Reads option labels: `B`, `b`, `Ｂ`, `A,C`, `A、C`, `AC`, `a c`, or positions `1 3`.
  static func labels(_ raw: String, count: Int) -> (picked: [Int], bad: String?) {
    let text = TextNormalizer.normalize(raw).uppercased()
    var picked: [Int] = []
    var token = ""
    func flush() -> String? {
      defer { token = "" }
      guard !token.isEmpty else { return nil }
      if let n = Int(token) {
        guard n >= 1, n <= count else { return token }
        picked.append(n - 1)
        return nil
      }
      if token == "AND" || token == "和" || token == "及" { return nil }
      for ch in token.unicodeScalars {
        guard ("A"..."Z").contains(ch) else { return token }
        let i = Int(ch.value) - 65
        guard i < count else { return token }
        picked.append(i)
      }
      return nil
    }
    for ch in text {
      if ch == " " || ch == "," || ch == ";" || ch == "/" || ch == "&" || ch == "+" || ch == "." || ch == "、" {
        if let bad = flush() { return ([], bad) }
      } else if ch.isNumber != token.last.map({ $0.isNumber }) ?? ch.isNumber {
        if let bad = flush() { return ([], bad) }
        token.append(ch)
      } else {
        token.append(ch)
      }
    }
    if let bad = flush() { return ([], bad) }
    var seen = Set<Int>()
    return (picked.filter { seen.insert($0).inserted }, nil)
  }

  /// The one option whose text holds the number typed (`44.9` for the option `44.9元`), if the
  /// answer is a single number and exactly one option holds it.
  static func optionByNumber(_ raw: String, key: ChoiceKey, shown: [Int]) -> Int? {
    guard case .success(let read) = NumberReader.read(raw) else { return nil }
    let holding = shown.indices.filter { pos in
      key.options[shown[pos]].text.allTexts.contains { text in
        NumberReader.scan(TextNormalizer.normalize(text)).contains { n in
          abs(n.value - read.value) < 1e-9 || n.upper.map { abs($0 - read.value) < 1e-9 } == true
        }
      }
    }
    return holding.count == 1 ? holding.first : nil
  }

  /// What to quote back when an answer is not an option: the learner's own words (clipped), or
  /// for a list of letters the item that is not one, as they typed it.
  static func shownTyped(_ raw: String, bad: String?) -> String {
    let trimmed = raw.trimmingWhitespace
    let lettersOnly = TextNormalizer.normalize(trimmed).unicodeScalars.allSatisfy {
      ($0.isASCII && ((0x30...0x39).contains($0.value) || (0x41...0x5A).contains($0.value) || (0x61...0x7A).contains($0.value)))
        || " ,;/&+.、和及".unicodeScalars.contains($0)
    }
    if lettersOnly, let bad {
      // ASCII only here, so lower-casing keeps positions.
      let lower = trimmed.lowercased()
      if let r = lower.range(of: bad.lowercased()) {
        return String(trimmed.dropFirst(lower.distance(from: lower.startIndex, to: r.lowerBound)).prefix(bad.count))
      }
      return bad
    }
    return trimmed.count > 30 ? String(trimmed.prefix(29)) + "…" : trimmed
  }

  /// The displayed positions a choice answer picks: its letters or positions, else an option's
  /// text (typed instead of its letter), else the one option holding the number typed; nil, with
  /// the part that could not be read, when none.
  static func choicePositions(_ raw: String, key: ChoiceKey, shown: [Int]) -> (picked: [Int]?, bad: String?) {
    let (picked, bad) = labels(raw, count: key.options.count)
    if bad == nil, !picked.isEmpty { return (picked, nil) }
    // An option's text typed instead of its letter. The answer key drops symbols, so two options
    // can share it (`成本×(1+率)`, `成本÷(1-率)`): then only the text as shown decides, and when
    // that is still not one option, none is guessed.
    let typed = TextNormalizer.key(raw)
    let byKey = shown.indices.filter { pos in
      key.options.indices.contains(shown[pos]) && key.options[shown[pos]].text.allTexts.contains { TextNormalizer.key($0) == typed }
    }
    if byKey.count == 1, let pos = byKey.first { return ([pos], nil) }
    if byKey.count > 1 {
      let exact = TextNormalizer.normalize(raw)
      let strict = byKey.filter { pos in key.options[shown[pos]].text.allTexts.contains { TextNormalizer.normalize($0) == exact } }
      if strict.count == 1, let pos = strict.first { return ([pos], nil) }
    }
    if let pos = optionByNumber(raw, key: key, shown: shown) { return ([pos], nil) }
    return (nil, bad)
  }

  static func choice(_ raw: String, _ key: ChoiceKey, _ order: [Int]) -> Grade {
    let n = key.options.count
    let shown = order.count == n ? order : Array(0..<n)
    let valid = "A–\(Presentation.letter(n - 1))"
    let (read, bad) = choicePositions(raw, key: key, shown: shown)
    guard let picked = read else { return .invalid(.notAnOption(typed: shownTyped(raw, bad: bad), valid: valid)) }
    let correct = Set(shown.indices.filter { key.options[shown[$0]].correct })
    var notes: [GradeNote] = []
    if !key.isMultiple {
      if picked.count > 1 { return .invalid(.chooseOne(count: picked.count)) }
      let pos = picked[0]
      let score: Double = correct.contains(pos) ? 1 : 0
      notes.append(outcome(score))
      if let fb = key.options[shown[pos]].feedback { notes.append(.optionFeedback(letter: Presentation.letter(pos), text: fb)) }
      return Grade(score: score, notes: notes)
    }
    let chosen = Set(picked)
    let right = chosen.intersection(correct).count
    let wrong = chosen.subtracting(correct).count
    let per = 1 / Double(correct.count)
    let score = max(0, Double(right) * per - Double(wrong) * per * key.penalty)
    notes.append(outcome(score))
    let missed = correct.subtracting(chosen).sorted().map(Presentation.letter)
    let ticks = chosen.subtracting(correct).sorted().map(Presentation.letter)
    if !ticks.isEmpty { notes.append(.wrongTicks(ticks)) }
    if !missed.isEmpty && score > 0 { notes.append(.missedOptions(missed)) }
    for pos in picked.sorted() {
      if let fb = key.options[shown[pos]].feedback { notes.append(.optionFeedback(letter: Presentation.letter(pos), text: fb)) }
    }
    return Grade(score: score, notes: notes)
  }

  // MARK: truefalse

  static let trueWords: Set<String> = [
    "t", "true", "yes", "y", "right", "correct", "a", "1", "对", "是", "正确", "对的", "是的", "√", "✓", "✔", "ھەئە", "توغرا", "durus",
  ]
  static let falseWords: Set<String> = [
    "f", "false", "no", "n", "wrong", "incorrect", "b", "0", "错", "否", "错误", "不对", "错的", "不是", "×", "x", "✗", "✘", "ياق", "خاتا", "xata",
  ]

  static func trueFalse(_ raw: String, _ truth: Bool) -> Grade {
    let key = TextNormalizer.key(raw)
    var word = key.isEmpty ? TextNormalizer.normalize(raw) : key
    // `错吧`, `应该是对的`, `I think it's false`: the hedges around the word do not change it.
    if !trueWords.contains(word), !falseWords.contains(word), let bare = Hedges.stripped(TextNormalizer.normalize(raw)) {
      word = TextNormalizer.key(bare)
    }
    let said: Bool
    if trueWords.contains(word) { said = true } else if falseWords.contains(word) { said = false } else {
      return .invalid(.notTrueFalse(raw))
    }
    return Grade(score: said == truth ? 1 : 0, notes: [said == truth ? .correct : .wrong])
  }

  // MARK: short

  static func short(_ raw: String, _ key: ShortKey, lexicons: LexiconSet = LexiconSet(), names: [String] = []) -> Grade {
    let normalized = TextNormalizer.normalize(raw)
    // The answer as typed, and without the hedges around it: `是运费吧` and `I think it's freight`
    // say `运费` and `freight` (a negation is no hedge: `不是运费` stays as typed).
    let bare = Hedges.stripped(normalized)
    let typed = [TextNormalizer.key(raw)] + (bare.map { [TextNormalizer.key($0)] } ?? [])
    let texts = [normalized] + (bare.map { [$0] } ?? [])
    var best: ShortKey.Answer?
    var reading: TextReading?
    for a in key.answers {
      let hit: Bool
      switch a.match {
      case .text(let t):
        let expected = TextNormalizer.key(t)
        hit = typed.contains(expected) && (!key.caseSensitive || sameCase(raw, t, hedged: typed.first != expected))
      case .regex(let re):
        hit = key.caseSensitive ? re.matches(raw) : texts.contains { re.matches($0) }
      case .family(let id):
        // Any phrasing of the family said as such: 邮寄费, 邮资, courier fee.
        guard let family = lexicons.family(id, in: names) else { hit = false; break }
        let r = reading ?? TextReading(normalized: normalized, grammar: lexicons.grammar)
        reading = r
        // Said as such: "不是邮费" is not the answer, "在公屏上打“想要”" is.
        hit = family.spans(in: r.scalars).contains { r.polarity(of: $0) == .asserted }
      }
      if hit, a.credit > (best?.credit ?? -1) { best = a }
    }
    guard let best else { return Grade(score: 0, notes: [.wrong]) }
    var notes = [outcome(best.credit)]
    if let fb = best.feedback { notes.append(.feedback(fb)) }
    return Grade(score: best.credit, notes: notes)
  }

  /// Whether `typed` has the letters of `expected` in the same case; `hedged`: somewhere among
  /// the hedge words' letters (`I think it's DHL`).
  private static func sameCase(_ typed: String, _ expected: String, hedged: Bool = false) -> Bool {
    let la = typed.precomposedStringWithCompatibilityMapping.filter(\.isLetter)
    let lb = expected.precomposedStringWithCompatibilityMapping.filter(\.isLetter)
    return hedged ? la.contains(lb) : la == lb
  }

  // MARK: number

  static func number(
    _ raw: String, answers: [NumberKey.Answer], unit: String?, unitNames: Localized? = nil, percent: Bool, acceptFraction: Bool
  ) -> Grade {
    let read: ReadNumber
    switch NumberReader.read(raw) {
    case .success(let r): read = r
    case .failure(.several(let parts)): return .invalid(.severalNumbers(parts))
    case .failure(.ambiguousComma(let s)): return .invalid(.ambiguousComma(s))
    case .failure(.empty): return .invalid(.empty)
    case .failure: return .invalid(.unreadableNumber(raw))
    }
    if let typed = read.unitText, let expected = unit, !unitAccepted(read, [expected] + (unitNames?.allTexts ?? [])) {
      let names = unitNames.map { $0.allTexts.joined(separator: " / ") } ?? expected
      return Grade(score: 0, notes: [.wrong, .wrongUnit(typed: typed, expected: names)])
    }
    // Which readings of what was typed are fair: 30% for a percentage question is 30;
    // 0.3 only where the question allows fractions; 20% for a ratio question is 0.2.
    var candidates = [read.value]
    if percent && !read.isPercent && acceptFraction { candidates.append(read.value * 100) }
    if !percent && read.isPercent { candidates = [read.value / 100] }
    var best: (NumberKey.Answer, Double)?
    for a in answers {
      for v in candidates where hits(a.target, v) {
        if a.credit > (best?.0.credit ?? -1) { best = (a, v) }
      }
    }
    if let (a, _) = best {
      var notes = [outcome(a.credit)]
      if let fb = a.feedback {
        notes.append(.feedback(fb))
      } else if a.credit <= 0 {
        // A wrong answer the author foresaw (a calc's wrong formula, a number's 0-credit value)
        // without words of their own: say it is a known mistake, not just "too high".
        notes.append(.commonMistake)
      }
      return Grade(score: a.credit, notes: notes)
    }
    var notes: [GradeNote] = [.wrong]
    if percent && !read.isPercent && !acceptFraction,
      answers.contains(where: { hits($0.target, read.value * 100) && $0.credit >= 1 })
    {
      notes.append(.fractionNotAccepted(typed: read.text, asPercent: NumberReader.format(read.value * 100) + "%"))
      return Grade(score: 0, notes: notes)
    }
    // Too high or too low, for the reading the learner most likely meant: 0.9 for a percentage
    // question that takes fractions is 90%, not 0.9%.
    let meant = percent && !read.isPercent && acceptFraction && abs(read.value) <= 1 ? read.value * 100 : candidates.first
    if let full = answers.first(where: { $0.credit >= 1 }), let v = meant {
      switch full.target {
      case .value(let x, _): notes.append(v > x ? .tooHigh : .tooLow)
      case .range(let r): notes.append(v > r.upperBound ? .tooHigh : .tooLow)
      }
    }
    return Grade(score: 0, notes: notes)
  }

  /// Whether the unit and per-unit typed fit one of the question's unit `names`: what is counted
  /// is the same (or was not typed), and what it is per is the same (`盒` and `box` are) or one
  /// side does not say. So `28元/盒` and `28 yuan per box` fit `元` and `元/盒`, but not `元/斤`.
  static func unitAccepted(_ read: ReadNumber, _ names: [String]) -> Bool {
    names.contains { name in
      let expected = NumberReader.splitUnit(name)
      if let typed = read.unit {
        guard let unit = expected.unit, sameUnit(typed, [unit]) else { return false }
      }
      if let typed = read.perUnit, let per = expected.perUnit { return NumberReader.samePerUnit(typed, per) }
      return true
    }
  }

  /// Whether the unit typed is one of `names` (`images` for `image`, case aside).
  static func sameUnit(_ typed: String, _ names: [String]) -> Bool {
    let t = NumberReader.canonicalUnit(typed).lowercased()
    return names.contains { name in
      let n = NumberReader.canonicalUnit(name).lowercased()
      return t == n || t == n + "s" || t + "s" == n
    }
  }

  static func hits(_ target: NumberKey.Answer.Target, _ v: Double) -> Bool {
    switch target {
    case .range(let r): return r.lowerBound - 1e-9 <= v && v <= r.upperBound + 1e-9
    case .value(let x, let tol):
      let width = (tol?.width(around: x) ?? 0) + 1e-9 * max(1, abs(x))
      return abs(v - x) <= width
    }
  }

  // MARK: order and match

  /// Reads a sequence of letters `BADC`, `B A D C`, `B,A,D,C` or positions `2 1 4 3`.
  static func sequence(_ raw: String, count: Int) -> [Int]? {
    let (picked, bad) = labels(raw, count: count)
    guard bad == nil, picked.count == count else { return nil }
    return picked
  }

  static func order(_ raw: String, count: Int, shown: [Int]) -> Grade {
    guard let seq = sequence(raw, count: count), shown.count == count else {
      return .invalid(.orderIncomplete(expected: count))
    }
    // seq: displayed positions in the learner's order → author indices (the true rank).
    let ranks = seq.map { shown[$0] }
    var right = 0
    var total = 0
    for i in 0..<ranks.count {
      for j in (i + 1)..<max(ranks.count, i + 1) {
        total += 1
        if ranks[i] < ranks[j] { right += 1 }
      }
    }
    let score = total == 0 ? 1 : Double(right) / Double(total)
    return Grade(score: score, notes: [outcome(score), .orderPairs(right: right, total: total)])
  }

  static func match(_ raw: String, count: Int, shown: [Int]) -> Grade {
    guard shown.count == count, let chosen = matchAssignment(raw, count: count) else {
      return .invalid(.matchIncomplete(expected: count))
    }
    var right = 0
    for (left, pos) in chosen.enumerated() where shown[pos] == left { right += 1 }
    let score = Double(right) / Double(count)
    return Grade(score: score, notes: [outcome(score), .matchPairs(right: right, total: count)])
  }

  /// A match answer read: for each left item (in order), the displayed position of the right
  /// item paired with it; nil when it is not a full matching. Pairs such as `1B 2A 3C`,
  /// `1-b, 2-a`, `1b2a3c`, or a plain sequence of letters.
  static func matchAssignment(_ raw: String, count: Int) -> [Int]? {
    let text = TextNormalizer.normalize(raw).uppercased()
    var assignment = [Int?](repeating: nil, count: count)
    if text.contains(where: \.isNumber) {
      var number = ""
      for ch in text {
        if ch.isNumber { number.append(ch); continue }
        if let s = ch.unicodeScalars.first, ("A"..."Z").contains(s), ch.unicodeScalars.count == 1 {
          guard let n = Int(number), n >= 1, n <= count else { return nil }
          let pos = Int(s.value) - 65
          guard pos < count, assignment[n - 1] == nil else { return nil }
          assignment[n - 1] = pos
          number = ""
        } else if !(ch == " " || ch == "-" || ch == "," || ch == ":" || ch == "=" || ch == "、" || ch == ";" || ch == ">") {
          return nil
        }
      }
    } else if let seq = sequence(raw, count: count) {
      for (i, pos) in seq.enumerated() where i < count { assignment[i] = pos }
    }
    let chosen = assignment.compactMap { $0 }
    guard chosen.count == count, Set(chosen).count == count else { return nil }
    return chosen
  }

  // MARK: listing and pitch

  /// Taobao-style length: ASCII counts 1 byte, every other character 2.
  public static func platformBytes(_ s: String) -> Int {
    s.reduce(0) { $0 + ($1.isASCII ? 1 : 2) }
  }

  /// The banned terms `reading` uses as claims (a term denied or quoted in its clause is no
  /// claim), and how its other terms were read (`read as a refusal: 不能降血糖`).
  static func bannedNotes(
    _ reading: TextReading, claims: [ReadClaim], banned: [String],
    notes bannedNotes: [String: (reason: Localized?, advice: Localized?)] = [:]
  ) -> (banned: [GradeNote], readings: [GradeNote]) {
    var notes: [GradeNote] = []
    var seen = Set<String>()
    // The clause is quoted only when the answer has several.
    let several = reading.clauses.count > 1
    for claim in claims where claim.isMade && seen.insert(claim.hit.term).inserted {
      notes.append(.banned(term: claim.words, reason: claim.hit.reason, advice: claim.hit.advice, clause: several ? claim.clause : nil))
    }
    var readings = LexiconSet.notes(for: claims, reading: reading)
    if !banned.isEmpty {
      let own = TermMatcher.shared(banned)
      for found in own.find(inNormalized: reading.scalars) where banned.indices.contains(found.term) {
        let range = found.offset..<(found.offset + found.length)
        if let n = reading.notSaid(range) {
          if !readings.contains(n) { readings.append(n) }
        } else if seen.insert(banned[found.term]).inserted {
          let note = bannedNotes[banned[found.term]]
          // A pattern (`(明天|后天)一定到`) is shown as the words the answer used, never raw.
          let term = Pattern.isPlain(banned[found.term]) ? banned[found.term] : reading.words(range)
          let clause = several ? reading.clauseWords(at: found.offset) : nil
          notes.append(.banned(term: term, reason: note?.reason, advice: note?.advice, clause: clause))
        }
      }
    }
    return (notes, readings.map(GradeNote.readAs))
  }

  static func contains(_ normalizedText: String, _ cue: String) -> Bool {
    !TermMatcher(terms: [(cue, [])], exemptions: []).find(in: normalizedText).isEmpty
  }

  static func listing(_ raw: String, _ key: ListingKey, lexicons: LexiconSet, extra: [String]) -> Grade {
    let title = raw
    var notes: [GradeNote] = []
    var score = 1.0
    let chars = title.count
    let bytes = platformBytes(title)
    var rejected = false
    if let max = key.maxBytes, bytes > max { notes.append(.tooLong(count: bytes, limit: max, bytes: true)); rejected = true }
    if let max = key.maxChars, chars > max { notes.append(.tooLong(count: chars, limit: max, bytes: false)); rejected = true }
    if let min = key.minChars, chars < min { notes.append(.tooShort(count: chars, limit: min)); score *= 0.5 }
    if !key.keywords.isEmpty {
      var found = 0
      for k in key.keywords {
        if k.alternatives.contains(where: { contains(title, $0) }) { found += 1 } else { notes.append(.keywordMissing(k.alternatives)) }
      }
      score *= Double(found) / Double(key.keywords.count)
      notes.insert(.keywordsFound(found: found, total: key.keywords.count), at: 0)
    }
    let reading = TextReading(line: title, grammar: lexicons.grammar)
    let claims = lexicons.claims(in: reading, lexicons: key.lexicons + extra)
    let (banned, readings) = bannedNotes(reading, claims: claims, banned: key.banned, notes: key.bannedNotes)
    score -= Double(banned.count) * key.penalty
    notes += banned + readings
    if rejected { score = 0 }
    let g = Grade(score: score, notes: notes)
    return Grade(score: g.score, notes: [outcome(g.score)] + notes)
  }

  static func pitch(_ raw: String, _ key: PitchKey, lexicons: LexiconSet, extra: [String]) -> Grade {
    var notes: [GradeNote] = []
    let total = key.concepts.reduce(0) { $0 + $1.weight }
    var covered = 0.0
    let names = key.lexicons + extra
    let cueLexicons = key.concepts.contains { $0.topic != nil } ? lexicons.cueLexicons(names) : []
    let reading = TextReading(line: raw, grammar: lexicons.grammar)
    let hay = reading.scalars
    let claims = lexicons.claims(in: reading, lexicons: names)
    // Where each concept's cues, topic words and family phrases occur, said as such: a cue the
    // answer denies (签收了就不退款) or quotes from a buyer (您问能不能退款) covers nothing, and
    // the answer is told how it was read. Refusals are denials by nature and count as they are.
    var unsaid: [ReadingNote] = []
    func said(_ r: Range<Int>) -> Bool {
      guard let note = reading.notSaid(r) else { return true }
      // 还没拍的点1号链接: 没拍的 names the viewers who have not ordered yet (a relative clause
      // ending in 的); the line still asks them to order.
      if case .refusal = note, reading.scalars[safe: r.upperBound] == 0x7684 { return true }
      if !unsaid.contains(note) { unsaid.append(note) }
      return false
    }
    let spans: [[Range<Int>]] = key.concepts.map { c in
      var out: [Range<Int>] = []
      if !c.cues.isEmpty {
        out += TermMatcher.shared(c.cues).find(inNormalized: hay).map { $0.offset..<($0.offset + $0.length) }
      }
      if let topic = c.topic, let t = CueTopic(rawValue: topic) {
        for l in cueLexicons {
          out += l.cueMatcher(for: t)?.find(inNormalized: hay).map { $0.offset..<($0.offset + $0.length) } ?? []
        }
      }
      for id in c.families where id != PhraseFamily.refusal {
        out += lexicons.family(id, in: names)?.spans(in: hay) ?? []
      }
      out = out.filter(said)
      if c.families.contains(PhraseFamily.refusal) {
        out += lexicons.refusals(in: reading, claims: claims, lexicons: names).map(\.range)
      }
      return out.sorted { $0.lowerBound < $1.lowerBound }
    }
    // An answer that only lists cue words says nothing: it earns no concept.
    let cueList = reading.cueList(spans.flatMap { $0 })
    let isList = cueList != nil
    for (i, c) in key.concepts.enumerated() {
      if let first = spans[i].first, !isList {
        covered += c.weight
        notes.append(.conceptCovered(c.label, evidence: reading.words(first)))
      } else {
        notes.append(.conceptMissing(c.label, examples: isList ? [] : phrasings(c, lexicons: lexicons, names: names)))
      }
    }
    if let cueList { notes.append(.readAs(.cueList(words: cueList))) }
    var score = total > 0 ? covered / total : 1
    let chars = raw.count
    if let max = key.maxChars, chars > max { notes.append(.tooLong(count: chars, limit: max, bytes: false)); score *= 0.5 }
    if let min = key.minChars, chars < min { notes.append(.tooShort(count: chars, limit: min)); score *= 0.5 }
    let (banned, readings) = bannedNotes(reading, claims: claims, banned: key.banned, notes: key.bannedNotes)
    let wrongFacts = factNotes(raw, key, lexicons: lexicons, names: names)
    score -= Double(banned.count + wrongFacts.count) * key.penalty
    notes += banned + wrongFacts + readings
    // Cue words not counted because the answer denies or quotes them: shown once, as read.
    for n in unsaid.map(GradeNote.readAs) where !notes.contains(n) { notes.append(n) }
    let g = Grade(score: score, notes: notes)
    return Grade(score: g.score, notes: [outcome(g.score)] + notes)
  }

  /// The claims `raw` makes against `facts` (what a live room would call a wrong price or a false
  /// claim), read by the live room's analyzer: one reading for host lines and lesson answers.
  static func factNotes(_ raw: String, _ key: PitchKey, lexicons: LexiconSet, names: [String]) -> [GradeNote] {
    guard let facts = key.facts else { return [] }
    var scenario = LiveScenario(id: "facts", title: Localized(""), durationSeconds: 3600, seed: 0, products: [facts], topics: [])
    scenario.promotions = key.promotions
    // The course's own lexicon set: its lexicon findings are the banned notes, so only the facts are kept here.
    // Built once per question's facts and kept with the set, not for every answer.
    let analyzer = lexicons.memo("facts\u{1}" + key.factsKey + names.joined(separator: "\u{1}")) {
      HostLineAnalyzer(scenario: scenario, lexicons: lexicons, courseLexicons: names)
    }
    // The promotions the question describes are running.
    var room = RoomFacts(stock: [facts.stock])
    for p in key.promotions {
      switch p.kind {
      case .coupon(let amount, let threshold): room.activeCoupons[0, default: []].append((amount, threshold))
      case .flashSale(let price, let stock): room.activeFlash[0] = (price, stock)
      }
    }
    let a = analyzer.analyze(raw, room: room)
    return a.violations.compactMap { v in
      let needs: String
      switch v.kind {
      case .lexicon: return nil
      case .wrongPrice: needs = "price"
      case .fakeOriginalPrice: needs = key.factKeys.contains("original_price") ? "original_price" : "price"
      case .shipsEverywhere, .freeShippingNotOffered: needs = "shipping.free"
      case .deliveryTooFast: needs = "shipping.delivery_days"
      case .dispatchTooFast: needs = "shipping.dispatch_hours"
      case .sevenDayNotOffered, .returnsDenied: needs = "returns"
      case .fakeUrgency: needs = "stock"
      }
      return key.factKeys.contains(needs) ? .wrongFact(v, product: facts) : nil
    }
  }

  /// A few ways to cover concept `c`, to show a learner who missed it: its family's phrasings,
  /// then its own cues; up to 8, so the note can show 4 in the learner's language.
  static func phrasings(_ c: PitchKey.Concept, lexicons: LexiconSet, names: [String]) -> [String] {
    var out: [String] = []
    for id in c.families {
      out += lexicons.memo("examples\u{1}" + id + "\u{1}" + names.joined(separator: "\u{1}")) {
        lexicons.family(id, in: names)?.examples(6) ?? []
      }
    }
    for cue in c.cues where out.count < 8 && Pattern.isPlain(cue) && !out.contains(cue) { out.append(cue) }
    return Array(out.prefix(8))
  }
}
