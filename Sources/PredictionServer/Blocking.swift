import Dispatch

/// Runs blocking work (SQL through libpq or SQLite, archive extraction) off the cooperative
/// thread pool and the event loops, on a Dispatch queue, and awaits its result.
enum Blocking {
    private static let queue = DispatchQueue(label: "mlops.serve.blocking", attributes: .concurrent)

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
