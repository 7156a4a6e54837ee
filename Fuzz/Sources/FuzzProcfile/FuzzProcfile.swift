import FuzzSupport

/// Fuzzes the `procfile` reader with the input as `Procfile`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  ReaderHarness.readFile(kind: "procfile", path: "Procfile", data, size)
}

@_cdecl("FuzzProcfile_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  FuzzDriver.run(argc, argv, target: "FuzzProcfile", available: ReaderHarness.hasReader("procfile"), fuzzOneInput)
}
