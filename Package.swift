// swift-tools-version:6.1
import PackageDescription

// Hot loops (histograms, prediction, CSV parsing) drop bounds checks in release builds; their
// code works on validated, contiguous buffers.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]

// Thin executable `mlops`, thick libraries (one per concern), one test target per library.
// System libraries are wrapped once each in a `systemLibrary` target.
let package = Package(
    name: "mlops",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mlops", targets: ["mlops"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.4.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.24.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // System libraries.
        .systemLibrary(
            name: "CPostgreSQL", path: "Sources/CPostgreSQL",
            providers: [.apt(["libpq-dev"])]),
        .systemLibrary(
            name: "CSQLite", path: "Sources/CSQLite",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CArchive", path: "Sources/CArchive",
            providers: [.apt(["libarchive-dev", "libzstd-dev"])]),
        .systemLibrary(
            name: "COpenBLAS", path: "Sources/COpenBLAS",
            providers: [.apt(["libopenblas-dev"])]),

        // Libraries.
        // What kind of failure an error is (not found, conflict, invalid, …): every surface maps these once.
        .target(name: "MLOpsErrors"),
        // Time as every surface writes it: Unix ms, ISO 8601 UTC, durations (90s, 30m, 7d), instants. A leaf.
        .target(name: "MLOpsTime"),
        // What to train, as every surface writes it: the algorithm vocabulary. Pure values.
        .target(name: "TrainingSpec"),
        .target(
            name: "MLOpsLogging",
            dependencies: [
                "MLOpsTime",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "MLOpsStore",
            dependencies: [
                "MLOpsTime",
                "MLOpsErrors",
                "CPostgreSQL", "CSQLite",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(
            name: "ArtifactArchive",
            dependencies: [
                "CArchive",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(
            name: "ModelRegistry",
            dependencies: [
                "MLOpsTime",
                "MLOpsErrors",
                "MLOpsStore", "ArtifactArchive", "JobQueue",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(name: "TabularData", swiftSettings: hotPath),
        .target(name: "ModelMetrics"),
        .target(name: "TreeModel", dependencies: ["TabularData", "UBJSON"], swiftSettings: hotPath),
        .target(
            name: "GradientBoosting",
            dependencies: [
                "TabularData", "TreeModel", "ModelMetrics",
                .product(name: "Logging", package: "swift-log"),
            ], swiftSettings: hotPath),
        .target(name: "LinearModels", dependencies: ["TabularData", "COpenBLAS", "ModelMetrics"]),
        // Drift measures (PSI, KL, JS, CSI), reference profiles and mergeable bin counts: pure values.
        .target(name: "DriftMetrics", swiftSettings: hotPath),
        // Presentation: the drift report, the rollout timeline, the dashboard's charts and formatting, one escape rule.
        .target(name: "HTMLViews", dependencies: ["DriftMetrics", "CanaryRollout", "RolloutControl", "MLOpsTime"]),
        // Live drift: lock-free counters on the serving path, per-window counts in the store, reports.
        .target(
            name: "DriftMonitor",
            dependencies: [
                "MLOpsTime",
                "MLOpsErrors", "ModelRegistry", "DriftMetrics", "MLOpsStore", "TabularData",
                .product(name: "Logging", package: "swift-log"),
            ], swiftSettings: hotPath),
        // A trained model of any flavor: model directories, loading by ref/dir/file, prediction.
        .target(
            name: "ModelRuntime",
            dependencies: [
                "MLOpsTime",
                "TabularData", "TreeModel", "LinearModels", "ModelRegistry", "ArtifactArchive", "DriftMetrics",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // Canary rollouts: sticky assignment, per-arm statistics, the mSPRT, the rollout state machine, its simulator. Pure values.
        .target(name: "CanaryRollout", dependencies: ["MLOpsErrors", "MLOpsTime", "ModelMetrics"]),
        // Rollouts over the registry and the store: start, pause, resume, promote, abort, decide.
        .target(
            name: "RolloutControl",
            dependencies: [
                "MLOpsErrors", "CanaryRollout", "MLOpsStore", "ModelRegistry", "JobQueue",
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Training from CSV (parameters checked before any data is read), evaluation, the training profile: for the CLI and pipeline steps.
        .target(
            name: "Training",
            dependencies: [
                "TrainingSpec", "TabularData", "TreeModel", "GradientBoosting", "LinearModels", "ModelMetrics", "ModelRuntime",
                "DriftMetrics", "DriftMonitor",
            ]),
        // Runs external programs with a timeout, their output line by line (pipelines' command steps).
        .target(name: "ProcessRunner"),
        // Cron arithmetic in UTC (5 fields, macros, `every 7d`): pure values.
        .target(name: "CronSchedule", dependencies: ["MLOpsTime"]),
        // Pipeline files (`pipelines/*.yaml`) into typed values, with every error's line and column.
        .target(name: "PipelineSpec", dependencies: ["MLOpsTime", "CanaryRollout", "TrainingSpec", .product(name: "Yams", package: "Yams")]),
        // The job queue in the store (leases, retries, dead letter, unique keys) and its worker.
        .target(
            name: "JobQueue",
            dependencies: [
                "MLOpsTime",
                "MLOpsErrors", "MLOpsStore", .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        // Pipeline runs as the store keeps them, and the jobs that start them: for the dashboard, the CLI and the workers (no trainers).
        .target(
            name: "PipelineRuns",
            dependencies: ["PipelineSpec", "JobQueue", "MLOpsStore", "MLOpsErrors", "MLOpsTime"]),
        // Retraining pipelines: runs as chains of jobs, the step kinds, the scheduler (cron slots and drift triggers).
        .target(
            name: "Pipelines",
            dependencies: [
                "PipelineRuns",
                "TrainingSpec",
                "MLOpsTime",

                "PipelineSpec", "CronSchedule", "JobQueue", "MLOpsStore", "ModelRegistry", "ModelRuntime", "Training",
                "DriftMetrics", "DriftMonitor", "CanaryRollout", "RolloutControl", "TabularData", "ProcessRunner", "Tracking", "PerformanceMonitor",
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Outgoing HTTP (object storage now; webhooks and upstream predictors next): one pooled
        // async-http-client with timeouts and retries with backoff and jitter.
        .target(
            name: "OutgoingHTTP",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        // Models served elsewhere (MLServer, Triton, KServe) as registry versions: their v2
        // metadata, the upstream spec an `external` version holds, and the v2 inference client.
        .target(name: "ExternalModels", dependencies: ["OutgoingHTTP", "ModelRuntime", "ModelRegistry"]),
        // S3-compatible object storage: SigV4 signing and an S3 client over OutgoingHTTP.
        .target(
            name: "ObjectStorage",
            dependencies: ["OutgoingHTTP", "ArtifactArchive", "MLOpsTime", "MLOpsErrors", .product(name: "Crypto", package: "swift-crypto")]),
        // Retention: what the tables that grow with traffic keep, and the pruner that applies it.
        .target(name: "Maintenance", dependencies: ["MLOpsStore", "MLOpsTime", "JobQueue", .product(name: "Logging", package: "swift-log")]),
        // Realized performance: hourly mergeable counts folded from the prediction log and feedback, and the report.
        .target(
            name: "PerformanceMonitor",
            dependencies: [
                "MLOpsStore", "MLOpsTime", "MLOpsErrors", "JobQueue", "ModelRegistry", "ModelMetrics", "CanaryRollout",
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Webhook notifications: subscriptions, Standard Webhooks signing, Slack messages, the delivery job.
        .target(
            name: "Notifications",
            dependencies: [
                "JobQueue", "MLOpsErrors", "MLOpsStore", "MLOpsTime", "OutgoingHTTP", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // API tokens with roles (reader, deployer, admin): creation, revocation, authentication by hash.
        .target(name: "AccessControl", dependencies: ["MLOpsTime", "MLOpsErrors", "MLOpsStore", .product(name: "Crypto", package: "swift-crypto")]),
        // Route access over HTTP: route modules mount each route behind the middleware its declared access needs (bearer tokens).
        .target(
            name: "HTTPAccess",
            dependencies: [
                "AccessControl", "MLOpsStore", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Experiment tracking behind the MLflow REST API: experiments, runs, metric histories, logged models.
        .target(name: "Tracking", dependencies: ["MLOpsTime", "MLOpsErrors", "MLOpsStore", .product(name: "Logging", package: "swift-log")]),
        // MLflow's search syntax: filter strings, order_by, page tokens, evaluated over records in memory. Pure.
        .target(name: "MLflowSearch"),
        // MLflow's REST API and artifact proxy over tracking and the registry (the `mlflow` client works against `mlops serve`).
        .target(
            name: "MLflowREST",
            dependencies: [
                "ArtifactArchive",
                "HTTPAccess",
                "MLOpsTime",
                "MLOpsErrors",
                "Tracking", "MLflowSearch", "ModelRegistry", "MLOpsStore", "ModelRuntime", "TreeModel", "UBJSON", "MLOpsLogging", "AccessControl",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]),
        // UBJSON → JSON text, for XGBoost's binary model files (MLflow 3 logs `model.ubj`). Pure, written by a helper.
        .target(name: "UBJSON"),
        // The web dashboard `mlops serve` shows at `/`: server-rendered pages (Mustache templates, inline SVG
        // charts, no scripts), dashboard sign-in with an API token (cookie session, CSRF-checked forms).
        .target(
            name: "Dashboard",
            dependencies: [
                "HTTPAccess",
                "HTMLViews",
                "MLOpsTime",
                "MLOpsErrors",
                "ModelRegistry", "RolloutControl", "CanaryRollout", "DriftMetrics", "DriftMonitor", "PipelineRuns", "PipelineSpec", "JobQueue",
                "AccessControl", "MLOpsStore", "PerformanceMonitor", "Notifications",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // `mlops serve`: the HTTP API (Hummingbird 2), models in memory, prediction log, live drift.
        .target(
            name: "PredictionServer",
            dependencies: [
                "ExternalModels",
                "JobQueue",
                "Notifications",
                "HTTPAccess",
                "Pipelines",
                "MLOpsTime",
                "MLOpsErrors",
                "MLOpsStore", "ModelRegistry", "ModelRuntime", "DriftMetrics", "DriftMonitor", "CanaryRollout", "RolloutControl", "TabularData",
                "MLOpsLogging",
                "Tracking", "MLflowREST", "AccessControl", "Dashboard", "PipelineSpec", "PerformanceMonitor",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "MLOpsCLI",
            dependencies: [
                "ExternalModels",
                "Notifications",
                "PipelineRuns",
                "Maintenance",
                "PerformanceMonitor",
                "ObjectStorage",
                "HTMLViews",
                "TrainingSpec",
                "MLOpsTime",
                "AccessControl",
                "MLOpsLogging", "MLOpsStore", "ArtifactArchive", "ModelRegistry",
                "TabularData", "TreeModel", "GradientBoosting", "LinearModels", "ModelMetrics", "ModelRuntime", "DriftMetrics", "DriftMonitor",
                "PredictionServer", "CanaryRollout", "RolloutControl",
                "Training", "JobQueue", "PipelineSpec", "CronSchedule", "Pipelines",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "mlops",
            dependencies: [
                "MLOpsCLI", "TabularData", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ]),
        // Fixtures shared by the test targets (temporary SQLite files, PostgreSQL schemas, dirs).
        .target(name: "MLOpsTestSupport", dependencies: ["MLOpsStore", "CArchive", .product(name: "Logging", package: "swift-log")]),

        // Tests: one target per library; real SQLite files, real PostgreSQL, real archives.
        .testTarget(
            name: "ObjectStorageTests",
            dependencies: ["ObjectStorage", "OutgoingHTTP", "ArtifactArchive", "MLOpsTestSupport", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "MaintenanceTests", dependencies: ["Maintenance", "MLOpsStore", "MLOpsTestSupport", "MLOpsTime"]),
        .testTarget(
            name: "PerformanceMonitorTests",
            dependencies: ["PerformanceMonitor", "MLOpsStore", "MLOpsTestSupport", "ModelRegistry", "ArtifactArchive"]),
        .testTarget(name: "MLOpsLoggingTests", dependencies: ["MLOpsLogging"]),
        .testTarget(name: "MLOpsTimeTests", dependencies: ["MLOpsTime", "TabularData"]),
        .testTarget(name: "CronScheduleTests", dependencies: ["MLOpsTime", "CronSchedule", "TabularData"]),
        .testTarget(name: "PipelineSpecTests", dependencies: ["PipelineSpec", "CanaryRollout", "MLOpsTestSupport"]),
        .testTarget(
            name: "PipelinesTests",
            dependencies: [
                "PipelineRuns",
                "MLOpsTime",
                "Pipelines", "PipelineSpec", "JobQueue", "MLOpsStore", "MLOpsTestSupport", "ModelRegistry", "ArtifactArchive", "TabularData",
                "CronSchedule", "DriftMonitor", "ModelRuntime", .product(name: "Logging", package: "swift-log"), "Tracking", "PerformanceMonitor",
            ]),
        .testTarget(name: "ProcessRunnerTests", dependencies: ["ProcessRunner"]),
        .testTarget(
            name: "JobQueueTests",
            dependencies: [
                "MLOpsTime",
                "JobQueue", "MLOpsStore", "MLOpsTestSupport",
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ]),
        .testTarget(name: "MLOpsStoreTests", dependencies: ["MLOpsStore", "MLOpsTestSupport"]),
        .testTarget(name: "ArtifactArchiveTests", dependencies: ["ArtifactArchive", "CArchive", "MLOpsTestSupport"]),
        .testTarget(
            name: "NotificationsTests",
            dependencies: [
                "Notifications", "JobQueue", "MLOpsStore", "MLOpsTime", "MLOpsTestSupport", "ModelRegistry", "ArtifactArchive", "RolloutControl",
                "CanaryRollout", .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "ModelRegistryTests", dependencies: ["ModelRegistry", "MLOpsStore", "ArtifactArchive", "MLOpsTestSupport"]),
        .testTarget(name: "TabularDataTests", dependencies: ["TabularData", "MLOpsTestSupport"]),
        .testTarget(name: "ModelMetricsTests", dependencies: ["ModelMetrics"]),
        .testTarget(name: "TreeModelTests", dependencies: ["TreeModel", "TabularData", "MLOpsTestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "GradientBoostingTests", dependencies: ["GradientBoosting", "TreeModel", "TabularData", "ModelMetrics", "MLOpsTestSupport"]),
        .testTarget(name: "LinearModelsTests", dependencies: ["LinearModels", "TabularData", "ModelMetrics"]),
        .testTarget(name: "DriftMetricsTests", dependencies: ["DriftMetrics"]),
        .testTarget(name: "HTMLViewsTests", dependencies: ["HTMLViews", "DriftMetrics"]),
        .testTarget(
            name: "PredictionServerTests",
            dependencies: [
                "PipelineRuns", "Notifications", "ExternalModels",
                "ObjectStorage",
                "MLOpsTime",
                "AccessControl",
                "PredictionServer", "MLOpsStore", "ModelRegistry", "ModelRuntime", "ArtifactArchive", "DriftMetrics", "DriftMonitor",
                "GradientBoosting", "TabularData", "TreeModel", "RolloutControl", "CanaryRollout", "LinearModels", "MLOpsTestSupport",
                "Training",
                "Dashboard", "Pipelines", "PipelineSpec", "JobQueue", "MLOpsErrors", .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "DashboardTests",
            dependencies: [
                "HTMLViews",
                "Dashboard", "MLOpsErrors", "AccessControl", "MLOpsStore", "MLOpsTestSupport", "ModelRegistry",
                "ArtifactArchive", "DriftMetrics", .product(name: "Mustache", package: "swift-mustache"),
            ]),
        .testTarget(name: "TrackingTests", dependencies: ["Tracking", "MLOpsStore", "MLOpsTestSupport"]),
        .testTarget(name: "MLflowSearchTests", dependencies: ["MLflowSearch"]),
        .testTarget(
            name: "MLflowRESTTests",
            dependencies: [
                "HTTPAccess",
                "MLflowREST", "MLOpsErrors", "Tracking", "ModelRegistry", "ArtifactArchive", "MLOpsStore", "MLOpsTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]),
        .testTarget(name: "UBJSONTests", dependencies: ["UBJSON"], resources: [.copy("Fixtures")]),
        .testTarget(name: "AccessControlTests", dependencies: ["AccessControl", "MLOpsStore", "MLOpsTestSupport"]),
        .testTarget(name: "CanaryRolloutTests", dependencies: ["CanaryRollout"]),
        .testTarget(name: "DriftMonitorTests", dependencies: ["DriftMonitor", "DriftMetrics", "MLOpsStore", "MLOpsTestSupport", "TabularData"]),
        .testTarget(name: "ModelRuntimeTests", dependencies: ["ModelRuntime", "TabularData", "TreeModel", "LinearModels", "MLOpsTestSupport"]),
        .testTarget(name: "MLOpsCLITests", dependencies: ["MLOpsCLI", "MLOpsTestSupport", "MLOpsStore", "ObjectStorage"], exclude: ["Golden"]),
    ]
)
