import Foundation

/// Decides which requests of a capture were navigations: what the browser loaded as a page,
/// as opposed to scripts, images, beacons and frames.
///
/// The rules, most specific first:
/// 1. A capture tool that labels its requests (`parapet capture`'s `_parapet.role`, a curl
///    dump's blocks) says so itself.
/// 2. A HAR with `log.pages`: each page's navigation is the first request of that page
///    (`pageref`) that can be a navigation; the first page is the capture's own page.
/// 3. Otherwise the first request that can be a navigation is the capture's page, and later
///    requests the browser marks as top-level documents (`_resourceType: document` started by
///    the browser itself, `_initiator.type: other`) are further navigations.
/// A request can be a navigation only if it is a `GET` to a valid host name (WebPageTest
/// records malformed URLs such as `https://fonts.googleapis.com400,700`), and if the browser
/// recorded a resource type, that type is `document`. A `POST` beacon to `/` is never a site.
struct NavigationFinder {
  let exchanges: [HTTPExchange]
  let pages: [String]

  typealias Chain = (root: Int, hops: [Int])

  /// The navigation chains among `chains`, the capture's own page first.
  func navigations(_ chains: [Chain]) -> [Chain] {
    if chains.contains(where: { exchanges[$0.root].role != nil }) {
      return chains.filter { ["https", "http"].contains(exchanges[$0.root].role ?? "") }
    }
    if chains.contains(where: { exchanges[$0.root].chainID != nil }) {
      return chains.filter { exchanges[$0.root].chainID != nil }
    }
    let candidates = chains.filter { canNavigate(exchanges[$0.root]) }
    var found: [Chain] = []
    func add(_ chain: Chain) {
      if !found.contains(where: { $0.root == chain.root }) { found.append(chain) }
    }
    let paged = candidates.filter { exchanges[$0.root].pageref != nil }
    if !pages.isEmpty && !paged.isEmpty {
      // A page whose requests were all served from cache (WebPageTest's "repeat view") has no
      // document request at all: it is not a navigation of its own.
      for page in pages {
        if let first = paged.first(where: {
          exchanges[$0.root].pageref == page && looksLikeDocument(exchanges[$0.root])
        }) {
          add(first)
        }
      }
      if !found.isEmpty { return found }
    }
    guard let first = candidates.first(where: { looksLikeDocument(exchanges[$0.root]) }) ?? candidates.first
    else { return [] }
    add(first)
    for chain in candidates.dropFirst() where isTopLevelDocument(exchanges[chain.root]) {
      add(chain)
    }
    return found
  }

  /// A GET to a valid host, of a type a page can have.
  func canNavigate(_ exchange: HTTPExchange) -> Bool {
    guard exchange.method.uppercased() == "GET", let url = exchange.url,
      let parts = URLParts(url), let host = parts.host, Self.isValidHost(host),
      parts.scheme == "http" || parts.scheme == "https"
    else { return false }
    if let type = exchange.resourceType?.lowercased(), !type.isEmpty {
      return type == "document"
    }
    return true
  }

  /// A response a page load can start with: a redirect, an HTML document, or whatever the
  /// browser labelled a document. A GIF beacon or a script is not.
  func looksLikeDocument(_ exchange: HTTPExchange) -> Bool {
    if exchange.resourceType?.lowercased() == "document" || exchange.isRedirect { return true }
    guard let type = exchange.values("content-type").last?.value.lowercased() else {
      // No content type: a failed or empty answer can still be the page (an error page).
      return exchange.status <= 0 || exchange.body.map { $0.lowercased().contains("<html") } ?? true
    }
    return type.contains("text/html") || type.contains("application/xhtml+xml")
  }

  /// A document the browser itself navigated to (not a frame a page embedded).
  func isTopLevelDocument(_ exchange: HTTPExchange) -> Bool {
    guard exchange.resourceType?.lowercased() == "document" else { return false }
    guard let initiator = exchange.initiatorType?.lowercased() else { return false }
    return initiator == "other"
  }

  /// A DNS host name (letters, digits and hyphens in dot-separated labels), an IPv4 address or
  /// a bracketed-out IPv6 address (URLParts keeps it without brackets, with colons).
  static func isValidHost(_ host: String) -> Bool {
    if host.contains(":") {
      return host.unicodeScalars.allSatisfy { $0 == ":" || $0 == "." || $0.properties.isASCIIHexDigit }
    }
    let labels = host.split(separator: ".", omittingEmptySubsequences: false)
    guard !host.isEmpty, host.utf8.count <= 253 else { return false }
    for (index, label) in labels.enumerated() {
      // A trailing dot (an absolute name) leaves one empty last label.
      if label.isEmpty { if index == labels.count - 1 && index > 0 { continue } else { return false } }
      guard label.utf8.count <= 63, label.first != "-", label.last != "-",
        label.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") })
      else { return false }
    }
    return true
  }
}
