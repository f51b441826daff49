import Foundation
import TabularData

/// The training rows in node order: each row's bin codes (one byte per feature, row-major),
/// gradient, hessian, label, margin and original index, kept together. Partitioning a node
/// moves whole rows, so every node's rows are contiguous and histogram building streams
/// through memory instead of chasing row indices (the dominant cost otherwise: one cache miss
/// per row at every level).
final class RowStore: @unchecked Sendable {
    let rowCount: Int
    let featureCount: Int
    /// Bytes per row in `codes`: the feature count rounded up to whole 8-byte words, so a row
    /// moves as a few aligned word copies.
    let rowStride: Int
    let codes: UnsafeMutablePointer<UInt8>
    let gradients: UnsafeMutablePointer<Float>
    let hessians: UnsafeMutablePointer<Float>
    let labels: UnsafeMutablePointer<Float>
    let margins: UnsafeMutablePointer<Float>
    let index: UnsafeMutablePointer<UInt32>
    // Scratch space of the same shape, for stable partitioning.
    private let spillCodes: UnsafeMutablePointer<UInt8>
    private let spillScalars: UnsafeMutablePointer<Float>
    private let spillIndex: UnsafeMutablePointer<UInt32>

    /// Bins `data` (original row order) and sets every margin to `baseMargin`.
    init(_ data: Dataset, labels: [Float], cuts: BinCuts, baseMargin: Float, threads: Int) {
        let n = data.rowCount
        let features = data.featureCount
        rowCount = n
        featureCount = features
        let stride = (features + 7) / 8 * 8
        rowStride = stride
        codes = .allocate(capacity: max(1, n * stride))
        codes.initialize(repeating: 0, count: max(1, n * stride))
        gradients = .allocate(capacity: max(1, n))
        hessians = .allocate(capacity: max(1, n))
        self.labels = .allocate(capacity: max(1, n))
        margins = .allocate(capacity: max(1, n))
        index = .allocate(capacity: max(1, n))
        spillCodes = .allocate(capacity: max(1, n * stride))
        spillScalars = .allocate(capacity: max(1, 4 * n))
        spillIndex = .allocate(capacity: max(1, n))
        gradients.initialize(repeating: 0, count: n)
        hessians.initialize(repeating: 0, count: n)
        margins.initialize(repeating: baseMargin, count: n)
        labels.withUnsafeBufferPointer { self.labels.initialize(from: $0.baseAddress!, count: n) }
        for r in 0..<n { index[r] = UInt32(r) }
        let codes = self.codes
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
                    data.columns[f].withUnsafeBufferPointer { values in
                        cuts.thresholds[f].withUnsafeBufferPointer { thresholds in
                            for r in start..<end {
                                let v = values[r]
                                column[r - start] = v.isNaN ? missing : UInt8(truncatingIfNeeded: BinCuts.bin(of: v, thresholds: thresholds))
                            }
                        }
                    }
                    var target = start * stride + f
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
        for pointer in [gradients, hessians, labels, margins] { pointer.deallocate() }
        codes.deallocate()
        index.deallocate()
        spillCodes.deallocate()
        spillScalars.deallocate()
        spillIndex.deallocate()
    }

    /// Stable partition of rows `start..<start+count` by a split: rows whose bin in `feature` is
    /// ≤ `bin` (or that are missing, when `defaultLeft`) first. Returns the number of left rows.
    /// Different ranges may be partitioned concurrently.
    func partition(start: Int, count: Int, feature: Int, bin: Int, missingCode: Int, defaultLeft: Bool) -> Int {
        partitionRows(start: start, count: count) { row, _ in
            let code = Int(row[feature])
            return code == missingCode ? defaultLeft : code <= bin
        }
    }

    /// Stable partition by any per-row decision (given the row's codes and its position).
    @inline(__always)
    func partitionRows(start: Int, count: Int, goesLeft: (UnsafePointer<UInt8>, Int) -> Bool) -> Int {
        let stride = rowStride
        var left = start
        var right = 0
        let spillG = spillScalars + start * 4
        for i in start..<(start + count) {
            let row = codes + i * stride
            if goesLeft(row, i) {
                if left != i { move(from: i, to: left) }
                left += 1
            } else {
                copyRow(from: row, to: spillCodes + (start + right) * stride)
                spillG[right * 4] = gradients[i]
                spillG[right * 4 + 1] = hessians[i]
                spillG[right * 4 + 2] = labels[i]
                spillG[right * 4 + 3] = margins[i]
                spillIndex[start + right] = index[i]
                right += 1
            }
        }
        for k in 0..<right {
            copyRow(from: spillCodes + (start + k) * stride, to: codes + (left + k) * stride)
            gradients[left + k] = spillG[k * 4]
            hessians[left + k] = spillG[k * 4 + 1]
            labels[left + k] = spillG[k * 4 + 2]
            margins[left + k] = spillG[k * 4 + 3]
            index[left + k] = spillIndex[start + k]
        }
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
