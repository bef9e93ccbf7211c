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

    /// Every course in `folders` that loads (the first of each id), with its lexicons, by id;
    /// and the lexicon errors found (a course without its lexicons would read answers and host
    /// lines more kindly than the runner did).
    public static func all(folders: [String], messages: MessageCatalog) -> (courses: [String: CourseEntry], errors: [Diagnostic]) {
      var courses: [String: CourseEntry] = [:]
      var errors: [Diagnostic] = []
      for entry in CourseCatalog(folders: folders).entries {
        guard let course = entry.loaded.course, courses[course.id] == nil else { continue }
        let (lexicons, diagnostics) = LexiconLibrary(messages: messages).resolve(entry.loaded, coursePath: course.path)
        errors += diagnostics.filter(\.isError)
        courses[course.id] = CourseEntry(course: course, lexicons: lexicons)
      }
      return (courses, errors)
    }
    /// The course's questions by id (`Course.questions` walks every lesson), boxed: a question
    /// is a large value, and copying it for each of 400,000 answers showed in the profile.
    let questions: [String: QuestionInfo]
    /// The same in the course's order, walked once here rather than for every learner.
    let ordered: [QuestionInfo]
    public init(course: Course, lexicons: LexiconSet) {
      self.course = course
      self.lexicons = lexicons
      var byID: [String: QuestionInfo] = [:]
      var list: [QuestionInfo] = []
      for lesson in course.lessons {
        for step in lesson.steps {
          guard case .question(let q) = step.content else { continue }
          let info = byID[q.id] ?? QuestionInfo(q, languages: course.languages, policy: lesson.policy)
          if byID[q.id] == nil { byID[q.id] = info }
          list.append(info)
        }
      }
      questions = byID
      ordered = list
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
    /// The rules of the question's lesson.
    let policy: Policy
    init(_ q: Question, languages: [String], policy: Policy) {
      question = q
      self.policy = policy
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

  /// Review items' prompts by course and question id (not calc questions).
  let reviewPrompts: [String: [String: String]]
  /// Every lexicon of every course (broadcasts without a scenario are checked against all).
  let allLexicons: LexiconSet
  /// Words for broadcast findings.
  public let messages: MessageCatalog
  /// Catalogues by language (`zh`, `en`) for a broadcast graded without a scenario: its report is
  /// worded in the language of its lines. Empty (the default): in ``messages``' language, as
  /// when `--ui-lang` is given.
  public var linesLanguageMessages: [String: MessageCatalog] = [:]
  /// Whose first attempts the item and test statistics use (finished attempts by default).
  public var population: StatisticsPopulation = .finished
  /// Which try at each question the item and test statistics count (the first by default).
  public var attempts: CountedAttempt = .first

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
    // Each question's prompt as a review item shows it, once (a calc question's values differ
    // per learner: made for each).
    var prompts: [String: [String: String]] = [:]
    for (id, entry) in courses {
      for q in entry.course.questions {
        if case .calc = q.kind { continue }
        prompts[id, default: [:]][q.id] = Aggregator.firstLine(q.prompt.text(language, fallback: entry.course.languages), 160)
      }
    }
    reviewPrompts = prompts
  }

  // MARK: Finding files

  /// The files to grade under `paths` (files as given; folders searched recursively for the
  /// known extensions, following links to folders), sorted, and what was left out, with why.
  ///
  /// Nothing is opened here: each path's type is looked up first (``FileSystem/node(at:)``), so a
  /// named pipe, a socket or a device is reported and never read. A link that leads back to a
  /// folder above it (a loop), a link to nothing and a folder that cannot be listed are reported
  /// too. The same file reached twice (`dir` and `./dir`, a link) is graded once.
  public func collect(_ paths: [String]) -> (files: [String], skipped: [SkippedFile]) {
    var found: [(path: String, id: FileID?)] = []
    var skipped: [SkippedFile] = []
    var walked = Set<FileID>()
    var folders = 0
    func special(_ node: FileNode) -> String? {
      switch node {
      case .fifo: messages.text("gradebook.skip.fifo")
      case .socket: messages.text("gradebook.skip.socket")
      case .device: messages.text("gradebook.skip.device")
      case .danglingLink(let target): messages.text("gradebook.skip.dangling", ["target": target])
      case .linkLoop: messages.text("gradebook.skip.loop")
      default: nil
      }
    }
    for path in paths {
      let node = fileSystem.node(at: path)
      switch node {
      case .file(_, let id): found.append((path, id))
      case .missing: skipped.append(SkippedFile(path: path, reason: messages.text("gradebook.skip.missing")))
      case .directory(let rootID):
        if let rootID, !walked.insert(rootID).inserted { continue }  // named twice
        // Depth first; each folder with the identities of the folders above it (a loop leads back to one).
        var stack: [(dir: String, above: [FileID])] = [(path, rootID.map { [$0] } ?? [])]
        while let (dir, above) = stack.popLast() {
          folders += 1
          if folders > Self.maxFolders {
            skipped.append(SkippedFile(path: dir, reason: messages.text("gradebook.skip.tooManyFolders", ["n": String(Self.maxFolders)])))
            break
          }
          let names: [String]
          do { names = try fileSystem.entries(in: dir) } catch {
            let reason: String
            if case .unreadable(_, let r) = error { reason = r } else { reason = error.message(messages) }
            skipped.append(SkippedFile(path: dir, reason: messages.text("gradebook.skip.folderUnreadable", ["reason": reason])))
            continue
          }
          var subfolders: [(String, [FileID])] = []
          for name in names.sorted() where !name.hasPrefix(".") {
            let full = dir.hasSuffix("/") ? dir + name : dir + "/" + name
            let ext = (name as NSString).pathExtension.lowercased()
            let gradable = Self.transcriptExtensions.contains(ext) || Self.broadcastExtensions.contains(ext)
            let child = fileSystem.node(at: full)
            switch child {
            case .directory(let id):
              if let id, above.contains(id) {
                skipped.append(SkippedFile(path: full, reason: messages.text("gradebook.skip.loop")))
              } else if let id, !walked.insert(id).inserted {
                continue  // reached by another path already (a link to a folder read elsewhere)
              } else {
                subfolders.append((full, above + (id.map { [$0] } ?? [])))
              }
            case .file(_, let id): if gradable { found.append((full, id)) }
            case .missing: continue  // gone since the folder was listed
            case .danglingLink, .linkLoop:
              // Reported when it could have been a transcript or a folder of them.
              if gradable || ext.isEmpty, let reason = special(child) { skipped.append(SkippedFile(path: full, reason: reason)) }
            case .fifo, .socket, .device:
              if gradable, let reason = special(child) { skipped.append(SkippedFile(path: full, reason: reason)) }
            }
          }
          stack += subfolders.reversed()
        }
      case .fifo, .socket, .device, .danglingLink, .linkLoop:
        skipped.append(SkippedFile(path: path, reason: special(node) ?? messages.text("gradebook.skip.notRegular")))
      }
    }
    // The same file reached twice: graded once, under the first of its paths.
    var seenIDs = Set<FileID>()
    var seenPaths = Set<String>()
    var files: [String] = []
    for f in found.sorted(by: { $0.path < $1.path }) {
      let new = f.id.map { seenIDs.insert($0).inserted } ?? seenPaths.insert(f.path).inserted
      if new { files.append(f.path) }
    }
    return (files, skipped)
  }

  /// Whether a file left out is something wrong (exit status 1), rather than a file that never
  /// was a transcript (a `readme.txt` without timestamps), listed only so that nothing is
  /// left out unsaid.
  public func isFinding(_ skipped: SkippedFile) -> Bool {
    skipped.reason != messages.text("gradebook.skip.noTimestamps")
  }

  /// At most this many folders are searched under the paths given.
  public static let maxFolders = 100_000

  // MARK: One file

  /// What one file contributed. Lesson transcripts are kept to be replayed in time order with
  /// the learner's other sittings (see ``LessonReplay``); live ones are replayed at once.
  struct FileResult: Sendable {
    var summary: TranscriptSummary?
    var skipped: SkippedFile?
    var broadcast: BroadcastReport?
    var learnerKey = ""
    var started = Date(timeIntervalSince1970: 0)
    var liveScore: Double?
    /// The live scenario a live transcript ran.
    var liveScenario: String?
    var session = ""
    /// A lesson transcript's events, to replay.
    var lesson: TranscriptContents?
    /// Graded answers in the file (choosing among copies of one session).
    var answers = 0
    var timeMs = 0
  }

  func grade(file path: String) -> FileResult {
    var result = FileResult()
    let ext = (path as NSString).pathExtension.lowercased()
    // The type first, without opening: a link to /dev/zero or a pipe is not a file to read to
    // its end, and opening a pipe would wait for a writer for ever.
    switch fileSystem.node(at: path) {
    case .file(let size, _):
      if size > Self.maxFileBytes {
        result.skipped = SkippedFile(path: path, reason: messages.text("gradebook.skip.tooBig", ["mb": String(Self.maxFileBytes / 1_048_576)]))
        return result
      }
    case .missing: return skip(path, "gradebook.skip.missing")
    case .directory: return skip(path, "gradebook.skip.notRegular")
    case .fifo: return skip(path, "gradebook.skip.fifo")
    case .socket: return skip(path, "gradebook.skip.socket")
    case .device: return skip(path, "gradebook.skip.device")
    case .linkLoop: return skip(path, "gradebook.skip.loop")
    case .danglingLink(let target): return skip(path, "gradebook.skip.dangling", ["target": target])
    }
    let bytes: [UInt8]
    do { bytes = try fileSystem.read(path) } catch {
      result.skipped = SkippedFile(path: path, reason: messages.text("gradebook.skip.unreadable", ["reason": error.message(messages)]))
      return result
    }
    // UTF-16 (Notepad's "Unicode"): a transcript is refused rather than half-read; a broadcast's
    // subtitles with a byte-order mark are converted when read.
    switch Self.utf16(bytes) {
    case .withBOM where !Self.broadcastExtensions.contains(ext), .withoutBOM:
      return skip(path, "gradebook.skip.utf16")
    default: break
    }
    if Self.broadcastExtensions.contains(ext) {
      return gradeBroadcast(bytes, path: path)
    }
    return grade(transcript: bytes, path: path)
  }

  /// What the transcript in `bytes` contributed (a file's, or one rebuilt from an LRS).
  func grade(transcript bytes: [UInt8], path: String) -> FileResult {
    let contents: TranscriptContents
    do { contents = try TranscriptReader.parse(bytes, path: path) } catch {
      var result = FileResult()
      if case .empty = error {
        result.skipped = SkippedFile(path: path, reason: reason(error))
      } else {
        result.skipped = SkippedFile(path: path, line: 1, reason: reason(error))
      }
      return result
    }
    return grade(contents, path: path)
  }

  /// What one transcript contributed, read from a file or rebuilt from an LRS; `path` names it.
  func grade(_ contents: TranscriptContents, path: String) -> FileResult {
    var result = FileResult()
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
      result.liveScenario = header.scenario
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

    result.answers = contents.events.reduce(0) { if case .answer(_, _, _, false, _, _) = $1.event { $0 + 1 } else { $0 } }
    // Graded by replay, with the learner's other sittings (``Aggregator/finish``).
    if entry != nil { result.lesson = contents }
    result.summary = summary
    return result
  }

  /// A file left out, with the reason under `key`.
  func skip(_ path: String, _ key: String, _ args: [String: String] = [:]) -> FileResult {
    var result = FileResult()
    result.skipped = SkippedFile(path: path, reason: messages.text(key, args))
    return result
  }

  /// Whether `bytes` look like UTF-16: a byte-order mark, or (without one) zero bytes in most of
  /// the even or the odd places of the first 4 KB and in almost none of the others, as ASCII
  /// text in UTF-16 has. Zero bytes at the end (a copy cut short) do not count.
  enum UTF16Guess { case no, withBOM, withoutBOM }
  static func utf16(_ bytes: [UInt8]) -> UTF16Guess {
    if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) { return .withBOM }
    var end = bytes.count
    while end > 0, bytes[end - 1] == 0 { end -= 1 }
    let n = min(end, 4096)
    guard n >= 8 else { return .no }
    var zeros = [0, 0]
    for i in 0..<n where bytes[i] == 0 { zeros[i % 2] += 1 }
    let half = Double(n) / 2
    let (many, few) = (Double(max(zeros[0], zeros[1])), Double(min(zeros[0], zeros[1])))
    return many >= 0.3 * half && few <= 0.05 * half ? .withoutBOM : .no
  }

  /// Whether a `.txt` file is a broadcast transcript: it has a timed line (an SRT or WebVTT
  /// timing, or a line that starts with a time, as ``BroadcastTranscript`` reads them).
  static func isTimedText(_ bytes: [UInt8]) -> Bool {
    BroadcastTranscript.hasTimestamps(bytes)
  }

  func gradeBroadcast(_ bytes: [UInt8], path: String) -> FileResult {
    var result = FileResult()
    // A readme.txt on the stick: not a broadcast, and not something wrong either.
    if path.lowercased().hasSuffix(".txt"), !Self.isTimedText(bytes) {
      return skip(path, "gradebook.skip.noTimestamps")
    }
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
        // No course to say which language: the language of the broadcast's lines, unless the
        // interface language was asked for (``linesLanguageMessages`` is then empty).
        var m = messages
        var language = self.language
        if let lines = t.language, let catalogue = linesLanguageMessages[lines] {
          m = catalogue
          language = lines
        }
        let names = allLexicons.byName.keys.sorted()
        let findings = t.compliance(lexicons: allLexicons, names: names, messages: m, language: language)
        let topics = t.topics(lexicons: allLexicons, names: names, messages: m, language: language)
        result.broadcast = t.report(findings: findings, topics: topics)
      }
    }
    return result
  }

  public func reason(_ error: TranscriptError) -> String {
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
    let (found, skippedPaths) = collect(paths)
    var book = Gradebook()
    book.skipped = skippedPaths
    var agg = Aggregator(grader: self)
    let files: [String]
    do {  // the headers' file → group map is let go once the files are in order
      let headers = prescan(found)
      agg.copyCounts = headers.copies
      agg.expected = headers.sessions
      // Read learner by learner (then by path), so each learner is replayed, and let go, as soon
      // as their transcripts are read; the book is put back in path order at the end.
      files = found.enumerated().sorted { a, b in
        let ka = headers.groupOf[a.element] ?? "", kb = headers.groupOf[b.element] ?? ""
        return ka == kb ? a.offset < b.offset : ka < kb
      }.map(\.element)
    }
    gradeAll(count: files.count, threads: threads, into: &book, agg: &agg) { grade(file: files[$0]) }
    return book
  }

  /// Grades transcripts rebuilt from an LRS (``TranscriptRebuilder``) as `run` grades files:
  /// the same replay, the same book; each is named by its `name` where a file's path would be.
  public func run(rebuilt: [TranscriptRebuilder.Rebuilt], threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> Gradebook {
    var book = Gradebook()
    var agg = Aggregator(grader: self)
    var sessions: [String: Set<String>] = [:]
    var copies: [String: Int] = [:]
    let keyed = rebuilt.map { r in
      let key = Aggregator.groupKey(learner: r.header.learner, course: r.header.course.id)
      sessions[key, default: []].insert(r.header.session)
      copies[r.header.session, default: 0] += 1
      return (key: key, item: r)
    }
    agg.copyCounts = copies.filter { $0.value > 1 }
    agg.expected = sessions
    let items = keyed.enumerated().sorted { a, b in
      a.element.key == b.element.key ? a.offset < b.offset : a.element.key < b.element.key
    }.map(\.element.item)
    // Each is read (parsed) only when its turn comes, as a file is.
    gradeAll(count: items.count, threads: threads, into: &book, agg: &agg) { grade(transcript: items[$0].bytes, path: items[$0].name) }
    return book
  }

  /// Grades items `0..<count` on all cores in batches, learner by learner, and finishes the book.
  private func gradeAll(
    count: Int, threads: Int, into book: inout Gradebook, agg: inout Aggregator, _ gradeItem: @Sendable (Int) -> FileResult
  ) {
    let batch = 64
    var start = 0
    while start < count {
      let slice = start..<min(count, start + batch)
      let results = ResultBox(count: slice.count)
      DispatchQueue.concurrentPerform(iterations: min(max(1, threads), slice.count)) { worker in
        var i = worker
        while i < slice.count {
          results.set(i, gradeItem(slice.lowerBound + i))
          i += max(1, threads)
        }
      }
      for r in results.all() { agg.add(r, into: &book) }
      // Learners whose every transcript has been read are replayed now and their transcripts
      // let go, so memory holds only the learners still being read.
      agg.replayReady(threads: threads, into: &book)
      start += batch
    }
    agg.finish(into: &book)
    book.transcripts.sort { $0.path < $1.path }
    book.skipped.sort { ($0.path, $0.line ?? 0) < ($1.path, $1.line ?? 0) }
  }
}

extension BatchGrader {
  /// What the headers say, read from the first 4 KB of each `.jsonl`: sessions found in more
  /// than one file (a copied file is rare, but then the most complete copy must be chosen), and
  /// each learner × course's sessions (so a learner is replayed as soon as all of them are read).
  func prescan(_ files: [String]) -> (copies: [String: Int], sessions: [String: Set<String>], groupOf: [String: String]) {
    var counts: [String: Int] = [:]
    var sessions: [String: Set<String>] = [:]
    var groupOf: [String: String] = [:]
    let decoder = ISOTime.decoder()
    for path in files where path.lowercased().hasSuffix(".jsonl") {
      // Without waiting, and only a regular file (a pipe put there since `collect` looked).
      let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
      guard fd >= 0 else { continue }
      var st = stat()
      guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
        close(fd)
        continue
      }
      var buffer = [UInt8](repeating: 0, count: 4096)
      let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4096) }
      close(fd)
      guard n > 0 else { continue }
      let head = Array(buffer.prefix(n).prefix { $0 != 0x0A })
      guard let header = try? decoder.decode(TranscriptHeader.self, from: Data(head)) else { continue }
      counts[header.session, default: 0] += 1
      let key = Aggregator.groupKey(learner: header.learner, course: header.course.id)
      sessions[key, default: []].insert(header.session)
      groupOf[path] = key
    }
    return (counts.filter { $0.value > 1 }, sessions, groupOf)
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

/// Gathers file results by learner and course, replays each learner's lesson sittings in time
/// order through ``LessonReplay`` (the runner's own engine), then computes the gradebook.
struct Aggregator {
  let grader: BatchGrader
  var m: MessageCatalog { grader.messages }

  /// One learner in one course: their transcripts, in the order they were read.
  struct Group {
    var learner: String
    var course: String
    var files: [BatchGrader.FileResult] = []
  }

  var groups: [String: Group] = [:]
  /// Each learner × course's sessions, from the headers; a group is replayed once all are read.
  var expected: [String: Set<String>] = [:]
  /// Sessions read so far per group, and the groups replayed already.
  var seen: [String: Set<String>] = [:]
  var ready: [String] = []

  /// A learner × course: the learner's key (case and spacing folded, as for progress files).
  static func groupKey(learner: String, course: String) -> String {
    ((try? LearnerName(learner))?.key ?? learner) + "\u{1F}" + course
  }
  var sessions: [String: [String]] = [:]
  /// Sessions found in more than one file (from the headers), and copies read so far.
  var copyCounts: [String: Int] = [:]
  var pending: [String: [BatchGrader.FileResult]] = [:]
  /// Where each transcript's summary is in the book (replay adds what it found).
  var summaryIndex: [String: Int] = [:]

  init(grader: BatchGrader) { self.grader = grader }

  mutating func add(_ r: BatchGrader.FileResult, into book: inout Gradebook) {
    if let s = r.skipped { book.skipped.append(s) }
    if let b = r.broadcast { book.broadcasts.append(b) }
    guard let summary = r.summary else { return }
    summaryIndex[summary.path] = book.transcripts.count
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
        if let best = Self.mostComplete(all) { keep(best) }
      }
      return
    }
    keep(r)
  }

  /// Of several copies of one session: not torn first, then the one with the most graded
  /// answers and time, then the first by path.
  static func mostComplete(_ copies: [BatchGrader.FileResult]) -> BatchGrader.FileResult? {
    copies.enumerated().min { a, b in
      let ka = (a.element.summary?.torn ?? true, -a.element.answers, -a.element.timeMs, a.offset)
      let kb = (b.element.summary?.torn ?? true, -b.element.answers, -b.element.timeMs, b.offset)
      return (ka.0 ? 1 : 0, ka.1, ka.2, ka.3) < (kb.0 ? 1 : 0, kb.1, kb.2, kb.3)
    }?.element
  }

  mutating func keep(_ r: BatchGrader.FileResult) {
    guard let summary = r.summary else { return }
    let key = r.learnerKey + "\u{1F}" + summary.course
    groups[key, default: Group(learner: summary.learner, course: summary.course)].files.append(r)
    seen[key, default: []].insert(r.session)
    if let all = expected[key], let got = seen[key], all.isSubset(of: got) { ready.append(key) }
  }

  /// Replays the groups whose every transcript has been read, on all cores, and folds what each
  /// gave into the book and the course tallies at once: nothing of a learner is kept after.
  mutating func replayReady(threads: Int, into book: inout Gradebook) {
    let keys = ready.filter { groups[$0] != nil }
    ready = []
    guard !keys.isEmpty else { return }
    let results = ReplayBox(count: keys.count)
    let all = groups
    let me = self
    DispatchQueue.concurrentPerform(iterations: keys.count) { i in
      if let g = all[keys[i]] { results.set(i, me.replay(g)) }
    }
    for (key, r) in zip(keys, results.all()) {
      groups[key] = nil
      if let r { fold(r, into: &book) }
    }
    // What the headers said of these groups is no longer needed (a course's first tally counted
    // its groups before any of them was let go).
    for key in keys {
      expected[key] = nil
      seen[key] = nil
    }
  }

  /// Per course: the responses as numbers. Per learner: their page.
  var tallies: [String: CourseTally] = [:]
  var pages: [String: LearnerReport] = [:]
  var freeText = FreeTextIndex()

  /// One learner × course's replay, into the book.
  mutating func fold(_ r: Replayed, into book: inout Gradebook) {
    for n in r.notes {
      guard let i = summaryIndex[n.path], book.transcripts.indices.contains(i) else { continue }
      book.transcripts[i].missingQuestions = n.missing
      book.transcripts[i].changedScores = n.changed
    }
    for f in r.tooFast {
      book.flags.append(
        IntegrityFlag(
          kind: .tooFast, learners: [r.row.learner], paths: [f.path],
          detail: m.text("gradebook.detail.tooFast", ["n": String(f.questions.count), "questions": f.questions.prefix(5).joined(separator: ", ")])))
    }
    for (qid, answer, path) in r.freeText {
      freeText.add(where: r.row.course + "/" + qid, answer: answer, learner: r.row.learner, transcript: summaryIndex[path] ?? -1)
    }
    book.rows.append(r.row)
    if !r.review.isEmpty || !r.live.isEmpty {
      var page = pages.removeValue(forKey: r.row.learner) ?? LearnerReport(learner: r.row.learner)
      // Exactly the room needed: a page is kept to the end, and a doubled array would be half empty.
      page.review.reserveCapacity(page.review.count + r.review.count)
      page.review += r.review
      page.live += r.live
      pages[r.row.learner] = page
    }
    guard let entry = grader.courses[r.row.course] else { return }
    if tallies[r.row.course] == nil {
      // Room for every learner of the course the headers named (the arrays do not double past it).
      let suffix = "\u{1F}" + r.row.course
      let learners = expected.keys.reduce(0) { $1.hasSuffix(suffix) ? $0 + 1 : $0 }
      tallies[r.row.course] = CourseTally(
        learners: learners,
        items: entry.course.questions.map { q in
          ItemStatistics.Item(
            id: q.id, kind: q.kind.name, prompt: q.prompt.text(grader.language, fallback: entry.course.languages),
            randomGuessScore: ItemStatistics.randomGuessScore(q))
        })
    }
    // Finished attempts only, unless asked otherwise: a learner who reached every question.
    let finished = r.row.questionsTotal > 0 && r.row.questionsAnswered >= r.row.questionsTotal
    let counted = grader.population == .all || finished
    tallies[r.row.course]?.add(learner: r.row.learner, finished: finished, counted: counted, responses: r.responses)
  }

  /// What replaying one group gave.
  struct Replayed: Sendable {
    var row: GradebookRow
    var responses: [ItemResponse] = []
    /// Per transcript path: missing questions and changed scores.
    var notes: [(path: String, missing: [String], changed: [ScoreChange])] = []
    var tooFast: [(path: String, questions: [String])] = []
    /// Free-text answers worth comparing across learners: (question, normalised answer, path).
    var freeText: [(String, String, String)] = []
    /// Questions to look at again, and live shows (for the learner's page).
    var review: [ReviewItem] = []
    var live: [LiveShow] = []
  }

  /// Each lesson of `course` as `progress` has it: once completed, failed under the pass mark (its
  /// last completion's score; a live show still to run would not change it), else passed, or
  /// waiting for its live show; not completed: begun or not.
  static func lessonCells(_ course: Course, _ progress: CourseProgress) -> [LessonCell] {
    return course.lessons.map { lesson in
      let policy = lesson.policy
      var questions = 0
      var answered = 0
      var points = 0.0
      var earned = 0.0
      for step in lesson.steps {
        guard case .question(let q) = step.content else { continue }
        questions += 1
        guard let p = progress.questions[q.id], p.attempts > 0 || p.skipped else { continue }
        answered += 1
        points += q.points
        earned += q.points * p.state.score(policy)
      }
      if let done = progress.lessonsCompleted[lesson.id] {
        let status: LessonCell.Status =
          !policy.passes(questions == 0 ? nil : done.score) ? .failed : (done.awaitingLive.isEmpty ? .passed : .awaitingLive)
        return LessonCell(lesson: lesson.id, status: status, score: questions == 0 ? nil : done.score, answered: answered, questions: questions)
      }
      let score: Double? = answered == 0 ? nil : (points > 0 ? earned / points : 0)
      return LessonCell(lesson: lesson.id, status: answered == 0 ? .notStarted : .inProgress, score: score, answered: answered, questions: questions)
    }
  }

  /// Failing when a completed lesson is under the pass mark; passed when every lesson passed.
  static func standing(_ cells: [LessonCell]) -> Standing {
    if cells.contains(where: { $0.status == .failed }) { return .failing }
    return cells.allSatisfy { $0.status == .passed } ? .passed : .unfinished
  }

  /// The first line of `s`, at most `limit` characters (with an ellipsis when cut).
  static func firstLine(_ s: String, _ limit: Int) -> String {
    // Most are short single lines: kept as they are (the same storage, no copy).
    if !s.utf8.contains(0x0A), s.count <= limit { return s }
    let line = s.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: true).first.map(String.init) ?? ""
    return line.count > limit ? String(line.prefix(limit - 1)) + "…" : line
  }

  /// Replays one learner's sittings in one course, in time order.
  func replay(_ group: Group) -> Replayed {
    let entry = grader.courses[group.course]
    // In time order: when each sitting started, then the session id and path (the clocks of
    // two PCs may disagree; ties are broken the same way every run).
    let files = group.files.sorted {
      ($0.started, $0.session, $0.summary?.path ?? "") < ($1.started, $1.session, $1.summary?.path ?? "")
    }
    var timeMs = 0
    var live: [(Date, Double)] = []
    var shows: [LiveShow] = []
    for f in files {
      timeMs = min(Int.max / 2, timeMs + f.timeMs)
      if let s = f.liveScore { live.append((f.started, s)) }
      if let scenario = f.liveScenario, let path = f.summary?.path {
        let title = entry.flatMap { e in e.course.scenarios.first { $0.id == scenario }.map { $0.title.text(grader.language, fallback: e.course.languages) } }
        shows.append(LiveShow(course: group.course, scenario: scenario, title: title, started: ISOTime.string(f.started), score: f.liveScore, path: path))
      }
    }
    var out = Replayed(
      row: GradebookRow(
        learner: group.learner, course: group.course,
        courseTitle: entry?.course.title.text(grader.language, fallback: entry?.course.languages ?? []), score: nil,
        questionsAnswered: 0, questionsTotal: entry?.ordered.count ?? 0, lessonsCompleted: 0,
        lessonsTotal: entry?.course.lessons.count ?? 0, timeMs: timeMs, attempts: 0, hints: 0, skips: 0,
        liveScores: live.sorted { $0.0 < $1.0 }.map(\.1), transcripts: files.count))
    out.live = shows
    guard let entry else { return out }
    var replay = LessonReplay(course: entry.course, lexicons: entry.lexicons)
    for f in files {
      if let scenario = f.liveScenario { replay.liveSessionRan(scenario) }
      guard let contents = f.lesson, let path = f.summary?.path else { continue }
      let sitting = replay.replay(contents)
      var changed: [ScoreChange] = []
      var fast: [String] = []
      for a in sitting.answers {
        guard let now = a.now, let info = entry.questions[a.question] else { continue }
        if !a.invalidThen, abs(now - Clamp.unit(a.then)) > 1e-9 {
          changed.append(ScoreChange(question: a.question, raw: a.raw, then: a.then, now: now))
        }
        if !a.invalidNow, now >= 1 - 1e-9, a.elapsedMs < info.readingMs { fast.append(a.question) }
        if info.freeText, !a.invalidNow {
          let norm = TextNormalizer.normalize(a.raw)
          if norm.count >= 12 { out.freeText.append((a.question, norm, path)) }
        }
      }
      out.notes.append((path, sitting.missingQuestions.sorted(), changed))
      if fast.count >= 3 { out.tooFast.append((path, fast)) }
    }
    let progress = replay.progress
    // The course as this learner had it: with `draw:` lessons, only the questions drawn for them
    // count (toward the total, the credit and the lesson cells).
    let learnerCourse = replay.course
    let theirs: Set<String>? = learnerCourse.hasPools ? Set(learnerCourse.questions.map(\.id)) : nil
    if let theirs { out.row.questionsTotal = theirs.count }
    var points = 0.0
    var earned = 0.0
    var coursePoints = 0.0
    for info in entry.ordered where theirs?.contains(info.question.id) ?? true {
      let weight = info.question.points
      coursePoints += weight
      guard let p = progress.questions[info.question.id], p.attempts > 0 || p.skipped else { continue }
      out.row.questionsAnswered += 1
      points += weight
      earned += weight * p.state.score(info.policy)
      if p.skipped { out.row.skips += 1 }
    }
    out.row.score = points > 0 ? earned / points : (out.row.questionsAnswered > 0 ? 0 : nil)
    out.row.credit = coursePoints > 0 ? earned / coursePoints : nil
    out.row.lessonsCompleted = entry.course.lessons.filter { progress.isDone($0.id) }.count
    out.row.lessons = Self.lessonCells(learnerCourse, progress)
    out.row.standing = Self.standing(out.row.lessons)
    out.row.reviews = progress.reviewsDone
    out.row.reviewsRecalled = progress.reviewsRecalled
    out.row.retention = progress.reviewsDone > 0 ? Double(progress.reviewsRecalled) / Double(progress.reviewsDone) : nil
    out.row.attempts = replay.totalAttempts.values.reduce(0, +)
    out.row.hints = replay.totalHints.values.reduce(0, +)
    // What to look at again: every question under full marks, with what was typed.
    for info in entry.ordered {
      guard let p = progress.questions[info.question.id], p.attempts > 0 || p.skipped else { continue }
      let st = p.state
      switch st.outcome {
      case .fullMarks, .unanswered: continue
      default: break
      }
      let q = info.question
      let typed = replay.typed[q.id] ?? []
      let kept = typed.count <= ReviewItem.maxAnswers ? typed : Array(typed.prefix(ReviewItem.maxAnswers - 1)) + [typed[typed.count - 1]]
      var item = ReviewItem(
        course: group.course, question: q.id, prompt: grader.reviewPrompts[group.course]?[q.id] ?? "",
        answers: kept.map { Self.firstLine($0, 200) }, score: st.score(info.policy), outcome: st.outcome.rawValue)
      // A calc question as this learner saw it: its values drawn from their seed (other prompts
      // are the same for everyone, made once in ``BatchGrader/reviewPrompts``).
      if case .calc = q.kind {
        let seed = (replay.lastAttempts[q.id] ?? replay.firstAttempts[q.id])?.seed ?? ""
        let presentation = Presentation(q, seed: seed)
        item.prompt = Self.firstLine(presentation.prompt(grader.language, fallback: entry.course.languages), 160)
        item.values = CalcVariants.key(presentation)
      }
      out.review.append(item)
    }
    let counted: [String: LessonReplay.Attempt]
    switch grader.attempts {
    case .first: counted = replay.firstAttempts
    case .last: counted = replay.lastAttempts
    case .best: counted = replay.bestAttempts
    }
    for info in entry.ordered {
      guard let attempt = counted[info.question.id] else { continue }
      let q = info.question
      let presentation = Presentation(q, seed: attempt.seed)
      let read = attempt.raw.map { FirstAnswer.read($0, presentation: presentation, language: grader.language, fallback: entry.course.languages) }
      var response = ItemResponse(
        learner: group.learner, item: q.id, firstScore: attempt.score, attempts: replay.totalAttempts[q.id] ?? 0,
        usedHint: (replay.totalHints[q.id] ?? 0) > 0, skipped: attempt.skipped, read: read)
      if case .calc = q.kind { response.variant = CalcVariants.key(presentation) }
      out.responses.append(response)
    }
    return out
  }

  mutating func finish(into book: inout Gradebook) {
    // Copies of which some could not be read: grade the best of those that could.
    for session in pending.keys.sorted() {
      if let all = pending[session], let best = Self.mostComplete(all) { keep(best) }
    }
    pending = [:]
    for (session, paths) in sessions.sorted(by: { $0.key < $1.key }) where paths.count > 1 {
      let learners = book.transcripts.filter { paths.contains($0.path) }.map(\.learner)
      book.flags.append(
        IntegrityFlag(
          kind: .duplicateSession, learners: Array(Set(learners)).sorted(), paths: paths,
          detail: m.text("gradebook.detail.duplicate", ["session": session, "n": String(paths.count)])))
    }
    // The learners not replayed yet (a transcript that could not be read, copies): now.
    ready = groups.keys.sorted()
    replayReady(threads: 2, into: &book)
    book.flags += freeText.flags(paths: { i in book.transcripts.indices.contains(i) ? book.transcripts[i].path : nil })
    // Gradebook rows, and each learner's page.
    book.rows.sort { ($0.course, $0.learner) < ($1.course, $1.learner) }
    book.attemptsCounted = grader.attempts.rawValue
    book.learners = pages.keys.sorted().compactMap { key in
      pages[key].map { page in
        var page = page
        page.live.sort { ($0.started, $0.path) < ($1.started, $1.path) }
        return page
      }
    }
    pages = [:]
    // Item and test statistics per course.
    for course in tallies.keys.sorted() {
      guard let entry = grader.courses[course], let tally = tallies[course] else { continue }
      tallies[course] = nil
      let stats = tally.statistics(course: course)
      var test = stats.test
      test.population = grader.population.rawValue
      test.notFinished = tally.notFinished
      book.items += stats.items
      book.tests.append(test)
      book.courses.append(CourseOutline(entry.course, language: grader.language))
      book.variants += CalcVariants.statistics(course: course, items: tally.items.map(\.id), byItem: tally.variantScores)
      book.learnerItems.append(tally.learnerItems(course: course))
    }
  }
}

/// Long free-text answers, compared across learners for copies, kept as numbers: a 64-bit hash
/// of the question and the normalised answer, the learners who gave it (by number) and up to 10
/// of their transcripts; the text itself only once a second learner gives it. About 60 bytes per
/// distinct answer.
struct FreeTextIndex {
  struct Entry {
    var learners: [Int32]
    var transcripts: [Int32]
    /// "course/question" and the answer, kept from the second learner on.
    var text: (where: String, answer: String)?
  }
  var entries: [UInt64: Entry] = [:]
  var learnerIDs: [String: Int32] = [:]
  var learnerNames: [String] = []

  static func hash(_ a: String, _ b: String) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in a.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    h = (h ^ 0xFF) &* 0x0000_0100_0000_01b3
    for byte in b.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    return h
  }

  mutating func add(where place: String, answer: String, learner: String, transcript: Int) {
    let id: Int32
    if let known = learnerIDs[learner] {
      id = known
    } else {
      id = Int32(clamping: learnerNames.count)
      learnerIDs[learner] = id
      learnerNames.append(learner)
    }
    let t = Int32(clamping: transcript)
    let k = Self.hash(place, answer)
    guard var e = entries[k] else {
      entries[k] = Entry(learners: [id], transcripts: [t], text: nil)
      return
    }
    if !e.learners.contains(id) {
      e.learners.append(id)
      if e.transcripts.count < 10 { e.transcripts.append(t) }
      if e.text == nil { e.text = (place, answer) }
      entries[k] = e
    }
  }

  /// One flag per answer given by more than one learner, by question then answer.
  func flags(paths: (Int) -> String?) -> [IntegrityFlag] {
    let shared = entries.values.compactMap { e -> (where: String, answer: String, entry: Entry)? in
      guard e.learners.count > 1, let text = e.text else { return nil }
      return (text.where, text.answer, e)
    }.sorted { ($0.where, $0.answer) < ($1.where, $1.answer) }
    return shared.map { s in
      IntegrityFlag(
        kind: .identicalAnswers,
        learners: s.entry.learners.compactMap { learnerNames.indices.contains(Int($0)) ? learnerNames[Int($0)] : nil }.sorted(),
        paths: s.entry.transcripts.compactMap { paths(Int($0)) },
        detail: "\(s.where): “\(s.answer.count > 60 ? String(s.answer.prefix(60)) + "…" : s.answer)”")
    }
  }
}

/// Replay results, filled by several threads.
final class ReplayBox: @unchecked Sendable {
  private var items: [Aggregator.Replayed?]
  private let lock = NSLock()
  init(count: Int) { items = Array(repeating: nil, count: count) }
  func set(_ i: Int, _ r: Aggregator.Replayed) { lock.withLock { items[i] = r } }
  /// In index order, nil where nothing was set.
  func all() -> [Aggregator.Replayed?] { lock.withLock { items } }
}
