using SyndicationFunctions.Storage;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Feeds;

namespace SyndicationFunctions.Tests.Feeds;

/// <summary>The seed article (seeds/turkiye-un-welcomes-istanbul-talks.txt) as ingestion stores it, and feeds around it.</summary>
internal static class FeedSamples
{
    public static readonly Uri Home = new("https://news.example.org/api/summary");

    public static Article SeedArticle() => new()
    {
        Id = "2025-05-13-un-human-rights-office-welcomes-possible-russia-ukraine-talks-in-istanbul",
        Title = "UN human rights office welcomes possible Russia-Ukraine talks in Istanbul",
        Summary = "Turkish metropolis previously hosted a series of talks in March 2022 – just after the conflict began – aimed at finding common ground to end the armed conflict.",
        ContentHtml = "<p>The UN human rights office has welcomed the possible resumption of direct talks between Russia and Ukraine in Istanbul.</p>\n<p>If confirmed, it would be the most advanced stage since March 2022, when Türkiye previously brought both sides together.</p>",
        Url = "https://www.trtworld.com/turkiye/un-human-rights-office-welcomes-possible-russia-ukraine-talks",
        Published = new DateTimeOffset(2025, 5, 13, 8, 0, 0, TimeSpan.Zero),
        Updated = new DateTimeOffset(2025, 5, 13, 9, 30, 15, 250, TimeSpan.Zero),
        Section = new ArticleSection("turkiye", "Türkiye"),
        Tags = ["Russia", "Ukraine", "Istanbul"],
        Authors = [new ArticleAuthor("Seif Magango", "seif.magango@example.org")],
        Image = new ArticleImage("https://cdn.example.org/images/istanbul-talks.jpg", "The Turkish metropolis previously hosted a series of talks in March 2022.", "AA"),
        Language = "en",
        WordCount = 420,
        ReadingMinutes = 2,
        Source = new ArticleSource(ArticleSource.Blob, "turkiye-un-welcomes-istanbul-talks.txt"),
    };

    public static FeedDocument Feed(string format, params Article[] articles) => new(
        Id: FeedIds.ForFeed(FeedScope.Every),
        Title: "World news",
        Description: "Newest articles from every section",
        SelfUrl: new Uri($"https://news.example.org/api/feeds/{format}"),
        HomeUrl: Home,
        NextUrl: null,
        Language: "en",
        Updated: new DateTimeOffset(2025, 5, 13, 9, 0, 0, TimeSpan.Zero),
        Entries: articles.Select(article => new FeedEntry(article, LinkOf(article))).ToList());

    public static Uri LinkOf(Article article)
        => new(article.Url ?? "https://news.example.org/api/articles/" + Uri.EscapeDataString(article.Id));

    public static IFeedWriter[] Writers() => [new RssFeedWriter(), new AtomFeedWriter(), new JsonFeedWriter()];
}
