import Foundation
import MLOpsStore
import MLOpsTestSupport
import Testing

@testable import ModelRegistry

/// Parallel writers on the same model: version numbers without gaps or duplicates, and
/// concurrent promotes that leave exactly one consistent result.
@Suite struct RegistryConcurrencyTests {
    @Test(arguments: TestBackend.available)
    func parallelRegistrationsGetDistinctGaplessVersions(backend: TestBackend) throws {
        let f = try RegistryFixture(backend)
        try f.registry.createModel("ctr", actor: "t")
        let directories = try (0..<8).map { try f.modelDirectory("p\($0)") }
        let results = Collected<Int>()
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            results.append(Result { try f.registry.register(model: "ctr", directory: directories[i], actor: "worker-\(i)").version })
        }
        let versions = try results.values().map { try $0.get() }.sorted()
        #expect(versions == Array(1...8))
        #expect(try f.registry.versions(model: "ctr").map(\.version) == Array(1...8))
        #expect(try f.registry.model("ctr").latestVersion == 8)
    }

    @Test(arguments: TestBackend.available)
    func concurrentPromotesLeaveOneConsistentResult(backend: TestBackend) throws {
        for round in 0..<3 {
            let f = try RegistryFixture(backend)
            try f.seed(model: "m\(round)", versions: 3)
            try f.registry.promote(model: "m\(round)", version: 1, actor: "t")
            let results = Collected<ChampionChange>()
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                results.append(Result { try f.registry.promote(model: "m\(round)", version: 2 + i, actor: "p\(i)") })
            }
            let outcomes = results.values()
            #expect(outcomes.allSatisfy { (try? $0.get()) != nil }, "both promotes succeed, one after the other: \(outcomes)")
            let model = try f.registry.model("m\(round)")
            let champion = try #require(model.aliases["champion"])
            let previous = try #require(model.aliases["previous"])
            #expect([2, 3].contains(champion))
            // The promote that ran second saw the first one's champion.
            let promotions = try f.registry.history(model: "m\(round)").filter { $0.kind == .promoted }
            #expect(promotions.count == 3)
            #expect(promotions.last?.version == champion)
            #expect(promotions.last?.fromVersion == previous)
            #expect(promotions[1].fromVersion == 1)
            #expect(promotions[2].fromVersion == promotions[1].version)
        }
    }
}

/// Results gathered from concurrent workers.
final class Collected<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Result<T, Error>] = []
    func append(_ item: Result<T, Error>) {
        lock.lock()
        items.append(item)
        lock.unlock()
    }
    func values() -> [Result<T, Error>] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}
