import Foundation
import MLOpsTestSupport
import Testing

/// Click logs of the public data sets' shapes go through train, evaluate, predict, register and
/// model importance with no hand encoding.
@Suite struct CategoricalCLITests {
    @Test(arguments: TestBackend.available)
    func avazuShapedDataTrainsPredictsAndRegistersOnBothStores(_ backend: TestBackend) async throws {
        let cli = try CLIHarness(backend)
        let train = cli.home + "/avazu.csv"
        let test = cli.home + "/avazu-test.csv"
        #expect(try await cli.run(["data", "synth", "--shape", "avazu", "--rows", "8000", "--seed", "1", "--out", train], global: false).status == 0)
        #expect(try await cli.run(["data", "synth", "--shape", "avazu", "--rows", "3000", "--seed", "2", "--out", test], global: false).status == 0)
        try await cli.run(["registry", "create", "ctr"])
        let out = cli.home + "/model"
        let trained = try await cli.run([
            "train", "--data", train, "--label", "click", "--exclude", "id", "--categorical", "C1,banner_pos", "--categorical", "C14",
            "--param", "num_round=15", "--param", "max_depth=4", "--out", out, "--register", "ctr",
        ])
        try #require(trained.status == 0, "train failed: \(trained.stderr)")
        #expect(trained.stdout.contains("categorical features: C1, banner_pos, site_id"), "\(trained.stdout)")
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/manifest.json"))) as? [String: Any])
        let categorical = try #require(manifest["categorical_features"] as? [String])
        #expect(categorical.contains("site_id") && categorical.contains("C14") && !categorical.contains("hour"))
        #expect((manifest["feature_names"] as? [String])?.contains("id") == false)

        // The model file is XGBoost's categorical format.
        let model = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/model.json"))) as? [String: Any])
        let learner = try #require(model["learner"] as? [String: Any])
        #expect((learner["feature_types"] as? [String])?.contains("c") == true)

        let evaluation = try #require(
            try await cli.json(["evaluate", "--model", "ctr/1", "--data", test, "--label", "click", "--json"]) as? [String: Double])
        #expect(evaluation["rows"] == 3000 && evaluation["auc"]! > 0.6, "\(evaluation)")
        let predictions = cli.home + "/p.csv"
        #expect(try await cli.run(["predict", "--model", "ctr/1", "--data", test, "--out", predictions]).status == 0)
        let lines = try String(contentsOfFile: predictions, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3001)

        let importance = try #require(
            try await cli.json(["model", "importance", "--model", "ctr/1", "--kind", "gain", "--json"]) as? [String: Double])
        #expect(importance.keys.contains("site_id") || importance.keys.contains("app_id"), "\(importance.keys.sorted())")

        // Live drift from raw ids: rows new to the model apart from the profile's "other".
        let recorded = try await cli.run(["drift", "record", "ctr/1", "--data", test, "--exclude", "id"])
        try #require(recorded.status == 0, "\(recorded.stderr)")
        let report = try #require(try await cli.json(["drift", "report", "ctr/1", "--since", "1h", "--json"]) as? [String: Any])
        let features = try #require(report["features"] as? [[String: Any]])
        let site = try #require(features.first { $0["name"] as? String == "site_id" }?["quality"] as? [String: Any])
        let newToModel = try #require(site["model_unseen_rows"] as? Int)
        #expect(newToModel > 0 && newToModel < 3000, "rare and new sites have no code in the model: \(site)")
        let text = try await cli.run(["drift", "report", "ctr/1", "--since", "1h"])
        #expect(text.stdout.contains("new to the model") && text.stdout.contains("in 'other' (not kept by the profile)"), "\(text.stdout)")

        // Export and import keep the categorical model: the imported version predicts the same.
        let archive = cli.home + "/ctr-1.tar.zst"
        #expect(try await cli.run(["registry", "export", "ctr/1", archive]).status == 0)
        let imported = try await cli.run(["registry", "import", "clicks", archive])
        try #require(imported.status == 0, "\(imported.stderr)")
        let again = cli.home + "/p2.csv"
        #expect(try await cli.run(["predict", "--model", "clicks/1", "--data", test, "--out", again]).status == 0)
        #expect(try String(contentsOfFile: again, encoding: .utf8) == String(contentsOfFile: predictions, encoding: .utf8))

        // Errors name what is wrong.
        let absent = try await cli.run(["train", "--data", train, "--label", "click", "--exclude", "idx", "--out", cli.home + "/x"])
        #expect(absent.status == 1 && absent.stderr.contains("exclude names 'idx', which is not a column in the header"), "\(absent.stderr)")
        let numeric = try await cli.run(["predict", "--model", "ctr/1", "--data", test, "--out", predictions, "--categorical", "hour"])
        #expect(numeric.status == 1 && numeric.stderr.contains("'hour'"), "\(numeric.stderr)")
        let both = try await cli.run([
            "train", "--data", train, "--label", "click", "--exclude", "id", "--categorical", "id", "--out", cli.home + "/x",
        ])
        #expect(both.status != 0 && both.stderr.contains("'id'"), "\(both.stderr)")
    }

    @Test func anXGBoostCategoricalUBJSONFilePredictsFromRawStringsAsXGBoostDid() async throws {
        let cli = try CLIHarness(.sqlite)
        let fixtures = Shell.repositoryRoot + "/Tests/TreeModelTests/Fixtures/categorical"
        let out = cli.home + "/p.csv"
        let result = try await cli.run(
            ["predict", "--model", fixtures + "/partition.ubj", "--data", fixtures + "/partition.csv", "--out", out], global: false)
        try #require(result.status == 0, "\(result.stderr)")
        let ours = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").dropFirst().compactMap { Double(String($0)) }
        let lines = try String(contentsOfFile: fixtures + "/partition.csv", encoding: .utf8).split(separator: "\n")
        let expected = lines.dropFirst().compactMap { line in
            line.split(separator: ",", omittingEmptySubsequences: false).last.flatMap { Double(String($0)) }
        }
        try #require(ours.count == expected.count && ours.count > 100)
        for (r, (a, b)) in zip(ours, expected).enumerated() { #expect(abs(a - b) < 1e-6, "row \(r)") }
    }

    @Test func criteoShapedDataWithEmptyCellsTrainsAndEvaluates() async throws {
        let cli = try CLIHarness(.sqlite)
        let train = cli.home + "/criteo.csv"
        #expect(
            try await cli.run(["data", "synth", "--shape", "criteo", "--rows", "6000", "--seed", "1", "--out", train], global: false).status == 0)
        let header = try String(contentsOfFile: train, encoding: .utf8).prefix { $0 != "\n" }
        #expect(header.hasPrefix("label,I1,I2") && header.hasSuffix("C25,C26"))
        let out = cli.home + "/model"
        let trained = try await cli.run(["train", "--data", train, "--label", "label", "--param", "num_round=10", "--out", out], global: false)
        try #require(trained.status == 0, "train failed: \(trained.stderr)")
        #expect(trained.stdout.contains("categorical features: C1, C2"))
        let evaluation = try #require(
            try await cli.json(["evaluate", "--model", out, "--data", train, "--label", "label", "--json"]) as? [String: Double])
        #expect(evaluation["auc"]! > 0.6)
        // A numeric column holding text where the model reads numbers is refused, naming the cell.
        var text = try String(contentsOfFile: train, encoding: .utf8)
        text = text.replacingOccurrences(of: "\n1,", with: "\n1,abc", options: [], range: text.range(of: "\n1,"))
        try text.write(toFile: cli.home + "/bad.csv", atomically: true, encoding: .utf8)
        let bad = try await cli.run(["evaluate", "--model", out, "--data", cli.home + "/bad.csv", "--label", "label"], global: false)
        #expect(bad.status == 1 && bad.stderr.contains("column 'I1': cannot parse"), "\(bad.stderr)")
    }
}
