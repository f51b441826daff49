import HTTPTypes
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

    /// Any error thrown below the routes, in MLflow's terms.
    static func from(_ error: any Error) -> MLflowError {
        switch error {
        case let error as MLflowError: return error
        case let error as SearchError: return .invalid(error.message)
        case let error as TrackingError:
            switch error {
            case .experimentNotFound, .runNotFound, .loggedModelNotFound: return .notFound(error.description)
            case .experimentExists: return .exists(error.description)
            case .invalid: return .invalid(error.description)
            case .invalidState: return .state(error.description)
            }
        case let error as RegistryError:
            switch error {
            case .modelNotFound, .versionNotFound, .aliasNotFound, .noVersions: return .notFound(error.description)
            case .modelExists: return .exists(error.description)
            case .versionArchived, .alreadyChampion, .nothingToRollBack, .championCannotBeArchived, .inUse: return .state(error.description)
            default: return .invalid(error.description)
            }
        case let error as StoreError:
            switch error {
            case .unavailable, .checkoutTimeout:
                return .init(code: "TEMPORARILY_UNAVAILABLE", status: .serviceUnavailable, message: error.description)
            default:
                return .init(code: "INTERNAL_ERROR", status: .internalServerError, message: error.description)
            }
        default:
            return .init(code: "INTERNAL_ERROR", status: .internalServerError, message: "\(error)")
        }
    }
}
