import ArtifactArchive
import Foundation
import HTTPAccess
import Hummingbird
import MLOpsStore
import MLOpsTestSupport
import ModelRegistry
import Testing
import Tracking

@testable import MLflowREST

/// The MLflow door over loopback HTTP, for what the Python client never sends: hostile
/// artifact paths, writes into a registered version's files, bad JSON, deletions that would
/// lose stored traffic records. (The real client's conformance run is scripts/test-mlflow.sh.)
@Suite(.serialized) struct MLflowRESTTests {
    final class Fixture: @unchecked Sendable {
        let registry: Registry
        let work: String
        var task: Task<Void, any Error>?
        var port = 0
        let executor = ServerExecutor()

        init(_ backend: TestBackend) throws {
            work = try TemporaryDirectory.make(prefix: "mlflow-rest")
            let database = try backend.makeDatabase()
            registry = Registry(database: database, artifacts: try ArtifactStore(root: work + "/artifacts"))
        }

        func start() async throws {
            let router = Router(context: BasicRequestContext.self)
            MLflowAPI(tracking: Tracking(database: registry.database), registry: registry, registryFiles: work + "/artifacts/mlflow")
                .register(on: router, guard: .open())
            let bound = AsyncStream<Int>.makeStream()
            let app = Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { channel in bound.continuation.yield(channel.localAddress?.port ?? 0) })
            task = Task(executorPreference: executor) { try await app.runService() }
            for await p in bound.stream {
                port = p
                break
            }
        }

        func stop() async {
            task?.cancel()
            _ = try? await task?.value
        }

        func call(_ method: String, _ path: String, body: String? = nil) async throws -> LoopbackHTTP.Response {
            try await LoopbackHTTP.fetch(port: port, method, path, body: body)
        }
    }

    static func code(_ response: LoopbackHTTP.Response) -> String? { (response.json as? [String: Any])?["error_code"] as? String }

    @Test(arguments: TestBackend.available)
    func hostileArtifactPathsAndRegisteredFilesAreRefused(backend: TestBackend) async throws {
        let f = try Fixture(backend)
        try await f.start()
        let put = try await f.call("PUT", "/api/2.0/mlflow-artifacts/artifacts/0/run/artifacts/a.txt", body: "hello")
        #expect(put.status == 200, "\(put.body)")
        #expect(try await f.call("GET", "/api/2.0/mlflow-artifacts/artifacts/0/run/artifacts/a.txt").body == "hello")
        for path in ["0/%2E%2E/%2E%2E/etc/passwd", "0/run/../../x", "%2E%2E"] {
            let r = try await f.call("PUT", "/api/2.0/mlflow-artifacts/artifacts/" + path, body: "x")
            #expect(r.status == 400 || r.status == 404, "\(path) → \(r.status) \(r.body)")
            #expect(!FileManager.default.fileExists(atPath: f.work + "/artifacts/x"))
        }
        let listing = try await f.call("GET", "/api/2.0/mlflow-artifacts/artifacts?path=..%2F..")
        #expect(listing.status == 400 && Self.code(listing) == "INVALID_PARAMETER_VALUE", "\(listing.body)")
        let registryWrite = try await f.call("PUT", "/api/2.0/mlflow-artifacts/artifacts/registry/ctr/1/model.json", body: "{}")
        #expect(registryWrite.status == 400, "a registered version's files never change")
        let missing = try await f.call("GET", "/api/2.0/mlflow-artifacts/artifacts/0/none.txt")
        #expect(missing.status == 404 && Self.code(missing) == "RESOURCE_DOES_NOT_EXIST")
        await f.stop()
    }

    @Test(arguments: TestBackend.available)
    func badBodiesAndUnknownSourcesGetMLflowErrors(backend: TestBackend) async throws {
        let f = try Fixture(backend)
        try await f.start()
        let notJSON = try await f.call("POST", "/api/2.0/mlflow/registered-models/create", body: "{nope")
        #expect(notJSON.status == 400 && Self.code(notJSON) == "INVALID_PARAMETER_VALUE")
        let noName = try await f.call("POST", "/api/2.0/mlflow/registered-models/create", body: "{}")
        #expect(noName.status == 400 && ((noName.json as? [String: Any])?["message"] as? String)?.contains("'name'") == true)
        _ = try await f.call("POST", "/api/2.0/mlflow/registered-models/create", body: "{\"name\": \"ctr\"}")
        let local = try await f.call("POST", "/api/2.0/mlflow/model-versions/create", body: "{\"name\": \"ctr\", \"source\": \"/etc\"}")
        #expect(local.status == 400 && Self.code(local) == "INVALID_PARAMETER_VALUE", "a local path is never archived: \(local.body)")
        let notLogged = try await f.call(
            "POST", "/api/2.0/mlflow/model-versions/create", body: "{\"name\": \"ctr\", \"source\": \"mlflow-artifacts:/0/nothing\"}")
        #expect(notLogged.status == 404, "\(notLogged.body)")
        let orFilter = try await f.call("GET", "/api/2.0/mlflow/registered-models/search?filter=name%3D%27a%27+OR+name%3D%27b%27")
        #expect(orFilter.status == 400 && Self.code(orFilter) == "INVALID_PARAMETER_VALUE", "\(orFilter.body)")
        let badMetric = try await f.call(
            "POST", "/api/2.0/mlflow/runs/log-metric", body: "{\"run_id\": \"x\", \"key\": \"auc\", \"value\": \"high\"}")
        #expect(badMetric.status == 400, "\(badMetric.body)")
        #expect(try f.registry.versions(model: "ctr").isEmpty, "nothing was registered by the refused calls")
        await f.stop()
    }

    @Test(arguments: TestBackend.available)
    func deletingAVersionThatServedTrafficIsRefused(backend: TestBackend) async throws {
        let f = try Fixture(backend)
        try f.registry.createModel("ctr", actor: "test")
        let dir = f.work + "/model"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: URL(fileURLWithPath: dir + "/model.json"))
        _ = try f.registry.register(model: "ctr", directory: dir, actor: "test")
        _ = try f.registry.register(model: "ctr", directory: dir, actor: "test")
        try f.registry.database.withConnection {
            try $0.execute(
                "INSERT INTO drift_counts (model, version, window_start, window_seconds, subject, feature, bin, count, updated_at) VALUES ('ctr', 1, 0, 60, 'score', '', 0, 5, 0)",
                [])
        }
        #expect(throws: RegistryError.self) { try f.registry.deleteVersion(model: "ctr", version: 1, actor: "test") }
        #expect(throws: RegistryError.self) { try f.registry.deleteModel("ctr", actor: "test") }
        try f.registry.deleteVersion(model: "ctr", version: 2, actor: "test")
        #expect(try f.registry.versions(model: "ctr").map(\.version) == [1])
        #expect(try f.registry.history(model: "ctr").last?.kind == .deleted, "the deletion is in the history")
    }
}

/// MLflow's semantics where they differ from the shared error mapping on purpose.
@Suite struct MLflowAliasSemanticsTests {
    @Test(arguments: TestBackend.available)
    func deletingAnAliasThatIsNotSetSucceedsAndRecordsNothing(backend: TestBackend) async throws {
        let f = try MLflowRESTTests.Fixture(backend)
        try await f.start()
        try f.registry.createModel("ctr", actor: "test")
        let before = try f.registry.history(model: "ctr").count
        let unset = try await f.call("DELETE", "/api/2.0/mlflow/registered-models/alias", body: #"{"name": "ctr", "alias": "challenger"}"#)
        #expect(unset.status == 200 && unset.body == "{}", "\(unset.status) \(unset.body)")
        #expect(try f.registry.history(model: "ctr").count == before, "nothing removed, nothing recorded")
        let unknown = try await f.call("DELETE", "/api/2.0/mlflow/registered-models/alias", body: #"{"name": "nope", "alias": "challenger"}"#)
        #expect(MLflowRESTTests.code(unknown) == "RESOURCE_DOES_NOT_EXIST", "\(unknown.body)")
        await f.stop()
    }
}
