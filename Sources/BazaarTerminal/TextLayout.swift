import BazaarKit

/// Wraps text to a width in terminal columns: a Chinese character takes two, a combining mark none.
public enum TextLayout {
  /// Characters that must not start a line (Chinese line-breaking rules, 禁则).
  static let noLineStart: Set<Character> = ["，", "。", "、", "；", "：", "？", "！", "）", "」", "』", "】", "》", "…", ",", ".", ";", ":", "?", "!", ")", "%", "％"]

  /// `text` wrapped to `width` columns; `indent` starts every line after the first (and the first
  /// when `indentFirst`). Existing newlines are kept. A width of nil or under 10 means no wrapping.
  public static func wrap(_ text: String, width: Int?, indent: String = "", indentFirst: Bool = false) -> String {
    guard let width, width >= 10 else {
      return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        .map { ($0.offset == 0 && !indentFirst ? "" : indent) + $0.element }.joined(separator: "\n")
    }
    var lines: [String] = []
    for (index, paragraph) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let lead = index == 0 && !indentFirst ? "" : indent
      lines += wrapParagraph(String(paragraph), width: width, firstLead: lead, lead: indent)
    }
    return lines.joined(separator: "\n")
  }

  static func wrapParagraph(_ raw: String, width: Int, firstLead rawFirst: String, lead rawLead: String) -> [String] {
    // Leading spaces of the paragraph are kept, on its first line and its continuation lines.
    let own = String(raw.prefix { $0 == " " })
    let text = String(raw.dropFirst(own.count))
    let firstLead = rawFirst + own
    let lead = rawLead + own
    var lines: [String] = []
    var line = firstLead
    var lineWidth = DisplayWidth.of(firstLead)
    var lineHasText = false
    let leadWidth = DisplayWidth.of(lead)
    // Tokens: a run of non-space Latin characters is one word; each wide character is its own token.
    var tokens: [(text: String, space: Bool)] = []
    var word = ""
    func flushWord() {
      if !word.isEmpty { tokens.append((word, false)); word = "" }
    }
    for ch in text {
      if noLineStart.contains(ch), word.isEmpty, let last = tokens.last, !last.space {
        // Glue closing punctuation to what precedes it, so it never starts a line.
        tokens[tokens.count - 1].text.append(ch)
        continue
      }
      if ch == " " {
        flushWord()
        tokens.append((" ", true))
      } else if ch.unicodeScalars.first.map({ DisplayWidth.of($0) == 2 }) == true {
        flushWord()
        tokens.append((String(ch), false))
      } else {
        word.append(ch)
      }
    }
    flushWord()
    for token in tokens {
      let w = DisplayWidth.of(token.text)
      if token.space {
        if lineHasText && lineWidth + 1 <= width { line += " "; lineWidth += 1 }
        continue
      }
      if lineHasText && lineWidth + w > width {
        while line.hasSuffix(" ") { line.removeLast() }
        lines.append(line)
        line = lead
        lineWidth = leadWidth
        lineHasText = false
      }
      // A single token wider than the line is cut by columns.
      if !lineHasText && lineWidth + w > width && w > width - leadWidth {
        for ch in token.text {
          let cw = DisplayWidth.of(String(ch))
          if lineWidth + cw > width && lineHasText {
            lines.append(line)
            line = lead
            lineWidth = leadWidth
          }
          line.append(ch)
          lineWidth += cw
          lineHasText = true
        }
        continue
      }
      line += token.text
      lineWidth += w
      lineHasText = true
    }
    while line.hasSuffix(" ") { line.removeLast() }
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
