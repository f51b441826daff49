/// Synthetic click logs shaped like the public Avazu and Criteo data sets, for demos, tests and
/// benchmarks of categorical features: mostly 8-hex-digit hashed ids and integer codes with
/// Zipf-like popularity and long tails, each id with its own effect on a hidden logistic click
/// model, so methods that learn ids (and those that over-fit rare ones) show their differences.
///
/// - **avazu**: `id` (20 digits, unique per row: leave it out with `--exclude id`), `click`,
///   `hour` (YYMMDDHH over ten days), `C1`, `banner_pos`, 9 hashed ids, `device_type`,
///   `device_conn_type`, `C14`–`C21`; base CTR about 17%; no missing cells.
/// - **criteo**: `label`, `I1`–`I13` integer counts with many empty cells, `C1`–`C26` hashed ids,
///   some mostly empty; base CTR about 25%.
///
/// Cardinalities follow the public data sets, capped at the row count. The same shape, seed
/// and drift give the same file; the hidden model does not depend on the seed, so files with
/// different seeds are independent samples of one population.
public struct SyntheticClickLog: Sendable {
    /// The layout of the file.
    public enum Shape: String, CaseIterable, Sendable {
        case avazu, criteo
    }

    public let shape: Shape
    public let seed: UInt64
    /// Distribution shift in 0…1: the base rate moves, and a share of rows (40% at drift 1)
    /// takes an id other than its popularity draw (see `SyntheticIdColumn.drifted`).
    public let drift: Double

    public init(shape: Shape, seed: UInt64, drift: Double = 0) {
        self.shape = shape
        self.seed = seed
        self.drift = min(max(drift, 0), 1)
    }

    /// The label column: `click` (Avazu) or `label` (Criteo).
    public var labelColumn: String { shape == .avazu ? "click" : "label" }

    /// The header's column names, in order.
    public var columnNames: [String] {
        switch shape {
        case .avazu: return ["id", "click", "hour"] + Self.avazuColumns.map(\.name)
        case .criteo: return ["label"] + (1...13).map { "I\($0)" } + Self.criteoColumns.map(\.name)
        }
    }

    /// Writes `rows` rows (and a header) to `path`. Returns the share of clicks.
    @discardableResult
    public func writeCSV(rows: Int, to path: String) throws(DatasetError) -> Double {
        let writer = try BufferedFileWriter(path: path)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(writer.flushSize + 4096)
        buffer.append(contentsOf: columnNames.joined(separator: ",").utf8)
        buffer.append(CSVCell.lf)
        var rng = Xoshiro256(seed: Self.mix(seed ^ 0xc11c_4106))
        var clicks = 0
        var row: [UInt8] = []
        for r in 0..<max(rows, 0) {
            row.removeAll(keepingCapacity: true)
            let clicked = shape == .avazu ? avazuRow(r, rows: rows, &rng, into: &row) : criteoRow(&rng, into: &row)
            clicks += clicked ? 1 : 0
            buffer.append(contentsOf: row)
            try writer.drainIfFull(&buffer)
        }
        try writer.drain(&buffer)
        try writer.finish()
        return rows > 0 ? Double(clicks) / Double(rows) : 0
    }

    /// Draws one Avazu-shaped row into `out` (without the trailing newline's position
    /// mattering: the row ends with one) and returns whether it was clicked.
    func avazuRow(_ r: Int, rows: Int, _ rng: inout Xoshiro256, into out: inout [UInt8]) -> Bool {
        var tail: [UInt8] = []
        tail.reserveCapacity(256)
        var z = -2.05 + 0.6 * drift
        // A 20-digit id (above Int64's range, as Avazu's are), unique per row.
        let idValue = Self.mix(seed << 32 ^ UInt64(r)) % 8_000_000_000_000_000_000 + 10_000_000_000_000_000_000
        let day = 21 + (r * 10) / max(rows, 1)
        let hour = Int(rng.uniform() * 24)
        z += Self.hourEffects[hour]
        var hourText = Array("1410".utf8)
        hourText += Array(String(format2(day)).utf8) + Array(String(format2(hour)).utf8)
        var picks: [Int] = []
        for (k, column) in Self.avazuColumns.enumerated() {
            let size = column.vocabulary(rows: rows)
            var index = column.dominant > 0 && rng.uniform() < column.dominant ? 0 : column.rank(rng.uniform(), size: size)
            if drift > 0 { index = column.drifted(index, size: size, drift: drift, &rng) }
            picks.append(index)
            z += column.effectOf(index, column: k)
            tail.append(CSVCell.comma)
            column.append(index, column: k, to: &tail)
        }
        // An interaction: the site category works differently on each device type.
        z += (picks[4] % 3 == picks[11] % 3) ? 0.35 : -0.1
        let clicked = rng.uniform() < DeterministicMath.sigmoid(z)
        out.append(contentsOf: String(idValue).utf8)
        out.append(CSVCell.comma)
        out.append(clicked ? UInt8(ascii: "1") : UInt8(ascii: "0"))
        out.append(CSVCell.comma)
        out.append(contentsOf: hourText)
        out.append(contentsOf: tail)
        out.append(CSVCell.lf)
        return clicked
    }

    /// The hour of day's effect on the click logit.
    static let hourEffects: [Double] = [
        -0.2, -0.25, -0.3, -0.3, -0.25, -0.15, 0, 0.1, 0.15, 0.2, 0.2, 0.15, 0.1, 0.1, 0.15, 0.2, 0.25, 0.25, 0.2, 0.1, 0, -0.05, -0.1,
        -0.15,
    ]

    /// Draws one Criteo-shaped row into `out` and returns whether it was clicked.
    func criteoRow(_ rng: inout Xoshiro256, into out: inout [UInt8]) -> Bool {
        var z = -1.35 + 0.6 * drift
        var tail: [UInt8] = []
        tail.reserveCapacity(320)
        for count in Self.criteoCounts {
            tail.append(CSVCell.comma)
            if rng.uniform() < count.missing {
                z += count.weight * 0.5
                continue
            }
            let value = Int(DeterministicMath.exp(count.mu + count.sigma * rng.normal()))
            z += count.weight * (DeterministicMath.log(Double(value) + 1) - count.mu)
            tail.append(contentsOf: String(value).utf8)
        }
        let rows = 10_000_000
        for (k, column) in Self.criteoColumns.enumerated() {
            tail.append(CSVCell.comma)
            if rng.uniform() < column.missingRate { continue }
            let size = column.vocabulary(rows: rows)
            var index = column.rank(rng.uniform(), size: size)
            if drift > 0 { index = column.drifted(index, size: size, drift: drift, &rng) }
            z += column.effectOf(index, column: 100 + k)
            column.append(index, column: 100 + k, to: &tail)
        }
        let clicked = rng.uniform() < DeterministicMath.sigmoid(z)
        out.append(clicked ? UInt8(ascii: "1") : UInt8(ascii: "0"))
        out.append(contentsOf: tail)
        out.append(CSVCell.lf)
        return clicked
    }

    private func format2(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    /// A 64-bit mixer (SplitMix64's finalizer): deterministic hashes of ids and rows.
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
