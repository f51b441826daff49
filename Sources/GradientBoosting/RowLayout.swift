/// Where each feature's bin code sits in a row of the `RowStore`: features with at most 256
/// codes (every numeric feature, small categoricals) take one byte each, first, in feature
/// order; categorical features with more codes take two bytes each after them. The row is padded
/// to whole 8-byte words.
struct RowLayout: Sendable {
    /// Byte offset of feature `f`'s code in a row.
    let position: [Int]
    /// Whether feature `f`'s code takes two bytes.
    let isWide: [Bool]
    /// The one-byte features, in row order, and the two-byte ones.
    let narrowFeatures: [Int]
    let wideFeatures: [Int]
    /// Byte offset of the first two-byte code.
    let wideStart: Int
    /// Bytes per row.
    let stride: Int

    init(_ cuts: BinCuts) {
        let codes = (0..<cuts.featureCount).map { cuts.missingBin($0) + 1 }
        narrowFeatures = codes.indices.filter { codes[$0] <= 256 }
        wideFeatures = codes.indices.filter { codes[$0] > 256 }
        var position = [Int](repeating: 0, count: codes.count)
        for (p, f) in narrowFeatures.enumerated() { position[f] = p }
        wideStart = (narrowFeatures.count + 1) / 2 * 2
        for (k, f) in wideFeatures.enumerated() { position[f] = wideStart + 2 * k }
        self.position = position
        isWide = codes.map { $0 > 256 }
        stride = max(8, (wideStart + 2 * wideFeatures.count + 7) / 8 * 8)
    }

    /// Feature `f`'s code in the row at `row`.
    @inline(__always)
    func code(_ row: UnsafePointer<UInt8>, _ f: Int) -> Int {
        isWide[f] ? Int(UnsafeRawPointer(row + position[f]).loadUnaligned(as: UInt16.self)) : Int(row[position[f]])
    }

    /// A reader of one feature's code, with the feature's place resolved once (for loops over rows).
    func reader(_ f: Int) -> CodeReader { CodeReader(position: position[f], wide: isWide[f]) }
}

/// Reads one feature's code from rows.
struct CodeReader: Sendable {
    let position: Int
    let wide: Bool

    @inline(__always)
    func code(_ row: UnsafePointer<UInt8>) -> Int {
        wide ? Int(UnsafeRawPointer(row + position).loadUnaligned(as: UInt16.self)) : Int(row[position])
    }
}
