import COpenBLAS
import TabularData

/// Per-column mean and scale over the non-missing values (scale 1 for constant or empty columns).
struct ColumnStatistics {
    var means: [Double]
    var scales: [Double]

    /// Two passes per column (mean, then squared deviations) in Double.
    ///
    /// - Throws: ``LinearModelError/nonFiniteFeature(dataset:feature:row:)`` for ±∞.
    static func compute(_ dataset: Dataset) throws -> ColumnStatistics {
        var means = [Double](repeating: 0, count: dataset.featureCount)
        var scales = [Double](repeating: 1, count: dataset.featureCount)
        for (f, column) in dataset.columns.enumerated() {
            let result: (mean: Double, scale: Double, infiniteRow: Int?) = column.withUnsafeBufferPointer { values in
                var sum = 0.0
                var count = 0
                var low = Float.infinity
                var high = -Float.infinity
                for (r, x) in values.enumerated() where !x.isNaN {
                    if x.isInfinite { return (0, 1, r) }
                    sum += Double(x)
                    count += 1
                    low = min(low, x)
                    high = max(high, x)
                }
                guard count > 0 else { return (0, 1, nil) }
                // Constant columns: exact mean, unit scale (no rounding noise blown up to ±1).
                guard low < high else { return (Double(low), 1, nil) }
                let mean = sum / Double(count)
                var squares = 0.0
                for x in values where !x.isNaN {
                    let d = Double(x) - mean
                    squares += d * d
                }
                let deviation = (squares / Double(count)).squareRoot()
                return (mean, deviation > 0 && deviation.isFinite ? deviation : 1, nil)
            }
            if let row = result.infiniteRow {
                throw LinearModelError.nonFiniteFeature(dataset: "training", feature: dataset.featureNames[f], row: row)
            }
            means[f] = result.mean
            scales[f] = result.scale
        }
        return ColumnStatistics(means: means, scales: scales)
    }
}

/// The standardized design matrix `Z = [1 | (X − mean) / scale]` (NaN → 0), never stored whole:
/// it is materialised block by block (column-major, `rows × (features + 1)`, column 0 = the
/// intercept's ones) into a scratch buffer, and every product with it goes through BLAS.
struct StandardizedDesign {
    /// Rows per block: 4096 × 41 doubles ≈ 1.3 MB, comfortably inside L2/L3.
    static let blockRows = 4096

    /// One column per model feature; `nil` for a feature absent from the data (always missing).
    let columns: [[Float]?]
    let means: [Double]
    let inverseScales: [Double]
    let rowCount: Int
    /// The hashed one-hot columns of categorical features, after the dense ones.
    let hashed: HashedColumns?

    /// Coefficients of the dense part: the intercept plus one per feature.
    var denseWidth: Int { columns.count + 1 }

    /// Number of coefficients: the dense part, then one per hashed column.
    var parameterCount: Int { denseWidth + (hashed?.bucketCount ?? 0) }

    init(columns: [[Float]?], means: [Double], scales: [Double], rowCount: Int, hashed: HashedColumns? = nil) {
        self.columns = columns
        self.means = means
        self.inverseScales = scales.map { 1 / $0 }
        self.rowCount = rowCount
        self.hashed = hashed
    }

    /// Standardizes one value: missing (NaN) becomes 0, i.e. the training mean.
    @inline(__always)
    static func standardize(_ x: Float, mean: Double, inverseScale: Double) -> Double {
        x.isNaN ? 0 : (Double(x) - mean) * inverseScale
    }

    /// Calls `body(block, rows)` for consecutive row ranges; `block` holds `Z[rows, :]`
    /// column-major with leading dimension `rows.count`, and may be overwritten by `body`.
    func forEachBlock(_ body: (UnsafeMutablePointer<Double>, Range<Int>) -> Void) {
        let width = denseWidth
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: Self.blockRows * width)
        defer { scratch.deallocate() }
        var start = 0
        while start < rowCount {
            let rows = start..<min(start + Self.blockRows, rowCount)
            fill(scratch, rows: rows)
            body(scratch, rows)
            start = rows.upperBound
        }
    }

    private func fill(_ block: UnsafeMutablePointer<Double>, rows: Range<Int>) {
        let count = rows.count
        block.update(repeating: 1, count: count)
        for f in columns.indices {
            let destination = block + (f + 1) * count
            guard let column = columns[f] else {
                destination.update(repeating: 0, count: count)
                continue
            }
            let mean = means[f]
            let inverseScale = inverseScales[f]
            column.withUnsafeBufferPointer { values in
                guard let base = values.baseAddress, values.count >= rows.upperBound else {
                    destination.update(repeating: 0, count: count)  // Unreachable: Dataset checks lengths.
                    return
                }
                let source = base + rows.lowerBound
                for i in 0..<count {
                    destination[i] = Self.standardize(source[i], mean: mean, inverseScale: inverseScale)
                }
            }
        }
    }

    /// `Z · coefficients` (`coefficients[0]` is the intercept).
    func product(_ coefficients: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: rowCount)
        out.withUnsafeMutableBufferPointer { result in
            guard let base = result.baseAddress else { return }
            forEachBlock { block, rows in
                let count = Int32(rows.count)
                cblas_dgemv(
                    CblasColMajor, CblasNoTrans, count, Int32(denseWidth), 1, block, count,
                    coefficients, 1, 0, base + rows.lowerBound, 1)
            }
        }
        hashed?.addProduct(coefficients, offset: denseWidth, into: &out)
        return out
    }

    /// `Zᵀ · residuals / rowCount`.
    func transposeProduct(_ residuals: [Double]) -> [Double] {
        var gradient = [Double](repeating: 0, count: parameterCount)
        let alpha = 1 / Double(rowCount)
        residuals.withUnsafeBufferPointer { r in
            guard let base = r.baseAddress else { return }
            forEachBlock { block, rows in
                let count = Int32(rows.count)
                cblas_dgemv(
                    CblasColMajor, CblasTrans, count, Int32(denseWidth), alpha, block, count,
                    base + rows.lowerBound, 1, 1, &gradient, 1)
            }
        }
        hashed?.addTransposeProduct(residuals, alpha: alpha, offset: denseWidth, into: &gradient)
        return gradient
    }

    /// `(Zᵀ·residuals / n, ZᵀWZ / n)` in one pass; the Hessian is full (both triangles), p × p.
    /// Dense designs only (Newton's solver): hashed designs train with L-BFGS.
    func gradientAndHessian(residuals: [Double], weights: [Double]) -> (gradient: [Double], hessian: [Double]) {
        precondition(hashed == nil, "a hashed design has no dense Hessian; train it with L-BFGS")
        let p = parameterCount
        var gradient = [Double](repeating: 0, count: p)
        var hessian = [Double](repeating: 0, count: p * p)
        let alpha = 1 / Double(rowCount)
        var rootWeights = [Double](repeating: 0, count: Self.blockRows)
        residuals.withUnsafeBufferPointer { r in
            weights.withUnsafeBufferPointer { w in
                guard let base = r.baseAddress else { return }
                forEachBlock { block, rows in
                    let count = rows.count
                    cblas_dgemv(
                        CblasColMajor, CblasTrans, Int32(count), Int32(p), alpha, block, Int32(count),
                        base + rows.lowerBound, 1, 1, &gradient, 1)
                    for i in 0..<count { rootWeights[i] = w[rows.lowerBound + i].squareRoot() }
                    rootWeights.withUnsafeBufferPointer { root in
                        for j in 0..<p {
                            let column = block + j * count
                            for i in 0..<count { column[i] *= root[i] }
                        }
                    }
                    // Upper triangle of the column-major p × p accumulator.
                    cblas_dsyrk(
                        CblasColMajor, CblasUpper, CblasTrans, Int32(p), Int32(count), alpha,
                        block, Int32(count), 1, &hessian, Int32(p))
                }
            }
        }
        for j in 0..<p {
            for i in 0..<j { hessian[j + i * p] = hessian[i + j * p] }
        }
        return (gradient, hessian)
    }
}
