import DriftMetrics
import Foundation
import TabularData

/// Glue between CSV columns and the drift library: profiles from tables, observations of a
/// current table, profile files, and the human table.
enum DriftData {
    static func profile(of table: ColumnTable, bins: Int, topK: Int, excluding excluded: Set<String>) -> Profile {
        var features: [NamedFeatureProfile] = []
        for (name, column) in zip(table.names, table.columns) where !excluded.contains(name) {
            switch column {
            case .numeric(let values): features.append(NamedFeatureProfile(name: name, profile: .numeric(ProfileBuilder.numeric(values, bins: bins))))
            case .text(let values): features.append(NamedFeatureProfile(name: name, profile: .categorical(ProfileBuilder.categorical(values, topK: topK))))
            }
        }
        return Profile(bins: bins, topK: topK, rowCount: table.rowCount, features: features)
    }

    /// Counts the current table into the profile's bins. A numeric feature whose current column
    /// holds text counts the unparsable cells as non-numeric (a schema violation) and bins the rest.
    static func report(profile: Profile, current table: ColumnTable, excluding excluded: Set<String>) throws -> DriftReport {
        var observations: [String: FeatureObservation] = [:]
        var nonNumeric: [String: Int] = [:]
        for feature in profile.features {
            guard let column = table.column(feature.name) else { continue }
            switch (feature.profile, column) {
            case (.numeric(let p), .numeric(let values)):
                observations[feature.name] = .numeric(p.observe(values))
            case (.numeric(let p), .text(let texts)):
                var values: [Double] = []
                values.reserveCapacity(texts.count)
                var bad = 0
                for text in texts {
                    if let text {
                        if let number = Double(text) { values.append(number) } else {
                            bad += 1
                            values.append(.nan)
                        }
                    } else {
                        values.append(.nan)
                    }
                }
                nonNumeric[feature.name] = bad
                observations[feature.name] = .numeric(p.observe(values))
            case (.categorical(let p), .text(let texts)):
                observations[feature.name] = .categorical(p.observe(texts))
            case (.categorical(let p), .numeric(let values)):
                observations[feature.name] = .categorical(p.observe(values.map { $0.isNaN ? nil : Self.categoryText($0) }))
            }
        }
        return try DriftComparer.report(
            profile: profile, current: observations, currentColumns: table.names.filter { !excluded.contains($0) },
            nonNumericValues: nonNumeric)
    }

    /// Integers print without a fraction so numeric codes match text categories ("3", not "3.0").
    static func categoryText(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
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
        if !report.schema.absentColumns.isEmpty { Output.line("absent columns: \(report.schema.absentColumns.joined(separator: ", "))") }
        if !report.schema.extraColumns.isEmpty { Output.line("extra columns: \(report.schema.extraColumns.joined(separator: ", "))") }
    }
}
