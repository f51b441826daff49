import Dispatch
import TabularData

/// Batch prediction: rows are split into one contiguous range per thread; each range is walked
/// in blocks of `blockRows` rows, every tree at a time for the whole block, one level at a time
/// for all rows of the block (independent loads the CPU can overlap, the tree stays in L1).
/// Results equal the single-row path bit for bit.
extension CompiledForest {
    /// Rows walked together through each tree.
    static let blockRows = 64
    /// Below this many rows per thread, extra threads are not worth starting.
    static let minimumRowsPerThread = 1024

    /// Predictions for `rows` rows stored row by row, `features` values each (`rowMajor[r *
    /// features + f]`, NaN = missing). Columns beyond `features` that the model reads are
    /// missing. `margin: true` returns raw scores (XGBoost's `output_margin=True`). `threads`
    /// caps the worker threads (fewer for small batches: at least 1,024 rows per thread).
    /// Throws when the buffer holds fewer than `rows × features` values.
    public func predict(
        rowMajor: UnsafeBufferPointer<Float>, rows: Int, features: Int,
        margin: Bool = false, threads: Int = 2
    ) throws -> [Float] {
        let (needed, overflow) = rows.multipliedReportingOverflow(by: features)
        guard rows >= 0, features >= 0, !overflow, rowMajor.count >= needed else {
            throw TreeModelError.shape("\(rows) rows × \(features) features do not fit a buffer of \(rowMajor.count) values")
        }
        guard rows > 0 else { return [] }
        let input = SendablePointer(pointer: rowMajor.baseAddress)
        let direct = features >= requiredWidth && requiredWidth > 0
        return run(rows: rows, margin: margin, threads: threads) { start, count, scratch in
            if direct, let base = input.pointer { return (base + start * features, features) }
            // Narrow rows: copy into a block padded with missing values.
            let width = max(requiredWidth, 1)
            for r in 0..<count {
                for f in 0..<width {
                    if f < features, let base = input.pointer {
                        scratch[r * width + f] = base[(start + r) * features + f]
                    } else {
                        scratch[r * width + f] = .nan
                    }
                }
            }
            return (UnsafePointer(scratch), width)
        }
    }

    /// `predict(rowMajor:rows:features:margin:threads:)` for an array.
    public func predict(
        rowMajor: [Float], rows: Int, features: Int,
        margin: Bool = false, threads: Int = 2
    ) throws -> [Float] {
        try rowMajor.withUnsafeBufferPointer {
            try predict(rowMajor: $0, rows: rows, features: features, margin: margin, threads: threads)
        }
    }

    /// Predictions for every row of `dataset`, whose columns are matched to the model's
    /// features by position (column `f` is feature `f`; map names to positions before calling).
    /// Categorical features are re-coded from the dataset's categories into the model's
    /// (`CategoryEncoder.recode`).
    public func predict(_ dataset: Dataset, margin: Bool = false, threads: Int = 2) -> [Float] {
        guard dataset.rowCount > 0 else { return [] }
        let columns = categories.isEmpty ? dataset.columns : categories.recode(dataset)
        let available = min(columns.count, requiredWidth)
        let width = max(requiredWidth, 1)
        return run(rows: dataset.rowCount, margin: margin, threads: threads) { start, count, scratch in
            for f in 0..<width {
                if f < available {
                    columns[f].withUnsafeBufferPointer { column in
                        for r in 0..<count { scratch[r * width + f] = column[start + r] }
                    }
                } else {
                    for r in 0..<count { scratch[r * width + f] = .nan }
                }
            }
            return (UnsafePointer(scratch), width)
        }
    }

    /// Splits `rows` over threads and blocks. `block(start, count, scratch)` returns `count` rows
    /// of at least `requiredWidth` values each and their stride, either in the input or copied
    /// into `scratch` (room for `blockRows` rows of `max(requiredWidth, 1)` values).
    private func run(
        rows: Int, margin: Bool, threads: Int,
        block: @escaping @Sendable (Int, Int, UnsafeMutablePointer<Float>) -> (UnsafePointer<Float>, Int)
    ) -> [Float] {
        let threadCount = max(1, min(threads, rows / CompiledForest.minimumRowsPerThread))
        let width = max(requiredWidth, 1)
        return [Float](unsafeUninitializedCapacity: rows) { output, initialized in
            let out = SendableMutablePointer(output.baseAddress)
            let work: @Sendable (Int) -> Void = { worker in
                guard let out = out.pointer else { return }
                let lower = rows * worker / threadCount
                let upper = rows * (worker + 1) / threadCount
                let scratch = UnsafeMutablePointer<Float>.allocate(capacity: CompiledForest.blockRows * width)
                defer { scratch.deallocate() }
                var start = lower
                while start < upper {
                    let count = min(CompiledForest.blockRows, upper - start)
                    let (values, stride) = block(start, count, scratch)
                    predictBlock(values, count: count, stride: stride, out: out + start, margin: margin)
                    start += count
                }
            }
            if threadCount == 1 {
                work(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: threadCount, execute: work)
            }
            initialized = rows
        }
    }
}

extension CompiledForest {
    /// Margins (or predictions) of `count ≤ blockRows` rows at `values` (row `r` starts at
    /// `values + r &* stride`) into `out[0..<count]`.
    func predictBlock(
        _ values: UnsafePointer<Float>, count: Int, stride: Int,
        out: UnsafeMutablePointer<Float>, margin: Bool
    ) {
        if hasCategoricalSplits {
            predictBlock(values, count: count, stride: stride, out: out, margin: margin, CategoricalStepper.self)
        } else {
            predictBlock(values, count: count, stride: stride, out: out, margin: margin, NumericStepper.self)
        }
    }

    private func predictBlock<S: NodeStepper>(
        _ values: UnsafePointer<Float>, count: Int, stride: Int,
        out: UnsafeMutablePointer<Float>, margin: Bool, _: S.Type
    ) {
        categoryWords.withUnsafeBufferPointer { wordBuffer in
            nodes.withUnsafeBufferPointer { nodeBuffer in
                guard let nodes = nodeBuffer.baseAddress else {
                    for r in 0..<count { out[r] = baseMargin }
                    return
                }
                let words = wordBuffer.baseAddress!
                withUnsafeTemporaryAllocation(of: Int.self, capacity: CompiledForest.blockRows) { positions in
                    for r in 0..<count { out[r] = baseMargin }
                    for tree in 0..<roots.count {
                        let root = Int(roots[tree])
                        let depth = Int(depths[tree])
                        if depth == 0 {
                            let leaf = nodes[root].leafValue
                            for r in 0..<count { out[r] += leaf }
                            continue
                        }
                        // First level: every row starts at the root.
                        for r in 0..<count { positions[r] = S.step(nodes, root, values + r &* stride, words) }
                        var level = 1
                        while level < depth {
                            var r = 0
                            var row = values
                            let stride4 = 4 &* stride
                            while r &+ 4 <= count {
                                positions[r] = S.step(nodes, positions[r], row, words)
                                positions[r &+ 1] = S.step(nodes, positions[r &+ 1], row + stride, words)
                                positions[r &+ 2] = S.step(nodes, positions[r &+ 2], row + 2 &* stride, words)
                                positions[r &+ 3] = S.step(nodes, positions[r &+ 3], row + 3 &* stride, words)
                                r &+= 4
                                row += stride4
                            }
                            while r < count {
                                positions[r] = S.step(nodes, positions[r], values + r &* stride, words)
                                r &+= 1
                            }
                            level += 1
                        }
                        for r in 0..<count { out[r] += nodes[positions[r]].leafValue }
                    }
                    if !margin {
                        for r in 0..<count { out[r] = CompiledForest.transform(out[r], objective: objective) }
                    }
                }
            }
        }
    }
}

/// A raw pointer handed to worker threads that only touch disjoint parts of it.
struct SendablePointer: @unchecked Sendable {
    let pointer: UnsafePointer<Float>?
}

/// A raw output pointer handed to worker threads that write disjoint row ranges.
struct SendableMutablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>?
    init(_ pointer: UnsafeMutablePointer<Float>?) { self.pointer = pointer }
}
