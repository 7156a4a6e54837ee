import Foundation
import OrderedCollections
import ParapetFacts

/// Reads web archives (WARC 1.0 and 1.1, ISO 28500: wget `--warc-file`, browsertrix,
/// webrecorder, heritrix) into `http.sites` and, record by record, `raw.http[path]`.
///
/// Claims `*.warc` and `*.warc.gz`, and any file that starts with `WARC/1.` (or is gzip with
/// `warc` in its name). Each `response` record (and `revisit` record, headers only) becomes an
/// exchange: the URL from `WARC-Target-URI`, the method from the `request` record it belongs to
/// (`WARC-Concurrent-To`), the status line, headers in wire order with duplicates, and the body
/// de-chunked and decompressed as a browser would see it. Records keep file order, so redirect
/// chains link as in a HAR. Locations are lines of the uncompressed archive. Archives do not
/// record certificate validation, so it is unknown (see the Observatory pack's
/// `assume_valid_certificate`).
public struct WARCReader: EvidenceReader {
  public let kind = "warc"

  /// The most bytes an archive may inflate to.
  static let inflatedLimit = 256 << 20

  public init() {}

  public func claims(_ file: EvidenceFile) -> Bool {
    let name = file.name.lowercased()
    if name.hasSuffix(".warc") || name.hasSuffix(".warc.gz") { return true }
    if Gzip.isGzip(file.data) { return name.contains("warc") }
    return file.data.prefix(7).elementsEqual("WARC/1.".utf8)
  }

  public func read(_ file: EvidenceFile, into facts: inout FactTree, context: ScanContext) throws {
    var bytes = file.data
    if Gzip.isGzip(bytes) {
      do {
        bytes = try Gzip.inflate(bytes, limit: Self.inflatedLimit)
      } catch .tooLarge(let limit) {
        throw file.error("the archive inflates to more than \(limit) bytes", line: 1, reader: kind)
      } catch .corrupt(let offset) {
        throw file.error("the gzip data is corrupt at compressed byte \(offset)", line: 1, reader: kind)
      }
    }
    let parsed = WARCRecordParser(bytes, file: file.path)
    var errors = parsed.problems.map { file.error($0.message, line: $0.line, reader: kind) }
    var methods: [String: String] = [:]
    // The request record of each response (by record id either way round), for `raw.http`.
    var requests: [String: Int] = [:]
    for (position, record) in parsed.records.enumerated() where record.type == "request" {
      let method = String(decoding: record.block.prefix(16), as: UTF8.self)
        .split(separator: " ").first.map(String.init) ?? "GET"
      if let id = record.id {
        methods[id] = method
        requests[id] = position
      }
      if let other = record.concurrentTo {
        methods[other] = method
        requests[other] = position
      }
    }
    var exchanges: [HTTPExchange] = []
    var bodies: [Int: SourceLocation] = [:]
    var raw: [Fact] = []
    for record in parsed.records where record.type == "response" || record.type == "revisit" {
      guard let url = record.targetURI else { continue }
      guard let message = HTTPMessageParser.response(record.block) else {
        errors.append(file.error(
          "\(record.type) record for \(url) does not hold an HTTP response (expected a status line)",
          line: record.line, reader: kind))
        continue
      }
      let at = file.at(line: record.line)
      var exchange = HTTPExchange(
        method: (record.id.flatMap { methods[$0] } ?? record.concurrentTo.flatMap { methods[$0] }) ?? "GET",
        url: url, status: message.status, statusText: message.statusText,
        httpVersion: message.httpVersion,
        headers: message.headers.map { HTTPHeaderField(name: $0.name, value: $0.value, location: at) },
        body: record.type == "revisit" ? nil : message.body, location: at)
      exchange.statusLocation = at
      exchange.bodyProblem = message.bodyProblem
      if exchange.body != nil { bodies[exchanges.count] = at }
      let request = (record.id.flatMap { requests[$0] } ?? record.concurrentTo.flatMap { requests[$0] })
        .map { parsed.records[$0] }
      raw.append(Self.rawExchange(exchange, record: record, request: request, file: file))
      exchanges.append(exchange)
    }
    facts.set(["raw", "http", file.path], HTTPRawLayer.entry(format: "warc", exchanges: raw, file: file))
    if exchanges.isEmpty && errors.isEmpty {
      errors.append(file.error("the archive holds no response records", line: 1, reader: kind))
    }
    let builder = HTTPSiteBuilder(
      source: .init(file: file.path, kind: kind, creator: parsed.software ?? "warc", bodyLinesMapToFile: false),
      exchanges: exchanges, bodyLocations: bodies)
    for site in builder.sites() { facts.append(["http", "sites"], site) }
    if !errors.isEmpty { throw EvidenceErrors(errors) }
  }

  /// One response record as `raw.http` records it: the request from its `request` record (the
  /// method, target and headers sent; the URL is `WARC-Target-URI`), the response as archived,
  /// and the body by reference to its record (`length` is the decoded size).
  static func rawExchange(_ exchange: HTTPExchange, record: WARCRecordParser.Record, request: WARCRecordParser.Record?, file: EvidenceFile) -> Fact {
    let at = exchange.location
    var requestMap: OrderedDictionary<String, Fact> = [
      "method": .string(exchange.method, at: at), "url": HTTPRawLayer.url(exchange.url, at: at),
    ]
    var requestHeaders: [Fact] = []
    if let request, let head = HTTPMessageParser.requestHead(request.block) {
      let requestAt = file.at(line: request.line)
      requestMap["method"] = .string(head.method, at: requestAt)
      requestMap["target"] = .string(head.target, at: requestAt)
      requestMap["http_version"] = .string(head.version, at: requestAt)
      requestHeaders = head.headers.map { HTTPRawLayer.header(name: $0.name, value: $0.value, at: requestAt) }
    }
    requestMap["headers"] = .list(requestHeaders, at: request.map { file.at(line: $0.line) } ?? at)
    var body: Fact?
    if record.type == "response" {
      let ref = "the response record at line \(record.line)"
      let length: Fact = exchange.body.map { .integer($0.utf8.count, at: at) }
        ?? .unknown(exchange.bodyProblem ?? "the body could not be read", at: at)
      body = HTTPRawLayer.body(
        length: length, mediaType: HTTPRawLayer.mediaType(HTTPRawLayer.contentType(exchange.headers)), ref: ref, at: at)
    }
    var map: OrderedDictionary<String, Fact> = [
      "request": .map(requestMap, at: request.map { file.at(line: $0.line) } ?? at),
      "response": HTTPRawLayer.response(exchange, body: body),
    ]
    map["record"] = .string(record.type, at: at)
    return .map(map, at: at)
  }
}

/// Splits an uncompressed WARC into records: header fields, then `Content-Length` bytes of block.
struct WARCRecordParser {
  struct Record {
    var type: String
    var targetURI: String?
    var id: String?
    var concurrentTo: String?
    var block: Data
    /// 1-based line of the record's `WARC/` version line.
    var line: Int
  }

  struct Problem {
    var message: String
    var line: Int
  }

  private(set) var records: [Record] = []
  private(set) var problems: [Problem] = []
  /// The `software` field of the `warcinfo` record (the archiving tool).
  private(set) var software: String?

  init(_ bytes: Data, file: String) {
    var index = bytes.startIndex
    var line = 1
    func advance(to end: Data.Index) {
      line += bytes[index..<end].reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
      index = end
    }
    while index < bytes.endIndex {
      // Skip the blank lines between records.
      while index < bytes.endIndex && (bytes[index] == 13 || bytes[index] == 10) {
        advance(to: bytes.index(after: index))
      }
      guard index < bytes.endIndex else { break }
      let start = line
      guard let headerEnd = HTTPMessageParser.headerEnd(bytes[index...]), headerEnd.start < bytes.endIndex
        || headerEnd.start == headerEnd.end
      else {
        problems.append(Problem(message: "a record header does not end with an empty line", line: start))
        break
      }
      let head = String(decoding: bytes[index..<headerEnd.start], as: UTF8.self)
      var fields: [String: String] = [:]
      let lines = head.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
      guard let version = lines.first, version.hasPrefix("WARC/") else {
        problems.append(Problem(message: "expected a WARC version line such as 'WARC/1.1'", line: start))
        break
      }
      for field in lines.dropFirst() {
        guard let colon = field.firstIndex(of: ":") else { continue }
        fields[HTTPText.trimOWS(String(field[..<colon])).lowercased()] =
          HTTPText.trimOWS(String(field[field.index(after: colon)...]))
      }
      guard let lengthText = fields["content-length"], let length = Int(lengthText), length >= 0 else {
        problems.append(Problem(message: "the record has no valid Content-Length", line: start))
        break
      }
      advance(to: headerEnd.end)
      guard bytes.distance(from: index, to: bytes.endIndex) >= length else {
        problems.append(Problem(
          message: "the record's block is shorter than its Content-Length (\(length)): the archive is truncated",
          line: start))
        break
      }
      let end = bytes.index(index, offsetBy: length)
      let block = Data(bytes[index..<end])
      let type = fields["warc-type"]?.lowercased() ?? ""
      if type == "warcinfo", software == nil {
        let info = String(decoding: block, as: UTF8.self)
        for infoLine in info.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        where infoLine.lowercased().hasPrefix("software:") {
          software = HTTPText.trimOWS(String(infoLine.dropFirst("software:".count)))
        }
      }
      records.append(Record(
        type: type, targetURI: fields["warc-target-uri"].map(Self.unbracket), id: fields["warc-record-id"],
        concurrentTo: fields["warc-concurrent-to"], block: block, line: start))
      advance(to: end)
    }
  }

  /// WARC 1.0 examples write URIs in angle brackets; 1.1 does not.
  static func unbracket(_ text: String) -> String {
    text.hasPrefix("<") && text.hasSuffix(">") ? String(text.dropFirst().dropLast()) : text
  }
}
