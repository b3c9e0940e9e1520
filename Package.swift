// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "tractok",
  products: [
    .executable(name: "tractok", targets: ["App"])
  ],
  targets: [
    .systemLibrary(
      name: "CNcursesw", path: "Sources/CNcursesw",
      providers: [.apt(["libncursesw5-dev"])]),
    .systemLibrary(
      name: "CSQLite", path: "Sources/CSQLite",
      providers: [.apt(["libsqlite3-dev"])]),
    .systemLibrary(
      name: "COpenSSL", path: "Sources/COpenSSL",
      providers: [.apt(["libssl-dev"])]),
    .systemLibrary(
      name: "CQRencode", path: "Sources/CQRencode",
      providers: [.apt(["libqrencode-dev"])]),
    // glibc's prctl, which Swift cannot call directly (variadic); nothing to link.
    .systemLibrary(name: "CLinux", path: "Sources/CLinux"),

    .target(name: "Domain", path: "Sources/Domain"),
    .target(name: "Storage", dependencies: ["Domain", "CSQLite", "COpenSSL"], path: "Sources/Storage"),
    .target(name: "Sandbox", dependencies: ["Domain"], path: "Sources/Sandbox"),
    .target(name: "TUI", dependencies: ["Domain", "CNcursesw", "CQRencode"], path: "Sources/TUI"),
    .executableTarget(
      name: "App", dependencies: ["Domain", "Storage", "Sandbox", "TUI", "CLinux"],
      path: "Sources/App"),

    .target(name: "TestSupport", path: "Tests/TestSupport", exclude: ["TLSServer"]),
    // scripts/bench's in-process figures and fixtures; test-only, never shipped.
    .executableTarget(
      name: "TractokBench", dependencies: ["Domain", "Storage", "TUI"], path: "Tests/TractokBench"),
    // A program the S7 tests run as another local user (browser, client, squatter); test-only.
    .executableTarget(
      name: "LocalPeer", dependencies: ["Domain", "TestSupport"], path: "Tests/LocalPeer"),
    .testTarget(name: "DomainTests", dependencies: ["Domain", "Storage", "Sandbox", "TestSupport"]),
    .testTarget(name: "StorageTests", dependencies: ["Storage", "Domain", "TestSupport"]),
    .testTarget(name: "SandboxTests", dependencies: ["Sandbox", "Domain", "Storage", "TestSupport"]),
    .testTarget(
      name: "TUITests", dependencies: ["TUI", "Domain", "TestSupport"], exclude: ["__Snapshots__"]),
    .testTarget(
      name: "AppTests", dependencies: ["App", "Domain", "Storage", "Sandbox", "TUI", "TestSupport"]),
    .testTarget(
      name: "EndToEndTests", dependencies: ["Domain", "Storage", "Sandbox", "TestSupport"]),
  ]
)
