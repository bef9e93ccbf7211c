import Foundation
import Testing
@testable import BazaarKit

/// Names that must all be different learners (after normalisation) and map to different files.
let recordsTrickyNames: [String] = [
  "迪丽努尔", "Dilinur", "Dilnur", "مىھرىگۈل", "Ali / Veli", "Ali/Veli", "Ali \\ Veli", "..", ".", "...",
  ".hidden", "CON", "con.", "nul", "COM1", "lpt9", "Ayşe", "Ayse", "José", "Jose",
  String(repeating: "迪", count: 200), String(repeating: "迪", count: 199) + "丽",
  String(repeating: "a", count: 200), String(repeating: "a", count: 201),
  String(repeating: "%", count: 120), String(repeating: "%", count: 121),
  "bell\u{7}name", "bell\u{8}name", "nul\u{0}byte", "esc\u{1B}[31mred",
  "🙂", "🙂🙂", "👩‍👩‍👧", "👩👩👧",
  "a%b", "a/b", "a:b", "a%2Fb", "a_b", "a b", "a%20b", "a~b", "a-b", "a.b",
  "%", "%25", "_", "~", "-", "Ali%2F", "Ali", "Али", "Ａｌｉ",
  "\u{202E}evil", "evil", "Zhāng Wěi", "Zha\u{304}ng We\u{30C}i x",
  "रमेश", "ئالىم", "Nguyễn Văn A", "",
]

@Test func trickyNamesMapToDistinctSafeFiles() throws {
  var seen: [String: String] = [:]
  for name in recordsTrickyNames {
    let stem = LearnerName.fileStem(for: name)
    if let other = seen[stem] {
      Issue.record("\(name.debugDescription) and \(other.debugDescription) both map to \(stem)")
    }
    seen[stem] = name
    #expect(!stem.isEmpty)
    #expect(!stem.hasPrefix("."), "\(name.debugDescription) → \(stem)")
    #expect(!stem.contains("/") && !stem.contains("\\") && !stem.contains(".."), "\(stem)")
    #expect(!stem.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0.properties.generalCategory == .control })
    #expect(stem.utf8.count <= LearnerName.maxStemBytes)
    // with the longest suffix the store adds, still a valid ext4 name
    #expect((stem + ".json.corrupt-20250302T104207Z-999").utf8.count <= 255)
    #expect(("." + stem + ".json.tmp-ffffffffffffffff").utf8.count <= 255)
  }
  #expect(seen.count == recordsTrickyNames.count)
}

@Test func stemsDecodeBackToTheKey() {
  for name in recordsTrickyNames {
    let stem = LearnerName.fileStem(for: name)
    let key = LearnerName.identity(ofNormalized: LearnerName.normalized(name))
    if stem.contains("~") && !name.isEmpty {
      #expect(stem.utf8.count <= LearnerName.maxStemBytes)
    } else {
      #expect(FileNameEncoding.decode(stem) == key, "\(name.debugDescription)")
    }
  }
}

@Test func readableStems() {
  #expect(LearnerName.fileStem(for: "迪丽努尔") == "迪丽努尔")
  #expect(LearnerName.fileStem(for: "Dilinur") == "dilinur")
  #expect(LearnerName.fileStem(for: "مىھرىگۈل") == "مىھرىگۈل")
  #expect(LearnerName.fileStem(for: "Ali / Veli") == "ali_%2F_veli")
  #expect(LearnerName.fileStem(for: "..") == "%2E%2E")
  #expect(LearnerName.fileStem(for: "CON") == "co%6E")
  #expect(LearnerName.fileStem(for: "a%b") == "a%25b")
}

@Test func nfcAndNfdAreTheSameLearner() throws {
  let pairs: [(String, String)] = [
    ("Jos\u{E9}", "Jose\u{301}"),
    ("Nguy\u{1EC5}n", "Nguye\u{302}\u{303}n"),
    ("Zh\u{101}ng W\u{11B}i", "Zha\u{304}ng We\u{30C}i"),
    ("\u{AC00}", "\u{1100}\u{1161}"),  // Hangul syllable vs jamo
  ]
  for (nfc, nfd) in pairs {
    #expect(Array(nfc.unicodeScalars) != Array(nfd.unicodeScalars))
    #expect(LearnerName.fileStem(for: nfc) == LearnerName.fileStem(for: nfd))
    let a = try LearnerName(nfc)
    let b = try LearnerName(nfd)
    #expect(a == b)
    #expect(Array(b.display.unicodeScalars) == Array(nfc.unicodeScalars))
  }
}

@Test func caseAndSpacingAreTheSameLearner() throws {
  let a = try LearnerName("Dilnur")
  #expect(try LearnerName("dilnur") == a)
  #expect(try LearnerName("  DILNUR \n") == a)
  #expect(try LearnerName("Ali  \u{3000} Veli") == LearnerName("ali veli"))
  #expect(try LearnerName("Ali\tVeli").display == "Ali Veli")
  // separators count as white space (U+2028, U+0085 NEL), not as errors
  #expect(try LearnerName("Ali\u{2028}Veli").display == "Ali Veli")
  #expect(try LearnerName("\u{85}Ali").display == "Ali")
  #expect(try LearnerName(" Dilnur ").display == "Dilnur")
  #expect(a.fileStem == LearnerName.fileStem(for: "dilnur"))
}

@Test func invalidNamesAreRefusedWithAMessage() {
  let cases: [(String, String)] = [
    ("", "empty"), ("   ", "empty"), ("\u{3000}\t\n", "empty"),
    ("\u{1}\u{2}", "control"), ("bell\u{7}", "control"), ("nul\u{0}", "control"), ("esc\u{1B}[2J", "control"),
    ("\u{202E}evil", "control"), ("\u{2066}x\u{2069}", "control"), ("x\u{9B}", "control"),
    (String(repeating: "a", count: 257), "at most 256"),
  ]
  for (raw, fragment) in cases {
    do {
      _ = try LearnerName(raw)
      Issue.record("\(raw.debugDescription) was accepted")
    } catch {
      #expect(error.description.contains(fragment), "\(raw.debugDescription): \(error.description)")
    }
  }
  #expect(LearnerNameError.forbiddenCharacter(codePoint: 7, position: 5).description.contains("U+0007"))
}

@Test func unusualButValidNamesAreAccepted() throws {
  for raw in ["迪丽努尔", "Dilinur", "مىھرىگۈل", "Ali / Veli", "..", "CON", String(repeating: "迪", count: 200), "🙂", "👩‍👩‍👧", "O'Brien", "a%b"] {
    let name = try LearnerName(raw)
    #expect(name.display == raw)
  }
}

@Test func learnerNameCodesAsAString() throws {
  let name = try LearnerName("迪丽努尔")
  let data = try JSONEncoder().encode([name])
  #expect(String(decoding: data, as: UTF8.self) == "[\"迪丽努尔\"]")
  #expect(try JSONDecoder().decode([LearnerName].self, from: data) == [name])
  #expect(throws: (any Error).self) { try JSONDecoder().decode([LearnerName].self, from: Data("[\"\\u0007\"]".utf8)) }
}

@Test func longNamesAreCutWithAHash() {
  let a = String(repeating: "迪", count: 200)
  let b = String(repeating: "迪", count: 199) + "丽"
  let sa = LearnerName.fileStem(for: a)
  let sb = LearnerName.fileStem(for: b)
  #expect(sa != sb)
  #expect(sa.contains("~") && sb.contains("~"))
  #expect(sa.hasPrefix("迪迪迪"))
  #expect(sa.utf8.count <= 200)
}
