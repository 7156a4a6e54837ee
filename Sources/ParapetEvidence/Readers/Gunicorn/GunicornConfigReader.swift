import Foundation
import OrderedCollections
import ParapetFacts
import ParapetPython

/// Reads `gunicorn.conf.py` (and `gunicorn_config.py`, `gunicorn.py`, …) into
/// `raw.gunicorn[path]` (every module-level name) and `gunicorn.instances` (the curated view),
/// schema in docs/facts/gunicorn.md.
///
/// gunicorn's configuration is a Python module: gunicorn runs it and takes the names it binds.
/// Parapet evaluates it with the Python front end the Django settings reader uses
/// (`PythonEvaluator`), under the scan's environment: the one given with `--env`/`--env-file`
/// exactly, or, without one, every variable unset so the code's own defaults apply
/// (`int(os.environ.get("GUNICORN_TIMEOUT", "30"))` is 30). What the evaluator cannot know
/// (`multiprocessing.cpu_count() * 2 + 1`, `os.environ["X"]` with X not set) is unknown with the
/// reason and the variables it depends on. One evaluation feeds both the raw layer and the view.
public struct GunicornConfigReader: EvidenceReader {
  public let kind = "gunicorn"

  public init() {}

  static let names: Set<String> = ["gunicorn.conf.py", "gunicorn_config.py", "gunicorn.py", "gunicorn_conf.py", "gunicorn-cfg.py"]

  public func claims(_ file: EvidenceFile) -> Bool {
    Self.names.contains(file.name.lowercased())
  }

  public func read(_ file: EvidenceFile, into facts: inout FactTree, context: ScanContext) throws {
    let evaluated = GunicornConfigEvaluation(file: file, context: context)
    var raw: OrderedDictionary<String, Fact> = [
      "format": .string("python", at: file.at()),
      "environment": .string(context.environmentGiven ? "given" : "defaults", at: file.at()),
      "settings": .map(evaluated.settings, at: file.at()),
      "provenance": .map(evaluated.provenance, at: file.at()),
    ]
    raw["load_errors"] = .list(evaluated.loadErrors, at: file.at())
    facts.set(["raw", "gunicorn", file.path], .map(raw, at: file.at()))

    var instance = DeploymentFacts.instanceHeader(
      origin: "config", name: file.name, role: DeploymentRole.of(path: file.path), file: file.path, at: file.at())
    for (name, value) in evaluated.settings where evaluated.isSetting(name) {
      var key = name
      if key == "bind", case .string = value.value {
        instance[key] = .list([value], at: value.location)
        continue
      }
      // The command-line spelling (`--proxy-allow-from`) of the setting gunicorn names
      // proxy_allow_ips: one key in the view, as start commands write it.
      if key == "proxy_allow_from" { key = "proxy_allow_ips" }
      instance[key] = value
    }
    facts.append(["gunicorn", "instances"], .map(instance, at: file.at()))
    if !evaluated.errors.isEmpty { throw EvidenceErrors(evaluated.errors) }
  }
}

/// One evaluation of a gunicorn configuration module: its names as facts, the exceptions that
/// would stop gunicorn from loading it, and the reader errors (syntax, size).
struct GunicornConfigEvaluation {
  /// Every module-level name the file binds (imports of modules and dunder names left out),
  /// in binding order, each at its last assignment.
  var settings: OrderedDictionary<String, Fact> = [:]
  /// Where each setting's value came from, as `django.provenance` says it for settings:
  /// `source` (`literal`, `environment`, `default`, `unknown`, …), `variables`, and per variable
  /// whether it was set, its default and how it was read.
  var provenance: OrderedDictionary<String, Fact> = [:]
  /// `{ type, message }` of each exception raised while running the module.
  var loadErrors: [Fact] = []
  var errors: [EvidenceError] = []
  /// Names bound by `def` (server hooks such as `post_fork`): raw facts, not setting values of
  /// the curated view.
  private var callables: Set<String> = []

  init(file: EvidenceFile, context: ScanContext) {
    let resolver = PythonModuleResolver(files: [file], preferredRoot: nil)
    let evaluator = PythonEvaluator(
      resolver: resolver, environment: context.environment, environmentSources: context.environmentSources)
    let module = PythonModule(name: "__config__", path: file.path)
    if let statements = evaluator.parse(file.path) {
      let at = SourceLocation(file: file.path)
      module.namespace["__file__"] = PythonBinding(
        value: PythonValue(.string(PythonModuleResolver.virtualPath(file.path))), location: at, history: [])
      module.namespace["__name__"] = PythonBinding(value: PythonValue(.string("__config__")), location: at, history: [])
      evaluator.executeModule(module, statements, file: file.path)
    }
    errors = evaluator.errors.map { EvidenceError($0.message, at: $0.location, reader: "gunicorn") }
    for (name, binding) in module.namespace where !name.hasPrefix("__") {
      switch binding.value.kind {
      case .module: continue
      case .function: callables.insert(name)
      default: break
      }
      let secret = SecretDetector.isSecretName(name)
      settings[name] = DjangoFactBuilder.fact(binding.value, secret: secret, at: binding.location)
      provenance[name] = DjangoFactBuilder.provenance(binding, name: name, module: file.path)
    }
    loadErrors = evaluator.loadErrors.map { error in
      .map(["type": .string(error.type), "message": .string(error.message)], at: error.location)
    }
  }

  /// True for names the curated view keeps: values, not hooks.
  func isSetting(_ name: String) -> Bool { !callables.contains(name) }
}
