// Writes the files generated from the course format's tables (BazaarKit/Format): the JSON Schemas
// in schema/ and the generated parts of docs/course-format.md.
//
//   swift run bazaar-format          # rewrites them in the package root (the current folder)
//   swift run bazaar-format --check  # exit 1, naming each file, when one differs
//   swift run bazaar-format --out DIR  # writes them under DIR instead (DIR/schema/… must exist)
import BazaarKit
import Foundation

let args = Array(CommandLine.arguments.dropFirst())
let check = args.contains("--check")
let root = args.firstIndex(of: "--out").flatMap { args.indices.contains($0 + 1) ? args[$0 + 1] : nil }
  ?? FileManager.default.currentDirectoryPath
var differ: [String] = []
for file in FormatFiles.all(read: { try? String(contentsOfFile: root + "/" + $0, encoding: .utf8) }) {
  let path = root + "/" + file.path
  let old = try? String(contentsOfFile: path, encoding: .utf8)
  if old == file.text { continue }
  differ.append(file.path)
  if !check {
    do {
      try file.text.write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
      FileHandle.standardError.write(Data("bazaar-format: cannot write \(path): \(error.localizedDescription)\n".utf8))
      exit(2)
    }
  }
}
for path in differ {
  print(check ? "differs: \(path) (run: swift run bazaar-format)" : "wrote \(path)")
}
exit(check && !differ.isEmpty ? 1 : 0)
