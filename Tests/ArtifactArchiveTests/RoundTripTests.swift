import ArtifactArchive
import MLOpsTestSupport
import Testing

@Suite("Round trip")
struct RoundTripTests {
    /// A nested model directory with an internal directory symlink and file symlink,
    /// an executable, an empty directory, a non-ASCII name and a >100-byte path.
    static func makeSource(at root: String) throws {
        try Fixture.write(root + "/model/weights.bin", Fixture.noise(count: 200_000, seed: 7))
        try Fixture.write(root + "/model/config.json", #"{"layers": 3}"#, mode: 0o600)
        try Fixture.write(root + "/bin/run.sh", "#!/bin/sh\necho run\n", mode: 0o700)
        try Fixture.mkdir(root + "/empty")
        try Fixture.write(root + "/docs/modèle-ü.txt", "unicode name")
        try Fixture.write(root + "/deep/a/b/c/" + String(repeating: "n", count: 120) + ".txt", "long path")
        try Fixture.symlink(root + "/current", to: "model")
        try Fixture.symlink(root + "/model/latest.bin", to: "weights.bin")
    }

    @Test func nestedDirectoryWithSymlinksRoundTrips() throws {
        let tmp = try TempDir()
        try Self.makeSource(at: tmp.sub("src"))
        try TarZstd.create(from: tmp.sub("src"), to: tmp.sub("a.tar.zst"))

        let summary = try TarZstd.extract(tmp.sub("a.tar.zst"), into: tmp.sub("out/nested"))

        let source = try Fixture.snapshot(tmp.sub("src"))
        let extracted = try Fixture.snapshot(tmp.sub("out/nested"))
        #expect(extracted.keys.sorted() == source.keys.sorted())
        #expect(extracted["current"] == "link -> model")
        #expect(extracted["model/latest.bin"] == "link -> weights.bin")
        #expect(extracted["model/weights.bin"] == source["model/weights.bin"])
        #expect(extracted["bin/run.sh"]?.hasPrefix("file 755 ") == true)
        #expect(extracted["model/config.json"]?.hasPrefix("file 644 ") == true)
        #expect(extracted["empty"] == "dir 755")
        for (path, description) in source where description.hasPrefix("file") {
            let content = { (text: String) in text.split(separator: " ").dropFirst(2).joined(separator: " ") }
            #expect(content(extracted[path] ?? "") == content(description), "content of \(path)")
        }
        #expect(summary.entries == source.count)
        #expect(summary.totalBytes == 200_000 + 13 + 19 + 12 + 9)
        #expect(try Fixture.children(tmp.sub("out")) == ["nested"])
    }

    @Test func listReturnsSortedNormalizedNames() throws {
        let tmp = try TempDir()
        try Fixture.write(tmp.sub("src/b/x.txt"), "x")
        try Fixture.write(tmp.sub("src/a-b"), "y")
        try Fixture.write(tmp.sub("src/a/z"), "z")
        try TarZstd.create(from: tmp.sub("src"), to: tmp.sub("a.tar.zst"))

        let names = try TarZstd.list(tmp.sub("a.tar.zst"))

        #expect(names == ["a", "a-b", "a/z", "b", "b/x.txt"])
    }

    @Test func emptyExistingTargetIsFilledAndNonEmptyTargetRefused() throws {
        let tmp = try TempDir()
        try Fixture.write(tmp.sub("src/f"), "data")
        try TarZstd.create(from: tmp.sub("src"), to: tmp.sub("a.tar.zst"))
        try Fixture.mkdir(tmp.sub("empty"))
        try Fixture.write(tmp.sub("full/keep"), "keep")

        _ = try TarZstd.extract(tmp.sub("a.tar.zst"), into: tmp.sub("empty"))
        #expect(try Fixture.read(tmp.sub("empty/f")) == Array("data".utf8))

        #expect(throws: ArchiveError.destinationNotEmpty(path: tmp.sub("full"))) {
            try TarZstd.extract(tmp.sub("a.tar.zst"), into: tmp.sub("full"))
        }
        #expect(try Fixture.children(tmp.sub("full")) == ["keep"])
        #expect(try Fixture.children(tmp.path) == ["a.tar.zst", "empty", "full", "src"])
    }

    @Test func uncompressedTarIsAccepted() throws {
        let tmp = try TempDir()
        try HostileArchive.write(
            tmp.sub("plain.tar"),
            [
                .directory("d/"), .file("d/f.txt", Array("hello".utf8)), .symlink("l", target: "d/f.txt"),
            ], compressed: false)

        let summary = try TarZstd.extract(tmp.sub("plain.tar"), into: tmp.sub("out"))

        #expect(summary == ExtractionSummary(entries: 3, totalBytes: 5))
        #expect(try Fixture.snapshot(tmp.sub("out"))["l"] == "link -> d/f.txt")
        #expect(try Fixture.read(tmp.sub("out/d/f.txt")) == Array("hello".utf8))
    }
}
