import PipelineSpec
import Testing

/// Values of the right type but outside their range, contradictory options, and many errors in
/// one file.
@Suite struct ValueErrorTests {
    let p = Fixtures.path

    @Test func severalErrorsInOneFileAreAllReported() {
        let yaml = """
            name: Bad Name
            model: ctr
            owner: ads
            drift: { threshold: huge, cooldown: 3 days }
            steps:
              - extract: { files: [a.csv], lable: y }
              - validate: { max_missing: 1.5 }
              - train: { params: { depth: [1, 2] } }
              - canary: { steps: [50, 20] }
              - command: { run: [x], retries: -1, timeout: 0s }

            """
        #expect(
            Fixtures.errors(yaml) == [
                "\(p):1:7: 'name' must match [a-z0-9][a-z0-9._-]* (lowercase letters, digits, '.', '_', '-'), got 'Bad Name'",
                "\(p):3:1: unknown top-level key 'owner' (expected one of: name, model, schedule, drift, performance, steps)",
                "\(p):4:21: drift: 'threshold' must be significant, moderate or a PSI above 0, got 'huge'",
                "\(p):4:37: drift: 'cooldown' must be a duration like 90s, 30m, 2h, 7d or 1w, got '3 days'",
                "\(p):6:32: step 1 (extract): unknown option 'lable' (expected one of: files, sql, database, label, retries, timeout, name)",
                "\(p):7:30: step 2 (validate): 'max_missing' must be between 0 and 1, got 1.5",
                "\(p):8:12: step 3 (train): missing required option 'algorithm' (gbdt or logreg)",
                "\(p):8:31: step 3 (train): 'params.depth' must be a string, number or boolean, got a list",
                "\(p):9:22: step 4 (canary): rollout plan: field 'steps': must end at 100 (the challenger takes all traffic), ends at 20",
                "\(p):9:27: step 4 (canary): rollout plan: field 'steps[1]': 20 does not exceed the previous step 50",
                "\(p):10:35: step 5 (command): 'retries' must be at least 0, got -1",
                "\(p):10:48: step 5 (command): 'timeout' must be a duration like 90s, 30m, 2h, 7d or 1w, got '0s'",
            ])
    }

    @Test func errorsDescribeThemselvesAndJoinByLine() throws {
        do {
            _ = try PipelineLoader.parse(yaml: "name: t\nmodel: ctr\nstep: []\n", path: "x.yaml")
            Issue.record("expected errors")
        } catch let errors as PipelineSpecErrors {
            #expect(errors.errors.map(\.line) == [1, 3])
            #expect(
                errors.errors.first
                    == PipelineSpecError(
                        path: "x.yaml", line: 1, column: 1,
                        message: "missing required key 'steps'"))
            #expect(
                errors.description == """
                    x.yaml:1:1: missing required key 'steps'
                    x.yaml:3:1: unknown top-level key 'step' (expected one of: name, model, schedule, drift, performance, steps)
                    """)
        }
        #expect(PipelineSpecError(path: "dir", line: 0, column: 0, message: "gone").description == "dir: gone")
    }

    @Test func driftThresholdMustBePositive() {
        #expect(
            Fixtures.errors("name: t\nmodel: ctr\ndrift: { threshold: 0 }\nsteps: [register]\n") == [
                "\(p):3:21: drift: 'threshold' must be significant, moderate or a PSI above 0, got '0'"
            ])
        #expect(
            Fixtures.errors("name: t\nmodel: ctr\ndrift: daily\nsteps: [register]\n") == [
                "\(p):3:8: 'drift' must be a map of options (threshold, cooldown, check, window), got 'daily'"
            ])
    }

    @Test func extractNeedsExactlyOneSource() {
        #expect(
            Fixtures.errors(Fixtures.pipeline(steps: "  - extract\n")) == [
                "\(p):4:5: step 1 (extract): missing required option 'files' (CSV paths) or 'sql' (with 'database')"
            ])
        #expect(
            Fixtures.errors(Fixtures.pipeline(steps: "  - extract: { files: [a.csv], sql: SELECT 1 }\n")) == [
                "\(p):4:32: step 1 (extract): give either 'files' or 'sql', not both"
            ])
        #expect(
            Fixtures.errors(Fixtures.pipeline(steps: "  - extract: { sql: SELECT 1 }\n")) == [
                "\(p):4:14: step 1 (extract): missing required option 'database' (a postgres:// URL or env:NAME) for 'sql'"
            ])
        #expect(
            Fixtures.errors(Fixtures.pipeline(steps: "  - extract: { sql: SELECT 1, database: mysql://db }\n")) == [
                "\(p):4:41: step 1 (extract): 'database' must be a postgres:// or postgresql:// URL or env:NAME, got 'mysql://db'"
            ])
        #expect(
            Fixtures.errors(Fixtures.pipeline(steps: "  - extract: { files: [], database: env:DB }\n")) == [
                "\(p):4:23: step 1 (extract): 'files' must list at least one CSV file",
                "\(p):4:27: step 1 (extract): 'database' only applies with 'sql'",
            ])
    }

    @Test func expectationErrors() {
        let yaml = Fixtures.pipeline(
            steps: """
                  - validate:
                      expect:
                        - { column: age, min: 10, max: 1 }
                        - { min: 0 }
                        - { column: city }
                        - city

                """)
        #expect(
            Fixtures.errors(yaml) == [
                "\(p):6:40: step 1 (validate): expect item 1: 'max' must be at least 'min' (10.0), got 1.0",
                "\(p):7:11: step 1 (validate): expect item 2: missing required option 'column'",
                "\(p):8:11: step 1 (validate): expect item 3: declares nothing: give 'min', 'max', 'not_null' or 'max_unseen'",
                "\(p):9:11: step 1 (validate): expect item 4 must be a map with 'column' and 'min', 'max', 'not_null' or 'max_unseen', got 'city'",
            ])
    }

    @Test func evaluateAndCanaryRanges() {
        let yaml = Fixtures.pipeline(steps: "  - evaluate: { holdout: 1 }\n  - canary: { min_samples: 0, steps: [] }\n")
        #expect(
            Fixtures.errors(yaml) == [
                "\(p):4:26: step 1 (evaluate): 'holdout' must be between 0 and 1 (exclusive), got 1.0",
                "\(p):5:28: step 2 (canary): rollout plan: field 'min_samples': 0 is below 1",
                "\(p):5:38: step 2 (canary): rollout plan: field 'steps': no steps: list the challenger's traffic per step, ending at 100",
            ])
    }

    @Test func commandEnvNamesAndStepNames() {
        let yaml = Fixtures.pipeline(steps: "  - command: { run: [x], env: { \"BAD-NAME\": 1 }, name: Fit }\n")
        #expect(
            Fixtures.errors(yaml) == [
                "\(p):4:31: step 1 (command): 'env' has 'BAD-NAME', which is not a variable name ([A-Za-z_][A-Za-z0-9_]*)",
                "\(p):4:56: step 1 (command): 'name' must match [a-z0-9][a-z0-9._-]* (lowercase letters, digits, '.', '_', '-'), got 'Fit'",
            ])
    }

    @Test func nullAndNonStepItems() {
        #expect(
            Fixtures.errors(Fixtures.pipeline(steps: "  -\n  - [train]\n")) == [
                "\(p):4:4: step 1 must be a step kind (one of: extract, validate, train, evaluate, register, canary, command) or a one-key map from a kind to its options, got null",
                "\(p):5:5: step 2 must be a step kind (one of: extract, validate, train, evaluate, register, canary, command) or a one-key map from a kind to its options, got a list",
            ])
        #expect(Fixtures.errors("name: t\nmodel:\nsteps: [register]\n") == ["\(p):2:7: 'model' must be a string, got null"])
    }
}
