import ModelRegistry

/// MLflow's deprecated stages over our aliases and statuses: Production is the `champion`
/// alias, Staging the `challenger` alias, Archived an archived version, None anything else.
enum StageMapping {
    static func stage(of version: ModelVersion) -> String {
        if version.status == .archived { return "Archived" }
        if version.aliases.contains(WellKnownAlias.champion) { return "Production" }
        if version.aliases.contains(WellKnownAlias.challenger) { return "Staging" }
        return "None"
    }
}
