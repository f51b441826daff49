import ArgumentParser
import DriftMetrics
import Dispatch
import Foundation
import TabularData

/// Glue between CSV columns and the drift library: profiles from tables, observations of a
/// current table, profile files, and the human table.
enum DriftData {
    /// Profiles every column (columns in parallel: each sorts its own values).
    /// `categorical` names numeric columns to profile as categories (codes, ids): "3" for 3.0.
    static func profile(of table: ColumnTable, bins: Int, topK: Int, excluding excluded: Set<String>,
                        categorical: Set<String> = []) -> Profile {
        let chosen = zip(table.names, table.columns).filter { !excluded.contains($0.0) }.map { name, column in
            (name, categorical.contains(name) ? asCategories(column) : column)
        }
        return profile(of: chosen, rowCount: table.rowCount, bins: bins, topK: topK)
    }

    /// Fails naming the first of `names` that `table` does not have.
    static func checkColumns(_ names: [String], in table: ColumnTable, option: String, file: String) throws {
        if let unknown = names.first(where: { table.column($0) == nil }) {
            throw ValidationError("\(option) \(unknown): \(file) has no such column (columns: \(table.names.joined(separator: ", ")))")
        }
    }

    /// A column as category texts (numbers print as integers when they are).
    static func asCategories(_ column: ColumnValues) -> ColumnValues {
        guard case .numeric(let values) = column else { return column }
        return .text(values.map { $0.isFinite ? CategoryText.of($0) : nil })
    }

    /// Profiles the named columns.
    static func profile(of chosen: [(String, ColumnValues)], rowCount: Int, bins: Int, topK: Int) -> Profile {
        let features = parallelMap(chosen) { name, column -> NamedFeatureProfile in
            switch column {
            case .numeric(let values): return NamedFeatureProfile(name: name, profile: .numeric(ProfileBuilder.numeric(values, bins: bins)))
            case .text(let values): return NamedFeatureProfile(name: name, profile: .categorical(ProfileBuilder.categorical(values, topK: topK)))
            }
        }
        return Profile(bins: bins, topK: topK, rowCount: rowCount, features: features)
    }

    /// The reference profile written beside a trained model: the training CSV's feature columns
    /// read again as Double (the convention bins in double precision), and the model's scores on
    /// the training rows. When the CSV cannot be read as a whole (rows were skipped), the
    /// training dataset's values are used.
    static func trainingProfile(path: String, train: Dataset, scores: [Float], bins: Int) -> Profile {
        var features: [(String, ColumnValues)] = []
        if let table = try? ColumnTable.read(path: path), table.rowCount == train.rowCount {
            features = train.featureNames.compactMap { name in table.column(name).map { (name, $0) } }
        }
        if features.count != train.featureCount {
            features = zip(train.featureNames, train.columns).map { ($0, .numeric($1.map(Double.init))) }
        }
        var profile = profile(of: features, rowCount: train.rowCount, bins: bins, topK: ProfileBuilder.defaultTopK)
        profile.score = .numeric(ProfileBuilder.numeric(scores, bins: bins))
        return profile
    }

    /// `items.map(transform)` with the items spread over the cores, results in order.
    static func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @escaping @Sendable (T) -> R) -> [R] {
        let results = ConcurrentResults<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { i in results.set(i, transform(items[i])) }
        return results.values
    }

    /// Counts the current table into the profile's bins. A numeric feature whose current column
    /// holds text counts the unparsable cells as non-numeric (a schema violation) and bins the rest.
    static func report(profile: Profile, current table: ColumnTable, excluding excluded: Set<String>) throws -> DriftReport {
        let present = profile.features.compactMap { feature in table.column(feature.name).map { (feature, $0) } }
        let observed = parallelMap(present) { feature, column in (feature.name, observe(feature.profile, column)) }
        var observations: [String: FeatureObservation] = [:]
        var nonNumeric: [String: Int] = [:]
        for (name, (observation, bad)) in observed {
            observations[name] = observation
            if bad > 0 { nonNumeric[name] = bad }
        }
        return try DriftComparer.report(
            profile: profile, current: observations, currentColumns: table.names.filter { !excluded.contains($0) },
            nonNumericValues: nonNumeric)
    }

    /// One column counted against its profile, and how many cells were text in a numeric column.
    static func observe(_ profile: FeatureProfile, _ column: ColumnValues) -> (FeatureObservation, Int) {
        switch (profile, column) {
        case (.numeric(let p), .numeric(let values)):
            return (.numeric(p.observe(values)), 0)
        case (.numeric(let p), .text(let texts)):
            var values: [Double] = []
            values.reserveCapacity(texts.count)
            var bad = 0
            for text in texts {
                guard let text else {
                    values.append(.nan)
                    continue
                }
                if let number = Double(text) {
                    values.append(number)
                } else {
                    bad += 1
                    values.append(.nan)
                }
            }
            return (.numeric(p.observe(values)), bad)
        case (.categorical(let p), .text(let texts)):
            return (.categorical(p.observe(texts)), 0)
        case (.categorical(let p), .numeric(let values)):
            return (.categorical(p.observe(values.map { $0.isNaN ? nil : CategoryText.of($0) })), 0)
        }
    }

    static func read(_ path: String) throws -> Profile {
        let profile: Profile
        do {
            profile = try JSONDecoder().decode(Profile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw DatasetError.io(path: path, message: "not a readable profile: \(error)")
        }
        try profile.validate()
        return profile
    }

    static func write(_ profile: Profile, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(profile).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Writes the HTML page of `report` (atomically).
    static func writeHTML(_ report: DriftReport, to path: String, context: DriftHTMLReport.Context) throws {
        do {
            try Data(DriftHTMLReport.render(report, context: context).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CLIFailure("cannot write the HTML report to \(path): \(error.localizedDescription)")
        }
    }

    /// The current time for report headers, e.g. "2026-11-25 09:00 UTC".
    static func now() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: Date())
    }

    static func printTable(_ report: DriftReport, rows: Int) {
        let overall = report.overall
        Output.line("overall: \(overall.verdict.rawValue) (max PSI \(String(format: "%.4f", overall.maxPSI))\(overall.worstFeature.map { " in \($0)" } ?? ""))"
            + (overall.triggersRetraining ? ", triggers retraining" : "") + " — \(rows) current rows")
        Output.table(
            ["FEATURE", "KIND", "PSI", "KL", "JS", "VERDICT", "NOISE FLOOR", "NOTES"],
            report.features.map { f in
                var notes: [String] = []
                if f.insufficientData { notes.append("insufficient data") }
                if f.quality.outOfRange > 0 { notes.append("\(f.quality.outOfRange) out of range") }
                if f.quality.nonNumeric > 0 { notes.append("\(f.quality.nonNumeric) non-numeric") }
                if f.quality.unseenRows > 0 { notes.append("\(f.quality.unseenRows) unseen-category rows") }
                return [f.name, f.kind.rawValue, String(format: "%.4f", f.psi), String(format: "%.4f", f.kl), String(format: "%.4f", f.js),
                        f.verdict.rawValue, String(format: "%.4f", f.psiNoiseFloor), notes.joined(separator: "; ")]
            })
        if let score = report.score {
            Output.line("model score: \(score.verdict.rawValue) (PSI \(String(format: "%.4f", score.psi)), KL \(String(format: "%.4f", score.kl)), JS \(String(format: "%.4f", score.js)))")
        }
        if !report.schema.absentColumns.isEmpty { Output.line("absent columns: \(report.schema.absentColumns.joined(separator: ", "))") }
        if !report.schema.extraColumns.isEmpty { Output.line("extra columns: \(report.schema.extraColumns.joined(separator: ", "))") }
    }
}
