import Foundation
import ParapetEvidence
import ParapetFacts
import Testing

@Suite("HTTP: HAR reader")
struct HTTPHARReaderTests {
  let reader = HARReader()

  @Test("claims .har files and HAR-shaped .json files only")
  func claims() {
    #expect(reader.claims(HTTPFixtures.file("http/chrome-sanitized.har")))
    #expect(reader.claims(HTTPFixtures.file(named: "capture.json", text: "{\"log\": {\"entries\": []}}")))
    #expect(!reader.claims(HTTPFixtures.file(named: "package.json", text: "{\"name\": \"x\"}")))
    #expect(!reader.claims(HTTPFixtures.file(named: "notes.txt", text: "{\"log\": {\"entries\": []}}")))
  }

  @Test("Chrome's sanitized export: redirect chain linked, base64 body decoded, cookies unknown")
  func chromeSanitized() throws {
    let (facts, errors) = HTTPFixtures.read(HTTPFixtures.file("http/chrome-sanitized.har"), with: reader)
    #expect(errors.isEmpty)
    let sites = HTTPFixtures.sites(facts)
    try #require(sites.count == 1)
    let site = sites[0]
    #expect(site.at("host")?.string == "shop.example.com")
    #expect(site.at("scheme")?.string == "https")
    #expect(site.at("http_chain.hops").map(\.array.count) == 2)
    #expect(site.at("http_chain.hops.2.url")?.string == "https://shop.example.com/")
    #expect(site.at("https_chain.hops.1.status")?.int == 200)
    #expect(site.at("html.scripts.1.integrity")?.string == "sha384-abc")
    #expect(site.at("html.scripts.1.registrable_domain")?.string == "example.net")
    // Sanitized: Set-Cookie was removed by the browser, so cookies are unknown, not absent.
    let cookies = facts.lookup("http.sites.1.cookies")
    #expect(cookies?.isKnown == false)
    // Certificates are not recorded in a Chrome HAR.
    #expect(facts.lookup("http.sites.1.https_chain.cert_valid")?.isKnown == false)
  }

  @Test("Firefox: duplicate headers kept, synthetic X-Firefox-Spdy left out of merging, no body")
  func firefox() throws {
    let (facts, errors) = HTTPFixtures.read(HTTPFixtures.file("http/firefox.har"), with: reader)
    #expect(errors.isEmpty)
    let site = try #require(HTTPFixtures.sites(facts).first)
    #expect(site.at("hsts.value")?.string == "max-age=31536000, max-age=31536000")
    #expect(site.at("hsts.count")?.int == 2)
    #expect(site.at("headers.x-firefox-spdy") == nil)
    #expect(site.at("https_chain.cert_valid")?.bool == true)
    #expect(facts.lookup("http.sites.1.html")?.isKnown == false)
    #expect(facts.lookup("http.sites.1.http_chain")?.isKnown == false)
    let jar = site.at("cookies.jar")?.array ?? []
    #expect(jar.compactMap { $0.at("name")?.string } == ["wp_session", "__Host-id"])
    #expect(site.at("cookies.rejected.1.name")?.string == "__Secure-x")
    // Every header fact points at its line in the HAR.
    let hstsLine = facts.lookup("http.sites.1.hsts.value")?.location?.line
    #expect(hstsLine == 22)
  }

  @Test("malformed JSON gives one error with line and column")
  func malformed() {
    let (facts, errors) = HTTPFixtures.read(HTTPFixtures.file("http/malformed.har"), with: reader)
    #expect(errors.count == 1)
    #expect(errors.first?.location.line == 8)
    #expect(errors.first?.description.contains("expected ','") == true)
    #expect(facts.lookup("http.sites") == nil)
  }

  @Test("a JSON file without log.entries is refused clearly")
  func notAHAR() {
    let (_, errors) = HTTPFixtures.read(HTTPFixtures.file("http/not-a-har.har"), with: reader)
    #expect(errors.first?.message.contains("\"log\"") == true)
    #expect(errors.first?.location.line == 1)
  }

  @Test("bad entries are reported and skipped, good ones kept")
  func badEntries() {
    let text = """
      {"log": {"creator": {"name": "x"}, "entries": [
        42,
        {"request": {"method": "GET", "url": "https://ok.example/"},
         "response": {"status": "200", "headers": [{"name": "X-Frame-Options", "value": "DENY"}]}}
      ]}}
      """
    let (facts, errors) = HTTPFixtures.read(HTTPFixtures.file(named: "x.har", text: text), with: reader)
    #expect(errors.count == 1)
    #expect(errors.first?.location.line == 2)
    let site = HTTPFixtures.sites(facts).first
    #expect(site?.at("status")?.int == 200)
    #expect(site?.at("headers.x-frame-options")?.string == "DENY")
  }

  @Test("any bytes give facts or errors, never a crash", arguments: [
    "", "{", "[]", "{\"log\": 1}", "{\"log\": {\"entries\": [{}]}}", "\u{FEFF}{\"log\":{\"entries\":[]}}",
    "{\"log\":{\"entries\":[{\"request\":{},\"response\":{\"status\":301,\"headers\":[{\"name\":\"Location\",\"value\":\"::\"}]}}]}}",
  ])
  func total(_ text: String) {
    _ = HTTPFixtures.read(HTTPFixtures.file(named: "fuzz.har", text: text), with: reader)
  }
}
