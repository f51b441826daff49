import Foundation
import MLOpsTestSupport
import Testing

@testable import PredictionServer

/// The Open Inference Protocol v2 over REST: health, metadata, readiness, and inference as JSON
/// and with the binary tensor data extension, answering what `/api/v1` answers for the same
/// rows; errors as `{"error": "…"}`.
@Suite struct InferenceProtocolTests {
    static let rows: [[Float]] = [[1, 2, 3, 4], [0.5, 0, 9, 1], [-3, 0.25, 7, 2]]

    /// The champion's answers through `/api/v1` for `rows`.
    static func v1(_ port: Int) async throws -> [Double] {
        let body = "{\"rows\": [" + rows.map { "[" + $0.map { "\($0)" }.joined(separator: ",") + "]" }.joined(separator: ",") + "]}"
        let r = try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/predict", body: body)
        return try #require((r.json as? [String: Any])?["predictions"] as? [Double])
    }

    /// A binary request: the JSON header, then one FP32 `[N, 4]` tensor named `input`.
    static func binaryBody(id: String) -> (Data, Int) {
        let size = rows.count * 4 * 4
        let header = """
            {"id":"\(id)","inputs":[{"name":"input","shape":[\(rows.count),4],"datatype":"FP32","parameters":{"binary_data_size":\(size)}}],"parameters":{"binary_data_output":true}}
            """
        var body = Data(header.utf8)
        for row in rows { for value in row { withUnsafeBytes(of: value.bitPattern.littleEndian) { body.append(contentsOf: $0) } } }
        return (body, header.utf8.count)
    }

    @Test func healthMetadataAndReadiness() async throws {
        let f = try ServerFixture(.sqlite)
        let port = try await f.start()
        #expect(try await LoopbackHTTP.fetch(port: port, "GET", "/v2/health/live").status == 200)
        // Ready as /readyz is: the store answered within the last few polls, which a loaded
        // machine can miss for a moment; it must become ready.
        var ready = 0
        for _ in 0..<100 where ready != 200 {
            ready = try await LoopbackHTTP.fetch(port: port, "GET", "/v2/health/ready").status
            if ready != 200 { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(ready == 200)
        let server = try #require(try await LoopbackHTTP.fetch(port: port, "GET", "/v2").json as? [String: Any])
        #expect((server["extensions"] as? [String])?.contains("binary_tensor_data") == true)
        let metadata = try #require(try await LoopbackHTTP.fetch(port: port, "GET", "/v2/models/ctr").json as? [String: Any])
        let inputs = try #require(metadata["inputs"] as? [[String: Any]])
        #expect(inputs.map { $0["name"] as? String } == ["f0", "f1", "f2", "f3", "input"])
        #expect(inputs.last?["shape"] as? [Int] == [-1, 4] && inputs.first?["datatype"] as? String == "FP32")
        #expect((metadata["outputs"] as? [[String: Any]])?.first?["name"] as? String == "predict")
        #expect(metadata["versions"] as? [String] == ["1"])
        #expect(try await LoopbackHTTP.fetch(port: port, "GET", "/v2/models/ctr/ready").status == 200)
        #expect(try await LoopbackHTTP.fetch(port: port, "GET", "/v2/models/ctr/versions/2/ready").status == 200, "registered, loadable")
        let absent = try await LoopbackHTTP.fetch(port: port, "GET", "/v2/models/ctr/versions/9/ready")
        #expect(absent.status == 404 && (absent.json as? [String: Any])?["error"] is String, "\(absent.body)")
        #expect(try await LoopbackHTTP.fetch(port: port, "GET", "/v2/models/nope/ready").status == 404)
        await f.stop()
    }

    @Test(arguments: TestBackend.available)
    func inferAsJSONAndBinaryAnswersWhatAPIv1Answers(backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        let port = try await f.start()
        let expected = try await Self.v1(port)

        // JSON, one input per feature, the client's id echoed (and allowed to repeat).
        let columns = (0..<4).map { f in
            "{\"name\":\"f\(f)\",\"shape\":[\(Self.rows.count)],\"datatype\":\"FP64\",\"data\":["
                + Self.rows.map { "\($0[f])" }.joined(separator: ",") + "]}"
        }
        let json = try await LoopbackHTTP.fetch(
            port: port, "POST", "/v2/models/ctr/infer", body: "{\"id\":\"same\",\"inputs\":[" + columns.joined(separator: ",") + "]}")
        #expect(json.status == 200, "\(json.body)")
        let answer = try #require(json.json as? [String: Any])
        #expect(answer["id"] as? String == "same" && answer["model_name"] as? String == "ctr" && answer["model_version"] as? String == "1")
        let output = try #require((answer["outputs"] as? [[String: Any]])?.first)
        let scores = try #require(output["data"] as? [Double])
        #expect(output["shape"] as? [Int] == [3] && output["datatype"] as? String == "FP32")
        #expect(zip(scores, expected).allSatisfy { abs($0 - $1) <= 1e-6 }, "\(scores) vs \(expected)")
        let requestID = try #require((answer["parameters"] as? [String: Any])?["request_id"] as? String)
        #expect(json.headers["x-request-id"] == requestID && requestID.count == 32)
        let feedback = try await LoopbackHTTP.fetch(
            port: port, "POST", "/api/v1/feedback", body: "{\"request_id\":\"\(requestID)\",\"label\":1}")
        #expect(feedback.status == 200 || feedback.status == 202, "the server's request id is the feedback key: \(feedback.body)")

        // Binary in and out, as tritonclient sends by default (no Content-Type).
        let (body, headerLength) = Self.binaryBody(id: "same")
        let binary = try await LoopbackHTTP.fetch(
            port: port, "POST", "/v2/models/ctr/infer", bytes: body, headers: ["Inference-Header-Content-Length": "\(headerLength)"])
        #expect(binary.status == 200, "\(binary.body)")
        let jsonLength = try #require(binary.headers["inference-header-content-length"].flatMap { Int($0) })
        let head = try #require(try JSONSerialization.jsonObject(with: binary.bytes.prefix(jsonLength)) as? [String: Any])
        let binaryOutput = try #require((head["outputs"] as? [[String: Any]])?.first)
        #expect((binaryOutput["parameters"] as? [String: Any])?["binary_data_size"] as? Int == 12 && binaryOutput["data"] == nil)
        let tail = Array(binary.bytes.dropFirst(jsonLength))
        #expect(tail.count == 12)
        let decoded = (0..<3).map { i in
            Float(bitPattern: UInt32(tail[i * 4]) | UInt32(tail[i * 4 + 1]) << 8 | UInt32(tail[i * 4 + 2]) << 16 | UInt32(tail[i * 4 + 3]) << 24)
        }
        #expect(zip(decoded, expected).allSatisfy { abs(Double($0) - $1) <= 1e-6 }, "\(decoded) vs \(expected)")

        // A version by number answers directly; the served champion's answer is logged under its arm.
        let pinned = try await LoopbackHTTP.fetch(
            port: port, "POST", "/v2/models/ctr/versions/2/infer", body: "{\"inputs\":[" + columns.joined(separator: ",") + "]}")
        let pinnedAnswer = try #require(pinned.json as? [String: Any])
        #expect(pinnedAnswer["model_version"] as? String == "2" && pinnedAnswer["parameters"] == nil, "\(pinned.body)")
        let pinnedScores = try #require((pinnedAnswer["outputs"] as? [[String: Any]])?.first?["data"] as? [Double])
        #expect(pinnedScores != scores, "version 2 is another model")
        await f.stop()
    }

    @Test func badRequestsAreRefusedInTheProtocolsShape() async throws {
        let f = try ServerFixture(.sqlite)
        let port = try await f.start()
        func refused(_ body: String, _ fragment: String, path: String = "/v2/models/ctr/infer", status: Int = 400) async throws {
            let r = try await LoopbackHTTP.fetch(port: port, "POST", path, body: body)
            let message = (r.json as? [String: Any])?["error"] as? String ?? ""
            #expect(r.status == status && message.contains(fragment), "\(body) → \(r.status) \(r.body)")
        }
        let three = "\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1]"
        try await refused(
            "{\"inputs\":[{\"name\":\"f0\",\(three)},{\"name\":\"f1\",\(three)},{\"name\":\"f2\",\(three)}]}", "input \"f3\" is missing")
        try await refused("{\"inputs\":[{\"name\":\"zz\",\(three)}]}", "unknown input \"zz\"")
        try await refused("{\"inputs\":[{\"name\":\"input\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}", "must have shape [N, 4]")
        try await refused(
            "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}", "3 elements in \"data\" for a shape of 4")
        try await refused("{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP8\",\"data\":[1,2,3,4]}]}", "unknown datatype \"FP8\"")
        try await refused("{\"inputs\":[{\"name\":\"f0\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\"x\"]}]}", "reads \"f0\" as a number")
        try await refused(
            "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}],\"outputs\":[{\"name\":\"proba\"}]}",
            "unknown output \"proba\"")
        try await refused("{\"inputs\":[]}", "non-empty list")
        try await refused("{nope", "not valid JSON")
        try await refused(
            "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}", "not served",
            path: "/v2/models/nope/infer", status: 404)
        let header = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":16}}]}"
        let cut = try await LoopbackHTTP.fetch(
            port: port, "POST", "/v2/models/ctr/infer", bytes: Data(header.utf8) + Data([0, 0, 128, 63]),
            headers: ["Inference-Header-Content-Length": "\(header.utf8.count)"])
        #expect(cut.status == 400 && cut.body.contains("runs past the end of the body"), "\(cut.body)")
        await f.stop()
    }
}
