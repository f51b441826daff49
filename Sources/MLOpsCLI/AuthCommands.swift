import AccessControl
import ArgumentParser
import Foundation

/// `mlops auth token create | list | revoke`: API tokens for the HTTP API. The CLI works on the
/// store directly, so the first admin token is made here.
struct AuthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auth", abstract: "Manage API tokens for the HTTP API.", subcommands: [TokenCommand.self])

    struct TokenCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token", abstract: "Create, list and revoke API tokens.", subcommands: [Create.self, List.self, Revoke.self])
    }

    struct Create: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Create a token and print it once (only its hash is stored).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The token's name: the actor in histories and rollout events.") var name: String
        @Option(help: "reader, deployer (promote, rollback, rollouts, tracking) or admin (also deletions).") var role: String

        func validate() throws {
            guard Role(rawValue: role) != nil else { throw ValidationError("--role must be reader, deployer or admin") }
        }

        func run() throws {
            let context = try CommandContext(global)
            do {
                let (secret, token) = try TokenStore(database: context.database).create(name: name, role: Role(rawValue: role)!)
                Output.line(secret)
                Output.error("created token '\(token.name)' with role \(token.role.rawValue); it is shown only now")
            } catch let error as AccessError {
                throw CLIFailure(error.description)
            }
        }
    }

    struct List: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "List tokens (names, roles, use; never the secrets).")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print machine-readable JSON.") var json = false

        func run() throws {
            let context = try CommandContext(global)
            let tokens = try TokenStore(database: context.database).list()
            if json {
                try Output.json(
                    tokens.map { token -> [String: AnyEncodable] in
                        [
                            "name": AnyEncodable(token.name), "role": AnyEncodable(token.role.rawValue), "created_at": AnyEncodable(token.createdAt),
                            "revoked_at": AnyEncodable(token.revokedAt), "last_used_at": AnyEncodable(token.lastUsedAt),
                        ]
                    })
                return
            }
            Output.table(
                ["NAME", "ROLE", "CREATED", "LAST USED", "STATE"],
                tokens.map { token in
                    [
                        token.name, token.role.rawValue, Output.time(token.createdAt), token.lastUsedAt.map(Output.time) ?? "-",
                        token.revokedAt.map { "revoked " + Output.time($0) } ?? "live",
                    ]
                })
        }
    }

    struct Revoke: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Revoke a token: its next use fails.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The token's name.") var name: String

        func run() throws {
            let context = try CommandContext(global)
            do { try TokenStore(database: context.database).revoke(name: name) } catch let error as AccessError {
                throw CLIFailure(error.description)
            }
            Output.line("revoked token '\(name)'")
        }
    }
}
