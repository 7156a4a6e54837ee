import ParapetFacts

/// Libraries modelled as Python code that Parapet's evaluator runs like a project module, for
/// libraries whose behaviour is plain Python over what the evaluator already models (`json`,
/// `os.getenv`, dicts): the model then follows the library's semantics step by step, with
/// provenance and unknowns flowing through, instead of a Swift re-implementation.
///
/// Each model is Parapet's own code written from the library's documented behaviour and
/// recorded against the real library (see its file). A copy of the library among the scanned
/// files takes precedence (the resolver finds it first).
package enum PythonSourceModels {
  /// The model's code by module name.
  static let sources: [String: String] = [
    "cfenv": CloudFoundryEnvModel.source,
    "opentelemetry.instrumentation.django": OpenTelemetryDjangoModel.source,
    "maykin_common.config": MaykinCommonConfigModel.source,
    ScandirModel.moduleName: ScandirModel.source,
  ]

  /// The path the model's locations name: not a file of the scan.
  static func virtualFile(_ name: String) -> String { "<parapet model of \(name)>" }

  /// True for a location inside a model.
  static func isModelFile(_ file: String) -> Bool { file.hasPrefix("<parapet model of ") }
}

extension PythonEvaluator {
  /// Imports the source model of `name`, or nil when there is none.
  func importSourceModel(_ name: String, at location: SourceLocation?) throws(PythonException) -> PythonModule? {
    guard let source = PythonSourceModels.sources[name] else { return nil }
    let file = PythonSourceModels.virtualFile(name)
    let statements: [PythonStmt]
    do throws(PythonSyntaxError) {
      statements = try PythonParser.parseModule(source)
    } catch {
      // A model is Parapet's own code, tested: this is an internal error.
      throw PythonException(type: PythonException.limitType, message: "the model of \(name) does not parse: \(error)", location: location)
    }
    let module = PythonModule(name: name, path: file)
    let at = SourceLocation(file: file)
    module.namespace["__name__"] = PythonBinding(value: PythonValue(.string(name)), location: at, history: [])
    module.namespace["__package__"] = PythonBinding(value: PythonValue(.string("")), location: at, history: [])
    registerModule(module)
    _ = try run(statements, Frame(module: module, scope: nil, file: file))
    module.finished = true
    return module
  }

  /// A function a source model defines, for a library attribute the model stands for
  /// (`os.scandir`); unknown when the model cannot be run.
  func sourceModelFunction(_ module: String, _ name: String, at location: SourceLocation) -> PythonValue {
    do throws(PythonException) {
      let model: PythonModule?
      if let loaded = modules[module] { model = loaded } else { model = try importSourceModel(module, at: location) }
      if let binding = model?.namespace[name] { return binding.value }
    } catch {}
    return .unknown("\(name) of Parapet's model \(module), which did not run", at: location)
  }
}
