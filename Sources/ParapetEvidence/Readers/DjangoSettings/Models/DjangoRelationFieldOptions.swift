import OrderedCollections
import ParapetFacts
import ParapetPython

/// `django.models.relation_options`: the fields of the installed apps' concrete models that
/// pass `null`, `unique` or `primary_key` to a field class outside Django's plain fields, read
/// from the scanned model modules without running them (docs/facts/django.md, "Options of
/// relation fields").
///
/// Django's `ManyToManyField` warns when a model passes `null` (`fields.W340`: it has no
/// effect), and its `ForeignKey` when the field is unique (`fields.W342`: `unique=True` or
/// `primary_key=True`, a OneToOneField's job). The reader names the class outside the scan each
/// field's class resolves to (through imports, aliases and subclasses of the scan) and the
/// options the call passes; which class is a ForeignKey or a ManyToManyField, Django's or a
/// package's subclass, is the pack's data.
final class DjangoRelationFieldOptions {
  typealias ClassKey = DjangoModelModules.ClassKey

  /// The keywords the two checks read.
  static let options = ["null", "unique", "primary_key"]

  /// Django's field classes that are not relations: a CharField's `unique=True` is no concern
  /// of these checks, so such fields are not listed. A name of `django.db.models` not here (a
  /// relation, or one Parapet does not know) is listed.
  static func isPlainDjangoField(_ path: String) -> Bool {
    guard path.hasPrefix("django.") else { return false }
    let last = path.split(separator: ".").last.map(String.init) ?? path
    return !(last.contains("ForeignKey") || last.contains("ManyToMany") || last.contains("OneToOne") || last.contains("ForeignObject"))
  }

  /// What a subclass may override so that the options reach Django differently.
  static let overrides: Set<String> = ["__init__", "check", "_check_unique", "_check_ignored_options"]

  let classes: DjangoModelClasses
  private let resolver: DjangoFieldClassResolver

  init(classes: DjangoModelClasses) {
    self.classes = classes
    resolver = DjangoFieldClassResolver(
      classes: classes, overrides: Self.overrides, match: { Self.isPlainDjangoField($0) ? nil : $0 },
      suspicious: { $0.contains("ForeignKey") || $0.contains("ManyToMany") })
  }

  /// Lists the fields of the concrete model `key` of app `app` (label `label`) that pass one of
  /// the options (or `**kwargs`) to a class outside Django's plain fields, its own and those of
  /// its abstract bases; `doubt` says why whether Django checks the class is not known.
  func list(_ key: ClassKey, label: String, app: String, doubt: String?, into found: inout [Fact], unknowns: inout [Fact]) {
    let model = "\(label).\(key.name)"
    let assignments = classes.modelAssignments(key).values.sorted {
      ($0.owner.module, $0.position.line, $0.position.column) < ($1.owner.module, $1.position.line, $1.position.column)
    }
    for assignment in assignments {
      guard case .call(let callee, let arguments, _) = assignment.value else { continue }
      var passed: OrderedDictionary<String, PythonExpr> = [:]
      var spread: String?
      for argument in arguments {
        switch argument {
        case .keyword(let name, let value) where Self.options.contains(name): passed[name] = value
        case .doubleStar(let value): spread = "**\(value.summary) may pass null, unique or primary_key"
        default: continue
        }
      }
      guard !passed.isEmpty || spread != nil else { continue }
      let resolution = resolver.resolve(callee, in: assignment.owner.module)
      let file = classes.modules.module(assignment.owner.module)?.file ?? assignment.owner.module
      let at = SourceLocation(file: file, line: assignment.position.line, column: assignment.position.column)
      switch resolution {
      case .other: continue
      case .unknown(let why):
        guard unknowns.count < DjangoModelFields.entryLimit else { continue }
        unknowns.append(.map(["reason": .string("\(model).\(assignment.name): \(why)", at: at), "app": .string(app, at: at)], at: at))
      case .matched(let path, let via):
        guard found.count < DjangoModelFields.entryLimit else { continue }
        var entry: OrderedDictionary<String, Fact> = [
          "model": .string(model, at: at), "field": .string(assignment.name, at: at),
          "class": .string(path, at: at), "app": .string(app, at: at),
        ]
        if let via { entry["subclass"] = .string("\(via.module).\(via.name)", at: at) }
        var options: OrderedDictionary<String, Fact> = [:]
        for (name, value) in passed { options[name] = Self.truth(value, name, at: at) }
        entry["options"] = .map(options, at: at)
        // What keeps the listed options from being those Django sees: `spread` may add one.
        let why = doubt ?? (assignment.conditional ? "\(assignment.name) is assigned under a condition in the class body" : nil)
        if let why { entry["doubt"] = .string(why, at: at) }
        if let spread { entry["spread"] = .string(spread, at: at) }
        found.append(.map(entry, at: at))
      }
    }
  }

  /// A literal option's truth (`None` and `0` are false), or unknown.
  private static func truth(_ value: PythonExpr, _ name: String, at location: SourceLocation) -> Fact {
    if case .constant(let constant, _) = value {
      switch constant {
      case .bool(let flag): return .bool(flag, at: location)
      case .none: return .bool(false, at: location)
      case .integer(let number): return .bool(number != 0, at: location)
      default: break
      }
    }
    return .unknown("\(name)=\(value.summary) is not a literal", at: location)
  }
}
