// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "Parapet",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "parapet", targets: ["parapet"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
  ],
  targets: [
    // Lua 5.4 from Debian's liblua5.4-dev.
    .systemLibrary(
      name: "CLua", path: "Sources/CLua", pkgConfig: "lua5.4",
      providers: [.apt(["liblua5.4-dev"])]),
    // zlib from Debian's zlib1g-dev: gzip-compressed WARC records and HTTP bodies, and the
    // settings evaluator's zlib.decompress/gzip.decompress (ParapetFacts' ZlibInflate).
    .systemLibrary(
      name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]),
    // Everything that may raise a Lua error lives in C: allocator, hooks, sandbox, trampolines,
    // budgeted library functions, the watchdog. Only this target may use the Lua API (CLua);
    // Swift imports CLuaSandbox, whose header exposes only non-raising psb_* functions.
    .target(name: "CLuaSandbox", dependencies: ["CLua"]),
    // The fact model: typed values with source locations.
    .target(
      name: "ParapetFacts",
      dependencies: [
        "CZlib",
        .product(name: "OrderedCollections", package: "swift-collections"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
    // The Python front end: tokenizer, parser, AST, evaluator, and models of the standard
    // library and configuration libraries. Readers ask it for a module's names and values.
    .target(
      name: "ParapetPython",
      dependencies: [
        "ParapetFacts", "Yams",
        .product(name: "OrderedCollections", package: "swift-collections"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
    // Evidence readers: one per kind, one registry.
    .target(
      name: "ParapetEvidence",
      dependencies: ["ParapetFacts", "ParapetPython", "Yams"]),
    // `parapet capture`: fetches a site as the Observatory does and writes HAR evidence.
    // It follows redirects with the HTTP readers' resolver (URLParts.resolve), so a capture and
    // a scan of it link the same chain.
    .target(name: "ParapetCapture", dependencies: ["ParapetFacts", "ParapetEvidence"]),
    // The Lua bridge, packs, rules, runner and configuration.
    .target(
      name: "ParapetEngine",
      dependencies: [
        "ParapetFacts", "ParapetPython", "ParapetEvidence", "CLuaSandbox",
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
    // Reporters: text, JSON, SARIF, JUnit, Markdown, HTML.
    .target(name: "ParapetReports", dependencies: ["ParapetFacts", "ParapetEngine"]),
    // The command-line interface as a library, so tests can drive it.
    .target(
      name: "ParapetCLI",
      dependencies: [
        "ParapetFacts", "ParapetPython", "ParapetEvidence", "ParapetEngine", "ParapetReports",
        "ParapetCapture",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(name: "parapet", dependencies: ["ParapetCLI"]),
    .testTarget(
      name: "ParapetTests",
      dependencies: [
        "ParapetFacts", "ParapetPython", "ParapetEvidence", "ParapetEngine", "ParapetReports",
        "ParapetCLI", "ParapetCapture", "CLuaSandbox", "Yams",
      ],
      exclude: ["Fixtures"]),
  ]
)
