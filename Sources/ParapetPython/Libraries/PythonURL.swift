/// `urllib.parse` as CPython 3.11+ does it: `urlsplit`/`urlparse` and the `username`,
/// `password`, `hostname` and `port` properties, `unquote`, `unquote_plus`, `quote`,
/// `parse_qs` and `urlunparse`. django-environ and dj-database-url build their settings from
/// these, so their quirks (lower-cased hosts, blank query values dropped, a bad port raising
/// ValueError only when read) are the libraries' quirks.
package struct PythonURL: Sendable, Equatable {
  package var scheme = ""
  package var netloc = ""
  package var path = ""
  package var params = ""
  package var query = ""
  package var fragment = ""

  /// Schemes whose paths carry `;params` (`urllib.parse.uses_params`).
  static let usesParams: Set<String> = [
    "", "ftp", "hdl", "prospero", "http", "imap", "https", "shttp", "rtsp", "rtsps", "rtspu",
    "sip", "sips", "mms", "sftp", "tel",
  ]
  /// Schemes written with `//` even when the netloc is empty (`urllib.parse.uses_netloc`).
  static let usesNetloc: Set<String> = [
    "", "ftp", "http", "gopher", "nntp", "telnet", "imap", "wais", "file", "mms", "https",
    "shttp", "snews", "prospero", "rtsp", "rtsps", "rtspu", "rsync", "svn", "svn+ssh", "sftp",
    "nfs", "git", "git+ssh", "ws", "wss", "itms-services",
  ]

  package struct InvalidURL: Error { package var message: String }

  /// `urlsplit(text)` (`withParams` false) or `urlparse(text)`.
  package init(_ text: String, withParams: Bool = true) throws(InvalidURL) {
    var url = Substring(text)
    // Leading C0 controls and spaces are stripped; tabs and newlines removed anywhere.
    url = url.drop { $0.unicodeScalars.allSatisfy { $0.value <= 0x20 } }
    url = Substring(url.filter { $0 != "\t" && $0 != "\r" && $0 != "\n" && $0 != "\r\n" })
    if let colon = url.firstIndex(of: ":"), colon != url.startIndex,
      let first = url.first, first.isASCII, first.isLetter,
      url[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
    {
      scheme = url[..<colon].lowercased()
      url = url[url.index(after: colon)...]
    }
    if url.hasPrefix("//") {
      let rest = url.dropFirst(2)
      let end = rest.firstIndex { "/?#".contains($0) } ?? rest.endIndex
      netloc = String(rest[..<end])
      url = rest[end...]
      if netloc.contains("[") != netloc.contains("]") { throw InvalidURL(message: "Invalid IPv6 URL") }
    }
    if let hash = url.firstIndex(of: "#") {
      fragment = String(url[url.index(after: hash)...])
      url = url[..<hash]
    }
    if let mark = url.firstIndex(of: "?") {
      query = String(url[url.index(after: mark)...])
      url = url[..<mark]
    }
    path = String(url)
    if withParams, Self.usesParams.contains(scheme), path.contains(";") {
      let slash = path.lastIndex(of: "/") ?? path.startIndex
      if let semicolon = path[slash...].firstIndex(of: ";") {
        params = String(path[path.index(after: semicolon)...])
        path = String(path[..<semicolon])
      }
    }
  }

  private var userinfo: (user: String, password: String?)? {
    guard let at = netloc.lastIndex(of: "@") else { return nil }
    let info = netloc[..<at]
    if let colon = info.firstIndex(of: ":") {
      return (String(info[..<colon]), String(info[info.index(after: colon)...]))
    }
    return (String(info), nil)
  }

  private var hostinfo: (host: String, port: String?) {
    var info = Substring(netloc)
    if let at = netloc.lastIndex(of: "@") { info = netloc[netloc.index(after: at)...] }
    var host: Substring
    var port: Substring
    if let open = info.firstIndex(of: "[") {
      let bracketed = info[info.index(after: open)...]
      let close = bracketed.firstIndex(of: "]") ?? bracketed.endIndex
      host = bracketed[..<close]
      let after = close < bracketed.endIndex ? bracketed[bracketed.index(after: close)...] : ""
      port = after.firstIndex(of: ":").map { after[after.index(after: $0)...] } ?? ""
    } else if let colon = info.firstIndex(of: ":") {
      host = info[..<colon]
      port = info[info.index(after: colon)...]
    } else {
      host = info
      port = ""
    }
    return (String(host), port.isEmpty ? nil : String(port))
  }

  package var username: String? { userinfo?.user }
  package var password: String? { userinfo?.password }

  /// Lower-cased, nil when empty.
  package var hostname: String? {
    let host = hostinfo.host
    if host.isEmpty { return nil }
    if let percent = host.firstIndex(of: "%") {
      return host[..<percent].lowercased() + host[percent...]
    }
    return host.lowercased()
  }

  /// The port; ValueError when it is not a number in 0…65535.
  package func port() throws(InvalidURL) -> Int? {
    guard let text = hostinfo.port else { return nil }
    guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text) else {
      throw InvalidURL(message: "Port could not be cast to integer value as '\(text)'")
    }
    guard number <= 65535 else { throw InvalidURL(message: "Port out of range 0-65535") }
    return number
  }

  /// `urlunparse` of the six parts.
  package var unparsed: String {
    var url = path
    if !params.isEmpty { url += ";" + params }
    if !netloc.isEmpty || (!scheme.isEmpty && Self.usesNetloc.contains(scheme) && !url.hasPrefix("//")) {
      if !url.isEmpty && !url.hasPrefix("/") { url = "/" + url }
      url = "//" + netloc + url
    }
    if !scheme.isEmpty { url = scheme + ":" + url }
    if !query.isEmpty { url += "?" + query }
    if !fragment.isEmpty { url += "#" + fragment }
    return url
  }

  /// `urllib.parse.unquote`: %XX sequences decoded as UTF-8 (invalid bytes become U+FFFD).
  package static func unquote(_ text: String) -> String {
    guard text.contains("%") else { return text }
    var out: [UInt8] = []
    let bytes = Array(text.utf8)
    var index = 0
    while index < bytes.count {
      if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
        let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2])
      {
        out.append(high << 4 | low)
        index += 3
      } else {
        out.append(bytes[index])
        index += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  private static func hex(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }

  package static func unquotePlus(_ text: String) -> String {
    unquote(text.replacingOccurrences(of: "+", with: " "))
  }

  /// `urllib.parse.quote(text, safe)`: every byte but letters, digits, `_.-~` and `safe`
  /// percent-encoded.
  package static func quote(_ text: String, safe: String) -> String {
    var out = ""
    for byte in text.utf8 {
      let scalar = Unicode.Scalar(byte)
      if byte < 0x80 && (Character(scalar).isLetter || Character(scalar).isNumber || "_.-~".unicodeScalars.contains(scalar) || safe.unicodeScalars.contains(scalar)) {
        out.unicodeScalars.append(scalar)
      } else {
        let digits = Array("0123456789ABCDEF")
        out += "%" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
      }
    }
    return out
  }

  /// `urllib.parse.parse_qs(query)`: `&`-separated pairs, `+` as space, blank values and
  /// pairs without `=` dropped, repeated names collected in order.
  package static func parseQuery(_ query: String) -> [(String, [String])] {
    var out: [(String, [String])] = []
    for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
      guard let equals = pair.firstIndex(of: "=") else { continue }
      let value = pair[pair.index(after: equals)...]
      guard !value.isEmpty else { continue }
      let name = unquote(pair[..<equals].replacingOccurrences(of: "+", with: " "))
      let decoded = unquote(value.replacingOccurrences(of: "+", with: " "))
      if let index = out.firstIndex(where: { $0.0 == name }) {
        out[index].1.append(decoded)
      } else {
        out.append((name, [decoded]))
      }
    }
    return out
  }
}
