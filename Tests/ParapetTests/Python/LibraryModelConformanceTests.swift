import Foundation
import ParapetFacts
import Testing

@testable import ParapetPython

/// Runs Parapet's models of the configuration libraries on every input recorded from the real
/// libraries (scripts/record-library-behaviour.py, Fixtures/python-libraries/*.json) and
/// asserts the same value and type, or the same exception.
///
/// A model may answer *unknown* only where the library is documented as not modelled exactly
/// (docs/facts/django.md, "Modelled libraries and files"); the unknown answers are counted per
/// library and may not grow. A known answer that differs from the library is always a failure.
@Suite("Library models against the real libraries")
struct LibraryModelConformanceTests {
  struct Case {
    var id: String
    var code: String
    var environment: [String: String]
    var files: [String: String]
    var result: Any
  }

  static func load(_ library: String) throws -> (cases: [Case], versions: [String: String]) {
    let url = CLI.root.appendingPathComponent("Tests/ParapetTests/Fixtures/python-libraries/\(library).json")
    let document = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
    let cases = (document["cases"] as? [[String: Any]] ?? []).map { entry in
      Case(
        id: entry["id"] as? String ?? "?", code: entry["code"] as? String ?? "",
        environment: entry["env"] as? [String: String] ?? [:],
        files: entry["files"] as? [String: String] ?? [:], result: entry["result"] ?? [:])
    }
    return (cases, document["versions"] as? [String: String] ?? [:])
  }

  /// Evaluates a case's `settings.py` with Parapet; the recorded shape of `RESULT`, or
  /// `{"exception": type}`, or nil when Parapet answers unknown.
  static func evaluate(_ testCase: Case) -> String? {
    var files = testCase.files
    files["settings.py"] = testCase.code
    let evidence = files.map { path, text in
      EvidenceFile(path: path, url: URL(fileURLWithPath: "/nonexistent/" + path), data: Data(text.utf8))
    }
    let resolver = PythonModuleResolver(files: evidence, preferredRoot: nil)
    let evaluator = PythonEvaluator(resolver: resolver, environment: testCase.environment)
    let module: PythonModule
    do throws(PythonException) {
      module = try evaluator.importModule("settings", at: nil)
    } catch {
      return canonical(["exception": PythonExceptionHierarchy.lastName(error.type)])
    }
    // The recorder writes the class's own name (`ConstructorError`, not its module's path).
    if let error = evaluator.loadErrors.first { return canonical(["exception": PythonExceptionHierarchy.lastName(error.type)]) }
    // An exception Parapet cannot rule out (dynaconf validators it does not evaluate): whether
    // the module loads is unknown.
    if !evaluator.possibleLoadErrors.isEmpty { return nil }
    guard let value = module.namespace["RESULT"]?.value, let shape = shape(value) else { return nil }
    return canonical(shape)
  }

  /// The recorder's JSON shape of a value; nil when any part is unknown.
  static func shape(_ value: PythonValue) -> Any? {
    switch value.kind {
    case .none: return ["type": "NoneType"]
    case .bool(let flag): return ["type": "bool", "value": flag]
    case .integer(let number): return ["type": "int", "value": number]
    case .float: return ["type": "float", "value": value.repr ?? "?"]
    case .string(let text): return ["type": "str", "value": text]
    case .bytes(let text): return ["type": "bytes", "value": text]
    case .binary(let bytes): return ["type": "bytes", "repr": PythonValue.bytesRepr(bytes)]
    case .path(let path): return ["type": "path", "value": path]
    case .list(let list): return sequence("list", list.items)
    case .tuple(let items): return sequence("tuple", items)
    case .set: return nil
    case .dict(let dict):
      var entries: [Any] = []
      for entry in dict.entries.values {
        guard let key = shape(entry.key), let item = shape(entry.value) else { return nil }
        entries.append([key, item])
      }
      return ["type": "dict", "entries": entries]
    default: return nil
    }
  }

  static func sequence(_ type: String, _ items: [PythonValue]) -> Any? {
    var shapes: [Any] = []
    for item in items {
      guard let shaped = shape(item) else { return nil }
      shapes.append(shaped)
    }
    return ["type": type, "items": shapes]
  }

  static func canonical(_ object: Any) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])) ?? Data()
    return String(decoding: data, as: UTF8.self)
  }

  /// Runs every case of `library`; returns the mismatches (known but different) and the ids
  /// Parapet answered unknown.
  static func run(_ library: String) throws -> (mismatches: [String], unknown: [String], total: Int) {
    let (cases, versions) = try load(library)
    #expect(library == "file-loaders" || !versions.isEmpty, "the fixture records the library versions")
    var mismatches: [String] = []
    var unknown: [String] = []
    for testCase in cases {
      let expected = canonical(testCase.result)
      guard let got = evaluate(testCase) else {
        unknown.append(testCase.id)
        continue
      }
      if got != expected { mismatches.append("\(testCase.id): expected \(expected), Parapet gave \(got)") }
    }
    return (mismatches, unknown, cases.count)
  }

  /// Unknown answers allowed per library (what is documented as not modelled exactly).
  static let allowedUnknown: [String: Int] = [
    // env.url() returns a urllib ParseResult, which Parapet does not represent.
    // environ.Path(required=True) of a folder outside the scanned evidence, and FileAwareEnv
    // with $X_FILE naming a file that is not in it (both may exist on the server).
    "django-environ": 4, "python-decouple": 0, "dj-database-url": 0, "python-dotenv": 0,
    // open() of a file outside the scanned evidence is unknown (it may exist on the server).
    "file-loaders": 1,
    // A missing attribute raises AttributeError in dynaconf (unknown here), TOML dates (3);
    // a settings file named by a variable or option but absent from the scanned files (3:
    // dynaconf searches folders above the project and the script's folder, and a deploy may
    // create it); a preloaded module whose package is not scanned (2: it may be installed);
    // SILENT_ERRORS_FOR_DYNACONF=False (1).
    "dynaconf": 10,
    // DatabaseURLValue and late_binding values stay Value objects.
    "django-configurations": 29,
    // FileAwareEnv with $X_FILE naming a file outside the scanned evidence (it may exist on
    // the server; environs raises ValueError where it does not).
    "environs": 1,
    // CPython 3.12's configparser (standard library): see docs/facts/django.md.
    // Not modelled: `converters=` (custom getters), RawConfigParser sections named by a
    // value that is not a str.
    "configparser": 2,
    // SecretFileValue with $X_FILE naming a file that is not in the scanned evidence (it may
    // exist on the server; the library raises ValueError where it does not).
    "django-lasuite": 1,
    // CPython 3.12's datetime.strptime/fromisoformat: numbers without a separator between
    // them (the regex's split) and ISO datetimes with a time part are not modelled (1).
    "datetime": 1,
    // everett 3.5.0: every recorded case is decided.
    "everett": 0,
    // CPython 3.12's base64, gzip and zlib: every recorded case is decided.
    "binary-data": 0,
    // PyYAML 6.0.3's safe_load with merge keys and aliases: every recorded case is decided.
    "pyyaml": 0,
  ]

  @Test(arguments: ["django-environ", "python-decouple", "dj-database-url", "python-dotenv", "file-loaders", "dynaconf", "django-configurations", "environs", "configparser", "django-lasuite", "datetime", "everett", "binary-data", "pyyaml"])
  func modelMatchesLibrary(_ library: String) throws {
    let (mismatches, unknown, total) = try Self.run(library)
    let smallSuites: Set<String> = ["file-loaders", "django-lasuite", "pyyaml"]
    #expect(total > (smallSuites.contains(library) ? 10 : 50), "\(library): the fixture holds the recorded cases")
    #expect(mismatches.isEmpty, "\(library): \(mismatches.count) of \(total) differ:\n\(mismatches.prefix(40).joined(separator: "\n"))")
    #expect(unknown.count <= Self.allowedUnknown[library] ?? 0, "\(library): \(unknown.count) unknown: \(unknown.prefix(80))")
  }
}
