import Testing

@testable import ParapetPython

/// `import_string` as Django 5.2 writes it: a name the module lacks is an ImportError (Argus
/// catches only AttributeError around it), a module of the project the scan lacks is a doubt
/// (NetBox's PROXY_ROUTERS in a minimal copy), and packages have `__path__`.
@Suite("django.utils.module_loading.import_string")
struct DjangoImportStringTests {
  static let files = [
    "mysite/logs.py": "DEV = {'version': 1}\n",
  ]

  @Test func aFoundNameIsItsValue() {
    let result = PythonEvaluation.project("""
      from django.utils.module_loading import import_string
      LOGGING = import_string("mysite.logs.DEV")
      """, files: Self.files)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("LOGGING")?.isUnknown == false)
  }

  @Test func aMissingNameIsAnImportErrorAnAttributeErrorHandlerDoesNotCatch() {
    let result = PythonEvaluation.project("""
      from django.utils.module_loading import import_string
      try:
          LOGGING = import_string("mysite.logs.PROD")
      except AttributeError:
          LOGGING = None
      """, files: Self.files)
    #expect(result.loadErrors.map(\.type) == ["ImportError"])
    #expect(result.loadErrors.first?.message == "Module \"mysite.logs\" does not define a \"PROD\" attribute/class")
  }

  @Test func aPathWithoutADotIsRefused() {
    let result = PythonEvaluation.project("""
      from django.utils.module_loading import import_string
      X = import_string("nodots")
      """)
    #expect(result.loadErrors.map(\.type) == ["ImportError"])
  }

  @Test func aProjectModuleTheScanLacksIsADoubt() {
    let result = PythonEvaluation.project("""
      from django.core.exceptions import ImproperlyConfigured
      from django.utils.module_loading import import_string
      try:
          import_string("mysite.proxy.Router")
      except ImportError:
          raise ImproperlyConfigured("Invalid path")
      """, files: Self.files)
    #expect(result.loadErrors.isEmpty)
    #expect(result.evaluator.possibleLoadErrors.map(\.type) == ["ImproperlyConfigured"])
  }

  @Test func packagesHaveAPath() {
    let result = PythonEvaluation.project("""
      import mysite
      import mysite.logs
      HOME = mysite.__path__[0]
      HAS_PATH = hasattr(mysite.logs, "__path__")
      """, files: Self.files)
    #expect(result.value("HOME")?.stringValue == "/project/mysite")
    #expect(result.value("HAS_PATH")?.boolValue == false)
  }
}
