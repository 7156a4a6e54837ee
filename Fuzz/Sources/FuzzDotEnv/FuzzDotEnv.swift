import FuzzSupport

/// Fuzzes the `dotenv` reader with the input as `.env`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  ReaderHarness.readFile(kind: "dotenv", path: ".env", data, size)
}

@_cdecl("FuzzDotEnv_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  FuzzDriver.run(argc, argv, target: "FuzzDotEnv", available: ReaderHarness.hasReader("dotenv"), fuzzOneInput)
}
