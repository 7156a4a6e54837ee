/// Name checks and URL masking used by readers; the decisions live in `SecretDetector`.
public enum SecretNames {
  /// True when a variable or setting name suggests a secret (`SECRET_KEY`, `DB_PASSWORD`, …).
  /// The decision is `SecretDetector.isSecretName`'s; this name stays for existing callers.
  public static func isSecret(_ name: String) -> Bool {
    SecretDetector.isSecretName(name)
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
