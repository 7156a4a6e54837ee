import Foundation

/// One HTTP request made with the `curl` program, with every response header kept as sent.
///
/// Parapet captures through curl rather than URLSession because URLSession merges duplicate
/// headers (two `Set-Cookie` or two `Strict-Transport-Security` lines become one), and the
/// Observatory's results depend on seeing them as the server sent them.
public struct CurlClient: Sendable {
  /// One response as received.
  public struct Response: Sendable {
    public var status: Int
    public var statusText: String
    public var httpVersion: String
    /// Header lines in order, duplicates kept.
    public var headers: [(name: String, value: String)]
    public var body: Data
  }

  /// Why a request produced no response.
  public enum Failure: Error, Sendable, CustomStringConvertible {
    /// The certificate did not verify (curl exit 60, 51 or 35 with a certificate message).
    case certificate(String)
    /// Anything else: no route, refused, timeout, TLS handshake failure.
    case transport(String)
    /// curl itself is missing or failed to start.
    case tool(String)

    public var description: String {
      switch self {
      case .certificate(let text): return "certificate error: \(text)"
      case .transport(let text): return text
      case .tool(let text): return text
      }
    }
  }

  public var curl: String
  public var timeoutSeconds: Int
  public var userAgent: String
  /// Bodies larger than this are refused (and the hop recorded without a body).
  public var maximumBodyBytes: Int

  public init(
    curl: String = "curl", timeoutSeconds: Int = 20,
    userAgent: String = "Mozilla/5.0 (compatible; Parapet capture; +https://github.com/)",
    maximumBodyBytes: Int = 10 << 20
  ) {
    self.curl = curl
    self.timeoutSeconds = timeoutSeconds
    self.userAgent = userAgent
    self.maximumBodyBytes = maximumBodyBytes
  }

  /// Sends one request without following redirects.
  public func send(
    method: String, url: String, headers: [(String, String)] = [], verifyCertificate: Bool
  ) -> Result<Response, Failure> {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parapet-capture-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let headerFile = folder.appendingPathComponent("headers")
    let bodyFile = folder.appendingPathComponent("body")
    var arguments = [
      "--silent", "--show-error", "--max-redirs", "0", "--request", method,
      "--dump-header", headerFile.path, "--output", bodyFile.path,
      "--max-time", String(timeoutSeconds), "--connect-timeout", String(min(timeoutSeconds, 10)),
      "--max-filesize", String(maximumBodyBytes), "--user-agent", userAgent,
      "--proto", "=http,https", "--compressed",
    ]
    if !verifyCertificate { arguments.append("--insecure") }
    for (name, value) in headers { arguments += ["--header", "\(name): \(value)"] }
    arguments += ["--", url]
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [curl] + arguments
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      return .failure(.tool("cannot run curl (install it, e.g. apt-get install curl): \(error)"))
    }
    let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    process.waitUntilExit()
    let code = process.terminationStatus
    if code == 127 { return .failure(.tool("curl is not installed")) }
    if code != 0 {
      let message = errorText.replacingOccurrences(of: "curl: ", with: "")
      // 60: peer certificate cannot be authenticated; 51: name mismatch (older curl).
      if code == 60 || code == 51 || (code == 35 && message.lowercased().contains("certificate")) {
        return .failure(.certificate(message))
      }
      return .failure(.transport("curl exit \(code): \(message)"))
    }
    let headerText = String(decoding: (try? Data(contentsOf: headerFile)) ?? Data(), as: UTF8.self)
    guard var response = Self.parseHeaders(headerText) else {
      return .failure(.transport("no HTTP response"))
    }
    response.body = (try? Data(contentsOf: bodyFile)) ?? Data()
    return .success(response)
  }

  /// Parses curl's header dump: the last response block wins (`100 Continue` comes first).
  static func parseHeaders(_ text: String) -> Response? {
    var blocks: [[String]] = []
    var current: [String] = []
    // Swift treats "\r\n" as one Character, so split on Unicode scalars, not Characters.
    let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
      String(String.UnicodeScalarView($0.last == "\r" ? $0.dropLast() : $0[...]))
    }
    for line in lines {
      if line.isEmpty {
        if !current.isEmpty { blocks.append(current) }
        current = []
      } else {
        current.append(line)
      }
    }
    if !current.isEmpty { blocks.append(current) }
    guard let block = blocks.last(where: { $0.first?.hasPrefix("HTTP/") == true }),
      let statusLine = block.first
    else { return nil }
    let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
    guard parts.count >= 2, let status = Int(parts[1]) else { return nil }
    var headers: [(String, String)] = []
    for line in block.dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      let name = String(line[..<colon])
      let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      headers.append((name, value))
    }
    return Response(
      status: status, statusText: parts.count > 2 ? String(parts[2]) : "",
      httpVersion: String(parts[0]), headers: headers, body: Data())
  }
}
