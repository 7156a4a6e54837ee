import Foundation
import OrderedCollections
import ParapetFacts

/// Turns the exchanges of one capture file into `http.sites` facts.
///
/// It links redirect hops into chains (hop N+1 is the next request to hop N's `Location`),
/// finds each site's HTTPS and HTTP navigation chains, picks the graded ("auto") response the
/// way the Observatory does (the HTTPS chain when HTTPS answered at all, else the HTTP chain),
/// fills the cookie jar from every hop of that chain, and pre-parses headers and HTML. It makes
/// no scoring decision: that is the policy pack's job.
public struct HTTPSiteBuilder {
  /// Where the exchanges came from, for facts and messages.
  public struct Source: Sendable {
    public var file: String
    /// `har` or `curl`.
    public var kind: String
    /// The capture tool (`WebInspector`, `Firefox`, `Parapet`, `curl`).
    public var creator: String
    /// Whether a `<script>` line inside a body maps onto file lines (curl dumps) or not
    /// (HAR bodies are one JSON string).
    public var bodyLinesMapToFile: Bool

    public init(file: String, kind: String, creator: String, bodyLinesMapToFile: Bool) {
      self.file = file
      self.kind = kind
      self.creator = creator
      self.bodyLinesMapToFile = bodyLinesMapToFile
    }
  }

  /// The most redirects the Observatory follows.
  public static let maximumRedirects = 10

  let source: Source
  let exchanges: [HTTPExchange]
  /// Where each exchange's body starts (for script lines).
  let bodyLocations: [Int: SourceLocation]
  /// HAR `log.pages` ids in order: the pages the browser navigated to (the first is the page
  /// the capture was made for).
  let pages: [String]

  public init(
    source: Source, exchanges: [HTTPExchange], bodyLocations: [Int: SourceLocation] = [:],
    pages: [String] = []
  ) {
    self.source = source
    self.exchanges = exchanges
    self.bodyLocations = bodyLocations
    self.pages = pages
  }

  // MARK: Chains

  /// Exchange indexes of each chain, keyed by the chain's first exchange.
  func chains() -> [(root: Int, hops: [Int])] {
    var next: [Int: Int] = [:]
    var isTarget = Set<Int>()
    var byChainID: OrderedDictionary<String, [Int]> = [:]
    for (index, exchange) in exchanges.enumerated() {
      if let id = exchange.chainID { byChainID[id, default: []].append(index) }
    }
    for hops in byChainID.values {
      for (a, b) in zip(hops, hops.dropFirst()) {
        next[a] = b
        isTarget.insert(b)
      }
    }
    // Each redirect links to the first later request for its target that no other redirect
    // took. Requests are indexed by normalized URL once, so linking stays linear in the number
    // of entries (a HAR of thousands of hosts used to take quadratic time here).
    var byURL: [String: [Int]] = [:]
    for (index, exchange) in exchanges.enumerated()
    where exchange.chainID == nil && exchange.method.uppercased() != "OPTIONS" {
      if let url = exchange.url { byURL[Self.normalize(url), default: []].append(index) }
    }
    // Per URL: how far the "later than this redirect" search got, and the last target taken.
    // Redirects come in entry order, so every target before the last one taken is taken too:
    // the next redirect takes the first request after both.
    var searched: [String: Int] = [:]
    var lastTaken: [String: Int] = [:]
    for (index, exchange) in exchanges.enumerated() where exchange.chainID == nil {
      guard exchange.isRedirect, let url = exchange.url,
        let target = redirectTarget(of: exchange, url: url)
      else { continue }
      let wanted = Self.normalize(target)
      guard let candidates = byURL[wanted] else { continue }
      var position = searched[wanted, default: 0]
      while position < candidates.count && candidates[position] <= index { position += 1 }
      searched[wanted] = position
      let pick = max(position, (lastTaken[wanted] ?? -1) + 1)
      guard pick < candidates.count else { continue }
      next[index] = candidates[pick]
      isTarget.insert(candidates[pick])
      lastTaken[wanted] = pick
    }
    var result: [(root: Int, hops: [Int])] = []
    for index in exchanges.indices where !isTarget.contains(index) {
      var hops = [index]
      var current = index
      while let following = next[current], hops.count <= Self.maximumRedirects {
        hops.append(following)
        current = following
      }
      result.append((index, hops))
    }
    return result
  }

  func redirectTarget(of exchange: HTTPExchange, url: String) -> String? {
    if let location = exchange.values("location").first?.value {
      return URLParts.resolve(location, against: url)
    }
    if let redirect = exchange.redirectURL, !redirect.isEmpty {
      return URLParts.resolve(redirect, against: url)
    }
    return nil
  }

  /// Scheme and host lower-cased, default port and fragment removed: URLs as the chain linker
  /// compares them.
  static func normalize(_ url: String) -> String {
    guard let parts = URLParts(url), let host = parts.hostWithPort,
      let origin = URLParts.originPrefix(url)
    else { return url }
    var rest = String(HTTPText.jsTrim(url).dropFirst(origin.count))
    if let hash = rest.firstIndex(of: "#") { rest = String(rest[..<hash]) }
    if rest.isEmpty { rest = "/" }
    return parts.scheme + "://" + host + rest
  }

  // MARK: Sites

  /// The sites of the file as facts, one map per site the browser navigated to. The site of
  /// the capture's own page (its first navigation) has `capture_page = true`.
  public func sites() -> [Fact] {
    let allChains = chains()
    var preflights: [Int] = []
    var requests: [(root: Int, hops: [Int])] = []
    for chain in allChains {
      if exchanges[chain.root].method.uppercased() == "OPTIONS" {
        preflights.append(chain.root)
      } else {
        requests.append(chain)
      }
    }
    let navigation = NavigationFinder(exchanges: exchanges, pages: pages).navigations(requests)
    var hosts: [String?] = []
    for chain in navigation {
      let host = exchanges[chain.root].url.flatMap { URLParts($0)?.hostWithPort }
      if !hosts.contains(where: { $0 == host }) { hosts.append(host) }
    }
    return hosts.enumerated().map { number, host in
      let mine = navigation.filter {
        exchanges[$0.root].url.flatMap { URLParts($0)?.hostWithPort } == host
      }
      return site(host: host, chains: mine, preflights: preflights, isCapturePage: number == 0)
    }
  }

  private func scheme(_ index: Int) -> String? {
    exchanges[index].url.flatMap { URLParts($0)?.scheme }
  }

  private func site(
    host: String?, chains: [(root: Int, hops: [Int])], preflights: [Int], isCapturePage: Bool
  ) -> Fact {
    var https = chains.first { scheme($0.root) == "https" }
    if https == nil, let host {
      // A browser that followed http://host/ to https://host/ made the request the Observatory
      // makes for its HTTPS chain: the rest of that chain is the HTTPS chain.
      let wanted = "https://" + host + "/"
      for chain in chains {
        if let start = chain.hops.firstIndex(where: {
          exchanges[$0].url.map(Self.normalize) == wanted
        }) {
          https = (chain.hops[start], Array(chain.hops[start...]))
          break
        }
      }
    }
    let http = chains.first { scheme($0.root) == "http" }
    let unknownScheme = chains.first { scheme($0.root) == nil }
    var map: OrderedDictionary<String, Fact> = [:]
    let firstLocation = chains.first.flatMap { exchanges[$0.root].location }
    let hostname = host.flatMap { URLParts("x://" + $0)?.host }
    map["host"] = host.map { .string($0, at: firstLocation) }
      ?? .unknown("the capture does not say which URL was requested", at: firstLocation)
    map["capture_page"] = .bool(isCapturePage, at: firstLocation)
    if let hostname {
      map["hostname"] = .string(hostname, at: firstLocation)
      if let domain = PublicSuffixList.shared.registrableDomain(of: hostname, includePrivate: false) {
        map["registrable_domain"] = .string(domain, at: firstLocation)
      }
    }
    map["source"] = .map(
      [
        "file": .string(source.file), "kind": .string(source.kind),
        "creator": .string(source.creator),
      ], at: firstLocation)
    map["https_chain"] =
      https.map(chainFact) ?? .unknown("the capture has no request to https://\(host ?? "…")/")
    map["http_chain"] =
      http.map(chainFact) ?? .unknown("the capture has no request to http://\(host ?? "…")/")
    // The graded chain: HTTPS when it answered, else HTTP (the Observatory's "auto").
    var auto: (root: Int, hops: [Int])?
    if let https, reachable(https.hops) {
      auto = https
    } else if let http, reachable(http.hops) {
      auto = http
    } else if let unknownScheme, reachable(unknownScheme.hops) {
      auto = unknownScheme
    }
    guard let auto else {
      map["reachable"] = .bool(false, at: firstLocation)
      return .map(map, at: firstLocation)
    }
    map["reachable"] = .bool(true, at: firstLocation)
    let hops = Array(auto.hops.prefix(Self.maximumRedirects + 1))
    let final = exchanges[hops.last!]
    let initial = exchanges[auto.root]
    map["scan_url"] = initial.url.map { .string($0, at: initial.location) }
      ?? .unknown("the capture does not say which URL was requested", at: initial.location)
    map["scheme"] = scheme(auto.root).map { .string($0, at: initial.location) }
      ?? .unknown("the capture does not say which URL was requested", at: initial.location)
    map["final"] = hopFact(hops.last!)
    map["status"] = .integer(final.status, at: final.statusLocation)
    map["headers"] = HTTPHeaderMerge.fact(final.headers, at: final.location)
    map["content_type"] = contentTypeFact(final)
    map["html"] = htmlFact(hops.last!)
    map["csp"] = cspFact(final, htmlIndex: hops.last!)
    map["cookies"] = cookiesFact(hops)
    if let httpsFinal = https.map({ Array($0.hops.prefix(Self.maximumRedirects + 1)).last! }),
      reachable(https!.hops)
    {
      map["hsts"] = hstsFact(exchanges[httpsFinal])
    }
    map["coop"] = structuredFact(final, "cross-origin-opener-policy")
    map["coep"] = structuredFact(final, "cross-origin-embedder-policy")
    map["preflight"] = preflightFact(final: final, preflights: preflights)
    return .map(map, at: firstLocation)
  }

  private func reachable(_ hops: [Int]) -> Bool {
    hops.allSatisfy { exchanges[$0].status > 0 }
  }

  private func chainFact(_ chain: (root: Int, hops: [Int])) -> Fact {
    let hops = Array(chain.hops.prefix(Self.maximumRedirects + 1))
    let first = exchanges[chain.root]
    var map: OrderedDictionary<String, Fact> = [:]
    map["url"] = first.url.map { .string($0, at: first.location) } ?? .unknown("no URL recorded")
    let isReachable = reachable(hops)
    map["reachable"] = .bool(isReachable, at: first.location)
    if let failed = hops.first(where: { exchanges[$0].status <= 0 }) {
      map["error"] = .string(
        exchanges[failed].error ?? "no response", at: exchanges[failed].location)
    }
    // Certificate validity over every https hop: false wins, then unknown, then true.
    var certificate: Fact = .bool(true, at: first.location)
    for index in hops where exchanges[index].url.flatMap({ URLParts($0)?.scheme }) == "https" {
      switch exchanges[index].certificateValid {
      case false?:
        certificate = .bool(false, at: exchanges[index].location)
      case nil:
        if certificate.value == .bool(true) {
          certificate = .unknown(
            "the capture does not record whether the certificate verified (no _tls extension)",
            at: exchanges[index].location)
        }
      default: break
      }
      if certificate.value == .bool(false) { break }
    }
    map["cert_valid"] = certificate
    map["hops"] = .list(hops.map(hopFact), at: first.location)
    map["final"] = hopFact(hops.last!)
    map["redirects"] = .integer(hops.count - 1, at: first.location)
    return .map(map, at: first.location)
  }

  private func hopFact(_ index: Int) -> Fact {
    let exchange = exchanges[index]
    var map: OrderedDictionary<String, Fact> = [:]
    map["url"] = exchange.url.map { .string($0, at: exchange.location) }
      ?? .unknown("the capture does not say which URL was requested", at: exchange.location)
    if let host = exchange.url.flatMap({ URLParts($0)?.host }) {
      map["hostname"] = .string(host, at: exchange.location)
    }
    if let scheme = exchange.url.flatMap({ URLParts($0)?.scheme }) {
      map["scheme"] = .string(scheme, at: exchange.location)
    }
    map["method"] = .string(exchange.method, at: exchange.location)
    map["status"] = .integer(exchange.status, at: exchange.statusLocation)
    if !exchange.httpVersion.isEmpty {
      map["http_version"] = .string(exchange.httpVersion, at: exchange.statusLocation)
    }
    map["headers"] = .list(
      exchange.headers.map { field in
        .map(
          ["name": .string(field.name, at: field.location),
           "value": .string(SecretDetector.maskHeader(name: field.name, value: field.value), at: field.location)],
          at: field.location)
      }, at: exchange.location)
    if exchange.isRedirect, let url = exchange.url, let target = redirectTarget(of: exchange, url: url) {
      map["location"] = .string(target, at: exchange.values("location").first?.location ?? exchange.location)
    }
    if let valid = exchange.certificateValid { map["cert_valid"] = .bool(valid, at: exchange.location) }
    if let error = exchange.error { map["error"] = .string(error, at: exchange.location) }
    return .map(map, at: exchange.location)
  }

  private func contentTypeFact(_ exchange: HTTPExchange) -> Fact {
    guard let field = exchange.values("content-type").first else {
      return .map(["present": .bool(false, at: exchange.location)], at: exchange.location)
    }
    // The Observatory cuts at the first ';' without trimming or lower-casing.
    let media = field.value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
      .first.map(String.init) ?? ""
    return .map(
      [
        "present": .bool(true, at: field.location),
        "value": .string(field.value, at: field.location),
        "media_type": .string(media, at: field.location),
        "is_html": .bool(media == "text/html" || media == "application/xhtml+xml", at: field.location),
      ], at: field.location)
  }

  private func bodyLocation(_ index: Int, line: Int, column: Int) -> SourceLocation? {
    guard let base = bodyLocations[index] ?? exchanges[index].location else { return nil }
    guard source.bodyLinesMapToFile, let baseLine = base.line else { return base }
    return SourceLocation(file: base.file, line: baseLine + line - 1, column: column)
  }

  private func htmlFact(_ index: Int) -> Fact {
    let exchange = exchanges[index]
    guard let body = exchange.body else {
      return .unknown(exchange.bodyProblem ?? "the capture has no response body", at: exchange.location)
    }
    // The page as the Observatory's client hands it to the HTML parser (axios parses JSON).
    let page = ObservatoryPageText.of(body)
    let text = page.html ?? ""
    let html = HTMLEvidence(html: text)
    let at = bodyLocations[index] ?? exchange.location
    var map: OrderedDictionary<String, Fact> = [:]
    map["body_length"] = .integer(text.utf8.count, at: at)
    map["parseable"] = .bool(page.html != nil, at: at)
    if case .unparseable(let kind) = page { map["json"] = .string(kind, at: at) }
    map["meta_csp"] = .list(
      html.cspMetas.map { .string($0.content, at: bodyLocation(index, line: $0.line, column: 1)) },
      at: at)
    if let referrer = html.referrer {
      map["meta_referrer"] = .string(
        referrer, at: bodyLocation(index, line: html.referrerLine ?? 1, column: 1))
    }
    map["scripts"] = .list(
      html.scripts.map { script in
        let location = bodyLocation(index, line: script.line, column: script.column)
        var entry: OrderedDictionary<String, Fact> = [:]
        entry["line"] = .integer(script.line, at: location)
        if let src = script.src {
          entry["src"] = .string(src, at: location)
          if let parts = URLParts(src), ["http", "https"].contains(parts.scheme),
            let host = parts.host
          {
            entry["host"] = .string(host, at: location)
            if let domain = PublicSuffixList.shared.registrableDomain(of: host, includePrivate: false)
            {
              entry["registrable_domain"] = .string(domain, at: location)
            }
          }
        }
        if let integrity = script.integrity { entry["integrity"] = .string(integrity, at: location) }
        if let crossorigin = script.crossorigin {
          entry["crossorigin"] = .string(crossorigin, at: location)
        }
        if let type = script.type { entry["type"] = .string(type, at: location) }
        return .map(entry, at: location)
      }, at: at)
    return .map(map, at: at)
  }

  private func cspFact(_ exchange: HTTPExchange, htmlIndex: Int) -> Fact {
    let merged = HTTPHeaderMerge.merge(exchange.headers)
    let headerField = merged["content-security-policy"]
    let headerPolicies = headerField.map { CSPParser.splitPolicies($0.value) } ?? []
    let headerAt = headerField?.fields.first?.location
    // Meta policies count only for an exact HTML media type and a non-empty body.
    var metaPolicies: [String] = []
    var metaAt: SourceLocation?
    let media = exchange.values("content-type").first.map {
      $0.value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first
        .map(String.init) ?? ""
    }
    var metaKnown = true
    if media == "text/html" || media == "application/xhtml+xml" {
      if let body = exchange.body {
        // The Observatory parses metas only from a non-empty page (after its JSON handling).
        if let text = ObservatoryPageText.of(body).html, !text.isEmpty {
          let html = HTMLEvidence(html: text)
          for meta in html.cspMetas {
            metaPolicies += CSPParser.splitPolicies(meta.content)
            if metaAt == nil { metaAt = bodyLocation(htmlIndex, line: meta.line, column: 1) }
          }
        }
      } else {
        metaKnown = false
      }
    }
    var map: OrderedDictionary<String, Fact> = [:]
    let at = headerAt ?? metaAt ?? exchange.location
    map["header_policies"] = .list(headerPolicies.map { .string($0, at: headerAt) }, at: headerAt ?? at)
    map["meta_policies"] = .list(metaPolicies.map { .string($0, at: metaAt) }, at: metaAt ?? at)
    map["meta_known"] = .bool(metaKnown, at: at)
    if let reportOnly = merged["content-security-policy-report-only"] {
      map["report_only"] = .string(reportOnly.value, at: reportOnly.fields.first?.location)
    }
    map["policies"] = .list(
      headerPolicies.map { policyFact($0, source: "header", at: headerAt) }
        + metaPolicies.map { policyFact($0, source: "meta", at: metaAt) }, at: at)
    map["combined"] = observatoryFact(headerPolicies + metaPolicies, stripMeta: false, at: at)
    map["header_only"] = observatoryFact(headerPolicies, stripMeta: false, at: headerAt ?? at)
    map["meta_only"] = observatoryFact(metaPolicies, stripMeta: true, at: metaAt ?? at)
    return .map(map, at: at)
  }

  private func policyFact(_ text: String, source: String, at location: SourceLocation?) -> Fact {
    let policy = CSPParser.policy(text)
    var directives: OrderedDictionary<String, Fact> = [:]
    for (name, tokens) in policy.directives {
      directives[name] = .list(tokens.map { .string($0, at: location) }, at: location)
    }
    return .map(
      [
        "source": .string(source, at: location), "text": .string(text, at: location),
        "directives": .map(directives, at: location),
      ], at: location)
  }

  private func observatoryFact(_ policies: [String], stripMeta: Bool, at location: SourceLocation?)
    -> Fact
  {
    do {
      var parsed = try CSPParser.observatory(policies)
      if stripMeta {
        for name in CSPParser.metaDisallowed { parsed.directives.removeValue(forKey: name) }
      }
      var directives: OrderedDictionary<String, Fact> = [:]
      for (name, sources) in parsed.directives {
        directives[name] = .list(sources.map { .string($0, at: location) }, at: location)
      }
      return .map(
        [
          "valid": .bool(true, at: location),
          "directives": .map(directives, at: location),
          "duplicate_warnings": .list(
            parsed.duplicateWarnings.map { .string($0, at: location) }, at: location),
        ], at: location)
    } catch {
      return .map(
        [
          "valid": .bool(false, at: location),
          "error": .string("\(error)", at: location),
        ], at: location)
    }
  }

  private func cookiesFact(_ hops: [Int]) -> Fact {
    let final = exchanges[hops.last!]
    if hops.contains(where: { exchanges[$0].cookiesStripped }) {
      return .unknown(
        "the capture (\(source.creator)) removed Set-Cookie headers: export the HAR with "
          + "sensitive data, or capture with `parapet capture`", at: final.location)
    }
    // The jar decides a cookie's domain and path from the URL that set it: without the URL,
    // which cookies end up in the jar is not known.
    if let unnamed = hops.first(where: { exchanges[$0].url == nil }) {
      return .unknown(
        "the capture does not say which URL was requested, and the cookie jar needs it",
        at: exchanges[unnamed].location)
    }
    var jar = CookieJar()
    for index in hops {
      guard let url = exchanges[index].url else { continue }
      for field in exchanges[index].setCookies { jar.set(field, from: url) }
    }
    var map: OrderedDictionary<String, Fact> = [:]
    map["jar"] = .list(
      jar.entries.map { entry in
        let at = entry.field.location
        var cookie: OrderedDictionary<String, Fact> = [:]
        cookie["name"] = .string(entry.cookie.name, at: at)
        cookie["value_length"] = .integer(entry.cookie.value.utf8.count, at: at)
        cookie["domain"] = .string(entry.domain, at: at)
        cookie["host_only"] = .bool(entry.hostOnly, at: at)
        cookie["path"] = .string(entry.path, at: at)
        cookie["secure"] = .bool(entry.cookie.secure, at: at)
        cookie["httponly"] = .bool(entry.cookie.httpOnly, at: at)
        if let sameSite = entry.cookie.sameSite { cookie["samesite"] = .string(sameSite, at: at) }
        if let raw = entry.cookie.sameSiteRaw { cookie["samesite_raw"] = .string(raw, at: at) }
        if let expires = entry.cookie.expires {
          cookie["expires"] = .string(CookieDate.iso(expires), at: at)
        }
        if let maxAge = entry.cookie.maxAge { cookie["max_age"] = .integer(maxAge, at: at) }
        cookie["partitioned"] = .bool(entry.cookie.partitioned, at: at)
        cookie["url"] = .string(entry.url, at: at)
        return .map(cookie, at: at)
      }, at: final.location)
    map["rejected"] = .list(
      jar.rejected.map { rejected in
        .map(
          [
            "name": .string(
              String(rejected.text.prefix { $0 != "=" && $0 != ";" }), at: rejected.field.location),
            "url": .string(rejected.url, at: rejected.field.location),
            "reason": .string(rejected.reason, at: rejected.field.location),
          ], at: rejected.field.location)
      }, at: final.location)
    map["final_set_cookie"] = .list(
      final.setCookies.map { field in
        .map(
          [
            "samesite_values": .list(
              SetCookieParser.rawSameSiteValues(field.value).map { .string($0, at: field.location) },
              at: field.location)
          ], at: field.location)
      }, at: final.location)
    return .map(map, at: final.location)
  }

  private func hstsFact(_ exchange: HTTPExchange) -> Fact {
    let merged = HTTPHeaderMerge.merge(exchange.headers)
    guard let entry = merged["strict-transport-security"] else {
      return .map(["present": .bool(false, at: exchange.location)], at: exchange.location)
    }
    let at = entry.fields.first?.location
    let first = HSTSHeader(entry.fields.first?.value ?? "")
    var map: OrderedDictionary<String, Fact> = [:]
    map["present"] = .bool(true, at: at)
    map["value"] = .string(entry.value, at: at)
    map["count"] = .integer(entry.fields.count, at: at)
    map["valid"] = .bool(first.valid, at: at)
    if let problem = first.problem { map["problem"] = .string(problem, at: at) }
    if let maxAge = first.maxAge { map["max_age"] = .integer(maxAge, at: at) }
    map["include_subdomains"] = .bool(first.includeSubDomains, at: at)
    map["preload"] = .bool(first.preload, at: at)
    return .map(map, at: at)
  }

  private func structuredFact(_ exchange: HTTPExchange, _ name: String) -> Fact {
    guard let entry = HTTPHeaderMerge.merge(exchange.headers)[name] else {
      return .map(["present": .bool(false, at: exchange.location)], at: exchange.location)
    }
    let at = entry.fields.first?.location
    let trimmed = HTTPText.jsTrim(String(entry.value.prefix(1024)))
    var map: OrderedDictionary<String, Fact> = [:]
    map["present"] = .bool(true, at: at)
    map["value"] = .string(entry.value, at: at)
    let item = StructuredFieldItem.parse(trimmed)
    map["sf_item"] = .bool(item != nil, at: at)
    if let token = item?.token { map["sf_token"] = .string(token, at: at) }
    return .map(map, at: at)
  }

  private func preflightFact(final: HTTPExchange, preflights: [Int]) -> Fact {
    let finalURL = final.url.map(Self.normalize)
    let chosen =
      preflights.first { exchanges[$0].role == "cors-preflight" }
      ?? preflights.first { exchanges[$0].url.map(Self.normalize) == finalURL }
    guard let index = chosen else { return .null(at: final.location) }
    var hops = [index]
    // The preflight follows redirects too; its last response is the one read.
    for (root, chainHops) in chains() where root == index { hops = chainHops }
    return hopFact(hops.last!)
  }
}
