/// `bazaar import`'s work, without the terminal: read each bank file (format from its name, else
/// from its text), join them, and write the course.
public enum BankImporter {
  /// A file that could not be read, with the reason in the user's language.
  public struct Failure: Error, Sendable {
    public var path: String
    public var message: String
    public init(path: String, message: String) {
      self.path = path
      self.message = message
    }
  }

  /// Readers of formats kept outside BazaarKit (Moodle XML and `.xlsx` need an XML parser and a zip
  /// reader: the helper `bazaar-xml` reads them): the file's path in, bank out.
  public typealias ExternalReader = @Sendable (String) -> Result<QuestionBank, Failure>

  /// The largest bank file read (a bank of 10,000 questions with pictures left out is a few MB).
  public static let maxBytes = 32 << 20

  /// Reads the bank at `path`.
  public static func read(
    path: String, format: BankFormat?, fileSystem: any FileSystem, messages: MessageCatalog,
    external: [BankFormat: ExternalReader] = [:]
  ) -> Result<QuestionBank, Failure> {
    if case .file(let size) = fileSystem.kind(of: path), size > maxBytes {
      return .failure(
        Failure(path: path, message: messages.text("import.report.tooBig", ["path": path, "limit": SourceText.megabytes(maxBytes)])))
    }
    let named = format ?? BankFormat.fromName(path)
    if let named, let reader = external[named] {
      guard case .file = fileSystem.kind(of: path) else {
        return .failure(Failure(path: path, message: FileSystemError.notFound(path).message(messages)))
      }
      return reader(path)
    }
    let bytes: [UInt8]
    do { bytes = try fileSystem.read(path) } catch { return .failure(Failure(path: path, message: error.message(messages))) }
    if named == .xlsx || named == .moodleXML {
      return .failure(Failure(path: path, message: messages.text("import.report.unknownFormat", ["path": path])))
    }
    guard let (text, _) = BankText.decode(bytes) else {
      return .failure(Failure(path: path, message: messages.text("import.report.notText", ["path": path])))
    }
    switch named ?? BankFormat.sniff(text) {
    case .gift: return .success(GIFTReader.read(text, path: path))
    case .aiken: return .success(TextBankReader.read(text, path: path, layout: .aiken))
    case .text: return .success(TextBankReader.read(text, path: path, layout: .chinese))
    case .csv: return .success(SheetReader.readCSV(text, path: path))
    case .moodleXML, .xlsx: return .failure(Failure(path: path, message: messages.text("import.report.unknownFormat", ["path": path])))
    }
  }

  /// The course id for an output path (`courses/rose-tea.yaml` → `rose-tea`) or a source file.
  public static func courseId(forPath path: String) -> String {
    let base = path.split(separator: "/").last.map(String.init) ?? path
    let stem = base.split(separator: ".").first.map(String.init) ?? base
    return BankIds.fromTitle(stem) ?? "imported"
  }
}
