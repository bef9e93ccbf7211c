// Benchmarks for bench/* scripts (not part of the product). Prints medians in milliseconds.
//   bazaar-bench load FILE [RUNS]   Yams compose alone vs Bazaar's full load vs lint (with self-check)
//   bazaar-bench live-fake [...]    the real-time live front end with a fake room (LiveFake.swift)
//   bazaar-bench live-replay COURSE [--minutes 60] [--viewers 2000]   replay time (LiveReplayBench.swift)
//   bazaar-bench answers COURSE --learner NAME [--skill 0.7]   a scripted learner's input (ScriptedLearner.swift)
//   bazaar-bench understanding CORPUS COURSES [--details]   the labelled corpus: confusion table, per-line time
import BazaarKit
import Foundation
import Yams

func median(_ xs: [Double]) -> Double {
  let s = xs.sorted()
  return s.isEmpty ? 0 : s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func time(_ runs: Int, _ body: () -> Void) -> Double {
  var samples: [Double] = []
  for _ in 0..<runs {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
  }
  return median(samples)
}

let args = CommandLine.arguments
if args.count >= 2, args[1] == "live-fake" { liveFakeMain(Array(args.dropFirst(2))) }
if args.count >= 2, args[1] == "live-replay" { liveReplayMain(Array(args.dropFirst(2))) }
if args.count >= 2, args[1] == "answers" { scriptedLearnerMain(Array(args.dropFirst(2))) }
if args.count >= 4, args[1] == "read" {
  // bazaar-bench read COURSE_FILE TEXT: how a line is read (clauses, claims, polarity)
  let loaded = CourseLoader.load(path: args[2])
  let (lexicons, _) = LexiconLibrary().resolve(loaded, coursePath: args[2])
  let reading = TextReading(line: args[3], grammar: lexicons.grammar)
  print("lexicons \(lexicons.byName.keys.sorted()), negations \(lexicons.grammar.words.negations.count)")
  for c in reading.clauses { print("clause \(c.range) «\(c.text)» q=\(c.isQuestion) reported=\(c.reportedBy ?? "-") rhet=\(c.rhetoricalBy ?? "-") denied=\(c.deniedBy ?? "-")") }
  for c in lexicons.claims(in: reading, lexicons: loaded.course?.lexicons ?? []) { print("claim \(c.words) [\(c.hit.category)] \(c.polarity)") }
  exit(0)
}
if args.count >= 4, args[1] == "understanding" {
  // bazaar-bench understanding CORPUS_FOLDER COURSES_FOLDER [--details]
  let corpus = UnderstandingCorpus.evaluate(folder: args[2], coursesFolder: args[3])
  print(corpus.report(details: args.contains("--details")))
  exit(0)
}
guard args.count >= 3, args[1] == "load" else {
  FileHandle.standardError.write(Data("usage: bazaar-bench load FILE [RUNS] | bazaar-bench live-fake [--every-ms N] [--seconds S] [--speed X]\n".utf8))
  exit(2)
}
let path = args[2]
let runs = args.count > 3 ? Int(args[3]) ?? 15 : 15
guard let data = FileManager.default.contents(atPath: path) else { exit(2) }
let bytes = [UInt8](data)
let text = String(decoding: bytes, as: UTF8.self)

var sink = 0
if ProcessInfo.processInfo.environment["BENCH_WALK_ONLY"] != nil, let root = try? Yams.compose(yaml: text) {
  let src = SourceText(path: path, text: text)
  let walk = time(runs) { sink &+= CourseLoader.build(root: root, source: src).course?.questions.count ?? 0 }
  print(String(format: "walk %.2f ms", walk))
  exit(0)
}
let yams = time(runs) { if let node = try? Yams.compose(yaml: text) { sink &+= node.mapping?.count ?? 0 } }
let yamsBasic = time(runs) { if let node = try? Yams.compose(yaml: text, .basic) { sink &+= node.mapping?.count ?? 0 } }
let load = time(runs) { sink &+= CourseLoader.parse(bytes: bytes, path: path).course?.questions.count ?? 0 }
let digest = time(runs) { sink &+= Digest.sha256Hex(bytes).count }
let decode = time(runs) { if case .success(let s) = SourceText.decode(bytes, path: path) { sink &+= s.text.utf8.count } }
let source = SourceText(path: path, text: text)
let build = time(runs) { sink &+= CourseLoader.parse(source: source).course?.questions.count ?? 0 }
if ProcessInfo.processInfo.environment["BENCH_DETAIL"] != nil {
  if let root = try? Yams.compose(yaml: text) {
    let walk = time(runs) { sink &+= CourseLoader.build(root: root, source: source).course?.questions.count ?? 0 }
    print(String(format: "  detail: walk of the composed tree %.2f ms", walk))
  }
  print(String(format: "  detail: digest %.2f ms, decode %.2f ms, compose+build %.2f ms", digest, decode, build))
}
let lint = time(runs) { sink &+= Linter().lintFile(path).diagnostics.count }
let loaded = CourseLoader.parse(bytes: bytes, path: path)
print(
  String(
    format: "file %@: %d KB, %d questions, %d errors\n  Yams compose alone (default resolver) %8.2f ms\n  Yams compose alone (basic resolver)   %8.2f ms\n  Bazaar load (decode, compose with the basic resolver, build, check, digest) %8.2f ms  (%.2f× Yams default, %.2f× Yams basic)\n  lint with self-check %8.2f ms",
    path, bytes.count / 1024, loaded.course?.questions.count ?? 0, loaded.diagnostics.filter(\.isError).count, yams, yamsBasic, load,
    load / max(yams, 0.001), load / max(yamsBasic, 0.001), lint))
if sink == -1 { print(sink) }
