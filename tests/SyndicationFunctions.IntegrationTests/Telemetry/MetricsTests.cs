using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using SyndicationFunctions.IntegrationTests.Infrastructure;
using SyndicationFunctions.Telemetry;

namespace SyndicationFunctions.IntegrationTests.Telemetry;

/// <summary>The app's instruments, as an exporter sees them, move with what the app does over real HTTP.</summary>
public sealed class MetricsTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Instruments_IngestFeedsAndRejections_AreCounted()
    {
        var totals = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SyndicationMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            totals.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
            foreach (var tag in tags)
            {
                totals.AddOrUpdate($"{instrument.Name}|{tag.Key}={tag.Value}", value, (_, sum) => sum + value);
            }
        });
        listener.Start();

        var id = TestArticles.Unique("metrics");
        string Json(string text) => $$"""{"id":"{{id}}","title":"Counted","contentText":"{{text}}","published":"2025-06-01T08:00:00Z","section":"World"}""";
        Assert.Equal(HttpStatusCode.Created, (await app.SendAsync(HttpMethod.Post, "/api/articles", Json("One."))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(HttpMethod.Post, "/api/articles", Json("Two."))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await app.SendAsync(HttpMethod.Delete, "/api/articles/" + id)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.SendAsync(HttpMethod.Post, "/api/articles", """{"title":"No body"}""")).StatusCode);

        using var first = await app.Client.GetAsync("/api/feeds/atom");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/feeds/atom");
        again.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, (await app.Client.SendAsync(again)).StatusCode);

        listener.RecordObservableInstruments();
        long Total(string key) => totals.GetValueOrDefault(key);
        Assert.True(Total("syndication.articles.created|source=http") >= 1);
        Assert.True(Total("syndication.articles.updated") >= 1);
        Assert.True(Total("syndication.articles.withdrawn") >= 1);
        Assert.True(Total("syndication.articles.rejected|reason=invalid") >= 1);
        Assert.True(Total("syndication.feeds.requests|format=atom") >= 2);
        Assert.True(Total("syndication.feeds.not_modified|format=atom") >= 1);
        Assert.True(Total("syndication.feeds.bytes|format=atom") >= first.Content.Headers.ContentLength.GetValueOrDefault(1));
        Assert.True(Total("syndication.storage.calls|service=table") >= 4);
    }
}
