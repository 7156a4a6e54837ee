import Testing

@testable import ParapetPython

/// An unknown that a library Parapet does not model returned may be of any type; other unknowns
/// have the type their operation gives. Django's list-or-tuple settings are in doubt only for
/// the first kind (papermerge's `ALLOWED_HOSTS = config.get(...)`: Configula returns the
/// variable's str, which Django refuses).
@Suite("Unknowns of any type")
struct AnyTypeUnknownTests {
  @Test func aMethodOfAnUnmodelledLibraryObjectMayReturnAnyType() {
    let result = PythonEvaluation.settings("""
      from configula import Configula
      config = Configula()
      HOSTS = config.get("main", "allowed_hosts", default=["*"])
      """)
    #expect(result.value("HOSTS")?.isUnknown == true)
    #expect(result.value("HOSTS")?.anyType == true)
  }

  @Test func aGeneratedValueHasItsType() {
    let result = PythonEvaluation.settings("import secrets\nKEY = secrets.token_urlsafe(50)\n")
    #expect(result.value("KEY")?.isUnknown == true)
    #expect(result.value("KEY")?.anyType == false)
  }
}
