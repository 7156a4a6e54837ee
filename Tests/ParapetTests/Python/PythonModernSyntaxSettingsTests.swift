import Testing

@testable import ParapetEvidence
@testable import ParapetPython

/// Issue #12: one module with 3.10+ syntax must not turn the whole settings import into a
/// syntax error; what Parapet does not run becomes unknown (a match statement on a known subject
/// with decidable patterns is run: PythonMatchStatementTests).
@Suite("Settings that import modules with modern Python syntax")
struct PythonModernSyntaxSettingsTests {
  @Test func matchTypeAndAsyncInAnImportedModuleKeepTheSettingsKnown() {
    let helpers = """
      type Hosts = list[str]

      def mode_for(value: str) -> str:
          match value.split(":"):
              case ["prod", *_]:
                  return "prod"
              case _:
                  return "dev"

      match "prod":
          case "prod" as chosen:
              MODE = chosen
          case _:
              MODE = "dev"

      async def ping[T](target: T) -> T:
          return await target

      GREETING = f"{"mode"}: {MODE!r:>{10}}"
      TEMPLATE = t"{MODE}"
      """
    let settings = """
      from .helpers import *
      DEBUG = False
      SECRET_KEY = "x" * 60
      ALLOWED_HOSTS = ["example.com"]
      """
    let (facts, errors) = DjangoFixture.read([
      "mysite/settings.py": settings, "mysite/helpers.py": helpers, "mysite/__init__.py": "",
    ])
    #expect(errors.isEmpty, "\(errors)")
    #expect(facts.value("django.loaded") == .bool(true))
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
    // A match on a known subject with a literal pattern runs as Python runs it.
    #expect(facts.value("django.settings.MODE") == .string("prod"))
    #expect(facts.lookup("django.settings.TEMPLATE")?.isKnown == false)
  }
}
