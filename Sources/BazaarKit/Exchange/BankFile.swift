#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A question-bank file to import: its format (from the name, else from the text), its text (UTF-8,
/// or GBK/GB18030 as Chinese Windows saves it), and the bank read from it.
public enum BankFormat: String, Sendable, CaseIterable {
  case gift, aiken, moodleXML = "moodle-xml", text, csv, xlsx

  /// The format a file's name says, if it says one.
  public static func fromName(_ path: String) -> BankFormat? {
    let lower = path.lowercased()
    if lower.hasSuffix(".gift") || lower.hasSuffix(".gift.txt") { return .gift }
    if lower.hasSuffix(".aiken") || lower.hasSuffix(".aiken.txt") { return .aiken }
    if lower.hasSuffix(".xml") { return .moodleXML }
    if lower.hasSuffix(".csv") { return .csv }
    if lower.hasSuffix(".xlsx") { return .xlsx }
    return nil
  }

  /// The format of a text file whose name does not say: GIFT has answer blocks in braces, Aiken
  /// `ANSWER:` lines, anything else is read as the Chinese text-bank layout.
  public static func sniff(_ text: String) -> BankFormat {
    var braces = 0
    var aiken = 0
    var numbered = 0
    for line in text.split(separator: "\n").prefix(2000) {
      let t = line.trimmingSpaces
      if t.hasPrefix("ANSWER:") || t.hasPrefix("ANSWER ") { aiken += 1 }
      if t.contains("{") && (t.contains("}") || t.hasSuffix("{")) && !t.hasPrefix("//") { braces += 1 }
      if t.hasPrefix("::") || t.hasPrefix("$CATEGORY") { braces += 1 }
      if TextBankReader.numberedStem(Substring(t)) != nil { numbered += 1 }
    }
    if aiken > 0 && aiken >= braces { return .aiken }
    if braces > 0 && braces >= numbered / 2 { return .gift }
    return .text
  }
}

/// Decoding a bank's bytes.
public enum BankText {
  /// The text of `bytes`: UTF-8 (a BOM dropped), else GB18030 (a superset of GBK and GB2312), which
  /// is how Chinese Windows and WPS save "text" and CSV; nil if it is neither.
  public static func decode(_ bytes: [UInt8]) -> (text: String, encoding: String)? {
    var b = bytes[...]
    if b.starts(with: [0xEF, 0xBB, 0xBF]) { b = b.dropFirst(3) }
    if let s = String(validating: b, as: UTF8.self) { return (s.replacingLineEnds(), "UTF-8") }
    if let s = convert(Array(b), from: "GB18030") { return (s.replacingLineEnds(), "GB18030") }
    return nil
  }

  /// `bytes` converted from `encoding` by the C library's iconv.
  static func convert(_ bytes: [UInt8], from encoding: String) -> String? {
    let cd = iconv_open("UTF-8", encoding)
    guard cd != iconv_t(bitPattern: -1) else { return nil }
    defer { iconv_close(cd) }
    var input = bytes.map { CChar(bitPattern: $0) }
    var output = [CChar](repeating: 0, count: bytes.count * 2 + 16)
    let ok: Bool = input.withUnsafeMutableBufferPointer { inBuf in
      output.withUnsafeMutableBufferPointer { outBuf in
        var inPtr = inBuf.baseAddress
        var inLeft = inBuf.count
        var outPtr = outBuf.baseAddress
        var outLeft = outBuf.count
        let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
        if r == -1 || inLeft != 0 { return false }
        outBuf[outBuf.count - outLeft] = 0
        return true
      }
    }
    guard ok else { return nil }
    let end = output.firstIndex(of: 0) ?? output.endIndex
    return String(decoding: output[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}

extension String {
  /// The text with `\r\n` and lone `\r` line ends as `\n`.
  func replacingLineEnds() -> String {
    guard utf8.contains(13) else { return self }
    var out = ""
    out.reserveCapacity(utf8.count)
    var lastWasCR = false
    for scalar in unicodeScalars {
      if scalar == "\r" {
        out.unicodeScalars.append("\n")
        lastWasCR = true
        continue
      }
      if scalar == "\n", lastWasCR {
        lastWasCR = false
        continue
      }
      lastWasCR = false
      out.unicodeScalars.append(scalar)
    }
    return out
  }
}
