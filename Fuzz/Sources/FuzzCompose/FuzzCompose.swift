import FuzzSupport

/// Fuzzes the `compose` reader with the input as `docker-compose.yml`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  ReaderHarness.readFile(kind: "compose", path: "docker-compose.yml", data, size)
}

@_cdecl("FuzzCompose_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  FuzzDriver.run(argc, argv, target: "FuzzCompose", available: ReaderHarness.hasReader("compose"), fuzzOneInput)
}
