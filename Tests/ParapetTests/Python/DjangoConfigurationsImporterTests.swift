import Testing

@testable import ParapetPython

/// django-configurations 2.5.1 as its importer and `values` behave. Every expectation was
/// measured with the library (Django 5.2, Python 3.12): the settings module imported through
/// `configurations.importer.install()` and `django.conf.settings` read, or
/// `manage.py check --deploy` run.
@Suite("Python evaluator: django-configurations importer and value objects")
struct DjangoConfigurationsImporterTests {
  /// `Value.__init__` replaces a default that is itself a value object by (a copy of) that
  /// object's default when it is not None (froide's `"debug": values.BooleanValue(DEBUG)`), and
  /// `.default` of a parent's value object is the default its `__init__` kept (froide's
  /// `values.ListValue(Base.INSTALLED_APPS.default + [...])`). Measured: DEBUG True,
  /// TEMPLATE_DEBUG False (DEBUG's default, not its value), EMAIL_USER 'u@x', EMAIL_FROM and
  /// EMAIL_REPLY 'foi@example.com', APPS ['a', 'b', 'c'], HOSTS ('a', 'b'); with Base selected
  /// and DJANGO_APPS=x,y: APPS ['x', 'y'], HOSTS ('a', 'b').
  @Test func aValueObjectAsDefaultStandsForItsDefault() {
    let source = """
      from configurations import Configuration, values

      class Base(Configuration):
          DEBUG = values.BooleanValue(False)
          TEMPLATE_DEBUG = values.BooleanValue(DEBUG)
          EMAIL_USER = values.Value("foi@example.com")
          EMAIL_FROM = values.Value(EMAIL_USER)
          EMAIL_REPLY = values.Value(EMAIL_FROM)
          APPS = values.ListValue(["a", "b"])
          HOSTS = values.TupleValue(APPS)

      class Dev(Base):
          APPS = values.ListValue(Base.APPS.default + ["c"])
      """
    let dev = PythonEvaluation.settings(
      source, environment: ["DJANGO_CONFIGURATION": "Dev", "DJANGO_DEBUG": "true", "DJANGO_EMAIL_USER": "u@x"])
    #expect(dev.loadErrors.isEmpty)
    #expect(dev.value("DEBUG")?.boolValue == true)
    #expect(dev.value("TEMPLATE_DEBUG")?.boolValue == false)
    #expect(dev.value("EMAIL_USER")?.stringValue == "u@x")
    #expect(dev.value("EMAIL_FROM")?.stringValue == "foi@example.com")
    #expect(dev.value("EMAIL_REPLY")?.stringValue == "foi@example.com")
    #expect(dev.value("APPS").flatMap(\.elements)?.compactMap(\.stringValue) == ["a", "b", "c"])
    #expect(dev.value("HOSTS").map { if case .tuple = $0.kind { true } else { false } } == true)
    #expect(dev.value("HOSTS").flatMap(\.elements)?.compactMap(\.stringValue) == ["a", "b"])

    let base = PythonEvaluation.settings(source, environment: ["DJANGO_CONFIGURATION": "Base", "DJANGO_APPS": "x,y"])
    #expect(base.loadErrors.isEmpty)
    #expect(base.value("APPS").flatMap(\.elements)?.compactMap(\.stringValue) == ["x", "y"])
    #expect(base.value("HOSTS").flatMap(\.elements)?.compactMap(\.stringValue) == ["a", "b"])
  }

  /// `.default` is the very list the parent's value object holds: a class body that appends to
  /// it changes what the parent's setting defaults to. Measured: APPS ['a', 'z'].
  @Test func theDefaultOfAValueObjectIsOneObject() {
    let result = PythonEvaluation.settings("""
      from configurations import Configuration, values

      class Base(Configuration):
          APPS = values.ListValue(["a"])

      class Mut(Base):
          Base.APPS.default.append("z")
      """, environment: ["DJANGO_CONFIGURATION": "Base"])
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("APPS").flatMap(\.elements)?.compactMap(\.stringValue) == ["a", "z"])
  }

  /// A value object whose own default is None stays the default: BooleanValue then raises
  /// (measured: `ValueError: Default value None is not a boolean value`, the settings do not
  /// load). A default Parapet does not know (a `late_binding` value object, measured True) is
  /// unknown, never an error.
  @Test func aValueObjectWithoutDefaultIsNotABoolean() {
    let none = PythonEvaluation.settings("""
      from configurations import Configuration, values

      class Base(Configuration):
          NOTHING = values.Value()
          FLAG = values.BooleanValue(NOTHING)
      """, environment: ["DJANGO_CONFIGURATION": "Base"])
    #expect(none.loadErrors.map(\.type) == ["ValueError"])

    let late = PythonEvaluation.settings("""
      from configurations import Configuration, values

      class Base(Configuration):
          FLAG = values.BooleanValue(values.BooleanValue(True, late_binding=True))
      """, environment: ["DJANGO_CONFIGURATION": "Base"])
    #expect(late.loadErrors.isEmpty)
    #expect(late.value("FLAG")?.isUnknown == true)
  }

  /// The importer calls `cls.pre_setup()` on whatever `$DJANGO_CONFIGURATION` names. Measured
  /// (`manage.py check --deploy`): a plain mixin class raises `AttributeError: Couldn't setup
  /// configuration 'settings.German': type object 'German' has no attribute 'pre_setup'`
  /// (froide's `class German(object)`), a function `'function' object has no attribute
  /// 'pre_setup'`, a string `'str' object …`, a missing name `AttributeError: Couldn't find
  /// configuration 'Missing' in module '': module 'settings' has no attribute 'Missing'`; a
  /// plain class that defines the three hooks itself loads (security.W018 for its DEBUG = True).
  @Test func theSelectedNameMustHaveTheImporterHooks() {
    let source = """
      from configurations import Configuration

      class Base(Configuration):
          DEBUG = False

      class German(object):
          LANGUAGE_CODE = "de"
          DEBUG = True

      class OwnHooks(object):
          DEBUG = True

          @classmethod
          def pre_setup(cls):
              pass

          @classmethod
          def setup(cls):
              pass

          @classmethod
          def post_setup(cls):
              pass

      def rec():
          return 1

      NAME = "x"
      """
    func load(_ name: String) -> PythonEvaluation.Result {
      PythonEvaluation.settings(source, environment: ["DJANGO_CONFIGURATION": name])
    }
    let mixin = load("German")
    #expect(mixin.loadErrors.map(\.type) == ["AttributeError"])
    #expect(mixin.loadErrors.first?.message == "Couldn't setup configuration 'mysite.settings.German': type object 'German' has no attribute 'pre_setup'")
    #expect(load("rec").loadErrors.first?.message.hasSuffix("'function' object has no attribute 'pre_setup'") == true)
    #expect(load("NAME").loadErrors.first?.message.hasSuffix("'str' object has no attribute 'pre_setup'") == true)
    let missing = load("Missing")
    #expect(missing.loadErrors.map(\.type) == ["AttributeError"])
    #expect(missing.loadErrors.first?.message == "Couldn't find configuration 'Missing' in module 'mysite': module 'mysite.settings' has no attribute 'Missing'")
    let own = load("OwnHooks")
    #expect(own.loadErrors.isEmpty)
    #expect(own.value("DEBUG")?.boolValue == true)
    #expect(load("Base").value("DEBUG")?.boolValue == false)
  }

  /// A selected class whose base Parapet does not model (and that is no Configuration it
  /// knows) may get the hooks from that base: the settings are unknown, not a load error.
  @Test func aSelectedClassWithAnUnknownBaseIsUnknown() {
    let result = PythonEvaluation.settings("""
      from configurations import Configuration
      from somelibrary import Settings

      class Base(Configuration):
          DEBUG = False

      class Other(Settings):
          DEBUG = True
      """, environment: ["DJANGO_CONFIGURATION": "Other"])
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("DEBUG")?.isUnknown == true)
  }

  /// With `DJANGO_CONFIGURATION` unset, `manage.py check --deploy` runs manage.py's
  /// `os.environ.setdefault("DJANGO_CONFIGURATION", …)`, not wsgi.py's. Measured: manage.py
  /// "Dev", wsgi.py "Production" gives Dev (security.W018, W020); manage.py "Prod" with the
  /// settings package's `__init__` setting the default "Dev" gives `CONFIGURATION =
  /// 'mysite.settings.Prod'` (the package's setdefault finds the variable set); a manage.py that
  /// does not set it gives `ImproperlyConfigured: Configuration cannot be imported, environment
  /// variable DJANGO_CONFIGURATION is undefined.` whatever wsgi.py says.
  @Test func theDefaultConfigurationIsManagePys() {
    let settings = "from configurations import Configuration\nclass Dev(Configuration):\n    DEBUG = True\nclass Prod(Configuration):\n    DEBUG = False\n"
    let wsgi = "import os\nos.environ.setdefault('DJANGO_CONFIGURATION', 'Prod')\n"
    let both = PythonEvaluation.run([
      "mysite/settings.py": settings, "mysite/wsgi.py": wsgi,
      "manage.py": "import os\nos.environ.setdefault('DJANGO_CONFIGURATION', 'Dev')\n",
    ])
    #expect(both.value("DEBUG")?.boolValue == true)
    #expect(both.value("CONFIGURATION")?.stringValue == "mysite.settings.Dev")

    let package = PythonEvaluation.run([
      "mysite/__init__.py": "import os\nos.environ.setdefault('DJANGO_CONFIGURATION', 'Dev')\n",
      "mysite/settings.py": settings,
      "manage.py": "import os\nos.environ.setdefault('DJANGO_CONFIGURATION', 'Prod')\n",
    ])
    #expect(package.value("CONFIGURATION")?.stringValue == "mysite.settings.Prod")

    let none = PythonEvaluation.run(["mysite/settings.py": settings, "mysite/wsgi.py": wsgi, "manage.py": "import os\n"])
    #expect(none.loadErrors.map(\.type) == ["ImproperlyConfigured"])

    // Without a manage.py in the scan, the server's entry point is the one the scan holds.
    let serverOnly = PythonEvaluation.run(["mysite/settings.py": settings, "mysite/wsgi.py": wsgi])
    #expect(serverOnly.value("DEBUG")?.boolValue == false)

    // A default Parapet does not read is unknown, never the text after the comma.
    let computed = PythonEvaluation.run([
      "mysite/settings.py": settings, "mysite/wsgi.py": wsgi,
      "manage.py": "import os\nos.environ.setdefault('DJANGO_CONFIGURATION', os.environ.get('STAGE', 'Dev'))\n",
    ])
    #expect(computed.loadErrors.isEmpty)
    #expect(computed.value("DEBUG")?.isUnknown == true)

    // A forced write replaces even the environment's value: not followed, so unknown.
    let forced = PythonEvaluation.run([
      "mysite/settings.py": settings,
      "manage.py": "import os\nos.environ['DJANGO_CONFIGURATION'] = os.environ.get('STAGE', 'Dev')\n",
    ], environment: ["DJANGO_CONFIGURATION": "Prod"])
    #expect(forced.loadErrors.isEmpty)
    #expect(forced.value("DEBUG")?.isUnknown == true)
  }
}
