import Foundation
import ParapetEvidence
import ParapetFacts
import Testing

/// Which requests of a capture are sites: what the browser navigated to, never a beacon, a
/// malformed URL or a cached repeat view; and the capture's own page marked.
@Suite("HTTP: navigations in real-world captures")
struct CaptureNavigationTests {
  let reader = HARReader()

  /// A HAR entry as browsers export it.
  static func entry(
    _ method: String, _ url: String, status: Int, type: String? = nil, pageref: String? = nil,
    contentType: String? = nil, initiator: String? = nil, requestCookie: Bool = false
  ) -> String {
    var extras = ""
    if let type { extras += ", \"_resourceType\": \"\(type)\"" }
    if let pageref { extras += ", \"pageref\": \"\(pageref)\"" }
    if let initiator { extras += ", \"_initiator\": {\"type\": \"\(initiator)\"}" }
    let headers = contentType.map { "[{\"name\": \"content-type\", \"value\": \"\($0)\"}]" } ?? "[]"
    let requestHeaders = requestCookie ? "[{\"name\": \"Cookie\", \"value\": \"a=b\"}]" : "[]"
    return """
      {"request": {"method": "\(method)", "url": "\(url)", "headers": \(requestHeaders)},
       "response": {"status": \(status), "headers": \(headers), "content": {}}\(extras)}
      """
  }

  static func har(_ entries: [String], pages: [String] = [], creator: String = "WebPagetest") -> EvidenceFile {
    let pageList = pages.map { "{\"id\": \"\($0)\"}" }.joined(separator: ", ")
    return HTTPFixtures.file(named: "capture.har", text: """
      {"log": {"creator": {"name": "\(creator)"}, "pages": [\(pageList)],
       "entries": [\(entries.joined(separator: ",\n"))]}}
      """)
  }

  func hosts(_ file: EvidenceFile) -> [(host: String, page: Bool)] {
    let (facts, errors) = HTTPFixtures.read(file, with: reader)
    #expect(errors.isEmpty)
    return HTTPFixtures.sites(facts).map { ($0.at("host")?.string ?? "?", $0.at("capture_page")?.bool ?? false) }
  }

  @Test("a POST beacon to / on an analytics host is not a site")
  func beaconIsNotASite() {
    let sites = hosts(Self.har([
      Self.entry("GET", "https://shop.example/", status: 200, contentType: "text/html"),
      Self.entry("POST", "https://analytics.example/", status: 204),
    ]))
    #expect(sites.map(\.host) == ["shop.example"])
    #expect(sites.first?.page == true)
  }

  @Test("a URL whose host is not a valid host name is not a site (WebPageTest's fonts.googleapis.com400,700)")
  func malformedHostIsNotASite() {
    let sites = hosts(Self.har([
      Self.entry("GET", "https://www.example.org/", status: 200, contentType: "text/html"),
      Self.entry("GET", "https://fonts.googleapis.com400,700/", status: 200, contentType: "text/html"),
    ]))
    #expect(sites.map(\.host) == ["www.example.org"])
  }

  @Test("HAR pages: each page's navigation is a site; a cached repeat view with only a beacon is not")
  func pagesDecideNavigations() {
    let sites = hosts(Self.har([
      Self.entry("GET", "http://www.example.org/", status: 301, pageref: "page_1_0"),
      Self.entry("GET", "https://www.example.org/", status: 200, pageref: "page_1_0", contentType: "text/html"),
      Self.entry("GET", "https://cdn.example.net/app.js", status: 200, pageref: "page_1_0", contentType: "text/javascript"),
      Self.entry("GET", "https://ssl.analytics.example/__utm.gif", status: 200, pageref: "page_1_1", contentType: "image/gif"),
      Self.entry("GET", "https://docs.example.org/", status: 200, pageref: "page_2_0", contentType: "text/html"),
    ], pages: ["page_1_0", "page_1_1", "page_2_0"]))
    #expect(sites.map(\.host) == ["www.example.org", "docs.example.org"])
    #expect(sites.map(\.page) == [true, false])
  }

  @Test("Chrome resource types: frames and scripts are not navigations; a browser-initiated document is")
  func resourceTypes() {
    let sites = hosts(Self.har([
      Self.entry("GET", "https://news.example/", status: 200, type: "document", contentType: "text/html", initiator: "other"),
      Self.entry("GET", "https://ads.example/", status: 200, type: "document", contentType: "text/html", initiator: "parser"),
      Self.entry("GET", "https://cdn.example/", status: 200, type: "script", contentType: "text/javascript"),
      Self.entry("GET", "https://other.example/", status: 200, type: "document", contentType: "text/html", initiator: "other"),
    ], creator: "WebInspector"))
    #expect(sites.map(\.host) == ["news.example", "other.example"])
  }

  @Test("a Chrome export whose requests send cookies was not sanitized: cookies are known")
  func requestCookiesMeanNotSanitized() {
    let file = Self.har([
      Self.entry("GET", "https://news.example/", status: 200, type: "document", contentType: "text/html", requestCookie: true),
    ], creator: "WebInspector")
    let (facts, _) = HTTPFixtures.read(file, with: reader)
    let site = HTTPFixtures.sites(facts).first
    #expect(site?.at("cookies.jar") != nil)
    let sanitized = Self.har([
      Self.entry("GET", "https://news.example/", status: 200, type: "document", contentType: "text/html"),
    ], creator: "WebInspector")
    let (stripped, _) = HTTPFixtures.read(sanitized, with: reader)
    #expect(HTTPFixtures.sites(stripped).first?.at("cookies.jar") == nil)
  }

  @Test("redirect linking stays linear: 5,000 hosts, each redirecting once")
  func manyHostsLinkInOnePass() {
    var entries: [String] = []
    for number in 0..<5_000 {
      entries.append(Self.entry("GET", "http://h\(number).example/", status: 301))
    }
    // Location headers are missing on purpose: the linker must still visit each entry once.
    let sites = hosts(Self.har(entries))
    #expect(sites.count == 1)
  }
}

/// Responses with very many headers of one name are read whole: every Set-Cookie reaches the
/// jar. That the cost is linear in their number (the header merge and the cookie jar change
/// entries in place) is measured by `make bench` (bench/linearity.py, `curl-set-cookie`).
@Suite("HTTP: many Set-Cookie headers")
struct ManySetCookieTests {
  static func dump(_ count: Int) -> EvidenceFile {
    var text = "# url: https://example.com/\nHTTP/1.1 200 OK\ncontent-type: text/html\n"
    for number in 0..<count { text += "set-cookie: c\(number)=v\(number); Path=/; Secure\n" }
    return HTTPFixtures.file(named: "cookies.http", text: text + "\n<html></html>\n")
  }

  @Test func everyCookieIsInTheJar() {
    let reader = CurlDumpReader()
    let (small, _) = HTTPFixtures.read(Self.dump(2_000), with: reader)
    let (large, _) = HTTPFixtures.read(Self.dump(8_000), with: reader)
    #expect(HTTPFixtures.sites(small).first?.at("cookies.jar")?.array.count == 2_000)
    #expect(HTTPFixtures.sites(large).first?.at("cookies.jar")?.array.count == 8_000)
  }
}
