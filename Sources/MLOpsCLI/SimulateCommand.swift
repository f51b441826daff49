import ArgumentParser
import CanaryRollout
import Foundation
import PerformanceMonitor

/// `mlops simulate rollout`: synthetic traffic and clicks from a known true model through the
/// real router, statistics and decision code, on a virtual clock.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate", abstract: "Simulations of the platform's decision code.", subcommands: [Rollout.self, PerformanceAlarmRun.self])

    struct Rollout: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Simulate canary rollouts of a better, worse or identical challenger (virtual clock; seconds of CPU).")
        @Option(help: "better, worse or same (an A/A test).") var scenario: SimulationScenario
        @Option(help: "Independent rollouts to simulate.") var runs: Int = 20
        @Option(help: "Seed (same seed, same result).") var seed: UInt64 = 2026
        @Option(help: "Labelled predictions per arm before a step may pass (simulation default 2000).") var minSamples: Int = 2000
        @Flag(help: "Print machine-readable JSON.") var json = false

        func validate() throws {
            guard (1...100_000).contains(runs) else { throw ValidationError("--runs must be between 1 and 100000") }
            guard minSamples >= 1 else { throw ValidationError("--min-samples must be at least 1") }
        }

        func run() throws {
            var plan = RolloutSimulator.defaultPlan
            plan.minSamples = minSamples
            let summary = try RolloutSimulator().simulate(scenario: scenario, runs: runs, seed: seed, plan: plan)
            if json { return Output.line(summary.jsonText()) }
            let atWeight = summary.rolledBackAtWeight.map { "\(Int($0.weightPercent))%: \($0.count)" }.joined(separator: ", ")
            Output.line(
                "\(scenario.rawValue): \(summary.runs) runs (seed \(seed)) — promoted \(summary.promoted), rolled back \(summary.rolledBack) (\(atWeight)), undecided \(summary.undecided)"
            )
        }
    }
}

extension SimulationScenario: ExpressibleByArgument {}

/// `mlops simulate performance-alarm`: the always-valid performance alarm against a fixed
/// threshold on the same simulated hourly traffic (`AlarmSimulation`).
struct PerformanceAlarmRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "performance-alarm",
        abstract: "Simulate the performance alarm and a fixed threshold on the same hourly traffic: false alarms and time to detect.")
    @Option(help: "Independent runs.") var runs: Int = 100
    @Option(help: "Days of hourly windows per run.") var days: Int = 30
    @Option(help: "Labelled rows per hour.") var rowsPerHour: Int = 1_000
    @Option(help: "The smallest degradation worth acting on, nats of log loss per impression.") var degrade: Double = 0.02
    @Option(help: "Day of the change (omit for a stable period).") var stepDay: Double?
    @Option(help: "Shift of the true click logit after the change (the model does not follow).") var shift: Double = 0.6
    @Option(help: "Seed (same seed, same result).") var seed: UInt64 = 2026
    @Flag(help: "Print machine-readable JSON.") var json = false

    func validate() throws {
        guard (1...10_000).contains(runs), (1...3_650).contains(days), (10...1_000_000).contains(rowsPerHour) else {
            throw ValidationError("--runs 1…10000, --days 1…3650, --rows-per-hour 10…1000000")
        }
        guard degrade > 0, degrade.isFinite else { throw ValidationError("--degrade must be a positive number") }
        if let stepDay, !(0..<Double(days)).contains(stepDay) { throw ValidationError("--step-day must fall within --days") }
    }

    func run() throws {
        let result = AlarmSimulation(
            runs: runs, hours: days * 24, rowsPerHour: rowsPerHour, degrade: degrade, stepHour: stepDay.map { Int($0 * 24) }, shift: shift,
            seed: seed
        ).run()
        if json { return try Output.json(result) }
        Output.line(
            String(
                format: "baseline log loss %.4f; %@; δ = %.3f; %d runs × %d days × %d labelled rows/hour", result.baseline,
                stepDay == nil ? "stable traffic" : String(format: "from day %.1f the log loss rises by %.4f", stepDay!, result.degradation), degrade,
                runs, days, rowsPerHour))
        Output.table(
            ["RULE", "RUNS WITH A FALSE ALARM", "RUNS DETECTED", "HOURS TO DETECT (median, 90th pct)"],
            [("always-valid (mSPRT)", result.sequential), ("fixed threshold per window", result.fixedThreshold)].map { name, o in
                [
                    name, "\(o.falseAlarmRuns) (\(String(format: "%.1f%%", Double(o.falseAlarmRuns) / Double(runs) * 100)))", String(o.detectedRuns),
                    o.hoursToDetect.isEmpty
                        ? "-"
                        : "\(o.hoursToDetect[o.hoursToDetect.count / 2]), \(o.hoursToDetect[min(o.hoursToDetect.count - 1, o.hoursToDetect.count * 9 / 10)])",
                ]
            })
    }
}
