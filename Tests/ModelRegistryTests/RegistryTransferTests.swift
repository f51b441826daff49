import ArtifactArchive
import Foundation
import MLOpsTestSupport
import Testing

@testable import ModelRegistry

/// Export and import between registries; an import file is untrusted input.
@Suite struct RegistryTransferTests {
    @Test(arguments: TestBackend.available)
    func exportThenImportIntoAnotherRegistryKeepsFilesAndMetadata(backend: TestBackend) throws {
        let staging = try RegistryFixture(backend)
        try staging.registry.createModel("ctr", actor: "t")
        let original = try staging.registry.register(
            model: "ctr", directory: try staging.modelDirectory("x"), flavor: "xgboost", params: ["max_depth": "6"],
            metrics: ["auc": 0.8], tags: ["team": "ads"], lineage: Lineage(source: "/data", dataFingerprint: "fp1"), actor: "t")
        let file = staging.workDirectory + "/ctr-1.tar.zst"
        #expect(try staging.registry.export(ModelReference(parsing: "ctr/1"), to: file) == original)
        #expect(throws: RegistryError.self) { try staging.registry.export(ModelReference(parsing: "ctr/1"), to: file) }

        let production = try RegistryFixture(.sqlite)
        let imported = try production.registry.importVersion(model: "ctr-prod", file: file, actor: "deployer")
        #expect(imported.version == 1 && imported.sha256 == original.sha256)
        #expect(imported.flavor == "xgboost" && imported.params == ["max_depth": "6"] && imported.metrics == ["auc": 0.8])
        #expect(imported.tags == ["team": "ads"] && imported.lineage.dataFingerprint == "fp1")
        #expect(imported.lineage.source?.hasPrefix("import:ctr/1") == true)
        let target = production.workDirectory + "/out"
        _ = try production.registry.download(ModelReference(parsing: "ctr-prod/1"), into: target)
        #expect(try String(contentsOfFile: target + "/model.json", encoding: .utf8).contains("\"x\""))
        #expect(try production.registry.history(model: "ctr-prod").map(\.kind) == [.created, .registered])
    }

    @Test func importRefusesGarbageTruncatedAndTamperedFilesAndRecordsNothing() throws {
        let f = try RegistryFixture(.sqlite)
        try f.seed(versions: 1)
        let good = f.workDirectory + "/good.tar.zst"
        _ = try f.registry.export(ModelReference(parsing: "ctr/1"), to: good)
        let goodBytes = try Data(contentsOf: URL(fileURLWithPath: good))

        var hostile: [(String, Data)] = [
            ("random", Data((0..<4096).map { _ in UInt8.random(in: 0...255) })),
            ("empty", Data()),
            ("truncated", goodBytes.prefix(goodBytes.count / 2)),
        ]
        // A bundle whose metadata claims another digest.
        let tamperedDir = try TemporaryDirectory.make(prefix: "tamper")
        _ = try TarZstd.extract(good, into: tamperedDir + "/b")
        let manifestURL = URL(fileURLWithPath: tamperedDir + "/b/mlops-export.json")
        var manifest = try String(contentsOf: manifestURL, encoding: .utf8)
        let digest = try f.registry.resolve("ctr/1").sha256
        manifest = manifest.replacingOccurrences(of: digest, with: String(repeating: "0", count: 64))
        try manifest.write(to: manifestURL, atomically: true, encoding: .utf8)
        try TarZstd.create(from: tamperedDir + "/b", to: tamperedDir + "/tampered.tar.zst")
        hostile.append(("tampered", try Data(contentsOf: URL(fileURLWithPath: tamperedDir + "/tampered.tar.zst"))))
        // A bundle with an unexpected extra file.
        try Data("x".utf8).write(to: URL(fileURLWithPath: tamperedDir + "/b/extra.sh"))
        try TarZstd.create(from: tamperedDir + "/b", to: tamperedDir + "/extra.tar.zst")
        hostile.append(("extra", try Data(contentsOf: URL(fileURLWithPath: tamperedDir + "/extra.tar.zst"))))
        // Invalid JSON metadata.
        try FileManager.default.removeItem(atPath: tamperedDir + "/b/extra.sh")
        try Data("{not json".utf8).write(to: manifestURL)
        try TarZstd.create(from: tamperedDir + "/b", to: tamperedDir + "/badjson.tar.zst")
        hostile.append(("badjson", try Data(contentsOf: URL(fileURLWithPath: tamperedDir + "/badjson.tar.zst"))))

        for (name, bytes) in hostile {
            let file = f.workDirectory + "/\(name).tar.zst"
            try bytes.write(to: URL(fileURLWithPath: file))
            #expect(throws: (any Error).self, "\(name) should be refused") {
                try f.registry.importVersion(model: "victim", file: file, actor: "t")
            }
        }
        #expect(throws: RegistryError.modelNotFound("victim")) { try f.registry.versions(model: "victim") }
        #expect(try f.registry.versions(model: "ctr").count == 1)
    }
}

/// Hostile export files crafted entry by entry: each import fails, nothing escapes the staging
/// directory, and no version or model is recorded.
@Suite struct HostileImportTests {
    static let cases: [(String, [HostileArchive.Entry])] = [
        ("traversal", [.file("../../escaped.txt", Array("pwned".utf8)), .file("mlops-export.json", Array("{}".utf8))]),
        ("absolute", [.file("/tmp/mlops-absolute-escape.txt", Array("pwned".utf8))]),
        ("symlink escape", [.symlink("artifact.tar.zst", target: "/etc/passwd"), .file("mlops-export.json", Array("{}".utf8))]),
        ("write through symlink", [.symlink("dir", target: "sub"), .directory("sub"), .file("dir/../../x", Array("x".utf8))]),
        ("device", [.characterDevice("artifact.tar.zst")]),
        ("size bomb", [.zeros("artifact.tar.zst", size: 64 << 20), .file("mlops-export.json", Array("{}".utf8))]),
    ]

    @Test(arguments: 0..<cases.count)
    func hostileExportIsRefused(index: Int) throws {
        let (name, entries) = Self.cases[index]
        let database = try TestBackend.sqlite.makeDatabase()
        let work = try TemporaryDirectory.make(prefix: "hostile-import")
        // A small size limit makes the bomb cheap to build; the default is 4 GiB.
        let artifacts = try ArtifactStore(root: work + "/artifacts", limits: ArchiveLimits(maxEntries: 100, maxTotalBytes: 16 << 20))
        let registry = Registry(database: database, artifacts: artifacts)
        let file = work + "/hostile.tar.zst"
        try HostileArchive.write(file, entries)
        #expect(throws: (any Error).self, "\(name) should be refused") {
            try registry.importVersion(model: "victim", file: file, actor: "t")
        }
        #expect(throws: RegistryError.modelNotFound("victim")) { try registry.versions(model: "victim") }
        #expect(!FileManager.default.fileExists(atPath: work + "/escaped.txt"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/mlops-absolute-escape.txt"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: work + "/artifacts/tmp")
        #expect(leftovers.isEmpty, "staging left behind: \(leftovers)")
    }
}
