import Testing

@testable import ParapetPython

/// Settings that build names from the groups of a `re` match. The expected values are what
/// CPython 3.11 gave for the same files (imported as `mysite.settings`, printing the names).
@Suite("re match objects in settings")
struct RegexMatchSettingsTests {
  /// seahub's `load_local_settings`: each `EXTRA_<name>` of the local settings is added to
  /// `<name>` (`KeyError` when the name is new), other upper-case names are copied.
  @Test func seahubsExtraSettingsLoopAppendsToTheNamedSetting() {
    let result = PythonEvaluation.run([
      "mysite/__init__.py": "",
      "mysite/site_settings.py": """
        DEBUG = True
        EXTRA_MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']
        EXTRA_AUTHENTICATION_BACKENDS = ('app.backends.Token',)
        secure_hsts_seconds = 31536000
        """,
      "mysite/settings.py": #"""
        import re

        DEBUG = False
        MIDDLEWARE = ['django.middleware.csrf.CsrfViewMiddleware']
        INSTALLED_APPS = ['django.contrib.auth']


        def load_local_settings(module):
            for attr in dir(module):
                match = re.search(r'^EXTRA_(\w+)', attr)
                if match:
                    name = match.group(1)
                    value = getattr(module, attr)
                    try:
                        globals()[name] += value
                    except KeyError:
                        globals()[name] = value
                elif re.search('^[A-Z]', attr):
                    globals()[attr] = getattr(module, attr)


        from mysite import site_settings
        load_local_settings(site_settings)
        del site_settings
        """#,
    ])
    #expect(result.loadErrors.isEmpty)
    #expect(result.module?.degraded == false)
    #expect(result.value("DEBUG")?.boolValue == true)
    #expect(
      result.value("MIDDLEWARE")?.repr
        == "['django.middleware.csrf.CsrfViewMiddleware', 'django.middleware.security.SecurityMiddleware']")
    #expect(result.value("AUTHENTICATION_BACKENDS")?.repr == "('app.backends.Token',)")
    #expect(result.value("INSTALLED_APPS")?.repr == "['django.contrib.auth']")
    #expect(result.value("EXTRA_MIDDLEWARE") == nil)
    #expect(result.value("secure_hsts_seconds") == nil)
  }

  /// A group of a string read from the environment is that read's value: the setting still
  /// says which variable decided it.
  @Test func aGroupKeepsTheEnvironmentReadItComesFrom() {
    let result = PythonEvaluation.settings(
      #"""
      import os, re
      m = re.match(r"(?P<scheme>\w+)://(?P<host>[^/:]+)", os.environ.get("SITE_URL", "http://localhost"))
      HOST = m.group("host")
      SECURE = m["scheme"] == "https"
      """#, environment: ["SITE_URL": "https://example.com/app"])
    #expect(result.value("HOST")?.repr == "'example.com'")
    #expect(result.value("HOST")?.uses.map(\.variable) == ["SITE_URL"])
    #expect(result.value("SECURE")?.boolValue == true)
  }
}
