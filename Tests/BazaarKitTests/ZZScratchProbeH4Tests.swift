// TEMPORARY probe (helper h4); deleted before hand-off.
import Foundation
import Testing
import Yams
@testable import BazaarKit

@Suite struct ZZScratchProbeH4 {
  @Test func probe() throws {
    let base = "id: x\nversion: \"1\"\ntitle: t\nlanguages: [zh]\nlessons:\n  - id: l1\n    title: t\n    steps:\n      - text: hi\n"
    for n in [5_000, 10_000, 20_000] {
      var s = base
      for i in 0..<n { s += "useless\(i): v\n" }
      let t0 = ContinuousClock.now
      _ = try Yams.compose(yaml: s)
      let t1 = ContinuousClock.now
      let r = CourseLoader.parse(bytes: Array(s.utf8), path: "p.yaml")
      let t2 = ContinuousClock.now
      print("PROBE n=\(n) compose=\(t1 - t0) parse=\(t2 - t1) diags=\(r.diagnostics.count)")
    }
    for levels in [4, 5, 6] {
      var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
      for l in 1..<levels { lines.append("a\(l): &a\(l) [" + Array(repeating: "*a\(l-1)", count: 10).joined(separator: ", ") + "]") }
      lines.append("? *a\(levels-1)")
      lines.append(": v")
      let t0 = ContinuousClock.now
      _ = try? Yams.compose(yaml: lines.joined(separator: "\n"))
      print("PROBE bomb-key levels=\(levels) compose=\(ContinuousClock.now - t0)")
    }
    let short = "id: x\nversion: \"1\"\ntitle: t\nlanguages: [zh]\nlessons:\n  - id: l1\n    title: t\n    steps:\n      - {kind: short, id: q, prompt: p, answer: a, tolerance: 1}\n"
    let r = CourseLoader.parse(bytes: Array(short.utf8), path: "p.yaml")
    print("PROBE E019:", r.diagnostics.filter { $0.code == "E019" }.map(\.message))
  }
}
