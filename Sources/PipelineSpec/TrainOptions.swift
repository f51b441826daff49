import TrainingSpec

/// Options of a `train` step: the algorithm and its hyperparameters.
public struct TrainOptions: Sendable, Equatable, Codable {
    /// The learning algorithm.
    public var algorithm: TrainingAlgorithm
    /// Hyperparameters, each value as its YAML scalar text (`num_round: 200` gives `"200"`);
    /// the trainer interprets them.
    public var params: [String: String]

    /// Creates train options.
    public init(algorithm: TrainingAlgorithm, params: [String: String] = [:]) {
        self.algorithm = algorithm
        self.params = params
    }
}
