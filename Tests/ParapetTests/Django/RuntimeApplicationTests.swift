import Foundation
import ParapetEvidence
import ParapetFacts
import Testing

/// Which runtimes of the deployment files run this Django project (docs/facts/django.md,
/// "Environment"): another program or another framework's app is no target; an image that
/// starts Django through a script of the checkout is one; a runtime whose env_file the scan
/// does not hold leaves unset variables unknown, and a required one an undecided load.
@Suite("Django runtimes: what each start command serves")
struct RuntimeApplicationTests {
  static let settings = EnvironmentTargetsTests.settings

  static func targets(_ files: [String: String]) -> [String] {
    let (facts, _) = EnvironmentTargetsTests.read(files, context: ScanContext())
    guard case .map(let targets)? = facts.lookup("django_targets")?.value else {
      return facts.value("django.target")?.stringValue.map { [$0] } ?? []
    }
    return Array(targets.keys)
  }

  /// A FastAPI side service, a Node demo server and an `npm` command in the same compose file
  /// are not Django, even when they set variables the settings read; a uvicorn app module that
  /// is Django's ASGI application stays a runtime.
  @Test func otherApplicationsAreNotRuntimes() {
    let compose = """
      services:
        web:
          build: .
          command: gunicorn mysite.wsgi
        asgi:
          build: .
          command: uvicorn mysite.asgi:application
        cirrus:
          build: ./cirrus
          environment:
            DEBUG: "1"
        demo:
          build: ./demo
          environment:
            SECRET_KEY: "x"
        frontend:
          build: .
          command: npm start
          environment:
            DEBUG: "1"
      """
    let files = [
      "mysite/settings.py": Self.settings, "docker-compose.yml": compose,
      "mysite/asgi.py": "from django.core.asgi import get_asgi_application\napplication = get_asgi_application()\n",
      "cirrus/Dockerfile": "FROM python:3.11-slim\nCOPY . /app\nCMD [\"uvicorn\", \"cirrus.main:app\", \"--port\", \"8001\"]\n",
      "cirrus/cirrus/__init__.py": "",
      "cirrus/cirrus/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
      "demo/Dockerfile": "FROM node:18\nCOPY index.js ./\nCMD [\"node\", \"index.js\"]\n",
    ]
    #expect(Self.targets(files) == ["docker-compose.yml service web", "docker-compose.yml service asgi"])
  }

  /// A service built from a folder without Python (a Java LanguageTool image whose final stage
  /// inherits the CMD of the stage it is built on) cannot run the project; the app built from the
  /// checkout still counts when its command is a script the scan does not hold.
  @Test func anImageBuiltWithoutPythonIsNotARuntime() {
    let compose = """
      services:
        app:
          build: .
        languagetool:
          build: ./languagetool
          environment:
            DEBUG: "1"
      """
    let files = [
      "mysite/settings.py": Self.settings, "docker-compose.yml": compose,
      "Dockerfile": "FROM python:3.12\nCOPY . /app\nCMD [\"/app/start.sh\"]\n",
      "languagetool/Dockerfile": "FROM alpine:3.22 AS languagetool\nCMD [\"/LanguageTool/start.sh\"]\n\nFROM languagetool\n",
      "languagetool/scripts/start.sh": "#!/bin/sh\nexec java -jar languagetool-server.jar\n",
    ]
    #expect(Self.targets(files) == ["docker-compose.yml service app"])
  }

  /// A settings module kept out of the repository that the Dockerfile copies in (`COPY
  /// docker/settings.py $APP_DIR/fvserver/` after `COPY / $APP_DIR`, Crypt-Server and Sal): for
  /// the image's runtime its absence is not certain. The image's script runs runserver under a
  /// debug switch and supervisord otherwise: a production runtime.
  @Test func aSettingsFileTheImageCopiesInIsNotCertainlyMissing() {
    let manage = "import os, sys\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'fvserver.settings')\n"
      + "from django.core.management import execute_from_command_line\nexecute_from_command_line(sys.argv)\n"
    let files = [
      "manage.py": manage, "fvserver/__init__.py": "", "docker/settings.py": "DEBUG = False\n",
      // `$APP` must not replace the start of `$APP_DIR`.
      "Dockerfile": "FROM python:3.10\nENV APP_DIR /home/docker/app\nENV APP x\nCOPY / $APP_DIR\nCOPY docker/settings.py $APP_DIR/fvserver/\n"
        + "COPY docker/run.sh /run.sh\nCMD [\"/run.sh\"]\n",
      "docker/run.sh": "#!/bin/sh\nif [ \"$DEBUG\" = true ]; then\n  python3 manage.py runserver 0.0.0.0:8000\nelse\n"
        + "  supervisord --nodaemon -c /etc/supervisord.conf\nfi\n",
    ]
    let (facts, errors) = EnvironmentTargetsTests.read(files, context: ScanContext())
    #expect(facts.value("django.target") == .string("Dockerfile final stage"))
    #expect(facts.value("django.load_errors") == .list([]))
    #expect(facts.value("django.possible_load_errors.1.type") == .string("ModuleNotFoundError"))
    #expect(errors.contains { $0.description.contains("the runtime's image writes fvserver/settings.py at Dockerfile:5") })
  }

  /// An app module the scan does not hold leaves the runtime in: only positive evidence of
  /// another framework takes one out.
  @Test func anAppModuleOutsideTheScanStaysARuntime() {
    let files = [
      "mysite/settings.py": Self.settings,
      "Dockerfile": "FROM python:3.12\nCOPY . /app\nCMD [\"gunicorn\", \"elsewhere.app:application\"]\n",
    ]
    #expect(Self.targets(files) == ["Dockerfile final stage"])
  }

  /// `CMD ["/run.sh"]` after `COPY docker/run.sh /run.sh`: the script starts gunicorn (and
  /// runserver under a debug switch), so the image is a production Django runtime. A script that
  /// only runs runserver makes it a development one.
  @Test func anImageStartsDjangoThroughItsScript() {
    let script = """
      #!/bin/sh
      set -e
      python3 manage.py migrate --noinput
      if [ "$APP_DEBUG" = "true" ]; then
          python3 manage.py runserver 0.0.0.0:8000
      else
          gunicorn -c /app/gunicorn.py mysite.wsgi:application
      fi
      """
    let dockerfile = "FROM python:3.12-alpine\nCOPY / /app\nCOPY docker/run.sh /run.sh\nCMD [\"/run.sh\"]\n"
    var files = ["mysite/settings.py": Self.settings, "Dockerfile": dockerfile, "docker/run.sh": script]
    #expect(Self.targets(files) == ["Dockerfile final stage"])

    files["docker/run.sh"] = "#!/bin/sh\nexec python manage.py runserver 0.0.0.0:8000\n"
    let (facts, _) = EnvironmentTargetsTests.read(files, context: ScanContext())
    #expect(facts.value("django.environment_source") == .string("defaults"))
    #expect(EnvironmentTargetsTests.notes(facts).contains { $0.contains("Dockerfile final stage was not evaluated (development") })

    // Without the script in the scan, the command says nothing: no runtime, as before.
    files["docker/run.sh"] = nil
    #expect(Self.targets(files).isEmpty)
  }

  /// `env_file: .env` that the scan does not hold (git-ignored, on the host): a variable the
  /// service does not visibly set may be set there, so it is unknown, with that reason; one the
  /// settings require (`os.environ["X"]`) makes the load undecided, never a pass.
  @Test func aMissingEnvFileLeavesVariablesUnknown() {
    let settings = """
      import os
      SECRET_KEY = os.environ["SECRET_KEY"]
      DEBUG = os.environ.get("DEBUG", "0") == "1"
      ALLOWED_HOSTS = ["example.com"]
      """
    let compose = """
      services:
        web:
          image: example/shop:1.0
          env_file: .env
          command: gunicorn mysite.wsgi
          environment:
            DEBUG: "0"
      """
    let files = ["mysite/settings.py": settings, "docker-compose.yml": compose]
    let (facts, _) = EnvironmentTargetsTests.read(files, context: ScanContext())
    #expect(facts.value("django.target") == .string("docker-compose.yml service web"))
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
    let secret = facts.lookup("django.settings.SECRET_KEY")
    #expect(secret?.isKnown == false)
    if case .unknown(let unknown)? = secret?.value {
      #expect(unknown.reason.contains("env_file .env, which is not in the scanned files"))
    }
    #expect(facts.value("django.loaded") == .bool(true))
    guard case .list(let possible)? = facts.lookup("django.possible_load_errors")?.value else {
      Issue.record("no possible load errors")
      return
    }
    #expect(possible.contains { $0["type"]?.value == .string("KeyError") })

    // With the env file in the scan, its values decide, and the load is certain.
    var complete = files
    complete[".env"] = "SECRET_KEY=a-very-long-production-secret-key-with-many-different-characters-0123456789\n"
    let (known, _) = EnvironmentTargetsTests.read(complete, context: ScanContext())
    #expect(known.lookup("django.settings.SECRET_KEY")?.isKnown == true)
    if case .list(let none)? = known.lookup("django.possible_load_errors")?.value { #expect(none.isEmpty) }
  }
}
