import Foundation
import Testing

/// The test LRS `scripts/test` starts (Ralph, on loopback), or nil when there is none.
private let lrs: (endpoint: String, user: String, password: String)? = {
  let env = ProcessInfo.processInfo.environment
  guard let e = env["BAZAAR_TEST_LRS_ENDPOINT"], let u = env["BAZAAR_TEST_LRS_USER"], let p = env["BAZAAR_TEST_LRS_PASSWORD"] else { return nil }
  return (e, u, p)
}()

/// `bazaar sync` against a real learning record store (Ralph 5.1.0; see scripts/test-lrs): the
/// statements arrive, each once, whatever happens to the sync on the way.
@Suite("bazaar sync to a real LRS", .enabled(if: lrs != nil, "no test LRS: scripts/test starts one (python3-venv, network once)"))
struct SyncLRSEndToEndTests {
  static let samples = packageRoot + "/transcripts/samples"
  static let classFolder = packageRoot + "/transcripts/class"
  static let courses = packageRoot + "/courses"

  var env: [String: String] {
    guard let lrs else { return [:] }
    return ["BAZAAR_LRS_ENDPOINT": lrs.endpoint, "BAZAAR_LRS_USER": lrs.user, "BAZAAR_LRS_PASSWORD": lrs.password]
  }

  func tempFolder() throws -> String {
    let dir = NSTemporaryDirectory() + "bazaar-lrs-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  /// The statements `--print` makes for `folder`, by registration: their ids.
  func printed(_ folder: String, data: String) throws -> [String: [String]] {
    let run = try bazaar(["sync", "--print", folder, "--courses", Self.courses, "--data-dir", data])
    try #require(run.status == 0, "\(run.stderr)")
    var out: [String: [String]] = [:]
    for line in run.stdout.split(separator: "\n") {
      let s = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      let context = try #require(s["context"] as? [String: Any])
      out[try #require(context["registration"] as? String), default: []].append(try #require(s["id"] as? String))
    }
    return out
  }

  /// The ids the LRS holds for `registration` (every page, through `more`).
  func stored(_ registration: String, in other: (endpoint: String, user: String, password: String)? = nil) throws -> [String] {
    let lrs = try #require(other ?? lrs)
    var ids: [String] = []
    let base = URL(string: lrs.endpoint)?.deletingLastPathComponent().deletingLastPathComponent()
    var next: String? = lrs.endpoint + "statements?limit=500&registration=" + registration
    var pages = 0
    while let url = next, pages < 50 {
      pages += 1
      let (data, status) = try Self.fetch(
        url, headers: ["X-Experience-API-Version": "1.0.3", "Authorization": "Basic " + Data("\(lrs.user):\(lrs.password)".utf8).base64EncodedString()])
      try #require(status == 200, "GET \(url): \(status)")
      let page = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      ids += (page["statements"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
      if let more = page["more"] as? String, !more.isEmpty {
        next = more.hasPrefix("http") ? more : (base.map { $0.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + more } ?? more)
      } else {
        next = nil
      }
    }
    return ids
  }

  /// A GET through curl (the tests read what the LRS holds without an HTTP client of their own).
  static func fetch(_ url: String, headers: [String: String]) throws -> (Data, Int) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    var args = ["-s", "-w", "\n%{http_code}", url]
    for (k, v) in headers { args += ["-H", "\(k): \(v)"] }
    p.arguments = args
    let out = Pipe()
    p.standardOutput = out
    let ended = whenEnded(p)
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    _ = ended.wait(timeout: .now() + 60)
    guard let cut = data.lastIndex(of: UInt8(ascii: "\n")) else { return (data, 0) }
    return (data[..<cut], Int(String(decoding: data[(cut + 1)...], as: UTF8.self)) ?? 0)
  }

  /// Every printed statement is in the LRS, once.
  func expectAllStoredOnce(_ expected: [String: [String]], in other: (endpoint: String, user: String, password: String)? = nil) throws {
    for (registration, ids) in expected {
      let got = try stored(registration, in: other)
      #expect(got.count == Set(got).count, "duplicates for \(registration)")
      #expect(Set(got) == Set(ids), "\(registration): \(Set(ids).subtracting(got).count) missing, \(Set(got).subtracting(ids).count) unexpected")
    }
  }

  @Test("the samples go in several batches, and a second sync sends nothing")
  func samples() throws {
    let data = try tempFolder()
    defer { try? FileManager.default.removeItem(atPath: data) }
    let expected = try printed(Self.samples, data: data)
    let total = expected.values.reduce(0) { $0 + $1.count }
    let run = try bazaar(
      ["sync", Self.samples, "--courses", Self.courses, "--data-dir", data, "--batch-size", "7"], environment: env, timeLimit: 120)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("\(total) statement(s) sent in \((total + 6) / 7) request(s)"), "\(run.stderr)")
    try expectAllStoredOnce(expected)
    let again = try bazaar(["sync", Self.samples, "--courses", Self.courses, "--data-dir", data], environment: env, timeLimit: 60)
    #expect(again.status == 0)
    #expect(again.stderr.contains("0 statement(s) sent") && again.stderr.contains("\(total) sent before"), "\(again.stderr)")
    let status = try bazaar(["sync", "--status", Self.samples, "--courses", Self.courses, "--data-dir", data], environment: env)
    #expect(status.status == 0)
    #expect(status.stdout.contains("0 statement(s) to send"), "\(status.stdout)")
  }

  @Test("killed mid-sync (kill -9), then synced again: nothing lost, nothing twice")
  func killed() throws {
    let data = try tempFolder()
    defer { try? FileManager.default.removeItem(atPath: data) }
    let expected = try printed(Self.classFolder, data: data)
    let (p, ended, _) = try Self.syncUntilSomeAcknowledged(data: data, env: env)
    let wasRunning = p.isRunning
    kill(p.processIdentifier, SIGKILL)
    #expect(ended.wait(timeout: .now() + 30) == .success)
    #expect(wasRunning, "the sync ended before it could be killed")
    let again = try bazaar(["sync", Self.classFolder, "--courses", Self.courses, "--data-dir", data], environment: env, timeLimit: 180)
    #expect(again.status == 0, "\(again.stderr)")
    try expectAllStoredOnce(expected)
  }

  /// Runs `scripts/test-lrs ACTION` with `environment` added; its standard output (the exports).
  static func testLRS(_ action: String, _ environment: [String: String] = [:]) throws -> [String: String] {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/bash")
    p.arguments = [packageRoot + "/scripts/test-lrs", action]
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    p.environment = env
    let out = Pipe()
    let errors = NSTemporaryDirectory() + "bazaar-test-lrs-" + UUID().uuidString + ".err"
    _ = FileManager.default.createFile(atPath: errors, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: errors) }
    p.standardOutput = out
    p.standardError = FileHandle(forWritingAtPath: errors)
    let ended = whenEnded(p)
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    try #require(ended.wait(timeout: .now() + 120) == .success, "scripts/test-lrs \(action) did not end")
    let said = (FileManager.default.contents(atPath: errors)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    try #require(p.terminationStatus == 0, "scripts/test-lrs \(action) failed: \(said.suffix(2000))")
    var exports: [String: String] = [:]
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix("export ") {
      for pair in line.dropFirst(7).split(separator: " ") {
        let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
        if kv.count == 2 { exports[kv[0]] = kv[1] }
      }
    }
    return exports
  }

  /// `bazaar sync` of the class in batches of 3, started and left running once some batches are
  /// acknowledged (the state file exists); the process, its end, its standard error.
  static func syncUntilSomeAcknowledged(data: String, env: [String: String]) throws -> (Process, DispatchSemaphore, Pipe) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: try bazaarBinary())
    p.arguments = ["sync", classFolder, "--courses", courses, "--data-dir", data, "--batch-size", "3"]
    var environment = ["LANG": "C.UTF-8", "PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
    for (k, v) in env { environment[k] = v }
    p.environment = environment
    let err = Pipe()
    p.standardOutput = FileHandle.nullDevice
    p.standardError = err
    let ended = whenEnded(p)
    try p.run()
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline, p.isRunning,
      (try? FileManager.default.contentsOfDirectory(atPath: data + "/sync"))?.contains(where: { $0.hasSuffix(".json") }) != true
    {
      usleep(20_000)
    }
    return (p, ended, err)
  }

  /// A semaphore signalled when `p` ends (Foundation's waitUntilExit() can miss an exit on Linux
  /// and wait for ever), set before it runs.
  static func whenEnded(_ p: Process) -> DispatchSemaphore {
    let ended = DispatchSemaphore(value: 0)
    p.terminationHandler = { _ in ended.signal() }
    return ended
  }

  @Test("the LRS stops mid-sync and starts again: the sync says what waits, and the next one sends it, each once")
  func lrsStopsAndStartsAgain() throws {
    // An LRS of its own (the others' tests use the shared one).
    var own = try Self.testLRS("start")
    defer { _ = try? Self.testLRS("stop", own) }
    let endpoint = try #require(own["BAZAAR_TEST_LRS_ENDPOINT"]), user = try #require(own["BAZAAR_TEST_LRS_USER"])
    let password = try #require(own["BAZAAR_TEST_LRS_PASSWORD"])
    let env = ["BAZAAR_LRS_ENDPOINT": endpoint, "BAZAAR_LRS_USER": user, "BAZAAR_LRS_PASSWORD": password]
    let data = try tempFolder()
    defer { try? FileManager.default.removeItem(atPath: data) }
    let expected = try printed(Self.classFolder, data: data)

    // Some batches acknowledged (the state file exists), then the server goes down.
    let (p, ended, err) = try Self.syncUntilSomeAcknowledged(data: data, env: env)
    #expect(p.isRunning, "the sync ended before the LRS could be stopped")
    _ = try Self.testLRS("pause", own)
    let said = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(ended.wait(timeout: .now() + 60) == .success)
    #expect(p.terminationStatus == 1, "\(said)")
    #expect(said.contains("cannot be reached") && said.contains("Nothing is lost"), "\(said)")

    for (k, v) in try Self.testLRS("resume", own) { own[k] = v }
    let again = try bazaar(["sync", Self.classFolder, "--courses", Self.courses, "--data-dir", data], environment: env, timeLimit: 180)
    #expect(again.status == 0, "\(again.stderr)")
    #expect(!again.stderr.contains(" 0 statement(s) sent"), "\(again.stderr)")
    try expectAllStoredOnce(expected, in: (endpoint, user, password))
  }

  /// Waits (up to a minute) for the background sync to leave its outcome (the file is removed
  /// before each session, so only that session's sync writes it); its JSON.
  static func backgroundOutcome(_ data: String) throws -> [String: Any] {
    let path = data + "/sync/background.json"
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline {
      if let bytes = FileManager.default.contents(atPath: path), let json = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any] {
        return json
      }
      usleep(100_000)
    }
    Issue.record("no background outcome in \(path)")
    return [:]
  }

  @Test("with sync_after_session, a lesson's records reach the LRS in the background; with no network, one line next time")
  func afterEachSession() throws {
    let data = try tempFolder()
    defer { try? FileManager.default.removeItem(atPath: data) }
    try Data(#"{"sync_after_session": true}"#.utf8).write(to: URL(fileURLWithPath: data + "/lrs.json"))
    let lesson = ["start", "pricing", "--learner", "阿依古丽", "--courses", Self.courses, "--data-dir", data, "--ui-lang", "en"]
    let first = try bazaar(lesson, input: "\n\n28\n:q\n", environment: env, timeLimit: 60)
    #expect(first.status == 0, "\(first.stderr)")
    // The lesson says nothing of the sync: it was not waited for.
    #expect(!first.stdout.contains("LRS") && !first.stderr.contains("Learning records"), "\(first.stderr)")
    let outcome = try Self.backgroundOutcome(data)
    #expect(outcome["outcome"] as? String == "sent", "\(outcome)")
    // Every statement of the session is in the LRS.
    let transcripts = try FileManager.default.subpathsOfDirectory(atPath: data + "/transcripts").filter { $0.hasSuffix(".jsonl") }
    try #require(transcripts.count == 1)
    let expected = try printed(data + "/transcripts", data: data)
    try #require(expected.count == 1)
    try expectAllStoredOnce(expected)

    // No LRS at the address: the next lesson still ends at once, and the one after says, in one
    // line, that records wait.
    var down = env
    down["BAZAAR_LRS_ENDPOINT"] = "http://127.0.0.1:9/xAPI/"
    try FileManager.default.removeItem(atPath: data + "/sync/background.json")
    let offline = try bazaar(lesson, input: "\n\n28\n:q\n", environment: down, timeLimit: 60)
    #expect(offline.status == 0, "\(offline.stderr)")
    let gone = try Self.backgroundOutcome(data)
    #expect(gone["outcome"] as? String == "offline" && (gone["pending"] as? Int ?? 0) > 0, "\(gone)")
    let third = try bazaar(lesson, input: ":q\n", environment: down, timeLimit: 60)
    #expect(third.status == 0)
    let said = third.stderr.split(separator: "\n").filter { $0.contains("Learning records") }
    #expect(said.count == 1 && said.first?.contains("nothing answers at that address") == true, "\(third.stderr)")
  }

  @Test("a class graded from the LRS gives the report its transcript files give")
  func gradeFromTheLRS() throws {
    // An LRS of its own, holding exactly the sessions of the two folders (other tests add theirs
    // to the shared one).
    let own = try Self.testLRS("start")
    defer { _ = try? Self.testLRS("stop", own) }
    let env = [
      "BAZAAR_LRS_ENDPOINT": try #require(own["BAZAAR_TEST_LRS_ENDPOINT"]), "BAZAAR_LRS_USER": try #require(own["BAZAAR_TEST_LRS_USER"]),
      "BAZAAR_LRS_PASSWORD": try #require(own["BAZAAR_TEST_LRS_PASSWORD"]),
    ]
    let data = try tempFolder()
    defer { try? FileManager.default.removeItem(atPath: data) }
    let sync = try bazaar(
      ["sync", Self.classFolder, Self.samples, "--courses", Self.courses, "--data-dir", data, "--batch-size", "200"], environment: env,
      timeLimit: 180)
    try #require(sync.status == 0, "\(sync.stderr)")
    let files = try bazaar(
      ["grade", Self.classFolder, Self.samples, "--courses", Self.courses, "--format", "json", "--ui-lang", "en"], timeLimit: 120)
    try #require(files.status == 0, "\(files.stderr)")
    let fromLRS = try bazaar(
      ["grade", "--lrs", "--courses", Self.courses, "--data-dir", data, "--format", "json", "--ui-lang", "en"], environment: env, timeLimit: 180)
    try #require(fromLRS.status == 0, "\(fromLRS.stderr)")
    #expect(fromLRS.stderr.contains("page(s);"), "\(fromLRS.stderr)")
    // The same report, but where each transcript came from: a file's path there, `lrs:SESSION` here.
    var a = try #require(try JSONSerialization.jsonObject(with: Data(files.stdout.utf8)) as? [String: Any])
    let b = try #require(try JSONSerialization.jsonObject(with: Data(fromLRS.stdout.utf8)) as? [String: Any])
    let transcripts = try #require(a["transcripts"] as? [[String: Any]])
    try #require(transcripts.count >= 20)
    var text = String(decoding: try JSONSerialization.data(withJSONObject: a), as: UTF8.self)
    for t in transcripts {
      let path = try #require(t["path"] as? String), session = try #require(t["session"] as? String)
      let escaped = String(decoding: try JSONSerialization.data(withJSONObject: [path]), as: UTF8.self).dropFirst(2).dropLast(2)
      text = text.replacingOccurrences(of: "\"" + escaped + "\"", with: "\"lrs:" + session + "\"")
    }
    a = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    a["broadcasts"] = []  // subtitles are files only
    a["skipped"] = (a["skipped"] as? [[String: Any]] ?? []).filter { !(($0["path"] as? String) ?? "").hasSuffix(".srt") }
    a["transcripts"] = (a["transcripts"] as? [[String: Any]] ?? []).sorted { ($0["path"] as? String ?? "") < ($1["path"] as? String ?? "") }
    // Said at the top: where the sessions came from.
    #expect((b["source"] as? [String: Any])?["lrs"] as? String == env["BAZAAR_LRS_ENDPOINT"])
    #expect(Set(a.keys) == Set(b.keys).subtracting(["source"]))
    for key in a.keys.sorted() {
      #expect(NSDictionary(dictionary: [key: a[key] ?? NSNull()]).isEqual(to: [key: b[key] ?? NSNull()]), "\(key) differs")
    }
    // And by the day the sessions began: none of them began in 2020.
    let none = try bazaar(
      ["grade", "--lrs", "--courses", Self.courses, "--data-dir", data, "--until", "2020-12-31"], environment: env, timeLimit: 180)
    #expect(none.status == 2 && none.stderr.contains("no Bazaar session that began in the period asked"), "\(none.stderr)")
  }

  @Test("a wrong password is said, with where to fix it, and nothing is recorded as sent")
  func wrongPassword() throws {
    let data = try tempFolder()
    defer { try? FileManager.default.removeItem(atPath: data) }
    var wrong = env
    wrong["BAZAAR_LRS_PASSWORD"] = "not-the-password"
    let run = try bazaar(["sync", Self.samples, "--courses", Self.courses, "--data-dir", data], environment: wrong, timeLimit: 60)
    #expect(run.status == 2)
    #expect(run.stderr.contains("HTTP 401") && run.stderr.contains("BAZAAR_LRS_PASSWORD"), "\(run.stderr)")
    let status = try bazaar(["sync", "--status", Self.samples, "--courses", Self.courses, "--data-dir", data], environment: env)
    #expect(!status.stdout.contains(" 0 statement(s) to send"), "\(status.stdout)")
    let grade = try bazaar(["grade", "--lrs", "--courses", Self.courses, "--data-dir", data], environment: wrong, timeLimit: 60)
    #expect(grade.status == 2 && grade.stdout.isEmpty)
    #expect(grade.stderr.contains("HTTP 401") && grade.stderr.contains("Nothing was graded"), "\(grade.stderr)")
  }

  @Test("no LRS at the address: exit 1, how many wait, and they go later")
  func offline() throws {
    let data = try tempFolder()
    defer { try? FileManager.default.removeItem(atPath: data) }
    var down = env
    down["BAZAAR_LRS_ENDPOINT"] = "http://127.0.0.1:9/xAPI/"  // the discard port: nothing listens
    let run = try bazaar(["sync", Self.samples, "--courses", Self.courses, "--data-dir", data], environment: down, timeLimit: 60)
    #expect(run.status == 1, "\(run.stderr)")
    #expect(run.stderr.contains("wait") && run.stderr.contains("Nothing is lost"), "\(run.stderr)")
    #expect(run.stderr.contains("nothing answers at that address"), "\(run.stderr)")
    let zh = try bazaar(
      ["sync", Self.samples, "--courses", Self.courses, "--data-dir", data, "--ui-lang", "zh"], environment: down, timeLimit: 60)
    #expect(zh.stderr.contains("那个地址没有回应"), "\(zh.stderr)")
    let grade = try bazaar(["grade", "--lrs", "--courses", Self.courses, "--data-dir", data], environment: down, timeLimit: 60)
    #expect(grade.status == 2 && grade.stderr.contains("nothing answers at that address"), "\(grade.stderr)")
  }
}
