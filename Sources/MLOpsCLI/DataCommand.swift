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
        @Option(
            help: "ctr (numeric f0…, the default), or a click log shaped like a public data set: avazu (label 'click') or criteo (label 'label').")
        var shape: String = "ctr"

        func validate() throws {
            guard shape == "ctr" || SyntheticClickLog.Shape(rawValue: shape) != nil else {
                throw ValidationError("--shape must be ctr, avazu or criteo, got '\(shape)'")
            }
            guard rows > 0 else { throw ValidationError("--rows must be positive") }
            guard (1...10_000).contains(features) else { throw ValidationError("--features must be between 1 and 10000") }
            guard drift.isFinite, (0...1).contains(drift) else { throw ValidationError("--drift must be between 0 and 1") }
        }

        func run() throws {
            let started = Date()
            if let clickLog = SyntheticClickLog.Shape(rawValue: shape) {
                let generator = SyntheticClickLog(shape: clickLog, seed: seed, drift: drift)
                let ctr = try generator.writeCSV(rows: rows, to: out)
                Output.line(
                    "wrote \(rows) \(shape)-shaped rows (label '\(generator.labelColumn)', CTR \(String(format: "%.3f", ctr))) to \(out) "
                        + "(seed \(seed), drift \(drift), \(String(format: "%.1f", Date().timeIntervalSince(started))) s)")
                return
            }
            try SyntheticCTR(features: features, seed: seed, drift: drift).writeCSV(rows: rows, to: out)
            Output.line(
                "wrote \(rows) rows × \(features) features to \(out) (seed \(seed), drift \(drift), \(String(format: "%.1f", Date().timeIntervalSince(started))) s)"
            )
        }
    }
}
