import CanaryRollout
import Foundation
import JobQueue
import MLOpsStore

/// Which rollout history entries are also notifications (`rollout.*` events in the outbox),
/// written in the same transaction as the entry. Pauses and resumes are history only.
enum RolloutNotifications {
    /// Guardrail reasons: a rollback for one of these is also `rollout.guardrail_breached`.
    static let guardrails: Set<String> = [
        RollbackReason.errorRate.rawValue, RollbackReason.latency.rawValue, RollbackReason.scorePSI.rawValue,
    ]

    static func emit(
        rolloutID: String, model: String, kind: String, from: Double?, to: Double?, actor: String, detail: String, at: Int64,
        on connection: SQLConnection
    ) throws {
        let parts = kind.split(separator: ":", maxSplits: 1).map(String.init)
        let types: [String]
        switch parts[0] {
        case "started", "advanced", "promoted", "aborted": types = ["rollout." + parts[0]]
        case "rolled_back":
            let reason = parts.count > 1 ? parts[1] : ""
            types = guardrails.contains(reason) ? ["rollout.guardrail_breached", "rollout.rolled_back"] : ["rollout.rolled_back"]
        default: return
        }
        let versions = try connection.queryFirst("SELECT champion, challenger FROM rollouts WHERE id = $1", [.text(rolloutID)])
        var data: [String: EventValue] = [
            "rollout_id": .string(rolloutID), "model": .string(model), "actor": .string(actor),
            "from_weight": from.map { .double($0) } ?? .null, "to_weight": to.map { .double($0) } ?? .null,
            "link": .string(EventLinks.url("/ui/models/\(EventLinks.escape(model))/rollout")),
        ]
        if let versions {
            data["champion"] = .int(try versions.int64("champion"))
            data["challenger"] = .int(try versions.int64("challenger"))
        }
        if parts.count > 1 { data["reason"] = .string(parts[1]) }
        if let object = try? JSONSerialization.jsonObject(with: Data(detail.utf8)) as? [String: Any], let reason = object["reason"] as? String,
            !reason.isEmpty
        {
            data["reason"] = .string(reason)
        }
        for type in types { try EventOutbox.append(type: type, data: data, now: at, on: connection) }
    }
}
