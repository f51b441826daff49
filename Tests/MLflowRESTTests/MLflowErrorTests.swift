import MLOpsErrors
import ModelRegistry
import Testing
import Tracking

@testable import MLflowREST

/// The MLflow API maps each error category to the error code and status MLflow's client expects.
@Suite struct MLflowErrorTests {
    static let expected: [ErrorCategory: (code: String, status: Int)] = [
        .notFound: ("RESOURCE_DOES_NOT_EXIST", 404), .alreadyExists: ("RESOURCE_ALREADY_EXISTS", 400), .conflict: ("INVALID_STATE", 400),
        .invalid: ("INVALID_PARAMETER_VALUE", 400), .unavailable: ("TEMPORARILY_UNAVAILABLE", 503), .unauthorized: ("UNAUTHENTICATED", 401),
        .forbidden: ("PERMISSION_DENIED", 403), .internal: ("INTERNAL_ERROR", 500),
    ]

    @Test(arguments: ErrorCategory.allCases)
    func eachCategoryHasOneCode(category: ErrorCategory) throws {
        let error = MLflowError.from(category, message: "m")
        let expected = try #require(Self.expected[category])
        #expect(error.code == expected.code && Int(error.status.code) == expected.status)
    }

    @Test func domainErrorsMapByTheirCategory() {
        #expect(MLflowError.from(RegistryError.modelExists("ctr")).code == "RESOURCE_ALREADY_EXISTS")
        #expect(MLflowError.from(RegistryError.alreadyChampion(model: "ctr", version: 1)).code == "INVALID_STATE")
        #expect(MLflowError.from(TrackingError.runNotFound("r")).code == "RESOURCE_DOES_NOT_EXIST")
        #expect(MLflowError.from(TrackingError.invalid("bad key")).code == "INVALID_PARAMETER_VALUE")
    }
}
