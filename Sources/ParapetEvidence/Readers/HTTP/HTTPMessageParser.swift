import Foundation
import ParapetFacts

/// Parses one raw HTTP/1.x response message as a proxy or archiver stored it (a WARC
/// `response` record's block): status line, header fields in wire order with duplicates kept,
/// and the body, de-chunked and decoded (`gzip`, `deflate`) the way a browser would see it.
struct HTTPMessageParser {
  /// The largest decoded body kept (bodies are only read for HTML).
  static let bodyLimit = 8 << 20

  struct Message {
    var status: Int
    var statusText: String
    var httpVersion: String
    var headers: [(name: String, value: String)]
    /// The decoded body; nil when it could not be decoded (an encoding Parapet does not read).
    var body: String?
    /// Why the body is missing, when it is.
    var bodyProblem: String?
  }

  /// Parses `bytes`; nil when they do not start with an HTTP status line.
  static func response(_ bytes: Data) -> Message? {
    guard let headerEnd = Self.headerEnd(bytes) else { return nil }
    let head = String(decoding: bytes[bytes.startIndex..<headerEnd.start], as: UTF8.self)
    var lines = head.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
      .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
    guard let first = lines.first, let status = CurlDumpParser.statusLine(first) else { return nil }
    lines.removeFirst()
    let headers = fields(lines)
    var message = Message(
      status: status.code, statusText: status.reason, httpVersion: status.version, headers: headers)
    var body = Data(bytes[headerEnd.end...])
    func header(_ name: String) -> String? {
      headers.last { $0.name.lowercased() == name }?.value.lowercased()
    }
    if header("transfer-encoding")?.contains("chunked") == true {
      guard let dechunked = Self.dechunk(body) else {
        message.bodyProblem = "the chunked body is malformed"
        return message
      }
      body = dechunked
    }
    switch header("content-encoding").map({ HTTPText.trimOWS($0) }) ?? "" {
    case "", "identity":
      break
    case "gzip", "x-gzip", "deflate":
      do {
        body = try Gzip.inflate(body, limit: bodyLimit)
      } catch {
        message.bodyProblem = "the compressed body could not be decoded"
        return message
      }
    case let other:
      message.bodyProblem = "the body is \(other)-encoded, which Parapet does not decode"
      return message
    }
    if body.count > bodyLimit { body = body.prefix(bodyLimit) }
    message.body = String(decoding: body, as: UTF8.self)
    return message
  }

  /// The header fields of a message head's lines after the start line, in wire order with
  /// duplicates kept; obsolete folded lines are joined to the field they continue.
  static func fields(_ lines: [String]) -> [(name: String, value: String)] {
    var headers: [(name: String, value: String)] = []
    for line in lines where !line.isEmpty {
      if (line.first == " " || line.first == "\t"), !headers.isEmpty {
        // An obsolete folded line continues the previous field.
        headers[headers.count - 1].value += " " + HTTPText.trimOWS(line)
        continue
      }
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers.append((HTTPText.trimOWS(String(line[..<colon])), HTTPText.trimOWS(String(line[line.index(after: colon)...]))))
    }
    return headers
  }

  /// The head of a request message (a WARC `request` record's block): method, target,
  /// version and header fields. Nil when the block does not start with a request line.
  static func requestHead(_ bytes: Data) -> (method: String, target: String, version: String, headers: [(name: String, value: String)])? {
    guard let headerEnd = Self.headerEnd(bytes) else { return nil }
    let head = String(decoding: bytes[bytes.startIndex..<headerEnd.start], as: UTF8.self)
    var lines = head.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
      .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
    guard let first = lines.first else { return nil }
    let parts = first.split(separator: " ", omittingEmptySubsequences: true)
    guard parts.count == 3, parts[2].hasPrefix("HTTP/"), parts[0].allSatisfy({ $0.isLetter }) else { return nil }
    lines.removeFirst()
    return (String(parts[0]), String(parts[1]), String(parts[2]), fields(lines))
  }

  /// Where the header block ends: the empty line (CRLF CRLF, or LF LF from lax writers).
  static func headerEnd(_ bytes: Data) -> (start: Data.Index, end: Data.Index)? {
    if let range = bytes.range(of: Data([13, 10, 13, 10])) { return (range.lowerBound, range.upperBound) }
    if let range = bytes.range(of: Data([10, 10])) { return (range.lowerBound, range.upperBound) }
    // Headers only, no body.
    return bytes.isEmpty ? nil : (bytes.endIndex, bytes.endIndex)
  }

  /// Removes chunked transfer coding; nil when the chunk sizes do not add up.
  static func dechunk(_ data: Data) -> Data? {
    var out = Data()
    var index = data.startIndex
    while index < data.endIndex {
      guard let lineEnd = data[index...].firstIndex(of: 10) else { return nil }
      var sizeText = String(decoding: data[index..<lineEnd], as: UTF8.self)
      // The size line ends with CRLF: the CR is not optional whitespace to trimOWS.
      if sizeText.hasSuffix("\r") { sizeText.removeLast() }
      if let semicolon = sizeText.firstIndex(of: ";") { sizeText = String(sizeText[..<semicolon]) }
      guard let size = Int(HTTPText.trimOWS(sizeText), radix: 16), size >= 0 else { return nil }
      index = data.index(after: lineEnd)
      if size == 0 { return out }
      guard data.distance(from: index, to: data.endIndex) >= size else { return nil }
      let end = data.index(index, offsetBy: size)
      out.append(data[index..<end])
      index = end
      // The CRLF after the chunk data.
      while index < data.endIndex && (data[index] == 13 || data[index] == 10) {
        index = data.index(after: index)
        if data[data.index(before: index)] == 10 { break }
      }
    }
    return out
  }
}
