import BazaarKit
import Foundation
import Testing

/// The real-time live front end (`LiveTerminalLoop`) on a pseudo-terminal, driven by the fake room
/// of `bazaar-bench live-fake`: room lines must appear above the prompt without damaging what the
/// host is typing.
@Suite("live front end on a pseudo-terminal", .serialized)
struct LiveTerminalTests {
  static var prompt: Regex<Substring> { #/^\[\d\d:\d\d/\d\d:\d\d 在线 \d+ 订单 \d+ 警告 \d+ 待答 \d+\] 主播> /# }

  @Test func roomLinesArrivePrintedAboveAHalfTypedChineseLine() throws {
    let t = try PseudoTerminalSession(
      ["live-fake", "--every-ms", "150", "--seconds", "60", "--no-color"], executable: try benchBinary())
    #expect(t.waitFor("#1 ", timeout: 5), "\(t.screen)")
    t.type("今天的枣 ab")
    #expect(t.waitFor("今天的枣 ab", timeout: 3))
    // Room lines that arrive after the half line is on screen: the last row must show the prompt
    // and the half line, intact, with the cursor after it, and only room lines above.
    let k = try #require(Self.lastEvent(in: t.screen)) + 2
    #expect(t.waitFor("#\(k) ", timeout: 3))
    let term = settle(t, columns: 100) { term in
      term.nonEmptyRows.last.map { $0.hasSuffix("主播> 今天的枣 ab") && term.cursorColumn == DisplayWidth.of($0) } ?? false
    }
    let rows = term.nonEmptyRows
    let screen = rows.joined(separator: "\n")
    let last = try #require(rows.last)
    #expect(last.contains(Self.prompt), "last row: \(last)")
    #expect(last.hasSuffix("主播> 今天的枣 ab"), "last row: \(last)\nscreen:\n\(screen)")
    #expect(term.cursorColumn == DisplayWidth.of(last), "the cursor stays after the typed text\n\(screen)")
    #expect(Self.lastEvent(in: rows.dropLast().last ?? "") ?? 0 >= k, "a new room line just above the prompt\n\(screen)")
    #expect(Self.onlyRoomLines(rows.dropLast()), "only whole room lines above, nothing else:\n\(screen)")
    #expect(term.unknownSequences.isEmpty, "\(term.unknownSequences)")
    // The raw output agrees: after the last room line, the prompt is drawn with the half line.
    let tail = t.after("#\(k) ")
    #expect(tail.contains("主播> 今天的枣 ab"), "\(tail)")

    t.type("\r")
    #expect(t.waitFor("[echo] 今天的枣 ab", timeout: 3), "the room got the whole line")
    t.type("\u{04}")  // Ctrl-D on an empty line
    // Read what it prints on the way out before waiting for it (the exit can come first).
    #expect(t.waitFor("live-fake ended: eof", timeout: 3), "\(t.screen.suffix(500))")
    #expect(t.exitStatus(timeout: 3) == 0)
  }

  @Test("bazaar live itself: the brief, Enter to go live, a viewer's question above a half-typed line, Ctrl-C still scores")
  func realSessionOnATerminal() throws {
    let data = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: data) }
    let t = try PseudoTerminalSession(
      ["live", packageRoot + "/courses/sampler.yaml", "--learner", "阿娜尔", "--data-dir", data, "--speed", "20"],
      environment: ["NO_COLOR": "1"])
    #expect(t.waitFor("按回车开播", timeout: 5), "\(t.screen)")
    t.type("\r")
    #expect(t.waitFor("主播> ", timeout: 3), "\(t.screen.suffix(600))")
    t.type("大家好，我是阿")
    // At ×20 the scripted question of 00:40 comes two seconds later, while the line is half typed.
    #expect(t.waitFor("阿依古丽 问：多少钱？", timeout: 5), "\(t.screen)")
    let term = settle(t, columns: 100) { term in term.nonEmptyRows.last?.hasSuffix("主播> 大家好，我是阿") ?? false }
    let rows = term.nonEmptyRows
    #expect(rows.last?.hasSuffix("主播> 大家好，我是阿") == true, "\(rows.joined(separator: "\n"))")
    #expect(rows.dropLast().contains { $0.contains("阿依古丽 问：多少钱？") })
    #expect(term.cursorColumn == DisplayWidth.of(rows.last ?? ""), "the cursor stays after the typed text")
    // Enter and Ctrl-C in the same instant: the finished line still reaches the room.
    t.type("娜尔\r\u{03}")
    #expect(t.waitFor("得分", timeout: 5), "\(t.screen.suffix(2000))")
    #expect(t.exitStatus(timeout: 5) == 0)
    let files = try FileManager.default.subpathsOfDirectory(atPath: data + "/transcripts").filter { $0.hasSuffix(".jsonl") }
    let transcript = try String(contentsOfFile: data + "/transcripts/" + (files.first ?? ""), encoding: .utf8)
    #expect(transcript.contains("\"text\":\"大家好，我是阿娜尔\""))
    #expect(transcript.contains("\"reason\":\"interrupt\""))
  }

  @Test func aWrappedLineInANarrowWindowSurvivesRoomLinesAndAResize() throws {
    let t = try PseudoTerminalSession(
      ["live-fake", "--every-ms", "150", "--seconds", "60", "--no-color"], columns: 40, executable: try benchBinary())
    #expect(t.waitFor("#1 ", timeout: 5), "\(t.screen)")
    // 22 wide characters and more: in 40 columns, prompt and line take two screen rows.
    t.type("这是一段很长的中文输入用来测试在窄窗口里换行 ok 再来")
    t.type("\u{1B}[D\u{1B}[D\u{1B}[D")  // three Left arrows: the cursor inside the line
    t.type("插")
    let expected = "这是一段很长的中文输入用来测试在窄窗口里换行 ok插 再来"
    #expect(waitUntil(t) { $0.screen.contains("插") })
    let k = try #require(Self.lastEvent(in: t.screen)) + 2
    #expect(t.waitFor("#\(k) ", timeout: 3))

    func check(_ term: ScreenModel) -> Bool {
      guard let line = term.logicalLine(endingAtCursorRowFrom: "[") else { return false }
      return line.text.hasSuffix("主播> " + expected) && line.firstRow < term.cursorRow
        && term.cursorColumn == DisplayWidth.of(term.rowsText[term.cursorRow]) - DisplayWidth.of(" 再来")
    }
    let term = settle(t, columns: 40, check)
    let screen = term.nonEmptyRows.joined(separator: "\n")
    let line = try #require(term.logicalLine(endingAtCursorRowFrom: "["), "\(screen)")
    #expect(line.text.hasSuffix("] 主播> " + expected), "\(screen)")
    #expect(line.firstRow < term.cursorRow, "the line wraps in 40 columns\n\(screen)")
    #expect(term.cursorRow == term.nonEmptyRows.count - 1, "nothing below the line\n\(screen)")
    // The cursor is after 插, before " 再来".
    #expect(term.cursorColumn == DisplayWidth.of(term.rowsText[term.cursorRow]) - DisplayWidth.of(" 再来"), "\(screen)")
    #expect(Self.onlyRoomLines(term.rowsText[..<line.firstRow]), "only whole room lines above, nothing else:\n\(screen)")
    #expect(term.unknownSequences.isEmpty, "\(term.unknownSequences)")

    // A wider window: the screen is cleared and redrawn for 90 columns, prompt and line below.
    let before = t.screen.count
    t.resize(columns: 90)
    #expect(waitUntil(t) { $0.screen.dropFirst(before).contains("\u{1B}[2J") }, "the screen is redrawn after a resize")
    let wide = settle(t, columns: 90, check)
    let wideScreen = wide.nonEmptyRows.joined(separator: "\n")
    let wideLine = try #require(wide.logicalLine(endingAtCursorRowFrom: "["), "\(wideScreen)")
    #expect(wideLine.text.contains(Self.prompt), "the full status again in 90 columns\n\(wideScreen)")
    #expect(wideLine.text.hasSuffix("主播> " + expected), "\(wideScreen)")
    #expect(Self.onlyRoomLines(wide.rowsText[..<wideLine.firstRow]), "only whole room lines above, nothing else:\n\(wideScreen)")

    t.type("\u{03}")  // Ctrl-C ends the session early
    #expect(t.waitFor("live-fake ended: interrupt", timeout: 3), "\(t.screen.suffix(500))")
    #expect(t.exitStatus(timeout: 3) == 0)
  }

  /// What the fake room says (`FakeLiveDriver.texts` in Sources/bazaar-bench/LiveFake.swift).
  static let roomTexts = [
    "小王：今天的枣看着真甜", "阿依古丽：包邮吗？新疆能发吗？", "3 位观众进入直播间", "Mike: how much for 2 kg?",
    "下单：和田大枣 2 kg × 1",
    "李姐：上次买的核桃很好，这次再来两袋，顺便问一下有没有礼盒装，过年送人用的那种，包装要好看一点",
    "平台提示：请勿使用“最便宜”“第一”等极限用语", "小张 离开了直播间", "限时优惠开始：满 99 减 10", "ok 👍 fine",
  ].map { $0.replacingOccurrences(of: " ", with: "") }

  /// Whether `rows` are whole room lines (`#n text`, continuation rows indented), and nothing else:
  /// no piece of a prompt, no half line left behind, no line printed over another.
  static func onlyRoomLines(_ rows: some Collection<String>) -> Bool {
    var lines: [String] = []
    for row in rows where !row.isEmpty {
      if row.hasPrefix("  "), !lines.isEmpty { lines[lines.count - 1] += row } else { lines.append(row) }
    }
    return lines.allSatisfy { line in
      guard let m = line.wholeMatch(of: #/#(\d+) (.*)/#) else { return false }
      return roomTexts.contains(String(m.output.2).replacingOccurrences(of: " ", with: ""))
    }
  }

  /// The number of the last room line (`#n `) on screen.
  static func lastEvent(in screen: String) -> Int? {
    screen.matches(of: #/#(\d+) /#).compactMap { Int($0.output.1) }.max()
  }
}

/// Reads until `condition` holds (up to `timeout` seconds).
private func waitUntil(_ t: PseudoTerminalSession, timeout: Double = 3, _ condition: (PseudoTerminalSession) -> Bool) -> Bool {
  let deadline = Date().addingTimeInterval(timeout)
  while Date() < deadline {
    if condition(t) { return true }
    t.waitFor("\u{0}never\u{0}", timeout: 0.05)
  }
  return condition(t)
}

/// The screen as `columns` wide terminal shows it, as soon as `ok` holds for it (or after `timeout`
/// seconds, as it then is). Room lines keep arriving, so a check waits for a quiet moment.
private func settle(_ t: PseudoTerminalSession, columns: Int, timeout: Double = 3, _ ok: (ScreenModel) -> Bool) -> ScreenModel {
  let deadline = Date().addingTimeInterval(timeout)
  var term = ScreenModel(columns: columns)
  while true {
    term = ScreenModel(columns: columns)
    term.feed(t.screen)
    if ok(term) || Date() >= deadline { return term }
    t.waitFor("\u{0}never\u{0}", timeout: 0.02)
  }
}

/// The built `bazaar-bench` binary (next to the test bundle, like `bazaar`).
func benchBinary() throws -> String {
  var candidates: [String] = []
  if let arg0 = CommandLine.arguments.first {
    var dir = URL(fileURLWithPath: arg0).deletingLastPathComponent()
    for _ in 0..<4 {
      candidates.append(dir.appendingPathComponent("bazaar-bench").path)
      dir = dir.deletingLastPathComponent()
    }
  }
  return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0) },
    "bazaar-bench binary not found near \(CommandLine.arguments.first ?? "?")")
}

/// A small model of what an xterm-like terminal shows: printable characters by display width
/// (wide Chinese characters take two cells), autowrap with the pending-wrap state of the last
/// column, CR, LF, backspace, and the CSI sequences readline and Bazaar use. Anything else is
/// listed in `unknownSequences`.
struct ScreenModel {
  let columns: Int
  private(set) var rows: [[Character?]] = [[]]
  /// Whether each row was continued from the one above by autowrap.
  private(set) var wrapped: [Bool] = [false]
  private(set) var cursorRow = 0
  private(set) var cursorColumn = 0
  private var pendingWrap = false
  private(set) var unknownSequences: Set<String> = []

  init(columns: Int) { self.columns = columns }

  var rowsText: [String] {
    rows.map { row in String(row.compactMap { $0 }).replacingOccurrences(of: #"\s+$"#, with: "", options: .regularExpression) }
  }
  var nonEmptyRows: [String] {
    var r = rowsText
    while r.last?.isEmpty == true { r.removeLast() }
    return r
  }

  /// The rows from the last row starting with `prefix` at or above the cursor down to the cursor's
  /// row, joined (a line the terminal wrapped), and the index of its first row.
  func logicalLine(endingAtCursorRowFrom prefix: String) -> (text: String, firstRow: Int)? {
    let text = rowsText
    var first = cursorRow
    while first >= 0 && !text[first].hasPrefix(prefix) { first -= 1 }
    guard first >= 0 else { return nil }
    var joined = ""
    for i in first...cursorRow {
      // Cells are joined as they are: a wide character that did not fit leaves its row short.
      joined += String(rows[i].compactMap { $0 })
    }
    return (joined.replacingOccurrences(of: #"\s+$"#, with: "", options: .regularExpression), first)
  }

  mutating func feed(_ text: String) {
    var scalars = Array(text.unicodeScalars)[...]
    while let s = scalars.popFirst() {
      switch s {
      case "\r": cursorColumn = 0; pendingWrap = false
      case "\n": lineFeed()
      case "\u{08}": if cursorColumn > 0 { cursorColumn -= 1 }; pendingWrap = false
      case "\u{07}": break
      case "\u{1B}":
        guard let next = scalars.popFirst() else { return }
        if next == "[" {
          var params = ""
          var final: Unicode.Scalar = "?"
          while let c = scalars.popFirst() {
            if (0x40...0x7E).contains(c.value) { final = c; break }
            params.unicodeScalars.append(c)
          }
          csi(params, final)
        } else {
          unknownSequences.insert("ESC " + String(next))
        }
      default:
        if s.value < 0x20 { unknownSequences.insert("control \(s.value)"); continue }
        put(Character(s), width: DisplayWidth.of(s))
      }
    }
  }

  private mutating func ensureRow(_ r: Int) {
    while rows.count <= r { rows.append([]); wrapped.append(false) }
    while rows[r].count < columns { rows[r].append(nil) }
  }

  private mutating func lineFeed() {
    cursorRow += 1
    cursorColumn = 0  // the pty's ONLCR has already turned "\n" into "\r\n"; harmless
    pendingWrap = false
    ensureRow(cursorRow)
  }

  private mutating func put(_ ch: Character, width: Int) {
    if width == 0 { return }
    if pendingWrap || cursorColumn + width > columns {
      cursorRow += 1
      cursorColumn = 0
      pendingWrap = false
      ensureRow(cursorRow)
      wrapped[cursorRow] = true
    }
    ensureRow(cursorRow)
    rows[cursorRow][cursorColumn] = ch
    if width == 2 && cursorColumn + 1 < columns { rows[cursorRow][cursorColumn + 1] = nil }
    cursorColumn += width
    if cursorColumn >= columns {
      cursorColumn = columns - 1
      pendingWrap = true
    }
  }

  private mutating func csi(_ params: String, _ final: Unicode.Scalar) {
    if params.hasPrefix("?") { return }  // modes (bracketed paste, cursor keys): no effect on text
    let numbers = params.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
    let n = max(1, (numbers.first ?? nil) ?? 1)
    ensureRow(cursorRow)
    switch final {
    case "A": cursorRow = max(0, cursorRow - n); pendingWrap = false
    case "B": cursorRow += n; ensureRow(cursorRow); pendingWrap = false
    case "C": cursorColumn = min(columns - 1, cursorColumn + n); pendingWrap = false
    case "D": cursorColumn = max(0, cursorColumn - n); pendingWrap = false
    case "G": cursorColumn = min(columns - 1, n - 1); pendingWrap = false
    case "K":
      for c in cursorColumn..<columns { rows[cursorRow][c] = nil }
    case "J":
      let mode = (numbers.first ?? nil) ?? 0
      if mode == 2 {
        rows = Array(repeating: [], count: rows.count)
        wrapped = Array(repeating: false, count: rows.count)
      } else {
        for c in cursorColumn..<columns { rows[cursorRow][c] = nil }
        if cursorRow + 1 < rows.count { for r in (cursorRow + 1)..<rows.count { rows[r] = [] } }
      }
    case "H":
      // Home: the screen is the last screenful; clearing it (J 2) follows, so start a fresh page.
      cursorRow = rows.count
      cursorColumn = 0
      ensureRow(cursorRow)
      pendingWrap = false
    case "P":
      let row = rows[cursorRow]
      rows[cursorRow] = Array(row[..<cursorColumn]) + Array(row[min(columns, cursorColumn + n)...]) + Array(repeating: nil, count: min(n, columns - cursorColumn))
    case "@":
      let row = rows[cursorRow]
      rows[cursorRow] = Array((Array(row[..<cursorColumn]) + Array(repeating: nil, count: n) + Array(row[cursorColumn...])).prefix(columns))
    case "X":
      for c in cursorColumn..<min(columns, cursorColumn + n) { rows[cursorRow][c] = nil }
    case "m": break
    default: unknownSequences.insert("CSI \(params)\(final)")
    }
  }
}
