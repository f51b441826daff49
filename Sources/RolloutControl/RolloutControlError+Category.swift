import MLOpsErrors

extension RolloutControlError: CategorizedError {
    public var category: ErrorCategory {
        switch self {
        case .noActiveRollout: .notFound
        case .noChampion, .sameVersion, .alreadyActive, .notAllowed, .conflict: .conflict
        }
    }
}
