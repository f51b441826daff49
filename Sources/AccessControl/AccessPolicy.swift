/// What a route does, as far as access goes: each route module declares it for every route it
/// mounts (`RouteRegistrar`), and `AccessPolicy` turns it into the role the route needs. There is
/// no table of path strings: a new route says what it is where it is written.
public enum RouteAccess: String, Sendable, CaseIterable, Codable {
    /// Health, readiness and metrics: always open.
    case open
    /// Reads (GET, and MLflow's searches sent as POST).
    case read
    /// Predictions and feedback.
    case prediction
    /// Changes: create, update, promote, roll back, rollout control.
    case change
    /// Removing registered models, versions, experiments or runs.
    case deletion
    /// The dashboard's pages and forms, which check their own sign-in sessions (cookie, CSRF).
    case session
    /// Webhook subscriptions and deliveries (receivers' URLs, signing secrets): an admin for
    /// every method, reads included.
    case admin
}

/// One route as its module mounts it: method, path pattern (`{name}` for a parameter, `**` for
/// the rest of a path) and access. Each module's `register` returns its routes, so the server's
/// route table can be listed (and checked, and one day described as OpenAPI).
public struct RouteDescriptor: Sendable, Hashable, Codable, CustomStringConvertible {
    public let method: String
    public let path: String
    public let access: RouteAccess

    public init(method: String, path: String, access: RouteAccess) {
        self.method = method
        self.path = path
        self.access = access
    }

    public var description: String { "\(method) \(path) (\(access.rawValue))" }
}

/// Who may call what over HTTP. With access control on (the default), every change needs a
/// bearer token: deletions an `admin`, other changes a `deployer`. Reads and predictions are
/// open unless protected, then any live token (`reader` and up) will do. Health, readiness and
/// metrics are always open; the dashboard signs browsers in itself.
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

    /// The least role a route of `access` needs, or nil when it is open.
    public func requiredRole(for access: RouteAccess) -> Role? {
        guard enabled else { return nil }
        switch access {
        case .open, .session: return nil
        case .read: return protectReads ? .reader : nil
        case .prediction: return protectPredictions ? .reader : nil
        case .change: return .deployer
        case .deletion, .admin: return .admin
        }
    }
}
