import Foundation
import OrderedCollections
import ParapetFacts

/// Computes the effective configuration of each `server` and `location` from expanded
/// directives, applying nginx's inheritance rules.
enum NginxEvaluator {
  /// Directives that inherit as one set: a level with any of them ignores its parent's.
  struct Level {
    var headers: [NginxParser.Directive] = []
    var proxyHeaders: [NginxParser.Directive] = []
    var uwsgiParams: [NginxParser.Directive] = []
    var serverTokens: NginxParser.Directive?
    var sslProtocols: NginxParser.Directive?
    var headerInherit = "on"

    /// The child's effective level: its own directives, or the parent's where it has none.
    func child(_ directives: [NginxParser.Directive]) -> Level {
      var own = Level()
      for directive in directives {
        switch directive.name {
        case "add_header": own.headers.append(directive)
        case "proxy_set_header": own.proxyHeaders.append(directive)
        case "uwsgi_param": own.uwsgiParams.append(directive)
        case "server_tokens": own.serverTokens = directive
        case "ssl_protocols": own.sslProtocols = directive
        case "add_header_inherit": own.headerInherit = directive.args.first ?? "on"
        default: break
        }
      }
      var result = own
      if own.headers.isEmpty && own.headerInherit != "off" {
        result.headers = headers
      } else if own.headerInherit == "merge" {
        result.headers = headers + own.headers
      }
      if own.proxyHeaders.isEmpty { result.proxyHeaders = proxyHeaders }
      if own.uwsgiParams.isEmpty { result.uwsgiParams = uwsgiParams }
      result.serverTokens = own.serverTokens ?? serverTokens
      result.sslProtocols = own.sslProtocols ?? sslProtocols
      return result
    }
  }

  static func at(_ directive: NginxParser.Directive) -> SourceLocation {
    SourceLocation(file: directive.file, line: directive.line)
  }

  /// The server facts of one top-level configuration.
  static func servers(_ directives: [NginxParser.Directive], root: String) -> [Fact] {
    var results: [Fact] = []
    let base = Level()
    // A full nginx.conf has `http { … }`; a `conf.d` or `sites-available` file holds server
    // blocks that nginx reads inside `http`.
    let httpBlocks = directives.filter { $0.name == "http" }
    if httpBlocks.isEmpty {
      let level = base.child(directives)
      for server in directives where server.name == "server" {
        results.append(serverFact(server, parent: level, root: root))
      }
    } else {
      for http in httpBlocks {
        let level = base.child(http.block ?? [])
        for server in http.block ?? [] where server.name == "server" {
          results.append(serverFact(server, parent: level, root: root))
        }
      }
    }
    return results
  }

  static func headerFacts(_ headers: [NginxParser.Directive]) -> Fact {
    .list(
      headers.map { header in
        let at = at(header)
        var map: OrderedDictionary<String, Fact> = [:]
        let name = header.args.first ?? ""
        map["name"] = .string(name.lowercased(), at: at)
        map["value"] = .string(header.args.count > 1 ? header.args[1] : "", at: at)
        map["always"] = .bool(header.args.dropFirst(2).contains("always"), at: at)
        return .map(map, at: at)
      })
  }

  static func serverFact(_ server: NginxParser.Directive, parent: Level, root: String) -> Fact {
    let block = server.block ?? []
    let level = parent.child(block)
    let where_ = at(server)
    var map: OrderedDictionary<String, Fact> = [:]
    map["config"] = .string(root, at: where_)
    var names: [Fact] = []
    var listens: [Fact] = []
    var ssl = false
    for directive in block {
      switch directive.name {
      case "server_name": names += directive.args.map { .string($0, at: at(directive)) }
      case "listen":
        let fact = listenFact(directive)
        if fact["ssl"]?.value == .bool(true) { ssl = true }
        listens.append(fact)
      case "ssl": if directive.args.first == "on" { ssl = true }
      default: break
      }
    }
    if listens.isEmpty {
      listens.append(
        .map(
          ["address": .string("*", at: where_), "port": .integer(80, at: where_), "ssl": .bool(false, at: where_),
           "default_server": .bool(false, at: where_), "implicit": .bool(true, at: where_)], at: where_))
    }
    map["server_names"] = .list(names, at: where_)
    map["listen"] = .list(listens, at: where_)
    map["ssl"] = .bool(ssl, at: where_)
    if let protocols = level.sslProtocols {
      map["ssl_protocols"] = .list(protocols.args.map { .string($0, at: at(protocols)) }, at: at(protocols))
    } else {
      map["ssl_protocols"] = .unknown(
        "ssl_protocols not set: nginx's default is TLSv1 TLSv1.1 TLSv1.2 before 1.23.4 and TLSv1.2 TLSv1.3 from 1.23.4",
        at: where_)
    }
    if let tokens = level.serverTokens {
      map["server_tokens"] = .string(tokens.args.first ?? "on", at: at(tokens))
      map["server_tokens_explicit"] = .bool(true, at: at(tokens))
    } else {
      // The default is `on`: the version goes into `Server` and error pages.
      map["server_tokens"] = .string("on", at: where_)
      map["server_tokens_explicit"] = .bool(false, at: where_)
    }
    map["headers"] = headerFacts(level.headers)
    // `http`-level headers this server no longer sends because it declares its own.
    let own = Set(level.headers.compactMap { $0.args.first?.lowercased() })
    map["dropped_headers"] = .list(
      parent.headers.filter { !own.contains($0.args.first?.lowercased() ?? "") }
        .map { .string($0.args.first?.lowercased() ?? "", at: at($0)) }, at: where_)
    map["proxy_headers"] = proxyHeaderFacts(level)
    var redirect = redirectFact(block)
    var locations: [Fact] = []
    for directive in block where directive.name == "location" {
      locations += locationFacts(directive, parent: level, server: level, depth: 0)
      // `location / { return 301 https://… }` redirects the whole server too.
      if redirect == nil, directive.args.last == "/", let inner = redirectFact(directive.block ?? []) {
        redirect = inner
      }
    }
    map["return"] = redirect ?? .null(at: where_)
    map["redirects_to_https"] = .bool(redirect?["https"]?.value == .bool(true), at: redirect?.location ?? where_)
    map["locations"] = .list(locations, at: where_)
    map["proxies"] = .bool(locations.contains { $0["proxies"]?.value == .bool(true) }, at: where_)
    return .map(map, at: where_)
  }

  static func listenFact(_ directive: NginxParser.Directive) -> Fact {
    let where_ = at(directive)
    let target = directive.args.first ?? "80"
    var address = "*"
    var port = target
    if target.hasPrefix("unix:") {
      address = target
      port = ""
    } else if target.hasPrefix("["), let close = target.firstIndex(of: "]") {
      address = String(target[...close])
      port = String(target[target.index(after: close)...].dropFirst())
    } else if let colon = target.lastIndex(of: ":") {
      address = String(target[..<colon])
      port = String(target[target.index(after: colon)...])
    } else if target.contains(".") {
      address = target
      port = "80"
    }
    let flags = Set(directive.args.dropFirst())
    var map: OrderedDictionary<String, Fact> = [:]
    map["address"] = .string(address, at: where_)
    map["port"] = Int(port).map { .integer($0, at: where_) } ?? .string(port, at: where_)
    map["ssl"] = .bool(flags.contains("ssl") || flags.contains("quic"), at: where_)
    map["http2"] = .bool(flags.contains("http2"), at: where_)
    map["default_server"] = .bool(flags.contains("default_server") || flags.contains("default"), at: where_)
    return .map(map, at: where_)
  }

  /// A `return 30x URL` or `rewrite … URL permanent|redirect` at this level.
  static func redirectFact(_ block: [NginxParser.Directive]) -> Fact? {
    for directive in block {
      var code: Int?
      var target: String?
      if directive.name == "return", directive.args.count >= 2, let number = Int(directive.args[0]),
        [301, 302, 303, 307, 308].contains(number)
      {
        code = number
        target = directive.args[1]
      } else if directive.name == "rewrite", directive.args.count >= 3,
        ["permanent", "redirect"].contains(directive.args[2])
      {
        code = directive.args[2] == "permanent" ? 301 : 302
        target = directive.args[1]
      }
      guard let code, let target else { continue }
      let where_ = at(directive)
      return .map(
        [
          "code": .integer(code, at: where_), "target": .string(target, at: where_),
          "https": .bool(target.lowercased().hasPrefix("https://"), at: where_),
        ], at: where_)
    }
    return nil
  }

  static func proxyHeaderFacts(_ level: Level) -> Fact {
    var map: OrderedDictionary<String, Fact> = [:]
    for directive in level.proxyHeaders where directive.args.count >= 1 {
      map[directive.args[0].lowercased()] = .string(directive.args.count > 1 ? directive.args[1] : "", at: at(directive))
    }
    return .map(map)
  }

  /// How a location forwards `X-Forwarded-Proto` to the app: `overwrite` (`$scheme` or a
  /// literal), `passthrough` (`$http_x_forwarded_proto`: the client decides) or `unset` (nginx
  /// forwards the client's header unchanged).
  static func forwardedProtoFact(_ level: Level, proxied: NginxParser.Directive?) -> Fact {
    let candidates = level.proxyHeaders.filter { $0.args.first?.lowercased() == "x-forwarded-proto" }
      + level.uwsgiParams.filter { $0.args.first?.uppercased() == "HTTP_X_FORWARDED_PROTO" }
    guard let directive = candidates.last else {
      let where_ = proxied.map(at)
      return .map(["mode": .string("unset", at: where_), "value": .null(at: where_)], at: where_)
    }
    let value = directive.args.count > 1 ? directive.args[1] : ""
    let mode = value.lowercased().contains("$http_x_forwarded_proto") ? "passthrough" : (value.isEmpty ? "cleared" : "overwrite")
    let where_ = at(directive)
    return .map(["mode": .string(mode, at: where_), "value": .string(value, at: where_)], at: where_)
  }

  static func locationFacts(_ location: NginxParser.Directive, parent: Level, server: Level, depth: Int) -> [Fact] {
    guard depth < 16 else { return [] }
    let block = location.block ?? []
    let level = parent.child(block)
    let where_ = at(location)
    var map: OrderedDictionary<String, Fact> = [:]
    let args = location.args
    map["path"] = .string(args.last ?? "", at: where_)
    map["modifier"] = .string(args.count > 1 ? args[0] : "", at: where_)
    map["headers"] = headerFacts(level.headers)
    let declares = block.contains { $0.name == "add_header" }
    map["declares_headers"] = .bool(declares, at: where_)
    // What the server level sends that this location no longer does.
    let own = Set(level.headers.compactMap { $0.args.first?.lowercased() })
    let dropped = server.headers.filter { header in !own.contains(header.args.first?.lowercased() ?? "") }
    map["dropped_headers"] = .list(
      dropped.map { .string($0.args.first?.lowercased() ?? "", at: at($0)) }, at: where_)
    let pass = block.first { ["proxy_pass", "uwsgi_pass", "fastcgi_pass", "grpc_pass", "scgi_pass"].contains($0.name) }
    map["proxies"] = .bool(pass != nil, at: pass.map(at) ?? where_)
    if let pass {
      map["upstream"] = .string(pass.args.first ?? "", at: at(pass))
      map["pass"] = .string(pass.name, at: at(pass))
      map["proxy_headers"] = proxyHeaderFacts(level)
      map["x_forwarded_proto"] = forwardedProtoFact(level, proxied: pass)
    }
    for directive in block {
      switch directive.name {
      case "alias", "root": map[directive.name] = .string(directive.args.first ?? "", at: at(directive))
      case "autoindex": map["autoindex"] = .string(directive.args.first ?? "off", at: at(directive))
      default: break
      }
    }
    if let redirect = redirectFact(block) { map["return"] = redirect }
    var results: [Fact] = [.map(map, at: where_)]
    for nested in block where nested.name == "location" {
      results += locationFacts(nested, parent: level, server: server, depth: depth + 1)
    }
    return results
  }
}
