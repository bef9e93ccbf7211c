/// Every code lint reports, with what it means and how to fix it: the list in
/// docs/course-format.md §15 is generated from this table (`swift run bazaar-format`), and a test
/// checks that every code the loaders and checks report is here, and nothing else.
public struct LintCode: Sendable {
  public let code: String
  public let meaning: String
  public let fix: String

  public var isError: Bool { code.hasPrefix("E") }
}

extension LintCode {
  public static let all: [LintCode] = [
    LintCode(
      code: "E001",
      meaning:
        "The file cannot be read (missing, no permission).",
      fix: "Check the path."),
    LintCode(
      code: "E002",
      meaning:
        "The file is bigger than 4 MB.",
      fix: "Split the course into several files."),
    LintCode(
      code: "E003",
      meaning:
        "The file is not UTF-8 text: it is UTF-16, or GBK/GB2312, or contains a NUL byte.",
      fix: "Save as UTF-8 (\"Save As\" → encoding UTF-8), or convert: `iconv -f GBK -t UTF-8 old.yaml > new.yaml`."),
    LintCode(
      code: "E004",
      meaning:
        "YAML syntax error. The message adds a hint.",
      fix: "\"mapping values are not allowed\": put the text with `: ` in quotes. \"could not find expected ':'\": check the line above for a missing `:` or an unclosed quote. \"did not find expected key\": indent the line like its neighbours. \"cannot start any token\": quote the value (it starts with `@`, `` ` `` or `%`)."),
    LintCode(
      code: "E005",
      meaning:
        "The file is empty.",
      fix: "Start from `bazaar new course ID`."),
    LintCode(
      code: "E006",
      meaning:
        "Nesting deeper than YAML allows (1,000 levels).",
      fix: "Something is indented wrongly over and over; a course needs fewer than 10 levels."),
    LintCode(
      code: "E007",
      meaning:
        "YAML aliases (`*name`) expand to more than 500,000 values (checked before parsing, and again while reading).",
      fix: "Remove the aliases, or split the file."),
    LintCode(
      code: "E008",
      meaning:
        "A tab is used for indentation. Every tab is reported in one run, and lint reads on as if it were spaces.",
      fix: "Replace the tab with spaces. Set your editor to insert spaces."),
    LintCode(
      code: "E009",
      meaning:
        "More than 200 problems were found in one file; the rest are not shown.",
      fix: "Fix the problems shown and run lint again."),
    LintCode(
      code: "E010",
      meaning:
        "Something required is missing: a required key (`the course is missing 'id:'`); a step with neither `text:` nor `kind:`; a question without `kind:`; the key a kind needs (`options:`, `answer:`, `answers:`, `formula:`, `items:`, `pairs:`, `concepts:`); a `number` entry without `value:` or `min:`+`max:`; a `short` entry without `text:`, `regex:` or `family:`; a `pitch` concept without `cues:`, `topic:` or `families:`; a live topic without `cues:` or `families:`; a lexicon without `terms:` (unless it has `families:` or is a grammar lexicon); a variable without `min:`/`max:` or `values:`; a coupon without `amount:`, a flash sale without `price:` or `stock:`.",
      fix: "Add what the message names."),
    LintCode(
      code: "E011",
      meaning:
        "An unknown key. The message suggests the nearest right key or lists the allowed ones.",
      fix: "Fix the spelling, or move the key where it belongs."),
    LintCode(
      code: "E012",
      meaning:
        "A value of the wrong type: a list where a mapping is needed, text where a number is needed, not `true`/`false`, a `tolerance` that is not a number or percentage, `vars:` or a lexicon's `families:` that is not a mapping, a step that is not a mapping, an event's `at:` that is not a time, `delivery_days` that is not one number or two.",
      fix: "Write the value in the form the message names. Lists need `- ` lines or `[…]`; mappings need `key: value` lines or `{…}`."),
    LintCode(
      code: "E013",
      meaning:
        "A value that is not allowed: empty text; not a language code; an id with spaces, Chinese or other characters; a number outside its range or not whole; an unknown `kind`; `unit: %`; a bad variable name; a variable, concept or topic with no values or cues; an empty `languages:`; a lexicon term that is empty; in a live scenario, an unknown persona, question topic (`asks:`), stage or promotion kind (with a suggestion), a price or amount that is not above 0 or is over 10,000,000, an `at:` that is not a time such as `\"01:30\"`.",
      fix: "Change the value as the message says. For `unit: %` write `percent: true`."),
    LintCode(
      code: "E014",
      meaning:
        "Something is used twice: a source, lesson, question or concept id; a scenario id that a question or another scenario already uses; a product, promotion or topic id within one scenario; two options, order items, or match sides with the same text.",
      fix: "Give each its own id or text. Options are compared as a learner sees them, with case, full/half width and spacing folded (`30%` and `30 ％` are the same option; `成本×(1+率)` and `成本÷(1-率)` are not). A learner who types an option's text instead of its letter gets that option; when two options read alike without their symbols, the text as typed decides, and when it still fits both, the learner is asked for the letter."),
    LintCode(
      code: "E015",
      meaning:
        "Text in a language the course does not list in `languages:`.",
      fix: "Add the language to `languages:`, or remove the text."),
    LintCode(
      code: "E016",
      meaning:
        "An empty list: no lessons, a lesson with no steps, a lexicon with no terms, a phrase family with no `patterns:` (the message says \"no terms\"), a live scenario with no products or no topics.",
      fix: "Add at least one."),
    LintCode(
      code: "E017",
      meaning:
        "A `choice` question with no right option, or with every option right.",
      fix: "Mark the right option(s) with `correct: true` or `answer:`; keep at least one wrong option."),
    LintCode(
      code: "E018",
      meaning:
        "The answer key does not add up: fewer than 2 or more than 26 options, items or pairs; both `correct: true` and `answer:`; `answer:` names a letter past the last option; both `answer:` and `answers:`; two of `text:`, `regex:` and `family:` in one answer (the message names `text:` and `regex:`); no answer with full credit; both `value:` and `min:`/`max:`; a variable with both `values:` and `min:`/`max:`; a pitch with no concepts, or every weight 0; a live scenario whose persona shares or rubric points are all 0.",
      fix: "Do what the message says."),
    LintCode(
      code: "E019",
      meaning:
        "A key that does not apply here: it belongs to another question kind; `accept_fraction` without `percent: true`; `tolerance` on a `min`/`max` range; `amount`/`threshold` on a flash sale or `price`/`stock` on a coupon.",
      fix: "Remove the key, or change `kind:`."),
    LintCode(
      code: "E020",
      meaning:
        "The formula has a syntax error. The column points at it.",
      fix: "Check brackets and operators. To multiply, write `*`: `2 * cost`, not `2cost` or `2(cost)`."),
    LintCode(
      code: "E021",
      meaning:
        "The formula uses a name that is not in `vars:`.",
      fix: "Declare it under `vars:`, or fix the spelling (the message suggests one)."),
    LintCode(
      code: "E022",
      meaning:
        "The formula divides by something that is zero, or crosses zero, for some values in the ranges. A variable with `values:` takes only those values (each combination is tried), not every number between them. The message gives an example.",
      fix: "Narrow the ranges so the divisor cannot be zero, or drop the listed value that makes it zero."),
    LintCode(
      code: "E023",
      meaning:
        "A lexicon was not found, or has errors (also a grammar lexicon, `grammar-zh.yaml`…, that Bazaar loads by itself: then the message names its file).",
      fix: "Put `NAME.yaml` in a `lexicon/` folder beside the course (section 12), or run `bazaar lint` on the lexicon and fix it."),
    LintCode(
      code: "E024",
      meaning:
        "The regular expression is not valid, or longer than 1,000 characters.",
      fix: "Check brackets, parentheses and backslashes."),
    LintCode(
      code: "E025",
      meaning:
        "Range problems: `min` above `max`; `step` not above 0; more than 10 million steps; `min_chars` above `max_chars`; in a live scenario, `original_price` not above `price`, a coupon `amount` or flash-sale `price` not below the product's price, a `threshold` not above the `amount`, `delivery_days` backwards, a scripted event at or after the end (the message names the end).",
      fix: "Swap or correct the numbers; use a larger `step`; move the event earlier or make `minutes:` larger."),
    LintCode(
      code: "E026",
      meaning:
        "A key appears twice in the same mapping; a language is listed twice; a language appears twice in one text; a variable is declared twice.",
      fix: "Keep one."),
    LintCode(
      code: "E027",
      meaning:
        "`cites:` names a source id that is not in `sources:`.",
      fix: "Add the source, or fix the id (the message suggests one)."),
    LintCode(
      code: "E030",
      meaning:
        "Self-check: an answer you marked right does not get full marks (or its `credit`). The message says what the grader said.",
      fix: "Fix the answer key: e.g. widen `tolerance`, raise `decimals`, fix the regex or its `examples`, or change `model_answer` so it has every keyword and no banned word and fits the length."),
    LintCode(
      code: "E031",
      meaning:
        "Self-check: a `wrong_examples` entry gets full marks, or a `calc` question's `wrong_formulas` entry does for some drawn values (the message names them).",
      fix: "Make the answer key stricter, or remove the example if it is in fact right. For choice/order/match, check that you wrote letters in your own order (section 10)."),
    LintCode(
      code: "E032",
      meaning:
        "Self-check: the formula cannot be worked out for some drawn values (division by zero, square root of a negative number, a result that is not a number).",
      fix: "Narrow the variables' ranges."),
    LintCode(
      code: "E033",
      meaning:
        "The course is written for a newer course format than this Bazaar reads.",
      fix: "Update Bazaar."),
    LintCode(
      code: "E034",
      meaning:
        "A live scenario's event or promotion names a `product:` that is not in the scenario's `products:`.",
      fix: "Fix the id (the message suggests one), or add the product."),
    LintCode(
      code: "E035",
      meaning:
        "A product has a crossed-out `original_price` but no `original_price_basis:`. 《规范促销行为暂行规定》 requires a real basis for a crossed-out price.",
      fix: "Add `original_price_basis:`, e.g. `{zh: 活动前7天最低成交价, en: lowest price of the 7 days before the promotion}`, or remove `original_price`."),
    LintCode(
      code: "E036",
      meaning:
        "A scripted event `asks: shelf_life` or `asks: weight` about a product without `shelf_life:` or `weight:`, so the host cannot answer it correctly.",
      fix: "Add the fact to the product, or change `asks:`."),
    LintCode(
      code: "E037",
      meaning:
        "A live scenario's cue word (a topic's `cues`, a product's `cues` or `origin_cues`) contains a word that one of the scenario's or the course's lexicons flags: a host who follows the cue would earn a platform warning.",
      fix: "Choose another cue."),
    LintCode(
      code: "E038",
      meaning:
        "A word in a cue lexicon (`category: cue`) has no `topic:`.",
      fix: "Write it as a mapping with its topic, e.g. `- {term: 包邮, topic: shipping}` (section 12)."),
    LintCode(
      code: "E039",
      meaning:
        "A `topic:` (or a key under `topics:`) is not one of the cue topics.",
      fix: "Use one of `price`, `shipping`, `origin`, `returns`, `shelf_life`, `weight`, `stock`, `show`, `call_to_action`, `engage`, `urgency` (the message suggests one)."),
    LintCode(
      code: "E040",
      meaning:
        "A `pitch` concept has `topic:`, but no cue lexicon of the question or the course lists that topic.",
      fix: "Add a cue lexicon to `lexicons:` (e.g. `live-cues`), or write `cues:`."),
    LintCode(
      code: "E041",
      meaning:
        "A lexicon pattern cannot be used: a `(` never closed, a `)` that closes nothing, a `\\` at the very end, nothing to match (`()`), more than 512 phrases, or `##`. The column points at the mistake (section 12, \"Patterns\").",
      fix: "Do what the message says: close the bracket, write `\\(` `\\)` `\\\\` for the character itself, split a big pattern into several entries, write one `#`."),
    LintCode(
      code: "E042",
      meaning:
        "A pitch concept, a `short` answer or a live topic names a phrase family (`families:`, `family:`) that no lexicon of the question, the scenario or the course defines. The message suggests the nearest name or lists the families there are.",
      fix: "Fix the name, or add the lexicon that defines it (e.g. `live-cues`) to `lexicons:`."),
    LintCode(
      code: "E043",
      meaning:
        "A key is followed by the Chinese colon `：` (`prompt：…`). Reported at the `：`, every one in one run.",
      fix: "Type the English colon and a space: `prompt: …`."),
    LintCode(
      code: "E044",
      meaning:
        "A known key has no colon at all (`kind choice`). Reported on its own line (the YAML parser would name the next line).",
      fix: "Add the colon: `kind: choice`."),
    LintCode(
      code: "E045",
      meaning:
        "A value starts with `*`, which YAML reads as a reference to an anchor (`*Tip:*` gives \"undefined alias\"). The message shows the quoted value.",
      fix: "Put the value in quotes: `explanation: \"*Tip:* divide by the price\"`."),
    LintCode(
      code: "E046",
      meaning:
        "A `calc` question's prompt, hint or explanation shows `{name}` (or `{name%}`) that is not one of the question's `vars:`; learners would see it as typed. The message lists the variables and suggests the nearest.",
      fix: "Fix the name, or declare the variable."),
    LintCode(
      code: "E047",
      meaning:
        "A step `- include: FILE` names a question bank that cannot be used: not found, unreadable, not a bank (no `bank:` line at its top), already included in this course, or an `include` inside a bank. Problems inside the bank are reported at their own line in the bank file.",
      fix: "Write the bank's path from the course file's folder (`banks/pricing.yaml`); start a bank with `bank: ID`; include each bank once, from the course."),
    LintCode(
      code: "W001",
      meaning:
        "A text in several languages leaves out one of the course's languages. Learners using it see another language (section 7).",
      fix: "Add the missing language."),
    LintCode(
      code: "W002",
      meaning:
        "A question has no `explanation:`.",
      fix: "Add one: learners learn most from why an answer is right."),
    LintCode(
      code: "W003",
      meaning:
        "A `calc` variable is declared but the formula does not use it.",
      fix: "Use it in the formula, or remove it."),
    LintCode(
      code: "W004",
      meaning:
        "The formula might divide by zero for some values in the ranges.",
      fix: "Check the ranges; narrow them if needed."),
    LintCode(
      code: "W005",
      meaning:
        "A `regex:` answer has no `examples:`, so the self-check cannot test it.",
      fix: "Add answers it must accept."),
    LintCode(
      code: "W006",
      meaning:
        "A `listing` question has no length limit.",
      fix: "Add `max_bytes: 60` (Taobao) or `max_chars:`."),
    LintCode(
      code: "W007",
      meaning:
        "A `listing` or `pitch` question has no `model_answer:`, so the self-check cannot prove it can be answered.",
      fix: "Add an answer that gets full marks."),
    LintCode(
      code: "W008",
      meaning:
        "A lexicon's name differs from its file name. Courses find lexicons by file name.",
      fix: "Rename the file to `NAME.yaml`, or change `lexicon:`."),
    LintCode(
      code: "W009",
      meaning:
        "A lexicon lists the same term twice.",
      fix: "Remove one."),
    LintCode(
      code: "W010",
      meaning:
        "A live scenario's rubric gives points to a stage (`opening`, `product`, `interaction`, `closing`) that no topic covers, so those points do not depend on what the host says. (`interaction` also counts promotions, so it needs no topic when the scenario has `promotions:`.)",
      fix: "Add a topic with that `stage:`, or set the stage to `0` under `rubric:`."),
    LintCode(
      code: "W011",
      meaning:
        "A product has `original_price_basis:` but no `original_price:`.",
      fix: "Add the crossed-out price, or remove the basis."),
    LintCode(
      code: "W012",
      meaning:
        "`topic:` or `topics:` in a lexicon whose `category` is not `cue`: it is ignored.",
      fix: "Remove it, or set `category: cue`."),
    LintCode(
      code: "W013",
      meaning:
        "A grammar lexicon's key (`negations`, `reach`, `fillers`…) in a lexicon whose `category` is not `grammar`: it is ignored.",
      fix: "Move the words to a grammar lexicon (`grammar-zh.yaml`…), or remove them."),
    LintCode(
      code: "W014",
      meaning:
        "A value starts with `&` (read as an anchor name) or `!` (read as a YAML tag): that word is left out of the text. Not reported when the anchor is used by a `*` reference.",
      fix: "Put the value in quotes: `text: \"&more details\"`."),
    LintCode(
      code: "W015",
      meaning:
        "A Chinese comma `，` between two ASCII words in a `[list]` (`[zh，en]`): it does not separate items, so this is one item. Between Chinese words (`[葡萄59.9元，别退出直播间]`) it is taken as part of the text and not reported.",
      fix: "Use `,` between items."),
    LintCode(
      code: "W016",
      meaning:
        "` #` followed by text inside a plain value (`Order #37 is here`): YAML reads the rest as a comment, so the value is only `Order`.",
      fix: "Put the value in quotes: `prompt: \"Order #37 is here\"`."),
    LintCode(
      code: "W017",
      meaning:
        "`{name}` in text of a question that is not a `calc` question (its prompt, a hint, an explanation): it is shown to learners as typed.",
      fix: "Remove the braces, or make the question a `calc` with that variable."),
    LintCode(
      code: "W018",
      meaning:
        "A text step starts with `TODO` (such as the line `bazaar import` leaves in a lesson whose questions are all TODOs): learners would read the note.",
      fix: "Finish what it asks, then remove the step."),
  ]
}
