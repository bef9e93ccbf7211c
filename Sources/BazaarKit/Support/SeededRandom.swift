// Deterministic randomness for Bazaar.
//
// Everything here is specified bit-for-bit so that a transcript recorded today
// can be re-graded years later, on any platform, with any Swift version, and
// reproduce the same choice orders and the same drawn variables. For that
// reason nothing in this file uses `Hasher`, `SystemRandomNumberGenerator`,
// `Int.random(in:using:)` or `shuffled(using:)`: their algorithms belong to the
// standard library and may change. Golden values in `SeededRandomTests` pin the
// algorithms; changing any of them is a breaking change for stored transcripts.

/// A deterministic, platform-independent pseudo-random number generator (SplitMix64).
///
/// The generator is Steele, Lea & Flood's SplitMix64: the 64-bit state is
/// advanced by the golden-ratio increment `0x9E3779B97F4A7C15` and each output
/// is the state passed through the `mix64` finalizer
/// (`z ^= z >> 30; z &*= 0xBF58476D1CE4E5B9; z ^= z >> 27; z &*= 0x94D049BB133111EB; z ^= z >> 31`).
/// It is fast, has a period of 2^64 and passes BigCrush, which is ample for
/// shuffling answer choices and drawing practice numbers. It is *not*
/// cryptographically secure.
public struct SeededRandom: RandomNumberGenerator, Sendable {
  /// The SplitMix64 state; the next output is `mix64(state &+ 0x9E3779B97F4A7C15)`.
  public private(set) var state: UInt64

  /// Creates a generator whose SplitMix64 state starts at `seed`.
  public init(seed: UInt64) {
    state = seed
  }

  /// Creates a generator from text parts, e.g. `SeededRandom(seed: "learner-42", "q-margin-1")`.
  ///
  /// The parts are joined with U+001F (INFORMATION SEPARATOR ONE, which never
  /// appears in ids), hashed with 64-bit FNV-1a over the UTF-8 bytes, and the
  /// hash is then mixed by taking the first SplitMix64 output of a generator
  /// seeded with it; that output becomes the initial state. The mixing step
  /// means seeds whose hashes differ in a single bit still start far apart.
  public init(seed parts: String...) {
    self.init(seed: parts)
  }

  /// Creates a generator from an array of text parts; same algorithm as `init(seed:_:...)`.
  public init(seed parts: [String]) {
    var hasher = StableHash.FNV1a64()
    var first = true
    for part in parts {
      if !first { hasher.combine(byte: 0x1F) }
      first = false
      hasher.combine(part)
    }
    var mixer = SeededRandom(seed: hasher.value)
    self.init(seed: mixer.next())
  }

  /// Returns the next 64 random bits (one SplitMix64 step).
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return SeededRandom.mix64(state)
  }

  /// Returns a uniformly distributed `Double` in `[0, 1)` built from the top 53 bits of `next()`.
  public mutating func unit() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// Returns a uniformly distributed integer in `range`, without modulo bias.
  ///
  /// Algorithm (fixed forever): let `n` be the number of values in the range.
  /// If `n` is 2^64 (the range is `Int.min...Int.max` on a 64-bit platform) the
  /// raw `next()` bits are returned. Otherwise raw draws `r` are rejected while
  /// `r < (2^64 mod n)`, and `lowerBound + r mod n` is returned. Each call
  /// consumes at least one `next()`, so single-value ranges still advance the
  /// stream (keeping later draws independent of range widths).
  public mutating func int(in range: ClosedRange<Int>) -> Int {
    let lower = Int64(range.lowerBound)
    let upper = Int64(range.upperBound)
    let span = UInt64(bitPattern: upper &- lower)  // n - 1, exact in two's complement
    if span == UInt64.max {
      return Int(truncatingIfNeeded: Int64(bitPattern: next()))
    }
    let n = span + 1
    let threshold = (0 &- n) % n  // == 2^64 mod n
    while true {
      let r = next()
      if r >= threshold {
        let offset = Int64(bitPattern: r % n)
        return Int(truncatingIfNeeded: lower &+ offset)
      }
    }
  }

  /// Returns a `Double` drawn uniformly from `range` (consumes exactly one `next()`).
  ///
  /// Computed as `lower + unit() * (upper - lower)`, clamped into the range;
  /// infinite bounds are first clamped to `±Double.greatestFiniteMagnitude`
  /// (and the interpolation rearranged so the width cannot overflow), so the
  /// result is always finite and within `range`.
  public mutating func double(in range: ClosedRange<Double>) -> Double {
    let u = unit()
    let lower = SeededRandom.finiteClamp(range.lowerBound)
    let upper = SeededRandom.finiteClamp(range.upperBound)
    if lower == upper { return lower }
    let width = upper - lower
    let value: Double
    if width.isFinite {
      value = lower + u * width
    } else {
      value = lower * (1 - u) + upper * u
    }
    return Swift.min(Swift.max(value, lower), upper)
  }

  /// Shuffles `array` in place with our own Fisher–Yates implementation.
  ///
  /// Algorithm (fixed forever): for `i` from `count - 1` down to `1`, draw
  /// `j = int(in: 0...i)` and swap elements `i` and `j`.
  public mutating func shuffle<T>(_ array: inout [T]) {
    var i = array.count - 1
    while i > 0 {
      let j = int(in: 0...i)
      array.swapAt(i, j)
      i -= 1
    }
  }

  /// Returns a random permutation of `0..<n` (empty when `n <= 0`), made with `shuffle(_:)`.
  public mutating func permutation(_ n: Int) -> [Int] {
    guard n > 0 else { return [] }
    var result = Array(0..<n)
    shuffle(&result)
    return result
  }

  /// The SplitMix64 output finalizer (Stafford's "Mix13" variant).
  static func mix64(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Clamps infinities to the largest finite magnitude; NaN becomes 0.
  static func finiteClamp(_ x: Double) -> Double {
    if x.isNaN { return 0 }
    return Swift.min(Swift.max(x, -Double.greatestFiniteMagnitude), Double.greatestFiniteMagnitude)
  }
}

/// Stable, documented hash functions whose values never change between runs or platforms.
public enum StableHash {
  /// The 64-bit FNV-1a offset basis.
  public static let fnvOffsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
  /// The 64-bit FNV prime.
  public static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3

  /// Returns the 64-bit FNV-1a hash of the UTF-8 bytes of `s`.
  public static func fnv1a64(_ s: String) -> UInt64 {
    var hasher = FNV1a64()
    hasher.combine(s)
    return hasher.value
  }

  /// Returns the 64-bit FNV-1a hash of `bytes`.
  public static func fnv1a64<Bytes: Sequence>(bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
    var hasher = FNV1a64()
    for byte in bytes { hasher.combine(byte: byte) }
    return hasher.value
  }

  /// An incremental 64-bit FNV-1a hasher.
  struct FNV1a64: Sendable {
    /// The hash of the bytes combined so far.
    private(set) var value: UInt64 = StableHash.fnvOffsetBasis

    /// Feeds one byte.
    mutating func combine(byte: UInt8) {
      value ^= UInt64(byte)
      value = value &* StableHash.fnvPrime
    }

    /// Feeds the UTF-8 bytes of `s`.
    mutating func combine(_ s: String) {
      for byte in s.utf8 { combine(byte: byte) }
    }
  }
}
