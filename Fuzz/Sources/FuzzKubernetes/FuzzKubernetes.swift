import FuzzSupport

/// Fuzzes the `kubernetes` reader with the input as `k8s/deployment.yaml`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  ReaderHarness.readFile(kind: "kubernetes", path: "k8s/deployment.yaml", data, size)
}

@_cdecl("FuzzKubernetes_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  FuzzDriver.run(argc, argv, target: "FuzzKubernetes", available: ReaderHarness.hasReader("kubernetes"), fuzzOneInput)
}
