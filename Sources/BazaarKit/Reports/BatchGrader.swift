import Foundation

/// `bazaar grade`: re-grades a pile of transcripts against the current course files and builds
/// the gradebook. Files are read and graded on all cores in batches; each file's result is small
/// and is folded into per-learner aggregates in path order, so memory does not grow with the
/// number of transcripts and the result does not depend on thread timing.
public struct BatchGrader: Sendable {
  /// Courses by id, with their lexicons.
  public struct CourseEntry: Sendable {
    public var course: Course
    public var lexicons: LexiconSet
    /// The course's questions by id (`Course.questions` walks every lesson), boxed: a question
    /// is a large value, and copying it for each of 400,000 answers showed in the profile.
    let questions: [String: QuestionInfo]
    public init(course: Course, lexicons: LexiconSet) {
      self.course = course
      self.lexicons = lexicons
      var byID: [String: QuestionInfo] = [:]
      for q in course.questions where byID[q.id] == nil {
        byID[q.id] = QuestionInfo(q, languages: course.languages, policy: course.policy)
      }
      questions = byID
    }
  }

  /// A question with what grading asks of it again and again.
  final class QuestionInfo: Sendable {
    let question: Question
    /// Less than this after the question was shown, a right answer was not read: 40 ms per
    /// character of the prompt (a fast reader's pace for Chinese), at least 1.5 s.
    let readingMs: Int
    /// Short, listing and pitch answers are free text (compared across learners for copies).
    let freeText: Bool
    /// Tries the course allows (0: unlimited; a true/false question has one).
    let allowedAttempts: Int
    init(_ q: Question, languages: [String], policy: Policy) {
      question = q
      allowedAttempts = LessonSession.allowedAttempts(q, policy: policy)
      readingMs = max(1_500, (languages.map { q.prompt.text($0).count }.min() ?? 0) * 40)
      switch q.kind {
      case .short, .listing, .pitch: freeText = true
      default: freeText = false
      }
    }
  }

  public let courses: [String: CourseEntry]
  public let fileSystem: any FileSystem
  public let language: String
  /// With `--scenario COURSE:ID`: broadcasts are scored on this scenario too.
  public let broadcastScenario: (course: Course, scenario: LiveScenario, lexicons: LexiconSet)?
  /// Files larger than this are skipped (a transcript of a long course is a few hundred KB).
  public static let maxFileBytes = 32 * 1024 * 1024
  /// Extensions read from folders.
  public static let transcriptExtensions = ["jsonl"]
  public static let broadcastExtensions = ["srt", "vtt", "txt"]

  /// Every lexicon of every course (broadcasts without a scenario are checked against all).
  let allLexicons: LexiconSet
  /// Words for broadcast findings.
  public let messages: MessageCatalog

  public init(
    courses: [String: CourseEntry], fileSystem: any FileSystem = LocalFileSystem(), language: String = "en",
    messages: MessageCatalog = .english, broadcastScenario: (course: Course, scenario: LiveScenario, lexicons: LexiconSet)? = nil
  ) {
    self.courses = courses
    self.fileSystem = fileSystem
    self.language = language
    self.messages = messages
    self.broadcastScenario = broadcastScenario
    var all: [Lexicon] = []
    var names = Set<String>()
    for id in courses.keys.sorted() {
      guard let set = courses[id]?.lexicons else { continue }
      for name in set.byName.keys.sorted() where names.insert(name).inserted {
        if let l = set.byName[name] { all.append(l) }
      }
    }
    allLexicons = LexiconSet(all)
  }

  // MARK: Finding files

  /// The files to grade under `paths` (files as given; folders searched recursively for the
  /// known extensions), sorted, and what could not be read.
  public func collect(_ paths: [String]) -> (files: [String], skipped: [SkippedFile]) {
    var files: [String] = []
    var skipped: [SkippedFile] = []
    for path in paths {
      switch fileSystem.kind(of: path) {
      case .file: files.append(path)
      case .directory:
        do {
          for full in try fileSystem.files(under: path) {
            let ext = (full as NSString).pathExtension.lowercased()
            if Self.transcriptExtensions.contains(ext) || Self.broadcastExtensions.contains(ext) { files.append(full) }
          }
        } catch {
          skipped.append(SkippedFile(path: path, reason: "\(error)"))
        }
      default:
        skipped.append(SkippedFile(path: path, reason: messages.text("gradebook.skip.missing")))
      }
    }
    // The same file reached twice (`dir` and `./dir`, a link): graded once.
    var seen = Set<String>()
    let unique = files.sorted().filter { path in
      guard let real = realpath(path, nil) else { return seen.insert(path).inserted }
      defer { free(real) }
      return seen.insert(String(cString: real)).inserted
    }
    return (unique, skipped)
  }

  // MARK: One file

  /// What one transcript contributed.
  struct FileResult: Sendable {
    var summary: TranscriptSummary?
    var skipped: SkippedFile?
    var broadcast: BroadcastReport?
    var learnerKey = ""
    var started = Date(timeIntervalSince1970: 0)
    var questions: [String: QuestionRecord] = [:]
    var lessonsEnded: Set<String> = []
    var timeMs = 0
    var liveScore: Double?
    var session = ""
    /// Free-text answers worth checking for copies: (question, normalised answer).
    var freeText: [(String, String)] = []
    var tooFast: [String] = []
  }

  /// One question in one transcript.
  struct QuestionRecord: Sendable {
    var firstScore: Double?
    var firstRaw: String?
    var firstOrder = 0
    var best = 0.0
    var attempts = 0
    var hints = 0
    var skipped = false
    var final: Double?
  }

  func grade(file path: String) -> FileResult {
    var result = FileResult()
    let ext = (path as NSString).pathExtension.lowercased()
    // A link to /dev/zero or a pipe is not a file to read to its end.
    var st = stat()
    if fileSystem is LocalFileSystem, stat(path, &st) == 0, (st.st_mode & S_IFMT) != S_IFREG {
      result.skipped = SkippedFile(path: path, reason: messages.text("gradebook.skip.notRegular"))
      return result
    }
    if case .file(let size) = fileSystem.kind(of: path), size > Self.maxFileBytes {
      result.skipped = SkippedFile(path: path, reason: messages.text("gradebook.skip.tooBig", ["mb": String(Self.maxFileBytes / 1_048_576)]))
      return result
    }
    let bytes: [UInt8]
    do { bytes = try fileSystem.read(path) } catch {
      result.skipped = SkippedFile(path: path, reason: messages.text("gradebook.skip.unreadable", ["reason": "\(error)"]))
      return result
    }
    if Self.broadcastExtensions.contains(ext) {
      return gradeBroadcast(bytes, path: path)
    }
    let contents: TranscriptContents
    do { contents = try TranscriptReader.parse(bytes, path: path) } catch {
      if case .empty = error {
        result.skipped = SkippedFile(path: path, reason: reason(error))
      } else {
        result.skipped = SkippedFile(path: path, line: 1, reason: reason(error))
      }
      return result
    }
    let header = contents.header
    result.learnerKey = (try? LearnerName(header.learner))?.key ?? header.learner
    result.started = header.started
    result.session = header.session
    var summary = TranscriptSummary(
      path: path, learner: header.learner, course: header.course.id, kind: header.kind, session: header.session,
      torn: contents.tornLastLine, problems: contents.problems.map { "line \($0.line): \($0.message)" })
    let entry = courses[header.course.id]
    summary.courseMissing = entry == nil
    summary.courseChanged = entry.map { $0.course.digest != header.course.digest } ?? false
    // A day at most: an `ms` from a damaged or forged file must not overflow a learner's total.
    result.timeMs = min(86_400_000, max(0, contents.events.last?.ms ?? 0))
    // A file whose every event line is damaged holds nothing to grade.
    if contents.events.isEmpty, !contents.problems.isEmpty {
      result.skipped = SkippedFile(path: path, line: contents.problems.first?.line, reason: messages.text("gradebook.skip.noEvents"))
      return result
    }

    if header.kind == "live" {
      for e in contents.events { if case .liveEnd(_, let score) = e.event { summary.liveScoreThen = score } }
      if let entry, case .success(let scenario) = LiveReplay.scenario(for: header, in: entry.course) {
        let (r, _) = LiveReplay.run(contents, scenario: scenario, course: entry.course, lexicons: entry.lexicons)
        summary.liveScore = r.score
        result.liveScore = r.score
      } else {
        result.liveScore = summary.liveScoreThen
        if entry != nil {
          summary.problems.append(messages.text("gradebook.t.scenarioGone", ["scenario": header.scenario ?? "?"]))
        }
      }
      result.summary = summary
      return result
    }

    var missing = Set<String>()
    var order = 0
    for e in contents.events {
      switch e.event {
      case .answer(let qid, let raw, let oldScore, let invalid, _, let elapsed):
        var rec = result.questions[qid] ?? QuestionRecord()
        var score = oldScore
        var nowInvalid = invalid
        let info = entry?.questions[qid]
        if let entry {
          if let info {
            let grade = Grader.grade(
              raw, for: Presentation(info.question, seed: header.seed), lexicons: entry.lexicons,
              courseLexicons: entry.course.lexicons)
            // An answer that was invalid when typed (asked again, no attempt used) stays out; one
            // the changed key no longer reads counts 0.
            nowInvalid = invalid
            score = grade.invalid ? 0 : grade.score
            if !invalid, abs(score - min(1, max(0, oldScore))) > 1e-9 {
              summary.changedScores.append(ScoreChange(question: qid, raw: raw, then: oldScore, now: score))
            }
            if info.freeText, !nowInvalid {
              let norm = TextNormalizer.normalize(raw)
              if norm.count >= 12 { result.freeText.append((qid, norm)) }
            }
            if !nowInvalid, score >= 1 - 1e-9, elapsed < info.readingMs {
              result.tooFast.append(qid)
            }
          } else {
            missing.insert(qid)
            continue
          }
        }
        if nowInvalid { continue }
        score = score.isFinite ? min(1, max(0, score)) : 0
        // Tries beyond what the course now allows do not count (a true/false question has one).
        if let allowed = info?.allowedAttempts, allowed > 0, rec.attempts >= allowed { continue }
        rec.attempts += 1
        if rec.firstScore == nil {
          rec.firstScore = score
          rec.firstRaw = TextNormalizer.normalize(raw)
          rec.firstOrder = order
          order += 1
        }
        rec.best = max(rec.best, entry.map { LessonSession.attemptScore(score, attempt: rec.attempts, policy: $0.course.policy) } ?? score)
        result.questions[qid] = rec
      case .hint(let qid, _):
        result.questions[qid, default: QuestionRecord()].hints += 1
      case .skip(let qid):
        result.questions[qid, default: QuestionRecord()].skipped = true
      case .lessonEnd(let lesson, _):
        result.lessonsEnded.insert(lesson)
      default: break
      }
    }
    summary.missingQuestions = missing.sorted()
    if let entry {
      for (qid, rec) in result.questions {
        result.questions[qid]?.final = LessonSession.finalScore(best: rec.best, hints: rec.hints, penalty: entry.course.policy.hintPenalty)
      }
      for qid in missing { result.questions[qid] = nil }
    } else {
      for (qid, rec) in result.questions { result.questions[qid]?.final = rec.best }
    }
    result.summary = summary
    return result
  }

  func gradeBroadcast(_ bytes: [UInt8], path: String) -> FileResult {
    var result = FileResult()
    switch BroadcastTranscript.parse(bytes: bytes, path: path, messages: messages) {
    case .failure(let skipped):
      result.skipped = skipped
    case .success(let t):
      if let bs = broadcastScenario {
        let findings = t.compliance(
          lexicons: bs.lexicons, names: bs.scenario.lexicons + bs.course.lexicons, messages: messages, language: language,
          fallback: bs.course.fallbackLanguages)
        let r = t.score(scenario: bs.scenario, course: bs.course, lexicons: bs.lexicons, language: language)
        let topics = t.topics(
          lexicons: bs.lexicons, names: bs.scenario.lexicons + bs.course.lexicons, messages: messages, language: language,
          fallback: bs.course.fallbackLanguages)
        result.broadcast = t.report(findings: findings, scenario: bs.course.id + ":" + bs.scenario.id, score: r.score, topics: topics)
      } else {
        let names = allLexicons.byName.keys.sorted()
        let findings = t.compliance(lexicons: allLexicons, names: names, messages: messages, language: language)
        let topics = t.topics(lexicons: allLexicons, names: names, messages: messages, language: language)
        result.broadcast = t.report(findings: findings, topics: topics)
      }
    }
    return result
  }

  func reason(_ error: TranscriptError) -> String {
    switch error {
    case .empty: messages.text("gradebook.skip.empty")
    case .badHeader(_, let m): messages.text("gradebook.skip.notTranscript", ["problem": m])
    case .unsupportedFormat(_, let f): messages.text("gradebook.skip.newer", ["format": f])
    case .unreadable(_, let r): messages.text("gradebook.skip.unreadable", ["reason": r])
    default: error.description
    }
  }

  // MARK: Many files

  /// Grades every file under `paths`.
  public func run(_ paths: [String], threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> Gradebook {
    let (files, skippedPaths) = collect(paths)
    var book = Gradebook()
    book.skipped = skippedPaths
    var agg = Aggregator(grader: self)
    agg.copyCounts = sessionCopies(files)
    let batch = 64
    var start = 0
    while start < files.count {
      let slice = Array(files[start..<min(files.count, start + batch)])
      let results = ResultBox(count: slice.count)
      DispatchQueue.concurrentPerform(iterations: min(max(1, threads), slice.count)) { worker in
        var i = worker
        while i < slice.count {
          results.set(i, grade(file: slice[i]))
          i += max(1, threads)
        }
      }
      for r in results.all() { agg.add(r, into: &book) }
      start += batch
    }
    agg.finish(into: &book)
    return book
  }
}

extension BatchGrader {
  /// Sessions whose id appears in more than one transcript's header (read from the first 4 KB
  /// of each `.jsonl`; a copied file is rare, but then the most complete copy must be chosen).
  func sessionCopies(_ files: [String]) -> [String: Int] {
    var counts: [String: Int] = [:]
    let key = Array(#""session":""#.utf8)
    for path in files where path.lowercased().hasSuffix(".jsonl") {
      guard let fd = Optional(open(path, O_RDONLY)), fd >= 0 else { continue }
      var buffer = [UInt8](repeating: 0, count: 4096)
      let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4096) }
      close(fd)
      guard n > 0 else { continue }
      let head = buffer.prefix(n).prefix { $0 != 0x0A }
      guard let start = Array(head).firstRange(of: key)?.upperBound else { continue }
      let id = head.dropFirst(start).prefix { $0 != 0x22 }
      counts[String(decoding: id, as: UTF8.self), default: 0] += 1
    }
    return counts.filter { $0.value > 1 }
  }
}

/// Results of one batch, filled by several threads.
final class ResultBox: @unchecked Sendable {
  private var items: [BatchGrader.FileResult?]
  private let lock = NSLock()
  init(count: Int) { items = Array(repeating: nil, count: count) }
  func set(_ i: Int, _ r: BatchGrader.FileResult) { lock.withLock { items[i] = r } }
  func all() -> [BatchGrader.FileResult] { lock.withLock { items.compactMap { $0 } } }
}

/// Folds file results into per-learner aggregates, then computes the gradebook.
struct Aggregator {
  let grader: BatchGrader
  var m: MessageCatalog { grader.messages }

  /// One question of one learner, across their transcripts (compact: a learner × course row holds
  /// one per question of the course, and a prefecture has thousands of learners).
  struct Slot {
    var attempts: Int32 = 0
    var hints: Int32 = 0
    var skipped = false
    var seen = false
    var hasFinal = false
    var final = 0.0
    /// The first attempt across transcripts: when its transcript started, its order there, its
    /// score and the interned answer (-1: none yet).
    var firstAnswer: Int32 = -1
    var firstOrder: Int32 = 0
    var firstStarted = 0.0
    var firstScore = 0.0
  }

  struct LearnerCourse {
    var learner: String
    var course: String
    var slots: [Slot] = []
    var lessons: Set<String> = []
    var timeMs = 0
    var live: [(Date, Double)] = []
    var transcripts = 0
  }

  var table: [String: LearnerCourse] = [:]
  var sessions: [String: [String]] = [:]
  /// Sessions found in more than one file (from the headers), and copies read so far.
  var copyCounts: [String: Int] = [:]
  var pending: [String: [BatchGrader.FileResult]] = [:]
  var freeText: [String: [String: Set<String>]] = [:]  // "course/question" → answer → learners
  var freeTextPaths: [String: [String: [String]]] = [:]
  /// Question ids per course, in the course's order (then ids only transcripts know).
  var ids: [String: [String]] = [:]
  var index: [String: [String: Int]] = [:]
  /// First answers, interned.
  var answerIDs: [String: Int32] = [:]
  var answerTexts: [String] = []

  init(grader: BatchGrader) {
    self.grader = grader
    for (id, entry) in grader.courses {
      let qids = entry.course.questions.map(\.id)
      ids[id] = qids
      var map: [String: Int] = [:]
      for (i, q) in qids.enumerated() where map[q] == nil { map[q] = i }
      index[id] = map
    }
  }

  mutating func slotIndex(course: String, question: String) -> Int {
    if let i = index[course]?[question] { return i }
    let i = ids[course, default: []].count
    ids[course, default: []].append(question)
    index[course, default: [:]][question] = i
    return i
  }

  mutating func intern(_ answer: String) -> Int32 {
    if let id = answerIDs[answer] { return id }
    let id = Int32(clamping: answerTexts.count)
    answerTexts.append(answer)
    answerIDs[answer] = id
    return id
  }

  mutating func add(_ r: BatchGrader.FileResult, into book: inout Gradebook) {
    if let s = r.skipped { book.skipped.append(s) }
    if let b = r.broadcast { book.broadcasts.append(b) }
    guard let summary = r.summary else { return }
    book.transcripts.append(summary)
    if summary.torn {
      book.flags.append(IntegrityFlag(kind: .torn, learners: [summary.learner], paths: [summary.path], detail: m.text("gradebook.detail.torn")))
    }
    // A copied file: the same session twice is graded once — the most complete copy, chosen
    // once every copy has been read (copies were counted from the headers beforehand).
    sessions[r.session, default: []].append(summary.path)
    let copies = copyCounts[r.session] ?? 1
    if copies > 1 {
      pending[r.session, default: []].append(r)
      if let all = pending[r.session], all.count >= copies {
        pending[r.session] = nil
        if let best = Self.mostComplete(all) { fold(best, into: &book) }
      }
      return
    }
    fold(r, into: &book)
  }

  /// Of several copies of one session: not torn first, then the one with the most answered
  /// questions and time, then the first by path.
  static func mostComplete(_ copies: [BatchGrader.FileResult]) -> BatchGrader.FileResult? {
    copies.enumerated().min { a, b in
      let ka = (a.element.summary?.torn ?? true, -a.element.questions.count, -a.element.timeMs, a.offset)
      let kb = (b.element.summary?.torn ?? true, -b.element.questions.count, -b.element.timeMs, b.offset)
      return (ka.0 ? 1 : 0, ka.1, ka.2, ka.3) < (kb.0 ? 1 : 0, kb.1, kb.2, kb.3)
    }?.element
  }

  mutating func fold(_ r: BatchGrader.FileResult, into book: inout Gradebook) {
    guard let summary = r.summary else { return }
    let key = r.learnerKey + "\u{1F}" + summary.course
    // Taken out and put back, so the slots are changed in place (no copy of the row).
    var lc = table.removeValue(forKey: key) ?? LearnerCourse(learner: summary.learner, course: summary.course)
    lc.transcripts += 1
    lc.timeMs = lc.timeMs.addingReportingOverflow(r.timeMs).overflow ? Int.max : lc.timeMs + r.timeMs
    lc.lessons.formUnion(r.lessonsEnded)
    if let live = r.liveScore { lc.live.append((r.started, live)) }
    let started = r.started.timeIntervalSince1970
    for (qid, rec) in r.questions.sorted(by: { $0.key < $1.key }) {
      let i = slotIndex(course: summary.course, question: qid)
      if lc.slots.count <= i { lc.slots.append(contentsOf: Array(repeating: Slot(), count: i + 1 - lc.slots.count)) }
      var q = lc.slots[i]
      q.seen = true
      q.attempts += Int32(clamping: rec.attempts)
      q.hints += Int32(clamping: rec.hints)
      q.skipped = q.skipped || rec.skipped
      if let f = rec.final, rec.attempts > 0 || f > 0 {
        q.final = q.hasFinal ? max(q.final, f) : f
        q.hasFinal = true
      }
      if let s = rec.firstScore, let raw = rec.firstRaw {
        let earlier = q.firstAnswer < 0 || (started, rec.firstOrder) < (q.firstStarted, Int(q.firstOrder))
        if earlier {
          q.firstAnswer = intern(raw)
          q.firstOrder = Int32(clamping: rec.firstOrder)
          q.firstStarted = started
          q.firstScore = s
        }
      }
      lc.slots[i] = q
    }
    table[key] = lc
    if r.tooFast.count >= 3 {
      book.flags.append(
        IntegrityFlag(
          kind: .tooFast, learners: [summary.learner], paths: [summary.path],
          detail: m.text("gradebook.detail.tooFast", ["n": String(r.tooFast.count), "questions": r.tooFast.prefix(5).joined(separator: ", ")])))
    }
    for (qid, answer) in r.freeText {
      let k = summary.course + "/" + qid
      freeText[k, default: [:]][answer, default: []].insert(summary.learner)
      if freeTextPaths[k, default: [:]][answer, default: []].count < 10 { freeTextPaths[k, default: [:]][answer, default: []].append(summary.path) }
    }
  }

  mutating func finish(into book: inout Gradebook) {
    // Copies of which some could not be read: grade the best of those that could.
    for session in pending.keys.sorted() {
      if let all = pending[session], let best = Self.mostComplete(all) { fold(best, into: &book) }
    }
    pending = [:]
    for (session, paths) in sessions.sorted(by: { $0.key < $1.key }) where paths.count > 1 {
      let learners = book.transcripts.filter { paths.contains($0.path) }.map(\.learner)
      book.flags.append(
        IntegrityFlag(
          kind: .duplicateSession, learners: Array(Set(learners)).sorted(), paths: paths,
          detail: m.text("gradebook.detail.duplicate", ["session": session, "n": String(paths.count)])))
    }
    for (k, answers) in freeText.sorted(by: { $0.key < $1.key }) {
      for (answer, learners) in answers.sorted(by: { $0.key < $1.key }) where learners.count > 1 {
        book.flags.append(
          IntegrityFlag(
            kind: .identicalAnswers, learners: learners.sorted(), paths: freeTextPaths[k]?[answer] ?? [],
            detail: "\(k): “\(answer.count > 60 ? String(answer.prefix(60)) + "…" : answer)”"))
      }
    }
    // Gradebook rows.
    let rows = table.values.sorted { ($0.course, $0.learner) < ($1.course, $1.learner) }
    for lc in rows {
      let entry = grader.courses[lc.course]
      let answered = lc.slots.filter { $0.seen && ($0.attempts > 0 || $0.skipped) }
      let finals = answered.map { $0.hasFinal ? $0.final : 0 }
      book.rows.append(
        GradebookRow(
          learner: lc.learner, course: lc.course, courseTitle: entry?.course.title.text(grader.language, fallback: entry?.course.languages ?? []),
          score: finals.isEmpty ? nil : finals.reduce(0, +) / Double(finals.count), questionsAnswered: answered.count,
          questionsTotal: entry?.course.questions.count ?? lc.slots.filter(\.seen).count, lessonsCompleted: lc.lessons.count,
          lessonsTotal: entry?.course.lessons.count ?? lc.lessons.count, timeMs: lc.timeMs,
          attempts: lc.slots.reduce(0) { $0 + Int($1.attempts) }, hints: lc.slots.reduce(0) { $0 + Int($1.hints) },
          skips: lc.slots.filter(\.skipped).count, liveScores: lc.live.sorted { $0.0 < $1.0 }.map(\.1),
          transcripts: lc.transcripts))
    }
    // Item and test statistics per course.
    let byCourse = Dictionary(grouping: rows, by: \.course)
    for course in byCourse.keys.sorted() {
      guard let learners = byCourse[course] else { continue }
      let entry = grader.courses[course]
      let qids = ids[course] ?? []
      guard !qids.isEmpty else { continue }
      var responses: [ItemResponse] = []
      for lc in learners {
        for (i, q) in lc.slots.enumerated() where q.seen && (q.attempts > 0 || q.skipped) {
          guard let qid = qids[safe: i] else { continue }
          let answer = q.firstAnswer >= 0 ? answerTexts[safe: Int(q.firstAnswer)] : nil
          responses.append(
            ItemResponse(
              learner: lc.learner, item: qid, firstScore: q.firstAnswer >= 0 ? q.firstScore : 0, attempts: Int(q.attempts),
              usedHint: q.hints > 0, skipped: q.firstAnswer < 0 && q.skipped, firstAnswer: answer))
        }
      }
      let items = qids.map { id -> ItemStatistics.Item in
        let q = entry?.questions[id]?.question
        return ItemStatistics.Item(
          id: id, kind: q?.kind.name ?? "?", prompt: q.map { $0.prompt.text(grader.language, fallback: entry?.course.languages ?? []) })
      }
      let stats = ItemStatistics.compute(course: course, items: items, responses: responses)
      book.items += stats.items
      book.tests.append(stats.test)
    }
  }
}
