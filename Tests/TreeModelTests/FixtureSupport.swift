import Foundation
import TreeModel

/// Fixtures written by `scripts/xgboost-fixtures.py` (XGBoost 3.2), found next to this file.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path

    static func path(_ name: String) -> String { directory + "/" + name }

    static func bytes(_ name: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path(name)) else {
            throw FixtureError("cannot read fixture \(name)")
        }
        return [UInt8](data)
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try bytes(name), as: UTF8.self)
    }

    static func model(_ name: String) throws -> BoostedTrees {
        try BoostedTrees.load(contentsOf: path(name + ".json"))
    }

    /// The models that have prediction CSVs.
    static let predictable = ["binary_missing", "regression", "named_lossguide", "base_score"]
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `<name>.csv`: feature columns, then XGBoost's `margin` and `prediction`.
struct PredictionTable {
    let featureNames: [String]
    /// Row-major inputs, `rows × featureNames.count`.
    let inputs: [Float]
    let margins: [Float]
    let predictions: [Float]

    var rowCount: Int { margins.count }
    var featureCount: Int { featureNames.count }

    init(fixture name: String) throws {
        let lines = try Fixtures.text(name + ".csv").split(separator: "\n")
        guard let header = lines.first else { throw FixtureError("\(name).csv is empty") }
        let columns = header.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard columns.count >= 3, columns.suffix(2) == ["margin", "prediction"] else {
            throw FixtureError("\(name).csv: unexpected header \(header)")
        }
        featureNames = Array(columns.dropLast(2))
        var inputs: [Float] = []
        var margins: [Float] = []
        var predictions: [Float] = []
        for (number, line) in lines.dropFirst().enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == columns.count else { throw FixtureError("\(name).csv line \(number + 2): \(cells.count) cells") }
            let values = try cells.map { cell -> Float in
                guard let value = Float(String(cell)) else { throw FixtureError("\(name).csv: bad number \(cell)") }
                return value
            }
            inputs += values.dropLast(2)
            margins.append(values[values.count - 2])
            predictions.append(values[values.count - 1])
        }
        self.inputs = inputs
        self.margins = margins
        self.predictions = predictions
    }

    /// Row `r`'s features.
    func row(_ r: Int) -> [Float] { Array(inputs[(r * featureCount)..<((r + 1) * featureCount)]) }

    /// Writes the inputs as CSV (header, `nan` for missing) for Python.
    func writeInputs(to path: String) throws {
        var text = featureNames.joined(separator: ",") + "\n"
        for r in 0..<rowCount {
            text += row(r).map { $0.isNaN ? "nan" : "\($0)" }.joined(separator: ",") + "\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}

/// Relative difference with a floor so values near zero compare absolutely.
func relativeDifference(_ a: Float, _ b: Float) -> Float {
    if a.bitPattern == b.bitPattern { return 0 }
    return abs(a - b) / max(abs(a), abs(b), 1e-6)
}

/// A temporary directory removed when the value goes away.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "treemodel-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Small hand-built trees.
enum HandBuilt {
    /// A tree from per-node tuples; `parents` computed. Nodes are given as
    /// (left, right, feature, condition, defaultLeft, gain, cover).
    static func tree(_ nodes: [(Int32, Int32, Int32, Float, Bool, Float, Float)]) -> Tree {
        var parents = [Int32](repeating: Tree.rootParent, count: nodes.count)
        for (index, node) in nodes.enumerated() where node.0 != -1 {
            parents[Int(node.0)] = Int32(index)
            parents[Int(node.1)] = Int32(index)
        }
        return Tree(
            leftChildren: nodes.map { $0.0 }, rightChildren: nodes.map { $0.1 }, parents: parents,
            splitIndices: nodes.map { $0.2 }, splitConditions: nodes.map { $0.3 }, defaultLeft: nodes.map { $0.4 },
            baseWeights: nodes.map { $0.0 == -1 ? $0.3 : 0.5 }, lossChanges: nodes.map { $0.5 },
            sumHessians: nodes.map { $0.6 })
    }

    /// Root splits feature 1 at 0.5 (missing left); its right child splits feature 0 at -1.
    /// Siblings are NOT side by side: node 0's children are 3 (left) and 1 (right).
    static var scrambled: Tree {
        tree([
            (3, 1, 1, 0.5, true, 10, 100),  // 0: f1 < 0.5 → 3, else 1
            (4, 2, 0, -1, false, 4, 60),  // 1: f0 < -1 → 4, else 2
            (-1, -1, 0, 0.25, false, 0, 35),  // 2: leaf
            (-1, -1, 0, -0.5, false, 0, 40),  // 3: leaf
            (-1, -1, 0, 0.75, false, 0, 25),  // 4: leaf
        ])
    }

    static func model(_ trees: [Tree], objective: Objective = .binaryLogistic, names: [String] = []) -> BoostedTrees {
        BoostedTrees(objective: objective, baseScore: 0.3, featureNames: names, featureCount: 2, trees: trees)
    }
}
