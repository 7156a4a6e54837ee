import Foundation
import OrderedCollections
import ParapetFacts

/// What a start command runs: the application server and the flags that matter for security.
///
/// The same command shapes appear in Dockerfile `CMD`/`ENTRYPOINT`, compose `command`,
/// Kubernetes `command`/`args` and Procfiles, so one analysis serves them all. Wrappers that do
/// not change the server (`exec`, `env`, `VAR=value`, `sh -c`, `poetry run`, `python -m`) are
/// looked through.
public struct ServerCommand: Sendable {
  /// `gunicorn`, `uwsgi`, `uvicorn`, `daphne`, `hypercorn`, `runserver` or `other`.
  public var program: String
  /// The words of the server's own command (after the wrappers), or all words for `other`.
  public var argv: [String]
  /// The command as written.
  public var text: String
  /// Flags by their long name without dashes (`bind`, `reload`); a flag without a value maps
  /// to "true". Repeated flags (`--bind` twice) keep every value.
  public var flags: OrderedDictionary<String, [String]>
  /// Words that are not flags (the WSGI module, runserver's address).
  public var positional: [String]

  static let servers: Set<String> = ["gunicorn", "uwsgi", "uvicorn", "daphne", "hypercorn"]
  static let wrappers: Set<String> = ["exec", "env", "nohup", "dumb-init", "tini", "gosu", "su-exec"]

  /// Analyzes an exec-form argv. Shell forms arrive as `["/bin/sh", "-c", text]`.
  public static func analyze(argv: [String]) -> ServerCommand {
    let text = ShellWords.join(argv)
    if let found = find(in: argv, depth: 0) { return found.with(text: text) }
    return ServerCommand(program: "other", argv: argv, text: text, flags: [:], positional: [])
  }

  /// Analyzes a shell command line.
  public static func analyze(shell text: String) -> ServerCommand {
    if let commands = ShellWords.commands(text) {
      for words in commands {
        if let found = find(in: words, depth: 0) { return found.with(text: text) }
      }
      let words = commands.first ?? []
      return ServerCommand(program: "other", argv: words, text: text, flags: [:], positional: [])
    }
    // Too clever to split: still recognise the server by name so runserver is not missed.
    let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    if let found = find(in: words, depth: 0) { return found.with(text: text) }
    return ServerCommand(program: "other", argv: words, text: text, flags: [:], positional: [])
  }

  private func with(text: String) -> ServerCommand {
    var copy = self
    copy.text = text
    return copy
  }

  private static func find(in words: [String], depth: Int) -> ServerCommand? {
    guard depth < 4 else { return nil }
    var rest = ArraySlice(words)
    // Look through wrappers and leading assignments.
    while let first = rest.first {
      let base = baseName(first)
      if wrappers.contains(base) || (first.contains("=") && !first.hasPrefix("-")) {
        rest = rest.dropFirst()
      } else if base == "poetry" || base == "uv" || base == "pipenv" || base == "pdm", rest.dropFirst().first == "run" {
        rest = rest.dropFirst(2)
      } else {
        break
      }
    }
    guard let first = rest.first else { return nil }
    let base = baseName(first)
    if ["sh", "bash", "ash", "dash", "zsh"].contains(base) {
      if let c = rest.firstIndex(of: "-c"), c + 1 < rest.endIndex {
        guard let inner = ShellWords.commands(rest[c + 1]) else { return nil }
        for command in inner {
          if let found = find(in: command, depth: depth + 1) { return found }
        }
      }
      return nil
    }
    if base.hasPrefix("python") {
      rest = rest.dropFirst()
      while let flag = rest.first, flag.hasPrefix("-"), flag != "-m" { rest = rest.dropFirst() }
      if rest.first == "-m" {
        rest = rest.dropFirst()
        guard let module = rest.first else { return nil }
        if servers.contains(module) { return parse(program: module, Array(rest.dropFirst())) }
        if module == "django", rest.dropFirst().first == "runserver" {
          return parse(program: "runserver", Array(rest.dropFirst(2)))
        }
        return nil
      }
      guard let script = rest.first else { return nil }
      if baseName(script) == "manage.py", rest.dropFirst().first == "runserver" || rest.dropFirst().first == "runserver_plus" {
        return parse(program: "runserver", Array(rest.dropFirst(2)))
      }
      return nil
    }
    if base == "manage.py" || base == "django-admin" || base == "django-admin.py" {
      if rest.dropFirst().first == "runserver" || rest.dropFirst().first == "runserver_plus" {
        return parse(program: "runserver", Array(rest.dropFirst(2)))
      }
      return nil
    }
    if servers.contains(base) { return parse(program: base, Array(rest.dropFirst())) }
    return nil
  }

  /// Single-letter flags of each server that take a value, mapped to their long names.
  static let shortFlags: [String: [String: String]] = [
    "gunicorn": ["b": "bind", "w": "workers", "c": "config", "k": "worker-class", "t": "timeout", "u": "user", "g": "group", "e": "env"],
    "uvicorn": [:],
    "uwsgi": ["s": "socket", "p": "processes", "M": "master"],
  ]
  /// Long flags that never take a value.
  static let switches: Set<String> = [
    "reload", "debug", "spew", "daemon", "preload", "master", "py-autoreload-flag", "proxy-headers",
    "no-proxy-headers", "noreload", "insecure", "enable-threads", "vacuum", "die-on-term",
    "check-config", "print-config", "access-log", "no-access-log", "lazy-apps",
  ]

  private static func parse(program: String, _ words: [String]) -> ServerCommand {
    var flags: OrderedDictionary<String, [String]> = [:]
    var positional: [String] = []
    let short = shortFlags[program] ?? [:]
    var index = 0
    while index < words.count {
      let word = words[index]
      index += 1
      if word.hasPrefix("--") && word.count > 2 {
        var name = String(word.dropFirst(2))
        var value: String?
        if let equals = name.firstIndex(of: "=") {
          value = String(name[name.index(after: equals)...])
          name = String(name[..<equals])
        } else if !switches.contains(name), index < words.count, !words[index].hasPrefix("-") {
          value = words[index]
          index += 1
        }
        flags[normalize(name), default: []].append(value ?? "true")
      } else if word.hasPrefix("-") && word.count > 1 {
        let letter = String(word.dropFirst().prefix(1))
        if let long = short[letter] {
          var value = String(word.dropFirst(2))
          if value.isEmpty, index < words.count {
            value = words[index]
            index += 1
          }
          flags[normalize(long), default: []].append(value)
        } else {
          flags[String(word.dropFirst()), default: []].append("true")
        }
      } else {
        positional.append(word)
      }
    }
    return ServerCommand(program: program, argv: words, text: "", flags: flags, positional: positional)
  }

  static func normalize(_ flag: String) -> String {
    flag.replacingOccurrences(of: "-", with: "_")
  }

  static func baseName(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
  }

  /// The last value of a flag.
  public func flag(_ name: String) -> String? { flags[name]?.last }

  /// True when the server reloads code on change (a development setting).
  public var reloads: Bool {
    switch program {
    case "runserver": return flags["noreload"] == nil
    case "uwsgi": return flags["py_autoreload"].map { $0.last != "0" } ?? false
    default: return flags["reload"] != nil
    }
  }

  /// The addresses the server listens on.
  public var binds: [String] {
    switch program {
    case "gunicorn": return flags["bind"] ?? []
    case "uvicorn", "hypercorn":
      if let bind = flags["bind"] { return bind }
      let host = flag("host") ?? "127.0.0.1"
      return flag("port").map { ["\(host):\($0)"] } ?? (flag("host").map { [$0] } ?? [])
    case "daphne":
      let host = flag("bind") ?? flag("b") ?? "127.0.0.1"
      return flag("port").map { ["\(host):\($0)"] } ?? [host]
    case "uwsgi": return (flags["http"] ?? []) + (flags["http_socket"] ?? []) + (flags["socket"] ?? [])
    case "runserver": return positional.first.map { [$0] } ?? ["127.0.0.1:8000"]
    default: return []
    }
  }

  /// The command as a fact map for `deploy.commands`, every value at `location`.
  public func fact(
    origin: String, name: String, role: String, at location: SourceLocation?
  ) -> Fact {
    var map: OrderedDictionary<String, Fact> = [:]
    map["origin"] = .string(origin, at: location)
    map["name"] = .string(name, at: location)
    map["role"] = .string(role, at: location)
    map["text"] = .string(SecretDetector.redact(text), at: location)
    map["program"] = .string(program, at: location)
    map["reload"] = .bool(reloads, at: location)
    map["bind"] = .list(binds.map { .string($0, at: location) }, at: location)
    if let allowed = flag("forwarded_allow_ips") {
      map["forwarded_allow_ips"] = .string(allowed, at: location)
    }
    if program == "gunicorn" || program == "uvicorn" {
      if let level = flag("log_level") { map["log_level"] = .string(level, at: location) }
    }
    if program == "gunicorn", flags["debug"] != nil || flags["spew"] != nil {
      map["debug"] = .bool(true, at: location)
    }
    if program == "gunicorn", let config = flag("config") {
      map["config"] = .string(config, at: location)
    }
    return .map(map, at: location)
  }

  /// The gunicorn settings this command sets, in the same shape as `gunicorn.conf.py` facts.
  public func gunicornSettings(at location: SourceLocation?) -> OrderedDictionary<String, Fact> {
    var settings: OrderedDictionary<String, Fact> = [:]
    guard program == "gunicorn" else { return settings }
    if let bind = flags["bind"] { settings["bind"] = .list(bind.map { .string($0, at: location) }, at: location) }
    for key in ["workers", "threads", "timeout"] {
      if let text = flag(key) {
        settings[key] = Int(text).map { .integer($0, at: location) } ?? .string(text, at: location)
      }
    }
    if flags["reload"] != nil { settings["reload"] = .bool(true, at: location) }
    if flags["debug"] != nil || flags["spew"] != nil { settings["debug"] = .bool(true, at: location) }
    for (flag, key) in [("forwarded_allow_ips", "forwarded_allow_ips"), ("proxy_allow_from", "proxy_allow_ips"), ("log_level", "loglevel"), ("config", "config"), ("worker_class", "worker_class"), ("certfile", "certfile"), ("keyfile", "keyfile"), ("user", "user")] {
      if let value = self.flag(flag) { settings[key] = .string(value, at: location) }
    }
    return settings
  }
}
