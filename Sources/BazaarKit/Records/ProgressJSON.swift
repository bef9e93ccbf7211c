import Foundation

/// Writes progress files by hand: the same JSON `JSONEncoder` makes (sorted keys, pretty), about ten
/// times faster. Progress is saved after every answer, and a learner's file grows with every
/// question answered, so encoding is the cost that grows.
enum ProgressJSON {
  /// `progress` as pretty-printed JSON with sorted keys, ending without a newline.
  static func encode(_ p: LearnerProgress) throws(JSONLine.NonFinite) -> String {
    String(decoding: try bytes(p), as: UTF8.self)
  }

  /// ``encode(_:)`` as UTF-8 bytes; `capacity` is a guess of the size (e.g. the file's last size),
  /// so a large file's buffer is not grown by copying.
  static func bytes(_ p: LearnerProgress, capacity: Int = 0) throws(JSONLine.NonFinite) -> [UInt8] {
    let written = try pieces(p, capacity: capacity, reusing: nil)
    var out: [UInt8] = []
    out.reserveCapacity(written.count)
    for piece in written.pieces { out.append(contentsOf: piece) }
    return out
  }

  /// Session entries already written: the first `count` of a progress' sessions, as the JSON text
  /// made of `pieces` in order (from the first entry's `{` to the last one's `}`), e.g. as read
  /// from the file.
  struct WrittenSessions {
    var count: Int
    var pieces: [ArraySlice<UInt8>]
  }

  /// ``bytes(_:capacity:)`` as pieces to write one after the other, taking the first
  /// `reusing.count` session entries from `reusing.pieces` instead of writing them again (the
  /// caller checks they are the same sessions): a learner's sessions only grow, and with tens of
  /// thousands of them, writing them all — or even copying them into one buffer — is most of a
  /// save. Also returns the pieces that hold all the session entries now, for the next save.
  static func pieces(_ p: LearnerProgress, capacity: Int, reusing: WrittenSessions?) throws(JSONLine.NonFinite)
    -> (pieces: [ArraySlice<UInt8>], count: Int, sessions: WrittenSessions?)
  {
    var w = Writer()
    let reused = reusing.flatMap { $0.count > 0 && $0.count <= p.sessions.count ? $0 : nil }
    let reusedBytes = reused?.pieces.reduce(0) { $0 + $1.count } ?? 0
    w.out.reserveCapacity(max(capacity - reusedBytes, 512 + (p.sessions.count - (reused?.count ?? 0)) * 320))
    var split: (at: Int, end: Int)?
    try w.object(0) { (o: inout ObjectWriter) throws(JSONLine.NonFinite) in
      try o.field("courses") { (w: inout Writer) throws(JSONLine.NonFinite) in
        try w.map(p.courses) { (w: inout Writer, c: CourseProgress) throws(JSONLine.NonFinite) in try course(c, &w) }
      }
      o.field("created") { $0.date(p.created) }
      o.field("learner") { $0.string(p.learner) }
      o.field("schema") { $0.int(p.schema) }
      try o.field("sessions") { (w: inout Writer) throws(JSONLine.NonFinite) in
        split = try sessions(p.sessions, reusing: reused?.count ?? 0, &w)
      }
      o.field("updated") { $0.date(p.updated) }
    }
    let out = w.out
    guard let split else { return ([out[...]], out.count, nil) }
    let reusedPieces = reused?.pieces ?? []
    let pieces = [out[..<split.at]] + reusedPieces + [out[split.at...]]
    // The entries written here start with the comma after the reused ones (or, with none reused,
    // at the first `{`), so the pieces join into the text of every entry.
    let entries = reusedPieces + (split.end > split.at ? [out[split.at..<split.end]] : [])
    return (pieces, out.count + reusedBytes, WrittenSessions(count: p.sessions.count, pieces: entries))
  }

  /// The `sessions` array, as ``Writer/array(_:_:)`` writes it, leaving out the first `reused`
  /// entries (they go in at `at`). Returns where those go and where the entries written here end;
  /// nil when there are no sessions.
  static func sessions(_ all: [SessionSummary], reusing reused: Int, _ w: inout Writer) throws(JSONLine.NonFinite)
    -> (at: Int, end: Int)?
  {
    let level = w.depth
    guard !all.isEmpty else {
      w.raw("[]")
      return nil
    }
    w.out.append(0x5B)
    w.depth = level + 1
    w.newline(indent: level + 1)
    let at = w.out.count
    for i in reused..<all.count {
      if i > 0 {
        w.out.append(0x2C)
        w.newline(indent: level + 1)
      }
      try session(all[i], &w)
    }
    let end = w.out.count
    w.depth = level
    w.newline(indent: level)
    w.out.append(0x5D)
    return (at, end)
  }

  static func course(_ c: CourseProgress, _ w: inout Writer) throws(JSONLine.NonFinite) {
    try w.object(w.depth) { (o: inout ObjectWriter) throws(JSONLine.NonFinite) in
      o.field("course_digest") { $0.string(c.courseDigest) }
      o.field("course_version") { $0.string(c.courseVersion) }
      if !c.lessonTimeMs.isEmpty {
        o.field("lesson_time_ms") { w in
          w.objectNoThrow(w.depth) { o in
            for key in c.lessonTimeMs.keys.sorted(by: { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }) {
              if let v = c.lessonTimeMs[key] { o.field(key) { $0.int(v) } }
            }
          }
        }
      }
      try o.field("lessons_completed") { (w: inout Writer) throws(JSONLine.NonFinite) in
        try w.map(c.lessonsCompleted) { (w: inout Writer, l: LessonCompletion) throws(JSONLine.NonFinite) in try lesson(l, &w) }
      }
      if let p = c.position {
        o.field("position") { w in
          w.objectNoThrow(w.depth) { o in
            o.field("lesson") { $0.string(p.lesson) }
            if let q = p.question { o.field("question") { $0.string(q) } }
            o.field("step") { $0.int(p.step) }
          }
        }
      }
      try o.field("questions") { (w: inout Writer) throws(JSONLine.NonFinite) in
        try w.map(c.questions) { (w: inout Writer, q: QuestionProgress) throws(JSONLine.NonFinite) in try question(q, &w) }
      }
      if !c.retiredLessons.isEmpty {
        try o.field("retired_lessons") { (w: inout Writer) throws(JSONLine.NonFinite) in
          try w.map(c.retiredLessons) { (w: inout Writer, l: LessonCompletion) throws(JSONLine.NonFinite) in try lesson(l, &w) }
        }
      }
      if !c.retiredQuestions.isEmpty {
        try o.field("retired_questions") { (w: inout Writer) throws(JSONLine.NonFinite) in
          try w.map(c.retiredQuestions) { (w: inout Writer, q: QuestionProgress) throws(JSONLine.NonFinite) in try question(q, &w) }
        }
      }
      if !c.retiredReview.isEmpty {
        try o.field("retired_review") { (w: inout Writer) throws(JSONLine.NonFinite) in
          try w.map(c.retiredReview) { (w: inout Writer, card: ReviewCard) throws(JSONLine.NonFinite) in try reviewCard(card, &w) }
        }
      }
      if !c.review.isEmpty {
        try o.field("review") { (w: inout Writer) throws(JSONLine.NonFinite) in
          try w.map(c.review) { (w: inout Writer, card: ReviewCard) throws(JSONLine.NonFinite) in try reviewCard(card, &w) }
        }
      }
      if c.reviewsDone > 0 {
        o.field("reviews_done") { $0.int(c.reviewsDone) }
        o.field("reviews_recalled") { $0.int(c.reviewsRecalled) }
      }
      o.field("time_spent_ms") { $0.int(c.timeSpentMs) }
    }
  }

  static func reviewCard(_ card: ReviewCard, _ w: inout Writer) throws(JSONLine.NonFinite) {
    try w.object(w.depth) { (o: inout ObjectWriter) throws(JSONLine.NonFinite) in
      try o.field("difficulty") { (w: inout Writer) throws(JSONLine.NonFinite) in try w.double(card.memory.difficulty, key: "difficulty") }
      o.field("due") { $0.string(ISOTime.string(card.due)) }
      o.field("lapses") { $0.int(card.lapses) }
      o.field("last_review") { $0.string(ISOTime.string(card.lastReview)) }
      o.field("reps") { $0.int(card.reps) }
      o.field("scheduler") { $0.string(card.scheduler) }
      try o.field("stability") { (w: inout Writer) throws(JSONLine.NonFinite) in try w.double(card.memory.stability, key: "stability") }
    }
  }

  static func lesson(_ l: LessonCompletion, _ w: inout Writer) throws(JSONLine.NonFinite) {
    try w.object(w.depth) { (o: inout ObjectWriter) throws(JSONLine.NonFinite) in
      if !l.awaitingLive.isEmpty {
        o.field("awaiting_live") { w in
          w.arrayNoThrow(l.awaitingLive) { $0.string($1) }
        }
      }
      o.field("completed") { $0.string(ISOTime.string(l.completed)) }
      try o.field("score") { (w: inout Writer) throws(JSONLine.NonFinite) in try w.double(l.score, key: "score") }
      if let t = l.timeMs { o.field("time_ms") { $0.int(t) } }
    }
  }

  static func question(_ q: QuestionProgress, _ w: inout Writer) throws(JSONLine.NonFinite) {
    try w.object(w.depth) { (o: inout ObjectWriter) throws(JSONLine.NonFinite) in
      o.field("attempts") { $0.int(q.attempts) }
      if let b = q.bestScore { try o.field("best_score") { (w: inout Writer) throws(JSONLine.NonFinite) in try w.double(b, key: "best_score") } }
      if !q.legacy { o.field("finished") { $0.bool(q.finished) } }
      if let d = q.firstAnswered { o.field("first_answered") { $0.string(ISOTime.string(d)) } }
      o.field("hints_used") { $0.int(q.hintsUsed) }
      if let a = q.lastAnswer { o.field("last_answer") { $0.string(a) } }
      if let d = q.lastAnswered { o.field("last_answered") { $0.string(ISOTime.string(d)) } }
      if let s = q.lastScore { try o.field("last_score") { (w: inout Writer) throws(JSONLine.NonFinite) in try w.double(s, key: "last_score") } }
      if !q.legacy { o.field("right") { $0.bool(q.right) } }
      o.field("skipped") { $0.bool(q.skipped) }
    }
  }

  static func session(_ s: SessionSummary, _ w: inout Writer) throws(JSONLine.NonFinite) {
    try w.object(w.depth) { (o: inout ObjectWriter) throws(JSONLine.NonFinite) in
      o.field("course") { $0.string(s.course) }
      o.field("ended") { $0.date(s.ended) }
      o.field("id") { $0.string(s.id) }
      o.field("kind") { $0.string(s.kind) }
      if let r = s.reason { o.field("reason") { $0.string(r) } }
      if let sc = s.scenario { o.field("scenario") { $0.string(sc) } }
      try o.field("score") { (w: inout Writer) throws(JSONLine.NonFinite) in try w.double(s.score, key: "score") }
      o.field("started") { $0.date(s.started) }
      if let t = s.transcript { o.field("transcript") { $0.string(t) } }
    }
  }

  /// Appends JSON text with two-space indentation.
  struct Writer {
    /// UTF-8 bytes (appending bytes is several times faster than appending to a String).
    var out: [UInt8] = []
    var depth = 0

    static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    mutating func raw(_ s: String) { out.append(contentsOf: s.utf8) }

    /// A JSON string: UTF-8 passes through; quotes, backslashes and control characters are escaped.
    mutating func string(_ s: String) {
      out.append(0x22)
      // Most strings need no escape: copy them in one go.
      if !s.utf8.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 || $0 == 0x7F }) {
        out.append(contentsOf: s.utf8)
        out.append(0x22)
        return
      }
      for b in s.utf8 {
        switch b {
        case 0x22: out.append(0x5C); out.append(0x22)
        case 0x5C: out.append(0x5C); out.append(0x5C)
        case 0x0A: out.append(0x5C); out.append(0x6E)
        case 0x0D: out.append(0x5C); out.append(0x72)
        case 0x09: out.append(0x5C); out.append(0x74)
        case 0..<0x20, 0x7F:
          out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, Self.hex[Int(b >> 4)], Self.hex[Int(b & 0xF)]])
        default: out.append(b)
        }
      }
      out.append(0x22)
    }
    mutating func int(_ i: Int) {
      guard i >= 0 else { raw(String(i)); return }
      digits(i, width: 1)
    }

    /// `v` (≥ 0) in decimal, zero-padded to `width` digits.
    mutating func digits(_ v: Int, width: Int) {
      var buffer: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                   UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
      withUnsafeMutableBytes(of: &buffer) { raw in
        var n = v
        var k = raw.count
        repeat {
          k -= 1
          raw[k] = 0x30 + UInt8(n % 10)
          n /= 10
        } while n > 0 && k > 0
        while raw.count - k < width && k > 0 {
          k -= 1
          raw[k] = 0x30
        }
        out.append(contentsOf: raw[k...])
      }
    }

    /// A time as ``ISOTime/string(_:)`` writes it, `"2025-03-02T10:42:07Z"`, without making a String.
    mutating func date(_ d: Date) {
      let f = ISOTime.fields(d)
      out.append(0x22)
      digits(f.year, width: 4)
      out.append(0x2D)
      digits(f.month, width: 2)
      out.append(0x2D)
      digits(f.day, width: 2)
      out.append(0x54)
      digits(f.hour, width: 2)
      out.append(0x3A)
      digits(f.minute, width: 2)
      out.append(0x3A)
      digits(f.second, width: 2)
      out.append(0x5A)
      out.append(0x22)
    }
    mutating func bool(_ b: Bool) { raw(b ? "true" : "false") }
    mutating func double(_ d: Double, key: String) throws(JSONLine.NonFinite) {
      guard d.isFinite else { throw JSONLine.NonFinite(key: key) }
      if d == d.rounded(), abs(d) <= 1e15 { raw(String(Int(d))) } else { raw("\(d)") }
    }

    mutating func newline(indent n: Int) {
      out.append(0x0A)
      out.append(contentsOf: repeatElement(0x20, count: 2 * max(0, n)))
    }

    mutating func object(_ level: Int, _ body: (inout ObjectWriter) throws(JSONLine.NonFinite) -> Void) throws(JSONLine.NonFinite) {
      // Move the text into the object writer (leaving self empty) and back, by swapping: the
      // buffer has one owner throughout, so appends never copy it. (Building the object writer
      // from a copy of the text made the first append of every object copy the whole file so
      // far: saving took time in the square of the file's size.)
      var o = ObjectWriter(writer: Writer(), level: level)
      swap(&o.writer, &self)
      defer { swap(&o.writer, &self) }
      o.writer.out.append(0x7B)
      o.writer.depth = level + 1
      try body(&o)
      o.writer.depth = level
      if o.count > 0 { o.writer.newline(indent: level) }
      o.writer.out.append(0x7D)
    }

    mutating func objectNoThrow(_ level: Int, _ body: (inout ObjectWriter) -> Void) {
      try? object(level) { (o: inout ObjectWriter) throws(JSONLine.NonFinite) in body(&o) }
    }

    /// A dictionary as an object with its keys sorted (as `JSONEncoder`'s `.sortedKeys` does).
    mutating func map<T>(_ values: [String: T], _ each: (inout Writer, T) throws(JSONLine.NonFinite) -> Void) throws(JSONLine.NonFinite) {
      let level = depth
      try object(level) { (o: inout ObjectWriter) throws(JSONLine.NonFinite) in
        // Code-point order, as JSONEncoder's `.sortedKeys` uses.
        for key in values.keys.sorted(by: { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }) {
          guard let v = values[key] else { continue }
          try o.field(key) { (w: inout Writer) throws(JSONLine.NonFinite) in try each(&w, v) }
        }
      }
    }

    mutating func arrayNoThrow<T>(_ values: [T], _ each: (inout Writer, T) -> Void) {
      try? array(values) { (w: inout Writer, v: T) throws(JSONLine.NonFinite) in each(&w, v) }
    }

    mutating func array<T>(_ values: [T], _ each: (inout Writer, T) throws(JSONLine.NonFinite) -> Void) throws(JSONLine.NonFinite) {
      let level = depth
      guard !values.isEmpty else { raw("[]"); return }
      out.append(0x5B)
      depth = level + 1
      for (i, v) in values.enumerated() {
        if i > 0 { out.append(0x2C) }
        newline(indent: level + 1)
        try each(&self, v)
      }
      depth = level
      newline(indent: level)
      out.append(0x5D)
    }
  }

  /// Writes the fields of one object, in the order given (callers give them sorted).
  struct ObjectWriter {
    var writer: Writer
    let level: Int
    var count = 0

    mutating func field(_ key: String, _ value: (inout Writer) throws(JSONLine.NonFinite) -> Void) throws(JSONLine.NonFinite) {
      if count > 0 { writer.out.append(0x2C) }
      writer.newline(indent: level + 1)
      writer.string(key)
      writer.raw(" : ")
      count += 1
      writer.depth = level + 1
      try value(&writer)
    }

    mutating func field(_ key: String, _ value: (inout Writer) -> Void) {
      try? field(key) { (w: inout Writer) throws(JSONLine.NonFinite) in value(&w) }
    }
  }
}
