import Foundation
import MLOpsStore

/// Job kinds every worker runs besides its domain's: `noop` (does nothing: a health check of
/// the queue, and the throughput benchmark), and `chaos.effect` (for `make chaos`: writes the
/// job's id into `chaos_effects` in the same transaction as its success, so the script can
/// count each job's effects: exactly one each, or a job ran twice (the script creates the
/// table; `{"sleep_ms": N}` makes it take time, so kills land mid-job).
public enum BuiltinJobs {
    public static let noop = "noop"
    public static let chaosEffect = "chaos.effect"

    public static var handlers: [String: JobHandler] {
        [
            noop: { _ in .done },
            chaosEffect: { context in
                let id = context.job.id
                if let sleep = (try? JSONDecoder().decode(ChaosPayload.self, from: Data(context.job.payload.utf8)))?.sleepMs, sleep > 0 {
                    try await Task.sleep(for: .milliseconds(sleep))
                }
                return JobOutcome { connection in
                    _ = try connection.execute("INSERT INTO chaos_effects (job_id) VALUES ($1)", [.int(id)])
                }
            },
        ]
    }
}

struct ChaosPayload: Decodable {
    let sleepMs: Int?
    enum CodingKeys: String, CodingKey { case sleepMs = "sleep_ms" }
}
