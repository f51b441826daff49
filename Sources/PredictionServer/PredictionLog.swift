import Logging
import MLOpsStore
import Synchronization

/// One answered row, as logged.
struct PredictionRecord: Sendable {
    let requestID: String
    let rowIndex: Int
    let arm: String
    let model: String
    let version: Int
    let unitID: String?
    let score: Double
    let latencyMicroseconds: Int64
    let createdAt: Int64
}

/// The prediction log: appends never wait on the store; a background flush writes batches in
/// one transaction each. While the store is away records wait in a bounded buffer and are
/// flushed when it returns; what does not fit is dropped and counted (never silently).
final class PredictionLog: Sendable {
    private struct State {
        var pending: [PredictionRecord] = []
        var dropped = 0
        var written = 0
    }

    private let state: Mutex<State>
    let capacity: Int
    private let database: SQLDatabase
    private let logger: Logger

    init(database: SQLDatabase, capacity: Int, logger: Logger) {
        self.database = database
        self.capacity = max(1, capacity)
        self.logger = logger
        var initial = State()
        initial.pending.reserveCapacity(min(self.capacity, 1 << 16))
        state = Mutex(initial)
    }

    /// Queues records; returns how many were dropped because the buffer was full.
    @discardableResult
    func append(_ records: [PredictionRecord]) -> Int {
        state.withLock { s in
            let room = max(0, capacity - s.pending.count)
            s.pending.append(contentsOf: records.prefix(room))
            let dropped = records.count - min(room, records.count)
            s.dropped += dropped
            return dropped
        }
    }

    /// Records waiting, dropped so far, and written so far.
    var counts: (pending: Int, dropped: Int, written: Int) { state.withLock { ($0.pending.count, $0.dropped, $0.written) } }

    /// Writes what is pending (blocking). On failure the records stay queued and the error is thrown.
    @discardableResult
    func flush(batch: Int = 5000) throws -> Int {
        var total = 0
        while true {
            let records = state.withLock { Array($0.pending.prefix(batch)) }
            guard !records.isEmpty else { return total }
            try write(records)
            state.withLock { s in
                s.pending.removeFirst(min(records.count, s.pending.count))
                s.written += records.count
            }
            total += records.count
        }
    }

    private func write(_ records: [PredictionRecord]) throws {
        func values(_ p: PredictionRecord) -> [SQLValue] {
            [
                .text(p.requestID), .int(Int64(p.rowIndex)), .text(p.arm), .text(p.model), .int(Int64(p.version)),
                .optional(p.unitID), .double(p.score), .int(p.latencyMicroseconds), .int(p.createdAt),
            ]
        }
        try database.transaction { connection in
            // SQLite: one statement prepared once and rebound per row (cheapest there);
            // PostgreSQL: multi-row statements (fewest round trips).
            let rowsPerStatement = connection.dialect == .sqlite ? 1 : 100
            if rowsPerStatement == 1 {
                try connection.executeBatch(Self.insert(rows: 1), rows: records.map(values))
                return
            }
            var start = 0
            while start < records.count {
                let chunk = records[start..<min(records.count, start + rowsPerStatement)]
                _ = try connection.execute(Self.insert(rows: chunk.count), chunk.flatMap(values))
                start += chunk.count
            }
        }
    }

    static func insert(rows: Int) -> String {
        """
        INSERT INTO predictions (request_id, row_index, arm, model, version, unit_id, score, latency_us, created_at)
        VALUES \(SQLPlaceholders.tuples(rows: rows, columns: 9))
        ON CONFLICT DO NOTHING
        """
    }
}

/// Recent predictions by request id, so feedback is matched to its arm and model even before
/// the log is flushed. Bounded: the oldest are forgotten first.
final class RecentPredictions: Sendable {
    struct Entry: Sendable {
        let model: String
        let version: Int
        let arm: String
        let scores: [Float]
        /// The rollout this request was routed by, its step, and the arm scored in the shadow.
        var rolloutID: String? = nil
        var step: Int = 0
        var shadowArm: String? = nil
        var shadowScores: [Float] = []
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var order: [String] = []
        var head = 0
    }

    private let state: Mutex<State>
    let capacity: Int

    /// Room for every entry is reserved up front, so the table never grows (and rehashes under
    /// the lock, stalling every request for milliseconds) while it fills.
    init(capacity: Int) {
        self.capacity = max(1, capacity)
        var initial = State()
        initial.entries.reserveCapacity(self.capacity)
        initial.order.reserveCapacity(self.capacity)
        state = Mutex(initial)
    }

    func remember(_ requestID: String, _ entry: Entry) {
        state.withLock { s in
            if s.order.count < capacity {
                s.order.append(requestID)
            } else {
                s.entries[s.order[s.head]] = nil
                s.order[s.head] = requestID
                s.head = (s.head + 1) % capacity
            }
            s.entries[requestID] = entry
        }
    }

    func entry(_ requestID: String) -> Entry? { state.withLock { $0.entries[requestID] } }
}
