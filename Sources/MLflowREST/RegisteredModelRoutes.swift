import AccessControl
import HTTPAccess
import Hummingbird
import MLflowSearch
import ModelRegistry

/// `registered-models/*`: MLflow's registered models are our models, aliases included.
/// Setting the `champion` alias promotes (the same history as `mlops registry promote`);
/// `champion` and `previous` cannot be removed by hand, as on every other door.
struct RegisteredModelRoutes {
    let api: MLflowAPI

    func register(on router: RouteRegistrar) {
        let registry = api.registry
        let changed = api.onRegistryChange
        api.route(router, [.post], "/registered-models/create", .change) { params in
            let model = try registry.createModel(
                try params.required("name"), description: try params.string("description") ?? "",
                tags: try params.keyValues("tags"), actor: params.actor)
            return ["registered_model": MLflowJSON.registeredModel(model)]
        }
        api.route(router, [.get], "/registered-models/get", .read) { params in
            let model = try registry.model(try params.required("name"))
            return ["registered_model": MLflowJSON.registeredModel(model, latest: try Self.latestPerStage(registry, model.name))]
        }
        api.route(router, [.patch], "/registered-models/update", .change) { params in
            let model = try registry.updateModel(try params.required("name"), description: try params.string("description") ?? "")
            return ["registered_model": MLflowJSON.registeredModel(model)]
        }
        api.route(router, [.delete], "/registered-models/delete", .deletion) { params in
            try registry.deleteModel(try params.required("name"), actor: params.actor)
            changed()
            return [:]
        }
        api.route(router, [.post], "/registered-models/rename", .change) { params in
            throw MLflowError.invalid(
                "renaming registered model '\(try params.required("name"))' is not supported: names are how serving, rollouts and history refer to a model"
            )
        }
        api.route(router, [.get], "/registered-models/search", .read) { params in
            let models = try registry.models().map(RegisteredModelRecord.init)
            return try Search.run(
                models, entity: .registeredModels, params: params, defaultSize: 100, limit: 1_000,
                key: "registered_models"
            ) { MLflowJSON.registeredModel($0.model) }
        }
        api.route(router, [.post, .get], "/registered-models/get-latest-versions", .read) { params in
            let name = try params.required("name")
            let stages = Set(try params.strings("stages").map { $0.capitalized })
            let latest = try Self.latestPerStage(registry, name).filter { stages.isEmpty || stages.contains(StageMapping.stage(of: $0)) }
            return ["model_versions": latest.map(MLflowJSON.modelVersion)]
        }
        api.route(router, [.post], "/registered-models/set-tag", .change) { params in
            try registry.updateModel(try params.required("name"), setTags: [try params.required("key"): try params.string("value") ?? ""])
            return [:]
        }
        api.route(router, [.delete], "/registered-models/delete-tag", .change) { params in
            try registry.updateModel(try params.required("name"), removeTags: [try params.required("key")])
            return [:]
        }
        api.route(router, [.post], "/registered-models/alias", .change) { params in
            let (name, alias) = (try params.required("name"), try params.required("alias"))
            let version = try ModelVersionRoutes.versionNumber(try params.required("version"))
            if alias == WellKnownAlias.champion {
                if try registry.model(name).aliases[alias] != version {
                    try registry.promote(model: name, version: version, actor: params.actor, reason: "set through the MLflow API")
                }
            } else {
                try registry.setAlias(model: name, alias: alias, version: version, actor: params.actor)
            }
            changed()
            return [:]
        }
        api.route(router, [.delete], "/registered-models/alias", .change) { params in
            do {
                try registry.deleteAlias(model: try params.required("name"), alias: try params.required("alias"), actor: params.actor)
                changed()
            } catch RegistryError.aliasNotFound {
                // MLflow deletes an alias that is not set as a success (the model exists: an
                // unknown model is still RESOURCE_DOES_NOT_EXIST), so a deploy script that clears
                // `challenger` after a promotion already cleared it goes on. Nothing was removed,
                // so nothing enters the history. A deliberate exception to the shared mapping.
            }
            return [:]
        }
        api.route(router, [.get], "/registered-models/alias", .read) { params in
            let (name, alias) = (try params.required("name"), try params.required("alias"))
            do {
                return ["model_version": MLflowJSON.modelVersion(try registry.resolve(ModelReference(model: name, selector: .alias(alias))))]
            } catch RegistryError.aliasNotFound {
                // MLflow answers an unknown alias with INVALID_PARAMETER_VALUE, and its client expects that.
                throw MLflowError.invalid("registered model '\(name)' has no alias '\(alias)'")
            }
        }
    }

    /// The newest version in each stage, as MLflow's `latest_versions`.
    static func latestPerStage(_ registry: Registry, _ name: String) throws -> [ModelVersion] {
        var latest: [String: ModelVersion] = [:]
        for version in try registry.versions(model: name) {
            let stage = StageMapping.stage(of: version)
            if (latest[stage]?.version ?? 0) < version.version { latest[stage] = version }
        }
        return latest.values.sorted { $0.version < $1.version }
    }
}
