import Foundation
import Hummingbird
import MLOpsTestSupport
import NIOCore
import Synchronization

/// A real HTTP receiver on a loopback port for the delivery tests: records every request and
/// answers as `script` says for the n-th request (0-based): a status, after a delay.
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        let path: String
        let headers: [String: String]
        let body: String
    }

    let received = Mutex<[Received]>([])
    private let port = Mutex<Int?>(nil)
    private let task = Mutex<Task<Void, any Error>?>(nil)
    let script: @Sendable (Int) -> (status: Int, delay: Duration)

    /// The receiver's own executor: a test that blocks the cooperative pool cannot starve it.
    private let executor = ServerExecutor()

    init(script: @escaping @Sendable (Int) -> (status: Int, delay: Duration) = { _ in (204, .zero) }) {
        self.script = script
    }

    var requests: [Received] { received.withLock { $0 } }

    /// Starts listening; returns the base URL.
    func start() async throws -> String {
        let router = Router()
        router.post("/**") { [self] request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let index = received.withLock { list in
                list.append(Received(path: request.uri.path, headers: headers, body: String(buffer: body)))
                return list.count - 1
            }
            let (status, delay) = script(index)
            if delay > .zero { try await Task.sleep(for: delay) }
            return Response(status: .init(code: status))
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { [self] channel in self.port.withLock { $0 = channel.localAddress?.port } })
        task.withLock { $0 = Task(executorPreference: executor) { try await app.runService(gracefulShutdownSignals: []) } }
        for _ in 0..<400 {
            if let bound = port.withLock({ $0 }) { return "http://127.0.0.1:\(bound)" }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw CancellationError()
    }

    func stop() async {
        let running = task.withLock { $0 }
        running?.cancel()
        _ = try? await running?.value
    }
}
