// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live in their own package so that the root `swift build` / `swift test` stay fast
// (package-benchmark's first build takes minutes). Run: `cd Benchmarks && swift package benchmark`.
// Each target is one suite; thresholds are in Thresholds/.
let benchmarkPlugin: [Target.PluginUsage] = [.plugin(name: "BenchmarkPlugin", package: "benchmark")]

let package = Package(
    name: "contpte-lab-benchmarks",
    dependencies: [
        .package(name: "contpte-lab", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "HostBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "HostMemory", package: "contpte-lab"),
            ],
            path: "Benchmarks/HostBenchmarks",
            plugins: benchmarkPlugin
        ),
        .executableTarget(
            name: "ReportBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "LabResults", package: "contpte-lab"),
                .product(name: "HostFacts", package: "contpte-lab"),
            ],
            path: "Benchmarks/ReportBenchmarks",
            plugins: benchmarkPlugin
        ),
        .executableTarget(
            name: "ResultsBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "LabResults", package: "contpte-lab"),
                .product(name: "HostFacts", package: "contpte-lab"),
            ],
            path: "Benchmarks/ResultsBenchmarks",
            plugins: benchmarkPlugin
        ),
        .target(
            name: "PlainLoops",
            dependencies: [.product(name: "CShims", package: "contpte-lab")],
            path: "Benchmarks/PlainLoops"
        ),
        .executableTarget(
            name: "HarnessBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "HostMemory", package: "contpte-lab"),
                .product(name: "Workloads", package: "contpte-lab"),
                "PlainLoops",
            ],
            path: "Benchmarks/HarnessBenchmarks",
            plugins: benchmarkPlugin
        ),
        .executableTarget(
            name: "ModelBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "BBMModel", package: "contpte-lab"),
            ],
            path: "Benchmarks/ModelBenchmarks",
            plugins: benchmarkPlugin
        ),
    ]
)
