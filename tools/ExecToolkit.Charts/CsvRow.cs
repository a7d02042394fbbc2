using System.Globalization;

namespace ExecToolkit.Charts;

/// <summary>One row of a measurement CSV: a header line names the columns, values are read by name.</summary>
internal sealed class CsvRow
{
    private readonly Dictionary<string, string> values;
    private readonly int line;

    private CsvRow(Dictionary<string, string> values, int line)
    {
        this.values = values;
        this.line = line;
    }

    /// <summary>The rows of a CSV without quoting (the scripts write none): the first line is the header.</summary>
    /// <exception cref="FormatException">No header, a row with another number of fields, or no rows.</exception>
    public static IReadOnlyList<CsvRow> Read(string path)
    {
        string[] lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToArray();
        if (lines.Length < 2)
        {
            throw new FormatException(path + ": no measurements (a header line and at least one row are expected)");
        }

        string[] header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        var rows = new List<CsvRow>();
        for (int i = 1; i < lines.Length; i++)
        {
            string[] fields = lines[i].Split(',');
            if (fields.Length != header.Length)
            {
                throw new FormatException($"{path}:{i + 1}: {fields.Length} fields where the header has {header.Length}");
            }

            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int k = 0; k < header.Length; k++)
            {
                row[header[k]] = fields[k].Trim();
            }

            rows.Add(new CsvRow(row, i + 1));
        }

        return rows;
    }

    public string Text(string column)
        => values.TryGetValue(column, out string? value) ? value : throw new FormatException($"line {line}: no column '{column}'");

    /// <summary>A number; NaN for a value the script could not measure ("?", empty).</summary>
    public double Number(string column)
    {
        string text = Text(column);
        if (text is "" or "?" or "-")
        {
            return double.NaN;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new FormatException($"line {line}: '{text}' in column '{column}' is not a number");
    }
}
