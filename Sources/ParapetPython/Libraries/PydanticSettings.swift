import OrderedCollections
import ParapetFacts

/// pydantic's settings classes: pydantic v1's `pydantic.BaseSettings` (1.10) and pydantic v2's
/// `pydantic_settings.BaseSettings`, instantiated as `Settings(**overrides)`.
///
/// The fields are the annotated class attributes (parents first, `_private` and `ClassVar` names
/// left out), each with a default, a `Field(default, default_factory=, env=)`, or none
/// (required; `Optional[X]` without a default is None in v1, required in v2). Each field's
/// input comes from the keyword given to the class, else the environment, else the `env_file`
/// (read like python-dotenv's `dotenv_values`), else the default. The variable is `env_prefix`
/// + the field name, or what `Field(env=)` / `Config.fields` (v1) / `validation_alias` (v2)
/// name; both sides are lower-cased unless `case_sensitive`. A `list`/`tuple`/`dict` field
/// (or an Optional of one) is JSON-decoded first: text that is not JSON raises `SettingsError`
/// while the sources are read, before any validation. Then every field is validated, defaults
/// included (v1's `validate_all`, v2's `validate_default` are on for settings): `pre` / `before`
/// validators, the type (str, bool, int, float, lists, tuples, dicts, Optional, Literal of
/// strings), then the other validators of the class with `values` / `info.data` holding the
/// fields validated before. A ValueError, TypeError or AssertionError in a validator, a value the
/// type refuses, a missing required field or an unexpected keyword make `ValidationError`.
///
/// Anything else is not guessed: a type Parapet does not model (`AnyUrl`, `EmailStr`, a class)
/// makes the field unknown and the instantiation a possible load error, and options or hooks
/// that change where values come from (`secrets_dir`, `env_nested_delimiter`,
/// `customise_sources`, a root/model validator) make the whole instance unknown. The
/// expectations of `PydanticSettingsTests` were recorded by running both libraries.
extension PythonEvaluator {
  /// The module name of the markers `Field()` and the validator decorators return (not a
  /// module a project can have).
  static let pydanticMarkerModule = "<pydantic>"
  /// The decorator `validator("X")` / `field_validator("X")` returns: a builtin holding the
  /// marker as its receiver, applied by `decorate`.
  static let pydanticDecorate = "pydantic.validator.decorate"

  /// 1 or 2 when the class's only bases Parapet does not see are pydantic's settings base of
  /// that version; nil otherwise.
  static func pydanticSettingsVersion(_ type: PythonClass) -> Int? {
    var version: Int?
    for base in type.opaqueBases {
      switch base {
      case "pydantic.BaseSettings", "pydantic.env_settings.BaseSettings", "pydantic.v1.BaseSettings",
        "pydantic.v1.env_settings.BaseSettings":
        version = 1
      case "pydantic_settings.BaseSettings", "pydantic_settings.main.BaseSettings":
        version = 2
      default:
        return nil
      }
    }
    return version
  }

  // MARK: Library calls

  /// `Field(...)`, `validator(...)` / `field_validator(...)`, `root_validator` /
  /// `model_validator`, `SettingsConfigDict(...)`; nil for other names.
  func pydanticCall(_ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation)
    -> PythonValue?
  {
    switch name {
    case "pydantic.Field", "pydantic.fields.Field", "pydantic.v1.Field":
      let marker = Self.pydanticMarker("FieldInfo", at: location)
      if let given = positional.first { marker.attributes["default"] = given }
      for (key, value) in keywords { marker.attributes[key] = value }
      return PythonValue(.object(.instance(marker)), at: location)
    case "pydantic.validator", "pydantic.class_validators.validator", "pydantic.v1.validator",
      "pydantic.field_validator", "pydantic.functional_validators.field_validator":
      let marker = Self.pydanticMarker("Validator", at: location)
      marker.attributes["fields"] = PythonValue(.tuple(positional), at: location)
      for (key, value) in keywords { marker.attributes[key] = value }
      if name.hasSuffix("field_validator") { marker.attributes["__v2__"] = PythonValue(.bool(true)) }
      return PythonValue(.builtin(Self.pydanticDecorate, receiver: [PythonValue(.object(.instance(marker)), at: location)]), at: location)
    case "pydantic.root_validator", "pydantic.model_validator", "pydantic.v1.root_validator":
      // Runs on the whole model: not modelled, so the instance stays unknown.
      let marker = Self.pydanticMarker("Validator", at: location)
      marker.attributes["model"] = PythonValue(.bool(true))
      if let function = positional.first, case .function = function.kind {
        marker.attributes["function"] = function
        return PythonValue(.object(.instance(marker)), at: location)
      }
      return PythonValue(.builtin(Self.pydanticDecorate, receiver: [PythonValue(.object(.instance(marker)), at: location)]), at: location)
    case "pydantic_settings.SettingsConfigDict", "pydantic.ConfigDict":
      let dict = PythonDict()
      for (key, value) in keywords { dict.entries[.string(key)] = (PythonValue(.string(key)), value) }
      if let given = positional.first { return .unknown("\(name)() of a mapping", at: location).merging([given]) }
      return PythonValue(.dict(dict), at: location)
    default:
      return nil
    }
  }

  /// The decorator a `validator(...)` call returned, applied to the method (a classmethod is
  /// unwrapped: v2 validators are written under `@classmethod`).
  func pydanticDecorateCall(_ receiver: PythonValue, _ positional: [PythonValue], at location: SourceLocation) -> PythonValue {
    guard case .object(.instance(let given)) = receiver.kind, positional.count == 1 else {
      return .unknown("a pydantic validator decorator applied to arguments Parapet cannot read", at: location)
    }
    let marker = Self.pydanticMarker("Validator", at: location)
    marker.attributes = given.attributes
    switch positional[0].kind {
    case .function: marker.attributes["function"] = positional[0]
    case .object(.method(let function, .classMethod)): marker.attributes["function"] = PythonValue(.function(function), at: location)
    default: marker.attributes["function"] = .unknown("a validator that is not a plain function or classmethod", at: location)
    }
    return PythonValue(.object(.instance(marker)), at: location)
  }

  private static func pydanticMarker(_ name: String, at location: SourceLocation) -> PythonInstance {
    let type = PythonClass(name: name, module: PythonModule(name: pydanticMarkerModule, path: nil), location: location, bases: [])
    type.mro = [type]
    return PythonInstance(type: type)
  }

  private static func pydanticMarker(_ value: PythonValue, _ name: String) -> PythonInstance? {
    guard case .object(.instance(let instance)) = value.kind, instance.type.name == name,
      instance.type.module.name == pydanticMarkerModule
    else { return nil }
    return instance
  }

  // MARK: Instantiation

  /// One field of a settings class.
  private struct PydanticField {
    var name: String
    var type: PydanticType
    /// The default, nil when there is none.
    var defaultValue: PythonValue?
    /// `default_factory`, called only when no source gives the field a value.
    var defaultFactory: PythonValue?
    /// The variables read, already lower-cased unless case-sensitive, in pydantic's order.
    var variables: [String]
    /// The first variable as the settings spell it (for provenance and reasons).
    var spelled = ""
  }

  /// `Settings(**overrides)` for a class whose base is pydantic's `BaseSettings`.
  func pydanticSettingsInstance(
    _ type: PythonClass, version: Int, _ positional: [PythonValue], _ keywords: [(String, PythonValue)],
    at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    let base = version == 1 ? "pydantic.BaseSettings" : "pydantic_settings.BaseSettings"
    func undecided(_ why: String) -> PythonValue {
      let reason = "an instance of \(type.name) (\(base)): \(why)"
      notePossibleRaise(SkippedRaise(type: "ValidationError", location: location, message: reason), because: reason, at: location)
      return .unknown(reason, at: location)
    }
    guard positional.isEmpty else { return undecided("positional arguments, which Parapet does not model") }
    let frame = Frame(module: type.module, scope: nil, file: type.location.file, function: nil)
    // Options: v1's nested `Config` classes, v2's `model_config` dicts, parents first.
    var options: [String: PythonValue] = [:]
    for owner in type.mro.reversed() {
      if version == 1, let config = owner.namespace["Config"]?.value {
        guard case .object(.classObject(let configClass)) = config.kind, !configClass.hasOpaqueBases else {
          return undecided("its Config is not a class Parapet can read")
        }
        for parent in configClass.mro.reversed() {
          for (key, binding) in parent.namespace where !key.hasPrefix("__") { options[key] = binding.value }
        }
      }
      if version == 2, let config = owner.namespace["model_config"]?.value {
        guard case .dict(let dict) = config.kind, dict.unknownKeys == nil else {
          return undecided("its model_config is not a dict Parapet can read")
        }
        for (_, entry) in dict.entries {
          guard let key = entry.key.stringValue else { return undecided("its model_config has a key Parapet does not know") }
          options[key] = entry.value
        }
      }
    }
    let harmless: Set<String> = [
      "env_file_encoding", "arbitrary_types_allowed", "title", "use_enum_values", "frozen", "allow_mutation",
      "validate_assignment", "underscore_attrs_are_private", "protected_namespaces", "str_strip_whitespace",
      "anystr_strip_whitespace", "env_prefix", "env_file", "case_sensitive", "fields", "extra", "validate_default",
      "validate_all", "secrets_dir", "env_nested_delimiter", "env_ignore_empty", "env_parse_none_str",
      "populate_by_name", "allow_population_by_field_name", "keep_untouched", "json_schema_extra", "schema_extra",
    ]
    for (key, value) in options {
      if case .function = value.kind { return undecided("its config defines \(key)(), which Parapet does not model") }
      if case .object(.method) = value.kind { return undecided("its config defines \(key)(), which Parapet does not model") }
      if !harmless.contains(key) { return undecided("the option \(key), which Parapet does not model") }
      if value.isUnknown { return undecided("the option \(key) is not known (\(value.unknownReason ?? "unknown"))") }
    }
    for key in ["secrets_dir", "env_nested_delimiter", "env_parse_none_str"] {
      if let value = options[key], !Self.isNone(value) { return undecided("the option \(key), which Parapet does not model") }
    }
    for key in ["str_strip_whitespace", "anystr_strip_whitespace", "env_ignore_empty"] where options[key]?.truthiness == true {
      return undecided("the option \(key), which Parapet does not model")
    }
    if let flag = options["validate_default"] ?? options["validate_all"], flag.truthiness != true {
      return undecided("defaults are not validated, which Parapet does not model")
    }
    if type.lookup("settings_customise_sources") != nil || type.lookup("__init__") != nil {
      return undecided("it changes its sources or __init__, which Parapet does not model")
    }
    let prefix = options["env_prefix"].map { $0.stringValue } ?? ""
    guard let prefix else { return undecided("its env_prefix is not a known string") }
    var caseSensitive = false
    if let given = options["case_sensitive"] {
      guard let flag = given.truthiness else { return undecided("its case_sensitive is not known") }
      caseSensitive = flag
    }
    // `extra`: "forbid" (both versions' default for settings), "ignore" or "allow", also as v1's
    // `Extra.ignore`; nil when not known.
    var extra: String? = "forbid"
    if let given = options["extra"] {
      if let text = given.stringValue {
        extra = text
      } else if case .builtin(let name, _) = given.kind {
        extra = name.split(separator: ".").last.map(String.init)
      } else {
        extra = nil
      }
    }
    // Options given to the class call (`Settings(_env_file=".env.prod")`): the env file is
    // modelled, its encoding changes nothing read here, any other is not modelled.
    var fieldKeywords: [(String, PythonValue)] = []
    for (key, value) in keywords {
      switch key {
      case "_env_file": options["env_file"] = value
      case "_env_file_encoding": continue
      case _ where key.hasPrefix("_"): return undecided("the option \(key) given to \(type.name)(), which Parapet does not model")
      default: fieldKeywords.append((key, value))
      }
    }
    func normalized(_ name: String) -> String { caseSensitive ? name : name.lowercased() }

    // Fields, parents first; a name annotated again keeps its first place.
    var fields: OrderedDictionary<String, PydanticField> = [:]
    var annotated: Set<String> = []
    for owner in type.mro.reversed() {
      for (name, annotation) in owner.annotations {
        annotated.insert(name)
        if name.hasPrefix("_") || Self.isClassVariable(annotation) { continue }
        fields[name] = PydanticField(name: name, type: pydanticType(annotation, frame), defaultValue: nil, variables: [])
      }
    }
    var validators: [PythonInstance] = []
    for (name, binding) in type.allAttributes() {
      if let marker = Self.pydanticMarker(binding.value, "Validator") {
        validators.append(marker)
        continue
      }
      if annotated.contains(name) || name.hasPrefix("_") || name == "Config" || name == "model_config" { continue }
      switch binding.value.kind {
      case .function, .object(.method), .object(.classObject): continue
      default: return undecided("\(name) is set without an annotation, which Parapet does not model")
      }
    }
    if validators.contains(where: { $0.attributes["model"] != nil }) {
      return undecided("a root or model validator, which Parapet does not model")
    }
    let configFields = options["fields"]
    for name in fields.keys {
      var field = fields[name]!
      var environmentNames: PythonValue?
      var explicitlyRequired = false
      if let binding = type.lookup(name)?.1 {
        if let spec = Self.pydanticMarker(binding.value, "FieldInfo") {
          let known: Set<String> = ["default", "default_factory", "env", "validation_alias", "description", "title", "examples", "example"]
          if let other = spec.attributes.keys.first(where: { !known.contains($0) }) {
            return undecided("Field(\(other)=...) of \(name), which Parapet does not model")
          }
          if let given = spec.attributes["default"], case .opaque("Ellipsis") = given.kind {
            // `Field(...)`: required, an Optional too.
            explicitlyRequired = true
          } else if let given = spec.attributes["default"] {
            field.defaultValue = given
          } else if let factory = spec.attributes["default_factory"] {
            field.defaultFactory = factory
          }
          if version == 1, let env = spec.attributes["env"] { environmentNames = env }
          if version == 2, spec.attributes["env"] != nil { return undecided("Field(env=...) of \(name) in pydantic v2, which Parapet does not model") }
          if version == 2, let alias = spec.attributes["validation_alias"] {
            guard let text = alias.stringValue else { return undecided("the validation_alias of \(name) is not a known string") }
            field.variables = [normalized(text)]
            field.spelled = text
          }
        } else {
          field.defaultValue = binding.value
        }
      }
      if field.defaultValue == nil, field.defaultFactory == nil, !explicitlyRequired, version == 1, case .optional = field.type {
        field.defaultValue = PythonValue(.none, at: location)
      }
      if version == 1, environmentNames == nil, let configFields {
        guard case .dict(let dict) = configFields.kind else { return undecided("its Config.fields is not a dict Parapet can read") }
        if let entry = dict.entries[.string(name)]?.value {
          guard case .dict(let specification) = entry.kind else { return undecided("Config.fields[\(name)] is not a dict Parapet can read") }
          environmentNames = specification.entries[.string("env")]?.value
        }
      }
      if let environmentNames {
        if let text = environmentNames.stringValue {
          field.variables = [normalized(text)]
          field.spelled = text
        } else if let items = environmentNames.elements, case .list = environmentNames.kind, items.allSatisfy({ $0.stringValue != nil }) {
          field.variables = items.compactMap(\.stringValue).map(normalized)
        } else if let items = environmentNames.elements, case .tuple = environmentNames.kind, items.allSatisfy({ $0.stringValue != nil }) {
          field.variables = items.compactMap(\.stringValue).map(normalized)
        } else {
          return undecided("the env of \(name) is not a known string or list")
        }
      }
      if field.variables.isEmpty {
        field.variables = [normalized(prefix + name)]
        field.spelled = prefix + name
      }
      if field.spelled.isEmpty { field.spelled = field.variables[0] }
      fields[name] = field
    }
    for (key, _) in fieldKeywords where fields[key] == nil {
      guard extra == "forbid" else {
        if extra == nil { return undecided("the keyword \(key), which is no field, and an extra option Parapet does not know") }
        continue
      }
      throw PythonException(
        type: "ValidationError", message: "1 validation error for \(type.name): \(key) (extra fields not permitted)", location: location)
    }

    // The env files, in order (later ones win), as dotenv_values reads them.
    var dotenv: [String: (value: String, source: String)] = [:]
    var dotenvOrder: [String] = []
    if let given = options["env_file"], !Self.isNone(given) {
      var files = [given]
      if case .list(let list) = given.kind { files = list.items }
      if case .tuple(let items) = given.kind { files = items }
      for file in files {
        if file.stringValue?.hasPrefix("~") == true { return undecided("its env_file is under the home folder of the server's user") }
        guard let virtual = virtualPath(of: file) else { return undecided("its env_file is not a known path") }
        if let (path, text) = scannedFile(virtual) {
          for (key, entry) in PythonDotenv.resolve(PythonDotenv.parse(text), environment: environment, override: true) {
            guard let value = entry.value else { continue }
            let name = normalized(key)
            if dotenv[name] == nil { dotenvOrder.append(name) }
            dotenv[name] = (value, "\(path):\(entry.line)")
          }
        } else if PythonModuleResolver.bundlePath(virtual) == nil && !resolver.declaredAbsent(virtual) {
          return undecided("it reads the env_file \(Self.unseenFile(virtual))")
        }
        // A missing env file is skipped, as pydantic does.
      }
    }

    // Sources: keywords, then the environment, then the env files, then the default. JSON
    // errors raise here, before any validation.
    let accessor = version == 1 ? "pydantic.BaseSettings" : "pydantic_settings.BaseSettings"
    var inputs: OrderedDictionary<String, PythonValue?> = [:]
    var fileInputs: [(field: PydanticField, variable: String, entry: (value: String, source: String))] = []
    /// A container field's text decoded as JSON, or SettingsError.
    func decoded(_ raw: PythonValue, _ field: PydanticField, variable: String, source: String) throws(PythonException) -> PythonValue {
      guard field.type.isComplex, raw.stringValue != nil else { return raw }
      do throws(PythonException) {
        return try callBuiltin("json.loads", receiver: nil, [raw], [], frame, at: location).merging([raw])
      } catch {
        if error.isInternal || error.type != "JSONDecodeError" { throw error }
        // v2 keeps the text of an Optional container (a union) for the validation to refuse.
        if version == 2, case .optional = field.type { return raw }
        let message = version == 1
          ? "error parsing env var \"\(variable)\"" : "error parsing value for field \"\(field.name)\" from source \"\(source)\""
        throw PythonException(type: "SettingsError", message: message, location: location, uses: raw.uses)
      }
    }
    for field in fields.values {
      let fromFile = field.variables.lazy.compactMap { name in dotenv[name].map { (name, $0) } }.first
      // The environment's source runs whatever the keywords say (its JSON errors raise even
      // for a field given as a keyword); v1 merges the env files into it.
      var found: (variable: String, value: PythonValue)?
      for variable in field.variables {
        if let value = pydanticEnvironmentRead(
          variable, spelled: variable == field.variables[0] ? field.spelled : variable, caseSensitive: caseSensitive,
          accessor: accessor, at: location)
        {
          found = (variable, value)
          break
        }
      }
      var sourced: PythonValue?
      if let (variable, value) = found {
        sourced = value.isUnknown ? value : try decoded(value, field, variable: variable, source: "EnvSettingsSource")
      } else if version == 1, let (variable, entry) = fromFile {
        sourced = try decoded(dotenvValue(variable, entry, accessor: accessor, at: location), field, variable: variable, source: "")
      }
      if version == 2, let (variable, entry) = fromFile {
        // v2 reads the env files in a source of its own, after the environment's: a value
        // there is decoded even where the environment or a keyword wins.
        fileInputs.append((field, variable, entry))
      }
      if let given = fieldKeywords.first(where: { $0.0 == field.name })?.1 {
        inputs[field.name] = given
        continue
      }
      if let sourced {
        inputs[field.name] = sourced
        continue
      }
      if version == 2, fromFile != nil {
        inputs[field.name] = .some(nil)  // set from the env file below
        continue
      }
      var fallback = field.defaultValue
      if fallback == nil, let factory = field.defaultFactory {
        fallback = try call(factory, [], [], frame, at: location, summary: "default_factory of \(field.name)")
      }
      if var value = fallback {
        if SecretNames.isSecret(field.spelled) { value.fromSecretVariable = true }
        value.uses = PythonValue.union(value.uses, [EnvironmentUse(
          variable: field.spelled, state: .unset, defaultValue: fallback, accessor: accessor, cast: nil, location: location)])
        inputs[field.name] = value
      } else {
        inputs[field.name] = .some(nil)
      }
    }
    for (field, variable, entry) in fileInputs {
      let value = try decoded(dotenvValue(variable, entry, accessor: accessor, at: location), field, variable: variable, source: "DotEnvSettingsSource")
      if case .some(.none) = inputs[field.name] { inputs[field.name] = value }
    }
    // v2: a name of the env files no field reads is an extra input, refused by default.
    if version == 2, extra != "ignore", extra != "allow" {
      if extra == nil, !dotenvOrder.isEmpty { return undecided("its extra option is not known, and it reads an env file") }
      let read = Set(fields.values.flatMap(\.variables))
      for name in dotenvOrder where !read.contains(name) {
        guard let entry = dotenv[name], !entry.value.isEmpty else { continue }
        if !prefix.isEmpty, fields[name] != nil { continue }
        throw PythonException(
          type: "ValidationError", message: "1 validation error for \(type.name): \(name) (Extra inputs are not permitted; from \(entry.source))",
          location: location)
      }
    }

    // Validation, field by field.
    let classValue = PythonValue(.object(.classObject(type)), at: location)
    let values = PythonDict()
    var errors: [String] = []
    var doubts: [String] = []
    let instance = PythonInstance(type: type)
    for field in fields.values {
      guard let input = inputs[field.name] ?? nil else {
        errors.append("\(field.name) (field required)")
        continue
      }
      let mine = validators.filter { marker in
        (marker.attributes["fields"]?.elements ?? []).contains { $0.stringValue == field.name || $0.stringValue == "*" }
      }
      var outcome = PydanticOutcome.valid(input)
      for marker in mine where Self.pydanticValidatorRunsBefore(marker) {
        guard case .valid(let value) = outcome else { break }
        outcome = try runPydanticValidator(marker, classValue, value, values, field: field.name, at: location)
      }
      if case .valid(let value) = outcome { outcome = pydanticValidate(value, field.type, version: version, frame, at: location) }
      for marker in mine where !Self.pydanticValidatorRunsBefore(marker) {
        guard case .valid(let value) = outcome else { break }
        outcome = try runPydanticValidator(marker, classValue, value, values, field: field.name, at: location)
      }
      switch outcome {
      case .valid(let value):
        instance.attributes[field.name] = value
        values.entries[.string(field.name)] = (PythonValue(.string(field.name)), value)
      case .invalid(let message):
        errors.append("\(field.name) (\(message))")
      case .unknown(let why):
        // Kept as if valid: if it is not, the instantiation fails whatever the later fields do.
        let value = PythonValue.unknown("\(type.name).\(field.name): \(why)", at: location).merging([input])
        instance.attributes[field.name] = value
        values.entries[.string(field.name)] = (PythonValue(.string(field.name)), value)
        doubts.append("\(field.name) (\(why))")
      }
    }
    if !errors.isEmpty {
      let count = errors.count == 1 ? "1 validation error" : "\(errors.count) validation errors"
      throw PythonException(
        type: "ValidationError", message: "\(count) for \(type.name): " + errors.joined(separator: "; "), location: location,
        uses: inputs.values.compactMap { $0 }.flatMap(\.uses))
    }
    if !doubts.isEmpty {
      let reason = "\(type.name)() validates " + doubts.joined(separator: "; ")
      notePossibleRaise(SkippedRaise(type: "ValidationError", location: location, message: reason), because: reason, at: location)
    }
    return PythonValue(.object(.instance(instance)), at: location)
  }

  /// A value of an env file, with where it was read.
  private func dotenvValue(_ variable: String, _ entry: (value: String, source: String), accessor: String, at location: SourceLocation) -> PythonValue {
    let use = EnvironmentUse(variable: variable, state: .file(entry.source), defaultValue: nil, accessor: accessor, cast: nil, location: location)
    var value = PythonValue(.string(entry.value), uses: [use], at: location)
    value.fromSecretVariable = SecretNames.isSecret(variable)
    return value
  }

  /// The environment's value for `name` (lower-case unless case-sensitive): nil when the
  /// variable is certainly not set. Case-insensitive, pydantic lower-cases every name of
  /// `os.environ`: two spellings with different values depend on the process's order.
  private func pydanticEnvironmentRead(
    _ name: String, spelled: String, caseSensitive: Bool, accessor: String, at location: SourceLocation
  ) -> PythonValue? {
    if caseSensitive {
      if environment[name] != nil || unknownVariables[name] != nil || unsetIsUnknown {
        return environmentValue(name, accessor: accessor, defaultValue: nil, at: location)
      }
      return nil
    }
    let matches = environment.keys.filter { $0.lowercased() == name }.sorted()
    if let unknown = unknownVariables.keys.sorted().first(where: { $0.lowercased() == name }) {
      return environmentValue(unknown, accessor: accessor, defaultValue: nil, at: location)
    }
    if matches.count > 1, Set(matches.compactMap { environment[$0] }).count > 1 {
      return .unknown("$\(matches.joined(separator: " and $")) are set with different values; pydantic reads whichever os.environ lists last", at: location)
    }
    if let first = matches.first { return environmentValue(first, accessor: accessor, defaultValue: nil, at: location) }
    if unsetIsUnknown { return environmentValue(spelled, accessor: accessor, defaultValue: nil, at: location) }
    return nil
  }

  private static func pydanticValidatorRunsBefore(_ marker: PythonInstance) -> Bool {
    if marker.attributes["pre"]?.truthiness == true { return true }
    return marker.attributes["mode"]?.stringValue == "before"
  }

  /// Calls a validator the settings define: v1 as `f(cls, value, values=...)` (only the
  /// parameters it names), v2 as `f(cls, value[, info])` with `info.data`.
  private func runPydanticValidator(
    _ marker: PythonInstance, _ cls: PythonValue, _ value: PythonValue, _ values: PythonDict, field: String,
    at location: SourceLocation
  ) throws(PythonException) -> PydanticOutcome {
    guard let functionValue = marker.attributes["function"], case .function(let function) = functionValue.kind else {
      return .unknown("its validator is not a function Parapet can run")
    }
    if marker.attributes["each_item"]?.truthiness == true { return .unknown("a validator with each_item, which Parapet does not model") }
    if let mode = marker.attributes["mode"]?.stringValue, mode != "before", mode != "after" {
      return .unknown("a \(mode) validator, which Parapet does not model")
    }
    let snapshot = PythonDict(values.entries)
    let names = function.parameters.map(\.name)
    var positional = [cls, value]
    var keywords: [(String, PythonValue)] = []
    if marker.attributes["__v2__"] != nil {
      if names.count >= 3 {
        let info = Self.pydanticMarker("ValidationInfo", at: location)
        info.attributes["data"] = PythonValue(.dict(snapshot), at: location)
        info.attributes["field_name"] = PythonValue(.string(field), at: location)
        positional.append(PythonValue(.object(.instance(info)), at: location))
      }
    } else {
      for name in names.dropFirst(2) {
        guard name == "values" else { return .unknown("a validator taking \(name), which Parapet does not pass") }
        keywords.append(("values", PythonValue(.dict(snapshot), at: location)))
      }
    }
    do throws(PythonException) {
      return .valid(try callFunction(function, positional, keywords, at: location))
    } catch {
      if error.isInternal { throw error }
      // v1 turns a TypeError into a validation error too; v2 lets it through.
      let converted = marker.attributes["__v2__"] == nil ? ["ValueError", "TypeError", "AssertionError"] : ["ValueError", "AssertionError"]
      let caught = ([error.type] + error.ancestors).contains { raised in
        converted.contains { PythonExceptionHierarchy.catches($0, raised) }
      }
      guard caught else { throw error }
      return .invalid(error.message)
    }
  }

  private static func isClassVariable(_ annotation: PythonExpr) -> Bool {
    var base = annotation
    if case .subscription(let subscripted, _, _) = annotation { base = subscripted }
    if case .constant(.string(let text), _) = annotation { return text.hasPrefix("ClassVar") || text.hasPrefix("typing.ClassVar") }
    return lastName(base) == "ClassVar"
  }
}
