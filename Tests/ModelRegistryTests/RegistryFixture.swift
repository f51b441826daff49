import ArtifactArchive
import Foundation
import MLOpsStore
import MLOpsTestSupport

@testable import ModelRegistry

/// A registry over a fresh database of the given backend and a fresh artifact root.
struct RegistryFixture {
    let registry: Registry
    let database: SQLDatabase
    let artifactRoot: String
    let workDirectory: String

    init(_ backend: TestBackend) throws {
        database = try backend.makeDatabase()
        workDirectory = try TemporaryDirectory.make(prefix: "registry")
        artifactRoot = workDirectory + "/artifacts"
        registry = Registry(database: database, artifacts: try ArtifactStore(root: artifactRoot))
    }

    /// Writes a small model directory whose content depends on `seed`.
    func modelDirectory(_ seed: String, extraBytes: Int = 0) throws -> String {
        let dir = workDirectory + "/model-\(seed)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir + "/nested", withIntermediateDirectories: true)
        try Data("{\"seed\": \"\(seed)\"}".utf8).write(to: URL(fileURLWithPath: dir + "/model.json"))
        try Data("notes for \(seed)\n".utf8).write(to: URL(fileURLWithPath: dir + "/nested/notes.txt"))
        if extraBytes > 0 {
            try Data((0..<extraBytes).map { _ in UInt8.random(in: 0...255) }).write(to: URL(fileURLWithPath: dir + "/weights.bin"))
        }
        return dir
    }

    /// Creates `model` and registers `count` versions.
    @discardableResult
    func seed(model: String = "ctr", versions count: Int) throws -> [ModelVersion] {
        try registry.createModel(model, description: "test model", actor: "tester")
        return try (1...count).map { i in
            try registry.register(
                model: model, directory: try modelDirectory("\(model)-\(i)"), metrics: ["auc": 0.7 + Double(i) / 100], actor: "tester")
        }
    }

    /// Files stored under the content-addressed tree.
    func storedArchives() throws -> [String] {
        let root = artifactRoot + "/sha256"
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".tar.zst") }.sorted()
    }
}
