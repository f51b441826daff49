import CanaryRollout
import Dashboard
import JobQueue
import MLOpsErrors
import ModelRegistry
import RolloutControl
import Testing

@testable import PredictionServer

/// Each surface maps every error category once, and they agree: the same domain error is the
/// same kind of answer from the JSON API and the dashboard (the MLflow API's table is tested
/// beside it, in MLflowRESTTests).
@Suite struct ErrorCategorySurfaceTests {
    static let apiStatus: [ErrorCategory: Int] = [
        .notFound: 404, .alreadyExists: 409, .conflict: 409, .invalid: 400, .unavailable: 503, .unauthorized: 401, .forbidden: 403,
        .internal: 500,
    ]

    @Test(arguments: ErrorCategory.allCases)
    func theAPIMapsEachCategoryToOneStatus(category: ErrorCategory) {
        #expect(Int(APIError.from(category, message: "m").status.code) == Self.apiStatus[category])
    }

    /// Errors the surfaces once mapped by hand, each differently: now by category.
    static let domainErrors: [(any Error, ErrorCategory)] = [
        (RolloutError.invalidPlan(field: "steps", reason: "must end at 100"), .invalid),
        (RolloutControlError.noActiveRollout(model: "ctr"), .notFound),
        (RolloutControlError.alreadyActive(model: "ctr", id: "r1"), .conflict),
        (RegistryError.reservedAlias(alias: "champion", use: "promote"), .invalid),
        (RegistryError.modelExists("ctr"), .alreadyExists),
        (RegistryError.alreadyChampion(model: "ctr", version: 1), .conflict),
        (JobQueueError.notFound(id: 3), .notFound),
        (JobQueueError.invalidTransition(id: 3, state: .running, action: "retried"), .conflict),
    ]

    @Test func domainErrorsSayTheirCategoryAndTheAPIAnswersByIt() {
        for (error, category) in Self.domainErrors {
            #expect(ErrorCategory.of(error) == category, "\(error)")
            #expect(Int(APIError.from(error).status.code) == Self.apiStatus[category], "\(error)")
        }
        #expect(ErrorCategory.of(CancellationError()) == .internal, "an error without a category is internal")
    }
}
