import Foundation

/// Runs `bazaar-xml` (beside the running `bazaar`), which reads and writes the XML formats, so that
/// `bazaar` itself links no XML library; its JSON reply decoded.
public enum XMLHelper {
  /// `bazaar-xml` beside the running executable, if it is there.
  public static func path() -> String? {
    let exe = PackageLocator.runningExecutablePath()
    guard let slash = exe.lastIndex(of: "/") else { return nil }
    let path = String(exe[..<slash]) + "/bazaar-xml"
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
  }

  struct Message: Codable { var message: String }

  /// The bank in the Moodle XML or .xlsx file at `path`.
  public static func read(_ format: BankFormat, path: String, messages: MessageCatalog) -> Result<QuestionBank, BankImporter.Failure> {
    run(["read", format.rawValue, path], messages: messages).mapError { BankImporter.Failure(path: path, message: $0.text) }
  }

  /// The course at `course` as Moodle XML, in `language`.
  public static func export(course: String, language: String, messages: MessageCatalog) -> Result<BankExporter.Output, BankImporter.Failure> {
    run(["export", course, language], messages: messages).mapError { BankImporter.Failure(path: course, message: $0.text) }
  }

  struct Why: Error { var text: String }

  static func run<T: Decodable>(_ arguments: [String], messages: MessageCatalog) -> Result<T, Why> {
    guard let helper = path() else { return .failure(Why(text: messages.text("import.noHelper"))) }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: helper)
    p.arguments = arguments
    let output = Pipe()
    p.standardOutput = output
    p.standardError = FileHandle.nullDevice
    p.standardInput = FileHandle.nullDevice
    // Awaited through the termination handler: Foundation's waitUntilExit() can miss an exit on Linux.
    let ended = DispatchSemaphore(value: 0)
    p.terminationHandler = { _ in ended.signal() }
    do { try p.run() } catch { return .failure(Why(text: "\(helper): \(error.localizedDescription)")) }
    let reply = output.fileHandleForReading.readDataToEndOfFile()
    if ended.wait(timeout: .now() + 10) == .timedOut { p.terminate() }
    if let value = try? JSONDecoder().decode(T.self, from: reply) { return .success(value) }
    if let m = try? JSONDecoder().decode(Message.self, from: reply) { return .failure(Why(text: m.message)) }
    return .failure(Why(text: messages.text("import.helperFailed", ["helper": helper])))
  }
}
