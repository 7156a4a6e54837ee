import Foundation
import ParapetFacts
import Testing

@testable import ParapetPython

/// Files the settings read outside the project folder exist only on the server. What the user
/// says about them (`--server-dir SERVER=DIR`: the server's folder holds what DIR holds;
/// `--server-missing PATH`: the server has no PATH) decides what was unknown: reads, existence
/// tests, opens, and the loaders that skip missing files.
@Suite("Server folders given by the user")
struct ServerFolderTests {
  /// Weblate's Docker settings: a secret read from the data volume without stripping, and an
  /// override exec'd when it exists.
  static let volumeSettings = """
    import os
    DATA_DIR = "/app/data"
    with open(os.path.join(DATA_DIR, "secret")) as handle:
        SECRET_KEY = handle.read()
    DEBUG = False
    ADDITIONAL_CONFIG = "/app/data/settings-override.py"
    if os.path.exists(ADDITIONAL_CONFIG):
        with open(ADDITIONAL_CONFIG) as handle:
            code = compile(handle.read(), ADDITIONAL_CONFIG, "exec")
            exec(code)
    """

  static let mountedData = ServerFolders(mounts: [.init(server: "/app/data", bundle: "deploy/data")])

  @Test func aMountedFolderIsReadFromTheBundleAndWhatItLacksDoesNotExist() {
    let result = PythonEvaluation.run(
      ["mysite/settings.py": Self.volumeSettings, "deploy/data/secret": "k3y-from-the-volume\n"], server: Self.mountedData)
    #expect(result.loadErrors.isEmpty)
    #expect(result.evaluator.possibleLoadErrors.isEmpty)
    #expect(result.value("SECRET_KEY")?.stringValue == "k3y-from-the-volume\n")
    #expect(result.value("SECRET_KEY")?.location?.file == "deploy/data/secret")
    // No override in the folder: the server has none, so DEBUG stays as set.
    #expect(result.value("DEBUG")?.boolValue == false)
  }

  @Test func aFileInTheMountedFolderRuns() {
    let result = PythonEvaluation.run(
      [
        "mysite/settings.py": Self.volumeSettings, "deploy/data/secret": "k3y\n",
        "deploy/data/settings-override.py": "DEBUG = True\n",
      ], server: Self.mountedData)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("DEBUG")?.boolValue == true)
  }

  @Test func withoutTheFolderTheReasonSaysHowToGiveIt() {
    let result = PythonEvaluation.run(["mysite/settings.py": Self.volumeSettings])
    let reason = result.value("DEBUG")?.unknownReason ?? result.value("SECRET_KEY")?.unknownReason ?? ""
    #expect(result.value("SECRET_KEY")?.isUnknown == true)
    #expect(reason.contains("--server-dir /app/data=DIR"), "\(reason)")
    #expect(reason.contains("--server-missing"), "\(reason)")
  }

  /// A file the mounted folder lacks is certainly missing: the open raises, and a handler runs.
  @Test func openingWhatTheMountLacksRaises() {
    let result = PythonEvaluation.run(
      [
        "mysite/settings.py": """
          try:
              KEY = open("/app/data/secret").read()
          except FileNotFoundError:
              KEY = "fallback"
          """,
        "deploy/data/README": "the volume's stand-in\n",
      ], server: Self.mountedData)
    #expect(result.loadErrors.isEmpty)
    #expect(result.evaluator.possibleLoadErrors.isEmpty)
    #expect(result.value("KEY")?.stringValue == "fallback")
  }

  /// uMap: `/etc/umap/umap.conf` when it exists, else a file next to the settings, else none.
  @Test func aMissingFolderCoversEverythingInIt() {
    let settings = """
      import os, sys
      path = os.environ.get("UMAP_SETTINGS")
      if not path:
          path = os.path.join("/etc", "umap", "umap.conf")
          if not os.path.exists(path):
              path = None
      DEBUG = False
      if path:
          try:
              with open(path) as config_file:
                  exec(compile(config_file.read(), path, "exec"))
          except IOError as e:
              sys.exit(e)
      """
    let missing = ServerFolders(missing: ["/etc/umap"])
    let fallback = PythonEvaluation.run(["mysite/settings.py": settings], server: missing)
    #expect(fallback.loadErrors.isEmpty)
    #expect(fallback.evaluator.possibleLoadErrors.isEmpty)
    #expect(fallback.value("DEBUG")?.boolValue == false)
    // A named file that is not there ends the process, as on the server.
    let named = PythonEvaluation.run(["mysite/settings.py": settings], environment: ["UMAP_SETTINGS": "/etc/umap/missing.conf"], server: missing)
    #expect(named.loadErrors.map(\.type) == ["SystemExit"])
    // Without the declaration, neither is decided.
    let undecided = PythonEvaluation.run(["mysite/settings.py": settings])
    #expect(undecided.value("DEBUG")?.isUnknown == true || !undecided.evaluator.possibleLoadErrors.isEmpty)
  }

  /// configparser and python-dotenv skip a file that does not exist; a declared missing one is
  /// skipped instead of leaving the values unknown.
  @Test func loadersThatSkipMissingFilesSkipDeclaredOnes() {
    let result = PythonEvaluation.run(
      [
        "mysite/settings.py": """
          import configparser, os
          from dotenv import load_dotenv
          config = configparser.RawConfigParser()
          config.read(["/etc/app/app.cfg", "app.cfg"])
          NAME = config.get("site", "name", fallback="default")
          load_dotenv("/etc/app/.env")
          MODE = os.environ.get("MODE", "prod")
          """,
      ], server: ServerFolders(missing: ["/etc/app"]))
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("NAME")?.stringValue == "default")
    #expect(result.value("MODE")?.stringValue == "prod")
  }

  @Test func theDeepestMountWinsAndPathsNormalise() {
    let folders = ServerFolders(
      mounts: [.init(server: "/srv/", bundle: "server"), .init(server: "/srv/app/config", bundle: "config")],
      missing: ["/etc/x/"])
    #expect(folders.virtualPath("/srv/app/config/a.py") == "/project/config/a.py")
    #expect(folders.virtualPath("/srv/app/other.py") == "/project/server/app/other.py")
    #expect(folders.virtualPath("/srvx/a") == "/srvx/a")
    #expect(folders.virtualPath("/project/x") == "/project/x")
    #expect(folders.isMissing("/etc/x/y/z"))
    #expect(!folders.isMissing("/etc/xy"))
  }

  /// Under the given production environment, `os.environ` holds exactly its variables, so a
  /// loop over it (Weblate's WEBLATE_RATELIMIT_* wildcard) is decided.
  @Test func aLoopOverTheGivenEnvironmentIsDecided() {
    let settings = """
      import os
      LIMITS = {}
      for name in os.environ:
          if name.startswith("APP_LIMIT_"):
              LIMITS[name[10:]] = int(os.environ[name])
      NAMES = sorted(os.environ.keys())
      """
    let result = PythonEvaluation.run(["mysite/settings.py": settings], environment: ["APP_LIMIT_LOGIN": "5", "OTHER": "x"])
    #expect(result.loadErrors.isEmpty)
    guard case .dict(let limits)? = result.value("LIMITS")?.kind else {
      Issue.record("LIMITS is not a dict: \(String(describing: result.value("LIMITS")))")
      return
    }
    #expect(limits.entries.count == 1)
    #expect(result.value("NAMES")?.elements?.compactMap(\.stringValue) == ["APP_LIMIT_LOGIN", "DJANGO_SETTINGS_MODULE", "OTHER"])
  }

  @Test func aLoopOverAnIncompleteEnvironmentStaysUnknown() {
    let evidence = PythonEvaluation.files(["mysite/settings.py": "import os\nN = 0\nfor name in os.environ:\n    N += 1\n"])
    let evaluator = PythonEvaluator(
      resolver: PythonModuleResolver(files: evidence, preferredRoot: nil), environment: [:], unsetIsUnknown: true)
    let module = try? evaluator.importModule("mysite.settings", at: nil)
    #expect(module?.namespace["N"]?.value.isUnknown == true)
  }
}
