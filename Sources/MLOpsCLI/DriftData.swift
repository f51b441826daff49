import ArgumentParser
import DriftMetrics
import DriftMonitor
import Foundation
import HTMLViews
import TabularData
import Training

/// The CLI's side of the drift glue: option checks, the HTML file, the human table.
extension DriftData {
    /// Fails naming the first of `names` that `table` does not have.
    static func checkColumns(_ names: [String], in table: ColumnTable, option: String, file: String) throws {
        if let unknown = names.first(where: { table.column($0) == nil }) {
            throw ValidationError("\(option) \(unknown): \(file) has no such column (columns: \(table.names.joined(separator: ", ")))")
        }
    }

    /// Writes the HTML page of `report` (atomically).
    static func writeHTML(_ report: DriftReport, to path: String, context: DriftHTMLReport.Context) throws {
        do {
            try Data(DriftHTMLReport.render(report, context: context).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CLIFailure("cannot write the HTML report to \(path): \(error.localizedDescription)")
        }
    }

    static func printTable(_ report: DriftReport, rows: Int) {
        let overall = report.overall
        Output.line(
            "overall: \(overall.verdict.rawValue) (max PSI \(String(format: "%.4f", overall.maxPSI))\(overall.worstFeature.map { " in \($0)" } ?? ""))"
                + (overall.triggersRetraining ? ", triggers retraining" : "") + " — \(rows) current rows")
        Output.table(
            ["FEATURE", "KIND", "PSI", "KL", "JS", "VERDICT", "NOISE FLOOR", "NOTES"],
            report.features.map { f in
                var notes: [String] = []
                if f.insufficientData { notes.append("insufficient data") }
                if f.quality.outOfRange > 0 { notes.append("\(f.quality.outOfRange) out of range") }
                if f.quality.nonNumeric > 0 { notes.append("\(f.quality.nonNumeric) non-numeric") }
                if let newToModel = f.quality.modelUnseenRows, newToModel > 0 {
                    notes.append(String(format: "%.1f%% new to the model", 100 * f.quality.currentShare(newToModel)))
                }
                if f.quality.unseenRows > 0 {
                    notes.append(String(format: "%.1f%% in 'other' (not kept by the profile)", 100 * f.quality.currentShare(f.quality.unseenRows)))
                }
                return [
                    f.name, f.kind.rawValue, String(format: "%.4f", f.psi), String(format: "%.4f", f.kl), String(format: "%.4f", f.js),
                    f.verdict.rawValue, String(format: "%.4f", f.psiNoiseFloor), notes.joined(separator: "; "),
                ]
            })
        if let score = report.score {
            Output.line(
                "model score: \(score.verdict.rawValue) (PSI \(String(format: "%.4f", score.psi)), KL \(String(format: "%.4f", score.kl)), JS \(String(format: "%.4f", score.js)))"
            )
        }
        if !report.schema.absentColumns.isEmpty { Output.line("absent columns: \(report.schema.absentColumns.joined(separator: ", "))") }
        if !report.schema.extraColumns.isEmpty { Output.line("extra columns: \(report.schema.extraColumns.joined(separator: ", "))") }
    }
}
