import FuzzSupport

/// Fuzzes the `nginx` reader with the input as `nginx/nginx.conf`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  ReaderHarness.readFile(kind: "nginx", path: "nginx/nginx.conf", data, size)
}

@_cdecl("FuzzNginx_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  FuzzDriver.run(argc, argv, target: "FuzzNginx", available: ReaderHarness.hasReader("nginx"), fuzzOneInput)
}
