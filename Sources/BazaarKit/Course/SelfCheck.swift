/// Lint's self-check: every declared correct answer must score 1 through its own grader, every
/// `wrong_examples` entry must score less, and every calc formula must give a finite number
/// across its ranges.
public enum SelfCheck {
  /// How many learner seeds each calc question is sampled with.
  public static let calcSamples = 200

  /// All self-check findings for `course`.
  /// Questions using any lexicon in `skippingLexicons` (ones that could not be loaded) are skipped.
  public static func run(_ course: Course, lexicons: LexiconSet, skippingLexicons missing: Set<String> = []) -> [Diagnostic] {
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
      out += check(q, course: course, lexicons: lexicons)
    }
    return out
  }

  static func fail(_ q: Question, _ message: String) -> Diagnostic {
    fail(q, q.location, message)
  }

  static func fail(_ q: Question, _ at: SourceLocation, code: String = "E030", _ message: String) -> Diagnostic {
    Diagnostic(code: code, severity: .error, location: at, message: "self-check: \(message)")
  }

  static func why(_ g: Grade) -> String {
    let notes = g.render("en").filter { !$0.isEmpty }
    return notes.isEmpty ? "" : " Grader said: " + notes.joined(separator: " ")
  }

  static func score(_ answer: String, _ p: Presentation, _ course: Course, _ lex: LexiconSet) -> Grade {
    Grader.grade(answer, for: p, lexicons: lex, courseLexicons: course.lexicons)
  }

  /// Self-check findings for one question.
  public static func check(_ q: Question, course: Course, lexicons lex: LexiconSet) -> [Diagnostic] {
    var out: [Diagnostic] = []
    let pct = { (v: Double, percent: Bool) in NumberReader.format(v) + (percent ? "%" : "") }
    switch q.kind {
    case .choice(let key):
      for seed in ["self-check-a", "self-check-b", "self-check-c"] {
        let p = Presentation(q, seed: seed)
        let letters = p.order.enumerated().filter { key.options[$0.element].correct }.map { Presentation.letter($0.offset) }
        let g = score(letters.joined(separator: ","), p, course, lex)
        if !g.isCorrect {
          out.append(fail(q, "the correct option(s) \(letters.joined(separator: ",")) score \(fmt(g.score)), not 1.\(why(g))"))
          break
        }
      }
    case .trueFalse(let truth):
      let g = score(truth ? "true" : "false", Presentation(q, seed: "self-check"), course, lex)
      if !g.isCorrect { out.append(fail(q, "the answer `\(truth)` scores \(fmt(g.score)), not 1.")) }
    case .short(let key):
      let p = Presentation(q, seed: "self-check")
      for a in key.answers {
        switch a.match {
        case .text(let t):
          let g = score(t, p, course, lex)
          if g.score + 1e-9 < a.credit {
            out.append(fail(q, a.location, "accepted answer “\(t)” scores \(fmt(g.score)), not its credit \(fmt(a.credit)).\(why(g))"))
          }
        case .regex(let re):
          for ex in a.examples {
            let g = score(ex, p, course, lex)
            if g.score + 1e-9 < a.credit {
              out.append(fail(q, a.location, "example “\(ex)” does not match /\(re.pattern)/ (scores \(fmt(g.score)), not \(fmt(a.credit))); fix the pattern or the example."))
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
          out.append(fail(q, a.location, "accepted number “\(typed)” scores \(fmt(g.score)), not its credit \(fmt(a.credit)).\(why(g))"))
        }
      }
    case .calc(let key):
      for i in 0..<calcSamples {
        let p = Presentation(q, seed: "self-check-\(i)")
        switch key.formula.evaluate(p.values) {
        case .failure(let e):
          let at = p.values.sorted { $0.key < $1.key }.map { "\($0.key) = \(NumberReader.format($0.value))" }.joined(separator: ", ")
          out.append(fail(q, key.formulaLocation, code: "E032", "the formula fails (\(describe(e))) at \(at); narrow the variables' ranges."))
        case .success(let raw):
          let v = key.percent ? raw * 100 : raw
          guard v.isFinite else {
            out.append(fail(q, key.formulaLocation, code: "E032", "the formula is not a finite number for some drawn values."))
            break
          }
          let shown = rounded(v, key.decimals)
          let typed = pct(shown, key.percent)
          let g = score(typed, p, course, lex)
          if !g.isCorrect {
            out.append(fail(q, key.formulaLocation, "the expected answer shown with \(key.decimals) decimals (\(typed)) scores \(fmt(g.score)); widen `tolerance` or raise `decimals`.\(why(g))"))
          }
        }
        if !out.isEmpty { break }
      }
    case .order(let key):
      let p = Presentation(q, seed: "self-check")
      let letters = (0..<key.items.count).compactMap { i in p.order.firstIndex(of: i).map(Presentation.letter) }.joined()
      let g = score(letters, p, course, lex)
      if !g.isCorrect { out.append(fail(q, "the correct order \(letters) scores \(fmt(g.score)), not 1.\(why(g))")) }
    case .match(let key):
      let p = Presentation(q, seed: "self-check")
      let pairs = (0..<key.pairs.count).compactMap { i in p.order.firstIndex(of: i).map { "\(i + 1)\(Presentation.letter($0))" } }
        .joined(separator: " ")
      let g = score(pairs, p, course, lex)
      if !g.isCorrect { out.append(fail(q, "the correct pairs \(pairs) score \(fmt(g.score)), not 1.\(why(g))")) }
    case .listing(let key):
      if let m = key.modelAnswer {
        let g = score(m.text, Presentation(q, seed: "self-check"), course, lex)
        if !g.isCorrect { out.append(fail(q, m.location, "the model answer scores \(fmt(g.score)), not 1.\(why(g))")) }
      }
    case .pitch(let key):
      if let m = key.modelAnswer {
        let g = score(m.text, Presentation(q, seed: "self-check"), course, lex)
        if !g.isCorrect { out.append(fail(q, m.location, "the model answer scores \(fmt(g.score)), not 1.\(why(g))")) }
      }
    }
    let author = Presentation(authorOrder: q, seed: "self-check-0")
    for ex in q.wrongExamples {
      let g = score(ex.text, author, course, lex)
      if g.isCorrect {
        out.append(
          fail(q, ex.location, code: "E031", "wrong example “\(ex.text)” gets full marks; fix the answer key, or remove the example if it is in fact right."))
      }
    }
    return out
  }

  static func rounded(_ v: Double, _ decimals: Int) -> Double {
    var scale = 1.0
    for _ in 0..<max(0, decimals) { scale *= 10 }
    let r = (abs(v) * scale).rounded(.toNearestOrAwayFromZero) / scale
    return v < 0 ? -r : r
  }

  static func fmt(_ v: Double) -> String { NumberReader.format(v, maxDecimals: 3) }

  static func describe(_ e: FormulaEvalError) -> String {
    switch e {
    case .divisionByZero: "division by zero"
    case .unknownVariable(let n): "unknown variable \(n)"
    case .domain(let f, _): "\(f) of a value outside its domain"
    case .notFinite: "result is not finite"
    }
  }
}
