/// A simulated live-selling session: a step of kind `live` in a course.
///
/// The scenario holds everything the simulation needs: the products and their true facts (so a
/// stated price or a shipping promise can be checked), the audience, scripted viewer events,
/// promotions the host may run, the topics the host is expected to cover, and the rubric weights.
/// See docs/course-format.md, "Live scenarios".
public struct LiveScenario: Sendable {
  /// Stable id, unique among the course's questions and scenarios (`bazaar live COURSE --scenario ID`).
  public var id: String
  /// Title shown when the session starts.
  public var title: Localized
  /// What the trainee is told before going live (the situation, what to sell).
  public var brief: Localized?
  /// Simulated length of the session, in whole seconds (written as `minutes:` in the file).
  public var durationSeconds: Int
  /// The simulation's seed: every trainee faces the same room unless the course changes it.
  public var seed: UInt64
  /// The products on the shelf. The first is presented until the host names another, and is the
  /// product of events and promotions that name none.
  public var products: [LiveProduct]
  /// How many viewers come, who they are, how patient they are.
  public var audience: LiveAudience
  /// Viewer events the author scripted at given times.
  public var events: [ScriptedViewerEvent]
  /// Extra random chatter (in addition to Bazaar's built-in lines).
  public var chatter: [Localized]
  /// Promotions the host may start with `:promo ID`.
  public var promotions: [LivePromotion]
  /// What the host is expected to say, with cue words, by stage.
  public var topics: [LiveTopic]
  /// Weights of the score's dimensions (points out of the total of all weights, scaled to 100).
  public var rubric: LiveRubric
  /// Lexicons checked on every host line (in addition to the course's `lexicons`).
  public var lexicons: [String]
  /// Source keys the scenario's facts come from.
  public var cites: [String]
  /// Where the scenario is declared.
  public var location: SourceLocation

  public init(
    id: String, title: Localized, brief: Localized? = nil, durationSeconds: Int, seed: UInt64,
    products: [LiveProduct], audience: LiveAudience = LiveAudience(), events: [ScriptedViewerEvent] = [],
    chatter: [Localized] = [], promotions: [LivePromotion] = [], topics: [LiveTopic],
    rubric: LiveRubric = LiveRubric(), lexicons: [String] = [], cites: [String] = [],
    location: SourceLocation = SourceLocation(path: "", line: 0, column: 0)
  ) {
    self.id = id
    self.title = title
    self.brief = brief
    self.durationSeconds = durationSeconds
    self.seed = seed
    self.products = products
    self.audience = audience
    self.events = events
    self.chatter = chatter
    self.promotions = promotions
    self.topics = topics
    self.rubric = rubric
    self.lexicons = lexicons
    self.cites = cites
    self.location = location
  }
}

/// A product in the live room, with the facts the host's words are checked against.
public struct LiveProduct: Sendable, Equatable {
  /// Stable id (`jujube-walnut-500g`).
  public var id: String
  /// The product's name as listed.
  public var name: Localized
  /// The price a buyer pays, in yuan.
  public var price: Double
  /// A crossed-out "original" price, if the listing shows one.
  public var originalPrice: Double?
  /// What the original price is based on (required with `original_price`), e.g. the lowest price
  /// of the 7 days before the promotion.
  public var originalPriceBasis: Localized?
  /// Units in stock at the start.
  public var stock: Int
  /// Where it comes from, as the host should say it.
  public var origin: Localized
  /// Words that count as naming the origin (`阿克苏`, `Aksu`); the origin text itself always counts.
  public var originCues: [String]
  /// Net weight or size (`500g`).
  public var weight: String?
  /// Shelf life (`12个月`).
  public var shelfLife: Localized?
  /// Shipping terms.
  public var shipping: ShippingTerms
  /// After-sales terms.
  public var returns: ReturnTerms
  /// Cue words that show the host is talking about this product (its name always counts).
  public var cues: [String]

  public init(
    id: String, name: Localized, price: Double, originalPrice: Double? = nil, originalPriceBasis: Localized? = nil,
    stock: Int, origin: Localized, originCues: [String] = [], weight: String? = nil, shelfLife: Localized? = nil,
    shipping: ShippingTerms = ShippingTerms(), returns: ReturnTerms = ReturnTerms(), cues: [String] = []
  ) {
    self.id = id
    self.name = name
    self.price = price
    self.originalPrice = originalPrice
    self.originalPriceBasis = originalPriceBasis
    self.stock = stock
    self.origin = origin
    self.originCues = originCues
    self.weight = weight
    self.shelfLife = shelfLife
    self.shipping = shipping
    self.returns = returns
    self.cues = cues
  }
}

/// How a product ships.
public struct ShippingTerms: Sendable, Equatable {
  /// Whether postage is free (to the regions not excluded).
  public var free: Bool
  /// Where parcels leave from (`阿克苏`).
  public var from: Localized?
  /// Dispatch time promised, in hours (48 = "发货 within 48 h").
  public var dispatchHours: Int?
  /// Delivery time to most of the country, in days (`[3, 5]`).
  public var deliveryDays: ClosedRange<Int>?
  /// Regions not covered by free shipping (or not delivered to), e.g. `[西藏, 青海]`.
  public var excluded: [String]
  /// Regions not delivered to at all (fresh fruit that would spoil on the way), e.g. `[西藏]`.
  /// A scripted viewer who asks about one of them never orders.
  public var noDelivery: [String] = []
  /// Free text the host may say about shipping.
  public var note: Localized?

  public init(
    free: Bool = false, from: Localized? = nil, dispatchHours: Int? = nil, deliveryDays: ClosedRange<Int>? = nil,
    excluded: [String] = [], note: Localized? = nil
  ) {
    self.free = free
    self.from = from
    self.dispatchHours = dispatchHours
    self.deliveryDays = deliveryDays
    self.excluded = excluded
    self.note = note
  }
}

/// After-sales terms.
public struct ReturnTerms: Sendable, Equatable {
  /// Whether 7-day no-reason return (七日无理由退货) applies; fresh and perishable goods can be exempt.
  public var sevenDay: Bool
  /// Free text (what happens with damaged goods, who pays return postage).
  public var note: Localized?

  public init(sevenDay: Bool = true, note: Localized? = nil) {
    self.sevenDay = sevenDay
    self.note = note
  }
}

/// The simulated audience.
public struct LiveAudience: Sendable {
  /// New viewers per simulated minute at the start (before the host's actions change it).
  public var arrivalsPerMinute: Double
  /// How long a viewer waits for an answer before leaving, in seconds.
  public var patienceSeconds: Int
  /// Share of each persona among random viewers (normalised; missing personas get 0).
  public var personas: [ViewerPersona: Double]
  /// Viewers already in the room when the session starts.
  public var initialViewers: Int

  public init(
    arrivalsPerMinute: Double = 6, patienceSeconds: Int = 45,
    personas: [ViewerPersona: Double] = [.bargainHunter: 0.3, .sceptic: 0.2, .giftBuyer: 0.2, .lurker: 0.3],
    initialViewers: Int = 3
  ) {
    self.arrivalsPerMinute = arrivalsPerMinute
    self.patienceSeconds = patienceSeconds
    self.personas = personas
    self.initialViewers = initialViewers
  }
}

/// A viewer's persona: what they ask about and what makes them buy.
public enum ViewerPersona: String, Sendable, CaseIterable, Hashable {
  /// Asks the price, waits for deals; buys on coupons and flash sales.
  case bargainHunter = "bargain_hunter"
  /// Asks whether it is really from where you say; buys when shown the product or its making.
  case sceptic
  /// Asks about shipping, packaging and shelf life; buys when the terms are clear.
  case giftBuyer = "gift_buyer"
  /// Watches, rarely speaks, leaves soon unless something happens.
  case lurker
}

/// What a viewer question is about; each has built-in cue words and a fact to check the answer against.
public enum QuestionTopic: String, Sendable, CaseIterable, Hashable {
  case price, shipping, origin, returns
  case shelfLife = "shelf_life"
  case weight, stock
}

/// A viewer event the author scripted.
public struct ScriptedViewerEvent: Sendable {
  /// When it happens, in seconds from the start (written `mm:ss` or a number of seconds).
  public var atSeconds: Int
  /// The viewer's nickname.
  public var viewer: String
  /// The viewer's persona (decides how they react to answers); default from `asks`.
  public var persona: ViewerPersona?
  /// What they say.
  public var text: Localized
  /// The question topic, when the comment asks something the host should answer.
  public var asks: QuestionTopic?
  /// Which product the question is about (default: the first).
  public var product: String?
  /// Where the event is declared.
  public var location: SourceLocation

  public init(
    atSeconds: Int, viewer: String, persona: ViewerPersona? = nil, text: Localized, asks: QuestionTopic? = nil,
    product: String? = nil, location: SourceLocation = SourceLocation(path: "", line: 0, column: 0)
  ) {
    self.atSeconds = atSeconds
    self.viewer = viewer
    self.persona = persona
    self.text = text
    self.asks = asks
    self.product = product
    self.location = location
  }
}

/// A promotion the host may start during the session with `:promo ID`.
public struct LivePromotion: Sendable {
  public enum Kind: Sendable, Equatable {
    /// A coupon taking `amount` yuan off, with an optional threshold (满 `threshold` 减 `amount`).
    case coupon(amount: Double, threshold: Double?)
    /// A flash sale (秒杀) at `price` with its own limited stock.
    case flashSale(price: Double, stock: Int)
  }
  /// Stable id (`coupon5`, `flash`).
  public var id: String
  /// Label shown to the host and viewers.
  public var label: Localized
  /// What it is.
  public var kind: Kind
  /// Which product it applies to (default: the first).
  public var product: String?
  /// How long it runs once started, in seconds.
  public var durationSeconds: Int

  public init(id: String, label: Localized, kind: Kind, product: String? = nil, durationSeconds: Int = 180) {
    self.id = id
    self.label = label
    self.kind = kind
    self.product = product
    self.durationSeconds = durationSeconds
  }
}

/// A stage of a live-selling script, as the contest scores it.
public enum LiveStage: String, Sendable, CaseIterable, Hashable {
  case opening, product, interaction, closing
}

/// Something the host is expected to say, with cue words per language.
public struct LiveTopic: Sendable {
  /// Stable id (`greeting`).
  public var id: String
  /// The script stage it belongs to.
  public var stage: LiveStage
  /// What it is (shown in feedback).
  public var label: Localized
  /// Cue words by language code (`""` for any language); any cue marks the topic covered.
  public var cues: [String: [String]]
  /// Weight within its stage.
  public var weight: Double
  /// Phrase families of the lexicons whose phrases count as cues too (`greeting`).
  public var families: [String] = []
  /// Where the topic is declared.
  public var location: SourceLocation

  public init(
    id: String, stage: LiveStage, label: Localized, cues: [String: [String]], weight: Double = 1,
    location: SourceLocation = SourceLocation(path: "", line: 0, column: 0)
  ) {
    self.id = id
    self.stage = stage
    self.label = label
    self.cues = cues
    self.weight = weight
    self.location = location
  }

  /// Every cue word, in every language.
  public var allCues: [String] { cues.keys.sorted().flatMap { cues[$0] ?? [] } }
}

/// Points per score dimension (the national contest's live-selling dimensions). They are scaled so
/// the total is 100.
public struct LiveRubric: Sendable, Equatable {
  public var opening: Double = 15
  public var product: Double = 25
  public var questions: Double = 25
  public var interaction: Double = 15
  public var compliance: Double = 10
  public var closing: Double = 10

  public init() {}

  /// Weight of `dimension`.
  public func weight(_ dimension: LiveDimension) -> Double {
    switch dimension {
    case .opening: opening
    case .product: product
    case .questions: questions
    case .interaction: interaction
    case .compliance: compliance
    case .closing: closing
    }
  }

  /// Sum of all weights.
  public var total: Double { LiveDimension.allCases.reduce(0) { $0 + weight($1) } }
}

/// A dimension of the live-selling score.
public enum LiveDimension: String, Sendable, CaseIterable, Hashable {
  case opening, product, questions, interaction, compliance, closing
}
