import ArtifactArchive
import MLOpsTestSupport
import Testing

@Suite("Damaged and non-archives")
struct DamagedArchiveTests {
    /// Expects `list` and `extract` of `archive` to throw an error accepted by `matches`,
    /// leaving no target directory behind.
    func expectRejected(
        _ archive: String, in tmp: TempDir, sourceLocation: SourceLocation = #_sourceLocation,
        _ matches: (ArchiveError) -> Bool
    ) {
        let listError = #expect(throws: ArchiveError.self, sourceLocation: sourceLocation) {
            try TarZstd.list(archive)
        }
        #expect(
            listError.map(matches) == true, "list threw \(String(describing: listError))",
            sourceLocation: sourceLocation)
        let extractError = #expect(throws: ArchiveError.self, sourceLocation: sourceLocation) {
            try TarZstd.extract(archive, into: tmp.sub("out/target"))
        }
        #expect(
            extractError.map(matches) == true, "extract threw \(String(describing: extractError))",
            sourceLocation: sourceLocation)
        #expect(!Fixture.exists(tmp.sub("out/target")), sourceLocation: sourceLocation)
        #expect(!Fixture.exists(tmp.sub("out")), sourceLocation: sourceLocation)
    }

    @Test func truncatedArchiveIsCorrupt() throws {
        let tmp = try TempDir()
        try Fixture.write(tmp.sub("src/a.txt"), "first entry")
        try Fixture.write(tmp.sub("src/big.bin"), Fixture.noise(count: 1 << 20, seed: 11))
        try Fixture.write(tmp.sub("src/z.txt"), "last entry")
        try TarZstd.create(from: tmp.sub("src"), to: tmp.sub("full.tar.zst"))
        let full = try Fixture.read(tmp.sub("full.tar.zst"))
        try Fixture.write(tmp.sub("half.tar.zst"), Array(full.prefix(full.count / 2)))
        #expect(try TarZstd.list(tmp.sub("full.tar.zst")) == ["a.txt", "big.bin", "z.txt"])

        expectRejected(tmp.sub("half.tar.zst"), in: tmp) { error in
            if case .corrupt(let path, let detail) = error {
                return path == tmp.sub("half.tar.zst") && !detail.isEmpty
            }
            return false
        }
    }

    @Test func tarCutAtAnEntryBoundaryIsCorrupt() throws {
        let tmp = try TempDir()
        try HostileArchive.write(tmp.sub("full.tar"), [.file("a", [1, 2, 3]), .file("b", [4])], compressed: false)
        var bytes = try Fixture.read(tmp.sub("full.tar"))
        let zeroBlock = [UInt8](repeating: 0, count: 512)
        while bytes.count >= 512, Array(bytes.suffix(512)) == zeroBlock { bytes.removeLast(512) }
        #expect(bytes.count == 4 * 512)
        try Fixture.write(tmp.sub("cut.tar"), bytes)
        #expect(try TarZstd.list(tmp.sub("full.tar")) == ["a", "b"])

        expectRejected(tmp.sub("cut.tar"), in: tmp) { error in
            if case .corrupt(let path, let detail) = error {
                return path == tmp.sub("cut.tar") && detail.contains("end-of-archive")
            }
            return false
        }
    }

    @Test func randomBytesAreNotAnArchive() throws {
        let tmp = try TempDir()
        var noise = Fixture.noise(count: 64 * 1024, seed: 99)
        noise[0] = 0x42
        try Fixture.write(tmp.sub("noise.tar.zst"), noise)

        expectRejected(tmp.sub("noise.tar.zst"), in: tmp) { $0 == .notAnArchive(path: tmp.sub("noise.tar.zst")) }
    }

    @Test func emptyFileIsNotAnArchive() throws {
        let tmp = try TempDir()
        try Fixture.write(tmp.sub("empty.tar.zst"), [UInt8]())

        expectRejected(tmp.sub("empty.tar.zst"), in: tmp) { $0 == .notAnArchive(path: tmp.sub("empty.tar.zst")) }
    }

    @Test func missingFileIsAnIOError() throws {
        let tmp = try TempDir()

        expectRejected(tmp.sub("absent.tar.zst"), in: tmp) { error in
            if case .io(let path, let message) = error {
                return path == tmp.sub("absent.tar.zst") && message.contains("No such file")
            }
            return false
        }
    }

    @Test func errorMessagesNameWhatIsAtFault() {
        #expect(ArchiveError.unsafePath(entry: "../evil").description.contains("'../evil'"))
        #expect(ArchiveError.linkEscapes(entry: "l", target: "/etc").description.contains("/etc"))
        #expect(ArchiveError.tooManyEntries(limit: 10).description.contains("10"))
        #expect(ArchiveError.tooLarge(limit: 4096).description.contains("4096"))
        #expect(
            ArchiveError.corrupt(path: "/x.tar.zst", detail: "Truncated tar archive").description
                .contains("/x.tar.zst"))
        #expect(ArchiveError.unsupportedEntryType(entry: "p", type: "fifo").description.contains("'p' is a fifo"))
    }
}
