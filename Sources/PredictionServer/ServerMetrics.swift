import Prometheus
import Synchronization

/// The server's Prometheus metrics (one registry per server, exported at `/metrics`):
/// predictions by model, version and arm; latency histograms; errors; dropped log records;
/// rollout weight and drift PSI gauges.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let predictionCounters = Mutex<[String: Counter]>([:])
    private let latencyHistograms = Mutex<[String: DurationHistogram]>([:])
    private let errorCounters = Mutex<[String: Counter]>([:])
    private let gauges = Mutex<[String: Gauge]>([:])
    let droppedLogRecords: Counter
    let storeFailures: Counter

    static let latencyBuckets: [Duration] = [
        .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
        .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(100), .seconds(1),
    ]

    init() {
        droppedLogRecords = registry.makeCounter(
            descriptor: Self.name(
                "prediction_log_dropped", "total",
                "Prediction-log records dropped because the buffer was full."))
        storeFailures = registry.makeCounter(
            descriptor: Self.name(
                "store_failures", "total",
                "Background store operations (sync, log, drift flush) that failed."))
    }

    func countPredictions(model: String, version: Int, arm: String, rows: Int) {
        let key = "\(model)\u{0}\(version)\u{0}\(arm)"
        let counter = predictionCounters.withLock { counters in
            if let c = counters[key] { return c }
            let c = registry.makeCounter(
                descriptor: Self.name("predictions", "total", "Rows predicted, by model, version and arm."),
                labels: [("model", model), ("version", String(version)), ("arm", arm)])
            counters[key] = c
            return c
        }
        counter.increment(by: Int64(rows))
    }

    func observeLatency(route: String, _ duration: Duration) {
        let histogram = latencyHistograms.withLock { histograms in
            if let h = histograms[route] { return h }
            let h = registry.makeDurationHistogram(
                descriptor: Self.name("request_duration", "seconds", "Request latency by route."),
                labels: [("route", route)], buckets: Self.latencyBuckets)
            histograms[route] = h
            return h
        }
        histogram.recordNanoseconds(duration.nanoseconds)
    }

    /// Refused authentication or authorization, by reason (`missing`, `invalid`, `forbidden`).
    func countAuthFailure(_ reason: String) {
        let counter = errorCounters.withLock { counters in
            let key = "auth\u{0}\(reason)"
            if let c = counters[key] { return c }
            let c = registry.makeCounter(
                descriptor: Self.name("auth_failures", "total", "Requests refused for a missing, invalid or too weak token."),
                labels: [("reason", reason)])
            counters[key] = c
            return c
        }
        counter.increment()
    }

    func countError(route: String, status: Int) {
        let key = "\(route)\u{0}\(status)"
        let counter = errorCounters.withLock { counters in
            if let c = counters[key] { return c }
            let c = registry.makeCounter(
                descriptor: Self.name("request_errors", "total", "Requests answered with an error status, by route and status."),
                labels: [("route", route), ("status", String(status))])
            counters[key] = c
            return c
        }
        counter.increment()
    }

    /// `mlops_<metric>_<unit>` with its help text.
    static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "mlops", metricName: metric, unitName: unit, helpText: help)
    }

    /// Sets the gauge `mlops_<metric>` (unit "" when the name says it all) with these labels.
    func setGauge(_ metric: String, unit: String = "", labels: [(String, String)], help: String, _ value: Double) {
        let key = metric + labels.map { "\u{0}\($0.0)=\($0.1)" }.joined()
        let gauge = gauges.withLock { all in
            if let g = all[key] { return g }
            let g = registry.makeGauge(descriptor: Self.name(metric, unit, help), labels: labels)
            all[key] = g
            return g
        }
        gauge.set(value)
    }

    func exposition() -> String { registry.emitToString() }
}

extension Duration {
    /// Whole nanoseconds.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
