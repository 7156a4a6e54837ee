import Foundation
import ParapetFacts
import Testing

@testable import ParapetPython

/// django-split-settings' `include()` as split_settings/tools.py (1.3.2) runs it: the files are
/// exec'd into `scope` when it is given and truthy, else into the caller's globals; absolute
/// patterns name files of the server (AWX's `/etc/tower/settings.py`).
@Suite("django-split-settings include()")
struct SplitSettingsIncludeTests {
  static let extra = "ALLOWED_HOSTS = ['awx.example.com']\nSECRET_KEY = 'from-the-included-file'\n"

  /// At module level `locals()` is the module's globals, and `globals()` is anywhere: the files
  /// write the settings module's names exactly as without `scope` (AWX production.py:73).
  @Test(arguments: ["scope=locals()", "scope=globals()", "scope=None", "scope={}"])
  func aScopeThatIsTheModuleRunsTheFiles(_ scope: String) {
    let result = PythonEvaluation.run([
      "mysite/settings.py": """
        from split_settings.tools import include
        ALLOWED_HOSTS = []
        include('extra.py', \(scope))
        """,
      "mysite/extra.py": Self.extra,
    ])
    #expect(result.loadErrors.isEmpty)
    #expect(result.evaluator.possibleLoadErrors.isEmpty)
    #expect(result.value("ALLOWED_HOSTS")?.elements?.first?.stringValue == "awx.example.com")
    #expect(result.value("SECRET_KEY")?.stringValue == "from-the-included-file")
  }

  /// Called in a function without `scope`, include() still runs the files into the module (the
  /// caller's `f_globals`), not into the function's locals.
  @Test func anIncludeInAFunctionWritesTheModule() {
    let result = PythonEvaluation.run([
      "mysite/settings.py": """
        from split_settings.tools import include
        ALLOWED_HOSTS = []
        def load():
            include('extra.py')
        load()
        """,
      "mysite/extra.py": Self.extra,
    ])
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("ALLOWED_HOSTS")?.elements?.first?.stringValue == "awx.example.com")
  }

  /// The library's `__included_files__`: a file included once into the namespace is skipped
  /// afterwards, also when a later glob matches it (split_settings 1.3.2 prints `True 1` here).
  @Test func aFileIsIncludedOnceIntoItsNamespace() {
    let result = PythonEvaluation.run([
      "mysite/settings.py": """
        from split_settings.tools import include
        include('comp/base.py', 'comp/*.py')
        include('comp/base.py')
        """,
      "mysite/comp/base.py": "DEBUG = False\nN = globals().get('N', 0) + 1\n",
      "mysite/comp/apps.py": "DEBUG = True\n",
    ])
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("DEBUG")?.boolValue == true)
    #expect(result.value("N")?.integerValue == 1)
  }

  /// A keyword include() does not take is a TypeError, as in Python.
  @Test func anUnknownKeywordIsATypeError() {
    let result = PythonEvaluation.run([
      "mysite/settings.py": "from split_settings.tools import include\ninclude('extra.py', context=globals())\n",
      "mysite/extra.py": Self.extra,
    ])
    #expect(result.loadErrors.first?.type == "TypeError")
  }

  static let serverSettings = """
    from split_settings.tools import include, optional
    ALLOWED_HOSTS = []
    CSRF_COOKIE_SECURE = True
    include('/etc/app/settings.py', optional('/etc/app/conf.d/*.py'))
    """

  /// `--server-dir /etc/app=srv`: the files are read from the bundle folder, conf.d's glob too.
  @Test func anAbsolutePathIsReadFromTheServerFolder() {
    let result = PythonEvaluation.run(
      [
        "mysite/settings.py": Self.serverSettings, "srv/settings.py": Self.extra,
        "srv/conf.d/cookies.py": "CSRF_COOKIE_SECURE = False\n",
      ], server: ServerFolders(mounts: [.init(server: "/etc/app", bundle: "srv")]))
    #expect(result.loadErrors.isEmpty)
    #expect(result.evaluator.possibleLoadErrors.isEmpty)
    #expect(result.value("ALLOWED_HOSTS")?.elements?.first?.stringValue == "awx.example.com")
    #expect(result.value("CSRF_COOKIE_SECURE")?.boolValue == false)
  }

  /// A server folder given without the file, or the file declared missing: certainly OSError
  /// (an optional pattern is skipped).
  @Test func anAbsolutePathTheServerLacksRaisesOSError() {
    let emptyFolder = PythonEvaluation.run(
      ["mysite/settings.py": Self.serverSettings, "srv/other.txt": ""],
      server: ServerFolders(mounts: [.init(server: "/etc/app", bundle: "srv")]))
    #expect(emptyFolder.loadErrors.first?.type == "OSError")
    let missing = PythonEvaluation.run(
      ["mysite/settings.py": Self.serverSettings], server: ServerFolders(missing: ["/etc/app"]))
    #expect(missing.loadErrors.first?.type == "OSError")
    let optionalOnly = PythonEvaluation.run(
      [
        "mysite/settings.py": """
          from split_settings.tools import include, optional
          DEBUG = False
          include(optional('/etc/app/conf.d/*.py'))
          """
      ], server: ServerFolders(missing: ["/etc/app/conf.d"]))
    #expect(optionalOnly.loadErrors.isEmpty)
    #expect(optionalOnly.value("DEBUG")?.boolValue == false)
  }

  /// Nothing said about the server: the file may exist there. The names the module has are
  /// unknown, a name it lacks may be set (unseen), and the OSError is only possible.
  @Test func anAbsolutePathNobodyDescribedIsUnknown() {
    let result = PythonEvaluation.run(["mysite/settings.py": Self.serverSettings])
    #expect(result.loadErrors.isEmpty)
    #expect(result.evaluator.possibleLoadErrors.first?.type == "OSError")
    #expect(result.value("ALLOWED_HOSTS")?.isUnknown == true)
    #expect(result.value("CSRF_COOKIE_SECURE")?.isUnknown == true)
    #expect(result.module?.hasOpaqueImports == true)
  }

  /// AWX: the include is in a `try` whose `except IOError` raises ImproperlyConfigured. With
  /// the file unseen either path may run: the load is uncertain, never a certain failure.
  @Test func anUnseenIncludeUnderATryMakesBothPathsPossible() {
    let result = PythonEvaluation.run([
      "mysite/settings.py": """
        from split_settings.tools import include, optional
        from django.core.exceptions import ImproperlyConfigured
        DEBUG = False
        try:
            include('/etc/tower/settings.py', optional('/etc/tower/conf.d/*.py'), scope=locals())
        except ImportError:
            raise
        except IOError:
            raise ImproperlyConfigured('No AWX configuration found')
        """
    ])
    #expect(result.loadErrors.isEmpty)
    #expect(!result.evaluator.possibleLoadErrors.isEmpty)
    #expect(result.value("DEBUG")?.isUnknown == true)
  }
}
