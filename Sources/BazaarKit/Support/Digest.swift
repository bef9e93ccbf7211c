import Crypto

/// Content digests for course files (progress and transcripts record which version was used).
public enum Digest {
  /// SHA-256 of `bytes`, as 64 lowercase hex digits.
  public static func sha256Hex(_ bytes: [UInt8]) -> String {
    let hex: [Character] = Array("0123456789abcdef")
    var out = ""
    out.reserveCapacity(64)
    for b in SHA256.hash(data: bytes) {
      out.append(hex[Int(b >> 4)])
      out.append(hex[Int(b & 0x0F)])
    }
    return out
  }
}
