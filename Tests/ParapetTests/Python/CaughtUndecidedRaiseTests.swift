import Testing

@testable import ParapetPython

/// A `raise` under a condition Parapet cannot decide, inside a `try` whose handler catches it,
/// never reaches Django (Peering Manager tests /etc/timezone's text in `try: … except
/// (OSError, Exception):`); what a call Parapet does not model raises is caught by the
/// innermost `except Exception:` (MobSF's `shutil.copytree` inside a larger `try`).
@Suite("Raises caught by an enclosing try")
struct CaughtUndecidedRaiseTests {
  @Test func aCaughtRaiseIsNotAPossibleLoadError() {
    let result = PythonEvaluation.settings("""
      import socket
      try:
          if "Etc/UTC" in socket.gethostname():
              raise Exception("Unsupported TZ")
          ZONE = "host"
      except (OSError, Exception):
          ZONE = "UTC"
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.evaluator.possibleLoadErrors.isEmpty)
    #expect(result.value("ZONE")?.isUnknown == true)
  }

  @Test func aHandlerThatRaisesOrANarrowHandlerKeepsTheDoubt() {
    let reRaised = PythonEvaluation.settings("""
      import socket
      try:
          if "x" in socket.gethostname():
              raise ValueError("bad")
      except ValueError:
          raise RuntimeError("stop")
      """)
    #expect(reRaised.evaluator.possibleLoadErrors.map(\.type) == ["RuntimeError"])
    let narrow = PythonEvaluation.settings("""
      import socket
      try:
          if "x" in socket.gethostname():
              raise ValueError("bad")
      except KeyError:
          pass
      """)
    #expect(Set(narrow.evaluator.possibleLoadErrors.map(\.type)) == ["ValueError"])
  }

  @Test func anInnerCatchAllKeepsUnmodelledCallsFromOuterTries() {
    let result = PythonEvaluation.settings("""
      import shutil
      from pathlib import Path

      def home(base):
          try:
              folder = Path(base) / "x"
              try:
                  shutil.copytree(Path(base) / "s", folder, dirs_exist_ok=True)
              except Exception:
                  pass
              return folder.as_posix()
          except Exception:
              return None

      HOME = home("/srv")
      """)
    #expect(result.value("HOME")?.stringValue == "/srv/x")
  }
}
