/// One id column of a synthetic click log: a vocabulary of `cardinality` ids with Zipf-like
/// popularity, written as 8-hex-digit hashes or as integer codes, each id with its own effect
/// on the click logit.
struct SyntheticIdColumn: Sendable {
    enum Text: Sendable {
        /// An 8-hex-digit hash of the id (site_id, device_model, Criteo's C1–C26).
        case hex
        /// `base + index × step` (C14, C17), or a value from a short list of codes.
        case integer(base: Int, step: Int)
        case codes([Int])
    }

    let name: String
    /// Vocabulary size before scaling; capped at the row count for per-row ids such as device_ip.
    let cardinality: Int
    /// Zipf exponent of popularity (1: log-uniform ranks; below 1: a flatter, longer tail).
    let exponent: Double
    let text: Text
    /// Standard deviation of the ids' effects on the logit (0: no effect).
    let effect: Double
    let missingRate: Double
    /// Share of rows taking the most popular id outright (device_id's "a99f214a").
    var dominant: Double = 0

    /// The vocabulary size for a file of `rows` rows.
    func vocabulary(rows: Int) -> Int { max(2, min(cardinality, max(rows, 2))) }

    /// The popularity rank of a draw `u` in [0, 1) among `size` ids (0 is the most popular).
    func rank(_ u: Double, size: Int) -> Int {
        let n = Double(size)
        let x: Double
        if abs(exponent - 1) < 1e-9 {
            x = DeterministicMath.exp(u * DeterministicMath.log(n + 1)) - 1
        } else {
            let a = 1 - exponent
            x = DeterministicMath.exp(DeterministicMath.log(u * (DeterministicMath.exp(a * DeterministicMath.log(n + 1)) - 1) + 1) / a) - 1
        }
        return min(size - 1, max(0, Int(x)))
    }

    /// Appends id `index`'s text.
    func append(_ index: Int, column: Int, to out: inout [UInt8]) {
        switch text {
        case .hex:
            let hash = UInt32(truncatingIfNeeded: SyntheticClickLog.mix(UInt64(column) << 40 ^ UInt64(index) ^ 0x1d_c0de))
            let digits = Array("0123456789abcdef".utf8)
            for shift in stride(from: 28, through: 0, by: -4) { out.append(digits[Int((hash >> UInt32(shift)) & 0xF)]) }
        case .integer(let base, let step):
            out.append(contentsOf: String(base + index * step).utf8)
        case .codes(let codes):
            out.append(contentsOf: String(codes[index % codes.count] + (index / codes.count) * 10_000).utf8)
        }
    }

    /// The id a drifted row takes instead of `index`: with probability 0.4 × `drift` the id a
    /// tenth of the vocabulary further on (a rare id rises, a popular one loses part of its
    /// traffic), as a week of real traffic moves: most rows keep their ids, the mix shifts.
    func drifted(_ index: Int, size: Int, drift: Double, _ rng: inout Xoshiro256) -> Int {
        guard rng.uniform() < 0.4 * drift else { return index }
        return (index + max(1, size / 10)) % size
    }

    /// Id `index`'s effect on the click logit (fixed by the model seed, not the sample's).
    func effectOf(_ index: Int, column: Int) -> Double {
        guard effect > 0 else { return 0 }
        var rng = SplitMix64(seed: SyntheticClickLog.mix(0x00ef_fec7 ^ UInt64(column) << 32 ^ UInt64(index)))
        // A sum of four uniforms: roughly normal, bounded.
        let z = (rng.nextUnit() + rng.nextUnit() + rng.nextUnit() + rng.nextUnit() - 2) * 1.73
        return effect * z
    }
}

extension SyntheticClickLog {
    /// Avazu's columns after `id`, `click` and `hour`, with its cardinalities (scaled to the file).
    static let avazuColumns: [SyntheticIdColumn] = [
        .init(name: "C1", cardinality: 7, exponent: 2.5, text: .codes([1005, 1002, 1010, 1012, 1007, 1001, 1008]), effect: 0.3, missingRate: 0),
        .init(name: "banner_pos", cardinality: 7, exponent: 2.5, text: .integer(base: 0, step: 1), effect: 0.3, missingRate: 0),
        .init(name: "site_id", cardinality: 4_737, exponent: 1.05, text: .hex, effect: 0.6, missingRate: 0),
        .init(name: "site_domain", cardinality: 7_745, exponent: 1.05, text: .hex, effect: 0.2, missingRate: 0),
        .init(name: "site_category", cardinality: 26, exponent: 1.6, text: .hex, effect: 0.4, missingRate: 0),
        .init(name: "app_id", cardinality: 8_552, exponent: 1.1, text: .hex, effect: 0.6, missingRate: 0),
        .init(name: "app_domain", cardinality: 559, exponent: 1.3, text: .hex, effect: 0.2, missingRate: 0),
        .init(name: "app_category", cardinality: 36, exponent: 1.6, text: .hex, effect: 0.3, missingRate: 0),
        .init(name: "device_id", cardinality: 2_686_408, exponent: 0.5, text: .hex, effect: 0.15, missingRate: 0, dominant: 0.82),
        .init(name: "device_ip", cardinality: 6_729_486, exponent: 0.6, text: .hex, effect: 0.2, missingRate: 0),
        .init(name: "device_model", cardinality: 8_251, exponent: 1.0, text: .hex, effect: 0.35, missingRate: 0),
        .init(name: "device_type", cardinality: 5, exponent: 3, text: .codes([1, 0, 4, 5, 2]), effect: 0.3, missingRate: 0),
        .init(name: "device_conn_type", cardinality: 4, exponent: 3, text: .codes([0, 2, 3, 5]), effect: 0.3, missingRate: 0),
        .init(name: "C14", cardinality: 2_626, exponent: 1.0, text: .integer(base: 375, step: 9), effect: 0.5, missingRate: 0),
        .init(name: "C15", cardinality: 8, exponent: 3, text: .codes([320, 300, 216, 728, 120, 1024, 480, 768]), effect: 0.3, missingRate: 0),
        .init(name: "C16", cardinality: 9, exponent: 3, text: .codes([50, 250, 36, 480, 90, 20, 768, 1024, 320]), effect: 0.3, missingRate: 0),
        .init(name: "C17", cardinality: 435, exponent: 1.1, text: .integer(base: 112, step: 7), effect: 0.4, missingRate: 0),
        .init(name: "C18", cardinality: 4, exponent: 2, text: .integer(base: 0, step: 1), effect: 0.3, missingRate: 0),
        .init(name: "C19", cardinality: 68, exponent: 1.5, text: .integer(base: 33, step: 4), effect: 0.2, missingRate: 0),
        .init(name: "C20", cardinality: 172, exponent: 1.4, text: .integer(base: -1, step: 1_001), effect: 0.2, missingRate: 0),
        .init(name: "C21", cardinality: 60, exponent: 1.4, text: .integer(base: 1, step: 3), effect: 0.3, missingRate: 0),
    ]

    /// Criteo's 26 hashed categorical columns, with its cardinalities and missing rates.
    static let criteoColumns: [SyntheticIdColumn] = {
        let cardinalities = [
            1_460, 583, 10_131_227, 2_202_608, 305, 24, 12_517, 633, 3, 93_145, 5_683, 8_351_593, 3_194, 27, 14_992,
            5_461_306, 10, 5_652, 2_173, 4, 7_046_547, 18, 15, 286_181, 105, 142_572,
        ]
        let missing = [
            0, 0, 0.034, 0.034, 0, 0.121, 0, 0, 0, 0, 0, 0.034, 0, 0, 0, 0.034, 0, 0, 0.44, 0.44, 0.034, 0.76, 0, 0.034, 0.44, 0.44,
        ]
        let effects = [
            0.3, 0.4, 0.2, 0.2, 0.4, 0.3, 0.3, 0.2, 0.3, 0.3, 0.3, 0.1, 0.2, 0.4, 0.3, 0.1, 0.4, 0.3, 0.3, 0.3, 0.1, 0.2, 0.4, 0.2, 0.3, 0.2,
        ]
        return (0..<26).map { k in
            SyntheticIdColumn(
                name: "C\(k + 1)", cardinality: cardinalities[k], exponent: cardinalities[k] > 100_000 ? 0.7 : 1.1, text: .hex,
                effect: effects[k], missingRate: missing[k])
        }
    }()

    /// Criteo's integer columns I1–I13: missing rates and log-normal spreads of the counts.
    static let criteoCounts: [(missing: Double, mu: Double, sigma: Double, weight: Double)] = [
        (0.45, 0.5, 1.2, 0.15), (0.0, 2.5, 1.6, 0.0), (0.21, 1.5, 1.2, -0.1), (0.22, 1.5, 1.0, 0.05), (0.03, 7.5, 2.0, -0.08),
        (0.22, 3.5, 1.8, 0.1), (0.04, 1.5, 1.5, 0.2), (0.0, 2.5, 1.0, 0.0), (0.04, 3.5, 1.5, 0.05), (0.45, 0.3, 0.6, 0.3),
        (0.04, 1.0, 1.0, 0.25), (0.76, 0.3, 1.0, 0.1), (0.22, 1.5, 1.2, -0.05),
    ]
}
