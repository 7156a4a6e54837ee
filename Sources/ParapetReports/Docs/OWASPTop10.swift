/// The OWASP Top 10 (2021) categories, for coverage tables.
public enum OWASPTop10 {
  public struct Category: Sendable {
    public var id: String
    public var name: String
  }

  public static let categories: [Category] = [
    Category(id: "A01:2021", name: "Broken Access Control"),
    Category(id: "A02:2021", name: "Cryptographic Failures"),
    Category(id: "A03:2021", name: "Injection"),
    Category(id: "A04:2021", name: "Insecure Design"),
    Category(id: "A05:2021", name: "Security Misconfiguration"),
    Category(id: "A06:2021", name: "Vulnerable and Outdated Components"),
    Category(id: "A07:2021", name: "Identification and Authentication Failures"),
    Category(id: "A08:2021", name: "Software and Data Integrity Failures"),
    Category(id: "A09:2021", name: "Security Logging and Monitoring Failures"),
    Category(id: "A10:2021", name: "Server-Side Request Forgery"),
  ]
}
