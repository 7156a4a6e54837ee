import FuzzSupport

/// Fuzzes the `dockerfile` reader with the input as `Dockerfile`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  ReaderHarness.readFile(kind: "dockerfile", path: "Dockerfile", data, size)
}

@_cdecl("FuzzDockerfile_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  FuzzDriver.run(argc, argv, target: "FuzzDockerfile", available: ReaderHarness.hasReader("dockerfile"), fuzzOneInput)
}
