import Foundation
import Testing
@testable import BazaarKit

#if canImport(Glibc)
import Glibc
#endif

/// A fresh temporary folder, removed when the value is released.
final class RecordsTempFolder: @unchecked Sendable {
  let path: String
  init() throws {
    var template = Array((DataFolder(path: NSTemporaryDirectory()).path + "/bazaar-records-XXXXXX").utf8CString)
    let made = try #require(mkdtemp(&template))
    path = String(cString: made)
  }
  deinit { try? FileManager.default.removeItem(atPath: path) }
  var folder: DataFolder { DataFolder(path: path + "/data") }
}

/// Files in `dir` (names only), sorted; empty if it does not exist.
func recordsListing(_ dir: String) -> [String] {
  ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
}

let recordsNow = Date(timeIntervalSince1970: 1_740_912_127)  // 2025-03-02T10:42:07Z

func recordsSampleProgress(_ name: LearnerName) -> LearnerProgress {
  var p = LearnerProgress(learner: name, now: recordsNow)
  var c = CourseProgress(courseVersion: "1.2.0", courseDigest: String(repeating: "ab", count: 32))
  c.position = CoursePosition(lesson: "l2", step: 3, question: "q-margin")
  c.completeLesson("l1", score: 0.75, at: recordsNow.addingTimeInterval(600))
  c.timeSpentMs = 754_000
  c.recordAnswer(question: "q-price", text: "12.5 元", score: 0.5, at: recordsNow.addingTimeInterval(60))
  c.recordAnswer(question: "q-price", text: "15元", score: 1, at: recordsNow.addingTimeInterval(90))
  c.recordHint(question: "q-margin")
  c.recordSkip(question: "q-title")
  p.courses["pricing-basics"] = c
  p.sessions.append(SessionSummary(id: "s-1", kind: "lesson", course: "pricing-basics", score: 0.8,
                                   started: recordsNow, ended: recordsNow.addingTimeInterval(754), reason: "quit"))
  p.touch(recordsNow.addingTimeInterval(754))
  return p
}

@Test func progressRoundTrip() throws {
  let tmp = try RecordsTempFolder()
  let store = ProgressStore(folder: tmp.folder, now: { recordsNow })
  let name = try LearnerName("迪丽努尔")
  let empty = try store.load(learner: name)
  #expect(empty.isNew && empty.movedAside == nil)
  #expect(empty.progress.courses.isEmpty && empty.progress.learner == "迪丽努尔")

  let p = recordsSampleProgress(name)
  try store.save(p)
  #expect(try store.peek(learner: try LearnerName("nobody")) == nil)
  #expect(try store.peek(learner: name) == p)
  let back = try store.load(learner: name)
  #expect(!back.isNew)
  #expect(back.progress == p)
  let q = try #require(back.progress.courses["pricing-basics"]?.questions["q-price"])
  #expect(q.attempts == 2 && q.bestScore == 1 && q.lastScore == 1 && q.lastAnswer == "15元")
  #expect(q.firstAnswered == recordsNow.addingTimeInterval(60))

  let text = try String(contentsOfFile: store.path(for: name), encoding: .utf8)
  #expect(text.contains("\"schema\" : 2"))
  #expect(text.contains("\"finished\" : true"))
  #expect(text.contains("\"updated\" : \"2025-03-02T10:54:41Z\""))
  #expect(text.contains("\"best_score\""))
  #expect(text.contains("迪丽努尔"))  // not escaped
  #expect(text.hasSuffix("}\n"))
  // sorted keys: "courses" comes before "created" before "learner"
  let courses = try #require(text.range(of: "\"courses\""))
  let learner = try #require(text.range(of: "\"learner\""))
  #expect(courses.lowerBound < learner.lowerBound)
}

@Test func saveLeavesNoTemporaryFilesAndIsFast() throws {
  let tmp = try RecordsTempFolder()
  let store = ProgressStore(folder: tmp.folder)
  let name = try LearnerName("Dilnur")
  var p = recordsSampleProgress(name)
  let clock = ContinuousClock()
  let elapsed = try clock.measure {
    for i in 0..<100 {
      p.courses["pricing-basics"]?.timeSpentMs = i
      try store.save(p)
    }
  }
  #expect(recordsListing(tmp.folder.progressFolder) == ["dilnur.json"])
  #expect(try store.load(learner: name).progress.courses["pricing-basics"]?.timeSpentMs == 99)
  #expect(elapsed < .seconds(5), "100 saves took \(elapsed)")
  print("ProgressStore: 100 saves took \(elapsed) (\(elapsed / 100) each)")
}

@Test func corruptFileIsMovedAsideNotReplaced() throws {
  let tmp = try RecordsTempFolder()
  let store = ProgressStore(folder: tmp.folder, now: { recordsNow })
  let name = try LearnerName("Ali / Veli")
  try store.save(recordsSampleProgress(name))
  let path = store.path(for: name)
  let good = try Data(contentsOf: URL(fileURLWithPath: path))
  let truncated = good.prefix(good.count / 2)
  try truncated.write(to: URL(fileURLWithPath: path))

  // peek (menus, reports: no lock) reports the problem but moves nothing
  #expect(throws: ProgressStoreError.self) { _ = try store.peek(learner: name) }
  #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == truncated)

  let loaded = try store.load(learner: name)
  #expect(loaded.isNew)
  #expect(loaded.progress.courses.isEmpty)
  let aside = try #require(loaded.movedAside)
  #expect(aside == path + ".corrupt-20250302T104207Z")
  #expect(try Data(contentsOf: URL(fileURLWithPath: aside)) == truncated)
  #expect(!FileManager.default.fileExists(atPath: path))
  #expect(loaded.problem?.contains("JSON") == true)

  // a second corrupt file in the same second gets its own name
  try Data("{\"schema\": 1, \"learner\": 5}".utf8).write(to: URL(fileURLWithPath: path))
  let again = try store.load(learner: name)
  #expect(again.movedAside == path + ".corrupt-20250302T104207Z-2")
  #expect(try Data(contentsOf: URL(fileURLWithPath: aside)) == truncated)
  #expect(again.problem?.contains("learner") == true)
}

@Test(arguments: ["", "   \n", "null", "[]", "{}", "{\"schema\": \"1\"}", "{\"schema\": 0, \"learner\": \"x\"}",
                  "{\"schema\": 1, \"learner\": \"x\", \"courses\": []}", "\u{0}\u{0}\u{0}"])
func unreadableContentsAreMovedAside(_ contents: String) throws {
  let tmp = try RecordsTempFolder()
  let store = ProgressStore(folder: tmp.folder, now: { recordsNow })
  let name = try LearnerName("x")
  try tmp.folder.createFolder(tmp.folder.progressFolder)
  try Data(contents.utf8).write(to: URL(fileURLWithPath: store.path(for: name)))
  let loaded = try store.load(learner: name)
  let aside = try #require(loaded.movedAside)
  #expect(try Data(contentsOf: URL(fileURLWithPath: aside)) == Data(contents.utf8))
  #expect(loaded.problem != nil)
}

@Test func newerSchemaIsRefusedAndUntouched() throws {
  let tmp = try RecordsTempFolder()
  let store = ProgressStore(folder: tmp.folder, now: { recordsNow })
  let name = try LearnerName("Dilinur")
  try tmp.folder.createFolder(tmp.folder.progressFolder)
  let path = store.path(for: name)
  let bytes = Data("{\"schema\": 3, \"learner\": \"Dilinur\", \"whatever\": {\"new\": true}}\n".utf8)
  try bytes.write(to: URL(fileURLWithPath: path))
  #expect {
    _ = try store.load(learner: name)
  } throws: { error in
    guard case ProgressStoreError.newerSchema(let p, 3, 2) = error else { return false }
    return p == path && (error as? ProgressStoreError)?.description.contains("newer Bazaar") == true
  }
  #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
  // a careless caller that saves anyway does not overwrite it either
  #expect(throws: ProgressStoreError.newerSchema(path, found: 3, supported: 2)) {
    try store.save(LearnerProgress(learner: name, now: recordsNow))
  }
  #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
  #expect(recordsListing(tmp.folder.progressFolder) == ["dilinur.json"])
  // still listed: the name comes from the content
  #expect(try store.listLearners().map(\.display) == ["Dilinur"])
}

@Test func lenientWithinASchema() throws {
  let tmp = try RecordsTempFolder()
  let store = ProgressStore(folder: tmp.folder, now: { recordsNow })
  let name = try LearnerName("Dilinur")
  try tmp.folder.createFolder(tmp.folder.progressFolder)
  let json = """
    {"schema": 1, "learner": "Dilinur", "future_field": [1, 2],
     "courses": {"c": {"course_version": "1", "course_digest": "d", "questions": {"q": {"attempts": 3, "last_answered": "2025-03-02T18:42:07+08:00"}}}}}
    """
  try Data(json.utf8).write(to: URL(fileURLWithPath: store.path(for: name)))
  let loaded = try store.load(learner: name)
  #expect(loaded.movedAside == nil)
  let q = try #require(loaded.progress.courses["c"]?.questions["q"])
  #expect(q.attempts == 3 && q.hintsUsed == 0 && q.bestScore == nil)
  #expect(q.lastAnswered == recordsNow)
}

@Test func listLearnersReadsNamesFromContent() throws {
  let tmp = try RecordsTempFolder()
  let store = ProgressStore(folder: tmp.folder, now: { recordsNow })
  #expect(try store.listLearners().isEmpty)
  for raw in ["迪丽努尔", "Dilinur", "Ali / Veli", ".."] {
    try store.save(LearnerProgress(learner: LearnerName(raw), now: recordsNow))
  }
  // clutter: a moved-aside file, a lock, a copy under a wrong name, a temp file
  let dir = tmp.folder.progressFolder
  try Data("junk".utf8).write(to: URL(fileURLWithPath: dir + "/dilinur.json.corrupt-20250302T104207Z"))
  try Data("{\"schema\":1,\"learner\":\"Dilinur\"}".utf8).write(to: URL(fileURLWithPath: dir + "/copy.json"))
  try Data("{}".utf8).write(to: URL(fileURLWithPath: dir + "/.dilinur.json.tmp-1"))
  let lock = try store.acquire(learner: LearnerName("Dilinur"))
  defer { lock.release() }
  let names = try store.listLearners().map(\.display)
  #expect(Set(names) == ["迪丽努尔", "Dilinur", "Ali / Veli", ".."])
  #expect(names.count == 4)
}

@Test func lockHeldRefusesASecondWindowAndNamesTheHolder() throws {
  let tmp = try RecordsTempFolder()
  let store = ProgressStore(folder: tmp.folder, now: { Date() })
  let name = try LearnerName("迪丽努尔")
  let first = try store.acquire(learner: name)
  #expect(first.isHeld)
  #expect(first.holder.pid == Int(getpid()))
  #expect {
    _ = try store.acquire(learner: LearnerName("迪丽努尔 "))
  } throws: { error in
    let message = (error as? ProgressStoreError)?.description ?? ""
    return message.hasPrefix("迪丽努尔 is already learning in another window (pid \(getpid()) on ")
      && message.contains(" since ")
  }
  // another learner is not blocked
  let other = try store.acquire(learner: LearnerName("Dilinur"))
  other.release()
  first.release()
  #expect(!first.isHeld)
  let again = try store.acquire(learner: name)
  #expect(again.isHeld)
  again.release()
  #expect(FileManager.default.fileExists(atPath: store.lockPath(for: name)))  // the file stays; only the lock matters
}

@Test func lockIsReleasedWhenTheValueGoesAway() throws {
  let tmp = try RecordsTempFolder()
  let store = ProgressStore(folder: tmp.folder)
  let name = try LearnerName("Dilnur")
  do {
    let lock = try store.acquire(learner: name)
    #expect(lock.isHeld)
  }
  let again = try store.acquire(learner: name)
  #expect(again.isHeld)
}

@Test func lockOfAKilledProcessIsFree() throws {
  let shell = "/bin/sh"
  guard FileManager.default.isExecutableFile(atPath: "/usr/bin/flock") || FileManager.default.isExecutableFile(atPath: "/bin/flock") else {
    print("skipped: flock(1) is not installed")
    return
  }
  let tmp = try RecordsTempFolder()
  let store = ProgressStore(folder: tmp.folder)
  let name = try LearnerName("Ali / Veli")
  try tmp.folder.createFolder(tmp.folder.progressFolder)
  let lockPath = store.lockPath(for: name)
  // The shell opens the lock file on fd 9, flock(1) locks it, then the shell becomes `sleep`,
  // which keeps fd 9 and so the lock: one process holding it, like a crashed-to-be Bazaar.
  let child = Process()
  child.executableURL = URL(fileURLWithPath: shell)
  child.arguments = ["-c", "exec 9>>\"$1\"; flock -n 9 || exit 3; echo locked; exec sleep 30", "sh", lockPath]
  let out = Pipe()
  child.standardOutput = out
  try child.run()
  let line = String(decoding: out.fileHandleForReading.readData(ofLength: 7), as: UTF8.self)
  try #require(line == "locked\n", "child did not take the lock")
  #expect(throws: ProgressStoreError.self) { _ = try store.acquire(learner: name) }
  kill(child.processIdentifier, SIGKILL)
  child.waitUntilExit()
  let lock = try store.acquire(learner: name)
  #expect(lock.isHeld)
  lock.release()
}

@Test func memoryStoreRoundTrip() throws {
  let store = MemoryProgressStore()
  let name = try LearnerName("Dilnur")
  #expect(try store.load(learner: name).isNew)
  let p = recordsSampleProgress(name)
  try store.save(p)
  #expect(try store.load(learner: LearnerName("dilnur")).progress == p)
  #expect(store.saveCount == 1)
  #expect(try store.listLearners() == [name])
  let any: any ProgressStoring = store
  #expect(try any.load(learner: name).progress == p)
}

@Test func dataFolderResolution() throws {
  let env = ["HOME": "/home/t", "XDG_DATA_HOME": "/xdg", "BAZAAR_HOME": "/bz"]
  #expect(try DataFolder.resolve(option: "/opt/d/", environment: env).path == "/opt/d")
  #expect(try DataFolder.resolve(option: "rel/d", environment: env, currentDirectory: "/cwd").path == "/cwd/rel/d")
  #expect(try DataFolder.resolve(option: "~/d", environment: env).path == "/home/t/d")
  #expect(try DataFolder.resolve(option: nil, environment: env).origin == .bazaarHome)
  #expect(try DataFolder.resolve(option: nil, environment: env).path == "/bz")
  #expect(try DataFolder.resolve(option: nil, environment: ["HOME": "/h", "XDG_DATA_HOME": "/xdg", "BAZAAR_HOME": ""]).path == "/xdg/bazaar")
  #expect(try DataFolder.resolve(option: nil, environment: ["HOME": "/h", "XDG_DATA_HOME": "relative"]).path == "/h/.local/share/bazaar")
  #expect(try DataFolder.resolve(option: nil, environment: ["HOME": "/h"]).origin == .home)
  #expect(throws: DataFolderError.noHome) { try DataFolder.resolve(option: nil, environment: [:]) }
  #expect(throws: DataFolderError.emptyOption) { try DataFolder.resolve(option: "", environment: env) }
}

@Test func unusableDataFolderSaysWhatToDo() throws {
  let tmp = try RecordsTempFolder()
  let file = tmp.path + "/a-file"
  try Data("x".utf8).write(to: URL(fileURLWithPath: file))
  let store = ProgressStore(folder: DataFolder(path: file + "/data"))
  #expect {
    try store.save(LearnerProgress(learner: LearnerName("Dilnur"), now: recordsNow))
  } throws: { error in
    let m = (error as? ProgressStoreError)?.description ?? ""
    return m.contains(file + "/data") && m.contains("--data-dir") && m.contains("BAZAAR_HOME")
  }
  #expect(throws: DataFolderError.notAFolder(file)) { try DataFolder(path: file).create() }
  if geteuid() != 0 {
    let ro = tmp.path + "/ro"
    try FileManager.default.createDirectory(atPath: ro, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o555])
    #expect { try DataFolder(path: ro).create() } throws: { ($0 as? DataFolderError)?.description.contains("cannot write to the data folder \(ro)") == true }
  }
}

@Test func foldersAndFilesAreCreatedReadableByOthers() throws {
  let tmp = try RecordsTempFolder()
  let old = umask(0o022)
  defer { umask(old) }
  let store = ProgressStore(folder: tmp.folder)
  try store.save(LearnerProgress(learner: LearnerName("Dilnur"), now: recordsNow))
  func mode(_ p: String) -> mode_t {
    var st = stat()
    stat(p, &st)
    return st.st_mode & 0o777
  }
  #expect(mode(tmp.folder.path) == 0o755)
  #expect(mode(tmp.folder.progressFolder) == 0o755)
  #expect(mode(store.path(for: try LearnerName("Dilnur"))) == 0o644)
}

// MARK: - Reconciling

func recordsCourse(_ yaml: String) throws -> Course {
  let loaded = CourseLoader.parse(bytes: Array(yaml.utf8), path: "t.yaml")
  let errors = loaded.diagnostics.filter(\.isError).map { "\($0.code) \($0.message)" }
  try #require(errors.isEmpty, "\(errors)")
  return try #require(loaded.course)
}

let recordsCourseV1 = """
  id: c
  version: "1"
  title: C
  languages: [en]
  lessons:
    - id: l1
      title: L1
      steps:
        - text: Hello
        - id: q1
          kind: truefalse
          prompt: Yes?
          answer: true
        - id: q2
          kind: truefalse
          prompt: No?
          answer: false
    - id: l2
      title: L2
      steps:
        - id: q3
          kind: truefalse
          prompt: Yes?
          answer: true

  """

@Test func reconcileKeepsSurvivingAnswersAndRetiresTheRest() throws {
  let v1 = try recordsCourse(recordsCourseV1)
  let name = try LearnerName("Dilnur")
  var p = LearnerProgress(learner: name, now: recordsNow)
  let first = p.reconcile(with: v1)
  #expect(first.isNew)
  p.courses["c"]?.recordAnswer(question: "q1", text: "y", score: 1, at: recordsNow)
  p.courses["c"]?.recordAnswer(question: "q2", text: "n", score: 1, at: recordsNow)
  p.courses["c"]?.completeLesson("l1", score: 1, at: recordsNow)
  p.courses["c"]?.position = CoursePosition(lesson: "l2", step: 0, question: "q3")
  #expect(p.reconcile(with: v1).isClean)

  // v2: q2 removed, q3 moved into l1, l2 removed
  let v2 = try recordsCourse(recordsCourseV1
    .replacingOccurrences(of: "version: \"1\"", with: "version: \"2\"")
    .replacingOccurrences(of: "      - id: q2\n        kind: truefalse\n        prompt: No?\n        answer: false\n", with: "")
    .replacingOccurrences(of: "  - id: l2\n    title: L2\n    steps:\n", with: ""))
  #expect(v2.digest != v1.digest)
  let report = p.reconcile(with: v2)
  #expect(report.digestChanged && report.versionChanged && !report.isNew)
  #expect(report.previousVersion == "1")
  #expect(report.droppedQuestions == ["q2"])
  #expect(report.droppedLessons == [])
  #expect(report.positionMoved && !report.positionReset)
  let cp = try #require(p.courses["c"])
  #expect(cp.questions.keys.sorted() == ["q1"])
  #expect(cp.retiredQuestions.keys.sorted() == ["q2"])
  #expect(cp.position == CoursePosition(lesson: "l1", step: 2, question: "q3"))
  #expect(cp.courseVersion == "2" && cp.courseDigest == v2.digest)

  // back to v1: q2 comes back
  let back = p.reconcile(with: v1)
  #expect(back.restoredQuestions == ["q2"])
  #expect(p.courses["c"]?.questions["q2"]?.lastAnswer == "n")
}

@Test func reconcileResetsAPositionWhoseLessonIsGone() throws {
  let v1 = try recordsCourse(recordsCourseV1)
  var p = LearnerProgress(learner: try LearnerName("x"), now: recordsNow)
  p.reconcile(with: v1)
  p.courses["c"]?.position = CoursePosition(lesson: "l9", step: 4)
  p.courses["c"]?.completeLesson("l9", score: 0.5, at: recordsNow)
  let r = p.reconcile(with: v1)
  #expect(r.positionReset && r.droppedLessons == ["l9"])
  #expect(p.courses["c"]?.position == nil)
  #expect(p.courses["c"]?.retiredLessons["l9"]?.score == 0.5)
}

@Test func isoTimes() {
  #expect(ISOTime.string(recordsNow) == "2025-03-02T10:42:07Z")
  #expect(ISOTime.compact(recordsNow) == "20250302T104207Z")
  #expect(ISOTime.string(recordsNow.addingTimeInterval(0.999)) == "2025-03-02T10:42:07Z")
  #expect(ISOTime.date("2025-03-02T10:42:07Z") == recordsNow)
  #expect(ISOTime.date("2025-03-02T10:42:07.5Z") == recordsNow.addingTimeInterval(0.5))
  #expect(ISOTime.date("2025-03-02T11:42:07+01:00") == recordsNow)
  #expect(ISOTime.date("1970-01-01T00:00:00Z") == Date(timeIntervalSince1970: 0))
  #expect(ISOTime.string(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
  for bad in ["", "2025-03-02", "2025-13-02T10:42:07Z", "2025-03-02T10:42:07", "2025-03-02T10:42:07Zjunk", "２０２５-03-02T10:42:07Z"] {
    #expect(ISOTime.date(bad) == nil, "\(bad)")
  }
}
