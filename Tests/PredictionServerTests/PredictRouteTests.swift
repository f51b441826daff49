import Foundation
import MLOpsTestSupport
import Testing

@testable import PredictionServer

@Suite(.serialized) struct PredictRouteTests {
    @Test(arguments: TestBackend.available)
    func predictsByNameAndByRowAndRefusesBadInputNamingIt(backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        let port = try await f.start()
        defer { Task { await f.stop() } }

        let byName = try await LoopbackHTTP.fetch(
            port: port, "POST", "/api/v1/models/ctr/predict",
            body: "{\"unit_id\": \"u-42\", \"instances\": [\(ServerFixture.instance([1, 2, 3, 4])), \(ServerFixture.instance([0.5, 0, 9, 1]))]}")
        #expect(byName.status == 200, "\(byName.body)")
        let answer = try #require(byName.json as? [String: Any])
        #expect(answer["model"] as? String == "ctr" && answer["version"] as? Int == 1 && answer["arm"] as? String == "champion")
        let predictions = try #require(answer["predictions"] as? [Double])
        #expect(predictions.count == 2 && predictions.allSatisfy { $0 > 0 && $0 < 1 })
        #expect((answer["request_id"] as? String)?.count == 32)

        let byRow = try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/predict", body: "{\"rows\": [[1, 2, 3, 4], [0.5, 0, 9, 1]]}")
        #expect((byRow.json as? [String: Any])?["predictions"] as? [Double] == predictions, "rows in feature order = instances by name")
        let missingValue = try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/predict", body: "{\"rows\": [[null, 2, 3, 4]]}")
        #expect(missingValue.status == 200, "null is a missing value the trees handle")

        func refused(_ body: String, _ status: Int, _ fragment: String) async throws {
            let r = try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/predict", body: body)
            #expect(r.status == status, "\(body) → \(r.status) \(r.body)")
            let message = ((r.json as? [String: Any])?["error"] as? [String: Any])?["message"] as? String ?? ""
            #expect(message.contains(fragment), "\(body) → \(message)")
        }
        try await refused("{\"instances\": [{\"f0\": 1, \"f1\": 2, \"f2\": 3}]}", 400, "lacks feature \"f3\"")
        try await refused("{\"instances\": [{\"f0\": 1, \"f1\": \"abc\", \"f2\": 3, \"f3\": 4}]}", 400, "feature \"f1\" is the string \"abc\"")
        try await refused("{\"rows\": [[1, 2, 3]]}", 400, "rows[0] has 3 values")
        try await refused("{\"rows\": [[1, 2, 3, true]]}", 400, "feature \"f3\" is true")
        try await refused("{\"instances\": [\(ServerFixture.instance([1, 2, 3, 4]).dropLast()), \"zz\": 1}]}", 400, "\"zz\"")
        try await refused("{not json", 400, "JSON")
        try await refused("{}", 400, "\"instances\"")
        try await refused("{\"rows\": [[1, 2, 3, 4]], \"instances\": []}", 400, "not both")
        try await refused("{\"rows\": [" + Array(repeating: "[1,2,3,4]", count: 120_000).joined(separator: ",") + "]}", 413, "larger than")
        let unknown = try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/nope/predict", body: "{\"rows\": [[1, 2, 3, 4]]}")
        #expect(unknown.status == 404)
        await f.stop()
    }

    @Test(arguments: TestBackend.available)
    func healthReadinessAndMetrics(backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        let port = try await f.start()
        #expect(try await LoopbackHTTP.fetch(port: port, "GET", "/healthz").status == 200)
        let ready = try await LoopbackHTTP.fetch(port: port, "GET", "/readyz")
        #expect(ready.status == 200, "\(ready.body)")
        #expect((ready.json as? [String: Any])?["models_loaded"] as? Int == 1)
        _ = try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/predict", body: "{\"rows\": [[1, 2, 3, 4], [1, 1, 1, 1]]}")
        _ = try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/predict", body: "{\"rows\": [[1]]}")
        let metrics = try await LoopbackHTTP.fetch(port: port, "GET", "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.body.contains("mlops_predictions_total{model=\"ctr\",version=\"1\",arm=\"champion\"} 2"), "\(metrics.body)")
        #expect(metrics.body.contains("mlops_request_errors_total{route=\"predict\",status=\"400\"} 1"))
        #expect(metrics.body.contains("mlops_request_duration_seconds_bucket"))
        #expect(try await LoopbackHTTP.fetch(port: port, "GET", "/nowhere").status == 404)
        await f.stop()
    }
}
