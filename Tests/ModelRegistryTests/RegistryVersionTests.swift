import ArtifactArchive
import Foundation
import MLOpsStore
import MLOpsTestSupport
import Testing

@testable import ModelRegistry

@Suite struct RegistryVersionTests {
    @Test(arguments: TestBackend.available)
    func registersNumberedVersionsWithMetadataAndLineage(backend: TestBackend) throws {
        let f = try RegistryFixture(backend)
        try f.registry.createModel("ctr", description: "click-through", tags: ["team": "ads"], actor: "alice")
        let dir = try f.modelDirectory("a")
        let v1 = try f.registry.register(
            model: "ctr", directory: dir, flavor: "xgboost", params: ["eta": "0.1"], metrics: ["auc": 0.71],
            tags: ["stage": "dev"], lineage: Lineage(source: dir, pipelineRun: "run-7", dataFingerprint: "abc", parentVersion: nil),
            actor: "alice")
        let v2 = try f.registry.register(model: "ctr", directory: try f.modelDirectory("b"), actor: "bob")
        #expect(v1.version == 1 && v2.version == 2)
        let shown = try f.registry.resolve("ctr/1")
        #expect(shown == v1)
        #expect(shown.flavor == "xgboost" && shown.params == ["eta": "0.1"] && shown.metrics == ["auc": 0.71])
        #expect(shown.lineage.pipelineRun == "run-7" && shown.lineage.dataFingerprint == "abc")
        #expect(shown.sha256.count == 64 && shown.sizeBytes > 0 && shown.createdBy == "alice")
        #expect(try f.registry.resolve("ctr").version == 2)
        #expect(try f.registry.resolve("models:/ctr/2") == v2)
        let model = try f.registry.model("ctr")
        #expect(model.latestVersion == 2 && model.tags == ["team": "ads"] && model.description == "click-through")
        #expect(try f.registry.versions(model: "ctr").map(\.version) == [1, 2])
        #expect(try f.registry.history(model: "ctr").map(\.kind) == [.created, .registered, .registered])
    }

    @Test(arguments: TestBackend.available)
    func identicalContentIsStoredOnce(backend: TestBackend) throws {
        let f = try RegistryFixture(backend)
        try f.registry.createModel("ctr", actor: "t")
        let dir = try f.modelDirectory("same")
        let a = try f.registry.register(model: "ctr", directory: dir, actor: "t")
        let b = try f.registry.register(model: "ctr", directory: dir, actor: "t")
        #expect(a.sha256 == b.sha256 && a.version != b.version)
        #expect(try f.storedArchives().count == 1)
        let expectedPath = "\(a.sha256.prefix(2))/\(a.sha256).tar.zst"
        #expect(try f.storedArchives() == [expectedPath])
    }

    @Test(arguments: TestBackend.available)
    func clearErrorsForBadNamesMissingModelsAndBadInput(backend: TestBackend) throws {
        let f = try RegistryFixture(backend)
        for bad in ["", "Ctr", "-ctr", "c tr", String(repeating: "a", count: 64), "ctr/1"] {
            #expect(throws: RegistryError.self, "model name '\(bad)' should be refused") {
                try f.registry.createModel(bad, actor: "t")
            }
        }
        try f.registry.createModel("ctr.v2_a-b", actor: "t")
        #expect(throws: RegistryError.modelExists("ctr.v2_a-b")) { try f.registry.createModel("ctr.v2_a-b", actor: "t") }
        #expect(throws: RegistryError.modelNotFound("nope")) {
            try f.registry.register(model: "nope", directory: try f.modelDirectory("x"), actor: "t")
        }
        #expect(throws: RegistryError.self) {
            try f.registry.register(model: "ctr.v2_a-b", directory: f.workDirectory + "/missing", actor: "t")
        }
        #expect(throws: RegistryError.self) {
            try f.registry.register(model: "ctr.v2_a-b", directory: try f.modelDirectory("y"), metrics: ["auc": .nan], actor: "t")
        }
        #expect(throws: RegistryError.self) {
            try f.registry.register(model: "ctr.v2_a-b", directory: try f.modelDirectory("z"), flavor: "Bad Flavor", actor: "t")
        }
        // Nothing was recorded by the failed attempts.
        #expect(try f.registry.versions(model: "ctr.v2_a-b").isEmpty)
        #expect(throws: RegistryError.versionNotFound(model: "ctr.v2_a-b", version: 4)) { try f.registry.resolve("ctr.v2_a-b/4") }
        #expect(throws: RegistryError.noVersions(model: "ctr.v2_a-b")) { try f.registry.resolve("ctr.v2_a-b") }
        #expect(throws: RegistryError.aliasNotFound(model: "ctr.v2_a-b", alias: "champion")) { try f.registry.resolve("ctr.v2_a-b@champion") }
    }

    @Test(arguments: TestBackend.available)
    func flippedByteIsCaughtByVerifyAndDownload(backend: TestBackend) throws {
        let f = try RegistryFixture(backend)
        let versions = try f.seed(versions: 1)
        let v = versions[0]
        #expect(try f.registry.verify(ModelReference(parsing: "ctr/1")) == v)
        let path = f.registry.artifacts.path(for: v.sha256)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        do {
            _ = try f.registry.verify(ModelReference(parsing: "ctr/1"))
            Issue.record("verify should fail")
        } catch {
            let text = "\(error)"
            #expect(text.contains("ctr/1") && text.contains(v.sha256))
        }
        let target = f.workDirectory + "/download"
        #expect(throws: ArchiveError.self) { try f.registry.download(ModelReference(parsing: "ctr/1"), into: target) }
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test(arguments: TestBackend.available)
    func downloadExtractsTheRegisteredFiles(backend: TestBackend) throws {
        let f = try RegistryFixture(backend)
        try f.seed(versions: 2)
        let target = f.workDirectory + "/download"
        let (version, summary) = try f.registry.download(ModelReference(parsing: "ctr/2"), into: target)
        #expect(version.version == 2 && summary.entries >= 2)
        let model = try String(contentsOfFile: target + "/model.json", encoding: .utf8)
        #expect(model.contains("ctr-2"))
        #expect(try String(contentsOfFile: target + "/nested/notes.txt", encoding: .utf8) == "notes for ctr-2\n")
    }

    /// The history is append-only at the database level, not only by convention.
    @Test(arguments: TestBackend.available)
    func historyCannotBeRewritten(backend: TestBackend) throws {
        let f = try RegistryFixture(backend)
        try f.seed(versions: 1)
        #expect(throws: StoreError.self) {
            try f.database.withConnection { try $0.execute("UPDATE registry_events SET actor = $1", [.text("mallory")]) }
        }
        #expect(throws: StoreError.self) {
            try f.database.withConnection { try $0.execute("DELETE FROM registry_events", []) }
        }
        #expect(try f.registry.history(model: "ctr").allSatisfy { $0.actor == "tester" })
    }
}
