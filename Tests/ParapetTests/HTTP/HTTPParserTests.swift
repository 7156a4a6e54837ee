import Foundation
import ParapetEvidence
import ParapetFacts
import Testing

@Suite("HTTP: Set-Cookie, cookie jar, CSP, HTML, structured fields, header merging")
struct HTTPParserTests {
  // MARK: Set-Cookie (RFC 6265 §5.2 as tough-cookie applies it)

  @Test("Django's cookie shape: comma in Expires is not a separator")
  func djangoCookie() throws {
    let cookie = try SetCookieParser.parse(
      "csrftoken=abc; expires=Wed, 24 Nov 2027 08:33:30 GMT; Max-Age=31449600; Path=/; SameSite=Lax"
    ).get()
    #expect(cookie.name == "csrftoken")
    #expect(cookie.maxAge == 31_449_600)
    #expect(cookie.sameSite == "lax")
    #expect(cookie.expires.map(CookieDate.iso) == "2027-11-24T08:33:30.000Z")
    #expect(cookie.path == "/")
  }

  @Test("Nmap's regression shapes: empty attributes, quotes kept, attribute named value, trailing ;")
  func regressionShapes() throws {
    let a = try SetCookieParser.parse("id=\"a b\"; ; Path=/;;Secure; value=x; HttpOnly;").get()
    #expect(a.value == "\"a b\"")
    #expect(a.secure && a.httpOnly)
    #expect(a.extensions == ["value=x"])
    let b = try SetCookieParser.parse("k=v; path=/bbb/ccc,ddd/eee; SAMESITE=None; secure").get()
    #expect(b.path == "/bbb/ccc,ddd/eee")
    #expect(b.sameSite == "none")
    #expect(b.secure)
    let c = try SetCookieParser.parse("k=v; SameSite=Lax; SameSite=bogus").get()
    #expect(c.sameSite == nil)
    #expect(c.sameSiteRaw == "bogus")
  }

  @Test("rejected pairs: no '=', empty name, control characters")
  func rejections() {
    #expect(throws: SetCookieParser.RejectionError.self) { try SetCookieParser.parse("novalue").get() }
    #expect(throws: SetCookieParser.RejectionError.self) { try SetCookieParser.parse("=v; Path=/").get() }
    #expect(throws: SetCookieParser.RejectionError.self) { try SetCookieParser.parse("a=b\u{01}c").get() }
  }

  @Test("the Observatory's raw SameSite reading")
  func rawSameSite() {
    #expect(SetCookieParser.rawSameSiteValues("a=b; SameSite") == [""])
    #expect(SetCookieParser.rawSameSiteValues("a=b; samesite=Lax=x") == ["Lax"])
    #expect(SetCookieParser.rawSameSiteValues("a=b; Secure").isEmpty)
  }

  @Test("cookie dates: any token order, two-digit years")
  func cookieDates() {
    #expect(CookieDate.parse("Thu, 19 Nov 26 08:00:00 GMT").map(CookieDate.iso) == "2026-11-19T08:00:00.000Z")
    #expect(CookieDate.parse("08:00:00 1999 Nov 19").map(CookieDate.iso) == "1999-11-19T08:00:00.000Z")
    #expect(CookieDate.parse("yesterday") == nil)
  }

  // MARK: Cookie jar

  @Test("jar: foreign and public-suffix domains rejected, prefixes enforced, same key replaced, expired kept")
  func jar() {
    var jar = CookieJar()
    func set(_ text: String, _ url: String = "https://www.example.co.uk/app/page") {
      jar.set(HTTPHeaderField(name: "Set-Cookie", value: text), from: url)
    }
    set("a=1; Domain=other.example")
    set("b=1; Domain=co.uk")
    set("c=1; Domain=.example.co.uk")
    set("__Secure-d=1")
    set("__Host-e=1; Secure")  // default path is /app, so the __Host- rule fails
    set("__Host-f=1; Secure; Path=/")
    set("g=1; Max-Age=0")
    set("g=2; Max-Age=0")
    set("h=1; Domain=github.io", "https://me.github.io/")
    #expect(jar.entries.map(\.cookie.name) == ["c", "__Host-f", "g"])
    #expect(jar.entries.last?.cookie.value == "2")
    #expect(jar.entries.first?.domain == "example.co.uk")
    #expect(jar.entries.first?.hostOnly == false)
    #expect(jar.rejected.count == 5)
    #expect(CookieJar.defaultPath("/app/page") == "/app")
    #expect(CookieJar.defaultPath("/") == "/")
  }

  @Test("public suffixes: ICANN and private rules, wildcards and exceptions")
  func publicSuffixes() {
    let list = PublicSuffixList.shared
    #expect(list.registrableDomain(of: "static.example.com", includePrivate: false) == "example.com")
    #expect(list.registrableDomain(of: "a.b.example.co.uk", includePrivate: false) == "example.co.uk")
    #expect(list.registrableDomain(of: "me.github.io", includePrivate: false) == "github.io")
    #expect(list.registrableDomain(of: "me.github.io", includePrivate: true) == "me.github.io")
    #expect(list.registrableDomain(of: "com", includePrivate: false) == nil)
    #expect(list.registrableDomain(of: "192.0.2.1", includePrivate: false) == nil)
    #expect(list.registrableDomain(of: "host.notarealtld", includePrivate: false) == "host.notarealtld")
    #expect(list.registrableDomain(of: "www.ck", includePrivate: false) == "www.ck")
  }

  // MARK: CSP

  @Test("Observatory CSP parse: lower-casing, empty -src is 'none', prefix swallowing")
  func cspParse() throws {
    let parsed = try CSPParser.observatory([
      "Default-Src 'SELF'; img-src; script-src https: https://cdn.example.com 'self'"
    ])
    #expect(parsed.directives["default-src"] == ["'self'"])
    #expect(parsed.directives["img-src"] == ["'none'"])
    #expect(parsed.directives["script-src"] == ["'self'", "https:"])
  }

  @Test("Observatory CSP parse: invalid forms")
  func cspInvalid() {
    #expect(throws: CSPParser.Invalid.self) { try CSPParser.observatory(["img-src 'self'", ""]) }
    #expect(throws: CSPParser.Invalid.self) { try CSPParser.observatory(["script-src a; script-src b"]) }
    #expect(throws: CSPParser.Invalid.self) { try CSPParser.observatory(["a"]) }
  }

  @Test("Observatory CSP parse: duplicate report-uri warns; several policies intersect")
  func cspCombine() throws {
    let warned = try CSPParser.observatory(["default-src 'self'; report-uri /a; report-uri /b"])
    #expect(warned.duplicateWarnings == ["report-uri"])
    let two = try CSPParser.observatory([
      "default-src 'self' https://a.example; object-src 'none'",
      "default-src 'self'; script-src 'self'",
    ])
    #expect(two.directives["default-src"] == ["'self'"])
    #expect(two.directives["object-src"] == ["'none'"])
    #expect(two.directives["script-src"] == ["'none'"])
    #expect(CSPParser.splitPolicies("a 'self', b 'self',") == ["a 'self'", "b 'self'", ""])
  }

  @Test("browser view of a policy: first directive wins")
  func cspBrowser() {
    let policy = CSPParser.policy("script-src 'self'; SCRIPT-SRC *; img-src data:")
    #expect(policy.directives["script-src"] == ["'self'"])
    #expect(policy.repeated == ["script-src"])
  }

  // MARK: HTML

  @Test("tokenizer: quoting, case, comments, raw text, entities, first attribute wins")
  func html() {
    let html = """
      <!DOCTYPE html><html><HEAD>
      <!-- <script src="/commented.js"></script> -->
      <META HTTP-EQUIV=" Content-Security-Policy " CONTENT="default-src 'none'">
      <meta name=referrer content=no-referrer>
      <meta name="referrer" content="origin" http-equiv="x">
      <style>p { content: "<script src=/in-style.js>" }</style>
      <title><script src="/in-title.js"></script></title>
      <script SRC='https://cdn.example.net/a.js?x=1&amp;y=2' src="/second.js" Integrity = "sha384-x" crossorigin></script>
      <script>var s = "<script src='/inline.js'></script>";</script>
      <script src=/plain.js defer></script>
      <noscript><meta http-equiv="Content-Security-Policy" content="img-src 'self'"></noscript>
      """
    let evidence = HTMLEvidence(html: html)
    #expect(evidence.cspMetas.map(\.content) == ["default-src 'none'", "img-src 'self'"])
    #expect(evidence.referrer == "no-referrer")
    #expect(evidence.scripts.map(\.src) == ["https://cdn.example.net/a.js?x=1&y=2", nil, "/plain.js"])
    #expect(evidence.scripts.first?.integrity == "sha384-x")
    #expect(evidence.scripts.first?.crossorigin == "")
    #expect(evidence.scripts.first?.line == 8)
  }

  @Test("tokenizer: htmlparser2 12 raw-text tags, self-closing special tags, plaintext")
  func htmlSpecialTags() {
    let html = """
      <script src="/a.js"/>
      <script src="http://cdn.other.net/hidden.js"></script>
      <iframe><script src="/in-iframe.js"></script></iframe>
      <noembed><script src="/in-noembed.js"></script></noembed>
      <noframes><script src="/in-noframes.js"></script></noframes>
      <!-- a comment --!><br/><script src="/b.js"></script>
      <plaintext><script src="/after-plaintext.js"></script>
      """
    #expect(HTMLEvidence(html: html).scripts.map(\.src) == ["/a.js", "/b.js"])
    // A start tag cut off by the end of the document is not a tag.
    #expect(HTMLEvidence(html: "<script src=\"/c.js\"></script><script src=\"/cut.js\"").scripts.map(\.src) == ["/c.js"])
  }

  @Test("page text: bodies as the Observatory's client (axios JSON parsing) leaves them")
  func pageText() {
    #expect(ObservatoryPageText.of("<p>hi</p>") == .text("<p>hi</p>"))
    #expect(ObservatoryPageText.of("\u{FEFF}<p>hi</p>") == .text("<p>hi</p>"))
    #expect(ObservatoryPageText.of("") == .text(""))
    #expect(ObservatoryPageText.of(" {\"a\": [1, {\"b\": null}]}\n") == .unparseable("object"))
    #expect(ObservatoryPageText.of("[1]") == .unparseable("array"))
    #expect(ObservatoryPageText.of("[ ]") == .text(""))
    #expect(ObservatoryPageText.of("true") == .unparseable("true"))
    #expect(ObservatoryPageText.of("-12.5e3") == .unparseable("number"))
    for falsy in ["null", "false", "0", "-0", "0.0e9", "\"\""] {
      #expect(ObservatoryPageText.of(falsy) == .text(""))
    }
    #expect(ObservatoryPageText.of("\"<script src=\\\"/x.js\\\"></script>\\u00e9\"")
      == .text("<script src=\"/x.js\"></script>\u{E9}"))
    // Not JSON: the text itself.
    for text in ["{a: 1}", "[1,]", "01", "tru", "{\"a\":1}}", "\"a\tb\"", "1 2", "[[[["] {
      #expect(ObservatoryPageText.of(text) == .text(text))
    }
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    #expect(ObservatoryPageText.of(deep) == .unparseable("array"))
  }

  @Test("tokenizer is total and linear on hostile input", arguments: [
    "<", "<<<<", "<a", "<a b='", "<!--", "<script>", "<script></scrip", "&#x110000;&#0;&amp",
    String(repeating: "<a ", count: 20_000), String(repeating: "<!--", count: 20_000),
  ])
  func htmlTotal(_ html: String) {
    _ = HTMLTokenizer.startTags(html)
    _ = HTMLEvidence(html: html)
  }

  // MARK: Structured fields, HSTS, merging

  @Test("structured-field items: only a bare token counts")
  func structured() {
    #expect(StructuredFieldItem.parse("same-origin")?.token == "same-origin")
    #expect(StructuredFieldItem.parse("same-origin; report-to=\"coop\"")?.token == "same-origin")
    #expect(StructuredFieldItem.parse("Same-Origin")?.token == "Same-Origin")
    #expect(StructuredFieldItem.parse("\"same-origin\"")?.token == nil)
    #expect(StructuredFieldItem.parse("\"same-origin\"") != nil)
    #expect(StructuredFieldItem.parse("same-origin, same-origin") == nil)
    #expect(StructuredFieldItem.parse("") == nil)
  }

  @Test("HSTS browser view")
  func hsts() {
    let good = HSTSHeader("max-age=\"31536000\"; includeSubDomains; preload")
    #expect(good.valid && good.maxAge == 31_536_000 && good.includeSubDomains && good.preload)
    #expect(!HSTSHeader("includeSubDomains").valid)
    #expect(!HSTSHeader("max-age=1; max-age=2").valid)
    #expect(!HSTSHeader("max-age=abc").valid)
  }

  @Test("Node's header merging: first-wins, Set-Cookie list, others joined")
  func merging() {
    let fields = [
      HTTPHeaderField(name: "Content-Type", value: "text/html"),
      HTTPHeaderField(name: "content-type", value: "application/json"),
      HTTPHeaderField(name: "X-Frame-Options", value: " DENY "),
      HTTPHeaderField(name: "x-frame-options", value: "SAMEORIGIN"),
      HTTPHeaderField(name: "Set-Cookie", value: "a=1"),
      HTTPHeaderField(name: "Set-Cookie", value: "b=2"),
      HTTPHeaderField(name: ":status", value: "200"),
    ]
    let merged = HTTPHeaderMerge.merge(fields)
    #expect(merged["content-type"]?.value == "text/html")
    #expect(merged["x-frame-options"]?.value == "DENY, SAMEORIGIN")
    #expect(merged["set-cookie"]?.fields.count == 2)
    #expect(merged[":status"] == nil)
  }

  @Test("Location resolution")
  func resolve() {
    #expect(URLParts.resolve("/login/", against: "http://a.example/x/y") == "http://a.example/login/")
    #expect(URLParts.resolve("next", against: "https://a.example/x/y") == "https://a.example/x/next")
    #expect(URLParts.resolve("//b.example/", against: "http://a.example/") == "http://b.example/")
    #expect(URLParts.resolve("HTTPS://B.example/", against: "http://a.example/") == "HTTPS://B.example/")
    #expect(URLParts.resolve("../up", against: "https://a.example/x/y/z") == "https://a.example/x/up")
  }
}

/// The Observatory CSP parser against the upstream one: `observatory-csp-parser-vectors.json`
/// holds 400 generated policy lists (random directives and sources, several policies, repeated
/// directives, odd case and spacing) with what the MDN Observatory's own `parseCsp` (main @
/// 94042bb, run under Node) returned for each: the directives with their sources in its order, the
/// duplicate warnings, or "invalid". English collation, prefix swallowing, the intersection of
/// several policies and path matching all show up in that order.
@Suite("HTTP: Observatory CSP parser agrees with upstream")
struct ObservatoryCSPVectorTests {
  struct Vector: Decodable {
    var policies: [String]
    var valid: Bool
    var directives: [String: [String]]?
    var warnings: [String]?
  }

  @Test("400 generated policy lists parse as upstream parses them")
  func vectors() throws {
    let data = try Data(
      contentsOf: HTTPFixtures.url("Tests/ParapetTests/Fixtures/http/observatory-csp-parser-vectors.json"))
    let vectors = try JSONDecoder().decode([Vector].self, from: data)
    #expect(vectors.count == 400)
    for vector in vectors {
      let parsed = try? CSPParser.observatory(vector.policies)
      #expect((parsed != nil) == vector.valid, "validity of \(vector.policies)")
      guard let parsed, vector.valid else { continue }
      var directives: [String: [String]] = [:]
      for (name, sources) in parsed.directives { directives[name] = sources }
      #expect(directives == vector.directives ?? [:], "\(vector.policies)")
      #expect(Set(parsed.duplicateWarnings) == Set(vector.warnings ?? []), "\(vector.policies)")
    }
  }
}
