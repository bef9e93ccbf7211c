/// The starting file `bazaar new course ID` writes: valid, commented, and passing lint.
public enum CourseTemplate {
  /// Whether `id` can be a course id (ASCII letters, digits, `-`, `_`, `.`).
  public static func isValidID(_ id: String) -> Bool {
    !id.isEmpty && id.count <= 80 && !id.hasPrefix(".") && !id.hasPrefix("-")
      && id.unicodeScalars.allSatisfy {
        ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" || $0 == "_" || $0 == "."
      }
  }

  /// The course text for `id`; `schema` is the `$schema` path for editors, if known.
  public static func text(id: String, schema: String?) -> String {
    let schemaLine = schema.map { "# yaml-language-server: $schema=\($0)\n" } ?? ""
    return """
      \(schemaLine)# A Bazaar course. Format: docs/course-format.md. Check it with: bazaar lint \(id).yaml
      # Every text a learner sees may be one string, or one per language: {zh: …, en: …}.
      id: \(id)
      version: 0.1.0
      title: {zh: 新课程, en: New course}
      description:
        zh: 用一两句话说明这门课教什么、给谁学。
        en: One or two sentences on what this course teaches and to whom.
      languages: [zh, en]          # the first is the primary language

      # Where the facts come from. Questions cite them with `cites: [key]`.
      sources:
        - id: R31
          title: "Gross margin vs markup (AccountingCoach; Investopedia)"
          url: https://www.accountingcoach.com/blog/gross-margin-markup

      policy:
        skip: true                 # learners may :skip a question (recorded as skipped)
        attempts: 2                # tries per question; 0 = unlimited
        hint_penalty: 0.1          # each hint used costs 10% of the question's score

      lessons:
        - id: first-lesson
          title: {zh: 第一课, en: First lesson}
          steps:
            - text:
                zh: 叙述步骤：学员读完按回车继续。
                en: A narrative step. The learner reads it and presses Enter.

            - id: margin-choice
              kind: choice
              prompt:
                zh: 成本 8 元、售价 10 元，毛利率是多少？
                en: Cost 8 yuan, price 10 yuan. What is the gross margin?
              options:
                - text: "20%"
                  correct: true
                  feedback: {zh: (10 − 8) ÷ 10 = 20%, en: (10 − 8) ÷ 10 = 20%}
                - text: "25%"
                  feedback: {zh: 这是加价率：(10 − 8) ÷ 8。, en: "That is the markup: (10 − 8) ÷ 8."}
                - text: "80%"
              hints:
                - {zh: 毛利率的分母是售价。, en: Gross margin divides by the price.}
              explanation:
                zh: 毛利率 = (售价 − 成本) ÷ 售价。
                en: Gross margin = (price − cost) ÷ price.
              cites: [R31]

            - id: margin-number
              kind: number
              prompt:
                zh: 成本 28 元，售价 40 元。毛利率是百分之几？
                en: Cost 28 yuan, price 40 yuan. What is the gross margin, in percent?
              answer: 30
              percent: true
              wrong_examples: ["42.9%"]    # the markup, a common confusion
              explanation:
                zh: (40 − 28) ÷ 40 = 30%。
                en: (40 − 28) ÷ 40 = 30%.
              cites: [R31]

      """
  }

  /// The question bank `bazaar new bank ID` writes: one question, passing lint, for courses to
  /// take in with `- include: banks/ID.yaml`.
  public static func bankText(id: String, schema: String?) -> String {
    let schemaLine = schema.map { "# yaml-language-server: $schema=\($0)\n" } ?? ""
    return """
      \(schemaLine)# A Bazaar question bank: questions several courses share. Format: docs/course-format.md §6.
      # A lesson takes them with a step `- include: banks/\(id).yaml` (a path from the course file's folder).
      # Check it with: bazaar lint \(id).yaml
      bank: \(id)
      title: {zh: 新题库, en: New question bank}
      languages: [zh, en]
      questions:
        - id: \(id)-margin
          kind: number
          prompt: {zh: 售价100元，成本70元，毛利率是多少？, en: "Price 100 yuan, cost 70 yuan: what is the gross margin?"}
          answer: 30
          percent: true
          explanation: {zh: （100−70）÷100 = 30%。, en: (100 − 70) ÷ 100 = 30%.}

      """
  }
}
