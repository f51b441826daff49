import Foundation
import MLOpsTestSupport
import TabularData
import Testing
import TreeModel

@testable import GradientBoosting

/// The venv of `scripts/python-venv.sh` (xgboost 3.2.0 and pandas), when present.
enum PythonVenv {
    static let python = (ProcessInfo.processInfo.environment["MLOPS_PY_VENV"] ?? "/tmp/mlops-venv") + "/bin/python"

    static let hasXGBoostAndPandas: Bool = {
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        return (try? Shell.run(python, ["-c", "import xgboost, pandas"]).status) == 0
    }()
}

/// Our categorical models load in Python XGBoost 3.2 and predict, from a pandas frame of
/// category columns (re-coded through the `cats` dictionary we write), what we predict.
@Suite(
    "Categorical models round-trip through Python XGBoost",
    .enabled(if: PythonVenv.hasXGBoostAndPandas, "needs ${MLOPS_PY_VENV:-/tmp/mlops-venv} with xgboost and pandas: scripts/python-venv.sh"))
struct CategoricalPythonRoundTripTests {
    static let script = """
        import sys
        import numpy as np, pandas as pd, xgboost as xgb
        model, rows = sys.argv[1], sys.argv[2]
        booster = xgb.Booster(model_file=model)
        frame = pd.read_csv(rows, dtype=str, keep_default_na=False)
        for name, kind in zip(booster.feature_names, booster.feature_types):
            if kind == "c":
                # Categories in another order than the model's: XGBoost re-codes through cats.
                values = frame[name].replace("", np.nan)
                frame[name] = pd.Categorical(values, categories=sorted(values.dropna().unique(), reverse=True))
            else:
                frame[name] = pd.to_numeric(frame[name].replace("", np.nan))
        data = xgb.DMatrix(frame[booster.feature_names], enable_categorical=True)
        for m in booster.predict(data, output_margin=True):
            print("%.9g" % m)
        """

    @Test func xgboostPredictsOurCategoricalModelFromAFrameOfStrings() throws {
        let train = CategoricalData.make(rows: 6_000, seed: 11)
        var p = TrainingParameters()
        p.numRound = 12
        p.maxDepth = 5
        p.nthread = 2
        p.minCategoryCount = 3
        let model = try GBDTTrainer.train(train, parameters: p).model
        #expect(model.trees.contains { $0.categoricalSplits.values.contains { $0.count > 1 } })
        let directory = try TemporaryDirectory.make(prefix: "roundtrip")
        try model.write(to: directory + "/model.json")

        // Test rows as text: known ids only (XGBoost 3.2 mishandles unseen strings), some missing.
        let test = CategoricalData.make(rows: 400, seed: 12)
        let known = Set(model.categoricalFeatures[0] ?? [])
        var csv = test.featureNames.joined(separator: ",") + "\n"
        var kept: [Int] = []
        for r in 0..<test.rowCount {
            let site = test.categories[0]![Int(test.columns[0][r])]
            guard known.contains(site) else { continue }
            let device = test.columns[1][r].isNaN ? "" : test.categories[1]![Int(test.columns[1][r])]
            csv += "\(site),\(device),\(test.columns[2][r])\n"
            kept.append(r)
        }
        try csv.write(toFile: directory + "/rows.csv", atomically: true, encoding: .utf8)
        let result = try Shell.run(PythonVenv.python, ["-c", Self.script, directory + "/model.json", directory + "/rows.csv"])
        try #require(result.status == 0, "python failed: \(result.stderr.suffix(2000))")
        let theirs = result.stdout.split(separator: "\n").compactMap { Float(String($0)) }
        let ours = try CompiledForest(model).predict(test.subset(rows: kept), margin: true)
        try #require(theirs.count == kept.count && kept.count > 300)
        for (r, (a, b)) in zip(ours, theirs).enumerated() {
            #expect(abs(a - b) <= 1e-5 * max(1, abs(b)), "row \(kept[r]): ours \(a), xgboost \(b)")
        }
    }
}
