import HTTPTypes
import MLOpsErrors
import MLOpsStore
import MLflowSearch
import ModelRegistry
import Tracking

/// An error in MLflow's shape, `{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": …}`, with
/// the HTTP status its client expects. Deterministic errors are 4xx so the client raises at
/// once instead of retrying; only a store that is away answers 503 (the client retries that).
struct MLflowError: Error, CustomStringConvertible {
    let code: String
    let status: HTTPResponse.Status
    let message: String

    var description: String { "\(code): \(message)" }

    static func notFound(_ message: String) -> MLflowError { .init(code: "RESOURCE_DOES_NOT_EXIST", status: .notFound, message: message) }
    static func exists(_ message: String) -> MLflowError { .init(code: "RESOURCE_ALREADY_EXISTS", status: .badRequest, message: message) }
    static func invalid(_ message: String) -> MLflowError { .init(code: "INVALID_PARAMETER_VALUE", status: .badRequest, message: message) }
    static func state(_ message: String) -> MLflowError { .init(code: "INVALID_STATE", status: .badRequest, message: message) }
    static func tooLarge(_ message: String) -> MLflowError { .init(code: "INVALID_PARAMETER_VALUE", status: .contentTooLarge, message: message) }
    static func unsupported(_ message: String) -> MLflowError { .init(code: "ENDPOINT_NOT_FOUND", status: .notFound, message: message) }

    /// Any error thrown below the routes, in MLflow's terms: by its category (the one place the
    /// MLflow API turns categories into error codes).
    static func from(_ error: any Error) -> MLflowError {
        switch error {
        case let error as MLflowError: return error
        case let error as SearchError: return .invalid(error.message)
        default: return from(ErrorCategory.of(error), message: "\(error)")
        }
    }

    /// The error code and status of each category.
    static func from(_ category: ErrorCategory, message: String) -> MLflowError {
        switch category {
        case .notFound: .notFound(message)
        case .alreadyExists: .exists(message)
        case .conflict: .state(message)
        case .invalid: .invalid(message)
        case .unavailable: .init(code: "TEMPORARILY_UNAVAILABLE", status: .serviceUnavailable, message: message)
        case .unauthorized: .init(code: "UNAUTHENTICATED", status: .unauthorized, message: message)
        case .forbidden: .init(code: "PERMISSION_DENIED", status: .forbidden, message: message)
        case .internal: .init(code: "INTERNAL_ERROR", status: .internalServerError, message: message)
        }
    }
}
