import Foundation
import TestSupport
import Testing

/// The report in a real browser: Debian's chromium renders it headless to a PNG, and the PNG
/// must show the charts (many colours, including the Okabe-Ito series colours the SVGs use), not
/// a blank or error page. The input is a real `contpte run --quick --host` result when that
/// command works here (or `CONTPTE_REPORT_BROWSER_INPUT` names one), else the synthetic sample.
///
/// Needs `chromium` and an image decoder (ImageMagick's `identify`/`convert`, or `python3`):
/// `.ci/run` installs `chromium imagemagick`. Set `CONTPTE_REPORT_SCREENSHOT_DIR` to keep the PNG.
@Suite struct ReportBrowserTests {
    static let missingTool: String? = {
        if ExternalTool.find("chromium") == nil && ExternalTool.find("chromium-browser") == nil {
            return "chromium is not installed (apt-get install chromium)"
        }
        if ExternalTool.find("identify") == nil && ExternalTool.find("python3") == nil {
            return "no PNG decoder: neither ImageMagick's identify nor python3 is installed"
        }
        return nil
    }()

    @Test(
        "chromium renders the report's charts",
        .disabled(if: missingTool != nil, Comment(rawValue: missingTool ?? "")),
        .timeLimit(.minutes(5))
    )
    func screenshot() throws {
        let directory = try ReportSampleJSON.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let input = try resultToRender(in: directory)
        let html = directory + "/report.html"
        let report = try CLIRunner.run(["report", input, "-o", html])
        try #require(report.status == 0, "\(report.stderr)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.components(separatedBy: "<svg").count - 1 >= 1)
        #expect(page.contains(">percentile (%, log scale of 1/(1-p))</text>") || page.contains("(ns)</text>"))

        let png = directory + "/report.png"
        let browser = ExternalTool.find("chromium") ?? ExternalTool.find("chromium-browser")!
        let status = try ExternalTool.run(
            browser,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                "--user-data-dir=\(directory)/profile", "--window-size=1100,6000", "--screenshot=\(png)",
                "file://\(html)",
            ],
            timeout: 180
        )
        try #require(status == 0, "chromium exited \(status)")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: png)))
        let size = try #require(PNGHeader.size(bytes), "not a PNG")
        #expect(size.width == 1100 && size.height == 6000)
        if let keep = ProcessInfo.processInfo.environment["CONTPTE_REPORT_SCREENSHOT_DIR"] {
            try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(atPath: keep + "/report.png")
            try FileManager.default.copyItem(atPath: png, toPath: keep + "/report.png")
            print("report screenshot: \(keep)/report.png")
        }
        let colours = try PNGColours.unique(png)
        // A blank page has 1 colour, a text-only page a few dozen grey levels.
        #expect(colours.count >= 64, "only \(colours.count) colours")
        let series: Set<String> = ["0072B2", "D55E00", "009E73", "CC79A7", "E69F00", "56B4E9"]
        let drawn = series.intersection(colours)
        #expect(drawn.count >= 2, "series colours drawn: \(drawn.sorted())")
    }

    /// A real quick host run when possible, else the synthetic sample (saying why).
    private func resultToRender(in directory: String) throws -> String {
        if let given = ProcessInfo.processInfo.environment["CONTPTE_REPORT_BROWSER_INPUT"] { return given }
        let path = directory + "/run.json"
        // Two backings, so every latency plot overlays two series (64K vs 4K), as the report shows them.
        let run = try CLIRunner.run(["run", "--quick", "--host", "--backing", "64k", "--backing", "4k", "--json", path])
        if run.status == 0 && FileManager.default.fileExists(atPath: path) { return path }
        let why = run.stderr.split(separator: "\n").first.map(String.init) ?? "exit \(run.status)"
        print("report browser test: `contpte run --quick --host` gave no result (\(why)); using the synthetic sample")
        return try ReportSampleJSON.write(ReportSampleJSON.document(), name: "sample.json", in: directory)
    }
}

/// Width and height from a PNG's IHDR chunk.
enum PNGHeader {
    static func size(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count >= 24, Array(bytes[0..<8]) == signature, bytes[12..<16].elementsEqual("IHDR".utf8) else {
            return nil
        }
        let word = { (offset: Int) in bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (word(16), word(20))
    }
}

/// The set of distinct colours (`RRGGBB`, upper case) in a PNG.
enum PNGColours {
    static func unique(_ png: String) throws -> Set<String> {
        if let convert = ExternalTool.find("convert"), ExternalTool.find("identify") != nil {
            // `-unique-colors txt:-` prints one pixel per distinct colour: "x,y: (r,g,b)  #RRGGBB  srgb(...)".
            let output = try ExternalTool.output(convert, [png, "-alpha", "off", "-unique-colors", "txt:-"])
            var colours: Set<String> = []
            for line in output.split(separator: "\n") where !line.hasPrefix("#") {
                guard let hash = line.firstIndex(of: "#") else { continue }
                colours.insert(String(line[line.index(after: hash)...].prefix(6)).uppercased())
            }
            return colours
        }
        let output = try ExternalTool.output(ExternalTool.find("python3")!, ["-c", pythonDecoder, png])
        return Set(output.split(separator: "\n").map { String($0) })
    }

    /// A stdlib-only PNG decoder (8-bit RGB/RGBA, all five filters) printing the distinct colours
    /// of the first 2500 rows (pure Python is slow; the first charts are well inside them).
    static let pythonDecoder = """
        import sys, zlib, struct
        data = open(sys.argv[1], 'rb').read()
        pos, idat, width, height, ctype = 8, b'', 0, 0, 0
        while pos < len(data):
            length, kind = struct.unpack('>I4s', data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + length]
            if kind == b'IHDR':
                width, height, depth, ctype = struct.unpack('>IIBB', body[:10])
                assert depth == 8 and ctype in (2, 6), 'unsupported PNG'
            elif kind == b'IDAT':
                idat += body
            pos += 12 + length
        bpp = 4 if ctype == 6 else 3
        raw, stride = zlib.decompress(idat), width * bpp
        prev, colours, i = bytearray(stride), set(), 0
        for _ in range(min(height, 2500)):
            f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
            i += 1 + stride
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b = prev[x]
                c = prev[x - bpp] if x >= bpp else 0
                if f == 1: line[x] = (line[x] + a) & 255
                elif f == 2: line[x] = (line[x] + b) & 255
                elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            for x in range(0, stride, bpp):
                colours.add('%02X%02X%02X' % (line[x], line[x + 1], line[x + 2]))
            prev = line
        print('\\n'.join(sorted(colours)))
        """
}

/// Finding and running programs with a time limit.
enum ExternalTool {
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs to completion (killed after `timeout` seconds), output discarded.
    static func run(_ program: String, _ arguments: [String], timeout: Double) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            return -1
        }
        return process.terminationStatus
    }

    /// Runs to completion and returns standard output; a non-zero exit throws.
    static func output(_ program: String, _ arguments: [String]) throws -> String {
        try ProgramOutput.run(program, arguments)
    }
}
