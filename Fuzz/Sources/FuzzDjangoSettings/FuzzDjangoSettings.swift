import FuzzSupport

/// Fuzzes the Django settings reader (Python-subset tokenizer, parser and evaluator): the input
/// is `mysite/settings.py` of a project whose manage.py selects it; every reader runs, as in a
/// scan.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  ReaderHarness.loadBundle(
    path: "mysite/settings.py",
    companions: [
      "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
      "mysite/__init__.py": "",
      "mysite/base.py": "DEBUG = False\nSECRET_KEY = 'base'\nALLOWED_HOSTS = ['example.com']\n",
    ], data, size)
}

@_cdecl("FuzzDjangoSettings_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  FuzzDriver.run(
    argc, argv, target: "FuzzDjangoSettings",
    available: ReaderHarness.hasReader("django-settings"), fuzzOneInput)
}
