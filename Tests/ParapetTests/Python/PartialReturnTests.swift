import Foundation
import ParapetFacts
import Testing

@testable import ParapetPython

/// A function that returns on some paths of a condition Parapet cannot decide and goes on on
/// the others: each path runs to the end of the function, and the call gives the merge of
/// every path's value (Django Styleguide Example adds the debug toolbar only where it is
/// installed).
@Suite("Returns on some paths of an undecided condition")
struct PartialReturnTests {
  func shape(_ value: PythonValue?) -> [String] { PythonEvaluation.shape(value) }

  @Test func theListsEveryPathReturnsKeepTheItemsTheyShare() {
    let result = PythonEvaluation.settings("""
      def show_toolbar():
          try:
              import debug_toolbar
          except ImportError:
              return False
          return True

      def do_settings(apps, middleware):
          if not show_toolbar():
              return apps, middleware
          apps = apps + ["debug_toolbar"]
          middleware = middleware + ["debug_toolbar.middleware.DebugToolbarMiddleware"]
          return apps, middleware

      INSTALLED_APPS = ["django.contrib.sessions"]
      MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]
      INSTALLED_APPS, MIDDLEWARE = do_settings(INSTALLED_APPS, MIDDLEWARE)
      SHOWN = show_toolbar()
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(shape(result.value("INSTALLED_APPS")).first == "django.contrib.sessions")
    #expect(shape(result.value("MIDDLEWARE")).first == "django.middleware.security.SecurityMiddleware")
    #expect(shape(result.value("MIDDLEWARE")).count == 2)
    #expect(result.value("SHOWN")?.unknownReason?.contains("try block at line 2") == true)
  }

  @Test func theSameValueOnEveryPathIsThatValue() {
    let result = PythonEvaluation.settings("""
      import os
      import somewhere_unseen
      def mode():
          if somewhere_unseen.flag():
              return "strict"
          level = "strict"
          return level
      MODE = mode()
      """)
    #expect(result.value("MODE")?.stringValue == "strict")
  }

  /// A path that reaches the end of the body returns None; the condition's reason and the
  /// variables it read stay on the merged value.
  @Test func aPathThatFallsOffTheEndReturnsNone() {
    let result = PythonEvaluation.settings("""
      import os
      import socket
      def key():
          if socket.gethostname() == os.environ.get("HOST"):
              return "k"
      KEY = key()
      """, environment: ["HOST": "web"])
    let key = result.value("KEY")
    #expect(key?.isUnknown == true)
    #expect(key?.unknownReason?.contains("gethostname") == true)
    #expect(key?.uses.map(\.variable).contains("HOST") == true)
  }

  /// `if ready: return value` then `raise`: the call returns the value where it returns at all,
  /// and the raise is a possible load error, never a certain one.
  @Test func aRaiseOnThePathsThatGoOnIsAPossibleLoadError() {
    let result = PythonEvaluation.settings("""
      import somewhere_unseen
      class ImproperlyConfigured(Exception):
          pass
      def secret():
          if somewhere_unseen.ready():
              return "from-vault"
          raise ImproperlyConfigured("no secret")
      SECRET = secret()
      DEBUG = False
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("SECRET")?.stringValue == "from-vault")
    #expect(result.evaluator.possibleLoadErrors.map(\.type) == ["ImproperlyConfigured"])
    #expect(result.value("DEBUG")?.boolValue == false)
  }

  /// Inside a loop, which iterations run after the return is not known: the call stays unknown.
  @Test func aReturnOnSomePathsInsideALoopLeavesTheCallUnknown() {
    let result = PythonEvaluation.settings("""
      import somewhere_unseen
      def first():
          for name in ["a", "b"]:
              if somewhere_unseen.has(name):
                  return name
              name = name.upper()
          return None
      FIRST = first()
      """)
    #expect(result.value("FIRST")?.unknownReason?.contains("a return under a condition") == true)
  }

  /// Returns in nested blocks: the paths that went on at each level are followed to the end.
  @Test func nestedConditionsAreFollowedToTheEnd() {
    let result = PythonEvaluation.settings("""
      import somewhere_unseen
      def hosts():
          hosts = ["example.org"]
          if somewhere_unseen.a():
              if somewhere_unseen.b():
                  return hosts
              hosts = hosts + ["b.example.org"]
          hosts = hosts + ["c.example.org"]
          return hosts
      HOSTS = hosts()
      """)
    #expect(shape(result.value("HOSTS")).first == "example.org")
    #expect(result.value("HOSTS")?.isUnknown != true)
  }

  /// What the rest of the function changes in place, on the paths that reach it, is merged
  /// with the paths that returned first: the caller's list may or may not have the item.
  @Test func aChangeInPlaceAfterTheReturnIsOnlyOnSomePaths() {
    let result = PythonEvaluation.settings("""
      import somewhere_unseen
      def add_toolbar(apps, options):
          if not somewhere_unseen.installed():
              return
          apps.append("debug_toolbar")
          options["SHOW"] = True
      INSTALLED_APPS = ["django.contrib.sessions"]
      OPTIONS = {"SHOW": False}
      add_toolbar(INSTALLED_APPS, OPTIONS)
      TOOLBAR = "debug_toolbar" in INSTALLED_APPS
      """)
    #expect(shape(result.value("INSTALLED_APPS")).first == "django.contrib.sessions")
    #expect(result.value("TOOLBAR")?.isUnknown == true)
    guard case .dict(let options)? = result.value("OPTIONS")?.kind else {
      Issue.record("OPTIONS is not a dict")
      return
    }
    #expect(options.entries[.string("SHOW")]?.value.isUnknown == true)
  }

  /// A function of hundreds of undecided early returns nests one continuation per `if`: past
  /// `continuationNestingLimit` the rest is unknown, and the run ends (on a stack as large as
  /// the CLI's) with an unknown value, never a crash.
  @Test func continuationsNestOnlySoDeep() {
    let returns = (0..<300).map { "    if t > \(1_000 + $0):\n        return \($0)" }.joined(separator: "\n")
    let source = "import time\nt = time.time()\n\ndef pick():\n\(returns)\n    return -1\n\nVALUE = pick()\n"
    final class Box: @unchecked Sendable { var result: PythonEvaluation.Result? }
    let box = Box()
    let finished = DispatchSemaphore(value: 0)
    let worker = Thread {
      box.result = PythonEvaluation.settings(source)
      finished.signal()
    }
    worker.stackSize = 1 << 30
    worker.start()
    finished.wait()
    #expect(box.result?.loadErrors.isEmpty == true)
    #expect(box.result?.value("VALUE")?.isUnknown == true)
    #expect(PythonEvaluator.continuationNestingLimit < 300)
  }
}
