import Foundation
import Testing
import TreeModel

/// The Python environment of `scripts/python-venv.sh`, when present.
enum PythonXGBoost {
    static let python = (ProcessInfo.processInfo.environment["MLOPS_PY_VENV"] ?? "/tmp/mlops-venv") + "/bin/python"

    static let available: Bool = {
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        return (try? run(["-c", "import xgboost"], stdout: "/dev/null")) == 0
    }()

    /// Runs the venv's python with `arguments`, stdout into the file at `stdout`; returns the
    /// exit status. Stderr goes to `stdout + ".err"` when that is a real file.
    static func run(_ arguments: [String], stdout: String) throws -> Int32 {
        let errPath = stdout == "/dev/null" ? "/dev/null" : stdout + ".err"
        for path in [stdout, errPath] where path != "/dev/null" {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw FixtureError("cannot create \(path)")
            }
        }
        guard let out = FileHandle(forWritingAtPath: stdout), let err = FileHandle(forWritingAtPath: errPath) else {
            throw FixtureError("cannot open \(stdout) for writing")
        }
        defer {
            try? out.close()
            try? err.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Loads `model` in XGBoost, predicts the float32 rows in `rows` (raw little-endian,
    /// `features` per row) with DMatrix + `predict(output_margin=True)`, `predict()` and the
    /// single-row `inplace_predict` path, and prints one line per row; then `get_score` as JSON.
    static let script = """
        import json, sys
        import numpy as np, xgboost as xgb
        model, rows, features = sys.argv[1], sys.argv[2], int(sys.argv[3])
        booster = xgb.Booster(model_file=model)
        x = np.fromfile(rows, dtype=np.float32).reshape(-1, features)
        data = xgb.DMatrix(x, missing=np.nan, feature_names=booster.feature_names)
        margins = booster.predict(data, output_margin=True)
        predictions = booster.predict(data)
        single = [booster.inplace_predict(x[i:i + 1], predict_type="margin", missing=np.nan)[0] for i in range(len(x))]
        for m, p, s in zip(margins, predictions, single):
            print("%.9g %.9g %.9g" % (m, p, s))
        print(json.dumps({k: booster.get_score(importance_type=k) for k in ["weight", "gain", "cover", "total_gain", "total_cover"]}))
        """

    struct Result {
        var margins: [Float] = []
        var predictions: [Float] = []
        var singleRowMargins: [Float] = []
        var importance: [String: [String: Double]] = [:]
    }

    /// Saves `model`, has XGBoost predict `rows`, and parses what it printed.
    static func predict(_ model: BoostedTrees, rows: [Float], features: Int) throws -> Result {
        let directory = try TemporaryDirectory()
        let modelPath = directory.path + "/model.json"
        let rowsPath = directory.path + "/rows.f32"
        let outPath = directory.path + "/out.txt"
        try model.write(to: modelPath)
        try rows.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: rowsPath)) }
        let status = try run(["-c", script, modelPath, rowsPath, String(features)], stdout: outPath)
        guard status == 0 else {
            let stderr = (try? String(contentsOfFile: outPath + ".err", encoding: .utf8)) ?? ""
            throw FixtureError("python exited with \(status): \(stderr.suffix(2000))")
        }
        var result = Result()
        let lines = try String(contentsOfFile: outPath, encoding: .utf8).split(separator: "\n")
        for line in lines.dropLast() {
            let values = line.split(separator: " ").compactMap { Float(String($0)) }
            guard values.count == 3 else { throw FixtureError("bad python output line: \(line)") }
            result.margins.append(values[0])
            result.predictions.append(values[1])
            result.singleRowMargins.append(values[2])
        }
        if let last = lines.last {
            result.importance = try JSONDecoder().decode([String: [String: Double]].self, from: Data(last.utf8))
        }
        return result
    }
}

@Suite(
    "Saved models load in Python XGBoost",
    .enabled(
        if: PythonXGBoost.available,
        "needs ${MLOPS_PY_VENV:-/tmp/mlops-venv}/bin/python with xgboost: run scripts/python-venv.sh"))
struct PythonCrossCheckTests {
    @Test(arguments: Fixtures.predictable)
    func xGBoostPredictsOurSavedFixturesExactlyAsTheOriginals(fixture: String) throws {
        let model = try Fixtures.model(fixture)
        let table = try PredictionTable(fixture: fixture)
        let result = try PythonXGBoost.predict(model, rows: table.inputs, features: table.featureCount)
        #expect(result.margins.map(\.bitPattern) == table.margins.map(\.bitPattern))
        #expect(result.predictions.map(\.bitPattern) == table.predictions.map(\.bitPattern))
        #expect(result.singleRowMargins.map(\.bitPattern) == table.margins.map(\.bitPattern))
        for kind in ImportanceKind.allCases {
            #expect(result.importance[kind.rawValue] == model.featureImportance(kind), "\(kind)")
        }
    }

    @Test
    func aRenumberedHandBuiltModelPredictsTheSameInXGBoostSingleRowPathIncluded() throws {
        let model = HandBuilt.model([HandBuilt.scrambled, HandBuilt.scrambled, HandBuilt.scrambled], names: ["x", "y"])
        let rows: [Float] = [0, 0, 0, 1, -2, 1, .nan, 1, 0, .nan, -1, 0.5, .nan, .nan, 5, -5]
        let forest = try CompiledForest(model)
        let result = try PythonXGBoost.predict(model, rows: rows, features: 2)
        let ours = try forest.predict(rowMajor: rows, rows: 8, features: 2, margin: true)
        #expect(result.margins.map(\.bitPattern) == ours.map(\.bitPattern))
        #expect(result.singleRowMargins.map(\.bitPattern) == ours.map(\.bitPattern))
        let probabilities = try forest.predict(rowMajor: rows, rows: 8, features: 2)
        #expect(result.predictions.map(\.bitPattern) == probabilities.map(\.bitPattern))
        #expect(result.importance["weight"] == ["x": 3, "y": 3])
    }
}
