import Foundation
import Testing

@testable import BazaarKit

// Lint of lexicon patterns (E041) and of phrase families a course names (E042). Files live in a
// MemoryFileSystem; every line and column below is counted by hand in the YAML text (columns in
// characters, from 1), and the pattern column is that of the character that is wrong.

private func lintLexicon(_ yaml: String, path: String) -> LintedFile {
  Linter(fileSystem: MemoryFileSystem([path: yaml])).lintFile(path)
}

private func describe(_ f: LintedFile) -> String {
  f.diagnostics.map { "\($0.location?.description ?? "-"): \($0.code) \($0.message)" }.joined(separator: "\n")
}

@Suite("LexiconPatternLint: E041")
struct LexiconPatternLintTests {
  @Test("an unclosed ( in a quoted term: E041 at the (, with the pattern in the message")
  func quotedTerm() throws {
    let path = "c/lexicon/bad.yaml"
    let file = lintLexicon(
      """
      lexicon: bad
      category: absolute
      terms:
        - term: "扣(个|1"

      """, path: path)
    #expect(file.kind == "lexicon")
    let errors = file.diagnostics.filter(\.isError)
    try #require(errors.count == 1, "\(describe(file))")
    let d = errors[0]
    #expect(d.code == "E041")
    #expect(d.severity == .error)
    #expect(d.location?.path == path)
    // `  - term: "扣(个|1"`: the quote is column 11, 扣 12, ( 13.
    #expect(d.location?.line == 4)
    #expect(d.location?.column == 13)
    #expect(d.message.contains("扣(个|1"))
    #expect(d.message.contains("is never closed"))
  }

  @Test("a plain and a single-quoted list item point at the ( too")
  func plainAndSingleQuoted() throws {
    let plain = lintLexicon(
      """
      lexicon: bad
      category: absolute
      terms:
        - 扣(个|1

      """, path: "c/lexicon/bad.yaml")
    let p = try #require(plain.diagnostics.first { $0.code == "E041" }, "\(describe(plain))")
    // `  - 扣(个|1`: 扣 is column 5, ( 6.
    #expect(p.location?.line == 4)
    #expect(p.location?.column == 6)

    let single = lintLexicon(
      """
      lexicon: bad
      category: absolute
      terms:
        - '扣(个|1'

      """, path: "c/lexicon/bad.yaml")
    let s = try #require(single.diagnostics.first { $0.code == "E041" }, "\(describe(single))")
    // `  - '扣(个|1'`: the quote is column 5, 扣 6, ( 7.
    #expect(s.location?.line == 4)
    #expect(s.location?.column == 7)
  }

  @Test("a double-quoted pattern with a YAML escape still points at the (")
  func doubleQuotedWithEscape() throws {
    // The YAML `"\\(扣(个|1"` is the pattern `\(扣(个|1`: a literal ( then an unclosed group.
    // In the file: quote 5, \ 6, \ 7, ( 8, 扣 9, ( 10. The unclosed ( is at column 10.
    let file = lintLexicon(
      #"""
      lexicon: bad
      category: absolute
      terms:
        - "\\(扣(个|1"

      """#, path: "c/lexicon/bad.yaml")
    let d = try #require(file.diagnostics.first { $0.code == "E041" }, "\(describe(file))")
    #expect(d.location?.line == 4)
    #expect(d.location?.column == 10)
    #expect(d.message.contains(#"\(扣(个|1"#))
  }

  @Test("exemptions, family patterns and grammar lists are checked the same way")
  func otherPatternLists() throws {
    let exempt = lintLexicon(
      """
      lexicon: bad
      category: absolute
      exempt: ["第一(次"]
      terms:
        - 第一

      """, path: "c/lexicon/bad.yaml")
    let e = try #require(exempt.diagnostics.first { $0.code == "E041" }, "\(describe(exempt))")
    // `exempt: ["第一(次"]`: [ 9, quote 10, 第 11, 一 12, ( 13.
    #expect(e.location?.line == 3)
    #expect(e.location?.column == 13)

    let family = lintLexicon(
      """
      lexicon: cues
      category: cue
      families:
        greeting:
          patterns: ['大家好)']

      """, path: "c/lexicon/cues.yaml")
    let f = try #require(family.diagnostics.first { $0.code == "E041" }, "\(describe(family))")
    // `    patterns: ['大家好)']`: [ 15, quote 16, 大 17, 家 18, 好 19, ) 20.
    #expect(f.location?.line == 5)
    #expect(f.location?.column == 20)
    #expect(f.message.contains("closes nothing"))

    let grammar = lintLexicon(
      """
      lexicon: grammar-xx
      category: grammar
      negations:
        - 不
        - "(没|没有"

      """, path: "c/lexicon/grammar-xx.yaml")
    let g = try #require(grammar.diagnostics.first { $0.code == "E041" }, "\(describe(grammar))")
    #expect(g.location?.path == "c/lexicon/grammar-xx.yaml")
    #expect(g.location?.line == 5)
    #expect(g.location?.column == 6)
  }

  @Test("each problem kind has its own message")
  func messages() throws {
    let cases: [(term: String, words: String)] = [
      ("满##减", "`##`"),
      (#"扣1\"#, "ends with `\\`"),
      ("(|)", "matches nothing"),
      (String(repeating: "(a|b)", count: 10), "more than 512 phrases"),
    ]
    for c in cases {
      let yaml = "lexicon: bad\ncategory: absolute\nterms:\n  - term: '\(c.term)'\n"
      let file = lintLexicon(yaml, path: "c/lexicon/bad.yaml")
      let d = try #require(file.diagnostics.first { $0.code == "E041" }, "\(c.term): \(describe(file))")
      #expect(d.location?.line == 4, "\(c.term)")
      #expect(d.message.contains(c.words), "\(c.term): \(d.message)")
    }
  }

  @Test("valid patterns lint clean")
  func valid() {
    let file = lintLexicon(
      """
      lexicon: good
      title: Good
      category: absolute
      rule: a rule
      exempt: ['最佳食用(时间|期)']
      terms:
        - term: '扣(个|)#'
          exempt: ['第#单']
        - 'free (shipping|delivery)'
        - '\\(1\\)'
        - 第一(波|单|批)

      """, path: "c/lexicon/good.yaml")
    #expect(file.kind == "lexicon")
    #expect(file.diagnostics.isEmpty, "\(describe(file))")
    #expect(file.terms == 4)
  }
}

@Suite("LexiconPatternLint: E042")
struct LexiconPatternLintFamilyTests {
  static let cues = """
    lexicon: cues
    title: Cues
    category: cue
    families:
      greeting:
        patterns: [大家好, '(早上|晚上)好']
      interaction_command:
        patterns: ['扣(个|)1']

    """

  static func course(_ family: String) -> String {
    """
    id: fam
    version: "1"
    title: T
    languages: [zh, en]
    lexicons: [cues]
    lessons:
      - id: l
        title: L
        steps:
          - id: q
            kind: pitch
            prompt: 跟观众打个招呼
            concepts:
              - id: hello
                families: [\(family)]

    """
  }

  @Test("an unknown family: E042 at its name, with did you mean `greeting`")
  func didYouMean() throws {
    let fs = MemoryFileSystem(["c/course.yaml": Self.course("greting"), "c/lexicon/cues.yaml": Self.cues])
    let file = Linter(fileSystem: fs).lintFile("c/course.yaml")
    let e042 = file.diagnostics.filter { $0.code == "E042" }
    try #require(e042.count == 1, "\(describe(file))")
    let d = e042[0]
    #expect(d.severity == .error)
    #expect(d.location?.path == "c/course.yaml")
    // `            families: [greting]`: 12 spaces, families: 13–21, space 22, [ 23, g 24.
    #expect(d.location?.line == 15)
    #expect(d.location?.column == 24)
    #expect(d.message.contains("`greting`"))
    #expect(d.message.contains("did you mean `greeting`"))
  }

  @Test("the right family lints clean")
  func known() {
    let fs = MemoryFileSystem(["c/course.yaml": Self.course("greeting"), "c/lexicon/cues.yaml": Self.cues])
    let file = Linter(fileSystem: fs).lintFile("c/course.yaml")
    #expect(!file.diagnostics.contains { $0.code == "E042" }, "\(describe(file))")
    #expect(file.diagnostics.filter(\.isError).isEmpty, "\(describe(file))")
  }

  @Test("with no close family, E042 lists the families there are")
  func noGuess() throws {
    let fs = MemoryFileSystem(["c/course.yaml": Self.course("postage"), "c/lexicon/cues.yaml": Self.cues])
    let file = Linter(fileSystem: fs).lintFile("c/course.yaml")
    let d = try #require(file.diagnostics.first { $0.code == "E042" }, "\(describe(file))")
    #expect(!d.message.contains("did you mean"))
    #expect(d.message.contains("`greeting`, `interaction_command`"))
  }

  @Test("refusal is read, not looked up: no E042")
  func refusal() {
    let fs = MemoryFileSystem(["c/course.yaml": Self.course("refusal"), "c/lexicon/cues.yaml": Self.cues])
    let file = Linter(fileSystem: fs).lintFile("c/course.yaml")
    #expect(!file.diagnostics.contains { $0.code == "E042" }, "\(describe(file))")
  }
}
