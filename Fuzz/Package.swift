// swift-tools-version:6.0
// Coverage-guided fuzz targets for Parapet's evidence readers and Lua bridge (libFuzzer).
//
// Build and run with scripts/fuzz.sh; by hand:
//   cd Fuzz && swift build -c debug --scratch-path ../.build-fuzz \
//     -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
//   ../.build-fuzz/debug/FuzzDotEnv -max_total_time=30 corpus/FuzzDotEnv
//
// The main package exports only the `parapet` executable, so this package compiles Parapet's
// library targets itself, from the same sources, through the `ParapetSources` symbolic link
// (-> ../Sources). Each mirrored target lists a superset of the dependencies it has in the main
// Package.swift; when a main target gains a dependency, add it here too.
//
// Each fuzz target is an executable whose `LLVMFuzzerTestOneInput` feeds the bytes to one reader.
// SwiftPM links executables with `main` renamed to `<Target>_main`, and libFuzzer's own `main`
// is then never linked in, so every target defines `<Target>_main` and hands control to
// `LLVMFuzzerRunDriver` (see FuzzSupport/FuzzDriver.swift).
import PackageDescription

let parapet = "ParapetSources"

let fuzzTargets = [
  "FuzzDotEnv", "FuzzJSON", "FuzzYAML", "FuzzHAR", "FuzzCurlDump", "FuzzHTTPHeaders",
  "FuzzDjangoSettings", "FuzzDiffSettings", "FuzzDockerfile", "FuzzCompose", "FuzzKubernetes",
  "FuzzNginx", "FuzzGunicorn", "FuzzProcfile", "FuzzUWSGI", "FuzzRequirements",
  "FuzzPyproject", "FuzzBridge", "FuzzPluginResult",
]

let package = Package(
  name: "ParapetFuzz",
  platforms: [.macOS(.v13)],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
  ],
  targets: [
    .systemLibrary(
      name: "CLua", path: "\(parapet)/CLua", pkgConfig: "lua5.4",
      providers: [.apt(["liblua5.4-dev"])]),
    .target(name: "CLuaSandbox", dependencies: ["CLua"], path: "\(parapet)/CLuaSandbox"),
    .systemLibrary(
      name: "CZlib", path: "\(parapet)/CZlib", pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]),
    .target(
      name: "ParapetFacts",
      dependencies: [
        "CZlib",
        .product(name: "OrderedCollections", package: "swift-collections"),
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      path: "\(parapet)/ParapetFacts"),
    .target(
      name: "ParapetPython",
      dependencies: [
        "ParapetFacts", "Yams",
        .product(name: "OrderedCollections", package: "swift-collections"),
      ],
      path: "\(parapet)/ParapetPython"),
    .target(
      name: "ParapetEvidence",
      dependencies: [
        "ParapetFacts", "ParapetPython", "Yams",
        .product(name: "OrderedCollections", package: "swift-collections"),
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      path: "\(parapet)/ParapetEvidence"),
    .target(
      name: "ParapetEngine",
      dependencies: [
        "ParapetFacts", "ParapetPython", "ParapetEvidence", "CLua", "CLuaSandbox",
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      path: "\(parapet)/ParapetEngine"),
    .target(
      name: "ParapetReports", dependencies: ["ParapetFacts", "ParapetEngine"],
      path: "\(parapet)/ParapetReports"),
    .target(
      name: "FuzzSupport",
      dependencies: ["ParapetFacts", "ParapetEvidence", "ParapetEngine", "ParapetReports"]),
  ] + fuzzTargets.map { name in
    .executableTarget(
      name: name,
      dependencies: [
        "FuzzSupport", "ParapetFacts", "ParapetEvidence", "ParapetEngine", "ParapetReports",
      ])
  }
)
