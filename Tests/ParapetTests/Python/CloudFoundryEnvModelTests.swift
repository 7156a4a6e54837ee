import Testing

@testable import ParapetPython

/// The cfenv model (a source model: PythonSourceModels). Expectations from cfenv 0.5.3 on
/// CPython 3.13, run on the same inputs.
@Suite("cfenv: Cloud Foundry's VCAP_SERVICES and VCAP_APPLICATION")
struct CloudFoundryEnvModelTests {
  static let services = """
    {"aws-rds": [{"name": "db", "credentials": {"uri": "postgres://db"}}],
     "user-provided": [{"name": "creds", "credentials": {"DJANGO_SECRET_KEY": "from-vcap", "NULLED": null}},
                       {"name": "s3", "credentials": {"bucket": "b"}}]}
    """

  static let settings = """
    from cfenv import AppEnv
    env = AppEnv()
    SECRET_KEY = env.get_credential("DJANGO_SECRET_KEY")
    NULLED = env.get_credential("NULLED", "default")
    FALLBACK = env.get_credential("ONLY_ENV", "default")
    MISSING = env.get_credential("NOWHERE")
    s3 = env.get_service(name="s3")
    BUCKET = s3.credentials.get("bucket") if s3 else None
    NO_SERVICE = env.get_service(name="redis")
    NAME = env.name
    SPACE = env.space
    """

  @Test func credentialsComeFromTheBoundServicesFirst() {
    let result = PythonEvaluation.project(Self.settings, environment: [
      "VCAP_SERVICES": Self.services, "VCAP_APPLICATION": "{\"name\": \"api\", \"space_name\": \"prod\"}",
      "DJANGO_SECRET_KEY": "from-environment", "ONLY_ENV": "env-value",
    ])
    // cfenv 0.5.3: from-vcap None env-value None b None api prod
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("SECRET_KEY")?.stringValue == "from-vcap")
    #expect(result.value("NULLED").map { if case .none = $0.kind { true } else { false } } == true)
    #expect(result.value("FALLBACK")?.stringValue == "env-value")
    #expect(result.value("MISSING").map { if case .none = $0.kind { true } else { false } } == true)
    #expect(result.value("BUCKET")?.stringValue == "b")
    #expect(result.value("NO_SERVICE").map { if case .none = $0.kind { true } else { false } } == true)
    #expect(result.value("NAME")?.stringValue == "api")
    #expect(result.value("SPACE")?.stringValue == "prod")
  }

  @Test func withoutServicesTheEnvironmentAnswers() {
    let result = PythonEvaluation.project(Self.settings, environment: ["DJANGO_SECRET_KEY": "from-environment"])
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("SECRET_KEY")?.stringValue == "from-environment")
    #expect(result.value("NULLED")?.stringValue == "default")
  }

  // cfenv 0.5.3: json.decoder.JSONDecodeError for VCAP_SERVICES=''.
  @Test func anEmptyServicesVariableIsNotJSON() {
    let result = PythonEvaluation.project("from cfenv import AppEnv\nenv = AppEnv()\n", environment: ["VCAP_SERVICES": ""])
    #expect(result.loadErrors.map(\.type) == ["JSONDecodeError"])
  }
}
