// The tiny arithmetic language used by `calc` questions.
//
// Instructors type these formulas by hand into YAML, so every path here treats
// the text as untrusted: no force unwraps, no unchecked indexing, bounded
// recursion. Limits (all reported as `FormulaError`s):
//   * at most `Formula.maxLength` (4,096) characters;
//   * parentheses / function calls nested at most `Formula.maxDepth` (64) deep;
//   * expression trees at most `Formula.maxHeight` (256) nodes tall, which caps
//     long operator chains like `1+1+1+...` so that evaluation, printing,
//     comparison and deallocation (all recursive) stay shallow.
//
// Grammar (after folding full-width characters, see `Formula.fold`):
//   formula  := sum END
//   sum      := product (('+' | '-') product)*
//   product  := unary (('*' | '/') unary)*
//   unary    := ('+' | '-')* power
//   power    := primary ('^' unary)?          // right-associative, binds tighter than prefix minus
//   primary  := NUMBER | NAME | NAME '(' args ')' | '(' sum ')'
//   args     := sum (',' sum)*
//   NUMBER   := DIGITS ('.' DIGITS?)? EXP? | '.' DIGITS EXP?
//   EXP      := ('e' | 'E') ('+' | '-')? DIGITS
//   NAME     := [A-Za-z_][A-Za-z0-9_]*

import Foundation  // pow(_:_:) for non-integer exponents only

// MARK: - Public API

/// A parsed arithmetic formula such as `cost / (1 - fee - margin)`.
///
/// Create one with `Formula.parse(_:)`; a successfully parsed formula can be
/// evaluated, analysed with interval arithmetic, and checked for divisions
/// that may hit zero over declared variable ranges.
public struct Formula: Sendable, Equatable, CustomStringConvertible {
  /// The longest accepted formula, in characters.
  public static let maxLength = 4096
  /// The deepest accepted nesting of parentheses and function calls.
  public static let maxDepth = 64
  /// The tallest accepted expression tree (limits chains like `1+1+1+...`).
  public static let maxHeight = 256
  /// The seed used for the random samples of `zeroDivisionRisks(over:)`.
  public static let zeroDivisionSeed: UInt64 = 0x6A09_E667_F3BC_C908
  /// How many random points `zeroDivisionRisks(over:)` adds to the structured samples.
  public static let zeroDivisionRandomSamples = 2000

  /// The text exactly as written by the instructor.
  public let source: String
  /// The parsed expression tree.
  public let root: Expr
  /// The distinct variable names, in order of first appearance in `source`.
  public let variables: [String]
  /// Character ranges in `source` of each division's right operand, keyed by the `/` offset.
  private let denominatorSpans: [Int: Range<Int>]

  /// The formula re-printed in canonical ASCII form with minimal parentheses.
  public var description: String { root.description }

  /// Parses `source`, returning the formula or the first error with its character offset.
  public static func parse(_ source: String) -> Result<Formula, FormulaError> {
    do throws(FormulaError) {
      let chars = try prescan(source)
      let tokens = try Lexer(chars: chars).tokenize()
      var parser = Parser(tokens: tokens, chars: chars)
      let root = try parser.parseFormula()
      return .success(Formula(source: source, root: root, spans: parser.denominatorSpans))
    } catch {
      return .failure(error)
    }
  }

  private init(source: String, root: Expr, spans: [Int: Range<Int>]) {
    self.source = source
    self.root = root
    self.denominatorSpans = spans
    var seen = Set<String>()
    var ordered: [String] = []
    root.collectVariables(into: &ordered, seen: &seen)
    self.variables = ordered
  }

  /// Evaluates the formula with the given variable values.
  ///
  /// Fails with `.divisionByZero` (offset of the `/`, or of a `^` with a zero
  /// base and negative exponent), `.unknownVariable`, `.domain` (`sqrt` of a
  /// negative number, a non-integer power of a negative number, a non-integer
  /// number of decimals in `round`), or `.notFinite` when any intermediate or
  /// final value (including a supplied variable value) is infinite or NaN.
  public func evaluate(_ values: [String: Double]) -> Result<Double, FormulaEvalError> {
    do throws(FormulaEvalError) {
      return .success(try root.value(values))
    } catch {
      return .failure(error)
    }
  }

  /// Returns an interval that contains every value the formula can take when
  /// each variable ranges over `ranges` (variables without a range are treated
  /// as unbounded).
  ///
  /// This is ordinary interval arithmetic: it is conservative (the true range
  /// may be narrower, e.g. `x - x` over `[0, 1]` gives `[-1, 1]`) and not
  /// outward-rounded at the last bit. One dependency is handled: a product of
  /// two structurally identical operands (`x * x`, `(a-b)*(a-b)`) is treated as
  /// a square, so `x * x` over `[-1, 1]` is `[0, 1]`, not `[-1, 1]`.
  public func range(over ranges: [String: ClosedRange<Double>]) -> Interval {
    root.interval(ranges)
  }

  /// Finds divisions whose denominator may be zero somewhere in the box `ranges`.
  ///
  /// For each `/` (in source order, nested ones included) the denominator's
  /// interval is computed; if it excludes 0 there is no risk. Otherwise the
  /// denominator is sampled over its own variables with `samplePoints` (corners,
  /// centre, the lower/middle/upper grid for up to 6 variables, then 2,000
  /// random points with `zeroDivisionSeed`). The risk is `certain` when a
  /// sample is exactly 0, or when samples of both signs exist, the denominator
  /// is built only from continuous operations (no `/`, `floor`, `ceil`,
  /// `round`, or `^` other than a literal non-negative integer exponent) and a
  /// 64-step bisection between the closest positive and negative samples stays
  /// defined throughout (intermediate value theorem). The `example` is the
  /// sample (or bisection point) with the smallest |denominator|; it also gives
  /// every other ranged variable of the formula its range midpoint, so the
  /// whole formula can be evaluated there. If a denominator variable has no
  /// range, the risk is reported with `certain: false` and no sampling.
  ///
  /// A variable drawn from a list (`valueSets`, `values: [0.03, 0.05]`) takes only those values, not
  /// every number between them: the denominator is checked at each of them (up to 4,096
  /// combinations), so `1 - fee - margin` with fees and margins below 1 is no risk.
  public func zeroDivisionRisks(
    over ranges: [String: ClosedRange<Double>], valueSets: [String: [Double]] = [:]
  ) -> [ZeroDivisionRisk] {
    var divisions: [(offset: Int, denominator: Expr)] = []
    root.collectDivisions(into: &divisions)
    divisions.sort { $0.offset < $1.offset }
    var risks: [ZeroDivisionRisk] = []
    var chars: [Character] = []
    for division in divisions {
      let interval = division.denominator.interval(ranges)
      guard interval.contains(0) else { continue }
      if chars.isEmpty { chars = Array(source) }
      let text = denominatorText(division.offset, division.denominator, chars)
      if let listed = listedValuesRisk(division.denominator, ranges: ranges, valueSets: valueSets) {
        switch listed {
        case .none: continue
        case .possible:
          risks.append(ZeroDivisionRisk(offset: division.offset, denominator: text, certain: false, example: nil))
        case .certain(let found):
          var example: [String: Double] = [:]
          for name in variables {
            if let range = ranges[name] {
              example[name] = SeededRandom.finiteClamp(range.lowerBound) / 2 + SeededRandom.finiteClamp(range.upperBound) / 2
            }
          }
          for (name, value) in found { example[name] = value }
          risks.append(ZeroDivisionRisk(offset: division.offset, denominator: text, certain: true, example: example))
        }
        continue
      }
      if let found = findZero(division.denominator, ranges) {
        var example: [String: Double] = [:]
        for name in variables {
          if let range = ranges[name] {
            example[name] = SeededRandom.finiteClamp(range.lowerBound) / 2
              + SeededRandom.finiteClamp(range.upperBound) / 2
          }
        }
        for (name, value) in found { example[name] = value }
        risks.append(ZeroDivisionRisk(offset: division.offset, denominator: text, certain: true, example: example))
      } else {
        risks.append(ZeroDivisionRisk(offset: division.offset, denominator: text, certain: false, example: nil))
      }
    }
    return risks
  }

  /// Sample points over the formula's own variables (those present in `ranges`); see `samplePoints`.
  public func samples(over ranges: [String: ClosedRange<Double>], count: Int, seed: UInt64) -> [[String: Double]] {
    var own: [String: ClosedRange<Double>] = [:]
    for name in variables {
      if let range = ranges[name] { own[name] = range }
    }
    return Formula.samplePoints(own, count: count, seed: seed)
  }

  /// Deterministic sample points in the box `ranges`: structured points first, then `count` random ones.
  ///
  /// Variables are processed in sorted name order. The points are, in order:
  /// 1. the corners of the box (each non-degenerate variable at its lower or
  ///    upper bound; at most 1,024 corners — with more than 10 varying
  ///    variables only the first 1,024 in binary-counting order);
  /// 2. the centre (every variable at its midpoint);
  /// 3. with at most 6 varying variables, the rest of the 3-level grid
  ///    (each variable at lower, middle or upper), in base-3 counting order;
  /// 4. `max(count, 0)` random points drawn with `SeededRandom(seed: seed)`,
  ///    one `double(in:)` per variable per point.
  /// Infinite bounds are replaced by `±Double.greatestFiniteMagnitude`, so every
  /// coordinate is finite. An empty `ranges` yields `[[:]]` plus `count` empty
  /// points.
  public static func samplePoints(
    _ ranges: [String: ClosedRange<Double>], count: Int, seed: UInt64
  ) -> [[String: Double]] {
    let names = ranges.keys.sorted()
    var lowers: [String: Double] = [:]
    var uppers: [String: Double] = [:]
    var mids: [String: Double] = [:]
    var varying: [String] = []
    for name in names {
      guard let range = ranges[name] else { continue }
      let lo = SeededRandom.finiteClamp(range.lowerBound)
      let hi = SeededRandom.finiteClamp(range.upperBound)
      lowers[name] = lo
      uppers[name] = hi
      mids[name] = lo / 2 + hi / 2
      if lo < hi { varying.append(name) }
    }
    var base: [String: Double] = lowers
    var points: [[String: Double]] = []

    // 1. Corners.
    let cornerBits = Swift.min(varying.count, 10)
    let cornerCount = 1 << cornerBits
    for index in 0..<cornerCount {
      var point = base
      for (bit, name) in varying.enumerated() where bit < cornerBits && (index >> bit) & 1 == 1 {
        point[name] = uppers[name]
      }
      points.append(point)
    }
    // 2. Centre.
    if !varying.isEmpty {
      for name in varying { base[name] = mids[name] }
      points.append(base)
    }
    // 3. Remaining 3-level grid points.
    if !varying.isEmpty && varying.count <= 6 {
      var total = 1
      for _ in varying { total *= 3 }
      for index in 0..<total {
        var point = lowers
        var rest = index
        var hasMid = false
        var hasBound = false
        for name in varying {
          switch rest % 3 {
          case 0: point[name] = lowers[name]; hasBound = true
          case 1: point[name] = mids[name]; hasMid = true
          default: point[name] = uppers[name]; hasBound = true
          }
          rest /= 3
        }
        if hasMid && hasBound { points.append(point) }
      }
    }
    // 4. Random points.
    var random = SeededRandom(seed: seed)
    for _ in 0..<Swift.max(count, 0) {
      var point: [String: Double] = [:]
      for name in names {
        guard let range = ranges[name] else { continue }
        point[name] = random.double(in: range)
      }
      points.append(point)
    }
    return points
  }

  // MARK: Private helpers

  private func denominatorText(_ offset: Int, _ denominator: Expr, _ chars: [Character]) -> String {
    guard let span = denominatorSpans[offset] else { return denominator.description }
    let lower = Swift.max(0, Swift.min(span.lowerBound, chars.count))
    let upper = Swift.max(lower, Swift.min(span.upperBound, chars.count))
    return Formula.string(chars[lower..<upper])
  }

  /// Samples `denominator` and returns a point where it is (or, by continuity, approaches) zero.
  enum ListedRisk { case none, possible, certain([String: Double]) }

  /// The zero-division risk of `denominator` when some of its variables are drawn from lists: each
  /// combination of listed values is tried, the other variables over their ranges; nil when none of
  /// its variables is listed, or there are too many combinations (the ranges' hull decides then).
  private func listedValuesRisk(
    _ denominator: Expr, ranges: [String: ClosedRange<Double>], valueSets: [String: [Double]]
  ) -> ListedRisk? {
    var seen = Set<String>()
    var names: [String] = []
    denominator.collectVariables(into: &names, seen: &seen)
    let listed = names.filter { valueSets[$0] != nil }
    guard !listed.isEmpty else { return nil }
    var combinations = 1
    for name in listed {
      combinations = combinations.multipliedReportingOverflow(by: max(1, valueSets[name]?.count ?? 1)).partialValue
      if combinations > 4096 || combinations <= 0 { return nil }
    }
    var possible = false
    var index = Array(repeating: 0, count: listed.count)
    while true {
      var point: [String: Double] = [:]
      var fixed = ranges
      for (k, name) in listed.enumerated() {
        let v = valueSets[name]?[index[k]] ?? 0
        point[name] = v
        fixed[name] = v...v
      }
      if names.allSatisfy({ point[$0] != nil }) {
        if let value = try? denominator.value(point), value == 0 { return .certain(point) }
      } else if denominator.interval(fixed).contains(0) {
        if let found = findZero(denominator, fixed) { return .certain(found.merging(point) { a, _ in a }) }
        possible = true
      }
      // Next combination.
      var k = 0
      while k < listed.count {
        index[k] += 1
        if index[k] < (valueSets[listed[k]]?.count ?? 1) { break }
        index[k] = 0
        k += 1
      }
      if k == listed.count { break }
    }
    return possible ? .possible : ListedRisk.none
  }

  private func findZero(_ denominator: Expr, _ ranges: [String: ClosedRange<Double>]) -> [String: Double]? {
    var seen = Set<String>()
    var names: [String] = []
    denominator.collectVariables(into: &names, seen: &seen)
    var own: [String: ClosedRange<Double>] = [:]
    for name in names {
      guard let range = ranges[name] else { return nil }
      own[name] = range
    }
    let points = Formula.samplePoints(own, count: Formula.zeroDivisionRandomSamples, seed: Formula.zeroDivisionSeed)
    var bestPositive: (point: [String: Double], value: Double)?
    var bestNegative: (point: [String: Double], value: Double)?
    for point in points {
      guard let value = try? denominator.value(point) else { continue }
      if value == 0 { return point }
      if value > 0 {
        if bestPositive.map({ value < $0.value }) ?? true { bestPositive = (point, value) }
      } else if bestNegative.map({ value > $0.value }) ?? true {
        bestNegative = (point, value)
      }
    }
    guard let positive = bestPositive, let negative = bestNegative, denominator.isContinuous else {
      return nil
    }
    // Bisect along the segment between the two samples.
    var low = negative.point  // value < 0
    var high = positive.point  // value > 0
    var best = abs(negative.value) < positive.value ? negative : positive
    for _ in 0..<64 {
      var mid: [String: Double] = [:]
      for name in names {
        let a = low[name] ?? 0
        let b = high[name] ?? 0
        mid[name] = a / 2 + b / 2
      }
      guard let value = try? denominator.value(mid) else { return nil }
      if abs(value) < abs(best.value) { best = (mid, value) }
      if value == 0 { return mid }
      if value < 0 { low = mid } else { high = mid }
    }
    return best.point
  }
}

/// One node of a formula's expression tree; `offset` is a 0-based Character offset into the source.
public indirect enum Expr: Sendable, Equatable, CustomStringConvertible {
  /// A numeric literal starting at `offset`.
  case number(Double, offset: Int)
  /// A variable reference starting at `offset`.
  case variable(String, offset: Int)
  /// A prefix operator; `offset` is the operator's.
  case unary(UnaryOperator, Expr, offset: Int)
  /// A binary operation; `offset` is the operator's.
  case binary(BinaryOperator, Expr, Expr, offset: Int)
  /// A function call; `offset` is the function name's.
  case call(Function, [Expr], offset: Int)

  /// A prefix operator.
  public enum UnaryOperator: String, Sendable, Equatable, CaseIterable {
    /// `+x`
    case plus = "+"
    /// `-x`
    case minus = "-"
  }

  /// An infix operator.
  public enum BinaryOperator: String, Sendable, Equatable, CaseIterable {
    /// `a + b`
    case add = "+"
    /// `a - b`
    case subtract = "-"
    /// `a * b`
    case multiply = "*"
    /// `a / b`
    case divide = "/"
    /// `a ^ b` (right-associative)
    case power = "^"
  }

  /// A built-in function.
  public enum Function: String, Sendable, Equatable, CaseIterable {
    /// `round(x)` or `round(x, decimals)`, halves away from zero.
    case round
    /// `floor(x)`
    case floor
    /// `ceil(x)`
    case ceil
    /// `abs(x)`
    case abs
    /// `min(a, b, ...)`
    case min
    /// `max(a, b, ...)`
    case max
    /// `sqrt(x)`
    case sqrt

    /// The accepted argument counts.
    public var arity: ClosedRange<Int> {
      switch self {
      case .round: return 1...2
      case .floor, .ceil, .abs, .sqrt: return 1...1
      case .min, .max: return 2...Int.max
      }
    }
  }

  /// The node's 0-based Character offset into the formula source.
  public var offset: Int {
    switch self {
    case .number(_, let offset), .variable(_, let offset), .unary(_, _, let offset),
      .binary(_, _, _, let offset), .call(_, _, let offset):
      return offset
    }
  }

  /// Canonical ASCII text with minimal parentheses; parses back to the same tree shape.
  public var description: String {
    switch self {
    case .number(let value, _):
      return Expr.format(value)
    case .variable(let name, _):
      return name
    case .unary(let op, let operand, _):
      let inner = operand.description
      let wrapped = operand.precedence <= 3 ? "(\(inner))" : inner
      return op.rawValue + wrapped
    case .binary(let op, let left, let right, _):
      switch op {
      case .add, .subtract, .multiply, .divide:
        let level = (op == .add || op == .subtract) ? 1 : 2
        let l = left.precedence < level ? "(\(left))" : left.description
        let r = right.precedence <= level ? "(\(right))" : right.description
        return "\(l) \(op.rawValue) \(r)"
      case .power:
        let l = left.precedence < 5 ? "(\(left))" : left.description
        let r = right.precedence < 3 ? "(\(right))" : right.description
        return "\(l)^\(r)"
      }
    case .call(let function, let arguments, _):
      return function.rawValue + "(" + arguments.map(\.description).joined(separator: ", ") + ")"
    }
  }

  /// Binding strength used by `description`: 1 sums, 2 products, 3 prefix, 4 powers, 5 atoms.
  private var precedence: Int {
    switch self {
    case .number(let value, _): return value < 0 ? 3 : 5
    case .variable, .call: return 5
    case .unary: return 3
    case .binary(let op, _, _, _):
      switch op {
      case .add, .subtract: return 1
      case .multiply, .divide: return 2
      case .power: return 4
      }
    }
  }

  private static func format(_ value: Double) -> String {
    if value.isFinite && value == value.rounded() && Swift.abs(value) < 1e15 {
      return String(Int64(value))
    }
    return value.description
  }
}

/// A formula syntax error, with the 0-based Character offset it refers to and advice on fixing it.
///
/// `offset` may equal the source's character count, meaning "at the end".
public struct FormulaError: Error, Sendable, Equatable, CustomStringConvertible {
  /// 0-based Character offset into the formula source.
  public let offset: Int
  /// What is wrong and how to fix it, e.g. `missing operand after '/'`.
  public let message: String

  /// Creates an error.
  public init(offset: Int, message: String) {
    self.offset = offset
    self.message = message
  }

  /// `message (at character N)`.
  public var description: String { "\(message) (at character \(offset))" }
}

/// Why a formula could not be evaluated for particular variable values.
public enum FormulaEvalError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A `/` (or zero raised to a negative power at a `^`) at `offset` divided by zero.
  case divisionByZero(offset: Int)
  /// The formula uses a variable that has no value.
  case unknownVariable(String)
  /// A function (or `^`) was applied outside its domain, e.g. `sqrt` of a negative number.
  case domain(function: String, offset: Int)
  /// A value was infinite or NaN (overflow, or a non-finite input).
  case notFinite

  /// A short human-readable explanation.
  public var description: String {
    switch self {
    case .divisionByZero(let offset): return "division by zero at character \(offset)"
    case .unknownVariable(let name): return "no value for variable '\(name)'"
    case .domain(let function, let offset):
      switch function {
      case "sqrt": return "sqrt of a negative number at character \(offset)"
      case "^": return "non-integer power of a negative number at character \(offset)"
      case "round": return "round's decimals must be a whole number (at character \(offset))"
      default: return "\(function) is undefined here (at character \(offset))"
      }
    case .notFinite: return "the result is not a finite number (overflow or invalid input)"
    }
  }
}

/// A closed interval `[lower, upper]` of doubles; bounds may be infinite.
public struct Interval: Sendable, Equatable, CustomStringConvertible {
  /// The lower bound.
  public var lower: Double
  /// The upper bound.
  public var upper: Double

  /// The whole real line, `[-inf, inf]`.
  public static let entire = Interval(lower: -.infinity, upper: .infinity)

  /// Creates `[lower, upper]`; swaps reversed bounds, and a NaN bound becomes infinite.
  public init(lower: Double, upper: Double) {
    let lo = lower.isNaN ? -Double.infinity : lower
    let hi = upper.isNaN ? Double.infinity : upper
    self.lower = Swift.min(lo, hi)
    self.upper = Swift.max(lo, hi)
  }

  /// Creates the interval covering `range`.
  public init(_ range: ClosedRange<Double>) {
    self.init(lower: range.lowerBound, upper: range.upperBound)
  }

  /// Creates the single-point interval `[value, value]`.
  public init(_ value: Double) {
    self.init(lower: value, upper: value)
  }

  /// Whether `lower <= x <= upper`.
  public func contains(_ x: Double) -> Bool {
    lower <= x && x <= upper
  }

  /// `[lower, upper]`.
  public var description: String { "[\(lower), \(upper)]" }
}

/// A division whose denominator may be zero over the declared variable ranges.
public struct ZeroDivisionRisk: Sendable, Equatable {
  /// The `/` operator's 0-based Character offset.
  public let offset: Int
  /// The denominator exactly as written in the source (including its parentheses).
  public let denominator: String
  /// True when a sample was found where the denominator is 0, or (for continuous denominators) changes sign.
  public let certain: Bool
  /// Variable values where the denominator hits or approaches zero; nil unless `certain`.
  public let example: [String: Double]?

  /// Creates a risk report.
  public init(offset: Int, denominator: String, certain: Bool, example: [String: Double]?) {
    self.offset = offset
    self.denominator = denominator
    self.certain = certain
    self.example = example
  }
}

// MARK: - Pre-scan, folding, lexing

extension Formula {
  /// Maps one character to the ASCII character it stands for, or nil if it has none.
  ///
  /// This is the NFKC mapping restricted to what formulas need: the full-width
  /// ASCII block U+FF01–U+FF5E (`（` `）` `＋` `－` `＊` `／` `＾` `，` `．`, digits
  /// and letters) maps to ASCII, and any whitespace (including U+3000) to a
  /// space; additionally `×` `·` `⋅` `∙` map to `*`, `÷` `∕` to `/`, and the
  /// minus sign `−` and en dash `–` to `-`. General NFKC is deliberately *not*
  /// applied: it would turn `x²` into the identifier `x2` or `½` into `1⁄2`,
  /// silently changing the meaning.
  /// `characters` as a String, appended one by one (`String(slice)` takes a generic path whose
  /// first use costs more at start-up than parsing every formula of a course).
  static func string(_ characters: ArraySlice<Character>) -> String {
    var s = ""
    for c in characters { s.append(c) }
    return s
  }

  static func fold(_ character: Character) -> UInt8? {
    if character.isWhitespace { return 0x20 }
    let scalars = character.unicodeScalars
    guard scalars.count == 1, let scalar = scalars.first else { return nil }
    let v = scalar.value
    switch v {
    case 0x21...0x7E: return UInt8(v)
    case 0xFF01...0xFF5E: return UInt8(v - 0xFEE0)
    case 0x00D7, 0x00B7, 0x22C5, 0x2219: return 0x2A  // *
    case 0x00F7, 0x2215: return 0x2F  // /
    case 0x2212, 0x2013: return 0x2D  // -
    default: return nil
    }
  }

  /// Checks length and parenthesis depth cheaply before any real work; returns the characters.
  static func prescan(_ source: String) throws(FormulaError) -> [Character] {
    var chars: [Character] = []
    var depth = 0
    for character in source {
      if chars.count >= maxLength {
        throw FormulaError(
          offset: maxLength,
          message: "formula is longer than \(maxLength) characters — split the calculation into smaller formulas")
      }
      switch fold(character) {
      case 0x28:
        depth += 1
        if depth > maxDepth {
          throw FormulaError(
            offset: chars.count,
            message: "formula nests deeper than \(maxDepth) levels — remove redundant parentheses or split it up")
        }
      case 0x29:
        depth = Swift.max(0, depth - 1)
      default:
        break
      }
      chars.append(character)
    }
    return chars
  }
}

private enum TokenKind: Equatable {
  case number(Double)
  case identifier(String)
  case op(UInt8)  // + - * / ^
  case leftParen
  case rightParen
  case comma
  case end
}

private struct Token {
  var kind: TokenKind
  var offset: Int
  var end: Int
  var text: String
}

private func isDigit(_ c: UInt8?) -> Bool {
  guard let c else { return false }
  return c >= 0x30 && c <= 0x39
}

private func isNameStart(_ c: UInt8?) -> Bool {
  guard let c else { return false }
  return (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
}

private func isNameContinue(_ c: UInt8?) -> Bool {
  isNameStart(c) || isDigit(c)
}

/// Shortens user text quoted in a message to at most 32 characters.
private func snippet(_ text: String) -> String {
  text.count <= 32 ? text : String(text.prefix(31)) + "…"
}

/// Shows a character in a message, spelling out invisible ones as U+XXXX.
private func quoted(_ character: Character) -> String {
  if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
    scalar.value < 0x20 || scalar.value == 0x7F || (scalar.value >= 0x80 && scalar.value < 0xA0)
  {
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: Swift.max(0, 4 - hex.count)) + hex
  }
  return "'\(character)'"
}

private struct Lexer {
  let chars: [Character]
  let codes: [UInt8?]

  init(chars: [Character]) {
    self.chars = chars
    self.codes = chars.map(Formula.fold)
  }

  func code(_ i: Int) -> UInt8? {
    i >= 0 && i < codes.count ? codes[i] : nil
  }

  func text(_ start: Int, _ end: Int) -> String {
    let lo = Swift.max(0, Swift.min(start, chars.count))
    let hi = Swift.max(lo, Swift.min(end, chars.count))
    return Formula.string(chars[lo..<hi])
  }

  func ascii(_ start: Int, _ end: Int) -> String {
    var bytes: [UInt8] = []
    var i = start
    while i < end {
      if let c = code(i) { bytes.append(c) }
      i += 1
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  func tokenize() throws(FormulaError) -> [Token] {
    var tokens: [Token] = []
    var i = 0
    while i < chars.count {
      let start = i
      let c = code(i)
      if c == 0x20 {
        i += 1
        continue
      }
      if isDigit(c) || (c == 0x2E && isDigit(code(i + 1))) {
        tokens.append(try number(at: &i))
        continue
      }
      if isNameStart(c) {
        while isNameContinue(code(i)) { i += 1 }
        let name = ascii(start, i)
        tokens.append(Token(kind: .identifier(name), offset: start, end: i, text: snippet(text(start, i))))
        continue
      }
      i += 1
      let kind: TokenKind
      switch c {
      case 0x2B, 0x2D, 0x2A, 0x2F, 0x5E: kind = .op(c ?? 0)
      case 0x28: kind = .leftParen
      case 0x29: kind = .rightParen
      case 0x2C: kind = .comma
      default:
        throw unexpected(at: start)
      }
      tokens.append(Token(kind: kind, offset: start, end: i, text: text(start, i)))
    }
    tokens.append(Token(kind: .end, offset: chars.count, end: chars.count, text: ""))
    return tokens
  }

  private func number(at i: inout Int) throws(FormulaError) -> Token {
    let start = i
    var integer = ""
    var fraction = ""
    var exponent = ""
    while isDigit(code(i)) {
      integer.append(Character(Unicode.Scalar(code(i) ?? 0x30)))
      i += 1
    }
    if code(i) == 0x2E {
      i += 1
      while isDigit(code(i)) {
        fraction.append(Character(Unicode.Scalar(code(i) ?? 0x30)))
        i += 1
      }
    }
    if code(i) == 0x65 || code(i) == 0x45 {
      let sign = code(i + 1)
      if isDigit(sign) {
        i += 1
      } else if (sign == 0x2B || sign == 0x2D) && isDigit(code(i + 2)) {
        exponent = sign == 0x2D ? "-" : ""
        i += 2
      }
      if isDigit(code(i)) {
        while isDigit(code(i)) {
          exponent.append(Character(Unicode.Scalar(code(i) ?? 0x30)))
          i += 1
        }
      }
    }
    if code(i) == 0x2E || (isDigit(code(i))) {
      while code(i) == 0x2E || isDigit(code(i)) { i += 1 }
      throw FormulaError(
        offset: start,
        message: "malformed number '\(snippet(text(start, i)))' — a number has at most one decimal point")
    }
    let written = text(start, i)
    var literal = (integer.isEmpty ? "0" : integer) + "." + (fraction.isEmpty ? "0" : fraction)
    if !exponent.isEmpty && exponent != "-" { literal += "e" + exponent }
    guard let value = Double(literal), value.isFinite else {
      throw FormulaError(offset: start, message: "number '\(snippet(written))' is too large")
    }
    return Token(kind: .number(value), offset: start, end: i, text: snippet(written))
  }

  private func unexpected(at offset: Int) -> FormulaError {
    guard offset >= 0 && offset < chars.count else {
      return FormulaError(offset: offset, message: "unexpected end of formula")
    }
    let character = chars[offset]
    let shown = quoted(character)
    let message: String
    switch code(offset) {
    case 0x25:
      message = "unexpected '%' — write percentages as decimals, e.g. 0.15 instead of 15%"
    case 0x3D:
      message = "unexpected '=' — write only the right-hand side, e.g. cost / (1 - margin)"
    case 0x24:
      message = "unexpected '$' — leave currency symbols out of formulas"
    case 0x5B, 0x5D, 0x7B, 0x7D:
      message = "unexpected \(shown) — use round parentheses ( ) for grouping"
    case 0x2E:
      message = "unexpected '.' — a decimal point must be followed by digits, e.g. 0.5"
    default:
      if character.isCurrencySymbol {
        message = "unexpected \(shown) — leave currency symbols out of formulas"
      } else if character.isLetter || character.isNumber {
        message = "unexpected character \(shown) — variable names use only ASCII letters, digits and '_'"
      } else {
        message =
          "unexpected character \(shown) — formulas use numbers, variable names, + - * / ^, parentheses and functions"
      }
    }
    return FormulaError(offset: offset, message: message)
  }
}

// MARK: - Parser

/// A parsed subtree plus bookkeeping: tree height and the source span (including parentheses).
private struct Node {
  var expr: Expr
  var height: Int
  var start: Int
  var end: Int
}

private struct Parser {
  let tokens: [Token]
  let chars: [Character]
  var index = 0
  var depth = 0
  var denominatorSpans: [Int: Range<Int>] = [:]

  init(tokens: [Token], chars: [Character]) {
    self.tokens = tokens
    self.chars = chars
  }

  var current: Token {
    index >= 0 && index < tokens.count
      ? tokens[index] : Token(kind: .end, offset: chars.count, end: chars.count, text: "")
  }

  var previous: Token? {
    index - 1 >= 0 && index - 1 < tokens.count ? tokens[index - 1] : nil
  }

  mutating func advance() -> Token {
    let token = current
    if index < tokens.count { index += 1 }
    return token
  }

  func isOperator(_ token: Token, _ symbols: UInt8...) -> Bool {
    if case .op(let c) = token.kind { return symbols.contains(c) }
    return false
  }

  mutating func parseFormula() throws(FormulaError) -> Expr {
    try requireOperand(after: nil)
    let node = try parseSum()
    let token = current
    switch token.kind {
    case .end:
      return node.expr
    case .rightParen:
      throw FormulaError(
        offset: token.offset, message: "unmatched ')' — remove it or add a matching '(' before it")
    case .comma:
      throw FormulaError(
        offset: token.offset,
        message: "unexpected ',' — commas only separate function arguments, as in max(a, b); write 1000, not 1,000")
    default:
      throw FormulaError(offset: token.offset, message: "unexpected '\(token.text)'")
    }
  }

  // sum := product (('+' | '-') product)*
  mutating func parseSum() throws(FormulaError) -> Node {
    var left = try parseProduct()
    while isOperator(current, 0x2B, 0x2D) {
      let op = advance()
      try requireOperand(after: op)
      let right = try parseProduct()
      left = try binary(isOperator(op, 0x2B) ? .add : .subtract, left, right, op)
    }
    return left
  }

  // product := unary (('*' | '/') unary)*
  mutating func parseProduct() throws(FormulaError) -> Node {
    var left = try parseUnary()
    while isOperator(current, 0x2A, 0x2F) {
      let op = advance()
      try requireOperand(after: op)
      let right = try parseUnary()
      let isDivision = isOperator(op, 0x2F)
      if isDivision { denominatorSpans[op.offset] = right.start..<right.end }
      left = try binary(isDivision ? .divide : .multiply, left, right, op)
    }
    return left
  }

  // unary := ('+' | '-')* power   (iterative, so long sign runs cannot recurse)
  mutating func parseUnary() throws(FormulaError) -> Node {
    let prefixes = try parsePrefixes()
    let node = try parsePower()
    return try wrap(node, in: prefixes)
  }

  mutating func parsePrefixes() throws(FormulaError) -> [Token] {
    var prefixes: [Token] = []
    while isOperator(current, 0x2B, 0x2D) {
      let op = advance()
      prefixes.append(op)
      if prefixes.count > Formula.maxHeight { throw tooLong(at: op.offset) }
      try requireOperand(after: op)
    }
    return prefixes
  }

  // power := primary ('^' unary)?   folded iteratively from the right.
  mutating func parsePower() throws(FormulaError) -> Node {
    let base = try parsePrimary()
    var carets: [Token] = []
    var operands: [(prefixes: [Token], node: Node)] = []
    while isOperator(current, 0x5E) {
      let caret = advance()
      carets.append(caret)
      if carets.count > Formula.maxHeight { throw tooLong(at: caret.offset) }
      try requireOperand(after: caret)
      let prefixes = try parsePrefixes()
      operands.append((prefixes, try parsePrimary()))
    }
    var result = base
    if let last = operands.last {
      // Right fold: base ^ (p1 o1 ^ (p2 o2 ^ (... pn on)))
      var acc = try wrap(last.node, in: last.prefixes)
      let lefts: [(prefixes: [Token], node: Node)] = [([], base)] + operands.dropLast()
      for (caret, left) in zip(carets, lefts).reversed() {
        acc = try binary(.power, left.node, acc, caret)
        acc = try wrap(acc, in: left.prefixes)
      }
      result = acc
    }
    try rejectJuxtaposition()
    return result
  }

  mutating func parsePrimary() throws(FormulaError) -> Node {
    let token = current
    switch token.kind {
    case .number(let value):
      _ = advance()
      return Node(expr: .number(value, offset: token.offset), height: 1, start: token.offset, end: token.end)
    case .identifier(let name):
      _ = advance()
      if current.kind == .leftParen {
        return try parseCall(name: name, nameToken: token)
      }
      if let function = Expr.Function(rawValue: name) {
        let example = function == .min || function == .max ? "\(name)(a, b)" : "\(name)(x)"
        throw FormulaError(
          offset: token.offset, message: "'\(name)' is a function — call it with parentheses, like \(example)")
      }
      return Node(expr: .variable(name, offset: token.offset), height: 1, start: token.offset, end: token.end)
    case .leftParen:
      let open = advance()
      try enter(open)
      if current.kind == .rightParen {
        throw FormulaError(offset: open.offset, message: "empty parentheses '()' — put an expression inside")
      }
      try requireOperand(after: open)
      var inner = try parseSum()
      guard current.kind == .rightParen else { throw unclosed(open, opener: "'('") }
      let close = advance()
      depth -= 1
      inner.start = open.offset
      inner.end = close.end
      return inner
    default:
      // requireOperand() runs before every parsePrimary(), so this is unreachable; stay safe anyway.
      throw FormulaError(offset: token.offset, message: "expected a number, variable or '('")
    }
  }

  mutating func parseCall(name: String, nameToken: Token) throws(FormulaError) -> Node {
    guard let function = Expr.Function(rawValue: name) else {
      throw FormulaError(offset: nameToken.offset, message: unknownFunctionMessage(name))
    }
    let open = advance()
    try enter(open)
    var arguments: [Node] = []
    var close = open
    if current.kind == .rightParen {
      close = advance()
    } else {
      var separator = open
      argumentLoop: while true {
        try requireOperand(after: separator)
        arguments.append(try parseSum())
        switch current.kind {
        case .comma:
          separator = advance()
        case .rightParen:
          close = advance()
          break argumentLoop
        default:
          throw unclosed(open, opener: "'\(name)('", allowComma: true)
        }
      }
    }
    depth -= 1
    if !function.arity.contains(arguments.count) {
      throw FormulaError(offset: nameToken.offset, message: arityMessage(function, got: arguments.count))
    }
    let height = 1 + (arguments.map(\.height).max() ?? 0)
    if height > Formula.maxHeight { throw tooLong(at: nameToken.offset) }
    return Node(
      expr: .call(function, arguments.map(\.expr), offset: nameToken.offset),
      height: height, start: nameToken.offset, end: close.end)
  }

  // MARK: Helpers

  mutating func enter(_ open: Token) throws(FormulaError) {
    depth += 1
    if depth > Formula.maxDepth {
      throw FormulaError(
        offset: open.offset,
        message: "formula nests deeper than \(Formula.maxDepth) levels — remove redundant parentheses or split it up")
    }
  }

  func binary(_ op: Expr.BinaryOperator, _ left: Node, _ right: Node, _ token: Token) throws(FormulaError) -> Node {
    let height = 1 + Swift.max(left.height, right.height)
    if height > Formula.maxHeight { throw tooLong(at: token.offset) }
    return Node(
      expr: .binary(op, left.expr, right.expr, offset: token.offset), height: height, start: left.start,
      end: right.end)
  }

  func wrap(_ node: Node, in prefixes: [Token]) throws(FormulaError) -> Node {
    var result = node
    for prefix in prefixes.reversed() {
      let op: Expr.UnaryOperator = isOperator(prefix, 0x2D) ? .minus : .plus
      result = Node(
        expr: .unary(op, result.expr, offset: prefix.offset), height: result.height + 1, start: prefix.offset,
        end: result.end)
      if result.height > Formula.maxHeight { throw tooLong(at: prefix.offset) }
    }
    return result
  }

  func tooLong(at offset: Int) -> FormulaError {
    FormulaError(
      offset: offset,
      message: "formula chains more than \(Formula.maxHeight) operations — split it into smaller formulas")
  }

  /// Throws unless the current token can start an operand; `after` is the token before it (nil at the start).
  func requireOperand(after previous: Token?) throws(FormulaError) {
    let token = current
    switch token.kind {
    case .number, .identifier, .leftParen: return
    case .op(let c) where c == 0x2B || c == 0x2D: return
    default: break
    }
    guard let previous else {
      switch token.kind {
      case .end:
        throw FormulaError(offset: 0, message: "formula is empty — write an expression such as cost * 1.2")
      case .rightParen:
        throw FormulaError(
          offset: token.offset, message: "unmatched ')' — remove it or add a matching '(' before it")
      default:
        throw FormulaError(offset: token.offset, message: "missing operand before '\(token.text)'")
      }
    }
    if isOperator(previous, 0x2A) && isOperator(token, 0x2A) {
      throw FormulaError(offset: previous.offset, message: "'**' is not an operator — write powers with '^', e.g. 2^3")
    }
    switch previous.kind {
    case .leftParen:
      throw FormulaError(offset: previous.offset, message: "missing expression after '('")
    case .comma:
      throw FormulaError(offset: previous.offset, message: "missing argument after ','")
    default:
      if case .op = token.kind {
        throw FormulaError(
          offset: previous.offset, message: "missing operand between '\(previous.text)' and '\(token.text)'")
      }
      throw FormulaError(offset: previous.offset, message: "missing operand after '\(previous.text)'")
    }
  }

  /// After a complete operand, another operand may not follow directly (`2x`, `(a)(b)`, `1 2`).
  func rejectJuxtaposition() throws(FormulaError) {
    let token = current
    switch token.kind {
    case .number, .identifier, .leftParen:
      let before = previous
      var simple = false
      if let before, case .number = before.kind { simple = true }
      if let before, case .identifier = before.kind { simple = true }
      let beforeText = before?.text ?? ""
      if token.kind == .leftParen {
        let advice = simple ? "write '\(beforeText) * (...)'" : "put '*' before it"
        throw FormulaError(offset: token.offset, message: "missing operator before '(' — to multiply, \(advice)")
      }
      let advice = simple ? "write '\(beforeText) * \(token.text)'" : "put '*' between them"
      throw FormulaError(
        offset: token.offset,
        message: "missing operator between '\(beforeText)' and '\(token.text)' — to multiply, \(advice)")
    default:
      return
    }
  }

  func unclosed(_ open: Token, opener: String, allowComma: Bool = false) -> FormulaError {
    let token = current
    let expected = allowComma ? "expected ',' or ')'" : "expected ')'"
    if token.kind == .end {
      return FormulaError(offset: token.offset, message: "expected ')' to close \(opener) at \(open.offset)")
    }
    return FormulaError(
      offset: token.offset, message: "\(expected) to close \(opener) at \(open.offset), found '\(token.text)'")
  }

  func unknownFunctionMessage(_ fullName: String) -> String {
    let name = snippet(fullName)
    let known = Expr.Function.allCases.map(\.rawValue)
    var best: (name: String, distance: Int)?
    if fullName.count <= 32 {
      let lowered = fullName.lowercased()
      for candidate in known {
        let distance = lowered == candidate ? 0 : editDistance(lowered, candidate)
        let plausible = distance == 0 || (distance <= 2 && distance < candidate.count && distance < name.count)
        if plausible && (best.map { distance < $0.distance } ?? true) {
          best = (candidate, distance)
        }
      }
    }
    if let best {
      return "unknown function '\(name)' — did you mean '\(best.name)'?"
    }
    return "unknown function '\(name)' — functions are \(known.joined(separator: ", ")); "
      + "to multiply, write '\(name) * (...)'"
  }

  func arityMessage(_ function: Expr.Function, got count: Int) -> String {
    let name = function.rawValue
    switch function {
    case .round:
      return "round takes 1 or 2 arguments — round(x) or round(x, decimals) — but got \(count)"
    case .min, .max:
      return "\(name) needs at least 2 arguments, e.g. \(name)(a, b), but got \(count)"
    case .floor, .ceil, .abs, .sqrt:
      return "\(name) takes exactly 1 argument, e.g. \(name)(x), but got \(count)"
    }
  }
}

/// Levenshtein distance between two short strings.
private func editDistance(_ a: String, _ b: String) -> Int {
  let x = Array(a)
  let y = Array(b)
  var row = Array(0...y.count)
  for (i, cx) in x.enumerated() {
    var next = [i + 1]
    for (j, cy) in y.enumerated() {
      let substitute = (j < row.count ? row[j] : 0) + (cx == cy ? 0 : 1)
      let delete = (j + 1 < row.count ? row[j + 1] : 0) + 1
      let insert = (next.last ?? 0) + 1
      next.append(Swift.min(substitute, delete, insert))
    }
    row = next
  }
  return row.last ?? 0
}

// MARK: - Evaluation

extension Expr {
  /// Evaluates the subtree; see `Formula.evaluate(_:)` for the error rules.
  func value(_ values: [String: Double]) throws(FormulaEvalError) -> Double {
    let result: Double
    switch self {
    case .number(let value, _):
      result = value
    case .variable(let name, _):
      guard let value = values[name] else { throw .unknownVariable(name) }
      result = value
    case .unary(let op, let operand, _):
      let value = try operand.value(values)
      result = op == .minus ? -value : value
    case .binary(let op, let left, let right, let offset):
      let a = try left.value(values)
      let b = try right.value(values)
      switch op {
      case .add: result = a + b
      case .subtract: result = a - b
      case .multiply: result = a * b
      case .divide:
        if b == 0 { throw .divisionByZero(offset: offset) }
        result = a / b
      case .power:
        result = try Expr.power(a, b, offset: offset)
      }
    case .call(let function, let arguments, let offset):
      var args: [Double] = []
      for argument in arguments { args.append(try argument.value(values)) }
      guard function.arity.contains(args.count), let x = args.first else {
        throw .domain(function: function.rawValue, offset: offset)
      }
      switch function {
      case .round:
        let decimals = args.dropFirst().first ?? 0
        guard decimals == decimals.rounded() else { throw .domain(function: "round", offset: offset) }
        let n = Int(Swift.min(Swift.max(decimals, -400), 400))
        result = Expr.roundHalfAwayFromZero(x, decimals: n)
      case .floor: result = x.rounded(.down)
      case .ceil: result = x.rounded(.up)
      case .abs: result = Swift.abs(x)
      case .sqrt:
        guard x >= 0 else { throw .domain(function: "sqrt", offset: offset) }
        result = x.squareRoot()
      case .min: result = args.dropFirst().reduce(x) { Swift.min($0, $1) }
      case .max: result = args.dropFirst().reduce(x) { Swift.max($0, $1) }
      }
    }
    guard result.isFinite else { throw .notFinite }
    return result
  }

  /// `a ^ b`: integer exponents by binary powering (deterministic everywhere), others via `pow`.
  static func power(_ a: Double, _ b: Double, offset: Int) throws(FormulaEvalError) -> Double {
    guard a.isFinite && b.isFinite else { throw .notFinite }
    if b == b.rounded() && Swift.abs(b) <= 0x1p53 {
      let n = Int64(b)
      if n >= 0 { return integerPower(a, UInt64(n)) }
      if a == 0 { throw .divisionByZero(offset: offset) }
      let denominator = integerPower(a, n.magnitude)
      if denominator == 0 { throw .notFinite }
      return 1 / denominator
    }
    if a < 0 { throw .domain(function: "^", offset: offset) }
    if a == 0 && b < 0 { throw .divisionByZero(offset: offset) }
    return pow(a, b)
  }

  /// `base ^ exponent` by repeated squaring.
  static func integerPower(_ base: Double, _ exponent: UInt64) -> Double {
    var result = 1.0
    var square = base
    var e = exponent
    while e > 0 {
      if e & 1 == 1 { result *= square }
      e >>= 1
      if e > 0 { square *= square }
    }
    return result
  }

  /// Rounds half away from zero to `decimals` places, using the shortest decimal spelling of `x`.
  ///
  /// Rounding the decimal text rather than `x * 10^n` gives the answers a
  /// person expects: `round(2.675, 2) == 2.68`, `round(1.005, 2) == 1.01`
  /// (the binary doubles are slightly below those halves). Negative `decimals`
  /// round to tens, hundreds, ...
  static func roundHalfAwayFromZero(_ x: Double, decimals: Int) -> Double {
    guard x.isFinite, x != 0 else { return x }
    let negative = x < 0
    guard let decimal = decimalDigits(Swift.abs(x)) else { return x }
    var digits = decimal.digits
    var exponent = decimal.exponent
    // value = 0.d1 d2 ... dk × 10^exponent
    let keep = exponent + decimals
    if keep >= digits.count { return x }
    if keep < 0 { return 0 }
    let roundUp = digits.dropFirst(keep).first.map { $0 >= 5 } ?? false
    digits = Array(digits.prefix(keep))
    if roundUp {
      var position = digits.count - 1
      var carry = true
      while carry && position >= 0 {
        let digit = digits[position] + 1
        if digit == 10 {
          digits[position] = 0
          position -= 1
        } else {
          digits[position] = digit
          carry = false
        }
      }
      if carry {
        digits.insert(1, at: 0)
        exponent += 1
      }
    }
    if digits.allSatisfy({ $0 == 0 }) { return 0 }
    let text = (negative ? "-" : "") + "0." + String(digits.map { Character(Unicode.Scalar($0 + 0x30)) })
      + "e" + String(exponent)
    return Double(text) ?? x
  }

  /// The shortest round-trip decimal digits of a positive finite `x`: value = 0.d1d2… × 10^exponent.
  static func decimalDigits(_ x: Double) -> (digits: [UInt8], exponent: Int)? {
    var digits: [UInt8] = []
    var integerDigits = 0
    var seenPoint = false
    var exponentText = ""
    var inExponent = false
    for byte in x.description.utf8 {
      if inExponent {
        exponentText.append(Character(Unicode.Scalar(byte)))
      } else if byte >= 0x30 && byte <= 0x39 {
        digits.append(byte - 0x30)
        if !seenPoint { integerDigits += 1 }
      } else if byte == 0x2E {
        seenPoint = true
      } else if byte == 0x65 || byte == 0x45 {
        inExponent = true
      } else {
        return nil
      }
    }
    let exponentPart: Int
    if exponentText.isEmpty {
      exponentPart = 0
    } else if let value = Int(exponentText) {
      exponentPart = value
    } else {
      return nil
    }
    var exponent = integerDigits + exponentPart
    while let first = digits.first, first == 0 {
      digits.removeFirst()
      exponent -= 1
    }
    while let last = digits.last, last == 0 { digits.removeLast() }
    if digits.isEmpty { return nil }
    return (digits, exponent)
  }
}

// MARK: - Analysis

extension Expr {
  func collectVariables(into names: inout [String], seen: inout Set<String>) {
    switch self {
    case .number: break
    case .variable(let name, _):
      if seen.insert(name).inserted { names.append(name) }
    case .unary(_, let operand, _):
      operand.collectVariables(into: &names, seen: &seen)
    case .binary(_, let left, let right, _):
      left.collectVariables(into: &names, seen: &seen)
      right.collectVariables(into: &names, seen: &seen)
    case .call(_, let arguments, _):
      for argument in arguments { argument.collectVariables(into: &names, seen: &seen) }
    }
  }

  func collectDivisions(into divisions: inout [(offset: Int, denominator: Expr)]) {
    switch self {
    case .number, .variable: break
    case .unary(_, let operand, _):
      operand.collectDivisions(into: &divisions)
    case .binary(let op, let left, let right, let offset):
      left.collectDivisions(into: &divisions)
      if op == .divide { divisions.append((offset, right)) }
      right.collectDivisions(into: &divisions)
    case .call(_, let arguments, _):
      for argument in arguments { argument.collectDivisions(into: &divisions) }
    }
  }

  /// True when the subtree is built only from operations continuous on their domain.
  var isContinuous: Bool {
    switch self {
    case .number, .variable: return true
    case .unary(_, let operand, _): return operand.isContinuous
    case .binary(let op, let left, let right, _):
      switch op {
      case .add, .subtract, .multiply: return left.isContinuous && right.isContinuous
      case .divide: return false
      case .power:
        if case .number(let n, _) = right, n >= 0, n == n.rounded() { return left.isContinuous }
        return false
      }
    case .call(let function, let arguments, _):
      switch function {
      case .floor, .ceil, .round: return false
      case .abs, .min, .max, .sqrt: return arguments.allSatisfy(\.isContinuous)
      }
    }
  }

  /// Structural equality ignoring offsets (used to spot `x * x`).
  func sameShape(as other: Expr) -> Bool {
    switch (self, other) {
    case (.number(let a, _), .number(let b, _)): return a == b
    case (.variable(let a, _), .variable(let b, _)): return a == b
    case (.unary(let opA, let a, _), .unary(let opB, let b, _)): return opA == opB && a.sameShape(as: b)
    case (.binary(let opA, let la, let ra, _), .binary(let opB, let lb, let rb, _)):
      return opA == opB && la.sameShape(as: lb) && ra.sameShape(as: rb)
    case (.call(let fa, let aa, _), .call(let fb, let ab, _)):
      return fa == fb && aa.count == ab.count && zip(aa, ab).allSatisfy { $0.sameShape(as: $1) }
    default: return false
    }
  }

  /// Interval enclosure of the subtree over `ranges` (unranged variables are unbounded).
  func interval(_ ranges: [String: ClosedRange<Double>]) -> Interval {
    switch self {
    case .number(let value, _):
      return Interval(value)
    case .variable(let name, _):
      guard let range = ranges[name] else { return .entire }
      return Interval(range)
    case .unary(let op, let operand, _):
      let x = operand.interval(ranges)
      return op == .minus ? IntervalMath.negate(x) : x
    case .binary(let op, let left, let right, _):
      let a = left.interval(ranges)
      if op == .multiply && left.sameShape(as: right) { return IntervalMath.integerPower(a, 2) }
      let b = right.interval(ranges)
      switch op {
      case .add: return IntervalMath.add(a, b)
      case .subtract: return IntervalMath.add(a, IntervalMath.negate(b))
      case .multiply: return IntervalMath.multiply(a, b)
      case .divide: return IntervalMath.divide(a, b)
      case .power: return IntervalMath.power(a, b)
      }
    case .call(let function, let arguments, _):
      let intervals = arguments.map { $0.interval(ranges) }
      guard let x = intervals.first else { return .entire }
      switch function {
      case .round:
        return IntervalMath.round(x, decimals: intervals.dropFirst().first ?? Interval(0))
      case .floor: return Interval(lower: x.lower.rounded(.down), upper: x.upper.rounded(.down))
      case .ceil: return Interval(lower: x.lower.rounded(.up), upper: x.upper.rounded(.up))
      case .abs: return IntervalMath.abs(x)
      case .sqrt:
        return Interval(
          lower: Swift.max(x.lower, 0).squareRoot(), upper: Swift.max(x.upper, 0).squareRoot())
      case .min:
        return intervals.dropFirst().reduce(x) {
          Interval(lower: Swift.min($0.lower, $1.lower), upper: Swift.min($0.upper, $1.upper))
        }
      case .max:
        return intervals.dropFirst().reduce(x) {
          Interval(lower: Swift.max($0.lower, $1.lower), upper: Swift.max($0.upper, $1.upper))
        }
      }
    }
  }
}

/// Interval arithmetic on possibly-infinite bounds (0 × ∞ is taken as 0; ∞ − ∞ widens to ±∞).
enum IntervalMath {
  static func negate(_ x: Interval) -> Interval {
    Interval(lower: -x.upper, upper: -x.lower)
  }

  static func add(_ a: Interval, _ b: Interval) -> Interval {
    let lower = a.lower + b.lower
    let upper = a.upper + b.upper
    return Interval(lower: lower.isNaN ? -.infinity : lower, upper: upper.isNaN ? .infinity : upper)
  }

  static func product(_ x: Double, _ y: Double) -> Double {
    x == 0 || y == 0 ? 0 : x * y
  }

  static func multiply(_ a: Interval, _ b: Interval) -> Interval {
    let p = [
      product(a.lower, b.lower), product(a.lower, b.upper), product(a.upper, b.lower), product(a.upper, b.upper),
    ]
    return Interval(lower: p.min() ?? -.infinity, upper: p.max() ?? .infinity)
  }

  static func divide(_ a: Interval, _ b: Interval) -> Interval {
    if b.contains(0) { return .entire }
    return multiply(a, Interval(lower: 1 / b.upper, upper: 1 / b.lower))
  }

  static func abs(_ x: Interval) -> Interval {
    if x.lower >= 0 { return x }
    if x.upper <= 0 { return negate(x) }
    return Interval(lower: 0, upper: Swift.max(-x.lower, x.upper))
  }

  static func integerPower(_ x: Interval, _ n: Int64) -> Interval {
    if n == 0 { return Interval(1) }
    if n < 0 { return divide(Interval(1), integerPower(x, -n)) }
    let lower = Expr.integerPower(x.lower, UInt64(n))
    let upper = Expr.integerPower(x.upper, UInt64(n))
    if n % 2 == 1 { return Interval(lower: lower, upper: upper) }
    if x.contains(0) { return Interval(lower: 0, upper: Swift.max(lower, upper)) }
    return Interval(lower: Swift.min(lower, upper), upper: Swift.max(lower, upper))
  }

  static func power(_ base: Interval, _ exponent: Interval) -> Interval {
    let e = exponent.lower
    if e == exponent.upper && e == e.rounded() && Swift.abs(e) <= 0x1p53 {
      return integerPower(base, Int64(e))
    }
    // x^y is monotone in each argument for x > 0 (or x >= 0 with y > 0): extremes lie on corners.
    if base.lower > 0 || (base.lower >= 0 && exponent.lower > 0) {
      let corners = [
        pow(base.lower, exponent.lower), pow(base.lower, exponent.upper),
        pow(base.upper, exponent.lower), pow(base.upper, exponent.upper),
      ]
      if corners.contains(where: \.isNaN) { return .entire }
      return Interval(lower: corners.min() ?? -.infinity, upper: corners.max() ?? .infinity)
    }
    return .entire
  }

  static func round(_ x: Interval, decimals: Interval) -> Interval {
    let n = decimals.lower
    if n == decimals.upper && n == n.rounded() && n.isFinite {
      let places = Int(Swift.min(Swift.max(n, -400), 400))
      return Interval(
        lower: Expr.roundHalfAwayFromZero(x.lower, decimals: places),
        upper: Expr.roundHalfAwayFromZero(x.upper, decimals: places))
    }
    // Rounding moves a value by at most half a unit of the coarsest place allowed.
    let coarsest = decimals.lower.rounded(.down)
    guard coarsest >= -300 else { return .entire }
    let slack = 0.5 * pow(10, -coarsest)
    return Interval(lower: x.lower - slack, upper: x.upper + slack)
  }
}
