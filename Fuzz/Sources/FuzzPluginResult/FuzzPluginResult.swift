import FuzzSupport

/// Fuzzes the conversion of Lua plugin results (tables, `located` values, cycles) into facts.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  PluginHarness.run(data, size)
}

@_cdecl("FuzzPluginResult_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  FuzzDriver.run(argc, argv, target: "FuzzPluginResult", fuzzOneInput)
}
