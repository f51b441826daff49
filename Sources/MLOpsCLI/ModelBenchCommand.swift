import ArgumentParser
import Foundation
import ModelRuntime
import TabularData
import TreeModel

/// `mlops model bench`: how fast a model loads and predicts here (used by scripts/bench-gbdt.sh).
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model", abstract: "Inspect and measure models.", subcommands: [Importance.self, Bench.self])

    struct Importance: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Feature importance of a tree model, as XGBoost's get_score computes it.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "A registry ref, a model directory, or an XGBoost .json file.") var model: String
        @Option(help: "weight, gain, cover, total_gain or total_cover.") var kind: String = "gain"
        @Flag(help: "Print machine-readable JSON.") var json = false

        func run() throws {
            guard let importanceKind = ImportanceKind(rawValue: kind) else {
                throw ValidationError("--kind must be one of \(ImportanceKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let loaded = try ModelLoader.load(model) { try CommandContext(global).registry }
            guard case .gbdt(let trees, _) = loaded.model else {
                throw ValidationError("\(model) is a \(loaded.model.flavor) model; importance is defined for tree models")
            }
            let scores = trees.featureImportance(importanceKind)
            if json { return try Output.json(scores) }
            Output.table(
                ["FEATURE", importanceKind.rawValue.uppercased()],
                scores.sorted { $0.value > $1.value }.map { [$0.key, String(format: "%.6g", $0.value)] })
        }
    }

    struct Bench: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Measure load time, batch rows/s and single-row latency on a CSV.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "A registry ref, a model directory, or an XGBoost .json file.") var model: String
        @Option(help: "Input CSV.", completion: .file()) var data: String
        @Option(help: "Threads for batch prediction.") var threads: Int = 2
        @Option(help: "Batch passes over the data (best is reported).") var repeats: Int = 3
        @Option(help: "Single-row predictions to time.") var singleRows: Int = 20_000

        func run() throws {
            let loadStart = Date()
            let loaded = try ModelLoader.load(model) { try CommandContext(global).registry }
            let loadSeconds = Date().timeIntervalSince(loadStart)
            let read = try CSVReader.read(path: data, options: try loaded.model.csvOptions(labelColumn: nil, skipBadRows: false))
            let dataset = read.dataset
            var best = Double.infinity
            var checksum: Float = 0
            for _ in 0..<max(1, repeats) {
                let start = Date()
                let predictions = loaded.model.predict(dataset, margin: false, threads: threads)
                best = min(best, Date().timeIntervalSince(start))
                checksum += predictions.first ?? 0
            }
            let rowMajor = loaded.model.modelRows(dataset)
            let width = dataset.featureCount
            let trials = min(singleRows, dataset.rowCount)
            let singleStart = Date()
            rowMajor.withUnsafeBufferPointer { buffer in
                for r in 0..<trials {
                    let row = UnsafeBufferPointer(rebasing: buffer[(r * width)..<((r + 1) * width)])
                    checksum += loaded.model.predictOne(row: row)
                }
            }
            let singleSeconds = Date().timeIntervalSince(singleStart)
            try Output.json(
                BenchResult(
                    rows: dataset.rowCount, loadMilliseconds: loadSeconds * 1000, batchRowsPerSecond: Double(dataset.rowCount) / best,
                    singleRowMicroseconds: trials > 0 ? singleSeconds / Double(trials) * 1e6 : 0, checksum: Double(checksum)))
        }
    }

    struct BenchResult: Encodable {
        let rows: Int
        let loadMilliseconds: Double
        let batchRowsPerSecond: Double
        let singleRowMicroseconds: Double
        let checksum: Double

        enum CodingKeys: String, CodingKey {
            case rows, checksum
            case loadMilliseconds = "load_ms"
            case batchRowsPerSecond = "batch_rows_per_s"
            case singleRowMicroseconds = "single_row_us"
        }
    }
}
