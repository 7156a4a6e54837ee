import FuzzSupport

/// Fuzzes the `gunicorn` reader with the input as `gunicorn.conf.py`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  ReaderHarness.readFile(kind: "gunicorn", path: "gunicorn.conf.py", data, size)
}

@_cdecl("FuzzGunicorn_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  FuzzDriver.run(argc, argv, target: "FuzzGunicorn", available: ReaderHarness.hasReader("gunicorn"), fuzzOneInput)
}
