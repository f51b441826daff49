/// Multi-selection: rearranges values so that chosen ranks hold exactly the values a full sort
/// would put there, without sorting everything.
///
/// Quickselect generalized to several ranks: partition once around a pivot (which lands at its
/// final rank), then continue only into the parts that contain wanted ranks. Pivots are medians
/// of three (ninthers on large parts) sampled across the part; a part whose pivot equals the
/// smallest value it can hold (a run of duplicates) is split into "equal" and "greater" instead,
/// so duplicates cost one pass. Past a depth of about 2·log2(n) a part is sorted outright, so no
/// input can make the work quadratic: O(n·log(ranks)) expected, O(n·log n) worst case.
enum OrderStatistics {
    /// Rearranges `values` (finite, no NaN) so that `values[r]` is the r-th smallest (0-based) for
    /// every r in `ranks` (ascending, distinct, in `values.indices`). Other positions hold the
    /// remaining values in an unspecified order.
    /// `depthLimit` overrides the partitioning depth after which parts are sorted (for tests).
    static func select(_ values: UnsafeMutableBufferPointer<Double>, ranks: [Int], depthLimit: Int? = nil) {
        guard let base = values.baseAddress, values.count > 1, !ranks.isEmpty else { return }
        var depth = 2
        var n = values.count
        while n > 1 {
            depth += 2
            n >>= 1
        }
        let depthLimit = depthLimit ?? depth
        ranks.withUnsafeBufferPointer { wanted in
            select(base, 0, values.count, wanted, 0, wanted.count, depthLimit, -.infinity)
        }
    }

    /// Parts this small are sorted by insertion.
    static let smallPart = 24

    /// Selects `ranks[rLo..<rHi]` (all within `lo..<hi`) in `a[lo..<hi]`, whose values are all
    /// ≥ `floor` (−∞ when nothing is known).
    static func select(
        _ a: UnsafeMutablePointer<Double>, _ lo: Int, _ hi: Int, _ ranks: UnsafeBufferPointer<Int>,
        _ rLo: Int, _ rHi: Int, _ depth: Int, _ floor: Double
    ) {
        var lo = lo
        var hi = hi
        var rLo = rLo
        var rHi = rHi
        var depth = depth
        var floor = floor
        while rLo < rHi {
            let n = hi - lo
            if n <= smallPart {
                insertionSort(a, lo, hi)
                return
            }
            if depth == 0 {
                var part = UnsafeMutableBufferPointer(start: a + lo, count: n)
                part.sort()
                return
            }
            depth -= 1
            let pivotIndex = choosePivot(a, lo, hi)
            let pivot = a[pivotIndex]
            if !(floor < pivot) {
                // The pivot is the smallest value the part can hold: gather its copies first.
                let equalEnd = partition(a, lo, hi) { $0 <= pivot }
                while rLo < rHi, ranks[rLo] < equalEnd { rLo += 1 }
                lo = equalEnd
                continue
            }
            let p = partitionAroundPivot(a, lo, hi, pivotIndex)
            // Ranks below p go left, p is done, ranks above p go right.
            var split = rLo
            while split < rHi, ranks[split] < p { split += 1 }
            let rightStart = split < rHi && ranks[split] == p ? split + 1 : split
            // Recurse into the side with fewer values, loop on the other (bounded stack).
            if p - lo < hi - p - 1 {
                select(a, lo, p, ranks, rLo, split, depth, floor)
                lo = p + 1
                rLo = rightStart
                floor = pivot
            } else {
                select(a, p + 1, hi, ranks, rightStart, rHi, depth, pivot)
                hi = p
                rHi = split
            }
        }
    }

    /// The index of a pivot in `a[lo..<hi]`: the median of three samples spread over the part,
    /// or of three such medians (a ninther) on large parts.
    @inline(__always)
    static func choosePivot(_ a: UnsafeMutablePointer<Double>, _ lo: Int, _ hi: Int) -> Int {
        let n = hi - lo
        let quarter = n / 4
        let middle = lo + n / 2
        guard n >= 512 else { return medianIndex(a, lo + quarter, middle, hi - 1 - quarter) }
        let step = n / 8
        return medianIndex(
            a, medianIndex(a, lo + step / 2, lo + step, lo + 2 * step),
            medianIndex(a, middle - step / 2, middle, middle + step / 2),
            medianIndex(a, hi - 1 - 2 * step, hi - 1 - step, hi - 1 - step / 2))
    }

    /// The index (i, j or k) of the median of `a[i]`, `a[j]`, `a[k]`.
    @inline(__always)
    static func medianIndex(_ a: UnsafeMutablePointer<Double>, _ i: Int, _ j: Int, _ k: Int) -> Int {
        let x = a[i]
        let y = a[j]
        let z = a[k]
        if x < y {
            if y < z { return j }
            return x < z ? k : i
        }
        if x < z { return i }
        return y < z ? k : j
    }

    /// Moves the values satisfying `isLeft` to the front of `a[lo..<hi]` (branch-free Lomuto)
    /// and returns where the rest begins.
    @inline(__always)
    static func partition(_ a: UnsafeMutablePointer<Double>, _ lo: Int, _ hi: Int, _ isLeft: (Double) -> Bool) -> Int {
        var first = lo
        for read in lo..<hi {
            // `a[first..<read]` holds only right-side values: swapping keeps it so either way.
            let x = a[read]
            a[read] = a[first]
            a[first] = x
            first &+= Int(unsafeBitCast(isLeft(x), to: UInt8.self))  // no branch to mispredict
        }
        return first
    }

    /// Partitions `a[lo..<hi]` around its value at `pivotIndex`: returns p where that value now
    /// is, with the values before p smaller and those after p not smaller. Values are only moved.
    @inline(__always)
    static func partitionAroundPivot(_ a: UnsafeMutablePointer<Double>, _ lo: Int, _ hi: Int, _ pivotIndex: Int) -> Int {
        swap(a, lo, pivotIndex)
        let pivot = a[lo]
        let boundary = partition(a, lo + 1, hi) { $0 < pivot }
        swap(a, lo, boundary - 1)
        return boundary - 1
    }

    @inline(__always)
    static func swap(_ a: UnsafeMutablePointer<Double>, _ i: Int, _ j: Int) {
        let t = a[i]
        a[i] = a[j]
        a[j] = t
    }

    static func insertionSort(_ a: UnsafeMutablePointer<Double>, _ lo: Int, _ hi: Int) {
        guard hi - lo > 1 else { return }
        for i in (lo + 1)..<hi {
            let x = a[i]
            var j = i
            while j > lo, a[j - 1] > x {
                a[j] = a[j - 1]
                j -= 1
            }
            a[j] = x
        }
    }
}
