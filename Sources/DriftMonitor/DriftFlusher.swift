import DriftMetrics
import Logging
import MLOpsStore
import MLOpsTime
import Synchronization

/// Moves a `LiveDriftCounter`'s counts into the store, per time window (an hour by default).
///
/// Each flush stores what was counted since the last successful flush into the window that
/// contains the flush time; call it periodically (every minute, say) and at each window
/// boundary, so counts land in the window they were made in up to one flush interval. When the
/// store is unreachable nothing is lost: the next successful flush stores the difference.
public final class DriftFlusher: Sendable {
    /// The counter being flushed.
    public let counter: LiveDriftCounter
    /// Model and version the counts belong to.
    public let model: String
    public let version: Int
    /// Window length in seconds.
    public let windowSeconds: Int
    private let store: DriftCountStore
    private let flushed: Mutex<LiveCounts>
    private let logger: Logger

    /// A flusher writing `counter`'s counts for `model`/`version` into `store`.
    public init(
        counter: LiveDriftCounter, store: DriftCountStore, model: String, version: Int,
        windowSeconds: Int = 3600, logger: Logger = Logger(label: "mlops.drift")
    ) {
        self.counter = counter
        self.store = store
        self.model = model
        self.version = version
        self.windowSeconds = min(DriftCountStore.longestWindowSeconds, max(1, windowSeconds))
        self.flushed = Mutex(LiveCounts(zerosFor: counter.profile))
        self.logger = logger
    }

    /// The start (Unix ms) of the window containing `time`.
    public static func windowStart(of time: Int64, windowSeconds: Int) -> Int64 {
        let length = Int64(windowSeconds) * 1000
        return time >= 0 ? time / length * length : ((time + 1) / length - 1) * length
    }

    /// Stores the counts made since the last successful flush; returns the rows written (0 when
    /// nothing new was counted). Throws the store's error, keeping the counts for the next try.
    @discardableResult
    public func flush(now: Int64 = Clock.nowMilliseconds()) throws -> Int {
        try flushed.withLock { last in
            let current = counter.snapshot()
            let delta = current.subtracting(last)
            guard !delta.isEmpty else { return 0 }
            let start = Self.windowStart(of: now, windowSeconds: windowSeconds)
            let rows = try store.add(
                delta, model: model, version: version, windowStart: start,
                windowSeconds: windowSeconds, at: now)
            last = current
            logger.debug(
                "flushed drift counts",
                metadata: [
                    "model": "\(model)", "version": "\(version)", "window_start": "\(start)", "rows": "\(rows)",
                ])
            return rows
        }
    }
}
