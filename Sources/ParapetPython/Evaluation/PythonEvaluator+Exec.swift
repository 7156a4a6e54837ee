import ParapetFacts

/// `exec()`, `compile()` and `types.ModuleType()`: settings that run a configuration file of
/// Python (uMap's `$UMAP_SETTINGS`, Weblate's override file, a `local_settings.py` read with
/// `open`) into a module's namespace.
///
/// Code Parapet knows (a string, or `compile()` of one, read from a file of the scan) is run
/// in the namespace it is given: the module's own (at module level, or `globals()`), or a
/// module's `__dict__`. Code it does not know, run in the module's own namespace, may rebind
/// every setting: each UPPERCASE name becomes unknown. Code run in a namespace of its own
/// (`exec(code, {})`) or in a function's locals cannot rebind the settings.
extension PythonEvaluator {
  /// `exec()` calls run inside one another at most (a configuration file that execs another;
  /// code that execs itself stops here). Each level is a deep stack of evaluation frames, so
  /// the limit is far below the import depth.
  static let execDepth = 8

  func execCall(
    _ positional: [PythonValue], _ keywords: [(String, PythonValue)], _ frame: Frame, at location: SourceLocation
  ) throws(PythonException) -> PythonValue? {
    let code = positional.first ?? keywords.first { $0.0 == "source" || $0.0 == "object" }?.1
    let namespace = keywords.first { $0.0 == "globals" }?.1 ?? (positional.count > 1 ? positional[1] : nil)
    var target: PythonModule
    if let namespace {
      switch namespace.kind {
      case .dict: return .unknown("exec() in a namespace of its own is not evaluated", at: location)
      case .object(.namespace(let module)): target = module
      default:
        target = frame.module
      }
    } else if frame.scope != nil {
      return .unknown("exec() in a function's locals is not evaluated", at: location)
    } else {
      target = frame.module
    }
    if let code, let text = Self.codeText(code) {
      let file = codeFile(text, code)
      let statements: [PythonStmt]
      if let path = file, let parsed = parse(path) {
        statements = parsed
      } else {
        do throws(PythonSyntaxError) {
          statements = try PythonParser.parseModule(text)
          inputBytes += text.utf8.count
        } catch {
          throw PythonException(type: "SyntaxError", message: "exec() of code with a syntax error: \(error)", location: location)
        }
      }
      notes.append("\(location): exec() runs \(file ?? "a string") in \(target.name)")
      guard execSites.count < Self.execDepth else {
        throw PythonException(
          type: PythonException.limitType, message: "exec() nested deeper than \(Self.execDepth) levels", location: location)
      }
      execSites.append(location)
      defer { execSites.removeLast() }
      _ = try run(statements, Frame(module: target, scope: nil, file: file ?? location.file))
      return PythonValue(.none, at: location)
    }
    target.degraded = true
    target.hasOpaqueImports = true
    notes.append("\(location): exec() may change settings in ways Parapet cannot follow")
    // The reason the settings' unseen names are unknown: what the code depends on.
    let codeReason = code?.unknownReason.map { ": \($0)" } ?? ""
    let reason = "exec() at \(location) runs code Parapet cannot read\(codeReason)"
    if !unseenModuleReasons.contains(reason) { unseenModuleReasons.append(reason) }
    let why = "may be set by the code exec() runs at \(location), which Parapet does not evaluate"
    if target === frame.module {
      markNamesUnseen(why: why, frame, location: location)
    } else {
      markNamesUnseen(why: why, Frame(module: target, scope: nil, file: location.file), location: location)
    }
    return PythonValue(.none, at: location)
  }

  /// The text of code given as a string or as bytes (decoded as `exec` does).
  private static func codeText(_ code: PythonValue) -> String? {
    switch code.kind {
    case .string(let text), .bytes(let text): return text
    default: return nil
    }
  }

  /// The scanned file a code string is the whole text of (read with `open(...).read()`), so
  /// that what it sets points at its own lines; nil for other strings.
  private func codeFile(_ text: String, _ code: PythonValue) -> String? {
    guard let path = code.location?.file, let file = resolver.file(path), file.text == text else { return nil }
    return path
  }

  /// `compile(source, filename, "exec")` of a known string: the source itself stands for the
  /// code object (exec runs it); anything else is unknown.
  func compileCall(_ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation) -> PythonValue {
    let source = positional.first ?? keywords.first { $0.0 == "source" }?.1
    let mode = positional.count > 2 ? positional[2] : keywords.first { $0.0 == "mode" }?.1
    guard let source, mode?.stringValue == "exec" else {
      return .unknown("compile() of code that is not known", at: location).merging(source.map { [$0] } ?? [])
    }
    switch source.kind {
    case .string:
      return source
    case .bytes(let text):
      // Source read in binary mode (Ghostwriter's `open(path, "rb")`): compile decodes it.
      var decoded = source
      decoded.kind = .string(text)
      return decoded
    default:
      return .unknown("compile() of code that is not known", at: location).merging([source])
    }
  }

  /// `types.ModuleType(name)`: a new, empty module object with its `__name__`.
  func freshModule(_ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation) -> PythonValue {
    guard let name = (positional.first ?? keywords.first { $0.0 == "name" }?.1)?.stringValue else {
      return .unknown("types.ModuleType() with a name that is not known", at: location)
    }
    let module = PythonModule(name: name, path: "<module \(name) made at \(location)>")
    module.namespace["__name__"] = PythonBinding(value: PythonValue(.string(name), at: location), location: location, history: [])
    module.namespace["__doc__"] = PythonBinding(value: PythonValue(.none, at: location), location: location, history: [])
    module.finished = true
    return PythonValue(.module(module), at: location)
  }
}
