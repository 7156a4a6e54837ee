/// opentelemetry-instrumentation-django: what `DjangoInstrumentor().instrument(...)` does to
/// Django's settings when settings code calls it (Signalen's `settings.py` does, at its end).
///
/// The instrumentor is a singleton that instruments once. Unless
/// `OTEL_PYTHON_DJANGO_INSTRUMENT` is `False`, it reads `settings.MIDDLEWARE`; when that read
/// raises ImproperlyConfigured or ModuleNotFoundError (the settings module named does not
/// exist), it calls `settings.configure()`, so Django runs on its defaults. It then puts its
/// middleware at `OTEL_PYTHON_DJANGO_MIDDLEWARE_POSITION` (0 when unset, not an integer or out
/// of range), after the SQL commenter's when asked for, and sets `settings.MIDDLEWARE` to the
/// list. Tracer, meter and hooks do not touch the settings.
///
/// Read in opentelemetry-instrumentation-django 0.61b0 (`__init__.py`, `instrumentor.py`)
/// and checked against it on the Signalen recordings (docs/facts/django.md). The model lists
/// only this class: other names of the library are unknown, not missing.
enum OpenTelemetryDjangoModel {
  static let source = """
    import os

    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured


    def _middleware_position(length, default):
        given = os.environ.get("OTEL_PYTHON_DJANGO_MIDDLEWARE_POSITION")
        try:
            position = int(given)
        except (ValueError, TypeError):
            position = default
        if position < 0 or position > length:
            position = 0
        return position


    class DjangoInstrumentor(object):
        _instrumented = False
        _opentelemetry_middleware = "opentelemetry.instrumentation.django.middleware.otel_middleware._DjangoMiddleware"
        _sql_commenter_middleware = "opentelemetry.instrumentation.django.middleware.sqlcommenter_middleware.SqlCommenter"

        def instrument(self, **kwargs):
            if DjangoInstrumentor._instrumented:
                return None
            self._instrument(kwargs)
            DjangoInstrumentor._instrumented = True
            return None

        def _instrument(self, kwargs):
            if os.environ.get("OTEL_PYTHON_DJANGO_INSTRUMENT") == "False":
                return
            try:
                middleware = getattr(settings, "MIDDLEWARE", [])
            except ImproperlyConfigured:
                settings.configure()
                middleware = getattr(settings, "MIDDLEWARE", [])
            except ModuleNotFoundError:
                settings.configure()
                middleware = getattr(settings, "MIDDLEWARE", [])
            if isinstance(middleware, tuple):
                middleware = list(middleware)
            position = _middleware_position(len(middleware), kwargs.get("middleware_position", 0))
            if kwargs.get("is_sql_commentor_enabled", None):
                middleware.insert(position, DjangoInstrumentor._sql_commenter_middleware)
            middleware.insert(position, DjangoInstrumentor._opentelemetry_middleware)
            setattr(settings, "MIDDLEWARE", middleware)

        def uninstrument(self, **kwargs):
            if not DjangoInstrumentor._instrumented:
                return None
            middleware = getattr(settings, "MIDDLEWARE", None)
            if middleware is not None and DjangoInstrumentor._opentelemetry_middleware in middleware:
                middleware.remove(DjangoInstrumentor._opentelemetry_middleware)
                setattr(settings, "MIDDLEWARE", middleware)
            DjangoInstrumentor._instrumented = False
            return None
    """
}
