/// Lint's self-check: every declared correct answer must score 1 through its own grader, every
/// `wrong_examples` entry must score less, and every calc formula must give a finite number
/// across its ranges.
public enum SelfCheck {
  /// How many learner seeds each calc question is sampled with.
  public static let calcSamples = 200

  /// All self-check findings for `course`, written in `messages`' language.
  /// Questions using any lexicon in `skippingLexicons` (ones that could not be loaded) are skipped.
  public static func run(
    _ course: Course, lexicons: LexiconSet, skippingLexicons missing: Set<String> = [], messages: MessageCatalog = .english
  ) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for q in course.questions {
      if !missing.isEmpty {
        let used: [String]
        switch q.kind {
        case .listing(let k): used = k.lexicons + course.lexicons
        case .pitch(let k): used = k.lexicons + course.lexicons
        default: used = []
        }
        if used.contains(where: missing.contains) { continue }
      }
      out += check(q, course: course, lexicons: lexicons, messages: messages)
    }
    return out
  }

  /// A finding at the question itself.
  static func fail(_ q: Question, _ message: String, _ m: MessageCatalog) -> Diagnostic {
    fail(q, q.location, message, m)
  }

  /// A finding at `at`, prefixed "self-check:" in the catalogue's language.
  static func fail(
    _ q: Question, _ at: SourceLocation, code: String = "E030", _ message: String, _ m: MessageCatalog
  ) -> Diagnostic {
    Diagnostic(code: code, severity: .error, location: at, message: m.text("lint.selfCheck", ["message": message]))
  }

  /// `message` followed by what the grader said about `g`, when it said anything.
  static func withGraderNotes(_ message: String, _ g: Grade, _ m: MessageCatalog) -> String {
    var notes = ""
    for note in g.render(with: m) where !note.isEmpty {
      // A space between sentences, except after a full-width stop (Chinese needs none).
      if let last = notes.last, !"。！？".contains(last) { notes += " " }
      notes += note
    }
    if notes.isEmpty { return message }
    return m.text("lint.selfCheck.graderSaid", ["message": message, "notes": notes])
  }

  static func score(_ answer: String, _ p: Presentation, _ course: Course, _ lex: LexiconSet) -> Grade {
    Grader.grade(answer, for: p, lexicons: lex, courseLexicons: course.lexicons)
  }

  /// Self-check findings for one question, written in `messages`' language.
  public static func check(
    _ q: Question, course: Course, lexicons lex: LexiconSet, messages m: MessageCatalog = .english
  ) -> [Diagnostic] {
    var out: [Diagnostic] = []
    let pct = { (v: Double, percent: Bool) in NumberReader.format(v) + (percent ? "%" : "") }
    switch q.kind {
    case .choice(let key):
      for seed in ["self-check-a", "self-check-b", "self-check-c"] {
        let p = Presentation(q, seed: seed)
        let letters = p.order.enumerated().filter { key.options[$0.element].correct }.map { Presentation.letter($0.offset) }
        let g = score(letters.joined(separator: ","), p, course, lex)
        if !g.isCorrect {
          let message = m.text("lint.E030.correctOptions", ["letters": letters.joined(separator: ","), "score": fmt(g.score)])
          out.append(fail(q, withGraderNotes(message, g, m), m))
          break
        }
      }
    case .trueFalse(let truth):
      let g = score(truth ? "true" : "false", Presentation(q, seed: "self-check"), course, lex)
      if !g.isCorrect {
        out.append(fail(q, m.text("lint.E030.trueFalse", ["answer": String(truth), "score": fmt(g.score)]), m))
      }
    case .short(let key):
      let p = Presentation(q, seed: "self-check")
      for a in key.answers {
        switch a.match {
        case .text(let t):
          let g = score(t, p, course, lex)
          if g.score + 1e-9 < a.credit {
            let message = m.text(
              "lint.E030.acceptedAnswer", ["answer": t, "score": fmt(g.score), "credit": fmt(a.credit)])
            out.append(fail(q, a.location, withGraderNotes(message, g, m), m))
          }
        case .regex(let re):
          for ex in a.examples {
            let g = score(ex, p, course, lex)
            if g.score + 1e-9 < a.credit {
              let message = m.text(
                "lint.E030.regexExample",
                ["example": ex, "pattern": re.pattern, "score": fmt(g.score), "credit": fmt(a.credit)])
              out.append(fail(q, a.location, message, m))
            }
          }
        case .family(let id):
          // Every phrasing of the family gets the answer's credit.
          for phrase in lex.family(id, in: course.lexicons)?.examples(Int.max) ?? [] {
            let g = score(phrase, p, course, lex)
            if g.score + 1e-9 < a.credit {
              let message = m.text("lint.E030.acceptedAnswer", ["answer": phrase, "score": fmt(g.score), "credit": fmt(a.credit)])
              out.append(fail(q, a.location, withGraderNotes(message, g, m), m))
            }
          }
        }
      }
    case .number(let key):
      let p = Presentation(q, seed: "self-check")
      for a in key.answers {
        let v: Double
        switch a.target {
        case .value(let x, _): v = x
        case .range(let r): v = (r.lowerBound + r.upperBound) / 2
        }
        let typed = pct(v, key.percent) + (key.unit ?? "")
        let g = score(typed, p, course, lex)
        if g.score + 1e-9 < a.credit {
          let message = m.text(
            "lint.E030.acceptedNumber", ["answer": typed, "score": fmt(g.score), "credit": fmt(a.credit)])
          out.append(fail(q, a.location, withGraderNotes(message, g, m), m))
        }
      }
    case .calc(let key):
      for i in 0..<calcSamples {
        let p = Presentation(q, seed: "self-check-\(i)")
        switch key.formula.evaluate(p.values) {
        case .failure(let e):
          let at = p.values.sorted { $0.key < $1.key }.map { "\($0.key) = \(NumberReader.format($0.value))" }
            .joined(separator: m.text("lint.listSeparator"))
          let message = m.text("lint.E032.formulaFails", ["problem": describe(e, m), "values": at])
          out.append(fail(q, key.formulaLocation, code: "E032", message, m))
        case .success(let raw):
          let v = key.percent ? raw * 100 : raw
          guard v.isFinite else {
            out.append(fail(q, key.formulaLocation, code: "E032", m.text("lint.E032.notFinite"), m))
            break
          }
          let shown = rounded(v, key.decimals)
          let typed = pct(shown, key.percent)
          let g = score(typed, p, course, lex)
          if !g.isCorrect {
            let message = m.text(
              "lint.E030.calcRounding", ["decimals": String(key.decimals), "answer": typed, "score": fmt(g.score)])
            out.append(fail(q, key.formulaLocation, withGraderNotes(message, g, m), m))
          }
          // A typical wrong way to work it out must not pass (a tolerance too wide, values that
          // make the mistake harmless).
          for wrong in key.wrongFormulas {
            guard case .success(let wr) = wrong.formula.evaluate(p.values) else { continue }
            let wv = key.percent ? wr * 100 : wr
            guard wv.isFinite else { continue }
            let wrongTyped = pct(rounded(wv, key.decimals), key.percent)
            if score(wrongTyped, p, course, lex).isCorrect {
              let at = p.values.sorted { $0.key < $1.key }.map { "\($0.key) = \(NumberReader.format($0.value))" }
                .joined(separator: m.text("lint.listSeparator"))
              out.append(
                fail(
                  q, wrong.location, code: "E031",
                  m.text("lint.E031.wrongFormulaFullMarks", ["formula": wrong.source, "answer": wrongTyped, "values": at]), m))
              break
            }
          }
        }
        if !out.isEmpty { break }
      }
    case .order(let key):
      let p = Presentation(q, seed: "self-check")
      let letters = (0..<key.items.count).compactMap { i in p.order.firstIndex(of: i).map(Presentation.letter) }.joined()
      let g = score(letters, p, course, lex)
      if !g.isCorrect {
        let message = m.text("lint.E030.correctOrder", ["letters": letters, "score": fmt(g.score)])
        out.append(fail(q, withGraderNotes(message, g, m), m))
      }
    case .match(let key):
      let p = Presentation(q, seed: "self-check")
      let pairs = (0..<key.pairs.count).compactMap { i in p.order.firstIndex(of: i).map { "\(i + 1)\(Presentation.letter($0))" } }
        .joined(separator: " ")
      let g = score(pairs, p, course, lex)
      if !g.isCorrect {
        let message = m.text("lint.E030.correctPairs", ["pairs": pairs, "score": fmt(g.score)])
        out.append(fail(q, withGraderNotes(message, g, m), m))
      }
    case .listing(let key):
      for model in key.modelAnswers { out += checkModelAnswer(model.example, q, course, lex, m) }
    case .pitch(let key):
      for model in key.modelAnswers { out += checkModelAnswer(model.example, q, course, lex, m) }
    }
    let author = Presentation(authorOrder: q, seed: "self-check-0")
    for ex in q.wrongExamples {
      let g = score(ex.text, author, course, lex)
      if g.isCorrect {
        out.append(
          fail(q, ex.location, code: "E031", m.text("lint.E031.wrongExampleFullMarks", ["example": ex.text]), m))
      }
    }
    return out
  }

  /// The finding when a listing's or pitch's model answer does not score full marks.
  static func checkModelAnswer(
    _ model: Question.Example, _ q: Question, _ course: Course, _ lex: LexiconSet, _ m: MessageCatalog
  ) -> [Diagnostic] {
    let g = score(model.text, Presentation(q, seed: "self-check"), course, lex)
    if g.isCorrect { return [] }
    let message = m.text("lint.E030.modelAnswer", ["score": fmt(g.score)])
    return [fail(q, model.location, withGraderNotes(message, g, m), m)]
  }

  static func rounded(_ v: Double, _ decimals: Int) -> Double {
    var scale = 1.0
    for _ in 0..<max(0, decimals) { scale *= 10 }
    let r = (abs(v) * scale).rounded(.toNearestOrAwayFromZero) / scale
    return v < 0 ? -r : r
  }

  static func fmt(_ v: Double) -> String { NumberReader.format(v, maxDecimals: 3) }

  static func describe(_ e: FormulaEvalError, _ m: MessageCatalog) -> String {
    switch e {
    case .divisionByZero: m.text("lint.eval.divisionByZero")
    case .unknownVariable(let n): m.text("lint.eval.unknownVariable", ["name": n])
    case .domain(let f, _): m.text("lint.eval.domain", ["function": f])
    case .notFinite: m.text("lint.eval.notFinite")
    }
  }
}
