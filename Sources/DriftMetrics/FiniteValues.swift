/// The finite values of a numeric column (widened to Double, in input order) and what one pass
/// over all values gives the profile: the count of all values, the sum in input order, the
/// minimum and maximum as a stable sort would place them, and which zeros are negative.
struct FiniteValues {
    var values: [Double] = []
    /// Values seen, missing included.
    var total = 0
    var sum = 0.0
    /// The first of equal smallest values (a stable sort's first); +∞ while there is none.
    var smallest = Double.infinity
    /// The last of equal largest values (a stable sort's last); −∞ while there is none.
    var largest = -Double.infinity
    /// Zeros seen (either sign).
    var zeroCount = 0
    /// The ordinals, among the zeros in input order, of the negative zeros (ascending).
    var negativeZeros: [Int] = []
    /// The values came in ascending order (already sorted: nothing to select).
    var ascending = true

    var min: Double? { values.isEmpty ? nil : smallest }
    var max: Double? { values.isEmpty ? nil : largest }

    /// Collects a contiguous buffer (the common case: Double or Float columns); call once.
    mutating func collect<F: BinaryFloatingPoint>(_ buffer: UnsafeBufferPointer<F>) {
        var sum = 0.0
        var smallest = Double.infinity
        var largest = -Double.infinity
        var ascending = true
        var zeros = FiniteValues()
        values = [Double](unsafeUninitializedCapacity: buffer.count) { out, initialized in
            var n = 0
            for raw in buffer {
                let v = Double(raw)
                guard v.isFinite else { continue }
                out[n] = v
                n &+= 1
                sum += v
                if v < smallest { smallest = v }
                if v >= largest {
                    largest = v
                } else {
                    ascending = false
                }
                if v == 0 { zeros.noteZero(v) }
            }
            initialized = n
        }
        total = buffer.count
        self.sum = sum
        self.smallest = smallest
        self.largest = largest
        self.ascending = ascending
        zeroCount = zeros.zeroCount
        negativeZeros = zeros.negativeZeros
    }

    /// Collects any sequence.
    mutating func collect<S: Sequence>(_ sequence: S) where S.Element: BinaryFloatingPoint {
        values.reserveCapacity(sequence.underestimatedCount)
        for raw in sequence {
            total += 1
            let v = Double(raw)
            guard v.isFinite else { continue }
            values.append(v)
            note(v)
        }
    }

    @inline(__always)
    private mutating func note(_ v: Double) {
        sum += v
        if v < smallest { smallest = v }
        if v >= largest {
            largest = v
        } else {
            ascending = false
        }
        if v == 0 { noteZero(v) }
    }

    private mutating func noteZero(_ v: Double) {
        if v.sign == .minus { negativeZeros.append(zeroCount) }
        zeroCount += 1
    }

    /// After a selection moved the values around: gives each zero at `ranks` the sign of the zero
    /// a stable sort would put there (the zeros keep their input order, after the negatives).
    /// −0.0 == 0.0, so selection cannot tell them apart; a stable sort can.
    mutating func restoreZeroSigns(at ranks: [Int]) {
        guard !negativeZeros.isEmpty, negativeZeros.count < zeroCount,
            ranks.contains(where: { values[$0] == 0 })
        else { return }
        var negatives = 0
        for v in values where v < 0 { negatives += 1 }
        for r in ranks where values[r] == 0 {
            let ordinal = r - negatives
            // Binary search for the ordinal among the negative zeros.
            var low = 0
            var high = negativeZeros.count
            while low < high {
                let middle = (low + high) / 2
                if negativeZeros[middle] < ordinal { low = middle + 1 } else { high = middle }
            }
            values[r] = low < negativeZeros.count && negativeZeros[low] == ordinal ? -0.0 : 0.0
        }
    }
}
