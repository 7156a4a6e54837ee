import OrderedCollections
import ParapetFacts

/// `configparser.ConfigParser` objects in settings code: `read(paths)`, `read_string(text)`,
/// `read_file(f)`, then `get`/`getboolean`/`getint`/`getfloat` (with `fallback=`),
/// `has_section`, `has_option`, `sections`, `options`. Files are read with
/// `PythonConfigParser` (the same parser decouple's `settings.ini` uses); several reads merge,
/// later ones winning. A read of a file outside the scanned evidence makes every later answer
/// unknown (the file may exist on the server).
///
/// The object is `.opaque("configparser.ConfigParser:<state>")`; its state (the texts read, in
/// order) lives in a private evaluator module named `<state>`, so that it is shared by every
/// reference to the object, as in Python.
extension PythonEvaluator {
  static let configParserPrefix = "configparser.ConfigParser:"
  /// `parser[section]`: `.opaque(prefix + state + "\n" + section)`.
  static let sectionProxyPrefix = "configparser.SectionProxy:"
  /// Methods that only read the parser: one Parapet does not model gives an unknown answer
  /// but leaves later answers alone.
  static let readOnlyConfigParserMethods: Set<String> = [
    "defaults", "getint", "getfloat", "getboolean", "has_option", "has_section", "items", "keys", "values",
    "options", "sections", "get", "write", "optionxform",
  ]

  static func isLibraryObject(_ type: String) -> Bool {
    type.hasPrefix(fileObjectPrefix) || type.hasPrefix(configParserPrefix) || type.hasPrefix(environsPrefix)
      || type.hasPrefix(environPathPrefix) || type.hasPrefix(sectionProxyPrefix)
  }

  package func libraryObjectAttribute(_ base: PythonValue, _ type: String, _ name: String, at location: SourceLocation) -> PythonValue? {
    if type.hasPrefix(Self.configParserPrefix) { return PythonValue(.builtin("configparser." + name, receiver: [base]), at: location) }
    if type.hasPrefix(Self.sectionProxyPrefix) { return PythonValue(.builtin("configparser.section." + name, receiver: [base]), at: location) }
    if type.hasPrefix(Self.environsPrefix) { return PythonValue(.builtin("environs.Env." + name, receiver: [base]), at: location) }
    if let root = Self.environPathRoot(base) { return environPathAttribute(base, root, name, at: location) }
    return fileAttribute(base, type, name, at: location)
  }

  package func libraryObjectMethod(_ receiver: PythonValue, _ type: String, _ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation) throws(PythonException) -> PythonValue {
    if type.hasPrefix(Self.sectionProxyPrefix) {
      return try sectionProxyMethod(receiver, type, String(name.dropFirst("configparser.section.".count)), positional, keywords, at: location)
    }
    if type.hasPrefix(Self.configParserPrefix) {
      return try configParserMethod(receiver, String(type.dropFirst(Self.configParserPrefix.count)), String(name.dropFirst("configparser.".count)), positional, keywords, at: location)
    }
    return try fileMethod(receiver, type, name, positional, at: location)
  }

  /// ConfigParser raises parse errors when a file is read.
  private func validateConfiguration(_ text: String, file: String, at location: SourceLocation) throws(PythonException) {
    do throws(PythonConfigParser.ParseError) {
      _ = try PythonConfigParser(text, file: file)
    } catch {
      throw PythonException(type: error.type, message: "\(file):\(error.line): \(error.message)", location: location)
    }
  }

  /// `ConfigParser()` / `RawConfigParser()`: a new, empty parser object.
  func newConfigParser(_ name: String, _ keywords: [(String, PythonValue)], at location: SourceLocation) throws(PythonException) -> PythonValue {
    for (key, _) in keywords where key != "interpolation" && key != "default_section" {
      return .unknown("\(name)(\(key)=…) is not modelled", at: location)
    }
    var raw = name.hasSuffix("RawConfigParser")
    if let interpolation = keywords.first(where: { $0.0 == "interpolation" })?.1 {
      guard case .none = interpolation.kind else { return .unknown("\(name)(interpolation=…) is not modelled", at: location) }
      raw = true
    }
    let count = modules.keys.filter { $0.hasPrefix("<parapet configparser ") }.count
    let state = try importModule("<parapet configparser \(count + 1)>", at: location)
    state.namespace["raw"] = PythonBinding(value: PythonValue(.bool(raw)), location: location, history: [])
    state.namespace["texts"] = PythonBinding(value: PythonValue(.list(PythonList([]))), location: location, history: [])
    return PythonValue(.opaque(Self.configParserPrefix + state.name), at: location)
  }

  private func configParserMethod(_ receiver: PythonValue, _ stateName: String, _ method: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation) throws(PythonException) -> PythonValue {
    guard let state = modules[stateName], case .list(let texts)? = state.namespace["texts"]?.value.kind else {
      return .unknown("a ConfigParser Parapet lost track of", at: location)
    }
    let raw = state.namespace["raw"]?.value.truthiness ?? false
    func argument(_ position: Int, _ name: String) -> PythonValue? {
      position < positional.count ? positional[position] : keywords.first { $0.0 == name }?.1
    }
    switch method {
    case "read":
      guard let given = argument(0, "filenames") else { return .unknown("ConfigParser.read()", at: location) }
      let paths = given.stringValue != nil || { if case .path = given.kind { return true } else { return false } }() ? [given] : (iterate(given) ?? [])
      var read: [PythonValue] = []
      for path in paths {
        guard let virtual = virtualPath(of: path) else { return .unknown("ConfigParser.read() of a path that is not known", at: location) }
        if let (bundle, text) = scannedFile(virtual) {
          try validateConfiguration(text, file: bundle, at: location)
          var item = PythonValue(.string(text), at: SourceLocation(file: bundle, line: 1)).merging([path])
          if Self.looksSecret(virtual) { item.fromSecretVariable = true }
          texts.items.append(item)
          read.append(PythonValue(.string(virtual), at: location))
        } else if PythonModuleResolver.bundlePath(virtual) == nil {
          texts.items.append(.unknown("reads \(Self.unseenFile(virtual))", at: location))
        }
      }
      return PythonValue(.list(PythonList(read)), at: location)
    case "read_string", "read_file":
      guard var text = argument(0, method == "read_string" ? "string" : "f") else { return .unknown("ConfigParser.\(method)()", at: location) }
      if method == "read_file" {
        guard case .opaque(let type) = text.kind, type.hasPrefix(Self.fileObjectPrefix) else { return .unknown("read_file() of a stream Parapet cannot read", at: location) }
        text = try fileMethod(text, type, "file.read", [], at: location)
      }
      if let content = text.stringValue { try validateConfiguration(content, file: text.location?.file ?? location.file, at: location) }
      texts.items.append(text)
      return PythonValue(.none, at: location)
    case "sections", "has_section", "has_option", "get", "getboolean", "getint", "getfloat", "options", "items":
      if method == "items" && argument(0, "section") == nil {
        return .unknown("ConfigParser.items() without a section is not modelled", at: location)
      }
    case _ where Self.readOnlyConfigParserMethods.contains(method):
      return .unknown("ConfigParser.\(method)() is not modelled", at: location)
    default:
      // A method Parapet does not model may change the parser (`read_dict`, `set`,
      // `add_section`, `remove_option`): from here on, every answer it gives is unknown, never
      // an answer from the state before the call.
      let why = PythonValue.unknown("the parser was changed by ConfigParser.\(method)(), which Parapet does not model", at: location)
      texts.items.append(why)
      return why
    }
    // Every later answer needs every text.
    var parsers: [(PythonConfigParser, PythonValue)] = []
    for text in texts.items {
      guard let content = text.stringValue else { return (text.isUnknown ? text : .unknown("a configuration text that is not known", at: location)).merging([text]) }
      do throws(PythonConfigParser.ParseError) {
        parsers.append((try PythonConfigParser(content, file: text.location?.file ?? location.file), text))
      } catch {
        throw PythonException(type: error.type, message: "\(text.location?.file ?? "?"):\(error.line): \(error.message)", location: location)
      }
    }
    func sections() -> [String] {
      var names: [String] = []
      for (parser, _) in parsers { for name in parser.sections.keys where !names.contains(name) { names.append(name) } }
      return names
    }
    switch method {
    case "sections":
      return PythonValue(.list(PythonList(sections().map { PythonValue(.string($0), at: location) })), at: location)
    case "has_section":
      guard let section = argument(0, "section")?.stringValue else { return .unknown("has_section() of a name that is not known", at: location) }
      return PythonValue(.bool(sections().contains(section)), at: location)
    case "has_option", "get", "getboolean", "getint", "getfloat":
      guard let section = argument(0, "section")?.stringValue, let option = argument(1, "option")?.stringValue else {
        return .unknown("ConfigParser.\(method)() of names that are not known", at: location)
      }
      var found: (value: String, line: Int, source: PythonValue)?
      var sectionExists = section == "DEFAULT"
      for (parser, source) in parsers {
        if parser.sections[section] != nil { sectionExists = true }
        do throws(PythonConfigParser.ParseError) {
          if parser.sections[section] != nil || section == "DEFAULT", let value = try parser.get(section, option, interpolate: !raw) {
            found = (value.value, value.line, source)
          }
        } catch {
          throw PythonException(type: error.type, message: error.message, location: location)
        }
      }
      if method == "has_option" { return PythonValue(.bool(sectionExists && found != nil), at: location) }
      guard let found else {
        if let fallback = keywords.first(where: { $0.0 == "fallback" })?.1 { return fallback }
        throw PythonException(type: sectionExists ? "NoOptionError" : "NoSectionError", message: "No option '\(option)' in section: '\(section)'", location: location)
      }
      var value = PythonValue(.string(found.value), at: SourceLocation(file: found.source.location?.file ?? location.file, line: found.line)).merging([found.source])
      if SecretNames.isSecret(option) { value.fromSecretVariable = true }
      switch method {
      case "getboolean":
        switch found.value.lowercased() {
        case "1", "yes", "true", "on": value.kind = .bool(true)
        case "0", "no", "false", "off": value.kind = .bool(false)
        default: throw PythonException(type: "ValueError", message: "Not a boolean", location: location)
        }
      case "getint", "getfloat":
        return try applyCast(PythonValue(.builtin(method == "getint" ? "int" : "float", receiver: [])), value, Frame(module: PythonModule(name: "configparser", path: nil), scope: nil, file: location.file), at: location)
      default: break
      }
      return value
    case "items":
      // `items(section)`: (name, value) pairs, the defaults' names first, then the section's
      // own (Python copies the defaults and updates them with the section).
      guard let sectionValue = argument(0, "section"), let section = sectionValue.stringValue else {
        return .unknown("items() of a name that is not known", at: location)
      }
      guard sections().contains(section) || section == "DEFAULT" else {
        throw PythonException(type: "NoSectionError", message: "No section: '\(section)'", location: location)
      }
      var names: [String] = []
      for (parser, _) in parsers {
        for name in Array(parser.defaults.keys) + parser.options(in: section) where !names.contains(name) { names.append(name) }
      }
      var pairs: [PythonValue] = []
      for name in names {
        let value = try configParserMethod(receiver, stateName, "get", [sectionValue, PythonValue(.string(name), at: location)], [], at: location)
        pairs.append(PythonValue(.tuple([PythonValue(.string(name), at: location), value]), at: location))
      }
      return PythonValue(.list(PythonList(pairs)), at: location)
    case "options":
      guard let section = argument(0, "section")?.stringValue else { return .unknown("options() of a name that is not known", at: location) }
      guard sections().contains(section) else { throw PythonException(type: "NoSectionError", message: "No section: '\(section)'", location: location) }
      var names: [String] = []
      for (parser, _) in parsers { for name in parser.options(in: section) where !names.contains(name) { names.append(name) } }
      return PythonValue(.list(PythonList(names.map { PythonValue(.string($0), at: location) })), at: location)
    default:
      return .unknown("ConfigParser.\(method)() is not modelled", at: location)
    }
  }

  static func isConfigParserObject(_ type: String) -> Bool {
    type.hasPrefix(configParserPrefix) || type.hasPrefix(sectionProxyPrefix)
  }

  /// A change Parapet does not model (`parser.optionxform = str`, `parser["s"]["o"] = "v"`):
  /// every later answer of the parser is unknown, never an answer from the state before.
  func taintConfigParser(_ type: String, _ what: String, at location: SourceLocation) {
    let state = type.hasPrefix(Self.sectionProxyPrefix)
      ? Self.sectionProxyParts(type).state : String(type.dropFirst(Self.configParserPrefix.count))
    guard let module = modules[state], case .list(let texts)? = module.namespace["texts"]?.value.kind else { return }
    texts.items.append(.unknown("the parser was changed by \(what), which Parapet does not model", at: location))
  }

  // MARK: Mapping protocol

  /// `parser[section]` (a section proxy, KeyError for a missing section) and `proxy[option]`
  /// (the value as `get` gives it, KeyError for a missing option).
  func configParserItem(_ base: PythonValue, _ type: String, _ index: PythonValue, at location: SourceLocation) throws(PythonException) -> PythonValue {
    guard let key = index.stringValue else { return .unknown("a configparser key that is not known", at: location).merging([index]) }
    if type.hasPrefix(Self.sectionProxyPrefix) {
      let (state, section) = Self.sectionProxyParts(type)
      let has = try configParserMethod(base, state, "has_option", [PythonValue(.string(section)), index], [], at: location)
      guard case .bool(let present) = has.kind else { return has }
      guard present else { throw PythonException(type: "KeyError", message: "KeyError: '\(key)'", location: location) }
      return try configParserMethod(base, state, "get", [PythonValue(.string(section)), index], [], at: location)
    }
    let state = String(type.dropFirst(Self.configParserPrefix.count))
    if key != "DEFAULT" {
      let has = try configParserMethod(base, state, "has_section", [index], [], at: location)
      guard case .bool(let present) = has.kind else { return has }
      guard present else { throw PythonException(type: "KeyError", message: "KeyError: '\(key)'", location: location) }
    }
    return PythonValue(.opaque(Self.sectionProxyPrefix + state + "\n" + key), at: location)
  }

  /// `section in parser` and `option in proxy`.
  func configParserContains(_ container: PythonValue, _ type: String, _ needle: PythonValue, at location: SourceLocation) throws(PythonException) -> PythonValue {
    guard needle.stringValue != nil else { return .unknown("a configparser key that is not known", at: location).merging([needle]) }
    if type.hasPrefix(Self.sectionProxyPrefix) {
      let (state, section) = Self.sectionProxyParts(type)
      return try configParserMethod(container, state, "has_option", [PythonValue(.string(section)), needle], [], at: location)
    }
    if needle.stringValue == "DEFAULT" { return PythonValue(.bool(true), at: location) }
    return try configParserMethod(container, String(type.dropFirst(Self.configParserPrefix.count)), "has_section", [needle], [], at: location)
  }

  private static func sectionProxyParts(_ type: String) -> (state: String, section: String) {
    let rest = type.dropFirst(sectionProxyPrefix.count)
    guard let newline = rest.firstIndex(of: "\n") else { return (String(rest), "") }
    return (String(rest[..<newline]), String(rest[rest.index(after: newline)...]))
  }

  /// A section proxy's methods: `get(option, fallback=None)` and `getboolean`/`getint`/`getfloat`
  /// answer None for a missing option unless a fallback is given (the proxy's own default).
  private func sectionProxyMethod(_ receiver: PythonValue, _ type: String, _ method: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation) throws(PythonException) -> PythonValue {
    let (state, section) = Self.sectionProxyParts(type)
    switch method {
    case "get", "getboolean", "getint", "getfloat":
      guard let option = positional.first ?? keywords.first(where: { $0.0 == "option" })?.1 else {
        return .unknown("SectionProxy.\(method)() without an option", at: location)
      }
      if keywords.contains(where: { $0.0 != "fallback" && $0.0 != "option" }) {
        return .unknown("SectionProxy.\(method)() with arguments Parapet does not model", at: location)
      }
      let fallback = positional.count > 1 ? positional[1] : (keywords.first { $0.0 == "fallback" }?.1 ?? PythonValue(.none, at: location))
      return try configParserMethod(receiver, state, method, [PythonValue(.string(section)), option], [("fallback", fallback)], at: location)
    default:
      return .unknown("SectionProxy.\(method)() is not modelled", at: location)
    }
  }
}
