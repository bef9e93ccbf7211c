import Foundation

/// A card due for review: the course as the learner has it, the question, and its card.
public struct DueCard: Sendable {
  public var course: Course
  public var question: String
  public var card: ReviewCard
}

/// Which cards are due, and how many will be: the one place that counts them (`bazaar review`,
/// `bazaar progress`, the menu).
public enum ReviewQueue {
  /// The learner's cards of `course` (as they have it: ``Course/drawn(seed:)``) whose question the
  /// course still has; a retired question's card is kept aside, never asked.
  public static func cards(_ progress: CourseProgress?, course: Course) -> [(question: String, card: ReviewCard)] {
    guard let progress, !progress.review.isEmpty else { return [] }
    var out: [(String, ReviewCard)] = []
    for q in course.questions { if let card = progress.review[q.id] { out.append((q.id, card)) } }
    return out
  }

  /// The cards due at `now` in `courses`, most overdue first (then in the courses' and questions'
  /// order), at most `limit`.
  public static func due(_ progress: LearnerProgress, courses: [Course], now: Date, limit: Int? = nil) -> [DueCard] {
    var all: [(rank: Int, due: DueCard)] = []
    for course in courses {
      for (q, card) in cards(progress.courses[course.id], course: course) where card.isDue(at: now) {
        all.append((all.count, DueCard(course: course, question: q, card: card)))
      }
    }
    // Sorted by due date, the order found breaking ties: the same queue on every PC.
    let sorted = all.sorted { ($0.due.card.due, $0.rank) < ($1.due.card.due, $1.rank) }.map(\.due)
    guard let limit else { return sorted }
    return Array(sorted.prefix(max(0, limit)))
  }

  /// How many of `course`'s cards are due at `now`, and within `days` days of it.
  public static func counts(_ progress: CourseProgress?, course: Course, now: Date, days: Int = 7) -> (now: Int, within: Int) {
    let cards = cards(progress, course: course)
    let later = now.addingTimeInterval(Double(days) * 86_400)
    return (cards.filter { $0.card.isDue(at: now) }.count, cards.filter { $0.card.isDue(at: later) }.count)
  }

  /// The learner's estimated retention at `now`: the mean chance of recall of their cards in
  /// `courses` (FSRS's forgetting curve), and how many cards that is; nil with no cards.
  public static func retention(_ progress: LearnerProgress, courses: [Course], now: Date) -> (estimate: Double, cards: Int)? {
    var sum = 0.0
    var n = 0
    for course in courses {
      for (_, card) in cards(progress.courses[course.id], course: course) {
        sum += card.retrievability(at: now)
        n += 1
      }
    }
    return n == 0 ? nil : (sum / Double(n), n)
  }

  /// Whole days from `now` until `date` (rounded up: a card due in 20 hours comes back "in 1 day").
  public static func days(from now: Date, to date: Date) -> Int {
    let d = date.timeIntervalSince(now) / 86_400
    guard d.isFinite, d > 0 else { return 0 }
    return Int(min(36_500, d.rounded(.up)))
  }
}

/// How a review card is introduced.
public struct ReviewCardView: Sendable, Equatable {
  /// 0-based place in the sitting, and the sitting's number of cards.
  public var index: Int
  public var count: Int
  /// The course's and the question's lesson's titles, in the session's language.
  public var course: String
  public var lesson: String
  /// Whole days since the card's last review.
  public var daysSince: Int?
}

/// The end of a review sitting.
public struct ReviewSummary: Sendable, Equatable {
  /// Cards reviewed in this sitting, and how many of them were recalled (right by the last try).
  public var reviewed: Int
  public var recalled: Int
  /// Cards still due now (not reached: the limit, or the learner left).
  public var stillDue: Int
  /// When the cards reviewed now come back: in how many days, how many; soonest first.
  public var comingBack: [Group]
  /// The learner's estimated retention now, over `cards` cards (nil: no cards yet).
  public var retention: Double?
  public var cards: Int
  /// With nothing due: when the next cards are due (nil: none).
  public var next: Group?

  /// Some cards, `days` days from now.
  public struct Group: Sendable, Equatable {
    public var days: Int
    public var count: Int
  }

  /// `days` grouped and counted, soonest first.
  static func groups(_ days: [Int]) -> [Group] {
    Dictionary(grouping: days, by: { $0 }).map { Group(days: $0.key, count: $0.value.count) }.sorted { $0.days < $1.days }
  }
}

/// One learner's review sitting (`bazaar review`): the cards due in their courses, most overdue
/// first, each asked by a ``LessonSession`` made for it (``LessonSession/review(_:course:baseSeed:language:lexicons:)``),
/// run by the lesson runner, viewed by the lesson view, recorded by the ``SessionRecorder`` into
/// progress and into a `review` transcript per course. Replay (``LessonReplay``) folds those
/// transcripts the same way.
public final class ReviewSitting {
  /// A course with its lexicons.
  public struct Entry: Sendable {
    public var course: Course
    public var lexicons: LexiconSet
    public init(course: Course, lexicons: LexiconSet) {
      self.course = course
      self.lexicons = lexicons
    }
  }

  let entries: [Entry]
  let learner: LearnerName
  let store: any ProgressStoring
  let dataFolder: DataFolder?
  let reader: any LineReader
  let view: any LessonView
  let clock: any Clock
  let limit: Int?
  let notify: (TrainingNotice) -> Void
  /// The session's languages, carried from card to card (a card of a course without the language
  /// is shown in that course's first).
  public var languages: SessionLanguage
  /// After `run`: whether everything graded was saved.
  public private(set) var savedEverything = true
  /// After `run`: the summary shown at the end (nil before).
  public private(set) var summary: ReviewSummary?

  public init(
    entries: [Entry], learner: LearnerName, store: any ProgressStoring, dataFolder: DataFolder?, language: String,
    reader: any LineReader, view: any LessonView, clock: any Clock, limit: Int? = nil,
    notify: @escaping (TrainingNotice) -> Void
  ) {
    self.entries = entries
    self.learner = learner
    self.store = store
    self.dataFolder = dataFolder
    self.languages = SessionLanguage(course: language)
    self.reader = reader
    self.view = view
    self.clock = clock
    self.limit = limit
    self.notify = notify
  }

  /// Asks the due cards until they are done or the learner leaves; returns why it ended.
  public func run() throws(ProgressStoreError) -> LeaveReason {
    let loaded = try store.load(learner: learner)
    if let aside = loaded.movedAside { notify(.progressMovedAside(path: aside, problem: loaded.problem)) }
    var progress = loaded.progress
    // Each course as this learner has it, reconciled (a retired question's card goes aside).
    var courses: [Course] = []
    var lexicons: [String: LexiconSet] = [:]
    for e in entries {
      let drawn = e.course.drawn(seed: Training.seed(learner: learner, course: e.course))
      progress.reconcile(with: drawn)
      courses.append(drawn)
      lexicons[drawn.id] = e.lexicons
    }
    let started = clock.now()
    let queue = ReviewQueue.due(progress, courses: courses, now: started, limit: limit)
    guard !queue.isEmpty else {
      // The soonest day cards come back, and how many (the same grouping as the end summary's).
      let days = courses.flatMap { ReviewQueue.cards(progress.courses[$0.id], course: $0).map { ReviewQueue.days(from: started, to: $0.card.due) } }
      let next = ReviewSummary.groups(days).first
      let r = ReviewQueue.retention(progress, courses: courses, now: started)
      let s = ReviewSummary(reviewed: 0, recalled: 0, stillDue: 0, comingBack: [], retention: r?.estimate, cards: r?.cards ?? 0, next: next)
      summary = s
      view.render(.reviewEnd(s), language: languages)
      return .finished
    }
    let recorder = SessionRecorder(store: store, progress: progress, transcript: { [learner, dataFolder, notify] course in
      guard let dataFolder else { return nil }
      let header = TranscriptHeader(
        session: TranscriptHeader.newSessionID(), learner: learner.display, course: .init(course), started: started,
        seed: Training.seed(learner: learner, course: course), kind: "review")
      do {
        let w = try TranscriptWriter(folder: dataFolder, learner: learner, header: header, syncEachLine: false)
        notify(.transcript(path: w.path))
        return w
      } catch {
        notify(.saveProblem("\(error)"))
        return nil
      }
    }) { [notify] in
      switch $0 {
      case .failed(let message): notify(.saveProblem(message))
      case .recovered: notify(.saveRecovered)
      }
    }
    var reason = LeaveReason.finished
    var reviewedDays: [Int] = []
    var recalled = 0
    for (i, due) in queue.enumerated() {
      let course = due.course
      let language = course.languages.contains(languages.course) ? languages.course : (course.languages.first ?? languages.course)
      let turn = ReviewTurn(
        question: due.question, number: due.card.reps, index: i, count: queue.count,
        daysSince: Int(max(0, started.timeIntervalSince(due.card.lastReview) / 86_400)))
      guard var session = LessonSession.review(
        turn, course: course, baseSeed: Training.seed(learner: learner, course: course), language: language,
        lexicons: lexicons[course.id] ?? LexiconSet())
      else { continue }
      session.messageLanguage = languages.interface
      let runner = LessonRunner(session: session, reader: reader, view: view, recorder: recorder, clock: clock, started: started)
      reason = runner.run()
      if course.languages.contains(runner.session.languages.course) { languages = runner.session.languages }
      let after = recorder.progress.courses[course.id]
      // Reviewed: the card took this review (answered to its end, or skipped).
      if let card = after?.review[due.question], card.reps > due.card.reps {
        let days = ReviewQueue.days(from: clock.now(), to: card.due)
        reviewedDays.append(days)
        if card.lapses == due.card.lapses { recalled += 1 }
        view.render(.reviewScheduled(days: days, recalled: card.lapses == due.card.lapses), language: languages)
      }
      guard reason == .finished else { break }
    }
    let now = clock.now()
    let ms = Clamp.elapsedMs(from: started, to: now)
    let summaries = recorder.transcripts.map { w in
      SessionSummary(
        id: w.header.session, kind: "review", course: w.header.course.id,
        score: courses.first { $0.id == w.header.course.id }.map { recorder.progress.courses[$0.id]?.score(in: $0) ?? 0 } ?? 0,
        started: started, ended: now, reason: reason.rawValue, transcript: w.isWritten ? w.path : nil)
    }
    recorder.close(reason, at: now, sessionMs: ms, summaries: summaries)
    savedEverything = recorder.savedEverything
    let stillDue = ReviewQueue.due(recorder.progress, courses: courses, now: now).count
    let r = ReviewQueue.retention(recorder.progress, courses: courses, now: now)
    let s = ReviewSummary(
      reviewed: reviewedDays.count, recalled: recalled, stillDue: stillDue, comingBack: ReviewSummary.groups(reviewedDays),
      retention: r?.estimate, cards: r?.cards ?? 0, next: nil)
    summary = s
    if reason != .interrupt || !reviewedDays.isEmpty { view.render(.reviewEnd(s), language: languages) }
    return reason
  }
}
