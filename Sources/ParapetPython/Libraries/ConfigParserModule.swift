import OrderedCollections
import ParapetFacts

/// `configparser` in settings code, as CPython 3.12 behaves (checked against recordings of the
/// real module, Fixtures/python-libraries/configparser.json): `ConfigParser()` /
/// `RawConfigParser()` with their constructor options and interpolations, `read`, `read_file`,
/// `read_string`, `read_dict`, `add_section`, `set`, `remove_option`, `remove_section`, the
/// getters with `raw=`, `vars=` and `fallback=`, `has_section`, `has_option`, `sections`,
/// `options`, `items`, `defaults`, `BOOLEAN_STATES`, `optionxform = str`, and the mapping
/// protocol (`config["section"]["option"]`, `in`, iteration, item assignment).
///
/// The object is `.opaque("configparser.ConfigParser:<n>")`, its state the evaluator's
/// `configParsers[n]` (shared by every reference, as in Python); a section proxy is
/// `.opaque("configparser.SectionProxy:<n>\n<section>")`.
extension PythonEvaluator {
  static let configParserPrefix = "configparser.ConfigParser:"
  static let sectionProxyPrefix = "configparser.SectionProxy:"
  /// The classes `configparser` exports, for `BOOLEAN_STATES` read on the class.
  static let configParserClasses: Set<String> = [
    "configparser.ConfigParser", "configparser.RawConfigParser", "configparser.SafeConfigParser",
  ]
  /// configparser's exception classes and their configparser bases (all derive from
  /// `configparser.Error`, an Exception).
  static let configParserExceptionBases: [String: [String]] = [
    "NoSectionError": ["Error"], "NoOptionError": ["Error"], "DuplicateSectionError": ["Error"],
    "DuplicateOptionError": ["Error"], "InterpolationError": ["Error"], "ParsingError": ["Error"],
    "InterpolationMissingOptionError": ["InterpolationError", "Error"],
    "InterpolationSyntaxError": ["InterpolationError", "Error"],
    "InterpolationDepthError": ["InterpolationError", "Error"],
    "MissingSectionHeaderError": ["ParsingError", "Error"],
  ]

  static func isLibraryObject(_ type: String) -> Bool {
    fileObject(type) != nil || type.hasPrefix(configParserPrefix) || type.hasPrefix(environsPrefix)
      || type.hasPrefix(dateValuePrefix)
      || type.hasPrefix(environPathPrefix) || type.hasPrefix(sectionProxyPrefix) || type.hasPrefix(everettPrefix)
      || isFileModuleObject(type)
  }

  static func isConfigParserObject(_ type: String) -> Bool {
    type.hasPrefix(configParserPrefix) || type.hasPrefix(sectionProxyPrefix)
  }

  package func libraryObjectAttribute(_ base: PythonValue, _ type: String, _ name: String, at location: SourceLocation) -> PythonValue? {
    if type.hasPrefix(Self.dateValuePrefix) { return dateValueAttribute(base, type, name, at: location) }
    if Self.isFileModuleObject(type) { return fileModuleAttribute(base, type, name, at: location) }
    if type.hasPrefix(Self.configParserPrefix) || type.hasPrefix(Self.sectionProxyPrefix) {
      return configParserAttribute(base, type, name, at: location)
    }
    if type.hasPrefix(Self.environsPrefix) { return PythonValue(.builtin("environs.Env." + name, receiver: [base]), at: location) }
    if type.hasPrefix(Self.everettPrefix) { return PythonValue(.builtin("everett.ConfigManager." + name, receiver: [base]), at: location) }
    if let root = Self.environPathRoot(base) { return environPathAttribute(base, root, name, at: location) }
    return fileAttribute(base, type, name, at: location)
  }

  package func libraryObjectMethod(_ receiver: PythonValue, _ type: String, _ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation) throws(PythonException) -> PythonValue {
    if type.hasPrefix(Self.dateValuePrefix) { return dateValueMethod(receiver, name, at: location) }
    if type.hasPrefix(Self.sourceLoaderPrefix) { return try fileModuleMethod(type, name, positional, at: location) }
    if type.hasPrefix(Self.sectionProxyPrefix) {
      return try sectionProxyMethod(receiver, type, String(name.dropFirst("configparser.section.".count)), positional, keywords, at: location)
    }
    if type.hasPrefix(Self.configParserPrefix) {
      guard let (parser, _) = configParser(type) else { return .unknown("a ConfigParser Parapet lost track of", at: location) }
      return try configParserMethod(parser, type, String(name.dropFirst("configparser.".count)), positional, keywords, at: location)
    }
    return try fileMethod(receiver, type, name, positional, at: location)
  }

  /// The parser an object or section proxy belongs to, and the proxy's section.
  func configParser(_ type: String) -> (ConfigParserObject, section: String?)? {
    var rest: Substring
    var section: String?
    if type.hasPrefix(Self.sectionProxyPrefix) {
      rest = type.dropFirst(Self.sectionProxyPrefix.count)
      guard let newline = rest.firstIndex(of: "\n") else { return nil }
      section = String(rest[rest.index(after: newline)...])
      rest = rest[..<newline]
    } else {
      rest = type.dropFirst(Self.configParserPrefix.count)
    }
    guard let index = Int(rest), configParsers.indices.contains(index) else { return nil }
    return (configParsers[index], section)
  }

  private func parserIndex(_ type: String) -> Substring {
    if type.hasPrefix(Self.sectionProxyPrefix) {
      let rest = type.dropFirst(Self.sectionProxyPrefix.count)
      return rest.prefix { $0 != "\n" }
    }
    return type.dropFirst(Self.configParserPrefix.count)
  }

  private func proxy(_ type: String, _ section: String, at location: SourceLocation) -> PythonValue {
    PythonValue(.opaque(Self.sectionProxyPrefix + parserIndex(type) + "\n" + section), at: location)
  }

  // MARK: Construction

  /// `ConfigParser(...)` / `RawConfigParser(...)`: a new, empty parser object with the
  /// constructor's options (`defaults`, `allow_no_value`, `delimiters`, `comment_prefixes`,
  /// `inline_comment_prefixes`, `strict`, `empty_lines_in_values`, `default_section`,
  /// `interpolation`); `dict_type` and `converters` are not modelled.
  func newConfigParser(_ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation) throws(PythonException) -> PythonValue {
    let rawClass = name.hasSuffix("RawConfigParser")
    var options = PythonConfigParser.Options()
    var interpolation: ConfigParserInterpolation = rawClass ? .none : .basic
    var arguments = keywords
    for (position, value) in positional.enumerated() {
      guard position < 3 else { return .unknown("\(name)() with \(positional.count) positional arguments", at: location) }
      arguments.append((["defaults", "dict_type", "allow_no_value"][position], value))
    }
    func strings(_ value: PythonValue) -> [String]? {
      if case .none = value.kind { return [] }
      guard let items = value.elements, value.stringValue == nil else { return nil }
      let texts = items.compactMap(\.stringValue)
      return texts.count == items.count ? texts : nil
    }
    var defaults: PythonValue?
    for (key, value) in arguments {
      let notModelled = PythonValue.unknown("\(name)(\(key)=…) is not modelled", at: location).merging([value])
      if value.isUnknown { return PythonValue.unknown("\(name)(\(key)=…) of a value that is not known", at: location).merging([value]) }
      switch key {
      case "defaults": defaults = value
      case "allow_no_value", "strict", "empty_lines_in_values":
        guard let flag = value.truthiness else { return notModelled }
        if key == "allow_no_value" { options.allowNoValue = flag } else if key == "strict" { options.strict = flag } else { options.emptyLinesInValues = flag }
      case "delimiters", "comment_prefixes", "inline_comment_prefixes":
        guard let texts = strings(value) else { return notModelled }
        if key == "delimiters" { options.delimiters = texts } else if key == "comment_prefixes" { options.commentPrefixes = texts } else { options.inlineCommentPrefixes = texts }
      case "default_section":
        guard let text = value.stringValue else { return notModelled }
        options.defaultSection = text
      case "interpolation":
        switch value.kind {
        case .none, .opaque("configparser.Interpolation"): interpolation = .none
        case .opaque("configparser.BasicInterpolation"): interpolation = .basic
        case .opaque("configparser.ExtendedInterpolation"): interpolation = .extended
        default: return notModelled
        }
      default: return notModelled
      }
    }
    let parser = ConfigParserObject(rawClass: rawClass, interpolation: interpolation, options: options)
    if let defaults, defaults.truthiness != false {
      // RawConfigParser keeps the values as given; ConfigParser reads them like read_dict.
      guard case .dict(let dict) = defaults.kind else { return .unknown("\(name)(defaults=…) of \(defaults.typeName)", at: location) }
      if rawClass {
        for (_, entry) in dict.entries {
          guard let key = entry.key.stringValue else { return .unknown("\(name)(defaults=…) with a name that is not a known str", at: location) }
          parser.defaults[options.optionxform(key)] = entry.value
        }
      } else {
        let saved = parser.interpolation
        parser.interpolation = .none
        try parser.readDict(PythonValue(.dict(PythonDict([.string(options.defaultSection): (PythonValue(.string(options.defaultSection)), defaults)]))), at: location)
        parser.interpolation = saved
      }
    }
    configParsers.append(parser)
    return PythonValue(.opaque(Self.configParserPrefix + String(configParsers.count - 1)), at: location)
  }

  /// `configparser.BasicInterpolation()`, `ExtendedInterpolation()`, `Interpolation()`.
  func newConfigParserInterpolation(_ name: String, at location: SourceLocation) -> PythonValue? {
    switch name {
    case "configparser.BasicInterpolation", "configparser.ExtendedInterpolation", "configparser.Interpolation":
      return PythonValue(.opaque(name), at: location)
    default: return nil
    }
  }

  // MARK: Methods

  private static let changingMethods: Set<String> = [
    "read", "read_file", "read_string", "read_dict", "readfp", "add_section", "set", "remove_option", "remove_section",
    "clear", "update", "popitem", "pop", "setdefault",
  ]

  private func configParserMethod(_ parser: ConfigParserObject, _ type: String, _ method: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation) throws(PythonException) -> PythonValue {
    func argument(_ position: Int, _ name: String) -> PythonValue? {
      position < positional.count ? positional[position] : keywords.first { $0.0 == name }?.1
    }
    let changing = Self.changingMethods.contains(method)
    if changing {
      if parser.tainted != nil { return parser.tainted! }
      // A change inside branches Parapet runs both of (an undecidable condition) may or may
      // not happen: from here on the parser's answers are unknown.
      if undecidedBranchDepth > 0 {
        parser.taint("ConfigParser.\(method)() under a condition Parapet cannot decide", at: location)
        return parser.tainted!
      }
      if let unknown = (positional + keywords.map(\.1)).first(where: \.isUnknown), method != "read_dict", method != "read" {
        parser.taint("ConfigParser.\(method)() of a value that is not known", at: location)
        return parser.tainted!.merging([unknown])
      }
    } else if let tainted = parser.tainted {
      return tainted
    }
    func name(_ position: Int, _ key: String) throws(PythonException) -> String? {
      guard let value = argument(position, key) else { return nil }
      return value.stringValue
    }
    switch method {
    case "read":
      guard let given = argument(0, "filenames") else { throw PythonException(type: "TypeError", message: "read() missing 1 required positional argument: 'filenames'", location: location) }
      let single = given.stringValue != nil || { if case .path = given.kind { return true } else { return false } }()
      guard let paths = single ? [given] : try iterate(given) else {
        parser.taint("ConfigParser.read() of paths that are not known", at: location)
        return parser.tainted!
      }
      var read: [PythonValue] = []
      for path in paths {
        guard let virtual = virtualPath(of: path) else {
          parser.taint("ConfigParser.read() of a path that is not known", at: location)
          return parser.tainted!
        }
        if let (bundle, text) = scannedFile(virtual) {
          var source = PythonValue(.string(virtual), at: SourceLocation(file: bundle, line: 1)).merging([path])
          if Self.looksSecret(virtual) { source.fromSecretVariable = true }
          try readConfiguration(parser, lines: PythonConfigParser.fileLines(text), file: bundle, source: source, at: location)
          read.append(PythonValue(.string(path.stringValue ?? virtual), at: location))
        } else if PythonModuleResolver.bundlePath(virtual) == nil && !resolver.declaredAbsent(virtual) {
          parser.taint(reason: "reads \(Self.unseenFile(virtual))", at: location)
          return parser.tainted!
        }
      }
      return PythonValue(.list(PythonList(read)), at: location)
    case "read_string":
      guard let text = argument(0, "string")?.stringValue else { throw PythonException(type: "TypeError", message: "read_string() of a value that is not a str", location: location) }
      try readConfiguration(parser, lines: text.pythonLines(), file: argument(0, "string")?.location?.file ?? location.file, source: argument(0, "string")!, at: location)
      return PythonValue(.none, at: location)
    case "read_file", "readfp":
      guard let stream = argument(0, "f") else { throw PythonException(type: "TypeError", message: "read_file() missing 1 required positional argument: 'f'", location: location) }
      var lines: [String]
      var file = location.file
      if case .opaque(let type) = stream.kind, type.hasPrefix(Self.fileObjectPrefix) {
        let text = try fileMethod(stream, type, "file.read", [], at: location)
        guard let content = text.stringValue else {
          parser.taint("ConfigParser.read_file() of a file whose text is not known", at: location)
          return parser.tainted!.merging([text])
        }
        file = text.location?.file ?? file
        lines = PythonConfigParser.fileLines(content)
      } else if let items = try iterate(stream), stream.stringValue == nil {
        lines = []
        for item in items {
          guard let line = item.stringValue else {
            parser.taint("ConfigParser.read_file() of lines that are not known", at: location)
            return parser.tainted!
          }
          lines.append(line.hasSuffix("\n") ? String(line.dropLast()) : line)
        }
      } else {
        parser.taint("ConfigParser.read_file() of a stream Parapet cannot read", at: location)
        return parser.tainted!
      }
      try readConfiguration(parser, lines: lines, file: file, source: stream, at: location)
      return PythonValue(.none, at: location)
    case "read_dict":
      guard let dictionary = argument(0, "dictionary") else { throw PythonException(type: "TypeError", message: "read_dict() missing 1 required positional argument: 'dictionary'", location: location) }
      try parser.readDict(dictionary, at: location)
      return PythonValue(.none, at: location)
    case "add_section":
      guard let given = argument(0, "section") else { throw PythonException(type: "TypeError", message: "add_section() missing 1 required positional argument: 'section'", location: location) }
      guard let section = given.stringValue else {
        if !parser.rawClass { throw PythonException(type: "TypeError", message: "section names must be strings", location: location) }
        parser.taint("add_section() of a name that is not a str", at: location)
        return parser.tainted!
      }
      try parser.addSection(section, at: location)
      return PythonValue(.none, at: location)
    case "set":
      guard let section = argument(0, "section"), let option = argument(1, "option") else {
        throw PythonException(type: "TypeError", message: "set() missing required arguments", location: location)
      }
      guard let optionName = option.stringValue else {
        if !parser.rawClass { throw PythonException(type: "TypeError", message: "option keys must be strings", location: location) }
        parser.taint("set() of an option name that is not a str", at: location)
        return parser.tainted!
      }
      let sectionName: String
      if case .none = section.kind { sectionName = "" } else if let text = section.stringValue { sectionName = text } else {
        parser.taint("set() of a section name that is not a str", at: location)
        return parser.tainted!
      }
      try parser.set(sectionName, optionName, argument(2, "value") ?? PythonValue(.none, at: location), at: location)
      return PythonValue(.none, at: location)
    case "remove_option":
      guard let section = try name(0, "section"), let option = try name(1, "option") else { return .unknown("remove_option() of names that are not known", at: location) }
      return PythonValue(.bool(try parser.removeOption(section, option, at: location)), at: location)
    case "remove_section":
      guard let section = try name(0, "section") else { return .unknown("remove_section() of a name that is not known", at: location) }
      return PythonValue(.bool(parser.removeSection(section)), at: location)
    case _ where changing:
      parser.taint("ConfigParser.\(method)()", at: location)
      return parser.tainted!
    default: break
    }
    // Reading methods: an argument that is not known gives an unknown answer.
    if let unknown = (positional + keywords.map(\.1)).first(where: \.isUnknown) {
      return PythonValue.unknown("ConfigParser.\(method)() of a value that is not known", at: location).merging([unknown])
    }
    switch method {
    case "sections":
      return PythonValue(.list(PythonList(parser.sections.keys.map { PythonValue(.string($0), at: location) })), at: location)
    case "has_section":
      guard let section = argument(0, "section") else { return .unknown("has_section()", at: location) }
      return PythonValue(.bool(section.stringValue.map { parser.sections[$0] != nil } ?? false), at: location)
    case "has_option":
      guard let section = argument(0, "section"), let option = try name(1, "option") else { return .unknown("has_option() of names Parapet does not model", at: location) }
      if case .none = section.kind { return PythonValue(.bool(parser.hasOption(nil, option)), at: location) }
      guard let sectionName = section.stringValue else { return .unknown("has_option() of a section name that is not a str", at: location) }
      return PythonValue(.bool(parser.hasOption(sectionName, option)), at: location)
    case "options":
      guard let section = try name(0, "section") else { return .unknown("options() of a name that is not a str", at: location) }
      return PythonValue(.list(PythonList(try parser.optionNames(section, at: location).map { PythonValue(.string($0), at: location) })), at: location)
    case "defaults":
      // A copy: Python returns the parser's own dict (a change to it would change the parser).
      let dict = PythonDict()
      for (key, value) in parser.defaults { dict.entries[.string(key)] = (PythonValue(.string(key), at: location), value) }
      return PythonValue(.dict(dict), at: location)
    case "items":
      guard let section = argument(0, "section") else {
        let names = [parser.options.defaultSection] + parser.sections.keys
        return PythonValue(.list(PythonList(names.map {
          PythonValue(.tuple([PythonValue(.string($0), at: location), proxy(type, $0, at: location)]), at: location)
        })), at: location)
      }
      guard let sectionName = section.stringValue else { return .unknown("items() of a section name that is not a str", at: location) }
      guard let vars = try configParserVars(argument(2, "vars"), at: location) else { return .unknown("items(vars=…) Parapet cannot read", at: location) }
      let raw = argument(1, "raw")?.truthiness ?? false
      let pairs = try parser.items(sectionName, raw: raw, vars: vars, at: location)
      return PythonValue(.list(PythonList(pairs.map { PythonValue(.tuple([PythonValue(.string($0.0), at: location), $0.1]), at: location) })), at: location)
    case "get", "getint", "getfloat", "getboolean":
      return try configParserGet(parser, method, section: argument(0, "section"), option: argument(1, "option"), keywords.filter { $0.0 != "section" && $0.0 != "option" }, extraPositional: Array(positional.dropFirst(2)), at: location)
    case "optionxform":
      guard let text = argument(0, "optionstr")?.stringValue else { return .unknown("optionxform() of a value that is not a str", at: location) }
      return PythonValue(.string(parser.options.optionxform(text)), at: location)
    default:
      return .unknown("ConfigParser.\(method)() is not modelled", at: location)
    }
  }

  /// Reads lines into the parser; parse errors are raised as Python raises them (after a
  /// `ParsingError` the rest was read; after any other error the parser is half-changed,
  /// which Parapet does not follow).
  private func readConfiguration(_ parser: ConfigParserObject, lines: [String], file: String, source: PythonValue, at location: SourceLocation) throws(PythonException) {
    let (parsed, error) = PythonConfigParser.read(lines: lines, options: parser.options)
    if let error, error.type != "ParsingError" {
      parser.taint("a read that raised \(error.type)", at: location)
      throw PythonException(type: error.type, message: "\(file):\(error.line): \(error.message)", location: location)
    }
    parser.apply(parsed, file: file, source: source)
    if let error { throw PythonException(type: error.type, message: "\(file):\(error.line): \(error.message)", location: location) }
  }

  /// `vars=` as (name, value) pairs; nil when it cannot be read (not a dict of str names).
  private func configParserVars(_ given: PythonValue?, at location: SourceLocation) throws(PythonException) -> [(String, PythonValue)]? {
    guard let given else { return [] }
    if case .none = given.kind { return [] }
    guard case .dict(let dict) = given.kind else { return nil }
    var pairs: [(String, PythonValue)] = []
    for (_, entry) in dict.entries {
      guard let name = entry.key.stringValue else { return nil }
      pairs.append((name, entry.value))
    }
    return pairs
  }

  /// `get`/`getint`/`getfloat`/`getboolean(section, option, *, raw=False, vars=None,
  /// fallback=…)`: a missing section or option gives the fallback (not converted) or raises
  /// NoSectionError/NoOptionError; a conversion that fails raises.
  private func configParserGet(_ parser: ConfigParserObject, _ method: String, section: PythonValue?, option: PythonValue?, _ keywords: [(String, PythonValue)], extraPositional: [PythonValue], at location: SourceLocation) throws(PythonException) -> PythonValue {
    guard extraPositional.isEmpty else { throw PythonException(type: "TypeError", message: "\(method)() takes 3 positional arguments", location: location) }
    guard let section, let option else { throw PythonException(type: "TypeError", message: "\(method)() missing required arguments", location: location) }
    guard let optionName = option.stringValue else {
      if case .none = option.kind { throw PythonException(type: "AttributeError", message: "'NoneType' object has no attribute 'lower'", location: location) }
      return .unknown("ConfigParser.\(method)() of an option name that is not a str", at: location)
    }
    let sectionName: String
    if let text = section.stringValue { sectionName = text } else if case .none = section.kind { sectionName = "\u{0}None" } else {
      return .unknown("ConfigParser.\(method)() of a section name that is not a str", at: location)
    }
    let fallback = keywords.first { $0.0 == "fallback" }?.1
    for (key, _) in keywords where !["raw", "vars", "fallback"].contains(key) {
      return .unknown("ConfigParser.\(method)(\(key)=…) is not modelled", at: location)
    }
    guard let vars = try configParserVars(keywords.first(where: { $0.0 == "vars" })?.1, at: location) else {
      return .unknown("ConfigParser.\(method)(vars=…) Parapet cannot read", at: location)
    }
    let raw = keywords.first { $0.0 == "raw" }?.1.truthiness ?? false
    var value: PythonValue
    do throws(PythonException) {
      value = try parser.get(sectionName, optionName, raw: raw, vars: vars, at: location)
    } catch let failure where failure.type == "NoSectionError" || failure.type == "NoOptionError" {
      if let fallback { return fallback }
      throw failure
    }
    if SecretNames.isSecret(optionName) { value.fromSecretVariable = true }
    switch method {
    case "getboolean": return try parser.boolean(value, at: location)
    case "getint", "getfloat":
      if case .none = value.kind {
        throw PythonException(type: "TypeError", message: "\(method == "getint" ? "int" : "float")() argument must be a string or a number, not 'NoneType'", location: location)
      }
      return try applyCast(PythonValue(.builtin(method == "getint" ? "int" : "float", receiver: [])), value, Frame(module: PythonModule(name: "configparser", path: nil), scope: nil, file: location.file), at: location)
    default: return value
    }
  }

  // MARK: Attributes

  private func configParserAttribute(_ base: PythonValue, _ type: String, _ name: String, at location: SourceLocation) -> PythonValue {
    if type.hasPrefix(Self.sectionProxyPrefix) {
      guard let (_, section) = configParser(type), let section else { return .unknown("a section Parapet lost track of", at: location) }
      switch name {
      case "name": return PythonValue(.string(section), at: location)
      case "parser": return PythonValue(.opaque(Self.configParserPrefix + parserIndex(type)), at: location)
      default: return PythonValue(.builtin("configparser.section." + name, receiver: [base]), at: location)
      }
    }
    guard let (parser, _) = configParser(type) else { return .unknown("a ConfigParser Parapet lost track of", at: location) }
    switch name {
    case "BOOLEAN_STATES":
      let dict = PythonDict()
      for (key, value) in parser.booleanStates { dict.entries[.string(key)] = (PythonValue(.string(key), at: location), value) }
      return PythonValue(.dict(dict), at: location)
    case "default_section": return PythonValue(.string(parser.options.defaultSection), at: location)
    default: return PythonValue(.builtin("configparser." + name, receiver: [base]), at: location)
    }
  }

  /// `parser.NAME = value`: `optionxform = str` (names kept as written from then on),
  /// `BOOLEAN_STATES = {...}`, `default_section = "..."`; any other attribute, or a value
  /// Parapet cannot read, makes the parser's later answers unknown.
  func setConfigParserAttribute(_ type: String, _ name: String, _ value: PythonValue, at location: SourceLocation) {
    guard let (parser, section) = configParser(type) else { return }
    guard section == nil, undecidedBranchDepth == 0 else {
      parser.taint("setting its attribute \(name) (line \(location.line ?? 0))", at: location)
      return
    }
    switch (name, value.kind) {
    case ("optionxform", .builtin("str", let receiver)) where receiver.isEmpty:
      parser.options.lowercaseOptions = false
    case ("BOOLEAN_STATES", .dict(let dict)):
      var states: OrderedDictionary<String, PythonValue> = [:]
      for (_, entry) in dict.entries {
        guard let key = entry.key.stringValue else { return parser.taint("BOOLEAN_STATES with a key that is not a known str", at: location) }
        states[key] = entry.value
      }
      parser.booleanStates = states
    case ("default_section", .string(let text)):
      parser.options.defaultSection = text
    default:
      parser.taint("setting its attribute \(name) (line \(location.line ?? 0))", at: location)
    }
  }

  // MARK: Mapping protocol

  /// `parser[section]` (a section proxy, KeyError for a missing section) and `proxy[option]`
  /// (the value as `get` gives it, KeyError for a missing option).
  func configParserItem(_ base: PythonValue, _ type: String, _ index: PythonValue, at location: SourceLocation) throws(PythonException) -> PythonValue {
    guard let (parser, section) = configParser(type) else { return .unknown("a ConfigParser Parapet lost track of", at: location) }
    if let tainted = parser.tainted { return tainted }
    guard let key = index.stringValue else { return .unknown("a configparser key that is not known", at: location).merging([index]) }
    if let section {
      guard parser.hasOption(section, key) else { throw PythonException(type: "KeyError", message: "KeyError: '\(key)'", location: location) }
      return try configParserGet(parser, "get", section: PythonValue(.string(section)), option: index, [], extraPositional: [], at: location)
    }
    guard key == parser.options.defaultSection || parser.sections[key] != nil else {
      throw PythonException(type: "KeyError", message: "KeyError: '\(key)'", location: location)
    }
    return proxy(type, key, at: location)
  }

  /// `parser[section] = mapping` (the section emptied, then `read_dict({section: mapping})`)
  /// and `proxy[option] = value` (str checked, then `set`).
  func setConfigParserItem(_ type: String, _ index: PythonValue, _ value: PythonValue, at location: SourceLocation) throws(PythonException) {
    guard let (parser, section) = configParser(type), parser.tainted == nil else { return }
    guard undecidedBranchDepth == 0, let key = index.stringValue, !value.isUnknown else {
      return parser.taint("an item assignment (line \(location.line ?? 0))", at: location)
    }
    if let section {
      if !parser.options.allowNoValue || value.truthiness != false, value.stringValue == nil {
        throw PythonException(type: "TypeError", message: "option values must be strings", location: location)
      }
      try parser.set(section, key, value, checkTypes: true, at: location)
      return
    }
    if key == parser.options.defaultSection { parser.defaults = [:] } else if parser.sections[key] != nil { parser.sections[key] = [:] }
    let dict = PythonDict([.string(key): (index, value)])
    try parser.readDict(PythonValue(.dict(dict), at: location), at: location)
  }

  /// `section in parser` and `option in proxy`.
  func configParserContains(_ container: PythonValue, _ type: String, _ needle: PythonValue, at location: SourceLocation) throws(PythonException) -> PythonValue {
    guard let (parser, section) = configParser(type) else { return .unknown("a ConfigParser Parapet lost track of", at: location) }
    if let tainted = parser.tainted { return tainted }
    guard let key = needle.stringValue else { return .unknown("a configparser key that is not known", at: location).merging([needle]) }
    if let section { return PythonValue(.bool(parser.hasOption(section, key)), at: location) }
    return PythonValue(.bool(key == parser.options.defaultSection || parser.sections[key] != nil), at: location)
  }

  /// Iterating a parser (the default section, then the sections) or a proxy (its options; the
  /// default section's proxy lists the defaults). Nil when the parser is not followed.
  func configParserKeys(_ type: String) -> [String]? {
    guard let (parser, section) = configParser(type), parser.tainted == nil else { return nil }
    guard let section else { return [parser.options.defaultSection] + parser.sections.keys }
    if section == parser.options.defaultSection { return Array(parser.defaults.keys) }
    guard let entries = parser.sections[section] else { return nil }
    return Array(entries.keys) + parser.defaults.keys.filter { entries[$0] == nil }
  }

  /// A proxy's (option, value) pairs, as `dict(proxy)` and `proxy.items()` give them.
  func sectionProxyPairs(_ type: String, at location: SourceLocation) throws(PythonException) -> [(String, PythonValue)]? {
    guard let (parser, section) = configParser(type), let section, let names = configParserKeys(type) else { return nil }
    var pairs: [(String, PythonValue)] = []
    for name in names {
      pairs.append((name, try configParserGet(parser, "get", section: PythonValue(.string(section)), option: PythonValue(.string(name)), [], extraPositional: [], at: location)))
    }
    return pairs
  }

  /// A section proxy's methods: `get(option, fallback=None, *, raw=, vars=)` and the typed
  /// getters (None for a missing option unless a fallback is given), `items()`, `keys()`,
  /// `values()`.
  private func sectionProxyMethod(_ receiver: PythonValue, _ type: String, _ method: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation) throws(PythonException) -> PythonValue {
    guard let (parser, section) = configParser(type), let section else { return .unknown("a section Parapet lost track of", at: location) }
    if let tainted = parser.tainted { return tainted }
    if let unknown = (positional + keywords.map(\.1)).first(where: \.isUnknown) {
      return PythonValue.unknown("SectionProxy.\(method)() of a value that is not known", at: location).merging([unknown])
    }
    switch method {
    case "get", "getboolean", "getint", "getfloat":
      guard let option = positional.first ?? keywords.first(where: { $0.0 == "option" })?.1 else {
        throw PythonException(type: "TypeError", message: "\(method)() missing 1 required positional argument: 'option'", location: location)
      }
      let fallback = positional.count > 1 ? positional[1] : (keywords.first { $0.0 == "fallback" }?.1 ?? PythonValue(.none, at: location))
      let rest = keywords.filter { $0.0 != "option" && $0.0 != "fallback" } + [("fallback", fallback)]
      return try configParserGet(parser, method, section: PythonValue(.string(section)), option: option, rest, extraPositional: Array(positional.dropFirst(2)), at: location)
    case "items", "keys", "values":
      guard let pairs = try sectionProxyPairs(type, at: location) else { return .unknown("SectionProxy.\(method)()", at: location) }
      let items = pairs.map { pair -> PythonValue in
        switch method {
        case "keys": return PythonValue(.string(pair.0), at: location)
        case "values": return pair.1
        default: return PythonValue(.tuple([PythonValue(.string(pair.0), at: location), pair.1]), at: location)
        }
      }
      return PythonValue(.list(PythonList(items)), at: location)
    default:
      return .unknown("SectionProxy.\(method)() is not modelled", at: location)
    }
  }
}
