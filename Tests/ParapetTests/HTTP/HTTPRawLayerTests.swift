import Foundation
import ParapetEvidence
import ParapetFacts
import Testing

/// `raw.http[path]`: every request and response of a capture as recorded (wire order,
/// duplicates, original case, bodies by reference, credentials as secrets).
@Suite("HTTP: raw layer")
struct HTTPRawLayerTests {
  static let cookieValues = ["Zq7Lw0pSessA1", "Yt6Kv9oCsrfB2", "Xs5Ju8nPrefC3"]

  static let har = """
    {"log": {"version": "1.2", "creator": {"name": "Firefox", "version": "128"},
     "pages": [{"id": "page_1", "title": "https://shop.example/"}],
     "entries": [
      {"pageref": "page_1", "startedDateTime": "2026-01-01T10:00:00.000Z", "time": 41.5,
       "request": {"method": "GET", "url": "https://shop.example/", "httpVersion": "HTTP/2",
         "headers": [{"name": "Host", "value": "shop.example"},
                     {"name": "Authorization", "value": "Bearer eyJhbGciOiJIUzI1NiJ9.e30.Wm9vQmFy"},
                     {"name": "Cookie", "value": "prev=\(cookieValues[2])"}]},
       "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/2",
         "headers": [{"name": "Set-Cookie", "value": "session=\(cookieValues[0]); Path=/; Secure; HttpOnly"},
                     {"name": "content-type", "value": "text/html; charset=utf-8"},
                     {"name": "set-cookie", "value": "csrftoken=\(cookieValues[1]); Path=/; SameSite=Lax"},
                     {"name": "X-Frame-Options", "value": "DENY"},
                     {"name": "X-Frame-Options", "value": "SAMEORIGIN"}],
         "content": {"size": 13, "mimeType": "text/html", "text": "<html></html>"}}}
     ]}}

    """

  static func folder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("parapet-raw-http-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data(har.utf8).write(to: folder.appendingPathComponent("shop.har"))
    return folder
  }

  @Test func harExchangesKeepWireOrderDuplicatesAndCase() throws {
    let (facts, errors) = HTTPFixtures.read(HTTPFixtures.file(named: "captures/shop.har", text: Self.har), with: HARReader())
    #expect(errors.isEmpty, "\(errors)")
    let file = try #require(facts.at("raw", "http", "captures/shop.har"))
    #expect(file["format"]?.text == "har")
    let exchanges = file["exchanges"]?.items ?? []
    #expect(exchanges.count == 1)
    let exchange = try #require(exchanges.first)
    #expect(exchange["page"]?.text == "page_1")
    #expect(exchange["started"]?.text == "2026-01-01T10:00:00.000Z")
    #expect(exchange["time"]?.value == .number(41.5))
    #expect(exchange.lookup("request.method")?.text == "GET")
    #expect(exchange.lookup("request.http_version")?.text == "HTTP/2")
    #expect(exchange.lookup("response.status")?.value == .integer(200))
    #expect(exchange.lookup("response.status")?.location?.path == "log.entries[0].response.status")
    let headers = exchange.lookup("response.headers")?.items ?? []
    #expect(headers.compactMap { $0["name"]?.text } == ["Set-Cookie", "content-type", "set-cookie", "X-Frame-Options", "X-Frame-Options"])
    #expect(headers[3]["value"]?.text == "DENY")
    #expect(headers[4]["value"]?.text == "SAMEORIGIN")
    // Cookie values are secrets; the attributes stay readable in `masked`.
    for index in [0, 2] {
      guard case .secret? = headers[index]["value"]?.value else {
        Issue.record("Set-Cookie \(index) is not a secret: \(String(describing: headers[index]["value"]))")
        continue
      }
    }
    #expect(headers[0]["masked"]?.text == "session=****; Path=/; Secure; HttpOnly")
    #expect(headers[2]["value"]?.location?.path == "log.entries[0].response.headers[2].value")
    #expect(headers[2]["value"]?.location?.line == 12)
    let request = exchange.lookup("request.headers")?.items ?? []
    #expect(request.compactMap { $0["name"]?.text } == ["Host", "Authorization", "Cookie"])
    if case .secret? = request[1]["value"]?.value {} else { Issue.record("Authorization is not a secret") }
    #expect(request[1]["masked"]?.text == "Bearer ****")
    // The body by reference only.
    let body = try #require(exchange.lookup("response.body"))
    #expect(body["length"]?.value == .integer(13))
    #expect(body["media_type"]?.text == "text/html")
    #expect(body["ref"]?.text == "log.entries[0].response.content.text")
    #expect(!FactJSON.render(file).serialized(pretty: false).contains("<html></html>"))
  }

  @Test func parapetFactsPrintsTheRawLayerWithoutCookieValues() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    for extra in [[], ["--values"]] {
      let run = try ParapetProcess.run(["facts", folder.path] + extra)
      #expect(run.status == 0, "\(run.stderr)")
      for value in Self.cookieValues + ["eyJhbGciOiJIUzI1NiJ9"] {
        #expect(!run.stdout.contains(value), "parapet facts \(extra) printed \(value)")
      }
      let data = Data(run.stdout.utf8)
      let json = try JSONSerialization.jsonObject(with: data)
      let headers = Self.headerNames(json, values: !extra.isEmpty)
      #expect(headers == ["Set-Cookie", "content-type", "set-cookie", "X-Frame-Options", "X-Frame-Options"])
    }
  }

  /// Response header names of the first exchange in `parapet facts` JSON (with or without
  /// `--values`).
  static func headerNames(_ json: Any, values: Bool) -> [String] {
    func plain(_ node: Any?) -> Any? {
      guard !values, let map = node as? [String: Any], map["kind"] != nil else { return node }
      return map["value"]
    }
    guard let top = plain(json) as? [String: Any], let raw = plain(top["raw"]) as? [String: Any],
      let http = plain(raw["http"]) as? [String: Any], let root = plain(http["shop.har"]) as? [String: Any],
      let exchanges = plain(root["exchanges"]) as? [Any],
      let exchange = plain(exchanges.first) as? [String: Any],
      let response = plain(exchange["response"]) as? [String: Any],
      let headers = plain(response["headers"]) as? [Any]
    else { return [] }
    return headers.compactMap { header in
      (plain(header) as? [String: Any]).flatMap { plain($0["name"]) as? String }
    }
  }

  @Test func curlRedirectChainIsEveryResponseAsWritten() throws {
    let (facts, errors) = HTTPFixtures.read(HTTPFixtures.file("http/redirect-chain.http"), with: CurlDumpReader())
    #expect(errors.isEmpty, "\(errors)")
    let file = try #require(facts.at("raw", "http", "redirect-chain.http"))
    #expect(file["format"]?.text == "curl")
    let exchanges = file["exchanges"]?.items ?? []
    // The 301, then the 200 (the interim 100 Continue is not a response of the chain).
    #expect(exchanges.compactMap { $0.lookup("response.status")?.value } == [.integer(301), .integer(200)])
    #expect(exchanges.compactMap { $0.lookup("request.url")?.text } == ["http://app.example.com/login", "https://app.example.com/login/"])
    #expect(exchanges.compactMap { $0["chain"]?.value } == [.integer(1), .integer(1)])
    #expect(exchanges[0].lookup("response.status_text")?.text == "Moved Permanently")
    #expect(exchanges[0].lookup("response.status")?.line == 2)
    let redirect = exchanges[0].lookup("response.headers")?.items ?? []
    #expect(redirect.compactMap { $0["name"]?.text } == ["Server", "Location", "Content-Length"])
    #expect(redirect[1]["value"]?.text == "https://app.example.com/login/")
    #expect(redirect[1].line == 4)
    #expect(exchanges[0].lookup("response.body") == nil)
    let final = exchanges[1]
    #expect(final.lookup("response.http_version")?.text == "HTTP/2")
    let headers = final.lookup("response.headers")?.items ?? []
    #expect(headers.compactMap { $0["name"]?.text } == ["content-type", "set-cookie", "set-cookie", "x-frame-options", "x-custom"])
    #expect(headers[4]["value"]?.text == "first continued")
    if case .secret? = headers[2]["value"]?.value {} else { Issue.record("the session cookie is not a secret") }
    #expect(headers[2]["masked"]?.text == "sessionid=****; HttpOnly; Path=/; SameSite=Lax; Secure")
    let body = try #require(final.lookup("response.body"))
    #expect(body["media_type"]?.text == "text/html")
    #expect(body["ref"]?.text == "lines 17-21")
    #expect(body.line == 17)
    #expect(body["length"]?.isKnown == true)
  }

  @Test func warcExchangesTakeTheRequestFromItsRecord() throws {
    func record(_ type: String, _ fields: String, _ block: String) -> String {
      "WARC/1.1\r\nWARC-Type: \(type)\r\nWARC-Target-URI: http://example.org/home\r\n\(fields)"
        + "Content-Length: \(block.utf8.count)\r\n\r\n\(block)\r\n\r\n"
    }
    let request = "GET /home HTTP/1.1\r\nHost: example.org\r\nCookie: sid=Qw3rtyUiop99\r\n\r\n"
    let response = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nSet-Cookie: sid=Asdfgh12345; Path=/\r\n"
      + "Content-Length: 13\r\n\r\n<html></html>"
    let text = record("request", "WARC-Record-ID: <urn:uuid:1>\r\n", request)
      + record("response", "WARC-Record-ID: <urn:uuid:2>\r\nWARC-Concurrent-To: <urn:uuid:1>\r\n", response)
    let (facts, errors) = HTTPFixtures.read(HTTPFixtures.file(named: "site.warc", text: text), with: WARCReader())
    #expect(errors.isEmpty, "\(errors)")
    let exchange = try #require(facts.at("raw", "http", "site.warc", "exchanges", "1"))
    #expect(facts.at("raw", "http", "site.warc", "format")?.text == "warc")
    #expect(exchange.lookup("request.method")?.text == "GET")
    #expect(exchange.lookup("request.target")?.text == "/home")
    #expect(exchange.lookup("request.url")?.text == "http://example.org/home")
    let sent = exchange.lookup("request.headers")?.items ?? []
    #expect(sent.compactMap { $0["name"]?.text } == ["Host", "Cookie"])
    if case .secret? = sent[1]["value"]?.value {} else { Issue.record("the request Cookie is not a secret") }
    #expect(exchange.lookup("response.status")?.value == .integer(200))
    #expect(exchange.lookup("response.body.length")?.value == .integer(13))
    #expect(exchange.lookup("response.body.ref")?.text?.hasPrefix("the response record at line") == true)
    let rendered = FactJSON.render(facts.fact).serialized(pretty: false)
    for secret in ["Qw3rtyUiop99", "Asdfgh12345", "<html></html>"] { #expect(!rendered.contains(secret)) }
  }

  @Test func theObservatoryViewIsUnchangedByTheRawLayer() throws {
    // http.sites is built from the same exchanges; the raw layer only adds `raw`.
    let (facts, _) = HTTPFixtures.read(HTTPFixtures.file("http/redirect-chain.http"), with: CurlDumpReader())
    #expect(Set(facts.root.keys) == ["http", "raw"])
    #expect(HTTPFixtures.sites(facts).count == 1)
  }
}
