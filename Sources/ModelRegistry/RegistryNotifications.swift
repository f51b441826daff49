import JobQueue
import MLOpsStore

/// Which registry history entries are also notifications (`version.*` events in the outbox),
/// written in the same transaction as the entry: a registration, a promotion, a rollback.
enum RegistryNotifications {
    static func emit(
        model: String, kind: RegistryEventKind, version: Int?, fromVersion: Int?, actor: String, reason: String?, at: Int64,
        on connection: SQLConnection
    ) throws {
        let type: String
        switch kind {
        case .registered: type = "version.registered"
        case .promoted: type = "version.promoted"
        case .rolledBack: type = "version.rolled_back"
        default: return
        }
        var data: [String: EventValue] = [
            "model": .string(model), "actor": .string(actor), "reason": .optional(reason),
            "link": .string(EventLinks.url("/ui/models/\(EventLinks.escape(model))")),
        ]
        if let version { data["version"] = .int(version) }
        if let fromVersion { data["from_version"] = .int(fromVersion) }
        try EventOutbox.append(type: type, data: data, now: at, on: connection)
    }
}
