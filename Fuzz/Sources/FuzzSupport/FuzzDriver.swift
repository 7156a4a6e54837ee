import Foundation

/// The signature libFuzzer calls for every input.
public typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

/// libFuzzer's driver (LLVM 11 and later). SwiftPM renames an executable's `main` to
/// `<Target>_main` and links with `--defsym main=<Target>_main`, so libFuzzer's own `main` is
/// never pulled in; each target defines `<Target>_main` and calls `FuzzDriver.run`, which hands
/// the command line to this function.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: FuzzCallback
) -> CInt

public enum FuzzDriver {
  /// Runs libFuzzer with the process's arguments. When `available` is false (the reader the
  /// target fuzzes is not in this build yet) it says so and exits 0, so scripts skip it.
  public static func run(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    target: String, available: Bool = true, _ callback: FuzzCallback
  ) -> CInt {
    guard available else {
      let message = "\(target): SKIPPED: the reader it fuzzes is not in EvidenceRegistry.standard\n"
      FileHandle.standardError.write(Data(message.utf8))
      return 0
    }
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, callback)
  }
}

/// Stops the fuzzer with a message: libFuzzer saves the input as a crash.
public func fuzzInvariant(_ condition: Bool, _ message: @autoclosure () -> String) {
  if !condition {
    FileHandle.standardError.write(Data("parapet fuzz invariant failed: \(message())\n".utf8))
    abort()
  }
}
