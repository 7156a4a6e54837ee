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
  /// each module are named, so a pack can ask whether they are installed.
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
    #expect(entries.count == 1)
    #expect(entries.first?.0 == "debug_toolbar")
    #expect(entries.first?.1 == true)
    #expect(entries.first?.2 == ["django-debug-toolbar"])
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
