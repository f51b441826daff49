import Foundation
import TabularData

/// One copy of the training rows' columns: each row's bin codes (row-major, `stride` bytes per
/// row), gradient, hessian, label and margin.
final class RowBuffer: @unchecked Sendable {
    let codes: UnsafeMutablePointer<UInt8>
    let gradients: UnsafeMutablePointer<Float>
    let hessians: UnsafeMutablePointer<Float>
    let labels: UnsafeMutablePointer<Float>
    let margins: UnsafeMutablePointer<Float>
    let stride: Int

    init(rows: Int, stride: Int) {
        self.stride = stride
        codes = .allocate(capacity: max(1, rows * stride))
        gradients = .allocate(capacity: max(1, rows))
        hessians = .allocate(capacity: max(1, rows))
        labels = .allocate(capacity: max(1, rows))
        margins = .allocate(capacity: max(1, rows))
    }

    deinit {
        codes.deallocate()
        for pointer in [gradients, hessians, labels, margins] { pointer.deallocate() }
    }

    /// Copies row `source` of `from` to row `target` of this buffer (codes as whole words).
    @inline(__always)
    func copyRow(_ source: Int, of from: RowBuffer, to target: Int) {
        let s = UnsafeRawPointer(from.codes + source &* stride)
        let t = UnsafeMutableRawPointer(codes + target &* stride)
        var offset = 0
        while offset < stride {
            t.storeBytes(of: s.load(fromByteOffset: offset, as: UInt64.self), toByteOffset: offset, as: UInt64.self)
            offset &+= 8
        }
        gradients[target] = from.gradients[source]
        hessians[target] = from.hessians[source]
        labels[target] = from.labels[source]
        margins[target] = from.margins[source]
    }

    /// Copies rows `start..<start+count` of `from` to the same rows of this buffer.
    func copyRange(start: Int, count: Int, of from: RowBuffer) {
        guard count > 0 else { return }
        (codes + start * stride).update(from: from.codes + start * stride, count: count * stride)
        (gradients + start).update(from: from.gradients + start, count: count)
        (hessians + start).update(from: from.hessians + start, count: count)
        (labels + start).update(from: from.labels + start, count: count)
        (margins + start).update(from: from.margins + start, count: count)
    }
}

/// The training rows in node order, in two buffers (see `RowBuffer`): partitioning a node moves
/// its rows from the buffer they are in to the other one, lefts first, so every node's rows are
/// contiguous and histogram building streams through memory instead of chasing row indices (one
/// cache miss per row at every level otherwise). Moving to the other buffer instead of back into
/// place saves copying every row back at every level; a node records which buffer holds its
/// rows, and after each tree `gather` brings all rows into one buffer, the `front`.
final class RowStore: @unchecked Sendable {
    let rowCount: Int
    let featureCount: Int
    /// Where each feature's code sits in a row.
    let layout: RowLayout
    /// Bytes per row of codes: whole 8-byte words, so a row moves as a few aligned word copies.
    let rowStride: Int
    /// The two buffers; `front` holds every row between trees.
    let buffers: [RowBuffer]
    private(set) var front: Int = 0

    var codes: UnsafeMutablePointer<UInt8> { buffers[front].codes }
    var gradients: UnsafeMutablePointer<Float> { buffers[front].gradients }
    var hessians: UnsafeMutablePointer<Float> { buffers[front].hessians }
    var labels: UnsafeMutablePointer<Float> { buffers[front].labels }
    var margins: UnsafeMutablePointer<Float> { buffers[front].margins }

    /// Bins `data` (original row order) into the front buffer and sets every margin to `baseMargin`.
    init(_ data: Dataset, labels: [Float], cuts: BinCuts, baseMargin: Float, threads: Int) {
        let n = data.rowCount
        let features = data.featureCount
        rowCount = n
        featureCount = features
        let layout = RowLayout(cuts)
        self.layout = layout
        let stride = layout.stride
        rowStride = stride
        buffers = [RowBuffer(rows: n, stride: stride), RowBuffer(rows: n, stride: stride)]
        let first = buffers[0]
        let codes = first.codes
        codes.initialize(repeating: 0, count: max(1, n * stride))
        first.gradients.initialize(repeating: 0, count: n)
        first.hessians.initialize(repeating: 0, count: n)
        first.margins.initialize(repeating: baseMargin, count: n)
        labels.withUnsafeBufferPointer { first.labels.initialize(from: $0.baseAddress!, count: n) }
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

    /// Partition of rows `start..<start+count`, which sit in buffer `source`, by a split: the
    /// rows move to the same range of the other buffer, rows the rule sends left first (in
    /// order; right rows may come reversed). Returns the number of left rows. Different ranges
    /// may be partitioned concurrently; a big range is itself split across `threads` (count,
    /// then scatter).
    func partition(start: Int, count: Int, feature: Int, rule: BinRule, from source: Int, threads: Int = 1) -> Int {
        let reader = layout.reader(feature)
        guard let set = rule.set else {
            let decision = ThresholdDecision(reader: reader, bin: rule.bin, missingCode: rule.missingCode, defaultLeft: rule.defaultLeft)
            return partition(start: start, count: count, decision, from: source, threads: threads)
        }
        return set.words.withUnsafeBufferPointer { words in
            let decision = SetDecision(
                reader: reader, words: words.baseAddress!, wordCount: words.count, missingCode: rule.missingCode,
                defaultLeft: rule.defaultLeft)
            return partition(start: start, count: count, decision, from: source, threads: threads)
        }
    }

    /// `partition(start:count:feature:rule:from:threads:)` with the rule resolved to a decision
    /// on a row's codes (specialized per kind of split).
    private func partition<D: RowDecision>(start: Int, count: Int, _ decision: D, from source: Int, threads: Int) -> Int {
        let from = buffers[source]
        let to = buffers[1 - source]
        let stride = rowStride
        let codes = from.codes
        @inline(__always) func goesLeft(_ i: Int) -> Bool {
            decision.goesLeft(codes + i &* stride)
        }
        let workers = min(threads, count / 65_536)
        guard workers > 1 else {
            return moveRows(start: start, count: count, from: from, to: to) { i in goesLeft(i) }
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
            let leftsBefore = leftCounts[..<t].reduce(0, +)
            var left = start + leftsBefore
            var right = start + totalLeft + (t * chunk - leftsBefore)
            for i in a..<max(a, b) {
                if goesLeft(i) {
                    to.copyRow(i, of: from, to: left)
                    left &+= 1
                } else {
                    to.copyRow(i, of: from, to: right)
                    right &+= 1
                }
            }
        }
        return totalLeft
    }

    /// Partition of rows `start..<start+count` from one buffer into the same range of another,
    /// on the calling thread: left rows in order from the start, right rows from the end
    /// backwards (one pass, no count). Returns the number of left rows.
    @inline(__always)
    private func moveRows(start: Int, count: Int, from: RowBuffer, to: RowBuffer, goesLeft: (Int) -> Bool) -> Int {
        var left = start
        var right = start + count - 1
        for i in start..<(start + count) {
            if goesLeft(i) {
                to.copyRow(i, of: from, to: left)
                left &+= 1
            } else {
                to.copyRow(i, of: from, to: right)
                right &-= 1
            }
        }
        return left - start
    }

    /// Moves every row the decision (given a row's position) keeps to the front of the store,
    /// on the calling thread and in row order (so a random decision stays reproducible); the
    /// other buffer becomes the front. Returns how many rows were kept.
    func keepFirst(_ keep: (Int) -> Bool) -> Int {
        let kept = moveRows(start: 0, count: rowCount, from: buffers[front], to: buffers[1 - front], goesLeft: keep)
        front = 1 - front
        return kept
    }

    /// Brings every row into one buffer after a tree: `ranges` (start, count, buffer) cover the
    /// store; the buffer holding most rows becomes the front and the others' rows are copied to it.
    func gather(_ ranges: [(start: Int, count: Int, buffer: Int)]) {
        var rowsIn = [0, 0]
        for range in ranges { rowsIn[range.buffer] += range.count }
        let target = rowsIn[1] > rowsIn[0] ? 1 : 0
        let moves = ranges.filter { $0.buffer != target && $0.count > 0 }.sorted { $0.count > $1.count }
        let to = buffers[target]
        let from = buffers[1 - target]
        Parallel.run(min(2, moves.count)) { worker in
            for m in stride(from: worker, to: moves.count, by: 2) { to.copyRange(start: moves[m].start, count: moves[m].count, of: from) }
        }
        front = target
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
