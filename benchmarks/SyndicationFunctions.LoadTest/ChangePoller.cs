using System.Diagnostics;
using System.Text.Json;

namespace SyndicationFunctions.LoadTest;

/// <summary>
/// A partner mirroring the archive: follows <c>GET /api/changes</c> from the start, page after page by its <c>next</c>
/// cursor, and counts how often each article id came. It stops once the writes are over (<c>written</c> completes)
/// and a page came back empty with every written id seen, or when <c>budget</c> runs out.
/// </summary>
public static class ChangePoller
{
    public const int PageSize = 100;

    /// <param name="Seen">How many changes named each id.</param>
    /// <param name="Ordered">Whether every change's sequence number was above the one before.</param>
    /// <param name="CaughtUpAfterWrites">From the end of the writes until every written id was seen (or the poller gave up).</param>
    /// <param name="Failed">Pages that did not answer 200, by status (0: no answer); each was asked again.</param>
    public sealed record Result(IReadOnlyDictionary<string, int> Seen, int Received, bool Ordered, int Pages, IReadOnlyDictionary<int, int> Failed, TimeSpan CaughtUpAfterWrites)
    {
        public int FailedPages => Failed.Values.Sum();

        public int Distinct => Seen.Count;

        public int Duplicates => Received - Seen.Count;
    }

    public static async Task<Result> FollowAsync(HttpClient client, Task<IReadOnlyCollection<string>> written, TimeSpan budget)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(written);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        string? cursor = null;
        long last = long.MinValue;
        var failed = new Dictionary<int, int>();
        int received = 0, pages = 0;
        var ordered = true;
        var clock = Stopwatch.StartNew();
        TimeSpan? writesEnded = null;
        while (clock.Elapsed < budget)
        {
            var path = $"/api/changes?limit={PageSize}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            int count;
            try
            {
                using var response = await client.GetAsync(new Uri(path, UriKind.Relative)).ConfigureAwait(false);
                pages++;
                if (!response.IsSuccessStatusCode)
                {
                    failed[(int)response.StatusCode] = failed.GetValueOrDefault((int)response.StatusCode) + 1;
                    await Task.Delay(200).ConfigureAwait(false);
                    continue;
                }

                using var page = JsonDocument.Parse(await response.Content.ReadAsStreamAsync().ConfigureAwait(false));
                var changes = page.RootElement.GetProperty("changes");
                count = changes.GetArrayLength();
                foreach (var change in changes.EnumerateArray())
                {
                    var sequence = change.GetProperty("sequence").GetInt64();
                    ordered &= sequence > last;
                    last = sequence;
                    var id = change.GetProperty("id").GetString()!;
                    seen[id] = seen.GetValueOrDefault(id) + 1;
                    received++;
                }

                cursor = page.RootElement.GetProperty("next").GetString();
            }
            catch (HttpRequestException)
            {
                failed[0] = failed.GetValueOrDefault(0) + 1;
                await Task.Delay(200).ConfigureAwait(false);
                continue;
            }

            if (written.IsCompleted)
            {
                writesEnded ??= clock.Elapsed;
                if (count == 0 && written.Result.All(seen.ContainsKey))
                {
                    break;
                }
            }

            if (count < PageSize)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }

        return new Result(seen, received, ordered, pages, failed, clock.Elapsed - (writesEnded ?? clock.Elapsed));
    }
}
