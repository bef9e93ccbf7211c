import Foundation
import Testing

@testable import BazaarKit

/// A course around the fixture room (LiveTraining needs only its id, version, digest and languages).
private func liveCourse() -> Course {
  Course(
    id: "live-course", version: "1", title: Localized("Live"), description: nil, languages: ["zh", "en"], sources: [],
    policy: Policy(), lexicons: [], lessons: [], path: "live-course.yaml", digest: String(repeating: "cd", count: 32))
}

/// A progress store whose saves fail.
private final class FailingStore: ProgressStoring, @unchecked Sendable {
  func load(learner: LearnerName) throws(ProgressStoreError) -> LoadedProgress {
    LoadedProgress(progress: LearnerProgress(learner: learner, now: Date(timeIntervalSince1970: 0)), isNew: true)
  }
  func peek(learner: LearnerName) throws(ProgressStoreError) -> LearnerProgress? { nil }
  func save(_ progress: LearnerProgress) throws(ProgressStoreError) { throw .cannotWrite("p.json", reason: "disk full") }
  func listLearners() throws(ProgressStoreError) -> [LearnerName] { [] }
}

@Suite("live training: lock, transcript and progress around a live room")
struct LiveTrainingTests {
  func training(
    store: any ProgressStoring, locks: (any LearnerLocking)?, folder: DataFolder?, clock: TestClock,
    notify: @escaping (TrainingNotice) -> Void
  ) throws -> LiveTraining {
    LiveTraining(
      course: liveCourse(), scenario: liveFixtureScenario(), lexicons: liveFixtureLexicons(), learner: try LearnerName("迪丽努尔"),
      store: store, locks: locks, transcriptPath: nil, dataFolder: folder, language: SessionLanguage(course: "zh", interface: "en"),
      messages: .english, clock: clock, notify: notify)
  }

  @Test("a session holds the learner's lock, writes a transcript that replays to the same score, and adds its sessions[] entry")
  func aWholeSession() throws {
    let temp = try RecordsTempFolder()
    let locks = ProgressStore(folder: temp.folder)
    let store = MemoryProgressStore()
    let clock = TestClock()
    let reader = ScriptedLineReader(lines: ["大家好，欢迎来到直播间", ":p coupon5", "枣夹核桃来自新疆阿克苏，39块9", "：下播"])
    reader.beforeEach = { clock.advance(seconds: 5) }
    var notices: [TrainingNotice] = []
    let live = try training(store: store, locks: locks, folder: temp.folder, clock: clock) { notices.append($0) }
    let learner = try LearnerName("迪丽努尔")
    var lockedOut = false
    var readyAsked = false
    let started = clock.now()
    let ending = try #require(
      try live.run(mode: .turnBased) {
        readyAsked = true
        return true
      } drive: { controller in
        // Another window cannot open this learner while the room is open.
        do { _ = try locks.acquire(learner: learner) } catch { lockedOut = "\(error)".contains("another window") }
        return LiveTurnRunner.run(controller, reader: reader, show: { _ in }, prompt: { _ in "" })
      })
    #expect(readyAsked && lockedOut)
    #expect(ending.reason == .quit)
    // The lock is released afterwards.
    let again = try locks.acquire(learner: learner)
    again.release()

    let path = try #require(ending.transcriptPath)
    #expect(notices == [.transcript(path: path)])
    let saved = try #require(store.saved(learner))
    #expect(saved.sessions.count == 1)
    let run = try #require(saved.sessions.first)
    #expect(run.kind == "live" && run.course == "live-course" && run.scenario == "test-room" && run.reason == "quit")
    #expect(run.transcript == path && run.started == started && run.ended == clock.now())
    #expect(abs(run.score - ending.result.score / 100) < 1e-12)

    let contents = try TranscriptReader.read(path)
    #expect(contents.header.kind == "live" && contents.header.scenario == "test-room")
    #expect(contents.header.seed == LiveTraining.seed(liveFixtureScenario()))
    let events = contents.events.map(\.event)
    #expect(events.first == .liveStart(mode: "turn_based", speed: 1, language: "zh"))
    #expect(events.contains { if case .promo("coupon5", _) = $0 { true } else { false } })
    #expect(events.last == .end(reason: .quit))
    let (replayed, language) = LiveReplay.run(contents, scenario: liveFixtureScenario(), course: liveCourse(), lexicons: liveFixtureLexicons())
    #expect(replayed.score == ending.result.score && language == "zh")
  }

  @Test("a host who leaves before the room opens leaves nothing behind")
  func notReady() throws {
    let temp = try RecordsTempFolder()
    let store = MemoryProgressStore()
    var notices: [TrainingNotice] = []
    var drove = false
    let live = try training(store: store, locks: ProgressStore(folder: temp.folder), folder: temp.folder, clock: TestClock()) {
      notices.append($0)
    }
    let ending = try live.run(mode: .realTime(speed: 1)) { false } drive: { _ in
      drove = true
      return (.finished, 0)
    }
    #expect(ending == nil && !drove && notices.isEmpty)
    #expect(try store.saved(LearnerName("迪丽努尔")) == nil)
    #expect(recordsListing(temp.folder.path + "/transcripts").isEmpty)
  }

  @Test("a learner open in another window is refused before anything starts")
  func lockedElsewhere() throws {
    let temp = try RecordsTempFolder()
    let locks = ProgressStore(folder: temp.folder)
    let held = try locks.acquire(learner: LearnerName("迪丽努尔"))
    defer { held.release() }
    let live = try training(store: MemoryProgressStore(), locks: locks, folder: temp.folder, clock: TestClock()) { _ in }
    var readyAsked = false
    #expect {
      _ = try live.run(mode: .turnBased) {
        readyAsked = true
        return true
      } drive: { _ in (.finished, 0) }
    } throws: { error in
      guard case .lock(.alreadyInUse)? = error as? LiveTrainingError else { return false }
      return true
    }
    #expect(!readyAsked)
  }

  @Test("a progress file that cannot be written is told, and the session still ends with its report")
  func saveProblemsAreTold() throws {
    var notices: [TrainingNotice] = []
    let reader = ScriptedLineReader(lines: ["大家好"])
    let live = try training(store: FailingStore(), locks: nil, folder: nil, clock: TestClock()) { notices.append($0) }
    let ending = try #require(try live.run(mode: .turnBased) { controller in
      LiveTurnRunner.run(controller, reader: reader, show: { _ in }, prompt: { _ in "" })
    })
    #expect(ending.reason == .eof && ending.transcriptPath == nil && !ending.report.isEmpty)
    #expect(notices.count == 1)
    guard case .saveProblem(let problem)? = notices.first else {
      Issue.record("\(notices)")
      return
    }
    #expect(problem.contains("disk full"))
  }

  @Test("recordLiveRun appends the session's summary")
  func recordLiveRunAppends() throws {
    var progress = LearnerProgress(learner: try LearnerName("Ali"), now: Date(timeIntervalSince1970: 0))
    let run = SessionSummary(
      id: "s", kind: "live", course: "live-course", scenario: "test-room", score: 0.5, started: Date(timeIntervalSince1970: 0),
      ended: Date(timeIntervalSince1970: 60), reason: "finished", transcript: nil)
    LiveTraining.recordLiveRun(into: &progress, course: liveCourse(), scenario: liveFixtureScenario(), run: run)
    #expect(progress.sessions == [run])
  }
}
