import Foundation
import Testing

@Suite("bazaar on a pseudo-terminal (readline)", .serialized)
struct TerminalEndToEndTests {
  let course = packageRoot + "/courses/sampler.yaml"

  @Test func tabCompletesCommandsAndCtrlDSavesAndLeaves() throws {
    let data = try temporaryFolder()
    let t = try PseudoTerminalSession(["start", course, "--learner", "Tab", "--data-dir", data, "--ui-lang", "en"])
    #expect(t.waitFor("(Enter) "))
    t.type(":he\t")
    #expect(t.waitFor(":help"), "\(t.screen)")
    t.type("\r")
    #expect(t.waitFor(":skip   skip this question"))
    t.type("\r")  // past the narrative
    #expect(t.waitFor("What is the gross margin?"))
    t.type("20%\r")
    #expect(t.waitFor("✓"))
    t.type("\u{04}")  // Ctrl-D on an empty line
    #expect(t.exitStatus() == 0)
    #expect(!t.screen.contains("\u{1B}[?2004h"), "bracketed paste must be off")
    let p = try progressJSON(data, "Tab")
    let q = (((p["courses"] as? [String: Any])?["sampler"] as? [String: Any])?["questions"] as? [String: [String: Any]])
    #expect(q?["margin-of-10"]?["best_score"] as? Double == 1)
  }

  @Test func chineseInputCanBeEditedAndIsGraded() throws {
    let data = try temporaryFolder()
    // LANG=C, as on many shared PCs: Chinese input must still edit as characters, never as Meta keys.
    let t = try PseudoTerminalSession(
      ["start", course, "--learner", "迪丽努尔", "--lesson", "live-room", "--data-dir", data, "--ui-lang", "zh"],
      environment: ["LANG": "C"])
    #expect(t.waitFor("把直播话术的四个环节按顺序排好"))
    t.type(":skip\r")
    #expect(t.waitFor("把直播间指标和它的公式配对"))
    t.type(":skip\r")
    #expect(t.waitFor("可以不适用哪项网购规则"))
    // Type, delete a wide character, finish the word: readline must edit by character, not byte.
    t.type("七日有")
    t.type("\u{7F}")
    t.type("无理由退货\r")
    #expect(t.waitFor("本题得分：100%"), "\(t.screen)")
    t.type("\u{04}")
    #expect(t.exitStatus() == 0)
    let lines = try transcriptLines(data)
    #expect(lines.contains { $0["type"] as? String == "answer" && $0["raw"] as? String == "七日无理由退货" && $0["score"] as? Double == 1 })
  }

  @Test func afterARestartTheLearnerResumesWhereTheyStopped() throws {
    let data = try temporaryFolder()
    let first = try PseudoTerminalSession(["start", course, "--learner", "Resume", "--data-dir", data, "--ui-lang", "en"])
    #expect(first.waitFor("(Enter) "))
    first.type("\r")
    #expect(first.waitFor("What is the gross margin?"))
    first.type("20%\r")
    #expect(first.waitFor("What is the markup, in percent?"))
    first.type("\u{04}")
    #expect(first.exitStatus() == 0)
    let second = try PseudoTerminalSession(["start", course, "--learner", "Resume", "--data-dir", data, "--ui-lang", "en"])
    #expect(second.waitFor("(continuing where you left off, step 3)"))
    #expect(second.waitFor("What is the markup, in percent?"))
    second.type("25\r")
    #expect(second.waitFor("✓"))
    second.type("\u{04}")
    #expect(second.exitStatus() == 0)
  }

  @Test func theMenuListsLearnersCoursesAndLessons() throws {
    let data = try temporaryFolder()
    let t = try PseudoTerminalSession(["--data-dir", data, "--ui-lang", "en"])
    #expect(t.waitFor("Who is learning?"))
    t.type("مىھرىگۈل\r")
    #expect(t.waitFor("Courses for مىھرىگۈل:"))
    #expect(t.waitFor("Bazaar sampler"))
    // The sampler's number in the list (other courses come and go).
    let match = t.screen.matches(of: #/(\d+)\s+(?:\x1B\[[0-9;]*m)*Bazaar sampler/#).last
    let number = try #require(match.map { String($0.output.1) }, "\(t.screen.suffix(800))")
    t.type(number + "\r")
    #expect(t.waitFor("Press Enter to continue where you left off"))
    t.type("2\r")
    #expect(t.waitFor("At most how many Chinese characters may a Taobao product title have?"))
    t.type(":quit\r")
    #expect(t.exitStatus() == 0)
  }
}
