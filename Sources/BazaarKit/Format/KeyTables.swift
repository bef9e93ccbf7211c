/// The key tables of the reference (docs/course-format.md), written from here by `bazaar-format`:
/// what each key of the format is for, in words for an instructor. Each table names the keys it
/// must cover, read from the format's tables, and a test fails when a key has no row or a row names
/// a key that does not exist, so the reference cannot fall behind the format.
public struct KeyTable: Sendable {
  /// The name in the reference's `<!-- generated: keys NAME -->`.
  public let name: String
  /// The keys the rows must cover: each one, and no other.
  public let covers: [String]
  public let header: [String]
  /// Each row's cells; the first holds the key (or keys) in backquotes.
  public let rows: [[String]]

  /// The table in Markdown.
  public var markdown: String {
    func line(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }
    return ([line(header), "|" + String(repeating: "---|", count: header.count)] + rows.map(line)).joined(separator: "\n")
  }

  /// The keys a row names: the backquoted words of its first cell (`min`, `max`).
  public static func keys(of row: [String]) -> [String] {
    guard let first = row.first else { return [] }
    return first.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }
      .map { String($0.element) }
  }
}

extension KeyTable {
  public static let all: [KeyTable] = [
    KeyTable(
      name: "course", covers: CourseFormat.root.known,
      header: [#"Key"#, #"Required"#, #"What to write"#, #"Default"#],
      rows: [
        [
          #"`format`"#,
          #"no"#,
          #"The course format version. Only `1` exists. A higher number gives E033 ("update Bazaar")."#,
          #"`1`"#,
        ],
        [
          #"`id`"#,
          #"yes"#,
          #"The course's id. ASCII letters, digits, `-`, `_`, `.`; at most 80; not starting with `-` or `.`. No Chinese, no spaces. Learners' progress is stored under it, so do not change it later."#,
          #"—"#,
        ],
        [
          #"`version`"#,
          #"yes"#,
          #"Your version of the course, e.g. `1.0.0`. Change it when you change the course."#,
          #"—"#,
        ],
        [
          #"`title`"#,
          #"yes"#,
          #"The course title (text, or one text per language)."#,
          #"—"#,
        ],
        [
          #"`description`"#,
          #"no"#,
          #"One or two sentences: what the course teaches and to whom."#,
          #"none"#,
        ],
        [
          #"`languages`"#,
          #"yes"#,
          #"The languages the course is written in, **main language first**: `[zh, en]`. Codes are 2–3 lowercase letters (`zh`, `en`, `ug`), optionally with a region or script: `zh-Hans`."#,
          #"—"#,
        ],
        [
          #"`sources`"#,
          #"no"#,
          #"Where the facts come from (section 11)."#,
          #"none"#,
        ],
        [
          #"`policy`"#,
          #"no"#,
          #"Rules for learners (below)."#,
          #"see below"#,
        ],
        [
          #"`lexicons`"#,
          #"no"#,
          #"Lexicons to check in **every** listing and pitch answer and live scenario (section 12). One name or a list."#,
          #"none"#,
        ],
        [
          #"`lessons`"#,
          #"yes"#,
          #"The lessons, in order. At least one (E016)."#,
          #"—"#,
        ],
      ]),
    KeyTable(
      name: "policy", covers: CourseFormat.policy.known,
      header: [#"Key"#, #"What it does"#, #"Allowed"#, #"Default"#],
      rows: [
        [
          #"`skip`"#,
          #"Learners may type `:skip` to skip a question (it is recorded as skipped)."#,
          #"`true` / `false`"#,
          #"`true`"#,
        ],
        [
          #"`attempts`"#,
          #"Tries per question. `0` means unlimited. A `truefalse` question always has one try (a second could not be wrong)."#,
          #"whole number 0–100"#,
          #"`2`"#,
        ],
        [
          #"`hint_penalty`"#,
          #"Share of the question's score lost for each hint used. `0.1` = 10%."#,
          #"0–1"#,
          #"`0` (hints are free)"#,
        ],
        [
          #"`retry_penalty`"#,
          #"Share of the question's score lost for each wrong try before the one that counts. `0.3`: right on the second try = 70%, on the third = 40%. The best try counts."#,
          #"0–1"#,
          #"`0` (a retry can still earn full marks)"#,
        ],
        [
          #"`shuffle`"#,
          #"Shuffle the options of `choice` questions for each learner. A question's own `shuffle:` wins. (`order` and `match` are always shuffled.)"#,
          #"`true` / `false`"#,
          #"`true`"#,
        ],
        [
          #"`pass_score`"#,
          #"Score a lesson needs to count as passed. `0.6` = 60%."#,
          #"0–1"#,
          #"`0.6`"#,
        ],
      ]),
    KeyTable(
      name: "lesson", covers: CourseFormat.lesson.known,
      header: [#"Key"#, #"Required"#, #"What to write"#],
      rows: [
        [
          #"`id`"#,
          #"yes"#,
          #"The lesson id, unique in the course (E014). Same characters as the course id."#,
        ],
        [
          #"`title`"#,
          #"yes"#,
          #"The lesson title."#,
        ],
        [
          #"`steps`"#,
          #"yes"#,
          #"The steps, in order. At least one (E016)."#,
        ],
        [
          #"`cites`"#,
          #"no"#,
          #"Source ids for the lesson (section 11)."#,
        ],
        [
          #"`draw`"#,
          #"no"#,
          #"A pool: each learner gets this many of the lesson's questions, chosen for them (text and live steps are always shown, and the questions stay in your order). The choice depends only on the learner and the course, so it is the same on every PC, when they resume, and when their transcripts are graded. At most the number of questions in the lesson (E025). The gradebook counts, for each learner, only the questions they were given; each question's statistics count the learners who had it. Example: `draw: 10` over a lesson of 50 imported questions."#,
        ],
        [
          #"`policy`"#,
          #"no"#,
          #"This lesson's own rules, written like the course's `policy:` (section 5). Each key it writes replaces the course's for this lesson only; the others stay the course's. E.g. a final test: `policy: {pass_score: 0.8, attempts: 1, skip: false}`. The lesson summary, the gradebook's pass/fail and the xAPI `passed`/`failed` all use it."#,
        ],
      ]),
    KeyTable(
      name: "bank", covers: SharedBank.root.known,
      header: [#"Key"#, #"Required"#, #"What to write"#],
      rows: [
        [
          #"`bank`"#,
          #"yes"#,
          #"The bank's id (same characters as a course id)."#,
        ],
        [
          #"`title`"#,
          #"no"#,
          #"What the questions are about."#,
        ],
        [
          #"`languages`"#,
          #"yes"#,
          #"The languages the bank is written in. A course that includes it and lists a language the bank lacks gets one W001 at the `include:` step; learners in that language see the bank's first language."#,
        ],
        [
          #"`questions`"#,
          #"yes"#,
          #"The questions (text steps too), written exactly as in a lesson's `steps:`."#,
        ],
      ]),
    KeyTable(
      name: "question", covers: CourseFormat.commonQuestionKeys.map(\.name),
      header: [#"Key"#, #"Required"#, #"What to write"#, #"Default"#],
      rows: [
        [
          #"`id`"#,
          #"yes"#,
          #"The question id, **unique in the whole course** (E014). ASCII letters, digits, `-`, `_`, `.`. Progress refers to it: do not change it once learners have started."#,
          #"—"#,
        ],
        [
          #"`kind`"#,
          #"yes"#,
          #"One of `choice`, `truefalse`, `short`, `number`, `calc`, `order`, `match`, `listing`, `pitch`. A misspelt kind gives E013 with a suggestion. (`kind: live` makes the step a live scenario instead: section 13.)"#,
          #"—"#,
        ],
        [
          #"`prompt`"#,
          #"yes"#,
          #"The question. In `calc` questions, `{name}` shows a variable (section 9.5)."#,
          #"—"#,
        ],
        [
          #"`hints`"#,
          #"no"#,
          #"Hints, shown one at a time when the learner asks. A list; one hint may be written as plain text. Each hint used costs `policy.hint_penalty`."#,
          #"none"#,
        ],
        [
          #"`explanation`"#,
          #"no, but recommended"#,
          #"Shown after the question is answered: why the answer is right. Without it lint warns (W002)."#,
          #"none"#,
        ],
        [
          #"`points`"#,
          #"no"#,
          #"The question's weight in the lesson score, 0–1000. A question with `points: 2` counts twice."#,
          #"`1`"#,
        ],
        [
          #"`wrong_examples`"#,
          #"no"#,
          #"Answers that must **not** get full marks. Lint grades each one (section 10)."#,
          #"none"#,
        ],
        [
          #"`cites`"#,
          #"no"#,
          #"Source ids this question's facts come from (section 11)."#,
          #"none"#,
        ],
      ]),
    KeyTable(
      name: "choice", covers: CourseFormat.kindKeys("choice") + ["correct", "feedback"],
      header: [#"Key"#, #"Required"#, #"What to write"#, #"Default"#],
      rows: [
        [
          #"`options`"#,
          #"yes"#,
          #"2 to 26 options (E018), shown as A, B, C…. Each is plain text, a language map `{zh: …, en: …}`, or a mapping with `text:` (required), `correct:` and `feedback:`. No two options may read the same (E014; compared after normalising width, case, punctuation and spaces)."#,
          #"—"#,
        ],
        [
          #"`correct` (in an option)"#,
          #"—"#,
          #"`true` for a right option."#,
          #"`false`"#,
        ],
        [
          #"`feedback` (in an option)"#,
          #"no"#,
          #"Shown when the learner picks this option."#,
          #"none"#,
        ],
        [
          #"`answer`"#,
          #"one of the two"#,
          #"The right option letter(s), counted **in the order you wrote the options**: `answer: B` or `answer: [A, C]`. Use either `answer:` or `correct: true`, not both (E018)."#,
          #"—"#,
        ],
        [
          #"`shuffle`"#,
          #"no"#,
          #"Shuffle the options for each learner."#,
          #"`policy.shuffle` (`true`)"#,
        ],
        [
          #"`penalty`"#,
          #"no"#,
          #"Only with several right options: what each wrong tick costs, as a share of one right tick's credit. 0–1."#,
          #"`1`"#,
        ],
      ]),
    KeyTable(
      name: "truefalse", covers: CourseFormat.kindKeys("truefalse"),
      header: [#"Key"#, #"Required"#, #"What to write"#],
      rows: [
        [
          #"`answer`"#,
          #"yes"#,
          #"`true` or `false` (E010 if missing)."#,
        ],
      ]),
    KeyTable(
      name: "short", covers: CourseFormat.kindKeys("short"),
      header: [#"Key"#, #"Required"#, #"What to write"#, #"Default"#],
      rows: [
        [
          #"`answer`"#,
          #"one of the two"#,
          #"The one accepted answer."#,
          #"—"#,
        ],
        [
          #"`answers`"#,
          #"one of the two"#,
          #"A list. Each entry is plain text, or a mapping (below). Not together with `answer:` (E018)."#,
          #"—"#,
        ],
        [
          #"`case_sensitive`"#,
          #"no"#,
          #"Upper and lower case must match."#,
          #"`false`"#,
        ],
      ]),
    KeyTable(
      name: "short-answer", covers: CourseFormat.shortAnswer.known,
      header: [#"Key"#, #"What to write"#, #"Default"#],
      rows: [
        [
          #"`text`"#,
          #"Accepted text, or a list of texts that count the same."#,
          #"—"#,
        ],
        [
          #"`regex`"#,
          #"A regular expression instead of `text:` (not both, E018)."#,
          #"—"#,
        ],
        [
          #"`family`"#,
          #"Instead of `text:` or `regex:`: the name of a **phrase family** of the course's lexicons (section 12), e.g. `family: postage`. Any one phrase of the family is accepted. A name no lexicon of the course defines gives E042."#,
          #"—"#,
        ],
        [
          #"`credit`"#,
          #"The score for this answer, 0–1."#,
          #"`1`"#,
        ],
        [
          #"`feedback`"#,
          #"Shown when the learner gives this answer."#,
          #"none"#,
        ],
        [
          #"`examples`"#,
          #"For `regex:` only: answers the expression must accept. Lint checks them (E030). Without examples lint warns (W005)."#,
          #"none"#,
        ],
      ]),
    KeyTable(
      name: "number", covers: CourseFormat.kindKeys("number"),
      header: [#"Key"#, #"Required"#, #"What to write"#, #"Default"#],
      rows: [
        [
          #"`answer`"#,
          #"one of the two"#,
          #"The one accepted number."#,
          #"—"#,
        ],
        [
          #"`answers`"#,
          #"one of the two"#,
          #"A list. Each entry is a number, or a mapping (below). Not together with `answer:` (E018)."#,
          #"—"#,
        ],
        [
          #"`tolerance`"#,
          #"no"#,
          #"How far off an answer may be, for every entry: a number (`0.05` = ±0.05) or a percentage of the right value (`"1%"`). Not negative."#,
          #"`0` (exact)"#,
        ],
        [
          #"`unit`"#,
          #"no"#,
          #"The unit: `元`, `kg`, `斤`, `元/斤`, `箱`, or one per language: `{zh: 张, en: image}` (either may be typed, singular or plural; each learner reads their own). Typing it is optional; typing a **different** unit is wrong. `元` reads as "yuan" for learners not in Chinese. Do not write `unit: "%"` (E013); use `percent: true`."#,
          #"none"#,
        ],
        [
          #"`percent`"#,
          #"no"#,
          #"The answer is a percentage. Write `answer: 30` (or `"30%"`) for 30%."#,
          #"`false`"#,
        ],
        [
          #"`accept_fraction`"#,
          #"no"#,
          #"Only with `percent: true` (E019 otherwise): also accept `0.3` for 30%."#,
          #"`false`"#,
        ],
      ]),
    KeyTable(
      name: "number-answer", covers: CourseFormat.numberAnswer.known,
      header: [#"Key"#, #"What to write"#, #"Default"#],
      rows: [
        [
          #"`value`"#,
          #"The accepted value."#,
          #"—"#,
        ],
        [
          #"`tolerance`"#,
          #"For this value only."#,
          #"the question's `tolerance`, else 0"#,
        ],
        [
          #"`min`, `max`"#,
          #"Instead of `value:`: every number from `min` to `max` is accepted (both needed; not with `value:` (E018) or `tolerance:` (E019); `min` ≤ `max` (E025))."#,
          #"—"#,
        ],
        [
          #"`credit`"#,
          #"The score, 0–1. `credit: 0` is useful for feedback on a typical mistake; without `feedback`, the learner is told it is a common mistake."#,
          #"`1`"#,
        ],
        [
          #"`feedback`"#,
          #"Shown when the learner's number matches this entry."#,
          #"none"#,
        ],
      ]),
    KeyTable(
      name: "calc", covers: CourseFormat.kindKeys("calc"),
      header: [#"Key"#, #"Required"#, #"What to write"#, #"Default"#],
      rows: [
        [
          #"`vars`"#,
          #"no"#,
          #"The variables. Each is `name: {min: …, max: …, step: …}` (values from min to max in steps), `name: {values: […]}`, or `name: […]` (same as `values`)."#,
          #"none"#,
        ],
        [
          #"`formula`"#,
          #"yes"#,
          #"The formula for the right answer (below)."#,
          #"—"#,
        ],
        [
          #"`wrong_formulas`"#,
          #"no, but recommended"#,
          #"Typical wrong ways to work it out, e.g. `["(price - cost) / cost"]` for a margin (the markup instead). A random question cannot have fixed `wrong_examples`; instead, for every set of values lint draws, each wrong formula's answer must not get full marks (E031, with the values). A learner whose answer is what a wrong formula gives is told it is a common mistake, or, when you write it as `{formula: "price - credit", feedback: {zh: 这只是尾款，还要加上定金。, en: That is only the balance; add the deposit.}}`, your words."#,
          #"none"#,
        ],
        [
          #"`decimals`"#,
          #"no"#,
          #"Decimals the right answer is rounded to when shown, 0–6."#,
          #"`2`"#,
        ],
        [
          #"`tolerance`"#,
          #"no"#,
          #"How far off an answer may be: a number or a percentage (`"1%"`)."#,
          #"half a unit of the last decimal: `0.005` for 2 decimals, `0.05` for 1"#,
        ],
        [
          #"`unit`"#,
          #"no"#,
          #"As in `number`."#,
          #"none"#,
        ],
        [
          #"`percent`"#,
          #"no"#,
          #"The formula gives a fraction (0.376) and the learner answers in percent (37.6%). `decimals` and `tolerance` then apply to the percent number."#,
          #"`false`"#,
        ],
        [
          #"`accept_fraction`"#,
          #"no"#,
          #"With `percent: true`, also accept `0.376` for 37.6%."#,
          #"`false`"#,
        ],
      ]),
    KeyTable(
      name: "order", covers: CourseFormat.kindKeys("order"),
      header: [#"Key"#, #"Required"#, #"What to write"#],
      rows: [
        [
          #"`items`"#,
          #"yes"#,
          #"2 to 26 items (E018), **written in the correct order**. No two items may have the same text (E014)."#,
        ],
      ]),
    KeyTable(
      name: "match", covers: CourseFormat.kindKeys("match"),
      header: [#"Key"#, #"Required"#, #"What to write"#],
      rows: [
        [
          #"`pairs`"#,
          #"yes"#,
          #"2 to 26 pairs (E018), each `{left: …, right: …}`. All left texts must differ, and all right texts (E014)."#,
        ],
      ]),
    KeyTable(
      name: "listing", covers: CourseFormat.kindKeys("listing"),
      header: [#"Key"#, #"Required"#, #"What to write"#, #"Default"#],
      rows: [
        [
          #"`max_bytes`"#,
          #"no"#,
          #"Most bytes. A Chinese character (and any other non-ASCII character, including full-width punctuation) counts 2; letters, digits, spaces and ASCII punctuation count 1. Taobao allows 60 bytes = 30 Chinese characters. 1–20,000."#,
          #"no limit"#,
        ],
        [
          #"`max_chars`"#,
          #"no"#,
          #"Most characters, 1–10,000."#,
          #"no limit"#,
        ],
        [
          #"`min_chars`"#,
          #"no"#,
          #"Fewest characters, 0–10,000. Not above `max_chars` (E025)."#,
          #"no minimum"#,
        ],
        [
          #"`keywords`"#,
          #"no"#,
          #"Words the title must contain. An entry that is a list means *any one of these*."#,
          #"none"#,
        ],
        [
          #"`lexicons`"#,
          #"no"#,
          #"Lexicons for this question, added to the course's `lexicons:`."#,
          #"none"#,
        ],
        [
          #"`banned`"#,
          #"no"#,
          #"Extra banned words for this question only: plain words, or, like a lexicon's terms, `{term: 好物, reason: {zh: …, en: …}, advice: {zh: …, en: …}}` so the learner is told why."#,
          #"none"#,
        ],
        [
          #"`penalty`"#,
          #"no"#,
          #"Score lost per different banned word found, 0–1."#,
          #"`0.5`"#,
        ],
        [
          #"`model_answer`"#,
          #"no, but recommended"#,
          #"A title that gets full marks, or one per language (`zh: …`, `en: …`); learners are shown the one in their language. Lint checks each (E030); without it lint warns (W007)."#,
          #"none"#,
        ],
      ]),
    KeyTable(
      name: "pitch", covers: CourseFormat.kindKeys("pitch"),
      header: [#"Key"#, #"Required"#, #"What to write"#, #"Default"#],
      rows: [
        [
          #"`concepts`"#,
          #"yes"#,
          #"The points a good answer covers. At least one (E018)."#,
          #"—"#,
        ],
        [
          #"`min_chars`"#,
          #"no"#,
          #"Fewest characters, 0–100,000."#,
          #"no minimum"#,
        ],
        [
          #"`max_chars`"#,
          #"no"#,
          #"Most characters, 1–100,000."#,
          #"no limit"#,
        ],
        [
          #"`lexicons`"#,
          #"no"#,
          #"Lexicons for this question, added to the course's `lexicons:`."#,
          #"none"#,
        ],
        [
          #"`banned`"#,
          #"no"#,
          #"Extra banned words for this question only: plain words, or, like a lexicon's terms, `{term: 好物, reason: {zh: …, en: …}, advice: {zh: …, en: …}}` so the learner is told why."#,
          #"none"#,
        ],
        [
          #"`penalty`"#,
          #"no"#,
          #"Score lost per different banned word found, and per wrong fact (`facts:`, below), 0–1."#,
          #"`0.25`"#,
        ],
        [
          #"`model_answer`"#,
          #"no, but recommended"#,
          #"A text that gets full marks, or one per language (`zh: …`, `en: …`); learners are shown the one in their language. Lint checks each (E030); without it lint warns (W007)."#,
          #"none"#,
        ],
        [
          #"`facts`"#,
          #"no"#,
          #"The product the answer talks about, with the terms the prompt gives the learner (below). An answer that contradicts them loses `penalty` per wrong fact."#,
          #"none"#,
        ],
        [
          #"`promotions`"#,
          #"no"#,
          #"Promotions running for that product, written like a live scenario's (section 13): a coupon's price is then a right price. Needs `facts:` with a `price:`."#,
          #"none"#,
        ],
      ]),
    KeyTable(
      name: "concept", covers: CourseFormat.concept.known,
      header: [#"Key"#, #"Required"#, #"What to write"#, #"Default"#],
      rows: [
        [
          #"`id`"#,
          #"yes"#,
          #"Unique in the question (E014)."#,
          #"—"#,
        ],
        [
          #"`cues`"#,
          #"one of `cues`, `topic`, `families`"#,
          #"Words that show the concept is covered; **any one** is enough. A list, or one list per language (`zh: […]`, `en: […]`; each language must be in `languages:`, E015). At least one cue (E013)."#,
          #"—"#,
        ],
        [
          #"`topic`"#,
          #"one of the three"#,
          #"A cue topic (`returns`, `shipping`, `call_to_action`… section 12): the words a cue lexicon of the question or the course lists for it count as cues too, with its exemptions. A cue lexicon must list the topic (E040)."#,
          #"none"#,
        ],
        [
          #"`families`"#,
          #"one of the three"#,
          #"Phrase families of the question's or the course's lexicons (section 12): `families: [greeting]`. Every phrase of the family counts as a cue. An unknown family gives E042. The reserved family `refusal` is covered by refusing a health claim (section 12)."#,
          #"none"#,
        ],
        [
          #"`label`"#,
          #"no"#,
          #"What the learner is told is covered (✓) or missing (✗)."#,
          #"the `id`"#,
        ],
        [
          #"`weight`"#,
          #"no"#,
          #"How much the concept counts, 0–100. Not all 0 (E018)."#,
          #"`1`"#,
        ],
      ]),
    KeyTable(
      name: "source", covers: CourseFormat.source.known,
      header: [#"Key"#, #"Required"#, #"What to write"#],
      rows: [
        [
          #"`id`"#,
          #"yes"#,
          #"A short key, unique in the course (E014): `R31`. Same characters as other ids."#,
        ],
        [
          #"`title`"#,
          #"yes"#,
          #"The title, or a short description."#,
        ],
        [
          #"`url`"#,
          #"no"#,
          #"Where to find it, if public."#,
        ],
        [
          #"`note`"#,
          #"no"#,
          #"Caveats: "unverified", "check the current platform rule"."#,
        ],
      ]),
    KeyTable(
      name: "lexicon", covers: LexiconFormat.root.known.filter { key in !LexiconFormat.grammarKeys.contains { $0.name == key } },
      header: [#"Key"#, #"Required"#, #"What to write"#, #"Default"#],
      rows: [
        [
          #"`lexicon`"#,
          #"yes"#,
          #"The name courses use. It should equal the file name without `.yaml` (W008)."#,
          #"—"#,
        ],
        [
          #"`category`"#,
          #"yes"#,
          #"What kind of words: `absolute`, `medical`, `price`, `scarcity`, `title`…; `cue` and `grammar` have their own rules (below). Same characters as ids."#,
          #"—"#,
        ],
        [
          #"`terms`"#,
          #"yes, unless `families:` or `category: grammar`"#,
          #"The words, at least one (E016). Each is a pattern (below): plain text, or a mapping (below)."#,
          #"—"#,
        ],
        [
          #"`title`"#,
          #"no"#,
          #"The lexicon's title."#,
          #"the name"#,
        ],
        [
          #"`rule`"#,
          #"no"#,
          #"The rule the words break. Shown to learners when a term has no `reason:`."#,
          #"none"#,
        ],
        [
          #"`languages`"#,
          #"no"#,
          #"The languages of the texts, e.g. `[zh, en]`."#,
          #"none"#,
        ],
        [
          #"`exempt`"#,
          #"no"#,
          #"Patterns of phrases in which **any** term of this lexicon is allowed (below)."#,
          #"none"#,
        ],
        [
          #"`sources`"#,
          #"no"#,
          #"Where the words and their reasons come from (below)."#,
          #"none"#,
        ],
        [
          #"`families`"#,
          #"no"#,
          #"Phrase families (below)."#,
          #"none"#,
        ],
        [
          #"`topics`"#,
          #"no"#,
          #"Cue lexicons only (below)."#,
          #"none"#,
        ],
      ]),
    KeyTable(
      name: "term", covers: LexiconFormat.termObject.known,
      header: [#"Key"#, #"Required"#, #"What to write"#],
      rows: [
        [
          #"`term`"#,
          #"yes"#,
          #"The word or phrase, as a pattern (below)."#,
        ],
        [
          #"`topic`"#,
          #"in a cue lexicon, yes (E038)"#,
          #"Cue lexicons (`category: cue`) only: the topic the word shows, one of `price`, `shipping`, `origin`, `returns`, `shelf_life`, `weight`, `stock`, `show`, `call_to_action`, `engage`, `urgency` (E039 otherwise). Elsewhere ignored (W012)."#,
        ],
        [
          #"`reason`"#,
          #"no"#,
          #"Why it is banned. Default: the lexicon's `rule`."#,
        ],
        [
          #"`advice`"#,
          #"no"#,
          #"What to say instead."#,
        ],
        [
          #"`exempt`"#,
          #"no"#,
          #"Patterns of phrases in which this term is allowed."#,
        ],
      ]),
    KeyTable(
      name: "grammar", covers: LexiconFormat.grammarKeys.map(\.name),
      header: [#"Key"#, #"What it does"#, #"From `grammar-zh`"#, #"From `grammar-en`"#],
      rows: [
        [
          #"`negations`"#,
          #"deny a claim that follows within `reach` characters in the same clause, unless a breaker stands between"#,
          #"不, 没有, 别, 不能, 不会, 不是, 无法, `'(治\|看\|医)不了'`"#,
          #"not, never, no, cannot, without, can't, don't, doesn't, won't"#,
        ],
        [
          #"`strong_negations`"#,
          #"deny every claim after them to the end of the clause, whatever stands between"#,
          #"不是说, 我们不说, 不保证, 别信, 不要相信, 没有科学依据"#,
          #"we never say, we don't claim, don't believe, there's no evidence"#,
        ],
        [
          #"`denials`"#,
          #"after a claim, in its clause, deny it"#,
          #"是骗人的, 都是假的, 是谣言, 不靠谱, 没这回事"#,
          #"is a myth, is not true, is fake, isn't true"#,
        ],
        [
          #"`not_negations`"#,
          #"hold a negation word but deny nothing"#,
          #"不仅, 不但, 不错, 不少, 非常, 无添加, 能不能, 是不是, 包不包邮"#,
          #"not only, no doubt, not bad, no added sugar, can't wait, don't miss"#,
        ],
        [
          #"`reach`"#,
          #"how many characters after a negation it still reaches (1–200)"#,
          #"`8`"#,
          #"`32`"#,
        ],
        [
          #"`breakers`"#,
          #"start a new statement inside a clause: a negation before them stops there"#,
          #"就, 才, 而且, 所以, 因为, 只要, 却"#,
          #"and, so, because, then, also, plus"#,
        ],
        [
          #"`rhetorical`"#,
          #"turn the clause around"#,
          #"谁说, 难道, 怎么可能, `'哪里(会\|能)'`"#,
          #"who says, who told you, how could it not"#,
        ],
        [
          #"`reported`"#,
          #"make the clause someone else's question"#,
          #"有人问, 很多朋友在问, 刚才有人问, 问我"#,
          #"someone asked, viewers are asking, asked me if"#,
        ],
        [
          #"`no_answers`"#,
          #"a clause of only one of these, right after a yes/no question, answers it "no""#,
          #"不能, 不行, 不是, 没有, 当然不能, 没这个功效"#,
          #"no, nope, it can't, of course not"#,
        ],
        [
          #"`question_markers`"#,
          #"make a clause a question (besides `？`)"#,
          #"吗, 能不能, 是不是, 有没有"#,
          #"does it, can it, is it, will it"#,
        ],
        [
          #"`contrast`"#,
          #"start a new clause"#,
          #"但是, 可是, 但, 不过, 然而, 只是"#,
          #"but, however, though, although, yet"#,
        ],
        [
          #"`fillers`"#,
          #"carry no content of their own"#,
          #"的, 了, 啊, 哦, 吧, 亲, 家人们, 宝宝们, 大家, 真的, 现在"#,
          #"the, a, guys, everyone, ok, really, now, please"#,
        ],
      ]),
    KeyTable(
      name: "live", covers: CourseFormat.live.known,
      header: [#"Key"#, #"Required"#, #"What to write"#, #"Default"#],
      rows: [
        [
          #"`kind`"#,
          #"yes"#,
          #"`live`."#,
          #"—"#,
        ],
        [
          #"`id`"#,
          #"yes"#,
          #"The scenario id. It shares one list with the question ids: **unique among the course's questions and scenarios** (E014). The trainee picks a scenario with `bazaar live COURSE --scenario ID`."#,
          #"—"#,
        ],
        [
          #"`title`"#,
          #"yes"#,
          #"Shown when the session starts."#,
          #"—"#,
        ],
        [
          #"`brief`"#,
          #"no"#,
          #"What the trainee is told before going live: the situation and the facts they may use."#,
          #"none"#,
        ],
        [
          #"`minutes`"#,
          #"yes"#,
          #"How long the session lasts, in simulated minutes: 1–240, decimals allowed (`10.5` is 10 min 30 s)."#,
          #"—"#,
        ],
        [
          #"`seed`"#,
          #"no"#,
          #"A whole number 0 to 2^53 (9007199254740992). The room's random viewers, questions and chatter come from it, so every trainee faces the same room. Change it for a different room."#,
          #"taken from the `id`"#,
        ],
        [
          #"`cites`"#,
          #"no"#,
          #"Source ids (section 11)."#,
          #"none"#,
        ],
        [
          #"`lexicons`"#,
          #"no"#,
          #"Lexicons checked on every line the host says, added to the course's `lexicons:` (section 12)."#,
          #"none"#,
        ],
        [
          #"`products`"#,
          #"yes"#,
          #"The products on the shelf, at least one (E016). The first is presented first (below)."#,
          #"—"#,
        ],
        [
          #"`audience`"#,
          #"no"#,
          #"Who comes into the room (below)."#,
          #"see below"#,
        ],
        [
          #"`events`"#,
          #"no"#,
          #"Viewer comments and questions at given times (below)."#,
          #"none"#,
        ],
        [
          #"`chatter`"#,
          #"no"#,
          #"Extra random comments, each a text (`{zh: …, en: …}`). They are added to Bazaar's built-in chatter."#,
          #"none"#,
        ],
        [
          #"`promotions`"#,
          #"no"#,
          #"Promotions the host may start (below)."#,
          #"none"#,
        ],
        [
          #"`topics`"#,
          #"yes"#,
          #"What the host is expected to say, with cue words, at least one (E016)."#,
          #"—"#,
        ],
        [
          #"`rubric`"#,
          #"no"#,
          #"How the score is weighted (below)."#,
          #"see below"#,
        ],
      ]),
    KeyTable(
      name: "product", covers: CourseFormat.liveProduct.known,
      header: [#"Key"#, #"Required"#, #"What to write"#, #"Default"#],
      rows: [
        [
          #"`id`"#,
          #"yes"#,
          #"The product id, unique in the scenario (E014). Events and promotions refer to it."#,
          #"—"#,
        ],
        [
          #"`name`"#,
          #"yes"#,
          #"The product's name as listed. The name always counts as a cue for the product."#,
          #"—"#,
        ],
        [
          #"`price`"#,
          #"yes"#,
          #"What a buyer pays, in yuan. Above 0, at most 10,000,000 (as are `original_price` and promotions' amounts)."#,
          #"—"#,
        ],
        [
          #"`original_price`"#,
          #"no"#,
          #"A crossed-out "original" price. Must be above `price` (E025), and needs `original_price_basis:` (E035)."#,
          #"none"#,
        ],
        [
          #"`original_price_basis`"#,
          #"with `original_price`"#,
          #"What the crossed-out price is based on, e.g. `{zh: 活动前7天最低成交价, en: lowest price of the 7 days before the promotion}`. 《规范促销行为暂行规定》 requires a real basis for a crossed-out price. Without `original_price` it is unused (W011)."#,
          #"—"#,
        ],
        [
          #"`stock`"#,
          #"yes"#,
          #"Units in stock at the start, a whole number, 0 or more."#,
          #"—"#,
        ],
        [
          #"`origin`"#,
          #"yes"#,
          #"Where it comes from, as the host should say it."#,
          #"—"#,
        ],
        [
          #"`origin_cues`"#,
          #"no"#,
          #"Other words that count as naming the origin: `[阿克苏, Aksu]`. The `origin` text always counts."#,
          #"none"#,
        ],
        [
          #"`weight`"#,
          #"no"#,
          #"Net weight or size as text: `500g`. (`weight: 500` is read as the text `500`.)"#,
          #"none"#,
        ],
        [
          #"`shelf_life`"#,
          #"no"#,
          #"Shelf life: `{zh: 12个月, en: 12 months}`."#,
          #"none"#,
        ],
        [
          #"`cues`"#,
          #"no"#,
          #"Words that show the host is talking about this product: `[枣夹核桃, jujube]`."#,
          #"none"#,
        ],
        [
          #"`shipping`"#,
          #"no"#,
          #"How it ships (below)."#,
          #"see below"#,
        ],
        [
          #"`returns`"#,
          #"no"#,
          #"After-sales terms (below)."#,
          #"see below"#,
        ],
      ]),
    KeyTable(
      name: "shipping", covers: CourseFormat.liveShipping.known,
      header: [#"Key"#, #"What to write"#, #"Default"#],
      rows: [
        [
          #"`free`"#,
          #"`true` if postage is free (to the regions not in `excluded`)."#,
          #"`false`"#,
        ],
        [
          #"`from`"#,
          #"Where parcels leave from."#,
          #"none"#,
        ],
        [
          #"`dispatch_hours`"#,
          #"Hours from order to dispatch that the shop promises, 1–720: `48`."#,
          #"none"#,
        ],
        [
          #"`delivery_days`"#,
          #"Days to deliver to most of the country, 1–60: one number (`4`), or `[fewest, most]` (`[3, 5]`; the first not above the second, E025)."#,
          #"none"#,
        ],
        [
          #"`excluded`"#,
          #"Regions not covered: `[西藏, 青海]`."#,
          #"none"#,
        ],
        [
          #"`no_delivery`"#,
          #"Regions not delivered to at all (fresh fruit that would spoil on the way): `[西藏, 青海, 海南]`. List them in `excluded` too. A scripted viewer whose words or name mention one never orders, however well the host sells."#,
          #"none"#,
        ],
        [
          #"`note`"#,
          #"Anything else the host may say about shipping."#,
          #"none"#,
        ],
      ]),
    KeyTable(
      name: "returns", covers: CourseFormat.liveReturns.known,
      header: [#"Key"#, #"What to write"#, #"Default"#],
      rows: [
        [
          #"`seven_day`"#,
          #"Whether 7-day no-reason return (七日无理由退货) applies. Fresh and perishable goods can be exempt: then write `false`."#,
          #"`true`"#,
        ],
        [
          #"`note`"#,
          #"What happens with damaged goods, who pays return postage."#,
          #"none"#,
        ],
      ]),
    KeyTable(
      name: "audience", covers: CourseFormat.liveAudience.known,
      header: [#"Key"#, #"What to write"#, #"Default"#],
      rows: [
        [
          #"`arrivals_per_minute`"#,
          #"New viewers per simulated minute at the start, 0–1000 (decimals allowed)."#,
          #"`6`"#,
        ],
        [
          #"`patience_seconds`"#,
          #"How long a viewer waits for an answer before leaving, 5–600 seconds."#,
          #"`45`"#,
        ],
        [
          #"`initial_viewers`"#,
          #"Viewers already in the room at the start, 0–10,000."#,
          #"`3`"#,
        ],
        [
          #"`personas`"#,
          #"The share of each kind of viewer, e.g. `{bargain_hunter: 0.3, sceptic: 0.2, gift_buyer: 0.2, lurker: 0.3}`. Shares are numbers 0–1000; Bazaar divides each by their total, so `{sceptic: 1, lurker: 1}` means half and half. A persona you leave out gets 0. Not all 0 (E018)."#,
          #"`{bargain_hunter: 0.3, sceptic: 0.2, gift_buyer: 0.2, lurker: 0.3}`"#,
        ],
      ]),
    KeyTable(
      name: "event", covers: CourseFormat.liveEvent.known,
      header: [#"Key"#, #"Required"#, #"What to write"#],
      rows: [
        [
          #"`at`"#,
          #"yes"#,
          #"When, as `"mm:ss"` (`"01:30"`), `"h:mm:ss"` (`"1:05:00"`), or a number of seconds (`90`). Seconds are two digits, below 60. Quote times: `at: "01:30"`."#,
        ],
        [
          #"`viewer`"#,
          #"yes"#,
          #"The viewer's nickname: `阿依古丽`."#,
        ],
        [
          #"`text`"#,
          #"yes"#,
          #"What the viewer says."#,
        ],
        [
          #"`persona`"#,
          #"no"#,
          #"The viewer's persona (above)."#,
        ],
        [
          #"`asks`"#,
          #"no"#,
          #"If the comment is a question the host should answer, what about: `price`, `shipping`, `origin`, `returns`, `shelf_life`, `weight` or `stock`. The host's answer is checked against the product's facts."#,
        ],
        [
          #"`product`"#,
          #"no"#,
          #"Which product the comment is about (a product `id`; default: the first product)."#,
        ],
      ]),
    KeyTable(
      name: "promotion", covers: CourseFormat.livePromotion.known,
      header: [#"Key"#, #"Required"#, #"What to write"#, #"Default"#],
      rows: [
        [
          #"`id`"#,
          #"yes"#,
          #"The promotion id, unique in the scenario (E014). The host types it after `:promo`."#,
          #"—"#,
        ],
        [
          #"`label`"#,
          #"yes"#,
          #"What the host and viewers see: `{zh: 5元无门槛券, en: 5-yuan coupon}`."#,
          #"—"#,
        ],
        [
          #"`kind`"#,
          #"yes"#,
          #"`coupon` (an amount off) or `flash_sale` (秒杀: a lower price with its own limited stock)."#,
          #"—"#,
        ],
        [
          #"`amount`"#,
          #"for `coupon`"#,
          #"Yuan off, above 0 and below the product's price (E025)."#,
          #"—"#,
        ],
        [
          #"`threshold`"#,
          #"no, `coupon` only"#,
          #"The least a buyer must spend (满 `threshold` 减 `amount`); above `amount` (E025)."#,
          #"none (no threshold)"#,
        ],
        [
          #"`price`"#,
          #"for `flash_sale`"#,
          #"The sale price, above 0 and below the product's price (E025)."#,
          #"—"#,
        ],
        [
          #"`stock`"#,
          #"for `flash_sale`"#,
          #"Units at the sale price, a whole number, 1 or more."#,
          #"—"#,
        ],
        [
          #"`minutes`"#,
          #"no"#,
          #"How long it runs once started, in simulated minutes: above 0, at most 240."#,
          #"`3`"#,
        ],
        [
          #"`product`"#,
          #"no"#,
          #"Which product it applies to (a product `id`)."#,
          #"the first product"#,
        ],
      ]),
    KeyTable(
      name: "topic", covers: CourseFormat.liveTopic.known,
      header: [#"Key"#, #"Required"#, #"What to write"#, #"Default"#],
      rows: [
        [
          #"`id`"#,
          #"yes"#,
          #"The topic id, unique in the scenario (E014)."#,
          #"—"#,
        ],
        [
          #"`stage`"#,
          #"yes"#,
          #"`opening`, `product`, `interaction` or `closing`."#,
          #"—"#,
        ],
        [
          #"`label`"#,
          #"yes"#,
          #"What the topic is; shown in the report (✓ covered, ✗ missed)."#,
          #"—"#,
        ],
        [
          #"`cues`"#,
          #"yes, unless `families`"#,
          #"The cue words: a list (`[阿克苏, Aksu]`), or one list per language (`{zh: [大家好, 欢迎], en: [hello, welcome]}`; each language must be in `languages:`, E015). At least one cue (E013)."#,
          #"—"#,
        ],
        [
          #"`families`"#,
          #"no"#,
          #"Phrase families of the scenario's or the course's lexicons whose phrases count as cues too: `families: [greeting]` (section 12). An unknown family gives E042. With `families: [refusal]`, refusing a health claim covers the topic."#,
          #"none"#,
        ],
        [
          #"`weight`"#,
          #"no"#,
          #"How much the topic counts within its stage: above 0, at most 100."#,
          #"`1`"#,
        ],
      ]),
    KeyTable(
      name: "rubric", covers: CourseFormat.liveRubric.known,
      header: [#"Key"#, #"What it scores"#, #"Default"#],
      rows: [
        [
          #"`opening`"#,
          #"the `opening` topics"#,
          #"`15`"#,
        ],
        [
          #"`product`"#,
          #"the `product` topics"#,
          #"`25`"#,
        ],
        [
          #"`questions`"#,
          #"answering viewers' questions promptly and truthfully (scripted and random)"#,
          #"`25`"#,
        ],
        [
          #"`interaction`"#,
          #"the `interaction` topics, and running the scenario's promotions"#,
          #"`15`"#,
        ],
        [
          #"`compliance`"#,
          #"no banned word, and no false claim about the price, shipping, returns or stock"#,
          #"`10`"#,
        ],
        [
          #"`closing`"#,
          #"the `closing` topics"#,
          #"`10`"#,
        ],
      ]),
  ]
}
