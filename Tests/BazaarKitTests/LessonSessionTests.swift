import Foundation
import Testing
@testable import BazaarKit

/// A small two-lesson course for the engine.
func engineCourse(policy: String = "policy: {attempts: 2, hint_penalty: 0.25, skip: true}") throws -> Course {
  let yaml = """
    id: engine
    version: "1"
    title: {zh: 引擎, en: Engine}
    languages: [zh, en]
    \(policy)
    lessons:
      - id: l1
        title: {zh: 第一课, en: Lesson one}
        steps:
          - text: {zh: 欢迎。, en: Welcome.}
          - id: tf
            kind: truefalse
            prompt: {zh: 毛利率等于加价率。, en: Margin equals markup.}
            answer: false
            explanation: {zh: 分母不同。, en: Different denominators.}
          - id: num
            kind: number
            prompt: {zh: 售价多少元？, en: What is the price?}
            answer: 39.9
            unit: 元
            hints:
              - {zh: 看标价。, en: Look at the label.}
              - {zh: 三十九块九。, en: Thirty-nine point nine.}
            explanation: {zh: 标价 39.9 元。, en: The label says 39.9.}
      - id: l2
        title: {zh: 第二课, en: Lesson two}
        steps:
          - text: {zh: 第二课。, en: Lesson two.}
    """
  let loaded = CourseLoader.parse(source: SourceText(path: "engine.yaml", text: yaml))
  try #require(!loaded.diagnostics.hasErrors, "\(loaded.diagnostics.map(\.message))")
  return try #require(loaded.course)
}

/// Runs `inputs` through a fresh session and returns every output (records included).
func drive(_ course: Course, _ inputs: [LineEvent], language: String = "en", step: Int = 0, states: [String: QuestionState] = [:]) -> [LessonOutput] {
  var session = LessonSession(course: course, lessonIndex: 0, step: step, language: language, seed: "learner", states: states)
  var out = session.start(now: 0)
  var t: Int64 = 0
  for input in inputs {
    t += 1000
    out += session.handle(input, now: t)
  }
  return out
}

func graded(_ outputs: [LessonOutput]) -> [GradedView] {
  outputs.compactMap { if case .graded(let g) = $0 { g } else { nil } }
}

func records(_ outputs: [LessonOutput]) -> [LessonRecord] {
  outputs.compactMap { if case .record(let r) = $0 { r } else { nil } }
}

@Suite("lesson engine")
struct LessonSessionTests {
  @Test func aWholeLessonFromScriptedAnswers() throws {
    let course = try engineCourse()
    let out = drive(course, [.line(""), .line("false"), .line("39.9元")])
    let g = graded(out)
    #expect(g.count == 2)
    #expect(g.allSatisfy { $0.score == 1 && !$0.tryAgain })
    #expect(g[0].explanation == "Different denominators.")
    guard case .lessonEnd(let summary) = out.dropLast().last else {
      Issue.record("no summary: \(out.last.map { "\($0)" } ?? "")")
      return
    }
    #expect(summary.score == 1 && summary.correct == 2 && summary.questions == 2 && summary.passed)
    #expect(summary.next == "Lesson two")
    #expect(out.last == .leave(.finished))
  }

  @Test func narrativeWaitsForEnterAndQuestionsWaitForAnswers() throws {
    let course = try engineCourse()
    var session = LessonSession(course: course, lessonIndex: 0, language: "zh", seed: "s")
    let first = session.start(now: 0)
    #expect(first.contains(.narrative(text: "欢迎。", step: 0, steps: 3)))
    #expect(!session.awaitingAnswer)
    let next = session.handle(.line(""), now: 10)
    #expect(next.contains { if case .question(let q) = $0 { q.id == "tf" && q.items.map(\.text) == ["对", "错"] } else { false } })
    #expect(session.awaitingAnswer)
  }

  @Test func aWrongAnswerMayBeRetriedUpToThePolicyThenTheAnswerIsShown() throws {
    let course = try engineCourse()
    let out = drive(course, [.line(""), .line("错"), .line("40"), .line("41")], language: "zh")
    let g = graded(out)
    #expect(g.count == 3)
    #expect(g[1].tryAgain && g[1].attemptsLeft == 1 && g[1].explanation == nil && g[1].correctAnswer == nil)
    #expect(!g[2].tryAgain && g[2].correctAnswer?.hasPrefix("39.9") == true && g[2].explanation == "标价 39.9 元。" && g[2].finalScore == 0)
  }

  @Test("a true/false question has one try, whatever the policy: a second could not be wrong")
  func trueFalseHasOneTry() throws {
    let course = try engineCourse()
    let g = graded(drive(course, [.line(""), .line("true")], language: "zh"))
    #expect(g.count == 1)
    #expect(!g[0].tryAgain && g[0].correctAnswer == "错" && g[0].explanation == "分母不同。" && g[0].finalScore == 0)
  }

  @Test("policy.retry_penalty: a right answer on the second try is worth less")
  func retryPenalty() throws {
    let course = try engineCourse(policy: "policy: {attempts: 3, retry_penalty: 0.3}")
    let second = graded(drive(course, [.line(""), .line("错"), .line("40"), .line("39.9")]))
    #expect(second.last?.finalScore.map { abs($0 - 0.7) < 1e-9 } == true)
    let third = graded(drive(course, [.line(""), .line("错"), .line("40"), .line("41"), .line("39.9")]))
    #expect(third.last?.finalScore.map { abs($0 - 0.4) < 1e-9 } == true)
    let first = graded(drive(course, [.line(""), .line("错"), .line("39.9")]))
    #expect(first.last?.finalScore == 1)
  }

  @Test func unreadableAnswersAndUnknownCommandsAreNotCounted() throws {
    let course = try engineCourse()
    let out = drive(course, [.line(""), .line("maybe"), .line(":hlep"), .line("false")])
    #expect(out.contains { if case .unreadable = $0 { true } else { false } })
    #expect(out.contains(.unknownCommand("hlep")))
    let g = graded(out)
    #expect(g.count == 1 && g[0].score == 1)
    let attempts = records(out).compactMap { if case .answered(_, _, _, let invalid, let attempt, _, _, _, _) = $0 { invalid ? nil : attempt } else { nil } }
    #expect(attempts == [1])
  }

  @Test func hintsComeOneAtATimeAndCostPoints() throws {
    let course = try engineCourse()
    let out = drive(course, [.line(""), .line("false"), .line(":hint"), .line("：提示"), .line(":hint"), .line("39.9")])
    let hints = out.compactMap { if case .hint(let t, let n, let of, _) = $0 { "\(n)/\(of) \(t)" } else { nil } }
    #expect(hints == ["1/2 Look at the label.", "2/2 Thirty-nine point nine."])
    #expect(out.contains(.noMoreHints(total: 2)))
    #expect(graded(out).last?.finalScore == 0.5)  // 1 × (1 − 2 × 0.25)
    guard case .lessonEnd(let s) = out.dropLast().last else { Issue.record("no summary"); return }
    // Right after two hints: half the points; right with help, not full marks, so it is listed to review.
    #expect(s.hintsUsed == 2 && abs((s.score ?? 0) - 0.75) < 1e-9 && s.correct == 1 && s.rightWithHelp == 1)
    #expect(s.review.count == 1 && s.review[0].contains("What is the price?"))
  }

  @Test func skipIsRecordedAndRespectsThePolicy() throws {
    let course = try engineCourse()
    let out = drive(course, [.line(""), .line(":skip")])
    #expect(out.contains(.skipped))
    #expect(records(out).contains(.skip(question: "tf")))
    let strict = try engineCourse(policy: "policy: {skip: false}")
    let refused = drive(strict, [.line(""), .line(":skip")])
    #expect(refused.contains(.skipNotAllowed))
    #expect(!records(refused).contains(.skip(question: "tf")))
  }

  @Test func backLangHelpMenuQuit() throws {
    let course = try engineCourse()
    let out = drive(course, [.line(""), .line(":back"), .line(":lang zh"), .line(":lang fr"), .line(":help"), .line(":menu")])
    #expect(out.contains(.review(text: "Welcome.")))
    #expect(out.contains(.languageChanged(to: "zh")))
    #expect(records(out).contains(.language(from: "en", to: "zh")))
    #expect(out.contains { if case .question(let q) = $0 { q.prompt == "毛利率等于加价率。" } else { false } })
    #expect(out.contains(.languageNotOffered(asked: "fr", offered: ["zh", "en"])))
    #expect(out.contains { if case .help = $0 { true } else { false } })
    #expect(out.last == .leave(.menu))
    #expect(drive(course, [.line(":quit")]).last == .leave(.quit))
    #expect(drive(course, [.line(""), .endOfInput]).last == .leave(.endOfInput))
    #expect(drive(course, [.interrupt]).last == .leave(.interrupt))
  }

  @Test func resumesAtTheSavedStepWithEarlierAttemptsCounted() throws {
    let course = try engineCourse()
    let out = drive(course, [.line("true")], step: 1, states: ["tf": QuestionState(attempts: 1)])
    #expect(out.first == .record(.lessonStart(lesson: "l1", step: 1, retake: false)))
    #expect(out.dropFirst().first == .lessonStart(title: "Lesson one", lesson: 0, lessons: 2, resumedAt: 1))
    let g = graded(out)
    #expect(g.count == 1 && !g[0].tryAgain && g[0].correctAnswer == "false")
  }

  @Test func nonsenseInAProgressFileIsClampedNotCrashedOn() throws {
    let course = try engineCourse()
    func decode(_ json: String) throws -> QuestionProgress {
      try JSONDecoder().decode(QuestionProgress.self, from: Data(json.utf8))
    }
    let q = try decode(#"{"attempts": -9223372036854775808, "hints_used": -1, "best_score": 1e300, "finished": false}"#)
    var cp = CourseProgress(courseVersion: "1", courseDigest: "")
    cp.questions["num"] = q
    let state = cp.state(of: "num")
    #expect(state.hintsUsed == 0 && state.attempts == 0 && state.bestScore == 1)
    let odd = try decode(#"{"attempts": 9223372036854775807, "hints_used": -5, "best_score": -1e308, "finished": true}"#)
    cp.questions["tf"] = odd
    let tf = cp.state(of: "tf")
    #expect(tf.hintsUsed == 0 && tf.attempts == 1_000_000 && tf.bestScore == 0 && tf.finished)
    let out = drive(course, [.line(":hint"), .line("39.9")], step: 2, states: ["num": QuestionState(attempts: 0, hintsUsed: state.hintsUsed)])
    #expect(out.contains { if case .hint(_, 1, 2, _) = $0 { true } else { false } })
  }

  @Test func elapsedTimeIsMeasuredFromWhenTheStepWasShown() throws {
    let course = try engineCourse()
    var session = LessonSession(course: course, lessonIndex: 0, language: "en", seed: "s")
    _ = session.start(now: 0)
    _ = session.handle(.line(""), now: 5_000)
    let out = session.handle(.line("false"), now: 12_500)
    #expect(records(out).contains { if case .answered(_, _, _, _, _, let ms, _, _, _) = $0 { ms == 7_500 } else { false } })
  }

  @Test func theSameInputsGiveTheSameOutputs() throws {
    let course = try engineCourse()
    let inputs: [LineEvent] = [.line(""), .line("x"), .line("true"), .line("false"), .line(":hint"), .line("40"), .line("39.9")]
    #expect(drive(course, inputs) == drive(course, inputs))
  }

  @Test func theRunnerMakesRecordsDurableBeforeItShowsThemAndStopsAtEndOfInput() throws {
    final class Log { var lines: [String] = [] }
    final class Recorder: LessonRecorder {
      let log: Log
      init(_ log: Log) { self.log = log }
      func record(_ record: LessonRecord, session: LessonSession, at date: Date, sessionMs: Int64) {
        if case .answered = record { log.lines.append("record answer") }
      }
      func flush(at date: Date) { log.lines.append("flush") }
      func end(_ reason: LeaveReason, session: LessonSession, at date: Date, sessionMs: Int64) { log.lines.append("end \(reason.rawValue)") }
    }
    final class View: LessonView {
      let log: Log
      init(_ log: Log) { self.log = log }
      func render(_ output: LessonOutput, language: SessionLanguage) { if case .graded = output { log.lines.append("show grade") } }
      func prompt(awaitingAnswer: Bool, language: SessionLanguage) -> String { awaitingAnswer ? "> " : "(Enter) " }
    }
    let course = try engineCourse()
    let reader = ScriptedLineReader(lines: ["", "false"])
    let log = Log()
    let clock = TestClock()
    reader.beforeEach = { clock.advance(seconds: 2) }
    let reason = LessonRunner(
      session: LessonSession(course: course, lessonIndex: 0, language: "en", seed: "s"), reader: reader, view: View(log),
      recorder: Recorder(log), clock: clock
    ).run()
    #expect(reason == .endOfInput)
    #expect(reader.prompts == ["(Enter) ", "> ", "> "])  // after the answer, straight on to the next question
    let answer = try #require(log.lines.firstIndex(of: "record answer"))
    #expect(Array(log.lines[answer...].prefix(3)) == ["record answer", "flush", "show grade"])
    #expect(log.lines.last == "end eof")
    #expect(reader.completions.contains(":hint"))
  }

}

@Suite("lesson engine: multiple choice retries")
struct MultipleChoiceRetryTests {
  @Test("while tries remain, the learner is not told which right options they missed; at the end they are")
  func missedOptionsOnlyAtTheEnd() throws {
    let yaml = """
      id: mc
      version: "1"
      title: {zh: 多选, en: Multi}
      languages: [zh, en]
      policy: {attempts: 2}
      lessons:
        - id: l1
          title: {zh: 一, en: One}
          steps:
            - id: q
              kind: choice
              shuffle: false
              prompt: {zh: 选出成本, en: Pick the costs}
              options:
                - {text: {zh: 货款, en: goods}, correct: true}
                - {text: {zh: 包装, en: packaging}, correct: true}
                - {text: {zh: 快递, en: express}, correct: true}
                - {text: {zh: 利润, en: profit}}
              explanation: {zh: 三项都是成本。, en: All three are costs.}
      """
    let loaded = CourseLoader.parse(source: SourceText(path: "mc.yaml", text: yaml))
    let course = try #require(loaded.course, "\(loaded.diagnostics.map(\.message))")
    let g = graded(drive(course, [.line("A B"), .line("A B")]))
    #expect(g.count == 2)
    let shown = g.map { $0.notes.render(with: .english).joined() }
    #expect(g[0].tryAgain && !shown[0].contains("C"), "\(shown[0])")
    #expect(!g[1].tryAgain && shown[1].contains("C"), "\(shown[1])")
  }
}

@Suite("lesson engine: interface language")
struct MessageLanguageTests {
  @Test("grade notes speak the interface language while the course text stays in the course's; :lang ends the split")
  func notesFollowTheInterfaceLanguage() throws {
    let course = try engineCourse()
    var session = LessonSession(course: course, lessonIndex: 0, language: "zh", seed: "s")
    session.messageLanguage = "en"
    #expect(session.languages == SessionLanguage(course: "zh", interface: "en"))
    var out = session.start(now: 0)
    out += session.handle(.line(""), now: 10)
    out += session.handle(.line("对"), now: 20)
    // Notes are data; a view renders them with the catalogue of the session's `languages.messages`.
    let first = try #require(graded(out).first)
    #expect(first.notes.language == "zh")
    let shown = first.notes.render(with: .builtInCatalog(for: session.languages.messages))
    #expect(shown.first == "Not right.", "\(shown)")
    #expect(first.explanation == "分母不同。")
    _ = session.handle(.line(":lang zh"), now: 30)
    #expect(session.messageLanguage == nil)
    #expect(session.languages == SessionLanguage(course: "zh"))
    let next = try #require(graded(session.handle(.line("40"), now: 40)).first)
    let shownNext = next.notes.render(with: .builtInCatalog(for: session.languages.messages))
    #expect(shownNext.first == "不正确。", "\(shownNext)")
  }
}
