import Foundation
import Testing
@testable import BazaarKit

/// The plain-Swift replacements made for start-up time give what they replace.
@Suite struct StartupPathTests {
  @Test(arguments: ["  B ", "\tb\t", "\u{3000}Ｂ\u{3000}", "\u{00A0}x y\u{2009}", "", "   ", "\n a \n", "a", "\u{200B}Ｂ\u{200B}"])
  func trimmingSpacesIsFoundationsWhitespaceTrim(_ text: String) {
    #expect(text.trimmingSpaces == text.trimmingCharacters(in: .whitespaces))
  }

  @Test(arguments: [
    "  B ", "\tb\t", "\u{3000}答案\u{3000}", "\n a \r\n", "\u{85}x\u{2028}", "\u{2029}y\u{0B}\u{0C}", "", " \n ", "a",
    "12.5", "a\u{301} ", " 家人们 ", "Ｂ\u{200B}",
  ])
  func trimmingWhitespaceIsFoundationsWhitespaceAndNewlineTrim(_ text: String) {
    #expect(text.trimmingWhitespace == text.trimmingCharacters(in: .whitespacesAndNewlines))
  }

  @Test func trimmingKeepsWhatIsNotSpace() {
    #expect("\u{3000}答案：A\n".trimmingWhitespace == "答案：A")
    #expect(" a\u{301} ".trimmingWhitespace == "a\u{301}")
    #expect("\n\t".trimmingWhitespace == "")
    #expect("\nline\n".trimmingSpaces == "\nline\n")  // line breaks are not spaces
    #expect("x".trimmingWhitespace == "x")
  }

  @Test func sha256MatchesTheStandardVectors() {
    // FIPS 180-2 examples.
    #expect(Digest.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(Digest.sha256Hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
  }

  @Test func aFormulaStillNamesItsDenominator() throws {
    let chars = Array("成本 ÷ (价格 − 成本)")
    #expect(Formula.string(chars[5...]) == "(价格 − 成本)")
    #expect(Formula.string(chars[0..<0]) == "")
  }

  @Test func aliasBombLinesAreFoundWithoutSplittingTheText() {
    let text = "a: &x [1, 2]\nb: [*x, *x]\nc: 'no * here & there'\n"
    let found = YAMLReader.aliasExpansion(text)
    #expect(found?.line == 2)
  }
}
