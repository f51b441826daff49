import Foundation
import MLOpsTestSupport
import Testing

/// `mlops profile build` and `mlops drift compare` through the real binary.
@Suite struct DriftCLITests {
    @Test func identicalDataIsStableAndShiftedDataIsSignificant() async throws {
        let cli = try CLIHarness(.sqlite)
        let reference = cli.home + "/ref.csv"
        let shifted = cli.home + "/shifted.csv"
        // x uniform on 0..999; the shifted set moves half its mass above the reference range.
        try ("x,label\n" + (0..<1000).map { "\($0),0" }.joined(separator: "\n") + "\n").write(toFile: reference, atomically: true, encoding: .utf8)
        try ("x,label\n" + (0..<1000).map { "\($0 / 2 + 500 + ($0 % 2) * 400),1" }.joined(separator: "\n") + "\n").write(
            toFile: shifted, atomically: true, encoding: .utf8)

        let same = try #require(
            try await cli.json(["drift", "compare", "--reference", reference, "--current", reference, "--json"]) as? [String: Any])
        let overall = try #require(same["overall"] as? [String: Any])
        #expect(overall["verdict"] as? String == "stable" && overall["max_psi"] as? Double == 0)
        let features = try #require(same["features"] as? [[String: Any]])
        #expect(features.map { $0["name"] as? String } == ["x"], "the label column is excluded by default")
        for key in ["name", "kind", "psi", "kl", "js", "csi", "verdict", "quality"] { #expect(features[0][key] != nil, "missing \(key)") }

        let moved = try #require(
            try await cli.json(["drift", "compare", "--reference", reference, "--current", shifted, "--json"]) as? [String: Any])
        #expect((moved["overall"] as? [String: Any])?["verdict"] as? String == "significant")
        let x = try #require((moved["features"] as? [[String: Any]])?.first)
        #expect((x["quality"] as? [String: Any])?["out_of_range"] as? Int == 400)  // odd rows ≥ 201: 900 + ⌊i/2⌋ > 999

        // Exit 0 whatever the verdict; 3 with --fail-on.
        #expect(try await cli.run(["drift", "compare", "--reference", reference, "--current", shifted], global: false).status == 0)
        #expect(
            try await cli.run(["drift", "compare", "--reference", reference, "--current", shifted, "--fail-on", "significant"], global: false).status
                == 3)
        #expect(
            try await cli.run(["drift", "compare", "--reference", reference, "--current", reference, "--fail-on", "moderate"], global: false).status
                == 0)

        // --html writes one self-contained page beside the usual output.
        let html = cli.home + "/report.html"
        #expect(try await cli.run(["drift", "compare", "--reference", reference, "--current", shifted, "--html", html], global: false).status == 0)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("<svg") && page.contains("significant") && !page.contains("<script"))

        // A saved profile gives the same numbers as the reference CSV.
        let profile = cli.home + "/profile.json"
        #expect(try await cli.run(["profile", "build", reference, "--out", profile], global: false).status == 0)
        let viaProfile = try #require(
            try await cli.json(["drift", "compare", "--profile", profile, "--current", shifted, "--json"]) as? [String: Any])
        #expect(((viaProfile["features"] as? [[String: Any]])?.first?["psi"] as? Double) == (x["psi"] as? Double))
    }

    @Test func hostileInputGivesClearAnswers() async throws {
        let cli = try CLIHarness(.sqlite)
        let reference = cli.home + "/ref.csv"
        try "a,b\n1,x\n2,y\n3,x\n".write(toFile: reference, atomically: true, encoding: .utf8)
        let textInNumbers = cli.home + "/text.csv"
        try "a,b,extra\nfoo,x,1\n,z,2\n".write(toFile: textInNumbers, atomically: true, encoding: .utf8)
        let result = try await cli.run(["drift", "compare", "--reference", reference, "--current", textInNumbers, "--json"], global: false)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let a = try #require((report["features"] as? [[String: Any]])?.first { $0["name"] as? String == "a" })
        #expect((a["quality"] as? [String: Any])?["non_numeric"] as? Int == 1)
        #expect(((report["schema"] as? [String: Any])?["extra_columns"] as? [String]) == ["extra"])

        let empty = cli.home + "/empty.csv"
        try "".write(toFile: empty, atomically: true, encoding: .utf8)
        let failed = try await cli.run(["drift", "compare", "--reference", empty, "--current", reference], global: false)
        #expect(failed.status == 1 && failed.stderr.contains("empty.csv"))
        let ragged = cli.home + "/ragged.csv"
        try "a,b\n1\n".write(toFile: ragged, atomically: true, encoding: .utf8)
        let bad = try await cli.run(["drift", "compare", "--reference", reference, "--current", ragged], global: false)
        #expect(bad.status == 1 && bad.stderr.contains("ragged.csv:2"), "\(bad.stderr)")
        #expect(try await cli.run(["drift", "compare", "--current", reference], global: false).status == 2)
    }
}

/// Odd but legal inputs get ordinary answers; impossible ones a clear error.
@Suite struct DriftCLIEdgeCaseTests {
    func write(_ cli: CLIHarness, _ name: String, _ text: String) throws -> String {
        let path = cli.home + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func oneRowAllMissingAndTenThousandCategoriesAreOrdinaryReports() async throws {
        let cli = try CLIHarness(.sqlite)
        let one = try write(cli, "one.csv", "x,gone,city\n3,,a\n")
        let many = try write(cli, "many.csv", "x,gone,city\n" + (0..<10_000).map { "\($0),NA,c\($0)" }.joined(separator: "\n") + "\n")
        let report = try #require(try await cli.json(["drift", "compare", "--reference", one, "--current", many, "--json"]) as? [String: Any])
        let features = try #require(report["features"] as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: features.map { ($0["name"] as! String, $0) })
        #expect(byName["x"]?["insufficient_data"] as? Bool == true, "one reference row cannot trigger anything")
        #expect((byName["gone"]?["quality"] as? [String: Any])?["current_missing"] as? Int == 10_000)
        #expect(byName["gone"]?["psi"] as? Double == 0, "all missing on both sides is no drift")
        let city = try #require(byName["city"]?["quality"] as? [String: Any])
        #expect(city["unseen_rows"] as? Int == 10_000 && city["unseen_distinct"] as? Int == 10_000)
        #expect((report["overall"] as? [String: Any])?["triggers_retraining"] as? Bool == false)
    }

    @Test func declaredCategoricalColumnsAndHeaderOnlyFiles() async throws {
        let cli = try CLIHarness(.sqlite)
        let reference = try write(cli, "ref.csv", "code,v\n" + (0..<300).map { "\($0 % 3),\($0)" }.joined(separator: "\n") + "\n")
        let current = try write(cli, "cur.csv", "code,v\n" + (0..<300).map { "\($0 % 4),\($0)" }.joined(separator: "\n") + "\n")
        let profile = cli.home + "/p.json"
        #expect(try await cli.run(["profile", "build", reference, "--out", profile, "--categorical", "code"], global: false).status == 0)
        let report = try #require(try await cli.json(["drift", "compare", "--profile", profile, "--current", current, "--json"]) as? [String: Any])
        let code = try #require((report["features"] as? [[String: Any]])?.first { $0["name"] as? String == "code" })
        #expect(code["kind"] as? String == "categorical")
        #expect((code["quality"] as? [String: Any])?["unseen_rows"] as? Int == 75, "code 3 was never seen")
        let unknown = try await cli.run(["profile", "build", reference, "--out", profile, "--categorical", "nope"], global: false)
        #expect(unknown.status == 2 && unknown.stderr.contains("--categorical nope"), "\(unknown.stderr)")

        let headerOnly = try write(cli, "header.csv", "code,v\n")
        let failed = try await cli.run(["drift", "compare", "--reference", reference, "--current", headerOnly], global: false)
        #expect(failed.status == 1 && failed.stderr.contains("code"), "\(failed.stderr)")
    }
}
