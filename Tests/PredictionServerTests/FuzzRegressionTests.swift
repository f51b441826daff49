import AccessControl
import Foundation
import MLOpsTestSupport
import Testing

@testable import PredictionServer

/// Requests schemathesis found while `docs/openapi.json` was written, kept as regression tests:
/// two crashed the server (an instant near Int64.max, a binary tensor size near Int.max), one got
/// a 503 leaking SQL on PostgreSQL (a version past the store's 32-bit column), and methods a
/// mounted path does not take got a bare 404 instead of 405 with `Allow`.
struct FuzzRegressionTests {
    @Test(arguments: TestBackend.available)
    func inputsAtTheEdgesOfTheNumbersAreRefusedNotCrashedOn(backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        let port = try await f.start()
        for path in [
            "/api/v1/models/ctr/performance?until=9223372036854775807", "/api/v1/models/ctr/drift?until=9223372036854775807",
            "/api/v1/models/ctr/drift?version=abc", "/api/v1/models/ctr/versions/2147483648", "/v2/models/ctr/versions/2147483648",
            "/api/v1/models/ctr/performance?version=2147483648",
        ] {
            let r = try await LoopbackHTTP.fetch(port: port, "GET", path)
            #expect(r.status == 400, "\(path): \(r.status) \(r.body)")
        }
        let header = "{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":9223372036854775807}}]}"
        let binary = try await LoopbackHTTP.fetch(
            port: port, "POST", "/v2/models/ctr/infer", bytes: Data(header.utf8),
            headers: ["Inference-Header-Content-Length": String(header.utf8.count)])
        #expect(binary.status == 400, "\(binary.body)")
        // A body version past the column: refused as invalid on both stores, never a 503.
        let alias = try await LoopbackHTTP.fetch(port: port, "PUT", "/api/v1/models/ctr/aliases/staging", body: "{\"version\": 2147483648}")
        #expect([400, 404].contains(alias.status), "\(alias.status) \(alias.body)")
        #expect(try await LoopbackHTTP.fetch(port: port, "GET", "/healthz").status == 200, "the server is still up")
        await f.stop()
    }

    @Test func aMethodAMountedPathDoesNotTakeIs405WithAllow() async throws {
        let f = try ServerFixture(.sqlite)
        let port = try await f.start()
        let trace = try await LoopbackHTTP.fetch(port: port, "TRACE", "/api/v1/models")
        #expect(trace.status == 405 && trace.headers["allow"] == "GET", "\(trace.status) \(trace.headers)")
        #expect(((trace.json as? [String: Any])?["error"] as? [String: Any])?["code"] as? String == "method_not_allowed")
        // A literal segment wins over a parameter, as in the router.
        let deliveries = try await LoopbackHTTP.fetch(port: port, "OPTIONS", "/api/v1/notifications/deliveries")
        #expect(deliveries.status == 405 && deliveries.headers["allow"] == "GET", "\(deliveries.headers)")
        let v2 = try await LoopbackHTTP.fetch(port: port, "DELETE", "/v2/models/ctr/infer")
        #expect(v2.status == 405 && v2.headers["allow"] == "POST" && (v2.json as? [String: Any])?["error"] is String, "\(v2.body)")
        #expect(try await LoopbackHTTP.fetch(port: port, "GET", "/api/v1/no-such-thing").status == 404)
        await f.stop()
    }

    @Test func v2RefusalsAreInTheProtocolsShapeAndRouterAnswersCarryThePredictionsID() async throws {
        var configuration = ServerConfiguration(port: 0, pollSeconds: 0.2)
        configuration.predictFastPath = false
        let f = try ServerFixture(.sqlite, configuration: configuration, access: AccessPolicy(protectReads: true, protectPredictions: true))
        let port = try await f.start()
        let refused = try await LoopbackHTTP.fetch(port: port, "GET", "/v2")
        #expect(refused.status == 401 && (refused.json as? [String: Any])?["error"] is String, "\(refused.body)")
        let api = try await LoopbackHTTP.fetch(port: port, "GET", "/api/v1/models")
        #expect(api.status == 401 && (api.json as? [String: Any])?["error"] is [String: Any], "\(api.body)")
        let token = try TokenStore(database: f.database).create(name: "p", role: .reader).secret
        let answer = try await LoopbackHTTP.fetch(
            port: port, "POST", "/api/v1/models/ctr/predict", body: "{\"rows\": [[1, 2, 3, 4]]}", headers: ["Authorization": "Bearer \(token)"])
        let id = (answer.json as? [String: Any])?["request_id"] as? String
        #expect(answer.status == 200 && id != nil && answer.headers["x-request-id"] == id, "\(answer.headers) \(answer.body)")
        await f.stop()
    }

    /// The v2 request's fields have the protocol's types: anything else is a 400 naming the field.
    @Test func v2FieldsOfTheWrongTypeAreRefused() async throws {
        let f = try ServerFixture(.sqlite)
        let port = try await f.start()
        let input = "{\"name\": \"input\", \"shape\": [1, 4], \"datatype\": \"FP32\", \"data\": [1.5, 0.2, 3, 0]}"
        let cases: [(String, String)] = [
            ("{\"inputs\": [\(input)], \"outputs\": [{\"name\": \"predict\", \"parameters\": {\"binary_data\": {}}}]}", "binary_data"),
            ("{\"id\": {\"a\": 1}, \"inputs\": [\(input)]}", "\"id\""),
            ("{\"parameters\": 5, \"inputs\": [\(input)]}", "parameters"),
            ("{\"parameters\": {\"binary_data_output\": \"yes\"}, \"inputs\": [\(input)]}", "binary_data_output"),
            ("{\"inputs\": [{\"name\": \"input\", \"shape\": [1.7, 4], \"datatype\": \"FP32\", \"data\": [1, 2, 3, 4]}]}", "shape"),
            ("{\"inputs\": [{\"name\": \"input\", \"shape\": [true, 4], \"datatype\": \"FP32\", \"data\": [1, 2, 3, 4]}]}", "shape"),
            (
                "{\"inputs\": [{\"name\": \"input\", \"shape\": [1, 4], \"datatype\": \"FP32\", \"data\": [1, 2, 3, 4], \"parameters\": {\"binary_data_size\": \"x\"}}]}",
                "binary_data_size"
            ),
        ]
        for (body, field) in cases {
            let r = try await LoopbackHTTP.fetch(port: port, "POST", "/v2/models/ctr/infer", body: body)
            let message = (r.json as? [String: Any])?["error"] as? String ?? ""
            #expect(r.status == 400 && message.contains(field), "\(body): \(r.status) \(r.body)")
        }
        let parameters = "{\"unit_id\": 7, \"binary_data_output\": false}"
        let fine = try await LoopbackHTTP.fetch(
            port: port, "POST", "/v2/models/ctr/infer", body: "{\"id\": \"x\", \"parameters\": \(parameters), \"inputs\": [\(input)]}")
        #expect(fine.status == 200, "\(fine.body)")
        await f.stop()
    }
}
