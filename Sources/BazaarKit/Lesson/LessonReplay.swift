import Foundation

/// Re-grading is replay: a learner's lesson transcripts in one course, taken in time order, are
/// run again through ``LessonSession`` against the course as it is now, and their records folded
/// into progress by ``ProgressFold`` — the same two pieces the runner uses. So the gradebook's
/// scores are the runner's scores, a question that spans two sittings is counted once with its
/// retry penalty, and a retake starts afresh as it did for the learner.
///
/// A transcript says what was shown (`lesson_start`, `step`) and what the learner did (`answer`,
/// `hint`, `skip`); the replay moves the session to each step the transcript shows and gives it
/// each input there. Transcripts written before `lesson_start` existed are read the way the
/// runner then worked: a completed lesson whose first shown step is its first is a retake.
///
/// A review transcript (kind `review`, `bazaar review`) says which card was asked (`review`, with
/// its review number, which makes the question's seed); each card is replayed as the review
/// sitting ran it, by a ``LessonSession`` made for that review, and folded into the learner's cards
/// and review tally. Reviews are not first, last or best attempts: item statistics are the lessons'.
public struct LessonReplay: Sendable {
  public private(set) var course: Course
  let lexicons: LexiconSet
  /// The learner's progress in the course after the sittings replayed so far.
  public internal(set) var progress: CourseProgress
  /// Live scenarios run so far (a lesson's live step is done once its scenario ran).
  public internal(set) var liveRun: Set<String> = []
  /// Each question's first graded answer or skip, in time order across sittings.
  public internal(set) var firstAttempts: [String: Attempt] = [:]
  /// Each question's last graded answer or skip (a skip after a wrong answer counts 0), and its
  /// highest-graded one, across sittings and retakes.
  public internal(set) var lastAttempts: [String: Attempt] = [:]
  public internal(set) var bestAttempts: [String: Attempt] = [:]
  /// Everything typed at each question (graded answers, in time order, across sittings).
  public internal(set) var typed: [String: [String]] = [:]
  /// Graded tries and hints per question over every sitting (retakes included).
  public internal(set) var totalAttempts: [String: Int] = [:]
  public internal(set) var totalHints: [String: Int] = [:]
  /// Lessons completed in some sitting (the completion of the current course's lessons).
  public internal(set) var lessonsEnded: Set<String> = []

  /// A learner's try at a question.
  public struct Attempt: Sendable, Equatable {
    /// The grade, 0…1, before penalties (0 for a skip).
    public var score: Double
    /// The answer as typed; nil for a skip.
    public var raw: String?
    /// The seed of the sitting it was made in (how the learner saw the question).
    public var seed: String = ""
    public var skipped: Bool { raw == nil }
  }
  public typealias FirstAttempt = Attempt

  /// One `answer` line of a transcript, as graded then and now.
  public struct Answer: Sendable, Equatable {
    public var question: String
    public var raw: String
    /// The score written then, and whether the answer was unreadable then.
    public var then: Double
    public var invalidThen: Bool
    /// The grade now (nil when the question is gone or the answer was not taken: the question
    /// was over, or the transcript's order no longer fits the course).
    public var now: Double?
    public var invalidNow: Bool
    public var elapsedMs: Int
  }

  /// What one sitting held.
  public struct Sitting: Sendable {
    public var answers: [Answer] = []
    /// Questions the transcript answers that the course no longer has.
    public var missingQuestions: Set<String> = []
  }

  /// Where each question is: its lesson's index and its step's (the first place, if twice).
  var places: [String: (lesson: Int, step: Int)]
  /// The seed the course was drawn for (a course with `draw:` lessons is the learner's own).
  var drawnFor: String?

  public init(course: Course, lexicons: LexiconSet) {
    self.course = course
    self.lexicons = lexicons
    progress = CourseProgress(courseVersion: course.version, courseDigest: course.digest)
    places = Self.places(in: course)
  }

  static func places(in course: Course) -> [String: (lesson: Int, step: Int)] {
    var map: [String: (lesson: Int, step: Int)] = [:]
    for (i, l) in course.lessons.enumerated() {
      for (j, s) in l.steps.enumerated() { if case .question(let q) = s.content, map[q.id] == nil { map[q.id] = (i, j) } }
    }
    return map
  }

  /// Takes the course as the learner of `seed` had it (their questions of each `draw:` lesson), once.
  mutating func draw(for seed: String) {
    guard course.hasPools, drawnFor == nil else { return }
    course = course.drawn(seed: seed)
    places = Self.places(in: course)
    drawnFor = seed
  }

  /// A live session of `scenario` ran.
  public mutating func liveSessionRan(_ scenario: String) {
    liveRun.insert(scenario)
    progress.liveSessionRan(scenario: scenario)
  }

  /// Replays one lesson sitting, after the sittings before it.
  public mutating func replay(_ contents: TranscriptContents) -> Sitting {
    draw(for: contents.header.seed)
    var run = SittingRun(replay: self, header: contents.header)
    for entry in contents.events { run.handle(entry) }
    run.close()
    self = run.replay
    return run.sitting
  }
}

/// One sitting being replayed.
private struct SittingRun {
  var replay: LessonReplay
  let header: TranscriptHeader
  var sitting = LessonReplay.Sitting()
  var fold = ProgressFold()
  var session: LessonSession?
  var language: String
  var lastMs: Int64 = 0
  init(replay: LessonReplay, header: TranscriptHeader) {
    self.replay = replay
    self.header = header
    language = replay.course.languages.first ?? "en"
  }

  var course: Course { replay.course }
  var isReview: Bool { header.kind == "review" }

  mutating func handle(_ entry: TranscriptEntry) {
    // A day at most: an `ms` from a damaged or forged file must not overflow anything.
    let ms = Int64(min(86_400_000, max(0, entry.ms)))
    lastMs = max(lastMs, ms)
    if isReview {
      // A review sitting shows cards, not lessons.
      switch entry.event {
      case .lessonStart, .step, .lessonEnd: return
      default: break
      }
    }
    switch entry.event {
    case .review(let q, _, let n):
      guard isReview else { return }
      leave(at: ms)
      guard var s = LessonSession.review(
        ReviewTurn(question: q, number: n), course: course, baseSeed: header.seed, language: language, lexicons: replay.lexicons)
      else { return }
      emit(s.start(now: ms), &s, at: ms)
    case .lessonStart(let lesson, let step, let retake):
      begin(lesson, step: step, retake: retake, at: ms)
    case .step(let lesson, let step, _):
      if session?.lesson?.id != lesson || session?.isFinished == true { begin(lesson, step: step, retake: nil, at: ms) }
      guard let s = session, s.step != step || !s.awaitingAnswer else { return }
      mutate(at: ms) { $0.go(to: step, now: ms) }
    case .answer(let q, let raw, let score, let invalid, _, let elapsed):
      var answer = LessonReplay.Answer(
        question: q, raw: raw, then: score.isFinite ? score : 0, invalidThen: invalid, now: nil, invalidNow: false,
        elapsedMs: max(0, elapsed))
      if replay.places[q] == nil {
        sitting.missingQuestions.insert(q)
      } else if at(question: q, ms: ms) {
        let out = mutate(at: ms) { $0.handle(.line(raw), now: ms) }
        for o in out {
          if case .record(.answered(_, _, let now, let invalidNow, _, _, _, _, _)) = o {
            answer.now = now
            answer.invalidNow = invalidNow
          }
        }
      }
      sitting.answers.append(answer)
    case .hint(let q, _):
      guard at(question: q, ms: ms) else { return }
      mutate(at: ms) { $0.handle(.line(":hint"), now: ms) }
    case .skip(let q):
      guard at(question: q, ms: ms) else { return }
      mutate(at: ms) { $0.handle(.line(":skip"), now: ms) }
    case .lang(_, let to):
      if course.languages.contains(to) { language = to }
    case .lessonEnd(let lesson, _):
      // Enter through the lesson's last steps (narratives) to its end, as the learner did.
      guard let s = session, s.lesson?.id == lesson, !s.isFinished else { return }
      var guardSteps = (s.lesson?.steps.count ?? 0) + 1
      while let s = session, !s.isFinished, !s.awaitingAnswer, guardSteps > 0 {
        mutate(at: ms) { $0.go(to: $0.step + 1, now: ms) }
        guardSteps -= 1
      }
    case .end:
      leave(at: ms)
    default:
      break
    }
  }

  /// Moves the session to question `q`; true when it shows it and waits for its answer, false
  /// when the transcript's input no longer fits (the question is over, or gone).
  mutating func at(question q: String, ms: Int64) -> Bool {
    if isReview { return session?.reviewTurn?.question == q && session?.awaitingAnswer == true }
    guard let place = replay.places[q] else { return false }
    if session?.lessonIndex != place.lesson || session?.isFinished == true {
      begin(course.lessons[place.lesson].id, step: nil, retake: nil, at: ms)
    }
    guard let s = session else { return false }
    if s.currentQuestion?.id != q { mutate(at: ms) { $0.go(to: place.step, now: ms) } }
    guard let s = session, s.currentQuestion?.id == q, s.awaitingAnswer else { return false }
    return true
  }

  /// Changes the session in place (taken out first, so its question states are not copied) and
  /// folds what it records.
  @discardableResult
  mutating func mutate(at ms: Int64, _ body: (inout LessonSession) -> [LessonOutput]) -> [LessonOutput] {
    guard var s = session else { return [] }
    session = nil
    let out = body(&s)
    emit(out, &s, at: ms)
    return out
  }

  /// A lesson begins: said by the transcript (`retake` known) or inferred from the first event
  /// that belongs to it (`retake` nil: a completed lesson begun at its first step is a retake).
  mutating func begin(_ lessonID: String, step: Int?, retake: Bool?, at ms: Int64) {
    leave(at: ms)
    guard let index = course.lessons.firstIndex(where: { $0.id == lessonID }) else { return }
    let lesson = course.lessons[index]
    let start = max(0, min(step ?? 0, 1_000_000))
    let isRetake = retake ?? (replay.progress.lessonsCompleted[lessonID] != nil && start == 0)
    var states: [String: QuestionState] = [:]
    if !isRetake {
      for s in lesson.steps {
        if case .question(let q) = s.content, replay.progress.questions[q.id] != nil { states[q.id] = replay.progress.state(of: q.id) }
      }
    }
    var s = LessonSession(
      course: course, lessonIndex: index, step: start, language: language, seed: header.seed, lexicons: replay.lexicons,
      states: states, retake: isRetake, priorMs: isRetake ? 0 : Int64(replay.progress.lessonTimeMs[lessonID] ?? 0),
      liveRun: replay.liveRun)
    emit(s.start(now: ms), &s, at: ms)
  }

  /// The current lesson is left (another begins, or the sitting ends).
  mutating func leave(at ms: Int64) {
    guard let s = session else { return }
    fold.leave(s, to: &replay.progress, sessionMs: ms)
    session = nil
  }

  mutating func close() {
    leave(at: lastMs)
    fold.addTime(to: &replay.progress, sessionMs: lastMs)
  }

  /// Folds the records of `outputs` (emitted by `s`) and keeps `s` as the current session.
  mutating func emit(_ outputs: [LessonOutput], _ s: inout LessonSession, at ms: Int64) {
    let date = header.started.addingTimeInterval(Double(ms) / 1000)
    for o in outputs {
      guard case .record(let r) = o else { continue }
      fold.apply(r, session: s, to: &replay.progress, at: date, sessionMs: ms)
      if s.reviewTurn != nil { continue }
      switch r {
      case .answered(let q, let raw, let score, let invalid, _, _, _, _, _) where !invalid:
        replay.totalAttempts[q, default: 0] += 1
        let attempt = LessonReplay.Attempt(score: score, raw: raw, seed: header.seed)
        if replay.firstAttempts[q] == nil { replay.firstAttempts[q] = attempt }
        replay.lastAttempts[q] = attempt
        if (replay.bestAttempts[q]?.score ?? -1) < score { replay.bestAttempts[q] = attempt }
        replay.typed[q, default: []].append(raw)
      case .skip(let q):
        let attempt = LessonReplay.Attempt(score: 0, raw: nil, seed: header.seed)
        if replay.firstAttempts[q] == nil { replay.firstAttempts[q] = attempt }
        replay.lastAttempts[q] = attempt
        if replay.bestAttempts[q] == nil { replay.bestAttempts[q] = attempt }
      case .hint(let q, _):
        replay.totalHints[q, default: 0] += 1
      case .lessonEnd(let lesson, _, _, _):
        replay.lessonsEnded.insert(lesson)
      default: break
      }
    }
    session = s
  }
}
