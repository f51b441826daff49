import Foundation
import PipelineSpec
import Testing

@Suite struct LoaderTests {
    static func pipeline(_ name: String, model: String = "ctr") -> String {
        "name: \(name)\nmodel: \(model)\nsteps:\n  - register\n"
    }

    @Test func loadsEveryYAMLFileSortedByName() throws {
        try Fixtures.withTemporaryDirectory { dir in
            try Fixtures.write(Self.pipeline("zeta"), to: "a.yaml", in: dir)
            try Fixtures.write(Self.pipeline("alpha", model: "churn"), to: "b.yml", in: dir)
            try Fixtures.write("not: a pipeline\n", to: "notes.txt", in: dir)
            try Fixtures.write("garbage: [", to: ".hidden.yaml", in: dir)
            try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
            try Fixtures.write(Self.pipeline("nested"), to: "sub/c.yaml", in: dir)  // not searched

            let pipelines = try PipelineLoader.loadDirectory(dir)
            #expect(pipelines.map(\.name) == ["alpha", "zeta"])
            #expect(pipelines.map(\.model) == ["churn", "ctr"])
            #expect(pipelines.map(\.sourcePath) == [dir + "/b.yml", dir + "/a.yaml"])
        }
    }

    @Test func duplicatePipelineNamesAcrossFilesNameBothFiles() throws {
        try Fixtures.withTemporaryDirectory { dir in
            let first = try Fixtures.write(Self.pipeline("ctr-retrain"), to: "a.yaml", in: dir)
            let second = try Fixtures.write("# copy\n" + Self.pipeline("ctr-retrain"), to: "b.yaml", in: dir)
            do {
                _ = try PipelineLoader.loadDirectory(dir)
                Issue.record("expected a duplicate-name error")
            } catch let errors as PipelineSpecErrors {
                #expect(
                    errors.errors.map(\.description) == [
                        "\(second):2:7: pipeline name 'ctr-retrain' is already used by \(first); pipeline names must be unique"
                    ])
            }
        }
    }

    @Test func errorsOfAllFilesAreReportedTogether() throws {
        try Fixtures.withTemporaryDirectory { dir in
            try Fixtures.write(Self.pipeline("good"), to: "a.yaml", in: dir)
            let bad1 = try Fixtures.write("name: b\nmodel: ctr\nsteps: []\n", to: "b.yaml", in: dir)
            let bad2 = try Fixtures.write("name: c\nmodel: ctr\nsteps: [register]\nextra: 1\n", to: "c.yaml", in: dir)
            do {
                _ = try PipelineLoader.loadDirectory(dir, checks: .formatOnly)
                Issue.record("expected errors")
            } catch let errors as PipelineSpecErrors {
                #expect(errors.errors.map(\.path) == [bad1, bad2])
                #expect(errors.errors.map(\.line) == [3, 4])
            }
        }
    }

    @Test func scheduleValidatorIsAppliedToEveryFile() throws {
        try Fixtures.withTemporaryDirectory { dir in
            try Fixtures.write("name: a\nmodel: m\nschedule: \"@daily\"\nsteps: [register]\n", to: "a.yaml", in: dir)
            let bad = try Fixtures.write("name: b\nmodel: m\nschedule: sometimes\nsteps: [register]\n", to: "b.yaml", in: dir)
            do {
                _ = try PipelineLoader.loadDirectory(
                    dir, checks: PipelineChecks(schedule: { $0.hasPrefix("@") ? nil : "expected @daily or @weekly" }))
                Issue.record("expected errors")
            } catch let errors as PipelineSpecErrors {
                #expect(errors.description == "\(bad):3:11: invalid schedule 'sometimes': expected @daily or @weekly")
            }
        }
    }

    @Test func emptyDirectoryHasNoPipelinesAndAMissingOneIsAnError() throws {
        try Fixtures.withTemporaryDirectory { dir in
            let none = try PipelineLoader.loadDirectory(dir)
            #expect(none.isEmpty)
            let missing = dir + "/nope"
            #expect(
                throws: PipelineSpecErrors([
                    PipelineSpecError(
                        path: missing, line: 0, column: 0,
                        message: "cannot list the pipelines directory")
                ])
            ) {
                try PipelineLoader.loadDirectory(missing)
            }
        }
    }

    @Test func loadFileKeepsThePathAndReportsUnreadableFiles() throws {
        try Fixtures.withTemporaryDirectory { dir in
            let path = try Fixtures.write(Fixtures.ctrRetrain, to: "ctr-retrain.yaml", in: dir)
            let pipeline = try PipelineLoader.load(file: path)
            #expect(pipeline.sourcePath == path)
            #expect(pipeline.steps.count == 7)
            let missing = dir + "/missing.yaml"
            #expect(
                throws: PipelineSpecErrors([
                    PipelineSpecError(
                        path: missing, line: 0, column: 0,
                        message: "cannot read the file")
                ])
            ) {
                try PipelineLoader.load(file: missing)
            }
            let binary = (dir as NSString).appendingPathComponent("bin.yaml")
            #expect(FileManager.default.createFile(atPath: binary, contents: Data([0x6E, 0xFF, 0xFE, 0x00])))
            #expect(throws: PipelineSpecErrors.self) { try PipelineLoader.load(file: binary) }
        }
    }

    @Test func directoryComesFromTheEnvironmentOrTheWorkingDirectory() {
        #expect(PipelineLoader.directory(environment: [:], workingDirectory: "/srv/mlops") == "/srv/mlops/pipelines")
        #expect(
            PipelineLoader.directory(environment: ["MLOPS_PIPELINES_DIR": ""], workingDirectory: "/srv")
                == "/srv/pipelines")
        #expect(
            PipelineLoader.directory(
                environment: ["MLOPS_PIPELINES_DIR": "/etc/mlops/pipelines"],
                workingDirectory: "/srv") == "/etc/mlops/pipelines")
        #expect(
            PipelineLoader.directory(environment: ["MLOPS_PIPELINES_DIR": "conf/pipes"], workingDirectory: "/srv")
                == "/srv/conf/pipes")
    }
}
