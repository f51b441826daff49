import ArgumentParser
import Foundation
import ModelRuntime
import TabularData
import Training

/// `mlops predict`: scores a CSV with a model from the registry, a directory or a file.
struct PredictCommand: ParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "predict", abstract: "Write one prediction per input row (header 'prediction').")
    @OptionGroup var global: GlobalOptions
    @Option(help: "A registry ref (ctr@champion, ctr/3), a model directory, or an XGBoost .json or .ubj file.") var model: String
    @Option(help: "Input CSV (header row); columns matched by name when the model has feature names.", completion: .file()) var data: String
    @Option(help: "Output CSV.", completion: .file()) var out: String
    @Flag(help: "Write raw margins instead of probabilities.") var margin = false
    @Flag(help: "Skip malformed rows (counted) instead of failing.") var skipBadRows = false
    @OptionGroup var columns: ColumnRoleOptions

    func run() throws {
        let loaded = try ModelLoader.load(model) { try CommandContext(global).registry }
        let read = try CSVReader.read(
            path: data, options: loaded.model.csvOptions(labelColumn: nil, skipBadRows: skipBadRows, roles: columns.roles))
        try loaded.model.checkWidth(read.dataset, file: data)
        let predictions = loaded.model.predict(read.dataset, margin: margin)
        var text = "prediction\n"
        text.reserveCapacity(predictions.count * 12)
        for p in predictions { text += "\(p)\n" }
        do {
            try text.write(toFile: out, atomically: true, encoding: .utf8)
        } catch {
            throw ValidationError("cannot write \(out): \(error.localizedDescription)")
        }
        let skipped = read.skippedRows > 0 ? " (skipped \(read.skippedRows) malformed rows)" : ""
        Output.line("wrote \(predictions.count) predictions from \(loaded.source) to \(out)\(skipped)")
    }
}

/// `mlops evaluate`: AUC, log loss and calibration of a model on labelled data.
struct EvaluateCommand: ParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "evaluate", abstract: "Score labelled data and report AUC, log loss and calibration.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "A registry ref, a model directory, or an XGBoost .json or .ubj file.") var model: String
    @Option(help: "Labelled CSV.", completion: .file()) var data: String
    @Option(help: "Name of the label column.") var label: String = "label"
    @Flag(help: "Skip malformed rows (counted) instead of failing.") var skipBadRows = false
    @Flag(help: "Print machine-readable JSON.") var json = false
    @OptionGroup var columns: ColumnRoleOptions

    func run() throws {
        let loaded = try ModelLoader.load(model) { try CommandContext(global).registry }
        let read = try CSVReader.read(
            path: data, options: loaded.model.csvOptions(labelColumn: label, skipBadRows: skipBadRows, roles: columns.roles))
        try loaded.model.checkWidth(read.dataset, file: data)
        var metrics = Evaluation.metrics(model: loaded.model, data: read.dataset)
        metrics["rows"] = Double(read.dataset.rowCount)
        if read.skippedRows > 0 { metrics["skipped_rows"] = Double(read.skippedRows) }
        if json { return try Output.json(metrics) }
        Output.line(
            "\(loaded.source) on \(data): " + Output.pairs(metrics.mapValues { $0.rounded() == $0 ? String(Int($0)) : String(format: "%.6f", $0) }))
    }
}
