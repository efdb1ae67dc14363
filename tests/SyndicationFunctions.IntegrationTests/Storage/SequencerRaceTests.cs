using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using SyndicationFunctions.IntegrationTests.Infrastructure;
using SyndicationFunctions.Storage;
using SyndicationFunctions.Testing;

namespace SyndicationFunctions.IntegrationTests.Storage;

/// <summary>
/// Sequencer rounds of several instances interleaved on cue: each instance's requests pass a gate the test opens, so
/// an interleaving that a load test meets once in many runs happens every time. Its own Azurite; each test reads the
/// change feed from where it stood when the test began.
/// </summary>
public sealed class SequencerRaceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Published = new(2025, 5, 13, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RoundScanningBeforeAnotherCommits_NeverLetsThatRoundsChangeBeNumberedAgain()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        var reader = await StoreAsync(null, TimeProvider.System);
        var start = (await reader.ReadChangesAsync(null, 1000, ct)).Next;
        var articlesBefore = (await reader.GetStatsAsync(1, ct)).TotalArticles;

        // An instance whose rounds stall before they scan: its 64 changes wait in the shards, unnumbered. Its clock
        // runs an hour ahead, so a change written later on another instance is ordered before them.
        var stalledGate = new RequestGate();
        var stalledScans = stalledGate.Hold(IsPendingScan);
        var stalled = await StoreAsync(stalledGate, new ShiftedClock(TimeSpan.FromHours(1)));
        var stalledWrites = Enumerable.Range(0, 64)
            .Select(i => stalled.SaveAsync(TestArticles.Create($"waiting-{i:D2}", "race", Published), ct))
            .ToList();
        await WaitUntilAsync(async () => await CountPendingAsync(ct) == 64, ct);

        // Instance B starts a round (a change-feed read); its read of the state is held.
        var bGate = new RequestGate();
        var bState = bGate.Hold(IsStateRead);
        var bScans = bGate.Watch(IsPendingScan);
        var b = await StoreAsync(bGate, TimeProvider.System);
        var bRead = b.ReadChangesAsync(null, 1000, ct);
        await bState.Arrived.WaitAsync(ct);
        await Task.WhenAny(bScans.CompletedAsync(ArticleKeys.Shards.Count(), ct), Task.Delay(TimeSpan.FromSeconds(1), ct));

        // Instance A writes one more change and numbers it, with 63 of the waiting ones, in a round that commits;
        // deleting the pending rows it numbered is held.
        var aGate = new RequestGate();
        var aDeletes = aGate.Hold(IsPendingDelete);
        var a = await StoreAsync(aGate, TimeProvider.System);
        var aWrite = a.SaveAsync(TestArticles.Create("written-last", "race", Published), ct);
        await aDeletes.Arrived.WaitAsync(ct);

        // B's round goes on, now reading the state A committed, and numbers the one change still waiting.
        bState.Open();
        await bRead;

        // A third instance's round, while A's deletes are still held.
        await reader.ReadChangesAsync(null, 1000, ct);

        aDeletes.Open();
        stalledScans.Open();
        await aWrite;
        await Task.WhenAll(stalledWrites);

        var changes = (await reader.ReadChangesAsync(start, 1000, ct)).Changes;
        Assert.Equal(65, changes.Count);
        Assert.Equal(Enumerable.Range(1, 65).Select(i => start + i), changes.Select(c => c.Sequence));
        Assert.Equal(65, changes.Select(c => c.Id).Distinct().Count());
        Assert.Equal("written-last", changes[0].Id);
        Assert.All(changes, c => Assert.Equal(ChangeKinds.Published, c.Kind));
        Assert.Equal(0, await CountPendingAsync(ct));
        Assert.Equal(articlesBefore + 65, (await reader.GetStatsAsync(1, ct)).TotalArticles);
    }

    [Fact]
    public async Task WriterWhoseChangeAnotherInstanceNumbered_AnswersWithoutScanning()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;

        // Instance A: once its write's transaction has gone, the state read of its round is held.
        var aGate = new RequestGate();
        var aBatches = aGate.Watch(IsBatch);
        var aScans = aGate.Watch(IsPendingScan);
        var aState = aGate.Hold(m => aBatches.CompletedCount > 0 && IsStateRead(m));
        var a = await StoreAsync(aGate, TimeProvider.System);
        var aWrite = a.SaveAsync(TestArticles.Create("numbered-elsewhere", "race", Published), ct);
        await aState.Arrived.WaitAsync(ct);

        // Instance B writes too, and its round numbers both changes.
        var b = await StoreAsync(null, TimeProvider.System);
        await b.SaveAsync(TestArticles.Create("numbered-here", "race", Published), ct);

        // A's round reads the state B committed, finds its change in the last batch, and answers without scanning.
        aState.Open();
        await aWrite;
        Assert.Equal(0, aScans.CompletedCount);

        var changes = (await b.ReadChangesAsync(null, 1000, ct)).Changes;
        Assert.Equal(changes.Count, changes.Select(c => c.Sequence).Distinct().Count());
        Assert.Single(changes, c => c.Id == "numbered-elsewhere");
        Assert.Single(changes, c => c.Id == "numbered-here");
    }

    private static bool IsBatch(HttpMessage message)
        => message.Request.Method == RequestMethod.Post && message.Request.Uri.ToUri().AbsolutePath.EndsWith("$batch", StringComparison.Ordinal);

    private static bool IsPendingScan(HttpMessage message)
        => message.Request.Method == RequestMethod.Get && Uri.UnescapeDataString(message.Request.Uri.ToUri().Query).Contains(ArticleKeys.Pending, StringComparison.Ordinal);

    private static bool IsStateRead(HttpMessage message)
        => message.Request.Method == RequestMethod.Get
            && Uri.UnescapeDataString(message.Request.Uri.ToUri().AbsolutePath).Contains($"PartitionKey='{ArticleKeys.ChangesPartition}',RowKey='{ArticleKeys.StateRow}'", StringComparison.Ordinal);

    private static bool IsPendingDelete(HttpMessage message)
    {
        if (!IsBatch(message) || message.Request.Content is null)
        {
            return false;
        }

        using var body = new MemoryStream();
        message.Request.Content.WriteTo(body, CancellationToken.None);
        var text = Uri.UnescapeDataString(Encoding.UTF8.GetString(body.ToArray()));
        return text.Contains("DELETE ", StringComparison.Ordinal) && text.Contains("RowKey='" + ArticleKeys.Pending, StringComparison.Ordinal);
    }

    /// <summary>A store as one instance of the app builds it, its table requests passing <paramref name="gate"/>.</summary>
    private async Task<TableArticleStore> StoreAsync(RequestGate? gate, TimeProvider time)
    {
        var tableOptions = new TableClientOptions(StorageClients.TableServiceVersion);
        if (gate is not null)
        {
            tableOptions.AddPolicy(gate, HttpPipelinePosition.PerCall);
        }

        var clients = new StorageClients(
            new TableServiceClient(azurite.ConnectionString, tableOptions),
            new BlobServiceClient(azurite.ConnectionString, StorageClients.NewBlobOptions()));
        await StorageServices.EnsureCreatedAsync(clients, CancellationToken.None);
        return TableArticleStoreTests.NewStore(clients, time);
    }

    private async Task<int> CountPendingAsync(CancellationToken cancellationToken)
    {
        var table = new TableClient(azurite.ConnectionString, StorageNames.ArticlesTable, new TableClientOptions(StorageClients.TableServiceVersion));
        var filter = TableClient.CreateQueryFilter($"RowKey ge {ArticleKeys.Pending} and RowKey lt {ArticleKeys.End(ArticleKeys.Pending)}");
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            count++;
        }

        return count;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        while (!await condition())
        {
            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>The system clock, moved by an offset.</summary>
    private sealed class ShiftedClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }

    /// <summary>A pipeline policy that holds the requests a rule matches until the test opens the rule, and counts them.</summary>
    private sealed class RequestGate : HttpPipelinePolicy
    {
        private readonly List<Rule> _rules = [];

        /// <summary>Matching requests wait until <see cref="Rule.Open"/>.</summary>
        public Rule Hold(Func<HttpMessage, bool> matches) => Add(new Rule(matches, held: true));

        /// <summary>Matching requests pass; the rule counts them.</summary>
        public Rule Watch(Func<HttpMessage, bool> matches) => Add(new Rule(matches, held: false));

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var rule = _rules.FirstOrDefault(r => r.Matches(message));
            if (rule is not null)
            {
                rule.Arrive();
                await rule.Opened.ConfigureAwait(false);
            }

            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            rule?.Complete();
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
            => ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        private Rule Add(Rule rule)
        {
            _rules.Add(rule);
            return rule;
        }
    }

    private sealed class Rule(Func<HttpMessage, bool> matches, bool held)
    {
        private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _open = NewOpen(held);
        private int _completed;

        public Func<HttpMessage, bool> Matches { get; } = matches;

        /// <summary>Completes when the first matching request arrives.</summary>
        public Task Arrived => _arrived.Task;

        public Task Opened => _open.Task;

        public void Open() => _open.TrySetResult();

        public void Arrive() => _arrived.TrySetResult();

        public void Complete() => Interlocked.Increment(ref _completed);

        /// <summary>How many matching requests have had their answers.</summary>
        public int CompletedCount => Volatile.Read(ref _completed);

        /// <summary>Completes when <paramref name="count"/> matching requests have had their answers.</summary>
        public async Task CompletedAsync(int count, CancellationToken cancellationToken)
        {
            while (Volatile.Read(ref _completed) < count)
            {
                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }
        }

        private static TaskCompletionSource NewOpen(bool held)
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!held)
            {
                open.SetResult();
            }

            return open;
        }
    }
}
