import Foundation
import ParapetEvidence
import ParapetFacts

/// Captures a site the way the Mozilla Observatory observes it, into one HAR 1.2 file:
/// `https://host/` and `http://host/`, each following up to ten redirects by hand with every hop
/// recorded (all headers, duplicates kept), the final body, a retry without certificate
/// verification when the certificate fails (recorded as `_tls.certificateValid = false`), and
/// the CORS preflight the Observatory sends.
public struct SiteCapture: Sendable {
  public static let corsOrigin = "https://http-observatory.security.mozilla.org"
  public static let maximumRedirects = 10

  public var client: CurlClient
  /// Clock for `startedDateTime`; injectable so tests can pin it.
  public var now: @Sendable () -> Date

  public init(client: CurlClient = CurlClient(), now: @escaping @Sendable () -> Date = Date.init) {
    self.client = client
    self.now = now
  }

  /// What was asked: host (with optional port) and path.
  public struct Target: Sendable, Hashable {
    public var host: String
    public var path: String

    /// Accepts `example.com`, `example.com:8443/app`, or a full `https://…` URL.
    public init?(_ text: String) {
      var rest = text.trimmingCharacters(in: .whitespaces)
      for scheme in ["https://", "http://"] where rest.lowercased().hasPrefix(scheme) {
        rest = String(rest.dropFirst(scheme.count))
      }
      let slash = rest.firstIndex(of: "/") ?? rest.endIndex
      host = String(rest[..<slash])
      path = slash < rest.endIndex ? String(rest[slash...]) : "/"
      guard !host.isEmpty,
        host.allSatisfy({ $0.isLetter || $0.isNumber || ".-:[]_".contains($0) })
      else { return nil }
    }

    /// A file name for the HAR: the host with the port joined by `_`.
    public var fileName: String {
      host.replacingOccurrences(of: ":", with: "_").replacingOccurrences(of: "[", with: "")
        .replacingOccurrences(of: "]", with: "") + ".har"
    }
  }

  /// One recorded request and response (or failure).
  struct Hop {
    var method: String
    var url: String
    var requestHeaders: [(String, String)]
    var response: CurlClient.Response?
    var error: String?
    var certificateValid: Bool?
    var role: String?
    var started: Date
  }

  /// Runs the capture and returns the HAR document and whether any request was answered.
  public func capture(_ target: Target) -> (har: JSONValue, answered: Bool) {
    let httpsChain = chain(start: "https://\(target.host)\(target.path)", role: "https")
    let httpChain = chain(start: "http://\(target.host)\(target.path)", role: "http")
    var entries = httpsChain + httpChain
    // The Observatory's "auto" response: the end of the HTTPS chain when HTTPS answered at all,
    // else the end of the HTTP chain. The preflight goes to its URL.
    let httpsAnswered = httpsChain.first?.response != nil
    let auto = httpsAnswered ? httpsChain.last : httpChain.last
    if let final = auto, final.response != nil {
      let headers = [("Origin", Self.corsOrigin), ("Access-Control-Request-Method", "GET")]
      let started = now()
      var hop = Hop(method: "OPTIONS", url: final.url, requestHeaders: headers, role: "cors-preflight", started: started)
      let verify = final.certificateValid != false
      switch client.send(method: "OPTIONS", url: final.url, headers: headers, verifyCertificate: verify) {
      case .success(let response): hop.response = response
      case .failure(let failure): hop.error = failure.description
      }
      entries.append(hop)
    }
    return (har(entries), entries.contains { $0.response != nil })
  }

  /// Follows redirects by hand from `start`; retries the whole chain without verification when
  /// a certificate fails.
  func chain(start: String, role: String) -> [Hop] {
    let verified = follow(start: start, role: role, verify: true)
    if verified.contains(where: { $0.certificateValid == false && $0.response == nil }) {
      var retried = follow(start: start, role: role, verify: false)
      for index in retried.indices where retried[index].url.lowercased().hasPrefix("https:") {
        retried[index].certificateValid = false
      }
      return retried
    }
    return verified
  }

  private func follow(start: String, role: String, verify: Bool) -> [Hop] {
    var hops: [Hop] = []
    var url = start
    var seen = 0
    while true {
      var hop = Hop(method: "GET", url: url, requestHeaders: [], role: hops.isEmpty ? role : nil, started: now())
      switch client.send(method: "GET", url: url, verifyCertificate: verify) {
      case .success(let response):
        hop.response = response
        if url.lowercased().hasPrefix("https:") { hop.certificateValid = verify ? true : nil }
      case .failure(.certificate(let message)):
        hop.error = "certificate error: \(message)"
        hop.certificateValid = false
      case .failure(let failure):
        hop.error = failure.description
      }
      hops.append(hop)
      guard let response = hop.response, [301, 302, 303, 307, 308].contains(response.status),
        let location = response.headers.first(where: { $0.name.lowercased() == "location" })?.value,
        seen < Self.maximumRedirects,
        // The readers' resolver, so the hop recorded here is the hop a scan of the HAR links.
        case let next = URLParts.resolve(location, against: url),
        next.lowercased().hasPrefix("http")
      else { break }
      seen += 1
      url = next
    }
    return hops
  }

  /// ISO 8601 in UTC with milliseconds, as HAR writes times.
  static func timestamp(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: date)
  }

  private func har(_ hops: [Hop]) -> JSONValue {
    func headerList(_ headers: [(String, String)]) -> JSONValue {
      .array(headers.map { .object([("name", .string($0.0)), ("value", .string($0.1))]) })
    }
    let entries: [JSONValue] = hops.map { hop in
      var response: [(String, JSONValue)] = []
      if let answer = hop.response {
        let mime = answer.headers.first { $0.name.lowercased() == "content-type" }?.value
          .split(separator: ";").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? "x-unknown"
        var content: [(String, JSONValue)] = [("size", .integer(Int64(answer.body.count))), ("mimeType", .string(mime))]
        if !answer.body.isEmpty {
          if let text = String(data: answer.body, encoding: .utf8) {
            content.append(("text", .string(text)))
          } else {
            content.append(("text", .string(answer.body.base64EncodedString())))
            content.append(("encoding", .string("base64")))
          }
        }
        let location = answer.headers.first { $0.name.lowercased() == "location" }?.value ?? ""
        response = [
          ("status", .integer(Int64(answer.status))), ("statusText", .string(answer.statusText)),
          ("httpVersion", .string(answer.httpVersion)), ("headers", headerList(answer.headers.map { ($0.name, $0.value) })),
          ("cookies", .array([])), ("content", .object(content)), ("redirectURL", .string(location)),
          ("headersSize", .integer(-1)), ("bodySize", .integer(Int64(answer.body.count))),
        ]
      } else {
        response = [
          ("status", .integer(0)), ("statusText", .string("")), ("httpVersion", .string("")),
          ("headers", .array([])), ("cookies", .array([])),
          ("content", .object([("size", .integer(0)), ("mimeType", .string("x-unknown"))])),
          ("redirectURL", .string("")), ("headersSize", .integer(-1)), ("bodySize", .integer(-1)),
        ]
      }
      var entry: [(String, JSONValue)] = [
        ("startedDateTime", .string(Self.timestamp(hop.started))),
        ("time", .integer(0)),
        ("request", .object([
          ("method", .string(hop.method)), ("url", .string(hop.url)), ("httpVersion", .string("HTTP/1.1")),
          ("headers", headerList(hop.requestHeaders)), ("queryString", .array([])), ("cookies", .array([])),
          ("headersSize", .integer(-1)), ("bodySize", .integer(0)),
        ])),
        ("response", .object(response)),
        ("cache", .object([])),
        ("timings", .object([("send", .integer(0)), ("wait", .integer(0)), ("receive", .integer(0))])),
      ]
      if let role = hop.role { entry.append(("_parapet", .object([("role", .string(role))]))) }
      if let valid = hop.certificateValid { entry.append(("_tls", .object([("certificateValid", .bool(valid))]))) }
      if let error = hop.error { entry.append(("_error", .string(error))) }
      return .object(entry)
    }
    return .object([("log", .object([
      ("version", .string("1.2")),
      ("creator", .object([("name", .string("parapet capture")), ("version", .string("1"))])),
      ("entries", .array(entries)),
    ]))])
  }
}
