import ParapetFacts
import Testing

@testable import ParapetPython

/// `Path.glob`, `Path.rglob`, `Path.iterdir`, `glob.glob` and `os.listdir` list what the scan
/// holds, with Python's rules for hidden names and `**`; what lies beyond the scan is unknown.
/// Every expectation below was checked with CPython 3.12 on the same tree.
@Suite("Folder listings in settings")
struct FolderListingTests {
  static let tree: [String: String] = [
    "plugins/pay-plugin/pay_plugin/__init__.py": "",
    "plugins/pay-plugin/pay_plugin/misago_plugin.py": "",
    "plugins/.hidden-plugin/hidden_plugin/__init__.py": "",
    "plugins/.hidden-plugin/hidden_plugin/misago_plugin.py": "",
    "plugins/no-init/no_init/misago_plugin.py": "",
    "plugins/pip-install.txt": "",
    "conf/a.py": "", "conf/b.py": "", "conf/sub/c.py": "", "conf/.secret.py": "",
  ]

  static func strings(_ value: PythonValue?) -> [String]? {
    value?.elements?.map { item -> String in
      switch item.kind {
      case .string(let text), .path(let text): return text
      default: return "?"
      }
    }
  }

  @Test func pluginDiscoveryByGlobFindsWhatThePatternMatches() {
    let result = PythonEvaluation.run(
      Self.tree.merging(
        [
          "mysite/settings.py": """
          from pathlib import Path
          APPS = []
          for found in sorted(Path("plugins").glob("*/*/misago_plugin.py")):
              package = found.parent
              if (package / "__init__.py").is_file():
                  APPS.append(package.name)
          FOLDERS = sorted(str(p) for p in Path("plugins").iterdir())
          """
        ], uniquingKeysWith: { $1 }))
    #expect(result.loadErrors.isEmpty)
    // pathlib's wildcards match names that start with a dot.
    #expect(Self.strings(result.value("APPS")) == ["hidden_plugin", "pay_plugin"])
    #expect(
      Self.strings(result.value("FOLDERS"))
        == ["plugins/.hidden-plugin", "plugins/no-init", "plugins/pay-plugin", "plugins/pip-install.txt"])
  }

  @Test func globModuleSkipsHiddenNamesAndNeedsRecursiveForDoubleStar() {
    let result = PythonEvaluation.run(
      Self.tree.merging(
        [
          "mysite/settings.py": """
          import glob, os, pathlib
          FLAT = sorted(glob.glob("conf/*.py"))
          DEEP = sorted(glob.glob("conf/**/*.py", recursive=True))
          HIDDEN = sorted(glob.glob("conf/*.py", include_hidden=True))
          NAMES = sorted(os.listdir("conf"))
          RGLOB = sorted(p.name for p in pathlib.Path("conf").rglob("*.py"))
          """
        ], uniquingKeysWith: { $1 }))
    #expect(result.loadErrors.isEmpty)
    #expect(Self.strings(result.value("FLAT")) == ["conf/a.py", "conf/b.py"])
    #expect(Self.strings(result.value("DEEP")) == ["conf/a.py", "conf/b.py", "conf/sub/c.py"])
    #expect(Self.strings(result.value("HIDDEN")) == ["conf/.secret.py", "conf/a.py", "conf/b.py"])
    #expect(Self.strings(result.value("NAMES")) == [".secret.py", "a.py", "b.py", "sub"])
    #expect(Self.strings(result.value("RGLOB")) == [".secret.py", "a.py", "b.py", "c.py"])
  }

  // CPython 3.12 on the same tree: ['conf/.secret.py', 'conf/a.py', 'conf/b.py', 'conf/sub/c.py'],
  // and [] for a folder that does not exist.
  @Test func osWalkGoesTopDownAndAMissingFolderGivesNothing() {
    let result = PythonEvaluation.run(
      Self.tree.merging(
        [
          "mysite/settings.py": """
          import os
          NAMES = []
          for dirpath, dirnames, filenames in os.walk("conf"):
              for name in sorted(filenames):
                  if name.endswith(".py"):
                      NAMES.append(os.path.join(dirpath, name))
          NOTHING = list(os.walk("nothing"))
          """
        ], uniquingKeysWith: { $1 }))
    #expect(result.loadErrors.isEmpty)
    #expect(Self.strings(result.value("NAMES")) == ["conf/.secret.py", "conf/a.py", "conf/b.py", "conf/sub/c.py"])
    #expect(Self.strings(result.value("NOTHING")) == [])
    // Two subfolders: which one os.walk visits first is the file system's choice.
    let crowded = PythonEvaluation.run(
      Self.tree.merging(
        ["conf/other/d.py": "", "mysite/settings.py": "import os\nWALKED = list(os.walk('conf'))\n"],
        uniquingKeysWith: { $1 }))
    #expect(crowded.value("WALKED")?.isUnknown == true)
  }

  /// NetBox's Docker image loads every `*.py` of its configuration folder in name order:
  /// `with scandir(dir) as it: for f in sorted(it, key=_filename)`. CPython 3.12 on this tree:
  /// FILES ['conf/.secret.py', 'conf/a.py', 'conf/b.py'], FOLDERS ['sub'], and FileNotFoundError
  /// for a missing folder.
  @Test func osScandirListsEntriesWithNamesPathsAndKinds() {
    let settings = """
      from os import scandir
      import os

      def _filename(f):
          return f.name

      with scandir("conf") as it:
          FILES = [f.path for f in sorted(it, key=_filename) if f.is_file()]
      FOLDERS = [f.name for f in os.scandir("conf") if f.is_dir()]
      """
    let result = PythonEvaluation.run(Self.tree.merging(["mysite/settings.py": settings], uniquingKeysWith: { $1 }))
    #expect(result.loadErrors.isEmpty)
    #expect(Self.strings(result.value("FILES")) == ["conf/.secret.py", "conf/a.py", "conf/b.py"])
    #expect(Self.strings(result.value("FOLDERS")) == ["sub"])
    let missing = PythonEvaluation.run(
      Self.tree.merging(["mysite/settings.py": "import os\nENTRIES = list(os.scandir('nothing'))\n"], uniquingKeysWith: { $1 }))
    #expect(missing.loadErrors.map(\.type) == ["FileNotFoundError"])
  }

  /// `sorted(items, key=f)` orders by the keys, stably: CPython gives ['c', 'a', 'b', 'bb'].
  @Test func sortedOrdersByTheKeyFunction() {
    let result = PythonEvaluation.settings("ORDER = sorted(['c', 'bb', 'a', 'b'], key=lambda s: len(s))\n")
    #expect(Self.strings(result.value("ORDER")) == ["c", "a", "b", "bb"])
  }

  // CPython 3.13: OSError [Errno 36] File name too long; CPython 3.14: False.
  @Test func anOverlongNameRaisesBeforePython314() {
    let source = "from pathlib import Path\nKEY = 'k' * 300\nIS_FILE = Path(KEY).is_file()\n"
    func run(_ lower: [Int], _ upper: [Int]?) -> PythonEvaluation.Result {
      PythonEvaluation.settings(source, version: PythonVersionRange(lower: lower, upper: upper, source: "test"))
    }
    let old = run([3, 13, 0], [3, 14, 0])
    #expect(old.loadErrors.map(\.type) == ["OSError"])
    // The path may be a secret: the message gives its length only.
    #expect(old.loadErrors.first?.message.contains("kkkk") == false)
    #expect(run([3, 14, 0], nil).value("IS_FILE")?.boolValue == false)
    #expect(run([3, 10, 0], nil).value("IS_FILE")?.isUnknown == true)
  }

  @Test func aMissingFolderGlobsToNothingAndListingItRaises() {
    let globbed = PythonEvaluation.run([
      "mysite/settings.py": "from pathlib import Path\nFOUND = list(Path('nothing').glob('*'))\n"
    ])
    #expect(globbed.loadErrors.isEmpty)
    #expect(Self.strings(globbed.value("FOUND")) == [])
    let listed = PythonEvaluation.run(["mysite/settings.py": "import os\nNAMES = os.listdir('nothing')\n"])
    #expect(listed.loadErrors.first?.type == "FileNotFoundError")
  }

  @Test func aServerFolderIsUnknownUntilTheUserDescribesIt() {
    let settings = "from pathlib import Path\nFOUND = sorted(Path('/app/plugins').glob('*/*/misago_plugin.py'))\n"
    let unseen = PythonEvaluation.run(["mysite/settings.py": settings])
    #expect(unseen.value("FOUND")?.isUnknown == true)
    #expect(unseen.value("FOUND")?.unknownReason?.contains("--server-dir") == true)
    let missing = PythonEvaluation.run(["mysite/settings.py": settings], server: ServerFolders(missing: ["/app"]))
    #expect(Self.strings(missing.value("FOUND")) == [])
    let mounted = PythonEvaluation.run(
      Self.tree.merging(["mysite/settings.py": settings], uniquingKeysWith: { $1 }),
      server: ServerFolders(mounts: [.init(server: "/app/plugins", bundle: "plugins")]))
    #expect(
      Self.strings(mounted.value("FOUND"))
        == [
          "/app/plugins/.hidden-plugin/hidden_plugin/misago_plugin.py", "/app/plugins/no-init/no_init/misago_plugin.py",
          "/app/plugins/pay-plugin/pay_plugin/misago_plugin.py",
        ])
  }

  @Test func aFinalDoubleStarDependsOnThePythonVersion() {
    let result = PythonEvaluation.run(Self.tree.merging(["mysite/settings.py": "from pathlib import Path\nFOUND = list(Path('conf').glob('**'))\n"], uniquingKeysWith: { $1 }))
    #expect(result.value("FOUND")?.isUnknown == true)
  }

  /// `Path.parents`, nearest first (courtlistener's `Path(__file__).resolve().parents[2]`).
  @Test func pathParentsAreTheAncestorsNearestFirst() {
    let result = PythonEvaluation.run([
      "mysite/settings.py": """
        from pathlib import Path
        ROOT = str(Path("/project/cl/settings/django.py").parents[2])
        RELATIVE = [str(p) for p in Path("a/b/c").parents]
        """
    ])
    #expect(result.value("ROOT")?.stringValue == "/project")
    #expect(Self.strings(result.value("RELATIVE")) == ["a/b", "a", "."])
  }
}
