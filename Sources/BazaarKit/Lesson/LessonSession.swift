/// Where a learner stands on one question, carried over between sessions.
public struct QuestionState: Sendable, Equatable {
  /// Graded attempts so far.
  public var attempts: Int = 0
  /// Hints shown so far.
  public var hintsUsed: Int = 0
  /// Best attempt score, before the hint penalty.
  public var bestScore: Double = 0
  /// Whether the question is over (right, out of attempts, or skipped).
  public var finished: Bool = false
  /// Whether it was skipped.
  public var skipped: Bool = false
  /// Whether a try was fully right (perhaps after a hint or a retry).
  public var right: Bool = false

  public init(attempts: Int = 0, hintsUsed: Int = 0, bestScore: Double = 0, finished: Bool = false, skipped: Bool = false, right: Bool = false) {
    self.attempts = attempts
    self.hintsUsed = hintsUsed
    self.bestScore = bestScore
    self.finished = finished
    self.skipped = skipped
    self.right = right
  }

  /// The question's score under `policy`: 0 when skipped, else the best try less the hint penalty.
  public func score(_ policy: Policy) -> Double {
    skipped ? 0 : LessonSession.finalScore(best: bestScore, hints: hintsUsed, penalty: policy.hintPenalty)
  }

  /// How the question went, for summaries and progress.
  public var outcome: Outcome {
    if skipped { return .skipped }
    if attempts == 0 { return .unanswered }
    if right { return attempts == 1 && hintsUsed == 0 ? .fullMarks : .rightWithHelp }
    return finished ? .notRight : .open
  }

  /// How a question went.
  public enum Outcome: String, Sendable, Equatable {
    /// Right at the first try without a hint.
    case fullMarks = "full_marks"
    /// Right, after a hint or on a later try.
    case rightWithHelp = "right_with_help"
    /// Over (out of tries) without a fully right try.
    case notRight = "not_right"
    /// Skipped.
    case skipped
    /// Answered, with tries left.
    case open
    /// Not answered yet.
    case unanswered
  }
}

/// What a lesson session asks its driver to show or record. Course text is already resolved to the
/// session's language; Bazaar's own words are left to the view (through the message catalogue).
public enum LessonOutput: Sendable, Equatable {
  /// The lesson begins (or resumes at `step`).
  case lessonStart(title: String, lesson: Int, lessons: Int, resumedAt: Int?)
  /// A narrative step; Enter continues.
  case narrative(text: String, step: Int, steps: Int)
  /// A live-selling scenario step: the lesson runner introduces it and says how to run it; Enter continues.
  case liveStep(title: String, brief: String?, scenario: String, course: String, step: Int, steps: Int)
  /// A question, as this learner sees it.
  case question(QuestionView)
  /// The grade of an answer.
  case graded(GradedView)
  /// An answer that could not be read as one; nothing was counted. The view renders the notes.
  case unreadable(notes: GradeNotes)
  /// A hint.
  case hint(text: String, number: Int, of: Int, penalty: Double)
  /// No hints (left).
  case noMoreHints(total: Int)
  /// The question was skipped.
  case skipped
  /// Skipping is not allowed in this course.
  case skipNotAllowed
  /// `:back`: the previous step, shown again to re-read.
  case review(text: String)
  /// `:back` at the first step.
  case nothingBefore
  /// `:help`.
  case help(commands: [String], canSkip: Bool)
  /// A `:word` that is not a command.
  case unknownCommand(String)
  /// A command of live rooms (`:promo`), typed in a lesson; the word as typed.
  case commandNotHere(String)
  /// The course language was switched.
  case languageChanged(to: String)
  /// `:lang xx` with a language the course does not offer.
  case languageNotOffered(asked: String, offered: [String])
  /// The lesson is over.
  case lessonEnd(LessonSummary)
  /// A review card begins (`bazaar review`): which one of the sitting, from which course and lesson.
  case reviewCard(ReviewCardView)
  /// A reviewed card comes back in `days` days; `recalled` when it was right by the last try (said
  /// by the review sitting after the card's question is over).
  case reviewScheduled(days: Int, recalled: Bool)
  /// The review sitting is over.
  case reviewEnd(ReviewSummary)
  /// The learner asked to leave to the menu or to quit.
  case leave(LeaveReason)
  /// Something the driver must save or log (progress, transcript).
  case record(LessonRecord)
}

/// Why a session ended.
public enum LeaveReason: String, Sendable, Equatable, Codable {
  case finished, menu, quit, endOfInput = "eof", interrupt
}

/// A question as shown: the prompt and, for choice/order/match, the labelled items.
public struct QuestionView: Sendable, Equatable {
  public var id: String
  public var kind: String
  public var prompt: String
  /// Labelled lines: `A  20%` for options and items; for match, left items are numbered.
  public var items: [(label: String, text: String)]
  /// For match questions: the right-hand column, lettered.
  public var rightItems: [(label: String, text: String)]
  /// Several options may be right ("choose all that apply").
  public var multiple: Bool
  public var step: Int
  public var steps: Int
  /// Attempts left including this one (nil: unlimited).
  public var attemptsLeft: Int?
  public var hintsAvailable: Int
  /// Unit (`元`) or `%`, to show next to the prompt.
  public var unit: String?
  /// Listing/pitch limits to remind the learner of (max characters / bytes).
  public var maxChars: Int?
  public var maxBytes: Int?

  public static func == (a: QuestionView, b: QuestionView) -> Bool {
    a.id == b.id && a.kind == b.kind && a.prompt == b.prompt && a.items.map(\.label) == b.items.map(\.label)
      && a.items.map(\.text) == b.items.map(\.text) && a.rightItems.map(\.label) == b.rightItems.map(\.label)
      && a.rightItems.map(\.text) == b.rightItems.map(\.text) && a.multiple == b.multiple && a.step == b.step
      && a.steps == b.steps && a.attemptsLeft == b.attemptsLeft && a.hintsAvailable == b.hintsAvailable
      && a.unit == b.unit && a.maxChars == b.maxChars && a.maxBytes == b.maxBytes
  }
}

/// A graded answer as shown.
public struct GradedView: Sendable, Equatable {
  /// Score of this attempt, 0…1.
  public var score: Double
  /// The grader's reasons, as data: the view renders them with its message catalogue.
  public var notes: GradeNotes
  /// Whether the learner may try again.
  public var tryAgain: Bool
  public var attemptsLeft: Int?
  /// Shown when the question is over and the answer was not fully right.
  public var correctAnswer: String?
  /// Shown when the question is over.
  public var explanation: String?
  /// The question's final score after the hint penalty, when it is over.
  public var finalScore: Double?
}

/// The end-of-lesson summary.
public struct LessonSummary: Sendable, Equatable {
  public var lessonID: String
  public var title: String
  /// Weighted score of the lesson's questions, 0…1 (nil when it has none).
  public var score: Double?
  public var passed: Bool
  /// The course's pass mark, 0…1.
  public var passScore: Double
  public var questions: Int
  /// Right at the first try without a hint (full marks).
  public var correct: Int
  /// Right, but after a hint or on a later try.
  public var rightWithHelp: Int = 0
  public var skipped: Int
  public var hintsUsed: Int
  /// Milliseconds spent in this try of the lesson, over every sitting.
  public var milliseconds: Int64
  /// Questions to review: the prompts (first lines) of those under full marks.
  public var review: [String]
  /// The next lesson's title, if any.
  public var next: String?
  /// Live sessions of this lesson not run yet: the lesson is done once they have run.
  public var liveToRun: [LiveToRun] = []

  /// A live session the lesson still needs.
  public struct LiveToRun: Sendable, Equatable {
    public var scenario: String
    public var title: String
    public var course: String
  }
}

/// What must be saved or logged.
public enum LessonRecord: Sendable, Equatable {
  /// A lesson begins in this sitting at `step`; `retake` when it was completed before and is begun
  /// again from its start (its questions start afresh).
  case lessonStart(lesson: String, step: Int, retake: Bool)
  case stepShown(lesson: String, step: Int, question: String?)
  case answered(question: String, raw: String, score: Double, invalid: Bool, attempt: Int, elapsedMs: Int64, final: Bool, finalScore: Double?, hintsUsed: Int)
  case hint(question: String, number: Int)
  case skip(question: String)
  case language(from: String, to: String)
  case position(lesson: String, step: Int)
  case lessonEnd(lesson: String, score: Double?, milliseconds: Int64, awaitingLive: [String])
  /// Review number `number` of `question` (of lesson `lesson`) begins: the transcript's `review` event.
  case reviewStart(question: String, lesson: String, number: Int)
}

/// A lesson in progress: a deterministic state machine. It never touches the terminal, the disk or
/// the clock; its driver passes in each input with the time (milliseconds since the session began)
/// and renders and records what comes out.
public struct LessonSession: Sendable {
  public let course: Course
  public let lessonIndex: Int
  /// The session's languages, course text's and Bazaar's own; the one place they are held. The
  /// runner hands them to the view with each output; `:lang` changes both.
  public private(set) var languages: SessionLanguage
  /// The course text's language (``languages``).
  public var language: String { languages.course }
  /// Bazaar's own language (`--ui-lang`) when it differs from the course text's; nil follows
  /// `language`. Set it before `start`; `:lang` clears it.
  public var messageLanguage: String? {
    get { languages.interface }
    set { languages = SessionLanguage(course: languages.course, interface: newValue) }
  }
  public let seed: String
  public let lexicons: LexiconSet
  public private(set) var step: Int
  public private(set) var states: [String: QuestionState]
  public private(set) var isFinished = false
  /// The lesson reached its end (not left early).
  public private(set) var lessonEnded = false
  private var lessonStartMs: Int64 = 0
  private var stepShownMs: Int64 = 0
  private var resumedAt: Int?
  /// This lesson was completed before and is begun again from its start.
  public let retake: Bool
  /// Time spent in this try of the lesson in earlier sittings.
  public let priorMs: Int64
  /// Live scenarios the learner has run in this course (a lesson's live step is done once run).
  public let liveRun: Set<String>
  /// Set when this session is one card of a review sitting: it asks the question at `step` only,
  /// and the fold changes the card, not the lesson (``ProgressFold``).
  public let reviewTurn: ReviewTurn?
  /// The step a review asks.
  private let reviewStep: Int

  /// The in-lesson commands, as `:help` lists them and Tab completes them (spellings: ``SessionCommand``).
  public static let commands = SessionKind.lesson.completions

  /// A session on lesson `lessonIndex`, starting at `step`, with the learner's earlier question states.
  public init(
    course: Course, lessonIndex: Int, step: Int = 0, language: String, seed: String,
    lexicons: LexiconSet = LexiconSet(), states: [String: QuestionState] = [:], retake: Bool = false, priorMs: Int64 = 0,
    liveRun: Set<String> = [], reviewTurn: ReviewTurn? = nil
  ) {
    self.course = course
    self.reviewTurn = reviewTurn
    self.retake = retake
    self.priorMs = min(315_360_000_000, max(0, priorMs))
    self.liveRun = liveRun
    self.lessonIndex = course.lessons.indices.contains(lessonIndex) ? lessonIndex : 0
    self.languages = SessionLanguage(course: course.languages.contains(language) ? language : (course.languages.first ?? language))
    self.seed = seed
    self.lexicons = lexicons
    self.states = states
    let count = course.lessons.indices.contains(lessonIndex) ? course.lessons[lessonIndex].steps.count : 0
    self.step = max(0, min(step, max(0, count - 1)))
    reviewStep = self.step
    resumedAt = reviewTurn == nil && step > 0 && step < count ? step : nil
  }

  /// A review of `turn.question` in `course` (as the learner has it), asked afresh with the seed of
  /// this review (``ReviewTurn/seed(base:question:number:)``) under its lesson's rules; nil when
  /// the course no longer has the question.
  public static func review(
    _ turn: ReviewTurn, course: Course, baseSeed: String, language: String, lexicons: LexiconSet = LexiconSet()
  ) -> LessonSession? {
    for (i, lesson) in course.lessons.enumerated() {
      for (j, s) in lesson.steps.enumerated() {
        guard case .question(let q) = s.content, q.id == turn.question else { continue }
        return LessonSession(
          course: course, lessonIndex: i, step: j, language: language,
          seed: ReviewTurn.seed(base: baseSeed, question: q, number: turn.number), lexicons: lexicons, reviewTurn: turn)
      }
    }
    return nil
  }

  public var lesson: Lesson? { course.lessons.indices.contains(lessonIndex) ? course.lessons[lessonIndex] : nil }
  /// The rules of the current lesson (its own `policy:` over the course's).
  var policy: Policy { lesson?.policy ?? course.policy }
  var fallback: [String] { course.languages }
  func text(_ l: Localized) -> String { l.text(language, fallback: fallback) }

  /// The question at the current step, if it is one.
  public var currentQuestion: Question? {
    guard let lesson, lesson.steps.indices.contains(step), case .question(let q) = lesson.steps[step].content else { return nil }
    return q
  }

  /// Time spent in this try of the lesson at `now`, over every sitting.
  public func lessonMs(at now: Int64) -> Int64 {
    let (d, overflow) = now.subtractingReportingOverflow(lessonStartMs)
    let (sum, over) = priorMs.addingReportingOverflow(overflow ? 0 : max(0, d))
    return over ? 315_360_000_000 : min(315_360_000_000, sum)
  }

  /// Whether the session waits for an answer (else for Enter).
  public var awaitingAnswer: Bool { currentQuestion.map { !(states[$0.id]?.finished ?? false) } ?? false }

  /// Words Tab should complete now.
  public var completions: [String] {
    var words = Self.commands
    if let q = currentQuestion {
      let p = Presentation(q, seed: seed)
      switch q.kind {
      case .choice: words += p.order.indices.map(Presentation.letter)
      case .trueFalse: words += Messages.isChinese(language) ? ["对", "错"] : ["true", "false"]
      default: break
      }
    }
    return words + course.languages.map { ":lang \($0)" }
  }

  // MARK: Starting

  /// Shows the first (or resumed) step. `now` is milliseconds since the session began.
  public mutating func start(now: Int64) -> [LessonOutput] {
    guard let lesson else {
      isFinished = true
      return [.leave(.finished)]
    }
    lessonStartMs = now
    if let turn = reviewTurn {
      let card = ReviewCardView(
        index: turn.index, count: turn.count, course: text(course.title), lesson: text(lesson.title), daysSince: turn.daysSince)
      return [.record(.reviewStart(question: turn.question, lesson: lesson.id, number: turn.number)), .reviewCard(card)] + show(now: now)
    }
    var out: [LessonOutput] = [
      .record(.lessonStart(lesson: lesson.id, step: step, retake: retake)),
      .lessonStart(title: text(lesson.title), lesson: lessonIndex, lessons: course.lessons.count, resumedAt: resumedAt),
    ]
    if lesson.steps.isEmpty { return out + finish(now: now) }
    out += show(now: now)
    return out
  }

  /// Moves to `step` and shows it, as the runner did when the transcript says it showed that
  /// step (after Enter, or past a finished question). For replay; out-of-range steps end the lesson.
  public mutating func go(to target: Int, now: Int64) -> [LessonOutput] {
    guard !isFinished, let lesson else { return [] }
    step = max(0, min(target, lesson.steps.count))
    return show(now: now)
  }

  private func liveStep(_ sc: LiveScenario, step: Int, steps: Int) -> LessonOutput {
    .liveStep(title: text(sc.title), brief: sc.brief.map(text), scenario: sc.id, course: course.id, step: step, steps: steps)
  }

  private mutating func show(now: Int64) -> [LessonOutput] {
    guard let lesson, lesson.steps.indices.contains(step) else { return finish(now: now) }
    if reviewTurn != nil {
      // A review asks its one question; past it, the card is over.
      guard step == reviewStep, case .question(let q) = lesson.steps[step].content, states[q.id]?.finished != true else {
        return finish(now: now)
      }
      stepShownMs = now
      return [.question(view(q))]
    }
    stepShownMs = now
    let s = lesson.steps[step]
    var out: [LessonOutput] = [.record(.position(lesson: lesson.id, step: step))]
    switch s.content {
    case .narrative(let t):
      out.append(.record(.stepShown(lesson: lesson.id, step: step, question: nil)))
      out.append(.narrative(text: text(t), step: step, steps: lesson.steps.count))
    case .live(let sc):
      out.append(.record(.stepShown(lesson: lesson.id, step: step, question: nil)))
      out.append(liveStep(sc, step: step, steps: lesson.steps.count))
    case .question(let q):
      if states[q.id]?.finished == true {
        // Answered in an earlier session (e.g. after :back): move on.
        step += 1
        return show(now: now)
      }
      out.append(.record(.stepShown(lesson: lesson.id, step: step, question: q.id)))
      out.append(.question(view(q)))
    }
    return out
  }

  func attemptsLeft(_ q: Question) -> Int? {
    let allowed = Self.allowedAttempts(q, policy: policy)
    guard allowed > 0 else { return nil }
    return max(0, allowed - (states[q.id]?.attempts ?? 0))
  }

  func view(_ q: Question) -> QuestionView {
    let p = Presentation(q, seed: seed)
    var items: [(String, String)] = []
    var right: [(String, String)] = []
    var multiple = false
    var unit: String?
    var maxChars: Int?
    var maxBytes: Int?
    switch q.kind {
    case .choice(let k):
      items = p.order.enumerated().map { (Presentation.letter($0.offset), text(k.options[$0.element].text)) }
      multiple = k.isMultiple
    case .trueFalse:
      items = Messages.isChinese(language) ? [("A", "对"), ("B", "错")] : [("A", "True"), ("B", "False")]
    case .order(let k):
      items = p.order.enumerated().map { (Presentation.letter($0.offset), text(k.items[$0.element])) }
    case .match(let k):
      items = k.pairs.enumerated().map { (String($0.offset + 1), text($0.element.left)) }
      right = p.order.enumerated().map { (Presentation.letter($0.offset), text(k.pairs[$0.element].right)) }
    case .number(let k): unit = k.percent ? "%" : Presentation.unitLabel(k.unit, names: k.unitNames, language, fallback: fallback)
    case .calc(let k): unit = k.percent ? "%" : Presentation.unitLabel(k.unit, names: k.unitNames, language, fallback: fallback)
    case .listing(let k):
      maxChars = k.maxChars
      maxBytes = k.maxBytes
    case .pitch(let k): maxChars = k.maxChars
    case .short: break
    }
    return QuestionView(
      id: q.id, kind: q.kind.name, prompt: p.prompt(language, fallback: fallback), items: items, rightItems: right,
      multiple: multiple, step: reviewTurn?.index ?? step, steps: reviewTurn?.count ?? lesson?.steps.count ?? 0,
      attemptsLeft: attemptsLeft(q),
      hintsAvailable: q.hints.count - (states[q.id]?.hintsUsed ?? 0), unit: unit, maxChars: maxChars, maxBytes: maxBytes)
  }

  // MARK: Input

  /// Handles one input received `now` milliseconds after the session began.
  public mutating func handle(_ input: LineEvent, now: Int64) -> [LessonOutput] {
    guard !isFinished else { return [] }
    switch input {
    case .endOfInput:
      isFinished = true
      return [.leave(.endOfInput)]
    case .interrupt:
      isFinished = true
      return [.leave(.interrupt)]
    case .line(let raw):
      let line = raw.trimmingSpaces
      if let command = Self.command(in: line) { return run(command, now: now) }
      if awaitingAnswer, let q = currentQuestion { return answer(q, raw: raw, now: now) }
      // Enter (or anything) after a narrative or a finished question moves on.
      step += 1
      return show(now: now)
    }
  }

  /// What a `:command` line means in a lesson (`:hint` → run hint; `：lang zh` → run lang `zh`;
  /// `:promo` → not here); nil when the line is not a command.
  static func command(in line: String) -> SessionCommandReading? { SessionCommand.read(line, in: .lesson) }

  private mutating func run(_ reading: SessionCommandReading, now: Int64) -> [LessonOutput] {
    let command: SessionCommand
    let argument: String?
    switch reading {
    case .unknown(let word): return [.unknownCommand(word)]
    case .notHere(_, let word): return [.commandNotHere(word)]
    case .run(let c, let a): (command, argument) = (c, a)
    }
    switch command {
    case .help:
      return [.help(commands: Self.commands, canSkip: policy.allowSkip)]
    case .hint:
      guard awaitingAnswer, let q = currentQuestion else { return [.noMoreHints(total: 0)] }
      var st = states[q.id] ?? QuestionState()
      guard st.hintsUsed < q.hints.count else { return [.noMoreHints(total: q.hints.count)] }
      let hint = q.hints[st.hintsUsed]
      st.hintsUsed += 1
      states[q.id] = st
      return [
        .record(.hint(question: q.id, number: st.hintsUsed)),
        // A review has no score to take from: a hint makes the card "hard", and costs nothing.
        .hint(
          text: Presentation(q, seed: seed).filled(text(hint)), number: st.hintsUsed, of: q.hints.count,
          penalty: reviewTurn == nil ? policy.hintPenalty : 0),
      ]
    case .skip:
      guard awaitingAnswer, let q = currentQuestion else {
        step += 1
        return show(now: now)
      }
      guard policy.allowSkip else { return [.skipNotAllowed] }
      var st = states[q.id] ?? QuestionState()
      st.finished = true
      st.skipped = true
      states[q.id] = st
      step += 1
      return [.record(.skip(question: q.id)), .skipped] + show(now: now)
    case .back:
      guard let lesson, step > 0, reviewTurn == nil else { return [.nothingBefore] }
      let previous = lesson.steps[step - 1]
      let reread: String
      switch previous.content {
      case .narrative(let t): reread = text(t)
      case .live(let sc): reread = text(sc.title)
      case .question(let q): reread = Presentation(q, seed: seed).prompt(language, fallback: fallback)
      }
      return [.review(text: reread)] + redisplay()
    case .lang:
      guard let wanted = argument?.lowercased(), !wanted.isEmpty else {
        return [.languageNotOffered(asked: "", offered: course.languages)]
      }
      let base = MessageCatalog.baseLanguage(wanted)
      guard let code = course.languages.first(where: { $0 == wanted || MessageCatalog.baseLanguage($0) == base }) else {
        return [.languageNotOffered(asked: wanted, offered: course.languages)]
      }
      let from = language
      languages.choose(code)
      return [.record(.language(from: from, to: code)), .languageChanged(to: code)] + redisplay()
    case .menu:
      isFinished = true
      return [.leave(.menu)]
    case .quit:
      isFinished = true
      return [.leave(.quit)]
    case .promo:
      return [.commandNotHere(command.rawValue)]
    }
  }

  /// The current step again (after `:back` or `:lang`), without recording it as shown anew.
  private func redisplay() -> [LessonOutput] {
    guard let lesson, lesson.steps.indices.contains(step) else { return [] }
    switch lesson.steps[step].content {
    case .narrative(let t): return [.narrative(text: text(t), step: step, steps: lesson.steps.count)]
    case .live(let sc): return [liveStep(sc, step: step, steps: lesson.steps.count)]
    case .question(let q): return states[q.id]?.finished == true ? [] : [.question(view(q))]
    }
  }

  private mutating func answer(_ q: Question, raw: String, now: Int64) -> [LessonOutput] {
    let presentation = Presentation(q, seed: seed)
    let grade = Grader.grade(raw, for: presentation, lexicons: lexicons, courseLexicons: course.lexicons)
    let notes = GradeNotes(grade.notes, language: language, fallback: fallback)
    let elapsed = now - stepShownMs
    var st = states[q.id] ?? QuestionState()
    if grade.invalid {
      return [
        .record(.answered(question: q.id, raw: raw, score: 0, invalid: true, attempt: st.attempts + 1, elapsedMs: elapsed, final: false, finalScore: nil, hintsUsed: st.hintsUsed)),
        .unreadable(notes: notes),
      ]
    }
    st.attempts += 1
    st.bestScore = max(st.bestScore, Self.attemptScore(grade.score, attempt: st.attempts, policy: policy))
    st.skipped = false
    if grade.isCorrect { st.right = true }
    let allowed = Self.allowedAttempts(q, policy: policy)
    let left = allowed > 0 ? max(0, allowed - st.attempts) : nil
    let over = grade.isCorrect || left == 0
    // While tries remain, the learner is not told which right options they missed (the retry would
    // only copy them).
    let shownNotes = over ? notes : notes.filter { if case .missedOptions = $0 { false } else { true } }
    var final: Double?
    if over {
      st.finished = true
      final = Self.finalScore(best: st.bestScore, hints: st.hintsUsed, penalty: policy.hintPenalty)
    }
    states[q.id] = st
    let view = GradedView(
      score: grade.score, notes: shownNotes, tryAgain: !over, attemptsLeft: left,
      correctAnswer: over && !grade.isCorrect ? presentation.correctAnswer(language, fallback: fallback) : nil,
      explanation: over ? q.explanation.map { presentation.filled(text($0)) } : nil,
      // A review's grade changes the card, not a score: no "score for this question".
      finalScore: reviewTurn == nil ? final : nil)
    var out: [LessonOutput] = [
      .record(.answered(question: q.id, raw: raw, score: grade.score, invalid: false, attempt: st.attempts, elapsedMs: elapsed, final: over, finalScore: final, hintsUsed: st.hintsUsed)),
      .graded(view),
    ]
    if over {
      // The question is over: go straight on (the grade and explanation stay on screen above), so
      // a scripted session is simply one answer per line.
      step += 1
      out += show(now: now)
    }
    return out
  }

  /// Tries a learner gets at `q`: the policy's, but one for true/false (a second try cannot be wrong).
  public static func allowedAttempts(_ q: Question, policy: Policy) -> Int {
    if case .trueFalse = q.kind { return 1 }
    return policy.attempts
  }

  /// What try number `attempt` (1 = first) scoring `score` is worth after the retry penalty.
  public static func attemptScore(_ score: Double, attempt: Int, policy: Policy) -> Double {
    max(0, score * (1 - policy.retryPenalty * Double(max(0, attempt - 1))))
  }

  /// A question's score: its best attempt, less the hint penalty.
  public static func finalScore(best: Double, hints: Int, penalty: Double) -> Double {
    max(0, best * (1 - penalty * Double(hints)))
  }

  private mutating func finish(now: Int64) -> [LessonOutput] {
    guard let lesson else { return [] }
    isFinished = true
    lessonEnded = true
    if reviewTurn != nil { return [.leave(.finished)] }
    var total = 0.0
    var earned = 0.0
    var correct = 0
    var helped = 0
    var skipped = 0
    var hints = 0
    var review: [String] = []
    var questions = 0
    var live: [LessonSummary.LiveToRun] = []
    for s in lesson.steps {
      switch s.content {
      case .live(let sc):
        if !liveRun.contains(sc.id), !live.contains(where: { $0.scenario == sc.id }) {
          live.append(.init(scenario: sc.id, title: text(sc.title), course: course.id))
        }
      case .question(let q):
        questions += 1
        let st = states[q.id] ?? QuestionState()
        let score = st.score(policy)
        total += q.points
        earned += q.points * score
        hints += st.hintsUsed
        switch st.outcome {
        case .fullMarks: correct += 1
        case .rightWithHelp: helped += 1
        case .skipped: skipped += 1
        default: break
        }
        // Everything under full marks is worth another look, hinted and retried answers too.
        if score < 1 - 1e-9 { review.append(Presentation(q, seed: seed).prompt(language, fallback: fallback)) }
      case .narrative: break
      }
    }
    let score: Double? = questions == 0 ? nil : (total > 0 ? earned / total : 1)
    let next = course.lessons.indices.contains(lessonIndex + 1) ? text(course.lessons[lessonIndex + 1].title) : nil
    let ms = lessonMs(at: now)
    var summary = LessonSummary(
      lessonID: lesson.id, title: text(lesson.title), score: score, passed: policy.passes(score),
      passScore: policy.passScore, questions: questions, correct: correct, skipped: skipped, hintsUsed: hints, milliseconds: ms,
      review: review, next: next)
    summary.rightWithHelp = helped
    summary.liveToRun = live
    return [
      .record(.lessonEnd(lesson: lesson.id, score: score, milliseconds: ms, awaitingLive: live.map(\.scenario))), .lessonEnd(summary),
      .leave(.finished),
    ]
  }
}
