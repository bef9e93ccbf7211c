import Foundation
import Testing

@testable import BazaarKit

/// The slips scan (YAMLSlips): what it must find, in both languages, and the look-alikes it must
/// leave alone (each a line real course files have).
@Suite struct YAMLSlipsTests {
  static func scan(_ text: String) -> [String] {
    YAMLSlips.scan(text).findings.map { "\($0.line):\($0.column) \($0.code)" }
  }

  @Test func lookAlikesAreLeftAlone() {
    let text = """
      id: fine
      url: https://example.com/page#part
      lessons:
        - id: l1
          steps:
            - text: |-
                说明：这是正文，不是键。
                kind choice 也只是正文
            - id: q1
              kind: number
              answer: 39.9  # the price, a real comment
              prompt: 一场直播 GMV：10000 元，
                GMV：这一行是上一行的续行
              hints:
                - text about the unit is here
                - value for money matters
              cues: [邮费, 运费]
              reason: &nodate {zh: 说不准}
              advice: *nodate
              prompt2: "Order #37 is here"
      """
    #expect(Self.scan(text) == [])
  }

  @Test func everySlipIsFoundInOneRun() {
    let text = """
      id：x
      lessons:
        - id: l1
          title: One
          steps:
            - id: q1
              kind truefalse
      \t      prompt: Is it free?
              answer：true
      """
    #expect(Self.scan(text) == ["1:3 E043", "7:13 E044", "8:1 E008", "9:15 E043"])
    let mended = YAMLSlips.scan(text).mended ?? ""
    #expect(mended.contains("id: x\n"))
    #expect(mended.contains("kind: truefalse"))
    #expect(mended.contains("answer: true"))
  }

  @Test func chineseWordsForChineseAuthors() throws {
    let yaml = "id：x\nversion: \"1\"\ntitle: T\nlanguages: [zh]\nlessons: []\n"
    let loaded = CourseLoader.parse(source: SourceText(path: "c.yaml", text: yaml), messages: MessageCatalog.load(language: "zh"))
    let first = try #require(loaded.diagnostics.first)
    #expect(first.code == "E043")
    #expect(first.message == "`id` 后面打成了中文冒号 `：`；YAML 要用英文冒号 `:` 再加一个空格：`id: x`")
    #expect(first.location?.line == 1 && first.location?.column == 3)
  }

  @Test func findingsCarryTheLineAsItShouldRead() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    let file = root.appendingPathComponent("Fixtures/broken/39-fullwidth-colon-and-tabs.yaml").path
    let report = Linter().lint([file])
    let fixes = report.diagnostics.compactMap { d in d.fix.map { "\(d.location?.line ?? 0) \($0)" } }
    #expect(fixes == ["17         prompt: 包邮吗？", "18         answer: true", "19         explanation: 见店铺说明。"])
    let json = DiagnosticRenderer.json(report, strict: false)
    #expect(json.contains("\"fix\" : \"        prompt: 包邮吗？\""))
    #expect(report.diagnostics.first { $0.code == "E011" }?.fix == nil)
    let marks = Linter().lint([root.appendingPathComponent("Fixtures/broken/41-star-ampersand-bang.yaml").path])
    #expect(marks.diagnostics.first { $0.code == "E045" }?.fix == "        explanation: \"*Tip:* divide by the price\"")
  }
}
