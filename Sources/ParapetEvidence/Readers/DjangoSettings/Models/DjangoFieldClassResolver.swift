import ParapetPython

/// What a model field's class is, for the checks that care about certain classes outside the
/// scan: the call's class resolved through the module's imports, `models.X`, aliases and the
/// scan's own subclasses (first base first) to a class outside the scan that `match` accepts.
/// A subclass that assigns or defines one of `overrides` may change what the check sees, so it
/// is unknown; so is a name a static reading cannot follow that `suspicious` says may be one.
/// Shared by the deprecated-class lists (`DjangoDeprecatedFields`) and the relation options
/// (`DjangoRelationFieldOptions`).
final class DjangoFieldClassResolver {
  typealias ClassKey = DjangoModelModules.ClassKey

  enum Resolution: Equatable {
    /// The accepted path of the class outside the scan, through a subclass of the scan (`via`).
    case matched(String, via: ClassKey?)
    case other
    case unknown(String)
  }

  let classes: DjangoModelClasses
  private let overrides: Set<String>
  private let match: (String) -> String?
  private let suspicious: (String) -> Bool
  private var subclasses: [ClassKey: Resolution] = [:]

  /// `match` maps a dotted class path outside the scan to the path the facts name (nil: not one
  /// of the classes); `suspicious` says whether a name Parapet cannot follow may be one.
  init(
    classes: DjangoModelClasses, overrides: Set<String>, match: @escaping (String) -> String?,
    suspicious: @escaping (String) -> Bool
  ) {
    self.classes = classes
    self.overrides = overrides
    self.match = match
    self.suspicious = suspicious
  }

  /// What calling `callee` in `module` builds.
  func resolve(_ callee: PythonExpr, in module: String) -> Resolution {
    switch classes.modules.resolve(callee, in: module) {
    case .external(let name):
      return match(name).map { .matched($0, via: nil) } ?? .other
    case .scanClass(let key):
      return subclass(key)
    case .unresolved(let why):
      return suspicious(PythonEvaluator.lastName(callee) ?? "") ? .unknown(why) : .other
    case .builtin, .scanModule:
      return .other
    }
  }

  /// Whether a class of the scan derives from an accepted class (first base first).
  private func subclass(_ key: ClassKey) -> Resolution {
    if let known = subclasses[key] { return known }
    subclasses[key] = .other  // A class deriving from itself is no field class.
    var answer = Resolution.other
    bases: for case .positional(let expression) in classes.body(key)?.info.arguments ?? [] {
      switch resolve(expression, in: key.module) {
      case .matched(let path, _):
        // The field names this class: the facts name it, whatever chain leads to the match.
        answer = .matched(path, via: key)
        break bases
      case .unknown(let why): answer = .unknown(why)
      case .other: continue
      }
    }
    if case .matched(let path, _) = answer, let body = classes.body(key) {
      let file = classes.modules.module(key.module)?.file ?? key.module
      for assignment in classes.assignments(key) where overrides.contains(assignment.name) {
        answer = .unknown("\(key.name) (\(file):\(assignment.position.line)) derives from \(path) and sets \(assignment.name)")
      }
      for case .function(let name, _, _, _, let position) in body.body where overrides.contains(name) {
        answer = .unknown("\(key.name) (\(file):\(position.line)) derives from \(path) and overrides \(name)()")
      }
    }
    subclasses[key] = answer
    return answer
  }
}
