import HTTPTypes
import Logging
import MLOpsTime
import NIOCore
import NIOHTTPTypes

/// The predict route's fast path: a channel handler between the HTTP codec and the framework
/// that answers a well-formed `POST /api/v1/models/{name}/predict` on the event loop, without
/// the hop into the framework's async request handling (about a third of a request's cost on
/// two cores). It runs the route's own code (`PredictRoutes.serve`), so routing, logging, drift
/// counts and metrics are the same.
///
/// It only takes the common case. Anything else — another route, a `Connection` header, a
/// percent-encoded name, a body the byte-level parser declines, a body over the size limit, an
/// unknown model, any error — is handed on untouched, parts as received, and the framework's
/// route answers it, errors included. So both paths accept and refuse exactly the same requests.
/// Responses stay in request order on a pipelining connection: while a request handed on is
/// not answered yet, the ones behind it are handed on too.
final class FastPredictHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum State {
        case idle
        /// A predict request whose body is being gathered.
        case gathering(HTTPRequest, model: String, body: ByteBuffer?, started: ContinuousClock.Instant)
        /// A request for the framework: its parts go on as they come.
        case passing
    }

    private let routes: PredictRoutes
    private let limit: Int
    private let logger: Logger
    private var state = State.idle
    /// Requests handed to the framework whose response has not ended yet.
    private var unanswered = 0
    /// A quiesce (graceful shutdown) that arrived mid-request: passed on once it is answered, so
    /// the connection is not closed under it.
    private var heldQuiesce: Any?

    private static let prefix = "/api/v1/models/"
    private static let suffix = "/predict"

    init(routes: PredictRoutes, limit: Int, logger: Logger) {
        self.routes = routes
        self.limit = limit
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch (state, part) {
        case (.idle, .head(let head)):
            if unanswered == 0, let model = Self.model(of: head) {
                state = .gathering(head, model: model, body: nil, started: .now)
            } else {
                state = .passing
                unanswered += 1
                context.fireChannelRead(data)
            }
        case (.gathering(let head, let model, var body, let started), .body(var chunk)):
            if body == nil { body = chunk } else { body!.writeBuffer(&chunk) }
            if body!.readableBytes > limit {
                state = .passing  // the framework's route answers 413
                unanswered += 1
                context.fireChannelRead(wrapInboundOut(.head(head)))
                context.fireChannelRead(wrapInboundOut(.body(body!)))
            } else {
                state = .gathering(head, model: model, body: body, started: started)
            }
        case (.gathering(let head, let model, let body, let started), .end(let trailers)):
            state = .idle
            if let answer = answer(model: model, body: body, started: started) {
                respond(context: context, head: head, answer: answer, started: started)
            } else {
                unanswered += 1
                context.fireChannelRead(wrapInboundOut(.head(head)))
                if let body { context.fireChannelRead(wrapInboundOut(.body(body))) }
                context.fireChannelRead(wrapInboundOut(.end(trailers)))
            }
            if let event = heldQuiesce {
                heldQuiesce = nil
                context.fireUserInboundEventTriggered(event)
            }
        case (.passing, .end):
            state = .idle
            context.fireChannelRead(data)
        default:
            context.fireChannelRead(data)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { unanswered = max(0, unanswered - 1) }
        context.write(data, promise: promise)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent, case .gathering = state {
            heldQuiesce = event
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// The model name of a predict request the fast path may take, else nil.
    static func model(of head: HTTPRequest) -> String? {
        guard head.method == .post, head.headerFields[.connection] == nil, let path = head.path,
            path.hasPrefix(prefix), path.hasSuffix(suffix), path.count > prefix.count + suffix.count
        else { return nil }
        let name = path.dropFirst(prefix.count).dropLast(suffix.count)
        guard !name.contains(where: { $0 == "/" || $0 == "%" || $0 == "?" || $0 == "#" }) else { return nil }
        return String(name)
    }

    private func answer(model: String, body: ByteBuffer?, started: ContinuousClock.Instant) -> PredictRoutes.Answer? {
        guard let body, body.readableBytes > 0,
            let request = body.readableBytesView.withUnsafeBytes({ PredictBodyParser.parse($0) })
        else { return nil }
        return try? routes.serve(model: model, request, started: started)
    }

    private func respond(
        context: ChannelHandlerContext, head: HTTPRequest, answer: PredictRoutes.Answer,
        started: ContinuousClock.Instant
    ) {
        let body = context.channel.allocator.buffer(string: answer.json)
        var response = HTTPResponse(status: .ok)
        response.headerFields[.server] = "mlops"
        response.headerFields[.contentType] = "application/json"
        response.headerFields[.contentLength] = String(body.readableBytes)
        response.headerFields[AccessLogMiddleware.requestIDField] = answer.requestID
        context.write(wrapOutboundOut(.head(response)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        if logger.logLevel <= .info {
            logger.info(
                "request",
                metadata: [
                    "request_id": "\(answer.requestID)", "method": "POST", "path": "\(head.path ?? "")",
                    "status": "200", "duration_us": "\((ContinuousClock.now - started).nanoseconds / 1000)",
                ])
        }
    }
}
