using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using SyndicationFunctions.Articles;
using SyndicationFunctions.Http;
using SyndicationFunctions.Storage;

namespace SyndicationFunctions.Ingestion;

/// <summary>
/// What became of one item of a batch, shaped like the answer POST /api/articles would have given it:
/// 201 created, 200 updated or unchanged (<see cref="Outcome"/> says which), 400 invalid (with the
/// problem's title, detail and field errors), 503 not stored because storage did not answer (send it again).
/// </summary>
/// <param name="Line">The item's 1-based line in an NDJSON body or file; null for a JSON array.</param>
public sealed record BatchItemResult(
    int Index,
    int? Line,
    int Status,
    string? Outcome = null,
    string? Id = null,
    string? Location = null,
    string? Title = null,
    string? Detail = null,
    IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Unchanged = "unchanged";

    public static BatchItemResult Stored(BatchItem item, SaveOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(outcome);
        var id = outcome.Stored.Article.Id;
        return outcome.Status switch
        {
            SaveStatus.Created => new(item.Index, item.Line, StatusCodes.Status201Created, Created, id, Routes.ArticlePath(id)),
            SaveStatus.Updated => new(item.Index, item.Line, StatusCodes.Status200OK, Updated, id, Routes.ArticlePath(id)),
            _ => new(item.Index, item.Line, StatusCodes.Status200OK, Unchanged, id, Routes.ArticlePath(id)),
        };
    }

    public static BatchItemResult Invalid(BatchItem item, ArticleValidationException error)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(error);
        return new(item.Index, item.Line, StatusCodes.Status400BadRequest, Id: item.GivenId,
            Title: "The article is not valid.", Detail: error.Message, Errors: error.Errors.Count > 0 ? error.Errors : null);
    }

    public static BatchItemResult NotStored(BatchItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new(item.Index, item.Line, StatusCodes.Status503ServiceUnavailable, Id: item.GivenId,
            Title: "Not stored; retry.", Detail: "Storage did not answer before this item was stored; send it again as it is.");
    }
}

/// <summary>
/// The answer to a batch: one result per item, in the order sent, and how many of each. <see cref="Failed"/>
/// counts the invalid items (fix them before sending again), <see cref="Retry"/> those storage never took
/// (send them again as they are).
/// </summary>
public sealed record BatchReport(IReadOnlyList<BatchItemResult> Results, int Created, int Updated, int Unchanged, int Failed, int Retry)
{
    /// <summary>Items whose article is now in storage, whether written by this batch or already there.</summary>
    [JsonIgnore]
    public int Stored => Created + Updated + Unchanged;

    public static BatchReport Of(IReadOnlyList<BatchItemResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return new BatchReport(
            results,
            Created: results.Count(r => r.Outcome == BatchItemResult.Created),
            Updated: results.Count(r => r.Outcome == BatchItemResult.Updated),
            Unchanged: results.Count(r => r.Outcome == BatchItemResult.Unchanged),
            Failed: results.Count(r => r.Status == StatusCodes.Status400BadRequest),
            Retry: results.Count(r => r.Status == StatusCodes.Status503ServiceUnavailable));
    }
}
