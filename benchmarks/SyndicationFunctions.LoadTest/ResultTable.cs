using System.Globalization;
using System.Text;

namespace SyndicationFunctions.LoadTest;

/// <summary>One figure of the run, with the baseline it is judged against when it has one.</summary>
public sealed record ResultRow(string Measure, string Value, string? Baseline = null, string? Ratio = null, string? Target = null, bool? Met = null);

/// <summary>The results as a markdown table, ready for docs/PERFORMANCE.md.</summary>
public sealed class ResultTable
{
    private readonly List<ResultRow> _rows = [];

    public void Add(ResultRow row) => _rows.Add(row);

    public static string Number(double value, int decimals = 1) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine("| measure | value | baseline | ratio | target | met |");
        text.AppendLine("| --- | ---: | ---: | ---: | --- | --- |");
        foreach (var row in _rows)
        {
            var met = row.Met switch { true => "yes", false => "**no**", null => "" };
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Measure} | {row.Value} | {row.Baseline} | {row.Ratio} | {row.Target} | {met} |");
        }

        return text.ToString();
    }
}
