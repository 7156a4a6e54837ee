import FuzzSupport

/// Fuzzes the `curl` reader with the input as `site.http`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  ReaderHarness.readFile(kind: "curl", path: "site.http", data, size)
}

@_cdecl("FuzzCurlDump_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  FuzzDriver.run(argc, argv, target: "FuzzCurlDump", available: ReaderHarness.hasReader("curl"), fuzzOneInput)
}
