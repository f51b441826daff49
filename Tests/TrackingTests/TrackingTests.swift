import MLOpsStore
import MLOpsTestSupport
import Testing
import Tracking

@Suite struct TrackingTests {
    @Test(arguments: TestBackend.available)
    func experimentsHaveUniqueNamesAndTheDefaultExists(backend: TestBackend) throws {
        let tracking = Tracking(database: try backend.makeDatabase())
        let defaultExperiment = try tracking.experiment(id: 0)
        #expect(defaultExperiment.name == "Default" && defaultExperiment.artifactLocation == "mlflow-artifacts:/0")
        let created = try tracking.createExperiment(name: "ctr-exp", tags: ["team": "ads"])
        #expect(created.id > 0 && created.artifactLocation == "mlflow-artifacts:/\(created.id)" && created.tags == ["team": "ads"])
        #expect(throws: TrackingError.experimentExists("ctr-exp")) { try tracking.createExperiment(name: "ctr-exp") }
        #expect(try tracking.experiment(named: "ctr-exp").id == created.id)
        #expect(throws: TrackingError.experimentNotFound("named 'nope'")) { try tracking.experiment(named: "nope") }
        try tracking.renameExperiment(id: created.id, to: "ctr-exp-2")
        try tracking.setExperimentTag(id: created.id, key: "team", value: "growth")
        let renamed = try tracking.experiment(id: created.id)
        #expect(renamed.name == "ctr-exp-2" && renamed.tags == ["team": "growth"])
        try tracking.setExperimentStage(id: created.id, .deleted)
        #expect(try tracking.experiment(id: created.id).lifecycleStage == .deleted)
        #expect(throws: TrackingError.self) { try tracking.createRun(experimentID: created.id) }
        #expect(throws: TrackingError.self) { try tracking.setExperimentStage(id: 0, .deleted) }
        #expect(try tracking.experiment(ensuring: "pipeline-a").id == (try tracking.experiment(ensuring: "pipeline-a").id))
    }

    @Test(arguments: TestBackend.available)
    func runsKeepParamsTagsAndEveryMetricPoint(backend: TestBackend) throws {
        let tracking = Tracking(database: try backend.makeDatabase())
        let experiment = try tracking.createExperiment(name: "e")
        let run = try tracking.createRun(experimentID: experiment.id, name: "first", startTime: 1_000, tags: ["source": "test"])
        #expect(run.id.count == 32 && run.status == .running && run.name == "first")
        #expect(run.artifactURI == "mlflow-artifacts:/\(experiment.id)/\(run.id)/artifacts")
        #expect(run.tags == ["source": "test", "mlflow.runName": "first"])

        try tracking.logBatch(
            runID: run.id,
            metrics: [
                MetricPoint(key: "auc", value: 0.70, timestamp: 10, step: 0),
                MetricPoint(key: "auc", value: 0.80, timestamp: 11, step: 2),
                MetricPoint(key: "auc", value: 0.75, timestamp: 12, step: 1),
                MetricPoint(key: "loss", value: .nan, timestamp: 10, step: 0),
            ], params: ["eta": "0.1"], tags: ["note": "x"])
        try tracking.logBatch(runID: run.id, params: ["eta": "0.1"])  // the same value again is fine
        #expect(throws: TrackingError.self) { try tracking.logBatch(runID: run.id, params: ["eta": "0.2"]) }
        #expect(throws: TrackingError.self) { try tracking.logBatch(runID: run.id, params: ["bad key!": "1"]) }
        #expect(throws: TrackingError.self) { try tracking.logBatch(runID: run.id, tags: ["../up": "1"]) }
        #expect(throws: TrackingError.runNotFound("nope")) { try tracking.logBatch(runID: "nope", params: ["a": "1"]) }

        let history = try tracking.metricHistory(runID: run.id, key: "auc")
        #expect(history.map(\.step) == [0, 1, 2] && history.map(\.value) == [0.70, 0.75, 0.80])
        let loaded = try tracking.run(id: run.id)
        #expect(loaded.params == ["eta": "0.1"])
        #expect(loaded.metrics.first { $0.key == "auc" }?.value == 0.80, "latest = highest step")
        #expect(loaded.metrics.first { $0.key == "loss" }?.value.isNaN == true, "NaN survives the store")

        let finished = try tracking.updateRun(id: run.id, status: .finished, endTime: 2_000, name: "renamed")
        #expect(finished.status == .finished && finished.endTime == 2_000 && finished.tags["mlflow.runName"] == "renamed")
        try tracking.deleteRunTag(runID: run.id, key: "note")
        #expect(try tracking.run(id: run.id).tags["note"] == nil)
        try tracking.setRunStage(id: run.id, .deleted)
        #expect(throws: TrackingError.self) { try tracking.logBatch(runID: run.id, tags: ["a": "b"]) }
        #expect(try tracking.runs(experimentIDs: [experiment.id]).map(\.id) == [run.id])
    }

    @Test(arguments: TestBackend.available)
    func loggedModelsGoFromPendingToReady(backend: TestBackend) throws {
        let tracking = Tracking(database: try backend.makeDatabase())
        let run = try tracking.createRun(experimentID: 0)
        let model = try tracking.createLoggedModel(
            experimentID: 0, name: "model", sourceRunID: run.id, modelType: "xgboost",
            params: ["max_depth": "6"], tags: ["k": "v"])
        #expect(model.id.hasPrefix("m-") && model.status == .pending)
        #expect(model.artifactLocation == "mlflow-artifacts:/0/models/\(model.id)/artifacts")
        try tracking.setLoggedModelTags(id: model.id, ["mlflow.source": "test"])
        try tracking.logLoggedModelParams(id: model.id, ["eta": "0.1"])
        let ready = try tracking.finalizeLoggedModel(id: model.id, status: .ready)
        #expect(ready.status == .ready && ready.params == ["max_depth": "6", "eta": "0.1"] && ready.tags["mlflow.source"] == "test")
        #expect(try tracking.loggedModels(experimentIDs: [0]).map(\.id) == [model.id])
        #expect(throws: TrackingError.loggedModelNotFound("m-x")) { try tracking.loggedModel(id: "m-x") }
        #expect(throws: TrackingError.self) { try tracking.createLoggedModel(experimentID: 0, name: "m", sourceRunID: "nope") }
    }
}
