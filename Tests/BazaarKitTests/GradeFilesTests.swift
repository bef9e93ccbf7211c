import Foundation
import Testing
@testable import BazaarKit

/// The package's root folder.
private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().path
private let sampleLesson = packageRoot + "/transcripts/samples/lesson-1.jsonl"

/// A fresh temporary folder (removed by the caller).
private func scratch() throws -> String {
  let path = NSTemporaryDirectory() + "bazaar-gfiles-" + UUID().uuidString
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

private func link(_ path: String, to target: String) throws {
  try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
}

/// The last path component of each skipped file, with its reason.
private func reasons(_ skipped: [SkippedFile]) -> [String: String] {
  Dictionary(skipped.map { (($0.path as NSString).lastPathComponent, $0.reason) }, uniquingKeysWith: { a, _ in a })
}

/// A file system of named nodes that records every read: a pipe must never be read.
private final class RecordingFileSystem: FileSystem, @unchecked Sendable {
  let nodes: [String: FileNode]
  let contents: [String: [UInt8]]
  private let lock = NSLock()
  private var readPaths: [String] = []
  init(nodes: [String: FileNode], contents: [String: [UInt8]] = [:]) {
    self.nodes = nodes
    self.contents = contents
  }
  var reads: [String] { lock.withLock { readPaths } }
  func kind(of path: String) -> FileKind {
    switch nodes[path] {
    case .file(let size, _): .file(size: size)
    case .directory: .directory
    case nil, .danglingLink, .linkLoop, .missing: .missing
    default: .file(size: 0)  // as `stat` sees a pipe: not a folder
    }
  }
  func read(_ path: String) throws(FileSystemError) -> [UInt8] {
    lock.withLock { readPaths.append(path) }
    guard let c = contents[path] else { throw .notFound(path) }
    return c
  }
  func files(under directory: String) throws(FileSystemError) -> [String] {
    nodes.keys.filter { $0.hasPrefix(directory + "/") }.sorted()
  }
  func node(at path: String) -> FileNode { nodes[path] ?? .missing }
  func entries(in directory: String) throws(FileSystemError) -> [String] {
    let prefix = directory + "/"
    return nodes.keys.filter { $0.hasPrefix(prefix) && !$0.dropFirst(prefix.count).contains("/") }.map { String($0.dropFirst(prefix.count)) }
  }
}

@Suite("grade: finding files")
struct GradeFilesTests {
  @Test("the node of each kind of path, without opening it: file, folder, pipe, device, dangling link, link loop")
  func nodes() throws {
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let fs = LocalFileSystem()
    FileManager.default.createFile(atPath: dir + "/a.jsonl", contents: Data("x".utf8))
    #expect(mkfifo(dir + "/pipe", 0o600) == 0)
    try link(dir + "/to-pipe", to: dir + "/pipe")
    try link(dir + "/gone", to: dir + "/nowhere")
    try link(dir + "/l1", to: dir + "/l2")
    try link(dir + "/l2", to: dir + "/l1")
    try link(dir + "/zero", to: "/dev/zero")
    guard case .file(1, .some) = fs.node(at: dir + "/a.jsonl") else { Issue.record("\(fs.node(at: dir + "/a.jsonl"))"); return }
    guard case .directory(.some) = fs.node(at: dir) else { Issue.record("a folder"); return }
    #expect(fs.node(at: dir + "/pipe") == .fifo)
    #expect(fs.node(at: dir + "/to-pipe") == .fifo)
    #expect(fs.node(at: dir + "/zero") == .device)
    #expect(fs.node(at: dir + "/gone") == .danglingLink(target: dir + "/nowhere"))
    #expect(fs.node(at: dir + "/l1") == .linkLoop)
    #expect(fs.node(at: dir + "/none") == .missing)
    #expect(Set(try fs.entries(in: dir)) == ["a.jsonl", "pipe", "to-pipe", "gone", "l1", "l2", "zero"])
  }

  @Test("reading a pipe fails at once instead of waiting for a writer")
  func readRefusesAPipe() throws {
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    #expect(mkfifo(dir + "/pipe", 0o600) == 0)
    let start = Date()
    #expect(throws: FileSystemError.self) { try LocalFileSystem().read(dir + "/pipe") }
    #expect(Date().timeIntervalSince(start) < 2)
  }

  @Test("a pipe, and a link to one, in a folder are reported as skipped, with the folder's transcripts graded")
  func pipesInAFolder() throws {
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try FileManager.default.copyItem(atPath: sampleLesson, toPath: dir + "/lesson-1.jsonl")
    #expect(mkfifo(dir + "/pipe.jsonl", 0o600) == 0)
    try link(dir + "/to-pipe.jsonl", to: dir + "/pipe.jsonl")
    #expect(mkfifo(dir + "/other-pipe", 0o600) == 0)  // not a transcript's name: not looked at
    let grader = BatchGrader(courses: [:])
    let (files, skipped) = grader.collect([dir])
    #expect(files == [dir + "/lesson-1.jsonl"])
    let r = reasons(skipped)
    #expect(Set(r.keys) == ["pipe.jsonl", "to-pipe.jsonl"], "\(r)")
    #expect(r["pipe.jsonl"]?.contains("named pipe") == true)
    // Named directly, a pipe is reported as well.
    let direct = grader.collect([dir + "/pipe.jsonl"])
    #expect(direct.files.isEmpty && direct.skipped.first?.reason.contains("named pipe") == true)
    // The whole run finishes.
    let book = grader.run([dir], threads: 2)
    #expect(book.transcripts.count == 1)
    #expect(Set(reasons(book.skipped).keys) == ["pipe.jsonl", "to-pipe.jsonl"])
  }

  @Test("a pipe is never read: the type is looked at first (an injected file system records every read)")
  func pipeNeverRead() {
    let fs = RecordingFileSystem(nodes: [
      "class": .directory(id: FileID(device: 1, inode: 1)), "class/p.jsonl": .fifo, "class/s.srt": .socket,
      "class/d.vtt": .device, "class/gone.jsonl": .danglingLink(target: "/media/usb/x.jsonl"), "class/loop": .linkLoop,
    ])
    let grader = BatchGrader(courses: [:], fileSystem: fs)
    let (files, skipped) = grader.collect(["class"])
    #expect(files.isEmpty)
    let r = reasons(skipped)
    #expect(r["p.jsonl"]?.contains("FIFO") == true)
    #expect(r["s.srt"]?.contains("socket") == true)
    #expect(r["d.vtt"]?.contains("device") == true)
    #expect(r["gone.jsonl"]?.contains("/media/usb/x.jsonl") == true)
    #expect(r["loop"]?.contains("loop") == true)
    // Straight to the grader (a pipe put there after the folder was listed): still not read.
    #expect(grader.grade(file: "class/p.jsonl").skipped?.reason.contains("FIFO") == true)
    #expect(fs.reads.isEmpty)
  }

  @Test("a link to a folder is followed; a link back to a folder above is a loop, reported; a folder named twice is read once")
  func linkedFoldersAndLoops() throws {
    let root = try scratch()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let fm = FileManager.default
    try fm.createDirectory(atPath: root + "/elsewhere/pc1", withIntermediateDirectories: true)
    try fm.copyItem(atPath: sampleLesson, toPath: root + "/elsewhere/pc1/lesson-1.jsonl")
    try fm.createDirectory(atPath: root + "/class", withIntermediateDirectories: true)
    try link(root + "/class/usb", to: root + "/elsewhere")
    try link(root + "/elsewhere/pc1/back", to: root + "/class")  // class → usb → pc1 → back → class
    try link(root + "/class/self", to: ".")
    try link(root + "/class/gone", to: root + "/unplugged")
    try link(root + "/class/gone.doc", to: root + "/unplugged.doc")  // not a transcript's name: not reported
    let grader = BatchGrader(courses: [:])
    let (files, skipped) = grader.collect([root + "/class", root + "/class/"])
    #expect(files == [root + "/class/usb/pc1/lesson-1.jsonl"])
    let r = reasons(skipped)
    #expect(Set(r.keys) == ["back", "self", "gone"], "\(r)")
    #expect(r["back"]?.contains("loop") == true && r["self"]?.contains("loop") == true)
    #expect(r["gone"]?.contains(root + "/unplugged") == true)
    // Two links to one folder: its files once.
    try link(root + "/class/usb-again", to: root + "/elsewhere")
    #expect(grader.collect([root + "/class"]).files.count == 1)
  }

  @Test("UTF-16, with a byte-order mark either way or without one, is refused: save it as UTF-8")
  func utf16Refused() throws {
    let text = try String(contentsOfFile: sampleLesson, encoding: .utf8)
    let le = [0xFF, 0xFE] + Array(text.data(using: .utf16LittleEndian) ?? Data())
    let be = [0xFE, 0xFF] + Array(text.data(using: .utf16BigEndian) ?? Data())
    let bare = Array(text.data(using: .utf16LittleEndian) ?? Data())
    var fs = MemoryFileSystem([:])
    fs.files = ["c/le.jsonl": le, "c/be.jsonl": be, "c/bare.jsonl": bare, "c/ok.jsonl": Array(text.utf8)]
    let book = BatchGrader(courses: [:], fileSystem: fs).run(["c"], threads: 1)
    let r = reasons(book.skipped)
    #expect(Set(r.keys) == ["le.jsonl", "be.jsonl", "bare.jsonl"], "\(r)")
    #expect(r.values.allSatisfy { $0.contains("UTF-16") && $0.contains("save it as UTF-8") })
    #expect(book.transcripts.map(\.path) == ["c/ok.jsonl"])
    let zh = BatchGrader(courses: [:], fileSystem: fs, language: "zh", messages: .load(language: "zh")).run(["c/le.jsonl"], threads: 1)
    #expect(zh.skipped.first?.reason.contains("另存为 UTF-8") == true)
    // What is not UTF-16: UTF-8 Chinese, a few stray zero bytes, zero bytes at the end (a power cut).
    #expect(BatchGrader.utf16(Array("老乡们好，今天的枣夹核桃".utf8)) == .no)
    #expect(BatchGrader.utf16(Array(text.utf8) + [0, 0, 0, 0, 0, 0, 0, 0]) == .no)
    #expect(BatchGrader.utf16(Array("{\"a\":1}\u{0}x".utf8)) == .no)
    #expect(BatchGrader.utf16(bare) == .withoutBOM)
  }

  @Test("subtitles in UTF-16 with a byte-order mark are still read (converted), not refused")
  func utf16SubtitlesRead() {
    let srt = "1\n00:00:01,000 --> 00:00:03,000\n老乡们好，原价99今天只要49\n"
    var fs = MemoryFileSystem([:])
    fs.files = ["b/live.srt": [0xFF, 0xFE] + Array(srt.data(using: .utf16LittleEndian) ?? Data())]
    let book = BatchGrader(courses: [:], fileSystem: fs).run(["b"], threads: 1)
    #expect(book.skipped.isEmpty, "\(book.skipped)")
    #expect(book.broadcasts.first?.cues == 1)
  }

  @Test("a .txt is a broadcast only with timestamps; a readme.txt is left out with a reason that is not a finding")
  func untimedText() {
    var fs = MemoryFileSystem([
      "usb/readme.txt": "Bazaar transcripts from PC 3.\nCopied 2026-11-23 at 10:30.\n",
      "usb/live.txt": "[00:01] 老乡们好\n[00:05] 原价99 今天只要49\n",
      "usb/bad.txt": "[99:99] 老乡们好\n",
    ])
    fs.files["usb/empty.txt"] = []
    let grader = BatchGrader(courses: [:], fileSystem: fs)
    let book = grader.run(["usb"], threads: 1)
    #expect(book.broadcasts.map(\.path) == ["usb/live.txt"])
    let r = reasons(book.skipped)
    #expect(r["readme.txt"]?.contains("without timestamps") == true, "\(r)")
    #expect(r["empty.txt"]?.contains("without timestamps") == true, "\(r)")
    // An impossible time is a broken transcript (a finding), not a readme.
    #expect(r["bad.txt"].map { !$0.contains("without timestamps") } == true, "\(r)")
    let findings = book.skipped.filter(grader.isFinding).map { ($0.path as NSString).lastPathComponent }
    #expect(findings == ["bad.txt"])
  }

  @Test("timestamps as the reader takes them: SRT and WebVTT timings, [mm:ss], a time first, a speaker and a time")
  func timestamps() {
    for timed in [
      "1\n00:00:01,000 --> 00:00:02,000\nhi\n", "WEBVTT\n\n", "[01:05] 老乡们好\n", "00:01:05 老乡们好\n", "发言人1 00:01:05\n老乡们好\n",
      "【01:05】老乡们好\n", "notes first\n(00:10) then a cue\n",
    ] {
      #expect(BroadcastTranscript.hasTimestamps(Array(timed.utf8)), "\(timed)")
    }
    for untimed in ["README\nCopy the transcripts folder.\n", "Version 1.2, 2026-11-23 10:30\n", "", "价格 99 元\n"] {
      #expect(!BroadcastTranscript.hasTimestamps(Array(untimed.utf8)), "\(untimed)")
    }
  }
}

@Suite("grade: a broadcast's language")
struct GradeBroadcastLanguageTests {
  func transcript(_ lines: [String]) -> BroadcastTranscript {
    BroadcastTranscript(path: "t.srt", format: .srt, cues: lines.enumerated().map { .init(ms: $0.offset * 1000, line: $0.offset + 1, text: $0.element) })
  }

  @Test("the language of the lines: Chinese characters (with OK and iPhone among them) → zh; English → en; neither → nil")
  func language() {
    #expect(transcript(["老乡们好，今天给大家带来新疆的红枣", "OK 家人们，iPhone 拍的实物图"]).language == "zh")
    #expect(transcript(["Hello everyone, today: red dates from Xinjiang (红枣)"]).language == "en")
    #expect(transcript(["99", "……"]).language == nil)
  }

  @Test("without --ui-lang a Chinese broadcast is reported in Chinese under an English interface; with it, in the interface's")
  func reportLanguage() throws {
    let srt = "1\n00:00:01,000 --> 00:00:03,000\n家人们，这款红枣原价99，今天只要49\n"
    var fs = MemoryFileSystem([:])
    fs.files = ["live.srt": Array(srt.utf8)]
    var grader = BatchGrader(courses: [:], fileSystem: fs, language: "en", messages: .english)
    let asked = try #require(grader.run(["live.srt"], threads: 1).broadcasts.first?.findings.first)
    #expect(asked.category == "price")
    #expect(asked.rule == MessageCatalog.english.text("broadcast.rule.originalPrice"))
    grader.linesLanguageMessages = ["zh": .load(language: "zh"), "en": .english]
    let own = try #require(grader.run(["live.srt"], threads: 1).broadcasts.first?.findings.first)
    #expect(own.rule == MessageCatalog.load(language: "zh").text("broadcast.rule.originalPrice"))
    #expect(own.rule != asked.rule)
  }
}

@Suite("grade: cleaning what reaches the terminal")
struct GradeSanitizeTests {
  @Test("a whole report: ESC, other controls and bidi overrides shown as �; tabs, LF and CRLF kept")
  func document() {
    let text = "a\u{1B}[31mb\tc\r\nd\u{9B}e\u{202E}f\u{7}\n"
    #expect(Sanitize.document(text) == "a\u{FFFD}[31mb\tc\r\nd\u{FFFD}e\u{FFFD}f\u{FFFD}\n")
    #expect(Sanitize.document("plain 中文\n") == "plain 中文\n")
  }
}
