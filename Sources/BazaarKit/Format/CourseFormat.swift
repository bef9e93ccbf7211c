import Foundation

/// The course file's format, declared once: every mapping's keys with their schema. The loaders
/// (`CourseLoader`, `LiveScenarioLoader`) take the keys they accept from here, and
/// `schema/course.schema.json` is generated from it (`swift run bazaar-format`).
///
/// The questions are in CourseFormat+Questions.swift, the live scenarios in CourseFormat+Live.swift.
public enum CourseFormat {
  typealias B = SchemaBits

  // MARK: Patterns

  static let langPattern = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
  static let idPattern = "^[A-Za-z0-9_][A-Za-z0-9._-]{0,79}$"
  static let boolString = "^(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|[Yy][Ee][Ss]|[Nn][Oo]|[Oo][Nn]|[Oo][Ff][Ff])$"
  static let percentString = #"^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*%$"#
  /// A tolerance as text: a percentage (a number in quotes without `%` is text, E012).
  static let toleranceString = #"^\s*\+?(?:\d+(?:\.\d*)?|\.\d+)\s*%\s*$"#
  /// 10^80, written with all its digits: a number id has at most 80.
  static let tenToThe80: JSONValue = .decimal(Decimal(sign: .plus, exponent: 80, significand: 1))
  /// One option letter, e.g. ` B `.
  static let letter = #"^\s*[A-Za-z]\s*$"#
  /// `true`, or a string YAML reads as true (yes, on): for `if`/`then` on a boolean key.
  static let truthy: JSONValue = [
    "anyOf": [["const": true], ["type": "string", "pattern": "^(?:[Tt][Rr][Uu][Ee]|[Yy][Ee][Ss]|[Oo][Nn])$"]]
  ]
  /// The cue topics: what a cue word shows the host is doing (a cue lexicon's `topic:`, a concept's
  /// `topic:`).
  public static let cueTopics = CueTopic.allCases.map(\.rawValue)

  // MARK: Definitions that are not mappings

  /// Definitions shared with the lexicon schema: texts, ids, booleans, lists.
  static let commonDefinitions: [String: JSONValue] = [
    "text": [
      "description": "Text. Quote it if it contains `: `, ` #`, or starts with a special character.",
      "type": ["string", "number", "boolean"],
      "pattern": "\\S",
    ],
    "languageCode": [
      "description":
        "A language code: 2-3 lowercase letters, optionally with a region or script (zh, en, ug, zh-Hans).",
      "type": "string",
      "pattern": .string(langPattern),
      "examples": ["zh", "en", "ug"],
    ],
    "localizedMap": [
      "description": """
        One text per language, e.g. {zh: 毛利率, en: gross margin}. Every key must be listed in the course's \
        `languages:`.
        """,
      "type": "object",
      "minProperties": 1,
      "propertyNames": ["pattern": .string(langPattern)],
      "properties": [
        "zh": B.ref("text", "Chinese text."),
        "en": B.ref("text", "English text."),
        "ug": B.ref("text", "Uyghur text."),
      ],
      "additionalProperties": B.ref("text"),
    ],
    "localized": [
      "description": "Text the learner sees: one text for every language, or one per language ({zh: …, en: …}).",
      "markdownDescription": """
        Text the learner sees. Either one text for every language:

        ```yaml
        title: 定价
        ```

        or one text per language (each language must be in `languages:`):

        ```yaml
        title: {zh: 定价, en: Pricing}
        ```
        """,
      "oneOf": [B.ref("text"), B.ref("localizedMap")],
    ],
    "bool": [
      "description": "true or false (yes/no and on/off also work).",
      "anyOf": [["type": "boolean"], ["type": "string", "pattern": .string(boolString)]],
    ],
    "identifier": [
      "description": """
        An id: ASCII letters, digits, '-', '_' and '.', at most 80; not starting with '-' or '.'. Example: \
        price-at-margin.
        """,
      // A number (`id: 12`, `id: 1.2`) is read as the text it is written as: at most 80 digits.
      "anyOf": [
        ["type": "string", "pattern": .string(idPattern)],
        ["type": "number", "minimum": 0, "exclusiveMaximum": tenToThe80],
      ],
    ],
    "plainString": [
      "description": "Text (not translated).",
      "type": ["string", "number", "boolean"],
      "minLength": 1,
    ],
    "stringList": [
      "description": "One text, or a list of texts.",
      "anyOf": [B.ref("plainString"), ["type": "array", "items": B.ref("plainString")]],
    ],
    "familyNames": [
      "description": """
        Phrase families of the lexicons (families: in a lexicon file), e.g. [greeting]. One name or a list. `refusal` \
        is reserved: refusing a health claim.
        """,
      "markdownDescription": """
        Phrase families defined under `families:` in the lexicons of the question (or scenario) and the course, e.g. \
        `[greeting, interaction_command]`; any phrase of a family counts as a cue. Lint reports an unknown family \
        (E042).

        `refusal` is reserved and defined nowhere: it is covered by refusing a health claim (`不能降血糖`, `听医生的`, `不是药`).
        """,
      "anyOf": [B.ref("identifier"), ["type": "array", "minItems": 1, "items": B.ref("identifier")]],
      "examples": [["greeting"], ["interaction_command"], ["refusal"]],
    ],
  ]

  /// Definitions of the course schema that are not mappings of their own (besides the common ones).
  static let courseDefinitions: [String: JSONValue] = [
    "lexiconNames": [
      "description": "Lexicon names (file names in a lexicon/ folder, without .yaml). One name or a list.",
      "anyOf": [B.ref("identifier"), ["type": "array", "items": B.ref("identifier")]],
    ],
    "cites": [
      "description": "Source ids (from `sources:`) this part's facts come from. One id or a list, e.g. [R31].",
      "markdownDescription": """
        Source ids from the course's `sources:` that this part's facts come from, e.g. `cites: [R31]`. Lint reports \
        unknown ids (E027).
        """,
      "anyOf": [B.ref("plainString"), ["type": "array", "items": B.ref("plainString")]],
    ],
    "tolerance": [
      "description": """
        How far an answer may be from the expected value: a number (0.05 = ±0.05) or a percentage of the expected \
        value ('1%'). A quoted number without % is text (E012).
        """,
      "markdownDescription": """
        How far an answer may be off: a number (`0.05` means ±0.05) or a percentage of the expected value (`"1%"`). \
        A quoted number without `%` is text (E012).
        """,
      "anyOf": [["type": "number", "minimum": 0], ["type": "string", "pattern": .string(toleranceString)]],
    ],
    "numberOrPercent": [
      "description": "A number. With `percent: true` (and only then, E012) you may also write it as '30%'.",
      "anyOf": [["type": "number"], ["type": "string", "pattern": .string(percentString)]],
    ],
  ]

  // MARK: Mappings

  /// An entry of `sources:`.
  public static let source = FormatObject(
    "source",
    keys: [
      FormatKey("id", B.ref("identifier", "Short key that questions cite, e.g. R31. Must be unique."), required: true),
      FormatKey("title", B.ref("plainString", "Title or short description of the source."), required: true),
      FormatKey("url", B.ref("plainString", "Where to find it, if it is public.")),
      FormatKey("note", B.ref("plainString", "Caveats, e.g. 'practitioner advice, not a rule'.")),
    ],
    ["description": "A source the course's facts come from."])

  /// `policy:` of the course or of a lesson.
  public static let policy = FormatObject(
    "policy",
    keys: [
      FormatKey(
        "skip", B.ref("bool", "Whether learners may type :skip to skip a question. Default: true.", ["default": true])),
      FormatKey(
        "attempts",
        [
          "description":
            "Tries per question, 0 to 100; 0 means unlimited (true/false questions always have one). Default: 2.",
          "type": "integer", "minimum": 0, "maximum": 100, "default": 2,
        ]),
      FormatKey(
        "hint_penalty",
        [
          "description":
            "Share of a question's score lost for each hint used, 0 to 1 (0.1 = 10%). Default: 0 (hints are free).",
          "type": "number", "minimum": 0, "maximum": 1, "default": 0,
        ]),
      FormatKey(
        "retry_penalty",
        [
          "description": """
            Share of a question's score lost for each wrong try before the one that counts, 0 to 1 (0.3: right on the \
            second try = 70%). Default: 0.
            """,
          "type": "number", "minimum": 0, "maximum": 1, "default": 0,
        ]),
      FormatKey(
        "shuffle",
        B.ref(
          "bool",
          "Whether choice options are shuffled for each learner (a question's own `shuffle:` wins). Default: true.",
          ["default": true])),
      FormatKey(
        "pass_score",
        [
          "description": "Score a lesson needs to count as passed, 0 to 1 (0.6 = 60%). Default: 0.6.",
          "type": "number", "minimum": 0, "maximum": 1, "default": 0.6,
        ]),
    ],
    ["description": "Rules for learners. Every key is optional."])

  /// A narrative step (`- text: …`).
  public static let narrative = FormatObject(
    "narrative",
    keys: [
      FormatKey("text", B.ref("localized", "What the learner reads."), required: true),
      FormatKey("cites", B.ref("cites")),
    ],
    [
      "title": "Narrative step",
      "description": "A narrative step: text the learner reads before pressing Enter.",
    ])

  /// A step as the schema first sees it, before `kind:` (or `text:`) decides which mapping it is:
  /// a live scenario, a question or a narrative step. Open: the chosen mapping checks the keys.
  public static let step = FormatObject(
    "step",
    keys: [
      FormatKey("text", B.ref("localized", "Narrative: what the learner reads. (A step with text: is narrative.)")),
      FormatKey("id", questionID),
      FormatKey(
        "kind",
        B.desc(
          ["enum": B.strings(kindNames + ["live"])],
          """
          Question kind (choice, truefalse, short, number, calc, order, match, listing, pitch), or live for a \
          simulated live-selling session.
          """,
          md: kindMarkdown + "\n- `live` a simulated live-selling session (not a question)")),
      FormatKey("prompt", questionPrompt),
      FormatKey("cites", B.ref("cites")),
      FormatKey("include", SharedBank.includeStep.keys[0].schema),
    ],
    closed: false,
    [
      "description":
        "A step: narrative (`text:`), a question (`kind:`), a live scenario (`kind: live`), or a question bank's questions (`include:`).",
      "markdownDescription": """
        A step. Narrative:

        ```yaml
        - text: {zh: …, en: …}
        ```

        or a question:

        ```yaml
        - id: margin-choice
          kind: choice
          prompt: …
        ```

        or a live scenario (`kind: live`), or the questions of a bank file:

        ```yaml
        - include: banks/pricing.yaml
        ```
        """,
      "if": ["required": ["kind"], "properties": ["kind": ["const": "live"]]],
      "then": B.ref("live"),
      "else": [
        "if": ["anyOf": [["required": ["kind"]], ["required": ["prompt"]], ["required": ["id"]]]],
        "then": B.ref("question"),
        "else": [
          "if": ["required": ["include"]],
          "then": SharedBank.includeStep.schema,
          "else": B.ref("narrative"),
        ],
      ],
      "defaultSnippets": stepSnippets,
    ])

  /// The snippets an editor offers for a new step.
  static let stepSnippets: JSONValue = [
    [
      "label": "narrative", "description": "Text the learner reads",
      "body": ["text": ["zh": "$1", "en": "$2"]],
    ],
    [
      "label": "choice question", "description": "Pick one option (or several)",
      "body": [
        "id": "$1", "kind": "choice", "prompt": ["zh": "$2", "en": "$3"],
        "options": [["text": "$4", "correct": true], ["text": "$5"], ["text": "$6"]],
        "explanation": ["zh": "$7", "en": "$8"],
      ],
    ],
    [
      "label": "truefalse question",
      "body": [
        "id": "$1", "kind": "truefalse", "prompt": ["zh": "$2", "en": "$3"],
        "answer": false, "explanation": ["zh": "$4", "en": "$5"],
      ],
    ],
    [
      "label": "short question",
      "body": [
        "id": "$1", "kind": "short", "prompt": ["zh": "$2", "en": "$3"],
        "answer": "$4", "explanation": ["zh": "$5", "en": "$6"],
      ],
    ],
    [
      "label": "number question",
      "body": [
        "id": "$1", "kind": "number", "prompt": ["zh": "$2", "en": "$3"],
        "answer": 0, "unit": "元", "explanation": ["zh": "$4", "en": "$5"],
      ],
    ],
    [
      "label": "calc question",
      "body": [
        "id": "$1", "kind": "calc", "prompt": ["zh": "$2 {cost}", "en": "$3 {cost}"],
        "vars": ["cost": ["min": 20, "max": 40, "step": 0.5]],
        "formula": "cost", "decimals": 1, "unit": "元",
        "explanation": ["zh": "$4", "en": "$5"],
      ],
    ],
    [
      "label": "order question",
      "body": [
        "id": "$1", "kind": "order", "prompt": ["zh": "$2", "en": "$3"],
        "items": ["$4", "$5", "$6"], "explanation": ["zh": "$7", "en": "$8"],
      ],
    ],
    [
      "label": "match question",
      "body": [
        "id": "$1", "kind": "match", "prompt": ["zh": "$2", "en": "$3"],
        "pairs": [["left": "$4", "right": "$5"], ["left": "$6", "right": "$7"]],
        "explanation": ["zh": "$8", "en": "$9"],
      ],
    ],
    [
      "label": "listing question",
      "body": [
        "id": "$1", "kind": "listing", "prompt": ["zh": "$2", "en": "$3"],
        "max_bytes": 60, "keywords": ["$4"], "model_answer": "$5",
        "explanation": ["zh": "$6", "en": "$7"],
      ],
    ],
    [
      "label": "pitch question",
      "body": [
        "id": "$1", "kind": "pitch", "prompt": ["zh": "$2", "en": "$3"],
        "concepts": [["id": "$4", "cues": ["$5"]]], "model_answer": "$6",
        "explanation": ["zh": "$7", "en": "$8"],
      ],
    ],
    [
      "label": "live scenario", "description": "A simulated live-selling session",
      "body": [
        "id": "$1", "kind": "live", "title": ["zh": "$2", "en": "$3"], "minutes": 10,
        "products": [
          [
            "id": "$4", "name": ["zh": "$5", "en": "$6"], "price": 10, "stock": 100,
            "origin": ["zh": "$7", "en": "$8"],
          ]
        ],
        "topics": [
          [
            "id": "greeting", "stage": "opening", "label": ["zh": "问候", "en": "Greeting"],
            "cues": ["zh": ["大家好"], "en": ["hello"]],
          ]
        ],
      ],
    ],
  ]

  /// An entry of `lessons:`.
  public static let lesson = FormatObject(
    "lesson",
    keys: [
      FormatKey("id", B.ref("identifier", "Lesson id, unique in the course, e.g. pricing."), required: true),
      FormatKey("title", B.ref("localized", "Lesson title."), required: true),
      FormatKey(
        "steps",
        B.desc(
          ["type": "array", "minItems": 1, "items": B.ref("step")],
          "The steps in order: narrative (- text: …), questions (- kind: …) or live scenarios (- kind: live).",
          md: """
            The steps in order. Each is narrative (`- text: …`), a question (`- id: …` with `kind: …`) or a live \
            scenario (`kind: live`).
            """),
        required: true),
      FormatKey("cites", B.ref("cites")),
      FormatKey(
        "policy",
        B.ref(
          "policy",
          """
          This lesson's own rules, over the course's policy key by key: e.g. `policy: {pass_score: 0.8, attempts: 1}`.
          """)),
      FormatKey(
        "draw",
        B.desc(
          ["type": "integer", "minimum": 1, "maximum": 10000],
          """
          A pool: each learner gets this many of the lesson's questions, drawn per learner (text and live steps are \
          always shown). At most the number of questions.
          """)),
    ],
    [
      "title": "Lesson",
      "description": "A lesson: a title and its steps, in order.",
    ])

  // MARK: The file

  /// The course file itself.
  public static let root = FormatObject(
    "course",
    keys: [
      FormatKey(
        "format",
        ["description": "Course format version. Only 1 exists. Default: 1.", "enum": [1], "default": 1]),
      FormatKey(
        "id",
        B.ref(
          "identifier",
          "Course id, e.g. pricing-basics. Progress and transcripts use it, so do not change it later."),
        required: true),
      FormatKey(
        "version",
        B.desc(
          ["type": ["string", "number"], "minLength": 1],
          "Your version of the course, e.g. 1.0.0. Not empty. Change it when you change the course."),
        required: true),
      FormatKey("title", B.ref("localized", "Course title."), required: true),
      FormatKey(
        "description",
        B.ref("localized", "One or two sentences: what the course teaches and to whom. Optional.")),
      FormatKey(
        "languages",
        B.desc(
          [
            "anyOf": [
              B.ref("languageCode"),
              ["type": "array", "minItems": 1, "uniqueItems": true, "items": B.ref("languageCode")],
            ]
          ],
          "The languages the course is written in, main language first, e.g. [zh, en].",
          md: """
            The languages the course is written in, **main language first**: `languages: [zh, en]`. Every `{zh: …, \
            en: …}` text may only use these codes (E015) and should have all of them (W001).
            """),
        required: true),
      FormatKey(
        "sources",
        B.desc(
          ["type": "array", "items": B.ref("source")],
          "Where the course's facts come from. Questions and steps cite them with cites: [id].",
          md: """
            Where the facts come from:

            ```yaml
            sources:
              - id: R31
                title: Gross margin vs markup
                url: https://…
            ```

            Cite them with `cites: [R31]`.
            """)),
      FormatKey(
        "policy",
        B.ref("policy", "Rules for learners: skip, attempts, hint_penalty, retry_penalty, shuffle, pass_score.")),
      FormatKey(
        "lexicons",
        B.ref(
          "lexiconNames",
          """
          Lexicons checked in every listing and pitch answer, e.g. [absolute-terms]. Bazaar looks for \
          lexicon/NAME.yaml beside the course and in the folders above.
          """)),
      FormatKey(
        "lessons",
        B.desc(["type": "array", "minItems": 1, "items": B.ref("lesson")], "The lessons, in order. At least one."),
        required: true),
    ],
    [
      "$schema": "http://json-schema.org/draft-07/schema#",
      "title": "Bazaar course",
      "description": "A Bazaar course file. Reference: docs/course-format.md. Check it with: bazaar lint FILE",
    ])

  /// Every mapping that has a name under `definitions`, in the order the reference describes them.
  public static var objects: [FormatObject] {
    [source, policy, narrative, shortAnswer, numberAnswer, matchPair, concept, question]
      + questionKinds.map(\.object)
      + [
        liveShipping, liveReturns, liveProduct, liveAudience, liveEvent, livePromotion, liveTopic, liveRubric,
        pitchFacts, live, step, lesson,
      ]
  }

  /// Every mapping of a course file, named or inline: the keys a course may use anywhere.
  public static var allObjects: [FormatObject] {
    objects + [root, choiceOption, wrongFormula, calcVariableObject, bannedWordObject, livePersonas]
  }

  /// Everything under `definitions`, by name.
  static var definitions: [String: JSONValue] {
    var d = commonDefinitions
    for (name, schema) in courseDefinitions { d[name] = schema }
    d["calcVariable"] = calcVariable
    d["bannedWord"] = bannedWord
    for o in objects { d[o.name] = o.schema }
    return d
  }

  public static var schema: JSONValue {
    root.schema.merging(["definitions": .object(definitions)])
  }
}
