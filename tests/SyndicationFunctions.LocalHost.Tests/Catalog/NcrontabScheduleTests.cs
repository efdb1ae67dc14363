using SyndicationFunctions.LocalHost.Catalog;

namespace SyndicationFunctions.LocalHost.Tests.Catalog;

public sealed class NcrontabScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 10, 15, 30, TimeSpan.Zero); // a Thursday

    [Theory]
    [InlineData("0 17 3 * * *", "2026-12-04T03:17:00Z")]
    [InlineData("*/10 * * * * *", "2026-12-03T10:15:40Z")]
    [InlineData("0 */5 * * * *", "2026-12-03T10:20:00Z")]
    [InlineData("0 0 9-17 * * 1-5", "2026-12-03T11:00:00Z")]
    [InlineData("0 0 0 * * 0", "2026-12-06T00:00:00Z")]
    [InlineData("0 30 9 1 1 *", "2027-01-01T09:30:00Z")]
    [InlineData("15,45 * * * * *", "2026-12-03T10:15:45Z")]
    public void Next_Expression_FirstOccurrenceAfter(string expression, string expected)
        => Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), NcrontabSchedule.Parse(expression).Next(Start));

    [Theory]
    [InlineData("0 17 3 * *")]
    [InlineData("0 61 * * * *")]
    [InlineData("0 * * * * MON")]
    [InlineData("*/0 * * * * *")]
    public void Parse_NotSixValidFields_Throws(string expression)
        => Assert.Throws<FormatException>(() => NcrontabSchedule.Parse(expression));
}
