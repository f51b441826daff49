import DriftMetrics
import Foundation
import MLOpsStore
import MLOpsTestSupport

@testable import DriftMonitor

/// A migrated store with one registered model version (drift counts reference it).
struct DriftMonitorFixture {
    let database: SQLDatabase
    let store: DriftCountStore

    init(_ backend: TestBackend, model: String = "ctr", versions: [Int] = [1]) throws {
        database = try backend.makeDatabase()
        store = DriftCountStore(database: database)
        try database.transaction { c in
            _ = try c.execute("INSERT INTO models (name, created_at, updated_at) VALUES ($1, $2, $2)", [.text(model), .int(0)])
            for v in versions {
                _ = try c.execute(
                    """
                    INSERT INTO model_versions (model, version, sha256, size_bytes, flavor, created_by, created_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7)
                    """, [.text(model), .int(Int64(v)), .text(String(repeating: "0", count: 64)), .int(0), .text("gbdt"), .text("test"), .int(0)])
            }
        }
    }

    /// A deterministic pseudo-random stream (SplitMix64) of normal-ish values.
    static func values(_ n: Int, seed: UInt64, shift: Double = 0) -> [Double] {
        var state = seed
        func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Double(z >> 11) / Double(1 << 53)
        }
        return (0..<n).map { _ in (next() + next() + next() - 1.5) * 2 + shift }
    }

    /// A profile with two numeric features, one categorical, and a score.
    static func profile() -> Profile {
        let a = values(5000, seed: 1)
        var b = values(5000, seed: 2)
        b[7] = .nan
        let colors: [String?] = (0..<5000).map { i in i % 97 == 0 ? nil : ["red", "green", "blue"][i % 3] }
        let score = values(5000, seed: 3).map { 1 / (1 + (-$0).exp()) }
        return Profile(
            rowCount: 5000,
            features: [
                NamedFeatureProfile(name: "a", profile: .numeric(ProfileBuilder.numeric(a))),
                NamedFeatureProfile(name: "b", profile: .numeric(ProfileBuilder.numeric(b))),
                NamedFeatureProfile(name: "color", profile: .categorical(ProfileBuilder.categorical(colors))),
            ], score: .numeric(ProfileBuilder.numeric(score)))
    }
}

extension Double {
    fileprivate func exp() -> Double { Foundation.exp(self) }
}
