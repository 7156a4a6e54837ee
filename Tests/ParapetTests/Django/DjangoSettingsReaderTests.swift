import ParapetFacts
import Testing

@testable import ParapetEvidence
@testable import ParapetPython

@Suite("Django settings evaluation")
struct DjangoSettingsReaderTests {
  @Test func literalsAndArithmetic() {
    let facts = DjangoFixture.settings(
      """
      A = 60 * 60 * 24 * 365
      B = "0123" * 13
      C = 0o777
      D = ("a" "b") + "c"
      E = f"https://{D}/x"
      F = [1, 2] + [3]
      G = {"k": (1, 2), "s": {3}}
      H = None
      I = 7 // 2, 7 % 3, -7 // 2, 2 ** 10
      J = "%s-%d" % ("x", 5)
      K = "{}:{port}".format("h", port=80)
      """)
    #expect(facts.value("django.settings.A") == .integer(31_536_000))
    #expect(facts.value("django.settings.B")?.stringValue?.count == 52)
    #expect(facts.value("django.settings.C") == .integer(511))
    #expect(facts.value("django.settings.D") == .string("abc"))
    #expect(facts.value("django.settings.E") == .string("https://abc/x"))
    #expect(facts.lookup("django.settings.F.3")?.value == .integer(3))
    #expect(facts.lookup("django.settings.G.k.2")?.value == .integer(2))
    #expect(facts.value("django.settings.H") == .null)
    #expect(facts.lookup("django.settings.I.3")?.value == .integer(-4))
    #expect(facts.value("django.settings.J") == .string("x-5"))
    #expect(facts.value("django.settings.K") == .string("h:80"))
  }

  @Test func pathsAndOSPath() {
    let facts = DjangoFixture.settings(
      """
      import os
      from pathlib import Path
      BASE_DIR = Path(__file__).resolve(strict=True).parent.parent
      STATIC_ROOT = BASE_DIR / "static" / "root"
      MEDIA_ROOT = str(BASE_DIR / "media")
      OLD = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
      JOINED = os.path.join(OLD, "templates")
      PLUS = OLD + "/media/"
      """)
    #expect(facts.value("django.settings.BASE_DIR") == .string("/project"))
    #expect(facts.value("django.settings.STATIC_ROOT") == .string("/project/static/root"))
    #expect(facts.value("django.settings.MEDIA_ROOT") == .string("/project/media"))
    #expect(facts.value("django.settings.OLD") == .string("/project"))
    #expect(facts.value("django.settings.JOINED") == .string("/project/templates"))
    #expect(facts.value("django.settings.PLUS") == .string("/project/media/"))
  }

  @Test func environmentReadsRecordProvenance() {
    let source = """
      import os
      DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
      HOSTS = os.getenv("HOSTS", "").split(",")
      LEVEL = os.environ.get("LEVEL") or "info"
      SSL = os.environ.get("SSL", str(not DEBUG)) == "True"
      FLAG = os.getenv("FLAG", "no").lower() in ("1", "true", "yes")
      PORT = int(os.environ.get("PORT", "5432"))
      HEROKU = "DYNO" in os.environ
      """
    let unset = DjangoFixture.settings(source)
    #expect(unset.value("django.settings.DEBUG") == .bool(true))
    #expect(unset.lookup("django.settings.HOSTS.1")?.value == .string(""))
    #expect(unset.value("django.settings.LEVEL") == .string("info"))
    #expect(unset.value("django.settings.SSL") == .bool(false))
    #expect(unset.value("django.settings.FLAG") == .bool(false))
    #expect(unset.value("django.settings.PORT") == .integer(5432))
    #expect(unset.value("django.settings.HEROKU") == .bool(false))
    #expect(unset.value("django.provenance.DEBUG.source") == .string("default"))
    #expect(unset.value("django.provenance.DEBUG.environment.DJANGO_DEBUG.set") == .bool(false))
    #expect(unset.value("django.provenance.DEBUG.environment.DJANGO_DEBUG.default") == .string("1"))
    let set = DjangoFixture.settings(source, environment: ["DJANGO_DEBUG": "0", "FLAG": "Yes", "DYNO": "web.1", "HOSTS": "a,b"])
    #expect(set.value("django.settings.DEBUG") == .bool(false))
    #expect(set.value("django.settings.SSL") == .bool(true))
    #expect(set.value("django.settings.FLAG") == .bool(true))
    #expect(set.value("django.settings.HEROKU") == .bool(true))
    #expect(set.lookup("django.settings.HOSTS.2")?.value == .string("b"))
    #expect(set.value("django.provenance.DEBUG.source") == .string("environment"))
  }

  @Test func pythonTypesKeepWhatTheFactsMerge() {
    // A tuple and a set are both lists among the facts; Django refuses a set (and a string
    // from a one-element "tuple" without its comma) for INSTALLED_APPS while it loads.
    let facts = DjangoFixture.settings("""
      import os
      from pathlib import Path
      INSTALLED_APPS = ("django.contrib.sessions")
      LOCALE_PATHS = {"/srv/locale"}
      ALLOWED_HOSTS = ("example.com",)
      TEMPLATE_DIRS = [Path("/srv")]
      SECRET_KEY_FALLBACKS = ["old-key"]
      STATIC_ROOT = Path("/srv/static")
      APPS = os.environ.get("APPS_FROM_THE_ENVIRONMENT", "").split(",")
      """)
    var types: [String: String] = [:]
    var index = 1
    while case .string(let setting)? = facts.value("django.python_types.\(index).name") {
      if case .string(let type)? = facts.value("django.python_types.\(index).type") { types[setting] = type }
      index += 1
    }
    #expect(types["INSTALLED_APPS"] == "str")
    #expect(types["LOCALE_PATHS"] == "set")
    #expect(types["ALLOWED_HOSTS"] == "tuple")
    #expect(types["TEMPLATE_DIRS"] == "list")
    #expect(types["SECRET_KEY_FALLBACKS"] == "list")  // a secret name, still a plain type string
    #expect(types["STATIC_ROOT"] == "PosixPath")
    #expect(types["APPS"] == "list")
    #expect(facts.lookup("django.settings.LOCALE_PATHS")?.value.kindName == "list")
  }

  @Test func requiredVariableMissingIsALoadError() {
    let facts = DjangoFixture.settings("import os\nDEBUG = False\nSECRET_KEY = os.environ['KEY']\nAFTER = 1\n")
    #expect(facts.value("django.loaded") == .bool(false))
    #expect(facts.lookup("django.load_errors.1.type")?.value == .string("KeyError"))
    #expect(facts.lookup("django.load_errors.1")?.location?.line == 3)
    #expect(facts.lookup("django.settings.SECRET_KEY")?.isKnown == false)
    #expect(facts.value("django.settings.AFTER") == .integer(1))
  }

  @Test func conditionalsBranchesAndMutation() {
    let facts = DjangoFixture.settings(
      """
      import os
      ENV = os.environ.get("ENV", "dev")
      DEBUG = SSL = ENV != "production"
      APPS = ["a", "b"]
      if DEBUG:
          APPS += ["debug_toolbar"]
          APPS.append("x")
      elif ENV == "staging":
          APPS.insert(0, "s")
      else:
          APPS.remove("a")
      DB = {"default": {"NAME": "n"}}
      DB["default"]["CONN_MAX_AGE"] = 60
      DB["default"].update({"HOST": "h"})
      MODE = "debug" if DEBUG else "prod"
      try:
          from .local_settings import *
      except ImportError:
          LOCAL = False
      def env_bool(name, default=False):
          value = os.environ.get(name)
          if value is None:
              return default
          return value.lower() in ("1", "true")
      FEATURE = env_bool("FEATURE", True)
      ITEMS = [item.strip() for item in " a , b ,".split(",") if item.strip()]
      """, environment: ["ENV": "production"])
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
    #expect(facts.value("django.settings.SSL") == .bool(false))
    #expect(facts.lookup("django.settings.APPS")?.value == .list([.string("b")]).withLocations(of: facts.lookup("django.settings.APPS")))
    #expect(facts.value("django.settings.DB.default.CONN_MAX_AGE") == .integer(60))
    #expect(facts.value("django.settings.DB.default.HOST") == .string("h"))
    #expect(facts.value("django.settings.MODE") == .string("prod"))
    #expect(facts.value("django.settings.LOCAL") == .bool(false))
    #expect(facts.value("django.settings.FEATURE") == .bool(true))
    #expect(facts.lookup("django.settings.ITEMS.2")?.value == .string("b"))
    #expect(facts.value("django.provenance.DEBUG.environment.ENV.set") == .bool(true))
  }

  @Test func starImportsAndPackages() {
    let result = DjangoFixture.read(
      [
        "manage.py": "import os\ndef main():\n    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.production')\n",
        "config/__init__.py": "",
        "config/settings/__init__.py": "",
        "config/settings/base.py": "import os\nDEBUG = True\nMIDDLEWARE = ['a']\n_PRIVATE = 1\n",
        "config/settings/production.py": "from .base import *\nfrom .base import MIDDLEWARE\nDEBUG = os.environ.get('D', '') == '1'\nMIDDLEWARE.insert(0, 'sec')\n",
      ])
    let facts = result.facts
    #expect(result.errors.isEmpty)
    #expect(facts.value("django.settings_module") == .string("config.settings.production"))
    #expect(facts.value("django.settings_module_source") == .string("manage.py"))
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
    #expect(facts.lookup("django.settings.MIDDLEWARE.1")?.value == .string("sec"))
    #expect(facts.lookup("django.settings._PRIVATE") == nil)
    #expect(facts.lookup("django.settings.MIDDLEWARE")?.location?.file == "config/settings/base.py")
  }

  @Test func djangoEnvironDecoupleAndDatabaseURLs() {
    let environ = DjangoFixture.read(
      [
        "mysite/settings.py": """
          import environ
          env = environ.Env(DEBUG=(bool, False))
          environ.Env.read_env()
          DEBUG = env("DEBUG")
          HOSTS = env.list("HOSTS", default=["x"])
          DATABASES = {"default": env.db("DATABASE_URL", default="sqlite:///db.sqlite3")}
          CACHES = {"default": env.cache("CACHE_URL", default="filecache:///var/tmp/c")}
          SECRET_KEY = env("SECRET_KEY")
          """,
        "mysite/.env": "DEBUG=on\nSECRET_KEY=from-dotenv\nDATABASE_URL=postgres://u:p%40ss@db:5433/app\n",
      ], environment: ["HOSTS": "a.com,b.com"])
    let facts = environ.facts
    #expect(facts.value("django.settings.DEBUG") == .bool(true))
    #expect(facts.lookup("django.settings.HOSTS.2")?.value == .string("b.com"))
    #expect(facts.value("django.settings.DATABASES.default.ENGINE") == .string("django.db.backends.postgresql"))
    #expect(facts.value("django.settings.DATABASES.default.PORT") == .integer(5433))
    if case .secret(let password)? = facts.value("django.settings.DATABASES.default.PASSWORD") {
      #expect(password.length == 4)
    } else {
      Issue.record("the database password must be a secret")
    }
    #expect(facts.value("django.settings.CACHES.default.LOCATION") == .string("/var/tmp/c"))
    #expect(facts.lookup("django.provenance.SECRET_KEY.environment.SECRET_KEY.from")?.value == .string("mysite/.env:2"))

    let decouple = DjangoFixture.read(
      [
        "mysite/settings.py": """
          from decouple import config, Csv
          import dj_database_url
          DEBUG = config("DEBUG", default=False, cast=bool)
          HOSTS = config("HOSTS", cast=Csv())
          PORT = config("PORT", default=5432, cast=int)
          DATABASES = {"default": dj_database_url.config(default="postgres://a:b@h/d", conn_max_age=600, ssl_require=True)}
          """,
        "settings.ini": "[settings]\nDEBUG=True\nHOSTS=a.com, b.com\n",
      ])
    #expect(decouple.facts.value("django.settings.DEBUG") == .bool(true))
    #expect(decouple.facts.lookup("django.settings.HOSTS.2")?.value == .string("b.com"))
    #expect(decouple.facts.value("django.settings.PORT") == .integer(5432))
    #expect(decouple.facts.value("django.settings.DATABASES.default.OPTIONS.sslmode") == .string("require"))
    #expect(decouple.facts.value("django.settings.DATABASES.default.CONN_MAX_AGE") == .integer(600))
  }

  @Test func unknownsCarryReasonsNeverGuesses() {
    let facts = DjangoFixture.settings(
      """
      import os, secrets, socket
      from django.core.management.utils import get_random_secret_key
      SECRET_KEY = os.environ.get("KEY") or get_random_secret_key()
      HOST = socket.gethostname()
      with open("x") as f:
          TOKEN_FILE = f.read()
      if HOST == "prod":
          DEBUG = False
      else:
          DEBUG = True
      for name in unknown_thing():
          APPS = [name]
      """)
    #expect(facts.value("django.provenance.SECRET_KEY.source") == .string("generated"))
    guard case .unknown(let host)? = facts.value("django.settings.HOST") else {
      Issue.record("HOST must be unknown")
      return
    }
    #expect(host.reason.contains("gethostname"))
    #expect(facts.lookup("django.settings.DEBUG")?.isKnown == false)
    #expect(facts.value("django.provenance.DEBUG.source") == .string("conditional"))
    #expect(facts.lookup("django.settings.APPS")?.isKnown == false)
    #expect(facts.lookup("django.settings.TOKEN_FILE")?.isKnown == false)
  }

  @Test func secretsNeverAppearInFacts() {
    let secret = "Sup3rS3cret-value-that-must-not-leak"
    let facts = DjangoFixture.settings(
      """
      import os
      SECRET_KEY = "\(secret)"
      SECRET_KEY_FALLBACKS = ["\(secret)-old"]
      EMAIL_HOST_PASSWORD = os.environ.get("MAIL_PW", "\(secret)")
      DATABASES = {"default": {"PASSWORD": "\(secret)"}}
      CACHE_URL = "redis://user:\(secret)@cache:6379/0"
      API_TOKEN = os.environ["TOKEN_VALUE"]
      """, environment: ["TOKEN_VALUE": secret])
    let rendered = FactJSON.render(facts.fact).serialized()
    #expect(!rendered.contains(secret))
    #expect(rendered.contains("\"secret\": true"))
    #expect(facts.lookup("django.hardcoded_secrets")?.value != .list([]))
  }

  /// allauth's `ACCOUNT_RATE_LIMITS` holds rates under action names (`change_password`): the
  /// collection's name says what its values are, so they are not written-in credentials; a
  /// password under `DATABASES` still is.
  @Test func aCollectionOfRatesHoldsNoPasswords() {
    let facts = DjangoFixture.settings(
      """
      ACCOUNT_RATE_LIMITS = {"change_password": "5/m", "reset_password_email": "5/m"}
      DATABASES = {"default": {"PASSWORD": "hunter2-but-longer"}}
      """)
    guard case .list(let found)? = facts.lookup("django.hardcoded_secrets")?.value else {
      Issue.record("no hardcoded_secrets")
      return
    }
    #expect(found.compactMap { $0["setting"]?.value.stringValue } == ["DATABASES.default.PASSWORD"])
    #expect(SecretDetector.namesItsValues("ACCOUNT_RATE_LIMITS"))
    #expect(!SecretDetector.namesItsValues("DATABASES"))
  }

  @Test func malformedFileGivesLineAndKeepsTheScan() {
    let result = DjangoFixture.read(
      [
        "mysite/settings.py": "from .base import *\nDEBUG = False\n",
        "mysite/base.py": "A = 1\nB = (2,\nC = 3\n",
      ])
    #expect(result.errors.count == 1)
    #expect(result.errors.first?.location.file == "mysite/base.py")
    #expect(result.errors.first?.location.line == 2)
    #expect(result.facts.value("django.settings.DEBUG") == .bool(false))
    #expect(result.facts.value("django.loaded") == .bool(false))
  }

  @Test func totalOnHostileInput() {
    let sources = [
      String(repeating: "A = [", count: 3000),
      "def f():\n    return f()\nX = f()\n",
      "X = 'a' * 10**12\n",
      "X = [1] * 10**9\n",
      "while True:\n    X = 1\n",
      String(decoding: (0..<4096).map { UInt8(($0 * 31 + 7) % 256) }, as: UTF8.self),
      "for i in range(10**9):\n    X = i\n",
    ]
    for source in sources {
      _ = DjangoFixture.settings(source)
    }
  }

  @Test func diffsettingsIsReadAsRuntimeValues() {
    let result = DjangoFixture.read(
      [
        "diffsettings.txt": """
          ALLOWED_HOSTS = ['example.com']
          BASE_DIR = PosixPath('/srv/app')  ###
          DEBUG = False
          SECRET_KEY = 'runtime-secret-value-never-printed'
          ### SESSION_COOKIE_HTTPONLY = True
          X = <function f at 0x7f>
          """,
      ])
    let facts = result.facts
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
    #expect(facts.value("django.settings.BASE_DIR") == .string("/srv/app"))
    #expect(facts.value("django.settings.SESSION_COOKIE_HTTPONLY") == .bool(true))
    #expect(facts.value("django.provenance.DEBUG.source") == .string("diffsettings"))
    #expect(!FactJSON.render(facts.fact).serialized().contains("runtime-secret"))
  }

  @Test func pinnedVersion() {
    let result = DjangoFixture.read(
      ["requirements.txt": "psycopg==3.2\nDjango[argon2]==5.2.19 ; python_version >= '3.10'\n"])
    #expect(result.facts.value("django.version.version") == .string("5.2.19"))
    #expect(result.facts.value("django.version.series") == .string("5.2"))
    #expect(result.facts.lookup("django.version")?.location?.line == 2)
  }

  /// A range runs the newest series it admits, the one `pip install` takes, not its lower
  /// bound: `Django>=4.2` is the newest series, `Django<6` is 5.2.
  @Test func rangeRunsTheNewestSeriesItAdmits() {
    func series(_ specifier: String) -> String? {
      PEP440Specifier.parseSet(specifier).flatMap(DjangoReleaseSeries.installed(by:))
    }
    #expect(series(">=4.2,<4.3") == "4.2")
    #expect(series(">=4.2,<5.0") == "4.2")
    #expect(series(">=4.2") == DjangoGlobalSettings.series)
    #expect(series("") == DjangoGlobalSettings.series)
    #expect(series("<6") == "5.2")
    #expect(series("~=5.1.0") == "5.1")
    #expect(series("~=4.2") == "4.2")
    #expect(series("==4.2.*") == "4.2")
    #expect(series(">=4.2.5,<4.2.10") == "4.2")
    #expect(series(">4.2.9,<=4.2.10") == "4.2")
    #expect(series("!=6.1.*,>=6") == "6.0")
    #expect(series(">=3.0,<3.1") == "3.0")
    #expect(series("<2") == "1.11")
    #expect(series(">=99") == nil)
    #expect(DjangoReleaseSeries.all.contains("2.2") && !DjangoReleaseSeries.all.contains("2.3"))
    let result = DjangoFixture.read(["requirements.txt": "Django>=4.2,<5.0\n"])
    #expect(result.facts.value("django.version.series") == .string("4.2"))
    let python = PythonDependenciesReader.summary(of: DjangoFixture.bundle(["requirements.txt": "Django>=4.2\n"]), context: ScanContext())
    #expect(python.value("python.django.series") == .string(DjangoGlobalSettings.series))
    #expect(python.value("python.django.minimum") == .string("4.2"))
  }

  /// A package in the main dependencies and again in a dependency group is a main dependency
  /// (courtlistener's django-tailwind): the group's entry does not replace it.
  @Test func aMainDependencyRepeatedInAGroupStaysMain() {
    let python = PythonDependenciesReader.summary(
      of: DjangoFixture.bundle([
        "pyproject.toml": """
          [project]
          name = "site"
          version = "1"
          dependencies = ["django-tailwind>=3"]
          [dependency-groups]
          dev = ["django-tailwind[reload]>=3"]
          """
      ]), context: ScanContext())
    #expect(python.value("python.packages.django-tailwind.group") == nil)
    #expect(python.value("python.packages.django-tailwind.specifier") == .string(">=3"))
  }

  /// `development_only`: every declaration is a development group, or a development
  /// requirements file the project's requirements.txt does not install.
  @Test func aPackageOnlyDevelopmentFilesDeclareIsDevelopmentOnly() {
    let python = PythonDependenciesReader.summary(
      of: DjangoFixture.bundle([
        "requirements.txt": "-r requirements/base.txt\n",
        "requirements/base.txt": "Django==5.2.8\nwhitenoise==6.9.0\n",
        "requirements/dev.txt": "-r base.txt\ndjango-debug-toolbar==5.2.0\nwhitenoise==6.9.0\n",
        "pyproject.toml": "[project]\nname = \"site\"\nversion = \"1\"\n[dependency-groups]\ntest = [\"pytest-django\"]\n",
      ]), context: ScanContext())
    #expect(python.value("python.packages.django-debug-toolbar.development_only") == .bool(true))
    #expect(python.value("python.packages.pytest-django.development_only") == .bool(true))
    #expect(python.value("python.packages.whitenoise.development_only") == .bool(false))
    #expect(python.value("python.packages.django.development_only") == .bool(false))
    let reader = DjangoSettingsReader.developmentPackages(in: python)
    #expect(reader == ["django-debug-toolbar": "requirements/dev.txt", "pytest-django": "pyproject.toml"])
  }

  /// Lock files and pyproject.toml are read with the one TOML parser: the pin is the django
  /// package's `version` in a lock, or a requirement string / Poetry key in pyproject.toml.
  @Test func pinnedVersionFromTOMLFiles() {
    let lock = DjangoFixture.read(["poetry.lock": """
      [[package]]
      name = "asgiref"
      version = "3.8.1"

      [[package]]
      name = "Django"
      version = "5.1.4"
      description = 'version = "9.9" in a string is not a pin'
      """])
    #expect(lock.facts.value("django.version.version") == .string("5.1.4"))
    #expect(lock.facts.lookup("django.version")?.location?.line == 7)
    let pep621 = DjangoFixture.read(["pyproject.toml": """
      [project]
      name = "shop"
      requires-python = ">=3.12"
      dependencies = [
        "psycopg>=3.2",
        "django[argon2]~=5.2.3 ; python_version >= '3.10'",
      ]
      """])
    #expect(pep621.facts.value("django.version.series") == .string("5.2"))
    #expect(pep621.facts.lookup("django.version")?.location?.line == 6)
    let poetry = DjangoFixture.read(["pyproject.toml": """
      [tool.poetry.dependencies]
      python = "^3.11"
      Django = { version = "4.2.16", extras = ["argon2"] }
      """])
    #expect(poetry.facts.value("django.version.version") == .string("4.2.16"))
  }

  @Test func csrfFailureViewSignature() {
    func parameters(_ source: String) -> [PythonStmt.Parameter] {
      guard case .function(_, let parameters, _, _, _)? = try? PythonParser.parseModule(source).first else { return [] }
      return parameters
    }
    #expect(DjangoSettingsReader.acceptsRequestAndReason(parameters("def v(request, reason=''):\n  pass\n")))
    #expect(DjangoSettingsReader.acceptsRequestAndReason(parameters("def v(request, **kwargs):\n  pass\n")))
    #expect(DjangoSettingsReader.acceptsRequestAndReason(parameters("def v(*args, reason):\n  pass\n")))
    #expect(!DjangoSettingsReader.acceptsRequestAndReason(parameters("def v(request):\n  pass\n")))
    #expect(!DjangoSettingsReader.acceptsRequestAndReason(parameters("def v(request, reason, extra):\n  pass\n")))
  }
}

extension FactValue {
  /// The same list with the element locations of `fact` (so equality ignores nothing).
  func withLocations(of fact: Fact?) -> FactValue {
    guard case .list(let items) = self, case .list(let located)? = fact?.value, items.count == located.count else { return self }
    return .list(zip(items, located).map { Fact($0.value, at: $1.location) })
  }
}
