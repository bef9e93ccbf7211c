/// A lexicon pattern: how instructors write a family of phrases once.
///
/// - literal text: `大家好`, `good evening`;
/// - `(a|b|c)`: one of the alternatives, nestable; an empty alternative makes the part optional
///   (`扣(个|)1` is `扣1` or `扣个1`); a `|` outside parentheses separates whole alternatives;
/// - `#`: any number, in Arabic digits (`3`, `39.9`) or Chinese numerals (`三`, `十五`, `两`);
/// - `\(`, `\)`, `\|`, `\#`, `\\`: the character itself.
///
/// A pattern expands into the finite list of phrases it stands for, each normalised like the
/// text it is matched against (``TextNormalizer/normalize(_:)``), with `#` kept as a wildcard.
/// Matching is then the plain scalar search of ``TermMatcher``: no regular-expression engine runs
/// on a host line.
public enum Pattern {
  /// The most phrases one pattern may stand for.
  public static let maxExpansions = 512
  /// The scalar that stands for `#` in an expanded phrase (not a valid Unicode scalar value, so
  /// no text holds it).
  static let numberWildcard: UInt32 = 0xFFFF_FFFF
  /// What `#` becomes before normalisation (a private-use character normalisation keeps).
  private static let placeholder: Unicode.Scalar = "\u{E000}"

  /// Why a pattern cannot be used, with the 1-based column (in characters) where it goes wrong.
  public struct Problem: Error, Sendable, Equatable {
    public enum Kind: String, Sendable {
      /// A `(` with no `)`.
      case unclosed
      /// A `)` with no `(`.
      case unopened
      /// A `\` at the very end.
      case danglingEscape
      /// Nothing to match (every alternative is empty).
      case empty
      /// More than ``maxExpansions`` phrases.
      case tooMany
      /// `##`: two numbers with nothing between them cannot be told apart.
      case adjacentNumbers
    }
    public var kind: Kind
    public var column: Int
  }

  /// Whether `text` uses any pattern syntax (plain words need no parsing).
  public static func isPlain(_ text: String) -> Bool {
    !text.unicodeScalars.contains { $0 == "(" || $0 == ")" || $0 == "|" || $0 == "#" || $0 == "\\" }
  }

  /// The phrases `source` stands for, normalised, as scalar values (`#` as ``numberWildcard``).
  public static func expand(_ source: String) -> Result<[[UInt32]], Problem> {
    switch expandScalars(source) {
    case .success(let p): return .success(p)
    case .failure(var problem):
      // Columns count characters (as an editor does), not Unicode scalars.
      let scalars = Array(source.unicodeScalars)
      let upto = min(max(0, problem.column - 1), scalars.count)
      problem.column = String(String.UnicodeScalarView(scalars[0..<upto])).count + 1
      return .failure(problem)
    }
  }

  private static func expandScalars(_ source: String) -> Result<[[UInt32]], Problem> {
    if isPlain(source) {
      let s = TextNormalizer.normalize(source).unicodeScalars.map(\.value)
      return s.isEmpty ? .failure(Problem(kind: .empty, column: 1)) : .success([s])
    }
    var parser = Parser(Array(source.unicodeScalars))
    let raw: [[Unicode.Scalar]]
    switch parser.alternatives(depth: 0) {
    case .failure(let p): return .failure(p)
    case .success(let r): raw = r
    }
    if parser.i < parser.s.count { return .failure(Problem(kind: .unopened, column: parser.i + 1)) }
    var out: [[UInt32]] = []
    var seen = Set<[UInt32]>()
    for phrase in raw {
      let text = String(String.UnicodeScalarView(phrase))
      let normalized = TextNormalizer.normalize(text).unicodeScalars.map { $0 == placeholder ? numberWildcard : $0.value }
      if normalized.isEmpty { continue }
      for i in normalized.indices.dropFirst() where normalized[i] == numberWildcard && normalized[i - 1] == numberWildcard {
        let s = Array(source.unicodeScalars)
        let at = s.indices.dropFirst().first { s[$0] == "#" && s[$0 - 1] == "#" }.map { $0 } ?? 1
        return .failure(Problem(kind: .adjacentNumbers, column: at))
      }
      if seen.insert(normalized).inserted { out.append(normalized) }
    }
    if out.isEmpty { return .failure(Problem(kind: .empty, column: 1)) }
    return .success(out)
  }

  /// Recursive descent over `alt ('|' alt)*`, where `alt` is a sequence of characters and groups.
  private struct Parser {
    let s: [Unicode.Scalar]
    var i = 0
    init(_ s: [Unicode.Scalar]) { self.s = s }

    mutating func alternatives(depth: Int) -> Result<[[Unicode.Scalar]], Problem> {
      var all: [[Unicode.Scalar]] = []
      while true {
        switch sequence(depth: depth) {
        case .failure(let p): return .failure(p)
        case .success(let seq): all += seq
        }
        if all.count > Pattern.maxExpansions { return .failure(Problem(kind: .tooMany, column: i + 1)) }
        if i < s.count, s[i] == "|" {
          i += 1
          continue
        }
        return .success(all)
      }
    }

    mutating func sequence(depth: Int) -> Result<[[Unicode.Scalar]], Problem> {
      var acc: [[Unicode.Scalar]] = [[]]
      while i < s.count {
        let c = s[i]
        if c == "|" { break }
        if c == ")" {
          if depth == 0 { return .failure(Problem(kind: .unopened, column: i + 1)) }
          break
        }
        if c == "(" {
          let open = i
          i += 1
          let inner: [[Unicode.Scalar]]
          switch alternatives(depth: depth + 1) {
          case .failure(let p): return .failure(p)
          case .success(let r): inner = r
          }
          guard i < s.count, s[i] == ")" else { return .failure(Problem(kind: .unclosed, column: open + 1)) }
          i += 1
          guard acc.count * max(1, inner.count) <= Pattern.maxExpansions else {
            return .failure(Problem(kind: .tooMany, column: open + 1))
          }
          acc = acc.flatMap { head in inner.map { head + $0 } }
          continue
        }
        var literal = c
        if c == "\\" {
          guard i + 1 < s.count else { return .failure(Problem(kind: .danglingEscape, column: i + 1)) }
          i += 1
          literal = s[i]
        } else if c == "#" {
          literal = Pattern.placeholder
        }
        for k in acc.indices { acc[k].append(literal) }
        i += 1
      }
      return .success(acc)
    }
  }
}

extension Pattern.Problem {
  /// The message key of the problem (`lint.pattern.KIND`).
  var messageKey: String { "lint.pattern.\(kind.rawValue)" }
}
