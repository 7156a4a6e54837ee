import Testing

@testable import ParapetEvidence
@testable import ParapetPython

/// Settings defined in classes: class bodies, inheritance, methods, loaders and
/// django-configurations.
@Suite("Python evaluator: class-based settings")
struct PythonClassSettingsTests {
  @Test func classAttributesAndInheritance() {
    let result = PythonEvaluation.settings("""
      class Base:
          DEBUG = True
          ALLOWED_HOSTS = ["example.com"]

      class Production(Base):
          DEBUG = False

      DEBUG = Production.DEBUG
      ALLOWED_HOSTS = Production.ALLOWED_HOSTS
      BASE_DEBUG = Base.DEBUG
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("DEBUG")?.boolValue == false)
    #expect(result.value("BASE_DEBUG")?.boolValue == true)
    #expect(result.value("ALLOWED_HOSTS")?.elements?.first?.stringValue == "example.com")
  }

  /// Python calls the nearest parent's `__init_subclass__` with the new class and the class
  /// keywords once the body ran (Takahē's `StateGraph` sets each subclass's `choices` there);
  /// a metaclass Parapet does not model may add any attribute. Expectations from CPython 3.11.
  @Test func initSubclassRunsAndAnUnmodelledMetaclassKeepsAttributesOpen() {
    let result = PythonEvaluation.settings("""
      from abc import ABCMeta
      class Graph:
          def __init_subclass__(cls, flag=False, **kwargs):
              super().__init_subclass__(**kwargs)
              cls.choices = ["red"] if not flag else []
      class Colours(Graph, flag=True):
          red = 1
      class Shades(Colours):
          pass
      CHOICES = Colours.choices
      SHADES = Shades.choices
      class Meta(type):
          pass
      class Made(metaclass=Meta):
          pass
      MADE = Made.choices
      class Abstract(metaclass=ABCMeta):
          pass
      try:
          ABSTRACT = Abstract.choices
      except AttributeError:
          ABSTRACT = "raised"
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("CHOICES")?.elements?.isEmpty == true)
    #expect(result.value("SHADES")?.elements?.first?.stringValue == "red")
    #expect(result.value("MADE")?.isUnknown == true)
    #expect(result.value("ABSTRACT")?.stringValue == "raised")
  }

  @Test func methodResolutionOrderIsC3() {
    let result = PythonEvaluation.settings("""
      class A:
          X = "A"
      class B(A):
          pass
      class C(A):
          X = "C"
      class D(B, C):
          pass
      X = D.X
      NAMES = [k.__name__ for k in D.__mro__]
      """)
    #expect(result.value("X")?.stringValue == "C")
    #expect(result.value("NAMES")?.elements?.compactMap(\.stringValue) == ["D", "B", "C", "A"])
  }

  @Test func inconsistentBasesRaiseTypeError() {
    let result = PythonEvaluation.settings("""
      class A: pass
      class B(A): pass
      class C(A, B): pass
      """)
    #expect(result.loadErrors.map(\.type) == ["TypeError"])
    #expect(result.loadErrors.first?.location?.line == 3)
  }

  @Test func propertiesClassMethodsStaticMethodsAndSuper() {
    let result = PythonEvaluation.settings("""
      class Base:
          HOST = "example.com"

          @property
          def URL(self):
              return "https://" + self.HOST

          @classmethod
          def hosts(cls):
              return [cls.HOST]

          @staticmethod
          def port():
              return 443

          def describe(self):
              return "base"

      class Prod(Base):
          HOST = "prod.example.com"

          def describe(self):
              return "prod+" + super().describe()

      p = Prod()
      URL = p.URL
      HOSTS = Prod.hosts()
      PORT = Prod.port()
      DESCRIBED = p.describe()
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("URL")?.stringValue == "https://prod.example.com")
    #expect(result.value("HOSTS")?.elements?.first?.stringValue == "prod.example.com")
    #expect(result.value("PORT")?.integerValue == 443)
    #expect(result.value("DESCRIBED")?.stringValue == "prod+base")
  }

  @Test func instancesKeepAttributesSetInInit() {
    let result = PythonEvaluation.settings("""
      class Config:
          def __init__(self, debug):
              self.debug = debug
      c = Config(False)
      DEBUG = c.debug
      """)
    #expect(result.value("DEBUG")?.boolValue == false)
  }

  @Test func loaderCopyingUpperCaseAttributesIntoTheModule() {
    let result = PythonEvaluation.settings("""
      import sys

      class Settings:
          @classmethod
          def load_settings(cls, name):
              module = sys.modules[name]
              for key in dir(cls):
                  if key.isupper():
                      setattr(module, key, getattr(cls, key))

      class Production(Settings):
          DEBUG = False
          SECRET_KEY = "x" * 50

      Production.load_settings(__name__)
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("DEBUG")?.boolValue == false)
    #expect(result.value("SECRET_KEY")?.stringValue?.count == 50)
  }

  @Test func loaderThroughGlobalsUpdate() {
    let result = PythonEvaluation.settings("""
      class Production:
          DEBUG = False
          _private = 1

      globals().update({k: v for k, v in vars(Production).items() if k.isupper()})
      """)
    #expect(result.value("DEBUG")?.boolValue == false)
    #expect(result.value("_private") == nil)
  }

  /// django-configurations' metaclass copies each base's visible upper-case attributes, last
  /// base first, so the first base's inherited value beats a later base's own (Normandy's
  /// `ProductionReadOnlyInsecure`). Checked with django-configurations 2.2: MIDDLEWARE_EXTRA is
  /// ["sessions"], where plain Python inheritance gives [].
  @Test func djangoConfigurationsFlattensBasesItsOwnWay() {
    let source = """
      from configurations import Configuration
      class Base(Configuration):
          MIDDLEWARE_EXTRA = ["sessions"]
          DEBUG = False
      class Insecure(Base):
          SECURE_SSL_REDIRECT = False
      class ReadOnly(Base):
          MIDDLEWARE_EXTRA = []
      class ReadOnlyInsecure(Insecure, ReadOnly):
          pass
      """
    let result = PythonEvaluation.settings(source, environment: ["DJANGO_CONFIGURATION": "ReadOnlyInsecure"])
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("MIDDLEWARE_EXTRA")?.elements?.compactMap(\.stringValue) == ["sessions"])
    #expect(result.value("SECURE_SSL_REDIRECT")?.boolValue == false)
    // A first base that leaves DEBUG at Django's default shows that default, which wins.
    let defaults = PythonEvaluation.settings("""
      from configurations import Configuration
      class Quiet(Configuration):
          pass
      class Loud(Configuration):
          DEBUG = True
      class Mixed(Quiet, Loud):
          pass
      """, environment: ["DJANGO_CONFIGURATION": "Mixed"])
    #expect(defaults.value("DEBUG")?.boolValue == false)
    // `Configuration` itself before a plain mixin shows Django's defaults, which win; a name
    // Django does not define keeps the mixin's (checked: False 1).
    let direct = PythonEvaluation.settings("""
      from configurations import Configuration
      class Mixin:
          DEBUG = True
          CUSTOM = 1
      class Dev(Configuration, Mixin):
          pass
      """, environment: ["DJANGO_CONFIGURATION": "Dev"])
    #expect(direct.value("DEBUG")?.boolValue == false)
    #expect(direct.value("CUSTOM")?.integerValue == 1)
  }

  @Test func djangoConfigurationsCopiesTheSelectedClass() {
    let source = """
      from configurations import Configuration

      class Base(Configuration):
          DEBUG = True
          ALLOWED_HOSTS = []

          @property
          def SESSION_COOKIE_SECURE(self):
              return not self.DEBUG

      class Prod(Base):
          DEBUG = False
          ALLOWED_HOSTS = ["example.com"]
      """
    let result = PythonEvaluation.settings(source, environment: ["DJANGO_CONFIGURATION": "Prod"])
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("DEBUG")?.boolValue == false)
    #expect(result.binding("DEBUG")?.location.line == 12)
    #expect(result.value("SESSION_COOKIE_SECURE")?.boolValue == true)
    #expect(result.value("CONFIGURATION")?.stringValue == "mysite.settings.Prod")
    #expect(result.value("DEBUG")?.uses.contains { $0.variable == "DJANGO_CONFIGURATION" } == true)

    let unset = PythonEvaluation.settings(source)
    #expect(unset.loadErrors.map(\.type) == ["ImproperlyConfigured"])
    let missing = PythonEvaluation.settings(source, environment: ["DJANGO_CONFIGURATION": "Staging"])
    #expect(missing.loadErrors.first?.message.contains("Staging") == true)
  }

  /// `SECRET_KEY = values.Value(None)` has no environ_name: django-configurations names it after
  /// the attribute when the class is set up and reads `DJANGO_SECRET_KEY` (joanie).
  @Test func djangoConfigurationsValuesAreNamedByTheirAttribute() {
    let source = """
      from configurations import Configuration, values

      class Base(Configuration):
          SECRET_KEY = values.Value(None)
          DEBUG = values.BooleanValue(False)
          HOSTS = values.ListValue([], environ_prefix=None)

      class Prod(Base):
          pass
      """
    let set = PythonEvaluation.settings(source, environment: [
      "DJANGO_CONFIGURATION": "Prod", "DJANGO_SECRET_KEY": "k" + String(repeating: "x", count: 60),
      "DJANGO_DEBUG": "yes", "HOSTS": "a.example,b.example",
    ])
    #expect(set.loadErrors.isEmpty)
    #expect(set.value("SECRET_KEY")?.stringValue?.count == 61)
    #expect(set.value("DEBUG")?.boolValue == true)
    #expect(set.value("HOSTS")?.isUnknown == false)
    let unset = PythonEvaluation.settings(source, environment: ["DJANGO_CONFIGURATION": "Prod"])
    #expect(unset.value("SECRET_KEY").map { if case .none = $0.kind { true } else { false } } == true)
    #expect(unset.value("DEBUG")?.boolValue == false)
  }

  /// A `typing.NamedTuple` class builds instances whose fields are its annotated names
  /// (netbox's `InstallPaths`), with class defaults, and Python's TypeError for a missing one.
  @Test func namedTupleClassesBuildInstances() {
    let result = PythonEvaluation.settings("""
      from typing import NamedTuple

      class Paths(NamedTuple):
          mode: str
          root: str
          extra: int = 5

      P = Paths("checkout", root="/srv")
      MODE = P.mode
      ROOT = P.root
      EXTRA = P.extra
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("MODE")?.stringValue == "checkout")
    #expect(result.value("ROOT")?.stringValue == "/srv")
    #expect(result.value("EXTRA")?.integerValue == 5)
    let missing = PythonEvaluation.settings("""
      from typing import NamedTuple
      class Paths(NamedTuple):
          mode: str
      P = Paths()
      """)
    #expect(missing.loadErrors.map(\.type) == ["TypeError"])
  }

  @Test func settingsInAClassWithoutALoaderAreAnEvidenceError() {
    let read = DjangoFixture.read([
      "mysite/settings.py": """
        from myloader import Settings

        class Production(Settings):
            DEBUG = False

        Production.load(__name__)
        """,
    ])
    let messages = read.errors.map(\.message)
    #expect(messages.contains { $0.contains("class Production") && $0.contains("Production.load()") })
  }

  @Test func lambdasAreFunctions() {
    let result = PythonEvaluation.settings("""
      pick = lambda name, default="x": name + default
      VALUE = pick("a")
      CALLBACK = lambda request: False
      SHOW = CALLBACK(None)
      """)
    #expect(result.value("VALUE")?.stringValue == "ax")
    #expect(result.value("SHOW")?.boolValue == false)
  }
}
