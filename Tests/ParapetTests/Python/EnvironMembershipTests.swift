import Foundation
import ParapetFacts
import Testing

@testable import ParapetPython

/// `name in env` for a django-environ `Env`: `Env.__contains__` is `name in os.environ` (what
/// `read_env` loaded included, the prefix and the scheme's defaults not), so a branch on it is
/// decided like Python decides it. The recorded cases of the real library are in
/// Fixtures/python-libraries/django-environ.json (`contains-*`).
@Suite("django-environ membership")
struct EnvironMembershipTests {
  static let code = """
  import environ
  env = environ.Env(SECRET_KEY=(str, "scheme-default"))
  environ.Env.read_env(".env")
  if "SECRET_KEY" in env:
      SECRET_KEY = env.str("SECRET_KEY")
  else:
      SECRET_KEY = "generated"
  """

  func key(_ environment: [String: String], files: [String: String] = [:], unsetIsUnknown: Bool = false) -> PythonValue? {
    var all = files
    all["mysite/settings.py"] = Self.code
    let evidence = PythonEvaluation.files(all)
    let evaluator = PythonEvaluator(
      resolver: PythonModuleResolver(files: evidence, preferredRoot: nil), environment: environment,
      unsetIsUnknown: unsetIsUnknown)
    let module = try? evaluator.importModule("mysite.settings", at: nil)
    return module?.namespace["SECRET_KEY"]?.value
  }

  @Test func aVariableInTheEnvironmentIsAMember() {
    #expect(key(["SECRET_KEY": "from-the-environment"])?.stringValue == "from-the-environment")
    // Set but empty is still a member: the key is empty, not generated.
    #expect(key(["SECRET_KEY": ""])?.stringValue == "")
  }

  @Test func anUnsetVariableIsNotAMemberWhateverTheSchemeSays() {
    #expect(key([:])?.stringValue == "generated")
  }

  @Test func aVariableLoadedByReadEnvIsAMember() {
    let files = [".env": "SECRET_KEY=from-the-file\n"]
    #expect(key([:], files: files)?.stringValue == "from-the-file")
    // The environment wins over the file (read_env does not override).
    #expect(key(["SECRET_KEY": "env"], files: files)?.stringValue == "env")
  }

  @Test func anIncompleteEnvironmentLeavesMembershipUnknown() {
    #expect(key([:], unsetIsUnknown: true)?.isUnknown == true)
  }
}
