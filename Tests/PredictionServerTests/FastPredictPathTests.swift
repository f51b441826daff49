import Foundation
import HTTPTypes
import MLOpsStore
import MLOpsTestSupport
import Testing

@testable import PredictionServer

/// The predict fast path (kept-alive requests without a `Connection` header) against the
/// framework's route (`Connection: close` requests, which the fast path hands on): the same
/// answers and refusals, responses in request order, and the same bookkeeping.
@Suite(.serialized) struct FastPredictPathTests {
    static let path = "/api/v1/models/ctr/predict"

    /// A request on a kept-alive connection (the fast path may take it).
    static func fast(_ port: Int, _ path: String = path, body: String?, headers: [String: String] = [:]) async throws -> LoopbackHTTP.Response {
        try await Blocking.run { try LoopbackHTTP.pipelined(port: port, [.init("POST", path, body: body, headers: headers)])[0] }
    }

    static func message(_ response: LoopbackHTTP.Response) -> String? {
        ((response.json as? [String: Any])?["error"] as? [String: Any])?["message"] as? String
    }

    @Test(arguments: TestBackend.available)
    func answersAndRefusesExactlyLikeTheRouter(backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        let port = try await f.start()
        let bodies: [(String, String)] = [
            (Self.path, "{\"unit_id\": \"u-1\", \"rows\": [[1, 2, 3, 4], [0.5, null, 9, 1]]}"),
            (Self.path, "{\"instances\": [\(ServerFixture.instance([1, 2, 3, 4]))]}"),
            (Self.path, "{\"instances\": [{\"f0\": 1, \"f1\": 2, \"f2\": 3}]}"),
            (Self.path, "{\"rows\": [[1, 2, \"x\", 4]]}"),
            (Self.path, "{\"rows\": [[1, 2, 3, 4]], \"extra\": 1}"),
            (Self.path, "{not json"),
            (Self.path, ""),
            (Self.path, "{\"rows\": [" + Array(repeating: "[1,2,3,4]", count: 120_000).joined(separator: ",") + "]}"),
            ("/api/v1/models/nope/predict", "{\"rows\": [[1, 2, 3, 4]]}"),
        ]
        for (path, body) in bodies {
            let viaRouter = try await LoopbackHTTP.fetch(port: port, "POST", path, body: body)
            let viaFast = try await Self.fast(port, path, body: body)
            let label = "\(path) \(body.prefix(60))"
            #expect(viaFast.status == viaRouter.status, "\(label): \(viaFast.status) vs \(viaRouter.status)")
            #expect(Self.message(viaFast) == Self.message(viaRouter), "\(label)")
            #expect(viaFast.headers["x-request-id"]?.count == 32 && viaRouter.headers["x-request-id"]?.count == 32)
            if viaRouter.status == 200 {
                let a = try #require(viaFast.json as? [String: Any])
                let b = try #require(viaRouter.json as? [String: Any])
                #expect(a["predictions"] as? [Double] == b["predictions"] as? [Double], "\(label)")
                #expect(a["model"] as? String == "ctr" && a["version"] as? Int == 1 && a["arm"] as? String == "champion")
                // Both paths name the response after the prediction (the feedback key).
                #expect(a["request_id"] as? String == viaFast.headers["x-request-id"], "\(label)")
                #expect(b["request_id"] as? String == viaRouter.headers["x-request-id"], "\(label)")
                #expect(viaFast.headers["content-type"] == "application/json")
            }
        }
        await f.stop()
    }

    @Test(arguments: TestBackend.available)
    func pipelinedRequestsAreAnsweredInOrderWhicheverPathTakesThem(backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        let port = try await f.start()
        let requests: [LoopbackHTTP.Request] = [
            .init("POST", Self.path, body: "{\"rows\": [[1, 2, 3, 4]]}"),
            .init("GET", "/healthz"),
            .init("POST", Self.path, body: "{\"rows\": [[1, 2, 3]]}"),
            .init("POST", Self.path, body: "{\"rows\": [[1, 2, 3, 4], [4, 3, 2, 1], [0, 0, 0, 0]]}"),
            .init("GET", "/api/v1/models/ctr"),
            .init("POST", Self.path, body: "{\"rows\": [[9, 9, 9, 9]]}"),
        ]
        let responses = try await Blocking.run { try LoopbackHTTP.pipelined(port: port, requests) }
        #expect(responses.map(\.status) == [200, 200, 400, 200, 200, 200])
        let counts = responses.map { (($0.json as? [String: Any])?["predictions"] as? [Any])?.count }
        #expect(counts == [1, nil, nil, 3, nil, 1], "each answer belongs to its request")
        #expect(Self.message(responses[2])?.contains("rows[0] has 3 values") == true)
        #expect((responses[4].json as? [String: Any])?["name"] as? String == "ctr")
        await f.stop()
    }

    @Test(arguments: TestBackend.available)
    func fastPathPredictionsAreCountedLoggedAndJoinFeedback(backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        let port = try await f.start()
        // A chunked body arriving in pieces is gathered before it is scored.
        let chunked =
            ["{\"unit_id\": \"u-7\", ", "\"rows\": [[1, 2, 3, 4],", " [2, 2, 2, 2]]}"]
            .map { String($0.utf8.count, radix: 16) + "\r\n" + $0 + "\r\n" }.joined() + "0\r\n\r\n"
        let first = try await Self.fast(port, body: chunked, headers: ["Transfer-Encoding": "chunked"])
        #expect(first.status == 200, "\(first.body)")
        let id = try #require((first.json as? [String: Any])?["request_id"] as? String)
        for _ in 0..<3 { #expect(try await Self.fast(port, body: "{\"rows\": [[1, 2, 3, 4]]}").status == 200) }

        let metrics = try await LoopbackHTTP.fetch(port: port, "GET", "/metrics")
        #expect(metrics.body.contains("mlops_predictions_total{model=\"ctr\",version=\"1\",arm=\"champion\"} 5"), "\(metrics.body)")
        let feedback = try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/feedback", body: "{\"request_id\": \"\(id)\", \"label\": 1}")
        #expect(feedback.status == 200, "\(feedback.body)")
        try f.server.log.flush()
        let logged = try f.database.withConnection {
            try $0.queryFirst("SELECT COUNT(*) AS n FROM predictions", [])!.int("n")
        }
        #expect(logged == 5, "every row the fast path scored is in the prediction log")
        await f.stop()
    }

    /// v2 inference without a version takes the fast path too (JSON and binary tensors): the
    /// same answers and refusals as the router's route.
    @Test(arguments: TestBackend.available)
    func v2InferAnswersAndRefusesExactlyLikeTheRouter(backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        let port = try await f.start()
        let path = "/v2/models/ctr/infer"
        let bodies = [
            "{\"id\": \"a\", \"inputs\": [{\"name\": \"input\", \"datatype\": \"FP32\", \"shape\": [2, 4], \"data\": [1, 2, 3, 4, 0.5, null, 9, 1]}]}",
            "{\"inputs\": [{\"name\": \"f0\", \"datatype\": \"FP64\", \"shape\": [1], \"data\": [1]}, {\"name\": \"f1\", \"datatype\": \"FP64\", \"shape\": [1], \"data\": [2]}, {\"name\": \"f2\", \"datatype\": \"FP64\", \"shape\": [1], \"data\": [3]}, {\"name\": \"f3\", \"datatype\": \"FP64\", \"shape\": [1], \"data\": [4]}]}",
            "{\"inputs\": [{\"name\": \"input\", \"datatype\": \"FP32\", \"shape\": [1, 3], \"data\": [1, 2, 3]}]}",
            "{not json",
        ]
        for body in bodies {
            let viaRouter = try await LoopbackHTTP.fetch(port: port, "POST", path, body: body)
            let viaFast = try await Blocking.run { try LoopbackHTTP.pipelined(port: port, [.init("POST", path, body: body)])[0] }
            #expect(viaFast.status == viaRouter.status, "\(body.prefix(60)): \(viaFast.status) vs \(viaRouter.status)")
            let a = viaFast.json as? [String: Any]
            let b = viaRouter.json as? [String: Any]
            if viaRouter.status == 200 {
                let outputs = { (json: [String: Any]?) in ((json?["outputs"] as? [[String: Any]])?.first?["data"] as? [Double]) }
                #expect(outputs(a) != nil && outputs(a) == outputs(b), "\(viaFast.body) vs \(viaRouter.body)")
                #expect(a?["id"] as? String == b?["id"] as? String)
                let id = (a?["parameters"] as? [String: Any])?["request_id"] as? String
                #expect(id != nil && viaFast.headers["x-request-id"] == id)
            } else {
                #expect(a?["error"] as? String == b?["error"] as? String)
            }
        }
        #expect(FastPredictHandler.target(of: .init(method: .post, scheme: nil, authority: nil, path: path), inference: true) != nil)
        #expect(FastPredictHandler.target(of: .init(method: .post, scheme: nil, authority: nil, path: path), inference: false) == nil)
        #expect(
            FastPredictHandler.target(of: .init(method: .post, scheme: nil, authority: nil, path: "/v2/models/ctr/versions/1/infer"), inference: true)
                == nil)
        await f.stop()
    }

    @Test func takesOnlyPlainPredictRequests() {
        func head(_ method: HTTPRequest.Method, _ path: String, connection: String? = nil) -> HTTPRequest {
            var request = HTTPRequest(method: method, scheme: nil, authority: nil, path: path)
            if let connection { request.headerFields[.connection] = connection }
            return request
        }
        #expect(FastPredictHandler.model(of: head(.post, "/api/v1/models/ctr-v2/predict")) == "ctr-v2")
        #expect(FastPredictHandler.model(of: head(.get, "/api/v1/models/ctr/predict")) == nil)
        #expect(FastPredictHandler.model(of: head(.post, "/api/v1/models/ctr/predict", connection: "close")) == nil)
        #expect(FastPredictHandler.model(of: head(.post, "/api/v1/models/c%74r/predict")) == nil)
        #expect(FastPredictHandler.model(of: head(.post, "/api/v1/models/a/b/predict")) == nil)
        #expect(FastPredictHandler.model(of: head(.post, "/api/v1/models//predict")) == nil)
        #expect(FastPredictHandler.model(of: head(.post, "/api/v1/models/ctr/predict?x=1")) == nil)
        #expect(FastPredictHandler.model(of: head(.post, "/api/v1/models/ctr/rollout")) == nil)
    }
}

/// The v2 fast reading gives what `JSONSerialization` gives, tensor data as one flat array, and
/// declines what it does not take.
@Suite struct InferenceBodyParserTests {
    static func parse(_ text: String) -> [String: Any]? { InferenceBodyParser.parse(Array(text.utf8)[...]) }

    @Test func readsTheCommonShapeAndDeclinesTheRest() throws {
        let body = """
            {"id": "a", "parameters": {"unit_id": 7, "binary_data_output": false},
             "inputs": [{"name": "input", "shape": [2, 2], "datatype": "FP32", "data": [[1.5, null], [-2e3, 0]]}]}
            """
        let header = try #require(Self.parse(body))
        #expect(header["id"] as? String == "a")
        let input = try #require((header["inputs"] as? [[String: Any]])?.first)
        #expect((input["data"] as? InferenceBodyParser.FlatNumbers)?.values.count == 4)
        #expect((input["data"] as? InferenceBodyParser.FlatNumbers)?.values[2] == -2000)
        #expect((input["shape"] as? [Any]).map { $0.compactMap(JSONValue.integer) } == [2, 2])
        let parameters = try #require(header["parameters"] as? [String: Any])
        #expect(JSONValue.isBool(parameters["binary_data_output"]!) && JSONValue.integer(parameters["unit_id"]!) == 7)
        // BYTES data stays a list of strings; booleans in data fall back to a list too.
        let strings = try #require(Self.parse(#"{"inputs": [{"name": "s", "data": ["x", "y"]}]}"#))
        #expect(((strings["inputs"] as? [[String: Any]])?.first?["data"] as? [Any])?.count == 2)
        for declined in [#"{"id": "a\"b"}"#, #"{"id": "a", "id": "b"}"#, #"{"n": 18446744073709551615}"#, #"{"a": 1,}"#, "[1]", ""] {
            #expect(Self.parse(declined) == nil, "\(declined)")
        }
    }
}
