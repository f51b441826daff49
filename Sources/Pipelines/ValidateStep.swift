import DriftMetrics
import DriftMonitor
import Foundation
import JobQueue
import MLOpsStore
import ModelRuntime
import PipelineSpec
import TabularData
import Training

/// `validate`: data-quality checks before training. Fails the run (never retried) when the data
/// has too few rows, too many missing cells in a column, breaks a declared expectation, lacks a
/// column the champion was trained on, has text in a numeric column, or has moved further from
/// the champion's training profile than `max_psi` (a guard against broken data — a unit change,
/// a shifted column — set well above the drift a retraining should absorb).
enum ValidateStep {
    static func run(_ options: ValidateOptions, _ context: StepContext) async throws -> [String: String] {
        let data = try context.require("data", producedBy: "extract")
        let label = context.inputs["label"] ?? "label"
        let model = context.run.model
        let registry = context.environment.registry
        let (failures, notes, rows) = try await Blocking.run { () throws -> ([String], [String], Int) in
            let table: ColumnTable
            do { table = try ColumnTable.read(path: data) } catch { throw PermanentJobFailure("validate: \(error)") }
            var failures = checks(table, options)
            var notes = ["\(table.rowCount) rows × \(table.names.count) columns"]
            let champion = try? ModelLoader.load("\(model)@champion") { registry }
            if let champion, let profile = champion.profile {
                let report = try DriftData.report(profile: profile, current: table, excluding: [label])
                if !report.schema.absentColumns.isEmpty {
                    failures.append(
                        "columns the champion (\(champion.source)) was trained on are missing: \(report.schema.absentColumns.joined(separator: ", "))"
                    )
                }
                for (column, count) in report.schema.nonNumericValues.sorted(by: { $0.key < $1.key }) {
                    failures.append("column \(column) is numeric in the champion's profile but has \(count) non-numeric values")
                }
                let psi = report.overall.maxPSI
                notes.append(
                    String(format: "max PSI against the champion's profile %.4f", psi) + (report.overall.worstFeature.map { " (\($0))" } ?? ""))
                if psi > options.maxPSI {
                    failures.append(
                        String(format: "max PSI %.4f", psi) + (report.overall.worstFeature.map { " in \($0)" } ?? "")
                            + String(format: " is above max_psi %.4f", options.maxPSI))
                }
            } else {
                notes.append("no champion profile to compare with (first model?)")
            }
            failures += unseenChecks(table, options, champion: champion?.model, source: champion?.source, notes: &notes)
            return (failures, notes, table.rowCount)
        }
        for note in notes { context.log.line(note) }
        guard failures.isEmpty else {
            for failure in failures { context.log.line("FAILED: \(failure)") }
            throw PermanentJobFailure("validation failed: " + failures.joined(separator: "; "))
        }
        return ["validated_rows": String(rows)]
    }

    /// Rows, missing cells and declared expectations (pure, for the tests).
    static func checks(_ table: ColumnTable, _ options: ValidateOptions) -> [String] {
        var failures: [String] = []
        if table.rowCount < options.minRows {
            failures.append("\(table.rowCount) rows, fewer than min_rows \(options.minRows)")
        }
        for (name, column) in zip(table.names, table.columns) where table.rowCount > 0 {
            let missing = missingCount(column)
            let fraction = Double(missing) / Double(table.rowCount)
            if fraction > options.maxMissing {
                failures.append(
                    String(format: "column %@ has %.1f%% missing values (max_missing %.1f%%)", name, fraction * 100, options.maxMissing * 100))
            }
        }
        for expectation in options.expectations {
            guard let column = table.column(expectation.column) else {
                failures.append("expected column \(expectation.column) is missing")
                continue
            }
            if expectation.notNull, missingCount(column) > 0 {
                failures.append("column \(expectation.column) has \(missingCount(column)) missing values (not_null)")
            }
            guard expectation.min != nil || expectation.max != nil else { continue }
            guard case .numeric(let values) = column else {
                failures.append("column \(expectation.column) is not numeric, so min/max cannot hold")
                continue
            }
            let finite = values.filter(\.isFinite)
            if let low = expectation.min, let seen = finite.min(), seen < low {
                failures.append("column \(expectation.column) has \(finite.filter { $0 < low }.count) values below min \(low) (lowest \(seen))")
            }
            if let high = expectation.max, let seen = finite.max(), seen > high {
                failures.append("column \(expectation.column) has \(finite.filter { $0 > high }.count) values above max \(high) (highest \(seen))")
            }
        }
        return failures
    }

    /// `max_unseen`: the share of rows whose category the champion has never seen.
    static func unseenChecks(
        _ table: ColumnTable, _ options: ValidateOptions, champion: TrainedModel?, source: String?, notes: inout [String]
    ) -> [String] {
        var failures: [String] = []
        for expectation in options.expectations {
            guard let limit = expectation.maxUnseen, let column = table.column(expectation.column) else { continue }
            guard let champion else {
                notes.append("no champion: max_unseen of \(expectation.column) not checked")
                continue
            }
            guard let unseen = champion.unseenCategories(feature: expectation.column, in: column) else {
                failures.append("max_unseen: \(expectation.column) is not a categorical feature of the champion (\(source ?? "?"))")
                continue
            }
            let share = table.rowCount > 0 ? Double(unseen) / Double(table.rowCount) : 0
            notes.append(String(format: "%@: %.2f%% of rows have a category the champion never saw", expectation.column, share * 100))
            if share > limit {
                failures.append(
                    String(
                        format: "column %@ has %.2f%% rows with categories the champion never saw (max_unseen %.2f%%)", expectation.column,
                        share * 100, limit * 100))
            }
        }
        return failures
    }

    static func missingCount(_ column: ColumnValues) -> Int {
        switch column {
        case .numeric(let values): values.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
        case .text(let values): values.reduce(0) { $0 + ($1 == nil ? 1 : 0) }
        }
    }
}
