import Foundation
import MLOpsTestSupport
import ModelRuntime
import PipelineRuns
import PipelineSpec
import Pipelines
import Synchronization
import TabularData
import Testing
import Tracking

/// `train` with `engine: dask` against a real Dask scheduler and two workers on loopback
/// (`scripts/dask-cluster.sh`), with XGBoost's own distributed training.
@Suite(.serialized, .enabled(if: DaskCluster.python != nil, "needs MLOPS_DASK_PYTHON (make test sets it)"))
struct DaskTrainingTests {
    static func yaml(scheduler: String, rounds: Int, depth: Int, retries: Int = 0) -> String {
        """
        name: dask-clicks
        model: clicks
        steps:
          - extract: { files: ["data/part-1.csv"], label: click }
          - train:
              engine: dask
              scheduler: \(scheduler)
              data: "data/part-*.csv"
              categorical: [C1, banner_pos]
              exclude: [id]
              params: { num_round: \(rounds), max_depth: \(depth), eta: 0.3 }
              retries: \(retries)
          - evaluate: {}
          - register: {}
        """
    }

    /// Three Avazu-shaped files of raw ids in `data/`.
    static func writeParts(_ f: PipelineFixture, rows: Int) throws {
        for part in 1...3 {
            try SyntheticClickLog(shape: .avazu, seed: UInt64(part)).writeCSV(rows: rows, to: f.work + "/data/part-\(part).csv")
        }
    }

    @Test(arguments: TestBackend.available)
    func aPipelineTrainsOnTheClusterAndTheVersionItRegistersPredictsWhatXGBoostDoes(backend: TestBackend) async throws {
        let f = try PipelineFixture(backend)
        try Self.writeParts(f, rows: 2_000)
        let cluster = try DaskCluster.start(workers: 2)
        defer { cluster.stop() }
        let run = try f.runs.run(
            try await f.runByHand(try f.pipeline(Self.yaml(scheduler: cluster.address, rounds: 20, depth: 4), name: "dask-clicks")))
        #expect(run.state == .succeeded, "\(run.error ?? "")")
        let train = try f.runs.steps(run: run.id)[1]
        #expect(train.outputs["engine"] == "dask" && train.outputs["train_rows"] == "6000", "\(train.outputs)")
        let logs = try f.runs.logs(run: run.id).filter { $0.stepIndex == 1 }.map(\.line)
        #expect(logs.contains("connected: 2 workers"), "\(logs)")
        #expect(logs.contains { $0.hasPrefix("data: 6000 rows in 3 partitions; categorical: ") && $0.contains("site_id") }, "\(logs)")

        // Per-round metrics reach the run's tracking run, as after a local train.
        let tracking = Tracking(database: f.registry.database)
        let trackingRun = try #require(train.outputs["tracking_run"])
        #expect(try tracking.metricHistory(runID: trackingRun, key: "train_logloss").map(\.step) == Array(0..<20))

        // The registered version reads raw ids and predicts what Python XGBoost predicts with
        // the model the cluster wrote, from one of the training files (XGBoost 3.2 routes some
        // categories it never saw wrongly, so it is no reference for new ids).
        let loaded = try ModelLoader.load("clicks/1") { f.registry }
        #expect(loaded.manifest?.categoricalFeatures?.contains("site_id") == true)
        #expect(loaded.manifest?.categoricalFeatures?.contains("C1") == true)
        #expect(loaded.profile != nil, "a drift profile from the sample")
        let probe = f.work + "/data/part-2.csv"
        let read = try CSVReader.read(path: probe, options: try loaded.model.csvOptions(labelColumn: "click", skipBadRows: false))
        let ours = loaded.model.predict(read.dataset)
        let theirs = try DaskCluster.xgboostPredictions(model: f.work + "/runs/\(run.id)/dask-2/model.json", csv: probe)
        #expect(ours.count == 2_000 && theirs.count == 2_000)
        let worst = zip(ours, theirs).map { abs(Double($0) - $1) }.max() ?? .infinity
        #expect(worst < 1e-6, "largest difference \(worst); ours \(ours.prefix(3)), XGBoost's \(theirs.prefix(3))")
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["MLOPS_TEST_S3_ENDPOINT"] != nil, "needs scripts/with-moto.sh"))
    func theWorkersReadParquetFilesFromAnS3Bucket() async throws {
        let endpoint = try #require(ProcessInfo.processInfo.environment["MLOPS_TEST_S3_ENDPOINT"])
        let credentials = [
            "AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1",
        ]
        let f = try PipelineFixture(.sqlite, processEnvironment: credentials)
        try Self.writeParts(f, rows: 1_000)
        let bucket = "dask-" + UUID().uuidString.lowercased().prefix(8)
        // The parts as Parquet (pandas' own column types: integer-coded ids are numbers there) in moto.
        let upload = try Shell.run(
            try #require(DaskCluster.python),
            [
                "-c",
                """
                import sys, pandas as pd, s3fs
                fs = s3fs.S3FileSystem()
                fs.mkdir(sys.argv[1])
                for k in (1, 2, 3):
                    frame = pd.read_csv(f"{sys.argv[2]}/data/part-{k}.csv")
                    with fs.open(f"{sys.argv[1]}/clicks/part-{k}.parquet", "wb") as out:
                        frame.to_parquet(out)
                """,
                bucket, f.work,
            ], environment: ProcessInfo.processInfo.environment.merging(credentials) { $1 })
        #expect(upload.status == 0, "\(upload.stderr)")
        let cluster = try DaskCluster.start(workers: 2, environment: credentials)
        defer { cluster.stop() }
        let yaml = Self.yaml(scheduler: cluster.address, rounds: 10, depth: 3).replacingOccurrences(
            of: "data/part-*.csv", with: "s3://\(bucket)/clicks/*.parquet")
        let run = try f.runs.run(try await f.runByHand(try f.pipeline(yaml, name: "dask-clicks")))
        #expect(run.state == .succeeded, "\(run.error ?? "")")
        let train = try f.runs.steps(run: run.id)[1]
        #expect(train.outputs["train_rows"] == "3000", "\(train.outputs)")
        let loaded = try ModelLoader.load("clicks/1") { f.registry }
        #expect(loaded.manifest?.categoricalFeatures?.contains("C1") == true)
        #expect(loaded.manifest?.categoricalFeatures?.contains("device_ip") == true)
    }

    @Test func aWorkerLostMidTrainingFailsTheAttemptAndTheRetryTrainsOnTheWorkerLeft() async throws {
        let training = Flag()
        let f = try PipelineFixture(.sqlite) { _, _, line in if line == "training 800 rounds" { training.set() } }
        try Self.writeParts(f, rows: 1_000)
        let cluster = try DaskCluster.start(workers: 2)
        defer { cluster.stop() }
        let pipeline = try f.pipeline(Self.yaml(scheduler: cluster.address, rounds: 800, depth: 2, retries: 1), name: "dask-clicks")
        let killer = Task {
            // Once the first attempt trains, SIGKILL a worker.
            for _ in 0..<1_200 where !training.isSet {
                try await Task.sleep(for: .milliseconds(50))
            }
            try await Task.sleep(for: .seconds(1))
            try cluster.killWorker(2)
        }
        let run = try f.runs.run(try await f.runByHand(pipeline))
        try await killer.value
        #expect(run.state == .succeeded, "\(run.error ?? "")")
        let train = try f.runs.steps(run: run.id)[1]
        #expect(train.attempts == 2)
        let logs = try f.runs.logs(run: run.id).filter { $0.stepIndex == 1 }
        #expect(logs.contains { $0.attempt == 1 && $0.line.hasPrefix("error (worker_lost): ") }, "\(logs.map(\.line))")
        #expect(logs.contains { $0.attempt == 2 && $0.line == "connected: 1 workers" }, "\(logs.map(\.line))")
    }

    @Test func theStepTimeoutStopsTheClustersTrainingAndLeavesItsWorkersIdle() async throws {
        let f = try PipelineFixture(.sqlite)
        try Self.writeParts(f, rows: 1_000)
        let cluster = try DaskCluster.start(workers: 2)
        defer { cluster.stop() }
        let yaml = Self.yaml(scheduler: cluster.address, rounds: 100_000, depth: 2).replacingOccurrences(
            of: "retries: 0", with: "retries: 0\n      timeout: 12s")
        let run = try f.runs.run(try await f.runByHand(try f.pipeline(yaml, name: "dask-clicks")))
        #expect(run.state == .failed)
        #expect(run.error?.contains("timed out") == true || run.error?.contains("timeout") == true, "\(run.error ?? "")")
        #expect(try cluster.processingTasks() == 0)
    }

    @Test func aMissingSchedulerAndBadDataAreNamedAndNotRetried() async throws {
        let f = try PipelineFixture(.sqlite)
        try Self.writeParts(f, rows: 200)
        let cluster = try DaskCluster.start(workers: 1)
        defer { cluster.stop() }
        let badColumn = Self.yaml(scheduler: cluster.address, rounds: 5, depth: 2, retries: 2).replacingOccurrences(
            of: "exclude: [id]", with: "exclude: [id, no_such_column]")
        let run = try f.runs.run(try await f.runByHand(try f.pipeline(badColumn, name: "dask-clicks")))
        #expect(run.state == .failed)
        #expect(run.error?.contains("column 'no_such_column' is not in the data") == true, "\(run.error ?? "")")
        #expect(try f.runs.steps(run: run.id)[1].attempts == 1)

        let noFiles = Self.yaml(scheduler: cluster.address, rounds: 5, depth: 2).replacingOccurrences(
            of: "data/part-*.csv", with: "data/none-*.csv")
        let second = try f.runs.run(try await f.runByHand(try f.pipeline(noFiles, name: "dask-clicks")))
        #expect(second.error?.contains("no file matches") == true, "\(second.error ?? "")")

        setenv("MLOPS_DASK_CONNECT_TIMEOUT", "3", 1)
        defer { unsetenv("MLOPS_DASK_CONNECT_TIMEOUT") }
        let unreachable = Self.yaml(scheduler: "tcp://127.0.0.1:9", rounds: 5, depth: 2)
        let third = try f.runs.run(try await f.runByHand(try f.pipeline(unreachable, name: "dask-clicks")))
        #expect(third.state == .failed)
        #expect(third.error?.contains("cannot reach the Dask scheduler at tcp://127.0.0.1:9") == true, "\(third.error ?? "")")
    }

    @Test func daskOptionsAreReadAndChecked() throws {
        let spec = try PipelineLoader.parse(yaml: Self.yaml(scheduler: "tcp://10.0.0.5:8786", rounds: 5, depth: 2), path: "p.yaml")
        guard case .train(let train) = spec.steps[1].kind else {
            Issue.record("no train step")
            return
        }
        #expect(train.dask == DaskTraining(scheduler: "tcp://10.0.0.5:8786", data: "data/part-*.csv"))
        #expect(train.algorithm == .gbdt)
        let notAnAddress = Self.yaml(scheduler: "10.0.0.5", rounds: 5, depth: 2)
        #expect(throws: (any Error).self) { try PipelineLoader.parse(yaml: notAnAddress, path: "p.yaml") }
        let logreg = Self.yaml(scheduler: "tcp://h:1", rounds: 5, depth: 2).replacingOccurrences(
            of: "engine: dask", with: "engine: dask\n      algorithm: logreg")
        #expect(throws: (any Error).self) { try PipelineLoader.parse(yaml: logreg, path: "p.yaml") }
        let schedulerWithoutDask = Self.yaml(scheduler: "tcp://h:1", rounds: 5, depth: 2).replacingOccurrences(
            of: "engine: dask", with: "algorithm: gbdt")
        #expect(throws: (any Error).self) { try PipelineLoader.parse(yaml: schedulerWithoutDask, path: "p.yaml") }
    }
}

/// A flag one task sets and another reads.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

@Suite struct DaskTrainScriptTests {
    @Test func theEmbeddedEntryPointIsTheScriptInTheRepository() throws {
        let onDisk = try String(contentsOfFile: Shell.repositoryRoot + "/scripts/dask_train.py", encoding: .utf8)
        #expect(DaskTrainScript.source + "\n" == onDisk, "run scripts/embed-python.sh")
    }
}
