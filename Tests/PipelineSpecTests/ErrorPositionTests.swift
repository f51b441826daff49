import PipelineSpec
import Testing

/// Each error names its position (line:column of the offending key or value) and the field.
@Suite struct ErrorPositionTests {
    let p = Fixtures.path

    @Test func unknownTopLevelKey() {
        let yaml = "name: t\nmodel: ctr\nshedule: \"@daily\"\nsteps: [register]\n"
        #expect(
            Fixtures.errors(yaml) == [
                "\(p):3:1: unknown top-level key 'shedule' (expected one of: name, model, schedule, drift, performance, steps)"
            ])
    }

    @Test func unknownOption() {
        let yaml = Fixtures.pipeline(steps: "  - register\n  - train: { algorithm: gbdt, algo: gbdt }\n")
        #expect(
            Fixtures.errors(yaml) == [
                "\(p):5:31: step 2 (train): unknown option 'algo' (expected one of: algorithm, params, categorical, exclude, engine, scheduler, data, retries, timeout, name)"
            ])
    }

    @Test func unknownOptionInBlockStyle() {
        let yaml = """
            name: t
            model: ctr
            steps:
              - validate:
                  max_missing: 0.1
                  max_pis: 0.3

            """
        #expect(
            Fixtures.errors(yaml) == [
                "\(p):6:7: step 1 (validate): unknown option 'max_pis' (expected one of: max_missing, max_psi, min_rows, expect, retries, timeout, name)"
            ])
    }

    @Test func unknownDriftOption() {
        let yaml = "name: t\nmodel: ctr\ndrift:\n  threshold: significant\n  cooldwn: 2d\nsteps: [register]\n"
        #expect(
            Fixtures.errors(yaml) == [
                "\(p):5:3: drift: unknown option 'cooldwn' (expected one of: threshold, cooldown, check, window)"
            ])
    }

    @Test func stepsOfTheWrongType() {
        #expect(
            Fixtures.errors("name: t\nmodel: ctr\nsteps: 5\n") == [
                "\(p):3:8: 'steps' must be a list of steps, got '5'"
            ])
    }

    @Test func optionOfTheWrongType() {
        let yaml = Fixtures.pipeline(steps: "  - validate:\n      max_psi: lots\n      min_rows: \"1000\"\n")
        #expect(
            Fixtures.errors(yaml) == [
                "\(p):5:16: step 1 (validate): 'max_psi' must be a number, got 'lots'",
                "\(p):6:17: step 1 (validate): 'min_rows' must be an integer, got '1000'",
            ])
    }

    @Test func wrongTypesNameTheExpectedType() {
        let yaml = Fixtures.pipeline(
            steps: """
                  - canary: { shadow: maybe, hold: 30, metric: auc }
                  - command: { run: "python3 train.py" }
                  - train: gbdt

                """)
        #expect(
            Fixtures.errors(yaml) == [
                "\(p):4:23: step 1 (canary): 'shadow' must be true or false, got 'maybe'",
                "\(p):4:36: step 1 (canary): rollout plan: field 'hold': '30' is not a positive duration such as 30s, 30m, 2h or 1d",
                "\(p):4:48: step 1 (canary): rollout plan: field 'metric': 'auc' is not a metric: use log_loss (or logloss) or ctr",
                "\(p):5:21: step 2 (command): 'run' must be a list of strings (the program, then its arguments; no shell), got 'python3 train.py'",
                "\(p):6:12: step 3 (train): options must be a map, got 'gbdt'",
            ])
    }

    @Test func missingName() {
        let yaml = "# no name\nmodel: ctr\nsteps: [register]\n"
        #expect(Fixtures.errors(yaml) == ["\(p):2:1: missing required key 'name'"])
    }

    @Test func badPipelineName() {
        #expect(
            Fixtures.errors("name: CTR retrain\nmodel: ctr\nsteps: [register]\n") == [
                "\(p):1:7: 'name' must match [a-z0-9][a-z0-9._-]* (lowercase letters, digits, '.', '_', '-'), got 'CTR retrain'"
            ])
    }

    @Test func missingModelAndSteps() {
        #expect(
            Fixtures.errors("name: t\n") == [
                "\(p):1:1: missing required key 'model'",
                "\(p):1:1: missing required key 'steps'",
            ])
    }

    @Test func emptySteps() {
        #expect(
            Fixtures.errors("name: t\nmodel: ctr\nsteps: []\n") == [
                "\(p):3:8: 'steps' must not be empty: a pipeline needs at least one step"
            ])
    }

    @Test func stepMapWithTwoKeys() {
        let yaml = Fixtures.pipeline(steps: "  - train:\n      algorithm: gbdt\n    retries: 3\n")
        #expect(
            Fixtures.errors(yaml) == [
                "\(p):4:5: step 1: a step must be a map with exactly one key, its kind (one of: extract, validate, train, "
                    + "evaluate, register, canary, command), found 2 keys: train, retries; indent a step's options under "
                    + "its kind, e.g. '- train:' then '    algorithm: gbdt'"
            ])
    }

    @Test func unknownStepKind() {
        #expect(
            Fixtures.errors(Fixtures.pipeline(steps: "  - register\n  - trian: { algorithm: gbdt }\n")) == [
                "\(p):5:5: step 2: unknown step kind 'trian' (expected one of: extract, validate, train, evaluate, register, canary, command)"
            ])
    }

    @Test func canaryStepsNotEndingAt100() {
        #expect(
            Fixtures.errors(Fixtures.pipeline(steps: "  - canary: { steps: [5, 50] }\n")) == [
                "\(p):4:22: step 1 (canary): rollout plan: field 'steps': must end at 100 (the challenger takes all traffic), ends at 50"
            ])
    }

    @Test func canaryStepsNotIncreasingOrOutOfRange() {
        #expect(
            Fixtures.errors(Fixtures.pipeline(steps: "  - canary: { steps: [5, 20, 20, 100] }\n")) == [
                "\(p):4:30: step 1 (canary): rollout plan: field 'steps[2]': 20 does not exceed the previous step 20"
            ])
        #expect(
            Fixtures.errors(Fixtures.pipeline(steps: "  - canary: { steps: [0, 50, 150] }\n")) == [
                "\(p):4:22: step 1 (canary): rollout plan: field 'steps': must end at 100 (the challenger takes all traffic), ends at 150",
                "\(p):4:23: step 1 (canary): rollout plan: field 'steps[0]': 0 is not in (0, 100]",
                "\(p):4:30: step 1 (canary): rollout plan: field 'steps[2]': 150 is not in (0, 100]",
            ])
    }

    @Test func commandWithoutRun() {
        let message = "step 1 (command): missing required option 'run' (the program and its arguments, e.g. [\"python3\", \"train.py\"])"
        #expect(Fixtures.errors(Fixtures.pipeline(steps: "  - command: { timeout: 2h }\n")) == ["\(p):4:14: \(message)"])
        #expect(Fixtures.errors(Fixtures.pipeline(steps: "  - command\n")) == ["\(p):4:5: \(message)"])
        #expect(
            Fixtures.errors(Fixtures.pipeline(steps: "  - command: { run: [] }\n")) == [
                "\(p):4:21: step 1 (command): 'run' must start with a program"
            ])
    }

    @Test func duplicateStepNames() {
        let yaml = Fixtures.pipeline(
            steps: """
                  - train: { algorithm: gbdt }
                  - train: { algorithm: logreg }
                  - register: { name: publish }
                  - command: { run: [x], name: publish }

                """)
        #expect(
            Fixtures.errors(yaml) == [
                "\(p):5:5: step 2 (train): duplicate step name 'train' (step 1 has it too); give one of them a different 'name'",
                "\(p):7:32: step 4 (command): duplicate step name 'publish' (step 3 has it too); give one of them a different 'name'",
            ])
    }

    @Test func yamlSyntaxErrorLine() throws {
        let errors = Fixtures.errors("name: t\nmodel: ctr\nsteps:\n  - register\n bad: [\n")
        try #require(errors.count == 1)
        #expect(errors[0].hasPrefix("\(p):5:"))
        #expect(errors[0].contains("YAML syntax error"))
        let tab = Fixtures.errors("name: t\nmodel: ctr\nsteps:\n\t- register\n")
        try #require(tab.count == 1)
        #expect(tab[0].hasPrefix("\(p):4:1: YAML syntax error"))
    }

    @Test func badScheduleReportedAtTheScheduleValue() {
        let yaml = "name: t\nmodel: ctr\nschedule: \"every 7x\"\nsteps: [register]\n"
        let errors = Fixtures.errors(yaml, checks: PipelineChecks(schedule: { $0 == "every 7x" ? "unknown unit 'x'" : nil }))
        #expect(errors == ["\(p):3:11: invalid schedule 'every 7x': unknown unit 'x'"])
    }

    @Test func badTrainingParametersReportedAtTheParams() {
        let yaml = Fixtures.pipeline(steps: "  - train: { algorithm: gbdt, params: { eta: abc } }\n")
        let checks = PipelineChecks(training: { algorithm, params in
            algorithm == .gbdt && params["eta"] == "abc" ? "parameter eta: 'abc' is not a number" : nil
        })
        #expect(Fixtures.errors(yaml, checks: checks) == ["\(p):4:39: step 1 (train): 'params': parameter eta: 'abc' is not a number"])
        #expect(
            Fixtures.errors("name: t\nmodel: ctr\nschedule: [daily]\nsteps: [register]\n") == [
                "\(p):3:11: 'schedule' must be a string, got a list"
            ])
    }

    @Test func emptyAndNonMapFiles() {
        #expect(Fixtures.errors("") == ["\(p):1:1: the file is empty; a pipeline needs at least 'name', 'model' and 'steps'"])
        #expect(
            Fixtures.errors("# only a comment\n") == [
                "\(p):1:1: the file is empty; a pipeline needs at least 'name', 'model' and 'steps'"
            ])
        #expect(
            Fixtures.errors("- register\n") == [
                "\(p):1:1: a pipeline file must be a map with the keys name, model, schedule, drift, performance, steps, got a list"
            ])
    }

    @Test func duplicateKeys() {
        #expect(
            Fixtures.errors("name: t\nmodel: ctr\nname: u\nsteps: [register]\n") == [
                "\(p):3:1: duplicate top-level key 'name' (first at line 1)"
            ])
    }
}
