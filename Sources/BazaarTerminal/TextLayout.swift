import BazaarKit

/// Wraps text to a width in terminal columns: a Chinese character takes two, a combining mark none.
public enum TextLayout {
  /// Characters that must not start a line (Chinese line-breaking rules, 禁则): closing brackets and
  /// quotes, and punctuation that belongs to what comes before it.
  static let noLineStart: Set<Character> = [
    "，", "。", "、", "；", "：", "？", "！", "）", "」", "』", "】", "》", "〉", "〕", "〗", "〙", "］", "｝", "”", "’", "…", "‥",
    "・", "·", "〜", "～", "％", "‰", "℃", "°", "．", "｡", "､", "ー", "ゝ", "ゞ", "々",
    ",", ".", ";", ":", "?", "!", ")", "]", "}", "%",
  ]

  /// Characters that must not end a line: opening brackets and quotes, and signs that belong to
  /// what follows them.
  static let noLineEnd: Set<Character> = [
    "（", "「", "『", "【", "《", "〈", "〔", "〖", "〘", "［", "｛", "“", "‘", "￥", "＄", "(", "[", "{", "¥", "$", "£", "€",
  ]

  /// Straight quotes open or close depending on where they stand: never break next to one.
  static let ambiguousQuote: Set<Character> = ["\"", "'", "＂", "＇"]

  /// Characters written in pairs that must not be split across lines (——, ……).
  static let noSplitPair: Set<Character> = ["—", "…", "‥", "－"]

  /// `text` wrapped to `width` columns; `indent` starts every line after the first (and the first
  /// when `indentFirst`). `hanging` is added to `indent` on continuation lines and on the lines of
  /// later paragraphs, so that they stand under the text after a label: pass spaces as wide as the
  /// label (`hangingIndent(for:)`). Existing newlines are kept; leading spaces of a paragraph are
  /// kept on its continuation lines too. A width of nil or under 10 means no wrapping.
  public static func wrap(_ text: String, width: Int?, indent: String = "", indentFirst: Bool = false, hanging: String = "") -> String {
    let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard let width, width >= 10 else {
      return paragraphs.enumerated()
        .map { ($0.offset == 0 ? (indentFirst ? indent : "") : indent + hanging) + $0.element }.joined(separator: "\n")
    }
    var lines: [String] = []
    for (index, paragraph) in paragraphs.enumerated() {
      let first = index == 0 ? (indentFirst ? indent : "") : indent + hanging
      // A list item (`· …`, `1. …`, `2、…`) hangs its continuation lines under its text (unless the
      // caller gave the hanging indent of a label already).
      let item = hanging.isEmpty ? bulletMarker(paragraph).map(hangingIndent(for:)) ?? "" : ""
      lines += wrapParagraph(String(paragraph), width: width, firstLead: first, lead: indent + hanging + item)
    }
    return lines.joined(separator: "\n")
  }

  /// The list marker a paragraph starts with (`· `, `• `, `- `, `* `, `1. `, `2、`, `(3) `, `（4）`),
  /// or nil. Leading spaces are not part of it: they are kept on continuation lines anyway.
  static func bulletMarker(_ paragraph: Substring) -> String? {
    let body = paragraph.drop { $0 == " " }
    for m in ["· ", "• ", "- ", "* ", "·", "•"] where body.hasPrefix(m) && body.count > m.count { return m }
    let digits = body.prefix { $0.isASCII && $0.isNumber }
    guard !digits.isEmpty, digits.count <= 2 else {
      for (open, close) in [("(", ") "), ("（", "）")] where body.hasPrefix(open) {
        let inner = body.dropFirst(open.count).prefix { $0.isASCII && $0.isNumber }
        if !inner.isEmpty, inner.count <= 2, body.dropFirst(open.count + inner.count).hasPrefix(close) {
          return open + inner + close
        }
      }
      return nil
    }
    let after = body.dropFirst(digits.count)
    for sep in [". ", "、", ") ", "）"] where after.hasPrefix(sep) { return digits + sep }
    return nil
  }

  /// Spaces as wide as `prefix` (colour codes take no columns, a Chinese character two): the indent
  /// that puts continuation lines under the text following `prefix`.
  public static func hangingIndent(for prefix: String) -> String {
    String(repeating: " ", count: DisplayWidth.of(prefix))
  }

  /// One visible character with the colour codes that go with it (before and after), or only codes.
  struct Piece {
    var before = ""
    var char: Character?
    var after = ""
    var width = 0
    var text: String { before + (char.map(String.init) ?? "") + after }
    /// What is kept when the piece is a space dropped at a line break: its colour codes.
    var codes: String { before + after }
    var isSpace: Bool { char == " " }
  }

  /// A run of pieces no line may break inside, and the spaces before it (dropped at a break).
  struct Atom {
    var gap: [Piece] = []
    var pieces: [Piece] = []
    var width: Int { pieces.reduce(0) { $0 + $1.width } }
    var gapWidth: Int { gap.reduce(0) { $0 + $1.width } }
    /// The last visible character.
    var last: Character? { pieces.last { $0.char != nil }?.char }
  }

  /// The paragraph as pieces: each visible character with its colour codes. A reset code goes with
  /// the character before it, every other code with the character after it.
  static func pieces(_ text: String) -> [Piece] {
    var pieces: [Piece] = []
    var pending = ""
    var escape = ""
    var inEscape = false
    var sawBracket = false
    func finishEscape() {
      let isReset = escape == "\u{1B}[0m" || escape == "\u{1B}[m"
      if isReset, pending.isEmpty, !pieces.isEmpty {
        pieces[pieces.count - 1].after += escape
      } else {
        pending += escape
      }
      escape = ""
      inEscape = false
    }
    for ch in text {
      if inEscape {
        escape.append(ch)
        if !sawBracket {
          sawBracket = true
          if ch != "[" { finishEscape() }
        } else if let v = ch.unicodeScalars.first?.value, (0x40...0x7E).contains(v) {
          finishEscape()
        }
        continue
      }
      if ch == "\u{1B}" {
        inEscape = true
        sawBracket = false
        escape = String(ch)
        continue
      }
      pieces.append(Piece(before: pending, char: ch, width: DisplayWidth.of(String(ch))))
      pending = ""
    }
    pending += escape
    if !pending.isEmpty {
      if pieces.isEmpty { pieces.append(Piece(before: pending)) } else { pieces[pieces.count - 1].after += pending }
    }
    return pieces
  }

  static func isWide(_ ch: Character) -> Bool {
    ch.unicodeScalars.first.map { DisplayWidth.of($0) == 2 } == true
  }

  /// Whether a line may break between `a` and `b` standing side by side with no space between:
  /// only next to a wide (Chinese) character, never after an opening bracket or before a closing
  /// one or punctuation, never next to a straight quote, never inside —— or …….
  static func mayBreak(between a: Character, and b: Character) -> Bool {
    guard isWide(a) || isWide(b) else { return false }
    if noLineEnd.contains(a) || noLineStart.contains(b) { return false }
    if ambiguousQuote.contains(a) || ambiguousQuote.contains(b) { return false }
    if a == b && noSplitPair.contains(a) { return false }
    return true
  }

  /// Whether a line may break at spaces between `a` and `b`: not after an opening bracket, not
  /// before a closing one or punctuation.
  static func mayBreak(acrossSpaceBetween a: Character, and b: Character) -> Bool {
    !noLineEnd.contains(a) && !noLineStart.contains(b)
  }

  /// The paragraph cut into atoms at every place a line may break.
  static func atoms(_ text: String) -> [Atom] {
    var atoms: [Atom] = []
    var current = Atom()
    var gap: [Piece] = []
    for piece in pieces(text) {
      if piece.isSpace {
        gap.append(piece)
        continue
      }
      guard let b = piece.char, let a = current.last else {
        // Colour codes alone, or the first character: nothing to break before.
        if current.pieces.isEmpty { current.gap = gap } else { current.pieces += gap }
        gap = []
        current.pieces.append(piece)
        continue
      }
      let breakable = gap.isEmpty ? mayBreak(between: a, and: b) : mayBreak(acrossSpaceBetween: a, and: b)
      if breakable {
        atoms.append(current)
        current = Atom(gap: gap)
      } else {
        current.pieces += gap
      }
      gap = []
      current.pieces.append(piece)
    }
    // Trailing spaces are dropped; their colour codes are kept.
    let codes = gap.map(\.codes).joined()
    if !codes.isEmpty { current.pieces.append(Piece(before: codes)) }
    if !current.pieces.isEmpty || !current.gap.isEmpty { atoms.append(current) }
    return atoms
  }

  static func wrapParagraph(_ raw: String, width: Int, firstLead rawFirst: String, lead rawLead: String) -> [String] {
    // Leading spaces of the paragraph are kept, on its first line and its continuation lines.
    let own = String(raw.prefix { $0 == " " })
    let text = String(raw.dropFirst(own.count))
    let firstLead = rawFirst + own
    var lead = rawLead + own
    // A hanging indent leaves at least half the line for text.
    if DisplayWidth.of(lead) > width / 2, lead.allSatisfy({ $0 == " " }) {
      lead = String(repeating: " ", count: width / 2)
    }
    let leadWidth = DisplayWidth.of(lead)
    var lines: [String] = []
    var line = firstLead
    var lineWidth = DisplayWidth.of(firstLead)
    var lineHasText = false
    func newLine() {
      lines.append(line)
      line = lead
      lineWidth = leadWidth
      lineHasText = false
    }
    for atom in atoms(text) {
      let w = atom.width
      if lineHasText && lineWidth + atom.gapWidth + w > width {
        line += atom.gap.map(\.codes).joined()
        newLine()
      } else if lineHasText {
        line += atom.gap.map(\.text).joined()
        lineWidth += atom.gapWidth
      } else {
        line += atom.gap.map(\.codes).joined()
      }
      // An atom wider than a whole line is cut by columns.
      if !lineHasText && lineWidth + w > width {
        for piece in atom.pieces {
          if lineHasText && lineWidth + piece.width > width { newLine() }
          line += piece.text
          lineWidth += piece.width
          if piece.char != nil { lineHasText = true }
        }
        continue
      }
      line += atom.pieces.map(\.text).joined()
      lineWidth += w
      if atom.pieces.contains(where: { $0.char != nil }) { lineHasText = true }
    }
    if !lineHasText { while line.hasSuffix(" ") { line.removeLast() } }
    lines.append(line)
    return lines
  }
}

/// ANSI styles, applied only when colour is on.
public struct Style: Sendable {
  /// Whether to emit escape codes at all.
  public let enabled: Bool
  public init(enabled: Bool) { self.enabled = enabled }
  func wrap(_ s: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
  public func bold(_ s: String) -> String { wrap(s, "1") }
  public func dim(_ s: String) -> String { wrap(s, "2") }
  public func good(_ s: String) -> String { wrap(s, "32") }
  public func bad(_ s: String) -> String { wrap(s, "31") }
  public func warn(_ s: String) -> String { wrap(s, "33") }
  public func accent(_ s: String) -> String { wrap(s, "36") }
}
