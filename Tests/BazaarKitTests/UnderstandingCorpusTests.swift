import Foundation
import Testing
@testable import BazaarKit

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().path

/// The hand-labelled corpus (Fixtures/understanding, labels written from the brief, never from
/// Bazaar's output) read through Bazaar: the goals of issue 11.
@Suite("understanding corpus")
struct UnderstandingCorpusTests {
  static let corpus = UnderstandingCorpus.evaluate(
    folder: packageRoot + "/Tests/BazaarKitTests/Fixtures/understanding", coursesFolder: packageRoot + "/courses")

  @Test func theCorpusIsBigAndReadable() {
    #expect(Self.corpus.problems.isEmpty, "\(Self.corpus.problems)")
    #expect(Self.corpus.outcomes.count >= 400)
    let english = Self.corpus.outcomes.filter { $0.file.contains("-en") }.count
    #expect(english >= 100)
  }

  @Test func noCompliantLineGetsAViolation() {
    let lines = Self.corpus.falseViolationLines.map { "\($0.foundViolations) ← [\($0.file)] \($0.text)" }
    #expect(lines.isEmpty, "\(lines.joined(separator: "\n"))")
  }

  @Test func violationsAreFound() {
    let r = Self.corpus.violationRecall
    let missed = Self.corpus.missedViolations.map { "\($0.1) ← [\($0.0.file)] \($0.0.text)" }
    #expect(Double(r.found) >= 0.95 * Double(r.total), "\(r.found)/\(r.total); missed:\n\(missed.joined(separator: "\n"))")
  }

  @Test func topicsAreRight() {
    let c = Self.corpus
    #expect(c.topicPrecision >= 0.9 && c.topicRecall >= 0.9, "precision \(c.topicPrecision), recall \(c.topicRecall)")
  }
}
