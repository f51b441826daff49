/// The hashed one-hot part of a logistic regression's design: per row, one bucket per hashed
/// feature (value 1 there, 0 elsewhere), stored as bucket numbers, never as a matrix.
struct HashedColumns: Sendable {
    /// Row-major buckets, `width` per row.
    let buckets: [Int32]
    /// Hashed features per row.
    let width: Int
    /// Columns (coefficients) of this part.
    let bucketCount: Int

    /// Adds `Σ_j coefficients[offset + bucket(r, j)]` to each row's `out[r]`.
    func addProduct(_ coefficients: [Double], offset: Int, into out: inout [Double]) {
        guard width > 0 else { return }
        buckets.withUnsafeBufferPointer { b in
            coefficients.withUnsafeBufferPointer { c in
                out.withUnsafeMutableBufferPointer { o in
                    for r in 0..<o.count {
                        var sum = 0.0
                        let row = r * width
                        for j in 0..<width { sum += c[offset + Int(b[row + j])] }
                        o[r] += sum
                    }
                }
            }
        }
    }

    /// Adds `alpha · Σ_r residuals[r]` to the coefficient of each bucket row r touches.
    func addTransposeProduct(_ residuals: [Double], alpha: Double, offset: Int, into gradient: inout [Double]) {
        guard width > 0 else { return }
        buckets.withUnsafeBufferPointer { b in
            residuals.withUnsafeBufferPointer { res in
                gradient.withUnsafeMutableBufferPointer { g in
                    for r in 0..<res.count {
                        let value = alpha * res[r]
                        let row = r * width
                        for j in 0..<width { g[offset + Int(b[row + j])] += value }
                    }
                }
            }
        }
    }
}
