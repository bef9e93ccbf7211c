import Foundation
import Testing

/// `bazaar sync --print`: the statements a learning record store would get, through a pipe.
@Suite("bazaar sync --print")
struct SyncEndToEndTests {
  static let samples = packageRoot + "/transcripts/samples"
  static let courses = packageRoot + "/courses"

  func tempFolder() throws -> String {
    let dir = NSTemporaryDirectory() + "bazaar-sync-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  func lines(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
  }

  @Test("the samples give one JSON statement per line, the same ones every run, named from lrs.json")
  func samples() throws {
    let data = try tempFolder()
    defer { try? FileManager.default.removeItem(atPath: data) }
    try Data(#"{"home_page": "https://hotan.example/centre-7", "activity_base": "https://hotan.example/xapi"}"#.utf8)
      .write(to: URL(fileURLWithPath: data + "/lrs.json"))
    let run = try bazaar(["sync", "--print", Self.samples, "--courses", Self.courses, "--data-dir", data])
    #expect(run.status == 0, "\(run.stderr)")
    let statements = try lines(run.stdout)
    #expect(statements.count > 100)
    #expect(run.stderr.contains("\(statements.count) statement(s) from 8 transcript(s)"), "\(run.stderr)")
    for s in statements {
      let actor = try #require(s["actor"] as? [String: Any])
      #expect((actor["account"] as? [String: Any])?["homePage"] as? String == "https://hotan.example/centre-7")
      let object = try #require(s["object"] as? [String: Any])
      #expect((object["id"] as? String)?.hasPrefix("https://hotan.example/xapi/course/") == true)
    }
    let again = try bazaar(["sync", "--print", Self.samples, "--courses", Self.courses, "--data-dir", data])
    #expect(again.stdout == run.stdout)
  }

  @Test("with no LRS set it says how to set one; plain http to another machine is refused; an empty folder is a usage error")
  func refusals() throws {
    let data = try tempFolder()
    defer { try? FileManager.default.removeItem(atPath: data) }
    let bare = try bazaar(["sync", Self.samples, "--courses", Self.courses, "--data-dir", data])
    #expect(bare.status == 2)
    #expect(bare.stderr.contains("BAZAAR_LRS_ENDPOINT") && bare.stderr.contains("lrs.json"), "\(bare.stderr)")
    #expect(bare.stdout.isEmpty)
    let plain = try bazaar(
      ["sync", Self.samples, "--courses", Self.courses, "--data-dir", data], environment: ["BAZAAR_LRS_ENDPOINT": "http://10.1.2.3/xAPI/"])
    #expect(plain.status == 2)
    #expect(plain.stderr.contains("--insecure"), "\(plain.stderr)")
    let empty = try bazaar(["sync", "--print", data, "--courses", Self.courses, "--data-dir", data])
    #expect(empty.status == 2)
    #expect(empty.stderr.contains("no transcript"), "\(empty.stderr)")
    let zh = try bazaar(["sync", "--print", data, "--courses", Self.courses, "--data-dir", data, "--ui-lang", "zh"])
    #expect(zh.stderr.contains("没有找到学习记录"), "\(zh.stderr)")
  }

  @Test("bad settings are named with the file and what to do: not an IRI, a password others can read")
  func settings() throws {
    let data = try tempFolder()
    defer { try? FileManager.default.removeItem(atPath: data) }
    let file = data + "/lrs.json"
    try Data(#"{"home_page": "hotan centre"}"#.utf8).write(to: URL(fileURLWithPath: file))
    let notIRI = try bazaar(["sync", "--print", Self.samples, "--courses", Self.courses, "--data-dir", data])
    #expect(notIRI.status == 2)
    #expect(notIRI.stderr.contains(file) && notIRI.stderr.contains("home_page"), "\(notIRI.stderr)")
    #expect(notIRI.stdout.isEmpty)
    try Data(#"{"password": "s3cret"}"#.utf8).write(to: URL(fileURLWithPath: file))
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
    let open = try bazaar(["sync", "--print", Self.samples, "--courses", Self.courses, "--data-dir", data])
    #expect(open.status == 2)
    #expect(open.stderr.contains("chmod 600"), "\(open.stderr)")
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
    let closed = try bazaar(["sync", "--print", Self.samples, "--courses", Self.courses, "--data-dir", data])
    #expect(closed.status == 0, "\(closed.stderr)")
    #expect(!closed.stdout.contains("s3cret") && !closed.stderr.contains("s3cret"))
    try Data("{\"home_page\": ".utf8).write(to: URL(fileURLWithPath: file))
    let broken = try bazaar(["sync", "--print", Self.samples, "--courses", Self.courses, "--data-dir", data])
    #expect(broken.status == 2)
    #expect(broken.stderr.contains("not valid JSON"), "\(broken.stderr)")
  }
}
