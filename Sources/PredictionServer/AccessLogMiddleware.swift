import HTTPTypes
import Hummingbird
import Logging
import MLOpsTime

/// JSON access logs (through swift-log) with a request id per request: method, path, status,
/// duration. Bodies and headers are never logged.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let logger: Logger
    static let requestIDField = HTTPField.Name("X-Request-Id")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let id = RequestID.make()
        do {
            var response = try await next(request, context)
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
                    "request_id": "\(id)", "method": "\(request.method)", "path": "\(request.uri.path)", "error": "\(error)",
                ])
            throw error
        }
    }
}
