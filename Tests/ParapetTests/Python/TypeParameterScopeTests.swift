import Foundation
import ParapetFacts
import Testing

@testable import ParapetPython

/// PEP 695: a generic class's type parameters are names its bases and body see, and nothing
/// outside it. CourtListener's `class AttributeMerger[ScrapeType, …](MergerSpecification[ScrapeType, …])`
/// and Open Forms' `class OIDCAuthentication[T, OptionsT: BaseOptions](BasePlugin[OptionsT])`,
/// modules Django imports while it starts, had raised NameError in Parapet: a certain load
/// failure Django never had.
@Suite("Python evaluation: PEP 695 type parameters of classes")
struct TypeParameterScopeTests {
  private static func run(_ source: String) throws -> PythonModule {
    let evidence = PythonEvaluation.files(["mysite/settings.py": source])
    let evaluator = PythonEvaluator(resolver: PythonModuleResolver(files: evidence, preferredRoot: nil), environment: [:])
    return try evaluator.importModule("mysite.settings", at: SourceLocation(file: "manage.py", line: 1))
  }

  @Test func basesAndBodySeeTheTypeParametersAndNothingElseDoes() throws {
    let module = try Self.run("""
      class Spec[ScrapeType, ParamType]:
          def __init__(self, name: str) -> None:
              self.name = name

      def identity(cls):
          return cls

      @identity
      class Merger[ScrapeType, ParamType, *Rest, **Params](Spec[ScrapeType, ParamType | None]):
          kind = "merger"

          def apply(self, scrape: ScrapeType) -> ScrapeType:
              return scrape

      DEBUG = Merger.kind == "merger"
      """)
    guard case .object(.classObject(let merger))? = module.namespace["Merger"]?.value.kind else {
      Issue.record("Merger is not a class")
      return
    }
    #expect(merger.name == "Merger")
    #expect(module.namespace["DEBUG"]?.value.boolValue == true)
    // The parameters do not leak into the module.
    for name in ["ScrapeType", "ParamType", "Rest", "Params"] { #expect(module.namespace[name] == nil, "\(name)") }
  }

  @Test func aNameNoScopeBindsStillRaises() {
    let result = PythonEvaluation.settings("class Merger[T](Spec[T]):\n    pass\n")
    #expect(result.loadErrors.map(\.type) == ["NameError"])
    #expect(result.loadErrors.first?.message == "name 'Spec' is not defined")
    #expect(PythonEvaluation.settings("class Spec[T]:\n    pass\nclass Merger[T](Spec[T]):\n    pass\n").loadErrors.isEmpty)
  }
}
