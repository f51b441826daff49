/// The token name a request acts as, set by the server's access middleware for the handlers
/// below it (nil when access control is off).
public enum RequestActor {
    @TaskLocal public static var name: String?
}
