import Foundation
import MLOpsTestSupport
import Testing

/// `mlops train` writes the drift profile into the version's archive; `mlops drift record`
/// counts rows into the store per window and `mlops drift report` sums a time range.
@Suite struct LiveDriftCLITests {
    @Test(arguments: TestBackend.available)
    func recordedRowsAreReportedPerTimeRangeAgainstTheArchivedProfile(backend: TestBackend) async throws {
        let cli = try CLIHarness(backend)
        let train = cli.home + "/train.csv"
        let same = cli.home + "/same.csv"
        let shifted = cli.home + "/shifted.csv"
        for (path, seed, drift) in [(train, "1", "0"), (same, "2", "0"), (shifted, "3", "1")] {
            let rows = path == train ? "8000" : "3000"
            let synth = try await cli.run(
                ["data", "synth", "--rows", rows, "--features", "6", "--seed", seed, "--drift", drift, "--out", path], global: false)
            try #require(synth.status == 0, "\(synth.stderr)")
        }
        #expect(try await cli.run(["registry", "create", "ctr", "--tag", "drift.significant=0.2"]).status == 0)
        let out = cli.home + "/m1"
        let trained = try await cli.run(["train", "--data", train, "--param", "num_round=5", "--out", out, "--register", "ctr"])
        try #require(trained.status == 0, "\(trained.stderr)")
        // The profile sits in the model directory and in the archived version, with a score profile.
        let profile = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/profile.json"))) as? [String: Any])
        #expect((profile["features"] as? [[String: Any]])?.map { $0["name"] as? String } == ["f0", "f1", "f2", "f3", "f4", "f5"])
        #expect((profile["score"] as? [String: Any])?["kind"] as? String == "numeric")
        let downloaded = cli.home + "/downloaded"
        #expect(try await cli.run(["registry", "download", "ctr/1", downloaded]).status == 0)
        #expect(FileManager.default.contentsEqual(atPath: out + "/profile.json", andPath: downloaded + "/profile.json"))
        #expect(try await cli.run(["registry", "promote", "ctr", "1"]).status == 0)

        // Unshifted rows three hours ago, shifted rows (twice, as two processes would) ten minutes ago.
        let recorded = try #require(try await cli.json(["drift", "record", "ctr", "--data", same, "--at", "3h", "--json"]) as? [String: Any])
        #expect(recorded["rows"] as? Int == 3000 && recorded["scored"] as? Int == 3000 && recorded["version"] as? Int == 1)
        #expect(try await cli.run(["drift", "record", "ctr@champion", "--data", shifted, "--at", "10m"]).status == 0)
        #expect(try await cli.run(["drift", "record", "ctr/1", "--data", shifted, "--at", "10m"]).status == 0)

        let recent = try #require(try await cli.json(["drift", "report", "ctr", "--since", "1h", "--json"]) as? [String: Any])
        let overall = try #require(recent["overall"] as? [String: Any])
        #expect(overall["verdict"] as? String == "significant")
        #expect(overall["triggers_retraining"] as? Bool == true)
        #expect((recent["thresholds"] as? [String: Any])?["significant"] as? Double == 0.2, "the model's tag sets the threshold")
        let features = try #require(recent["features"] as? [[String: Any]])
        #expect(features.count == 6)
        #expect(features.allSatisfy { ($0["quality"] as? [String: Any])?["current_rows"] as? Int == 6000 })
        #expect((recent["score"] as? [String: Any])?["name"] as? String == "score")

        let earlier = try #require(try await cli.json(["drift", "report", "ctr/1", "--since", "4h", "--until", "2h", "--json"]) as? [String: Any])
        #expect((earlier["overall"] as? [String: Any])?["verdict"] as? String == "stable")
        #expect(((earlier["features"] as? [[String: Any]])?.first?["quality"] as? [String: Any])?["current_rows"] as? Int == 3000)

        #expect(try await cli.run(["drift", "report", "ctr", "--since", "1h", "--fail-on", "significant"]).status == 3)
        let windows = try #require(try await cli.json(["drift", "report", "ctr", "--since", "4h", "--by-window", "--json"]) as? [[String: Any]])
        #expect(windows.map { $0["rows"] as? Int } == [3000, 6000])
        #expect(windows.map { $0["verdict"] as? String } == ["stable", "significant"])
        let html = cli.home + "/live.html"
        #expect(try await cli.run(["drift", "report", "ctr", "--since", "1h", "--html", html]).status == 0)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("Drift report — ctr/1"))
        #expect(page.components(separatedBy: "<svg").count - 1 >= 7, "one chart per feature and one for the score")
        #expect(try await cli.run(["drift", "report", "ctr", "--since", "4h", "--until", "2h", "--fail-on", "moderate"]).status == 0)
        let nothing = try await cli.run(["drift", "report", "ctr", "--since", "2d", "--until", "1d"])
        #expect(nothing.status == 1 && nothing.stderr.contains("no live drift counts for ctr/1"), "\(nothing.stderr)")
        let badTime = try await cli.run(["drift", "report", "ctr", "--since", "yesterday"])
        #expect(badTime.status == 2 && badTime.stderr.contains("--since 'yesterday' is not a time"), "\(badTime.stderr)")
    }

    @Test func aVersionWithoutAProfileIsAClearError() async throws {
        let cli = try CLIHarness(.sqlite)
        let data = cli.home + "/d.csv"
        let out = cli.home + "/m"
        #expect(try await cli.run(["data", "synth", "--rows", "500", "--features", "3", "--out", data], global: false).status == 0)
        #expect(try await cli.run(["train", "--data", data, "--param", "num_round=2", "--out", out], global: false).status == 0)
        try FileManager.default.removeItem(atPath: out + "/profile.json")
        #expect(try await cli.run(["registry", "create", "bare"]).status == 0)
        #expect(try await cli.run(["registry", "register", "bare", out, "--flavor", "gbdt"]).status == 0)
        for command in [["drift", "report", "bare/1"], ["drift", "record", "bare/1", "--data", data]] {
            let result = try await cli.run(command)
            #expect(result.status == 1 && result.stderr.contains("bare/1 has no drift profile"), "\(result.stderr)")
        }
    }
}
