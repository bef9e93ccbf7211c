/// The plain text of a question bank's formatted text: HTML tags dropped (a `<br>` or `</p>` is a
/// line break), entities decoded, runs of blank lines folded. Bazaar shows text on a terminal, so
/// formatting cannot be kept; what it drops is said (`hadImage`).
public enum PlainText {
  /// The text of `html`, and whether an image or media tag was dropped.
  public static func fromHTML(_ html: String) -> (text: String, hadImage: Bool) {
    var out = ""
    var hadImage = false
    // Past the last `>` no `<` opens a tag: found once, so `<<<<…` with no `>` stays linear.
    let lastClose = html.lastIndex(of: ">")
    var i = html.startIndex
    while i < html.endIndex {
      let c = html[i]
      if c == "<", let lastClose, i < lastClose, let close = html[i...].firstIndex(of: ">") {
        let tag = html[html.index(after: i)..<close].lowercased()
        let name = tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }
        switch name {
        case "br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6":
          if name == "br" || tag.hasPrefix("/") { out += "\n" }
        case "img", "audio", "video", "object", "embed", "iframe":
          hadImage = true
        default: break
        }
        i = html.index(after: close)
        continue
      }
      if c == "&", let semi = html[i...].prefix(12).firstIndex(of: ";") {
        let entity = String(html[html.index(after: i)..<semi])
        if let decoded = decode(entity) {
          out += decoded
          i = html.index(after: semi)
          continue
        }
      }
      out.append(c)
      i = html.index(after: i)
    }
    return (tidy(out), hadImage)
  }

  /// Whether `text` looks like HTML (has a tag or an entity).
  public static func looksLikeHTML(_ text: String) -> Bool {
    text.contains("</") || text.contains("<br") || text.contains("<p") || text.contains("<img") || text.contains("&nbsp;")
      || text.contains("&amp;") || text.contains("<b>") || text.contains("<span")
  }

  static func decode(_ entity: String) -> String? {
    switch entity {
    case "amp": return "&"
    case "lt": return "<"
    case "gt": return ">"
    case "quot": return "\""
    case "apos": return "'"
    case "nbsp": return " "
    default: break
    }
    guard entity.hasPrefix("#") else { return nil }
    let digits = entity.dropFirst()
    let value = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
    return value.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
  }

  /// Trims every line's trailing spaces and the text's ends, and folds 3+ line breaks to 2.
  static func tidy(_ text: String) -> String {
    var lines: [Substring] = []
    var blank = 0
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let t = line.trimmingTrailingSpaces
      if t.isEmpty {
        blank += 1
        if blank > 1 { continue }
      } else {
        blank = 0
      }
      lines.append(t)
    }
    return lines.joined(separator: "\n").stripping(" \n\t")
  }
}

extension Substring {
  var trimmingTrailingSpaces: Substring {
    var s = self
    while let last = s.last, last == " " || last == "\t" || last == "\r" || last == "\u{3000}" { s = s.dropLast() }
    return s
  }
}

extension StringProtocol {
  /// The text without `set`'s characters at either end.
  func stripping(_ set: String) -> String {
    var s = Substring(self)
    while let f = s.first, set.contains(f) { s = s.dropFirst() }
    while let l = s.last, set.contains(l) { s = s.dropLast() }
    return String(s)
  }
}
