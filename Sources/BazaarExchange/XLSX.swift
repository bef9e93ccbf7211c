import BazaarKit
import Foundation
import SWXMLHash
import ZIPFoundation

/// The first worksheet of an `.xlsx` file (Excel, WPS, LibreOffice) as rows of text, read through
/// the spreadsheet template's columns (``SheetReader``). Shared strings, inline strings, numbers and
/// formula results are read; formatting is not needed.
public enum XLSX {
  /// Reads the `.xlsx` `bytes` of the file at `path` as a question bank.
  public static func read(_ bytes: [UInt8], path: String) -> Result<QuestionBank, BankImporter.Failure> {
    switch rows(bytes) {
    case .failure(let reason): return .failure(BankImporter.Failure(path: path, message: "\(path): \(reason.text)"))
    case .success(let rows): return .success(SheetReader.read(rows: rows, path: path))
    }
  }

  /// Upper bound on one part's unpacked size: a bank of thousands of questions is a few MB.
  static let maxPartBytes = 64 << 20

  /// The first worksheet's rows (each as many cells as its last filled column; row n of the sheet is
  /// `rows[n - 1]`).
  /// Why a file could not be read as a workbook.
  public struct Unreadable: Error, Sendable { public var text: String }

  public static func rows(_ bytes: [UInt8]) -> Result<[[String]], Unreadable> {
    let archive: Archive
    do { archive = try Archive(data: Data(bytes), accessMode: .read) } catch {
      return .failure(Unreadable(text: "not an .xlsx file (it is not a zip archive); save it from Excel or WPS as .xlsx, or as CSV (UTF-8)"))
    }
    func part(_ name: String) -> String? {
      guard let entry = archive[name], entry.uncompressedSize <= UInt64(maxPartBytes) else { return nil }
      var data = Data()
      // The size in the zip's header may lie (a zip bomb): stop at the cap whatever it says.
      struct TooBig: Error {}
      guard (try? archive.extract(entry, skipCRC32: true) { chunk in
        if data.count + chunk.count > maxPartBytes { throw TooBig() }
        data.append(chunk)
      }) != nil else { return nil }
      return String(data: data, encoding: .utf8)
    }
    var shared: [String] = []
    if let sst = part("xl/sharedStrings.xml") {
      shared = XMLHash.parse(sst)["sst"]["si"].all.map { si in
        // A rich-text string is several runs (`<r><t>…</t></r>`); a plain one is one `<t>`.
        si.element.map(text(of:)) ?? ""
      }
    }
    guard let sheetPath = firstSheetPath(part), let sheet = part(sheetPath) else {
      return .failure(Unreadable(text: "no worksheet found in the .xlsx file"))
    }
    var rows: [[String]] = []
    for row in XMLHash.parse(sheet)["worksheet"]["sheetData"]["row"].all {
      guard let r = row.element?.attribute(by: "r").flatMap({ Int($0.text) }), r > 0, r <= 1_000_000 else { continue }
      var cells: [String] = []
      for c in row["c"].all {
        guard let ref = c.element?.attribute(by: "r")?.text, let col = column(ref), col < 64 else { continue }
        let type = c.element?.attribute(by: "t")?.text ?? "n"
        let value: String
        switch type {
        case "s": value = Int(c["v"].element?.text ?? "").flatMap { $0 >= 0 && $0 < shared.count ? shared[$0] : nil } ?? ""
        case "inlineStr": value = c["is"].element.map(text(of:)) ?? ""
        default: value = number(c["v"].element?.text ?? "")
        }
        while cells.count < col { cells.append("") }
        if cells.count == col { cells.append(value) } else { cells[col] = value }
      }
      while rows.count < r - 1 { rows.append([]) }
      rows.append(cells)
    }
    return .success(rows)
  }

  /// The text of a string item: its `<t>` and the `<t>` of its runs, without phonetic (`<rPh>`) text.
  static func text(of element: SWXMLHash.XMLElement) -> String {
    var out = ""
    for child in element.children {
      guard let e = child as? SWXMLHash.XMLElement else { continue }
      switch e.name {
      case "t": out += e.text
      case "r": out += text(of: e)
      default: break
      }
    }
    return out
  }

  /// `12` for `12`, `0.25` for `0.25`, `30` for `30.0` (as the cell shows it, not `3.0E1`).
  static func number(_ raw: String) -> String {
    guard let v = Double(raw), v.isFinite else { return raw }
    return BankExporter.number((v * 1e10).rounded() / 1e10)
  }

  /// The 0-based column of a cell reference (`C7` → 2).
  static func column(_ ref: String) -> Int? {
    var n = 0
    var any = false
    for c in ref.unicodeScalars {
      guard ("A"..."Z").contains(c) else { break }
      n = n * 26 + Int(c.value - 64)
      any = true
      if n > 16384 { return nil }
    }
    return any ? n - 1 : nil
  }

  /// The first sheet's part: from the workbook and its relationships, else `sheet1.xml`.
  static func firstSheetPath(_ part: (String) -> String?) -> String? {
    if let wb = part("xl/workbook.xml"), let rels = part("xl/_rels/workbook.xml.rels"),
      let id = XMLHash.parse(wb)["workbook"]["sheets"]["sheet"].all.first?.element?.allAttributes.first(where: { $0.key.hasSuffix("id") && $0.key != "sheetId" })?.value.text,
      let target = XMLHash.parse(rels)["Relationships"]["Relationship"].all.first(where: { $0.element?.attribute(by: "Id")?.text == id })?
        .element?.attribute(by: "Target")?.text
    {
      let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
      if part(path) != nil { return path }
    }
    return part("xl/worksheets/sheet1.xml") != nil ? "xl/worksheets/sheet1.xml" : nil
  }
}
