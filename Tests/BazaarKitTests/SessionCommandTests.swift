import Foundation
import Testing

@testable import BazaarKit

/// `hint` → `ｈｉｎｔ`: what a Chinese input method in full-width mode types.
private func fullWidth(_ s: String) -> String {
  String(String.UnicodeScalarView(s.unicodeScalars.map { c in
    (0x21...0x7E).contains(c.value) ? Unicode.Scalar(c.value + 0xFEE0) ?? c : c
  }))
}

@Suite("session commands: one parser, one alias table")
struct SessionCommandTests {
  static let spellings: [(SessionCommand, String)] = SessionCommand.table.flatMap { e in e.spellings.map { (e.command, $0) } }

  @Test("every spelling in the table parses to its command, with either colon, in either width and case, with an argument")
  func everyAliasRoundTrips() {
    for (command, spelling) in Self.spellings {
      for line in [":" + spelling, "：" + spelling, " :" + spelling.uppercased() + " ", "：" + fullWidth(spelling)] {
        let parsed = SessionCommand.parse(line)
        #expect(parsed?.command == command, "\(line)")
        #expect(parsed?.argument == nil, "\(line)")
      }
      #expect(SessionCommand.parse(":" + spelling + " zh")?.argument == "zh")
      #expect(SessionCommand.parse("：" + spelling + "\u{3000}coupon5")?.argument == "coupon5", "ideographic space")
    }
  }

  @Test("no spelling belongs to two commands, and every command has its own name first")
  func theTableIsUnambiguous() {
    let all = Self.spellings.map(\.1)
    #expect(Set(all).count == all.count, "\(all)")
    #expect(SessionCommand.aliases.count == all.count)
    for entry in SessionCommand.table { #expect(entry.spellings.first == entry.command.rawValue) }
    #expect(Set(SessionCommand.table.map(\.command)) == Set(SessionCommand.allCases))
  }

  @Test("the same spelling means the same command in a lesson and in a live room; only whether it runs differs")
  func sameSpellingSameMeaning() {
    func meaning(_ r: SessionCommandReading?) -> SessionCommand? {
      switch r {
      case .run(let c, _)?, .notHere(let c, _)?: c
      default: nil
      }
    }
    for (command, spelling) in Self.spellings {
      let lesson = SessionCommand.read(":" + spelling, in: .lesson)
      let live = SessionCommand.read(":" + spelling, in: .live)
      #expect(meaning(lesson) == command && meaning(live) == command, "\(spelling)")
      for kind in SessionKind.allCases {
        let reading = SessionCommand.read(":" + spelling, in: kind)
        if kind.commands.contains(command) {
          #expect(reading == .run(command, argument: nil), "\(spelling) in \(kind)")
        } else {
          #expect(reading == .notHere(command, word: spelling), "\(spelling) in \(kind)")
        }
      }
    }
    for kind in SessionKind.allCases {
      #expect(SessionCommand.read(":hlep", in: kind) == .unknown(word: "hlep"))
      #expect(SessionCommand.read("：", in: kind) == .unknown(word: ""))
      #expect(SessionCommand.read("39.9", in: kind) == nil)
      #expect(SessionCommand.read("大家好：今天有枣", in: kind) == nil)
    }
  }

  @Test("the decided conflicts: :q leaves both kinds, :h is a hint, :? is help, :end quits a lesson")
  func decidedConflicts() {
    #expect(SessionCommand.read(":q", in: .lesson) == .run(.quit, argument: nil))
    #expect(SessionCommand.read(":q", in: .live) == .run(.quit, argument: nil))
    #expect(SessionCommand.read(":end", in: .lesson) == .run(.quit, argument: nil))
    #expect(SessionCommand.read("：下播", in: .live) == .run(.quit, argument: nil))
    #expect(SessionCommand.read(":h", in: .lesson) == .run(.hint, argument: nil))
    #expect(SessionCommand.read(":h", in: .live) == .notHere(.hint, word: "h"))
    #expect(SessionCommand.read(":？", in: .live) == .run(.help, argument: nil))
    #expect(SessionCommand.read(":p coupon5", in: .live) == .run(.promo, argument: "coupon5"))
    #expect(SessionCommand.read(":p coupon5", in: .lesson) == .notHere(.promo, word: "p"))
  }

  @Test("Tab completion comes from the same table: each kind's own commands, by the name it shows")
  func completionsComeFromTheTable() {
    #expect(SessionKind.lesson.completions == [":hint", ":skip", ":back", ":lang", ":menu", ":quit", ":help"])
    #expect(SessionKind.live.completions == [":promo", ":end", ":help"])
    #expect(LessonSession.commands == SessionKind.lesson.completions)
    for kind in SessionKind.allCases {
      for word in kind.completions {
        guard case .run? = SessionCommand.read(word, in: kind) else {
          Issue.record("\(word) does not run in \(kind)")
          continue
        }
      }
    }
  }

  @Test("a lesson: a live-room command is not available here, a Chinese alias of leaving quits, nothing is counted")
  func lessonCommands() throws {
    let course = try engineCourse()
    let out = drive(course, [.line(""), .line(":promo coupon5"), .line("：优惠"), .line("false"), .line(":h"), .line(":结束")])
    #expect(out.contains(.commandNotHere("promo")))
    #expect(out.contains(.commandNotHere("优惠")))
    #expect(out.contains { if case .hint = $0 { true } else { false } })
    #expect(out.last == .leave(.quit))
    // Only "false" was an answer.
    #expect(graded(out).count == 1)
  }

  @Test("a live room: lesson commands are not available here, :? helps, :下播 ends the show, :p starts a promotion")
  func liveCommands() {
    let report = LiveReport(scenario: liveFixtureScenario(), messages: .english, language: "zh")
    let controller = LiveController(
      session: liveSession(), report: report, transcript: nil, clock: TestClock(), mode: "turn_based", speed: 1)
    let hint = controller.host(":h", at: 1_000).map(\.text)
    #expect(hint == [report.m.text("live.commandNotHere", ["command": ":h"])])
    #expect(controller.host("：lang en", at: 2_000).map(\.text) == [report.m.text("live.commandNotHere", ["command": ":lang"])])
    #expect(controller.host(":frob", at: 3_000).map(\.text) == [report.m.text("live.unknownCommand", ["command": ":frob"])])
    #expect(controller.host(":？", at: 4_000).map(\.text).joined(separator: "\n") == report.help())
    #expect(controller.host(":p coupon5", at: 5_000).contains { $0.tone == .system })
    #expect(controller.completions.contains(":promo coupon5") && controller.completions.contains(":end"))
    #expect(!controller.isOver)
    _ = controller.host("：下播", at: 6_000)
    #expect(controller.isOver && controller.endedByHost)
  }
}
