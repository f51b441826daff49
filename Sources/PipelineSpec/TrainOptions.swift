/// Options of a `train` step: the algorithm and its hyperparameters.
public struct TrainOptions: Sendable, Equatable, Codable {
    /// The learning algorithm.
    public var algorithm: TrainAlgorithm
    /// Hyperparameters, each value as its YAML scalar text (`num_round: 200` gives `"200"`);
    /// the trainer interprets them.
    public var params: [String: String]

    /// Creates train options.
    public init(algorithm: TrainAlgorithm, params: [String: String] = [:]) {
        self.algorithm = algorithm
        self.params = params
    }
}

/// The algorithms a `train` step can use.
public enum TrainAlgorithm: String, Sendable, Equatable, Codable, CaseIterable {
    /// Gradient-boosted decision trees.
    case gbdt
    /// Logistic regression.
    case logreg
}
