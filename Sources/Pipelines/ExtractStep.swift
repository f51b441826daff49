import Foundation
import JobQueue
import MLOpsStore
import ModelRuntime
import PipelineSpec

/// `extract`: the run's data as one CSV (`<run>/data.csv`), from CSV files (one header, checked
/// to be the same in each) or from a SQL query against a PostgreSQL source.
enum ExtractStep {
    static func run(_ options: ExtractOptions, _ context: StepContext) async throws -> [String: String] {
        let out = context.runDirectory + "/data.csv"
        let rows: Int
        switch options.source {
        case .files(let files):
            rows = try await Blocking.run { try concatenate(files.map(context.resolve), into: out, log: context.log) }
        case .sql(let query, let database):
            let url = try resolveURL(database)
            rows = try await Blocking.run { try extract(query: query, url: url, into: out) }
        }
        guard rows > 0 else { throw PermanentJobFailure("extract produced no rows") }
        let fingerprint = try fileFingerprint(out)
        context.log.line("extracted \(rows) rows → \(out) (\(fingerprint))")
        return ["data": out, "rows": String(rows), "label": options.label, "fingerprint": fingerprint]
    }

    /// Writes the files one after another under the first one's header; returns the data rows.
    static func concatenate(_ files: [String], into out: String, log: StepLog) throws -> Int {
        var header: String? = nil
        var text = ""
        var rows = 0
        for file in files {
            guard let content = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw JobFailure.retryable("cannot read \(file)")
            }
            var lines = content.split(separator: "\n", omittingEmptySubsequences: true).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
            guard !lines.isEmpty else { throw PermanentJobFailure("\(file) is empty (it needs a header row)") }
            let first = String(lines.removeFirst())
            if let header, header != first {
                throw PermanentJobFailure("\(file) has header '\(first)', but the first file's is '\(header)'")
            }
            header = first
            if text.isEmpty { text = first + "\n" }
            for line in lines {
                text += line
                text += "\n"
            }
            rows += lines.count
            log.line("read \(lines.count) rows from \(file)")
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
        return rows
    }

    /// `env:NAME` reads the URL from the environment (so secrets stay out of pipeline files).
    static func resolveURL(_ reference: String) throws -> String {
        guard reference.hasPrefix("env:") else { return reference }
        let name = String(reference.dropFirst(4))
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            throw PermanentJobFailure("extract: the environment variable \(name) (named by database: \(reference)) is not set")
        }
        return value
    }

    static func extract(query: String, url: String, into out: String) throws -> Int {
        let source = PostgresDatabase(url: url, configuration: .init(maxConnections: 1))
        defer { source.close() }
        let result = try source.withConnection { try $0.query(query, []) }
        guard let first = result.first else { return 0 }
        var text = first.columns.map(csvField).joined(separator: ",") + "\n"
        for row in result {
            text += row.values.map { value -> String in
                switch value {
                case .null: ""
                case .int(let n): String(n)
                case .double(let d): d.isFinite ? String(d) : ""
                case .text(let s): csvField(s)
                case .blob: ""
                }
            }.joined(separator: ",")
            text += "\n"
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
        return result.count
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A step failure worth retrying (a file not there yet, a source away).
enum JobFailure: Error, CustomStringConvertible {
    case retryable(String)
    var description: String {
        switch self {
        case .retryable(let m): m
        }
    }
}
