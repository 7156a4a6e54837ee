import Foundation
import ParapetFacts
import Testing

@testable import ParapetEvidence

/// Settings that come from files the scan cannot read: a settings module that is a symbolic
/// link (an installer's `prod_settings.py -> /etc/app/settings.py`), and configuration files at
/// absolute paths outside the project (`/etc/app/app.conf`). Such values are unknown with a
/// reason naming the file and how to let the scan decide, never the values of the code around.
@Suite("Settings from files the scan cannot see")
struct UnseenSettingsFilesTests {
  static let layered: [String: String] = [
    "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'app.settings')\n",
    "app/__init__.py": "",
    "app/defaults.py": "DEBUG = True\nALLOWED_HOSTS = ['*']\nSECRET_KEY = 'dev-only-key'\n",
    "app/settings.py": """
    from .defaults import *
    from .site_settings import *
    CSRF_COOKIE_SECURE = True
    """,
  ]

  func reason(_ facts: FactTree, _ path: String) -> String? {
    guard case .unknown(let unknown)? = facts.value(path) else { return nil }
    return unknown.reason
  }

  @Test func starImportOfALinkedModuleMakesEarlierSettingsUnknown() {
    let (facts, _) = DjangoFixture.read(Self.layered, links: ["app/site_settings.py": "/etc/app/settings.py"])
    // The linked module may set DEBUG and ALLOWED_HOSTS: the defaults are not the answer.
    let debug = reason(facts, "django.settings.DEBUG")
    #expect(debug?.contains("app/site_settings.py is a symbolic link to /etc/app/settings.py") == true)
    #expect(debug?.contains("diffsettings") == true)
    #expect(reason(facts, "django.settings.ALLOWED_HOSTS") != nil)
    // A setting assigned after the import is known.
    #expect(facts.value("django.settings.CSRF_COOKIE_SECURE") == .bool(true))
    // Settings the module does not assign visibly may come from the linked file.
    #expect(facts.lookup("django.unseen_settings") != nil)
    // The import fails where Django runs unless the link's destination exists there.
    let possible = "\(facts.value("django.possible_load_errors").map { "\($0)" } ?? "")"
    #expect(possible.contains("unless /etc/app/settings.py (where the symbolic link app/site_settings.py leads) exists where Django runs"))
    #expect(facts.value("django.load_errors") == .list([]))
  }

  @Test func namesImportedFromALinkedModuleAreUnknown() {
    var files = Self.layered
    files["app/settings.py"] = "from .site_settings import EXTERNAL_HOST\nALLOWED_HOSTS = [EXTERNAL_HOST]\nDEBUG = False\n"
    let (facts, _) = DjangoFixture.read(files, links: ["app/site_settings.py": "/etc/app/settings.py"])
    let hosts = facts.value("django.settings.ALLOWED_HOSTS").map { "\($0)" } ?? ""
    #expect(hosts.contains("EXTERNAL_HOST comes from app.site_settings: app/site_settings.py is a symbolic link"))
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
  }

  @Test func aGuardedImportOfALinkedModuleIsNoPossibleLoadError() {
    var files = Self.layered
    files["app/settings.py"] = """
    from .defaults import *
    try:
        from .site_settings import *
    except ImportError:
        pass
    """
    let (facts, _) = DjangoFixture.read(files, links: ["app/site_settings.py": "../shared/site.py"])
    #expect(facts.value("django.possible_load_errors") == .list([]))
    // DEBUG is the default's True only when the import fails: unknown.
    #expect(reason(facts, "django.settings.DEBUG") != nil)
    let notes = facts.value("django.notes").map { "\($0)" } ?? ""
    #expect(notes.contains("app/site_settings.py is a symbolic link to ../shared/site.py"))
  }

  @Test func aStarImportUnderAnUndecidedConditionMakesItsNamesConditional() {
    let (facts, _) = DjangoFixture.read([
      "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'app.settings')\n",
      "app/__init__.py": "",
      "app/local.py": "DEBUG = True\nEXTRA_FLAG = 1\n",
      "app/settings.py": """
      import configparser
      config = configparser.RawConfigParser()
      config.read("/etc/app/app.conf")
      DEBUG = False
      X_FRAME_OPTIONS = "DENY"
      if not config.has_option("machine", "deploy_type"):
          from .local import *
      """,
    ])
    // DEBUG is False or True depending on the file on the server: unknown, never False.
    #expect(reason(facts, "django.settings.DEBUG")?.contains("/etc/app/app.conf") == true)
    #expect(facts.value("django.settings.X_FRAME_OPTIONS") == .string("DENY"))
    #expect(reason(facts, "django.settings.EXTRA_FLAG") != nil)
  }

  @Test func aModuleFileBeforeTheLinkInTheSearchOrderWins() {
    var files = Self.layered
    files["app/site_settings.py"] = "DEBUG = False\n"
    let (facts, _) = DjangoFixture.read(files, links: ["site_settings.py": "/etc/app/settings.py"])
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
  }

  @Test func aScannedFolderRecordsItsSymbolicLinksWithoutReadingThem() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parapet-links-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("app"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try "DEBUG = True\n".write(to: folder.appendingPathComponent("app/defaults.py"), atomically: true, encoding: .utf8)
    try FileManager.default.createSymbolicLink(
      atPath: folder.appendingPathComponent("app/site_settings.py").path, withDestinationPath: "/etc/app/settings.py")
    let bundle = EvidenceBundle(paths: [folder.path])
    #expect(bundle.symbolicLinks == ["app/site_settings.py": "/etc/app/settings.py"])
    #expect(bundle.files.map(\.path) == ["app/defaults.py"])
  }

  /// A link to a regular file inside the scanned folder is read as that file under the link's
  /// name (`local.py -> prod.py`), so its settings are known; links out of the folder, to
  /// folders or to nothing are only recorded.
  @Test func aLinkToAFileInsideTheScannedFolderIsReadUnderItsName() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parapet-links-in-\(UUID().uuidString)")
    let manager = FileManager.default
    try manager.createDirectory(at: folder.appendingPathComponent("app"), withIntermediateDirectories: true)
    try manager.createDirectory(at: folder.appendingPathComponent("shared"), withIntermediateDirectories: true)
    defer { try? manager.removeItem(at: folder) }
    try "from .local import *\n".write(to: folder.appendingPathComponent("app/settings.py"), atomically: true, encoding: .utf8)
    try "SECRET_KEY = 'k' * 60\nDEBUG = True\n".write(to: folder.appendingPathComponent("shared/prod.py"), atomically: true, encoding: .utf8)
    try manager.createSymbolicLink(atPath: folder.appendingPathComponent("app/local.py").path, withDestinationPath: "../shared/prod.py")
    try manager.createSymbolicLink(atPath: folder.appendingPathComponent("app/shared").path, withDestinationPath: "../shared")
    try manager.createSymbolicLink(atPath: folder.appendingPathComponent("app/gone.py").path, withDestinationPath: "missing.py")
    let whole = EvidenceBundle(paths: [folder.path])
    #expect(whole.files.map(\.path).contains("app/local.py"))
    #expect(whole.file(at: "app/local.py")?.text.contains("DEBUG = True") == true)
    #expect(whole.symbolicLinks == ["app/shared": "../shared", "app/gone.py": "missing.py"])
    // Scanning only app/, the same link leads out of the folder given: recorded, not read.
    let app = EvidenceBundle(paths: [folder.appendingPathComponent("app").path])
    #expect(!app.files.map(\.path).contains("local.py"))
    #expect(app.symbolicLinks["local.py"] == "../shared/prod.py")
  }

  @Test func aConfigurationFileOutsideTheProjectSaysHowToDecide() {
    let facts = DjangoFixture.settings("""
    import configparser
    config = configparser.RawConfigParser()
    config.read("/etc/app/app.conf")
    PRODUCTION = config.has_option("machine", "deploy_type")
    DEBUG = not PRODUCTION
    """)
    let debug = reason(facts, "django.settings.DEBUG")
    #expect(debug?.contains("/etc/app/app.conf, which is not in the scanned files") == true)
    #expect(debug?.contains("manage.py diffsettings --all") == true)
    // Negation keeps the operand's reason as it is.
    #expect(debug?.hasPrefix("not ") == false)
  }

  @Test func aMissingFileInsideTheProjectNeedsNoServerHint() {
    let facts = DjangoFixture.settings("SECRET_KEY = open('conf/key.txt').read()\n")
    let key = reason(facts, "django.settings.SECRET_KEY")
    #expect(key?.contains("/project/conf/key.txt, which is not in the scanned files") == true)
    #expect(key?.contains("diffsettings") == false)
  }

  @Test func aSettingsModuleThatIsALinkIsUnknownNeverNotLoading() throws {
    let (facts, errors) = DjangoFixture.read(
      ["manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n", "mysite/__init__.py": ""],
      links: ["mysite/settings.py": "/etc/mysite/settings.py"])
    #expect(facts.value("django.load_errors") == .list([]))
    let possible = facts.value("django.possible_load_errors").map { "\($0)" } ?? ""
    #expect(possible.contains("unless /etc/mysite/settings.py (where the symbolic link mysite/settings.py leads)"))
    #expect(errors.map(\.message).contains { $0.contains("a symbolic link to /etc/mysite/settings.py, which the scan does not follow") })
  }

  @Test func theDjangoPackLeavesEveryCheckUnknownWhenTheSettingsAreALink() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parapet-link-settings-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("mysite"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n"
      .write(to: folder.appendingPathComponent("manage.py"), atomically: true, encoding: .utf8)
    try "".write(to: folder.appendingPathComponent("mysite/__init__.py"), atomically: true, encoding: .utf8)
    try FileManager.default.createSymbolicLink(
      atPath: folder.appendingPathComponent("mysite/settings.py").path, withDestinationPath: "/etc/mysite/settings.py")
    let report = folder.appendingPathComponent("report.json")
    let code = CLI.run([
      "scan", folder.path, "--pack", CLI.root.appendingPathComponent("Policies/owasp-django").path, "--no-config",
      "--quiet", "--exclude", "report.json", "--output", "json=\(report.path)",
    ])
    // The settings could not be read: the scan is incomplete, and no check is decided.
    #expect(code == 2)
    let findings = try DjangoFixture.findings(report)
    let statuses = Set(findings.compactMap { $0["status"] as? String })
    #expect(!findings.isEmpty)
    #expect(!statuses.contains("fail") && !statuses.contains("pass"), "\(statuses)")
    let load = findings.first { ($0["rule"] as? String)?.hasSuffix("DJ-LOAD") == true || ($0["id"] as? String)?.hasSuffix("DJ-LOAD") == true }
    #expect(load?["status"] as? String == "unknown")
  }

  /// peeringdb's settings exec `mainsite/settings/$RELEASE_ENV.py` when it exists; the tree's
  /// `.gitignore` keeps `prod.py` out of the repository, so the checkout Django runs in lacks it
  /// and `except FileNotFoundError` runs, for certain. A file git does not ignore stays a doubt.
  @Test func aFileGitIgnoresIsAbsentWhenTheSettingsOpenIt() {
    let settings = """
      import os
      DEBUG = True
      def try_include(filename):
          try:
              with open(filename) as f:
                  exec(compile(f.read(), filename, "exec"), globals())
          except FileNotFoundError:
              pass
      try_include(os.path.join(os.path.dirname(__file__), "prod.py"))
      with open(os.path.join(os.path.dirname(__file__), "version.txt")) as f:
          VERSION = f.read()
      """
    let files = ["mysite/settings.py": settings, "manage.py": "", "mysite/version.txt": "1.0\n"]
    let (ignored, _) = DjangoFixture.read(files.merging([".gitignore": "mysite/prod.py\n"]) { $1 })
    #expect(ignored.value("django.settings.DEBUG") == .bool(true))
    #expect(ignored.lookup("django.unseen_settings") == nil)
    #expect(ignored.value("django.load_errors") == .list([]))
    #expect(ignored.value("django.possible_load_errors") == .list([]))
    // Opened without a handler, an ignored file stops the settings.
    let (bare, _) = DjangoFixture.read(
      files.merging(["mysite/settings.py": "open(__file__ + '.local').read()\nDEBUG = False\n", ".gitignore": "*.local\n"]) { $1 })
    let errors = "\(bare.value("django.load_errors").map { "\($0)" } ?? "")"
    #expect(errors.contains("FileNotFoundError") && errors.contains(".gitignore:1 `*.local`"), "\(errors)")
    // Not ignored: the file may exist where Django runs, so it may set any setting.
    let (unseen, _) = DjangoFixture.read(files.merging([".gitignore": "/other.py\n"]) { $1 })
    #expect(unseen.lookup("django.unseen_settings")?.value.kindName == "unknown")
  }
}
