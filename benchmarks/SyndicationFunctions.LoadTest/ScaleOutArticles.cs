using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Benchmarks;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.LoadTest;

/// <summary>
/// New articles for the write and bulk benchmarks: the seed article's content (so sanitising is paid, as in the
/// ingest figure), each with its own id, one of <paramref name="sections"/> sections in turn and three of
/// <paramref name="tags"/> tags, published in the past so each is public (and in the change feed) at once.
/// <paramref name="paragraphs"/>, when given, keeps only the body's first paragraphs: smaller articles, for files that must
/// fit a size limit.
/// </summary>
public sealed class ScaleOutArticles(int sections, int tags, int? paragraphs = null)
{
    private readonly Article _seed = Shortened(SampleArticles.Seed(), paragraphs);

    public int Sections => sections;

    /// <summary>The slug of the section article <paramref name="index"/> is in.</summary>
    public string SectionSlug(int index) => "section-" + (index % sections).ToString("D2", CultureInfo.InvariantCulture);

    public Article Article(string idPrefix, int index)
    {
        var numbered = SampleArticles.Numbered(_seed, index);
        var section = index % sections;
        return numbered with
        {
            Id = $"{idPrefix}-{index:D6}",
            Section = new ArticleSection(SectionSlug(index), "Section " + section.ToString("D2", CultureInfo.InvariantCulture)),
            Tags = [Tag(index * 7), Tag((index * 13) + 1), Tag((index * 31) + 2)],
        };
    }

    /// <summary>The JSON a publisher posts for the article (POST /api/articles, a batch item, an NDJSON line).</summary>
    public byte[] Json(string idPrefix, int index) => PublisherJson(Article(idPrefix, index));

    /// <summary>The JSON a publisher posts for <paramref name="article"/>: its own fields, the section by name.</summary>
    public static byte[] PublisherJson(Article article) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        article.Id,
        article.Title,
        article.Summary,
        article.ContentHtml,
        article.Url,
        article.Published,
        Section = article.Section.Name,
        article.Tags,
        article.Authors,
        article.Image,
        article.Related,
        article.Language,
    }, ArticleJson.Options);

    /// <summary>An entity of the article row's own shape and size, as the ingest figure's raw upserts write (one partition).</summary>
    public TableEntity RawEntity(string idPrefix, int index)
    {
        var article = Article(idPrefix, index);
        var fingerprint = ArticleFingerprint.Compute(article);
        var entity = new TableEntity(ArticleKeys.PartitionOf(article.Id), ArticleKeys.Article(article.Id));
        ArticleEntityCodec.Write(entity, article, fingerprint, ArticleEntityCodec.Encode(article, fingerprint));
        return entity;
    }

    private static Article Shortened(Article seed, int? paragraphs)
    {
        var end = 0;
        for (var kept = 0; kept < paragraphs && end >= 0; kept++)
        {
            end = seed.ContentHtml.IndexOf("</p>", end, StringComparison.Ordinal) is var at and >= 0 ? at + "</p>".Length : -1;
        }

        return paragraphs is null || end <= 0 ? seed : seed with { ContentHtml = seed.ContentHtml[..end] };
    }

    private string Tag(int n) => "tag-" + (n % tags).ToString("D3", CultureInfo.InvariantCulture);
}
