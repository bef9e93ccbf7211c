/// The slips an instructor makes in a course file that the YAML parser reports far from where they
/// are, in its own words, or not at all — found on the raw text before it is parsed, every one in a
/// single run, each at its own line and column with the fix written out:
///
/// - a full-width colon `：` after a key (`prompt：…`), the commonest slip of a Chinese author;
/// - a missing colon after a known key (`kind choice`), which libyaml reports on the next line;
/// - a tab in the indentation (every one, not only the first);
/// - a value starting with `*` (read as a reference to an anchor: `*Tip:*` fails with "undefined
///   alias"), `&` (an anchor name: the word disappears) or `!` (a tag: the word disappears);
/// - ` #` in a plain value (`Order #37 is here`: the rest is a comment, and the value is `Order`);
/// - a full-width comma `，` in a `[list]`, which does not separate items.
///
/// The slips that stop the parser are mended in a copy of the text (same lines), so that lint goes
/// on to find the file's other problems in the same run instead of stopping at the first.
struct YAMLSlips {
  struct Finding {
    var code: String
    var severity: Severity
    var line: Int
    var column: Int
    var key: String
    var args: [String: String]
    /// The whole line as it should read.
    var fix: String? = nil
  }

  var findings: [Finding] = []
  /// The text with the parser-stopping slips mended, when there were any.
  var mended: String?

  /// Every key a course, lexicon or scenario file uses, so that `kind choice` is known to be a key
  /// missing its colon (and a sentence that happens to start with a word is not).
  static let knownKeys: Set<String> = {
    var keys: Set<String> = ["zh", "en", "ug"]
    for object in CourseFormat.allObjects + LexiconFormat.allObjects + [SharedBank.root, SharedBank.includeStep] {
      keys.formUnion(object.known)
    }
    return keys
  }()

  /// Scans `text`.
  static func scan(_ text: String) -> YAMLSlips {
    var result = YAMLSlips()
    let bytes = Array(text.utf8)
    // Line ranges in bytes; a line becomes a String only when it needs a closer look.
    var ranges: [Range<Int>] = []
    var start = 0
    for (i, b) in bytes.enumerated() where b == 0x0A {
      ranges.append(start..<i)
      start = i + 1
    }
    ranges.append(start..<bytes.count)
    var lines = [String](repeating: "", count: ranges.count)
    var mendedAny = false
    let marks = bytes.contains(0x26) || bytes.contains(0x2A)
    let anchors = marks ? Self.names(after: 0x26, in: bytes) : []
    let aliases = marks ? Self.names(after: 0x2A, in: bytes) : []
    /// The indentation under which a block scalar (`|`, `>`) runs: its lines are text, not YAML.
    var blockIndent: Int?
    /// The column of the last `key:` seen at each nesting, to recognise a sibling line missing its colon.
    var siblingColumns: [Int] = []
    /// Indentation widths of the lines so far (to mend a tab to one of them).
    var seenIndents: Set<Int> = [0]

    for n in ranges.indices {
      let lineNo = n + 1
      // Most lines are plain `key: value` or `- item` lines with nothing to say: read in bytes.
      let quick = Self.quickLook(bytes[ranges[n]])
      if let b = blockIndent {
        if quick.blank || quick.indent > b { continue }
        blockIndent = nil
      }
      if !quick.needsLook {
        if quick.blank || quick.comment { continue }
        seenIndents.insert(quick.indent)
        if quick.keyColon { Self.remember(quick.contentColumn, in: &siblingColumns) }
        if quick.blockValue { blockIndent = quick.indent }
        continue
      }
      var line = String(decoding: bytes[ranges[n]], as: UTF8.self)
      lines[n] = line
      let indentChars = line.prefix { $0 == " " || $0 == "\t" }
      let indent = indentChars.count
      let body = line.dropFirst(indent)
      if body.isEmpty || body.hasPrefix("#") { continue }
      // Tabs in the indentation: every one.
      if let tab = indentChars.firstIndex(of: "\t") {
        result.add("E008", .error, lineNo, line.distance(from: line.startIndex, to: tab) + 1, "lint.E008.tab")
        // Mended to the width the author most likely saw: a tab stop of 4, 8, 1 or 2, or no width at
        // all, whichever lines the line up with an earlier one (else a tab stop of 4).
        let widths = [4, 8, 1, 2].map { Self.expandedWidth(indentChars, tabStop: $0) } + [indentChars.filter { $0 == " " }.count]
        let width = widths.first { seenIndents.contains($0) } ?? Self.expandedWidth(indentChars, tabStop: 4)
        line = String(repeating: " ", count: width) + body
        lines[n] = line
        mendedAny = true
        result.findings[result.findings.count - 1].fix = line
      }
      seenIndents.insert(line.prefix { $0 == " " }.count)
      if body.hasPrefix("---") || body.hasPrefix("...") { continue }
      // Skip list markers: `- - key: value`.
      var i = line.index(line.startIndex, offsetBy: indent)
      while i < line.endIndex, line[i] == "-", line.index(after: i) < line.endIndex, line[line.index(after: i)] == " " {
        i = line.index(i, offsetBy: 2)
        while i < line.endIndex, line[i] == " " { i = line.index(after: i) }
      }
      let contentColumn = line.distance(from: line.startIndex, to: i) + 1
      let afterMarker = i != line.index(line.startIndex, offsetBy: indent)
      // A key: ASCII word, then `:`, `：` or a space.
      let keyEnd = line[i...].firstIndex { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".")) } ?? line.endIndex
      let key = String(line[i..<keyEnd])
      var valueStart: String.Index?
      if !key.isEmpty, keyEnd < line.endIndex {
        let sep = line[keyEnd]
        let next = line.index(after: keyEnd)
        if sep == ":" && (next == line.endIndex || line[next] == " ") {
          valueStart = next
          Self.remember(contentColumn, in: &siblingColumns)
        } else if sep == "：", knownKeys.contains(key) || siblingColumns.contains(contentColumn) || contentColumn == 1 {
          let column = line.distance(from: line.startIndex, to: keyEnd) + 1
          let value = line[next...].drop { $0 == " " }
          result.add(
            "E043", .error, lineNo, column, "lint.E043.fullWidthColon",
            ["key": key, "fixed": key + ": " + Self.clip(String(value))])
          line = String(line[..<keyEnd]) + ": " + String(value)
          lines[n] = line
          mendedAny = true
          result.findings[result.findings.count - 1].fix = line
          valueStart = line.index(keyEnd, offsetBy: 1)
          Self.remember(contentColumn, in: &siblingColumns)
        } else if sep == " ", !afterMarker, knownKeys.contains(key), !line[keyEnd...].contains(":"), !line[keyEnd...].contains("："),
          siblingColumns.contains(contentColumn)
        {
          // `kind choice`: a known key, a space, a value, and no colon anywhere on the line, where a
          // sibling key stands.
          let value = line[next...].drop { $0 == " " }
          result.add(
            "E044", .error, lineNo, line.distance(from: line.startIndex, to: keyEnd) + 1, "lint.E044.missingColon",
            ["key": key, "fixed": key + ": " + Self.clip(String(value))])
          line = String(line[..<keyEnd]) + ":" + String(line[keyEnd...])
          lines[n] = line
          mendedAny = true
          result.findings[result.findings.count - 1].fix = line
          valueStart = line.index(keyEnd, offsetBy: 1)
        }
      }
      if valueStart == nil, afterMarker { valueStart = i }  // `- value`
      guard let vs = valueStart else { continue }
      var v = vs
      while v < line.endIndex, line[v] == " " { v = line.index(after: v) }
      guard v < line.endIndex else { continue }
      let valueColumn = line.distance(from: line.startIndex, to: v) + 1
      let value = String(line[v...])
      let first = line[v]
      if first == "|" || first == ">" {
        blockIndent = indent
        continue
      }
      let keyPrefix = key.isEmpty || afterMarker && valueStart == i ? "- " : key + ": "
      let quotedLine = String(line[..<v]) + Self.quoted(value)
      switch first {
      case "*":
        let name = Self.anchorName(value.dropFirst())
        if !anchors.contains(name) {
          result.add("E045", .error, lineNo, valueColumn, "lint.E045.star", ["fixed": keyPrefix + Self.quoted(value)], fix: quotedLine)
          line = String(line[..<v]) + Self.quoted(value)
          lines[n] = line
          mendedAny = true
        }
        continue
      case "&":
        let name = Self.anchorName(value.dropFirst())
        if !aliases.contains(name) {
          result.add(
            "W014", .warning, lineNo, valueColumn, "lint.W014.ampersand", ["word": "&" + name, "fixed": keyPrefix + Self.quoted(value)],
            fix: quotedLine)
        }
        continue
      case "!":
        result.add(
          "W014", .warning, lineNo, valueColumn, "lint.W014.bang",
          ["word": Self.clip(String(value.prefix { $0 != " " })), "fixed": keyPrefix + Self.quoted(value)], fix: quotedLine)
        continue
      case "[":
        // Only between ASCII words (`[zh，en]`, `[R31，R25]`): between Chinese words the `，` is
        // usually part of one item's text (`[葡萄59.9元，别退出直播间]`).
        if let comma = Self.unquotedIndex(of: "，", in: value), Self.asciiWordsAround(comma, in: value) {
          result.add("W015", .warning, lineNo, valueColumn + value.distance(from: value.startIndex, to: comma), "lint.W015.wideComma")
        }
        continue
      case "\"", "'", "{":
        continue
      default:
        break
      }
      // ` #` in a plain value, followed by text: a comment the author did not mean.
      if let hash = value.range(of: " #"), hash.upperBound < value.endIndex, value[hash.upperBound] != " " {
        let column = valueColumn + value.distance(from: value.startIndex, to: hash.lowerBound) + 1
        result.add(
          "W016", .warning, lineNo, column, "lint.W016.hashCutsValue",
          ["kept": Self.clip(String(value[..<hash.lowerBound])), "fixed": keyPrefix + Self.quoted(value)], fix: quotedLine)
      }
    }
    if mendedAny {
      for n in ranges.indices where lines[n].isEmpty && !ranges[n].isEmpty {
        lines[n] = String(decoding: bytes[ranges[n]], as: UTF8.self)
      }
      result.mended = lines.joined(separator: "\n")
    }
    return result
  }

  /// What a line is, read in bytes: enough to keep the scan's state, and whether it could hold a
  /// slip (a tab, a `：` or `，`, `*` `&` `!` `#`, or a known key with a space and no colon).
  struct Quick {
    var blank = false
    var comment = false
    var indent = 0
    var contentColumn = 1
    var keyColon = false
    var blockValue = false
    var needsLook = false
  }

  static func quickLook(_ line: ArraySlice<UInt8>) -> Quick {
    var q = Quick()
    var i = line.startIndex
    while i < line.endIndex, line[i] == 0x20 || line[i] == 0x09 {
      if line[i] == 0x09 { q.needsLook = true }
      i += 1
    }
    q.indent = i - line.startIndex
    if i == line.endIndex || line[i] == 0x0D {
      q.blank = true
      return q
    }
    if line[i] == 0x23 {
      q.comment = true
      return q
    }
    // List markers, then an ASCII key.
    while i + 1 < line.endIndex, line[i] == 0x2D, line[i + 1] == 0x20 {
      i += 2
      while i < line.endIndex, line[i] == 0x20 { i += 1 }
    }
    q.contentColumn = i - line.startIndex + 1
    var k = i
    while k < line.endIndex, isKeyByte(line[k]) { k += 1 }
    var value: Int?
    if k > i, k < line.endIndex, line[k] == 0x3A, k + 1 == line.endIndex || line[k + 1] == 0x20 {
      q.keyColon = true
      value = k + 1
    } else if k > i, k + 2 < line.endIndex, line[k] == 0xEF, line[k + 1] == 0xBC, line[k + 2] == 0x9A {
      q.needsLook = true  // `key：`
    } else if k > i, k < line.endIndex, line[k] == 0x20, !line[k...].contains(0x3A) {
      q.needsLook = true  // `kind choice`?
    } else if q.contentColumn > q.indent + 1 {
      value = i  // `- item`
    }
    guard var v = value else { return q }
    while v < line.endIndex, line[v] == 0x20 { v += 1 }
    guard v < line.endIndex else { return q }
    switch line[v] {
    case 0x7C, 0x3E: q.blockValue = true  // | >
    case 0x2A, 0x26, 0x21: q.needsLook = true  // * & !
    case 0x5B: if line[v...].contains(0xEF) { q.needsLook = true }  // `[…，…]`
    default: break
    }
    // ` #` followed by text in a plain value.
    var j = v
    while j + 2 < line.endIndex {
      if line[j] == 0x20, line[j + 1] == 0x23, line[j + 2] != 0x20 {
        q.needsLook = true
        break
      }
      j += 1
    }
    return q
  }

  static func isKeyByte(_ b: UInt8) -> Bool {
    (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D || b == 0x2E
  }

  mutating func add(
    _ code: String, _ severity: Severity, _ line: Int, _ column: Int, _ key: String, _ args: [String: String] = [:], fix: String? = nil
  ) {
    findings.append(Finding(code: code, severity: severity, line: line, column: column, key: key, args: args, fix: fix))
  }

  /// The width of an indentation of spaces and tabs with tabs to the next multiple of `tabStop`.
  static func expandedWidth(_ indent: Substring, tabStop: Int) -> Int {
    var w = 0
    for c in indent { w = c == "\t" ? (w / tabStop + 1) * tabStop : w + 1 }
    return w
  }

  static func remember(_ column: Int, in columns: inout [Int]) {
    columns.removeAll { $0 > column }
    if !columns.contains(column) { columns.append(column) }
  }

  /// Anchor or alias names used in `bytes` after `mark` (`&name`, `*name`), read in bytes.
  static func names(after mark: UInt8, in bytes: [UInt8]) -> Set<String> {
    var out: Set<String> = []
    var i = 0
    while i < bytes.count {
      guard bytes[i] == mark else {
        i += 1
        continue
      }
      var j = i + 1
      while j < bytes.count, !isNameEnd(bytes[j]) { j += 1 }
      if j > i + 1 { out.insert(String(decoding: bytes[(i + 1)..<j], as: UTF8.self)) }
      i = j  // on past the name: `&&&&…` is read once, not once per `&`
    }
    return out
  }

  /// Whitespace and `, [ ] { }` end an anchor's name.
  static func isNameEnd(_ b: UInt8) -> Bool {
    b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x2C || b == 0x5B || b == 0x5D || b == 0x7B || b == 0x7D
  }

  static func anchorName(_ s: Substring) -> String {
    String(s.prefix { !$0.isWhitespace && !",[]{}".contains($0) })
  }

  /// `text` as a double-quoted YAML string.
  static func quoted(_ text: String) -> String {
    var out = "\""
    for c in text.trimmingSpaces {
      switch c {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      default: out.append(c)
      }
    }
    return out + "\""
  }

  /// Whether the characters either side of `index` (spaces skipped) are ASCII letters or digits.
  static func asciiWordsAround(_ index: String.Index, in text: String) -> Bool {
    let before = text[..<index].reversed().first { $0 != " " }
    let after = text[text.index(after: index)...].first { $0 != " " }
    guard let before, let after else { return false }
    return before.isASCII && (before.isLetter || before.isNumber) && after.isASCII && (after.isLetter || after.isNumber)
  }

  static func clip(_ s: String) -> String { s.count > 60 ? String(s.prefix(57)) + "…" : s }

  /// The first `target` outside quotes in `text`.
  static func unquotedIndex(of target: Character, in text: String) -> String.Index? {
    var quote: Character?
    var i = text.startIndex
    while i < text.endIndex {
      let c = text[i]
      if let q = quote {
        if c == q { quote = nil }
      } else if c == "\"" || c == "'" {
        quote = c
      } else if c == target {
        return i
      }
      i = text.index(after: i)
    }
    return nil
  }
}
