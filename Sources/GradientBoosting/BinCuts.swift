import Foundation
import TabularData

/// Per-feature split thresholds: a value's bin is the number of thresholds ≤ it, so a split
/// "bins 0…i go left" means `x < thresholds[i]`, the condition XGBoost's trees store. Every
/// threshold is an observed data value. Missing values get their own slot after the real bins.
struct BinCuts: Sendable {
    /// `thresholds[f]`: ascending thresholds of feature `f` (real bins = count + 1).
    let thresholds: [[Float]]
    /// Whether feature `f` had missing values in the training data.
    let hasMissing: [Bool]
    /// The bins of each categorical feature (nil for numeric features).
    let categories: [CategoryBins?]
    /// Real bins of each feature (thresholds + 1, or the kept categories + the rare bin).
    let realBins: [Int]
    /// Offset of feature `f`'s first slot in a node histogram.
    let offsets: [Int]
    /// Total histogram slots (real bins plus one missing slot per feature).
    let totalSlots: Int

    var featureCount: Int { thresholds.count }

    /// Real bins of feature `f`.
    func binCount(_ f: Int) -> Int { realBins[f] }

    /// The slot code used for missing values of feature `f` (just past its real bins).
    func missingBin(_ f: Int) -> Int { realBins[f] }

    /// The rule sending binned rows of feature `f` left or right.
    func rule(feature f: Int, bin: Int, set: BinSet?, defaultLeft: Bool) -> BinRule {
        BinRule(bin: bin, set: set, missingCode: hasMissing[f] ? missingBin(f) : -1, defaultLeft: defaultLeft)
    }

    init(thresholds: [[Float]], hasMissing: [Bool], categories: [CategoryBins?]? = nil) {
        self.thresholds = thresholds
        self.hasMissing = hasMissing
        let categories = categories ?? [CategoryBins?](repeating: nil, count: thresholds.count)
        self.categories = categories
        realBins = thresholds.indices.map { categories[$0]?.binCount ?? thresholds[$0].count + 1 }
        var offsets: [Int] = []
        var total = 0
        for bins in realBins {
            offsets.append(total)
            total += bins + 1  // real bins + missing slot
        }
        self.offsets = offsets
        self.totalSlots = total
    }

    /// Computes cuts from (a sample of) the data: a feature with few distinct values gets one
    /// bin per value; others get quantile points of the sorted sample. At most `maxBin` real
    /// bins (255 when the feature has missing values, so bin codes fit one byte with the
    /// missing code).
    /// Categorical features keep their `maxCategories` most frequent categories with at least
    /// `minCategoryCount` rows (`CategoryBins`).
    static func compute(
        _ data: Dataset, maxBin: Int, maxCategories: Int = CategoryBins.limit, minCategoryCount: Int = 1,
        sampleRows: Int = 200_000, seed: UInt64, threads: Int
    ) -> BinCuts {
        let n = data.rowCount
        var sampled: [Int]? = nil
        if n > sampleRows {
            var rng = SplitMix64(seed: seed ^ 0x5eed_b1_75)
            sampled = (0..<sampleRows).map { _ in Int(rng.next() % UInt64(n)) }.sorted()
        }
        let rowsToUse = sampled
        let features = data.featureCount
        let results = ConcurrentResults<([Float], Bool)>(count: features)
        Parallel.run(min(max(threads, 1), features)) { worker in
            var f = worker
            while f < features {
                let column = data.columns[f]
                if data.categories[f] != nil {
                    results.set(f, ([], column.contains { $0.isNaN }))
                    f += threads
                    continue
                }
                var hasMissing = false
                var values: [Float] = []
                values.reserveCapacity(rowsToUse?.count ?? n)
                if let rows = rowsToUse {
                    for r in rows where !column[r].isNaN { values.append(column[r]) }
                    if !hasMissing { hasMissing = column.contains { $0.isNaN } }
                } else {
                    for v in column { if v.isNaN { hasMissing = true } else { values.append(v) } }
                }
                values.sort()
                let limit = min(maxBin, hasMissing ? 255 : 256)
                results.set(f, (thresholds(sorted: values, maxBins: limit), hasMissing))
                f += threads
            }
        }
        let all = results.values
        let categories = (0..<features).map { f in
            data.categories[f].map {
                CategoryBins.compute(column: data.columns[f], categories: $0, maxCategories: maxCategories, minCount: minCategoryCount)
            }
        }
        return BinCuts(thresholds: all.map(\.0), hasMissing: all.map(\.1), categories: categories)
    }

    /// Thresholds for one feature from its sorted non-missing values.
    static func thresholds(sorted values: [Float], maxBins: Int) -> [Float] {
        guard let first = values.first else { return [] }
        var distinct: [Float] = [first]
        for v in values where v != distinct[distinct.count - 1] {
            distinct.append(v)
            if distinct.count > maxBins { break }
        }
        if distinct.count <= maxBins {
            return Array(distinct.dropFirst())
        }
        var cuts: [Float] = []
        cuts.reserveCapacity(maxBins - 1)
        let m = values.count
        for j in 1..<maxBins {
            let q = values[min(m - 1, j * m / maxBins)]
            if q > first, q > (cuts.last ?? -.infinity) { cuts.append(q) }
        }
        return cuts
    }

    /// Thresholds padded with +∞ to 256 entries, for `branchlessBin`.
    static func paddedThresholds(_ thresholds: [Float]) -> [Float] {
        thresholds + [Float](repeating: .infinity, count: max(0, 256 - thresholds.count))
    }

    /// How many of the (padded) thresholds are ≤ `value`, in eight steps with no unpredictable
    /// branches; callers clamp to the real threshold count (+∞ values count the padding).
    @inline(__always)
    static func branchlessBin(of value: Float, padded: UnsafeBufferPointer<Float>) -> Int {
        var bin = 0
        var step = 128
        while step > 0 {
            bin = padded[bin + step - 1] <= value ? bin + step : bin
            step >>= 1
        }
        return bin
    }

    /// The bin of a non-missing value: how many thresholds are ≤ it.
    @inline(__always)
    static func bin(of value: Float, thresholds: UnsafeBufferPointer<Float>) -> Int {
        var low = 0
        var high = thresholds.count
        while low < high {
            let mid = (low + high) >> 1
            if thresholds[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
