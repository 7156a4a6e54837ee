import Foundation
import ParapetFacts
import Testing

@testable import ParapetPython

/// A file opened in binary mode reads bytes (AWX: `open('/etc/tower/SECRET_KEY', 'rb').read().strip()`),
/// whose type Django's checks see; the readers that take binary streams still read them.
@Suite("Files opened in binary mode")
struct BinaryFileReadTests {
  @Test func aBinaryReadIsBytesAndStripsAsciiWhitespace() {
    let result = PythonEvaluation.run([
      "mysite/settings.py": """
        import json, os, tomllib
        HERE = os.path.dirname(__file__)
        SECRET_KEY = open(os.path.join(HERE, 'SECRET_KEY'), 'rb').read().strip()
        TEXT_KEY = open(os.path.join(HERE, 'SECRET_KEY'), 'rb').read().strip().decode()
        with open(os.path.join(HERE, 'conf.toml'), 'rb') as handle:
            CONF = tomllib.load(handle)
        with open(os.path.join(HERE, 'conf.json'), 'rb') as handle:
            DATA = json.load(handle)
        """,
      "mysite/SECRET_KEY": "  k3y-in-a-file\n",
      "mysite/conf.toml": "debug = false\n",
      "mysite/conf.json": "{\"debug\": false}\n",
    ])
    #expect(result.loadErrors.isEmpty)
    guard case .bytes(let key)? = result.value("SECRET_KEY")?.kind else {
      Issue.record("SECRET_KEY is not bytes: \(String(describing: result.value("SECRET_KEY")?.kind))")
      return
    }
    #expect(key == "k3y-in-a-file")
    #expect(result.value("TEXT_KEY")?.stringValue == "k3y-in-a-file")
    #expect(result.value("CONF")?.isUnknown == false)
    #expect(result.value("DATA")?.isUnknown == false)
  }
}
