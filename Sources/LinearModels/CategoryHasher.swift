import TabularData

/// The hashing trick for logistic regression's categorical features: each (feature, category)
/// pair is one of 2^`bits` one-hot columns, chosen by a 64-bit FNV-1a hash of the feature's
/// name, a 0x1F separator and the category's text (after `CategoryText`'s normalization, so
/// `3` and `3.0` share a column). A missing value has its own column per feature (the name and
/// 0x1E). Nothing is stored per category, so the model takes any id, seen or not: an id never
/// seen in training lands in a column whose weight was learned from whatever shared it (most
/// often none, weight 0). Collisions are the price; with 2^18 columns and Avazu's kept ids
/// they are rare.
///
/// The bucket number is what `code` returns and what the model's row-wise predict reads for a
/// categorical feature (exact in a Float up to 2^24).
public struct CategoryHasher: CategoryCoding, Equatable {
    /// Every feature of the model, in order (categorical ones are hashed by their name).
    public let featureNames: [String]
    /// Positions of the hashed (categorical) features, ascending.
    public let categorical: [Int]
    /// log2 of the number of hashed columns.
    public let bits: Int
    private let hashed: [Bool]
    private let missingBuckets: [Int32]

    /// The default number of bits (2^18 = 262,144 columns, Vowpal Wabbit's default).
    public static let defaultBits = 18
    /// Accepted bit counts: a bucket number must be exact in a Float.
    public static let bitRange = 8...24

    /// A hasher for `categorical` positions of `featureNames` into 2^`bits` columns.
    public init(featureNames: [String], categorical: [Int], bits: Int) {
        self.featureNames = featureNames
        self.categorical = categorical.sorted()
        self.bits = bits
        var hashed = [Bool](repeating: false, count: featureNames.count)
        for f in categorical where f < hashed.count { hashed[f] = true }
        self.hashed = hashed
        let mask = UInt64(1) << UInt64(bits) - 1
        self.missingBuckets = featureNames.map { Self.bucket(name: $0, separator: 0x1E, text: "", mask: mask) }
    }

    /// Number of hashed columns.
    public var bucketCount: Int { 1 << bits }

    /// Names of the hashed features, in position order.
    public var categoricalNames: [String] { categorical.map { featureNames[$0] } }

    public var isEmpty: Bool { categorical.isEmpty }

    public func isCategorical(_ f: Int) -> Bool { f >= 0 && f < hashed.count && hashed[f] }

    /// The bucket of a raw text value of categorical feature `f` (NaN for the missing markers;
    /// never `CategoryCodes.unseen`: every value has a bucket).
    public func code(_ f: Int, _ value: String) -> Float {
        guard isCategorical(f) else { return .nan }
        if CategoryText.isMissing(value) { return .nan }
        return Float(bucket(f, text: CategoryText.canonical(value)))
    }

    /// The bucket of category `text` (already normalized) of feature `f`.
    public func bucket(_ f: Int, text: String) -> Int32 {
        Self.bucket(name: featureNames[f], separator: 0x1F, text: text, mask: UInt64(bucketCount - 1))
    }

    /// The bucket a code read from a row stands for: NaN is feature `f`'s missing bucket.
    @inline(__always)
    public func bucket(_ f: Int, code: Float) -> Int {
        code.isNaN ? Int(missingBuckets[f]) : Int(code)
    }

    /// The buckets of `dataset`'s rows, row-major (one per hashed feature per row). Columns are
    /// matched by name; an absent column is missing in every row.
    func buckets(of dataset: Dataset) -> [Int32] {
        let width = categorical.count
        var out = [Int32](repeating: 0, count: dataset.rowCount * width)
        var index: [String: Int] = [:]
        for (f, name) in dataset.featureNames.enumerated() where index[name] == nil { index[name] = f }
        for (j, f) in categorical.enumerated() {
            let missing = missingBuckets[f]
            guard let column = index[featureNames[f]] else {
                for r in 0..<dataset.rowCount { out[r * width + j] = missing }
                continue
            }
            let values = dataset.columns[column]
            let names = dataset.categories[column]
            let map = names?.map { bucket(f, text: CategoryText.canonical($0)) }
            for r in 0..<dataset.rowCount {
                let v = values[r]
                if v.isNaN {
                    out[r * width + j] = missing
                } else if let map {
                    out[r * width + j] = map[Int(v)]
                } else {
                    out[r * width + j] = bucket(f, text: CategoryText.canonical(number: Double(v)))
                }
            }
        }
        return out
    }

    static func bucket(name: String, separator: UInt8, text: String, mask: UInt64) -> Int32 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        @inline(__always) func mix(_ byte: UInt8) {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        for byte in name.utf8 { mix(byte) }
        mix(separator)
        for byte in text.utf8 { mix(byte) }
        return Int32(truncatingIfNeeded: (h ^ (h >> 29)) & mask)
    }
}
