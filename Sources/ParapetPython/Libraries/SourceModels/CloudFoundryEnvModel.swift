/// cfenv (Cloud Foundry's environment for Python apps, cloud.gov projects such as the FEC's
/// fecfile-web-api): `AppEnv()` parses `$VCAP_APPLICATION` and `$VCAP_SERVICES` as JSON when it
/// is made (an empty or malformed value raises JSONDecodeError, so the settings do not load);
/// `get_credential(key, default)` answers the first credential named `key` among the bound
/// services, in the order of the JSON, even when its value is null, and only then
/// `os.getenv(key, default)`; `get_service(**filters)` answers the first service whose entries
/// equal the filters (a compiled pattern is searched instead), else None.
///
/// Read in cfenv 0.5.3 and checked against it on the fecfile recordings (docs/facts/django.md).
enum CloudFoundryEnvModel {
  static let source = """
    import json
    import os


    def _matches(entry, filters):
        for key, wanted in filters.items():
            value = entry.get(key)
            if value is None:
                return False
            if hasattr(wanted, "search"):
                if not wanted.search(value):
                    return False
            elif wanted != value:
                return False
        return True


    class Service(object):
        def __init__(self, env):
            self.env = env
            self.credentials = self.env.get("credentials", {})

        @property
        def name(self):
            return self.env.get("name")


    class AppEnv(object):
        def __init__(self):
            self.app = json.loads(os.getenv("VCAP_APPLICATION", "{}"))
            self.services = []
            for group in json.loads(os.getenv("VCAP_SERVICES", "{}")).values():
                for entry in group:
                    self.services.append(Service(entry))

        @property
        def name(self):
            return self.app.get("name")

        @property
        def space(self):
            return self.app.get("space_name")

        @property
        def index(self):
            index = os.getenv("CF_INSTANCE_INDEX")
            return int(index) if index else None

        @property
        def port(self):
            port = os.getenv("PORT") or os.getenv("CF_INSTANCE_PORT") or os.getenv("VCAP_APP_PORT")
            return int(port) if port else None

        @property
        def bind(self):
            return self.app.get("host", "localhost")

        @property
        def uris(self):
            return self.app.get("uris", [])

        def get_service(self, **filters):
            for service in self.services:
                if _matches(service.env, filters):
                    return service
            return None

        def get_credential(self, key, default=None):
            # The fallback is read first, whatever the services hold.
            fallback = os.getenv(key, default)
            for service in self.services:
                for name, value in service.credentials.items():
                    if key == name:
                        return value
            return fallback
    """
}
