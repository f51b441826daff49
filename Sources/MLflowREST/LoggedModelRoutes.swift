import AccessControl
import HTTPAccess
import Hummingbird
import MLflowSearch
import Tracking

/// `logged-models/*` (MLflow 3): what `mlflow.<flavor>.log_model` calls — create, upload files
/// through the artifact proxy, log params and tags, finalize — plus get and search.
struct LoggedModelRoutes {
    let api: MLflowAPI

    func register(on router: RouteRegistrar) {
        let tracking = api.tracking
        api.route(router, [.post], "/logged-models", .change) { params in
            let experimentID = try MLflowAPI.experimentID(params)
            let model = try tracking.createLoggedModel(
                experimentID: experimentID, name: try params.string("name") ?? "model", sourceRunID: try params.string("source_run_id"),
                modelType: try params.string("model_type"), params: try params.keyValues("params"), tags: try params.keyValues("tags"))
            return ["model": MLflowJSON.loggedModel(model)]
        }
        api.route(router, [.get], "/logged-models/{model_id}", .read) { params in
            ["model": MLflowJSON.loggedModel(try tracking.loggedModel(id: try params.required("model_id")))]
        }
        api.route(router, [.patch], "/logged-models/{model_id}", .change) { params in
            let status = try Self.status(try params.required("status"))
            return ["model": MLflowJSON.loggedModel(try tracking.finalizeLoggedModel(id: try params.required("model_id"), status: status))]
        }
        api.route(router, [.patch], "/logged-models/{model_id}/tags", .change) { params in
            let id = try params.required("model_id")
            try tracking.setLoggedModelTags(id: id, try params.keyValues("tags"))
            return ["model": MLflowJSON.loggedModel(try tracking.loggedModel(id: id))]
        }
        api.route(router, [.delete], "/logged-models/{model_id}/tags/{tag_key}", .change) { params in
            try tracking.deleteLoggedModelTag(id: try params.required("model_id"), key: try params.required("tag_key"))
            return [:]
        }
        api.route(router, [.post], "/logged-models/{model_id}/params", .change) { params in
            try tracking.logLoggedModelParams(id: try params.required("model_id"), try params.keyValues("params"))
            return [:]
        }
        api.route(router, [.post], "/logged-models/search", .read) { params in
            var params = params
            // Here order_by is a list of {"field_name", "ascending"} objects.
            let order = try params.objects("order_by").map { item -> String in
                let item = MLflowParams(values: item)
                return "\(try item.required("field_name")) \(try item.bool("ascending") ?? true ? "ASC" : "DESC")"
            }
            params.set("order_by", strings: order)
            let ids = try MLflowAPI.experimentIDs(try params.strings("experiment_ids"))
            let models = try tracking.loggedModels(experimentIDs: ids).map(LoggedModelRecord.init)
            return try Search.run(
                models, entity: .loggedModels, params: params, scope: ids.map(String.init),
                defaultSize: 100, limit: 10_000, key: "models"
            ) { MLflowJSON.loggedModel($0.model) }
        }
    }

    /// `LOGGED_MODEL_READY`, `READY`, or the enum's number.
    static func status(_ text: String) throws -> LoggedModelStatus {
        switch text.uppercased() {
        case "LOGGED_MODEL_READY", "READY", "2": return .ready
        case "LOGGED_MODEL_UPLOAD_FAILED", "UPLOAD_FAILED", "FAILED", "3": return .failed
        case "LOGGED_MODEL_PENDING", "PENDING", "1": return .pending
        default:
            throw MLflowError.invalid("logged model status '\(text)' is not LOGGED_MODEL_PENDING, LOGGED_MODEL_READY or LOGGED_MODEL_UPLOAD_FAILED")
        }
    }
}
