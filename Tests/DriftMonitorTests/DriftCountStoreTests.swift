import DriftMetrics
import Foundation
import MLOpsStore
import MLOpsTestSupport
import Testing

@testable import DriftMonitor

@Suite struct DriftCountStoreTests {
    let profile = DriftMonitorFixture.profile()
    let hour: Int64 = 3_600_000

    func record(_ counter: LiveDriftCounter, _ n: Int, seed: UInt64, shift: Double = 0) {
        let a = DriftMonitorFixture.values(n, seed: seed, shift: shift)
        let b = DriftMonitorFixture.values(n, seed: seed + 1, shift: shift)
        for i in 0..<n {
            counter.record(row: [a[i], b[i], Double(i % 3)], score: 1 / (1 + exp(-a[i])))
        }
    }

    @Test(arguments: TestBackend.available)
    func countsFromSeveralProcessesAddUpToOneProcessSeeingEveryRow(backend: TestBackend) throws {
        let f = try DriftMonitorFixture(backend)
        // Two "processes" (separate counters and flushers) count different rows in the same hour.
        let one = LiveDriftCounter(profile: profile)
        let two = LiveDriftCounter(profile: profile)
        let all = LiveDriftCounter(profile: profile)
        record(one, 3000, seed: 100, shift: 0.4)
        record(two, 2000, seed: 200, shift: 0.4)
        record(all, 3000, seed: 100, shift: 0.4)
        record(all, 2000, seed: 200, shift: 0.4)
        // Rows new to the serving model (slot -4) are stored apart from the profile's "other".
        one.record(modelUnseen: 7, feature: 2)
        two.record(modelUnseen: 5, feature: 2)
        all.record(modelUnseen: 12, feature: 2)
        let t = 10 * hour + 123
        try DriftFlusher(counter: one, store: f.store, model: "ctr", version: 1).flush(now: t)
        try DriftFlusher(counter: two, store: f.store, model: "ctr", version: 1).flush(now: t + 1000)
        let stored = try f.store.total(model: "ctr", version: 1, from: 0, to: 100 * hour, profile: profile)
        #expect(stored == all.snapshot())
        let fromStore = try LiveDriftReport.report(profile: profile, counts: stored)
        let direct = try LiveDriftReport.report(profile: profile, counts: all.snapshot())
        #expect(fromStore == direct)
        #expect(fromStore[feature: "a"]!.psi > 0.05)
        #expect(stored.features["color"]?.modelUnseenRows == 12)
        #expect(fromStore[feature: "color"]?.quality.modelUnseenRows == 12)
        #expect(fromStore.score != nil)
    }

    @Test(arguments: TestBackend.available)
    func flushesStoreOnlyWhatIsNewIntoTheWindowOfTheFlush(backend: TestBackend) throws {
        let f = try DriftMonitorFixture(backend)
        let counter = LiveDriftCounter(profile: profile)
        let flusher = DriftFlusher(counter: counter, store: f.store, model: "ctr", version: 1)
        record(counter, 1000, seed: 1)
        #expect(try flusher.flush(now: 5 * hour + 10) > 0)
        #expect(try flusher.flush(now: 5 * hour + 20) == 0)
        record(counter, 500, seed: 2)
        #expect(try flusher.flush(now: 6 * hour + 5) > 0)
        let windows = try f.store.windows(model: "ctr", version: 1, from: 0, to: 24 * hour, profile: profile)
        #expect(windows.map(\.start) == [5 * hour, 6 * hour])
        #expect(windows.map(\.counts.rows) == [1000, 500])
        #expect(try f.store.total(model: "ctr", version: 1, from: 6 * hour, to: 7 * hour, profile: profile).rows == 500)
        #expect(try f.store.total(model: "ctr", version: 1, from: 0, to: 24 * hour, profile: profile).rows == 1500)
        #expect(try f.store.total(model: "ctr", version: 1, from: 7 * hour, to: 24 * hour, profile: profile).isEmpty)
        // A range that starts or ends inside a window counts that window whole.
        #expect(try f.store.total(model: "ctr", version: 1, from: 6 * hour + 1_800_000, to: 7 * hour, profile: profile).rows == 500)
        #expect(try f.store.total(model: "ctr", version: 1, from: 5 * hour + 3_599_999, to: 6 * hour + 1, profile: profile).rows == 1500)
        #expect(try f.store.total(model: "ctr", version: 1, from: 0, to: 5 * hour, profile: profile).isEmpty)
    }

    @Test(arguments: TestBackend.available)
    func aFailedFlushLosesNothing(backend: TestBackend) throws {
        let f = try DriftMonitorFixture(backend)
        let counter = LiveDriftCounter(profile: profile)
        let flusher = DriftFlusher(counter: counter, store: f.store, model: "ctr", version: 1)
        record(counter, 800, seed: 3)
        try flusher.flush(now: hour)
        record(counter, 700, seed: 4)
        // The table goes away (a real failure of the real store), then comes back.
        _ = try f.database.withConnection { try $0.execute("ALTER TABLE drift_counts RENAME TO drift_counts_away", []) }
        #expect(throws: (any Error).self) { try flusher.flush(now: hour + 60_000) }
        _ = try f.database.withConnection { try $0.execute("ALTER TABLE drift_counts_away RENAME TO drift_counts", []) }
        try flusher.flush(now: hour + 120_000)
        let stored = try f.store.total(model: "ctr", version: 1, from: 0, to: 2 * hour, profile: profile)
        #expect(stored == counter.snapshot())
        #expect(stored.rows == 1500)
    }

    @Test(arguments: TestBackend.available)
    func countsThatDoNotFitTheProfileAreAClearError(backend: TestBackend) throws {
        let f = try DriftMonitorFixture(backend)
        var counts = LiveCounts(zerosFor: profile)
        counts.features["a"]!.bins[0] = 5
        try f.store.add(counts, model: "ctr", version: 1, windowStart: 0, windowSeconds: 3600)
        let fewerBins = Profile(
            rowCount: 3,
            features: [
                NamedFeatureProfile(name: "a", profile: .numeric(ProfileBuilder.numeric([1.0, 2, 3], bins: 1)))
            ])
        var other = LiveCounts(zerosFor: fewerBins)
        other.features["a"]!.bins[1] = 1
        try f.store.add(other, model: "ctr", version: 1, windowStart: 0, windowSeconds: 3600)
        counts.features["a"]!.bins[5] = 1
        try f.store.add(counts, model: "ctr", version: 1, windowStart: 0, windowSeconds: 3600)
        do {
            _ = try f.store.total(model: "ctr", version: 1, from: 0, to: hour, profile: fewerBins)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("'a' use bin 5, but its profile has 2 bins"))
        }
        // Counts for a version that does not exist are refused by the store.
        #expect(throws: (any Error).self) {
            try f.store.add(counts, model: "ctr", version: 9, windowStart: 0, windowSeconds: 3600)
        }
    }

    @Test func windowStartsAlignToTheWindowLength() {
        #expect(DriftFlusher.windowStart(of: 3_600_000 + 5, windowSeconds: 3600) == 3_600_000)
        #expect(DriftFlusher.windowStart(of: 3_599_999, windowSeconds: 3600) == 0)
        #expect(DriftFlusher.windowStart(of: -1, windowSeconds: 3600) == -3_600_000)
        #expect(DriftFlusher.windowStart(of: 90_000, windowSeconds: 60) == 60_000)
    }
}
