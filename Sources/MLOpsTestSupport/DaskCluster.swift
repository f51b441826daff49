import Foundation

/// A throwaway Dask cluster on loopback for tests of Dask training: a scheduler and single-threaded
/// workers started by `scripts/dask-cluster.sh` from the venv holding `$MLOPS_DASK_PYTHON`.
public struct DaskCluster: Sendable {
    /// The interpreter of the Dask venv, when the tests have one (`make test` sets it).
    public static let python: String? = ProcessInfo.processInfo.environment["MLOPS_DASK_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }

    /// Where the cluster keeps its scheduler file, logs and pids.
    public let directory: String
    /// The scheduler's address (`tcp://127.0.0.1:PORT`).
    public let address: String

    /// Starts a scheduler and `workers` workers (with `environment` added to theirs) and waits
    /// until they have all joined.
    public static func start(workers: Int, environment: [String: String] = [:]) throws -> DaskCluster {
        let directory = try TemporaryDirectory.make(prefix: "dask")
        let result = try Shell.run(
            "/bin/bash", [Shell.repositoryRoot + "/scripts/dask-cluster.sh", "start", directory, String(workers)],
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
        guard result.status == 0, let address = result.stdout.split(separator: "\n").last.map(String.init), address.hasPrefix("tcp://")
        else {
            _ = try? script("stop", directory)
            throw DaskClusterError("the Dask cluster did not start: \(result.stderr)")
        }
        return DaskCluster(directory: directory, address: address)
    }

    /// SIGKILLs worker `k` (1-based): a worker lost mid-job.
    public func killWorker(_ k: Int) throws {
        let result = try Self.script("kill-worker", directory, String(k))
        guard result.status == 0 else { throw DaskClusterError("could not kill worker \(k): \(result.stderr)") }
    }

    /// Stops every process of the cluster.
    public func stop() {
        _ = try? Self.script("stop", directory)
    }

    /// Tasks the workers are still running, once none is or after `seconds`.
    public func processingTasks(waitingUpTo seconds: Double = 15) throws -> Int {
        let code = """
            import sys, time
            from distributed import Client
            client = Client(sys.argv[1], timeout=10)
            deadline = time.time() + float(sys.argv[2])
            while True:
                busy = sum(len(tasks) for tasks in client.processing().values())
                if busy == 0 or time.time() > deadline:
                    break
                time.sleep(0.2)
            print(busy)
            """
        let result = try Shell.run(Self.python ?? "python3", ["-c", code, address, String(seconds)])
        guard result.status == 0, let count = Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw DaskClusterError("could not ask the scheduler: \(result.stderr)")
        }
        return count
    }

    /// What Python XGBoost predicts with `model` (JSON) for the rows of `csv`: categorical features
    /// as pandas categories of the raw text, the others as numbers.
    public static func xgboostPredictions(model: String, csv: String) throws -> [Double] {
        let code = """
            import json, sys
            import pandas as pd, xgboost as xgb
            booster = xgb.Booster()
            booster.load_model(sys.argv[1])
            frame = pd.read_csv(sys.argv[2], dtype=str)
            columns = {}
            for name, kind in zip(booster.feature_names, booster.feature_types):
                columns[name] = frame[name].astype("category") if kind == "c" else pd.to_numeric(frame[name]).astype("float32")
            print(json.dumps([float(p) for p in booster.inplace_predict(pd.DataFrame(columns))]))
            """
        let result = try Shell.run(python ?? "python3", ["-c", code, model, csv])
        guard result.status == 0, let values = try? JSONDecoder().decode([Double].self, from: Data(result.stdout.utf8)) else {
            throw DaskClusterError("Python XGBoost could not predict: \(result.stderr)")
        }
        return values
    }

    private static func script(_ arguments: String...) throws -> Shell.Result {
        try Shell.run("/bin/bash", [Shell.repositoryRoot + "/scripts/dask-cluster.sh"] + arguments)
    }
}

/// A test cluster that could not be started or asked.
public struct DaskClusterError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
