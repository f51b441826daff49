import Foundation
import MLOpsStore
import MLOpsTestSupport
import Testing

/// One model with threshold tags gets the same verdict, feature by feature, from every surface
/// that reports live drift: `mlops drift report --json`, `GET /api/v1/models/{name}/drift`, the
/// dashboard's drift page and its badge on the models page. The tags are set so that some
/// feature is judged differently than the default 0.1 / 0.25 would judge it, so a surface that
/// ignored them would disagree.
@Suite(.serialized) struct DriftVerdictSurfacesTests {
    @Test(arguments: TestBackend.available)
    func everySurfaceJudgesByTheModelsThresholdTags(backend: TestBackend) async throws {
        let cli = try CLIHarness(backend)
        let train = cli.home + "/train.csv"
        let shifted = cli.home + "/shifted.csv"
        for (path, seed, drift, rows) in [(train, "1", "0", "6000"), (shifted, "3", "0.25", "4000")] {
            let synth = try await cli.run(
                ["data", "synth", "--rows", rows, "--features", "8", "--seed", seed, "--drift", drift, "--out", path], global: false)
            try #require(synth.status == 0, "\(synth.stderr)")
        }
        let tags = ["--tag", "drift.moderate=0.01", "--tag", "drift.significant=0.03"]
        #expect(try await cli.run(["registry", "create", "ctr"] + tags).status == 0)
        let trained = try await cli.run(["train", "--data", train, "--param", "num_round=3", "--out", cli.home + "/m1", "--register", "ctr"])
        try #require(trained.status == 0, "\(trained.stderr)")
        #expect(try await cli.run(["registry", "promote", "ctr", "1"]).status == 0)
        #expect(try await cli.run(["drift", "record", "ctr", "--data", shifted, "--at", "10m"]).status == 0)

        // The CLI, with the model's tags and with the defaults.
        let report = try #require(try await cli.json(["drift", "report", "ctr", "--since", "1h", "--json"]) as? [String: Any])
        let cliVerdicts = try Self.verdicts(report)
        let defaults = try #require(
            try await cli.json(["drift", "report", "ctr", "--since", "1h", "--moderate", "0.1", "--significant", "0.25", "--json"])
                as? [String: Any])
        try #require(cliVerdicts.count == 8)
        #expect(try Self.verdicts(defaults) != cliVerdicts, "the tags must change some verdict, or this test proves nothing")
        let overall = try #require((report["overall"] as? [String: Any])?["verdict"] as? String)

        let server = try BackgroundCLI.serve(cli)
        defer { server.stop() }
        let port = try await server.port()

        let api = try await LoopbackHTTP.fetch(port: port, "GET", "/api/v1/models/ctr/drift?since=1h")
        try #require(api.status == 200, "\(api.body)")
        let apiReport = try #require(try JSONSerialization.jsonObject(with: Data(api.body.utf8)) as? [String: Any])
        #expect(try Self.verdicts(apiReport) == cliVerdicts)

        let page = try await LoopbackHTTP.fetch(port: port, "GET", "/ui/models/ctr/drift?since=1h")
        try #require(page.status == 200)
        #expect(Self.pageVerdicts(page.body) == cliVerdicts)
        #expect(page.body.contains("moderate ≥ 0.01, significant ≥ 0.03"))

        let models = try await LoopbackHTTP.fetch(port: port, "GET", "/")
        let badge = try #require(Self.firstMatch(#"href="/ui/models/ctr/drift[^"]*" title="[^"]*">([a-z]+)"#, in: models.body))
        #expect(badge == overall, "the models page's badge")
    }

    /// Feature name → verdict in a drift report's JSON.
    static func verdicts(_ report: [String: Any]) throws -> [String: String] {
        let features = try #require(report["features"] as? [[String: Any]])
        return Dictionary(
            uniqueKeysWithValues: features.compactMap { f in
                (f["name"] as? String).flatMap { name in (f["verdict"] as? String).map { (name, $0) } }
            })
    }

    /// Feature name → verdict in the dashboard drift page's feature table.
    static func pageVerdicts(_ html: String) -> [String: String] {
        let pattern =
            #"<th scope="row"><a href="[^"]*">([^<]+)</a></th>(?:<td class="num">[^<]*</td>){4}<td><span class="badge [a-z]*">([a-z]+)</span>"#
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [:] }
        let matches = regex.matches(in: html, range: NSRange(html.startIndex..., in: html))
        return Dictionary(
            uniqueKeysWithValues: matches.map { m in
                (String(html[Range(m.range(at: 1), in: html)!]), String(html[Range(m.range(at: 2), in: html)!]))
            })
    }

    static func firstMatch(_ pattern: String, in text: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
            let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
            let range = Range(match.range(at: 1), in: text)
        else { return nil }
        return String(text[range])
    }
}
