import Testing

@testable import ParapetPython

/// `from m import *` copies every public name `m` holds, including names bound by code Parapet
/// does not follow (`globals().update(...)` of values it cannot know, a `globals()` handed to
/// a loader). So a module that star-imports a degraded module is degraded too, through any
/// chain of star imports (`from .base import *` in a package's `__init__`, `from . import *`
/// in production.py): a setting it does not visibly assign is unknown, never Django's default
/// (Mayan EDMS's settings). CPython 3.12, with the JSON file present: both the package and
/// production.py hold DEBUG and ALLOWED_HOSTS from the file, SECRET_KEY is production.py's own.
@Suite("Star import of a degraded module")
struct StarImportOfDegradedModuleTests {
  static let base = """
    import json, os
    SECRET_KEY = "base-key"
    with open(os.path.join(os.path.dirname(__file__), "..", "..", "extra.json")) as f:
        globals().update(json.load(f))
    """

  static func files(base: String = Self.base) -> [String: String] {
    [
      "mysite/__init__.py": "",
      "mysite/settings/base.py": base,
      "mysite/settings/__init__.py": "from .base import *\n",
      "mysite/settings/production.py": "from . import *\nSECRET_KEY = \"production-key\"\n",
    ]
  }

  @Test func theBaseModuleIsDegraded() {
    let result = PythonEvaluation.run(Self.files(), module: "mysite.settings.base")
    #expect(result.module?.degraded == true)
  }

  @Test func aStarImportCarriesTheDegradation() {
    let result = PythonEvaluation.run(Self.files(), module: "mysite.settings")
    #expect(result.module?.degraded == true)
    #expect(result.value("DEBUG") == nil)
  }

  @Test func aChainOfStarImportsCarriesIt() {
    let result = PythonEvaluation.run(Self.files(), module: "mysite.settings.production")
    #expect(result.module?.degraded == true)
    // What the module assigns after the import is still known.
    #expect(result.value("SECRET_KEY")?.stringValue == "production-key")
  }

  @Test func aStarImportOfAModuleParapetFollowsStaysExact() {
    let files = Self.files(base: "SECRET_KEY = \"base-key\"\nDEBUG = False\n")
    let result = PythonEvaluation.run(files, module: "mysite.settings.production")
    #expect(result.module?.degraded == false)
    #expect(result.value("DEBUG")?.boolValue == false)
  }
}
