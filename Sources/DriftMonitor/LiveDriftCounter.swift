import DriftMetrics
import Synchronization
import TabularData

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Counts incoming rows into a profile's bins on the serving path, from any number of threads.
///
/// The counts live in several stripes of relaxed atomic counters; each thread writes to its own
/// stripe (threads are numbered; a stripe starts on its own cache line), so concurrent threads
/// do not share cache lines and never take a lock. `snapshot()` sums the stripes. Counters only grow; a `DriftFlusher`
/// stores the difference between successive snapshots.
public final class LiveDriftCounter: @unchecked Sendable {
    // @unchecked: `slots` is written only through atomic operations and freed in deinit.
    /// The profile the bins come from.
    public let profile: Profile
    private let layout: CounterLayout
    private let stripes: Int
    private let stripeStride: Int
    private let slots: UnsafeMutablePointer<Atomic<Int>>
    /// The per-row hot path's view of the layout: plain structs and one contiguous edge buffer.
    private let plan: UnsafeMutablePointer<RowPlan>
    private let edges: UnsafeMutablePointer<Double>
    private let edgeCount: Int

    /// A counter for `profile`, with `stripes` stripes (default: twice the cores, at least 4).
    public init(profile: Profile, stripes: Int? = nil) {
        self.profile = profile
        self.layout = CounterLayout(profile: profile)
        let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        self.stripes = max(1, stripes ?? max(4, 2 * cores))
        // Each stripe starts on its own 64-byte line.
        self.stripeStride = (layout.slotCount + 7) / 8 * 8
        let total = self.stripes * stripeStride
        slots = .allocate(capacity: total)
        for i in 0..<total { (slots + i).initialize(to: Atomic<Int>(0)) }
        var allEdges: [Double] = []
        var plans: [RowPlan] = []
        for series in layout.series {
            switch series.kind {
            case .numeric(let e, let low, let high):
                plans.append(
                    RowPlan(
                        numeric: true, edgeStart: allEdges.count, edgeCount: e.count, offset: series.offset,
                        missing: series.offset + series.missingBin, outOfRange: series.outOfRangeSlot, low: low, high: high))
                allEdges += e
            case .categorical:
                plans.append(RowPlan(numeric: false, edgeStart: 0, edgeCount: 0, offset: series.offset, missing: 0, outOfRange: 0, low: 0, high: 0))
            }
        }
        plan = .allocate(capacity: max(1, plans.count))
        plan.initialize(from: plans, count: plans.count)
        edgeCount = allEdges.count
        edges = .allocate(capacity: max(1, allEdges.count))
        edges.initialize(from: allEdges, count: allEdges.count)
    }

    deinit {
        slots.deinitialize(count: stripes * stripeStride)
        slots.deallocate()
        plan.deallocate()
        edges.deallocate()
    }

    /// Feature names in the order `record(row:)` expects.
    public var featureNames: [String] { layout.names }

    /// Counts one row: `values` in profile feature order (categorical features take the number's
    /// text, "3" for 3.0, or the string in `texts` when one is given), and the model's score
    /// when the profile has one.
    public func record(row values: UnsafeBufferPointer<Double>, texts: [String?]? = nil, score: Double?) {
        let base = stripeBase()
        let n = min(values.count, layout.series.count)
        for f in 0..<n {
            let p = plan[f]
            guard p.numeric else {
                if let texts, f < texts.count, let text = texts[f] {
                    layout.series[f].count(category: CategoryText.isMissing(text) ? nil : CategoryText.canonical(text), into: base)
                } else {
                    layout.series[f].count(values[f], into: base)
                }
                continue
            }
            let value = values[f]
            guard value.isFinite else {
                base[p.missing].wrappingAdd(1, ordering: .relaxed)
                continue
            }
            let bin = NumericProfile.upperBound(UnsafeBufferPointer(start: edges + p.edgeStart, count: p.edgeCount), value)
            base[p.offset &+ bin].wrappingAdd(1, ordering: .relaxed)
            if value < p.low || value > p.high { base[p.outOfRange].wrappingAdd(1, ordering: .relaxed) }
        }
        if let score, let scoreSeries = layout.score { scoreSeries.count(score, into: base) }
    }

    /// `record(row:texts:score:)` for an array.
    public func record(row values: [Double], texts: [String?]? = nil, score: Double?) {
        values.withUnsafeBufferPointer { record(row: $0, texts: texts, score: score) }
    }

    /// Counts a column of feature `index` (profile order) at once: tallied locally, then added
    /// to the stripe with one atomic add per bin. Text cells of a numeric feature are
    /// non-numeric (and missing).
    public func record(column values: [Double], feature index: Int) {
        guard layout.series.indices.contains(index) else { return }
        layout.series[index].countBatch(values, into: stripeBase())
    }

    /// Counts a text column of feature `index`: categories for a categorical feature; for a
    /// numeric feature, numbers are parsed and anything else counts as non-numeric.
    public func record(texts: [String?], feature index: Int) {
        guard layout.series.indices.contains(index) else { return }
        layout.series[index].countTexts(texts, into: stripeBase())
    }

    /// Counts `rows` rows of feature `index` (profile order) whose category the serving model
    /// has no code for; they were counted in their profile bin already.
    public func record(modelUnseen rows: Int, feature index: Int) {
        guard rows > 0, layout.series.indices.contains(index) else { return }
        stripeBase()[layout.series[index].modelUnseenSlot].wrappingAdd(rows, ordering: .relaxed)
    }

    /// Counts a batch of model scores (no-op when the profile has no score).
    public func record(scores: [Double]) {
        guard let scoreSeries = layout.score else { return }
        scoreSeries.countBatch(scores, into: stripeBase())
    }

    /// The counts so far, summed over the stripes.
    public func snapshot() -> LiveCounts {
        var totals = [Int](repeating: 0, count: layout.slotCount)
        for s in 0..<stripes {
            let base = slots + s * stripeStride
            for i in 0..<layout.slotCount { totals[i] += base[i].load(ordering: .relaxed) }
        }
        return layout.counts(from: totals)
    }

    /// The first counter slot of the calling thread's stripe (threads are numbered in order of
    /// first use, so up to `stripes` threads never share a stripe).
    private func stripeBase() -> UnsafeMutablePointer<Atomic<Int>> {
        slots + (ThreadNumber.current % stripes) * stripeStride
    }
}

/// One feature as the per-row path sees it.
struct RowPlan {
    let numeric: Bool
    let edgeStart: Int
    let edgeCount: Int
    let offset: Int
    let missing: Int
    let outOfRange: Int
    let low: Double
    let high: Double
}
