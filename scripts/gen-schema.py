#!/usr/bin/env python3
"""Generates schema/course.schema.json and schema/lexicon.schema.json (draft-07).

Usage: scripts/gen-schema.py schema   (rewrites both files; then run bench/schema-check)

Mirrors Sources/BazaarKit/Course/CourseLoader.swift, LiveScenarioLoader.swift, YAMLReader.swift,
LexiconLoader.swift and Understanding/Grammar.swift (the grammar lexicons' lists).
"""
import json
import sys

D = "#/definitions/"


def ref(name, description=None, md=None, **extra):
    s = {"$ref": D + name}
    if description:
        s["description"] = description
    if md:
        s["markdownDescription"] = md
    s.update(extra)
    return s


def desc(schema, description, md=None, **extra):
    s = dict(schema)
    s["description"] = description
    if md:
        s["markdownDescription"] = md
    s.update(extra)
    return s


LANG_PATTERN = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
ID_PATTERN = "^[A-Za-z0-9_][A-Za-z0-9._-]{0,79}$"
BOOL_STRING = "^(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|[Yy][Ee][Ss]|[Nn][Oo]|[Oo][Nn]|[Oo][Ff][Ff])$"
PERCENT_STRING = "^\\s*[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)\\s*%\\s*$"
TOLERANCE_STRING = "^\\s*(?:\\d+(?:\\.\\d*)?|\\.\\d+)\\s*%?\\s*$"
LETTER = "^\\s*[A-Za-z]\\s*$"
TRUTHY = {"anyOf": [{"const": True}, {"type": "string", "pattern": "^(?:[Tt][Rr][Uu][Ee]|[Yy][Ee][Ss]|[Oo][Nn])$"}]}

common_defs = {
    "text": {
        "description": "Text. Quote it if it contains `: `, ` #`, or starts with a special character.",
        "type": ["string", "number", "boolean"],
        "pattern": "\\S",
    },
    "languageCode": {
        "description": "A language code: 2-3 lowercase letters, optionally with a region or script (zh, en, ug, zh-Hans).",
        "type": "string",
        "pattern": LANG_PATTERN,
        "examples": ["zh", "en", "ug"],
    },
    "localizedMap": {
        "description": "One text per language, e.g. {zh: 毛利率, en: gross margin}. Every key must be listed in the course's `languages:`.",
        "type": "object",
        "minProperties": 1,
        "propertyNames": {"pattern": LANG_PATTERN},
        "properties": {
            "zh": ref("text", "Chinese text."),
            "en": ref("text", "English text."),
            "ug": ref("text", "Uyghur text."),
        },
        "additionalProperties": ref("text"),
    },
    "localized": {
        "description": "Text the learner sees: one text for every language, or one per language ({zh: …, en: …}).",
        "markdownDescription": "Text the learner sees. Either one text for every language:\n\n```yaml\ntitle: 定价\n```\n\nor one text per language (each language must be in `languages:`):\n\n```yaml\ntitle: {zh: 定价, en: Pricing}\n```",
        "oneOf": [ref("text"), ref("localizedMap")],
    },
    "bool": {
        "description": "true or false (yes/no and on/off also work).",
        "anyOf": [{"type": "boolean"}, {"type": "string", "pattern": BOOL_STRING}],
    },
    "identifier": {
        "description": "An id: ASCII letters, digits, '-', '_' and '.', at most 80; not starting with '-' or '.'. Example: price-at-margin.",
        "anyOf": [{"type": "string", "pattern": ID_PATTERN}, {"type": "integer", "minimum": 0}],
    },
    "plainString": {
        "description": "Text (not translated).",
        "type": ["string", "number", "boolean"],
        "minLength": 1,
    },
    "stringList": {
        "description": "One text, or a list of texts.",
        "anyOf": [ref("plainString"), {"type": "array", "items": ref("plainString")}],
    },
    "familyNames": {
        "description": "Phrase families of the lexicons (families: in a lexicon file), e.g. [greeting]. One name or a list. `refusal` is reserved: refusing a health claim.",
        "markdownDescription": "Phrase families defined under `families:` in the lexicons of the question (or scenario) and the course, e.g. `[greeting, interaction_command]`; any phrase of a family counts as a cue. Lint reports an unknown family (E042).\n\n`refusal` is reserved and defined nowhere: it is covered by refusing a health claim (`不能降血糖`, `听医生的`, `不是药`).",
        "anyOf": [ref("identifier"), {"type": "array", "minItems": 1, "items": ref("identifier")}],
        "examples": [["greeting"], ["interaction_command"], ["refusal"]],
    },
}

lexicon_list = {
    "description": "Lexicon names (file names in a lexicon/ folder, without .yaml). One name or a list.",
    "anyOf": [ref("identifier"), {"type": "array", "items": ref("identifier")}],
}

course_defs = dict(common_defs)
course_defs.update({
    "lexiconNames": lexicon_list,
    "cites": {
        "description": "Source ids (from `sources:`) this part's facts come from. One id or a list, e.g. [R31].",
        "markdownDescription": "Source ids from the course's `sources:` that this part's facts come from, e.g. `cites: [R31]`. Lint reports unknown ids (E027).",
        "anyOf": [ref("plainString"), {"type": "array", "items": ref("plainString")}],
    },
    "tolerance": {
        "description": "How far an answer may be from the expected value: a number (0.05 = ±0.05) or a percentage of the expected value ('1%').",
        "markdownDescription": "How far an answer may be off: a number (`0.05` means ±0.05) or a percentage of the expected value (`1%`).",
        "anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": TOLERANCE_STRING}],
    },
    "numberOrPercent": {
        "description": "A number. With `percent: true` you may also write it as '30%'.",
        "anyOf": [{"type": "number"}, {"type": "string", "pattern": PERCENT_STRING}],
    },
    "source": {
        "type": "object",
        "description": "A source the course's facts come from.",
        "additionalProperties": False,
        "required": ["id", "title"],
        "properties": {
            "id": ref("identifier", "Short key that questions cite, e.g. R31. Must be unique."),
            "title": ref("plainString", "Title or short description of the source."),
            "url": ref("plainString", "Where to find it, if it is public."),
            "note": ref("plainString", "Caveats, e.g. 'practitioner advice, not a rule'."),
        },
    },
    "policy": {
        "type": "object",
        "description": "Rules for learners. Every key is optional.",
        "additionalProperties": False,
        "properties": {
            "skip": ref("bool", "Whether learners may type :skip to skip a question. Default: true.", default=True),
            "attempts": {
                "description": "Tries per question, 0 to 100; 0 means unlimited (true/false questions always have one). Default: 2.",
                "type": "integer", "minimum": 0, "maximum": 100, "default": 2,
            },
            "hint_penalty": {
                "description": "Share of a question's score lost for each hint used, 0 to 1 (0.1 = 10%). Default: 0 (hints are free).",
                "type": "number", "minimum": 0, "maximum": 1, "default": 0,
            },
            "retry_penalty": {
                "description": "Share of a question's score lost for each wrong try before the one that counts, 0 to 1 (0.3: right on the second try = 70%). Default: 0.",
                "type": "number", "minimum": 0, "maximum": 1, "default": 0,
            },
            "shuffle": ref("bool", "Whether choice options are shuffled for each learner (a question's own `shuffle:` wins). Default: true.", default=True),
            "pass_score": {
                "description": "Score a lesson needs to count as passed, 0 to 1 (0.6 = 60%). Default: 0.6.",
                "type": "number", "minimum": 0, "maximum": 1, "default": 0.6,
            },
        },
    },
    "narrative": {
        "type": "object",
        "title": "Narrative step",
        "description": "A narrative step: text the learner reads before pressing Enter.",
        "additionalProperties": False,
        "required": ["text"],
        "properties": {
            "text": ref("localized", "What the learner reads."),
            "cites": ref("cites"),
        },
    },
})

# ---- questions

common_props = {
    "id": ref("identifier", "Question id, unique in the course. Progress and transcripts use it, so do not change it once learners have started."),
    "kind": desc({"enum": ["choice", "truefalse", "short", "number", "calc", "order", "match", "listing", "pitch"]},
                 "Question kind: choice, truefalse, short, number, calc, order, match, listing or pitch.",
                 "The question kind:\n\n- `choice` pick option(s)\n- `truefalse` true or false\n- `short` a short text answer\n- `number` one number\n- `calc` a number from a formula with random values\n- `order` put items in order\n- `match` pair left and right items\n- `listing` write a product title\n- `pitch` write a short sales text"),
    "prompt": ref("localized", "What is asked. In calc questions, {name} shows a variable's value and {name%} shows it as a percentage."),
    "hints": desc({"anyOf": [ref("text"), ref("localizedMap"), {"type": "array", "items": ref("localized")}]},
                  "Hints, shown one at a time when the learner asks. One plain text, or a list. Default: none.",
                  "Hints, shown one at a time when the learner asks (each may cost `policy.hint_penalty`). A list:\n\n```yaml\nhints:\n  - {zh: 毛利率的分母是售价。, en: Gross margin divides by the price.}\n```"),
    "explanation": ref("localized", "Shown after the question is answered: why the answer is right. Lint warns (W002) if it is missing."),
    "wrong_examples": desc(ref("stringList"),
                           "Answers that must NOT get full marks; lint's self-check grades each one (E031 if it gets full marks). For choice, order and match, write letters in the order the options are written.",
                           "Answers that must **not** get full marks. Lint grades each one and reports E031 if it scores 1.\n\nFor `choice`, `order` and `match`, write letters as if nothing were shuffled: A is the first option/item you wrote."),
    "points": {"description": "Weight of this question in the lesson's score, 0 to 1000. Default: 1.", "type": "number", "minimum": 0, "maximum": 1000, "default": 1},
    "cites": ref("cites"),
}

option_object = {
    "type": "object",
    "description": "An option with its own settings.",
    "additionalProperties": False,
    "required": ["text"],
    "properties": {
        "text": ref("localized", "The option text. Use this key for an option in several languages: text: {zh: …, en: …}."),
        "correct": ref("bool", "Whether this option is correct. Default: false.", default=False),
        "feedback": ref("localized", "Shown when the learner picks this option."),
    },
}

kind_props = {
    "choice": {
        "options": desc({"type": "array", "minItems": 2, "maxItems": 26,
                         "items": {"anyOf": [ref("text"), ref("localizedMap"), option_object]}},
                        "The options, 2 to 26, shown as A, B, C…. Each is plain text, a language map {zh: …, en: …}, or {text: …, correct: true, feedback: …}.",
                        "The options (2 to 26), shown as A, B, C…\n\n```yaml\noptions:\n  - text: \"30%\"\n    correct: true\n  - text: \"42.9%\"\n    feedback: {zh: 这是加价率。, en: That is the markup.}\n```\n\nAn option in several languages may be a bare `{zh: …, en: …}`, or use `text:` when it also needs `correct:` or `feedback:`."),
        "answer": desc({"anyOf": [{"type": "string", "pattern": LETTER},
                                  {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": LETTER}}]},
                       "The correct option letter(s) in the order written: B, or [A, C]. Use this or `correct: true`, not both.",
                       "The correct option letter(s), counted in the order you wrote the options: `answer: B` or `answer: [A, C]`. Use either this or `correct: true` on options, not both (E018)."),
        "shuffle": ref("bool", "Whether to shuffle the options for each learner. Default: the course's policy.shuffle (true)."),
        "penalty": {"description": "Several correct options only: each wrong tick removes this share of one correct tick's credit, 0 to 1. Default: 1.",
                    "type": "number", "minimum": 0, "maximum": 1, "default": 1},
    },
    "truefalse": {
        "answer": ref("bool", "The right answer: true or false."),
    },
    "short": {
        "answer": ref("plainString", "The one accepted answer (use `answers:` for several). Case, spaces and punctuation do not matter."),
        "answers": desc({"type": "array", "minItems": 1, "items": {"anyOf": [ref("plainString"), ref("shortAnswer")]}},
                        "Accepted answers. Each is a text, or {text: …} / {regex: …} / {family: …} with optional credit, feedback and examples.",
                        "Accepted answers. Each is plain text, or a mapping:\n\n```yaml\nanswers:\n  - text: 鲜活易腐\n  - regex: '^鲜活易腐(的)?(商品)?$'\n    examples: [鲜活易腐商品]\n  - text: [生鲜, 生鲜商品]\n    credit: 0.5\n    feedback: {zh: 意思对了。, en: Right idea.}\n  - family: postage   # a phrase family of the course's lexicons\n```"),
        "case_sensitive": ref("bool", "Whether upper/lower case must match. Default: false.", default=False),
    },
    "number": {
        "answer": ref("numberOrPercent", "The one accepted number (use `answers:` for several or for ranges)."),
        "answers": desc({"type": "array", "minItems": 1, "items": {"anyOf": [ref("numberOrPercent"), ref("numberAnswer")]}},
                        "Accepted numbers. Each is a number, or {value: …, tolerance: …} or {min: …, max: …}, with optional credit and feedback.",
                        "Accepted numbers or ranges, each with optional `credit` (0–1) and `feedback`:\n\n```yaml\nanswers:\n  - value: 37.6\n    tolerance: 0.1\n  - min: 35\n    max: 40\n    credit: 0.5\n```"),
        "tolerance": ref("tolerance", "How far off an answer may be, for every value. Default: 0 (exact)."),
        "unit": desc({"anyOf": [{"allOf": [ref("plainString"), {"not": {"const": "%"}}]}, ref("localized")]}, "The unit (元, kg, 斤, 元/斤), or one per language ({zh: 张, en: image}). Typing it is optional; typing a different unit is wrong. Do not use % here; use percent: true."),
        "percent": ref("bool", "The answer is a percentage: answer 30 means 30%, and the learner may type 30% or 30. Default: false.", default=False),
        "accept_fraction": ref("bool", "With percent: true, also accept 0.3 for 30%. Default: false.", default=False),
    },
    "calc": {
        "vars": desc({"type": "object", "minProperties": 1,
                      "propertyNames": {"pattern": "^[A-Za-z_][A-Za-z0-9_]{0,39}$"},
                      "additionalProperties": ref("calcVariable")},
                     "Variables drawn for each learner: name: {min: …, max: …, step: …}, name: {values: […]}, or name: […].",
                     "Variables drawn for each learner. Names use ASCII letters, digits and `_`.\n\n```yaml\nvars:\n  cost: {min: 24, max: 32, step: 0.5}\n  fee: [0.05, 0.056, 0.06]\n  margin: {values: [0.2, 0.25, 0.3]}\n```"),
        "formula": desc({"type": "string", "minLength": 1},
                        "The formula that gives the right answer, e.g. cost / (1 - fee - margin). Use + - * / ^, parentheses, and round, floor, ceil, abs, min, max, sqrt.",
                        "The formula for the right answer, e.g. `cost / (1 - fee - margin)`.\n\nOperators `+ - * / ^` and parentheses; functions `round(x)`, `round(x, 2)`, `floor`, `ceil`, `abs`, `min(a, b, …)`, `max(a, b, …)`, `sqrt`."),
        "wrong_formulas": desc({"anyOf": [{"type": "string", "minLength": 1},
                                          {"type": "array", "items": {"anyOf": [
                                              {"type": "string", "minLength": 1},
                                              {"type": "object", "additionalProperties": False, "required": ["formula"],
                                               "properties": {"formula": {"type": "string", "minLength": 1},
                                                              "feedback": ref("localized", "Shown when the learner's answer is what this formula gives.")}}]}}]},
                               "Typical wrong ways to work it out, e.g. [(price - cost) / cost] for a margin, each a formula or {formula: …, feedback: …}. For every set of values lint draws, their answer must not get full marks (E031). A learner whose answer is what one gives is told it is a common mistake, with the feedback when there is one."),
        "tolerance": ref("tolerance", "How far off an answer may be. Default: half a unit of the last decimal (0.005 with decimals: 2)."),
        "decimals": {"description": "Decimals the expected answer is shown with, 0 to 6. Default: 2.", "type": "integer", "minimum": 0, "maximum": 6, "default": 2},
        "unit": desc({"anyOf": [ref("plainString"), ref("localized")]}, "The unit (元, kg), or one per language. Typing it is optional; typing a different unit is wrong."),
        "percent": ref("bool", "The formula gives a fraction (0.3) and the learner answers in percent (30%). Default: false.", default=False),
        "accept_fraction": ref("bool", "With percent: true, also accept 0.3 for 30%. Default: false.", default=False),
    },
    "order": {
        "items": desc({"type": "array", "minItems": 2, "maxItems": 26, "items": ref("localized")},
                      "The items, 2 to 26, written in the correct order. Learners see them shuffled.",
                      "The items (2 to 26), **written in the correct order**. Learners see them shuffled and type letters, e.g. `BADC`."),
    },
    "match": {
        "pairs": desc({"type": "array", "minItems": 2, "maxItems": 26, "items": ref("matchPair")},
                      "The pairs, 2 to 26, each {left: …, right: …}. Learners see the right side shuffled.",
                      "The pairs (2 to 26), each `{left: …, right: …}`. The left side is numbered 1, 2, 3…; the right side is shuffled and lettered. Learners type `1B 2A 3C`."),
    },
    "listing": {
        "max_chars": {"description": "Most characters allowed; a longer title scores 0. Default: no limit.", "type": "integer", "minimum": 1, "maximum": 10000},
        "max_bytes": {"description": "Most bytes allowed (a Chinese character counts 2, letters and digits 1); a longer title scores 0. Taobao: 60. Default: no limit.",
                      "markdownDescription": "Most bytes allowed: a Chinese character counts 2, letters, digits and spaces 1. A longer title scores 0. Taobao: `max_bytes: 60` (30 Chinese characters).",
                      "type": "integer", "minimum": 1, "maximum": 20000},
        "min_chars": {"description": "Fewest characters; a shorter title gets half its score. Default: no minimum.", "type": "integer", "minimum": 0, "maximum": 10000},
        "keywords": desc({"type": "array", "items": {"anyOf": [ref("plainString"), {"type": "array", "minItems": 1, "items": ref("plainString")}]}},
                         "Words the title must contain. An item that is a list means any one of these words: [500g, 500克].",
                         "Words the title must contain. The score is multiplied by the share found. A list item means *any one of these*:\n\n```yaml\nkeywords:\n  - 枣夹核桃\n  - [新疆, 阿克苏]\n```"),
        "lexicons": ref("lexiconNames", "Extra lexicons of banned terms for this question (the course's `lexicons:` always apply)."),
        "banned": desc({"type": "array", "items": ref("bannedWord")}, "Extra banned words for this question only: plain words, or {term, reason, advice}. Each one found costs `penalty`."),
        "penalty": {"description": "Score lost for each different banned term found, 0 to 1. Default: 0.5.", "type": "number", "minimum": 0, "maximum": 1, "default": 0.5},
        "model_answer": desc({"anyOf": [ref("plainString"), ref("localized")]}, "A title that scores full marks, or one per language ({zh: …, en: …}); lint checks each (E030). Lint warns (W007) if it is missing."),
    },
    "pitch": {
        "concepts": desc({"type": "array", "minItems": 1, "items": ref("concept")},
                         "The points a good answer covers. Each has an id, cue words and an optional label and weight.",
                         "The points a good answer covers. The score is the weight of the concepts found ÷ the total weight.\n\n```yaml\nconcepts:\n  - id: price\n    label: {zh: 讲清价格, en: state the price}\n    weight: 2\n    cues: [到手价, 券后]\n```"),
        "min_chars": {"description": "Fewest characters; a shorter answer gets half its score. Default: no minimum.", "type": "integer", "minimum": 0, "maximum": 100000},
        "max_chars": {"description": "Most characters; a longer answer gets half its score. Default: no limit.", "type": "integer", "minimum": 1, "maximum": 100000},
        "lexicons": ref("lexiconNames", "Extra lexicons of banned terms for this question (the course's `lexicons:` always apply)."),
        "banned": desc({"type": "array", "items": ref("bannedWord")}, "Extra banned words for this question only: plain words, or {term, reason, advice}. Each one found costs `penalty`."),
        "penalty": {"description": "Score lost for each different banned term found, and for each wrong fact (facts:), 0 to 1. Default: 0.25.", "type": "number", "minimum": 0, "maximum": 1, "default": 0.25},
        "model_answer": desc({"anyOf": [ref("plainString"), ref("localized")]}, "An answer that scores full marks, or one per language ({zh: …, en: …}); lint checks each (E030). Lint warns (W007) if it is missing."),
        "facts": ref("pitchFacts", "The product the answer talks about, with the terms the prompt gives (only name: is required). The answer's price, shipping, returns and stock claims are checked against the terms written here; each wrong one costs `penalty`."),
        "promotions": desc({"type": "array", "items": ref("livePromotion")},
                           "Promotions running for the product of facts: (coupons, flash sales), written like a live scenario's; a coupon's price is then a right price. Needs facts: with a price:.",
                           "Promotions running for the product of `facts:`, in the live scenario's format; all count as running, so the price after a coupon is right:\n\n```yaml\npromotions:\n  - {id: coupon5, label: {zh: 5元无门槛券, en: 5-yuan coupon}, kind: coupon, amount: 5}\n```\n\nNeeds `facts:` with a `price:`; `product:` is not needed."),
    },
}

kind_extra = {
    "choice": {"required": ["options"]},
    "truefalse": {"required": ["answer"]},
    "short": {"oneOf": [{"required": ["answer"]}, {"required": ["answers"]}]},
    "number": {"oneOf": [{"required": ["answer"]}, {"required": ["answers"]}],
               "if": {"required": ["accept_fraction"], "properties": {"accept_fraction": TRUTHY}},
               "then": {"required": ["percent"], "properties": {"percent": TRUTHY}}},
    "calc": {"required": ["formula"]},
    "order": {"required": ["items"]},
    "match": {"required": ["pairs"]},
    "listing": {},
    "pitch": {"required": ["concepts"]},
}

titles = {
    "choice": "Choice question", "truefalse": "True/false question", "short": "Short-answer question",
    "number": "Number question", "calc": "Calculation question", "order": "Order question",
    "match": "Match question", "listing": "Listing (product title) question", "pitch": "Pitch (sales text) question",
}

course_defs.update({
    "shortAnswer": {
        "type": "object",
        "description": "An accepted answer: text (one or a list), a regular expression, or a phrase family, with optional credit, feedback and examples.",
        "additionalProperties": False,
        "oneOf": [{"required": ["text"]}, {"required": ["regex"]}, {"required": ["family"]}],
        "properties": {
            "text": ref("stringList", "Accepted text, or a list of texts that count the same. Case, spaces and punctuation do not matter."),
            "regex": desc({"type": "string", "minLength": 1},
                          "A regular expression the answer must match. It matches anywhere: anchor it with ^…$ to match the whole answer.",
                          "A regular expression (ICU syntax). It is tested against the answer after lowercasing and folding full-width characters and Chinese punctuation. It matches **anywhere** in the answer: use `^…$` for the whole answer. Give `examples:` so lint can check it."),
            "family": ref("identifier", "A phrase family of the course's lexicons (e.g. postage): an answer that says one of its phrases as such (not denied, not quoted) is accepted. Instead of text: or regex:. E042 if no lexicon of the course defines it.",
                          "A phrase family of the course's lexicons, e.g. `family: postage` (运费, 邮费, 邮寄费, courier fee…). An answer that says one of its phrases as such is accepted: `是邮费` yes, `不是邮费` (denied) no. Instead of `text:` or `regex:`. Lint reports an unknown family (E042) and self-checks the family's phrases (E030). `refusal` matches nothing here."),
            "credit": {"description": "Score for this answer, 0 to 1. Default: 1.", "type": "number", "minimum": 0, "maximum": 1, "default": 1},
            "feedback": ref("localized", "Shown when the learner gives this answer."),
            "examples": ref("stringList", "Regex only: answers the regex must accept; lint checks them (E030). Lint warns (W005) if a regex has none."),
        },
    },
    "numberAnswer": {
        "type": "object",
        "description": "An accepted number: {value: …, tolerance: …} or a range {min: …, max: …}, with optional credit and feedback.",
        "additionalProperties": False,
        "oneOf": [
            {"required": ["value"], "not": {"anyOf": [{"required": ["min"]}, {"required": ["max"]}]}},
            {"required": ["min", "max"], "not": {"anyOf": [{"required": ["value"]}, {"required": ["tolerance"]}]}},
        ],
        "properties": {
            "value": ref("numberOrPercent", "The accepted value."),
            "tolerance": ref("tolerance", "How far off it may be. Default: the question's tolerance, else 0."),
            "min": ref("numberOrPercent", "Lowest accepted value (with max)."),
            "max": ref("numberOrPercent", "Highest accepted value (with min)."),
            "credit": {"description": "Score for this answer, 0 to 1. Default: 1.", "type": "number", "minimum": 0, "maximum": 1, "default": 1},
            "feedback": ref("localized", "Shown when the learner gives this answer."),
        },
    },
    "calcVariable": {
        "description": "How a variable is drawn: {min: …, max: …, step: …}, {values: […]}, or a list […].",
        "anyOf": [
            {"type": "array", "minItems": 1, "items": {"type": "number"}},
            {
                "type": "object",
                "additionalProperties": False,
                "oneOf": [
                    {"required": ["values"], "not": {"anyOf": [{"required": ["min"]}, {"required": ["max"]}]}},
                    {"required": ["min", "max"], "not": {"required": ["values"]}},
                ],
                "properties": {
                    "min": {"description": "Smallest value.", "type": "number"},
                    "max": {"description": "Largest value.", "type": "number"},
                    "step": {"description": "Values go from min in steps of this size. Default: 1.", "type": "number", "exclusiveMinimum": 0, "default": 1},
                    "values": {"description": "The values to pick from.", "type": "array", "minItems": 1, "items": {"type": "number"}},
                },
            },
        ],
    },
    "matchPair": {
        "type": "object",
        "description": "A pair: the left item and the right item that belongs to it.",
        "additionalProperties": False,
        "required": ["left", "right"],
        "properties": {
            "left": ref("localized", "Left side (numbered 1, 2, 3… for the learner)."),
            "right": ref("localized", "Right side (shuffled and lettered A, B, C…)."),
        },
    },
    "bannedWord": {
        "description": "A banned word: plain text, or {term: …, reason: …, advice: …}.",
        "anyOf": [
            ref("plainString"),
            {"type": "object", "additionalProperties": False, "required": ["term"],
             "properties": {"term": ref("plainString", "The word."), "reason": ref("localized", "Why it is banned."),
                            "advice": ref("localized", "What to write instead.")}},
        ],
    },
    "concept": {
        "type": "object",
        "description": "A point a good pitch covers. It needs cues:, topic: or families: (or several).",
        "additionalProperties": False,
        "required": ["id"],
        "anyOf": [{"required": ["cues"]}, {"required": ["topic"]}, {"required": ["families"]}],
        "properties": {
            "id": ref("identifier", "Concept id, unique in this question."),
            "label": ref("localized", "What the learner is told is covered or missing. Default: the id."),
            "weight": {"description": "How much this concept counts, 0 to 100. Default: 1.", "type": "number", "minimum": 0, "maximum": 100, "default": 1},
            "cues": desc({"anyOf": [ref("stringList"),
                                    {"type": "object", "minProperties": 1,
                                     "propertyNames": {"pattern": LANG_PATTERN},
                                     "additionalProperties": ref("stringList")}]},
                         "Words that show the concept is covered: a list, or one list per language {zh: […], en: […]}. Any one is enough.",
                         "Words that show the concept is covered; any one is enough. A list, or one list per language:\n\n```yaml\ncues:\n  zh: [到手价, 券后]\n  en: [final price, coupon]\n```"),
            "topic": {"description": "A cue topic: the words a cue lexicon of the question or the course lists for it count as cues (E040 if none does).",
                      "type": "string", "enum": ["price", "shipping", "origin", "returns", "shelf_life", "weight", "stock", "show", "call_to_action", "engage", "urgency"]},
            "families": ref("familyNames", "Phrase families of the question's or the course's lexicons, e.g. [greeting]: any of their phrases covers the concept. [refusal]: refusing a health claim covers it. E042 for an unknown family."),
        },
    },
})

question_base_props = dict(common_props)
course_defs["question"] = {
    "type": "object",
    "title": "Question",
    "description": "A question. `kind:` decides which other keys it takes.",
    "required": ["id", "kind", "prompt"],
    "properties": question_base_props,
    "allOf": [
        {"if": {"required": ["kind"], "properties": {"kind": {"const": k}}},
         "then": ref("q_" + k)}
        for k in kind_props
    ],
}
for k, props in kind_props.items():
    p = dict(common_props)
    p["kind"] = desc({"const": k}, common_props["kind"]["description"], common_props["kind"]["markdownDescription"])
    p.update(props)
    s = {"type": "object", "title": titles[k], "additionalProperties": False,
         "required": ["id", "kind", "prompt"], "properties": p}
    s.update(kind_extra[k])
    course_defs["q_" + k] = s


# ---- live scenarios (kind: live); mirrors Sources/BazaarKit/Course/LiveScenarioLoader.swift

PERSONAS = ["bargain_hunter", "sceptic", "gift_buyer", "lurker"]
QUESTION_TOPICS = ["price", "shipping", "origin", "returns", "shelf_life", "weight", "stock"]
STAGES = ["opening", "product", "interaction", "closing"]
DIMENSIONS = ["opening", "product", "questions", "interaction", "compliance", "closing"]
CLOCK = "^\\s*(?:\\d{1,4}:[0-5]\\d|\\d{1,4}:[0-5]\\d:[0-5]\\d|\\d+)\\s*$"


def positive(description, maximum=None, **extra):
    s = {"description": description, "type": "number", "exclusiveMinimum": 0}
    if maximum is not None:
        s["maximum"] = maximum
    s.update(extra)
    return s


def integer(description, minimum, maximum, **extra):
    s = {"description": description, "type": "integer", "minimum": minimum, "maximum": maximum}
    s.update(extra)
    return s


course_defs.update({
    "liveShipping": {
        "type": "object",
        "description": "How the product ships. Every key is optional.",
        "additionalProperties": False,
        "properties": {
            "free": ref("bool", "Whether postage is free (to the regions not excluded). Default: false.", default=False),
            "from": ref("localized", "Where parcels leave from, e.g. {zh: 阿克苏, en: Aksu}."),
            "dispatch_hours": integer("Hours from order to dispatch that the shop promises, 1 to 720, e.g. 48.", 1, 720),
            "delivery_days": desc({"anyOf": [{"type": "integer", "minimum": 1, "maximum": 60},
                                             {"type": "array", "minItems": 2, "maxItems": 2,
                                              "items": {"type": "integer", "minimum": 1, "maximum": 60}}]},
                                  "Days to deliver to most of the country, 1 to 60: one number, or [fewest, most] such as [3, 5].",
                                  "Days to deliver to most of the country (1–60): one number, or `[fewest, most]` such as `[3, 5]`. The first may not be above the second (E025)."),
            "excluded": ref("stringList", "Regions not covered by free shipping (or not delivered to), e.g. [西藏, 青海]."),
            "no_delivery": ref("stringList", "Regions not delivered to at all, e.g. [西藏] for fresh fruit; a scripted viewer asking about one never orders."),
            "note": ref("localized", "Anything else the host may say about shipping."),
        },
    },
    "liveReturns": {
        "type": "object",
        "description": "After-sales terms. Every key is optional.",
        "additionalProperties": False,
        "properties": {
            "seven_day": ref("bool", "Whether 7-day no-reason return (七日无理由退货) applies. Default: true.", default=True),
            "note": ref("localized", "What happens with damaged goods, who pays return postage…"),
        },
    },
    "liveProduct": {
        "type": "object",
        "title": "Product",
        "description": "A product on the shelf, with the facts the host's words are checked against.",
        "additionalProperties": False,
        "required": ["id", "name", "price", "stock", "origin"],
        "dependencies": {"original_price": ["original_price_basis"]},
        "properties": {
            "id": ref("identifier", "Product id, unique in the scenario, e.g. jujube-walnut."),
            "name": ref("localized", "The product's name as listed."),
            "price": positive("The price a buyer pays, in yuan, above 0."),
            "original_price": positive("A crossed-out 'original' price, above `price`. Needs original_price_basis."),
            "original_price_basis": ref("localized", "What the original price is based on, e.g. the lowest price of the 7 days before the promotion. Required with original_price (E035).",
                                        "What the crossed-out price is based on, e.g. `{zh: 活动前7天最低成交价, en: lowest price of the 7 days before}`. Required with `original_price` (E035, 《规范促销行为暂行规定》); without `original_price` lint warns (W011)."),
            "stock": integer("Units in stock at the start, 0 or more.", 0, 100000000),
            "origin": ref("localized", "Where it comes from, as the host should say it."),
            "origin_cues": ref("stringList", "Words that count as naming the origin, e.g. [阿克苏, Aksu]."),
            "weight": ref("plainString", "Net weight or size, e.g. 500g."),
            "shelf_life": ref("localized", "Shelf life, e.g. {zh: 12个月, en: 12 months}."),
            "cues": ref("stringList", "Words that show the host is talking about this product (its name always counts)."),
            "shipping": ref("liveShipping", "How it ships: free, from, dispatch_hours, delivery_days, excluded, note."),
            "returns": ref("liveReturns", "After-sales terms: seven_day, note."),
        },
    },
    "liveAudience": {
        "type": "object",
        "description": "Who comes into the room. Every key is optional.",
        "additionalProperties": False,
        "properties": {
            "arrivals_per_minute": {"description": "New viewers per simulated minute, 0 to 1000. Default: 6.",
                                    "type": "number", "minimum": 0, "maximum": 1000, "default": 6},
            "patience_seconds": integer("How long a viewer waits for an answer before leaving, 5 to 600 seconds. Default: 45.", 5, 600, default=45),
            "initial_viewers": integer("Viewers already in the room at the start, 0 to 10000. Default: 3.", 0, 10000, default=3),
            "personas": desc({"type": "object", "additionalProperties": False, "minProperties": 1,
                              "properties": {k: {"type": "number", "minimum": 0, "maximum": 1000} for k in PERSONAS}},
                             "Share of each kind of viewer, e.g. {bargain_hunter: 0.3, sceptic: 0.2, gift_buyer: 0.2, lurker: 0.3}. Personas not listed get 0.",
                             "Share of each kind of viewer (shares are normalised; personas not listed get 0; not all 0, E018):\n\n- `bargain_hunter` asks the price, buys on coupons and flash sales\n- `sceptic` asks where it is really from\n- `gift_buyer` asks about shipping, packaging and shelf life\n- `lurker` watches and leaves soon unless something happens\n\nDefault: `{bargain_hunter: 0.3, sceptic: 0.2, gift_buyer: 0.2, lurker: 0.3}`."),
        },
    },
    "liveEvent": {
        "type": "object",
        "title": "Scripted viewer event",
        "description": "Something a viewer says at a given time.",
        "additionalProperties": False,
        "required": ["at", "viewer", "text"],
        "properties": {
            "at": desc({"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": CLOCK}]},
                       "When, in simulated time: \"mm:ss\" (or \"h:mm:ss\"), or a number of seconds. Before the end of the session.",
                       "When it happens, in **simulated** time from the start: `\"01:30\"` (minutes:seconds), `\"1:05:00\"`, or a number of seconds (`90`). Must be before the end (E025)."),
            "viewer": ref("plainString", "The viewer's nickname, e.g. 阿依古丽."),
            "persona": desc({"enum": PERSONAS}, "The viewer's persona: bargain_hunter, sceptic, gift_buyer or lurker."),
            "asks": desc({"enum": QUESTION_TOPICS}, "What the comment asks, if it is a question the host should answer: price, shipping, origin, returns, shelf_life, weight or stock."),
            "product": ref("identifier", "Which product it is about (an id from products:). Default: the first product."),
            "text": ref("localized", "What the viewer says."),
        },
    },
    "livePromotion": {
        "type": "object",
        "title": "Promotion",
        "description": "A promotion the host may start with :promo ID during the session.",
        "additionalProperties": False,
        "required": ["id", "label", "kind"],
        "properties": {
            "id": ref("identifier", "Promotion id, unique in the scenario; the host types :promo ID."),
            "label": ref("localized", "What the host and viewers see, e.g. {zh: 5元无门槛券, en: 5-yuan coupon}."),
            "kind": desc({"enum": ["coupon", "flash_sale"]}, "coupon (amount off, optional threshold) or flash_sale (a lower price with its own limited stock)."),
            "amount": positive("Coupon: yuan off, above 0 and below the product's price."),
            "threshold": positive("Coupon: the least a buyer must spend (满 threshold 减 amount); above amount. Default: none."),
            "price": positive("Flash sale: the sale price, above 0 and below the product's price."),
            "stock": integer("Flash sale: units at the sale price, 1 or more.", 1, 100000000),
            "minutes": positive("How long it runs once started, in simulated minutes, at most 240. Default: 3.", 240, default=3),
            "product": ref("identifier", "Which product it applies to (an id from products:). Default: the first product."),
        },
        "allOf": [
            {"if": {"required": ["kind"], "properties": {"kind": {"const": "coupon"}}},
             "then": {"required": ["amount"], "not": {"anyOf": [{"required": ["price"]}, {"required": ["stock"]}]}}},
            {"if": {"required": ["kind"], "properties": {"kind": {"const": "flash_sale"}}},
             "then": {"required": ["price", "stock"], "not": {"anyOf": [{"required": ["amount"]}, {"required": ["threshold"]}]}}},
        ],
    },
    "liveTopic": {
        "type": "object",
        "title": "Topic",
        "description": "Something the host is expected to say, with cue words or phrase families.",
        "additionalProperties": False,
        "required": ["id", "stage", "label"],
        "anyOf": [{"required": ["cues"]}, {"required": ["families"]}],
        "properties": {
            "id": ref("identifier", "Topic id, unique in the scenario."),
            "stage": desc({"enum": STAGES}, "The script stage: opening, product, interaction or closing."),
            "label": ref("localized", "What the topic is (shown in feedback)."),
            "cues": desc({"anyOf": [ref("stringList"),
                                    {"type": "object", "minProperties": 1,
                                     "propertyNames": {"pattern": LANG_PATTERN},
                                     "additionalProperties": ref("stringList")}]},
                         "Words that show the host covered the topic: a list, or one list per language {zh: […], en: […]}. Any one is enough.",
                         "Words that show the host covered the topic; any one is enough, in a clause that says something. A list, or one list per language:\n\n```yaml\ncues:\n  zh: [大家好, 欢迎]\n  en: [hello, welcome]\n```\n\nA cue that a lexicon flags is an error (E037). Needed unless `families:` is given."),
            "families": ref("familyNames", "Phrase families of the scenario's or the course's lexicons whose phrases count as cues too, e.g. [greeting]; [refusal]: refusing a health claim covers the topic. E042 for an unknown family."),
            "weight": positive("How much the topic counts within its stage, above 0 and at most 100. Default: 1.", 100, default=1),
        },
    },
    "liveRubric": {
        "type": "object",
        "description": "Points per score dimension (scaled so the total is 100). Dimensions not listed keep their defaults: opening 15, product 25, questions 25, interaction 15, compliance 10, closing 10.",
        "additionalProperties": False,
        "properties": {k: {"type": "number", "minimum": 0, "maximum": 1000,
                           "default": {"opening": 15, "product": 25, "questions": 25, "interaction": 15,
                                       "compliance": 10, "closing": 10}[k]} for k in DIMENSIONS},
    },
})

# A pitch question's facts: a product written like a live scenario's, where only name: is required
# and only the terms written are checked (CourseBuilder.liveProduct(asFacts: true), Grader.factNotes).
facts_props = dict(course_defs["liveProduct"]["properties"])
facts_props.update({
    "id": ref("identifier", "Not needed: the product of facts: needs no id (ignored)."),
    "price": positive("The price a buyer pays, in yuan, above 0. Written: every price the answer states is checked (a wrong price, a made-up original price). Write it whenever you write original_price."),
    "original_price": positive("A crossed-out 'original' price, above `price`. Needs original_price_basis. An original price the answer states is checked against it."),
    "stock": integer("Units in stock. Written: 'only N left' claims are checked against it.", 0, 100000000),
    "origin": ref("localized", "Where it comes from (not checked; for your reference)."),
    "shipping": ref("liveShipping", "How it ships. Only the keys written are checked: free (包邮, 全国包邮, free shipping to an excluded region), delivery_days (明天就到), dispatch_hours (当天发)."),
    "returns": ref("liveReturns", "After-sales terms. Written: 七天无理由 is checked when seven_day is false, 不支持退货 when it is true (the default)."),
})
course_defs["pitchFacts"] = {
    "type": "object",
    "title": "Facts",
    "description": "The product a pitch answer talks about, written like a live scenario's product: only name: is required, and only the terms written are checked.",
    "markdownDescription": "The product the answer talks about, with the terms the prompt gives the learner. Written like a live scenario's product, but only `name:` is required, and **only the terms you write are checked**:\n\n```yaml\nfacts:\n  name: {zh: 库车枣夹核桃, en: Kuqa jujubes with walnut}\n  price: 44.9\n  shipping: {free: true, excluded: [西藏, 青海, 海南]}\n  returns: {seven_day: true}\n```",
    "additionalProperties": False,
    "required": ["name"],
    "dependencies": {"original_price": ["original_price_basis"]},
    "properties": facts_props,
}

course_defs["live"] = {
    "type": "object",
    "title": "Live scenario",
    "description": "A simulated live-selling session (kind: live). Run it with `bazaar live`; see `bazaar live --help`.",
    "additionalProperties": False,
    "required": ["id", "kind", "title", "minutes", "products", "topics"],
    "properties": {
        "kind": desc({"const": "live"}, "live: a simulated live-selling session."),
        "id": ref("identifier", "Scenario id, unique among the course's questions and scenarios."),
        "title": ref("localized", "Shown when the session starts."),
        "brief": ref("localized", "What the trainee is told before going live: the situation and the facts."),
        "minutes": {"description": "Simulated length of the session, 1 to 240 minutes (decimals allowed).",
                    "type": "number", "minimum": 1, "maximum": 240},
        "seed": integer("The simulation's seed, 0 to 2^53. Default: derived from the id, so every trainee faces the same room.", 0, 9007199254740992),
        "cites": ref("cites"),
        "lexicons": ref("lexiconNames", "Lexicons checked on every host line, added to the course's lexicons:."),
        "products": desc({"type": "array", "minItems": 1, "items": ref("liveProduct")},
                         "The products on the shelf, at least one; the first is the main product."),
        "audience": ref("liveAudience", "Who comes: arrivals_per_minute, patience_seconds, initial_viewers, personas."),
        "events": desc({"type": "array", "items": ref("liveEvent")}, "Viewer comments and questions scripted at given times."),
        "chatter": desc({"type": "array", "items": ref("localized")}, "Extra random chatter lines, added to Bazaar's built-in ones."),
        "promotions": desc({"type": "array", "items": ref("livePromotion")}, "Promotions the host may start with :promo ID."),
        "topics": desc({"type": "array", "minItems": 1, "items": ref("liveTopic")},
                       "What the host is expected to say, by stage, with cue words. At least one."),
        "rubric": ref("liveRubric", "Points per score dimension: opening, product, questions, interaction, compliance, closing."),
    },
}

step_kind = desc({"enum": common_props["kind"]["enum"] + ["live"]},
                 "Question kind (choice, truefalse, short, number, calc, order, match, listing, pitch), or live for a simulated live-selling session.",
                 common_props["kind"]["markdownDescription"] + "\n- `live` a simulated live-selling session (not a question)")
course_defs["step"] = {
    "description": "A step: narrative (`text:`), a question (`kind:`), or a live scenario (`kind: live`).",
    "markdownDescription": "A step. Narrative:\n\n```yaml\n- text: {zh: …, en: …}\n```\n\nor a question:\n\n```yaml\n- id: margin-choice\n  kind: choice\n  prompt: …\n```\n\nor a live scenario (`kind: live`).",
    "type": "object",
    "properties": {
        "text": ref("localized", "Narrative: what the learner reads. (A step with text: is narrative.)"),
        "id": common_props["id"],
        "kind": step_kind,
        "prompt": common_props["prompt"],
        "cites": ref("cites"),
    },
    "if": {"required": ["kind"], "properties": {"kind": {"const": "live"}}},
    "then": ref("live"),
    "else": {
        "if": {"anyOf": [{"required": ["kind"]}, {"required": ["prompt"]}, {"required": ["id"]}]},
        "then": ref("question"),
        "else": ref("narrative"),
    },
    "defaultSnippets": [
        {"label": "narrative", "description": "Text the learner reads",
         "body": {"text": {"zh": "$1", "en": "$2"}}},
        {"label": "choice question", "description": "Pick one option (or several)",
         "body": {"id": "$1", "kind": "choice", "prompt": {"zh": "$2", "en": "$3"},
                  "options": [{"text": "$4", "correct": True}, {"text": "$5"}, {"text": "$6"}],
                  "explanation": {"zh": "$7", "en": "$8"}}},
        {"label": "truefalse question", "body": {"id": "$1", "kind": "truefalse", "prompt": {"zh": "$2", "en": "$3"},
                                                 "answer": False, "explanation": {"zh": "$4", "en": "$5"}}},
        {"label": "short question", "body": {"id": "$1", "kind": "short", "prompt": {"zh": "$2", "en": "$3"},
                                             "answer": "$4", "explanation": {"zh": "$5", "en": "$6"}}},
        {"label": "number question", "body": {"id": "$1", "kind": "number", "prompt": {"zh": "$2", "en": "$3"},
                                              "answer": 0, "unit": "元", "explanation": {"zh": "$4", "en": "$5"}}},
        {"label": "calc question", "body": {"id": "$1", "kind": "calc", "prompt": {"zh": "$2 {cost}", "en": "$3 {cost}"},
                                            "vars": {"cost": {"min": 20, "max": 40, "step": 0.5}},
                                            "formula": "cost", "decimals": 1, "unit": "元",
                                            "explanation": {"zh": "$4", "en": "$5"}}},
        {"label": "order question", "body": {"id": "$1", "kind": "order", "prompt": {"zh": "$2", "en": "$3"},
                                             "items": ["$4", "$5", "$6"], "explanation": {"zh": "$7", "en": "$8"}}},
        {"label": "match question", "body": {"id": "$1", "kind": "match", "prompt": {"zh": "$2", "en": "$3"},
                                             "pairs": [{"left": "$4", "right": "$5"}, {"left": "$6", "right": "$7"}],
                                             "explanation": {"zh": "$8", "en": "$9"}}},
        {"label": "listing question", "body": {"id": "$1", "kind": "listing", "prompt": {"zh": "$2", "en": "$3"},
                                               "max_bytes": 60, "keywords": ["$4"], "model_answer": "$5",
                                               "explanation": {"zh": "$6", "en": "$7"}}},
        {"label": "pitch question", "body": {"id": "$1", "kind": "pitch", "prompt": {"zh": "$2", "en": "$3"},
                                             "concepts": [{"id": "$4", "cues": ["$5"]}], "model_answer": "$6",
                                             "explanation": {"zh": "$7", "en": "$8"}}},
        {"label": "live scenario", "description": "A simulated live-selling session",
         "body": {"id": "$1", "kind": "live", "title": {"zh": "$2", "en": "$3"}, "minutes": 10,
                  "products": [{"id": "$4", "name": {"zh": "$5", "en": "$6"}, "price": 10, "stock": 100,
                                "origin": {"zh": "$7", "en": "$8"}}],
                  "topics": [{"id": "greeting", "stage": "opening", "label": {"zh": "问候", "en": "Greeting"},
                              "cues": {"zh": ["大家好"], "en": ["hello"]}}]}},
    ],
}

course_defs["lesson"] = {
    "type": "object",
    "title": "Lesson",
    "description": "A lesson: a title and its steps, in order.",
    "additionalProperties": False,
    "required": ["id", "title", "steps"],
    "properties": {
        "id": ref("identifier", "Lesson id, unique in the course, e.g. pricing."),
        "title": ref("localized", "Lesson title."),
        "steps": desc({"type": "array", "minItems": 1, "items": ref("step")},
                      "The steps in order: narrative (- text: …), questions (- kind: …) or live scenarios (- kind: live).",
                      "The steps in order. Each is narrative (`- text: …`), a question (`- id: …` with `kind: …`) or a live scenario (`kind: live`)."),
        "cites": ref("cites"),
        "policy": ref("policy", "This lesson's own rules, over the course's policy key by key: e.g. `policy: {pass_score: 0.8, attempts: 1}`."),
        "draw": desc({"type": "integer", "minimum": 1, "maximum": 10000},
                     "A pool: each learner gets this many of the lesson's questions, drawn per learner (text and live steps are always shown). At most the number of questions."),
    },
}

course_schema = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "Bazaar course",
    "description": "A Bazaar course file. Reference: docs/course-format.md. Check it with: bazaar lint FILE",
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "version", "title", "languages", "lessons"],
    "properties": {
        "format": {"description": "Course format version. Only 1 exists. Default: 1.", "enum": [1], "default": 1},
        "id": ref("identifier", "Course id, e.g. pricing-basics. Progress and transcripts use it, so do not change it later."),
        "version": desc({"type": ["string", "number"]}, "Your version of the course, e.g. 1.0.0. Change it when you change the course."),
        "title": ref("localized", "Course title."),
        "description": ref("localized", "One or two sentences: what the course teaches and to whom. Optional."),
        "languages": desc({"anyOf": [ref("languageCode"),
                                     {"type": "array", "minItems": 1, "uniqueItems": True, "items": ref("languageCode")}]},
                          "The languages the course is written in, main language first, e.g. [zh, en].",
                          "The languages the course is written in, **main language first**: `languages: [zh, en]`. Every `{zh: …, en: …}` text may only use these codes (E015) and should have all of them (W001)."),
        "sources": desc({"type": "array", "items": ref("source")},
                        "Where the course's facts come from. Questions and steps cite them with cites: [id].",
                        "Where the facts come from:\n\n```yaml\nsources:\n  - id: R31\n    title: Gross margin vs markup\n    url: https://…\n```\n\nCite them with `cites: [R31]`."),
        "policy": ref("policy", "Rules for learners: skip, attempts, hint_penalty, retry_penalty, shuffle, pass_score."),
        "lexicons": ref("lexiconNames", "Lexicons checked in every listing and pitch answer, e.g. [absolute-terms]. Bazaar looks for lexicon/NAME.yaml beside the course and in the folders above."),
        "lessons": desc({"type": "array", "minItems": 1, "items": ref("lesson")}, "The lessons, in order. At least one."),
    },
    "definitions": course_defs,
}

# ---- lexicon

lex_defs = dict(common_defs)
lex_defs["pattern"] = {
    "description": "A pattern: plain words, or (a|b) for alternatives, (a|) for an optional part, # for any number, \\( \\) \\| \\# \\\\ for the sign itself. At most 512 phrases (E041).",
    "markdownDescription": "A word or phrase, as a **pattern** (docs/course-format.md §12):\n\n- `(a|b|c)` one of the alternatives: `'(早上|中午|晚上)好'`\n- an empty alternative makes a part optional: `'jujube(s|)'`\n- `|` outside brackets separates whole alternatives\n- `#` any number, in digits or Chinese numerals: `'第#(波|单|批)'`\n- `\\(` `\\)` `\\|` `\\#` `\\\\` the sign itself\n\nWrite it in single quotes. One pattern stands for at most 512 phrases; lint reports a pattern it cannot use at its column (E041).",
    "type": ["string", "number", "boolean"],
    "minLength": 1,
}
lex_defs["patternList"] = {
    "description": "One pattern, or a list of patterns.",
    "anyOf": [ref("pattern"), {"type": "array", "items": ref("pattern")}],
}
lex_defs["family"] = {
    "type": "object",
    "title": "Phrase family",
    "description": "A named group of phrases (patterns) that pitch concepts, short answers and live topics can accept.",
    "additionalProperties": False,
    "required": ["patterns"],
    "properties": {
        "label": ref("localized", "What the family is, e.g. {zh: 问候, en: a greeting}."),
        "patterns": desc({"anyOf": [ref("pattern"), {"type": "array", "minItems": 1, "items": ref("pattern")}]},
                         "The phrases, as patterns: at least one (E016).",
                         "The phrases, as patterns, at least one (E016):\n\n```yaml\npatterns:\n  - 大家好\n  - '(早上|中午|晚上)好'\n  - 'good (morning|afternoon|evening)'\n```"),
    },
}
lex_defs["term"] = {
    "description": "A term (a pattern): plain text, or {term: …, reason: …, advice: …, exempt: […]}. In a cue lexicon (category: cue) a mapping with topic: (E038).",
    "anyOf": [
        ref("pattern"),
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["term"],
            "properties": {
                "term": ref("pattern", "The word or phrase to flag (in a cue lexicon: the cue word), as a pattern: (a|b), (a|) optional, # any number."),
                "topic": ref("cueTopic", "Cue lexicons only: the topic the word shows."),
                "reason": ref("localized", "Why it is flagged (in a cue lexicon: why it shows the topic). Default: the lexicon's rule."),
                "advice": ref("localized", "What to say instead."),
                "exempt": ref("patternList", "Patterns of phrases in which this term is allowed, e.g. ['第#(波|单|批)'] for 第一."),
            },
        },
    ],
}
cue_topics = ["price", "shipping", "origin", "returns", "shelf_life", "weight", "stock", "show", "call_to_action", "engage", "urgency"]
lex_defs["cueTopic"] = {
    "description": "A cue topic: what the word shows the host is doing (E039 otherwise).",
    "type": "string",
    "enum": cue_topics,
}
lex_defs["topicText"] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "label": ref("localized", "The topic's name in reports, e.g. {zh: 售后, en: after-sales}."),
        "rule": ref("localized", "Why the topic matters: the rule or rubric item, shown when a broadcast never mentions it."),
        "expected": {"type": "boolean", "description": "Whether every broadcast should mention it. Default: true for price, shipping, origin, returns, show, call_to_action, engage; false for the others."},
    },
}
# The grammar lexicons' lists (GrammarWords.listKeys), each a list of patterns.
grammar_lists = {
    "negations": ("Negations that deny a claim a few characters later in the same clause (reach:), unless a breaker stands between: 不, 不能, not, can't.",
                  "Negations that deny a claim that follows within `reach` characters in the same clause, unless a breaker stands between: `不能降血糖`, `it doesn't lower blood sugar`."),
    "strong_negations": ("Negations that reach the end of their clause whatever stands between: 不是说, 我们不说, we never say.",
                         "Negations that reach the end of their clause, whatever stands between: `不是说吃了就能降血糖`, `we never say it cures anything`."),
    "denials": ("Words after a claim, in its clause, that deny it: 是骗人的, is a myth.",
                "Words after a claim, in its clause, that deny it: `说能降血糖是骗人的`, `… is a myth`."),
    "not_negations": ("Phrases that hold a negation word but deny nothing: 不仅, 不错, 能不能, not only, no doubt.",
                      "Phrases that hold a negation word but deny nothing: `不仅`, `不错`, `能不能`, `not only`, `no doubt`."),
    "breakers": ("Words that start a new statement inside a clause, so a negation before them stops there: 就, 而且, and, so.",
                 "Words that start a new statement inside a clause, so a negation before them stops there: `不用吃药，吃它就能降血糖` (就), `它不贵而且能补血` (而且)."),
    "rhetorical": ("Rhetorical openers that turn the clause around: 谁说, 难道, who says.",
                   "Rhetorical openers that turn the clause around: `谁说它不能降血糖？` makes the claim, `难道它能治病吗？` denies it."),
    "reported": ("Phrases that report someone else's question: a claim in their clause is quoted, not made: 有人问, someone asked.",
                 "Phrases that report someone else's question; a claim in their clause is quoted, not made: `有人问能不能降血糖`, `someone asked if it lowers blood sugar`."),
    "no_answers": ("Whole 'no' answers: a yes/no question right before one is asked only to be denied: 不能, 不行, no.",
                   "Clauses that are a whole \"no\" answer; a yes/no question right before one is asked only to be denied: `能降血糖吗？不能。`"),
    "question_markers": ("Question particles and A-not-A forms that make a clause a question: 吗, 能不能, does it.",
                         "Question particles and A-not-A forms that make a clause a question (besides `?`): `吗`, `能不能`, `does it`."),
    "contrast": ("Words that start a new clause: 但是, 不过, but, however.",
                 "Words that start a new clause: `但是`, `不过`, `but`, `however`. In `它不是药但是能降血糖` the second clause makes the claim."),
    "fillers": ("Words with no content of their own: 的, 了, 啊, 家人们, the, guys.",
                "Words with no content of their own: `的`, `了`, `啊`, `家人们`, `the`, `guys`. A clause of nothing but cue words and fillers says nothing."),
}
grammar_props = {
    k: ref("patternList", "Grammar lexicons only (category: grammar; elsewhere ignored, W013). " + d, md + "\n\nGrammar lexicons only (`category: grammar`); elsewhere ignored (W013).")
    for k, (d, md) in grammar_lists.items()
}
grammar_props["reach"] = integer(
    "Grammar lexicons only: how many characters (of normalised text) after a negation it still reaches, 1 to 200. Default: 8. When several grammar lexicons are loaded, the largest reach applies.",
    1, 200, default=8)

lexicon_schema = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "Bazaar lexicon",
    "description": "A Bazaar lexicon: a shared list of banned terms (or of cue words, category: cue; or the words that decide how lines are read, category: grammar), with optional phrase families. Save it as lexicon/NAME.yaml. Reference: docs/course-format.md §12.",
    "type": "object",
    "additionalProperties": False,
    "required": ["lexicon", "category"],
    # terms: is needed unless the lexicon holds families: or is a grammar lexicon (E010).
    "if": {"required": ["category"], "properties": {"category": {"const": "grammar"}}},
    "else": {"anyOf": [{"required": ["terms"]}, {"required": ["families"]}]},
    "properties": {
        "lexicon": ref("identifier", "The lexicon's name; courses use it. It should equal the file name without .yaml (W008)."),
        "title": ref("localized", "Human title. Default: the name."),
        "category": ref("identifier", "What kind of terms: absolute, medical, price, scarcity…; cue for cue words; grammar for the words that decide how lines are read.", examples=["absolute", "medical", "price", "scarcity", "cue", "grammar"]),
        "rule": ref("localized", "The rule the terms break, shown to learners, e.g. Advertising Law art. 9(3)."),
        "languages": desc({"anyOf": [ref("languageCode"), {"type": "array", "items": ref("languageCode")}]},
                          "The languages of the reason/advice texts, e.g. [zh, en]. Optional."),
        "exempt": ref("patternList", "Patterns of phrases in which any term of this lexicon is allowed, e.g. '最佳(食用|保存)(期|时间)'."),
        "sources": ref("stringList", "Where the terms and their reasons come from: course source ids (R13a) or web addresses. Not shown to learners and not checked."),
        "families": desc({"type": "object", "propertyNames": {"pattern": ID_PATTERN}, "additionalProperties": ref("family")},
                         "Phrase families by name, e.g. greeting: {label: …, patterns: […]}. Pitch concepts (families:), short answers (family:) and live topics (families:) accept their phrases.",
                         "Named phrase families that pitch concepts (`families:`), short answers (`family:`) and live topics (`families:`) can accept:\n\n```yaml\nfamilies:\n  greeting:\n    label: {zh: 问候, en: a greeting}\n    patterns: [大家好, '(早上|中午|晚上)好', 'good (morning|evening)']\n```\n\n`refusal` is reserved (refusing a health claim) and needs no definition."),
        "topics": desc({"type": "object", "additionalProperties": False,
                        "properties": {t: ref("topicText") for t in cue_topics}},
                       "Cue lexicons only: each topic's label and rule, e.g. price: {label: …, rule: …}."),
        "terms": desc({"type": "array", "minItems": 1, "items": ref("term")}, "The terms, at least one. Needed unless the lexicon has families: or is a grammar lexicon."),
        **grammar_props,
    },
    "definitions": lex_defs,
}

out = sys.argv[1]
with open(out + "/course.schema.json", "w", encoding="utf-8") as f:
    json.dump(course_schema, f, ensure_ascii=False, indent=2)
    f.write("\n")
with open(out + "/lexicon.schema.json", "w", encoding="utf-8") as f:
    json.dump(lexicon_schema, f, ensure_ascii=False, indent=2)
    f.write("\n")
