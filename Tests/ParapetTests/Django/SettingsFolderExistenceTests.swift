import Foundation
import ParapetFacts
import Testing

@testable import ParapetEvidence

/// Folders the settings name (STATICFILES_DIRS, FILE_UPLOAD_TEMP_DIR) exist where Django runs
/// only as far as the scan can tell: a folder in the scan exists; a missing one is certainly
/// missing only in a git checkout, under a dependency install folder, or when a `.gitignore`
/// ignores it; otherwise the scan may be a partial copy and the answer is unknown.
@Suite("Folders the settings name: staticfiles.W004, files.E001")
struct SettingsFolderExistenceTests {
  /// A folder on disk with `files` and the empty `folders`.
  static func tree(_ files: [String: String], folders: [String] = []) throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("parapet-folders-\(UUID().uuidString)")
    for folder in folders {
      try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
    }
    for (path, text) in files {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try text.write(to: url, atomically: true, encoding: .utf8)
    }
    return root
  }

  /// A project generator's template (baserow's plugin boilerplate) is not evidence: its files
  /// are not valid until rendered, and no server runs them.
  @Test func aTemplatePlaceholderFolderIsNotWalked() throws {
    let root = try Self.tree([
      "app/settings.py": "", "boilerplate/{{ cookiecutter.project_slug }}/docker-compose.yml": "services:\n  {{ name }}:\n    image: x\n",
    ])
    defer { try? FileManager.default.removeItem(at: root) }
    let bundle = EvidenceBundle(paths: [root.path])
    #expect(bundle.unwalkedFolders == ["boilerplate/{{ cookiecutter.project_slug }}"])
    #expect(!bundle.files.contains { $0.path.hasSuffix("docker-compose.yml") })
  }

  @Test func theWalkRecordsEmptyAndUnreadFolders() throws {
    let root = try Self.tree(["app/settings.py": "", "node_modules/pkg/index.js": ""], folders: ["static", ".git/objects"])
    defer { try? FileManager.default.removeItem(at: root) }
    let bundle = EvidenceBundle(paths: [root.path], exclude: EvidenceExclusion(["vendor"]))
    #expect(bundle.folders.isSuperset(of: ["app", "static", "node_modules", ".git"]))
    #expect(bundle.unwalkedFolders == ["node_modules", ".git"])
    #expect(!bundle.files.contains { $0.path.hasPrefix("node_modules/") })
    let scanned = ScannedFolders(bundle: bundle)
    #expect(scanned.existence(of: "static") == .folder)
    #expect(scanned.existence(of: "node_modules") == .folder)
    #expect(scanned.existence(of: "app/settings.py") == .file)
    if case .unknown(let why) = scanned.existence(of: "node_modules/pkg") {
      #expect(why.contains("inside node_modules/"))
    } else {
      Issue.record("a folder inside an unread folder must be unknown")
    }
    // The scanned folder is a git checkout: what it does not hold is not in the checkout.
    if case .absent(let why) = scanned.existence(of: "frontend/dist") {
      #expect(why.contains("git checkout"))
    } else {
      Issue.record("a folder missing from a git checkout must be absent")
    }
  }

  @Test func anExcludedFolderExistsButItsContentIsUnknown() throws {
    let root = try Self.tree(["app/settings.py": "", "vendor/assets/site.css": ""])
    defer { try? FileManager.default.removeItem(at: root) }
    let scanned = ScannedFolders(bundle: EvidenceBundle(paths: [root.path], exclude: EvidenceExclusion(["vendor"])))
    #expect(scanned.existence(of: "vendor") == .folder)
    guard case .unknown = scanned.existence(of: "vendor/assets") else {
      Issue.record("a folder inside an excluded folder must be unknown")
      return
    }
  }

  @Test func withoutACheckoutOnlyInstallFoldersAreCertainlyMissing() {
    let scanned = ScannedFolders(bundle: DjangoFixture.bundle(["app/settings.py": ""]))
    guard case .absent(let why) = scanned.existence(of: "frontend/node_modules") else {
      Issue.record("node_modules is never checked in")
      return
    }
    #expect(why.contains("npm install"))
    guard case .unknown(let reason) = scanned.existence(of: "frontend/dist") else {
      Issue.record("a partial copy cannot tell whether dist exists")
      return
    }
    #expect(reason.contains("scan the whole checkout"))
    #expect(scanned.existence(of: "app") == .folder)
  }

  @Test func aFolderGitIgnoresIsMissingFromAFreshCheckout() {
    let scanned = ScannedFolders(bundle: DjangoFixture.bundle([
      "app/settings.py": "", ".gitignore": "# build output\n/frontend/dist/\n", "frontend/package.json": "{}",
    ]))
    guard case .absent(let why) = scanned.existence(of: "frontend/dist") else {
      Issue.record("a folder .gitignore ignores is not in a fresh checkout")
      return
    }
    #expect(why.contains(".gitignore:2"))
    guard case .unknown = scanned.existence(of: "frontend/public") else {
      Issue.record("a folder no pattern ignores stays unknown in a partial copy")
      return
    }
  }

  @Test func theReaderStatesEachFolderOfTheSettings() {
    let source = """
      from pathlib import Path
      BASE_DIR = Path(__file__).resolve().parent.parent
      STATICFILES_DIRS = [BASE_DIR / "assets", ("npm", BASE_DIR / "node_modules"), "/srv/shared/static", "dist"]
      FILE_UPLOAD_TEMP_DIR = "/var/tmp/uploads"
      """
    let (facts, _) = DjangoFixture.read(["mysite/settings.py": source, "manage.py": "", "assets/site.css": ""])
    func folder(_ key: String) -> Fact? { facts.lookup("django.folders")?[key] }
    #expect(folder("/project/assets")?["exists"]?.value == .bool(true))
    #expect(folder("/project/assets")?["path"]?.value == .string("assets"))
    #expect(folder("/project/node_modules")?["exists"]?.value == .bool(false))
    #expect(folder("/project/node_modules")?["why"]?.value.stringValue?.contains("npm install") == true)
    #expect(folder("/srv/shared/static")?["exists"]?.isKnown == false)
    // A relative path starts in Django's working directory, the folder of manage.py.
    #expect(folder("dist")?["path"]?.value == .string("dist"))
    #expect(folder("dist")?["exists"]?.isKnown == false)
    #expect(folder("/var/tmp/uploads")?["exists"]?.isKnown == false)
  }

  /// A folder the settings create while they load exists when Django opens it (ephios makes
  /// its log folder with `os.makedirs(..., exist_ok=True)` before LOGGING names it).
  @Test func aFolderTheSettingsMakeExists() {
    let source = """
      import os
      from pathlib import Path
      BASE_DIR = Path(__file__).resolve().parent.parent
      LOG_DIR = os.path.join(BASE_DIR, "data", "logs")
      for directory in {"LOG_DIR": LOG_DIR}.values():
          os.makedirs(directory, exist_ok=True)
      LOGGING = {"version": 1, "handlers": {"file": {"class": "logging.FileHandler", "filename": os.path.join(LOG_DIR, "app.log")}}}
      """
    let (facts, _) = DjangoFixture.read(["mysite/settings.py": source, "manage.py": ""])
    let folder = facts.lookup("django.folders")?["/project/data/logs"]
    #expect(folder?["exists"]?.value == .bool(true))
    #expect(folder?["path"]?.value == .string("data/logs"))
  }

  static let settings = """
    from pathlib import Path
    BASE_DIR = Path(__file__).resolve().parent.parent
    SECRET_KEY = "k" * 10 + "gslwmNodb_-HNq4NbA0odUw4jBgN8f8p3K38yXT-01SG"
    ALLOWED_HOSTS = ["example.com"]
    INSTALLED_APPS = ["django.contrib.staticfiles"]
    STATIC_URL = "static/"

    """

  static func status(_ findings: [[String: Any]], _ rule: String) -> (status: String, message: String, line: Int?) {
    let finding = findings.first { $0["rule"] as? String == rule } ?? [:]
    let location = finding["location"] as? [String: Any]
    return (finding["status"] as? String ?? "absent", finding["message"] as? String ?? "", location?["line"] as? Int)
  }

  @Test func aMissingInstallFolderFailsAtItsLine() throws {
    let files = [
      "manage.py": "",
      "mysite/settings.py": Self.settings + "STATICFILES_DIRS = [BASE_DIR / \"assets\",\n    BASE_DIR / \"node_modules\"]\n",
      "assets/site.css": "",
    ]
    let (_, findings) = try DjangoFixture.scanOnDisk(files, arguments: ["--env", "DJANGO_SETTINGS_MODULE=mysite.settings"])
    let w004 = Self.status(findings, "DJ-STATICFILES-W004")
    #expect(w004.status == "fail")
    #expect(w004.line == 8)
    #expect(w004.message.contains("node_modules/"))
    #expect(Self.status(findings, "DJ-STATICFILES-E001").status == "pass")
    #expect(Self.status(findings, "DJ-FILES-E001").status == "pass")
  }

  @Test func aFolderMissingFromAPartialCopyIsUnknownAndFromACheckoutFails() throws {
    var files = [
      "manage.py": "",
      "mysite/settings.py": Self.settings + "STATICFILES_DIRS = [BASE_DIR / \"frontend\" / \"dist\"]\nFILE_UPLOAD_TEMP_DIR = str(BASE_DIR / \"tmp\")\n",
    ]
    let partial = try DjangoFixture.scanOnDisk(files, arguments: ["--env", "DJANGO_SETTINGS_MODULE=mysite.settings"])
    #expect(Self.status(partial.findings, "DJ-STATICFILES-W004").status == "unknown")
    #expect(Self.status(partial.findings, "DJ-STATICFILES-W004").message.contains("scan the whole checkout"))
    #expect(Self.status(partial.findings, "DJ-FILES-E001").status == "unknown")
    // A worktree's `.git` is a file: the scanned folder is a checkout all the same.
    files[".git"] = "gitdir: /elsewhere/.git/worktrees/site\n"
    let checkout = try DjangoFixture.scanOnDisk(files, arguments: ["--env", "DJANGO_SETTINGS_MODULE=mysite.settings"])
    #expect(Self.status(checkout.findings, "DJ-STATICFILES-W004").status == "fail")
    #expect(Self.status(checkout.findings, "DJ-FILES-E001").status == "fail")
    #expect(Self.status(checkout.findings, "DJ-FILES-E001").message.contains("tmp/"))
  }

  @Test func withoutTheStaticfilesAppNoFolderIsChecked() throws {
    let files = [
      "manage.py": "",
      "mysite/settings.py": Self.settings.replacingOccurrences(of: "[\"django.contrib.staticfiles\"]", with: "[]")
        + "STATICFILES_DIRS = [BASE_DIR / \"node_modules\"]\n",
    ]
    let (_, findings) = try DjangoFixture.scanOnDisk(files, arguments: ["--env", "DJANGO_SETTINGS_MODULE=mysite.settings"])
    #expect(Self.status(findings, "DJ-STATICFILES-W004").status == "not_applicable")
  }
}
