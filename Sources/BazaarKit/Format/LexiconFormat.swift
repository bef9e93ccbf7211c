import Foundation

/// The lexicon file's format (`lexicon/NAME.yaml`), declared once like `CourseFormat`: the loader
/// (`LexiconLoader`) takes the keys it accepts from here, and `schema/lexicon.schema.json` is
/// generated from it.
public enum LexiconFormat {
  typealias B = SchemaBits

  // MARK: Definitions that are not mappings

  /// Definitions of the lexicon schema besides the ones shared with the course schema.
  static let lexiconDefinitions: [String: JSONValue] = [
    "pattern": [
      "description": """
        A pattern: plain words, or (a|b) for alternatives, (a|) for an optional part, # for any number, \\( \\) \\| \
        \\# \\\\ for the sign itself. Not only spaces; at most 512 phrases (E041).
        """,
      "markdownDescription": """
        A word or phrase, as a **pattern** (docs/course-format.md §12):

        - `(a|b|c)` one of the alternatives: `'(早上|中午|晚上)好'`
        - an empty alternative makes a part optional: `'jujube(s|)'`
        - `|` outside brackets separates whole alternatives
        - `#` any number, in digits or Chinese numerals: `'第#(波|单|批)'`
        - `\\(` `\\)` `\\|` `\\#` `\\\\` the sign itself

        Write it in single quotes. Not only spaces; one pattern stands for at most 512 phrases. Lint reports a \
        pattern it cannot use at its column (E041).
        """,
      "type": ["string", "number", "boolean"],
      "pattern": "\\S",
    ],
    "patternList": [
      "description": "One pattern, or a list of patterns.",
      "anyOf": [B.ref("pattern"), ["type": "array", "items": B.ref("pattern")]],
    ],
    "cueTopic": [
      "description": "A cue topic: what the word shows the host is doing (E039 otherwise).",
      "type": "string",
      "enum": B.strings(CourseFormat.cueTopics),
    ],
  ]

  // MARK: Mappings

  /// An entry of `families:`: a named group of phrases.
  public static let family = FormatObject(
    "family",
    keys: [
      FormatKey("label", B.ref("localized", "What the family is, e.g. {zh: 问候, en: a greeting}.")),
      FormatKey(
        "patterns",
        B.desc(
          ["anyOf": [B.ref("pattern"), ["type": "array", "minItems": 1, "items": B.ref("pattern")]]],
          "The phrases, as patterns: at least one (E016).",
          md: """
            The phrases, as patterns, at least one (E016):

            ```yaml
            patterns:
              - 大家好
              - '(早上|中午|晚上)好'
              - 'good (morning|afternoon|evening)'
            ```
            """),
        required: true),
    ],
    [
      "title": "Phrase family",
      "description":
        "A named group of phrases (patterns) that pitch concepts, short answers and live topics can accept.",
    ])

  /// An entry of `terms:` written as a mapping: `{term: …, reason: …, advice: …, exempt: […]}`.
  public static let termObject = FormatObject(
    "term",
    keys: [
      FormatKey(
        "term",
        B.ref(
          "pattern",
          """
          The word or phrase to flag (in a cue lexicon: the cue word), as a pattern: (a|b), (a|) optional, # any \
          number.
          """),
        required: true),
      FormatKey("topic", B.ref("cueTopic", "Cue lexicons only: the topic the word shows.")),
      FormatKey(
        "reason",
        B.ref(
          "localized",
          "Why it is flagged (in a cue lexicon: why it shows the topic). Default: the lexicon's rule.")),
      FormatKey("advice", B.ref("localized", "What to say instead.")),
      FormatKey(
        "exempt",
        B.ref("patternList", "Patterns of phrases in which this term is allowed, e.g. ['第#(波|单|批)'] for 第一.")),
    ])

  /// The definition `term`: a pattern, or the mapping form.
  static let term: JSONValue = [
    "description": """
      A term (a pattern): plain text, or {term: …, reason: …, advice: …, exempt: […]}. In a cue lexicon (category: \
      cue) a mapping with topic: (E038).
      """,
    "anyOf": [B.ref("pattern"), termObject.schema],
  ]

  /// A cue lexicon's text for one topic (`topics:`).
  public static let topicText = FormatObject(
    "topicText",
    keys: [
      FormatKey("label", B.ref("localized", "The topic's name in reports, e.g. {zh: 售后, en: after-sales}.")),
      FormatKey(
        "rule",
        B.ref(
          "localized", "Why the topic matters: the rule or rubric item, shown when a broadcast never mentions it.")),
      FormatKey(
        "expected",
        [
          "type": "boolean",
          "description": """
            Whether every broadcast should mention it. Default: true for price, shipping, origin, returns, show, \
            call_to_action, engage; false for the others.
            """,
        ]),
    ])

  /// A cue lexicon's `topics:`: a text for each cue topic.
  public static let lexiconTopics = FormatObject(
    "lexiconTopics",
    keys: CourseFormat.cueTopics.map { FormatKey($0, B.ref("topicText")) })

  // MARK: Grammar lexicons

  /// The grammar lexicons' lists (`GrammarWords.listKeys`), each a list of patterns: the key, its
  /// description and its markdown description (each gets the "grammar lexicons only" note).
  public static let grammarLists: [(key: String, description: String, md: String)] = [
    (
      "negations",
      """
      Negations that deny a claim a few characters later in the same clause (reach:), unless a breaker stands \
      between: 不, 不能, not, can't.
      """,
      """
      Negations that deny a claim that follows within `reach` characters in the same clause, unless a breaker stands \
      between: `不能降血糖`, `it doesn't lower blood sugar`.
      """
    ),
    (
      "strong_negations",
      "Negations that reach the end of their clause whatever stands between: 不是说, 我们不说, we never say.",
      """
      Negations that reach the end of their clause, whatever stands between: `不是说吃了就能降血糖`, `we never say it cures \
      anything`.
      """
    ),
    (
      "denials",
      "Words after a claim, in its clause, that deny it: 是骗人的, is a myth.",
      "Words after a claim, in its clause, that deny it: `说能降血糖是骗人的`, `… is a myth`."
    ),
    (
      "not_negations",
      "Phrases that hold a negation word but deny nothing: 不仅, 不错, 能不能, not only, no doubt.",
      "Phrases that hold a negation word but deny nothing: `不仅`, `不错`, `能不能`, `not only`, `no doubt`."
    ),
    (
      "breakers",
      "Words that start a new statement inside a clause, so a negation before them stops there: 就, 而且, and, so.",
      """
      Words that start a new statement inside a clause, so a negation before them stops there: `不用吃药，吃它就能降血糖` (就), \
      `它不贵而且能补血` (而且).
      """
    ),
    (
      "rhetorical",
      "Rhetorical openers that turn the clause around: 谁说, 难道, who says.",
      "Rhetorical openers that turn the clause around: `谁说它不能降血糖？` makes the claim, `难道它能治病吗？` denies it."
    ),
    (
      "reported",
      "Phrases that report someone else's question: a claim in their clause is quoted, not made: 有人问, someone asked.",
      """
      Phrases that report someone else's question; a claim in their clause is quoted, not made: `有人问能不能降血糖`, `someone \
      asked if it lowers blood sugar`.
      """
    ),
    (
      "no_answers",
      "Whole 'no' answers: a yes/no question right before one is asked only to be denied: 不能, 不行, no.",
      """
      Clauses that are a whole \"no\" answer; a yes/no question right before one is asked only to be denied: \
      `能降血糖吗？不能。`
      """
    ),
    (
      "question_markers",
      "Question particles and A-not-A forms that make a clause a question: 吗, 能不能, does it.",
      "Question particles and A-not-A forms that make a clause a question (besides `?`): `吗`, `能不能`, `does it`."
    ),
    (
      "contrast",
      "Words that start a new clause: 但是, 不过, but, however.",
      "Words that start a new clause: `但是`, `不过`, `but`, `however`. In `它不是药但是能降血糖` the second clause makes the claim."
    ),
    (
      "fillers",
      "Words with no content of their own: 的, 了, 啊, 家人们, the, guys.",
      """
      Words with no content of their own: `的`, `了`, `啊`, `家人们`, `the`, `guys`. A clause of nothing but cue words and \
      fillers says nothing.
      """
    ),
  ]

  /// The keys of the grammar lists and `reach:`.
  static let grammarKeys: [FormatKey] =
    grammarLists.map { list in
      FormatKey(
        list.key,
        B.ref(
          "patternList",
          "Grammar lexicons only (category: grammar; elsewhere ignored, W013). " + list.description,
          md: list.md + "\n\nGrammar lexicons only (`category: grammar`); elsewhere ignored (W013)."))
    } + [
      FormatKey(
        "reach",
        B.integer(
          """
          Grammar lexicons only: how many characters (of normalised text) after a negation it still reaches, 1 to \
          200. Default: 8. When several grammar lexicons are loaded, the largest reach applies.
          """,
          1, 200, ["default": 8]))
    ]

  // MARK: The file

  /// The lexicon file itself. `terms:` is needed unless the lexicon holds `families:` or is a
  /// grammar lexicon (E010).
  public static let root = FormatObject(
    "lexicon",
    keys: [
      FormatKey(
        "lexicon",
        B.ref(
          "identifier", "The lexicon's name; courses use it. It should equal the file name without .yaml (W008)."),
        required: true),
      FormatKey("title", B.ref("localized", "Human title. Default: the name.")),
      FormatKey(
        "category",
        B.ref(
          "identifier",
          """
          What kind of terms: absolute, medical, price, scarcity…; cue for cue words; grammar for the words that \
          decide how lines are read.
          """,
          ["examples": ["absolute", "medical", "price", "scarcity", "cue", "grammar"]]),
        required: true),
      FormatKey(
        "rule",
        B.ref("localized", "The rule the terms break, shown to learners, e.g. Advertising Law art. 9(3).")),
      FormatKey(
        "languages",
        B.desc(
          ["anyOf": [B.ref("languageCode"), ["type": "array", "items": B.ref("languageCode")]]],
          "The languages of the reason/advice texts, e.g. [zh, en]. Optional.")),
      FormatKey(
        "exempt",
        B.ref(
          "patternList",
          "Patterns of phrases in which any term of this lexicon is allowed, e.g. '最佳(食用|保存)(期|时间)'.")),
      FormatKey(
        "sources",
        B.ref(
          "stringList",
          """
          Where the terms and their reasons come from: course source ids (R13a) or web addresses. Not shown to \
          learners and not checked.
          """)),
      FormatKey(
        "families",
        B.desc(
          [
            "type": "object", "propertyNames": ["pattern": .string(CourseFormat.idPattern)],
            "additionalProperties": B.ref("family"),
          ],
          """
          Phrase families by name, e.g. greeting: {label: …, patterns: […]}. Pitch concepts (families:), short \
          answers (family:) and live topics (families:) accept their phrases.
          """,
          md: """
            Named phrase families that pitch concepts (`families:`), short answers (`family:`) and live topics \
            (`families:`) can accept:

            ```yaml
            families:
              greeting:
                label: {zh: 问候, en: a greeting}
                patterns: [大家好, '(早上|中午|晚上)好', 'good (morning|evening)']
            ```

            `refusal` is reserved (refusing a health claim) and needs no definition.
            """)),
      FormatKey(
        "topics",
        B.desc(
          lexiconTopics.schema, "Cue lexicons only: each topic's label and rule, e.g. price: {label: …, rule: …}.")),
      FormatKey(
        "terms",
        B.desc(
          ["type": "array", "minItems": 1, "items": B.ref("term")],
          """
          The terms, at least one. Needed unless the lexicon has families: or is a grammar lexicon. In a cue lexicon \
          (category: cue) each is a mapping with topic: (E038).
          """)),
    ] + grammarKeys,
    [
      "$schema": "http://json-schema.org/draft-07/schema#",
      "title": "Bazaar lexicon",
      "description": """
        A Bazaar lexicon: a shared list of banned terms (or of cue words, category: cue; or the words that decide how \
        lines are read, category: grammar), with optional phrase families. Save it as lexicon/NAME.yaml. Reference: \
        docs/course-format.md §12.
        """,
      "allOf": [
        [
          "if": ["required": ["category"], "properties": ["category": ["const": "grammar"]]],
          "else": ["anyOf": [["required": ["terms"]], ["required": ["families"]]]],
        ],
        [
          "if": ["required": ["category"], "properties": ["category": ["const": "cue"]]],
          "then": ["properties": ["terms": ["items": ["type": "object", "required": ["topic"]]]]],
        ],
      ],
    ])

  /// Everything under `definitions`, by name.
  static var definitions: [String: JSONValue] {
    var d = CourseFormat.commonDefinitions
    for (name, schema) in lexiconDefinitions { d[name] = schema }
    d["term"] = term
    for o in [family, topicText] { d[o.name] = o.schema }
    return d
  }

  /// Every mapping of a lexicon file: the keys a lexicon may use anywhere.
  public static var allObjects: [FormatObject] { [root, termObject, family, topicText, lexiconTopics] }

  public static var schema: JSONValue {
    root.schema.merging(["definitions": .object(definitions)])
  }
}
