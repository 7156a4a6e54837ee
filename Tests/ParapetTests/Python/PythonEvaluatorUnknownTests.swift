import Testing

@testable import ParapetPython

/// Operations on values Parapet does not know give unknown values that keep their reason;
/// only what Python itself certainly raises is a load error.
@Suite("Python evaluator: unknown values never become errors")
struct PythonEvaluatorUnknownTests {
  @Test func versionInfoWithoutEvidenceIsUnknownNotATypeError() {
    let result = PythonEvaluation.settings("""
      import sys
      NEW = sys.version_info >= (3, 8)
      MAJOR = sys.version_info.major
      PAIR = sys.version_info[:2]
      DEBUG = False
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("NEW")?.unknownReason?.contains("Python version") == true)
    #expect(result.value("MAJOR")?.isUnknown == true)
    #expect(result.value("PAIR")?.isUnknown == true)
    #expect(result.value("DEBUG")?.boolValue == false)
  }

  /// A function that returns from inside a loop over items Parapet cannot list (a class with a
  /// library base) must not fall through to the `raise` after the loop as if certain; the
  /// `raise` stays possible (a doubt on the load, not an error).
  @Test func aReturnInsideAnUnknownLoopMakesTheCallUnknownNotARaise() {
    let result = PythonEvaluation.settings("""
      from thirdparty import Choices
      class Storage(Choices):
          LOCAL = "local"
          S3 = "s3"
      def to_enum(cls, value):
          for item in cls:
              if item.value == value:
                  return item
          raise ValueError("no such value")
      STORAGE = to_enum(Storage, "local")
      DEBUG = False
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("STORAGE")?.unknownReason?.contains("loop over cls") == true)
    #expect(result.evaluator.possibleLoadErrors.map(\.type) == ["ValueError"])
    #expect(result.value("DEBUG")?.boolValue == false)
  }

  /// A ConfigParser changed by a method Parapet does not model (`read_dict`) answers unknown
  /// afterwards, never NoOptionError from its state before the call.
  /// A helper that returns in only some branches of an undecided `if` gives an unknown whose
  /// reason still names the condition and whose value still depends on the variables it read
  /// (the user can set them).
  @Test func aReturnUnderAnUndecidedConditionKeepsTheConditionsReasonAndVariables() {
    let result = PythonEvaluation.settings("""
      import os, socket
      def flag(name, default):
          value = os.environ.get(name)
          if value is not None and socket.gethostname().startswith("prod"):
              return value == "1"
          return default
      SECURE = flag("APP_SECURE", False)
      DEBUG = False
      """, environment: ["APP_SECURE": "1"])
    #expect(result.loadErrors.isEmpty)
    let secure = result.value("SECURE")
    #expect(secure?.unknownReason?.contains("depends on") == true)
    #expect(secure?.unknownReason?.contains("gethostname") == true)
    #expect(secure?.uses.map(\.variable).contains("APP_SECURE") == true)
    #expect(result.value("DEBUG")?.boolValue == false)
  }

  @Test func anUnmodelledConfigParserMethodTaintsTheParser() {
    let result = PythonEvaluation.settings("""
      import configparser
      config = configparser.RawConfigParser()
      config.read_dict({"site": {"limit": "50"}})
      config.update({"site": {"limit": "60"}})
      LIMIT = config.get("site", "limit")
      DEBUG = False
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("LIMIT")?.unknownReason?.contains("update") == true)
  }

  /// `with contextlib.suppress(ImportError):` goes on after an import that fails, as Python does.
  @Test func contextlibSuppressSwallowsTheNamedExceptions() {
    let result = PythonEvaluation.settings("""
      from contextlib import suppress
      with suppress(ImportError):
          from .missing_overrides import *
          DEBUG = True
      DEBUG = False
      with suppress(KeyError):
          import os
          X = os.environ["SURELY_UNSET_VARIABLE"]
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("DEBUG")?.boolValue == false)
    #expect(result.value("X") == nil)
  }

  /// django-split-settings: a dotted import of a package outside the bundle is a library's, and
  /// `include()` runs the files into the caller's namespace (optional ones may be missing).
  @Test func splitSettingsIncludeRunsTheFilesInOrder() {
    let result = PythonEvaluation.run([
      "mysite/settings.py": """
        from split_settings.tools import include, optional
        include("components/base.py", optional("local_*.py"), "components/prod.py")
        """,
      "mysite/components/base.py": "DEBUG = True\nALLOWED_HOSTS = []\n",
      "mysite/components/prod.py": "DEBUG = False\nALLOWED_HOSTS.append('example.com')\n",
    ])
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("DEBUG")?.boolValue == false)
    #expect(result.value("ALLOWED_HOSTS")?.elements?.count == 1)
    let missing = PythonEvaluation.settings("""
      from split_settings.tools import include
      include("components/missing.py")
      """)
    #expect(missing.loadErrors.first?.type == "OSError")
  }

  /// dynaconf's DjangoDynaconf() rewrites the module whatever its arguments: even with
  /// arguments Parapet does not know (validators it cannot see) the call is not skipped, and what
  /// it may set becomes unknown instead of the values before the call.
  @Test func djangoDynaconfIsNeverSkippedForUnknownArguments() {
    let result = PythonEvaluation.settings("""
      from dynaconf import DjangoDynaconf
      from somewhere import validator
      DEBUG = False
      settings = DjangoDynaconf(__name__, validators=[validator])
      """)
    #expect(result.value("DEBUG")?.isUnknown == true)
    #expect(result.module?.degraded == true)
  }

  /// A raise under a condition Parapet cannot decide is kept as a possible load error: the
  /// settings may not load, which is never reported as a certain success.
  @Test func aRaiseUnderAnUndecidableConditionIsAPossibleLoadError() {
    let result = PythonEvaluation.settings("""
      from thirdparty import SETTING
      from django.core.exceptions import ImproperlyConfigured
      if SETTING:
          raise ImproperlyConfigured("SETTING must be off")
      DEBUG = False
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.evaluator.possibleLoadErrors.first?.type == "ImproperlyConfigured")
    #expect(result.value("DEBUG")?.boolValue == false)
  }

  /// Opening a file that is not in the scanned evidence raises FileNotFoundError on a server
  /// where it is missing (pretalx with `PRETALX_CONFIG_FILE=/etc/pretalx/missing.cfg`): whether
  /// the settings load is then not known. Under a handler that catches it, the load is not in
  /// doubt and the handler's values are merged in.
  @Test func anUnseenFileReadMakesTheLoadUncertainUnlessAHandlerCatchesIt() {
    let unguarded = PythonEvaluation.settings("""
      from pathlib import Path
      with open("/etc/app/config.json") as f:
          CONFIG = f.read()
      KEY = Path("/run/secrets/key").read_text()
      DEBUG = False
      """)
    #expect(unguarded.loadErrors.isEmpty)
    let possible = unguarded.evaluator.possibleLoadErrors
    #expect(possible.map(\.type) == ["FileNotFoundError", "FileNotFoundError"])
    #expect(possible.first?.message.contains("/etc/app/config.json") == true)
    #expect(possible.first?.location?.line == 2)
    #expect(unguarded.value("CONFIG")?.isUnknown == true)
    #expect(unguarded.value("DEBUG")?.boolValue == false)

    let guarded = PythonEvaluation.settings("""
      try:
          with open("/etc/app/config.json") as f:
              CONFIG = f.read()
      except OSError:
          CONFIG = ""
      DEBUG = False
      """)
    #expect(guarded.evaluator.possibleLoadErrors.isEmpty)
    #expect(guarded.value("CONFIG")?.isUnknown == true)

    let otherHandler = PythonEvaluation.settings("""
      try:
          CONFIG = open("/etc/app/config.json").read()
      except KeyError:
          CONFIG = ""
      """)
    #expect(otherHandler.evaluator.possibleLoadErrors.first?.type == "FileNotFoundError")
  }

  /// `json.loads` reads JSON literals only outside strings: text such as "nullable" stays text.
  @Test func jsonLoadsKeepsWordsInsideStrings() {
    let result = PythonEvaluation.settings(#"""
      import json
      CONFIG = json.loads(' {"a": "nullable true", "b": null, "c": "x\/y", "d": [false, 1.5]} ')
      A = CONFIG["a"]
      B = CONFIG["b"]
      C = CONFIG["c"]
      D = CONFIG["d"][0]
      """#)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("A")?.stringValue == "nullable true")
    #expect(result.value("B").map { if case .none = $0.kind { true } else { false } } == true)
    #expect(result.value("C")?.stringValue == "x/y")
    #expect(result.value("D")?.boolValue == false)
  }

  /// `nonlocal` writes the enclosing function's variable, never the module's name.
  @Test func nonlocalAssignsTheEnclosingFunctionsVariable() {
    let result = PythonEvaluation.settings("""
      DEBUG = False
      def build():
          DEBUG = "inner-default"
          def flip():
              nonlocal DEBUG
              DEBUG = "flipped"
          flip()
          return DEBUG
      RESULT = build()
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("RESULT")?.stringValue == "flipped")
    #expect(result.value("DEBUG")?.boolValue == false)
  }

  /// `dict.fromkeys` keeps the first of each key in order (netbox de-duplicates INSTALLED_APPS
  /// with it).
  @Test func dictFromkeysKeepsFirstOccurrences() {
    let result = PythonEvaluation.settings("""
      APPS = ["a", "b", "a", "c"]
      UNIQUE = list(dict.fromkeys(APPS))
      LAST = list(reversed(list(dict.fromkeys(reversed(APPS)))))
      FLAGS = dict.fromkeys(["x", "y"], True)
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("UNIQUE")?.elements?.compactMap(\.stringValue) == ["a", "b", "c"])
    #expect(result.value("LAST")?.elements?.compactMap(\.stringValue) == ["b", "a", "c"])
    #expect(result.value("FLAGS")?.isUnknown == false)
  }

  /// A loop whose body cannot leave the function still runs the code after it.
  @Test func aLoopThatCannotReturnDoesNotHideTheRaiseAfterIt() {
    let result = PythonEvaluation.settings("""
      from thirdparty import things
      def check():
          for item in things:
              pass
          raise ValueError("always")
      check()
      """)
    #expect(result.loadErrors.first?.type == "ValueError")
  }

  @Test func everyOperationOnAnOpaqueObjectIsUnknown() {
    let result = PythonEvaluation.settings("""
      from thirdparty import Thing
      T = Thing()
      LESS = T < 3
      PLUS = T + 1
      NEG = -T
      IN = "a" in T
      ITEM = T[0]
      INT = int(T)
      FLOAT = float(T)
      TEXT = f"x{T}"
      PERCENT = "%s" % T
      JOINED = ",".join([T])
      EQUAL = T == None
      TRUTH = "yes" if T else "no"
      for item in T:
          LOOPED = item
      A, B = T
      C = 1
      C += T
      """)
    #expect(result.loadErrors.isEmpty)
    for name in ["LESS", "PLUS", "NEG", "IN", "ITEM", "INT", "FLOAT", "TEXT", "PERCENT", "JOINED", "EQUAL", "TRUTH", "LOOPED", "A", "B", "C"] {
      #expect(result.value(name)?.isUnknown == true, "\(name) should be unknown")
    }
  }

  @Test func unknownReasonsChainThroughOperations() {
    let result = PythonEvaluation.settings("""
      import socket
      HOST = socket.gethostname()
      URL = "https://" + HOST + "/x"
      HOSTS = [HOST.lower()]
      """)
    #expect(result.value("URL")?.unknownReason?.contains("gethostname") == true)
    #expect(result.value("HOSTS")?.isUnknown == false)
  }

  @Test func ifOnAnUnknownConditionMergesBranches() {
    let result = PythonEvaluation.settings("""
      import socket
      if socket.gethostname() == "prod":
          DEBUG = False
          SAME = 1
      else:
          DEBUG = True
          SAME = 1
      """)
    let debug = result.value("DEBUG")
    #expect(debug?.isUnknown == true)
    #expect(debug?.unknownReason?.contains("socket.gethostname") == true)
    #expect(result.value("SAME")?.integerValue == 1)
  }

  @Test func loopWithUndecidableBreakMakesItsNamesUnknown() {
    let result = PythonEvaluation.settings("""
      import socket
      FOUND = None
      for name in ["a", "b"]:
          FOUND = name
          if socket.gethostname() == name:
              break
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("FOUND")?.isUnknown == true)
    #expect(result.errors.isEmpty)
  }

  @Test func pythonErrorsOnKnownValuesStillRaise() {
    let result = PythonEvaluation.settings("""
      DEBUG = False
      BAD = "a" + 1
      """)
    #expect(result.loadErrors.map(\.type) == ["TypeError"])
    #expect(result.loadErrors.first?.location?.line == 2)
  }

  @Test func orderingOfIncomparableKnownValuesRaises() {
    let result = PythonEvaluation.settings("X = 'a' < 1\n")
    #expect(result.loadErrors.map(\.type) == ["TypeError"])
  }

  @Test func errorInAHelperIsReportedAtTheCallSiteWithTheHelperLineAsContext() {
    let result = PythonEvaluation.settings("""
      import os

      def required(name):
          return os.environ[name]

      DEBUG = False
      SECRET_KEY = required("DJANGO_SECRET_KEY")
      """)
    let error = result.loadErrors.first
    #expect(error?.type == "KeyError")
    #expect(error?.location?.line == 7)
    #expect(error?.origin?.line == 4)
    #expect(error?.message.contains("required()") == true)
  }

  @Test func errorInAModuleOutsideTheSettingsPackageIsReportedAtTheImport() {
    let result = PythonEvaluation.run([
      "mysite/settings.py": "DEBUG = False\nfrom helpers.env import VALUE\n",
      "helpers/__init__.py": "",
      "helpers/env.py": "import os\nVALUE = os.environ['MISSING']\n",
    ])
    let error = result.loadErrors.first
    #expect(error?.type == "KeyError")
    #expect(error?.location?.file == "mysite/settings.py")
    #expect(error?.location?.line == 2)
    #expect(error?.origin?.file == "helpers/env.py")
  }

  @Test func identityOfUnmodelledObjectsIsUnknown() {
    let result = PythonEvaluation.settings("""
      from thirdparty import make
      A = make() is make()
      B = None is None
      """)
    #expect(result.value("A")?.isUnknown == true)
    #expect(result.value("B")?.boolValue == true)
  }

  @Test func urlParsingForAllowedHosts() {
    let result = PythonEvaluation.settings("""
      from urllib.parse import urlparse
      from django.http.request import split_domain_port
      parts = urlparse("https://User:pw@Example.COM:8443/app;p?q=1#top")
      HOST = parts.hostname
      PORT = parts.port
      NETLOC = parts.netloc
      PATH = parts.path
      DOMAIN, _ = split_domain_port(urlparse("http://localhost:8000").netloc)
      BAD, _ = split_domain_port("bad host")
      GETURL = parts.geturl()
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("HOST")?.stringValue == "example.com")
    #expect(result.value("PORT")?.integerValue == 8443)
    #expect(result.value("NETLOC")?.stringValue == "User:pw@Example.COM:8443")
    #expect(result.value("PATH")?.stringValue == "/app")
    #expect(result.value("DOMAIN")?.stringValue == "localhost")
    #expect(result.value("BAD")?.stringValue == "")
    #expect(result.value("GETURL")?.isUnknown == true)
  }

  @Test func namesInGlobals() {
    let result = PythonEvaluation.settings("""
      DEBUG = False
      HAS = "DEBUG" in globals()
      MISSING = "NOPE" in globals()
      globals()["EXTRA"] = 1
      """)
    #expect(result.value("HAS")?.boolValue == true)
    #expect(result.value("MISSING")?.boolValue == false)
    #expect(result.value("EXTRA")?.integerValue == 1)
  }

  @Test func tryAroundAnUnmodelledCallMergesTheHandler() {
    let result = PythonEvaluation.run([
      "mysite/settings.py": """
        import thirdparty
        try:
            thirdparty.configure()
            DEBUG = False
            SAME = 1
        except Exception:
            DEBUG = True
            SAME = 1
        try:
            from mysite.local import *
        except ImportError:
            pass
        """,
      "mysite/local.py": "import socket\nHOST = socket.gethostname()\nLOCAL = True\n",
    ])
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("DEBUG")?.unknownReason?.contains("try block") == true)
    #expect(result.value("SAME")?.integerValue == 1)
    #expect(result.value("LOCAL")?.boolValue == true)
  }

  /// Plugin discovery adds apps Parapet cannot see: INSTALLED_APPS keeps its known app and
  /// holds an unknown part whose reason says why (the installed packages), not only that a
  /// call is not modelled (PartialListTests has the rest of lists with an unknown part).
  @Test func entryPointDiscoveryNamesTheInstalledPackages() {
    let result = PythonEvaluation.settings("""
      import importlib.metadata
      INSTALLED_APPS = ["django.contrib.contenttypes"]
      for entry_point in importlib.metadata.entry_points(group="shop.plugins"):
          INSTALLED_APPS.append(entry_point.name)
      DEBUG = False
      """)
    #expect(result.loadErrors.isEmpty)
    guard case .list(let apps)? = result.value("INSTALLED_APPS")?.kind else {
      Issue.record("INSTALLED_APPS is not a list")
      return
    }
    #expect(apps.items.count == 2)
    #expect(apps.items.first?.stringValue == "django.contrib.contenttypes")
    #expect(apps.items.last?.manyItems == true)
    #expect(apps.items.last?.unknownReason?.contains("packages installed where Django runs") == true)
    #expect(result.value("DEBUG")?.boolValue == false)
  }

  /// min/max/sum of one iterable Parapet cannot list (a list grown in a loop over unknown
  /// items) are unknown: the argument itself is not the answer (pretalx's banner width was
  /// `max(...) + 4` of a list, a TypeError Python never raises).
  @Test func reductionsOfAnIterableThatIsNotKnownAreUnknown() {
    let result = PythonEvaluation.settings("""
      import importlib.metadata
      NAMES = ["a"]
      for entry_point in importlib.metadata.entry_points(group="x"):
          NAMES.append(entry_point.name)
      WIDTH = max(len(name) for name in NAMES) + 4
      TOTAL = sum([1, 2], 10)
      LOW = min([], default=7)
      KEYED = max(["a", "bb"], key=len)
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("WIDTH")?.isUnknown == true)
    #expect(result.value("TOTAL")?.integerValue == 13)
    #expect(result.value("LOW")?.integerValue == 7)
    #expect(result.value("KEYED")?.isUnknown == true)
    let scalar = PythonEvaluation.settings("X = max(3)\n")
    #expect(scalar.loadErrors.map(\.type) == ["TypeError"])
  }
}
