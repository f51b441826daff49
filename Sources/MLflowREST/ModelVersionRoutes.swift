import AccessControl
import HTTPAccess
import Hummingbird
import MLflowSearch
import ModelRegistry

/// `model-versions/*`. A version created here is archived (`.tar.zst`, SHA-256) from its
/// source's files at once, so it never changes afterwards; MLflow itself keeps a pointer.
/// Stages map onto aliases (`StageMapping`).
struct ModelVersionRoutes {
    let api: MLflowAPI

    func register(on router: RouteRegistrar) {
        let registry = api.registry
        let changed = api.onRegistryChange
        let api = self.api
        api.route(router, [.post], "/model-versions/create", .change) { params in
            let version = try VersionSource.register(
                api: api, model: try params.required("name"), source: try params.required("source"),
                runID: try params.string("run_id").flatMap { $0.isEmpty ? nil : $0 },
                loggedModelID: try params.string("model_id").flatMap { $0.isEmpty ? nil : $0 },
                tags: try params.keyValues("tags"), description: try params.string("description") ?? "",
                actor: params.actor)
            return ["model_version": MLflowJSON.modelVersion(version)]
        }
        api.route(router, [.get], "/model-versions/get", .read) { params in
            ["model_version": MLflowJSON.modelVersion(try Self.version(registry, params))]
        }
        api.route(router, [.patch], "/model-versions/update", .change) { params in
            let current = try Self.version(registry, params)
            let updated = try registry.updateVersion(
                model: current.model, version: current.version, description: try params.string("description") ?? "")
            return ["model_version": MLflowJSON.modelVersion(updated)]
        }
        api.route(router, [.delete], "/model-versions/delete", .deletion) { params in
            let current = try Self.version(registry, params)
            try registry.deleteVersion(model: current.model, version: current.version, actor: params.actor)
            changed()
            return [:]
        }
        api.route(router, [.get], "/model-versions/search", .read) { params in
            let versions = try registry.allVersions().map(VersionRecord.init)
            return try Search.run(
                versions, entity: .modelVersions, params: params, defaultSize: 10_000, limit: 200_000,
                key: "model_versions"
            ) { MLflowJSON.modelVersion($0.version) }
        }
        api.route(router, [.get], "/model-versions/get-download-uri", .read) { params in
            let version = try Self.version(registry, params)
            return ["artifact_uri": "mlflow-artifacts:/\(VersionFiles.path(version))"]
        }
        api.route(router, [.post], "/model-versions/transition-stage", .change) { params in
            let version = try Self.version(registry, params)
            try StageTransition.apply(
                registry, version, to: try params.required("stage"), actor: params.actor,
                archiveExisting: try params.bool("archive_existing_versions") ?? false)
            changed()
            return ["model_version": MLflowJSON.modelVersion(try Self.version(registry, params))]
        }
        api.route(router, [.post], "/model-versions/set-tag", .change) { params in
            let version = try Self.version(registry, params)
            try registry.updateVersion(
                model: version.model, version: version.version,
                setTags: [try params.required("key"): try params.string("value") ?? ""])
            return [:]
        }
        api.route(router, [.delete], "/model-versions/delete-tag", .change) { params in
            let version = try Self.version(registry, params)
            try registry.updateVersion(model: version.model, version: version.version, removeTags: [try params.required("key")])
            return [:]
        }
    }

    static func versionNumber(_ text: String) throws -> Int {
        guard let number = Int(text), number > 0 else { throw MLflowError.invalid("version '\(text)' is not a positive integer") }
        return number
    }

    static func version(_ registry: Registry, _ params: MLflowParams) throws -> ModelVersion {
        try registry.resolve(
            ModelReference(model: try params.required("name"), selector: .version(try versionNumber(try params.required("version")))))
    }
}

/// `transition_model_version_stage`: Production promotes (the old champion becomes `previous`),
/// Staging sets the `challenger` alias (a rollout still starts with `mlops rollout start`),
/// Archived archives, None removes the `challenger` alias from the version. The champion
/// leaves Production only by a promotion or a rollback, and archiving is final.
enum StageTransition {
    static func apply(_ registry: Registry, _ version: ModelVersion, to stage: String, actor: String, archiveExisting: Bool = false) throws {
        let isChampion = version.aliases.contains(WellKnownAlias.champion)
        if version.status == .archived && stage.lowercased() != "archived" {
            throw MLflowError.state("\(version.reference) is archived, and archiving is final; register the files again for a new version")
        }
        if isChampion && ["staging", "none"].contains(stage.lowercased()) {
            throw MLflowError.state("\(version.reference) is the champion (Production); promote another version or roll back instead")
        }
        switch stage.lowercased() {
        case "production":
            guard !isChampion else { return }
            let change = try registry.promote(model: version.model, version: version.version, actor: actor, reason: "MLflow stage Production")
            if archiveExisting, let old = change.previous {
                try registry.archive(model: version.model, version: old, actor: actor, reason: "MLflow archive_existing_versions")
            }
        case "staging":
            try registry.setAlias(
                model: version.model, alias: WellKnownAlias.challenger, version: version.version, actor: actor, reason: "MLflow stage Staging")
        case "archived":
            try registry.archive(model: version.model, version: version.version, actor: actor, reason: "MLflow stage Archived")
        case "none":
            if version.aliases.contains(WellKnownAlias.challenger) {
                try registry.deleteAlias(model: version.model, alias: WellKnownAlias.challenger, actor: actor, reason: "MLflow stage None")
            }
        default:
            throw MLflowError.invalid("stage '\(stage)' is not one of None, Staging, Production, Archived")
        }
    }
}
