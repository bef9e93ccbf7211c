/// Bazaar's built-in words for live sessions: what viewers say, and the cue words that tell what
/// the host is doing. Chinese and English; other languages fall back to Chinese (viewers in a
/// Douyin room write Chinese). Scenario authors add their own chatter and cues in the course file.
enum LiveWords {
  /// Picks the word list for `language` (its base), falling back to Chinese.
  static func pick(_ table: [String: [String]], _ language: String) -> [String] {
    table[MessageCatalog.baseLanguage(language)] ?? table["zh"] ?? []
  }

  // MARK: Viewers

  /// Nicknames for random viewers (Uyghur and Han names as they appear in rooms in Xinjiang).
  static let nicknames = [
    "阿依古丽", "买买提", "古丽娜尔", "艾力", "热依拉", "迪丽拜尔", "努尔兰", "帕提古丽", "老王", "小李", "张姐", "刘哥",
    "陈阿姨", "小杨", "马老师", "王大哥", "海燕", "秀兰", "玉素甫", "阿布都", "如克亚", "晓敏", "丽丽", "阿迪力",
    "古再丽", "吐尔逊", "米娜", "赵叔", "周周", "小雪", "阿里木", "娜扎", "孙姐", "大鹏", "艾克拜尔", "月月",
    "阿依努尔", "麦麦提江", "布维", "祖丽胡玛尔", "艾尔肯", "努尔古丽", "库尔班", "热娜", "帕尔哈提", "玛依拉", "依明",
    "迪娜", "老李", "小马", "芳芳", "建军", "红梅", "小敏", "马大姐", "杨哥", "田田", "海峰", "阿卜杜拉", "萨迪克",
    "银川小王", "固原老马", "吴忠张姐", "中卫小刘", "喀什阿姨", "和田买买提", "库车小艾", "吐鲁番老哥",
  ]

  /// What a viewer asks about each topic; `{origin}` is the product's origin.
  static let questions: [QuestionTopic: [String: [String]]] = [
    .price: [
      "zh": ["多少钱？", "这个什么价？", "今天直播间多少钱", "价格多少呀", "怎么卖的？"],
      "en": ["How much?", "What's the price today?", "How much is it?", "What does it cost?"],
    ],
    .shipping: [
      "zh": ["包邮吗？", "发什么快递？几天能到？", "从{origin}发货要几天到？", "运费多少？", "我在广东，几天到？"],
      "en": ["Is shipping free?", "How long does delivery take?", "How many days from {origin}?", "What's the postage?"],
    ],
    .origin: [
      "zh": ["是正宗{origin}的吗？", "产地是哪里？", "真的是{origin}的吗？", "哪里产的？"],
      "en": ["Is it really from {origin}?", "Where is it from?", "Is it really from {origin}?"],
    ],
    .returns: [
      "zh": ["不好吃能退吗？", "能七天无理由吗？", "坏了包赔吗？", "售后怎么弄？"],
      "en": ["Can I return it?", "Is there a 7-day return?", "What if it arrives damaged?"],
    ],
    .shelfLife: [
      "zh": ["保质期多久？", "能放多久？", "买多了放得住吗？"],
      "en": ["What's the shelf life?", "How long does it keep?"],
    ],
    .weight: [
      "zh": ["一份多少克？", "多重呀？", "净含量多少？"],
      "en": ["How much is in one pack?", "How heavy is it?"],
    ],
    .stock: [
      "zh": ["还有货吗？", "库存还多少？", "现在拍还有吗？"],
      "en": ["Still in stock?", "How many are left?"],
    ],
  ]

  /// Comments that ask nothing.
  static let chatter: [String: [String]] = [
    "zh": [
      "来了来了", "主播好", "看着不错", "家里老人爱吃这个", "产地的东西就是实在", "已关注", "主播声音好听",
      "刚下班来看看", "上次买的挺好吃", "哈哈哈", "支持家乡", "在看呢", "这个送人可以", "主播辛苦了",
    ],
    "en": [
      "Hi!", "Hello host", "Looks good", "My parents would love this", "Followed",
      "Just got off work", "Bought last time, tasty", "Support local farmers", "Watching", "Nice for a gift",
    ],
  ]

  /// Replies to the host's call to comment (扣1, 扣想要).
  static let commentReplies: [String: [String]] = [
    "zh": ["1", "1", "扣1", "来了", "111", "想要", "在"],
    "en": ["1", "1", "me", "here", "want"],
  ]
  /// Replies to the host's call to like, follow or share.
  static let followReplies: [String: [String]] = [
    "zh": ["已关注", "赞了", "点了", "关注了", "已分享", "好的"],
    "en": ["Followed", "Liked", "Done", "Shared"],
  ]
  /// The host asks for a comment (as opposed to a like or a follow).
  static let asksForComment = ["扣", "打1", "公屏", "评论", "comment", "type"]

  /// Thanks after an answer that helped.
  static let thanks: [String: [String]] = [
    "zh": ["好的，谢谢主播", "明白了", "好嘞", "懂了，谢谢", "清楚了"],
    "en": ["OK, thanks", "Got it", "Thanks!", "Clear, thanks"],
  ]

  // MARK: Cue words (normalised text is searched; ASCII words match on word boundaries)

  /// Words that show the host is talking about a question topic.
  static let topicCues: [QuestionTopic: [String]] = [
    .price: ["元", "块", "价", "钱", "¥", "￥", "只要", "到手", "yuan", "price", "cost", "rmb"],
    .shipping: [
      "包邮", "邮费", "运费", "发货", "快递", "物流", "到货", "送到", "几天到", "天到", "shipping", "ship", "ships",
      "deliver", "delivery", "postage", "dispatch",
    ],
    .origin: ["产地", "正宗", "原产", "产自", "来自", "老家", "果园", "地里", "origin", "grown", "orchard", "from"],
    .returns: ["退", "换货", "售后", "无理由", "包赔", "赔付", "破损", "质量问题", "联系客服", "return", "returns", "refund", "damaged", "compensate"],
    .shelfLife: [
      "保质期", "保存", "存放", "放多久", "能放", "冷藏", "冰箱", "常温", "阴凉", "吃完", "shelf life", "keeps", "keep for", "store", "fridge",
      "refrigerate",
    ],
    .weight: ["克", "斤", "公斤", "净含量", "重量", "gram", "grams", "weigh", "weighs"],
    .stock: ["库存", "现货", "有货", "剩", "stock", "left"],
  ]

  /// Phrases in which a topic's cue word is not a cue (阿克苏 holds 克 but says nothing of weight).
  static let topicCueExempt: [QuestionTopic: [String]] = [
    .weight: ["阿克苏", "托克逊", "克拉玛依", "克孜勒苏", "克州", "阿克陶", "巧克力", "克服"],
    .returns: ["退出", "后退"],
    .price: ["评价", "价值", "好评"],
  ]

  /// Greetings, when no cue lexicon has a `greeting` family.
  static let greetings = [
    "大家好", "晚上好", "早上好", "中午好", "下午好", "欢迎", "家人们好", "老乡们好", "hello", "hi everyone", "good morning", "good afternoon",
    "good evening", "welcome",
  ]
  /// Refusing a health claim without naming it, when no cue lexicon has `see_doctor` or
  /// `not_medicine` families.
  static let refusals = [
    "遵医嘱", "听医生的", "看医生", "问医生", "咨询医生", "不是药", "代替不了药", "不能代替药", "see a doctor", "ask your doctor",
    "not a medicine", "not medicine",
  ]
  /// The host shows the product or how it is made (trust).
  static let show = [
    "给大家看", "看一下", "看看", "镜头", "展示", "切开", "掰开", "尝一", "试吃", "看这个", "近一点", "show you", "look at",
    "camera", "taste", "cut open", "close up",
  ]
  /// The host asks viewers to buy.
  static let callToAction = [
    "下单", "拍", "小黄车", "购物车", "链接", "抢", "点击", "赶紧", "buy", "order", "cart", "link", "grab", "check out",
  ]
  /// The host asks viewers to comment, like, follow or share.
  static let engage = [
    "扣1", "扣个", "打1", "扣想要", "点赞", "关注", "评论", "公屏", "分享", "点个", "粉丝团", "comment", "like", "follow",
    "share", "type 1",
  ]
  /// The host says stock or time is limited.
  static let urgency = [
    "只剩", "仅剩", "最后", "限量", "倒计时", "马上结束", "抓紧", "只有", "only", "left", "last", "limited", "hurry", "ends in",
  ]
  /// The host says a number is the old or crossed-out price.
  static let originalPrice = [
    "原价", "划线价", "以前卖", "之前卖", "平时卖", "平时", "专柜价", "市场价", "门店价", "original price", "was", "usually", "normally",
    "crossed-out", "crossed out", "list price",
  ]
  /// Words that make a number a coupon or saving, not a price.
  static let discountBefore = ["减", "省", "便宜", "优惠", "立减", "off", "save"]
  static let discountAfter = ["券", "优惠", "off", "coupon"]
  /// Words after a sum (and its 元/块) that make it a coupon, a saving or postage, not a price.
  static let notAPriceAfter = [
    "券", "无门槛", "优惠", "红包", "运费", "邮费", "快递费", "差价", "off", "coupon", "postage", "shipping", "discount", "more",
    "extra", "per order",
  ]
  /// Words that mark a threshold (满99减10).
  static let thresholdBefore = ["满", "over", "above"]
  /// Claims of free shipping everywhere.
  static let shipsEverywhere = [
    "全国包邮", "包邮到全国", "哪里都包邮", "全部包邮", "都包邮", "free shipping everywhere", "free shipping nationwide", "ships free everywhere",
    "ship(s|) (free |)(everywhere|nationwide|anywhere|all over china)", "free (shipping|delivery) (everywhere|nationwide|all over china)",
  ]
  /// Words that say some regions are excluded or pay extra: a sum after them is postage.
  static let shippingExclusion = [
    "除", "偏远", "不包邮", "补运费", "补邮费", "补差", "except", "excluding", "remote", "extra", "not free",
  ]
  /// Claims of free shipping.
  static let freeShipping = ["包邮", "免运费", "free shipping", "ships free", "free delivery"]
  /// Claims of seven-day returns.
  static let sevenDay = [
    "七天无理由", "7天无理由", "七日无理由", "7日无理由", "seven-day return", "7-day return", "7 day return", "seven day return",
    // Stronger than 7-day returns: for a product without them, just as false.
    "随便退", "随时(退|退货|退换|可以退)", "无条件退(货|换|款|)", "想退就退", "return (it |them |)(anytime|any time|for any reason)",
    "no questions asked",
  ]
  /// Words that state a shipping fact (an answer to "包邮吗？几天到？" has one of them). Not a bare
  /// "3天内" or "24小时": "3天内吃完" is about storage, "24小时内拍照联系客服" about damage.
  static let shippingFacts = [
    "包邮", "运费", "邮费", "免运费", "发货", "发出", "天到", "天能到", "天送达", "到货", "送达", "不包邮", "不发货", "发不了", "不能发",
    "free shipping", "postage", "ships within", "ship within", "dispatch", "delivered", "arrive", "arrives", "can't ship", "don't ship", "no delivery",
    "send within", "sent within", "goes out", "#天就(能|)到", "发走", "寄出", "#(个|)小时内",
  ]
  /// Words that tie a place to where the product comes from (a place in a shipping clause is
  /// where the parcel goes, unless one of these is there too).
  static let originWords = ["产自", "产地", "原产", "来自", "正宗", "老家", "果园", "种的", "长的", "产的", "grown", "orchard", "comes from", "come from"]
  /// Words that state a stock fact.
  static let stockFacts = ["库存", "现货", "有货", "没货", "售罄", "还剩", "剩下", "就剩", "卖完", "in stock", "sold out", "left"]
  /// Words right before a number that make it a claim of scarcity ("只剩10单").
  static let scarcityBefore = ["只剩", "仅剩", "还剩", "就剩", "剩下", "最后", "只有", "仅有", "only", "last"]
  /// Words right before a number that make it what the buyer pays, whatever else is said.
  static let paidBefore = ["到手", "到手价", "券后", "券后价", "秒杀价", "活动价", "you pay", "only pay"]
  /// Words that frame a price as a promotion's (so a promotion's real price is no wrong price).
  static let promotionFraming = ["恢复", "限时", "活动价", "直播间价", "#分钟(内|以后|之后|后)", "back to", "for # minutes", "limited time"]
  /// Words right before a bare number that make it a price ("只要40").
  static let priceBefore = ["价", "价格是", "只要", "到手", "卖", "才", "price is", "price", "only", "just", "for"]
  /// Same-day dispatch promises.
  static let sameDay = [
    "(当天|今天|马上|立刻|立马)(就|)(给你|给大家|给您|)(发|发货|发出|寄出|发走)", "same(-| )day (dispatch|shipping)", "ship(s|ped|) (out |)today",
    "(goes|go|going) out (today|this (morning|afternoon|evening))", "send(s|) (it |them |)(out |)today",
  ]
  /// Words that make a clause about dispatch (a number of hours in it is the dispatch time).
  static let dispatchWords = ["发货", "发出", "发走", "寄出", "发", "ship", "ships", "dispatch", "goes out", "go out", "send", "sent"]
  /// Tomorrow, and arriving: both in one clause promise next-day delivery ("arrives in Chengdu tomorrow").
  static let tomorrowWords = ["tomorrow", "next day", "next-day"]
  static let arriveWords = ["arrive", "arrives", "arriving", "delivered", "have it", "get it", "receive it", "at your door"]
  /// Next-day delivery promises.
  static let nextDay = [
    "(明天|明儿|隔天|第二天|次日)(就|)(能|可以|)(到|收到|送到|到货|到家|送达)", "次日达", "arrives tomorrow",
    "arrive tomorrow", "delivered tomorrow", "get it tomorrow", "next-day delivery", "next day delivery",
  ]
  /// Saying returns are not possible.
  static let noReturns = ["不支持退货", "不退不换", "不能退", "不给退", "别退", "概不退换", "no returns", "no refunds", "can't return"]
  /// Questions and denials of denials that contain a "no returns" phrase.
  static let noReturnsExempt = ["能不能退", "不能退吗", "是不是不能退", "可不可以退", "can't return it?"]
  /// Words just before a number that make it not a price (扣1, 1号链接, link 1).
  static let notAPriceBefore = ["扣", "打", "第", "满", "over", "above", "no.", "#", "link", "type", "number", "no", "comment", "drop a"]
  /// Words about flash sales (a stated flash price counts even before `:promo`).
  static let flashWords = ["秒杀", "flash"]
  /// Words about coupons.
  static let couponWords = ["券", "优惠券", "coupon"]
  /// Units after a number that make it a quantity, not a price.
  static let quantityUnits = [
    "单", "件", "份", "箱", "袋", "盒", "个", "斤", "克", "g", "kg", "公斤", "天", "小时", "h", "%", "％", "折", "分钟", "分", "秒",
    "人", "号", "点", "月", "年", "岁", "颗", "次", "位", "米", "days", "day", "hours", "hour", "bags", "bag", "boxes", "box",
    "left", "people", "minutes", "months", "grams", "st", "nd", "rd", "th", "pm", "am", "o'clock", "weeks", "week",
    "hrs", "hr", "kilos", "kilo", "pieces", "piece", "orders", "order", "units", "unit", "x", "×", "种", "样", "款", "口",
    "粒", "步", "遍", "代", "层", "倍", "成", "kinds", "ways", "times", "steps",
    // Jars, tins, bottles, cups and bunches: "only 30 jars", "一杯放5朵", "限量30瓶".
    "瓶", "罐", "杯", "朵", "串", "包", "条", "只", "jars", "jar", "tins", "tin", "bottles", "bottle", "cans", "can",
    "cups", "cup", "packs", "pack", "packets", "packet", "bunches", "bunch", "buds", "sets", "set",
  ]
  /// Units that make a number a price.
  static let currencyAfter = ["元", "块", "yuan", "rmb", "kuai"]
  static let currencyBefore = ["¥", "￥", "$"]
  /// Stock units (只剩10单).
  static let stockUnits = [
    "单", "件", "份", "箱", "袋", "盒", "个", "瓶", "罐", "包", "bags", "boxes", "units", "left", "jars", "tins", "bottles", "packs",
  ]
}
