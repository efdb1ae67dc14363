using System.Globalization;

namespace SyndicationFunctions.LocalHost.Catalog;

/// <summary>
/// A timer trigger's schedule as the Functions host reads it: six NCRONTAB fields, <c>{second} {minute} {hour} {day}
/// {month} {day-of-week}</c>, each <c>*</c>, a number, a range <c>a-b</c>, a step <c>*/n</c> or <c>a-b/n</c>, or a
/// comma list of those; day-of-week 0-6 from Sunday. (Month and day names are not read: use numbers.)
/// </summary>
public sealed class NcrontabSchedule
{
    private readonly bool[][] _fields;

    private NcrontabSchedule(bool[][] fields, string expression) => (_fields, Expression) = (fields, expression);

    public string Expression { get; }

    private static readonly (int Min, int Max)[] Ranges = [(0, 59), (0, 59), (0, 23), (1, 31), (1, 12), (0, 6)];

    public static NcrontabSchedule Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var parts = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 6)
        {
            throw new FormatException($"'{expression}' is not a six-field NCRONTAB schedule ({{second}} {{minute}} {{hour}} {{day}} {{month}} {{day-of-week}}).");
        }

        var fields = new bool[6][];
        for (var i = 0; i < 6; i++)
        {
            var (min, max) = Ranges[i];
            fields[i] = new bool[max + 1];
            foreach (var item in parts[i].Split(','))
            {
                var (range, step) = item.Split('/') switch
                {
                    [var r] => (r, 1),
                    [var r, var s] when int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 => (r, n),
                    _ => throw new FormatException($"'{item}' in '{expression}' is not a valid step."),
                };
                var (from, to) = range == "*" ? (min, max) : range.Split('-') switch
                {
                    [var a] => (Number(a, min, max, expression), step > 1 ? max : Number(a, min, max, expression)),
                    [var a, var b] => (Number(a, min, max, expression), Number(b, min, max, expression)),
                    _ => throw new FormatException($"'{range}' in '{expression}' is not a valid range."),
                };
                for (var value = from; value <= to; value += step)
                {
                    fields[i][value] = true;
                }
            }
        }

        return new NcrontabSchedule(fields, expression);
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/> (whole seconds, UTC), within five years.</summary>
    public DateTimeOffset Next(DateTimeOffset after)
    {
        var t = new DateTimeOffset(after.UtcTicks - (after.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(1);
        var limit = t.AddYears(5);
        while (t < limit)
        {
            if (!_fields[4][t.Month] || !_fields[3][t.Day] || !_fields[5][(int)t.DayOfWeek])
            {
                t = new DateTimeOffset(t.Year, t.Month, t.Day, 0, 0, 0, TimeSpan.Zero).AddDays(1);
            }
            else if (!_fields[2][t.Hour])
            {
                t = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
            }
            else if (!_fields[1][t.Minute])
            {
                t = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero).AddMinutes(1);
            }
            else if (!_fields[0][t.Second])
            {
                t = t.AddSeconds(1);
            }
            else
            {
                return t;
            }
        }

        throw new InvalidOperationException($"'{Expression}' has no occurrence within five years.");
    }

    private static int Number(string text, int min, int max, string expression)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new FormatException($"'{text}' in '{expression}' is not a number from {min} to {max}.");
}
