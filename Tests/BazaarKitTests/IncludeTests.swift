import Foundation
import Testing
@testable import BazaarKit

/// Question banks shared by courses: `- include: FILE` in a lesson's steps takes a bank's questions
/// in, and lint follows them into the bank file, reporting each finding at its line there.
@Suite("question banks: include")
struct IncludeTests {
  static let bank = """
    bank: margin-questions
    title: {zh: 毛利题库, en: Margin questions}
    languages: [zh, en]
    questions:
      - id: margin-1
        kind: number
        prompt: {zh: 售价100元，成本70元，毛利率是多少？, en: "Price 100, cost 70. Gross margin?"}
        answer: 30
        percent: true
        explanation: {zh: (100-70)/100 = 30%, en: (100-70)/100 = 30%}
      - id: margin-2
        kind: truefalse
        prompt: {zh: 毛利率的分母是成本。, en: Gross margin divides by the cost.}
        answer: false
        explanation: {zh: 分母是售价。, en: It divides by the price.}
      - id: margin-3
        kind: short
        prompt: {zh: 快递的钱叫什么？, en: What is the courier's charge called?}
        answers: [运费, postage]
        explanation: {zh: 运费。, en: Postage.}

    """

  static func course(steps: String, languages: String = "[zh, en]", extra: String = "") -> String {
    """
    id: pricing
    version: "1"
    title: {zh: 定价, en: Pricing}
    languages: \(languages)
    \(extra)
    lessons:
      - id: quiz
        title: {zh: 测验, en: Quiz}
        steps:
    \(steps)

    """
  }

  static func load(_ files: [String: String], _ path: String = "/c/courses/pricing.yaml") -> LoadedCourse {
    let fs = MemoryFileSystem(files)
    return CourseLoader.load(path: path, fileSystem: fs)
  }

  @Test func bankQuestionsTakeTheStepsPlace() throws {
    let text = Self.course(steps: """
          - text: {zh: 先读题。, en: Read first.}
          - include: ../banks/margins.yaml
          - id: own
            kind: truefalse
            prompt: {zh: 包邮要写清楚。, en: Say clearly if postage is free.}
            answer: true
            explanation: x
      """)
    let loaded = Self.load(["/c/courses/pricing.yaml": text, "/c/banks/margins.yaml": Self.bank])
    #expect(loaded.diagnostics.filter(\.isError).isEmpty, "\(loaded.diagnostics.map(\.message))")
    let course = try #require(loaded.course)
    #expect(course.questions.map(\.id) == ["margin-1", "margin-2", "margin-3", "own"])
    #expect(course.questions.first?.location.path == "/c/banks/margins.yaml")
    #expect(course.questions.first?.location.line == 5)
    #expect(loaded.includedPaths == ["/c/banks/margins.yaml"])
  }

  @Test func aPoolDrawsFromTheBank() throws {
    let text = Self.course(steps: "      - include: ../banks/margins.yaml").replacingOccurrences(
      of: "    title: {zh: 测验, en: Quiz}\n", with: "    title: {zh: 测验, en: Quiz}\n    draw: 2\n")
    let loaded = Self.load(["/c/courses/pricing.yaml": text, "/c/banks/margins.yaml": Self.bank])
    let course = try #require(loaded.course, "\(loaded.diagnostics.map(\.message))")
    #expect(course.lessons[0].draw == 2)
    #expect(course.drawn(seed: "learner-7").questions.count == 2)
  }

  @Test func aProblemInTheBankIsReportedAtItsLineThere() throws {
    let broken = Self.bank.replacingOccurrences(of: "    answer: false\n", with: "    answer: perhaps\n")
      .replacingOccurrences(of: "    answers: [运费, postage]\n", with: "    answers: [运费, postage]\n    tolerance: 1\n")
    let loaded = Self.load([
      "/c/courses/pricing.yaml": Self.course(steps: "      - include: ../banks/margins.yaml"), "/c/banks/margins.yaml": broken,
    ])
    let inBank = loaded.diagnostics.filter { $0.location?.path == "/c/banks/margins.yaml" }
    let bad = try #require(inBank.first { $0.code == "E012" })
    #expect(bad.location?.line == 14)
    #expect(bad.sourceLine == "    answer: perhaps")
    let misplaced = try #require(inBank.first { $0.code == "E019" })
    #expect(misplaced.location?.line == 20)
    #expect(loaded.course == nil)
  }

  @Test func citationsInTheBankNeedTheCoursesSources() throws {
    let cited = Self.bank.replacingOccurrences(of: "    answer: 30\n", with: "    answer: 30\n    cites: [R99]\n")
    let loaded = Self.load([
      "/c/courses/pricing.yaml": Self.course(
        steps: "      - include: ../banks/margins.yaml", extra: "sources:\n  - {id: R31, title: Margin vs markup}"),
      "/c/banks/margins.yaml": cited,
    ])
    let e = try #require(loaded.diagnostics.first { $0.code == "E027" })
    #expect(e.location?.path == "/c/banks/margins.yaml")
    #expect(e.location?.line == 9)
    #expect(e.message.contains("R99"), "\(e.message)")
  }

  @Test("a bank that cannot be used is named at the include step", arguments: [
    ("../banks/nothere.yaml", "not found"),
    ("../banks/notabank.yaml", "not a question bank"),
  ])
  func unusableBank(_ path: String, _ words: String) throws {
    let loaded = Self.load([
      "/c/courses/pricing.yaml": Self.course(steps: "      - include: \(path)"),
      "/c/banks/notabank.yaml": "id: x\nversion: 1\n",
    ])
    let e = try #require(loaded.diagnostics.first { $0.code == "E047" })
    #expect(e.location?.path == "/c/courses/pricing.yaml")
    #expect(e.location?.line == 10)
    #expect(e.message.contains(words), "\(e.message)")
  }

  @Test func includedTwiceIsAnError() throws {
    let loaded = Self.load([
      "/c/courses/pricing.yaml": Self.course(steps: "      - include: ../banks/margins.yaml\n      - include: ../banks/./margins.yaml"),
      "/c/banks/margins.yaml": Self.bank,
    ])
    let e = try #require(loaded.diagnostics.first { $0.code == "E047" })
    #expect(e.location?.line == 11)
    #expect(!loaded.diagnostics.contains { $0.code == "E014" }, "the questions are not read twice")
  }

  @Test func aBankCannotIncludeABank() throws {
    let nested = Self.bank + "  - include: other.yaml\n"
    let loaded = Self.load([
      "/c/courses/pricing.yaml": Self.course(steps: "      - include: ../banks/margins.yaml"), "/c/banks/margins.yaml": nested,
    ])
    let e = try #require(loaded.diagnostics.first { $0.code == "E047" })
    #expect(e.location?.path == "/c/banks/margins.yaml")
  }

  @Test func aCourseLanguageTheBankLacksIsSaidOnce() throws {
    let loaded = Self.load([
      "/c/courses/pricing.yaml": Self.course(steps: "      - include: ../banks/margins.yaml", languages: "[zh, en, ug]")
        .replacingOccurrences(of: "{zh: 定价, en: Pricing}", with: "{zh: 定价, en: Pricing, ug: باھا}")
        .replacingOccurrences(of: "{zh: 测验, en: Quiz}", with: "{zh: 测验, en: Quiz, ug: سىناق}"),
      "/c/banks/margins.yaml": Self.bank,
    ])
    let w = loaded.diagnostics.filter { $0.code == "W001" }
    #expect(w.count == 1, "\(w.map(\.message))")
    #expect(w.first?.location?.path == "/c/courses/pricing.yaml")
    #expect(loaded.course != nil)
  }

  @Test func aChangedBankIsAChangedCourse() throws {
    let course = Self.course(steps: "      - include: ../banks/margins.yaml")
    let a = Self.load(["/c/courses/pricing.yaml": course, "/c/banks/margins.yaml": Self.bank])
    let b = Self.load([
      "/c/courses/pricing.yaml": course,
      "/c/banks/margins.yaml": Self.bank.replacingOccurrences(of: "answer: 30", with: "answer: 31"),
    ])
    let da = try #require(a.course?.digest)
    let db = try #require(b.course?.digest)
    #expect(da != db)
  }

  @Test func lintChecksABankOnItsOwnAndSelfChecksIt() throws {
    let wrongKey = Self.bank.replacingOccurrences(
      of: "    explanation: {zh: (100-70)/100 = 30%, en: (100-70)/100 = 30%}\n",
      with: "    explanation: {zh: (100-70)/100 = 30%, en: (100-70)/100 = 30%}\n    wrong_examples: [\"30%\"]\n")
    let fs = MemoryFileSystem(["/c/banks/margins.yaml": wrongKey, "/c/courses/pricing.yaml": Self.course(steps: "      - include: ../banks/margins.yaml")])
    let linted = Linter(fileSystem: fs).lintFile("/c/banks/margins.yaml")
    #expect(linted.kind == "bank")
    #expect(linted.questions == 3)
    let e = try #require(linted.diagnostics.first { $0.code == "E031" })
    #expect(e.location?.line == 11)
    // The course that includes it reports the same finding, in the bank.
    let course = Linter(fileSystem: fs).lintFile("/c/courses/pricing.yaml")
    #expect(course.diagnostics.contains { $0.code == "E031" && $0.location?.path == "/c/banks/margins.yaml" })
  }

  @Test func aTypoInTheBankPathIsAnsweredWithTheNearestBank() throws {
    let loaded = Self.load([
      "/c/courses/pricing.yaml": Self.course(steps: "      - include: ../banks/margin.yaml"), "/c/banks/margins.yaml": Self.bank,
    ])
    let e = try #require(loaded.diagnostics.first { $0.code == "E047" })
    #expect(e.message.contains("`../banks/margins.yaml`"), "\(e.message)")
  }

  @Test func lintingAFolderShowsEachBankFindingOnceAndCountsEachQuestionOnce() throws {
    let broken = Self.bank.replacingOccurrences(of: "    answer: false\n", with: "    answer: perhaps\n")
    let fs = MemoryFileSystem([
      "/c/courses/pricing.yaml": Self.course(steps: "      - include: banks/margins.yaml"),
      "/c/courses/banks/margins.yaml": broken,
    ])
    let report = Linter(fileSystem: fs).lint(["/c/courses"])
    #expect(report.files.map(\.kind) == ["bank", "course"])
    #expect(report.diagnostics.filter { $0.code == "E012" }.count == 1)
    // The bank's two sound questions, once (the broken one cannot be self-checked), not 2 + 2.
    #expect(report.files.reduce(0) { $0 + $1.questions } == 2)
  }

  @Test func theCatalogListsCoursesNotBanks() {
    let fs = MemoryFileSystem([
      "/c/courses/pricing.yaml": Self.course(steps: "      - include: banks/margins.yaml"), "/c/courses/banks/margins.yaml": Self.bank,
    ])
    let catalog = CourseCatalog(folders: ["/c/courses"], fileSystem: fs)
    #expect(catalog.entries.map(\.path) == ["/c/courses/pricing.yaml"])
    #expect(catalog.entries.first?.loaded.course?.questions.count == 3)
  }
}
