import Foundation
import Testing

@Suite("bazaar lint, through pipes")
struct LintEndToEndTests {
  @Test func shippedCoursesLintCleanWithStrict() throws {
    let run = try bazaar(["lint", "--strict", packageRoot + "/courses"])
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    #expect(run.stdout.contains("0 errors, 0 warnings"))
    #expect(!run.stdout.contains("\u{1B}["), "no colour when stdout is a pipe")
  }

  @Test func errorsExitOneAndNamePathLineColumn() throws {
    let dir = try temporaryFolder()
    let file = dir + "/broken.yaml"
    try """
      id: broken
      version: "1"
      title: Broken
      languages: [en]
      lessons:
        - id: l1
          title: L
          steps:
            - id: q1
              kind: number
              prompt: Price?
              answer: 39.9
              explaination: why
      """.write(toFile: file, atomically: true, encoding: .utf8)
    let run = try bazaar(["lint", file])
    #expect(run.status == 1)
    #expect(run.stdout.contains("\(file):13:9: error: [E011] unknown key `explaination` in a `number` question; did you mean `explanation`?"))
    #expect(run.stdout.contains(" 13 |         explaination: why\n    |         ^"))
    #expect(run.stdout.contains("1 error"))
  }

  @Test func warningsPassUnlessStrict() throws {
    let dir = try temporaryFolder()
    let file = dir + "/warn.yaml"
    try """
      id: warn
      version: "1"
      title: W
      languages: [zh, en]
      lessons:
        - id: l1
          title: {zh: 课, en: Lesson}
          steps:
            - id: q1
              kind: truefalse
              prompt: {zh: 对吗？}
              answer: true
      """.write(toFile: file, atomically: true, encoding: .utf8)
    let lenient = try bazaar(["lint", file])
    #expect(lenient.status == 0)
    #expect(lenient.stdout.contains("warning: [W001]"))
    #expect(lenient.stdout.contains("warning: [W002]"))
    let strict = try bazaar(["lint", "--strict", file])
    #expect(strict.status == 1)
  }

  @Test func missingPathIsAnIOErrorExitTwo() throws {
    let run = try bazaar(["lint", "/no/such/course.yaml"])
    #expect(run.status == 2)
    #expect(run.stdout.contains("/no/such/course.yaml: no such file or folder"))
  }

  @Test func usageErrorExitsTwo() throws {
    let run = try bazaar(["lint", "--format", "xml", packageRoot + "/courses"])
    #expect(run.status == 2)
    #expect(run.stderr.contains("xml"))
  }

  @Test func jsonFormatIsMachineReadable() throws {
    let dir = try temporaryFolder()
    let file = dir + "/bad.yaml"
    try "id: bad\nversion: 1\ntitle: B\nlanguages: [en]\nlessons: []\n".write(toFile: file, atomically: true, encoding: .utf8)
    let run = try bazaar(["lint", "--format", "json", file])
    #expect(run.status == 1)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    #expect(object["ok"] as? Bool == false)
    let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
    let first = try #require(diagnostics.first)
    #expect(first["code"] as? String == "E016")
    #expect(first["line"] as? Int == 5)
    #expect(first["column"] as? Int == 10)
    #expect(first["path"] as? String == file)
  }

  @Test func colourNeverWithNoColorEvenIfForcedTTYIsAbsent() throws {
    let run = try bazaar(["lint", packageRoot + "/courses/sampler.yaml"], environment: ["NO_COLOR": "1", "TERM": "xterm"])
    #expect(!run.stdout.contains("\u{1B}["))
  }

  @Test func newCourseScaffoldPassesLintStrict() throws {
    let dir = try temporaryFolder()
    let made = try bazaar(["new", "course", "rose-tea"], in: dir)
    #expect(made.status == 0, "\(made.stderr)")
    #expect(FileManager.default.fileExists(atPath: dir + "/rose-tea.yaml"))
    let lint = try bazaar(["lint", "--strict", dir + "/rose-tea.yaml"])
    #expect(lint.status == 0, "\(lint.stdout)")
    let again = try bazaar(["new", "course", "rose-tea"], in: dir)
    #expect(again.status == 2)
    #expect(again.stderr.contains("already exists"))
    let bad = try bazaar(["new", "course", "玫瑰 茶"], in: dir)
    #expect(bad.status == 2)
  }

  @Test func newBankIsIncludedByANewCourseAndBothPassLintStrict() throws {
    let dir = try temporaryFolder()
    try FileManager.default.createDirectory(atPath: dir + "/courses", withIntermediateDirectories: true)
    #expect(try bazaar(["new", "course", "rose-tea"], in: dir).status == 0)
    let made = try bazaar(["new", "bank", "margins"], in: dir)
    #expect(made.status == 0, "\(made.stderr)")
    let bank = try String(contentsOfFile: dir + "/courses/banks/margins.yaml", encoding: .utf8)
    #expect(bank.hasPrefix("# yaml-language-server: $schema="))
    #expect(bank.contains("bank.schema.json"))
    // The course takes the bank's question into its first lesson.
    let coursePath = dir + "/courses/rose-tea.yaml"
    var course = try String(contentsOfFile: coursePath, encoding: .utf8)
    let steps = try #require(course.range(of: "    steps:\n"))
    course.insert(contentsOf: "      - include: banks/margins.yaml\n", at: steps.upperBound)
    try course.write(toFile: coursePath, atomically: true, encoding: .utf8)
    let lint = try bazaar(["lint", "--strict", dir + "/courses"])
    #expect(lint.status == 0, "\(lint.stdout)")
    #expect(lint.stdout.contains("2 files checked"), "\(lint.stdout)")
  }

  @Test func versionAndHelp() throws {
    let version = try bazaar(["--version"])
    #expect(version.status == 0)
    #expect(version.stdout.split(separator: ".").count == 3)
    let help = try bazaar(["lint", "--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("Exit status: 0 clean"))
  }
}
