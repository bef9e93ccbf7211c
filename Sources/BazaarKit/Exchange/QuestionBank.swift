/// A question bank read from another tool's format (GIFT, Aiken, Moodle XML, a Chinese text bank,
/// a spreadsheet), before it becomes a Bazaar course: every reader fills this one model, and one
/// writer (``CourseWriter``) turns it into course YAML, so each rule of the mapping lives once.
public struct QuestionBank: Sendable, Codable {
  /// The questions, in source order.
  public var questions: [BankQuestion] = []
  /// What could not be carried over, with where and why (written into the course as TODO comments).
  public var leftOut: [LeftOut] = []

  public init(questions: [BankQuestion] = [], leftOut: [LeftOut] = []) {
    self.questions = questions
    self.leftOut = leftOut
  }

  /// A question or line that could not be carried over.
  public struct LeftOut: Sendable, Error, Codable {
    /// Where it is in the source file.
    public var location: SourceLocation
    /// Why, as a message key of the import table and its arguments.
    public var reason: String
    public var args: [String: String]
    /// The source text (clipped), kept as a comment so nothing is lost.
    public var text: String
    /// The lesson it would have been in.
    public var category: String?

    public init(location: SourceLocation, reason: String, args: [String: String] = [:], text: String, category: String? = nil) {
      self.location = location
      self.reason = reason
      self.args = args
      self.text = text
      self.category = category
    }
  }
}

/// One question of a bank, in the terms every format shares.
public struct BankQuestion: Sendable, Codable {
  /// The source's own id or title when it can be a Bazaar id (`margin-1`), else nil (a hash of the
  /// text is used, so that a re-import gives the same id).
  public var id: String?
  /// The source's title (GIFT `::title::`, Moodle `<name>`), kept as a comment.
  public var title: String?
  /// The lesson it belongs to (GIFT `$CATEGORY`, a text bank's `一、单选题`, a sheet's 章节).
  public var category: String?
  /// What is asked; a missing-word question has `___` where the answer goes.
  public var prompt: String
  public var body: Body
  /// Shown after the question is answered (GIFT `####`, 解析, Moodle general feedback).
  public var explanation: String?
  /// The question's weight, when the source gives one.
  public var points: Double?
  /// Where the question starts in the source.
  public var location: SourceLocation
  /// What the mapping changed or dropped for this question (message keys of the import table).
  public var losses: [String] = []
  /// For a number: the unit the answer was written with (`元`), and whether it is a percentage.
  public var unit: String?
  public var percent = false

  public init(
    id: String? = nil, title: String? = nil, category: String? = nil, prompt: String, body: Body,
    explanation: String? = nil, points: Double? = nil, location: SourceLocation
  ) {
    self.id = id
    self.title = title
    self.category = category
    self.prompt = prompt
    self.body = body
    self.explanation = explanation
    self.points = points
    self.location = location
  }

  /// The answer key, in the shape the formats share.
  public enum Body: Sendable, Codable {
    /// Options with their credit (1 = right, 0 = wrong, negative = a penalty, between = partial).
    case choice([Option])
    case trueFalse(Bool, feedbackIfTrue: String?, feedbackIfFalse: String?)
    /// Accepted answers with credit; `*` in a text is Moodle's wildcard.
    case short([Answer])
    case number([NumberAnswer])
    case match([Pair])
    case order([String])
    /// Free text graded by a person (Moodle essay, 简答题): becomes a commented `pitch` to finish.
    case essay
    /// Text with no question (GIFT description): becomes a narrative step.
    case description
  }

  /// A left item and the right item it pairs with.
  public struct Pair: Sendable, Hashable, Codable {
    public var left: String
    public var right: String
    public init(_ left: String, _ right: String) {
      self.left = left
      self.right = right
    }
  }

  public struct Option: Sendable, Hashable, Codable {
    public var text: String
    public var credit: Double
    public var feedback: String?
    public init(text: String, credit: Double, feedback: String? = nil) {
      self.text = text
      self.credit = credit
      self.feedback = feedback
    }
  }

  public struct Answer: Sendable, Hashable, Codable {
    public var text: String
    public var credit: Double
    public var feedback: String?
    public init(text: String, credit: Double = 1, feedback: String? = nil) {
      self.text = text
      self.credit = credit
      self.feedback = feedback
    }
  }

  public struct NumberAnswer: Sendable, Hashable, Codable {
    public enum Target: Sendable, Hashable, Codable {
      case value(Double, tolerance: Double)
      case range(Double, Double)
    }
    public var target: Target
    public var credit: Double
    public var feedback: String?
    public init(target: Target, credit: Double = 1, feedback: String? = nil) {
      self.target = target
      self.credit = credit
      self.feedback = feedback
    }
  }
}
