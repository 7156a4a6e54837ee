import Foundation
import ParapetFacts
import Testing

@testable import ParapetPython

/// Which installed packages the evaluator reads (`InstalledPackages`): a star import's package,
/// whole, never a library Parapet models, and nothing at all without `--site-packages`.
@Suite("Python evaluation: installed packages")
struct InstalledPackagesTests {
  /// Evaluates `settings` (as mysite/settings.py) with `installed` written to a temporary
  /// site-packages folder.
  private static func run(_ settings: String, installed: [String: String]) throws -> (PythonModule?, PythonEvaluator) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parapet-installed-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try DjangoFixture.write(installed, to: folder)
    var resolver = PythonModuleResolver(files: PythonEvaluation.files(["mysite/__init__.py": "", "mysite/settings.py": settings]), preferredRoot: nil)
    resolver.installed = InstalledPackages(paths: [folder.path])
    let evaluator = PythonEvaluator(resolver: resolver, environment: [:])
    let module = try? evaluator.importModule("mysite.settings", at: SourceLocation(file: "manage.py", line: 1))
    return (module, evaluator)
  }

  @Test func aStarImportedPackageIsReadWithItsOwnLines() throws {
    let (module, _) = try Self.run(
      "from kit.settings import *\n",
      installed: ["kit/__init__.py": "", "kit/settings.py": "X_FRAME_OPTIONS = 'DENY'\nfrom kit.extra import LIMIT\n", "kit/extra.py": "LIMIT = 3\n"])
    let settings = try #require(module)
    let binding = try #require(settings.namespace["X_FRAME_OPTIONS"])
    #expect(binding.value.stringValue == "DENY")
    #expect(binding.location.file == "site-packages/kit/settings.py")
    #expect(binding.location.line == 1)
    // Its own imports of itself resolve in the installed package too.
    #expect(settings.namespace["LIMIT"]?.value.integerValue == 3)
    #expect(settings.opaqueImport == nil)
  }

  @Test func aLibraryParapetModelsIsNeverReadFromThem() throws {
    // The real django-environ is installed; Parapet's model of it stands for it.
    let (module, evaluator) = try Self.run(
      "import environ\nenv = environ.Env()\nDEBUG = env.bool('DEBUG', default=False)\n",
      installed: ["environ/__init__.py": "raise RuntimeError('the real library ran')\n"])
    #expect(module?.namespace["DEBUG"]?.value.boolValue == false)
    #expect(evaluator.loadErrors.isEmpty)
    #expect(!evaluator.resolver.installedTopLevels.contains("environ"))
  }

  @Test func aPlainImportOfAnInstalledPackageStaysUnseen() throws {
    // Only a star import reads a package: calls into libraries stay calls Parapet does not model.
    let (module, evaluator) = try Self.run(
      "import sentry_sdk\nsentry_sdk.init(dsn='')\nDEBUG = False\n",
      installed: ["sentry_sdk/__init__.py": "raise RuntimeError('the real library ran')\n"])
    #expect(module?.namespace["DEBUG"]?.value.boolValue == false)
    #expect(evaluator.loadErrors.isEmpty)
  }

  @Test func aStarImportTheInstalledPackagesLackSaysSo() throws {
    let (module, _) = try Self.run("from kit.settings import *\n", installed: ["other/__init__.py": ""])
    #expect(module?.opaqueImport?.contains("do not have kit") == true)
  }

  @Test func aNetworkCallWhileLoadingIsAPossibleLoadError() throws {
    let (_, evaluator) = try Self.run(
      "import requests\nIP = requests.get('http://169.254.169.254/latest/meta-data/local-ipv4', timeout=2).text\n",
      installed: [:])
    let error = try #require(evaluator.possibleLoadErrors.first)
    #expect(error.type == "requests.exceptions.ConnectionError")
    #expect(error.message.contains("requests.get()"))
  }

  @Test func aNetworkCallUnderAHandlerIsNotALoadError() throws {
    let (module, evaluator) = try Self.run(
      """
      import requests
      try:
          IP = requests.get("http://169.254.169.254/", timeout=2).text
      except requests.RequestException:
          IP = None
      """,
      installed: [:])
    #expect(evaluator.possibleLoadErrors.isEmpty)
    #expect(module?.namespace["IP"]?.value.isUnknown == true)
  }

  @Test func anOptionalImportOfAnInstalledPackageSucceeds() throws {
    let settings = "try:\n    import ldap\n    LDAP = True\nexcept ImportError:\n    LDAP = False\n"
    let (installed, _) = try Self.run(settings, installed: ["ldap/__init__.py": ""])
    #expect(installed?.namespace["LDAP"]?.value.boolValue == true)
    let (absent, _) = try Self.run(settings, installed: ["other/__init__.py": ""])
    #expect(absent?.namespace["LDAP"]?.value.isUnknown == true)
    #expect(absent?.namespace["LDAP"]?.value.unknownReason?.contains("--site-packages") == true)
  }
}

/// `InstalledPackages.distribution`: the version a `.dist-info` or `.egg-info` records.
@Suite("Installed distributions")
struct InstalledDistributionTests {
  @Test func theMetadataVersionOfAnyNameSpellingIsFound() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parapet-dist-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try DjangoFixture.write([
      "django_environ-0.11.2.dist-info/METADATA": "Metadata-Version: 2.1\r\nName: django-environ\r\nVersion: 0.11.2\r\n\r\nbody\r\n",
      "Django-5.2.7.dist-info/METADATA": "Metadata-Version: 2.4\nName: Django\nVersion: 5.2.7\n",
      "old_lib-1.0.egg-info": "Metadata-Version: 1.0\nName: old-lib\nVersion: 1.0\n",
      "broken-2.0.dist-info/METADATA": "Name: broken\n\nVersion: 2.0\n",
    ], to: folder)
    let packages = InstalledPackages(paths: [folder.path])
    let django = try #require(packages.distribution("DJANGO"))
    #expect(django.version == "5.2.7")
    #expect(django.location.file == "site-packages/Django-5.2.7.dist-info/METADATA")
    #expect(django.location.line == 3)
    #expect(packages.distribution("Django.Environ")?.version == "0.11.2")
    #expect(packages.distribution("old-lib")?.version == "1.0")
    // A Version header after the headers end is the description's text, not the version.
    #expect(packages.distribution("broken") == nil)
    #expect(packages.distribution("flask") == nil)
  }
}
