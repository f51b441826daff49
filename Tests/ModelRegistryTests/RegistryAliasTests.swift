import Foundation
import MLOpsTestSupport
import Testing

@testable import ModelRegistry

@Suite struct RegistryAliasTests {
    @Test(arguments: TestBackend.available)
    func promoteMovesTheOldChampionToPreviousAndRollbackSwapsBack(backend: TestBackend) throws {
        let f = try RegistryFixture(backend)
        try f.seed(versions: 3)
        let r = f.registry
        #expect(try r.promote(model: "ctr", version: 1, actor: "alice", reason: "first") == ChampionChange(model: "ctr", champion: 1, previous: nil))
        #expect(
            try r.promote(model: "ctr", version: 2, actor: "alice", reason: "better auc") == ChampionChange(model: "ctr", champion: 2, previous: 1))
        #expect(try r.resolve("ctr@champion").version == 2)
        #expect(try r.resolve("ctr@previous").version == 1)

        #expect(try r.rollback(model: "ctr", actor: "bob", reason: "ctr dropped") == ChampionChange(model: "ctr", champion: 1, previous: 2))
        #expect(try r.resolve("ctr@champion").version == 1)
        #expect(try r.resolve("ctr@previous").version == 2)
        // A second rollback undoes the first.
        try r.rollback(model: "ctr", actor: "bob")
        #expect(try r.resolve("ctr@champion").version == 2)

        try r.promote(model: "ctr", version: 3, actor: "carol")
        #expect(try r.model("ctr").aliases == ["champion": 3, "previous": 2])
        #expect(try r.resolve("ctr/3").aliases == ["champion"])

        let history = try r.history(model: "ctr").filter { [.promoted, .rolledBack].contains($0.kind) }
        #expect(history.map(\.kind) == [.promoted, .promoted, .rolledBack, .rolledBack, .promoted])
        #expect(history.map(\.version) == [1, 2, 1, 2, 3])
        #expect(history.map(\.fromVersion) == [nil, 1, 2, 1, 2])
        #expect(history.map(\.actor) == ["alice", "alice", "bob", "bob", "carol"])
        #expect(history[2].reason == "ctr dropped")
    }

    @Test(arguments: TestBackend.available)
    func rollbackFailsClearlyWithNothingToRollBackTo(backend: TestBackend) throws {
        let f = try RegistryFixture(backend)
        try f.seed(versions: 2)
        do {
            try f.registry.rollback(model: "ctr", actor: "t")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("no champion"))
        }
        try f.registry.promote(model: "ctr", version: 1, actor: "t")
        do {
            try f.registry.rollback(model: "ctr", actor: "t")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("no previous champion"))
        }
        #expect(try f.registry.resolve("ctr@champion").version == 1)
    }

    @Test(arguments: TestBackend.available)
    func promoteRefusesMissingArchivedAndCurrentChampion(backend: TestBackend) throws {
        let f = try RegistryFixture(backend)
        try f.seed(versions: 2)
        #expect(throws: RegistryError.versionNotFound(model: "ctr", version: 9)) { try f.registry.promote(model: "ctr", version: 9, actor: "t") }
        #expect(throws: RegistryError.modelNotFound("other")) { try f.registry.promote(model: "other", version: 1, actor: "t") }
        try f.registry.promote(model: "ctr", version: 1, actor: "t")
        #expect(throws: RegistryError.alreadyChampion(model: "ctr", version: 1)) { try f.registry.promote(model: "ctr", version: 1, actor: "t") }
        try f.registry.archive(model: "ctr", version: 2, actor: "t")
        #expect(throws: RegistryError.versionArchived(model: "ctr", version: 2)) { try f.registry.promote(model: "ctr", version: 2, actor: "t") }
        #expect(try f.registry.resolve("ctr@champion").version == 1)
    }

    @Test(arguments: TestBackend.available)
    func championCannotBeArchivedAndArchivingDropsOtherAliases(backend: TestBackend) throws {
        let f = try RegistryFixture(backend)
        try f.seed(versions: 3)
        try f.registry.promote(model: "ctr", version: 1, actor: "t")
        try f.registry.promote(model: "ctr", version: 2, actor: "t")
        try f.registry.setAlias(model: "ctr", alias: "staging", version: 1, actor: "t")
        #expect(throws: RegistryError.championCannotBeArchived(model: "ctr", version: 2)) {
            try f.registry.archive(model: "ctr", version: 2, actor: "t")
        }
        try f.registry.archive(model: "ctr", version: 1, actor: "t", reason: "superseded")
        let v1 = try f.registry.resolve("ctr/1")
        #expect(v1.status == .archived && v1.aliases.isEmpty)
        #expect(throws: RegistryError.versionArchived(model: "ctr", version: 1)) { try f.registry.archive(model: "ctr", version: 1, actor: "t") }
        // With 'previous' gone, there is nothing to roll back to.
        #expect(throws: RegistryError.self) { try f.registry.rollback(model: "ctr", actor: "t") }
        // Latest skips archived versions only when they are the newest.
        #expect(try f.registry.resolve("ctr").version == 3)
        let kinds = try f.registry.history(model: "ctr").suffix(3).map(\.kind)
        #expect(kinds == [.aliasRemoved, .aliasRemoved, .archived])
    }

    @Test(arguments: TestBackend.available)
    func aliasesCanBeSetMovedAndDeletedButReservedOnesAreGuarded(backend: TestBackend) throws {
        let f = try RegistryFixture(backend)
        try f.seed(versions: 2)
        try f.registry.setAlias(model: "ctr", alias: "challenger", version: 1, actor: "t")
        try f.registry.setAlias(model: "ctr", alias: "challenger", version: 2, actor: "t", reason: "retrained")
        #expect(try f.registry.resolve("ctr@challenger").version == 2)
        for reserved in ["champion", "previous"] {
            #expect(throws: RegistryError.self) { try f.registry.setAlias(model: "ctr", alias: reserved, version: 1, actor: "t") }
            #expect(throws: RegistryError.self) { try f.registry.deleteAlias(model: "ctr", alias: reserved, actor: "t") }
        }
        #expect(throws: RegistryError.self) { try f.registry.setAlias(model: "ctr", alias: "9lives", version: 1, actor: "t") }
        #expect(throws: RegistryError.versionNotFound(model: "ctr", version: 5)) {
            try f.registry.setAlias(model: "ctr", alias: "x", version: 5, actor: "t")
        }
        // Promoting the challenger clears the challenger alias.
        try f.registry.promote(model: "ctr", version: 2, actor: "t")
        #expect(throws: RegistryError.aliasNotFound(model: "ctr", alias: "challenger")) { try f.registry.resolve("ctr@challenger") }
        try f.registry.setAlias(model: "ctr", alias: "shadow", version: 1, actor: "t")
        try f.registry.deleteAlias(model: "ctr", alias: "shadow", actor: "t")
        #expect(throws: RegistryError.aliasNotFound(model: "ctr", alias: "shadow")) {
            try f.registry.deleteAlias(model: "ctr", alias: "shadow", actor: "t")
        }
        let aliasEvents = try f.registry.history(model: "ctr").filter { $0.alias != nil }
        #expect(aliasEvents.map(\.kind) == [.aliasSet, .aliasSet, .aliasSet, .aliasRemoved])
        #expect(aliasEvents[1].fromVersion == 1 && aliasEvents[1].version == 2 && aliasEvents[1].reason == "retrained")
    }
}
