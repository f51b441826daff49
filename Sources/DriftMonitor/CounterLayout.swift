import DriftMetrics
import Synchronization
import TabularData

/// Where each series' bins and quality slots sit in a flat counter array.
struct CounterLayout: Sendable {
    let names: [String]
    let series: [SeriesLayout]
    let score: SeriesLayout?
    let slotCount: Int

    init(profile: Profile) {
        var offset = 0
        var series: [SeriesLayout] = []
        for feature in profile.features {
            let s = SeriesLayout(profile: feature.profile, offset: offset)
            series.append(s)
            offset += s.slotCount
        }
        var score: SeriesLayout?
        if let scoreProfile = profile.score {
            score = SeriesLayout(profile: scoreProfile, offset: offset)
            offset += score!.slotCount
        }
        self.names = profile.featureNames
        self.series = series
        self.score = score
        self.slotCount = offset
    }

    /// Counts from a flat array of slot totals.
    func counts(from totals: [Int]) -> LiveCounts {
        var features: [String: SeriesCounts] = [:]
        for (name, s) in zip(names, series) { features[name] = s.counts(from: totals) }
        return LiveCounts(features: features, score: score?.counts(from: totals))
    }
}

/// One series: its bins (missing last) at `offset`, then the out-of-range, non-numeric,
/// not-kept-by-the-profile and new-to-the-model slots.
struct SeriesLayout: Sendable {
    enum Kind: Sendable {
        case numeric(edges: [Double], min: Double, max: Double)
        case categorical(index: [String: Int], other: Int)
    }

    let kind: Kind
    let offset: Int
    let binCount: Int

    var missingBin: Int { binCount - 1 }
    var outOfRangeSlot: Int { offset + binCount }
    var nonNumericSlot: Int { offset + binCount + 1 }
    var unseenSlot: Int { offset + binCount + 2 }
    var modelUnseenSlot: Int { offset + binCount + 3 }
    var slotCount: Int { binCount + 4 }

    init(profile: FeatureProfile, offset: Int) {
        self.offset = offset
        self.binCount = profile.binCount
        switch profile {
        case .numeric(let p):
            // A reference without values has no range: every value is out of range (below it).
            kind = .numeric(edges: p.innerEdges, min: p.min ?? .infinity, max: p.max ?? .infinity)
        case .categorical(let p):
            var index: [String: Int] = [:]
            for (i, name) in p.categories.enumerated() where index[name] == nil { index[name] = i }
            kind = .categorical(index: index, other: p.otherBin)
        }
    }

    /// Counts one value (atomic adds into the stripe at `base`).
    @inline(__always)
    func count(_ value: Double, into base: UnsafeMutablePointer<Atomic<Int>>) {
        switch kind {
        case .numeric(let edges, let low, let high):
            guard value.isFinite else {
                base[offset + missingBin].wrappingAdd(1, ordering: .relaxed)
                return
            }
            let bin = edges.withUnsafeBufferPointer { NumericProfile.upperBound($0, value) }
            base[offset + bin].wrappingAdd(1, ordering: .relaxed)
            if value < low || value > high { base[outOfRangeSlot].wrappingAdd(1, ordering: .relaxed) }
        case .categorical:
            count(category: value.isFinite ? CategoryText.canonical(number: value) : nil, into: base)
        }
    }

    func count(category: String?, into base: UnsafeMutablePointer<Atomic<Int>>) {
        guard case .categorical(let index, let other) = kind else { return }
        guard let category else {
            base[offset + missingBin].wrappingAdd(1, ordering: .relaxed)
            return
        }
        if let bin = index[category] {
            base[offset + bin].wrappingAdd(1, ordering: .relaxed)
        } else {
            base[offset + other].wrappingAdd(1, ordering: .relaxed)
            base[unseenSlot].wrappingAdd(1, ordering: .relaxed)
        }
    }

    /// Counts a batch locally, then adds each non-zero slot once.
    func countBatch(_ values: [Double], into base: UnsafeMutablePointer<Atomic<Int>>) {
        var local = [Int](repeating: 0, count: slotCount)
        switch kind {
        case .numeric(let edges, let low, let high):
            let observation = NumericProfile(
                innerEdges: edges, counts: [], missing: 0, count: 0,
                min: low.isFinite ? low : nil, max: high.isFinite ? high : nil
            )
            .observe(values)
            for (i, c) in observation.bins.counts.enumerated() { local[i] = c }
            local[binCount] = observation.outOfRange
        case .categorical:
            countTexts(values.map { $0.isFinite ? CategoryText.canonical(number: $0) : nil }, into: base)
            return
        }
        add(local, into: base)
    }

    /// Counts text cells: categories, or for a numeric series parsed numbers (the rest non-numeric).
    func countTexts(_ texts: [String?], into base: UnsafeMutablePointer<Atomic<Int>>) {
        var local = [Int](repeating: 0, count: slotCount)
        switch kind {
        case .numeric:
            var values: [Double] = []
            values.reserveCapacity(texts.count)
            var bad = 0
            for text in texts {
                if let text, let v = Double(text) {
                    values.append(v)
                } else {
                    if text != nil { bad += 1 }
                    values.append(.nan)
                }
            }
            countBatch(values, into: base)
            local[binCount + 1] = bad
        case .categorical(let index, let other):
            for text in texts {
                guard let text else {
                    local[missingBin] += 1
                    continue
                }
                if let bin = index[text] {
                    local[bin] += 1
                } else {
                    local[other] += 1
                    local[binCount + 2] += 1
                }
            }
        }
        add(local, into: base)
    }

    private func add(_ local: [Int], into base: UnsafeMutablePointer<Atomic<Int>>) {
        for (i, c) in local.enumerated() where c != 0 { base[offset + i].wrappingAdd(c, ordering: .relaxed) }
    }

    func counts(from totals: [Int]) -> SeriesCounts {
        SeriesCounts(
            bins: Array(totals[offset..<(offset + binCount)]), outOfRange: totals[outOfRangeSlot],
            nonNumeric: totals[nonNumericSlot], unseenRows: totals[unseenSlot], modelUnseenRows: totals[modelUnseenSlot])
    }
}
