import MLOpsStore
import MLOpsTime

extension Registry {
    /// Points `alias` at `version`. `champion` and `previous` are managed by promote/rollback.
    public func setAlias(model: String, alias: String, version: Int, actor: String, reason: String? = nil) throws {
        try Names.validateModel(model)
        try Names.validateAlias(alias)
        if alias == WellKnownAlias.champion || alias == WellKnownAlias.previous {
            throw RegistryError.reservedAlias(
                alias: alias, use: alias == WellKnownAlias.champion ? "mlops registry promote" : "mlops registry rollback")
        }
        let now = Clock.nowMilliseconds()
        try database.transaction { connection in
            let store = RegistryStore(connection: connection)
            guard try store.lockModel(model, at: now) else { throw RegistryError.modelNotFound(model) }
            let target = try existingReadyVersion(store: store, model: model, version: version)
            let old = try store.aliasVersion(model: model, alias: alias)
            try store.setAlias(model: model, alias: alias, version: target.version, at: now)
            try store.appendEvent(
                model: model, kind: .aliasSet, version: version, fromVersion: old, alias: alias, actor: actor, reason: reason, at: now)
        }
        logger.info("alias set", metadata: ["model": "\(model)", "alias": "\(alias)", "version": "\(version)", "actor": "\(actor)"])
    }

    /// Removes an alias; `champion` and `previous` cannot be removed by hand.
    public func deleteAlias(model: String, alias: String, actor: String, reason: String? = nil) throws {
        try Names.validateModel(model)
        try Names.validateAlias(alias)
        if alias == WellKnownAlias.champion || alias == WellKnownAlias.previous {
            throw RegistryError.reservedAlias(
                alias: alias, use: alias == WellKnownAlias.champion ? "mlops registry promote" : "mlops registry rollback")
        }
        let now = Clock.nowMilliseconds()
        try database.transaction { connection in
            let store = RegistryStore(connection: connection)
            guard try store.lockModel(model, at: now) else { throw RegistryError.modelNotFound(model) }
            guard let old = try store.aliasVersion(model: model, alias: alias) else {
                throw RegistryError.aliasNotFound(model: model, alias: alias)
            }
            try store.deleteAlias(model: model, alias: alias)
            try store.appendEvent(model: model, kind: .aliasRemoved, fromVersion: old, alias: alias, actor: actor, reason: reason, at: now)
        }
        logger.info("alias removed", metadata: ["model": "\(model)", "alias": "\(alias)", "actor": "\(actor)"])
    }

    /// Makes `version` the champion in one transaction; the old champion becomes `previous`.
    /// Promoting the challenger clears the `challenger` alias.
    @discardableResult
    public func promote(model: String, version: Int, actor: String, reason: String? = nil) throws -> ChampionChange {
        try Names.validateModel(model)
        let now = Clock.nowMilliseconds()
        let change = try database.transaction { connection -> ChampionChange in
            let store = RegistryStore(connection: connection)
            guard try store.lockModel(model, at: now) else { throw RegistryError.modelNotFound(model) }
            _ = try existingReadyVersion(store: store, model: model, version: version)
            let old = try store.aliasVersion(model: model, alias: WellKnownAlias.champion)
            if old == version { throw RegistryError.alreadyChampion(model: model, version: version) }
            try store.setAlias(model: model, alias: WellKnownAlias.champion, version: version, at: now)
            if let old {
                try store.setAlias(model: model, alias: WellKnownAlias.previous, version: old, at: now)
            }
            if try store.aliasVersion(model: model, alias: WellKnownAlias.challenger) == version {
                try store.deleteAlias(model: model, alias: WellKnownAlias.challenger)
            }
            try store.appendEvent(model: model, kind: .promoted, version: version, fromVersion: old, actor: actor, reason: reason, at: now)
            let previous = try store.aliasVersion(model: model, alias: WellKnownAlias.previous)
            return ChampionChange(model: model, champion: version, previous: previous)
        }
        logger.notice(
            "version promoted",
            metadata: [
                "model": "\(model)", "version": "\(version)", "previous": "\(change.previous.map(String.init) ?? "none")", "actor": "\(actor)",
            ])
        return change
    }

    /// Makes `previous` the champion again; the rolled-back champion becomes `previous`.
    @discardableResult
    public func rollback(model: String, actor: String, reason: String? = nil) throws -> ChampionChange {
        try Names.validateModel(model)
        let now = Clock.nowMilliseconds()
        let change = try database.transaction { connection -> ChampionChange in
            let store = RegistryStore(connection: connection)
            guard try store.lockModel(model, at: now) else { throw RegistryError.modelNotFound(model) }
            guard let champion = try store.aliasVersion(model: model, alias: WellKnownAlias.champion) else {
                throw RegistryError.nothingToRollBack(model: model, reason: "it has no champion")
            }
            guard let previous = try store.aliasVersion(model: model, alias: WellKnownAlias.previous) else {
                throw RegistryError.nothingToRollBack(model: model, reason: "no previous champion is recorded")
            }
            guard let target = try store.fetchVersion(model: model, version: previous), target.status == .ready else {
                throw RegistryError.nothingToRollBack(model: model, reason: "the previous champion \(model)/\(previous) is archived")
            }
            try store.setAlias(model: model, alias: WellKnownAlias.champion, version: previous, at: now)
            try store.setAlias(model: model, alias: WellKnownAlias.previous, version: champion, at: now)
            try store.appendEvent(model: model, kind: .rolledBack, version: previous, fromVersion: champion, actor: actor, reason: reason, at: now)
            return ChampionChange(model: model, champion: previous, previous: champion)
        }
        logger.notice(
            "rolled back",
            metadata: [
                "model": "\(model)", "champion": "\(change.champion)", "rolled_back": "\(change.previous ?? 0)", "actor": "\(actor)",
            ])
        return change
    }

    /// Marks a version archived (kept, verifiable, no longer servable). The champion cannot be
    /// archived; other aliases pointing at it are removed.
    public func archive(model: String, version: Int, actor: String, reason: String? = nil) throws {
        try Names.validateModel(model)
        let now = Clock.nowMilliseconds()
        try database.transaction { connection in
            let store = RegistryStore(connection: connection)
            guard try store.lockModel(model, at: now) else { throw RegistryError.modelNotFound(model) }
            guard let target = try store.fetchVersion(model: model, version: version) else {
                throw RegistryError.versionNotFound(model: model, version: version)
            }
            if target.status == .archived { throw RegistryError.versionArchived(model: model, version: version) }
            if try store.aliasVersion(model: model, alias: WellKnownAlias.champion) == version {
                throw RegistryError.championCannotBeArchived(model: model, version: version)
            }
            for alias in try store.aliases(model: model, version: version) {
                try store.deleteAlias(model: model, alias: alias)
                try store.appendEvent(
                    model: model, kind: .aliasRemoved, fromVersion: version, alias: alias, actor: actor, reason: "version archived", at: now)
            }
            try store.setStatus(model: model, version: version, status: .archived)
            try store.appendEvent(model: model, kind: .archived, version: version, actor: actor, reason: reason, at: now)
        }
        logger.info("version archived", metadata: ["model": "\(model)", "version": "\(version)", "actor": "\(actor)"])
    }

    private func existingReadyVersion(store: RegistryStore, model: String, version: Int) throws -> ModelVersion {
        guard let target = try store.fetchVersion(model: model, version: version) else {
            throw RegistryError.versionNotFound(model: model, version: version)
        }
        guard target.status == .ready else { throw RegistryError.versionArchived(model: model, version: version) }
        return target
    }
}
