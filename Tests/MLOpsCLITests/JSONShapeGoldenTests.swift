import Foundation
import MLOpsTestSupport
import Testing

/// The JSON the main commands print (`--json`) and the main API routes answer keeps its shape:
/// every key path and the type of its value, compared with `Tests/MLOpsCLITests/Golden/*.txt`.
/// Values that change run to run (times, ids, digests, scores) are not compared; the shape is
/// what clients and scripts depend on. `MLOPS_UPDATE_GOLDEN=1` rewrites the files after an
/// intended change (say so in CHANGELOG.md).
@Suite(.serialized) struct JSONShapeGoldenTests {
    static let directory = Shell.repositoryRoot + "/Tests/MLOpsCLITests/Golden"

    /// Each key path with its type, one per line, sorted: `models[].aliases.champion: number`.
    static func shape(_ value: Any, path: String = "$") -> [String] {
        switch value {
        case let dictionary as [String: Any]:
            if dictionary.isEmpty { return ["\(path): {}"] }
            return dictionary.keys.sorted().flatMap { shape(dictionary[$0]!, path: path + "." + $0) }
        case let array as [Any]:
            guard !array.isEmpty else { return ["\(path): []"] }
            return Array(Set(array.flatMap { shape($0, path: path + "[]") })).sorted()
        case is NSNull: return ["\(path): null"]
        case let number as NSNumber:
            return ["\(path): " + (String(cString: number.objCType) == "c" ? "bool" : "number")]
        case is String: return ["\(path): string"]
        default: return ["\(path): \(type(of: value))"]
        }
    }

    static func check(_ name: String, _ json: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let value = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
        let text = shape(value).joined(separator: "\n") + "\n"
        let file = directory + "/" + name + ".txt"
        if ProcessInfo.processInfo.environment["MLOPS_UPDATE_GOLDEN"] == "1" {
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            return
        }
        let golden = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text == golden, "\(name): the JSON's shape changed (MLOPS_UPDATE_GOLDEN=1 rewrites \(file))", sourceLocation: sourceLocation)
    }

    @Test func mainCommandsAndRoutesKeepTheirJSONShape() async throws {
        let cli = try CLIHarness(.sqlite)
        let data = cli.home + "/d.csv"
        let today = cli.home + "/today.csv"
        #expect(try await cli.run(["data", "synth", "--rows", "1500", "--features", "4", "--seed", "1", "--out", data], global: false).status == 0)
        #expect(
            try await cli.run(["data", "synth", "--rows", "800", "--features", "4", "--seed", "2", "--drift", "0.5", "--out", today], global: false)
                .status == 0)
        #expect(try await cli.run(["registry", "create", "ctr", "--tag", "team=ads"]).status == 0)
        let train = try await cli.run(["train", "--data", data, "--param", "num_round=3", "--out", cli.home + "/m1", "--register", "ctr", "--json"])
        try #require(train.status == 0, "\(train.stderr)")
        try Self.check("train", train.stdout)
        #expect(try await cli.run(["train", "--data", data, "--algo", "logreg", "--out", cli.home + "/m2", "--register", "ctr"]).status == 0)
        #expect(try await cli.run(["registry", "promote", "ctr", "1", "--reason", "first"]).status == 0)
        #expect(try await cli.run(["drift", "record", "ctr", "--data", today, "--at", "10m"]).status == 0)
        #expect(try await cli.run(["rollout", "start", "ctr", "--challenger", "2", "--steps", "50,100"]).status == 0)
        for (name, arguments) in [
            ("registry-show", ["registry", "show", "ctr", "--json"]), ("registry-versions", ["registry", "versions", "ctr", "--json"]),
            ("registry-history", ["registry", "history", "ctr", "--json"]), ("rollout-status", ["rollout", "status", "ctr", "--json"]),
            ("drift-report", ["drift", "report", "ctr", "--since", "1h", "--json"]),
            ("drift-report-by-window", ["drift", "report", "ctr", "--since", "1h", "--by-window", "--json"]),
            ("evaluate", ["evaluate", "--model", "ctr@champion", "--data", today, "--json"]),
        ] {
            let result = try await cli.run(arguments)
            try #require(result.status == 0, "\(arguments): \(result.stderr)")
            try Self.check(name, result.stdout)
        }

        let server = try BackgroundCLI.serve(cli)
        defer { server.stop() }
        let port = try await server.port()
        let row = "[1.0, 2.0, 3.0, 4.0]"
        for (name, method, path, body) in [
            ("api-models", "GET", "/api/v1/models", nil), ("api-model", "GET", "/api/v1/models/ctr", nil),
            ("api-versions", "GET", "/api/v1/models/ctr/versions", nil), ("api-history", "GET", "/api/v1/models/ctr/history", nil),
            ("api-rollout", "GET", "/api/v1/models/ctr/rollout", nil), ("api-drift", "GET", "/api/v1/models/ctr/drift?since=1h", nil),
            ("api-predict", "POST", "/api/v1/models/ctr/predict", "{\"unit_id\": \"u1\", \"rows\": [\(row)]}"),
            ("api-error", "GET", "/api/v1/models/nope", nil),
        ] as [(String, String, String, String?)] {
            let answer = try await LoopbackHTTP.fetch(port: port, method, path, body: body)
            #expect(answer.status == (name == "api-error" ? 404 : 200), "\(path): \(answer.body)")
            try Self.check(name, answer.body)
        }
    }
}
