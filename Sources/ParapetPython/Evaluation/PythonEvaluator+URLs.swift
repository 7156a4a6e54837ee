import ParapetFacts

/// `urllib.parse.urlparse`/`urlsplit` and Django's `split_domain_port`, which settings use to
/// derive `ALLOWED_HOSTS` and `CSRF_TRUSTED_ORIGINS` from a site URL.
extension PythonEvaluator {
  /// Handles the call when `name` is one of these functions; nil otherwise.
  func urlCall(_ name: String, _ positional: [PythonValue], at location: SourceLocation) -> PythonValue? {
    switch name {
    case "urllib.parse.urlparse", "urllib.parse.urlsplit":
      guard let first = positional.first else { return nil }
      guard let text = first.stringValue else {
        return .unknown("\(name)() of \(first.typeName)", at: location).merging([first])
      }
      return urlResult(text, withParams: name.hasSuffix("urlparse"), at: location).merging(positional)
    case "django.http.request.split_domain_port", "django.http.split_domain_port":
      guard let text = positional.first?.stringValue else { return nil }
      let (domain, port) = Self.splitDomainPort(text)
      return PythonValue(.tuple([PythonValue(.string(domain), at: location), PythonValue(.string(port), at: location)]), at: location)
        .merging(positional)
    default:
      return nil
    }
  }

  /// A `ParseResult`/`SplitResult`: an object with the components as attributes; anything else
  /// it has (`geturl()`, indexing) is unknown.
  private func urlResult(_ text: String, withParams: Bool, at location: SourceLocation) -> PythonValue {
    var rest = Substring(text)
    var scheme = ""
    if let colon = rest.firstIndex(of: ":"), let first = rest.first, first.isASCII, first.isLetter,
      rest[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
    {
      scheme = rest[..<colon].lowercased()
      rest = rest[rest.index(after: colon)...]
    }
    var netloc = ""
    if rest.hasPrefix("//") {
      rest = rest.dropFirst(2)
      let end = rest.firstIndex { "/?#".contains($0) } ?? rest.endIndex
      netloc = String(rest[..<end])
      rest = rest[end...]
    }
    var fragment = ""
    if let hash = rest.firstIndex(of: "#") {
      fragment = String(rest[rest.index(after: hash)...])
      rest = rest[..<hash]
    }
    var query = ""
    if let question = rest.firstIndex(of: "?") {
      query = String(rest[rest.index(after: question)...])
      rest = rest[..<question]
    }
    var path = String(rest)
    var params = ""
    if withParams, let slash = path.lastIndex(of: "/").map({ path.index(after: $0) }) ?? Optional(path.startIndex),
      let semicolon = path[slash...].firstIndex(of: ";")
    {
      params = String(path[path.index(after: semicolon)...])
      path = String(path[..<semicolon])
    }
    let module = PythonModule(name: "urllib.parse", path: nil)
    let type = PythonClass(name: withParams ? "ParseResult" : "SplitResult", module: module, location: location, bases: [])
    type.mro = [type]
    type.opaqueBases = ["urllib.parse." + type.name]
    let instance = PythonInstance(type: type)
    func string(_ value: String) -> PythonValue { PythonValue(.string(value), at: location) }
    instance.attributes["scheme"] = string(scheme)
    instance.attributes["netloc"] = string(netloc)
    instance.attributes["path"] = string(path)
    if withParams { instance.attributes["params"] = string(params) }
    instance.attributes["query"] = string(query)
    instance.attributes["fragment"] = string(fragment)
    var userinfo: Substring?
    var hostport = Substring(netloc)
    if let at = netloc.lastIndex(of: "@") {
      userinfo = netloc[..<at]
      hostport = netloc[netloc.index(after: at)...]
    }
    let user = userinfo.map { $0.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false) }
    instance.attributes["username"] = user.map { string(String($0[0])) } ?? PythonValue(.none, at: location)
    instance.attributes["password"] = user.flatMap { $0.count > 1 ? string(String($0[1])) : nil } ?? PythonValue(.none, at: location)
    var host = hostport
    var port: Substring?
    if hostport.hasPrefix("["), let close = hostport.firstIndex(of: "]") {
      host = hostport[hostport.index(after: hostport.startIndex)..<close]
      let after = hostport[hostport.index(after: close)...]
      if after.hasPrefix(":") { port = after.dropFirst() }
    } else if let colon = hostport.lastIndex(of: ":") {
      host = hostport[..<colon]
      port = hostport[hostport.index(after: colon)...]
    }
    instance.attributes["hostname"] = host.isEmpty ? PythonValue(.none, at: location) : string(host.lowercased())
    if let port, !port.isEmpty {
      if port.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(port), number <= 65535 {
        instance.attributes["port"] = PythonValue(.integer(number), at: location)
      } else {
        instance.attributes["port"] = .unknown("the port of \(netloc), which Python rejects when read", at: location)
      }
    } else {
      instance.attributes["port"] = PythonValue(.none, at: location)
    }
    return PythonValue(.object(.instance(instance)), at: location)
  }

  /// Django's `split_domain_port`: lower-cased host and port, ("", "") when the host is not
  /// valid.
  static func splitDomainPort(_ text: String) -> (String, String) {
    let host = text.lowercased()
    var domain = Substring(host)
    var port = Substring("")
    if host.hasPrefix("[") {
      guard let close = host.firstIndex(of: "]") else { return ("", "") }
      domain = host[...close]
      let after = host[host.index(after: close)...]
      if !after.isEmpty {
        guard after.hasPrefix(":") else { return ("", "") }
        port = after.dropFirst()
      }
      let inner = domain.dropFirst().dropLast()
      guard inner.contains(":"), inner.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return ("", "") }
    } else {
      if let colon = host.lastIndex(of: ":") {
        domain = host[..<colon]
        port = host[host.index(after: colon)...]
      }
      guard !domain.isEmpty, domain.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) else {
        return ("", "")
      }
    }
    if host.contains(":") && !host.hasPrefix("[") {
      guard !port.isEmpty, port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return ("", "") }
    } else if !port.isEmpty {
      guard port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return ("", "") }
    }
    return (String(domain.hasSuffix(".") ? domain.dropLast() : domain), String(port))
  }
}
