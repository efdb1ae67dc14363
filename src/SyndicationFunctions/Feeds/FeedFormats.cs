using System.Diagnostics.CodeAnalysis;

namespace SyndicationFunctions.Feeds;

/// <summary>The feed formats by route name (<c>rss</c>, <c>atom</c>, <c>json</c>); anything else is a 404.</summary>
public sealed class FeedFormats
{
    private readonly Dictionary<string, IFeedWriter> _writers;

    public FeedFormats(IEnumerable<IFeedWriter> writers)
    {
        ArgumentNullException.ThrowIfNull(writers);
        // Route values are matched case-insensitively, as the host matches the literal parts of routes.
        _writers = writers.ToDictionary(writer => writer.Format, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The route names, in registration order: for links such as the summary's <c>feeds</c>.</summary>
    public IReadOnlyCollection<string> Names => _writers.Keys;

    public bool TryGet(string? format, [NotNullWhen(true)] out IFeedWriter? writer)
    {
        writer = null;
        return format is not null && _writers.TryGetValue(format, out writer);
    }
}
