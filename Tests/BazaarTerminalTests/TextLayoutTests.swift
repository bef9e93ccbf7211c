import BazaarKit
import Testing
@testable import BazaarTerminal

@Suite("text layout")
struct TextLayoutTests {
  func widths(_ text: String) -> [Int] { text.split(separator: "\n", omittingEmptySubsequences: false).map { DisplayWidth.of($0) } }

  @Test func chineseCharactersTakeTwoColumnsAndWrapAnywhere() {
    let text = String(repeating: "枣夹核桃", count: 10)  // 40 characters, 80 columns
    let wrapped = TextLayout.wrap(text, width: 30)
    #expect(widths(wrapped) == [30, 30, 20])
    #expect(wrapped.replacingOccurrences(of: "\n", with: "") == text)
  }

  @Test func closingPunctuationNeverStartsALine() {
    let text = "毛利率和加价率的分母不同，最容易混淆。"  // 19 characters
    for width in 10...40 {
      let lines = TextLayout.wrap(text, width: width).split(separator: "\n")
      #expect(lines.allSatisfy { !($0.first.map { TextLayout.noLineStart.contains($0) } ?? false) }, "width \(width)")
      #expect(lines.allSatisfy { DisplayWidth.of($0) <= width + 2 }, "width \(width)")
    }
  }

  @Test func englishWrapsAtSpaces() {
    let wrapped = TextLayout.wrap("Gross margin divides by the price, markup by the cost.", width: 20)
    #expect(wrapped == "Gross margin divides\nby the price, markup\nby the cost.")
  }

  @Test func colourCodesTakeNoColumns() {
    let style = Style(enabled: true)
    let line = style.dim("[4/5]") + " " + style.bold("判断：同一件商品的毛利率和加价率总是相等。")
    #expect(DisplayWidth.of(line) == 5 + 1 + 42)
    #expect(!TextLayout.wrap(line, width: 48).contains("\n"))
  }

  @Test func indentationIsKeptOnContinuationLines() {
    let wrapped = TextLayout.wrap("  B: this is the markup, not the margin at all", width: 20)
    #expect(wrapped.split(separator: "\n").allSatisfy { $0.hasPrefix("  ") })
    let hanging = TextLayout.wrap("A  一个很长很长很长很长很长的选项文字", width: 20, indent: "     ", indentFirst: true)
    #expect(hanging.split(separator: "\n").allSatisfy { $0.hasPrefix("     ") })
  }

  @Test func noWidthMeansNoWrapping() {
    let text = String(repeating: "word ", count: 50)
    #expect(TextLayout.wrap(text, width: nil) == text)
  }

  @Test func aWordLongerThanTheLineIsCut() {
    let wrapped = TextLayout.wrap(String(repeating: "x", count: 45), width: 20)
    #expect(widths(wrapped) == [20, 20, 5])
  }
}

@Suite("sanitising")
struct SanitizeTests {
  @Test func escapesAndControlsFromFilesAreNeutralised() {
    let hostile = "正常\u{1B}[2J\u{1B}]0;title\u{07}\u{202E}txt.exe\u{0}end"
    let clean = Sanitize.line(hostile)
    #expect(!clean.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{202E}" })
    #expect(clean.hasPrefix("正常"))
    #expect(clean.hasSuffix("end"))
  }

  @Test func uyghurTextIsKept() {
    #expect(Sanitize.line("مىھرىگۈل") == "مىھرىگۈل")
  }
}
