import DriftMetrics
import Testing

/// The example in docs/drift.md, kept compiling and true.
@Suite struct DocumentationExampleTests {
    @Test func docsExampleRuns() throws {
        let trainingValues = (0..<10_000).map { Double($0 % 100) }
        let servedValues = (0..<10_000).map { Double($0 % 100) + 30 }
        let reference = ProfileBuilder.numeric(trainingValues, bins: 10)
        var live = BinCounts(zeros: reference.binCount)
        try live.merge(reference.count(servedValues))
        let drift = try DriftComparer.compare(name: "f3", profile: reference, current: live)
        #expect(drift.psi > 0.25 && drift.verdict == .significant && !drift.insufficientData)
        #expect(try DriftComparer.compare(name: "f3", profile: reference, current: reference.referenceCounts).psi == 0)
    }
}
