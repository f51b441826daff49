import Foundation
import Yams

/// Reads retraining pipelines from YAML (`pipelines/*.yaml`) into `Pipeline` values, checking
/// every key, type and value, and reporting every problem of a file with its line and column.
///
/// Every entry point throws `PipelineSpecErrors` (never anything else). `checks` judges what
/// the format alone cannot (a schedule's cron text, a train step's parameters); each problem is
/// reported at its value.
public enum PipelineLoader {
    /// The environment variable naming the pipelines directory.
    public static let directoryVariable = "MLOPS_PIPELINES_DIR"

    /// Parses the pipeline in `yaml`; `path` is only used in errors and `sourcePath`.
    public static func parse(
        yaml: String, path: String,
        checks: PipelineChecks = .formatOnly
    ) throws -> Pipeline {
        try parseLocated(yaml: yaml, path: path, checks: checks).0
    }

    /// Reads and parses the file at `file` (UTF-8); errors name the path as given.
    public static func load(
        file: String,
        checks: PipelineChecks = .formatOnly
    ) throws -> Pipeline {
        try loadLocated(file: file, checks: checks).0
    }

    /// `parse`, also giving where the pipeline's name is written.
    static func parseLocated(
        yaml: String, path: String,
        checks: PipelineChecks
    ) throws -> (Pipeline, Mark?) {
        let diagnostics = Diagnostics(path: path)
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw PipelineSpecErrors([YAMLSyntax.error(error, path: path, yaml: yaml)])
        }
        let located = PipelineParser.parse(
            root, path: path, checks: checks,
            diagnostics: diagnostics)
        guard let located, diagnostics.errors.isEmpty else {
            throw PipelineSpecErrors(diagnostics.sortedErrors)
        }
        return located
    }

    /// `load`, also giving where the pipeline's name is written.
    static func loadLocated(file: String, checks: PipelineChecks) throws -> (Pipeline, Mark?) {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw PipelineSpecErrors([PipelineSpecError(path: file, line: 0, column: 0, message: "cannot read the file")])
        }
        guard let yaml = String(data: data, encoding: .utf8) else {
            throw PipelineSpecErrors([PipelineSpecError(path: file, line: 0, column: 0, message: "the file is not UTF-8 text")])
        }
        return try parseLocated(yaml: yaml, path: file, checks: checks)
    }

    /// Loads every `*.yaml` and `*.yml` file directly in `dir` (not in subdirectories; hidden
    /// files skipped), in file-name order, and returns the pipelines sorted by name. The errors
    /// of all files are reported together; two files defining the same pipeline name is an error
    /// at the second one's `name`, naming both files. A missing or unreadable directory is an
    /// error too (check for it first if no directory should mean no pipelines).
    public static func loadDirectory(
        _ dir: String,
        checks: PipelineChecks = .formatOnly
    ) throws -> [Pipeline] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: dir)
        } catch {
            throw PipelineSpecErrors([
                PipelineSpecError(
                    path: dir, line: 0, column: 0,
                    message: "cannot list the pipelines directory")
            ])
        }
        let files = names.filter { !$0.hasPrefix(".") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) }.sorted()
        var pipelines: [Pipeline] = []
        var errors: [PipelineSpecError] = []
        var firstPathByName: [String: String] = [:]
        for file in files {
            let path = (dir as NSString).appendingPathComponent(file)
            do {
                let (pipeline, nameMark) = try loadLocated(file: path, checks: checks)
                if let first = firstPathByName[pipeline.name] {
                    errors.append(
                        PipelineSpecError(
                            path: path, line: nameMark?.line ?? 1, column: nameMark?.column ?? 1,
                            message: "pipeline name '\(pipeline.name)' is already used by \(first); "
                                + "pipeline names must be unique"))
                } else {
                    firstPathByName[pipeline.name] = path
                    pipelines.append(pipeline)
                }
            } catch let fileErrors as PipelineSpecErrors {
                errors += fileErrors.errors
            }
        }
        guard errors.isEmpty else { throw PipelineSpecErrors(errors) }
        return pipelines.sorted { $0.name < $1.name }
    }

    /// The pipelines directory: `MLOPS_PIPELINES_DIR` when set and not empty (relative to
    /// `workingDirectory` unless absolute), else `<workingDirectory>/pipelines`.
    public static func directory(environment: [String: String], workingDirectory: String) -> String {
        if let dir = environment[directoryVariable], !dir.isEmpty {
            return dir.hasPrefix("/") ? dir : (workingDirectory as NSString).appendingPathComponent(dir)
        }
        return (workingDirectory as NSString).appendingPathComponent("pipelines")
    }
}
