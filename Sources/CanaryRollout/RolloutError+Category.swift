import MLOpsErrors

extension RolloutError: CategorizedError {
    public var category: ErrorCategory {
        switch self {
        case .invalidPlan: .invalid
        case .stepOutOfRange, .weightDoesNotMatchPlan, .staleDecision, .notRunning: .conflict
        }
    }
}
