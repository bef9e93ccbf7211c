import Foundation

/// A speech-recognised transcript of a trainee's real broadcast: timed lines ("cues") read from
/// SRT, WebVTT or timestamped plain text, in time order.
///
/// Graders get these from Douyin's captions, 剪映, 飞书妙记 and the like. Reading never traps on
/// bad input: a file that cannot be read at all gives a ``SkippedFile`` that says what is wrong and
/// how to fix it; a cue that cannot be read (a timing like `99:99:99`) is skipped and listed in
/// ``problems``.
///
/// - ``compliance(lexicons:names:messages:language:fallback:)`` checks every cue without a
///   scenario: lexicon terms (absolute terms, medical claims) and claims that are questionable
///   whatever the product (an "original" price, "only N left", "free shipping everywhere",
///   "no returns").
/// - ``score(scenario:course:lexicons:language:)`` runs the cues through a ``LiveSession`` as host
///   lines, for a score against a scenario.
public struct BroadcastTranscript: Sendable, Equatable {
  /// The file's format, as detected from its content (the extension only breaks ties).
  public enum Format: String, Sendable, Equatable {
    /// SubRip: `00:01:02,500 --> 00:01:05,000` timings, blank-line separated cues.
    case srt
    /// WebVTT: a `WEBVTT` header, `00:01.000 --> 00:04.000` timings.
    case vtt
    /// Plain text with a time at the start of each cue's line (`[00:01:05] …`, `00:01:05 …`),
    /// or a speaker label and a time on a line of their own (`发言人1 00:01:05`).
    case text
  }

  /// One timed line of speech.
  public struct Cue: Sendable, Equatable {
    /// Start time in the broadcast, in milliseconds.
    public var ms: Int
    /// End time, when the format gives one and it is not before the start.
    public var endMs: Int?
    /// The 1-based line of the file the cue starts on (its number, identifier or timing line in
    /// SRT and WebVTT; its timestamp's line in text).
    public var line: Int
    /// What was said: the cue's lines joined with a space, markup removed.
    public var text: String

    public init(ms: Int, endMs: Int? = nil, line: Int, text: String) {
      self.ms = ms
      self.endMs = endMs
      self.line = line
      self.text = text
    }
  }

  /// A cue that could not be read (the rest of the file was).
  public struct Problem: Sendable, Equatable {
    public var line: Int
    /// What is wrong and how to fix it, with the line number, in the catalogue's language.
    public var reason: String
    public init(line: Int, reason: String) {
      self.line = line
      self.reason = reason
    }
  }

  public var path: String
  public var format: Format
  /// The cues, sorted by start time (cues with the same time keep the file's order).
  public var cues: [Cue]
  public var problems: [Problem]

  /// Files larger than this are not read (8 MB: a four-hour broadcast's SRT is well under 1 MB).
  public static let maxBytes = 8 * 1024 * 1024
  /// How much of a cue is checked and shown in findings (characters), as for typed host lines.
  public static let maxCueCharacters = HostLineAnalyzer.maxCharacters

  public init(path: String, format: Format, cues: [Cue], problems: [Problem] = []) {
    self.path = path
    self.format = format
    self.cues = cues
    self.problems = problems
  }

  /// From the first cue's start to the last cue's end (or start, without an end), in milliseconds.
  public var durationMs: Int {
    guard let first = cues.first else { return 0 }
    let last = cues.map { max($0.ms, $0.endMs ?? $0.ms) }.max() ?? first.ms
    return max(0, last - first.ms)
  }

  /// A report with these findings (and the scenario's score, when there is one).
  public func report(
    findings: [BroadcastFinding], scenario: String? = nil, score: Double? = nil, topics: [BroadcastTopic] = []
  ) -> BroadcastReport {
    BroadcastReport(
      path: path, cues: cues.count, durationMs: durationMs, findings: findings, scenario: scenario, score: score, topics: topics)
  }
}

// MARK: - Reading

extension BroadcastTranscript {
  /// Reads a transcript from `bytes` (the file at `path`, which names it in reasons and breaks a
  /// tie on the format). Reasons and problems are worded in `messages`' language.
  public static func parse(bytes: [UInt8], path: String, messages: MessageCatalog = .english) -> Result<BroadcastTranscript, SkippedFile> {
    let w = BroadcastWords(messages)
    guard bytes.count <= maxBytes else {
      return .failure(tooLarge(bytes.count, path: path, w))
    }
    var data: [UInt8]
    if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
      data = utf16ToUTF8(bytes, littleEndian: bytes[0] == 0xFF)
    } else if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      data = Array(bytes.dropFirst(3))
    } else {
      data = bytes
    }
    // Zero bytes after the text: a copy cut short by a power cut.
    while data.last == 0 { data.removeLast() }
    if data.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x0C }) {
      return .failure(SkippedFile(path: path, reason: w.text("broadcast.skip.empty")))
    }
    let ranges = lineRanges(data)
    var lines: [String] = []
    lines.reserveCapacity(ranges.count)
    for (i, r) in ranges.enumerated() {
      if let bad = firstBadByte(data, in: r) {
        let key = bad.isNUL ? "broadcast.skip.binary" : "broadcast.skip.notUTF8"
        let byte = String(data[bad.index], radix: 16, uppercase: true)
        return .failure(
          SkippedFile(path: path, line: i + 1, reason: w.text(key, ["line": String(i + 1), "byte": byte.count < 2 ? "0" + byte : byte])))
      }
      var s = String(decoding: data[r], as: UTF8.self)
      if s.unicodeScalars.first == "\u{FEFF}" { s.unicodeScalars.removeFirst() }
      lines.append(s)
    }

    let extensionIsVTT = path.lowercased().hasSuffix(".vtt")
    let firstContent = lines.first { !$0.trimmingSpaces.isEmpty }?.trimmingSpaces ?? ""
    let hasHeader = isVTTHeader(firstContent)
    let arrows = lines.reduce(0) { $0 + ($1.contains("-->") ? 1 : 0) }
    let stamped = lines.reduce(0) { n, l in n + (!l.contains("-->") && stampedLine(Substring(l), labelled: true) != nil ? 1 : 0) }

    var reader = CueReader(words: w)
    let format: Format
    if hasHeader || (extensionIsVTT && arrows > 0) {
      format = .vtt
      reader.readTimed(lines, vtt: true, header: hasHeader)
    } else if arrows > 0 && arrows >= stamped {
      format = .srt
      reader.readTimed(lines, vtt: false, header: false)
    } else {
      format = .text
      reader.readStamped(lines)
    }
    let cues = reader.cues.enumerated().sorted { ($0.element.ms, $0.offset) < ($1.element.ms, $1.offset) }.map(\.element)
    guard !cues.isEmpty else {
      if let first = reader.problems.first {
        return .failure(
          SkippedFile(path: path, line: first.line, reason: w.text("broadcast.skip.noValidCues", ["line": String(first.line), "problem": first.message])))
      }
      return .failure(SkippedFile(path: path, reason: w.text("broadcast.skip.noCues")))
    }
    let problems = reader.problems.map { Problem(line: $0.line, reason: w.text("broadcast.atLine", ["line": String($0.line), "what": $0.message])) }
    return .success(BroadcastTranscript(path: path, format: format, cues: cues, problems: problems))
  }

  /// Whether `bytes` hold a timed line as ``parse(bytes:path:messages:)`` reads them: an SRT or
  /// WebVTT timing (`-->`), a `WEBVTT` header, or a line that starts with a time (`[01:05] …`,
  /// `00:01:05 …`, `发言人1 00:01:05`), even an impossible one (`[99:99]`, reported when read).
  /// A `.txt` without one is not a broadcast's transcript (a readme, notes).
  public static func hasTimestamps(_ bytes: [UInt8]) -> Bool {
    var data = bytes
    if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
      data = utf16ToUTF8(bytes, littleEndian: bytes[0] == 0xFF)
    }
    for r in lineRanges(data) {
      let line = String(decoding: data[r], as: UTF8.self)
      if line.contains("-->") || isVTTHeader(line.trimmingSpaces.replacingOccurrences(of: "\u{FEFF}", with: "")) {
        return true
      }
      if stampedLine(Substring(line), labelled: true) != nil { return true }
    }
    return false
  }

  /// The language the cues are mostly in: `zh` when there are at least a third as many Chinese
  /// characters as Latin letters (a character says about what a short English word does, so
  /// "OK" or "iPhone" in a Chinese broadcast do not make it English, nor a product's Chinese name
  /// an English one), else `en`; nil when there is neither.
  public var language: String? {
    var han = 0
    var latin = 0
    for cue in cues {
      for u in cue.text.unicodeScalars {
        switch u.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: han += 1
        case 0x41...0x5A, 0x61...0x7A: latin += 1
        default: break
        }
      }
    }
    if han == 0 && latin == 0 { return nil }
    return han * 3 >= latin ? "zh" : "en"
  }

  static func tooLarge(_ size: Int, path: String, _ w: BroadcastWords) -> SkippedFile {
    // Rounded up, so that a file just over the limit does not read "8 MB; over 8 MB".
    let mb = TextFormat.decimal((Double(size) / 1_048_576 * 10).rounded(.up) / 10, places: 1)
    return SkippedFile(path: path, reason: w.text("broadcast.skip.tooLarge", ["size": mb, "max": String(maxBytes / 1_048_576)]))
  }

  /// Reads the file at `path` (at most ``maxBytes``); a file that cannot be opened is skipped
  /// with the system's reason.
  public static func read(path: String, messages: MessageCatalog = .english) -> Result<BroadcastTranscript, SkippedFile> {
    let url = URL(fileURLWithPath: path)
    if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maxBytes {
      return .failure(tooLarge(size, path: path, BroadcastWords(messages)))
    }
    do {
      let handle = try FileHandle(forReadingFrom: url)
      defer { try? handle.close() }
      let data = try handle.read(upToCount: maxBytes + 1) ?? Data()
      return parse(bytes: [UInt8](data), path: path, messages: messages)
    } catch {
      return .failure(SkippedFile(path: path, reason: error.localizedDescription))
    }
  }

  static func isVTTHeader(_ line: String) -> Bool {
    guard line.hasPrefix("WEBVTT") else { return false }
    let rest = line.dropFirst(6)
    return rest.isEmpty || rest.first == " " || rest.first == "\t"
  }

  /// Line ranges: `\n`, `\r\n` and a lone `\r` each end a line.
  static func lineRanges(_ b: [UInt8]) -> [Range<Int>] {
    var out: [Range<Int>] = []
    var start = 0
    var i = 0
    while i < b.count {
      if b[i] == 0x0A {
        out.append(start..<i)
        start = i + 1
      } else if b[i] == 0x0D {
        out.append(start..<i)
        if i + 1 < b.count, b[i + 1] == 0x0A { i += 1 }
        start = i + 1
      }
      i += 1
    }
    if start < b.count { out.append(start..<b.count) }
    return out
  }

  /// The first byte in `r` that is not well-formed UTF-8 (or is NUL).
  static func firstBadByte(_ b: [UInt8], in r: Range<Int>) -> (index: Int, isNUL: Bool)? {
    var i = r.lowerBound
    while i < r.upperBound {
      let c = b[i]
      if c == 0 { return (i, true) }
      if c < 0x80 {
        i += 1
        continue
      }
      let need: Int
      switch c {
      case 0xC2...0xDF: need = 1
      case 0xE0...0xEF: need = 2
      case 0xF0...0xF4: need = 3
      default: return (i, false)
      }
      guard i + need < r.upperBound else { return (i, false) }
      let second: ClosedRange<UInt8>
      switch c {
      case 0xE0: second = 0xA0...0xBF
      case 0xED: second = 0x80...0x9F
      case 0xF0: second = 0x90...0xBF
      case 0xF4: second = 0x80...0x8F
      default: second = 0x80...0xBF
      }
      guard second.contains(b[i + 1]) else { return (i, false) }
      if need >= 2 {
        for k in 2...need where !(0x80...0xBF).contains(b[i + k]) { return (i, false) }
      }
      i += need + 1
    }
    return nil
  }

  /// UTF-16 (after its byte-order mark) as UTF-8; unpaired surrogates become U+FFFD.
  static func utf16ToUTF8(_ b: [UInt8], littleEndian: Bool) -> [UInt8] {
    var units: [UInt16] = []
    units.reserveCapacity(b.count / 2)
    var i = 2
    while i + 1 < b.count {
      units.append(littleEndian ? UInt16(b[i]) | UInt16(b[i + 1]) << 8 : UInt16(b[i]) << 8 | UInt16(b[i + 1]))
      i += 2
    }
    return Array(String(decoding: units, as: UTF16.self).utf8)
  }

  // MARK: Times

  /// `01:02:03,500`, `1:02:03.5`, `02:03.250`, `2:03`: milliseconds, or nil when it is not a
  /// valid time (minutes and seconds under 60 once there are hours, hours under 1000).
  static func time(_ s: Substring) -> Int? {
    var parts: [Int] = []
    var fraction = 0
    var digits = 0
    var value = 0
    var inFraction = false
    var fractionDigits = 0
    for u in s.utf8 {
      switch u {
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        if inFraction {
          if fractionDigits < 3 { fraction = fraction * 10 + Int(u - 48) }
          fractionDigits += 1
          if fractionDigits > 9 { return nil }
        } else {
          digits += 1
          if digits > 6 { return nil }
          value = value * 10 + Int(u - 48)
        }
      case UInt8(ascii: ":"):
        guard !inFraction, digits > 0, parts.count < 2 else { return nil }
        parts.append(value)
        value = 0
        digits = 0
      case UInt8(ascii: "."), UInt8(ascii: ","):
        guard !inFraction, digits > 0, !parts.isEmpty else { return nil }
        inFraction = true
      default:
        return nil
      }
    }
    guard digits > 0, !parts.isEmpty, !inFraction || fractionDigits > 0, digits <= 2 else { return nil }
    while fractionDigits > 0 && fractionDigits < 3 {
      fraction *= 10
      fractionDigits += 1
    }
    let seconds = value
    let minutes = parts[parts.count - 1]
    let hours = parts.count == 2 ? parts[0] : 0
    guard seconds < 60, hours < 1000, parts.count == 1 ? minutes < 60_000 : minutes < 60 else { return nil }
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + fraction
  }

  /// What a line of timestamped text starts with.
  enum Stamp: Equatable {
    /// A time, and the text after it.
    case cue(ms: Int, text: Substring)
    /// Something written as a time that is not one (`[99:99]`).
    case bad(time: String)
  }

  /// The time a line of timestamped text starts with: `[00:01:05] …`, `(01:05) …`, `【01:05】…`,
  /// `00:01:05 …`; with `labelled`, also a speaker label and a time alone on a line
  /// (`发言人1 00:01:05`), which starts a cue whose text is on the next lines.
  static func stampedLine(_ raw: Substring, labelled: Bool) -> Stamp? {
    let line = raw.drop { $0 == " " || $0 == "\t" || $0 == "\u{3000}" }
    guard let first = line.first else { return nil }
    let closers: [Character: Character] = ["[": "]", "(": ")", "【": "】", "（": "）"]
    if let close = closers[first] {
      let inner = line.dropFirst().prefix(24)
      guard let end = inner.firstIndex(of: close) else { return nil }
      let time = inner[..<end].trimmingSpaces
      guard looksLikeTime(Substring(time)) else { return nil }
      let rest = line[line.index(after: end)...]
      guard let ms = Self.time(Substring(time)) else { return .bad(time: String(time)) }
      return .cue(ms: ms, text: trimSeparator(rest))
    }
    if first.isASCII, first.isNumber {
      let token = line.prefix { $0.isASCII && ($0.isNumber || $0 == ":" || $0 == "." || $0 == ",") }
      var time = token
      while let l = time.last, l == "." || l == "," { time = time.dropLast() }
      guard looksLikeTime(time) else { return nil }
      let rest = line[time.endIndex...]
      if let next = rest.first, !(next.isWhitespace || "：:，,|-—–".contains(next)) { return nil }
      guard let ms = Self.time(time) else { return .bad(time: String(time)) }
      return .cue(ms: ms, text: trimSeparator(rest))
    }
    if labelled, line.utf8.count <= 80 {
      // 发言人1 00:01:05 / 主播 01:05: a short label, then a time ending the line.
      let trimmed = line.trimmingSpaces
      guard let space = trimmed.lastIndex(where: { $0 == " " || $0 == "\t" || $0 == "\u{3000}" }) else { return nil }
      let label = trimmed[..<space].trimmingSpaces
      let time = trimmed[trimmed.index(after: space)...]
      guard !label.isEmpty, label.count <= 20, !label.contains(where: { "，。！？,.!?".contains($0) }), looksLikeTime(time),
        time.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ":" || $0 == "." || $0 == ",") })
      else { return nil }
      guard let ms = Self.time(time) else { return .bad(time: String(time)) }
      return .cue(ms: ms, text: "")
    }
    return nil
  }

  /// Digits with one or two colons (and maybe a fraction): `1:05`, `00:01:05.250`.
  static func looksLikeTime(_ s: Substring) -> Bool {
    guard let f = s.first, f.isASCII, f.isNumber, let l = s.last, l.isASCII, l.isNumber else { return false }
    let colons = s.reduce(0) { $0 + ($1 == ":" ? 1 : 0) }
    return (1...2).contains(colons) && s.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ":" || $0 == "." || $0 == ",") }
  }

  /// The text after a time, without the separator that follows it (`] 老乡们好`, ` - hi`, `：…`).
  static func trimSeparator(_ s: Substring) -> Substring {
    var rest = s.drop { $0.isWhitespace }
    if let f = rest.first, "：:|-—–".contains(f) { rest = rest.dropFirst().drop { $0.isWhitespace } }
    return rest
  }

  // MARK: Markup

  /// Cue text without markup: `<i>`, `<font …>`, `<v Host>`, `<c.yellow>`, `<00:00:01.000>`,
  /// `{\an8}` removed; the usual entities decoded.
  static func stripMarkup(_ s: String) -> String {
    guard s.contains("<") || s.contains("{") || s.contains("&") else { return s }
    var out = ""
    var i = s.startIndex
    while i < s.endIndex {
      let c = s[i]
      if c == "<", let close = s[i...].prefix(200).firstIndex(of: ">") {
        let inner = s[s.index(after: i)..<close]
        if let f = inner.first, f.isASCII, f.isLetter || f.isNumber || f == "/" {
          i = s.index(after: close)
          continue
        }
      }
      if c == "{", s[s.index(after: i)...].first == "\\", let close = s[i...].prefix(200).firstIndex(of: "}") {
        i = s.index(after: close)
        continue
      }
      if c == "&" {
        let entities = ["&amp;": "&", "&lt;": "<", "&gt;": ">", "&nbsp;": " ", "&quot;": "\"", "&#39;": "'", "&lrm;": "", "&rlm;": ""]
        if let (entity, value) = entities.first(where: { s[i...].hasPrefix($0.key) }) {
          out += value
          i = s.index(i, offsetBy: entity.count)
          continue
        }
      }
      out.append(c)
      i = s.index(after: i)
    }
    return out
  }
}

/// Reads cues line by line, collecting problems (with 1-based line numbers).
private struct CueReader {
  let words: BroadcastWords
  var cues: [BroadcastTranscript.Cue] = []
  var problems: [(line: Int, message: String)] = []

  init(words: BroadcastWords) { self.words = words }

  private struct Open {
    var ms: Int
    var endMs: Int?
    var line: Int
    var parts: [String] = []
  }

  private mutating func close(_ open: Open?, markup: Bool) {
    guard let open else { return }
    let text = open.parts.map { markup ? BroadcastTranscript.stripMarkup($0) : $0 }
      .map { $0.trimmingSpaces }.filter { !$0.isEmpty }.joined(separator: " ")
    guard !text.isEmpty else { return }
    cues.append(BroadcastTranscript.Cue(ms: open.ms, endMs: open.endMs, line: open.line, text: text))
  }

  static func isDigits(_ s: String) -> Bool { !s.isEmpty && s.allSatisfy { $0.isASCII && $0.isNumber } }

  /// SRT and WebVTT: a timing line (`-->`) starts a cue, its text runs to a blank line. The
  /// number or identifier above the timing is optional; a missing blank line before the next
  /// cue's number is tolerated; text after a stray blank line continues the cue before it.
  mutating func readTimed(_ lines: [String], vtt: Bool, header: Bool) {
    enum State { case between, skipping, inCue }
    var state: State = .between
    var open: Open?
    var pending: [(index: Int, text: String)] = []
    var sawContent = false

    for (i, raw) in lines.enumerated() {
      let line = raw.trimmingSpaces
      if line.isEmpty {
        settle(&pending)
        if state == .inCue {
          close(open, markup: true)
          open = nil
        }
        state = .between
        continue
      }
      let firstContent = !sawContent
      sawContent = true
      if firstContent, header, BroadcastTranscript.isVTTHeader(line) {
        state = .skipping  // the header block runs to the first blank line
        continue
      }
      if line.contains("-->") {
        if state == .inCue { close(open, markup: true) }
        open = nil
        // The line above the timing is the cue's number or identifier; anything above that is stray.
        let start = pending.last?.index ?? i
        if pending.count > 1 { settle(&pending, dropLast: true) }
        pending = []
        switch timing(line) {
        case .times(let startMs, let endMs):
          open = Open(ms: startMs, endMs: endMs, line: start + 1)
          state = .inCue
        case .bad(let message):
          problems.append((i + 1, message))
          state = .skipping
        }
        continue
      }
      if state == .skipping { continue }
      if state == .inCue {
        // No blank line before the next cue: its number is followed by a timing line.
        if Self.isDigits(line), i + 1 < lines.count, lines[i + 1].contains("-->") {
          close(open, markup: true)
          open = nil
          state = .between
          pending = [(i, line)]
          continue
        }
        open?.parts.append(line)
        continue
      }
      if vtt, pending.isEmpty, ["NOTE", "STYLE", "REGION"].contains(where: { line == $0 || line.hasPrefix($0 + " ") || line.hasPrefix($0 + "\t") }) {
        state = .skipping
        continue
      }
      pending.append((i, line))
    }
    settle(&pending)
    if state == .inCue { close(open, markup: true) }
  }

  /// Lines between cues that no timing followed: a lone number is dropped; a number with text
  /// is a cue without its timing (a problem); other text continues the cue before it (a blank
  /// line inside a cue's text), or is dropped before the first cue.
  private mutating func settle(_ pending: inout [(index: Int, text: String)], dropLast: Bool = false) {
    let lines = dropLast ? Array(pending.dropLast()) : pending
    pending = []
    guard let first = lines.first else { return }
    if Self.isDigits(first.text) {
      if lines.count > 1 {
        problems.append((first.index + 1, words.text("broadcast.problem.noTiming", ["index": first.text])))
      }
      return
    }
    guard var last = cues.popLast() else { return }
    let more = lines.map { BroadcastTranscript.stripMarkup($0.text).trimmingSpaces }.filter { !$0.isEmpty }
    if !more.isEmpty { last.text += " " + more.joined(separator: " ") }
    cues.append(last)
  }

  enum Timing {
    case times(start: Int, end: Int?)
    case bad(String)
  }

  /// `00:01:02,500 --> 00:01:05,000 X1:…` / `00:01.000 --> 00:04.000 align:start`: the start
  /// and end (settings after the end are ignored).
  func timing(_ line: String) -> Timing {
    guard let arrow = line.range(of: "-->"),
      let left = line[..<arrow.lowerBound].split(whereSeparator: \.isWhitespace).last,
      let right = line[arrow.upperBound...].split(whereSeparator: \.isWhitespace).first
    else { return .bad(words.text("broadcast.problem.noTimes")) }
    guard let start = BroadcastTranscript.time(left) else { return .bad(words.text("broadcast.problem.badTime", ["time": String(left)])) }
    guard let end = BroadcastTranscript.time(right) else { return .bad(words.text("broadcast.problem.badTime", ["time": String(right)])) }
    return .times(start: start, end: end >= start ? end : nil)
  }

  /// Timestamped text: a line starting with a time starts a cue; lines without one continue it.
  mutating func readStamped(_ lines: [String]) {
    // 发言人1 00:01:05 style when such lines outnumber lines that start with a time.
    var leading = 0
    var labelled = 0
    for l in lines {
      if BroadcastTranscript.stampedLine(Substring(l), labelled: false) != nil {
        leading += 1
      } else if BroadcastTranscript.stampedLine(Substring(l), labelled: true) != nil {
        labelled += 1
      }
    }
    let useLabels = labelled > leading
    var open: Open?
    var skipping = false
    for (i, raw) in lines.enumerated() {
      let line = raw.trimmingSpaces
      if line.isEmpty { continue }
      switch BroadcastTranscript.stampedLine(Substring(line), labelled: useLabels) {
      case .cue(let ms, let text):
        close(open, markup: false)
        open = Open(ms: ms, line: i + 1, parts: [String(text)])
        skipping = false
      case .bad(let time):
        close(open, markup: false)
        open = nil
        skipping = true
        problems.append((i + 1, words.text("broadcast.problem.badStamp", ["time": time])))
      case nil:
        if !skipping { open?.parts.append(line) }
      }
    }
    close(open, markup: false)
  }
}

/// The message catalogue, as this file's functions pass it around.
struct BroadcastWords: Sendable {
  let m: MessageCatalog
  init(_ m: MessageCatalog) { self.m = m }

  func text(_ key: String, _ args: [String: String] = [:]) -> String { m.text(key, args) }
}

/// The number formatter (`Format` is also the name of ``BroadcastTranscript/Format``).
private typealias TextFormat = BazaarKit.Format

// MARK: - Compliance

extension BroadcastTranscript {
  /// Compliance findings without a scenario, in cue order: every hit of the lexicons `names`
  /// (absolute terms, medical claims…; exempt phrases such as 最佳食用时间 are not hits), and
  /// claims that need a basis whatever the product: an "original" or crossed-out price
  /// (`原价99`, `划线价49.9`, `平时卖59`, `was 99`), scarcity (`只剩最后3单`), "free shipping
  /// everywhere" without the excluded regions, and "no returns". Rules are worded in
  /// `language` (lexicon texts) and `messages`' language (the rest).
  public func compliance(
    lexicons: LexiconSet, names: [String], messages: MessageCatalog, language: String, fallback: [String] = []
  ) -> [BroadcastFinding] {
    let w = BroadcastWords(messages)
    // The analyzer reads claims only (its lexicon findings come from the loop below), with the
    // grammar of the lexicons given, so a denied claim is no finding.
    let analyzer = HostLineAnalyzer(scenario: Self.checkScenario, lexicons: lexicons.grammarOnly, courseLexicons: [])
    var out: [BroadcastFinding] = []
    for cue in cues {
      let text = Self.clip(cue.text)
      var seen = Set<[String]>()
      func add(_ category: String, _ term: String, rule: String, advice: String?) {
        guard seen.insert([category, term]).inserted else { return }
        out.append(BroadcastFinding(ms: cue.ms, line: cue.line, text: text, category: category, term: term, rule: rule, advice: advice))
      }
      let reading = TextReading(line: text, grammar: lexicons.grammar)
      for claim in lexicons.claims(in: reading, lexicons: names) where claim.isMade {
        let hit = claim.hit
        let rule = hit.reason?.text(language, fallback: fallback)
          ?? lexicons.byName[hit.lexicon]?.title.text(language, fallback: fallback) ?? hit.lexicon
        add(hit.category, claim.words, rule: rule, advice: hit.advice?.text(language, fallback: fallback))
      }
      for claim in Self.claims(in: text, analyzer: analyzer) {
        add(claim.category, claim.term, rule: w.text("broadcast.rule.\(claim.key)"), advice: w.text("broadcast.advice.\(claim.key)"))
      }
    }
    return out
  }

  /// What the host talked about: for each cue topic, the cues with one of its words and the
  /// first of them. The topics are those the cue lexicons among `names` list (in ``CueTopic``
  /// order), or every topic with Bazaar's built-in words when none is named. Labels and rules
  /// come from the lexicons' `topics:`, in `language`; labels fall back to `messages`.
  public func topics(
    lexicons: LexiconSet, names: [String], messages: MessageCatalog, language: String, fallback: [String] = []
  ) -> [BroadcastTopic] {
    let cueLexicons = lexicons.cueLexicons(names)
    let listed = Set(cueLexicons.flatMap { $0.terms.compactMap(\.topic) })
    let wanted = CueTopic.allCases.filter { cueLexicons.isEmpty || listed.contains($0.rawValue) }
    guard !wanted.isEmpty else { return [] }
    let analyzer = HostLineAnalyzer(scenario: Self.checkScenario, lexicons: lexicons, courseLexicons: names)
    var out = wanted.map { topic -> BroadcastTopic in
      let texts = cueLexicons.compactMap { $0.topics[topic.rawValue] }
      let label = texts.lazy.compactMap { $0.label?.text(language, fallback: fallback) }.first
        ?? messages.text("live.topic.\(topic.rawValue)")
      let rule = texts.lazy.compactMap { $0.rule?.text(language, fallback: fallback) }.first
      let expected = texts.lazy.compactMap(\.expected).first ?? topic.expectedByDefault
      return BroadcastTopic(topic: topic.rawValue, label: label, cues: 0, rule: rule, expected: expected)
    }
    let index = Dictionary(uniqueKeysWithValues: wanted.enumerated().map { ($0.element, $0.offset) })
    for cue in cues {
      for topic in analyzer.cueTopics(in: cue.text) {
        guard let i = index[topic] else { continue }
        out[i].cues += 1
        if out[i].firstMs == nil {
          out[i].firstMs = cue.ms
          out[i].firstLine = cue.line
        }
      }
    }
    return out
  }

  /// A claim found by the host-line analyzer: category, the words, and its message key.
  struct Claim: Equatable {
    var category: String
    var term: String
    var key: String
  }

  /// The analyzer's room for checks without a scenario: one product whose price is unknown (so
  /// every "original" price needs a basis), whose stock is unbounded (so every "only N left" is
  /// to be checked), which ships free except to remote regions (so "free everywhere" must name
  /// some exception: 偏远地区除外, except Tibet…), and which carries
  /// 7-day return. Wrong-price findings are dropped: without a scenario no price is known.
  static let checkScenario = LiveScenario(
    id: "broadcast-check", title: Localized(""), durationSeconds: 3600, seed: 0,
    products: [
      LiveProduct(
        id: "product", name: Localized(""), price: .nan, stock: 1 << 40, origin: Localized(""),
        shipping: ShippingTerms(free: true, excluded: ["偏远地区"]), returns: ReturnTerms(sevenDay: true))
    ],
    topics: [])


  /// The claims in one cue, from the analyzer run on its text. Numbers the speech recogniser
  /// wrote in Chinese (`原价九十九`, `最后三单`) are read as they are (``NumberReader/scan(_:)``); the
  /// terms quote them in Arabic numerals (`原价99`, `只剩最后3单`).
  static func claims(in text: String, analyzer: HostLineAnalyzer) -> [Claim] {
    let hay = TextNormalizer.normalize(text)
    var out: [Claim] = []
    for v in analyzer.analyze(hay, room: RoomFacts()).violations {
      let claim: Claim?
      switch v.kind {
      case .fakeOriginalPrice(let said, _):
        claim = Claim(category: "price", term: originalPriceTerm(said, in: hay), key: "originalPrice")
      case .fakeUrgency(let said, _):
        claim = Claim(category: "urgency", term: urgencyTerm(said, in: hay), key: "urgency")
      case .shipsEverywhere:
        claim = Claim(category: "shipping", term: firstWord(LiveWords.shipsEverywhere, in: hay), key: "shipsEverywhere")
      case .returnsDenied:
        claim = Claim(category: "returns", term: firstWord(LiveWords.noReturns, in: hay), key: "returnsDenied")
      default:
        claim = nil
      }
      if let claim, !out.contains(claim) { out.append(claim) }
    }
    return out
  }

  /// The first of `words` in `hay` (normalised), or the first word.
  static func firstWord(_ words: [String], in hay: String) -> String {
    words.map { TextNormalizer.normalize($0) }.first { hay.contains($0) } ?? words.first ?? ""
  }

  /// `原价99`, `划线价是49.9`, `was 99`: the words that made `said` an original price.
  static func originalPriceTerm(_ said: Double, in hay: String) -> String {
    let number = TextFormat.decimal(said, places: 2)
    for n in HostLineAnalyzer.numbers(in: hay) where abs(n.value - said) < 0.005 && HostLineAnalyzer.isOriginalPrice(n) {
      let tail = String(n.before.suffix(16))
      var best: Range<String.Index>?
      for word in LiveWords.originalPrice {
        guard let r = tail.range(of: word, options: .backwards), tail[r.upperBound...].count <= 6 else { continue }
        if best.map({ r.lowerBound < $0.lowerBound }) ?? true { best = r }
      }
      if let best { return String(tail[best.lowerBound...]) + number }
    }
    return number
  }

  /// `最后3单`, `only 3 left`: the scarcity words, the number and its unit.
  static func urgencyTerm(_ said: Int, in hay: String) -> String {
    for n in HostLineAnalyzer.numbers(in: hay) where !n.hasDecimal && Int(n.value) == said {
      let after = HostLineAnalyzer.rangeEnd(n.after)
      guard let unit = LiveWords.stockUnits.first(where: { HostLineAnalyzer.has(after, prefixIn: [$0]) }) else { continue }
      let tail = String(n.before.suffix(13)).trimmingSpaces
      // The scarcity word next to the number, and the ones right before it (只剩 + 最后).
      var start: String.Index?
      for w in LiveWords.scarcityBefore {
        guard let r = tail.range(of: w, options: .backwards), tail.distance(from: r.upperBound, to: tail.endIndex) <= 1 else { continue }
        if start.map({ r.lowerBound < $0 }) ?? true { start = r.lowerBound }
      }
      guard var from = start else { continue }
      while let earlier = LiveWords.scarcityBefore.first(where: { tail[..<from].hasSuffix($0) }) {
        from = tail.index(from, offsetBy: -earlier.count)
      }
      let word = String(tail[from...])
      let ascii = word.last.map { $0.isASCII } ?? false
      return word + (ascii ? " " : "") + String(said) + (unit.first?.isASCII == true ? " " : "") + unit
    }
    return String(said)
  }

  /// At most ``maxCueCharacters`` characters, with "…" when cut.
  static func clip(_ text: String) -> String {
    text.count > maxCueCharacters ? String(text.prefix(maxCueCharacters)) + "…" : text
  }
}

// MARK: - Scoring against a scenario

extension BroadcastTranscript {
  /// The broadcast scored as a live session of `scenario`: each cue is a host line at its time
  /// (times counted from the first cue), and the show ends at the last cue's end (or start),
  /// at most at the scenario's end. The room (viewers, questions, orders) is the scenario's
  /// simulation, so the score says how the words would have done there; promotions are never
  /// started (a transcript has no `:promo`). `language` defaults to the course's first.
  public func score(scenario: LiveScenario, course: Course, lexicons: LexiconSet, language: String? = nil) -> LiveResult {
    var session = LiveSession(
      scenario: scenario, language: language ?? course.languages.first ?? "zh", fallback: course.fallbackLanguages,
      lexicons: lexicons, courseLexicons: course.lexicons)
    let start = cues.first?.ms ?? 0
    for cue in cues {
      guard cue.ms - start < session.endMs else { break }
      _ = session.say(Self.clip(cue.text), at: cue.ms - start)
    }
    _ = session.finish(at: min(durationMs, session.endMs))
    return session.result()
  }
}

/// So that reading gives `Result<BroadcastTranscript, SkippedFile>`.
extension SkippedFile: Error {}
