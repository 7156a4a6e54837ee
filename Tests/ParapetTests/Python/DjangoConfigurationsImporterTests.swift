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
}
