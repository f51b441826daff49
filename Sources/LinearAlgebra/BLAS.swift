import COpenBLAS

/// Thin, bounds-checked wrappers over OpenBLAS (CBLAS) for dense double-precision vectors and
/// row-major matrices. The models built on them come in later modules; these are the calls they use.
public enum BLAS {
    /// Errors for mismatched shapes, naming the operands.
    public enum ShapeError: Error, CustomStringConvertible, Equatable {
        case mismatch(String)
        public var description: String { "BLAS shape mismatch: \(self.message)" }
        var message: String {
            switch self { case .mismatch(let m): return m }
        }
    }

    /// x · y.
    public static func dot(_ x: [Double], _ y: [Double]) throws -> Double {
        guard x.count == y.count else { throw ShapeError.mismatch("dot of vectors of length \(x.count) and \(y.count)") }
        return cblas_ddot(Int32(x.count), x, 1, y, 1)
    }

    /// y ← α·x + y.
    public static func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) throws {
        guard x.count == y.count else { throw ShapeError.mismatch("axpy of vectors of length \(x.count) and \(y.count)") }
        cblas_daxpy(Int32(x.count), alpha, x, 1, &y, 1)
    }

    /// A·x for a row-major `rows × columns` matrix A.
    public static func gemv(_ a: [Double], rows: Int, columns: Int, _ x: [Double]) throws -> [Double] {
        guard a.count == rows * columns, x.count == columns else {
            throw ShapeError.mismatch("gemv of a \(rows)×\(columns) matrix (\(a.count) values) with a vector of length \(x.count)")
        }
        var y = [Double](repeating: 0, count: rows)
        guard rows > 0, columns > 0 else { return y }
        cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(rows), Int32(columns), 1, a, Int32(columns), x, 1, 0, &y, 1)
        return y
    }

    /// A·B for row-major A (`m × k`) and B (`k × n`).
    public static func gemm(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) throws -> [Double] {
        guard a.count == m * k, b.count == k * n else {
            throw ShapeError.mismatch("gemm of \(m)×\(k) (\(a.count) values) by \(k)×\(n) (\(b.count) values)")
        }
        var c = [Double](repeating: 0, count: m * n)
        guard m > 0, n > 0, k > 0 else { return c }
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(k), b, Int32(n), 0, &c, Int32(n))
        return c
    }

    /// The OpenBLAS build string (for `mlops version`/diagnostics).
    public static var configuration: String {
        guard let raw = openblas_get_config() else { return "unknown" }
        return String(cString: raw)
    }
}
