import Foundation
import ParapetEvidence
import ParapetFacts
import Testing

@Suite("HTTP: curl dump reader")
struct HTTPCurlDumpReaderTests {
  let reader = CurlDumpReader()

  @Test("claims by extension or by a leading HTTP/ status line")
  func claims() {
    #expect(reader.claims(HTTPFixtures.file(named: "site.http", text: "")))
    #expect(reader.claims(HTTPFixtures.file(named: "headers.txt", text: "HTTP/2 200\n\n")))
    #expect(!reader.claims(HTTPFixtures.file(named: "notes.txt", text: "hello")))
  }

  @Test("curl -i -L with CRLF: redirect hop, 100 Continue skipped, HTTP/2, folding, body")
  func redirectChain() throws {
    let (facts, errors) = HTTPFixtures.read(HTTPFixtures.file("http/redirect-chain.http"), with: reader)
    #expect(errors.isEmpty)
    let site = try #require(HTTPFixtures.sites(facts).first)
    let hops = site.at("http_chain.hops")?.array ?? []
    #expect(hops.map { $0.at("status")?.int } == [301, 200])
    #expect(hops.map { $0.at("url")?.string } == ["http://app.example.com/login", "https://app.example.com/login/"])
    #expect(hops.last?.at("http_version")?.string == "HTTP/2")
    // curl verified the certificate: the command has no -k.
    #expect(hops.last?.at("cert_valid")?.bool == true)
    let custom = hops.last?.at("headers")?.array.first { $0.at("name")?.string == "x-custom" }
    #expect(custom?.at("value")?.string == "first continued")
    #expect(site.at("html.meta_csp.1")?.string == "default-src 'self'")
    #expect(site.at("csp.combined.directives.default-src.1")?.string == "'self'")
    // The script's fact points at its line in the dump file.
    #expect(facts.lookup("http.sites.1.html.scripts.1.src")?.location?.line == 20)
    #expect(facts.lookup("http.sites.1.cookies.jar.1.name")?.location?.line == 11)
  }

  @Test("two chains in one file make one site with both")
  func twoChains() throws {
    let (facts, errors) = HTTPFixtures.read(HTTPFixtures.file("http/two-chains.curl"), with: reader)
    #expect(errors.isEmpty)
    let sites = HTTPFixtures.sites(facts)
    try #require(sites.count == 1)
    #expect(sites[0].at("https_chain.reachable")?.bool == true)
    #expect(sites[0].at("http_chain.hops.1.status")?.int == 200)
    #expect(sites[0].at("hsts.max_age")?.int == 300)
    #expect(sites[0].at("scheme")?.string == "https")
  }

  @Test("a header line without a colon is an error with its line")
  func badHeader() {
    let (facts, errors) = HTTPFixtures.read(HTTPFixtures.file("http/bad-header.headers"), with: reader)
    #expect(errors.count == 1)
    #expect(errors.first?.location.line == 3)
    // What could be read is kept; the URL is unknown.
    #expect(facts.lookup("http.sites.1.host")?.isKnown == false)
    #expect(facts.lookup("http.sites.1.headers.content-type")?.value == .string("text/html"))
  }

  @Test("a file without any status line says so")
  func empty() {
    let (_, errors) = HTTPFixtures.read(HTTPFixtures.file("http/empty.http"), with: reader)
    #expect(errors.contains { $0.message.contains("no HTTP status line") })
  }

  @Test("curl -v output: only the '< ' lines count")
  func verbose() throws {
    let text = """
      $ curl -v https://v.example.com/
      * Connected to v.example.com
      > GET / HTTP/2
      > Host: v.example.com
      >
      < HTTP/2 200
      < content-type: text/html
      < x-frame-options: SAMEORIGIN
      <
      <p>hi</p>
      """
    let (facts, errors) = HTTPFixtures.read(HTTPFixtures.file(named: "v.http", text: text), with: reader)
    #expect(errors.isEmpty)
    let site = try #require(HTTPFixtures.sites(facts).first)
    #expect(site.at("headers.x-frame-options")?.string == "SAMEORIGIN")
    #expect(site.at("html.body_length")?.int == 9)
  }
}

@Suite("HTTP: curl dumps with and without their URL")
struct CurlDumpURLTests {
  let reader = CurlDumpReader()

  @Test("a dump is recognised by its content whatever its name: a # url: marker, then a status line")
  func claimsByContent() {
    #expect(reader.claims(HTTPFixtures.file(named: "capture.txt", text: "# url: https://example.com/\nHTTP/1.1 200 OK\n\n")))
    #expect(reader.claims(HTTPFixtures.file(named: "out", text: "$ curl -sS -i -L https://example.com/\n\nHTTP/2 200\n\n")))
    #expect(reader.claims(HTTPFixtures.file(named: "verbose.log", text: "* Trying 1.2.3.4\n> GET / HTTP/1.1\n< HTTP/1.1 200 OK\n")))
    #expect(!reader.claims(HTTPFixtures.file(named: "notes.txt", text: "# url: https://example.com/\nsome notes\n")))
    #expect(!reader.claims(HTTPFixtures.file(named: "README.md", text: "# Title\n\nHTTP/1.1 is a protocol\n")))
  }

  @Test("without a URL, the cookie jar is unknown (never 'no cookies'), and the host is unknown")
  func noURLMeansUnknownCookies() {
    let file = HTTPFixtures.file(named: "dump.http", text: "HTTP/1.1 200 OK\nset-cookie: sid=1\n\n")
    let (facts, _) = HTTPFixtures.read(file, with: reader)
    let site = HTTPFixtures.sites(facts).first
    #expect(site?.at("cookies") == nil || site?.at("cookies.jar") == nil)
    #expect(site?.at("host")?.string == nil)
  }

  @Test("--url (the reader option http.url) names the URL of a dump that has none")
  func urlOption() throws {
    let file = HTTPFixtures.file(named: "dump.http", text: "HTTP/1.1 200 OK\nset-cookie: sid=1\n\n")
    var facts = FactTree()
    try reader.read(file, into: &facts, context: ScanContext(options: ["http.url": "https://shop.example/"]))
    let site = try #require(HTTPFixtures.sites(facts).first)
    #expect(site.at("host")?.string == "shop.example")
    #expect(site.at("cookies.jar")?.array.count == 1)
  }
}
