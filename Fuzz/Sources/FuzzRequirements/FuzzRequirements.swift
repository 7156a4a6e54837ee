import FuzzSupport

/// Fuzzes the `python-dependencies` reader with the input as `requirements.txt`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  ReaderHarness.readFile(kind: "python-dependencies", path: "requirements.txt", data, size)
}

@_cdecl("FuzzRequirements_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  FuzzDriver.run(argc, argv, target: "FuzzRequirements", available: ReaderHarness.hasReader("python-dependencies"), fuzzOneInput)
}
