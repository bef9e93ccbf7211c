/// A source file's text, prepared for YAML: decoded, BOM and CRLF handled, split into lines.
public struct SourceText: Sendable {
  /// The path as the user gave it.
  public let path: String
  /// The text with any BOM removed and CRLF/CR line endings turned into LF.
  public let text: String

  /// Files larger than this are refused before parsing (course files are a few hundred KB at most).
  public static let maxBytes = 4 * 1024 * 1024

  /// Decodes `bytes` as UTF-8, or returns the diagnostic that says where it is not UTF-8.
  public static func decode(_ bytes: [UInt8], path: String, messages m: MessageCatalog = .english) -> Result<SourceText, Diagnostic> {
    if bytes.count > maxBytes {
      return .failure(
        Diagnostic(
          code: "E002", severity: .error, location: SourceLocation(path: path, line: 1, column: 1),
          message: m.text("lint.E002.tooBig", ["size": megabytes(bytes.count), "limit": megabytes(maxBytes)])
        ))
    }
    var body = bytes[...]
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
    if body.starts(with: [0xFF, 0xFE]) || body.starts(with: [0xFE, 0xFF]) {
      return .failure(
        Diagnostic(
          code: "E003", severity: .error, location: SourceLocation(path: path, line: 1, column: 1),
          message: m.text("lint.E003.utf16"))
      )
    }
    let decoded = body.withContiguousStorageIfAvailable { String(validating: $0, as: UTF8.self) } ?? nil
    if decoded == nil, let bad = firstInvalidUTF8(body) {
      let prefix = body[body.startIndex..<bad]
      let line = prefix.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
      let lineStart = prefix.lastIndex(of: 0x0A).map { $0 + 1 } ?? body.startIndex
      let column = String(decoding: body[lineStart..<bad], as: UTF8.self).count + 1
      return .failure(
        Diagnostic(
          code: "E003", severity: .error, location: SourceLocation(path: path, line: line, column: column),
          message: m.text("lint.E003.notUTF8", ["byte": String(body[bad], radix: 16, uppercase: true)])
        ))
    }
    if let at = body.firstIndex(of: 0) {
      let prefix = body[body.startIndex..<at]
      let line = prefix.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
      let lineStart = prefix.lastIndex(of: 0x0A).map { $0 + 1 } ?? body.startIndex
      let column = String(decoding: body[lineStart..<at], as: UTF8.self).count + 1
      return .failure(
        Diagnostic(
          code: "E003", severity: .error, location: SourceLocation(path: path, line: line, column: column),
          message: m.text("lint.E003.nul")))
    }
    var text = decoded ?? String(decoding: body, as: UTF8.self)
    if text.utf8.contains(0x0D) {
      text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
    return .success(SourceText(path: path, text: text))
  }

  /// Wraps text that is already decoded.
  public init(path: String, text: String) {
    self.path = path
    self.text = text
  }

  /// The text of line `n` (1-based), if it exists. Lines are found on demand: only diagnostics need them.
  public func line(_ n: Int) -> String? {
    guard n >= 1 else { return nil }
    let utf8 = text.utf8
    var start = utf8.startIndex
    var current = 1
    while current < n {
      guard let nl = utf8[start...].firstIndex(of: 0x0A) else { return nil }
      start = utf8.index(after: nl)
      current += 1
    }
    let end = utf8[start...].firstIndex(of: 0x0A) ?? utf8.endIndex
    return String(text[start..<end])
  }

  static func megabytes(_ n: Int) -> String {
    let mb = Double(n) / 1_048_576
    return mb < 10 ? String(Double(Int(mb * 10)) / 10) : String(Int(mb))
  }

  private static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
    var i = bytes.startIndex
    let end = bytes.endIndex
    while i < end {
      let b = bytes[i]
      if b < 0x80 { i += 1; continue }
      let need: Int
      if b & 0xE0 == 0xC0, b >= 0xC2 { need = 1 }
      else if b & 0xF0 == 0xE0 { need = 2 }
      else if b & 0xF8 == 0xF0, b <= 0xF4 { need = 3 }
      else { return i }
      if i + need >= end { return i }
      for k in 1...need where bytes[i + k] & 0xC0 != 0x80 { return i }
      // Overlongs and surrogates.
      if need == 2 {
        let b1 = bytes[i + 1]
        if b == 0xE0 && b1 < 0xA0 { return i }
        if b == 0xED && b1 >= 0xA0 { return i }
      } else if need == 3 {
        let b1 = bytes[i + 1]
        if b == 0xF0 && b1 < 0x90 { return i }
        if b == 0xF4 && b1 >= 0x90 { return i }
      }
      i += need + 1
    }
    return nil
  }
}
