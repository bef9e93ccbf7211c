// swift-tools-version:6.0
// Bazaar — terminal course runner for rural e-commerce training.
// GPL-3.0-or-later (links GNU readline).
import PackageDescription

let strict: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
  name: "Bazaar",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "bazaar", targets: ["bazaar"]),
    .library(name: "BazaarKit", targets: ["BazaarKit"]),
  ],
  dependencies: [
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
    .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    .package(url: "https://github.com/drmohundro/SWXMLHash", from: "8.1.1"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
  ],
  targets: [
    // GNU readline, as a system library. Only BazaarTerminal imports it.
    .systemLibrary(
      name: "CReadline",
      providers: [.apt(["libreadline-dev"]), .brew(["readline"])]
    ),
    // All logic: course model, loader, diagnostics, graders. No terminal code.
    .target(
      name: "BazaarKit",
      dependencies: [
        .product(name: "Yams", package: "Yams"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "HeapModule", package: "swift-collections"),
        .product(name: "Plot", package: "Plot"),
        .product(name: "CSV", package: "CSV.swift"),
      ],
      swiftSettings: strict
    ),
    // The only module that touches the terminal and readline.
    .target(
      name: "BazaarTerminal",
      dependencies: ["BazaarKit", "CReadline"],
      swiftSettings: strict
    ),
    // Question banks in XML (Moodle XML) and in zipped XML (.xlsx): the parser and the zip reader
    // stay out of BazaarKit, which reads and writes the text formats.
    .target(
      name: "BazaarExchange",
      dependencies: [
        "BazaarKit",
        .product(name: "SWXMLHash", package: "SWXMLHash"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ],
      swiftSettings: strict
    ),
    // `bazaar import`/`export` of Moodle XML and .xlsx run this helper (beside `bazaar`), so that
    // `bazaar` itself links no XML library (FoundationXML brings libxml2 and ICU, which an old PC
    // may lack, and which every lesson would load).
    .executableTarget(
      name: "bazaar-xml",
      dependencies: ["BazaarKit", "BazaarExchange"],
      path: "Sources/bazaar-xml",
      swiftSettings: strict
    ),
    // The network edge: `bazaar sync`'s HTTP client (async-http-client), in a helper executable
    // of its own that `bazaar` runs for each batch, so that lessons never load it (start-up
    // time and memory stay as they were).
    .executableTarget(
      name: "bazaar-lrs",
      dependencies: ["BazaarKit", .product(name: "AsyncHTTPClient", package: "async-http-client")],
      path: "Sources/bazaar-lrs",
      swiftSettings: strict
    ),
    // The thin executable: one short file per subcommand.
    .executableTarget(
      name: "bazaar",
      dependencies: [
        "BazaarKit", "BazaarTerminal",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strict
    ),
    // Writes the files generated from the course format's tables: schema/*.json and the key
    // tables of docs/course-format.md (`swift run bazaar-format`; `--check` for a dry run).
    .executableTarget(
      name: "bazaar-format",
      dependencies: ["BazaarKit"],
      path: "Sources/bazaar-format",
      swiftSettings: strict
    ),
    // Benchmarks driven by bench/*; not installed.
    .executableTarget(
      name: "bazaar-bench",
      dependencies: ["BazaarKit", "BazaarTerminal", .product(name: "Yams", package: "Yams")],
      path: "Sources/bazaar-bench",
      swiftSettings: strict
    ),
    .testTarget(
      name: "BazaarKitTests",
      dependencies: ["BazaarKit", "BazaarExchange"],
      resources: [.copy("Fixtures")],
      swiftSettings: strict
    ),
    .testTarget(
      name: "BazaarTerminalTests",
      dependencies: ["BazaarTerminal", "BazaarKit"],
      swiftSettings: strict
    ),
    .testTarget(
      name: "BazaarEndToEndTests",
      dependencies: ["bazaar", "bazaar-lrs", "bazaar-xml", "BazaarKit"],
      swiftSettings: strict
    ),
  ],
  swiftLanguageModes: [.v6]
)
