import ArtifactArchive
import Foundation
import MLOpsTestSupport
import Testing

@Suite("Artifact store")
struct ArtifactStoreTests {
    static func makeModel(at root: String) throws {
        try Fixture.write(root + "/weights.bin", Fixture.noise(count: 50_000, seed: 3))
        try Fixture.write(root + "/meta/config.json", #"{"lr": 0.1}"#)
        try Fixture.symlink(root + "/latest", to: "weights.bin")
    }

    @Test func initCreatesTheLayout() throws {
        let tmp = try TempDir()
        let store = try ArtifactStore(root: tmp.sub("a/store"))
        #expect(store.root == tmp.sub("a/store"))
        #expect(store.limits == .default)
        #expect(try Fixture.children(tmp.sub("a/store")) == ["sha256", "tmp"])
    }

    @Test func storedArchiveLivesAtItsContentAddress() throws {
        let tmp = try TempDir()
        try Self.makeModel(at: tmp.sub("model"))
        let store = try ArtifactStore(root: tmp.sub("store"))

        let stored = try store.store(directory: tmp.sub("model"))

        let digest = stored.sha256
        #expect(digest.count == 64 && digest == digest.lowercased())
        #expect(stored.path == tmp.sub("store/sha256/\(digest.prefix(2))/\(digest).tar.zst"))
        #expect(store.path(for: digest) == stored.path)
        #expect(store.path(for: digest.uppercased()) == stored.path)
        #expect(try Fixture.systemSHA256(stored.path) == digest)
        #expect(Int64(try Fixture.read(stored.path).count) == stored.sizeBytes)
        #expect(store.contains(sha256: digest))
        #expect(!store.contains(sha256: String(repeating: "0", count: 64)))
        #expect(!store.contains(sha256: "../../etc/passwd"))
        #expect(try store.verify(sha256: digest, subject: "ctr/1") == stored.sizeBytes)
        #expect(try Fixture.children(tmp.sub("store/tmp")).isEmpty)

        let summary = try store.extract(sha256: digest, subject: "ctr/1", into: tmp.sub("out"))
        #expect(summary.entries == 4)
        #expect(try Fixture.snapshot(tmp.sub("out")) == (try Fixture.snapshot(tmp.sub("model"))))
    }

    @Test func externalArchiveFileIsStoredUnderTheSameAddress() throws {
        let tmp = try TempDir()
        try Self.makeModel(at: tmp.sub("model"))
        try TarZstd.create(from: tmp.sub("model"), to: tmp.sub("upload.tar.zst"))
        let store = try ArtifactStore(root: tmp.sub("store"))

        let imported = try store.store(archiveFile: tmp.sub("upload.tar.zst"))
        let built = try store.store(directory: tmp.sub("model"))

        #expect(imported == built)
        #expect(imported.sha256 == (try Fixture.systemSHA256(tmp.sub("upload.tar.zst"))))
        #expect(Fixture.exists(tmp.sub("upload.tar.zst")))
    }

    @Test func hostileArchiveFileIsNotStored() throws {
        let tmp = try TempDir()
        try HostileArchive.write(tmp.sub("evil.tar.zst"), [.file("ok", [1]), .file("../evil", [2])])
        let store = try ArtifactStore(root: tmp.sub("store"), limits: ArchiveLimits(maxEntries: 10))

        #expect(throws: ArchiveError.unsafePath(entry: "../evil")) {
            try store.store(archiveFile: tmp.sub("evil.tar.zst"))
        }
        #expect(try Fixture.children(tmp.sub("store/sha256")).isEmpty)
        #expect(try Fixture.children(tmp.sub("store/tmp")).isEmpty)
    }

    @Test func flippedByteIsDetectedAndNothingIsExtractedOrCopied() throws {
        let tmp = try TempDir()
        try Self.makeModel(at: tmp.sub("model"))
        let store = try ArtifactStore(root: tmp.sub("store"))
        let stored = try store.store(directory: tmp.sub("model"))
        var bytes = try Fixture.read(stored.path)
        bytes[bytes.count / 2] ^= 0x01
        try Fixture.write(stored.path, bytes)
        let actual = try Fixture.systemSHA256(stored.path)

        let expected = ArchiveError.digestMismatch(subject: "ctr/3", expected: stored.sha256, actual: actual)
        let error = #expect(throws: ArchiveError.self) { try store.verify(sha256: stored.sha256, subject: "ctr/3") }
        #expect(error == expected)
        let message = error?.description ?? ""
        #expect(message.contains("ctr/3") && message.contains(stored.sha256) && message.contains(actual))

        #expect(throws: expected) {
            try store.extract(sha256: stored.sha256, subject: "ctr/3", into: tmp.sub("out/model"))
        }
        #expect(!Fixture.exists(tmp.sub("out")))
        #expect(throws: expected) {
            try store.copy(sha256: stored.sha256, subject: "ctr/3", to: tmp.sub("export/model.tar.zst"))
        }
        #expect(!Fixture.exists(tmp.sub("export")))
    }

    @Test func storingAgainRepairsADamagedCopy() throws {
        let tmp = try TempDir()
        try Self.makeModel(at: tmp.sub("model"))
        let store = try ArtifactStore(root: tmp.sub("store"))
        let stored = try store.store(directory: tmp.sub("model"))
        try Fixture.write(stored.path, Array("garbage".utf8))

        _ = try store.store(directory: tmp.sub("model"))

        #expect(try store.verify(sha256: stored.sha256, subject: "ctr/4") == stored.sizeBytes)
    }

    @Test func missingAndInvalidDigestsAreReported() throws {
        let tmp = try TempDir()
        let store = try ArtifactStore(root: tmp.sub("store"))
        let absent = String(repeating: "ab", count: 32)

        #expect(throws: ArchiveError.missing(subject: "ctr/9", sha256: absent)) {
            try store.verify(sha256: absent, subject: "ctr/9")
        }
        #expect(throws: ArchiveError.missing(subject: "ctr/9", sha256: absent)) {
            try store.extract(sha256: absent, subject: "ctr/9", into: tmp.sub("out"))
        }
        #expect(throws: ArchiveError.invalidDigest(value: "../x")) {
            try store.verify(sha256: "../x", subject: "ctr/9")
        }
        #expect(!Fixture.exists(tmp.sub("out")))
    }

    @Test func copyExportsIdenticalBytesAndRefusesToOverwrite() throws {
        let tmp = try TempDir()
        try Self.makeModel(at: tmp.sub("model"))
        let store = try ArtifactStore(root: tmp.sub("store"))
        let stored = try store.store(directory: tmp.sub("model"))

        try store.copy(sha256: stored.sha256, subject: "ctr/5", to: tmp.sub("export/m.tar.zst"))

        #expect(try Fixture.read(tmp.sub("export/m.tar.zst")) == (try Fixture.read(stored.path)))
        #expect(try Fixture.children(tmp.sub("export")) == ["m.tar.zst"])
        #expect(throws: ArchiveError.alreadyExists(path: tmp.sub("export/m.tar.zst"))) {
            try store.copy(sha256: stored.sha256, subject: "ctr/5", to: tmp.sub("export/m.tar.zst"))
        }
    }
}
