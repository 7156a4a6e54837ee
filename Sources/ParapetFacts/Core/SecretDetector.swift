import Foundation

/// The one place that decides what is a secret, by name and by value.
///
/// Every reader, the plugin bridge and the final pass over each bundle's facts
/// (`SecretScrubber`) ask this type; nothing else in Parapet decides it. What it detects is
/// documented in docs/SECURITY.md ("Secret detection").
///
/// - **By name** (`isSecretName`): a name holding `SECRET`, `PASSWORD`, `PASSWD`, `PWD`,
///   `PASSPHRASE`, `TOKEN`, `API_KEY`, `APIKEY`, `PRIVATE_KEY`, `CREDENTIAL`, `AUTH_KEY`,
///   `ACCESS_KEY`, `SIGNING_KEY`, `DSN`, `SALT`, `AUTHORIZATION`, `COOKIE`/`SET_COOKIE` (whole
///   name), or ending in `_KEY` / `KEY` as a word. A marker must end a word (`TOKENIZERS_…` is
///   not a token). Names whose last word says they hold something else (`_PREFIX`, `_NAME`,
///   `_FILE`, `_PATH`, `_TIMEOUT`, `_HASHERS`, `_VALIDATORS`, `_BACKEND`, …) are not secret by
///   name (`CACHE_KEY_PREFIX`, `PASSWORD_RESET_TIMEOUT`); their values still are when they look
///   random (`isAmbiguousName` + `looksRandom`).
/// - **By value** (`isCredential`): PEM private keys, AWS access key ids, Google API keys and
///   OAuth tokens, GitHub and GitLab tokens, Slack tokens and webhooks, Stripe live keys, JWTs,
///   `django-insecure-` keys; inside text (`redact`) also `user:password@` in URLs,
///   `NAME=value` and `--name value` with a secret name, and the credential after
///   `Authorization:`/`Bearer`/`Basic`.
public enum SecretDetector {
  /// What an embedded secret is replaced with in text that is kept.
  public static let mask = "****"

  // MARK: Names

  /// Markers that make a name secret when they end a word of it.
  private static let markers: [[UInt8]] = [
    "SECRET", "PASSWORD", "PASSWD", "PWD", "PASSPHRASE", "TOKEN", "API_KEY", "APIKEY",
    "PRIVATE_KEY", "CREDENTIAL", "CREDENTIALS", "AUTH_KEY", "ACCESS_KEY", "SIGNING_KEY", "DSN",
    "SALT", "AUTHORIZATION",
  ].map { Array($0.utf8) }

  /// Whole names (after normalizing) that are secret: headers carrying credentials.
  private static let wholeNames: Set<String> = [
    "COOKIE", "SET_COOKIE", "X_API_KEY", "X_AUTH_TOKEN", "PROXY_AUTHORIZATION", "X_CSRFTOKEN",
    "X_CSRF_TOKEN",
  ]

  /// Whole names that look secret but name something else: nginx's `server_tokens`, a
  /// structured-field token (`sf_token`), working directories.
  private static let notSecretNames: Set<String> = [
    "PWD", "OLDPWD", "SERVER_TOKENS", "SERVER_TOKENS_EXPLICIT", "SF_TOKEN", "TOKEN_TYPE",
  ]

  /// Last words that say a name holds no secret itself (a name, a place, a duration, a policy).
  private static let harmlessLastWords: Set<String> = [
    "PREFIX", "SUFFIX", "NAME", "NAMES", "FILE", "FILES", "PATH", "DIR", "FOLDER", "LENGTH",
    "TIMEOUT", "AGE", "EXPIRY", "EXPIRES", "EXPIRE", "EXPIRATION", "LIFETIME", "TTL", "DAYS",
    "HEADER", "BACKEND", "BACKENDS", "HASHERS", "HASHER", "VALIDATORS", "VALIDATOR", "ENABLED",
    "REQUIRED", "ALGORITHM", "ALGORITHMS", "FUNCTION", "FUNC", "CLASS", "TYPE", "FIELD", "FIELDS",
    "MODEL", "SECURE", "HTTPONLY", "SAMESITE", "DOMAIN", "SESSIONS", "LOCATION", "MOUNT",
    "REF", "VERSION", "ROTATION", "POLICY", "FORMAT", "COUNT", "SIZE", "MIN", "MAX", "MODE",
    // An endpoint (OAuth's `TOKEN_URL`): a `user:password@` in it is still masked by value.
    "URL", "URLS", "URI", "ENDPOINT",
    // A rate or a limit (`PASSWORD_RESET_RATE`, allauth's `ACCOUNT_RATE_LIMITS`).
    "RATE", "RATES", "LIMIT", "LIMITS",
  ]

  /// Last words of a collection's name that say what its values are, whatever its keys are
  /// called: allauth's `ACCOUNT_RATE_LIMITS = {"change_password": "5/m"}` holds rates, not
  /// passwords; DRF's `DEFAULT_THROTTLE_RATES`, `MESSAGE_TAGS`, `…_TIMEOUTS` likewise.
  private static let valueKindLastWords: Set<String> = [
    "RATE", "RATES", "LIMIT", "LIMITS", "TIMEOUTS", "MESSAGES", "LABELS", "TAGS", "TEMPLATES", "VIEWS", "URLS",
  ]

  /// True when a collection's name says what its values are (rates, limits, messages), so a
  /// secret-looking key inside it (`change_password`) does not make its value a secret.
  public static func namesItsValues(_ name: String) -> Bool {
    let text = String(decoding: normalized(name), as: UTF8.self)
    guard let last = text.split(separator: "_").last else { return false }
    return valueKindLastWords.contains(String(last))
  }

  /// Upper-cases ASCII, splits camelCase words with `_` (`secretKeyRef` → `SECRET_KEY_REF`) and
  /// turns `-`, `.` and spaces into `_`, so `Set-Cookie`, `db.password`, `dbPassword` and
  /// `DB_PASSWORD` compare alike.
  static func normalized(_ name: String) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(name.utf8.count + 4)
    var previousLower = false
    for byte in name.utf8 {
      if byte >= 0x61 && byte <= 0x7A {
        bytes.append(byte - 0x20)
        previousLower = true
      } else if byte >= 0x41 && byte <= 0x5A {
        if previousLower { bytes.append(0x5F) }
        bytes.append(byte)
        previousLower = false
      } else if byte == 0x2D || byte == 0x2E || byte == 0x20 {
        bytes.append(0x5F)
        previousLower = false
      } else {
        bytes.append(byte)
        previousLower = byte >= 0x30 && byte <= 0x39 && previousLower
      }
    }
    return bytes
  }

  private static func isWordByte(_ byte: UInt8) -> Bool {
    (byte >= 0x41 && byte <= 0x5A)
  }

  /// True when a variable, setting, key, flag or header name says its value is a secret
  /// (`SECRET_KEY`, `DB_PASSWORD`, `FIELD_ENCRYPTION_KEY`, `Authorization`, `--api-token`).
  /// Byte-level on purpose: it runs for every name in every settings file and environment.
  public static func isSecretName(_ name: String) -> Bool {
    var bytes = normalized(name)
    // Flags: `--password`, `-p` is too short to mean anything.
    while bytes.first == 0x5F { bytes.removeFirst() }
    guard !bytes.isEmpty, bytes.count <= 256 else { return false }
    let text = String(decoding: bytes, as: UTF8.self)
    if wholeNames.contains(text) { return true }
    if let last = text.split(separator: "_").last, harmlessLastWords.contains(String(last)) {
      return false
    }
    if notSecretNames.contains(text) { return false }
    if text.hasSuffix("_KEY") || text.hasSuffix("_KEYS") { return true }
    return markers.contains { endsAWord(bytes, $0) }
  }

  /// True when the name is not secret by itself but its value is, when it looks random:
  /// `CACHE_KEY_PREFIX = "x8Hq…"`, `auth`, `key_id`, `passcode`.
  public static func isAmbiguousName(_ name: String) -> Bool {
    let bytes = normalized(name)
    guard bytes.count <= 256 else { return false }
    for marker in ["KEY", "AUTH", "PASS", "SECRET", "TOKEN", "CRED", "PRIVATE", "SIGNATURE", "CERT"] {
      if contains(bytes, Array(marker.utf8)) { return true }
    }
    return false
  }

  /// True when `needle` occurs in `haystack` followed by the end, `_` or a digit, and preceded
  /// by the start, `_` or any letter (`APITOKEN`, `DBPASSWORD` are secret).
  private static func endsAWord(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard needle.count <= haystack.count else { return false }
    var start = 0
    while start + needle.count <= haystack.count {
      if haystack[start] == needle[0], haystack[start..<(start + needle.count)].elementsEqual(needle) {
        let end = start + needle.count
        if end == haystack.count || !isWordByte(haystack[end]) { return true }
      }
      start += 1
    }
    return false
  }

  private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard needle.count <= haystack.count else { return false }
    var start = 0
    while start + needle.count <= haystack.count {
      if haystack[start] == needle[0], haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
      start += 1
    }
    return false
  }

  // MARK: Values

  /// True when the whole value is a credential of a known format, whatever its name.
  public static func isCredential(_ value: String) -> Bool {
    // Credentials are short; long text is masked inside (`redact`) instead. Byte counts first:
    // this runs for every string of every fact tree.
    let size = value.utf8.count
    guard size >= 16, size <= 16_384 else { return false }
    // Count words on bytes, without allocating: a credential is one word, or a scheme and one.
    var wordCount = 0
    var inWord = false
    for byte in value.utf8 {
      if isSpace(byte) {
        inWord = false
      } else if !inWord {
        inWord = true
        wordCount += 1
        if wordCount > 2 { break }
      }
    }
    if wordCount > 2 { return value.utf8.contains(0x2D) && value.contains("PRIVATE KEY-----") }
    let trimmed = value.trimmingASCIIWhitespace()
    if trimmed.utf8.count < 16 { return false }
    if trimmed.contains("PRIVATE KEY-----") || trimmed.contains("PRIVATE KEY BLOCK-----") { return true }
    if trimmed.hasPrefix("django-insecure-") { return true }
    let words = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
    // `Bearer <token>` as a whole value.
    if words.count == 2, ["bearer", "basic", "token", "digest"].contains(words[0].lowercased()) {
      return true
    }
    guard words.count == 1 else { return false }
    return tokenFormat(Substring(trimmed))
  }

  /// True when `word` is a token of a known format.
  static func tokenFormat(_ word: Substring) -> Bool {
    let bytes = Array(word.utf8)
    guard bytes.count >= 16 else { return false }
    func tail(_ prefix: String, minimum: Int, allowed: (UInt8) -> Bool) -> Bool {
      guard word.hasPrefix(prefix) else { return false }
      let rest = bytes.dropFirst(prefix.utf8.count)
      return rest.count >= minimum && rest.allSatisfy(allowed)
    }
    let alnum: (UInt8) -> Bool = { isAlnum($0) }
    let tokenChars: (UInt8) -> Bool = { isAlnum($0) || $0 == 0x2D || $0 == 0x5F }
    for prefix in ["AKIA", "ASIA", "ABIA", "ACCA", "A3T"] where word.hasPrefix(prefix) {
      let rest = bytes.dropFirst(prefix.utf8.count)
      if rest.count >= 16, rest.count <= 20, rest.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) }) {
        return true
      }
    }
    if tail("AIza", minimum: 35, allowed: tokenChars) { return true }
    if tail("ya29.", minimum: 20, allowed: { tokenChars($0) || $0 == 0x2E }) { return true }
    for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] where tail(prefix, minimum: 30, allowed: alnum) { return true }
    if tail("github_pat_", minimum: 22, allowed: tokenChars) { return true }
    for prefix in ["glpat-", "glptt-", "gldt-", "glrt-", "glcbt-", "gloas-", "GR1348941"] where tail(prefix, minimum: 20, allowed: tokenChars) {
      return true
    }
    for prefix in ["xoxb-", "xoxp-", "xoxa-", "xoxo-", "xoxr-", "xoxs-", "xapp-"] where tail(prefix, minimum: 10, allowed: tokenChars) {
      return true
    }
    if word.hasPrefix("https://hooks.slack.com/") { return true }
    if word.hasPrefix("django-insecure-") { return true }
    for prefix in ["sk_live_", "rk_live_", "sk_test_", "pk_live_", "whsec_", "sk-"] where tail(prefix, minimum: prefix == "sk-" ? 32 : 16, allowed: tokenChars) {
      return true
    }
    if word.hasPrefix("npm_"), tail("npm_", minimum: 36, allowed: alnum) { return true }
    return isJWT(bytes)
  }

  /// `eyJ…` header `.` payload `.` signature, base64url.
  static func isJWT(_ bytes: [UInt8]) -> Bool {
    guard bytes.count >= 20, bytes.starts(with: Array("eyJ".utf8)) else { return false }
    var parts = 1
    var partLength = 0
    for byte in bytes {
      if byte == 0x2E {
        guard partLength > 0 || parts == 2 else { return false }
        parts += 1
        partLength = 0
      } else if isAlnum(byte) || byte == 0x2D || byte == 0x5F || byte == 0x3D {
        partLength += 1
      } else {
        return false
      }
    }
    return parts == 3
  }

  static func isAlnum(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
  }

  /// True when a value looks randomly generated: at least 16 characters without spaces, `.`,
  /// `/`, `:` or `\`, digits or three character classes, and more than 3 bits of entropy per
  /// character. Used only where a name already hints at a secret.
  public static func looksRandom(_ value: String) -> Bool {
    let bytes = Array(value.utf8)
    guard bytes.count >= 16, bytes.count <= 4096 else { return false }
    var counts = [Int](repeating: 0, count: 256)
    var classes = Set<Int>()
    for byte in bytes {
      if byte <= 0x20 || byte >= 0x7F { return false }
      counts[Int(byte)] += 1
      if byte >= 0x30 && byte <= 0x39 { classes.insert(0) }
      else if byte >= 0x41 && byte <= 0x5A { classes.insert(1) }
      else if byte >= 0x61 && byte <= 0x7A { classes.insert(2) }
      else { classes.insert(3) }
    }
    // Paths, URLs, dotted module names (`django.contrib.auth.hashers.MD5PasswordHasher`) and
    // host:port pairs are not random.
    if bytes.contains(where: { $0 == 0x2F || $0 == 0x2E || $0 == 0x3A || $0 == 0x5C }) { return false }
    var entropy = 0.0
    let total = Double(bytes.count)
    for count in counts where count > 0 {
      let p = Double(count) / total
      entropy -= p * log2(p)
    }
    return entropy > 3.0 && classes.count >= 2 && (classes.contains(0) || classes.count >= 3)
  }

  // MARK: Facts

  /// The fact for a named value: a `secret` when the name or the value says so, else the text
  /// with embedded secrets masked.
  public static func fact(name: String?, value: String, at location: SourceLocation?) -> Fact {
    if isSecret(name: name, value: value) { return .secret(value, at: location) }
    return .string(redact(value), at: location)
  }

  /// True when the value under `name` must be kept only as a `Secret`.
  public static func isSecret(name: String?, value: String) -> Bool {
    if let name, isSecretName(name) { return true }
    if isCredential(value) { return true }
    if let name, isAmbiguousName(name), looksRandom(value) { return true }
    return false
  }

  /// `isSecret` with the name's verdicts already known (the final pass caches them per name).
  static func isSecret(nameIsSecret: Bool, nameIsAmbiguous: Bool, value: String) -> Bool {
    nameIsSecret || isCredential(value) || (nameIsAmbiguous && looksRandom(value))
  }

  // MARK: HTTP headers

  /// Header names whose whole value is a credential.
  public static func isCredentialHeader(_ name: String) -> Bool {
    switch name.lowercased() {
    case "authorization", "proxy-authorization", "x-api-key", "x-auth-token", "x-amz-security-token",
      "x-csrftoken", "x-csrf-token", "private-token", "x-gitlab-token", "x-vault-token":
      return true
    default: return isSecretName(name) && name.lowercased() != "cookie" && name.lowercased() != "set-cookie"
    }
  }

  /// An HTTP header's value with every credential masked, keeping its structure so rules can
  /// still read it:
  /// - `Authorization: Bearer x` → `Bearer ****` (the scheme stays),
  /// - `Cookie: a=1; b=2` → `a=****; b=****` (the names stay),
  /// - `Set-Cookie: sid=abc; Secure; HttpOnly` → `sid=****; Secure; HttpOnly` (the attributes
  ///   stay, only the cookie's value is masked),
  /// - any other header: `redact(value)`.
  ///
  /// Readers of HTTP evidence call it for every request and response header before the value
  /// becomes a fact, and `secretHeaderValue` to keep the credential as a `Secret`.
  public static func maskHeader(name: String, value: String) -> String {
    let lower = name.lowercased()
    if lower == "set-cookie" {
      guard let equals = value.firstIndex(of: "=") else { return value }
      let end = value[equals...].firstIndex(of: ";") ?? value.endIndex
      if value.index(after: equals) == end { return value }
      return String(value[...equals]) + mask + value[end...]
    }
    if lower == "cookie" {
      return value.split(separator: ";", omittingEmptySubsequences: false).map { pair -> String in
        guard let equals = pair.firstIndex(of: "=") else { return String(pair) }
        return String(pair[...equals]) + mask
      }.joined(separator: ";")
    }
    if isCredentialHeader(name) {
      let parts = value.split(separator: " ", maxSplits: 1)
      if parts.count == 2, parts[0].allSatisfy({ $0.isLetter }), parts[0].count <= 16 { return "\(parts[0]) \(mask)" }
      return mask
    }
    return redact(value)
  }

  /// The credential inside a header as a `Secret` (for fingerprints and strength), or nil when
  /// the header carries none: the token of `Authorization`, the value of a `Set-Cookie`.
  public static func secretHeaderValue(name: String, value: String) -> Secret? {
    let lower = name.lowercased()
    if lower == "set-cookie" {
      guard let equals = value.firstIndex(of: "=") else { return nil }
      let end = value[equals...].firstIndex(of: ";") ?? value.endIndex
      return Secret(String(value[value.index(after: equals)..<end]))
    }
    if lower == "cookie" { return Secret(value) }
    if isCredentialHeader(name) {
      let parts = value.split(separator: " ", maxSplits: 1)
      if parts.count == 2, parts[0].allSatisfy({ $0.isLetter }), parts[0].count <= 16 { return Secret(String(parts[1])) }
      return Secret(value)
    }
    return nil
  }
}

extension String {
  func trimmingASCIIWhitespace() -> Substring {
    Substring(trimmingCharacters(in: .whitespacesAndNewlines))
  }
}
