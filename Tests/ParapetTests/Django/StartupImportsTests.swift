import ParapetFacts
import Testing

/// `django.startup_imports`: what Django's start-up certainly imports through the project's
/// own apps (their package, `apps`, `models`, and `admin` under the admin's autodiscovery),
/// following only top-level imports that no `if`, `try`, function or class encloses.
@Suite("Modules Django certainly imports while it starts")
struct StartupImportsTests {
  static func imports(_ files: [String: String]) -> [String: String] {
    let facts = DjangoFixture.read(files).facts
    guard case .list(let items)? = facts.value("django.startup_imports") else { return [:] }
    var found: [String: String] = [:]
    for item in items {
      guard case .map(let entry) = item.value, let module = entry["module"]?.value.stringValue else { continue }
      found[module] = entry["at"]?.value.stringValue
    }
    return found
  }

  @Test func certainImportsAreFollowedThroughTheAppsModules() {
    let found = Self.imports([
      "mysite/settings.py": "SECRET_KEY = 'k' * 50\nINSTALLED_APPS = ['django.contrib.admin', 'shop.apps.ShopConfig', 'lib']\n",
      "shop/__init__.py": "import celery_app\n",
      "shop/apps.py": "from django.apps import AppConfig\nclass ShopConfig(AppConfig):\n    name = 'shop'\n",
      "shop/models/__init__.py": "from .orders import *\n",
      "shop/models/orders.py": """
        import typing
        from rest_framework_simplejwt.settings import api_settings
        if typing.TYPE_CHECKING:
            import conditional_lib
        try:
            import optional_lib
        except ImportError:
            pass
        def later():
            import function_lib
        class Order:
            import class_lib
        """,
      "shop/admin.py": "import admin_lib\n",
      "lib/__init__.py": "",
      "lib/models.py": "from shop.helpers import tool\n",
      "shop/helpers.py": "import helper_lib\n",
    ])
    #expect(found["rest_framework_simplejwt.settings"] == "shop/models/orders.py:2")
    #expect(found["celery_app"] == "shop/__init__.py:1")
    #expect(found["admin_lib"] == "shop/admin.py:1")
    // A scanned module another app's models import is followed.
    #expect(found["helper_lib"] == "shop/helpers.py:1")
    for uncertain in ["conditional_lib", "optional_lib", "function_lib", "class_lib"] {
      #expect(found[uncertain] == nil, "\(uncertain)")
    }
  }

  /// An entry a declared package provides is imported itself; the packages that may provide
  /// each module are named, so a pack can ask whether they are installed. An entry no declared
  /// package's name matches is listed with none.
  @Test func declaredAppsAreListedWithTheirPackages() {
    let facts = DjangoFixture.read([
      "mysite/settings.py": "SECRET_KEY = 'k' * 50\nINSTALLED_APPS = ['django.contrib.auth', 'debug_toolbar', 'unknown_app']\n",
      "requirements.txt": "Django==5.2.8\ndjango-debug-toolbar==4.4.6\n",
    ]).facts
    guard case .list(let items)? = facts.value("django.startup_imports") else {
      Issue.record("no startup imports")
      return
    }
    let entries = items.compactMap { item -> (String, Bool, [String])? in
      guard case .map(let entry) = item.value, let module = entry["module"]?.value.stringValue else { return nil }
      guard case .list(let packages)? = entry["packages"]?.value else { return nil }
      return (module, entry["app"]?.value.boolValue ?? false, packages.compactMap(\.value.stringValue))
    }
    #expect(entries.count == 2)
    #expect(entries.first?.0 == "debug_toolbar")
    #expect(entries.first?.1 == true)
    #expect(entries.first?.2 == ["django-debug-toolbar"])
    #expect(entries.last?.0 == "unknown_app")
    #expect(entries.last?.1 == true)
    #expect(entries.last?.2 == [])
  }

  /// misago's plugins: the settings append each plugin's folder to sys.path, and Django finds
  /// the plugin app there.
  @Test func appsInAFolderTheSettingsPutOnThePathAreFollowed() {
    let read = DjangoFixture.read([
      "mysite/settings.py": """
        import sys
        SECRET_KEY = 'k' * 50
        sys.path.append('/project/plugins/pay-plugin')
        INSTALLED_APPS = ['pay_plugin']
        """,
      "plugins/pay-plugin/pay_plugin/__init__.py": "",
      "plugins/pay-plugin/pay_plugin/models.py": "import stripe\n",
    ])
    guard case .list(let items)? = read.facts.value("django.startup_imports") else {
      Issue.record("no startup imports")
      return
    }
    #expect(items.contains { item in
      if case .map(let entry) = item.value { return entry["module"]?.value.stringValue == "stripe" }
      return false
    })
    guard case .list(let folders)? = read.facts.value("django.added_module_folders") else {
      Issue.record("no added folders")
      return
    }
    #expect(folders.compactMap(\.value.stringValue) == ["plugins/pay-plugin"])
  }

  /// librephotos: an app's models open a log file under a folder from the settings when Django
  /// imports them; ecommerce: an app reads an empty SECRET_KEY at import.
  @Test func whatTheAppsCodeRaisesWhileDjangoImportsItIsRecorded() {
    let files = [
      "mysite/settings.py": "import os\nSECRET_KEY = os.environ.get('KEY', '')\nLOGS = '/logs'\nINSTALLED_APPS = ['django.contrib.auth', 'photos']\n",
      "photos/__init__.py": "",
      "photos/models.py": """
        import logging, os
        from django.conf import settings
        handler = logging.FileHandler(os.path.join(settings.LOGS, "app.log"))
        KEY = settings.SECRET_KEY
        """,
    ]
    let possible = DjangoFixture.read(files, environment: ["KEY": "k"]).facts
    #expect(possible.lookup("django.startup_errors") == nil)
    #expect("\(possible.value("django.startup_possible_errors") ?? .null)".contains("/logs/app.log"))
    let emptyKey = DjangoFixture.read(files).facts
    guard case .list(let errors)? = emptyKey.value("django.startup_possible_errors") ?? emptyKey.value("django.startup_errors") else {
      Issue.record("no start-up errors")
      return
    }
    #expect(!errors.isEmpty)
    #expect("\(emptyKey.value("django.startup_errors") ?? .null)".contains("The SECRET_KEY setting must not be empty."))
  }

  /// The first certain start-up error as "type (message) @ file:line", with the import chain
  /// after the INSTALLED_APPS entry, and the possible ones' types.
  static func startupErrors(_ files: [String: String], environment: [String: String] = [:])
    -> (certain: String?, chain: [String], possible: [String])
  {
    let facts = DjangoFixture.read(files, environment: environment).facts
    var certain: String?
    var chain: [String] = []
    if let first = facts.lookup("django.startup_errors.1") {
      let type = first.lookup("type")?.value.stringValue ?? "?"
      let message = first.lookup("message")?.value.stringValue ?? "?"
      certain = "\(type) (\(message)) @ \(first.location?.file ?? "?"):\(first.location?.line ?? 0)"
      if case .list(let sites)? = first.lookup("chain")?.value {
        chain = sites.compactMap(\.value.stringValue)
      }
    }
    var possible: [String] = []
    if case .list(let items)? = facts.value("django.startup_possible_errors") {
      possible = items.compactMap { $0.lookup("type")?.value.stringValue }
    }
    return (certain, chain, possible)
  }

  static let apps = "INSTALLED_APPS = ['django.contrib.contenttypes', 'django.contrib.auth', 'shop']\n"

  /// Socorro: a required variable an app module reads while Django imports it stops Django.
  /// Checked with Django 5.2.17 (/work/venvs/socorro): `os.environ["SEARCH_URL"]` in
  /// shop/models.py gives `KeyError: 'SEARCH_URL'` and no check runs; with the variable set,
  /// `check --deploy` prints its warnings.
  @Test func aRequiredVariableAnAppReadsStopsDjango() {
    let files = [
      "mysite/settings.py": "SECRET_KEY = 'k7' * 30\n" + Self.apps,
      "shop/__init__.py": "",
      "shop/models.py": "import os\nURL = os.environ['SEARCH_URL']\n",
    ]
    #expect(Self.startupErrors(files).certain == "KeyError (KeyError: 'SEARCH_URL') @ shop/models.py:2")
    #expect(Self.startupErrors(files, environment: ["SEARCH_URL": "http://search:9200"]).certain == nil)
  }

  /// Under `django.contrib.admin`, its `ready()` imports every app's `admin` module after all
  /// models (Lutris: `platforms/admin.py` imports forms whose class body builds a
  /// django-select2 widget, which signs with the key); `SimpleAdminConfig` does not. Django's
  /// own signing without a key reads it too: an empty key raises there (from 3.2).
  @Test func adminModulesAndKeyReadingCallsRunAtStartup() {
    let admin = "django.contrib.admin', 'django.contrib.auth', 'shop']\n"
    let files = [
      "mysite/settings.py": "SECRET_KEY = ''\nINSTALLED_APPS = ['" + admin,
      "requirements.txt": "Django==5.2.11\ndjango-select2==8.4.0\n",
      "shop/__init__.py": "",
      "shop/admin.py": "from shop.forms import SearchForm\n",
      "shop/forms.py": "from django import forms\nfrom django_select2.forms import ModelSelect2Widget\n"
        + "class Widget(ModelSelect2Widget):\n    search_fields = ['name__icontains']\n"
        + "class SearchForm(forms.Form):\n    q = forms.CharField(widget=Widget())\n",
    ]
    #expect(Self.startupErrors(files).certain == "ImproperlyConfigured (The SECRET_KEY setting must not be empty.) @ shop/forms.py:6")
    var simple = files
    simple["mysite/settings.py"] = "SECRET_KEY = ''\nINSTALLED_APPS = ['django.contrib.admin.apps.SimpleAdminConfig', 'django.contrib.auth', 'shop']\n"
    #expect(Self.startupErrors(simple).certain == nil)
    let signing = [
      "mysite/settings.py": "SECRET_KEY = ''\n" + Self.apps,
      "shop/__init__.py": "",
      "shop/models.py": "from django.core import signing\nTOKEN = signing.dumps('x')\nOWN = signing.dumps('x', key='k')\n",
    ]
    #expect(Self.startupErrors(signing).certain == "ImproperlyConfigured (The SECRET_KEY setting must not be empty.) @ shop/models.py:2")
    var keyed = signing
    keyed["shop/models.py"] = "from django.core import signing\nOWN = signing.dumps('x', key='k')\n"
    #expect(Self.startupErrors(keyed).certain == nil)
  }

  /// Socorro's chain: crashstats/crashstats/apps.py imports the `socorro` package, which loads
  /// its settings module with everett, and everett raises for a variable without default.
  /// Django (5.2.17, everett 3.5.0) imports the `apps` module of a package entry before any
  /// `models` module (phase 1 of `apps.populate()`): with `INSTALLED_APPS = [..., 'shop',
  /// 'search']` where shop's models raise KeyError and search's apps module raises, the traceback
  /// is `everett.ConfigurationMissingError: ELASTICSEARCH_URL requires a value parseable by str`
  /// from search/apps.py (checked: `int("eighty")` in blog/apps.py beat shop/models.py's KeyError).
  @Test func theAppsModuleRunsBeforeAnyModelsAndTheChainIsNamed() {
    let files = [
      "mysite/settings.py": "SECRET_KEY = 'k7' * 30\nINSTALLED_APPS = ['django.contrib.auth', 'shop', 'search']\n",
      "requirements.txt": "Django==5.2.17\neverett==3.5.0\n",
      "shop/__init__.py": "",
      "shop/models.py": "import os\nURL = os.environ['SEARCH_URL']\n",
      "search/__init__.py": "",
      "search/apps.py": "from django.apps import AppConfig\nfrom conf import config\nclass SearchConfig(AppConfig):\n    name = 'search'\n",
      "conf/__init__.py": "import importlib\nconfig = importlib.import_module('conf.values')\n",
      "conf/values.py": "from everett.manager import ConfigManager\n_config = ConfigManager.basic_config()\nELASTICSEARCH_URL = _config('ELASTICSEARCH_URL')\n",
    ]
    let found = Self.startupErrors(files, environment: ["SEARCH_URL": "x"])
    #expect(found.certain == "ConfigurationMissingError (ELASTICSEARCH_URL requires a value parseable by str) @ conf/values.py:3")
    #expect(found.chain == ["search/apps.py:2:1", "conf/__init__.py:2:33"])
    // Without the search app the models' KeyError is the first.
    var shopOnly = files
    shopOnly["mysite/settings.py"] = "SECRET_KEY = 'k7' * 30\n" + Self.apps
    #expect(Self.startupErrors(shopOnly).certain == "KeyError (KeyError: 'SEARCH_URL') @ shop/models.py:2")
  }

  /// An AppConfig entry runs its module too; before Django 3.2 a package entry's `apps` module
  /// was not imported. Checked: blog/apps.py raising ValueError at import stops Django 5.2.17
  /// for the entry `blog` and for `blog.apps.BlogConfig`; under 3.1.14 and 2.2.28 the entry
  /// `blog` leaves `check --deploy` printing its warnings, and `blog.apps.BlogConfig` stops
  /// them with the ValueError.
  @Test func theAppsModuleIsImportedFromDjango32OrThroughAnAppConfigEntry() {
    func files(_ entry: String, django: String) -> [String: String] {
      [
        "mysite/settings.py": "SECRET_KEY = 'k7' * 30\nINSTALLED_APPS = ['django.contrib.auth', '\(entry)']\n",
        "requirements.txt": "Django==\(django)\n",
        "blog/__init__.py": "",
        "blog/apps.py": "from django.apps import AppConfig\nPORT = int('eighty')\nclass BlogConfig(AppConfig):\n    name = 'blog'\n",
      ]
    }
    let message = "ValueError (invalid literal for int() with base 10) @ blog/apps.py:2"
    #expect(Self.startupErrors(files("blog", django: "5.2.17")).certain == message)
    #expect(Self.startupErrors(files("blog.apps.BlogConfig", django: "5.2.17")).certain == message)
    #expect(Self.startupErrors(files("blog", django: "3.1.14")).certain == nil)
    #expect(Self.startupErrors(files("blog.apps.BlogConfig", django: "3.1.14")).certain == message)
  }

  /// Checked with Django 5.2.17: an app's models that import a module raising KeyError inside
  /// `try: … except KeyError:` load, and `check --deploy` prints its warnings.
  @Test func anErrorAnImportUnderTryCatchesDoesNotStopDjango() {
    let files = [
      "mysite/settings.py": "SECRET_KEY = 'k7' * 30\n" + Self.apps,
      "shop/__init__.py": "",
      "shop/models.py": "try:\n    from shop import broken\nexcept KeyError:\n    broken = None\n",
      "shop/broken.py": "import os\nURL = os.environ['SEARCH_URL']\n",
    ]
    let found = Self.startupErrors(files)
    #expect(found.certain == nil)
    #expect(found.possible.isEmpty)
  }

  /// Checked with Django 5.2.15 (/work/venvs/ephios): `settings.COMPRESS_ENABLED` read by
  /// shop/models.py raises `AttributeError: 'Settings' object has no attribute
  /// 'COMPRESS_ENABLED'`; with `compressor` installed before `shop`, django-appconf sets it when
  /// Django imports compressor's models, and the checks run. Parapet does not run a library's
  /// app, so then the read is unknown, never an error.
  @Test func aSettingNoOneSetsStopsDjangoUnlessALibraryAppMaySetIt() {
    var files = [
      "mysite/settings.py": "SECRET_KEY = 'k7' * 30\n" + Self.apps,
      "requirements.txt": "Django==5.2.15\ndjango-compressor==4.5.1\n",
      "shop/__init__.py": "",
      "shop/models.py": "from django.conf import settings\nENABLED = settings.COMPRESS_ENABLED\n",
    ]
    #expect(Self.startupErrors(files).certain == "AttributeError ('Settings' object has no attribute 'COMPRESS_ENABLED') @ shop/models.py:2")
    files["mysite/settings.py"] = "SECRET_KEY = 'k7' * 30\nINSTALLED_APPS = ['compressor', 'shop']\n"
    let withLibrary = Self.startupErrors(files)
    #expect(withLibrary.certain == nil)
    #expect(withLibrary.possible.isEmpty)
  }

  /// An app's code reaches further into Python than the settings: a TypeError, NameError or
  /// AttributeError of Parapet's own evaluation there is a possible error (whole-repository scans
  /// of bookwyrm, pretalx and taiga had failed DJ-LOAD on such errors where Django started); a
  /// `raise` statement stays certain.
  @Test func anErrorOfParapetsOwnEvaluationInAppCodeIsAPossibleError() {
    var files = [
      "mysite/settings.py": "SECRET_KEY = 'k7' * 30\n" + Self.apps,
      "shop/__init__.py": "",
      "shop/models.py": "class Book:\n    pass\nTITLE = Book().title\n",
    ]
    let evaluated = Self.startupErrors(files)
    #expect(evaluated.certain == nil)
    #expect(evaluated.possible.contains("AttributeError"))
    files["shop/models.py"] = "raise TypeError('shop needs Python 3.12')\n"
    #expect(Self.startupErrors(files).certain?.hasPrefix("TypeError (shop needs Python 3.12") == true)
  }

  /// A module the scan does not hold may be in the deployed project (a scan of part of it):
  /// Django raises ModuleNotFoundError only when it is really absent (checked with 5.2.17), so
  /// the import is a possible error, not a certain one; what the apps certainly raise before
  /// it still is.
  @Test func aModuleTheScanLacksIsAPossibleError() {
    let files = [
      "mysite/settings.py": "SECRET_KEY = 'k7' * 30\n" + Self.apps,
      "shop/__init__.py": "",
      "shop/models.py": "from shop.helpers import tool\nfrom shop import signals\n",
    ]
    let found = Self.startupErrors(files)
    #expect(found.certain == nil)
    #expect(found.possible.contains("ModuleNotFoundError"))
  }

  /// Before 3.2 Django imported no `apps` module of a package entry (checked with Django 3.1.14
  /// and 2.2.28: blog/apps.py raising at import leaves `check --deploy` printing its warnings).
  @Test func beforeDjango32TheAppsModuleIsNotImported() {
    func found(_ django: String) -> [String: String] {
      Self.imports([
        "mysite/settings.py": "SECRET_KEY = 'k' * 50\nINSTALLED_APPS = ['shop']\n",
        "requirements.txt": "Django==\(django)\n",
        "shop/__init__.py": "",
        "shop/apps.py": "import apps_lib\n",
        "shop/models.py": "import models_lib\n",
      ])
    }
    #expect(found("3.1.14")["apps_lib"] == nil)
    #expect(found("3.1.14")["models_lib"] == "shop/models.py:1")
    #expect(found("3.2.25")["apps_lib"] == "shop/apps.py:1")
  }

  @Test func withoutTheAdminItsModulesAreNotImported() {
    let found = Self.imports([
      "mysite/settings.py": "SECRET_KEY = 'k' * 50\nINSTALLED_APPS = ['shop']\n",
      "shop/__init__.py": "",
      "shop/admin.py": "import admin_lib\n",
    ])
    #expect(found["admin_lib"] == nil)
  }
}

/// `django.database_backends`: whether a database's ENGINE is a backend of the scanned project
/// (`<ENGINE>.base` among its modules), which then comes with the project (AWX's
/// `awx.main.db.profiled_pg`).
@Suite("Database backends of the project itself")
struct DatabaseBackendFactTests {
  @Test func aBackendOfTheProjectIsInTheScan() {
    let facts = DjangoFixture.read([
      "mysite/settings.py": """
        SECRET_KEY = 'k' * 50
        DATABASES = {
            'default': {'ENGINE': 'mysite.db.profiled_pg'},
            'other': {'ENGINE': 'django.db.backends.postgresql'},
            'gone': {'ENGINE': 'mysite.db.missing'},
        }
        """,
      "mysite/__init__.py": "",
      "mysite/db/__init__.py": "",
      "mysite/db/profiled_pg/__init__.py": "",
      "mysite/db/profiled_pg/base.py": "from django.db.backends.postgresql.base import *\n",
    ]).facts
    #expect(facts.value("django.database_backends.default.in_scan") == .bool(true))
    #expect(facts.value("django.database_backends.default.file")?.stringValue == "mysite/db/profiled_pg/base.py")
    #expect(facts.value("django.database_backends.other.in_scan") == .bool(false))
    #expect(facts.value("django.database_backends.gone.in_scan") == .bool(false))
  }
}
