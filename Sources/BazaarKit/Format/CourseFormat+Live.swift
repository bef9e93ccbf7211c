import Foundation

/// The live scenarios of a course (`kind: live`, run with `bazaar live`), and a pitch question's
/// `facts:`, which are written like a scenario's product.
extension CourseFormat {
  // MARK: Lists (from the model's own enums, so they cannot differ)

  /// The kinds of viewer, in the reference's order.
  public static let personas = ViewerPersona.allCases.map(\.rawValue)
  /// What a scripted viewer may ask about (`asks:`).
  public static let questionTopics = QuestionTopic.allCases.map(\.rawValue)
  /// The script's stages (a topic's `stage:`).
  public static let stages = LiveStage.allCases.map(\.rawValue)
  /// The score dimensions and their default points (`rubric:`).
  public static let dimensions: [(name: String, points: Int)] = LiveDimension.allCases.map {
    ($0.rawValue, Int(LiveRubric().weight($0)))
  }
  /// The largest price, coupon or threshold, in yuan.
  static let maxMoney = Int(CourseLoader.liveMaxMoney)
  /// A time of the simulated clock: `mm:ss`, `h:mm:ss` or seconds.
  static let clock = #"^\s*(?:\d{1,4}:[0-5]\d|\d{1,4}:[0-5]\d:[0-5]\d|\d+)\s*$"#

  // MARK: Products

  /// A product's `shipping:`.
  public static let liveShipping = FormatObject(
    "liveShipping",
    keys: [
      FormatKey(
        "free",
        B.ref("bool", "Whether postage is free (to the regions not excluded). Default: false.", ["default": false])),
      FormatKey("from", B.ref("localized", "Where parcels leave from, e.g. {zh: 阿克苏, en: Aksu}.")),
      FormatKey(
        "dispatch_hours", B.integer("Hours from order to dispatch that the shop promises, 1 to 720, e.g. 48.", 1, 720)),
      FormatKey(
        "delivery_days",
        B.desc(
          [
            "anyOf": [
              ["type": "integer", "minimum": 1, "maximum": 60],
              [
                "type": "array", "minItems": 2, "maxItems": 2,
                "items": ["type": "integer", "minimum": 1, "maximum": 60],
              ],
            ]
          ],
          "Days to deliver to most of the country, 1 to 60: one number, or [fewest, most] such as [3, 5].",
          md: """
            Days to deliver to most of the country (1–60): one number, or `[fewest, most]` such as `[3, 5]`. The \
            first may not be above the second (E025).
            """)),
      FormatKey(
        "excluded",
        B.ref("stringList", "Regions not covered by free shipping (or not delivered to), e.g. [西藏, 青海].")),
      FormatKey(
        "no_delivery",
        B.ref(
          "stringList",
          """
          Regions not delivered to at all, e.g. [西藏] for fresh fruit; a scripted viewer asking about one never orders.
          """)),
      FormatKey("note", B.ref("localized", "Anything else the host may say about shipping.")),
    ],
    ["description": "How the product ships. Every key is optional."])

  /// A product's `returns:`.
  public static let liveReturns = FormatObject(
    "liveReturns",
    keys: [
      FormatKey(
        "seven_day",
        B.ref("bool", "Whether 7-day no-reason return (七日无理由退货) applies. Default: true.", ["default": true])),
      FormatKey("note", B.ref("localized", "What happens with damaged goods, who pays return postage…")),
    ],
    ["description": "After-sales terms. Every key is optional."])

  /// An entry of a scenario's `products:`.
  public static let liveProduct = FormatObject(
    "liveProduct",
    keys: [
      FormatKey("id", B.ref("identifier", "Product id, unique in the scenario, e.g. jujube-walnut."), required: true),
      FormatKey("name", B.ref("localized", "The product's name as listed."), required: true),
      FormatKey(
        "price", B.positive("The price a buyer pays, in yuan, above 0 and at most 10,000,000.", maximum: maxMoney),
        required: true),
      FormatKey(
        "original_price",
        B.positive(
          "A crossed-out 'original' price, above `price` (at most 10,000,000). Needs original_price_basis.",
          maximum: maxMoney)),
      FormatKey(
        "original_price_basis",
        B.ref(
          "localized",
          """
          What the original price is based on, e.g. the lowest price of the 7 days before the promotion. Required \
          with original_price (E035).
          """,
          md: """
            What the crossed-out price is based on, e.g. `{zh: 活动前7天最低成交价, en: lowest price of the 7 days before}`. \
            Required with `original_price` (E035, 《规范促销行为暂行规定》); without `original_price` lint warns (W011).
            """)),
      FormatKey("stock", B.integer("Units in stock at the start, 0 or more.", 0, 100_000_000), required: true),
      FormatKey("origin", B.ref("localized", "Where it comes from, as the host should say it."), required: true),
      FormatKey("origin_cues", B.ref("stringList", "Words that count as naming the origin, e.g. [阿克苏, Aksu].")),
      FormatKey("weight", B.ref("plainString", "Net weight or size, e.g. 500g.")),
      FormatKey("shelf_life", B.ref("localized", "Shelf life, e.g. {zh: 12个月, en: 12 months}.")),
      FormatKey(
        "cues",
        B.ref("stringList", "Words that show the host is talking about this product (its name always counts).")),
      FormatKey(
        "shipping",
        B.ref("liveShipping", "How it ships: free, from, dispatch_hours, delivery_days, excluded, note.")),
      FormatKey("returns", B.ref("liveReturns", "After-sales terms: seven_day, note.")),
    ],
    [
      "title": "Product",
      "description": "A product on the shelf, with the facts the host's words are checked against.",
      "dependencies": ["original_price": ["original_price_basis"]],
    ])

  /// A pitch question's `facts:`: a product written like a live scenario's (the same keys, in the
  /// same order), where only `name:` is required and only the terms written are checked
  /// (`CourseBuilder.liveProduct(asFacts: true)`, `Grader.factNotes`).
  public static let pitchFacts = FormatObject(
    "pitchFacts",
    keys: liveProduct.keys.map { key in
      FormatKey(key.name, factsSchemas[key.name] ?? key.schema, required: key.name == "name")
    },
    [
      "title": "Facts",
      "description": """
        The product a pitch answer talks about, written like a live scenario's product: only name: is required, and \
        only the terms written are checked.
        """,
      "markdownDescription": """
        The product the answer talks about, with the terms the prompt gives the learner. Written like a live \
        scenario's product, but only `name:` is required, and **only the terms you write are checked**:

        ```yaml
        facts:
          name: {zh: 库车枣夹核桃, en: Kuqa jujubes with walnut}
          price: 44.9
          shipping: {free: true, excluded: [西藏, 青海, 海南]}
          returns: {seven_day: true}
        ```
        """,
      "dependencies": ["original_price": ["original_price_basis"]],
    ])

  /// The keys of `facts:` whose schema (description) differs from the product's.
  static let factsSchemas: [String: JSONValue] = [
    "id": B.ref("identifier", "Not needed: the product of facts: needs no id (ignored)."),
    "price": B.positive(
      """
      The price a buyer pays, in yuan, above 0 and at most 10,000,000. Written: every price the answer states is \
      checked (a wrong price, a made-up original price). Write it whenever you write original_price.
      """, maximum: maxMoney),
    "original_price": B.positive(
      """
      A crossed-out 'original' price, above `price` (at most 10,000,000). Needs original_price_basis. An original \
      price the answer states is checked against it.
      """, maximum: maxMoney),
    "stock": B.integer("Units in stock. Written: 'only N left' claims are checked against it.", 0, 100_000_000),
    "origin": B.ref("localized", "Where it comes from (not checked; for your reference)."),
    "shipping": B.ref(
      "liveShipping",
      """
      How it ships. Only the keys written are checked: free (包邮, 全国包邮, free shipping to an excluded region), \
      delivery_days (明天就到), dispatch_hours (当天发).
      """),
    "returns": B.ref(
      "liveReturns",
      "After-sales terms. Written: 七天无理由 is checked when seven_day is false, 不支持退货 when it is true (the default)."),
  ]

  // MARK: The room

  /// A scenario's `audience:`.
  public static let liveAudience = FormatObject(
    "liveAudience",
    keys: [
      FormatKey(
        "arrivals_per_minute",
        [
          "description": "New viewers per simulated minute, 0 to 1000. Default: 6.",
          "type": "number", "minimum": 0, "maximum": 1000, "default": 6,
        ]),
      FormatKey(
        "patience_seconds",
        B.integer(
          "How long a viewer waits for an answer before leaving, 5 to 600 seconds. Default: 45.", 5, 600,
          ["default": 45])),
      FormatKey(
        "initial_viewers",
        B.integer("Viewers already in the room at the start, 0 to 10000. Default: 3.", 0, 10000, ["default": 3])),
      FormatKey(
        "personas",
        B.desc(
          livePersonas.schema,
          """
          Share of each kind of viewer, e.g. {bargain_hunter: 0.3, sceptic: 0.2, gift_buyer: 0.2, lurker: 0.3}. \
          Personas not listed get 0; not all 0 (E018).
          """,
          md: """
            Share of each kind of viewer (shares are normalised; personas not listed get 0; not all 0, E018):

            - `bargain_hunter` asks the price, buys on coupons and flash sales
            - `sceptic` asks where it is really from
            - `gift_buyer` asks about shipping, packaging and shelf life
            - `lurker` watches and leaves soon unless something happens

            Default: `{bargain_hunter: 0.3, sceptic: 0.2, gift_buyer: 0.2, lurker: 0.3}`.
            """)),
    ],
    ["description": "Who comes into the room. Every key is optional."])

  /// An audience's `personas:`: a share for each persona.
  public static let livePersonas = FormatObject(
    "livePersonas",
    keys: personas.map { FormatKey($0, ["type": "number", "minimum": 0, "maximum": 1000]) },
    [
      "minProperties": 1,
      // Not every share 0 (E018): one persona above 0.
      "anyOf": .array(personas.map { ["required": [.string($0)], "properties": [$0: ["exclusiveMinimum": 0]]] }),
    ])

  /// An entry of a scenario's `events:`: a scripted viewer comment.
  public static let liveEvent = FormatObject(
    "liveEvent",
    keys: [
      FormatKey(
        "at",
        B.desc(
          ["anyOf": [["type": "integer", "minimum": 0], ["type": "string", "pattern": .string(clock)]]],
          "When, in simulated time: \"mm:ss\" (or \"h:mm:ss\"), or a number of seconds. Before the end of the session.",
          md: """
            When it happens, in **simulated** time from the start: `\"01:30\"` (minutes:seconds), `\"1:05:00\"`, or a \
            number of seconds (`90`). Must be before the end (E025).
            """),
        required: true),
      FormatKey("viewer", B.ref("plainString", "The viewer's nickname, e.g. 阿依古丽."), required: true),
      FormatKey(
        "persona",
        B.desc(["enum": B.strings(personas)], "The viewer's persona: bargain_hunter, sceptic, gift_buyer or lurker.")),
      FormatKey(
        "asks",
        B.desc(
          ["enum": B.strings(questionTopics)],
          """
          What the comment asks, if it is a question the host should answer: price, shipping, origin, returns, \
          shelf_life, weight or stock.
          """)),
      FormatKey(
        "product",
        B.ref("identifier", "Which product it is about (an id from products:). Default: the first product.")),
      FormatKey("text", B.ref("localized", "What the viewer says."), required: true),
    ],
    [
      "title": "Scripted viewer event",
      "description": "Something a viewer says at a given time.",
    ])

  /// An entry of `promotions:` (a scenario's, or a pitch question's).
  public static let livePromotion = FormatObject(
    "livePromotion",
    keys: [
      FormatKey(
        "id", B.ref("identifier", "Promotion id, unique in the scenario; the host types :promo ID."), required: true),
      FormatKey(
        "label",
        B.ref("localized", "What the host and viewers see, e.g. {zh: 5元无门槛券, en: 5-yuan coupon}."),
        required: true),
      FormatKey(
        "kind",
        B.desc(
          ["enum": B.strings(CourseLoader.promotionKinds)],
          "coupon (amount off, optional threshold) or flash_sale (a lower price with its own limited stock)."),
        required: true),
      FormatKey(
        "amount", B.positive("Coupon: yuan off, above 0 and below the product's price.", maximum: maxMoney)),
      FormatKey(
        "threshold",
        B.positive(
          """
          Coupon: the least a buyer must spend (满 threshold 减 amount); above amount, at most 10,000,000. Default: \
          none.
          """,
          maximum: maxMoney)),
      FormatKey(
        "price", B.positive("Flash sale: the sale price, above 0 and below the product's price.", maximum: maxMoney)),
      FormatKey("stock", B.integer("Flash sale: units at the sale price, 1 or more.", 1, 100_000_000)),
      FormatKey(
        "minutes",
        B.positive(
          "How long it runs once started, in simulated minutes, at most 240. Default: 3.", maximum: 240,
          ["default": 3])),
      FormatKey(
        "product",
        B.ref("identifier", "Which product it applies to (an id from products:). Default: the first product.")),
    ],
    [
      "title": "Promotion",
      "description": "A promotion the host may start with :promo ID during the session.",
      "allOf": [
        [
          "if": ["required": ["kind"], "properties": ["kind": ["const": "coupon"]]],
          "then": ["required": ["amount"], "not": ["anyOf": [["required": ["price"]], ["required": ["stock"]]]]],
        ],
        [
          "if": ["required": ["kind"], "properties": ["kind": ["const": "flash_sale"]]],
          "then": [
            "required": ["price", "stock"], "not": ["anyOf": [["required": ["amount"]], ["required": ["threshold"]]]],
          ],
        ],
      ],
    ])

  // MARK: The script

  /// An entry of a scenario's `topics:`: something the host is expected to say.
  public static let liveTopic = FormatObject(
    "liveTopic",
    keys: [
      FormatKey("id", B.ref("identifier", "Topic id, unique in the scenario."), required: true),
      FormatKey(
        "stage",
        B.desc(["enum": B.strings(stages)], "The script stage: opening, product, interaction or closing."),
        required: true),
      FormatKey("label", B.ref("localized", "What the topic is (shown in feedback)."), required: true),
      FormatKey(
        "cues",
        B.desc(
          cueWords,
          """
          Words that show the host covered the topic: a list, or one list per language {zh: […], en: […]}. Any one is \
          enough; at least one (E013).
          """,
          md: """
            Words that show the host covered the topic; any one is enough, in a clause that says something, and there \
            must be one (E013). A list, or one list per language:

            ```yaml
            cues:
              zh: [大家好, 欢迎]
              en: [hello, welcome]
            ```

            A cue that a lexicon flags is an error (E037). Needed unless `families:` is given.
            """)),
      FormatKey(
        "families",
        B.ref(
          "familyNames",
          """
          Phrase families of the scenario's or the course's lexicons whose phrases count as cues too, e.g. \
          [greeting]; [refusal]: refusing a health claim covers the topic. E042 for an unknown family.
          """)),
      FormatKey(
        "weight",
        B.positive(
          "How much the topic counts within its stage, above 0 and at most 100. Default: 1.", maximum: 100,
          ["default": 1])),
    ],
    [
      "title": "Topic",
      "description": "Something the host is expected to say, with cue words or phrase families.",
      "anyOf": [["required": ["cues"]], ["required": ["families"]]],
    ])

  /// A scenario's `rubric:`: points per score dimension.
  public static let liveRubric = FormatObject(
    "liveRubric",
    keys: dimensions.map { d in
      FormatKey(d.name, ["type": "number", "minimum": 0, "maximum": 1000, "default": .int(d.points)])
    },
    [
      "description": """
        Points per score dimension (scaled so the total is 100). Dimensions not listed keep their defaults: opening \
        15, product 25, questions 25, interaction 15, compliance 10, closing 10. Not all six 0 (E018).
        """,
      "not": [
        "required": B.strings(dimensions.map(\.name)),
        "properties": .object(Dictionary(uniqueKeysWithValues: dimensions.map { ($0.name, ["maximum": 0]) })),
      ],
    ])

  // MARK: The scenario

  /// A live scenario: a step with `kind: live`.
  public static let live = FormatObject(
    "live",
    keys: [
      FormatKey("kind", B.desc(["const": "live"], "live: a simulated live-selling session."), required: true),
      FormatKey(
        "id", B.ref("identifier", "Scenario id, unique among the course's questions and scenarios."), required: true),
      FormatKey("title", B.ref("localized", "Shown when the session starts."), required: true),
      FormatKey(
        "brief", B.ref("localized", "What the trainee is told before going live: the situation and the facts.")),
      FormatKey(
        "minutes",
        [
          "description": "Simulated length of the session, 1 to 240 minutes (decimals allowed).",
          "type": "number", "minimum": 1, "maximum": 240,
        ],
        required: true),
      FormatKey(
        "seed",
        B.integer(
          "The simulation's seed, 0 to 2^53. Default: derived from the id, so every trainee faces the same room.", 0,
          9_007_199_254_740_992)),
      FormatKey("cites", B.ref("cites")),
      FormatKey(
        "lexicons", B.ref("lexiconNames", "Lexicons checked on every host line, added to the course's lexicons:.")),
      FormatKey(
        "products",
        B.desc(
          ["type": "array", "minItems": 1, "items": B.ref("liveProduct")],
          "The products on the shelf, at least one; the first is the main product."),
        required: true),
      FormatKey(
        "audience",
        B.ref("liveAudience", "Who comes: arrivals_per_minute, patience_seconds, initial_viewers, personas.")),
      FormatKey(
        "events",
        B.desc(
          ["type": "array", "items": B.ref("liveEvent")], "Viewer comments and questions scripted at given times.")),
      FormatKey(
        "chatter",
        B.desc(
          ["type": "array", "items": B.ref("localized")],
          "Extra random chatter lines, added to Bazaar's built-in ones.")),
      FormatKey(
        "promotions",
        B.desc(["type": "array", "items": B.ref("livePromotion")], "Promotions the host may start with :promo ID.")),
      FormatKey(
        "topics",
        B.desc(
          ["type": "array", "minItems": 1, "items": B.ref("liveTopic")],
          "What the host is expected to say, by stage, with cue words. At least one."),
        required: true),
      FormatKey(
        "rubric",
        B.ref(
          "liveRubric", "Points per score dimension: opening, product, questions, interaction, compliance, closing.")),
    ],
    [
      "title": "Live scenario",
      "description":
        "A simulated live-selling session (kind: live). Run it with `bazaar live`; see `bazaar live --help`.",
    ])
}
