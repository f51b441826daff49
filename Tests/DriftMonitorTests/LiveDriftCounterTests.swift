import Dispatch
import DriftMetrics
import TabularData
import Testing

@testable import DriftMonitor

@Suite struct LiveDriftCounterTests {
    let profile = DriftMonitorFixture.profile()

    /// Rows: a, b, color code (0/1/2 → "0"/"1"/"2", never a profile category), score.
    func rows(_ n: Int, seed: UInt64, shift: Double = 0) -> [[Double]] {
        let a = DriftMonitorFixture.values(n, seed: seed, shift: shift)
        let b = DriftMonitorFixture.values(n, seed: seed + 1)
        var result: [[Double]] = []
        for i in 0..<n {
            let bValue: Double = i % 50 == 0 ? .nan : b[i]
            let score: Double = a[i] / 10 + 0.5
            result.append([a[i], bValue, Double(i % 3), score])
        }
        return result
    }

    @Test func rowByRowCountsEqualTheProfileObservation() throws {
        let counter = LiveDriftCounter(profile: profile)
        let data = rows(3000, seed: 10, shift: 0.5)
        for row in data { counter.record(row: Array(row.prefix(3)), score: row[3]) }
        let snapshot = counter.snapshot()
        guard case .numeric(let a) = profile[feature: "a"]!, case .numeric(let b) = profile[feature: "b"]!,
            case .categorical(let color) = profile[feature: "color"]!, case .numeric(let score) = profile.score!
        else {
            Issue.record("unexpected profile kinds")
            return
        }
        let observedA = a.observe(data.map { $0[0] })
        #expect(snapshot.features["a"]!.bins == observedA.bins.counts)
        #expect(snapshot.features["a"]!.outOfRange == observedA.outOfRange)
        #expect(snapshot.features["b"]!.bins == b.observe(data.map { $0[1] }).bins.counts)
        #expect(snapshot.features["b"]!.bins.last == 60)
        // Numeric codes are categories "0", "1", "2": none of them is kept, all land in "other".
        let observedColor = color.observe(data.map { CategoryText.canonical(number: $0[2]) })
        #expect(snapshot.features["color"]!.bins == observedColor.bins.counts)
        #expect(snapshot.features["color"]!.unseenRows == 3000)
        #expect(snapshot.score!.bins == score.observe(data.map { $0[3] }).bins.counts)
        #expect(snapshot.rows == 3000)
    }

    @Test func batchesAndRowsCountTheSame() {
        let data = rows(2000, seed: 20)
        let byRow = LiveDriftCounter(profile: profile)
        for row in data { byRow.record(row: Array(row.prefix(3)), score: row[3]) }
        let byColumn = LiveDriftCounter(profile: profile)
        for f in 0..<3 { byColumn.record(column: data.map { $0[f] }, feature: f) }
        byColumn.record(scores: data.map { $0[3] })
        #expect(byRow.snapshot() == byColumn.snapshot())
    }

    @Test func textColumnsCountCategoriesAndNonNumericValues() {
        let counter = LiveDriftCounter(profile: profile)
        counter.record(texts: ["red", "red", "blue", "purple", nil], feature: 2)
        counter.record(texts: ["0.5", "abc", nil, "1e9"], feature: 0)
        let s = counter.snapshot()
        guard case .categorical(let color) = profile[feature: "color"]! else { return }
        #expect(s.features["color"]!.bins[color.categories.firstIndex(of: "red")!] == 2)
        #expect(s.features["color"]!.bins[color.otherBin] == 1)
        #expect(s.features["color"]!.bins[color.missingBin] == 1)
        #expect(s.features["color"]!.unseenRows == 1)
        #expect(s.features["a"]!.nonNumeric == 1)
        #expect(s.features["a"]!.bins.last == 2)  // "abc" and nil are missing
        #expect(s.features["a"]!.outOfRange == 1)  // 1e9
        #expect(s.features["a"]!.total == 4)
    }

    @Test func manyThreadsCountExactlyWhatOnePassCounts() {
        let data = rows(40_000, seed: 30, shift: -0.3)
        let single = LiveDriftCounter(profile: profile, stripes: 1)
        for row in data { single.record(row: Array(row.prefix(3)), score: row[3]) }
        let shared = LiveDriftCounter(profile: profile)
        DispatchQueue.concurrentPerform(iterations: 16) { chunk in
            for i in stride(from: chunk, to: data.count, by: 16) {
                shared.record(row: Array(data[i].prefix(3)), score: data[i][3])
            }
        }
        #expect(shared.snapshot() == single.snapshot())
    }

    @Test func countsMergeAssociativelyAndSubtractBack() throws {
        let parts = (0..<3).map { k in
            let c = LiveDriftCounter(profile: profile)
            for row in rows(500 * (k + 1), seed: 40 + UInt64(k)) { c.record(row: Array(row.prefix(3)), score: row[3]) }
            return c.snapshot()
        }
        var left = parts[0]
        try left.merge(parts[1])
        try left.merge(parts[2])
        var right = parts[1]
        try right.merge(parts[2])
        var other = parts[0]
        try other.merge(right)
        #expect(left == other)
        #expect(left.subtracting(parts[0]) == right)
        var wrong = LiveCounts(features: ["a": SeriesCounts(zeros: 3)])
        #expect(throws: DriftError.self) { try wrong.merge(parts[0]) }
    }
}
