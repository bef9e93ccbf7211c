import Foundation
import Testing
@testable import BazaarKit

@Suite struct TextNormalizerTests {
  // MARK: normalize

  @Test(arguments: [
    ("ＡＢＣ１２３", "abc123"),
    ("Free Shipping", "free shipping"),
    ("ＦＲＥＥ　ＳＨＩＰＰＩＮＧ", "free shipping"),
    ("  padded\t\n text  ", "padded text"),
    ("a\r\nb", "a b"),
    ("many     spaces", "many spaces"),
    ("ÉCOLE", "école"),
    ("Ｉ", "i"),
  ])
  func widthCaseAndSpaces(input: String, expected: String) {
    #expect(TextNormalizer.normalize(input) == expected)
  }

  @Test(arguments: [
    ("你好，世界", "你好,世界"),
    ("结束。", "结束."),
    ("苹果、香蕉", "苹果,香蕉"),
    ("注意；重要", "注意;重要"),
    ("答：是", "答:是"),
    ("真的？", "真的?"),
    ("好！", "好!"),
    ("“包邮”", "\"包邮\""),
    ("„quote“", "\"quote\""),
    ("‘single’", "'single'"),
    ("（备注）", "(备注)"),
    ("【促销】", "[促销]"),
    ("〔注〕", "[注]"),
    ("《电商法》", "<电商法>"),
    ("〈书〉", "<书>"),
    ("a—b–c－d", "a-b-c-d"),
    ("一～二〜三", "一~二~三"),
    ("等等…", "等等..."),
    ("张·三", "张.三"),
    ("ジョン・スミス", "ジョン.スミス"),
  ])
  func punctuationMapping(input: String, expected: String) {
    #expect(TextNormalizer.normalize(input) == expected)
  }

  @Test func spacesNextToCJKAreRemoved() {
    #expect(TextNormalizer.normalize("七日 无理由 退货") == "七日无理由退货")
    #expect(TextNormalizer.normalize("七日　无理由　退货") == "七日无理由退货")
    #expect(TextNormalizer.normalize("包邮 free shipping") == "包邮free shipping")
    #expect(TextNormalizer.normalize("free shipping 包邮") == "free shipping包邮")
    #expect(TextNormalizer.normalize("七日， 退货") == "七日,退货")
    #expect(TextNormalizer.normalize("“ 包邮 ”") == "\"包邮\"")
    #expect(TextNormalizer.normalize("かな カナ 한국") == "かなカナ한국")
    #expect(TextNormalizer.normalize("《 书 》") == "<书>")
  }

  @Test func spacesBetweenNonCJKAreKept() {
    #expect(TextNormalizer.normalize("free shipping") == "free shipping")
    #expect(TextNormalizer.normalize("39.9 元") == "39.9元")
    #expect(TextNormalizer.normalize("a , b") == "a , b")
  }

  @Test func controlAndZeroWidthCharactersAreDropped() {
    #expect(TextNormalizer.normalize("七\u{200B}日") == "七日")
    #expect(TextNormalizer.normalize("\u{FEFF}abc") == "abc")
    #expect(TextNormalizer.normalize("a\u{200C}b\u{200D}c\u{2060}d") == "abcd")
    #expect(TextNormalizer.normalize("a\u{0}b\u{7}c\u{1B}[31md") == "abc[31md")
    #expect(TextNormalizer.normalize("a\u{85}b") == "a b")
    #expect(TextNormalizer.normalize("a\u{9B}b") == "ab")
    #expect(TextNormalizer.normalize("a \u{200B} b") == "a b")
    #expect(TextNormalizer.normalize("\u{202E}abc\u{202C}") == "abc")
  }

  @Test func hostileInput() {
    #expect(TextNormalizer.normalize("") == "")
    #expect(TextNormalizer.normalize("   \t\n ") == "")
    #expect(TextNormalizer.normalize("\u{0}\u{1}\u{7F}\u{200B}") == "")
    #expect(TextNormalizer.normalize("👍🏽 OK") == "👍🏽 ok")
    #expect(TextNormalizer.normalize("👨‍👩‍👧") == "👨👩👧")
    let uyghur = "ئۇيغۇرچە  تېكىست"
    #expect(TextNormalizer.normalize(uyghur) == "ئۇيغۇرچە تېكىست")
    let big = String(repeating: "七日 无理由 ＡＢ ", count: 20_000)
    let normalized = TextNormalizer.normalize(big)
    #expect(normalized.hasPrefix("七日无理由ab七日"))
    #expect(!normalized.contains(" "))
    let ascii = String(repeating: "a ", count: 500_000)
    #expect(TextNormalizer.normalize(ascii).count == 999_999)
  }

  @Test func normalizeIsIdempotent() {
    let samples = [
      "七日 无理由 退货。", "Free　Shipping！", "《 书 》 and “quote”", "ÉCOLE…", "a\u{200B} b",
      "ジョン・スミス", "１，２９９元", "ئۇيغۇرچە",
    ]
    for sample in samples {
      let once = TextNormalizer.normalize(sample)
      #expect(TextNormalizer.normalize(once) == once)
    }
  }

  /// The fast path (no Foundation NFKC) must give what the Foundation path gives.
  @Test func fastPathMatchesFoundationNFKC() {
    let ranges: [ClosedRange<UInt32>] = [
      0x20...0x7E, 0xA0...0xFF, 0x2000...0x202F, 0x3000...0x303F, 0x3040...0x30FF, 0x4E00...0x4E80,
      0x9F00...0x9FFF, 0xAC00...0xAC80, 0xFF01...0xFF5E, 0xFFE0...0xFFE6,
    ]
    var mismatches: [String] = []
    for range in ranges {
      for value in range {
        guard let scalar = Unicode.Scalar(value) else { continue }
        let sample = "a" + String(Character(scalar)) + "B 七"
        let fast = TextNormalizer.normalize(sample)
        // U+FB01 (ﬁ) forces the Foundation path and folds to "fi".
        let slow = TextNormalizer.normalize(sample + "\u{FB01}")
        if slow != fast + "fi" { mismatches.append(String(value, radix: 16)) }
        let direct = TextNormalizer.normalize(sample.precomposedStringWithCompatibilityMapping)
        if direct != fast { mismatches.append(String(value, radix: 16)) }
      }
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
  }

  // MARK: key

  @Test func keyIgnoresPunctuationAndSpaces() {
    let expected = TextNormalizer.key("七日无理由退货")
    #expect(expected == "七日无理由退货")
    #expect(TextNormalizer.key("七日无理由退货。") == expected)
    #expect(TextNormalizer.key("七日 无理由退货") == expected)
    #expect(TextNormalizer.key("七日无理由退货!") == expected)
    #expect(TextNormalizer.key("“七日无理由退货”！！") == expected)
    #expect(TextNormalizer.key("Free Shipping!") == "freeshipping")
    #expect(TextNormalizer.key("free-shipping") == "freeshipping")
  }

  @Test func keyKeepsDecimalPointsAndPercent() {
    #expect(TextNormalizer.key("39.9") == "39.9")
    #expect(TextNormalizer.key("¥39.9。") == "39.9")
    #expect(TextNormalizer.key("30%") == "30%")
    #expect(TextNormalizer.key("30 ％") == "30%")
    #expect(TextNormalizer.key("%30") == "30")
    #expect(TextNormalizer.key("a.b") == "ab")
    #expect(TextNormalizer.key("1. 5") == "15")
  }

  @Test func keyOfHostileInput() {
    #expect(TextNormalizer.key("") == "")
    #expect(TextNormalizer.key("!!!。。。") == "")
    #expect(TextNormalizer.key("👍") == "")
    #expect(TextNormalizer.key("\u{200B}\u{0}") == "")
    #expect(TextNormalizer.key(String(repeating: "好，", count: 100_000)).count == 100_000)
  }

  // MARK: isCJK

  @Test(arguments: [
    "七", "日", "〇", "ひ", "カ", "한", "ㄅ", "。", "、", "《", "【", "\u{3000}", "𠀀", "丽", "ｶ",
  ] as [Unicode.Scalar])
  func cjkScalars(scalar: Unicode.Scalar) {
    #expect(TextNormalizer.isCJK(scalar))
  }

  @Test(arguments: [
    "a", "1", " ", ",", "é", "ئ", "😀", "Ａ", "１", "，", "“", "—",
  ] as [Unicode.Scalar])
  func nonCJKScalars(scalar: Unicode.Scalar) {
    #expect(!TextNormalizer.isCJK(scalar))
  }
}
