extension Messages {
  /// Words about transcripts of real broadcasts (`.srt`, `.vtt`, timestamped text): why a file
  /// could not be read, cues that were skipped, and the rules behind price and claim findings.
  static let broadcastEn: [String: String] = [
    "broadcast.atLine": "line {line}: {what}",
    "broadcast.skip.tooLarge":
      "The file is {size} MB; broadcast transcripts over {max} MB are not read. Split it into parts (for example one per hour of broadcast) and grade each part.",
    "broadcast.skip.empty":
      "The file is empty. Export the transcript again as .srt, .vtt, or text with a time at the start of each line (`[00:01:05] …`).",
    "broadcast.skip.notUTF8":
      "line {line}: byte 0x{byte} is not UTF-8. Transcripts must be UTF-8 text: the file is probably in GBK/GB18030; open it in an editor and save it as UTF-8.",
    "broadcast.skip.binary":
      "line {line}: a NUL byte; this is a binary file, not a transcript. Give the .srt, .vtt or .txt export of the speech recognition.",
    "broadcast.skip.noCues":
      "No timed line found. Expected SRT (`00:01:02,500 --> 00:01:05,000`), WebVTT (a `WEBVTT` header and `00:01.000 --> 00:04.000` timings) or text lines starting with a time (`[00:01:05] …`, `00:01:05 …`, `[1:05] …`).",
    "broadcast.skip.noValidCues": "No cue could be read. The first problem is on line {line}: {problem}",
    "broadcast.problem.noTimes":
      "`-->` without times; a timing line looks like `00:01:02,500 --> 00:01:05,000`. The cue was skipped.",
    "broadcast.problem.badTime":
      "“{time}” is not a valid time (minutes and seconds go up to 59); write it as `00:01:05,000` (SRT) or `00:01:05.000` (WebVTT). The cue was skipped.",
    "broadcast.problem.badStamp":
      "“{time}” is not a valid time (minutes and seconds go up to 59); write it as `[00:01:05]` or `[01:05]`. The line and the lines after it up to the next time were skipped.",
    "broadcast.problem.noTiming":
      "cue {index} has no timing line; it was skipped. Add one like `00:01:02,500 --> 00:01:05,000` under the number.",
    "broadcast.rule.originalPrice":
      "Provisions on Clearly Marked Prices and Prohibition of Price Fraud, Interim Provisions on Regulating Promotional Practices: a crossed-out or “original” price needs a real basis, by default the lowest price actually paid in the 7 days before the promotion; a made-up one is a false price comparison (price fraud).",
    "broadcast.advice.originalPrice":
      "name an original price only when it is the listing's crossed-out price, and say its basis (the lowest price of the 7 days before); otherwise just say today's price and its conditions",
    "broadcast.rule.urgency":
      "Anti-Unfair Competition Law art. 8: no false or misleading claims about how a product sells; “only N left” must match the real stock at that moment.",
    "broadcast.advice.urgency": "check the stock in the back office before saying how many are left, or say the promotion's real limit",
    "broadcast.rule.shipsEverywhere":
      "Interim Provisions on Regulating Promotional Practices: the terms of an offer must be stated truly and clearly; “free shipping everywhere” while remote regions pay postage misleads buyers.",
    "broadcast.advice.shipsEverywhere": "say which regions are excluded, e.g. “free shipping except Tibet and Qinghai”",
    "broadcast.rule.returnsDenied":
      "Consumer Rights Protection Law art. 25: goods bought online may be returned within 7 days without giving a reason (custom-made, fresh and perishable goods and a few others excepted); “no returns” denies buyers that right.",
    "broadcast.advice.returnsDenied":
      "state the real after-sales terms: 7-day no-reason return, or the exemption shown on the product page and what happens with damaged goods",
  ]

  static let broadcastZh: [String: String] = [
    "broadcast.atLine": "第 {line} 行：{what}",
    "broadcast.skip.tooLarge": "文件有 {size} MB，超过 {max} MB 的直播文字稿不予读取。请把它拆成几份（例如每小时一份）分别评分。",
    "broadcast.skip.empty": "文件是空的。请重新导出文字稿：.srt、.vtt，或每行以时间开头的文本（`[00:01:05] …`）。",
    "broadcast.skip.notUTF8": "第 {line} 行：字节 0x{byte} 不是 UTF-8。文字稿必须是 UTF-8 文本：这个文件可能是 GBK/GB18030 编码，请用编辑器打开后另存为 UTF-8。",
    "broadcast.skip.binary": "第 {line} 行：有 NUL 字节，这是二进制文件，不是文字稿。请提供语音识别导出的 .srt、.vtt 或 .txt 文件。",
    "broadcast.skip.noCues":
      "没有找到带时间的行。支持的格式：SRT（`00:01:02,500 --> 00:01:05,000`）、WebVTT（`WEBVTT` 开头，`00:01.000 --> 00:04.000`），或每行以时间开头的文本（`[00:01:05] …`、`00:01:05 …`、`[1:05] …`）。",
    "broadcast.skip.noValidCues": "一条字幕也读不出来。第一个问题在第 {line} 行：{problem}",
    "broadcast.problem.noTimes": "`-->` 前后没有时间；时间行应写成 `00:01:02,500 --> 00:01:05,000`。这条字幕已跳过。",
    "broadcast.problem.badTime": "“{time}”不是有效的时间（分和秒最大 59）；应写成 `00:01:05,000`（SRT）或 `00:01:05.000`（WebVTT）。这条字幕已跳过。",
    "broadcast.problem.badStamp": "“{time}”不是有效的时间（分和秒最大 59）；应写成 `[00:01:05]` 或 `[01:05]`。这一行及其后到下一个时间之前的内容已跳过。",
    "broadcast.problem.noTiming": "第 {index} 条字幕没有时间行，已跳过。请在序号下面补上时间行，如 `00:01:02,500 --> 00:01:05,000`。",
    "broadcast.rule.originalPrice":
      "《明码标价和禁止价格欺诈规定》《规范促销行为暂行规定》：划线价、“原价”必须有真实依据，未标明依据的以促销前 7 日内的最低成交价为准；虚构原价属于虚假价格比较（价格欺诈）。",
    "broadcast.advice.originalPrice": "只有商品页确有划线价时才说原价，并说明依据（活动前 7 日最低成交价）；否则只说今天的到手价和条件",
    "broadcast.rule.urgency": "《反不正当竞争法》第八条：不得对商品的销售状况作虚假或者引人误解的宣传；“只剩 N 单”必须与当时的真实库存一致。",
    "broadcast.advice.urgency": "说库存前先看后台真实库存，或者说清楚活动本身的真实限量",
    "broadcast.rule.shipsEverywhere": "《规范促销行为暂行规定》：促销条件必须真实、清楚；偏远地区要补运费却说“全国包邮”，会误导消费者。",
    "broadcast.advice.shipsEverywhere": "说清楚哪些地区不包邮，如“除西藏、青海等偏远地区外包邮”",
    "broadcast.rule.returnsDenied": "《消费者权益保护法》第二十五条：网购商品自收到之日起七日内可无理由退货（定制、鲜活易腐等少数商品除外）；说“概不退换”侵害消费者的这项权利。",
    "broadcast.advice.returnsDenied": "如实说明售后：支持七天无理由退货，或说明商品页标注的不适用原因，以及破损怎么处理",
  ]
}
