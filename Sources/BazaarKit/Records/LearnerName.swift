import Foundation

/// A learner's name, checked and normalised, and the file name it is kept under.
///
/// Names are any Unicode text a trainee types: `迪丽努尔`, `Dilinur`, `مىھرىگۈل`, `Ali / Veli`, emoji.
///
/// **Normalisation** (what makes two typed names the same learner):
/// 1. Unicode NFC, so a name typed with a precomposed `é` and one typed as `e` + combining accent
///    are the same;
/// 2. surrounding white space trimmed, and every run of white space inside (spaces, ideographic
///    spaces, tabs, no-break spaces) replaced by one ordinary space;
/// 3. for the *identity* only, letters lower-cased: `Dilnur`, `dilnur` and `DILNUR` are **one
///    learner** (trainees on shared PCs do not always type a capital the same way twice, and a
///    fresh start would look like lost progress). The name as first saved is what Bazaar shows.
///
/// **Validation**: a name must not be empty after trimming, must not contain control characters
/// (white space such as tab, newline, U+0085 or U+2028 is not an error: it is normalised as above)
/// or text-direction embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069: they make a
/// name display as something else, e.g. in "already learning" messages), and may be at most
/// ``maxCharacters`` characters (and ``maxBytes`` bytes) long.
///
/// **File names**: see ``fileStem``.
public struct LearnerName: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
  /// The name as shown: NFC, trimmed, inner white space collapsed; letter case as typed.
  public let display: String
  /// The identity: ``display`` lower-cased (NFC). Two names with the same key are one learner.
  public let key: String

  /// Longest name accepted, in characters (grapheme clusters).
  public static let maxCharacters = 256
  /// Longest name accepted, in UTF-8 bytes (bounds names built of many combining marks).
  public static let maxBytes = 1024
  /// Longest file stem made from a name, in UTF-8 bytes. Leaves room on ext4 (255 bytes per
  /// name) for `.json.corrupt-YYYYMMDDTHHMMSSZ-NN` and for temporary files.
  public static let maxStemBytes = 200

  /// Checks and normalises `raw`.
  public init(_ raw: String) throws(LearnerNameError) {
    let display = Self.normalized(raw)
    if display.isEmpty { throw .empty }
    var position = 0
    for character in display {
      position += 1
      for scalar in character.unicodeScalars where Self.isForbidden(scalar) {
        throw .forbiddenCharacter(codePoint: scalar.value, position: position)
      }
    }
    let count = display.count
    if count > Self.maxCharacters || display.utf8.count > Self.maxBytes {
      throw .tooLong(characters: count, limit: Self.maxCharacters)
    }
    self.display = display
    self.key = Self.identity(ofNormalized: display)
  }

  /// The file stem (no extension) this learner's files are named with; see ``fileStem(for:)``.
  public var fileStem: String { FileNameEncoding.encode(key, maxBytes: Self.maxStemBytes) }

  public var description: String { display }

  public static func == (a: LearnerName, b: LearnerName) -> Bool { a.key == b.key }
  public func hash(into hasher: inout Hasher) { hasher.combine(key) }
  public static func < (a: LearnerName, b: LearnerName) -> Bool {
    a.key == b.key ? false : (a.key, a.display) < (b.key, b.display)
  }

  /// Encodes as the display string.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(display)
  }

  /// Decodes from a string, validating it.
  public init(from decoder: any Decoder) throws {
    let raw = try decoder.singleValueContainer().decode(String.self)
    do { self = try LearnerName(raw) } catch {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
    }
  }

  // MARK: - Normalisation

  /// NFC; trimmed; each inner run of white space replaced by one U+0020.
  public static func normalized(_ raw: String) -> String {
    // ASCII is its own NFC (and Foundation's normalisation is slow to start).
    let nfc = raw.utf8.allSatisfy({ $0 < 0x80 }) ? raw : raw.precomposedStringWithCanonicalMapping
    var out = ""
    out.unicodeScalars.reserveCapacity(nfc.unicodeScalars.count)
    var pendingSpace = false
    for scalar in nfc.unicodeScalars {
      if scalar.properties.isWhitespace {
        pendingSpace = !out.isEmpty
        continue
      }
      if pendingSpace { out.unicodeScalars.append(" ") }
      pendingSpace = false
      out.unicodeScalars.append(scalar)
    }
    return out
  }

  /// The identity of an already normalised name: lower-cased, NFC again.
  static func identity(ofNormalized name: String) -> String {
    let lower = name.lowercased()
    return lower.utf8.allSatisfy({ $0 < 0x80 }) ? lower : lower.precomposedStringWithCanonicalMapping
  }

  /// The file stem for any text typed as a name, valid or not: the same normalisation as
  /// ``init(_:)`` (NFC, white space, lower case), then ``FileNameEncoding/encode(_:maxBytes:)``
  /// with ``maxStemBytes``.
  ///
  /// The stem never contains `/`, `\`, NUL, control characters, `.` or `%` other than as an
  /// escape, never starts with `.`, is at most 200 bytes, and keeps letters, marks and digits of
  /// every script readable (`迪丽努尔`, `dilinur`, `ali_%2F_veli`). Different learners (different
  /// keys) always get different stems.
  public static func fileStem(for raw: String) -> String {
    FileNameEncoding.encode(identity(ofNormalized: normalized(raw)), maxBytes: maxStemBytes)
  }

  static func isForbidden(_ s: Unicode.Scalar) -> Bool {
    switch s.properties.generalCategory {
    case .control, .lineSeparator, .paragraphSeparator, .surrogate: return true
    default: break
    }
    switch s.value {
    case 0x202A...0x202E, 0x2066...0x2069: return true  // bidi embeddings, overrides, isolates
    case 0xFFFE, 0xFFFF: return true
    default: return false
    }
  }
}

/// Why a name was refused; the message says what to type instead.
public enum LearnerNameError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Nothing left after trimming white space.
  case empty
  /// A control character or direction override, with its code point and 1-based character position.
  case forbiddenCharacter(codePoint: UInt32, position: Int)
  /// Longer than ``LearnerName/maxCharacters``.
  case tooLong(characters: Int, limit: Int)

  public var description: String {
    switch self {
    case .empty:
      return "the name is empty; type your name, e.g. Dilnur or 迪丽努尔"
    case .forbiddenCharacter(let cp, let pos):
      let hex = String(cp, radix: 16, uppercase: true)
      let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
      return "the name contains an invisible control character (\(code), character \(pos)); type the name again using letters, digits and spaces"
    case .tooLong(let n, let limit):
      return "the name is \(n) characters long; use at most \(limit)"
    }
  }
}

/// An injective, file-system-safe encoding of text into one path component.
///
/// - Unicode letters, combining marks and digits of any script, and ASCII `-`, are kept;
/// - a space becomes `_`;
/// - every other scalar — including `%`, `_`, `.`, `/`, `\`, `:`, `~`, NUL, control characters,
///   punctuation, symbols and emoji — becomes `%XX` for each of its UTF-8 bytes (upper-case hex);
/// - names of Windows devices (`con`, `nul`, `com1`…) get their last letter escaped, so the data
///   folder can be copied to a FAT USB stick.
///
/// Because `%` and `_` are always escaped, the result decodes back to exactly one input: the
/// encoding is injective. If the result is longer than `maxBytes`, it is cut at a character or
/// escape boundary and `~` plus 32 hex digits of the SHA-256 of the whole input are appended;
/// `~` never appears in an uncut result, so cut and uncut results never collide, and two cut
/// results collide only if SHA-256 (128 bits of it) does. The empty text encodes as `~`.
public enum FileNameEncoding {
  /// Encodes `text` into at most `maxBytes` bytes of UTF-8 (`maxBytes` ≥ 48).
  public static func encode(_ text: String, maxBytes: Int) -> String {
    if text.isEmpty { return "~" }  // never produced otherwise: `~` only appears before a 32-digit hash
    var tokens: [String] = []
    tokens.reserveCapacity(text.unicodeScalars.count)
    for scalar in text.unicodeScalars {
      if scalar == " " {
        tokens.append("_")
      } else if isKept(scalar) {
        tokens.append(String(Character(scalar)))
      } else {
        tokens.append(escaped(scalar))
      }
    }
    if let last = tokens.indices.last, isWindowsDevice(text) {
      tokens[last] = escaped(text.unicodeScalars.last ?? "_")
    }
    let full = tokens.joined()
    if full.utf8.count <= maxBytes { return full }
    let suffix = "~" + String(Digest.sha256Hex(Array(text.utf8)).prefix(32))
    let budget = max(0, maxBytes - suffix.utf8.count)
    var kept = ""
    var used = 0
    for t in tokens {
      let n = t.utf8.count
      if used + n > budget { break }
      kept += t
      used += n
    }
    return kept + suffix
  }

  /// Decodes an uncut result of ``encode(_:maxBytes:)``; nil if it is not one.
  public static func decode(_ stem: String) -> String? {
    if stem == "~" { return "" }
    if stem.contains("~") { return nil }
    var bytes: [UInt8] = []
    var it = Array(stem.utf8)[...]
    while let b = it.first {
      it = it.dropFirst()
      if b == UInt8(ascii: "%") {
        guard it.count >= 2, let hi = hexValue(it[it.startIndex]), let lo = hexValue(it[it.startIndex + 1]) else { return nil }
        bytes.append(hi << 4 | lo)
        it = it.dropFirst(2)
      } else if b == UInt8(ascii: "_") {
        bytes.append(UInt8(ascii: " "))
      } else {
        bytes.append(b)
      }
    }
    return String(validating: bytes, as: UTF8.self)
  }

  static func isKept(_ s: Unicode.Scalar) -> Bool {
    if s.isASCII {
      let v = s.value
      return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x2D
    }
    switch s.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
      .nonspacingMark, .spacingMark, .enclosingMark,
      .decimalNumber, .letterNumber, .otherNumber:
      return true
    default:
      return false
    }
  }

  static func escaped(_ s: Unicode.Scalar) -> String {
    let hex: [Character] = Array("0123456789ABCDEF")
    var out = ""
    for b in String(Character(s)).utf8 {
      out.append("%")
      out.append(hex[Int(b >> 4)])
      out.append(hex[Int(b & 0x0F)])
    }
    return out
  }

  static func hexValue(_ b: UInt8) -> UInt8? {
    switch b {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
    case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
    case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
    default: nil
    }
  }

  static func isWindowsDevice(_ text: String) -> Bool {
    let lower = text.lowercased()
    if ["con", "prn", "aux", "nul"].contains(lower) { return true }
    if lower.count == 4, lower.hasPrefix("com") || lower.hasPrefix("lpt"), let d = lower.last, ("1"..."9").contains(d) { return true }
    return false
  }
}
