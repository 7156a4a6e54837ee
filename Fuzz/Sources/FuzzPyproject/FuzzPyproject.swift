import FuzzSupport

/// Fuzzes the `python-dependencies` reader with the input as `pyproject.toml`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  ReaderHarness.readFile(kind: "python-dependencies", path: "pyproject.toml", data, size)
}

@_cdecl("FuzzPyproject_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  FuzzDriver.run(argc, argv, target: "FuzzPyproject", available: ReaderHarness.hasReader("python-dependencies"), fuzzOneInput)
}
