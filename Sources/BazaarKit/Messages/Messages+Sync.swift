extension Messages {
  /// `bazaar sync`'s words.
  static let syncEn: [String: String] = [
    "sync.notYet": "only `bazaar sync --print` works in this build: it writes the statements Bazaar would send to a learning record store (xAPI), one per line. Sending them is being built.",
    "sync.nothing": "no transcript (.jsonl) found in {paths}",
    "sync.skipped": "{path}: left out: {reason}",
    "sync.summary": "{statements} statement(s) from {transcripts} transcript(s)",
    "sync.config.unreadable": "{path}: cannot be read as the LRS settings: {reason}. It is a JSON object such as `{\"home_page\": \"https://your-centre.example\", \"activity_base\": \"https://your-centre.example/xapi\"}`; see docs/xapi.md.",
    "sync.config.notIRI": "{path}: \"{key}\" must be an absolute IRI such as https://your-centre.example (it is \"{value}\").",
    "sync.config.open": "{path} holds a password and other users can read it: run `chmod 600 {path}`.",
  ]

  static let syncZh: [String: String] = [
    "sync.notYet": "这一版只能用 `bazaar sync --print`：把 Bazaar 要发给学习记录库（xAPI）的记录逐行写出。发送功能还在开发中。",
    "sync.nothing": "{paths} 里没有找到学习记录（.jsonl）",
    "sync.skipped": "{path}：未处理：{reason}",
    "sync.summary": "共 {statements} 条记录，来自 {transcripts} 个学习记录文件",
    "sync.config.unreadable": "{path}：无法读取学习记录库设置：{reason}。它应是一个 JSON 对象，例如 `{\"home_page\": \"https://your-centre.example\", \"activity_base\": \"https://your-centre.example/xapi\"}`；见 docs/xapi.md。",
    "sync.config.notIRI": "{path}：\"{key}\" 必须是完整的网址（IRI），例如 https://your-centre.example（现在是 \"{value}\"）。",
    "sync.config.open": "{path} 里有密码，而且别的用户可以读取：请运行 `chmod 600 {path}`。",
  ]
}
