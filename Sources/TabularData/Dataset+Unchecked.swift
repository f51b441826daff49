extension Dataset {
    /// A dataset whose shapes the caller has already made consistent (no validation, no throw).
    init(uncheckedFeatureNames featureNames: [String], columns: [[Float]], labels: [Float]?, rowCount: Int, categories: [Int: [String]] = [:]) {
        self.featureNames = featureNames
        self.columns = columns
        self.labels = labels
        self.rowCount = rowCount
        self.categories = categories
    }
}
