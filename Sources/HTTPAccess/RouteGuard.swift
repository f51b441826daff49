import AccessControl
import HTTPTypes
import Hummingbird
import Logging

/// How refusals look on one module's routes: the JSON API's `{"error": {"code", "message"}}`,
/// MLflow's `{"error_code", "message"}`. `status` is 401, 403 or 503.
public struct RefusalShape: Sendable {
    public let respond: @Sendable (HTTPResponse.Status, String) -> Response

    public init(_ respond: @escaping @Sendable (HTTPResponse.Status, String) -> Response) {
        self.respond = respond
    }
}

/// What the composition root hands every route module: the access policy, where tokens are
/// looked up, and how refusals are logged and counted. Modules mount their routes through a
/// `RouteRegistrar`, which asks it for the middleware each route's access needs.
public struct RouteGuard: Sendable {
    public let policy: AccessPolicy
    let tokens: TokenStore?
    let logger: Logger
    let countRefusal: @Sendable (String) -> Void

    public init(policy: AccessPolicy, tokens: TokenStore?, logger: Logger, countRefusal: @escaping @Sendable (String) -> Void = { _ in }) {
        self.policy = policy
        self.tokens = tokens
        self.logger = logger
        self.countRefusal = countRefusal
    }

    /// No checks at all (access control off): for tests of what routes do.
    public static func open(logger: Logger = Logger(label: "mlops.access")) -> RouteGuard {
        RouteGuard(policy: .off, tokens: nil, logger: logger)
    }

    /// The middleware a route of `access` needs under the policy, or nil when it is open.
    func middleware(_ access: RouteAccess, shape: RefusalShape) -> AccessMiddleware? {
        policy.requiredRole(for: access).map { AccessMiddleware(role: $0, routeGuard: self, shape: shape) }
    }
}

/// One module's routes as it mounts them: each route in a group of its own, behind the access
/// middleware its declared `RouteAccess` needs (as hummingbird's route groups with middleware do),
/// and recorded in `table`, the module's route table.
public final class RouteRegistrar: @unchecked Sendable {
    let router: Router<BasicRequestContext>
    let routeGuard: RouteGuard
    let shape: RefusalShape
    /// The routes mounted so far (registration happens once, on one thread, before serving).
    public private(set) var table: [RouteDescriptor] = []

    public init(router: Router<BasicRequestContext>, guard routeGuard: RouteGuard, shape: RefusalShape) {
        self.router = router
        self.routeGuard = routeGuard
        self.shape = shape
    }

    /// Mounts `handler` at `method` `path` for callers `access` allows.
    public func on(
        _ path: String, method: HTTPRequest.Method, access: RouteAccess,
        use handler: @escaping @Sendable (Request, BasicRequestContext) async throws -> Response
    ) {
        let group = router.group()
        if let middleware = routeGuard.middleware(access, shape: shape) { group.add(middleware: middleware) }
        group.on(RouterPath(path), method: method, use: handler)
        table.append(RouteDescriptor(method: method.rawValue, path: path, access: access))
    }

    public func get(_ path: String, access: RouteAccess, use handler: @escaping @Sendable (Request, BasicRequestContext) async throws -> Response) {
        on(path, method: .get, access: access, use: handler)
    }

    public func post(_ path: String, access: RouteAccess, use handler: @escaping @Sendable (Request, BasicRequestContext) async throws -> Response) {
        on(path, method: .post, access: access, use: handler)
    }

    public func put(_ path: String, access: RouteAccess, use handler: @escaping @Sendable (Request, BasicRequestContext) async throws -> Response) {
        on(path, method: .put, access: access, use: handler)
    }

    public func delete(_ path: String, access: RouteAccess, use handler: @escaping @Sendable (Request, BasicRequestContext) async throws -> Response)
    {
        on(path, method: .delete, access: access, use: handler)
    }
}
