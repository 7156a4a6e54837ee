extension SecretDetector {
  /// `text` with every secret inside it replaced by `****`; the rest kept byte for byte.
  ///
  /// Masks PEM private-key blocks, `user:password@` in URLs, the value of `NAME=value`,
  /// `--name=value`, `?name=value` and `--name value` when the name is secret (or the value is
  /// a credential of a known format), the word after `Bearer`/`Basic`/`Token`/`Digest`, the word
  /// after `Authorization:` (or a credential header name), and every word that is a credential
  /// of a known format (`isCredential`). Linear in the length of `text`; text with nothing to
  /// mask comes back unchanged (and unallocated).
  public static func redact(_ text: String) -> String {
    // Fast path, for the many short values of a fact tree: one word shorter than any token,
    // with no `=` (assignment) or `@` (URL credentials), holds nothing to mask.
    let utf8 = text.utf8
    if utf8.count < 16, !utf8.contains(where: { $0 == 0x3D || $0 == 0x40 || isSpace($0) }) { return text }
    var bytes = Array(utf8)
    var changed = false
    if maskPEMBlocks(&bytes) { changed = true }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var index = 0
    var previousCore: ArraySlice<UInt8> = []
    while index < bytes.count {
      let byte = bytes[index]
      if isSpace(byte) {
        out.append(byte)
        index += 1
        continue
      }
      var end = index
      while end < bytes.count, !isSpace(bytes[end]) { end += 1 }
      let word = bytes[index..<end]
      if let masked = maskWord(word, after: previousCore) {
        changed = true
        out += masked
      } else {
        out += word
      }
      previousCore = core(of: word)
      index = end
    }
    return changed ? String(decoding: out, as: UTF8.self) : text
  }

  static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C || byte == 0x0B
  }

  /// Punctuation that quotes or ends a word in configuration and prose.
  static func isWrapper(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x22, 0x27, 0x60, 0x2C, 0x3B, 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0x3C, 0x3E: return true
    default: return false
    }
  }

  /// The word without surrounding quotes, commas, semicolons and brackets.
  static func core(of word: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    var slice = word
    while let first = slice.first, isWrapper(first) { slice = slice.dropFirst() }
    while let last = slice.last, isWrapper(last) { slice = slice.dropLast() }
    return slice
  }

  static let schemes: Set<String> = ["bearer", "basic", "token", "digest", "apikey", "api-key"]

  /// Header names that, written bare before a word (`proxy_set_header X-Api-Key abc`), make
  /// that word a credential.
  static let bareCredentialHeaders: Set<String> = [
    "authorization", "proxy-authorization", "x-api-key", "x-auth-token", "private-token", "x-vault-token",
    "x-gitlab-token", "x-amz-security-token",
  ]

  /// Case-insensitive: true when `bytes` is one of the auth schemes (`Bearer`, `Basic`, …).
  static func isScheme(_ bytes: ArraySlice<UInt8>) -> Bool {
    guard bytes.count >= 5, bytes.count <= 7 else { return false }
    return schemeBytes.contains { scheme in
      scheme.count == bytes.count
        && zip(scheme, bytes).allSatisfy { expected, byte in (byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte) == expected }
    }
  }

  static let schemeBytes: [[UInt8]] = schemes.map { Array($0.utf8) }

  /// Case-insensitive: true when `bytes` may hold a secret marker, so only such names pay for
  /// `isSecretName` (this runs for every flag and header-like word of every string).
  static func mayNameASecret(_ bytes: ArraySlice<UInt8>) -> Bool {
    let upper = bytes.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
    for needle in nameHints where find(needle, in: upper, from: 0) != nil { return true }
    return false
  }

  static let nameHints: [[UInt8]] = ["SECRET", "PASS", "PWD", "TOKEN", "KEY", "CREDENTIAL", "DSN", "SALT", "AUTH", "COOKIE"]
    .map { Array($0.utf8) }

  /// One word with the secrets in it masked, or nil when it holds none.
  static func maskWord(_ word: ArraySlice<UInt8>, after previousCore: ArraySlice<UInt8>) -> [UInt8]? {
    let inner = core(of: word)
    guard !inner.isEmpty else { return nil }
    let lead = word[word.startIndex..<inner.startIndex]
    let trail = word[inner.endIndex..<word.endIndex]
    func masked() -> [UInt8] { Array(lead) + Array(mask.utf8) + Array(trail) }
    // After an auth scheme, or after a secret name used as a flag or a header (`--password x`,
    // `Authorization: x`, `X-Api-Key x`): the whole word is the secret, unless it is the scheme.
    // Cheap byte tests first: this runs for every word of every string.
    if let last = previousCore.last, let head = previousCore.first, previousCore.count <= 128 {
      let innerIsScheme = isScheme(inner)
      if !innerIsScheme, inner.count >= 3, isScheme(previousCore) { return masked() }
      var name: ArraySlice<UInt8>?
      var bare = false
      if last == 0x3A {
        // `file.py:38:1:` is a source position before a message, not a key.
        let key = previousCore.dropLast()
        let position = key.contains(0x3A) && (key.last.map { $0 >= 0x30 && $0 <= 0x39 } ?? false)
        name = position ? nil : key
      } else if head == 0x2D, !previousCore.contains(0x3D) {
        name = previousCore
      } else if previousCore.count >= 9, [0x41, 0x61, 0x50, 0x70, 0x58, 0x78].contains(head) {
        name = previousCore
        bare = true
      }
      if let name, !innerIsScheme, !name.isEmpty, mayNameASecret(name),
        inner.first != 0x2D, inner.first != 0x24, !inner.starts(with: [0x25, 0x28])
      {
        let text = String(decoding: name, as: UTF8.self)
        let secret = bare ? bareCredentialHeaders.contains(text.lowercased()) : (isSecretName(text) || isCredentialHeader(text))
        if secret { return masked() }
      }
    }
    guard inner.count >= 16 || inner.contains(0x3D) || inner.contains(0x40) else { return nil }
    let innerText = String(decoding: inner, as: UTF8.self)
    var changed = false
    var text = innerText
    if tokenFormat(Substring(text)) { return masked() }
    if text.contains("://") {
      let (maskedURL, password) = SecretNames.maskURLPassword(text)
      if password != nil {
        text = maskedURL
        changed = true
      }
    }
    if text.contains("=") {
      let (maskedText, didMask) = maskAssignments(text)
      if didMask {
        text = maskedText
        changed = true
      }
    }
    guard changed else { return nil }
    return Array(lead) + Array(text.utf8) + Array(trail)
  }

  /// Masks the values of `name=value` pairs joined by `&` or `,` (a query string, one
  /// assignment, `--flag=value`) whose name is secret or whose value is a credential.
  static func maskAssignments(_ text: String) -> (String, Bool) {
    var changed = false
    var result = ""
    var rest = Substring(text)
    // Keep whatever precedes the query of a URL.
    if let question = rest.firstIndex(of: "?") {
      result += rest[...question]
      rest = rest[rest.index(after: question)...]
    }
    let pairs = rest.split(separator: "&", omittingEmptySubsequences: false)
    for (offset, pair) in pairs.enumerated() {
      if offset > 0 { result += "&" }
      guard let equals = pair.firstIndex(of: "=") else {
        result += pair
        continue
      }
      var name = pair[..<equals]
      while name.first == "-" { name = name.dropFirst() }
      let value = pair[pair.index(after: equals)...]
      let isReference = value.hasPrefix("$") || value.hasPrefix("%(") || value.hasPrefix("{{")
      if !value.isEmpty, !isReference, value != Substring(mask),
        isSecretName(String(name)) || tokenFormat(value) || (isAmbiguousName(String(name)) && looksRandom(String(value)))
      {
        result += pair[...equals] + mask
        changed = true
      } else {
        result += pair
      }
    }
    return (result, changed)
  }

  /// Replaces `-----BEGIN … PRIVATE KEY-----` … `-----END …-----` (or to the end) with `****`.
  static func maskPEMBlocks(_ bytes: inout [UInt8]) -> Bool {
    let begin = Array("-----BEGIN ".utf8)
    guard let first = find(begin, in: bytes, from: 0) else { return false }
    var out: [UInt8] = Array(bytes[..<first])
    var index = first
    var changed = false
    while index < bytes.count {
      guard let start = find(begin, in: bytes, from: index) else {
        out += bytes[index...]
        break
      }
      out += bytes[index..<start]
      // The header line ends at the next "-----" after BEGIN.
      let headerEnd = find(Array("-----".utf8), in: bytes, from: start + begin.count).map { $0 + 5 } ?? bytes.count
      let header = String(decoding: bytes[start..<headerEnd], as: UTF8.self)
      guard header.contains("PRIVATE KEY") else {
        out += bytes[start..<headerEnd]
        index = headerEnd
        continue
      }
      let endMarker = Array("-----END ".utf8)
      var stop = bytes.count
      if let endStart = find(endMarker, in: bytes, from: headerEnd) {
        stop = find(Array("-----".utf8), in: bytes, from: endStart + endMarker.count).map { $0 + 5 } ?? bytes.count
      }
      out += Array(mask.utf8)
      changed = true
      index = stop
    }
    if changed { bytes = out }
    return changed
  }

  static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
    guard !needle.isEmpty, start < haystack.count, needle.count <= haystack.count - start else { return nil }
    var index = start
    while index + needle.count <= haystack.count {
      if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
      index += 1
    }
    return nil
  }
}
