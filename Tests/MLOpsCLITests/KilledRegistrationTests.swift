import Foundation
import MLOpsStore
import MLOpsTestSupport
import Testing

/// A registration killed mid-way leaves no version and no archive under a final name.
@Suite struct KilledRegistrationTests {
    /// The test's blocking work (192 MB written, a process waited for) runs on a thread of its
    /// own: on the cooperative pool (two threads here) it once held one for over 30 s — one
    /// random number per syscall — and starved the in-process servers of other tests.
    @Test(arguments: TestBackend.available)
    func killDuringArchivingLeavesNothingBehind(backend: TestBackend) async throws {
        try await Blocking.run { try Self.killDuringArchiving(backend) }
    }

    static func killDuringArchiving(_ backend: TestBackend) throws {
        let cli = try CLIHarness(backend)
        try cli.run(["registry", "create", "ctr"])
        // Enough incompressible data that archiving takes a while.
        let dir = cli.home + "/big"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let random = try #require(FileHandle(forReadingAtPath: "/dev/urandom"))
        for part in 0..<4 {
            try random.readData(ofLength: 48 << 20).write(to: URL(fileURLWithPath: dir + "/part\(part).bin"))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIHarness.binary)
        process.arguments = ["registry", "register", "ctr", dir, "--db", cli.databaseArgument, "--artifacts", cli.artifacts]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the archive is being written under its temporary name, then kill.
        let tmp = cli.artifacts + "/tmp"
        let deadline = Date().addingTimeInterval(30)
        var sawPartial = false
        while Date() < deadline, process.isRunning {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? []
            let sizes = names.compactMap { (try? FileManager.default.attributesOfItem(atPath: tmp + "/" + $0))?[.size] as? Int }
            if sizes.contains(where: { $0 > 1 << 20 }) {
                sawPartial = true
                break
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try #require(sawPartial, "the registration finished before it could be killed; make the input bigger")
        #expect(process.terminationReason == .uncaughtSignal)

        let versions = try #require(try cli.json(["registry", "versions", "ctr", "--json"]) as? [[String: Any]])
        #expect(versions.isEmpty)
        let finals =
            FileManager.default.enumerator(atPath: cli.artifacts + "/sha256")?.compactMap { $0 as? String }.filter { $0.hasSuffix(".tar.zst") } ?? []
        #expect(finals.isEmpty, "an archive reached its final name: \(finals)")
        // The next registration works and gets version 1.
        let small = try cli.modelDirectory("small", content: "{}")
        let next = try #require(try cli.json(["registry", "register", "ctr", small, "--json"]) as? [String: Any])
        #expect(next["version"] as? Int == 1)
    }
}
