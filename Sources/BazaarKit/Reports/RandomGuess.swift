extension ItemStatistics {
  /// A multiple-answer choice with more options than this has no random guess score (2^12 − 1 =
  /// 4,095 answers are graded at most).
  public static let maximumGuessOptions = 12
  /// An order or match question with more items than this has no random guess score (7! = 5,040
  /// answers are graded at most).
  public static let maximumGuessItems = 7

  /// The random guess score of `question` (Moodle's `get_random_guess_score`): the expected score
  /// of an answer drawn uniformly at random from every answer the question's form allows, each
  /// graded by ``Grader`` as a first attempt (before hint and retry penalties, which the course
  /// policy applies later and which the item statistics' first scores leave out too).
  ///
  /// The answers, typed in the author's order (the display order does not change the mean, since
  /// every answer is taken):
  /// - `choice` with one right option: each option once (Moodle's multichoice averages its
  ///   options' fractions the same way);
  /// - `choice` with several right options: every non-empty set of options, each graded with the
  ///   question's `penalty` (core Moodle gives no score for multiple-answer questions);
  ///   nil above ``maximumGuessOptions`` options;
  /// - `truefalse`: true and false (Moodle: 0.5);
  /// - `order`: every sequence of the items, each once, graded by pairs in the right order (the
  ///   mean is 0.5 from 2 items on); nil above ``maximumGuessItems`` items (Moodle's ordering
  ///   question type has no score of its own: the base class gives 0);
  /// - `match`: every pairing of the left items with distinct right items, which is all the grader
  ///   accepts (the mean is 1 / pairs, Moodle's `1 / count($q->choices)`); nil above
  ///   ``maximumGuessItems`` pairs;
  /// - `short`, `number`, `calc`, `listing`, `pitch`: nil. A typed answer has no finite set to
  ///   draw from, so "at random" means nothing. (Moodle's shortanswer and numerical give the credit
  ///   of a `*` answer that accepts anything, else 0; Bazaar has no such answer.)
  ///
  /// Pure and deterministic. nil too when the grader refuses one of the answers as unreadable (the
  /// form is not what this function believes; no made-up number).
  public static func randomGuessScore(_ question: Question) -> Double? {
    let answers: [String]
    switch question.kind {
    case .choice(let key):
      let n = key.options.count
      guard n >= 1, n <= 26 else { return nil }
      if key.isMultiple {
        guard n <= maximumGuessOptions else { return nil }
        answers = (1..<(1 << n)).map { set in
          (0..<n).filter { set & (1 << $0) != 0 }.map(Presentation.letter).joined(separator: ",")
        }
      } else {
        answers = (0..<n).map(Presentation.letter)
      }
    case .trueFalse:
      answers = ["true", "false"]
    case .order(let key):
      let n = key.items.count
      guard n >= 1, n <= maximumGuessItems else { return nil }
      answers = permutations(n).map { $0.map(Presentation.letter).joined() }
    case .match(let key):
      let n = key.pairs.count
      guard n >= 1, n <= maximumGuessItems else { return nil }
      answers = permutations(n).map { p in
        p.enumerated().map { String($0.offset + 1) + Presentation.letter($0.element) }.joined(separator: " ")
      }
    case .short, .number, .calc, .listing, .pitch:
      return nil
    }
    guard !answers.isEmpty else { return nil }
    let presentation = Presentation(authorOrder: question)
    let lexicons = LexiconSet()
    var sum = 0.0
    for answer in answers {
      let grade = Grader.grade(answer, for: presentation, lexicons: lexicons)
      guard !grade.invalid else { return nil }
      sum += clampScore(grade.score)
    }
    return finite(sum / Double(answers.count))
  }

  /// Every ordering of 0..<n, in lexicographic order (n! of them; one empty ordering for n = 0).
  static func permutations(_ n: Int) -> [[Int]] {
    func orderings(_ items: [Int]) -> [[Int]] {
      guard !items.isEmpty else { return [[]] }
      return items.enumerated().flatMap { i, first in
        var rest = items
        rest.remove(at: i)
        return orderings(rest).map { [first] + $0 }
      }
    }
    return orderings(Array(0..<max(0, n)))
  }
}
