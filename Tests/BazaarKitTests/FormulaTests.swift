import Testing

@testable import BazaarKit

/// Parses `source`, recording a test issue (and returning nil) if it fails.
private func parsed(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Formula? {
  switch Formula.parse(source) {
  case .success(let formula):
    return formula
  case .failure(let error):
    Issue.record("\(source.debugDescription) failed to parse: \(error)", sourceLocation: sourceLocation)
    return nil
  }
}

/// Parses and evaluates, returning nil (and recording an issue) on any failure.
private func value(
  _ source: String, _ values: [String: Double] = [:], sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> Double? {
  guard let formula = parsed(source, sourceLocation: sourceLocation) else { return nil }
  switch formula.evaluate(values) {
  case .success(let result):
    return result
  case .failure(let error):
    Issue.record("\(source) failed to evaluate: \(error)", sourceLocation: sourceLocation)
    return nil
  }
}

/// The parse error for `source`, or nil (recording an issue) if it parses.
private func parseError(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> FormulaError? {
  switch Formula.parse(source) {
  case .success(let formula):
    Issue.record("\(source.debugDescription) unexpectedly parsed as \(formula)", sourceLocation: sourceLocation)
    return nil
  case .failure(let error):
    return error
  }
}

private func evalError(_ source: String, _ values: [String: Double] = [:]) -> FormulaEvalError? {
  guard let formula = parsed(source) else { return nil }
  if case .failure(let error) = formula.evaluate(values) { return error }
  return nil
}

private func close(_ a: Double?, _ b: Double, tolerance: Double = 1e-9) -> Bool {
  guard let a else { return false }
  return abs(a - b) <= tolerance * max(1, abs(b))
}

@Suite("Formula parsing and evaluation")
struct FormulaEvaluationTests {
  @Test(arguments: [
    ("2+3*4", 14.0), ("-2^2", -4), ("2^3^2", 512), ("(1+2)*3", 9), ("(2^3)^2", 64), ("2^-1", 0.5),
    ("10-4-3", 3), ("12/4/3", 1), ("-3+5", 2), ("2*-3", -6), ("--2", 2), ("+2", 2), ("-(2+3)*2", -10),
    ("2^-2^2", 0.0625), ("(-2)^2", 4), ("(-2)^3", -8), ("4^0.5", 2), ("0.5", 0.5), (".5", 0.5), ("1.", 1),
    ("1e3", 1000), ("2.5E-1", 0.25), ("1e+2", 100), ("  7 ", 7), ("1 - 2 + 3", 2), ("2 * 3 / 4", 1.5),
  ])
  func precedenceAndLiterals(source: String, expected: Double) {
    #expect(close(value(source), expected))
  }

  @Test(arguments: [
    ("round(2.5)", 3.0), ("round(-2.5)", -3), ("round(2.4)", 2), ("round(2.675, 2)", 2.68),
    ("round(1.005, 2)", 1.01), ("round(-1.005, 2)", -1.01), ("round(1234.5678, -2)", 1200),
    ("round(0.125, 2)", 0.13), ("round(0.004, 2)", 0), ("round(0.005, 2)", 0.01), ("round(9.995, 2)", 10),
    ("round(123.456, 0)", 123), ("round(1e300, 2)", 1e300), ("round(5e-324, 2)", 0), ("floor(-1.5)", -2),
    ("floor(2.7)", 2), ("ceil(1.2)", 2), ("ceil(-1.2)", -1), ("abs(-3)", 3), ("abs(4)", 4), ("min(3, 1, 2)", 1),
    ("max(3, 1, 2)", 3), ("max(0, 2 - 5)", 0), ("sqrt(16)", 4), ("sqrt(0)", 0), ("round(sqrt(2), 3)", 1.414),
  ])
  func functions(source: String, expected: Double) {
    #expect(close(value(source), expected))
  }

  @Test func pricingFormulas() {
    #expect(close(value("cost / (1 - fee - margin)", ["cost": 10, "fee": 0.05, "margin": 0.25]), 10 / 0.7))
    #expect(
      value("ceil(fixed / (price - cost - price * fee))", ["fixed": 1000, "price": 50, "cost": 30, "fee": 0.1])
        == 67)
    #expect(value("round(price * 0.9, 2)", ["price": 19.99]) == 17.99)
    #expect(value("max(0, a - b)", ["a": 3, "b": 5]) == 0)
    #expect(value("2^3") == 8)
  }

  @Test func variablesInOrderOfFirstAppearance() {
    #expect(parsed("b + a * b + c / a")?.variables == ["b", "a", "c"])
    #expect(parsed("round(price_2 * 0.9, digits)")?.variables == ["price_2", "digits"])
    #expect(parsed("1 + 2")?.variables == [])
  }

  @Test func fullWidthAndTypographicOperators() {
    #expect(value("（cost＋1）×2", ["cost": 3]) == 8)
    #expect(value("３÷２") == 1.5)
    #expect(value("2·3") == 6)
    #expect(value("5 − 2") == 3)
    #expect(value("max（１，２）") == 2)
    #expect(value("２＾３") == 8)
    #expect(value("１．５＊２") == 3)
    #expect(value("ｃｏｓｔ\u{3000}*\u{3000}2", ["cost": 4]) == 8)
    #expect(parsed("（cost＋1）×2")?.variables == ["cost"])
    // Non-ASCII identifiers are rejected, at the right character.
    let error = parseError("（成本）")
    #expect(error?.offset == 1)
    #expect(error?.message.contains("ASCII") == true)
    // Superscripts are not folded (NFKC would silently make x² the variable x2).
    #expect(parseError("x²")?.offset == 1)
  }

  @Test func nodeOffsetsCountCharacters() {
    guard let formula = parsed("（a）／ b") else { return }
    guard case .binary(.divide, let left, let right, let offset) = formula.root else {
      Issue.record("unexpected tree \(formula.root)")
      return
    }
    #expect(offset == 3)
    #expect(left.offset == 1)
    #expect(right.offset == 5)
    guard let call = parsed("1 + round(x, 2)"), case .binary(.add, _, let roundCall, 2) = call.root else {
      Issue.record("unexpected tree")
      return
    }
    #expect(roundCall.offset == 4)
    #expect(parseError("é + ¥")?.offset == 0)
    #expect(parseError("a + ¥")?.offset == 4)
  }

  @Test func canonicalDescriptionRoundTrips() {
    let sources = [
      "cost / (1 - fee - margin)", "ceil(fixed / (price - cost - price * fee))", "round(price * 0.9, 2)",
      "-2^2", "(-2)^2", "2^3^2", "(2^3)^2", "2^-1", "-(a * b)", "a - (b - c)", "a - b - c", "a / (b * c)",
      "--x", "a * -b", "1e-5 * x", "-(a + b)^2", "(a + b)^(c - d)", "max(a, -b, c * 2)", "1.5e300 + x",
    ]
    for source in sources {
      guard let formula = parsed(source), let again = parsed(formula.description) else { continue }
      #expect(again.description == formula.description, "\(source)")
      let values = ["a": 1.5, "b": -2.0, "c": 3.0, "d": 1.25, "x": 0.75, "cost": 10, "fee": 0.05, "margin": 0.2,
        "fixed": 100, "price": 40, ]
      #expect(formula.evaluate(values) == again.evaluate(values), "\(source)")
    }
    #expect(parsed("（cost＋1）×2")?.description == "(cost + 1) * 2")
    #expect(parsed("-(-x)")?.description == "-(-x)")
  }

  @Test func equality() {
    #expect(parsed("a+b") == parsed("a+b"))
    #expect(parsed("a+b") != parsed("a + b"))
    #expect(parsed("a+b")?.source == "a+b")
  }

  @Test func evaluationErrors() {
    #expect(evalError("1 / (a - b)", ["a": 2, "b": 2]) == .divisionByZero(offset: 2))
    #expect(evalError("x + y", ["x": 1]) == .unknownVariable("y"))
    #expect(evalError("1 + sqrt(x - 5)", ["x": 1]) == .domain(function: "sqrt", offset: 4))
    #expect(evalError("(-8)^0.5") == .domain(function: "^", offset: 4))
    #expect(evalError("0^-1") == .divisionByZero(offset: 1))
    #expect(evalError("10^400") == .notFinite)
    #expect(evalError("x * 1e308 * 10", ["x": 1]) == .notFinite)
    #expect(evalError("x + 1", ["x": .infinity]) == .notFinite)
    #expect(evalError("x + 1", ["x": .nan]) == .notFinite)
    #expect(evalError("round(x, 0.5)", ["x": 1]) == .domain(function: "round", offset: 0))
    #expect(FormulaEvalError.divisionByZero(offset: 3).description.contains("division by zero"))
  }

  @Test func largeButFiniteValues() {
    #expect(value("2^1023") == 0x1p1023)
    #expect(value("0.5^1074") == 0x1p-1074)
    #expect(value("round(x, 500)", ["x": 1.25]) == 1.25)
    #expect(value("round(x, -500)", ["x": 1.25]) == 0)
  }
}

@Suite("Formula errors")
struct FormulaErrorTests {
  @Test(arguments: [
    ("", 0, "formula is empty"),
    ("   ", 0, "formula is empty"),
    ("(((", 2, "missing expression after '('"),
    ("1/", 1, "missing operand after '/'"),
    ("(1+2", 4, "expected ')' to close '(' at 0"),
    ("cost * (1 + fee", 15, "expected ')' to close '(' at 7"),
    ("1+2)", 3, "unmatched ')'"),
    ("rnd(x)", 0, "unknown function 'rnd' — did you mean 'round'?"),
    ("Round(x)", 0, "did you mean 'round'?"),
    ("flor(x)", 0, "did you mean 'floor'?"),
    ("price(1 - fee)", 0, "write 'price * (...)'"),
    ("2x", 1, "missing operator between '2' and 'x' — to multiply, write '2 * x'"),
    ("2(x+1)", 1, "missing operator before '('"),
    ("(a)(b)", 3, "missing operator before '('"),
    ("1 2", 2, "missing operator between '1' and '2'"),
    ("round", 0, "'round' is a function"),
    ("round(x, 2, 3)", 0, "round takes 1 or 2 arguments"),
    ("min(1)", 0, "min needs at least 2 arguments"),
    ("sqrt()", 0, "sqrt takes exactly 1 argument"),
    ("round(x", 7, "expected ')' to close 'round(' at 5"),
    ("max(1,)", 5, "missing argument after ','"),
    ("max(1 2)", 6, "missing operator between '1' and '2'"),
    ("1.2.3", 0, "malformed number '1.2.3'"),
    ("15%", 2, "write percentages as decimals"),
    ("2**3", 1, "write powers with '^'"),
    ("a = b", 2, "write only the right-hand side"),
    ("1e999", 0, "number '1e999' is too large"),
    ("()", 0, "empty parentheses"),
    ("* 3", 0, "missing operand before '*'"),
    ("1 +* 2", 2, "missing operand between '+' and '*'"),
    ("x^", 1, "missing operand after '^'"),
    ("-", 0, "missing operand after '-'"),
    ("(1, 2)", 2, "expected ')' to close '(' at 0, found ','"),
    ("1,000 * x", 1, "write 1000, not 1,000"),
    ("[a+b]", 0, "use round parentheses"),
    ("¥5 * x", 0, "leave currency symbols out"),
    ("$5", 0, "leave currency symbols out"),
    ("a..b", 1, "decimal point must be followed by digits"),
    ("a\u{7}", 1, "U+0007"),
    ("x & y", 2, "unexpected character '&'"),
  ])
  func malformedFormulas(source: String, offset: Int, fragment: String) {
    guard let error = parseError(source) else { return }
    #expect(error.offset == offset, "\(source.debugDescription): \(error.message)")
    #expect(error.message.contains(fragment), "\(source.debugDescription): \(error.message)")
  }

  @Test func nestingDepthIsCappedAt64() {
    let ok = String(repeating: "(", count: 64) + "1" + String(repeating: ")", count: 64)
    #expect(parsed(ok).flatMap { try? $0.evaluate([:]).get() } == 1)

    let deep = String(repeating: "(", count: 65) + "1" + String(repeating: ")", count: 65)
    let error = parseError(deep)
    #expect(error?.offset == 64)
    #expect(error?.message.contains("formula nests deeper than 64 levels") == true)

    let calls = String(repeating: "abs(", count: 65) + "1" + String(repeating: ")", count: 65)
    #expect(parseError(calls)?.message.contains("deeper than 64") == true)

    let okCalls = String(repeating: "abs(", count: 64) + "-1" + String(repeating: ")", count: 64)
    #expect(parsed(okCalls).flatMap { try? $0.evaluate([:]).get() } == 1)

    // Unbalanced garbage: 10,000 opening parentheses stop at the 65th.
    let garbage = String(repeating: "(", count: 10_000)
    #expect(parseError(garbage)?.offset == 64)
  }

  @Test func longInputsFailFastInsteadOfHanging() {
    let clock = ContinuousClock()
    let start = clock.now
    // 100 KB inputs are rejected by the length limit.
    let sum = String(repeating: "1+", count: 50_000) + "1"
    #expect(parseError(sum)?.message.contains("longer than 4096 characters") == true)
    #expect(parseError(sum)?.offset == 4096)
    let garbage = String(repeating: "x", count: 102_400)
    #expect(parseError(garbage)?.offset == 4096)
    let minus = String(repeating: "-", count: 100_000) + "1"
    #expect(parseError(minus) != nil)
    // Within the length limit, long operator chains are capped by tree height.
    let chain = String(repeating: "1+", count: 300) + "1"
    #expect(parseError(chain)?.message.contains("more than 256 operations") == true)
    let signs = String(repeating: "-", count: 300) + "1"
    #expect(parseError(signs)?.message.contains("more than 256 operations") == true)
    let powers = String(repeating: "1^", count: 300) + "1"
    #expect(parseError(powers)?.message.contains("more than 256 operations") == true)
    // A long flat argument list is fine: it is wide, not tall.
    let arguments = "max(" + Array(repeating: "1", count: 1_000).joined(separator: ",") + ")"
    #expect(parsed(arguments).flatMap { try? $0.evaluate([:]).get() } == 1)
    // A formula right at the length limit parses.
    let atLimit = String(repeating: "x", count: 4096)
    #expect(parsed(atLimit)?.variables.first?.count == 4096)
    let hugeNumber = String(repeating: "9", count: 400)
    #expect(parseError(hugeNumber)?.message == "number '9999999999999999999999999999999…' is too large")
    #expect(clock.now - start < .seconds(10))
  }

  @Test func errorDescriptionMentionsOffset() {
    let error = FormulaError(offset: 3, message: "missing operand after '/'")
    #expect(error.description == "missing operand after '/' (at character 3)")
  }
}

@Suite("Formula interval arithmetic")
struct FormulaIntervalTests {
  private func range(_ source: String, _ ranges: [String: ClosedRange<Double>]) -> Interval? {
    parsed(source)?.range(over: ranges)
  }

  @Test func basicOperations() {
    #expect(range("a + b", ["a": 1...2, "b": 10...20]) == Interval(lower: 11, upper: 22))
    #expect(range("a - b", ["a": 1...2, "b": 10...20]) == Interval(lower: -19, upper: -8))
    #expect(range("a * b", ["a": -1...2, "b": 3...4]) == Interval(lower: -4, upper: 8))
    #expect(range("a / b", ["a": 1...2, "b": 4...8]) == Interval(lower: 0.125, upper: 0.5))
    #expect(range("a / b", ["a": 1...2, "b": -1...1]) == .entire)
    #expect(range("-a", ["a": 1...2]) == Interval(lower: -2, upper: -1))
    #expect(range("7", [:]) == Interval(7))
    #expect(range("unknown + 1", [:]) == .entire)
  }

  @Test func powersAndFunctions() {
    #expect(range("x^2", ["x": -2...1]) == Interval(lower: 0, upper: 4))
    #expect(range("x^3", ["x": -2...1]) == Interval(lower: -8, upper: 1))
    #expect(range("x^2", ["x": -3...(-1)]) == Interval(lower: 1, upper: 9))
    #expect(range("x^-1", ["x": 2...4]) == Interval(lower: 0.25, upper: 0.5))
    #expect(range("x^-1", ["x": -1...1]) == .entire)
    #expect(range("x^0", ["x": -1...1]) == Interval(1))
    #expect(range("2^x", ["x": 0...3]) == Interval(lower: 1, upper: 8))
    #expect(range("(-2)^x", ["x": 0...3]) == .entire)
    #expect(range("abs(x)", ["x": -3...2]) == Interval(lower: 0, upper: 3))
    #expect(range("abs(x)", ["x": -3...(-2)]) == Interval(lower: 2, upper: 3))
    #expect(range("sqrt(x)", ["x": -4...9]) == Interval(lower: 0, upper: 3))
    #expect(range("min(a, b)", ["a": 0...10, "b": 2...5]) == Interval(lower: 0, upper: 5))
    #expect(range("max(a, b)", ["a": 0...10, "b": 2...5]) == Interval(lower: 2, upper: 10))
    #expect(range("floor(x)", ["x": -1.5...2.5]) == Interval(lower: -2, upper: 2))
    #expect(range("ceil(x)", ["x": -1.5...2.5]) == Interval(lower: -1, upper: 3))
    #expect(range("round(x, 1)", ["x": 1.04...2.25]) == Interval(lower: 1, upper: 2.3))
    #expect(range("round(x, n)", ["x": 1...2, "n": 0...2]) == Interval(lower: 0.5, upper: 2.5))
  }

  @Test func repeatedOperandIsTreatedAsASquare() {
    #expect(range("x * x", ["x": -1...1]) == Interval(lower: 0, upper: 1))
    #expect(range("(a - b) * (a - b)", ["a": 0...1, "b": 0...1]) == Interval(lower: 0, upper: 1))
    // Only identical operands: x * y is the ordinary product.
    #expect(range("x * y", ["x": -1...1, "y": -1...1]) == Interval(lower: -1, upper: 1))
    // The classic dependency problem remains for other shapes.
    #expect(range("x - x", ["x": 0...1]) == Interval(lower: -1, upper: 1))
  }

  @Test func pricingRange() {
    guard let interval = range("cost / (1 - fee - margin)", ["cost": 10...20, "fee": 0.03...0.06, "margin": 0.2...0.35])
    else { return }
    #expect(close(interval.lower, 10 / 0.77))
    #expect(close(interval.upper, 20 / 0.59))
  }

  @Test func intervalsEncloseSampledValues() {
    let ranges: [String: ClosedRange<Double>] = ["a": -3...2, "b": 0.5...4, "c": -1...1, "n": 0...3]
    let sources = [
      "a * b - c / b", "(a + b)^2 - a * c", "abs(a) + sqrt(b) - min(a, c, 1)", "max(a, b) * floor(c) + ceil(a)",
      "round(a * b, 2) - b^-2", "b^c + a^3", "a * a - 2 * a * c", "round(a / b, n)", "-(a - c)^2 / b",
    ]
    for source in sources {
      guard let formula = parsed(source) else { continue }
      let interval = formula.range(over: ranges)
      for point in formula.samples(over: ranges, count: 500, seed: 1) {
        guard case .success(let result) = formula.evaluate(point) else { continue }
        #expect(interval.contains(result), "\(source) at \(point) = \(result) outside \(interval)")
      }
    }
  }

  @Test func intervalType() {
    #expect(Interval(lower: 3, upper: 1) == Interval(lower: 1, upper: 3))
    #expect(Interval(lower: .nan, upper: 1) == Interval(lower: -.infinity, upper: 1))
    #expect(Interval(2...5).contains(2) && Interval(2...5).contains(5) && !Interval(2...5).contains(5.5))
    #expect(!Interval.entire.contains(.nan))
    #expect(Interval.entire.contains(.infinity))
  }
}

@Suite("Formula zero-division risks")
struct FormulaZeroDivisionTests {
  private func risks(_ source: String, _ ranges: [String: ClosedRange<Double>]) -> [ZeroDivisionRisk] {
    parsed(source)?.zeroDivisionRisks(over: ranges) ?? []
  }

  @Test func safeMarkupHasNoRisk() {
    #expect(risks("cost / (1 - fee - margin)", ["cost": 5...50, "fee": 0.03...0.06, "margin": 0.2...0.35]).isEmpty)
  }

  @Test func overlappingPriceAndCostIsCertain() {
    let ranges: [String: ClosedRange<Double>] = ["fixed": 100...500, "price": 30...50, "cost": 20...40]
    guard let formula = parsed("fixed / (price - cost)") else { return }
    let found = formula.zeroDivisionRisks(over: ranges)
    #expect(found.count == 1)
    guard let risk = found.first else { return }
    #expect(risk.offset == 6)
    #expect(risk.denominator == "(price - cost)")
    #expect(risk.certain)
    guard let example = risk.example else {
      Issue.record("no example")
      return
    }
    #expect(example["price"] == example["cost"])
    #expect(example["fixed"] == 300)  // not in the denominator: range midpoint
    for (name, value) in example { #expect(ranges[name]?.contains(value) == true) }
    #expect(formula.evaluate(example) == .failure(.divisionByZero(offset: 6)))
  }

  @Test func squaredDenominatorIsSafe() {
    // x*x is recognised as a square, so x*x+1 is [1, 2]: no risk at all.
    #expect(risks("1/(x*x+1)", ["x": -1...1]).isEmpty)
    #expect(risks("1/(x^2+1)", ["x": -1...1]).isEmpty)
  }

  @Test func productTouchingZeroIsCertain() {
    let found = risks("1/(x*y+1)", ["x": -1...1, "y": -1...1])
    #expect(found.count == 1)
    #expect(found.first?.certain == true)
    if let example = found.first?.example, let x = example["x"], let y = example["y"] {
      #expect(x * y + 1 == 0)
    } else {
      Issue.record("no example")
    }
  }

  @Test func intervalOnlyRiskIsUncertain() {
    // (x-1)^2 + 1 >= 1, but naive interval arithmetic on x*x - 2*x + 2 over [0, 3] gives [-4, 11].
    let found = risks("10 / (x*x - 2*x + 2)", ["x": 0...3])
    #expect(found == [ZeroDivisionRisk(offset: 3, denominator: "(x*x - 2*x + 2)", certain: false, example: nil)])
  }

  @Test func signChangeFindsARootByBisection() {
    let found = risks("1 / (x - 0.3)", ["x": 0...1])
    #expect(found.count == 1)
    #expect(found.first?.certain == true)
    if let x = found.first?.example?["x"] {
      #expect(abs(x - 0.3) < 1e-12)
    } else {
      Issue.record("no example")
    }
  }

  @Test func discontinuousDenominatorNeedsAnExactZero() {
    // floor(x) - 0.5 changes sign but is never zero: not certain.
    let found = risks("1 / (floor(x) - 0.5)", ["x": 0...2])
    #expect(found.count == 1)
    #expect(found.first?.certain == false)
    #expect(found.first?.example == nil)
    // A sign change across a hole in the domain is not a root either.
    let hole = risks("1 / (x + sqrt(x*x - 1))", ["x": -2...2])
    #expect(hole.first?.certain == false)
  }

  @Test func unrangedVariableIsUncertain() {
    let found = risks("a / b", ["a": 1...2])
    #expect(found == [ZeroDivisionRisk(offset: 2, denominator: "b", certain: false, example: nil)])
  }

  @Test func constantZeroAndNestedDivisions() {
    let constant = risks("x / 0", ["x": 1...2])
    #expect(constant.count == 1)
    #expect(constant.first?.certain == true)
    #expect(constant.first?.example == ["x": 1.5])

    let nested = risks("a / (b / (c - 1))", ["a": 1...2, "b": -1...1, "c": 0...2])
    #expect(nested.map(\.offset) == [2, 7])
    #expect(nested.map(\.denominator) == ["(b / (c - 1))", "(c - 1)"])
    #expect(nested.allSatisfy { $0.certain })
  }

  @Test func fullWidthDenominatorTextIsVerbatim() {
    let found = risks("x／（a－b）", ["x": 1...2, "a": 0...1, "b": 0...1])
    #expect(found.first?.offset == 1)
    #expect(found.first?.denominator == "（a－b）")
  }

  @Test func resultsAreDeterministic() {
    let ranges: [String: ClosedRange<Double>] = ["p": 1...9, "q": 2...7, "r": 0...1]
    let a = risks("1/(p - q) + 1/(p*r - 1)", ranges)
    let b = risks("1/(p - q) + 1/(p*r - 1)", ranges)
    #expect(a == b)
    #expect(a.count == 2)
  }
}

@Suite("Formula sample points")
struct FormulaSampleTests {
  @Test func cornersCentreGridThenRandom() {
    let points = Formula.samplePoints(["a": 0...1, "b": 10...20], count: 5, seed: 1)
    #expect(points.count == 4 + 1 + 4 + 5)
    #expect(Array(points.prefix(4)) == [["a": 0, "b": 10], ["a": 1, "b": 10], ["a": 0, "b": 20], ["a": 1, "b": 20]])
    #expect(points.dropFirst(4).first == ["a": 0.5, "b": 15])
    for point in points {
      guard let a = point["a"], let b = point["b"] else {
        Issue.record("missing coordinate")
        continue
      }
      #expect((0...1).contains(a) && (10...20).contains(b))
    }
    #expect(points == Formula.samplePoints(["b": 10...20, "a": 0...1], count: 5, seed: 1))
    #expect(points != Formula.samplePoints(["a": 0...1, "b": 10...20], count: 5, seed: 2))
  }

  @Test func degenerateAndInfiniteRanges() {
    let points = Formula.samplePoints(["a": 3...3, "b": -Double.infinity...Double.infinity], count: 10, seed: 0)
    #expect(points.count == 2 + 1 + 10)
    #expect(points.allSatisfy { $0["a"] == 3 && ($0["b"]?.isFinite ?? false) })
    #expect(Formula.samplePoints([:], count: 2, seed: 0) == [[:], [:], [:]])
    #expect(Formula.samplePoints(["a": 0...1], count: -3, seed: 0).count == 3)
  }

  @Test func manyVariablesCapCornersAt1024() {
    var ranges: [String: ClosedRange<Double>] = [:]
    for i in 0..<12 { ranges["v\(i)"] = 0...1 }
    let points = Formula.samplePoints(ranges, count: 0, seed: 0)
    #expect(points.count == 1024 + 1)
    #expect(Set(points).count == points.count)

    ranges = [:]
    for i in 0..<6 { ranges["v\(i)"] = 0...1 }
    #expect(Formula.samplePoints(ranges, count: 0, seed: 0).count == 729)
  }

  @Test func formulaSamplesUseOnlyItsOwnVariables() {
    guard let formula = parsed("a + b") else { return }
    let points = formula.samples(over: ["a": 0...1, "b": 0...1, "z": 0...1], count: 3, seed: 4)
    #expect(points.allSatisfy { Set($0.keys) == ["a", "b"] })
    #expect(points.allSatisfy { (try? formula.evaluate($0).get())?.isFinite == true })
  }
}
