import Testing
@testable import LinearAlgebra

@Suite struct BLASTests {
    @Test func dotProduct() throws {
        #expect(try BLAS.dot([1, 2, 3], [4, 5, 6]) == 32)
    }

    @Test func axpyAddsScaledVector() throws {
        var y: [Double] = [1, 1, 1]
        try BLAS.axpy(2, [1, 2, 3], &y)
        #expect(y == [3, 5, 7])
    }

    @Test func matrixVectorProductIsRowMajor() throws {
        // [[1, 2, 3], [4, 5, 6]] · [1, 0, -1] = [-2, -2]
        #expect(try BLAS.gemv([1, 2, 3, 4, 5, 6], rows: 2, columns: 3, [1, 0, -1]) == [-2, -2])
    }

    @Test func matrixProduct() throws {
        // [[1, 2], [3, 4]] · [[5, 6], [7, 8]] = [[19, 22], [43, 50]]
        #expect(try BLAS.gemm([1, 2, 3, 4], [5, 6, 7, 8], m: 2, k: 2, n: 2) == [19, 22, 43, 50])
    }

    @Test func shapeMismatchNamesTheShapes() {
        #expect(throws: BLAS.ShapeError.self) { try BLAS.dot([1], [1, 2]) }
        do {
            _ = try BLAS.gemv([1, 2, 3], rows: 2, columns: 2, [1, 1])
            Issue.record("expected a shape error")
        } catch {
            #expect("\(error)".contains("2×2"))
        }
    }

    @Test func reportsItsBuild() {
        #expect(BLAS.configuration.lowercased().contains("openblas"))
    }
}
