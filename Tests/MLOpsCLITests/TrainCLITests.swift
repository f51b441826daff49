import Foundation
import MLOpsTestSupport
import Testing

/// synth → train → register → predict → evaluate through the real binary.
@Suite struct TrainCLITests {
    @Test func synthTrainRegisterPredictEvaluate() async throws {
        let cli = try CLIHarness(.sqlite)
        let train = cli.home + "/train.csv"
        let valid = cli.home + "/valid.csv"
        #expect(try await cli.run(["data", "synth", "--rows", "6000", "--features", "8", "--seed", "1", "--out", train], global: false).status == 0)
        #expect(try await cli.run(["data", "synth", "--rows", "3000", "--features", "8", "--seed", "2", "--out", valid], global: false).status == 0)
        // Determinism: the same seed writes the same bytes.
        let again = cli.home + "/again.csv"
        try await cli.run(["data", "synth", "--rows", "6000", "--features", "8", "--seed", "1", "--out", again], global: false)
        #expect(FileManager.default.contentsEqual(atPath: train, andPath: again))

        try await cli.run(["registry", "create", "ctr"])
        let out = cli.home + "/model"
        let trained = try await cli.run([
            "train", "--data", train, "--valid", valid, "--param", "num_round=20", "--param", "max_depth=4", "--out", out,
            "--register", "ctr", "--json",
        ])
        try #require(trained.status == 0, "train failed: \(trained.stderr)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(trained.stdout.utf8)) as? [String: Any])
        let metrics = try #require(result["metrics"] as? [String: Double])
        #expect(metrics["auc"]! > 0.7, "valid AUC \(metrics["auc"]!)")
        #expect(result["registered"] as? String == "ctr/1")
        #expect(FileManager.default.fileExists(atPath: out + "/model.json") && FileManager.default.fileExists(atPath: out + "/manifest.json"))

        let shown = try #require(try await cli.json(["registry", "show", "ctr/1", "--json"]) as? [String: Any])
        #expect(shown["flavor"] as? String == "xgboost")
        #expect(((shown["lineage"] as? [String: Any])?["data_fingerprint"] as? String)?.count == 64)

        let predictions = cli.home + "/p.csv"
        #expect(try await cli.run(["predict", "--model", "ctr/1", "--data", valid, "--out", predictions]).status == 0)
        let lines = try String(contentsOfFile: predictions, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "prediction" && lines.count == 3001)
        #expect(lines.dropFirst().allSatisfy { Float($0).map { $0 > 0 && $0 < 1 } ?? false })

        let evaluation = try #require(try await cli.json(["evaluate", "--model", out, "--data", valid, "--json"]) as? [String: Double])
        #expect(evaluation["rows"] == 3000 && abs(evaluation["auc"]! - metrics["auc"]!) < 1e-9)
        #expect(evaluation["logloss"] != nil)
        // Importance by gain: features the trees split on, with positive scores.
        let importance = try #require(try await cli.json(["model", "importance", "--model", out, "--kind", "gain", "--json"]) as? [String: Double])
        #expect(!importance.isEmpty && importance.values.allSatisfy { $0 > 0 } && importance.keys.allSatisfy { $0.hasPrefix("f") })
        #expect(try await cli.run(["model", "importance", "--model", out, "--kind", "bogus"]).status == 2)
        // A bare XGBoost JSON file works as --model too.
        #expect(try await cli.run(["evaluate", "--model", out + "/model.json", "--data", valid]).status == 0)
    }

    @Test func badCSVNamesFileLineAndColumn() async throws {
        let cli = try CLIHarness(.sqlite)
        let file = cli.home + "/bad.csv"
        // Text in a feature column makes it categorical; a text label is an error.
        try "a,b,label\n1,2,0\n3,4,yes\n".write(toFile: file, atomically: true, encoding: .utf8)
        let result = try await cli.run(["train", "--data", file, "--out", cli.home + "/m"], global: false)
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.csv:3: column 'label': the label 'yes' is not a number"), "\(result.stderr)")
        let skipped = try await cli.run(
            ["train", "--data", file, "--out", cli.home + "/m", "--skip-bad-rows", "--param", "num_round=2"], global: false)
        #expect(skipped.stderr.contains("skipped 1"), "\(skipped.stderr)")
    }
}

/// Training parameters are checked before any data is read: by `mlops train`'s argument
/// checks and by `mlops pipelines validate`, with the same words.
@Suite struct TrainingParameterCheckCLITests {
    @Test func aBadParameterIsRefusedBeforeTheDataIsRead() async throws {
        let cli = try CLIHarness(.sqlite)
        // The data file does not exist: the parameter is what is reported.
        let train = try await cli.run(["train", "--data", cli.home + "/missing.csv", "--param", "eta=abc", "--out", cli.home + "/m"], global: false)
        #expect(train.status == 2, "\(train.stderr)")
        #expect(train.stderr.contains("--param: ") && train.stderr.contains("eta") && !train.stderr.contains("missing.csv"), "\(train.stderr)")
        let logreg = try await cli.run(
            ["train", "--data", cli.home + "/missing.csv", "--algo", "logreg", "--param", "max_depth=3", "--out", cli.home + "/m"], global: false)
        #expect(logreg.status == 2 && logreg.stderr.contains("max_depth"), "\(logreg.stderr)")

        let file = cli.home + "/bad.yaml"
        try "name: bad\nmodel: ctr\nsteps:\n  - train: { algorithm: gbdt, params: { eta: abc } }\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let validate = try await cli.run(["pipelines", "validate", file], global: false)
        #expect(validate.status == 1, "\(validate.stdout)\(validate.stderr)")
        #expect(validate.stderr.contains("bad.yaml:4:39: step 1 (train): 'params': ") && validate.stderr.contains("eta"), "\(validate.stderr)")
        let cliWords = train.stderr.components(separatedBy: "--param: ").last?.split(separator: "\n").first.map(String.init) ?? "?"
        #expect(validate.stderr.contains(cliWords), "the same words on both: \(cliWords) / \(validate.stderr)")
    }
}
