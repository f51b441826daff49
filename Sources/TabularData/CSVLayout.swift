/// The header of a CSV input and which dataset slot each of its columns feeds.
struct CSVLayout: Sendable {
    /// Every column name in the header, trimmed, in file order.
    let header: [String]
    /// Per CSV column: the feature index it feeds, or -1 when it is not a feature.
    let featureSlot: [Int32]
    /// The CSV column index of the label, or -1 without labels.
    let labelColumn: Int
    /// Feature names, in dataset order.
    let featureNames: [String]
    /// Per feature (dataset order): whether its cells are read as category text.
    let categorical: [Bool]
    /// Byte offset just past the header line.
    let dataStart: Int
    /// The 1-based line number of the first line after the header.
    let firstDataLine: Int

    var columnCount: Int { header.count }

    /// Reads the header (the first non-blank line) and resolves the options against it.
    init(_ base: UnsafePointer<UInt8>, count: Int, file: String, options: CSVReadOptions) throws(DatasetError) {
        var p = 0
        if count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { p = 3 }  // UTF-8 BOM
        var line = 1
        // Skip blank lines before the header.
        while true {
            var q = p
            while q < count, CSVCell.isBlank(base[q]) { q += 1 }
            if q >= count { throw .empty(file: file) }
            if base[q] != CSVCell.lf { break }
            p = q + 1
            line += 1
        }
        let headerLine = line
        var names: [String] = []
        var scratch: [UInt8] = []
        while true {
            let field = try CSVFieldScanner.field(
                base, from: p, to: count, line: &line, scratch: &scratch,
                file: file, recordLine: headerLine, column: "#\(names.count + 1)")
            names.append(String(decoding: CSVFieldScanner.trimmed(field.text), as: UTF8.self))
            p = field.end
            if p >= count { break }
            p += 1
            if base[p - 1] == CSVCell.lf {
                line += 1
                break
            }
        }
        self.header = names
        self.dataStart = p
        self.firstDataLine = line

        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() {
            if index[name] != nil {
                throw .malformed(
                    file: file, line: headerLine, column: name,
                    message: "duplicate column name '\(name)' in the header")
            }
            index[name] = i
        }
        if let label = options.labelColumn {
            guard let column = index[label] else { throw .missingColumn(file: file, column: label) }
            labelColumn = column
        } else {
            labelColumn = -1
        }
        for (role, listed) in [("categorical", options.categoricalColumns), ("exclude", options.excludedColumns)] {
            if let unknown = listed.sorted().first(where: { index[$0] == nil }) {
                throw .unknownColumn(file: file, column: unknown, role: role)
            }
        }
        if let label = options.labelColumn, options.categoricalColumns.contains(label) {
            throw .malformed(file: file, line: headerLine, column: label, message: "the label column cannot be categorical")
        }
        var slots = [Int32](repeating: -1, count: names.count)
        var features: [String] = []
        if let wanted = options.featureColumns {
            for name in wanted {
                guard let column = index[name] else { throw .missingColumn(file: file, column: name) }
                if slots[column] >= 0 {
                    throw .shape("featureColumns lists '\(name)' more than once")
                }
                slots[column] = Int32(features.count)
                features.append(name)
            }
        } else {
            for (column, name) in names.enumerated()
            where column != labelColumn && !options.ignoredColumns.contains(name) && !options.excludedColumns.contains(name) {
                slots[column] = Int32(features.count)
                features.append(name)
            }
        }
        self.featureSlot = slots
        self.featureNames = features
        self.categorical = features.map { options.categoricalColumns.contains($0) }
    }
}
