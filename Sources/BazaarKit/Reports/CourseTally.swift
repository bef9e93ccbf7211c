import Foundation

/// How often each answer to one question was given, folded one response at a time, in bounded
/// memory: at most ``AnswerTally/maximumDistinct`` distinct answers are told apart (a free-text
/// question can have as many as it has learners); answers first seen after that are counted in
/// ``AnswerTally/others``. Each answer keeps at most ``AnswerTally/maximumForms`` ways it was
/// typed, to show the most frequent one.
public struct AnswerTally: Sendable, Equatable {
  public static let maximumDistinct = 2_000
  public static let maximumForms = 4

  struct Group: Sendable, Equatable {
    var count = 0
    var sum = 0.0
    var forms: [String: Int] = [:]
  }
  var groups: [String: Group] = [:]
  /// Responses whose answer was first seen after ``maximumDistinct`` others.
  public private(set) var others = 0

  public init() {}

  /// One first answer (`shown` as it is shown, `key` what counts as the same answer) and its score.
  public mutating func add(shown: String, key: String?, score: Double) {
    let k = key ?? shown
    if groups[k] == nil, groups.count >= Self.maximumDistinct {
      others += 1
      return
    }
    var g = groups[k] ?? Group()
    g.count += 1
    g.sum += ItemStatistics.clampScore(score)
    if g.forms[shown] != nil || g.forms.count < Self.maximumForms { g.forms[shown, default: 0] += 1 }
    groups[k] = g
  }

  /// The answers by count (most first, then by the text shown), at most `limit`, each shown as
  /// its most frequent form (of equally frequent forms, the first in text order) with the mean
  /// score of the learners who gave it.
  public func frequencies(limit: Int) -> [AnswerFrequency] {
    let answers: [AnswerFrequency] = groups.values.compactMap { g in
      let shown = g.forms.min { a, b in a.value != b.value ? a.value > b.value : a.key < b.key }?.key
      return shown.map { AnswerFrequency(answer: $0, count: g.count, score: g.sum / Double(max(1, g.count))) }
    }
    let sorted = answers.sorted { a, b in
      a.count != b.count ? a.count > b.count : (a.answer != b.answer ? a.answer < b.answer : a.score < b.score)
    }
    return Array(sorted.prefix(max(0, limit)))
  }
}

/// One course's responses, folded learner by learner as each is replayed, as numbers: a score
/// per learner and question (8 bytes), tries (4 bytes) and hint/skip marks (1 byte), the answer
/// tallies of the learners the statistics count, and each learner's name once. Nothing of a
/// learner's transcripts is kept. Memory grows by about 13 bytes × questions per learner.
struct CourseTally {
  let items: [ItemStatistics.Item]
  let column: [String: Int]
  private(set) var learners: [String] = []
  /// Whether the statistics count the learner (the population asked for).
  private(set) var counted: [Bool] = []
  /// Row-major, learners × items; NaN: no response.
  private(set) var scores: [Double] = []
  private(set) var tries: [Int32] = []
  /// Bit 0: used a hint; bit 1: skipped.
  private(set) var marks: [UInt8] = []
  private(set) var answers: [AnswerTally]
  /// Per-variant scores of calc questions, counted learners only: item → values → scores.
  private(set) var variants: [Int: [String: [Double]]] = [:]
  /// Per calc question id: values → the counted learners' scores.
  var variantScores: [String: [String: [Double]]] {
    var out: [String: [String: [Double]]] = [:]
    for (j, byValues) in variants where items.indices.contains(j) { out[items[j].id] = byValues }
    return out
  }
  /// Learners who have not reached every question.
  private(set) var notFinished = 0

  init(items: [ItemStatistics.Item]) {
    var cols: [ItemStatistics.Item] = []
    var column: [String: Int] = [:]
    for item in items where column[item.id] == nil {
      column[item.id] = cols.count
      cols.append(item)
    }
    self.items = cols
    self.column = column
    answers = Array(repeating: AnswerTally(), count: cols.count)
  }

  /// One learner's responses (their first response to an item counts).
  mutating func add(learner: String, finished: Bool, counted isCounted: Bool, responses: [ItemResponse]) {
    let width = items.count
    let base = scores.count
    scores += repeatElement(Double.nan, count: width)
    tries += repeatElement(0, count: width)
    marks += repeatElement(0, count: width)
    learners.append(learner)
    counted.append(isCounted)
    if !finished { notFinished += 1 }
    for r in responses {
      guard let j = column[r.item], base + j < scores.count, scores[base + j].isNaN else { continue }
      scores[base + j] = ItemStatistics.clampScore(r.firstScore)
      tries[base + j] = Int32(clamping: max(0, r.attempts))
      marks[base + j] = (r.usedHint ? 1 : 0) | (r.skipped ? 2 : 0)
      guard isCounted else { continue }
      if let shown = r.firstAnswer, answers.indices.contains(j) {
        answers[j].add(shown: shown, key: r.answerKey, score: r.firstScore)
      }
      if let v = r.variant { variants[j, default: [:]][v, default: []].append(ItemStatistics.clampScore(r.firstScore)) }
    }
  }

  /// The counted learners' responses, without their answers (those are in ``answers``), for
  /// ``ItemStatistics/compute(course:items:responses:)``.
  func countedResponses() -> [ItemResponse] {
    var out: [ItemResponse] = []
    let width = items.count
    for (i, learner) in learners.enumerated() where counted[i] {
      for j in 0..<width {
        let k = i * width + j
        guard k < scores.count, !scores[k].isNaN else { continue }
        out.append(
          ItemResponse(
            learner: learner, item: items[j].id, firstScore: scores[k], attempts: Int(tries[k]), usedHint: marks[k] & 1 != 0,
            skipped: marks[k] & 2 != 0))
      }
    }
    return out
  }

  /// Every learner's score on every question (nil: not reached), learners sorted.
  func learnerItems(course: String) -> LearnerItemScores {
    let width = items.count
    let rows = learners.indices.sorted { learners[$0] < learners[$1] }.map { i in
      LearnerItemScores.Row(
        learner: learners[i],
        scores: (0..<width).map { j in
          let k = i * width + j
          return k < scores.count && !scores[k].isNaN ? scores[k] : nil
        })
    }
    return LearnerItemScores(course: course, items: items.map(\.id), rows: rows)
  }
}
