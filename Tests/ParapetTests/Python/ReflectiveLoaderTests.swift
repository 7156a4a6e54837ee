import Foundation
import Testing

@testable import ParapetPython

/// Settings loaders that copy a class's attributes into the settings module by reflection
/// (Read the Docs' `Settings.load_settings(__name__)`): `inspect.getmembers` is evaluated, and
/// a reflective write in code Parapet gives up on makes the namespaces it may reach unknown,
/// never an empty module judged with Django's defaults.
@Suite("Reflective settings loaders")
struct ReflectiveLoaderTests {
  static let loader = """
    import inspect
    import sys


    class Settings:
        @classmethod
        def load_settings(cls, module_name):
            self = cls()
            module = sys.modules[module_name]
            for member, value in inspect.getmembers(self):
                if member.isupper() and not member.startswith("_"):
                    if isinstance(value, property):
                        value = value.fget(self)
                    setattr(module, member, value)
    """

  /// The strings of a list value (nil when it is not a list of strings).
  static func strings(_ value: PythonValue?) -> [String]? {
    guard case .list(let list)? = value?.kind else { return nil }
    let texts = list.items.compactMap(\.stringValue)
    return texts.count == list.items.count ? texts : nil
  }

  @Test func getmembersCopiesAttributesAndPropertiesIntoTheModule() {
    let result = PythonEvaluation.run([
      "mysite/__init__.py": "",
      "mysite/loader.py": Self.loader,
      "mysite/settings.py": """
        import os
        from .loader import Settings


        class Production(Settings):
            DEBUG = bool(os.environ.get("APP_DEBUG", False))
            ALLOWED_HOSTS = ["docs.example.com"]

            @property
            def MIDDLEWARE(self):
                return ["django.middleware.security.SecurityMiddleware"]


        Production.load_settings(__name__)
        """,
    ], environment: ["APP_DEBUG": "False"])
    #expect(result.loadErrors.isEmpty)
    // bool("False") is True, as in Python.
    #expect(result.value("DEBUG")?.boolValue == true)
    #expect(Self.strings(result.value("ALLOWED_HOSTS")) == ["docs.example.com"])
    #expect(Self.strings(result.value("MIDDLEWARE")) == ["django.middleware.security.SecurityMiddleware"])
  }

  @Test func getmembersSortsByNameAndAppliesThePredicate() {
    let result = PythonEvaluation.settings("""
      import inspect


      class Holder:
          B = 2
          A = 1
          name = "x"


      NAMES = [name for name, _ in inspect.getmembers(Holder) if name.isupper()]
      INTS = [name for name, _ in inspect.getmembers(Holder(), lambda value: isinstance(value, int))]
      """)
    #expect(Self.strings(result.value("NAMES")) == ["A", "B"])
    #expect(Self.strings(result.value("INTS")) == ["A", "B"])
  }

  /// The same loader over members Parapet cannot list: the loop is skipped, and the module it
  /// writes to through `setattr` loses its certainty, its visible names included.
  @Test func aSkippedLoopThatSetsAttributesOfTheModuleMakesItsSettingsUnknown() {
    let result = PythonEvaluation.run([
      "mysite/__init__.py": "",
      "mysite/loader.py": """
        import sys
        from somewhere_unseen import members


        def load(module_name):
            module = sys.modules[module_name]
            for member, value in members():
                setattr(module, member, value)
        """,
      "mysite/settings.py": """
        from .loader import load
        DEBUG = False
        load(__name__)
        """,
    ])
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("DEBUG")?.isUnknown == true)
    #expect(result.module?.degraded == true)
  }

  @Test func aSkippedLoopWritingGlobalsMakesTheModuleUnknown() {
    let result = PythonEvaluation.settings("""
      from somewhere_unseen import pairs
      DEBUG = False
      for key, value in pairs():
          if key.startswith("APP_"):
              globals()[key[4:]] = value
      """)
    #expect(result.value("DEBUG")?.isUnknown == true)
    #expect(result.module?.degraded == true)
  }

  /// Ghostwriter's `include_settings` runs each file of a glob with `exec(code, scope)`, the
  /// caller's globals; a module-level `from m import *` in a skipped loop may bind any name too.
  @Test func aSkippedLoopThatExecsOrStarImportsMakesTheModuleUnknown() {
    for body in [
      "    exec(open(path).read(), globals())\n",
      "    exec(\"X_FRAME_OPTIONS = 'DENY'\")\n",
      "    from somewhere_unseen.extra import *\n",
    ] {
      let result = PythonEvaluation.settings("""
        from somewhere_unseen import paths
        X_FRAME_OPTIONS = "SAMEORIGIN"
        for path in paths():

        """ + body)
      #expect(result.value("X_FRAME_OPTIONS")?.isUnknown == true, "\(body)")
    }
    let scoped = PythonEvaluation.settings("""
      import sys
      from somewhere_unseen import paths
      X_FRAME_OPTIONS = "SAMEORIGIN"
      def include(pattern):
          scope = sys._getframe(1).f_globals
          for path in paths(pattern):
              exec(open(path).read(), scope)
      include("local.d/*.py")
      """)
    #expect(scoped.value("X_FRAME_OPTIONS")?.isUnknown == true)
  }

  /// `inspect.getfile(inspect.currentframe())` is the running code's file (Arches' ROOT_DIR).
  @Test func theCurrentFrameFileIsTheModuleFile() {
    let result = PythonEvaluation.settings("""
      import inspect, os
      ROOT_DIR = os.path.dirname(os.path.abspath(inspect.getfile(inspect.currentframe())))
      SAME = inspect.getfile(inspect.currentframe()) == __file__
      """)
    #expect(result.value("SAME")?.boolValue == true)
    #expect(result.value("ROOT_DIR")?.stringValue?.hasSuffix("/mysite") == true)
  }

  /// `sys._getframe(1).f_globals` and `inspect.stack()[1][0].f_globals` are the caller's
  /// module (Ghostwriter's and Kiwi TCMS's loaders exec files into it); `exec` runs source
  /// read in binary mode too. Expectations from CPython 3.11.
  @Test func theCallersFrameGlobalsAreItsModule() {
    let result = PythonEvaluation.run([
      "mysite/loader.py": """
        import inspect, sys
        def include(code):
            scope = sys._getframe(1).f_globals
            exec(compile(code, "inline", "exec"), scope)
        def stacked():
            return inspect.stack()[1][0].f_globals["__name__"]
        def back():
            return inspect.currentframe().f_back.f_globals["__name__"]
        """,
      "mysite/settings.py": """
        from mysite.loader import include, stacked, back
        X_FRAME_OPTIONS = "SAMEORIGIN"
        include(b"X_FRAME_OPTIONS = 'DENY'")
        CALLER = stacked()
        BACK = back()
        """,
    ])
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("X_FRAME_OPTIONS")?.stringValue == "DENY")
    #expect(result.value("CALLER")?.stringValue == "mysite.settings")
    #expect(result.value("BACK")?.stringValue == "mysite.settings")
  }

  /// A raise names its known message ("Set the DJANGO_MODE environment variable"), never a
  /// secret one.
  @Test func aRaisedMessageIsKeptUnlessItMayHoldASecret() {
    let result = PythonEvaluation.settings("""
      import os
      from django.core.exceptions import ImproperlyConfigured
      def required(name):
          try:
              return os.environ[name]
          except KeyError:
              raise ImproperlyConfigured("Set the %s environment variable" % name)
      MODE = required("DJANGO_MODE")
      """)
    #expect(result.loadErrors.first?.message.hasPrefix("Set the DJANGO_MODE environment variable") == true)
    let secret = PythonEvaluation.settings("""
      import os
      SECRET_KEY = os.environ.get("SECRET_KEY", "")
      if len(SECRET_KEY) < 60:
          raise ValueError(f"weak key {SECRET_KEY}")
      """, environment: ["SECRET_KEY": "short-but-secret-value"])
    #expect(secret.loadErrors.first.map { !$0.message.contains("short-but-secret-value") } == true)
  }

  @Test func aSkippedLoopSettingAttributesOfAnInstanceChangesNoSetting() {
    let result = PythonEvaluation.settings("""
      from somewhere_unseen import pairs


      class Box:
          pass


      box = Box()
      DEBUG = False
      for key, value in pairs():
          setattr(box, key, value)
      """)
    #expect(result.value("DEBUG")?.boolValue == false)
    #expect(result.module?.degraded == false)
  }
}

/// redis-py's `Sentinel(sentinels)` unpacks each `(host, port)` at construction (recorded with
/// redis-py 5.0.4): what it refuses stops the settings from loading (Ralph builds it from a
/// helper that returns None when the variable is empty).
@Suite("redis-py Sentinel")
struct RedisSentinelTests {
  @Test(arguments: [
    ("None", "TypeError"), ("5", "TypeError"), ("[]", nil), ("[('a', 1)]", nil), ("[['a', 1]]", nil),
    ("['ab']", nil), ("['a:1']", "ValueError"), ("[('a', 1, 2)]", "ValueError"), ("'ab'", "ValueError"),
    ("('a', 1)", "ValueError"),
  ] as [(String, String?)])
  func constructionChecksEachPair(argument: String, raised: String?) {
    let result = PythonEvaluation.settings("""
      from redis.sentinel import Sentinel
      SENTINEL = Sentinel(\(argument), socket_timeout=0.2)
      """)
    #expect(result.loadErrors.first?.type == raised)
  }
}
