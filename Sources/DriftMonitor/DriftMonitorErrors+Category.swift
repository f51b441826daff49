import MLOpsErrors

extension DriftThresholdError: CategorizedError {
    public var category: ErrorCategory { .invalid }
}

extension DriftStoreError: CategorizedError {
    /// Stored counts that do not fit the profile: stored state this code cannot use.
    public var category: ErrorCategory { .internal }
}
