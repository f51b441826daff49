import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1.1 channel with `ConnectionLimits` applied to every connection: each gets
/// its own clock (`ConnectionDeadlines`) and the two watchers that feed it, one before the
/// HTTP decoder and one first after it (ahead of the predict fast path, so fast answers are
/// watched too). Idle keep-alive connections use Hummingbird's own idle timeout.
struct LimitedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let responder: HTTPChannelHandler.Responder
    let limits: ConnectionLimits
    /// Handlers after the watcher (the predict fast path), made anew for each connection.
    let additionalHandlers: @Sendable () -> [any RemovableChannelHandler]

    /// A server builder for `mlops serve`.
    static func builder(
        limits: ConnectionLimits, additionalHandlers: @escaping @Sendable () -> [any RemovableChannelHandler]
    ) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            LimitedHTTP1Channel(responder: responder, limits: limits, additionalHandlers: additionalHandlers)
        }
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let deadlines = ConnectionDeadlines(limits: limits, channel: channel)
        do {
            try channel.pipeline.syncOperations.addHandler(RequestStartWatcher(deadlines: deadlines), position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        let additionalHandlers = additionalHandlers
        let inner = HTTP1Channel(
            responder: responder,
            configuration: .init(
                additionalChannelHandlers: [RequestPartWatcher(deadlines: deadlines)] + additionalHandlers(),
                idleTimeout: .nanoseconds(Int64(limits.idleTimeoutSeconds * 1e9))))
        return inner.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await HTTP1Channel(responder: responder).handle(value: value, logger: logger)
    }
}
