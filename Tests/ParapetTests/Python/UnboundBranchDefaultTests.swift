import Testing

@testable import ParapetPython

/// A Django setting bound in one branch of an undecidable `if` and left unbound by the other is
/// Django's default on that path: papermerge's `if config.has_mysql: SILENCED_SYSTEM_CHECKS =
/// ['mysql.E001']` is a list that may hold `mysql.E001` and nothing else (Django prints the same
/// security warnings with and without MySQL), not an unknown that hides every check.
@Suite("A setting bound in one branch only merges with Django's default")
struct UnboundBranchDefaultTests {
  static let prelude = """
    from importlib import metadata
    PLUGINS = [ep.value for ep in metadata.entry_points(group="app.plugins")]

    """

  @Test func theOtherPathHoldsDjangoDefault() {
    let result = PythonEvaluation.settings(Self.prelude + "if PLUGINS:\n    SILENCED_SYSTEM_CHECKS = ['mysql.E001']\n")
    guard case .list(let list)? = result.value("SILENCED_SYSTEM_CHECKS")?.kind else {
      Issue.record("SILENCED_SYSTEM_CHECKS is not a list")
      return
    }
    #expect(list.items.count == 1)
    #expect(list.items.first?.manyItems == true)
    #expect(list.items.first?.candidates == ["mysql.E001"])
  }

  @Test func aNameDjangoDoesNotReadStaysUnknown() {
    let result = PythonEvaluation.settings(Self.prelude + "if PLUGINS:\n    MY_CHECKS = ['mysql.E001']\n")
    #expect(result.value("MY_CHECKS")?.isUnknown == true)
  }

  @Test func aLocalNameOfAFunctionStaysUnknown() {
    let result = PythonEvaluation.settings(Self.prelude + """
      def pick():
          if PLUGINS:
              SILENCED_SYSTEM_CHECKS = ['mysql.E001']
          return SILENCED_SYSTEM_CHECKS
      X = pick()
      """)
    #expect(result.value("X")?.elements == nil)
  }
}
