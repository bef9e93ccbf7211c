import Foundation
import Testing
@testable import BazaarKit

/// `bazaar` and its HTTP helper: the request and the reply over the helper's standard streams.
@Suite struct HelperLRSTransportTests {
  func script(_ body: String) throws -> String {
    let path = NSTemporaryDirectory() + "bazaar-helper-" + UUID().uuidString
    try Data(("#!/bin/sh\n" + body + "\n").utf8).write(to: URL(fileURLWithPath: path))
    try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
    return path
  }

  @Test func theRequestAndTheReplyRoundTrip() throws {
    let header = LRSHelperWire.Header(endpoint: "https://lrs.example/xAPI/", user: "u", password: "p w", timeout: 30)
    let bytes = LRSHelperWire.request(header, body: Array("[1,\n2]".utf8))
    let back = try #require(LRSHelperWire.request(bytes))
    #expect(back.header == header)
    #expect(back.body == Array("[1,\n2]".utf8))
    #expect(LRSHelperWire.request(Array("no newline".utf8)) == nil)
    #expect(LRSHelperWire.reply(LRSHelperWire.reply(.success(LRSResponse(status: 400, body: Array("why\nnot".utf8))))) == .success(LRSResponse(status: 400, body: Array("why\nnot".utf8))))
    #expect(LRSHelperWire.reply(LRSHelperWire.reply(.failure(.timeout))) == .failure(.timeout))
    #expect(LRSHelperWire.reply(LRSHelperWire.reply(.failure(.unreachable("refused")))) == .failure(.unreachable("refused")))
    #expect(LRSHelperWire.reply([]) == .failure(.unreachable("the HTTP helper gave no answer")))
  }

  @Test func theHelpersAnswerIsTheTransportsAndTheCredentialsGoOnItsInputNotItsArguments() throws {
    let seen = NSTemporaryDirectory() + "bazaar-helper-seen-" + UUID().uuidString
    let helper = try script("cat > '\(seen)'; echo \"$@\" >> '\(seen)'; printf 'status 204\\n'")
    let t = HelperLRSTransport(helper: helper, endpoint: "https://lrs.example/xAPI/", user: "centre", password: "s3cret")
    #expect(t.post(Array("[]".utf8)) == .success(LRSResponse(status: 204)))
    let input = try #require(FileManager.default.contents(atPath: seen))
    let request = try #require(LRSHelperWire.request(Array(input.dropLast())))  // the arguments' empty line
    #expect(request.header.password == "s3cret")
    #expect(request.body == Array("[]".utf8))
  }

  @Test func aHelperThatDiesEarlyIsNoAnswerNotACrash() throws {
    signal(SIGPIPE, SIG_IGN)  // as `bazaar sync` does
    let t = HelperLRSTransport(helper: try script("exit 3"), endpoint: "https://lrs.example/xAPI/", user: nil, password: nil)
    let big = Array(repeating: UInt8(ascii: " "), count: 1 << 20)
    #expect(t.post(big) == .failure(.unreachable("the HTTP helper gave no answer")))
    let missing = HelperLRSTransport(helper: "/nonexistent/bazaar-lrs", endpoint: "https://lrs.example/xAPI/", user: nil, password: nil)
    guard case .failure(.unreachable) = missing.post([]) else {
      Issue.record("a missing helper was not reported")
      return
    }
  }
}
