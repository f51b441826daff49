import Foundation
import TabularData

/// The training rows in node order: each row's bin codes (one byte per feature, two for
/// categorical features with more than 256 codes; see `RowLayout`), row-major,
/// gradient, hessian, label, margin and original index, kept together. Partitioning a node
/// moves whole rows, so every node's rows are contiguous and histogram building streams
/// through memory instead of chasing row indices (the dominant cost otherwise: one cache miss
/// per row at every level).
final class RowStore: @unchecked Sendable {
    let rowCount: Int
    let featureCount: Int
    /// Where each feature's code sits in a row.
    let layout: RowLayout
    /// Bytes per row in `codes`: whole 8-byte words, so a row moves as a few aligned word copies.
    let rowStride: Int
    let codes: UnsafeMutablePointer<UInt8>
    let gradients: UnsafeMutablePointer<Float>
    let hessians: UnsafeMutablePointer<Float>
    let labels: UnsafeMutablePointer<Float>
    let margins: UnsafeMutablePointer<Float>
    let index: UnsafeMutablePointer<UInt32>
    // Scratch space of the same shape (same positions), for stable partitioning.
    private let spillCodes: UnsafeMutablePointer<UInt8>
    private let spillGradients: UnsafeMutablePointer<Float>
    private let spillHessians: UnsafeMutablePointer<Float>
    private let spillLabels: UnsafeMutablePointer<Float>
    private let spillMargins: UnsafeMutablePointer<Float>
    private let spillIndex: UnsafeMutablePointer<UInt32>

    /// Bins `data` (original row order) and sets every margin to `baseMargin`.
    init(_ data: Dataset, labels: [Float], cuts: BinCuts, baseMargin: Float, threads: Int) {
        let n = data.rowCount
        let features = data.featureCount
        rowCount = n
        featureCount = features
        let layout = RowLayout(cuts)
        self.layout = layout
        let stride = layout.stride
        rowStride = stride
        codes = .allocate(capacity: max(1, n * stride))
        codes.initialize(repeating: 0, count: max(1, n * stride))
        gradients = .allocate(capacity: max(1, n))
        hessians = .allocate(capacity: max(1, n))
        self.labels = .allocate(capacity: max(1, n))
        margins = .allocate(capacity: max(1, n))
        index = .allocate(capacity: max(1, n))
        spillCodes = .allocate(capacity: max(1, n * stride))
        spillGradients = .allocate(capacity: max(1, n))
        spillHessians = .allocate(capacity: max(1, n))
        spillLabels = .allocate(capacity: max(1, n))
        spillMargins = .allocate(capacity: max(1, n))
        spillIndex = .allocate(capacity: max(1, n))
        gradients.initialize(repeating: 0, count: n)
        hessians.initialize(repeating: 0, count: n)
        margins.initialize(repeating: baseMargin, count: n)
        labels.withUnsafeBufferPointer { self.labels.initialize(from: $0.baseAddress!, count: n) }
        for r in 0..<n { index[r] = UInt32(r) }
        let codes = self.codes
        let padded = cuts.thresholds.map(BinCuts.paddedThresholds)
        // Bin in blocks of rows so the row-major writes stay in cache.
        let block = 4096
        let blocks = (n + block - 1) / block
        let workers = max(1, min(threads, blocks))
        Parallel.run(workers) { worker in
            var b = worker
            var column = [UInt8](repeating: 0, count: block)
            while b < blocks {
                let start = b * block
                let end = min(n, start + block)
                for f in 0..<features {
                    let missing = UInt8(truncatingIfNeeded: cuts.missingBin(f))
                    let realThresholds = cuts.thresholds[f].count
                    if let bins = cuts.categories[f] {
                        let missingCode = UInt16(cuts.missingBin(f))
                        let position = layout.position[f]
                        let wide = layout.isWide[f]
                        data.columns[f].withUnsafeBufferPointer { values in
                            for r in start..<end {
                                let v = values[r]
                                let code = v.isNaN ? missingCode : bins.binOfCode[Int(v)]
                                let target = codes + r * stride + position
                                if wide {
                                    UnsafeMutableRawPointer(target).storeBytes(of: code, as: UInt16.self)
                                } else {
                                    target.pointee = UInt8(truncatingIfNeeded: code)
                                }
                            }
                        }
                        continue
                    }
                    data.columns[f].withUnsafeBufferPointer { values in
                        padded[f].withUnsafeBufferPointer { table in
                            for r in start..<end {
                                let v = values[r]
                                column[r - start] =
                                    v.isNaN
                                    ? missing : UInt8(truncatingIfNeeded: min(BinCuts.branchlessBin(of: v, padded: table), realThresholds))
                            }
                        }
                    }
                    var target = start * stride + layout.position[f]
                    for r in 0..<(end - start) {
                        codes[target] = column[r]
                        target += stride
                    }
                }
                b += workers
            }
        }
    }

    deinit {
        for pointer in [gradients, hessians, labels, margins, spillGradients, spillHessians, spillLabels, spillMargins] {
            pointer.deallocate()
        }
        codes.deallocate()
        index.deallocate()
        spillCodes.deallocate()
        spillIndex.deallocate()
    }

    /// Stable partition of rows `start..<start+count` by a split: rows the rule sends left
    /// first. Returns the number of left rows. Different ranges may be partitioned concurrently;
    /// a big range is itself split across `threads` (count, then scatter into the scratch
    /// space, then copy back).
    func partition(start: Int, count: Int, feature: Int, rule: BinRule, threads: Int = 1) -> Int {
        let reader = layout.reader(feature)
        guard let set = rule.set else {
            let decision = ThresholdDecision(reader: reader, bin: rule.bin, missingCode: rule.missingCode, defaultLeft: rule.defaultLeft)
            return partition(start: start, count: count, decision, threads: threads)
        }
        return set.words.withUnsafeBufferPointer { words in
            let decision = SetDecision(
                reader: reader, words: words.baseAddress!, wordCount: words.count, missingCode: rule.missingCode,
                defaultLeft: rule.defaultLeft)
            return partition(start: start, count: count, decision, threads: threads)
        }
    }

    /// `partition(start:count:feature:rule:threads:)` with the rule resolved to a decision on a
    /// row's codes (specialized per kind of split).
    private func partition<D: RowDecision>(start: Int, count: Int, _ decision: D, threads: Int) -> Int {
        let stride = rowStride
        let codes = self.codes
        @inline(__always) func goesLeft(_ i: Int) -> Bool {
            decision.goesLeft(codes + i &* stride)
        }
        let workers = min(threads, count / 65_536)
        guard workers > 1 else {
            return partitionRows(start: start, count: count) { _, i in goesLeft(i) }
        }
        let chunk = (count + workers - 1) / workers
        let lefts = ConcurrentResults<Int>(count: workers)
        Parallel.run(workers) { t in
            let a = start + t * chunk
            let b = min(start + count, a + chunk)
            var n = 0
            for i in a..<max(a, b) where goesLeft(i) { n += 1 }
            lefts.set(t, n)
        }
        let leftCounts = lefts.values
        let totalLeft = leftCounts.reduce(0, +)
        Parallel.run(workers) { t in
            let a = start + t * chunk
            let b = min(start + count, a + chunk)
            var left = start + leftCounts[..<t].reduce(0, +)
            var right = start + totalLeft + (t * chunk - leftCounts[..<t].reduce(0, +))
            for i in a..<max(a, b) {
                let target: Int
                if goesLeft(i) {
                    target = left
                    left += 1
                } else {
                    target = right
                    right += 1
                }
                copyRow(from: codes + i * stride, to: spillCodes + target * stride)
                spillGradients[target] = gradients[i]
                spillHessians[target] = hessians[i]
                spillLabels[target] = labels[i]
                spillMargins[target] = margins[i]
                spillIndex[target] = index[i]
            }
        }
        Parallel.run(workers) { t in
            let a = start + t * chunk
            let b = min(start + count, a + chunk)
            guard a < b else { return }
            (codes + a * stride).update(from: spillCodes + a * stride, count: (b - a) * stride)
            (gradients + a).update(from: spillGradients + a, count: b - a)
            (hessians + a).update(from: spillHessians + a, count: b - a)
            (labels + a).update(from: spillLabels + a, count: b - a)
            (margins + a).update(from: spillMargins + a, count: b - a)
            (index + a).update(from: spillIndex + a, count: b - a)
        }
        return totalLeft
    }

    /// Stable partition by any per-row decision (given the row's codes and its position), on
    /// the calling thread.
    @inline(__always)
    func partitionRows(start: Int, count: Int, goesLeft: (UnsafePointer<UInt8>, Int) -> Bool) -> Int {
        let stride = rowStride
        var left = start
        var right = start
        for i in start..<(start + count) {
            let row = codes + i * stride
            if goesLeft(row, i) {
                if left != i { move(from: i, to: left) }
                left += 1
            } else {
                copyRow(from: row, to: spillCodes + right * stride)
                spillGradients[right] = gradients[i]
                spillHessians[right] = hessians[i]
                spillLabels[right] = labels[i]
                spillMargins[right] = margins[i]
                spillIndex[right] = index[i]
                right += 1
            }
        }
        let rights = right - start
        (codes + left * stride).update(from: spillCodes + start * stride, count: rights * stride)
        (gradients + left).update(from: spillGradients + start, count: rights)
        (hessians + left).update(from: spillHessians + start, count: rights)
        (labels + left).update(from: spillLabels + start, count: rights)
        (margins + left).update(from: spillMargins + start, count: rights)
        (index + left).update(from: spillIndex + start, count: rights)
        return left - start
    }

    @inline(__always)
    private func move(from source: Int, to target: Int) {
        copyRow(from: codes + source * rowStride, to: codes + target * rowStride)
        gradients[target] = gradients[source]
        hessians[target] = hessians[source]
        labels[target] = labels[source]
        margins[target] = margins[source]
        index[target] = index[source]
    }

    /// Copies one row of codes as aligned 8-byte words.
    @inline(__always)
    private func copyRow(from source: UnsafePointer<UInt8>, to target: UnsafeMutablePointer<UInt8>) {
        let s = UnsafeRawPointer(source)
        let t = UnsafeMutableRawPointer(target)
        var offset = 0
        while offset < rowStride {
            t.storeBytes(of: s.load(fromByteOffset: offset, as: UInt64.self), toByteOffset: offset, as: UInt64.self)
            offset &+= 8
        }
    }
}

/// Which side a row goes to, from its codes.
protocol RowDecision: Sendable {
    func goesLeft(_ row: UnsafePointer<UInt8>) -> Bool
}

/// A threshold split: bins ≤ `bin` go left; the missing code follows the default.
struct ThresholdDecision: RowDecision {
    let reader: CodeReader
    let bin: Int
    let missingCode: Int
    let defaultLeft: Bool

    @inline(__always)
    func goesLeft(_ row: UnsafePointer<UInt8>) -> Bool {
        let code = reader.code(row)
        return code == missingCode ? defaultLeft : code <= bin
    }
}

/// A categorical split: bins in the set (a bitmap of `wordCount` words) go right.
struct SetDecision: RowDecision, @unchecked Sendable {
    // The words outlive every use (the caller holds the set during the partition).
    let reader: CodeReader
    let words: UnsafePointer<UInt64>
    let wordCount: Int
    let missingCode: Int
    let defaultLeft: Bool

    @inline(__always)
    func goesLeft(_ row: UnsafePointer<UInt8>) -> Bool {
        let code = reader.code(row)
        if code == missingCode { return defaultLeft }
        let word = code >> 6
        return word >= wordCount || (words[word] >> UInt64(code & 63)) & 1 == 0
    }
}
