import Crypto

/// Content digests for course files (progress and transcripts record which version was used).
public enum Digest {
  /// SHA-256 of `bytes`, as 64 lowercase hex digits.
  public static func sha256Hex(_ bytes: [UInt8]) -> String {
    let hex: [Character] = Array("0123456789abcdef")
    var out = ""
    out.reserveCapacity(64)
    // Through a buffer pointer: the generic `hash(data:)` costs more at start-up (its conformance
    // look-ups) than hashing a whole course.
    var hasher = SHA256()
    bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
    let digest = hasher.finalize()
    digest.withUnsafeBytes { raw in
      for b in raw {
        out.append(hex[Int(b >> 4)])
        out.append(hex[Int(b & 0x0F)])
      }
    }
    return out
  }
}
