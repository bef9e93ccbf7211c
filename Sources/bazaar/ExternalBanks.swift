import BazaarExchange
import BazaarKit

/// Readers and writers of bank formats that need an XML parser or a zip reader (BazaarExchange).
enum ExternalBanks {
  static let readers: [BankFormat: BankImporter.ExternalReader] = [.moodleXML: MoodleXML.read, .xlsx: XLSX.read]
  static func moodleXML(_ course: Course, _ language: String) -> BankExporter.Output { MoodleXML.write(course, language: language) }
}
