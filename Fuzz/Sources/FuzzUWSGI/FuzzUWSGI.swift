import FuzzSupport

/// Fuzzes the `uwsgi` reader with the input as `uwsgi.ini`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  ReaderHarness.readFile(kind: "uwsgi", path: "uwsgi.ini", data, size)
}

@_cdecl("FuzzUWSGI_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  FuzzDriver.run(argc, argv, target: "FuzzUWSGI", available: ReaderHarness.hasReader("uwsgi"), fuzzOneInput)
}
