/// Deterministic synthetic click-through data: skewed numerics, Zipf-like ids, flags, a small
/// categorical, ~5% missing cells in every fifth feature (indexes with `f % 5 == 3`), and 0/1
/// labels from a hidden logistic model (main effects, nonlinear shapes, interactions, informative
/// missingness) with a base click rate near 4%.
///
/// The same `(features, seed, drift)` gives the same rows on every platform and run (own PRNG and
/// math); row `k` does not depend on how many rows are asked for, so files can be streamed.
/// The hidden click model depends only on the feature count and the drift, never on the seed:
/// files written with different seeds are independent samples of one population, so a model
/// trained on seed 1 is evaluated fairly on seed 2.
/// `generate(rows:)` returns exactly what `CSVReader` reads back from `writeCSV(rows:to:)`.
public struct SyntheticCTR: Sendable {
    /// Number of features (at least 1).
    public let features: Int
    /// The seed of the rows' random draws.
    public let seed: UInt64
    /// Distribution shift in 0…1; 0 is the training distribution.
    public let drift: Double
    let model: SyntheticModel

    /// A generator of `features` columns named `f0`…, seeded by `seed`. `drift` (clamped to 0…1)
    /// scales and shifts the skewed numerics, moves id popularity, turns flags on more often,
    /// raises the missing rate to up to 15%, and changes the click model's weights moderately.
    public init(features: Int, seed: UInt64, drift: Double = 0) {
        self.features = max(features, 1)
        self.seed = seed
        self.drift = min(max(drift, 0), 1)
        model = SyntheticModel(features: self.features, seed: Self.modelSeed, drift: self.drift)
    }

    /// The fixed seed of the hidden click model (shared by every sample).
    static let modelSeed: UInt64 = 0x00C7_4D0D_E15E_ED00

    /// Feature names `f0`…`f{F-1}`.
    public var featureNames: [String] { (0..<features).map { "f\($0)" } }

    /// The first `rows` rows as a dataset (values rounded as `writeCSV` writes them).
    public func generate(rows: Int) -> Dataset {
        generateWithOracle(rows: rows).dataset
    }

    /// The first `rows` rows and each row's true click probability under the hidden model (an
    /// upper bound on what a learned model can do: compare AUCs against it).
    public func generateWithOracle(rows: Int) -> (dataset: Dataset, probabilities: [Double]) {
        let count = max(rows, 0)
        var columns = [[Float]](repeating: [], count: features)
        for f in 0..<features { columns[f].reserveCapacity(count) }
        var labels: [Float] = []
        labels.reserveCapacity(count)
        var probabilities: [Double] = []
        probabilities.reserveCapacity(count)
        var stream = RowStream(model: model, seed: seed)
        var text: [UInt8] = []
        text.reserveCapacity(32)
        for _ in 0..<count {
            let (clicked, probability) = stream.next()
            for f in 0..<features {
                text.removeAll(keepingCapacity: true)
                appendCell(stream.values[f], feature: f, to: &text)
                columns[f].append(Self.readBack(text))
            }
            labels.append(clicked ? 1 : 0)
            probabilities.append(probability)
        }
        let dataset = Dataset(uncheckedFeatureNames: featureNames, columns: columns, labels: labels, rowCount: count)
        return (dataset, probabilities)
    }

    /// Streams the first `rows` rows to a CSV file at `path`: header `f0,…,f{F-1},label`, missing
    /// cells empty, labels `0`/`1`, numbers with at most six significant digits.
    public func writeCSV(rows: Int, to path: String) throws(DatasetError) {
        let writer = try BufferedFileWriter(path: path)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(writer.flushSize + (1 << 16))
        buffer.append(contentsOf: Array((featureNames + ["label"]).joined(separator: ",").utf8))
        buffer.append(CSVCell.lf)
        var stream = RowStream(model: model, seed: seed)
        for _ in 0..<max(rows, 0) {
            let (clicked, _) = stream.next()
            for f in 0..<features {
                appendCell(stream.values[f], feature: f, to: &buffer)
                buffer.append(CSVCell.comma)
            }
            buffer.append(clicked ? UInt8(ascii: "1") : UInt8(ascii: "0"))
            buffer.append(CSVCell.lf)
            try writer.drainIfFull(&buffer)
        }
        try writer.drain(&buffer)
        try writer.finish()
    }

    /// The text of one cell: empty when missing, an integer for integral features, else compact.
    @inline(__always)
    func appendCell(_ value: Double, feature: Int, to out: inout [UInt8]) {
        if value.isNaN { return }
        if model.base[feature].isIntegral {
            CompactNumberFormat.appendInteger(Int(value), to: &out)
        } else {
            CompactNumberFormat.append(value, to: &out)
        }
    }

    /// The `Float` that `CSVReader` reads from a cell's text.
    static func readBack(_ text: [UInt8]) -> Float {
        text.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return .nan }
            if case .number(let value) = CSVCell.classify(base, from: 0, to: buffer.count) { return value }
            return .nan
        }
    }

    /// Rows in order from one seeded stream: values, label, probability.
    struct RowStream {
        let model: SyntheticModel
        var rng: Xoshiro256
        var values: [Double]

        init(model: SyntheticModel, seed: UInt64) {
            self.model = model
            rng = Xoshiro256(seed: seed)
            values = [Double](repeating: 0, count: model.base.count)
        }

        /// Draws the next row into `values`; returns its label and click probability.
        mutating func next() -> (clicked: Bool, probability: Double) {
            let z = model.sampleRow(rng: &rng, values: &values)
            let probability = DeterministicMath.sigmoid(z)
            return (rng.uniform() < probability, probability)
        }
    }
}
