import Foundation
import TestSupport
import Testing

/// `.ci/lib/debian-archive`, the reader the arm64 lanes take their Debian archive from: fed apt
/// sources in both formats under a fake root (`--root`), with comments, options, security
/// archives, disabled and third-party entries. The hosts are `.invalid` names, never a real
/// archive's.
@Suite(.enabled(if: ExternalTool.find("python3") != nil, "python3 is not installed"))
struct DebianArchiveReaderTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../.ci/lib/debian-archive").standardized.path

    /// A fresh fake root holding `files` (paths relative to the root), removed by the caller.
    static func fakeRoot(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("debian-archive-\(UUID().uuidString)")
        for (path, text) in files {
            let file = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("etc/apt"),
            withIntermediateDirectories: true
        )
        return root
    }

    /// Runs the reader on `files` with `CONTPTE_DEBIAN_ARCHIVE` unset (or set to `override`).
    static func read(
        _ files: [String: String],
        override: String? = nil
    ) throws -> (status: Int32, output: String) {
        let root = try fakeRoot(files)
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = override.map { ["CONTPTE_DEBIAN_ARCHIVE=\($0)"] } ?? ["-u", "CONTPTE_DEBIAN_ARCHIVE"]
        return try ProgramOutput.runReportingStatus(
            "/usr/bin/env",
            environment + ["python3", script, "--root", root.path]
        )
    }

    @Test func deb822SkipsCommentsSecurityDisabledAndThirdPartyStanzas() throws {
        let sources = """
            # Written by the installer.
            Types: deb
            # URIs: http://commented.invalid/debian
            URIs: http://security.invalid/debian-security
            Suites: bookworm-security
            Components: main
            Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

            Types: deb deb-src
            URIs: http://disabled.invalid/debian
            Suites: bookworm
            Components: main
            Enabled: no

            Types: deb-src
            URIs: http://sources-only.invalid/debian
            Suites: bookworm
            Components: main

            Types: deb
            URIs: https://thirdparty.invalid/node_20.x
            Suites: nodistro
            Components: main

            Types: deb
            URIs:
             http://corp-proxy.invalid/debian/
             http://second.invalid/debian
            Suites: bookworm bookworm-updates
            Components: main contrib
            """
        let result = try Self.read(["etc/apt/sources.list.d/debian.sources": sources])
        #expect(result.status == 0)
        #expect(result.output == "http://corp-proxy.invalid/debian\n")
    }

    @Test func oneLineFormatSkipsCommentsOptionsSecurityAndSourceLines() throws {
        let list = """
            # deb http://commented.invalid/debian bookworm main
            deb http://security.invalid/debian-security bookworm-security main
            deb http://oldstyle-security.invalid/ bookworm/updates main
            deb-src http://sources-only.invalid/debian bookworm main
            deb [arch=amd64 signed-by=/usr/share/keyrings/vendor.gpg] https://vendor.invalid/apt stable-vendor main

            deb [ arch=amd64,arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg ] http://mirror-a.invalid/debian trixie-backports main # a comment
            deb http://mirror-b.invalid/debian trixie main
            """
        let result = try Self.read(["etc/apt/sources.list": list])
        #expect(result.status == 0)
        #expect(result.output == "http://mirror-a.invalid/debian\n")
    }

    @Test func sourcesListComesBeforeTheDirectoryAndListsBeforeLaterNames() throws {
        let result = try Self.read([
            "etc/apt/sources.list": "deb http://first.invalid/debian sid main\n",
            "etc/apt/sources.list.d/a.sources": "Types: deb\nURIs: http://second.invalid/debian\nSuites: sid\n",
        ])
        #expect(result.output == "http://first.invalid/debian\n")
        let directoryOnly = try Self.read([
            "etc/apt/sources.list.d/b.sources": "Types: deb\nURIs: http://later.invalid/debian\nSuites: sid\n",
            "etc/apt/sources.list.d/a.list": "deb http://earlier.invalid/debian unstable main\n",
            "etc/apt/sources.list.d/0.list.disabled": "deb http://ignored.invalid/debian sid main\n",
        ])
        #expect(directoryOnly.output == "http://earlier.invalid/debian\n")
    }

    @Test func mirrorFileURIsResolveToTheListedMirror() throws {
        let result = try Self.read([
            "etc/apt/mirrors/debian.list": "# the cloud image's mirror\nhttp://cloud-mirror.invalid/debian/\n",
            "etc/apt/sources.list.d/debian.sources": """
            Types: deb
            URIs: mirror+file:///etc/apt/mirrors/debian.list
            Suites: trixie trixie-updates
            Components: main
            """,
        ])
        #expect(result.output == "http://cloud-mirror.invalid/debian\n")
    }

    @Test func theEnvironmentOverridesTheSources() throws {
        let result = try Self.read(
            ["etc/apt/sources.list": "deb http://host-sources.invalid/debian bookworm main\n"],
            override: "http://override.invalid/debian/"
        )
        #expect(result.status == 0)
        #expect(result.output == "http://override.invalid/debian\n")
    }

    @Test func noDebianArchiveExitsTwoWithNothingOnStdout() throws {
        let result = try Self.read([
            "etc/apt/sources.list.d/only-security.sources": """
            Types: deb
            URIs: http://security.invalid/debian-security
            Suites: trixie-security
            """,
            "etc/apt/sources.list": "deb https://vendor.invalid/apt nodistro main\n",
        ])
        #expect(result.status == 2)
        #expect(result.output.isEmpty)
    }
}
