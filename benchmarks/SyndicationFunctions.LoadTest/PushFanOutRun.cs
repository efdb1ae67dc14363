using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using SyndicationFunctions.Push;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.LoadTest;

/// <summary>
/// One change fanned out to N WebSub subscribers on this machine: time from the write's response to the last
/// delivery, deliveries per second against the same subscriber server taking the same POSTs straight from one
/// client (the baseline), and the table and blob calls of a write with no subscriber and with N (the same).
/// </summary>
public static class PushFanOutRun
{
    public static async Task<int> RunAsync(int subscribers, TextWriter output, TextWriter progress)
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        await using var app = await MeasuredApp.StartAsync(azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["Syndication:AllowPrivateNetworkCallbacks"] = "true",
        });
        await using var receiver = await Receiver.StartAsync();
        using var tableCalls = new StorageCallCounter(port => port == azurite.BlobPort || port == azurite.TablePort);
        using var client = new HttpClient { BaseAddress = app.Host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        progress.WriteLine($"app on {app.Host.BaseAddress}, subscribers at {receiver.BaseAddress}");

        // Warm the write path and create the section, then count a write's table and blob calls with nobody subscribed.
        await WriteAsync(client, "warm-0", "Warm");
        await WaitQuietAsync();
        var alone = await CountWriteAsync(app, tableCalls, client, "count-0", "Count with none");

        // The subscriptions are stored directly (the hub's verification is not what is measured, and its rate limits would slow the setup).
        var store = app.Host.Services.GetRequiredService<SubscriptionStore>();
        var topic = new Uri(app.Host.BaseAddress, "/api/feeds/bench/atom").AbsoluteUri;
        await Parallel.ForEachAsync(Enumerable.Range(0, subscribers), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token)
            => await store.ActivateAsync(FeedTopic.KeyOf("bench", "atom"), topic, new Uri(receiver.BaseAddress, $"/cb?n={i}"), secret: "bench-secret", 3600, token));
        progress.WriteLine($"{subscribers} subscriptions stored");
        await WaitQuietAsync();

        var withMany = await CountWriteAsync(app, tableCalls, client, "count-1", "Count with many");
        await receiver.WaitForAsync("Count with many", subscribers, TimeSpan.FromMinutes(5));
        await WaitQuietAsync();

        // The measured change.
        var start = Stopwatch.GetTimestamp();
        await WriteAsync(client, "measured", "Measured change");
        var responded = Stopwatch.GetTimestamp();
        var written = Stopwatch.GetElapsedTime(start, responded);
        var last = await receiver.WaitForAsync("Measured change", subscribers, TimeSpan.FromMinutes(5));
        var fanOut = Stopwatch.GetElapsedTime(responded, last);

        // Baseline: the same number of POSTs of the same body, sent straight to the same server, 16 at a time.
        var body = receiver.LastBody;
        var baseline = Stopwatch.StartNew();
        using var direct = new HttpClient();
        await Parallel.ForEachAsync(Enumerable.Range(0, subscribers), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token) =>
        {
            using var content = new ByteArrayContent(body);
            using var response = await direct.PostAsync(new Uri(receiver.BaseAddress, $"/baseline?n={i}"), content, token);
        });
        var baselineRate = subscribers / baseline.Elapsed.TotalSeconds;

        // Storage-bound baseline: the queue round trip every delivery makes (send, receive, delete), 16 at a time.
        var queue = new Azure.Storage.Queues.QueueClient(azurite.ConnectionString, "bench-baseline", PushQueues.NewOptions());
        await queue.CreateIfNotExistsAsync();
        var queueClock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, subscribers), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token) =>
        {
            await queue.SendMessageAsync("{}", token);
            foreach (var message in (await queue.ReceiveMessagesAsync(1, cancellationToken: token)).Value)
            {
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, token);
            }
        });
        var queueRate = subscribers / queueClock.Elapsed.TotalSeconds;
        var rate = subscribers / fanOut.TotalSeconds;

        output.WriteLine($"Push fan-out, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {subscribers} subscribers of one Atom feed");
        output.WriteLine();
        output.WriteLine("| measure | value |");
        output.WriteLine("| --- | --- |");
        output.WriteLine($"| write response (POST /api/articles) | {written.TotalMilliseconds:F0} ms |");
        output.WriteLine($"| write response to last delivery | {fanOut.TotalSeconds:F2} s |");
        output.WriteLine($"| deliveries per second (signed, rendered Atom) | {rate:F0} |");
        output.WriteLine($"| baseline: the same POSTs straight to the same server, 16 in flight | {baselineRate:F0} /s |");
        output.WriteLine($"| ratio fan-out / direct POSTs | {rate / baselineRate:F3} |");
        output.WriteLine($"| baseline: queue round trips (send, receive, delete) on the same Azurite, 16 in flight | {queueRate:F0} /s |");
        output.WriteLine($"| ratio fan-out / queue round trips | {rate / queueRate:F2} |");
        output.WriteLine($"| table and blob calls of one write, no subscriber | {alone} |");
        output.WriteLine($"| table and blob calls of one write, {subscribers} subscribers | {withMany} |");
        output.WriteLine($"| queue messages one write sends | 1 (PublishingArticleStore) |");
        output.WriteLine($"| deliveries of the measured change (duplicates) | {receiver.Count("Measured change")} ({receiver.Count("Measured change") - subscribers}) |");
        return 0;

        static Task WaitQuietAsync() => Task.Delay(TimeSpan.FromSeconds(3));
    }

    /// <summary>
    /// The table and blob calls of one write. The counter sees the whole process, so the queue triggers are paused
    /// meanwhile: otherwise the write's own fan-out, starting at once, would be counted as the write's.
    /// </summary>
    private static async Task<long> CountWriteAsync(MeasuredApp app, StorageCallCounter counter, HttpClient client, string id, string title)
    {
        var listeners = app.Host.Services.GetServices<IHostedService>().OfType<SyndicationFunctions.LocalHost.Queues.QueueListener>().ToList();
        foreach (var listener in listeners)
        {
            await listener.StopAsync(CancellationToken.None);
        }

        var calls = await counter.CountAsync(() => WriteAsync(client, id, title));
        foreach (var listener in listeners)
        {
            await listener.StartAsync(CancellationToken.None);
        }

        return calls;
    }

    private static async Task WriteAsync(HttpClient client, string id, string title)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/articles")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { id, title, section = "bench", contentText = "Fan-out text.", published = DateTimeOffset.UtcNow.AddMinutes(-1) }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-functions-key", MeasuredApp.FunctionKey);
        using var response = await client.SendAsync(request);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
        {
            throw new InvalidOperationException($"POST {id}: {(int)response.StatusCode}");
        }
    }

    /// <summary>The subscribers' side: one Kestrel server on 127.0.0.1 taking every callback, counting deliveries per title.</summary>
    private sealed class Receiver(WebApplication app, Uri baseAddress) : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<string, int> _counts = new();
        private readonly ConcurrentDictionary<string, long> _last = new();

        public Uri BaseAddress => baseAddress;

        public byte[] LastBody { get; private set; } = [];

        public int Count(string title) => _counts.GetValueOrDefault(title);

        public static async Task<Receiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            var app = builder.Build();
            Receiver? receiver = null;
            app.Run(async context =>
            {
                if (HttpMethods.IsGet(context.Request.Method))
                {
                    await context.Response.WriteAsync(context.Request.Query["hub.challenge"].ToString());
                    return;
                }

                using var buffer = new MemoryStream();
                await context.Request.Body.CopyToAsync(buffer);
                context.Response.StatusCode = 204;
                if (context.Request.Path == "/cb")
                {
                    receiver!.Record(buffer.ToArray());
                }
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            receiver = new Receiver(app, new Uri(address));
            return receiver;
        }

        /// <summary>Waits until <paramref name="count"/> deliveries carried <paramref name="title"/>; returns when the last came (a Stopwatch timestamp).</summary>
        public async Task<long> WaitForAsync(string title, int count, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (Count(title) < count)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"{Count(title)} of {count} deliveries of '{title}' arrived.");
                }

                await Task.Delay(20);
            }

            return _last[title];
        }

        private void Record(byte[] body)
        {
            var text = Encoding.UTF8.GetString(body);
            foreach (var title in new[] { "Count with many", "Measured change" })
            {
                if (text.Contains(title, StringComparison.Ordinal))
                {
                    _counts.AddOrUpdate(title, 1, (_, n) => n + 1);
                    _last[title] = Stopwatch.GetTimestamp();
                    LastBody = body;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
