import BazaarKit

/// Moodle XML and .xlsx are read and written by the helper `bazaar-xml` (``XMLHelper``), so that
/// `bazaar` links no XML library.
enum ExternalBanks {
  static func readers(_ m: MessageCatalog) -> [BankFormat: BankImporter.ExternalReader] {
    [
      .moodleXML: { path in XMLHelper.read(.moodleXML, path: path, messages: m) },
      .xlsx: { path in XMLHelper.read(.xlsx, path: path, messages: m) },
    ]
  }
}
