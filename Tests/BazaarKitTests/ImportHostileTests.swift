import BazaarExchange
import Foundation
import Testing

@testable import BazaarKit

/// Question banks come from anywhere: every reader finishes quickly on hostile input, never
/// crashes, and says what it could not read.
@Suite struct ImportHostileTests {
  static let big = 400_000

  @Test func giftReaderOnHostileText() {
    let inputs = [
      String(repeating: "{", count: Self.big), String(repeating: "}", count: Self.big), String(repeating: "::", count: Self.big),
      "x{" + String(repeating: "~", count: Self.big) + "}", "x{#" + String(repeating: "=", count: Self.big) + "}",
      "[html]" + String(repeating: "<", count: Self.big) + "{T}", String(repeating: "\\", count: Self.big),
      "$CATEGORY:" + String(repeating: "/", count: Self.big), String(repeating: "q{=a}\n\n", count: 20_000),
      "x{=%" + String(repeating: "9", count: 5_000) + "%a ~b}", "x{#1e999:1e999}", "x{#1..}", "\u{0}{\u{0}}",
    ]
    for (n, text) in inputs.enumerated() {
      let bank = withDeadline(10, "GIFT input \(n)") { GIFTReader.read(text, path: "h.gift") }
      #expect(bank != nil)
    }
  }

  /// Weights, tolerances and points that are no finite number never reach the course file.
  @Test func numbersThatAreNotNumbers() {
    let bank = GIFTReader.read("x{~%nan%a =b ~%1e999%c}\n\ny{#1e999:nan}\n\nz{~%-inf%a ~%50%b ~%50%c}", path: "n.gift")
    let out = CourseWriter.write(bank, courseId: "n", title: "n", sources: ["n"], messages: .english)
    // Kept as text (`%nan%a`) or as a TODO with its source, never as a number.
    for bad in [": nan", ": .nan", ": inf", ": -inf", ": .inf", ": -.inf"] { #expect(!out.yaml.lowercased().contains(bad), "\(out.yaml)") }
    let sheet = SheetReader.read(rows: [["题干", "选项A", "选项B", "答案", "分值"], ["q?", "a", "b", "A", "nan"], ["r?", "a", "b", "B", "1e999"]], path: "s")
    let written = CourseWriter.write(sheet, courseId: "s", title: "s", sources: ["s"], messages: .english)
    #expect(!written.yaml.contains("points"), "\(written.yaml)")
  }

  @Test func textBankAndAikenOnHostileText() {
    let inputs = [
      String(repeating: "A、", count: Self.big), String(repeating: "1. ", count: Self.big), String(repeating: "（", count: Self.big),
      "1. q\n" + String(repeating: "A、x ", count: 50_000) + "\n答案：" + String(repeating: "A", count: Self.big),
      String(repeating: "一、单选题\n", count: 50_000), String(repeating: "ANSWER: A\n", count: 50_000),
      "1. " + String(repeating: "__", count: Self.big) + "\n答案：" + String(repeating: "；", count: 50_000),
    ]
    for (n, text) in inputs.enumerated() {
      for layout in [TextBankReader.Layout.chinese, .aiken] {
        let bank = withDeadline(10, "text bank input \(n)") { TextBankReader.read(text, path: "h.txt", layout: layout) }
        #expect(bank != nil)
      }
    }
  }

  @Test func writerAndIdsStayLinear() {
    let ids = withDeadline(10, "10,000 equal ids") { BankIds.unique(Array(repeating: "q", count: 10_000)) }
    #expect(ids?.last == "q-10000")
    let bank = QuestionBank(
      questions: (0..<2_000).map { _ in
        BankQuestion(prompt: "Same?", body: .trueFalse(true, feedbackIfTrue: nil, feedbackIfFalse: nil), location: SourceLocation(path: "x", line: 1, column: 1))
      })
    let out = withDeadline(20, "2,000 questions written") { CourseWriter.write(bank, courseId: "x", title: "x", sources: ["x"], messages: .english) }
    #expect(out?.written == 2_000)
  }

  @Test func slipsScanOnHostileText() {
    let inputs = [String(repeating: "&", count: Self.big), String(repeating: "*", count: Self.big), String(repeating: "a：", count: Self.big),
                  String(repeating: "\t", count: Self.big), "k: [" + String(repeating: "a，", count: Self.big) + "]"]
    for (n, text) in inputs.enumerated() {
      let slips = withDeadline(10, "slips input \(n)") { YAMLSlips.scan(text).findings.count }
      #expect(slips != nil)
    }
  }

  @Test func brokenWorkbooksAndXML() {
    #expect((try? XLSX.rows(Array("not a zip".utf8)).get()) == nil)
    #expect((try? XLSX.rows([0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0, count: 100)).get()) == nil)
    let xml = "<quiz>" + String(repeating: "<question type=\"truefalse\"><questiontext><text>x</text></questiontext></question>", count: 5_000) + "</quiz>"
    let bank = withDeadline(20, "5,000 XML questions") { try? MoodleXML.read(Array(xml.utf8), path: "x.xml").get() }
    #expect(bank??.leftOut.count == 5_000)
  }
}
