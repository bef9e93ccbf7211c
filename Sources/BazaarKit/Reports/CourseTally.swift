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

/// One course's responses, folded learner by learner as each is replayed, as numbers
/// (``ItemStatistics/Matrix``: 13 bytes per learner and question), with the answer tallies of the
/// learners the statistics count and each learner's name once. Nothing of a learner's
/// transcripts is kept.
struct CourseTally {
  let items: [ItemStatistics.Item]
  let column: [String: Int]
  private(set) var matrix: ItemStatistics.Matrix
  /// Whether the statistics count the learner (the population asked for), by matrix row.
  private(set) var counted: [Bool] = []
  private(set) var answers: [AnswerTally]
  /// Per-variant scores of calc questions, counted learners only: item → values → scores.
  private(set) var variants: [Int: [String: [Double]]] = [:]
  /// Learners who have not reached every question.
  private(set) var notFinished = 0

  /// `learners`: how many are expected (room is made for them).
  init(learners: Int = 0, items: [ItemStatistics.Item]) {
    var cols: [ItemStatistics.Item] = []
    var column: [String: Int] = [:]
    for item in items where column[item.id] == nil {
      column[item.id] = cols.count
      cols.append(item)
    }
    self.items = cols
    self.column = column
    matrix = ItemStatistics.Matrix(width: cols.count, capacity: learners)
    answers = Array(repeating: AnswerTally(), count: cols.count)
  }

  /// One learner's responses (their first response to an item counts).
  mutating func add(learner: String, finished: Bool, counted isCounted: Bool, responses: [ItemResponse]) {
    let row = matrix.learners.count
    matrix.addRow(learner)
    counted.append(isCounted)
    if !finished { notFinished += 1 }
    for r in responses {
      guard let j = column[r.item], matrix.set(row: row, item: j, r), isCounted else { continue }
      if let shown = r.firstAnswer, answers.indices.contains(j) {
        answers[j].add(shown: shown, key: r.answerKey, score: r.firstScore)
      }
      if let v = r.variant { variants[j, default: [:]][v, default: []].append(ItemStatistics.clampScore(r.firstScore)) }
    }
  }

  /// Per calc question id: values → the counted learners' scores.
  var variantScores: [String: [String: [Double]]] {
    var out: [String: [String: [Double]]] = [:]
    for (j, byValues) in variants where items.indices.contains(j) { out[items[j].id] = byValues }
    return out
  }

  /// Item and test statistics of the counted learners.
  func statistics(course: String) -> ItemStatistics.Result {
    ItemStatistics.compute(
      course: course, items: items, matrix: matrix, rows: counted.indices.filter { counted[$0] },
      answers: answers.map { $0.frequencies(limit: ItemStatistics.maximumAnswers) })
  }

  /// Every learner's score on every question (nil: not reached), learners sorted.
  func learnerItems(course: String) -> LearnerItemScores {
    let rows = matrix.learners.indices.sorted { matrix.learners[$0] < matrix.learners[$1] }.map { i in
      LearnerItemScores.Row(learner: matrix.learners[i], scores: items.indices.map { matrix.score(i, $0) })
    }
    return LearnerItemScores(course: course, items: items.map(\.id), rows: rows)
  }
}
