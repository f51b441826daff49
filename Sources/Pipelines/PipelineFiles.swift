import CronSchedule
import Foundation
import PipelineSpec
import Training
import TrainingSpec

/// Pipeline files as the platform reads them, with every check: the file format's, cron
/// schedules, and each `train` step's parameters (`CheckedTraining`), so a bad `eta` is an error
/// of the file (`mlops pipelines validate`, every load by the CLI, the scheduler and the server),
/// never of a run hours later.
public enum PipelineFiles {
    /// The platform's checks.
    public static let checks = PipelineChecks(
        schedule: { text in
            do {
                _ = try CronSchedule(parsing: text)
                return nil
            } catch { return "\(error)" }
        },
        training: { algorithm, parameters in CheckedTraining.problem(algorithm, parameters: parameters) })

    /// Every pipeline in `directory`, checked; none when the directory does not exist.
    public static func load(directory: String) throws -> [Pipeline] {
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        return try PipelineLoader.loadDirectory(directory, checks: checks)
    }

    /// The pipeline in `file`, checked.
    public static func load(file: String) throws -> Pipeline {
        try PipelineLoader.load(file: file, checks: checks)
    }
}
