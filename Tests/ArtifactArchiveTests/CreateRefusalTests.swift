import ArtifactArchive
import Foundation
import Testing

@Suite("Create refuses unsafe sources")
struct CreateRefusalTests {
    @Test func fifoInSourceIsRefusedAndNoArchiveLeft() throws {
        let tmp = try TempDir()
        try Fixture.write(tmp.sub("src/data/ok.txt"), "ok")
        #expect(mkfifo(tmp.sub("src/data/pipe"), 0o644) == 0)

        #expect(throws: ArchiveError.unsupportedEntryType(entry: "data/pipe", type: "fifo")) {
            try TarZstd.create(from: tmp.sub("src"), to: tmp.sub("a.tar.zst"))
        }
        #expect(!Fixture.exists(tmp.sub("a.tar.zst")))
    }

    @Test func escapingSymlinksInSourceAreRefused() throws {
        let tmp = try TempDir()
        try Fixture.write(tmp.sub("up/f"), "f")
        try Fixture.symlink(tmp.sub("up/parent"), to: "../f")
        try Fixture.write(tmp.sub("abs/f"), "f")
        try Fixture.symlink(tmp.sub("abs/etc"), to: "/etc")

        #expect(throws: ArchiveError.linkEscapes(entry: "parent", target: "../f")) {
            try TarZstd.create(from: tmp.sub("up"), to: tmp.sub("up.tar.zst"))
        }
        #expect(throws: ArchiveError.linkEscapes(entry: "etc", target: "/etc")) {
            try TarZstd.create(from: tmp.sub("abs"), to: tmp.sub("abs.tar.zst"))
        }
        #expect(!Fixture.exists(tmp.sub("up.tar.zst")))
        #expect(!Fixture.exists(tmp.sub("abs.tar.zst")))
    }

    @Test func storeOfAnUnsafeSourceLeavesNothingInTheStore() throws {
        let tmp = try TempDir()
        try Fixture.write(tmp.sub("src/f"), "f")
        #expect(mkfifo(tmp.sub("src/pipe"), 0o644) == 0)
        let store = try ArtifactStore(root: tmp.sub("store"))

        #expect(throws: ArchiveError.unsupportedEntryType(entry: "pipe", type: "fifo")) {
            try store.store(directory: tmp.sub("src"))
        }
        #expect(try Fixture.children(tmp.sub("store/tmp")).isEmpty)
        #expect(try Fixture.children(tmp.sub("store/sha256")).isEmpty)
    }
}
