import HTTPTypes
import Hummingbird
import Logging

/// JSON access logs (through swift-log) with a request id per request: method, path, status,
/// duration. Bodies and headers are never logged.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let id = RequestID.make()
        var log = logger
        log[metadataKey: "request_id"] = "\(id)"
        do {
            var response = try await next(request, context)
            response.headers[HTTPField.Name("X-Request-Id")!] = id
            if log.logLevel <= .info {
                log.info("request", metadata: [
                    "method": "\(request.method)", "path": "\(request.uri.path)", "status": "\(response.status.code)",
                    "duration_us": "\((ContinuousClock.now - started).nanoseconds / 1000)",
                ])
            }
            return response
        } catch {
            log.warning("request failed", metadata: ["method": "\(request.method)", "path": "\(request.uri.path)", "error": "\(error)"])
            throw error
        }
    }
}
