import AccessControl
import HTTPAccess
import Hummingbird
import MLflowSearch
import Tracking

/// `experiments/*`: create, get, get-by-name, search, update, delete, restore, set-experiment-tag.
struct ExperimentRoutes {
    let api: MLflowAPI

    func register(on router: RouteRegistrar) {
        let tracking = api.tracking
        api.route(router, [.post], "/experiments/create", .change) { params in
            let experiment = try tracking.createExperiment(name: try params.required("name"), tags: try params.keyValues("tags"))
            return ["experiment_id": String(experiment.id)]
        }
        api.route(router, [.get], "/experiments/get", .read) { params in
            ["experiment": MLflowJSON.experiment(try tracking.experiment(id: try MLflowAPI.experimentID(params)))]
        }
        api.route(router, [.get], "/experiments/get-by-name", .read) { params in
            let name = try params.required("experiment_name")
            do {
                return ["experiment": MLflowJSON.experiment(try tracking.experiment(named: name))]
            } catch TrackingError.experimentNotFound {
                throw MLflowError.notFound("Could not find experiment with name '\(name)'")
            }
        }
        api.route(router, [.post, .get], "/experiments/search", .read) { params in
            let view = try ViewType(params)
            let experiments = try tracking.experiments().filter { view.includes($0.lifecycleStage) }.map(ExperimentRecord.init)
            return try Search.run(
                experiments, entity: .experiments, params: params, scope: [view.name], defaultSize: 1000, limit: 50_000,
                key: "experiments"
            ) { MLflowJSON.experiment($0.experiment) }
        }
        api.route(router, [.post], "/experiments/update", .change) { params in
            try tracking.renameExperiment(id: try MLflowAPI.experimentID(params), to: try params.required("new_name"))
            return [:]
        }
        api.route(router, [.post], "/experiments/delete", .deletion) { params in
            try tracking.setExperimentStage(id: try MLflowAPI.experimentID(params), .deleted)
            return [:]
        }
        api.route(router, [.post], "/experiments/restore", .change) { params in
            try tracking.setExperimentStage(id: try MLflowAPI.experimentID(params), .active)
            return [:]
        }
        api.route(router, [.post], "/experiments/set-experiment-tag", .change) { params in
            try tracking.setExperimentTag(
                id: try MLflowAPI.experimentID(params), key: try params.required("key"), value: try params.string("value") ?? "")
            return [:]
        }
    }
}

/// `view_type` / `run_view_type`: ACTIVE_ONLY (default), DELETED_ONLY or ALL.
struct ViewType: CustomStringConvertible {
    let name: String

    init(_ params: MLflowParams) throws {
        let text = try params.string("view_type") ?? params.string("run_view_type") ?? "ACTIVE_ONLY"
        guard ["ACTIVE_ONLY", "DELETED_ONLY", "ALL", "1", "2", "3"].contains(text) else {
            throw MLflowError.invalid("view type '\(text)' is not ACTIVE_ONLY, DELETED_ONLY or ALL")
        }
        name = ["1": "ACTIVE_ONLY", "2": "DELETED_ONLY", "3": "ALL"][text] ?? text
    }

    func includes(_ stage: LifecycleStage) -> Bool {
        switch name {
        case "ALL": return true
        case "DELETED_ONLY": return stage == .deleted
        default: return stage == .active
        }
    }

    var description: String { name }
}
