import OrderedCollections
import ParapetFacts
import ParapetPython

/// `django.models.deprecated_fields`: the fields of the installed apps' concrete models whose
/// class is one Django has deprecated or removed, read from the scanned model modules without
/// running them (docs/facts/django.md, "Deprecated and removed field classes").
///
/// Django gives such a class `system_check_deprecated_details` (a `fields.W9xx` warning) or
/// `system_check_removed_details` (a `fields.E9xx` error), and `Field.check()` reports it for
/// every field of every installed concrete model, those inherited from abstract models included.
/// Subclasses inherit the details (class attributes). The reader names the Django class each
/// field resolves to (through imports, `models.X`, aliases and subclasses of the scan); which
/// class Django warns about or refuses in which release is the pack's data.
final class DjangoDeprecatedFields {
  typealias ClassKey = DjangoModelModules.ClassKey

  /// The documented path of each class, and the modules that define or re-export it. Read in
  /// Django 1.11 to 6.1: `django.db.models` re-exports `fields`, the GIS module re-exports
  /// `django.db.models`, `django.contrib.postgres.fields` re-exports its submodules.
  private static let definitions: [(path: String, modules: [String])] = [
    ("django.db.models.IPAddressField", ["django.db.models.fields", "django.contrib.gis.db.models"]),
    ("django.db.models.CommaSeparatedIntegerField", ["django.db.models.fields", "django.contrib.gis.db.models"]),
    ("django.db.models.NullBooleanField", ["django.db.models.fields", "django.contrib.gis.db.models"]),
    ("django.contrib.postgres.fields.FloatRangeField", ["django.contrib.postgres.fields.ranges"]),
    ("django.contrib.postgres.fields.JSONField", ["django.contrib.postgres.fields.jsonb"]),
    ("django.contrib.postgres.fields.CICharField", ["django.contrib.postgres.fields.citext"]),
    ("django.contrib.postgres.fields.CIEmailField", ["django.contrib.postgres.fields.citext"]),
    ("django.contrib.postgres.fields.CITextField", ["django.contrib.postgres.fields.citext"]),
  ]

  /// Every dotted name a field class is imported by, and its documented path.
  static let fieldClasses: [String: String] = {
    var names: [String: String] = [:]
    for definition in definitions {
      names[definition.path] = definition.path
      let name = definition.path.split(separator: ".").last.map(String.init) ?? definition.path
      for module in definition.modules { names[module + "." + name] = definition.path }
    }
    return names
  }()

  /// The classes' own names, for a name a static reading cannot follow.
  static let classNames: Set<String> = Set(definitions.compactMap { $0.path.split(separator: ".").last.map(String.init) })

  /// What a subclass may set or override so that Django's details no longer are the inherited ones.
  static let overrides: Set<String> = [
    "system_check_deprecated_details", "system_check_removed_details", "_check_deprecation_details",
  ]

  let classes: DjangoModelClasses
  private let resolver: DjangoFieldClassResolver

  init(classes: DjangoModelClasses) {
    self.classes = classes
    resolver = DjangoFieldClassResolver(
      classes: classes, overrides: Self.overrides, match: { Self.fieldClasses[$0] }, suspicious: { Self.classNames.contains($0) })
  }

  /// Lists the fields Django checks on the concrete model `key` of app `app` (an INSTALLED_APPS
  /// entry whose label is `label`) whose class is one of Django's, its own and those of its
  /// abstract bases; `doubt` says why whether Django checks the class as a model is not known
  /// (then each such field is an unknown).
  func list(
    _ key: ClassKey, label: String, app: String, doubt: String?, into found: inout [Fact], unknowns: inout [Fact]
  ) {
    let model = "\(label).\(key.name)"
    let assignments = classes.modelAssignments(key).values.sorted {
      ($0.owner.module, $0.position.line, $0.position.column) < ($1.owner.module, $1.position.line, $1.position.column)
    }
    for assignment in assignments {
      guard case .call(let callee, _, _) = assignment.value else { continue }
      let resolution = resolver.resolve(callee, in: assignment.owner.module)
      if resolution == .other { continue }
      let file = classes.modules.module(assignment.owner.module)?.file ?? assignment.owner.module
      let at = SourceLocation(file: file, line: assignment.position.line, column: assignment.position.column)
      func unknown(_ why: String) {
        unknowns.append(.map(["reason": .string("\(model).\(assignment.name): \(why)", at: at), "app": .string(app, at: at)], at: at))
      }
      switch resolution {
      case .other: continue
      case .unknown(let why): unknown(why)
      case .matched(let path, let via):
        if let doubt {
          unknown("\(doubt) (the field is a \(path))")
        } else if assignment.conditional {
          unknown("\(assignment.name) is assigned under a condition in the class body (a \(path))")
        } else {
          var entry: OrderedDictionary<String, Fact> = [
            "model": .string(model, at: at), "field": .string(assignment.name, at: at),
            "class": .string(path, at: at), "app": .string(app, at: at),
          ]
          if let via { entry["subclass"] = .string("\(via.module).\(via.name)", at: at) }
          found.append(.map(entry, at: at))
        }
      }
    }
  }

  /// Lists, for a class Django may check as a concrete model of app `app` (not abstract, not a
  /// proxy, not swappable), each class outside the scan it derives from that is not Django's, with
  /// the names the model assigns itself: an abstract model of another package (django-waffle's
  /// `AbstractUserFlag`) gives the model that package's fields, which the pack's data may know.
  func listExternalBases(
    _ key: ClassKey, label: String, app: String, at location: SourceLocation, into found: inout [Fact]
  ) {
    guard classes.flag(key, "abstract") == .no, classes.flag(key, "proxy") == .no, classes.meta(key, "swappable") == nil else { return }
    let (bases, assigned) = classes.externalBases(key)
    for base in bases {
      found.append(
        .map(
          [
            "model": .string("\(label).\(key.name)", at: location), "app": .string(app, at: location),
            "base": .string(base, at: location),
            "assigned": .list(assigned.sorted().map { .string($0, at: location) }, at: location),
          ], at: location))
    }
  }
}
