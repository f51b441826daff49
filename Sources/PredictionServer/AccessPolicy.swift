import AccessControl
import Dashboard
import HTTPTypes

/// Who may call what over HTTP. With access control on (the default), every change needs a
/// bearer token: deletions an `admin`, other changes a `deployer`. Reads and predictions are
/// open unless protected, then any live token (`reader` and up) will do. `/healthz`, `/readyz`
/// and `/metrics` are always open. The dashboard (`/`, `/ui/…`) signs browsers in itself.
public struct AccessPolicy: Sendable, Equatable {
    /// Off: no checks at all (a laptop, a test); the server logs a warning at start.
    public var enabled: Bool
    public var protectReads: Bool
    /// Predictions and feedback; protecting them turns the predict fast path off.
    public var protectPredictions: Bool

    public init(enabled: Bool = true, protectReads: Bool = false, protectPredictions: Bool = false) {
        self.enabled = enabled
        self.protectReads = protectReads
        self.protectPredictions = protectPredictions
    }

    public static let off = AccessPolicy(enabled: false)

    /// The least role a request needs, or nil when it is open.
    public func requiredRole(method: HTTPRequest.Method, path: String) -> Role? {
        guard enabled, !["/healthz", "/readyz", "/metrics"].contains(path) else { return nil }
        // The dashboard checks its own sign-in sessions (cookie, CSRF token) with the same roles.
        if Dashboard.owns(path: path) { return nil }
        if Self.isPrediction(method: method, path: path) { return protectPredictions ? .reader : nil }
        if method == .get || method == .head || Self.isReadByPost(path) { return protectReads ? .reader : nil }
        return Self.isDeletion(method: method, path: path) ? .admin : .deployer
    }

    static func isPrediction(method: HTTPRequest.Method, path: String) -> Bool {
        method == .post && (path == "/api/v1/feedback" || (path.hasPrefix("/api/v1/models/") && path.hasSuffix("/predict")))
    }

    /// MLflow's searches and lookups sent as POST.
    static func isReadByPost(_ path: String) -> Bool {
        [
            "/api/2.0/mlflow/runs/search", "/api/2.0/mlflow/experiments/search", "/api/2.0/mlflow/logged-models/search",
            "/api/2.0/mlflow/registered-models/get-latest-versions",
        ].contains(path)
    }

    /// Removing registered models, versions, experiments or runs.
    static func isDeletion(method: HTTPRequest.Method, path: String) -> Bool {
        [
            "/api/2.0/mlflow/registered-models/delete", "/api/2.0/mlflow/model-versions/delete",
            "/api/2.0/mlflow/experiments/delete", "/api/2.0/mlflow/runs/delete",
        ].contains(path)
    }
}
