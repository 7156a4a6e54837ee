import Foundation
import ParapetEvidence
import ParapetFacts
import Testing

/// `raw.gunicorn[path]`: every name of a gunicorn config evaluated with the Python front end
/// under the scan's environment, and the curated `gunicorn.instances` from the same evaluation.
@Suite("gunicorn: raw layer and environment")
struct GunicornRawLayerTests {
  static let config = """
    import multiprocessing
    import os

    bind = "0.0.0.0:8000"
    workers = multiprocessing.cpu_count() * 2 + 1
    timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
    threads = int(os.getenv("GUNICORN_THREADS", "2")) * 2
    graceful_timeout = timeout + 10
    keyfile = os.environ["TLS_KEY_FILE"]
    forwarded_allow_ips = ",".join(["10.0.0.1", "10.0.0.2"])
    api_token = "tok-8c1f2b9e7d6a5c4b3a2f1e0d"
    secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

    def post_fork(server, worker):
        server.log.info("forked %s", worker.pid)

    """

  static func load(_ context: ScanContext = ScanContext()) -> EvidenceResult {
    DeploymentFixtures.load(files: ["deploy/gunicorn.conf.py": config], context: context)
  }

  static func settings(_ result: EvidenceResult) throws -> Fact {
    try #require(result.facts.at("raw", "gunicorn", "deploy/gunicorn.conf.py", "settings"))
  }

  @Test func withoutAnEnvironmentTheCodesDefaultsApply() throws {
    let result = Self.load()
    let file = try #require(result.facts.at("raw", "gunicorn", "deploy/gunicorn.conf.py"))
    #expect(file["format"]?.text == "python")
    #expect(file["environment"]?.text == "defaults")
    let settings = try Self.settings(result)
    #expect(settings["timeout"]?.value == .integer(30))
    #expect(settings["timeout"]?.location?.file == "deploy/gunicorn.conf.py")
    #expect(settings["timeout"]?.line == 6)
    #expect(settings["threads"]?.value == .integer(4))
    #expect(settings["graceful_timeout"]?.value == .integer(40))
    // The value came from the code's default of a variable the environment does not set.
    let provenance = try #require(result.facts.at("raw", "gunicorn", "deploy/gunicorn.conf.py", "provenance", "timeout"))
    #expect(provenance["source"]?.text == "default")
    #expect(provenance["variables"]?.items.compactMap(\.text) == ["GUNICORN_TIMEOUT"])
    #expect(provenance.lookup("environment.GUNICORN_TIMEOUT.default")?.text == "30")
    #expect(result.facts.at("raw", "gunicorn", "deploy/gunicorn.conf.py", "provenance", "bind", "source")?.text == "literal")
    #expect(settings["bind"]?.text == "0.0.0.0:8000")
    #expect(settings["forwarded_allow_ips"]?.text == "10.0.0.1,10.0.0.2")
    #expect(settings.lookup("secure_scheme_headers.X-FORWARDED-PROTO")?.text == "https")
    // Computed from the machine: unknown, with a reason.
    guard case .unknown(let workers)? = settings["workers"]?.value else {
      Issue.record("workers should be unknown: \(String(describing: settings["workers"]))")
      return
    }
    #expect(!workers.reason.isEmpty)
    #expect(settings["workers"]?.line == 5)
    // Imported modules are not settings; hooks are there, as unknown functions.
    #expect(settings["os"] == nil)
    #expect(settings["multiprocessing"] == nil)
    #expect(settings["__file__"] == nil)
    #expect(settings["post_fork"]?.isKnown == false)
  }

  @Test func aRequiredVariableThatIsNotSetIsUnknownAndNamed() throws {
    let result = Self.load()
    let settings = try Self.settings(result)
    guard case .unknown(let keyfile)? = settings["keyfile"]?.value else {
      Issue.record("keyfile should be unknown: \(String(describing: settings["keyfile"]))")
      return
    }
    #expect(keyfile.variables == ["TLS_KEY_FILE"])
    #expect(keyfile.reason.contains("TLS_KEY_FILE"))
    #expect(settings["keyfile"]?.line == 9)
    let errors = result.facts.at("raw", "gunicorn", "deploy/gunicorn.conf.py", "load_errors")?.items ?? []
    #expect(errors.compactMap { $0["type"]?.text } == ["KeyError"])
    #expect(errors.first?.line == 9)
    // The rest of the file is still evaluated.
    #expect(settings["forwarded_allow_ips"]?.isKnown == true)
  }

  @Test func aGivenEnvironmentIsUsedExactly() throws {
    let context = ScanContext(
      environment: ["GUNICORN_TIMEOUT": "120", "TLS_KEY_FILE": "/etc/tls/key.pem"],
      environmentSources: ["GUNICORN_TIMEOUT": "--env", "TLS_KEY_FILE": "--env"])
    let result = Self.load(context)
    #expect(result.facts.at("raw", "gunicorn", "deploy/gunicorn.conf.py", "environment")?.text == "given")
    let settings = try Self.settings(result)
    #expect(settings["timeout"]?.value == .integer(120))
    #expect(result.facts.at("raw", "gunicorn", "deploy/gunicorn.conf.py", "provenance", "timeout", "source")?.text == "environment")
    #expect(settings["graceful_timeout"]?.value == .integer(130))
    // Not in the given environment: the code's default.
    #expect(settings["threads"]?.value == .integer(4))
    #expect(settings["keyfile"]?.text == "/etc/tls/key.pem")
    #expect(result.facts.at("raw", "gunicorn", "deploy/gunicorn.conf.py", "load_errors")?.items.isEmpty == true)
  }

  @Test func secretNamesAreSecrets() throws {
    let result = Self.load()
    let settings = try Self.settings(result)
    guard case .secret? = settings["api_token"]?.value else {
      Issue.record("api_token should be a secret fact: \(String(describing: settings["api_token"]))")
      return
    }
    let rendered = FactJSON.render(result.facts.fact).serialized(pretty: true)
    #expect(!rendered.contains("8c1f2b9e7d6a5c4b3a2f1e0d"))
  }

  @Test func theCuratedViewTakesTheSameValues() throws {
    let result = Self.load(ScanContext(environment: ["GUNICORN_TIMEOUT": "45"]))
    let instances = result.facts.at("gunicorn", "instances")?.items ?? []
    let config = try #require(instances.first { $0["origin"]?.text == "config" })
    let settings = try Self.settings(result)
    #expect(config["path"]?.text == "deploy/gunicorn.conf.py")
    #expect(config["timeout"] == settings["timeout"])
    #expect(config["timeout"]?.value == .integer(45))
    #expect(config["workers"] == settings["workers"])
    #expect(config.lookup("bind.1")?.text == "0.0.0.0:8000")
    #expect(config["post_fork"] == nil)
  }

  @Test func aSyntaxErrorIsAGunicornErrorWithItsLine() throws {
    let result = DeploymentFixtures.load(files: ["gunicorn.conf.py": "bind = \"0.0.0.0:8000\"\nworkers = (4\n"])
    let error = try #require(result.errors.first { $0.location.file == "gunicorn.conf.py" })
    #expect(error.reader == "gunicorn")
    #expect(error.location.line != nil)
  }
}
