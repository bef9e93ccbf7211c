/// What a line says about shipping, region by region: `广东上海都包邮，西藏、青海、海南不发货` is
/// free shipping to Guangdong and Shanghai and no delivery to Tibet, Qinghai and Hainan — not
/// "free shipping everywhere". Judged against a product's real terms by ``verdict(for:terms:)``.
public struct ShippingStatement: Sendable, Equatable {
  /// Regions said to ship free (canonical names, see ``Regions``).
  public var free: [String] = []
  /// Regions said not to be delivered to.
  public var noDelivery: [String] = []
  /// Regions said to pay postage or a surcharge, or excepted from a free-shipping claim.
  public var notFree: [String] = []
  /// "Remote regions" named as excluded (偏远地区不包邮): stands for the product's excluded ones.
  public var remoteExcluded = false
  /// A free-shipping claim with no region: `包邮`; `universal` when it says everywhere (全国包邮).
  public var genericFree: String?
  public var universal = false
  /// "Not free" with no region.
  public var genericNotFree = false
  /// "Not free everywhere" (不是全国包邮): true whenever some region pays.
  public var notEverywhere = false
  /// The clause that names regions, for "read as" feedback.
  public var qualifiedClause: String?

  /// Whether the line names any region with a shipping term.
  public var isQualified: Bool { !free.isEmpty || !noDelivery.isEmpty || !notFree.isEmpty || remoteExcluded || notEverywhere }
  /// Whether it claims free shipping at all.
  public var claimsFree: Bool { genericFree != nil || !free.isEmpty }

  /// Whether the statement, for a viewer in `region` (canonical; nil when unknown), is right
  /// under `terms`; nil when it says nothing that applies.
  public func verdict(for region: String?, terms: ShippingTerms) -> AnswerVerdict? {
    let excluded = Set(terms.excluded.compactMap(Regions.canonical))
    // Only the regions the terms say are not served: an excluded region may still be served for
    // a surcharge (the Kuqa room's Tibet pays 10 yuan).
    let undeliverable = Set(terms.noDelivery.compactMap(Regions.canonical))
    if let region {
      if free.contains(region) { return terms.free && !excluded.contains(region) ? .correct : .wrong }
      if noDelivery.contains(region) { return undeliverable.contains(region) ? .correct : .wrong }
      if notFree.contains(region) { return excluded.contains(region) || !terms.free ? .correct : .wrong }
      if remoteExcluded && excluded.contains(region) { return .correct }
      if genericFree != nil {
        // The host named some exceptions and not this region: "others ship free" applies to it.
        return terms.free && !excluded.contains(region) ? .correct : .wrong
      }
      if genericNotFree { return terms.free && !excluded.contains(region) ? .wrong : .correct }
      if notEverywhere { return !terms.free || !excluded.isEmpty ? .correct : .wrong }
      return nil
    }
    let namedExceptions = !notFree.isEmpty || !noDelivery.isEmpty || remoteExcluded
    if genericFree != nil {
      // "Free everywhere" with regions excluded and none named is wrong for a viewer we cannot place.
      if universal && !excluded.isEmpty && !namedExceptions { return .wrong }
      return terms.free ? .correct : .wrong
    }
    if genericNotFree { return terms.free ? .wrong : .correct }
    if notEverywhere { return !terms.free || !excluded.isEmpty ? .correct : .wrong }
    return isQualified ? .correct : nil
  }
}

/// China's provincial regions with the names people use for them (Chinese, English, and the
/// capitals and big cities viewers name themselves after), for reading shipping statements and
/// where a viewer asks from.
public enum Regions {
  /// Canonical name, then aliases.
  static let table: [(String, [String])] = [
    ("北京", ["北京", "beijing"]), ("天津", ["天津", "tianjin"]), ("上海", ["上海", "shanghai"]), ("重庆", ["重庆", "chongqing"]),
    ("河北", ["河北", "石家庄", "hebei"]), ("山西", ["山西", "太原", "shanxi"]), ("辽宁", ["辽宁", "沈阳", "大连", "liaoning"]),
    ("吉林", ["吉林", "长春", "jilin"]), ("黑龙江", ["黑龙江", "哈尔滨", "heilongjiang"]),
    ("江苏", ["江苏", "南京", "苏州", "jiangsu"]), ("浙江", ["浙江", "杭州", "宁波", "zhejiang"]),
    ("安徽", ["安徽", "合肥", "anhui"]), ("福建", ["福建", "福州", "厦门", "fujian"]), ("江西", ["江西", "南昌", "jiangxi"]),
    ("山东", ["山东", "济南", "青岛", "shandong"]), ("河南", ["河南", "郑州", "henan"]), ("湖北", ["湖北", "武汉", "hubei"]),
    ("湖南", ["湖南", "长沙", "hunan"]), ("广东", ["广东", "广州", "深圳", "东莞", "佛山", "guangdong", "guangzhou", "shenzhen"]),
    ("海南", ["海南", "海口", "三亚", "hainan"]), ("四川", ["四川", "成都", "sichuan", "chengdu"]),
    ("贵州", ["贵州", "贵阳", "guizhou"]), ("云南", ["云南", "昆明", "yunnan"]), ("陕西", ["陕西", "西安", "shaanxi"]),
    ("甘肃", ["甘肃", "兰州", "gansu"]), ("青海", ["青海", "西宁", "qinghai"]), ("台湾", ["台湾", "taiwan"]),
    ("内蒙古", ["内蒙古", "内蒙", "呼和浩特", "inner mongolia"]), ("广西", ["广西", "南宁", "guangxi"]),
    ("西藏", ["西藏", "拉萨", "藏区", "tibet", "xizang", "lhasa"]), ("宁夏", ["宁夏", "银川", "ningxia"]),
    ("新疆", ["新疆", "乌鲁木齐", "xinjiang", "urumqi"]), ("香港", ["香港", "hong kong"]), ("澳门", ["澳门", "macau", "macao"]),
  ]
  /// Names that stand for several regions.
  static let groups: [(String, [String])] = [
    ("港澳台", ["香港", "澳门", "台湾"]), ("江浙沪", ["江苏", "浙江", "上海"]),
    ("hong kong, macau and taiwan", ["香港", "澳门", "台湾"]),
  ]
  /// Words for "remote regions".
  static let remote = ["偏远地区", "偏远", "边远地区", "remote areas", "remote regions", "remote"]

  private static let matcher: TermMatcher = TermMatcher(
    terms: table.flatMap { $0.1.map { ($0, []) } } + groups.map { ($0.0, []) }, exemptions: ["新疆发货", "从新疆", "新疆的"])
  private static let owners: [[String]] = table.flatMap { entry in entry.1.map { _ in [entry.0] } } + groups.map(\.1)

  /// The canonical region a name stands for (`拉萨` → `西藏`), or nil.
  public static func canonical(_ name: String) -> String? {
    byAlias[TextNormalizer.normalize(name)]
  }

  /// Every alias (normalised) → its canonical region.
  private static let byAlias: [String: String] = {
    var map: [String: String] = [:]
    for (canonical, aliases) in table {
      map[canonical] = canonical
      for a in aliases { map[TextNormalizer.normalize(a)] = canonical }
    }
    return map
  }()

  /// The regions named in normalised `hay`, with where: each canonical region once per mention.
  static func mentions(in hay: [UInt32]) -> [(offset: Int, end: Int, regions: [String])] {
    let all = matcher.find(inNormalized: hay).compactMap { f -> (offset: Int, end: Int, regions: [String])? in
      guard owners.indices.contains(f.term) else { return nil }
      return (f.offset, f.offset + f.length, owners[f.term])
    }
    // One mention per place: 内蒙古 is not also 内蒙.
    return all.filter { m in
      !all.contains { o in (o.offset != m.offset || o.end != m.end) && o.offset <= m.offset && m.end <= o.end }
    }
  }

  /// The first region named in `texts` (a viewer's question, then their name), or nil.
  public static func named(in texts: [String]) -> String? {
    for t in texts {
      if let m = mentions(in: TermMatcher.scalars(t)).first, let r = m.regions.first { return r }
    }
    return nil
  }
}

extension ShippingStatement {
  /// Predicates, each a list of patterns.
  static let freeWords = [
    "包邮", "免运费", "免邮", "运费全免", "不要运费", "不收运费", "free shipping", "ship(s|) free", "free delivery", "shipping is free",
    "no shipping fee", "postage is free",
  ]
  static let noDeliveryWords = [
    "不发货", "不发", "发不了", "不能发", "到不了", "送不到", "不送", "不配送", "无法配送", "暂不发货", "寄不了", "不能寄", "不寄",
    "(can't|cannot|can not|don't|do not|won't|doesn't|does not) (ship|deliver|send)", "no delivery", "not deliver(ed|)",
    "not ship(ped|)", "out of (our|the) delivery area",
  ]
  static let notFreeWords = [
    "不包邮", "要运费", "需要运费", "自付运费", "付运费", "补运费", "补邮费", "补差价", "加运费", "另付运费", "补#(元|块)", "加#(元|块)",
    "(isn't|is not|not) free", "(pay|pays) (postage|shipping)", "(pay|pays) (an extra |extra |)#( yuan|)", "#( yuan|) (extra|more)",
    "extra #( yuan|)", "add #( yuan|)", "surcharge",
  ]
  static let universalWords = [
    "全国", "哪里都", "所有地区", "全部地区", "everywhere", "nationwide", "all over china", "anywhere in china",
    // "西藏补12元，其他地区包邮": everywhere else, so every region not named must be free.
    "其他地区", "其它地区", "其余地区", "别的地区", "其他地方", "其它地方", "其他省", "其余省", "剩下的地区",
    "other regions", "everywhere else", "all other", "the rest of china", "anywhere else",
  ]
  static let exceptWords = ["除了", "除", "except", "excluding", "apart from", "other than"]
  static let exceptAfterWords = ["除外", "以外", "之外"]

  private static func m(_ list: [String]) -> TermMatcher { TermMatcher(terms: list.map { ($0, []) }, exemptions: []) }
  private static let freeMatcher = m(freeWords)
  private static let noDeliveryMatcher = m(noDeliveryWords)
  private static let notFreeMatcher = m(notFreeWords)
  private static let universalMatcher = m(universalWords)
  private static let exceptMatcher = m(exceptWords)
  private static let exceptAfterMatcher = m(exceptAfterWords)
  private static let remoteMatcher = m(Regions.remote)
  private static let toMatcher = m(["to", "到", "去"])

  /// Reads what `reading` says about shipping.
  public init(reading: TextReading) {
    self.init()
    let hay = reading.scalars
    enum Kind { case free, noDelivery, notFree }
    var predicates: [(range: Range<Int>, kind: Kind)] = []
    let sets: [(TermMatcher, Kind)] = [(Self.freeMatcher, .free), (Self.noDeliveryMatcher, .noDelivery), (Self.notFreeMatcher, .notFree)]
    for (matcher, kind) in sets {
      for f in matcher.find(inNormalized: hay) { predicates.append((f.offset..<(f.offset + f.length), kind)) }
    }
    // The longest at each place (不包邮 is not also 包邮; 不发货 not also 不发).
    predicates = predicates.filter { p in
      !predicates.contains { o in o.range != p.range && o.range.lowerBound <= p.range.lowerBound && p.range.upperBound <= o.range.upperBound }
    }.sorted { $0.range.lowerBound < $1.range.lowerBound }
    let regions = Regions.mentions(in: hay)
    let remote = Self.remoteMatcher.find(inNormalized: hay).map(\.offset)
    let excepts = Self.exceptMatcher.find(inNormalized: hay).map { $0.offset + $0.length }
    let exceptsAfter = Self.exceptAfterMatcher.find(inNormalized: hay).map(\.offset)
    let universals = Self.universalMatcher.find(inNormalized: hay).map(\.offset)

    var pending: [(offset: Int, regions: [String], excepted: Bool)] = []
    var quoted: Range<Int>?
    var pendingRemote: [Int] = []
    var consumed = 0
    func clauseIndex(_ o: Int) -> Int? { reading.clauseIndex(at: o) }
    for p in predicates {
      // A denied predicate: 不是全国包邮 says nothing is free everywhere; 不是不发货 delivers.
      let polarity = reading.polarity(of: p.range)
      var kind = p.kind
      if case .negated = polarity {
        guard kind == .free else { continue }
        // 不是全国包邮: not free everywhere, which is not "not free".
        let c = clauseIndex(p.range.lowerBound)
        if universals.contains(where: { clauseIndex($0) == c }) {
          notEverywhere = true
          qualifiedClause = qualifiedClause ?? c.map { reading.words(reading.clauses[$0].range) }
          consumed = p.range.upperBound
          continue
        }
        kind = .notFree
      } else if case .quoted = polarity {
        continue
      }
      // Regions named since the last predicate, in this sentence, take this one.
      let mine = regions.filter { $0.offset >= consumed && $0.end <= p.range.lowerBound }
      let sentenceStart = Self.sentenceStart(reading, before: p.range.lowerBound)
      for r in mine where r.offset >= sentenceStart {
        let excepted = excepts.contains { $0 <= r.offset && $0 >= sentenceStart } || exceptsAfter.contains { $0 >= r.end && $0 <= p.range.lowerBound }
        pending.append((r.offset, r.regions, excepted))
      }
      pendingRemote += remote.filter { $0 >= max(consumed, sentenceStart) && $0 < p.range.lowerBound }
      let pendingRemoteStarts = pendingRemote
      let named = pending.filter { !$0.excepted }.flatMap(\.regions)
      let excepted = pending.filter(\.excepted).flatMap(\.regions)
      switch kind {
      case .free:
        if named.isEmpty && pendingRemote.isEmpty {
          genericFree = genericFree ?? reading.words(p.range)
          let clause = clauseIndex(p.range.lowerBound)
          if universals.contains(where: { $0 >= sentenceStart && clauseIndex($0) == clause }) { universal = true }
          // "都包邮" after nothing named is everywhere too.
          if p.range.lowerBound > 0, hay[p.range.lowerBound - 1] == 0x90FD { universal = true }
        } else {
          free += named.filter { !free.contains($0) }
        }
        notFree += excepted.filter { !notFree.contains($0) }
      case .noDelivery:
        noDelivery += (named + excepted).filter { !noDelivery.contains($0) }
        if !pendingRemote.isEmpty { remoteExcluded = true }
      case .notFree:
        if named.isEmpty && excepted.isEmpty && pendingRemote.isEmpty {
          genericNotFree = true
        } else {
          notFree += (named + excepted).filter { !notFree.contains($0) }
        }
        if !pendingRemote.isEmpty { remoteExcluded = true }
      }
      if !named.isEmpty || !excepted.isEmpty || !pendingRemote.isEmpty {
        // Quoted from the first region named to the end of the predicate's clause.
        let first = (pending.map(\.offset) + pendingRemoteStarts).min() ?? p.range.lowerBound
        let from = clauseIndex(first).map { reading.clauses[$0].range.lowerBound } ?? first
        let to = clauseIndex(p.range.lowerBound).map { reading.clauses[$0].range.upperBound } ?? p.range.upperBound
        quoted = (quoted?.lowerBound ?? from)..<max(quoted?.upperBound ?? to, to)
      }
      pending = []
      pendingRemote = []
      consumed = p.range.upperBound
      // "free shipping to Hainan", "包邮到海南": regions right after the predicate, after "to".
      if let to = Self.toMatcher.find(inNormalized: Array(hay[p.range.upperBound..<min(hay.count, p.range.upperBound + 5)])).first,
        to.offset <= 1
      {
        let start = p.range.upperBound + to.offset + to.length
        for r in regions where r.offset >= start && r.offset <= start + 1 && clauseIndex(r.offset) == clauseIndex(p.range.lowerBound) {
          switch kind {
          case .free: free += r.regions.filter { !free.contains($0) }
          case .noDelivery: noDelivery += r.regions.filter { !noDelivery.contains($0) }
          case .notFree: notFree += r.regions.filter { !notFree.contains($0) }
          }
          if let c = clauseIndex(r.offset) { quoted = (quoted?.lowerBound ?? reading.clauses[c].range.lowerBound)..<reading.clauses[c].range.upperBound }
          consumed = r.end
          if kind == .free, genericFree != nil, free.contains(where: { r.regions.contains($0) }) { genericFree = nil }
        }
      }
    }
    // Exceptions named after the claim: "包邮，除了西藏青海" / "free shipping except Tibet".
    for r in regions where r.offset >= consumed && excepts.contains(where: { $0 >= consumed && $0 <= r.offset }) {
      notFree += r.regions.filter { !notFree.contains($0) && !free.contains($0) && !noDelivery.contains($0) }
      if let c = clauseIndex(r.offset) { quoted = (quoted?.lowerBound ?? reading.clauses[c].range.lowerBound)..<reading.clauses[c].range.upperBound }
    }
    // Quoted from the first region named to the end of the last clause that names one.
    qualifiedClause = quoted.map { reading.words($0) }
    if remote.contains(where: { r in r >= consumed && excepts.contains { $0 >= consumed && $0 <= r } }) { remoteExcluded = true }
  }

  /// Where the sentence holding `offset` starts: after the last `.`, `!`, `?` or `;` before it.
  static func sentenceStart(_ reading: TextReading, before offset: Int) -> Int {
    var i = min(offset, reading.scalars.count) - 1
    while i >= 0 {
      let v = reading.scalars[i]
      if v == 0x21 || v == 0x3F || v == 0x3B || (v == 0x2E && TextReading.isClauseEnd(reading.scalars, i)) { return i + 1 }
      i -= 1
    }
    return 0
  }
}
