import AccessControl
import ArtifactArchive
import DriftMetrics
import Foundation
import GradientBoosting
import MLOpsStore
import MLOpsTestSupport
import ModelRegistry
import ModelRuntime
import TabularData
import Testing
import TreeModel

@testable import PredictionServer

/// A store with model "ctr" (two trained versions, each with its drift profile; version 1 the
/// champion) and a running server on a free loopback port.
final class ServerFixture: @unchecked Sendable {
    let database: SQLDatabase
    let registry: Registry
    let server: PredictionServer
    let work: String
    private var task: Task<Void, any Error>?
    /// The server's own executor: a test that blocks the cooperative pool cannot starve it.
    private let executor = ServerExecutor()

    static let features = 4

    /// Access control is off unless `access` says otherwise: these fixtures test what routes do;
    /// `AccessControlTests` test who may call them.
    init(
        _ backend: TestBackend, configuration: ServerConfiguration = ServerConfiguration(port: 0, pollSeconds: 0.2),
        access: AccessPolicy = .off,
        database existing: SQLDatabase? = nil, artifactRoot existingRoot: String? = nil, seed: Bool = true,
        remote: (any RemoteArtifacts)? = nil
    ) throws {
        var configuration = configuration
        configuration.access = access
        database = try existing ?? backend.makeDatabase()
        work = try TemporaryDirectory.make(prefix: "serve")
        registry = Registry(database: database, artifacts: try ArtifactStore(root: existingRoot ?? work + "/artifacts", remote: remote))
        if seed {
            try registry.createModel("ctr", actor: "test")
            for dir in try Self.sharedModels.get() {
                _ = try registry.register(model: "ctr", directory: dir, flavor: "gbdt", actor: "test")
            }
            try registry.promote(model: "ctr", version: 1, actor: "test", reason: "first")
        }
        server = PredictionServer(registry: registry, configuration: configuration)
    }

    /// The artifact root, for a second replica over the same store.
    var artifactRoot: String { work + "/artifacts" }

    /// The two seeded models every fixture registers, trained once per test process: training
    /// them in each fixture's initializer held the cooperative threads (two on two cores) for
    /// seconds under a full parallel run and starved the servers of other tests. Registering
    /// only reads the directories.
    static let sharedModels: Result<[String], any Error> = Result {
        let root = try TemporaryDirectory.make(prefix: "serve-models")
        return try [5, 12].enumerated().map { i, rounds in
            try trainedModel(in: root + "/m\(i + 1)", rounds: rounds, seed: UInt64(i + 1))
        }
    }

    /// A gradient-boosted model of `features` features written as a model directory with profile.json.
    static func trainedModel(in dir: String, rounds: Int, seed: UInt64) throws -> String {
        let data = SyntheticCTR(features: features, seed: seed).generate(rows: 3000)
        var parameters = try TrainingParameters(["num_round": String(rounds), "max_depth": "3"])
        parameters.nthread = 1
        let result = try GBDTTrainer.train(data, parameters: parameters, trainMetricEveryRound: false)
        let model = TrainedModel.gbdt(result.model, try CompiledForest(result.model))
        let manifest = ModelManifest(
            flavor: "gbdt", objective: "binary:logistic", featureNames: data.featureNames, labelColumn: "label",
            params: [:], metrics: [:], dataFingerprint: nil, trainingRows: data.rowCount)
        try ModelLoader.writeDirectory(model, manifest: manifest, to: dir)
        let features = zip(data.featureNames, data.columns).map { name, column in
            NamedFeatureProfile(name: name, profile: .numeric(ProfileBuilder.numeric(column)))
        }
        let scores = model.predict(data)
        try ModelLoader.writeProfile(
            Profile(rowCount: data.rowCount, features: features, score: .numeric(ProfileBuilder.numeric(scores))),
            toDirectory: dir)
        return dir
    }

    /// Starts the server and waits until it listens.
    func start() async throws -> Int {
        let server = self.server
        task = Task(executorPreference: executor) { try await server.run(gracefulShutdownSignals: []) }
        for _ in 0..<200 {
            if let port = server.port { return port }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw LoopbackHTTP.Failure(description: "the server did not start listening")
    }

    /// Stops the server gracefully, as a shutdown signal would (its final flush runs), and
    /// waits for it; stopping a stopped fixture does nothing.
    func stop() async {
        await server.shutdown()
        _ = try? await task?.value
        task = nil
    }

    /// One instance as JSON text with the fixture's feature names.
    static func instance(_ values: [Double]) -> String {
        "{" + values.enumerated().map { "\"f\($0.offset)\": \($0.element)" }.joined(separator: ", ") + "}"
    }
}
