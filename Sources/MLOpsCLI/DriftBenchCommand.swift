import ArgumentParser
import Dispatch
import DriftMetrics
import DriftMonitor
import Foundation
import TabularData
import Training

/// `mlops drift bench`: times the drift computation alone (profile, counting, measures) on two
/// CSV files already in memory, and the live counter's rate; prints JSON (for `make bench-drift`).
struct DriftBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Time the in-memory drift computation and live counting on two CSV files (JSON).")
    @Option(help: "Reference CSV.", completion: .file()) var reference: String
    @Option(help: "Current CSV.", completion: .file()) var current: String
    @Option(help: "Quantile bins per numeric feature.") var bins: Int = 10
    @Option(name: .customLong("repeat"), help: "Timed repetitions (the median is reported).") var repetitions: Int = 5
    @Option(name: .customLong("exclude"), help: "Columns to leave out (repeatable; default: label).") var excluded: [String] = ["label"]

    func run() throws {
        let readStart = DispatchTime.now()
        let referenceTable = try ColumnTable.read(path: reference)
        let currentTable = try ColumnTable.read(path: current)
        let readSeconds = Self.seconds(since: readStart)
        let excludedColumns = Set(excluded)
        var times: [Double] = []
        var report: DriftReport?
        for _ in 0..<max(1, repetitions) {
            let start = DispatchTime.now()
            let profile = DriftData.profile(of: referenceTable, bins: bins, topK: ProfileBuilder.defaultTopK, excluding: excludedColumns)
            report = try DriftData.report(profile: profile, current: currentTable, excluding: excludedColumns)
            times.append(Self.seconds(since: start))
        }
        let profile = DriftData.profile(of: referenceTable, bins: bins, topK: ProfileBuilder.defaultTopK, excluding: excludedColumns)
        let live = liveRate(profile: profile, table: currentTable)
        let values = profile.features.count * currentTable.rowCount
        try Output.json(
            BenchOutput(
                rows: currentTable.rowCount, features: profile.features.count, readSeconds: readSeconds,
                inMemorySeconds: times.sorted()[times.count / 2], inMemoryRuns: times,
                liveValuesPerSecondOneThread: Double(values) / live.one, liveValuesPerSecondAllThreads: Double(values) / live.all,
                threads: live.threads, maxPSI: report?.overall.maxPSI ?? 0))
    }

    /// Seconds to count every current row through `LiveDriftCounter.record(row:)`, on one thread
    /// and on every core at once.
    func liveRate(profile: Profile, table: ColumnTable) -> (one: Double, all: Double, threads: Int) {
        let columns: [[Double]] = profile.featureNames.map { name in
            if case .numeric(let values)? = table.column(name) { return values }
            return [Double](repeating: .nan, count: table.rowCount)
        }
        let width = columns.count
        var rowMajor = [Double](repeating: 0, count: width * table.rowCount)
        for (f, column) in columns.enumerated() {
            for r in 0..<table.rowCount { rowMajor[r * width + f] = column[r] }
        }
        let rows = rowMajor
        let counter = LiveDriftCounter(profile: profile)
        let start = DispatchTime.now()
        rows.withUnsafeBufferPointer { all in
            for r in 0..<table.rowCount {
                counter.record(row: UnsafeBufferPointer(rebasing: all[(r * width)..<((r + 1) * width)]), score: nil)
            }
        }
        let one = Self.seconds(since: start)
        let threads = ProcessInfo.processInfo.activeProcessorCount
        let shared = LiveDriftCounter(profile: profile)
        let startAll = DispatchTime.now()
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            rows.withUnsafeBufferPointer { all in
                for r in stride(from: t, to: table.rowCount, by: threads) {
                    shared.record(row: UnsafeBufferPointer(rebasing: all[(r * width)..<((r + 1) * width)]), score: nil)
                }
            }
        }
        return (one, Self.seconds(since: startAll), threads)
    }

    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    struct BenchOutput: Encodable {
        let rows: Int
        let features: Int
        let readSeconds: Double
        let inMemorySeconds: Double
        let inMemoryRuns: [Double]
        let liveValuesPerSecondOneThread: Double
        let liveValuesPerSecondAllThreads: Double
        let threads: Int
        let maxPSI: Double

        enum CodingKeys: String, CodingKey {
            case rows, features, threads
            case readSeconds = "read_seconds"
            case inMemorySeconds = "in_memory_seconds"
            case inMemoryRuns = "in_memory_runs"
            case liveValuesPerSecondOneThread = "live_values_per_second_one_thread"
            case liveValuesPerSecondAllThreads = "live_values_per_second_all_threads"
            case maxPSI = "max_psi"
        }
    }
}
