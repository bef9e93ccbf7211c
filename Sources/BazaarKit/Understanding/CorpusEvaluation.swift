import Foundation
import Yams

/// Runs a hand-labelled corpus of host lines, broadcast lines and lesson answers through Bazaar's
/// reading, and measures how often it agrees with the labels (the format is in
/// `Tests/BazaarKitTests/Fixtures/understanding/README.md`). The test suite fails below the goals;
/// `bench/understanding` prints the confusion table.
public struct UnderstandingCorpus: Sendable {
  /// One labelled line and what Bazaar made of it.
  public struct Outcome: Sendable {
    public var file: String
    public var text: String
    public var expectedViolations: [String]
    public var foundViolations: [String]
    public var expectedTopics: Set<String>
    public var foundTopics: Set<String>
    public var expectedRefusal: Bool
    public var foundRefusal: Bool
    public var expectedBare: Bool
    public var foundBare: Bool
    /// Lesson answers: the verdict expected and given.
    public var expectedVerdict: String?
    public var foundVerdict: String?
    /// Nanoseconds spent reading it.
    public var nanoseconds: UInt64
    /// Lesson answers: the grade's notes, in English (for the details).
    public var notes: [String] = []
  }

  public var outcomes: [Outcome] = []
  /// Files or lines that could not be read (a broken corpus fails the test).
  public var problems: [String] = []

  /// The categories of violations, as the corpus writes them.
  static func category(_ v: LiveViolation) -> String {
    switch v.kind {
    case .lexicon(_, let category, _): category
    case .wrongPrice: "wrong_price"
    case .fakeOriginalPrice: "fake_original_price"
    case .shipsEverywhere: "ships_everywhere"
    case .freeShippingNotOffered: "free_shipping_not_offered"
    case .deliveryTooFast: "delivery_too_fast"
    case .dispatchTooFast: "dispatch_too_fast"
    case .sevenDayNotOffered: "seven_day_not_offered"
    case .returnsDenied: "returns_denied"
    case .fakeUrgency: "fake_urgency"
    }
  }

  /// The topics a host line is labelled with.
  public static let topicVocabulary: Set<String> = [
    "greeting", "price", "shipping", "origin", "returns", "shelf_life", "weight", "stock", "show", "call_to_action", "engage", "urgency",
  ]

  /// Reads every `*.yaml` in `folder`; courses are loaded from `coursesFolder`.
  public static func evaluate(folder: String, coursesFolder: String) -> UnderstandingCorpus {
    var corpus = UnderstandingCorpus()
    let fm = FileManager.default
    let files = ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    var courses: [String: (Course, LexiconSet)] = [:]
    func course(_ id: String) -> (Course, LexiconSet)? {
      if let c = courses[id] { return c }
      let path = coursesFolder + "/" + id + ".yaml"
      let loaded = CourseLoader.load(path: path)
      guard let c = loaded.course else { return nil }
      let (lexicons, _) = LexiconLibrary().resolve(loaded, coursePath: path)
      courses[id] = (c, lexicons)
      return (c, lexicons)
    }
    for file in files {
      guard let text = try? String(contentsOfFile: folder + "/" + file, encoding: .utf8),
        let root = (try? Yams.load(yaml: text)) as? [String: Any], let lines = root["lines"] as? [[String: Any]]
      else {
        corpus.problems.append("\(file): not a corpus file")
        continue
      }
      let kind = root["kind"] as? String ?? "host"
      let defaultCourse = root["course"] as? String ?? ""
      if kind == "answer" {
        for (n, line) in lines.enumerated() {
          let courseId = line["course"] as? String ?? defaultCourse
          guard let (c, lexicons) = course(courseId), let qid = line["question"] as? String, let q = c.question(id: qid),
            let answer = Self.string(line["text"])
          else {
            corpus.problems.append("\(file) line \(n + 1): unknown course or question")
            continue
          }
          let start = DispatchTime.now().uptimeNanoseconds
          let g = Grader.grade(answer, for: Presentation(authorOrder: q), lexicons: lexicons, courseLexicons: c.lexicons)
          let ns = DispatchTime.now().uptimeNanoseconds - start
          var concepts = Set<String>()
          if case .pitch(let key) = q.kind {
            for note in g.notes {
              if case .conceptCovered(let label, _) = note, let c = key.concepts.first(where: { $0.label == label }) { concepts.insert(c.id) }
            }
          }
          let found = g.notes.compactMap { note -> String? in
            // A question's own banned words are its rules, not the law's: not counted as violations.
            if case .banned(let term, _, _, _) = note { return q.ownBanned.contains(term) ? nil : "banned:" + term }
            if case .wrongFact(let v, _) = note { return Self.category(v) + ":" + (v.words ?? "") }
            return nil
          }
          let verdict = g.invalid ? "invalid" : g.isCorrect ? "correct" : g.score > 1e-9 ? "partial" : "wrong"
          let refused = g.notes.contains { if case .readAs(.refusal) = $0 { true } else { false } }
          corpus.outcomes.append(
            Outcome(
              file: file, text: answer, expectedViolations: Self.strings(line["violations"]), foundViolations: found,
              expectedTopics: Set(Self.strings(line["concepts"])), foundTopics: concepts,
              // Answers are labelled with a refusal or a bare list only where it matters to the question.
              expectedRefusal: line["refusal"] as? Bool ?? refused, foundRefusal: refused,
              expectedBare: line["bare"] as? Bool ?? g.notes.contains { if case .readAs(.cueList) = $0 { true } else { false } },
              foundBare: g.notes.contains { if case .readAs(.cueList) = $0 { true } else { false } },
              expectedVerdict: line["verdict"] as? String, foundVerdict: verdict, nanoseconds: ns, notes: g.render("en")))
        }
        continue
      }
      guard let (c, lexicons) = course(defaultCourse), let roomId = root["room"] as? String,
        let scenario = c.scenarios.first(where: { $0.id == roomId })
      else {
        corpus.problems.append("\(file): unknown course or room")
        continue
      }
      let analyzer = HostLineAnalyzer(scenario: scenario, lexicons: lexicons, courseLexicons: c.lexicons)
      let room = RoomFacts(stock: scenario.products.map(\.stock))
      for (n, line) in lines.enumerated() {
        guard let said = Self.string(line["text"]) else {
          corpus.problems.append("\(file) line \(n + 1): no text")
          continue
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let a = analyzer.analyze(said, room: room)
        let ns = DispatchTime.now().uptimeNanoseconds - start
        corpus.outcomes.append(
          Outcome(
            file: file, text: said, expectedViolations: Self.strings(line["violations"]),
            foundViolations: a.violations.map { Self.category($0) + ":" + ($0.words ?? "") },
            expectedTopics: Set(Self.strings(line["topics"])), foundTopics: a.stated.intersection(topicVocabulary),
            expectedRefusal: line["refusal"] as? Bool ?? false, foundRefusal: a.refusal, expectedBare: line["bare"] as? Bool ?? false,
            foundBare: a.isCueList, expectedVerdict: nil, foundVerdict: nil, nanoseconds: ns))
      }
    }
    return corpus
  }

  static func string(_ any: Any?) -> String? {
    if let s = any as? String { return s }
    if let n = any as? NSNumber { return n.stringValue }
    return nil
  }

  static func strings(_ any: Any?) -> [String] {
    (any as? [Any])?.compactMap(string) ?? []
  }

  /// Lexicon categories: in a lesson answer they are all "banned" notes.
  static let lexiconCategories: Set<String> = ["absolute", "medical", "price", "scarcity", "banned"]

  /// What a label or finding counts as: its category, or for a lesson answer's lexicon finding, "banned".
  static func bucket(_ label: String, answer: Bool) -> String {
    let c = labelCategory(label)
    return answer && lexiconCategories.contains(c) ? "banned" : c
  }

  /// The category of a label (`medical:降血糖` → `medical`).
  static func labelCategory(_ label: String) -> String {
    String(label.split(separator: ":", maxSplits: 1).first ?? Substring(label))
  }

  // MARK: Figures

  /// Compliant lines (no expected violation) that got a finding.
  public var falseViolationLines: [Outcome] {
    outcomes.filter { $0.expectedViolations.isEmpty && !$0.foundViolations.isEmpty }
  }

  /// Expected violations found (by category on host lines; any banned note on answers), of all expected.
  public var violationRecall: (found: Int, total: Int) {
    var found = 0
    var total = 0
    for o in outcomes {
      let isAnswer = o.expectedVerdict != nil
      var pool = o.foundViolations.map { Self.bucket($0, answer: isAnswer) }
      for e in o.expectedViolations {
        total += 1
        let want = Self.bucket(e, answer: isAnswer)
        if let i = pool.firstIndex(of: want) {
          found += 1
          pool.remove(at: i)
        }
      }
    }
    return (found, total)
  }

  /// Expected violations missed, with their lines.
  public var missedViolations: [(Outcome, String)] {
    var out: [(Outcome, String)] = []
    for o in outcomes {
      let isAnswer = o.expectedVerdict != nil
      var pool = o.foundViolations.map { Self.bucket($0, answer: isAnswer) }
      for e in o.expectedViolations {
        let want = Self.bucket(e, answer: isAnswer)
        if let i = pool.firstIndex(of: want) { pool.remove(at: i) } else { out.append((o, e)) }
      }
    }
    return out
  }

  /// Topic (and pitch concept) precision and recall over every labelled line.
  public var topicCounts: (truePositives: Int, found: Int, expected: Int) {
    var tp = 0
    var found = 0
    var expected = 0
    for o in outcomes {
      tp += o.expectedTopics.intersection(o.foundTopics).count
      found += o.foundTopics.count
      expected += o.expectedTopics.count
    }
    return (tp, found, expected)
  }

  public var topicPrecision: Double { let c = topicCounts; return c.found == 0 ? 1 : Double(c.truePositives) / Double(c.found) }
  public var topicRecall: Double { let c = topicCounts; return c.expected == 0 ? 1 : Double(c.truePositives) / Double(c.expected) }

  /// Per category: (expected and found, expected and missed, found on a line not labelled with it).
  public var confusion: [(category: String, hit: Int, missed: Int, spurious: Int)] {
    var table: [String: (Int, Int, Int)] = [:]
    for o in outcomes {
      let isAnswer = o.expectedVerdict != nil
      var pool = o.foundViolations.map { Self.bucket($0, answer: isAnswer) }
      for e in o.expectedViolations {
        let want = Self.bucket(e, answer: isAnswer)
        if let i = pool.firstIndex(of: want) {
          pool.remove(at: i)
          table[want, default: (0, 0, 0)].0 += 1
        } else {
          table[want, default: (0, 0, 0)].1 += 1
        }
      }
      for extra in pool { table[extra, default: (0, 0, 0)].2 += 1 }
    }
    return table.keys.sorted().map { k in (k, table[k]?.0 ?? 0, table[k]?.1 ?? 0, table[k]?.2 ?? 0) }
  }

  /// Lines whose topics differ from the labels.
  public var topicMismatches: [Outcome] { outcomes.filter { $0.expectedTopics != $0.foundTopics } }
  /// Answers whose verdict differs from the label.
  public var verdictMismatches: [Outcome] { outcomes.filter { $0.expectedVerdict != nil && $0.expectedVerdict != $0.foundVerdict } }
  /// Lines whose refusal or bare-list reading differs from the label.
  public var readingMismatches: [Outcome] {
    outcomes.filter { $0.expectedRefusal != $0.foundRefusal || $0.expectedBare != $0.foundBare }
  }

  /// A plain-text report: the figures, the confusion table and every disagreement.
  public func report(details: Bool = true) -> String {
    var out: [String] = []
    let compliant = outcomes.filter { $0.expectedViolations.isEmpty }.count
    let r = violationRecall
    out.append("lines \(outcomes.count) (\(compliant) compliant), files problems \(problems.count)")
    out.append("false violations on compliant lines: \(falseViolationLines.count)")
    out.append(String(format: "violation recall: %d/%d = %.3f", r.found, r.total, r.total == 0 ? 1 : Double(r.found) / Double(r.total)))
    out.append(String(format: "topic precision %.3f, recall %.3f", topicPrecision, topicRecall))
    let answers = outcomes.filter { $0.expectedVerdict != nil }
    out.append("answer verdicts agreeing: \(answers.count - verdictMismatches.count)/\(answers.count)")
    out.append("refusal/bare readings agreeing: \(outcomes.count - readingMismatches.count)/\(outcomes.count)")
    for (label, group) in [("host and broadcast line", outcomes.filter { $0.expectedVerdict == nil }), ("lesson answer", answers)] {
      let times = group.map(\.nanoseconds).sorted()
      guard !times.isEmpty else { continue }
      let median = Double(times[times.count / 2]) / 1e6
      let worst = Double(times[times.count - 1]) / 1e6
      out.append(String(format: "per %@: median %.3f ms, worst %.3f ms (%d lines)", label, median, worst, times.count))
    }
    out.append("")
    out.append("category                   found  missed  spurious")
    for c in confusion {
      out.append(c.category.padding(toLength: 26, withPad: " ", startingAt: 0) + String(format: " %5d  %6d  %8d", c.hit, c.missed, c.spurious))
    }
    guard details else { return out.joined(separator: "\n") }
    func show(_ o: Outcome) -> String { "[\(o.file)] \(o.text)" }
    out.append("")
    for o in falseViolationLines { out.append("FALSE VIOLATION \(o.foundViolations) ← \(show(o))") }
    for (o, e) in missedViolations { out.append("MISSED \(e) ← \(show(o)) (found \(o.foundViolations))") }
    for o in topicMismatches {
      let missing = o.expectedTopics.subtracting(o.foundTopics).sorted()
      let extra = o.foundTopics.subtracting(o.expectedTopics).sorted()
      out.append("TOPICS missing \(missing) extra \(extra) ← \(show(o))")
    }
    for o in verdictMismatches {
      out.append("VERDICT \(o.expectedVerdict ?? "") ≠ \(o.foundVerdict ?? "") ← \(show(o)) | \(o.notes.joined(separator: " | "))")
    }
    for o in readingMismatches {
      out.append("READING refusal \(o.expectedRefusal)/\(o.foundRefusal) bare \(o.expectedBare)/\(o.foundBare) ← \(show(o))")
    }
    for p in problems { out.append("PROBLEM \(p)") }
    return out.joined(separator: "\n")
  }
}

extension Question {
  /// The question's own `banned:` words (listing and pitch), as written.
  var ownBanned: Set<String> {
    switch kind {
    case .listing(let k): Set(k.banned)
    case .pitch(let k): Set(k.banned)
    default: []
    }
  }
}
