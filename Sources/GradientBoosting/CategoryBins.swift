import TabularData

/// The bins of one categorical feature: its most frequent categories each get a bin (bin `k`
/// is the model's category code `k`), every other category shares the rare bin after them, and
/// missing values get the feature's missing slot. The rare bin is never put in a split's set,
/// so rare categories, like categories the model has never seen, always take the not-in-set
/// side. The kept categories, in bin order, are the dictionary written with the model.
struct CategoryBins: Sendable, Equatable {
    /// Dataset category code → bin (`rareBin` for categories not kept).
    let binOfCode: [UInt16]
    /// The kept categories' values in bin order.
    let values: [String]
    /// Rows per kept category in the training data, in bin order.
    let counts: [Int]

    /// The bin shared by the categories not kept.
    var rareBin: Int { values.count }

    /// Real bins: the kept categories and the rare bin.
    var binCount: Int { values.count + 1 }

    /// The most categories one feature keeps (with the rare bin and the missing slot, 65,536
    /// codes: two bytes per cell; up to 254 kept categories take one byte).
    static let limit = 65_534

    /// Keeps the `maxCategories` most frequent categories of `column` (codes into
    /// `categories`; ties keep the category seen first); a category must have at least
    /// `minCount` rows to be kept.
    static func compute(column: [Float], categories: [String], maxCategories: Int, minCount: Int) -> CategoryBins {
        var counts = [Int](repeating: 0, count: categories.count)
        for value in column where !value.isNaN { counts[Int(value)] += 1 }
        let order = counts.indices.filter { counts[$0] >= max(minCount, 1) }
            .sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
        let kept = Array(order.prefix(min(maxCategories, limit)))
        var binOfCode = [UInt16](repeating: UInt16(kept.count), count: categories.count)
        for (bin, code) in kept.enumerated() { binOfCode[code] = UInt16(bin) }
        return CategoryBins(binOfCode: binOfCode, values: kept.map { categories[$0] }, counts: kept.map { counts[$0] })
    }
}

/// A set of bins that a categorical split sends right (a bitmap).
struct BinSet: Sendable, Equatable {
    private(set) var words: [UInt64] = []

    init() {}

    init(_ bins: some Sequence<Int>) {
        for bin in bins { insert(bin) }
    }

    mutating func insert(_ bin: Int) {
        let word = bin >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word + 1 - words.count)) }
        words[word] |= UInt64(1) << UInt64(bin & 63)
    }

    @inline(__always)
    func contains(_ bin: Int) -> Bool {
        let word = bin >> 6
        return word < words.count && (words[word] >> UInt64(bin & 63)) & 1 == 1
    }

    /// The bins in the set, ascending.
    var bins: [Int] {
        var out: [Int] = []
        for (w, word) in words.enumerated() where word != 0 {
            for b in 0..<64 where (word >> UInt64(b)) & 1 == 1 { out.append(w * 64 + b) }
        }
        return out
    }
}

/// How a split sends a binned row: by threshold (bins ≤ `bin` go left) or by category set
/// (bins in `set` go right); the missing code follows `defaultLeft`.
struct BinRule: Sendable, Equatable {
    var bin: Int
    var set: BinSet?
    /// The feature's missing code, or −1 when the feature had no missing values.
    var missingCode: Int
    var defaultLeft: Bool

    @inline(__always)
    func goesLeft(_ code: Int) -> Bool {
        if code == missingCode { return defaultLeft }
        if let set { return !set.contains(code) }
        return code <= bin
    }
}
