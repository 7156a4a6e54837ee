import ParapetEngine

/// The Mozilla Web Security guidelines beside the OWASP Top 10, with the rules that implement
/// each: what each standard asks that the other does not.
///
/// Rules join the map through their references: `mozilla:<topic>` for a guideline topic and
/// `owasp:<category>` for a Top 10 category.
public enum CoverageMap {
  /// A topic of the Mozilla Web Security guidelines and the OWASP categories it serves.
  public struct Guideline: Sendable {
    public var topic: String
    public var title: String
    public var owasp: [String]
  }

  public static let guidelines: [Guideline] = [
    Guideline(topic: "https", title: "HTTPS everywhere", owasp: ["A02:2021"]),
    Guideline(topic: "tls", title: "TLS configuration", owasp: ["A02:2021"]),
    Guideline(topic: "hsts", title: "HTTP Strict Transport Security", owasp: ["A02:2021", "A05:2021"]),
    Guideline(topic: "redirection", title: "HTTP redirections to HTTPS", owasp: ["A02:2021"]),
    Guideline(topic: "resource-loading", title: "Resource loading over HTTPS", owasp: ["A02:2021", "A08:2021"]),
    Guideline(topic: "csp", title: "Content Security Policy", owasp: ["A03:2021", "A05:2021"]),
    Guideline(topic: "cookies", title: "Cookies (Secure, HttpOnly, SameSite, prefixes)", owasp: ["A05:2021", "A07:2021"]),
    Guideline(topic: "cors", title: "Cross-origin resource sharing", owasp: ["A01:2021", "A05:2021"]),
    Guideline(topic: "csrf", title: "CSRF prevention", owasp: ["A01:2021"]),
    Guideline(topic: "referrer-policy", title: "Referrer Policy", owasp: ["A01:2021", "A05:2021"]),
    Guideline(topic: "sri", title: "Subresource Integrity", owasp: ["A08:2021"]),
    Guideline(topic: "x-content-type-options", title: "X-Content-Type-Options", owasp: ["A05:2021"]),
    Guideline(topic: "x-frame-options", title: "X-Frame-Options / frame-ancestors", owasp: ["A05:2021"]),
    Guideline(topic: "cross-origin-resource-policy", title: "Cross-Origin Resource Policy", owasp: ["A05:2021"]),
    Guideline(topic: "cross-origin-opener-policy", title: "Cross-Origin Opener Policy", owasp: ["A05:2021"]),
    Guideline(topic: "cross-origin-embedder-policy", title: "Cross-Origin Embedder Policy", owasp: ["A05:2021"]),
    Guideline(topic: "robots", title: "robots.txt (no secrets in it)", owasp: ["A05:2021"]),
  ]

  /// The Markdown page for `docs/coverage-map.md`.
  public static func render(_ packs: [(pack: Pack, rules: [RuleDescriptor])]) -> String {
    var byReference: [String: [String]] = [:]
    for (pack, rules) in packs {
      for rule in rules {
        for reference in rule.references {
          byReference[reference.lowercased(), default: []].append("\(pack.name)/\(rule.id)")
        }
      }
    }
    func rules(_ reference: String) -> [String] { (byReference[reference.lowercased()] ?? []).sorted() }
    var out = "\(PackDocs.banner)\n\n# Coverage map: Mozilla Web Security guidelines and OWASP Top 10 (2021)\n\n"
    out += "Rules join this map through their `references`: `mozilla:<topic>` and `owasp:<category>`.\n\n"
    out += "## Mozilla guidelines\n\n| guideline | OWASP categories | rules |\n|---|---|---|\n"
    for guideline in guidelines {
      let implemented = rules("mozilla:\(guideline.topic)")
      out += "| \(guideline.title) (`mozilla:\(guideline.topic)`) | \(guideline.owasp.joined(separator: ", ")) | \(implemented.isEmpty ? "— not checked" : implemented.joined(separator: ", ")) |\n"
    }
    out += "\n## OWASP Top 10\n\n| category | Mozilla guidelines | rules |\n|---|---|---|\n"
    for category in OWASPTop10.categories {
      let topics = guidelines.filter { $0.owasp.contains(category.id) }.map(\.topic)
      let implemented = rules("owasp:\(category.id)")
      out += "| \(category.id) \(category.name) | \(topics.isEmpty ? "—" : topics.joined(separator: ", ")) | \(implemented.isEmpty ? "— not checked" : implemented.joined(separator: ", ")) |\n"
    }
    let owaspOnly = OWASPTop10.categories.filter { category in !guidelines.contains { $0.owasp.contains(category.id) } }
    out += "\n## What one standard asks that the other does not\n\n"
    out += "- OWASP categories no Mozilla guideline addresses (server-side concerns the HTTP response cannot show): "
    out += owaspOnly.map { "\($0.id) \($0.name)" }.joined(separator: "; ") + ". Parapet covers them from configuration evidence (settings, dependencies, deployment files) where a rule exists above.\n"
    out += "- Mozilla guidelines are browser-facing controls (headers, cookies, TLS, subresources) that OWASP folds into broad categories — mostly A05 Security Misconfiguration and A02 Cryptographic Failures — without prescribing the exact header values the Observatory grades.\n"
    return out
  }
}
