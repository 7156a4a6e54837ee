import OrderedCollections
import ParapetFacts

/// Attributes and calls of builtins, `str`/`list`/`dict` methods, `os`, `os.path` and
/// `pathlib`.
extension PythonEvaluator {
  package func attribute(_ base: PythonValue, _ name: String, at location: SourceLocation) throws(PythonException) -> PythonValue {
    func method(_ qualified: String) -> PythonValue {
      PythonValue(.builtin(qualified, receiver: [base]), at: location)
    }
    switch base.kind {
    case .unknown:
      if let attribute = configurationsValueObjectAttribute(base, name, at: location) { return attribute }
      return base
    case .object(let object):
      return try objectAttribute(base, object, name, at: location)
    case .module(let module) where dynaconfFailure(module, at: location) != nil:
      throw dynaconfFailure(module, at: location)!
    case .module(let module) where module.name == Self.dynaconfSettingsType && module.path == nil && module.namespace[name] == nil:
      // dynaconf raises AttributeError for a setting it does not hold (and reads dotted keys).
      return .unknown("dynaconf settings attribute \(name), which the settings do not hold", at: location)
    case .module(let module):
      if module.path != nil || !module.namespace.isEmpty && module.namespace[name] != nil {
        if let binding = module.namespace[name] { return binding.value }
        if name == "__dict__" { return PythonValue(.object(.namespace(module)), at: location) }
        if name == "__dir__", module.path != nil { return method(Self.moduleDirMethod) }
        if let submodule = try? importModule(module.name + "." + name, at: location) {
          return PythonValue(.module(submodule), at: location)
        }
        if let answered = try moduleGetattrHook(module, name, at: location) { return answered }
        if module.hasOpaqueImports { return .unknown("\(module.name).\(name) may come from a star import", at: location) }
        throw PythonException(type: "AttributeError", message: "module '\(module.name)' has no attribute '\(name)'", location: location)
      }
      if module.name == Self.djangoSettingsModule { return try djangoSettingsAttribute(name, at: location) }
      if let interpreter = interpreterAttribute(module.name + "." + name, at: location) { return interpreter }
      if PythonLibraries.absentOnLinux.contains(module.name + "." + name) {
        throw PythonException(type: "AttributeError", message: "module '\(module.name)' has no attribute '\(name)'", location: location)
      }
      return PythonLibraries.attribute(of: module, name, evaluator: self, at: location)
    case .path(let path):
      switch name {
      case "parent": return PythonValue(.path(PythonModuleResolver.pathParent(path)), at: location).merging([base])
      case "parents":
        // Each ancestor, nearest first, up to `/` or `.` (courtlistener's `.parents[2]`).
        var ancestors: [PythonValue] = []
        var current = path
        while true {
          let parent = PythonModuleResolver.pathParent(current)
          if parent == current || (current == "." && parent == ".") { break }
          ancestors.append(PythonValue(.path(parent), at: location))
          current = parent
          if parent == "/" || parent == "." { break }
        }
        return PythonValue(.tuple(ancestors), at: location).merging([base])
      case "name": return PythonValue(.string(PythonModuleResolver.basename(path)), at: location).merging([base])
      case "parts":
        let parts = (path.hasPrefix("/") ? ["/"] : []) + path.split(separator: "/").map(String.init)
        return PythonValue(.tuple(parts.map { PythonValue(.string($0)) }), at: location).merging([base])
      case "suffix", "stem":
        let file = PythonModuleResolver.basename(path)
        let dot = file.lastIndex(of: ".").flatMap { $0 == file.startIndex ? nil : $0 }
        if name == "suffix" { return PythonValue(.string(dot.map { String(file[$0...]) } ?? ""), at: location) }
        return PythonValue(.string(dot.map { String(file[..<$0]) } ?? file), at: location)
      default: return method("Path." + name)
      }
    case .tuple: return method("tuple." + name)
    case .string, .bytes, .list, .dict:
      if let missing = PythonBuiltinAttributes.missing(base.builtinAttributeType, name, at: location, uses: base.uses) { throw missing }
      return method(base.builtinAttributeType + "." + name)
    case .set: return method("set." + name)
    case .environ: return method("environ." + name)
    // django-environ's `Env.ENVIRON` is `os.environ` itself (Data Hub lists its
    // DIT_EMAIL_DOMAIN_* variables from it).
    case .environReader where name == "ENVIRON": return PythonValue(.environ, at: location)
    case .environReader: return method("Env." + name)
    case .opaque(let type):
      if let value = osErrorAttribute(type, name, at: location) { return value.merging([base]) }
      if let value = packagingVersionAttribute(base, name, at: location) { return value.merging([base]) }
      if let object = libraryObjectAttribute(base, type, name, at: location) { return object }
      if let value = frameAttribute(type, name, at: location) { return value.merging([base]) }
      if type == "CSP", let value = PythonLibraries.cspConstants[name] {
        return PythonValue(.string(value), at: location)
      }
      if type == Self.loggerType, let bound = loggerAttribute(base, name, at: location) { return bound }
      if type == "class Env" || type == "environ.Env" { return method("Env." + name) }
      if type == Self.redisClientType { return method(Self.redisClientType + "." + name) }
      if Self.networkClientClass(type) != nil { return method(type + "." + name) }
      if type.hasPrefix(Self.hashPrefix) {
        if let value = hashAttribute(type, name, at: location) { return value.merging([base]) }
        return method("hashlib.hash." + name)
      }
      var attribute = PythonValue.unknown("attribute \(name) of \(type)", at: location)
      attribute.anyType = true
      return attribute
    case .builtin(let qualified, let receiver):
      if qualified == Self.compiledPatternType {
        guard Self.compiledPatternMethods.contains(name) else { return .unknown("attribute \(name) of a compiled pattern", at: location) }
        return PythonValue(.builtin(qualified + "." + name, receiver: receiver), at: location)
      }
      if Self.configParserClasses.contains(qualified), name == "BOOLEAN_STATES" { return ConfigParserObject.booleanStatesDict(at: location) }
      if qualified == "environ.Env" { return PythonValue(.builtin("Env." + name, receiver: []), at: location) }
      return PythonValue(.builtin(qualified + "." + name, receiver: []), at: location)
    case .integer, .float, .bool:
      return method("number." + name)
    case .none where !(name.hasPrefix("__") && name.hasSuffix("__")):
      // None has only the object protocol: `os.environ.get("X").strip()` with X unset raises
      // (librephotos' `os.environ.get(..., None).isnumeric()`).
      throw PythonException(
        type: "AttributeError", message: "'NoneType' object has no attribute '\(name)'", location: location, uses: base.uses)
    default:
      return .unknown("attribute \(name) of \(base.typeName)", at: location)
    }
  }

  /// JSON text as the Python literal it equals: `true`, `false` and `null` outside strings become
  /// `True`, `False` and `None` (inside strings they stay text), `NaN` and `Infinity` the
  /// floats, `\/` becomes `/`.
  static func jsonAsPythonLiteral(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    var inString = false
    var escaped = false
    var word = ""
    func flush() {
      switch word {
      case "true": out += "True"
      case "false": out += "False"
      case "null": out += "None"
      // Python's json extensions (checked by `PythonJSONSyntax` before this runs).
      case "NaN": out += "float('nan')"
      case "Infinity": out += "float('inf')"
      default: out += word
      }
      word = ""
    }
    for character in text {
      if inString {
        if escaped {
          if character == "/" { out.removeLast(); out.append("/") } else { out.append(character) }
          escaped = false
        } else {
          out.append(character)
          if character == "\\" { escaped = true } else if character == "\"" { inString = false }
        }
        continue
      }
      if character.isLetter { word.append(character); continue }
      flush()
      if character == "\"" { inString = true }
      out.append(character)
    }
    flush()
    return out
  }

  /// How long a value from a random-value function is (`secrets.DEFAULT_ENTROPY` is 32 bytes):
  /// `token_urlsafe(n)` is base64 without padding, ⌈4n/3⌉ characters; `token_hex(n)` 2n;
  /// `token_bytes(n)` and `os.urandom(n)` n bytes; `get_random_secret_key()` 50 characters;
  /// `get_random_string(length)` `length`. Nil when the argument is not a known integer.
  static func generatedLength(_ name: String, _ argument: PythonValue?) -> Int? {
    let count: Int?
    switch argument?.kind {
    case nil, .none?: count = name.hasPrefix("secrets.") ? 32 : nil
    case .integer(let number)?: count = number >= 0 && number < 1 << 40 ? number : nil
    default: count = nil
    }
    switch name {
    case "secrets.token_urlsafe": return count.map { ($0 * 4 + 2) / 3 }
    case "secrets.token_hex": return count.map { $0 * 2 }
    case "secrets.token_bytes", "os.urandom": return count
    case "django.core.management.utils.get_random_secret_key": return 50
    case "django.utils.crypto.get_random_string": return count
    default: return nil
    }
  }

  package func callBuiltin(
    _ name: String, receiver: PythonValue?, _ positional: [PythonValue],
    _ keywords: [(String, PythonValue)], _ frame: Frame, at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    let sources = positional + keywords.map(\.1) + (receiver.map { [$0] } ?? [])
    switch name {
    // An OrderedDict is a dict for what settings do with it.
    case "collections.OrderedDict":
      return try callBuiltin("dict", receiver: receiver, positional, keywords, frame, at: location)
    case "collections.OrderedDict.fromkeys":
      return try callBuiltin("dict.fromkeys", receiver: receiver, positional, keywords, frame, at: location)
    default: break
    }
    if name.hasPrefix(Self.compiledPatternType + "."), let receiver {
      return try compiledPatternCall(String(name.dropFirst(Self.compiledPatternType.count + 1)), receiver: receiver, positional, keywords, at: location)
    }
    if name.hasPrefix(Self.regexMatchType + "."), let receiver, case .object(.regexMatch(let match)) = receiver.kind {
      return try regexMatchMethod(String(name.dropFirst(Self.regexMatchType.count + 1)), receiver, match, positional, keywords, at: location)
    }
    func argument(_ position: Int, _ keyword: String? = nil) -> PythonValue? {
      if position < positional.count { return positional[position] }
      if let keyword { return keywords.first { $0.0 == keyword }?.1 }
      return nil
    }
    func value(_ kind: PythonValue.Kind) -> PythonValue {
      PythonValue(kind, at: location).merging(sources)
    }
    // An argument that is not known makes the call's result unknown (lists may still be
    // mutated with unknown items).
    if receiver == nil, let reflected = try reflectionCall(name, positional, keywords, frame, at: location) {
      return reflected
    }
    if name == Self.moduleDirMethod, let receiver, case .module(let module) = receiver.kind {
      return try moduleDirMethodCall(module, positional, at: location)
    }
    if let receiver, case .object(.namespace(let module)) = receiver.kind {
      return try namespaceMethod(module, String(name.dropFirst("globals.".count)), positional, keywords, at: location)
    }
    if name.hasPrefix(PythonAbstractBase.mixinPrefix), let receiver, case .object(.instance) = receiver.kind {
      return try abstractBaseMixin(name, receiver, positional, keywords, at: location)
    }
    if name == "object.__init__" || name == "object.__init_subclass__" {
      // object's own does nothing (arguments were checked by the class's __init__).
      return PythonValue(.none, at: location)
    }
    if name.hasPrefix("object.__"), name != "object.__setattr__" {
      return .unknown("\(name)() is not modelled", at: location)
    }
    if name == "object.__setattr__", let receiver, case .object(let object) = receiver.kind {
      // `super().__setattr__(name, value)` inside a class's own `__setattr__`: the plain store.
      guard positional.count == 2, let attribute = positional[0].stringValue else {
        return .unknown("object.__setattr__() with a name that is not known", at: location)
      }
      setObjectAttribute(object, attribute, positional[1], at: location)
      return PythonValue(.none, at: location)
    }
    if let logged = try loggingCall(name, positional, at: location) { return logged }
    if receiver == nil, name == Self.djangoSettingsConfigure { return try configureDjangoSettings(positional, keywords, at: location) }
    if name.hasSuffix(".__init__"), Self.configParserClasses.contains(String(name.dropLast(".__init__".count))) {
      // The base's __init__ of a subclass: `super().__init__(...)` binds the instance,
      // `configparser.ConfigParser.__init__(self, ...)` passes it.
      let arguments = receiver.map { [$0] + positional } ?? positional
      guard let first = arguments.first, case .object(.instance(let instance)) = first.kind else {
        return .unknown("\(name)() of something other than an instance", at: location)
      }
      return try initializeConfigParserBase(instance, Array(arguments.dropFirst()), keywords, at: location)
    }
    if receiver == nil, let copied = copyCall(name, positional, at: location) { return copied }
    if name.hasSuffix(".register"), name.hasPrefix("collections.abc.") || name.hasPrefix("typing.") {
      abstractBaseRegistered = true
    }
    if name == Self.pydanticDecorate, let receiver { return pydanticDecorateCall(receiver, positional, at: location) }
    if receiver == nil, name == "dataclasses.field" { return try dataclassFieldCall(positional, keywords, at: location) }
    if receiver == nil, name == "dataclasses.asdict" { return try dataclassAsDict(positional, at: location) }
    if receiver == nil, name == "sys.exit" {
      // Settings that refuse to load stop the process (`if not SITE_URL: sys.exit(-1)`):
      // SystemExit, which `except Exception` does not catch.
      var code = ""
      switch positional.first?.kind {
      case .integer(let number)?: code = String(number)
      case .string(let text)?: code = "'\(text)'"
      case nil: code = ""
      default: code = "…"
      }
      throw PythonException(type: "SystemExit", message: "sys.exit(\(code))", location: location)
    }
    // Writes have effects whatever their arguments: a file written with unknown text exists.
    if let written = try fileWriteCall(name, receiver, positional, keywords, frame, at: location) { return written }
    // sentry_sdk.init() checks its DSN whatever its other arguments (integrations are objects
    // Parapet does not model).
    if receiver == nil, let result = try sentryCall(name, positional, keywords, at: location) { return result }
    if receiver == nil, let result = try azureMonitorExporterCall(name, positional, keywords, at: location) { return result }
    if receiver == nil, let loaded = try yamlCall(name, positional, keywords, at: location) { return loaded }
    let mutators: Set<String> = ["list.append", "list.insert", "list.extend", "list.remove", "dict.update", "dict.setdefault", "environ.setdefault"]
    // Calls whose models handle unknown arguments themselves, most of them because the call
    // has effects beyond its result (DjangoDynaconf rewrites the module, include() runs files,
    // load_dotenv() sets variables): skipping them would keep a stale state as if certain.
    let lenient = [
      "Env.", "decouple.", "environ.", "dj_database_url.", "os.getenv", "os.environ", "print", "warnings.",
      "logging.", "isinstance", "dynaconf.", "split_settings.", "dotenv.", "configurations.", "configparser.",
      // A folder Parapet cannot evaluate is still put on the search path (`unplacedSearchFolder`).
      "sys.path.",
    ]
    // exec() of code Parapet cannot see still runs it: what the code may set is in doubt.
    if name == "exec", receiver == nil, let result = try execCall(positional, keywords, frame, at: location) { return result }
    if receiver == nil, name == "compile" { return compileCall(positional, keywords, at: location) }
    if receiver == nil, name == "types.ModuleType" { return freshModule(positional, keywords, at: location) }
    if !mutators.contains(name), !lenient.contains(where: { name.hasPrefix($0) }),
      let unknown = sources.first(where: \.isUnknown)
    {
      return unknown.merging(sources)
    }
    if name == Self.urlValidatorCall, let receiver { return try callURLValidator(receiver, positional, at: location) }
    if name.hasPrefix(Self.dynaconfGetCall), let receiver, case .dict(let store) = receiver.kind {
      return dynaconfGet(store, open: name.hasSuffix("+open"), positional, keywords, at: location)
    }
    // `str.strip(text)`: a method called through its class, as `map(str.strip, items)` does.
    if receiver == nil, name.hasPrefix("str."), let first = positional.first, case .string(let text) = first.kind {
      return try stringMethod(name, text, first, Array(positional.dropFirst()), keywords, at: location)
    }
    if let receiver {
      switch receiver.kind {
      case .string(let text): return try stringMethod(name, text, receiver, positional, keywords, at: location)
      case .bytes(let text): return bytesMethod(name, text, receiver, positional, keywords, at: location)
      case .list(let list): return try listMethod(name, list, receiver, positional, at: location)
      case .dict(let dict): return try dictMethod(name, dict, receiver, positional, keywords, at: location)
      case .path(let path): return try pathMethod(name, path, receiver, positional, keywords, at: location)
      case .environ: return try environMethod(name, positional, keywords, at: location)
      case .opaque(let type) where type.hasPrefix(Self.environPathPrefix):
        return try environPathCall(receiver, String(type.dropFirst(Self.environPathPrefix.count)), method: String(name.dropFirst("environ.Path.".count)), positional, keywords, at: location)
      case .opaque(let type) where type.hasPrefix(Self.environsPrefix):
        return try environsMethod(type, String(name.dropFirst("environs.Env.".count)), positional, keywords, frame, at: location)
      case .opaque(let type) where type.hasPrefix(Self.everettPrefix):
        return try everettMethod(receiver, String(name.dropFirst("everett.ConfigManager.".count)), positional, keywords, frame, at: location)
      case .opaque(let type) where Self.isLibraryObject(type): return try libraryObjectMethod(receiver, type, name, positional, keywords, at: location)
      case .opaque(Self.redisClientType): return redisClientMethod(String(name.dropFirst(Self.redisClientType.count + 1)), at: location)
      case .opaque(let type) where Self.networkClientClass(type) != nil:
        return networkClientMethod(type, String(name.dropFirst(type.count + 1)), at: location)
      case .opaque(let type) where type.hasPrefix(Self.hashPrefix):
        return hashMethod(receiver, type, String(name.dropFirst("hashlib.hash.".count)), at: location)
      case .environReader(let scheme):
        let method = String(name.dropFirst(4))
        if method == "read_env" { return try readEnv(positional, keywords, frame, at: location) }
        return try environGet(scheme, method: method, positional, keywords, frame, at: location)
      case .tuple(let items), .set(let items):
        if items.contains(where: \.manyItems) { return .unknown("\(name)() of a tuple with items Parapet cannot know", at: location) }
        if name.hasSuffix(".count") { return value(.integer(items.filter { PythonValue.equal($0, positional.first ?? .none) == true }.count)) }
        if name.hasSuffix(".index"), let needle = positional.first, let found = items.firstIndex(where: { PythonValue.equal($0, needle) == true }) { return value(.integer(found)) }
        return .unknown("\(name)() is not modelled", at: location)
      default:
        return .unknown("\(name)() is not modelled", at: location)
      }
    }
    if let library = try libraryCall(name, positional, keywords, frame, at: location) { return library }
    switch name {
    case "str":
      guard let first = positional.first else { return value(.string("")) }
      if positional.count == 1, keywords.isEmpty, let text = try instanceString(first, at: location) { return text.merging(sources) }
      guard let text = first.pythonString else {
        return .unknown("str() of \(first.typeName), which Parapet cannot print (or longer than \(PythonValue.renderLimit) bytes)", at: location).merging(sources)
      }
      return built(.string(text), bytes: text.utf8.count, at: location).merging(sources)
    case "repr":
      guard let text = positional.first?.repr else {
        return .unknown("repr() of a value Parapet cannot print (or longer than \(PythonValue.renderLimit) bytes)", at: location).merging(sources)
      }
      return built(.string(text), bytes: text.utf8.count, at: location).merging(sources)
    case "int":
      guard let first = positional.first else { return value(.integer(0)) }
      if case .object(.version(let view)) = first.kind, positional.count == 1, keywords.isEmpty {
        return collapse(view.appending(.integer), at: location)
      }
      switch first.kind {
      case .integer, .bool: return value(.integer(Self.integer(first)!))
      case .float(let number):
        guard number.isFinite, abs(number) < 9e18 else { return .unknown("int() of a huge float", at: location) }
        return value(.integer(Int(number)))
      case .string(let text):
        var radix = 10
        if let base = argument(1, "base") {
          guard let number = Self.integer(base) else { return .unknown("int() with a base Parapet does not model", at: location).merging(sources) }
          guard number == 0 || (2...36).contains(number) else {
            throw PythonException(type: "ValueError", message: "int() base must be >= 2 and <= 36, or 0", location: location)
          }
          radix = number
        }
        // Python reads any Unicode decimal digits (`int("١٢")` is 12).
        let trimmed = Self.asciiDigits(text.trimmingCharacters()).replacingOccurrences(of: "_", with: "")
        var digits = Substring(trimmed)
        var sign = 1
        if digits.hasPrefix("-") { sign = -1; digits = digits.dropFirst() } else if digits.hasPrefix("+") { digits = digits.dropFirst() }
        if radix == 0 || radix == 16 || radix == 8 || radix == 2 {
          let lower = digits.lowercased()
          if lower.hasPrefix("0x") { radix = 16; digits = digits.dropFirst(2) } else if lower.hasPrefix("0o") { radix = 8; digits = digits.dropFirst(2) } else if lower.hasPrefix("0b") { radix = 2; digits = digits.dropFirst(2) } else if radix == 0 { radix = 10 }
        }
        let valid = !digits.isEmpty && digits.allSatisfy { character in
          character.isASCII && (character.hexDigitValue.map { $0 < radix } ?? (character.isLetter && radix > 10
            && Int(character.lowercased().unicodeScalars.first!.value) - 87 < radix))
        }
        guard valid else {
          throw PythonException(type: "ValueError", message: "invalid literal for int() with base \(radix)", location: location)
        }
        guard let number = Int(digits, radix: radix) else { return Self.integerOverflow(at: location).merging(sources) }
        return value(.integer(sign * number))
      default:
        guard first.isPlain else { return .unknown("int() of \(first.typeName)", at: location).merging(sources) }
        throw PythonException(type: "TypeError", message: "int() argument must be a string or a number, not '\(first.typeName)'", location: location)
      }
    case "float":
      guard let first = positional.first else { return value(.float(0)) }
      if let number = Self.number(first) { return value(.float(number)) }
      if let text = first.stringValue, let number = Double(text.trimmingCharacters()) { return value(.float(number)) }
      guard first.isPlain, first.stringValue.map({ !$0.contains("_") }) ?? true else {
        return .unknown("float() of \(first.typeName) Parapet does not model", at: location).merging(sources)
      }
      if first.stringValue == nil {
        throw PythonException(type: "TypeError", message: "float() argument must be a string or a real number, not '\(first.typeName)'", location: location)
      }
      throw PythonException(type: "ValueError", message: "could not convert string to float", location: location)
    case "object":
      // A fresh object with no other use than its identity: the sentinel of `default is _MISSING`.
      guard positional.isEmpty, keywords.isEmpty else {
        throw PythonException(type: "TypeError", message: "object() takes no arguments", location: location)
      }
      return value(.object(.instance(PythonInstance(type: PythonClass.bareObject(frame.module, at: location)))))
    case "bool":
      guard let first = positional.first else { return value(.bool(false)) }
      guard let truth = try truth(first) else { return .unknown("bool() of a value that is not known", at: location).merging(sources) }
      return value(.bool(truth))
    case "len":
      guard let first = positional.first else { return .unknown("len()", at: location) }
      if let length = try instanceLength(first, at: location) { return length.merging(sources) }
      if case .dict(let dict) = first.kind {
        if let why = dict.unknownKeys { return .unknown("len() of a dict that \(why)", at: location) }
        return value(.integer(dict.entries.count))
      }
      if case .string(let text) = first.kind { return value(.integer(text.count)) }
      if let bytes = first.byteValues { return value(.integer(bytes.count)) }
      if case .opaque(let type) = first.kind, Self.isConfigParserObject(type) {
        guard let keys = configParserKeys(type) else { return .unknown("len() of a configparser object Parapet does not follow", at: location) }
        return value(.integer(keys.count))
      }
      guard let items = first.elements else { return .unknown("len() of \(first.typeName)", at: location).merging(sources) }
      return value(.integer(items.count))
    case "list", "tuple", "set", "frozenset", "sorted", "reversed":
      var items: [PythonValue] = []
      if let first = positional.first, name == "list" || name == "tuple",
        let kept = first.isUnknown ? nil : first.partialItems
      {
        // A copy of a list with an unknown part keeps it (`list(INSTALLED_APPS)`).
        return value(name == "list" ? .list(PythonList(kept)) : .tuple(kept))
      }
      if let first = positional.first {
        guard let elements = try iterate(first) else { return .unknown("\(name)() of \(first.typeName), which is not known", at: location).merging(sources) }
        items = elements
      }
      if name == "sorted" {
        // `key=` orders by what the key function returns for each item (NetBox's image sorts
        // its configuration files by `DirEntry.name`); the sort is stable, as Python's is.
        var keys = items
        if let key = keywords.first(where: { $0.0 == "key" })?.1, !Self.isNone(key) {
          keys = []
          for item in items { keys.append(try call(key, [item], [], frame, at: location, summary: "sorted(key=)")) }
        }
        var failed = false
        let order = Array(items.indices).sorted { left, right in
          guard let compared = Self.order(keys[left], keys[right]) else { failed = true; return false }
          return compared == 0 ? left < right : compared < 0
        }
        if failed { return .unknown("sorted() of values Parapet cannot order", at: location) }
        items = order.map { items[$0] }
        if let reverse = keywords.first(where: { $0.0 == "reverse" })?.1, reverse.truthiness == true { items.reverse() }
      }
      if name == "reversed" { items.reverse() }
      switch name {
      case "tuple": return value(.tuple(items))
      case "set", "frozenset":
        var unique: [PythonValue] = []
        for item in items where !unique.contains(where: { PythonValue.equal($0, item) == true }) { unique.append(item) }
        return value(.set(unique))
      default: return value(.list(PythonList(items)))
      }
    case "dict":
      let dict = PythonDict()
      if let first = positional.first {
        if case .dict(let other) = first.kind {
          dict.entries = other.entries
        } else if case .opaque(let type) = first.kind, type.hasPrefix(Self.sectionProxyPrefix) {
          guard let pairs = try sectionProxyPairs(type, at: location) else { return .unknown("dict() of a configparser section Parapet does not follow", at: location) }
          for (key, item) in pairs { dict.entries[.string(key)] = (PythonValue(.string(key), at: location), item) }
        } else if let pairs = try iterate(first) {
          for pair in pairs {
            guard let parts = pair.elements, parts.count == 2, let key = parts[0].key else { return .unknown("dict() of pairs Parapet cannot read", at: location) }
            dict.entries[key] = (parts[0], parts[1])
          }
        } else {
          return .unknown("dict() of \(first.typeName)", at: location).merging(sources)
        }
      }
      for (key, item) in keywords { dict.entries[.string(key)] = (PythonValue(.string(key)), item) }
      return value(.dict(dict))
    case "dict.fromkeys":
      // `dict.fromkeys(keys, value=None)`: every key maps to the same value (order kept, later
      // duplicates dropped), as netbox builds INSTALLED_APPS without duplicates.
      guard let keys = positional.first, let items = try iterate(keys) else {
        return .unknown("dict.fromkeys() of keys that are not known", at: location).merging(sources)
      }
      guard charge(items.count * Self.itemBytes) else { return overBudget(at: location).merging(sources) }
      let shared = positional.count > 1 ? positional[1] : PythonValue(.none, at: location)
      let dict = PythonDict()
      for item in items {
        guard let key = item.key else { return .unknown("dict.fromkeys() of keys Parapet cannot hash", at: location).merging(sources) }
        if dict.entries[key] == nil { dict.entries[key] = (item, shared) }
      }
      return value(.dict(dict))
    case "range":
      let numbers = positional.compactMap(Self.integer)
      guard numbers.count == positional.count, !numbers.isEmpty else { return .unknown("range() of values that are not known", at: location) }
      let start = numbers.count > 1 ? numbers[0] : 0
      let end = numbers.count > 1 ? numbers[1] : numbers[0]
      let stride = numbers.count > 2 ? numbers[2] : 1
      if stride == 0 { throw PythonException(type: "ValueError", message: "range() arg 3 must not be zero", location: location) }
      let (span, overflow) = end.subtractingReportingOverflow(start)
      guard !overflow, (span / stride).magnitude <= UInt(limits.loopIterations), charge(Int((span / stride).magnitude) * Self.itemBytes) else {
        return .unknown("range() longer than Parapet builds (\(limits.loopIterations) items)", at: location)
      }
      // Every element lies between start and end, so none of them overflows.
      let quotient = span / stride
      let count = span == 0 || (span > 0) != (stride > 0) ? 0 : quotient + (span % stride != 0 ? 1 : 0)
      return value(.list(PythonList((0..<count).map { PythonValue(.integer(start + $0 * stride)) })))
    case "min", "max", "sum", "any", "all":
      // One argument is an iterable (always, for sum/any/all); min and max also take several.
      var items = positional
      if positional.count == 1 || (name != "min" && name != "max" && !positional.isEmpty) {
        guard let elements = try iterate(positional[0]) else {
          switch positional[0].kind {
          case .none, .bool, .integer, .float:
            throw PythonException(type: "TypeError", message: "'\(positional[0].typeName)' object is not iterable", location: location)
          default: break
          }
          return .unknown("\(name)() of \(positional[0].unknownReason ?? "a \(positional[0].typeName) Parapet cannot iterate")", at: location).merging(sources)
        }
        items = elements
      }
      if name == "min" || name == "max" {
        if keywords.contains(where: { $0.0 == "key" }) { return .unknown("\(name)() with a key function", at: location).merging(sources) }
        if items.isEmpty, let fallback = keywords.first(where: { $0.0 == "default" })?.1 { return fallback }
      }
      switch name {
      case "any", "all":
        var result = name == "all"
        for item in items {
          guard let truth = pythonTruth(item) else { return .unknown("\(name)() over values that are not known", at: location).merging(items) }
          if name == "any" && truth { result = true; break }
          if name == "all" && !truth { result = false; break }
        }
        return value(.bool(result)).merging(items)
      case "sum":
        var total = positional.count > 1 ? positional[1] : keywords.first { $0.0 == "start" }?.1 ?? PythonValue(.integer(0))
        for item in items { total = try binary("+", total, item, at: location) }
        return total.merging(sources)
      default:
        guard var best = items.first else { throw PythonException(type: "ValueError", message: "\(name)() arg is an empty sequence", location: location) }
        for item in items.dropFirst() {
          guard let order = Self.order(item, best) else { return .unknown("\(name)() of values Parapet cannot order", at: location) }
          if (name == "min" && order < 0) || (name == "max" && order > 0) { best = item }
        }
        return best.merging(sources)
      }
    case "abs":
      guard let first = positional.first else { return .unknown("abs()", at: location) }
      if let number = Self.integer(first) {
        if number == Int.min { return Self.integerOverflow(at: location).merging(sources) }
        return value(.integer(Swift.abs(number)))
      }
      if case .float(let number) = first.kind { return value(.float(Swift.abs(number))) }
      if first.isPlain { throw PythonException(type: "TypeError", message: "bad operand type for abs(): '\(first.typeName)'", location: location) }
      return .unknown("abs() of \(first.typeName)", at: location).merging(sources)
    case "round":
      guard let first = positional.first, let number = Self.number(first) else { return .unknown("round()", at: location).merging(sources) }
      if positional.count > 1 || keywords.contains(where: { $0.0 == "ndigits" }) {
        return .unknown("round() to a number of digits", at: location).merging(sources)
      }
      if let integer = Self.integer(first) { return value(.integer(integer)) }
      let rounded = number.rounded(.toNearestOrEven)
      guard rounded.isFinite, Swift.abs(rounded) < 9e18 else { return .unknown("round() of a float out of 64-bit range", at: location).merging(sources) }
      return value(.integer(Int(rounded)))
    case "enumerate":
      guard let first = positional.first, let items = try iterate(first) else { return .unknown("enumerate() of a value that is not known", at: location) }
      return value(.list(PythonList(items.enumerated().map { PythonValue(.tuple([PythonValue(.integer($0.offset)), $0.element])) })))
    case "filter":
      // A list stands for the filter object: settings iterate it or pass it to list()/join().
      guard positional.count == 2, let items = try iterate(positional[1]) else {
        return .unknown("filter() of a value that is not known", at: location).merging(sources)
      }
      var kept: [PythonValue] = []
      for item in items {
        let verdict: PythonValue
        if case .none = positional[0].kind { verdict = item } else {
          verdict = try call(positional[0], [item], [], frame, at: location, summary: "filter()")
        }
        guard let keep = pythonTruth(verdict) else {
          return .unknown("filter(): whether an item is kept is not known", at: location).merging(sources + [verdict])
        }
        if keep { kept.append(item) }
      }
      return value(.list(PythonList(kept)))
    case "map":
      // A list stands for the map object, as for filter().
      guard positional.count >= 2 else { return .unknown("map() without an iterable", at: location).merging(sources) }
      var columns: [[PythonValue]] = []
      for iterable in positional.dropFirst() {
        guard let items = try iterate(iterable) else { return .unknown("map() of a value that is not known", at: location).merging(sources) }
        columns.append(items)
      }
      let count = columns.map(\.count).min() ?? 0
      var mapped: [PythonValue] = []
      for row in 0..<count {
        mapped.append(try call(positional[0], columns.map { $0[row] }, [], frame, at: location, summary: "map()"))
      }
      return value(.list(PythonList(mapped)))
    case "zip":
      var columns: [[PythonValue]] = []
      for item in positional {
        guard let items = try iterate(item) else { return .unknown("zip() of a value that is not known", at: location) }
        columns.append(items)
      }
      let count = columns.map(\.count).min() ?? 0
      return value(.list(PythonList((0..<count).map { row in PythonValue(.tuple(columns.map { $0[row] })) })))
    case "print", "warnings.warn":
      return PythonValue(.none, at: location)
    case "locals", "eval", "__import__":
      frame.module.degraded = true
      notes.append("\(location): \(name)() may change settings in ways Parapet cannot follow")
      return .unknown("\(name)() is not evaluated", at: location)
    case "open":
      return try openFile(positional, keywords, at: location)
    default:
      return .unknown("calls \(name)(), which Parapet does not model", at: location)
    }
  }

  /// The methods of bytes read from a file (`open(path, "rb").read().strip()`, AWX's
  /// SECRET_KEY): `strip`/`lstrip`/`rstrip` without arguments (ASCII whitespace only, as bytes
  /// strip it) and `decode()` as UTF-8; any other is unknown.
  private func bytesMethod(
    _ name: String, _ text: String, _ receiver: PythonValue, _ positional: [PythonValue],
    _ keywords: [(String, PythonValue)], at location: SourceLocation
  ) -> PythonValue {
    let method = String(name.dropFirst("bytes.".count))
    func value(_ kind: PythonValue.Kind) -> PythonValue { PythonValue(kind, at: location).merging([receiver] + positional) }
    let asciiWhitespace: Set<Unicode.Scalar> = [" ", "\t", "\n", "\r", "\u{0B}", "\u{0C}"]
    var scalars = Substring(text).unicodeScalars[...]
    switch method {
    case "strip", "lstrip", "rstrip" where positional.isEmpty && keywords.isEmpty:
      if method != "rstrip" { while let first = scalars.first, asciiWhitespace.contains(first) { scalars = scalars.dropFirst() } }
      if method != "lstrip" { while let last = scalars.last, asciiWhitespace.contains(last) { scalars = scalars.dropLast() } }
      return value(.bytes(String(String.UnicodeScalarView(scalars))))
    case "decode":
      let encoding = (positional.first ?? keywords.first { $0.0 == "encoding" }?.1)?.stringValue?.lowercased()
        .replacingOccurrences(of: "_", with: "-")
      guard positional.count <= 1, encoding == nil || ["utf-8", "utf8"].contains(encoding!) else {
        return .unknown("bytes.decode() with arguments Parapet does not model", at: location).merging([receiver])
      }
      return value(.string(text))
    default:
      return .unknown("bytes.\(method)() is not modelled", at: location).merging([receiver])
    }
  }

  private func stringMethod(
    _ name: String, _ text: String, _ receiver: PythonValue, _ positional: [PythonValue],
    _ keywords: [(String, PythonValue)], at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    let sources = [receiver] + positional + keywords.map(\.1)
    func value(_ kind: PythonValue.Kind) -> PythonValue { PythonValue(kind, at: location).merging(sources) }
    func stringArgument(_ position: Int, _ keyword: String) -> String?? {
      let given = position < positional.count ? positional[position] : keywords.first { $0.0 == keyword }?.1
      guard let given else { return .some(nil) }
      if case .none = given.kind { return .some(nil) }
      guard let text = given.stringValue else { return nil }
      return .some(text)
    }
    let method = String(name.dropFirst(4))
    switch method {
    case "split", "rsplit":
      guard let separator = stringArgument(0, "sep") else { return .unknown("split() with a separator that is not known", at: location) }
      var limit = -1
      if let maximum = positional.count > 1 ? positional[1] : keywords.first(where: { $0.0 == "maxsplit" })?.1 {
        guard let number = Self.integer(maximum) else { return .unknown("split() with a limit that is not known", at: location) }
        limit = number
      }
      let parts = Self.split(text, separator: separator, limit: limit, fromRight: method == "rsplit")
      guard let parts else { throw PythonException(type: "ValueError", message: "empty separator", location: location) }
      return value(.list(PythonList(parts.map { PythonValue(.string($0), at: location).merging([receiver]) })))
    case "splitlines":
      return value(.list(PythonList(text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { PythonValue(.string(String($0))).merging([receiver]) }.dropLast(text.last?.isNewline == true ? 1 : 0).map { $0 })))
    case "strip", "lstrip", "rstrip":
      guard let characters = stringArgument(0, "chars") else { return .unknown("strip() with characters that are not known", at: location) }
      let set = characters.map { Set($0) }
      func strip(_ character: Character) -> Bool { set.map { $0.contains(character) } ?? character.isWhitespace }
      var slice = Substring(text)
      if method != "rstrip" { slice = slice.drop(while: strip) }
      if method != "lstrip" { while let last = slice.last, strip(last) { slice = slice.dropLast() } }
      return value(.string(String(slice)))
    case "lower", "casefold": return value(.string(text.lowercased()))
    case "upper": return value(.string(text.uppercased()))
    case "title": return value(.string(text.capitalized))
    case "capitalize": return value(.string(text.prefix(1).uppercased() + text.dropFirst().lowercased()))
    case "startswith", "endswith":
      guard let first = positional.first else { return .unknown("\(method)()", at: location) }
      let options = first.elements.map { items in items.compactMap(\.stringValue) } ?? []
      let candidates = first.stringValue.map { [$0] } ?? options
      return value(.bool(candidates.contains { method == "startswith" ? text.hasPrefix($0) : text.hasSuffix($0) }))
    case "replace":
      guard positional.count >= 2, let old = positional[0].stringValue, let new = positional[1].stringValue, !old.isEmpty else {
        return .unknown("replace() with values Parapet does not model", at: location).merging(sources)
      }
      var count = -1
      if positional.count > 2 {
        guard let given = Self.integer(positional[2]) else { return .unknown("replace() with a count that is not known", at: location).merging(sources) }
        count = given
      }
      let (growth, overflow) = (text.utf8.count / old.utf8.count).multipliedReportingOverflow(by: new.utf8.count)
      guard !overflow, charge(text.utf8.count + growth) else { return overBudget(at: location) }
      if count < 0 { return value(.string(text.replacingOccurrences(of: old, with: new))) }
      // The first `count` occurrences, left to right (authentik's `key.replace(prefix, "", 1)`).
      var result = ""
      var rest = Substring(text)
      var done = 0
      while done < count, let range = rest.range(of: old) {
        result += rest[..<range.lowerBound] + new
        rest = rest[range.upperBound...]
        done += 1
      }
      return value(.string(result + rest))
    case "removeprefix":
      guard let prefix = positional.first?.stringValue else { return .unknown("removeprefix()", at: location) }
      return value(.string(text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : text))
    case "removesuffix":
      guard let suffix = positional.first?.stringValue else { return .unknown("removesuffix()", at: location) }
      return value(.string(text.hasSuffix(suffix) && !suffix.isEmpty ? String(text.dropLast(suffix.count)) : text))
    case "join":
      if let first = positional.first, first.generated, let length = first.generatedLength {
        // random.choices(characters, k=n): n random characters.
        var joined = PythonValue.unknown("a random string of \(length) characters", at: location)
        joined.generated = true
        joined.generatedLength = length + text.count * max(0, length - 1)
        return joined.merging(sources)
      }
      guard let first = positional.first, let items = try iterate(first) else { return .unknown("join() of a value that is not known", at: location) }
      if !items.isEmpty, items.allSatisfy({ $0.generated && $0.generatedLength == 1 }) {
        // One random character per item (`secrets.choice(alphabet) for _ in range(50)`).
        var joined = PythonValue.unknown("a random string of \(items.count) characters", at: location)
        joined.generated = true
        joined.generatedLength = items.count + text.count * (items.count - 1)
        return joined.merging(sources)
      }
      var parts: [String] = []
      for item in items {
        guard let part = item.stringValue else {
          if item.isUnknown { return item.merging(sources) }
          if !item.isPlain { return .unknown("join() of \(item.typeName)", at: location).merging(sources) }
          throw PythonException(type: "TypeError", message: "sequence item: expected str instance, \(item.typeName) found", location: location)
        }
        parts.append(part)
      }
      let size = parts.reduce(0) { $0 + $1.utf8.count } + text.utf8.count * max(0, parts.count - 1)
      guard charge(size) else { return overBudget(bytes: size, at: location) }
      return value(.string(parts.joined(separator: text))).merging(items)
    case "format":
      return formatMethod(text, positional, keywords, at: location).merging(sources)
    case "isdigit", "isnumeric", "isdecimal":
      return value(.bool(!text.isEmpty && text.allSatisfy(\.isNumber)))
    case "isalpha": return value(.bool(!text.isEmpty && text.allSatisfy(\.isLetter)))
    case "isupper": return value(.bool(Self.isUpperName(text)))
    case "islower": return value(.bool(text.contains(where: \.isLowercase) && !text.contains(where: \.isUppercase)))
    case "isidentifier":
      return value(.bool(!text.isEmpty && !(text.first!.isNumber) && text.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }))
    case "encode": return value(.bytes(text))
    case "count":
      guard let part = positional.first?.stringValue, !part.isEmpty else { return .unknown("count()", at: location) }
      return value(.integer(text.components(separatedBy: part).count - 1))
    case "find", "index":
      guard let part = positional.first?.stringValue else { return .unknown("\(method)()", at: location) }
      if let range = text.range(of: part) { return value(.integer(text.distance(from: text.startIndex, to: range.lowerBound))) }
      if method == "index" { throw PythonException(type: "ValueError", message: "substring not found", location: location) }
      return value(.integer(-1))
    case "partition":
      guard let part = positional.first?.stringValue, !part.isEmpty else { return .unknown("partition()", at: location) }
      if let range = text.range(of: part) {
        return value(.tuple([PythonValue(.string(String(text[..<range.lowerBound]))), PythonValue(.string(part)), PythonValue(.string(String(text[range.upperBound...])))]))
      }
      return value(.tuple([PythonValue(.string(text)), PythonValue(.string("")), PythonValue(.string(""))]))
    default:
      return .unknown("str.\(method)() is not modelled", at: location)
    }
  }

  /// `str.split` semantics: no separator splits on runs of whitespace and drops empty parts.
  package static func split(_ text: String, separator: String?, limit: Int, fromRight: Bool) -> [String]? {
    guard let separator else {
      let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
      guard limit >= 0, words.count - 1 > limit else { return words }
      if fromRight {
        let kept = Array(words.suffix(limit))
        var head = Substring(text)
        while let last = head.last, last.isWhitespace { head = head.dropLast() }
        for word in kept.reversed() { head = head.dropLast(word.count); while let last = head.last, last.isWhitespace { head = head.dropLast() } }
        return [String(head.drop(while: \.isWhitespace))] + kept
      }
      var rest = Substring(text).drop(while: \.isWhitespace)
      var parts: [String] = []
      for _ in 0..<limit {
        let word = rest.prefix { !$0.isWhitespace }
        parts.append(String(word))
        rest = rest.dropFirst(word.count).drop(while: \.isWhitespace)
      }
      parts.append(String(rest))
      return parts
    }
    if separator.isEmpty { return nil }
    var parts = text.components(separatedBy: separator)
    if limit >= 0 && parts.count - 1 > limit {
      if fromRight {
        let tail = Array(parts.suffix(limit))
        parts = [parts.dropLast(limit).joined(separator: separator)] + tail
      } else {
        let head = Array(parts.prefix(limit))
        parts = head + [parts.dropFirst(limit).joined(separator: separator)]
      }
    }
    return parts
  }

  private func formatMethod(_ template: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation) -> PythonValue {
    var out = ""
    var index = template.startIndex
    var automatic = 0
    while index < template.endIndex {
      let character = template[index]
      let next = template.index(after: index)
      if character == "{" && next < template.endIndex && template[next] == "{" { out.append("{"); index = template.index(after: next); continue }
      if character == "}" && next < template.endIndex && template[next] == "}" { out.append("}"); index = template.index(after: next); continue }
      guard character == "{" else { out.append(character); index = next; continue }
      guard let close = template[next...].firstIndex(of: "}") else { return .unknown("a bad format string", at: location) }
      var field = String(template[next..<close])
      var spec = ""
      if let colon = field.firstIndex(of: ":") { spec = String(field[field.index(after: colon)...]); field = String(field[..<colon]) }
      let value: PythonValue?
      if field.isEmpty {
        value = automatic < positional.count ? positional[automatic] : nil
        automatic += 1
      } else if let number = Int(field) {
        value = number < positional.count ? positional[number] : nil
      } else {
        value = keywords.first { $0.0 == field }?.1
      }
      guard let value, let text = value.pythonString, let formatted = Self.applyFormatSpec(spec, text, value) else {
        return .unknown("str.format() with a field Parapet cannot fill", at: location)
      }
      out += formatted
      guard charge(formatted.utf8.count) else { return overBudget(at: location) }
      index = template.index(after: close)
    }
    return PythonValue(.string(out), at: location)
  }

  private func listMethod(
    _ name: String, _ list: PythonList, _ receiver: PythonValue, _ positional: [PythonValue],
    at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    let method = String(name.dropFirst(5))
    if list.items.contains(where: \.manyItems), let result = try partialListMethod(method, list, positional, at: location) {
      return result
    }
    switch method {
    case "append":
      guard let item = positional.first else { return .none }
      list.items.append(item)
    case "extend":
      guard let item = positional.first else { return .none }
      guard let items = try addedItems(item, what: "extend()", at: location) else {
        list.items.append(PythonValue.unknownItems("items from \(item.typeName) that are not known", at: location).merging([item]))
        return .none
      }
      guard charge(items.count * Self.itemBytes) else {
        list.items.append(overBudget(at: location))
        return .none
      }
      list.items += items
    case "insert":
      guard positional.count == 2 else { return .none }
      guard let position = Self.integer(positional[0]) else {
        list.items.append(.unknown("inserted at a position that is not known", at: location))
        return .none
      }
      let count = list.items.count
      let resolved = position < 0 ? max(0, count + position) : min(position, count)
      list.items.insert(positional[1], at: resolved)
    case "remove":
      guard let item = positional.first else { return .none }
      if let found = list.items.firstIndex(where: { PythonValue.equal($0, item) == true }) {
        list.items.remove(at: found)
      } else if list.items.contains(where: { PythonValue.equal($0, item) == nil }) {
        list.items = list.items.map { PythonValue.equal($0, item) == nil ? .unknown("may have been removed (line \(location.line ?? 0))", at: location) : $0 }
      } else {
        throw PythonException(type: "ValueError", message: "list.remove(x): x not in list", location: location)
      }
    case "pop":
      guard !list.items.isEmpty else { throw PythonException(type: "IndexError", message: "pop from empty list", location: location) }
      let position = positional.first.flatMap(Self.integer) ?? -1
      let resolved = position < 0 ? list.items.count + position : position
      guard resolved >= 0 && resolved < list.items.count else { throw PythonException(type: "IndexError", message: "pop index out of range", location: location) }
      return list.items.remove(at: resolved)
    case "clear": list.items.removeAll()
    case "copy": return PythonValue(.list(PythonList(list.items)), at: location).merging([receiver])
    case "index":
      guard let item = positional.first, let found = list.items.firstIndex(where: { PythonValue.equal($0, item) == true }) else {
        throw PythonException(type: "ValueError", message: "value is not in list", location: location)
      }
      return PythonValue(.integer(found), at: location)
    case "count":
      guard let item = positional.first else { return .unknown("count()", at: location) }
      return PythonValue(.integer(list.items.filter { PythonValue.equal($0, item) == true }.count), at: location)
    case "reverse": list.items.reverse()
    case "sort":
      var failed = false
      list.items.sort { left, right in
        guard let order = Self.order(left, right) else { failed = true; return false }
        return order < 0
      }
      if failed { list.items = list.items.map { _ in .unknown("sorted by a key Parapet cannot evaluate", at: location) } }
    default:
      return .unknown("list.\(method)() is not modelled", at: location)
    }
    return PythonValue(.none, at: location)
  }

  private func dictMethod(
    _ name: String, _ dict: PythonDict, _ receiver: PythonValue, _ positional: [PythonValue],
    _ keywords: [(String, PythonValue)], at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    let method = String(name.dropFirst(5))
    if ["keys", "values", "items"].contains(method), let why = dict.unknownKeys {
      return .unknown("dict.\(method)() of a dict that \(why)", at: location)
    }
    switch method {
    case "get":
      guard let keyValue = positional.first else { return .unknown("dict.get()", at: location) }
      guard let key = keyValue.key else { return .unknown("dict.get() with a key that is not known", at: location).merging([keyValue]) }
      if let entry = dict.entries[key] { return entry.value.merging([receiver]) }
      if let why = dict.unknownKeys { return .unknown("dict.get(\(keyValue.repr ?? "…")) of a dict that \(why)", at: location) }
      return positional.count > 1 ? positional[1] : PythonValue(.none, at: location)
    case "update":
      for argument in positional {
        guard case .dict(let other) = argument.kind else {
          if let pairs = try iterate(argument) {
            for pair in pairs {
              if let parts = pair.elements, parts.count == 2, let key = parts[0].key { dict.entries[key] = (parts[0], parts[1]) }
            }
            continue
          }
          notes.append("\(location): dict.update() with a value that is not known")
          for key in dict.entries.keys { dict.entries[key]?.value = .unknown("may have been changed by update() at line \(location.line ?? 0)", at: location) }
          continue
        }
        for (key, entry) in other.entries { dict.entries[key] = entry }
      }
      for (key, item) in keywords { dict.entries[.string(key)] = (PythonValue(.string(key)), item) }
    case "setdefault":
      guard let keyValue = positional.first, let key = keyValue.key else { return .unknown("dict.setdefault()", at: location) }
      if let entry = dict.entries[key] { return entry.value }
      if let why = dict.unknownKeys { return .unknown("dict.setdefault() of a dict that \(why)", at: location) }
      let item = positional.count > 1 ? positional[1] : PythonValue(.none, at: location)
      dict.entries[key] = (keyValue, item)
      return item
    case "keys": return PythonValue(.list(PythonList(dict.entries.values.map(\.key))), at: location).merging([receiver])
    case "values": return PythonValue(.list(PythonList(dict.entries.values.map(\.value))), at: location).merging([receiver])
    case "items":
      return PythonValue(.list(PythonList(dict.entries.values.map { PythonValue(.tuple([$0.key, $0.value])) })), at: location).merging([receiver])
    case "copy":
      let copied = PythonDict(dict.entries)
      copied.unknownKeys = dict.unknownKeys
      return PythonValue(.dict(copied), at: location).merging([receiver])
    case "pop":
      guard let keyValue = positional.first, let key = keyValue.key else { return .unknown("dict.pop()", at: location) }
      if let entry = dict.entries.removeValue(forKey: key) { return entry.value }
      if let why = dict.unknownKeys { return .unknown("dict.pop() of a dict that \(why)", at: location) }
      if positional.count > 1 { return positional[1] }
      throw PythonException(type: "KeyError", message: "KeyError: \(keyValue.repr ?? "?")", location: location)
    default:
      return .unknown("dict.\(method)() is not modelled", at: location)
    }
    return PythonValue(.none, at: location)
  }

  private func pathMethod(
    _ name: String, _ path: String, _ receiver: PythonValue, _ positional: [PythonValue],
    _ keywords: [(String, PythonValue)], at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    let method = String(name.dropFirst(5))
    func value(_ kind: PythonValue.Kind) -> PythonValue { PythonValue(kind, at: location).merging([receiver] + positional) }
    switch method {
    case "resolve", "absolute":
      let absolute = path.hasPrefix("/") ? path : PythonModuleResolver.joinPaths([workingDirectory, path])
      return value(.path(PythonModuleResolver.normalize(absolute)))
    case "joinpath":
      var parts = [path]
      for part in positional {
        guard case .string(let text) = part.kind else {
          if case .path(let other) = part.kind { parts.append(other); continue }
          return .unknown("joinpath() with a part that is not known", at: location)
        }
        parts.append(text)
      }
      return value(.path(PythonModuleResolver.purePath(PythonModuleResolver.joinPaths(parts))))
    case "exists", "is_file", "is_dir":
      if let tooLong = try overlongPathTest(path, method, at: location) { return tooLong.merging([receiver] + positional) }
      let absolute = resolver.serverPath(path.hasPrefix("/") ? path : PythonModuleResolver.joinPaths([workingDirectory, path]))
      let exists = method == "is_file" ? resolver.fileExists(absolute) : method == "is_dir" ? resolver.directoryExists(absolute) : resolver.fileExists(absolute) || resolver.directoryExists(absolute)
      if PythonModuleResolver.bundlePath(absolute) == nil || resolver.mayExistBeyondScan(absolute) {
        return unseenExistenceTest(absolute, method, shown: path, at: location)
      }
      return value(.bool(exists))
    case "as_posix", "__str__", "__fspath__": return value(.string(path))
    case "is_absolute": return value(.bool(path.hasPrefix("/")))
    case "is_relative_to", "relative_to":
      guard let other = positional.first, let base = other.stringValue ?? { if case .path(let text) = other.kind { return text } else { return nil } }() else {
        return .unknown("Path.\(method)() of a path that is not known", at: location).merging(positional)
      }
      // Pure path arithmetic, as PurePath does it: the same anchor, then `base`'s parts first.
      let pure = PythonModuleResolver.purePath(path)
      let pureBase = PythonModuleResolver.purePath(base)
      let parts = pure.split(separator: "/")
      let baseParts = pureBase == "." ? [] : pureBase.split(separator: "/")
      let inside = pure.hasPrefix("/") == pureBase.hasPrefix("/")
        && parts.count >= baseParts.count && Array(parts.prefix(baseParts.count)) == baseParts
      if method == "is_relative_to" { return value(.bool(inside)) }
      guard inside else {
        throw PythonException(type: "ValueError", message: "'\(path)' is not in the subpath of '\(base)'", location: location)
      }
      let rest = parts.dropFirst(baseParts.count)
      return value(.path(rest.isEmpty ? "." : rest.joined(separator: "/")))
    case "expanduser":
      guard let expanded = expandHome(path, at: location) else { return receiver }
      guard case .string(let text) = expanded.kind else { return expanded }
      return PythonValue(.path(PythonModuleResolver.purePath(text)), at: location).merging([expanded, receiver])
    case "with_name", "with_suffix":
      guard let part = positional.first?.stringValue else { return .unknown("\(method)()", at: location) }
      let parent = PythonModuleResolver.pathParent(path)
      if method == "with_name" { return value(.path(PythonModuleResolver.purePath(PythonModuleResolver.joinPaths([parent, part])))) }
      let file = PythonModuleResolver.basename(path)
      let stem = file.lastIndex(of: ".").map { String(file[..<$0]) } ?? file
      return value(.path(PythonModuleResolver.purePath(PythonModuleResolver.joinPaths([parent, stem + part]))))
    case "mkdir", "touch": return PythonValue(.none, at: location)
    case "read_text", "read_bytes", "open": return try readFile(receiver, method: method, positional, keywords, at: location)
    case "glob", "rglob", "iterdir": return try pathListing(method, path, receiver, positional, at: location)
    default:
      return .unknown("Path.\(method)() is not modelled", at: location)
    }
  }

  /// The folder Django runs in: where `manage.py` is (Parapet's virtual path).
  package var workingDirectory: String {
    let root = resolver.workingRoot
    return root.isEmpty ? PythonModuleResolver.virtualRoot : PythonModuleResolver.virtualPath(root)
  }

  /// Calls into modelled libraries: `os`, `os.path`, `pathlib`, `json`, generators of random
  /// secrets, and the settings libraries (handled in `+Environment`). Nil when `name` is not a
  /// library function.
  package func libraryCall(
    _ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], _ frame: Frame,
    at location: SourceLocation
  ) throws(PythonException) -> PythonValue? {
    let sources = positional + keywords.map(\.1)
    func value(_ kind: PythonValue.Kind) -> PythonValue { PythonValue(kind, at: location).merging(sources) }
    func strings() -> [String]? {
      var out: [String] = []
      for item in positional {
        switch item.kind {
        case .string(let text), .path(let text): out.append(text)
        default: return nil
        }
      }
      return out
    }
    if name.hasPrefix("re."), let result = try regexCall(name, positional, keywords, at: location) { return result }
    if let listing = try moduleListing(name, positional, keywords, at: location) { return listing }
    if let handler = try loggingHandlerCall(name, positional, keywords, at: location) { return handler }
    if name == "io.open" || name == "codecs.open" {
      // `io.open` is `open`; `codecs.open(name, mode, encoding)` reads text the same way.
      return try openFile(positional, keywords, at: location)
    }
    switch name {
    case "enum.auto" where positional.isEmpty && keywords.isEmpty:
      // A marker the enum class turns into a value (`buildEnumMembers`).
      return PythonValue(.opaque("enum.auto"), at: location)
    case "django.core.validators.URLValidator":
      return newURLValidator(positional, keywords, at: location)
    case "os.getenv", "os.environ.get":
      return try environMethod("environ.get", positional, keywords, at: location, accessor: name)
    case "os.path.join", "posixpath.join":
      guard let parts = strings(), !parts.isEmpty else { return .unknown("os.path.join() of parts that are not known", at: location).merging(sources) }
      return value(.string(PythonModuleResolver.joinPaths(parts)))
    case "os.path.dirname":
      guard let parts = strings(), parts.count == 1 else { return .unknown("os.path.dirname() of a value that is not known", at: location).merging(sources) }
      return value(.string(PythonModuleResolver.dirname(parts[0])))
    case "os.path.basename":
      guard let parts = strings(), parts.count == 1 else { return .unknown("os.path.basename()", at: location).merging(sources) }
      return value(.string(PythonModuleResolver.basename(parts[0])))
    case "os.path.abspath", "os.path.realpath", "os.path.normpath":
      guard let parts = strings(), parts.count == 1 else { return .unknown("\(name)() of a value that is not known", at: location).merging(sources) }
      let path = parts[0]
      if name == "os.path.normpath" { return value(.string(PythonModuleResolver.normalize(path))) }
      let absolute = path.hasPrefix("/") ? path : PythonModuleResolver.joinPaths([workingDirectory, path])
      return value(.string(PythonModuleResolver.normalize(absolute)))
    case "os.path.exists", "os.path.isfile", "os.path.isdir":
      guard let parts = strings(), parts.count == 1 else { return .unknown("\(name)()", at: location).merging(sources) }
      let absolute = resolver.serverPath(parts[0].hasPrefix("/") ? parts[0] : PythonModuleResolver.joinPaths([workingDirectory, parts[0]]))
      guard PythonModuleResolver.bundlePath(absolute) != nil, !resolver.mayExistBeyondScan(absolute) else {
        return unseenExistenceTest(absolute, name, shown: parts[0], at: location)
      }
      let exists = name == "os.path.isfile" ? resolver.fileExists(absolute) : name == "os.path.isdir" ? resolver.directoryExists(absolute) : resolver.fileExists(absolute) || resolver.directoryExists(absolute)
      return value(.bool(exists))
    case "os.path.expanduser":
      guard let parts = strings(), parts.count == 1 else { return .unknown("os.path.expanduser()", at: location) }
      return expandHome(parts[0], at: location)?.merging(sources) ?? value(.string(parts[0]))
    case "os.path.splitext":
      guard let parts = strings(), parts.count == 1 else { return .unknown("os.path.splitext()", at: location) }
      let file = PythonModuleResolver.basename(parts[0])
      guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return value(.tuple([PythonValue(.string(parts[0])), PythonValue(.string(""))])) }
      let suffix = String(file[dot...])
      return value(.tuple([PythonValue(.string(String(parts[0].dropLast(suffix.count)))), PythonValue(.string(suffix))]))
    case "os.environ.update":
      return try environUpdate(positional, keywords, at: location)
    case "os.makedirs", "os.mkdir":
      return PythonValue(.none, at: location)
    case "pathlib.Path.home", "pathlib.PosixPath.home":
      let home = homeFolder(at: location)
      guard case .string(let folder) = home.kind else { return home }
      return PythonValue(.path(PythonModuleResolver.purePath(folder)), at: location).merging([home])
    case "pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "pathlib.PurePosixPath":
      guard let parts = strings() else { return .unknown("Path() of a value that is not known", at: location).merging(sources) }
      return value(.path(PythonModuleResolver.purePath(PythonModuleResolver.joinPaths(parts.isEmpty ? ["."] : parts))))
    case "json.loads":
      // json.loads() takes bytes too (UTF-8 text).
      var bytes: String?
      if case .bytes(let raw)? = positional.first?.kind { bytes = raw }
      guard let untrimmed = positional.first?.stringValue ?? bytes else { return .unknown("json.loads() of a value that is not known", at: location).merging(sources) }
      // JSON allows whitespace around the value.
      let text = untrimmed.trimmingCharacters(in: " \t\n\r")
      switch PythonJSONSyntax.check(text) {
      case .invalid: throw PythonException(type: "JSONDecodeError", message: "json.loads() of text that is not JSON", location: location)
      case .tooDeep: return .unknown("json.loads() of JSON nested deeper than \(PythonJSONSyntax.maximumDepth) levels", at: location).merging(sources)
      case .valid: break
      }
      guard let parsed = try? PythonParser.parseExpression(Self.jsonAsPythonLiteral(text)) else {
        throw PythonException(type: "JSONDecodeError", message: "json.loads() of text that is not JSON", location: location)
      }
      let literal = Frame(module: PythonModule(name: "json", path: nil), scope: nil, file: location.file)
      return (try? evaluate(parsed, literal))?.merging(sources) ?? .unknown("json.loads()", at: location)
    case "ast.literal_eval":
      // Literals only: any name, call or attribute makes Python raise ValueError.
      guard let argument = positional.first, !argument.isUnknown, !argument.isUnmodelledLibraryName else {
        return .unknown("ast.literal_eval() of a value that is not known", at: location).merging(sources)
      }
      guard let text = argument.stringValue else {
        // Only a str is parsed; any other value (None from an unset os.getenv) is a malformed node.
        if argument.isPlain {
          throw PythonException(type: "ValueError", message: "malformed node or string: \(argument.typeName)", location: location)
        }
        return .unknown("ast.literal_eval() of \(argument.typeName)", at: location).merging(sources)
      }
      guard let parsed = try? PythonParser.parseExpression(text.trimmingCharacters(in: .whitespaces)), Self.isLiteral(parsed) else {
        throw PythonException(type: "ValueError", message: "ast.literal_eval() of text that is not a literal", location: location)
      }
      let literal = Frame(module: PythonModule(name: "ast", path: nil), scope: nil, file: location.file)
      return (try? evaluate(parsed, literal))?.merging(sources) ?? .unknown("ast.literal_eval()", at: location)
    case "secrets.token_urlsafe", "secrets.token_hex", "secrets.token_bytes", "django.core.management.utils.get_random_secret_key", "django.utils.crypto.get_random_string", "uuid.uuid4", "os.urandom", "random.SystemRandom":
      var generated = PythonValue.unknown("generated at start-up by \(name)(): random, different on every start", at: location)
      generated.generated = true
      let keyword = name == "django.utils.crypto.get_random_string" ? "length" : "nbytes"
      generated.generatedLength = Self.generatedLength(
        name, positional.first ?? keywords.first { $0.0 == keyword }?.1)
      return generated
    case "random.choice", "secrets.choice", "random.choices":
      // Random picks from a known non-empty string are characters: `"".join(...)` of them is a
      // random string of a known length (W009 judges a key by its length).
      guard let population = (positional.first ?? keywords.first { $0.0 == "population" || $0.0 == "seq" }?.1)?.stringValue,
        !population.isEmpty
      else { return .unknown("\(name)() picks at random from values that are not known", at: location).merging(sources) }
      var picked = PythonValue.unknown("picked at random by \(name)(): different on every start", at: location)
      picked.generated = true
      if name == "random.choices" {
        let count = (positional.count > 2 ? nil : keywords.first { $0.0 == "k" }?.1).map { $0 } ?? PythonValue(.integer(1))
        guard case .integer(let k) = count.kind, k >= 0, k < 1 << 40 else { return picked }
        picked.generatedLength = k
      } else {
        picked.generatedLength = 1
      }
      return picked
    case "dict.fromkeys":
      return nil  // a builtin's class method, answered by callBuiltin
    case "distutils.util.strtobool":
      return try distutilsStrToBool(positional, at: location)
    case "socket.gethostname", "socket.gethostbyname", "socket.gethostbyname_ex", "socket.getfqdn":
      return .unknown("the server's network configuration (\(name)())", at: location)
    case "importlib.metadata.version", "importlib_metadata.version":
      // The project's own distribution (its scanned pyproject.toml declares the version);
      // any other installed distribution's version is not in the scanned files.
      guard let distribution = positional.first?.stringValue,
        let version = ownDistributions[PythonEvaluator.distributionName(distribution)]
      else { return nil }
      return PythonValue(.string(version), at: location)
    case "importlib.metadata.entry_points", "importlib_metadata.entry_points", "pkg_resources.iter_entry_points":
      // Plugin discovery: the answer is the set of packages installed where Django runs.
      return .unknown("the entry points of the packages installed where Django runs (\(name)()), which the scanned files do not list", at: location)
    case "django.utils.translation.gettext_lazy", "django.utils.translation.gettext", "django.utils.translation.ugettext_lazy", "django.utils.translation.ugettext", "django.utils.translation.pgettext_lazy":
      return positional.last ?? .unknown("gettext()", at: location)
    default:
      break
    }
    if let result = try dateTimeCall(name, positional, keywords, at: location) { return result }
    if let result = try urlCall(name, positional, at: location) { return result }
    if let result = sysPathCall(name, positional, at: location) { return result }
    if let result = try redisCall(name, positional, keywords, at: location) { return result }
    if let result = try importlibFileCall(name, positional, keywords, at: location) { return result }
    if let result = try runpyCall(name, positional, keywords, at: location) { return result }
    if Self.importStringNames.contains(name) { return try djangoImportString(positional, keywords, at: location) }
    if let result = try packagingVersionCall(name, positional, keywords, at: location) { return result }
    if let result = try hashlibCall(name, positional, keywords, at: location) { return result }
    if let result = try base64Call(name, positional, keywords, at: location) { return result }
    if let result = try compressionCall(name, positional, keywords, at: location) { return result }
    if let result = try settingsLibraryCall(name, positional, keywords, frame, at: location) { return result }
    if name.hasPrefix("django.") || name.hasPrefix("os.") || name.hasPrefix("sys.") || name.hasPrefix("logging.") || name.hasPrefix("warnings.") || name.contains(".") {
      if name.split(separator: ".").last?.first?.isUppercase == true {
        return PythonValue(.opaque(name), at: location)
      }
      var result = PythonValue.unknown("calls \(name)(), which Parapet does not model", at: location)
      result.anyType = true
      _ = noteNetworkCall(name, at: location)
      return result
    }
    return nil
  }

  /// What `ast.literal_eval` accepts: constants, containers of literals, and unary or binary
  /// `+`/`-` on them (complex numbers, negative numbers).
  package static func isLiteral(_ expression: PythonExpr) -> Bool {
    switch expression {
    case .constant: return true
    case .list(let items, _), .tuple(let items, _), .set(let items, _): return items.allSatisfy(isLiteral)
    case .dict(let entries, _):
      return entries.allSatisfy { entry in entry.key.map(isLiteral) ?? false && isLiteral(entry.value) }
    case .unary(let op, let operand, _): return (op == "-" || op == "+") && isLiteral(operand)
    case .binary(let op, let left, let right, _): return (op == "+" || op == "-") && isLiteral(left) && isLiteral(right)
    default: return false
    }
  }
}

extension PythonException {
  /// `sys.exit(1)` or `sys.exit("message")`, as `sys.exit` above writes its message (perhaps
  /// followed by where it was raised): a program giving up. Not `sys.exit()`, `sys.exit(0)` or
  /// `sys.exit(main())` with a value Parapet does not know.
  package var isErrorExit: Bool {
    guard type == "SystemExit", message.hasPrefix("sys.exit(") else { return false }
    let code = message.dropFirst("sys.exit(".count)
    if code.hasPrefix("'") { return true }
    guard let close = code.firstIndex(of: ")"), let number = Int(code[..<close]) else { return false }
    return number != 0
  }
}
