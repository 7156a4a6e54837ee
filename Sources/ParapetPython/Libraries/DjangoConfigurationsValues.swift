import OrderedCollections
import ParapetFacts

/// django-configurations' `values` (2.x) where a value resolves at once: `Value`,
/// `BooleanValue` (`yes y true 1` / `no n false 0 ''`, else ValueError), `IntegerValue`,
/// `PositiveIntegerValue`, `FloatValue`, `ListValue`/`TupleValue` (`separator`, `converter`,
/// empty items dropped) and `SecretValue` (required, no default), read from
/// `<environ_prefix>_<environ_name>` (prefix `DJANGO`) when `environ_name` is given, or the
/// default with `environ=False`. A value without `environ_name` (named by its class attribute),
/// `late_binding=True`, and the URL values stay Value objects: unknown. django-lasuite's
/// `SecretFileValue` (a `Value` that reads the file `$<NAME>_FILE` names first) is read the same
/// way.
/// A django-configurations value object that its `__new__` could not resolve at once: the call
/// that made it and the default its `__init__` kept.
struct ConfigurationsValueObject {
  var type: String
  var positional: [PythonValue]
  var keywords: [(String, PythonValue)]
  var defaultValue: PythonValue
}

extension PythonEvaluator {
  static let configurationsTrue: Set<String> = ["yes", "y", "true", "1"]
  static let configurationsFalse: Set<String> = ["no", "n", "false", "0", ""]

  func configurationsValue(
    _ type: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], _ frame: Frame, at location: SourceLocation,
    initialDefault: PythonValue? = nil
  ) throws(PythonException) -> PythonValue {
    func argument(_ position: Int, _ name: String) -> PythonValue? {
      position < positional.count ? positional[position] : keywords.first { $0.0 == name }?.1
    }
    let supported: Set<String> = [
      "Value", "BooleanValue", "IntegerValue", "PositiveIntegerValue", "FloatValue", "ListValue", "TupleValue", "SecretValue",
      "SecretFileValue",
    ]
    guard supported.contains(type) else {
      return .unknown("a django-configurations \(type) object (resolved when its Configuration is set up)", at: location)
    }
    if argument(99, "late_binding")?.truthiness == true {
      return .unknown("a django-configurations \(type) with late_binding=True", at: location)
    }
    let environ = argument(1, "environ")?.truthiness ?? true
    let nameValue = argument(2, "environ_name") ?? PythonValue(.none)
    guard Self.isNone(nameValue) || nameValue.stringValue != nil else {
      return .unknown("a django-configurations value whose environ_name is not known", at: location)
    }
    let name = nameValue.stringValue
    var prefix: String? = "DJANGO"
    if let given = argument(3, "environ_prefix") {
      if Self.isNone(given) || given.truthiness == false { prefix = nil } else if let text = given.stringValue { prefix = text } else {
        return .unknown("a django-configurations environ_prefix that is not known", at: location)
      }
    }
    if let text = prefix, text.hasSuffix("_") { prefix = String(text.dropLast()) }
    var required = argument(4, "environ_required")?.truthiness ?? false
    if type == "SecretValue" { required = true }
    var defaultValue: PythonValue
    if let initialDefault {
      defaultValue = initialDefault
    } else {
      switch try configurationsInitialDefault(
        type, argument(0, "default") ?? PythonValue(.none, at: location), converter: argument(99, "converter"), frame, at: location)
      {
      case .value(let value): defaultValue = value
      case .unknownResult(let unknown): return unknown
      }
    }
    guard (environ && name != nil) || (!environ && defaultValue.truthiness == true) else {
      // Named by the class attribute it is assigned to: the importer resolves it then
      // (`resolveDeferredConfigurationsValue`).
      if environ && name == nil {
        deferredConfigurationsValues[location] = ConfigurationsValueObject(
          type: type, positional: positional, keywords: keywords, defaultValue: defaultValue)
      }
      return .unknown("a django-configurations \(type) object (resolved when its Configuration is set up)", at: location)
    }
    var value = defaultValue
    if environ, let name {
      let full = prefix.map { "\($0)_\(name)" } ?? name
      if type == "SecretFileValue", let fromFile = try secretFileValue(full, suffix: argument(99, "file_suffix"), at: location) {
        return fromFile
      }
      let raw = environmentValue(full, accessor: "configurations.values.\(type)", defaultValue: required ? nil : defaultValue, at: location)
      if raw.isUnknown { return raw }
      if case .set = raw.uses.first(where: { $0.variable == full })?.state, let text = raw.stringValue {
        value = try configurationsToPython(type, text, raw, keywords, frame, at: location)
      } else if case .file = raw.uses.first(where: { $0.variable == full })?.state, let text = raw.stringValue {
        value = try configurationsToPython(type, text, raw, keywords, frame, at: location)
      } else if required {
        throw PythonException(type: "ValueError", message: "Value is required to be set as the environment variable '\(full)'", location: location)
      } else {
        value = raw
      }
    }
    if type == "SecretValue" {
      guard let truth = value.truthiness else { return .unknown("a secret value that is not known", at: location).merging([value]) }
      if !truth { throw PythonException(type: "ValueError", message: "Secret value is not set", location: location) }
      value.fromSecretVariable = true
    }
    return value
  }

  /// django-lasuite's `SecretFileValue`: the text of the file `$<NAME>_<file_suffix>` names
  /// (`FILE` by default) without one trailing newline, when that variable is set; nil when it
  /// is not (the value is then read as a plain `Value`). A named file that does not exist
  /// raises ValueError, as the library does.
  private func secretFileValue(_ full: String, suffix: PythonValue?, at location: SourceLocation) throws(PythonException) -> PythonValue? {
    guard let suffixText = suffix.map({ $0.stringValue }) ?? "FILE" else {
      return .unknown("a SecretFileValue whose file_suffix is not known", at: location)
    }
    let fileKey = "\(full)_\(suffixText)"
    if environment[fileKey] == "" {
      throw PythonException(type: "ValueError", message: "Path '' does not exist.", location: location)
    }
    guard var value = variableFileValue(fileKey, accessor: "lasuite.configuration.values.SecretFileValue", at: location) else { return nil }
    if value.isUnknown {
      // A path inside the project that the scan does not hold is certainly missing only if
      // the scan is the whole project: left unknown, with the path in the reason.
      return value
    }
    if case .string(let text) = value.kind, text.hasSuffix("\n") { value.kind = .string(String(text.dropLast())) }
    return value
  }

  /// A `values.X(...)` without `environ_name`, read when its Configuration is set up under the
  /// name of the class attribute that holds it (`SECRET_KEY = values.Value(None)` reads
  /// `DJANGO_SECRET_KEY`); nil when `value` is not such a value.
  func resolveDeferredConfigurationsValue(_ value: PythonValue, attribute: String, _ frame: Frame) throws(PythonException) -> PythonValue? {
    guard let object = configurationsValueObject(value), let location = value.location else { return nil }
    let keywords = object.keywords.filter { $0.0 != "environ_name" } + [("environ_name", PythonValue(.string(attribute), at: location))]
    return try configurationsValue(object.type, object.positional, keywords, frame, at: location, initialDefault: object.defaultValue)
  }

  /// The django-configurations value object `value` is, when it is one Parapet keeps.
  func configurationsValueObject(_ value: PythonValue) -> ConfigurationsValueObject? {
    guard value.isUnknown, let location = value.location else { return nil }
    return deferredConfigurationsValues[location]
  }

  /// An attribute of a value object: `default` is the default its `__init__` kept (a subclass
  /// extends its parent's, `Base.INSTALLED_APPS.default + [...]`); any other attribute is
  /// unknown, and no longer the object itself.
  func configurationsValueObjectAttribute(_ base: PythonValue, _ name: String, at location: SourceLocation) -> PythonValue? {
    guard let object = configurationsValueObject(base) else { return nil }
    if name == "default" { return object.defaultValue.merging([base]) }
    return .unknown("attribute \(name) of a django-configurations \(object.type) object", at: location).merging([base])
  }

  private enum ConfigurationsDefault {
    case value(PythonValue)
    /// The call's result is not known whatever the environment holds.
    case unknownResult(PythonValue)
  }

  /// `self.default` once the value class's `__init__` ran. `Value.__init__` replaces a default
  /// that is itself a value object by a copy of that object's default unless it is None (then
  /// the object stays the default); `BooleanValue` requires a default equal to True or False,
  /// `SecretValue` a None one (a value object is neither); `ListValue`/`TupleValue` make the
  /// default a list/tuple (None: empty) and convert its items.
  private func configurationsInitialDefault(
    _ type: String, _ given: PythonValue, converter: PythonValue?, _ frame: Frame, at location: SourceLocation
  ) throws(PythonException) -> ConfigurationsDefault {
    var value = given
    if let inner = configurationsValueObject(given) {
      if inner.defaultValue.isUnknown && configurationsValueObject(inner.defaultValue) == nil {
        // Whether it is None decides between the object and its default: neither is known.
        return .unknownResult(.unknown("a django-configurations \(type) whose default is a value object with an unknown default", at: location).merging([given]))
      }
      if !Self.isNone(inner.defaultValue) { value = configurationsShallowCopy(inner.defaultValue, at: location) }
    }
    let isValueObject = configurationsValueObject(value) != nil
    switch type {
    case "BooleanValue":
      // `self.default not in (True, False)`; a value object compares by its value, None here.
      if isValueObject { throw PythonException(type: "ValueError", message: "Default value is not a boolean value", location: location) }
      switch value.kind {
      case .bool: break
      case .integer(let number) where number == 0 || number == 1: break
      case .float(let number) where number == 0 || number == 1: break
      case .unknown: return .unknownResult(.unknown("a django-configurations BooleanValue whose default is not known", at: location).merging([value]))
      default: throw PythonException(type: "ValueError", message: "Default value is not a boolean value", location: location)
      }
    case "SecretValue":
      if value.isUnknown && !isValueObject {
        return .unknownResult(.unknown("a django-configurations SecretValue whose default is not known", at: location).merging([value]))
      }
      if !Self.isNone(value) {
        throw PythonException(type: "ValueError", message: "Secret values are only allowed to be set as environment variables", location: location)
      }
    case "ListValue", "TupleValue":
      let items: [PythonValue]
      if Self.isNone(value) {
        items = []
      } else {
        guard !isValueObject, let elements = try iterate(value) else { return .unknownResult(.unknown("a sequence default that is not known", at: location)) }
        items = elements
      }
      var converted = items
      if let converter, !Self.isNone(converter) {
        converted = []
        for item in items { converted.append(try configurationsConvert(converter, item, frame, at: location)) }
      }
      value = PythonValue(type == "ListValue" ? .list(PythonList(converted)) : .tuple(converted), at: location)
    default: break
    }
    return .value(value)
  }

  /// `copy.copy(value)` (`CopyModule`); an instance of a settings class is not copied by
  /// Parapet (unknown).
  private func configurationsShallowCopy(_ value: PythonValue, at location: SourceLocation) -> PythonValue {
    Self.shallowCopy(value) ?? .unknown("a copy of an object (copy.copy)", at: location).merging([value])
  }

  private func configurationsConvert(_ converter: PythonValue, _ item: PythonValue, _ frame: Frame, at location: SourceLocation) throws(PythonException) -> PythonValue {
    do throws(PythonException) {
      return try applyCast(converter, item, frame, at: location)
    } catch {
      if error.type == "TypeError" || error.type == "ValueError" {
        throw PythonException(type: "ValueError", message: "Cannot interpret item", location: location)
      }
      throw error
    }
  }

  private func configurationsToPython(_ type: String, _ text: String, _ raw: PythonValue, _ keywords: [(String, PythonValue)], _ frame: Frame, at location: SourceLocation) throws(PythonException) -> PythonValue {
    func derived(_ kind: PythonValue.Kind) -> PythonValue {
      var out = raw
      out.kind = kind
      return out
    }
    switch type {
    case "BooleanValue":
      let normalized = text.trimmingPythonWhitespace().lowercased()
      if Self.configurationsTrue.contains(normalized) { return derived(.bool(true)) }
      if Self.configurationsFalse.contains(normalized) { return derived(.bool(false)) }
      throw PythonException(type: "ValueError", message: "Cannot interpret boolean value", location: location)
    case "IntegerValue", "PositiveIntegerValue", "FloatValue":
      let caster = PythonValue(.builtin(type == "FloatValue" ? "float" : "int", receiver: []), at: location)
      let number: PythonValue
      do throws(PythonException) {
        number = try applyCast(caster, raw, frame, at: location)
      } catch {
        if error.type == "TypeError" || error.type == "ValueError" {
          throw PythonException(type: "ValueError", message: "Cannot interpret value", location: location)
        }
        throw error
      }
      if type == "PositiveIntegerValue", case .integer(let integer) = number.kind, integer < 0 {
        throw PythonException(type: "ValueError", message: "Cannot interpret value", location: location)
      }
      return number
    case "ListValue", "TupleValue":
      guard let separator = (keywords.first { $0.0 == "separator" }?.1 ?? PythonValue(.string(","))).stringValue, !separator.isEmpty else {
        return .unknown("a separator that is not known", at: location)
      }
      var items: [PythonValue] = []
      for part in text.trimmingPythonWhitespace().pythonSplit(separator) {
        let item = part.trimmingPythonWhitespace()
        if item.isEmpty { continue }
        items.append(derived(.string(item)))
      }
      if let converter = keywords.first(where: { $0.0 == "converter" })?.1, !Self.isNone(converter) {
        var converted: [PythonValue] = []
        for item in items { converted.append(try configurationsConvert(converter, item, frame, at: location)) }
        items = converted
      }
      return derived(type == "ListValue" ? .list(PythonList(items)) : .tuple(items))
    default:
      return raw
    }
  }
}
