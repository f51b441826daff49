import CronSchedule
import Foundation
import MLOpsTime
import TabularData
import Testing

/// Unix seconds of an ISO-8601 UTC timestamp written in a test; traps on a typo.
func utc(_ text: String) -> Int64 {
    guard let t = UTCTime.parseISO8601(text) else { fatalError("bad timestamp in test: \(text)") }
    return t
}

/// A parsed schedule; traps if the test's expression does not parse.
func cron(_ text: String) -> CronSchedule {
    do { return try CronSchedule(parsing: text) } catch { fatalError("\(error)") }
}

/// A slot as ISO-8601 text, or "nil", so failures read as dates.
func iso(_ t: Int64?) -> String {
    t.map(UTCTime.iso8601) ?? "nil"
}

/// The calendar fields of one minute, as an independent oracle sees them.
struct MinuteFields {
    var minute: Int
    var hour: Int
    var day: Int
    var month: Int
    /// 0 = Sunday.
    var weekday: Int
}

/// A brute-force slot finder: walks minute by minute and asks a hand-written predicate, with civil
/// fields from Foundation's Gregorian calendar in UTC (independent of the module's arithmetic).
struct BruteForceOracle {
    let predicate: (MinuteFields) -> Bool
    private let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    init(_ predicate: @escaping (MinuteFields) -> Bool) { self.predicate = predicate }

    /// The day's (day, month, weekday) from Foundation.
    private func dayFields(_ day: Int64) -> (Int, Int, Int) {
        let date = Date(timeIntervalSince1970: TimeInterval(day * 86_400))
        let c = calendar.dateComponents([.day, .month, .weekday], from: date)
        return (c.day!, c.month!, c.weekday! - 1)
    }

    /// Scans `count` minutes from the whole minute `start` in direction `step` (±1) for a match.
    func scan(from start: Int64, step: Int64, count: Int) -> Int64? {
        var cachedDay = Int64.min
        var fields = (0, 0, 0)
        var t = start
        for _ in 0..<count {
            let day = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
            if day != cachedDay {
                cachedDay = day
                fields = dayFields(day)
            }
            let second = Int(t - day * 86_400)
            let m = MinuteFields(
                minute: second % 3600 / 60, hour: second / 3600,
                day: fields.0, month: fields.1, weekday: fields.2)
            if predicate(m) { return t }
            t += step * 60
        }
        return nil
    }
}
