import FuzzSupport

/// Fuzzes the HTTP header parsers (CSP, Set-Cookie, HSTS, framing, referrer, CORS, isolation,
/// redirects) and the HTML tokenizer: the input's first line becomes the value of every
/// security header of a curl dump, and the whole input its HTML body.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  let firstLine = input.prefix { $0 != 0x0A && $0 != 0x0D }
  let headers = [
    "Content-Security-Policy", "Content-Security-Policy-Report-Only", "Set-Cookie",
    "Strict-Transport-Security", "X-Frame-Options", "Referrer-Policy",
    "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials",
    "Cross-Origin-Opener-Policy", "Cross-Origin-Embedder-Policy",
    "Cross-Origin-Resource-Policy", "X-Content-Type-Options", "Location",
  ]
  var dump = Array("# url: https://example.com/\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n".utf8)
  for name in headers { dump += Array("\(name): ".utf8) + firstLine + [0x0D, 0x0A] }
  dump += Array("\r\n".utf8) + input
  return dump.withUnsafeBufferPointer { buffer in
    ReaderHarness.readFile(kind: "curl", path: "headers.http", buffer.baseAddress, buffer.count)
  }
}

@_cdecl("FuzzHTTPHeaders_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  FuzzDriver.run(argc, argv, target: "FuzzHTTPHeaders", available: ReaderHarness.hasReader("curl"), fuzzOneInput)
}
