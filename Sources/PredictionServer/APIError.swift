import Foundation
import HTTPAccess
import HTTPTypes
import Hummingbird
import MLOpsErrors

/// An error answered as JSON: `{"error": {"code": "not_found", "message": "…"}}` with its status.
struct APIError: Error, CustomStringConvertible {
    let status: HTTPResponse.Status
    let code: String
    let message: String

    var description: String { message }

    static func badRequest(_ message: String) -> APIError { APIError(status: .badRequest, code: "bad_request", message: message) }
    static func notFound(_ message: String) -> APIError { APIError(status: .notFound, code: "not_found", message: message) }
    static func conflict(_ message: String) -> APIError { APIError(status: .conflict, code: "conflict", message: message) }
    static func tooLarge(_ message: String) -> APIError { APIError(status: .contentTooLarge, code: "too_large", message: message) }
    static func unavailable(_ message: String) -> APIError { APIError(status: .serviceUnavailable, code: "unavailable", message: message) }
    /// An upstream predictor (an external version) failed.
    static func badGateway(_ message: String) -> APIError { APIError(status: .badGateway, code: "bad_gateway", message: message) }
    /// Thrown to the predict fast path for a model with an external arm: the router answers it.
    static let needsUpstream = APIError(status: .badGateway, code: "needs_upstream", message: "an external arm answers through the router")

    /// A version number from a path or query parameter: 1 up to 2,147,483,647 (what every
    /// store holds), else 400.
    static func versionNumber(_ text: String, name: String = "version") throws(APIError) -> Int {
        guard let number = Int(text), (1...Int(Int32.max)).contains(number) else {
            throw .badRequest("\(name) '\(text)' is not a version number (1 to 2147483647)")
        }
        return number
    }

    /// Maps any error from the services to an API error by its category (the one place the
    /// JSON API turns categories into statuses); a body too large is 413.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let api as APIError:
            return api
        case let http as HTTPError where http.status == .contentTooLarge:
            return .tooLarge("the request body is larger than the limit")
        case let http as HTTPError:
            return APIError(status: http.status, code: "http_error", message: http.body ?? http.status.reasonPhrase)
        default:
            return from(ErrorCategory.of(error), message: "\(error)")
        }
    }

    /// The status and code of each category.
    static func from(_ category: ErrorCategory, message: String) -> APIError {
        switch category {
        case .notFound: .notFound(message)
        case .alreadyExists, .conflict: .conflict(message)
        case .invalid: .badRequest(message)
        case .unavailable: .unavailable("the store could not complete the request: \(message)")
        case .unauthorized: APIError(status: .unauthorized, code: "unauthorized", message: message)
        case .forbidden: APIError(status: .forbidden, code: "forbidden", message: message)
        case .internal: APIError(status: .internalServerError, code: "internal", message: message)
        }
    }

    /// A refused call in the JSON API's shape (`unauthorized`, `forbidden`, `unavailable`).
    static let refusalShape = RefusalShape { status, message in
        let code = status == .forbidden ? "forbidden" : status == .unauthorized ? "unauthorized" : "unavailable"
        return APIError(status: status, code: code, message: message).response
    }

    var response: Response {
        JSONBody.response(ErrorBody(error: .init(code: code, message: message)), status: status)
    }

    struct ErrorBody: Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
        }
        let error: Detail
    }
}

/// JSON in and out of handlers.
enum JSONBody {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return response(data: data, status: status)
    }

    static func response(data: Data, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Reads and decodes a JSON body of at most `limit` bytes; errors say what was wrong.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw APIError.tooLarge("the request body is larger than \(limit) bytes")
        }
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("the request needs a JSON body") }
        if T.self == PredictRequest.self,
            let fast = buffer.readableBytesView.withUnsafeBytes({ PredictBodyParser.parse($0) }) as? T
        {
            return fast
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw APIError.badRequest("the body is not the expected JSON: \(describe(error))")
        } catch let error as APIError {
            throw error
        } catch let error as any CategorizedError {
            throw error  // a domain rule the body broke (a rollout plan's field, say): its own words
        } catch {
            throw APIError.badRequest("the body is not valid JSON: \(error)")
        }
    }

    /// A decoding error in one sentence naming the field.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.isEmpty ? "the body" : codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(_, let context): return "\(path(context.codingPath)) has the wrong type (\(context.debugDescription))"
        case .valueNotFound(_, let context): return "\(path(context.codingPath)) is null"
        case .dataCorrupted(let context):
            if let underlying = context.underlyingError { return "invalid JSON (\(underlying))" }
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
