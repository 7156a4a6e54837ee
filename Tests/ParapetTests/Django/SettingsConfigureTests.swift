import ParapetFacts
import ParapetPython
import Testing

@testable import ParapetEvidence

/// `django.conf.settings.configure()` and OpenTelemetry's Django instrumentor, which calls it
/// when the settings module it reads does not exist. Signalen's settings instrument Django at
/// their end; under its old module name (`signals.settings.production`, a submodule of a plain
/// module) Django 4.2 ran the checks on its defaults (conformance/real-django/signals).
@Suite("settings.configure() and the OpenTelemetry Django instrumentor")
struct SettingsConfigureTests {
  static let settings = """
    import os
    from opentelemetry.instrumentation.django import DjangoInstrumentor

    SECRET_KEY = os.environ["SECRET_KEY"]
    DEBUG = False
    ALLOWED_HOSTS = ["example.org"]
    MIDDLEWARE = [
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ]

    DjangoInstrumentor().instrument()
    """

  static let files: [String: String] = [
    "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
    "mysite/__init__.py": "",
    "mysite/settings.py": settings,
  ]

  static func read(_ environment: [String: String]) -> FactTree {
    var facts = FactTree()
    _ = DjangoSettingsReader().read(
      DjangoFixture.bundle(files), into: &facts, context: ScanContext(environment: environment, environmentGiven: true))
    return facts
  }

  static func middleware(_ facts: FactTree) -> [String] {
    guard case .list(let items)? = facts.value("django.settings.MIDDLEWARE") else { return [] }
    return items.compactMap { item in
      if case .string(let text) = item.value { return text }
      return nil
    }
  }

  @Test func theInstrumentorAddsItsMiddlewareToTheSettingsItReads() {
    let facts = Self.read(["DJANGO_SETTINGS_MODULE": "mysite.settings", "SECRET_KEY": String(repeating: "k", count: 60)])
    #expect(facts.value("django.loaded") == .bool(true))
    let middleware = Self.middleware(facts)
    #expect(middleware.first == "opentelemetry.instrumentation.django.middleware.otel_middleware._DjangoMiddleware")
    #expect(middleware.contains("django.middleware.security.SecurityMiddleware"))
  }

  @Test func aMissingSettingsModuleLeavesDjangoOnItsDefaults() {
    let facts = Self.read(["DJANGO_SETTINGS_MODULE": "mysite.settings.production", "SECRET_KEY": String(repeating: "k", count: 60)])
    // Django 4.2: the checks ran on global_settings plus the instrumentor's middleware.
    #expect(facts.value("django.loaded") == .bool(true))
    #expect(Self.middleware(facts) == ["opentelemetry.instrumentation.django.middleware.otel_middleware._DjangoMiddleware"])
    #expect(facts.value("django.settings.DEBUG") == nil)
    #expect(facts.value("django.settings.SECRET_KEY") == nil)
    // Where the values come from: the instrument() call, not the model.
    #expect(facts.lookup("django.settings.MIDDLEWARE")?.location?.file == "mysite/settings.py")
  }

  @Test func turnedOffTheInstrumentorLeavesTheImportErrorToStopDjango() {
    let facts = Self.read([
      "DJANGO_SETTINGS_MODULE": "mysite.settings.production", "SECRET_KEY": String(repeating: "k", count: 60),
      "OTEL_PYTHON_DJANGO_INSTRUMENT": "False",
    ])
    #expect(facts.value("django.loaded") == .bool(false))
    #expect(facts.value("django.load_errors.1.type") == .string("ModuleNotFoundError"))
  }

  @Test func configureTakesUpperCaseOptionsOnce() {
    let configured = PythonEvaluation.settings("""
      from django.conf import settings
      settings.configure(DEBUG=True, ALLOWED_HOSTS=["a.example"])
      SEEN_DEBUG = settings.DEBUG
      SEEN_HOSTS = settings.ALLOWED_HOSTS
      SEEN_DEFAULT = settings.SESSION_COOKIE_SECURE
      IS_CONFIGURED = settings.configured
      """)
    #expect(configured.loadErrors.isEmpty)
    #expect(configured.value("SEEN_DEBUG")?.boolValue == true)
    #expect(configured.value("SEEN_DEFAULT")?.boolValue == false)
    #expect(configured.value("IS_CONFIGURED")?.boolValue == true)

    let twice = PythonEvaluation.settings("from django.conf import settings\nsettings.configure()\nsettings.configure()\n")
    #expect(twice.loadErrors.map(\.type) == ["RuntimeError"])
    #expect(twice.loadErrors.first?.message.hasPrefix("Settings already configured.") == true)

    let lowerCase = PythonEvaluation.settings("from django.conf import settings\nsettings.configure(debug=True)\n")
    #expect(lowerCase.loadErrors.map(\.type) == ["TypeError"])

    // default_settings is the parameter, not an option; other defaults than Django's are unknown.
    let custom = PythonEvaluation.settings("""
      from django.conf import settings
      settings.configure(default_settings=object(), DEBUG=True)
      SEEN_DEBUG = settings.DEBUG
      SEEN_OTHER = settings.USE_I18N
      """)
    #expect(custom.loadErrors.isEmpty)
    #expect(custom.value("SEEN_DEBUG")?.boolValue == true)
    #expect(custom.value("SEEN_OTHER")?.isUnknown == true)
  }

  @Test func anErrorManagePyDoesNotKeepStillStopsDjango() {
    let result = PythonEvaluation.settings("from django.conf import settings\nsettings.configure()\n")
    let kept = result.evaluator.configuredSettingsModule(
      after: PythonException(type: "ModuleNotFoundError", message: "No module named 'x'", location: nil), name: "x")
    #expect(kept != nil)
    let stopping = result.evaluator.configuredSettingsModule(
      after: PythonException(type: "ValueError", message: "bad", location: nil), name: "x")
    #expect(stopping == nil)
  }
}
