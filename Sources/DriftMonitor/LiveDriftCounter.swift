import DriftMetrics
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Counts incoming rows into a profile's bins on the serving path, from any number of threads.
///
/// The counts live in several stripes of relaxed atomic counters; each thread writes to the
/// stripe its thread id hashes to, so concurrent threads rarely touch the same cache line and
/// never take a lock. `snapshot()` sums the stripes. Counters only grow; a `DriftFlusher`
/// stores the difference between successive snapshots.
public final class LiveDriftCounter: @unchecked Sendable {
    // @unchecked: `slots` is written only through atomic operations and freed in deinit.
    /// The profile the bins come from.
    public let profile: Profile
    private let layout: CounterLayout
    private let stripes: Int
    private let stripeStride: Int
    private let slots: UnsafeMutablePointer<Atomic<Int>>

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
    }

    deinit {
        slots.deinitialize(count: stripes * stripeStride)
        slots.deallocate()
    }

    /// Feature names in the order `record(row:)` expects.
    public var featureNames: [String] { layout.names }

    /// Counts one row: `values` in profile feature order (categorical features take the number's
    /// text, "3" for 3.0), and the model's score when the profile has one.
    public func record(row values: UnsafeBufferPointer<Double>, score: Double?) {
        let base = stripeBase()
        let n = min(values.count, layout.series.count)
        for f in 0..<n { layout.series[f].count(values[f], into: base) }
        if let score, let scoreSeries = layout.score { scoreSeries.count(score, into: base) }
    }

    /// `record(row:score:)` for an array.
    public func record(row values: [Double], score: Double?) {
        values.withUnsafeBufferPointer { record(row: $0, score: score) }
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

    /// The first counter slot of the calling thread's stripe.
    private func stripeBase() -> UnsafeMutablePointer<Atomic<Int>> {
        #if canImport(Darwin)
        var id = UInt64(UInt(bitPattern: pthread_self()))
        #else
        var id = UInt64(pthread_self())
        #endif
        id = (id ^ (id >> 29)) &* 0xBF58_476D_1CE4_E5B9
        id ^= id >> 32
        return slots + Int(id % UInt64(stripes)) * stripeStride
    }
}
