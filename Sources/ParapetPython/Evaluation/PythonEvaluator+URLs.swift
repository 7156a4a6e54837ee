import ParapetFacts

/// `urllib.parse.urlparse`/`urlsplit` and Django's `split_domain_port`, which settings use to
/// derive `ALLOWED_HOSTS` and `CSRF_TRUSTED_ORIGINS` from a site URL.
extension PythonEvaluator {
  /// Handles the call when `name` is one of these functions; nil otherwise.
  func urlCall(_ name: String, _ positional: [PythonValue], at location: SourceLocation) throws(PythonException) -> PythonValue? {
    switch name {
    case "urllib.parse.urlparse", "urllib.parse.urlsplit":
      guard let first = positional.first else { return nil }
      if case .object(.instance(let instance)) = first.kind {
        // Not a str: urllib decodes it as bytes (`x.decode(…)`), which an instance lacks
        // (django-environ's proxied env.url() parses its own ParseResult again).
        throw PythonException(
          type: "AttributeError", message: "'\(instance.type.name)' object has no attribute 'decode'", location: location,
          uses: first.uses)
      }
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

  /// A `ParseResult`/`SplitResult`: an object with the components as attributes, parsed by
  /// the one model of `urllib.parse` (`PythonURL`); anything else it has (`geturl()`,
  /// indexing) is unknown.
  private func urlResult(_ text: String, withParams: Bool, at location: SourceLocation) -> PythonValue {
    let url: PythonURL
    do {
      url = try PythonURL(text, withParams: withParams)
    } catch {
      return .unknown("urllib.parse of \(text) raises ValueError (\(error.message))", at: location)
    }
    let module = PythonModule(name: "urllib.parse", path: nil)
    let type = PythonClass(name: withParams ? "ParseResult" : "SplitResult", module: module, location: location, bases: [])
    type.mro = [type]
    type.opaqueBases = ["urllib.parse." + type.name]
    let instance = PythonInstance(type: type)
    func string(_ value: String?) -> PythonValue {
      value.map { PythonValue(.string($0), at: location) } ?? PythonValue(.none, at: location)
    }
    instance.attributes["scheme"] = string(url.scheme)
    instance.attributes["netloc"] = string(url.netloc)
    instance.attributes["path"] = string(url.path)
    if withParams { instance.attributes["params"] = string(url.params) }
    instance.attributes["query"] = string(url.query)
    instance.attributes["fragment"] = string(url.fragment)
    instance.attributes["username"] = string(url.username)
    instance.attributes["password"] = string(url.password)
    instance.attributes["hostname"] = string(url.hostname)
    do {
      instance.attributes["port"] = try url.port().map { PythonValue(.integer($0), at: location) }
        ?? PythonValue(.none, at: location)
    } catch {
      // Python raises ValueError only when `.port` is read.
      instance.attributes["port"] = .unknown("the port of \(url.netloc), which Python rejects when read", at: location)
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
