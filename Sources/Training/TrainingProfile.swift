import DriftMetrics
import DriftMonitor
import TabularData

/// The drift reference profile written beside a trained model (`profile.json`).
enum TrainingProfile {
    /// The reference profile written beside a trained model: the training CSV's feature columns
    /// read again as Double (the convention bins in double precision), and the model's scores on
    /// the training rows. When the CSV cannot be read as a whole (rows were skipped), the
    /// training dataset's values are used.
    static func make(path: String, train: Dataset, scores: [Float], bins: Int) -> Profile {
        var features: [(String, ColumnValues)] = []
        if let table = try? ColumnTable.read(path: path), table.rowCount == train.rowCount {
            features = train.featureNames.compactMap { name in table.column(name).map { (name, $0) } }
        }
        if features.count != train.featureCount {
            features = zip(train.featureNames, train.columns).map { ($0, .numeric($1.map(Double.init))) }
        }
        var profile = DriftData.profile(of: features, rowCount: train.rowCount, bins: bins, topK: ProfileBuilder.defaultTopK)
        profile.score = .numeric(ProfileBuilder.numeric(scores, bins: bins))
        return profile
    }
}
