/// What `bazaar grade` produces from a pile of transcripts: one row per learner × course, item
/// statistics per question, test statistics per course, what each transcript said about itself,
/// integrity flags, and the files that could not be graded. Every renderer (table, CSV, JSON,
/// Markdown, HTML) works from this one value.
public struct Gradebook: Sendable, Equatable, Encodable {
  public var rows: [GradebookRow] = []
  public var items: [ItemStatisticsRow] = []
  public var tests: [TestStatistics] = []
  public var transcripts: [TranscriptSummary] = []
  public var flags: [IntegrityFlag] = []
  public var skipped: [SkippedFile] = []
  public var broadcasts: [BroadcastReport] = []
  /// Each learner's first-attempt score on each question, per course (for the learner × item CSV).
  public var learnerItems: [LearnerItemScores] = []
  /// Each course graded: its title, pass mark and lessons (the columns of the learner × lesson matrix).
  public var courses: [CourseOutline] = []
  /// Per learner: what to look at again and their live shows (integrity flags name learners in
  /// ``flags``), in learner order.
  public var learners: [LearnerReport] = []
  /// Per-variant statistics of the calc questions (those with two variants or more).
  public var variants: [CalcVariantStatistics] = []
  /// Which attempt of each question the item and test statistics count.
  public var attemptsCounted: String = CountedAttempt.first.rawValue
  /// Where the sessions came from, when not from files (`bazaar grade --lrs`): said at the top of
  /// every report.
  public var source: GradebookSource?
  public init() {}
}

/// A gradebook read from a learning record store: which one, and which sessions (by the day they
/// began, as the grader asked).
public struct GradebookSource: Sendable, Equatable, Encodable {
  public var lrs: String
  public var since: String?
  public var until: String?
  public init(lrs: String, since: String? = nil, until: String? = nil) {
    self.lrs = lrs
    self.since = since
    self.until = until
  }
}

/// Which of a learner's tries at a question the item and test statistics count (Moodle counts one
/// quiz attempt per learner and lets the teacher choose which).
public enum CountedAttempt: String, Sendable, CaseIterable {
  /// The first try (before hints could help, and before any retry): the default, as in Moodle.
  case first
  /// The last graded try, across sittings and retakes.
  case last
  /// The highest-graded try.
  case best
}

/// A course as the report shows it: its title, pass mark and lessons.
public struct CourseOutline: Sendable, Equatable, Encodable {
  public struct Lesson: Sendable, Equatable, Encodable {
    public var id: String
    public var title: String
    /// Graded questions in the lesson.
    public var questions: Int
    /// The lesson's own pass mark, when its `policy:` sets one other than the course's.
    public var passScore: Double?
    public init(id: String, title: String, questions: Int, passScore: Double? = nil) {
      self.id = id
      self.title = title
      self.questions = questions
      self.passScore = passScore
    }
  }
  public struct Question: Sendable, Equatable, Encodable {
    public var id: String
    public var kind: String
    /// The prompt in the report's language (a calc question's with its `{placeholders}`).
    public var prompt: String
    public init(id: String, kind: String, prompt: String) {
      self.id = id
      self.kind = kind
      self.prompt = prompt
    }
  }
  public var course: String
  public var title: String
  /// Score (0…1) a lesson needs to count as passed: the course's `policy.pass_score` (a lesson's
  /// own, when it has one, is `Lesson.passScore`).
  public var passScore: Double
  public var lessons: [Lesson]
  /// Every question, in the course's order.
  public var questions: [Question] = []
  public init(course: String, title: String, passScore: Double, lessons: [Lesson], questions: [Question] = []) {
    self.course = course
    self.title = title
    self.passScore = passScore
    self.lessons = lessons
    self.questions = questions
  }

  /// From a course file, titles in `language`.
  public init(_ c: Course, language: String) {
    self.init(
      course: c.id, title: c.title.text(language, fallback: c.languages), passScore: c.policy.passScore,
      lessons: c.lessons.map { l in
        Lesson(
          id: l.id, title: l.title.text(language, fallback: c.languages),
          questions: l.steps.reduce(0) { if case .question = $1.content { $0 + 1 } else { $0 } },
          passScore: l.policy.passScore == c.policy.passScore ? nil : l.policy.passScore)
      },
      questions: c.questions.map { Question(id: $0.id, kind: $0.kind.name, prompt: $0.prompt.text(language, fallback: c.languages)) })
  }
}

/// One learner in one lesson: a cell of the learner × lesson matrix.
public struct LessonCell: Sendable, Equatable, Encodable {
  public enum Status: String, Sendable, Equatable, Encodable {
    /// Completed with a score at or above the course's pass mark.
    case passed
    /// Completed below the pass mark.
    case failed
    /// Its questions are done at or above the pass mark; a live session of the lesson has not
    /// been run yet.
    case awaitingLive = "awaiting_live"
    /// Begun (some questions answered or skipped), not completed.
    case inProgress = "in_progress"
    case notStarted = "not_started"
  }
  public var lesson: String
  public var status: Status
  /// Completed: the lesson's score then (of its last completion). Begun: the score so far, over
  /// the questions answered. nil when nothing was answered.
  public var score: Double?
  /// Questions answered or skipped, of the lesson's questions.
  public var answered: Int
  public var questions: Int
  public init(lesson: String, status: Status, score: Double? = nil, answered: Int = 0, questions: Int = 0) {
    self.lesson = lesson
    self.status = status
    self.score = score
    self.answered = answered
    self.questions = questions
  }
}

/// Where a learner stands in a course.
public enum Standing: String, Sendable, Equatable, Encodable, CaseIterable {
  /// Some lesson completed below the pass mark.
  case failing
  /// No lesson below the pass mark, but not every lesson passed yet.
  case unfinished
  /// Every lesson passed.
  case passed

  /// Needs the instructor's attention: not yet through the course with every lesson passed.
  public var needsHelp: Bool { self != .passed }
}

/// One learner's page: what to look at again, and their live shows.
public struct LearnerReport: Sendable, Equatable, Encodable {
  public var learner: String
  /// Questions under full marks (and skipped ones), by course in the course's order.
  public var review: [ReviewItem]
  /// Live shows, in the order they started.
  public var live: [LiveShow]
  public init(learner: String, review: [ReviewItem] = [], live: [LiveShow] = []) {
    self.learner = learner
    self.review = review
    self.live = live
  }
}

/// A question to look at again with the learner.
public struct ReviewItem: Sendable, Equatable, Encodable {
  public var course: String
  public var question: String
  /// The prompt as the learner saw it (a calc question's values filled in), its first line. Not
  /// in the JSON, which has each prompt once, in ``CourseOutline/questions``, and the drawn
  /// values in ``values``.
  public var prompt: String
  /// A calc question's drawn values, `name=value, …` (``CalcVariants/key(_:)``).
  public var values: String? = nil
  /// What the learner typed, in order (at most ``ReviewItem/maxAnswers``: the first ones and the
  /// last; each at most 200 characters).
  public var answers: [String]
  /// The question's score, 0…1, after hint and retry penalties.
  public var score: Double
  /// `not_right`, `right_with_help`, `skipped` or `open` (tries left, not finished).
  public var outcome: String
  public static let maxAnswers = 3
  enum CodingKeys: String, CodingKey { case course, question, values, answers, score, outcome }
  public init(course: String, question: String, prompt: String, answers: [String], score: Double, outcome: String) {
    self.course = course
    self.question = question
    self.prompt = prompt
    self.answers = answers
    self.score = score
    self.outcome = outcome
  }
}

/// A live show a learner hosted.
public struct LiveShow: Sendable, Equatable, Encodable {
  public var course: String
  public var scenario: String
  /// The room's title in the report's language, when the course was found.
  public var title: String?
  /// When it started (ISO 8601, UTC).
  public var started: String
  /// Out of 100 (the replay's, or the one written then when the scenario is gone).
  public var score: Double?
  public var path: String
  public init(course: String, scenario: String, title: String? = nil, started: String, score: Double?, path: String) {
    self.course = course
    self.scenario = scenario
    self.title = title
    self.started = started
    self.score = score
    self.path = path
  }
}

/// One course's learners × questions: each learner's first-attempt score on each question, 0…1,
/// nil where they never reached it. Numbers only, one optional Double per cell.
public struct LearnerItemScores: Sendable, Equatable, Encodable {
  public struct Row: Sendable, Equatable, Encodable {
    public var learner: String
    /// One per item of ``LearnerItemScores/items``, in that order.
    public var scores: [Double?]
    public init(learner: String, scores: [Double?]) {
      self.learner = learner
      self.scores = scores
    }
  }
  public var course: String
  /// Question ids, in the course's order (each once).
  public var items: [String]
  public var rows: [Row]

  public init(course: String, items: [String], rows: [Row]) {
    self.course = course
    self.items = items
    self.rows = rows
  }

  /// From the item analysis' responses: `learners` in the order given (each once, with those who
  /// answered nothing kept as empty rows, then any other learner found in `responses`, sorted); the
  /// first response of a learner to an item counts, its score clamped to 0…1 as the statistics
  /// clamp it; responses to ids not in `items` are ignored.
  public init(course: String, items: [String], learners: [String], responses: [ItemResponse]) {
    var columns: [String] = []
    var column: [String: Int] = [:]
    for id in items where column[id] == nil {
      column[id] = columns.count
      columns.append(id)
    }
    var order: [String] = []
    var rowOf: [String: Int] = [:]
    for l in learners where rowOf[l] == nil {
      rowOf[l] = order.count
      order.append(l)
    }
    for l in Set(responses.map(\.learner)).sorted() where rowOf[l] == nil {
      rowOf[l] = order.count
      order.append(l)
    }
    var scores = [[Double?]](repeating: [Double?](repeating: nil, count: columns.count), count: order.count)
    for r in responses {
      guard let i = rowOf[r.learner], let j = column[r.item], scores.indices.contains(i), scores[i].indices.contains(j),
        scores[i][j] == nil
      else { continue }
      scores[i][j] = ItemStatistics.clampScore(r.firstScore)
    }
    self.init(course: course, items: columns, rows: zip(order, scores).map { Row(learner: $0, scores: $1) })
  }
}

/// One learner in one course, from all their transcripts of it.
public struct GradebookRow: Sendable, Equatable, Encodable {
  public var learner: String
  public var course: String
  /// Course title in the report's language, when the course file was found.
  public var courseTitle: String?
  /// Mean of the question scores (best attempt, after hint penalties), 0…1, over the questions
  /// the learner answered or skipped; nil when there were none.
  public var score: Double?
  /// Questions answered (or skipped) out of the course's questions.
  public var questionsAnswered: Int
  public var questionsTotal: Int
  /// Lessons the learner finished out of the course's lessons.
  public var lessonsCompleted: Int
  public var lessonsTotal: Int
  /// Time spent, from the transcripts, in milliseconds.
  public var timeMs: Int
  /// Graded attempts (invalid answers not counted), hints shown, questions skipped.
  public var attempts: Int
  public var hints: Int
  public var skips: Int
  /// Live-session scores out of 100, in the order the sessions started.
  public var liveScores: [Double]
  /// Transcripts that went into this row.
  public var transcripts: Int
  /// Marks earned out of all the course's marks, 0…1 (questions not reached count 0): how far
  /// through the course the learner is and how well. nil without the course file.
  public var credit: Double? = nil
  /// Every lesson of the course, in the course's order (empty without the course file).
  public var lessons: [LessonCell] = []
  /// Where the learner stands (nil without the course file).
  public var standing: Standing? = nil
  /// Lessons passed, out of ``lessonsTotal``.
  public var lessonsPassed: Int { lessons.filter { $0.status == .passed }.count }
  /// Reviews done in `bazaar review` (not a lesson's first try), and how many were recalled: right
  /// by the last try (docs/review.md).
  public var reviews: Int = 0
  public var reviewsRecalled: Int = 0
  /// The share of reviews recalled, 0…1: the learner's retention (nil with no reviews).
  public var retention: Double? = nil

  public init(
    learner: String, course: String, courseTitle: String? = nil, score: Double? = nil, questionsAnswered: Int = 0,
    questionsTotal: Int = 0, lessonsCompleted: Int = 0, lessonsTotal: Int = 0, timeMs: Int = 0, attempts: Int = 0,
    hints: Int = 0, skips: Int = 0, liveScores: [Double] = [], transcripts: Int = 0
  ) {
    self.learner = learner
    self.course = course
    self.courseTitle = courseTitle
    self.score = score
    self.questionsAnswered = questionsAnswered
    self.questionsTotal = questionsTotal
    self.lessonsCompleted = lessonsCompleted
    self.lessonsTotal = lessonsTotal
    self.timeMs = timeMs
    self.attempts = attempts
    self.hints = hints
    self.skips = skips
    self.liveScores = liveScores
    self.transcripts = transcripts
  }
}

/// Statistics of one question across learners (first attempts), Moodle's definitions.
public struct ItemStatisticsRow: Sendable, Equatable, Encodable {
  public var course: String
  public var question: String
  public var kind: String
  /// The prompt in the report's language (for reading the table), when the course was found.
  public var prompt: String?
  /// Learners with a first attempt.
  public var n: Int
  /// Mean first-attempt score, 0…1 (facility index).
  public var facility: Double?
  /// Sample standard deviation of the first-attempt scores.
  public var standardDeviation: Double?
  /// Correlation of the item's score with the rest of the test (item vs rest), −1…1.
  public var discrimination: Double?
  /// Discriminative efficiency, 0…1 (or negative).
  public var efficiency: Double?
  /// Mean attempts per learner (graded attempts, invalid ones not counted).
  public var meanAttempts: Double?
  /// Share of learners who used a hint / skipped.
  public var hintRate: Double?
  public var skipRate: Double?
  /// First answers by frequency: what was typed (normalised), how many, and its score.
  public var answers: [AnswerFrequency]
  /// Why the item may need a look.
  public var flags: [ItemFlag]
  /// Expected score of an answer drawn at random from every answer the question's form allows,
  /// 0…1 (Moodle's random guess score); nil for free-text kinds (see ``ItemStatistics/randomGuessScore(_:)``).
  public var randomGuessScore: Double?
  /// The item's share of the test's maximum, 0…1 (Moodle's intended weight): 1 / items in the test.
  public var intendedWeight: Double?
  /// The item's share of the spread of the learners' totals, 0…1 (Moodle's effective weight):
  /// √C(x, T) / Σ √C(x_j, T). nil with fewer than 2 learners, or when `negativeCovariance`.
  public var effectiveWeight: Double?
  /// The item's score goes against the total (C(x, T) < 0): Moodle's `negcovar`. It has no
  /// effective weight, and the others' are what they would be with it at weight 0.
  public var negativeCovariance: Bool

  public init(
    course: String, question: String, kind: String, prompt: String? = nil, n: Int = 0, facility: Double? = nil,
    standardDeviation: Double? = nil, discrimination: Double? = nil, efficiency: Double? = nil, meanAttempts: Double? = nil,
    hintRate: Double? = nil, skipRate: Double? = nil, answers: [AnswerFrequency] = [], flags: [ItemFlag] = [],
    randomGuessScore: Double? = nil, intendedWeight: Double? = nil, effectiveWeight: Double? = nil, negativeCovariance: Bool = false
  ) {
    self.course = course
    self.question = question
    self.kind = kind
    self.prompt = prompt
    self.n = n
    self.facility = facility
    self.standardDeviation = standardDeviation
    self.discrimination = discrimination
    self.efficiency = efficiency
    self.meanAttempts = meanAttempts
    self.hintRate = hintRate
    self.skipRate = skipRate
    self.answers = answers
    self.flags = flags
    self.randomGuessScore = randomGuessScore
    self.intendedWeight = intendedWeight
    self.effectiveWeight = effectiveWeight
    self.negativeCovariance = negativeCovariance
  }
}

/// How often one first answer was given.
public struct AnswerFrequency: Sendable, Equatable, Encodable {
  public var answer: String
  public var count: Int
  public var score: Double
  public init(answer: String, count: Int, score: Double) {
    self.answer = answer
    self.count = count
    self.score = score
  }
}

/// Why an item may need a look.
public enum ItemFlag: String, Sendable, Equatable, CaseIterable, Encodable {
  /// Facility above 0.9.
  case tooEasy = "too_easy"
  /// Facility below 0.2.
  case tooHard = "too_hard"
  /// Discrimination below 0: stronger learners do worse on it.
  case negativeDiscrimination = "negative_discrimination"
  /// Discrimination 0–0.2 with enough learners.
  case weakDiscrimination = "weak_discrimination"
}

/// Test-level statistics of one course (first-attempt scores, one per learner).
public struct TestStatistics: Sendable, Equatable, Encodable {
  public var course: String
  /// Learners with at least one first attempt, and items with at least one.
  public var learners: Int
  public var items: Int
  /// Of learners' total scores as percentages of the items they could score.
  public var mean: Double?
  public var median: Double?
  public var standardDeviation: Double?
  public var skewness: Double?
  /// Moodle's kurtosis k4 / k2² (the sample excess kurtosis G2; 0 for a normal spread), at least
  /// 4 learners.
  public var kurtosis: Double?
  /// Cronbach's alpha (KR-20 for 0/1 items).
  public var alpha: Double?
  /// Error ratio, 100 × √(1 − α), in percent.
  public var errorRatio: Double?
  /// Standard error of measurement, SD × √(1 − α), in percentage points.
  public var standardError: Double?
  /// Whose first attempts the statistics use: `finished` (learners who reached every question of
  /// the course, as Moodle counts finished attempts; the default) or `all`.
  public var population: String = StatisticsPopulation.finished.rawValue
  /// Learners who have not reached every question: left out under `finished`, included under `all`.
  public var notFinished: Int = 0

  public init(
    course: String, learners: Int, items: Int, mean: Double? = nil, median: Double? = nil, standardDeviation: Double? = nil,
    skewness: Double? = nil, kurtosis: Double? = nil, alpha: Double? = nil, errorRatio: Double? = nil,
    standardError: Double? = nil
  ) {
    self.course = course
    self.learners = learners
    self.items = items
    self.mean = mean
    self.median = median
    self.standardDeviation = standardDeviation
    self.skewness = skewness
    self.kurtosis = kurtosis
    self.alpha = alpha
    self.errorRatio = errorRatio
    self.standardError = standardError
  }
}

/// Whose first attempts the item and test statistics use.
public enum StatisticsPopulation: String, Sendable, CaseIterable {
  /// Learners who reached every question of the course (answered or skipped it): an abandoned
  /// course would count every question it never reached as 0, as Moodle does not.
  case finished
  /// Every learner with a first attempt.
  case all
}

/// What one transcript said about itself when re-graded.
public struct TranscriptSummary: Sendable, Equatable, Encodable {
  public var path: String
  public var learner: String
  public var course: String
  /// `lesson` or `live`.
  public var kind: String
  public var session: String
  /// The course file differs from the one the transcript was written with.
  public var courseChanged: Bool
  /// The course file was not found (answers kept as they were scored).
  public var courseMissing: Bool
  /// Question ids answered in the transcript that the course no longer has.
  public var missingQuestions: [String]
  /// Answers whose re-grade differs from the score written then: question, old, new.
  public var changedScores: [ScoreChange]
  /// The last line was cut off (a crash or power cut); the rest was graded.
  public var torn: Bool
  /// Lines that could not be read, with their numbers.
  public var problems: [String]
  /// Live sessions: the score written then and the score of the replay.
  public var liveScore: Double?
  public var liveScoreThen: Double?

  public init(
    path: String, learner: String, course: String, kind: String, session: String, courseChanged: Bool = false,
    courseMissing: Bool = false, missingQuestions: [String] = [], changedScores: [ScoreChange] = [], torn: Bool = false,
    problems: [String] = [], liveScore: Double? = nil, liveScoreThen: Double? = nil
  ) {
    self.path = path
    self.learner = learner
    self.course = course
    self.kind = kind
    self.session = session
    self.courseChanged = courseChanged
    self.courseMissing = courseMissing
    self.missingQuestions = missingQuestions
    self.changedScores = changedScores
    self.torn = torn
    self.problems = problems
    self.liveScore = liveScore
    self.liveScoreThen = liveScoreThen
  }
}

/// An answer whose score changed on re-grading.
public struct ScoreChange: Sendable, Equatable, Encodable {
  public var question: String
  public var raw: String
  public var then: Double
  public var now: Double
  public init(question: String, raw: String, then: Double, now: Double) {
    self.question = question
    self.raw = raw
    self.then = then
    self.now = now
  }
}

/// Something a grader should look at: not proof of cheating, a reason to ask.
public struct IntegrityFlag: Sendable, Equatable, Encodable {
  public enum Kind: String, Sendable, Equatable, Encodable {
    /// The same free-text answer (normalised, long enough to be unlikely by chance) from different learners.
    case identicalAnswers = "identical_answers"
    /// Answered faster than the prompt can be read.
    case tooFast = "too_fast"
    /// The transcript ends in a torn line.
    case torn
    /// The same session (id) in more than one file: a copied transcript.
    case duplicateSession = "duplicate_session"
  }
  public var kind: Kind
  public var learners: [String]
  public var paths: [String]
  /// What was seen (the answer, the question, the time).
  public var detail: String

  public init(kind: Kind, learners: [String], paths: [String], detail: String) {
    self.kind = kind
    self.learners = learners
    self.paths = paths
    self.detail = detail
  }
}

/// A file that could not be graded, and why.
public struct SkippedFile: Sendable, Equatable, Encodable {
  public var path: String
  /// The line, when the reason is on one.
  public var line: Int?
  public var reason: String
  public init(path: String, line: Int? = nil, reason: String) {
    self.path = path
    self.line = line
    self.reason = reason
  }
}

/// A real broadcast's transcript (`.srt`, `.vtt`, timestamped text): compliance findings, and the
/// scenario's score when one was named.
public struct BroadcastReport: Sendable, Equatable, Encodable {
  public var path: String
  /// Cues (timed lines) read.
  public var cues: Int
  /// Length, from the first cue to the last, in milliseconds.
  public var durationMs: Int
  public var findings: [BroadcastFinding]
  /// With `--scenario COURSE:ID`: the scenario and the score out of 100.
  public var scenario: String?
  public var score: Double?
  /// What the host talked about, by the cue lexicons' topics (price, shipping, origin,
  /// after-sales, calls to action…), in topic order.
  public var topics: [BroadcastTopic]

  public init(
    path: String, cues: Int, durationMs: Int, findings: [BroadcastFinding], scenario: String? = nil, score: Double? = nil,
    topics: [BroadcastTopic] = []
  ) {
    self.path = path
    self.cues = cues
    self.durationMs = durationMs
    self.findings = findings
    self.scenario = scenario
    self.score = score
    self.topics = topics
  }
}

/// How often a broadcast touched one cue topic, and when first.
public struct BroadcastTopic: Sendable, Equatable, Encodable {
  /// The topic id (`price`, `shipping`, `origin`, `returns`, `call_to_action`…).
  public var topic: String
  /// Its label in the report's language.
  public var label: String
  /// Cues (timed lines) with one of its words.
  public var cues: Int
  /// The first such cue: its time in milliseconds and its line in the file.
  public var firstMs: Int?
  public var firstLine: Int?
  /// Why the topic matters (from the cue lexicon), in the report's language.
  public var rule: String?
  /// Whether a broadcast should mention it (when it never does, the report says so).
  public var expected: Bool
  /// Expected and never mentioned.
  public var isMissing: Bool { expected && cues == 0 }

  public init(
    topic: String, label: String, cues: Int, firstMs: Int? = nil, firstLine: Int? = nil, rule: String? = nil, expected: Bool = true
  ) {
    self.topic = topic
    self.expected = expected
    self.label = label
    self.cues = cues
    self.firstMs = firstMs
    self.firstLine = firstLine
    self.rule = rule
  }
}

/// One compliance finding in a broadcast.
public struct BroadcastFinding: Sendable, Equatable, Encodable {
  /// Time in the broadcast, in milliseconds.
  public var ms: Int
  /// The line of the file the cue starts on.
  public var line: Int
  /// The cue's text.
  public var text: String
  /// `absolute`, `medical`, `price`, … (the lexicon category, or `price` for price claims).
  public var category: String
  /// The term or the claim.
  public var term: String
  /// The rule it breaks, in the report's language.
  public var rule: String
  /// What to say instead, when known.
  public var advice: String?

  public init(ms: Int, line: Int, text: String, category: String, term: String, rule: String, advice: String? = nil) {
    self.ms = ms
    self.line = line
    self.text = text
    self.category = category
    self.term = term
    self.rule = rule
    self.advice = advice
  }
}
