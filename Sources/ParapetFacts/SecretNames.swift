import Foundation

/// Decides which names hold secrets, so their values are kept as `Secret`, never as text.
public enum SecretNames {
  private static let markers = [
    "SECRET", "PASSWORD", "PASSWD", "PWD", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY",
    "CREDENTIAL", "AUTH_KEY", "ACCESS_KEY", "SIGNING_KEY", "DSN", "SALT",
  ]

  /// True when a variable or setting name suggests a secret (`SECRET_KEY`, `DB_PASSWORD`, …).
  public static func isSecret(_ name: String) -> Bool {
    let upper = name.uppercased().replacingOccurrences(of: "-", with: "_")
    return markers.contains { upper.contains($0) }
  }

  /// Masks the password in a URL such as `postgres://user:pw@host/db`, keeping the rest.
  public static func maskURLPassword(_ text: String) -> (masked: String, password: String?) {
    guard let scheme = text.range(of: "://") else { return (text, nil) }
    let rest = text[scheme.upperBound...]
    guard let at = rest.lastIndex(of: "@") else { return (text, nil) }
    let userInfo = rest[rest.startIndex..<at]
    guard let colon = userInfo.firstIndex(of: ":") else { return (text, nil) }
    let password = String(userInfo[userInfo.index(after: colon)...])
    if password.isEmpty { return (text, nil) }
    let masked = String(text[..<scheme.upperBound]) + userInfo[..<colon] + ":****" + rest[at...]
    return (masked, password)
  }
}
