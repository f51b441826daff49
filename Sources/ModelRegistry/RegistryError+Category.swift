import MLOpsErrors

extension RegistryError: CategorizedError {
    public var category: ErrorCategory {
        switch self {
        case .modelNotFound, .versionNotFound, .aliasNotFound, .noVersions: .notFound
        case .modelExists: .alreadyExists
        case .alreadyChampion, .nothingToRollBack, .championCannotBeArchived, .versionArchived, .inUse: .conflict
        case .invalidName, .invalidReference, .invalidField, .reservedAlias, .invalidDirectory, .invalidExport: .invalid
        }
    }
}
