import HTTPTypes
import Hummingbird
import Logging
import MLOpsTime

/// JSON access logs (through swift-log) with a request id per request (the handler's own when
/// it set `X-Request-Id`): method, path, status, duration. Bodies and headers are never logged.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let logger: Logger
    static let requestIDField = HTTPField.Name("X-Request-Id")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            var response = try await next(request, context)
            // A handler that answered with its own request id (a v2 inference: the prediction's,
            // the feedback key) keeps it, and the access log names it too.
            let id = response.headers[Self.requestIDField] ?? RequestID.make()
            response.headers[Self.requestIDField] = id
            if logger.logLevel <= .info {  // metadata is only built when it is written
                logger.info(
                    "request",
                    metadata: [
                        "request_id": "\(id)", "method": "\(request.method)", "path": "\(request.uri.path)",
                        "status": "\(response.status.code)", "duration_us": "\((ContinuousClock.now - started).nanoseconds / 1000)",
                    ])
            }
            return response
        } catch {
            logger.warning(
                "request failed",
                metadata: [
                    "request_id": "\(RequestID.make())", "method": "\(request.method)", "path": "\(request.uri.path)", "error": "\(error)",
                ])
            throw error
        }
    }
}
