import Foundation
import OrderedCollections
import ParapetFacts

/// Reads HAR 1.2 files (browser exports from Chrome and Firefox, and `parapet capture`) into
/// `http.sites` and, entry by entry as recorded, `raw.http[path]` (`HARRawExchanges`).
///
/// Claims `*.har`, and `*.json` files whose text starts like a HAR (a `"log"` key near the top
/// and an `"entries"` key), so ordinary JSON stays with the plain JSON reader. Entries keep
/// their order; headers keep duplicates; base64 bodies are decoded. Chrome's default
/// ("sanitized") export drops every `Set-Cookie`, so for such a file cookies are *unknown*.
/// Certificate validity comes from the entry extension `_tls: {"certificateValid": bool}`
/// (or Firefox's `_securityState`). Every fact points at its line in the HAR.
public struct HARReader: EvidenceReader {
  public let kind = "har"

  public init() {}

  public func claims(_ file: EvidenceFile) -> Bool {
    let name = file.name.lowercased()
    if name.hasSuffix(".har") { return true }
    guard name.hasSuffix(".json") else { return false }
    return Self.looksLikeHAR(file.data)
  }

  /// A cheap content check: `"log"` within the first 4 KiB and `"entries"` within the first
  /// MiB. Never parses the file.
  static func looksLikeHAR(_ data: Data) -> Bool {
    let head = data.prefix(4096)
    guard let text = String(data: head, encoding: .utf8) ?? String(bytes: head, encoding: .isoLatin1),
      text.contains("\"log\"")
    else { return false }
    return data.prefix(1 << 20).range(of: Data("\"entries\"".utf8)) != nil
  }

  public func read(_ file: EvidenceFile, into facts: inout FactTree, context: ScanContext) throws {
    let document = try JSONFactParser.parse(file.data, file: file.path, reader: kind)
    let (exchanges, bodies, creator, errors) = try Self.exchanges(from: document, file: file)
    let builder = HTTPSiteBuilder(
      source: .init(file: file.path, kind: kind, creator: creator, bodyLinesMapToFile: false),
      exchanges: exchanges, bodyLocations: bodies, pages: Self.pageIDs(document))
    for site in builder.sites() { facts.append(["http", "sites"], site) }
    facts.set(["raw", "http", file.path], HARRawExchanges.entry(document, file: file))
    if !errors.isEmpty { throw EvidenceErrors(errors) }
  }

  /// The ids of `log.pages`, in order: the pages the browser navigated to.
  static func pageIDs(_ document: Fact) -> [String] {
    guard case .list(let pages)? = document["log"]?["pages"]?.value else { return [] }
    return pages.compactMap { $0["id"]?.value.stringValue }
  }

  /// The entries of a parsed HAR document as exchanges, with the creator's name and the
  /// problems met in single entries (those entries are skipped).
  static func exchanges(from document: Fact, file: EvidenceFile) throws -> (
    [HTTPExchange], [Int: SourceLocation], String, [EvidenceError]
  ) {
    func fail(_ message: String, _ fact: Fact?) -> EvidenceError {
      EvidenceError(message, at: fact?.location ?? file.at(line: 1), reader: "har")
    }
    guard case .map = document.value else { throw fail("a HAR file is a JSON object", document) }
    guard let log = document["log"], case .map = log.value else {
      throw fail("expected a \"log\" object at the top level of the HAR", document)
    }
    guard let entries = log["entries"], case .list(let items) = entries.value else {
      throw fail("expected \"log.entries\" to be a list", log["entries"] ?? log)
    }
    let creator = log["creator"]?["name"]?.value.stringValue ?? "unknown"
    var exchanges: [HTTPExchange] = []
    var bodies: [Int: SourceLocation] = [:]
    var errors: [EvidenceError] = []
    var sawSetCookie = false
    var sawRequestCookie = false
    for (number, entry) in items.enumerated() {
      guard case .map = entry.value else {
        errors.append(fail("entry \(number + 1) is not an object", entry))
        continue
      }
      guard let request = entry["request"], case .map = request.value,
        let response = entry["response"], case .map = response.value
      else {
        errors.append(fail("entry \(number + 1) has no request or response object", entry))
        continue
      }
      let url = request["url"]?.value.stringValue
      var exchange = HTTPExchange(
        method: request["method"]?.value.stringValue ?? "GET", url: url,
        status: statusNumber(response["status"]),
        statusText: response["statusText"]?.value.stringValue ?? "",
        httpVersion: response["httpVersion"]?.value.stringValue ?? "",
        location: Self.at(entry.location, "log.entries[\(number)]"))
      exchange.statusLocation = Self.at(
        response["status"]?.location ?? response.location, "log.entries[\(number)].response.status")
      if case .list(let headers)? = response["headers"]?.value {
        for (position, header) in headers.enumerated() {
          guard let name = header["name"]?.value.stringValue else { continue }
          let value = stringish(header["value"])
          exchange.headers.append(HTTPHeaderField(
            name: name, value: value,
            location: Self.at(header.location, "log.entries[\(number)].response.headers[\(position)]")))
          if name.lowercased() == "set-cookie" { sawSetCookie = true }
        }
      }
      if case .list(let cookies)? = response["cookies"]?.value, !cookies.isEmpty { sawSetCookie = true }
      if let content = response["content"], let text = content["text"]?.value.stringValue {
        if content["encoding"]?.value.stringValue?.lowercased() == "base64" {
          let cleaned = text.filter { !$0.isWhitespace }
          if let data = Data(base64Encoded: cleaned, options: [.ignoreUnknownCharacters]) {
            exchange.body = String(decoding: data, as: UTF8.self)
          } else {
            errors.append(fail("entry \(number + 1): content.text is not valid base64", content["text"]))
          }
        } else {
          exchange.body = text
        }
        bodies[exchanges.count] = Self.at(content["text"]?.location, "log.entries[\(number)].response.content.text")
      }
      if let redirect = response["redirectURL"]?.value.stringValue, !redirect.isEmpty {
        exchange.redirectURL = redirect
      }
      if let valid = entry["_tls"]?["certificateValid"]?.value.boolValue {
        exchange.certificateValid = valid
      } else if let state = entry["_securityState"]?.value.stringValue?.lowercased() {
        // Firefox: "secure" and "weak" connections verified; "broken"/"insecure" did not.
        if state == "secure" || state == "weak" { exchange.certificateValid = true }
        if state == "broken" { exchange.certificateValid = false }
      }
      exchange.error =
        entry["_error"]?.value.stringValue ?? response["_error"]?.value.stringValue
      if exchange.status <= 0 && exchange.error == nil { exchange.error = "no response" }
      exchange.resourceType = entry["_resourceType"]?.value.stringValue
      exchange.role = entry["_parapet"]?["role"]?.value.stringValue
      exchange.pageref = entry["pageref"]?.value.stringValue
      exchange.initiatorType = entry["_initiator"]?["type"]?.value.stringValue
      if Self.carriesCookies(request) { sawRequestCookie = true }
      exchanges.append(exchange)
    }
    // Chrome's sanitized export (Chrome 114 and later) drops every Set-Cookie and every request
    // Cookie: treat cookies as unknown there. A Chrome export whose requests send cookies was
    // not sanitized (older Chromes had no sanitized export at all), so its cookies are known.
    if creator == "WebInspector" && !sawSetCookie && !sawRequestCookie {
      for index in exchanges.indices { exchanges[index].cookiesStripped = true }
    }
    return (exchanges, bodies, creator, errors)
  }

  /// A location with its JSON path (0-based indexes, as `jq` writes them), so that a one-line
  /// HAR still says which entry and header a finding is about.
  static func at(_ location: SourceLocation?, _ path: String) -> SourceLocation? {
    guard var location else { return nil }
    location.path = path
    return location
  }

  /// True when a HAR request sends cookies (a `Cookie` header or a non-empty `cookies` list).
  private static func carriesCookies(_ request: Fact) -> Bool {
    if case .list(let cookies)? = request["cookies"]?.value, !cookies.isEmpty { return true }
    guard case .list(let headers)? = request["headers"]?.value else { return false }
    return headers.contains { $0["name"]?.value.stringValue?.lowercased() == "cookie" }
  }

  private static func statusNumber(_ fact: Fact?) -> Int {
    switch fact?.value {
    case .integer(let number)?: return Int(clamping: number)
    case .number(let number)?: return number.isFinite ? Int(number) : 0
    case .string(let text)?: return Int(text.trimmingCharacters(in: .whitespaces)) ?? 0
    default: return 0
    }
  }

  /// A header value as text (some exporters write numbers or booleans).
  static func stringish(_ fact: Fact?) -> String {
    switch fact?.value {
    case .string(let text)?: return text
    case .integer(let number)?: return String(number)
    case .number(let number)?: return String(number)
    case .bool(let flag)?: return flag ? "true" : "false"
    default: return ""
    }
  }
}
