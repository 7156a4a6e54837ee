import ParapetPython

/// Django model classes read statically from scanned modules (`DjangoModelModules`): which
/// classes are models (following bases through the scan), which are abstract or proxies, and
/// each model's CharFields and whether they set `max_length`, as Django's `fields.E120` sees
/// them: a concrete model checks its own fields and those it inherits from abstract models.
final class DjangoModelClasses {
  typealias ClassKey = DjangoModelModules.ClassKey

  /// Three-valued answers, with the reason when not known.
  enum Answer: Equatable {
    case yes
    case no
    case unknown(String)
  }

  /// A field assignment in a class body, as far as `fields.E120` is concerned.
  struct Field {
    enum Status: Equatable {
      /// A CharField whose `max_length` is not set (or set to None).
      case missingMaxLength
      /// Not a CharField without max_length (any other field, or value).
      case fine
      /// `name = None`: removes a field inherited from an abstract model.
      case removed
      case unknown(String)
    }
    let name: String
    let status: Status
    let file: String
    let position: Position
  }

  /// Model classes Django ships that projects derive from (their own fields are Django's).
  static let djangoModelBases: Set<String> = [
    "django.db.models.Model", "django.db.models.base.Model", "django.contrib.gis.db.models.Model",
    "django.contrib.auth.models.AbstractUser", "django.contrib.auth.models.AbstractBaseUser",
    "django.contrib.auth.base_user.AbstractBaseUser", "django.contrib.auth.models.PermissionsMixin",
    "django.contrib.auth.models.User", "django.contrib.auth.models.Group", "django.contrib.auth.models.Permission",
    "django.contrib.sessions.base_session.AbstractBaseSession", "django.contrib.sessions.models.Session",
    "django.contrib.sites.models.Site", "django.contrib.contenttypes.models.ContentType",
    "django.contrib.admin.models.LogEntry", "django.contrib.flatpages.models.FlatPage",
    "django.contrib.redirects.models.Redirect",
  ]
  /// Django's CharField under the names it is imported by (the GIS module re-exports it;
  /// `CICharField` is a CharField subclass without a default max_length, until 5.1).
  static let charFields: Set<String> = [
    "django.db.models.CharField", "django.db.models.fields.CharField", "django.contrib.gis.db.models.CharField",
    "django.contrib.postgres.fields.CICharField", "django.contrib.postgres.fields.citext.CICharField",
  ]
  /// Builtin classes a model-module class may derive from (never models).
  static let builtinClasses: Set<String> = [
    "object", "str", "int", "float", "bool", "bytes", "dict", "list", "tuple", "set", "frozenset", "type",
    "Exception", "BaseException", "ValueError", "TypeError", "KeyError", "LookupError", "RuntimeError",
  ]
  /// Standard-library modules whose classes are never models.
  static let plainModules: Set<String> = ["abc", "enum", "typing", "typing_extensions", "dataclasses", "collections"]

  let modules: DjangoModelModules
  private var kinds: [ClassKey: Answer] = [:]
  private var charFieldClasses: [ClassKey: Answer] = [:]

  init(modules: DjangoModelModules) {
    self.modules = modules
  }

  func body(_ key: ClassKey) -> (body: [PythonStmt], info: PythonStmt.ClassInfo, position: Position)? {
    modules.module(key.module)?.classes[key.name]
  }

  private func bases(_ key: ClassKey) -> [PythonExpr.Argument] {
    body(key)?.info.arguments.filter {
      if case .keyword = $0 { return false }
      return true
    } ?? []
  }

  /// Whether the class is a Django model (derives from `models.Model` through any chain of
  /// bases); unknown when a base is outside the scan and not one of Django's.
  func isModel(_ key: ClassKey) -> Answer {
    if let known = kinds[key] { return known }
    kinds[key] = .unknown("\(key.name) derives from itself")
    var answer = Answer.no
    for base in bases(key) {
      let found: Answer
      switch base {
      case .positional(let expression):
        found = baseIsModel(modules.resolve(expression, in: key.module))
      default:
        found = .unknown("\(key.name) has computed bases")
      }
      if found == .yes { answer = .yes; break }
      if case .unknown = found, answer == .no { answer = found }
    }
    kinds[key] = answer
    return answer
  }

  private func baseIsModel(_ resolved: DjangoModelModules.Resolved) -> Answer {
    switch resolved {
    case .external(let name):
      if Self.djangoModelBases.contains(name) { return .yes }
      let top = String(name.split(separator: ".").first ?? "")
      if top == "django" || Self.plainModules.contains(top) { return .no }
      return .unknown("its base \(name) is outside the scan, so whether it is a model is not known")
    case .scanClass(let base):
      return isModel(base)
    case .builtin(let name):
      return Self.builtinClasses.contains(name) ? .no : .unknown("its base '\(name)' is not bound where the class is defined")
    case .scanModule(let name):
      return .unknown("a base names the module \(name)")
    case .unresolved(let why):
      return .unknown(why)
    }
  }

  /// A literal attribute of the class's inner `Meta`, or nil when Meta does not set it.
  func meta(_ key: ClassKey, _ attribute: String) -> PythonExpr? {
    guard let body = body(key)?.body else { return nil }
    for case .classDef("Meta", let metaBody, _, _) in body {
      for case .assign(let targets, let value, _) in metaBody {
        for case .name(attribute, _) in targets { return value }
      }
    }
    return nil
  }

  /// True when the class declares an inner `Meta`; `inherits` when that Meta has bases.
  func hasMeta(_ key: ClassKey) -> (declared: Bool, inherits: Bool) {
    guard let body = body(key)?.body else { return (false, false) }
    for case .classDef("Meta", _, let info, _) in body { return (true, !info.arguments.isEmpty) }
    return (false, false)
  }

  /// `Meta.abstract` (not inherited: Django resets it for subclasses).
  func flag(_ key: ClassKey, _ attribute: String) -> Answer {
    guard let value = meta(key, attribute) else { return .no }
    if case .constant(let constant, _) = value {
      switch constant {
      case .bool(let flag): return flag ? .yes : .no
      case .none: return .no
      case .integer(let number): return number != 0 ? .yes : .no
      default: break
      }
    }
    return .unknown("\(key.name).Meta.\(attribute) is computed")
  }

  /// Whether the model's `Meta.required_db_features` names `supports_unlimited_charfield`;
  /// a Meta without it inherits the abstract parents' Meta when it declares none (or derives
  /// from one), as Django does.
  func requiresUnlimitedCharField(_ key: ClassKey, depth: Int = 0) -> Answer {
    guard depth < 16 else { return .unknown("Meta inheritance goes too deep") }
    if let value = meta(key, "required_db_features") {
      let items: [PythonExpr]
      switch value {
      case .list(let list, _), .tuple(let list, _), .set(let list, _): items = list
      default: return .unknown("\(key.name).Meta.required_db_features is computed")
      }
      var found = false
      for item in items {
        guard case .constant(.string(let text), _) = item else {
          return .unknown("\(key.name).Meta.required_db_features is computed")
        }
        if text == "supports_unlimited_charfield" { found = true }
      }
      return found ? .yes : .no
    }
    let meta = hasMeta(key)
    guard !meta.declared || meta.inherits else { return .no }
    for case .positional(let expression) in bases(key) {
      guard case .scanClass(let base) = modules.resolve(expression, in: key.module), flag(base, "abstract") == .yes else { continue }
      return requiresUnlimitedCharField(base, depth: depth + 1)
    }
    return .no
  }

  /// Whether calling `callee` builds a Django CharField: Django's own, or a class of the scan
  /// derived from it that does not change how it is built or checked.
  func isCharField(_ callee: PythonExpr, in module: String) -> Answer {
    switch modules.resolve(callee, in: module) {
    case .external(let name):
      if Self.charFields.contains(name) { return .yes }
      let last = name.split(separator: ".").last.map(String.init) ?? name
      if !name.hasPrefix("django.") && last.hasSuffix("CharField") {
        return .unknown("\(name) is a field class outside the scan that may be a CharField without a default max_length")
      }
      return .no
    case .scanClass(let key):
      return charFieldClass(key)
    case .unresolved(let why):
      let last = PythonEvaluator.lastName(callee) ?? ""
      return last.hasSuffix("CharField") ? .unknown(why) : .no
    case .builtin, .scanModule:
      return .no
    }
  }

  private func charFieldClass(_ key: ClassKey) -> Answer {
    if let known = charFieldClasses[key] { return known }
    charFieldClasses[key] = .no
    var answer = Answer.no
    for case .positional(let expression) in bases(key) {
      let found = isCharField(expression, in: key.module)
      if found == .yes { answer = .yes; break }
      if case .unknown = found { answer = found }
    }
    if answer == .yes, let body = body(key) {
      // A subclass that builds or checks itself differently may set max_length for its callers.
      for case .function(let name, _, _, _, let position) in body.body
      where ["__init__", "check", "_check_max_length_attribute"].contains(name) {
        answer = .unknown(
          "\(key.name) (\(modules.module(key.module)?.file ?? key.module):\(position.line)) derives from CharField and overrides \(name)()")
      }
    }
    charFieldClasses[key] = answer
    return answer
  }

  /// A class-body assignment to a plain name, with the class whose body makes it.
  struct Assignment {
    let owner: ClassKey
    let name: String
    let value: PythonExpr
    let position: Position
    /// Under `if`/`try` in the class body.
    let conditional: Bool
  }

  /// The class body's assignments to plain names, in order; `conditional` for those under
  /// `if`/`try` in the body.
  func assignments(_ key: ClassKey) -> [Assignment] {
    guard let body = body(key) else { return [] }
    var found: [Assignment] = []
    func visit(_ statements: [PythonStmt], conditional: Bool) {
      for statement in statements {
        switch statement {
        case .assign(let targets, let value, let position):
          for case .name(let name, _) in targets {
            found.append(Assignment(owner: key, name: name, value: value, position: position, conditional: conditional))
          }
        case .annotatedAssign(.name(let name, _), _, let value?, let position):
          found.append(Assignment(owner: key, name: name, value: value, position: position, conditional: conditional))
        case .ifChain(let branches, let otherwise, _):
          for branch in branches { visit(branch.body, conditional: true) }
          visit(otherwise ?? [], conditional: true)
        case .tryBlock(let body, let handlers, let otherwise, let finally, _):
          visit(body + otherwise + finally, conditional: true)
          for handler in handlers { visit(handler.body, conditional: true) }
        default:
          continue
        }
      }
    }
    visit(body.body, conditional: false)
    return found
  }

  /// The assignment as a field for `fields.E120`. A CharField call without `max_length` (or with
  /// `max_length=None`, or Field's fourth positional argument None) is missing it; `*args`/
  /// `**kwargs` may set it. A field under `if`/`try` in the body is unknown.
  private func field(_ assignment: Assignment) -> Field {
    let (name, value, position, conditional) = (assignment.name, assignment.value, assignment.position, assignment.conditional)
    let module = assignment.owner.module
    let file = modules.module(module)?.file ?? module
    if case .constant(.none, _) = value { return Field(name: name, status: .removed, file: file, position: position) }
    guard case .call(let callee, let arguments, _) = value else {
      return Field(name: name, status: .fine, file: file, position: position)
    }
    let kind = isCharField(callee, in: module)
    if kind == .no { return Field(name: name, status: .fine, file: file, position: position) }
    let set = Self.setsMaxLength(arguments)
    var status: Field.Status
    switch (kind, set) {
    case (_, .yes): status = .fine
    case (.yes, .no): status = .missingMaxLength
    case (.yes, .unknown(let why)): status = .unknown(why)
    case (.unknown(let why), _): status = .unknown(why)
    default: status = .fine
    }
    if conditional, status != .fine {
      status = .unknown("\(name) is assigned under a condition in the class body")
    }
    return Field(name: name, status: status, file: file, position: position)
  }

  /// Whether a CharField call sets `max_length` to something other than None.
  static func setsMaxLength(_ arguments: [PythonExpr.Argument]) -> Answer {
    var positional = 0
    var open: String?
    for argument in arguments {
      switch argument {
      case .keyword("max_length", let value):
        if case .constant(.none, _) = value { return .no }
        return .yes
      case .keyword: continue
      case .positional(let value):
        positional += 1
        // Field(verbose_name, name, primary_key, max_length, …): the fourth is max_length.
        if positional == 4 {
          if case .constant(.none, _) = value { return .no }
          return .yes
        }
      case .star: open = open ?? "*args may set max_length"
      case .doubleStar: open = "**kwargs may set max_length"
      }
    }
    return open.map { .unknown($0) } ?? .no
  }

  /// The field assignments a concrete model checks: its own, over those of its abstract model
  /// bases (the first base wins, as in Python's MRO). Fields of concrete bases live in their own
  /// tables (multi-table inheritance) and are checked there; plain mixins contribute none.
  func modelAssignments(_ key: ClassKey, depth: Int = 0) -> [String: Assignment] {
    guard depth < 32 else { return [:] }
    var result: [String: Assignment] = [:]
    for case .positional(let expression) in bases(key) {
      guard case .scanClass(let base) = modules.resolve(expression, in: key.module),
        isModel(base) == .yes, flag(base, "abstract") == .yes
      else { continue }
      for (name, assignment) in modelAssignments(base, depth: depth + 1) where result[name] == nil { result[name] = assignment }
    }
    for assignment in assignments(key) { result[assignment.name] = assignment }
    return result
  }

  /// The classes outside the scan (neither Django's nor the standard library's) a class derives
  /// from, directly or through abstract classes of the scan, in order; and the names the class
  /// and those abstract classes assign, which shadow what the outside classes declare.
  func externalBases(_ key: ClassKey) -> (bases: [String], assigned: Set<String>) {
    var found: [String] = []
    var assigned: Set<String> = []
    var seen: Set<ClassKey> = []
    func visit(_ key: ClassKey, depth: Int) {
      guard depth < 32, seen.insert(key).inserted else { return }
      for assignment in assignments(key) { assigned.insert(assignment.name) }
      for case .positional(let expression) in bases(key) {
        switch modules.resolve(expression, in: key.module) {
        case .external(let name):
          let top = String(name.split(separator: ".").first ?? "")
          if top != "django", !Self.plainModules.contains(top), !found.contains(name) { found.append(name) }
        case .scanClass(let base):
          if flag(base, "abstract") == .yes { visit(base, depth: depth + 1) }
        default:
          continue
        }
      }
    }
    visit(key, depth: 0)
    return (found, assigned)
  }

  /// The fields a concrete model checks, as `fields.E120` sees them (`modelAssignments`).
  func checkedFields(_ key: ClassKey) -> [String: Field] {
    modelAssignments(key).mapValues(field)
  }
}
