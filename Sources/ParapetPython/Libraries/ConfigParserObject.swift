import OrderedCollections
import ParapetFacts

/// The state of one `configparser` parser object in the settings, and its operations as
/// CPython 3.12 defines them (`RawConfigParser` and `ConfigParser`): the defaults and the
/// sections with their values (str, or None for an option without value; `RawConfigParser.set`
/// keeps any object), the interpolation, `optionxform` and `BOOLEAN_STATES`.
///
/// Once something Parapet cannot follow changes the parser (an unknown key, a read of a file
/// outside the evidence, an attribute it does not model), `tainted` holds why, and every later
/// answer is unknown with that reason: never an answer from the state before the change.
package final class ConfigParserObject {
  /// `RawConfigParser` itself: `set()` and `add_section()` do not check value types.
  let rawClass: Bool
  var interpolation: ConfigParserInterpolation
  var options: PythonConfigParser.Options
  var defaults: OrderedDictionary<String, PythonValue> = [:]
  var sections: OrderedDictionary<String, OrderedDictionary<String, PythonValue>> = [:]
  /// `BOOLEAN_STATES` (the class's, unless the object's attribute was set).
  var booleanStates: OrderedDictionary<String, PythonValue>
  var tainted: PythonValue?

  /// `RawConfigParser.BOOLEAN_STATES`.
  static let standardBooleanStates: OrderedDictionary<String, Bool> = [
    "1": true, "yes": true, "true": true, "on": true, "0": false, "no": false, "false": false, "off": false,
  ]

  init(rawClass: Bool, interpolation: ConfigParserInterpolation, options: PythonConfigParser.Options) {
    self.rawClass = rawClass
    self.interpolation = interpolation
    self.options = options
    booleanStates = Self.standardBooleanStates.mapValues { PythonValue(.bool($0)) }
  }

  static func booleanStatesDict(at location: SourceLocation) -> PythonValue {
    let dict = PythonDict()
    for (text, flag) in standardBooleanStates {
      dict.entries[.string(text)] = (PythonValue(.string(text), at: location), PythonValue(.bool(flag), at: location))
    }
    return PythonValue(.dict(dict), at: location)
  }

  func taint(_ why: String, at location: SourceLocation) {
    taint(reason: "the parser was changed by \(why), which Parapet does not follow", at: location)
  }

  /// Taints with `reason` as it is (a file outside the evidence says which file, and how to decide).
  func taint(reason: String, at location: SourceLocation) {
    if tainted == nil { tainted = .unknown(reason, at: location) }
  }

  private func error(_ type: String, _ message: String, _ location: SourceLocation) -> PythonException {
    PythonException(type: type, message: message, location: location)
  }

  // MARK: Reading

  /// Applies one read (`read`, `read_file`, `read_string`): sections are created in the order
  /// the text names them, options set in order; values are located at their line.
  func apply(_ parsed: PythonConfigParser, file: String, source: PythonValue) {
    func value(_ entry: PythonConfigParser.Entry) -> PythonValue {
      guard let text = entry.value else { return PythonValue(.none, at: SourceLocation(file: file, line: entry.line)) }
      return PythonValue(.string(text), at: SourceLocation(file: file, line: entry.line)).merging([source])
    }
    for (key, entry) in parsed.defaults { defaults[key] = value(entry) }
    for (name, entries) in parsed.sections {
      var section = sections[name] ?? [:]
      for (key, entry) in entries { section[key] = value(entry) }
      sections[name] = section
    }
  }

  /// `read_dict(dictionary)`: section names and option names through `str()` (options then
  /// through `optionxform`), values through `str()` unless None, each set with `set()`;
  /// `strict` refuses a section or option the same dictionary names twice.
  func readDict(_ dictionary: PythonValue, at location: SourceLocation) throws(PythonException) {
    guard case .dict(let dict) = dictionary.kind else {
      if dictionary.isUnknown { return taint("read_dict() of a value that is not known", at: location) }
      throw error("AttributeError", "'\(dictionary.typeName)' object has no attribute 'items'", location)
    }
    var added: Set<[String]> = []
    for (_, entry) in dict.entries {
      guard let section = entry.key.pythonString else { return taint("read_dict() of a section name that is not known", at: location) }
      do throws(PythonException) {
        try addSection(section, at: location)
      } catch let failure where failure.type == "DuplicateSectionError" || failure.type == "ValueError" {
        if options.strict && added.contains([section]) { throw failure }
      }
      added.insert([section])
      guard case .dict(let keys) = entry.value.kind else {
        if entry.value.isUnknown { return taint("read_dict() of a section that is not known", at: location) }
        throw error("AttributeError", "'\(entry.value.typeName)' object has no attribute 'items'", location)
      }
      for (_, option) in keys.entries {
        guard let name = option.key.pythonString else { return taint("read_dict() of an option name that is not known", at: location) }
        let key = options.optionxform(name)
        var value = option.value
        if case .none = value.kind {
        } else if let text = value.pythonString {
          value = PythonValue(.string(text), at: value.location ?? location).merging([option.value])
        } else {
          value = PythonValue.unknown("str() of \(value.typeName), which Parapet cannot print", at: location).merging([option.value])
        }
        if options.strict && added.contains([section, key]) {
          throw error("DuplicateOptionError", "While reading from '<dict>': option '\(key)' in section '\(section)' already exists", location)
        }
        added.insert([section, key])
        try set(section, key, value, at: location)
      }
    }
  }

  // MARK: Changing

  /// `add_section(name)`: ValueError for the default section, DuplicateSectionError for an
  /// existing one.
  func addSection(_ name: String, at location: SourceLocation) throws(PythonException) {
    if name == options.defaultSection { throw error("ValueError", "Invalid section name: '\(name)'", location) }
    if sections[name] != nil { throw error("DuplicateSectionError", "Section '\(name)' already exists", location) }
    sections[name] = [:]
  }

  /// `set(section, option, value)`: ConfigParser checks that option and value are str (a
  /// None value only with `allow_no_value`); a value is checked against the interpolation's
  /// syntax; an empty section name or the default section sets a default.
  func set(_ section: String, _ option: String, _ value: PythonValue, checkTypes: Bool? = nil, at location: SourceLocation) throws(PythonException) {
    if checkTypes ?? !rawClass {
      if !options.allowNoValue || value.truthiness != false, value.stringValue == nil {
        if value.isUnknown { return taint("a value that is not known", at: location) }
        throw error("TypeError", "option values must be strings", location)
      }
    }
    if let text = value.stringValue, !text.isEmpty, !interpolation.validateForSet(text) {
      throw error("ValueError", "invalid interpolation syntax in '\(text)'", location)
    }
    if section.isEmpty || section == options.defaultSection {
      defaults[options.optionxform(option)] = value
      return
    }
    guard sections[section] != nil else { throw error("NoSectionError", "No section: '\(section)'", location) }
    sections[section]![options.optionxform(option)] = value
  }

  func removeOption(_ section: String, _ option: String, at location: SourceLocation) throws(PythonException) -> Bool {
    let key = options.optionxform(option)
    if section.isEmpty || section == options.defaultSection { return defaults.removeValue(forKey: key) != nil }
    guard sections[section] != nil else { throw error("NoSectionError", "No section: '\(section)'", location) }
    return sections[section]!.removeValue(forKey: key) != nil
  }

  func removeSection(_ section: String) -> Bool { sections.removeValue(forKey: section) != nil }

  // MARK: Reading values

  /// `has_option(section, option)`: an empty name or the default section asks the defaults.
  func hasOption(_ section: String?, _ option: String) -> Bool {
    let key = options.optionxform(option)
    guard let section, !section.isEmpty, section != options.defaultSection else { return defaults[key] != nil }
    guard let entries = sections[section] else { return false }
    return entries[key] != nil || defaults[key] != nil
  }

  /// `options(section)`: the section's names, then the defaults' not among them.
  func optionNames(_ section: String, at location: SourceLocation) throws(PythonException) -> [String] {
    guard let entries = sections[section] else { throw error("NoSectionError", "No section: '\(section)'", location) }
    return Array(entries.keys) + defaults.keys.filter { entries[$0] == nil }
  }

  /// `_unify_values`: `vars` (str() of each value unless None, names through optionxform),
  /// then the section, then the defaults; NoSectionError for a missing section other than the
  /// default one.
  func unified(_ section: String, vars: [(String, PythonValue)], convertVars: Bool, at location: SourceLocation) throws(PythonException) -> OrderedDictionary<String, PythonValue> {
    var map = defaults
    if section != options.defaultSection {
      guard let entries = sections[section] else { throw error("NoSectionError", "No section: '\(section)'", location) }
      for (key, value) in entries { map[key] = value }
    }
    for (key, value) in vars {
      var stored = value
      if convertVars, case .none = value.kind {
      } else if convertVars {
        stored = value.pythonString.map { PythonValue(.string($0), at: value.location ?? location).merging([value]) }
          ?? PythonValue.unknown("str() of \(value.typeName), which Parapet cannot print", at: location).merging([value])
      }
      map[options.optionxform(key)] = stored
    }
    return map
  }

  /// `get(section, option, raw=, vars=)` without the fallback: the value, interpolated unless
  /// raw or None.
  func get(_ section: String, _ option: String, raw: Bool, vars: [(String, PythonValue)], at location: SourceLocation) throws(PythonException) -> PythonValue {
    let map = try unified(section, vars: vars, convertVars: true, at: location)
    let key = options.optionxform(option)
    guard let value = map[key] else { throw error("NoOptionError", "No option '\(key)' in section: '\(section)'", location) }
    if raw { return value }
    if case .none = value.kind { return value }
    return try interpolate(value, section: section, map: map, at: location)
  }

  /// `before_get` of the interpolation for one value of `map`.
  func interpolate(_ value: PythonValue, section: String, map: OrderedDictionary<String, PythonValue>, at location: SourceLocation) throws(PythonException) -> PythonValue {
    guard interpolation != .none else { return value }
    guard let text = value.stringValue else {
      if value.isUnknown { return value }
      if case .none = value.kind { return PythonValue(.string(""), at: location) }
      throw error("TypeError", "argument of type '\(value.typeName)' is not iterable", location)
    }
    var used: [PythonValue] = [value]
    func lookup(_ entries: OrderedDictionary<String, PythonValue>) -> (String) -> ConfigParserInterpolation.Lookup {
      { name in
        guard let found = entries[name] else { return .absent }
        used.append(found)
        if let text = found.stringValue { return .text(text) }
        return found.isUnknown ? .unreadable : .notString(found.typeName)
      }
    }
    let sectionMap = { (name: String) -> ((String) -> ConfigParserInterpolation.Lookup)? in
      if name == self.options.defaultSection { return lookup(self.defaults) }
      guard let entries = self.sections[name] else { return nil }
      var merged = self.defaults
      for (key, value) in entries { merged[key] = value }
      return lookup(merged)
    }
    do throws(ConfigParserInterpolation.Failure) {
      let expanded = try interpolation.expand(text, map: lookup(map), optionxform: options.optionxform, sectionMap: sectionMap)
      var result = PythonValue(.string(expanded), at: value.location ?? location).merging(used)
      result.generated = used.contains(where: \.generated)
      return result
    } catch let failure where failure.type == ConfigParserInterpolation.Failure.blockedType {
      return PythonValue.unknown("configparser interpolates a value that is not known (\(failure.message))", at: location).merging(used)
    } catch {
      throw self.error(error.type, error.message, location)
    }
  }

  /// `_convert_to_boolean`: the lower-cased text looked up in `BOOLEAN_STATES`.
  func boolean(_ value: PythonValue, at location: SourceLocation) throws(PythonException) -> PythonValue {
    guard let text = value.stringValue else {
      if value.isUnknown { return value }
      throw error("AttributeError", "'\(value.typeName)' object has no attribute 'lower'", location)
    }
    guard let state = booleanStates[text.lowercased()] else { throw error("ValueError", "Not a boolean: \(text)", location) }
    var result = state
    result.location = value.location ?? location
    return result.merging([value])
  }

  /// `items(section, raw=, vars=)`: the defaults' names then the section's, each value
  /// interpolated against the map that includes `vars` (not converted by str() here).
  func items(_ section: String, raw: Bool, vars: [(String, PythonValue)], at location: SourceLocation) throws(PythonException) -> [(String, PythonValue)] {
    var base = defaults
    if let entries = sections[section] {
      for (key, value) in entries { base[key] = value }
    } else if section != options.defaultSection {
      throw error("NoSectionError", "No section: '\(section)'", location)
    }
    let names = Array(base.keys)
    for (key, value) in vars { base[options.optionxform(key)] = value }
    var pairs: [(String, PythonValue)] = []
    for name in names {
      let value = base[name]!
      pairs.append((name, raw ? value : try interpolate(value, section: section, map: base, at: location)))
    }
    return pairs
  }
}

extension PythonConfigParser.Options: @unchecked Sendable {}

extension ConfigParserInterpolation: Equatable {}
