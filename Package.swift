// swift-tools-version: 6.1
import PackageDescription

// contpte-lab: measure and model arm64 contiguous-PTE fold/unfold and the BBML2 change.
//
// Dependency direction (see README "Layout"):
//   CShims <- HostMemory <- Workloads <- ContpteCLI <- contpte
//   BBMModel (pure Swift, no CShims) <- LabResults <- ContpteCLI
let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "contpte-lab",
    products: [
        .executable(name: "contpte", targets: ["contpte"]),
        .library(name: "BBMModel", targets: ["BBMModel"]),
        .library(name: "HostMemory", targets: ["HostMemory"]),
        .library(name: "Workloads", targets: ["Workloads"]),
        .library(name: "LabResults", targets: ["LabResults"]),
        .library(name: "HostFacts", targets: ["HostFacts"]),
        // For the Benchmarks package's plain C loops, which read the same cycle counter.
        .library(name: "CShims", targets: ["CShims"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .target(
            name: "CShims",
            path: "CShims",
            exclude: ["selftest", "lane"],
            cSettings: [.define("_GNU_SOURCE")],
            linkerSettings: [.linkedLibrary("numa")]
        ),
        // Value types the host probe and the result document share (one type per concept).
        .target(
            name: "HostFacts",
            swiftSettings: strictSettings
        ),
        // The one Swift wrapper over the shim's file I/O, and the typed errno.
        .target(
            name: "SystemIO",
            dependencies: ["CShims"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "HostMemory",
            dependencies: ["CShims", "HostFacts", "SystemIO"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "LabStatistics",
            swiftSettings: strictSettings
        ),
        .target(
            name: "Workloads",
            dependencies: [
                "HostMemory", "LabStatistics",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "BBMModel",
            swiftSettings: strictSettings
        ),
        .target(
            name: "LabResults",
            dependencies: ["BBMModel", "HostFacts", "LabStatistics", "SystemIO"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ContpteCLI",
            dependencies: [
                "HostFacts", "HostMemory", "Workloads", "BBMModel", "LabResults", "LabStatistics", "SystemIO",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "contpte",
            dependencies: ["ContpteCLI"],
            swiftSettings: strictSettings
        ),
        // Shared by the test targets only (the result schema validator, sequence fixtures, running
        // external programs).
        .target(
            name: "TestSupport",
            dependencies: ["LabResults"],
            path: "Tests/TestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HostMemoryTests",
            dependencies: ["SystemIO", "HostFacts", "HostMemory", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "WorkloadsTests",
            dependencies: ["SystemIO", "HostFacts", "Workloads", "HostMemory", "LabStatistics"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BBMModelTests",
            dependencies: [
                "BBMModel",
                "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Herd7"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "LabResultsTests",
            dependencies: ["SystemIO", "HostFacts", "LabResults", "BBMModel", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ContpteCLITests",
            dependencies: [
                "SystemIO", "HostFacts", "ContpteCLI", "LabResults", "HostMemory", "BBMModel", "TestSupport",
            ],
            exclude: ["Golden"],
            swiftSettings: strictSettings
        ),
    ]
)
