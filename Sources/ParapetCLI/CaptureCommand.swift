import ArgumentParser
import Foundation
import ParapetCapture

/// `parapet capture URL -o DIR`: fetch a site as the Observatory does, into one HAR file that
/// `parapet scan` grades offline.
struct CaptureCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "capture",
    abstract: "Capture a site's HTTP evidence (HTTPS and HTTP chains, redirects, CORS preflight) as HAR.",
    discussion: """
      Requests https://HOST/PATH and http://HOST/PATH, following up to 10 redirects by hand and \
      recording every hop with all its headers; retries without certificate verification when the \
      certificate fails and records that; sends the Observatory's CORS preflight. Uses the curl \
      program, which keeps duplicate headers as the server sent them. Exit code 0 when the site \
      answered, 2 when nothing answered or the HAR could not be written.
      """)

  @Argument(help: "The site: HOST, HOST:PORT, HOST/PATH or a full URL.")
  var url: String

  @Option(name: [.short, .customLong("output")], help: "Folder to write HOST.har into.")
  var output: String

  @Option(help: "Seconds each request may take.")
  var timeout: Int = 20

  @Option(help: ArgumentHelp("The curl program to use.", valueName: "PATH"))
  var curl: String = "curl"

  func run() throws {
    guard let target = SiteCapture.Target(url) else {
      throw ValidationError("'\(url)' is not a host, host:port, host/path or http(s) URL")
    }
    let capture = SiteCapture(client: CurlClient(curl: curl, timeoutSeconds: timeout))
    let (har, answered) = capture.capture(target)
    let path = URL(fileURLWithPath: output).appendingPathComponent(target.fileName).path
    try AtomicWriter.write(har.serialized(pretty: true) + "\n", to: path)
    print("wrote \(path)")
    print("grade it offline: parapet scan \(path) --pack mozilla-observatory")
    if !answered {
      Console.error("parapet: \(target.host) did not answer over HTTPS or HTTP (the HAR records the errors)")
      throw ExitCode(2)
    }
  }
}
