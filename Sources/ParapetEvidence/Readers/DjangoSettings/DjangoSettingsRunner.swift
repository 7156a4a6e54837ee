import ParapetPython
import ParapetFacts

/// Finds the file a project's own runner loads as the settings module before Django imports
/// it by name.
///
/// Runners of Django products (`nautobot-server`, configuration-file loaders) execute a file
/// chosen by path, `spec_from_file_location(NAME, PATH)` + `sys.modules[NAME] = module` (or
/// `imp.load_source(NAME, PATH)`), so Django's `import_module(NAME)` returns that module and
/// never looks for `NAME.py` on the search path. The runner is `manage.py` (where Django runs)
/// and the bundle modules it imports. PATH is evaluated under the scan's environment: through
/// locals assigned once, parameters (the arguments of the runner's own calls), and the
/// `default=` of an argparse option (`manage.py check --deploy` passes no runner option).
struct DjangoSettingsRunner {
  enum Outcome {
    /// The bundle file Django's settings module is.
    case file(String, registration: SourceLocation, note: String)
    /// The runner loads the settings from a file Parapet cannot decide: why, and how to.
    case undecided(String, registration: SourceLocation)
  }

  let code: DjangoRunnerCode
  let evaluator: PythonEvaluator
  let resolver: PythonModuleResolver
  private var notes: [String] = []

  /// The runner's registration of `module`, when the scanned runner has one.
  static func trace(
    module: String, root: String?, bundle: EvidenceBundle, resolver: PythonModuleResolver, evaluator: PythonEvaluator
  ) -> Outcome? {
    let manager = (root.map { $0.isEmpty ? "" : $0 + "/" } ?? "") + "manage.py"
    guard let entry = evaluator.parse(manager) else { return nil }
    var code = DjangoRunnerCode()
    code.add(file: manager, statements: entry)
    for imported in importedFiles(entry, resolver: resolver) where imported != manager {
      if let statements = evaluator.parse(imported) { code.add(file: imported, statements: statements) }
    }
    let registrations = code.registrations(of: module)
    guard let first = registrations.first else { return nil }
    var runner = DjangoSettingsRunner(code: code, evaluator: evaluator, resolver: resolver)
    var outcomes: [Outcome] = []
    for registration in registrations {
      outcomes.append(runner.decide(registration, module: module, root: root ?? ""))
    }
    // Several registrations must agree on the file, or the file Django reads is not known.
    var files: Set<String> = []
    for outcome in outcomes {
      switch outcome {
      case .undecided: return outcome
      case .file(let path, _, _): files.insert(path)
      }
    }
    if files.count > 1 {
      return .undecided(
        "the runner registers '\(module)' from different files (\(files.sorted().joined(separator: ", "))) at different places",
        registration: first.location)
    }
    return outcomes.first
  }

  /// Bundle modules a file imports with absolute imports (`from a.b import c`: `a.b`, and
  /// `a.b.c` when it is a module).
  static func importedFiles(_ statements: [PythonStmt], resolver: PythonModuleResolver) -> [String] {
    var names: [String] = []
    func walk(_ statements: [PythonStmt]) {
      for statement in statements {
        switch statement {
        case .importModules(let aliases, _): names += aliases.map(\.name)
        case .importFrom(let module, 0, let aliases, _):
          names.append(module)
          names += (aliases ?? []).map { module + "." + $0.name }
        case .function(_, _, let body, _, _): walk(body)
        case .ifChain(let branches, let otherwise, _):
          for branch in branches { walk(branch.body) }
          walk(otherwise ?? [])
        case .tryBlock(let body, let handlers, let otherwise, let finally, _):
          walk(body + otherwise + finally + handlers.flatMap(\.body))
        default: continue
        }
      }
    }
    walk(statements)
    var files: [String] = []
    for name in names {
      if let path = resolver.locate(name)?.path, !files.contains(path) { files.append(path) }
    }
    return files
  }

  private mutating func decide(_ registration: DjangoRunnerCode.Registration, module: String, root: String) -> Outcome {
    notes = []
    var visiting: Set<String> = []
    let value = self.value(of: registration.path, in: registration.body, visiting: &visiting, depth: 0)
    let text: String
    switch value.kind {
    case .string(let string), .path(let string): text = string
    default:
      let variables = Set(value.uses.map(\.variable)).sorted()
      let because = value.unknownReason ?? "it is not a path string"
      let hint = variables.isEmpty
        ? "scan the code that computes it"
        : "give " + variables.map { "--env \($0)=…" }.joined(separator: " or ")
      return .undecided(
        "the runner loads settings module '\(module)' from a path Parapet cannot decide "
          + "(\(registration.path.summary): \(because)); \(hint) to name the file",
        registration: registration.location)
    }
    let working = root.isEmpty ? PythonModuleResolver.virtualRoot : PythonModuleResolver.virtualPath(root)
    let absolute = text.hasPrefix("/") ? text : PythonModuleResolver.joinPaths([working, text])
    let variables = Set(value.uses.map(\.variable)).sorted()
    let from = variables.isEmpty ? "" : " (from \(variables.joined(separator: ", ")))"
    guard let path = PythonModuleResolver.bundlePath(absolute), resolver.file(path) != nil else {
      return .undecided(
        "the runner loads settings module '\(module)' from \(text)\(from), which is not a file of the scan: "
          + "scan that file in its place, or name a scanned file with --env",
        registration: registration.location)
    }
    let assumed = notes.isEmpty ? "" : "; " + notes.joined(separator: "; ")
    return .file(
      path, registration: registration.location,
      note: "settings module '\(module)' is \(path), loaded by the runner at \(registration.location)\(from)\(assumed)")
  }

  /// The value of `expression` run in `body`: its locals and parameters are traced, the rest
  /// is the module's namespace.
  private mutating func value(
    of expression: PythonExpr, in body: DjangoRunnerCode.Body, visiting: inout Set<String>, depth: Int
  ) -> PythonValue {
    guard depth < 12 else { return .unknown("the path is passed through too many functions") }
    if case .attribute(.name(let holder, _), let attribute, _) = expression,
      let option = optionDefault(holder, attribute, in: body)
    {
      guard let option else {
        return .unknown("`\(holder).\(attribute)` is a command-line argument without a default")
      }
      notes.append("`\(holder).\(attribute)` is the option's default: check --deploy is assumed to be run without it")
      return value(of: option, in: body, visiting: &visiting, depth: depth + 1)
    }
    guard let names = DjangoRunnerCode.names(in: expression) else {
      return .unknown("\(expression.summary) is not an expression the runner trace follows")
    }
    guard let module = runnerModule(body.file) else {
      return .unknown("\(body.file) cannot be evaluated")
    }
    var scope: PythonScope?
    if let function = body.function {
      let frameScope = PythonScope(parent: nil)
      let locals = Set(PythonEvaluator.boundNames(in: Self.ownBindings(body.statements)))
      for name in names {
        if let parameter = body.parameters.firstIndex(where: { $0.name == name }) {
          frameScope.names[name] = argument(parameter, of: body, module: module, visiting: &visiting, depth: depth)
        } else if locals.contains(name) {
          let key = "\(body.file):\(function):\(name)"
          guard !visiting.contains(key), let assigned = Self.singleAssignment(name, in: body.statements) else {
            frameScope.names[name] = .unknown("`\(name)` in \(function)() is assigned in a way the runner trace does not follow")
            continue
          }
          visiting.insert(key)
          frameScope.names[name] = value(of: assigned, in: body, visiting: &visiting, depth: depth + 1)
          visiting.remove(key)
        }
      }
      scope = frameScope
    }
    let frame = PythonEvaluator.Frame(module: module, scope: scope, file: body.file)
    do throws(PythonException) {
      return try evaluator.evaluate(expression, frame)
    } catch {
      return .unknown("evaluating it raises \(error.type) (\(error.message))")
    }
  }

  /// The value parameter `index` of `body`'s function receives from the runner's calls.
  private mutating func argument(
    _ index: Int, of body: DjangoRunnerCode.Body, module: PythonModule, visiting: inout Set<String>, depth: Int
  ) -> PythonValue {
    let parameter = body.parameters[index]
    let function = body.function ?? ""
    let calls = code.calls(of: function)
    var values: [PythonValue] = []
    for call in calls {
      if let passed = DjangoRunnerCode.argument(call.arguments, parameter.kind == .keywordOnly ? -1 : index, parameter.name) {
        values.append(value(of: passed, in: call.body, visiting: &visiting, depth: depth + 1))
      } else if call.arguments.contains(where: { if case .star = $0 { return true }; if case .doubleStar = $0 { return true }; return false }) {
        values.append(.unknown("\(function)() is called with *args or **kwargs"))
      } else if let fallback = parameter.defaultValue {
        values.append(value(of: fallback, in: DjangoRunnerCode.Body(file: body.file, function: nil, parameters: [], statements: []), visiting: &visiting, depth: depth + 1))
      } else {
        values.append(.unknown("\(function)() is called without `\(parameter.name)`"))
      }
    }
    guard let first = values.first else {
      return .unknown("\(function)() is not called by the scanned runner, so `\(parameter.name)` is not known")
    }
    if let unknown = values.first(where: \.isUnknown) { return unknown }
    let texts = Set(values.map { value -> String in
      switch value.kind {
      case .string(let text), .path(let text): return text
      default: return "\u{0}"
      }
    })
    guard texts.count == 1, !texts.contains("\u{0}") else {
      return .unknown("\(function)() is called with different values of `\(parameter.name)`")
    }
    return first.merging(Array(values.dropFirst()))
  }

  /// `holder.attribute` where `holder = parser.parse_args()` (or `parse_known_args()`) in the
  /// same body: the `default=` of the option with that destination (`.some(nil)`: no default).
  /// Nil when `holder` is not parsed arguments.
  private func optionDefault(_ holder: String, _ attribute: String, in body: DjangoRunnerCode.Body) -> PythonExpr?? {
    var parser: String?
    for case .assign(let targets, .call(.attribute(.name(let object, _), let method, _), _, _), _) in body.statements
    where method == "parse_args" || method == "parse_known_args" {
      for target in targets {
        switch target {
        case .name(holder, _): parser = object
        case .tuple(let items, _) where method == "parse_known_args":
          if case .name(holder, _)? = items.first { parser = object }
        default: continue
        }
      }
    }
    guard let parser else { return nil }
    for case .expression(.call(.attribute(.name(parser, _), "add_argument", _), let arguments, _), _) in body.statements {
      var flags: [String] = []
      var destination: String?
      var fallback: PythonExpr?
      for argument in arguments {
        switch argument {
        case .positional(.constant(.string(let flag), _)): flags.append(flag)
        case .keyword("dest", .constant(.string(let name), _)): destination = name
        case .keyword("default", let value): fallback = value
        default: continue
        }
      }
      let long = flags.first { $0.hasPrefix("--") } ?? flags.first { $0.hasPrefix("-") }
      let derived = destination ?? long.map { String($0.drop { $0 == "-" }).replacingOccurrences(of: "-", with: "_") }
      if derived == attribute {
        // A positional argument is always given on the command line: not a default.
        guard long != nil || destination != nil else { return .some(nil) }
        return .some(fallback)
      }
    }
    return .some(nil)
  }

  /// The one value `name` is assigned in a body (`name = value`), nil when it is bound more
  /// than once or otherwise (a loop, a tuple, an import).
  static func singleAssignment(_ name: String, in statements: [PythonStmt]) -> PythonExpr? {
    var found: PythonExpr?
    var count = 0
    for statement in statements {
      if case .assign(let targets, let value, _) = statement, targets.count == 1, case .name(name, _) = targets[0] {
        found = value
        count += 1
      }
    }
    let bindings = PythonEvaluator.boundNames(in: ownBindings(statements)).filter { $0 == name }.count
    return count == 1 && bindings == 1 ? found : nil
  }

  /// The statements of an opened body that bind local names: compound statements without
  /// their (already opened) bodies, and no `os.environ[…] = …` or `x.append(…)`, which change
  /// an object and bind nothing.
  static func ownBindings(_ statements: [PythonStmt]) -> [PythonStmt] {
    func binds(_ target: PythonExpr) -> Bool {
      switch target {
      case .subscription, .attribute: return false
      default: return true
      }
    }
    return statements.compactMap { statement -> PythonStmt? in
      switch statement {
      case .ifChain, .whileLoop, .expression: return nil
      case .assign(let targets, let value, let position):
        let kept = targets.filter(binds)
        return kept.isEmpty ? nil : .assign(kept, value, position)
      case .augmentedAssign(let target, _, _, _), .annotatedAssign(let target, _, _, _):
        return binds(target) ? statement : nil
      case .forLoop(let target, let iterable, _, _, let isAsync, let position):
        return .forLoop(target: target, iterable: iterable, body: [], otherwise: [], isAsync: isAsync, position)
      case .with(let items, _, let isAsync, let position): return .with(items: items, body: [], isAsync: isAsync, position)
      default: return statement
      }
    }
  }

  /// The runner module of a bundle file, imported once by the runner's own evaluator.
  private func runnerModule(_ file: String) -> PythonModule? {
    for root in resolver.roots {
      let prefix = root.isEmpty ? "" : root + "/"
      guard file.hasPrefix(prefix) else { continue }
      var relative = String(file.dropFirst(prefix.count).dropLast(3))
      if relative.hasSuffix("/__init__") { relative.removeLast("/__init__".count) }
      let name = relative.replacingOccurrences(of: "/", with: ".")
      guard resolver.locate(name)?.path == file else { continue }
      return try? evaluator.importModule(name, at: SourceLocation(file: file))
    }
    return nil
  }
}
