import ArtifactArchive
import MLOpsTestSupport
import Testing

/// Each archive is crafted with raw libarchive; extraction must fail with the named
/// error, leave no target directory, and write nothing outside the sandbox.
@Suite("Hostile archives")
struct HostileArchiveTests {
    /// Writes `entries`, then expects `list` and `extract` to throw `expected`, and checks
    /// that the sandbox holds only the archive afterwards.
    func expectRefused(
        _ entries: [HostileArchive.Entry], compressed: Bool = true,
        limits: ArchiveLimits = .default, _ expected: ArchiveError,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let tmp = try TempDir()
        try Fixture.mkdir(tmp.sub("sandbox"))
        let archive = tmp.sub("sandbox/hostile.tar")
        try HostileArchive.write(archive, entries, compressed: compressed)

        #expect(throws: expected, sourceLocation: sourceLocation) {
            try TarZstd.list(archive, limits: limits)
        }
        #expect(throws: expected, sourceLocation: sourceLocation) {
            try TarZstd.extract(archive, into: tmp.sub("sandbox/out"), limits: limits)
        }
        #expect(!Fixture.exists(tmp.sub("sandbox/out")), sourceLocation: sourceLocation)
        #expect(try Fixture.children(tmp.sub("sandbox")) == ["hostile.tar"], sourceLocation: sourceLocation)
        #expect(try Fixture.children(tmp.path) == ["sandbox"], sourceLocation: sourceLocation)
    }

    @Test func parentTraversalIsRefused() throws {
        try expectRefused(
            [.file("ok.txt", [1]), .file("../evil", Array("pwned".utf8))],
            .unsafePath(entry: "../evil"))
    }

    @Test func absolutePathIsRefused() throws {
        try expectRefused(
            [.file("/abs-artifact-archive-test", [1])],
            .unsafePath(entry: "/abs-artifact-archive-test"))
        #expect(!Fixture.exists("/abs-artifact-archive-test"))
    }

    @Test func embeddedTraversalIsRefused() throws {
        try expectRefused(
            [.directory("a/"), .file("a/../../x", [1])], compressed: false,
            .unsafePath(entry: "a/../../x"))
    }

    @Test func emptyNameIsRefused() throws {
        try expectRefused([.file("", [1])], .unsafePath(entry: ""))
    }

    @Test func absoluteSymlinkIsRefused() throws {
        try expectRefused(
            [.symlink("etc", target: "/etc"), .file("etc/passwd-copy", [1])],
            .linkEscapes(entry: "etc", target: "/etc"))
    }

    @Test func climbingSymlinkIsRefused() throws {
        try expectRefused(
            [.directory("d/"), .symlink("d/up", target: "../..")],
            .linkEscapes(entry: "d/up", target: "../.."))
    }

    @Test func writingThroughASymlinkedDirectoryIsRefused() throws {
        try expectRefused(
            [.directory("real/"), .symlink("d", target: "real"), .file("d/x", [1])],
            .throughSymlink(entry: "d/x", link: "d"))
    }

    @Test func replacingAnEarlierEntryIsRefused() throws {
        try expectRefused([.file("f", [1]), .symlink("f", target: "g")], .conflictingEntry(entry: "f"))
        try expectRefused([.file("f", [1]), .file("f/x", [2])], .conflictingEntry(entry: "f/x"))
    }

    @Test func hardlinkIsRefused() throws {
        try expectRefused(
            [.file("a", [1]), .hardlink("b", target: "a")],
            .unsupportedEntryType(entry: "b", type: "hardlink"))
    }

    @Test func characterDeviceIsRefused() throws {
        try expectRefused(
            [.characterDevice("dev/mem")],
            .unsupportedEntryType(entry: "dev/mem", type: "character device"))
    }

    @Test func fifoIsRefused() throws {
        try expectRefused([.fifo("pipe")], compressed: false, .unsupportedEntryType(entry: "pipe", type: "fifo"))
    }

    @Test func sizeBombIsRefused() throws {
        let mib = 1 << 20
        try expectRefused(
            [.zeros("a", size: 8 * mib), .zeros("b", size: 8 * mib), .zeros("c", size: 8 * mib)],
            limits: ArchiveLimits(maxTotalBytes: Int64(20 * mib)),
            .tooLarge(limit: Int64(20 * mib)))
    }

    @Test func sizeBombIsSmallOnDiskAndWithinLimitsExtracts() throws {
        let tmp = try TempDir()
        let mib = 1 << 20
        try HostileArchive.write(tmp.sub("bomb.tar.zst"), [.zeros("a", size: 8 * mib), .zeros("b", size: 8 * mib)])
        #expect(try Fixture.read(tmp.sub("bomb.tar.zst")).count < 64 * 1024)

        let summary = try TarZstd.extract(
            tmp.sub("bomb.tar.zst"), into: tmp.sub("out"),
            limits: ArchiveLimits(maxTotalBytes: Int64(16 * mib)))

        #expect(summary == ExtractionSummary(entries: 2, totalBytes: Int64(16 * mib)))
    }

    @Test func tooManyEntriesAreRefused() throws {
        let entries = (0..<12).map { HostileArchive.Entry.file("f\($0)", [UInt8($0)]) }
        try expectRefused(entries, limits: ArchiveLimits(maxEntries: 10), .tooManyEntries(limit: 10))
    }

    @Test func exactlyMaxEntriesIsAccepted() throws {
        let tmp = try TempDir()
        try HostileArchive.write(tmp.sub("ten.tar.zst"), (0..<10).map { .file("f\($0)", [UInt8($0)]) })

        let names = try TarZstd.list(tmp.sub("ten.tar.zst"), limits: ArchiveLimits(maxEntries: 10))

        #expect(names == (0..<10).map { "f\($0)" })
    }
}
