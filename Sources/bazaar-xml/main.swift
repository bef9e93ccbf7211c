// bazaar-xml: the part of `bazaar import` and `bazaar export` that reads and writes XML (Moodle XML,
// and the XML inside .xlsx), run by `bazaar` as a helper so that `bazaar` links no XML library.
//
//   bazaar-xml read moodle-xml|xlsx FILE      → the question bank, as JSON, on standard output
//   bazaar-xml export COURSE LANGUAGE         → BankExporter.Output (the Moodle XML and its notes), as JSON
//
// Exit status: 0 done; 1 the file could not be read (the reason, as JSON `{"message": …}`); 2 usage.
import BazaarExchange
import BazaarKit
import Foundation

let args = Array(CommandLine.arguments.dropFirst())
let encoder = JSONEncoder()

func emit<T: Encodable>(_ value: T, status: Int32) -> Never {
  if let data = try? encoder.encode(value) { FileHandle.standardOutput.write(data) }
  exit(status)
}

struct Message: Codable { var message: String }

switch args.first {
case "read" where args.count == 3:
  let path = args[2]
  let bytes: [UInt8]
  do { bytes = try LocalFileSystem().read(path) } catch { emit(Message(message: error.message(.english)), status: 1) }
  let result = args[1] == "xlsx" ? XLSX.read(bytes, path: path) : MoodleXML.read(bytes, path: path)
  switch result {
  case .success(let bank): emit(bank, status: 0)
  case .failure(let f): emit(Message(message: f.message), status: 1)
  }
case "export" where args.count == 3:
  guard let course = CourseLoader.load(path: args[1]).course else { emit(Message(message: "\(args[1]) has errors"), status: 1) }
  emit(MoodleXML.write(course, language: args[2]), status: 0)
default:
  FileHandle.standardError.write(Data("usage: bazaar-xml read moodle-xml|xlsx FILE | bazaar-xml export COURSE LANGUAGE\n".utf8))
  exit(2)
}
