import Foundation

/// The questions of a course: the keys every question takes, and each kind's own keys.
extension CourseFormat {
  // MARK: Keys of every question

  static let kindDescription =
    "Question kind: choice, truefalse, short, number, calc, order, match, listing or pitch."
  static let kindMarkdown =
    """
    The question kind:

    - `choice` pick option(s)
    - `truefalse` true or false
    - `short` a short text answer
    - `number` one number
    - `calc` a number from a formula with random values
    - `order` put items in order
    - `match` pair left and right items
    - `listing` write a product title
    - `pitch` write a short sales text
    """
  static let questionID = B.ref(
    "identifier",
    """
    Question id, unique in the course. Progress and transcripts use it, so do not change it once learners have \
    started.
    """)
  static let questionPrompt = B.ref(
    "localized",
    "What is asked. In calc questions, {name} shows a variable's value and {name%} shows it as a percentage.")

  /// The question kinds, in the reference's order.
  public static var kindNames: [String] { kindTable.map(\.kind) }

  /// The keys every question takes, whatever its kind.
  public static let commonQuestionKeys: [FormatKey] = [
    FormatKey("id", questionID, required: true),
    FormatKey("kind", B.desc(["enum": B.strings(kindNames)], kindDescription, md: kindMarkdown), required: true),
    FormatKey("prompt", questionPrompt, required: true),
    FormatKey(
      "hints",
      B.desc(
        ["anyOf": [B.ref("text"), B.ref("localizedMap"), ["type": "array", "items": B.ref("localized")]]],
        "Hints, shown one at a time when the learner asks. One plain text, or a list. Default: none.",
        md: """
          Hints, shown one at a time when the learner asks (each may cost `policy.hint_penalty`). A list:

          ```yaml
          hints:
            - {zh: 毛利率的分母是售价。, en: Gross margin divides by the price.}
          ```
          """)),
    FormatKey(
      "explanation",
      B.ref(
        "localized",
        "Shown after the question is answered: why the answer is right. Lint warns (W002) if it is missing.")),
    FormatKey(
      "wrong_examples",
      B.desc(
        B.ref("stringList"),
        """
        Answers that must NOT get full marks; lint's self-check grades each one (E031 if it gets full marks). For \
        choice, order and match, write letters in the order the options are written.
        """,
        md: """
          Answers that must **not** get full marks. Lint grades each one and reports E031 if it scores 1.

          For `choice`, `order` and `match`, write letters as if nothing were shuffled: A is the first option/item \
          you wrote.
          """)),
    FormatKey(
      "points",
      [
        "description": "Weight of this question in the lesson's score, 0 to 1000. Default: 1.",
        "type": "number", "minimum": 0, "maximum": 1000, "default": 1,
      ]),
    FormatKey("cites", B.ref("cites")),
  ]

  /// A question as the schema first sees it: the common keys, then the mapping of its kind. Open:
  /// the kind's mapping checks the keys.
  public static let question = FormatObject(
    "question",
    keys: commonQuestionKeys,
    closed: false,
    [
      "title": "Question",
      "description": "A question. `kind:` decides which other keys it takes.",
      "allOf": .array(
        kindNames.map { kind in
          [
            "if": ["required": ["kind"], "properties": ["kind": ["const": .string(kind)]]],
            "then": B.ref("q_" + kind),
          ]
        }),
    ])

  // MARK: The kinds

  /// Each kind's mapping (`q_choice`…): the common keys (`kind` a constant), then the kind's own.
  public static let questionKinds: [(kind: String, object: FormatObject)] = kindTable.map { row in
    (row.kind, questionObject(row.kind, row.title, row.keys, row.extra))
  }

  /// The keys a kind takes besides the common ones, in the reference's order.
  public static func kindKeys(_ kind: String) -> [String] {
    kindTable.first { $0.kind == kind }?.keys.map(\.name) ?? []
  }

  /// Each kind: its title, its own keys, and the keywords that tie them together.
  static let kindTable: [(kind: String, title: String, keys: [FormatKey], extra: [String: JSONValue])] = [
    (
      "choice", "Choice question", choiceKeys,
      [
        // `answer:` or `correct: true` on options (E018), and then at least one right option (E017).
        "if": ["required": ["answer"]],
        "then": ["properties": ["options": ["not": ["contains": correctOption]]]],
        "else": ["properties": ["options": ["contains": correctOption]]],
      ]
    ),
    ("truefalse", "True/false question", trueFalseKeys, [:]),
    ("short", "Short-answer question", shortKeys, ["oneOf": answerOrAnswers]),
    (
      "number", "Number question", numberKeys,
      [
        "oneOf": answerOrAnswers,
        "allOf": [
          [
            "if": ["required": ["accept_fraction"], "properties": ["accept_fraction": truthy]],
            "then": ["required": ["percent"], "properties": ["percent": truthy]],
          ],
          // '30%' only with `percent: true` (E012).
          [
            "if": ["required": ["percent"], "properties": ["percent": truthy]],
            "else": [
              "properties": [
                "answer": ["type": "number"],
                "answers": [
                  "items": [
                    "anyOf": [
                      ["type": "number"],
                      [
                        "type": "object",
                        "properties": [
                          "value": ["type": "number"], "min": ["type": "number"], "max": ["type": "number"],
                        ],
                      ],
                    ]
                  ]
                ],
              ]
            ],
          ],
        ],
      ]
    ),
    ("calc", "Calculation question", calcKeys, [:]),
    ("order", "Order question", orderKeys, [:]),
    ("match", "Match question", matchKeys, [:]),
    ("listing", "Listing (product title) question", listingKeys, [:]),
    ("pitch", "Pitch (sales text) question", pitchKeys, [:]),
  ]

  /// `answer:` or `answers:`, not both.
  static let answerOrAnswers: JSONValue = [["required": ["answer"]], ["required": ["answers"]]]

  /// An entry of `answers:` that gives full credit: plain, without `credit:`, or with `credit: 1`.
  static let fullCredit: JSONValue = [
    "anyOf": [["not": ["required": ["credit"]]], ["properties": ["credit": ["minimum": 1]]]]
  ]

  /// The mapping `q_KIND`. A kind with required keys of its own
  /// (choice: options) requires only those there: `question` already requires id, kind and prompt.
  static func questionObject(_ kind: String, _ title: String, _ own: [FormatKey], _ extra: [String: JSONValue])
    -> FormatObject
  {
    let ownRequired = own.contains { $0.required }
    let common = commonQuestionKeys.map { key in
      FormatKey(
        key.name,
        key.name == "kind" ? B.desc(["const": .string(kind)], kindDescription, md: kindMarkdown) : key.schema,
        required: key.required && !ownRequired)
    }
    return FormatObject("q_" + kind, keys: common + own, extra.merging(["title": .string(title)]) { _, new in new })
  }

  // MARK: choice

  /// An option of a choice question written as a mapping: `{text: …, correct: true, feedback: …}`.
  public static let choiceOption = FormatObject(
    "choiceOption",
    keys: [
      FormatKey(
        "text",
        B.ref(
          "localized", "The option text. Use this key for an option in several languages: text: {zh: …, en: …}."),
        required: true),
      FormatKey("correct", B.ref("bool", "Whether this option is correct. Default: false.", ["default": false])),
      FormatKey("feedback", B.ref("localized", "Shown when the learner picks this option.")),
    ],
    ["description": "An option with its own settings."])

  /// An option marked right: `{text: …, correct: true}` (or yes, on).
  static let correctOption: JSONValue = ["type": "object", "required": ["correct"], "properties": ["correct": truthy]]

  static let choiceKeys: [FormatKey] = [
    FormatKey(
      "options",
      B.desc(
        [
          "type": "array", "minItems": 2, "maxItems": 26, "uniqueItems": true,
          "items": ["anyOf": [B.ref("text"), B.ref("localizedMap"), choiceOption.schema]],
          "not": ["items": correctOption],
        ],
        """
        The options, 2 to 26, shown as A, B, C…. Each is plain text, a language map {zh: …, en: …}, or {text: …, \
        correct: true, feedback: …}. No two the same (E014); at least one right and one wrong (E017).
        """,
        md: """
          The options (2 to 26), shown as A, B, C…

          ```yaml
          options:
            - text: \"30%\"
              correct: true
            - text: \"42.9%\"
              feedback: {zh: 这是加价率。, en: That is the markup.}
          ```

          An option in several languages may be a bare `{zh: …, en: …}`, or use `text:` when it also needs `correct:` \
          or `feedback:`. No two options may be the same (E014); at least one must be right and one wrong (E017).
          """),
      required: true),
    FormatKey(
      "answer",
      B.desc(
        [
          "anyOf": [
            ["type": "string", "pattern": .string(letter)],
            ["type": "array", "minItems": 1, "items": ["type": "string", "pattern": .string(letter)]],
          ]
        ],
        """
        The correct option letter(s) in the order written: B, or [A, C]. Use this or `correct: true`, not both \
        (E018).
        """,
        md: """
          The correct option letter(s), counted in the order you wrote the options: `answer: B` or `answer: [A, C]`. \
          Use either this or `correct: true` on options, not both (E018).
          """)),
    FormatKey(
      "shuffle",
      B.ref("bool", "Whether to shuffle the options for each learner. Default: the course's policy.shuffle (true).")),
    FormatKey(
      "penalty",
      [
        "description": """
          Several correct options only: each wrong tick removes this share of one correct tick's credit, 0 to 1. \
          Default: 1.
          """,
        "type": "number", "minimum": 0, "maximum": 1, "default": 1,
      ]),
  ]

  // MARK: truefalse

  static let trueFalseKeys: [FormatKey] = [
    FormatKey("answer", B.ref("bool", "The right answer: true or false."), required: true)
  ]

  // MARK: short

  static let shortKeys: [FormatKey] = [
    FormatKey(
      "answer",
      B.ref(
        "plainString",
        "The one accepted answer (use `answers:` for several). Case, spaces and punctuation do not matter.")),
    FormatKey(
      "answers",
      B.desc(
        [
          "type": "array", "minItems": 1, "items": ["anyOf": [B.ref("plainString"), B.ref("shortAnswer")]],
          "contains": fullCredit,
        ],
        """
        Accepted answers. Each is a text, or {text: …} / {regex: …} / {family: …} with optional credit, feedback and \
        examples. At least one with full credit (E018).
        """,
        md: """
          Accepted answers. Each is plain text, or a mapping:

          ```yaml
          answers:
            - text: 鲜活易腐
            - regex: '^鲜活易腐(的)?(商品)?$'
              examples: [鲜活易腐商品]
            - text: [生鲜, 生鲜商品]
              credit: 0.5
              feedback: {zh: 意思对了。, en: Right idea.}
            - family: postage   # a phrase family of the course's lexicons
          ```

          At least one must give full credit (E018).
          """)),
    FormatKey(
      "case_sensitive", B.ref("bool", "Whether upper/lower case must match. Default: false.", ["default": false])),
  ]

  /// An entry of a short question's `answers:` written as a mapping.
  public static let shortAnswer = FormatObject(
    "shortAnswer",
    keys: [
      FormatKey(
        "text",
        B.ref(
          "stringList",
          "Accepted text, or a list of texts that count the same. Case, spaces and punctuation do not matter.")),
      FormatKey(
        "regex",
        B.desc(
          ["type": "string", "minLength": 1],
          """
          A regular expression the answer must match. It matches anywhere: anchor it with ^…$ to match the whole \
          answer.
          """,
          md: """
            A regular expression (ICU syntax). It is tested against the answer after lowercasing and folding \
            full-width characters and Chinese punctuation. It matches **anywhere** in the answer: use `^…$` for the \
            whole answer. Give `examples:` so lint can check it.
            """)),
      FormatKey(
        "family",
        B.ref(
          "identifier",
          """
          A phrase family of the course's lexicons (e.g. postage): an answer that says one of its phrases as such \
          (not denied, not quoted) is accepted. Instead of text: or regex:. E042 if no lexicon of the course defines \
          it.
          """,
          md: """
            A phrase family of the course's lexicons, e.g. `family: postage` (运费, 邮费, 邮寄费, courier fee…). An answer \
            that says one of its phrases as such is accepted: `是邮费` yes, `不是邮费` (denied) no. Instead of `text:` or \
            `regex:`. Lint reports an unknown family (E042) and self-checks the family's phrases (E030). `refusal` \
            matches nothing here.
            """)),
      FormatKey(
        "credit",
        [
          "description": "Score for this answer, 0 to 1. Default: 1.",
          "type": "number", "minimum": 0, "maximum": 1, "default": 1,
        ]),
      FormatKey("feedback", B.ref("localized", "Shown when the learner gives this answer.")),
      FormatKey(
        "examples",
        B.ref(
          "stringList",
          """
          Regex only (E019 with text:): answers the regex must accept; lint checks them (E030). Lint warns (W005) if \
          a regex has none.
          """)),
    ],
    [
      "description": """
        An accepted answer: text (one or a list), a regular expression, or a phrase family, with optional credit, \
        feedback and examples.
        """,
      "oneOf": [["required": ["text"]], ["required": ["regex"]], ["required": ["family"]]],
      "not": ["required": ["text", "examples"]],
    ])

  // MARK: number

  static let numberKeys: [FormatKey] = [
    FormatKey(
      "answer",
      B.ref("numberOrPercent", "The one accepted number (use `answers:` for several or for ranges).")),
    FormatKey(
      "answers",
      B.desc(
        [
          "type": "array", "minItems": 1, "items": ["anyOf": [B.ref("numberOrPercent"), B.ref("numberAnswer")]],
          "contains": fullCredit,
        ],
        """
        Accepted numbers. Each is a number, or {value: …, tolerance: …} or {min: …, max: …}, with optional credit and \
        feedback. At least one with full credit (E018).
        """,
        md: """
          Accepted numbers or ranges, each with optional `credit` (0–1) and `feedback`:

          ```yaml
          answers:
            - value: 37.6
              tolerance: 0.1
            - min: 35
              max: 40
              credit: 0.5
          ```

          At least one must give full credit (E018). `"30%"` only with `percent: true` (E012).
          """)),
    FormatKey(
      "tolerance",
      B.ref("tolerance", "How far off an answer may be, for every value. Default: 0 (exact).")),
    FormatKey(
      "unit",
      B.desc(
        ["anyOf": [B.ref("plainString"), B.ref("localized")], "not": ["const": "%"]],
        """
        The unit (元, kg, 斤, 元/斤), or one per language ({zh: 张, en: image}). Typing it is optional; typing a different \
        unit is wrong. Do not use % here (E013); use percent: true.
        """)),
    FormatKey(
      "percent",
      B.ref(
        "bool",
        "The answer is a percentage: answer 30 means 30%, and the learner may type 30% or 30. Default: false.",
        ["default": false])),
    acceptFraction,
  ]

  /// `accept_fraction:`, the same in number and calc questions.
  static let acceptFraction = FormatKey(
    "accept_fraction",
    B.ref("bool", "With percent: true, also accept 0.3 for 30%. Default: false.", ["default": false]))

  /// An entry of a number question's `answers:` written as a mapping: a value or a range.
  public static let numberAnswer = FormatObject(
    "numberAnswer",
    keys: [
      FormatKey("value", B.ref("numberOrPercent", "The accepted value.")),
      FormatKey("tolerance", B.ref("tolerance", "How far off it may be. Default: the question's tolerance, else 0.")),
      FormatKey("min", B.ref("numberOrPercent", "Lowest accepted value (with max).")),
      FormatKey("max", B.ref("numberOrPercent", "Highest accepted value (with min).")),
      FormatKey(
        "credit",
        [
          "description": "Score for this answer, 0 to 1. Default: 1.",
          "type": "number", "minimum": 0, "maximum": 1, "default": 1,
        ]),
      FormatKey("feedback", B.ref("localized", "Shown when the learner gives this answer.")),
    ],
    [
      "description":
        "An accepted number: {value: …, tolerance: …} or a range {min: …, max: …}, with optional credit and feedback.",
      "oneOf": [
        ["required": ["value"], "not": ["anyOf": [["required": ["min"]], ["required": ["max"]]]]],
        ["required": ["min", "max"], "not": ["anyOf": [["required": ["value"]], ["required": ["tolerance"]]]]],
      ],
    ])

  // MARK: calc

  static let calcKeys: [FormatKey] = [
    FormatKey(
      "vars",
      B.desc(
        [
          "type": "object",
          "propertyNames": ["pattern": "^[A-Za-z_][A-Za-z0-9_]{0,39}$"],
          "additionalProperties": B.ref("calcVariable"),
        ],
        "Variables drawn for each learner: name: {min: …, max: …, step: …}, name: {values: […]}, or name: […].",
        md: """
          Variables drawn for each learner. Names use ASCII letters, digits and `_`.

          ```yaml
          vars:
            cost: {min: 24, max: 32, step: 0.5}
            fee: [0.05, 0.056, 0.06]
            margin: {values: [0.2, 0.25, 0.3]}
          ```
          """)),
    FormatKey(
      "formula",
      B.desc(
        ["type": "string", "minLength": 1],
        """
        The formula that gives the right answer, e.g. cost / (1 - fee - margin). Use + - * / ^, parentheses, and \
        round, floor, ceil, abs, min, max, sqrt.
        """,
        md: """
          The formula for the right answer, e.g. `cost / (1 - fee - margin)`.

          Operators `+ - * / ^` and parentheses; functions `round(x)`, `round(x, 2)`, `floor`, `ceil`, `abs`, `min(a, \
          b, …)`, `max(a, b, …)`, `sqrt`.
          """),
      required: true),
    FormatKey(
      "wrong_formulas",
      B.desc(
        [
          "anyOf": [
            ["type": "string", "minLength": 1],
            ["type": "array", "items": ["anyOf": [["type": "string", "minLength": 1], wrongFormula.schema]]],
          ]
        ],
        """
        Typical wrong ways to work it out, e.g. [(price - cost) / cost] for a margin, each a formula or {formula: …, \
        feedback: …}. For every set of values lint draws, their answer must not get full marks (E031). A learner \
        whose answer is what one gives is told it is a common mistake, with the feedback when there is one.
        """)),
    FormatKey(
      "tolerance",
      B.ref(
        "tolerance",
        "How far off an answer may be. Default: half a unit of the last decimal (0.005 with decimals: 2).")),
    FormatKey(
      "decimals",
      [
        "description": "Decimals the expected answer is shown with, 0 to 6. Default: 2.",
        "type": "integer", "minimum": 0, "maximum": 6, "default": 2,
      ]),
    FormatKey(
      "unit",
      B.desc(
        ["anyOf": [B.ref("plainString"), B.ref("localized")], "not": ["const": "%"]],
        """
        The unit (元, kg), or one per language. Typing it is optional; typing a different unit is wrong. Do not use % \
        here (E013); use percent: true.
        """)),
    FormatKey(
      "percent",
      B.ref(
        "bool", "The formula gives a fraction (0.3) and the learner answers in percent (30%). Default: false.",
        ["default": false])),
    acceptFraction,
  ]

  /// An entry of `wrong_formulas:` written as a mapping: `{formula: …, feedback: …}`.
  public static let wrongFormula = FormatObject(
    "wrongFormula",
    keys: [
      FormatKey("formula", ["type": "string", "minLength": 1], required: true),
      FormatKey("feedback", B.ref("localized", "Shown when the learner's answer is what this formula gives.")),
    ])

  /// A calc variable written as a mapping: `{min: …, max: …, step: …}` or `{values: […]}`.
  public static let calcVariableObject = FormatObject(
    "calcVariable",
    keys: [
      FormatKey("min", ["description": "Smallest value.", "type": "number"]),
      FormatKey("max", ["description": "Largest value.", "type": "number"]),
      FormatKey(
        "step",
        [
          "description": "Values go from min in steps of this size. Default: 1.",
          "type": "number", "exclusiveMinimum": 0, "default": 1,
        ]),
      FormatKey(
        "values",
        [
          "description": "The values to pick from.",
          "type": "array", "minItems": 1, "items": ["type": "number"],
        ]),
    ],
    [
      "oneOf": [
        ["required": ["values"], "not": ["anyOf": [["required": ["min"]], ["required": ["max"]]]]],
        ["required": ["min", "max"], "not": ["required": ["values"]]],
      ]
    ])

  /// The definition `calcVariable`: a list of values, or the mapping form.
  static let calcVariable: JSONValue = [
    "description": "How a variable is drawn: {min: …, max: …, step: …}, {values: […]}, or a list […].",
    "anyOf": [
      ["type": "array", "minItems": 1, "items": ["type": "number"]],
      calcVariableObject.schema,
    ],
  ]

  // MARK: order, match

  static let orderKeys: [FormatKey] = [
    FormatKey(
      "items",
      B.desc(
        ["type": "array", "minItems": 2, "maxItems": 26, "uniqueItems": true, "items": B.ref("localized")],
        "The items, 2 to 26, written in the correct order; no two the same (E014). Learners see them shuffled.",
        md: """
          The items (2 to 26), **written in the correct order**, no two the same (E014). Learners see them shuffled \
          and type letters, e.g. `BADC`.
          """),
      required: true)
  ]

  static let matchKeys: [FormatKey] = [
    FormatKey(
      "pairs",
      B.desc(
        ["type": "array", "minItems": 2, "maxItems": 26, "items": B.ref("matchPair")],
        "The pairs, 2 to 26, each {left: …, right: …}. Learners see the right side shuffled.",
        md: """
          The pairs (2 to 26), each `{left: …, right: …}`. The left side is numbered 1, 2, 3…; the right side is \
          shuffled and lettered. Learners type `1B 2A 3C`.
          """),
      required: true)
  ]

  /// An entry of a match question's `pairs:`.
  public static let matchPair = FormatObject(
    "matchPair",
    keys: [
      FormatKey("left", B.ref("localized", "Left side (numbered 1, 2, 3… for the learner)."), required: true),
      FormatKey("right", B.ref("localized", "Right side (shuffled and lettered A, B, C…)."), required: true),
    ],
    ["description": "A pair: the left item and the right item that belongs to it."])

  // MARK: listing

  static let listingKeys: [FormatKey] = [
    FormatKey(
      "max_chars",
      [
        "description": "Most characters allowed; a longer title scores 0. Default: no limit.",
        "type": "integer", "minimum": 1, "maximum": 10000,
      ]),
    FormatKey(
      "max_bytes",
      [
        "description": """
          Most bytes allowed (a Chinese character counts 2, letters and digits 1); a longer title scores 0. Taobao: \
          60. Default: no limit.
          """,
        "markdownDescription": """
          Most bytes allowed: a Chinese character counts 2, letters, digits and spaces 1. A longer title scores 0. \
          Taobao: `max_bytes: 60` (30 Chinese characters).
          """,
        "type": "integer", "minimum": 1, "maximum": 20000,
      ]),
    FormatKey(
      "min_chars",
      [
        "description": "Fewest characters; a shorter title gets half its score. Default: no minimum.",
        "type": "integer", "minimum": 0, "maximum": 10000,
      ]),
    FormatKey(
      "keywords",
      B.desc(
        [
          "type": "array",
          "items": ["anyOf": [B.ref("plainString"), ["type": "array", "minItems": 1, "items": B.ref("plainString")]]],
        ],
        "Words the title must contain. An item that is a list means any one of these words: [500g, 500克].",
        md: """
          Words the title must contain. The score is multiplied by the share found. A list item means *any one of \
          these*:

          ```yaml
          keywords:
            - 枣夹核桃
            - [新疆, 阿克苏]
          ```
          """)),
    FormatKey("lexicons", extraLexicons),
    FormatKey("banned", extraBanned),
    FormatKey(
      "penalty",
      [
        "description": "Score lost for each different banned term found, 0 to 1. Default: 0.5.",
        "type": "number", "minimum": 0, "maximum": 1, "default": 0.5,
      ]),
    FormatKey(
      "model_answer",
      B.desc(
        ["anyOf": [B.ref("plainString"), B.ref("localized")]],
        """
        A title that scores full marks, or one per language ({zh: …, en: …}); lint checks each (E030). Lint warns \
        (W007) if it is missing.
        """)),
  ]

  /// `lexicons:` of a listing or pitch question.
  static let extraLexicons = B.ref(
    "lexiconNames", "Extra lexicons of banned terms for this question (the course's `lexicons:` always apply).")

  /// `banned:` of a listing or pitch question.
  static let extraBanned = B.desc(
    ["type": "array", "items": B.ref("bannedWord")],
    """
    Extra banned words for this question only: plain words, or {term, reason, advice}. Each one found costs `penalty`.
    """)

  /// A banned word written as a mapping: `{term: …, reason: …, advice: …}`.
  public static let bannedWordObject = FormatObject(
    "bannedWord",
    keys: [
      FormatKey("term", B.ref("plainString", "The word."), required: true),
      FormatKey("reason", B.ref("localized", "Why it is banned.")),
      FormatKey("advice", B.ref("localized", "What to write instead.")),
    ])

  /// The definition `bannedWord`: plain text, or the mapping form.
  static let bannedWord: JSONValue = [
    "description": "A banned word: plain text, or {term: …, reason: …, advice: …}.",
    "anyOf": [B.ref("plainString"), bannedWordObject.schema],
  ]

  // MARK: pitch

  static let pitchKeys: [FormatKey] = [
    FormatKey(
      "concepts",
      B.desc(
        [
          "type": "array", "minItems": 1, "items": B.ref("concept"),
          "contains": [
            "anyOf": [["not": ["required": ["weight"]]], ["properties": ["weight": ["exclusiveMinimum": 0]]]]
          ],
        ],
        """
        The points a good answer covers. Each has an id, cue words and an optional label and weight; not every weight \
        0 (E018).
        """,
        md: """
          The points a good answer covers. The score is the weight of the concepts found ÷ the total weight (not \
          every weight 0, E018).

          ```yaml
          concepts:
            - id: price
              label: {zh: 讲清价格, en: state the price}
              weight: 2
              cues: [到手价, 券后]
          ```
          """),
      required: true),
    FormatKey(
      "min_chars",
      [
        "description": "Fewest characters; a shorter answer gets half its score. Default: no minimum.",
        "type": "integer", "minimum": 0, "maximum": 100000,
      ]),
    FormatKey(
      "max_chars",
      [
        "description": "Most characters; a longer answer gets half its score. Default: no limit.",
        "type": "integer", "minimum": 1, "maximum": 100000,
      ]),
    FormatKey("lexicons", extraLexicons),
    FormatKey("banned", extraBanned),
    FormatKey(
      "penalty",
      [
        "description":
          "Score lost for each different banned term found, and for each wrong fact (facts:), 0 to 1. Default: 0.25.",
        "type": "number", "minimum": 0, "maximum": 1, "default": 0.25,
      ]),
    FormatKey(
      "model_answer",
      B.desc(
        ["anyOf": [B.ref("plainString"), B.ref("localized")]],
        """
        An answer that scores full marks, or one per language ({zh: …, en: …}); lint checks each (E030). Lint warns \
        (W007) if it is missing.
        """)),
    FormatKey(
      "facts",
      B.ref(
        "pitchFacts",
        """
        The product the answer talks about, with the terms the prompt gives (only name: is required). The answer's \
        price, shipping, returns and stock claims are checked against the terms written here; each wrong one costs \
        `penalty`.
        """)),
    FormatKey(
      "promotions",
      B.desc(
        ["type": "array", "items": B.ref("livePromotion")],
        """
        Promotions running for the product of facts: (coupons, flash sales), written like a live scenario's; a \
        coupon's price is then a right price. Needs facts: with a price:.
        """,
        md: """
          Promotions running for the product of `facts:`, in the live scenario's format; all count as running, so the \
          price after a coupon is right:

          ```yaml
          promotions:
            - {id: coupon5, label: {zh: 5元无门槛券, en: 5-yuan coupon}, kind: coupon, amount: 5}
          ```

          Needs `facts:` with a `price:`; `product:` is not needed.
          """)),
  ]

  /// A point a pitch answer should cover (`concepts:`).
  public static let concept = FormatObject(
    "concept",
    keys: [
      FormatKey("id", B.ref("identifier", "Concept id, unique in this question."), required: true),
      FormatKey("label", B.ref("localized", "What the learner is told is covered or missing. Default: the id.")),
      FormatKey(
        "weight",
        [
          "description": "How much this concept counts, 0 to 100. Default: 1.",
          "type": "number", "minimum": 0, "maximum": 100, "default": 1,
        ]),
      FormatKey(
        "cues",
        B.desc(
          cueWords,
          """
          Words that show the concept is covered: a list, or one list per language {zh: […], en: […]}. Any one is \
          enough; at least one (E013).
          """,
          md: """
            Words that show the concept is covered; any one is enough, and there must be one (E013). A list, or one \
            list per language:

            ```yaml
            cues:
              zh: [到手价, 券后]
              en: [final price, coupon]
            ```
            """)),
      FormatKey(
        "topic",
        [
          "description": """
            A cue topic: the words a cue lexicon of the question or the course lists for it count as cues (E040 if \
            none does).
            """,
          "type": "string", "enum": B.strings(cueTopics),
        ]),
      FormatKey(
        "families",
        B.ref(
          "familyNames",
          """
          Phrase families of the question's or the course's lexicons, e.g. [greeting]: any of their phrases covers \
          the concept. [refusal]: refusing a health claim covers it. E042 for an unknown family.
          """)),
    ],
    [
      "description": "A point a good pitch covers. It needs cues:, topic: or families: (or several).",
      "anyOf": [["required": ["cues"]], ["required": ["topic"]], ["required": ["families"]]],
    ])

  /// Cue words: a list, or one list per language (a concept's or a live topic's `cues:`).
  /// At least one word (E013): a list may not be empty, nor every list of the per-language form.
  static let cueWords: JSONValue = [
    "anyOf": [
      B.ref("plainString"),
      ["type": "array", "minItems": 1, "items": B.ref("plainString")],
      [
        "type": "object", "minProperties": 1,
        "propertyNames": ["pattern": .string(langPattern)],
        "additionalProperties": B.ref("stringList"),
        "not": ["additionalProperties": ["type": "array", "maxItems": 0]],
      ],
    ]
  ]
}
