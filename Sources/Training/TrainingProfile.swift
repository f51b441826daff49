import DriftMetrics
import DriftMonitor
import TabularData

/// The drift reference profile written beside a trained model (`profile.json`).
enum TrainingProfile {
    /// The reference profile written beside a trained model: the training CSV's feature columns
    /// read again as Double (the convention bins in double precision), and the model's scores on
    /// the training rows. When the CSV cannot be read as a whole (rows were skipped), the
    /// training dataset's values are used.
    /// Categorical features are profiled from the dataset's own category codes, so the
    /// profile's categories are the model's texts.
    static func make(path: String, train: Dataset, scores: [Float], bins: Int) -> Profile {
        let numeric = train.featureNames.indices.filter { !train.isCategorical($0) }
        var numericColumns: [(String, ColumnValues)] = []
        if !numeric.isEmpty, let table = try? ColumnTable.read(path: path), table.rowCount == train.rowCount {
            numericColumns = numeric.compactMap { f in table.column(train.featureNames[f]).map { (train.featureNames[f], $0) } }
        }
        if numericColumns.count != numeric.count {
            numericColumns = numeric.map { (train.featureNames[$0], .numeric(train.columns[$0].map(Double.init))) }
        }
        var profile = DriftData.profile(of: numericColumns, rowCount: train.rowCount, bins: bins, topK: ProfileBuilder.defaultTopK)
        var features = Dictionary(uniqueKeysWithValues: profile.features.map { ($0.name, $0) })
        for f in train.featureNames.indices {
            guard let names = train.categories[f] else { continue }
            let categorical = ProfileBuilder.categorical(codes: train.columns[f], names: names, topK: ProfileBuilder.defaultTopK)
            features[train.featureNames[f]] = NamedFeatureProfile(name: train.featureNames[f], profile: .categorical(categorical))
        }
        profile.features = train.featureNames.compactMap { features[$0] }
        profile.score = .numeric(ProfileBuilder.numeric(scores, bins: bins))
        return profile
    }
}
