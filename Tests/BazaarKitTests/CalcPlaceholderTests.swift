import Testing
@testable import BazaarKit

/// A calc question's hints and explanation show the learner's own values, as its prompt does.
@Suite("calc placeholders in hints and explanations")
struct CalcPlaceholderTests {
  @Test func theExplanationWorksTheLearnersNumbers() throws {
    let q = try question("""
      kind: calc
      prompt: Cost {cost} yuan. Price for a {margin%} margin?
      vars:
        cost: [28]
        margin: [0.3]
      formula: cost / (1 - margin)
      hints: ["Divide {cost} by 1 − {margin%}."]
      explanation: "{cost} ÷ (1 − {margin%}) = 40"
      """)
    let p = Presentation(q, seed: "learner-1")
    #expect(p.prompt("en") == "Cost 28 yuan. Price for a 30% margin?")
    #expect(p.filled(q.hints[0].text("en")) == "Divide 28 by 1 − 30%.")
    #expect(p.filled(q.explanation?.text("en") ?? "") == "28 ÷ (1 − 30%) = 40")
    // Braces that name no variable are left as they are (lint reports them, E046).
    #expect(p.filled("{x} and {") == "{x} and {")
  }
}
