import AccessControl
import Dashboard
import DriftMonitor
import Foundation
import HTTPAccess
import Hummingbird
import HummingbirdCore
import Logging
import MLOpsStore
import MLflowREST
import ModelRegistry
import NIOCore
import PipelineSpec
import Pipelines
import RolloutControl
import ServiceLifecycle
import Synchronization
import Tracking
import UnixSignals

/// `mlops serve`: every registered model's champion from the configured store, behind the
/// HTTP API (`/api/v1/…`, `/healthz`, `/readyz`, `/metrics`). Background work — following the
/// registry, flushing the prediction log and the live drift counts — runs beside the HTTP
/// server in one service group, and a graceful shutdown (SIGTERM, SIGINT) flushes both.
public final class PredictionServer: Sendable {
    public let configuration: ServerConfiguration
    let registry: Registry
    let table = ModelTable()
    let metrics = ServerMetrics()
    let log: PredictionLog
    let recent: RecentPredictions
    let recorder = RolloutRecorder()
    let rollouts: RolloutController
    let sync: ModelSync
    let driftStore: DriftCountStore
    let logger: Logger
    private let boundPort = Mutex<Int?>(nil)
    private let running = Mutex<ServiceGroup?>(nil)

    /// A server over `registry` (whose database also holds drift counts and the prediction log).
    public init(
        registry: Registry, configuration: ServerConfiguration = ServerConfiguration(),
        logger: Logger = Logger(label: "mlops.serve")
    ) {
        self.configuration = configuration
        self.registry = registry
        self.logger = logger
        self.log = PredictionLog(database: registry.database, capacity: configuration.logBufferCapacity, logger: logger)
        self.recent = RecentPredictions(capacity: configuration.recentPredictions)
        self.driftStore = DriftCountStore(database: registry.database)
        self.rollouts = RolloutController(registry: registry, logger: logger)
        self.sync = ModelSync(
            registry: registry, table: table, driftStore: driftStore,
            windowSeconds: configuration.driftWindowSeconds, logger: logger)
    }

    /// The port the server listens on, once it runs (useful with port 0).
    public var port: Int? { boundPort.withLock { $0 } }

    /// The served models right now.
    public var servedModels: [ServedModel] { table.all }

    func router() -> Router<BasicRequestContext> { routerAndTable().router }

    /// Every route the server mounts, as each module declares it (method, path, access).
    public func routeTable() -> [RouteDescriptor] { routerAndTable().table }

    /// The router, built from the route modules: each mounts its own routes behind the access
    /// each route declares (`RouteRegistrar`); this composition root only hands them the guard.
    func routerAndTable() -> (router: Router<BasicRequestContext>, table: [RouteDescriptor]) {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: AccessLogMiddleware(logger: logger))
        let mounted = MethodNotAllowedMiddleware.Routes()
        router.add(middleware: MethodNotAllowedMiddleware(routes: mounted))
        let routeGuard = RouteGuard(
            policy: configuration.access, tokens: TokenStore(database: registry.database), logger: logger,
            countRefusal: { [metrics] in metrics.countAuthFailure($0) })
        let api = RouteRegistrar(router: router, guard: routeGuard, shape: APIError.refusalShape)
        let afterChange: @Sendable () async -> Void = { [self] in _ = try? await Blocking.run { try self.syncOnce() } }
        HealthRoutes(sync: sync, metrics: metrics, log: log, pollSeconds: configuration.pollSeconds).register(on: api)
        ModelRoutes(registry: registry, metrics: metrics, configuration: configuration, afterChange: afterChange).register(on: api)
        predictRoutes.register(on: api)
        FeedbackRoutes(database: registry.database, recent: recent, metrics: metrics, recorder: recorder, configuration: configuration).register(
            on: api)
        RolloutRoutes(controller: rollouts, metrics: metrics, configuration: configuration, afterChange: afterChange).register(on: api)
        DriftRoutes(registry: registry, table: table, service: LiveDriftService(registry: registry), metrics: metrics).register(on: api)
        PerformanceRoutes(registry: registry, metrics: metrics).register(on: api)
        NotificationRoutes(database: registry.database, metrics: metrics).register(on: api)
        OpenAPIRoutes(access: configuration.access).register(on: api)
        // The v2 protocol's routes refuse in its own shape (`{"error": "…"}`).
        let v2 = RouteRegistrar(router: router, guard: routeGuard, shape: InferenceCodec.refusalShape)
        inferenceRoutes.register(on: v2)
        let dashboard = registerDashboard(on: router, guard: routeGuard)
        let mlflow = MLflowAPI(
            tracking: Tracking(database: registry.database), registry: registry,
            registryFiles: registry.artifacts.root + "/mlflow",
            logged: registry.artifacts.remote?.tree("mlflow", staging: registry.artifacts.root + "/mlflow/.staging"), logger: logger
        ) { [self] in
            try? self.syncOnce()
        }.register(on: router, guard: routeGuard)
        let table = api.table + v2.table + dashboard + mlflow
        mounted.set(table)
        return (router, table)
    }

    /// The web dashboard at `/` and `/ui/…` (it checks its own sessions; the API's bearer
    /// tokens are not for browsers).
    func registerDashboard(on router: Router<BasicRequestContext>, guard routeGuard: RouteGuard) -> [RouteDescriptor] {
        let profiles = ProfileSource(registry: registry, table: table, logger: logger)
        let settings = Dashboard.Settings(
            accessEnabled: configuration.access.enabled, protectReads: configuration.access.protectReads,
            maxBodyBytes: min(configuration.maxBodyBytes, 64 * 1024))
        do {
            var services = DashboardServices(registry: registry) { profiles.profile(model: $0, version: $1) }
            if let directory = configuration.pipelinesDirectory {
                services.pipelines = {
                    try PipelineFiles.load(directory: directory)
                }
            }
            let dashboard = try Dashboard(
                services: services,
                settings: settings, logger: logger,
                afterChange: { [self] in _ = try? await Blocking.run { try self.syncOnce() } },
                countRefusal: { [metrics] in metrics.countAuthFailure($0) })
            let table = dashboard.register(on: router, guard: routeGuard)
            Task.detached { _ = try? await Blocking.run { dashboard.warm() } }
            return table
        } catch {
            logger.error("the dashboard is unavailable", metadata: ["error": "\(error)"])
            return []
        }
    }

    var inferenceRoutes: InferenceRoutes {
        InferenceRoutes(
            predict: predictRoutes, sync: sync,
            health: HealthRoutes(sync: sync, metrics: metrics, log: log, pollSeconds: configuration.pollSeconds), metrics: metrics,
            configuration: configuration)
    }

    var predictRoutes: PredictRoutes {
        PredictRoutes(table: table, log: log, recent: recent, metrics: metrics, recorder: recorder, configuration: configuration)
    }

    /// HTTP/1.1 under the connection limits, with the predict fast path in the pipeline unless
    /// it is turned off.
    func httpServer() -> HTTPServerBuilder {
        // The fast path runs before the router and its access checks: it applies the prediction
        // routes' requirement itself, so it runs only when predictions are open.
        guard configuration.predictFastPath, configuration.access.requiredRole(for: .prediction) == nil else {
            return LimitedHTTP1Channel.builder(limits: configuration.connections) { [] }
        }
        let routes = predictRoutes
        let inference = inferenceRoutes
        let limit = configuration.maxBodyBytes
        let logger = logger
        return LimitedHTTP1Channel.builder(limits: configuration.connections) {
            [FastPredictHandler(routes: routes, inference: inference, limit: limit, logger: logger)]
        }
    }

    /// Serves until a shutdown signal (or the task is cancelled), then flushes what is buffered.
    public func run(
        gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint],
        onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws {
        if !configuration.access.enabled {
            logger.warning("access control is off: anyone who can reach this server can promote, roll back and delete")
        }
        do {
            try await Blocking.run { try self.syncOnce() }
        } catch {
            logger.error("initial registry sync failed; serving nothing until the store answers", metadata: ["error": "\(error)"])
        }
        let app = Application(
            router: router(),
            server: httpServer(),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "mlops",
                availableConnectionsDelegate: MaximumAvailableConnections(configuration.connections.maxConnections, logger: logger)),
            onServerRunning: { [self] channel in
                let port = channel.localAddress?.port
                self.boundPort.withLock { $0 = port }
                self.logger.notice("serving", metadata: ["port": "\(port ?? -1)"])
                onListening(port ?? -1)
            },
            logger: logger)
        let background = BackgroundWork(server: self)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: app), .init(service: background)],
                gracefulShutdownSignals: gracefulShutdownSignals, logger: logger))
        running.withLock { $0 = group }
        defer { running.withLock { $0 = nil } }
        do {
            try await group.run()
        } catch {
            throw ServerStartError.from(error, host: configuration.host, port: configuration.port) ?? error
        }
    }

    /// Stops a running server as a shutdown signal would: it stops accepting, finishes what it
    /// serves, flushes what it buffered, and `run` returns. Nothing when it is not running.
    public func shutdown() async {
        guard let group = running.withLock({ $0 }) else { return }
        await group.triggerGracefulShutdown()
    }

    /// One registry sync; flushes the drift counts of versions no longer served.
    func syncOnce() throws {
        let retired = try sync.sync()
        for version in retired {
            do { try version.drift?.flush() } catch {
                logger.warning("drift flush of a retired version failed", metadata: ["version": "\(version.reference)", "error": "\(error)"])
            }
        }
    }

    /// Hands this replica's rollout statistics in and lets the controller decide (blocking);
    /// a decision that moves the rollout is served after the next sync.
    func decideRollouts() {
        var moved = false
        var running: Set<String> = []
        for model in table.all {
            guard let rollout = model.rollout else { continue }
            running.insert(rollout.id)
            let contribution = recorder.take(rollout.id)
            do {
                let (decision, after) = try rollouts.decide(
                    rolloutID: rollout.id, contribution: contribution,
                    scorePSI: recorder.scorePSI(rollout.id))
                recorder.moveTo(rollout.id, step: after.state.stepIndex)
                metrics.setGauge(
                    "rollout_weight", unit: "percent", labels: [("model", model.name)],
                    help: "Challenger traffic share of the model's rollout, in percent.", after.state.weightPercent)
                if decision.action != .hold { moved = true }
            } catch {
                if let contribution { recorder.restore(rollout.id, contribution) }
                metrics.storeFailures.increment()
                logger.warning(
                    "rollout decision failed; statistics kept for the next one", metadata: ["rollout": "\(rollout.id)", "error": "\(error)"])
            }
        }
        recorder.retain(only: running)
        if moved { try? syncOnce() }
    }

    /// Flushes the prediction log and every served version's drift counts (blocking).
    func flushAll() {
        do { try log.flush() } catch {
            metrics.storeFailures.increment()
            logger.warning("prediction log flush failed; records stay buffered", metadata: ["error": "\(error)", "pending": "\(log.counts.pending)"])
        }
        for model in table.all {
            for version in [model.champion, model.challenger].compactMap({ $0 }) {
                do { try version.drift?.flush() } catch {
                    metrics.storeFailures.increment()
                    logger.warning(
                        "drift flush failed; counts kept for the next one", metadata: ["version": "\(version.reference)", "error": "\(error)"])
                }
            }
        }
    }
}
