namespace SyndicationFunctions.Tests.Ingestion;

/// <summary>A clock that always says the same instant, so "now" in parsed articles is deterministic.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public FixedClock()
        : this(Now)
    {
    }

    public override DateTimeOffset GetUtcNow() => now;
}
