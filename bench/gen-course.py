#!/usr/bin/env python3
"""Writes a synthetic, valid Bazaar course with N questions (all kinds) to stdout. Fixed seed."""
import random, sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
rng = random.Random(20261123)
out = ["id: bench-%d" % n, "version: 1.0.0", "title: {zh: 基准测试课程, en: Benchmark course}",
       "languages: [zh, en]", "lessons:"]
per_lesson = 20
for q in range(n):
    if q % per_lesson == 0:
        l = q // per_lesson
        out += ["  - id: lesson-%d" % l, "    title: {zh: 第%d课, en: Lesson %d}" % (l, l), "    steps:",
                "      - text: {zh: 请阅读下面的说明，然后回答问题。, en: Read the note below and answer the questions.}"]
    kind = q % 6
    cost = rng.randint(10, 60)
    base = ["      - id: q-%d" % q]
    prompt = "        prompt: {zh: 成本 %d 元，售价 %d 元，毛利率是多少？, en: 'Cost %d, price %d: gross margin?'}" % (cost, cost * 2, cost, cost * 2)
    expl = "        explanation: {zh: 毛利率 = (售价 − 成本) ÷ 售价。, en: Gross margin = (price − cost) ÷ price.}"
    if kind == 0:
        out += base + ["        kind: choice", prompt, "        options:",
                       "          - {text: '50%', correct: true}", "          - '100%'", "          - '25%'", expl]
    elif kind == 1:
        out += base + ["        kind: number", prompt, "        answer: 50", "        percent: true", "        tolerance: 0.5",
                       "        wrong_examples: ['100%']", expl]
    elif kind == 2:
        out += base + ["        kind: truefalse", "        prompt: {zh: 毛利率等于加价率。, en: Margin equals markup.}",
                       "        answer: false", expl]
    elif kind == 3:
        out += base + ["        kind: short", "        prompt: {zh: 鲜果不适用哪项退货规则？, en: Which return rule does not apply to fresh fruit?}",
                       "        answers:", "          - text: [七日无理由退货, 7-day no-reason return]",
                       "          - {text: 退货, credit: 0.5}", expl]
    elif kind == 4:
        out += base + ["        kind: calc", "        prompt: {zh: '成本 {cost} 元，目标毛利率 {margin%}，售价？', en: 'Cost {cost}, margin {margin%}: price?'}",
                       "        vars:", "          cost: {min: 20, max: 40, step: 0.5}", "          margin: {values: [0.2, 0.25, 0.3]}",
                       "        formula: cost / (1 - margin)", "        decimals: 2", expl]
    else:
        out += base + ["        kind: order", "        prompt: {zh: 排序, en: Put in order}", "        items:",
                       "          - {zh: 直播开场, en: Opening}", "          - {zh: 商品介绍, en: Product introduction}",
                       "          - {zh: 直播互动, en: Interaction}", "          - {zh: 直播收尾, en: Closing}", expl]
print("\n".join(out))
