import Foundation
import ParapetFacts
import Testing

@testable import ParapetEvidence

/// Settings that create a file on first import and then read it: the evaluator follows the
/// writes in an overlay (never on disk), so the read sees what was written, a copied template
/// reads as the template (located there), and a file written with unknown content exists
/// (no FileNotFoundError). Also PyYAML's `safe_load`, `sys.exit` and `type(x) is dict`.
@Suite("Files the settings write")
struct WrittenFileSettingsTests {
  static let template = """
    debug: False
    middleware:
      - django.middleware.security.SecurityMiddleware
    cookie:
      secure: on
    hosts: ['a.example', 'b.example']
    port: 0755
    ratio: 1e3
    """

  static func isUnknown(_ value: FactValue?) -> Bool {
    if case .unknown? = value { return true }
    return false
  }

  @Test func copiedTemplateIsReadThroughYAML() {
    let facts = DjangoFixture.read([
      "mysite/settings.py": """
      import shutil
      import yaml
      from pathlib import Path
      BASE_DIR = Path(__file__).resolve().parent
      cfg = BASE_DIR.joinpath('config', 'config.yaml')
      if not cfg.exists():
          cfg.parent.mkdir(parents=True, exist_ok=True)
          shutil.copyfile(BASE_DIR / 'template.yaml', cfg)
      with open(cfg, encoding='utf-8') as f:
          CONFIG = yaml.safe_load(f)
      DEBUG = CONFIG['debug']
      MIDDLEWARE = CONFIG.get('middleware', [])
      SESSION_COOKIE_SECURE = CONFIG['cookie']['secure']
      ALLOWED_HOSTS = CONFIG['hosts']
      PORT = CONFIG['port']
      RATIO = CONFIG['ratio']
      """,
      "mysite/template.yaml": Self.template,
    ]).facts
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
    #expect(facts.value("django.settings.SESSION_COOKIE_SECURE") == .bool(true))
    #expect(facts.lookup("django.settings.MIDDLEWARE.1")?.value == .string("django.middleware.security.SecurityMiddleware"))
    #expect(facts.lookup("django.settings.ALLOWED_HOSTS.2")?.value == .string("b.example"))
    // YAML 1.1 as PyYAML reads it: 0755 is octal, 1e3 (no dot) a string.
    #expect(facts.value("django.settings.PORT") == .integer(0o755))
    #expect(facts.value("django.settings.RATIO") == .string("1e3"))
    // Items are located in the template, the file the content came from, which is listed.
    #expect(facts.lookup("django.settings.MIDDLEWARE.1")?.location?.file == "mysite/template.yaml")
    #expect(facts.lookup("django.settings.MIDDLEWARE.1")?.location?.line == 3)
    #expect("\(facts.value("django.configuration_files") ?? .null)".contains("mysite/template.yaml"))
    #expect(facts.value("django.loaded") == .bool(true))
    #expect(facts.value("django.possible_load_errors") == .list([]))
  }

  @Test func textWrittenThenReadIsThatText() {
    let facts = DjangoFixture.settings("""
      import json
      from pathlib import Path
      p = Path('/srv/app/flags.json')
      p.parent.mkdir(parents=True, exist_ok=True)
      with open(p, 'w') as f:
          f.write('{"debug": ')
          f.write('false}')
      DEBUG = json.load(open(p))['debug']
      Path('/srv/app/hosts.txt').write_text('a.example')
      ALLOWED_HOSTS = [Path('/srv/app/hosts.txt').read_text()]
      import os
      EXISTS = os.path.exists('/srv/app/hosts.txt')
      """)
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
    #expect(facts.lookup("django.settings.ALLOWED_HOSTS.1")?.value == .string("a.example"))
    #expect(facts.value("django.settings.EXISTS") == .bool(true))
    #expect(facts.value("django.possible_load_errors") == .list([]))
  }

  @Test func randomSecretWrittenExclusivelyExistsButStaysUnknown() {
    // mathesar's form: `open(path, 'x')` under `except FileExistsError`, then a read.
    let facts = DjangoFixture.settings("""
      import os
      from django.core.management.utils import get_random_secret_key
      os.makedirs('/srv/secrets', exist_ok=True)
      try:
          with open('/srv/secrets/key.txt', 'x') as f:
              f.write(get_random_secret_key())
      except FileExistsError:
          pass
      with open('/srv/secrets/key.txt', 'r') as f:
          SECRET_KEY = f.read()
      DEBUG = False
      """)
    guard case .unknown(let unknown)? = facts.value("django.settings.SECRET_KEY") else {
      Issue.record("SECRET_KEY should be unknown: \(String(describing: facts.value("django.settings.SECRET_KEY")))")
      return
    }
    #expect(unknown.reason.contains("which the settings wrote"))
    #expect(facts.value("django.loaded") == .bool(true))
    #expect(facts.value("django.possible_load_errors") == .list([]))
  }

  @Test func pathOpenForWritingAndCopyOfAnUnseenFile() {
    // pretalx's form (`SECRET_FILE.open(mode="w")`), and a copy whose source Parapet cannot see.
    let facts = DjangoFixture.settings("""
      import shutil
      from pathlib import Path
      from django.utils.crypto import get_random_string
      SECRET_FILE = Path('/data/.secret')
      SECRET_FILE.parent.mkdir(exist_ok=True)
      with SECRET_FILE.open(mode='w') as f:
          f.write(get_random_string(50))
      SECRET_KEY = SECRET_FILE.read_text()
      shutil.copy('/etc/app/app.yaml', '/data/app.yaml')
      COPIED = open('/data/app.yaml').read()
      """)
    #expect(Self.isUnknown(facts.value("django.settings.SECRET_KEY")))
    #expect(Self.isUnknown(facts.value("django.settings.COPIED")))
    // Only the copy's source may be missing on the server.
    let possible = "\(facts.value("django.possible_load_errors").map { "\($0)" } ?? "")"
    #expect(possible.contains("/etc/app/app.yaml"))
    #expect(!possible.contains("/data/.secret"))
    #expect(!possible.contains("/data/app.yaml"))
  }

  @Test func fileWrittenWhereItsTestFailedIsReadThere() {
    // pretalx's form: the branch where the file was missing writes it, then reads it.
    let facts = DjangoFixture.settings("""
      from pathlib import Path
      from django.utils.crypto import get_random_string
      SECRET_FILE = Path('/data/.secret')
      if not SECRET_FILE.exists():
          SECRET_FILE.write_text(get_random_string(50))
          SECRET_KEY = SECRET_FILE.read_text()
      else:
          SECRET_KEY = SECRET_FILE.read_text()
      DEBUG = False
      """)
    #expect(Self.isUnknown(facts.value("django.settings.SECRET_KEY")))
    #expect(facts.value("django.loaded") == .bool(true))
    #expect(facts.value("django.possible_load_errors") == .list([]))
  }

  @Test func exclusiveOpenOfAnExistingFileRaises() {
    let facts = DjangoFixture.read([
      "mysite/settings.py": """
      import os
      here = os.path.dirname(__file__)
      with open(os.path.join(here, 'key.txt'), 'x') as f:
          f.write('new')
      SECRET_KEY = 'x'
      """,
      "mysite/key.txt": "old",
    ]).facts
    #expect(facts.value("django.loaded") == .bool(false))
    #expect("\(facts.value("django.load_errors") ?? .null)".contains("FileExistsError"))
  }

  @Test func writeOnOnlyOneUndecidedPathIsNotAssumed() {
    let facts = DjangoFixture.settings("""
      import os
      if os.environ.get('MAKE') == '1':
          with open('/srv/flag', 'w') as f:
              f.write('on')
      FLAG = open('/srv/flag').read()
      """)
    #expect(Self.isUnknown(facts.value("django.settings.FLAG")))
    let possible = "\(facts.value("django.possible_load_errors").map { "\($0)" } ?? "")"
    #expect(possible.contains("FileNotFoundError"))
  }

  @Test func sysExitStopsTheLoadAndExceptExceptionDoesNotCatchIt() {
    let facts = DjangoFixture.settings("""
      import sys
      SITE_URL = None
      try:
          if not SITE_URL:
              sys.exit(-1)
      except Exception:
          pass
      DEBUG = False
      """)
    #expect(facts.value("django.loaded") == .bool(false))
    #expect("\(facts.value("django.load_errors") ?? .null)".contains("SystemExit"))
  }

  @Test func typeIdentityOfBuiltinTypes() {
    let facts = DjangoFixture.settings("""
      data = {'a': {'b': 1}}
      A = type(data) is dict
      B = type(data['a']['b']) is not dict
      C = type('x') is str
      """)
    #expect(facts.value("django.settings.A") == .bool(true))
    #expect(facts.value("django.settings.B") == .bool(true))
    #expect(facts.value("django.settings.C") == .bool(true))
  }
}
