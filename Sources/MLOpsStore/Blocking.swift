import Dispatch

/// Runs blocking work (SQL through libpq or SQLite, archive extraction, a child process) off
/// Swift's cooperative threads and the event loops, on a Dispatch queue, and awaits its result.
public enum Blocking {
    private static let queue = DispatchQueue(label: "mlops.blocking", attributes: .concurrent)

    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
