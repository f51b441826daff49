import ArtifactArchive
import Foundation
import Testing

@Suite("Reproducibility")
struct ReproducibilityTests {
    /// Writes the same logical content; `variant` changes creation order, mtimes and
    /// non-execute permission bits, none of which may show in the archive.
    static func makeTree(at root: String, variant: Bool) throws {
        let files: [(String, String, mode_t)] = [
            ("b/data.csv", "x,y\n1,2\n", variant ? 0o600 : 0o644),
            ("a/model.bin", String(repeating: "w", count: 5000), 0o644),
            ("run.sh", "#!/bin/sh\n", variant ? 0o744 : 0o755),
            ("a-b", "dash", 0o664),
            ("deep/" + String(repeating: "x", count: 150) + ".bin", "pax path header", 0o644),
            ("modèle-ü.txt", "non-ASCII name", 0o644),
        ]
        for (path, text, mode) in variant ? files.reversed() : files {
            try Fixture.write(root + "/" + path, text, mode: mode)
        }
        try Fixture.mkdir(root + "/empty")
        try Fixture.symlink(root + "/link", to: "a/model.bin")
        if variant {
            for path in ["b/data.csv", "a/model.bin", "run.sh", "a-b", "a", "b", "empty"] {
                var times = [timeval(tv_sec: 1_000_000_000, tv_usec: 5), timeval(tv_sec: 1_000_000_000, tv_usec: 5)]
                #expect(utimes(root + "/" + path, &times) == 0)
            }
        }
    }

    @Test func sameContentGivesIdenticalBytes() throws {
        let tmp = try TempDir()
        try Self.makeTree(at: tmp.sub("one/src"), variant: false)
        try Self.makeTree(at: tmp.sub("elsewhere/deeper/src"), variant: true)

        try TarZstd.create(from: tmp.sub("one/src"), to: tmp.sub("1.tar.zst"))
        try TarZstd.create(from: tmp.sub("elsewhere/deeper/src"), to: tmp.sub("2.tar.zst"))

        let first = try Fixture.read(tmp.sub("1.tar.zst"))
        #expect(first.count > 0)
        #expect(first == (try Fixture.read(tmp.sub("2.tar.zst"))))
    }

    @Test func differentContentGivesDifferentBytes() throws {
        let tmp = try TempDir()
        try Self.makeTree(at: tmp.sub("one"), variant: false)
        try Self.makeTree(at: tmp.sub("two"), variant: false)
        try Fixture.write(tmp.sub("two/run.sh"), "#!/bin/sh\n", mode: 0o644)

        try TarZstd.create(from: tmp.sub("one"), to: tmp.sub("1.tar.zst"))
        try TarZstd.create(from: tmp.sub("two"), to: tmp.sub("2.tar.zst"))

        #expect(try Fixture.read(tmp.sub("1.tar.zst")) != (try Fixture.read(tmp.sub("2.tar.zst"))))
    }

    @Test func storingTheSameContentTwiceKeepsOneFile() throws {
        let tmp = try TempDir()
        try Self.makeTree(at: tmp.sub("one"), variant: false)
        try Self.makeTree(at: tmp.sub("two"), variant: true)
        let store = try ArtifactStore(root: tmp.sub("store"))

        let first = try store.store(directory: tmp.sub("one"))
        let second = try store.store(directory: tmp.sub("two"))

        #expect(first == second)
        let shards = try Fixture.children(tmp.sub("store/sha256"))
        #expect(shards == [String(first.sha256.prefix(2))])
        #expect(try Fixture.children(tmp.sub("store/sha256/\(shards[0])")) == ["\(first.sha256).tar.zst"])
        #expect(try Fixture.children(tmp.sub("store/tmp")).isEmpty)
    }

    @Test func createRefusesAnExistingArchivePath() throws {
        let tmp = try TempDir()
        try Self.makeTree(at: tmp.sub("src"), variant: false)
        try Fixture.write(tmp.sub("a.tar.zst"), "precious")

        #expect(throws: ArchiveError.alreadyExists(path: tmp.sub("a.tar.zst"))) {
            try TarZstd.create(from: tmp.sub("src"), to: tmp.sub("a.tar.zst"))
        }
        #expect(try Fixture.read(tmp.sub("a.tar.zst")) == Array("precious".utf8))
    }
}
