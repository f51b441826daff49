import ArgumentParser
import CanaryRollout
import Foundation

/// `mlops simulate rollout`: synthetic traffic and clicks from a known true model through the
/// real router, statistics and decision code, on a virtual clock.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate", abstract: "Simulations of the platform's decision code.", subcommands: [Rollout.self])

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
