import FuzzSupport

/// Fuzzes the Lua bridge's fact conversion: fact trees decoded from the input, walked by a rule
/// through every node operation, reported, and rendered in every report format.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  BridgeHarness.run(data, size)
}

@_cdecl("FuzzBridge_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  FuzzDriver.run(argc, argv, target: "FuzzBridge", fuzzOneInput)
}
