import Foundation
import ParapetFacts
import Testing

@testable import ParapetPython

/// `try: import m … except ImportError: …` where `m` is neither a scanned file nor a library
/// Parapet models: whether it is installed decides which path runs. A package the project
/// declares is taken as installed; anything else is not known (never assumed present).
@Suite("Python evaluation: imports of modules that may not be installed")
struct UnseenModuleImportTests {
  private static let source = """
    INSTALLED_APPS = ["django.contrib.sessions"]
    try:
        from ee.apps import EnterpriseConfig
    except ImportError:
        pass
    else:
        INSTALLED_APPS.append("ee.apps.EnterpriseConfig")
    if "ee.apps.EnterpriseConfig" in INSTALLED_APPS:
        SESSION_COOKIE_SECURE = True
    else:
        SESSION_COOKIE_SECURE = False
    DEBUG = False
    """

  private static func run(_ files: [String: String], declared: Set<String>) -> PythonModule? {
    let evidence = PythonEvaluation.files(files)
    let evaluator = PythonEvaluator(resolver: PythonModuleResolver(files: evidence, preferredRoot: nil), environment: [:])
    evaluator.declaredPackages = declared
    return try? evaluator.importModule("mysite.settings", at: SourceLocation(file: "manage.py", line: 1))
  }

  /// The reason of the unknown part of a list whose items differ between the paths of a `try`
  /// (its other items stay known: see PartialListTests).
  private static func unknownPartReason(_ value: PythonValue) -> String? {
    guard case .list(let list) = value.kind else { return nil }
    return list.items.first(where: \.manyItems)?.unknownReason
  }

  @Test func anUndeclaredUnseenModuleUnderATryIsNotAssumedInstalled() throws {
    let module = try #require(Self.run(["mysite/settings.py": Self.source], declared: ["django"]))
    let apps = try #require(module.namespace["INSTALLED_APPS"]?.value)
    // The app appended only when the import works may be there or not: an unknown part after
    // the known app.
    #expect(Self.unknownPartReason(apps)?.contains("it imports ee.apps, which is neither among the scanned files nor a package the project declares") == true)
    guard case .list(let list) = apps.kind else { Issue.record("not a list"); return }
    #expect(list.items.first?.stringValue == "django.contrib.sessions")
    #expect(module.namespace["SESSION_COOKIE_SECURE"]?.value.isUnknown == true)
    // What the try does not touch stays known.
    #expect(module.namespace["DEBUG"]?.value.boolValue == false)
  }

  @Test func aModuleInTheScannedFilesImportsAsPython() throws {
    let module = try #require(Self.run([
      "mysite/settings.py": Self.source, "ee/__init__.py": "", "ee/apps.py": "class EnterpriseConfig:\n    pass\n",
    ], declared: []))
    #expect(module.namespace["SESSION_COOKIE_SECURE"]?.value.boolValue == true)
    let missing = try #require(Self.run([
      "mysite/settings.py": Self.source.replacingOccurrences(of: "ee.apps import", with: "mysite.enterprise import"),
    ], declared: []))
    // A missing module of the settings' own package raises ImportError for certain.
    #expect(missing.namespace["SESSION_COOKIE_SECURE"]?.value.boolValue == false)
  }

  /// A later `try` that merges a name already unknown for one reason keeps that reason: it is
  /// what the user can act on, not the second branching.
  @Test func aLaterMergeKeepsTheReasonOfAnAlreadyUnknownName() throws {
    let source = Self.source + """

      try:
          import optional_extra
      except ImportError:
          pass
      else:
          INSTALLED_APPS.append("optional_extra")
      """
    let module = try #require(Self.run(["mysite/settings.py": source], declared: ["optional-extra"]))
    let apps = try #require(module.namespace["INSTALLED_APPS"]?.value)
    #expect(Self.unknownPartReason(apps)?.contains("it imports ee.apps") == true)
  }

  @Test func aDeclaredPackageIsTakenAsInstalled() throws {
    let source = """
      INSTALLED_APPS = ["django.contrib.sessions"]
      try:
          import debug_toolbar
      except ImportError:
          pass
      else:
          INSTALLED_APPS.append("debug_toolbar")
      """
    let declared = try #require(Self.run(["mysite/settings.py": source], declared: ["django", "django-debug-toolbar"]))
    #expect(declared.namespace["INSTALLED_APPS"]?.value.isUnknown == false)
    let undeclared = try #require(Self.run(["mysite/settings.py": source], declared: ["django"]))
    let apps = try #require(undeclared.namespace["INSTALLED_APPS"]?.value)
    #expect(Self.unknownPartReason(apps)?.contains("debug_toolbar") == true)
  }

  /// A package only development declarations name (requirements/dev.txt that requirements.txt
  /// does not install) may be missing where production settings run: under a `try` both paths
  /// may run, and the reason names the file. Another declaration of it, or the installed
  /// packages the user gave, decide it.
  @Test func aPackageOnlyDevelopmentDeclaresMayBeMissing() throws {
    let source = """
      DEBUG = False
      try:
          import debug_toolbar
          DEBUG = True
      except ImportError:
          pass
      """
    let evidence = PythonEvaluation.files(["mysite/settings.py": source])
    func debug(development: [String: String], declared: Set<String>) throws -> PythonValue {
      let evaluator = PythonEvaluator(resolver: PythonModuleResolver(files: evidence, preferredRoot: nil), environment: [:])
      evaluator.declaredPackages = declared
      evaluator.developmentPackages = development
      let module = try #require(try? evaluator.importModule("mysite.settings", at: SourceLocation(file: "manage.py", line: 1)))
      return try #require(module.namespace["DEBUG"]?.value)
    }
    let onlyDevelopment = try debug(development: ["django-debug-toolbar": "requirements/dev.txt"], declared: ["django", "django-debug-toolbar"])
    #expect(onlyDevelopment.isUnknown)
    #expect(onlyDevelopment.unknownReason?.contains("only development dependencies declare (requirements/dev.txt)") == true)
    let main = try debug(development: [:], declared: ["django", "django-debug-toolbar"])
    #expect(main.boolValue == true)
  }

  @Test func theStandardLibraryIsAlwaysInstalled() throws {
    let module = try #require(Self.run(["mysite/settings.py": """
      try:
          import hashlib
          from email.utils import formataddr
      except ImportError:
          HAS_HASHLIB = False
      else:
          HAS_HASHLIB = True
      """], declared: []))
    #expect(module.namespace["HAS_HASHLIB"]?.value.boolValue == true)
    #expect(StandardLibrary.contains("xml.etree.ElementTree"))
    // Added after 3.8: whether it imports depends on the Python version.
    #expect(StandardLibrary.contains("zoneinfo") == false)
  }

  /// Tactical RMM wraps its `from .local_settings import *` in `contextlib.suppress(ImportError)`:
  /// the block is `try`/`except ImportError: pass`, so an import that may fail in it merges both
  /// paths. A library Parapet models (decouple) is a package like another: undeclared, it may be
  /// missing.
  @Test func suppressAndModelledLibrariesMergeAnImportThatMayFail() throws {
    for guarded in [
      "from contextlib import suppress\nwith suppress(ImportError):\n    import ldap\n    DEBUG = False\n",
      "try:\n    from decouple import config\n    DEBUG = False\nexcept ImportError:\n    pass\n",
    ] {
      let module = try #require(Self.run(["mysite/settings.py": "DEBUG = True\n" + guarded], declared: []))
      #expect(module.namespace["DEBUG"]?.value.isUnknown == true, "\(guarded)")
    }
    let declared = try #require(Self.run(
      ["mysite/settings.py": "DEBUG = True\ntry:\n    from decouple import config\n    DEBUG = False\nexcept ImportError:\n    pass\n"],
      declared: ["python-decouple"]))
    #expect(declared.namespace["DEBUG"]?.value.boolValue == false)
  }

  /// `typing.TYPE_CHECKING` is False where the code runs: what it guards is never imported.
  @Test func typeCheckingIsFalse() throws {
    let module = try #require(Self.run(["mysite/settings.py": """
      from typing import TYPE_CHECKING
      import typing
      if TYPE_CHECKING:
          from missing_only_for_types import Thing
      CHECKING = (TYPE_CHECKING, typing.TYPE_CHECKING)
      DEBUG = False
      """], declared: []))
    #expect(module.namespace["CHECKING"]?.value.elements?.map(\.boolValue) == [false, false])
    #expect(module.namespace["DEBUG"]?.value.boolValue == false)
  }

  @Test func anUnseenModuleOutsideATryIsTakenAsInstalled() throws {
    let module = try #require(Self.run(["mysite/settings.py": """
      from thirdparty.apps import Config
      DEBUG = False
      """], declared: []))
    #expect(module.namespace["DEBUG"]?.value.boolValue == false)
  }

  @Test func distributionNamesMatchTheirImportNames() {
    #expect(PythonEvaluator.isProvided("corsheaders.defaults", by: ["django-cors-headers"]))
    #expect(PythonEvaluator.isProvided("rest_framework", by: ["djangorestframework"]))
    #expect(PythonEvaluator.isProvided("dotenv", by: ["python-dotenv"]))
    #expect(PythonEvaluator.isProvided("yaml", by: ["pyyaml"]))
    #expect(PythonEvaluator.isProvided("django_extensions", by: ["django-extensions"]))
    // Names no rule relates, from the wheel: django-autocomplete-light installs dal and dal_select2.
    #expect(PythonEvaluator.isProvided("dal_select2", by: ["django-autocomplete-light"]))
    // Open edX puts edx first: edx-django-release-util installs release_util.
    #expect(PythonEvaluator.isProvided("release_util", by: ["edx-django-release-util"]))
    #expect(!PythonEvaluator.isProvided("release_util", by: ["edx-django-utils"]))
    #expect(PythonEvaluator.isProvided("django_filters", by: ["django-filter"]))
    // Names no rule relates, from the packages' wheels (djangopackages declares both).
    #expect(PythonEvaluator.isProvided("social_django", by: ["social-auth-app-django"]))
    #expect(PythonEvaluator.isProvided("django_q.conf", by: ["django-q2"]))
    #expect(PythonEvaluator.isProvided("social_django", by: ["social-auth-core"]) == false)
    #expect(PythonEvaluator.isProvided("ee.apps", by: ["django", "celery"]) == false)
    #expect(PythonEvaluator.isProvided("ee", by: []) == false)
  }

  @Test func aStarImportOfAnUnseenModuleIsNamed() throws {
    let module = try #require(Self.run(["mysite/settings.py": """
      DEBUG = False
      from ee.settings import *
      """], declared: []))
    #expect(module.hasOpaqueImports)
    #expect(module.opaqueImport?.contains("'from ee.settings import *' at mysite/settings.py:2") == true)
  }
}
