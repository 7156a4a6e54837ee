import Testing

@testable import ParapetPython

/// hashlib digests are computed exactly (Tube Archivist's `SECRET_KEY =
/// hashlib.sha256(TA_PASSWORD.encode()).hexdigest()`, which Django's W009 judges). Expectations
/// from CPython 3.12 on the same code.
@Suite("hashlib")
struct HashlibTests {
  @Test func hexdigestsAreCPythons() {
    let result = PythonEvaluation.settings("""
      import hashlib
      import os
      A = hashlib.sha256(os.environ["PASSWORD"].encode()).hexdigest()
      B = hashlib.new("md5", b"x").hexdigest()
      """, environment: ["PASSWORD": "hunter2"])
    #expect(result.loadErrors.isEmpty, "\(result.loadErrors)")
    #expect(result.value("A")?.stringValue == "f52fbd32b2b3b86ff88ef6c490628285f482af15ddcb29541f94bcf526a3f6c7")
    #expect(result.value("B")?.stringValue == "9dd4e461268c8034f5c8564e155c67a6")
    #expect(result.value("A")?.uses.map(\.variable) == ["PASSWORD"])
  }

  @Test func aStrMustBeEncodedFirst() {
    let result = PythonEvaluation.settings("import hashlib\nA = hashlib.sha256('x').hexdigest()\n")
    #expect(result.loadErrors.map(\.message) == ["Strings must be encoded before hashing"])
  }

  @Test func otherAlgorithmsAndBinaryDigestsAreUnknown() {
    let result = PythonEvaluation.settings("import hashlib\nA = hashlib.sha256(b'x').digest()\nB = hashlib.blake2b(b'x').hexdigest()\n")
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("A")?.isUnknown == true)
    #expect(result.value("B")?.isUnknown == true)
  }

  private static func integer(_ value: PythonValue?) -> Int? {
    guard case .integer(let number)? = value?.kind else { return nil }
    return Int(exactly: number)
  }

  /// A hash object's data attributes are not methods: kpi raises unless
  /// `Instance.XML_HASH_LENGTH / 2 != sha256().digest_size` is false, and it is.
  @Test func dataAttributesOfAHashAreItsSizesAndName() {
    let result = PythonEvaluation.settings("""
      import hashlib
      DIGEST = hashlib.sha256().digest_size
      BLOCK = hashlib.sha512(b"x").block_size
      NAME = hashlib.md5().name
      OTHER = hashlib.sha1().something
      if 64 / 2 != hashlib.sha256().digest_size:
          raise AssertionError("unexpected digest size")
      """)
    #expect(result.loadErrors.isEmpty, "\(result.loadErrors)")
    #expect(Self.integer(result.value("DIGEST")) == 32)
    #expect(Self.integer(result.value("BLOCK")) == 128)
    #expect(result.value("NAME")?.stringValue == "md5")
    #expect(result.value("OTHER")?.isUnknown == true)
  }
}
