import FuzzSupport

/// Fuzzes the reader of `manage.py diffsettings` output (part of the Django settings reader).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  ReaderHarness.loadBundle(
    path: "diffsettings.txt",
    companions: [
      "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n"
    ], data, size)
}

@_cdecl("FuzzDiffSettings_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  FuzzDriver.run(
    argc, argv, target: "FuzzDiffSettings",
    available: ReaderHarness.hasReader("django-settings"), fuzzOneInput)
}
