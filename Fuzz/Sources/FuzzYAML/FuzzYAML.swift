import FuzzSupport

/// Fuzzes the `yaml` reader with the input as `config.yaml`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  ReaderHarness.readFile(kind: "yaml", path: "config.yaml", data, size)
}

@_cdecl("FuzzYAML_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  FuzzDriver.run(argc, argv, target: "FuzzYAML", available: ReaderHarness.hasReader("yaml"), fuzzOneInput)
}
