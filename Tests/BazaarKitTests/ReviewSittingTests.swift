import Foundation
import Testing
@testable import BazaarKit

/// `bazaar review` in the engine: the due queue, a sitting over several simulated days on the test
/// clock, fresh calc values and option orders at each review, and replay reproducing it all.
@Suite("review sittings")
struct ReviewSittingTests {
  static let course = """
    id: pricing
    version: "1"
    title: {zh: 定价, en: Pricing}
    languages: [zh, en]
    policy: {attempts: 2}
    lessons:
      - id: margins
        title: {zh: 毛利率, en: Margins}
        steps:
          - id: margin
            kind: choice
            prompt: {zh: 成本 8 元、售价 10 元，毛利率是多少？, en: "Cost 8, price 10. The gross margin?"}
            options:
              - {text: "80%"}
              - {text: "25%"}
              - {text: "20%", correct: true}
              - {text: "8%"}
            explanation: {zh: (10 − 8) ÷ 10 = 20%。, en: (10 − 8) ÷ 10 = 20%.}
          - id: price
            kind: calc
            prompt:
              zh: 成本 {cost} 元，要 {margin%} 的毛利率，售价是多少元？
              en: Cost {cost} yuan; for a {margin%} margin, what price?
            vars:
              cost: {min: 20, max: 40, step: 1}
              margin: {values: [0.2, 0.25, 0.3, 0.4]}
            formula: cost / (1 - margin)
            decimals: 2
            tolerance: 0.01
            unit: 元
            explanation: {zh: 售价 = 成本 ÷ (1 − 毛利率)。, en: price = cost ÷ (1 − margin).}
          - id: tf
            kind: truefalse
            prompt: {zh: 毛利率的分母是售价。, en: The margin divides by the price.}
            answer: true
            explanation: {zh: 对。, en: Yes.}

    """

  static let learner = (try? LearnerName("古丽")) ?? { preconditionFailure() }()
  static let monday = Date(timeIntervalSince1970: 1_796_000_000)

  static func load() throws -> Course {
    let loaded = CourseLoader.parse(source: SourceText(path: "pricing.yaml", text: course))
    return try #require(loaded.course, "\(loaded.diagnostics.map(\.message).prefix(3))")
  }

  /// Records what is shown: question prompts, grades, the review summary.
  final class View: LessonView {
    var prompts: [String] = []
    var questions: [QuestionView] = []
    var summaries: [ReviewSummary] = []
    var scheduled: [(days: Int, recalled: Bool)] = []
    var cards: [ReviewCardView] = []
    func render(_ output: LessonOutput, language: SessionLanguage) {
      switch output {
      case .question(let q):
        prompts.append(q.prompt)
        questions.append(q)
      case .reviewEnd(let s): summaries.append(s)
      case .reviewScheduled(let d, let r): scheduled.append((d, r))
      case .reviewCard(let c): cards.append(c)
      default: break
      }
    }
    func prompt(awaitingAnswer: Bool, language: SessionLanguage) -> String { "> " }
  }

  /// Answers the question on screen with what `answer` gives for its presentation (the session's
  /// own seed: what the learner saw), and moves the clock 5 s per line.
  final class Learner: LineReader {
    let clock: TestClock
    let answer: (Question, Presentation) -> String?
    var current: () -> (Question, String)? = { nil }
    init(clock: TestClock, answer: @escaping (Question, Presentation) -> String?) {
      self.clock = clock
      self.answer = answer
    }
    func read(prompt: String) -> LineEvent {
      clock.advance(seconds: 5)
      guard let (q, seed) = current(), let line = answer(q, Presentation(q, seed: seed)) else { return .endOfInput }
      return .line(line)
    }
    func setCompletions(_ words: [String]) {}
  }

  /// The right answer as the learner sees `p`.
  static func right(_ p: Presentation) -> String {
    switch p.question.kind {
    case .choice(let k): return Presentation.letter(p.order.firstIndex { k.options[$0].correct } ?? 0)
    case .trueFalse(let a): return a ? "对" : "错"
    case .calc: return ScriptedCoursesTests.rightAnswer(p.question, p, language: "zh", fallback: ["zh"]) ?? "?"
    default: return "?"
    }
  }

  static func wrong(_ p: Presentation) -> String {
    switch p.question.kind {
    case .choice(let k): return Presentation.letter(p.order.firstIndex { !k.options[$0].correct } ?? 0)
    case .trueFalse(let a): return a ? "错" : "对"
    default: return "1"
    }
  }

  struct Day {
    var view = View()
    var reason: LeaveReason = .finished
  }

  /// A lesson sitting on Monday: `answers` says, per question id, whether to answer right.
  static func lesson(_ course: Course, store: MemoryProgressStore, clock: TestClock, folder: DataFolder, right: Set<String>) -> Day {
    var day = Day()
    let reader = Learner(clock: clock) { q, p in right.contains(q.id) ? Self.right(p) : Self.wrong(p) }
    let training = Training(
      course: course, lexicons: LexiconSet(), learner: learner, store: store, transcriptPath: nil, language: "zh", reader: reader,
      view: day.view, clock: clock, notify: { _ in })
    // The question on screen is the one the runner's session is at: the lesson's steps in order.
    let seed = Training.seed(learner: learner, course: course)
    var queue = course.questions
    reader.current = {
      guard !queue.isEmpty else { return nil }
      return (queue.removeFirst(), seed)
    }
    // Each question is answered until it is over: a wrong answer twice (two tries), else once.
    var expanded: [Question] = []
    for q in course.questions {
      var tries = right.contains(q.id) ? 1 : 2
      if case .trueFalse = q.kind { tries = 1 }
      expanded += Array(repeating: q, count: tries)
    }
    queue = expanded
    day.reason = (try? training.run(dataFolder: folder)) ?? .interrupt
    return day
  }

  /// A review sitting: `right` says which questions the learner now gets right.
  static func review(
    _ courses: [Course], store: MemoryProgressStore, clock: TestClock, folder: DataFolder, right: Set<String>, limit: Int? = nil
  ) -> (Day, ReviewSitting) {
    var day = Day()
    let reader = Learner(clock: clock) { q, p in right.contains(q.id) ? Self.right(p) : Self.wrong(p) }
    let sitting = ReviewSitting(
      entries: courses.map { .init(course: $0, lexicons: LexiconSet()) }, learner: learner, store: store, dataFolder: folder,
      language: "zh", reader: reader, view: day.view, clock: clock, limit: limit, notify: { _ in })
    // The question on screen: the last one shown, with the seed of its review.
    let view = day.view
    reader.current = {
      guard let shown = view.questions.last, let course = courses.first(where: { c in c.questions.contains { $0.id == shown.id } }),
        let q = course.questions.first(where: { $0.id == shown.id })
      else { return nil }
      let saved = store.saved(learner)?.courses[course.id]?.review[q.id]
      return (q, ReviewTurn.seed(base: Training.seed(learner: learner, course: course), question: q, number: saved?.reps ?? 0))
    }
    day.reason = (try? sitting.run()) ?? .interrupt
    return (day, sitting)
  }

  @Test func missedTwiceComeBackTheNextDayAndTheOneRecalledComesBackLater() throws {
    let course = try Self.load()
    let temp = try RecordsTempFolder()
    let store = MemoryProgressStore()
    let clock = TestClock(start: Self.monday)
    // Monday: the margin and the calc are missed (wrong twice), the true/false is right, fast.
    _ = Self.lesson(course, store: store, clock: clock, folder: temp.folder, right: ["tf"])
    let monday = try #require(store.saved(Self.learner)?.courses["pricing"])
    #expect(monday.review["margin"]?.reps == 1 && monday.review["price"]?.reps == 1 && monday.review["tf"]?.reps == 1)
    let lessonScores = monday.questions.mapValues(\.state)

    // Monday evening: nothing is due yet.
    clock.advance(seconds: 3_600)
    let (evening, _) = Self.review([course], store: store, clock: clock, folder: temp.folder, right: [])
    #expect(evening.view.questions.isEmpty)
    #expect(evening.view.summaries.first?.reviewed == 0)
    #expect(evening.view.summaries.first?.next == ReviewSummary.Group(days: 1, count: 2))

    // Tuesday: the two missed come back, most overdue first (margin was missed first); the
    // true/false (right at once and fast: easy) is not due.
    clock.advance(seconds: 86_400)
    let (tuesday, _) = Self.review([course], store: store, clock: clock, folder: temp.folder, right: ["margin"])
    #expect(tuesday.view.questions.map(\.id) == ["margin", "price"])
    #expect(tuesday.view.cards.map(\.daysSince) == [1, 1])
    #expect(tuesday.view.scheduled.map(\.recalled) == [true, false])
    let summary = try #require(tuesday.view.summaries.first)
    #expect(summary.reviewed == 2 && summary.recalled == 1 && summary.stillDue == 0)
    let after = try #require(store.saved(Self.learner)?.courses["pricing"])
    let margin = try #require(after.review["margin"])
    let price = try #require(after.review["price"])
    // The one recalled comes back later than the one missed again, which is due the next day.
    #expect(margin.due > price.due)
    #expect(ReviewQueue.days(from: clock.now(), to: price.due) == 1)
    #expect(ReviewQueue.days(from: clock.now(), to: margin.due) >= 2)
    #expect(summary.comingBack == ReviewSummary.groups([ReviewQueue.days(from: clock.now(), to: margin.due), 1]))
    #expect(after.reviewsDone == 2 && after.reviewsRecalled == 1)
    // A review is practice: the lesson's answers and scores are as Monday left them.
    #expect(after.questions.mapValues(\.state) == lessonScores)
    #expect(after.position == monday.position && after.lessonsCompleted.keys.sorted() == monday.lessonsCompleted.keys.sorted())

    // Wednesday: only the calc is due.
    clock.advance(seconds: 86_400)
    let (wednesday, _) = Self.review([course], store: store, clock: clock, folder: temp.folder, right: ["price"])
    #expect(wednesday.view.questions.map(\.id) == ["price"])
    #expect(store.saved(Self.learner)?.courses["pricing"]?.reviewsDone == 3)
    // Each review sitting is a session of kind `review` in the learner's sessions.
    #expect(store.saved(Self.learner)?.sessions.filter { $0.kind == "review" }.count == 2)
  }

  @Test func calcValuesAndOptionOrdersAreFreshAtEachReviewAndReplayReproducesThem() throws {
    let course = try Self.load()
    let temp = try RecordsTempFolder()
    let store = MemoryProgressStore()
    let clock = TestClock(start: Self.monday)
    let monday = Self.lesson(course, store: store, clock: clock, folder: temp.folder, right: ["tf"])
    var prompts = [monday.view.questions.first { $0.id == "price" }?.prompt]
    var orders = [monday.view.questions.first { $0.id == "margin" }?.items.map(\.text)]
    // Three days of reviews, each missing the calc (so it comes back daily) and the margin.
    for _ in 0..<3 {
      clock.advance(seconds: 86_400 + 60)
      let (day, _) = Self.review([course], store: store, clock: clock, folder: temp.folder, right: [])
      prompts.append(day.view.questions.first { $0.id == "price" }?.prompt)
      orders.append(day.view.questions.first { $0.id == "margin" }?.items.map(\.text))
    }
    #expect(prompts.allSatisfy { $0 != nil })
    #expect(Set(prompts.compactMap { $0 }).count == 4, "each review draws new values: \(prompts)")
    // The right option is never under the letter it had the time before.
    let letters = orders.map { $0?.firstIndex(of: "20%") }
    for i in 1..<letters.count { #expect(letters[i] != letters[i - 1], "\(letters)") }

    // `bazaar grade` replays the transcripts: the same cards, the same review tally, and every
    // review answer graded now as it was then (the calc values drawn again exactly).
    let files = try FileManager.default.subpathsOfDirectory(atPath: temp.folder.path + "/transcripts")
      .filter { $0.hasSuffix(".jsonl") }.map { temp.folder.path + "/transcripts/" + $0 }
    let contents = try files.map { try TranscriptReader.read($0) }.sorted { $0.header.started < $1.header.started }
    #expect(contents.filter { $0.header.kind == "review" }.count == 3)
    var replay = LessonReplay(course: course, lexicons: LexiconSet())
    var reviewAnswers = 0
    for c in contents {
      let sitting = replay.replay(c)
      for a in sitting.answers where c.header.kind == "review" {
        reviewAnswers += 1
        #expect(a.now == a.then, "\(a.question) \(a.raw)")
      }
    }
    #expect(reviewAnswers == 12)
    let saved = try #require(store.saved(Self.learner)?.courses["pricing"])
    #expect(replay.progress.review == saved.review)
    #expect(replay.progress.reviewsDone == saved.reviewsDone && replay.progress.reviewsRecalled == saved.reviewsRecalled)
    // Reviews are not attempts of the lesson: item statistics see Monday's answers only.
    #expect(replay.totalAttempts["price"] == 2)
  }

  @Test func aRightCalcAtReviewIsGradedRightWithItsOwnValues() throws {
    let course = try Self.load()
    let temp = try RecordsTempFolder()
    let store = MemoryProgressStore()
    let clock = TestClock(start: Self.monday)
    _ = Self.lesson(course, store: store, clock: clock, folder: temp.folder, right: ["tf"])
    clock.advance(seconds: 86_400 + 60)
    let (day, _) = Self.review([course], store: store, clock: clock, folder: temp.folder, right: ["price", "margin"])
    #expect(day.view.scheduled.map(\.recalled) == [true, true])
    // The lesson's right answer to the calc (its Monday values) would not be right now.
    let q = try #require(course.questions.first { $0.id == "price" })
    let base = Training.seed(learner: Self.learner, course: course)
    let mondayAnswer = Self.right(Presentation(q, seed: base))
    let reviewSeed = ReviewTurn.seed(base: base, question: q, number: 1)
    #expect(Grader.grade(mondayAnswer, for: Presentation(q, seed: reviewSeed)).score < 1)
  }

  @Test func reshuffleMovesTheRightOptionForEveryLearner() throws {
    let course = try Self.load()
    let q = try #require(course.questions.first { $0.id == "margin" })
    for i in 0..<200 {
      let base = "learner:L\(i)|course:pricing"
      let lesson = ReviewTurn.layout(q, seed: base)
      let first = ReviewTurn.layout(q, seed: ReviewTurn.seed(base: base, question: q, number: 1))
      let second = ReviewTurn.layout(q, seed: ReviewTurn.seed(base: base, question: q, number: 2))
      #expect(first != lesson && second != first, "learner \(i)")
    }
  }

  @Test func dueQueueIsMostOverdueFirstAcrossCoursesWithALimit() throws {
    let a = try Self.load()
    var b = a
    b.id = "pricing-2"
    var progress = LearnerProgress(learner: Self.learner, now: Self.monday)
    func card(_ dueDaysAgo: Double) -> ReviewCard {
      var c = ReviewCard.first(rating: .again, at: Self.monday)
      c.due = Self.monday.addingTimeInterval(-dueDaysAgo * 86_400)
      return c
    }
    progress.courses["pricing"] = CourseProgress(courseVersion: "1", courseDigest: "")
    progress.courses["pricing-2"] = CourseProgress(courseVersion: "1", courseDigest: "")
    progress.courses["pricing"]?.review = ["margin": card(1), "price": card(3), "tf": card(-2)]
    progress.courses["pricing-2"]?.review = ["margin": card(2), "gone": card(9)]
    let queue = ReviewQueue.due(progress, courses: [a, b], now: Self.monday)
    #expect(queue.map { "\($0.course.id)/\($0.question)" } == ["pricing/price", "pricing-2/margin", "pricing/margin"])
    #expect(ReviewQueue.due(progress, courses: [a, b], now: Self.monday, limit: 2).count == 2)
    #expect(ReviewQueue.due(progress, courses: [a], now: Self.monday).map(\.question) == ["price", "margin"])
    let counts = ReviewQueue.counts(progress.courses["pricing"], course: a, now: Self.monday)
    #expect(counts.now == 2 && counts.within == 3)
  }

  @Test func aRetiredQuestionsCardIsKeptAsideAndComesBack() throws {
    let course = try Self.load()
    var progress = LearnerProgress(learner: Self.learner, now: Self.monday)
    var cp = CourseProgress(courseVersion: "1", courseDigest: course.digest)
    cp.review = ["margin": ReviewCard.first(rating: .again, at: Self.monday), "old": ReviewCard.first(rating: .good, at: Self.monday)]
    progress.courses["pricing"] = cp
    progress.reconcile(with: course)
    #expect(progress.courses["pricing"]?.review.keys.sorted() == ["margin"])
    #expect(progress.courses["pricing"]?.retiredReview.keys.sorted() == ["old"])
    // Saved and read back, the card aside is still there.
    let data = try JSONEncoder().encode(progress.courses["pricing"])
    let back = try JSONDecoder().decode(CourseProgress.self, from: data)
    #expect(back.retiredReview["old"] == progress.courses["pricing"]?.retiredReview["old"])
  }

  @Test func theLessonMenuOffersReviewFirstWhenQuestionsAreDue() throws {
    let course = try Self.load()
    var progress = LearnerProgress(learner: Self.learner, now: Self.monday)
    var cp = CourseProgress(courseVersion: "1", courseDigest: course.digest)
    cp.review = ["margin": ReviewCard.first(rating: .again, at: Self.monday), "tf": ReviewCard.first(rating: .easy, at: Self.monday)]
    progress.courses["pricing"] = cp
    let store = MemoryProgressStore([progress])
    func menu(_ lines: [String], daysLater: Double) -> (MainMenu.LessonChoice?, String) {
      let console = BufferConsole()
      let clock = TestClock(start: Self.monday.addingTimeInterval(daysLater * 86_400))
      let m = MainMenu(
        reader: ScriptedLineReader(lines: lines), console: console, messages: MessageCatalog.load(language: "zh", folders: []),
        store: store, catalog: CourseCatalog(folders: []), clock: clock)
      return (m.chooseLesson(for: Self.learner, in: course, language: "zh"), console.text)
    }
    // The same day: nothing due, no entry; "0" is not a choice.
    let (sameDay, text0) = menu(["0", ""], daysLater: 0)
    #expect(!text0.contains("复习"))
    #expect(sameDay == .lesson(nil))
    // The next day: the missed question is due, offered first; 0 or 复习 chooses it.
    let (next, text1) = menu(["0"], daysLater: 1)
    #expect(text1.contains("  0  复习：1 题到期\n  1  毛利率"), "\(text1)")
    #expect(text1.contains("输入 0 先复习。"))
    #expect(next == .review)
    #expect(menu(["复习"], daysLater: 1).0 == .review)
    #expect(menu(["1"], daysLater: 1).0 == .lesson("margins"))
  }

  @Test func bazaarNowReadsRelativeAndAbsoluteTimes() throws {
    let now = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-12-1x, some time of day
    #expect(ShiftedClock.parse("+1d", now: now)?.offset == 86_400)
    #expect(ShiftedClock.parse("+36h", now: now)?.offset == 129_600)
    #expect(ShiftedClock.parse("-90m", now: now)?.offset == -5_400)
    let iso = try #require(ShiftedClock.parse("2026-12-08T09:00:00+08:00", now: now))
    #expect(now.addingTimeInterval(iso.offset) == ISO8601DateFormatter().date(from: "2026-12-08T01:00:00Z"))
    let day = try #require(ShiftedClock.parse("2027-01-01", now: now))
    #expect(day.offset.truncatingRemainder(dividingBy: 86_400) == 0 && day.offset > 0)
    for bad in ["tomorrow", "+d", "+1y", "1d", "", "+1e9d", "2026-13-01"] { #expect(ShiftedClock.parse(bad, now: now) == nil, "\(bad)") }
  }
}
