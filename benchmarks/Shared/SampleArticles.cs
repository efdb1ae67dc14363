using SyndicationFunctions.Articles;
using SyndicationFunctions.Ingestion;

namespace SyndicationFunctions.Benchmarks;

/// <summary>
/// Realistic articles for measurements: the seed article as ingestion stores it (parsed, cleaned), copied
/// with a distinct id, title, date and section each, so feeds and listings hold articles of real size.
/// </summary>
public static class SampleArticles
{
    public const string SeedFileName = "turkiye-un-welcomes-istanbul-talks.txt";

    private static readonly ArticleSection[] Sections =
    [
        new("world", "World"), new("business", "Business"), new("science", "Science"),
        new("technology", "Technology"), new("turkiye", "Türkiye"),
    ];

    private static readonly DateTimeOffset Newest = new(2025, 5, 13, 8, 0, 0, TimeSpan.Zero);

    /// <summary>The seed layout text, found beside the binary or in the repository's seeds/ folder.</summary>
    public static string SeedText()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "seeds", SeedFileName);
            if (File.Exists(candidate))
            {
                return File.ReadAllText(candidate);
            }
        }

        throw new FileNotFoundException($"seeds/{SeedFileName} was not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>The seed, parsed as the blob inbox would parse it.</summary>
    public static Article Seed() => new ArticleParser(TimeProvider.System)
        .Parse(SeedText(), ArticleFormat.SeedText, new ArticleSource(ArticleSource.Blob, SeedFileName));

    /// <summary>
    /// Article <paramref name="index"/> of a series: one per minute going back from the seed's date,
    /// sections in turn, so every listing and every section holds a share.
    /// </summary>
    public static Article Numbered(Article seed, int index)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var published = Newest.AddMinutes(-index);
        var title = $"{seed.Title} (part {index})";
        return seed with
        {
            Id = $"{published:yyyy-MM-dd}-sample-{index:D6}",
            Title = title,
            Url = $"https://news.example.org/sample/{index}",
            Published = published,
            Updated = published,
            Section = Sections[index % Sections.Length],
        };
    }

    public static IReadOnlyList<Article> Series(int count)
    {
        var seed = Seed();
        return Enumerable.Range(0, count).Select(i => Numbered(seed, i)).ToList();
    }
}
