/// Decides which names hold secrets, so their values are kept as `Secret`, never as text.
public enum SecretNames {
  /// Upper-case ASCII markers; a name holding one of them (after upper-casing and turning `-`
  /// into `_`) is secret.
  private static let markers: [[UInt8]] = [
    "SECRET", "PASSWORD", "PASSWD", "PWD", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY",
    "CREDENTIAL", "AUTH_KEY", "ACCESS_KEY", "SIGNING_KEY", "DSN", "SALT",
  ].map { Array($0.utf8) }

  /// True when a variable or setting name suggests a secret (`SECRET_KEY`, `DB_PASSWORD`, …).
  /// Byte-level on purpose: it runs for every name in every settings file and environment.
  public static func isSecret(_ name: String) -> Bool {
    var bytes = Array(name.utf8)
    for index in bytes.indices {
      let byte = bytes[index]
      if byte >= 0x61 && byte <= 0x7A {
        bytes[index] = byte - 0x20
      } else if byte == 0x2D {
        bytes[index] = 0x5F
      }
    }
    return markers.contains { marker in contains(bytes, marker) }
  }

  private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard needle.count <= haystack.count else { return false }
    var start = 0
    while start + needle.count <= haystack.count {
      if haystack[start] == needle[0] {
        var matched = true
        for offset in 1..<needle.count where haystack[start + offset] != needle[offset] {
          matched = false
          break
        }
        if matched { return true }
      }
      start += 1
    }
    return false
  }

  /// Masks the password in a URL such as `postgres://user:pw@host/db`, keeping the rest.
  public static func maskURLPassword(_ text: String) -> (masked: String, password: String?) {
    guard let scheme = text.firstRange(of: "://") else { return (text, nil) }
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
