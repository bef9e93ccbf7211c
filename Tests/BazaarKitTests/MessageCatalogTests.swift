import Foundation
import Testing

@testable import BazaarKit

/// `{name}` placeholders in a template (literal braces such as `{zh: …, en: …}` are not placeholders).
private func placeholders(_ template: String) -> Set<String> {
  var names = Set<String>()
  var rest = template[...]
  while let open = rest.firstIndex(of: "{") {
    let after = rest[rest.index(after: open)...]
    guard let close = after.firstIndex(of: "}") else { break }
    let name = after[..<close]
    if let first = name.first, first.isASCII, first.isLetter,
      name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
    {
      names.insert(String(name))
    }
    rest = after
  }
  return names
}

/// A temporary folder, removed after `body`.
private func withTemporaryFolder<T>(_ body: (String) throws -> T) rethrows -> T {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-messages-\(UUID().uuidString)").path
  try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(atPath: dir) }
  return try body(dir)
}

/// A small course with one misspelt question key (`explaination`).
private let misspeltCourse = """
  id: demo
  version: "1"
  title: {zh: 演示, en: Demo}
  languages: [zh, en]
  lessons:
    - id: l1
      title: {zh: 第一课, en: One}
      steps:
        - id: q1
          kind: choice
          prompt: {zh: 选哪个？, en: Which?}
          options: [A, B]
          answer: A
          explaination: {zh: 因为, en: Because}
  """

@Suite("Message catalogue")
struct MessageCatalogTests {
  @Test("every English key has a Chinese template, and every Chinese key an English one")
  func sameKeys() {
    let en = Set(Messages.en.keys)
    let zh = Set(Messages.zh.keys)
    #expect(en.subtracting(zh).sorted() == [], "missing in zh")
    #expect(zh.subtracting(en).sorted() == [], "missing in en")
    #expect(Set(Messages.lintEn.keys) == Set(Messages.lintZh.keys))
    #expect(Set(Messages.gradeEn.keys) == Set(Messages.gradeZh.keys))
    #expect(en.count > 200)
  }

  @Test("every placeholder appears in both languages")
  func samePlaceholders() {
    for (key, english) in Messages.en {
      guard let chinese = Messages.zh[key] else { continue }
      #expect(placeholders(english) == placeholders(chinese), "\(key): en \(english) / zh \(chinese)")
    }
  }

  @Test("no template is empty")
  func noEmptyTemplates() {
    for (key, text) in Messages.en { #expect(!text.trimmingCharacters(in: .whitespaces).isEmpty, "en \(key)") }
    for (key, text) in Messages.zh { #expect(!text.trimmingCharacters(in: .whitespaces).isEmpty, "zh \(key)") }
  }

  @Test("Chinese templates use full-width punctuation outside `code`")
  func chinesePunctuation() {
    for (key, text) in Messages.zh {
      // Drop `code` spans (``…`` first) and placeholders: those stay as written.
      var prose = text.replacingOccurrences(of: "`` ` ``", with: "")
      while let open = prose.firstIndex(of: "`"),
        let close = prose[prose.index(after: open)...].firstIndex(of: "`")
      {
        prose.removeSubrange(open...close)
      }
      for p in placeholders(prose) { prose = prose.replacingOccurrences(of: "{\(p)}", with: "") }
      for ascii in [",", ";", "?", "(", ")", ": "] {
        #expect(!prose.contains(ascii), "zh \(key) has ASCII \(ascii): \(text)")
      }
    }
  }

  @Test("every key the code asks for exists in the English table")
  func keysUsedInCodeExist() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Sources/BazaarKit")
    let files = [
      "Course/YAMLReader.swift", "Course/CourseLoader.swift", "Course/LexiconLoader.swift", "Course/SelfCheck.swift",
      "Diagnostics/Lint.swift", "Grading/Grade.swift", "Support/FileSystem.swift", "Course/LiveScenarioLoader.swift",
      "Live/LiveReport.swift", "Live/LiveController.swift", "Records/ProgressReport.swift", "Course/YAMLSlips.swift",
      "Exchange/CourseWriter.swift", "Exchange/GIFTReader.swift", "Exchange/LooseQuestion.swift", "Exchange/TextBankReader.swift",
      "Exchange/SheetReader.swift", "Exchange/BankImporter.swift", "Exchange/BankExporter.swift", "../BazaarExchange/MoodleXML.swift",
      "../bazaar/Commands/Import.swift", "../bazaar/Commands/Export.swift",
    ]
    let pattern = try Regex(#""((?:lint|grade|file|live|progress|import|export)\.[A-Za-z0-9_.]+)""#)
    var used = Set<String>()
    for file in files {
      let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
      for match in text.matches(of: pattern) {
        if let key = match.output[1].substring { used.insert(String(key)) }
      }
    }
    #expect(used.count > 150)
    for key in used.sorted() { #expect(Messages.en[key] != nil, "no template for \(key)") }
  }

  @Test("a Chinese lint of a misspelt key says so in Chinese, with the suggestion")
  func chineseLint() throws {
    let zh = MessageCatalog.load(language: "zh_CN.UTF-8")
    #expect(zh.language == "zh")
    let fs = MemoryFileSystem(["c/demo.yaml": misspeltCourse])
    let linted = Linter(fileSystem: fs, messages: zh).lintFile("c/demo.yaml")
    let d = try #require(linted.diagnostics.first { $0.code == "E011" })
    #expect(d.message == "`choice` 题里有未知的键 `explaination`，是不是想写 `explanation`？")
    #expect(d.location?.line == 14)

    // The same file in English is unchanged.
    let english = Linter(fileSystem: fs).lintFile("c/demo.yaml")
    let e = try #require(english.diagnostics.first { $0.code == "E011" })
    #expect(e.message == "unknown key `explaination` in a `choice` question; did you mean `explanation`?")

    // The loader and the summary line speak Chinese too.
    let loaded = CourseLoader.parse(source: SourceText(path: "t.yaml", text: "id: x\n"), messages: zh)
    #expect(loaded.diagnostics.contains { $0.code == "E010" && $0.message == "课程缺少 `version:`。" })
    let report = LintReport(files: [linted], ioFailures: [])
    #expect(DiagnosticRenderer(color: false, messages: zh).summary(report, strict: false) == "检查了 1 个文件：1 个错误，1 个警告；自检了 1 道题。")
  }

  @Test("the English summary line keeps its wording and plurals")
  func englishSummary() {
    let one = LintedFile(path: "a.yaml", kind: "course", diagnostics: [], questions: 1)
    let warning = Diagnostic(code: "W002", severity: .warning, location: nil, message: "x")
    let two = LintedFile(path: "b.yaml", kind: "course", diagnostics: [warning], questions: 2)
    let renderer = DiagnosticRenderer(color: false)
    #expect(
      renderer.summary(LintReport(files: [one], ioFailures: []), strict: false)
        == "1 file checked: 0 errors, 0 warnings; 1 question self-checked.")
    #expect(
      renderer.summary(LintReport(files: [one, two], ioFailures: []), strict: true)
        == "2 files checked: 0 errors, 1 warning (warnings are errors with --strict); 3 questions self-checked.")
    let lexicon = LintedFile(path: "l.yaml", kind: "lexicon", diagnostics: [])
    #expect(renderer.summary(LintReport(files: [lexicon], ioFailures: []), strict: false) == "1 file checked: 0 errors, 0 warnings.")
  }

  @Test("a translator's ug.yaml overrides some keys; the rest fall back to English")
  func uyghurOverlay() throws {
    try withTemporaryFolder { dir in
      let yaml = """
        grade.correct: "توغرا."
        lint.E011.unknownKeyDidYouMean: "{what} دا نامەلۇم ئاچقۇچ `{key}`؛ `{guess}` مۇ؟"
        not.a.key: ignored but harmless
        """
      try yaml.write(toFile: dir + "/ug.yaml", atomically: true, encoding: .utf8)
      let ug = MessageCatalog.load(language: "ug_CN.UTF-8", folders: [dir + "/missing", dir])
      #expect(ug.language == "ug")
      #expect(ug.text("grade.correct") == "توغرا.")
      #expect(ug.text("grade.wrong") == "Not right.")
      #expect(
        ug.text("lint.E011.unknownKeyDidYouMean", ["what": "x", "key": "titel", "guess": "title"])
          == "x دا نامەلۇم ئاچقۇچ `titel`؛ `title` مۇ؟")
      #expect(ug.text("no.such.key") == "no.such.key")

      // Threaded through the linter: the overridden message in Uyghur, the rest in English.
      let fs = MemoryFileSystem(["demo.yaml": misspeltCourse])
      let linted = Linter(fileSystem: fs, messages: ug).lintFile("demo.yaml")
      let d = try #require(linted.diagnostics.first { $0.code == "E011" })
      #expect(d.message == "a `choice` question دا نامەلۇم ئاچقۇچ `explaination`؛ `explanation` مۇ؟")
      // Grade notes can use the same catalogue.
      #expect(Grade(score: 1, notes: [.correct, .wrong]).render(with: ug) == ["توغرا.", "Not right."])
    }
  }

  @Test("language codes from the environment")
  func languages() {
    #expect(MessageCatalog.baseLanguage("zh_CN.UTF-8") == "zh")
    #expect(MessageCatalog.baseLanguage("zh-Hans") == "zh")
    #expect(MessageCatalog.baseLanguage("C.UTF-8") == "en")
    #expect(MessageCatalog.baseLanguage("") == "en")
    #expect(MessageCatalog.languageFromEnvironment(["LANG": "C"]) == "en")
    #expect(MessageCatalog.languageFromEnvironment([:]) == "en")
    #expect(MessageCatalog.languageFromEnvironment(["LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"]) == "zh")
    #expect(MessageCatalog.languageFromEnvironment(["LANG": "ug_CN.UTF-8", "LC_MESSAGES": ""]) == "ug")
  }

  @Test("grade notes render from the built-in tables in English and Chinese")
  func gradeNotes() {
    #expect(MessageCatalog.builtInCatalog(for: "zh-CN").language == "zh")
    #expect(MessageCatalog.builtInCatalog(for: "ug").language == "en")
    let notes: [GradeNote] = [
      .partial(score: 0.5), .missedOptions(["A", "C"]),
      .banned(term: "最好", reason: Localized(["zh": "广告法", "en": "Advertising Law"]), advice: nil),
      .tooLong(count: 70, limit: 60, bytes: true),
    ]
    let grade = Grade(score: 0.5, notes: notes)
    #expect(
      grade.render("en") == [
        "Partly right (50%).", "Also correct: A, C.", "“最好” is not allowed: Advertising Law.",
        "70 bytes is over the 60-byte limit (a Chinese character counts 2); the platform would reject it.",
      ])
    #expect(
      grade.render("zh_CN") == [
        "部分正确（50%）。", "漏选：A、C。", "“最好”不能用：广告法。", "共 70 字节，超过 60 字节上限（汉字算 2 字节），平台不会接受。",
      ])
    // A language without built-in messages: Bazaar's words in English, the course's text in that language.
    #expect(
      GradeNote.conceptMissing(Localized(["zh": "价格", "ug": "باھا"])).render("ug", fallback: ["zh"]) == "✗ missing: باھا")
  }

  @Test("a file that cannot be read is reported in the catalogue's language")
  func fileErrors() {
    let zh = MessageCatalog.builtInCatalog(for: "zh")
    #expect(FileSystemError.notFound("a.yaml").description == "a.yaml: no such file or folder; check the path")
    #expect(FileSystemError.notFound("a.yaml").message(zh) == "a.yaml：没有这个文件或文件夹；请检查路径")
    let report = Linter(fileSystem: MemoryFileSystem([:]), messages: zh).lint(["nope.yaml"])
    #expect(report.ioFailures == ["nope.yaml：没有这个文件或文件夹"])
  }

  @Test("every golden fixture lints in Chinese with the same codes and positions as in English")
  func goldenFixturesInChinese() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/broken").path
    let zh = MessageCatalog.builtInCatalog(for: "zh")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
    #expect(!names.isEmpty)
    for name in names {
      let path = folder + "/" + name
      let en = Linter().lintFile(path).diagnostics
      let cn = Linter(messages: zh).lintFile(path).diagnostics
      #expect(en.map(\.code) == cn.map(\.code), "\(name)")
      #expect(en.map(\.location) == cn.map(\.location), "\(name)")
      for d in cn {
        // No English sentence left over from Bazaar itself (libyaml's and the regex engine's words may remain).
        #expect(d.message.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, "\(name): \(d.message)")
        #expect(!d.message.contains("lint."), "\(name): untranslated key in \(d.message)")
      }
    }
  }
}
