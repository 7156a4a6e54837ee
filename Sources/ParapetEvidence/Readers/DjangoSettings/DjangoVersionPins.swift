import Foundation
import ParapetPython
import OrderedCollections
import ParapetFacts

/// The Django version a project installs: the one in the installed packages the user gave,
/// else as the dependency reader reads the bundle's dependency files (`python.django`,
/// docs/facts/python-dependencies.md): a lock wins over an exact pin, which wins over a range,
/// and production files win over development ones. A range runs the
/// newest series it admits (`DjangoReleaseSeries`), the one `pip install` takes.
enum DjangoVersionPins {
  struct Pin: Sendable, Equatable {
    var specifier: String
    var version: String?
    var series: String?
    var location: SourceLocation
    var isLock: Bool
  }

  /// The pin in the dependency reader's summary of the bundle (`PythonDependenciesReader.summary`).
  static func find(in summary: FactTree) -> Pin? {
    guard let django = summary.root["python"]?["django"] else { return nil }
    let location = django.location ?? SourceLocation(file: django["path"]?.value.stringValue ?? "")
    return Pin(
      specifier: django["specifier"]?.value.stringValue ?? "",
      version: django["version"]?.value.stringValue,
      series: django["series"]?.value.stringValue,
      location: location,
      isLock: django["locked"]?.value == .bool(true))
  }

  /// The Django installed in the packages the user gave (`--site-packages`): the release
  /// Python imports, so it wins over every dependency file.
  static func installed(in packages: InstalledPackages?) -> Pin? {
    guard let found = packages?.distribution("django"), let parsed = PEP440Version(found.version) else { return nil }
    return Pin(specifier: "==\(found.version)", version: found.version, series: parsed.series, location: found.location, isLock: true)
  }

  static func fact(_ pin: Pin) -> Fact {
    var entries: OrderedDictionary<String, Fact> = ["specifier": .string(pin.specifier, at: pin.location)]
    entries["version"] = pin.version.map { .string($0, at: pin.location) } ?? .null(at: pin.location)
    entries["series"] = pin.series.map { .string($0, at: pin.location) } ?? .null(at: pin.location)
    entries["exact"] = .bool(pin.version != nil, at: pin.location)
    entries["file"] = .string(pin.location.file, at: pin.location)
    return .map(entries, at: pin.location)
  }
}
