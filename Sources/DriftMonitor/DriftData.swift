import Dispatch
import DriftMetrics
import Foundation
import TabularData

/// Drift of CSV tables, shared by the CLI, training and the pipeline steps: profiles from
/// tables, a current table counted against a profile, profile files.
public enum DriftData {
    /// Profiles every column (columns in parallel: each sorts its own values).
    /// `categorical` names numeric columns to profile as categories (codes, ids): "3" for 3.0.
    public static func profile(
        of table: ColumnTable, bins: Int, topK: Int, excluding excluded: Set<String>,
        categorical: Set<String> = []
    ) -> Profile {
        let chosen = zip(table.names, table.columns).filter { !excluded.contains($0.0) }.map { name, column in
            (name, categorical.contains(name) ? asCategories(column) : column)
        }
        return profile(of: chosen, rowCount: table.rowCount, bins: bins, topK: topK)
    }

    /// A column as category texts (numbers print as integers when they are).
    public static func asCategories(_ column: ColumnValues) -> ColumnValues {
        guard case .numeric(let values) = column else { return column }
        return .text(values.map { $0.isFinite ? CategoryText.canonical(number: $0) : nil })
    }

    /// Profiles the named columns.
    public static func profile(of chosen: [(String, ColumnValues)], rowCount: Int, bins: Int, topK: Int) -> Profile {
        let features = parallelMap(chosen) { name, column -> NamedFeatureProfile in
            switch column {
            case .numeric(let values): return NamedFeatureProfile(name: name, profile: .numeric(ProfileBuilder.numeric(values, bins: bins)))
            case .text(let values): return NamedFeatureProfile(name: name, profile: .categorical(ProfileBuilder.categorical(values, topK: topK)))
            }
        }
        return Profile(bins: bins, topK: topK, rowCount: rowCount, features: features)
    }

    /// `items.map(transform)` with the items spread over the cores, results in order.
    public static func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @escaping @Sendable (T) -> R) -> [R] {
        let results = ConcurrentResults<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { i in results.set(i, transform(items[i])) }
        return results.values
    }

    /// Counts the current table into the profile's bins. A numeric feature whose current column
    /// holds text counts the unparsable cells as non-numeric (a schema violation) and bins the rest.
    public static func report(profile: Profile, current table: ColumnTable, excluding excluded: Set<String>) throws -> DriftReport {
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
    public static func observe(_ profile: FeatureProfile, _ column: ColumnValues) -> (FeatureObservation, Int) {
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
            return (.categorical(p.observe(values.map { $0.isNaN ? nil : CategoryText.canonical(number: $0) })), 0)
        }
    }

    public static func read(_ path: String) throws -> Profile {
        let profile: Profile
        do {
            profile = try JSONDecoder().decode(Profile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw DatasetError.io(path: path, message: "not a readable profile: \(error)")
        }
        try profile.validate()
        return profile
    }

    public static func write(_ profile: Profile, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(profile).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

}
