import Crypto

/// Name-based UUIDs (RFC 9562 §5.5, version 5: SHA-1 of a namespace and a name), so the same
/// session and event always give the same statement id, on any PC, in any run.
public enum UUIDv5 {
  /// The UUID for `name` in `namespace` (a UUID in its text form), lower case; nil when
  /// `namespace` is not a UUID.
  public static func make(namespace: String, name: String) -> String? {
    guard let ns = bytes(namespace) else { return nil }
    var sha = Insecure.SHA1()
    sha.update(data: ns)
    sha.update(data: Array(name.utf8))
    var b = Array(sha.finalize().prefix(16))
    b[6] = (b[6] & 0x0F) | 0x50  // version 5
    b[8] = (b[8] & 0x3F) | 0x80  // the RFC's variant
    return text(b)
  }

  /// The 16 bytes of a UUID in its text form (`8-4-4-4-12` hex digits, either case).
  static func bytes(_ uuid: String) -> [UInt8]? {
    let hex = Array(uuid.utf8)
    guard hex.count == 36, [8, 13, 18, 23].allSatisfy({ hex[$0] == UInt8(ascii: "-") }) else { return nil }
    var out: [UInt8] = []
    var high: UInt8?
    for (i, c) in hex.enumerated() where ![8, 13, 18, 23].contains(i) {
      guard let v = nibble(c) else { return nil }
      if let h = high {
        out.append(h << 4 | v)
        high = nil
      } else {
        high = v
      }
    }
    return out.count == 16 ? out : nil
  }

  /// Whether `text` is a UUID in its text form.
  public static func isUUID(_ text: String) -> Bool { bytes(text) != nil }

  static func text(_ b: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for (i, byte) in b.enumerated() {
      if [4, 6, 8, 10].contains(i) { out.append(UInt8(ascii: "-")) }
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  private static func nibble(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}
