import FuzzSupport

/// Fuzzes the `har` reader with the input as `capture.har`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  ReaderHarness.readFile(kind: "har", path: "capture.har", data, size)
}

@_cdecl("FuzzHAR_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  FuzzDriver.run(argc, argv, target: "FuzzHAR", available: ReaderHarness.hasReader("har"), fuzzOneInput)
}
