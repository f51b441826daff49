import TabularData

/// The bins of one categorical feature: its most frequent categories each get a bin (bin `k`
/// is the model's category code `k`), every other category shares the rare bin after them, and
/// missing values get the feature's missing slot. The rare bin is never put in a split's set,
/// so rare categories, like categories the model has never seen, always take the not-in-set
/// side. The kept categories, in bin order, are the dictionary written with the model.
struct CategoryBins: Sendable, Equatable {
    /// Dataset category code → bin (`rareBin` for categories not kept).
    let binOfCode: [UInt8]
    /// The kept categories' values in bin order.
    let values: [String]
    /// Rows per kept category in the training data, in bin order.
    let counts: [Int]

    /// The bin shared by the categories not kept.
    var rareBin: Int { values.count }

    /// Real bins: the kept categories and the rare bin.
    var binCount: Int { values.count + 1 }

    /// The most categories one feature keeps (the rare bin and the missing slot make 256 codes,
    /// one byte per cell).
    static let limit = 254

    /// Keeps the `maxCategories` most frequent categories of `column` (codes into
    /// `categories`; ties keep the category seen first); a category must have at least
    /// `minCount` rows to be kept.
    static func compute(column: [Float], categories: [String], maxCategories: Int, minCount: Int) -> CategoryBins {
        var counts = [Int](repeating: 0, count: categories.count)
        for value in column where !value.isNaN { counts[Int(value)] += 1 }
        let order = counts.indices.filter { counts[$0] >= max(minCount, 1) }
            .sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
        let kept = Array(order.prefix(min(maxCategories, limit)))
        var binOfCode = [UInt8](repeating: UInt8(kept.count), count: categories.count)
        for (bin, code) in kept.enumerated() { binOfCode[code] = UInt8(bin) }
        return CategoryBins(binOfCode: binOfCode, values: kept.map { categories[$0] }, counts: kept.map { counts[$0] })
    }
}

/// A set of bins (< 256) that a categorical split sends right.
struct BinSet: Sendable, Equatable {
    var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    static func == (a: BinSet, b: BinSet) -> Bool { a.words == b.words }

    init() {}

    init(_ bins: some Sequence<Int>) {
        for bin in bins { insert(bin) }
    }

    mutating func insert(_ bin: Int) {
        let bit = UInt64(1) << UInt64(bin & 63)
        switch bin >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    @inline(__always)
    func contains(_ bin: Int) -> Bool {
        let word: UInt64
        switch bin >> 6 {
        case 0: word = words.0
        case 1: word = words.1
        case 2: word = words.2
        default: word = words.3
        }
        return (word >> UInt64(bin & 63)) & 1 == 1
    }

    /// The bins in the set, ascending.
    var bins: [Int] { (0..<256).filter { contains($0) } }
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
