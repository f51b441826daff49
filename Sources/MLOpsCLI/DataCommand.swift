import ArgumentParser
import Foundation
import TabularData

/// `mlops data synth`: deterministic synthetic click-through data for demos, tests and benchmarks.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data", abstract: "Generate and inspect tabular data.", subcommands: [Synth.self])

    struct Synth: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(
            abstract: "Write synthetic CTR data: skewed numerics, id-like integers, ~5% missing cells in some columns, base CTR 3–5%.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Rows to generate.") var rows: Int
        @Option(help: "Feature columns (f0, f1, …).") var features: Int = 40
        @Option(help: "Random seed; the same seed gives the same file.") var seed: UInt64 = 1
        @Option(help: "Distribution shift from 0 (training distribution) to 1.") var drift: Double = 0
        @Option(help: "Output CSV file.", completion: .file()) var out: String

        func validate() throws {
            guard rows > 0 else { throw ValidationError("--rows must be positive") }
            guard (1...10_000).contains(features) else { throw ValidationError("--features must be between 1 and 10000") }
            guard drift.isFinite, (0...1).contains(drift) else { throw ValidationError("--drift must be between 0 and 1") }
        }

        func run() throws {
            let started = Date()
            try SyntheticCTR(features: features, seed: seed, drift: drift).writeCSV(rows: rows, to: out)
            Output.line(
                "wrote \(rows) rows × \(features) features to \(out) (seed \(seed), drift \(drift), \(String(format: "%.1f", Date().timeIntervalSince(started))) s)"
            )
        }
    }
}
