import Foundation
import Testing

/// The package root (two folders above this file's folder).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().path

/// The built `bazaar` binary, next to the test bundle.
func bazaarBinary() throws -> String {
  var candidates: [String] = []
  if let arg0 = CommandLine.arguments.first {
    var dir = URL(fileURLWithPath: arg0).deletingLastPathComponent()
    for _ in 0..<4 {
      candidates.append(dir.appendingPathComponent("bazaar").path)
      dir = dir.deletingLastPathComponent()
    }
  }
  candidates.append(packageRoot + "/.build/debug/bazaar")
  return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0) && !$0.hasSuffix(".xctest") },
    "bazaar binary not found near \(CommandLine.arguments.first ?? "?")")
}

/// What running the binary gave.
struct Run {
  var status: Int32
  var stdout: String
  var stderr: String
}

/// Runs `bazaar` with `arguments` in `directory`, feeding `input` on stdin. With `timeLimit`, a
/// run still going after that many seconds is killed and recorded as an issue (a hang fails the
/// test instead of stalling the suite).
func bazaar(
  _ arguments: [String], in directory: String? = nil, input: String = "", environment: [String: String] = [:],
  timeLimit: TimeInterval? = nil
) throws -> Run {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: try bazaarBinary())
  process.arguments = arguments
  if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
  var env = ["LANG": "C.UTF-8", "PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
  for (k, v) in environment { env[k] = v }
  process.environment = env
  let out = Pipe()
  let err = Pipe()
  let inp = Pipe()
  process.standardOutput = out
  process.standardError = err
  process.standardInput = inp
  let done = DispatchSemaphore(value: 0)
  process.terminationHandler = { _ in done.signal() }
  try process.run()
  inp.fileHandleForWriting.write(Data(input.utf8))
  try inp.fileHandleForWriting.close()
  // Read both pipes before waiting, so a large output cannot block the child.
  let group = DispatchGroup()
  nonisolated(unsafe) var outData = Data()
  nonisolated(unsafe) var errData = Data()
  group.enter()
  DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
  group.enter()
  DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
  if let timeLimit, done.wait(timeout: .now() + timeLimit) == .timedOut {
    process.terminate()
    Issue.record("bazaar \(arguments.joined(separator: " ")) still running after \(timeLimit) s: killed")
  }
  group.wait()
  process.waitUntilExit()
  return Run(
    status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
    stderr: String(decoding: errData, as: UTF8.self))
}

/// A fresh temporary folder.
func temporaryFolder() throws -> String {
  let path = NSTemporaryDirectory() + "bazaar-e2e-" + UUID().uuidString
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}
