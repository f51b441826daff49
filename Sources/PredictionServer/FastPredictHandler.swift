import HTTPTypes
import Logging
import MLOpsTime
import NIOCore
import NIOHTTPTypes

/// The predict routes' fast path: a channel handler between the HTTP codec and the framework
/// that answers a well-formed `POST /api/v1/models/{name}/predict` or v2
/// `POST /v2/models/{name}/infer` on the event loop, without the hop into the framework's async
/// request handling (about a third of a request's cost on two cores). It runs the routes' own
/// code (`PredictRoutes.serve`, `InferenceRoutes.inferNow`), so routing, logging, drift counts
/// and metrics are the same. Models with an external arm go to the router (they await an
/// upstream).
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
        case gathering(HTTPRequest, target: Target, body: ByteBuffer?, started: ContinuousClock.Instant)
        /// A request for the framework: its parts go on as they come.
        case passing
    }

    /// What a request the fast path takes asks for.
    enum Target: Equatable {
        case predict(model: String)
        case infer(model: String, headerLength: Int?, unitID: String?)
    }

    private let routes: PredictRoutes
    private let inference: InferenceRoutes?
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

    init(routes: PredictRoutes, inference: InferenceRoutes? = nil, limit: Int, logger: Logger) {
        self.routes = routes
        self.inference = inference
        self.limit = limit
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch (state, part) {
        case (.idle, .head(let head)):
            if unanswered == 0, let target = Self.target(of: head, inference: inference != nil) {
                state = .gathering(head, target: target, body: nil, started: .now)
            } else {
                state = .passing
                unanswered += 1
                context.fireChannelRead(data)
            }
        case (.gathering(let head, let target, var body, let started), .body(var chunk)):
            if body == nil { body = chunk } else { body!.writeBuffer(&chunk) }
            if body!.readableBytes > limit {
                state = .passing  // the framework's route answers 413
                unanswered += 1
                context.fireChannelRead(wrapInboundOut(.head(head)))
                context.fireChannelRead(wrapInboundOut(.body(body!)))
            } else {
                state = .gathering(head, target: target, body: body, started: started)
            }
        case (.gathering(let head, let target, let body, let started), .end(let trailers)):
            state = .idle
            if let answer = answer(target, body: body, started: started) {
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

    /// The fast path's target for a request, else nil: a plain predict request, or (with
    /// `inference`) a v2 infer without a version.
    static func target(of head: HTTPRequest, inference: Bool) -> Target? {
        if let model = model(of: head) { return .predict(model: model) }
        guard inference, head.method == .post, head.headerFields[.connection] == nil, let path = head.path,
            path.hasPrefix(v2Prefix), path.hasSuffix(v2Suffix), path.count > v2Prefix.count + v2Suffix.count
        else { return nil }
        let name = path.dropFirst(v2Prefix.count).dropLast(v2Suffix.count)
        guard !name.contains(where: { $0 == "/" || $0 == "%" || $0 == "?" || $0 == "#" }) else { return nil }
        var headerLength: Int?
        if let text = head.headerFields[HTTPField.Name("Inference-Header-Content-Length")!] {
            guard let value = Int(text), value >= 0 else { return nil }
            headerLength = value
        }
        return .infer(model: String(name), headerLength: headerLength, unitID: head.headerFields[HTTPField.Name("X-Unit-Id")!])
    }

    private static let v2Prefix = "/v2/models/"
    private static let v2Suffix = "/infer"

    /// A response's headers and body, and the prediction's id.
    private typealias Answer = (headers: HTTPFields, body: ByteBuffer, requestID: String)

    private func answer(_ target: Target, body: ByteBuffer?, started: ContinuousClock.Instant) -> Answer? {
        guard let body, body.readableBytes > 0 else { return nil }
        switch target {
        case .predict(let model):
            guard let request = body.readableBytesView.withUnsafeBytes({ PredictBodyParser.parse($0) }),
                let answer = try? routes.serve(model: model, request, started: started)
            else { return nil }
            var headers: HTTPFields = [:]
            headers[.contentType] = "application/json"
            headers[AccessLogMiddleware.requestIDField] = answer.requestID
            return (headers, ByteBuffer(string: answer.json), answer.requestID)
        case .infer(let model, let headerLength, let unitID):
            guard let inference,
                let (headers, buffer) = try? inference.inferNow(
                    model: model, body: Array(buffer: body), headerLength: headerLength, unitIDHeader: unitID, started: started)
            else { return nil }
            return (headers, buffer, headers[AccessLogMiddleware.requestIDField] ?? "")
        }
    }

    private func respond(context: ChannelHandlerContext, head: HTTPRequest, answer: Answer, started: ContinuousClock.Instant) {
        var response = HTTPResponse(status: .ok, headerFields: answer.headers)
        response.headerFields[.server] = "mlops"
        response.headerFields[.contentLength] = String(answer.body.readableBytes)
        context.write(wrapOutboundOut(.head(response)), promise: nil)
        context.write(wrapOutboundOut(.body(answer.body)), promise: nil)
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
