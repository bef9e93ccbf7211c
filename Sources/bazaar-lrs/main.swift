// bazaar-lrs: `bazaar sync`'s HTTP client, run by `bazaar` for each batch of statements (see
// HelperLRSTransport in BazaarKit). Not for people: it reads one request from standard input
// and writes the answer to standard output, in the form LRSHelperWire describes.
import BazaarKit
import Foundation

let input = FileHandle.standardInput.readDataToEndOfFile()
let reply: [UInt8]
if let (header, body) = LRSHelperWire.request(Array(input)) {
  let transport = HTTPLRSTransport(
    endpoint: header.endpoint, user: header.user, password: header.password, timeoutSeconds: Int64(max(1, min(header.timeout, 600))))
  reply = LRSHelperWire.reply(header.get.map { transport.get($0) } ?? transport.post(body))
} else {
  reply = LRSHelperWire.reply(.failure(.unreachable("bazaar-lrs: the request could not be read")))
}
FileHandle.standardOutput.write(Data(reply))
