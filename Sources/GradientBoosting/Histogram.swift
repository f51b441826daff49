/// Gradient and hessian sums of one histogram slot (double precision, as XGBoost keeps them).
struct GradientSum: Sendable, Equatable {
    var g: Double = 0
    var h: Double = 0
}

/// Histogram kernels: scatter-add each row's gradient pair into the slot of each of its bins.
enum HistogramKernel {
    /// Adds rows `start..<end` of a row buffer into `histogram` (`cuts.totalSlots` slots).
    /// `offsets` holds the histogram offset of each one-byte code in row order, then of each
    /// two-byte code (`RowLayout`).
    @inline(__always)
    static func accumulate(
        _ rows: RowBuffer, layout: RowLayout, start: Int, end: Int, offsets: UnsafePointer<Int>,
        into histogram: UnsafeMutablePointer<GradientSum>
    ) {
        let narrow = layout.narrowFeatures.count
        let wide = layout.wideFeatures.count
        let wideStart = layout.wideStart
        let wideOffsets = offsets + narrow
        let gradients = rows.gradients
        let hessians = rows.hessians
        let stride = rows.stride
        var base = UnsafePointer(rows.codes) + start &* stride
        for row in start..<end {
            let g = Double(gradients[row])
            let h = Double(hessians[row])
            var f = 0
            while f < narrow {
                let slot = offsets[f] &+ Int(base[f])
                histogram[slot].g += g
                histogram[slot].h += h
                f &+= 1
            }
            var k = 0
            while k < wide {
                let code = UnsafeRawPointer(base).loadUnaligned(fromByteOffset: wideStart &+ 2 &* k, as: UInt16.self)
                let slot = wideOffsets[k] &+ Int(code)
                histogram[slot].g += g
                histogram[slot].h += h
                k &+= 1
            }
            base += stride
        }
    }

    /// `target = parent - child`, slot by slot (the subtraction trick).
    static func subtract(
        parent: UnsafePointer<GradientSum>, child: UnsafePointer<GradientSum>, into target: UnsafeMutablePointer<GradientSum>, count: Int
    ) {
        for i in 0..<count {
            target[i].g = parent[i].g - child[i].g
            target[i].h = parent[i].h - child[i].h
        }
    }

    /// `target += other`, slot by slot (reducing per-thread partial histograms).
    static func add(_ other: UnsafePointer<GradientSum>, into target: UnsafeMutablePointer<GradientSum>, count: Int) {
        for i in 0..<count {
            target[i].g += other[i].g
            target[i].h += other[i].h
        }
    }
}
