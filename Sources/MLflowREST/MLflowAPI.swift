import AccessControl
import ArtifactArchive
import Foundation
import HTTPAccess
import Hummingbird
import Logging
import MLOpsErrors
import MLOpsStore
import ModelRegistry
import Tracking

/// MLflow's REST API (`/api/2.0/mlflow/…` and the `mlflow-artifacts` proxy) over our tracking
/// store and registry, so the `mlflow` Python client works against `mlops serve` unchanged.
/// MLflow's registered models and versions are our models and versions; a version created
/// through this door is archived from its source's files at creation.
public struct MLflowAPI: Sendable {
    let tracking: Tracking
    let registry: Registry
    let artifacts: ArtifactFiles
    /// Largest JSON request body (artifact uploads have their own limit).
    let maxBodyBytes: Int
    let logger: Logger
    /// Called (blocking, off the event loop) after a registry change that replicas serve.
    let onRegistryChange: @Sendable () -> Void

    static let prefix = "/api/2.0/mlflow"

    /// `logged` holds what clients log (default: `registryFiles` itself); `registryFiles` is the
    /// local directory registered versions' files are extracted into for downloads.
    public init(
        tracking: Tracking, registry: Registry, registryFiles: String, logged: (any ArtifactTree)? = nil, maxBodyBytes: Int = 4 << 20,
        logger: Logger = Logger(label: "mlops.mlflow"), onRegistryChange: @escaping @Sendable () -> Void = {}
    ) {
        self.tracking = tracking
        self.registry = registry
        let local = LocalArtifactTree(root: registryFiles)
        self.artifacts = ArtifactFiles(logged: logged ?? local, registry: local)
        self.maxBodyBytes = maxBodyBytes
        self.logger = logger
        self.onRegistryChange = onRegistryChange
    }

    /// Mounts MLflow's routes, each behind the access it declares; refusals in MLflow's shape.
    /// Returns the module's route table.
    @discardableResult
    public func register(on router: Router<BasicRequestContext>, guard routeGuard: RouteGuard) -> [RouteDescriptor] {
        let routes = RouteRegistrar(router: router, guard: routeGuard, shape: Self.refusalShape)
        register(on: routes)
        return routes.table
    }

    /// A refused call as MLflow's clients expect it (`UNAUTHENTICATED`, `PERMISSION_DENIED`).
    static let refusalShape = RefusalShape { status, message in
        let category: ErrorCategory = status == .forbidden ? .forbidden : status == .unauthorized ? .unauthorized : .unavailable
        return MLflowResponse.error(MLflowError.from(category, message: message))
    }

    func register(on router: RouteRegistrar) {
        ExperimentRoutes(api: self).register(on: router)
        RunRoutes(api: self).register(on: router)
        LoggedModelRoutes(api: self).register(on: router)
        RegisteredModelRoutes(api: self).register(on: router)
        ModelVersionRoutes(api: self).register(on: router)
        ArtifactRoutes(api: self).register(on: router)
    }

    /// Adds a JSON route: parameters read from the query and body, the work run off the event
    /// loop (it blocks on SQL and files), errors answered in MLflow's shape.
    func route(
        _ router: RouteRegistrar, _ methods: [HTTPRequest.Method], _ path: String, _ access: RouteAccess,
        _ body: @escaping @Sendable (MLflowParams) throws -> [String: Any]
    ) {
        for method in methods {
            router.on(Self.prefix + path, method: method, access: access) { request, context in
                do {
                    var params = try await MLflowParams.read(request, limit: self.maxBodyBytes)
                    for (key, value) in context.parameters { params.set(String(key), String(value)) }
                    if let name = RequestActor.name { params.actor = name }
                    let ready = params
                    let result = try await Blocking.run { try JSONObject(body(ready)) }
                    return MLflowResponse.json(result.value)
                } catch {
                    return self.failure(error, request)
                }
            }
        }
    }

    func failure(_ error: any Error, _ request: Request) -> Response {
        let mlflow = MLflowError.from(error)
        if mlflow.status.code >= 500 {
            logger.error("mlflow request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
        }
        return MLflowResponse.error(mlflow)
    }

    /// The experiment ids a search names (strings in MLflow), or an error naming the bad one.
    static func experimentIDs(_ texts: [String]) throws -> [Int64] {
        try texts.map {
            guard let id = Int64($0) else { throw MLflowError.invalid("experiment id '\($0)' is not a number") }
            return id
        }
    }

    static func experimentID(_ params: MLflowParams, _ key: String = "experiment_id") throws -> Int64 {
        let text = try params.required(key)
        guard let id = Int64(text) else { throw MLflowError.invalid("'\(key)' '\(text)' is not a number") }
        return id
    }
}

/// Carries a JSON dictionary out of `Blocking.run` (its values are plain JSON values).
struct JSONObject: @unchecked Sendable {
    let value: [String: Any]
    init(_ value: [String: Any]) { self.value = value }
}
