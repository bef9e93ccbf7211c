import Foundation
import Testing

@testable import BazaarKit

/// The facts a subject-matter review found taught wrong (issue 13), pinned so they can't quietly
/// come back, and the size of the four courses. The expected facts come from the corrected domain
/// brief (R29b, R19d, R32b, GB 7718's general case), not from the courses.
@Suite("course facts")
struct CourseFactsTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("courses").path
  static let fourCourses = ["pricing", "listing", "livestream", "service"]

  static func course(_ id: String) throws -> Course {
    try #require(CourseLoader.load(path: folder + "/" + id + ".yaml").course, "\(id) does not load")
  }

  static func question(_ course: String, _ id: String) throws -> Question {
    try #require(try Self.course(course).question(id: id), "\(course) has no question \(id)")
  }

  /// Every course file's lines (the sampler's too): the texts a learner reads, one per line.
  static func lines() throws -> [(file: String, number: Int, text: String)] {
    try (fourCourses + ["sampler"]).flatMap { id in
      let text = try String(contentsOfFile: folder + "/" + id + ".yaml", encoding: .utf8)
      return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { (id, $0.offset + 1, String($0.element)) }
    }
  }

  @Test("each of the four courses has at least 5 lessons and 40 graded items, every one in Chinese and English", arguments: fourCourses)
  func coursesAreFull(_ id: String) throws {
    let course = try Self.course(id)
    #expect(course.lessons.count >= 5, "\(id): \(course.lessons.count) lessons")
    #expect(course.questions.count >= 40, "\(id): \(course.questions.count) graded items")
    #expect(Set(course.languages).isSuperset(of: ["zh", "en"]))
    for q in course.questions {
      let prompt = Set(q.prompt.entries.map(\.language))
      let explanation = Set((q.explanation?.entries ?? []).map(\.language))
      #expect(prompt.isSuperset(of: ["zh", "en"]), "\(id):\(q.id) prompt")
      #expect(explanation.isSuperset(of: ["zh", "en"]), "\(id):\(q.id) explanation")
    }
  }

  // MARK: 1. Food: a reseller of pre-packaged food files a 备案; no 食品经营许可证 (R29b)

  @Test("the reseller-licence question's full-credit answer is 备案; the licence, or no filing at all, is not")
  func resellerFilesARecord() throws {
    let q = try Self.question("listing", "reseller-licence")
    for typed in ["备案", "到县市场监管局备案", "file a record with the market regulator"] {
      #expect(gradeAuthor(q, typed).score == 1, "\(typed)")
    }
    for typed in ["食品经营许可证", "要办食品经营许可证", "a food operating licence", "不需要许可证，也不用备案", "SC生产许可证"] {
      #expect(gradeAuthor(q, typed).score < 1, "\(typed)")
    }
  }

  @Test("in the service course, the one right option for a reseller of pre-packaged food is the 备案")
  func serviceResellerFilesARecord() throws {
    let q = try Self.question("service", "food-reseller-choice")
    guard case .choice(let key) = q.kind else {
      Issue.record("food-reseller-choice is not a choice question")
      return
    }
    let right = key.options.filter(\.correct).map { $0.text.text("zh") }
    #expect(right.count == 1 && right.first?.contains("备案") == true, "\(right)")
    #expect(!key.options.contains { $0.correct && $0.text.text("zh").contains("经营许可证") })
  }

  @Test("no line says a reseller of pre-packaged food needs a food operating licence")
  func noLicenceForPackagedResellers() throws {
    let claim = try Regex(#"(转卖|只卖|代卖|倒卖)[^。；]*预包装[^。；]*(要|需要|必须|得)(办|有|取得)[^。；，]*食品经营许可证"#)
    for line in try Self.lines() {
      #expect(line.text.firstMatch(of: claim) == nil, "\(line.file).yaml:\(line.number): \(line.text)")
    }
  }

  // MARK: 2. Deleting bad comments: a provision of its own, not one of the 8 banned behaviours (R19d)

  @Test("no line counts deleting or hiding bad comments among the 8 banned behaviours")
  func commentDeletionIsSeparate() throws {
    let deleting = try Regex(#"(删|屏蔽|隐藏|delet|hid(e|ing))"#).ignoresCase()
    let reviews = try Regex(#"(评|review|comment)"#).ignoresCase()
    let eight = try Regex(#"((8|八)\s*(种|项|条|类|大)|eight|8 (banned|behaviou?rs|red lines)|红线)"#).ignoresCase()
    let separate = try Regex(#"(不在|不是|不属于|另外|另有|单独|另一条|separate|not (on|one|among|in)|of its own)"#).ignoresCase()
    for line in try Self.lines() {
      let t = line.text
      guard t.firstMatch(of: deleting) != nil, t.firstMatch(of: reviews) != nil, t.firstMatch(of: eight) != nil else { continue }
      #expect(t.firstMatch(of: separate) != nil, "\(line.file).yaml:\(line.number): \(t)")
    }
  }

  @Test("the bad-comments question rests on the separate provision, R19d")
  func badCommentsCitesTheProvision() throws {
    let q = try Self.question("livestream", "bad-comments")
    #expect(q.cites.contains("R19d"))
    #expect(!q.cites.contains("R19c"))
  }

  // MARK: 3. A 定金 is at most 20% of the price (Civil Code art. 586, R32b)

  /// The lowest price any course pairs a deposit with: the 500 g box at 44.9 yuan.
  static let cheapestDepositPrice = 44.9

  @Test("every deposit in a calc drill is at most 20% of the lowest price it can meet")
  func drillDepositsWithinTheCap() throws {
    var drills = 0
    for id in Self.fourCourses {
      for q in try Self.course(id).questions {
        guard case .calc(let key) = q.kind, let prompt = q.prompt.text("zh") as String?, prompt.contains("定金") else { continue }
        // The variable written right after 定金, and the one written after 标价/售价/价格.
        func variable(after words: [String]) -> CalcVariable? {
          key.variables.first { v in words.contains { prompt.contains($0 + " {" + v.name) || prompt.contains($0 + "{" + v.name) } }
        }
        let deposit = try #require(variable(after: ["定金"]), "\(id):\(q.id): which variable is the deposit?")
        let price = try #require(variable(after: ["标价", "售价", "价格", "定价"]), "\(id):\(q.id): which variable is the price?")
        #expect(deposit.bounds.upperBound <= 0.2 * price.bounds.lowerBound + 1e-9, "\(id):\(q.id): deposit up to \(deposit.bounds.upperBound), price from \(price.bounds.lowerBound)")
        drills += 1
      }
    }
    #expect(drills >= 1, "the pricing course drills the 定金 sum")
  }

  @Test("every 定金 N 抵 M example in any course keeps N within 20% of the 44.9 box")
  func exampleDepositsWithinTheCap() throws {
    let example = try Regex(#"定金\s*(\d+(?:\.\d+)?)\s*元?\s*(抵|膨胀|当)"#)
    var seen = 0
    for line in try Self.lines() {
      for match in line.text.matches(of: example) {
        let amount = try #require(Double(String(match.output[1].substring ?? "")))
        #expect(amount <= 0.2 * Self.cheapestDepositPrice, "\(line.file).yaml:\(line.number): 定金 \(amount) is over 20% of 44.9")
        seen += 1
      }
    }
    #expect(seen >= 3)
  }

  @Test("the deposit questions: 8 抵 20 on 44.9 costs the buyer 32.9, and the cap on 44.9 is 8.98")
  func depositSums() throws {
    let pay = try Self.question("pricing", "deposit-pay")
    #expect(gradeAuthor(pay, "32.9").score == 1)
    #expect(gradeAuthor(pay, "24.9").score < 1)
    let cap = try Self.question("pricing", "deposit-cap")
    #expect(gradeAuthor(cap, "8.98").score == 1)
    #expect(gradeAuthor(cap, "10").score < 1)
  }

  // MARK: 4. Labels: GB 7718's items are the general case, not a complete list

  @Test("label questions teach GB 7718's items as the general case and name an exception", arguments: [
    ("sampler", "label-items"), ("listing", "gb7718-items"),
  ])
  func labelItemsAreTheGeneralCase(_ course: String, _ id: String) throws {
    let q = try Self.question(course, id)
    let zh = q.explanation?.text("zh") ?? ""
    let en = q.explanation?.text("en") ?? ""
    #expect(zh.contains("一般"), "\(zh)")
    #expect(zh.contains("营养成分表") || zh.contains("等级"), "\(zh)")
    #expect(en.contains("in general") || en.contains("In general"), "\(en)")
    #expect(en.contains("nutrition table") || en.contains("grade"), "\(en)")
  }
}

/// A written reply earns a concept only for words it says as such: a cue it denies or quotes
/// covers nothing. Cases from the service and livestream courses, labelled by hand.
@Suite("pitch concepts are read, not just found")
struct PitchConceptReadingTests {
  /// `answer` graded as the runner grades it, with the course's lexicons.
  func grade(_ course: String, _ id: String, _ answer: String) throws -> Grade {
    let path = CourseFactsTests.folder + "/" + course + ".yaml"
    let loaded = CourseLoader.load(path: path)
    let c = try #require(loaded.course)
    let q = try #require(c.question(id: id))
    // The course's lexicons, found and loaded as the runner finds them.
    let lexicons = LexiconLibrary().resolve(loaded, coursePath: path).0
    return Grader.grade(answer, for: Presentation(authorOrder: q), lexicons: lexicons, courseLexicons: c.lexicons)
  }

  func covered(_ course: String, _ id: String, _ answer: String) throws -> [String] {
    let grade = try self.grade(course, id, answer)
    return grade.notes.compactMap { if case .conceptCovered(let l, _) = $0 { l.text("en") } else { nil } }
  }

  @Test("an outright refusal earns no settlement for naming 退款 and 补发 to deny them, and says how it was read")
  func refusalIsNotASettlement() throws {
    let grade = try self.grade("service", "damage-reply-pitch", "签收了就不退款也不补发，我们不管")
    let got = try covered("service", "damage-reply-pitch", "签收了就不退款也不补发，我们不管")
    #expect(!got.contains { $0.contains("settle") }, "\(got) \(grade.notes)")
    #expect(grade.notes.contains { if case .readAs(.refusal(_, let words)) = $0 { words.contains("退款") } else { false } }, "\(grade.notes)")
    // Said as such, the same words do earn it.
    #expect(try covered("service", "damage-reply-pitch", "真对不起，坏的部分给您退款，或者下一单补发").contains { $0.contains("settle") })
  }

  @Test("还没拍的家人…点链接 still asks viewers to order: a relative clause is not a denial")
  func relativeClauseIsNotADenial() throws {
    let answer = "总结一下，44.9元一盒，七天无理由。还没拍的家人点1号链接，后天晚上8点见，谢谢大家"
    let got = try covered("livestream", "closing-pitch", answer)
    #expect(got.contains { $0.contains("last call") }, "\(got)")
  }

  @Test("a missed concept's ways to say it are in the learner's language")
  func examplesFollowTheLanguage() throws {
    let grade = try self.grade("service", "damage-reply-pitch", "Please send a photo of the waybill and we will resend the box.")
    let missing = try #require(grade.notes.first { if case .conceptMissing(_, let ex) = $0 { !ex.isEmpty } else { false } })
    let en = missing.render(with: .english, language: "en")
    #expect(!GradeNote.hasCJK(String(en.drop { $0 != "(" })), "\(en)")
    let zh = missing.render(with: .chinese, language: "zh")
    #expect(GradeNote.hasCJK(String(zh.drop { $0 != "（" && $0 != "(" })), "\(zh)")
  }
}
