import ArgumentParser
import Foundation
import MLOpsTime
import Maintenance

/// `mlops maintenance`: keeping the store's tables bounded.
struct MaintenanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maintenance", abstract: "Keep the store bounded: prune what the retention setting no longer keeps.",
        subcommands: [MaintenancePrune.self])
}

/// The retention setting of a command: `--retention`, else `MLOPS_RETENTION`, over the defaults.
struct RetentionOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Retention per table, over the defaults and MLOPS_RETENTION: table=duration|off, comma-separated.",
            discussion:
                "Tables: \(RetentionPolicy.Table.allCases.map(\.rawValue).joined(separator: ", ")). Defaults: \(RetentionPolicy.defaults.text)."
        ))
    var retention: String?

    /// The policy: defaults, then the environment's setting, then the flag's.
    func policy(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RetentionPolicy {
        do {
            var policy = RetentionPolicy.defaults
            if let text = environment["MLOPS_RETENTION"], !text.isEmpty { policy = try RetentionPolicy(parsing: text, base: policy) }
            if let retention { policy = try RetentionPolicy(parsing: retention, base: policy) }
            return policy
        } catch {
            throw CLIFailure(error.description)
        }
    }
}

struct MaintenancePrune: ParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Delete rows older than the retention setting keeps (rows a running rollout needs are kept).",
        discussion:
            "On PostgreSQL, predictions and feedback are partitioned by day: a prune creates the coming week's partitions and drops whole days before the cutoff."
    )
    @OptionGroup var global: GlobalOptions
    @OptionGroup var retention: RetentionOption
    @Flag(help: "Count what would be deleted; delete nothing.") var dryRun = false
    @Flag(help: "Print machine-readable JSON.") var json = false

    func run() throws {
        let policy = try retention.policy()
        let context = try CommandContext(global)
        let results = try Pruner(database: context.database).prune(policy, now: Clock.nowMilliseconds(), dryRun: dryRun)
        if json {
            try Output.json(PruneOutput(dryRun: dryRun, retention: policy.text, tables: results))
            return
        }
        Output.line((dryRun ? "would prune (dry run)" : "pruned") + " with retention \(policy.text)")
        Output.table(
            ["TABLE", "KEEPS SINCE", dryRun ? "ROWS TO DELETE" : "ROWS DELETED", dryRun ? "DAYS TO DROP" : "DAYS DROPPED", "DAYS CREATED"],
            results.map { r in
                [
                    r.table.rawValue, r.cutoff.map { UTCTime.iso8601($0 / 1000) } ?? "forever", String(r.rows), String(r.partitionsDropped),
                    String(r.partitionsCreated),
                ]
            })
    }

    struct PruneOutput: Encodable {
        let dryRun: Bool
        let retention: String
        let tables: [Pruner.TableResult]
        enum CodingKeys: String, CodingKey {
            case dryRun = "dry_run"
            case retention, tables
        }
    }
}
